/* SPDX-License-Identifier: Apache-2.0 */
/*
 * langpkgs.c: the python_packages and npm_packages tables, the packages of
 * language package managers found in their standard install directories.
 *
 * python_packages (one row a *.dist-info or *.egg-info entry of a site
 * directory; sites in path order, entries sorted by name):
 *   name, version, summary, author
 *                    Name, Version, Summary, Author of the entry's METADATA
 *                    (dist-info) or PKG-INFO (egg-info) headers, first line
 *                    of each; NULL when missing or unreadable
 *   license          License (first line), or License-Expression when the
 *                    metadata (2.4) has only that
 *   uid              the owner's uid for a user site
 *                    (~/.local/lib/python3.x/site-packages); NULL for the
 *                    system sites
 *   path             the .dist-info or .egg-info entry
 *   directory        the site directory it is in
 *   pid_with_namespace  always NULL
 * Sites: /usr/lib/python%/dist-packages and site-packages,
 * /usr/local/lib/python%/dist-packages and site-packages, and each local
 * user's HOME/.local/lib/python%/site-packages (users from /etc/passwd).
 * A .egg-info that is a file rather than a directory (what distutils
 * installs) is the metadata itself and has a row too; osquery skips it.
 *
 * npm_packages (one row a package.json of a package in a node_modules
 * directory, and of the packages nested in its own node_modules, depth
 * first, names sorted):
 *   name, version, description, homepage   strings of package.json
 *   author           "author", or its "name" when it is an object
 *   license          "license", or its "url" in the old object form
 *                    (as osquery shows it)
 *   path             the package.json
 *   directory        the directory holding node_modules (the site)
 *   depth            0 for a package of the site's node_modules, 1 for one
 *                    nested in a package's node_modules, and so on
 *   max_depth        how deep nested packages are followed: 100 unless the
 *                    query says max_depth = N (-1: no limit)
 *   pid_with_namespace, mount_namespace_id   always NULL
 * Sites: /usr/local/lib and /usr/lib (their node_modules), each local
 * user's HOME/.npm-global/lib and HOME/.nvm/versions/node/%/lib, as
 * osquery; and Debian's /usr/share/nodejs, where packaged modules sit
 * directly (no node_modules level).  A package.json that is not JSON, or
 * is larger than NPM_JSON_MAX, still gives its row, with NULL fields.
 *
 * Required constraints: none.  directory = '...' reads that one site
 * instead of the standard ones (uid is then NULL; a site inside a home
 * directory is read with HOSTFS_NOFOLLOW, as the standard user sites are);
 * python_packages' uid = N reads only that user's sites.  Privileges: none for the system
 * sites; reading other users' home directories needs their permission
 * (root reads all).
 *
 * Example:
 *   SELECT name, version, path FROM python_packages WHERE uid IS NOT NULL;
 *   SELECT name, version, depth FROM npm_packages WHERE name = 'lodash';
 *
 * How it works: each site's directory is listed and sorted, and only the
 * metadata files are read (METADATA's headers, package.json), each
 * through hostfs with a size cap.  Everything under a home directory is
 * read with HOSTFS_NOFOLLOW, so a user's symlink cannot point vigil at a
 * file the user could not read.  The nested node_modules walk remembers
 * the directories it entered (device and inode) and never enters one
 * twice, so a symlink loop ends it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sql/table.h"
#include "tables/passwd.h"
#include "tables/pkgparse.h"
#include "util/buf.h"
#include "util/hostfs.h"
#include "util/pathpat.h"

/* Caps on what one file or directory may cost. */
#define PASSWD_MAX (16u << 20)
#define PYMETA_MAX (1u << 20)
#define NPM_JSON_MAX (4u << 20)
#define DIR_NAMES_MAX 100000
/* Default of npm_packages.max_depth, as osquery. */
#define NPM_DEFAULT_DEPTH 100

enum py_col {
	PY_NAME,
	PY_UID,
	PY_VERSION,
	PY_SUMMARY,
	PY_AUTHOR,
	PY_LICENSE,
	PY_PATH,
	PY_DIRECTORY,
	PY_PID_WITH_NAMESPACE,
	PY_NCOLS
};

