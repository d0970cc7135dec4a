/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sshdparse.c: the sshd_config parser on Debian's own file and on
 * hostile ones: keywords in any case with '=' separators, quotes and
 * escapes, comments, aliases and ignored keywords, first-, last- and
 * every-value keywords, Match blocks (and Match inside included files),
 * Include through an in-memory file tree (globs, lexical order, loops,
 * self-includes, the depth limit, glob fan-out against the file budget,
 * unreadable files), lines of 1 MiB and more, NUL bytes, unterminated
 * quotes, CRLF, no final newline, the entry cap, and the defaults.
 */
#include <fnmatch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/sshdparse.h"
#include "util/buf.h"

/* ---- an in-memory file tree for Include ---- */

struct ffile {
	const char *path;
	const char *text; /* NULL: exists but cannot be read */
};

struct ftree {
	const struct ffile *v;
	size_t n;
	unsigned globs, loads;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int fake_glob(void *ctx, const char *pattern, char ***paths,
		     size_t *n)
{
	struct ftree *t = ctx;
	size_t i;

	t->globs++;
	*paths = calloc(t->n + 1, sizeof(**paths));
	*n = 0;
	if (!*paths)
		return -1;
	for (i = 0; i < t->n; i++)
		if (fnmatch(pattern, t->v[i].path, FNM_PATHNAME | FNM_PERIOD) ==
		    0)
			(*paths)[(*n)++] = strdup(t->v[i].path);
	qsort(*paths, *n, sizeof(**paths), cmp_str);
	return 0;
}

static int fake_load(void *ctx, const char *path, struct buf *out)
{
	struct ftree *t = ctx;
	size_t i;

	t->loads++;
	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].path, path) == 0)
			return t->v[i].text ? buf_adds(out, t->v[i].text) : -1;
	return -1;
}

static int parse_tree(struct sshd_config *c, struct ftree *t,
		      const char *main)
{
	struct sshd_reader rd = { fake_glob, fake_load, t };
	char err[64];
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].path, main) == 0)
			return sshdparse_text(c, main, t->v[i].text,
					      strlen(t->v[i].text), &rd, err,
					      sizeof(err));
	return -1;
}

static int parse(struct sshd_config *c, const char *text)
{
	char err[64];

	return sshdparse_text(c, "/etc/ssh/sshd_config", text, strlen(text),
			      NULL, err, sizeof(err));
}

/* The n-th entry (from 0) for keyword in block match (NULL: global). */
static const struct sshd_entry *find(const struct sshd_config *c,
				     const char *kw, const char *match,
				     int nth)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		const struct sshd_entry *e = &c->v[i];

		if (strcmp(e->keyword, kw) != 0)
			continue;
		if ((match == NULL) != (e->match == NULL))
			continue;
		if (match && strcmp(match, e->match) != 0)
			continue;
		if (nth-- == 0)
			return e;
	}
	return NULL;
}

static const char *val(const struct sshd_config *c, const char *kw)
{
	const struct sshd_entry *e = find(c, kw, NULL, 0);

	return e ? e->value : NULL;
}

/* ---- tests ---- */

static const char debian[] =
	"# This is the sshd server system-wide configuration file.\n"
	"\n"
	"Include /etc/ssh/sshd_config.d/*.conf\n"
	"\n"
	"#PermitRootLogin prohibit-password\n"
	"KbdInteractiveAuthentication no\n"
	"UsePAM yes\n"
	"X11Forwarding yes\n"
	"PrintMotd no\n"
	"AcceptEnv LANG LC_*\n"
	"Subsystem\tsftp\t/usr/lib/openssh/sftp-server\n";

