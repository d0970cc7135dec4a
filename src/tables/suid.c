/* SPDX-License-Identifier: Apache-2.0 */
/*
 * suid.c: the suid_bin table, the setuid and setgid files in the
 * directories osquery searches.
 *
 * Columns and their sources:
 *   path         the file, as found under one of the searched directories
 *   username     the name of the file's owner in /etc/passwd, or the uid
 *                as a number when no entry names it (as osquery does)
 *   groupname    the name of the file's group in /etc/group, or the gid
 *   permissions  "S" for setuid, "G" for setgid, "SG" for both
 *   pid_with_namespace  always NULL: vigil reads the files under its root
 *                only, never another mount namespace
 *
 * The searched directories are osquery's: /bin, /sbin, /usr/bin,
 * /usr/sbin, /usr/local/bin, /usr/local/sbin and /tmp, each walked to any
 * depth (up to SUID_MAX_DEPTH levels), like find -xdev: directories on
 * another filesystem than the one the walk started on are not entered.
 * Symbolic links are never followed below the start, and only regular
 * files are reported.  A start directory that is itself a link (/bin ->
 * usr/bin on a merged-/usr system) is walked only when it leads to a
 * directory no other start has covered, so a file is reported once, under
 * its real directory, where osquery would list it twice.  Binaries in
 * /usr/lib and /usr/libexec (ssh-keysign, dbus-daemon-launch-helper,
 * polkit-agent-helper-1) are outside osquery's list and so outside this
 * table; the file table finds them: SELECT path FROM file WHERE path LIKE
 * '/usr/lib/%%' AND (mode LIKE '4%' OR mode LIKE '2%').
 *
 * Required constraints: none.
 *
 * Privileges: search permission on the directories walked; root sees all.
 *
 * Example:
 *   SELECT path, username, permissions FROM suid_bin
 *     WHERE username = 'root' AND permissions LIKE 'S%';
 *
 * How it works: each start directory is opened through hostfs; below it
 * the walk uses only descriptor-relative calls: getdents64(2) into one
 * reused buffer a depth (a DIR stream would cost two fcntl(2) calls and
 * an allocation a directory), fstatat(2) with AT_SYMLINK_NOFOLLOW for
 * regular files (the directory entry's type spares the stat of links,
 * devices and the like) and openat(2) with O_NOFOLLOW for subdirectories,
 * after an fstatat(2) that checks their device without triggering an
 * automount.  /etc/passwd and /etc/group are read once, at the first file
 * found, and only when the query uses the name columns.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sql/table.h"
#include "tables/homes.h"
#include "tables/passwd.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Deepest directory level walked below a start directory. */
#define SUID_MAX_DEPTH 128
/* Directory entries looked at in one scan, over all start directories. */
#define SUID_MAX_ENTRIES (16ul << 20)
/* getdents64 buffer: glibc's readdir uses the same size. */
#define DENTS_BUF (32u << 10)
/* Largest /etc/passwd and /etc/group read for names. */
#define NAMES_FILE_MAX (16u << 20)

enum suid_col {
	SB_PATH,
	SB_USERNAME,
	SB_GROUPNAME,
	SB_PERMISSIONS,
	SB_PID_WITH_NAMESPACE,
	SB_NCOLS
};

static const struct column suid_cols[] = {
	{ "path", COL_TEXT, 0, "The setuid or setgid file." },
	{ "username", COL_TEXT, 0,
	  "The file owner's name from /etc/passwd, or the uid as a number." },
	{ "groupname", COL_TEXT, 0,
	  "The file group's name from /etc/group, or the gid as a number." },
	{ "permissions", COL_TEXT, 0,
	  "S for setuid, G for setgid, SG for both." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the files under its root, "
	  "not other mount namespaces." },
};
_Static_assert(TABLE_NCOLS(suid_cols) == SB_NCOLS, "suid_bin columns");

/* osquery's search list, in its order. */
static const char *const suid_dirs[] = {
	"/bin",           "/sbin",           "/usr/bin", "/usr/sbin",
	"/usr/local/bin", "/usr/local/sbin", "/tmp",
};
#define NDIRS (sizeof(suid_dirs) / sizeof(suid_dirs[0]))

/* An id and its name, the first entry of the file that has the id. */
struct idname {
	uint32_t id;
	char *name;
};

struct idnames {
	struct idname *v;
	size_t n;
};

