/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linescan.c: cutting a byte stream into lines (linescan.h).  The search
 * for '\n' is memchr's, which reads a word or a vector at a time, so a
 * scan costs about what `wc -l` spends on the same bytes.
 */
#include "tables/linescan.h"

#include <string.h>

void linescan_init(struct linescan *ls, size_t max)
{
	ls->max = max ? max : 1;
	ls->skipping = false;
	ls->number = 0;
}

/* Passes on data[0..n), dropping one final '\r' unless it is cut. */
static int emit(struct linescan *ls, const char *data, size_t n,
		linescan_fn fn, void *arg)
{
	bool cut = false;

	if (n > 0 && data[n - 1] == '\r')
		n--;
	if (n > ls->max) {
		n = ls->max;
		cut = true;
	}
	ls->number++;
	return fn(data, n, ls->number, cut, arg);
}

ssize_t linescan_feed(struct linescan *ls, const char *data, size_t len,
		      bool eof, linescan_fn fn, void *arg)
{
	size_t pos = 0;
	int rc;

	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t n = (nl ? (size_t)(nl - data) : len) - pos;

		if (ls->skipping) {
			/* The rest of a cut line: drop it up to its '\n'. */
			if (!nl)
				return (ssize_t)len;
			ls->skipping = false;
			pos += n + 1;
			continue;
		}
		if (!nl && !eof) {
			/*
			 * An unfinished line.  Keep it for the next call
			 * while it may still fit: up to max bytes, and a
			 * '\r' that a '\n' may follow.
			 */
			if (n <= ls->max ||
			    (n == ls->max + 1 && data[len - 1] == '\r'))
				return (ssize_t)pos;
			ls->skipping = true;
			ls->number++;
			if (fn(data + pos, ls->max, ls->number, true, arg) < 0)
				return -1;
			return (ssize_t)len;
		}
		rc = emit(ls, data + pos, n, fn, arg);
		if (rc < 0)
			return -1;
		pos += n + (nl ? 1 : 0);
		if (rc > 0)
			return (ssize_t)pos;
	}
	return (ssize_t)len;
}
