/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the generic virtual-table layer and the engine around it:
 * which constraints reach a generator, how IN and joins arrive, the column
 * mask, hidden columns, integer typing of text, the required-constraint
 * error, and the authorizer's refusals.
 *
 * The test registers its own table, "probe", whose generator records what
 * it was given and emits one row per pushed-down value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/engine.h"
#include "sql/output.h"
#include "sql/table.h"
#include "sql/vtab.h"

enum { P_KEY, P_NUM, P_PLAIN, P_HID, P_REQ, P_NCOLS };

static const struct column probe_cols[] = {
	{ "key", COL_TEXT, COL_INDEX, "a key the generator narrows on" },
	{ "num", COL_BIGINT, COL_ADDITIONAL, "a number given as text" },
	{ "plain", COL_TEXT, 0, "a column constraints are not pushed for" },
	{ "hid", COL_INTEGER, COL_HIDDEN, "a hidden column" },
	{ "req", COL_TEXT, 0, "unused" },
};
_Static_assert(sizeof(probe_cols) / sizeof(probe_cols[0]) == P_NCOLS,
	       "probe columns");

/* What the generator saw, over all calls since the last reset. */
static struct {
	int calls;
	int eq, like, plain;
	char last_eq[64], last_like[64];
	bool used_plain, used_hid;
} seen;

static int probe_generate(struct qctx *q)
{
	const char *const *v;
	int n, i;

	seen.calls++;
	seen.used_plain = qctx_used(q, P_PLAIN);
	seen.used_hid = qctx_used(q, P_HID);
	seen.plain += qctx_values(q, P_PLAIN, QOP_EQ, &v);
	n = qctx_values(q, P_KEY, QOP_LIKE, &v);
	seen.like += n;
	if (n)
		snprintf(seen.last_like, sizeof(seen.last_like), "%s", v[0]);
	/* A LIKE pattern comes back as a row whose key is the pattern. */
	for (i = 0; i < n; i++) {
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_text(q, P_KEY, v[i]);
	}
	if (n)
		return 0;
	n = qctx_values(q, P_KEY, QOP_EQ, &v);
	if (n == 1 && strcmp(v[0], "fail") == 0)
		return qctx_error(q, "probe failed after %zu rows (%s)", (size_t)3,
				  "printf rules");
	seen.eq += n;
	for (i = 0; i < n; i++) {
		snprintf(seen.last_eq, sizeof(seen.last_eq), "%s", v[i]);
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_text(q, P_KEY, v[i]);
		qctx_set_text(q, P_NUM, "42");
		qctx_set_text(q, P_PLAIN, "x");
		qctx_set_int(q, P_HID, 7);
	}
	if (n == 0) {
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_text(q, P_KEY, "all");
	}
	return 0;
}

static const struct table probe_table = {
	.name = "probe",
	.desc = "a table for testing the virtual-table layer",
	.cols = probe_cols,
	.ncols = TABLE_NCOLS(probe_cols),
	.generate = probe_generate,
};
TABLE_REGISTER(probe_table);

enum { R_PATH, R_DIR, R_NCOLS };
static const struct column need_cols[] = {
	{ "path", COL_TEXT, COL_REQUIRED, "required" },
	{ "directory", COL_TEXT, COL_REQUIRED, "required" },
};

static int need_generate(struct qctx *q)
{
	const char *const *v;
	int i, n = qctx_values(q, R_PATH, QOP_EQ, &v);

	for (i = 0; i < n; i++) {
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_text(q, R_PATH, v[i]);
	}
	return 0;
}

static const struct table need_table = {
	.name = "needy",
	.desc = "a table with required columns",
	.cols = need_cols,
	.ncols = TABLE_NCOLS(need_cols),
	.generate = need_generate,
};
TABLE_REGISTER(need_table);

/*
 * "counter", a streaming table.  label = 'count:N' gives rows n = 1..N,
 * 'fail:K' fails when row K is due, and 'lie' gives one row whose label is
 * "truth": label is COL_EXACT, so SQLite believes the generator.
 * 'emit:N' gives the same rows as 'count:N' as one row through qctx_emit
 * and up to 299 more as a run (qctx_run_int) a batch; 'emitnum' gives
 * one row through qctx_emit with n given as text and a value for a
 * column that does not exist; 'run0' calls qctx_run_int with no row to
 * repeat, 'runafter' adds a row after a run, and 'runmax' asks for a run
 * past the largest integer.
 */
enum { C_N, C_LABEL, C_NCOLS };
static const struct column counter_cols[] = {
	{ "n", COL_INTEGER, 0, "the row's number" },
	{ "label", COL_TEXT, COL_REQUIRED | COL_EXACT, "what to do" },
};

