/* SPDX-License-Identifier: Apache-2.0 */
/*
 * secparse: pure parsers behind the security posture tables (boot.c,
 * kernelsec.c, ima.c, dm.c, procsec.c, filecaps.c).
 *
 * Every function here reads bytes vigil did not write: EFI variables,
 * kernel configuration files, the kernel command line, IMA's policy and
 * measurement list, /proc/PID/status, sysfs attributes, a file's
 * security.capability attribute, the device-mapper ioctl's reply.  A
 * fixture or a mounted image can hold anything in those files, so each
 * parser bounds what it reads, refuses what it cannot make sense of, and
 * never prints: errors go into the caller's err[] (cut to errsize, always
 * NUL-terminated when errsize > 0).  None does I/O; secparse_gunzip
 * allocates through a bounded buffer, the others allocate nothing.
 *
 * Parsers that take a `char *line` work in place: they write NULs into
 * the line and the fields they return point into it.
 */
#ifndef VIGIL_SECPARSE_H
#define VIGIL_SECPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* ---------------------------------------------------------------- */
/* EFI variables (efivarfs) */

/*
 * An efivarfs file is the variable's 4-byte attribute word (host byte
 * order, as the kernel writes it) followed by its data.  Parses a boolean
 * (UINT8) variable such as SecureBoot or SetupMode: exactly 5 bytes.
 * *value gets 0 or 1, or -1 for any other byte (as osquery shows it).
 * Returns 0, or -1 with "truncated variable" (fewer than 5 bytes) or
 * "bad variable size" (more) in err.
 */
int secparse_efivar_bool(const void *data, size_t n, uint32_t *attrs,
			 int *value, char *err, size_t errsize);

/* ---------------------------------------------------------------- */
/* Kernel configuration (.config, /proc/config.gz) */

/*
 * Inflates a gzip stream (one member) into out, which must be empty; out's
 * own cap bounds the result.  Bytes after the end of the member are
 * ignored.  Returns 0, or -1 with the reason in err ("not gzip data",
 * "corrupt gzip data", "truncated gzip data", "inflated data too large",
 * "out of memory"); out is then emptied.
 */
int secparse_gunzip(const void *in, size_t n, struct buf *out, char *err,
		    size_t errsize);

/*
 * One line of a kernel .config, in place (a trailing "\n" or "\r\n" may be
 * left on).  "CONFIG_X=v" gives *name "CONFIG_X" and *value v, with a
 * quoted string value unquoted and its \" and \\ escapes undone;
 * "# CONFIG_X is not set" gives *value "n".  Blanks around the name, the
 * '=' and the value are tolerated.  Returns 1 for an option, 0 for a line
 * that holds none (blank, comment), or -1 with the reason in err for a
 * line that starts like an option but is malformed ("bad option name",
 * "missing '='", "unterminated string").
 */
int secparse_kconfig_line(char *line, char **name, char **value, char *err,
			  size_t errsize);

/* ---------------------------------------------------------------- */
/* The kernel command line (/proc/cmdline) */

/*
 * Splits the next parameter off *cursor, in place, as the kernel's
 * next_arg() does: parameters are separated by blanks outside double
 * quotes; a leading quote on the whole parameter or on its value is
 * dropped with the matching last one; quotes inside a value are kept.  An
 * unbalanced quote runs to the end of the line.  *name gets the text
 * before the first '=' and *value the text after it, or NULL when there
 * is no '='; a '=' that opens the parameter belongs to the name, as in
 * the kernel.  Returns 1 with a parameter, or 0 when none is left.
 */
int secparse_cmdline_next(char **cursor, char **name, char **value);

/* ---------------------------------------------------------------- */
/* Kernel lockdown (/sys/kernel/security/lockdown) */

/*
 * Finds the bracketed (active) mode in "none [integrity] confidentiality"
 * and copies it to out (size bytes).  Returns 0, or -1 with "no active
 * mode" or "bad mode" in err.
 */
int secparse_lockdown(const char *s, size_t n, char *out, size_t size,
		      char *err, size_t errsize);

/* ---------------------------------------------------------------- */
/* IMA: policy rules and the runtime measurement list */

/* A run of bytes inside a parsed line; p is NULL when there is none. */
struct secparse_span {
	const char *p;
	size_t n;
};

