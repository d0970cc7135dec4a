/* SPDX-License-Identifier: Apache-2.0 */
/*
 * shell.c: `vigil shell`, the interactive SQL shell.
 *
 *   vigil shell [--root DIR] [--table|--json|--csv|--line] [--no-headers]
 *
 * Reads SQL from standard input, one statement at a time, and runs each
 * through the engine with the current output settings.  A statement may
 * span lines: it runs once sqlite3_complete() says it is complete (it ends
 * with a semicolon outside any string, comment or trigger body).
 *
 * On a terminal, lines come from libedit with the prompt "vigil> " (and
 * "   ...> " while a statement continues), and the lines typed are kept in
 * $HOME/.vigil_history (mode 0600, at most HISTORY_MAX lines; no HOME, no
 * history).  Ctrl-C abandons the line and the statement being typed, or
 * interrupts the statement running; Ctrl-D on an empty line leaves.
 *
 * Otherwise (a script on a pipe or in a file) there is no prompt and no
 * history.  Either way a line over LINE_MAX_BYTES (1 MiB), or a statement
 * gathered over STMT_MAX_BYTES, fails that statement instead of growing
 * without limit; a script's long line is read to its end and dropped.
 * (The engine refuses SQL over its own, smaller length limit.)
 *
 * Dot commands are recognised at the start of a statement only, one per
 * line: .tables [PATTERN], .schema [TABLE], .mode [MODE], .headers on|off,
 * .timer on|off, .help, .quit and .exit.  A .tables pattern containing '%'
 * is a LIKE pattern matched against the whole name (so '_' matches any one
 * character there); any other pattern is a plain substring.  Both ignore
 * ASCII case.  .timer writes "Run Time: real R user U sys S" on stderr, so
 * that stdout carries only results.
 *
 * Results go to stdout, messages to stderr.  A failed statement or dot
 * command prints its error and the shell goes on.  At the end of input the
 * exit status is 1 when a statement was left incomplete, or, reading a
 * script, when anything failed; 0 otherwise.
 */
#include "cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <editline/readline.h>
#include <sqlite3.h>

#include "sql/engine.h"
#include "sql/output.h"
#include "sql/table.h"
#include "sql/vtab.h"
#include "util/buf.h"
#include "util/lazylib.h"

#define PROMPT "vigil> "
#define PROMPT_MORE "   ...> "

/* Bounds on one input line and on one statement gathered from lines. */
#define LINE_MAX_BYTES (1u << 20)
#define STMT_MAX_BYTES (2u << 20)

#define HISTORY_NAME ".vigil_history"

/*
 * libedit, loaded only when the shell runs on a terminal (lazylib.h says
 * why).  The pointers take their types from libedit's own header.
 */
static struct lazylib libedit = LAZYLIB_INIT("libedit.so.2");
static struct {
	__typeof__(readline) *readline;
	__typeof__(add_history) *add_history;
	__typeof__(read_history) *read_history;
	__typeof__(write_history) *write_history;
	__typeof__(stifle_history) *stifle_history;
	__typeof__(history_truncate_file) *history_truncate_file;
	__typeof__(clear_history) *clear_history;
	__typeof__(rl_readline_name) *readline_name;
} el;

static const char *const el_names[] = {
	"readline", "add_history", "read_history", "write_history",
	"stifle_history", "history_truncate_file", "clear_history",
	"rl_readline_name",
};
_Static_assert(sizeof(el_names) / sizeof(el_names[0]) ==
		       sizeof(el) / sizeof(void *),
	       "one name per libedit symbol");

/* Loads libedit.  0, or -1 with the reason in libedit.err. */
static int editline_load(void)
{
	void *slots[sizeof(el_names) / sizeof(el_names[0])];

	if (el.readline)
		return 0;
	if (lazylib_resolve(&libedit, el_names, slots,
			    sizeof(el_names) / sizeof(el_names[0])) < 0)
		return -1;
	/* POSIX guarantees data and function pointers convert. */
	memcpy(&el, slots, sizeof(el));
	return 0;
}
#define HISTORY_MAX 1000

