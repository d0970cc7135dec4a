/* SPDX-License-Identifier: Apache-2.0 */
/*
 * audit.c: `vigil audit`, the hardening benchmark.
 *
 *   vigil audit [--root DIR] [-f|--format text|json|junit|html] [-o|--output FILE]
 *               [--fail-on SEVERITY] [--only ID,...] [--skip ID,...]
 *               [--pack FILE]... [--no-builtin] [--waivers FILE]
 *               [--verbose] [--list] [--deep]
 *
 * The built-in packs are compiled in; --pack adds the user's own (vigil or
 * osquery pack JSON, or a fleet manager's policy YAML: *.yml, *.yaml),
 * refused when other users could have written them.
 * Every check's SQL is prepared at load, so a broken pack is reported with
 * its file and check before anything runs.  Exit status: 0 when the audit
 * ran, 3 when --fail-on names a severity at or below that of a failed (or
 * errored) check, 1 when the audit could not run, 2 for usage errors.
 *
 * The checks on world-writable, unowned, setuid and setgid files and on
 * file capabilities share one filesystem walk (tables/fswalk.h); it
 * covers the system directories, or with --deep every local filesystem
 * from /.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit/pack.h"
#include "audit/policy.h"
#include "audit/report.h"
#include "audit/runner.h"
#include "cli/cli.h"
#include "sql/engine.h"
#include "tables/fswalk.h"
#include "util/buf.h"
#include "util/hostfs.h"

#define EXIT_FINDINGS 3
#define PACK_MAX (16u << 20)

static const char usage_text[] =
	"usage: vigil audit [--root DIR] [--format text|json|junit|html] "
	"[--output FILE]\n"
	"                   [--fail-on low|medium|high|critical] "
	"[--only ID,...] [--skip ID,...]\n"
	"                   [--pack FILE]... [--no-builtin] "
	"[--waivers FILE] [--verbose] [--list]\n"
	"                   [--deep]\n";

/* Appends the comma-separated ids in arg to *list. */
static int add_ids(char ***list, size_t *n, const char *arg)
{
	char *copy = strdup(arg), *save = NULL, *tok;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char **l = reallocarray(*list, *n + 1, sizeof(**list));

		if (!l || !(l[*n] = strdup(tok))) {
			if (l)
				*list = l;
			free(copy);
			return -1;
		}
		*list = l;
		(*n)++;
	}
	free(copy);
	return 0;
}

