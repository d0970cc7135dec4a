/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vtab: the one generic virtual-table layer.  It turns every registered
 * table descriptor (table.h) into an eponymous SQLite module, pushes =, IN
 * and LIKE constraints down to the generator, and refuses a scan that lacks
 * a required constraint with an error naming the columns.
 */
#ifndef VIGIL_VTAB_H
#define VIGIL_VTAB_H

#include <sqlite3.h>
#include <stdbool.h>

#include "sql/table.h"
#include "util/buf.h"

/* Registers every table as an eponymous-only module on db.  0 or -1. */
int vtab_register_all(sqlite3 *db);

/*
 * True while the layer declares a table's schema to SQLite.  The engine's
 * authorizer lets that internal statement through; it refuses the same
 * writes to the schema when a query makes them.
 */
bool vtab_declaring(void);

/* Appends "CREATE TABLE name(col TYPE, ...)" for t to out.  0 or -1. */
int vtab_schema(const struct table *t, struct buf *out);

/* The SQL type name osquery uses for a column type ("BIGINT" ...). */
const char *vtab_type_name(enum col_type type);

#endif
