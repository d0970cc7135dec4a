/* SPDX-License-Identifier: Apache-2.0 */
/*
 * diff.c: canonical row sets, their difference, osquery's log lines, and
 * the one transaction that records a run (see diff.h).
 */
#include "daemon/diff.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- */
/* Row sets */

void diff_rowset_release(struct rowset *rs)
{
	buf_release(&rs->data);
	free(rs->rows);
	rs->rows = NULL;
	rs->n = rs->alloc = 0;
	rs->sorted = false;
}

static int add_row(struct rowset *rs, const char *row, size_t len)
{
	size_t off = rs->data.len;

	if (rs->n == rs->alloc) {
		size_t na = rs->alloc ? rs->alloc * 2 : 64;
		struct rowset_row *r = realloc(rs->rows, na * sizeof(*r));

		if (!r)
			return -1;
		rs->rows = r;
		rs->alloc = na;
	}
	if (buf_add(&rs->data, row, len) < 0 || buf_addc(&rs->data, '\n') < 0) {
		rs->data.len = off;
		if (rs->data.data)
			rs->data.data[off] = '\0';
		return -1;
	}
	rs->rows[rs->n].off = off;
	rs->rows[rs->n].len = len;
	rs->n++;
	rs->sorted = false;
	return 0;
}

int diff_rowset_add_json(struct rowset *rs, const char *row, size_t len)
{
	return add_row(rs, row, len);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t need, i;
	unsigned c = s[0];
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		need = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 4, cp = c & 0x07;
	else
		return 0;
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return need;
}

/* A JSON string of s, its bad UTF-8 bytes replaced by U+FFFD. */
static json_t *text_value(const char *s, size_t n)
{
	struct buf b = BUF_INIT(DIFF_MAX_BYTES);
	json_t *v = json_stringn(s, n);
	size_t i = 0;

	if (v)
		return v;
	while (i < n) {
		size_t k = utf8_seq((const unsigned char *)s + i, n - i);

		if (k == 0) {
			if (buf_add(&b, "\xef\xbf\xbd", 3) < 0)
				goto out;
			i++;
		} else {
			if (buf_add(&b, s + i, k) < 0)
				goto out;
			i += k;
		}
	}
	v = json_stringn(b.data ? b.data : "", b.len);
out:
	buf_release(&b);
	return v;
}

int diff_rowset_add(struct rowset *rs, sqlite3_stmt *st, char *err,
		    size_t errsize)
{
	int i, ncols = sqlite3_column_count(st), rc = -1;
	json_t *row = json_object();
	char *text = NULL;

	if (!row)
		goto oom;
	for (i = 0; i < ncols; i++) {
		const char *name = sqlite3_column_name(st, i);
		json_t *v;

		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			v = json_integer(sqlite3_column_int64(st, i));
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(st, i));
			break;
		case SQLITE_NULL:
			v = json_string("");
			break;
		default: {
			const char *t = (const char *)sqlite3_column_text(st, i);

			v = text_value(t ? t : "",
				       (size_t)sqlite3_column_bytes(st, i));
			break;
		}
		}
		if (!v || json_object_set_new(row, name ? name : "", v) < 0)
			goto oom;
	}
	text = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		goto oom;
	if (add_row(rs, text, strlen(text)) < 0) {
		snprintf(err, errsize, errno == E2BIG ?
			 "the result is larger than %u bytes" : "out of memory",
			 DIFF_MAX_BYTES);
		goto out;
	}
	rc = 0;
	goto out;
oom:
	snprintf(err, errsize, "out of memory");
out:
	free(text);
	json_decref(row);
	return rc;
}

