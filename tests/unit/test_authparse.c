/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_authparse.c: the login.defs and pam.d parsers on Debian's files and
 * on hostile ones: quotes, trailing comments and blanks, names alone,
 * repeated names (the last counts), NUL bytes, lines of 64 KiB and more,
 * CRLF; PAM continuations (across comments and blank lines, and open at
 * the end of the file), '#' anywhere, "[...]" controls with blanks and
 * escaped brackets, "-type" rules, @include, missing fields and unknown
 * types, argument blanks squeezed, and a rule too long.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/authparse.h"
#include "util/buf.h"

static int span_is(const char *p, size_t n, const char *s)
{
	return p && strlen(s) == n && memcmp(p, s, n) == 0;
}

#define assert_span(p, n, s) assert_true(span_is((p), (n), (s)))

/* ---- login.defs ---- */

static void test_logindefs_line(void **state)
{
	struct authparse_def d;
	char big[AUTHPARSE_LINE_MAX + 2];

	(void)state;
	assert_int_equal(authparse_logindefs_line("UMASK\t\t022", 10, &d, NULL,
						  0),
			 1);
	assert_span(d.name, d.name_len, "UMASK");
	assert_span(d.value, d.value_len, "022");
	/* Quotes skipped before the value, which ends at the next one. */
	assert_int_equal(authparse_logindefs_line(
				 "ENV_PATH \"PATH=/bin:/usr/bin\" x", 32, &d,
				 NULL, 0),
			 1);
	assert_span(d.value, d.value_len, "PATH=/bin:/usr/bin");
	/* A trailing comment is part of the value, as shadow reads it. */
	assert_int_equal(authparse_logindefs_line("LOGIN_RETRIES 5 # five  \r",
						  25, &d, NULL, 0),
			 1);
	assert_span(d.value, d.value_len, "5 # five");
	/* Blanks before the name; a value with inner blanks. */
	assert_int_equal(authparse_logindefs_line("  \tX a b", 8, &d, NULL, 0),
			 1);
	assert_span(d.name, d.name_len, "X");
	assert_span(d.value, d.value_len, "a b");
	/* An empty quoted value. */
	assert_int_equal(authparse_logindefs_line("X \"\"", 4, &d, NULL, 0), 1);
	assert_int_equal(d.value_len, 0);
	/* Comments, blank lines, a name alone, a name and blanks. */
	assert_int_equal(authparse_logindefs_line("# UMASK 077", 11, &d, NULL,
						  0),
			 0);
	assert_int_equal(authparse_logindefs_line("  #x", 4, &d, NULL, 0), 0);
	assert_int_equal(authparse_logindefs_line("", 0, &d, NULL, 0), 0);
	assert_int_equal(authparse_logindefs_line("   \t", 4, &d, NULL, 0), 0);
	assert_int_equal(authparse_logindefs_line("CREATE_HOME", 11, &d, NULL,
						  0),
			 0);
	assert_int_equal(authparse_logindefs_line("CREATE_HOME   ", 14, &d,
						  NULL, 0),
			 0);
	/* A NUL ends the line's content. */
	assert_int_equal(authparse_logindefs_line("UMASK\0 077", 10, &d, NULL,
						  0),
			 0);
	assert_int_equal(authparse_logindefs_line("UMASK 07\0 7", 11, &d, NULL,
						  0),
			 1);
	assert_span(d.value, d.value_len, "07");
	/* Too long. */
	memset(big, 'A', sizeof(big));
	big[1] = ' ';
	assert_int_equal(authparse_logindefs_line(big, AUTHPARSE_LINE_MAX, &d,
						  NULL, 0),
			 1);
	{
		char err[64];

		assert_int_equal(authparse_logindefs_line(big,
							  AUTHPARSE_LINE_MAX + 1,
							  &d, err,
							  sizeof(err)),
				 -1);
		assert_string_equal(err, "line too long");
	}
}

static void test_logindefs_file(void **state)
{
	static const char text[] =
		"#\n"
		"# /etc/login.defs\n"
		"MAIL_DIR /var/mail\r\n"
		"UMASK 022\n"
		"PASS_MAX_DAYS 99999\n"
		"\n"
		"ENCRYPT_METHOD SHA512\n"
		"UMASK 027\n"
		"UMASKX 1\n"
		"ENCRYPT_METHOD YESCRYPT";
	struct authparse_def *d;
	size_t n;
	unsigned bad;
	char err[64];

	(void)state;
	assert_int_equal(authparse_logindefs(text, sizeof(text) - 1, &d, &n,
					     &bad, err, sizeof(err)),
			 0);
	assert_int_equal(n, 5);
	assert_int_equal(bad, 0);
	assert_span(d[0].name, d[0].name_len, "MAIL_DIR");
	assert_span(d[0].value, d[0].value_len, "/var/mail");
	assert_int_equal(d[0].line, 3);
	assert_span(d[1].name, d[1].name_len, "PASS_MAX_DAYS");
	assert_int_equal(d[1].line, 5);
	assert_span(d[2].name, d[2].name_len, "UMASK");
	assert_span(d[2].value, d[2].value_len, "027");
	assert_int_equal(d[2].line, 8);
	assert_span(d[3].name, d[3].name_len, "UMASKX");
	assert_span(d[4].value, d[4].value_len, "YESCRYPT");
	assert_int_equal(d[4].line, 10);
	free(d);

	/* Empty, comments only. */
	assert_int_equal(authparse_logindefs("", 0, &d, &n, NULL, NULL, 0), 0);
	assert_null(d);
	assert_int_equal(n, 0);
	assert_int_equal(authparse_logindefs("# x\n\n", 5, &d, &n, NULL, NULL,
					     0),
			 0);
	assert_int_equal(n, 0);
}

