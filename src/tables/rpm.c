/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rpm.c: the rpm_packages table, the packages of an rpm database in its
 * SQLite form (rpm 4.16 and later: Fedora, RHEL 9 and their kin).
 *
 * Columns (one row a header of the database's Packages table, in the
 * order rpm stored them), from the header's tags:
 *   name, version, release   NAME, VERSION, RELEASE
 *   source           SOURCERPM, the source package's file name
 *   size             LONGSIZE, or SIZE: installed size in bytes
 *   sha1             SHA1HEADER, the header's SHA-1 digest (hex)
 *   arch             ARCH (NULL for gpg-pubkey entries, which have none)
 *   epoch            EPOCH (NULL when the package has none)
 *   install_time     INSTALLTIME, seconds since the epoch
 *   vendor           VENDOR
 *   package_group    GROUP
 *   pid_with_namespace, mount_namespace_id   always NULL: vigil reads the
 *                    database under its root only
 * A header that is malformed gives no row; a tag that is missing or
 * malformed gives NULL.
 *
 * Required constraints: none.  name = 'x' (and IN) skip the other headers
 * as soon as their name is read.  Privileges: none (the database is world
 * readable).  No database (a Debian host, an rpm using Berkeley DB or ndb)
 * means no rows, not an error.
 *
 * Example:
 *   SELECT name, version, release, arch FROM rpm_packages
 *   WHERE name LIKE 'openssl%';
 *
 * How it works: the database is /usr/lib/sysimage/rpm/rpmdb.sqlite, or
 * /var/lib/rpm/rpmdb.sqlite.  It is opened with SQLite itself, read-only
 * and with immutable=1 (no locks, no journal or WAL files looked for or
 * created, nothing written; a transaction rpm has not checkpointed yet is
 * not seen).  SQLite opens files by name, so this is the one table that
 * hands a path to a library instead of reading through hostfs: the path
 * is the root joined with the host path, after hostfs has opened the same
 * host path with HOSTFS_NOFOLLOW (no symlink anywhere beneath the root)
 * and found a regular file, and the file SQLite is given must be that one
 * (same device and inode); SQLite is also told to refuse a symlink.  The
 * schema is not trusted (SQLITE_DBCONFIG_TRUSTED_SCHEMA off, defensive
 * mode on), Packages must be a real table, and the row count is capped.
 * Each blob is parsed by rpmhdr.c, which checks every offset and length.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "sql/table.h"
#include "tables/rpmhdr.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Most headers read from one database. */
#define RPM_MAX_ROWS 1000000

enum rpm_col {
	RPM_NAME,
	RPM_VERSION,
	RPM_RELEASE,
	RPM_SOURCE,
	RPM_SIZE,
	RPM_SHA1,
	RPM_ARCH,
	RPM_EPOCH,
	RPM_INSTALL_TIME,
	RPM_VENDOR,
	RPM_PACKAGE_GROUP,
	RPM_PID_WITH_NAMESPACE,
	RPM_MOUNT_NAMESPACE_ID,
	RPM_NCOLS
};

static const struct column rpm_cols[] = {
	{ "name", COL_TEXT, COL_INDEX | COL_OPTIMIZED, "Package name." },
	{ "version", COL_TEXT, COL_INDEX | COL_VERSION, "Package version." },
	{ "release", COL_TEXT, COL_INDEX, "Package release." },
	{ "source", COL_TEXT, 0, "Source package file name (SOURCERPM)." },
	{ "size", COL_BIGINT, 0, "Installed size in bytes." },
	{ "sha1", COL_TEXT, COL_NOCASE,
	  "SHA-1 digest of the package header (SHA1HEADER)." },
	{ "arch", COL_TEXT, COL_INDEX, "Package architecture." },
	{ "epoch", COL_INTEGER, COL_INDEX,
	  "Package epoch (NULL when it has none)." },
	{ "install_time", COL_INTEGER, 0,
	  "When the package was installed, in seconds since the epoch." },
	{ "vendor", COL_TEXT, 0, "Package vendor." },
	{ "package_group", COL_TEXT, 0, "Package group (GROUP)." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the files under its root, "
	  "not other mount namespaces." },
	{ "mount_namespace_id", COL_TEXT, COL_HIDDEN,
	  "Always NULL: vigil does not enter other mount namespaces." },
};
_Static_assert(TABLE_NCOLS(rpm_cols) == RPM_NCOLS, "rpm_packages columns");

static const char *const rpmdb_paths[] = {
	"/usr/lib/sysimage/rpm/rpmdb.sqlite",
	"/var/lib/rpm/rpmdb.sqlite",
};

/* Appends s to b as a file: URI path, %-escaping all but unreserved
 * bytes and '/'.  0 or -1. */
static int uri_path(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		char esc[3];

		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '/' || *p == '-' ||
		    *p == '.' || *p == '_' || *p == '~') {
			if (buf_addc(b, (char)*p) < 0)
				return -1;
			continue;
		}
		esc[0] = '%';
		esc[1] = hex[*p >> 4];
		esc[2] = hex[*p & 15];
		if (buf_add(b, esc, 3) < 0)
			return -1;
	}
	return 0;
}

/*
 * Opens the first rpm database found, read-only and immutable.  Returns 0
 * with *out set (NULL when there is none), or -1 when memory runs out.
 */