/* Bytewise order of two rows of the set whose data is base. */
static int row_cmp(const void *pa, const void *pb, void *base)
{
	const struct rowset_row *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp((const char *)base + a->off, (const char *)base + b->off,
		       n);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

int diff_rowset_finish(struct rowset *rs)
{
	struct buf sorted = BUF_INIT(DIFF_MAX_BYTES);
	size_t i;

	if (rs->sorted)
		return 0;
	if (rs->n == 0) {
		rs->sorted = true;
		return 0;
	}
	qsort_r(rs->rows, rs->n, sizeof(*rs->rows), row_cmp, rs->data.data);
	if (buf_grow(&sorted, rs->data.len) < 0)
		return -1;
	for (i = 0; i < rs->n; i++) {
		size_t off = sorted.len;

		/* Cannot fail: the room was made above. */
		buf_add(&sorted, rs->data.data + rs->rows[i].off,
			rs->rows[i].len + 1);
		rs->rows[i].off = off;
	}
	buf_release(&rs->data);
	rs->data = sorted;
	rs->sorted = true;
	return 0;
}

int diff_rowset_load(struct rowset *rs, const char *data, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *line = data + i, *nl = memchr(line, '\n', len - i);
		const char *end = nl ? nl : data + len;
		size_t n = (size_t)(end - line);

		/* An empty line (n == 0) is no row. */
		if (n > 0 && add_row(rs, line, n) < 0)
			return -1;
		i += n + 1;
	}
	return diff_rowset_finish(rs);
}

/* ---------------------------------------------------------------- */
/* The difference */

void diff_result_release(struct diff_result *d)
{
	free(d->added);
	free(d->removed);
	memset(d, 0, sizeof(*d));
}

int diff_compute(const struct rowset *prev, const struct rowset *cur,
		 struct diff_result *out)
{
	size_t i = 0, j = 0;

