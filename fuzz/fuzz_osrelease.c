/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_osrelease: libFuzzer target for the os-release(5) line parser of
 * osrelease.h.
 *
 * The input is a whole file, cut into lines at '\n' as the os_version
 * table cuts it.  Each line is copied into a buffer of exactly its length
 * plus the terminating NUL, with its newline kept on every other line (the
 * parser accepts both), and given to osrelease_parse_line().
 *
 * Besides crashes, the target checks the contract: an assignment (1) has a
 * key that is a shell variable name and a value no longer than the line,
 * both inside the line's buffer; a blank or comment line (0) sets both to
 * NULL; a refused line (-1) leaves a NUL-terminated reason in err.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/osrelease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_in(const char *s, const char *buf, size_t size)
{
	if (!s || s < buf || s >= buf + size ||
	    memchr(s, '\0', (size_t)(buf + size - s)) == NULL)
		abort();
}

static int is_key(const char *k)
{
	size_t i;

	for (i = 0; k[i]; i++) {
		char c = k[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '_' || (i > 0 && c >= '0' && c <= '9')))
			return 0;
	}
	return i > 0;
}

static void check_line(const uint8_t *line, size_t len)
{
	char err[48], *key, *value, *b = malloc(len + 1);
	size_t errsize = 1 + len % sizeof(err);
	int rc;

	if (!b)
		abort();
	memcpy(b, line, len);
	b[len] = '\0';
	rc = osrelease_parse_line(b, &key, &value, err, errsize);
	switch (rc) {
	case 1:
		check_in(key, b, len + 1);
		check_in(value, b, len + 1);
		if (!is_key(key) || strlen(value) > len)
			abort();
		break;
	case 0:
		if (key || value)
			abort();
		break;
	case -1:
		if (memchr(err, '\0', errsize) == NULL)
			abort();
		break;
	default:
		abort();
	}
	free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0, len, i;
	const uint8_t *nl;

	for (i = 0; pos < size; i++) {
		nl = memchr(data + pos, '\n', size - pos);
		len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		/* Every other line keeps its newline. */
		check_line(data + pos, nl && i % 2 ? len + 1 : len);
		pos += len + 1;
	}
	return 0;
}
