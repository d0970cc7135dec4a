/* SPDX-License-Identifier: Apache-2.0 */
/*
 * files.c: the file and hash tables, stat(2) details and content digests
 * of the files a query names.
 *
 * file columns and their sources:
 *   path, directory, filename   the path as the constraint gave or the
 *                     pattern found it; directory is the constraint's value
 *                     for `directory =` and the parent otherwise; filename
 *                     is the last component
 *   inode, uid, gid, device (st_rdev), size, block_size (st_blksize),
 *   hard_links, atime, mtime, ctime
 *                     statx(2) of the path, following a symbolic link as
 *                     osquery does (it stat()s, falling back to lstat() for
 *                     a link that does not resolve)
 *   mode              the permission bits with setuid, setgid and sticky,
 *                     as four octal digits ("0644", "4755")
 *   btime             statx's birth time; NULL where the filesystem keeps
 *                     none (osquery on Linux says 0 or NULL)
 *   symlink           1 when the path itself is a symbolic link
 *   type              "regular", "directory", "symlink", "character",
 *                     "block", "fifo", "socket" or "unknown", of what the
 *                     stat columns describe: a link to a file is "regular"
 *                     with symlink 1 (as in osquery), a dangling link is
 *                     "symlink" (osquery says "unknown")
 *   symlink_target_path  for a link, its target's canonical path inside
 *                     the root when it resolves, else the raw link text;
 *                     NULL for anything else
 *   pid_with_namespace, mount_namespace_id  always NULL: vigil does not
 *                     enter other mount namespaces
 *
 * hash columns: path and directory as above; md5, sha1 and sha256, the
 * lowercase hex digests of the content.  Only regular files (or links to
 * them) have rows, as in osquery; a file larger than HASH_MAX_SIZE, or one
 * that cannot be read, has a row with NULL digests.
 *
 * Required constraints: `path` or `directory`, with = (or IN) or LIKE.
 * `path = X` describes X; `directory = D` describes D's entries, one level
 * down, not D itself; LIKE takes osquery's path patterns (util/pathpat.h):
 * '%' within one component, '%%' for any depth, '_' one character.
 *
 * Privileges: search permission on the directories walked, read permission
 * on the files hashed; root sees everything.  Hashing is done O_NOATIME
 * where the kernel allows it, so a scan does not disturb access times.
 *
 * Example:
 *   SELECT path, mode, uid FROM file WHERE path LIKE '/usr/bin/%'
 *     AND mode LIKE '4%';
 *   SELECT path, sha256 FROM hash WHERE directory = '/usr/sbin';
 *
 * How it works: SQLite passes every = and LIKE on path and directory
 * together, and they are all ANDed, so the generator expands just one of
 * them, the cheapest (path =, then directory =, then path LIKE, then
 * directory LIKE), and lets SQLite check the rest: one source never yields
 * a path twice.  Patterns are walked through hostfs by pathpat.  The hash
 * table reads each regular file once, in page-aligned 1 MiB blocks, feeding
 * only the digests the query uses (OpenSSL EVP); a file is stat()ed before
 * it is opened and checked again after, so a FIFO or device is never
 * opened and a swapped file is never read.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>


#include "sql/table.h"
#include "util/digest.h"
#include "util/hostfs.h"
#include "util/pathpat.h"

/* Files larger than this are not hashed: their digests are NULL. */
#define HASH_MAX_SIZE ((off_t)512 << 20)
/* The read block, page aligned so each read copies whole pages (less
 * system time than a malloc()ed block); 256 KiB and 1 MiB measured the
 * same on /usr/bin. */
#define HASH_BUF_SIZE ((size_t)1 << 20)

