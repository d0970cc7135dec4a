/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_unitfile.c: the systemd unit file parser on real units and drop-ins
 * and on hostile files: odd quoting, continuations at the end of the file
 * and across comments, lines of 1 MiB and more, NUL bytes and CRs as line
 * ends, sections without a closing bracket, and the rollback of a file that
 * fails; then the word splitter, specifier expansion and name helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/unitfile.h"
#include "util/buf.h"

static const char ssh_service[] =
	"[Unit]\n"
	"Description=OpenBSD Secure Shell server\n"
	"Documentation=man:sshd(8) man:sshd_config(5)\n"
	"After=network.target auditd.service\n"
	"\n"
	"[Service]\n"
	"EnvironmentFile=-/etc/default/ssh\n"
	"ExecStartPre=/usr/sbin/sshd -t\n"
	"ExecStart=/usr/sbin/sshd -D $SSHD_OPTS\n"
	"ExecReload=/usr/sbin/sshd -t\n"
	"ExecReload=/bin/kill -HUP $MAINPID\n"
	"Type=notify\n"
	"\n"
	"[Install]\n"
	"WantedBy=multi-user.target\n"
	"Alias=sshd.service\n";

static const char ssh_override[] =
	"# Local hardening.\n"
	"[Service]\n"
	"ExecStart=\n"
	"ExecStart=/usr/sbin/sshd -D -o \"LogLevel=VERBOSE\" $SSHD_OPTS\n"
	"ProtectSystem=strict\n";

static int parse(struct unitfile *u, const char *file, const char *text,
		 size_t len, char *err, size_t errsize)
{
	return unitfile_parse(u, file, text, len, err, errsize);
}

static void test_real_unit_and_dropin(void **state)
{
	struct unitfile u;
	const struct unitfile_entry *e;
	char err[128];
	size_t i, n;

	(void)state;
	unitfile_init(&u);
	assert_int_equal(parse(&u, "/lib/systemd/system/ssh.service",
			       ssh_service, strlen(ssh_service), err,
			       sizeof(err)), 0);
	assert_int_equal(u.n, 11);
	e = &u.v[0];
	assert_string_equal(e->section, "Unit");
	assert_string_equal(e->key, "Description");
	assert_string_equal(e->value, "OpenBSD Secure Shell server");
	assert_string_equal(e->file, "/lib/systemd/system/ssh.service");
	assert_int_equal(e->line, 2);
	assert_int_equal(u.v[3].line, 7);
	assert_string_equal(u.v[3].section, "Service");

	assert_int_equal(parse(&u, "/etc/systemd/system/ssh.service.d/o.conf",
			       ssh_override, strlen(ssh_override), err,
			       sizeof(err)), 0);
	assert_int_equal(u.n, 14);
	assert_string_equal(unitfile_get(&u, "Service", "ProtectSystem"),
			    "strict");
	assert_null(unitfile_get(&u, "Service", "ProtectHome"));
	assert_null(unitfile_get(&u, "Unit", "ExecStart")); /* wrong section */

	/* ExecStart= resets the list: only the drop-in's command is left. */
	n = 0;
	for (i = unitfile_list_start(&u, "Service", "ExecStart"); i < u.n; i++)
		if (unitfile_is(&u.v[i], "Service", "ExecStart")) {
			assert_string_equal(u.v[i].value,
					    "/usr/sbin/sshd -D -o "
					    "\"LogLevel=VERBOSE\" $SSHD_OPTS");
			assert_string_equal(u.v[i].file,
					    "/etc/systemd/system/ssh.service.d/"
					    "o.conf");
			assert_int_equal(u.v[i].line, 4);
			n++;
		}
	assert_int_equal(n, 1);
	/* ExecReload= was never reset: both entries count. */
	assert_int_equal(unitfile_list_start(&u, "Service", "ExecReload"), 0);
	e = unitfile_last(&u, "Service", "ExecStart");
	assert_non_null(e);
	assert_int_equal(e->line, 4);
	/* The empty assignment is the last for a single value: NULL. */
	assert_null(unitfile_get(&u, "Service", "Nope"));
	assert_true(unitfile_has_section(&u, "Install"));
	assert_false(unitfile_has_section(&u, "Socket"));
	unitfile_release(&u);
	unitfile_release(&u); /* Twice is harmless. */
}

static void test_empty_resets_single_value(void **state)
{
	static const char t[] = "[Service]\nUser=backup\nUser=\n";
	struct unitfile u;

	(void)state;
	unitfile_init(&u);
	assert_int_equal(parse(&u, "f", t, strlen(t), NULL, 0), 0);
	assert_null(unitfile_get(&u, "Service", "User"));
	assert_non_null(unitfile_last(&u, "Service", "User"));
	assert_int_equal(unitfile_list_start(&u, "Service", "User"), 2);
	unitfile_release(&u);
}

