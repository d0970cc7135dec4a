/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filecaps.c: files that grant capabilities when executed:
 * file_capabilities (vigil's table), what `getcap -r` finds.  A binary
 * with cap_sys_admin+ep is as dangerous as a setuid-root one and no
 * SUID search sees it.
 *
 * Columns, one row per regular file under the constraint that carries a
 * "security.capability" extended attribute (files without one have no
 * row; symbolic links are not followed and have none):
 *   path, directory      as in the file table: the path found, and the
 *                        constraint's directory or the path's parent
 *   permitted            the permitted set, 16 hex digits
 *   permitted_names      the same as capability names, comma-separated
 *   inheritable          the inheritable set, 16 hex digits
 *   inheritable_names    the same by name
 *   effective            1 when the effective flag is set (the permitted
 *                        capabilities are effective at once on exec: "+ep"
 *                        rather than "+p"), else 0
 *   rootid               revision 3 only: the uid that is root in the user
 *                        namespace the capabilities apply to (set by a
 *                        setcap inside a container); NULL for revisions 1
 *                        and 2, which apply everywhere
 *   revision             the attribute's revision: 1, 2 or 3
 *   An attribute the kernel would refuse (bad revision, bad size) gives a
 *   row whose other columns are NULL: present, but granting nothing.
 *
 * Required constraints: `path` or `directory`, with = (or IN) or LIKE,
 * and osquery's path patterns as the file table takes them: '%' within
 * one component, '%%' for any depth ("/usr/%%").
 *
 * Privileges: search permission on the directories walked (no read
 * permission on the files, as for getcap); root sees everything.
 *
 * Example:
 *   SELECT path, permitted_names, effective FROM file_capabilities
 *     WHERE path LIKE '/usr/%%';
 *
 * How it works: paths are expanded through hostfs by pathpat, as for the
 * file table.  Each candidate is opened O_PATH | O_NOFOLLOW through
 * hostfs, which opens no device and follows no link, and fstat() on that
 * descriptor picks regular files; the attribute (at most 64 bytes) is
 * read through the descriptor's /proc/self/fd link, so it is the inode
 * just checked even if the path is swapped meanwhile, and
 * secparse_vfs_cap() decodes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "sql/table.h"
#include "tables/secparse.h"
#include "util/hostfs.h"
#include "util/pathpat.h"

enum {
	FC_PATH,
	FC_DIRECTORY,
	FC_PERMITTED,
	FC_PERMITTED_NAMES,
	FC_INHERITABLE,
	FC_INHERITABLE_NAMES,
	FC_EFFECTIVE,
	FC_ROOTID,
	FC_REVISION,
	FC_NCOLS
};

static const struct column file_capabilities_cols[] = {
	{ "path", COL_TEXT, COL_INDEX | COL_REQUIRED | COL_OPTIMIZED,
	  "Absolute file path." },
	{ "directory", COL_TEXT, COL_REQUIRED | COL_OPTIMIZED,
	  "Directory of the file; with =, the directory whose entries are "
	  "listed." },
	{ "permitted", COL_TEXT, 0, "Permitted capability set, in hex." },
	{ "permitted_names", COL_TEXT, 0,
	  "Permitted capabilities by name, comma-separated." },
	{ "inheritable", COL_TEXT, 0, "Inheritable capability set, in hex." },
	{ "inheritable_names", COL_TEXT, 0,
	  "Inheritable capabilities by name, comma-separated." },
	{ "effective", COL_INTEGER, 0,
	  "1 when the permitted capabilities are effective at once on exec." },
	{ "rootid", COL_BIGINT, 0,
	  "Namespace root uid the capabilities are limited to (revision 3), "
	  "else NULL." },
	{ "revision", COL_INTEGER, 0,
	  "vfs_cap_data revision (1, 2 or 3); NULL when malformed." },
};

_Static_assert(TABLE_NCOLS(file_capabilities_cols) == FC_NCOLS,
	       "file_capabilities column enum and array disagree");

#define XATTR_NAME "security.capability"
/* Larger than any valid attribute (24 bytes), so a wrong size shows. */
#define CAP_XATTR_MAX 64

struct gen {
	struct qctx *q;
	const char *dir; /* the directory column while listing one */
	bool failed;
};

/*
 * Reads the capability attribute of path into v.  Returns its size, 0
 * when there is none (or the path is no regular file, or it vanished), or
 * -1 for a value too large to be valid.
 *
 * The path is opened O_PATH | O_NOFOLLOW: that opens nothing (no device
 * open, no FIFO wait, no fsnotify or IMA open event, no read permission
 * needed, as getcap needs none), and fstat() then says whether it is a
 * regular file.  An O_PATH descriptor cannot fgetxattr(), so the
 * attribute is read through its /proc/self/fd link, which names that
 * very inode.  Where /proc is not mounted the file is opened for reading
 * instead, O_NONBLOCK, and only after the O_PATH descriptor showed a
 * regular file (checked again on the new descriptor).
 */
static ssize_t read_caps(const char *path, unsigned char *v)
{
	char fdpath[64];
	struct stat st, fst;
	ssize_t n;
	int fd, rfd;

	fd = hostfs_open(path, O_PATH | O_NOFOLLOW, 0);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
	n = getxattr(fdpath, XATTR_NAME, v, CAP_XATTR_MAX);
	if (n < 0 && errno == ENOENT) {
		/* No /proc: read through a descriptor opened for reading. */
		rfd = hostfs_open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
						O_NOCTTY, 0);
		n = -1;
		errno = ENODATA;
		if (rfd >= 0) {
			if (fstat(rfd, &fst) == 0 && S_ISREG(fst.st_mode) &&
			    fst.st_dev == st.st_dev && fst.st_ino == st.st_ino)
				n = fgetxattr(rfd, XATTR_NAME, v, CAP_XATTR_MAX);
			close(rfd);
		}
	}
	if (n < 0)
		n = errno == ERANGE ? -1 : 0;
	close(fd);
	return n;
}

