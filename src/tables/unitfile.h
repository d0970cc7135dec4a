/* SPDX-License-Identifier: Apache-2.0 */
/*
 * unitfile: a parser of systemd unit files (systemd.syntax(7),
 * systemd.unit(5)) into one ordered list of assignments.
 *
 * A unit is its fragment file followed by its drop-ins (the .conf files of NAME.d/, in
 * the order systemd applies them): call unitfile_parse() once per file, in
 * that order, on the same struct unitfile.  The result is every
 * assignment, in order, as (section, key, value, file, line), which is
 * what both systemd_units and a hardening audit need: the effective value
 * of a setting is the last assignment to it, and a list setting is every
 * assignment after the last empty one ("ExecStart=" resets the list).
 * unitfile_get() and unitfile_list_start() apply those two rules.
 *
 * The syntax, as systemd's own config_parse() reads it:
 *   - lines end at "\n", "\r\n", "\r" or a NUL byte; a UTF-8 byte order
 *     mark at the start of a file is skipped;
 *   - blank lines and lines whose first non-blank character is '#' or ';'
 *     are ignored, also in the middle of a continued line;
 *   - a line ending in an unescaped backslash continues on the next line:
 *     the backslash becomes a space and the next line is appended as is;
 *     a continuation still open at the end of the file ends there;
 *   - "[Name]" starts a section; a line starting '[' that does not end
 *     with ']' is an error (systemd refuses to load the unit);
 *   - "Key=Value" is an assignment, with blanks around the key and around
 *     the value trimmed.  Assignments before the first section, lines
 *     without '=', empty keys and ".include" lines are ignored, as systemd
 *     ignores them with a warning;
 *   - a line (continuations included) longer than UNITFILE_LINE_MAX is an
 *     error, as it is for systemd.
 * Values are kept as written: quoting and escapes mean something only to
 * the settings that take lists of words (ExecStart=, Environment=,
 * ReadWritePaths= ...); unitfile_word() splits those the way systemd's
 * extract_first_word() does.
 *
 * The parsing functions are pure: no I/O and no printing.  The list owns
 * its strings; unitfile_release() frees them.
 */
#ifndef VIGIL_UNITFILE_H
#define VIGIL_UNITFILE_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* systemd's LONG_LINE_MAX. */
#define UNITFILE_LINE_MAX (1u << 20)
/* Assignments kept for one unit, all its files together. */
#define UNITFILE_ENTRIES_MAX 65536

/* One assignment.  Every string is non-NULL and owned by the unitfile. */
struct unitfile_entry {
	const char *section; /* "Unit", "Service", "Install", "X-Foo" ... */
	const char *key;
	const char *value;   /* "" for an empty (resetting) assignment */
	const char *file;    /* the file name given to unitfile_parse() */
	unsigned line;       /* where the assignment starts, from 1 */
};

struct unitfile {
	struct unitfile_entry *v; /* n assignments, in file order */
	size_t n;
	size_t alloc;
	char **strs; /* strings owned, for unitfile_release() */
	size_t nstrs;
	size_t astrs;
};

/* Starts an empty list. */
void unitfile_init(struct unitfile *u);

/* Frees everything the list holds; it can be reused after unitfile_init(). */
void unitfile_release(struct unitfile *u);

/*
 * Appends the assignments of one file's text (len bytes, need not be
 * terminated) to u, recording file (copied) as their origin.  Returns 0,
 * or -1 with the reason and line in err: a bad section header, a line
 * over UNITFILE_LINE_MAX, more than UNITFILE_ENTRIES_MAX assignments, or
 * no memory.  On -1, u holds exactly what it held before the call.
 */
int unitfile_parse(struct unitfile *u, const char *file, const char *text,
		   size_t len, char *err, size_t errsize);

/* The last assignment to section.key, or NULL when there is none. */
const struct unitfile_entry *unitfile_last(const struct unitfile *u,
					   const char *section,
					   const char *key);

/*
 * The effective value of a single-valued setting: the value of the last
 * assignment, or NULL when there is none or the last one is empty (an
 * empty assignment resets the setting to its default).
 */
const char *unitfile_get(const struct unitfile *u, const char *section,
			 const char *key);

/*
 * Where the effective entries of a list setting start: the index just
 * after the last empty assignment to section.key, or 0.  The effective
 * values are the entries from there on for which unitfile_is() is true.
 */
size_t unitfile_list_start(const struct unitfile *u, const char *section,
			   const char *key);

/* True when entry e assigns section.key. */
bool unitfile_is(const struct unitfile_entry *e, const char *section,
		 const char *key);

/* True when the unit has at least one assignment in section. */
bool unitfile_has_section(const struct unitfile *u, const char *section);

/*
 * Splits the next word off *p the way systemd's extract_first_word() does
 * with quote removal and C escapes: blanks separate words; "..." and '...'
 * group (and may be glued to other text: a"b c"d is one word); a
 * backslash starts a C escape: \a \b \f \n \r \t \v \\ \" \' \s (space),
 * \xHH and \NNN (octal); any other escaped character is kept with its
 * backslash, as systemd's relaxed unescaping keeps it ("\;" in
 * ExecStart=).  The word is appended to out (which is reset first).
 * Returns 1 with *p moved past the word, 0 when only blanks remain, or -1
 * with err for an unterminated quote, a trailing backslash, \x without two
 * hex digits, an escaped NUL, or a word too long for out.
 */
int unitfile_word(const char **p, struct buf *out, char *err, size_t errsize);

/*
 * Expands the unit-name specifiers of systemd.unit(5) in value for the
 * unit called name ("getty@tty1.service") into out (reset first): %n the
 * full name, %N the name without its type suffix, %p the prefix (before
 * '@', or %N), %P the prefix unescaped, %i the instance, %I the instance
 * unescaped ('-' is '/', \xHH a byte), %j the last dash-separated part of
 * the prefix, %J it unescaped, and %% a percent sign.  Any other specifier
 * is copied as written: vigil cannot know the host-dependent ones (%H, %b,
 * %m ...) of another host.  Returns 0, or -1 when out refuses to grow.
 */
int unitfile_expand(const char *value, const char *name, struct buf *out);

/*
 * Unit name helpers.  unitfile_name_type() returns the suffix after the
 * last '.' ("service") when name is a valid unit name of one of systemd's
 * types (service socket target device mount automount swap timer path
 * slice scope), else NULL.  unitfile_name_template() writes the template
 * of an instance ("getty@tty1.service" -> "getty@.service") into dst and
 * returns 0, or -1 when name is not an instance.  unitfile_name_is_template()
 * is true for "getty@.service".
 */
const char *unitfile_name_type(const char *name);
int unitfile_name_template(const char *name, char *dst, size_t size);
bool unitfile_name_is_template(const char *name);

#endif
