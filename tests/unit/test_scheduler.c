/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_scheduler.c: when queries run: the splay (stable per host and
 * query, within its share of the interval, different across hosts), the
 * shard test, the first run after a restart following the last one,
 * missed runs skipped with the phase kept, and the next due query.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daemon/config.h"
#include "daemon/scheduler.h"

static void test_splay(void **state)
{
	int64_t a, b;
	int i, differ = 0, in_shard = 0;
	char host[32];

	(void)state;
	assert_int_equal(sched_splay_ms("h", "q", 60, 0), 0);
	a = sched_splay_ms("host-1", "users", 60, 10);
	b = sched_splay_ms("host-1", "users", 60, 10);
	assert_int_equal(a, b);
	for (i = 0; i < 100; i++) {
		snprintf(host, sizeof(host), "host-%d", i);
		b = sched_splay_ms(host, "users", 60, 10);
		assert_true(b >= 0 && b <= 6000);
		differ += b != a;
		in_shard += sched_in_shard(host, 30);
	}
	assert_true(differ > 90);
	/* About 30 of 100 hosts are in a 30% shard. */
	assert_true(in_shard > 15 && in_shard < 45);
	assert_true(sched_in_shard("any", 0));
	assert_true(sched_in_shard("any", 100));
	/* FNV-1a of "a", NUL, "b": stable across builds and machines. */
	assert_true(sched_hash("a", "b") == sched_hash("a", "b"));
	assert_true(sched_hash("ab", "") != sched_hash("a", "b"));
}

static void test_schedule(void **state)
{
	struct config *cfg = config_new();
	const char *text =
		"{\"options\": {\"schedule_splay_percent\": 0},"
		" \"schedule\": {\"a\": {\"query\": \"SELECT 1\", \"interval\": 10},"
		"  \"b\": {\"query\": \"SELECT 2\", \"interval\": 3},"
		"  \"c\": {\"query\": \"SELECT 3\", \"platform\": \"darwin\"}}}";
	struct sched s;
	struct sched_entry *e;

	(void)state;
	assert_int_equal(config_parse(cfg, "t", text, strlen(text)), 0);
	assert_int_equal(config_finish(cfg), 0);
	assert_int_equal(sched_init(&s, cfg, "h", 1000), 0);
	assert_int_equal(s.n, 3);
	assert_false(s.e[2].enabled);
	/* Both due at once; config order breaks the tie. */
	e = sched_next(&s);
	assert_string_equal(e->q->name, "a");
	sched_done(e, 1000);
	assert_int_equal(e->next, 11000);
	e = sched_next(&s);
	assert_string_equal(e->q->name, "b");
	sched_done(e, 1200);
	assert_int_equal(e->next, 4000);
	/* Late by more than two intervals: the missed runs are skipped and
	 * the phase kept. */
	sched_done(e, 11500);
	assert_int_equal(e->next, 13000);
	/* After a restart: due one interval after the last run. */
	sched_set_last(&s.e[0], 1000000, 1000004, 50000);
	assert_int_equal(s.e[0].next, 56000);
	sched_set_last(&s.e[0], 1000000, 1000100, 50000);
	assert_int_equal(s.e[0].next, 50000);
	/* The clock went back: at most one interval. */
	sched_set_last(&s.e[0], 1000500, 1000000, 50000);
	assert_int_equal(s.e[0].next, 60000);
	sched_release(&s);
	config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splay),
		cmocka_unit_test(test_schedule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
