/* SPDX-License-Identifier: Apache-2.0 */
/*
 * logins.c: the last, logged_in_users and shell_history tables: who
 * logged in, who is logged in now, and what users typed.
 *
 * last (one row a login or logout record of /var/log/wtmp, in file
 * order; records of other types are left out, as in osquery):
 *   username, tty, host  ut_user, ut_line, ut_host
 *   pid                  ut_pid
 *   type                 ut_type: 7 (USER_PROCESS) or 8 (DEAD_PROCESS)
 *   type_name            "user-process" or "dead-process"
 *   time                 ut_tv.tv_sec
 * logged_in_users (one row a record of /var/run/utmp, or /run/utmp when
 * that is missing, except records of pid 1, as osquery skips them):
 *   type                 osquery's name of ut_type: "user", "login",
 *                        "dead", "init", "boot_time", "runlevel",
 *                        "new_time", "old_time", "accounting", "empty",
 *                        or "unknown"
 *   user, tty, host, pid ut_user, ut_line, ut_host, ut_pid
 *   time                 ut_tv.tv_sec
 * shell_history (one row a command of each local user's ~/.bash_history,
 * ~/.zsh_history, ~/.zhistory, ~/.history, ~/.sh_history and
 * the ~/.bash_sessions/<id>.history files, in that order):
 *   uid                  the user's uid (narrows on uid = N)
 *   time                 the command's time: from a bash timestamp line
 *                        ("#1700000000") before it or zsh's extended
 *                        format (": 1700000000:0;cmd"); 0 when unknown
 *   command              the command line
 *   history_file         the file
 *
 * Required constraints: none.
 *
 * Privileges: none for last and logged_in_users (wtmp and utmp are world
 * readable on Debian); root for other users' history files.
 *
 * Example:
 *   SELECT username, host, datetime(time, 'unixepoch') FROM last
 *     WHERE type_name = 'user-process' AND host != '';
 *   SELECT uid, command FROM shell_history WHERE command LIKE '%curl%|%sh%';
 *
 * How it works: utmp and wtmp are arrays of fixed-size records (glibc's
 * struct utmp); they are read through hostfs in blocks of whole records,
 * each decoded by acctparse.c from its bytes (strings are cut at their
 * first NUL or their field's end, never trusted to be terminated), and a
 * partial record at the end of the file is ignored.  History files are
 * read without following symlinks, in blocks, line by line, so a file of
 * any size is read in bounded memory; acctparse.c carries the bash
 * timestamp from one line to the next.  Lines longer than ACCT_LINE_MAX
 * or holding NUL bytes (a binary file in place of a history) give no
 * rows.
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
#include <utmp.h>

#include "sql/table.h"
#include "tables/acctparse.h"
#include "tables/homes.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Records read from utmp or wtmp at once. */
#define UTMP_BLOCK_RECORDS 256
/* History files are read in blocks of this size. */
#define HIST_BLOCK ACCT_LINE_MAX
/* Entries of ~/.bash_sessions looked at. */
#define SESSIONS_MAX_ENTRIES 4096

enum last_col {
	LA_USERNAME,
	LA_TTY,
	LA_PID,
	LA_TYPE,
	LA_TYPE_NAME,
	LA_TIME,
	LA_HOST,
	LA_NCOLS
};

static const struct column last_cols[] = {
	{ "username", COL_TEXT, 0, "The user name of the record (ut_user)." },
	{ "tty", COL_TEXT, 0, "The terminal line (ut_line)." },
	{ "pid", COL_INTEGER, 0, "The process id of the login (ut_pid)." },
	{ "type", COL_INTEGER, 0,
	  "The record type: 7 for a login (USER_PROCESS), 8 for a logout "
	  "(DEAD_PROCESS)." },
	{ "type_name", COL_TEXT, 0,
	  "The record type's name: user-process or dead-process." },
	{ "time", COL_INTEGER, 0,
	  "The time of the record, in seconds since the epoch." },
	{ "host", COL_TEXT, 0,
	  "The remote host of the login (ut_host), empty for a local one." },
};
_Static_assert(TABLE_NCOLS(last_cols) == LA_NCOLS, "last columns");

enum logged_in_users_col {
	LU_TYPE,
	LU_USER,
	LU_TTY,
	LU_HOST,
	LU_TIME,
	LU_PID,
	LU_NCOLS
};

