/* SPDX-License-Identifier: Apache-2.0 */
/*
 * unitfile.c: the systemd unit file parser, word splitter, specifier
 * expansion and unit name helpers described in unitfile.h.
 *
 * The parser walks the text once.  A physical line that needs no joining
 * is parsed straight from the text; only continued lines are copied into
 * a bounded buffer.  Whether a line ends in an unescaped backslash is
 * decided by scanning just the newly appended line: the joined text before
 * it ended in the space that replaced the previous backslash, so the
 * escape state always restarts there, and a hostile file of a million
 * one-byte continuations costs linear time.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables/unitfile.h"
#include "util/buf.h"

static void seterr(char *err, size_t errsize, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	if (!err || errsize == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

void unitfile_init(struct unitfile *u)
{
	memset(u, 0, sizeof(*u));
}

void unitfile_release(struct unitfile *u)
{
	size_t i;

	for (i = 0; i < u->nstrs; i++)
		free(u->strs[i]);
	free(u->strs);
	free(u->v);
	memset(u, 0, sizeof(*u));
}

/* Takes ownership of s (which may be NULL: then fails).  0 or -1. */
static int keep_str(struct unitfile *u, char *s)
{
	if (!s)
		return -1;
	if (u->nstrs == u->astrs) {
		size_t na = u->astrs ? u->astrs * 2 : 16;
		char **p = reallocarray(u->strs, na, sizeof(*p));

		if (!p) {
			free(s);
			return -1;
		}
		u->strs = p;
		u->astrs = na;
	}
	u->strs[u->nstrs++] = s;
	return 0;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* The state of one unitfile_parse() call. */
struct pstate {
	struct unitfile *u;
	const char *file;    /* owned by u */
	const char *section; /* owned by u; NULL before the first header */
	char *err;
	size_t errsize;
};

/* Trims blanks at both ends of [*l, *l + *n). */
static void trim(const char **l, size_t *n)
{
	while (*n > 0 && is_blank(**l)) {
		(*l)++;
		(*n)--;
	}
	while (*n > 0 && is_blank((*l)[*n - 1]))
		(*n)--;
}

static int add_entry(struct pstate *st, const char *k, size_t kl,
		     const char *v, size_t vl, unsigned line)
{
	struct unitfile *u = st->u;
	struct unitfile_entry *e;
	char *s;

	if (u->n >= UNITFILE_ENTRIES_MAX) {
		seterr(st->err, st->errsize,
		       "line %u: more than %u assignments", line,
		       UNITFILE_ENTRIES_MAX);
		return -1;
	}
	if (u->n == u->alloc) {
		size_t na = u->alloc ? u->alloc * 2 : 32;
		struct unitfile_entry *p = reallocarray(u->v, na, sizeof(*p));

		if (!p)
			goto nomem;
		u->v = p;
		u->alloc = na;
	}
	s = malloc(kl + vl + 2);
	if (!s)
		goto nomem;
	memcpy(s, k, kl);
	s[kl] = '\0';
	memcpy(s + kl + 1, v, vl);
	s[kl + 1 + vl] = '\0';
	if (keep_str(u, s) < 0)
		goto nomem;
	e = &u->v[u->n++];
	e->section = st->section;
	e->key = s;
	e->value = s + kl + 1;
	e->file = st->file;
	e->line = line;
	return 0;
nomem:
	seterr(st->err, st->errsize, "out of memory");
	return -1;
}

/* Parses one logical line (continuations joined).  0 or -1. */
static int parse_line(struct pstate *st, const char *l, size_t n,
		      unsigned line)
{
	const char *eq, *k, *v;
	size_t kl, vl;

	trim(&l, &n);
	if (n == 0 || l[0] == '#' || l[0] == ';')
		return 0;
	if (n >= 9 && memcmp(l, ".include", 8) == 0 && is_blank(l[8]))
		return 0; /* Obsolete; systemd ignores it too. */
	if (l[0] == '[') {
		char *sec;

		if (n < 2 || l[n - 1] != ']') {
			seterr(st->err, st->errsize,
			       "line %u: invalid section header", line);
			return -1;
		}
		sec = dup_n(l + 1, n - 2);
		if (keep_str(st->u, sec) < 0) {
			seterr(st->err, st->errsize, "out of memory");
			return -1;
		}
		st->section = sec;
		return 0;
	}
	if (!st->section)
		return 0; /* An assignment outside any section: ignored. */
	eq = memchr(l, '=', n);
	if (!eq)
		return 0; /* No '=': ignored. */
	k = l;
	kl = (size_t)(eq - l);
	trim(&k, &kl);
	if (kl == 0)
		return 0;
	v = eq + 1;
	vl = n - (size_t)(v - l);
	trim(&v, &vl);
	return add_entry(st, k, kl, v, vl, line);
}

/*
 * Scans [l, l + n) starting unescaped; true when it ends in a backslash
 * that is not itself escaped.
 */
static bool ends_escaped(const char *l, size_t n)
{
	bool escaped = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (escaped)
			escaped = false;
		else if (l[i] == '\\')
			escaped = true;
	}
	return escaped;
}

