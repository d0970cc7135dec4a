/* SPDX-License-Identifier: Apache-2.0 */
/*
 * apttrust.c: apt_source_trust, whether apt verifies what each configured
 * package source serves.
 *
 * One row a (type, URI, suite) of every enabled entry of
 * /etc/apt/sources.list and of the files of /etc/apt/sources.list.d, in
 * the order apt reads them: sources.list first, then the directory's
 * *.list and *.sources files together in name order (names made only of
 * letters, digits, '_', '-' and '.', as apt takes them; apt ignores the
 * others, such as "x.list.save").  deb-src entries have rows too: apt
 * verifies source packages the same way.  Paragraphs with "Enabled: no"
 * have none.
 *   type        "deb" or "deb-src"
 *   name        as apt_sources names a source: the URI without scheme,
 *               credentials or trailing '/', a space, the suite; NULL for a
 *               URI with no "://" (cdrom:, file:/x)
 *   uri         the URI with any user:password@ left out
 *   suite       the suite ("bookworm", "./" for a flat repository)
 *   components  the components, space-separated; NULL when none
 *   file, line  the file and the line of the entry (of a .sources
 *               paragraph, its first line)
 *   signed_by   the Signed-By option as written: keyring paths or key
 *               fingerprints (comma- or space-separated); for a key
 *               embedded in a .sources paragraph, its armor header line
 *               ("-----BEGIN PGP PUBLIC KEY BLOCK-----"); NULL when unset
 *   keyring_exists  with signed_by set: 1 when every path it names is a
 *               regular file, any fingerprint it names can be looked up in
 *               the global keyrings (below), or the key is embedded; else
 *               0; NULL when signed_by is unset
 *   trusted     1 for [trusted=yes] / "Trusted: yes" (apt skips every
 *               signature check), else 0
 *   allow_insecure, allow_weak, allow_downgrade_to_insecure
 *               1 when the entry sets that option to yes, else 0 (apt's
 *               default; Acquire::AllowInsecureRepositories and friends in
 *               apt.conf are not read)
 *   scheme      the URI scheme, lowercased: http, https, file, cdrom,
 *               tor+https, mirror+http ...; NULL when there is none
 *   signed      1 when apt would check the source's signature against a
 *               keyring that exists: signed_by's keyrings when it is set,
 *               else the global ones (/etc/apt/trusted.gpg, or a *.gpg or
 *               *.asc file of /etc/apt/trusted.gpg.d), and neither trusted
 *               nor allow_insecure is set; else 0
 * A password in a URI never reaches the output.  Lines and paragraphs
 * apt would reject are skipped (see pkgparse.h).
 *
 * Required constraints: none.  Privileges: none; apt's files are world
 * readable.
 *
 * Example:
 *   SELECT file, line, uri, scheme FROM apt_source_trust
 *     WHERE signed = 0 OR scheme = 'http' AND trusted = 1;
 *
 * How it works: entries are cut by pkgparse.c (pkg_apt_line_parse and
 * pkg_apt_deb822_parse), the files read through hostfs; keyrings are
 * checked with hostfs_stat.  The global keyrings are looked for once per
 * query.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sql/table.h"
#include "tables/pkgparse.h"
#include "util/buf.h"
#include "util/hostfs.h"

#define SOURCES_LIST "/etc/apt/sources.list"
#define SOURCES_DIR "/etc/apt/sources.list.d"
#define TRUSTED_GPG "/etc/apt/trusted.gpg"
#define TRUSTED_DIR "/etc/apt/trusted.gpg.d"
/* Largest sources file read; files of a directory looked at. */
#define SOURCES_FILE_MAX (4u << 20)
#define DIR_FILES_MAX 4096
/* Longest text column made here. */
#define TEXT_MAX (1u << 20)

enum {
	AT_TYPE,
	AT_NAME,
	AT_URI,
	AT_SUITE,
	AT_COMPONENTS,
	AT_FILE,
	AT_LINE,
	AT_SIGNED_BY,
	AT_KEYRING_EXISTS,
	AT_TRUSTED,
	AT_ALLOW_INSECURE,
	AT_ALLOW_WEAK,
	AT_ALLOW_DOWNGRADE_TO_INSECURE,
	AT_SCHEME,
	AT_SIGNED,
	AT_NCOLS
};

