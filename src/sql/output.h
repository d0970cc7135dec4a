/* SPDX-License-Identifier: Apache-2.0 */
/*
 * output: writes a statement's result set as an aligned table, a JSON array
 * of objects (values typed by the column's declared type), RFC 4180 CSV, or
 * "column = value" lines.  Table and line output escape control characters
 * so a hostile process name cannot drive the terminal.
 */
#ifndef VIGIL_OUTPUT_H
#define VIGIL_OUTPUT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>

enum output_mode {
	OUTPUT_TABLE,
	OUTPUT_JSON,
	OUTPUT_CSV,
	OUTPUT_LINE,
};

struct output {
	enum output_mode mode;
	bool headers; /* table and csv: print the header row */
	FILE *fp;
};

#define OUTPUT_INIT { OUTPUT_TABLE, true, NULL }

/* "table", "json", "csv", "line" -> mode; 0, or -1 for an unknown name. */
int output_parse_mode(const char *name, enum output_mode *mode);
const char *output_mode_name(enum output_mode mode);

/*
 * Steps stmt to its end and writes the rows.  Returns 0, or -1 when a step
 * failed (the caller reports sqlite3_errmsg / engine_errmsg).  Statements
 * that return no columns write nothing.
 */
int output_stmt(struct output *o, sqlite3_stmt *stmt);

#endif
