/* SPDX-License-Identifier: Apache-2.0 */
/*
 * query.c: `vigil query`, one-shot SQL.
 *
 *   vigil query [--root DIR] [--table|--json|--csv|--line] [--no-headers] SQL
 *
 * The SQL is the remaining arguments joined by spaces, or standard input
 * when none are given (or the only one is "-").  Every statement runs in
 * turn; the first failure stops the run with exit status 1.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "sql/engine.h"
#include "sql/output.h"
#include "util/buf.h"

#define SQL_MAX (1u << 20)

static const char usage_text[] =
	"usage: vigil query [--root DIR] [--table|--json|--csv|--line] "
	"[--no-headers] SQL\n"
	"  SQL is the rest of the arguments, or standard input with none or '-'\n";

static int read_stdin(struct buf *sql)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (buf_add(sql, chunk, n) < 0)
			return -1;
	return ferror(stdin) ? -1 : 0;
}

int cmd_query(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "table", no_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "line", no_argument, NULL, 'l' },
		{ "no-headers", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct output out = OUTPUT_INIT;
	struct buf sql = BUF_INIT(SQL_MAX);
	struct engine *e = NULL;
	char err[256];
	int c, i, rc = EXIT_FAIL;

	out.fp = stdout;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (cli_set_root(optarg) < 0)
				return EXIT_FAIL;
			break;
		case 't':
			out.mode = OUTPUT_TABLE;
			break;
		case 'j':
			out.mode = OUTPUT_JSON;
			break;
		case 'c':
			out.mode = OUTPUT_CSV;
			break;
		case 'l':
			out.mode = OUTPUT_LINE;
			break;
		case 'H':
			out.headers = false;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cli_usage("query: unknown option '%s'",
					 argv[optind - 1]);
		}
	}
	if (optind >= argc || (optind == argc - 1 && strcmp(argv[optind], "-") == 0)) {
		if (optind >= argc && isatty(STDIN_FILENO))
			return cli_usage("query: no SQL given");
		if (read_stdin(&sql) < 0) {
			fprintf(stderr, "vigil: cannot read SQL from standard "
					"input: longer than %u bytes or unreadable\n",
				SQL_MAX);
			goto out;
		}
	} else {
		for (i = optind; i < argc; i++) {
			if ((i > optind && buf_addc(&sql, ' ') < 0) ||
			    buf_adds(&sql, argv[i]) < 0) {
				fprintf(stderr, "vigil: query failed: SQL longer "
						"than %u bytes\n", SQL_MAX);
				goto out;
			}
		}
	}
	e = engine_open(err, sizeof(err));
	if (!e) {
		fprintf(stderr, "vigil: cannot start the SQL engine: %s\n", err);
		goto out;
	}
	if (engine_run(e, sql.data ? sql.data : "", &out) == 0)
		rc = EXIT_OK;
out:
	engine_free(e);
	buf_release(&sql);
	return rc;
}
