/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_functions: vigil's extra SQL functions and the VERSION collation,
 * exercised through SELECTs on an in-memory database with only
 * functions_register() applied, plus direct calls of
 * functions_version_cmp() for ordering properties.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <sqlite3.h>

#include "sql/functions.h"

/* What a NULL result reads as in the expectations below. */
#define NUL_RESULT "<NULL>"

/*
 * Runs sql and copies the first column of its first row (as text, or
 * NUL_RESULT) into out.  Returns 0, or -1 with SQLite's message in out.
 */
static int query1(sqlite3 *db, const char *sql, char *out, size_t outsize)
{
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(out, outsize, "%s", sqlite3_errmsg(db));
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			snprintf(out, outsize, "%s", NUL_RESULT);
		else
			snprintf(out, outsize, "%s",
				 (const char *)sqlite3_column_text(st, 0));
		ret = 0;
	} else if (rc == SQLITE_DONE) {
		snprintf(out, outsize, "no row");
	} else {
		snprintf(out, outsize, "%s", sqlite3_errmsg(db));
	}
out:
	sqlite3_finalize(st);
	return ret;
}

/* sql must give exactly want. */
static void check(sqlite3 *db, const char *sql, const char *want)
{
	char got[4096];

	if (query1(db, sql, got, sizeof(got)) < 0)
		fail_msg("%s: failed: %s", sql, got);
	if (strcmp(got, want) != 0)
		fail_msg("%s: got '%s', want '%s'", sql, got, want);
}

/* sql, which returns no rows, must succeed. */
static void run_ok(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		char msg[1024];

		snprintf(msg, sizeof(msg), "%s", err ? err : "?");
		sqlite3_free(err);
		fail_msg("%s: failed: %s", sql, msg);
	}
}

/* sql must fail with a message that starts with want. */
static void check_error(sqlite3 *db, const char *sql, const char *want)
{
	char got[4096];

	if (query1(db, sql, got, sizeof(got)) == 0)
		fail_msg("%s: succeeded with '%s', want error '%s'", sql, got,
			 want);
	if (strncmp(got, want, strlen(want)) != 0)
		fail_msg("%s: error '%s', want '%s'", sql, got, want);
}

static int setup(void **state)
{
	sqlite3 *db = NULL;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return -1;
	if (functions_register(db) != 0) {
		sqlite3_close(db);
		return -1;
	}
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(*state);
	return 0;
}

/* A test's own database, for tests that change its settings. */
static int setup_own(void **state)
{
	return setup(state);
}

static int teardown_own(void **state)
{
	return teardown(state);
}

static void test_split(void **state)
{
	sqlite3 *db = *state;

	check(db, "SELECT split('192.168.0.1', '.', 1)", "168");
	check(db, "SELECT split('192.168.0.1', '.', 3)", "1");
	/* Every byte of the tokens cuts, and empty pieces are dropped. */
	check(db, "SELECT split('192.168.0.1', '.0', 0)", "192");
	check(db, "SELECT split('192.168.0.1', '.0', 1)", "168");
	check(db, "SELECT split('192.168.0.1', '.0', 2)", "1");
	check(db, "SELECT split('192.168.0.1', '.0', 3)", NUL_RESULT);
	check(db, "SELECT split(',,a,,b,,', ',', 0)", "a");
	check(db, "SELECT split(',,a,,b,,', ',', 1)", "b");
	check(db, "SELECT split('a b\tc', ' \t', 2)", "c");
	/* osquery's documented numeric example. */
	check(db, "SELECT split(500, 1, 0)", "500");
	check(db, "SELECT split(1001, 1, 0)", "00");
	check(db, "SELECT split('abc', ',', 0)", "abc");
	check(db, "SELECT split('a,b', ',', '1')", "b");
	/* Out of range and negative indexes. */
	check(db, "SELECT split('a,b', ',', 2)", NUL_RESULT);
	check(db, "SELECT split('a,b', ',', -1)", NUL_RESULT);
	check(db, "SELECT split('a,b', ',', 9223372036854775807)", NUL_RESULT);
	/* Empty input has no pieces at all; nor has one of only tokens. */
	check(db, "SELECT split('', ',', 0)", NUL_RESULT);
	check(db, "SELECT split(',,,', ',', 0)", NUL_RESULT);
	/* NULL anywhere gives NULL. */
	check(db, "SELECT split(NULL, ',', 0)", NUL_RESULT);
	check(db, "SELECT split('a', NULL, 0)", NUL_RESULT);
	check(db, "SELECT split('a', ',', NULL)", NUL_RESULT);
	check_error(db, "SELECT split('a,b', '', 0)",
		    "split: the tokens must not be empty");
	check_error(db, "SELECT split('a,b', ',')",
		    "wrong number of arguments to function split()");
}