static struct {
	int opens, closes, steps;
	int64_t biggest; /* rows in the largest batch */
} streamed;

struct counter_state {
	char label[64];
	int64_t next, last, fail_at;
};

static int counter_open(struct qctx *q, void **state)
{
	struct counter_state *cs;
	const char *const *v;

	streamed.opens++;
	if (qctx_values(q, C_LABEL, QOP_EQ, &v) < 1)
		return qctx_error(q, "counter needs one label");
	cs = calloc(1, sizeof(*cs));
	if (!cs)
		return -1;
	*state = cs;
	snprintf(cs->label, sizeof(cs->label), "%s", v[0]);
	cs->next = 1;
	if (strncmp(v[0], "count:", 6) == 0)
		cs->last = strtoll(v[0] + 6, NULL, 10);
	else if (strncmp(v[0], "fail:", 5) == 0)
		cs->last = cs->fail_at = strtoll(v[0] + 5, NULL, 10);
	else if (strncmp(v[0], "emit:", 5) == 0)
		cs->last = strtoll(v[0] + 5, NULL, 10);
	else if (strcmp(v[0], "lie") == 0 || strcmp(v[0], "emitnum") == 0 ||
		 strncmp(v[0], "run", 3) == 0)
		cs->last = 1;
	return 0;
}

/* The 'emit:', 'emitnum' and 'run' steps. */
static int counter_emit_step(struct qctx *q, struct counter_state *cs)
{
	const struct qval v[] = {
		{ .col = C_N, .kind = QVAL_INT, .i = cs->next },
		{ .col = C_LABEL, .kind = QVAL_TEXTREF, .s = cs->label,
		  .n = strlen(cs->label) },
	};
	int64_t more = cs->last - cs->next;

	if (strcmp(cs->label, "run0") == 0)
		return qctx_run_int(q, C_N, 1, 1);
	if (strcmp(cs->label, "emitnum") == 0) {
		const struct qval w[] = {
			{ .col = C_N, .kind = QVAL_TEXTREF, .s = "42x", .n = 2 },
			{ .col = C_NCOLS, .kind = QVAL_INT, .i = 7 },
			{ .col = C_LABEL, .kind = QVAL_TEXTREF, .s = cs->label,
			  .n = strlen(cs->label) },
		};

		cs->next++;
		return qctx_emit(q, w, 3) < 0 ? -1 : 0;
	}
	if (qctx_emit(q, v, 2) < 0)
		return -1;
	if (strcmp(cs->label, "runmax") == 0)
		return qctx_run_int(q, C_N, INT64_MAX - 1, 3);
	if (strcmp(cs->label, "runafter") == 0) {
		if (qctx_run_int(q, C_N, 2, 1) != 1)
			return -1;
		return qctx_emit(q, v, 2);
	}
	if (more > 299)
		more = 299;
	if (qctx_run_int(q, C_N, cs->next + 1, (uint64_t)more) < 0)
		return -1;
	cs->next += more + 1;
	if (more + 1 > streamed.biggest)
		streamed.biggest = more + 1;
	return cs->next <= cs->last;
}

static int counter_step(struct qctx *q, void *state)
{
	struct counter_state *cs = state;
	int64_t rows = 0;

	streamed.steps++;
	if (strncmp(cs->label, "emit", 4) == 0 ||
	    strncmp(cs->label, "run", 3) == 0)
		return counter_emit_step(q, cs);
	while (cs->next <= cs->last && !qctx_full(q)) {
		if (cs->next == cs->fail_at)
			return qctx_error(q, "counter failed at row %lld",
					  (long long)cs->next);
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_int(q, C_N, cs->next++);
		if (strcmp(cs->label, "lie") == 0)
			qctx_set_text(q, C_LABEL, "truth");
		else
			qctx_set_textref(q, C_LABEL, cs->label,
					 strlen(cs->label));
		rows++;
	}
	if (rows > streamed.biggest)
		streamed.biggest = rows;
	return cs->next <= cs->last;
}

static void counter_close(void *state)
{
	streamed.closes++;
	free(state);
}

static const struct table_stream counter_stream = {
	.open = counter_open,
	.step = counter_step,
	.close = counter_close,
};

static const struct table counter_table = {
	.name = "counter",
	.desc = "a streaming table",
	.cols = counter_cols,
	.ncols = TABLE_NCOLS(counter_cols),
	.stream = &counter_stream,
};
TABLE_REGISTER(counter_table);

static struct engine *eng;

