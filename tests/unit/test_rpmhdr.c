/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_rpmhdr.c: the rpm header reader on headers built here by hand, as
 * rpm stores them in rpmdb.sqlite, and on hostile ones: blobs shorter than
 * their framing, entry counts past rpm's limits or past the blob, offsets
 * and counts out of the data store, misaligned integers, strings with no
 * terminating NUL, and entries of the wrong type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/rpmhdr.h"

/* A header under construction: index entries and a data store. */
struct hb {
	unsigned char idx[16 * 64];
	unsigned char data[8192];
	uint32_t il, dl;
};

static char err[128];

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void entry(struct hb *h, uint32_t tag, uint32_t type, uint32_t off,
		  uint32_t count)
{
	unsigned char *e = h->idx + 16 * h->il++;

	assert_true(h->il <= 64);
	put32(e, tag);
	put32(e + 4, type);
	put32(e + 8, off);
	put32(e + 12, count);
}

/* Appends n bytes to the data store at an offset aligned to align;
 * returns the offset. */
static uint32_t data(struct hb *h, const void *p, size_t n, size_t align)
{
	uint32_t off;

	while (h->dl % align)
		h->data[h->dl++] = 0;
	off = h->dl;
	assert_true(h->dl + n <= sizeof(h->data));
	memcpy(h->data + h->dl, p, n);
	h->dl += (uint32_t)n;
	return off;
}

static void add_string(struct hb *h, uint32_t tag, const char *s)
{
	entry(h, tag, RPMHDR_STRING, data(h, s, strlen(s) + 1, 1), 1);
}

static void add_int32(struct hb *h, uint32_t tag, uint32_t v)
{
	unsigned char b[4];

	put32(b, v);
	entry(h, tag, RPMHDR_INT32, data(h, b, 4, 4), 1);
}

/* The blob of a header, in out (at least 8 + 16 * il + dl bytes). */
static size_t blob(const struct hb *h, unsigned char *out)
{
	put32(out, h->il);
	put32(out + 4, h->dl);
	memcpy(out + 8, h->idx, 16 * (size_t)h->il);
	memcpy(out + 8 + 16 * (size_t)h->il, h->data, h->dl);
	return 8 + 16 * (size_t)h->il + h->dl;
}

static unsigned char buf[16 * 64 + 8192 + 64];

/* Builds the blob of h and checks it in. */
static size_t init(struct rpmhdr *r, const struct hb *h)
{
	size_t n = blob(h, buf);

	assert_int_equal(rpmhdr_init(r, buf, n, err, sizeof(err)), 0);
	return n;
}

static void assert_str(const struct rpmhdr *r, uint32_t tag, const char *want)
{
	const char *s = NULL;
	long n = rpmhdr_string(r, tag, &s);

	if (!want) {
		assert_int_equal(n, -1);
		return;
	}
	assert_int_equal(n, (long)strlen(want));
	assert_memory_equal(s, want, strlen(want));
	assert_int_equal(s[n], '\0');
}

static void test_valid(void **state)
{
	struct hb h;
	struct rpmhdr r;
	unsigned char big[8] = { 0, 0, 0, 1, 0x2a, 0x05, 0xf2, 0x00 };
	unsigned char i16[2] = { 0x01, 0x02 };
	uint64_t v;
	static const char i18n[] = "System Environment/Shells\0Système";
	static const char arr[] = "first\0second\0";

	(void)state;
	memset(&h, 0, sizeof(h));
	/* A region tag first, as rpm writes it: opaque bytes. */
	entry(&h, 63, RPMHDR_BIN, data(&h, "0123456789abcdef", 16, 1), 16);
	add_string(&h, RPMTAG_NAME, "bash");
	add_string(&h, RPMTAG_VERSION, "5.1.8");
	add_string(&h, RPMTAG_RELEASE, "9.el9");
	add_int32(&h, RPMTAG_SIZE, 7738316);
	add_int32(&h, RPMTAG_INSTALLTIME, 0xfffffff0u);
	entry(&h, RPMTAG_LONGSIZE, RPMHDR_INT64, data(&h, big, 8, 8), 1);
	entry(&h, RPMTAG_GROUP, RPMHDR_I18NSTRING,
	      data(&h, i18n, sizeof(i18n), 1), 2);
	entry(&h, 5000, RPMHDR_STRING_ARRAY, data(&h, arr, sizeof(arr) - 1, 1),
	      2);
	entry(&h, 5001, RPMHDR_INT16, data(&h, i16, 2, 2), 1);
	entry(&h, 5002, RPMHDR_CHAR, data(&h, "A", 1, 1), 1);
	init(&r, &h);

	assert_str(&r, RPMTAG_NAME, "bash");
	assert_str(&r, RPMTAG_VERSION, "5.1.8");
	assert_str(&r, RPMTAG_RELEASE, "9.el9");
	assert_str(&r, RPMTAG_GROUP, "System Environment/Shells");
	assert_str(&r, 5000, "first");
	assert_str(&r, RPMTAG_EPOCH, NULL);
	assert_int_equal(rpmhdr_number(&r, RPMTAG_SIZE, &v), 0);
	assert_true(v == 7738316);
	assert_int_equal(rpmhdr_number(&r, RPMTAG_INSTALLTIME, &v), 0);
	assert_true(v == 0xfffffff0u);
	assert_int_equal(rpmhdr_number(&r, RPMTAG_LONGSIZE, &v), 0);
	assert_true(v == 5000000000ull);
	assert_int_equal(rpmhdr_number(&r, 5001, &v), 0);
	assert_true(v == 0x0102);
	assert_int_equal(rpmhdr_number(&r, 5002, &v), 0);
	assert_true(v == 'A');
	/* The wrong kind of value for the call. */
	assert_int_equal(rpmhdr_number(&r, RPMTAG_NAME, &v), -1);
	assert_int_equal(rpmhdr_number(&r, 63, &v), -1);
	assert_str(&r, RPMTAG_SIZE, NULL);
	assert_str(&r, 63, NULL);
	assert_int_equal(rpmhdr_number(&r, RPMTAG_EPOCH, &v), -1);
}

