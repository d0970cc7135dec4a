/* SPDX-License-Identifier: Apache-2.0 */
/*
 * access.c: the shadow, sudoers and crontab tables: who may log in with a
 * password, who may run what as whom, and what runs on a schedule.
 *
 * shadow (one row a valid line of /etc/shadow, in file order; acctparse.c
 * reads it as glibc's getspent() does):
 *   username             the first field
 *   password_status      osquery's reading of the password field:
 *                        "not_set" ("!!"), "locked" (starts with '!', '*'
 *                        or 'x'), "empty", or "active"
 *   hash_alg             the crypt(3) id of "$id$..." ("6", "y"), NULL
 *                        when the field is not such a hash
 *   last_change, min, max, warning, inactive, expire, flag
 *                        the numeric fields; -1 when empty, as glibc and
 *                        osquery report them
 * sudoers (one row an entry of /etc/sudoers and the files it includes):
 *   source               the file the entry is in
 *   header               the entry's first word ("Defaults", "root",
 *                        "%sudo", "@includedir")
 *   rule_details         the rest of the entry, continuation lines joined
 * crontab (one row an entry of /etc/crontab, of each file in /etc/cron.d,
 *   /var/at/tabs, /var/spool/cron and /var/spool/cron/crontabs):
 *   event                an @special schedule ("@reboot"), else NULL
 *   minute, hour, day_of_month, month, day_of_week
 *                        the time fields, NULL for an @special entry
 *   command              the rest of the line, as written (in system
 *                        crontabs it starts with the user, as in osquery)
 *   path                 the file
 *   pid_with_namespace   always NULL: vigil reads the files under its root
 *                        only, never another mount namespace
 *
 * Required constraints: none.  shadow narrows on username = 'x'.
 *
 * Privileges: root for shadow and sudoers (both are readable by root
 * only; without it the tables are empty) and for other users' crontabs
 * in /var/spool/cron/crontabs.
 *
 * Example:
 *   SELECT username FROM shadow WHERE password_status = 'active'
 *     AND hash_alg NOT IN ('y', '6');
 *   SELECT source, header, rule_details FROM sudoers
 *     WHERE rule_details LIKE '%NOPASSWD%';
 *
 * How it works: each file is read whole through hostfs (bounded) and cut
 * into lines for acctparse.c.  The shadow buffer is wiped before it is
 * freed.  sudoers follows #include and @include (relative paths from the
 * including file's directory) and #includedir and @includedir (the
 * directory's regular files whose names hold no '.' and do not end in
 * '~', in name order, as sudo reads them), to a depth of SUDO_MAX_DEPTH
 * files and at most SUDO_MAX_FILES files in all; a file already being read
 * higher up the include chain (compared by device and inode) is not read
 * again, so an include loop ends with the entries read so far.  The
 * include entries themselves are rows, as in osquery.  crontab lists each
 * directory in name order; the spool directories hold users' files and
 * are read without following symlinks.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sql/table.h"
#include "tables/acctparse.h"
#include "tables/homes.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Largest /etc/shadow read; a longer one is cut at its last whole line. */
#define SHADOW_FILE_MAX (16u << 20)
/* Largest sudoers file or crontab read. */
#define SUDO_FILE_MAX (1u << 20)
#define CRON_FILE_MAX (1u << 20)
/* sudoers(5): no more than 128 files may be nested. */
#define SUDO_MAX_DEPTH 128
/* Files read in all for one scan, however the includes fan out. */
#define SUDO_MAX_FILES 1024
/* Entries of one include or cron directory taken. */
#define DIR_MAX_ENTRIES 4096

enum shadow_col {
	SH_PASSWORD_STATUS,
	SH_HASH_ALG,
	SH_LAST_CHANGE,
	SH_MIN,
	SH_MAX,
	SH_WARNING,
	SH_INACTIVE,
	SH_EXPIRE,
	SH_FLAG,
	SH_USERNAME,
	SH_NCOLS
};