static int setup(void **state)
{
	char err[256];

	(void)state;
	memset(&seen, 0, sizeof(seen));
	memset(&streamed, 0, sizeof(streamed));
	eng = engine_open(err, sizeof(err));
	return eng ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	engine_free(eng);
	eng = NULL;
	return 0;
}

/* Runs sql; returns the rows as "a|b\n" text, or the error as "ERR: ...". */
static const char *run(const char *sql)
{
	static char result[4096];
	const char *p = sql;
	sqlite3_stmt *st;
	char err[256];
	size_t len = 0;
	int i, rc;

	result[0] = '\0';
	if (engine_prepare(eng, &p, &st, err, sizeof(err)) < 0) {
		snprintf(result, sizeof(result), "ERR: %s", err);
		return result;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *t = sqlite3_column_text(st, i);

			len += (size_t)snprintf(result + len, sizeof(result) - len,
						"%s%s%s", i ? "|" : "",
						sqlite3_column_type(st, i) ==
								SQLITE_INTEGER ?
							"#" :
							"",
						t ? (const char *)t : "NULL");
		}
		len += (size_t)snprintf(result + len, sizeof(result) - len, "\n");
	}
	if (rc != SQLITE_DONE)
		snprintf(result, sizeof(result), "ERR: %s", engine_errmsg(eng));
	sqlite3_finalize(st);
	return result;
}

static void eq_is_pushed_down(void **state)
{
	(void)state;
	assert_string_equal(run("SELECT key, num FROM probe WHERE key = 'a'"),
			    "a|#42\n");
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.eq, 1);
	assert_string_equal(seen.last_eq, "a");
}

static void in_list_calls_once_per_member(void **state)
{
	(void)state;
	assert_string_equal(
		run("SELECT key FROM probe WHERE key IN ('b', 'c') ORDER BY key"),
		"b\nc\n");
	assert_int_equal(seen.calls, 2);
	assert_int_equal(seen.eq, 2);
}

static void like_is_pushed_down(void **state)
{
	(void)state;
	assert_string_equal(run("SELECT key FROM probe WHERE key LIKE '/etc/%'"),
			    "/etc/%\n");
	assert_int_equal(seen.like, 1);
	assert_string_equal(seen.last_like, "/etc/%");
}

static void or_of_likes_keeps_every_row(void **state)
{
	(void)state;
	/*
	 * SQLite runs each side of the OR as its own scan and merges them by
	 * rowid: rowids must not repeat across scans for different rows.
	 */
	assert_string_equal(run("SELECT key FROM probe WHERE key LIKE 'a%' "
				"OR key LIKE 'b%' ORDER BY key"),
			    "a%\nb%\n");
	assert_int_equal(seen.calls, 2);
}

static void other_collation_is_not_pushed(void **state)
{
	(void)state;
	assert_string_equal(run("SELECT key FROM probe WHERE key = 'ALL' "
				"COLLATE NOCASE"),
			    "all\n");
	assert_int_equal(seen.eq, 0);
}

static void unflagged_column_is_not_pushed(void **state)
{
	(void)state;
	assert_string_equal(run("SELECT key FROM probe WHERE plain = 'x'"), "");
	assert_int_equal(seen.plain, 0);
	assert_int_equal(seen.calls, 1);
}

static void sqlite_rechecks_what_generator_returns(void **state)
{
	(void)state;
	/* num is pushed but the generator ignores it: SQLite still filters. */
	assert_string_equal(run("SELECT key FROM probe WHERE key = 'z' AND num = 41"),
			    "");
	assert_string_equal(run("SELECT key FROM probe WHERE key = 'z' AND num = 42"),
			    "z\n");
}

static void join_pushes_each_outer_value(void **state)
{
	(void)state;
	assert_string_equal(
		run("SELECT v.column1, p.key FROM (VALUES ('p'), ('q')) v "
		    "JOIN probe p ON p.key = v.column1 ORDER BY 1"),
		"p|p\nq|q\n");
	assert_int_equal(seen.calls, 2);
}

static void column_mask_reaches_generator(void **state)
{
	(void)state;
	run("SELECT key FROM probe WHERE key = 'a'");
	assert_false(seen.used_plain);
	assert_false(seen.used_hid);
	run("SELECT hid FROM probe WHERE key = 'a'");
	assert_true(seen.used_hid);
}

static void generator_errors_use_printf_formats(void **state)
{
	(void)state;
	assert_string_equal(run("SELECT key FROM probe WHERE key = 'fail'"),
			    "ERR: probe failed after 3 rows (printf rules)");
}