int unitfile_parse(struct unitfile *u, const char *file, const char *text,
		   size_t len, char *err, size_t errsize)
{
	struct buf cont = BUF_INIT(UNITFILE_LINE_MAX);
	size_t old_n = u->n, old_strs = u->nstrs, pos = 0;
	struct pstate st;
	bool in_cont = false;
	unsigned line = 0, cont_line = 0;
	char *fdup;
	int rc = -1;

	memset(&st, 0, sizeof(st));
	st.u = u;
	st.err = err;
	st.errsize = errsize;
	fdup = strdup(file ? file : "");
	if (keep_str(u, fdup) < 0) {
		seterr(err, errsize, "out of memory");
		goto out;
	}
	st.file = fdup;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *l = text + pos, *t;
		size_t n = 0;

		while (pos + n < len && l[n] != '\n' && l[n] != '\r' &&
		       l[n] != '\0')
			n++;
		pos += n;
		if (pos < len) {
			if (text[pos] == '\r' && pos + 1 < len &&
			    text[pos + 1] == '\n')
				pos++;
			pos++;
		}
		line++;
		if (n > UNITFILE_LINE_MAX) {
			seterr(err, errsize, "line %u: longer than %u bytes",
			       line, UNITFILE_LINE_MAX);
			goto out;
		}
		/* Comments are skipped even inside a continuation. */
		for (t = l; t < l + n && is_blank(*t); t++)
			;
		if (t < l + n && (*t == '#' || *t == ';'))
			continue;

		if (!in_cont && !ends_escaped(l, n)) {
			if (parse_line(&st, l, n, line) < 0)
				goto out;
			continue;
		}
		if (!in_cont) {
			buf_reset(&cont);
			cont_line = line;
		}
		if (buf_add(&cont, l, n) < 0) {
			if (errno == E2BIG)
				seterr(err, errsize, "line %u: continued line "
				       "longer than %u bytes", line,
				       UNITFILE_LINE_MAX);
			else
				seterr(err, errsize, "out of memory");
			goto out;
		}
		if (ends_escaped(l, n)) {
			/* The backslash becomes a space; go on joining. */
			cont.data[cont.len - 1] = ' ';
			in_cont = true;
			continue;
		}
		in_cont = false;
		if (parse_line(&st, cont.data, cont.len, cont_line) < 0)
			goto out;
	}
	if (in_cont && parse_line(&st, cont.data, cont.len, cont_line) < 0)
		goto out;
	rc = 0;
out:
	buf_release(&cont);
	if (rc < 0) {
		/* Give back exactly what this call added. */
		while (u->nstrs > old_strs)
			free(u->strs[--u->nstrs]);
		u->n = old_n;
	}
	return rc;
}

bool unitfile_is(const struct unitfile_entry *e, const char *section,
		 const char *key)
{
	return strcmp(e->key, key) == 0 && strcmp(e->section, section) == 0;
}