static const struct column apttrust_cols[] = {
	{ "type", COL_TEXT, 0, "deb or deb-src." },
	{ "name", COL_TEXT, 0,
	  "The source as apt_sources names it: host and path, a space, the "
	  "suite." },
	{ "uri", COL_TEXT, 0, "The repository URI, credentials left out." },
	{ "suite", COL_TEXT, 0, "The suite (distribution) of the entry." },
	{ "components", COL_TEXT, 0, "The components, space-separated." },
	{ "file", COL_TEXT, 0, "The sources file holding the entry." },
	{ "line", COL_INTEGER, 0,
	  "The entry's line (a .sources paragraph's first line)." },
	{ "signed_by", COL_TEXT, 0,
	  "The Signed-By keyrings or fingerprints as written; NULL when "
	  "unset." },
	{ "keyring_exists", COL_INTEGER, 0,
	  "With signed_by: 1 when the keys it names exist; NULL without." },
	{ "trusted", COL_INTEGER, 0,
	  "1 when trusted=yes disables signature checks." },
	{ "allow_insecure", COL_INTEGER, 0,
	  "1 when allow-insecure=yes accepts unsigned repositories." },
	{ "allow_weak", COL_INTEGER, 0,
	  "1 when allow-weak=yes accepts weak signatures." },
	{ "allow_downgrade_to_insecure", COL_INTEGER, 0,
	  "1 when allow-downgrade-to-insecure=yes is set." },
	{ "scheme", COL_TEXT, 0,
	  "The URI scheme (http, https, file, cdrom ...)." },
	{ "signed", COL_INTEGER, 0,
	  "1 when apt checks signatures against an existing keyring." },
};

_Static_assert(TABLE_NCOLS(apttrust_cols) == AT_NCOLS,
	       "apt_source_trust column enum and array disagree");

struct ctx {
	struct qctx *q;
	int global; /* -1 not looked for yet, else 0 or 1 */
	struct buf tmp;
};

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n > m && strcmp(s + n - m, suf) == 0;
}

/* apt's rule for a file name in its directories. */
static bool apt_name_ok(const char *s)
{
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789_-.") == strlen(s);
}

