/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonpos.c: positions in JSON text (see jsonpos.h).
 *
 * A small recursive skipper: it does not build anything, it only steps
 * over strings, numbers, literals, objects and arrays until it reaches the
 * member the path names.  Keys are compared after decoding their escapes,
 * as Jansson decodes them, so "\u0069nterval" is found as "interval".
 */
#include "daemon/jsonpos.h"

#include <stdint.h>
#include <string.h>

struct scan {
	const char *s;
	size_t len;
	size_t pos;
};

void jsonpos_at(const char *text, size_t len, size_t offset,
		struct jsonpos *out)
{
	size_t i;
	int line = 1, col = 1;

	if (offset > len)
		offset = len;
	for (i = 0; i < offset; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\n') {
			line++;
			col = 1;
		} else if ((c & 0xc0) != 0x80) {
			col++; /* continuation bytes belong to one character */
		}
	}
	out->offset = offset;
	out->line = line;
	out->column = col;
}

static void skip_ws(struct scan *sc)
{
	while (sc->pos < sc->len) {
		char c = sc->s[sc->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		sc->pos++;
	}
}

static int peek(const struct scan *sc)
{
	return sc->pos < sc->len ? (unsigned char)sc->s[sc->pos] : -1;
}

static int hex4(const char *p, uint32_t *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* Encodes a code point as UTF-8 into out (4 bytes); returns the length. */
static size_t utf8(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Steps over the string at sc->pos (which must be '"').  When key is not
 * NULL, *match says whether the decoded string equals it.  Returns 0, or
 * -1 when the string is not well-formed.
 */
static int scan_string(struct scan *sc, const char *key, bool *match)
{
	size_t klen = key ? strlen(key) : 0, ki = 0;
	bool same = true;

	if (peek(sc) != '"')
		return -1;
	sc->pos++;
	while (sc->pos < sc->len) {
		char c = sc->s[sc->pos], enc[4];
		size_t n = 1;

		if (c == '"') {
			sc->pos++;
			if (match)
				*match = same && ki == klen;
			return 0;
		}
		enc[0] = c;
		if (c == '\\') {
			char e;

			if (sc->pos + 1 >= sc->len)
				return -1;
			e = sc->s[sc->pos + 1];
			sc->pos += 2;
			switch (e) {
			case '"': case '\\': case '/':
				enc[0] = e;
				break;
			case 'b': enc[0] = '\b'; break;
			case 'f': enc[0] = '\f'; break;
			case 'n': enc[0] = '\n'; break;
			case 'r': enc[0] = '\r'; break;
			case 't': enc[0] = '\t'; break;
			case 'u': {
				uint32_t cp, lo;

				if (sc->pos + 4 > sc->len ||
				    hex4(sc->s + sc->pos, &cp) < 0)
					return -1;
				sc->pos += 4;
				if (cp >= 0xd800 && cp < 0xdc00 &&
				    sc->pos + 6 <= sc->len &&
				    sc->s[sc->pos] == '\\' &&
				    sc->s[sc->pos + 1] == 'u' &&
				    hex4(sc->s + sc->pos + 2, &lo) == 0 &&
				    lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					     (lo - 0xdc00);
					sc->pos += 6;
				}
				n = utf8(cp, enc);
				break;
			}
			default:
				return -1;
			}
		} else {
			sc->pos++;
		}
		if (key && same) {
			if (ki + n > klen || memcmp(key + ki, enc, n) != 0)
				same = false;
			else
				ki += n;
		}
	}
	return -1;
}

static int skip_value(struct scan *sc, int depth);

/* Steps over an object or an array whose opening bracket is at sc->pos. */
/* NOLINTNEXTLINE(misc-no-recursion): JSONPOS_MAX_DEPTH bounds it */
static int skip_container(struct scan *sc, int depth)
{
	char close = sc->s[sc->pos] == '{' ? '}' : ']';
	bool object = close == '}';

	if (depth >= JSONPOS_MAX_DEPTH)
		return -1;
	sc->pos++;
	skip_ws(sc);
	if (peek(sc) == close) {
		sc->pos++;
		return 0;
	}
	for (;;) {
		if (object) {
			if (scan_string(sc, NULL, NULL) < 0)
				return -1;
			skip_ws(sc);
			if (peek(sc) != ':')
				return -1;
			sc->pos++;
			skip_ws(sc);
		}
		if (skip_value(sc, depth + 1) < 0)
			return -1;
		skip_ws(sc);
		if (peek(sc) == ',') {
			sc->pos++;
			skip_ws(sc);
			continue;
		}
		if (peek(sc) == close) {
			sc->pos++;
			return 0;
		}
		return -1;
	}
}

/* NOLINTNEXTLINE(misc-no-recursion): JSONPOS_MAX_DEPTH bounds it */
static int skip_value(struct scan *sc, int depth)
{
	int c = peek(sc);

	if (c == '"')
		return scan_string(sc, NULL, NULL);
	if (c == '{' || c == '[')
		return skip_container(sc, depth);
	if (c < 0)
		return -1;
	/* A number or a literal: runs to the next delimiter. */
	while (sc->pos < sc->len && !strchr(",:]} \t\r\n", sc->s[sc->pos]))
		sc->pos++;
	return 0;
}

/* Moves sc to the value of member key of the object at sc->pos; with
 * key_pos, also reports where the key starts. */
static int find_member(struct scan *sc, const char *key, size_t *key_pos)
{
	if (peek(sc) != '{')
		return -1;
	sc->pos++;
	skip_ws(sc);
	if (peek(sc) == '}')
		return -1;
	for (;;) {
		size_t start = sc->pos;
		bool match = false;

		if (scan_string(sc, key, &match) < 0)
			return -1;
		skip_ws(sc);
		if (peek(sc) != ':')
			return -1;
		sc->pos++;
		skip_ws(sc);
		if (match) {
			*key_pos = start;
			return 0;
		}
		if (skip_value(sc, 1) < 0)
			return -1;
		skip_ws(sc);
		if (peek(sc) != ',')
			return -1;
		sc->pos++;
		skip_ws(sc);
	}
}

static int find_element(struct scan *sc, size_t index)
{
	size_t i;

	if (peek(sc) != '[')
		return -1;
	sc->pos++;
	skip_ws(sc);
	if (peek(sc) == ']')
		return -1;
	for (i = 0; i < index; i++) {
		if (skip_value(sc, 1) < 0)
			return -1;
		skip_ws(sc);
		if (peek(sc) != ',')
			return -1;
		sc->pos++;
		skip_ws(sc);
	}
	return 0;
}

int jsonpos_find(const char *text, size_t len, const struct jsonpos_seg *path,
		 size_t n, bool want_key, struct jsonpos *out)
{
	struct scan sc = { text, len, 0 };
	size_t i, key_pos = 0;

	if (want_key && (n == 0 || !path[n - 1].key))
		return -1;
	skip_ws(&sc);
	for (i = 0; i < n; i++) {
		int rc = path[i].key ? find_member(&sc, path[i].key, &key_pos)
				     : find_element(&sc, path[i].index);

		if (rc < 0)
			return -1;
	}
	if (sc.pos >= len)
		return -1;
	jsonpos_at(text, len, want_key ? key_pos : sc.pos, out);
	return 0;
}

int jsonpos_check_depth(const char *text, size_t len, int max, size_t *where)
{
	size_t i;
	int depth = 0;
	bool in_string = false;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			if (++depth > max) {
				*where = i;
				return -1;
			}
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return 0;
}