static const struct column logged_in_users_cols[] = {
	{ "type", COL_TEXT, 0,
	  "The record type: user, login, dead, init, boot_time, runlevel, "
	  "new_time, old_time, accounting, empty or unknown." },
	{ "user", COL_TEXT, 0, "The user name of the record (ut_user)." },
	{ "tty", COL_TEXT, 0, "The terminal line (ut_line)." },
	{ "host", COL_TEXT, 0,
	  "The remote host of the session (ut_host), empty for a local one." },
	{ "time", COL_BIGINT, 0,
	  "The time of the record, in seconds since the epoch." },
	{ "pid", COL_INTEGER, 0, "The process id of the session (ut_pid)." },
};
_Static_assert(TABLE_NCOLS(logged_in_users_cols) == LU_NCOLS,
	       "logged_in_users columns");

enum shell_history_col {
	SHH_UID,
	SHH_TIME,
	SHH_COMMAND,
	SHH_HISTORY_FILE,
	SHH_NCOLS
};

static const struct column shell_history_cols[] = {
	{ "uid", COL_BIGINT, COL_ADDITIONAL | COL_OPTIMIZED,
	  "The uid of the user whose history file holds the command." },
	{ "time", COL_INTEGER, 0,
	  "The command's time in seconds since the epoch, from a bash "
	  "timestamp or zsh's extended history; 0 when the file has none." },
	{ "command", COL_TEXT, 0, "The command line." },
	{ "history_file", COL_TEXT, 0, "The history file." },
};
_Static_assert(TABLE_NCOLS(shell_history_cols) == SHH_NCOLS,
	       "shell_history columns");

/* ---- utmp and wtmp ---------------------------------------------------- */

/*
 * Calls fn for each whole record of a utmp-format file.  A file that
 * cannot be opened has no records.  Returns 0, or -1 when fn does (or
 * memory runs out, with the error set).
 */
static int utmp_each(struct qctx *q, const char *path,
		     int (*fn)(struct qctx *q, const struct acct_utmp *u))
{
	size_t rs = acct_utmp_record_size(), have = 0, i;
	struct acct_utmp u;
	unsigned char *blk;
	struct stat st;
	int fd, rc = -1;
	ssize_t n;

	fd = hostfs_open(path, O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	blk = malloc(rs * UTMP_BLOCK_RECORDS);
	if (!blk) {
		close(fd);
		return qctx_error(q, "reading %s: out of memory", path);
	}
	for (;;) {
		n = read(fd, blk + have, rs * UTMP_BLOCK_RECORDS - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* a partial record left in blk is ignored */
		have += (size_t)n;
		for (i = 0; i + rs <= have; i += rs) {
			if (acct_utmp_parse(blk + i, rs, &u, NULL, 0) < 0)
				continue;
			if (fn(q, &u) < 0)
				goto out;
		}
		memmove(blk, blk + i, have - i);
		have -= i;
	}
	rc = 0;
out:
	free(blk);
	close(fd);
	return rc;
}

static int last_record(struct qctx *q, const struct acct_utmp *u)
{
	if (u->type != USER_PROCESS && u->type != DEAD_PROCESS)
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, LA_USERNAME, u->user);
	qctx_set_text(q, LA_TTY, u->line);
	qctx_set_int(q, LA_PID, u->pid);
	qctx_set_int(q, LA_TYPE, u->type);
	qctx_set_text(q, LA_TYPE_NAME, acct_utmp_last_type_name(u->type));
	qctx_set_int(q, LA_TIME, u->tv_sec);
	qctx_set_text(q, LA_HOST, u->host);
	return 0;
}

static int last_generate(struct qctx *q)
{
	return utmp_each(q, "/var/log/wtmp", last_record);
}

static int utmp_record(struct qctx *q, const struct acct_utmp *u)
{
	if (u->pid == 1)
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, LU_TYPE, acct_utmp_type_name(u->type));
	qctx_set_text(q, LU_USER, u->user);
	qctx_set_text(q, LU_TTY, u->line);
	qctx_set_text(q, LU_HOST, u->host);
	qctx_set_int(q, LU_TIME, u->tv_sec);
	qctx_set_int(q, LU_PID, u->pid);
	return 0;
}

static int logged_in_users_generate(struct qctx *q)
{
	struct stat st;

	/* glibc's _PATH_UTMP; /var/run is a link to /run on current
	 * systems, which hostfs resolves inside the root. */
	if (hostfs_stat("/var/run/utmp", &st) == 0)
		return utmp_each(q, "/var/run/utmp", utmp_record);
	return utmp_each(q, "/run/utmp", utmp_record);
}

/* ---- shell_history ---------------------------------------------------- */

static int hist_line(struct qctx *q, const struct homes_user *u,
		     const char *path, struct acct_hist_state *st,
		     const char *line, size_t len)
{
	struct acct_hist_entry h;

	if (acct_history_line(st, line, len, &h, NULL, 0) <= 0)
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, SHH_UID, u->uid);
	qctx_set_int(q, SHH_TIME, h.time);
	qctx_set_textn(q, SHH_COMMAND, h.command.p, h.command.n);
	qctx_set_text(q, SHH_HISTORY_FILE, path);
	return 0;
}