static bool is_reg(const char *path)
{
	struct stat st;

	return hostfs_stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether apt's global keyrings exist (looked for once). */
static bool global_keyring(struct ctx *c)
{
	struct dirent *de;
	DIR *d;
	size_t seen = 0;

	if (c->global >= 0)
		return c->global;
	c->global = is_reg(TRUSTED_GPG);
	d = hostfs_opendir(TRUSTED_DIR, 0);
	while (!c->global && d && (de = readdir(d)) != NULL &&
	       seen++ < DIR_FILES_MAX) {
		char path[4096];

		if ((has_suffix(de->d_name, ".gpg") ||
		     has_suffix(de->d_name, ".asc")) &&
		    apt_name_ok(de->d_name) &&
		    hostfs_join(path, sizeof(path), TRUSTED_DIR, de->d_name) ==
			    0 &&
		    is_reg(path))
			c->global = 1;
	}
	if (d)
		closedir(d);
	return c->global;
}

/*
 * Signed-By as shown and judged: *shown gets the span to display (the
 * first line of an embedded key), and the return value is whether the
 * keys it names exist.
 */
static bool signed_by_ok(struct ctx *c, const struct pkg_span *sb,
			 struct pkg_span *shown)
{
	struct pkg_span v = *sb, w;
	const char *p, *e;
	bool ok = true, any = false;

	/* Skip a first line left empty, as an embedded key has. */
	while (v.n && (v.p[0] == ' ' || v.p[0] == '\t' || v.p[0] == '\n' ||
		       v.p[0] == '\r')) {
		v.p++;
		v.n--;
	}
	if (v.n >= 5 && memcmp(v.p, "-----", 5) == 0) {
		e = memchr(v.p, '\n', v.n);
		shown->p = v.p;
		shown->n = e ? (size_t)(e - v.p) : v.n;
		while (shown->n && (shown->p[shown->n - 1] == ' ' ||
				    shown->p[shown->n - 1] == '\r'))
			shown->n--;
		return true;
	}
	*shown = v;
	/* Paths and fingerprints, separated by commas or blanks. */
	p = v.p;
	e = v.p + v.n;
	while (p < e) {
		size_t n;

		while (p < e && (*p == ',' || *p == ' ' || *p == '\t' ||
				 *p == '\n' || *p == '\r'))
			p++;
		if (p == e)
			break;
		w.p = p;
		while (p < e && *p != ',' && *p != ' ' && *p != '\t' &&
		       *p != '\n' && *p != '\r')
			p++;
		w.n = (size_t)(p - w.p);
		n = w.n;
		any = true;
		if (w.p[0] == '/') {
			char path[4096];

			if (n >= sizeof(path) || memchr(w.p, '\0', n)) {
				ok = false;
				continue;
			}
			memcpy(path, w.p, n);
			path[n] = '\0';
			ok &= is_reg(path);
		} else {
			ok &= global_keyring(c);
		}
	}
	return any && ok;
}

/* The scheme of a URI (lowercased into dst), or NULL. */
static const char *uri_scheme(const struct pkg_span *uri, char *dst,
			      size_t size)
{
	const char *colon = memchr(uri->p, ':', uri->n);
	size_t n, i;

	if (!colon || colon == uri->p)
		return NULL;
	n = (size_t)(colon - uri->p);
	if (n >= size)
		return NULL;
	for (i = 0; i < n; i++) {
		char ch = uri->p[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '+' || ch == '-' ||
		      ch == '.'))
			return NULL;
		dst[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	dst[n] = '\0';
	return dst;
}

static int emit(struct ctx *c, const char *file, unsigned line,
		const struct pkg_apt_source *s, const struct pkg_span *type,
		const struct pkg_span *uri, const struct pkg_span *suite)
{
	struct qctx *q = c->q;
	const char *sep, *host, *hend, *at, *end;
	struct pkg_span shown = { NULL, 0 }, comp = s->components;
	char scheme[64];
	bool keyring = false, sb = s->signed_by.p != NULL;
	size_t n = uri->n;

	if (qctx_row(q) < 0)
		return -1;
	qctx_set_textn(q, AT_TYPE, type->p, type->n);
	/* The URI without user:password@; name as apt_sources makes it. */
	sep = memmem(uri->p, uri->n, "://", 3);
	host = sep ? sep + 3 : NULL;
	hend = host ? memchr(host, '/', (size_t)(uri->p + n - host)) : NULL;
	if (host && !hend)
		hend = uri->p + n;
	at = host ? memrchr(host, '@', (size_t)(hend - host)) : NULL;
	buf_reset(&c->tmp);
	if (at) {
		(void)buf_add(&c->tmp, uri->p, (size_t)(host - uri->p));
		(void)buf_add(&c->tmp, at + 1, (size_t)(uri->p + n - at - 1));
	} else {
		(void)buf_add(&c->tmp, uri->p, n);
	}
	qctx_set_textn(q, AT_URI, c->tmp.data ? c->tmp.data : "", c->tmp.len);
	if (host) {
		const char *b = at ? at + 1 : host;

		end = uri->p + n;
		while (end > b && end[-1] == '/')
			end--;
		buf_reset(&c->tmp);
		if (buf_add(&c->tmp, b, (size_t)(end - b)) == 0 &&
		    buf_addc(&c->tmp, ' ') == 0 &&
		    buf_add(&c->tmp, suite->p, suite->n) == 0)
			qctx_set_textn(q, AT_NAME, c->tmp.data, c->tmp.len);
	}
	qctx_set_textn(q, AT_SUITE, suite->p, suite->n);
	if (comp.p) {
		struct pkg_span w;

		buf_reset(&c->tmp);
		while (pkg_word_next(&comp, &w)) {
			if (c->tmp.len)
				(void)buf_addc(&c->tmp, ' ');
			(void)buf_add(&c->tmp, w.p, w.n);
		}
		if (c->tmp.len)
			qctx_set_textn(q, AT_COMPONENTS, c->tmp.data,
				       c->tmp.len);
	}
	qctx_set_text(q, AT_FILE, file);
	qctx_set_int(q, AT_LINE, line);
	if (sb) {
		keyring = signed_by_ok(c, &s->signed_by, &shown);
		qctx_set_textn(q, AT_SIGNED_BY, shown.p ? shown.p : "",
			       shown.n);
		qctx_set_int(q, AT_KEYRING_EXISTS, keyring);
	}
	qctx_set_int(q, AT_TRUSTED, s->trusted == 1);
	qctx_set_int(q, AT_ALLOW_INSECURE, s->allow_insecure == 1);
	qctx_set_int(q, AT_ALLOW_WEAK, s->allow_weak == 1);
	qctx_set_int(q, AT_ALLOW_DOWNGRADE_TO_INSECURE,
		     s->allow_downgrade_to_insecure == 1);
	qctx_set_text(q, AT_SCHEME, uri_scheme(uri, scheme, sizeof(scheme)));
	qctx_set_int(q, AT_SIGNED,
		     (sb ? keyring : global_keyring(c)) && s->trusted != 1 &&
			     s->allow_insecure != 1);
	return 0;
}

static int list_file(struct ctx *c, const char *path, const char *text,
		     size_t len)
{
	struct pkg_apt_source s;
	size_t pos = 0;
	unsigned line = 0;

	while (pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - l) : len - pos;

		pos += n + 1;
		line++;
		if (pkg_apt_line_parse(l, n, &s, NULL, 0) < 0)
			continue;
		if (emit(c, path, line, &s, &s.types, &s.uris, &s.suites) < 0)
			return -1;
	}
	return 0;
}

static unsigned line_of(const char *text, const char *p)
{
	unsigned line = 1;

	for (; text < p; text++)
		line += *text == '\n';
	return line;
}

static int sources_file(struct ctx *c, const char *path, const char *text,
			size_t len)
{
	struct pkg_apt_source s;
	struct pkg_span para, types, type, uris, uri, suites, suite;
	size_t pos = 0;
	const char *last = text;
	unsigned line = 1;

	while (pkg_deb822_next(text, len, &pos, PKG_DEB822_COMMENTS, &para)) {
		line += line_of(last, para.p) - 1;
		last = para.p;
		if (pkg_apt_deb822_parse(&para, &s, NULL, 0) < 0 || !s.enabled)
			continue;
		for (types = s.types; pkg_word_next(&types, &type);)
			for (uris = s.uris; pkg_word_next(&uris, &uri);)
				for (suites = s.suites;
				     pkg_word_next(&suites, &suite);)
					if (emit(c, path, line, &s, &type, &uri,
						 &suite) < 0)
						return -1;
	}
	return 0;
}

static int read_sources(struct ctx *c, const char *path, bool deb822)
{
	struct buf b = BUF_INIT(SOURCES_FILE_MAX);
	int rc = 0;

	if (!is_reg(path) ||
	    hostfs_read_file(path, SOURCES_FILE_MAX, 0, &b, NULL) < 0) {
		buf_release(&b);
		return 0;
	}
	rc = deb822 ? sources_file(c, path, b.data ? b.data : "", b.len)
		    : list_file(c, path, b.data ? b.data : "", b.len);
	buf_release(&b);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int apttrust_generate(struct qctx *q)
{
	struct ctx c = { q, -1, BUF_INIT(TEXT_MAX) };
	char **names = NULL, path[4096];
	size_t n = 0, alloc = 0, i;
	struct dirent *de;
	DIR *d;
	int rc;

	rc = read_sources(&c, SOURCES_LIST, false);
	d = rc == 0 ? hostfs_opendir(SOURCES_DIR, 0) : NULL;
	while (d && (de = readdir(d)) != NULL && n < DIR_FILES_MAX) {
		if ((!has_suffix(de->d_name, ".list") &&
		     !has_suffix(de->d_name, ".sources")) ||
		    !apt_name_ok(de->d_name))
			continue;
		if (n == alloc) {
			size_t na = alloc ? alloc * 2 : 16;
			char **p = reallocarray(names, na, sizeof(*p));

			if (!p)
				break;
			names = p;
			alloc = na;
		}
		names[n] = strdup(de->d_name);
		if (!names[n])
			break;
		n++;
	}
	if (d)
		closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		if (rc == 0 &&
		    hostfs_join(path, sizeof(path), SOURCES_DIR, names[i]) == 0)
			rc = read_sources(&c, path,
					  has_suffix(names[i], ".sources"));
		free(names[i]);
	}
	free(names);
	buf_release(&c.tmp);
	return rc;
}

static const struct table apttrust_table = {
	.name = "apt_source_trust",
	.desc = "Whether apt verifies each package source: Signed-By, "
		"trusted=yes, insecure options, scheme.",
	.cols = apttrust_cols,
	.ncols = AT_NCOLS,
	.generate = apttrust_generate,
};

TABLE_REGISTER(apttrust_table);