/* Most words a dot command takes, counting the command itself. */
#define DOT_MAX_ARGS 3

struct shell {
	struct engine *engine;
	struct output out;
	bool interactive;
	bool timer;
	bool failed; /* a statement or dot command failed */
	bool quit;   /* .quit or .exit was read */
	struct buf stmt; /* the statement being gathered, lines joined by \n */
	struct buf line; /* the line being read (scripts only) */
	unsigned long lineno;
	char *history; /* history file path, or NULL for none */
};

/*
 * Ctrl-C handling for the interactive shell.  The handler only records the
 * signal and asks SQLite to stop the statement running, if any; both are
 * safe in a signal handler.  Without SA_RESTART, a Ctrl-C at the prompt
 * makes libedit's read fail with EINTR, and readline() returns NULL with
 * the flag set, which the loop tells apart from end of input.
 */
static volatile sig_atomic_t interrupted;
static volatile sig_atomic_t running; /* a statement is running */
static sqlite3 *interrupt_db;

static void on_sigint(int sig)
{
	int saved = errno;

	(void)sig;
	interrupted = 1;
	if (running && interrupt_db) {
		sqlite3_interrupt(interrupt_db);
		/* End the line the terminal echoed "^C" on. */
		(void)!write(STDERR_FILENO, "\n", 1);
	}
	errno = saved;
}

/*
 * Installs the SIGINT handler.  restart chooses SA_RESTART: off while
 * waiting at the prompt (so the read is interrupted), on while a statement
 * runs (so a write to the terminal is not cut short).
 */
static void catch_sigint(bool restart)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = restart ? SA_RESTART : 0;
	(void)sigaction(SIGINT, &sa, NULL); /* cannot fail: a valid signal */
}

static const char usage_text[] =
	"usage: vigil shell [--root DIR] [--table|--json|--csv|--line] "
	"[--no-headers]\n"
	"  reads SQL statements and dot commands (.help lists them) from "
	"standard input\n";

static const char *stmt_text(const struct shell *sh)
{
	return sh->stmt.data ? sh->stmt.data : "";
}

/*
 * True when s holds nothing but white space and SQL comments, so that no
 * statement has started yet.  An unterminated block comment counts as a
 * comment, as SQLite's tokenizer treats it.
 */
static bool sql_is_blank(const char *s)
{
	while (*s) {
		if (isspace((unsigned char)*s)) {
			s++;
		} else if (s[0] == '-' && s[1] == '-') {
			s = strchr(s, '\n');
			if (!s)
				return true;
		} else if (s[0] == '/' && s[1] == '*') {
			s = strstr(s + 2, "*/");
			if (!s)
				return true;
			s += 2;
		} else {
			return false;
		}
	}
	return true;
}

static bool line_is_blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/* Marks a failure and drops the statement being gathered. */
static void fail_stmt(struct shell *sh)
{
	sh->failed = true;
	buf_reset(&sh->stmt);
}

static double tv_seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static double ts_seconds(const struct timespec *ts)
{
	return (double)ts->tv_sec + (double)ts->tv_nsec / 1e9;
}

/* Runs the gathered statement(s) and empties the statement buffer. */
static void run_stmt(struct shell *sh)
{
	struct timespec t0, t1;
	struct rusage r0, r1;
	bool timed = sh->timer; /* both ends of the measure, or neither */
	int rc;

	if (timed) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		getrusage(RUSAGE_SELF, &r0);
	}
	if (sh->interactive) {
		catch_sigint(true);
		running = 1;
	}
	rc = engine_run(sh->engine, stmt_text(sh), &sh->out);
	fflush(sh->out.fp);
	if (sh->interactive) {
		running = 0;
		catch_sigint(false);
	}
	if (rc < 0)
		sh->failed = true;
	if (timed) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		getrusage(RUSAGE_SELF, &r1);
		fprintf(stderr, "Run Time: real %.3f user %.3f sys %.3f\n",
			ts_seconds(&t1) - ts_seconds(&t0),
			tv_seconds(&r1.ru_utime) - tv_seconds(&r0.ru_utime),
			tv_seconds(&r1.ru_stime) - tv_seconds(&r0.ru_stime));
	}
	buf_reset(&sh->stmt);
}

