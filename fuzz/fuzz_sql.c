/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_sql: libFuzzer target for the SQL entry point: the engine
 * (engine.h) with its authorizer and limits, every registered virtual
 * table, vigil's SQL functions and the VERSION collation, and the four
 * output formats.
 *
 * The input is SQL text, run statement by statement as `vigil query` runs
 * it, with the result rows written to /dev/null in the format picked by
 * the input's length (table, json, csv or line; headers on or off).
 *
 * The host is the fixture tree tests/fixtures/debian12, never the real
 * root: fuzzing the live /proc would be slow and would not reproduce.  The
 * tree is found through VIGIL_FUZZ_ROOT, else relative to this binary
 * (build/fuzz/fuzz_sql -> ../../tests/fixtures/debian12); the target
 * refuses to start when neither exists or the root would be "/".
 *
 * Each input gets a fresh engine, so a temp table or view made by one
 * input cannot change what the next one does.  Runaway work is cut short:
 * a progress handler interrupts a statement after SQL_STEP_MAX virtual
 * machine instructions (a recursive CTE with no end, a huge join), strings
 * and blobs are limited to SQL_LENGTH_MAX bytes (zeroblob, randomblob,
 * printf widths), and SQLite's heap is capped at SQL_HEAP_MAX.
 */
#include <limits.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sql/engine.h"
#include "sql/output.h"
#include "util/hostfs.h"

/* Instructions a whole input may run, counted in steps of SQL_STEP_TICK. */
#define SQL_STEP_TICK 1000
#define SQL_STEP_MAX (2 * 1000 * 1000)
#define SQL_LENGTH_MAX (1 << 20)
#define SQL_HEAP_MAX ((sqlite3_int64)256 << 20)

/* Where the fixture root lies from the directory holding this binary. */
#define FIXTURE_FROM_BIN "/../../tests/fixtures/debian12"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;
static unsigned long ticks;

static int progress(void *arg)
{
	(void)arg;
	return ++ticks > SQL_STEP_MAX / SQL_STEP_TICK;
}

/* The fixture root: VIGIL_FUZZ_ROOT, else next to the binary.  Exits when
 * there is none, or it is the real root. */
static void set_root(void)
{
	char exe[PATH_MAX], want[PATH_MAX + sizeof(FIXTURE_FROM_BIN)];
	char root[PATH_MAX];
	const char *env = getenv("VIGIL_FUZZ_ROOT");
	ssize_t n;
	char *slash;

	if (env && *env) {
		snprintf(want, sizeof(want), "%s", env);
	} else {
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n < 0)
			goto fail;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		snprintf(want, sizeof(want), "%s%s", exe, FIXTURE_FROM_BIN);
	}
	if (!realpath(want, root) || strcmp(root, "/") == 0 ||
	    hostfs_init(root) < 0)
		goto fail;
	return;
fail:
	fprintf(stderr,
		"fuzz_sql: no fixture root at '%s' (set VIGIL_FUZZ_ROOT to a "
		"fixture tree, never '/')\n",
		want);
	exit(1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	set_root();
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	sqlite3_hard_heap_limit64(SQL_HEAP_MAX);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum output_mode modes[] = {
		OUTPUT_TABLE, OUTPUT_JSON, OUTPUT_CSV, OUTPUT_LINE,
	};
	struct output out = OUTPUT_INIT;
	struct engine *e;
	sqlite3_stmt *stmt;
	char err[256], *sql;
	const char *p;

	sql = malloc(size + 1);
	if (!sql)
		abort();
	memcpy(sql, data, size);
	sql[size] = '\0';

	e = engine_open(err, sizeof(err));
	if (!e) {
		fprintf(stderr, "fuzz_sql: %s\n", err);
		abort();
	}
	sqlite3_limit(engine_db(e), SQLITE_LIMIT_LENGTH, SQL_LENGTH_MAX);
	ticks = 0;
	sqlite3_progress_handler(engine_db(e), SQL_STEP_TICK, progress, NULL);

	out.mode = modes[size % 4];
	out.headers = (size / 4) % 2 == 0;
	out.fp = devnull;
	p = sql;
	while (*p) {
		if (engine_prepare(e, &p, &stmt, err, sizeof(err)) < 0) {
			if (!memchr(err, '\0', sizeof(err)))
				abort();
			break;
		}
		if (!stmt)
			break;
		if (output_stmt(&out, stmt) < 0)
			(void)engine_errmsg(e);
		sqlite3_finalize(stmt);
		if (ticks > SQL_STEP_MAX / SQL_STEP_TICK)
			break;
	}
	engine_free(e);
	free(sql);
	return 0;
}
