/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linescan: cuts a byte stream into lines, for the file_lines table.
 *
 * The caller reads a file in large blocks and hands the scanner what it
 * holds; the scanner calls back once per complete line with a pointer into
 * the caller's bytes (nothing is copied) and says how many bytes it used.
 * The bytes it did not use are the start of an unfinished line: the caller
 * keeps them in front of the next block.
 *
 * What a line is:
 *   - the bytes up to a '\n', which is not part of the line; one '\r' just
 *     before it is dropped too, so CRLF files read like LF files;
 *   - at the end of the input (eof), the bytes after the last '\n', if
 *     any, are a last line (a file without a final newline loses nothing;
 *     a '\r' ending them is dropped the same way); an empty input, or one
 *     ending in '\n', has no empty last line;
 *   - a line longer than the scanner's max is cut: the callback gets its
 *     first max bytes with cut set (no '\r' is dropped then), and the rest
 *     of that line, up to and including its '\n', is skipped.  Line
 *     numbers count the cut line once.
 * Bytes are not interpreted otherwise: a NUL or invalid UTF-8 is passed on
 * as it is.
 *
 * Because a line is cut as soon as it is known to be longer than max,
 * what the scanner leaves unused is at most max + 1 bytes (max, and a '\r'
 * that may yet be followed by '\n'): a caller whose buffer holds max + 1
 * bytes more than its block size always has room for a full block.
 *
 * The scanner does no I/O and never allocates.
 */
#ifndef VIGIL_LINESCAN_H
#define VIGIL_LINESCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct linescan {
	size_t max;     /* longest line passed on whole; at least 1 */
	bool skipping;  /* inside the rest of a cut line */
	int64_t number; /* lines passed on so far */
	size_t pending; /* linescan_count: bytes of the unfinished line */
};

/*
 * Called once per line: line[0..len) (not terminated), its number counted
 * from 1, and whether it was cut.  Return 0 to go on, 1 to pause after
 * this line (the caller's consumer is full: linescan_feed returns at once,
 * and a later call with the bytes it did not use goes on from the next
 * line), -1 to stop.
 */
typedef int (*linescan_fn)(const char *line, size_t len, int64_t number,
			   bool cut, void *arg);

/* Prepares a scanner that cuts lines at max bytes (0 is taken as 1). */
void linescan_init(struct linescan *ls, size_t max);

/*
 * Scans data[0..len).  Without eof, the bytes after the last '\n' are left
 * for the next call (unless they already make a line longer than max: then
 * that line is passed on cut and they are used).  With eof, everything is
 * used, unless fn pauses: then the bytes after the paused line are left.
 * Returns the number of bytes used, or -1 when fn returned -1.
 */
ssize_t linescan_feed(struct linescan *ls, const char *data, size_t len,
		      bool eof, linescan_fn fn, void *arg);

/*
 * Counts the lines in data[0..len) without passing them on, for a query
 * that reads none of their text: the count is what linescan_feed would
 * pass on, line for line and cut line for cut line, when the stream comes
 * in the same blocks with the same eof (the differential fuzz target
 * holds it to that).  Every byte is used, so the caller keeps nothing:
 * the scanner remembers how long the unfinished line is.  Returns the
 * number of lines, which ls->number also counts; a scanner is used either
 * for feeds or for counts, not both.
 */
int64_t linescan_count(struct linescan *ls, const char *data, size_t len,
		       bool eof);

#endif