/* Parses "on" or "off" for dot command cmd.  0, or -1 after a message. */
static int parse_bool(const char *cmd, const char *arg, bool *val)
{
	if (strcasecmp(arg, "on") == 0) {
		*val = true;
		return 0;
	}
	if (strcasecmp(arg, "off") == 0) {
		*val = false;
		return 0;
	}
	fprintf(stderr, "vigil: bad argument '%s' to %s (use on or off)\n", arg,
		cmd);
	return -1;
}

static bool table_matches(const char *name, const char *pattern)
{
	if (!pattern)
		return true;
	if (strchr(pattern, '%'))
		return sqlite3_strlike(pattern, name, 0) == 0;
	return strcasestr(name, pattern) != NULL;
}

static int dot_tables(struct shell *sh, int argc, char **argv)
{
	const struct table *const *tables;
	size_t i, n;

	tables = registry_tables(&n);
	for (i = 0; i < n; i++)
		if (table_matches(tables[i]->name, argc > 1 ? argv[1] : NULL))
			fprintf(sh->out.fp, "%s\n", tables[i]->name);
	return 0;
}

/* Prints one table's CREATE TABLE statement.  0 or -1 after a message. */
static int print_schema(struct shell *sh, const struct table *t)
{
	struct buf b = BUF_INIT(1u << 20);
	int rc = -1;

	if (vtab_schema(t, &b) < 0) {
		fprintf(stderr, "vigil: cannot show schema of '%s': %s\n",
			t->name, strerror(errno));
		goto out;
	}
	fprintf(sh->out.fp, "%s;\n", b.data);
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

static int dot_schema(struct shell *sh, int argc, char **argv)
{
	const struct table *const *tables;
	const struct table *t;
	size_t i, n;

	if (argc > 1) {
		t = registry_find(argv[1]);
		if (!t) {
			fprintf(stderr, "vigil: unknown table '%s'\n", argv[1]);
			return -1;
		}
		return print_schema(sh, t);
	}
	tables = registry_tables(&n);
	for (i = 0; i < n; i++)
		if (print_schema(sh, tables[i]) < 0)
			return -1;
	return 0;
}

static int dot_mode(struct shell *sh, int argc, char **argv)
{
	enum output_mode mode;

	if (argc == 1) {
		fprintf(sh->out.fp, "%s\n", output_mode_name(sh->out.mode));
		return 0;
	}
	if (output_parse_mode(argv[1], &mode) < 0) {
		fprintf(stderr,
			"vigil: unknown mode '%s' (use table, json, csv or line)\n",
			argv[1]);
		return -1;
	}
	sh->out.mode = mode;
	return 0;
}

static int dot_headers(struct shell *sh, int argc, char **argv)
{
	if (argc == 1) {
		fprintf(sh->out.fp, "%s\n", sh->out.headers ? "on" : "off");
		return 0;
	}
	return parse_bool(argv[0], argv[1], &sh->out.headers);
}

static int dot_timer(struct shell *sh, int argc, char **argv)
{
	if (argc == 1) {
		fprintf(sh->out.fp, "%s\n", sh->timer ? "on" : "off");
		return 0;
	}
	return parse_bool(argv[0], argv[1], &sh->timer);
}

static int dot_quit(struct shell *sh, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh->quit = true;
	return 0;
}

static int dot_help(struct shell *sh, int argc, char **argv);

struct dot_command {
	const char *name;
	int max_args; /* arguments after the name */
	int (*run)(struct shell *sh, int argc, char **argv);
	const char *usage;
	const char *help;
};

static const struct dot_command dot_commands[] = {
	{ ".exit", 0, dot_quit, ".exit", "leave the shell" },
	{ ".headers", 1, dot_headers, ".headers [on|off]",
	  "show or hide the header row (table, csv)" },
	{ ".help", 0, dot_help, ".help", "show this list" },
	{ ".mode", 1, dot_mode, ".mode [table|json|csv|line]",
	  "set the output mode, or show it" },
	{ ".quit", 0, dot_quit, ".quit", "leave the shell" },
	{ ".schema", 1, dot_schema, ".schema [TABLE]",
	  "show TABLE's CREATE TABLE, or every table's" },
	{ ".tables", 1, dot_tables, ".tables [PATTERN]",
	  "list tables (PATTERN: a substring, LIKE with %)" },
	{ ".timer", 1, dot_timer, ".timer [on|off]",
	  "print each statement's run time on stderr" },
};

#define NDOT (sizeof(dot_commands) / sizeof(dot_commands[0]))

static int dot_help(struct shell *sh, int argc, char **argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; i < NDOT; i++)
		fprintf(sh->out.fp, "%-28s %s\n", dot_commands[i].usage,
			dot_commands[i].help);
	return 0;
}