const struct unitfile_entry *unitfile_last(const struct unitfile *u,
					   const char *section,
					   const char *key)
{
	size_t i;

	for (i = u->n; i-- > 0;)
		if (unitfile_is(&u->v[i], section, key))
			return &u->v[i];
	return NULL;
}

const char *unitfile_get(const struct unitfile *u, const char *section,
			 const char *key)
{
	const struct unitfile_entry *e = unitfile_last(u, section, key);

	return e && e->value[0] ? e->value : NULL;
}

size_t unitfile_list_start(const struct unitfile *u, const char *section,
			   const char *key)
{
	size_t i;

	for (i = u->n; i-- > 0;)
		if (u->v[i].value[0] == '\0' &&
		    unitfile_is(&u->v[i], section, key))
			return i + 1;
	return 0;
}

bool unitfile_has_section(const struct unitfile *u, const char *section)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		if (strcmp(u->v[i].section, section) == 0)
			return true;
	return false;
}

/* ---------------------------------------------------------------- */
/* Words */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes the escape after a backslash at *p (pointing past the
 * backslash) into out, moving *p past it.  Returns 0, -1 with err for a
 * bad escape, or -2 when out refuses to grow.
 */
static int unescape_one(const char **p, struct buf *out, char *err,
			size_t errsize)
{
	const char *s = *p;
	char c;

	switch (*s) {
	case '\0':
		seterr(err, errsize, "trailing backslash");
		return -1;
	case 'a': c = '\a'; break;
	case 'b': c = '\b'; break;
	case 'f': c = '\f'; break;
	case 'n': c = '\n'; break;
	case 'r': c = '\r'; break;
	case 't': c = '\t'; break;
	case 'v': c = '\v'; break;
	case 's': c = ' '; break;
	case '\\': case '"': case '\'': c = *s; break;
	case 'x': {
		int hi = hexval(s[1]), lo = hi < 0 ? -1 : hexval(s[2]);

		if (hi < 0 || lo < 0) {
			seterr(err, errsize, "\\x needs two hex digits");
			return -1;
		}
		if (hi == 0 && lo == 0) {
			seterr(err, errsize, "escaped NUL");
			return -1;
		}
		*p = s + 3;
		return buf_addc(out, (char)(hi * 16 + lo)) < 0 ? -2 : 0;
	}
	default:
		if (s[0] >= '0' && s[0] <= '3' && s[1] >= '0' && s[1] <= '7' &&
		    s[2] >= '0' && s[2] <= '7') {
			int v = (s[0] - '0') * 64 + (s[1] - '0') * 8 +
				(s[2] - '0');

			if (v == 0) {
				seterr(err, errsize, "escaped NUL");
				return -1;
			}
			*p = s + 3;
			return buf_addc(out, (char)v) < 0 ? -2 : 0;
		}
		/* Unknown: kept with its backslash, as systemd's relaxed
		 * unescaping keeps it ("\;" in ExecStart=). */
		*p = s + 1;
		if (buf_addc(out, '\\') < 0 || buf_addc(out, *s) < 0)
			return -2;
		return 0;
	}
	*p = s + 1;
	return buf_addc(out, c) < 0 ? -2 : 0;
}

int unitfile_word(const char **pp, struct buf *out, char *err, size_t errsize)
{
	const char *p = *pp;
	char quote = 0;

	buf_reset(out);
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (!*p) {
		*pp = p;
		return 0;
	}
	if (buf_add(out, "", 0) < 0)
		goto toolong;
	for (;;) {
		char c = *p;

		if (c == '\0') {
			if (quote) {
				seterr(err, errsize, "unterminated quote");
				return -1;
			}
			break;
		}
		if (!quote && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
			break;
		if (c == '\\') {
			int r;

			p++;
			r = unescape_one(&p, out, err, errsize);
			if (r == -1)
				return -1;
			if (r < 0)
				goto toolong;
			continue;
		}
		p++;
		if (quote && c == quote) {
			quote = 0;
			continue;
		}
		if (!quote && (c == '"' || c == '\'')) {
			quote = c;
			continue;
		}
		if (buf_addc(out, c) < 0)
			goto toolong;
	}
	*pp = p;
	return 1;
toolong:
	seterr(err, errsize, "word too long");
	return -1;
}

/* ---------------------------------------------------------------- */
/* Names and specifiers */

static const char *const unit_types[] = {
	"service", "socket", "target", "device", "mount", "automount",
	"swap", "timer", "path", "slice", "scope",
};

static bool name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' ||
	       c == '.' || c == '\\' || c == '@';
}

