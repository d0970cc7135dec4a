/* SPDX-License-Identifier: Apache-2.0 */
/*
 * daemon.c: `vigil daemon`, scheduled queries with differential results.
 *
 *   vigil daemon --config FILE --foreground [--root DIR]
 *                [--database-path DIR]
 *
 * Loads and checks the configuration (errors: exit 1, as `vigil config
 * check` prints them), then runs the worker loop in this process until
 * SIGTERM or SIGINT, which let the running query finish, flush the log
 * queue and exit 0.  --database-path overrides the database_path option.
 * Detaching (without --foreground) is not there yet.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/config.h"
#include "daemon/worker.h"

static const char usage_text[] =
	"usage: vigil daemon --config FILE --foreground [--root DIR] "
	"[--database-path DIR]\n"
	"  --config FILE         the configuration (osquery's JSON format)\n"
	"  --foreground          run in this process, status on stderr\n"
	"  --root DIR            read the host from DIR instead of /\n"
	"  --database-path DIR   the store's directory (overrides "
	"database_path)\n";

/* The worker the stop signals reach. */
static struct worker *running;

static void on_stop(int sig)
{
	(void)sig;
	if (running)
		worker_stop(running);
}

/*
 * Blocks the stop signals (they are let in only while the worker sleeps)
 * and routes them to worker_stop; ignores SIGPIPE so a closed stdout is an
 * error the stdout logger sees.
 */
static int setup_signals(struct worker *w)
{
	struct sigaction sa;
	sigset_t stop;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) < 0 || sigaction(SIGINT, &sa, NULL) < 0)
		return -1;
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) < 0)
		return -1;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	if (sigprocmask(SIG_BLOCK, &stop, &w->sleep_mask) < 0)
		return -1;
	sigdelset(&w->sleep_mask, SIGTERM);
	sigdelset(&w->sleep_mask, SIGINT);
	w->have_sleep_mask = true;
	return 0;
}

int cmd_daemon(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "root", required_argument, NULL, 'r' },
		{ "database-path", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL, *dbdir = NULL;
	struct worker w;
	struct config *cfg;
	bool foreground = false;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'f':
			foreground = true;
			break;
		case 'r':
			if (cli_set_root(optarg) < 0)
				return EXIT_FAIL;
			break;
		case 'd':
			dbdir = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cli_usage("daemon: unknown option or missing "
					 "argument '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("daemon: unexpected argument '%s'",
				 argv[optind]);
	if (!config)
		return cli_usage("daemon: --config FILE is required");
	if (!foreground) {
		fputs("vigil: daemon: detaching is not available yet: run it "
		      "with --foreground (under systemd, Type=simple)\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (dbdir && dbdir[0] != '/')
		return cli_usage("daemon: --database-path must be an absolute "
				 "path");
	cfg = config_load(config);
	if (!cfg) {
		fputs("vigil: out of memory\n", stderr);
		return EXIT_FAIL;
	}
	config_print_diags(cfg, stderr);
	if (cfg->nerrors) {
		fprintf(stderr, "vigil: configuration '%s' has errors: not "
			"starting\n", config);
		config_free(cfg);
		return EXIT_FAIL;
	}
	memset(&w, 0, sizeof(w));
	w.cfg = cfg;
	w.db_dir = dbdir ? dbdir : cfg->opt.database_path;
	w.foreground = foreground;
	running = &w;
	if (setup_signals(&w) < 0) {
		perror("vigil: cannot set up signals");
		config_free(cfg);
		return EXIT_FAIL;
	}
	rc = worker_run(&w);
	running = NULL;
	config_free(cfg);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}
