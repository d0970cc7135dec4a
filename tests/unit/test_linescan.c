/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_linescan.c: the line scanner behind file_lines on LF and CRLF
 * text, a missing final newline, empty input, lone '\r's and NULs, input
 * fed in pieces (a line split across blocks, a CRLF split between its two
 * bytes), lines cut at the maximum, and a callback that stops the scan;
 * and counting without cutting, which must find the same lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/linescan.h"

/* What the callback saw: "number:text" per line, "|" between, "!" after
 * a cut one. */
static char seen[4096];
static size_t seenlen;
static int stop_at;
static int pause_at; /* pause after this line */

static void reset(void)
{
	memset(seen, 0, sizeof(seen));
	seenlen = 0;
}

static int record(const char *line, size_t len, int64_t number, bool cut,
		  void *arg)
{
	char head[32];
	int k;

	(void)arg;
	k = snprintf(head, sizeof(head), "%s%lld:", seenlen ? "|" : "",
		     (long long)number);
	assert_true(seenlen + (size_t)k + len + 2 < sizeof(seen));
	memcpy(seen + seenlen, head, (size_t)k);
	seenlen += (size_t)k;
	/* The line's bytes as they are, NULs included. */
	memcpy(seen + seenlen, line, len);
	seenlen += len;
	if (cut)
		seen[seenlen++] = '!';
	seen[seenlen] = '\0';
	if (number == stop_at)
		return -1;
	return number == pause_at ? 1 : 0;
}

/* Scans s in one call with eof, cutting at max; returns what was seen. */
static const char *scan(const char *s, size_t len, size_t max)
{
	struct linescan ls;

	reset();
	linescan_init(&ls, max);
	assert_int_equal(linescan_feed(&ls, s, len, true, record, NULL),
			 (ssize_t)len);
	return seen;
}

#define SCAN(s, max) scan((s), sizeof(s) - 1, (max))

static void test_lines(void **state)
{
	(void)state;
	assert_string_equal(SCAN("", 100), "");
	assert_string_equal(SCAN("a\nbb\n", 100), "1:a|2:bb");
	assert_string_equal(SCAN("a\nbb", 100), "1:a|2:bb");
	assert_string_equal(SCAN("\n\n", 100), "1:|2:");
	assert_string_equal(SCAN("a\r\nb\r\n", 100), "1:a|2:b");
	assert_string_equal(SCAN("a\r\nb\r", 100), "1:a|2:b");
	/* Only a '\r' that ends the line goes. */
	assert_string_equal(SCAN("a\rb\n\r\r\n", 100), "1:a\rb|2:\r");
	assert_string_equal(SCAN("\r", 100), "1:");
}

static void test_nul_passed_on(void **state)
{
	struct linescan ls;
	static const char s[] = "a\0b\nc";

	(void)state;
	reset();
	linescan_init(&ls, 100);
	assert_int_equal(linescan_feed(&ls, s, 5, true, record, NULL), 5);
	assert_int_equal(memcmp(seen, "1:a\0b|2:c", 9), 0);
}

static void test_cut(void **state)
{
	(void)state;
	assert_string_equal(SCAN("abcdefgh\nxy\n", 4), "1:abcd!|2:xy");
	assert_string_equal(SCAN("abcd\nabcde\n", 4), "1:abcd|2:abcd!");
	/* The '\r' goes first: "abcd\r" is a line of four. */
	assert_string_equal(SCAN("abcd\r\n", 4), "1:abcd");
	assert_string_equal(SCAN("abcdefgh", 4), "1:abcd!");
	assert_string_equal(SCAN("x", 0), "1:x");
}

static void test_pieces(void **state)
{
	struct linescan ls;
	char buf[64];
	size_t have = 0;
	ssize_t used;

	(void)state;
	reset();
	linescan_init(&ls, 100);
	/* "ab\nc" then "d\r" then "\nef": the caller keeps what is unused. */
	memcpy(buf, "ab\nc", 4);
	have = 4;
	used = linescan_feed(&ls, buf, have, false, record, NULL);
	assert_int_equal(used, 3);
	assert_string_equal(seen, "1:ab");
	have -= (size_t)used;
	memmove(buf, buf + used, have);
	memcpy(buf + have, "d\r", 2);
	have += 2;
	used = linescan_feed(&ls, buf, have, false, record, NULL);
	assert_int_equal(used, 0);
	memcpy(buf + have, "\nef", 3);
	have += 3;
	used = linescan_feed(&ls, buf, have, false, record, NULL);
	assert_int_equal(used, 4);
	assert_string_equal(seen, "1:ab|2:cd");
	have -= (size_t)used;
	memmove(buf, buf + used, have);
	used = linescan_feed(&ls, buf, have, true, record, NULL);
	assert_int_equal(used, 2);
	assert_string_equal(seen, "1:ab|2:cd|3:ef");
}

