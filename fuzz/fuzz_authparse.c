/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_authparse: libFuzzer target for the login.defs and pam.d parsers
 * of authparse.h.
 *
 * The input is a whole file, in a buffer of exactly its size (no
 * terminating NUL: the parsers take lengths).  It is read as login.defs
 * line by line and whole, and walked as a pam.d file rule by rule, with a
 * scratch buffer capped a little above AUTHPARSE_LINE_MAX as the header
 * asks.
 *
 * Besides crashes and leaks, the target checks the contracts: a
 * definition's name and value lie inside their line or text, the name is
 * not empty, lines count from 1 and no more than AUTHPARSE_DEFS_MAX
 * definitions are kept, one per name; a pam rule's spans lie inside the
 * scratch buffer, its line is at least 1, and the walk always ends; a
 * refusal leaves a NUL-terminated reason in err.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/authparse.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_span(const char *s, size_t n, const char *buf, size_t size)
{
	if (!s) {
		if (n)
			abort();
		return;
	}
	if (s < buf || n > size || s + n > buf + size)
		abort();
}

static void check_err(int rc, const char *err, size_t errsize)
{
	if (rc < 0 && errsize && !memchr(err, '\0', errsize))
		abort();
}

static void check_lines(const char *text, size_t size)
{
	struct authparse_def d;
	size_t pos = 0, len;
	const char *nl;
	char err[40];
	int rc;

	while (pos < size) {
		nl = memchr(text + pos, '\n', size - pos);
		len = nl ? (size_t)(nl - (text + pos)) : size - pos;
		rc = authparse_logindefs_line(text + pos, len, &d, err,
					      1 + len % sizeof(err));
		check_err(rc, err, 1 + len % sizeof(err));
		if (rc == 1) {
			check_span(d.name, d.name_len, text + pos, len);
			check_span(d.value, d.value_len, text + pos, len);
			if (!d.name || d.name_len == 0)
				abort();
		}
		pos += len + 1;
	}
}

static void check_defs(const char *text, size_t size)
{
	struct authparse_def *defs = NULL;
	size_t n = 0, i, j;
	unsigned bad = 0;
	char err[40];

	if (authparse_logindefs(text, size, &defs, &n, &bad, err,
				sizeof(err)) < 0) {
		check_err(-1, err, sizeof(err));
		return;
	}
	if (n > AUTHPARSE_DEFS_MAX || (n && !defs))
		abort();
	for (i = 0; i < n; i++) {
		check_span(defs[i].name, defs[i].name_len, text, size);
		check_span(defs[i].value, defs[i].value_len, text, size);
		if (defs[i].line < 1 || defs[i].name_len == 0)
			abort();
		/* The last of each name counts: names are distinct (checked
		 * on the first few only, to keep the run linear). */
		for (j = 0; j < i && i < 64; j++)
			if (defs[j].name_len == defs[i].name_len &&
			    memcmp(defs[j].name, defs[i].name,
				   defs[i].name_len) == 0)
				abort();
	}
	free(defs);
}

static void check_pam(const char *text, size_t size)
{
	struct buf scratch = BUF_INIT(AUTHPARSE_LINE_MAX + 1024);
	struct authparse_pamiter it;
	struct authparse_pam r;
	size_t calls = 0;
	char err[40];
	int rc;

	authparse_pam_start(&it, text, size);
	for (;;) {
		rc = authparse_pam_next(&it, &scratch, &r, err, sizeof(err));
		if (rc == 0 || rc == -2)
			break;
		if (++calls > size + 1)
			abort(); /* every call consumes at least one byte */
		if (rc < 0) {
			check_err(rc, err, sizeof(err));
			continue;
		}
		check_span(r.type, r.type_len, scratch.data, scratch.len + 1);
		check_span(r.control, r.control_len, scratch.data,
			   scratch.len + 1);
		check_span(r.module, r.module_len, scratch.data,
			   scratch.len + 1);
		check_span(r.args, r.args_len, scratch.data, scratch.len + 1);
		if (r.line < 1)
			abort();
	}
	buf_release(&scratch);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);

	if (!text)
		abort();
	if (size)
		memcpy(text, data, size);
	check_lines(text, size);
	check_defs(text, size);
	check_pam(text, size);
	free(text);
	return 0;
}
