/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_sshdparse: libFuzzer target for the sshd_config parser of
 * sshdparse.h, Include directives and Match blocks included.
 *
 * The input is up to eight files separated by NUL bytes: the first is
 * /etc/ssh/sshd_config, the others /etc/ssh/sshd_config.d/1.conf to 7.conf.
 * The parser reaches them through a reader over that little tree: glob()
 * matches a pattern against the eight paths with fnmatch(3), load() hands
 * over a file's bytes.  So Include lines can name each other, loop and
 * nest, as a hostile image could make them.  After the text, the defaults
 * are added, and each line's first word goes to sshdparse_keyword().
 *
 * Besides crashes and leaks, the target checks the contracts: every entry
 * has a lowercase keyword and a value; a file and a line from 1 unless it
 * is a default; no more than SSHD_ENTRIES_MAX entries and SSHD_FILES_MAX
 * files; a canonical keyword is lowercase and fits its buffer.
 */
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables/sshdparse.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILES 8

struct tree {
	char path[FILES][64];
	const uint8_t *text[FILES];
	size_t len[FILES];
	size_t n;
};

static int tree_glob(void *ctx, const char *pattern, char ***paths, size_t *n)
{
	struct tree *t = ctx;
	char **v = calloc(FILES, sizeof(*v));
	size_t i;

	if (!v)
		return -1;
	*n = 0;
	for (i = 0; i < t->n; i++) {
		if (fnmatch(pattern, t->path[i], FNM_PATHNAME) != 0)
			continue;
		v[*n] = strdup(t->path[i]);
		if (!v[*n])
			abort();
		(*n)++;
	}
	*paths = v;
	return 0;
}

static int tree_load(void *ctx, const char *path, struct buf *out)
{
	struct tree *t = ctx;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(path, t->path[i]) == 0)
			return buf_add(out, t->text[i], t->len[i]);
	return -1;
}

static void check_config(const struct sshd_config *c)
{
	size_t i;
	const char *k;

	if (c->n > SSHD_ENTRIES_MAX || c->files > SSHD_FILES_MAX)
		abort();
	for (i = 0; i < c->n; i++) {
		const struct sshd_entry *e = &c->v[i];

		if (!e->keyword || !e->value || !e->keyword[0])
			abort();
		for (k = e->keyword; *k; k++)
			if (*k >= 'A' && *k <= 'Z')
				abort();
		if (!e->is_default && (!e->file || e->line < 1))
			abort();
	}
}

static void check_keywords(const uint8_t *data, size_t size)
{
	size_t pos = 0, len, w;
	const uint8_t *nl;
	char dst[64];
	const char *r, *k;

	while (pos < size) {
		nl = memchr(data + pos, '\n', size - pos);
		len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		for (w = 0; w < len && data[pos + w] != ' ' &&
			    data[pos + w] != '='; w++)
			;
		r = sshdparse_keyword((const char *)data + pos, w, dst,
				      1 + len % sizeof(dst));
		if (r) {
			if (r != dst || !memchr(dst, '\0', 1 + len % sizeof(dst)))
				abort();
			for (k = dst; *k; k++)
				if (*k >= 'A' && *k <= 'Z')
					abort();
		}
		pos += len + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sshd_reader rd = { tree_glob, tree_load, NULL };
	struct sshd_config c;
	struct tree *t = calloc(1, sizeof(*t));
	const uint8_t *p = data, *z;
	char err[64], *main_text;
	size_t left = size;

	if (!t)
		abort();
	for (t->n = 0; t->n < FILES; t->n++) {
		if (t->n == 0)
			snprintf(t->path[0], sizeof(t->path[0]),
				 "/etc/ssh/sshd_config");
		else
			snprintf(t->path[t->n], sizeof(t->path[t->n]),
				 "/etc/ssh/sshd_config.d/%zu.conf", t->n);
		z = memchr(p, '\0', left);
		t->text[t->n] = p;
		t->len[t->n] = z ? (size_t)(z - p) : left;
		if (!z) {
			t->n++;
			break;
		}
		left -= t->len[t->n] + 1;
		p = z + 1;
	}
	rd.ctx = t;

	/* The main file in a buffer of exactly its size. */
	main_text = malloc(t->len[0] ? t->len[0] : 1);
	if (!main_text)
		abort();
	if (t->len[0])
		memcpy(main_text, t->text[0], t->len[0]);
	sshdparse_init(&c);
	if (sshdparse_text(&c, t->path[0], main_text, t->len[0],
			   size % 3 ? &rd : NULL, err, sizeof(err)) < 0 ||
	    sshdparse_defaults(&c, err, sizeof(err)) < 0)
		abort(); /* only when memory runs out */
	check_config(&c);
	sshdparse_release(&c);
	free(main_text);
	check_keywords(t->text[0], t->len[0]);
	free(t);
	return 0;
}
