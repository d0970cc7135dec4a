/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pathpat.c: osquery path patterns expanded through hostfs (see pathpat.h).
 *
 * The pattern is compiled into a list of components, each a literal name,
 * a wildcard name or "%%".  The walk then runs it like a small automaton
 * over the directory tree: at each directory it holds the set of pattern
 * positions still alive (a bit mask, which is why a pattern has at most
 * PATHPAT_MAX_DEPTH components), and each entry name moves that set on.  A
 * "%%" position both stays alive (to take more components) and hands on to
 * the next position, so one walk visits every path once and yields no
 * duplicates however many "%%" a pattern holds.
 *
 * When every live position is a literal name the walk looks the names up
 * directly instead of reading the directory, so '/home/%/.ssh/x' reads
 * /home and nothing else.  Otherwise a directory's names are read whole,
 * sorted and the directory closed before recursing, which keeps one
 * descriptor open at a time and the output in a stable order.
 *
 * A symbolic link to a directory is entered only when a literal or '%'
 * component took it: a link that "%%" took is yielded but never entered,
 * and a directory entered for "%%" is opened with O_NOFOLLOW, so one
 * swapped for a link mid-walk is not followed either.  That keeps every
 * walk free of loops; depth and result caps bound the rest.
 */
#include "util/pathpat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/hostfs.h"

/* Symbolic links one resolution may pass through, as the kernel allows. */
#define MAX_LINKS 40

enum kind {
	K_LITERAL,
	K_WILD,
	K_RECURSE,
};

struct walk {
	char pat[PATH_MAX];
	const char *comp[PATHPAT_MAX_DEPTH];
	unsigned char kind[PATHPAT_MAX_DEPTH];
	int ncomp;
	unsigned flags;
	bool slash; /* the pattern ended in '/': yield "dir/" */
	size_t max, found;
	pathpat_fn fn;
	void *arg;
	bool capped, failed;
	char path[PATH_MAX + 2]; /* room to add the trailing '/' */
};

/* The names of one directory: records "<d_type byte><name>\0" in b. */
struct names {
	struct buf b;
	size_t *off;
	size_t n;
};

bool pathpat_has_wildcard(const char *pattern)
{
	return strpbrk(pattern, "%_") != NULL;
}

/*
 * Length of the character at s as SQLite's LIKE reads it (sqlite3Utf8Read):
 * a lead byte (0xc0 and up) with every continuation byte (0x80 to 0xbf)
 * after it, however many; any other byte alone.  Matching by the same
 * characters keeps every name accepted here accepted by LIKE too, even a
 * name that is not valid UTF-8.
 */
static size_t seqlen(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 1;

	if (u[0] >= 0xc0)
		while (u[n] >= 0x80 && u[n] < 0xc0)
			n++;
	return n;
}

bool pathpat_match(const char *pat, const char *name)
{
	const char *p = pat, *n = name, *star_p = NULL, *star_n = NULL;
	size_t len;

	while (*n) {
		if (*p == '%') {
			while (*p == '%')
				p++;
			star_p = p;
			star_n = n;
			continue;
		}
		if (*p == '_') {
			p++;
			n += seqlen(n);
			continue;
		}
		/* A literal character matches the same whole character. */
		len = seqlen(p);
		if (*p && len == seqlen(n) && memcmp(p, n, len) == 0) {
			p += len;
			n += len;
			continue;
		}
		if (!star_p)
			return false;
		/* Let the last '%' take one more character and retry. */
		star_n += seqlen(star_n);
		n = star_n;
		p = star_p;
	}
	while (*p == '%')
		p++;
	return *p == '\0';
}

static void names_release(struct names *nm)
{
	buf_release(&nm->b);
	free(nm->off);
	nm->off = NULL;
	nm->n = 0;
}

static const char *names_at(const struct names *nm, size_t i,
			    unsigned char *type)
{
	const char *rec = nm->b.data + nm->off[i];

	*type = (unsigned char)rec[0];
	return rec + 1;
}

static int cmp_names(const void *a, const void *b, void *base)
{
	const char *s = base;

	return strcmp(s + *(const size_t *)a + 1, s + *(const size_t *)b + 1);
}