static void test_debian_file(void **state)
{
	struct sshd_config c;
	const struct sshd_entry *e;

	(void)state;
	sshdparse_init(&c);
	assert_int_equal(parse(&c, debian), 0);
	assert_int_equal(c.n, 6);
	e = find(&c, "kbdinteractiveauthentication", NULL, 0);
	assert_non_null(e);
	assert_string_equal(e->value, "no");
	assert_string_equal(e->file, "/etc/ssh/sshd_config");
	assert_int_equal(e->line, 6);
	assert_false(e->is_default);
	assert_string_equal(val(&c, "acceptenv"), "LANG LC_*");
	assert_string_equal(val(&c, "subsystem"),
			    "sftp /usr/lib/openssh/sftp-server");
	assert_int_equal(c.bad_lines, 0);
	/* No reader: the Include line is skipped, not an error. */
	assert_int_equal(c.files, 1);

	assert_int_equal(sshdparse_defaults(&c, NULL, 0), 0);
	e = find(&c, "permitrootlogin", NULL, 0);
	assert_non_null(e);
	assert_true(e->is_default);
	assert_string_equal(e->value, "prohibit-password");
	assert_null(e->file);
	assert_int_equal(e->line, 0);
	assert_string_equal(val(&c, "x11forwarding"), "yes"); /* not default */
	assert_null(find(&c, "x11forwarding", NULL, 1));
	assert_string_equal(val(&c, "usepam"), "yes");
	assert_string_equal(val(&c, "passwordauthentication"), "yes");
	assert_string_equal(val(&c, "maxauthtries"), "6");
	assert_non_null(strstr(val(&c, "kexalgorithms"), "curve25519-sha256"));
	/* Three default host keys. */
	assert_non_null(find(&c, "hostkey", NULL, 2));
	assert_null(find(&c, "hostkey", NULL, 3));
	sshdparse_release(&c);
}

static void test_syntax(void **state)
{
	struct sshd_config c;

	(void)state;
	sshdparse_init(&c);
	assert_int_equal(
		parse(&c,
		      "  PERMITROOTLOGIN   No\r\n"
		      "PasswordAuthentication=no\n"
		      "MaxAuthTries = 4\n"
		      "LoginGraceTime   =   20   \f\n"
		      "\"Banner\" \"/etc/issue net\"\n"
		      "AuthorizedKeysFile \".ssh/my keys\" .ssh/b # two files\n"
		      "DenyUsers a\\ b 'c d' e\\\"f\n"
		      "ChallengeResponseAuthentication yes\n"
		      "KbdInteractiveAuthentication no\n"
		      "Protocol 1\n"
		      "UsePrivilegeSeparation no\n"
		      "FrobnicateWidgets Yes Please\n"
		      "ForceCommand  /bin/echo \"hi  there\" # kept\n"
		      "VersionAddendum  my build # cut\n"
		      "# comment\n"
		      "\t# indented comment\n"
		      "=\n"),
		0);
	assert_string_equal(val(&c, "permitrootlogin"), "No");
	assert_string_equal(val(&c, "passwordauthentication"), "no");
	assert_string_equal(val(&c, "maxauthtries"), "4");
	assert_string_equal(val(&c, "logingracetime"), "20");
	assert_string_equal(val(&c, "banner"), "/etc/issue net");
	assert_string_equal(val(&c, "authorizedkeysfile"),
			    ".ssh/my keys .ssh/b");
	assert_string_equal(val(&c, "denyusers"), "a b c d e\"f");
	/* The alias is the first value of its canonical keyword. */
	assert_string_equal(val(&c, "kbdinteractiveauthentication"), "yes");
	assert_null(find(&c, "challengeresponseauthentication", NULL, 0));
	assert_null(find(&c, "kbdinteractiveauthentication", NULL, 1));
	/* Ignored keywords vanish; unknown ones stay, lowercased. */
	assert_null(val(&c, "protocol"));
	assert_null(val(&c, "useprivilegeseparation"));
	assert_string_equal(val(&c, "frobnicatewidgets"), "Yes Please");
	/* Rest-of-line keywords. */
	assert_string_equal(val(&c, "forcecommand"),
			    "/bin/echo \"hi  there\" # kept");
	assert_string_equal(val(&c, "versionaddendum"), "my build");
	assert_int_equal(c.bad_lines, 0);
	sshdparse_release(&c);
}

