/* SPDX-License-Identifier: Apache-2.0 */
/*
 * authparse: parsers for the files that set how local logins are checked:
 * shadow's /etc/login.defs and Linux-PAM's /etc/pam.d/SERVICE files.
 *
 * login.defs, as shadow 4.13 (Debian 12) reads it (getdef.c): a line is
 * "NAME VALUE"; blanks (space, tab) before NAME are skipped and
 * whitespace at the end of the line is cut; an empty line or one whose
 * NAME starts with '#' is a comment, and so is a line with a NAME only;
 * the VALUE starts after the blanks and double quotes that follow NAME
 * and ends at the next double quote or the end of the line (so a '#'
 * after a value is part of it, as shadow reads it).  A NUL byte ends a
 * line's content.  When a NAME is given twice the last one counts.
 * Unknown names are kept: shadow warns and other readers (useradd,
 * login, pam_unix) may know them.
 *
 * A pam.d file, as Linux-PAM 1.5.2 with Debian's patches reads it: a '#'
 * anywhere starts a comment that runs to the end of the line; a line
 * ending in a backslash (before trailing blanks) continues on the next
 * line, the backslash turning into a space (blank and comment lines in
 * between are skipped); a NUL byte ends a line's content.  A line is then
 *   [-]TYPE CONTROL MODULE [ARGUMENTS]
 * with TYPE auth, account, password or session (case-insensitive; a
 * leading '-' means a missing module is not an error), CONTROL a keyword
 * (required, requisite, sufficient, optional, include, substack) or a
 * "[value=action ...]" group, which may hold blanks; or, Debian's
 * extension, "@include FILE".  Tokens are separated by blanks; a '['
 * opens a group that only ']' closes.
 *
 * Both parsers are pure: no I/O, no allocation beyond what a caller's
 * struct buf holds, no printing; errors into err[errsize].  What they
 * return points into the caller's text (login.defs) or buffer (pam).
 */
#ifndef VIGIL_AUTHPARSE_H
#define VIGIL_AUTHPARSE_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* A longer line (pam: once assembled) is skipped as an error. */
#define AUTHPARSE_LINE_MAX (64u << 10)
/* Definitions kept from one login.defs. */
#define AUTHPARSE_DEFS_MAX 65536

/* ---- login.defs ---- */

/* One definition: spans into the text, not terminated. */
struct authparse_def {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
	unsigned line; /* from 1 */
};

/*
 * Parses one line (len bytes, without its newline).  Returns 1 with *out
 * set (its line left 0) for a definition, 0 for a comment, an empty line
 * or a NAME alone, -1 with err set for a line over AUTHPARSE_LINE_MAX.
 */
int authparse_logindefs_line(const char *line, size_t len,
			     struct authparse_def *out, char *err,
			     size_t errsize);

/*
 * Parses a whole login.defs into the definitions that count (the last of
 * each NAME), in the order of the lines that set them, as a malloc'd
 * array in *defs (the caller frees it; NULL when there are none) of *n
 * entries pointing into text.  Lines that are too long are skipped and
 * counted in *bad (may be NULL).  Returns 0, or -1 with err set when
 * memory runs out (nothing to free then).  At most AUTHPARSE_DEFS_MAX
 * definitions are kept.
 */
int authparse_logindefs(const char *text, size_t len,
			struct authparse_def **defs, size_t *n, unsigned *bad,
			char *err, size_t errsize);

/* ---- pam.d ---- */

/* One rule.  Spans point into the buffer given to authparse_pam_next(). */
struct authparse_pam {
	bool include;         /* "@include FILE": module is FILE */
	bool optional_module; /* the TYPE had a leading '-' */
	const char *type;     /* without the '-'; NULL when missing */
	size_t type_len;
	const char *control;  /* NULL when missing */
	size_t control_len;
	const char *module;   /* NULL when missing */
	size_t module_len;
	const char *args;     /* NULL when there are none; each run of blanks
			       * outside a "[...]" group is one space */
	size_t args_len;
	unsigned line;        /* of the rule's first line, from 1 */
};

/* Where authparse_pam_next() is in a file. */
struct authparse_pamiter {
	const char *text;
	size_t len, pos;
	unsigned line;
};

void authparse_pam_start(struct authparse_pamiter *it, const char *text,
			 size_t len);

/*
 * Assembles the next rule into scratch (reset first; give it a cap above
 * AUTHPARSE_LINE_MAX) and cuts it.  Returns 1 with *out set, 0 at the end
 * of the text, -1 with err set for a rule that cannot be used (over
 * AUTHPARSE_LINE_MAX, or a continuation still open at the end of the
 * text, which Linux-PAM 1.5.2 refuses): it is skipped, call again to go
 * on; -2 with err set when scratch cannot grow (stop).
 */
int authparse_pam_next(struct authparse_pamiter *it, struct buf *scratch,
		       struct authparse_pam *out, char *err, size_t errsize);

#endif
