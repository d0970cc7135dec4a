/* SPDX-License-Identifier: Apache-2.0 */
/*
 * procfd.c: the process_open_files, process_open_pipes and
 * process_namespaces tables, and the pid list, descriptor walk and line
 * reader that every per-process table shares (procfd.h).
 *
 * process_open_files: one row per descriptor naming a path.
 *   pid, fd     the process and the descriptor (a name in /proc/PID/fd)
 *   path        the link's target, when it is a path (starts with '/'):
 *               files, directories, devices, FIFOs, and deleted files
 *               with the kernel's " (deleted)" suffix.  Sockets, pipes,
 *               anon_inode: and namespace descriptors are left out, as
 *               osquery leaves them out.
 *
 * process_open_pipes: one row per (pipe descriptor, partner descriptor).
 *   pid, fd     a descriptor open on a pipe
 *   mode        "r", "w" or "rw": the access mode from the flags: line of
 *               /proc/PID/fdinfo/FD (the link's own permission bits on the
 *               live host when fdinfo cannot be read); NULL when unknown
 *   inode       the pipe's inode: the number in "pipe:[N]", or for a FIFO
 *               (type "named") the inode of the file
 *   type        "anonymous" or "named"
 *   partner_pid, partner_fd, partner_mode
 *               another descriptor, in any process, open on the same pipe
 *               for the other direction (a different mode, or either one
 *               "rw").  A descriptor with several partners has a row for
 *               each; one with none has one row with NULL partners.
 *
 * process_namespaces: one row per process.
 *   pid                the process
 *   cgroup_namespace ... uts_namespace
 *               the inode number in each /proc/PID/ns/{cgroup,ipc,mnt,net,
 *               pid,user,uts} link ("net:[4026531840]" gives
 *               "4026531840"); NULL when the link cannot be read
 *
 * Required constraints: none.  pid is an index on process_open_files and
 * process_namespaces: WHERE pid = N reads only that process.
 * process_open_pipes has no index on pid in osquery's schema, and a
 * partner can be in any process, so it always walks every process.
 *
 * Privileges: reading another user's descriptors and namespace links
 * needs root (or CAP_SYS_PTRACE); without it those processes have no rows
 * in process_open_files and process_open_pipes, and NULL namespaces.
 *
 * Examples:
 *   SELECT pid, fd, path FROM process_open_files
 *   WHERE path LIKE '%(deleted)';
 *   SELECT p.pid, p.fd, p.mode, p.partner_pid, q.name
 *   FROM process_open_pipes p JOIN processes q ON q.pid = p.partner_pid;
 *   SELECT pid FROM process_namespaces
 *   WHERE net_namespace != (SELECT net_namespace FROM process_namespaces
 *                           WHERE pid = 1);
 *
 * How it works: each process's /proc/PID/fd is opened once through hostfs
 * and its links read with readlinkat() relative to it, in fd order.  Pipes
 * are collected across every process first, then sorted by inode so each
 * descriptor finds its partners by binary search.  A FIFO is recognised by
 * a statx() through the descriptor itself on the live host (it works
 * whatever mount namespace the process is in, and AT_STATX_DONT_SYNC keeps
 * a dead network mount from hanging it) and by a stat of the path beneath
 * the root otherwise, since following a fixture's link to "/x" with the
 * host's own resolution would leave the root.
 */
#include "tables/procfd.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sql/table.h"
#include "tables/netproc.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* ---- shared helpers ----------------------------------------------------- */

long procfd_parse_pid(const char *s)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT_MAX - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v > 0 ? v : -1;
}

/* An fd name: all digits, 0 to INT_MAX.  Returns it or -1. */
static long parse_fd(const char *s)
{
	if (s[0] == '0' && s[1] == '\0')
		return 0;
	if (s[0] == '0')
		return -1;
	return procfd_parse_pid(s);
}

/* True for a whole number no process can have: 0 or negative. */
static bool never_a_pid(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* Sorts an array of long and drops repeats.  Returns how many remain. */
static size_t sort_unique(long *v, size_t n)
{
	size_t i, k = 0;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_long);
	for (i = 1; i < n; i++)
		if (v[i] != v[k])
			v[++k] = v[i];
	return k + 1;
}