static void free_ids(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/*
 * Reads a file vigil is given to obey (a pack, a waivers file): not
 * through hostfs, since it belongs to the operator, not to the host being
 * audited.  Refused when it is not a regular file or when users other
 * than its owner (root or us) can write it.  0, or -1 with err set.
 */
static int read_trusted(const char *path, struct buf *out, char *err,
			size_t errsize)
{
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errsize, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errsize, "not a regular file");
		close(fd);
		return -1;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) ||
	    (st.st_uid != 0 && st.st_uid != geteuid())) {
		snprintf(err, errsize,
			 "other users can write it (mode %04o, owner uid %u); "
			 "make it writable by its owner only",
			 (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid);
		close(fd);
		return -1;
	}
	for (;;) {
		if (buf_grow(out, 65536) < 0) {
			snprintf(err, errsize, "larger than %u bytes", PACK_MAX);
			close(fd);
			return -1;
		}
		n = read(fd, out->data + out->len, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
	close(fd);
	if (n < 0) {
		snprintf(err, errsize, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Prepares one statement to see that it compiles.  0, or -1 with err. */
static int sql_compiles(struct engine *e, const char *sql, char *err,
			size_t errsize)
{
	const char *p = sql;
	sqlite3_stmt *st;

	if (engine_prepare(e, &p, &st, err, errsize) < 0)
		return -1;
	if (!st) {
		snprintf(err, errsize, "empty query");
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

/* Checks the SQL of the checks p gained since index from.  0 or -1. */
static int validate(struct engine *e, const struct pack *p, size_t from,
		    const char *file)
{
	char err[512];
	size_t i;

	for (i = from; i < p->n; i++) {
		const struct check *c = &p->checks[i];

		if (sql_compiles(e, c->query, err, sizeof(err)) < 0) {
			fprintf(stderr,
				"vigil: cannot load pack '%s': check '%s': "
				"invalid query: %s\n",
				file, c->id, err);
			return -1;
		}
		if (c->applies &&
		    sql_compiles(e, c->applies, err, sizeof(err)) < 0) {
			fprintf(stderr,
				"vigil: cannot load pack '%s': check '%s': "
				"invalid applies query: %s\n",
				file, c->id, err);
			return -1;
		}
	}
	return 0;
}

static int load_builtin(struct engine *e, struct pack *p)
{
	const struct builtin_pack *b;
	char err[512];
	size_t n, i, from;

	b = pack_builtins(&n);
	for (i = 0; i < n; i++) {
		from = p->n;
		if (pack_parse(p, b[i].name, b[i].json, strlen(b[i].json), err,
			       sizeof(err)) < 0) {
			fprintf(stderr, "vigil: cannot load pack '%s': %s\n",
				b[i].name, err);
			return -1;
		}
		if (validate(e, p, from, b[i].name) < 0)
			return -1;
	}
	return 0;
}

/* A fleet manager's policy file (YAML) rather than a pack (JSON)? */
static bool is_yaml(const char *file)
{
	size_t n = strlen(file);

	return (n > 4 && strcmp(file + n - 4, ".yml") == 0) ||
	       (n > 5 && strcmp(file + n - 5, ".yaml") == 0);
}

static int load_user_pack(struct engine *e, struct pack *p, const char *file)
{
	struct buf b = BUF_INIT(PACK_MAX);
	char err[512];
	size_t from = p->n;
	int rc = -1;

	if (read_trusted(file, &b, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil: cannot load pack '%s': %s\n", file, err);
		goto out;
	}
	if ((is_yaml(file) ?
		     policy_parse_yaml(p, file, b.data ? b.data : "", b.len, err,
				       sizeof(err)) :
		     pack_parse(p, file, b.data ? b.data : "", b.len, err,
				sizeof(err))) < 0) {
		fprintf(stderr, "vigil: cannot load pack '%s': %s\n", file, err);
		goto out;
	}
	rc = validate(e, p, from, file);
out:
	buf_release(&b);
	return rc;
}

/*
 * Writes today's UTC date (SOURCE_DATE_EPOCH when set) as YYYY-MM-DD into
 * dst; returns -1 when the time does not convert or does not fit.
 */
static int today(char *dst, size_t size)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm;

	if (sde && *sde)
		t = (time_t)strtoll(sde, NULL, 10);
	if (!gmtime_r(&t, &tm) || strftime(dst, size, "%Y-%m-%d", &tm) == 0)
		return -1;
	return 0;
}

static int load_waivers(const char *file, const struct pack *p,
			struct waivers *w)
{
	struct buf b = BUF_INIT(PACK_MAX);
	char err[512], date[16];
	size_t i;
	int rc = -1;

	if (read_trusted(file, &b, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil: cannot load waivers '%s': %s\n", file, err);
		goto out;
	}
	if (today(date, sizeof(date)) < 0) {
		fprintf(stderr, "vigil: cannot load waivers '%s': cannot "
			"format today's date\n", file);
		goto out;
	}
	if (waivers_parse(w, b.data ? b.data : "", b.len, date, err,
			  sizeof(err)) < 0) {
		fprintf(stderr, "vigil: cannot load waivers '%s': %s\n", file,
			err);
		goto out;
	}
	for (i = 0; i < w->n; i++) {
		if (!pack_find(p, w->w[i].id))
			fprintf(stderr,
				"vigil: waiver in '%s' names unknown check "
				"'%s'\n",
				file, w->w[i].id);
		else if (w->w[i].expired)
			fprintf(stderr,
				"vigil: waiver for '%s' in '%s' expired on %s; "
				"the check runs\n",
				w->w[i].id, file, w->w[i].expires);
	}
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

static void list_checks(const struct pack *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		const struct check *c = &p->checks[i];

		printf("%-9s %-8s %-16s %s", c->id,
		       pack_severity_name(c->severity), c->theme, c->title);
		if (c->seed)
			printf(" [%s%s%s]", c->seed, c->section ? ": " : "",
			       c->section ? c->section : "");
		putchar('\n');
	}
}

static char *host_name(struct engine *e)
{
	const char *p = "SELECT hostname FROM system_info";
	sqlite3_stmt *st;
	char err[256], *name = NULL;

	if (engine_prepare(e, &p, &st, err, sizeof(err)) < 0 || !st)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		name = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return name;
}

/* True when a failed or errored check reaches the --fail-on severity. */
static bool reaches(const struct audit *a, int fail_on)
{
	size_t i;

	if (fail_on < 0)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct result *r = &a->results[i];

		if ((r->status == ST_FAIL || r->status == ST_ERROR) &&
		    (int)r->check->severity >= fail_on)
			return true;
	}
	return false;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "only", required_argument, NULL, 'O' },
		{ "skip", required_argument, NULL, 'S' },
		{ "pack", required_argument, NULL, 'p' },
		{ "no-builtin", no_argument, NULL, 'N' },
		{ "waivers", required_argument, NULL, 'w' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "list", no_argument, NULL, 'l' },
		{ "deep", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_filter filter = { NULL, 0, NULL, 0 };
	enum report_format format = REPORT_TEXT;
	struct report_meta meta = { NULL, NULL, false, false };
	struct waivers waivers = { NULL, 0 };
	struct pack pack = { NULL, 0, 0 };
	struct audit audit;
	struct engine *e = NULL;
	const char *output = NULL, *waivers_file = NULL;
	char **packs = NULL, err[256], *host = NULL;
	size_t npacks = 0, i;
	bool builtin = true, list = false;
	int c, fail_on = -1, rc = EXIT_FAIL;
	FILE *fp = stdout;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hf:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (cli_set_root(optarg) < 0)
				goto out;
			break;
		case 'f':
			if (report_parse_format(optarg, &format) < 0) {
				rc = cli_usage("audit: unknown format '%s' "
					       "(text, json, junit or html)",
					       optarg);
				goto out;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case 'F':
			fail_on = pack_severity_parse(optarg);
			if (fail_on < 0) {
				rc = cli_usage("audit: unknown severity '%s' "
					       "(low, medium, high or critical)",
					       optarg);
				goto out;
			}
			break;
		case 'O':
		case 'S':
			if ((c == 'O' ? add_ids(&filter.only, &filter.nonly, optarg) :
					add_ids(&filter.skip, &filter.nskip,
						optarg)) < 0)
				goto out;
			break;
		case 'p':
			if (add_ids(&packs, &npacks, optarg) < 0)
				goto out;
			break;
		case 'N':
			builtin = false;
			break;
		case 'w':
			waivers_file = optarg;
			break;
		case 'v':
			meta.verbose = true;
			break;
		case 'l':
			list = true;
			break;
		case 'D':
			fswalk_set_deep(true);
			break;
		case 'h':
			fputs(usage_text, stdout);
			rc = EXIT_OK;
			goto out;
		default:
			rc = cli_usage("audit: unknown option '%s'",
				       argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		rc = cli_usage("audit: unexpected argument '%s'", argv[optind]);
		goto out;
	}
	e = engine_open(err, sizeof(err));
	if (!e) {
		fprintf(stderr, "vigil: cannot start the SQL engine: %s\n", err);
		goto out;
	}
	if (builtin && load_builtin(e, &pack) < 0)
		goto out;
	for (i = 0; i < npacks; i++)
		if (load_user_pack(e, &pack, packs[i]) < 0)
			goto out;
	for (i = 0; i < filter.nonly + filter.nskip; i++) {
		const char *id = i < filter.nonly ? filter.only[i] :
						    filter.skip[i - filter.nonly];

		if (!pack_find(&pack, id)) {
			fprintf(stderr, "vigil: unknown check '%s' (see vigil "
					"audit --list)\n", id);
			goto out;
		}
	}
	if (list) {
		list_checks(&pack);
		rc = EXIT_OK;
		goto out;
	}
	if (waivers_file && load_waivers(waivers_file, &pack, &waivers) < 0)
		goto out;
	if (output) {
		fp = fopen(output, "we");
		if (!fp) {
			fprintf(stderr, "vigil: cannot write report '%s': %s\n",
				output, strerror(errno));
			fp = stdout;
			goto out;
		}
	}
	if (audit_run(e, &pack, &filter, &waivers, &audit) < 0) {
		fputs("vigil: audit failed: out of memory\n", stderr);
		goto out;
	}
	host = host_name(e);
	meta.host = host;
	meta.root = hostfs_root();
	meta.color = format == REPORT_TEXT && !output && isatty(STDOUT_FILENO) &&
		     !getenv("NO_COLOR");
	if (report_write(fp, format, &audit, &meta) < 0) {
		fprintf(stderr, "vigil: cannot write report '%s': %s\n",
			output ? output : "standard output", strerror(errno));
	} else {
		rc = reaches(&audit, fail_on) ? EXIT_FINDINGS : EXIT_OK;
	}
	audit_release(&audit);
out:
	if (fp != stdout && fclose(fp) != 0 && rc != EXIT_FAIL) {
		fprintf(stderr, "vigil: cannot write report '%s': %s\n", output,
			strerror(errno));
		rc = EXIT_FAIL;
	}
	free(host);
	waivers_release(&waivers);
	pack_release(&pack);
	engine_free(e);
	free_ids(filter.only, filter.nonly);
	free_ids(filter.skip, filter.nskip);
	free_ids(packs, npacks);
	return rc;
}