static void test_regex_split(void **state)
{
	sqlite3 *db = *state;

	check(db, "SELECT regex_split('192.168.0.1', '\\.', 1)", "168");
	check(db, "SELECT regex_split('192.168.0.1', '\\.0', 0)", "192.168");
	check(db, "SELECT regex_split('192.168.0.1', '\\.0', 1)", ".1");
	check(db, "SELECT regex_split('a1b22c333', '[0-9]+', 2)", "c");
	/* The piece after the final separator exists, empty. */
	check(db, "SELECT regex_split('a1b22c333', '[0-9]+', 3)", "");
	check(db, "SELECT regex_split('a1b22c333', '[0-9]+', 4)", NUL_RESULT);
	/* Empty pieces are kept, unlike split(). */
	check(db, "SELECT regex_split('a..b', '\\.', 1)", "");
	check(db, "SELECT regex_split('a..b', '\\.', 2)", "b");
	check(db, "SELECT regex_split(',a', ',', 0)", "");
	/* Empty matches cut nothing. */
	check(db, "SELECT regex_split('abc', 'x*', 0)", "abc");
	check(db, "SELECT regex_split('abxxc', 'x*', 1)", "c");
	/* '^' anchors at the start of the string only. */
	check(db, "SELECT regex_split('abab', '^a', 1)", "bab");
	check(db, "SELECT regex_split('abab', '^a', 2)", NUL_RESULT);
	check(db, "SELECT regex_split('', ',', 0)", "");
	check(db, "SELECT regex_split('', ',', 1)", NUL_RESULT);
	check(db, "SELECT regex_split('a,b', ',', -1)", NUL_RESULT);
	check(db, "SELECT regex_split(NULL, ',', 0)", NUL_RESULT);
	check(db, "SELECT regex_split('a', NULL, 0)", NUL_RESULT);
	check(db, "SELECT regex_split('a', ',', NULL)", NUL_RESULT);
	check_error(db, "SELECT regex_split('a(b', '(', 0)",
		    "regex_split: invalid regular expression '(': ");
	check_error(db, "SELECT regex_split('ab', '', 0)",
		    "regex_split: the pattern must not be empty");
}

static void test_regex_match(void **state)
{
	sqlite3 *db = *state;

	check(db, "SELECT regex_match('hello world. Goodbye', "
		  "'(\\w+) \\w+', 0)", "hello world");
	check(db, "SELECT regex_match('hello world. Goodbye', "
		  "'(\\w+) \\w+', 1)", "hello");
	/* No such group. */
	check(db, "SELECT regex_match('hello world. Goodbye', "
		  "'(\\w+) \\w+', 2)", NUL_RESULT);
	check(db, "SELECT regex_match('key=value', '([a-z]+)=([a-z]+)', 2)",
	      "value");
	/* A group that took no part in the match. */
	check(db, "SELECT regex_match('ab', 'a(x)?b', 1)", NUL_RESULT);
	check(db, "SELECT regex_match('ab', 'a(x)?b', 0)", "ab");
	/* A group that matched nothing is empty, not NULL. */
	check(db, "SELECT regex_match('ab', 'a(x*)b', 1)", "");
	/* No match. */
	check(db, "SELECT regex_match('abc', '[0-9]+', 0)", NUL_RESULT);
	check(db, "SELECT regex_match('ab', '^b', 0)", NUL_RESULT);
	check(db, "SELECT regex_match('', '^$', 0)", "");
	check(db, "SELECT regex_match('abc', 'b', -1)", NUL_RESULT);
	check(db, "SELECT regex_match(NULL, 'b', 0)", NUL_RESULT);
	check(db, "SELECT regex_match('abc', NULL, 0)", NUL_RESULT);
	check(db, "SELECT regex_match('abc', 'b', NULL)", NUL_RESULT);
	/* A blob pattern is read as text. */
	check(db, "SELECT regex_match('abc', x'5b622d635d2b', 0)", "bc");
	/* A blob subject with a NUL byte is searched whole. */
	check(db, "SELECT hex(regex_match(x'610062', 'b', 0))", "62");
	check_error(db, "SELECT regex_match('abc', 'a[', 0)",
		    "regex_match: invalid regular expression 'a[': ");
	check_error(db, "SELECT regex_match('abc', '*?(', 0)",
		    "regex_match: invalid regular expression '*?(': ");
}

