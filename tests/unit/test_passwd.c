/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_passwd.c: the /etc/passwd and /etc/group line parsers on real
 * Debian lines and on broken ones: missing fields, empty GECOS, trailing
 * colons, colon-only lines, ids at and past 2^32, signs and garbage,
 * comments, NUL bytes and overlong lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/passwd.h"

/* The parsers write into their line: each test works on a copy, with the
 * one spare byte they are allowed to use. */
static char line[PASSWD_LINE_MAX + 64];
static char err[128];

static int pw(const char *s, struct passwd_ent *out)
{
	size_t n = strlen(s);

	assert_true(n < sizeof(line));
	memcpy(line, s, n + 1);
	err[0] = '\0';
	return passwd_parse(line, n, out, err, sizeof(err));
}

static int gr(const char *s, struct passwd_grent *out)
{
	size_t n = strlen(s);

	assert_true(n < sizeof(line));
	memcpy(line, s, n + 1);
	err[0] = '\0';
	return passwd_parse_group(line, n, out, err, sizeof(err));
}

/* Asserts that a line is refused with the given reason. */
static void pw_refused(const char *s, const char *why)
{
	struct passwd_ent e;

	assert_int_equal(pw(s, &e), -1);
	assert_string_equal(err, why);
}

static void gr_refused(const char *s, const char *why)
{
	struct passwd_grent e;

	assert_int_equal(gr(s, &e), -1);
	assert_string_equal(err, why);
}

static void test_passwd_plain(void **state)
{
	struct passwd_ent e;

	(void)state;
	assert_int_equal(pw("root:x:0:0:root:/root:/bin/bash", &e), 0);
	assert_string_equal(e.name, "root");
	assert_string_equal(e.passwd, "x");
	assert_int_equal(e.uid, 0);
	assert_int_equal(e.gid, 0);
	assert_string_equal(e.gecos, "root");
	assert_string_equal(e.dir, "/root");
	assert_string_equal(e.shell, "/bin/bash");

	assert_int_equal(pw("alice:x:1000:1000:Alice Martin,,,:/home/alice:"
			    "/bin/bash", &e), 0);
	assert_string_equal(e.name, "alice");
	assert_int_equal(e.uid, 1000);
	assert_int_equal(e.gid, 1000);
	assert_string_equal(e.gecos, "Alice Martin,,,");
	assert_string_equal(e.dir, "/home/alice");
	assert_string_equal(e.shell, "/bin/bash");

	assert_int_equal(pw("nobody:x:65534:65534:nobody:/nonexistent:"
			    "/usr/sbin/nologin", &e), 0);
	assert_int_equal(e.uid, 65534);
	assert_string_equal(e.shell, "/usr/sbin/nologin");
}

static void test_passwd_empty_fields(void **state)
{
	struct passwd_ent e;

	(void)state;
	/* Empty GECOS and password. */
	assert_int_equal(pw("sshd::105:65534::/run/sshd:/usr/sbin/nologin",
			    &e), 0);
	assert_string_equal(e.passwd, "");
	assert_string_equal(e.gecos, "");
	assert_string_equal(e.dir, "/run/sshd");
	assert_string_equal(e.shell, "/usr/sbin/nologin");

	/* Everything empty but the ids. */
	assert_int_equal(pw("::7:8:::", &e), 0);
	assert_string_equal(e.name, "");
	assert_int_equal(e.uid, 7);
	assert_int_equal(e.gid, 8);
	assert_string_equal(e.gecos, "");
	assert_string_equal(e.dir, "");
	assert_string_equal(e.shell, "");
}

