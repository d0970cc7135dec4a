/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_config: libFuzzer target for the daemon's configuration parser of
 * config.h (osquery's JSON format: options, schedule, packs, decorators,
 * file paths).
 *
 * The input is a config document, optionally followed by a NUL byte and a
 * pack document.  Each goes, in a buffer of exactly its size, to
 * config_parse() and config_parse_pack() on one fresh config, which is
 * then finished with config_finish() and freed.
 *
 * Besides crashes and leaks, the target checks the contracts: a parser
 * returns -1 exactly when errors were added; every diagnostic has a file
 * and a message, and the counts of errors and warnings match the list;
 * a config without errors schedules only queries with a name, SQL, an
 * interval above 0 and a shard of 0 to 100.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *copy_exact(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

static void check(const struct config *cfg)
{
	int errors = 0, warnings = 0;
	size_t i;

	for (i = 0; i < cfg->ndiags; i++) {
		const struct config_diag *d = &cfg->diags[i];

		if (!d->file || !d->msg || d->line < 0 || d->column < 0)
			abort();
		if (d->sev == CONFIG_ERROR)
			errors++;
		else
			warnings++;
	}
	if (errors != cfg->nerrors || warnings != cfg->nwarnings)
		abort();
	if (cfg->nerrors)
		return;
	for (i = 0; i < cfg->nqueries; i++) {
		const struct config_query *q = &cfg->queries[i];

		if (!q->name || !q->sql || q->interval <= 0 || q->shard < 0 ||
		    q->shard > 100 ||
		    (q->pack != -1 && (q->pack < 0 || (size_t)q->pack >= cfg->npacks)))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *z = memchr(data, '\0', size);
	size_t first = z ? (size_t)(z - data) : size;
	struct config *cfg = config_new();
	char *text;
	int before, rc;

	if (!cfg)
		abort();
	text = copy_exact(data, first);
	before = cfg->nerrors;
	rc = config_parse(cfg, "/etc/vigil/vigil.conf", text, first);
	if ((rc < 0) != (cfg->nerrors > before))
		abort();
	free(text);
	if (z) {
		text = copy_exact(z + 1, size - first - 1);
		before = cfg->nerrors;
		rc = config_parse_pack(cfg, "fuzz", "/etc/vigil/packs/fuzz.conf",
				       text, size - first - 1);
		if ((rc < 0) != (cfg->nerrors > before))
			abort();
		free(text);
	}
	(void)config_finish(cfg);
	check(cfg);
	config_free(cfg);
	return 0;
}
