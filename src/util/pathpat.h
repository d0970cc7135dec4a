/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pathpat: osquery's path patterns, expanded by walking the host through
 * hostfs.  They are what `path LIKE '...'` and `directory LIKE '...'` mean
 * to the file and hash tables.
 *
 * A pattern is an absolute path cut at '/' into components:
 *   - '%' in a component matches any run of characters within that one
 *     component ('/etc/%.conf', '/home/%/.ssh/authorized_keys');
 *   - '_' matches exactly one character (one UTF-8 sequence);
 *   - a component that is exactly "%%" matches one or more whole
 *     components ('/etc/%%' is everything below /etc, '/srv/%%/index.php'
 *     any index.php at least one level below /srv);
 *   - every other character matches itself, case-sensitively, as the
 *     filesystem compares names.
 * Wildcards match names that begin with a dot as well (osquery's glob(3)
 * hides them, which hides exactly what an attacker would hide); "." and
 * ".." are never produced.  A pattern ending in '/' matches directories
 * only, and the paths it yields keep the trailing '/'.
 *
 * Every path yielded is also matched by the same text used as an SQL LIKE
 * pattern, so SQLite's re-check of the WHERE clause keeps the rows.
 *
 * Bounds: the walk never goes more than PATHPAT_MAX_DEPTH components below
 * the root; never enters a symbolic link to a directory that a "%%" took
 * (the link itself is yielded; a link that a literal component names or a
 * '%' matches is entered, as that cannot loop); holds at most
 * PATHPAT_DIR_MAX bytes of names for one directory (the rest of a larger
 * one is skipped); and stops after a cap on results (PATHPAT_MAX_RESULTS
 * unless the caller names a smaller one), returning what it found.
 * Entries that vanish or cannot be read during the walk are skipped.
 */
#ifndef VIGIL_PATHPAT_H
#define VIGIL_PATHPAT_H

#include <stdbool.h>
#include <stddef.h>

#define PATHPAT_MAX_DEPTH 64
#define PATHPAT_MAX_RESULTS 1000000
#define PATHPAT_DIR_MAX (64u << 20)

enum pathpat_flags {
	PATHPAT_DIRS = 1 << 0, /* yield directories (or links to them) only */
};

/*
 * Called once per path found, in order (names sorted bytewise within each
 * directory).  The path is valid during the call only.  Return 0 to go on,
 * or -1 to stop the walk.
 */
typedef int (*pathpat_fn)(const char *path, void *arg);

/* True when the pattern holds a wildcard ('%' or '_'). */
bool pathpat_has_wildcard(const char *pattern);

/* True when one component name matches one component pattern. */
bool pathpat_match(const char *pat, const char *name);

/*
 * Expands pattern, calling fn for each path that exists and matches.  A
 * pattern with no wildcard yields itself, verbatim, when the path exists
 * (a dangling symbolic link exists).  A relative pattern matches nothing.
 * max caps the number of paths (0 means PATHPAT_MAX_RESULTS).
 *
 * Returns 0 when the walk completed, 1 when it stopped at the cap, or -1
 * when fn returned -1 (errno untouched) or memory ran out (errno ENOMEM).
 */
int pathpat_expand(const char *pattern, unsigned flags, size_t max,
		   pathpat_fn fn, void *arg);

/*
 * Calls fn with dir joined to each entry name of the directory dir (not
 * "." or ".."), sorted, at most PATHPAT_MAX_RESULTS of them.  A directory
 * that cannot be opened has no entries.  Returns 0, 1 when capped, or -1
 * as pathpat_expand.
 */
int pathpat_list(const char *dir, pathpat_fn fn, void *arg);

/*
 * Resolves every symbolic link, ".", ".." and repeated '/' in the absolute
 * host path into dst (size bytes), resolving beneath the root as hostfs
 * does: an absolute link target starts again at the root and ".." stops
 * there.  Every component must exist.  Returns 0, or -1 with errno set
 * (ENOENT, ELOOP after 40 links, ENAMETOOLONG, EINVAL for a relative path).
 */
int pathpat_realpath(const char *path, char *dst, size_t size);

#endif
