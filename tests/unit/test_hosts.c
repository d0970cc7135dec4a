/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_hosts.c: the /etc/hosts line parser on the lines Debian ships, on
 * tabs, runs of blanks, comments at the start, the end and inside a word,
 * IPv6 addresses, address-only lines, NUL bytes and overlong lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/hosts.h"

static char line[HOSTS_LINE_MAX + 64];
static char err[128];
static struct hosts_ent he;

/* Parses a copy of s (the parser rewrites its line). */
static int parse(const char *s)
{
	size_t n = strlen(s);

	assert_true(n < sizeof(line));
	memcpy(line, s, n + 1);
	err[0] = '\0';
	return hosts_parse(line, n, &he, err, sizeof(err));
}

static void has(const char *s, const char *address, const char *names)
{
	assert_int_equal(parse(s), 0);
	assert_string_equal(he.address, address);
	if (names)
		assert_string_equal(he.hostnames, names);
	else
		assert_null(he.hostnames);
}

static void refused(const char *s, const char *why)
{
	assert_int_equal(parse(s), -1);
	assert_string_equal(err, why);
}

static void test_debian_lines(void **state)
{
	(void)state;
	has("127.0.0.1\tlocalhost", "127.0.0.1", "localhost");
	has("127.0.1.1\tdebian12.example.org\tdebian12", "127.0.1.1",
	    "debian12.example.org debian12");
	has("::1     localhost ip6-localhost ip6-loopback", "::1",
	    "localhost ip6-localhost ip6-loopback");
	has("ff02::1 ip6-allnodes", "ff02::1", "ip6-allnodes");
	has("fe80::1%eth0 router6", "fe80::1%eth0", "router6");
	refused("# The following lines are desirable for IPv6 capable hosts",
		"blank line");
}

static void test_blanks(void **state)
{
	(void)state;
	has("\t10.0.0.2\t\tfoo\t \tbar\t", "10.0.0.2", "foo bar");
	has("   192.168.1.10   db  db.lan   cache  ", "192.168.1.10",
	    "db db.lan cache");
	has("10.0.0.3 a\r", "10.0.0.3", "a");
	has("10.0.0.4", "10.0.0.4", NULL);
	has("10.0.0.4 \t ", "10.0.0.4", NULL);
	refused("", "blank line");
	refused(" \t \r", "blank line");
}

static void test_comments(void **state)
{
	(void)state;
	refused("#", "blank line");
	refused("   # indented comment", "blank line");
	has("10.0.0.1 a b # trailing comment", "10.0.0.1", "a b");
	has("10.0.0.1 a b#glued", "10.0.0.1", "a b");
	has("10.0.0.1 a#b c", "10.0.0.1", "a");
	has("10.0.0.5 # only a comment", "10.0.0.5", NULL);
	has("10.0.0.6#x y", "10.0.0.6", NULL);
}

static void test_broken(void **state)
{
	char *big;

	(void)state;
	/* Not terminated: the parser stops at len. */
	memcpy(line, "10.0.0.7 seven-and-more", 23);
	assert_int_equal(hosts_parse(line, 14, &he, err, sizeof(err)), 0);
	assert_string_equal(he.address, "10.0.0.7");
	assert_string_equal(he.hostnames, "seven");

	/* A NUL byte inside. */
	memcpy(line, "10.0.0.8 a\0b", 12);
	assert_int_equal(hosts_parse(line, 12, &he, err, sizeof(err)), -1);
	assert_string_equal(err, "NUL byte in line");

	/* Garbage is shown as written. */
	has("not-an-address \x01\xff", "not-an-address", "\x01\xff");

	/* Overlong lines are refused whole; at the limit they parse. */
	big = malloc(HOSTS_LINE_MAX + 2);
	assert_non_null(big);
	memset(big, 'h', HOSTS_LINE_MAX + 1);
	memcpy(big, "10.0.0.9 ", 9);
	assert_int_equal(hosts_parse(big, HOSTS_LINE_MAX + 1, &he, err,
				     sizeof(err)), -1);
	assert_string_equal(err, "line too long");
	memset(big, 'h', HOSTS_LINE_MAX + 1);
	memcpy(big, "10.0.0.9 ", 9);
	assert_int_equal(hosts_parse(big, HOSTS_LINE_MAX, &he, NULL, 0), 0);
	assert_int_equal(strlen(he.hostnames), HOSTS_LINE_MAX - 9);
	free(big);

	/* Many short words: the in-place join keeps each. */
	has("1.2.3.4 a\t\t\tb    c\t d", "1.2.3.4", "a b c d");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_lines),
		cmocka_unit_test(test_blanks),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