static int rpmdb_open(sqlite3 **out)
{
	const char *root = hostfs_root();
	struct buf path = BUF_INIT(8192), uri = BUF_INIT(32768);
	struct stat hs, ps;
	sqlite3 *db = NULL;
	size_t i;
	int fd, rc = 0;

	*out = NULL;
	for (i = 0; i < sizeof(rpmdb_paths) / sizeof(rpmdb_paths[0]); i++) {
		fd = hostfs_open(rpmdb_paths[i], O_RDONLY | O_NONBLOCK,
				 HOSTFS_NOFOLLOW);
		if (fd < 0)
			continue;
		if (fstat(fd, &hs) < 0 || !S_ISREG(hs.st_mode)) {
			close(fd);
			continue;
		}
		close(fd);
		buf_reset(&path);
		buf_reset(&uri);
		/* The root as given, joined with the host path: the one
		 * place a host path is opened by name (see above). */
		if (buf_adds(&path, strcmp(root, "/") == 0 ? "" : root) < 0 ||
		    buf_adds(&path, rpmdb_paths[i]) < 0 ||
		    buf_adds(&uri, "file:") < 0 ||
		    uri_path(&uri, path.data) < 0 ||
		    buf_adds(&uri, "?immutable=1") < 0) {
			rc = errno == ENOMEM ? -1 : 0;
			goto out;
		}
		if (stat(path.data, &ps) < 0 || ps.st_dev != hs.st_dev ||
		    ps.st_ino != hs.st_ino)
			continue;
		if (sqlite3_open_v2(uri.data, &db,
				    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
					    SQLITE_OPEN_NOFOLLOW |
					    SQLITE_OPEN_NOMUTEX,
				    NULL) != SQLITE_OK) {
			sqlite3_close(db);
			db = NULL;
			continue;
		}
		sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
		sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
		sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
		*out = db;
		goto out;
	}
out:
	buf_release(&path);
	buf_release(&uri);
	return rc;
}

static bool name_wanted(const char *const *vals, int n, const char *s,
			size_t len)
{
	int i;

	if (n == 0)
		return true;
	for (i = 0; i < n; i++)
		if (strlen(vals[i]) == len && memcmp(vals[i], s, len) == 0)
			return true;
	return false;
}

static void set_str(struct qctx *q, const struct rpmhdr *h, int col,
		    uint32_t tag)
{
	const char *s;
	long n = rpmhdr_string(h, tag, &s);

	if (n >= 0)
		qctx_set_textn(q, col, s, (size_t)n);
}

static void set_num(struct qctx *q, const struct rpmhdr *h, int col,
		    uint32_t tag)
{
	uint64_t v;

	if (rpmhdr_number(h, tag, &v) == 0 && v <= INT64_MAX)
		qctx_set_int(q, col, (int64_t)v);
}

/* One row from a header blob, unless it is malformed or ruled out. */
static int rpm_row(struct qctx *q, const void *blob, size_t len,
		   const char *const *names, int nnames)
{
	struct rpmhdr h;
	const char *name;
	uint64_t v;
	long n;

	if (rpmhdr_init(&h, blob, len, NULL, 0) < 0)
		return 0;
	n = rpmhdr_string(&h, RPMTAG_NAME, &name);
	if (n < 0 || !name_wanted(names, nnames, name, (size_t)n))
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_textn(q, RPM_NAME, name, (size_t)n);
	set_str(q, &h, RPM_VERSION, RPMTAG_VERSION);
	set_str(q, &h, RPM_RELEASE, RPMTAG_RELEASE);
	set_str(q, &h, RPM_SOURCE, RPMTAG_SOURCERPM);
	if (rpmhdr_number(&h, RPMTAG_LONGSIZE, &v) == 0 ||
	    rpmhdr_number(&h, RPMTAG_SIZE, &v) == 0)
		if (v <= INT64_MAX)
			qctx_set_int(q, RPM_SIZE, (int64_t)v);
	set_str(q, &h, RPM_SHA1, RPMTAG_SHA1HEADER);
	set_str(q, &h, RPM_ARCH, RPMTAG_ARCH);
	set_num(q, &h, RPM_EPOCH, RPMTAG_EPOCH);
	set_num(q, &h, RPM_INSTALL_TIME, RPMTAG_INSTALLTIME);
	set_str(q, &h, RPM_VENDOR, RPMTAG_VENDOR);
	set_str(q, &h, RPM_PACKAGE_GROUP, RPMTAG_GROUP);
	return 0;
}

static int rpm_generate(struct qctx *q)
{
	const char *const *names;
	sqlite3_stmt *st = NULL;
	sqlite3 *db;
	int nnames, rc = -1;
	long rows = 0;

	nnames = qctx_values(q, RPM_NAME, QOP_EQ, &names);
	if (rpmdb_open(&db) < 0)
		return qctx_error(q, "rpm_packages: out of memory");
	if (!db)
		return 0;
	/* Packages must be a table of the database itself. */
	if (sqlite3_prepare_v2(db,
			       "SELECT 1 FROM main.sqlite_schema WHERE "
			       "type = 'table' AND name = 'Packages'",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = 0; /* not an rpm database: no rows */
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT blob FROM main.Packages ORDER BY hnum",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = 0;
		goto out;
	}
	while (sqlite3_step(st) == SQLITE_ROW && rows++ < RPM_MAX_ROWS) {
		const void *blob;
		int len;

		/* The type first: reading a text value as a blob would
		 * convert it. */
		if (sqlite3_column_type(st, 0) != SQLITE_BLOB)
			continue;
		blob = sqlite3_column_blob(st, 0);
		len = sqlite3_column_bytes(st, 0);
		if (!blob || len <= 0)
			continue;
		if (rpm_row(q, blob, (size_t)len, names, nnames) < 0)
			goto out;
	}
	/* A database that turns out corrupt part way gives the rows read
	 * before the damage. */
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

static const struct table rpm_table = {
	.name = "rpm_packages",
	.desc = "Packages of the rpm database (SQLite form).",
	.cols = rpm_cols,
	.ncols = RPM_NCOLS,
	.generate = rpm_generate,
};
TABLE_REGISTER(rpm_table);