enum {
	F_PATH,
	F_DIRECTORY,
	F_FILENAME,
	F_INODE,
	F_UID,
	F_GID,
	F_MODE,
	F_DEVICE,
	F_SIZE,
	F_BLOCK_SIZE,
	F_ATIME,
	F_MTIME,
	F_CTIME,
	F_BTIME,
	F_HARD_LINKS,
	F_SYMLINK,
	F_TYPE,
	F_SYMLINK_TARGET_PATH,
	F_PID_WITH_NAMESPACE,
	F_MOUNT_NAMESPACE_ID,
	F_NCOLS
};

static const struct column file_cols[] = {
	{ "path", COL_TEXT, COL_INDEX | COL_REQUIRED | COL_OPTIMIZED,
	  "Absolute file path." },
	{ "directory", COL_TEXT, COL_REQUIRED | COL_OPTIMIZED,
	  "Directory of the file; with =, the directory whose entries are listed." },
	{ "filename", COL_TEXT, 0, "Name portion of the file path." },
	{ "inode", COL_BIGINT, 0, "Filesystem inode number." },
	{ "uid", COL_BIGINT, 0, "Owning user ID." },
	{ "gid", COL_BIGINT, 0, "Owning group ID." },
	{ "mode", COL_TEXT, 0,
	  "Permission bits with setuid, setgid and sticky as 4 octal digits." },
	{ "device", COL_BIGINT, 0,
	  "Device ID of a character or block special file (st_rdev)." },
	{ "size", COL_BIGINT, 0, "Size of the file in bytes." },
	{ "block_size", COL_INTEGER, 0, "Preferred block size for I/O." },
	{ "atime", COL_BIGINT, 0, "Last access time (Unix seconds)." },
	{ "mtime", COL_BIGINT, 0, "Last modification time (Unix seconds)." },
	{ "ctime", COL_BIGINT, 0, "Last status change time (Unix seconds)." },
	{ "btime", COL_BIGINT, 0,
	  "Creation (birth) time, NULL where the filesystem records none." },
	{ "hard_links", COL_INTEGER, 0, "Number of hard links." },
	{ "symlink", COL_INTEGER, 0, "1 if the path is a symlink, otherwise 0." },
	{ "type", COL_TEXT, 0,
	  "File type: regular, directory, symlink, character, block, fifo or socket." },
	{ "symlink_target_path", COL_TEXT, 0,
	  "Canonical path of a symlink's target, or its raw text if it does not resolve." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Pids whose mount namespace to use (not supported: always NULL)." },
	{ "mount_namespace_id", COL_TEXT, COL_HIDDEN,
	  "Mount namespace id (not supported: always NULL)." },
};

_Static_assert(TABLE_NCOLS(file_cols) == F_NCOLS, "file columns");

enum {
	H_PATH,
	H_DIRECTORY,
	H_MD5,
	H_SHA1,
	H_SHA256,
	H_PID_WITH_NAMESPACE,
	H_MOUNT_NAMESPACE_ID,
	H_NCOLS
};

static const struct column hash_cols[] = {
	{ "path", COL_TEXT, COL_INDEX | COL_REQUIRED | COL_OPTIMIZED,
	  "Must provide a path or directory." },
	{ "directory", COL_TEXT, COL_REQUIRED | COL_OPTIMIZED,
	  "Must provide a path or directory." },
	{ "md5", COL_TEXT, COL_NOCASE, "MD5 hash of the file content, in hex." },
	{ "sha1", COL_TEXT, COL_NOCASE, "SHA1 hash of the file content, in hex." },
	{ "sha256", COL_TEXT, COL_NOCASE,
	  "SHA256 hash of the file content, in hex." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Pids whose mount namespace to use (not supported: always NULL)." },
	{ "mount_namespace_id", COL_TEXT, COL_HIDDEN,
	  "Mount namespace id (not supported: always NULL)." },
};

_Static_assert(TABLE_NCOLS(hash_cols) == H_NCOLS, "hash columns");

/* The digests, in the order of their hash columns. */
#define NDIGESTS DIGEST_NALGS
static const char *const digest_names[NDIGESTS] = { "md5", "sha1", "sha256" };
static const int digest_cols[NDIGESTS] = { H_MD5, H_SHA1, H_SHA256 };

struct gen;

/* Emits the row for one path; 0 (also for a path that vanished) or -1. */
typedef int (*row_fn)(struct gen *g, const char *path, const char *dir);

/* One generate call's state, shared by both tables. */
struct gen {
	struct qctx *q;
	row_fn row;
	const char *dir; /* the directory column while listing one */
	bool failed;     /* a qctx call failed: its error is set */
	/* hash only: */
	struct digest *md[NDIGESTS]; /* NULL when the query does not use it */
	unsigned char *buf;      /* HASH_BUF_SIZE, page aligned */
};

/*
 * Writes path's directory into dir (size bytes) and points *base and *blen
 * at its last component, ignoring trailing slashes: "/etc/passwd" gives
 * "/etc" and "passwd", "/etc/" gives "/" and "etc", "/" gives "" and "/"
 * (as osquery shows the root).
 */
static void split_path(const char *path, char *dir, size_t size,
		       const char **base, size_t *blen)
{
	size_t n = strlen(path), s, d;

	while (n > 1 && path[n - 1] == '/')
		n--;
	s = n;
	while (s > 0 && path[s - 1] != '/')
		s--;
	if (s == n || s == 0) {
		/* "/" itself, or a name with no slash at all. */
		dir[0] = '\0';
		*base = path;
		*blen = n;
		return;
	}
	*base = path + s;
	*blen = n - s;
	d = s;
	while (d > 1 && path[d - 1] == '/')
		d--;
	if (d >= size)
		d = size - 1;
	memcpy(dir, path, d);
	dir[d] = '\0';
}

static int list_cb(const char *path, void *arg)
{
	struct gen *g = arg;

	return g->row(g, path, g->dir);
}

static int path_cb(const char *path, void *arg)
{
	struct gen *g = arg;

	return g->row(g, path, NULL);
}

static int dir_cb(const char *dir, void *arg)
{
	struct gen *g = arg;

	g->dir = dir;
	return pathpat_list(dir, list_cb, g) < 0 ? -1 : 0;
}

/*
 * Runs g->row over the paths the constraints name.  All of them are ANDed,
 * so one source suffices: the cheapest.  Returns 0 or -1 (error set).
 */
static int gen_paths(struct gen *g, int c_path, int c_dir, const char *table)
{
	const char *const *v;
	const char *what;
	int rc;

	/* Host paths are absolute: a relative one names nothing. */
	if (qctx_values(g->q, c_path, QOP_EQ, &v) > 0) {
		what = v[0];
		rc = v[0][0] == '/' ? g->row(g, v[0], NULL) : 0;
	} else if (qctx_values(g->q, c_dir, QOP_EQ, &v) > 0) {
		what = v[0];
		rc = v[0][0] == '/' ? dir_cb(v[0], g) : 0;
	} else if (qctx_values(g->q, c_path, QOP_LIKE, &v) > 0) {
		what = v[0];
		rc = pathpat_expand(v[0], 0, 0, path_cb, g);
	} else if (qctx_values(g->q, c_dir, QOP_LIKE, &v) > 0) {
		what = v[0];
		rc = pathpat_expand(v[0], PATHPAT_DIRS, 0, dir_cb, g);
	} else {
		return 0; /* only NULL values: nothing matches */
	}
	if (rc < 0 && !g->failed)
		return qctx_error(g->q, "table %s: cannot expand '%s': %s",
				  table, what, strerror(errno));
	return rc < 0 ? -1 : 0;
}

/* statx(2) of a host path, opened O_PATH with extra flags (O_NOFOLLOW). */
static int statx_path(const char *path, int oflags, struct statx *sx)
{
	int fd, rc, saved;

	fd = hostfs_open(path, O_PATH | oflags, 0);
	if (fd < 0)
		return -1;
	rc = statx(fd, "", AT_EMPTY_PATH | AT_STATX_SYNC_AS_STAT,
		   STATX_BASIC_STATS | STATX_BTIME, sx);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

static const char *type_name(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "regular";
	case S_IFDIR:
		return "directory";
	case S_IFLNK:
		return "symlink";
	case S_IFCHR:
		return "character";
	case S_IFBLK:
		return "block";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	}
	return "unknown";
}

static void set_link_target(struct qctx *q, const char *path)
{
	char target[PATH_MAX];

	if (pathpat_realpath(path, target, sizeof(target)) == 0 ||
	    hostfs_readlink(path, target, sizeof(target)) >= 0)
		qctx_set_text(q, F_SYMLINK_TARGET_PATH, target);
}

static int file_row(struct gen *g, const char *path, const char *dir)
{
	struct qctx *q = g->q;
	struct statx lx, fx;
	const struct statx *st = &lx;
	char parent[PATH_MAX], mode[8];
	const char *base;
	size_t blen;
	bool link;

	/* The path itself first: it exists, and is it a link? */
	if (statx_path(path, O_NOFOLLOW, &lx) < 0)
		return 0;
	link = S_ISLNK(lx.stx_mode);
	if (link && statx_path(path, 0, &fx) == 0)
		st = &fx;
	split_path(path, parent, sizeof(parent), &base, &blen);
	if (qctx_row(q) < 0) {
		g->failed = true;
		return -1;
	}
	qctx_set_text(q, F_PATH, path);
	qctx_set_text(q, F_DIRECTORY, dir ? dir : parent);
	qctx_set_textn(q, F_FILENAME, base, blen);
	qctx_set_int(q, F_INODE, (int64_t)st->stx_ino);
	qctx_set_int(q, F_UID, st->stx_uid);
	qctx_set_int(q, F_GID, st->stx_gid);
	snprintf(mode, sizeof(mode), "%04o", (unsigned)st->stx_mode & 07777);
	qctx_set_text(q, F_MODE, mode);
	qctx_set_int(q, F_DEVICE,
		     (int64_t)makedev(st->stx_rdev_major, st->stx_rdev_minor));
	qctx_set_int(q, F_SIZE, (int64_t)st->stx_size);
	qctx_set_int(q, F_BLOCK_SIZE, st->stx_blksize);
	qctx_set_int(q, F_ATIME, st->stx_atime.tv_sec);
	qctx_set_int(q, F_MTIME, st->stx_mtime.tv_sec);
	qctx_set_int(q, F_CTIME, st->stx_ctime.tv_sec);
	if (st->stx_mask & STATX_BTIME)
		qctx_set_int(q, F_BTIME, st->stx_btime.tv_sec);
	qctx_set_int(q, F_HARD_LINKS, st->stx_nlink);
	qctx_set_int(q, F_SYMLINK, link);
	qctx_set_text(q, F_TYPE, type_name(st->stx_mode));
	if (link && qctx_used(q, F_SYMLINK_TARGET_PATH))
		set_link_target(q, path);
	return 0;
}

static int file_generate(struct qctx *q)
{
	struct gen g;

	memset(&g, 0, sizeof(g));
	g.q = q;
	g.row = file_row;
	return gen_paths(&g, F_PATH, F_DIRECTORY, "file");
}

/*
 * Opens the regular file st describes for reading, without following a
 * swap: the descriptor must be the same inode, still a regular file.
 * O_NOATIME is asked for where it can be granted (owner or root) and
 * dropped if refused.  Returns the descriptor or -1.
 */
static int open_regular(const char *path, const struct stat *st)
{
	int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY;
	uid_t euid = geteuid();
	struct stat fst;
	int fd = -1;

	if (euid == 0 || euid == st->st_uid)
		fd = hostfs_open(path, flags | O_NOATIME, 0);
	if (fd < 0)
		fd = hostfs_open(path, flags, 0);
	if (fd < 0)
		return -1;
	if (fstat(fd, &fst) < 0 || !S_ISREG(fst.st_mode) ||
	    fst.st_dev != st->st_dev || fst.st_ino != st->st_ino) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Hashes the file at path (st from stat) into hex[i] for each digest the
 * query uses, in one pass.  Returns 0, or -1 when it cannot be read whole
 * within HASH_MAX_SIZE (the digests stay NULL).
 */
static int hash_file(struct gen *g, const char *path, const struct stat *st,
		     char hex[NDIGESTS][DIGEST_HEX_SIZE])
{
	off_t total = 0;
	int fd, i, rc = -1;
	ssize_t n;

	if (st->st_size > HASH_MAX_SIZE)
		return -1;
	fd = open_regular(path, st);
	if (fd < 0)
		return -1;
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	for (i = 0; i < NDIGESTS; i++)
		if (g->md[i] && digest_reset(g->md[i]) < 0)
			goto out;
	for (;;) {
		n = read(fd, g->buf, HASH_BUF_SIZE);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		total += n;
		if (total > HASH_MAX_SIZE)
			goto out; /* it grew past the cap while we read */
		for (i = 0; i < NDIGESTS; i++)
			if (g->md[i] &&
			    digest_update(g->md[i], g->buf, (size_t)n) < 0)
				goto out;
	}
	for (i = 0; i < NDIGESTS; i++) {
		if (g->md[i] && digest_final_hex(g->md[i], hex[i]) < 0)
			goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

static int hash_row(struct gen *g, const char *path, const char *dir)
{
	char hex[NDIGESTS][DIGEST_HEX_SIZE];
	struct qctx *q = g->q;
	char parent[PATH_MAX];
	const char *base;
	struct stat st;
	size_t blen;
	int i;

	/* Regular files only, links followed, as osquery's is_regular_file. */
	if (hostfs_stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if (qctx_row(q) < 0) {
		g->failed = true;
		return -1;
	}
	if (!dir) {
		split_path(path, parent, sizeof(parent), &base, &blen);
		dir = parent;
	}
	qctx_set_text(q, H_PATH, path);
	qctx_set_text(q, H_DIRECTORY, dir);
	if (!g->buf || hash_file(g, path, &st, hex) < 0)
		return 0;
	for (i = 0; i < NDIGESTS; i++)
		if (g->md[i])
			qctx_set_text(q, digest_cols[i], hex[i]);
	return 0;
}

static int hash_generate(struct qctx *q)
{
	struct gen g;
	bool any = false;
	char err[256];
	int i, rc = -1;

	memset(&g, 0, sizeof(g));
	g.q = q;
	g.row = hash_row;
	for (i = 0; i < NDIGESTS; i++) {
		if (!qctx_used(q, digest_cols[i]))
			continue;
		g.md[i] = digest_new((enum digest_alg)i, err, sizeof(err));
		if (!g.md[i]) {
			qctx_error(q, "table hash: %s digest unavailable: %s",
				   digest_names[i], err);
			goto out;
		}
		any = true;
	}
	if (any) {
		void *p;

		if (posix_memalign(&p, 4096, HASH_BUF_SIZE) != 0) {
			qctx_error(q, "table hash: out of memory");
			goto out;
		}
		g.buf = p;
	}
	rc = gen_paths(&g, H_PATH, H_DIRECTORY, "hash");
out:
	for (i = 0; i < NDIGESTS; i++)
		digest_free(g.md[i]);
	free(g.buf);
	return rc;
}

static const struct table file_table = {
	.name = "file",
	.desc = "Interactive filesystem attributes and metadata.",
	.cols = file_cols,
	.ncols = F_NCOLS,
	.generate = file_generate,
};

static const struct table hash_table = {
	.name = "hash",
	.desc = "Filesystem hash data.",
	.cols = hash_cols,
	.ncols = H_NCOLS,
	.generate = hash_generate,
};

TABLE_REGISTER(file_table);
TABLE_REGISTER(hash_table);