struct suid_walk {
	struct qctx *q;
	bool want_user, want_group, names_loaded;
	struct idnames users, groups;
	dev_t dev;
	char path[PATH_MAX];
	size_t len;
	unsigned long entries;
	char *bufs[SUID_MAX_DEPTH + 1]; /* getdents64 buffers, one a level */
};

static void idnames_free(struct idnames *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

/* Reads the ids and names of /etc/passwd (group false) or /etc/group.
 * 0, or -1 when memory runs out. */
static int idnames_load(struct idnames *t, const char *path, bool group)
{
	struct buf b = BUF_INIT(NAMES_FILE_MAX);
	struct passwd_ent pw;
	struct passwd_grent gr;
	struct stat st;
	size_t pos = 0, alloc = 0;
	int rc = -1;

	if (homes_read_file(path, 0, NAMES_FILE_MAX, &b, &st) < 0)
		return errno == ENOMEM ? -1 : 0;
	while (pos < b.len) {
		char *line = b.data + pos, *nl, *name;
		size_t len;
		uint32_t id;

		nl = memchr(line, '\n', b.len - pos);
		len = nl ? (size_t)(nl - line) : b.len - pos;
		pos += len + 1;
		if (group) {
			if (passwd_parse_group(line, len, &gr, NULL, 0) < 0)
				continue;
			id = gr.gid;
			name = gr.name;
		} else {
			if (passwd_parse(line, len, &pw, NULL, 0) < 0)
				continue;
			id = pw.uid;
			name = pw.name;
		}
		if (t->n == alloc) {
			size_t na = alloc ? alloc * 2 : 64;
			struct idname *nv = realloc(t->v, na * sizeof(*nv));

			if (!nv)
				goto out;
			t->v = nv;
			alloc = na;
		}
		t->v[t->n].id = id;
		t->v[t->n].name = strdup(name);
		if (!t->v[t->n].name)
			goto out;
		t->n++;
	}
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

/* The name of id (first in file order), or NULL. */
static const char *idnames_find(const struct idnames *t, uint32_t id)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].id == id)
			return t->v[i].name;
	}
	return NULL;
}

static int emit(struct suid_walk *w, const struct stat *st)
{
	char perms[3], num[16];
	const char *name;
	int np = 0;

	if (!w->names_loaded && (w->want_user || w->want_group)) {
		w->names_loaded = true;
		if ((w->want_user &&
		     idnames_load(&w->users, "/etc/passwd", false) < 0) ||
		    (w->want_group &&
		     idnames_load(&w->groups, "/etc/group", true) < 0))
			return qctx_error(w->q, "suid_bin: out of memory");
	}
	if (st->st_mode & S_ISUID)
		perms[np++] = 'S';
	if (st->st_mode & S_ISGID)
		perms[np++] = 'G';
	perms[np] = '\0';
	if (qctx_row(w->q) < 0)
		return -1;
	qctx_set_text(w->q, SB_PATH, w->path);
	if (w->want_user) {
		name = idnames_find(&w->users, (uint32_t)st->st_uid);
		if (!name) {
			snprintf(num, sizeof(num), "%u", (unsigned)st->st_uid);
			name = num;
		}
		qctx_set_text(w->q, SB_USERNAME, name);
	}
	if (w->want_group) {
		name = idnames_find(&w->groups, (uint32_t)st->st_gid);
		if (!name) {
			snprintf(num, sizeof(num), "%u", (unsigned)st->st_gid);
			name = num;
		}
		qctx_set_text(w->q, SB_GROUPNAME, name);
	}
	qctx_set_text(w->q, SB_PERMISSIONS, perms);
	return 0;
}

/* Appends "/name" to the walk's path; -1 when it does not fit. */
static int path_push(struct suid_walk *w, const char *name, size_t *old)
{
	size_t n = strlen(name);

	if (w->len + 1 + n >= sizeof(w->path))
		return -1;
	*old = w->len;
	w->path[w->len++] = '/';
	memcpy(w->path + w->len, name, n + 1);
	w->len += n;
	return 0;
}

static void path_pop(struct suid_walk *w, size_t old)
{
	w->len = old;
	w->path[old] = '\0';
}

/*
 * Walks the directory open at dfd (which this function closes), whose
 * path is w->path, reading its entries with getdents64(2) into the
 * buffer of its depth, which stays valid while subdirectories are walked.
 * Returns 0, or -1 when the query must stop (row limit, memory; the error
 * is set).
 */
