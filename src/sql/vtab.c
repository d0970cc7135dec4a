/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vtab.c: the one generic virtual-table layer.
 *
 * Every registered table descriptor becomes an eponymous-only SQLite module
 * of the same name.  xBestIndex offers SQLite the = and LIKE constraints on
 * columns a generator can use (flagged index, required, additional or
 * optimized); IN lists reach the generator as one xFilter per member.  The
 * constraints are not "omitted", so SQLite re-checks every term and a
 * generator may over-produce; the one exception is a lone = on a column
 * flagged COL_EXACT, whose generator promises exact rows.  The plan's
 * column mask and constraint list travel to xFilter in idxStr as
 * "<mask hex>;<col>:<op>:<omitted>,...".
 *
 * xFilter runs the generator once and keeps its rows in the cursor: an
 * array of cells with their text in a chunked arena, freed with the cursor.
 * A streaming table (struct table_stream) fills the same array one batch
 * of STREAM_BATCH rows at a time instead: xFilter opens the scan and takes
 * the first batch, and xNext takes the next when SQLite has read the last
 * row of the one before, reusing the array and the arena's first chunk.
 * A batch may end in a run (qctx_run_int): rows that xNext makes by
 * counting up one integer cell of the last row, never stored.
 *
 * A table with required columns gets an enormous cost for any plan without
 * one of them, so SQLite picks a constrained plan whenever one exists (a
 * join supplying path = other.col, say); when none does, xFilter fails with
 * "table file requires a constraint on path or directory".
 */
#include "sql/vtab.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/table.h"
#include "util/buf.h"

/* A scan that produces more rows than this fails instead of eating memory. */
#define VTAB_MAX_ROWS 5000000
#define ARENA_CHUNK (64 * 1024)
#define COST_MISSING_REQUIRED 1e40
/* Rows a streaming table hands over at a time: small enough to stay in
 * the CPU's caches, large enough that a step costs little per row. */
#define STREAM_BATCH 256

enum cell_type { CELL_NULL, CELL_INT, CELL_DOUBLE, CELL_TEXT };

/* 16 bytes: text is capped far below 4 GiB (SQLITE_LIMIT_LENGTH). */
struct cell {
	uint32_t type; /* enum cell_type */
	uint32_t n;    /* text length */
	union {
		int64_t i;
		double d;
		const char *p;
	} v;
};

struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

struct vt {
	sqlite3_vtab base;
	const struct table *t;
};

struct cursor;

struct qctx {
	const struct table *t;
	struct cursor *cur;
	uint64_t used;
	/* Constraint values, grouped by (col, op) so each group is contiguous. */
	int nvals;
	int col[64];
	int op[64];
	const char *val[64];
	/* The row being set (NULL before the first and after a failure). */
	struct cell *row;
	/* An omitted = was given NULL or a blob, which no row equals. */
	bool none;
	bool failed;
};

struct cursor {
	sqlite3_vtab_cursor base;
	struct vt *vt;
	/*
	 * Every column is stored, used or not: the rowid hashes whole rows
	 * (see vt_rowid), and unused columns are mostly left NULL anyway.
	 */
	size_t ncols;
	struct cell *cells; /* nrows * ncols */
	size_t nrows, alloc_rows;
	size_t pos;
	struct chunk *arena;
	/* A streaming table's scan: its query context and state, live from
	 * xFilter to the next xFilter or xClose. */
	struct qctx q;
	void *state;
	bool streaming;
	bool done; /* the stream has no more batches */
	/* A run (qctx_run_int): run_left more rows after the batch's last
	 * one, made by setting its run_cell to run_next, run_next + 1 ... */
	struct cell *run_cell;
	int64_t run_next;
	uint64_t run_left;
};

/* Set while sqlite3_declare_vtab() runs; see vtab_declaring(). */
static _Thread_local bool declaring;

static const unsigned PUSHABLE = COL_INDEX | COL_REQUIRED | COL_ADDITIONAL |
				 COL_OPTIMIZED;

