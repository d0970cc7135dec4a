/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_logger.c: the filesystem logger and the queue's delivery: files
 * created 0600, a torn last line cut off at open, a line larger than the
 * write stage, rotation keeping N files, a file moved away reopened, and
 * logger_drain taking lines out of the store only once written (a failing
 * logger keeps them; the cursor survives a reopen).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "daemon/config.h"
#include "log/logger.h"
#include "store/store.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/vigil-test-logger-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static void rm_tree(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	char p[512];
	struct stat st;

	while (dp && (e = readdir(dp))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", d, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(p);
		else
			unlink(p);
	}
	if (dp)
		closedir(dp);
	rmdir(d);
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

static char *slurp(const char *name, size_t *len)
{
	char p[256];
	FILE *fp;
	char *buf;
	long n;

	snprintf(p, sizeof(p), "%s/logs/%s", dir, name);
	fp = fopen(p, "r");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	if (len)
		*len = (size_t)n;
	return buf;
}

static struct logger_conf conf(char *path, size_t size)
{
	struct logger_conf c;

	snprintf(path, size, "%s/logs", dir);
	memset(&c, 0, sizeof(c));
	c.plugins = CONFIG_LOG_FILESYSTEM;
	c.path = path;
	c.rotate = true;
	c.rotate_size = 1 << 30;
	c.rotate_max_files = 2;
	return c;
}

static void test_files(void **state)
{
	char path[128], err[256], p[256], *s;
	struct logger_conf c = conf(path, sizeof(path));
	const struct logger_plugin *pl = &logger_filesystem;
	struct logger_line l[3];
	char *big;
	size_t n, bign = (3u << 20) / 2;
	void *st;
	struct stat sb;
	FILE *fp;

	(void)state;
	/* A torn last line from a crash is cut off when the file opens. */
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(p, sizeof(p), "%s/vigil.results.log", path);
	fp = fopen(p, "w");
	fputs("{\"a\":1}\n{\"b\":", fp);
	fclose(fp);
	assert_int_equal(pl->open(&st, &c, err, sizeof(err)), 0);
	s = slurp("vigil.results.log", NULL);
	assert_string_equal(s, "{\"a\":1}\n");
	free(s);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	/* A line larger than the 1 MiB stage, between two small ones. */
	big = malloc(bign);
	assert_non_null(big);
	memset(big, 'x', bign);
	l[0] = (struct logger_line){ "one", 3, 0 };
	l[1] = (struct logger_line){ big, bign, 0 };
	l[2] = (struct logger_line){ "three", 5, 0 };
	assert_int_equal(pl->write(st, LOG_CH_RESULT, l, 3, err, sizeof(err)), 0);
	s = slurp("vigil.results.log", &n);
	assert_int_equal(n, 8 + 4 + bign + 1 + 6);
	assert_memory_equal(s, "{\"a\":1}\none\nxxx", 15);
	assert_string_equal(s + n - 8, "x\nthree\n");
	free(s);
	free(big);

	/* Status and snapshots have their own files. */
	l[0] = (struct logger_line){ "status", 6, 1 };
	assert_int_equal(pl->write(st, LOG_CH_STATUS, l, 1, err, sizeof(err)), 0);
	l[0] = (struct logger_line){ "snap", 4, 0 };
	assert_int_equal(pl->write(st, LOG_CH_SNAPSHOT, l, 1, err, sizeof(err)), 0);
	s = slurp("vigil.INFO", NULL);
	assert_string_equal(s, "status\n");
	free(s);
	s = slurp("vigil.snapshots.log", NULL);
	assert_string_equal(s, "snap\n");
	free(s);

	/* Moved away by someone else (logrotate): a new file is started. */
	snprintf(path, sizeof(path), "%s/moved", dir);
	assert_int_equal(rename(p, path), 0);
	l[0] = (struct logger_line){ "after", 5, 0 };
	assert_int_equal(pl->write(st, LOG_CH_RESULT, l, 1, err, sizeof(err)), 0);
	s = slurp("vigil.results.log", NULL);
	assert_string_equal(s, "after\n");
	free(s);
	pl->close(st);
}

