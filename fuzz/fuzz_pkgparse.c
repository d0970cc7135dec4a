/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_pkgparse: libFuzzer target for the package database parsers of
 * pkgparse.h: deb822 paragraphs and fields, dpkg's status database, apt's
 * sources (one-line and deb822) and Release files, Python metadata and
 * npm's package.json.
 *
 * The input is a whole file, in a buffer of exactly its size (no
 * terminating NUL: the parsers take lengths).  It is walked as deb822
 * paragraphs twice (with and without comment lines); each paragraph's
 * fields are walked, and the paragraph is read as a dpkg status entry and
 * as an apt .sources entry, whose pieces go to the small helpers.  Each
 * '\n'-separated line, in a buffer of exactly its length, goes to the
 * sources.list parser.  The whole input also goes to the Release, Python
 * metadata and package.json parsers.
 *
 * Besides crashes, the target checks the contracts: every span lies inside
 * the bytes it was cut from (a field inside its paragraph, a word inside
 * its list, a paragraph inside the input); the walkers always move forward
 * and end; dpkg's status text and apt's list names are terminated inside
 * the room given; a refusal leaves a NUL-terminated reason in err.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/pkgparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *copy_exact(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

/* Aborts unless span s (absent allowed) lies inside [buf, buf + size). */
static void check_in(const struct pkg_span *s, const char *buf, size_t size)
{
	if (!s->p) {
		if (s->n)
			abort();
		return;
	}
	if (s->p < buf || s->n > size || s->p + s->n > buf + size)
		abort();
}

static void check_err(int rc, const char *err, size_t errsize)
{
	if (rc < 0 && errsize && memchr(err, '\0', errsize) == NULL)
		abort();
}

/* Walks the words of a list, each inside it; returns how many. */
static size_t walk_words(const struct pkg_span *list)
{
	struct pkg_span l = *list, w;
	size_t n = 0;

	if (!l.p)
		return 0;
	while (pkg_word_next(&l, &w)) {
		check_in(&w, list->p, list->n);
		if (w.n == 0 || ++n > list->n)
			abort();
	}
	return n;
}

static void check_sizes(const struct pkg_span *s)
{
	char *dst;
	size_t size;

	for (size = 1; size <= 64; size *= 4) {
		dst = malloc(size);
		if (!dst)
			abort();
		if (pkg_dpkg_status(s, dst, size, NULL) == 0 &&
		    !memchr(dst, '\0', size))
			abort();
		free(dst);
	}
}

static void check_dpkg(const struct pkg_span *para)
{
	struct pkg_dpkg d;
	struct pkg_span shown, rev, src, state;
	char err[40], status[64];
	uint64_t v;
	int rc;

	rc = pkg_dpkg_parse(para, NULL, &d, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc != 0)
		return;
	check_in(&d.package, para->p, para->n);
	check_in(&d.status, para->p, para->n);
	check_in(&d.version, para->p, para->n);
	check_in(&d.source, para->p, para->n);
	check_in(&d.installed_size, para->p, para->n);
	check_in(&d.architecture, para->p, para->n);
	check_in(&d.multi_arch, para->p, para->n);
	check_in(&d.maintainer, para->p, para->n);
	check_in(&d.section, para->p, para->n);
	check_in(&d.priority, para->p, para->n);
	(void)pkg_dpkg_name_ok(&d.package);
	if (d.status.p) {
		if (pkg_dpkg_status(&d.status, status, sizeof(status), &state) ==
		    0) {
			if (!memchr(status, '\0', sizeof(status)))
				abort();
			check_in(&state, d.status.p, d.status.n);
		}
		check_sizes(&d.status);
		(void)pkg_span_eq(&d.status, "install ok installed");
	}
	if (d.version.p) {
		pkg_dpkg_version(&d.version, &shown, &rev);
		check_in(&shown, d.version.p, d.version.n);
		check_in(&rev, d.version.p, d.version.n);
	}
	if (d.source.p) {
		src = pkg_dpkg_source_name(&d.source);
		check_in(&src, d.source.p, d.source.n);
	}
	if (d.installed_size.p)
		(void)pkg_parse_u64(&d.installed_size, &v);
	/* The name filter: the entry's own name, and another one. */
	(void)pkg_dpkg_parse(para, "libc6", &d, NULL, 0);
}

static void check_source(const struct pkg_apt_source *s, const char *buf,
			 size_t size)
{
	struct pkg_span u = s->uris, st = s->suites, uw, sw;
	char name[128];

	check_in(&s->types, buf, size);
	check_in(&s->uris, buf, size);
	check_in(&s->suites, buf, size);
	check_in(&s->components, buf, size);
	check_in(&s->architectures, buf, size);
	check_in(&s->signed_by, buf, size);
	walk_words(&s->types);
	walk_words(&s->components);
	(void)pkg_list_has(&s->types, "deb");
	if (!u.p || !st.p)
		return;
	while (pkg_word_next(&u, &uw)) {
		struct pkg_span sl = st;

		while (pkg_word_next(&sl, &sw))
			if (pkg_apt_list_name(&uw, &sw, name, sizeof(name)) ==
				    0 &&
			    !memchr(name, '\0', sizeof(name)))
				abort();
	}
}

static void walk(const char *buf, size_t len, unsigned flags)
{
	struct pkg_span para, first;
	struct pkg_field f;
	struct pkg_apt_source src;
	size_t pos = 0, last, fpos, flast, nf;
	char err[40];
	int rc;

	for (;;) {
		last = pos;
		if (!pkg_deb822_next(buf, len, &pos, flags, &para))
			break;
		if (pos <= last || pos > len)
			abort();
		check_in(&para, buf, len);
		fpos = 0;
		nf = 0;
		for (;;) {
			flast = fpos;
			if (!pkg_field_next(&para, &fpos, flags, &f))
				break;
			if (fpos <= flast || fpos > para.n || ++nf > para.n)
				abort();
			check_in(&f.name, para.p, para.n);
			check_in(&f.value, para.p, para.n);
			first = pkg_value_first_line(&f.value);
			check_in(&first, f.value.p, f.value.n);
			(void)pkg_apt_bool(&f.value);
		}
		check_dpkg(&para);
		rc = pkg_apt_deb822_parse(&para, &src, err, sizeof(err));
		check_err(rc, err, sizeof(err));
		if (rc == 0)
			check_source(&src, para.p, para.n);
	}
}

static void check_lines(const uint8_t *data, size_t size)
{
	struct pkg_apt_source src;
	size_t pos = 0, len;
	const uint8_t *nl;
	char *l, err[40];
	int rc;

	while (pos < size) {
		nl = memchr(data + pos, '\n', size - pos);
		len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		l = copy_exact(data + pos, len);
		rc = pkg_apt_line_parse(l, len, &src, err, 1 + len % 40);
		check_err(rc, err, 1 + len % 40);
		if (rc == 0)
			check_source(&src, l, len);
		free(l);
		pos += len + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = copy_exact(data, size), err[160];
	struct pkg_release rel;
	struct pkg_pymeta py;
	struct pkg_npm npm;
	int rc;

	walk(buf, size, 0);
	walk(buf, size, PKG_DEB822_COMMENTS);
	check_lines(data, size);

	rc = pkg_release_parse(buf, size, &rel, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0) {
		check_in(&rel.origin, buf, size);
		check_in(&rel.label, buf, size);
		check_in(&rel.suite, buf, size);
		check_in(&rel.version, buf, size);
		check_in(&rel.codename, buf, size);
		check_in(&rel.components, buf, size);
		check_in(&rel.architectures, buf, size);
	}
	rc = pkg_pymeta_parse(buf, size, &py, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0) {
		check_in(&py.name, buf, size);
		check_in(&py.version, buf, size);
		check_in(&py.summary, buf, size);
		check_in(&py.author, buf, size);
		check_in(&py.license, buf, size);
		check_in(&py.license_expression, buf, size);
	}
	memset(&npm, 0, sizeof(npm));
	rc = pkg_npm_parse(buf, size, &npm, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0)
		pkg_npm_release(&npm);
	free(buf);
	return 0;
}
