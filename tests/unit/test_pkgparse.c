/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pkgparse.c: the package metadata parsers on real files and on
 * broken ones: dpkg status paragraphs (continuation lines, a last
 * paragraph with no blank line or newline, CRLF, a 1 MiB field, field
 * names in any case), versions and their revisions, one-line and deb822
 * apt sources (options, comments, embedded keys, Enabled: no), apt's list
 * file names, (In)Release files, Python METADATA headers, and package.json
 * files that are not JSON, not objects, or nest 10,000 levels deep.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/pkgparse.h"

static char err[256];

/* Asserts that a span holds exactly the text want (NULL: absent). */
#define assert_span(sp, want) assert_span_at((sp), (want), __LINE__)

static void assert_span_at(const struct pkg_span *s, const char *want,
			   int line)
{
	if (!want) {
		if (s->p)
			fail_msg("line %d: want absent, got \"%.*s\"", line,
				 (int)s->n, s->p);
		return;
	}
	if (!s->p)
		fail_msg("line %d: want \"%s\", got absent", line, want);
	if (s->n != strlen(want) || memcmp(s->p, want, s->n) != 0)
		fail_msg("line %d: want \"%s\", got \"%.*s\"", line, want,
			 (int)s->n, s->p);
}

/* The paragraphs of a text, as strings in out[] (at most max). */
static int paragraphs(const char *text, unsigned flags, struct pkg_span *out,
		      int max)
{
	size_t pos = 0;
	int n = 0;

	while (n < max &&
	       pkg_deb822_next(text, strlen(text), &pos, flags, &out[n]))
		n++;
	return n;
}

static void test_deb822_paragraphs(void **state)
{
	struct pkg_span p[8];
	const char *t = "\n\nPackage: a\nVersion: 1\n\n \t\r\n"
			"Package: b\n\n\n\nPackage: c\nVersion: 3";

	(void)state;
	assert_int_equal(paragraphs(t, 0, p, 8), 3);
	assert_span(&p[0], "Package: a\nVersion: 1\n");
	assert_span(&p[1], "Package: b\n");
	/* The last paragraph has no blank line and no final newline. */
	assert_span(&p[2], "Package: c\nVersion: 3");

	assert_int_equal(paragraphs("", 0, p, 8), 0);
	assert_int_equal(paragraphs("\n\n  \n", 0, p, 8), 0);
	/* CRLF: a line holding only "\r" separates too. */
	assert_int_equal(paragraphs("A: 1\r\n\r\nB: 2\r\n", 0, p, 8), 2);
	assert_span(&p[1], "B: 2\r\n");
	/* Comments between paragraphs, when they are comments. */
	assert_int_equal(paragraphs("# c\n\nA: 1\n# c\nB: 2\n\n# c\n",
				    PKG_DEB822_COMMENTS, p, 8), 1);
	assert_span(&p[0], "A: 1\n# c\nB: 2\n");
	assert_int_equal(paragraphs("# c\n", 0, p, 8), 1);
}

static void test_deb822_fields(void **state)
{
	const char *t = " orphan continuation\nno colon here\n: empty name\n"
			"Package:  bash  \ndescription: Short\n Long line one\n"
			" .\n Long line two  \nEmpty:\nX-Tab:\tv\r\n";
	struct pkg_span para = { t, strlen(t) }, first;
	struct pkg_field f;
	size_t pos = 0;

	(void)state;
	assert_true(pkg_field_next(&para, &pos, 0, &f));
	assert_span(&f.name, "Package");
	assert_span(&f.value, "bash");
	assert_true(pkg_field_next(&para, &pos, 0, &f));
	assert_span(&f.name, "description");
	assert_span(&f.value, "Short\n Long line one\n .\n Long line two");
	first = pkg_value_first_line(&f.value);
	assert_span(&first, "Short");
	assert_true(pkg_field_next(&para, &pos, 0, &f));
	assert_span(&f.name, "Empty");
	assert_span(&f.value, "");
	assert_true(pkg_field_next(&para, &pos, 0, &f));
	assert_span(&f.name, "X-Tab");
	assert_span(&f.value, "v");
	assert_false(pkg_field_next(&para, &pos, 0, &f));
	assert_false(pkg_field_next(&para, &pos, 0, &f));
}

