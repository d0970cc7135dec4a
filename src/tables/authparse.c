/* SPDX-License-Identifier: Apache-2.0 */
/*
 * authparse.c: login.defs and pam.d parsing; see authparse.h for the
 * rules each follows.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables/authparse.h"
#include "util/buf.h"

static void set_err(char *err, size_t errsize, const char *msg)
{
	if (err && errsize)
		snprintf(err, errsize, "%s", msg);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

/* ---------------------------------------------------------------- */
/* login.defs */

int authparse_logindefs_line(const char *line, size_t len,
			     struct authparse_def *out, char *err,
			     size_t errsize)
{
	const char *nul = memchr(line, '\0', len), *name, *end, *v;

	if (len > AUTHPARSE_LINE_MAX) {
		set_err(err, errsize, "line too long");
		return -1;
	}
	if (nul)
		len = (size_t)(nul - line);
	end = line + len;
	while (end > line && is_space(end[-1]))
		end--;
	name = line;
	while (name < end && (*name == ' ' || *name == '\t'))
		name++;
	if (name == end || *name == '#')
		return 0;
	v = name;
	while (v < end && *v != ' ' && *v != '\t')
		v++;
	if (v == end)
		return 0; /* a name alone */
	out->name = name;
	out->name_len = (size_t)(v - name);
	v++;
	while (v < end && (*v == ' ' || *v == '\t' || *v == '"'))
		v++;
	out->value = v;
	while (v < end && *v != '"')
		v++;
	out->value_len = (size_t)(v - out->value);
	out->line = 0;
	return 1;
}

static int cmp_def_name(const void *a, const void *b)
{
	const struct authparse_def *x = a, *y = b;
	size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
	int c = memcmp(x->name, y->name, n);

	if (c)
		return c;
	if (x->name_len != y->name_len)
		return x->name_len < y->name_len ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int cmp_def_line(const void *a, const void *b)
{
	const struct authparse_def *x = a, *y = b;

	return x->line < y->line ? -1 : x->line > y->line;
}

int authparse_logindefs(const char *text, size_t len,
			struct authparse_def **defs, size_t *n, unsigned *bad,
			char *err, size_t errsize)
{
	struct authparse_def *v = NULL;
	size_t count = 0, alloc = 0, pos = 0, i, o;
	unsigned line = 0;

	*defs = NULL;
	*n = 0;
	if (bad)
		*bad = 0;
	while (pos < len && count < AUTHPARSE_DEFS_MAX) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t ln = nl ? (size_t)(nl - l) : len - pos;
		struct authparse_def d;
		int r;

		pos += ln + 1;
		line++;
		r = authparse_logindefs_line(l, ln, &d, NULL, 0);
		if (r < 0 && bad)
			(*bad)++;
		if (r <= 0)
			continue;
		d.line = line;
		if (count == alloc) {
			size_t na = alloc ? alloc * 2 : 64;
			struct authparse_def *p = reallocarray(v, na,
							       sizeof(*p));

			if (!p) {
				free(v);
				set_err(err, errsize, "out of memory");
				return -1;
			}
			v = p;
			alloc = na;
		}
		v[count++] = d;
	}
	/* The last of each name counts: sort by name then line, keep the
	 * last of each run, and put the survivors back in line order. */
	if (count > 1)
		qsort(v, count, sizeof(*v), cmp_def_name);
	for (i = 0, o = 0; i < count; i++) {
		if (i + 1 < count && v[i].name_len == v[i + 1].name_len &&
		    memcmp(v[i].name, v[i + 1].name, v[i].name_len) == 0)
			continue;
		v[o++] = v[i];
	}
	if (o > 1)
		qsort(v, o, sizeof(*v), cmp_def_line);
	if (o == 0) {
		free(v);
		v = NULL;
	}
	*defs = v;
	*n = o;
	return 0;
}

/* ---------------------------------------------------------------- */
/* pam.d */

void authparse_pam_start(struct authparse_pamiter *it, const char *text,
			 size_t len)
{
	it->text = text;
	it->len = len;
	it->pos = 0;
	it->line = 0;
}

/*
 * The next token of s[*pos..len): blanks skipped; a '[' group runs to the
 * first ']' not escaped as "\]" (both brackets kept); else up to a blank.
 * False when none is left.
 */