/*
 * A constant pattern is compiled once and reused from the auxdata cache;
 * a pattern that differs row by row is compiled each time.  Both must give
 * the right answers and leak nothing.
 */
static void test_regex_cache(void **state)
{
	sqlite3 *db = *state;

	check(db,
	      "WITH t(x) AS (VALUES ('k1=v1'), ('k2=v2'), ('zz'), ('k3=v3')) "
	      "SELECT group_concat(coalesce(regex_match(x, "
	      "'([a-z0-9]+)=([a-z0-9]+)', 2), '-'), ',') FROM t",
	      "v1,v2,-,v3");
	check(db,
	      "WITH t(x, p) AS (VALUES ('a1', '[0-9]'), ('b2', '[a-z]'), "
	      "('c3', 'x')) "
	      "SELECT group_concat(coalesce(regex_match(x, p, 0), '-'), ',') "
	      "FROM t",
	      "1,b,-");
	check(db,
	      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	      "WHERE i < 500) "
	      "SELECT sum(regex_split('a-' || i || '-b', '-', 1)) FROM n",
	      "125250");
	/* The error row stops the query after good rows were cached. */
	check_error(db,
		    "WITH t(x, p) AS (VALUES ('a', 'a'), ('b', '(')) "
		    "SELECT regex_match(x, p, 0) FROM t ORDER BY x DESC",
		    "regex_match: invalid regular expression '(': ");
}

static void test_concat(void **state)
{
	sqlite3 *db = *state;

	check(db, "SELECT concat('hello', NULL, ' ', 'world')",
	      "hello world");
	check(db, "SELECT concat()", "");
	check(db, "SELECT concat(NULL)", "");
	check(db, "SELECT concat(NULL, NULL)", "");
	check(db, "SELECT concat('', '')", "");
	check(db, "SELECT concat(1, '-', 2.5)", "1-2.5");
	check(db, "SELECT typeof(concat(NULL))", "text");
	check(db, "SELECT concat_ws(' ', 'hello', NULL, 'world')",
	      "hello world");
	check(db, "SELECT concat_ws(', ', 'a', 'b', 'c')", "a, b, c");
	check(db, "SELECT concat_ws('', 'a', 'b')", "ab");
	check(db, "SELECT concat_ws(',')", "");
	check(db, "SELECT concat_ws(',', NULL, NULL)", "");
	check(db, "SELECT concat_ws(',', NULL, 'a', NULL)", "a");
	check(db, "SELECT concat_ws(',', '', 'a')", ",a");
	check(db, "SELECT concat_ws(NULL, 'a', 'b')", NUL_RESULT);
	check(db, "SELECT concat_ws('-', 1, 2)", "1-2");
	check_error(db, "SELECT concat_ws()", "concat_ws: needs a separator");
}

/*
 * Results past SQLITE_LIMIT_LENGTH fail instead of growing without end.
 * Runs on a database of its own (see setup_own), as it lowers the limit.
 */
static void test_length_limit(void **state)
{
	sqlite3 *db = *state;

	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 100);
	check(db, "SELECT length(concat(printf('%.49c', 'x'), "
		  "printf('%.50c', 'y')))", "99");
	check_error(db, "SELECT concat(printf('%.60c', 'x'), "
			"printf('%.60c', 'y'))", "string or blob too big");
	check_error(db, "SELECT concat_ws(',', printf('%.50c', 'x'), "
			"printf('%.50c', 'y'))", "string or blob too big");
	check(db, "SELECT length(to_base64(printf('%.75c', 'x')))", "100");
	check_error(db, "SELECT to_base64(printf('%.90c', 'x'))",
		    "string or blob too big");
}

