/* SPDX-License-Identifier: Apache-2.0 */
/*
 * table.h: how a table is declared and how its generator talks to the
 * generic virtual-table layer (vtab.c).
 *
 * A table is a static descriptor: name, description, columns, and one
 * generate function.  Defining it with TABLE_REGISTER() in its family file
 * under src/tables/ is all it takes to add it: the registry finds every
 * registered descriptor through a linker section, and `vigil tables`, the
 * shell's .tables/.schema and the generated docs all read the registry.
 *
 * The generator is called once per scan.  It reads the constraints SQLite
 * pushed down (=, IN as one call per member, LIKE) to narrow its work, and
 * emits rows with qctx_row() and the qctx_set_* calls.  Constraints are
 * hints: SQLite checks every WHERE term again on what comes back, so a
 * generator may return more rows than match, never fewer.  qctx_used()
 * says which columns the query reads, so costly columns can be skipped.
 *
 * A table whose scans can be huge (file_lines: every line of a file)
 * gives a struct table_stream instead: the layer asks it for rows a batch
 * at a time, as SQLite steps through them, so a scan of millions of rows
 * holds one batch in memory and a query that stops early (LIMIT, EXISTS)
 * stops the reading too.
 *
 * Column indices are positions in the descriptor's column array; each
 * family file declares an enum that mirrors its array.
 */
#ifndef VIGIL_TABLE_H
#define VIGIL_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum col_type {
	COL_TEXT,
	COL_INTEGER,
	COL_BIGINT,
	COL_DOUBLE,
};

enum col_flags {
	COL_INDEX = 1 << 0,      /* the generator narrows its work on = */
	COL_REQUIRED = 1 << 1,   /* a scan needs = or LIKE on one required column */
	COL_HIDDEN = 1 << 2,     /* left out of SELECT * */
	COL_ADDITIONAL = 1 << 3, /* osquery's "additional": used as input */
	COL_OPTIMIZED = 1 << 4,  /* osquery's "optimized": constraint used */
	COL_NOCASE = 1 << 5,     /* declared COLLATE NOCASE */
	COL_VERSION = 1 << 6,    /* declared COLLATE VERSION (version order) */
	/*
	 * The generator returns only rows whose value in this column is the
	 * = constraint's value, byte for byte, so SQLite need not compare
	 * them again.  Only for tables whose generator honours a single =
	 * exactly (file_lines' path).
	 */
	COL_EXACT = 1 << 7,
};

struct column {
	const char *name;
	enum col_type type;
	unsigned flags;
	const char *desc; /* one sentence, for docs */
};

struct qctx;

/*
 * A scan in steps.  open() reads the constraints (qctx_values' strings
 * are valid only during open: copy what later steps need) and sets *state;
 * step() emits rows until qctx_full() says the batch is full or the scan
 * is over, and returns 1 when it has more to give, 0 when it is done, -1
 * after qctx_error(); close() frees the state (called once after a
 * successful open, whether the scan ran to its end or not).
 */
struct table_stream {
	int (*open)(struct qctx *q, void **state);
	int (*step)(struct qctx *q, void *state);
	void (*close)(void *state);
};

struct table {
	const char *name;
	const char *desc; /* one line, for `vigil tables` */
	const struct column *cols;
	int ncols;
	/* Emits the rows; returns 0, or -1 after qctx_error(). */
	int (*generate)(struct qctx *q);
	/* Instead of generate: the rows in batches (see above). */
	const struct table_stream *stream;
};

#define TABLE_NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/*
 * Registers a descriptor.  Use once per table at file scope:
 *   TABLE_REGISTER(processes_table);
 */
#define TABLE_REGISTER(desc)                                                  \
	static const struct table *const table_ptr_##desc                     \
		__attribute__((used, section("vigil_tables"), aligned(8))) = &desc

enum qop {
	QOP_EQ,   /* column = value, and each member of column IN (...) */
	QOP_LIKE, /* column LIKE pattern */
};

/* True when the query reads column col (in its output or its WHERE). */
bool qctx_used(const struct qctx *q, int col);

/*
 * The values constraining column col with operator op, as text, in *vals
 * (owned by the layer, valid during this generate call).  Returns how many;
 * 0 when the column is not constrained that way.
 */
int qctx_values(const struct qctx *q, int col, enum qop op,
		const char *const **vals);

/* True when column col has at least one = or LIKE constraint. */
bool qctx_constrained(const struct qctx *q, int col);

/*
 * Starts a new row; every column is NULL until set.  Returns 0, or -1 when
 * memory runs out or the row limit is reached (the error is already set:
 * return -1 from the generator).
 */
int qctx_row(struct qctx *q);

/* True when a streaming table's step should return (the batch is full). */
bool qctx_full(const struct qctx *q);

/* Set a column of the current row.  Text is copied.  A NULL s leaves the
 * column NULL.  qctx_set_textn takes a length and need not be terminated. */
void qctx_set_text(struct qctx *q, int col, const char *s);
void qctx_set_textn(struct qctx *q, int col, const char *s, size_t n);
/* Like qctx_set_textn without the copy: s[0..n) must stay as it is while
 * the row may be read: until the next step of a streaming table (its read
 * buffer, its own copy of a path), until the scan ends otherwise. */
void qctx_set_textref(struct qctx *q, int col, const char *s, size_t n);
void qctx_set_int(struct qctx *q, int col, int64_t v);
void qctx_set_double(struct qctx *q, int col, double v);

/*
 * A whole row in one call, for streaming tables whose rows are many and
 * cheap (file_lines: a row a line), where five calls a row were a fifth
 * of a scan's time: the columns named in vals[0..n) are set, the others
 * NULL.  A QVAL_TEXTREF value is kept by reference, under the rules of
 * qctx_set_textref (a NULL s leaves the column NULL); a QVAL_INT value is
 * set as by qctx_set_int.  Returns 1 when the batch is now full (a step
 * should return), 0 when there is room for more, -1 when the row could
 * not be added (the error is set).
 */
enum qval_kind { QVAL_TEXTREF, QVAL_INT };

struct qval {
	int col;
	enum qval_kind kind;
	const char *s; /* QVAL_TEXTREF: s[0..n) */
	size_t n;
	int64_t i; /* QVAL_INT */
};

int qctx_emit(struct qctx *q, const struct qval *vals, int n);

/*
 * count more rows, each the last row given but for the integer column
 * col, which counts on from first: first, first + 1, ...  For rows that
 * differ only in a counter (the lines of a file when the query reads
 * neither their text nor anything else that changes).  The rows are not
 * stored: SQLite's every step to the next row makes it from the one
 * before, so a run of a thousand rows costs what one row does.  A run
 * ends the batch: the step returns after it (1, or 0 when the scan has
 * nothing more), and a row added after it is an error.  Returns 1; 0 for
 * a count of 0 (nothing is added); -1 with the error set when there is no
 * row to repeat, col is not a column, or the counter would overflow.
 */
int qctx_run_int(struct qctx *q, int col, int64_t first, uint64_t count);

/* Records a query error (shown as the SQL error).  Returns -1 so a
 * generator can `return qctx_error(q, "...")`. */
int qctx_error(struct qctx *q, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Registry: every registered table, sorted by name. */
const struct table *const *registry_tables(size_t *n);
const struct table *registry_find(const char *name);

#endif
