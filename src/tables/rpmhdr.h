/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rpmhdr: a reader of rpm package headers, as rpm keeps them in the blob
 * column of its database's Packages table (rpmdb.sqlite).
 *
 * A header blob is, in network byte order:
 *   uint32 il                 number of index entries
 *   uint32 dl                 size of the data store in bytes
 *   il x { int32 tag, uint32 type, int32 offset, uint32 count }
 *   dl bytes of data          the values the entries point into
 * (the 8-byte magic of a header inside a package file is not stored in
 * the database).  Strings are NUL-terminated in the data store; a STRING
 * entry holds one, STRING_ARRAY and I18NSTRING entries hold count of them
 * back to back; integers are big-endian and aligned to their size.
 *
 * The reader is pure (no I/O, no allocation) and trusts nothing: the blob
 * must be exactly 8 + 16 * il + dl bytes with il and dl under rpm's own
 * limits, and every value is checked when it is read: its offset inside
 * the data store, its count of items inside it, integer alignment, and a
 * terminating NUL for each string.  A malformed entry reads as absent.
 */
#ifndef VIGIL_RPMHDR_H
#define VIGIL_RPMHDR_H

#include <stddef.h>
#include <stdint.h>

/* rpm's limits on one header (hdrchkTags, hdrchkData). */
#define RPMHDR_MAX_TAGS 0x0000ffffu
#define RPMHDR_MAX_DATA 0x0fffffffu

/* Entry types. */
enum rpmhdr_type {
	RPMHDR_NULL = 0,
	RPMHDR_CHAR = 1,
	RPMHDR_INT8 = 2,
	RPMHDR_INT16 = 3,
	RPMHDR_INT32 = 4,
	RPMHDR_INT64 = 5,
	RPMHDR_STRING = 6,
	RPMHDR_BIN = 7,
	RPMHDR_STRING_ARRAY = 8,
	RPMHDR_I18NSTRING = 9,
};

/* The tags the rpm_packages table reads. */
enum rpmhdr_tag {
	RPMTAG_SHA1HEADER = 269,
	RPMTAG_NAME = 1000,
	RPMTAG_VERSION = 1001,
	RPMTAG_RELEASE = 1002,
	RPMTAG_EPOCH = 1003,
	RPMTAG_SUMMARY = 1004,
	RPMTAG_INSTALLTIME = 1008,
	RPMTAG_SIZE = 1009,
	RPMTAG_VENDOR = 1011,
	RPMTAG_GROUP = 1016,
	RPMTAG_ARCH = 1022,
	RPMTAG_SOURCERPM = 1044,
	RPMTAG_LONGSIZE = 5009,
};

/* A checked header: pointers into the caller's blob, which must outlive it. */
struct rpmhdr {
	const unsigned char *index; /* il entries of 16 bytes */
	const unsigned char *data;  /* dl bytes */
	uint32_t il;
	uint32_t dl;
};

/*
 * Checks a blob's framing and fills *h.  Returns 0, or -1 with err set:
 * "blob too short", "too many index entries", "data store too large",
 * "blob size does not match its header".
 */
int rpmhdr_init(struct rpmhdr *h, const void *blob, size_t len, char *err,
		size_t errsize);

/*
 * The first string of tag (a STRING, or the first of a STRING_ARRAY or
 * I18NSTRING, which holds the untranslated text first): sets *s (NUL-
 * terminated, inside the blob) and returns its length, or returns -1 when
 * the tag is absent, of another type, or malformed.
 */
long rpmhdr_string(const struct rpmhdr *h, uint32_t tag, const char **s);

/*
 * The first number of tag (CHAR, INT8, INT16, INT32 or INT64; unsigned, as
 * rpm reads them).  Returns 0 with *v set, or -1 as above.
 */
int rpmhdr_number(const struct rpmhdr *h, uint32_t tag, uint64_t *v);

#endif
