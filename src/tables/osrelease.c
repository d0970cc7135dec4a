/* SPDX-License-Identifier: Apache-2.0 */
/*
 * osrelease.c: the parser of one os-release(5) line (see osrelease.h).
 *
 * The value is rewritten in place: a write cursor trails the read cursor,
 * and each quote or escape the shell would drop is simply not copied.  The
 * write cursor can never pass the read cursor, so no byte is read after it
 * has been overwritten.
 */
#include "tables/osrelease.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static void set_err(char *err, size_t errsize, const char *msg)
{
	if (err && errsize > 0)
		snprintf(err, errsize, "%s", msg);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_key_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_key_char(char c)
{
	return is_key_start(c) || (c >= '0' && c <= '9');
}

/* The characters a backslash escapes inside double quotes. */
static bool dq_escapable(char c)
{
	return c == '$' || c == '"' || c == '\\' || c == '`' || c == '\n';
}

int osrelease_parse_line(char *line, char **key, char **value, char *err,
			 size_t errsize)
{
	char *r = line, *w, *k;
	size_t n;

	*key = NULL;
	*value = NULL;
	n = strlen(line);
	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';

	while (is_space(*r))
		r++;
	if (*r == '\0' || *r == '#')
		return 0;

	k = r;
	if (!is_key_start(*r)) {
		set_err(err, errsize, "line does not start with a variable name");
		return -1;
	}
	while (is_key_char(*r))
		r++;
	if (*r != '=') {
		set_err(err, errsize, "expected \"=\" after the variable name");
		return -1;
	}
	*r++ = '\0';

	w = r;
	*value = w;
	while (*r && !is_space(*r)) {
		if (*r == '\\') {
			if (r[1] == '\0') {
				/* A line continuation: nothing follows on this line. */
				r++;
				break;
			}
			*w++ = r[1];
			r += 2;
		} else if (*r == '\'') {
			r++;
			while (*r && *r != '\'')
				*w++ = *r++;
			if (*r != '\'') {
				set_err(err, errsize, "unterminated single quote");
				return -1;
			}
			r++;
		} else if (*r == '"') {
			r++;
			while (*r && *r != '"') {
				if (*r == '\\' && dq_escapable(r[1])) {
					*w++ = r[1];
					r += 2;
				} else {
					*w++ = *r++;
				}
			}
			if (*r != '"') {
				set_err(err, errsize, "unterminated double quote");
				return -1;
			}
			r++;
		} else if (*r == '$' || *r == '`' || *r == ';' || *r == '|' ||
			   *r == '&' || *r == '<' || *r == '>' || *r == '(' ||
			   *r == ')') {
			/* The shell would expand or run something here. */
			set_err(err, errsize, "unquoted shell special character");
			return -1;
		} else {
			*w++ = *r++;
		}
	}

	/* After the value: only blanks, then maybe a comment. */
	while (is_space(*r))
		r++;
	if (*r != '\0' && *r != '#') {
		set_err(err, errsize, "unexpected text after the value");
		return -1;
	}
	*w = '\0';
	*key = k;
	return 1;
}
