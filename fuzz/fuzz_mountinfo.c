/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_mountinfo: libFuzzer target for the /proc/PID/mountinfo line parser
 * and the octal unescaper of mountinfo.h.
 *
 * The input is a whole file, cut into lines at '\n' as the mounts table
 * cuts it.  Each line is copied into a buffer of exactly its length plus
 * the terminating NUL (a NUL inside the input just ends the string early,
 * as it would in the table) and given to mountinfo_parse(); a second copy
 * goes to mountinfo_unescape() on its own.
 *
 * Besides crashes, the target checks: every field of a parsed line is a
 * string inside the line's buffer, the mount point and type are not empty,
 * and a refused line leaves a NUL-terminated reason in err; unescaping
 * never lengthens a string and returns its argument.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/mountinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_in(const char *s, const char *buf, size_t size)
{
	if (!s || s < buf || s >= buf + size ||
	    memchr(s, '\0', (size_t)(buf + size - s)) == NULL)
		abort();
}

static char *copy_str(const uint8_t *line, size_t len)
{
	char *p = malloc(len + 1);

	if (!p)
		abort();
	memcpy(p, line, len);
	p[len] = '\0';
	return p;
}

static void check_line(const uint8_t *line, size_t len)
{
	struct mountinfo mi;
	char err[40], *b = copy_str(line, len);
	size_t errsize = 1 + len % sizeof(err), n;

	if (mountinfo_parse(b, &mi, err, errsize) < 0) {
		if (memchr(err, '\0', errsize) == NULL)
			abort();
	} else {
		check_in(mi.root, b, len + 1);
		check_in(mi.mount_point, b, len + 1);
		check_in(mi.mount_opts, b, len + 1);
		check_in(mi.optional, b, len + 1);
		check_in(mi.fstype, b, len + 1);
		check_in(mi.source, b, len + 1);
		check_in(mi.super_opts, b, len + 1);
		if (!mi.mount_point[0] || !mi.fstype[0])
			abort();
	}
	free(b);

	b = copy_str(line, len);
	n = strlen(b);
	if (mountinfo_unescape(b) != b || strlen(b) > n)
		abort();
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
