/* SPDX-License-Identifier: Apache-2.0 */
/*
 * homes: the local users whose home directories the per-user tables
 * (authorized_keys, known_hosts, ssh_configs, user_ssh_keys,
 * shell_history) read, taken from /etc/passwd through hostfs; and the
 * bounded whole-file read those tables and access.c share.
 *
 * osquery's per-user tables walk the users table and honour `uid = N`;
 * homes_each() does the same: it reads /etc/passwd once, narrows on the =
 * constraints of the table's uid column, and hands each user to a
 * callback.  Files under a home are user-controlled, so callers read them
 * with HOSTFS_NOFOLLOW: a symlink anywhere in the path (a user's
 * ~/.ssh/authorized_keys -> /etc/shadow) is refused, never followed.
 */
#ifndef VIGIL_HOMES_H
#define VIGIL_HOMES_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

struct buf;
struct qctx;

struct homes_user {
	uint32_t uid;
	uint32_t gid;
	const char *name; /* never NULL */
	const char *dir;  /* an absolute path, never empty */
};

/*
 * Calls fn(q, user, arg) for each valid line of /etc/passwd, in file
 * order, whose uid may satisfy the = constraints on column uid_col (every
 * user when there are none) and whose home is an absolute path.  The
 * strings are valid during the call only.  A missing /etc/passwd means no
 * users.  Returns 0, or -1 when fn returns -1 or memory runs out (with the
 * query error set).
 */
int homes_each(struct qctx *q, int uid_col,
	       int (*fn)(struct qctx *q, const struct homes_user *u, void *arg),
	       void *arg);

/*
 * Joins a home directory and a relative path ("/home/a" + ".ssh/config")
 * into dst.  0, or -1 (ENAMETOOLONG) when it does not fit.
 */
int homes_path(char *dst, size_t size, const char *dir, const char *rel);

/*
 * Reads a regular file (any host path, through hostfs with flags) into b,
 * appending at most cap bytes, and gives its stat in *st.  A file longer
 * than cap is cut after its last newline within the cap, so no partial
 * line is read.  The buffer is sized from the file's size before reading,
 * so a file that does not grow meanwhile is never moved by a reallocation:
 * a caller wiping a secret's buffer wipes its only copy.  Returns 0, or -1
 * with errno set: ENOENT, EACCES, ELOOP (a symlink under HOSTFS_NOFOLLOW),
 * EISDIR for anything but a regular file, ENOMEM, E2BIG (b's own cap is
 * below what the file needs).  On failure b keeps what it held before.
 */
int homes_read_file(const char *path, unsigned flags, size_t cap,
		    struct buf *b, struct stat *st);

#endif
