/* SPDX-License-Identifier: Apache-2.0 */
/*
 * authcfg.c: login_defs and pam, how local logins and passwords are
 * configured.
 *
 * login_defs (one row a setting of /etc/login.defs, the last one when a
 * name is set twice, as shadow keeps it, in line order):
 *   key    the setting's name as written ("ENCRYPT_METHOD", "UMASK")
 *   value  its value: what follows the name, leading blanks and quotes
 *          skipped, up to a double quote or the end of the line (shadow
 *          keeps a trailing "# comment" as part of the value, and so does
 *          this table)
 *   file   /etc/login.defs
 *   line   the line that sets it
 * Unknown names are listed: shadow only warns about them.
 *
 * pam (one row a rule of each file of /etc/pam.d, in file-name order and
 * then line order; continued lines make one rule):
 *   service          the file's name ("sshd", "common-auth")
 *   type             auth, account, password or session (lowercased; any
 *                    other word as written, which PAM treats as a rule
 *                    that always fails); "include" for Debian's
 *                    "@include FILE" lines
 *   optional_module  1 when the type had a leading '-' (a missing module
 *                    is then skipped silently), else 0
 *   control          required, requisite, sufficient, optional, include
 *                    or substack (lowercased), or the "[value=action ...]"
 *                    group as written; NULL for @include or when missing
 *   module           the module path ("pam_unix.so") or, for include,
 *                    substack and @include, the file named; NULL when
 *                    missing
 *   arguments        the rest of the rule, blanks at both ends cut and
 *                    each run of blanks made one space, as PAM splits them
 *                    ("nullok try_first_pass"; a "[...]" argument is kept
 *                    as written); NULL when none
 *   file, line       the file and the rule's first line
 * Includes are rows, not followed: join on module = service to walk a
 * stack (common-auth is its own service here).  /etc/pam.conf is not
 * read: Linux-PAM ignores it when /etc/pam.d exists.
 *
 * Required constraints: none.  pam narrows its work on service = 'name'
 * (only that file is read).  Privileges: none; both are world readable.
 *
 * Examples:
 *   SELECT value FROM login_defs WHERE key = 'ENCRYPT_METHOD';
 *   SELECT service, line FROM pam
 *     WHERE module LIKE '%pam_unix.so' AND arguments LIKE '%nullok%';
 *
 * How it works: each file is read whole (bounded) through hostfs and cut
 * by authparse.c.  Lines over 64 KiB are skipped.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "sql/table.h"
#include "tables/authparse.h"
#include "util/buf.h"
#include "util/hostfs.h"

#define LOGIN_DEFS "/etc/login.defs"
#define PAM_DIR "/etc/pam.d"
/* Largest file read; services listed. */
#define AUTH_FILE_MAX (4u << 20)
#define PAM_SERVICES_MAX 4096

/* ---------------------------------------------------------------- */
/* login_defs */

enum {
	LD_KEY,
	LD_VALUE,
	LD_FILE,
	LD_LINE,
	LD_NCOLS
};

static const struct column login_defs_cols[] = {
	{ "key", COL_TEXT, 0, "The setting's name, as written." },
	{ "value", COL_TEXT, 0,
	  "Its value, as shadow reads it (quotes removed)." },
	{ "file", COL_TEXT, 0, "The file read (/etc/login.defs)." },
	{ "line", COL_INTEGER, 0, "The line that sets the value in force." },
};

_Static_assert(TABLE_NCOLS(login_defs_cols) == LD_NCOLS,
	       "login_defs column enum and array disagree");