/* NOLINTNEXTLINE(misc-no-recursion): SUID_MAX_DEPTH bounds it */
static int walk(struct suid_walk *w, int dfd, int depth)
{
	struct stat st;
	char *buf;
	ssize_t n;
	int rc = 0;

	if (!w->bufs[depth]) {
		w->bufs[depth] = malloc(DENTS_BUF);
		if (!w->bufs[depth]) {
			close(dfd);
			return qctx_error(w->q, "suid_bin: out of memory");
		}
	}
	buf = w->bufs[depth];
	while (rc == 0 && (n = getdents64(dfd, buf, DENTS_BUF)) > 0) {
		ssize_t off = 0;

		while (off < n) {
			struct dirent64 *de = (struct dirent64 *)(buf + off);
			const char *name = de->d_name;
			unsigned char type = de->d_type;
			size_t old;
			int sub;

			off += de->d_reclen;
			if (name[0] == '.' &&
			    (name[1] == '\0' ||
			     (name[1] == '.' && name[2] == '\0')))
				continue;
			if (++w->entries > SUID_MAX_ENTRIES) {
				close(dfd);
				return 0;
			}
			if (type != DT_REG && type != DT_DIR && type != DT_UNKNOWN)
				continue; /* links, devices, FIFOs, sockets */
			if (fstatat(dfd, name, &st,
				    AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT) < 0)
				continue; /* gone, or not ours to see */
			if (S_ISREG(st.st_mode)) {
				if (!(st.st_mode & (S_ISUID | S_ISGID)) ||
				    path_push(w, name, &old) < 0)
					continue;
				rc = emit(w, &st);
				path_pop(w, old);
				if (rc < 0)
					break;
				continue;
			}
			if (!S_ISDIR(st.st_mode) || st.st_dev != w->dev ||
			    depth >= SUID_MAX_DEPTH)
				continue;
			sub = openat(dfd, name,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					     O_NONBLOCK | O_CLOEXEC);
			if (sub < 0)
				continue;
			if (path_push(w, name, &old) < 0) {
				close(sub);
				continue;
			}
			rc = walk(w, sub, depth + 1);
			path_pop(w, old);
			if (rc < 0)
				break;
		}
	}
	close(dfd);
	return rc;
}

static int suid_generate(struct qctx *q)
{
	struct suid_walk *w;
	struct stat lst[NDIRS], st[NDIRS];
	bool open_ok[NDIRS], done[NDIRS];
	int fd[NDIRS], pass, rc = 0;
	size_t i, j;

	w = calloc(1, sizeof(*w));
	if (!w)
		return qctx_error(q, "suid_bin: out of memory");
	w->q = q;
	w->want_user = qctx_used(q, SB_USERNAME);
	w->want_group = qctx_used(q, SB_GROUPNAME);
	for (i = 0; i < NDIRS; i++) {
		done[i] = false;
		fd[i] = hostfs_open(suid_dirs[i], O_RDONLY | O_DIRECTORY, 0);
		open_ok[i] = fd[i] >= 0 && fstat(fd[i], &st[i]) == 0 &&
			     hostfs_lstat(suid_dirs[i], &lst[i]) == 0;
	}
	/* Real directories first, in osquery's order; then the links, each
	 * only when its target was not walked already. */
	for (pass = 0; pass < 2 && rc == 0; pass++) {
		for (i = 0; i < NDIRS && rc == 0; i++) {
			bool dup = false;

			if (!open_ok[i] || done[i] ||
			    S_ISLNK(lst[i].st_mode) != (pass == 1))
				continue;
			for (j = 0; j < NDIRS; j++) {
				if (done[j] && st[j].st_dev == st[i].st_dev &&
				    st[j].st_ino == st[i].st_ino)
					dup = true;
			}
			done[i] = true;
			if (dup)
				continue;
			w->dev = st[i].st_dev;
			w->len = strlen(suid_dirs[i]);
			memcpy(w->path, suid_dirs[i], w->len + 1);
			rc = walk(w, fd[i], 0);
			fd[i] = -1; /* walk() closed it */
		}
	}
	for (i = 0; i < NDIRS; i++) {
		if (fd[i] >= 0)
			close(fd[i]);
	}
	for (i = 0; i <= SUID_MAX_DEPTH; i++)
		free(w->bufs[i]);
	idnames_free(&w->users);
	idnames_free(&w->groups);
	free(w);
	return rc;
}

static const struct table suid_table = {
	.name = "suid_bin",
	.desc = "Setuid and setgid files in the system binary directories "
		"and /tmp.",
	.cols = suid_cols,
	.ncols = SB_NCOLS,
	.generate = suid_generate,
};
TABLE_REGISTER(suid_table);