int procfd_pids(struct qctx *q, int col, bool orphans, const char *table,
		struct buf *list, size_t *n, bool *listed)
{
	const char *const *vals;
	struct dirent *de;
	DIR *d;
	long pid;
	int i, nv = 0;

	*n = 0;
	if (col >= 0)
		nv = qctx_values(q, col, QOP_EQ, &vals);
	for (i = 0; i < nv; i++)
		if (procfd_parse_pid(vals[i]) < 0 &&
		    (orphans || !never_a_pid(vals[i])))
			break;
	if (nv > 0 && i == nv) {
		/* pid = -1 (a socket no process holds, say) reads nothing. */
		*listed = false;
		for (i = 0; i < nv; i++) {
			pid = procfd_parse_pid(vals[i]);
			if (pid < 0)
				continue;
			if (buf_add(list, &pid, sizeof(pid)) < 0)
				return qctx_error(q, "%s: %s", table,
						  strerror(errno));
		}
		goto done;
	}

	/* A value that is no pid ("1.5", " 1") matches nothing here, but
	 * SQLite compares the values itself: listing all is always right. */
	*listed = true;
	d = hostfs_opendir("/proc", 0);
	if (!d) {
		if (errno == ENOENT)
			return 0; /* an image with no /proc: no processes */
		return qctx_error(q, "%s: cannot list /proc: %s", table,
				  strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
		pid = procfd_parse_pid(de->d_name);
		if (pid < 0)
			continue;
		if (buf_add(list, &pid, sizeof(pid)) < 0) {
			closedir(d);
			return qctx_error(q, "%s: %s", table, strerror(errno));
		}
	}
	closedir(d);
done:
	*n = sort_unique((long *)(void *)list->data, list->len / sizeof(long));
	return 0;
}

int procfd_walk(long pid, struct buf *scratch,
		int (*fn)(void *arg, long pid, const struct procfd_link *l),
		void *arg)
{
	char path[64], name[24], link[PATH_MAX];
	struct procfd_link l;
	struct dirent *de;
	size_t i, n;
	long *fds, fd;
	ssize_t len;
	DIR *d;
	int dfd, rc = 0;

	snprintf(path, sizeof(path), "/proc/%ld/fd", pid);
	dfd = hostfs_open(path, O_RDONLY | O_DIRECTORY, 0);
	if (dfd < 0)
		return 0; /* gone, or not ours to read */
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 0;
	}
	buf_reset(scratch);
	while ((de = readdir(d)) != NULL) {
		fd = parse_fd(de->d_name);
		if (fd < 0)
			continue;
		if (buf_add(scratch, &fd, sizeof(fd)) < 0) {
			rc = -1;
			goto out;
		}
	}
	fds = (long *)(void *)scratch->data;
	n = scratch->len / sizeof(long);
	/* The kernel lists descriptors in order; a fixture may not. */
	for (i = 1; i < n; i++)
		if (fds[i - 1] > fds[i])
			break;
	if (i < n)
		n = sort_unique(fds, n);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%ld", fds[i]);
		len = readlinkat(dirfd(d), name, link, sizeof(link) - 1);
		if (len < 0 && errno == EACCES)
			break; /* the next ones will be refused just the same */
		if (len < 0)
			continue; /* closed since the listing */
		link[len] = '\0';
		l.fd = fds[i];
		l.dirfd = dirfd(d);
		l.name = name;
		l.link = link;
		l.len = (size_t)len;
		if (fn(arg, pid, &l) < 0) {
			errno = ECANCELED;
			rc = -1;
			break;
		}
	}
out:
	closedir(d);
	return rc;
}