static void test_digests(void **state)
{
	sqlite3 *db = *state;

	check(db, "SELECT md5('abc')", "900150983cd24fb0d6963f7d28e17f72");
	check(db, "SELECT sha1('abc')",
	      "a9993e364706816aba3e25717850c26c9cd0d89d");
	check(db, "SELECT sha256('abc')",
	      "ba7816bf8f01cfea414140de5dae2223"
	      "b00361a396177a9cb410ff61f20015ad");
	check(db, "SELECT md5('')", "d41d8cd98f00b204e9800998ecf8427e");
	check(db, "SELECT sha1('')",
	      "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	check(db, "SELECT sha256('')",
	      "e3b0c44298fc1c149afbf4c8996fb924"
	      "27ae41e4649b934ca495991b7852b855");
	/* A blob is hashed as its bytes, NUL included. */
	check(db, "SELECT sha1(x'00')",
	      "5ba93c9db0cff93f52b521d7420e43f6eda2784f");
	/* A number is hashed as its text. */
	check(db, "SELECT md5(123) = md5('123')", "1");
	check(db, "SELECT md5(NULL)", NUL_RESULT);
	check(db, "SELECT sha1(NULL)", NUL_RESULT);
	check(db, "SELECT sha256(NULL)", NUL_RESULT);
	check_error(db, "SELECT sha256('a', 'b')",
		    "wrong number of arguments to function sha256()");
}

static void test_base64(void **state)
{
	sqlite3 *db = *state;

	check(db, "SELECT to_base64('CPU0')", "Q1BVMA==");
	check(db, "SELECT to_base64('')", "");
	check(db, "SELECT to_base64('a')", "YQ==");
	check(db, "SELECT to_base64('ab')", "YWI=");
	check(db, "SELECT to_base64('abc')", "YWJj");
	check(db, "SELECT to_base64(x'fbff')", "+/8=");
	check(db, "SELECT to_base64(NULL)", NUL_RESULT);
	check(db, "SELECT from_base64('Q1BVMA==')", "CPU0");
	check(db, "SELECT from_base64('YQ==')", "a");
	check(db, "SELECT from_base64('YWI=')", "ab");
	check(db, "SELECT from_base64('YWJj')", "abc");
	check(db, "SELECT hex(from_base64('+/8='))", "FBFF");
	/* Padding may be left out; white space (line wrapping) is skipped. */
	check(db, "SELECT from_base64('YQ')", "a");
	check(db, "SELECT from_base64('YWI')", "ab");
	check(db, "SELECT from_base64('YWJj' || char(10) || 'ZA==' || "
		  "char(13, 10))", "abcd");
	check(db, "SELECT from_base64('')", "");
	check(db, "SELECT from_base64(NULL)", NUL_RESULT);
	/* Not base64. */
	check(db, "SELECT from_base64('Y')", NUL_RESULT);
	check(db, "SELECT from_base64('YWJjZ')", NUL_RESULT);
	check(db, "SELECT from_base64('Q1BV!A==')", NUL_RESULT);
	check(db, "SELECT from_base64('YQ=')", NUL_RESULT);
	check(db, "SELECT from_base64('YQ===')", NUL_RESULT);
	check(db, "SELECT from_base64('YWI==')", NUL_RESULT);
	check(db, "SELECT from_base64('YWJj=')", NUL_RESULT);
	check(db, "SELECT from_base64('YQ==YQ==')", NUL_RESULT);
	check(db, "SELECT from_base64('=')", NUL_RESULT);
	check(db, "SELECT from_base64('Y-_=')", NUL_RESULT);
	/* Decoded bytes come back whole, NULs included. */
	check(db, "SELECT hex(from_base64(to_base64(x'00ff0010')))",
	      "00FF0010");
}

/*
 * Round trips of every length up to 300 over all byte values, checked
 * against OpenSSL's own encoder.
 */
static void test_base64_round_trip(void **state)
{
	sqlite3 *db = *state;
	unsigned char in[300];
	unsigned char want[4 * sizeof(in) / 3 + 8];
	sqlite3_stmt *st = NULL;

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 7 + 3);
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT to_base64(?1), hex(from_base64(to_base64(?1))) = "
		"hex(?1)", -1, &st, NULL), SQLITE_OK);
	for (size_t n = 0; n <= sizeof(in); n++) {
		int wlen = EVP_EncodeBlock(want, in, (int)n);

		sqlite3_reset(st);
		assert_int_equal(sqlite3_bind_blob(st, 1, in, (int)n,
						   SQLITE_STATIC), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_bytes(st, 0), wlen);
		assert_memory_equal(sqlite3_column_text(st, 0), want,
				    (size_t)wlen);
		assert_int_equal(sqlite3_column_int(st, 1), 1);
	}
	sqlite3_finalize(st);
}

