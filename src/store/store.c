/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.c: the daemon's SQLite file (see store.h).
 *
 * Opening goes: make the directory private, look at the file's header
 * before SQLite does (an empty file is new; anything that is not an
 * SQLite header, or carries another program's application_id, is moved
 * aside), open it with WAL and synchronous=FULL, run PRAGMA quick_check,
 * then apply the migrations this vigil knows in one transaction.  Any
 * "corrupt" or "not a database" answer along the way moves the file aside
 * and starts again, once.
 *
 * Statements are prepared once per open and kept in stmts[].
 */
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* 'VIGL': marks the file as a vigil store in its header (offset 68). */
#define STORE_APPID 0x5649474c

static const struct migration {
	int version;
	const char *desc;
	const char *sql;
} migrations[] = {
	{ 1, "results, queue, denylist, counters, meta and schedule tables",
	  "CREATE TABLE meta ("
	  " key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	  "CREATE TABLE results ("
	  " name TEXT PRIMARY KEY, query TEXT NOT NULL,"
	  " epoch INTEGER NOT NULL, counter INTEGER NOT NULL,"
	  " rows BLOB NOT NULL);"
	  "CREATE TABLE queue ("
	  " id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  " kind INTEGER NOT NULL, line TEXT NOT NULL);"
	  "CREATE TABLE denylist ("
	  " name TEXT PRIMARY KEY, until INTEGER NOT NULL,"
	  " reason TEXT NOT NULL);"
	  "CREATE TABLE counters ("
	  " name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	  "CREATE TABLE schedule ("
	  " name TEXT PRIMARY KEY, query TEXT NOT NULL,"
	  " interval INTEGER NOT NULL, executions INTEGER NOT NULL,"
	  " last_executed INTEGER NOT NULL, output_size INTEGER NOT NULL,"
	  " wall_time_ms INTEGER NOT NULL, last_wall_time_ms INTEGER NOT NULL,"
	  " user_time INTEGER NOT NULL, last_user_time INTEGER NOT NULL,"
	  " system_time INTEGER NOT NULL, last_system_time INTEGER NOT NULL,"
	  " average_memory INTEGER NOT NULL, last_memory INTEGER NOT NULL);" },
};

enum {
	ST_RESULT_GET,
	ST_RESULT_PUT,
	ST_QUEUE_PUSH,
	ST_QUEUE_COUNT,
	ST_QUEUE_TRIM,
	ST_QUEUE_EACH,
	ST_QUEUE_DELETE,
	ST_QUEUE_LAST,
	ST_COUNTER_GET,
	ST_COUNTER_SET,
	ST_COUNTER_ADD,
	ST_DENY_GET,
	ST_DENY_PUT,
	ST_DENY_DEL,
	ST_STATS_GET,
	ST_STATS_PUT,
	ST_META_GET,
	ST_META_PUT,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_RESULT_GET] = "SELECT query, epoch, counter, rows FROM results "
			  "WHERE name = ?1",
	[ST_RESULT_PUT] = "INSERT OR REPLACE INTO results "
			  "(name, query, epoch, counter, rows) "
			  "VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_QUEUE_PUSH] = "INSERT INTO queue (kind, line) VALUES (?1, ?2)",
	[ST_QUEUE_COUNT] = "SELECT count(*) FROM queue",
	[ST_QUEUE_TRIM] = "DELETE FROM queue WHERE id <= (SELECT id FROM queue "
			  "ORDER BY id DESC LIMIT 1 OFFSET ?1)",
	[ST_QUEUE_EACH] = "SELECT id, kind, line FROM queue WHERE id > ?1 "
			  "ORDER BY id LIMIT ?2",
	[ST_QUEUE_DELETE] = "DELETE FROM queue WHERE id <= ?1",
	[ST_QUEUE_LAST] = "SELECT seq FROM sqlite_sequence WHERE name = 'queue'",
	[ST_COUNTER_GET] = "SELECT value FROM counters WHERE name = ?1",
	[ST_COUNTER_SET] = "INSERT INTO counters (name, value) VALUES (?1, ?2) "
			   "ON CONFLICT (name) DO UPDATE SET value = "
			   "excluded.value",
	[ST_COUNTER_ADD] = "INSERT INTO counters (name, value) VALUES (?1, ?2) "
			   "ON CONFLICT (name) DO UPDATE SET value = value + "
			   "excluded.value",
	[ST_DENY_GET] = "SELECT until FROM denylist WHERE name = ?1",
	[ST_DENY_PUT] = "INSERT OR REPLACE INTO denylist (name, until, reason) "
			"VALUES (?1, ?2, ?3)",
	[ST_DENY_DEL] = "DELETE FROM denylist WHERE name = ?1",
	[ST_STATS_GET] = "SELECT query, interval, executions, last_executed, "
			 "output_size, wall_time_ms, last_wall_time_ms, "
			 "user_time, last_user_time, system_time, "
			 "last_system_time, average_memory, last_memory "
			 "FROM schedule WHERE name = ?1",
	[ST_STATS_PUT] = "INSERT OR REPLACE INTO schedule (name, query, "
			 "interval, executions, last_executed, output_size, "
			 "wall_time_ms, last_wall_time_ms, user_time, "
			 "last_user_time, system_time, last_system_time, "
			 "average_memory, last_memory) VALUES (?1, ?2, ?3, ?4, "
			 "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[ST_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[ST_META_PUT] = "INSERT OR REPLACE INTO meta (key, value) "
			"VALUES (?1, ?2)",
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmts[ST_COUNT];
	char *dir;
	char *path;
	dev_t dev;	/* the file this store opened, to notice a swap */
	ino_t ino;
	bool broken;	/* a failure said the file is corrupt */
	char err[512];
};