/*
 * One rule of /sys/kernel/security/ima/policy, split in place.  action is
 * the first word (measure, dont_measure, appraise, dont_appraise, audit,
 * hash, dont_hash, or a newer one the kernel adds); conditions is the
 * whole rule after the action, its words joined by single spaces (""
 * when there are none).  The other fields are the values of the
 * conditions of the same name ("func=BPRM_CHECK" gives func "BPRM_CHECK"),
 * as spans into conditions; the last one wins when a rule repeats a
 * condition.
 */
struct secparse_ima_rule {
	char *action;
	char *conditions;
	struct secparse_span func;
	struct secparse_span mask;
	struct secparse_span fsmagic;
	struct secparse_span fsname;
	struct secparse_span fsuuid;
	struct secparse_span pcr;
	struct secparse_span template_fmt;
	struct secparse_span appraise_type;
};

/*
 * Parses one policy line.  Returns 1 for a rule, 0 for a blank or '#'
 * comment line, -1 with the reason in err ("bad action", "empty
 * condition") for a malformed one.
 */
int secparse_ima_rule(char *line, struct secparse_ima_rule *r, char *err,
		      size_t errsize);

/*
 * One line of ascii_runtime_measurements, split in place:
 *   "10 <template hash> <template> <template data...>"
 * hash_algo and digest come from the file data hash field: "sha256" and
 * the hex of "sha256:ab12..." (ima-ng, ima-sig, ima-buf, ima-modsig ...),
 * "ima:sha256" or "verity:sha256" and the hex for the v2 templates, and
 * "sha1" for the original "ima" template, whose hash has no prefix.  path
 * is the name field, which may hold spaces: it runs to the fields that
 * known templates put after it (one for ima-sig, ima-sigv2 and ima-buf,
 * three for ima-modsig, seven for evm-sig); for a template vigil does not
 * know it is all the rest.  signature is the first of those trailing
 * fields for the templates that carry a signature, NULL when it is empty
 * or absent.
 */
struct secparse_ima_entry {
	int pcr;
	char *template_hash;
	char *template_name;
	char *hash_algo; /* NULL when the data has no digest field */
	char *digest;
	char *path;
	char *signature;
};

/*
 * Returns 0, or -1 with the reason in err ("bad pcr", "bad template
 * hash", "missing template", "bad digest").
 */
int secparse_ima_entry(char *line, struct secparse_ima_entry *e, char *err,
		       size_t errsize);

/* ---------------------------------------------------------------- */
/* Capabilities */

/* Capabilities Linux names: CAP_CHOWN (0) to CAP_CHECKPOINT_RESTORE (40). */
#define SECPARSE_CAP_NAMED 41

/* Longest text secparse_cap_names writes for a 64-bit mask, with NUL. */
#define SECPARSE_CAP_NAMES_MAX 1024

/* The libcap name of capability number cap ("cap_chown"), or NULL. */
const char *secparse_cap_name(unsigned cap);

/*
 * Parses a capability mask as /proc/PID/status writes it: 1 to 16 hex
 * digits ("000001ffffffffff").  Returns 0, or -1 for anything else.
 */
int secparse_cap_mask(const char *s, size_t n, uint64_t *mask);

/*
 * Writes the names of the capabilities in mask, lowest first, joined by
 * ",": "cap_chown,cap_net_raw".  Bits above the last named capability are
 * written as their numbers ("41"), as libcap does.  An empty mask gives
 * "".  Returns 0, or -1 when size is too small (out is then "").
 */
int secparse_cap_names(uint64_t mask, char *out, size_t size);

/*
 * The "security.capability" attribute (struct vfs_cap_data, little-endian):
 * revision 1 (12 bytes, 32 capability bits), 2 (20 bytes, 64 bits) or 3
 * (24 bytes, 64 bits and the user namespace root id the capabilities are
 * valid for).  rootid is -1 for revisions 1 and 2.  Bits above the last
 * named capability are kept, so a caller can show them.
 */
struct secparse_fcap {
	int revision;
	uint64_t permitted;
	uint64_t inheritable;
	bool effective;
	int64_t rootid;
};

/*
 * Returns 0, or -1 with the reason in err: "truncated attribute",
 * "bad revision", "bad size for revision" (the kernel refuses any size
 * but the revision's own).
 */
