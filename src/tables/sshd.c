/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sshd.c: sshd_config, the effective configuration of the OpenSSH server
 * as sshd would read it from /etc/ssh/sshd_config and what it includes.
 *
 * Columns (one row a setting in force):
 *   keyword  the keyword, lowercase, aliases under their canonical name
 *            (challengeresponseauthentication is shown as
 *            kbdinteractiveauthentication)
 *   value    its arguments, unquoted, joined by single spaces, their case
 *            kept ("prohibit-password", "AF_INET")
 *   match    the criteria of the Match block the line is in ("User bob",
 *            "Address 10.0.0.0/8"); NULL for a global setting.  Rows with
 *            a match apply only to connections that match, and override
 *            the global rows for them (sshd's Match semantics); they are
 *            never folded into the global rows
 *   source   "file" for a line of a file, "default" for OpenSSH 9.2's
 *            compiled-in default (Debian 12's build) of a keyword no
 *            global line sets
 *   file     the file the line is in (the main file or an included one);
 *            NULL for a default
 *   line     its line number; NULL for a default
 * For most keywords only the first value counts, as sshd takes it; the
 * last counts for MaxStartups, PerSourceMaxStartups,
 * PerSourceNetBlockSize, IPQoS, StreamLocalBindMask and FingerprintHash;
 * every line counts (one row each) for Port, ListenAddress, HostKey,
 * HostCertificate, AcceptEnv, AllowUsers, DenyUsers, AllowGroups,
 * DenyGroups and Subsystem.  The same rules hold inside each Match block.
 * Include follows glob patterns relative to /etc/ssh, in lexical order,
 * up to 16 levels deep; an Include loop is cut where it would reopen a
 * file already being read (sshd itself would recurse to its depth limit
 * and refuse to start).  Lines sshd refuses (an unterminated quote, no
 * argument) and keywords it ignores (Protocol, UsePrivilegeSeparation
 * ...) give no row; unknown keywords do, lowercased, since they stop sshd
 * from starting.  See sshdparse.h for every rule.
 *
 * No /etc/ssh/sshd_config, no rows: sshd does not start without it.
 *
 * Required constraints: none.  Privileges: none on Debian (the files are
 * world readable); root where /etc/ssh is private.
 *
 * Example:
 *   SELECT keyword, value, source FROM sshd_config WHERE match IS NULL
 *     AND keyword IN ('permitrootlogin', 'passwordauthentication',
 *                     'permitemptypasswords', 'x11forwarding');
 *
 * How it works: the main file is read through hostfs and handed to
 * sshdparse_text() with a reader whose glob expands each pattern one
 * directory level at a time (hostfs_opendir and fnmatch(3), leading dots
 * matched only by a leading dot, as glob(3) does) and whose load reads
 * regular files through hostfs; the paths it finds are normalised ("/x/.."
 * collapses) so that a loop through ".." is seen as one.  A pattern of
 * more than 64 components, or with more than 32 wildcards in one, matches
 * nothing; one pattern yields at most 4096 files.
 * sshdparse_defaults() fills in the rest.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sql/table.h"
#include "tables/sshdparse.h"
#include "util/buf.h"
#include "util/hostfs.h"

#define SSHD_CONFIG SSHD_DIR "/sshd_config"
/* Largest main file read. */
#define MAIN_FILE_MAX (4u << 20)
/* Paths one Include pattern may expand to, and entries of one directory
 * looked at. */
#define GLOB_RESULTS_MAX 4096
#define GLOB_DIR_MAX 65536
/* Pattern components followed, and wildcards in one component: past
 * them a pattern matches nothing (fnmatch(3) backtracks on many '*'). */
#define GLOB_DEPTH_MAX 64
#define GLOB_WILDCARDS_MAX 32

/* ---------------------------------------------------------------- */
/* The reader: glob(3) and file reads under the root */

struct globres {
	char **v;
	size_t n, alloc;
};

/*
 * Normalises an absolute path lexically in place ("//", "/./" and "/x/.."
 * collapse), so that "/etc/ssh/../ssh/sshd_config" is recognised as the
 * file already being read.
 */
static void normalize(char *p)
{
	char *out = p, *in = p;

	while (*in) {
		if (in[0] == '/' && in[1] == '/') {
			in++;
		} else if (in[0] == '/' && in[1] == '.' &&
			   (in[2] == '/' || in[2] == '\0')) {
			in += 2;
		} else if (in[0] == '/' && in[1] == '.' && in[2] == '.' &&
			   (in[3] == '/' || in[3] == '\0')) {
			in += 3;
			while (out > p && *--out != '/')
				;
		} else {
			*out++ = *in++;
		}
	}
	if (out == p)
		*out++ = '/';
	*out = '\0';
}

static int globres_add(struct globres *g, const char *path)
{
	char *p;

	if (g->n >= GLOB_RESULTS_MAX)
		return 0;
	if (g->n == g->alloc) {
		size_t na = g->alloc ? g->alloc * 2 : 16;
		char **v = reallocarray(g->v, na, sizeof(*v));

		if (!v)
			return -1;
		g->v = v;
		g->alloc = na;
	}
	p = strdup(path);
	if (!p)
		return -1;
	normalize(p);
	g->v[g->n++] = p;
	return 0;
}

/* How many wildcard characters s[0..n) holds. */
static size_t wildcards(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += s[i] == '*' || s[i] == '?' || s[i] == '[' || s[i] == '\\';
	return k;
}

/*
 * Expands the components of rest (a '/'-separated pattern) below dir (a
 * host path, "" for the root), depth components down already.  0, or -1
 * when memory runs out.
 */
/* NOLINTNEXTLINE(misc-no-recursion): GLOB_DEPTH_MAX bounds it */
static int expand(const char *dir, const char *rest, int depth,
		  struct globres *g)
{
	char comp[NAME_MAX + 1], path[PATH_MAX];
	const char *slash;
	size_t n;
	int rc = 0;

	while (*rest == '/')
		rest++;
	if (!*rest) {
		struct stat st;

		if (*dir && hostfs_lstat(dir, &st) == 0)
			return globres_add(g, dir);
		return 0;
	}
	slash = strchr(rest, '/');
	n = slash ? (size_t)(slash - rest) : strlen(rest);
	if (n > NAME_MAX || depth >= GLOB_DEPTH_MAX ||
	    wildcards(rest, n) > GLOB_WILDCARDS_MAX)
		return 0;
	memcpy(comp, rest, n);
	comp[n] = '\0';
	rest += n;
	if (!wildcards(comp, n)) {
		if (snprintf(path, sizeof(path), "%s/%s", dir, comp) >=
		    (int)sizeof(path))
			return 0;
		return expand(path, rest, depth + 1, g);
	} else {
		struct dirent *de;
		DIR *d = hostfs_opendir(*dir ? dir : "/", 0);
		size_t seen = 0;

		if (!d)
			return 0;
		while (rc == 0 && (de = readdir(d)) != NULL &&
		       seen++ < GLOB_DIR_MAX) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0 ||
			    fnmatch(comp, de->d_name, FNM_PERIOD) != 0)
				continue;
			if (snprintf(path, sizeof(path), "%s/%s", dir,
				     de->d_name) >= (int)sizeof(path))
				continue;
			rc = expand(path, rest, depth + 1, g);
		}
		closedir(d);
	}
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int host_glob(void *ctx, const char *pattern, char ***paths,
		     size_t *n)
{
	struct globres g = { NULL, 0, 0 };
	size_t i;

	(void)ctx;
	*paths = NULL;
	*n = 0;
	if (pattern[0] != '/')
		return 0;
	if (expand("", pattern, 0, &g) < 0) {
		for (i = 0; i < g.n; i++)
			free(g.v[i]);
		free(g.v);
		return -1;
	}
	if (g.n > 1)
		qsort(g.v, g.n, sizeof(*g.v), cmp_path);
	*paths = g.v;
	*n = g.n;
	return 0;
}

static int host_load(void *ctx, const char *path, struct buf *out)
{
	struct stat st;
	bool cut = false;

	(void)ctx;
	if (hostfs_stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return -1;
	if (hostfs_read_file(path, out->cap, 0, out, &cut) < 0 || cut)
		return -1;
	return 0;
}

/* ---------------------------------------------------------------- */
/* sshd_config */

enum {
	SC_KEYWORD,
	SC_VALUE,
	SC_MATCH,
	SC_SOURCE,
	SC_FILE,
	SC_LINE,
	SC_NCOLS
};

static const struct column sshd_cols[] = {
	{ "keyword", COL_TEXT, 0,
	  "The keyword, lowercase, under its canonical name." },
	{ "value", COL_TEXT, 0,
	  "Its arguments, unquoted and joined by single spaces." },
	{ "match", COL_TEXT, 0,
	  "The criteria of the Match block the setting is in; NULL for a "
	  "global setting." },
	{ "source", COL_TEXT, 0,
	  "\"file\" for a configured line, \"default\" for OpenSSH's "
	  "compiled-in default." },
	{ "file", COL_TEXT, 0,
	  "The file holding the line (NULL for a default)." },
	{ "line", COL_INTEGER, 0,
	  "The line number in that file (NULL for a default)." },
};

_Static_assert(TABLE_NCOLS(sshd_cols) == SC_NCOLS,
	       "sshd_config column enum and array disagree");

static int sshd_generate(struct qctx *q)
{
	static const struct sshd_reader rd = { host_glob, host_load, NULL };
	struct buf b = BUF_INIT(MAIN_FILE_MAX);
	struct sshd_config c;
	struct stat st;
	char err[128];
	size_t i;
	int rc = 0;

	sshdparse_init(&c);
	/* No configuration, no rows (a FIFO is not read: it could block). */
	if (hostfs_stat(SSHD_CONFIG, &st) < 0 || !S_ISREG(st.st_mode) ||
	    hostfs_read_file(SSHD_CONFIG, MAIN_FILE_MAX, 0, &b, NULL) < 0)
		goto out;
	if (sshdparse_text(&c, SSHD_CONFIG, b.data ? b.data : "", b.len, &rd,
			   err, sizeof(err)) < 0 ||
	    sshdparse_defaults(&c, err, sizeof(err)) < 0) {
		rc = qctx_error(q, "sshd_config: %s", err);
		goto out;
	}
	for (i = 0; i < c.n && rc == 0; i++) {
		const struct sshd_entry *e = &c.v[i];

		if (qctx_row(q) < 0) {
			rc = -1;
			break;
		}
		qctx_set_text(q, SC_KEYWORD, e->keyword);
		qctx_set_text(q, SC_VALUE, e->value);
		qctx_set_text(q, SC_MATCH, e->match);
		qctx_set_text(q, SC_SOURCE, e->is_default ? "default" : "file");
		if (!e->is_default) {
			qctx_set_text(q, SC_FILE, e->file);
			qctx_set_int(q, SC_LINE, e->line);
		}
	}
out:
	sshdparse_release(&c);
	buf_release(&b);
	return rc;
}

static const struct table sshd_table = {
	.name = "sshd_config",
	.desc = "The OpenSSH server's effective settings: sshd_config and "
		"its includes, Match blocks, and compiled-in defaults.",
	.cols = sshd_cols,
	.ncols = SC_NCOLS,
	.generate = sshd_generate,
};

TABLE_REGISTER(sshd_table);