static const struct column py_cols[] = {
	{ "name", COL_TEXT, 0, "Package name, from its metadata." },
	{ "uid", COL_BIGINT, COL_INDEX,
	  "Owner of the user site the package is in; NULL for system "
	  "sites." },
	{ "version", COL_TEXT, COL_VERSION,
	  "Package version, from its metadata." },
	{ "summary", COL_TEXT, 0, "One-line summary, from its metadata." },
	{ "author", COL_TEXT, 0, "Author, from its metadata." },
	{ "license", COL_TEXT, 0,
	  "License, or License-Expression, from its metadata." },
	{ "path", COL_TEXT, 0,
	  "The package's .dist-info or .egg-info directory (or file)." },
	{ "directory", COL_TEXT, COL_INDEX | COL_OPTIMIZED,
	  "Site directory the package is installed in." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the files under its root, "
	  "not other mount namespaces." },
};
_Static_assert(TABLE_NCOLS(py_cols) == PY_NCOLS, "python_packages columns");

enum npm_col {
	NPM_NAME,
	NPM_VERSION,
	NPM_DESCRIPTION,
	NPM_AUTHOR,
	NPM_LICENSE,
	NPM_HOMEPAGE,
	NPM_PATH,
	NPM_DIRECTORY,
	NPM_DEPTH,
	NPM_MAX_DEPTH,
	NPM_PID_WITH_NAMESPACE,
	NPM_MOUNT_NAMESPACE_ID,
	NPM_NCOLS
};

static const struct column npm_cols[] = {
	{ "name", COL_TEXT, 0, "Package name, from package.json." },
	{ "version", COL_TEXT, COL_VERSION,
	  "Package version, from package.json." },
	{ "description", COL_TEXT, 0, "Description, from package.json." },
	{ "author", COL_TEXT, 0,
	  "Author (or the author object's name), from package.json." },
	{ "license", COL_TEXT, 0,
	  "License (or the old license object's url), from package.json." },
	{ "homepage", COL_TEXT, 0, "Homepage, from package.json." },
	{ "path", COL_TEXT, 0, "The package's package.json." },
	{ "directory", COL_TEXT, COL_INDEX | COL_OPTIMIZED,
	  "Site directory: the one holding node_modules." },
	{ "depth", COL_INTEGER, 0,
	  "Nesting depth: 0 for a package of the site's node_modules, 1 "
	  "for one in that package's node_modules, and so on." },
	{ "max_depth", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Deepest nesting followed: 100 unless given (-1: no limit)." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the files under its root, "
	  "not other mount namespaces." },
	{ "mount_namespace_id", COL_TEXT, COL_HIDDEN,
	  "Always NULL: vigil does not enter other mount namespaces." },
};
_Static_assert(TABLE_NCOLS(npm_cols) == NPM_NCOLS, "npm_packages columns");

/* ---- shared helpers ---- */

/* A sorted list of directory entry names; free with names_free(). */
struct names {
	char **v;
	size_t n, alloc;
};

static void names_free(struct names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int names_add(struct names *l, const char *s)
{
	char *c;

	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 32;
		char **nv = reallocarray(l->v, na, sizeof(*nv));

		if (!nv)
			return -1;
		l->v = nv;
		l->alloc = na;
	}
	c = strdup(s);
	if (!c)
		return -1;
	l->v[l->n++] = c;
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Lists the directory path (beneath the root, with hostfs flags) into *l,
 * sorted, keeping the names keep() accepts (all when keep is NULL) and
 * never "." or "..".  A directory that cannot be opened lists nothing.
 * Returns 0, or -1 when memory runs out.
 */
static int list_dir(const char *path, unsigned flags,
		    bool (*keep)(const char *), struct names *l)
{
	struct dirent *de;
	DIR *d;
	int rc = 0;

	memset(l, 0, sizeof(*l));
	d = hostfs_opendir(path, flags);
	if (!d)
		return 0;
	while (l->n < DIR_NAMES_MAX && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (keep && !keep(de->d_name))
			continue;
		if (names_add(l, de->d_name) < 0) {
			rc = -1;
			break;
		}
	}
	closedir(d);
	if (rc < 0)
		names_free(l);
	else if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp_name);
	return rc;
}