static void test_value_rules(void **state)
{
	struct sshd_config c;
	const struct sshd_entry *e;

	(void)state;
	sshdparse_init(&c);
	assert_int_equal(parse(&c,
			       "PermitRootLogin yes\n"
			       "PermitRootLogin no\n"
			       "MaxStartups 10:30:100\n"
			       "MaxStartups 3:50:10\n"
			       "Port 22\n"
			       "Port 2222\n"
			       "AllowUsers alice\n"
			       "AllowUsers bob carol\n"
			       "HostKey /etc/ssh/k1\n"
			       "HostKey /etc/ssh/k2\n"),
			 0);
	e = find(&c, "permitrootlogin", NULL, 0);
	assert_string_equal(e->value, "yes");
	assert_int_equal(e->line, 1);
	assert_null(find(&c, "permitrootlogin", NULL, 1));
	e = find(&c, "maxstartups", NULL, 0);
	assert_string_equal(e->value, "3:50:10");
	assert_int_equal(e->line, 4);
	assert_null(find(&c, "maxstartups", NULL, 1));
	assert_string_equal(find(&c, "port", NULL, 0)->value, "22");
	assert_string_equal(find(&c, "port", NULL, 1)->value, "2222");
	assert_string_equal(find(&c, "allowusers", NULL, 1)->value,
			    "bob carol");
	assert_int_equal(sshdparse_defaults(&c, NULL, 0), 0);
	/* Set keywords get no default, accumulating ones neither. */
	assert_null(find(&c, "port", NULL, 2));
	assert_null(find(&c, "hostkey", NULL, 2));
	assert_string_equal(find(&c, "hostkey", NULL, 1)->value, "/etc/ssh/k2");
	sshdparse_release(&c);
}

static void test_match(void **state)
{
	struct sshd_config c;
	const struct sshd_entry *e;

	(void)state;
	sshdparse_init(&c);
	assert_int_equal(parse(&c,
			       "PasswordAuthentication no\n"
			       "Match User bob,alice Address 10.0.0.0/8\n"
			       "  PasswordAuthentication yes\n"
			       "  PasswordAuthentication no\n"
			       "  X11Forwarding yes\n"
			       "Match   Group  \"sftp users\"  # comment\n"
			       "  ChrootDirectory /srv/%u\n"
			       "  PasswordAuthentication no\n"
			       "Match all\n"
			       "  PermitRootLogin yes\n"
			       "Match\n"
			       "Match User bob\n"
			       "  AllowTcpForwarding no\n"),
			 0);
	e = find(&c, "passwordauthentication", NULL, 0);
	assert_string_equal(e->value, "no");
	assert_int_equal(e->line, 1);
	e = find(&c, "passwordauthentication",
		 "User bob,alice Address 10.0.0.0/8", 0);
	assert_non_null(e);
	assert_string_equal(e->value, "yes");
	assert_null(find(&c, "passwordauthentication",
			 "User bob,alice Address 10.0.0.0/8", 1));
	assert_non_null(find(&c, "x11forwarding",
			     "User bob,alice Address 10.0.0.0/8", 0));
	/* Match lines do not change the global values. */
	assert_null(find(&c, "x11forwarding", NULL, 0));
	assert_non_null(find(&c, "chrootdirectory", "Group sftp users", 0));
	assert_string_equal(find(&c, "passwordauthentication",
				 "Group sftp users", 0)->value, "no");
	assert_string_equal(find(&c, "permitrootlogin", "all", 0)->value,
			    "yes");
	/* "Match" alone is refused; the block before it goes on. */
	assert_int_equal(c.bad_lines, 1);
	assert_non_null(find(&c, "allowtcpforwarding", "User bob", 0));
	/* Defaults ignore what only a Match block sets. */
	assert_int_equal(sshdparse_defaults(&c, NULL, 0), 0);
	e = find(&c, "x11forwarding", NULL, 0);
	assert_non_null(e);
	assert_true(e->is_default);
	assert_string_equal(e->value, "no");
	e = find(&c, "permitrootlogin", NULL, 0);
	assert_true(e->is_default);
	sshdparse_release(&c);
}