static const struct column shadow_cols[] = {
	{ "password_status", COL_TEXT, 0,
	  "Password state: not_set (\"!!\"), locked (starts with !, * or x), "
	  "empty, or active." },
	{ "hash_alg", COL_TEXT, 0,
	  "The crypt(3) hash id of the password (\"6\" SHA-512, \"y\" "
	  "yescrypt), NULL when the field holds no \"$id$\" hash." },
	{ "last_change", COL_BIGINT, 0,
	  "Day of the last password change, in days since 1970-01-01 "
	  "(-1 when empty)." },
	{ "min", COL_BIGINT, 0,
	  "Minimum days between password changes (-1 when empty)." },
	{ "max", COL_BIGINT, 0,
	  "Maximum days a password is valid (-1 when empty)." },
	{ "warning", COL_BIGINT, 0,
	  "Days of warning before the password expires (-1 when empty)." },
	{ "inactive", COL_BIGINT, 0,
	  "Days after expiry until the account is disabled (-1 when empty)." },
	{ "expire", COL_BIGINT, 0,
	  "Day the account expires, in days since 1970-01-01 "
	  "(-1 when empty)." },
	{ "flag", COL_BIGINT, 0,
	  "The reserved last field (-1 when empty)." },
	{ "username", COL_TEXT, COL_INDEX | COL_OPTIMIZED,
	  "User name, the first field of /etc/shadow." },
};
_Static_assert(TABLE_NCOLS(shadow_cols) == SH_NCOLS, "shadow columns");

enum sudoers_col {
	SU_SOURCE,
	SU_HEADER,
	SU_RULE_DETAILS,
	SU_NCOLS
};

static const struct column sudoers_cols[] = {
	{ "source", COL_TEXT, 0,
	  "The sudoers file the entry was read from." },
	{ "header", COL_TEXT, 0,
	  "The entry's first word: a user, %group, alias type, Defaults, or "
	  "an include directive." },
	{ "rule_details", COL_TEXT, 0,
	  "The rest of the entry, with continuation lines joined." },
};
_Static_assert(TABLE_NCOLS(sudoers_cols) == SU_NCOLS, "sudoers columns");

enum crontab_col {
	CR_EVENT,
	CR_MINUTE,
	CR_HOUR,
	CR_DAY_OF_MONTH,
	CR_MONTH,
	CR_DAY_OF_WEEK,
	CR_COMMAND,
	CR_PATH,
	CR_PID_WITH_NAMESPACE,
	CR_NCOLS
};

static const struct column crontab_cols[] = {
	{ "event", COL_TEXT, 0,
	  "The @special schedule (@reboot, @daily ...), NULL for a timed "
	  "entry." },
	{ "minute", COL_TEXT, 0, "The minute field." },
	{ "hour", COL_TEXT, 0, "The hour field." },
	{ "day_of_month", COL_TEXT, 0, "The day of month field." },
	{ "month", COL_TEXT, 0, "The month field." },
	{ "day_of_week", COL_TEXT, 0, "The day of week field." },
	{ "command", COL_TEXT, 0,
	  "The rest of the line: the command, preceded by the user in "
	  "system crontabs." },
	{ "path", COL_TEXT, 0, "The crontab file the entry was read from." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the files under its root, "
	  "not other mount namespaces." },
};
_Static_assert(TABLE_NCOLS(crontab_cols) == CR_NCOLS, "crontab columns");

static void set_str(struct qctx *q, int col, struct acct_str s)
{
	if (s.p)
		qctx_set_textn(q, col, s.p, s.n);
}

/* The next line of b from *pos (without its newline); NULL at the end. */
static char *next_line(const struct buf *b, size_t *pos, size_t *len)
{
	char *start, *nl;

	if (!b->data || *pos >= b->len)
		return NULL;
	start = b->data + *pos;
	nl = memchr(start, '\n', b->len - *pos);
	*len = nl ? (size_t)(nl - start) : b->len - *pos;
	*pos += *len + 1;
	return start;
}

/* ---- shadow ----------------------------------------------------------- */

static bool name_wanted(const char *const *vals, int n, struct acct_str s)
{
	int i;

	if (n == 0)
		return true;
	for (i = 0; i < n; i++) {
		if (strlen(vals[i]) == s.n && memcmp(vals[i], s.p, s.n) == 0)
			return true;
	}
	return false;
}

static int shadow_generate(struct qctx *q)
{
	const char *const *names;
	struct buf b = BUF_INIT(SHADOW_FILE_MAX);
	struct acct_shadow sp;
	struct stat st;
	size_t pos = 0, len;
	char *line;
	int nnames, rc = -1;

	nnames = qctx_values(q, SH_USERNAME, QOP_EQ, &names);
	if (homes_read_file("/etc/shadow", 0, SHADOW_FILE_MAX, &b, &st) < 0) {
		if (errno == ENOMEM)
			return qctx_error(q, "reading /etc/shadow: out of memory");
		return 0;
	}
	while ((line = next_line(&b, &pos, &len))) {
		if (acct_shadow_parse(line, len, &sp, NULL, 0) < 0 ||
		    !name_wanted(names, nnames, sp.name))
			continue;
		if (qctx_row(q) < 0)
			goto out;
		qctx_set_text(q, SH_PASSWORD_STATUS, sp.password_status);
		set_str(q, SH_HASH_ALG, sp.hash_alg);
		qctx_set_int(q, SH_LAST_CHANGE, sp.last_change);
		qctx_set_int(q, SH_MIN, sp.min);
		qctx_set_int(q, SH_MAX, sp.max);
		qctx_set_int(q, SH_WARNING, sp.warning);
		qctx_set_int(q, SH_INACTIVE, sp.inactive);
		qctx_set_int(q, SH_EXPIRE, sp.expire);
		qctx_set_int(q, SH_FLAG, sp.flag);
		set_str(q, SH_USERNAME, sp.name);
	}
	rc = 0;
out:
	/* Password hashes: wipe them before the memory is reused. */
	if (b.data)
		explicit_bzero(b.data, b.alloc);
	buf_release(&b);
	return rc;
}

