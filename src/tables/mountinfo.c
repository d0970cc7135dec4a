/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mountinfo.c: the parser of one /proc/<pid>/mountinfo line (see
 * mountinfo.h).
 *
 * Fields are cut out of the line by writing NULs over the single spaces
 * between them; the optional fields, which are kept together as one
 * string, get their spaces back afterwards.  Nothing else in the line is
 * trusted: every number is checked and a line that ends early is refused
 * rather than read past.
 */
#include "tables/mountinfo.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_err(char *err, size_t errsize, const char *msg)
{
	if (err && errsize > 0)
		snprintf(err, errsize, "%s", msg);
}

/*
 * Cuts the next space-separated field out of *cursor, NUL-terminating it,
 * and advances *cursor past the space (to NULL at the end of the line).
 * Returns the field, or NULL when the line has no more fields.
 */
static char *next_field(char **cursor)
{
	char *start = *cursor, *sp;

	if (!start)
		return NULL;
	sp = strchr(start, ' ');
	if (sp) {
		*sp = '\0';
		*cursor = sp + 1;
	} else {
		*cursor = NULL;
	}
	return start;
}

/* Parses a whole string of decimal digits into *out; 0 or -1. */
static int parse_ulong(const char *s, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		unsigned d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned)(*s - '0');
		if (v > (~0UL - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static int parse_devno(char *s, unsigned int *major, unsigned int *minor)
{
	char *colon = strchr(s, ':');
	unsigned long ma, mi;

	if (!colon)
		return -1;
	*colon = '\0';
	if (parse_ulong(s, &ma) < 0 || parse_ulong(colon + 1, &mi) < 0) {
		*colon = ':';
		return -1;
	}
	*colon = ':';
	if (ma > 0xffffffffUL || mi > 0xffffffffUL)
		return -1;
	*major = (unsigned int)ma;
	*minor = (unsigned int)mi;
	return 0;
}

static bool is_odigit(char c)
{
	return c >= '0' && c <= '7';
}

char *mountinfo_unescape(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (r[0] == '\\' && is_odigit(r[1]) && is_odigit(r[2]) &&
		    is_odigit(r[3]) && r[1] <= '3') {
			int v = (r[1] - '0') * 64 + (r[2] - '0') * 8 +
				(r[3] - '0');

			/* A NUL would silently cut the string short. */
			if (v != 0) {
				*w++ = (char)v;
				r += 4;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
	return s;
}

int mountinfo_parse(char *line, struct mountinfo *mi, char *err,
		    size_t errsize)
{
	char *cursor = line, *f, *opt_start, *sep = NULL;
	size_t n;

	memset(mi, 0, sizeof(*mi));
	n = strlen(line);
	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	if (n == 0) {
		set_err(err, errsize, "empty line");
		return -1;
	}

	f = next_field(&cursor);
	if (parse_ulong(f, &mi->mount_id) < 0) {
		set_err(err, errsize, "bad mount id");
		return -1;
	}
	f = next_field(&cursor);
	if (!f || parse_ulong(f, &mi->parent_id) < 0) {
		set_err(err, errsize, "bad parent id");
		return -1;
	}
	f = next_field(&cursor);
	if (!f || parse_devno(f, &mi->major, &mi->minor) < 0) {
		set_err(err, errsize, "bad major:minor");
		return -1;
	}
	mi->root = next_field(&cursor);
	mi->mount_point = next_field(&cursor);
	mi->mount_opts = next_field(&cursor);
	if (!mi->mount_opts) {
		set_err(err, errsize, "truncated line before the options");
		return -1;
	}
	if (!*mi->mount_point) {
		set_err(err, errsize, "empty mount point");
		return -1;
	}

	/* Optional fields run up to the lone "-". */
	opt_start = cursor;
	while ((f = next_field(&cursor)) != NULL) {
		if (strcmp(f, "-") == 0) {
			sep = f;
			break;
		}
	}
	if (!sep) {
		set_err(err, errsize, "no \"-\" separator");
		return -1;
	}
	if (sep == opt_start) {
		/* No optional fields: point at the NUL ending the options. */
		mi->optional = sep - 1;
	} else {
		char *c;

		/* Give the optional fields their spaces back. */
		for (c = opt_start; c < sep - 1; c++)
			if (*c == '\0')
				*c = ' ';
		mi->optional = opt_start;
	}

	mi->fstype = next_field(&cursor);
	mi->source = next_field(&cursor);
	mi->super_opts = next_field(&cursor);
	if (!mi->super_opts) {
		set_err(err, errsize, "truncated line after the separator");
		return -1;
	}
	if (!*mi->fstype) {
		set_err(err, errsize, "empty filesystem type");
		return -1;
	}
	/* Fields a later kernel might add after these are ignored. */

	mountinfo_unescape(mi->root);
	mountinfo_unescape(mi->mount_point);
	mountinfo_unescape(mi->fstype);
	mountinfo_unescape(mi->source);
	return 0;
}
