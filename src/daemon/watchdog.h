/* SPDX-License-Identifier: Apache-2.0 */
/*
 * watchdog: the daemon's supervising parent.
 *
 * watchdog_run() forks a worker and does nothing else but watch it: every
 * second it reads the worker's resident memory and CPU time, and when a
 * limit is exceeded (after watchdog_delay seconds) it stops the worker
 * (SIGTERM, then SIGKILL after a grace period), denylists the query that
 * was running for denylist_duration seconds in the store (unless the
 * query says "denylist": false), and starts a new worker with exponential
 * backoff (1 s, 2 s, 4 s ... 60 s, back to 1 s once a worker has run
 * healthy for a minute).  The new worker logs why in the status log.  A
 * worker that dies for any other reason (an outside kill -9, the OOM
 * killer, a crash) is restarted the same way without denylisting: the
 * watchdog knows which signals it sent.
 *
 * Signals to the parent: SIGTERM and SIGINT are forwarded to the worker,
 * which finishes its query and flushes; the parent then exits with its
 * status.  SIGHUP re-reads the configuration: a good one replaces the
 * running worker (stopped gracefully) with one running the new config, a
 * bad one keeps the last good config and the worker restarted with it
 * says in the status log why the new one was refused.
 *
 * The worker learns which query it runs through a pipe (worker.h,
 * report_fd), so the parent never guesses.
 */
#ifndef VIGIL_WATCHDOG_H
#define VIGIL_WATCHDOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct config;

/*
 * Runs one worker in the calling (child) process: sets up its signals and
 * sandbox and calls worker_run.  note is a warning for the status log or
 * NULL; report_fd is the pipe's write end.  Returns the exit status.
 */
typedef int (*watchdog_child_fn)(void *arg, const struct config *cfg,
				 const char *note, int report_fd);

struct watchdog {
	/* Limits: 0 turns one off.  Defaults are osquery's. */
	int64_t memory_limit_mb;     /* resident memory, MiB */
	int64_t utilization_limit;   /* CPU percent of one core, over 3 s */
	int64_t delay;		     /* seconds before limits apply */
	int64_t denylist_duration;   /* seconds */
	int64_t grace_ms;	     /* SIGTERM to SIGKILL */

	const char *config_path;     /* re-read on SIGHUP */
	const char *db_dir;	     /* the store the denylist goes to */
	bool foreground;	     /* also print to stderr */
	struct config *cfg;	     /* owned: replaced on reload, freed */

	watchdog_child_fn child;
	void *child_arg;
};

#define WATCHDOG_MEMORY_LIMIT 200
#define WATCHDOG_UTILIZATION_LIMIT 10
#define WATCHDOG_DELAY 60
#define WATCHDOG_DENYLIST_DURATION 86400
#define WATCHDOG_GRACE_MS 2000

/* Fills in the defaults (osquery's watchdog_level 0). */
void watchdog_init(struct watchdog *wd);

/*
 * Supervises workers until SIGTERM or SIGINT (or until the first worker
 * fails to start).  Frees wd->cfg.  Returns the exit status: 0 after a
 * clean stop, 1 when the worker could not start.
 */
int watchdog_run(struct watchdog *wd);

/* Resident memory of process pid in bytes (/proc/PID/statm), -1 when
 * unknown: the watchdog's memory limit, and the worker's own figure in
 * its query statistics. */
int64_t watchdog_rss(pid_t pid);

/*
 * Takes the daemon's pidfile: creates it (0600) with an exclusive lock,
 * waiting up to two seconds for a daemon that is going away.  Returns the
 * file descriptor (keep it open for the daemon's life; the lock goes with
 * the last process holding it), or -1 with the reason in err ("another
 * daemon (pid N) holds FILE" when it is taken).
 */
int watchdog_pidfile_lock(const char *path, char *err, size_t errsize);

/* Writes this process's id into the locked pidfile.  0 or -1. */
int watchdog_pidfile_write(int fd);

#endif