static void star_leaves_hidden_columns_out(void **state)
{
	(void)state;
	assert_string_equal(run("SELECT * FROM probe WHERE key = 'a'"),
			    "a|#42|x|NULL\n");
	assert_string_equal(run("SELECT hid FROM probe WHERE key = 'a'"), "#7\n");
}

static void missing_required_constraint_names_columns(void **state)
{
	(void)state;
	assert_string_equal(run("SELECT * FROM needy"),
			    "ERR: table needy requires a constraint on path "
			    "or directory");
	assert_string_equal(run("SELECT path FROM needy WHERE path = '/x'"),
			    "/x\n");
	/* A join that supplies the constraint is planned with it. */
	assert_string_equal(run("SELECT n.path FROM (VALUES ('/a')) v "
				"JOIN needy n ON n.path = v.column1"),
			    "/a\n");
}

static void authorizer_refuses_with_reasons(void **state)
{
	(void)state;
	assert_string_equal(run("ATTACH 'x.db' AS x"),
			    "ERR: ATTACH and DETACH are not allowed");
	assert_string_equal(run("SELECT load_extension('/tmp/x.so')"),
			    "ERR: load_extension is not allowed");
	assert_string_equal(run("PRAGMA writable_schema = 1"),
			    "ERR: pragma writable_schema is not allowed");
	assert_string_equal(run("CREATE TABLE t(x)"),
			    "ERR: changing the schema of 't' is not allowed "
			    "(use CREATE TEMP TABLE)");
	assert_string_equal(run("INSERT INTO sqlite_master VALUES "
				"('table', 'x', 'x', 0, 'CREATE TABLE x(y)')"),
			    "ERR: table sqlite_master may not be modified");
	assert_string_equal(run("DELETE FROM probe"),
			    "ERR: table probe may not be modified");
	assert_string_equal(run("CREATE VIRTUAL TABLE p2 USING probe"),
			    "ERR: creating or dropping virtual table 'p2' is not "
			    "allowed");
	assert_string_equal(run("SELECT name FROM pragma_table_info('probe') "
				"WHERE cid = 0"),
			    "key\n");
	assert_string_equal(run("CREATE TEMP TABLE t(x)"), "");
	assert_string_equal(run("INSERT INTO t VALUES (1)"), "");
	assert_string_equal(run("SELECT x FROM t"), "#1\n");
}

static void stream_delivers_every_row_in_batches(void **state)
{
	(void)state;
	assert_string_equal(run("SELECT count(*), sum(n), min(label) FROM counter "
				"WHERE label = 'count:1000'"),
			    "#1000|#500500|count:1000\n");
	/* 256 + 256 + 256 + 232: the last step says it is done. */
	assert_int_equal(streamed.steps, 4);
	assert_int_equal(streamed.biggest, 256);
	assert_int_equal(streamed.opens, 1);
	assert_int_equal(streamed.closes, 1);
}

static void stream_stops_when_the_query_does(void **state)
{
	(void)state;
	assert_string_equal(run("SELECT n FROM counter "
				"WHERE label = 'count:100000000' LIMIT 3"),
			    "#1\n#2\n#3\n");
	assert_int_equal(streamed.steps, 1);
	assert_int_equal(streamed.closes, 1);
}

static void stream_error_mid_scan_is_the_query_error(void **state)
{
	(void)state;
	assert_string_equal(run("SELECT count(*) FROM counter "
				"WHERE label = 'fail:600'"),
			    "ERR: counter failed at row 600");
	assert_int_equal(streamed.steps, 3);
	assert_int_equal(streamed.closes, 1);
}

static void stream_is_reopened_for_each_outer_row(void **state)
{
	(void)state;
	assert_string_equal(
		run("SELECT v.column1, count(c.n), max(c.n) FROM "
		    "(VALUES ('count:3'), ('count:300'), ('count:0')) v "
		    "JOIN counter c ON c.label = v.column1 GROUP BY 1 ORDER BY 1"),
		"count:3|#3|#3\ncount:300|#300|#300\n");
	assert_int_equal(streamed.opens, 3);
	assert_int_equal(streamed.closes, 3);
	/* An OR of two scans keeps the rows of both. */
	assert_string_equal(run("SELECT count(*) FROM counter "
				"WHERE label = 'count:2' OR label = 'count:3'"),
			    "#5\n");
}

