/* SPDX-License-Identifier: Apache-2.0 */
/*
 * packages.c: the Debian package tables deb_packages, deb_package_files
 * and apt_sources, read from dpkg's database and apt's configuration.
 *
 * deb_packages (one row a package of ADMINDIR/status whose state is not
 * "not-installed", in file order; ADMINDIR is /var/lib/dpkg unless the
 * query gives admindir = '...'):
 *   name             Package
 *   version          Version, as dpkg-query shows it (a "0:" epoch dropped)
 *   source           the source package's name: Source without its
 *                    "(version)"; NULL when the package has no Source
 *                    field (its source has its own name)
 *   size             Installed-Size, in KiB as dpkg records it
 *   arch             Architecture
 *   revision         the Debian revision, after the last '-' of the
 *                    version; "" for a native package
 *   status           Status, three words ("install ok installed"): rows
 *                    for removed packages that kept their configuration
 *                    ("deinstall ok config-files") are listed, as osquery
 *                    and dpkg-query -W list them
 *   maintainer, section, priority   the fields of those names
 *   admindir         the dpkg directory read
 *   pid_with_namespace, mount_namespace_id   always NULL: vigil reads the
 *                    files under its root only, not other mount namespaces
 * deb_package_files (one row a line of the package's file list,
 * ADMINDIR/info/NAME.list, or NAME:ARCH.list for a Multi-Arch: same
 * package; "/." included, as dpkg -L prints it):
 *   package, path, admindir
 * apt_sources (one row a (URI, suite) of a "deb" entry of
 * /etc/apt/sources.list, /etc/apt/sources.list.d/ *.list and *.sources;
 * "deb-src" entries and deb822 paragraphs with "Enabled: no" have none):
 *   source           the file the entry is in
 *   base_uri         the URI, trailing '/' cut
 *   name             base_uri without its scheme, a space, and the suite
 *   release, version, maintainer, components, architectures
 *                    Codename, Version, Origin, Components, Architectures
 *                    of the source's cached InRelease (or Release) file in
 *                    /var/lib/apt/lists; NULL when apt has none cached
 *   pid_with_namespace  always NULL
 * A URI's user:password@ is left out of base_uri and name, so a password
 * in sources.list never reaches query output.
 *
 * Required constraints: none.  admindir = '...' reads another dpkg
 * directory (beneath the root).  deb_package_files narrows its work on
 * package = 'x' (one list file read); path = '...' is checked as rows are
 * made.  Privileges: none; the files are world readable.
 *
 * Examples:
 *   SELECT name, version FROM deb_packages WHERE name LIKE 'openssh%';
 *   SELECT package FROM deb_package_files WHERE path = '/usr/bin/ls';
 *   SELECT name, base_uri, release FROM apt_sources;
 *
 * How it works: the status file is read once into one buffer and scanned
 * in place, a paragraph at a time, with pkgparse.c: only the fields shown
 * are picked out, and nothing is copied until a row is made.  An entry
 * that the parsers refuse is skipped.  Differences from osquery: osquery
 * shows a source that apt has not fetched yet no row at all (it needs the
 * cached Release file), vigil shows it with NULL release columns; osquery
 * takes only "Enabled: on" as enabling a .sources paragraph, vigil takes
 * apt's booleans; absent fields are NULL, where osquery says "".
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/table.h"
#include "tables/pkgparse.h"
#include "util/buf.h"
#include "util/hostfs.h"

#define DPKG_ADMINDIR "/var/lib/dpkg"
#define APT_LISTS "/var/lib/apt/lists"

/* Largest status file read; the paragraphs past it are left out. */
#define STATUS_MAX (256u << 20)
/* Largest file list of one package, sources file, or Release file. */
#define LIST_MAX (64u << 20)
#define SOURCES_MAX (16u << 20)
/* The fields read from a Release file come before its checksums: the
 * first megabyte holds them for any archive. */