static void test_deb822_comments(void **state)
{
	const char *t = "# head\nURIs: http://a\n# between\n http://b\n"
			"# after\nSuites: x\n";
	struct pkg_span para = { t, strlen(t) }, list, w;
	struct pkg_field f;
	size_t pos = 0;

	(void)state;
	assert_true(pkg_field_next(&para, &pos, PKG_DEB822_COMMENTS, &f));
	assert_span(&f.name, "URIs");
	/* The value runs over the comment; the words skip it. */
	list = f.value;
	assert_true(pkg_word_next(&list, &w));
	assert_span(&w, "http://a");
	assert_true(pkg_word_next(&list, &w));
	assert_span(&w, "http://b");
	assert_false(pkg_word_next(&list, &w));
	assert_true(pkg_field_next(&para, &pos, PKG_DEB822_COMMENTS, &f));
	assert_span(&f.name, "Suites");
	assert_span(&f.value, "x");
	assert_false(pkg_field_next(&para, &pos, PKG_DEB822_COMMENTS, &f));

	/* Without the flag, '#' lines are just lines without a colon. */
	pos = 0;
	assert_true(pkg_field_next(&para, &pos, 0, &f));
	assert_span(&f.name, "URIs");
	assert_span(&f.value, "http://a");
}

static const char status[] =
	"Package: libc6\n"
	"Status: install ok installed\n"
	"Priority: optional\n"
	"Section: libs\n"
	"Installed-Size: 13001\n"
	"Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>\n"
	"Architecture: amd64\n"
	"Multi-Arch: same\n"
	"Source: glibc (2.36-9+deb12u4)\n"
	"Version: 2.36-9+deb12u4\n"
	"Depends: libgcc-s1\n"
	"Description: GNU C Library: Shared libraries\n"
	" Contains the standard libraries.\n";