static bool pam_token(const char *s, size_t len, size_t *pos,
		      const char **tok, size_t *toklen)
{
	size_t i = *pos, start;

	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	if (i >= len)
		return false;
	start = i;
	if (s[i] == '[') {
		for (i++; i < len && s[i] != ']'; i++)
			if (s[i] == '\\' && i + 1 < len && s[i + 1] == ']')
				i++;
		if (i < len)
			i++; /* the ']' */
	} else {
		while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			i++;
	}
	*tok = s + start;
	*toklen = i - start;
	*pos = i;
	return true;
}

/* Cuts an assembled rule (not empty) into *out. */
static void pam_cut(const char *s, size_t len, struct authparse_pam *out)
{
	const char *t;
	size_t pos = 0, n;

	memset(out, 0, sizeof(*out));
	if (!pam_token(s, len, &pos, &t, &n))
		return;
	if (n == 8 && memcmp(t, "@include", 8) == 0) {
		out->include = true;
		if (pam_token(s, len, &pos, &t, &n)) {
			out->module = t;
			out->module_len = n;
		}
		return;
	}
	if (n > 0 && t[0] == '-') {
		out->optional_module = true;
		t++;
		n--;
	}
	out->type = t;
	out->type_len = n;
	if (!pam_token(s, len, &pos, &out->control, &out->control_len))
		return;
	if (!pam_token(s, len, &pos, &out->module, &out->module_len))
		return;
	while (pos < len && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n'))
		pos++;
	n = len;
	while (n > pos && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			   s[n - 1] == '\n'))
		n--;
	if (n > pos) {
		out->args = s + pos;
		out->args_len = n - pos;
	}
}

/*
 * Turns each run of blanks outside "[...]" groups into one space, in
 * place (the arguments live in the caller's scratch buffer); returns the
 * new length.  PAM splits arguments at blanks, so nothing is lost.
 */
static size_t squeeze(char *s, size_t n)
{
	size_t i, o = 0;
	bool group = false, blank = false;

	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (!group && (ch == ' ' || ch == '\t' || ch == '\n')) {
			blank = true;
			continue;
		}
		if (blank && o)
			s[o++] = ' ';
		blank = false;
		if (ch == '[')
			group = true;
		else if (ch == ']')
			group = false;
		s[o++] = ch;
	}
	return o;
}

int authparse_pam_next(struct authparse_pamiter *it, struct buf *scratch,
		       struct authparse_pam *out, char *err, size_t errsize)
{
	unsigned first = 0;
	bool more = false, toolong = false;

	buf_reset(scratch);
	while (it->pos < it->len) {
		const char *l = it->text + it->pos;
		const char *nl = memchr(l, '\n', it->len - it->pos);
		size_t n = nl ? (size_t)(nl - l) : it->len - it->pos;
		const char *nul = memchr(l, '\0', n), *s, *e, *hash;

		it->pos += n + 1;
		it->line++;
		if (nul)
			n = (size_t)(nul - l);
		s = l;
		e = l + n;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s == e || *s == '#')
			continue; /* blank or comment: does not end a rule */
		if (!first)
			first = it->line;
		hash = memchr(s, '#', (size_t)(e - s));
		more = false;
		if (hash) {
			e = hash;
		} else {
			while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			if (e > s && e[-1] == '\\') {
				more = true;
				e--;
			}
		}
		if (toolong || scratch->len + (size_t)(e - s) + 1 >
				       AUTHPARSE_LINE_MAX) {
			toolong = true;
		} else if (buf_add(scratch, s, (size_t)(e - s)) < 0 ||
			   (more && buf_addc(scratch, ' ') < 0)) {
			set_err(err, errsize, "out of memory");
			return -2;
		}
		if (!more)
			break;
	}
	if (!first)
		return 0;
	if (toolong) {
		set_err(err, errsize, "line too long");
		return -1;
	}
	if (more) {
		set_err(err, errsize, "continuation at end of file");
		return -1;
	}
	pam_cut(scratch->data ? scratch->data : "", scratch->len, out);
	if (out->args)
		out->args_len = squeeze((char *)out->args, out->args_len);
	out->line = first;
	return 1;
}