static void test_version_compare(void **state)
{
	sqlite3 *db = *state;

	check(db, "SELECT version_compare('1.0', '1.0')", "0");
	check(db, "SELECT version_compare('1.0', '1.0.1')", "-1");
	check(db, "SELECT version_compare('1.0.1', '1.0')", "1");
	check(db, "SELECT version_compare('1:0.9', '2.0')", "1");
	check(db, "SELECT version_compare('1.0~rc1', '1.0')", "-1");
	check(db, "SELECT version_compare('1.0~rc1', '1.0~rc2')", "-1");
	check(db, "SELECT version_compare('1.0~~', '1.0~')", "-1");
	check(db, "SELECT version_compare('2.0-1', '2.0-2')", "-1");
	check(db, "SELECT version_compare('2.0-10', '2.0-9')", "1");
	check(db, "SELECT version_compare('1.10', '1.9')", "1");
	check(db, "SELECT version_compare('1.01', '1.1')", "0");
	check(db, "SELECT version_compare('1.0', '1.00')", "0");
	/* '~' sorts before the end, which sorts before letters, which sort
	 * before other symbols. */
	check(db, "SELECT version_compare('1.0~', '1.0')", "-1");
	check(db, "SELECT version_compare('1.0', '1.0a')", "-1");
	check(db, "SELECT version_compare('1.0a', '1.0+')", "-1");
	check(db, "SELECT version_compare('1.0+', '1.0.')", "-1");
	check(db, "SELECT version_compare('1.0a', '1.0b')", "-1");
	check(db, "SELECT version_compare('1.0Z', '1.0a')", "-1");
	/* Epochs and revisions. */
	check(db, "SELECT version_compare('0:1.0', '1.0')", "0");
	check(db, "SELECT version_compare('10:1', '9:1')", "1");
	check(db, "SELECT version_compare('1:1.0', '1:1.0-0')", "0");
	check(db, "SELECT version_compare('1.0', '1.0-0')", "0");
	check(db, "SELECT version_compare('1.0-1', '1.0')", "1");
	/* Only the last '-' starts the revision. */
	check(db, "SELECT version_compare('1.0-beta-2', '1.0-beta-10')",
	      "-1");
	check(db, "SELECT version_compare('1.0-2-1', '1.0-10-1')", "-1");
	check(db, "SELECT version_compare('22.07.5-2ubuntu1.3', "
		  "'22.07.5-2ubuntu1.4')", "-1");
	check(db, "SELECT version_compare('2:8.2.3995-1ubuntu2.9', "
		  "'2:8.2.3995-1ubuntu2.3')", "1");
	check(db, "SELECT version_compare('2.36-9+deb12u4', '2.36-9+deb12u10')",
	      "-1");
	check(db, "SELECT version_compare('3.0.11-1~deb12u2', '3.0.11-1')",
	      "-1");
	/* Digit runs far beyond 64 bits compare as numbers. */
	check(db, "SELECT version_compare("
		  "'1.99999999999999999999999999999999999999', "
		  "'1.100000000000000000000000000000000000000')", "-1");
	check(db, "SELECT version_compare("
		  "'99999999999999999999999999999999999999999999', "
		  "'99999999999999999999999999999999999999999998')", "1");
	check(db, "SELECT version_compare("
		  "'000000000000000000000000000000000000000000001', '1')", "0");
	check(db, "SELECT version_compare("
		  "'123456789012345678901234567890:1', "
		  "'123456789012345678901234567891:0')", "-1");
	/* A colon after non-digits is no epoch. */
	check(db, "SELECT version_compare('abc:1', 'abc:2')", "-1");
	check(db, "SELECT version_compare('', '')", "0");
	check(db, "SELECT version_compare('', '0')", "0");
	check(db, "SELECT version_compare('', '~')", "1");
	check(db, "SELECT version_compare(NULL, '1')", NUL_RESULT);
	check(db, "SELECT version_compare('1', NULL)", NUL_RESULT);
	check(db, "SELECT version_compare(2, 10)", "-1");
	check(db, "SELECT version_compare('1.0', '1.1', 'DPKG')", "-1");
	check(db, "SELECT version_compare('1.0', '1.1', 'dpkg')", "-1");
	check_error(db, "SELECT version_compare('1.0', '1.1', 'RHEL')",
		    "version_compare: unsupported flavor 'RHEL'");
}