static void test_include(void **state)
{
	static const struct ffile files[] = {
		{ "/etc/ssh/sshd_config",
		  "Include sshd_config.d/*.conf /etc/ssh/extra\n"
		  "PermitRootLogin yes\n"
		  "Match User bob\n"
		  "Include inner.conf\n"
		  "X11Forwarding yes\n" },
		{ "/etc/ssh/sshd_config.d/20-b.conf",
		  "PasswordAuthentication no\nPort 2\n" },
		{ "/etc/ssh/sshd_config.d/10-a.conf",
		  "PermitRootLogin no\nPort 1\n"
		  "Match Address 10.0.0.0/8\nMaxAuthTries 2\n" },
		{ "/etc/ssh/sshd_config.d/.hidden.conf", "PermitTunnel yes\n" },
		{ "/etc/ssh/sshd_config.d/x.conf.bak", "Port 9\n" },
		{ "/etc/ssh/extra", "Port 3\n" },
		{ "/etc/ssh/inner.conf",
		  "AllowTcpForwarding no\n"
		  "Match Address 1.2.3.4\n"
		  "PermitTTY no\n" },
	};
	struct ftree t = { files, sizeof(files) / sizeof(files[0]), 0, 0 };
	struct sshd_config c;
	const struct sshd_entry *e;

	(void)state;
	sshdparse_init(&c);
	assert_int_equal(parse_tree(&c, &t, "/etc/ssh/sshd_config"), 0);
	/* 10-a before 20-b, then extra; the drop-in's value wins. */
	e = find(&c, "permitrootlogin", NULL, 0);
	assert_string_equal(e->value, "no");
	assert_string_equal(e->file, "/etc/ssh/sshd_config.d/10-a.conf");
	assert_string_equal(find(&c, "port", NULL, 0)->value, "1");
	assert_string_equal(find(&c, "port", NULL, 1)->value, "2");
	assert_string_equal(find(&c, "port", NULL, 2)->value, "3");
	assert_null(find(&c, "port", NULL, 3));
	assert_null(find(&c, "permittunnel", NULL, 0)); /* dot file */
	/* The Match of 10-a ends with 10-a. */
	assert_non_null(find(&c, "maxauthtries", "Address 10.0.0.0/8", 0));
	assert_non_null(find(&c, "passwordauthentication", NULL, 0));
	/* An Include inside a Match block; a Match inside it. */
	assert_non_null(find(&c, "allowtcpforwarding", "User bob", 0));
	assert_non_null(find(&c, "permittty", "User bob Address 1.2.3.4", 0));
	assert_non_null(find(&c, "x11forwarding", "User bob", 0));
	assert_int_equal(c.files, 5);
	assert_int_equal(c.loops + c.too_deep + c.unreadable, 0);
	sshdparse_release(&c);
}

static void test_include_loops(void **state)
{
	static const struct ffile files[] = {
		{ "/etc/ssh/sshd_config",
		  "Include /etc/ssh/sshd_config\n"
		  "Include a.conf\n"
		  "Port 1\n" },
		{ "/etc/ssh/a.conf", "Include b.conf\nPort 2\n" },
		{ "/etc/ssh/b.conf", "Include a.conf /etc/ssh/*\nPort 3\n" },
	};
	struct ftree t = { files, sizeof(files) / sizeof(files[0]), 0, 0 };
	struct sshd_config c;

	(void)state;
	sshdparse_init(&c);
	assert_int_equal(parse_tree(&c, &t, "/etc/ssh/sshd_config"), 0);
	/* Each file read once on the way down; the rest is cut. */
	assert_int_equal(c.files, 3);
	assert_true(c.loops >= 4);
	assert_string_equal(find(&c, "port", NULL, 0)->value, "3");
	assert_string_equal(find(&c, "port", NULL, 1)->value, "2");
	assert_string_equal(find(&c, "port", NULL, 2)->value, "1");
	assert_null(find(&c, "port", NULL, 3));
	sshdparse_release(&c);
}

