/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_pathpat: libFuzzer target for the path pattern matcher of
 * pathpat.h, on pattern and name pairs (not the filesystem walk).
 *
 * The input is "PATTERN\0NAME": the bytes before the first NUL are one
 * component pattern, the bytes after it (up to any second NUL) one
 * directory entry name.  Each goes in a buffer of exactly its length plus
 * the NUL.
 *
 * Besides crashes, the target checks two promises of pathpat.h:
 *   - a pattern without a wildcard (pathpat_has_wildcard() false) matches
 *     exactly the name equal to it;
 *   - every name the matcher accepts is also matched by the same pattern
 *     as an SQL LIKE (sqlite3_strlike, no escape character), since SQLite
 *     re-checks the WHERE clause on every row the file table yields and
 *     would silently drop a row the two disagree on.  Only names a
 *     directory can hold are compared: no '/' in pattern or name, and no
 *     "." or "..".
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/pathpat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *copy_str(const uint8_t *s, size_t len)
{
	char *p = malloc(len + 1);

	if (!p)
		abort();
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *z = memchr(data, '\0', size), *nstart, *z2;
	size_t plen = z ? (size_t)(z - data) : size, nlen;
	char *pat, *name;
	bool m;

	nstart = z ? z + 1 : data + size;
	nlen = (size_t)(data + size - nstart);
	z2 = memchr(nstart, '\0', nlen);
	if (z2)
		nlen = (size_t)(z2 - nstart);
	pat = copy_str(data, plen);
	name = copy_str(nstart, nlen);

	m = pathpat_match(pat, name);
	if (!pathpat_has_wildcard(pat) && m != (strcmp(pat, name) == 0))
		abort();
	if (m && !strchr(pat, '/') && !strchr(name, '/') &&
	    strcmp(name, ".") != 0 && strcmp(name, "..") != 0 &&
	    sqlite3_strlike(pat, name, 0) != 0)
		abort();

	free(pat);
	free(name);
	return 0;
}