/* stat(2) of a host path with hostfs flags (HOSTFS_NOFOLLOW refuses a
 * symlink anywhere in it, the last component included).  0 or -1. */
static int stat_flags(const char *path, unsigned flags, struct stat *st)
{
	int fd = hostfs_open(path, O_PATH, flags), rc;

	if (fd < 0)
		return -1;
	rc = fstat(fd, st);
	close(fd);
	return rc;
}

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n > m && memcmp(s + n - m, suf, m) == 0;
}

static bool is_python_dir(const char *name)
{
	return pathpat_match("python%", name);
}

/* A site directory to scan: its path, the uid of the user it belongs to
 * (-1 for a system site), and the hostfs flags its reads use
 * (HOSTFS_NOFOLLOW in a home directory). */
struct site {
	char *path;
	int64_t uid;
	unsigned flags;
	bool flat; /* npm: packages sit in the directory itself */
};

struct sites {
	struct site *v;
	size_t n, alloc;
};

static void sites_free(struct sites *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].path);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Adds a site unless it is there already.  0 or -1 (no memory). */
static int sites_add(struct sites *s, const char *path, int64_t uid,
		     unsigned flags, bool flat)
{
	size_t i;
	char *c;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].path, path) == 0)
			return 0;
	if (s->n == s->alloc) {
		size_t na = s->alloc ? s->alloc * 2 : 16;
		struct site *nv = reallocarray(s->v, na, sizeof(*nv));

		if (!nv)
			return -1;
		s->v = nv;
		s->alloc = na;
	}
	c = strdup(path);
	if (!c)
		return -1;
	s->v[s->n++] = (struct site){ c, uid, flags, flat };
	return 0;
}

static int cmp_site(const void *a, const void *b)
{
	return strcmp(((const struct site *)a)->path,
		      ((const struct site *)b)->path);
}

/*
 * Adds BASE/python%/LEAF for each leaf that names, as sites of uid; the
 * python% directories are listed with flags.  0 or -1 (no memory).
 */
static int add_python_sites(struct sites *s, const char *base,
			    const char *const *leaves, size_t nleaves,
			    int64_t uid, unsigned flags)
{
	struct names py;
	char path[4096];
	size_t i, k;
	int rc = 0;

	if (list_dir(base, flags, is_python_dir, &py) < 0)
		return -1;
	for (i = 0; i < py.n && rc == 0; i++) {
		for (k = 0; k < nleaves && rc == 0; k++) {
			if (snprintf(path, sizeof(path), "%s/%s/%s", base,
				     py.v[i], leaves[k]) >= (int)sizeof(path))
				continue;
			rc = sites_add(s, path, uid, flags, false);
		}
	}
	names_free(&py);
	return rc;
}

/*
 * Calls fn for each local user of /etc/passwd whose uid the = values in
 * uids allow (all when nuids is 0), once per home directory (the first
 * user to name it).  Returns 0, or -1 when fn fails or memory runs out.
 */
static int each_home(const char *const *uids, int nuids,
		     int (*fn)(const char *home, uint32_t uid, void *arg),
		     void *arg)
{
	struct buf b = BUF_INIT(PASSWD_MAX);
	struct names seen = { NULL, 0, 0 };
	struct passwd_ent pw;
	size_t pos = 0, i;
	bool cut = false;
	int rc = 0, k;

	if (hostfs_read_file("/etc/passwd", PASSWD_MAX, 0, &b, &cut) < 0) {
		rc = errno == ENOMEM ? -1 : 0;
		goto out;
	}
	while (pos < b.len && rc == 0) {
		char *line = b.data + pos, *nl;
		size_t len;
		bool dup = false, want = nuids == 0;

		nl = memchr(line, '\n', b.len - pos);
		len = nl ? (size_t)(nl - line) : b.len - pos;
		pos += len + 1;
		if (!nl && cut)
			break; /* a line cut short by the cap */
		if (passwd_parse(line, len, &pw, NULL, 0) < 0 ||
		    pw.dir[0] != '/')
			continue;
		for (k = 0; k < nuids && !want; k++) {
			uint32_t v;

			if (passwd_parse_id(uids[k], strlen(uids[k]), &v) < 0 ||
			    v == pw.uid)
				want = true;
		}
		if (!want)
			continue;
		for (i = 0; i < seen.n && !dup; i++)
			dup = strcmp(seen.v[i], pw.dir) == 0;
		if (dup)
			continue;
		if (names_add(&seen, pw.dir) < 0) {
			rc = -1;
			break;
		}
		rc = fn(pw.dir, pw.uid, arg);
	}
out:
	names_free(&seen);
	buf_release(&b);
	return rc;
}