/*
 * Runs the dot command in line (NUL-terminated, starting with '.'; it is
 * split in place).  Failures are printed and recorded in sh->failed.
 */
static void dot_command(struct shell *sh, char *line)
{
	char *argv[DOT_MAX_ARGS + 1];
	char *save = NULL, *w;
	int argc = 0;
	size_t i;

	for (w = strtok_r(line, " \t\r\n\f\v", &save); w;
	     w = strtok_r(NULL, " \t\r\n\f\v", &save)) {
		if (argc == DOT_MAX_ARGS) {
			argc++;
			break;
		}
		argv[argc++] = w;
	}
	if (argc == 0)
		return; /* not reached: the line starts with '.' */
	for (i = 0; i < NDOT; i++)
		if (strcmp(argv[0], dot_commands[i].name) == 0)
			break;
	if (i == NDOT) {
		fprintf(stderr, "vigil: unknown command '%s' (try .help)\n",
			argv[0]);
		sh->failed = true;
		return;
	}
	if (argc - 1 > dot_commands[i].max_args) {
		fprintf(stderr, "vigil: too many arguments to %s (usage: %s)\n",
			argv[0], dot_commands[i].usage);
		sh->failed = true;
		return;
	}
	argv[argc] = NULL;
	if (dot_commands[i].run(sh, argc, argv) < 0)
		sh->failed = true;
	fflush(sh->out.fp);
}

/*
 * Takes one line of input (without its newline; line[len] is '\0' and line
 * may be modified): a dot command when no statement has started, else more
 * of the statement, which runs once complete.
 */
static void shell_line(struct shell *sh, char *line, size_t len)
{
	char *p;

	if (memchr(line, '\0', len)) {
		fprintf(stderr, "vigil: input line %lu holds a NUL byte\n",
			sh->lineno);
		fail_stmt(sh);
		return;
	}
	if (sql_is_blank(stmt_text(sh))) {
		for (p = line; isspace((unsigned char)*p); p++)
			;
		if (*p == '.') {
			buf_reset(&sh->stmt);
			dot_command(sh, p);
			return;
		}
		/* Blank lines between statements are not kept. */
		if (sh->stmt.len == 0 && line_is_blank(line, len))
			return;
	}
	if (buf_add(&sh->stmt, line, len) < 0 || buf_addc(&sh->stmt, '\n') < 0) {
		if (errno == E2BIG)
			fprintf(stderr,
				"vigil: statement too long (limit %u bytes)\n",
				STMT_MAX_BYTES);
		else
			fprintf(stderr, "vigil: cannot read statement: %s\n",
				strerror(errno));
		fail_stmt(sh);
		return;
	}
	/*
	 * Only a semicolon can end a statement, or the end of a block
	 * comment that follows one; checking only then keeps a long
	 * statement's lines from costing a scan of the whole statement each.
	 */
	if ((memchr(line, ';', len) || strstr(line, "*/")) &&
	    sqlite3_complete(stmt_text(sh)))
		run_stmt(sh);
}

