/* SPDX-License-Identifier: Apache-2.0 */
/*
 * worker.c: the daemon's loop (see worker.h).
 *
 * One thread, one query at a time.  The loop's state lives in struct run
 * for the length of worker_run(); nothing is global.
 *
 * Status lines (osquery's status log) are JSON:
 *   {"hostIdentifier":..,"calendarTime":..,"unixTime":..,"severity":0,
 *    "filename":"worker.c","line":123,"message":"..","version":".."}
 * written to every logger's status channel when severity is at least
 * logger_min_status, and, in the foreground, as "vigil: message" on
 * stderr when severity is at least logger_min_stderr (or verbose).
 *
 * Resource figures for the osquery_schedule table come from getrusage()
 * (user and system time) and /proc/self/statm (resident memory after the
 * run).  statm is read directly, not through hostfs: it describes this
 * process, not the host under --root.
 */
#include "daemon/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "daemon/config.h"
#include "daemon/diff.h"
#include "daemon/scheduler.h"
#include "daemon/watchdog.h"
#include "log/logger.h"
#include "sql/engine.h"
#include "store/store.h"
#include "tables/fswalk.h"
#include "util/hostfs.h"

/* How often a failing logger or an unusable store is tried again. */
#define RETRY_MS 1000
/* Longest sleep when nothing is scheduled. */
#define IDLE_MS 3600000

static const char DISABLED_DISCOVERY[] = "pack discovery";

struct run {
	struct worker *w;
	const struct config *cfg;
	struct logger_set *log;
	struct store *store;
	struct engine *eng;
	struct sched sched;
	char host[256];

	json_t *dec_load;	/* decorations from the load queries */
	json_t *dec_always;	/* from the always queries, rerun each time */
	json_t **dec_interval;	/* one per cfg->dec.interval */
	int64_t *dec_next;	/* when each interval set is due (ms) */

	bool *pack_on;		/* per pack: discovery passed */
	int64_t discovery_next; /* ms */

	bool store_down;	/* the store could not be reopened */
	bool paused;		/* the queue is at its cap (pause policy) */
};

/* ---------------------------------------------------------------- */
/* Time and status */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t now_unix(void)
{
	return (int64_t)time(NULL);
}

static void status(struct run *r, int sev, const char *file, int line,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void status(struct run *r, int sev, const char *file, int line,
		   const char *fmt, ...)
{
	const struct config_options *o = &r->cfg->opt;
	const char *base = strrchr(file, '/');
	char msg[2048], cal[64];
	json_t *j;
	char *text;
	va_list ap;
	int64_t t = now_unix();

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->w->foreground && (sev >= o->logger_min_stderr || o->verbose))
		fprintf(stderr, "vigil: %s\n", msg);
	if (!r->log || sev < o->logger_min_status)
		return;
	diff_calendar_time(t, cal, sizeof(cal));
	j = json_pack("{s:s, s:s, s:I, s:i, s:s, s:i, s:s, s:s}",
		      "hostIdentifier", r->host, "calendarTime", cal,
		      "unixTime", (json_int_t)t, "severity", sev, "filename",
		      base ? base + 1 : file, "line", line, "message", msg,
		      "version", VIGIL_VERSION);
	text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	if (text)
		logger_status(r->log, sev, text, strlen(text));
	free(text);
	json_decref(j);
}

#define STATUS(r, sev, ...) status((r), (sev), __FILE__, __LINE__, __VA_ARGS__)
#define INFO LOG_SEV_INFO
#define WARNING LOG_SEV_WARNING
#define ERROR LOG_SEV_ERROR

static void logger_note(void *arg, int severity, const char *msg)
{
	STATUS((struct run *)arg, severity, "%s", msg);
}

/* ---------------------------------------------------------------- */
/* The host identifier */