static void test_passwd_missing_fields(void **state)
{
	struct passwd_ent e;

	(void)state;
	/* Fields after the ids may be left out, as glibc allows. */
	assert_int_equal(pw("bob:x:1001:1001", &e), 0);
	assert_string_equal(e.name, "bob");
	assert_int_equal(e.gid, 1001);
	assert_string_equal(e.gecos, "");
	assert_string_equal(e.dir, "");
	assert_string_equal(e.shell, "");

	assert_int_equal(pw("bob:x:1001:1001:Bob", &e), 0);
	assert_string_equal(e.gecos, "Bob");
	assert_string_equal(e.dir, "");
	assert_string_equal(e.shell, "");

	assert_int_equal(pw("bob:x:1001:1001:Bob:/home/bob", &e), 0);
	assert_string_equal(e.dir, "/home/bob");
	assert_string_equal(e.shell, "");

	/* The ids may not. */
	pw_refused("bob:x:1001", "missing gid");
	pw_refused("bob:x:1001:", "missing gid");
	pw_refused("bob:x", "missing uid");
	pw_refused("bob", "missing uid");
	pw_refused("bob:x::1001:Bob:/home/bob:/bin/sh", "missing uid");
}

static void test_passwd_colons(void **state)
{
	struct passwd_ent e;

	(void)state;
	/* A trailing colon leaves an empty shell... */
	assert_int_equal(pw("carol:x:1002:1002:Carol:/home/carol:", &e), 0);
	assert_string_equal(e.dir, "/home/carol");
	assert_string_equal(e.shell, "");
	/* ...and past the shell, colons belong to it. */
	assert_int_equal(pw("carol:x:1002:1002:Carol:/home/carol:/bin/sh:",
			    &e), 0);
	assert_string_equal(e.shell, "/bin/sh:");
	assert_int_equal(pw("d:x:1:1:g:/h:/bin/sh:extra:more", &e), 0);
	assert_string_equal(e.shell, "/bin/sh:extra:more");

	pw_refused(":", "missing uid");
	pw_refused("::", "missing uid");
	pw_refused(":::", "missing uid");
	pw_refused("::::::", "missing uid");
	pw_refused("::::::::::", "missing uid");
	pw_refused("::0:", "missing gid");
}

static void test_passwd_ids(void **state)
{
	struct passwd_ent e;

	(void)state;
	assert_int_equal(pw("nfs:x:4294967294:4294967294::/:/bin/false", &e),
			 0);
	assert_int_equal(e.uid, 4294967294u);
	assert_int_equal(e.gid, 4294967294u);
	assert_int_equal(passwd_id_signed(e.uid), -2);

	assert_int_equal(pw("max:x:4294967295:0::/:", &e), 0);
	assert_int_equal(e.uid, UINT32_MAX);
	assert_int_equal(passwd_id_signed(e.uid), -1);

	/* Leading zeros are digits like any other. */
	assert_int_equal(pw("z:x:000000000000042:007::/:", &e), 0);
	assert_int_equal(e.uid, 42);
	assert_int_equal(e.gid, 7);

	pw_refused("big:x:4294967296:0::/:", "bad uid");
	pw_refused("big:x:99999999999999999999999:0::/:", "bad uid");
	pw_refused("big:x:0:18446744073709551616::/:", "bad gid");
	pw_refused("neg:x:-1:0::/:", "bad uid");
	pw_refused("pos:x:+1:0::/:", "bad uid");
	pw_refused("sp:x: 1:0::/:", "bad uid");
	pw_refused("sp:x:1 :0::/:", "bad uid");
	pw_refused("hex:x:0x10:0::/:", "bad uid");
	pw_refused("word:x:abc:100:Bad:/home/bad:/bin/sh", "bad uid");
	pw_refused("word:x:100:1e3:Bad:/home/bad:/bin/sh", "bad gid");
}