/*
 * Reads one line of a script into sh->line, without its newline.  Returns
 * 1 for a line, 0 at end of input, -1 on a read error (printed).  A line
 * longer than LINE_MAX_BYTES is read to its end and dropped: *too_long is
 * set and the buffer holds only its start.
 */
static int read_script_line(struct shell *sh, bool *too_long)
{
	int c;

	buf_reset(&sh->line);
	*too_long = false;
	while ((c = getc_unlocked(stdin)) != EOF) {
		if (c == '\n')
			return 1;
		if (*too_long)
			continue;
		if (buf_addc(&sh->line, (char)c) < 0) {
			if (errno != E2BIG) {
				fprintf(stderr, "vigil: cannot read input: %s\n",
					strerror(errno));
				return -1;
			}
			*too_long = true;
		}
	}
	if (ferror(stdin)) {
		fprintf(stderr, "vigil: cannot read input: %s\n",
			strerror(errno));
		return -1;
	}
	return sh->line.len > 0 || *too_long ? 1 : 0;
}

static void report_too_long(struct shell *sh)
{
	fprintf(stderr, "vigil: input line %lu too long (limit %u bytes)\n",
		sh->lineno, LINE_MAX_BYTES);
	fail_stmt(sh);
}

/* Reads a script from stdin to its end or .quit.  0, or -1 on read error. */
static int loop_script(struct shell *sh)
{
	char empty[1] = "";
	bool too_long;
	int rc;

	while (!sh->quit) {
		rc = read_script_line(sh, &too_long);
		if (rc <= 0)
			return rc;
		sh->lineno++;
		if (too_long)
			report_too_long(sh);
		else
			shell_line(sh, sh->line.data ? sh->line.data : empty,
				   sh->line.len);
	}
	return 0;
}

/*
 * Finds the history file: $HOME/.vigil_history.  Returns a path to free(),
 * or NULL when HOME is unset, empty or too long.
 */
static char *history_path(void)
{
	const char *home = getenv("HOME");
	struct buf b = BUF_INIT(4096);

	if (!home || !*home)
		return NULL;
	if (buf_printf(&b, "%s/%s", home, HISTORY_NAME) < 0) {
		buf_release(&b);
		return NULL;
	}
	return b.data;
}

/*
 * Writes the history, keeping the file private: it is created 0600 (never
 * through a symlink), refused if it belongs to someone else, narrowed to
 * 0600 if it was wider, then filled by libedit and cut to HISTORY_MAX
 * lines.  Failures are warnings: the session's results are already out.
 */
static void history_save(const char *path)
{
	struct stat st;
	int fd, rc;

	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	if (fstat(fd, &st) < 0) {
		close(fd);
		goto fail;
	}
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		close(fd);
		errno = S_ISREG(st.st_mode) ? EPERM : EINVAL;
		goto fail;
	}
	if ((st.st_mode & 07777) != 0600 && fchmod(fd, 0600) < 0) {
		close(fd);
		goto fail;
	}
	close(fd);
	/* libedit's write_history returns 0 or an errno value. */
	rc = el.write_history(path);
	if (rc != 0) {
		errno = rc;
		goto fail;
	}
	rc = el.history_truncate_file(path, HISTORY_MAX);
	if (rc != 0) {
		errno = rc > 0 ? rc : EIO;
		goto fail;
	}
	return;
