/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dm.c: device-mapper devices, and which of them holds the root
 * filesystem: dm_devices (vigil's table).  It answers "is / verified by
 * dm-verity?" and "is this volume encrypted?".
 *
 * Columns, one row per /sys/block/dm-N, in order of N:
 *   name           dm/name, the name under /dev/mapper
 *   uuid           dm/uuid, set by the tool that made the device:
 *                  "CRYPT-VERITY-<hex>-<name>" (veritysetup,
 *                  systemd-veritysetup), "CRYPT-LUKS2-<uuid>-<name>"
 *                  (cryptsetup), "CRYPT-INTEGRITY-...", "LVM-...",
 *                  "mpath-..."; "" when none was set
 *   device         "/dev/" and the kernel name ("/dev/dm-0")
 *   target_type    the device's targets, comma-separated, in table order
 *                  ("verity", "crypt", "linear,striped").  On the live
 *                  host, as root, they come from the device-mapper
 *                  DM_TABLE_STATUS ioctl (read-only; the status form,
 *                  which never carries key material).  Otherwise (offline,
 *                  without privilege, or when the ioctl fails) they are
 *                  inferred from the uuid: "verity", "crypt" or
 *                  "integrity" for cryptsetup's prefixes, NULL for
 *                  anything else
 *   verity_status  for a verity target read through the ioctl: "verified"
 *                  when no corruption has been seen, "corrupted" once a
 *                  block failed verification; NULL otherwise
 *   read_only      1 when the block device is read-only (ro)
 *   suspended      dm/suspended: 1 when I/O to it is suspended
 *   slaves         the block devices beneath it, comma-separated
 *                  ("sda2", "dm-0,dm-1")
 *   is_root        1 when the root filesystem is mounted from this device:
 *                  the "/" mount of /proc/self/mountinfo has its
 *                  major:minor (dev) or its source is /dev/mapper/<name>
 *                  or /dev/<dm-N>; 0 otherwise; NULL when mountinfo
 *                  cannot be read or has no "/" mount
 *
 * Required constraints: none.  Privileges: none for the sysfs columns;
 * root (CAP_SYS_ADMIN) for the ioctl and so for an exact target_type and
 * verity_status.  A kernel without device-mapper has no dm-N and the
 * table is empty.
 *
 * Example:
 *   SELECT name, target_type, verity_status FROM dm_devices
 *     WHERE is_root = 1;
 *
 * How it works: the attributes are small sysfs files read through hostfs.
 * The ioctl goes to /dev/mapper/control, opened read-only and only when
 * the root is the live host, naming each device by its dev number; the
 * reply is walked by secparse_dm_status().
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/dm-ioctl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "sql/table.h"
#include "tables/mountinfo.h"
#include "tables/secparse.h"
#include "util/buf.h"
#include "util/hostfs.h"

enum {
	DM_NAME,
	DM_UUID,
	DM_DEVICE,
	DM_TARGET_TYPE,
	DM_VERITY_STATUS,
	DM_READ_ONLY,
	DM_SUSPENDED,
	DM_SLAVES,
	DM_IS_ROOT,
	DM_NCOLS
};

static const struct column dm_devices_cols[] = {
	{ "name", COL_TEXT, 0, "Device name, as under /dev/mapper." },
	{ "uuid", COL_TEXT, 0,
	  "Device-mapper uuid (CRYPT-VERITY-..., CRYPT-LUKS2-..., LVM-...)." },
	{ "device", COL_TEXT, 0, "Block device node (/dev/dm-0)." },
	{ "target_type", COL_TEXT, 0,
	  "Targets of the table, comma-separated (verity, crypt, integrity, "
	  "linear ...); inferred from the uuid offline." },
	{ "verity_status", COL_TEXT, 0,
	  "verified or corrupted for a verity target read live as root; "
	  "otherwise NULL." },
	{ "read_only", COL_INTEGER, 0, "1 when the device is read-only." },
	{ "suspended", COL_INTEGER, 0, "1 when the device is suspended." },
	{ "slaves", COL_TEXT, 0,
	  "Block devices beneath this one, comma-separated." },
	{ "is_root", COL_INTEGER, 0,
	  "1 when the root filesystem is mounted from this device." },
};

_Static_assert(TABLE_NCOLS(dm_devices_cols) == DM_NCOLS,
	       "dm_devices column enum and array disagree");

#define DM_MAX_DEVICES 4096
#define SLAVES_MAX 4096
#define DM_IOCTL_BUF (16u << 10)

/* The root mount, from mountinfo. */
struct root_mount {
	bool known;
	unsigned major, minor;
	char source[PATH_MAX];
};

static void find_root(struct root_mount *rm)
{
	struct buf b = BUF_INIT(HOSTFS_READ_MAX);
	char *line, *next, err[64];
	struct mountinfo mi;

	memset(rm, 0, sizeof(*rm));
	if (hostfs_read_file("/proc/self/mountinfo", HOSTFS_READ_MAX, 0, &b,
			     NULL) < 0 ||
	    !b.data)
		goto out;
	for (line = b.data; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (mountinfo_parse(line, &mi, err, sizeof(err)) < 0 ||
		    strcmp(mi.mount_point, "/") != 0)
			continue;
		/* The last "/" is the one on top, the one in use. */
		rm->known = true;
		rm->major = mi.major;
		rm->minor = mi.minor;
		snprintf(rm->source, sizeof(rm->source), "%s", mi.source);
	}
out:
	buf_release(&b);
}

/* Parses "MAJ:MIN" from the dev attribute; 0 or -1. */
static int parse_dev(const char *s, unsigned *major, unsigned *minor)
{
	char *end;
	unsigned long a, b;

	errno = 0;
	a = strtoul(s, &end, 10);
	if (end == s || *end != ':' || errno || a > UINT32_MAX)
		return -1;
	s = end + 1;
	b = strtoul(s, &end, 10);
	if (end == s || *end || errno || b > UINT32_MAX)
		return -1;
	*major = (unsigned)a;
	*minor = (unsigned)b;
	return 0;
}

/* Printable ASCII only: what sysfs gives, not what a fixture might. */
static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

static void set_flag(struct qctx *q, int col, const char *dev,
		     const char *attr)
{
	char path[PATH_MAX], v[16];

	snprintf(path, sizeof(path), "/sys/block/%s/%s", dev, attr);
	if (hostfs_read_small(path, v, sizeof(v)) == 1 &&
	    (v[0] == '0' || v[0] == '1'))
		qctx_set_int(q, col, v[0] - '0');
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sets the slaves column: the entries of slaves/, sorted. */
static void set_slaves(struct qctx *q, const char *dev)
{
	char path[PATH_MAX], *names[64], out[SLAVES_MAX];
	struct dirent *de;
	size_t n = 0, i, len = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/sys/block/%s/slaves", dev);
	d = hostfs_opendir(path, 0);
	if (!d)
		return;
	while ((de = readdir(d)) != NULL && n < 64) {
		if (de->d_name[0] == '.' || !printable(de->d_name))
			continue;
		names[n] = strdup(de->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		size_t nl = strlen(names[i]);

		if (len + nl + 2 <= sizeof(out)) {
			if (len > 0)
				out[len++] = ',';
			memcpy(out + len, names[i], nl + 1);
			len += nl;
		}
		free(names[i]);
	}
	qctx_set_text(q, DM_SLAVES, out);
}

/*
 * Asks the kernel for the status of device major:minor through the open
 * control descriptor.  Fills types and *verity; returns 0, or -1 when it
 * cannot tell.
 */
static int dm_ioctl_status(int fd, unsigned major, unsigned minor,
			   char *types, size_t tsize, char *verity)
{
	union {
		struct dm_ioctl io;
		unsigned char b[DM_IOCTL_BUF];
	} *u;
	char err[64];
	size_t n;
	int rc = -1;

	u = calloc(1, sizeof(*u));
	if (!u)
		return -1;
	u->io.version[0] = DM_VERSION_MAJOR;
	u->io.version[1] = 0;
	u->io.version[2] = 0;
	u->io.data_size = sizeof(*u);
	u->io.data_start = sizeof(struct dm_ioctl);
	u->io.dev = makedev(major, minor);
	/* No DM_STATUS_TABLE_FLAG: the status, not the table (no keys). */
	u->io.flags = 0;
	if (ioctl(fd, DM_TABLE_STATUS, u) < 0)
		goto out;
	if (u->io.flags & DM_BUFFER_FULL_FLAG)
		goto out;
	n = u->io.data_size < sizeof(*u) ? u->io.data_size : sizeof(*u);
	if (u->io.target_count == 0)
		goto out;
	rc = secparse_dm_status(u->b, n, u->io.target_count,
				u->io.data_start, types, tsize, verity, err,
				sizeof(err));
out:
	free(u);
	return rc;
}

static int emit_device(struct qctx *q, const char *dev, int ctl,
		       const struct root_mount *rm)
{
	char path[PATH_MAX], name[256], uuid[256], devno[64], types[256];
	unsigned major = 0, minor = 0;
	bool have_dev, is_root = false;
	const char *inferred;
	char verity = 0;

	snprintf(path, sizeof(path), "/sys/block/%s/dm/name", dev);
	if (hostfs_read_small(path, name, sizeof(name)) < 0)
		return 0; /* not (or no longer) a device-mapper device */
	if (!printable(name))
		name[0] = '\0';
	snprintf(path, sizeof(path), "/sys/block/%s/dm/uuid", dev);
	if (hostfs_read_small(path, uuid, sizeof(uuid)) < 0 ||
	    !printable(uuid))
		uuid[0] = '\0';
	snprintf(path, sizeof(path), "/sys/block/%s/dev", dev);
	have_dev = hostfs_read_small(path, devno, sizeof(devno)) > 0 &&
		   parse_dev(devno, &major, &minor) == 0;

	if (rm->known) {
		char mapper[PATH_MAX], node[PATH_MAX];

		snprintf(mapper, sizeof(mapper), "/dev/mapper/%s", name);
		snprintf(node, sizeof(node), "/dev/%s", dev);
		is_root = (have_dev && rm->major == major &&
			   rm->minor == minor) ||
			  (name[0] && strcmp(rm->source, mapper) == 0) ||
			  strcmp(rm->source, node) == 0;
	}

	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, DM_NAME, name);
	qctx_set_text(q, DM_UUID, uuid);
	snprintf(path, sizeof(path), "/dev/%s", dev);
	qctx_set_text(q, DM_DEVICE, path);
	if (ctl >= 0 && have_dev &&
	    dm_ioctl_status(ctl, major, minor, types, sizeof(types),
			    &verity) == 0 &&
	    types[0]) {
		qctx_set_text(q, DM_TARGET_TYPE, types);
		if (verity)
			qctx_set_text(q, DM_VERITY_STATUS,
				      verity == 'V' ? "verified" : "corrupted");
	} else {
		inferred = secparse_dm_uuid_target(uuid);
		qctx_set_text(q, DM_TARGET_TYPE, inferred);
	}
	set_flag(q, DM_READ_ONLY, dev, "ro");
	set_flag(q, DM_SUSPENDED, dev, "dm/suspended");
	set_slaves(q, dev);
	if (rm->known)
		qctx_set_int(q, DM_IS_ROOT, is_root);
	return 0;
}

/* "dm-" followed by a number. */
static bool dm_name(const char *s, long *num)
{
	char *end;

	if (strncmp(s, "dm-", 3) != 0 || s[3] < '0' || s[3] > '9')
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

static int dm_devices_generate(struct qctx *q)
{
	struct root_mount rm;
	struct dirent *de;
	long *nums = NULL, num;
	size_t n = 0, i;
	int ctl = -1, rc = 0;
	DIR *d;

	d = hostfs_opendir("/sys/block", 0);
	if (!d)
		return 0;
	nums = malloc(DM_MAX_DEVICES * sizeof(*nums));
	if (!nums) {
		closedir(d);
		return qctx_error(q, "dm_devices: out of memory");
	}
	while ((de = readdir(d)) != NULL && n < DM_MAX_DEVICES)
		if (dm_name(de->d_name, &num))
			nums[n++] = num;
	closedir(d);
	if (n == 0)
		goto out;
	qsort(nums, n, sizeof(nums[0]), cmp_long);
	if (qctx_used(q, DM_IS_ROOT))
		find_root(&rm);
	else
		memset(&rm, 0, sizeof(rm));
	if (hostfs_is_live() && (qctx_used(q, DM_TARGET_TYPE) ||
				 qctx_used(q, DM_VERITY_STATUS)))
		ctl = hostfs_open("/dev/mapper/control", O_RDONLY, 0);
	for (i = 0; i < n; i++) {
		char dev[32];

		snprintf(dev, sizeof(dev), "dm-%ld", nums[i]);
		if (emit_device(q, dev, ctl, &rm) < 0) {
			rc = -1;
			break;
		}
	}
out:
	if (ctl >= 0)
		close(ctl);
	free(nums);
	return rc;
}

static const struct table dm_devices_table = {
	.name = "dm_devices",
	.desc = "Device-mapper devices (verity, crypt, integrity, LVM ...) "
		"and which one holds the root filesystem.",
	.cols = dm_devices_cols,
	.ncols = DM_NCOLS,
	.generate = dm_devices_generate,
};

TABLE_REGISTER(dm_devices_table);
