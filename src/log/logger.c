/* SPDX-License-Identifier: Apache-2.0 */
/*
 * logger.c: the fan-out over logger plugins, delivery from the store's
 * queue with one cursor per plugin, and the stdout plugin (see logger.h).
 *
 * Draining: each plugin reads the queue after its own cursor in batches
 * (at most DRAIN_LINES lines or DRAIN_BYTES bytes), writes each run of
 * lines of one channel in one call, and advances its cursor past what it
 * wrote.  Then, in one transaction, the cursors are saved and every line
 * at or below the lowest cursor is deleted.  Nothing is written to the
 * store when no cursor moved, so an idle daemon does not touch its disk.
 */
#include "log/logger.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon/config.h"
#include "store/store.h"
#include "util/buf.h"

#define DRAIN_LINES 512
#define DRAIN_BYTES (4u << 20)

struct logger {
	const struct logger_plugin *pl;
	void *state;
	int64_t cursor;		/* last queue id this logger has taken */
	bool have_cursor;	/* read from the store yet */
	bool failing;
	time_t since;		/* when it started failing */
	int64_t dropped_then;	/* the store's drop counter at that time */
	int64_t status_lost;	/* status lines it did not take */
	char err[256];
};

struct logger_set {
	struct logger l[4];
	size_t n;
	logger_note_fn note;
	void *note_arg;
};

/* ---------------------------------------------------------------- */
/* stdout */

static int stdout_open(void **state, const struct logger_conf *conf, char *err,
		       size_t errsize)
{
	(void)conf;
	(void)err;
	(void)errsize;
	*state = NULL;
	return 0;
}

static int stdout_write(void *state, enum log_channel ch,
			const struct logger_line *lines, size_t n, char *err,
			size_t errsize)
{
	size_t i;

	(void)state;
	(void)ch;
	for (i = 0; i < n; i++) {
		if (fwrite(lines[i].text, 1, lines[i].len, stdout) != lines[i].len ||
		    fputc('\n', stdout) == EOF)
			break;
	}
	if (fflush(stdout) != 0 || i < n) {
		snprintf(err, errsize, "standard output: %s", strerror(errno));
		clearerr(stdout);
		return -1;
	}
	return 0;
}

static void stdout_close(void *state)
{
	(void)state;
	fflush(stdout);
}

const struct logger_plugin logger_stdout = {
	"stdout", stdout_open, stdout_write, stdout_close,
};

/* ---------------------------------------------------------------- */
/* The set */