const char *vtab_type_name(enum col_type type)
{
	switch (type) {
	case COL_TEXT:
		return "TEXT";
	case COL_INTEGER:
		return "INTEGER";
	case COL_BIGINT:
		return "BIGINT";
	case COL_DOUBLE:
		return "DOUBLE";
	}
	return "TEXT";
}

static bool needs_quote(const char *name)
{
	const char *p;

	if (sqlite3_keyword_check(name, (int)strlen(name)))
		return true;
	if (!((*name >= 'a' && *name <= 'z') || *name == '_'))
		return true;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_'))
			return true;
	return false;
}

int vtab_schema(const struct table *t, struct buf *out)
{
	int i;

	if (buf_printf(out, "CREATE TABLE %s(", t->name) < 0)
		return -1;
	for (i = 0; i < t->ncols; i++) {
		const struct column *c = &t->cols[i];
		const char *q = needs_quote(c->name) ? "\"" : "";

		if (buf_printf(out, "%s%s%s%s %s%s%s%s", i ? ", " : "", q,
			       c->name, q, vtab_type_name(c->type),
			       (c->flags & COL_HIDDEN) ? " HIDDEN" : "",
			       (c->flags & COL_NOCASE) ? " COLLATE NOCASE" : "",
			       (c->flags & COL_VERSION) ? " COLLATE VERSION" :
							  "") < 0)
			return -1;
	}
	return buf_adds(out, ")");
}

static int vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
		      sqlite3_vtab **out, char **err)
{
	const struct table *t = aux;
	struct buf sql = BUF_INIT(1 << 20);
	struct vt *vt;
	int rc;

	(void)argc;
	(void)argv;
	if (vtab_schema(t, &sql) < 0)
		return SQLITE_NOMEM;
	declaring = true;
	rc = sqlite3_declare_vtab(db, sql.data);
	declaring = false;
	buf_release(&sql);
	if (rc != SQLITE_OK) {
		*err = sqlite3_mprintf("cannot declare table %s: %s", t->name,
				       sqlite3_errmsg(db));
		return rc;
	}
	vt = sqlite3_malloc(sizeof(*vt));
	if (!vt)
		return SQLITE_NOMEM;
	memset(vt, 0, sizeof(*vt));
	vt->t = t;
	sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
	*out = &vt->base;
	return SQLITE_OK;
}

bool vtab_declaring(void)
{
	return declaring;
}

static int vt_disconnect(sqlite3_vtab *base)
{
	sqlite3_free(base);
	return SQLITE_OK;
}

static int vt_best_index(sqlite3_vtab *base, sqlite3_index_info *info)
{
	const struct table *t = ((struct vt *)base)->t;
	struct buf idx = BUF_INIT(4096);
	bool has_required = false, required_met = false, indexed = false;
	bool liked = false;
	int i, argv = 0;
	unsigned char neq[64] = { 0 };

	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].flags & COL_REQUIRED)
			has_required = true;
	/* = constraints a column has: an exact column omits a lone one. */
	for (i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];

		if (c->usable && c->op == SQLITE_INDEX_CONSTRAINT_EQ &&
		    c->iColumn >= 0 && c->iColumn < 64 && neq[c->iColumn] < 2)
			neq[c->iColumn]++;
	}
	if (buf_printf(&idx, "%" PRIx64 ";", (uint64_t)info->colUsed) < 0)
		return SQLITE_NOMEM;
	for (i = 0; i < info->nConstraint && argv < 64; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];
		unsigned flags;
		int op, omit;

		if (!c->usable || c->iColumn < 0 || c->iColumn >= t->ncols)
			continue;
		if (c->op == SQLITE_INDEX_CONSTRAINT_EQ)
			op = QOP_EQ;
		else if (c->op == SQLITE_INDEX_CONSTRAINT_LIKE)
			op = QOP_LIKE;
		else
			continue;
		flags = t->cols[c->iColumn].flags;
		if (!(flags & PUSHABLE))
			continue;
		/*
		 * Generators compare bytes.  An = under another collation
		 * ("x = 'ROOT' COLLATE NOCASE") would lose rows, so it stays
		 * with SQLite alone.
		 */
		if (op == QOP_EQ &&
		    sqlite3_stricmp(sqlite3_vtab_collation(info, i), "BINARY"))
			continue;
		omit = op == QOP_EQ && (flags & COL_EXACT) &&
		       c->iColumn < 64 && neq[c->iColumn] == 1;
		info->aConstraintUsage[i].argvIndex = ++argv;
		info->aConstraintUsage[i].omit = (unsigned char)omit;
		if (buf_printf(&idx, "%d:%d:%d,", c->iColumn, op, omit) < 0) {
			buf_release(&idx);
			return SQLITE_NOMEM;
		}
		if (flags & COL_REQUIRED)
			required_met = true;
		if (op == QOP_EQ && (flags & (COL_INDEX | COL_REQUIRED)))
			indexed = true;
		if (op == QOP_LIKE)
			liked = true;
	}
	info->idxStr = sqlite3_mprintf("%s", idx.data);
	buf_release(&idx);
	if (!info->idxStr)
		return SQLITE_NOMEM;
	info->needToFreeIdxStr = 1;
	info->idxNum = has_required && !required_met;
	if (info->idxNum) {
		info->estimatedCost = COST_MISSING_REQUIRED;
		info->estimatedRows = 1000000000;
	} else if (indexed) {
		info->estimatedCost = 10;
		info->estimatedRows = 10;
	} else if (liked) {
		info->estimatedCost = 1000;
		info->estimatedRows = 1000;
	} else {
		info->estimatedCost = 100000;
		info->estimatedRows = 100000;
	}
	return SQLITE_OK;
}