static void test_logindefs_hostile(void **state)
{
	struct buf b = BUF_INIT(16u << 20);
	struct authparse_def *d;
	size_t n, i;
	unsigned bad;

	(void)state;
	/* One long line, many repeats of one name, NULs everywhere. */
	assert_int_equal(buf_adds(&b, "LONG "), 0);
	for (i = 0; i < (1u << 20); i++)
		assert_int_equal(buf_addc(&b, 'x'), 0);
	assert_int_equal(buf_addc(&b, '\n'), 0);
	for (i = 0; i < 50000; i++)
		assert_int_equal(buf_printf(&b, "KEY %zu\n", i), 0);
	assert_int_equal(buf_add(&b, "Z\0\0 1\n\0\0\0\nLAST 1", 16), 0);
	assert_int_equal(authparse_logindefs(b.data, b.len, &d, &n, &bad, NULL,
					     0),
			 0);
	assert_int_equal(bad, 1);
	assert_int_equal(n, 2);
	assert_span(d[0].name, d[0].name_len, "KEY");
	assert_span(d[0].value, d[0].value_len, "49999");
	assert_int_equal(d[0].line, 50001);
	assert_span(d[1].name, d[1].name_len, "LAST");
	free(d);

	/* Past AUTHPARSE_DEFS_MAX definitions the rest is not read. */
	buf_reset(&b);
	for (i = 0; i < AUTHPARSE_DEFS_MAX + 100; i++)
		assert_int_equal(buf_printf(&b, "K%zu 1\n", i), 0);
	assert_int_equal(authparse_logindefs(b.data, b.len, &d, &n, &bad, NULL,
					     0),
			 0);
	assert_int_equal(n, AUTHPARSE_DEFS_MAX);
	assert_span(d[n - 1].name, d[n - 1].name_len, "K65535");
	free(d);
	buf_release(&b);
}

/* ---- pam.d ---- */

struct rule {
	const char *type, *control, *module, *args;
	int optional, include;
	unsigned line;
};

/* Parses text and compares its rules with want[0..nwant); returns the
 * number of -1 returns (skipped rules). */
static int check_pam(const char *text, size_t len, const struct rule *want,
		     size_t nwant)
{
	struct buf scratch = BUF_INIT(AUTHPARSE_LINE_MAX + 1);
	struct authparse_pamiter it;
	struct authparse_pam r;
	size_t got = 0;
	int k, skipped = 0;
	char err[64];

	authparse_pam_start(&it, text, len);
	while ((k = authparse_pam_next(&it, &scratch, &r, err, sizeof(err))) !=
	       0) {
		const struct rule *w;

		assert_int_not_equal(k, -2);
		if (k < 0) {
			skipped++;
			continue;
		}
		assert_true(got < nwant);
		w = &want[got++];
		assert_int_equal(r.include, w->include);
		assert_int_equal(r.optional_module, w->optional);
		assert_int_equal(r.line, w->line);
		if (w->type)
			assert_span(r.type, r.type_len, w->type);
		else
			assert_null(r.type);
		if (w->control)
			assert_span(r.control, r.control_len, w->control);
		else
			assert_null(r.control);
		if (w->module)
			assert_span(r.module, r.module_len, w->module);
		else
			assert_null(r.module);
		if (w->args)
			assert_span(r.args, r.args_len, w->args);
		else
			assert_null(r.args);
	}
	assert_int_equal(got, nwant);
	buf_release(&scratch);
	return skipped;
}

static void test_pam_debian(void **state)
{
	static const char text[] =
		"#\n"
		"# /etc/pam.d/common-auth\n"
		"#\n"
		"auth\t[success=1 default=ignore]\tpam_unix.so nullok\n"
		"auth\trequisite\t\t\tpam_deny.so\n"
		"auth\trequired\t\t\tpam_permit.so\n"
		"# end of pam-auth-update config\n"
		"@include common-account\n"
		"-session optional pam_systemd.so\n"
		"session [success=ok ignore=ignore module_unknown=ignore "
		"default=bad]        pam_selinux.so close\n";
	static const struct rule want[] = {
		{ "auth", "[success=1 default=ignore]", "pam_unix.so", "nullok",
		  0, 0, 4 },
		{ "auth", "requisite", "pam_deny.so", NULL, 0, 0, 5 },
		{ "auth", "required", "pam_permit.so", NULL, 0, 0, 6 },
		{ NULL, NULL, "common-account", NULL, 0, 1, 8 },
		{ "session", "optional", "pam_systemd.so", NULL, 1, 0, 9 },
		{ "session",
		  "[success=ok ignore=ignore module_unknown=ignore default=bad]",
		  "pam_selinux.so", "close", 0, 0, 10 },
	};

	(void)state;
	assert_int_equal(check_pam(text, sizeof(text) - 1, want, 6), 0);
}

