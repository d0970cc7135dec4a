/* SPDX-License-Identifier: Apache-2.0 */
/*
 * daemon.c: `vigil daemon`, scheduled queries with differential results.
 *
 *   vigil daemon --config FILE [--foreground] [--root DIR]
 *                [--database-path DIR] [--pidfile FILE]
 *                [--allow-unsandboxed] [--disable_watchdog]
 *                [--watchdog_level N] [--watchdog_memory_limit MB]
 *                [--watchdog_utilization_limit PCT] [--watchdog_delay S]
 *                [--watchdog_denylist_duration S]
 *
 * Loads and checks the configuration (errors: exit 1, as `vigil config
 * check` prints them), takes the pidfile's lock (another daemon on the
 * same database directory: exit 1), detaches unless --foreground, and
 * hands over to the watchdog (src/daemon/watchdog.c), which runs the
 * worker in a child process and supervises it.  SIGTERM and SIGINT let
 * the running query finish, flush the log queue and exit 0; SIGHUP
 * reloads the configuration.  --database-path overrides the database_path
 * option.
 *
 * The watchdog's limits are flags, spelt as osquery spells them (dashes
 * work too), not configuration options: they guard against the
 * configuration, so changing them takes the command line.
 * watchdog_level 0 is 200 MB and 10% CPU, 1 is 100 MB and 5%, -1 turns
 * the limits off (the worker is still restarted when it dies);
 * --disable_watchdog runs the worker in this process, unsupervised.
 *
 * The worker sandboxes itself (src/daemon/sandbox.c) before it opens
 * anything; when the filter cannot be installed the daemon refuses to
 * start unless --allow-unsandboxed says to run without it (a flag, not a
 * config option, so a configuration file cannot turn the sandbox off).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "daemon/config.h"
#include "daemon/sandbox.h"
#include "daemon/watchdog.h"
#include "daemon/worker.h"

static const char usage_text[] =
	"usage: vigil daemon --config FILE [--foreground] [--root DIR] "
	"[--database-path DIR]\n"
	"  --config FILE         the configuration (osquery's JSON format)\n"
	"  --foreground          do not detach; status on stderr\n"
	"  --root DIR            read the host from DIR instead of /\n"
	"  --database-path DIR   the store's directory (overrides "
	"database_path)\n"
	"  --pidfile FILE        default: vigil.pid in the store's directory\n"
	"  --allow-unsandboxed   start even if the seccomp filter cannot be "
	"installed\n"
	"  --disable_watchdog    run the worker in this process, "
	"unsupervised\n"
	"  --watchdog_level N    0: 200 MB, 10% CPU; 1: 100 MB, 5%; -1: no "
	"limits\n"
	"  --watchdog_memory_limit MB, --watchdog_utilization_limit PCT,\n"
	"  --watchdog_delay SECONDS, --watchdog_denylist_duration SECONDS\n";

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

struct child {
	const char *db_dir;
	bool foreground;
	bool allow_unsandboxed;
};

/* Runs one worker in this process: signals, sandbox, loop. */
static int run_worker(void *arg, const struct config *cfg, const char *note,
		      int report_fd)
{
	const struct child *c = arg;
	struct worker w;
	char err[512], buf[2600];
	int rc = EXIT_FAIL;

	memset(&w, 0, sizeof(w));
	w.cfg = cfg;
	w.db_dir = c->db_dir;
	w.foreground = c->foreground;
	w.note = note;
	w.report_fd = report_fd;
	w.have_report_fd = report_fd >= 0;
	/* w lives on this frame: every return below clears running first. */
	running = &w;
	if (setup_signals(&w) < 0) {
		perror("vigil: cannot set up signals");
		goto out;
	}
	if (sandbox_apply(err, sizeof(err)) < 0) {
		if (!c->allow_unsandboxed) {
			fprintf(stderr, "vigil: cannot sandbox the worker: %s: "
				"not starting (--allow-unsandboxed runs it "
				"without the filter)\n", err);
			goto out;
		}
		snprintf(buf, sizeof(buf), "%s%sthe worker runs unsandboxed "
			 "(--allow-unsandboxed): %s", note ? note : "",
			 note ? "; " : "", err);
		w.note = buf;
	}
	if (worker_run(&w) == 0)
		rc = EXIT_OK;
out:
	running = NULL;
	return rc;
}

/* Creates dir and its missing parents (0700, as the store wants).  0 or
 * -1 with errno. */
static int mkdirs(const char *dir)
{
	char path[PATH_MAX];
	size_t len = strlen(dir), i;

	if (len >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			return -1;
		if (i < len)
			path[i] = '/';
	}
	return 0;
}

/* Parses a number flag into *v.  0 or -1 (usage printed). */
static int number(const char *name, const char *arg, int64_t min, int64_t *v)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || n < min) {
		cli_usage("daemon: --%s wants a number of at least %lld, not "
			  "'%s'", name, (long long)min, arg);
		return -1;
	}
	*v = n;
	return 0;
}

/*
 * Detaches as daemon(3) does, twice forked so the daemon never regains a
 * terminal; the pidfile's lock goes along (flock belongs to the open file,
 * which the children share).  The first process waits, on a pipe, until
 * the daemon has written its pidfile (so a caller that reads it finds the
 * daemon's id) and exits 0, or 1 when the daemon failed before that.
 * Returns the pipe's write end in the daemon (see ready()), or -1; the
 * other processes exit here.
 */
static int detach(void)
{
	pid_t pid;
	int fd, p[2];
	char c;

	fflush(stdout);
	fflush(stderr);
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		ssize_t n;

		close(p[1]);
		while ((n = read(p[0], &c, 1)) < 0 && errno == EINTR)
			;
		_exit(n == 1 ? EXIT_OK : EXIT_FAIL);
	}
	close(p[0]);
	if (setsid() < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(EXIT_OK);
	if (chdir("/") < 0)
		return -1;
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) {
		close(fd);
		return -1;
	}
	if (fd > 2)
		close(fd);
	return p[1];
}

