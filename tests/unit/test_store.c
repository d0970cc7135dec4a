/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_store.c: the daemon's store: a new store's permissions and schema;
 * garbage, a symlink, another program's SQLite file and a corrupt page
 * moved aside with a note; a store from a newer vigil refused and left in
 * place; store_check noticing a removed, replaced or overwritten file; the
 * queue (ids never reused, trim, delete), counters, meta, the denylist,
 * statistics and reading them from another connection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/store.h"

static char dir[64], path[128];
static char note[1024], err[512];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/vigil-test-store-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/db", dir);
	return 0;
}

/* Removes everything under dir/db and dir itself. */
static int teardown(void **state)
{
	DIR *d;
	struct dirent *e;
	char p[512];

	(void)state;
	d = opendir(path);
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(path);
	rmdir(dir);
	return 0;
}

static struct store *open_ok(void)
{
	struct store *s = store_open(path, note, sizeof(note), err, sizeof(err));

	if (!s)
		fail_msg("store_open: %s", err);
	return s;
}

/* How many files in the store directory start with "vigil.db.bad-". */
static int asides(void)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (strncmp(e->d_name, "vigil.db.bad-", 13) == 0 &&
		    !strchr(e->d_name + 13, 'w') && !strchr(e->d_name + 13, 's'))
			n++;
	if (d)
		closedir(d);
	return n;
}

static void write_file(const char *p, const char *content)
{
	FILE *fp = fopen(p, "w");

	assert_non_null(fp);
	fputs(content, fp);
	fclose(fp);
}

static void db_file(char *dst, size_t size)
{
	snprintf(dst, size, "%s/vigil.db", path);
}