#define RELEASE_MAX (1u << 20)
/* Most entries of sources.list.d read. */
#define SOURCES_DIR_MAX 4096

enum deb_col {
	DEB_NAME,
	DEB_VERSION,
	DEB_SOURCE,
	DEB_SIZE,
	DEB_ARCH,
	DEB_REVISION,
	DEB_STATUS,
	DEB_MAINTAINER,
	DEB_SECTION,
	DEB_PRIORITY,
	DEB_ADMINDIR,
	DEB_PID_WITH_NAMESPACE,
	DEB_MOUNT_NAMESPACE_ID,
	DEB_NCOLS
};

static const struct column deb_cols[] = {
	{ "name", COL_TEXT, 0, "Package name." },
	{ "version", COL_TEXT, COL_VERSION,
	  "Package version, as dpkg-query shows it." },
	{ "source", COL_TEXT, 0,
	  "Source package name, from Source without its version; NULL when "
	  "the source has the package's own name." },
	{ "size", COL_BIGINT, 0, "Installed-Size: disk space used, in KiB." },
	{ "arch", COL_TEXT, 0, "Package architecture." },
	{ "revision", COL_TEXT, 0,
	  "Debian revision: the part of the version after the last '-' "
	  "(empty for a native package)." },
	{ "status", COL_TEXT, 0,
	  "Status: selection, error flag and state, such as "
	  "\"install ok installed\"." },
	{ "maintainer", COL_TEXT, 0, "Package maintainer." },
	{ "section", COL_TEXT, 0, "Package section." },
	{ "priority", COL_TEXT, 0, "Package priority." },
	{ "admindir", COL_TEXT, COL_ADDITIONAL | COL_OPTIMIZED,
	  "dpkg database directory read (default /var/lib/dpkg)." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the files under its root, "
	  "not other mount namespaces." },
	{ "mount_namespace_id", COL_TEXT, COL_HIDDEN,
	  "Always NULL: vigil does not enter other mount namespaces." },
};
_Static_assert(TABLE_NCOLS(deb_cols) == DEB_NCOLS, "deb_packages columns");

enum debf_col {
	DEBF_PACKAGE,
	DEBF_PATH,
	DEBF_ADMINDIR,
	DEBF_NCOLS
};

static const struct column debf_cols[] = {
	{ "package", COL_TEXT, COL_INDEX | COL_OPTIMIZED,
	  "Name of the package that installed the path." },
	{ "path", COL_TEXT, COL_INDEX,
	  "Path the package installed, from its dpkg file list." },
	{ "admindir", COL_TEXT, COL_ADDITIONAL | COL_OPTIMIZED,
	  "dpkg database directory read (default /var/lib/dpkg)." },
};
_Static_assert(TABLE_NCOLS(debf_cols) == DEBF_NCOLS,
	       "deb_package_files columns");

enum apt_col {
	APT_NAME,
	APT_SOURCE,
	APT_BASE_URI,
	APT_RELEASE,
	APT_VERSION,
	APT_MAINTAINER,
	APT_COMPONENTS,
	APT_ARCHITECTURES,
	APT_PID_WITH_NAMESPACE,
	APT_NCOLS
};

static const struct column apt_cols[] = {
	{ "name", COL_TEXT, 0,
	  "The URI without its scheme, a space, and the suite." },
	{ "source", COL_TEXT, 0, "File the source is configured in." },
	{ "base_uri", COL_TEXT, 0,
	  "Repository URI, without a trailing '/' or a user:password@." },
	{ "release", COL_TEXT, 0,
	  "Codename from the cached Release file (NULL if none)." },
	{ "version", COL_TEXT, COL_VERSION,
	  "Version from the cached Release file (NULL if none)." },
	{ "maintainer", COL_TEXT, 0,
	  "Origin from the cached Release file (NULL if none)." },
	{ "components", COL_TEXT, 0,
	  "Components from the cached Release file (NULL if none)." },
	{ "architectures", COL_TEXT, 0,
	  "Architectures from the cached Release file (NULL if none)." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the files under its root, "
	  "not other mount namespaces." },
};
_Static_assert(TABLE_NCOLS(apt_cols) == APT_NCOLS, "apt_sources columns");