static void arena_free(struct chunk *c)
{
	while (c) {
		struct chunk *next = c->next;

		free(c);
		c = next;
	}
}

static const char *arena_copy(struct cursor *cur, const char *s, size_t n)
{
	struct chunk *c = cur->arena;
	char *p;

	if (!c || c->size - c->used < n + 1) {
		size_t size = n + 1 > ARENA_CHUNK / 4 ? n + 1 : ARENA_CHUNK;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		if (size == ARENA_CHUNK || !cur->arena) {
			c->next = cur->arena;
			cur->arena = c;
		} else {
			/* A big string gets its own chunk behind the current one,
			 * so the current chunk keeps taking small strings. */
			c->next = cur->arena->next;
			cur->arena->next = c;
		}
	}
	p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

/* Empties the arena for the next batch, keeping one standard chunk. */
static void arena_reset(struct cursor *cur)
{
	struct chunk *c = cur->arena;

	if (!c)
		return;
	arena_free(c->next);
	c->next = NULL;
	if (c->size != ARENA_CHUNK) {
		free(c);
		cur->arena = NULL;
		return;
	}
	c->used = 0;
}

static void cursor_clear(struct cursor *cur)
{
	if (cur->streaming && cur->state)
		cur->vt->t->stream->close(cur->state);
	cur->state = NULL;
	cur->streaming = false;
	cur->done = false;
	free(cur->cells);
	cur->cells = NULL;
	cur->q.row = NULL;
	cur->nrows = 0;
	cur->alloc_rows = 0;
	cur->pos = 0;
	cur->run_left = 0;
	arena_free(cur->arena);
	cur->arena = NULL;
}

static int vt_open(sqlite3_vtab *base, sqlite3_vtab_cursor **out)
{
	struct cursor *cur = sqlite3_malloc(sizeof(*cur));

	if (!cur)
		return SQLITE_NOMEM;
	memset(cur, 0, sizeof(*cur));
	cur->vt = (struct vt *)base;
	cur->ncols = (size_t)cur->vt->t->ncols;
	*out = &cur->base;
	return SQLITE_OK;
}

static int vt_close(sqlite3_vtab_cursor *base)
{
	struct cursor *cur = (struct cursor *)base;

	cursor_clear(cur);
	sqlite3_free(cur);
	return SQLITE_OK;
}

/*
 * Formats with the C library, not sqlite3_vmprintf: the format attribute
 * promises printf semantics, and SQLite's printf reads "%z" as a string
 * to free, so "%zu" would free a number.
 */
static void vset_error(struct qctx *q, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void vset_error(struct qctx *q, const char *fmt, va_list ap)
{
	sqlite3_vtab *vt = &q->cur->vt->base;
	char msg[1024];

	if (q->failed)
		return;
	q->failed = true;
	q->row = NULL;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	sqlite3_free(vt->zErrMsg);
	vt->zErrMsg = sqlite3_mprintf("%s", msg);
}

int qctx_error(struct qctx *q, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset_error(q, fmt, ap);
	va_end(ap);
	return -1;
}

bool qctx_used(const struct qctx *q, int col)
{
	if (col >= 63)
		return (q->used >> 63) & 1;
	return (q->used >> col) & 1;
}

int qctx_values(const struct qctx *q, int col, enum qop op,
		const char *const **vals)
{
	int i, start = -1, n = 0;

	for (i = 0; i < q->nvals; i++) {
		if (q->col[i] == col && q->op[i] == (int)op) {
			if (start < 0)
				start = i;
			n++;
		}
	}
	*vals = n ? &q->val[start] : NULL;
	return n;
}

bool qctx_constrained(const struct qctx *q, int col)
{
	int i;

	for (i = 0; i < q->nvals; i++)
		if (q->col[i] == col)
			return true;
	return false;
}

bool qctx_full(const struct qctx *q)
{
	return q->cur->nrows >= STREAM_BATCH;
}

/* Makes room for one more row: 0, or -1 with the error set. */
static int grow_rows(struct qctx *q)
{
	struct cursor *cur = q->cur;
	size_t na = cur->alloc_rows ? cur->alloc_rows * 2 : 16;
	struct cell *p;

	/* The array never outgrows the limit, so it is checked only here,
	 * when the array is full. */
	if (cur->nrows >= VTAB_MAX_ROWS) {
		qctx_error(q, "table %s: more than %d rows; narrow the query",
			  q->t->name, VTAB_MAX_ROWS);
		return -1;
	}
	if (na > VTAB_MAX_ROWS)
		na = VTAB_MAX_ROWS;
	p = reallocarray(cur->cells, na * cur->ncols + 1, sizeof(*p));
	if (!p) {
		qctx_error(q, "table %s: out of memory", q->t->name);
		return -1;
	}
	cur->cells = p;
	cur->alloc_rows = na;
	return 0;
}

/* Starts the next row, every column NULL: the row, or NULL with the
 * error set. */
static struct cell *new_row(struct qctx *q)
{
	struct cursor *cur = q->cur;
	size_t ncols = cur->ncols, i;
	struct cell *row;

	if (q->failed)
		return NULL;
	if (cur->run_left > 0) {
		qctx_error(q, "table %s: a row after a run", q->t->name);
		return NULL;
	}
	if (cur->nrows == cur->alloc_rows && grow_rows(q) < 0)
		return NULL;
	row = &cur->cells[cur->nrows * ncols];
	for (i = 0; i < ncols; i++)
		row[i].type = CELL_NULL;
	cur->nrows++;
	q->row = row;
	return row;
}

int qctx_row(struct qctx *q)
{
	return new_row(q) ? 0 : -1;
}

/* The current row's cell for col, or NULL when there is none. */
static struct cell *current(struct qctx *q, int col)
{
	if (!q->row || col < 0 || (size_t)col >= q->cur->ncols)
		return NULL;
	return &q->row[col];
}

/* Parses a whole decimal integer, for text handed to an integer column. */
static bool parse_int(const char *s, size_t n, int64_t *out)
{
	char tmp[32], *end;
	long long v;

	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	errno = 0;
	v = strtoll(tmp, &end, 10);
	if (errno || *end || end == tmp)
		return false;
	*out = v;
	return true;
}

void qctx_set_textn(struct qctx *q, int col, const char *s, size_t n)
{
	struct cell *c = current(q, col);
	enum col_type type;
	const char *p;
	int64_t v;

	if (!c || !s)
		return;
	type = q->t->cols[col].type;
	if ((type == COL_INTEGER || type == COL_BIGINT) && parse_int(s, n, &v)) {
		c->type = CELL_INT;
		c->v.i = v;
		return;
	}
	if (n > UINT32_MAX) {
		qctx_error(q, "table %s: a value is too long", q->t->name);
		return;
	}
	/*
	 * A value repeated from the row before (the path of every line of
	 * one file, say) shares that row's copy.
	 */
	if (q->cur->nrows > 1) {
		const struct cell *prev = c - q->cur->ncols;

		if (prev->type == CELL_TEXT && prev->n == n &&
		    memcmp(prev->v.p, s, n) == 0) {
			*c = *prev;
			return;
		}
	}
	p = arena_copy(q->cur, s, n);
	if (!p) {
		qctx_error(q, "table %s: out of memory", q->t->name);
		return;
	}
	c->type = CELL_TEXT;
	c->v.p = p;
	c->n = (uint32_t)n;
}

/* Sets cell c of column col to s[0..n) by reference, or by copy when it
 * is too long or may yet become a number. */
static void set_textref(struct qctx *q, struct cell *c, int col, const char *s,
			size_t n)
{
	enum col_type type = q->t->cols[col].type;

	if (n > UINT32_MAX || (type != COL_TEXT && type != COL_DOUBLE)) {
		qctx_set_textn(q, col, s, n);
		return;
	}
	c->type = CELL_TEXT;
	c->v.p = s;
	c->n = (uint32_t)n;
}

void qctx_set_textref(struct qctx *q, int col, const char *s, size_t n)
{
	struct cell *c = current(q, col);

	if (c && s)
		set_textref(q, c, col, s, n);
}

int qctx_emit(struct qctx *q, const struct qval *vals, int n)
{
	struct cell *row = new_row(q);
	int k;

	if (!row)
		return -1;
	for (k = 0; k < n; k++) {
		const struct qval *v = &vals[k];

		if (v->col < 0 || (size_t)v->col >= q->cur->ncols)
			continue;
		if (v->kind == QVAL_INT)
			row[v->col] = (struct cell){ .type = CELL_INT, .v.i = v->i };
		else if (v->s)
			set_textref(q, &row[v->col], v->col, v->s, v->n);
	}
	if (q->failed)
		return -1;
	return qctx_full(q) ? 1 : 0;
}

int qctx_run_int(struct qctx *q, int col, int64_t first, uint64_t count)
{
	struct cursor *cur = q->cur;
	struct cell *c = current(q, col); /* the batch's last row */

	if (cur->run_left > 0)
		return qctx_error(q, "table %s: a row after a run", q->t->name);
	if (!c)
		return qctx_error(q, "table %s: no row to repeat", q->t->name);
	if (count == 0)
		return 0;
	if (count - 1 > (uint64_t)INT64_MAX - (uint64_t)first)
		return qctx_error(q, "table %s: a run past the largest integer",
				  q->t->name);
	cur->run_cell = c;
	cur->run_next = first;
	cur->run_left = count;
	return 1;
}

void qctx_set_text(struct qctx *q, int col, const char *s)
{
	if (s)
		qctx_set_textn(q, col, s, strlen(s));
}

void qctx_set_int(struct qctx *q, int col, int64_t v)
{
	struct cell *c = current(q, col);

	if (!c)
		return;
	c->type = CELL_INT;
	c->v.i = v;
}

void qctx_set_double(struct qctx *q, int col, double v)
{
	struct cell *c = current(q, col);

	if (!c)
		return;
	c->type = CELL_DOUBLE;
	c->v.d = v;
}

static const char *required_list(const struct table *t, struct buf *b)
{
	int i, n = 0, k = 0;

	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].flags & COL_REQUIRED)
			n++;
	for (i = 0; i < t->ncols; i++) {
		if (!(t->cols[i].flags & COL_REQUIRED))
			continue;
		k++;
		buf_printf(b, "%s%s", k == 1 ? "" : k == n ? " or " : ", ",
			   t->cols[i].name);
	}
	return b->data ? b->data : "";
}

