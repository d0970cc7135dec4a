/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonpos: where things sit in JSON text, for error messages.
 *
 * Jansson parses the configuration and reports the line and column of a
 * syntax error, but once a document is parsed its values carry no
 * position.  A value of the wrong type ("interval": "60") must still be
 * reported as FILE:LINE:COLUMN, so the configuration checker keeps the
 * text and, only when it has something to report, walks it again here to
 * the value named by a path of object keys and array indices.
 *
 * Lines and columns count from 1; a column counts characters (UTF-8
 * sequences), not bytes, as Jansson's do.  All functions are pure: they
 * read the text they are given and nothing else.
 */
#ifndef VIGIL_JSONPOS_H
#define VIGIL_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>

/* Nesting depth past which jsonpos_find gives up. */
#define JSONPOS_MAX_DEPTH 256

/* One step of a path: an object member by key, or (key NULL) an array
 * element by index. */
struct jsonpos_seg {
	const char *key;
	size_t index;
};

struct jsonpos {
	size_t offset; /* bytes from the start of the text */
	int line;
	int column;
};

/* Converts a byte offset into a line and column.  An offset past the end
 * is taken as the end. */
void jsonpos_at(const char *text, size_t len, size_t offset,
		struct jsonpos *out);

/*
 * Finds the value at path in text (a document Jansson has accepted), or
 * with want_key the key of the last member on the path (whose last step
 * must then be a key).  An empty path is the whole document.  Where a key
 * occurs twice the first is taken.  Returns 0 with *out filled, or -1
 * when the path is not there or the text is not well-formed.
 */
int jsonpos_find(const char *text, size_t len, const struct jsonpos_seg *path,
		 size_t n, bool want_key, struct jsonpos *out);

/*
 * Checks that objects and arrays nest no deeper than max, counting
 * brackets outside strings; works on any bytes, well-formed or not.
 * Returns 0, or -1 with *where set to the offset of the first bracket
 * past the limit.
 */
int jsonpos_check_depth(const char *text, size_t len, int max, size_t *where);

#endif