/* ---- sudoers ---------------------------------------------------------- */

/* One scan's walk: the files open up the include chain, and a budget. */
struct sudo_walk {
	struct qctx *q;
	dev_t dev[SUDO_MAX_DEPTH];
	ino_t ino[SUDO_MAX_DEPTH];
	int depth;
	int files;
};

static int sudo_file(struct sudo_walk *w, const char *path);


/* sudoers(5): names holding '.' or ending in '~' are skipped. */
static bool sudo_name(int dirfd, const struct dirent *de, void *arg)
{
	size_t l = strlen(de->d_name);

	(void)dirfd;
	(void)arg;
	return !strchr(de->d_name, '.') && de->d_name[l - 1] != '~';
}

/* Reads the files of an include directory, in name order. */
/* NOLINTNEXTLINE(misc-no-recursion): SUDO_MAX_DEPTH bounds it */
static int sudo_dir(struct sudo_walk *w, const char *dir)
{
	struct hostfs_names names;
	char path[PATH_MAX];
	size_t i;
	int rc = 0;

	if (hostfs_list(dir, 0, DIR_MAX_ENTRIES, sudo_name, NULL, &names) < 0)
		return errno == ENOMEM ? qctx_error(w->q, "sudoers: out of memory")
				       : 0;
	for (i = 0; i < names.n && rc == 0; i++)
		if (hostfs_join(path, sizeof(path), dir, names.v[i]) == 0)
			rc = sudo_file(w, path);
	hostfs_names_release(&names);
	return rc;
}

/* Resolves an include path against the including file's directory. */
static int sudo_resolve(char *dst, size_t size, const char *from,
			struct acct_str inc)
{
	const char *slash = strrchr(from, '/');
	int n;

	if (inc.n > ACCT_LINE_MAX)
		return -1;
	if (inc.n && inc.p[0] == '/')
		n = snprintf(dst, size, "%.*s", (int)inc.n, inc.p);
	else
		n = snprintf(dst, size, "%.*s/%.*s",
			     slash ? (int)(slash - from) : 0, from,
			     (int)inc.n, inc.p);
	if (n < 0 || (size_t)n >= size)
		return -1;
	return 0;
}

/* NOLINTNEXTLINE(misc-no-recursion): SUDO_MAX_DEPTH bounds it */
static int sudo_file(struct sudo_walk *w, const char *path)
{
	struct buf b = BUF_INIT(SUDO_FILE_MAX);
	struct acct_sudo_entry ent;
	struct stat st;
	char inc[PATH_MAX];
	size_t pos = 0;
	int i, r, rc = -1;

	if (w->depth >= SUDO_MAX_DEPTH || w->files >= SUDO_MAX_FILES)
		return 0;
	if (homes_read_file(path, 0, SUDO_FILE_MAX, &b, &st) < 0) {
		if (errno == ENOMEM)
			return qctx_error(w->q, "sudoers: out of memory");
		return 0;
	}
	for (i = 0; i < w->depth; i++) {
		if (w->dev[i] == st.st_dev && w->ino[i] == st.st_ino) {
			/* An include loop: this file is being read already. */
			rc = 0;
			goto out;
		}
	}
	w->dev[w->depth] = st.st_dev;
	w->ino[w->depth] = st.st_ino;
	w->depth++;
	w->files++;
	while ((r = acct_sudoers_next(b.data, b.len, &pos, &ent, NULL, 0))) {
		if (r < 0)
			continue;
		if (qctx_row(w->q) < 0)
			goto pop;
		qctx_set_text(w->q, SU_SOURCE, path);
		qctx_set_text(w->q, SU_HEADER, ent.header);
		qctx_set_textn(w->q, SU_RULE_DETAILS, ent.details,
			       ent.details_len);
		if (ent.kind == ACCT_SUDO_RULE ||
		    sudo_resolve(inc, sizeof(inc), path, ent.include_path) < 0)
			continue;
		if ((ent.kind == ACCT_SUDO_INCLUDE ? sudo_file(w, inc)
						   : sudo_dir(w, inc)) < 0)
			goto pop;
	}
	rc = 0;
pop:
	w->depth--;
out:
	buf_release(&b);
	return rc;
}

