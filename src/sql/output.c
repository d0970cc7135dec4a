/* SPDX-License-Identifier: Apache-2.0 */
/*
 * output.c: result sets as text (see output.h).
 *
 * table: osqueryi's boxed layout.  Every cell is escaped first (control
 *        characters and invalid UTF-8 become \n, \t, \r or \xHH), then the
 *        column widths are taken in characters, so the whole result set is
 *        held before the first line is written.
 * line:  "name = value", names right-aligned, a blank line between rows;
 *        escaped like table.
 * csv:   RFC 4180: CRLF line ends, fields quoted when they hold a comma, a
 *        quote, CR or LF, quotes doubled; NULL is an empty field.  The
 *        header row is written even for an empty result.
 * json:  an array of objects, one per line, keys in column order; integers
 *        and reals are JSON numbers, NULL is null, invalid UTF-8 becomes
 *        U+FFFD.  Streams row by row.
 */
#include "sql/output.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define CELL_CAP (64u << 20)

int output_parse_mode(const char *name, enum output_mode *mode)
{
	static const char *const names[] = { "table", "json", "csv", "line" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i]) == 0) {
			*mode = (enum output_mode)i;
			return 0;
		}
	}
	return -1;
}

const char *output_mode_name(enum output_mode mode)
{
	switch (mode) {
	case OUTPUT_TABLE:
		return "table";
	case OUTPUT_JSON:
		return "json";
	case OUTPUT_CSV:
		return "csv";
	case OUTPUT_LINE:
		return "line";
	}
	return "table";
}

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when the
 * bytes there are not one (overlongs, surrogates and values past U+10FFFF
 * are refused).  *cp receives the code point.
 */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], v, min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, v = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, v = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/*
 * Appends s to out with control characters (C0, DEL, C1) and invalid bytes
 * escaped.  Returns the number of characters appended (for alignment), or
 * -1 when out refuses.
 */
static long escape_text(struct buf *out, const unsigned char *s, size_t n)
{
	char esc[16];
	long chars = 0;
	size_t i = 0;

	while (i < n) {
		unsigned cp = 0;
		size_t len = utf8_seq(s + i, n - i, &cp);
		bool control = cp < 0x20 || cp == 0x7f ||
			       (cp >= 0x80 && cp < 0xa0);
		int rc;

		if (len == 0) {
			snprintf(esc, sizeof(esc), "\\x%02x", s[i]);
			len = 1;
		} else if (!control) {
			esc[0] = '\0';
		} else if (cp == '\n' || cp == '\t' || cp == '\r') {
			snprintf(esc, sizeof(esc), "\\%c",
				 cp == '\n' ? 'n' : cp == '\t' ? 't' : 'r');
		} else if (cp < 0x80) {
			snprintf(esc, sizeof(esc), "\\x%02x", cp);
		} else {
			snprintf(esc, sizeof(esc), "\\u%04x", cp);
		}
		if (esc[0]) {
			rc = buf_adds(out, esc);
			chars += (long)strlen(esc);
		} else {
			rc = buf_add(out, s + i, len);
			chars++;
		}
		if (rc < 0)
			return -1;
		i += len;
	}
	return chars;
}

/* Appends s to out with invalid UTF-8 bytes replaced by U+FFFD. */
static int valid_utf8(struct buf *out, const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned cp;
		size_t len = utf8_seq(s + i, n - i, &cp);

		if (len == 0) {
			if (buf_add(out, "\xef\xbf\xbd", 3) < 0)
				return -1;
			i++;
		} else {
			if (buf_add(out, s + i, len) < 0)
				return -1;
			i += len;
		}
	}
	return 0;
}

static const unsigned char *col_text(sqlite3_stmt *st, int i, size_t *n)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	*n = t ? (size_t)sqlite3_column_bytes(st, i) : 0;
	return t ? t : (const unsigned char *)"";
}

/* A cell as shown in table/line output. */
struct shown {
	size_t off; /* into the text buffer */
	size_t len; /* bytes */
	long width; /* characters */
};

