/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_rpmhdr: libFuzzer target for the rpm header reader of rpmhdr.h,
 * which reads package header blobs out of rpm's database.
 *
 * The input is one header blob, in a buffer of exactly its size.  When
 * rpmhdr_init() accepts it, every tag the rpm_packages table reads, and
 * the tag of each of the first 64 index entries, is read both as a string
 * and as a number.
 *
 * Besides crashes, the target checks: an accepted blob is exactly
 * 8 + 16 * il + dl bytes with its index and data inside the blob; a string
 * lies inside the data store, is NUL-terminated there, and its length is
 * what rpmhdr_string() returned; a refused blob leaves a NUL-terminated
 * reason in err.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/rpmhdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t tags[] = {
	RPMTAG_SHA1HEADER, RPMTAG_NAME,	       RPMTAG_VERSION, RPMTAG_RELEASE,
	RPMTAG_EPOCH,	   RPMTAG_SUMMARY,     RPMTAG_INSTALLTIME,
	RPMTAG_SIZE,	   RPMTAG_VENDOR,      RPMTAG_GROUP,   RPMTAG_ARCH,
	RPMTAG_SOURCERPM,  RPMTAG_LONGSIZE,
};

static void read_tag(const struct rpmhdr *h, uint32_t tag)
{
	const char *s = NULL;
	uint64_t v;
	long n;

	n = rpmhdr_string(h, tag, &s);
	if (n >= 0) {
		const char *d = (const char *)h->data;

		if (!s || s < d || s >= d + h->dl ||
		    (size_t)n >= (size_t)(d + h->dl - s) ||
		    memchr(s, '\0', (size_t)(d + h->dl - s)) != s + n)
			abort();
	}
	(void)rpmhdr_number(h, tag, &v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *blob = malloc(size ? size : 1);
	struct rpmhdr h;
	char err[48];
	size_t errsize = 1 + size % sizeof(err), i;

	if (!blob)
		abort();
	if (size)
		memcpy(blob, data, size);
	if (rpmhdr_init(&h, blob, size, err, errsize) < 0) {
		if (!memchr(err, '\0', errsize))
			abort();
		goto out;
	}
	if ((uint64_t)8 + (uint64_t)16 * h.il + h.dl != size ||
	    h.index != blob + 8 || h.data != blob + 8 + (size_t)16 * h.il)
		abort();
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		read_tag(&h, tags[i]);
	for (i = 0; i < h.il && i < 64; i++) {
		const unsigned char *e = h.index + 16 * i;
		uint32_t tag = (uint32_t)e[0] << 24 | (uint32_t)e[1] << 16 |
			       (uint32_t)e[2] << 8 | e[3];

		read_tag(&h, tag);
	}
out:
	free(blob);
	return 0;
}
