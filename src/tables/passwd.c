/* SPDX-License-Identifier: Apache-2.0 */
/*
 * passwd: line parsers for /etc/passwd and /etc/group (see passwd.h for
 * the exact rules).  They cut the line into fields in place, so they never
 * allocate, and refuse rather than guess: a line whose ids are not plain
 * decimal numbers yields no entry.
 */
#include <stdio.h>
#include <string.h>

#include "tables/passwd.h"

static void set_err(char *err, size_t errsize, const char *msg)
{
	if (err && errsize)
		snprintf(err, errsize, "%s", msg);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int passwd_parse_id(const char *s, size_t len, uint32_t *id)
{
	uint32_t v = 0;
	size_t i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		uint32_t d;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (uint32_t)(s[i] - '0');
		if (v > (UINT32_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*id = v;
	return 0;
}

int64_t passwd_id_signed(uint32_t id)
{
	/* Spelled out: converting an out-of-range value to int32_t is only
	 * implementation-defined in C. */
	if (id > INT32_MAX)
		return (int64_t)id - ((int64_t)1 << 32);
	return (int64_t)id;
}

/*
 * Checks the line's size and bytes, terminates it, and skips leading
 * blanks.  Returns the first byte of the entry, or NULL with err set when
 * the line holds none.
 */
static char *line_start(char *line, size_t len, char *err, size_t errsize)
{
	char *p = line, *end = line + len;

	if (len > PASSWD_LINE_MAX) {
		set_err(err, errsize, "line too long");
		return NULL;
	}
	if (memchr(line, '\0', len)) {
		set_err(err, errsize, "NUL byte in line");
		return NULL;
	}
	*end = '\0';
	while (p < end && is_blank(*p))
		p++;
	if (p == end) {
		set_err(err, errsize, "blank line");
		return NULL;
	}
	if (*p == '#') {
		set_err(err, errsize, "comment");
		return NULL;
	}
	return p;
}

/*
 * Returns the field at *pp, terminated at its colon, and moves *pp past
 * the colon.  A field missing at the end of the line is the empty string
 * at end (which holds a NUL).
 */
static char *next_field(char **pp, char *end)
{
	char *start = *pp, *colon;

	colon = memchr(start, ':', (size_t)(end - start));
	if (colon) {
		*colon = '\0';
		*pp = colon + 1;
	} else {
		*pp = end;
	}
	return start;
}

/* Reads an id field; which names it in the error ("uid", "gid"). */
static int id_field(char **pp, char *end, uint32_t *id, const char *which,
		    char *err, size_t errsize)
{
	char *s = next_field(pp, end);
	size_t n = strlen(s);

	if (n == 0) {
		if (err && errsize)
			snprintf(err, errsize, "missing %s", which);
		return -1;
	}
	if (passwd_parse_id(s, n, id) < 0) {
		if (err && errsize)
			snprintf(err, errsize, "bad %s", which);
		return -1;
	}
	return 0;
}

int passwd_parse(char *line, size_t len, struct passwd_ent *out, char *err,
		 size_t errsize)
{
	char *end = line + len, *p;

	p = line_start(line, len, err, errsize);
	if (!p)
		return -1;
	out->name = next_field(&p, end);
	out->passwd = next_field(&p, end);
	if (id_field(&p, end, &out->uid, "uid", err, errsize) < 0 ||
	    id_field(&p, end, &out->gid, "gid", err, errsize) < 0)
		return -1;
	out->gecos = next_field(&p, end);
	out->dir = next_field(&p, end);
	/* The shell is the rest of the line, as glibc reads it. */
	out->shell = p;
	return 0;
}

int passwd_parse_group(char *line, size_t len, struct passwd_grent *out,
		       char *err, size_t errsize)
{
	char *end = line + len, *p, *r, *w;

	p = line_start(line, len, err, errsize);
	if (!p)
		return -1;
	out->name = next_field(&p, end);
	out->passwd = next_field(&p, end);
	if (id_field(&p, end, &out->gid, "gid", err, errsize) < 0)
		return -1;

	/*
	 * Pack the comma-separated rest into NUL-terminated names.  Each name
	 * moves left or stays, and its NUL lands at or before the comma (or
	 * end) that followed it, so the writer never passes the reader.
	 */
	out->members = p;
	out->nmembers = 0;
	r = w = p;
	while (r < end) {
		char *comma = memchr(r, ',', (size_t)(end - r));
		char *stop = comma ? comma : end;
		size_t n;

		while (r < stop && is_blank(*r))
			r++;
		n = (size_t)(stop - r);
		while (n > 0 && is_blank(r[n - 1]))
			n--;
		if (n > 0) {
			memmove(w, r, n);
			w[n] = '\0';
			w += n + 1;
			out->nmembers++;
		}
		r = comma ? comma + 1 : end;
	}
	out->members_len = (size_t)(w - out->members);
	if (out->nmembers == 0)
		*out->members = '\0';
	return 0;
}

const char *passwd_group_member(const struct passwd_grent *g,
				const char *prev)
{
	const char *next;

	if (g->nmembers == 0)
		return NULL;
	if (!prev)
		return g->members;
	next = prev + strlen(prev) + 1;
	if (next >= g->members + g->members_len)
		return NULL;
	return next;
}