static void test_passwd_garbage(void **state)
{
	struct passwd_ent e;
	char *big;

	(void)state;
	pw_refused("", "blank line");
	pw_refused("   \t ", "blank line");
	pw_refused("# root:x:0:0:root:/root:/bin/bash", "comment");
	pw_refused("\t#x", "comment");
	pw_refused("hello world", "missing uid");
	pw_refused("\x01\x02\xff:\xfe:", "missing uid");

	/* Leading blanks are skipped, as glibc does. */
	assert_int_equal(pw("  root:x:0:0:root:/root:/bin/bash", &e), 0);
	assert_string_equal(e.name, "root");

	/* A NUL byte inside the line. */
	memcpy(line, "a:x:1:1\0:/:/bin/sh", 18);
	assert_int_equal(passwd_parse(line, 18, &e, err, sizeof(err)), -1);
	assert_string_equal(err, "NUL byte in line");

	/* Not terminated: the parser terminates it at len. */
	memcpy(line, "a:x:1:2:g:/h:/bin/shXXXX", 24);
	assert_int_equal(passwd_parse(line, 20, &e, err, sizeof(err)), 0);
	assert_string_equal(e.shell, "/bin/sh");

	/* Overlong: refused whole.  Exactly at the limit is fine. */
	big = malloc(PASSWD_LINE_MAX + 2);
	assert_non_null(big);
	memset(big, 'g', PASSWD_LINE_MAX + 1);
	memcpy(big, "u:x:5:5:", 8);
	assert_int_equal(passwd_parse(big, PASSWD_LINE_MAX + 1, &e, err,
				      sizeof(err)), -1);
	assert_string_equal(err, "line too long");
	memset(big, 'g', PASSWD_LINE_MAX + 1);
	memcpy(big, "u:x:5:5:", 8);
	assert_int_equal(passwd_parse(big, PASSWD_LINE_MAX, &e, err,
				      sizeof(err)), 0);
	assert_int_equal(strlen(e.gecos), PASSWD_LINE_MAX - 8);
	free(big);

	/* No error buffer, or a tiny one. */
	memcpy(line, "x", 2);
	assert_int_equal(passwd_parse(line, 1, &e, NULL, 0), -1);
	memcpy(line, "x", 2);
	assert_int_equal(passwd_parse(line, 1, &e, err, 4), -1);
	assert_string_equal(err, "mis");
}

/* Every prefix of a real line either parses or is refused; none crash. */
static void test_passwd_prefixes(void **state)
{
	static const char full[] = "alice:x:1000:1000:Alice:/home/alice:"
				   "/bin/bash";
	struct passwd_ent e;
	size_t n;

	(void)state;
	for (n = 0; n <= sizeof(full) - 1; n++) {
		memcpy(line, full, n);
		line[n] = 'Z';
		/* The gid's first digit is byte 13: from there on, an id
		 * pair is whole. */
		if (n >= 14) {
			assert_int_equal(passwd_parse(line, n, &e, err,
						      sizeof(err)), 0);
			assert_int_equal(e.uid, 1000);
		} else {
			assert_int_equal(passwd_parse(line, n, &e, err,
						      sizeof(err)), -1);
		}
	}
}

