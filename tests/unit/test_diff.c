/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_diff.c: differential results: canonical rows from real SQLite
 * statements (typed values, NULL, bad UTF-8, column order), the multiset
 * difference, osquery's event, batch and snapshot lines byte for byte
 * (numerics, decorations nested and at the top level), and diff_apply on
 * a real store: first results, no change, a change, changed SQL, a new
 * epoch, snapshots, "removed": false, the queue cap, and a failure inside
 * the transaction that must leave nothing behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "daemon/diff.h"
#include "store/store.h"

static sqlite3 *db;

static int setup(void **state)
{
	(void)state;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return -1;
	return sqlite3_exec(db,
		"CREATE TABLE t (b TEXT, a INTEGER, c REAL, d TEXT);"
		"INSERT INTO t VALUES ('x', 1, 1.5, NULL);"
		"INSERT INTO t VALUES ('y', 2, 0.1, 'q\"uote');"
		"INSERT INTO t VALUES (CAST(X'61FF62' AS TEXT), 3, 2.0, 'é');",
		NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	sqlite3_close(db);
	return 0;
}

/* Fills rs from a query on the test database. */
static void rows_of(const char *sql, struct rowset *rs)
{
	sqlite3_stmt *st;
	char err[128];

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		assert_int_equal(diff_rowset_add(rs, st, err, sizeof(err)), 0);
	sqlite3_finalize(st);
	assert_int_equal(diff_rowset_finish(rs), 0);
}

static void rows_json(struct rowset *rs, const char *const *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		assert_int_equal(diff_rowset_add_json(rs, rows[i],
						      strlen(rows[i])), 0);
	assert_int_equal(diff_rowset_finish(rs), 0);
}

static void test_canonical(void **state)
{
	struct rowset rs = ROWSET_INIT, back = ROWSET_INIT;

	(void)state;
	rows_of("SELECT * FROM t", &rs);
	assert_int_equal(rs.n, 3);
	/* Keys sorted, types kept, NULL as "", bad bytes as U+FFFD, sorted
	 * bytewise by the whole row. */
	assert_string_equal(rs.data.data,
		"{\"a\":1,\"b\":\"x\",\"c\":1.5,\"d\":\"\"}\n"
		"{\"a\":2,\"b\":\"y\",\"c\":0.10000000000000001,\"d\":\"q\\\"uote\"}\n"
		"{\"a\":3,\"b\":\"a\xef\xbf\xbd" "b\",\"c\":2.0,\"d\":\"\xc3\xa9\"}\n");
	/* What the store gives back compares equal. */
	assert_int_equal(diff_rowset_load(&back, rs.data.data, rs.data.len), 0);
	assert_int_equal(back.n, 3);
	assert_string_equal(back.data.data, rs.data.data);
	diff_rowset_release(&rs);
	diff_rowset_release(&back);
}

static void test_compute(void **state)
{
	static const char *const prev_rows[] = { "{\"a\":1}", "{\"a\":2}",
						 "{\"a\":2}", "{\"a\":3}" };
	static const char *const cur_rows[] = { "{\"a\":2}", "{\"a\":4}",
						"{\"a\":3}", "{\"a\":4}" };
	struct rowset prev = ROWSET_INIT, cur = ROWSET_INIT, empty = ROWSET_INIT;
	struct diff_result d;

	(void)state;
	rows_json(&prev, prev_rows, 4);
	rows_json(&cur, cur_rows, 4);
	assert_int_equal(diff_rowset_finish(&empty), 0);
	assert_int_equal(diff_compute(&prev, &cur, &d), 0);
	/* A multiset: one of the two {"a":2} went, both {"a":4} came. */
	assert_int_equal(d.nremoved, 2);
	assert_int_equal(d.nadded, 2);
	assert_memory_equal(prev.data.data + prev.rows[d.removed[0]].off,
			    "{\"a\":1}", 7);
	assert_memory_equal(prev.data.data + prev.rows[d.removed[1]].off,
			    "{\"a\":2}", 7);
	assert_memory_equal(cur.data.data + cur.rows[d.added[0]].off,
			    "{\"a\":4}", 7);
	diff_result_release(&d);
	assert_int_equal(diff_compute(&prev, &prev, &d), 0);
	assert_int_equal(d.nadded + d.nremoved, 0);
	diff_result_release(&d);
	assert_int_equal(diff_compute(&empty, &cur, &d), 0);
	assert_int_equal(d.nadded, 4);
	diff_result_release(&d);
	diff_rowset_release(&prev);
	diff_rowset_release(&cur);
	diff_rowset_release(&empty);
}

/* Collects emitted lines, one per line of out. */
struct lines {
	char out[8192];
	size_t len;
	int n;
	enum store_kind kind;
};

static int collect(void *arg, enum store_kind kind, const char *line,
		   size_t len)
{
	struct lines *l = arg;

	assert_true(l->len + len + 2 < sizeof(l->out));
	memcpy(l->out + l->len, line, len);
	l->len += len;
	l->out[l->len++] = '\n';
	l->out[l->len] = '\0';
	l->n++;
	l->kind = kind;
	return 0;
}

static void test_calendar(void **state)
{
	char cal[64];

	(void)state;
	diff_calendar_time(1136214245, cal, sizeof(cal));
	assert_string_equal(cal, "Mon Jan  2 15:04:05 2006 UTC");
	diff_calendar_time(1700000000, cal, sizeof(cal));
	assert_string_equal(cal, "Tue Nov 14 22:13:20 2023 UTC");
}

static void test_lines(void **state)
{
	static const char *const prev_rows[] = {
		"{\"n\":\"old\",\"u\":1,\"r\":0.5}", "{\"n\":\"same\",\"u\":2,\"r\":1.0}"
	};
	static const char *const cur_rows[] = {
		"{\"n\":\"new\",\"u\":3,\"r\":0.1}", "{\"n\":\"same\",\"u\":2,\"r\":1.0}"
	};
	struct rowset prev = ROWSET_INIT, cur = ROWSET_INIT;
	struct diff_result d;
	struct lines l;
	json_t *dec = json_pack("{s:s}", "host_uuid", "H-1");
	struct diff_meta m = { "q", "host1", 1700000000, 2, 7, false, false,
			       dec };

	(void)state;
	rows_json(&prev, prev_rows, 2);
	rows_json(&cur, cur_rows, 2);
	assert_int_equal(diff_compute(&prev, &cur, &d), 0);

	memset(&l, 0, sizeof(l));
	assert_int_equal(diff_emit_events(&m, &prev, &cur, &d, true, collect,
					  &l), 0);
	assert_string_equal(l.out,
		"{\"name\":\"q\",\"hostIdentifier\":\"host1\",\"calendarTime\":"
		"\"Tue Nov 14 22:13:20 2023 UTC\",\"unixTime\":1700000000,"
		"\"epoch\":2,\"counter\":7,\"numerics\":false,\"decorations\":"
		"{\"host_uuid\":\"H-1\"},\"columns\":{\"n\":\"old\",\"u\":\"1\","
		"\"r\":\"0.5\"},\"action\":\"removed\"}\n"
		"{\"name\":\"q\",\"hostIdentifier\":\"host1\",\"calendarTime\":"
		"\"Tue Nov 14 22:13:20 2023 UTC\",\"unixTime\":1700000000,"
		"\"epoch\":2,\"counter\":7,\"numerics\":false,\"decorations\":"
		"{\"host_uuid\":\"H-1\"},\"columns\":{\"n\":\"new\",\"u\":\"3\","
		"\"r\":\"0.1\"},\"action\":\"added\"}\n");
	assert_int_equal(l.kind, STORE_RESULT);

	/* Without removed rows, numerics, decorations at the top level. */
	memset(&l, 0, sizeof(l));
	m.numerics = true;
	m.decorations_top_level = true;
	assert_int_equal(diff_emit_events(&m, &prev, &cur, &d, false, collect,
					  &l), 0);
	assert_string_equal(l.out,
		"{\"name\":\"q\",\"hostIdentifier\":\"host1\",\"calendarTime\":"
		"\"Tue Nov 14 22:13:20 2023 UTC\",\"unixTime\":1700000000,"
		"\"epoch\":2,\"counter\":7,\"numerics\":true,\"host_uuid\":"
		"\"H-1\",\"columns\":{\"n\":\"new\",\"u\":3,\"r\":0.1},"
		"\"action\":\"added\"}\n");

	/* Batch, no decorations: the key is left out. */
	memset(&l, 0, sizeof(l));
	m.numerics = false;
	m.decorations = NULL;
	assert_int_equal(diff_emit_batch(&m, &prev, &cur, &d, true, collect,
					 &l), 0);
	assert_string_equal(l.out,
		"{\"diffResults\":{\"removed\":[{\"n\":\"old\",\"u\":\"1\","
		"\"r\":\"0.5\"}],\"added\":[{\"n\":\"new\",\"u\":\"3\","
		"\"r\":\"0.1\"}]},\"name\":\"q\",\"hostIdentifier\":\"host1\","
		"\"calendarTime\":\"Tue Nov 14 22:13:20 2023 UTC\",\"unixTime\":"
		"1700000000,\"epoch\":2,\"counter\":7,\"numerics\":false}\n");

	/* Snapshot: the whole set. */
	memset(&l, 0, sizeof(l));
	m.counter = 0;
	assert_int_equal(diff_emit_snapshot(&m, &cur, collect, &l), 0);
	assert_string_equal(l.out,
		"{\"snapshot\":[{\"n\":\"new\",\"u\":\"3\",\"r\":\"0.1\"},"
		"{\"n\":\"same\",\"u\":\"2\",\"r\":\"1.0\"}],\"action\":"
		"\"snapshot\",\"name\":\"q\",\"hostIdentifier\":\"host1\","
		"\"calendarTime\":\"Tue Nov 14 22:13:20 2023 UTC\",\"unixTime\":"
		"1700000000,\"epoch\":2,\"counter\":0,\"numerics\":false}\n");
	assert_int_equal(l.kind, STORE_SNAPSHOT);
	diff_result_release(&d);

	/* Nothing changed: no batch line. */
	memset(&l, 0, sizeof(l));
	assert_int_equal(diff_compute(&cur, &cur, &d), 0);
	assert_int_equal(diff_emit_batch(&m, &cur, &cur, &d, true, collect,
					 &l), 0);
	assert_int_equal(l.n, 0);
	diff_result_release(&d);
	diff_rowset_release(&prev);
	diff_rowset_release(&cur);
	json_decref(dec);
}

/* ---- diff_apply on a real store ---- */

static char dir[64];

static struct store *open_store(void)
{
	char err[256], note[256];
	struct store *s;

	snprintf(dir, sizeof(dir), "/tmp/vigil-test-diff-XXXXXX");
	assert_non_null(mkdtemp(dir));
	s = store_open(dir, note, sizeof(note), err, sizeof(err));
	assert_non_null(s);
	assert_string_equal(note, "");
	return s;
}

static void close_store(struct store *s)
{
	char path[128];

	store_free(s);
	snprintf(path, sizeof(path), "%s/vigil.db", dir);
	unlink(path);
	rmdir(dir);
}

/* Every queued line, in order, removed from the queue. */
static int take_one(void *arg, int64_t id, enum store_kind kind,
		    const char *line, size_t len)
{
	struct lines *l = arg;

	(void)id;
	(void)kind;
	assert_true(l->len + len + 2 < sizeof(l->out));
	memcpy(l->out + l->len, line, len);
	l->len += len;
	l->out[l->len++] = '\n';
	l->out[l->len] = '\0';
	l->n++;
	return 0;
}

static void take(struct store *s, struct lines *l)
{
	memset(l, 0, sizeof(*l));
	assert_int_equal(store_queue_each(s, 0, 1000, take_one, l), 0);
	assert_int_equal(store_queue_delete(s, INT64_MAX, NULL), 0);
}

/* Keeps only "counter" and "action" and the columns of each line. */
static void brief(const struct lines *l, char *out, size_t size)
{
	const char *p = l->out;
	size_t off = 0;

	out[0] = '\0';
	while (*p) {
		const char *nl = strchr(p, '\n');
		json_t *j = json_loadb(p, (size_t)(nl - p), 0, NULL);
		char *cols;

		assert_non_null(j);
		cols = json_dumps(json_object_get(j, "columns"),
				  JSON_COMPACT | JSON_ENCODE_ANY);
		off += (size_t)snprintf(out + off, size - off, "%lld %s %s\n",
			(long long)json_integer_value(json_object_get(j, "counter")),
			json_string_value(json_object_get(j, "action")), cols);
		free(cols);
		json_decref(j);
		p = nl + 1;
	}
}

static int fail_in_txn(void *arg, struct store *s)
{
	(void)arg;
	(void)s;
	return -1;
}

static void apply(struct store *s, const struct diff_query *q,
		  const char *const *rows, size_t n, struct diff_opts *o,
		  struct diff_outcome *out)
{
	struct rowset rs = ROWSET_INIT;
	char err[256];

	rows_json(&rs, rows, n);
	assert_int_equal(diff_apply(s, q, &rs, o, out, err, sizeof(err)), 0);
	diff_rowset_release(&rs);
}

static void test_apply(void **state)
{
	static const char *const r1[] = { "{\"u\":\"alice\"}", "{\"u\":\"bob\"}" };
	static const char *const r2[] = { "{\"u\":\"alice\"}", "{\"u\":\"eve\"}" };
	struct store *s = open_store();
	struct diff_query q = { "users", "SELECT u FROM users", false, true };
	struct diff_opts o;
	struct diff_outcome out;
	struct lines l;
	char b[2048], err[256];
	struct rowset rs = ROWSET_INIT;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.host = "h";
	o.now = 1700000000;
	o.events = true;

	/* First results: everything added, counter 0. */
	apply(s, &q, r1, 2, &o, &out);
	assert_true(out.fresh);
	take(s, &l);
	brief(&l, b, sizeof(b));
	assert_string_equal(b, "0 added {\"u\":\"alice\"}\n"
			       "0 added {\"u\":\"bob\"}\n");
	/* The same rows: nothing. */
	apply(s, &q, r1, 2, &o, &out);
	assert_false(out.fresh);
	assert_int_equal(out.lines, 0);
	/* A change: counter 1. */
	apply(s, &q, r2, 2, &o, &out);
	take(s, &l);
	brief(&l, b, sizeof(b));
	assert_string_equal(b, "1 removed {\"u\":\"bob\"}\n"
			       "1 added {\"u\":\"eve\"}\n");
	/* No change: the counter stays; another change: 2. */
	apply(s, &q, r2, 2, &o, &out);
	assert_int_equal(out.counter, 1);
	apply(s, &q, r1, 2, &o, &out);
	assert_int_equal(out.counter, 2);
	take(s, &l);
	/* "removed": false logs only additions (the state still moves). */
	q.removed = false;
	apply(s, &q, r2, 2, &o, &out);
	take(s, &l);
	brief(&l, b, sizeof(b));
	assert_string_equal(b, "3 added {\"u\":\"eve\"}\n");
	q.removed = true;
	/* The SQL changed: compared with the old rows, counter back to 0. */
	q.sql = "SELECT u FROM users WHERE 1";
	apply(s, &q, r1, 2, &o, &out);
	take(s, &l);
	brief(&l, b, sizeof(b));
	assert_string_equal(b, "0 removed {\"u\":\"eve\"}\n"
			       "0 added {\"u\":\"bob\"}\n");
	/* A new epoch: fresh results. */
	o.epoch = 5;
	apply(s, &q, r1, 2, &o, &out);
	take(s, &l);
	brief(&l, b, sizeof(b));
	assert_string_equal(b, "0 added {\"u\":\"alice\"}\n"
			       "0 added {\"u\":\"bob\"}\n");
	/* A failure inside the transaction leaves no trace: no line, the
	 * state unchanged (the next run still sees the change). */
	o.in_txn = fail_in_txn;
	rows_json(&rs, r2, 2);
	assert_int_equal(diff_apply(s, &q, &rs, &o, &out, err, sizeof(err)), -1);
	diff_rowset_release(&rs);
	assert_int_equal(store_queue_count(s), 0);
	o.in_txn = NULL;
	apply(s, &q, r2, 2, &o, &out);
	take(s, &l);
	brief(&l, b, sizeof(b));
	assert_string_equal(b, "1 removed {\"u\":\"bob\"}\n"
			       "1 added {\"u\":\"eve\"}\n");
	/* Batch form: one line. */
	o.events = false;
	apply(s, &q, r1, 2, &o, &out);
	assert_int_equal(out.lines, 1);
	assert_int_equal(out.added, 1);
	assert_int_equal(out.removed, 1);
	take(s, &l);
	assert_non_null(strstr(l.out, "\"diffResults\":{\"removed\":[{\"u\":"
				      "\"eve\"}],\"added\":[{\"u\":\"bob\"}]}"));
	close_store(s);
}

static void test_apply_snapshot_and_cap(void **state)
{
	static const char *const r1[] = { "{\"u\":\"a\"}", "{\"u\":\"b\"}",
					  "{\"u\":\"c\"}" };
	struct store *s = open_store();
	struct diff_query snap = { "snap", "SELECT 1", true, true };
	struct diff_query ev = { "ev", "SELECT 2", false, true };
	struct diff_opts o;
	struct diff_outcome out;
	struct lines l;
	int64_t dropped;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.host = "h";
	o.now = 1700000000;
	o.events = true;
	apply(s, &snap, r1, 3, &o, &out);
	apply(s, &snap, r1, 3, &o, &out);
	assert_int_equal(out.counter, 0);
	take(s, &l);
	assert_int_equal(l.n, 2); /* a snapshot line every run */
	assert_non_null(strstr(l.out, "{\"snapshot\":[{\"u\":\"a\"},{\"u\":\"b\"},"
				      "{\"u\":\"c\"}],\"action\":\"snapshot\""));
	/* The cap: 3 lines queued, cap 2: the oldest goes, and is counted. */
	o.queue_max = 2;
	o.drop_oldest = true;
	apply(s, &ev, r1, 3, &o, &out);
	assert_int_equal(out.dropped, 1);
	assert_int_equal(store_queue_count(s), 2);
	assert_int_equal(store_counter_get(s, STORE_COUNTER_DROPPED, &dropped), 0);
	assert_int_equal(dropped, 1);
	take(s, &l);
	assert_null(strstr(l.out, "\"u\":\"a\""));
	assert_non_null(strstr(l.out, "\"u\":\"c\""));
	close_store(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_compute),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_apply_snapshot_and_cap),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
