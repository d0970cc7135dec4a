/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store: the daemon's one SQLite file, DIR/vigil.db.
 *
 * It holds what must survive a crash or a restart: the previous result set
 * of every scheduled query (to compute differential results), the outgoing
 * log queue (lines wait there until every logger has taken them), the
 * denylist, counters, a few named strings (meta), and per-query
 * statistics for the osquery_schedule table.
 *
 * Durability: WAL journal with synchronous=FULL, so a commit is on disk
 * before store_commit() returns.  A kill -9 at any moment loses at most the
 * transaction in progress, which rolls back whole; FULL (rather than
 * NORMAL) also keeps the last commits across a power cut, so a result that
 * was committed and then handed to a logger is never rolled back and
 * reported a second time as a change.  The price is one fsync of the WAL
 * per commit: a few per scheduled run.
 *
 * Private: the directory is created 0700 (an existing one is tightened
 * to 0700) and the file is 0600.  The file carries application_id 'VIGL'
 * and a migrations table; a file that is not a vigil store (garbage, a
 * corrupt store, another program's SQLite database) is renamed aside as
 * vigil.db.bad-YYYYmmddTHHMMSSZ and a fresh store created; the caller gets
 * a note saying so.  A store written by a newer vigil (a schema version
 * this one does not know) is refused, not moved: nothing is thrown away
 * that a downgrade could still read.
 *
 * Not thread-safe; one process writes a store at a time (the daemon's
 * pidfile lock sees to that).
 */
#ifndef VIGIL_STORE_H
#define VIGIL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_FILE "vigil.db"
#define STORE_DEFAULT_DIR "/var/lib/vigil"
#define STORE_SCHEMA_VERSION 1

struct store;

/* Kinds of queued lines; the filesystem logger writes them to different
 * files. */
enum store_kind {
	STORE_RESULT = 0,
	STORE_SNAPSHOT = 1,
};

/*
 * Opens DIR/vigil.db, creating DIR and the file as needed and bringing an
 * older schema up to date.  When a bad file had to be moved aside, note
 * (if not NULL) says so, else note is "".  Returns the store
 * (store_free() it), or NULL with the reason in err.
 */
struct store *store_open(const char *dir, char *note, size_t notesize,
			 char *err, size_t errsize);
void store_free(struct store *s);

/* The file's path. */
const char *store_file(const struct store *s);

/*
 * Checks that the file on disk is still this store: not removed, not
 * replaced by another file, its header not overwritten, and that no
 * failure since the last check said the file is corrupt.  If it is not,
 * the store is closed, the bad file moved aside and a fresh store opened
 * in its place.  Returns 0 when nothing changed, 1 when it reopened (note
 * says what happened), -1 when it could not reopen (err; the store is then
 * unusable until a later check succeeds).
 */
int store_check(struct store *s, char *note, size_t notesize, char *err,
		size_t errsize);

/* The last SQLite failure, for messages. */
const char *store_errmsg(const struct store *s);

/* Transactions.  Everything between begin and commit happens whole or
 * not at all.  0 or -1. */
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

/* ---- previous results ---- */

struct store_result {
	bool found;
	char *query;	 /* SQL the rows came from */
	int64_t epoch;
	int64_t counter;
	char *rows;	 /* the canonical row set (diff.h), NUL-terminated */
	size_t len;
};

/* Reads the stored result of a query; out->found false when none.
 * store_result_release() it.  0 or -1. */
int store_result_get(struct store *s, const char *name,
		     struct store_result *out);
void store_result_release(struct store_result *r);

/* Replaces the stored result of a query.  0 or -1. */
int store_result_put(struct store *s, const char *name, const char *query,
		     int64_t epoch, int64_t counter, const char *rows,
		     size_t len);

/* ---- the outgoing log queue ---- */

/* Appends a line (without its newline).  0 or -1. */
int store_queue_push(struct store *s, enum store_kind kind, const char *line,
		     size_t len);

/* The number of queued lines, or -1. */
int64_t store_queue_count(struct store *s);

/* Drops the oldest lines until at most keep remain; *dropped says how many
 * went.  0 or -1. */
int store_queue_trim(struct store *s, int64_t keep, int64_t *dropped);

/*
 * Calls fn for up to limit queued lines with ids above after, oldest first.
 * fn returns 0 to go on, 1 to stop early, -1 to fail.  Returns 0 or -1.
 */
typedef int (*store_queue_fn)(void *arg, int64_t id, enum store_kind kind,
			      const char *line, size_t len);
int store_queue_each(struct store *s, int64_t after, int limit,
		     store_queue_fn fn, void *arg);

/* Removes every queued line with id <= upto; *removed (may be NULL) says
 * how many.  0 or -1. */
int store_queue_delete(struct store *s, int64_t upto, int64_t *removed);

/* The highest id a line has ever had (ids are never reused), or -1. */
int64_t store_queue_last_id(struct store *s);

/* ---- counters: named 64-bit integers (missing ones read as 0) ---- */

/* Lines dropped at the queue cap (buffered_log_max), in total. */
#define STORE_COUNTER_DROPPED "queue.dropped"

int store_counter_get(struct store *s, const char *name, int64_t *v);
int store_counter_set(struct store *s, const char *name, int64_t v);
int store_counter_add(struct store *s, const char *name, int64_t delta);

/* ---- meta: named strings (the instance identifier) ---- */

/* Copies the value of key into dst (cut to size); *found says whether
 * there was one.  0 or -1. */
int store_meta_get(struct store *s, const char *key, char *dst, size_t size,
		   bool *found);
int store_meta_put(struct store *s, const char *key, const char *value);

/* ---- the denylist ---- */

/* *until is the Unix time the query stays denylisted until, 0 when it is
 * not denylisted.  0 or -1. */
int store_denylist_get(struct store *s, const char *name, int64_t *until);
int store_denylist_put(struct store *s, const char *name, int64_t until,
		       const char *reason);
int store_denylist_remove(struct store *s, const char *name);

/* ---- per-query statistics (the osquery_schedule table) ---- */

struct store_stats {
	const char *name;
	const char *query;
	int64_t interval;
	int64_t executions;
	int64_t last_executed;	   /* Unix time */
	int64_t output_size;	   /* bytes of result lines, in total */
	int64_t wall_time_ms;	   /* in total */
	int64_t last_wall_time_ms;
	int64_t user_time;	   /* ms, in total */
	int64_t last_user_time;
	int64_t system_time;	   /* ms, in total */
	int64_t last_system_time;
	int64_t average_memory;	   /* bytes resident after a run, averaged */
	int64_t last_memory;
	int64_t denylisted_until;  /* read only: from the denylist */
};

/*
 * Reads the statistics of a query into out; *found false (and out zeroed
 * but for name) when there are none.  out->query is left NULL (the caller
 * has the query).  0 or -1.
 */
int store_stats_get(struct store *s, const char *name, struct store_stats *out,
		    bool *found);
int store_stats_put(struct store *s, const struct store_stats *v);

/*
 * Forgets the results and statistics of every query not named in names
 * (queries no longer scheduled), so the store does not grow with every
 * name a config ever had.  0 or -1.
 */
int store_forget_others(struct store *s, const char *const *names, size_t n);

/*
 * Reads every query's statistics from the store file at path, read-only,
 * from any process (the osquery_schedule table), in name order.  fn
 * returns 0 to go on.  Returns 0, or -1 with the reason in err (no such
 * file, not readable, not a store).
 */
typedef int (*store_stats_fn)(void *arg, const struct store_stats *st);
int store_stats_read(const char *path, store_stats_fn fn, void *arg,
		     char *err, size_t errsize);

/*
 * The store file the osquery_schedule table reads: the running daemon's
 * (set when it opens its store), else STORE_DEFAULT_DIR/vigil.db.
 */
void store_set_current(const char *path);
const char *store_current(void);

#endif