const char *unitfile_name_type(const char *name)
{
	const char *dot, *at, *p;
	size_t i, n = strlen(name);

	if (n == 0 || n > 255)
		return NULL;
	dot = strrchr(name, '.');
	if (!dot || dot == name)
		return NULL;
	for (p = name; p < dot; p++)
		if (!name_char_ok(*p))
			return NULL;
	at = strchr(name, '@');
	if (at && (at == name || strchr(at + 1, '@') || at > dot))
		return NULL;
	for (i = 0; i < sizeof(unit_types) / sizeof(unit_types[0]); i++)
		if (strcmp(dot + 1, unit_types[i]) == 0)
			return unit_types[i];
	return NULL;
}

bool unitfile_name_is_template(const char *name)
{
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');

	return unitfile_name_type(name) && at && at + 1 == dot;
}

int unitfile_name_template(const char *name, char *dst, size_t size)
{
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');
	int n;

	if (!unitfile_name_type(name) || !at || at + 1 == dot)
		return -1;
	n = snprintf(dst, size, "%.*s%s", (int)(at - name + 1), name, dot);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Appends [s, s + n) unescaped as systemd's unit_name_unescape(). */
static int add_unescaped(struct buf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '-') {
			if (buf_addc(out, '/') < 0)
				return -1;
		} else if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
			   hexval(s[i + 2]) >= 0 && hexval(s[i + 3]) >= 0) {
			char c = (char)(hexval(s[i + 2]) * 16 + hexval(s[i + 3]));

			if (c != '\0' && buf_addc(out, c) < 0)
				return -1;
			i += 3;
		} else if (buf_addc(out, s[i]) < 0) {
			return -1;
		}
	}
	return 0;
}

int unitfile_expand(const char *value, const char *name, struct buf *out)
{
	const char *dot = strrchr(name, '.'), *at = strchr(name, '@');
	const char *p, *pfx_end, *inst = NULL, *j;
	size_t nlen = dot ? (size_t)(dot - name) : strlen(name), inst_len = 0;

	pfx_end = at && (!dot || at < dot) ? at : name + nlen;
	if (at && dot && at < dot) {
		inst = at + 1;
		inst_len = (size_t)(dot - inst);
	}
	/* %j: after the last '-' of the prefix. */
	for (j = pfx_end; j > name && j[-1] != '-'; j--)
		;

	buf_reset(out);
	if (buf_add(out, "", 0) < 0)
		return -1;
	for (p = value; *p; p++) {
		int rc = 0;

		if (*p != '%' || p[1] == '\0') {
			rc = buf_addc(out, *p);
		} else {
			p++;
			switch (*p) {
			case 'n':
				rc = buf_adds(out, name);
				break;
			case 'N':
				rc = buf_add(out, name, nlen);
				break;
			case 'p':
				rc = buf_add(out, name,
					     (size_t)(pfx_end - name));
				break;
			case 'P':
				rc = add_unescaped(out, name,
						   (size_t)(pfx_end - name));
				break;
			case 'i':
				rc = inst ? buf_add(out, inst, inst_len) : 0;
				break;
			case 'I':
				rc = inst ? add_unescaped(out, inst, inst_len)
					  : 0;
				break;
			case 'j':
				rc = buf_add(out, j, (size_t)(pfx_end - j));
				break;
			case 'J':
				rc = add_unescaped(out, j,
						   (size_t)(pfx_end - j));
				break;
			case '%':
				rc = buf_addc(out, '%');
				break;
			default:
				rc = buf_addc(out, '%');
				if (rc == 0)
					rc = buf_addc(out, *p);
				break;
			}
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}