/*
 * Reads the names in dir into nm, sorted.  A directory that cannot be
 * opened (gone, not a directory, no permission) reads as empty; one larger
 * than PATHPAT_DIR_MAX is cut there.  Returns 0, or -1 (ENOMEM).
 */
static int read_names(const char *dir, bool follow, struct names *nm)
{
	struct dirent *de;
	size_t i, pos;
	DIR *d;
	int fd;

	buf_init(&nm->b, PATHPAT_DIR_MAX);
	nm->off = NULL;
	nm->n = 0;
	fd = hostfs_open(dir, O_RDONLY | O_DIRECTORY | (follow ? 0 : O_NOFOLLOW),
			 0);
	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	for (;;) {
		unsigned char t;

		de = readdir(d);
		if (!de)
			break;
		if (de->d_name[0] == '.' &&
		    (de->d_name[1] == '\0' ||
		     (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		t = de->d_type;
		if (buf_add(&nm->b, &t, 1) < 0 ||
		    buf_add(&nm->b, de->d_name, strlen(de->d_name) + 1) < 0) {
			if (errno == ENOMEM) {
				closedir(d);
				names_release(nm);
				errno = ENOMEM;
				return -1;
			}
			/* E2BIG: keep what fits.  A type byte whose name was
			 * refused may trail the records; n never counts it. */
			break;
		}
		nm->n++;
	}
	closedir(d);
	if (nm->n == 0)
		return 0;
	nm->off = calloc(nm->n, sizeof(*nm->off));
	if (!nm->off) {
		names_release(nm);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0, pos = 0; i < nm->n; i++) {
		nm->off[i] = pos;
		pos += 1 + strlen(nm->b.data + pos + 1) + 1;
	}
	qsort_r(nm->off, nm->n, sizeof(*nm->off), cmp_names, nm->b.data);
	return 0;
}

/*
 * Moves the live positions s on by one entry name.  adv gets the positions
 * reached by a literal or wildcard component taking the name, radv those
 * reached by a "%%" taking it, stay the "%%" positions that may take more
 * components; *accept is set when the whole pattern matched.
 */
static void step(const struct walk *w, uint64_t s, const char *name,
		 uint64_t *adv, uint64_t *radv, uint64_t *stay, bool *accept)
{
	int i;

	*adv = 0;
	*radv = 0;
	*stay = 0;
	*accept = false;
	for (i = 0; i < w->ncomp; i++) {
		uint64_t *to = adv;
		bool m;

		if (!((s >> i) & 1))
			continue;
		switch (w->kind[i]) {
		case K_RECURSE:
			*stay |= (uint64_t)1 << i;
			to = radv;
			m = true;
			break;
		case K_WILD:
			m = pathpat_match(w->comp[i], name);
			break;
		default:
			m = strcmp(w->comp[i], name) == 0;
			break;
		}
		if (!m)
			continue;
		if (i + 1 == w->ncomp)
			*accept = true;
		else
			*to |= (uint64_t)1 << (i + 1);
	}
}

/* Hands w->path (of length len) to the callback, minding the cap. */
static void emit(struct walk *w, size_t len)
{
	if (w->found >= w->max) {
		w->capped = true;
		return;
	}
	w->found++;
	if (w->slash) {
		w->path[len] = '/';
		w->path[len + 1] = '\0';
	}
	if (w->fn(w->path, w->arg) < 0)
		w->failed = true;
	w->path[len] = '\0';
}

static void walk_dir(struct walk *w, size_t len, uint64_t s, int depth,
		     bool follow);

/*
 * Visits the entry name of the directory w->path (length len), of type
 * dtype as readdir told it (DT_UNKNOWN when not known or not yet seen to
 * exist).
 */
/* NOLINTNEXTLINE(misc-no-recursion): PATHPAT_MAX_DEPTH bounds it */
static void visit(struct walk *w, size_t len, uint64_t s, const char *name,
		  unsigned char dtype, int depth)
{
	bool accept, is_dir, is_link, link_dir = false;
	uint64_t adv, radv, stay, next;
	size_t nlen, n;
	struct stat st;

	step(w, s, name, &adv, &radv, &stay, &accept);
	if (!accept && !adv && !radv && !stay)
		return;
	n = strlen(name);
	nlen = len + 1 + n;
	if (nlen >= PATH_MAX)
		return;
	w->path[len] = '/';
	memcpy(w->path + len + 1, name, n + 1);
	if (dtype == DT_UNKNOWN) {
		if (hostfs_lstat(w->path, &st) < 0)
			goto out;
		is_dir = S_ISDIR(st.st_mode);
		is_link = S_ISLNK(st.st_mode);
	} else {
		is_dir = dtype == DT_DIR;
		is_link = dtype == DT_LNK;
	}
	if (is_link && (adv || (accept && (w->flags & PATHPAT_DIRS))))
		link_dir = hostfs_stat(w->path, &st) == 0 && S_ISDIR(st.st_mode);
	if (accept && (!(w->flags & PATHPAT_DIRS) || is_dir || link_dir)) {
		emit(w, nlen);
		if (w->failed || w->capped)
			goto out;
	}
	/* A link a "%%" took is not entered: recursion never loops. */
	next = is_dir ? adv | radv | stay : link_dir ? adv : 0;
	if (next)
		walk_dir(w, nlen, next, depth + 1, !is_dir);
out:
	w->path[len] = '\0';
}

/* Walks the directory w->path (length len, "" for the root) with the live
 * positions s; depth counts its components. */
/* NOLINTNEXTLINE(misc-no-recursion): PATHPAT_MAX_DEPTH bounds it */
static void walk_dir(struct walk *w, size_t len, uint64_t s, int depth,
		     bool follow)
{
	struct names nm;
	unsigned char t;
	int i, j;
	size_t k;

	if (depth >= PATHPAT_MAX_DEPTH)
		return;
	for (i = 0; i < w->ncomp; i++)
		if (((s >> i) & 1) && w->kind[i] != K_LITERAL)
			break;
	if (i == w->ncomp) {
		/* Only literal names to look for: no need to read the directory. */
		for (i = 0; i < w->ncomp && !w->failed && !w->capped; i++) {
			if (!((s >> i) & 1))
				continue;
			for (j = 0; j < i; j++)
				if (((s >> j) & 1) &&
				    strcmp(w->comp[j], w->comp[i]) == 0)
					break;
			if (j == i)
				visit(w, len, s, w->comp[i], DT_UNKNOWN, depth);
		}
		return;
	}
	if (read_names(len ? w->path : "/", follow, &nm) < 0) {
		w->failed = true;
		return;
	}
	for (k = 0; k < nm.n && !w->failed && !w->capped; k++) {
		const char *name = names_at(&nm, k, &t);

		visit(w, len, s, name, t, depth);
	}
	names_release(&nm);
}

/* Cuts w->pat into components.  Returns 0, or -1 when it cannot match. */
static int compile(struct walk *w, const char *pattern)
{
	size_t n = strlen(pattern);
	char *p, *e;

	if (pattern[0] != '/' || n >= sizeof(w->pat))
		return -1;
	memcpy(w->pat, pattern, n + 1);
	w->slash = n > 1 && pattern[n - 1] == '/';
	w->ncomp = 0;
	for (p = w->pat; *p;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchr(p, '/');
		if (e)
			*e = '\0';
		if (w->ncomp == PATHPAT_MAX_DEPTH)
			return -1;
		w->comp[w->ncomp] = p;
		if (strcmp(p, "%%") == 0)
			w->kind[w->ncomp] = K_RECURSE;
		else if (pathpat_has_wildcard(p))
			w->kind[w->ncomp] = K_WILD;
		else
			w->kind[w->ncomp] = K_LITERAL;
		w->ncomp++;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

int pathpat_expand(const char *pattern, unsigned flags, size_t max,
		   pathpat_fn fn, void *arg)
{
	struct walk *w;
	struct stat st;
	int rc = 0;

	if (!pathpat_has_wildcard(pattern)) {
		/* A plain path: yield it as written when it exists. */
		bool dirs = (flags & PATHPAT_DIRS) ||
			    (pattern[0] && pattern[strlen(pattern) - 1] == '/');

		if (pattern[0] != '/')
			return 0;
		if (dirs ? hostfs_stat(pattern, &st) < 0 || !S_ISDIR(st.st_mode)
			 : hostfs_lstat(pattern, &st) < 0)
			return 0;
		return fn(pattern, arg) < 0 ? -1 : 0;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return -1;
	if (compile(w, pattern) < 0)
		goto out;
	w->flags = flags | (w->slash ? PATHPAT_DIRS : 0);
	w->max = max ? max : PATHPAT_MAX_RESULTS;
	w->fn = fn;
	w->arg = arg;
	w->path[0] = '\0';
	if (w->ncomp > 0) /* "/" alone has no wildcard and never gets here */
		walk_dir(w, 0, 1, 0, true);
	if (w->failed)
		rc = -1;
	else if (w->capped)
		rc = 1;
out:
	free(w);
	return rc;
}

int pathpat_list(const char *dir, pathpat_fn fn, void *arg)
{
	char path[PATH_MAX];
	struct names nm;
	unsigned char t;
	size_t k;
	int rc = 0;

	if (read_names(dir, true, &nm) < 0)
		return -1;
	for (k = 0; k < nm.n; k++) {
		if (k == PATHPAT_MAX_RESULTS) {
			rc = 1;
			break;
		}
		if (hostfs_join(path, sizeof(path), dir, names_at(&nm, k, &t)) < 0)
			continue;
		if (fn(path, arg) < 0) {
			rc = -1;
			break;
		}
	}
	names_release(&nm);
	return rc;
}

int pathpat_realpath(const char *path, char *dst, size_t size)
{
	char out[PATH_MAX], rest[PATH_MAX], link[PATH_MAX], tmp[PATH_MAX];
	size_t olen = 0, n;
	int links = 0;
	struct stat st;
	char *p;

	if (path[0] != '/') {
		errno = EINVAL;
		return -1;
	}
	n = strlen(path);
	if (n >= sizeof(rest))
		goto toolong;
	memcpy(rest, path, n + 1);
	out[0] = '\0';
	p = rest;
	while (*p) {
		char *comp;
		size_t clen, keep;
		long ln;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		comp = p;
		while (*p && *p != '/')
			p++;
		clen = (size_t)(p - comp);
		if (clen == 1 && comp[0] == '.')
			continue;
		if (clen == 2 && comp[0] == '.' && comp[1] == '.') {
			/* Up one; at the root ".." is the root. */
			while (olen > 0 && out[olen - 1] != '/')
				olen--;
			if (olen > 0)
				olen--;
			out[olen] = '\0';
			continue;
		}
		keep = olen;
		if (olen + 1 + clen >= sizeof(out))
			goto toolong;
		out[olen++] = '/';
		memcpy(out + olen, comp, clen);
		olen += clen;
		out[olen] = '\0';
		if (hostfs_lstat(out, &st) < 0)
			return -1;
		if (!S_ISLNK(st.st_mode)) {
			if (*p && !S_ISDIR(st.st_mode)) {
				errno = ENOTDIR;
				return -1;
			}
			continue;
		}
		if (++links > MAX_LINKS) {
			errno = ELOOP;
			return -1;
		}
		ln = hostfs_readlink(out, link, sizeof(link));
		if (ln < 0)
			return -1;
		if (ln == 0) {
			errno = ENOENT;
			return -1;
		}
		if ((size_t)ln >= sizeof(link) - 1)
			goto toolong;
		/* Resolve the target in place of the link, then the rest (which
		 * is empty or starts with its '/'). */
		olen = link[0] == '/' ? 0 : keep;
		out[olen] = '\0';
		n = strlen(p);
		if ((size_t)ln + n >= sizeof(tmp))
			goto toolong;
		memcpy(tmp, link, (size_t)ln);
		memcpy(tmp + ln, p, n + 1);
		memcpy(rest, tmp, (size_t)ln + n + 1);
		p = rest;
	}
	if (olen == 0) {
		out[0] = '/';
		out[1] = '\0';
		olen = 1;
	}
	if (olen >= size)
		goto toolong;
	memcpy(dst, out, olen + 1);
	return 0;
toolong:
	errno = ENAMETOOLONG;
	return -1;
}
