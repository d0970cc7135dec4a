/* SPDX-License-Identifier: Apache-2.0 */
/*
 * config.c: `vigil config check FILE`.
 *
 * Loads FILE exactly as the daemon would (permission checks, packs named
 * by path, every type and range) and prints each finding as
 *   vigil: FILE:LINE:COLUMN: message
 *   vigil: FILE:LINE:COLUMN: warning: message
 * then "configuration OK" on stdout when there was no error.  Exit 0 when
 * the daemon would start with it, 1 when not.  It also prepares every
 * scheduled query's SQL and warns about those that would fail at every run
 * (an unknown table, a syntax error): the daemon runs them anyway and
 * reports the failure in its status log.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/config.h"
#include "sql/engine.h"

static const char usage_text[] =
	"usage: vigil config check FILE\n"
	"  checks a daemon configuration; prints \"configuration OK\" or its "
	"errors\n";

/* Warns about each scheduled query whose SQL does not prepare. */
static void check_sql(const struct config *cfg)
{
	struct engine *e;
	char err[512];
	size_t i;

	e = engine_open(err, sizeof(err));
	if (!e)
		return;
	for (i = 0; i < cfg->nqueries; i++) {
		const struct config_query *q = &cfg->queries[i];
		const char *p = q->sql;
		sqlite3_stmt *st = NULL;

		if (q->skip)
			continue;
		if (engine_prepare(e, &p, &st, err, sizeof(err)) < 0)
			fprintf(stderr, "vigil: %s: warning: query %s: %s\n",
				cfg->file, q->name, err);
		sqlite3_finalize(st);
	}
	engine_free(e);
}

int cmd_config(int argc, char **argv)
{
	struct config *cfg;
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
			  strcmp(argv[1], "-h") == 0)) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (argc < 2 || strcmp(argv[1], "check") != 0)
		return cli_usage("config: expected 'check FILE'");
	if (argc != 3)
		return cli_usage("config check: expected one FILE");
	cfg = config_load(argv[2]);
	if (!cfg) {
		fputs("vigil: out of memory\n", stderr);
		return EXIT_FAIL;
	}
	config_print_diags(cfg, stderr);
	if (cfg->nerrors == 0) {
		check_sql(cfg);
		puts("configuration OK");
	}
	rc = cfg->nerrors ? EXIT_FAIL : EXIT_OK;
	config_free(cfg);
	return rc;
}
