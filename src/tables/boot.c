/* SPDX-License-Identifier: Apache-2.0 */
/*
 * boot.c: the roots of the boot chain's trust: secureboot (osquery's
 * table) and tpm_info (vigil's).
 *
 * secureboot, from the efivarfs files under /sys/firmware/efi/efivars of
 * the global variables (GUID 8be4df61-93ca-11d2-aa0d-00e098032b8c):
 *   secure_boot   SecureBoot: 1 when the firmware verified the boot
 *                 loader's signature, 0 when it did not
 *   setup_mode    SetupMode: 1 when no Platform Key is enrolled (anyone
 *                 can enrol keys: Secure Boot protects nothing), else 0
 *   Each is -1 when the variable holds a byte other than 0 or 1, and NULL
 *   when it is missing, unreadable or not 5 bytes long.
 *   A host booted without EFI (legacy BIOS, most virtual machines, this
 *   project's CI) has no /sys/firmware/efi: the table is then EMPTY, as
 *   osquery's is, so `SELECT 1 FROM secureboot WHERE secure_boot = 1`
 *   finds nothing.  An EFI host always gives exactly one row.
 *
 * tpm_info, one row per TPM chip in /sys/class/tpm (tpm0, tpm1 ...):
 *   present           1 for a chip; the one row of a host with none has 0
 *   device            its character device, "/dev/" and the chip's name
 *   version           "2.0" or "1.2": tpm_version_major (Linux 5.6 and
 *                     later), else "1.2" when the chip has the TPM 1.2
 *                     "caps" attribute and "2.0" when it has not (the
 *                     kernel exposes no other attribute for TPM 2.0)
 *   manufacturer      TPM 1.2: the TCG vendor code from caps ("IFX",
 *                     "STM", "NTC" ...), or the id in hex when it is not
 *                     text.  NULL for TPM 2.0: sysfs does not say, and
 *                     asking the chip means sending it commands
 *   firmware_version  TPM 1.2: caps' "Firmware version"; NULL for 2.0
 *   description       device/description, the platform's name for the
 *                     device (ACPI _STR, e.g. "TPM 2.0 Device"), or NULL
 *   driver            the kernel driver bound to it (tpm_tis, tpm_crb,
 *                     tpm_tis_spi ...), from the device/driver link
 *   enabled, active, owned   TPM 1.2 only: the attributes of the same
 *                     name (1 or 0); NULL for TPM 2.0, which has none
 *   A host with no chip has one row with present 0 and every other column
 *   NULL, so an audit can test `present = 1` and joins keep a row.  When
 *   the root has no /sys/class at all (an image with no sysfs), present
 *   is NULL: whether it has a TPM cannot be told.
 *
 * Required constraints: none.  Privileges: none (efivarfs and the TPM
 * attributes are world-readable).
 *
 * Example:
 *   SELECT s.secure_boot, s.setup_mode, t.present, t.version
 *     FROM tpm_info t LEFT JOIN secureboot s;
 *
 * How it works: each efivar is read whole (at most 64 bytes) through
 * hostfs and parsed by secparse_efivar_bool(); the TPM attributes are
 * small sysfs files read with hostfs_read_small(), caps is parsed by
 * secparse_tpm_caps().  Nothing is ever sent to the TPM.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sql/table.h"
#include "tables/secparse.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* ---------------------------------------------------------------- */
/* secureboot */

enum {
	SB_SECURE_BOOT,
	SB_SETUP_MODE,
	SB_NCOLS
};

static const struct column secureboot_cols[] = {
	{ "secure_boot", COL_INTEGER, 0,
	  "1 when Secure Boot verified this boot, 0 when not, -1 for an "
	  "unexpected value, NULL when the variable cannot be read." },
	{ "setup_mode", COL_INTEGER, 0,
	  "1 when the firmware is in Setup Mode (no Platform Key enrolled), "
	  "0 when not, -1 for an unexpected value, NULL when unreadable." },
};

_Static_assert(TABLE_NCOLS(secureboot_cols) == SB_NCOLS,
	       "secureboot column enum and array disagree");

#define EFIVARS "/sys/firmware/efi/efivars"
#define EFI_GLOBAL_GUID "8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define EFIVAR_MAX 64