struct under_home {
	const char *path;
	bool hit;
};

static int under_home_cb(const char *home, uint32_t uid, void *arg)
{
	struct under_home *u = arg;
	size_t n = strlen(home);

	(void)uid;
	while (n > 1 && home[n - 1] == '/')
		n--;
	if (n > 1 && strncmp(u->path, home, n) == 0 &&
	    (u->path[n] == '/' || u->path[n] == '\0'))
		u->hit = true;
	return 0;
}

/*
 * The hostfs flags for a site the query named: HOSTFS_NOFOLLOW when it is
 * in a user's home directory (or may be: a path with "..", or one that
 * /etc/passwd cannot be read to rule out), none otherwise.
 */
static unsigned dir_flags(const char *dir)
{
	struct under_home u = { dir, false };

	if (dir[0] != '/' || strstr(dir, "..") ||
	    each_home(NULL, 0, under_home_cb, &u) < 0)
		return HOSTFS_NOFOLLOW;
	return u.hit ? HOSTFS_NOFOLLOW : 0;
}

/* ---- python_packages ---- */

static int py_user_sites(const char *home, uint32_t uid, void *arg)
{
	static const char *const leaves[] = { "site-packages" };
	char base[4096];

	if (snprintf(base, sizeof(base), "%s/.local/lib",
		     strcmp(home, "/") == 0 ? "" : home) >= (int)sizeof(base))
		return 0;
	return add_python_sites(arg, base, leaves, 1, uid, HOSTFS_NOFOLLOW);
}

static bool is_python_meta(const char *name)
{
	return ends_with(name, ".dist-info") || ends_with(name, ".egg-info");
}

static void set_span(struct qctx *q, int col, const struct pkg_span *s)
{
	if (s->p)
		qctx_set_textn(q, col, s->p, s->n);
}

