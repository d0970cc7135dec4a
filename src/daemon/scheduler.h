/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scheduler: when each scheduled query runs.
 *
 * Each query runs every `interval` seconds, one at a time (the worker has
 * one thread and asks for the next due query only when the last is done).
 * A query's phase is spread by a splay derived from the host identifier
 * and the query's name, up to schedule_splay_percent of its interval: the
 * same host always gets the same phase, different hosts of a fleet get
 * different ones, so a fleet that restarts together does not query (and
 * log) in lockstep.  A query that ran before a restart keeps its rhythm:
 * it is next due one interval after its last run (from the store), not at
 * once.  A run that is late (the machine slept, a query ran long) is not
 * caught up: missed runs are skipped, the phase is kept.
 *
 * Times are milliseconds on a monotonic clock, except last runs, which
 * are Unix seconds as the store keeps them.  The scheduler is pure: no
 * clock, no I/O; the caller passes the times.
 */
#ifndef VIGIL_SCHEDULER_H
#define VIGIL_SCHEDULER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct config;
struct config_query;

struct sched_entry {
	const struct config_query *q; /* borrowed from the config */
	int64_t interval_ms;
	int64_t splay_ms;	/* phase offset for a query never run */
	int64_t next;		/* monotonic ms when due */
	bool enabled;		/* false: not run (see why) */
	const char *why;	/* static reason when disabled */
	struct store_stats stats;
};

struct sched {
	struct sched_entry *e;
	size_t n;
};

/* 64-bit FNV-1a of a and b with a NUL between: stable across builds. */
uint64_t sched_hash(const char *a, const char *b);

/* The splay in ms for a query: hash(host, name) modulo percent of the
 * interval (0 when percent is 0). */
int64_t sched_splay_ms(const char *host, const char *name, int64_t interval,
		       int64_t percent);

/* osquery's shard test: true when this host is in the first `shard`
 * percent of hosts (shard 0 or 100: every host). */
bool sched_in_shard(const char *host, int64_t shard);

/*
 * Builds the schedule of every query of cfg (queries with a skip reason
 * or outside their shard are kept, disabled), each first due at now_ms
 * plus its splay.  Returns 0 or -1 (ENOMEM).  sched_release() it.
 */
int sched_init(struct sched *s, const struct config *cfg, const char *host,
	       int64_t now_ms);
void sched_release(struct sched *s);

/*
 * Tells the scheduler a query last ran at last_unix (Unix seconds, 0:
 * never), now being now_unix / now_ms: it is next due one interval after
 * that run, or at once when that is past.
 */
void sched_set_last(struct sched_entry *e, int64_t last_unix,
		    int64_t now_unix, int64_t now_ms);

/* The enabled entry due soonest (ties: config order), or NULL if none is
 * enabled. */
struct sched_entry *sched_next(struct sched *s);

/* Records that e ran, finishing at now_ms: next due one interval after its
 * last due time, skipping the runs it missed. */
void sched_done(struct sched_entry *e, int64_t now_ms);

#endif