static void rule(FILE *fp, const long *w, int ncol)
{
	int i;
	long k;

	for (i = 0; i < ncol; i++) {
		fputc('+', fp);
		for (k = 0; k < w[i] + 2; k++)
			fputc('-', fp);
	}
	fputs("+\n", fp);
}

static void cells(FILE *fp, const char *text, const struct shown *row,
		  const long *w, int ncol)
{
	int i;
	long k;

	for (i = 0; i < ncol; i++) {
		fputs("| ", fp);
		fwrite(text + row[i].off, 1, row[i].len, fp);
		for (k = row[i].width; k < w[i] + 1; k++)
			fputc(' ', fp);
	}
	fputs("|\n", fp);
}

/* Appends one row of escaped cells (the names when names is true). */
static int collect_row(sqlite3_stmt *st, int ncol, bool names,
		       struct buf *text, struct shown *row)
{
	int i;

	for (i = 0; i < ncol; i++) {
		const unsigned char *s;
		size_t n;

		if (names) {
			s = (const unsigned char *)sqlite3_column_name(st, i);
			n = strlen((const char *)s);
		} else {
			s = col_text(st, i, &n);
		}
		row[i].off = text->len;
		row[i].width = escape_text(text, s, n);
		if (row[i].width < 0)
			return -1;
		row[i].len = text->len - row[i].off;
	}
	return 0;
}

/*
 * Collects the result set of st, whose first step returned step, as
 * escaped text: the column names as row 0, then the rows.  Returns 0, or
 * -1 when memory ran out (*step is then SQLITE_NOMEM) or a step failed
 * (*step holds its code).
 */
static int collect(sqlite3_stmt *st, int ncol, int *step, struct buf *text,
		   struct shown **outv, size_t *nrows)
{
	struct shown *v = NULL;
	size_t rows = 0, alloc = 0;

	for (;;) {
		if (rows > 0 && *step != SQLITE_ROW)
			break;
		if (rows == alloc) {
			size_t na = alloc ? alloc * 2 : 64;
			struct shown *p = reallocarray(v, na * (size_t)ncol,
						       sizeof(*p));

			if (!p)
				goto nomem;
			v = p, alloc = na;
		}
		if (collect_row(st, ncol, rows == 0, text,
				&v[rows * (size_t)ncol]) < 0)
			goto nomem;
		if (rows > 0)
			*step = sqlite3_step(st);
		rows++;
	}
	if (*step != SQLITE_DONE) {
		free(v);
		return -1;
	}
	*outv = v;
	*nrows = rows;
	return 0;
nomem:
	*step = SQLITE_NOMEM;
	free(v);
	return -1;
}

static int write_table(struct output *o, sqlite3_stmt *st, int ncol, int step)
{
	struct buf text = BUF_INIT(1u << 30);
	struct shown *v = NULL;
	size_t rows, r;
	long *w = NULL;
	int i, ret = -1;

	if (step != SQLITE_ROW)
		return step == SQLITE_DONE ? 0 : -1;
	if (collect(st, ncol, &step, &text, &v, &rows) < 0)
		goto out;
	w = calloc((size_t)ncol, sizeof(*w));
	if (!w)
		goto out;
	for (r = o->headers ? 0 : 1; r < rows; r++)
		for (i = 0; i < ncol; i++)
			if (v[r * (size_t)ncol + (size_t)i].width > w[i])
				w[i] = v[r * (size_t)ncol + (size_t)i].width;
	rule(o->fp, w, ncol);
	if (o->headers) {
		cells(o->fp, text.data, v, w, ncol);
		rule(o->fp, w, ncol);
	}
	for (r = 1; r < rows; r++)
		cells(o->fp, text.data, &v[r * (size_t)ncol], w, ncol);
	rule(o->fp, w, ncol);
	ret = 0;
out:
	free(w);
	free(v);
	buf_release(&text);
	return ret;
}

