/* SPDX-License-Identifier: Apache-2.0 */
/*
 * logger: where the daemon's lines go, fanned out by logger_plugin.
 *
 * Three channels, as osquery has them: results (differential and event
 * lines), snapshots, and status (what the daemon says about itself).
 * Plugins:
 *
 *   filesystem  JSON lines in logger_path: vigil.results.log,
 *               vigil.snapshots.log and vigil.INFO (the names of osquery's
 *               osqueryd.results.log, osqueryd.snapshots.log and
 *               osqueryd.INFO with vigil in front); files 0600, rotated by
 *               size keeping logger_rotate_max_files old ones (.1 newest)
 *   syslog      syslog(3) with ident "vigil", facility logger_syslog_facility
 *   stdout      JSON lines on standard output
 *
 * Result and snapshot lines reach the loggers only through the store's
 * queue (logger_drain): a line leaves the queue once every logger has
 * taken it, and each logger keeps its own cursor in the store, so a logger
 * that fails (a full disk) holds its lines back without making the others
 * write them twice.  Delivery is at least once: a crash between a write
 * and the cursor's commit writes those lines again.  Status lines go to
 * the loggers directly, best effort (a lost one is counted).
 *
 * A plugin takes a batch whole or not at all: the filesystem plugin cuts
 * its file back to where it was when a write comes up short, and at open
 * it cuts off a torn last line that a crash left behind, so its files
 * always hold whole lines.
 */
#ifndef VIGIL_LOGGER_H
#define VIGIL_LOGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

enum log_channel {
	LOG_CH_RESULT,	 /* matches STORE_RESULT */
	LOG_CH_SNAPSHOT, /* matches STORE_SNAPSHOT */
	LOG_CH_STATUS,
	LOG_CH_COUNT
};

/* osquery's status severities. */
enum log_severity {
	LOG_SEV_INFO = 0,
	LOG_SEV_WARNING = 1,
	LOG_SEV_ERROR = 2,
	LOG_SEV_FATAL = 3,
};

/* File names of the filesystem plugin, per channel. */
#define LOGGER_RESULTS_FILE "vigil.results.log"
#define LOGGER_SNAPSHOTS_FILE "vigil.snapshots.log"
#define LOGGER_STATUS_FILE "vigil.INFO"

struct logger_conf {
	unsigned plugins;	  /* enum config_logger bits */
	const char *path;	  /* filesystem: the directory */
	bool rotate;
	int64_t rotate_size;	  /* bytes */
	int64_t rotate_max_files; /* old files kept */
	int facility;		  /* syslog facility number (0..23) */
};

struct logger_line {
	const char *text; /* without a newline */
	size_t len;
	int severity;	  /* status lines: enum log_severity */
};

/* A plugin.  state is its own. */
struct logger_plugin {
	const char *name;
	/* Opens; 0, or -1 with the reason in err. */
	int (*open)(void **state, const struct logger_conf *conf, char *err,
		    size_t errsize);
	/* Writes n lines of one channel, all or none; 0, or -1 with err. */
	int (*write)(void *state, enum log_channel ch,
		     const struct logger_line *lines, size_t n, char *err,
		     size_t errsize);
	void (*close)(void *state);
};

extern const struct logger_plugin logger_filesystem;
extern const struct logger_plugin logger_syslog;
extern const struct logger_plugin logger_stdout;

/* Called when a logger starts failing or recovers, with a message for the
 * status log. */
typedef void (*logger_note_fn)(void *arg, int severity, const char *msg);

struct logger_set;

/*
 * Opens every plugin named in conf->plugins.  Returns the set
 * (logger_free() it), or NULL with "cannot open ...: reason" in err.
 */
struct logger_set *logger_open(const struct logger_conf *conf,
			       logger_note_fn note, void *note_arg, char *err,
			       size_t errsize);
/* The same with the given plugins (conf->plugins is not read): for tests
 * and for plugins that are not in logger_plugin's list yet. */
struct logger_set *logger_open_with(const struct logger_plugin *const *plugins,
				    size_t n, const struct logger_conf *conf,
				    logger_note_fn note, void *note_arg,
				    char *err, size_t errsize);
void logger_free(struct logger_set *ls);

/* Writes a status line to every logger.  Best effort. */
void logger_status(struct logger_set *ls, int severity, const char *line,
		   size_t len);

/*
 * Delivers queued lines from the store to every logger that will take
 * them, then removes from the queue what all have taken.  *delivered (may
 * be NULL) counts the lines removed.  Returns 0 (a failing logger is not
 * a failure: its lines wait), or -1 when the store failed.
 */
int logger_drain(struct logger_set *ls, struct store *s, int64_t *delivered);

/* Makes the next drain read the cursors from the store again: after the
 * store was replaced by a fresh one. */
void logger_forget_cursors(struct logger_set *ls);

/* True when some logger is failing (its lines wait for a retry). */
bool logger_failing(const struct logger_set *ls);

#endif
