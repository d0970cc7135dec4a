/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rpmhdr.c: bounds-checked reads of rpm header blobs (see rpmhdr.h).
 * Entries are looked up by a linear scan of the index: a header holds a
 * few dozen to a few hundred entries, and the table reads a dozen tags.
 * Every read checks its own entry, so a blob with one bad entry still
 * gives the values of its good ones.
 */
#include "tables/rpmhdr.h"

#include <stdio.h>
#include <string.h>

static void set_err(char *err, size_t errsize, const char *msg)
{
	if (err && errsize)
		snprintf(err, errsize, "%s", msg);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

int rpmhdr_init(struct rpmhdr *h, const void *blob, size_t len, char *err,
		size_t errsize)
{
	const unsigned char *b = blob;
	uint64_t want;

	memset(h, 0, sizeof(*h));
	if (!b || len < 8) {
		set_err(err, errsize, "blob too short");
		return -1;
	}
	h->il = be32(b);
	h->dl = be32(b + 4);
	if (h->il == 0 || h->il > RPMHDR_MAX_TAGS) {
		set_err(err, errsize, "too many index entries");
		return -1;
	}
	if (h->dl > RPMHDR_MAX_DATA) {
		set_err(err, errsize, "data store too large");
		return -1;
	}
	/* Both are capped far below 2^32, so this cannot overflow. */
	want = 8 + (uint64_t)h->il * 16 + h->dl;
	if (want != len) {
		set_err(err, errsize, "blob size does not match its header");
		return -1;
	}
	h->index = b + 8;
	h->data = h->index + (size_t)h->il * 16;
	return 0;
}

/* The entry of tag: its type, offset and count.  0, or -1 when absent. */
static int find(const struct rpmhdr *h, uint32_t tag, uint32_t *type,
		uint32_t *off, uint32_t *count)
{
	uint32_t i;

	if (!h->index)
		return -1;
	for (i = 0; i < h->il; i++) {
		const unsigned char *e = h->index + (size_t)i * 16;

		if (be32(e) != tag)
			continue;
		*type = be32(e + 4);
		*off = be32(e + 8);
		*count = be32(e + 12);
		return 0;
	}
	return -1;
}

long rpmhdr_string(const struct rpmhdr *h, uint32_t tag, const char **s)
{
	uint32_t type, off, count;
	const unsigned char *nul;

	if (find(h, tag, &type, &off, &count) < 0)
		return -1;
	if (type != RPMHDR_STRING && type != RPMHDR_STRING_ARRAY &&
	    type != RPMHDR_I18NSTRING)
		return -1;
	if (count == 0 || (type == RPMHDR_STRING && count != 1))
		return -1;
	if (off >= h->dl)
		return -1;
	/* Only the first string is read, so only it must be terminated
	 * inside the data store. */
	nul = memchr(h->data + off, '\0', h->dl - off);
	if (!nul)
		return -1;
	*s = (const char *)(h->data + off);
	return (long)(nul - (h->data + off));
}

int rpmhdr_number(const struct rpmhdr *h, uint32_t tag, uint64_t *v)
{
	uint32_t type, off, count, size, i;
	const unsigned char *p;
	uint64_t r = 0;

	if (find(h, tag, &type, &off, &count) < 0)
		return -1;
	switch (type) {
	case RPMHDR_CHAR:
	case RPMHDR_INT8:
		size = 1;
		break;
	case RPMHDR_INT16:
		size = 2;
		break;
	case RPMHDR_INT32:
		size = 4;
		break;
	case RPMHDR_INT64:
		size = 8;
		break;
	default:
		return -1;
	}
	/* The whole array must fit, as rpm checks it, not just the first
	 * item; count * size cannot overflow 64 bits. */
	if (count == 0 || off % size != 0 ||
	    (uint64_t)off + (uint64_t)count * size > h->dl)
		return -1;
	p = h->data + off;
	for (i = 0; i < size; i++)
		r = r << 8 | p[i];
	*v = r;
	return 0;
}