/* Sets column col from the boolean variable name, or leaves it NULL. */
static void set_efivar(struct qctx *q, int col, const char *name)
{
	struct buf b = BUF_INIT(EFIVAR_MAX);
	char path[PATH_MAX], err[64];
	bool truncated = false;
	uint32_t attrs;
	int value;

	snprintf(path, sizeof(path), EFIVARS "/%s-" EFI_GLOBAL_GUID, name);
	if (hostfs_read_file(path, EFIVAR_MAX, 0, &b, &truncated) == 0 &&
	    !truncated &&
	    secparse_efivar_bool(b.data, b.len, &attrs, &value, err,
				 sizeof(err)) == 0)
		qctx_set_int(q, col, value);
	buf_release(&b);
}

static int secureboot_generate(struct qctx *q)
{
	struct stat st;

	/* No EFI firmware interface: a BIOS boot, no Secure Boot, no row. */
	if (hostfs_stat("/sys/firmware/efi", &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	set_efivar(q, SB_SECURE_BOOT, "SecureBoot");
	set_efivar(q, SB_SETUP_MODE, "SetupMode");
	return 0;
}

static const struct table secureboot_table = {
	.name = "secureboot",
	.desc = "Secure Boot UEFI settings (no rows on a host booted without EFI).",
	.cols = secureboot_cols,
	.ncols = SB_NCOLS,
	.generate = secureboot_generate,
};

TABLE_REGISTER(secureboot_table);

/* ---------------------------------------------------------------- */
/* tpm_info */

enum {
	TPM_PRESENT,
	TPM_DEVICE,
	TPM_VERSION,
	TPM_MANUFACTURER,
	TPM_FIRMWARE_VERSION,
	TPM_DESCRIPTION,
	TPM_DRIVER,
	TPM_ENABLED,
	TPM_ACTIVE,
	TPM_OWNED,
	TPM_NCOLS
};

static const struct column tpm_info_cols[] = {
	{ "present", COL_INTEGER, 0,
	  "1 for a TPM chip; 0 on the one row of a host without one; NULL "
	  "when the root has no sysfs to tell." },
	{ "device", COL_TEXT, 0, "Character device of the chip (/dev/tpm0)." },
	{ "version", COL_TEXT, 0, "TPM specification version: 2.0 or 1.2." },
	{ "manufacturer", COL_TEXT, 0,
	  "TCG vendor code of the maker (TPM 1.2 only; NULL for 2.0)." },
	{ "firmware_version", COL_TEXT, 0,
	  "Firmware version of the chip (TPM 1.2 only; NULL for 2.0)." },
	{ "description", COL_TEXT, 0,
	  "The platform's description of the device (ACPI _STR), if any." },
	{ "driver", COL_TEXT, 0,
	  "Kernel driver bound to the chip (tpm_tis, tpm_crb ...)." },
	{ "enabled", COL_INTEGER, 0,
	  "TPM 1.2: 1 when the chip is enabled; NULL for 2.0." },
	{ "active", COL_INTEGER, 0,
	  "TPM 1.2: 1 when the chip is active; NULL for 2.0." },
	{ "owned", COL_INTEGER, 0,
	  "TPM 1.2: 1 when ownership has been taken; NULL for 2.0." },
};

_Static_assert(TABLE_NCOLS(tpm_info_cols) == TPM_NCOLS,
	       "tpm_info column enum and array disagree");

#define TPM_CLASS "/sys/class/tpm"
#define TPM_MAX_CHIPS 64
#define TPM_CAPS_MAX 4096

/* Reads chip attribute name, from the chip or its parent device (older
 * kernels put TPM 1.2 attributes there).  Returns the length or -1. */
static long read_attr(const char *chip, const char *name, char *dst,
		      size_t size)
{
	char path[PATH_MAX];
	long n;

	snprintf(path, sizeof(path), TPM_CLASS "/%s/%s", chip, name);
	n = hostfs_read_small(path, dst, size);
	if (n >= 0)
		return n;
	snprintf(path, sizeof(path), TPM_CLASS "/%s/device/%s", chip, name);
	return hostfs_read_small(path, dst, size);
}

/* Sets a 0/1 attribute column, NULL unless the file says "0" or "1". */
static void set_flag(struct qctx *q, int col, const char *chip,
		     const char *name)
{
	char v[16];

	if (read_attr(chip, name, v, sizeof(v)) == 1 &&
	    (v[0] == '0' || v[0] == '1'))
		qctx_set_int(q, col, v[0] - '0');
}

/* Sets text from a file, printable ASCII only, or leaves it NULL. */
static void set_text_file(struct qctx *q, int col, const char *path)
{
	char v[256];
	long n = hostfs_read_small(path, v, sizeof(v));
	long i;

	if (n <= 0)
		return;
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e)
			return;
	qctx_set_text(q, col, v);
}

static int emit_chip(struct qctx *q, const char *chip)
{
	char path[PATH_MAX], v[TPM_CAPS_MAX], link[PATH_MAX], err[64];
	char vendor[32], tcg[32], fw[32];
	const char *version = NULL, *slash;
	long n;
	bool tpm12;

	n = read_attr(chip, "caps", v, sizeof(v));
	tpm12 = n >= 0;
	if (read_attr(chip, "tpm_version_major", link, sizeof(link)) >= 0) {
		if (strcmp(link, "2") == 0)
			version = "2.0";
		else if (strcmp(link, "1") == 0)
			version = "1.2";
	} else {
		version = tpm12 ? "1.2" : "2.0";
	}
	if (version && strcmp(version, "2.0") == 0)
		tpm12 = false;

	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, TPM_PRESENT, 1);
	snprintf(path, sizeof(path), "/dev/%s", chip);
	qctx_set_text(q, TPM_DEVICE, path);
	qctx_set_text(q, TPM_VERSION, version);
	if (tpm12 && secparse_tpm_caps(v, (size_t)n, vendor, tcg, fw,
				       sizeof(vendor), err, sizeof(err)) == 0) {
		qctx_set_text(q, TPM_MANUFACTURER, vendor);
		if (fw[0])
			qctx_set_text(q, TPM_FIRMWARE_VERSION, fw);
	}
	snprintf(path, sizeof(path), TPM_CLASS "/%s/device/description", chip);
	set_text_file(q, TPM_DESCRIPTION, path);
	snprintf(path, sizeof(path), TPM_CLASS "/%s/device/driver", chip);
	if (hostfs_readlink(path, link, sizeof(link)) > 0) {
		slash = strrchr(link, '/');
		qctx_set_text(q, TPM_DRIVER, slash ? slash + 1 : link);
	}
	if (tpm12) {
		set_flag(q, TPM_ENABLED, chip, "enabled");
		set_flag(q, TPM_ACTIVE, chip, "active");
		set_flag(q, TPM_OWNED, chip, "owned");
	}
	return 0;
}

