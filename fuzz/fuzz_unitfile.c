/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_unitfile: libFuzzer target for the systemd unit file parser of
 * unitfile.h and its helpers (word splitting, specifier expansion, unit
 * names).
 *
 * The input is cut at its first NUL byte into a fragment and a drop-in
 * (a unit's files, parsed in order into one list), each in a buffer of
 * exactly its size.  Every assignment's value is then split into words
 * and expanded for an instance unit, and the lookups are run on the keys
 * the tables ask for.  The first line of the input, cut to 255 bytes,
 * also goes to the unit name helpers.
 *
 * Besides crashes, the target checks the contracts: every entry's strings
 * are set and its line is at least 1; a refused file leaves the list as it
 * was and a NUL-terminated reason in err; unitfile_get() is the value of
 * unitfile_last() unless that is empty; unitfile_list_start() is at most
 * the number of entries; the word splitter always moves forward; a
 * template name is an instance's name with the instance dropped.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/unitfile.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const lookups[][2] = {
	{ "Unit", "Description" },   { "Service", "ExecStart" },
	{ "Service", "User" },	      { "Service", "Environment" },
	{ "Install", "WantedBy" },   { "Service", "ProtectSystem" },
	{ "Unit", "" },
};

static void parse_one(struct unitfile *u, const char *file,
		      const uint8_t *data, size_t size)
{
	char *t = malloc(size ? size : 1), err[64];
	size_t before = u->n, errsize = 1 + size % sizeof(err);

	if (!t)
		abort();
	if (size)
		memcpy(t, data, size);
	if (unitfile_parse(u, file, t, size, err, errsize) < 0) {
		if (u->n != before || !memchr(err, '\0', errsize))
			abort();
	}
	free(t);
}

static void check_words(const char *value)
{
	struct buf w = BUF_INIT(1u << 16);
	const char *p = value, *prev;
	char err[48];
	int rc;

	for (;;) {
		prev = p;
		rc = unitfile_word(&p, &w, err, sizeof(err));
		if (rc <= 0) {
			if (rc < 0 && !memchr(err, '\0', sizeof(err)))
				abort();
			break;
		}
		if (p <= prev || p > value + strlen(value))
			abort();
	}
	buf_release(&w);
}

static void check_names(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t n = nl ? (size_t)(nl - data) : size;
	char name[256], tmpl[300];
	const char *at, *dot;

	if (n > 255)
		n = 255;
	memcpy(name, data, n);
	name[n] = '\0';
	(void)unitfile_name_type(name);
	(void)unitfile_name_is_template(name);
	if (unitfile_name_template(name, tmpl, sizeof(tmpl)) == 0) {
		/* "a@b.service" -> "a@.service": the prefix up to '@' and
		 * the suffix from the last '.' are kept. */
		at = strchr(name, '@');
		dot = strrchr(name, '.');
		if (!at || !dot || strncmp(tmpl, name, (size_t)(at - name + 1)) ||
		    strcmp(tmpl + (at - name + 1), dot) != 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *z = memchr(data, '\0', size);
	size_t first = z ? (size_t)(z - data) : size, i, start;
	struct buf x = BUF_INIT(1u << 16);
	const struct unitfile_entry *last;
	struct unitfile u;
	const char *v;

	unitfile_init(&u);
	parse_one(&u, "/usr/lib/systemd/system/fuzz@x.service", data, first);
	if (z)
		parse_one(&u, "/etc/systemd/system/fuzz@x.service.d/a.conf",
			  z + 1, size - first - 1);

	for (i = 0; i < u.n; i++) {
		const struct unitfile_entry *e = &u.v[i];

		if (!e->section || !e->key || !e->value || !e->file ||
		    e->line < 1)
			abort();
		if (!unitfile_is(e, e->section, e->key) ||
		    !unitfile_has_section(&u, e->section))
			abort();
		if (i < 64) {
			check_words(e->value);
			/* A refusal past the buffer's cap is allowed. */
			if (unitfile_expand(e->value,
					    "fuzz-a@in\\x2dst-x.service",
					    &x) == 0 &&
			    x.data && x.data[x.len] != '\0')
				abort();
		}
	}
	for (i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++) {
		last = unitfile_last(&u, lookups[i][0], lookups[i][1]);
		v = unitfile_get(&u, lookups[i][0], lookups[i][1]);
		if (last && last->value[0] ? v != last->value : v != NULL)
			abort();
		start = unitfile_list_start(&u, lookups[i][0], lookups[i][1]);
		if (start > u.n)
			abort();
	}
	check_names(data, size);
	buf_release(&x);
	unitfile_release(&u);
	return 0;
}