static void refused(const void *b, size_t n, const char *why)
{
	struct rpmhdr r;
	const char *s;

	err[0] = '\0';
	assert_int_equal(rpmhdr_init(&r, b, n, err, sizeof(err)), -1);
	assert_string_equal(err, why);
	/* A refused header reads as empty. */
	assert_int_equal(rpmhdr_string(&r, RPMTAG_NAME, &s), -1);
}

static void test_framing(void **state)
{
	struct rpmhdr r;
	struct hb h;
	unsigned char b[64];
	size_t n;

	(void)state;
	refused(NULL, 0, "blob too short");
	refused("\0\0\0\1", 4, "blob too short");
	refused("\0\0\0\1\0\0\0", 7, "blob too short");

	/* No entries at all. */
	put32(b, 0);
	put32(b + 4, 0);
	refused(b, 8, "too many index entries");
	/* Counts past rpm's limits, which would overflow a 32-bit sum. */
	put32(b, 0xffffffffu);
	refused(b, 8, "too many index entries");
	put32(b, 0x10000);
	refused(b, 8, "too many index entries");
	put32(b, 1);
	put32(b + 4, 0xffffffffu);
	refused(b, 8, "data store too large");
	put32(b + 4, 0x10000000u);
	refused(b, 8, "data store too large");

	/* Counts past the end of the blob, and short of it. */
	memset(&h, 0, sizeof(h));
	add_string(&h, RPMTAG_NAME, "bash");
	n = blob(&h, buf);
	refused(buf, n - 1, "blob size does not match its header");
	refused(buf, n + 1, "blob size does not match its header");
	put32(buf, 2);
	refused(buf, n, "blob size does not match its header");
	put32(buf, 1);
	put32(buf + 4, h.dl + 1);
	refused(buf, n, "blob size does not match its header");
	put32(buf + 4, h.dl);
	assert_int_equal(rpmhdr_init(&r, buf, n, err, sizeof(err)), 0);
}