/*
 * Reads a host file into b (initialised here; the caller releases it
 * whatever the outcome), keeping only whole lines when it is longer than
 * cap, or whole paragraphs when paras is set.  A file that is missing or
 * unreadable reads as empty.  Returns 0, or -1 after qctx_error() when
 * memory runs out.
 */
static int read_host(struct qctx *q, const char *path, size_t cap,
		     bool paras, struct buf *b)
{
	bool cut = false;
	char *end;

	buf_init(b, cap);
	if (hostfs_read_file(path, cap, 0, b, &cut) < 0) {
		if (errno == ENOMEM)
			return qctx_error(q, "reading %s: out of memory", path);
		buf_release(b);
		return 0;
	}
	if (cut) {
		end = NULL;
		if (paras) {
			/* Cut after the last blank line: whole paragraphs. */
			char *p = b->data + b->len;

			while ((p = memrchr(b->data, '\n',
					    (size_t)(p - b->data)))) {
				if (p > b->data && p[-1] == '\n') {
					end = p;
					break;
				}
			}
		} else {
			end = memrchr(b->data, '\n', b->len);
		}
		b->len = end ? (size_t)(end - b->data) + 1 : 0;
		b->data[b->len] = '\0';
	}
	return 0;
}

/* The dpkg directories to read: admindir = values, or the default. */
static int admindirs(struct qctx *q, int col, const char *const **dirs)
{
	static const char *const def[] = { DPKG_ADMINDIR };
	int n = qctx_values(q, col, QOP_EQ, dirs);

	if (n > 0)
		return n;
	*dirs = def;
	return 1;
}

static bool in_values(const char *const *vals, int n, const char *s,
		      size_t len)
{
	int i;

	for (i = 0; i < n; i++)
		if (strlen(vals[i]) == len && memcmp(vals[i], s, len) == 0)
			return true;
	return false;
}

/*
 * Parses one status paragraph into *d and the joined status into st.
 * Returns true for a package that has rows (its state is anything but
 * not-installed), false for one to skip.
 */
static bool dpkg_entry(const struct pkg_span *para, struct pkg_dpkg *d,
		       char *st, size_t stsize)
{
	struct pkg_span state;

	if (pkg_dpkg_parse(para, NULL, d, NULL, 0) != 0)
		return false;
	/* dpkg reads a package with no (or a broken) Status as
	 * not-installed. */
	if (!d->status.p ||
	    pkg_dpkg_status(&d->status, st, stsize, &state) < 0)
		return false;
	return !pkg_span_eq(&state, "not-installed");
}

static void set_span(struct qctx *q, int col, const struct pkg_span *s)
{
	if (s->p)
		qctx_set_textn(q, col, s->p, s->n);
}

static int deb_generate(struct qctx *q)
{
	const char *const *dirs;
	char path[4096], st[256];
	struct pkg_span para, shown, rev, src;
	struct pkg_dpkg d;
	struct buf b;
	uint64_t size;
	int ndirs, i;
	size_t pos;

	ndirs = admindirs(q, DEB_ADMINDIR, &dirs);
	for (i = 0; i < ndirs; i++) {
		if (hostfs_join(path, sizeof(path), dirs[i], "status") < 0)
			continue;
		if (read_host(q, path, STATUS_MAX, true, &b) < 0)
			return -1;
		for (pos = 0; b.data && pkg_deb822_next(b.data, b.len, &pos, 0,
							 &para);) {
			if (!dpkg_entry(&para, &d, st, sizeof(st)))
				continue;
			if (qctx_row(q) < 0) {
				buf_release(&b);
				return -1;
			}
			pkg_dpkg_version(&d.version, &shown, &rev);
			src = pkg_dpkg_source_name(&d.source);
			set_span(q, DEB_NAME, &d.package);
			set_span(q, DEB_VERSION, &shown);
			if (src.p && src.n)
				set_span(q, DEB_SOURCE, &src);
			if (pkg_parse_u64(&d.installed_size, &size) == 0 &&
			    size <= INT64_MAX)
				qctx_set_int(q, DEB_SIZE, (int64_t)size);
			set_span(q, DEB_ARCH, &d.architecture);
			set_span(q, DEB_REVISION, &rev);
			qctx_set_text(q, DEB_STATUS, st);
			set_span(q, DEB_MAINTAINER, &d.maintainer);
			set_span(q, DEB_SECTION, &d.section);
			set_span(q, DEB_PRIORITY, &d.priority);
			qctx_set_text(q, DEB_ADMINDIR, dirs[i]);
		}
		buf_release(&b);
	}
	return 0;
}

