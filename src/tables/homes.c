/* SPDX-License-Identifier: Apache-2.0 */
/*
 * homes.c: iteration over local users and their home directories for the
 * per-user tables, and a bounded read of one regular file (see homes.h).
 * /etc/passwd is parsed with passwd.c.
 */
#include "tables/homes.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "sql/table.h"
#include "tables/passwd.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Largest /etc/passwd read, as users.c reads it. */
#define PASSWD_FILE_MAX (16u << 20)

/* True when uid may satisfy one of the = values (see users.c). */
static bool uid_wanted(const char *const *vals, int n, uint32_t uid)
{
	uint32_t v;
	int i;

	if (n == 0)
		return true;
	for (i = 0; i < n; i++) {
		if (passwd_parse_id(vals[i], strlen(vals[i]), &v) < 0 ||
		    v == uid)
			return true;
	}
	return false;
}

int homes_each(struct qctx *q, int uid_col,
	       int (*fn)(struct qctx *q, const struct homes_user *u, void *arg),
	       void *arg)
{
	const char *const *uids;
	struct buf b = BUF_INIT(PASSWD_FILE_MAX);
	struct passwd_ent pw;
	struct homes_user u;
	struct stat st;
	size_t pos = 0;
	int nuids, rc = -1;

	nuids = qctx_values(q, uid_col, QOP_EQ, &uids);
	if (homes_read_file("/etc/passwd", 0, PASSWD_FILE_MAX, &b, &st) < 0) {
		if (errno == ENOMEM)
			return qctx_error(q, "reading /etc/passwd: out of memory");
		return 0;
	}
	while (pos < b.len) {
		char *line = b.data + pos, *nl;
		size_t len;

		nl = memchr(line, '\n', b.len - pos);
		len = nl ? (size_t)(nl - line) : b.len - pos;
		pos += len + 1;
		if (passwd_parse(line, len, &pw, NULL, 0) < 0)
			continue;
		if (pw.dir[0] != '/' || !uid_wanted(uids, nuids, pw.uid))
			continue;
		u.uid = pw.uid;
		u.gid = pw.gid;
		u.name = pw.name;
		u.dir = pw.dir;
		if (fn(q, &u, arg) < 0)
			goto out;
	}
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

int homes_path(char *dst, size_t size, const char *dir, const char *rel)
{
	return hostfs_join(dst, size, dir, rel);
}

int homes_read_file(const char *path, unsigned flags, size_t cap,
		    struct buf *b, struct stat *st)
{
	size_t start = b->len, want;
	bool cut = false;
	int fd, saved;
	ssize_t n;
	char c;

	fd = hostfs_open(path, O_RDONLY | O_NONBLOCK, flags);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0)
		goto fail;
	if (!S_ISREG(st->st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	want = st->st_size > 0 && (size_t)st->st_size < cap
		       ? (size_t)st->st_size
		       : cap;
	if (buf_grow(b, want) < 0)
		goto fail;
	for (;;) {
		size_t room = cap - (b->len - start);
		size_t space = b->alloc - b->len - 1;

		if (room == 0 || space == 0) {
			/* Probe with one byte before growing: most files
			 * end exactly where their size said. */
			do
				n = read(fd, &c, 1);
			while (n < 0 && errno == EINTR);
			if (n < 0)
				goto fail;
			if (n == 0)
				break;
			if (room == 0) {
				cut = true;
				break;
			}
			if (buf_add(b, &c, 1) < 0)
				goto fail;
			continue;
		}
		if (space > room)
			space = room;
		n = read(fd, b->data + b->len, space);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
	}
	if (cut) {
		char *nl = memrchr(b->data + start, '\n', b->len - start);

		b->len = nl ? (size_t)(nl - b->data) + 1 : start;
		b->data[b->len] = '\0';
	}
	close(fd);
	return 0;
fail:
	saved = errno;
	close(fd);
	if (b->data) {
		b->len = start;
		b->data[start] = '\0';
	}
	errno = saved;
	return -1;
}