static void test_rotation(void **state)
{
	char path[128], err[256], line[100];
	struct logger_conf c = conf(path, sizeof(path));
	const struct logger_plugin *pl = &logger_filesystem;
	struct logger_line l;
	void *st;
	char *s;
	int i;

	(void)state;
	c.rotate_size = 4096;
	assert_int_equal(pl->open(&st, &c, err, sizeof(err)), 0);
	/* 100 lines of 100 bytes: 10000 bytes, 40 lines a file. */
	for (i = 0; i < 100; i++) {
		snprintf(line, sizeof(line), "%099d", i);
		l = (struct logger_line){ line, 99, 0 };
		assert_int_equal(pl->write(st, LOG_CH_RESULT, &l, 1, err,
					   sizeof(err)), 0);
	}
	pl->close(st);
	s = slurp("vigil.results.log", NULL);
	assert_int_equal(strlen(s), 20 * 100);
	assert_int_equal(atoi(s), 80);
	free(s);
	s = slurp("vigil.results.log.1", NULL);
	assert_int_equal(strlen(s), 40 * 100);
	assert_int_equal(atoi(s), 40);
	free(s);
	s = slurp("vigil.results.log.2", NULL);
	assert_int_equal(atoi(s), 0);
	free(s);
	assert_null(slurp("vigil.results.log.3", NULL));
}

/* A plugin that fails while *failing is set, and records what it took. */
static bool failing;
static char taken[1024];

static int fake_open(void **state, const struct logger_conf *conf, char *err,
		     size_t errsize)
{
	(void)conf;
	(void)err;
	(void)errsize;
	*state = NULL;
	return 0;
}

static int fake_write(void *state, enum log_channel ch,
		      const struct logger_line *lines, size_t n, char *err,
		      size_t errsize)
{
	size_t i, off = strlen(taken);

	(void)state;
	if (ch == LOG_CH_STATUS)
		return 0;
	if (failing) {
		snprintf(err, errsize, "disk full");
		return -1;
	}
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(taken + off, sizeof(taken) - off,
					"%d:%.*s ", (int)ch, (int)lines[i].len,
					lines[i].text);
	return 0;
}

static void fake_close(void *state)
{
	(void)state;
}

static char notes[1024];

static void note(void *arg, int severity, const char *msg)
{
	size_t off = strlen(notes);

	(void)arg;
	snprintf(notes + off, sizeof(notes) - off, "%d %s\n", severity, msg);
}

static void test_drain(void **state)
{
	static const struct logger_plugin fake = {
		"fake", fake_open, fake_write, fake_close,
	};
	const struct logger_plugin *const plugins[] = { &fake };
	char path[128], err[256], n2[256];
	struct logger_conf c = conf(path, sizeof(path));
	struct logger_set *ls;
	struct store *s;
	int64_t delivered;

	(void)state;
	s = store_open(dir, n2, sizeof(n2), err, sizeof(err));
	assert_non_null(s);
	ls = logger_open_with(plugins, 1, &c, note, NULL, err, sizeof(err));
	assert_non_null(ls);
	assert_int_equal(store_queue_push(s, STORE_RESULT, "r1", 2), 0);
	assert_int_equal(store_queue_push(s, STORE_SNAPSHOT, "s1", 2), 0);
	assert_int_equal(store_queue_push(s, STORE_RESULT, "r2", 2), 0);
	failing = true;
	assert_int_equal(logger_drain(ls, s, &delivered), 0);
	assert_int_equal(delivered, 0);
	assert_true(logger_failing(ls));
	assert_int_equal(store_queue_count(s), 3);
	assert_string_equal(notes, "2 logger fake cannot deliver: disk full; "
				   "lines wait in the queue (3 now)\n");
	failing = false;
	notes[0] = '\0';
	assert_int_equal(logger_drain(ls, s, &delivered), 0);
	assert_int_equal(delivered, 3);
	assert_false(logger_failing(ls));
	assert_string_equal(taken, "0:r1 1:s1 0:r2 ");
	assert_int_equal(store_queue_count(s), 0);
	assert_non_null(strstr(notes, "logger fake delivers again after "));
	assert_non_null(strstr(notes, "wrote 3 lines that had waited; 0 lines "
				      "were dropped at the queue cap meanwhile"));
	/* Nothing more to take: nothing written twice. */
	assert_int_equal(logger_drain(ls, s, &delivered), 0);
	assert_int_equal(delivered, 0);
	assert_string_equal(taken, "0:r1 1:s1 0:r2 ");
	logger_free(ls);
	store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drain, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