static void test_parse_id(void **state)
{
	uint32_t id = 99;

	(void)state;
	assert_int_equal(passwd_parse_id("0", 1, &id), 0);
	assert_int_equal(id, 0);
	assert_int_equal(passwd_parse_id("4294967295", 10, &id), 0);
	assert_int_equal(id, UINT32_MAX);
	assert_int_equal(passwd_parse_id("4294967296", 10, &id), -1);
	assert_int_equal(passwd_parse_id("", 0, &id), -1);
	assert_int_equal(passwd_parse_id("12", 1, &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(passwd_parse_id("1.0", 3, &id), -1);

	assert_int_equal(passwd_id_signed(0), 0);
	assert_int_equal(passwd_id_signed(65534), 65534);
	assert_int_equal(passwd_id_signed(2147483647u), 2147483647);
	assert_int_equal(passwd_id_signed(2147483648u), INT64_C(-2147483648));
	assert_int_equal(passwd_id_signed(4294967294u), -2);
	assert_int_equal(passwd_id_signed(4294967295u), -1);
}

/* Collects a group's members into one comma-joined string. */
static const char *members(const struct passwd_grent *g)
{
	static char joined[512];
	const char *m;
	size_t n = 0, count = 0;

	joined[0] = '\0';
	for (m = passwd_group_member(g, NULL); m;
	     m = passwd_group_member(g, m)) {
		n += (size_t)snprintf(joined + n, sizeof(joined) - n, "%s%s",
				      n ? "," : "", m);
		assert_true(n < sizeof(joined));
		count++;
	}
	assert_int_equal(count, g->nmembers);
	return joined;
}

static void test_group_plain(void **state)
{
	struct passwd_grent g;

	(void)state;
	assert_int_equal(gr("root:x:0:", &g), 0);
	assert_string_equal(g.name, "root");
	assert_string_equal(g.passwd, "x");
	assert_int_equal(g.gid, 0);
	assert_int_equal(g.nmembers, 0);
	assert_string_equal(g.members, "");
	assert_null(passwd_group_member(&g, NULL));

	assert_int_equal(gr("sudo:x:27:alice,bob", &g), 0);
	assert_int_equal(g.gid, 27);
	assert_int_equal(g.nmembers, 2);
	assert_string_equal(members(&g), "alice,bob");

	assert_int_equal(gr("audio:x:29:pulse", &g), 0);
	assert_string_equal(members(&g), "pulse");

	assert_int_equal(gr("nogroup:x:65534:", &g), 0);
	assert_int_equal(g.gid, 65534);
	assert_int_equal(passwd_id_signed(g.gid), 65534);
}

static void test_group_members(void **state)
{
	struct passwd_grent g;

	(void)state;
	/* No member field at all. */
	assert_int_equal(gr("staff:x:50", &g), 0);
	assert_int_equal(g.nmembers, 0);

	/* Blanks around names and empty names go. */
	assert_int_equal(gr("dev:x:1500: alice , ,bob\t,,carol ,", &g), 0);
	assert_string_equal(members(&g), "alice,bob,carol");
	assert_int_equal(g.nmembers, 3);

	assert_int_equal(gr("x:x:1:,,,", &g), 0);
	assert_int_equal(g.nmembers, 0);
	assert_null(passwd_group_member(&g, NULL));

	assert_int_equal(gr("x:x:1:a", &g), 0);
	assert_string_equal(members(&g), "a");

	/* Colons past the gid belong to the member list. */
	assert_int_equal(gr("x:x:1:a:b,c", &g), 0);
	assert_string_equal(members(&g), "a:b,c");

	/* Repeats are kept: the table drops repeated pairs. */
	assert_int_equal(gr("x::2:a,a", &g), 0);
	assert_string_equal(g.passwd, "");
	assert_string_equal(members(&g), "a,a");
}

static void test_group_broken(void **state)
{
	struct passwd_grent g;

	(void)state;
	gr_refused("", "blank line");
	gr_refused("#staff:x:50:", "comment");
	gr_refused(":", "missing gid");
	gr_refused("::", "missing gid");
	gr_refused(":::", "missing gid");
	gr_refused("staff", "missing gid");
	gr_refused("staff:x", "missing gid");
	gr_refused("staff:x::alice", "missing gid");
	gr_refused("staff:x:fifty:alice", "bad gid");
	gr_refused("staff:x:4294967296:", "bad gid");
	gr_refused("staff:x:-2:", "bad gid");

	assert_int_equal(gr(":::", &g), -1);
	assert_int_equal(gr("::4294967294:", &g), 0);
	assert_int_equal(passwd_id_signed(g.gid), -2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_passwd_plain),
		cmocka_unit_test(test_passwd_empty_fields),
		cmocka_unit_test(test_passwd_missing_fields),
		cmocka_unit_test(test_passwd_colons),
		cmocka_unit_test(test_passwd_ids),
		cmocka_unit_test(test_passwd_garbage),
		cmocka_unit_test(test_passwd_prefixes),
		cmocka_unit_test(test_parse_id),
		cmocka_unit_test(test_group_plain),
		cmocka_unit_test(test_group_members),
		cmocka_unit_test(test_group_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
