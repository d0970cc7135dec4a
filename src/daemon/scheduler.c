/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scheduler.c: each query's next due time (see scheduler.h).
 */
#include "daemon/scheduler.h"

#include <stdlib.h>
#include <string.h>

#include "daemon/config.h"

uint64_t sched_hash(const char *a, const char *b)
{
	uint64_t h = 0xcbf29ce484222325ull;
	const unsigned char *p;

	for (p = (const unsigned char *)a; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	h = (h ^ 0) * 0x100000001b3ull;
	for (p = (const unsigned char *)b; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return h;
}

int64_t sched_splay_ms(const char *host, const char *name, int64_t interval,
		       int64_t percent)
{
	int64_t span;

	if (percent <= 0 || interval <= 0)
		return 0;
	span = interval * 1000 / 100 * percent;
	if (span <= 0)
		return 0;
	return (int64_t)(sched_hash(host, name) % (uint64_t)(span + 1));
}

bool sched_in_shard(const char *host, int64_t shard)
{
	if (shard <= 0 || shard >= 100)
		return true;
	return (int64_t)(sched_hash("shard", host) % 100) < shard;
}

int sched_init(struct sched *s, const struct config *cfg, const char *host,
	       int64_t now_ms)
{
	size_t i;

	s->n = 0;
	s->e = calloc(cfg->nqueries ? cfg->nqueries : 1, sizeof(*s->e));
	if (!s->e)
		return -1;
	for (i = 0; i < cfg->nqueries; i++) {
		const struct config_query *q = &cfg->queries[i];
		struct sched_entry *e = &s->e[s->n++];

		e->q = q;
		e->interval_ms = q->interval * 1000;
		e->splay_ms = sched_splay_ms(host, q->name, q->interval,
					     cfg->opt.schedule_splay_percent);
		e->next = now_ms + e->splay_ms;
		e->enabled = true;
		if (q->skip) {
			e->enabled = false;
			e->why = "platform or version";
		} else if (!sched_in_shard(host, q->shard)) {
			e->enabled = false;
			e->why = "shard";
		}
		e->stats.name = q->name;
		e->stats.query = q->sql;
		e->stats.interval = q->interval;
	}
	return 0;
}

void sched_release(struct sched *s)
{
	free(s->e);
	s->e = NULL;
	s->n = 0;
}

void sched_set_last(struct sched_entry *e, int64_t last_unix,
		    int64_t now_unix, int64_t now_ms)
{
	int64_t wait_ms;

	if (last_unix <= 0)
		return;
	wait_ms = (last_unix - now_unix) * 1000 + e->interval_ms;
	if (wait_ms < 0)
		wait_ms = 0;
	if (wait_ms > e->interval_ms) /* the clock went back */
		wait_ms = e->interval_ms;
	e->next = now_ms + wait_ms;
}

struct sched_entry *sched_next(struct sched *s)
{
	struct sched_entry *best = NULL;
	size_t i;

	for (i = 0; i < s->n; i++) {
		struct sched_entry *e = &s->e[i];

		if (e->enabled && (!best || e->next < best->next))
			best = e;
	}
	return best;
}

void sched_done(struct sched_entry *e, int64_t now_ms)
{
	e->next += e->interval_ms;
	if (e->next <= now_ms)
		e->next += ((now_ms - e->next) / e->interval_ms + 1) *
			   e->interval_ms;
}