static void test_version_collation(void **state)
{
	sqlite3 *db = *state;

	check(db, "SELECT '1.10' > '1.9' COLLATE VERSION", "1");
	check(db, "SELECT '1.0' = '1.00' COLLATE VERSION", "1");
	check(db, "SELECT '1.0~rc1' < '1.0' COLLATE version", "1");
	check(db, "SELECT '1:2.0-10' = '1:2.0-10' COLLATE VERSION_DPKG", "1");
	run_ok(db, "CREATE TEMP TABLE v(x TEXT COLLATE VERSION)");
	run_ok(db, "INSERT INTO v VALUES ('2.0-2'), ('1.10'), ('1:0.9'), "
		   "('1.0'), ('1.0.1'), ('1.9'), ('2.0-1'), ('1.0~rc1'), "
		   "('1.0~beta')");
	check(db, "SELECT group_concat(x, ' ') FROM (SELECT x FROM v "
		  "ORDER BY x)",
	      "1.0~beta 1.0~rc1 1.0 1.0.1 1.9 1.10 2.0-1 2.0-2 1:0.9");
	check(db, "SELECT max(x) FROM v", "1:0.9");
	check(db, "SELECT count(*) FROM v WHERE x > '1.9'", "4");
	run_ok(db, "CREATE INDEX v_x ON v(x)");
	check(db, "SELECT group_concat(x, ' ') FROM (SELECT x FROM v "
		  "WHERE x BETWEEN '1.0' AND '1.10' ORDER BY x)",
	      "1.0 1.0.1 1.9 1.10");
	run_ok(db, "DROP TABLE v");
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

/*
 * A collation must be a total order: antisymmetric and transitive, or
 * SQLite's sorting and indexes go wrong.  Checked over every pair and
 * triple of a set of awkward versions.
 */
static void test_version_order_properties(void **state)
{
	static const char *const v[] = {
		"", "0", "~", "~~", "~a", "a", "A", "1", "1.0", "1.00", "1.0~",
		"1.0~rc1", "1.0a", "1.0+", "1.0.", "1.0-1", "1.0-0", "1:1.0",
		"0:1.0", "1.0-1~", "abc:1", ":1", "1-", "-1", "1:", "00:00",
		"2.0", "10", "9", "1a1", "1a01", "1.9", "1.10", "..", "+",
		"\xc3\xa9", "1.0\xc3\xa9",
	};
	size_t n = sizeof(v) / sizeof(v[0]);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		size_t li = strlen(v[i]);

		assert_int_equal(functions_version_cmp(v[i], li, v[i], li), 0);
		for (size_t j = 0; j < n; j++) {
			size_t lj = strlen(v[j]);
			int ij, ji;

			ij = sign(functions_version_cmp(v[i], li, v[j], lj));
			ji = sign(functions_version_cmp(v[j], lj, v[i], li));

			if (ij != -ji)
				fail_msg("'%s' vs '%s': %d and %d", v[i], v[j],
					 ij, ji);
			for (size_t k = 0; k < n; k++) {
				size_t lk = strlen(v[k]);
				int jk = sign(functions_version_cmp(v[j], lj,
								    v[k], lk));
				int ik = sign(functions_version_cmp(v[i], li,
								    v[k], lk));

				if (ij <= 0 && jk <= 0 && ik > 0)
					fail_msg("'%s' <= '%s' <= '%s' but "
						 "'%s' > '%s'", v[i], v[j],
						 v[k], v[i], v[k]);
			}
		}
	}
	/* Lengths are honoured: bytes past them are not read. */
	assert_true(functions_version_cmp("1.0X", 3, "1.0", 3) == 0);
	assert_true(functions_version_cmp("1.0~", 3, "1.0", 3) == 0);
	/* Embedded NUL bytes are just bytes. */
	assert_true(functions_version_cmp("1\0" "2", 3, "1\0" "3", 3) < 0);
	assert_true(functions_version_cmp(NULL, 0, "", 0) == 0);
}