fail:
	fprintf(stderr, "vigil: cannot write history '%s': %s\n", path,
		strerror(errno));
}

/* The interactive loop: libedit, prompts, history, Ctrl-C. */
static void loop_terminal(struct shell *sh)
{
	char *line;
	size_t len;

	*el.readline_name = "vigil";
	el.stifle_history(HISTORY_MAX);
	sh->history = history_path();
	/* A missing or unreadable history file just means none yet. */
	if (sh->history)
		(void)el.read_history(sh->history);
	interrupt_db = engine_db(sh->engine);
	catch_sigint(false);

	fprintf(sh->out.fp,
		"vigil %s shell: enter \".help\" for the commands, "
		"Ctrl-D to leave\n", VIGIL_VERSION);
	fflush(sh->out.fp);
	while (!sh->quit) {
		interrupted = 0;
		line = el.readline(sh->stmt.len ? PROMPT_MORE : PROMPT);
		if (!line) {
			/* Ctrl-C: drop the line and the statement typed. */
			if (interrupted) {
				fputc('\n', sh->out.fp);
				fflush(sh->out.fp);
				buf_reset(&sh->stmt);
				continue;
			}
			fputc('\n', sh->out.fp);
			break;
		}
		sh->lineno++;
		len = strlen(line);
		if (!line_is_blank(line, len))
			el.add_history(line);
		if (len > LINE_MAX_BYTES)
			report_too_long(sh);
		else
			shell_line(sh, line, len);
		free(line);
	}
	fflush(sh->out.fp);
	(void)signal(SIGINT, SIG_DFL); /* cannot fail: a valid signal */
	interrupt_db = NULL;
	if (sh->history)
		history_save(sh->history);
	el.clear_history();
}

int cmd_shell(int argc, char **argv)
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
	struct shell sh;
	char err[256];
	int c, rc = EXIT_OK;

	memset(&sh, 0, sizeof(sh));
	sh.out = (struct output)OUTPUT_INIT;
	sh.out.fp = stdout;
	buf_init(&sh.stmt, STMT_MAX_BYTES);
	buf_init(&sh.line, LINE_MAX_BYTES);

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (cli_set_root(optarg) < 0)
				return EXIT_FAIL;
			break;
		case 't':
			sh.out.mode = OUTPUT_TABLE;
			break;
		case 'j':
			sh.out.mode = OUTPUT_JSON;
			break;
		case 'c':
			sh.out.mode = OUTPUT_CSV;
			break;
		case 'l':
			sh.out.mode = OUTPUT_LINE;
			break;
		case 'H':
			sh.out.headers = false;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		case ':':
			return cli_usage("shell: option '%s' needs an argument",
					 argv[optind - 1]);
		default:
			return cli_usage("shell: unknown option '%s'",
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("shell: unexpected argument '%s'", argv[optind]);

	sh.engine = engine_open(err, sizeof(err));
	if (!sh.engine) {
		fprintf(stderr, "vigil: cannot start the SQL engine: %s\n", err);
		return EXIT_FAIL;
	}
	sh.interactive = isatty(STDIN_FILENO);
	if (sh.interactive && editline_load() < 0) {
		/* Still usable: statements are read as from a script. */
		fprintf(stderr, "vigil: no line editing: %s\n", libedit.err);
		sh.interactive = false;
	}
	if (sh.interactive)
		loop_terminal(&sh);
	else if (loop_script(&sh) < 0)
		rc = EXIT_FAIL;
	if (!sh.quit && !sql_is_blank(stmt_text(&sh))) {
		fputs("vigil: incomplete statement at end of input\n", stderr);
		rc = EXIT_FAIL;
	}
	if (!sh.interactive && sh.failed)
		rc = EXIT_FAIL;

	fflush(stdout);
	engine_free(sh.engine);
	buf_release(&sh.stmt);
	buf_release(&sh.line);
	free(sh.history);
	return rc;
}