/*
 * Reads one package's file list into l (released by the caller): NAME.list,
 * or NAME:ARCH.list for a Multi-Arch: same package (dpkg's names), trying
 * the other form when the first is missing.
 */
static int read_file_list(struct qctx *q, const char *admindir,
			  const struct pkg_dpkg *d, struct buf *l)
{
	char name[600], rel[700], path[4096];
	bool same = pkg_span_eq(&d->multi_arch, "same") &&
		    d->architecture.p;
	int k, len;

	for (k = 0; k < 2; k++) {
		bool qualified = (k == 0) == same;

		if (qualified && !d->architecture.p)
			continue;
		if (qualified)
			len = snprintf(name, sizeof(name), "%.*s:%.*s",
				       (int)d->package.n, d->package.p,
				       (int)d->architecture.n,
				       d->architecture.p);
		else
			len = snprintf(name, sizeof(name), "%.*s",
				       (int)d->package.n, d->package.p);
		if (len < 0 || (size_t)len >= sizeof(name))
			continue;
		{
			struct pkg_span n = { name, (size_t)len };

			if (!pkg_dpkg_name_ok(&n))
				continue;
		}
		snprintf(rel, sizeof(rel), "info/%s.list", name);
		if (hostfs_join(path, sizeof(path), admindir, rel) < 0)
			continue;
		if (read_host(q, path, LIST_MAX, false, l) < 0)
			return -1;
		if (l->data)
			return 0;
	}
	buf_init(l, 0);
	return 0;
}

static int debf_generate(struct qctx *q)
{
	const char *const *dirs, *const *pkgs, *const *paths;
	char path[4096], st[256];
	struct pkg_span para;
	struct pkg_dpkg d;
	struct buf b, l;
	int ndirs, npkgs, npaths, i, rc = -1;
	size_t pos, lp;

	ndirs = admindirs(q, DEBF_ADMINDIR, &dirs);
	npkgs = qctx_values(q, DEBF_PACKAGE, QOP_EQ, &pkgs);
	npaths = qctx_values(q, DEBF_PATH, QOP_EQ, &paths);
	buf_init(&b, 0);
	buf_init(&l, 0);
	for (i = 0; i < ndirs; i++) {
		if (hostfs_join(path, sizeof(path), dirs[i], "status") < 0)
			continue;
		buf_release(&b);
		if (read_host(q, path, STATUS_MAX, true, &b) < 0)
			goto out;
		for (pos = 0; b.data && pkg_deb822_next(b.data, b.len, &pos, 0,
							 &para);) {
			if (!dpkg_entry(&para, &d, st, sizeof(st)))
				continue;
			if (npkgs && !in_values(pkgs, npkgs, d.package.p,
						d.package.n))
				continue;
			buf_release(&l);
			if (read_file_list(q, dirs[i], &d, &l) < 0)
				goto out;
			for (lp = 0; l.data && lp < l.len;) {
				const char *line = l.data + lp;
				const char *nl = memchr(line, '\n', l.len - lp);
				size_t n = nl ? (size_t)(nl - line) : l.len - lp;

				lp += n + 1;
				if (n == 0)
					continue;
				if (npaths && !in_values(paths, npaths, line, n))
					continue;
				if (qctx_row(q) < 0)
					goto out;
				set_span(q, DEBF_PACKAGE, &d.package);
				qctx_set_textn(q, DEBF_PATH, line, n);
				qctx_set_text(q, DEBF_ADMINDIR, dirs[i]);
			}
		}
	}
	rc = 0;
out:
	buf_release(&l);
	buf_release(&b);
	return rc;
}