static int sudoers_generate(struct qctx *q)
{
	struct sudo_walk *w;
	int rc;

	w = calloc(1, sizeof(*w));
	if (!w)
		return qctx_error(q, "sudoers: out of memory");
	w->q = q;
	rc = sudo_file(w, "/etc/sudoers");
	free(w);
	return rc;
}

/* ---- crontab ---------------------------------------------------------- */

static int cron_file(struct qctx *q, const char *path, unsigned flags)
{
	struct buf b = BUF_INIT(CRON_FILE_MAX);
	struct acct_cron c;
	struct stat st;
	size_t pos = 0, len;
	char *line;
	int rc = -1;

	if (homes_read_file(path, flags, CRON_FILE_MAX, &b, &st) < 0) {
		if (errno == ENOMEM)
			return qctx_error(q, "crontab: out of memory");
		return 0;
	}
	while ((line = next_line(&b, &pos, &len))) {
		if (acct_cron_parse(line, len, &c, NULL, 0) < 0)
			continue;
		if (qctx_row(q) < 0)
			goto out;
		set_str(q, CR_EVENT, c.event);
		set_str(q, CR_MINUTE, c.minute);
		set_str(q, CR_HOUR, c.hour);
		set_str(q, CR_DAY_OF_MONTH, c.day_of_month);
		set_str(q, CR_MONTH, c.month);
		set_str(q, CR_DAY_OF_WEEK, c.day_of_week);
		set_str(q, CR_COMMAND, c.command);
		qctx_set_text(q, CR_PATH, path);
	}
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

static bool not_a_dir(int dirfd, const struct dirent *de, void *arg)
{
	(void)dirfd;
	(void)arg;
	return de->d_type != DT_DIR;
}

/* Reads every file of a cron directory, in name order. */
static int cron_dir(struct qctx *q, const char *dir, unsigned flags)
{
	struct hostfs_names names;
	char path[PATH_MAX];
	size_t i;
	int rc = 0;

	if (hostfs_list(dir, flags, DIR_MAX_ENTRIES, not_a_dir, NULL, &names) < 0)
		return errno == ENOMEM ? qctx_error(q, "crontab: out of memory") : 0;
	for (i = 0; i < names.n && rc == 0; i++)
		if (hostfs_join(path, sizeof(path), dir, names.v[i]) == 0)
			rc = cron_file(q, path, flags);
	hostfs_names_release(&names);
	return rc;
}

static int crontab_generate(struct qctx *q)
{
	/* osquery's list: the system crontab, the system directory, then
	 * the users' spools of BSD/macOS, Red Hat and Debian. */
	static const struct {
		const char *dir;
		unsigned flags;
	} dirs[] = {
		{ "/etc/cron.d", 0 },
		{ "/var/at/tabs", HOSTFS_NOFOLLOW },
		{ "/var/spool/cron", HOSTFS_NOFOLLOW },
		{ "/var/spool/cron/crontabs", HOSTFS_NOFOLLOW },
	};
	size_t i;

	if (cron_file(q, "/etc/crontab", 0) < 0)
		return -1;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (cron_dir(q, dirs[i].dir, dirs[i].flags) < 0)
			return -1;
	}
	return 0;
}

static const struct table shadow_table = {
	.name = "shadow",
	.desc = "Local password database: password state, hash algorithm and "
		"ageing of each account, from /etc/shadow.",
	.cols = shadow_cols,
	.ncols = SH_NCOLS,
	.generate = shadow_generate,
};
TABLE_REGISTER(shadow_table);

static const struct table sudoers_table = {
	.name = "sudoers",
	.desc = "Rules of /etc/sudoers and the files it includes.",
	.cols = sudoers_cols,
	.ncols = SU_NCOLS,
	.generate = sudoers_generate,
};
TABLE_REGISTER(sudoers_table);

static const struct table crontab_table = {
	.name = "crontab",
	.desc = "Scheduled jobs of the system crontab, /etc/cron.d and the "
		"users' crontabs.",
	.cols = crontab_cols,
	.ncols = CR_NCOLS,
	.generate = crontab_generate,
};
TABLE_REGISTER(crontab_table);