static void test_syntax_corners(void **state)
{
	static const char t[] =
		"\xef\xbb\xbf" /* BOM */
		"Orphan=before any section\n"
		"[Unit]\n"
		"  Description  =   spaced out   \n"
		"; semicolon comment\n"
		"   # indented comment\n"
		"no equals sign here\n"
		"=empty key\n"
		".include /etc/other.conf\n"
		"Key==double\n"
		"Quoted=\"a \\\"b\\\" c\" 'd e'\n"
		"[X-Custom Section]\n"
		"Odd-Key.with:chars=v\n"
		"[]\n"
		"InEmpty=1\n";
	struct unitfile u;
	char err[128];

	(void)state;
	unitfile_init(&u);
	assert_int_equal(parse(&u, "f", t, strlen(t), err, sizeof(err)), 0);
	assert_int_equal(u.n, 5);
	assert_string_equal(u.v[0].key, "Description");
	assert_string_equal(u.v[0].value, "spaced out");
	assert_string_equal(u.v[1].key, "Key");
	assert_string_equal(u.v[1].value, "=double");
	assert_string_equal(u.v[2].value, "\"a \\\"b\\\" c\" 'd e'");
	assert_string_equal(u.v[3].section, "X-Custom Section");
	assert_string_equal(u.v[3].key, "Odd-Key.with:chars");
	assert_string_equal(u.v[4].section, "");
	unitfile_release(&u);
}

static void test_continuations(void **state)
{
	static const char t[] =
		"[Service]\n"
		"ExecStart=/bin/prog \\\n"
		"   --one \\\n"
		"# a comment inside is skipped\n"
		"; so is this\n"
		"   --two\n"
		"Escaped=ends in a backslash \\\\\n"
		"Next=1\n"
		"Tail=at the end \\";
	struct unitfile u;
	char err[128];

	(void)state;
	unitfile_init(&u);
	assert_int_equal(parse(&u, "f", t, strlen(t), err, sizeof(err)), 0);
	assert_int_equal(u.n, 4);
	assert_string_equal(u.v[0].value, "/bin/prog     --one     --two");
	assert_int_equal(u.v[0].line, 2);
	assert_string_equal(u.v[1].value, "ends in a backslash \\\\");
	assert_int_equal(u.v[1].line, 7);
	assert_string_equal(u.v[2].key, "Next");
	assert_int_equal(u.v[2].line, 8);
	/* A continuation still open at the end of the file ends there. */
	assert_string_equal(u.v[3].value, "at the end");
	unitfile_release(&u);
}

static void test_blank_line_ends_continuation(void **state)
{
	static const char t[] = "[S]\nA=x \\\n\nB=y\n";
	struct unitfile u;

	(void)state;
	unitfile_init(&u);
	assert_int_equal(parse(&u, "f", t, strlen(t), NULL, 0), 0);
	assert_int_equal(u.n, 2);
	assert_string_equal(u.v[0].value, "x");
	assert_string_equal(u.v[1].key, "B");
	unitfile_release(&u);
}

static void test_line_ends(void **state)
{
	/* CRLF, a lone CR and a NUL all end lines, as in systemd. */
	static const char t[] = "[Unit]\r\nA=1\rB=2\0C=3\r\n\r\nD=4 \\\r\n5";
	struct unitfile u;
	char err[128];

	(void)state;
	unitfile_init(&u);
	assert_int_equal(parse(&u, "f", t, sizeof(t) - 1, err, sizeof(err)),
			 0);
	assert_int_equal(u.n, 4);
	assert_string_equal(u.v[0].value, "1");
	assert_int_equal(u.v[0].line, 2);
	assert_string_equal(u.v[1].value, "2");
	assert_int_equal(u.v[1].line, 3);
	assert_string_equal(u.v[2].value, "3");
	assert_string_equal(u.v[3].value, "4  5");
	assert_int_equal(u.v[3].line, 6);
	unitfile_release(&u);
}

static void test_bad_section(void **state)
{
	static const char good[] = "[Unit]\nDescription=kept\n";
	static const char *const bad[] = {
		"[Unit]\nA=1\n[Service\nB=2\n",
		"[Unit]\nA=1\n[Service] trailing\n",
		"[\n",
		"[Unit]\nA=1\n[",
	};
	struct unitfile u;
	char err[128];
	size_t i;

	(void)state;
	unitfile_init(&u);
	assert_int_equal(parse(&u, "good", good, strlen(good), err,
			       sizeof(err)), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(parse(&u, "bad", bad[i], strlen(bad[i]), err,
				       sizeof(err)), -1);
		assert_non_null(strstr(err, "invalid section header"));
		/* Rolled back: only the good file's entry is left. */
		assert_int_equal(u.n, 1);
		assert_string_equal(u.v[0].value, "kept");
	}
	assert_int_equal(parse(&u, "bad", bad[0], strlen(bad[0]), err, 4), -1);
	assert_int_equal(strlen(err), 3); /* cut to errsize */
	unitfile_release(&u);
}

