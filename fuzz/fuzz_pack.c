/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_pack: libFuzzer target for the audit pack, fleet policy and
 * waivers parsers (pack.h, policy.h, runner.h): JSON and YAML files that
 * name the checks to run and the risks accepted, which come from an
 * operator's file or a fleet manager.
 *
 * The input is one document, in a buffer of exactly its size (the parsers
 * take a length).  It is parsed as a JSON pack twice into the same list
 * (the second time must refuse the repeated ids, or append nothing new
 * when the first failed), the same way as YAML fleet policies (libyaml,
 * loaded on first use, is not instrumented: the walk over its tree is),
 * and as a waivers file.  The input, cut at its first NUL, is also read as
 * a severity name.
 *
 * Besides crashes and leaks, the target checks the contracts: a refused
 * pack or policy file appends nothing and leaves a NUL-terminated reason
 * in err; every check has an id, a title and a query, and pack_find()
 * finds it by its id; a severity is one of the named ones and its name
 * parses back to it; waivers have ids.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/pack.h"
#include "audit/policy.h"
#include "audit/runner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void parse_pack(struct pack *p, const char *json, size_t size,
		       bool yaml)
{
	size_t before = p->n, i;
	char err[128];
	int rc;

	rc = yaml ? policy_parse_yaml(p, "fuzz", json, size, err, sizeof(err))
		  : pack_parse(p, "fuzz", json, size, err, sizeof(err));
	if (rc < 0) {
		if (p->n != before || !memchr(err, '\0', sizeof(err)))
			abort();
		return;
	}
	for (i = before; i < p->n; i++) {
		const struct check *c = &p->checks[i];

		if (!c->id || !c->title || !c->query ||
		    (unsigned)c->severity >= SEV_COUNT)
			abort();
		if (pack_find(p, c->id) != c)
			abort();
		if (pack_severity_parse(pack_severity_name(c->severity)) !=
		    (int)c->severity)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *json = malloc(size ? size : 1), *name, err[128];
	struct pack p = { 0 };
	struct waivers w = { 0 };
	size_t i;
	int sev;

	if (!json)
		abort();
	if (size)
		memcpy(json, data, size);
	parse_pack(&p, json, size, false);
	parse_pack(&p, json, size, false);
	pack_release(&p);
	parse_pack(&p, json, size, true);
	parse_pack(&p, json, size, true);
	pack_release(&p);

	if (waivers_parse(&w, json, size, "2024-06-01", err, sizeof(err)) ==
	    0) {
		for (i = 0; i < w.n; i++)
			if (!w.w[i].id)
				abort();
		waivers_release(&w);
	} else if (!memchr(err, '\0', sizeof(err))) {
		abort();
	}
	free(json);

	name = malloc(size + 1);
	if (!name)
		abort();
	memcpy(name, data, size);
	name[size] = '\0';
	sev = pack_severity_parse(name);
	if (sev != -1 && (sev < 0 || sev >= SEV_COUNT ||
			  strcmp(pack_severity_name((enum severity)sev), name)))
		abort();
	free(name);
	return 0;
}