/* Tells the waiting first process that the daemon is up. */
static void ready(int fd)
{
	if (fd < 0)
		return;
	if (write(fd, "y", 1) < 0) {
		/* It is gone: nobody to tell. */
	}
	close(fd);
}

int cmd_daemon(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "root", required_argument, NULL, 'r' },
		{ "database-path", required_argument, NULL, 'd' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "allow-unsandboxed", no_argument, NULL, 'U' },
		{ "allow_unsandboxed", no_argument, NULL, 'U' },
		{ "disable_watchdog", no_argument, NULL, 'D' },
		{ "disable-watchdog", no_argument, NULL, 'D' },
		{ "watchdog_level", required_argument, NULL, 'L' },
		{ "watchdog-level", required_argument, NULL, 'L' },
		{ "watchdog_memory_limit", required_argument, NULL, 'M' },
		{ "watchdog-memory-limit", required_argument, NULL, 'M' },
		{ "watchdog_utilization_limit", required_argument, NULL, 'C' },
		{ "watchdog-utilization-limit", required_argument, NULL, 'C' },
		{ "watchdog_delay", required_argument, NULL, 'W' },
		{ "watchdog-delay", required_argument, NULL, 'W' },
		{ "watchdog_denylist_duration", required_argument, NULL, 'X' },
		{ "watchdog-denylist-duration", required_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL, *dbdir = NULL, *pidfile = NULL;
	char cfgpath[PATH_MAX], pidpath[PATH_MAX + 16], err[PATH_MAX + 128];
	char dbpath[PATH_MAX];
	struct watchdog wd;
	struct child child;
	struct config *cfg;
	bool foreground = false, nowatchdog = false;
	int64_t level = 0, mem = -1, cpu = -1, v;
	int c, rc, pidfd, readyfd = -1;

	watchdog_init(&wd);
	memset(&child, 0, sizeof(child));
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
		case 'p':
			pidfile = optarg;
			break;
		case 'U':
			child.allow_unsandboxed = true;
			break;
		case 'D':
			nowatchdog = true;
			break;
		case 'L':
			if (number("watchdog_level", optarg, -1, &level) < 0)
				return EXIT_USAGE;
			if (level > 1)
				return cli_usage("daemon: --watchdog_level is "
						 "-1, 0 or 1");
			break;
		case 'M':
			if (number("watchdog_memory_limit", optarg, 0, &mem) < 0)
				return EXIT_USAGE;
			break;
		case 'C':
			if (number("watchdog_utilization_limit", optarg, 0,
				   &cpu) < 0)
				return EXIT_USAGE;
			break;
		case 'W':
			if (number("watchdog_delay", optarg, 0, &v) < 0)
				return EXIT_USAGE;
			wd.delay = v;
			break;
		case 'X':
			if (number("watchdog_denylist_duration", optarg, 1,
				   &v) < 0)
				return EXIT_USAGE;
			wd.denylist_duration = v;
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
	if (level == 1) {
		wd.memory_limit_mb = 100;
		wd.utilization_limit = 5;
	} else if (level == -1) {
		wd.memory_limit_mb = 0;
		wd.utilization_limit = 0;
	}
	if (mem >= 0)
		wd.memory_limit_mb = mem;
	if (cpu >= 0)
		wd.utilization_limit = cpu;
	/* The store's directory is fixed for the daemon's life (the pidfile
	 * guards it): a reload that changes database_path takes a restart.
	 * Copied, as a reload frees the first config. */
	snprintf(dbpath, sizeof(dbpath), "%s",
		 dbdir ? dbdir : cfg->opt.database_path);
	child.db_dir = dbpath;
	child.foreground = foreground;

	/* The pidfile, locked before detaching so a refusal is seen. */
	if (mkdirs(child.db_dir) < 0) {
		fprintf(stderr, "vigil: cannot create the database directory "
			"'%s': %s\n", child.db_dir, strerror(errno));
		config_free(cfg);
		return EXIT_FAIL;
	}
	if (!pidfile) {
		snprintf(pidpath, sizeof(pidpath), "%s/vigil.pid", child.db_dir);
		pidfile = pidpath;
	}
	pidfd = watchdog_pidfile_lock(pidfile, err, sizeof(err));
	if (pidfd < 0) {
		fprintf(stderr, "vigil: %s\n", err);
		config_free(cfg);
		return EXIT_FAIL;
	}
	/* SIGHUP re-reads the file after a chdir("/"). */
	if (!realpath(config, cfgpath)) {
		fprintf(stderr, "vigil: cannot resolve '%s': %s\n", config,
			strerror(errno));
		config_free(cfg);
		return EXIT_FAIL;
	}
	if (!foreground && (readyfd = detach()) < 0) {
		perror("vigil: cannot detach");
		config_free(cfg);
		return EXIT_FAIL;
	}
	if (watchdog_pidfile_write(pidfd) < 0) {
		fprintf(stderr, "vigil: cannot write the pidfile '%s': %s\n",
			pidfile, strerror(errno));
		config_free(cfg);
		return EXIT_FAIL;
	}
	ready(readyfd);
	if (nowatchdog) {
		rc = run_worker(&child, cfg, NULL, -1);
		config_free(cfg);
		return rc;
	}
	wd.cfg = cfg;
	wd.config_path = cfgpath;
	wd.db_dir = child.db_dir;
	wd.foreground = foreground;
	wd.child = run_worker;
	wd.child_arg = &child;
	return watchdog_run(&wd) == 0 ? EXIT_OK : EXIT_FAIL;
}
