/* SPDX-License-Identifier: Apache-2.0 */
/*
 * worker: the daemon's loop.
 *
 * worker_run() opens the loggers (the log directory must be writable),
 * the store and an SQL engine, then loops until asked to stop: check the
 * store is still sound (a corrupt or replaced file is moved aside and a
 * fresh store opened), hand queued lines to the loggers, run the query
 * that is due (decorators first), record its differential results and
 * statistics in the store in one transaction, and sleep until the next
 * query is due.  A query that fails (an SQL error) is reported in the
 * status log and the loop goes on.
 *
 * Stopping: worker_stop() (async-signal-safe) sets a flag the loop reads
 * between queries: the running query finishes, the queue is flushed, and
 * worker_run() returns 0.  The caller owns signals: it blocks the ones
 * that stop the worker and passes the mask to sleep with in sleep_mask,
 * so a signal arriving at any moment ends the sleep at once (ppoll) and
 * never interrupts a query or a transaction.
 */
#ifndef VIGIL_WORKER_H
#define VIGIL_WORKER_H

#include <signal.h>
#include <stdbool.h>

struct config;

struct worker {
	/* Set by the caller. */
	const struct config *cfg; /* borrowed; outlives worker_run */
	const char *db_dir;	  /* the store's directory */
	bool foreground;	  /* also write status lines to stderr */
	sigset_t sleep_mask;	  /* signal mask while sleeping */
	bool have_sleep_mask;	  /* false: sleep with the current mask */
	int report_fd;		  /* the watchdog's pipe, when have_report_fd */
	bool have_report_fd;	  /* report "R name\n" before each query and
				   * "I\n" after it, for the watchdog */
	const char *note;	  /* a warning to log at start, or NULL */

	/* Set by worker_stop(), read by the loop. */
	volatile sig_atomic_t stop;
};

/*
 * Runs until stopped.  Returns 0 after a clean stop, or 1 when it could
 * not start (the reason already printed on stderr as "vigil: ...").
 */
int worker_run(struct worker *w);

/* Asks the loop to stop after the current query.  Async-signal-safe. */
void worker_stop(struct worker *w);

#endif