/* ---- apt_sources ---- */

/* The columns a cached Release file gives one source. */
static void apt_release(struct qctx *q, const struct pkg_span *uri,
			const struct pkg_span *suite)
{
	static const char *const last[] = { "InRelease", "Release" };
	char prefix[2048], path[4096];
	struct pkg_release r;
	struct buf b;
	size_t k;

	if (pkg_apt_list_name(uri, suite, prefix, sizeof(prefix)) < 0)
		return;
	for (k = 0; k < 2; k++) {
		if (snprintf(path, sizeof(path), "%s/%s%s", APT_LISTS, prefix,
			     last[k]) >= (int)sizeof(path))
			return;
		buf_init(&b, RELEASE_MAX);
		/* A Release file larger than the cap is cut: the fields
		 * wanted come first. */
		if (hostfs_read_file(path, RELEASE_MAX, 0, &b, NULL) < 0) {
			buf_release(&b);
			continue;
		}
		if (pkg_release_parse(b.data, b.len, &r, NULL, 0) == 0) {
			set_span(q, APT_RELEASE, &r.codename);
			set_span(q, APT_VERSION, &r.version);
			set_span(q, APT_MAINTAINER, &r.origin);
			set_span(q, APT_COMPONENTS, &r.components);
			set_span(q, APT_ARCHITECTURES, &r.architectures);
		}
		buf_release(&b);
		return;
	}
}

/* One row: a URI and a suite of an entry of the file source. */
static int apt_emit(struct qctx *q, const char *source,
		    const struct pkg_span *uri, const struct pkg_span *suite)
{
	const char *sep, *host, *hend, *at, *e;
	struct buf name = BUF_INIT(1 << 20), base = BUF_INIT(1 << 20);
	size_t n = uri->n;
	int rc = -1;

	sep = memmem(uri->p, uri->n, "://", 3);
	if (!sep)
		return 0; /* osquery shows only URIs with a "://" */
	while (n > 0 && uri->p[n - 1] == '/')
		n--;
	e = uri->p + n;
	host = sep + 3;
	if (host > e)
		return 0;
	hend = memchr(host, '/', (size_t)(e - host));
	if (!hend)
		hend = e;
	at = memrchr(host, '@', (size_t)(hend - host));
	/* base_uri and name leave out a user:password@. */
	if (buf_add(&base, uri->p, (size_t)(host - uri->p)) < 0 ||
	    buf_add(&base, at ? at + 1 : host,
		    (size_t)(e - (at ? at + 1 : host))) < 0 ||
	    buf_add(&name, at ? at + 1 : host,
		    (size_t)(e - (at ? at + 1 : host))) < 0 ||
	    buf_addc(&name, ' ') < 0 || buf_add(&name, suite->p, suite->n) < 0) {
		qctx_error(q, "apt_sources: out of memory");
		goto out;
	}
	if (qctx_row(q) < 0)
		goto out;
	qctx_set_textn(q, APT_NAME, name.data, name.len);
	qctx_set_text(q, APT_SOURCE, source);
	qctx_set_textn(q, APT_BASE_URI, base.data, base.len);
	apt_release(q, uri, suite);
	rc = 0;
out:
	buf_release(&name);
	buf_release(&base);
	return rc;
}