/* "tpm" followed by a number, as the kernel names chips. */
static bool chip_name(const char *s, long *num)
{
	char *end;

	if (strncmp(s, "tpm", 3) != 0 || s[3] < '0' || s[3] > '9')
		return false;
	errno = 0;
	*num = strtol(s + 3, &end, 10);
	return *end == '\0' && errno == 0 && *num >= 0;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static int tpm_info_generate(struct qctx *q)
{
	long chips[TPM_MAX_CHIPS], num;
	struct dirent *de;
	struct stat st;
	size_t n = 0, i;
	DIR *d;

	d = hostfs_opendir(TPM_CLASS, 0);
	if (d) {
		while ((de = readdir(d)) != NULL && n < TPM_MAX_CHIPS)
			if (chip_name(de->d_name, &num))
				chips[n++] = num;
		closedir(d);
	}
	if (n == 0) {
		if (qctx_row(q) < 0)
			return -1;
		/* No class directory: no chip, unless there is no sysfs. */
		if (hostfs_stat("/sys/class", &st) == 0 && S_ISDIR(st.st_mode))
			qctx_set_int(q, TPM_PRESENT, 0);
		return 0;
	}
	qsort(chips, n, sizeof(chips[0]), cmp_long);
	for (i = 0; i < n; i++) {
		char chip[32];

		snprintf(chip, sizeof(chip), "tpm%ld", chips[i]);
		if (emit_chip(q, chip) < 0)
			return -1;
	}
	return 0;
}

static const struct table tpm_info_table = {
	.name = "tpm_info",
	.desc = "Trusted Platform Module chips (one row with present = 0 when there is none).",
	.cols = tpm_info_cols,
	.ncols = TPM_NCOLS,
	.generate = tpm_info_generate,
};

TABLE_REGISTER(tpm_info_table);
