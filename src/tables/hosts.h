/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hosts: the parser behind the etc_hosts table, exported for tests.
 *
 * A line of /etc/hosts is an address followed by host names, separated by
 * blanks (spaces and tabs); a '#' anywhere starts a comment that runs to
 * the end of the line (hosts(5), and glibc's own parser).  The parser works
 * in place and never allocates.
 */
#ifndef VIGIL_HOSTS_H
#define VIGIL_HOSTS_H

#include <stddef.h>

/* Longest line the parser takes; a longer one is refused, not cut. */
#define HOSTS_LINE_MAX (64u * 1024)

/* One /etc/hosts entry; the strings point into the parsed line. */
struct hosts_ent {
	char *address;
	/* The names joined by single spaces, or NULL when the line has an
	 * address and no names. */
	char *hostnames;
};

/*
 * Parses line[0..len) into *out.  The buffer must hold len + 1 writable
 * bytes: the line is rewritten in place (a NUL may go at line[len]).
 * Returns 0, or -1 with the reason in err (cut to errsize): "blank line"
 * for a line holding only blanks or a comment, "line too long", "NUL byte
 * in line".
 */
int hosts_parse(char *line, size_t len, struct hosts_ent *out, char *err,
		size_t errsize);

#endif