static int apt_list_file(struct qctx *q, const char *path)
{
	struct pkg_apt_source s;
	struct buf b;
	size_t pos = 0;
	int rc = 0;

	if (read_host(q, path, SOURCES_MAX, false, &b) < 0)
		return -1;
	while (b.data && pos < b.len) {
		const char *line = b.data + pos;
		const char *nl = memchr(line, '\n', b.len - pos);
		size_t n = nl ? (size_t)(nl - line) : b.len - pos;

		pos += n + 1;
		if (pkg_apt_line_parse(line, n, &s, NULL, 0) < 0 ||
		    !pkg_span_eq(&s.types, "deb"))
			continue;
		if (apt_emit(q, path, &s.uris, &s.suites) < 0) {
			rc = -1;
			break;
		}
	}
	buf_release(&b);
	return rc;
}

static int apt_sources_file(struct qctx *q, const char *path)
{
	struct pkg_apt_source s;
	struct pkg_span para, uris, uri, suites, suite;
	struct buf b;
	size_t pos = 0;
	int rc = 0;

	if (read_host(q, path, SOURCES_MAX, true, &b) < 0)
		return -1;
	while (b.data && rc == 0 &&
	       pkg_deb822_next(b.data, b.len, &pos, PKG_DEB822_COMMENTS,
			       &para)) {
		if (pkg_apt_deb822_parse(&para, &s, NULL, 0) < 0 ||
		    !s.enabled || !pkg_list_has(&s.types, "deb"))
			continue;
		for (uris = s.uris; rc == 0 && pkg_word_next(&uris, &uri);)
			for (suites = s.suites;
			     rc == 0 && pkg_word_next(&suites, &suite);)
				rc = apt_emit(q, path, &uri, &suite);
	}
	buf_release(&b);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n > m && strcmp(s + n - m, suf) == 0;
}

static int apt_generate(struct qctx *q)
{
	static const char dir[] = "/etc/apt/sources.list.d";
	char **names = NULL, path[4096];
	size_t n = 0, i;
	struct dirent *de;
	DIR *d = NULL;
	int rc = -1, pass;

	if (apt_list_file(q, "/etc/apt/sources.list") < 0)
		return -1;
	names = calloc(SOURCES_DIR_MAX, sizeof(*names));
	if (!names) {
		qctx_error(q, "apt_sources: out of memory");
		goto out;
	}
	d = hostfs_opendir(dir, 0);
	while (d && n < SOURCES_DIR_MAX && (de = readdir(d))) {
		if (!has_suffix(de->d_name, ".list") &&
		    !has_suffix(de->d_name, ".sources"))
			continue;
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			qctx_error(q, "apt_sources: out of memory");
			goto out;
		}
		n++;
	}
	if (n > 1)
		qsort(names, n, sizeof(names[0]), cmp_str);
	/* The .list files first, then the .sources files, as osquery. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			bool list = has_suffix(names[i], ".list");

			if (list != (pass == 0))
				continue;
			if (hostfs_join(path, sizeof(path), dir, names[i]) < 0)
				continue;
			if ((list ? apt_list_file(q, path) :
				    apt_sources_file(q, path)) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	if (d)
		closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static const struct table deb_table = {
	.name = "deb_packages",
	.desc = "Debian packages known to dpkg (all but those purged).",
	.cols = deb_cols,
	.ncols = DEB_NCOLS,
	.generate = deb_generate,
};
TABLE_REGISTER(deb_table);

static const struct table debf_table = {
	.name = "deb_package_files",
	.desc = "Files installed by Debian packages, from dpkg's file lists.",
	.cols = debf_cols,
	.ncols = DEBF_NCOLS,
	.generate = debf_generate,
};
TABLE_REGISTER(debf_table);

static const struct table apt_table = {
	.name = "apt_sources",
	.desc = "Package sources configured for apt.",
	.cols = apt_cols,
	.ncols = APT_NCOLS,
	.generate = apt_generate,
};
TABLE_REGISTER(apt_table);
