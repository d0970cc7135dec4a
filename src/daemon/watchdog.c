/* SPDX-License-Identifier: Apache-2.0 */
/*
 * watchdog.c: the supervising parent (see watchdog.h).
 *
 * The parent blocks the signals it handles and waits for them, for the
 * worker's reports and for its next deadline in one ppoll(), so a signal
 * is never lost between a check and the wait.  All its state lives in
 * struct sup for the length of watchdog_run().
 *
 * Measuring the worker: the parent reads /proc/PID/statm (resident pages)
 * and /proc/PID/stat (utime and stime) of its own child directly, not
 * through hostfs: the worker is vigil's own process on the running
 * kernel, whatever --root says about the host being queried.
 *
 * The denylist entry is written by the parent, with the worker dead, by
 * opening the store (one writer at a time, as store.h asks), so it is
 * there before the next worker starts and survives restarts.
 */
#include "daemon/watchdog.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon/config.h"
#include "store/store.h"

/* How often the worker is measured, and the CPU averaging window. */
#define SAMPLE_MS 1000
#define WINDOW_MS 3000
#define NSAMPLES 8
/* Restart backoff, and how long a worker must run to reset it. */
#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 60000
#define HEALTHY_MS 60000

static volatile sig_atomic_t got_stop, got_hup;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGTERM || sig == SIGINT)
		got_stop = 1;
	/* SIGCHLD only ends the wait. */
}

enum why { WHY_NONE, WHY_LIMIT, WHY_RELOAD };

struct sup {
	struct watchdog *wd;
	pid_t pid;		/* the worker, 0 when none runs */
	int rfd;		/* the report pipe's read end, -1 */
	char rbuf[1024];	/* partial report lines */
	size_t rlen;
	char running[300];	/* the query the worker runs, "" */
	unsigned spawns;	/* workers started so far */
	bool stopping;		/* SIGTERM or SIGINT arrived */

	enum why why;		/* why the parent is stopping the worker */
	int64_t started_ms;
	int64_t term_ms;	/* when a limit's SIGTERM went out, 0 */
	bool killed;		/* SIGKILL went out */
	char limit[256];	/* the limit broken */
	char query[300];	/* the query running when it was broken */

	int64_t backoff_ms;
	int64_t restart_at;	/* when the next worker starts, 0 */
	char note[2048];	/* for the next worker's status log */
	struct config *pending; /* a reloaded config waiting for a worker */

	int64_t next_sample;
	int64_t s_ms[NSAMPLES];	   /* sample times */
	int64_t s_ticks[NSAMPLES]; /* utime + stime at those times */
	int nsamples;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	va_list ap;

