/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c: global options, then argv[1] dispatched through commands[].
 *
 *   vigil [--root DIR] <command> [options] [arguments]
 *
 * The global --root is the same as each command's own --root: it names the
 * directory every table reads the host from (a mounted image, a container
 * root, a test fixture).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "audit", cmd_audit, "audit the host against the hardening benchmark" },
	{ "config", cmd_config, "check a daemon configuration file" },
	{ "daemon", cmd_daemon, "run scheduled queries, log differential results" },
	{ "query", cmd_query, "run SQL against the host's tables" },
	{ "shell", cmd_shell, "interactive SQL shell" },
	{ "tables", cmd_tables, "list every table with its columns" },
	{ "version", cmd_version, "print vigil's version" },
};

static void usage(FILE *fp)
{
	size_t i;

	fputs("usage: vigil [--root DIR] <command> [options] [arguments]\n\n"
	      "commands:\n",
	      fp);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].help);
	fputs("\nglobal options:\n"
	      "  --root DIR   read the host from DIR instead of / (an image, a "
	      "container root)\n"
	      "  --help       show this help\n"
	      "\nrun 'vigil <command> --help' for a command's options\n",
	      fp);
}

/*
 * Stream errors are sticky, so stdout is checked once, here, rather than
 * after every write: results that could not all be written (a full disk,
 * a closed pipe with SIGPIPE ignored) fail the run instead of passing for
 * a complete answer.  Returns rc, or EXIT_FAIL after saying why.
 */
static int check_stdout(int rc)
{
	bool flush_failed = fflush(stdout) != 0;
	int e = errno;

	if (!flush_failed && !ferror(stdout))
		return rc;
	fprintf(stderr, "vigil: cannot write output: %s\n",
		flush_failed ? strerror(e) : "write error");
	return EXIT_FAIL;
}

int main(int argc, char **argv)
{
	int i = 1;
	size_t c;

	umask(077);
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--version") == 0)
			return check_stdout(
				cmd_version(1, (char *[]){ "version", NULL }));
		if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
			if (cli_set_root(argv[i + 1]) < 0)
				return EXIT_FAIL;
			i += 2;
			continue;
		}
		if (strncmp(argv[i], "--root=", 7) == 0) {
			if (cli_set_root(argv[i] + 7) < 0)
				return EXIT_FAIL;
			i++;
			continue;
		}
		return cli_usage("unknown option '%s'", argv[i]);
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[i], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (strcmp(argv[i], commands[c].name) == 0)
			return check_stdout(commands[c].fn(argc - i, argv + i));
	return cli_usage("unknown command '%s'", argv[i]);
}
