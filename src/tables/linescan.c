/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linescan.c: cutting a byte stream into lines (linescan.h).  The search
 * for '\n' is memchr's, which reads a word or a vector at a time, so a
 * scan costs about what `wc -l` spends on the same bytes.  Counting
 * compares sixteen bytes at a time instead (GCC's vector extension, one
 * SSE2 compare on x86-64) and never looks at a line on its own.
 */
#include "tables/linescan.h"

#include <string.h>

void linescan_init(struct linescan *ls, size_t max)
{
	ls->max = max ? max : 1;
	ls->skipping = false;
	ls->number = 0;
	ls->pending = 0;
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

/* The '\n's in p[0..n). */
static size_t count_newlines(const char *p, size_t n)
{
	typedef unsigned char v16 __attribute__((vector_size(16)));
	const v16 nl = (v16){ 0 } + '\n';
	size_t total = 0, i = 0;

	while (n - i >= 16) {
		/* A lane counts at most 255 before it wraps: add them up
		 * every 255 vectors. */
		size_t vecs = (n - i) / 16 < 255 ? (n - i) / 16 : 255;
		size_t end = i + vecs * 16, k;
		v16 acc = { 0 };

		for (; i < end; i += 16) {
			v16 v;

			memcpy(&v, p + i, sizeof(v));
			acc -= (v16)(v == nl); /* a match is all ones: -1 */
		}
		for (k = 0; k < sizeof(acc); k++)
			total += acc[k];
	}
	for (; i < n; i++)
		total += p[i] == '\n';
	return total;
}

int64_t linescan_count(struct linescan *ls, const char *data, size_t len,
		       bool eof)
{
	int64_t lines = 0;
	size_t pos = 0, nl;

	if (len == 0 && !eof)
		return 0;
	if (ls->skipping) {
		/* The rest of a cut line: it was counted when it was cut. */
		const char *end = memchr(data, '\n', len);

		if (!end)
			return 0;
		ls->skipping = false;
		ls->pending = 0;
		pos = (size_t)(end - data) + 1;
	}
	nl = count_newlines(data + pos, len - pos);
	if (nl > 0) {
		const char *last = memrchr(data + pos, '\n', len - pos);

		lines += (int64_t)nl;
		ls->pending = len - (size_t)(last - data) - 1;
	} else {
		ls->pending += len - pos;
	}
	if (eof) {
		if (ls->pending > 0)
			lines++; /* a last line without its '\n' */
		ls->pending = 0;
	} else if (ls->pending > ls->max &&
		   !(ls->pending == ls->max + 1 && data[len - 1] == '\r')) {
		/* linescan_feed would cut the unfinished line now. */
		lines++;
		ls->skipping = true;
		ls->pending = 0;
	}
	ls->number += lines;
	return lines;
}