/*
 * Parses idxStr ("<mask>;<col>:<op>:<omitted>,...") into q, taking values
 * from argv.
 */
static int parse_plan(struct qctx *q, const char *idx, int argc,
		      sqlite3_value **argv)
{
	int order[64], k = 0, i, j, cols[64], ops[64];
	bool omitted[64];
	const char *p = idx;
	char *end;

	q->used = strtoull(p, &end, 16);
	p = *end == ';' ? end + 1 : end;
	while (*p && k < argc && k < 64) {
		cols[k] = (int)strtol(p, &end, 10);
		if (*end != ':')
			return -1;
		ops[k] = (int)strtol(end + 1, &end, 10);
		if (*end != ':')
			return -1;
		omitted[k] = strtol(end + 1, &end, 10) != 0;
		if (*end == ',')
			end++;
		p = end;
		k++;
	}
	if (k != argc)
		return -1;
	/* Group by (col, op) so qctx_values hands out one contiguous run. */
	for (i = 0; i < k; i++)
		order[i] = i;
	for (i = 1; i < k; i++) {
		int x = order[i];

		for (j = i; j > 0; j--) {
			int y = order[j - 1];

			if (cols[y] < cols[x] ||
			    (cols[y] == cols[x] && ops[y] <= ops[x]))
				break;
			order[j] = y;
		}
		order[j] = x;
	}
	q->nvals = 0;
	for (i = 0; i < k; i++) {
		int a = order[i];
		const unsigned char *text;
		int type = sqlite3_value_type(argv[a]);

		/*
		 * "= NULL" matches nothing, nor does a text column equal a
		 * blob.  SQLite finds that out itself when it checks the
		 * term again; for an omitted one the scan must be empty.
		 */
		if (omitted[a] && (type == SQLITE_NULL || type == SQLITE_BLOB))
			q->none = true;
		if (type == SQLITE_NULL)
			continue;
		text = sqlite3_value_text(argv[a]);
		if (!text)
			return -2;
		q->col[q->nvals] = cols[a];
		q->op[q->nvals] = ops[a];
		q->val[q->nvals] = (const char *)text;
		q->nvals++;
	}
	return 0;
}