static void note(struct logger_set *ls, int severity, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(struct logger_set *ls, int severity, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	if (!ls->note)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ls->note(ls->note_arg, severity, msg);
}

struct logger_set *logger_open_with(const struct logger_plugin *const *plugins,
				    size_t n, const struct logger_conf *conf,
				    logger_note_fn note_fn, void *note_arg,
				    char *err, size_t errsize)
{
	struct logger_set *ls;
	size_t i;

	if (n > sizeof(ls->l) / sizeof(ls->l[0])) {
		snprintf(err, errsize, "too many loggers");
		return NULL;
	}
	ls = calloc(1, sizeof(*ls));
	if (!ls) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	ls->note = note_fn;
	ls->note_arg = note_arg;
	for (i = 0; i < n; i++) {
		struct logger *l = &ls->l[ls->n];

		l->pl = plugins[i];
		if (l->pl->open(&l->state, conf, err, errsize) < 0) {
			logger_free(ls);
			return NULL;
		}
		ls->n++;
	}
	return ls;
}

struct logger_set *logger_open(const struct logger_conf *conf,
			       logger_note_fn note_fn, void *note_arg,
			       char *err, size_t errsize)
{
	static const struct {
		unsigned bit;
		const struct logger_plugin *pl;
	} all[] = {
		{ CONFIG_LOG_FILESYSTEM, &logger_filesystem },
		{ CONFIG_LOG_SYSLOG, &logger_syslog },
		{ CONFIG_LOG_STDOUT, &logger_stdout },
	};
	const struct logger_plugin *pl[sizeof(all) / sizeof(all[0])];
	size_t i, n = 0;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (conf->plugins & all[i].bit)
			pl[n++] = all[i].pl;
	return logger_open_with(pl, n, conf, note_fn, note_arg, err, errsize);
}

void logger_free(struct logger_set *ls)
{
	size_t i;

	if (!ls)
		return;
	for (i = 0; i < ls->n; i++)
		ls->l[i].pl->close(ls->l[i].state);
	free(ls);
}

void logger_status(struct logger_set *ls, int severity, const char *line,
		   size_t len)
{
	struct logger_line one = { line, len, severity };
	char err[256];
	size_t i;

	for (i = 0; i < ls->n; i++)
		if (ls->l[i].pl->write(ls->l[i].state, LOG_CH_STATUS, &one, 1,
				       err, sizeof(err)) < 0)
			ls->l[i].status_lost++;
}

void logger_forget_cursors(struct logger_set *ls)
{
	size_t i;

	for (i = 0; i < ls->n; i++)
		ls->l[i].have_cursor = false;
}

bool logger_failing(const struct logger_set *ls)
{
	size_t i;

	for (i = 0; i < ls->n; i++)
		if (ls->l[i].failing)
			return true;
	return false;
}

/* ---------------------------------------------------------------- */
/* Draining the queue */

struct batch_item {
	int64_t id;
	enum store_kind kind;
	size_t off, len;
};

struct batch {
	struct buf text;
	struct batch_item *items;
	size_t n;
	bool full; /* stopped at DRAIN_BYTES */
};

static int collect(void *arg, int64_t id, enum store_kind kind,
		   const char *line, size_t len)
{
	struct batch *b = arg;
	size_t off = b->text.len;

	if (b->n > 0 && off + len > DRAIN_BYTES) {
		b->full = true;
		return 1;
	}
	if (buf_add(&b->text, line, len) < 0 || buf_addc(&b->text, '\0') < 0)
		return -1;
	b->items[b->n].id = id;
	b->items[b->n].kind = kind;
	b->items[b->n].off = off;
	b->items[b->n].len = len;
	b->n++;
	return 0;
}

/*
 * Writes the batch to one logger, run by run of one channel.  Returns how
 * many lines it took (the cursor moves past them); sets l->err when it
 * stopped short.
 */
static size_t write_batch(struct logger *l, const struct batch *b,
			  struct logger_line *lines)
{
	size_t i = 0;

	while (i < b->n) {
		enum store_kind kind = b->items[i].kind;
		size_t j = i, k;

		while (j < b->n && b->items[j].kind == kind)
			j++;
		for (k = i; k < j; k++) {
			lines[k - i].text = b->text.data + b->items[k].off;
			lines[k - i].len = b->items[k].len;
			lines[k - i].severity = LOG_SEV_INFO;
		}
		if (l->pl->write(l->state, kind == STORE_SNAPSHOT ?
				 LOG_CH_SNAPSHOT : LOG_CH_RESULT, lines, j - i,
				 l->err, sizeof(l->err)) < 0)
			return i;
		l->cursor = b->items[j - 1].id;
		i = j;
	}
	return i;
}

static void cursor_name(const struct logger *l, char *dst, size_t size)
{
	snprintf(dst, size, "cursor.%s", l->pl->name);
}

int logger_drain(struct logger_set *ls, struct store *s, int64_t *delivered)
{
	struct batch b = { BUF_INIT(DRAIN_BYTES + DRAIN_LINES), NULL, 0, false };
	struct logger_line *lines = NULL;
	int64_t before[4], low = INT64_MAX, removed = 0;
	bool moved = false;
	char name[64];
	size_t i;
	int rc = -1;

	if (delivered)
		*delivered = 0;
	if (ls->n == 0)
		return 0;
	b.items = malloc(DRAIN_LINES * sizeof(*b.items));
	lines = malloc(DRAIN_LINES * sizeof(*lines));
	if (!b.items || !lines)
		goto out;
	for (i = 0; i < ls->n; i++) {
		struct logger *l = &ls->l[i];
		bool failed_now = false;
		size_t taken = 0;

		if (!l->have_cursor) {
			cursor_name(l, name, sizeof(name));
			if (store_counter_get(s, name, &l->cursor) < 0)
				goto out;
			l->have_cursor = true;
		}
		before[i] = l->cursor;
		for (;;) {
			size_t took;

			buf_reset(&b.text);
			b.n = 0;
			b.full = false;
			if (store_queue_each(s, l->cursor, DRAIN_LINES, collect,
					     &b) < 0)
				goto out;
			if (b.n == 0)
				break;
			took = write_batch(l, &b, lines);
			taken += took;
			if (took < b.n) {
				failed_now = true;
				if (!l->failing) {
					l->failing = true;
					l->since = time(NULL);
					store_counter_get(s, STORE_COUNTER_DROPPED,
							  &l->dropped_then);
					note(ls, LOG_SEV_ERROR,
					     "logger %s cannot deliver: %s; "
					     "lines wait in the queue (%lld now)",
					     l->pl->name, l->err,
					     (long long)store_queue_count(s));
				}
				break;
			}
			if (b.n < DRAIN_LINES && !b.full)
				break;
		}
		if (l->failing && !failed_now && taken > 0) {
			int64_t dropped = 0;

			store_counter_get(s, STORE_COUNTER_DROPPED, &dropped);
			note(ls, LOG_SEV_WARNING,
			     "logger %s delivers again after %lld s: wrote %zu "
			     "lines that had waited; %lld lines were dropped at "
			     "the queue cap meanwhile; %lld status lines were "
			     "lost",
			     l->pl->name, (long long)(time(NULL) - l->since),
			     taken, (long long)(dropped - l->dropped_then),
			     (long long)l->status_lost);
			l->failing = false;
			l->status_lost = 0;
		}
		if (l->cursor != before[i])
			moved = true;
		if (l->cursor < low)
			low = l->cursor;
	}
	if (!moved) {
		rc = 0;
		goto out;
	}
	if (store_begin(s) < 0)
		goto out;
	for (i = 0; i < ls->n; i++) {
		if (ls->l[i].cursor == before[i])
			continue;
		cursor_name(&ls->l[i], name, sizeof(name));
		if (store_counter_set(s, name, ls->l[i].cursor) < 0) {
			store_rollback(s);
			goto out;
		}
	}
	if (store_queue_delete(s, low, &removed) < 0) {
		store_rollback(s);
		goto out;
	}
	if (store_commit(s) < 0)
		goto out;
	if (delivered)
		*delivered = removed;
	rc = 0;
out:
	if (rc < 0) {
		/* The cursors may not have been saved: read them again. */
		for (i = 0; i < ls->n; i++)
			ls->l[i].have_cursor = false;
	}
	buf_release(&b.text);
	free(b.items);
	free(lines);
	return rc;
}