/* The rows of one site.  0, or -1 with the error set. */
static int py_site(struct qctx *q, const struct site *site)
{
	unsigned flags = site->flags;
	char path[4096], meta[4200];
	struct names l;
	struct stat st;
	struct pkg_pymeta m;
	struct buf b;
	size_t i;
	int rc = 0;

	if (list_dir(site->path, flags, is_python_meta, &l) < 0)
		return qctx_error(q, "python_packages: out of memory");
	for (i = 0; i < l.n && rc == 0; i++) {
		bool have;

		if (hostfs_join(path, sizeof(path), site->path, l.v[i]) < 0 ||
		    stat_flags(path, flags, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			snprintf(meta, sizeof(meta), "%s/%s", path,
				 ends_with(l.v[i], ".dist-info") ? "METADATA" :
								   "PKG-INFO");
		else if (S_ISREG(st.st_mode) && ends_with(l.v[i], ".egg-info"))
			snprintf(meta, sizeof(meta), "%s", path);
		else
			continue;
		buf_init(&b, PYMETA_MAX);
		/* The headers come first: a cut file still has them. */
		have = hostfs_read_file(meta, PYMETA_MAX, flags, &b, NULL) == 0;
		if (have)
			pkg_pymeta_parse(b.data, b.len, &m, NULL, 0);
		if (qctx_row(q) < 0) {
			rc = -1;
		} else {
			if (have) {
				set_span(q, PY_NAME, &m.name);
				set_span(q, PY_VERSION, &m.version);
				set_span(q, PY_SUMMARY, &m.summary);
				set_span(q, PY_AUTHOR, &m.author);
				set_span(q, PY_LICENSE, m.license.p ?
						&m.license :
						&m.license_expression);
			}
			if (site->uid >= 0)
				qctx_set_int(q, PY_UID, site->uid);
			qctx_set_text(q, PY_PATH, path);
			qctx_set_text(q, PY_DIRECTORY, site->path);
		}
		buf_release(&b);
	}
	names_free(&l);
	return rc;
}

static int py_generate(struct qctx *q)
{
	static const char *const leaves[] = { "dist-packages",
					      "site-packages" };
	const char *const *dirs, *const *uids;
	struct sites s = { NULL, 0, 0 };
	size_t i, nsys;
	int ndirs, nuids, rc = -1;

	ndirs = qctx_values(q, PY_DIRECTORY, QOP_EQ, &dirs);
	nuids = qctx_values(q, PY_UID, QOP_EQ, &uids);
	if (ndirs > 0) {
		for (i = 0; i < (size_t)ndirs; i++)
			if (sites_add(&s, dirs[i], -1, dir_flags(dirs[i]),
				      false) < 0)
				goto oom;
	} else {
		/* System sites have no uid: uid = N rules them out. */
		if (nuids == 0 &&
		    (add_python_sites(&s, "/usr/lib", leaves, 2, -1, 0) < 0 ||
		     add_python_sites(&s, "/usr/local/lib", leaves, 2, -1,
				      0) < 0))
			goto oom;
		nsys = s.n;
		if (nsys > 1)
			qsort(s.v, nsys, sizeof(*s.v), cmp_site);
		if (each_home(uids, nuids, py_user_sites, &s) < 0)
			goto oom;
	}
	for (i = 0; i < s.n; i++)
		if (py_site(q, &s.v[i]) < 0)
			goto out;
	rc = 0;
	goto out;
oom:
	qctx_error(q, "python_packages: out of memory");
out:
	sites_free(&s);
	return rc;
}

/* ---- npm_packages ---- */

/* Directories entered during one site's walk, by device and inode. */
struct visited {
	uint64_t *slots; /* hash of (dev, ino) pairs, 2 words a slot */
	size_t size;     /* slots, a power of two */
	size_t count;
};

static void visited_free(struct visited *v)
{
	free(v->slots);
	memset(v, 0, sizeof(*v));
}

static size_t vhash(uint64_t dev, uint64_t ino, size_t size)
{
	uint64_t k = dev * 0x9e3779b97f4a7c15ULL ^ ino;

	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k & (size - 1);
}

/* Adds (dev, ino + 1, so that 0 marks a free slot).  Returns 1 when new,
 * 0 when it was there, -1 when memory runs out. */
static int visited_add(struct visited *v, uint64_t dev, uint64_t ino)
{
	size_t i, j;

	ino++;
	if (v->count + 1 > v->size / 2) {
		size_t ns = v->size ? v->size * 2 : 64;
		uint64_t *nv = calloc(ns, 2 * sizeof(*nv));

		if (!nv)
			return -1;
		for (j = 0; j < v->size; j++) {
			if (!v->slots[2 * j + 1])
				continue;
			i = vhash(v->slots[2 * j], v->slots[2 * j + 1], ns);
			while (nv[2 * i + 1])
				i = (i + 1) & (ns - 1);
			nv[2 * i] = v->slots[2 * j];
			nv[2 * i + 1] = v->slots[2 * j + 1];
		}
		free(v->slots);
		v->slots = nv;
		v->size = ns;
	}
	i = vhash(dev, ino, v->size);
	while (v->slots[2 * i + 1]) {
		if (v->slots[2 * i] == dev && v->slots[2 * i + 1] == ino)
			return 0;
		i = (i + 1) & (v->size - 1);
	}
	v->slots[2 * i] = dev;
	v->slots[2 * i + 1] = ino;
	v->count++;
	return 1;
}

/* One site's walk. */
struct npm_walk {
	struct qctx *q;
	const struct site *site;
	unsigned flags;
	int max_depth;
	struct buf path; /* the directory being listed, grown and cut back */
	struct visited seen;
};

static int npm_dir(struct npm_walk *w, int depth);

static bool npm_keep(const char *name)
{
	return name[0] != '.';
}

/* The row of the package in w->path (which is restored), then its own
 * node_modules.  0, or -1 with the error set. */
/* NOLINTNEXTLINE(misc-no-recursion): the path cap bounds it */
static int npm_package(struct npm_walk *w, int depth)
{
	size_t mark = w->path.len;
	struct pkg_npm p;
	struct stat st;
	struct buf b;
	bool parsed = false;
	int rc = 0, added;

	if (buf_adds(&w->path, "/package.json") < 0)
		return qctx_error(w->q, "npm_packages: path too long");
	buf_init(&b, NPM_JSON_MAX);
	{
		bool cut = false;

		if (hostfs_read_file(w->path.data, NPM_JSON_MAX, w->flags, &b,
				     &cut) < 0) {
			/* No package.json: not a package. */
			buf_release(&b);
			goto restore;
		}
		parsed = !cut && pkg_npm_parse(b.data, b.len, &p, NULL, 0) == 0;
	}
	if (qctx_row(w->q) < 0) {
		rc = -1;
	} else {
		if (parsed) {
			qctx_set_text(w->q, NPM_NAME, p.name);
			qctx_set_text(w->q, NPM_VERSION, p.version);
			qctx_set_text(w->q, NPM_DESCRIPTION, p.description);
			qctx_set_text(w->q, NPM_AUTHOR, p.author);
			qctx_set_text(w->q, NPM_LICENSE, p.license);
			qctx_set_text(w->q, NPM_HOMEPAGE, p.homepage);
		}
		qctx_set_textn(w->q, NPM_PATH, w->path.data, w->path.len);
		qctx_set_text(w->q, NPM_DIRECTORY, w->site->path);
		qctx_set_int(w->q, NPM_DEPTH, depth);
		qctx_set_int(w->q, NPM_MAX_DEPTH, w->max_depth);
	}
	if (parsed)
		pkg_npm_release(&p);
	buf_release(&b);
	if (rc < 0 || (w->max_depth >= 0 && depth >= w->max_depth))
		goto restore;
	/* The package's own node_modules, once per directory. */
	w->path.len = mark;
	w->path.data[mark] = '\0';
	if (buf_adds(&w->path, "/node_modules") < 0)
		goto restore; /* too deep for the path cap: stop here */
	if (stat_flags(w->path.data, w->flags, &st) < 0 || !S_ISDIR(st.st_mode))
		goto restore;
	added = visited_add(&w->seen, (uint64_t)st.st_dev, (uint64_t)st.st_ino);
	if (added < 0)
		rc = qctx_error(w->q, "npm_packages: out of memory");
	else if (added)
		rc = npm_dir(w, depth + 1);
restore:
	w->path.len = mark;
	w->path.data[mark] = '\0';
	return rc;
}

/* The packages of the node_modules directory in w->path (restored after),
 * scoped ones (@scope/name) included.  0, or -1 with the error set. */
/* NOLINTNEXTLINE(misc-no-recursion): the path cap bounds it */
static int npm_dir(struct npm_walk *w, int depth)
{
	size_t mark = w->path.len, i, j;
	struct names l, scoped;
	int rc = 0;

	if (list_dir(w->path.data, w->flags, npm_keep, &l) < 0)
		return qctx_error(w->q, "npm_packages: out of memory");
	for (i = 0; i < l.n && rc == 0; i++) {
		if (buf_addc(&w->path, '/') < 0 ||
		    buf_adds(&w->path, l.v[i]) < 0)
			goto next;
		if (l.v[i][0] != '@') {
			rc = npm_package(w, depth);
			goto next;
		}
		if (list_dir(w->path.data, w->flags, npm_keep, &scoped) < 0) {
			rc = qctx_error(w->q, "npm_packages: out of memory");
			goto next;
		}
		for (j = 0; j < scoped.n && rc == 0; j++) {
			size_t m2 = w->path.len;

			if (buf_addc(&w->path, '/') == 0 &&
			    buf_adds(&w->path, scoped.v[j]) == 0)
				rc = npm_package(w, depth);
			w->path.len = m2;
			w->path.data[m2] = '\0';
		}
		names_free(&scoped);
next:
		w->path.len = mark;
		w->path.data[mark] = '\0';
	}
	names_free(&l);
	return rc;
}

static int npm_site(struct qctx *q, const struct site *site, int max_depth)
{
	struct npm_walk w;
	struct stat st;
	int rc = -1, added;

	memset(&w, 0, sizeof(w));
	w.q = q;
	w.site = site;
	w.flags = site->flags;
	w.max_depth = max_depth;
	buf_init(&w.path, 4096);
	if (buf_adds(&w.path, site->path) < 0 ||
	    (!site->flat && buf_adds(&w.path, "/node_modules") < 0)) {
		rc = 0; /* a path past the cap has no packages */
		goto out;
	}
	if (stat_flags(w.path.data, w.flags, &st) < 0 || !S_ISDIR(st.st_mode)) {
		rc = 0;
		goto out;
	}
	added = visited_add(&w.seen, (uint64_t)st.st_dev, (uint64_t)st.st_ino);
	if (added < 0) {
		qctx_error(q, "npm_packages: out of memory");
		goto out;
	}
	rc = npm_dir(&w, 0);
out:
	visited_free(&w.seen);
	buf_release(&w.path);
	return rc;
}

static int npm_user_sites(const char *home, uint32_t uid, void *arg)
{
	struct sites *s = arg;
	struct names nodes;
	char base[4096], path[4096];
	const char *h = strcmp(home, "/") == 0 ? "" : home;
	size_t i;
	int rc = 0;

	if (snprintf(path, sizeof(path), "%s/.npm-global/lib", h) <
		    (int)sizeof(path) &&
	    sites_add(s, path, uid, HOSTFS_NOFOLLOW, false) < 0)
		return -1;
	if (snprintf(base, sizeof(base), "%s/.nvm/versions/node", h) >=
	    (int)sizeof(base))
		return 0;
	if (list_dir(base, HOSTFS_NOFOLLOW, npm_keep, &nodes) < 0)
		return -1;
	for (i = 0; i < nodes.n && rc == 0; i++)
		if (snprintf(path, sizeof(path), "%s/%s/lib", base,
			     nodes.v[i]) < (int)sizeof(path))
			rc = sites_add(s, path, uid, HOSTFS_NOFOLLOW, false);
	names_free(&nodes);
	return rc;
}

static int npm_generate(struct qctx *q)
{
	const char *const *dirs, *const *depths;
	struct sites s = { NULL, 0, 0 };
	int ndirs, max_depth = NPM_DEFAULT_DEPTH, rc = -1;
	size_t i;

	if (qctx_values(q, NPM_MAX_DEPTH, QOP_EQ, &depths) > 0) {
		char *end;
		long v;

		errno = 0;
		v = strtol(depths[0], &end, 10);
		if (!errno && end != depths[0] && !*end && v >= -1 &&
		    v <= 100000)
			max_depth = (int)v;
	}
	ndirs = qctx_values(q, NPM_DIRECTORY, QOP_EQ, &dirs);
	if (ndirs > 0) {
		for (i = 0; i < (size_t)ndirs; i++)
			if (sites_add(&s, dirs[i], -1, dir_flags(dirs[i]),
				      strcmp(dirs[i], "/usr/share/nodejs") ==
					      0) < 0)
				goto oom;
	} else {
		if (sites_add(&s, "/usr/lib", -1, 0, false) < 0 ||
		    sites_add(&s, "/usr/local/lib", -1, 0, false) < 0 ||
		    sites_add(&s, "/usr/share/nodejs", -1, 0, true) < 0)
			goto oom;
		if (each_home(NULL, 0, npm_user_sites, &s) < 0)
			goto oom;
	}
	for (i = 0; i < s.n; i++)
		if (npm_site(q, &s.v[i], max_depth) < 0)
			goto out;
	rc = 0;
	goto out;
oom:
	qctx_error(q, "npm_packages: out of memory");
out:
	sites_free(&s);
	return rc;
}

static const struct table py_table = {
	.name = "python_packages",
	.desc = "Python packages installed in the system and user site "
		"directories.",
	.cols = py_cols,
	.ncols = PY_NCOLS,
	.generate = py_generate,
};
TABLE_REGISTER(py_table);

static const struct table npm_table = {
	.name = "npm_packages",
	.desc = "Node.js packages installed in the global node_modules "
		"directories.",
	.cols = npm_cols,
	.ncols = NPM_NCOLS,
	.generate = npm_generate,
};
TABLE_REGISTER(npm_table);