static void test_dpkg_parse(void **state)
{
	struct pkg_span para = { status, strlen(status) }, src;
	struct pkg_dpkg d;
	char st[64];
	struct pkg_span word;
	const char *t;

	(void)state;
	assert_int_equal(pkg_dpkg_parse(&para, NULL, &d, err, sizeof(err)), 0);
	assert_span(&d.package, "libc6");
	assert_span(&d.status, "install ok installed");
	assert_span(&d.priority, "optional");
	assert_span(&d.section, "libs");
	assert_span(&d.installed_size, "13001");
	assert_span(&d.maintainer,
		    "GNU Libc Maintainers <debian-glibc@lists.debian.org>");
	assert_span(&d.architecture, "amd64");
	assert_span(&d.multi_arch, "same");
	assert_span(&d.source, "glibc (2.36-9+deb12u4)");
	assert_span(&d.version, "2.36-9+deb12u4");
	src = pkg_dpkg_source_name(&d.source);
	assert_span(&src, "glibc");
	assert_int_equal(pkg_dpkg_status(&d.status, st, sizeof(st), &word), 0);
	assert_string_equal(st, "install ok installed");
	assert_span(&word, "installed");

	/* The name filter stops at a different Package. */
	assert_int_equal(pkg_dpkg_parse(&para, "libc6", &d, NULL, 0), 0);
	assert_int_equal(pkg_dpkg_parse(&para, "libc", &d, NULL, 0), 1);

	/* Field names in any case; the first of a repeated field wins. */
	t = "PACKAGE: a\nversion: 1\nVersion: 2\nstatus:  deinstall  ok "
	    " config-files \n";
	para.p = t;
	para.n = strlen(t);
	assert_int_equal(pkg_dpkg_parse(&para, NULL, &d, NULL, 0), 0);
	assert_span(&d.package, "a");
	assert_span(&d.version, "1");
	assert_span(&d.source, NULL);
	assert_int_equal(pkg_dpkg_status(&d.status, st, sizeof(st), &word), 0);
	assert_string_equal(st, "deinstall ok config-files");

	/* No Package field. */
	t = "Status: install ok installed\nVersion: 1\n";
	para.p = t;
	para.n = strlen(t);
	assert_int_equal(pkg_dpkg_parse(&para, NULL, &d, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "no Package field");
}

static void test_dpkg_status_words(void **state)
{
	struct pkg_span s;
	char st[32], tiny[8];

	(void)state;
	s.p = "install ok";
	s.n = strlen(s.p);
	assert_int_equal(pkg_dpkg_status(&s, st, sizeof(st), NULL), -1);
	s.p = "install ok installed extra";
	s.n = strlen(s.p);
	assert_int_equal(pkg_dpkg_status(&s, st, sizeof(st), NULL), -1);
	s.p = "purge ok not-installed";
	s.n = strlen(s.p);
	assert_int_equal(pkg_dpkg_status(&s, st, sizeof(st), NULL), 0);
	assert_int_equal(pkg_dpkg_status(&s, tiny, sizeof(tiny), NULL), -1);
}

/* Checks pkg_dpkg_version on v: the version shown and the revision. */
static void version_is(const char *v, const char *shown, const char *rev)
{
	struct pkg_span in = { v, strlen(v) }, s, r;

	pkg_dpkg_version(&in, &s, &r);
	assert_span(&s, shown);
	assert_span(&r, rev);
}

static void test_dpkg_version(void **state)
{
	struct pkg_span none = { NULL, 0 }, s, r;

	(void)state;
	version_is("2.36-9+deb12u4", "2.36-9+deb12u4", "9+deb12u4");
	version_is("1:9.0.1378-2", "1:9.0.1378-2", "2");
	version_is("0:1.2-3", "1.2-3", "3");
	version_is("00:1.2-3", "1.2-3", "3");
	version_is("0:1:2-3", "0:1:2-3", "3");
	version_is("1.5.82", "1.5.82", "");
	version_is("1.0-2-3", "1.0-2-3", "3");
	version_is("1:2", "1:2", "");
	version_is("x:1-2", "x:1-2", "2");
	version_is("1.0-", "1.0-", "");
	version_is("", "", "");
	pkg_dpkg_version(&none, &s, &r);
	assert_null(s.p);
	assert_null(r.p);
}

static void test_dpkg_helpers(void **state)
{
	struct pkg_span s, n;
	uint64_t v;

	(void)state;
	s.p = "  glibc   ";
	s.n = strlen(s.p);
	n = pkg_dpkg_source_name(&s);
	assert_span(&n, "glibc");
	s.p = "glibc(2.36)";
	s.n = strlen(s.p);
	n = pkg_dpkg_source_name(&s);
	assert_span(&n, "glibc");
	s.p = NULL;
	n = pkg_dpkg_source_name(&s);
	assert_null(n.p);

	s.p = "libc6:amd64";
	s.n = strlen(s.p);
	assert_true(pkg_dpkg_name_ok(&s));
	s.p = "g++-12";
	s.n = strlen(s.p);
	assert_true(pkg_dpkg_name_ok(&s));
	s.p = "../../etc/passwd";
	s.n = strlen(s.p);
	assert_false(pkg_dpkg_name_ok(&s));
	s.p = "..";
	s.n = 2;
	assert_false(pkg_dpkg_name_ok(&s));
	s.p = "a b";
	s.n = 3;
	assert_false(pkg_dpkg_name_ok(&s));
	s.n = 0;
	assert_false(pkg_dpkg_name_ok(&s));

	s.p = "18446744073709551615";
	s.n = strlen(s.p);
	assert_int_equal(pkg_parse_u64(&s, &v), 0);
	assert_true(v == UINT64_MAX);
	s.p = "18446744073709551616";
	s.n = strlen(s.p);
	assert_int_equal(pkg_parse_u64(&s, &v), -1);
	s.p = "12k";
	s.n = 3;
	assert_int_equal(pkg_parse_u64(&s, &v), -1);
	s.n = 0;
	assert_int_equal(pkg_parse_u64(&s, &v), -1);
}

/* A 1 MiB value, on one line and over many continuation lines. */
static void test_dpkg_huge_field(void **state)
{
	size_t big = 1u << 20, n = 0, i;
	char *t = malloc(3 * big + 256);
	struct pkg_span para, p[2];
	struct pkg_dpkg d;
	struct pkg_field f;
	size_t pos = 0;

	(void)state;
	assert_non_null(t);
	n += (size_t)snprintf(t + n, 64, "Package: big\nMaintainer: ");
	memset(t + n, 'm', big);
	n += big;
	n += (size_t)snprintf(t + n, 64, "\nDescription: x\n");
	for (i = 0; i < big / 64; i++) {
		t[n++] = ' ';
		memset(t + n, 'd', 62);
		n += 62;
		t[n++] = '\n';
	}
	n += (size_t)snprintf(t + n, 64, "Version: 1-2\n\nPackage: next\n");
	assert_int_equal(paragraphs(t, 0, p, 2), 2);
	para = p[0];
	assert_int_equal(pkg_dpkg_parse(&para, NULL, &d, NULL, 0), 0);
	assert_int_equal(d.maintainer.n, big);
	assert_span(&d.version, "1-2");
	while (pkg_field_next(&para, &pos, 0, &f))
		if (f.name.n == 11 && memcmp(f.name.p, "Description", 11) == 0)
			break;
	assert_int_equal(f.value.n, 2 + (big / 64) * 64 - 1);
	assert_span(&p[1], "Package: next\n");
	free(t);
}

static int line(const char *s, struct pkg_apt_source *a)
{
	err[0] = '\0';
	return pkg_apt_line_parse(s, strlen(s), a, err, sizeof(err));
}

static void line_refused(const char *s, const char *why)
{
	struct pkg_apt_source a;

	assert_int_equal(line(s, &a), -1);
	assert_string_equal(err, why);
}

static void test_apt_line(void **state)
{
	struct pkg_apt_source a;

	(void)state;
	assert_int_equal(line("deb http://deb.debian.org/debian bookworm main "
			      "contrib  # comment", &a), 0);
	assert_span(&a.types, "deb");
	assert_span(&a.uris, "http://deb.debian.org/debian");
	assert_span(&a.suites, "bookworm");
	assert_span(&a.components, "main contrib");
	assert_span(&a.signed_by, NULL);
	assert_int_equal(a.trusted, -1);
	assert_true(a.enabled);
	assert_false(a.deb822);

	assert_int_equal(line("  deb [signed-by=/usr/share/keyrings/x.gpg "
			      "arch=amd64 trusted=yes] https://x.example/apt "
			      "stable main", &a), 0);
	assert_span(&a.signed_by, "/usr/share/keyrings/x.gpg");
	assert_span(&a.architectures, "amd64");
	assert_int_equal(a.trusted, 1);
	assert_int_equal(a.allow_insecure, -1);
	assert_span(&a.uris, "https://x.example/apt");

	assert_int_equal(line("deb [ allow-insecure=yes allow-weak=no "
			      "arch+=i386 trusted=maybe ] http://h/ ./", &a),
			 0);
	assert_int_equal(a.allow_insecure, 1);
	assert_int_equal(a.allow_weak, 0);
	assert_int_equal(a.trusted, -1);
	assert_span(&a.architectures, NULL);
	assert_span(&a.suites, "./");
	assert_span(&a.components, "");

	assert_int_equal(line("deb-src http://h/debian sid main", &a), 0);
	assert_span(&a.types, "deb-src");
	/* apt-cdrom's URIs hold spaces inside brackets: one word. */
	assert_int_equal(line("deb\tcdrom:[Debian GNU/Linux 12 _Bookworm_]/ "
			      "bookworm main", &a), 0);
	assert_span(&a.uris, "cdrom:[Debian GNU/Linux 12 _Bookworm_]/");
	assert_span(&a.suites, "bookworm");
	assert_span(&a.components, "main");

	line_refused("", "blank line");
	line_refused("   # deb http://h/ x", "blank line");
	line_refused("#deb http://h/ x", "blank line");
	line_refused("rpm http://h/ x", "unknown type");
	line_refused("debx http://h/ x", "unknown type");
	line_refused("deb [arch=amd64 http://h/ x", "unterminated options");
	line_refused("deb [arch=amd64] # http://h/ x", "missing URI");
	line_refused("deb", "missing URI");
	line_refused("deb http://h/", "missing suite");
	line_refused("deb http://h/#bookworm", "missing suite");
}

static int deb822(const char *s, struct pkg_apt_source *a)
{
	struct pkg_span p = { s, strlen(s) };

	err[0] = '\0';
	return pkg_apt_deb822_parse(&p, a, err, sizeof(err));
}

static void test_apt_deb822(void **state)
{
	struct pkg_apt_source a;
	struct pkg_span l, w;
	const char *key;

	(void)state;
	assert_int_equal(deb822("Types: deb deb-src\n"
				"# http://snapshot.debian.org/archive\n"
				"URIs: http://a/debian\n https://b/debian\n"
				"Suites: bookworm bookworm-updates\n"
				"Components: main\n"
				"Signed-By: /usr/share/keyrings/d.gpg\n"
				"Architectures: amd64 arm64\n"
				"Trusted: no\n", &a), 0);
	assert_true(a.deb822);
	assert_true(a.enabled);
	assert_true(pkg_list_has(&a.types, "deb"));
	assert_true(pkg_list_has(&a.types, "deb-src"));
	assert_false(pkg_list_has(&a.types, "de"));
	l = a.uris;
	assert_true(pkg_word_next(&l, &w));
	assert_span(&w, "http://a/debian");
	assert_true(pkg_word_next(&l, &w));
	assert_span(&w, "https://b/debian");
	assert_false(pkg_word_next(&l, &w));
	assert_span(&a.suites, "bookworm bookworm-updates");
	assert_span(&a.signed_by, "/usr/share/keyrings/d.gpg");
	assert_span(&a.architectures, "amd64 arm64");
	assert_int_equal(a.trusted, 0);

	/* An embedded key: the value starts on the next line. */
	key = "Types: deb\nURIs: https://c/\nSuites: stable\n"
	      "Signed-By:\n -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n"
	      " mQINBF\n -----END PGP PUBLIC KEY BLOCK-----\n"
	      "Enabled: no\n";
	assert_int_equal(deb822(key, &a), 0);
	assert_false(a.enabled);
	assert_true(a.signed_by.n > 0);
	assert_int_equal(a.signed_by.p[0], '\n');
	assert_true(memmem(a.signed_by.p, a.signed_by.n,
			   "END PGP PUBLIC KEY BLOCK", 24) != NULL);

	assert_int_equal(deb822("Types: deb\nURIs: http://a/\nSuites: x\n"
				"Enabled: yes\n", &a), 0);
	assert_true(a.enabled);

	assert_int_equal(deb822("URIs: http://a/\nSuites: x\n", &a), -1);
	assert_string_equal(err, "missing Types");
	assert_int_equal(deb822("Types: deb\nSuites: x\n", &a), -1);
	assert_string_equal(err, "missing URIs");
	assert_int_equal(deb822("Types: deb\nURIs:\n  \nSuites: x\n", &a), -1);
	assert_string_equal(err, "missing URIs");
	assert_int_equal(deb822("Types: deb\nURIs: http://a/\n", &a), -1);
	assert_string_equal(err, "missing Suites");
}

static void test_apt_bool(void **state)
{
	static const char *const yes[] = { "yes", "TRUE", " on ", "enable",
					   "with", "1" };
	static const char *const no[] = { "no", "False", "off", "disable",
					  "without", "0" };
	struct pkg_span s;
	size_t i;

	(void)state;
	for (i = 0; i < 6; i++) {
		s.p = yes[i];
		s.n = strlen(s.p);
		assert_int_equal(pkg_apt_bool(&s), 1);
		s.p = no[i];
		s.n = strlen(s.p);
		assert_int_equal(pkg_apt_bool(&s), 0);
	}
	s.p = "2";
	s.n = 1;
	assert_int_equal(pkg_apt_bool(&s), -1);
	s.p = NULL;
	assert_int_equal(pkg_apt_bool(&s), -1);
}

/* Checks the lists file name of uri and suite (NULL: refused). */
static void list_name_is(const char *uri, const char *suite, const char *want)
{
	struct pkg_span u = { uri, strlen(uri) }, s = { suite, strlen(suite) };
	char dst[256];
	int rc = pkg_apt_list_name(&u, &s, dst, sizeof(dst));

	if (!want) {
		assert_int_equal(rc, -1);
		return;
	}
	assert_int_equal(rc, 0);
	assert_string_equal(dst, want);
}

static void test_apt_list_name(void **state)
{
	struct pkg_span u = { "http://h/", 9 }, s = { "x", 1 };
	char small[8];

	(void)state;
	list_name_is("http://deb.debian.org/debian", "bookworm",
		     "deb.debian.org_debian_dists_bookworm_");
	list_name_is("http://deb.debian.org/debian/", "bookworm-security",
		     "deb.debian.org_debian_dists_bookworm-security_");
	list_name_is("https://user:secret@repo.example:8443/apt", "stable",
		     "repo.example:8443_apt_dists_stable_");
	list_name_is("http://h", "sid", "h_dists_sid_");
	list_name_is("http://h/repo", "./", "h_repo_._");
	list_name_is("http://h/repo/", "/", "h_repo_");
	list_name_is("http://h/~me/x_y", "a/b", "h_%7eme_x%5fy_dists_a_b_");
	list_name_is("file:/srv/mirror", "bookworm",
		     "_srv_mirror_dists_bookworm_");
	list_name_is("tor+http://h/d", "s", "h_d_dists_s_");
	list_name_is("h/debian", "x", NULL);
	list_name_is(":/debian", "x", NULL);
	list_name_is("ht tp://h/", "x", NULL);
	assert_int_equal(pkg_apt_list_name(&u, &s, small, sizeof(small)), -1);
	s.n = 0;
	assert_int_equal(pkg_apt_list_name(&u, &s, small, sizeof(small)), -1);
}

static void test_release(void **state)
{
	static const char rel[] =
		"Origin: Debian\nLabel: Debian\nSuite: stable\n"
		"Version: 12.5\nCodename: bookworm\n"
		"Date: Sat, 10 Feb 2024 10:20:49 UTC\n"
		"Architectures: all amd64 arm64\n"
		"Components: main contrib non-free-firmware non-free\n"
		"Description: Debian 12.5 Released 10 February 2024\n"
		"MD5Sum:\n 0ed6d4c8891eb86358b94bb35d9e4da4  1484322 "
		"contrib/Contents-all\n";
	static const char inrel[] =
		"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n"
		"Origin: Debian\nCodename: bookworm-security\n"
		"Version: 12\n"
		"-----BEGIN PGP SIGNATURE-----\n\nCodename: forged\n"
		"iQIzBAEBCgAdFiEE\n-----END PGP SIGNATURE-----\n";
	struct pkg_release r;

	(void)state;
	assert_int_equal(pkg_release_parse(rel, strlen(rel), &r, err,
					   sizeof(err)), 0);
	assert_span(&r.origin, "Debian");
	assert_span(&r.label, "Debian");
	assert_span(&r.suite, "stable");
	assert_span(&r.version, "12.5");
	assert_span(&r.codename, "bookworm");
	assert_span(&r.architectures, "all amd64 arm64");
	assert_span(&r.components, "main contrib non-free-firmware non-free");

	assert_int_equal(pkg_release_parse(inrel, strlen(inrel), &r, err,
					   sizeof(err)), 0);
	assert_span(&r.origin, "Debian");
	assert_span(&r.codename, "bookworm-security");
	assert_span(&r.version, "12");
	assert_span(&r.label, NULL);

	assert_int_equal(pkg_release_parse("\n\n", 2, &r, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "empty file");
	/* Armor and nothing else. */
	assert_int_equal(pkg_release_parse(inrel, 49, &r, err, sizeof(err)),
			 -1);
}

static void test_pymeta(void **state)
{
	static const char meta[] =
		"Metadata-Version: 2.1\r\n"
		"Name: PyYAML\r\n"
		"Version: 6.0\r\n"
		"Summary: YAML parser: and emitter for Python\r\n"
		"Home-page: https://pyyaml.org/\r\n"
		"Author: Kirill Simonov\r\n"
		"License: MIT\r\n"
		"        \r\n"
		"        Copyright (c) 2017-2021 Ingy dot Net\r\n"
		"Platform: Any\r\n"
		"Name: Second\r\n"
		"\r\n"
		"Name: in the description\r\n"
		"Author: nobody\r\n";
	static const char meta24[] =
		"Metadata-Version: 2.4\nName: cryptography\nVersion: 44.0.0\n"
		"License-Expression: Apache-2.0 OR BSD-3-Clause\n\n";
	struct pkg_pymeta m;

	(void)state;
	assert_int_equal(pkg_pymeta_parse(meta, strlen(meta), &m, err,
					  sizeof(err)), 0);
	assert_span(&m.name, "PyYAML");
	assert_span(&m.version, "6.0");
	assert_span(&m.summary, "YAML parser: and emitter for Python");
	assert_span(&m.author, "Kirill Simonov");
	assert_span(&m.license, "MIT");
	assert_span(&m.license_expression, NULL);

	assert_int_equal(pkg_pymeta_parse(meta24, strlen(meta24), &m, err,
					  sizeof(err)), 0);
	assert_span(&m.license, NULL);
	assert_span(&m.license_expression, "Apache-2.0 OR BSD-3-Clause");
	assert_span(&m.summary, NULL);

	/* Headers end at the first blank line, even the first line. */
	assert_int_equal(pkg_pymeta_parse("\nName: x\n", 9, &m, err,
					  sizeof(err)), -1);
	assert_string_equal(err, "no Name field");
	assert_int_equal(pkg_pymeta_parse("Version: 1\n", 11, &m, err,
					  sizeof(err)), -1);
	assert_span(&m.version, "1");
	assert_int_equal(pkg_pymeta_parse("", 0, &m, err, sizeof(err)), -1);
	/* A NUL byte is a byte. */
	assert_int_equal(pkg_pymeta_parse("Name: a\0b\n", 10, &m, NULL, 0), 0);
	assert_int_equal(m.name.n, 3);
}

static int npm(const char *s, struct pkg_npm *p)
{
	err[0] = '\0';
	return pkg_npm_parse(s, strlen(s), p, err, sizeof(err));
}

static void test_npm(void **state)
{
	struct pkg_npm p;

	(void)state;
	assert_int_equal(npm("{\"name\": \"npm\", \"version\": \"10.2.4\", "
			     "\"description\": \"a package manager\", "
			     "\"author\": {\"name\": \"GitHub Inc.\"}, "
			     "\"license\": \"Artistic-2.0\", "
			     "\"homepage\": \"https://docs.npmjs.com/\"}", &p),
			 0);
	assert_string_equal(p.name, "npm");
	assert_string_equal(p.version, "10.2.4");
	assert_string_equal(p.description, "a package manager");
	assert_string_equal(p.author, "GitHub Inc.");
	assert_string_equal(p.license, "Artistic-2.0");
	assert_string_equal(p.homepage, "https://docs.npmjs.com/");
	pkg_npm_release(&p);
	assert_null(p.root);

	assert_int_equal(npm("{\"name\": 7, \"version\": [\"1\"], "
			     "\"author\": \"Ann <a@b.c>\", \"license\": "
			     "{\"type\": \"MIT\", \"url\": \"http://x/MIT\"}}",
			     &p), 0);
	assert_null(p.name);
	assert_null(p.version);
	assert_null(p.description);
	assert_string_equal(p.author, "Ann <a@b.c>");
	assert_string_equal(p.license, "http://x/MIT");
	pkg_npm_release(&p);

	assert_int_equal(npm("{\"author\": {\"email\": \"x\"}, "
			     "\"license\": {\"type\": \"MIT\"}}", &p), 0);
	assert_null(p.author);
	assert_null(p.license);
	pkg_npm_release(&p);

	assert_int_equal(npm("{}", &p), 0);
	pkg_npm_release(&p);

	assert_int_equal(npm("not json", &p), -1);
	assert_non_null(strstr(err, "line 1"));
	assert_null(p.root);
	assert_int_equal(npm("", &p), -1);
	assert_int_equal(npm("[\"name\"]", &p), -1);
	assert_string_equal(err, "not a JSON object");
	assert_int_equal(npm("\"str\"", &p), -1);
	assert_int_equal(npm("{\"name\": \"a\"} trailing", &p), -1);
	assert_int_equal(npm("{\"name\": \"a\\u0000b\"}", &p), -1);
	/* Embedded NUL in the raw bytes. */
	assert_int_equal(pkg_npm_parse("{\"a\":1}\0{", 9, &p, err,
				       sizeof(err)), -1);
	pkg_npm_release(NULL);
}

/* 10,000 levels of nesting: Jansson refuses past its depth limit. */
static void test_npm_deep(void **state)
{
	size_t depth = 10000, n = 0, i;
	char *t = malloc(2 * depth + 64);
	struct pkg_npm p;

	(void)state;
	assert_non_null(t);
	n += (size_t)snprintf(t, 64, "{\"name\": ");
	for (i = 0; i < depth; i++)
		t[n++] = '[';
	for (i = 0; i < depth; i++)
		t[n++] = ']';
	t[n++] = '}';
	assert_int_equal(pkg_npm_parse(t, n, &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "depth"));
	assert_null(p.root);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deb822_paragraphs),
		cmocka_unit_test(test_deb822_fields),
		cmocka_unit_test(test_deb822_comments),
		cmocka_unit_test(test_dpkg_parse),
		cmocka_unit_test(test_dpkg_status_words),
		cmocka_unit_test(test_dpkg_version),
		cmocka_unit_test(test_dpkg_helpers),
		cmocka_unit_test(test_dpkg_huge_field),
		cmocka_unit_test(test_apt_line),
		cmocka_unit_test(test_apt_deb822),
		cmocka_unit_test(test_apt_bool),
		cmocka_unit_test(test_apt_list_name),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_pymeta),
		cmocka_unit_test(test_npm),
		cmocka_unit_test(test_npm_deep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