static void test_long_lines(void **state)
{
	size_t n = UNITFILE_LINE_MAX;
	char *t = malloc(2 * n), err[128];
	struct unitfile u;
	size_t len;

	(void)state;
	assert_non_null(t);
	unitfile_init(&u);

	/* A line of exactly the limit is fine. */
	memcpy(t, "[S]\n", 4);
	memcpy(t + 4, "K=", 2);
	memset(t + 6, 'v', n - 2);
	len = 4 + n;
	assert_int_equal(parse(&u, "f", t, len, err, sizeof(err)), 0);
	assert_int_equal(u.n, 1);
	assert_int_equal(strlen(u.v[0].value), n - 2);

	/* One byte more is refused, as systemd refuses it. */
	t[len] = 'v';
	assert_int_equal(parse(&u, "f", t, len + 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "line 2: longer than"));
	assert_int_equal(u.n, 1);

	/* So is a continuation that grows past it, bit by bit. */
	unitfile_release(&u);
	unitfile_init(&u);
	memcpy(t, "[S]\nK=", 6);
	len = 6;
	while (len + 16 < 2 * n) {
		memcpy(t + len, "xxxxxxxxxxxxxx\\\n", 16);
		len += 16;
	}
	assert_int_equal(parse(&u, "f", t, len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "continued line longer than"));
	assert_int_equal(u.n, 0);
	unitfile_release(&u);
	free(t);
}

static void test_many_continuations_fast(void **state)
{
	/* 300k one-byte continuation lines: linear, and joined right. */
	size_t lines = 300000, len = 0, i;
	char *t = malloc(lines * 2 + 32);
	struct unitfile u;
	char err[128];

	(void)state;
	assert_non_null(t);
	memcpy(t, "[S]\nK=", 6);
	len = 6;
	for (i = 0; i < lines; i++) {
		t[len++] = '\\';
		t[len++] = '\n';
	}
	t[len++] = 'e';
	unitfile_init(&u);
	assert_int_equal(parse(&u, "f", t, len, err, sizeof(err)), 0);
	assert_int_equal(u.n, 1);
	/* Every backslash became a space, trimmed away before the 'e'. */
	assert_string_equal(u.v[0].value, "e");
	unitfile_release(&u);
	free(t);
}