int secparse_vfs_cap(const void *v, size_t n, struct secparse_fcap *c,
		     char *err, size_t errsize);

/* ---------------------------------------------------------------- */
/* /proc/PID/status: the security fields */

enum secparse_procsec_have {
	SECPARSE_PS_CAPINH = 1 << 0,
	SECPARSE_PS_CAPPRM = 1 << 1,
	SECPARSE_PS_CAPEFF = 1 << 2,
	SECPARSE_PS_CAPBND = 1 << 3,
	SECPARSE_PS_CAPAMB = 1 << 4,
	SECPARSE_PS_NNP = 1 << 5,
	SECPARSE_PS_SECCOMP = 1 << 6,
	SECPARSE_PS_FILTERS = 1 << 7,
	SECPARSE_PS_EUID = 1 << 8,
};

/* Only the fields whose bit is set in have are meaningful. */
struct secparse_procsec {
	unsigned have;
	uint64_t cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;
	int no_new_privs;        /* 0 or 1 */
	int seccomp;             /* 0 disabled, 1 strict, 2 filter */
	int64_t seccomp_filters; /* filters attached (Linux 5.9 and later) */
	int64_t euid;
};

/*
 * Parses the CapInh, CapPrm, CapEff, CapBnd, CapAmb, NoNewPrivs, Seccomp,
 * Seccomp_filters and Uid lines of /proc/PID/status text (not necessarily
 * NUL-terminated).  A known line whose value does not parse is left out of
 * have; so is a NoNewPrivs other than 0 or 1 and a Seccomp other than 0,
 * 1 or 2.  Returns 0, or -1 when no field at all was found.
 */
int secparse_proc_status(const char *s, size_t len,
			 struct secparse_procsec *ps);

/* The text for a Seccomp mode: "disabled", "strict", "filter", or NULL. */
const char *secparse_seccomp_mode(int mode);

/* ---------------------------------------------------------------- */
/* TPM 1.2 (sysfs "caps") */

/*
 * The caps attribute of a TPM 1.2 chip:
 *   "Manufacturer: 0x53544d20\nTCG version: 1.2\nFirmware version: 13.12\n"
 * vendor gets the manufacturer id as the TCG vendor code, its four bytes
 * read as ASCII with trailing blanks and NULs dropped ("STM", "IFX"), or
 * the id in hex ("0x00000001") when they are not printable; tcg_version
 * and firmware get their lines' values ("" when a line is absent).  Each
 * output is vsize bytes.  Returns 0, or -1 with "no manufacturer" when the
 * text has no parsable Manufacturer line.
 */
int secparse_tpm_caps(const char *s, size_t n, char *vendor,
		      char *tcg_version, char *firmware, size_t vsize,
		      char *err, size_t errsize);

/* ---------------------------------------------------------------- */
/* device-mapper */

/*
 * What a device-mapper uuid says about its target, from the prefix the
 * tool that made it writes: cryptsetup's "CRYPT-VERITY-" gives "verity",
 * "CRYPT-INTEGRITY-" and "CRYPT-SUBDEV-" (LUKS2 authenticated encryption's
 * integrity layer) give "integrity", "CRYPT-" followed by LUKS1, LUKS2,
 * PLAIN, LOOPAES, TCRYPT, BITLK or FVAULT2 gives "crypt".  Anything else
 * (LVM-, mpath-, part1-, an empty uuid) says nothing certain: NULL.
 */
const char *secparse_dm_uuid_target(const char *uuid);

/*
 * Walks the reply of a DM_TABLE_STATUS ioctl without DM_STATUS_TABLE_FLAG
 * (status, never the table, so no key material): buf holds n bytes from
 * the start of struct dm_ioctl, count is its target_count and data_start
 * its data_start.  Writes the distinct target types, in table order,
 * joined by "," into types (tsize bytes), and when a target is "verity"
 * its status letter into *verity ('V' verified, 'C' corruption seen; 0
 * when there is none).  Returns 0, or -1 with "bad target offset",
 * "truncated target" or "types too long" in err.
 */
int secparse_dm_status(const void *buf, size_t n, uint32_t count,
		       uint32_t data_start, char *types, size_t tsize,
		       char *verity, char *err, size_t errsize);

#endif
