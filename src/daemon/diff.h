/* SPDX-License-Identifier: Apache-2.0 */
/*
 * diff: differential results, as osquery logs them.
 *
 * A run's rows become a canonical row set: each row one JSON object with
 * its keys sorted and its values typed (integers, reals, text; NULL as ""
 * as osquery writes it; text that is not UTF-8 has its bad bytes replaced
 * by U+FFFD), the rows sorted bytewise and each ended by '\n'.  The set's
 * bytes are what the store keeps as the query's previous result, so two
 * runs compare by a merge of two sorted lists; equal rows count (a
 * multiset, as osquery's).
 *
 * Each run is compared with the stored set and the difference logged in
 * osquery's results format:
 *
 *   event form (log_result_events, one line per row):
 *     {"name":..,"hostIdentifier":..,"calendarTime":..,"unixTime":..,
 *      "epoch":..,"counter":..,"numerics":..,"decorations":{..},
 *      "columns":{..},"action":"removed"|"added"}
 *   batch form (one line per run):
 *     {"diffResults":{"removed":[..],"added":[..]},"name":.., ...}
 *   snapshot queries (the whole set every run):
 *     {"snapshot":[..],"action":"snapshot","name":.., ...}
 *
 * with removed rows before added ones, as osquery orders them.  Values are
 * strings unless logger_numerics; "decorations" is left out when empty,
 * or its keys lifted to the top with decorations_top_level.  The counter
 * follows osquery: 0 for a query's first results, after an epoch change
 * or after its SQL changed; then +1 for each run that logs a change.
 * Snapshots always log counter 0 (osquery's fresh results).
 *
 * diff_apply() does a run's bookkeeping in ONE store transaction: read the
 * previous set, queue the lines, save the new set and counter.  A crash
 * at any point either keeps all of it or none of it, so a change can be
 * logged twice (the queue is delivered at least once) but never lost and
 * never invented.
 */
#ifndef VIGIL_DIFF_H
#define VIGIL_DIFF_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/buf.h"

/* Largest canonical result set a query may produce. */
#define DIFF_MAX_BYTES (64u << 20)

struct rowset_row {
	size_t off; /* into data */
	size_t len; /* without the '\n' */
};

struct rowset {
	struct buf data;	 /* the rows, each ended by '\n' */
	struct rowset_row *rows;
	size_t n, alloc;
	bool sorted;
};

#define ROWSET_INIT { BUF_INIT(DIFF_MAX_BYTES), NULL, 0, 0, false }

void diff_rowset_release(struct rowset *rs);

/*
 * Appends the current row of st (after sqlite3_step returned SQLITE_ROW)
 * in canonical form.  Returns 0, or -1 with the reason in err (the set
 * grew past DIFF_MAX_BYTES, or memory ran out).
 */
int diff_rowset_add(struct rowset *rs, sqlite3_stmt *st, char *err,
		    size_t errsize);

/* Appends one canonical row given as JSON text (tests, loading).  0/-1. */
int diff_rowset_add_json(struct rowset *rs, const char *row, size_t len);

/* Sorts the rows and lays out data in that order: data is then the
 * canonical bytes to store.  0 or -1 (ENOMEM). */
int diff_rowset_finish(struct rowset *rs);

/* Loads a stored canonical set (one row per line).  0 or -1. */
int diff_rowset_load(struct rowset *rs, const char *data, size_t len);

/* Rows of cur not in prev (added) and of prev not in cur (removed), as
 * indices into each set's rows, in canonical order. */
struct diff_result {
	size_t *added;
	size_t nadded;
	size_t *removed;
	size_t nremoved;
};

/* Compares two finished sets.  0 or -1 (ENOMEM).  diff_result_release()
 * the result. */
int diff_compute(const struct rowset *prev, const struct rowset *cur,
		 struct diff_result *out);
void diff_result_release(struct diff_result *d);

/* What every line of one run carries. */
struct diff_meta {
	const char *name;
	const char *host;
	int64_t unix_time;
	int64_t epoch;
	int64_t counter;
	bool numerics;
	bool decorations_top_level;
	const json_t *decorations; /* object of strings, or NULL */
};

/* Receives each line (no newline); 0 to go on, -1 to stop with failure. */
typedef int (*diff_emit_fn)(void *arg, enum store_kind kind, const char *line,
			    size_t len);

/*
 * Formats the lines of a run: one per row (events), one for the run
 * (batch; none when nothing changed), or the whole set (snapshot).
 * Removed rows are logged only with with_removed (the query's "removed").
 * Returns 0, or -1 when emit failed or memory ran out.
 */
int diff_emit_events(const struct diff_meta *m, const struct rowset *prev,
		     const struct rowset *cur, const struct diff_result *d,
		     bool with_removed, diff_emit_fn emit, void *arg);
int diff_emit_batch(const struct diff_meta *m, const struct rowset *prev,
		    const struct rowset *cur, const struct diff_result *d,
		    bool with_removed, diff_emit_fn emit, void *arg);
int diff_emit_snapshot(const struct diff_meta *m, const struct rowset *cur,
		       diff_emit_fn emit, void *arg);

/* osquery's calendarTime: "Mon Jan  2 15:04:05 2006 UTC". */
void diff_calendar_time(int64_t t, char *dst, size_t size);

struct diff_query {
	const char *name;
	const char *sql;
	bool snapshot;
	bool removed; /* log removed rows */
};

struct diff_opts {
	const char *host;
	int64_t now;	/* Unix time of the run */
	int64_t epoch;
	bool events;	/* log_result_events */
	bool numerics;
	bool decorations_top_level;
	const json_t *decorations;
	int64_t queue_max;   /* 0: no cap */
	bool drop_oldest;    /* at the cap: drop the oldest lines */
	/* Called inside the transaction before it commits (statistics);
	 * may be NULL.  Returns 0 or -1 (the run is then rolled back). */
	int (*in_txn)(void *arg, struct store *s);
	void *in_txn_arg;
};

struct diff_outcome {
	size_t added, removed;	/* rows logged */
	size_t lines;		/* lines queued */
	size_t bytes;		/* bytes queued */
	int64_t counter;
	int64_t dropped;	/* oldest lines dropped at the queue cap */
	bool fresh;		/* first results (or new epoch, new SQL) */
};

/*
 * Does one run's bookkeeping in one transaction (see above).  cur must be
 * finished.  Returns 0, or -1 with the reason in err (nothing changed).
 */
int diff_apply(struct store *s, const struct diff_query *q,
	       const struct rowset *cur, const struct diff_opts *o,
	       struct diff_outcome *out, char *err, size_t errsize);

#endif
