/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nft_conf.c: the nftables.conf parser, nft_conf_parse() (see nft.h for
 * what it reads): the chains a configuration file declares, with their
 * type, hook, priority and policy, appended to a ruleset's chains.
 *
 * The text is cut into tokens: words (a quoted string is one word, its
 * quotes dropped), "{", "}", and ";" (a newline ends a statement too).
 * Statements are gathered until ";", "{" or "}" and acted on with a stack
 * of the blocks they open.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netfilter.h>

#include "tables/nft.h"
#include "tables/nft_int.h"

#define CONF_TOKENS_MAX 64   /* tokens kept of one statement */
#define CONF_DEPTH_MAX 64    /* nested blocks followed */
#define CONF_WORD_MAX 256    /* longest word kept */

enum blk { BLK_OTHER, BLK_TABLE, BLK_CHAIN };

struct conf_block {
	enum blk kind;
	int family;
	char table[CONF_WORD_MAX];
	size_t chain; /* index into rs->chains, for BLK_CHAIN */
};

struct conf {
	struct nft_ruleset *rs;
	size_t first;  /* the first chain this parse added */
	char tok[CONF_TOKENS_MAX][CONF_WORD_MAX];
	size_t ntok;
	bool overflow; /* the statement had more tokens than kept */
	struct conf_block stack[CONF_DEPTH_MAX];
	size_t depth;  /* blocks open, also beyond CONF_DEPTH_MAX */
};

static int family_of(const char *s)
{
	static const uint8_t fams[] = { NFPROTO_IPV4, NFPROTO_IPV6,
					NFPROTO_INET, NFPROTO_ARP,
					NFPROTO_BRIDGE, NFPROTO_NETDEV };
	size_t i;

	for (i = 0; i < sizeof(fams); i++)
		if (strcmp(s, nft_family_name(fams[i])) == 0)
			return fams[i];
	return -1;
}

/* The family named by the token at *t, stepping past it; ip (nft's
 * default) when the token names none. */
static int family_at(const struct conf *cf, size_t *t)
{
	int family = family_of(cf->tok[*t]);

	if (family < 0)
		return NFPROTO_IPV4;
	(*t)++;
	return family;
}

/* The standard priority names of nft(8): the bridge family has its own. */
static bool priority_name(int family, const char *s, size_t n, int32_t *out)
{
	static const struct {
		const char *name;
		int32_t value;
	} inet[] = {
		{ "raw", -300 },    { "mangle", -150 }, { "dstnat", -100 },
		{ "filter", 0 },    { "security", 50 }, { "srcnat", 100 },
	}, bridge[] = {
		{ "dstnat", -300 }, { "filter", -200 }, { "out", 100 },
		{ "srcnat", 300 },
	};
	size_t i;

	if (family == NFPROTO_BRIDGE) {
		for (i = 0; i < sizeof(bridge) / sizeof(bridge[0]); i++)
			if (strlen(bridge[i].name) == n &&
			    memcmp(bridge[i].name, s, n) == 0) {
				*out = bridge[i].value;
				return true;
			}
		return false;
	}
	for (i = 0; i < sizeof(inet) / sizeof(inet[0]); i++)
		if (strlen(inet[i].name) == n &&
		    memcmp(inet[i].name, s, n) == 0) {
			*out = inet[i].value;
			return true;
		}
	return false;
}

/* Parses "filter", "filter - 10", "-150", "dstnat+5" (joined). */
static bool parse_priority(int family, const char *s, int32_t *out)
{
	const char *p = s;
	long base = 0, off;
	char *end;
	int32_t named;

	if (isalpha((unsigned char)*p)) {
		while (isalpha((unsigned char)*p))
			p++;
		if (!priority_name(family, s, (size_t)(p - s), &named))
			return false;
		base = named;
		if (*p == '\0') {
			*out = (int32_t)base;
			return true;
		}
		if (*p != '+' && *p != '-')
			return false;
	}
	errno = 0;
	off = strtol(p, &end, 10);
	if (end == p || *end != '\0' || errno)
		return false;
	if (base + off < INT32_MIN || base + off > INT32_MAX)
		return false;
	*out = (int32_t)(base + off);
	return true;
}