static void test_in_cidr_block(void **state)
{
	sqlite3 *db = *state;

	check(db, "SELECT in_cidr_block('10.0.0.0/8', '10.1.2.3')", "1");
	check(db, "SELECT in_cidr_block('10.0.0.0/8', '11.0.0.0')", "0");
	check(db, "SELECT in_cidr_block('10.0.0.0/8', '9.255.255.255')", "0");
	check(db, "SELECT in_cidr_block('10.0.0.0/8', '10.0.0.0')", "1");
	check(db, "SELECT in_cidr_block('10.0.0.0/8', '10.255.255.255')", "1");
	check(db, "SELECT in_cidr_block('10.0.0.0/26', '10.0.0.24')", "1");
	check(db, "SELECT in_cidr_block('10.0.0.0/26', '10.0.0.64')", "0");
	check(db, "SELECT in_cidr_block('192.168.1.0/23', '192.168.0.255')",
	      "1");
	check(db, "SELECT in_cidr_block('192.168.1.0/23', '192.168.2.0')",
	      "0");
	/* Host bits in the block are masked off. */
	check(db, "SELECT in_cidr_block('10.9.9.9/8', '10.0.0.1')", "1");
	/* /0 holds everything of its family; /32 and /128 one address. */
	check(db, "SELECT in_cidr_block('0.0.0.0/0', '8.8.8.8')", "1");
	check(db, "SELECT in_cidr_block('0.0.0.0/0', '255.255.255.255')",
	      "1");
	check(db, "SELECT in_cidr_block('1.2.3.4/32', '1.2.3.4')", "1");
	check(db, "SELECT in_cidr_block('1.2.3.4/32', '1.2.3.5')", "0");
	check(db, "SELECT in_cidr_block('1.2.3.4/31', '1.2.3.5')", "1");
	check(db, "SELECT in_cidr_block('fe80::/10', 'fe80::1')", "1");
	check(db, "SELECT in_cidr_block('fe80::/10', 'febf:ffff::1')", "1");
	check(db, "SELECT in_cidr_block('fe80::/10', 'fec0::1')", "0");
	check(db, "SELECT in_cidr_block('2001:db8::/48', "
		  "'2001:db8:0:ffff:ffff:ffff:ffff:ffff')", "1");
	check(db, "SELECT in_cidr_block('2001:db8::/48', '2001:db8:1::')",
	      "0");
	check(db, "SELECT in_cidr_block('::/0', '2001:db8::1')", "1");
	check(db, "SELECT in_cidr_block('2001:db8::1/128', '2001:db8::1')",
	      "1");
	check(db, "SELECT in_cidr_block('2001:db8::1/128', '2001:db8::2')",
	      "0");
	check(db, "SELECT in_cidr_block('::ffff:0:0/96', "
		  "'::ffff:10.0.0.1')", "1");
	/* The families must agree, even for IPv4-mapped addresses. */
	check(db, "SELECT in_cidr_block('10.0.0.0/8', '::ffff:10.0.0.1')",
	      "0");
	check(db, "SELECT in_cidr_block('::ffff:0:0/96', '10.0.0.1')", "0");
	check(db, "SELECT in_cidr_block('0.0.0.0/0', '::')", "0");
	check(db, "SELECT in_cidr_block('::/0', '0.0.0.0')", "0");
	check(db, "SELECT in_cidr_block(NULL, '10.0.0.1')", NUL_RESULT);
	check(db, "SELECT in_cidr_block('10.0.0.0/8', NULL)", NUL_RESULT);
	/* Malformed blocks and addresses fail the query. */
	check_error(db, "SELECT in_cidr_block('10.0.0.0/33', '10.0.0.1')",
		    "in_cidr_block: invalid CIDR block '10.0.0.0/33'");
	check_error(db, "SELECT in_cidr_block('fe80::/129', 'fe80::1')",
		    "in_cidr_block: invalid CIDR block 'fe80::/129'");
	check_error(db, "SELECT in_cidr_block('10.0.0.0', '10.0.0.1')",
		    "in_cidr_block: invalid CIDR block '10.0.0.0'");
	check_error(db, "SELECT in_cidr_block('10.0.0.0/', '10.0.0.1')",
		    "in_cidr_block: invalid CIDR block '10.0.0.0/'");
	check_error(db, "SELECT in_cidr_block('10.0.0.0/-1', '10.0.0.1')",
		    "in_cidr_block: invalid CIDR block '10.0.0.0/-1'");
	check_error(db, "SELECT in_cidr_block('10.0.0.0/8x', '10.0.0.1')",
		    "in_cidr_block: invalid CIDR block '10.0.0.0/8x'");
	check_error(db, "SELECT in_cidr_block('10.0.0.0/0008', '10.0.0.1')",
		    "in_cidr_block: invalid CIDR block '10.0.0.0/0008'");
	check_error(db, "SELECT in_cidr_block('bogus/8', '10.0.0.1')",
		    "in_cidr_block: invalid CIDR block 'bogus/8'");
	check_error(db, "SELECT in_cidr_block('/8', '10.0.0.1')",
		    "in_cidr_block: invalid CIDR block '/8'");
	check_error(db, "SELECT in_cidr_block('', '10.0.0.1')",
		    "in_cidr_block: invalid CIDR block ''");
	check_error(db, "SELECT in_cidr_block('10.0.0.0/8', '10.0.0.256')",
		    "in_cidr_block: invalid IP address '10.0.0.256'");
	check_error(db, "SELECT in_cidr_block('10.0.0.0/8', '')",
		    "in_cidr_block: invalid IP address ''");
	check_error(db, "SELECT in_cidr_block('10.0.0.0/8', '10.0.0.1/32')",
		    "in_cidr_block: invalid IP address '10.0.0.1/32'");
	check_error(db, "SELECT in_cidr_block('fe80::/10', 'fe80::1::2')",
		    "in_cidr_block: invalid IP address 'fe80::1::2'");
}

