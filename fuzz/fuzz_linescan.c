/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_linescan: libFuzzer target for the line scanner of linescan.h,
 * which cuts the bytes of any file into lines for the file_lines table.
 *
 * The first input byte picks the longest line (max, 1 to 64) and the block
 * size (1 to 16 bytes), the second how often a paused scan pauses (every
 * 1 to 8 lines); the rest is the file.  The file is scanned three times:
 * in one call with eof; block by block the way the table reads, with the
 * unused tail kept in front of the next block in a buffer of exactly
 * block + max + 1 bytes (the room linescan.h promises is enough); and
 * block by block with the callback pausing, each pause followed by a feed
 * of what was left, as the streaming table resumes.  Every line passed on
 * is recorded as (number, cut, bytes).  The lines are also counted block
 * by block with linescan_count, and both ways are run once more with the
 * stream stopping short of eof, as a table stops at its byte cap.
 *
 * Besides crashes, the target checks: all scans pass on exactly the same
 * lines; numbers count from 1 without gaps; a line is at most max bytes,
 * and shorter than max only when not cut; a line holds no '\n'; a feed
 * uses no more than it was given, leaves at most max + 1 bytes unused
 * unless it paused, and uses everything at eof unless it paused; a count
 * equals the number of lines the scans passed on, with eof and without.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/linescan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The lines one scan passed on, serialised one after another. */
struct rec {
	unsigned char *b;
	size_t len, cap;
	size_t max;
	int64_t last;
	int64_t pause_every; /* pause after every Nth line; 0 never */
	bool paused;         /* the last feed ended in a pause */
};

static void rec_add(struct rec *r, const void *p, size_t n)
{
	if (r->len + n > r->cap) {
		size_t cap = (r->len + n) * 2 + 64;
		unsigned char *b = realloc(r->b, cap);

		if (!b)
			abort();
		r->b = b;
		r->cap = cap;
	}
	if (n)
		memcpy(r->b + r->len, p, n);
	r->len += n;
}

static int on_line(const char *line, size_t len, int64_t number, bool cut,
		   void *arg)
{
	struct rec *r = arg;
	unsigned char c = cut;

	if (number != r->last + 1 || len > r->max || (cut && len != r->max) ||
	    memchr(line, '\n', len))
		abort();
	r->last = number;
	rec_add(r, &number, sizeof(number));
	rec_add(r, &c, 1);
	rec_add(r, &len, sizeof(len));
	rec_add(r, line, len);
	if (r->pause_every && number % r->pause_every == 0) {
		r->paused = true;
		return 1;
	}
	return 0;
}

/* Scans text in one call, with eof. */
static void scan_whole(const uint8_t *text, size_t n, size_t max,
		       struct rec *r)
{
	struct linescan ls;
	char *b = malloc(n ? n : 1);
	ssize_t used;

	if (!b)
		abort();
	if (n)
		memcpy(b, text, n);
	linescan_init(&ls, max);
	used = linescan_feed(&ls, b, n, true, on_line, r);
	if (used < 0 || (size_t)used != n)
		abort();
	free(b);
}

/*
 * Scans text block by block, as the file_lines table reads a file; when
 * r pauses, what the feed left is fed again before the next block.  With
 * stop_short, the last block is fed without eof.
 */
static void scan_blocks(const uint8_t *text, size_t n, size_t max,
			size_t block, bool stop_short, struct rec *r)
{
	struct linescan ls;
	size_t cap = block + max + 1, have = 0, off = 0, k;
	char *b = malloc(cap);
	ssize_t used;
	bool eof;

	if (!b)
		abort();
	linescan_init(&ls, max);
	do {
		k = n - off < block ? n - off : block;
		if (have + k > cap)
			abort(); /* the scanner left more than max + 1 bytes */
		if (k)
			memcpy(b + have, text + off, k);
		have += k;
		off += k;
		eof = off == n;
		if (eof && stop_short) {
			/* Stopped short: what is left unfinished is lost. */
			r->paused = false;
			if (linescan_feed(&ls, b, have, false, on_line, r) < 0)
				abort();
			break;
		}
		do {
			r->paused = false;
			used = linescan_feed(&ls, b, have, eof, on_line, r);
			if (used < 0 || (size_t)used > have)
				abort();
			if (!r->paused && (have - (size_t)used > max + 1 ||
					   (eof && (size_t)used != have)))
				abort();
			memmove(b, b + used, have - (size_t)used);
			have -= (size_t)used;
		} while (r->paused);
	} while (!eof);
	free(b);
}

/* Counts the lines of text block by block; with cap, the last block is
 * counted without eof. */
static int64_t count_blocks(const uint8_t *text, size_t n, size_t max,
			    size_t block, bool cap)
{
	struct linescan ls;
	size_t off = 0, k;
	int64_t lines = 0;
	bool eof;

	linescan_init(&ls, max);
	do {
		k = n - off < block ? n - off : block;
		off += k;
		eof = off == n;
		lines += linescan_count(&ls, (const char *)text + off - k, k,
					eof && !cap);
	} while (!eof);
	if (lines != ls.number)
		abort();
	return lines;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec whole = { 0 }, blocks = { 0 }, paused = { 0 },
		   capped = { 0 };
	size_t max, block;

	if (size < 2)
		return 0;
	max = 1 + (data[0] & 0x3f);
	block = 1 + (data[0] >> 4);
	whole.max = blocks.max = paused.max = capped.max = max;
	paused.pause_every = 1 + (data[1] & 7);
	scan_whole(data + 2, size - 2, max, &whole);
	scan_blocks(data + 2, size - 2, max, block, false, &blocks);
	scan_blocks(data + 2, size - 2, max, block, false, &paused);
	scan_blocks(data + 2, size - 2, max, block, true, &capped);
	if (count_blocks(data + 2, size - 2, max, size, false) != whole.last ||
	    count_blocks(data + 2, size - 2, max, block, false) != whole.last ||
	    count_blocks(data + 2, size - 2, max, block, true) != capped.last)
		abort();
	if (whole.len != blocks.len || whole.len != paused.len ||
	    (whole.len && (memcmp(whole.b, blocks.b, whole.len) != 0 ||
			   memcmp(whole.b, paused.b, whole.len) != 0)))
		abort();
	free(whole.b);
	free(blocks.b);
	free(paused.b);
	free(capped.b);
	return 0;
}
