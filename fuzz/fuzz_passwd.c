/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_passwd: libFuzzer target for the /etc/passwd and /etc/group line
 * parsers of passwd.h.
 *
 * The input is a whole file.  It is cut into lines at '\n' as the users
 * and groups tables cut it, and each line goes, in a buffer of exactly
 * len + 1 bytes (the parsers may write a NUL at line[len], nowhere
 * further), to passwd_parse() and then, in a fresh copy, to
 * passwd_parse_group().  Each line is also read as an id by
 * passwd_parse_id().
 *
 * Besides crashes, the target checks what the header promises: every
 * string of a parsed entry points into the line's buffer; a group's
 * members, walked with passwd_group_member(), are nmembers non-empty names
 * without commas or surrounding blanks that fill exactly members_len
 * bytes; a refused line leaves a NUL-terminated reason in err; and
 * passwd_id_signed() maps an id into int32_t's range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/passwd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless s is a string that lies within [buf, buf + size). */
static void check_in(const char *s, const char *buf, size_t size)
{
	if (!s || s < buf || s >= buf + size ||
	    memchr(s, '\0', (size_t)(buf + size - s)) == NULL)
		abort();
}

static void check_err(int rc, const char *err, size_t errsize)
{
	if (rc < 0 && memchr(err, '\0', errsize) == NULL)
		abort();
}

static void check_id(uint32_t id)
{
	int64_t v = passwd_id_signed(id);

	if (v < INT32_MIN || v > INT32_MAX || (uint32_t)v != id)
		abort();
}

static char *copy_line(const uint8_t *line, size_t len)
{
	char *p = malloc(len + 1);

	if (!p)
		abort();
	memcpy(p, line, len);
	p[len] = 'X'; /* not a NUL: the parsers must write their own */
	return p;
}

static void check_user(const uint8_t *line, size_t len)
{
	struct passwd_ent pw;
	char err[24], *b = copy_line(line, len);
	int rc;

	/* A small err exercises the cut; the size varies with the input. */
	rc = passwd_parse(b, len, &pw, err, 1 + len % sizeof(err));
	check_err(rc, err, 1 + len % sizeof(err));
	if (rc == 0) {
		check_in(pw.name, b, len + 1);
		check_in(pw.passwd, b, len + 1);
		check_in(pw.gecos, b, len + 1);
		check_in(pw.dir, b, len + 1);
		check_in(pw.shell, b, len + 1);
		if (strchr(pw.name, ':') || strchr(pw.dir, ':'))
			abort();
		check_id(pw.uid);
		check_id(pw.gid);
	}
	free(b);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void check_group(const uint8_t *line, size_t len)
{
	struct passwd_grent gr;
	char err[24], *b = copy_line(line, len);
	const char *m = NULL;
	size_t n = 0, bytes = 0, l;
	int rc;

	rc = passwd_parse_group(b, len, &gr, len % 2 ? err : NULL,
				len % 2 ? sizeof(err) : 0);
	if (len % 2)
		check_err(rc, err, sizeof(err));
	if (rc == 0) {
		check_in(gr.name, b, len + 1);
		check_in(gr.passwd, b, len + 1);
		check_in(gr.members, b, len + 1);
		if (gr.members_len > len + 1)
			abort();
		while ((m = passwd_group_member(&gr, m)) != NULL) {
			check_in(m, b, len + 1);
			l = strlen(m);
			if (l == 0 || strchr(m, ',') || is_blank(m[0]) ||
			    is_blank(m[l - 1]))
				abort();
			n++;
			bytes += l + 1;
			if (n > gr.nmembers)
				abort();
		}
		if (n != gr.nmembers || bytes != gr.members_len)
			abort();
		if (gr.nmembers == 0 && gr.members[0] != '\0')
			abort();
		check_id(gr.gid);
	}
	free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0, len;
	const uint8_t *nl;
	uint32_t id;

	while (pos < size) {
		nl = memchr(data + pos, '\n', size - pos);
		len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		check_user(data + pos, len);
		check_group(data + pos, len);
		if (passwd_parse_id((const char *)data + pos, len, &id) == 0)
			check_id(id);
		pos += len + 1;
	}
	return 0;
}