static void test_hostile_entries(void **state)
{
	struct hb h;
	struct rpmhdr r;
	uint64_t v;

	(void)state;
	memset(&h, 0, sizeof(h));
	add_string(&h, RPMTAG_NAME, "ok");
	/* A string whose offset is past the data store. */
	entry(&h, RPMTAG_VERSION, RPMHDR_STRING, 0x7fffffff, 1);
	/* A STRING entry claiming two strings, and one claiming none. */
	entry(&h, RPMTAG_VENDOR, RPMHDR_STRING, 0, 2);
	entry(&h, RPMTAG_ARCH, RPMHDR_STRING, 0, 0);
	/* An array of numbers running past the end. */
	add_int32(&h, RPMTAG_SIZE, 1);
	entry(&h, RPMTAG_EPOCH, RPMHDR_INT32, h.dl - 4, 2);
	/* Counts so large that count * size overflows 32 bits. */
	entry(&h, RPMTAG_INSTALLTIME, RPMHDR_INT32, 0, 0x40000001u);
	entry(&h, RPMTAG_LONGSIZE, RPMHDR_INT64, 0, 0x20000001u);
	/* Misaligned numbers. */
	entry(&h, 5001, RPMHDR_INT32, 1, 1);
	entry(&h, 5002, RPMHDR_INT16, 1, 1);
	/* Offsets at and past the end for numbers. */
	entry(&h, 5003, RPMHDR_INT32, h.dl, 1);
	entry(&h, 5004, RPMHDR_INT8, 0xffffffffu, 1);
	/* Unknown types, and a number with a count of 0. */
	entry(&h, 5005, 10, 0, 1);
	entry(&h, 5006, 0xffffffffu, 0, 1);
	entry(&h, 5007, RPMHDR_INT32, 0, 0);
	entry(&h, 5008, RPMHDR_NULL, 0, 1);
	/* The string array's first string runs off the end. */
	entry(&h, 5009, RPMHDR_STRING_ARRAY, h.dl - 1, 1);
	/* Last in the store: a string with no terminating NUL. */
	entry(&h, RPMTAG_RELEASE, RPMHDR_STRING, data(&h, "abc", 3, 1), 1);
	init(&r, &h);

	assert_str(&r, RPMTAG_NAME, "ok");
	assert_str(&r, RPMTAG_VERSION, NULL);
	assert_str(&r, RPMTAG_RELEASE, NULL);
	assert_str(&r, RPMTAG_VENDOR, NULL);
	assert_str(&r, RPMTAG_ARCH, NULL);
	assert_str(&r, 5005, NULL);
	assert_str(&r, 5006, NULL);
	assert_str(&r, 5008, NULL);
	assert_str(&r, 5009, NULL);
	assert_int_equal(rpmhdr_number(&r, RPMTAG_SIZE, &v), 0);
	assert_true(v == 1);
	assert_int_equal(rpmhdr_number(&r, RPMTAG_EPOCH, &v), -1);
	assert_int_equal(rpmhdr_number(&r, RPMTAG_INSTALLTIME, &v), -1);
	assert_int_equal(rpmhdr_number(&r, RPMTAG_LONGSIZE, &v), -1);
	assert_int_equal(rpmhdr_number(&r, 5001, &v), -1);
	assert_int_equal(rpmhdr_number(&r, 5002, &v), -1);
	assert_int_equal(rpmhdr_number(&r, 5003, &v), -1);
	assert_int_equal(rpmhdr_number(&r, 5004, &v), -1);
	assert_int_equal(rpmhdr_number(&r, 5005, &v), -1);
	assert_int_equal(rpmhdr_number(&r, 5006, &v), -1);
	assert_int_equal(rpmhdr_number(&r, 5007, &v), -1);
}

/* An empty data store: every value is out of range. */
static void test_empty_store(void **state)
{
	struct hb h;
	struct rpmhdr r;
	uint64_t v;

	(void)state;
	memset(&h, 0, sizeof(h));
	entry(&h, RPMTAG_NAME, RPMHDR_STRING, 0, 1);
	entry(&h, RPMTAG_SIZE, RPMHDR_INT8, 0, 1);
	init(&r, &h);
	assert_str(&r, RPMTAG_NAME, NULL);
	assert_int_equal(rpmhdr_number(&r, RPMTAG_SIZE, &v), -1);
}

/* Every prefix of a valid blob is refused, and every single-byte change
 * is either refused or reads safely (ASan watches the reads). */
static void test_mutations(void **state)
{
	struct hb h;
	struct rpmhdr r;
	unsigned char copy[sizeof(buf)];
	uint32_t tags[] = { RPMTAG_NAME, RPMTAG_VERSION, RPMTAG_SIZE,
			    RPMTAG_GROUP, RPMTAG_LONGSIZE };
	size_t n, i, k, t;
	const char *s;
	uint64_t v;

	(void)state;
	memset(&h, 0, sizeof(h));
	add_string(&h, RPMTAG_NAME, "zlib");
	add_string(&h, RPMTAG_VERSION, "1.2.11");
	add_int32(&h, RPMTAG_SIZE, 200000);
	entry(&h, RPMTAG_GROUP, RPMHDR_I18NSTRING, data(&h, "a\0b", 4, 1), 2);
	n = blob(&h, buf);
	for (i = 0; i < n; i++)
		assert_int_equal(rpmhdr_init(&r, buf, i, NULL, 0), -1);
	for (i = 0; i < n; i++) {
		static const unsigned char vals[] = { 0x00, 0x01, 0x7f, 0x80,
						      0xff };

		for (k = 0; k < sizeof(vals); k++) {
			/* An exact-size copy, so ASan sees any overrun. */
			unsigned char *b = malloc(n);

			assert_non_null(b);
			memcpy(copy, buf, n);
			copy[i] = vals[k];
			memcpy(b, copy, n);
			if (rpmhdr_init(&r, b, n, NULL, 0) == 0) {
				for (t = 0; t < sizeof(tags) / sizeof(tags[0]);
				     t++) {
					if (rpmhdr_string(&r, tags[t], &s) >= 0)
						assert_true(strlen(s) < n);
					rpmhdr_number(&r, tags[t], &v);
				}
			}
			free(b);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_hostile_entries),
		cmocka_unit_test(test_empty_store),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
