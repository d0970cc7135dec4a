/* SPDX-License-Identifier: Apache-2.0 */
/*
 * runner.c: running checks and scoring them (see runner.h).
 *
 * A check's query runs once through the engine; its rows become JSON
 * objects (column name to value, typed as the output module types them)
 * up to EVIDENCE_MAX_ROWS, and the rest are only counted.  A query that
 * fails to prepare or to step is an error result carrying SQLite's or the
 * table's message.
 */
#include "audit/runner.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sql/engine.h"

static const char *const status_names[ST_COUNT] = {
	"fail", "error", "waived", "not applicable", "pass",
};

const char *audit_status_name(enum status s)
{
	return s < ST_COUNT ? status_names[s] : "unknown";
}

double audit_weight(enum severity s)
{
	static const double w[SEV_COUNT] = { 1, 2, 4, 8 };

	return s < SEV_COUNT ? w[s] : 1;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *fmt(const char *f, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, f);
	if (vasprintf(&s, f, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* One row of st as a JSON object. */
static json_t *row_json(sqlite3_stmt *st)
{
	int i, n = sqlite3_column_count(st);
	json_t *o = json_object();

	if (!o)
		return NULL;
	for (i = 0; i < n; i++) {
		json_t *v;

		switch (sqlite3_column_type(st, i)) {
		case SQLITE_NULL:
			v = json_null();
			break;
		case SQLITE_INTEGER:
			v = json_integer(sqlite3_column_int64(st, i));
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(st, i));
			break;
		default:
			/* Invalid UTF-8 is dropped by json_stringn: keep bytes
			 * readable instead. */
			v = json_stringn((const char *)sqlite3_column_text(st, i),
					 (size_t)sqlite3_column_bytes(st, i));
			if (!v)
				v = json_string("(not valid UTF-8)");
			break;
		}
		if (!v || json_object_set_new(o, sqlite3_column_name(st, i), v)) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/*
 * Runs sql.  Returns the number of rows (keeping up to EVIDENCE_MAX_ROWS in
 * *rows when rows is not NULL), or -1 with the engine's message in *err.
 */
static long run_sql(struct engine *e, const char *sql, json_t **rows,
		    char **err)
{
	char msg[512];
	const char *p = sql;
	sqlite3_stmt *st;
	long n = 0;
	int rc;

	if (rows)
		*rows = NULL;
	if (engine_prepare(e, &p, &st, msg, sizeof(msg)) < 0) {
		*err = strdup(msg);
		return -1;
	}
	if (!st) {
		*err = strdup("the query is empty");
		return -1;
	}
	if (rows && !(*rows = json_array()))
		goto nomem;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (rows && n < EVIDENCE_MAX_ROWS) {
			json_t *o = row_json(st);

			if (!o || json_array_append_new(*rows, o) < 0)
				goto nomem;
		}
		n++;
	}
	if (rc != SQLITE_DONE) {
		*err = strdup(engine_errmsg(e));
		sqlite3_finalize(st);
		if (rows) {
			json_decref(*rows);
			*rows = NULL;
		}
		return -1;
	}
	sqlite3_finalize(st);
	return n;
nomem:
	sqlite3_finalize(st);
	if (rows) {
		json_decref(*rows);
		*rows = NULL;
	}
	*err = strdup("out of memory");
	return -1;
}

static bool listed(char **list, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], id) == 0)
			return true;
	return false;
}

static const struct waiver *find_waiver(const struct waivers *w, const char *id)
{
	size_t i;

	for (i = 0; w && i < w->n; i++)
		if (!w->w[i].expired && strcmp(w->w[i].id, id) == 0)
			return &w->w[i];
	return NULL;
}

static void run_check(struct engine *e, const struct check *c,
		      const struct waivers *w, struct result *r)
{
	const struct waiver *wv;
	char *err = NULL;
	long n;

	r->check = c;
	wv = find_waiver(w, c->id);
	if (wv) {
		r->status = ST_WAIVED;
		r->reason = xstrdup(wv->reason);
		r->expires = xstrdup(wv->expires);
		return;
	}
	if (c->applies) {
		n = run_sql(e, c->applies, NULL, &err);
		if (n < 0) {
			r->status = ST_ERROR;
			r->reason = fmt("applies query failed: %s",
					err ? err : "out of memory");
			free(err);
			return;
		}
		if (n == 0) {
			r->status = ST_NA;
			r->reason = xstrdup(c->applies_reason ?
						    c->applies_reason :
						    "the check's applies query "
						    "returned no row");
			return;
		}
	}
	n = run_sql(e, c->query, &r->evidence, &err);
	if (n < 0) {
		r->status = ST_ERROR;
		r->reason = err ? err : strdup("out of memory");
		return;
	}
	r->rows = (size_t)n;
	/* A fleet policy passes when its query finds what it looks for. */
	if (c->policy ? n > 0 : n == 0) {
		r->status = ST_PASS;
		json_decref(r->evidence);
		r->evidence = NULL;
	} else {
		r->status = ST_FAIL;
		if (c->policy) {
			json_decref(r->evidence);
			r->evidence = NULL;
		}
	}
}

static int theme_index(struct audit *a, const char *theme)
{
	struct theme_score *t;
	size_t i;

	for (i = 0; i < a->nthemes; i++)
		if (strcmp(a->themes[i].theme, theme) == 0)
			return (int)i;
	t = reallocarray(a->themes, a->nthemes + 1, sizeof(*t));
	if (!t)
		return -1;
	a->themes = t;
	memset(&t[a->nthemes], 0, sizeof(*t));
	t[a->nthemes].theme = strdup(theme);
	if (!t[a->nthemes].theme)
		return -1;
	return (int)a->nthemes++;
}

