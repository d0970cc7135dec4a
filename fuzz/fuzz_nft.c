/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_nft: libFuzzer target for the nftables parsers of nft.h: netlink
 * messages as the kernel's NETLINK_NETFILTER dumps return them, and the
 * text of /etc/nftables.conf.
 *
 * The input, in a buffer of exactly its size, is parsed three ways into
 * fresh rulesets: as netlink messages in one call; cut in two at a point
 * taken from its length, in two calls (as two recv() would return them),
 * with rendering off when that point is odd; and as nftables.conf text.
 * Interface indexes get names through a callback that knows only
 * index 1 ("lo").
 *
 * Besides crashes and leaks, the target checks the contracts: every chain
 * has a table and a name, and a base chain a hook; every rule has a table,
 * a chain, rendered text no longer than NFT_EXPR_TEXT_MAX plus its "...",
 * and a position of at least 1; a set keeps no more elements than it saw,
 * and its lengths fit their arrays; after nft_ruleset_finish() a chain's
 * rule count is -1 or at most the rules parsed; a skipped message leaves
 * a NUL-terminated reason in err.  Only running out of memory may fail a
 * call, and the fuzzer never gets that far.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/nft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int ifname(uint32_t index, char *name, void *arg)
{
	(void)arg;
	if (index != 1)
		return -1;
	memcpy(name, "lo", 3);
	return 0;
}

static void check(struct nft_ruleset *rs, char *err, size_t errsize)
{
	size_t i, j;

	if (rs->skipped && !memchr(err, '\0', errsize))
		abort();
	if (nft_ruleset_finish(rs, err, errsize) < 0)
		abort(); /* only on ENOMEM, which the fuzzer never hits */
	for (i = 0; i < rs->nchains; i++) {
		const struct nft_chain *c = &rs->chains[i];

		if (!c->table || !c->name || (c->base && !c->hook))
			abort();
		if (c->rules < -1 || (c->rules > 0 && (size_t)c->rules > rs->nrules))
			abort();
		(void)nft_family_name(c->family);
	}
	for (i = 0; i < rs->nrules; i++) {
		const struct nft_rule *r = &rs->rules[i];

		if (!r->table || !r->chain || !r->expr || r->position < 1 ||
		    strlen(r->expr) > NFT_EXPR_TEXT_MAX + 3)
			abort();
	}
	for (i = 0; i < rs->nsets; i++) {
		const struct nft_set *s = &rs->sets[i];

		if (!s->table || !s->name || s->nelems > s->total ||
		    s->nelems > NFT_SET_ELEMS_MAX || s->nfields > 16)
			abort();
		for (j = 0; j < s->nelems; j++) {
			const struct nft_elem *e = &s->elems[j];

			if (e->klen > NFT_DATA_MAX || e->kelen > NFT_DATA_MAX ||
			    e->dlen > NFT_DATA_MAX)
				abort();
		}
	}
}

static void parse(const char *buf, size_t size, size_t cut, bool conf)
{
	struct nft_ruleset rs;
	char err[96];

	nft_ruleset_init(&rs);
	rs.ifname = ifname;
	err[0] = '\0';
	if (conf) {
		if (nft_conf_parse(&rs, buf, size, err, sizeof(err)) < 0)
			abort(); /* only on ENOMEM, which the fuzzer never hits */
	} else if (cut == 0) {
		if (nft_ruleset_parse(&rs, buf, size, err, sizeof(err)) < 0)
			abort();
	} else {
		rs.no_render = cut % 2;
		if (nft_ruleset_parse(&rs, buf, cut, err, sizeof(err)) < 0 ||
		    nft_ruleset_parse(&rs, buf + cut, size - cut, err,
				      sizeof(err)) < 0)
			abort();
	}
	check(&rs, err, sizeof(err));
	nft_ruleset_release(&rs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);

	if (!buf)
		abort();
	if (size)
		memcpy(buf, data, size);
	parse(buf, size, 0, false);
	if (size > 1)
		parse(buf, size, 1 + (size * 7 / 16) % (size - 1), false);
	parse(buf, size, 0, true);
	free(buf);
	return 0;
}
