/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_version: libFuzzer target for functions_version_cmp() (functions.h),
 * the dpkg-order comparison behind version_compare() and the VERSION
 * collation.
 *
 * The input is up to three versions separated by '\n' ("1.0~rc1\n1.0\n2:0");
 * a version may hold any other byte, NUL included, as an SQL blob can.
 * Each goes in a buffer of exactly its length, unterminated, because the
 * function takes lengths and must not read past them.
 *
 * SQLite sorts with the VERSION collation and trusts it to be a total
 * order; a comparison that is not one can make ORDER BY and indexes
 * inconsistent.  So besides crashes the target checks, over the three
 * versions a, b and c:
 *   - reflexivity: cmp(a, a) == 0, and the same on a second copy of a;
 *   - antisymmetry: sign(cmp(a, b)) == -sign(cmp(b, a));
 *   - transitivity: a <= b and b <= c give a <= c, with a < c when either
 *     step is strict.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql/functions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ver {
	char *s;
	size_t n;
};

static int sign(int r)
{
	return (r > 0) - (r < 0);
}

static int cmp(const struct ver *a, const struct ver *b)
{
	return sign(functions_version_cmp(a->s, a->n, b->s, b->n));
}

static void check_order(const struct ver *a, const struct ver *b,
			const struct ver *c)
{
	int ab = cmp(a, b), bc = cmp(b, c), ac = cmp(a, c);

	if (ab <= 0 && bc <= 0) {
		if (ac > 0)
			abort();
		if ((ab < 0 || bc < 0) && ac == 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ver v[3], copy;
	size_t pos = 0, len, n = 0, i, j;
	const uint8_t *nl;

	/* Up to three versions; a missing one is the empty string. */
	for (n = 0; n < 3; n++) {
		nl = pos < size ? memchr(data + pos, '\n', size - pos) : NULL;
		len = pos < size ? (nl ? (size_t)(nl - (data + pos))
				       : size - pos)
				 : 0;
		v[n].n = len;
		v[n].s = malloc(len ? len : 1);
		if (!v[n].s)
			abort();
		if (len)
			memcpy(v[n].s, data + pos, len);
		pos += len + 1;
	}

	copy.n = v[0].n;
	copy.s = malloc(copy.n ? copy.n : 1);
	if (!copy.s)
		abort();
	if (copy.n)
		memcpy(copy.s, v[0].s, copy.n);
	/* An empty version may also come as NULL (an empty SQL blob). */
	if (functions_version_cmp(NULL, 0, v[1].s, v[1].n) !=
	    functions_version_cmp("", 0, v[1].s, v[1].n))
		abort();

	for (i = 0; i < 3; i++) {
		if (cmp(&v[i], &v[i]) != 0)
			abort();
		for (j = 0; j < 3; j++)
			if (cmp(&v[i], &v[j]) != -cmp(&v[j], &v[i]))
				abort();
	}
	if (cmp(&v[0], &copy) != 0)
		abort();
	check_order(&v[0], &v[1], &v[2]);
	check_order(&v[0], &v[2], &v[1]);
	check_order(&v[1], &v[0], &v[2]);
	check_order(&v[1], &v[2], &v[0]);
	check_order(&v[2], &v[0], &v[1]);
	check_order(&v[2], &v[1], &v[0]);

	for (i = 0; i < 3; i++)
		free(v[i].s);
	free(copy.s);
	return 0;
}