static void exact_eq_is_left_to_the_generator(void **state)
{
	(void)state;
	/* A lone = on an exact column is not checked again... */
	assert_string_equal(run("SELECT label FROM counter WHERE label = 'lie'"),
			    "truth\n");
	/* ...two of them are, since the generator honours only one. */
	assert_string_equal(run("SELECT label FROM counter "
				"WHERE label = 'lie' AND label = 'lie'"),
			    "");
	/* Nothing equals NULL, and no text equals a blob. */
	streamed.opens = 0;
	assert_string_equal(run("SELECT label FROM counter WHERE label = NULL"),
			    "");
	assert_string_equal(run("SELECT label FROM counter "
				"WHERE label = CAST('lie' AS BLOB)"),
			    "");
	assert_int_equal(streamed.opens, 0);
	/* A number is compared as its text, as SQLite would. */
	assert_string_equal(run("SELECT count(*) FROM counter "
				"WHERE label = 5"),
			    "#0\n");
}

static void stream_rows_in_one_call(void **state)
{
	(void)state;
	/* A row emitted, then a run of 299 counting n on: every row keeps
	 * the label, and SQLite reads 300 rows a batch. */
	assert_string_equal(run("SELECT count(*), sum(n), min(label), "
				"max(label), count(DISTINCT n), min(n), max(n) "
				"FROM counter WHERE label = 'emit:1000'"),
			    "#1000|#500500|emit:1000|emit:1000|#1000|#1|#1000\n");
	assert_int_equal(streamed.steps, 4);
	assert_int_equal(streamed.biggest, 300);
	/* The rows of a run in order, across batches. */
	assert_string_equal(run("SELECT group_concat(n, ',') FROM counter "
				"WHERE label = 'emit:5'"),
			    "1,2,3,4,5\n");
	assert_string_equal(run("SELECT n FROM counter "
				"WHERE label = 'emit:1000' LIMIT 2 OFFSET 299"),
			    "#300\n#301\n");
	/* Text for an integer column becomes the integer; a column that
	 * does not exist is ignored. */
	assert_string_equal(run("SELECT n, typeof(n), label FROM counter "
				"WHERE label = 'emitnum'"),
			    "#42|integer|emitnum\n");
	assert_string_equal(run("SELECT n FROM counter WHERE label = 'run0'"),
			    "ERR: table counter: no row to repeat");
	assert_string_equal(run("SELECT n FROM counter WHERE label = 'runafter'"),
			    "ERR: table counter: a row after a run");
	assert_string_equal(run("SELECT n FROM counter WHERE label = 'runmax'"),
			    "ERR: table counter: a run past the largest integer");
	/* An OR of two scans: the rows of runs stay distinct by their n. */
	assert_string_equal(run("SELECT count(*) FROM counter "
				"WHERE label = 'emit:300' OR label = 'emit:2'"),
			    "#302\n");
}

static void schema_text(void **state)
{
	struct buf b = BUF_INIT(4096);

	(void)state;
	assert_int_equal(vtab_schema(&probe_table, &b), 0);
	/* "key" is an SQL keyword, so it is quoted. */
	assert_string_equal(b.data, "CREATE TABLE probe(\"key\" TEXT, num BIGINT, "
				    "plain TEXT, hid INTEGER HIDDEN, req TEXT)");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(eq_is_pushed_down, setup, teardown),
		cmocka_unit_test_setup_teardown(in_list_calls_once_per_member, setup,
						teardown),
		cmocka_unit_test_setup_teardown(like_is_pushed_down, setup, teardown),
		cmocka_unit_test_setup_teardown(or_of_likes_keeps_every_row, setup,
						teardown),
		cmocka_unit_test_setup_teardown(other_collation_is_not_pushed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(unflagged_column_is_not_pushed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(sqlite_rechecks_what_generator_returns,
						setup, teardown),
		cmocka_unit_test_setup_teardown(join_pushes_each_outer_value, setup,
						teardown),
		cmocka_unit_test_setup_teardown(column_mask_reaches_generator, setup,
						teardown),
		cmocka_unit_test_setup_teardown(generator_errors_use_printf_formats,
						setup, teardown),
		cmocka_unit_test_setup_teardown(star_leaves_hidden_columns_out, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			missing_required_constraint_names_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(authorizer_refuses_with_reasons, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			stream_delivers_every_row_in_batches, setup, teardown),
		cmocka_unit_test_setup_teardown(
			stream_stops_when_the_query_does, setup, teardown),
		cmocka_unit_test_setup_teardown(
			stream_error_mid_scan_is_the_query_error, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			stream_is_reopened_for_each_outer_row, setup, teardown),
		cmocka_unit_test_setup_teardown(
			exact_eq_is_left_to_the_generator, setup, teardown),
		cmocka_unit_test_setup_teardown(stream_rows_in_one_call, setup,
						teardown),
		cmocka_unit_test(schema_text),
	};

	return cmocka_run_group_tests_name("vtab", tests, NULL, NULL);
}
