/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine.c: the SQL engine (see engine.h).
 *
 * One in-memory SQLite database per engine.  Queries may read every table
 * and create and fill temp tables for their own use; they may not attach
 * other databases, load extensions, run pragmas that change anything, or
 * write anywhere but the temp schema.  The authorizer enforces that at
 * prepare time and leaves its reason in the engine, so the user reads
 * "ATTACH is not allowed" rather than SQLite's bare "not authorized".
 */
#include "sql/engine.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/functions.h"
#include "sql/output.h"
#include "sql/vtab.h"

struct engine {
	sqlite3 *db;
	char reason[256]; /* why the authorizer refused, or "" */
};

/* Pragmas that only read, and may take an argument (a table name). */
static const char *const read_pragmas[] = {
	"collation_list", "compile_options", "database_list", "foreign_key_list",
	"function_list", "index_info", "index_list", "index_xinfo",
	"module_list", "pragma_list", "table_info", "table_list", "table_xinfo",
	NULL,
};

static bool is_read_pragma(const char *name)
{
	size_t i;

	for (i = 0; read_pragmas[i]; i++)
		if (sqlite3_stricmp(name, read_pragmas[i]) == 0)
			return true;
	return false;
}

static bool is_temp(const char *db)
{
	return db && strcmp(db, "temp") == 0;
}

/*
 * Records "<before><what><after>" as the reason and refuses.  SQLite goes
 * on asking after a refusal; the first reason is the one that explains.
 */
static int deny(struct engine *e, const char *before, const char *what,
		const char *after)
{
	if (!e->reason[0])
		snprintf(e->reason, sizeof(e->reason), "%s%s%s", before,
		 what ? what : "", after);
	return SQLITE_DENY;
}

static int authorize(void *arg, int action, const char *a1, const char *a2,
		     const char *db, const char *trigger)
{
	struct engine *e = arg;

	(void)trigger;
	if (vtab_declaring())
		return SQLITE_OK; /* the layer declaring a table's schema */
	switch (action) {
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		return deny(e, "ATTACH and DETACH are not allowed", NULL, "");
	case SQLITE_FUNCTION:
		if (a2 && sqlite3_stricmp(a2, "load_extension") == 0)
			return deny(e, "load_extension is not allowed", NULL, "");
		return SQLITE_OK;
	case SQLITE_PRAGMA:
		if (a1 && is_read_pragma(a1))
			return SQLITE_OK;
		return deny(e, "pragma ", a1, " is not allowed");
	case SQLITE_INSERT:
	case SQLITE_UPDATE:
	case SQLITE_DELETE:
	case SQLITE_ALTER_TABLE:
		if (is_temp(db))
			return SQLITE_OK;
		/*
		 * CREATE and DROP write the schema table first and are then
		 * asked about under their own action, refused below with a
		 * better reason; a query's own write to the schema table is
		 * refused by SQLITE_DBCONFIG_DEFENSIVE.
		 */
		if (a1 && (strcmp(a1, "sqlite_master") == 0 ||
			   strcmp(a1, "sqlite_schema") == 0))
			return SQLITE_OK;
		return deny(e, "writing to '", a1,
			    "' is not allowed (only temp tables can be written)");
	case SQLITE_CREATE_TABLE:
	case SQLITE_CREATE_INDEX:
	case SQLITE_CREATE_VIEW:
	case SQLITE_CREATE_TRIGGER:
	case SQLITE_DROP_TABLE:
	case SQLITE_DROP_INDEX:
	case SQLITE_DROP_VIEW:
	case SQLITE_DROP_TRIGGER:
		return deny(e, "changing the schema of '", a1,
			    "' is not allowed (use CREATE TEMP TABLE)");
	case SQLITE_CREATE_VTABLE:
	case SQLITE_DROP_VTABLE:
		return deny(e, "creating or dropping virtual table '", a1,
			    "' is not allowed");
	case SQLITE_ANALYZE:
	case SQLITE_REINDEX:
		return deny(e, "ANALYZE and REINDEX are not allowed", NULL, "");
	default:
		return SQLITE_OK;
	}
}

static void set_limits(sqlite3 *db)
{
	sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1000000);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 64 * 1024 * 1024);
	sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 200);
	sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 100);
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 10);
	sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, 100);
	sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, 1000);
	sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 10000);
}

struct engine *engine_open(char *err, size_t errsize)
{
	struct engine *e;
	int rc;

	e = calloc(1, sizeof(*e));
	if (!e) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	rc = sqlite3_open_v2(":memory:", &e->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errsize, "cannot open sqlite: %s",
			 e->db ? sqlite3_errmsg(e->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_db_config(e->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_db_config(e->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(e->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, NULL);
	set_limits(e->db);
	if (functions_register(e->db) < 0 || vtab_register_all(e->db) < 0) {
		snprintf(err, errsize, "cannot register tables: %s",
			 sqlite3_errmsg(e->db));
		goto fail;
	}
	sqlite3_set_authorizer(e->db, authorize, e);
	return e;
fail:
	engine_free(e);
	return NULL;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	sqlite3_close_v2(e->db);
	free(e);
}

sqlite3 *engine_db(struct engine *e)
{
	return e->db;
}

const char *engine_errmsg(struct engine *e)
{
	if (e->reason[0])
		return e->reason;
	return sqlite3_errmsg(e->db);
}

int engine_prepare(struct engine *e, const char **sql, sqlite3_stmt **stmt,
		   char *err, size_t errsize)
{
	const char *tail = NULL;
	int rc;

	*stmt = NULL;
	e->reason[0] = '\0';
	rc = sqlite3_prepare_v3(e->db, *sql, -1, 0, stmt, &tail);
	if (rc != SQLITE_OK) {
		snprintf(err, errsize, "%s", engine_errmsg(e));
		*stmt = NULL;
		return -1;
	}
	*sql = tail ? tail : *sql + strlen(*sql);
	return 0;
}

int engine_run(struct engine *e, const char *sql, struct output *out)
{
	char err[512];
	sqlite3_stmt *stmt;
	const char *p = sql;

	while (*p) {
		if (engine_prepare(e, &p, &stmt, err, sizeof(err)) < 0) {
			fprintf(stderr, "vigil: query failed: %s\n", err);
			return -1;
		}
		if (!stmt)
			break;
		if (output_stmt(out, stmt) < 0) {
			fprintf(stderr, "vigil: query failed: %s\n",
				engine_errmsg(e));
			sqlite3_finalize(stmt);
			return -1;
		}
		sqlite3_finalize(stmt);
	}
	return 0;
}