/*
 * Replaces the cursor's rows with a streaming table's next batch; none
 * when the stream is done.
 */
static int stream_fill(struct cursor *cur)
{
	struct qctx *q = &cur->q;
	const struct table *t = cur->vt->t;
	int rc;

	cur->nrows = 0;
	cur->pos = 0;
	cur->run_left = 0;
	q->row = NULL;
	arena_reset(cur);
	/* A step may end without a row (a file that could not be read):
	 * ask again until a row comes or the stream ends. */
	while (!cur->done && cur->nrows == 0) {
		rc = t->stream->step(q, cur->state);
		if (rc < 0 || q->failed) {
			if (!q->failed)
				qctx_error(q, "table %s: generator failed",
					  t->name);
			cur->done = true;
			cur->nrows = 0;
			return SQLITE_ERROR;
		}
		if (rc == 0)
			cur->done = true;
	}
	return SQLITE_OK;
}

static int vt_filter(sqlite3_vtab_cursor *base, int idxNum, const char *idxStr,
		     int argc, sqlite3_value **argv)
{
	struct cursor *cur = (struct cursor *)base;
	const struct table *t = cur->vt->t;
	struct qctx *q = &cur->q;
	void *state = NULL;
	int rc;

	cursor_clear(cur);
	memset(q, 0, sizeof(*q));
	q->t = t;
	q->cur = cur;
	if (idxNum) {
		struct buf b = BUF_INIT(4096);

		qctx_error(q, "table %s requires a constraint on %s", t->name,
			  required_list(t, &b));
		buf_release(&b);
		return SQLITE_ERROR;
	}
	rc = parse_plan(q, idxStr ? idxStr : "", argc, argv);
	if (rc == -2)
		return SQLITE_NOMEM;
	if (rc < 0) {
		qctx_error(q, "table %s: bad query plan", t->name);
		return SQLITE_ERROR;
	}
	if (q->none)
		return SQLITE_OK;
	if (t->stream) {
		if (t->stream->open(q, &state) < 0 || q->failed) {
			if (!q->failed)
				qctx_error(q, "table %s: generator failed",
					  t->name);
			if (state)
				t->stream->close(state);
			return SQLITE_ERROR;
		}
		cur->state = state;
		cur->streaming = true;
		/* The values were argv's: gone once xFilter returns. */
		q->nvals = 0;
		return stream_fill(cur);
	}
	if (t->generate(q) < 0 || q->failed) {
		if (!q->failed)
			qctx_error(q, "table %s: generator failed", t->name);
		cursor_clear(cur);
		return SQLITE_ERROR;
	}
	return SQLITE_OK;
}