static void test_inet_aton(void **state)
{
	sqlite3 *db = *state;

	check(db, "SELECT inet_aton('1.2.3.4')", "16909060");
	check(db, "SELECT inet_aton('1.0.1.5')", "16777477");
	check(db, "SELECT inet_aton('0.0.0.0')", "0");
	check(db, "SELECT inet_aton('255.255.255.255')", "4294967295");
	check(db, "SELECT typeof(inet_aton('10.0.0.1'))", "integer");
	check(db, "SELECT inet_aton('::1')", NUL_RESULT);
	check(db, "SELECT inet_aton('1.2.3')", NUL_RESULT);
	check(db, "SELECT inet_aton('1.2.3.4 ')", NUL_RESULT);
	check(db, "SELECT inet_aton('256.0.0.1')", NUL_RESULT);
	check(db, "SELECT inet_aton('')", NUL_RESULT);
	check(db, "SELECT inet_aton(NULL)", NUL_RESULT);
	check(db, "SELECT inet_aton(CAST(x'312e322e332e340078' AS TEXT))",
	      NUL_RESULT);
	/* A blob is read as text, terminated. */
	check(db, "SELECT inet_aton(x'312e322e332e34')", "16909060");
}

/*
 * Every function is deterministic, so SQLite lets it into an index on an
 * expression (which it refuses for non-deterministic functions).
 */
static void test_deterministic(void **state)
{
	sqlite3 *db = *state;

	run_ok(db, "CREATE TEMP TABLE d(x TEXT)");
	run_ok(db, "CREATE INDEX d_i ON d(split(x, ',', 0), "
		   "regex_split(x, ',', 0), regex_match(x, 'a', 0), "
		   "concat(x, x), concat_ws(',', x), md5(x), sha1(x), "
		   "sha256(x), to_base64(x), from_base64(x), "
		   "version_compare(x, '1'), version_compare(x, '1', 'DPKG'), "
		   "inet_aton(x))");
	run_ok(db, "INSERT INTO d VALUES ('1.2.3.4'), ('a,b'), (NULL)");
	check(db, "SELECT count(*) FROM d WHERE md5(x) = md5('a,b')", "1");
	run_ok(db, "DROP TABLE d");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_regex_split),
		cmocka_unit_test(test_regex_match),
		cmocka_unit_test(test_regex_cache),
		cmocka_unit_test(test_concat),
		cmocka_unit_test_setup_teardown(test_length_limit, setup_own,
						teardown_own),
		cmocka_unit_test(test_digests),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_base64_round_trip),
		cmocka_unit_test(test_version_compare),
		cmocka_unit_test(test_version_collation),
		cmocka_unit_test(test_version_order_properties),
		cmocka_unit_test(test_in_cidr_block),
		cmocka_unit_test(test_inet_aton),
		cmocka_unit_test(test_deterministic),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
