/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lines.c: file_lines, the lines of text files, and sysctl, the kernel
 * tunables as sysctl(8) names and prints them.  Neither is an osquery
 * table: fleet managers' agents add both (fleetd's file_lines), and their
 * policies lean on them ("is 'install usb-storage /bin/true' in any
 * /etc/modprobe.d/%.conf?").
 *
 * file_lines, one row per line of each file named
 *   path         the path as the constraint gave it or the pattern found it
 *   line         the line without its '\n', and without a '\r' ending it
 *                (CRLF files read as LF files); a file without a final
 *                newline still gives its last line; an empty file gives
 *                no row
 *   line_number  (hidden) the line's number, from 1
 *
 * sysctl, one row per readable file under /proc/sys
 *   name         the path below /proc/sys as sysctl(8) writes it: '/'
 *                becomes '.', and a '.' inside a directory name becomes
 *                '/' ("net.ipv4.conf.eth0/100.rp_filter" for the VLAN
 *                interface eth0.100), so every name maps back to one path
 *   value        what `sysctl -a` prints after "name = ": the content
 *                without its final newline, tabs kept as they are
 *                (kernel.printk is "4\t4\t1\t7").  `sysctl -a` prints each
 *                line of a multi-line value (kernel.core_modes) as a line
 *                of its own, repeating the name; here the value keeps its
 *                lines joined by '\n' in one row
 *
 * Required constraints: file_lines needs `path`, with = (or IN) or LIKE
 * using osquery path patterns ('%' within one component, '%%' any depth,
 * '_' one character; util/pathpat.h).  sysctl needs none; `name = X`
 * reads that one file.
 *
 * Privileges: read permission on the files; root reads everything.  A
 * few /proc/sys files are readable by root only and give no row to other
 * users, like write-only ones and unset secrets (stable_secret, EIO).
 * `sysctl -a` also leaves out a few readable names: the deprecated
 * base_reachable_time and retrans_time of each neigh directory, and
 * vm.stat_refresh; sysctl shows them, as it shows every readable entry.
 *
 * Example:
 *   SELECT path, line FROM file_lines
 *     WHERE path LIKE '/etc/modprobe.d/%.conf'
 *       AND line LIKE 'install usb-storage %';
 *   SELECT value FROM sysctl WHERE name = 'kernel.kptr_restrict';
 *
 * How it works: file_lines is a streaming table (sql/table.h): it hands
 * its rows to SQLite a batch at a time, so a file of millions of lines
 * never sits in memory as rows, and `LIMIT 1` or EXISTS stop the reading.
 * The scan first lists the files (the one path, or what the pattern
 * matches), then opens each O_NONBLOCK and checks with fstat() that it is
 * a regular file (a FIFO or a device gives no row and is never read),
 * reads it in 128 KiB blocks and cuts the lines with memchr (linescan.h),
 * pausing when a batch is full, and before it refills the buffer or moves
 * to the next file while rows of the batch point into it. Nothing is
 * copied into the rows: a row's path points at the scan's own copy, its
 * line (set only when the query uses `line`) into the read buffer, which
 * is moved or refilled only at the next step, after SQLite has read the
 * batch (line_number is always set: it keeps rows of equal lines apart,
 * which SQLite needs when it merges the scans of an OR).  A query that
 * does not read `line` (count(*), say) gets no line cut at all: each
 * block's lines are counted sixteen bytes at a time (linescan_count, held
 * by the fuzz target to the same lines as the cutting) and handed over as
 * one row and a run of numbers after it (qctx_run_int).  `path =` is exact
 * (COL_EXACT), so SQLite does not compare every row's path again. Bounds:
 * the first LINES_FILE_MAX bytes (64 MiB) of a file are read, and a line
 * unfinished at that point is dropped; a line longer than LINES_LINE_MAX
 * (1 MiB) is cut to its first 1 MiB and the rest of it skipped; a file
 * with a NUL byte in its first 8 KiB is taken for binary and gives no
 * row (grep's test).  Being streamed, a scan has no row limit: its
 * memory is one batch and one buffer, whatever the files hold.
 *
 * Symbolic links: a file is opened through links only when every link on
 * the way belongs to root or to the owner of the file reached.  A user
 * cannot make a policy that reads ~/.config/x print /etc/shadow by making
 * x a link to it, while a user's own dotfile links still read.  The links
 * are resolved one component at a time beneath the root and the result is
 * opened with no link allowed anywhere (HOSTFS_NOFOLLOW), so a link
 * planted after the check is refused, not followed.
 *
 * sysctl walks /proc/sys with the pattern "/proc/sys/%%" (pathpat), never
 * following links, and reads each file with a cap of SYSCTL_VALUE_MAX.
 * For `name = X` the name is turned back into its one path, which must
 * stay below /proc/sys (no "..", no empty or "." component).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sql/table.h"
#include "tables/linescan.h"
#include "util/buf.h"
#include "util/hostfs.h"
#include "util/pathpat.h"

/* Bytes of one file read at most; the rest is ignored. */
#define LINES_FILE_MAX ((off_t)64 << 20)
/* Longest line returned whole; a longer one is cut to this many bytes. */
#define LINES_LINE_MAX ((size_t)1 << 20)
/* One read.  Small enough that a short file touches few pages of the
 * buffer (page faults dominate on small files), big enough that long
 * ones take few reads. */
#define LINES_BLOCK ((size_t)128 << 10)
/* A NUL in this many first bytes marks a binary file. */
#define LINES_PROBE ((size_t)8192)
/* The read buffer: a block after what the scanner left (at most
 * LINES_LINE_MAX + 1 bytes, linescan.h). */
#define LINES_BUF_SIZE (LINES_BLOCK + LINES_LINE_MAX + 4096)
/* Symbolic links one path may pass through, as the kernel allows. */
#define LINES_MAX_LINKS 40

#define PROC_SYS "/proc/sys"
/* Longest sysctl value read; the rest is cut. */
#define SYSCTL_VALUE_MAX ((size_t)256 << 10)

/* ---------------------------------------------------------------- */
/* file_lines */

enum {
	FL_PATH,
	FL_LINE,
	FL_LINE_NUMBER,
	FL_NCOLS
};

static const struct column file_lines_cols[] = {
	{ "path", COL_TEXT, COL_INDEX | COL_REQUIRED | COL_EXACT,
	  "Path of the file; = or LIKE with osquery path patterns ('%' one "
	  "level, '%%' any depth)." },
	{ "line", COL_TEXT, 0,
	  "One line of the file, without its newline or a carriage return "
	  "before it." },
	{ "line_number", COL_INTEGER, COL_HIDDEN,
	  "The line's number in the file, counted from 1." },
};

_Static_assert(TABLE_NCOLS(file_lines_cols) == FL_NCOLS,
	       "file_lines column enum and array disagree");

/* A file_lines scan: the files it reads, and where it is in the current
 * one. */
struct lines_scan {
	struct qctx *q; /* this step's */
	char *buf;      /* LINES_BUF_SIZE bytes */
	bool want_line;
	char **paths; /* the files, in order */
	size_t npaths, alloc, next;
	/* The current file; fd is -1 between files.  Its path is
	 * row[FL_ROW_PATH]. */
	int fd;
	struct linescan ls;
	size_t off, have; /* bytes not yet scanned: buf[off, off + have) */
	off_t total;      /* bytes read */
	bool eof, probed;
	/* This step's rows point into buf: it may not be moved or refilled
	 * before the step returns. */
	bool pinned;
	/* A row's values for qctx_emit: the path (the scan's own copy, kept
	 * until the scan ends), the number (always set: it keeps rows of
	 * equal lines distinct) and, when the query reads it, the line (in
	 * buf, as it is until the next step: SQLite reads the batch first). */
	struct qval row[3];
};

enum { FL_ROW_PATH, FL_ROW_NUMBER, FL_ROW_LINE };

/*
 * Resolves the absolute host path beneath the root into dst (size bytes),
 * one component at a time, following symbolic links and writing the uid
 * of each link followed into owners (room for LINES_MAX_LINKS) and their
 * number into *nowners.  ".." stops at the root, as in the kernel's
 * RESOLVE_IN_ROOT.  Returns 0, or -1 with errno set (ENOENT, ELOOP,
 * ENAMETOOLONG ...).
 */
static int resolve(const char *path, char *dst, size_t size, uid_t *owners,
		   int *nowners)
{
	char rest[PATH_MAX], next[PATH_MAX], target[PATH_MAX];
	char done[PATH_MAX] = "";
	size_t dlen = 0;
	int links = 0;

	*nowners = 0;
	if (strlen(path) >= sizeof(rest)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(rest, path, strlen(path) + 1);
	for (;;) {
		char *p = rest, *comp;
		size_t clen;
		struct stat st;
		long tlen;
		int n;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		comp = p;
		clen = strcspn(comp, "/");
		p = comp + clen;
		while (*p == '/')
			p++;
		if (clen == 1 && comp[0] == '.') {
			memmove(rest, p, strlen(p) + 1);
			continue;
		}
		if (clen == 2 && comp[0] == '.' && comp[1] == '.') {
			while (dlen > 0 && done[dlen - 1] != '/')
				dlen--;
			if (dlen > 0)
				dlen--;
			done[dlen] = '\0';
			memmove(rest, p, strlen(p) + 1);
			continue;
		}
		if (dlen + 1 + clen >= sizeof(done)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		done[dlen] = '/';
		memcpy(done + dlen + 1, comp, clen);
		done[dlen + 1 + clen] = '\0';
		memmove(rest, p, strlen(p) + 1);
		if (hostfs_lstat(done, &st) < 0)
			return -1;
		if (!S_ISLNK(st.st_mode)) {
			dlen += 1 + clen;
			continue;
		}
		/* A link: its target takes the place of this component. */
		if (++links > LINES_MAX_LINKS) {
			errno = ELOOP;
			return -1;
		}
		owners[(*nowners)++] = st.st_uid;
		tlen = hostfs_readlink(done, target, sizeof(target));
		if (tlen < 0)
			return -1;
		if ((size_t)tlen >= sizeof(target) - 1) {
			errno = ENAMETOOLONG;
			return -1;
		}
		n = snprintf(next, sizeof(next), "%s/%s", target, rest);
		if (n < 0 || (size_t)n >= sizeof(next)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(rest, next, (size_t)n + 1);
		if (target[0] == '/')
			dlen = 0; /* an absolute target starts at the root */
		done[dlen] = '\0';
	}
	if (dlen + 2 > size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (dlen == 0)
		memcpy(dst, "/", 2);
	else
		memcpy(dst, done, dlen + 1);
	return 0;
}

/*
 * Opens the regular file at path for reading under the link rule above.
 * Returns the descriptor, or -1 when there is nothing to read (no file,
 * not a regular file, a link not allowed).
 */
static int open_lines(const char *path)
{
	const int oflags = O_RDONLY | O_NONBLOCK | O_NOCTTY;
	uid_t owners[LINES_MAX_LINKS];
	char real[PATH_MAX];
	struct stat st;
	int fd, n = 0, i;

	/* Most paths hold no link at all: one open settles them. */
	fd = hostfs_open(path, oflags, HOSTFS_NOFOLLOW);
	if (fd < 0) {
		if (errno != ELOOP)
			return -1;
		if (resolve(path, real, sizeof(real), owners, &n) < 0)
			return -1;
		fd = hostfs_open(real, oflags, HOSTFS_NOFOLLOW);
		if (fd < 0)
			return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		goto refuse;
	for (i = 0; i < n; i++)
		if (owners[i] != 0 && owners[i] != st.st_uid)
			goto refuse;
	return fd;
refuse:
	close(fd);
	return -1;
}

static int line_cb(const char *line, size_t len, int64_t number, bool cut,
		   void *arg)
{
	struct lines_scan *sc = arg;

	(void)cut;
	sc->pinned = true;
	sc->row[FL_ROW_NUMBER].i = number;
	sc->row[FL_ROW_LINE].s = line;
	sc->row[FL_ROW_LINE].n = len;
	return qctx_emit(sc->q, sc->row, 3);
}

/*
 * Counts the lines of buf[off, off + have) for a query that does not read
 * them and hands them over as one row and a run numbering the rest
 * (qctx_run_int), which ends the batch.  1 when rows were added, 0 when
 * there were none, -1 on error.
 */
static int lines_count(struct lines_scan *sc)
{
	int64_t lines = linescan_count(&sc->ls, sc->buf + sc->off, sc->have,
				       sc->eof);
	int64_t first = sc->ls.number - lines + 1;

	sc->off = 0;
	sc->have = 0;
	if (lines == 0)
		return 0;
	sc->row[FL_ROW_NUMBER].i = first;
	if (qctx_emit(sc->q, sc->row, 2) < 0 ||
	    qctx_run_int(sc->q, FL_LINE_NUMBER, first + 1,
			 (uint64_t)(lines - 1)) < 0)
		return -1;
	return 1;
}

/* Starts on the file at path.  0, or -1 when it cannot be read (it gives
 * no row). */
static int lines_start(struct lines_scan *sc, const char *path)
{
	sc->fd = open_lines(path);
	if (sc->fd < 0)
		return -1;
	(void)posix_fadvise(sc->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	sc->row[FL_ROW_PATH] = (struct qval){ .col = FL_PATH,
		.kind = QVAL_TEXTREF, .s = path, .n = strlen(path) };
	linescan_init(&sc->ls, LINES_LINE_MAX);
	sc->off = 0;
	sc->have = 0;
	sc->total = 0;
	sc->eof = false;
	sc->probed = false;
	return 0;
}

/*
 * Reads and scans the current file until the batch is full or rows of it
 * point into a buffer that must be refilled (1), or the file gives no
 * more rows (0); -1 when a row could not be added (the error is set).
 */
static int lines_more(struct lines_scan *sc)
{
	ssize_t n, used;

	for (;;) {
		size_t want = LINES_BLOCK;

		if (sc->probed && !sc->want_line) {
			int rc = lines_count(sc);

			if (rc != 0)
				return rc;
			if (sc->eof)
				return 0;
		} else if (sc->probed) {
			used = linescan_feed(&sc->ls, sc->buf + sc->off,
					     sc->have, sc->eof, line_cb, sc);
			if (used < 0)
				return -1;
			sc->off += (size_t)used;
			sc->have -= (size_t)used;
			if (qctx_full(sc->q))
				return 1;
			if (sc->eof)
				return 0;
		}
		/* Rows of this batch point into the buffer: hand them over
		 * before it changes. */
		if (sc->pinned)
			return 1;
		/* There is always room for a block after what is left. */
		if (sc->off > 0) {
			memmove(sc->buf, sc->buf + sc->off, sc->have);
			sc->off = 0;
		}
		if ((off_t)want > LINES_FILE_MAX - sc->total)
			want = (size_t)(LINES_FILE_MAX - sc->total);
		if (want == 0) {
			char c;

			/* At the cap: is there more?  Then the unfinished
			 * line is dropped, not passed on as if whole. */
			do
				n = read(sc->fd, &c, 1);
			while (n < 0 && errno == EINTR);
			if (n != 0)
				return 0;
			sc->eof = true;
		} else {
			n = read(sc->fd, sc->buf + sc->have, want);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return 0; /* EIO mid-file: keep the lines so far */
			if (n == 0)
				sc->eof = true;
			sc->have += (size_t)n;
			sc->total += n;
		}
		if (!sc->probed) {
			if (sc->have < LINES_PROBE && !sc->eof)
				continue;
			if (memchr(sc->buf, '\0',
				   sc->have < LINES_PROBE ? sc->have : LINES_PROBE))
				return 0; /* binary: no row */
			sc->probed = true;
		}
	}
}

/* Adds a copy of path to the files the scan reads.  0, or -1. */
static int lines_add(struct lines_scan *sc, const char *path)
{
	if (sc->npaths == sc->alloc) {
		size_t na = sc->alloc ? sc->alloc * 2 : 8;
		char **p = reallocarray(sc->paths, na, sizeof(*p));

		if (!p)
			return -1;
		sc->paths = p;
		sc->alloc = na;
	}
	sc->paths[sc->npaths] = strdup(path);
	if (!sc->paths[sc->npaths])
		return -1;
	sc->npaths++;
	return 0;
}

static int lines_path_cb(const char *path, void *arg)
{
	return lines_add(arg, path);
}

static void file_lines_close(void *state)
{
	struct lines_scan *sc = state;
	size_t i;

	if (sc->fd >= 0)
		close(sc->fd);
	for (i = 0; i < sc->npaths; i++)
		free(sc->paths[i]);
	free(sc->paths);
	free(sc->buf);
	free(sc);
}

/* Finds the files: the path given, or those the pattern matches. */
static int file_lines_open(struct qctx *q, void **state)
{
	struct lines_scan *sc;
	const char *const *v;
	void *p;
	int rc = 0;

	sc = calloc(1, sizeof(*sc));
	if (!sc)
		return qctx_error(q, "table file_lines: out of memory");
	*state = sc;
	sc->fd = -1;
	sc->want_line = qctx_used(q, FL_LINE);
	sc->row[FL_ROW_NUMBER] = (struct qval){ .col = FL_LINE_NUMBER,
		.kind = QVAL_INT };
	sc->row[FL_ROW_LINE] = (struct qval){ .col = FL_LINE,
		.kind = QVAL_TEXTREF };
	if (posix_memalign(&p, 4096, LINES_BUF_SIZE) != 0)
		return qctx_error(q, "table file_lines: out of memory");
	sc->buf = p;
	/* All constraints are ANDed: one = names the only file there is. */
	if (qctx_values(q, FL_PATH, QOP_EQ, &v) > 0) {
		if (v[0][0] == '/')
			rc = lines_add(sc, v[0]);
	} else if (qctx_values(q, FL_PATH, QOP_LIKE, &v) > 0) {
		rc = pathpat_expand(v[0], 0, 0, lines_path_cb, sc);
		if (rc < 0 && errno != ENOMEM)
			return qctx_error(q,
					  "table file_lines: cannot expand '%s': %s",
					  v[0], strerror(errno));
	}
	if (rc < 0)
		return qctx_error(q, "table file_lines: out of memory");
	return 0;
}

/* Emits the next batch of lines, file after file. */
static int file_lines_step(struct qctx *q, void *state)
{
	struct lines_scan *sc = state;
	int rc;

	sc->q = q;
	sc->pinned = false;
	for (;;) {
		if (sc->fd < 0) {
			if (sc->next >= sc->npaths)
				return 0;
			if (sc->pinned)
				return 1; /* the next file reuses the buffer */
			if (lines_start(sc, sc->paths[sc->next++]) < 0)
				continue;
		}
		rc = lines_more(sc);
		if (rc != 0)
			return rc;
		close(sc->fd);
		sc->fd = -1;
	}
}

static const struct table_stream file_lines_stream = {
	.open = file_lines_open,
	.step = file_lines_step,
	.close = file_lines_close,
};

static const struct table file_lines_table = {
	.name = "file_lines",
	.desc = "The lines of text files: one row per line of each file named.",
	.cols = file_lines_cols,
	.ncols = FL_NCOLS,
	.stream = &file_lines_stream,
};

TABLE_REGISTER(file_lines_table);

/* ---------------------------------------------------------------- */
/* sysctl */

enum {
	SY_NAME,
	SY_VALUE,
	SY_NCOLS
};

static const struct column sysctl_cols[] = {
	{ "name", COL_TEXT, COL_INDEX,
	  "Name as sysctl(8) writes it: the path below /proc/sys with '/' "
	  "as '.' and a '.' in a directory name as '/'." },
	{ "value", COL_TEXT, 0,
	  "Value as `sysctl -a` prints it: the content without its final "
	  "newline (tabs kept; lines of a multi-line value joined by newlines)." },
};

_Static_assert(TABLE_NCOLS(sysctl_cols) == SY_NCOLS,
	       "sysctl column enum and array disagree");

struct sysctl_gen {
	struct qctx *q;
	struct buf value;
	bool failed;
};

/* Swaps '/' and '.' in s[0..n): sysctl's names and /proc/sys paths map
 * onto each other so. */
static void swap_dots(char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '/')
			s[i] = '.';
		else if (s[i] == '.')
			s[i] = '/';
	}
}

/* Emits the control at host path (below /proc/sys).  0, or -1 to stop. */
static int sysctl_emit(struct sysctl_gen *g, const char *path)
{
	const size_t skip = sizeof(PROC_SYS); /* "/proc/sys/" */
	char name[PATH_MAX];
	struct stat st;
	size_t n;

	if (strlen(path) <= skip || strlen(path) >= sizeof(name) + skip)
		return 0;
	if (hostfs_lstat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    !(st.st_mode & 0444))
		return 0;
	/* Read even when the value is not asked for: an unreadable control
	 * gives no row, and the rows must not depend on the columns. */
	buf_reset(&g->value);
	if (hostfs_read_file(path, SYSCTL_VALUE_MAX, HOSTFS_NOFOLLOW, &g->value,
			     NULL) < 0)
		return 0;
	n = strlen(path + skip);
	memcpy(name, path + skip, n + 1);
	swap_dots(name, n);
	if (qctx_row(g->q) < 0) {
		g->failed = true;
		return -1;
	}
	qctx_set_textn(g->q, SY_NAME, name, n);
	if (qctx_used(g->q, SY_VALUE)) {
		n = g->value.len;
		if (n > 0 && g->value.data[n - 1] == '\n')
			n--;
		qctx_set_textn(g->q, SY_VALUE, g->value.data ? g->value.data : "",
			       n);
	}
	return 0;
}

static int sysctl_walk_cb(const char *path, void *arg)
{
	return sysctl_emit(arg, path);
}

/* Emits the control called name, if there is one. */
static int sysctl_lookup(struct sysctl_gen *g, const char *name)
{
	char path[PATH_MAX];
	const char *c;
	size_t n = strlen(name), len;
	int k;

	k = snprintf(path, sizeof(path), PROC_SYS "/%s", name);
	if (n == 0 || k < 0 || (size_t)k >= sizeof(path))
		return 0;
	swap_dots(path + sizeof(PROC_SYS), n);
	/* Every component a plain name: nothing may climb out of /proc/sys. */
	for (c = path + sizeof(PROC_SYS);; c += len + 1) {
		len = strcspn(c, "/");
		if (len == 0 || (len == 1 && c[0] == '.') ||
		    (len == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		if (c[len] == '\0')
			break;
	}
	return sysctl_emit(g, path);
}

static int sysctl_generate(struct qctx *q)
{
	struct sysctl_gen g;
	const char *const *v;
	int n, i, rc = 0;

	memset(&g, 0, sizeof(g));
	g.q = q;
	buf_init(&g.value, SYSCTL_VALUE_MAX);
	n = qctx_values(q, SY_NAME, QOP_EQ, &v);
	if (n > 0) {
		for (i = 0; i < n && rc == 0; i++)
			rc = sysctl_lookup(&g, v[i]);
	} else {
		rc = pathpat_expand(PROC_SYS "/%%", 0, 0, sysctl_walk_cb, &g);
		if (rc < 0 && !g.failed)
			qctx_error(q, "table sysctl: cannot walk " PROC_SYS ": %s",
				   strerror(errno));
	}
	buf_release(&g.value);
	return rc < 0 ? -1 : 0;
}

static const struct table sysctl_table = {
	.name = "sysctl",
	.desc = "Kernel tunables under /proc/sys, named and printed as sysctl -a does.",
	.cols = sysctl_cols,
	.ncols = SY_NCOLS,
	.generate = sysctl_generate,
};

TABLE_REGISTER(sysctl_table);