	memset(out, 0, sizeof(*out));
	out->added = malloc((cur->n ? cur->n : 1) * sizeof(size_t));
	out->removed = malloc((prev->n ? prev->n : 1) * sizeof(size_t));
	if (!out->added || !out->removed) {
		diff_result_release(out);
		return -1;
	}
	while (i < prev->n || j < cur->n) {
		int c;

		if (i == prev->n)
			c = 1;
		else if (j == cur->n)
			c = -1;
		else {
			const struct rowset_row *a = &prev->rows[i],
						*b = &cur->rows[j];
			size_t n = a->len < b->len ? a->len : b->len;

			c = memcmp(prev->data.data + a->off,
				   cur->data.data + b->off, n);
			if (!c)
				c = a->len < b->len ? -1 : a->len > b->len;
		}
		if (c < 0)
			out->removed[out->nremoved++] = i++;
		else if (c > 0)
			out->added[out->nadded++] = j++;
		else
			i++, j++;
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* Log lines */

void diff_calendar_time(int64_t t, char *dst, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
	    strftime(dst, size, "%a %b %e %H:%M:%S %Y UTC", &tm) == 0)
		snprintf(dst, size, "%s", "");
}

/*
 * A canonical row as the "columns" object of a log line: values become
 * strings unless numerics (as SQLite turns numbers into text).  Row i must
 * be in rs; a diff_result from other rowsets gets NULL, not a stray read.
 */
static json_t *row_columns(const struct rowset *rs, size_t i, bool numerics)
{
	const struct rowset_row *r;
	json_t *row;
	const char *key;
	json_t *v;

	if (i >= rs->n || !rs->rows)
		return NULL;
	r = &rs->rows[i];
	row = json_loadb(rs->data.data + r->off, r->len, 0, NULL);
	if (!row || numerics)
		return row;
	json_object_foreach(row, key, v) {
		char num[64];

		if (json_is_integer(v))
			snprintf(num, sizeof(num), "%lld",
				 (long long)json_integer_value(v));
		else if (json_is_real(v))
			sqlite3_snprintf(sizeof(num), num, "%!.15g",
					 json_real_value(v));
		else
			continue;
		if (json_object_set_new(row, key, json_string(num)) < 0) {
			json_decref(row);
			return NULL;
		}
	}
	return row;
}

/* Appends the fields every line carries, in osquery's order. */
static int add_meta(json_t *o, const struct diff_meta *m)
{
	char cal[64];

	diff_calendar_time(m->unix_time, cal, sizeof(cal));
	if (json_object_set_new(o, "name", json_string(m->name)) < 0 ||
	    json_object_set_new(o, "hostIdentifier", json_string(m->host)) < 0 ||
	    json_object_set_new(o, "calendarTime", json_string(cal)) < 0 ||
	    json_object_set_new(o, "unixTime", json_integer(m->unix_time)) < 0 ||
	    json_object_set_new(o, "epoch", json_integer(m->epoch)) < 0 ||
	    json_object_set_new(o, "counter", json_integer(m->counter)) < 0 ||
	    json_object_set_new(o, "numerics", json_boolean(m->numerics)) < 0)
		return -1;
	if (m->decorations && json_object_size(m->decorations) > 0) {
		json_t *dec = (json_t *)m->decorations;

		if (m->decorations_top_level)
			return json_object_update(o, dec);
		return json_object_set(o, "decorations", dec);
	}
	return 0;
}

/* Dumps o and hands it to emit; o is released. */
static int emit_obj(json_t *o, enum store_kind kind, diff_emit_fn emit,
		    void *arg)
{
	char *line;
	int rc;

	if (!o)
		return -1;
	/* 15 digits, as SQLite turns a real into text. */
	line = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(o);
	if (!line)
		return -1;
	rc = emit(arg, kind, line, strlen(line));
	free(line);
	return rc;
}

static int emit_event(const struct diff_meta *m, const struct rowset *rs,
		      size_t i, const char *action, diff_emit_fn emit,
		      void *arg)
{
	json_t *o = json_object(), *cols = row_columns(rs, i, m->numerics);

	if (!o || !cols || add_meta(o, m) < 0 ||
	    json_object_set_new(o, "columns", cols) < 0 ||
	    json_object_set_new(o, "action", json_string(action)) < 0) {
		if (!o || json_object_get(o, "columns") != cols)
			json_decref(cols);
		json_decref(o);
		return -1;
	}
	return emit_obj(o, STORE_RESULT, emit, arg);
}

int diff_emit_events(const struct diff_meta *m, const struct rowset *prev,
		     const struct rowset *cur, const struct diff_result *d,
		     bool with_removed, diff_emit_fn emit, void *arg)
{
	size_t i;

	for (i = 0; with_removed && i < d->nremoved; i++)
		if (emit_event(m, prev, d->removed[i], "removed", emit, arg) < 0)
			return -1;
	for (i = 0; i < d->nadded; i++)
		if (emit_event(m, cur, d->added[i], "added", emit, arg) < 0)
			return -1;
	return 0;
}

/* An array of the given rows as columns objects. */
static json_t *rows_array(const struct diff_meta *m, const struct rowset *rs,
			  const size_t *idx, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; i < n; i++) {
		json_t *cols = row_columns(rs, idx ? idx[i] : i, m->numerics);

		if (!cols || json_array_append_new(arr, cols) < 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

int diff_emit_batch(const struct diff_meta *m, const struct rowset *prev,
		    const struct rowset *cur, const struct diff_result *d,
		    bool with_removed, diff_emit_fn emit, void *arg)
{
	json_t *o, *res, *removed, *added;
	size_t nremoved = with_removed ? d->nremoved : 0;

	if (nremoved == 0 && d->nadded == 0)
		return 0;
	o = json_object();
	res = json_object();
	removed = rows_array(m, prev, d->removed, nremoved);
	added = rows_array(m, cur, d->added, d->nadded);
	if (!o || !res || !removed || !added ||
	    json_object_set_new(res, "removed", removed) < 0 ||
	    json_object_set_new(res, "added", added) < 0 ||
	    json_object_set_new(o, "diffResults", res) < 0 ||
	    add_meta(o, m) < 0) {
		/* Whatever was not yet linked into o is released here. */
		if (!json_object_get(o, "diffResults")) {
			if (!json_object_get(res, "removed"))
				json_decref(removed);
			if (!json_object_get(res, "added"))
				json_decref(added);
			json_decref(res);
		}
		json_decref(o);
		return -1;
	}
	return emit_obj(o, STORE_RESULT, emit, arg);
}

int diff_emit_snapshot(const struct diff_meta *m, const struct rowset *cur,
		       diff_emit_fn emit, void *arg)
{
	json_t *o = json_object(), *rows = rows_array(m, cur, NULL, cur->n);

	if (!o || !rows || json_object_set_new(o, "snapshot", rows) < 0 ||
	    json_object_set_new(o, "action", json_string("snapshot")) < 0 ||
	    add_meta(o, m) < 0) {
		if (!o || json_object_get(o, "snapshot") != rows)
			json_decref(rows);
		json_decref(o);
		return -1;
	}
	return emit_obj(o, STORE_SNAPSHOT, emit, arg);
}

/* ---------------------------------------------------------------- */
/* A run, in one transaction */

struct queue_ctx {
	struct store *s;
	struct diff_outcome *out;
};

static int push_line(void *arg, enum store_kind kind, const char *line,
		     size_t len)
{
	struct queue_ctx *qc = arg;

	if (store_queue_push(qc->s, kind, line, len) < 0)
		return -1;
	qc->out->lines++;
	qc->out->bytes += len;
	return 0;
}

int diff_apply(struct store *s, const struct diff_query *q,
	       const struct rowset *cur, const struct diff_opts *o,
	       struct diff_outcome *out, char *err, size_t errsize)
{
	struct store_result prev;
	struct rowset prs = ROWSET_INIT;
	struct diff_result d = { 0 };
	struct queue_ctx qc = { s, out };
	struct diff_meta m;
	bool fresh, new_query, changed, in = false;
	const char *why = NULL;
	int rc = -1;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&prev, 0, sizeof(prev));
	if (!cur->sorted) {
		snprintf(err, errsize, "internal error: unsorted result");
		return -1;
	}
	if (store_begin(s) < 0)
		goto store_fail;
	in = true;
	if (store_result_get(s, q->name, &prev) < 0)
		goto store_fail;
	fresh = q->snapshot || !prev.found || prev.epoch != o->epoch;
	new_query = prev.found && strcmp(prev.query, q->sql) != 0;
	if (!fresh) {
		if (diff_rowset_load(&prs, prev.rows, prev.len) < 0 ||
		    diff_compute(&prs, cur, &d) < 0)
			goto oom;
	} else if (!q->snapshot) {
		d.added = malloc((cur->n ? cur->n : 1) * sizeof(size_t));
		if (!d.added)
			goto oom;
		for (i = 0; i < cur->n; i++)
			d.added[i] = i;
		d.nadded = cur->n;
	}
	changed = d.nadded > 0 || d.nremoved > 0;
	out->fresh = fresh || new_query;
	out->counter = prev.counter;
	if (fresh || new_query)
		out->counter = 0;
	else if (changed)
		out->counter = prev.counter + 1;

	m.name = q->name;
	m.host = o->host;
	m.unix_time = o->now;
	m.epoch = o->epoch;
	m.counter = out->counter;
	m.numerics = o->numerics;
	m.decorations_top_level = o->decorations_top_level;
	m.decorations = o->decorations;
	if (q->snapshot) {
		if (diff_emit_snapshot(&m, cur, push_line, &qc) < 0)
			goto emit_fail;
		out->added = cur->n;
	} else {
		int r = o->events ? diff_emit_events(&m, &prs, cur, &d,
						     q->removed, push_line, &qc)
				  : diff_emit_batch(&m, &prs, cur, &d,
						    q->removed, push_line, &qc);
		if (r < 0)
			goto emit_fail;
		out->added = d.nadded;
		out->removed = q->removed ? d.nremoved : 0;
	}
	if (fresh || new_query || changed) {
		/* A snapshot's rows are never compared: only its counter
		 * and epoch are kept. */
		if (store_result_put(s, q->name, q->sql, o->epoch, out->counter,
				     q->snapshot ? "" : cur->data.data,
				     q->snapshot ? 0 : cur->data.len) < 0)
			goto store_fail;
	}
	if (o->queue_max > 0 && o->drop_oldest) {
		int64_t n = store_queue_count(s);

		if (n < 0)
			goto store_fail;
		if (n > o->queue_max) {
			if (store_queue_trim(s, o->queue_max, &out->dropped) < 0 ||
			    store_counter_add(s, STORE_COUNTER_DROPPED,
					      out->dropped) < 0)
				goto store_fail;
		}
	}
	if (o->in_txn && o->in_txn(o->in_txn_arg, s) < 0)
		goto store_fail;
	in = false;
	if (store_commit(s) < 0)
		goto store_fail;
	rc = 0;
	goto out;
oom:
	why = "out of memory";
	goto fail;
emit_fail:
	if (!why)
		why = store_errmsg(s)[0] ? store_errmsg(s) : "cannot format a line";
	goto fail;
store_fail:
	why = store_errmsg(s);
fail:
	snprintf(err, errsize, "%s", why && why[0] ? why : "store failure");
	if (in)
		store_rollback(s);
out:
	store_result_release(&prev);
	diff_rowset_release(&prs);
	diff_result_release(&d);
	return rc;
}