/* ---------------------------------------------------------------- */
/* Errors */

static int fail(struct store *s, int rc)
{
	int primary = rc & 0xff;

	if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
		s->broken = true;
	snprintf(s->err, sizeof(s->err), "%s",
		 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
	return -1;
}

const char *store_errmsg(const struct store *s)
{
	return s->err;
}

const char *store_file(const struct store *s)
{
	return s->path;
}

/* ---------------------------------------------------------------- */
/* Opening */

/* Creates dir 0700, or makes an existing one private. */
static int private_dir(const char *dir, char *err, size_t errsize)
{
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		snprintf(err, errsize, "cannot create database directory '%s': "
			 "%s", dir, strerror(errno));
		return -1;
	}
	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errsize, "database path '%s' is not a directory",
			 dir);
		return -1;
	}
	if (st.st_uid != geteuid()) {
		snprintf(err, errsize, "database directory '%s' belongs to uid "
			 "%u, not to vigil's user", dir, (unsigned)st.st_uid);
		return -1;
	}
	if ((st.st_mode & 0777) != 0700 && chmod(dir, 0700) < 0) {
		snprintf(err, errsize, "cannot make '%s' private: %s", dir,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Looks at the file's first 100 bytes.  Returns 0 when it is absent,
 * empty, or a vigil store or an SQLite file with no application_id yet
 * (*maybe_foreign set: the schema decides); 1 with the reason in why when
 * it is not ours; -1 when it cannot be read.
 */
static int sniff(const char *path, bool *maybe_foreign, char *why,
		 size_t whysize, char *err, size_t errsize)
{
	unsigned char h[100];
	uint32_t appid;
	struct stat st;
	ssize_t n;
	int fd;

	*maybe_foreign = false;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		if (errno == ELOOP) {
			snprintf(why, whysize, "it is a symbolic link");
			return 1;
		}
		snprintf(err, errsize, "cannot open '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		snprintf(why, whysize, "it is not a regular file");
		return 1;
	}
	if (st.st_size == 0) {
		close(fd);
		return 0;
	}
	n = pread(fd, h, sizeof(h), 0);
	close(fd);
	if (n < 0) {
		snprintf(err, errsize, "cannot read '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	if (n < (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0) {
		snprintf(why, whysize, "it is not an SQLite database");
		return 1;
	}
	appid = (uint32_t)h[68] << 24 | (uint32_t)h[69] << 16 |
		(uint32_t)h[70] << 8 | h[71];
	if (appid == 0) {
		*maybe_foreign = true;
		return 0;
	}
	if (appid != STORE_APPID) {
		snprintf(why, whysize, "it is another program's SQLite database "
			 "(application id 0x%08x)", (unsigned)appid);
		return 1;
	}
	return 0;
}

/*
 * Renames path (and its -wal and -shm) to path.bad-<UTC time>, so the bad
 * file can still be looked at.  Returns 0 with the new name in aside.
 */
static int move_aside(const char *path, char *aside, size_t asidesize,
		      char *err, size_t errsize)
{
	static const char *const sfx[] = { "-wal", "-shm" };
	char stamp[32], from[4200], to[4200];
	struct tm tm;
	time_t now = time(NULL);
	struct stat st;
	size_t i;
	int k;

	if (!gmtime_r(&now, &tm) ||
	    strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm) == 0)
		snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
	for (k = 0; k < 100; k++) {
		if (k == 0)
			snprintf(aside, asidesize, "%s.bad-%s", path, stamp);
		else
			snprintf(aside, asidesize, "%s.bad-%s-%d", path, stamp,
				 k);
		if (lstat(aside, &st) < 0 && errno == ENOENT)
			break;
	}
	if (rename(path, aside) < 0) {
		snprintf(err, errsize, "cannot move '%s' aside: %s", path,
			 strerror(errno));
		return -1;
	}
	for (i = 0; i < 2; i++) {
		snprintf(from, sizeof(from), "%s%s", path, sfx[i]);
		snprintf(to, sizeof(to), "%s%s", aside, sfx[i]);
		if (rename(from, to) < 0 && errno != ENOENT)
			unlink(from);
	}
	return 0;
}

/* Closes the connection; bad: the file is about to be moved aside. */
static void close_db(struct store *s, bool bad)
{
	int i;

	for (i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(s->stmts[i]);
		s->stmts[i] = NULL;
	}
	if (s->db) {
		/* A checkpoint on close would write into a file that is
		 * garbage by now: keep the WAL with it instead. */
		if (bad)
			sqlite3_db_config(s->db,
					  SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
					  NULL);
		sqlite3_close_v2(s->db);
		s->db = NULL;
	}
}

static int exec(struct store *s, const char *sql)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : fail(s, rc);
}

/* Runs a one-value query into *v (0 when no row).  0 or -1. */
static int query_int(struct store *s, const char *sql, int64_t *v)
{
	sqlite3_stmt *st;
	int rc;

	*v = 0;
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE) {
		fail(s, rc);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

static int query_text(struct store *s, const char *sql, char *dst, size_t size)
{
	sqlite3_stmt *st;
	int rc;

	dst[0] = '\0';
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(dst, size, "%s", (const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		fail(s, rc);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

/* Brings the schema up to date.  1 when the file is foreign (why). */
static int migrate(struct store *s, bool maybe_foreign, char *why,
		   size_t whysize)
{
	int64_t tables, have, appid;
	size_t i;
	char sql[256];

	if (exec(s, "BEGIN IMMEDIATE") < 0)
		return -1;
	if (query_int(s, "SELECT count(*) FROM sqlite_schema WHERE name = "
			 "'migrations'", &have) < 0 ||
	    query_int(s, "SELECT count(*) FROM sqlite_schema", &tables) < 0 ||
	    query_int(s, "PRAGMA application_id", &appid) < 0)
		goto fail;
	if ((maybe_foreign || appid != STORE_APPID) && tables > 0 && !have) {
		exec(s, "ROLLBACK");
		snprintf(why, whysize, "it is another program's SQLite database");
		return 1;
	}
	if (exec(s, "CREATE TABLE IF NOT EXISTS migrations ("
		    " version INTEGER PRIMARY KEY,"
		    " applied INTEGER NOT NULL,"
		    " description TEXT NOT NULL)") < 0 ||
	    query_int(s, "SELECT coalesce(max(version), 0) FROM migrations",
		      &have) < 0)
		goto fail;
	if (have > STORE_SCHEMA_VERSION) {
		exec(s, "ROLLBACK");
		snprintf(s->err, sizeof(s->err),
			 "store '%s' has schema version %lld, written by a newer "
			 "vigil (this one knows up to %d); move it away to start "
			 "afresh", s->path, (long long)have,
			 STORE_SCHEMA_VERSION);
		return -1;
	}
	for (i = 0; i < sizeof(migrations) / sizeof(migrations[0]); i++) {
		const struct migration *m = &migrations[i];
		char *ins;

		if (m->version <= have)
			continue;
		if (exec(s, m->sql) < 0)
			goto fail;
		ins = sqlite3_mprintf("INSERT INTO migrations VALUES "
				      "(%d, %lld, %Q)", m->version,
				      (long long)time(NULL), m->desc);
		if (!ins || exec(s, ins) < 0) {
			sqlite3_free(ins);
			goto fail;
		}
		sqlite3_free(ins);
	}
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", STORE_APPID);
	if (exec(s, sql) < 0 || exec(s, "COMMIT") < 0)
		goto fail;
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/*
 * One attempt at opening.  Returns 0, 1 when the file is bad (why says
 * how; the caller moves it aside and tries again), or -1 on another
 * failure (s->err).
 */
static int open_once(struct store *s, char *why, size_t whysize)
{
	bool maybe_foreign;
	char mode[32], check[256];
	struct stat st;
	int rc, i;

	rc = sniff(s->path, &maybe_foreign, why, whysize, s->err,
		   sizeof(s->err));
	if (rc != 0)
		return rc;
	rc = sqlite3_open_v2(s->path, &s->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK)
		goto sqlite_fail;
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	if (query_text(s, "PRAGMA journal_mode = WAL", mode, sizeof(mode)) < 0)
		goto check_broken;
	if (strcmp(mode, "wal") != 0) {
		snprintf(s->err, sizeof(s->err), "cannot use WAL on '%s' "
			 "(journal mode %s)", s->path, mode);
		return -1;
	}
	if (exec(s, "PRAGMA synchronous = FULL") < 0)
		goto check_broken;
	if (query_text(s, "PRAGMA quick_check", check, sizeof(check)) < 0)
		goto check_broken;
	if (strcmp(check, "ok") != 0) {
		snprintf(why, whysize, "it is corrupt (%s)", check);
		return 1;
	}
	rc = migrate(s, maybe_foreign, why, whysize);
	if (rc != 0) {
		if (rc < 0 && s->broken)
			goto check_broken;
		return rc;
	}
	for (i = 0; i < ST_COUNT; i++) {
		rc = sqlite3_prepare_v3(s->db, stmt_sql[i], -1,
					SQLITE_PREPARE_PERSISTENT,
					&s->stmts[i], NULL);
		if (rc != SQLITE_OK)
			goto sqlite_fail;
	}
	chmod(s->path, 0600);
	if (stat(s->path, &st) < 0) {
		snprintf(s->err, sizeof(s->err), "cannot stat '%s': %s",
			 s->path, strerror(errno));
		return -1;
	}
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	s->broken = false;
	return 0;
sqlite_fail:
	fail(s, rc);
check_broken:
	if (s->broken) {
		snprintf(why, whysize, "it is corrupt (%.200s)", s->err);
		return 1;
	}
	return -1;
}

/* Opens s->path, moving a bad file aside once.  0 or -1 (err). */
static int open_path(struct store *s, char *note, size_t notesize, char *err,
		     size_t errsize)
{
	char why[300], aside[4200];
	int rc, attempt;

	if (note && notesize)
		note[0] = '\0';
	for (attempt = 0; attempt < 2; attempt++) {
		why[0] = '\0';
		rc = open_once(s, why, sizeof(why));
		if (rc == 0)
			return 0;
		close_db(s, true);
		if (rc < 0)
			break;
		if (move_aside(s->path, aside, sizeof(aside), s->err,
			       sizeof(s->err)) < 0)
			break;
		if (note && notesize)
			snprintf(note, notesize, "store '%s' was unusable (%s): "
				 "moved it to '%s' and started a new one",
				 s->path, why, aside);
	}
	snprintf(err, errsize, "%s", s->err[0] ? s->err : "cannot open store");
	return -1;
}

struct store *store_open(const char *dir, char *note, size_t notesize,
			 char *err, size_t errsize)
{
	struct store *s;
	size_t n;

	if (note && notesize)
		note[0] = '\0';
	if (private_dir(dir, err, errsize) < 0)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		goto oom;
	n = strlen(dir) + 1 + strlen(STORE_FILE) + 1;
	s->dir = strdup(dir);
	s->path = malloc(n);
	if (!s->dir || !s->path)
		goto oom;
	snprintf(s->path, n, "%s/%s", dir, STORE_FILE);
	if (open_path(s, note, notesize, err, errsize) < 0) {
		store_free(s);
		return NULL;
	}
	return s;
oom:
	store_free(s);
	snprintf(err, errsize, "out of memory");
	return NULL;
}

void store_free(struct store *s)
{
	if (!s)
		return;
	close_db(s, false);
	free(s->dir);
	free(s->path);
	free(s);
}

int store_check(struct store *s, char *note, size_t notesize, char *err,
		size_t errsize)
{
	char why[300] = "", aside[4200];
	bool maybe_foreign;
	struct stat st;
	int rc;

	if (note && notesize)
		note[0] = '\0';
	if (s->db && !s->broken) {
		if (stat(s->path, &st) < 0)
			snprintf(why, sizeof(why), "its file vanished");
		else if (st.st_dev != s->dev || st.st_ino != s->ino)
			snprintf(why, sizeof(why), "its file was replaced");
		else if (sniff(s->path, &maybe_foreign, why, sizeof(why), err,
			       errsize) == 0 && st.st_size > 0)
			return 0;
		else if (!why[0])
			snprintf(why, sizeof(why), "its file cannot be read");
	} else if (s->broken) {
		snprintf(why, sizeof(why), "it is corrupt (%.200s)", s->err);
	} else {
		snprintf(why, sizeof(why), "it was closed after a failure");
	}
	close_db(s, true);
	/* Only a file that is still there and not ours goes aside; one that
	 * vanished or was swapped for a store-looking file is replaced. */
	rc = sniff(s->path, &maybe_foreign, aside, sizeof(aside), err, errsize);
	aside[0] = '\0';
	if ((rc == 1 || s->broken) &&
	    move_aside(s->path, aside, sizeof(aside), err, errsize) < 0)
		return -1;
	s->broken = false;
	if (open_path(s, NULL, 0, err, errsize) < 0)
		return -1;
	if (note && notesize) {
		if (aside[0])
			snprintf(note, notesize, "store '%s' became unusable "
				 "(%s): moved it to '%s' and started a new one",
				 s->path, why, aside);
		else
			snprintf(note, notesize, "store '%s' reopened: %s",
				 s->path, why);
	}
	return 1;
}

/* ---------------------------------------------------------------- */
/* Transactions */

int store_begin(struct store *s)
{
	if (!s->db)
		return -1;
	return exec(s, "BEGIN IMMEDIATE");
}

int store_commit(struct store *s)
{
	if (!s->db)
		return -1;
	if (exec(s, "COMMIT") < 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

void store_rollback(struct store *s)
{
	if (s->db && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---------------------------------------------------------------- */
/* Statement helpers */

static sqlite3_stmt *stmt(struct store *s, int which)
{
	sqlite3_stmt *st;

	if (!s->db) {
		snprintf(s->err, sizeof(s->err), "store is closed");
		return NULL;
	}
	st = s->stmts[which];
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

/* Steps a statement that returns no rows. */
static int run(struct store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, rc);
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Steps a statement returning at most one integer; *v = 0 without a row. */
static int one_int(struct store *s, sqlite3_stmt *st, int64_t *v)
{
	int rc = sqlite3_step(st);

	*v = 0;
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, rc);
}

/* ---------------------------------------------------------------- */
/* Results */

static char *dup_text(sqlite3_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col);
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	if (n)
		memcpy(out, p, n);
	out[n] = '\0';
	if (len)
		*len = n;
	return out;
}

int store_result_get(struct store *s, const char *name,
		     struct store_result *out)
{
	sqlite3_stmt *st = stmt(s, ST_RESULT_GET);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->found = true;
		out->epoch = sqlite3_column_int64(st, 1);
		out->counter = sqlite3_column_int64(st, 2);
		out->query = dup_text(st, 0, NULL);
		out->rows = dup_text(st, 3, &out->len);
		if (!out->query || !out->rows) {
			sqlite3_reset(st);
			store_result_release(out);
			snprintf(s->err, sizeof(s->err), "out of memory");
			return -1;
		}
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, rc);
}

void store_result_release(struct store_result *r)
{
	free(r->query);
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

int store_result_put(struct store *s, const char *name, const char *query,
		     int64_t epoch, int64_t counter, const char *rows,
		     size_t len)
{
	sqlite3_stmt *st = stmt(s, ST_RESULT_PUT);

	if (!st)
		return -1;
	bind_text(st, 1, name);
	bind_text(st, 2, query);
	sqlite3_bind_int64(st, 3, epoch);
	sqlite3_bind_int64(st, 4, counter);
	sqlite3_bind_blob64(st, 5, rows ? rows : "", len, SQLITE_STATIC);
	return run(s, st);
}

/* ---------------------------------------------------------------- */
/* Queue */

int store_queue_push(struct store *s, enum store_kind kind, const char *line,
		     size_t len)
{
	sqlite3_stmt *st = stmt(s, ST_QUEUE_PUSH);

	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, (int)kind);
	sqlite3_bind_text64(st, 2, line, len, SQLITE_STATIC, SQLITE_UTF8);
	return run(s, st);
}

int64_t store_queue_count(struct store *s)
{
	sqlite3_stmt *st = stmt(s, ST_QUEUE_COUNT);
	int64_t n;

	if (!st || one_int(s, st, &n) < 0)
		return -1;
	return n;
}

int store_queue_trim(struct store *s, int64_t keep, int64_t *dropped)
{
	sqlite3_stmt *st = stmt(s, ST_QUEUE_TRIM);

	*dropped = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, keep);
	if (run(s, st) < 0)
		return -1;
	*dropped = sqlite3_changes64(s->db);
	return 0;
}

int store_queue_each(struct store *s, int64_t after, int limit,
		     store_queue_fn fn, void *arg)
{
	sqlite3_stmt *st = stmt(s, ST_QUEUE_EACH);
	int rc, r = 0;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int(st, 2, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 2);

		r = fn(arg, sqlite3_column_int64(st, 0),
		       (enum store_kind)sqlite3_column_int(st, 1),
		       line ? line : "", (size_t)sqlite3_column_bytes(st, 2));
		if (r != 0)
			break;
	}
	sqlite3_reset(st);
	if (r < 0)
		return -1;
	if (r == 0 && rc != SQLITE_DONE)
		return fail(s, rc);
	return 0;
}

int store_queue_delete(struct store *s, int64_t upto, int64_t *removed)
{
	sqlite3_stmt *st = stmt(s, ST_QUEUE_DELETE);

	if (removed)
		*removed = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, upto);
	if (run(s, st) < 0)
		return -1;
	if (removed)
		*removed = sqlite3_changes64(s->db);
	return 0;
}

int64_t store_queue_last_id(struct store *s)
{
	sqlite3_stmt *st = stmt(s, ST_QUEUE_LAST);
	int64_t v;

	if (!st || one_int(s, st, &v) < 0)
		return -1;
	return v;
}

/* ---------------------------------------------------------------- */
/* Counters and the denylist */

int store_counter_get(struct store *s, const char *name, int64_t *v)
{
	sqlite3_stmt *st = stmt(s, ST_COUNTER_GET);

	*v = 0;
	if (!st)
		return -1;
	bind_text(st, 1, name);
	return one_int(s, st, v);
}

static int counter_write(struct store *s, int which, const char *name,
			 int64_t v)
{
	sqlite3_stmt *st = stmt(s, which);

	if (!st)
		return -1;
	bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, v);
	return run(s, st);
}

int store_counter_set(struct store *s, const char *name, int64_t v)
{
	return counter_write(s, ST_COUNTER_SET, name, v);
}

int store_counter_add(struct store *s, const char *name, int64_t delta)
{
	return counter_write(s, ST_COUNTER_ADD, name, delta);
}

int store_denylist_get(struct store *s, const char *name, int64_t *until)
{
	sqlite3_stmt *st = stmt(s, ST_DENY_GET);

	*until = 0;
	if (!st)
		return -1;
	bind_text(st, 1, name);
	return one_int(s, st, until);
}

int store_denylist_put(struct store *s, const char *name, int64_t until,
		       const char *reason)
{
	sqlite3_stmt *st = stmt(s, ST_DENY_PUT);

	if (!st)
		return -1;
	bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, until);
	bind_text(st, 3, reason ? reason : "");
	return run(s, st);
}

int store_denylist_remove(struct store *s, const char *name)
{
	sqlite3_stmt *st = stmt(s, ST_DENY_DEL);

	if (!st)
		return -1;
	bind_text(st, 1, name);
	return run(s, st);
}

int store_meta_get(struct store *s, const char *key, char *dst, size_t size,
		   bool *found)
{
	sqlite3_stmt *st = stmt(s, ST_META_GET);
	int rc;

	*found = false;
	if (size)
		dst[0] = '\0';
	if (!st)
		return -1;
	bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		snprintf(dst, size, "%s", v ? v : "");
		*found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, rc);
}

int store_meta_put(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st = stmt(s, ST_META_PUT);

	if (!st)
		return -1;
	bind_text(st, 1, key);
	bind_text(st, 2, value);
	return run(s, st);
}

/* ---------------------------------------------------------------- */
/* Statistics */

static void read_stats(sqlite3_stmt *st, int first, struct store_stats *out)
{
	out->query = (const char *)sqlite3_column_text(st, first);
	out->interval = sqlite3_column_int64(st, first + 1);
	out->executions = sqlite3_column_int64(st, first + 2);
	out->last_executed = sqlite3_column_int64(st, first + 3);
	out->output_size = sqlite3_column_int64(st, first + 4);
	out->wall_time_ms = sqlite3_column_int64(st, first + 5);
	out->last_wall_time_ms = sqlite3_column_int64(st, first + 6);
	out->user_time = sqlite3_column_int64(st, first + 7);
	out->last_user_time = sqlite3_column_int64(st, first + 8);
	out->system_time = sqlite3_column_int64(st, first + 9);
	out->last_system_time = sqlite3_column_int64(st, first + 10);
	out->average_memory = sqlite3_column_int64(st, first + 11);
	out->last_memory = sqlite3_column_int64(st, first + 12);
}

int store_stats_get(struct store *s, const char *name, struct store_stats *out,
		    bool *found)
{
	sqlite3_stmt *st = stmt(s, ST_STATS_GET);
	int rc;

	memset(out, 0, sizeof(*out));
	out->name = name;
	*found = false;
	if (!st)
		return -1;
	bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_stats(st, 0, out);
		out->query = NULL; /* the caller knows it; the row goes now */
		*found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, rc);
}

int store_stats_put(struct store *s, const struct store_stats *v)
{
	sqlite3_stmt *st = stmt(s, ST_STATS_PUT);

	if (!st)
		return -1;
	bind_text(st, 1, v->name);
	bind_text(st, 2, v->query ? v->query : "");
	sqlite3_bind_int64(st, 3, v->interval);
	sqlite3_bind_int64(st, 4, v->executions);
	sqlite3_bind_int64(st, 5, v->last_executed);
	sqlite3_bind_int64(st, 6, v->output_size);
	sqlite3_bind_int64(st, 7, v->wall_time_ms);
	sqlite3_bind_int64(st, 8, v->last_wall_time_ms);
	sqlite3_bind_int64(st, 9, v->user_time);
	sqlite3_bind_int64(st, 10, v->last_user_time);
	sqlite3_bind_int64(st, 11, v->system_time);
	sqlite3_bind_int64(st, 12, v->last_system_time);
	sqlite3_bind_int64(st, 13, v->average_memory);
	sqlite3_bind_int64(st, 14, v->last_memory);
	return run(s, st);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int store_forget_others(struct store *s, const char *const *names, size_t n)
{
	static const char *const tables[] = { "results", "schedule" };
	const char **sorted;
	sqlite3_stmt *sel = NULL, *del = NULL;
	size_t t;
	int rc = -1, r;

	if (!s->db)
		return -1;
	sorted = malloc((n ? n : 1) * sizeof(*sorted));
	if (!sorted) {
		snprintf(s->err, sizeof(s->err), "out of memory");
		return -1;
	}
	if (n)
		memcpy(sorted, names, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), str_cmp);
	for (t = 0; t < 2; t++) {
		char sql[128];

		snprintf(sql, sizeof(sql), "SELECT name FROM %s", tables[t]);
		r = sqlite3_prepare_v2(s->db, sql, -1, &sel, NULL);
		if (r != SQLITE_OK) {
			fail(s, r);
			goto out;
		}
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE name = ?1",
			 tables[t]);
		r = sqlite3_prepare_v2(s->db, sql, -1, &del, NULL);
		if (r != SQLITE_OK) {
			fail(s, r);
			goto out;
		}
		while ((r = sqlite3_step(sel)) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(sel, 0);

			if (!name || bsearch(&name, sorted, n, sizeof(*sorted),
					     str_cmp))
				continue;
			sqlite3_bind_text(del, 1, name, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(del) != SQLITE_DONE) {
				fail(s, sqlite3_errcode(s->db));
				goto out;
			}
			sqlite3_reset(del);
		}
		if (r != SQLITE_DONE) {
			fail(s, r);
			goto out;
		}
		sqlite3_finalize(sel);
		sqlite3_finalize(del);
		sel = del = NULL;
	}
	rc = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(del);
	free(sorted);
	return rc;
}