static void test_new(void **state)
{
	struct store *s;
	struct stat st;
	char f[256];
	int64_t v;

	(void)state;
	assert_int_equal(mkdir(path, 0755), 0);
	s = open_ok();
	assert_string_equal(note, "");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	db_file(f, sizeof(f));
	assert_string_equal(store_file(s), f);
	assert_int_equal(stat(f, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(store_check(s, note, sizeof(note), err, sizeof(err)), 0);
	/* Counters, meta and the denylist. */
	assert_int_equal(store_counter_get(s, "x", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(store_counter_add(s, "x", 5), 0);
	assert_int_equal(store_counter_add(s, "x", 2), 0);
	assert_int_equal(store_counter_get(s, "x", &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(store_counter_set(s, "x", 1), 0);
	assert_int_equal(store_counter_get(s, "x", &v), 0);
	assert_int_equal(v, 1);
	{
		char val[64];
		bool found;

		assert_int_equal(store_meta_get(s, "k", val, sizeof(val), &found), 0);
		assert_false(found);
		assert_int_equal(store_meta_put(s, "k", "v1"), 0);
		assert_int_equal(store_meta_get(s, "k", val, sizeof(val), &found), 0);
		assert_true(found);
		assert_string_equal(val, "v1");
	}
	assert_int_equal(store_denylist_put(s, "q", 2000000000, "cpu"), 0);
	assert_int_equal(store_denylist_get(s, "q", &v), 0);
	assert_int_equal(v, 2000000000);
	assert_int_equal(store_denylist_remove(s, "q"), 0);
	assert_int_equal(store_denylist_get(s, "q", &v), 0);
	assert_int_equal(v, 0);
	store_free(s);
	/* Reopened: the same store, nothing moved. */
	s = open_ok();
	assert_string_equal(note, "");
	assert_int_equal(store_counter_get(s, "x", &v), 0);
	assert_int_equal(v, 1);
	store_free(s);
}

static int collect(void *arg, int64_t id, enum store_kind kind,
		   const char *line, size_t len)
{
	char *out = arg;
	size_t n = strlen(out);

	snprintf(out + n, 512 - n, "%lld:%d:%.*s\n", (long long)id, (int)kind,
		 (int)len, line);
	return 0;
}

static void test_queue(void **state)
{
	struct store *s = open_ok();
	char out[512] = "";
	int64_t n;

	(void)state;
	assert_int_equal(store_queue_push(s, STORE_RESULT, "a", 1), 0);
	assert_int_equal(store_queue_push(s, STORE_SNAPSHOT, "b", 1), 0);
	assert_int_equal(store_queue_push(s, STORE_RESULT, "c", 1), 0);
	assert_int_equal(store_queue_count(s), 3);
	assert_int_equal(store_queue_each(s, 1, 10, collect, out), 0);
	assert_string_equal(out, "2:1:b\n3:0:c\n");
	assert_int_equal(store_queue_trim(s, 2, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_queue_delete(s, 3, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_queue_count(s), 0);
	/* Ids are never reused, even with the queue empty. */
	assert_int_equal(store_queue_last_id(s), 3);
	assert_int_equal(store_queue_push(s, STORE_RESULT, "d", 1), 0);
	out[0] = '\0';
	assert_int_equal(store_queue_each(s, 0, 10, collect, out), 0);
	assert_string_equal(out, "4:0:d\n");
	assert_int_equal(store_queue_trim(s, 0, &n), 0);
	assert_int_equal(n, 1);
	store_free(s);
}

static int read_stats(void *arg, const struct store_stats *st)
{
	char *out = arg;
	size_t n = strlen(out);

	snprintf(out + n, 512 - n, "%s|%s|%lld|%lld|%lld\n", st->name,
		 st->query, (long long)st->interval, (long long)st->executions,
		 (long long)st->denylisted_until);
	return 0;
}

static void test_stats(void **state)
{
	struct store *s = open_ok();
	struct store_stats st = { 0 }, got;
	struct store_result r;
	const char *keep[] = { "b" };
	char out[512] = "", f[256];
	bool found;

	(void)state;
	st.name = "a";
	st.query = "SELECT 1";
	st.interval = 10;
	st.executions = 3;
	st.wall_time_ms = 42;
	assert_int_equal(store_stats_put(s, &st), 0);
	st.name = "b";
	st.query = "SELECT 2";
	assert_int_equal(store_stats_put(s, &st), 0);
	assert_int_equal(store_denylist_put(s, "b", 99, "why"), 0);
	assert_int_equal(store_stats_get(s, "a", &got, &found), 0);
	assert_true(found);
	assert_int_equal(got.executions, 3);
	assert_int_equal(got.wall_time_ms, 42);
	assert_int_equal(store_stats_get(s, "zz", &got, &found), 0);
	assert_false(found);
	assert_int_equal(store_result_put(s, "a", "SELECT 1", 0, 4, "x\n", 2), 0);
	assert_int_equal(store_result_get(s, "a", &r), 0);
	assert_true(r.found);
	assert_int_equal(r.counter, 4);
	assert_string_equal(r.rows, "x\n");
	store_result_release(&r);
	db_file(f, sizeof(f));
	assert_int_equal(store_stats_read(f, read_stats, out, err, sizeof(err)), 0);
	assert_string_equal(out, "a|SELECT 1|10|3|0\nb|SELECT 2|10|3|99\n");
	/* Forgetting queries no longer scheduled. */
	assert_int_equal(store_forget_others(s, keep, 1), 0);
	assert_int_equal(store_result_get(s, "a", &r), 0);
	assert_false(r.found);
	out[0] = '\0';
	assert_int_equal(store_stats_read(f, read_stats, out, err, sizeof(err)), 0);
	assert_string_equal(out, "b|SELECT 2|10|3|99\n");
	store_free(s);
	assert_int_equal(store_stats_read("/nonexistent/vigil.db", read_stats,
					  out, err, sizeof(err)), -1);
}

static void test_garbage(void **state)
{
	struct store *s;
	char f[256];

	(void)state;
	assert_int_equal(mkdir(path, 0700), 0);
	db_file(f, sizeof(f));
	write_file(f, "this is not a database at all, not even close ....\n");
	s = open_ok();
	assert_non_null(strstr(note, "was unusable (it is not an SQLite "
				     "database): moved it to '"));
	assert_int_equal(asides(), 1);
	assert_int_equal(store_queue_push(s, STORE_RESULT, "a", 1), 0);
	store_free(s);
}

static void test_symlink(void **state)
{
	struct store *s;
	char f[256];

	(void)state;
	assert_int_equal(mkdir(path, 0700), 0);
	db_file(f, sizeof(f));
	assert_int_equal(symlink("/etc/passwd", f), 0);
	s = open_ok();
	assert_non_null(strstr(note, "(it is a symbolic link)"));
	store_free(s);
}

static void make_sqlite(const char *f, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_foreign(void **state)
{
	struct store *s;
	char f[256];

	(void)state;
	assert_int_equal(mkdir(path, 0700), 0);
	db_file(f, sizeof(f));
	make_sqlite(f, "CREATE TABLE other (x);");
	s = open_ok();
	assert_non_null(strstr(note, "(it is another program's SQLite "
				     "database)"));
	store_free(s);
	unlink(f);
	make_sqlite(f, "PRAGMA application_id = 1234; CREATE TABLE o (x);");
	s = open_ok();
	assert_non_null(strstr(note, "(application id 0x000004d2)"));
	assert_int_equal(asides(), 2);
	store_free(s);
}

static void test_newer(void **state)
{
	struct store *s;
	char f[256];
	sqlite3 *db;

	(void)state;
	s = open_ok();
	store_free(s);
	db_file(f, sizeof(f));
	assert_int_equal(sqlite3_open(f, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO migrations VALUES "
				      "(99, 0, 'future')", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	s = store_open(path, note, sizeof(note), err, sizeof(err));
	assert_null(s);
	assert_non_null(strstr(err, "has schema version 99, written by a newer "
				    "vigil"));
	assert_int_equal(asides(), 0);
}

static void test_check(void **state)
{
	struct store *s = open_ok();
	char f[256], other[256];

	(void)state;
	db_file(f, sizeof(f));
	assert_int_equal(store_counter_set(s, "x", 1), 0);
	/* Overwritten in place. */
	write_file(f, "garbage");
	assert_int_equal(store_check(s, note, sizeof(note), err, sizeof(err)), 1);
	assert_non_null(strstr(note, "became unusable (it is not an SQLite "
				     "database): moved it to"));
	assert_int_equal(asides(), 1);
	assert_int_equal(store_counter_set(s, "x", 1), 0);
	/* Removed: a new one, nothing to move. */
	assert_int_equal(unlink(f), 0);
	assert_int_equal(store_check(s, note, sizeof(note), err, sizeof(err)), 1);
	assert_non_null(strstr(note, "reopened: its file vanished"));
	assert_int_equal(store_check(s, note, sizeof(note), err, sizeof(err)), 0);
	/* Replaced by another file. */
	snprintf(other, sizeof(other), "%s/tmp", path);
	write_file(other, "something else entirely, but long enough to read");
	assert_int_equal(rename(other, f), 0);
	assert_int_equal(store_check(s, note, sizeof(note), err, sizeof(err)), 1);
	assert_non_null(strstr(note, "(its file was replaced): moved it to"));
	assert_int_equal(asides(), 2);
	assert_int_equal(store_queue_push(s, STORE_RESULT, "a", 1), 0);
	store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
