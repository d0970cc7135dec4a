/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mountinfo: a parser of one line of /proc/<pid>/mountinfo.
 *
 * The kernel writes one line per mount (see proc(5)):
 *
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   (1)(2) (3)   (4)   (5)      (6)       (7)   (8) (9)   (10)        (11)
 *
 * mount id, parent id, major:minor, root of the mount within its
 * filesystem, mount point, per-mount options, zero or more optional fields
 * ("shared:N", "master:N" ...), a lone "-", filesystem type, mount source
 * and superblock options.  Fields are separated by single spaces; the
 * kernel writes a space, tab, newline or backslash inside a field as a
 * three-digit octal escape (\040, \011, \012, \134), which the parser
 * undoes for the root, mount point, type and source.  Options are left as
 * the kernel wrote them, as /proc/mounts shows them.
 *
 * The parser is pure: it reads no file and allocates nothing.  It works in
 * place on the caller's line, so the fields point into that line and live
 * as long as it does.
 */
#ifndef VIGIL_MOUNTINFO_H
#define VIGIL_MOUNTINFO_H

#include <stddef.h>

struct mountinfo {
	unsigned long mount_id;
	unsigned long parent_id;
	unsigned int major;
	unsigned int minor;
	char *root;        /* unescaped */
	char *mount_point; /* unescaped */
	char *mount_opts;  /* per-mount options, e.g. "rw,nosuid,relatime" */
	char *optional;    /* optional fields, space-separated, maybe "" */
	char *fstype;      /* unescaped, e.g. "ext4" or "fuse.sshfs" */
	char *source;      /* unescaped mount source, maybe "" */
	char *super_opts;  /* superblock options, e.g. "rw,errors=remount-ro" */
};

/*
 * Parses one line (without or with its trailing newline), modifying it in
 * place.  On success fills *mi with pointers into line and returns 0.  On
 * malformed input (too few fields, no "-" separator, a bad number) returns
 * -1 and writes a reason to err (NUL-terminated, cut to errsize); *mi is
 * then unspecified.
 */
int mountinfo_parse(char *line, struct mountinfo *mi, char *err,
		    size_t errsize);

/*
 * Undoes the kernel's octal escapes (\ooo) in s, in place.  A backslash
 * not followed by three octal digits, or one that would give a NUL byte,
 * is kept as it is.  Returns s.
 */
char *mountinfo_unescape(char *s);

#endif
