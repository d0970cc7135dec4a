/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_iptparse: libFuzzer target for the legacy iptables parser of
 * iptparse.h, which reads the blob of entries IPT_SO_GET_ENTRIES returns.
 *
 * The input is the table's struct iptparse_info, as eleven little-endian
 * 32-bit words (valid_hooks, then the five hook_entry and the five
 * underflow offsets), followed by the blob, which is copied into a buffer
 * of exactly its size at an odd address (the parser promises to need no
 * alignment).  A shorter input is all blob, with every hook valid at
 * offset 0.
 *
 * Besides crashes and leaks, the target checks the contracts: a refused
 * blob leaves the table empty and a NUL-terminated reason in err; names,
 * policies, targets and interfaces are terminated inside their arrays;
 * each chain's rules are a range inside the rules, and each rule names a
 * chain that exists; a built-in chain is named after its hook.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/iptparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define INFO_SIZE (11 * 4)

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void terminated(const char *s, size_t size)
{
	if (!memchr(s, '\0', size))
		abort();
}

static void check(const struct iptparse_table *t)
{
	size_t i, h;

	for (i = 0; i < t->nchains; i++) {
		const struct iptparse_chain *c = &t->chains[i];

		terminated(c->name, sizeof(c->name));
		terminated(c->policy, sizeof(c->policy));
		if (c->first_rule > t->nrules ||
		    c->nrules > t->nrules - c->first_rule)
			abort();
		if (c->builtin) {
			for (h = 0; h < IPTPARSE_HOOKS; h++)
				if (iptparse_hook_name((unsigned)h) &&
				    strcmp(c->name, iptparse_hook_name(
							    (unsigned)h)) == 0)
					break;
			if (h == IPTPARSE_HOOKS)
				abort();
		}
	}
	for (i = 0; i < t->nrules; i++) {
		const struct iptparse_rule *r = &t->rules[i];

		if (r->chain >= t->nchains)
			abort();
		terminated(r->target, sizeof(r->target));
		terminated(r->iniface, sizeof(r->iniface));
		terminated(r->outiface, sizeof(r->outiface));
		terminated(r->first_match, sizeof(r->first_match));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iptparse_info info;
	struct iptparse_table t;
	const uint8_t *blob = data;
	size_t n = size, h;
	char err[96], *mem;

	memset(&info, 0, sizeof(info));
	if (size >= INFO_SIZE) {
		info.valid_hooks = le32(data) & 0x1f;
		for (h = 0; h < IPTPARSE_HOOKS; h++) {
			info.hook_entry[h] = le32(data + 4 + 4 * h);
			info.underflow[h] = le32(data + 24 + 4 * h);
		}
		blob = data + INFO_SIZE;
		n = size - INFO_SIZE;
	} else {
		info.valid_hooks = 0x1f;
	}
	/* One byte in front, so the blob starts at an odd address. */
	mem = malloc(n + 1);
	if (!mem)
		abort();
	if (n)
		memcpy(mem + 1, blob, n);

	memset(&t, 0, sizeof(t));
	if (iptparse_entries(&info, mem + 1, n, &t, err, sizeof(err)) < 0) {
		if (t.nchains || t.nrules || !memchr(err, '\0', sizeof(err)))
			abort();
	} else {
		check(&t);
	}
	iptparse_table_release(&t);
	if (t.nchains || t.nrules)
		abort();
	free(mem);
	for (h = 0; h <= IPTPARSE_HOOKS; h++)
		(void)iptparse_hook_name((unsigned)h);
	return 0;
}