static int by_score(const void *x, const void *y)
{
	const struct theme_score *a = x, *b = y;

	/* Themes with nothing applicable go last. */
	if ((a->score < 0) != (b->score < 0))
		return a->score < 0 ? 1 : -1;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return strcmp(a->theme, b->theme);
}

static int score(struct audit *a)
{
	double won = 0, all = 0;
	size_t i, k;

	for (i = 0; i < a->n; i++) {
		const struct result *r = &a->results[i];
		int t = theme_index(a, r->check->theme);

		if (t < 0)
			return -1;
		a->count[r->status]++;
		a->themes[t].count[r->status]++;
	}
	for (k = 0; k < a->nthemes; k++) {
		double tw = 0, ta = 0;

		for (i = 0; i < a->n; i++) {
			const struct result *r = &a->results[i];
			double w = audit_weight(r->check->severity);

			if (strcmp(r->check->theme, a->themes[k].theme) != 0)
				continue;
			if (r->status == ST_PASS)
				tw += w;
			if (r->status == ST_PASS || r->status == ST_FAIL ||
			    r->status == ST_ERROR)
				ta += w;
		}
		a->themes[k].score = ta > 0 ? 100.0 * tw / ta : -1;
		won += tw;
		all += ta;
	}
	a->score = all > 0 ? 100.0 * won / all : -1;
	qsort(a->themes, a->nthemes, sizeof(*a->themes), by_score);
	return 0;
}

int audit_run(struct engine *e, const struct pack *p,
	      const struct audit_filter *f, const struct waivers *w,
	      struct audit *out)
{
	double t0 = now_ms();
	size_t i, n = 0;

	memset(out, 0, sizeof(*out));
	out->started = time(NULL);
	out->results = calloc(p->n ? p->n : 1, sizeof(*out->results));
	if (!out->results)
		return -1;
	for (i = 0; i < p->n; i++) {
		const struct check *c = &p->checks[i];
		struct result *r = &out->results[n];
		double c0;

		if (f && f->nonly && !listed(f->only, f->nonly, c->id))
			continue;
		if (f && listed(f->skip, f->nskip, c->id))
			continue;
		c0 = now_ms();
		run_check(e, c, w, r);
		r->ms = now_ms() - c0;
		n++;
	}
	out->n = n;
	out->ms = now_ms() - t0;
	if (score(out) < 0) {
		audit_release(out);
		return -1;
	}
	return 0;
}

void audit_release(struct audit *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->results[i].reason);
		free(a->results[i].expires);
		json_decref(a->results[i].evidence);
	}
	free(a->results);
	for (i = 0; i < a->nthemes; i++)
		free(a->themes[i].theme);
	free(a->themes);
	memset(a, 0, sizeof(*a));
}

/* Is s a date YYYY-MM-DD (digits only: no sign, no blanks)? */
static bool valid_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;
	int m, d;

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (i = 0; shape[i]; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';

		if (shape[i] == 'd' ? !digit : s[i] != '-')
			return false;
	}
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int waivers_parse(struct waivers *w, const char *json,
		  size_t len, const char *today, char *err, size_t errsize)
{
	json_error_t jerr;
	json_t *root, *arr, *v;
	size_t i;
	int rc = -1;

	w->w = NULL;
	w->n = 0;
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(err, errsize, "line %d, column %d: %s", jerr.line,
			 jerr.column, jerr.text);
		return -1;
	}
	arr = json_object_get(root, "waivers");
	if (!json_is_array(arr)) {
		snprintf(err, errsize, "expected {\"waivers\": [...]}");
		goto out;
	}
	w->w = calloc(json_array_size(arr) + 1, sizeof(*w->w));
	if (!w->w) {
		snprintf(err, errsize, "out of memory");
		goto out;
	}
	json_array_foreach(arr, i, v) {
		json_t *id = json_object_get(v, "id");
		json_t *reason = json_object_get(v, "reason");
		json_t *exp = json_object_get(v, "expires");
		struct waiver *x = &w->w[w->n];

		if (!json_is_string(id) || !json_is_string(reason)) {
			snprintf(err, errsize,
				 "waiver #%zu: \"id\" and \"reason\" must be "
				 "strings",
				 i + 1);
			goto out;
		}
		if (exp && (!json_is_string(exp) ||
			    !valid_date(json_string_value(exp)))) {
			snprintf(err, errsize,
				 "waiver for '%s': \"expires\" must be a date "
				 "YYYY-MM-DD",
				 json_string_value(id));
			goto out;
		}
		x->id = strdup(json_string_value(id));
		x->reason = strdup(json_string_value(reason));
		x->expires = exp ? strdup(json_string_value(exp)) : NULL;
		w->n++;
		if (!x->id || !x->reason || (exp && !x->expires)) {
			snprintf(err, errsize, "out of memory");
			goto out;
		}
		x->expired = x->expires && strcmp(x->expires, today) < 0;
	}
	rc = 0;
out:
	if (rc < 0)
		waivers_release(w);
	json_decref(root);
	return rc;
}

void waivers_release(struct waivers *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->w[i].id);
		free(w->w[i].reason);
		free(w->w[i].expires);
	}
	free(w->w);
	w->w = NULL;
	w->n = 0;
}