static int vt_next(sqlite3_vtab_cursor *base)
{
	struct cursor *cur = (struct cursor *)base;

	if (cur->run_left > 0 && cur->pos + 1 == cur->nrows) {
		*cur->run_cell = (struct cell){ .type = CELL_INT,
			.v.i = cur->run_next };
		if (--cur->run_left > 0)
			cur->run_next++;
		return SQLITE_OK;
	}
	cur->pos++;
	if (cur->streaming && cur->pos >= cur->nrows && !cur->done)
		return stream_fill(cur);
	return SQLITE_OK;
}

static int vt_eof(sqlite3_vtab_cursor *base)
{
	struct cursor *cur = (struct cursor *)base;

	return cur->pos >= cur->nrows;
}

static int vt_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int col)
{
	struct cursor *cur = (struct cursor *)base;
	size_t ncols = (size_t)cur->vt->t->ncols;
	const struct cell *c;

	if (col < 0 || (size_t)col >= ncols || cur->pos >= cur->nrows) {
		sqlite3_result_null(ctx);
		return SQLITE_OK;
	}
	c = &cur->cells[cur->pos * ncols + (size_t)col];
	switch (c->type) {
	case CELL_NULL:
		sqlite3_result_null(ctx);
		break;
	case CELL_INT:
		sqlite3_result_int64(ctx, c->v.i);
		break;
	case CELL_DOUBLE:
		sqlite3_result_double(ctx, c->v.d);
		break;
	case CELL_TEXT:
		sqlite3_result_text64(ctx, c->v.p, c->n,
				      SQLITE_TRANSIENT, SQLITE_UTF8);
		break;
	}
	return SQLITE_OK;
}