static void test_include_depth(void **state)
{
	/* A chain of 20 files, each including the next. */
	struct ffile files[21];
	char paths[21][32], texts[21][64];
	struct ftree t = { files, 21, 0, 0 };
	struct sshd_config c;
	int i;

	(void)state;
	for (i = 0; i < 21; i++) {
		snprintf(paths[i], sizeof(paths[i]), "/etc/ssh/f%02d", i);
		snprintf(texts[i], sizeof(texts[i]), "Include f%02d\nPort %d\n",
			 i + 1, i);
		files[i].path = paths[i];
		files[i].text = texts[i];
	}
	sshdparse_init(&c);
	assert_int_equal(parse_tree(&c, &t, "/etc/ssh/f00"), 0);
	/* The main file and 16 levels below it. */
	assert_int_equal(c.files, SSHD_INCLUDE_DEPTH + 1);
	assert_int_equal(c.too_deep, 1);
	assert_string_equal(find(&c, "port", NULL, 0)->value, "16");
	assert_null(find(&c, "port", NULL, 17));
	sshdparse_release(&c);
}

static void test_include_fanout(void **state)
{
	/* Ten files that each include all ten: without a file budget, every
	 * ordering would be read. */
	struct ffile files[11];
	char paths[10][32];
	struct ftree t = { files, 11, 0, 0 };
	struct sshd_config c;
	int i;

	(void)state;
	for (i = 0; i < 10; i++) {
		snprintf(paths[i], sizeof(paths[i]), "/etc/ssh/d/%d.conf", i);
		files[i].path = paths[i];
		files[i].text = "Include d/*.conf\nAcceptEnv X\n";
	}
	files[10].path = "/etc/ssh/sshd_config";
	files[10].text = "Include d/*.conf\n";
	sshdparse_init(&c);
	assert_int_equal(parse_tree(&c, &t, "/etc/ssh/sshd_config"), 0);
	assert_int_equal(c.files, SSHD_FILES_MAX);
	assert_true(c.too_many > 0);
	assert_true(t.loads <= SSHD_FILES_MAX + c.too_many);
	sshdparse_release(&c);
}

static void test_include_unreadable(void **state)
{
	static const struct ffile files[] = {
		{ "/etc/ssh/sshd_config",
		  "Include gone.conf locked.conf ~alice/x \"\"\n"
		  "Include\n"
		  "Port 1\n" },
		{ "/etc/ssh/locked.conf", NULL },
	};
	struct ftree t = { files, sizeof(files) / sizeof(files[0]), 0, 0 };
	struct sshd_config c;

	(void)state;
	sshdparse_init(&c);
	assert_int_equal(parse_tree(&c, &t, "/etc/ssh/sshd_config"), 0);
	/* A pattern matching nothing is silent, as sshd's is. */
	assert_int_equal(c.unreadable, 2);
	assert_int_equal(c.bad_lines, 1);
	assert_string_equal(val(&c, "port"), "1");
	sshdparse_release(&c);
}