static void random_uuid(char *dst, size_t size)
{
	unsigned char b[16] = { 0 };
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(dst, size,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

static void lowercase(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* The host's name: the running host's, or the image's under --root. */
static void host_name(char *dst, size_t size)
{
	if (!hostfs_is_live() && hostfs_read_small("/etc/hostname", dst, size) > 0)
		return;
	if (gethostname(dst, size) < 0 || !dst[0])
		snprintf(dst, size, "localhost");
	dst[size - 1] = '\0';
}

/* The hardware UUID, else the machine-id as a UUID; -1 if neither. */
static int host_uuid(char *dst, size_t size)
{
	char id[64];
	long n;

	if (hostfs_read_small("/sys/class/dmi/id/product_uuid", dst, size) > 0) {
		lowercase(dst);
		return 0;
	}
	n = hostfs_read_small("/etc/machine-id", id, sizeof(id));
	if (n == 32) {
		snprintf(dst, size, "%.8s-%.4s-%.4s-%.4s-%.12s", id, id + 8,
			 id + 12, id + 16, id + 20);
		return 0;
	}
	return -1;
}

static int host_identifier(struct run *r)
{
	const struct config_options *o = &r->cfg->opt;
	bool found;

	switch (o->host_identifier) {
	case CONFIG_HOSTID_UUID:
		if (host_uuid(r->host, sizeof(r->host)) == 0)
			return 0;
		host_name(r->host, sizeof(r->host));
		STATUS(r, WARNING, "host_identifier uuid: the host has no "
		       "product_uuid or machine-id; using the hostname '%s'",
		       r->host);
		return 0;
	case CONFIG_HOSTID_INSTANCE:
		if (store_meta_get(r->store, "instance_id", r->host,
				   sizeof(r->host), &found) < 0)
			return -1;
		if (found && r->host[0])
			return 0;
		random_uuid(r->host, sizeof(r->host));
		return store_meta_put(r->store, "instance_id", r->host);
	case CONFIG_HOSTID_EPHEMERAL:
		random_uuid(r->host, sizeof(r->host));
		return 0;
	case CONFIG_HOSTID_SPECIFIED:
		snprintf(r->host, sizeof(r->host), "%s",
			 o->specified_identifier);
		return 0;
	default:
		host_name(r->host, sizeof(r->host));
		return 0;
	}
}

/* ---------------------------------------------------------------- */
/* Running SQL */

typedef int (*row_fn)(void *arg, sqlite3_stmt *st, char *err, size_t errsize);

/*
 * Runs one SQL statement, calling fn for each row (fn returns 0 to go on,
 * 1 to stop, -1 to fail with err).  Returns 0, or -1 with err.
 */
static int run_sql(struct run *r, const char *sql, row_fn fn, void *arg,
		   char *err, size_t errsize)
{
	const char *p = sql;
	sqlite3_stmt *st = NULL, *extra = NULL;
	int rc, f = 0;

	if (engine_prepare(r->eng, &p, &st, err, errsize) < 0)
		return -1;
	if (!st) {
		snprintf(err, errsize, "the query is empty");
		return -1;
	}
	if (engine_prepare(r->eng, &p, &extra, err, errsize) < 0 || extra) {
		if (extra)
			snprintf(err, errsize, "a scheduled query must be one "
				 "statement");
		sqlite3_finalize(extra);
		sqlite3_finalize(st);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f = fn(arg, st, err, errsize);
		if (f != 0)
			break;
	}
	if (f == 0 && rc != SQLITE_DONE)
		snprintf(err, errsize, "%s", engine_errmsg(r->eng));
	sqlite3_finalize(st);
	if (f < 0 || (f == 0 && rc != SQLITE_DONE))
		return -1;
	return 0;
}

/* The first row as an object of strings, as osquery decorates. */
static int first_row(void *arg, sqlite3_stmt *st, char *err, size_t errsize)
{
	json_t *obj = arg;
	int i;

	for (i = 0; i < sqlite3_column_count(st); i++) {
		const char *v = (const char *)sqlite3_column_text(st, i);
		json_t *s = json_string(v ? v : "");

		if (!s)
			s = json_string("");
		if (json_object_set_new(obj, sqlite3_column_name(st, i), s) < 0) {
			snprintf(err, errsize, "out of memory");
			return -1;
		}
	}
	return 1;
}

static int count_row(void *arg, sqlite3_stmt *st, char *err, size_t errsize)
{
	(void)st;
	(void)err;
	(void)errsize;
	(*(int64_t *)arg)++;
	return 1;
}

static int add_row(void *arg, sqlite3_stmt *st, char *err, size_t errsize)
{
	return diff_rowset_add(arg, st, err, errsize);
}

/* ---------------------------------------------------------------- */
/* Decorators and discovery */

/* Runs a list of decorator queries into a fresh object (replacing *dst). */
static void decorate(struct run *r, char *const *sql, size_t n, json_t **dst)
{
	json_t *obj = json_object();
	char err[512];
	size_t i;

	if (!obj)
		return;
	for (i = 0; i < n; i++)
		if (run_sql(r, sql[i], first_row, obj, err, sizeof(err)) < 0)
			STATUS(r, WARNING, "decorator query failed: %s: %s",
			       err, sql[i]);
	json_decref(*dst);
	*dst = obj;
}

static void run_decorators(struct run *r, int64_t now)
{
	const struct config_decorators *d = &r->cfg->dec;
	size_t i;

	for (i = 0; i < d->ninterval; i++) {
		if (r->dec_next[i] > now)
			continue;
		decorate(r, d->interval[i].sql, d->interval[i].n,
			 &r->dec_interval[i]);
		r->dec_next[i] = now + d->interval[i].interval * 1000;
	}
	if (d->nalways)
		decorate(r, d->always, d->nalways, &r->dec_always);
}

/* Every decoration, later sources overriding earlier ones. */
static json_t *decorations(struct run *r)
{
	json_t *all = json_object();
	size_t i;

	if (!all)
		return NULL;
	if (r->dec_load)
		json_object_update(all, r->dec_load);
	for (i = 0; i < r->cfg->dec.ninterval; i++)
		if (r->dec_interval[i])
			json_object_update(all, r->dec_interval[i]);
	if (r->dec_always)
		json_object_update(all, r->dec_always);
	return all;
}

/* Runs each pack's discovery queries: a pack runs only when each returns
 * a row. */
static void discover(struct run *r, int64_t now)
{
	const struct config *cfg = r->cfg;
	size_t p, i;

	for (p = 0; p < cfg->npacks; p++) {
		const struct config_pack *pk = &cfg->packs[p];
		bool on = true;
		char err[512];

		for (i = 0; i < pk->ndiscovery && on; i++) {
			int64_t rows = 0;

			if (run_sql(r, pk->discovery[i], count_row, &rows, err,
				    sizeof(err)) < 0) {
				STATUS(r, WARNING, "pack %s: discovery query "
				       "failed: %s", pk->name, err);
				on = false;
			} else if (rows == 0) {
				on = false;
			}
		}
		if (on != r->pack_on[p])
			STATUS(r, INFO, "pack %s: discovery %s; its queries %s",
			       pk->name, on ? "passed" : "found nothing",
			       on ? "run" : "do not run");
		r->pack_on[p] = on;
		for (i = 0; i < r->sched.n; i++) {
			struct sched_entry *e = &r->sched.e[i];

			if (e->q->pack != (int)p ||
			    (!e->enabled && e->why != DISABLED_DISCOVERY))
				continue;
			e->enabled = on;
			e->why = on ? NULL : DISABLED_DISCOVERY;
		}
	}
	r->discovery_next = now + cfg->opt.pack_refresh_interval * 1000;
}

/* ---------------------------------------------------------------- */
/* Statistics */

static int64_t tv_ms(const struct timeval *a, const struct timeval *b)
{
	return ((int64_t)b->tv_sec - a->tv_sec) * 1000 +
	       ((int64_t)b->tv_usec - a->tv_usec) / 1000;
}

static int save_stats(void *arg, struct store *s)
{
	return store_stats_put(s, &((struct sched_entry *)arg)->stats);
}

/* Saves the schedule's statistics rows, dropping those of old queries. */
static int register_schedule(struct run *r)
{
	const char **names;
	size_t i;
	int rc = -1;

	names = malloc((r->sched.n ? r->sched.n : 1) * sizeof(*names));
	if (!names)
		return -1;
	for (i = 0; i < r->sched.n; i++)
		names[i] = r->sched.e[i].q->name;
	if (store_begin(r->store) < 0)
		goto out;
	if (store_forget_others(r->store, names, r->sched.n) < 0)
		goto fail;
	for (i = 0; i < r->sched.n; i++) {
		struct sched_entry *e = &r->sched.e[i];
		struct store_stats old;
		bool found;

		if (store_stats_get(r->store, e->q->name, &old, &found) < 0)
			goto fail;
		if (found) {
			old.name = e->stats.name;
			old.query = e->stats.query;
			old.interval = e->stats.interval;
			e->stats = old;
			sched_set_last(e, old.last_executed, now_unix(),
				       now_ms());
		}
		if (store_stats_put(r->store, &e->stats) < 0)
			goto fail;
	}
	if (store_commit(r->store) < 0)
		goto out;
	rc = 0;
	goto out;
fail:
	store_rollback(r->store);
out:
	free(names);
	return rc;
}

/* ---------------------------------------------------------------- */
/* One run of one query */

static void run_query(struct run *r, struct sched_entry *e)
{
	const struct config_options *o = &r->cfg->opt;
	struct rowset rs = ROWSET_INIT;
	struct diff_outcome out;
	struct diff_opts d;
	struct diff_query q;
	struct rusage ru0, ru1;
	struct store_stats *st = &e->stats;
	json_t *dec = NULL;
	int64_t t0, t1, mem, began = now_unix();
	char err[512];
	int rc;

	run_decorators(r, now_ms());
	getrusage(RUSAGE_SELF, &ru0);
	t0 = now_ms();
	rc = run_sql(r, e->q->sql, add_row, &rs, err, sizeof(err));
	t1 = now_ms();
	getrusage(RUSAGE_SELF, &ru1);
	mem = watchdog_rss(getpid());
	if (mem < 0)
		mem = 0; /* unknown */

	st->executions++;
	st->last_executed = began;
	st->last_wall_time_ms = t1 - t0;
	st->wall_time_ms += t1 - t0;
	st->last_user_time = tv_ms(&ru0.ru_utime, &ru1.ru_utime);
	st->user_time += st->last_user_time;
	st->last_system_time = tv_ms(&ru0.ru_stime, &ru1.ru_stime);
	st->system_time += st->last_system_time;
	st->last_memory = mem;
	st->average_memory += (mem - st->average_memory) / st->executions;

	if (rc < 0) {
		STATUS(r, ERROR, "query %s failed: %s", e->q->name, err);
		if (store_begin(r->store) == 0) {
			if (store_stats_put(r->store, st) < 0)
				store_rollback(r->store);
			else
				store_commit(r->store);
		}
		goto out;
	}
	if (diff_rowset_finish(&rs) < 0) {
		STATUS(r, ERROR, "query %s: out of memory", e->q->name);
		goto out;
	}
	dec = decorations(r);
	q.name = e->q->name;
	q.sql = e->q->sql;
	q.snapshot = e->q->snapshot;
	q.removed = e->q->removed;
	memset(&d, 0, sizeof(d));
	d.host = r->host;
	d.now = began;
	d.epoch = o->schedule_epoch;
	d.events = o->log_result_events;
	d.numerics = o->logger_numerics;
	d.decorations_top_level = o->decorations_top_level;
	d.decorations = dec;
	d.queue_max = o->buffered_log_max;
	d.drop_oldest = o->buffered_log_overflow == CONFIG_OVERFLOW_DROP_OLDEST;
	d.in_txn = save_stats;
	d.in_txn_arg = e;
	if (diff_apply(r->store, &q, &rs, &d, &out, err, sizeof(err)) < 0) {
		STATUS(r, ERROR, "cannot record the results of query %s: %s",
		       e->q->name, err);
		goto out;
	}
	st->output_size += (int64_t)out.bytes;
	if (out.dropped > 0)
		STATUS(r, WARNING, "the log queue is full (buffered_log_max "
		       "%lld): dropped the %lld oldest lines",
		       (long long)o->buffered_log_max, (long long)out.dropped);
	if (o->verbose)
		STATUS(r, INFO, "query %s: %zu rows, %zu added, %zu removed, "
		       "%lld ms", e->q->name, rs.n, out.added, out.removed,
		       (long long)(t1 - t0));
out:
	json_decref(dec);
	diff_rowset_release(&rs);
}

/* ---------------------------------------------------------------- */
/* The loop */

static void check_store(struct run *r)
{
	char note[1024], err[512];
	int rc = store_check(r->store, note, sizeof(note), err, sizeof(err));

	if (rc == 1) {
		STATUS(r, WARNING, "%s", note);
		logger_forget_cursors(r->log);
		store_set_current(store_file(r->store));
		if (register_schedule(r) < 0)
			STATUS(r, ERROR, "cannot write the schedule to the "
			       "store: %s", store_errmsg(r->store));
		if (r->store_down)
			STATUS(r, INFO, "the store is usable again");
		r->store_down = false;
	} else if (rc < 0 && !r->store_down) {
		STATUS(r, ERROR, "the store is unusable: %s; trying again "
		       "every second", err);
		r->store_down = true;
	}
}

/* Whether the schedule waits for the loggers (the pause policy). */
static bool queue_full(struct run *r)
{
	const struct config_options *o = &r->cfg->opt;
	int64_t n;

	if (o->buffered_log_overflow != CONFIG_OVERFLOW_PAUSE ||
	    o->buffered_log_max <= 0)
		return false;
	n = store_queue_count(r->store);
	if (n < 0)
		return false;
	if (n >= o->buffered_log_max && !r->paused)
		STATUS(r, WARNING, "the log queue is full (%lld lines, "
		       "buffered_log_max): the schedule pauses until the "
		       "loggers take lines", (long long)n);
	else if (n < o->buffered_log_max && r->paused)
		STATUS(r, INFO, "the log queue has room again: the schedule "
		       "resumes");
	r->paused = n >= o->buffered_log_max;
	return r->paused;
}

static void drain(struct run *r)
{
	if (logger_drain(r->log, r->store, NULL) < 0 && !r->store_down)
		STATUS(r, ERROR, "cannot deliver the log queue: %s",
		       store_errmsg(r->store));
}

/* Sleeps until deadline (monotonic ms) or a signal. */
static void sleep_until(struct worker *w, int64_t deadline)
{
	int64_t left = deadline - now_ms();
	struct timespec ts;

	if (left < 0)
		left = 0;
	ts.tv_sec = left / 1000;
	ts.tv_nsec = (left % 1000) * 1000000;
	ppoll(NULL, 0, &ts, w->have_sleep_mask ? &w->sleep_mask : NULL);
}

/*
 * Tells the watchdog which query runs (name) or that none does (NULL), so
 * it can denylist the query it had to stop.  One write under PIPE_BUF is
 * atomic; the pipe is non-blocking and a full pipe only loses a report.
 */
static void report(struct worker *w, const char *name)
{
	char line[300];
	int n;

	if (!w->have_report_fd)
		return;
	if (name)
		n = snprintf(line, sizeof(line), "R %.280s\n", name);
	else
		n = snprintf(line, sizeof(line), "I\n");
	if (n > 0 && write(w->report_fd, line, (size_t)n) < 0) {
		/* Nothing to do: the watchdog reads what it gets. */
	}
}

static void run_due(struct run *r, struct sched_entry *e)
{
	int64_t until = 0;

	if (store_denylist_get(r->store, e->q->name, &until) == 0 &&
	    until > now_unix()) {
		if (r->cfg->opt.verbose)
			STATUS(r, INFO, "query %s is denylisted until %lld",
			       e->q->name, (long long)until);
	} else {
		report(r->w, e->q->name);
		/* The shared filesystem walk is cached for a process's life;
		 * each scheduled run must see the filesystem as it is now. */
		fswalk_reset();
		run_query(r, e);
		report(r->w, NULL);
	}
	sched_done(e, now_ms());
}

static void loop(struct run *r)
{
	struct worker *w = r->w;

	while (!w->stop) {
		struct sched_entry *e;
		int64_t now, wake;

		check_store(r);
		if (r->store_down) {
			/* Nothing can be recorded: wait and try again. */
			sleep_until(w, now_ms() + RETRY_MS);
			continue;
		}
		drain(r);
		/* Let a pending stop signal in before choosing a query. */
		if (w->have_sleep_mask)
			sleep_until(w, 0);
		if (w->stop)
			break;
		now = now_ms();
		if (r->cfg->npacks && now >= r->discovery_next)
			discover(r, now);
		e = sched_next(&r->sched);
		wake = e ? e->next : now + IDLE_MS;
		if (logger_failing(r->log))
			wake = wake < now + RETRY_MS ? wake : now + RETRY_MS;
		if (e && e->next <= now) {
			if (!queue_full(r)) {
				run_due(r, e);
				continue;
			}
			wake = now + RETRY_MS;
		}
		sleep_until(w, wake);
	}
}

static void release(struct run *r)
{
	size_t i;

	sched_release(&r->sched);
	json_decref(r->dec_load);
	json_decref(r->dec_always);
	for (i = 0; r->dec_interval && i < r->cfg->dec.ninterval; i++)
		json_decref(r->dec_interval[i]);
	free(r->dec_interval);
	free(r->dec_next);
	free(r->pack_on);
	engine_free(r->eng);
	store_free(r->store);
	logger_free(r->log);
}

/* Opens everything; prints the reason and returns -1 on failure. */
static int start(struct run *r)
{
	const struct config *cfg = r->cfg;
	const struct config_options *o = &cfg->opt;
	struct logger_conf lc;
	char err[1024], note[1024];
	size_t i, skipped = 0, ndec = cfg->dec.ninterval + 1;

	memset(&lc, 0, sizeof(lc));
	lc.plugins = o->loggers;
	lc.path = o->logger_path;
	lc.rotate = o->logger_rotate;
	lc.rotate_size = o->logger_rotate_size;
	lc.rotate_max_files = o->logger_rotate_max_files;
	lc.facility = (int)o->logger_syslog_facility;
	r->log = logger_open(&lc, logger_note, r, err, sizeof(err));
	if (!r->log) {
		fprintf(stderr, "vigil: %s\n", err);
		return -1;
	}
	r->store = store_open(r->w->db_dir, note, sizeof(note), err,
			      sizeof(err));
	if (!r->store) {
		fprintf(stderr, "vigil: %s\n", err);
		return -1;
	}
	store_set_current(store_file(r->store));
	if (host_identifier(r) < 0) {
		fprintf(stderr, "vigil: cannot set up the host identifier: "
			"%s\n", store_errmsg(r->store));
		return -1;
	}
	if (note[0])
		STATUS(r, WARNING, "%s", note);
	if (r->w->note)
		STATUS(r, WARNING, "%s", r->w->note);
	r->eng = engine_open(err, sizeof(err));
	if (!r->eng) {
		fprintf(stderr, "vigil: cannot start the SQL engine: %s\n", err);
		return -1;
	}
	/* On failure, release() frees whichever of these were made. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): array of pointers */
	r->dec_interval = calloc(ndec, sizeof(*r->dec_interval));
	r->dec_next = calloc(ndec, sizeof(*r->dec_next));
	r->pack_on = calloc(cfg->npacks + 1, sizeof(*r->pack_on));
	if (!r->dec_interval || !r->dec_next || !r->pack_on ||
	    sched_init(&r->sched, cfg, r->host, now_ms()) < 0) {
		fprintf(stderr, "vigil: out of memory\n");
		return -1;
	}
	for (i = 0; i < cfg->npacks; i++)
		r->pack_on[i] = true;
	if (register_schedule(r) < 0) {
		fprintf(stderr, "vigil: cannot write the schedule to the store: "
			"%s\n", store_errmsg(r->store));
		return -1;
	}
	for (i = 0; i < r->sched.n; i++) {
		const struct sched_entry *e = &r->sched.e[i];

		if (e->enabled)
			continue;
		skipped++;
		STATUS(r, INFO, "query %s is not scheduled: %s", e->q->name,
		       e->q->skip ? e->q->skip : "this host is outside its "
		       "shard");
	}
	STATUS(r, INFO, "vigil %s started (pid %d): %zu queries scheduled, "
	       "%zu not; store %s; logging to %s; host identifier %s",
	       VIGIL_VERSION, (int)getpid(), r->sched.n - skipped, skipped,
	       store_file(r->store), o->logger_plugin, r->host);
	if (cfg->dec.nload)
		decorate(r, cfg->dec.load, cfg->dec.nload, &r->dec_load);
	return 0;
}

int worker_run(struct worker *w)
{
	struct run r;
	int rc = 1;

	memset(&r, 0, sizeof(r));
	r.w = w;
	r.cfg = w->cfg;
	if (start(&r) < 0)
		goto out;
	loop(&r);
	if (!r.store_down)
		drain(&r);
	STATUS(&r, INFO, "vigil stopped (pid %d)", (int)getpid());
	rc = 0;
out:
	release(&r);
	return rc;
}

void worker_stop(struct worker *w)
{
	w->stop = 1;
}