static int write_line(struct output *o, sqlite3_stmt *st, int ncol, int step)
{
	struct buf b = BUF_INIT(CELL_CAP);
	long namew = 0;
	int i, ret = -1;
	bool first = true;

	for (i = 0; i < ncol; i++) {
		long n = (long)strlen(sqlite3_column_name(st, i));

		if (n > namew)
			namew = n;
	}
	for (; step == SQLITE_ROW; step = sqlite3_step(st)) {
		if (!first)
			fputc('\n', o->fp);
		first = false;
		for (i = 0; i < ncol; i++) {
			size_t n;
			const unsigned char *s = col_text(st, i, &n);

			buf_reset(&b);
			if (escape_text(&b, s, n) < 0)
				goto out;
			fprintf(o->fp, "%*s = %s\n", (int)namew,
				sqlite3_column_name(st, i), b.data ? b.data : "");
		}
	}
	ret = step == SQLITE_DONE ? 0 : -1;
out:
	buf_release(&b);
	return ret;
}

static void csv_field(FILE *fp, const unsigned char *s, size_t n)
{
	size_t i;

	if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\r', n) &&
	    !memchr(s, '\n', n)) {
		fwrite(s, 1, n, fp);
		return;
	}
	fputc('"', fp);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			fputc('"', fp);
		fputc(s[i], fp);
	}
	fputc('"', fp);
}

static int write_csv(struct output *o, sqlite3_stmt *st, int ncol, int step)
{
	int i;

	if (o->headers) {
		for (i = 0; i < ncol; i++) {
			const char *name = sqlite3_column_name(st, i);

			if (i)
				fputc(',', o->fp);
			csv_field(o->fp, (const unsigned char *)name,
				  strlen(name));
		}
		fputs("\r\n", o->fp);
	}
	for (; step == SQLITE_ROW; step = sqlite3_step(st)) {
		for (i = 0; i < ncol; i++) {
			size_t n;
			const unsigned char *s = col_text(st, i, &n);

			if (i)
				fputc(',', o->fp);
			csv_field(o->fp, s, n);
		}
		fputs("\r\n", o->fp);
	}
	return step == SQLITE_DONE ? 0 : -1;
}

static json_t *json_cell(sqlite3_stmt *st, int i, struct buf *tmp)
{
	size_t n;
	const unsigned char *s;

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	default:
		s = col_text(st, i, &n);
		buf_reset(tmp);
		if (valid_utf8(tmp, s, n) < 0)
			return NULL;
		return json_stringn_nocheck(tmp->data ? tmp->data : "",
					    tmp->len);
	}
}

static int write_json(struct output *o, sqlite3_stmt *st, int ncol, int step)
{
	struct buf tmp = BUF_INIT(CELL_CAP);
	bool first = true;
	int i, ret = -1;

	fputc('[', o->fp);
	for (; step == SQLITE_ROW; step = sqlite3_step(st)) {
		json_t *obj = json_object();
		char *line;

		if (!obj)
			goto out;
		for (i = 0; i < ncol; i++) {
			json_t *v = json_cell(st, i, &tmp);

			if (!v || json_object_set_new(obj, sqlite3_column_name(st, i),
						      v) < 0) {
				json_decref(obj);
				goto out;
			}
		}
		line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER |
					       JSON_REAL_PRECISION(15));
		json_decref(obj);
		if (!line)
			goto out;
		fprintf(o->fp, "%s\n  %s", first ? "" : ",", line);
		free(line);
		first = false;
	}
	fputs(first ? "]\n" : "\n]\n", o->fp);
	ret = step == SQLITE_DONE ? 0 : -1;
out:
	buf_release(&tmp);
	return ret;
}

int output_stmt(struct output *o, sqlite3_stmt *stmt)
{
	int ncol = sqlite3_column_count(stmt);
	int step = sqlite3_step(stmt);
	int rc;

	if (ncol == 0) {
		while (step == SQLITE_ROW)
			step = sqlite3_step(stmt);
		return step == SQLITE_DONE ? 0 : -1;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return -1;
	switch (o->mode) {
	case OUTPUT_JSON:
		rc = write_json(o, stmt, ncol, step);
		break;
	case OUTPUT_CSV:
		rc = write_csv(o, stmt, ncol, step);
		break;
	case OUTPUT_LINE:
		rc = write_line(o, stmt, ncol, step);
		break;
	default:
		rc = write_table(o, stmt, ncol, step);
		break;
	}
	fflush(o->fp);
	return rc;
}