static struct nft_chain *conf_chain(struct conf *cf, int family,
				    const char *table, const char *name)
{
	struct nft_chain *c;

	c = nft_chain_find(cf->rs, cf->first, (unsigned)family, table, name);
	if (c)
		return c;
	return nft_chain_add(cf->rs, (unsigned)family, table, name);
}

/* "type filter hook input [device eth0] priority 0" inside a chain. */
static int conf_type(struct conf *cf, struct nft_chain *c)
{
	char prio[CONF_WORD_MAX * 2] = "";
	size_t i, n;

	if (cf->ntok < 2)
		return 0; /* "type" alone: nothing to read, not a failure */
	if (nft_str_replace(&c->type, cf->tok[1]) < 0)
		return -1;
	for (i = 2; i + 1 < cf->ntok; i++) {
		if (strcmp(cf->tok[i], "hook") == 0) {
			if (nft_str_replace(&c->hook, cf->tok[++i]) < 0)
				return -1;
			c->base = true;
		} else if (strcmp(cf->tok[i], "priority") == 0) {
			/* The rest, joined: "filter - 10" -> "filter-10". */
			for (i++, n = 0; i < cf->ntok; i++) {
				size_t l = strlen(cf->tok[i]);

				if (n + l >= sizeof(prio))
					break;
				memcpy(prio + n, cf->tok[i], l + 1);
				n += l;
			}
			c->has_priority =
				parse_priority(c->family, prio, &c->priority);
		}
	}
	return 0;
}

/* Acts on a statement ended by ";" (or a newline); 0 or -1 (memory). */
static int conf_statement(struct conf *cf)
{
	struct conf_block *b = cf->depth && cf->depth <= CONF_DEPTH_MAX ?
				       &cf->stack[cf->depth - 1] :
				       NULL;
	struct nft_chain *c;
	size_t i, t;
	int family;

	if (cf->ntok == 0)
		return 0;
	if (b && b->kind == BLK_CHAIN) {
		c = &cf->rs->chains[b->chain];
		if (strcmp(cf->tok[0], "type") == 0)
			return conf_type(cf, c);
		if (strcmp(cf->tok[0], "policy") == 0 && cf->ntok >= 2)
			return nft_str_replace(&c->policy, cf->tok[1]);
		return 0;
	}
	if (cf->depth != 0)
		return 0;
	if (cf->ntok == 2 && strcmp(cf->tok[0], "flush") == 0 &&
	    strcmp(cf->tok[1], "ruleset") == 0) {
		/* What this file declared before is gone. */
		for (i = cf->first; i < cf->rs->nchains; i++)
			nft_chain_free(&cf->rs->chains[i]);
		cf->rs->nchains = cf->first;
		return 0;
	}
	/* "add chain [family] table name" declares a regular chain. */
	if (cf->ntok >= 4 && strcmp(cf->tok[0], "add") == 0 &&
	    strcmp(cf->tok[1], "chain") == 0) {
		t = 2;
		family = family_at(cf, &t);
		if (t + 1 >= cf->ntok)
			return 0;
		return conf_chain(cf, family, cf->tok[t], cf->tok[t + 1]) ?
			       0 :
			       -1;
	}
	return 0;
}