static void test_hostile_lines(void **state)
{
	struct sshd_config c;
	struct buf b = BUF_INIT(8u << 20);
	char err[64];
	size_t i;

	(void)state;
	/* A line of exactly SSHD_LINE_MAX bytes is read; one more is not. */
	assert_int_equal(buf_adds(&b, "AllowUsers "), 0);
	while (b.len < SSHD_LINE_MAX)
		assert_int_equal(buf_addc(&b, 'u'), 0);
	assert_int_equal(buf_adds(&b, "\nDenyUsers "), 0);
	for (i = 0; i < SSHD_LINE_MAX; i++)
		assert_int_equal(buf_addc(&b, 'd'), 0);
	assert_int_equal(buf_adds(&b, "\nPort 7\n"), 0);
	sshdparse_init(&c);
	assert_int_equal(sshdparse_text(&c, "f", b.data, b.len, NULL, err,
					sizeof(err)),
			 0);
	assert_int_equal(strlen(val(&c, "allowusers")), SSHD_LINE_MAX - 11);
	assert_null(val(&c, "denyusers"));
	assert_int_equal(c.bad_lines, 1);
	assert_string_equal(val(&c, "port"), "7");
	sshdparse_release(&c);

	/* NUL bytes, unterminated quotes, missing arguments, no final
	 * newline. */
	sshdparse_init(&c);
	assert_int_equal(sshdparse_text(&c, "f",
					"PermitRootLogin no\0yes\n"
					"Banner \"/etc/issue\n"
					"MaxAuthTries\n"
					"MaxSessions # none\n"
					"\"Port 1\n"
					"UseDNS no",
					sizeof("PermitRootLogin no\0yes\n"
					       "Banner \"/etc/issue\n"
					       "MaxAuthTries\n"
					       "MaxSessions # none\n"
					       "\"Port 1\n"
					       "UseDNS no") - 1,
					NULL, err, sizeof(err)),
			 0);
	assert_null(val(&c, "permitrootlogin"));
	assert_null(val(&c, "banner"));
	assert_null(val(&c, "maxauthtries"));
	assert_null(val(&c, "maxsessions"));
	assert_null(val(&c, "port"));
	assert_string_equal(val(&c, "usedns"), "no");
	assert_int_equal(c.bad_lines, 4);
	assert_int_equal(c.n, 1);
	sshdparse_release(&c);

	/* Nothing at all. */
	sshdparse_init(&c);
	assert_int_equal(sshdparse_text(&c, "f", "", 0, NULL, err,
					sizeof(err)),
			 0);
	assert_int_equal(c.n, 0);
	sshdparse_release(&c);
	buf_release(&b);
}

static void test_entry_cap(void **state)
{
	struct sshd_config c;
	struct buf b = BUF_INIT(4u << 20);
	char err[64];
	unsigned i;

	(void)state;
	for (i = 0; i < SSHD_ENTRIES_MAX + 10; i++)
		assert_int_equal(buf_printf(&b, "Key%u v\n", i), 0);
	sshdparse_init(&c);
	assert_int_equal(sshdparse_text(&c, "f", b.data, b.len, NULL, err,
					sizeof(err)),
			 0);
	assert_int_equal(c.n, SSHD_ENTRIES_MAX);
	assert_int_equal(c.dropped, 10);
	assert_int_equal(sshdparse_defaults(&c, err, sizeof(err)), 0);
	sshdparse_release(&c);
	buf_release(&b);
}

static void test_keyword(void **state)
{
	char dst[40];

	(void)state;
	assert_string_equal(sshdparse_keyword("ChallengeResponseAuthentication",
					      31, dst, sizeof(dst)),
			    "kbdinteractiveauthentication");
	assert_string_equal(sshdparse_keyword("KeepAlive", 9, dst, sizeof(dst)),
			    "tcpkeepalive");
	assert_string_equal(sshdparse_keyword("PORTx", 4, dst, sizeof(dst)),
			    "port");
	assert_null(sshdparse_keyword("PubkeyAcceptedKeyTypes", 22, dst, 20));
	/* An alias whose canonical name does not fit. */
	assert_null(sshdparse_keyword("keepalive", 9, dst, 11));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_file),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_value_rules),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_include_loops),
		cmocka_unit_test(test_include_depth),
		cmocka_unit_test(test_include_fanout),
		cmocka_unit_test(test_include_unreadable),
		cmocka_unit_test(test_hostile_lines),
		cmocka_unit_test(test_entry_cap),
		cmocka_unit_test(test_keyword),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