static void test_pam_continuations(void **state)
{
	static const char text[] =
		"password requisite pam_pwquality.so retry=3 \\\n"
		"\t\tminlen=14 \\   \n"
		"# a comment inside\n"
		"\n"
		"\t\tdcredit=-1\n"
		"auth required pam_env.so # trailing \\\n"
		"auth required pam_x.so a#b \\\n"
		"account required pam_y.so\n"
		"  auth\t[default=die  \\] x]  pam_z.so  [arg with  blanks]   k=v  \n"
		"AUTH Required PAM_A.so\r\n"
		"bogus required\n"
		"auth\n"
		"session optional pam_tail.so \\";
	static const struct rule want[] = {
		{ "password", "requisite", "pam_pwquality.so",
		  "retry=3 minlen=14 dcredit=-1", 0, 0, 1 },
		{ "auth", "required", "pam_env.so", NULL, 0, 0, 6 },
		/* '#' ends the rule, even after "a": no continuation. */
		{ "auth", "required", "pam_x.so", "a", 0, 0, 7 },
		{ "account", "required", "pam_y.so", NULL, 0, 0, 8 },
		{ "auth", "[default=die  \\] x]", "pam_z.so",
		  "[arg with  blanks] k=v", 0, 0, 9 },
		{ "AUTH", "Required", "PAM_A.so\r", NULL, 0, 0, 10 },
		{ "bogus", "required", NULL, NULL, 0, 0, 11 },
		{ "auth", NULL, NULL, NULL, 0, 0, 12 },
	};

	(void)state;
	/* The last rule is still open at the end: skipped. */
	assert_int_equal(check_pam(text, sizeof(text) - 1, want, 8), 1);
}

static void test_pam_hostile(void **state)
{
	struct buf b = BUF_INIT(8u << 20);
	size_t i;
	static const struct rule want[] = {
		{ "auth", "required", "pam_a.so", NULL, 0, 0, 2 },
		{ "auth", "required", "pam_b.so", NULL, 0, 0, 6 },
		{ "auth", "required", "pam_nul.so", NULL, 0, 0, 7 },
	};
	static const char dash[] = "- required pam_c.so\n \\\n\n";
	static const struct rule only_dash[] = {
		{ "", "required", "pam_c.so", NULL, 1, 0, 1 },
	};

	(void)state;
	/* A 1 MiB line, a rule continued past the cap, NULs. */
	for (i = 0; i < (1u << 20); i++)
		assert_int_equal(buf_addc(&b, 'x'), 0);
	assert_int_equal(buf_adds(&b, "\nauth required pam_a.so\n"), 0);
	for (i = 0; i < 3; i++) {
		size_t j;

		assert_int_equal(buf_adds(&b, "auth required pam_big.so "), 0);
		for (j = 0; j < AUTHPARSE_LINE_MAX / 2; j++)
			assert_int_equal(buf_addc(&b, 'y'), 0);
		assert_int_equal(buf_adds(&b, i < 2 ? " \\\n" : "\n"), 0);
	}
	assert_int_equal(buf_adds(&b, "auth required pam_b.so\n"), 0);
	assert_int_equal(buf_add(&b, "auth required pam_nul.so\0 args\n", 31),
			 0);
	/* A line of NULs only is blank. */
	assert_int_equal(buf_add(&b, "\0\0\0\n", 4), 0);
	{
		struct buf scratch = BUF_INIT(AUTHPARSE_LINE_MAX + 1);
		struct authparse_pamiter it;
		struct authparse_pam r;
		char err[64];
		int k, ok = 0, bad = 0;

		authparse_pam_start(&it, b.data, b.len);
		while ((k = authparse_pam_next(&it, &scratch, &r, err,
					       sizeof(err))) != 0) {
			if (k < 0) {
				assert_string_equal(err, "line too long");
				bad++;
				continue;
			}
			if (ok < 3) {
				assert_int_equal(r.line, want[ok].line);
				assert_span(r.module, r.module_len,
					    want[ok].module);
			}
			ok++;
		}
		/* The 1 MiB line and the over-long continued rule. */
		assert_int_equal(bad, 2);
		assert_int_equal(ok, 3);
		buf_release(&scratch);
	}
	buf_release(&b);
	/* "-" alone as a type, and a rule of blanks after a backslash. */
	assert_int_equal(check_pam(dash, sizeof(dash) - 1, only_dash, 1), 1);
	/* Nothing. */
	assert_int_equal(check_pam("", 0, NULL, 0), 0);
	assert_int_equal(check_pam("# only\n\n  \n", 11, NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logindefs_line),
		cmocka_unit_test(test_logindefs_file),
		cmocka_unit_test(test_logindefs_hostile),
		cmocka_unit_test(test_pam_debian),
		cmocka_unit_test(test_pam_continuations),
		cmocka_unit_test(test_pam_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