/* Writes path's parent directory into dir, as the file table does. */
static void parent_dir(const char *path, char *dir, size_t size)
{
	size_t n = strlen(path), s;

	while (n > 1 && path[n - 1] == '/')
		n--;
	s = n;
	while (s > 0 && path[s - 1] != '/')
		s--;
	if (s == 0) {
		dir[0] = '\0';
		return;
	}
	while (s > 1 && path[s - 1] == '/')
		s--;
	if (s >= size)
		s = size - 1;
	memcpy(dir, path, s);
	dir[s] = '\0';
}

/* Sets a set's hex column and the names column that follows it. */
static void set_mask(struct qctx *q, int col, uint64_t mask)
{
	char hex[20], names[SECPARSE_CAP_NAMES_MAX];

	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)mask);
	qctx_set_text(q, col, hex);
	if (secparse_cap_names(mask, names, sizeof(names)) == 0)
		qctx_set_text(q, col + 1, names);
}

static int row(struct gen *g, const char *path)
{
	unsigned char v[CAP_XATTR_MAX];
	struct secparse_fcap c;
	char parent[PATH_MAX], err[64];
	struct qctx *q = g->q;
	ssize_t n;
	bool ok;

	n = read_caps(path, v);
	if (n == 0)
		return 0;
	ok = n > 0 &&
	     secparse_vfs_cap(v, (size_t)n, &c, err, sizeof(err)) == 0;
	if (qctx_row(q) < 0) {
		g->failed = true;
		return -1;
	}
	qctx_set_text(q, FC_PATH, path);
	if (g->dir) {
		qctx_set_text(q, FC_DIRECTORY, g->dir);
	} else {
		parent_dir(path, parent, sizeof(parent));
		qctx_set_text(q, FC_DIRECTORY, parent);
	}
	if (!ok)
		return 0;
	set_mask(q, FC_PERMITTED, c.permitted);
	set_mask(q, FC_INHERITABLE, c.inheritable);
	qctx_set_int(q, FC_EFFECTIVE, c.effective);
	if (c.rootid >= 0)
		qctx_set_int(q, FC_ROOTID, c.rootid);
	qctx_set_int(q, FC_REVISION, c.revision);
	return 0;
}

static int list_cb(const char *path, void *arg)
{
	return row(arg, path);
}

static int path_cb(const char *path, void *arg)
{
	struct gen *g = arg;

	g->dir = NULL;
	return row(g, path);
}

static int dir_cb(const char *dir, void *arg)
{
	struct gen *g = arg;
	int rc;

	g->dir = dir;
	rc = pathpat_list(dir, list_cb, g) < 0 ? -1 : 0;
	g->dir = NULL;
	return rc;
}

static int file_capabilities_generate(struct qctx *q)
{
	const char *const *v;
	const char *what;
	struct gen g;
	int rc;

	memset(&g, 0, sizeof(g));
	g.q = q;
	/* All constraints are ANDed: expanding the narrowest suffices. */
	if (qctx_values(q, FC_PATH, QOP_EQ, &v) > 0) {
		what = v[0];
		rc = v[0][0] == '/' ? path_cb(v[0], &g) : 0;
	} else if (qctx_values(q, FC_DIRECTORY, QOP_EQ, &v) > 0) {
		what = v[0];
		rc = v[0][0] == '/' ? dir_cb(v[0], &g) : 0;
	} else if (qctx_values(q, FC_PATH, QOP_LIKE, &v) > 0) {
		what = v[0];
		rc = pathpat_expand(v[0], 0, 0, path_cb, &g);
	} else if (qctx_values(q, FC_DIRECTORY, QOP_LIKE, &v) > 0) {
		what = v[0];
		rc = pathpat_expand(v[0], PATHPAT_DIRS, 0, dir_cb, &g);
	} else {
		return 0;
	}
	if (rc < 0 && !g.failed)
		return qctx_error(q, "table file_capabilities: cannot expand "
				     "'%s': %s", what, strerror(errno));
	return rc < 0 ? -1 : 0;
}

static const struct table file_capabilities_table = {
	.name = "file_capabilities",
	.desc = "Files carrying capabilities (security.capability), as "
		"getcap shows them.",
	.cols = file_capabilities_cols,
	.ncols = FC_NCOLS,
	.generate = file_capabilities_generate,
};

TABLE_REGISTER(file_capabilities_table);