int store_stats_read(const char *path, store_stats_fn fn, void *arg,
		     char *err, size_t errsize)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc, r = 0, result = -1;
	struct stat sb;

	if (stat(path, &sb) < 0) {
		snprintf(err, errsize, "%s", strerror(errno));
		return -1;
	}
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY |
				 SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(db, 2000);
	rc = sqlite3_prepare_v2(db,
		"SELECT s.name, s.query, s.interval, s.executions, "
		"s.last_executed, s.output_size, s.wall_time_ms, "
		"s.last_wall_time_ms, s.user_time, s.last_user_time, "
		"s.system_time, s.last_system_time, s.average_memory, "
		"s.last_memory, d.until FROM schedule AS s LEFT JOIN denylist "
		"AS d ON d.name = s.name ORDER BY s.name", -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_stats v;

		memset(&v, 0, sizeof(v));
		v.name = (const char *)sqlite3_column_text(st, 0);
		read_stats(st, 1, &v);
		v.denylisted_until = sqlite3_column_int64(st, 14);
		if (!v.name)
			continue;
		r = fn(arg, &v);
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		goto fail;
	result = r < 0 ? -1 : 0;
	if (r < 0)
		snprintf(err, errsize, "stopped by the reader");
	goto out;
fail:
	snprintf(err, errsize, "%s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
out:
	sqlite3_finalize(st);
	sqlite3_close_v2(db);
	return result;
}

static char current_path[4096];

void store_set_current(const char *path)
{
	snprintf(current_path, sizeof(current_path), "%s", path ? path : "");
}

const char *store_current(void)
{
	if (current_path[0])
		return current_path;
	return STORE_DEFAULT_DIR "/" STORE_FILE;
}