/* FNV-1a over n bytes, continuing from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * The rowid is a hash of the row's contents, not its position.  SQLite
 * answers "a LIKE x OR a LIKE y" with one scan per side and drops rows
 * whose rowid it has already seen: positions repeat from scan to scan,
 * contents do not, and a row found by both sides is rightly kept once.
 */
static int vt_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid)
{
	struct cursor *cur = (struct cursor *)base;
	size_t ncols = (size_t)cur->vt->t->ncols, i;
	const struct cell *row = &cur->cells[cur->pos * ncols];
	uint64_t h = 0xcbf29ce484222325ULL;

	for (i = 0; i < ncols; i++) {
		unsigned char type = (unsigned char)row[i].type;

		h = fnv(h, &type, 1);
		if (row[i].type == CELL_INT)
			h = fnv(h, &row[i].v.i, sizeof(row[i].v.i));
		else if (row[i].type == CELL_DOUBLE)
			h = fnv(h, &row[i].v.d, sizeof(row[i].v.d));
		else if (row[i].type == CELL_TEXT)
			h = fnv(fnv(h, row[i].v.p, row[i].n), "", 1);
	}
	*rowid = (sqlite3_int64)(h >> 1);
	return SQLITE_OK;
}

static const sqlite3_module module = {
	.iVersion = 0,
	.xCreate = NULL, /* eponymous-only: no CREATE VIRTUAL TABLE */
	.xConnect = vt_connect,
	.xBestIndex = vt_best_index,
	.xDisconnect = vt_disconnect,
	.xDestroy = vt_disconnect,
	.xOpen = vt_open,
	.xClose = vt_close,
	.xFilter = vt_filter,
	.xNext = vt_next,
	.xEof = vt_eof,
	.xColumn = vt_column,
	.xRowid = vt_rowid,
};

int vtab_register_all(sqlite3 *db)
{
	const struct table *const *tables;
	size_t n, i;

	tables = registry_tables(&n);
	for (i = 0; i < n; i++) {
		if (sqlite3_create_module_v2(db, tables[i]->name, &module,
					     (void *)tables[i],
					     NULL) != SQLITE_OK)
			return -1;
	}
	return 0;
}