/*
 * Reads one history file in blocks, a line at a time.  A line that does
 * not fit in a block (HIST_BLOCK, which is ACCT_LINE_MAX) is skipped
 * whole.  Returns 0, or -1 with the error set.
 */
static int hist_file(struct qctx *q, const struct homes_user *u,
		     const char *path, char *blk)
{
	struct acct_hist_state st = { false, 0 };
	size_t have = 0, start;
	bool skipping = false;
	struct stat sb;
	int fd, rc = -1;
	ssize_t n;
	char *nl;

	fd = hostfs_open(path, O_RDONLY | O_NONBLOCK, HOSTFS_NOFOLLOW);
	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return 0;
	}
	for (;;) {
		n = read(fd, blk + have, HIST_BLOCK - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
		start = 0;
		while ((nl = memchr(blk + start, '\n', have - start))) {
			size_t len = (size_t)(nl - (blk + start));

			if (skipping) {
				/* The end of a line too long: no row, and a
				 * pending timestamp is dropped, as the parser
				 * drops it for any refused line. */
				skipping = false;
				st.pending = false;
			} else if (hist_line(q, u, path, &st, blk + start,
					     len) < 0) {
				goto out;
			}
			start += len + 1;
		}
		if (start == 0 && have == HIST_BLOCK) {
			/* No newline in a full block: a line too long. */
			skipping = true;
			have = 0;
			continue;
		}
		memmove(blk, blk + start, have - start);
		have -= start;
	}
	if (have && !skipping &&
	    hist_line(q, u, path, &st, blk, have) < 0)
		goto out;
	rc = 0;
out:
	close(fd);
	return rc;
}


static bool history_name(int dirfd, const struct dirent *de, void *arg)
{
	size_t l = strlen(de->d_name);

	(void)dirfd;
	(void)arg;
	return l > 8 && strcmp(de->d_name + l - 8, ".history") == 0;
}

/* The files ~/.bash_sessions/<id>.history (macOS Terminal keeps one a
 * session; osquery reads them on every system). */
static int hist_sessions(struct qctx *q, const struct homes_user *u,
			 char *blk)
{
	char dir[PATH_MAX], path[PATH_MAX];
	struct hostfs_names names;
	size_t i;
	int rc = 0;

	if (homes_path(dir, sizeof(dir), u->dir, ".bash_sessions") < 0)
		return 0;
	if (hostfs_list(dir, HOSTFS_NOFOLLOW, SESSIONS_MAX_ENTRIES, history_name,
			NULL, &names) < 0)
		return errno == ENOMEM ?
			       qctx_error(q, "shell_history: out of memory") :
			       0;
	for (i = 0; i < names.n && rc == 0; i++)
		if (hostfs_join(path, sizeof(path), dir, names.v[i]) == 0)
			rc = hist_file(q, u, path, blk);
	hostfs_names_release(&names);
	return rc;
}

static int hist_user(struct qctx *q, const struct homes_user *u, void *arg)
{
	static const char *const files[] = {
		".bash_history", ".zsh_history", ".zhistory",
		".history",      ".sh_history",
	};
	char path[PATH_MAX], *blk = arg;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (homes_path(path, sizeof(path), u->dir, files[i]) < 0)
			continue;
		if (hist_file(q, u, path, blk) < 0)
			return -1;
	}
	return hist_sessions(q, u, blk);
}

static int shell_history_generate(struct qctx *q)
{
	char *blk;
	int rc;

	blk = malloc(HIST_BLOCK);
	if (!blk)
		return qctx_error(q, "shell_history: out of memory");
	rc = homes_each(q, SHH_UID, hist_user, blk);
	free(blk);
	return rc;
}

static const struct table last_table = {
	.name = "last",
	.desc = "Logins and logouts recorded in /var/log/wtmp.",
	.cols = last_cols,
	.ncols = LA_NCOLS,
	.generate = last_generate,
};
TABLE_REGISTER(last_table);

static const struct table logged_in_users_table = {
	.name = "logged_in_users",
	.desc = "Current sessions and boot records of /var/run/utmp.",
	.cols = logged_in_users_cols,
	.ncols = LU_NCOLS,
	.generate = logged_in_users_generate,
};
TABLE_REGISTER(logged_in_users_table);

static const struct table shell_history_table = {
	.name = "shell_history",
	.desc = "Commands in each local user's shell history files.",
	.cols = shell_history_cols,
	.ncols = SHH_NCOLS,
	.generate = shell_history_generate,
};
TABLE_REGISTER(shell_history_table);