/* Opens a block for the statement before "{". */
static int conf_open(struct conf *cf)
{
	struct conf_block nb, *b = cf->depth && cf->depth <= CONF_DEPTH_MAX ?
					   &cf->stack[cf->depth - 1] :
					   NULL;
	struct nft_chain *c;
	size_t t = 0;
	int family;

	memset(&nb, 0, sizeof(nb));
	nb.kind = BLK_OTHER;
	if (cf->ntok >= 1 && strcmp(cf->tok[0], "add") == 0)
		t = 1;
	if (cf->depth == 0 && cf->ntok >= t + 2 &&
	    strcmp(cf->tok[t], "table") == 0) {
		t++;
		family = family_at(cf, &t);
		if (t < cf->ntok) {
			nb.kind = BLK_TABLE;
			nb.family = family;
			memcpy(nb.table, cf->tok[t], sizeof(nb.table));
		}
	} else if (cf->depth == 0 && t == 1 && cf->ntok >= 4 &&
		   strcmp(cf->tok[1], "chain") == 0) {
		/* "add chain [family] table name { ... }" */
		t = 2;
		family = family_at(cf, &t);
		if (t + 1 < cf->ntok) {
			c = conf_chain(cf, family, cf->tok[t], cf->tok[t + 1]);
			if (!c)
				return -1;
			nb.kind = BLK_CHAIN;
			nb.chain = (size_t)(c - cf->rs->chains);
		}
	} else if (b && b->kind == BLK_TABLE && cf->ntok == 2 &&
		   strcmp(cf->tok[0], "chain") == 0) {
		c = conf_chain(cf, b->family, b->table, cf->tok[1]);
		if (!c)
			return -1;
		nb.kind = BLK_CHAIN;
		nb.chain = (size_t)(c - cf->rs->chains);
	}
	if (cf->depth < CONF_DEPTH_MAX)
		cf->stack[cf->depth] = nb;
	cf->depth++;
	return 0;
}

static void conf_word(struct conf *cf, const char *s, size_t n)
{
	if (cf->ntok >= CONF_TOKENS_MAX) {
		cf->overflow = true;
		return;
	}
	if (n >= CONF_WORD_MAX)
		n = CONF_WORD_MAX - 1;
	memcpy(cf->tok[cf->ntok], s, n);
	cf->tok[cf->ntok][n] = '\0';
	cf->ntok++;
}

int nft_conf_parse(struct nft_ruleset *rs, const char *text, size_t len,
		   char *err, size_t errsize)
{
	struct conf *cf;
	size_t i = 0, start, k;
	int rc = -1;

	cf = calloc(1, sizeof(*cf));
	if (!cf)
		return nft_oom(err, errsize);
	cf->rs = rs;
	cf->first = rs->nchains;
	while (i < len) {
		char ch = text[i];

		if (ch == '#') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		if (ch == '\\' && i + 1 < len && text[i + 1] == '\n') {
			i += 2; /* a continued line */
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\r') {
			i++;
			continue;
		}
		if (ch == '\n' || ch == ';' || ch == '{' || ch == '}') {
			if (!cf->overflow && ch != '{' &&
			    conf_statement(cf) < 0)
				goto out;
			if (ch == '{' && conf_open(cf) < 0)
				goto out;
			if (ch == '}' && cf->depth > 0)
				cf->depth--;
			cf->ntok = 0;
			cf->overflow = false;
			i++;
			continue;
		}
		if (ch == '"') {
			start = ++i;
			while (i < len && text[i] != '"' && text[i] != '\n')
				i++;
			conf_word(cf, text + start, i - start);
			if (i < len && text[i] == '"')
				i++;
			continue;
		}
		start = i;
		while (i < len && !strchr(" \t\r\n;{}#\"", text[i]) &&
		       text[i] != '\0')
			i++;
		if (i == start) {
			i++; /* a NUL byte */
			continue;
		}
		conf_word(cf, text + start, i - start);
	}
	if (!cf->overflow && conf_statement(cf) < 0)
		goto out;
	/* The kernel's default policy for a base chain is accept. */
	for (k = cf->first; k < rs->nchains; k++) {
		struct nft_chain *c = &rs->chains[k];

		if (c->base && !c->policy &&
		    nft_str_replace(&c->policy, "accept") < 0)
			goto out;
		if (!c->base) {
			/* A chain with a type but no hook is no base chain. */
			free(c->type);
			c->type = NULL;
			free(c->policy);
			c->policy = NULL;
			c->has_priority = false;
		}
	}
	rc = 0;
out:
	free(cf);
	if (rc < 0)
		return nft_oom(err, errsize);
	return 0;
}

