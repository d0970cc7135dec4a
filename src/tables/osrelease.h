/* SPDX-License-Identifier: Apache-2.0 */
/*
 * osrelease: a parser of one line of os-release(5) (/etc/os-release,
 * /usr/lib/os-release).
 *
 * The file is a list of shell-compatible assignments, KEY=value, one per
 * line; blank lines and lines starting with "#" are ignored.  A value is a
 * run of pieces written the way a POSIX shell reads them:
 *   unquoted   a backslash takes the next character literally;
 *   "..."      a backslash escapes only $ " \ ` and a newline, and is kept
 *              before any other character;
 *   '...'      taken literally, no escapes.
 * Pieces may be joined (A="x"'y'z gives xyz).  Unquoted whitespace ends the
 * value; after it only whitespace or a "#" comment may follow.  Anything
 * else (no "=", a bad key, an unterminated quote, trailing words) is
 * refused.
 *
 * The parser is pure: no file access and no allocation.  It works in place
 * (unquoting only ever shortens), so the key and value point into the
 * caller's line.
 */
#ifndef VIGIL_OSRELEASE_H
#define VIGIL_OSRELEASE_H

#include <stddef.h>

/*
 * Parses one line (a trailing newline is allowed), modifying it in place.
 * Returns 1 and sets *key and *value (pointers into line) for an
 * assignment; 0 for a blank or comment line; -1 for anything else, with a
 * reason in err (NUL-terminated, cut to errsize).
 */
int osrelease_parse_line(char *line, char **key, char **value, char *err,
			 size_t errsize);

#endif