static int login_defs_generate(struct qctx *q)
{
	struct buf b = BUF_INIT(AUTH_FILE_MAX);
	struct authparse_def *defs = NULL;
	struct stat st;
	char err[128];
	size_t n = 0, i;
	int rc = 0;

	/* No file, no rows (a FIFO is not read: it could block). */
	if (hostfs_stat(LOGIN_DEFS, &st) < 0 || !S_ISREG(st.st_mode) ||
	    hostfs_read_file(LOGIN_DEFS, AUTH_FILE_MAX, 0, &b, NULL) < 0)
		goto out;
	if (authparse_logindefs(b.data ? b.data : "", b.len, &defs, &n, NULL,
				err, sizeof(err)) < 0) {
		rc = qctx_error(q, "login_defs: %s", err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (qctx_row(q) < 0) {
			rc = -1;
			break;
		}
		qctx_set_textn(q, LD_KEY, defs[i].name, defs[i].name_len);
		qctx_set_textn(q, LD_VALUE, defs[i].value, defs[i].value_len);
		qctx_set_text(q, LD_FILE, LOGIN_DEFS);
		qctx_set_int(q, LD_LINE, defs[i].line);
	}
out:
	free(defs);
	buf_release(&b);
	return rc;
}

static const struct table login_defs_table = {
	.name = "login_defs",
	.desc = "Settings of shadow's /etc/login.defs (password aging, "
		"hashing, UMASK ...).",
	.cols = login_defs_cols,
	.ncols = LD_NCOLS,
	.generate = login_defs_generate,
};

TABLE_REGISTER(login_defs_table);

/* ---------------------------------------------------------------- */
/* pam */

enum {
	PM_SERVICE,
	PM_TYPE,
	PM_OPTIONAL_MODULE,
	PM_CONTROL,
	PM_MODULE,
	PM_ARGUMENTS,
	PM_FILE,
	PM_LINE,
	PM_NCOLS
};

static const struct column pam_cols[] = {
	{ "service", COL_TEXT, COL_INDEX,
	  "The service: the file's name under /etc/pam.d." },
	{ "type", COL_TEXT, 0,
	  "auth, account, password or session; include for an @include "
	  "line." },
	{ "optional_module", COL_INTEGER, 0,
	  "1 when the type has a leading '-' (a missing module is skipped)." },
	{ "control", COL_TEXT, 0,
	  "The control: required, requisite, sufficient, optional, include, "
	  "substack or a [value=action] group." },
	{ "module", COL_TEXT, 0,
	  "The module, or the file an include, substack or @include names." },
	{ "arguments", COL_TEXT, 0,
	  "The module's arguments, separated by single spaces; NULL when "
	  "none." },
	{ "file", COL_TEXT, 0, "The file holding the rule." },
	{ "line", COL_INTEGER, 0, "The rule's first line in that file." },
};

_Static_assert(TABLE_NCOLS(pam_cols) == PM_NCOLS,
	       "pam column enum and array disagree");

/* Sets col to the span, lowercased when it is one of words. */
static void set_word(struct qctx *q, int col, const char *s, size_t n,
		     const char *const *words)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; words[i]; i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0) {
			qctx_set_text(q, col, words[i]);
			return;
		}
	qctx_set_textn(q, col, s, n);
}

static int pam_file(struct qctx *q, const char *service)
{
	static const char *const types[] = { "auth", "account", "password",
					     "session", NULL };
	static const char *const controls[] = { "required", "requisite",
						"sufficient", "optional",
						"include", "substack", NULL };
	struct buf b = BUF_INIT(AUTH_FILE_MAX);
	struct buf scratch = BUF_INIT(AUTHPARSE_LINE_MAX + 1);
	struct authparse_pamiter it;
	struct authparse_pam r;
	char path[4096];
	struct stat st;
	int rc = 0, k;

	if (hostfs_join(path, sizeof(path), PAM_DIR, service) < 0 ||
	    hostfs_stat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    hostfs_read_file(path, AUTH_FILE_MAX, 0, &b, NULL) < 0)
		goto out;
	authparse_pam_start(&it, b.data ? b.data : "", b.len);
	while ((k = authparse_pam_next(&it, &scratch, &r, NULL, 0)) != 0) {
		if (k == -2) {
			rc = qctx_error(q, "pam: out of memory");
			break;
		}
		if (k < 0)
			continue;
		if (qctx_row(q) < 0) {
			rc = -1;
			break;
		}
		qctx_set_text(q, PM_SERVICE, service);
		if (r.include)
			qctx_set_text(q, PM_TYPE, "include");
		else
			set_word(q, PM_TYPE, r.type, r.type_len, types);
		qctx_set_int(q, PM_OPTIONAL_MODULE, r.optional_module);
		set_word(q, PM_CONTROL, r.control, r.control_len, controls);
		if (r.module)
			qctx_set_textn(q, PM_MODULE, r.module, r.module_len);
		if (r.args)
			qctx_set_textn(q, PM_ARGUMENTS, r.args, r.args_len);
		qctx_set_text(q, PM_FILE, path);
		qctx_set_int(q, PM_LINE, r.line);
	}
out:
	buf_release(&b);
	buf_release(&scratch);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A service name that names a file directly in /etc/pam.d. */
static bool service_ok(const char *s)
{
	return *s && *s != '.' && !strchr(s, '/');
}

static int pam_generate(struct qctx *q)
{
	const char *const *vals;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	struct dirent *de;
	DIR *d;
	int nv, rc = 0;

	nv = qctx_values(q, PM_SERVICE, QOP_EQ, &vals);
	if (nv > 0) {
		for (i = 0; i < (size_t)nv && rc == 0; i++)
			if (service_ok(vals[i]))
				rc = pam_file(q, vals[i]);
		return rc;
	}
	d = hostfs_opendir(PAM_DIR, 0);
	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL && n < PAM_SERVICES_MAX) {
		if (!service_ok(de->d_name))
			continue;
		if (n == alloc) {
			size_t na = alloc ? alloc * 2 : 64;
			char **p = reallocarray(names, na, sizeof(*p));

			if (!p)
				break;
			names = p;
			alloc = na;
		}
		names[n] = strdup(de->d_name);
		if (!names[n])
			break;
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		if (rc == 0)
			rc = pam_file(q, names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

static const struct table pam_table = {
	.name = "pam",
	.desc = "Rules of the PAM stacks in /etc/pam.d.",
	.cols = pam_cols,
	.ncols = PM_NCOLS,
	.generate = pam_generate,
};

TABLE_REGISTER(pam_table);