static void test_entry_limit(void **state)
{
	size_t n = UNITFILE_ENTRIES_MAX + 1, i, len = 0;
	char *t = malloc(n * 4 + 8), err[128];
	struct unitfile u;

	(void)state;
	assert_non_null(t);
	memcpy(t, "[S]\n", 4);
	len = 4;
	for (i = 0; i < n; i++) {
		memcpy(t + len, "a=\n", 3);
		len += 3;
	}
	unitfile_init(&u);
	assert_int_equal(parse(&u, "f", t, len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more than"));
	assert_int_equal(u.n, 0);
	assert_int_equal(u.nstrs, 0);
	/* The same minus one line fits. */
	assert_int_equal(parse(&u, "f", t, len - 3, err, sizeof(err)), 0);
	assert_int_equal(u.n, UNITFILE_ENTRIES_MAX);
	unitfile_release(&u);
	free(t);
}

static void test_garbage_never_crashes(void **state)
{
	struct unitfile u;
	unsigned char t[512];
	unsigned seed = 12345;
	int round;
	size_t i;

	(void)state;
	for (round = 0; round < 2000; round++) {
		for (i = 0; i < sizeof(t); i++) {
			static const char alphabet[] = "[]=\\\n\r\0#; \tAb\"'";

			seed = seed * 1103515245u + 12345u;
			t[i] = (unsigned char)alphabet[(seed >> 16) %
						       (sizeof(alphabet) - 1)];
		}
		unitfile_init(&u);
		(void)unitfile_parse(&u, "g", (const char *)t,
				     (seed >> 8) % sizeof(t), NULL, 0);
		for (i = 0; i < u.n; i++) {
			assert_non_null(u.v[i].section);
			assert_non_null(u.v[i].value);
			assert_true(u.v[i].key[0] != '\0');
		}
		unitfile_release(&u);
	}
}

/* ---------------------------------------------------------------- */

/* Splits s into words joined by '|', or "ERR" on failure. */
static char *words(const char *s)
{
	static char res[512];
	struct buf w = BUF_INIT(64);
	const char *p = s;
	char err[64];
	int rc, nw = 0;
	size_t n = 0;

	res[0] = '\0';
	while ((rc = unitfile_word(&p, &w, err, sizeof(err))) == 1) {
		n += (size_t)snprintf(res + n, sizeof(res) - n, "%s%s",
				      nw++ ? "|" : "", w.data);
		assert_true(n < sizeof(res));
	}
	if (rc < 0)
		snprintf(res, sizeof(res), "ERR %s", err);
	buf_release(&w);
	return res;
}

static void test_words(void **state)
{
	(void)state;
	assert_string_equal(words("/bin/a  -x\t'b c' \"d \\\"e\\\"\""),
			    "/bin/a|-x|b c|d \"e\"");
	assert_string_equal(words("a\"b c\"d e"), "ab cd|e");
	assert_string_equal(words("\"\" x"), "|x");
	assert_string_equal(words("   "), "");
	assert_string_equal(words(""), "");
	assert_string_equal(words("\\x41\\s\\tZ \\101 \\;"), "A \tZ|A|\\;");
	assert_string_equal(words("A=1 \"B=2 3\""), "A=1|B=2 3");
	assert_string_equal(words("'single \\' inside'"), "single ' inside");
	assert_string_equal(words("\"open"), "ERR unterminated quote");
	assert_string_equal(words("'open"), "ERR unterminated quote");
	assert_string_equal(words("tail\\"), "ERR trailing backslash");
	assert_string_equal(words("\\x4"), "ERR \\x needs two hex digits");
	assert_string_equal(words("\\x00"), "ERR escaped NUL");
	assert_string_equal(words("\\000"), "ERR escaped NUL");
	assert_string_equal(words("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				  "aaaaaaaaaaaaaaaaaaaa"),
			    "ERR word too long");
}

static char *expand(const char *v, const char *name)
{
	static char res[256];
	struct buf b = BUF_INIT(200);

	assert_int_equal(unitfile_expand(v, name, &b), 0);
	snprintf(res, sizeof(res), "%s", b.data);
	buf_release(&b);
	return res;
}

static void test_expand(void **state)
{
	(void)state;
	assert_string_equal(expand("Getty on %I", "getty@tty1.service"),
			    "Getty on tty1");
	assert_string_equal(expand("%n %N %p %i", "getty@tty1.service"),
			    "getty@tty1.service getty@tty1 getty tty1");
	assert_string_equal(expand("%I|%P|%j|%J", "sys-x@dev-sda\\x2d1.mount"),
			    "dev/sda-1|sys/x|x|x");
	assert_string_equal(expand("%i%I", "plain.service"), "");
	assert_string_equal(expand("%p %%H %H %", "plain.service"),
			    "plain %H %H %");
}

static void test_names(void **state)
{
	char t[64];

	(void)state;
	assert_string_equal(unitfile_name_type("ssh.service"), "service");
	assert_string_equal(unitfile_name_type("dbus-org.freedesktop.x.service"),
			    "service");
	assert_string_equal(unitfile_name_type("a@b.timer"), "timer");
	assert_null(unitfile_name_type("ssh.service.d"));
	assert_null(unitfile_name_type("multi-user.target.wants"));
	assert_null(unitfile_name_type("README"));
	assert_null(unitfile_name_type(".service"));
	assert_null(unitfile_name_type("a@b@c.service"));
	assert_null(unitfile_name_type("sp ace.service"));
	assert_null(unitfile_name_type("@x.service"));
	assert_true(unitfile_name_is_template("getty@.service"));
	assert_false(unitfile_name_is_template("getty@tty1.service"));
	assert_false(unitfile_name_is_template("getty.service"));
	assert_int_equal(unitfile_name_template("getty@tty1.service", t,
						sizeof(t)), 0);
	assert_string_equal(t, "getty@.service");
	assert_int_equal(unitfile_name_template("getty@.service", t,
						sizeof(t)), -1);
	assert_int_equal(unitfile_name_template("getty.service", t,
						sizeof(t)), -1);
	assert_int_equal(unitfile_name_template("getty@tty1.service", t, 5),
			 -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_unit_and_dropin),
		cmocka_unit_test(test_empty_resets_single_value),
		cmocka_unit_test(test_syntax_corners),
		cmocka_unit_test(test_continuations),
		cmocka_unit_test(test_blank_line_ends_continuation),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_bad_section),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_many_continuations_fast),
		cmocka_unit_test(test_entry_limit),
		cmocka_unit_test(test_garbage_never_crashes),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