int procfd_lines(const char *path,
		 int (*fn)(void *arg, const char *line, size_t len), void *arg)
{
	const size_t size = PROCFD_LINE_MAX;
	size_t have = 0, start;
	bool skipping = false;
	char *b, *nl;
	ssize_t n;
	int fd, saved, rc = -1;

	fd = hostfs_open(path, O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	b = malloc(size);
	if (!b)
		goto out;
	for (;;) {
		n = read(fd, b + have, size - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break; /* what is left has no newline: cut short */
		have += (size_t)n;
		start = 0;
		while ((nl = memchr(b + start, '\n', have - start)) != NULL) {
			size_t len = (size_t)(nl - (b + start));

			if (!skipping && fn(arg, b + start, len) < 0) {
				errno = ECANCELED;
				goto out;
			}
			skipping = false;
			start += len + 1;
		}
		if (start > 0) {
			memmove(b, b + start, have - start);
			have -= start;
		} else if (have == size) {
			/* A line that fills the buffer: drop it up to its
			 * newline. */
			skipping = true;
			have = 0;
		}
	}
	rc = 0;
out:
	saved = errno;
	free(b);
	close(fd);
	errno = saved;
	return rc;
}

/* ---- process_open_files ------------------------------------------------- */

enum files_col {
	OF_PID,
	OF_FD,
	OF_PATH,
	OF_NCOLS
};

static const struct column files_cols[] = {
	{ "pid", COL_BIGINT, COL_INDEX, "Process (or thread group) ID." },
	{ "fd", COL_BIGINT, 0, "The descriptor's number in the process." },
	{ "path", COL_TEXT, 0,
	  "Path the descriptor is open on, as /proc/PID/fd shows it." },
};

_Static_assert(TABLE_NCOLS(files_cols) == OF_NCOLS,
	       "process_open_files: column array and enum disagree");

static int files_fn(void *arg, long pid, const struct procfd_link *l)
{
	struct qctx *q = arg;

	if (l->len == 0 || l->link[0] != '/')
		return 0; /* socket:[N], pipe:[N], anon_inode:..., net:[N] */
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, OF_PID, pid);
	qctx_set_int(q, OF_FD, l->fd);
	qctx_set_textn(q, OF_PATH, l->link, l->len);
	return 0;
}

static int files_generate(struct qctx *q)
{
	struct buf pids = BUF_INIT(PROCFD_MAX_PIDS * sizeof(long));
	struct buf scratch = BUF_INIT(PROCFD_MAX_PIDS * sizeof(long));
	const long *p;
	size_t i, n;
	bool listed;
	int rc = -1;

	if (procfd_pids(q, OF_PID, false, "process_open_files", &pids, &n,
			&listed) < 0)
		goto out;
	p = (const long *)(void *)pids.data;
	for (i = 0; i < n; i++) {
		if (procfd_walk(p[i], &scratch, files_fn, q) < 0) {
			if (errno != ECANCELED)
				qctx_error(q, "process_open_files: %s",
					   strerror(errno));
			goto out;
		}
	}
	rc = 0;
out:
	buf_release(&pids);
	buf_release(&scratch);
	return rc;
}

static const struct table process_open_files_table = {
	.name = "process_open_files",
	.desc = "File descriptors each process holds open on paths.",
	.cols = files_cols,
	.ncols = OF_NCOLS,
	.generate = files_generate,
};

TABLE_REGISTER(process_open_files_table);

/* ---- process_open_pipes ------------------------------------------------- */

enum pipes_col {
	OP_PID,
	OP_FD,
	OP_MODE,
	OP_INODE,
	OP_TYPE,
	OP_PARTNER_PID,
	OP_PARTNER_FD,
	OP_PARTNER_MODE,
	OP_NCOLS
};

static const struct column pipes_cols[] = {
	{ "pid", COL_BIGINT, 0, "Process (or thread group) ID." },
	{ "fd", COL_BIGINT, 0, "The descriptor's number in the process." },
	{ "mode", COL_TEXT, 0,
	  "Direction the descriptor is open for: r, w or rw." },
	{ "inode", COL_BIGINT, 0, "Inode of the pipe or FIFO." },
	{ "type", COL_TEXT, 0,
	  "anonymous for a pipe(2), named for a FIFO in the filesystem." },
	{ "partner_pid", COL_BIGINT, 0,
	  "Process holding the other end of the pipe." },
	{ "partner_fd", COL_BIGINT, 0,
	  "The partner's descriptor number." },
	{ "partner_mode", COL_TEXT, 0,
	  "Direction the partner's descriptor is open for." },
};

_Static_assert(TABLE_NCOLS(pipes_cols) == OP_NCOLS,
	       "process_open_pipes: column array and enum disagree");

/* Access modes, as O_ACCMODE gives them; MODE_UNKNOWN when unread. */
enum { MODE_UNKNOWN = -1 };

struct pipe_ent {
	long pid;
	long fd;
	uint64_t inode;
	int mode;   /* O_RDONLY, O_WRONLY, O_RDWR or MODE_UNKNOWN */
	bool named;
};

#define PIPES_CAP ((size_t)256 << 20)

struct pipes {
	struct qctx *q;
	struct buf ents; /* struct pipe_ent, in pid and fd order */
	bool live;
};

static const char *mode_text(int mode)
{
	switch (mode) {
	case O_RDONLY:
		return "r";
	case O_WRONLY:
		return "w";
	case O_RDWR:
		return "rw";
	default:
		return NULL;
	}
}

/* The descriptor's access mode: fdinfo's flags, or on the live host the
 * link's permission bits, which the kernel sets from the same mode. */
static int read_mode(const struct pipes *ps, long pid,
		     const struct procfd_link *l)
{
	char path[64], text[512];
	unsigned flags;
	struct stat st;
	long n;
	bool r, w;

	snprintf(path, sizeof(path), "/proc/%ld/fdinfo/%ld", pid, l->fd);
	n = hostfs_read_small(path, text, sizeof(text));
	if (n >= 0 && netproc_parse_fdinfo_flags(text, (size_t)n, &flags) == 0)
		return (int)(flags & O_ACCMODE) == 3 ? MODE_UNKNOWN
						     : (int)(flags & O_ACCMODE);
	if (!ps->live ||
	    fstatat(l->dirfd, l->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return MODE_UNKNOWN;
	r = st.st_mode & S_IRUSR;
	w = st.st_mode & S_IWUSR;
	if (r && w)
		return O_RDWR;
	if (w)
		return O_WRONLY;
	return r ? O_RDONLY : MODE_UNKNOWN;
}

static int pipes_fn(void *arg, long pid, const struct procfd_link *l)
{
	struct pipes *ps = arg;
	struct pipe_ent e;
	struct statx stx;
	struct stat st;

	memset(&e, 0, sizeof(e));
	if (netproc_link_inode(l->link, l->len, "pipe", &e.inode) == 0) {
		e.named = false;
	} else if (l->len > 0 && l->link[0] == '/') {
		/*
		 * Maybe a FIFO.  Live, stat through the descriptor (a magic
		 * link), from the cache only: a file on a dead NFS or FUSE
		 * mount must not hang the scan, and a file's type never
		 * changes.  Under a root, stat the path beneath the root.
		 */
		if (ps->live) {
			if (statx(l->dirfd, l->name, AT_STATX_DONT_SYNC,
				  STATX_TYPE | STATX_INO, &stx) < 0 ||
			    !(stx.stx_mask & STATX_TYPE) ||
			    !S_ISFIFO(stx.stx_mode))
				return 0;
			e.inode = stx.stx_ino;
		} else {
			if (hostfs_stat(l->link, &st) < 0 ||
			    !S_ISFIFO(st.st_mode))
				return 0;
			e.inode = (uint64_t)st.st_ino;
		}
		e.named = true;
	} else {
		return 0;
	}
	e.pid = pid;
	e.fd = l->fd;
	e.mode = read_mode(ps, pid, l);
	if (buf_add(&ps->ents, &e, sizeof(e)) < 0) {
		qctx_error(ps->q, "process_open_pipes: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Orders indices into the entry array (arg) by pipe, then by position. */
static int cmp_by_inode(const void *a, const void *b, void *arg)
{
	const struct pipe_ent *base = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct pipe_ent *x = &base[i], *y = &base[j];

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->named != y->named)
		return x->named ? 1 : -1;
	return (i > j) - (i < j);
}

static bool same_pipe(const struct pipe_ent *a, const struct pipe_ent *b)
{
	return a->inode == b->inode && a->named == b->named;
}

/* True when b is a partner of a: another descriptor, for the other
 * direction (or either unknown or both ways). */
static bool partners(const struct pipe_ent *a, const struct pipe_ent *b)
{
	if (a->pid == b->pid && a->fd == b->fd)
		return false;
	if (a->mode == MODE_UNKNOWN || b->mode == MODE_UNKNOWN)
		return true;
	return a->mode != b->mode || a->mode == O_RDWR;
}

static int pipe_row(struct qctx *q, const struct pipe_ent *e,
		    const struct pipe_ent *p)
{
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, OP_PID, e->pid);
	qctx_set_int(q, OP_FD, e->fd);
	qctx_set_text(q, OP_MODE, mode_text(e->mode));
	qctx_set_int(q, OP_INODE, (int64_t)e->inode);
	qctx_set_text(q, OP_TYPE, e->named ? "named" : "anonymous");
	if (p) {
		qctx_set_int(q, OP_PARTNER_PID, p->pid);
		qctx_set_int(q, OP_PARTNER_FD, p->fd);
		qctx_set_text(q, OP_PARTNER_MODE, mode_text(p->mode));
	}
	return 0;
}

/* Emits each entry's rows, finding partners through the inode order. */
static int pipes_emit(struct pipes *ps)
{
	const struct pipe_ent *ents = (const void *)ps->ents.data;
	size_t n = ps->ents.len / sizeof(*ents), i, k, lo, hi;
	size_t *order, *pos;
	bool found;
	int rc = -1;

	if (n == 0)
		return 0;
	order = calloc(n, sizeof(*order));
	pos = calloc(n, sizeof(*pos));
	if (!order || !pos) {
		qctx_error(ps->q, "process_open_pipes: out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof(*order), cmp_by_inode, (void *)ents);
	for (i = 0; i < n; i++)
		pos[order[i]] = i;
	for (i = 0; i < n; i++) {
		/* The run of entries on the same pipe around pos[i]. */
		lo = hi = pos[i];
		while (lo > 0 && same_pipe(&ents[order[lo - 1]], &ents[i]))
			lo--;
		while (hi + 1 < n && same_pipe(&ents[order[hi + 1]], &ents[i]))
			hi++;
		found = false;
		for (k = lo; k <= hi; k++) {
			if (!partners(&ents[i], &ents[order[k]]))
				continue;
			if (pipe_row(ps->q, &ents[i], &ents[order[k]]) < 0)
				goto out;
			found = true;
		}
		if (!found && pipe_row(ps->q, &ents[i], NULL) < 0)
			goto out;
	}
	rc = 0;
out:
	free(order);
	free(pos);
	return rc;
}

static int pipes_generate(struct qctx *q)
{
	struct buf pids = BUF_INIT(PROCFD_MAX_PIDS * sizeof(long));
	struct buf scratch = BUF_INIT(PROCFD_MAX_PIDS * sizeof(long));
	struct pipes ps;
	const long *p;
	size_t i, n;
	bool listed;
	int rc = -1;

	memset(&ps, 0, sizeof(ps));
	ps.q = q;
	ps.live = hostfs_is_live();
	buf_init(&ps.ents, PIPES_CAP);
	if (procfd_pids(q, -1, false, "process_open_pipes",
			&pids, &n, &listed) < 0)
		goto out;
	p = (const long *)(void *)pids.data;
	for (i = 0; i < n; i++) {
		if (procfd_walk(p[i], &scratch, pipes_fn, &ps) < 0) {
			if (errno != ECANCELED)
				qctx_error(q, "process_open_pipes: %s",
					   strerror(errno));
			goto out;
		}
	}
	rc = pipes_emit(&ps);
out:
	buf_release(&ps.ents);
	buf_release(&pids);
	buf_release(&scratch);
	return rc;
}

static const struct table process_open_pipes_table = {
	.name = "process_open_pipes",
	.desc = "Pipes and FIFOs processes hold open, with the process at the "
		"other end.",
	.cols = pipes_cols,
	.ncols = OP_NCOLS,
	.generate = pipes_generate,
};

TABLE_REGISTER(process_open_pipes_table);

/* ---- process_namespaces ------------------------------------------------- */

enum ns_col {
	NS_PID,
	NS_CGROUP,
	NS_IPC,
	NS_MNT,
	NS_NET,
	NS_PID_NS,
	NS_USER,
	NS_UTS,
	NS_NCOLS
};

static const struct column ns_cols[] = {
	{ "pid", COL_INTEGER, COL_INDEX | COL_OPTIMIZED,
	  "Process (or thread group) ID." },
	{ "cgroup_namespace", COL_TEXT, 0, "Inode of the cgroup namespace." },
	{ "ipc_namespace", COL_TEXT, 0, "Inode of the IPC namespace." },
	{ "mnt_namespace", COL_TEXT, 0, "Inode of the mount namespace." },
	{ "net_namespace", COL_TEXT, 0, "Inode of the network namespace." },
	{ "pid_namespace", COL_TEXT, 0, "Inode of the PID namespace." },
	{ "user_namespace", COL_TEXT, 0, "Inode of the user namespace." },
	{ "uts_namespace", COL_TEXT, 0,
	  "Inode of the UTS (host and domain name) namespace." },
};

_Static_assert(TABLE_NCOLS(ns_cols) == NS_NCOLS,
	       "process_namespaces: column array and enum disagree");

/* The ns link names, in column order from NS_CGROUP. */
static const char *const ns_names[] = {
	"cgroup", "ipc", "mnt", "net", "pid", "user", "uts",
};

_Static_assert(sizeof(ns_names) / sizeof(ns_names[0]) == NS_NCOLS - 1,
	       "process_namespaces: names and columns disagree");

static int ns_emit(struct qctx *q, long pid)
{
	char path[64], link[128], num[24];
	uint64_t ino;
	struct stat st;
	ssize_t len;
	size_t i;
	int dfd;

	snprintf(path, sizeof(path), "/proc/%ld/ns", pid);
	dfd = hostfs_open(path, O_PATH | O_DIRECTORY, 0);
	if (dfd < 0) {
		/* No ns directory: a row only if the process is there. */
		snprintf(path, sizeof(path), "/proc/%ld", pid);
		if (hostfs_stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
			return 0;
	}
	if (qctx_row(q) < 0) {
		if (dfd >= 0)
			close(dfd);
		return -1;
	}
	qctx_set_int(q, NS_PID, pid);
	for (i = 0; dfd >= 0 && i < NS_NCOLS - 1; i++) {
		if (!qctx_used(q, NS_CGROUP + (int)i))
			continue;
		len = readlinkat(dfd, ns_names[i], link, sizeof(link) - 1);
		if (len < 0)
			continue;
		if (netproc_link_inode(link, (size_t)len, ns_names[i],
				       &ino) < 0)
			continue;
		snprintf(num, sizeof(num), "%llu", (unsigned long long)ino);
		qctx_set_text(q, NS_CGROUP + (int)i, num);
	}
	if (dfd >= 0)
		close(dfd);
	return 0;
}

static int ns_generate(struct qctx *q)
{
	struct buf pids = BUF_INIT(PROCFD_MAX_PIDS * sizeof(long));
	const long *p;
	size_t i, n;
	bool listed;
	int rc = -1;

	if (procfd_pids(q, NS_PID, false, "process_namespaces", &pids, &n,
			&listed) < 0)
		goto out;
	p = (const long *)(void *)pids.data;
	for (i = 0; i < n; i++)
		if (ns_emit(q, p[i]) < 0)
			goto out;
	rc = 0;
out:
	buf_release(&pids);
	return rc;
}

static const struct table process_namespaces_table = {
	.name = "process_namespaces",
	.desc = "The namespaces (cgroup, ipc, mnt, net, pid, user, uts) of "
		"each process.",
	.cols = ns_cols,
	.ncols = NS_NCOLS,
	.generate = ns_generate,
};

TABLE_REGISTER(process_namespaces_table);
