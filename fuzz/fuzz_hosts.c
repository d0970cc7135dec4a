/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_hosts: libFuzzer target for the /etc/hosts line parser of hosts.h.
 *
 * The input is a whole file, cut into lines at '\n' as the etc_hosts table
 * cuts it; each line goes to hosts_parse() in a buffer of exactly len + 1
 * bytes (the parser may write a NUL at line[len], nowhere further).
 *
 * Besides crashes, the target checks the shape the table relies on: the
 * address is one non-empty word with no blank and no '#'; the host names,
 * when present, are words joined by single spaces, with no blank at either
 * end and no '#'; both lie inside the line's buffer; a refused line leaves
 * a NUL-terminated reason in err.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/hosts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void check_in(const char *s, const char *buf, size_t size)
{
	if (s < buf || s >= buf + size ||
	    memchr(s, '\0', (size_t)(buf + size - s)) == NULL)
		abort();
}

static void check_line(const uint8_t *line, size_t len)
{
	struct hosts_ent he;
	char err[32], *b = malloc(len + 1);
	size_t errsize = 1 + len % sizeof(err), i, n;
	int rc;

	if (!b)
		abort();
	memcpy(b, line, len);
	b[len] = 'X'; /* not a NUL: the parser must write its own */
	rc = hosts_parse(b, len, &he, err, errsize);
	if (rc < 0) {
		if (memchr(err, '\0', errsize) == NULL)
			abort();
		goto out;
	}
	check_in(he.address, b, len + 1);
	n = strlen(he.address);
	if (n == 0 || strchr(he.address, '#'))
		abort();
	for (i = 0; i < n; i++)
		if (is_blank(he.address[i]))
			abort();
	if (he.hostnames) {
		check_in(he.hostnames, b, len + 1);
		n = strlen(he.hostnames);
		if (n == 0 || strchr(he.hostnames, '#') ||
		    he.hostnames[0] == ' ' || he.hostnames[n - 1] == ' ' ||
		    strstr(he.hostnames, "  "))
			abort();
		for (i = 0; i < n; i++)
			if (he.hostnames[i] != ' ' && is_blank(he.hostnames[i]))
				abort();
	}
out:
	free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0, len;
	const uint8_t *nl;

	while (pos < size) {
		nl = memchr(data + pos, '\n', size - pos);
		len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		check_line(data + pos, len);
		pos += len + 1;
	}
	return 0;
}
