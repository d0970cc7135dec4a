/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine: the SQL engine.  An in-memory SQLite database with every
 * registered table as a virtual table, vigil's extra SQL functions, an
 * authorizer that keeps queries read-only (no ATTACH, no load_extension,
 * no writing pragmas, writes only to temp tables), and limits on SQL length
 * and expression depth.
 */
#ifndef VIGIL_ENGINE_H
#define VIGIL_ENGINE_H

#include <sqlite3.h>
#include <stddef.h>

struct engine;
struct output;

/*
 * Opens an engine.  Returns it (engine_free() it), or NULL with a message
 * in err.
 */
struct engine *engine_open(char *err, size_t errsize);
void engine_free(struct engine *e);

sqlite3 *engine_db(struct engine *e);

/*
 * Prepares the next statement of *sql and advances *sql past it.  *stmt is
 * NULL when only white space or comments remained.  Returns 0, or -1 with a
 * message in err (the authorizer's reason where it refused).
 */
int engine_prepare(struct engine *e, const char **sql, sqlite3_stmt **stmt,
		   char *err, size_t errsize);

/*
 * The message for the last failure on the engine's database, with the
 * authorizer's reason in place of SQLite's "not authorized".
 */
const char *engine_errmsg(struct engine *e);

/*
 * Runs every statement in sql, writing each result set to out.  On the
 * first failure prints "vigil: query failed: <reason>" on stderr and
 * returns -1; returns 0 when all ran.
 */
int engine_run(struct engine *e, const char *sql, struct output *out);

#endif