	fputs("vigil: watchdog: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Appends a sentence to the note the next worker logs. */
static void note_add(struct sup *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note_add(struct sup *s, const char *fmt, ...)
{
	size_t len = strlen(s->note);
	va_list ap;

	if (len && len + 2 < sizeof(s->note)) {
		memcpy(s->note + len, "; ", 3);
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(s->note + len, sizeof(s->note) - len, fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------------- */
/* Measuring the worker */

/* Reads a small /proc file of the worker into buf.  0 or -1. */
static int read_proc(pid_t pid, const char *what, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* Moves *p past n space-separated fields (and the spaces before them). */
static void skip_fields(const char **p, int n)
{
	const char *s = *p;

	while (n-- > 0) {
		s += strspn(s, " ");
		s += strcspn(s, " \n");
	}
	*p = s;
}

/*
 * Reads the next field at *p (after spaces) as a decimal count into *v and
 * moves *p past it: 0, or -1 when it is not one or is out of range (above
 * INT64_MAX / 2, so that the sum of two stays in range).
 */
static int next_count(const char **p, int64_t *v)
{
	const char *s = *p + strspn(*p, " ");
	char *end;
	unsigned long long n;

	if (*s < '0' || *s > '9')
		return -1; /* strtoull would take a sign */
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || (*end != ' ' && *end != '\n' && *end != '\0') ||
	    n > INT64_MAX / 2)
		return -1;
	*v = (int64_t)n;
	*p = end;
	return 0;
}

int64_t watchdog_rss(pid_t pid)
{
	char buf[128];
	const char *p = buf;
	int64_t resident;
	long page = sysconf(_SC_PAGESIZE);

	/* statm: size resident shared text lib data dt, in pages. */
	if (page <= 0 || read_proc(pid, "statm", buf, sizeof(buf)) < 0)
		return -1;
	skip_fields(&p, 1);
	if (next_count(&p, &resident) < 0 || resident > INT64_MAX / page)
		return -1;
	return resident * page;
}

/* utime + stime in clock ticks, -1 when unknown. */
static int64_t worker_ticks(pid_t pid)
{
	char buf[1024];
	int64_t ut, st;
	const char *p;

	if (read_proc(pid, "stat", buf, sizeof(buf)) < 0)
		return -1;
	/* The command name may hold spaces and parentheses: skip past the
	 * last ')'.  Then state is field 3 and utime, stime are 14, 15. */
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	p++;
	skip_fields(&p, 11);
	if (next_count(&p, &ut) < 0 || next_count(&p, &st) < 0)
		return -1;
	return ut + st;
}

/* Stops the worker for a broken limit: SIGTERM now, SIGKILL later. */
static void stop_for_limit(struct sup *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void stop_for_limit(struct sup *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->limit, sizeof(s->limit), fmt, ap);
	va_end(ap);
	memcpy(s->query, s->running, sizeof(s->query));
	s->why = WHY_LIMIT;
	s->term_ms = now_ms();
	s->killed = false;
	say("the worker (pid %d) broke %s%s%s: stopping it", (int)s->pid,
	    s->limit, s->query[0] ? " while running query " : "", s->query);
	kill(s->pid, SIGTERM);
}

/* Takes a sample and stops the worker when it breaks a limit. */
static void check_limits(struct sup *s, int64_t now)
{
	const struct watchdog *wd = s->wd;
	int64_t rss, ticks, limit = wd->memory_limit_mb * 1024 * 1024;
	int i;

	if (now < s->next_sample)
		return;
	s->next_sample = now + SAMPLE_MS;
	rss = watchdog_rss(s->pid);
	ticks = worker_ticks(s->pid);
	if (s->why == WHY_LIMIT) {
		/* Memory past twice the limit cannot wait for the grace. */
		if (!s->killed && limit > 0 && rss > 2 * limit) {
			kill(s->pid, SIGKILL);
			s->killed = true;
		}
		return;
	}
	if (ticks >= 0) {
		if (s->nsamples == NSAMPLES) {
			memmove(s->s_ms, s->s_ms + 1,
				(NSAMPLES - 1) * sizeof(*s->s_ms));
			memmove(s->s_ticks, s->s_ticks + 1,
				(NSAMPLES - 1) * sizeof(*s->s_ticks));
			s->nsamples--;
		}
		s->s_ms[s->nsamples] = now;
		s->s_ticks[s->nsamples] = ticks;
		s->nsamples++;
	}
	if (now - s->started_ms < wd->delay * 1000)
		return;
	if (limit > 0 && rss > limit) {
		stop_for_limit(s, "watchdog_memory_limit (%lld MB): resident "
			       "memory %lld MB", (long long)wd->memory_limit_mb,
			       (long long)(rss / (1024 * 1024)));
		return;
	}
	if (wd->utilization_limit <= 0 || s->nsamples < 2)
		return;
	/* The oldest sample at least WINDOW_MS old, taken after the delay
	 * began to matter: the start-up's CPU is not counted. */
	for (i = s->nsamples - 2; i >= 0; i--) {
		int64_t dt = s->s_ms[s->nsamples - 1] - s->s_ms[i];
		int64_t dticks = s->s_ticks[s->nsamples - 1] - s->s_ticks[i];
		long hz = sysconf(_SC_CLK_TCK);
		int64_t pct;

		if (dt < WINDOW_MS)
			continue;
		if (hz <= 0)
			hz = 100;
		pct = dticks * 1000 * 100 / hz / dt;
		if (pct > wd->utilization_limit)
			stop_for_limit(s, "watchdog_utilization_limit (%lld%%): "
				       "%lld%% CPU over %lld s",
				       (long long)wd->utilization_limit,
				       (long long)pct, (long long)(dt / 1000));
		break;
	}
}

/* ---------------------------------------------------------------- */
/* The worker's reports */

static void read_reports(struct sup *s)
{
	for (;;) {
		char *nl;
		ssize_t n;

		if (s->rfd < 0)
			return;
		if (s->rlen == sizeof(s->rbuf))
			s->rlen = 0; /* a line too long: drop it */
		n = read(s->rfd, s->rbuf + s->rlen, sizeof(s->rbuf) - s->rlen);
		if (n <= 0)
			return;
		s->rlen += (size_t)n;
		while ((nl = memchr(s->rbuf, '\n', s->rlen))) {
			size_t len = (size_t)(nl - s->rbuf);

			if (len >= 2 && s->rbuf[0] == 'R' && s->rbuf[1] == ' ')
				snprintf(s->running, sizeof(s->running),
					 "%.*s", (int)(len - 2), s->rbuf + 2);
			else
				s->running[0] = '\0';
			memmove(s->rbuf, nl + 1, s->rlen - len - 1);
			s->rlen -= len + 1;
		}
	}
}

/* ---------------------------------------------------------------- */
/* Starting, reaping and restarting */

static int spawn(struct sup *s)
{
	struct watchdog *wd = s->wd;
	pid_t parent = getpid(), pid;
	int p[2];

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) {
		say("cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		say("cannot start the worker: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		struct sigaction sa;
		int rc;

		close(p[0]);
		/* The worker must not outlive a parent killed with -9. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(1);
		memset(&sa, 0, sizeof(sa));
		sigemptyset(&sa.sa_mask);
		sa.sa_handler = SIG_IGN;
		if (sigaction(SIGHUP, &sa, NULL) < 0)
			_exit(1);
		sa.sa_handler = SIG_DFL;
		if (sigaction(SIGCHLD, &sa, NULL) < 0)
			_exit(1);
		/* TERM and INT stay blocked until the worker installs its own
		 * handlers (the child function does). */
		if (s->pending) {
			config_free(wd->cfg);
			wd->cfg = s->pending;
			s->pending = NULL;
		}
		rc = wd->child(wd->child_arg, wd->cfg,
			       s->note[0] ? s->note : NULL, p[1]);
		config_free(wd->cfg);
		exit(rc);
	}
	close(p[1]);
	s->rfd = p[0];
	s->rlen = 0;
	s->running[0] = '\0';
	s->pid = pid;
	s->spawns++;
	s->why = WHY_NONE;
	s->term_ms = 0;
	s->killed = false;
	s->started_ms = now_ms();
	s->next_sample = s->started_ms;
	s->nsamples = 0;
	s->restart_at = 0;
	s->note[0] = '\0';
	return 0;
}

/* Writes the denylist entry for the query that broke a limit. */
static void denylist(struct sup *s)
{
	const struct watchdog *wd = s->wd;
	const struct config_query *q = NULL;
	struct store *st;
	char err[512];
	int64_t until = (int64_t)time(NULL) + wd->denylist_duration;
	size_t i;

	if (!s->query[0]) {
		note_add(s, "watchdog: the worker broke %s between queries: "
			 "stopped it; nothing denylisted", s->limit);
		return;
	}
	for (i = 0; i < wd->cfg->nqueries; i++)
		if (strcmp(wd->cfg->queries[i].name, s->query) == 0)
			q = &wd->cfg->queries[i];
	if (q && !q->denylist) {
		note_add(s, "watchdog: query %s broke %s: stopped the worker; "
			 "not denylisted (its \"denylist\" is false)", s->query,
			 s->limit);
		return;
	}
	st = store_open(wd->db_dir, NULL, 0, err, sizeof(err));
	if (!st || store_denylist_put(st, s->query, until, s->limit) < 0) {
		note_add(s, "watchdog: query %s broke %s: stopped the worker; "
			 "cannot denylist it: %s", s->query, s->limit,
			 st ? store_errmsg(st) : err);
		store_free(st);
		return;
	}
	store_free(st);
	note_add(s, "watchdog: query %s broke %s: stopped the worker and "
		 "denylisted the query for %lld s (until %lld)", s->query,
		 s->limit, (long long)wd->denylist_duration, (long long)until);
	say("query %s denylisted for %lld s", s->query,
	    (long long)wd->denylist_duration);
}

/* Plans the next worker after a failure, with backoff. */
static void schedule_restart(struct sup *s, int64_t now)
{
	if (now - s->started_ms >= HEALTHY_MS)
		s->backoff_ms = BACKOFF_MIN_MS;
	s->restart_at = now + s->backoff_ms;
	note_add(s, "restarted after %lld s", (long long)(s->backoff_ms / 1000));
	s->backoff_ms *= 2;
	if (s->backoff_ms > BACKOFF_MAX_MS)
		s->backoff_ms = BACKOFF_MAX_MS;
}

/*
 * Handles the worker's end.  Returns -1 to go on, else the daemon's exit
 * status.
 */
static int reaped(struct sup *s, int status)
{
	int64_t now = now_ms();

	read_reports(s);
	close(s->rfd);
	s->rfd = -1;
	s->pid = 0;
	if (s->why == WHY_LIMIT)
		denylist(s);
	if (s->stopping) {
		if (s->note[0])
			say("%s", s->note);
		return (WIFEXITED(status) && WEXITSTATUS(status) == 0) ||
		       s->why == WHY_LIMIT ? 0 : 1;
	}
	if (s->why == WHY_LIMIT) {
		schedule_restart(s, now);
	} else if (s->why == WHY_RELOAD) {
		s->restart_at = now;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0 &&
		   s->spawns == 1) {
		/* The first worker could not start: it said why. */
		return 1;
	} else {
		if (WIFSIGNALED(status)) {
			say("the worker died from signal %d (not sent by the "
			    "watchdog); nothing denylisted",
			    WTERMSIG(status));
			note_add(s, "watchdog: the worker died from signal %d, "
				 "not sent by the watchdog; nothing "
				 "denylisted", WTERMSIG(status));
		} else {
			say("the worker exited with status %d",
			    WEXITSTATUS(status));
			note_add(s, "watchdog: the worker exited with status "
				 "%d", WEXITSTATUS(status));
		}
		schedule_restart(s, now);
	}
	s->why = WHY_NONE;
	return -1;
}

/* SIGHUP: reads the configuration again and restarts the worker. */
static void reload(struct sup *s)
{
	struct watchdog *wd = s->wd;
	struct config *cfg = config_load(wd->config_path);

	if (!cfg) {
		note_add(s, "reload: out of memory; keeping the last good "
			 "configuration");
	} else if (cfg->nerrors) {
		const char *why = "errors";
		char first[1024];
		size_t i;

		config_print_diags(cfg, stderr);
		for (i = 0; i < cfg->ndiags; i++)
			if (cfg->diags[i].sev == CONFIG_ERROR)
				break;
		if (i < cfg->ndiags) {
			const struct config_diag *d = &cfg->diags[i];

			snprintf(first, sizeof(first), "%s:%d:%d: %s", d->file,
				 d->line, d->column, d->msg);
			why = first;
		}
		note_add(s, "reload: configuration %s has errors (%s); "
			 "keeping the last good configuration",
			 wd->config_path, why);
		config_free(cfg);
	} else {
		config_free(s->pending);
		s->pending = cfg;
		note_add(s, "reload: configuration %s loaded",
			 wd->config_path);
	}
	say("%s", s->note);
	if (s->pid > 0) {
		if (s->why == WHY_NONE)
			s->why = WHY_RELOAD;
		kill(s->pid, SIGTERM);
	} else if (s->pending) {
		config_free(wd->cfg);
		wd->cfg = s->pending;
		s->pending = NULL;
	}
}

void watchdog_init(struct watchdog *wd)
{
	memset(wd, 0, sizeof(*wd));
	wd->memory_limit_mb = WATCHDOG_MEMORY_LIMIT;
	wd->utilization_limit = WATCHDOG_UTILIZATION_LIMIT;
	wd->delay = WATCHDOG_DELAY;
	wd->denylist_duration = WATCHDOG_DENYLIST_DURATION;
	wd->grace_ms = WATCHDOG_GRACE_MS;
}

int watchdog_run(struct watchdog *wd)
{
	struct sigaction sa;
	sigset_t block, waitmask;
	struct sup s;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	s.wd = wd;
	s.rfd = -1;
	s.backoff_ms = BACKOFF_MIN_MS;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &block, &waitmask) < 0) {
		say("cannot block signals: %s", strerror(errno));
		goto out;
	}
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGHUP);
	sigdelset(&waitmask, SIGCHLD);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	if (sigaction(SIGTERM, &sa, NULL) < 0 ||
	    sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigaction(SIGHUP, &sa, NULL) < 0 ||
	    sigaction(SIGCHLD, &sa, NULL) < 0) {
		say("cannot set up signals: %s", strerror(errno));
		goto out;
	}
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) < 0) {
		say("cannot ignore SIGPIPE: %s", strerror(errno));
		goto out;
	}

	if (spawn(&s) < 0) {
		rc = 1;
		goto out;
	}
	while (rc < 0) {
		struct pollfd pfd;
		struct timespec ts;
		int64_t now = now_ms(), wait = SAMPLE_MS, status_pid;
		int status;

		if (s.pid > 0 && s.next_sample - now < wait)
			wait = s.next_sample - now;
		if (s.term_ms && !s.killed &&
		    s.term_ms + wd->grace_ms - now < wait)
			wait = s.term_ms + wd->grace_ms - now;
		if (!s.pid && s.restart_at && s.restart_at - now < wait)
			wait = s.restart_at - now;
		if (wait < 0)
			wait = 0;
		ts.tv_sec = wait / 1000;
		ts.tv_nsec = (wait % 1000) * 1000000;
		pfd.fd = s.rfd;
		pfd.events = POLLIN;
		ppoll(s.rfd >= 0 ? &pfd : NULL, s.rfd >= 0 ? 1 : 0, &ts,
		      &waitmask);
		read_reports(&s);

		if (got_stop && !s.stopping) {
			s.stopping = true;
			if (!s.pid) {
				rc = 0;
				break;
			}
			say("stopping the worker (pid %d)", (int)s.pid);
			kill(s.pid, SIGTERM);
		}
		if (got_hup) {
			got_hup = 0;
			if (!s.stopping)
				reload(&s);
		}
		if (s.pid > 0) {
			status_pid = waitpid(s.pid, &status, WNOHANG);
			if (status_pid == s.pid) {
				rc = reaped(&s, status);
				continue;
			}
		}
		now = now_ms();
		if (s.pid > 0) {
			check_limits(&s, now);
			if (s.why == WHY_LIMIT && !s.killed &&
			    now - s.term_ms >= wd->grace_ms) {
				say("the worker (pid %d) did not stop within "
				    "%lld ms: killing it", (int)s.pid,
				    (long long)wd->grace_ms);
				kill(s.pid, SIGKILL);
				s.killed = true;
			}
		} else if (s.restart_at && now >= s.restart_at) {
			if (s.pending) {
				config_free(wd->cfg);
				wd->cfg = s.pending;
				s.pending = NULL;
			}
			if (spawn(&s) < 0)
				schedule_restart(&s, now);
		}
	}
out:
	config_free(s.pending);
	config_free(wd->cfg);
	wd->cfg = NULL;
	if (s.rfd >= 0)
		close(s.rfd);
	return rc;
}

/* ---------------------------------------------------------------- */
/* The pidfile */

int watchdog_pidfile_lock(const char *path, char *err, size_t errsize)
{
	int64_t end = now_ms() + 2000;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0) {
		snprintf(err, errsize, "cannot open the pidfile '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		char buf[32] = "";
		ssize_t n;

		if (errno != EWOULDBLOCK && errno != EINTR) {
			snprintf(err, errsize, "cannot lock the pidfile '%s': "
				 "%s", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (now_ms() < end) {
			struct timespec pause = { 0, 50 * 1000000L };

			/* Woken early by a signal, the loop just tries again. */
			(void)nanosleep(&pause, NULL);
			continue;
		}
		n = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		snprintf(err, errsize, "another vigil daemon (pid %s) holds "
			 "the pidfile '%s': not starting", buf[0] ? buf : "?",
			 path);
		close(fd);
		return -1;
	}
	return fd;
}

int watchdog_pidfile_write(int fd)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());

	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n)
		return -1;
	return 0;
}