static void test_cut_across_pieces(void **state)
{
	struct linescan ls;

	(void)state;
	reset();
	linescan_init(&ls, 4);
	/* Four bytes, and a '\r' that may end them: kept. */
	assert_int_equal(linescan_feed(&ls, "abcd", 4, false, record, NULL), 0);
	assert_int_equal(linescan_feed(&ls, "abcd\r", 5, false, record, NULL),
			 0);
	assert_string_equal(seen, "");
	/* Five bytes: the line is cut now, all of it used. */
	assert_int_equal(linescan_feed(&ls, "abcde", 5, false, record, NULL),
			 5);
	assert_string_equal(seen, "1:abcd!");
	/* Its rest is skipped up to the '\n', in however many pieces. */
	assert_int_equal(linescan_feed(&ls, "fgh", 3, false, record, NULL), 3);
	assert_int_equal(linescan_feed(&ls, "ij\nkl\nm", 7, false, record,
				       NULL),
			 6);
	assert_string_equal(seen, "1:abcd!|2:kl");
	assert_int_equal(linescan_feed(&ls, "m", 1, true, record, NULL), 1);
	assert_string_equal(seen, "1:abcd!|2:kl|3:m");
	/* A skip running into the end of the input drops the rest. */
	reset();
	linescan_init(&ls, 2);
	assert_int_equal(linescan_feed(&ls, "abcdef", 6, false, record, NULL),
			 6);
	assert_int_equal(linescan_feed(&ls, "gh", 2, true, record, NULL), 2);
	assert_string_equal(seen, "1:ab!");
}

static void test_stop(void **state)
{
	struct linescan ls;

	(void)state;
	reset();
	stop_at = 2;
	linescan_init(&ls, 100);
	assert_int_equal(linescan_feed(&ls, "a\nb\nc\n", 6, true, record, NULL),
			 -1);
	assert_string_equal(seen, "1:a|2:b");
	reset();
	stop_at = 1;
	linescan_init(&ls, 2);
	assert_int_equal(linescan_feed(&ls, "abc", 3, false, record, NULL), -1);
	stop_at = 0;
}

static void test_pause(void **state)
{
	static const char text[] = "a\r\nbb\ncc";
	struct linescan ls;
	size_t off = 0;

	(void)state;
	reset();
	linescan_init(&ls, 100);
	/* Paused after line 1: used up to and with its "\r\n". */
	pause_at = 1;
	assert_int_equal(linescan_feed(&ls, text, 9, true, record, NULL), 3);
	assert_string_equal(seen, "1:a");
	off = 3;
	/* Fed again with what was left, it goes on from line 2. */
	pause_at = 2;
	assert_int_equal(linescan_feed(&ls, text + off, 9 - off, true, record,
				       NULL),
			 3);
	off += 3;
	assert_string_equal(seen, "1:a|2:bb");
	/* A pause on the last line, at the end of the input, uses it all. */
	pause_at = 3;
	assert_int_equal(linescan_feed(&ls, text + off, 9 - off, true, record,
				       NULL),
			 3);
	assert_string_equal(seen, "1:a|2:bb|3:cc");
	assert_int_equal(linescan_feed(&ls, "", 0, true, record, NULL), 0);
	assert_string_equal(seen, "1:a|2:bb|3:cc");
	pause_at = 0;
}

/* Counts s in one call with eof, cutting at max. */
static int64_t count(const char *s, size_t len, size_t max)
{
	struct linescan ls;
	int64_t n;

	linescan_init(&ls, max);
	n = linescan_count(&ls, s, len, true);
	assert_int_equal(ls.number, n);
	return n;
}

#define COUNT(s, max) count((s), sizeof(s) - 1, (max))

static void test_count(void **state)
{
	static char big[10000];
	struct linescan ls;
	size_t i;

	(void)state;
	assert_int_equal(COUNT("", 100), 0);
	assert_int_equal(COUNT("a\nb\n", 100), 2);
	assert_int_equal(COUNT("a\r\nb", 100), 2);
	assert_int_equal(COUNT("\n\n\n", 100), 3);
	/* A lone '\r' at the end is a last (empty) line, as it is cut. */
	assert_int_equal(COUNT("a\n\r", 100), 2);
	assert_int_equal(COUNT("abcdefgh\nxy\n", 4), 2);
	/* Past sixteen bytes the count is a vector's; past 255 vectors a
	 * lane would wrap: a newline every 7th byte of 10,000. */
	for (i = 0; i < sizeof(big); i++)
		big[i] = i % 7 == 6 ? '\n' : 'x';
	assert_int_equal(count(big, sizeof(big), 100), 1428 + 1);
	assert_int_equal(count(big + 3, 32, 100), 5);
	assert_int_equal(count(big + 3, 33, 100), 6);
	/* In pieces, as test_cut_across_pieces feeds them: "abcd" and a '\r'
	 * wait, the fifth byte cuts the line, its rest is skipped. */
	linescan_init(&ls, 4);
	assert_int_equal(linescan_count(&ls, "abcd", 4, false), 0);
	assert_int_equal(linescan_count(&ls, "\r", 1, false), 0);
	assert_int_equal(linescan_count(&ls, "e", 1, false), 1);
	assert_int_equal(linescan_count(&ls, "fgh", 3, false), 0);
	assert_int_equal(linescan_count(&ls, "ij\nkl\nm", 7, false), 1);
	assert_int_equal(linescan_count(&ls, "", 0, false), 0);
	assert_int_equal(linescan_count(&ls, "m", 1, true), 1);
	assert_int_equal(ls.number, 3);
	/* Stopped short of eof, an unfinished line is not counted... */
	linescan_init(&ls, 4);
	assert_int_equal(linescan_count(&ls, "ab\ncd", 6, false), 1);
	assert_int_equal(ls.number, 1);
	/* ...unless it was already cut. */
	linescan_init(&ls, 2);
	assert_int_equal(linescan_count(&ls, "ab\ncde", 7, false), 2);
	assert_int_equal(linescan_count(&ls, "gh", 2, true), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_nul_passed_on),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_cut_across_pieces),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_pause),
		cmocka_unit_test(test_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
