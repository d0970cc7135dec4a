/* SPDX-License-Identifier: Apache-2.0 */
/*
 * passwd: parsers for one line of /etc/passwd and one line of /etc/group.
 *
 * Both are pure: no I/O, no allocation.  They take one line of len bytes
 * (without its newline, at most PASSWD_LINE_MAX) in a buffer of at least
 * len + 1 writable bytes, cut it into NUL-terminated fields in place (a NUL
 * goes at line[len]), and fill a struct whose strings point into that same
 * buffer.  The caller owns the line and must keep it alive, and
 * writable, for as long as it uses the struct; nothing needs freeing.
 *
 * They accept what glibc's own parser accepts, with stricter numbers:
 *   - leading blanks are skipped; a line that is then empty or starts
 *     with '#' holds no entry (glibc skips those too);
 *   - fields after the ids may be missing ("bob:x:1000:1000" is a user with
 *     an empty description, home and shell); the shell is the rest of the
 *     line, colons included;
 *   - a uid or gid must be decimal digits worth at most 4294967295
 *     (UINT32_MAX), with no sign, space or suffix; otherwise the line is
 *     refused, as glibc refuses a non-numeric id;
 *   - a line holding a NUL byte, or longer than PASSWD_LINE_MAX, is refused.
 * NIS compat entries ("+", "+name", "-name") get no special meaning: their
 * empty ids make them malformed, so they are skipped rather than read as
 * uid 0.
 */
#ifndef VIGIL_PASSWD_H
#define VIGIL_PASSWD_H

#include <stddef.h>
#include <stdint.h>

/* Longest line the parsers take; a longer one is refused, not cut. */
#define PASSWD_LINE_MAX (64u * 1024)

/* One /etc/passwd entry.  Every string is non-NULL and points into the
 * parsed line. */
struct passwd_ent {
	char *name;
	char *passwd;
	uint32_t uid;
	uint32_t gid;
	char *gecos;
	char *dir;
	char *shell;
};

/*
 * One /etc/group entry.  The members are stored in place as nmembers
 * consecutive NUL-terminated names filling members_len bytes from members
 * (blanks around each name trimmed, empty names dropped); walk them with
 * passwd_group_member().  members is an empty string when nmembers is 0.
 */
struct passwd_grent {
	char *name;
	char *passwd;
	uint32_t gid;
	char *members;
	size_t members_len;
	size_t nmembers;
};

/*
 * Parses line[0..len) as a passwd entry into *out, modifying the line.
 * Returns 0, or -1 with the reason in err (cut to errsize; "blank line" and
 * "comment" for lines that hold no entry) and *out unspecified.
 */
int passwd_parse(char *line, size_t len, struct passwd_ent *out, char *err,
		 size_t errsize);

/* The same for a group entry. */
int passwd_parse_group(char *line, size_t len, struct passwd_grent *out,
		       char *err, size_t errsize);

/*
 * Walks a group's members: the first when prev is NULL, else the one after
 * prev (a pointer this function returned).  NULL after the last one.
 */
const char *passwd_group_member(const struct passwd_grent *g,
				const char *prev);

/* An id read as osquery's *_signed columns do: as a signed 32-bit value
 * (4294967294 -> -2). */
int64_t passwd_id_signed(uint32_t id);

/*
 * Parses s as an id with the same rules as the files (digits only, at most
 * UINT32_MAX), for matching a constraint's text.  0 or -1.
 */
int passwd_parse_id(const char *s, size_t len, uint32_t *id);

#endif
