/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_osrelease.c: the os-release line parser on the lines distributions
 * ship (double-quoted, single-quoted, unquoted) and on the shell quoting
 * corners: escapes inside and outside double quotes, joined pieces, empty
 * values, comments and blank lines, and garbage that must be refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/osrelease.h"

static char line[4096];
static char err[128];
static char *key, *value;

static int parse(const char *s)
{
	size_t n = strlen(s);

	assert_true(n < sizeof(line));
	memcpy(line, s, n + 1);
	err[0] = '\0';
	return osrelease_parse_line(line, &key, &value, err, sizeof(err));
}

static void kv(const char *s, const char *k, const char *v)
{
	assert_int_equal(parse(s), 1);
	assert_string_equal(key, k);
	assert_string_equal(value, v);
}

static void refused(const char *s, const char *why)
{
	assert_int_equal(parse(s), -1);
	assert_string_equal(err, why);
	assert_null(key);
}

static void test_distributions(void **state)
{
	(void)state;
	kv("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n", "PRETTY_NAME",
	   "Debian GNU/Linux 12 (bookworm)");
	kv("VERSION_CODENAME=bookworm\n", "VERSION_CODENAME", "bookworm");
	kv("ID=debian", "ID", "debian");
	kv("VERSION_ID=\"22.04\"", "VERSION_ID", "22.04");
	kv("ID_LIKE=\"rhel centos fedora\"", "ID_LIKE", "rhel centos fedora");
	kv("NAME='Alpine Linux'", "NAME", "Alpine Linux");
	kv("HOME_URL=\"https://www.debian.org/\"", "HOME_URL",
	   "https://www.debian.org/");
	kv("ANSI_COLOR=\"0;31\"", "ANSI_COLOR", "0;31");
}

static void test_quotes(void **state)
{
	(void)state;
	kv("A=\"\"", "A", "");
	kv("A=''", "A", "");
	kv("A=", "A", "");
	kv("A=\"it's\"", "A", "it's");
	kv("A='say \"hi\"'", "A", "say \"hi\"");
	/* Pieces join as in a shell. */
	kv("A=\"x\"'y'z", "A", "xyz");
	kv("A=pre\"mid dle\"post", "A", "premid dlepost");
	/* Single quotes take backslashes literally. */
	kv("A='a\\b\\'", "A", "a\\b\\");
}

static void test_escapes(void **state)
{
	(void)state;
	/* Inside double quotes only $ " \ ` are escaped... */
	kv("A=\"a\\\"b\"", "A", "a\"b");
	kv("A=\"cost \\$5\"", "A", "cost $5");
	kv("A=\"back\\\\slash\"", "A", "back\\slash");
	kv("A=\"tick\\`\"", "A", "tick`");
	/* ...and a backslash before anything else stays. */
	kv("A=\"C:\\new\"", "A", "C:\\new");
	/* Unquoted, a backslash takes any next character literally. */
	kv("A=a\\ b", "A", "a b");
	kv("A=\\$HOME", "A", "$HOME");
	kv("A=a\\\\b", "A", "a\\b");
}

static void test_comments_and_blanks(void **state)
{
	(void)state;
	assert_int_equal(parse(""), 0);
	assert_int_equal(parse("\n"), 0);
	assert_int_equal(parse("   \t  \n"), 0);
	assert_int_equal(parse("# a comment"), 0);
	assert_int_equal(parse("   # indented comment = x"), 0);
	kv("  ID=debian", "ID", "debian");
	kv("ID=debian   ", "ID", "debian");
	kv("ID=debian # trailing comment", "ID", "debian");
	kv("ID=\"de bian\"\t# comment", "ID", "de bian");
	/* A "#" inside a word is part of it, as in a shell. */
	kv("ID=deb#ian", "ID", "deb#ian");
	kv("ID=#x", "ID", "#x");
	kv("ID= # empty", "ID", "");
	kv("ID=x\r", "ID", "x");
}

static void test_keys(void **state)
{
	(void)state;
	kv("_X1=y", "_X1", "y");
	kv("lower=y", "lower", "y");
	refused("1ID=x", "line does not start with a variable name");
	refused("=x", "line does not start with a variable name");
	refused("ID", "expected \"=\" after the variable name");
	refused("ID =x", "expected \"=\" after the variable name");
	refused("I-D=x", "expected \"=\" after the variable name");
	refused("export ID=x", "expected \"=\" after the variable name");
}

static void test_garbage(void **state)
{
	char big[4000];

	(void)state;
	refused("ID=\"unterminated", "unterminated double quote");
	refused("ID='unterminated", "unterminated single quote");
	refused("ID=\"a\\\"", "unterminated double quote");
	refused("ID=two words", "unexpected text after the value");
	refused("ID=\"x\" y", "unexpected text after the value");
	refused("ID=$(reboot)", "unquoted shell special character");
	refused("ID=`reboot`", "unquoted shell special character");
	refused("ID=a;b", "unquoted shell special character");
	refused("ID=a|b", "unquoted shell special character");
	refused("\x01\x02=\xff", "line does not start with a variable name");
	/* Special characters are fine once quoted. */
	kv("ID='$(reboot)'", "ID", "$(reboot)");

	/* A long value keeps every byte and reads nothing past the end. */
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "K=\"", 3);
	big[sizeof(big) - 2] = '"';
	assert_int_equal(parse(big), 1);
	assert_int_equal(strlen(value), sizeof(big) - 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distributions),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_comments_and_blanks),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
