/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nft.c: nftables netlink messages and nftables.conf text as chains, sets
 * and rendered rules (see nft.h for the contract and the text format).
 *
 * The file has five parts: the ruleset's storage; the nftables.conf
 * parser; the validator that stands between the kernel's bytes and
 * libnftnl; the message parser (libnftnl into vigil's structs); and the
 * rule renderer, which walks a rule's expressions through libnftnl's
 * getters with a model of the kernel's registers.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_log.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_synproxy.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/nfnetlink.h>

#include "tables/nft.h"
#include "util/buf.h"
#include "util/lazylib.h"

/* --- libnftnl, loaded on first use -------------------------------------- */

/*
 * libnftnl (with its dependencies) costs more to load than most of what a
 * query does at start-up, and only the nftables tables need it, so it is
 * not linked: the first parse opens it (util/lazylib.h) and resolves the
 * functions below; every call goes through nf.
 */
static struct lazylib libnftnl = LAZYLIB_INIT("libnftnl.so.11");

static struct {
	__typeof__(nftnl_chain_alloc) *chain_alloc;
	__typeof__(nftnl_chain_free) *chain_free;
	__typeof__(nftnl_chain_get_s32) *chain_get_s32;
	__typeof__(nftnl_chain_get_str) *chain_get_str;
	__typeof__(nftnl_chain_get_u32) *chain_get_u32;
	__typeof__(nftnl_chain_get_u64) *chain_get_u64;
	__typeof__(nftnl_chain_is_set) *chain_is_set;
	__typeof__(nftnl_chain_nlmsg_parse) *chain_nlmsg_parse;
	__typeof__(nftnl_expr_expr_foreach) *expr_expr_foreach;
	__typeof__(nftnl_expr_foreach) *expr_foreach;
	__typeof__(nftnl_expr_get) *expr_get;
	__typeof__(nftnl_expr_get_str) *expr_get_str;
	__typeof__(nftnl_expr_get_u16) *expr_get_u16;
	__typeof__(nftnl_expr_get_u32) *expr_get_u32;
	__typeof__(nftnl_expr_get_u64) *expr_get_u64;
	__typeof__(nftnl_expr_get_u8) *expr_get_u8;
	__typeof__(nftnl_expr_is_set) *expr_is_set;
	__typeof__(nftnl_expr_snprintf) *expr_snprintf;
	__typeof__(nftnl_rule_alloc) *rule_alloc;
	__typeof__(nftnl_rule_free) *rule_free;
	__typeof__(nftnl_rule_nlmsg_parse) *rule_nlmsg_parse;
	__typeof__(nftnl_set_alloc) *set_alloc;
	__typeof__(nftnl_set_elem_foreach) *set_elem_foreach;
	__typeof__(nftnl_set_elem_get) *set_elem_get;
	__typeof__(nftnl_set_elem_get_str) *set_elem_get_str;
	__typeof__(nftnl_set_elem_get_u32) *set_elem_get_u32;
	__typeof__(nftnl_set_elem_is_set) *set_elem_is_set;
	__typeof__(nftnl_set_elems_nlmsg_parse) *set_elems_nlmsg_parse;
	__typeof__(nftnl_set_free) *set_free;
	__typeof__(nftnl_set_get_str) *set_get_str;
	__typeof__(nftnl_set_get_u32) *set_get_u32;
	__typeof__(nftnl_set_is_set) *set_is_set;
	__typeof__(nftnl_set_nlmsg_parse) *set_nlmsg_parse;
} nf;

static const char *const nf_names[] = {
	"nftnl_chain_alloc",
	"nftnl_chain_free",
	"nftnl_chain_get_s32",
	"nftnl_chain_get_str",
	"nftnl_chain_get_u32",
	"nftnl_chain_get_u64",
	"nftnl_chain_is_set",
	"nftnl_chain_nlmsg_parse",
	"nftnl_expr_expr_foreach",
	"nftnl_expr_foreach",
	"nftnl_expr_get",
	"nftnl_expr_get_str",
	"nftnl_expr_get_u16",
	"nftnl_expr_get_u32",
	"nftnl_expr_get_u64",
	"nftnl_expr_get_u8",
	"nftnl_expr_is_set",
	"nftnl_expr_snprintf",
	"nftnl_rule_alloc",
	"nftnl_rule_free",
	"nftnl_rule_nlmsg_parse",
	"nftnl_set_alloc",
	"nftnl_set_elem_foreach",
	"nftnl_set_elem_get",
	"nftnl_set_elem_get_str",
	"nftnl_set_elem_get_u32",
	"nftnl_set_elem_is_set",
	"nftnl_set_elems_nlmsg_parse",
	"nftnl_set_free",
	"nftnl_set_get_str",
	"nftnl_set_get_u32",
	"nftnl_set_is_set",
	"nftnl_set_nlmsg_parse",
};
_Static_assert(sizeof(nf_names) / sizeof(nf_names[0]) ==
		       sizeof(nf) / sizeof(void *),
	       "one name per libnftnl function");

/* Loads libnftnl once.  0, or -1 with the reason in err. */
static int nf_load(char *err, size_t errsize)
{
	if (lazylib_bind(&libnftnl, nf_names,
			 sizeof(nf_names) / sizeof(nf_names[0]), &nf) < 0) {
		if (err && errsize)
			snprintf(err, errsize, "%s", libnftnl.err);
		return -1;
	}
	return 0;
}

/* --- storage -------------------------------------------------------------- */

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* strdup of a possibly NULL string: NULL stays NULL; *ok is cleared when
 * memory runs out. */
static char *dup_opt(const char *s, bool *ok)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*ok = false;
	return d;
}

/* Makes room for one more item in *v (n items, *alloc allocated). */
static int grow(void **v, size_t *alloc, size_t n, size_t size)
{
	void *nv;
	size_t na;

	if (n < *alloc)
		return 0;
	na = *alloc ? *alloc * 2 : 16;
	nv = realloc(*v, na * size);
	if (!nv)
		return -1;
	*v = nv;
	*alloc = na;
	return 0;
}

static int oom(char *err, size_t errsize)
{
	if (err && errsize)
		snprintf(err, errsize, "out of memory");
	errno = ENOMEM;
	return -1;
}

void nft_ruleset_init(struct nft_ruleset *rs)
{
	memset(rs, 0, sizeof(*rs));
}

static void chain_free(struct nft_chain *c)
{
	free(c->table);
	free(c->name);
	free(c->type);
	free(c->hook);
	free(c->policy);
}

static void rule_free(struct nft_rule *r)
{
	free(r->table);
	free(r->chain);
	free(r->expr);
	free(r->verdict);
	free(r->comment);
	free(r->msg);
}

static void set_free(struct nft_set *s)
{
	size_t i;

	free(s->table);
	free(s->name);
	for (i = 0; i < s->nelems; i++) {
		free(s->elems[i].vchain);
		free(s->elems[i].objref);
	}
	free(s->elems);
}

void nft_ruleset_release(struct nft_ruleset *rs)
{
	size_t i;
	int (*ifname)(uint32_t, char *, void *) = rs->ifname;
	void *arg = rs->ifname_arg;
	bool no_render = rs->no_render;

	for (i = 0; i < rs->nchains; i++)
		chain_free(&rs->chains[i]);
	for (i = 0; i < rs->nrules; i++)
		rule_free(&rs->rules[i]);
	for (i = 0; i < rs->nsets; i++)
		set_free(&rs->sets[i]);
	free(rs->chains);
	free(rs->rules);
	free(rs->sets);
	free(rs->set_slots);
	memset(rs, 0, sizeof(*rs));
	rs->ifname = ifname;
	rs->ifname_arg = arg;
	rs->no_render = no_render;
}

const char *nft_family_name(unsigned family)
{
	switch (family) {
	case NFPROTO_IPV4:
		return "ip";
	case NFPROTO_IPV6:
		return "ip6";
	case NFPROTO_INET:
		return "inet";
	case NFPROTO_ARP:
		return "arp";
	case NFPROTO_BRIDGE:
		return "bridge";
	case NFPROTO_NETDEV:
		return "netdev";
	}
	return NULL;
}

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

/* The chain (family, table, name), or NULL. */
static struct nft_chain *find_chain(struct nft_ruleset *rs, size_t from,
				    unsigned family, const char *table,
				    const char *name)
{
	size_t i;

	for (i = from; i < rs->nchains; i++) {
		struct nft_chain *c = &rs->chains[i];

		if (c->family == family && strcmp(c->table, table) == 0 &&
		    strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

/* Appends an empty chain with its names; NULL when memory runs out. */
static struct nft_chain *add_chain(struct nft_ruleset *rs, unsigned family,
				   const char *table, const char *name)
{
	struct nft_chain *c;

	if (grow((void **)&rs->chains, &rs->achains, rs->nchains,
		 sizeof(*c)) < 0)
		return NULL;
	c = &rs->chains[rs->nchains];
	memset(c, 0, sizeof(*c));
	c->family = (uint8_t)family;
	c->table = strdup(table);
	c->name = strdup(name);
	c->rules = -1;
	if (!c->table || !c->name) {
		chain_free(c);
		return NULL;
	}
	rs->nchains++;
	return c;
}

/* Replaces *field with a copy of s (NULL clears it). */
static int set_str(char **field, const char *s)
{
	char *d = NULL;

	if (s) {
		d = strdup(s);
		if (!d)
			return -1;
	}
	free(*field);
	*field = d;
	return 0;
}

/* --- nftables.conf -------------------------------------------------------- */

/*
 * The text is cut into tokens: words (a quoted string is one word, its
 * quotes dropped), "{", "}", and ";" (a newline ends a statement too).
 * Statements are gathered until ";", "{" or "}" and acted on with a stack
 * of the blocks they open.
 */

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

	c = find_chain(cf->rs, cf->first, (unsigned)family, table, name);
	if (c)
		return c;
	return add_chain(cf->rs, (unsigned)family, table, name);
}

/* "type filter hook input [device eth0] priority 0" inside a chain. */
static int conf_type(struct conf *cf, struct nft_chain *c)
{
	char prio[CONF_WORD_MAX * 2] = "";
	size_t i, n;

	if (cf->ntok < 2)
		return 0; /* "type" alone: nothing to read, not a failure */
	if (set_str(&c->type, cf->tok[1]) < 0)
		return -1;
	for (i = 2; i + 1 < cf->ntok; i++) {
		if (strcmp(cf->tok[i], "hook") == 0) {
			if (set_str(&c->hook, cf->tok[++i]) < 0)
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
			return set_str(&c->policy, cf->tok[1]);
		return 0;
	}
	if (cf->depth != 0)
		return 0;
	if (cf->ntok == 2 && strcmp(cf->tok[0], "flush") == 0 &&
	    strcmp(cf->tok[1], "ruleset") == 0) {
		/* What this file declared before is gone. */
		for (i = cf->first; i < cf->rs->nchains; i++)
			chain_free(&cf->rs->chains[i]);
		cf->rs->nchains = cf->first;
		return 0;
	}
	/* "add chain [family] table name" declares a regular chain. */
	if (cf->ntok >= 4 && strcmp(cf->tok[0], "add") == 0 &&
	    strcmp(cf->tok[1], "chain") == 0) {
		t = 2;
		family = family_of(cf->tok[t]);
		if (family < 0)
			family = NFPROTO_IPV4;
		else
			t++;
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
		family = family_of(cf->tok[t]);
		if (family < 0)
			family = NFPROTO_IPV4;
		else
			t++;
		if (t < cf->ntok) {
			nb.kind = BLK_TABLE;
			nb.family = family;
			memcpy(nb.table, cf->tok[t], sizeof(nb.table));
		}
	} else if (cf->depth == 0 && t == 1 && cf->ntok >= 4 &&
		   strcmp(cf->tok[1], "chain") == 0) {
		/* "add chain [family] table name { ... }" */
		t = 2;
		family = family_of(cf->tok[t]);
		if (family < 0)
			family = NFPROTO_IPV4;
		else
			t++;
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
		return oom(err, errsize);
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

		if (c->base && !c->policy && set_str(&c->policy, "accept") < 0)
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
		return oom(err, errsize);
	return 0;
}

/* --- the validator -------------------------------------------------------- */

/*
 * Schemas: for each kind of nest, what each attribute number holds.  The
 * types are the kernel's (its nla_policy tables, documented in uapi
 * nf_tables.h); libnftnl checks the same types and exits on a mismatch,
 * so whatever passes here passes there.
 */

enum aty {
	T_NONE,  /* no such attribute: refused */
	T_PAD,   /* alignment padding: anything */
	T_U8,
	T_U16,
	T_U32,
	T_U64,
	T_STR,   /* a string that must end in its NUL */
	T_BIN,   /* bytes */
	T_VALUE, /* a data value: 1 to NFT_DATA_MAX bytes */
	T_NEST,  /* a nest of the schema in sub */
};

enum sch {
	S_TABLE, S_CHAIN, S_HOOK, S_DEVS, S_COUNTERS, S_RULE, S_COMPAT,
	S_EXPRS, S_EXPR, S_SET, S_DESC, S_CONCAT, S_FIELD, S_ELEMLIST,
	S_ELEMS, S_ELEM, S_DATA, S_VERDICT, S_ANY,
};

struct arule {
	uint8_t type;
	uint8_t sub;
};

#define R(t) { T_##t, 0 }
#define N(s) { T_NEST, S_##s }

static const struct arule a_table[] = {
	[NFTA_TABLE_NAME] = R(STR),     [NFTA_TABLE_FLAGS] = R(U32),
	[NFTA_TABLE_USE] = R(U32),      [NFTA_TABLE_HANDLE] = R(U64),
	[NFTA_TABLE_PAD] = R(PAD),      [NFTA_TABLE_USERDATA] = R(BIN),
	[NFTA_TABLE_OWNER] = R(U32),
};
static const struct arule a_chain[] = {
	[NFTA_CHAIN_TABLE] = R(STR),    [NFTA_CHAIN_HANDLE] = R(U64),
	[NFTA_CHAIN_NAME] = R(STR),     [NFTA_CHAIN_HOOK] = N(HOOK),
	[NFTA_CHAIN_POLICY] = R(U32),   [NFTA_CHAIN_USE] = R(U32),
	[NFTA_CHAIN_TYPE] = R(STR),     [NFTA_CHAIN_COUNTERS] = N(COUNTERS),
	[NFTA_CHAIN_PAD] = R(PAD),      [NFTA_CHAIN_FLAGS] = R(U32),
	[NFTA_CHAIN_ID] = R(U32),       [NFTA_CHAIN_USERDATA] = R(BIN),
};
static const struct arule a_hook[] = {
	[NFTA_HOOK_HOOKNUM] = R(U32),   [NFTA_HOOK_PRIORITY] = R(U32),
	[NFTA_HOOK_DEV] = R(STR),       [NFTA_HOOK_DEVS] = N(DEVS),
};
static const struct arule a_devs[] = {
	[NFTA_DEVICE_NAME] = R(STR),
};
static const struct arule a_counters[] = {
	[NFTA_COUNTER_BYTES] = R(U64),  [NFTA_COUNTER_PACKETS] = R(U64),
	[NFTA_COUNTER_PAD] = R(PAD),
};
static const struct arule a_rule[] = {
	[NFTA_RULE_TABLE] = R(STR),     [NFTA_RULE_CHAIN] = R(STR),
	[NFTA_RULE_HANDLE] = R(U64),    [NFTA_RULE_EXPRESSIONS] = N(EXPRS),
	[NFTA_RULE_COMPAT] = N(COMPAT), [NFTA_RULE_POSITION] = R(U64),
	[NFTA_RULE_USERDATA] = R(BIN),  [NFTA_RULE_PAD] = R(PAD),
	[NFTA_RULE_ID] = R(U32),        [NFTA_RULE_POSITION_ID] = R(U32),
	[NFTA_RULE_CHAIN_ID] = R(U32),
};
static const struct arule a_compat[] = {
	[NFTA_RULE_COMPAT_PROTO] = R(U32), [NFTA_RULE_COMPAT_FLAGS] = R(U32),
};
static const struct arule a_exprs[] = {
	[NFTA_LIST_ELEM] = N(EXPR),
};
static const struct arule a_expr[] = {
	[NFTA_EXPR_NAME] = R(STR),      [NFTA_EXPR_DATA] = R(BIN),
};
static const struct arule a_set[] = {
	[NFTA_SET_TABLE] = R(STR),      [NFTA_SET_NAME] = R(STR),
	[NFTA_SET_FLAGS] = R(U32),      [NFTA_SET_KEY_TYPE] = R(U32),
	[NFTA_SET_KEY_LEN] = R(U32),    [NFTA_SET_DATA_TYPE] = R(U32),
	[NFTA_SET_DATA_LEN] = R(U32),   [NFTA_SET_POLICY] = R(U32),
	[NFTA_SET_DESC] = N(DESC),      [NFTA_SET_ID] = R(U32),
	[NFTA_SET_TIMEOUT] = R(U64),    [NFTA_SET_GC_INTERVAL] = R(U32),
	[NFTA_SET_USERDATA] = R(BIN),   [NFTA_SET_PAD] = R(PAD),
	[NFTA_SET_OBJ_TYPE] = R(U32),   [NFTA_SET_HANDLE] = R(U64),
	[NFTA_SET_EXPR] = N(EXPR),      [NFTA_SET_EXPRESSIONS] = N(EXPRS),
};
static const struct arule a_desc[] = {
	[NFTA_SET_DESC_SIZE] = R(U32),  [NFTA_SET_DESC_CONCAT] = N(CONCAT),
};
static const struct arule a_concat[] = {
	[NFTA_LIST_ELEM] = N(FIELD),
};
static const struct arule a_field[] = {
	[NFTA_SET_FIELD_LEN] = R(U32),
};
static const struct arule a_elemlist[] = {
	[NFTA_SET_ELEM_LIST_TABLE] = R(STR),
	[NFTA_SET_ELEM_LIST_SET] = R(STR),
	[NFTA_SET_ELEM_LIST_ELEMENTS] = N(ELEMS),
	[NFTA_SET_ELEM_LIST_SET_ID] = R(U32),
};
static const struct arule a_elems[] = {
	[NFTA_LIST_ELEM] = N(ELEM),
};
static const struct arule a_elem[] = {
	[NFTA_SET_ELEM_KEY] = N(DATA),       [NFTA_SET_ELEM_DATA] = N(DATA),
	[NFTA_SET_ELEM_FLAGS] = R(U32),      [NFTA_SET_ELEM_TIMEOUT] = R(U64),
	[NFTA_SET_ELEM_EXPIRATION] = R(U64), [NFTA_SET_ELEM_USERDATA] = R(BIN),
	[NFTA_SET_ELEM_EXPR] = N(EXPR),      [NFTA_SET_ELEM_PAD] = R(PAD),
	[NFTA_SET_ELEM_OBJREF] = R(STR),     [NFTA_SET_ELEM_KEY_END] = N(DATA),
	[NFTA_SET_ELEM_EXPRESSIONS] = N(EXPRS),
};
static const struct arule a_data[] = {
	[NFTA_DATA_VALUE] = R(VALUE),   [NFTA_DATA_VERDICT] = N(VERDICT),
};
static const struct arule a_verdict[] = {
	[NFTA_VERDICT_CODE] = R(U32),   [NFTA_VERDICT_CHAIN] = R(STR),
	[NFTA_VERDICT_CHAIN_ID] = R(U32),
};

struct schema {
	const char *what;      /* for error messages */
	const struct arule *r;
	uint16_t max;
	bool list;             /* every attribute must be of type list */
	uint16_t list_type;
};

#define SCH(w, a) { w, a, sizeof(a) / sizeof((a)[0]) - 1, false, 0 }
#define LIST(w, a, t) { w, a, sizeof(a) / sizeof((a)[0]) - 1, true, t }

static const struct schema schemas[] = {
	[S_TABLE] = SCH("table", a_table),
	[S_CHAIN] = SCH("chain", a_chain),
	[S_HOOK] = SCH("hook", a_hook),
	[S_DEVS] = LIST("devices", a_devs, NFTA_DEVICE_NAME),
	[S_COUNTERS] = SCH("counters", a_counters),
	[S_RULE] = SCH("rule", a_rule),
	[S_COMPAT] = SCH("compat", a_compat),
	[S_EXPRS] = LIST("expressions", a_exprs, NFTA_LIST_ELEM),
	[S_EXPR] = SCH("expression", a_expr),
	[S_SET] = SCH("set", a_set),
	[S_DESC] = SCH("set description", a_desc),
	[S_CONCAT] = LIST("concatenation", a_concat, NFTA_LIST_ELEM),
	[S_FIELD] = SCH("field", a_field),
	[S_ELEMLIST] = SCH("set elements", a_elemlist),
	[S_ELEMS] = LIST("element list", a_elems, NFTA_LIST_ELEM),
	[S_ELEM] = SCH("element", a_elem),
	[S_DATA] = SCH("data", a_data),
	[S_VERDICT] = SCH("verdict", a_verdict),
	[S_ANY] = { "expression data", NULL, 0, false, 0 },
};

/* The expressions: their data's schema, by name. */
static const struct arule s_bitwise[] = {
	[NFTA_BITWISE_SREG] = R(U32),   [NFTA_BITWISE_DREG] = R(U32),
	[NFTA_BITWISE_LEN] = R(U32),    [NFTA_BITWISE_MASK] = N(DATA),
	[NFTA_BITWISE_XOR] = N(DATA),   [NFTA_BITWISE_OP] = R(U32),
	[NFTA_BITWISE_DATA] = N(DATA),
};
static const struct arule s_byteorder[] = {
	[NFTA_BYTEORDER_SREG] = R(U32), [NFTA_BYTEORDER_DREG] = R(U32),
	[NFTA_BYTEORDER_OP] = R(U32),   [NFTA_BYTEORDER_LEN] = R(U32),
	[NFTA_BYTEORDER_SIZE] = R(U32),
};
static const struct arule s_cmp[] = {
	[NFTA_CMP_SREG] = R(U32),       [NFTA_CMP_OP] = R(U32),
	[NFTA_CMP_DATA] = N(DATA),
};
static const struct arule s_connlimit[] = {
	[NFTA_CONNLIMIT_COUNT] = R(U32), [NFTA_CONNLIMIT_FLAGS] = R(U32),
};
static const struct arule s_counter[] = {
	[NFTA_COUNTER_BYTES] = R(U64),  [NFTA_COUNTER_PACKETS] = R(U64),
	[NFTA_COUNTER_PAD] = R(PAD),
};
static const struct arule s_ct[] = {
	[NFTA_CT_DREG] = R(U32),        [NFTA_CT_KEY] = R(U32),
	[NFTA_CT_DIRECTION] = R(U8),    [NFTA_CT_SREG] = R(U32),
};
static const struct arule s_dup[] = {
	[NFTA_DUP_SREG_ADDR] = R(U32),  [NFTA_DUP_SREG_DEV] = R(U32),
};
static const struct arule s_exthdr[] = {
	[NFTA_EXTHDR_DREG] = R(U32),    [NFTA_EXTHDR_TYPE] = R(U8),
	[NFTA_EXTHDR_OFFSET] = R(U32),  [NFTA_EXTHDR_LEN] = R(U32),
	[NFTA_EXTHDR_FLAGS] = R(U32),   [NFTA_EXTHDR_OP] = R(U32),
	[NFTA_EXTHDR_SREG] = R(U32),
};
static const struct arule s_fwd[] = {
	[NFTA_FWD_SREG_DEV] = R(U32),   [NFTA_FWD_SREG_ADDR] = R(U32),
	[NFTA_FWD_NFPROTO] = R(U32),
};
static const struct arule s_immediate[] = {
	[NFTA_IMMEDIATE_DREG] = R(U32), [NFTA_IMMEDIATE_DATA] = N(DATA),
};
static const struct arule s_last[] = {
	[NFTA_LAST_SET] = R(U32),       [NFTA_LAST_MSECS] = R(U64),
	[NFTA_LAST_PAD] = R(PAD),
};
static const struct arule s_limit[] = {
	[NFTA_LIMIT_RATE] = R(U64),     [NFTA_LIMIT_UNIT] = R(U64),
	[NFTA_LIMIT_BURST] = R(U32),    [NFTA_LIMIT_TYPE] = R(U32),
	[NFTA_LIMIT_FLAGS] = R(U32),    [NFTA_LIMIT_PAD] = R(PAD),
};
static const struct arule s_log[] = {
	[NFTA_LOG_GROUP] = R(U16),      [NFTA_LOG_PREFIX] = R(STR),
	[NFTA_LOG_SNAPLEN] = R(U32),    [NFTA_LOG_QTHRESHOLD] = R(U16),
	[NFTA_LOG_LEVEL] = R(U32),      [NFTA_LOG_FLAGS] = R(U32),
};
static const struct arule s_lookup[] = {
	[NFTA_LOOKUP_SET] = R(STR),     [NFTA_LOOKUP_SREG] = R(U32),
	[NFTA_LOOKUP_DREG] = R(U32),    [NFTA_LOOKUP_SET_ID] = R(U32),
	[NFTA_LOOKUP_FLAGS] = R(U32),
};
static const struct arule s_masq[] = {
	[NFTA_MASQ_FLAGS] = R(U32),     [NFTA_MASQ_REG_PROTO_MIN] = R(U32),
	[NFTA_MASQ_REG_PROTO_MAX] = R(U32),
};
static const struct arule s_match[] = {
	[NFTA_MATCH_NAME] = R(STR),     [NFTA_MATCH_REV] = R(U32),
	[NFTA_MATCH_INFO] = R(BIN),
};
static const struct arule s_meta[] = {
	[NFTA_META_DREG] = R(U32),      [NFTA_META_KEY] = R(U32),
	[NFTA_META_SREG] = R(U32),
};
static const struct arule s_numgen[] = {
	[NFTA_NG_DREG] = R(U32),        [NFTA_NG_MODULUS] = R(U32),
	[NFTA_NG_TYPE] = R(U32),        [NFTA_NG_OFFSET] = R(U32),
	[NFTA_NG_SET_NAME] = R(STR),    [NFTA_NG_SET_ID] = R(U32),
};
static const struct arule s_nat[] = {
	[NFTA_NAT_TYPE] = R(U32),       [NFTA_NAT_FAMILY] = R(U32),
	[NFTA_NAT_REG_ADDR_MIN] = R(U32), [NFTA_NAT_REG_ADDR_MAX] = R(U32),
	[NFTA_NAT_REG_PROTO_MIN] = R(U32), [NFTA_NAT_REG_PROTO_MAX] = R(U32),
	[NFTA_NAT_FLAGS] = R(U32),
};
static const struct arule s_tproxy[] = {
	[NFTA_TPROXY_FAMILY] = R(U32),  [NFTA_TPROXY_REG_ADDR] = R(U32),
	[NFTA_TPROXY_REG_PORT] = R(U32),
};
static const struct arule s_objref[] = {
	[NFTA_OBJREF_IMM_TYPE] = R(U32), [NFTA_OBJREF_IMM_NAME] = R(STR),
	[NFTA_OBJREF_SET_SREG] = R(U32), [NFTA_OBJREF_SET_NAME] = R(STR),
	[NFTA_OBJREF_SET_ID] = R(U32),
};
static const struct arule s_payload[] = {
	[NFTA_PAYLOAD_DREG] = R(U32),   [NFTA_PAYLOAD_BASE] = R(U32),
	[NFTA_PAYLOAD_OFFSET] = R(U32), [NFTA_PAYLOAD_LEN] = R(U32),
	[NFTA_PAYLOAD_SREG] = R(U32),   [NFTA_PAYLOAD_CSUM_TYPE] = R(U32),
	[NFTA_PAYLOAD_CSUM_OFFSET] = R(U32),
	[NFTA_PAYLOAD_CSUM_FLAGS] = R(U32),
};
static const struct arule s_range[] = {
	[NFTA_RANGE_SREG] = R(U32),     [NFTA_RANGE_OP] = R(U32),
	[NFTA_RANGE_FROM_DATA] = N(DATA), [NFTA_RANGE_TO_DATA] = N(DATA),
};
static const struct arule s_redir[] = {
	[NFTA_REDIR_REG_PROTO_MIN] = R(U32),
	[NFTA_REDIR_REG_PROTO_MAX] = R(U32), [NFTA_REDIR_FLAGS] = R(U32),
};
static const struct arule s_reject[] = {
	[NFTA_REJECT_TYPE] = R(U32),    [NFTA_REJECT_ICMP_CODE] = R(U8),
};
static const struct arule s_rt[] = {
	[NFTA_RT_DREG] = R(U32),        [NFTA_RT_KEY] = R(U32),
};
static const struct arule s_queue[] = {
	[NFTA_QUEUE_NUM] = R(U16),      [NFTA_QUEUE_TOTAL] = R(U16),
	[NFTA_QUEUE_FLAGS] = R(U16),    [NFTA_QUEUE_SREG_QNUM] = R(U32),
};
static const struct arule s_quota[] = {
	[NFTA_QUOTA_BYTES] = R(U64),    [NFTA_QUOTA_FLAGS] = R(U32),
	[NFTA_QUOTA_PAD] = R(PAD),      [NFTA_QUOTA_CONSUMED] = R(U64),
};
static const struct arule s_target[] = {
	[NFTA_TARGET_NAME] = R(STR),    [NFTA_TARGET_REV] = R(U32),
	[NFTA_TARGET_INFO] = R(BIN),
};
static const struct arule s_dynset[] = {
	[NFTA_DYNSET_SET_NAME] = R(STR), [NFTA_DYNSET_SET_ID] = R(U32),
	[NFTA_DYNSET_OP] = R(U32),      [NFTA_DYNSET_SREG_KEY] = R(U32),
	[NFTA_DYNSET_SREG_DATA] = R(U32), [NFTA_DYNSET_TIMEOUT] = R(U64),
	[NFTA_DYNSET_EXPR] = N(EXPR),   [NFTA_DYNSET_PAD] = R(PAD),
	[NFTA_DYNSET_FLAGS] = R(U32),   [NFTA_DYNSET_EXPRESSIONS] = N(EXPRS),
};
static const struct arule s_hash[] = {
	[NFTA_HASH_SREG] = R(U32),      [NFTA_HASH_DREG] = R(U32),
	[NFTA_HASH_LEN] = R(U32),       [NFTA_HASH_MODULUS] = R(U32),
	[NFTA_HASH_SEED] = R(U32),      [NFTA_HASH_OFFSET] = R(U32),
	[NFTA_HASH_TYPE] = R(U32),      [NFTA_HASH_SET_NAME] = R(STR),
	[NFTA_HASH_SET_ID] = R(U32),
};
static const struct arule s_fib[] = {
	[NFTA_FIB_DREG] = R(U32),       [NFTA_FIB_RESULT] = R(U32),
	[NFTA_FIB_FLAGS] = R(U32),
};
static const struct arule s_flow[] = {
	[NFTA_FLOW_TABLE_NAME] = R(STR),
};
static const struct arule s_socket[] = {
	[NFTA_SOCKET_KEY] = R(U32),     [NFTA_SOCKET_DREG] = R(U32),
	[NFTA_SOCKET_LEVEL] = R(U32),
};
static const struct arule s_synproxy[] = {
	[NFTA_SYNPROXY_MSS] = R(U16),   [NFTA_SYNPROXY_WSCALE] = R(U8),
	[NFTA_SYNPROXY_FLAGS] = R(U32),
};
static const struct arule s_tunnel[] = {
	[NFTA_TUNNEL_KEY] = R(U32),     [NFTA_TUNNEL_DREG] = R(U32),
	[NFTA_TUNNEL_MODE] = R(U32),
};
static const struct arule s_osf[] = {
	[NFTA_OSF_DREG] = R(U32),       [NFTA_OSF_TTL] = R(U8),
	[NFTA_OSF_FLAGS] = R(U32),
};
static const struct arule s_xfrm[] = {
	[NFTA_XFRM_DREG] = R(U32),      [NFTA_XFRM_KEY] = R(U32),
	[NFTA_XFRM_DIR] = R(U8),        [NFTA_XFRM_SPNUM] = R(U32),
};
static const struct arule s_none[] = {
	[0] = R(NONE),
};

#undef R
#undef N

/* The expressions libnftnl 1.2 parses, and their schemas. */
static const struct schema exprs[] = {
	SCH("bitwise", s_bitwise),      SCH("byteorder", s_byteorder),
	SCH("cmp", s_cmp),              SCH("connlimit", s_connlimit),
	SCH("counter", s_counter),      SCH("ct", s_ct),
	SCH("dup", s_dup),              SCH("dynset", s_dynset),
	SCH("exthdr", s_exthdr),        SCH("fib", s_fib),
	SCH("flow_offload", s_flow),    SCH("fwd", s_fwd),
	SCH("hash", s_hash),            SCH("immediate", s_immediate),
	SCH("last", s_last),            SCH("limit", s_limit),
	SCH("log", s_log),              SCH("lookup", s_lookup),
	SCH("masq", s_masq),            SCH("match", s_match),
	SCH("meta", s_meta),            SCH("nat", s_nat),
	SCH("notrack", s_none),         SCH("numgen", s_numgen),
	SCH("objref", s_objref),        SCH("osf", s_osf),
	SCH("payload", s_payload),      SCH("queue", s_queue),
	SCH("quota", s_quota),          SCH("range", s_range),
	SCH("redir", s_redir),          SCH("reject", s_reject),
	SCH("rt", s_rt),                SCH("socket", s_socket),
	SCH("synproxy", s_synproxy),    SCH("target", s_target),
	SCH("tproxy", s_tproxy),        SCH("tunnel", s_tunnel),
	SCH("xfrm", s_xfrm),
};

#undef SCH
#undef LIST

static const struct schema *expr_schema(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(exprs) / sizeof(exprs[0]); i++)
		if (strcmp(exprs[i].what, name) == 0)
			return &exprs[i];
	return NULL;
}

/* Nests the validator follows; the kernel's own rules need 6. */
#define VALID_DEPTH_MAX 12
/* Expressions in one message; the kernel allows 128 in a rule. */
#define VALID_EXPRS_MAX 4096
/* Concatenated fields of a set: libnftnl keeps 16 (NFT_REG32_COUNT). */
#define VALID_FIELDS_MAX 16

struct vctx {
	char *err;
	size_t errsize;
	bool failed;
	unsigned exprs, fields;
	bool rule;         /* the message is a rule's */
};

static int vfail(struct vctx *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int vfail(struct vctx *v, const char *fmt, ...)
{
	va_list ap;

	if (!v->failed && v->err && v->errsize) {
		va_start(ap, fmt);
		vsnprintf(v->err, v->errsize, fmt, ap);
		va_end(ap);
	}
	v->failed = true;
	return -1;
}

static int check_nest(struct vctx *v, const uint8_t *p, size_t len,
		      const struct schema *s, unsigned depth);
static const uint8_t *find_attr(const uint8_t *p, size_t len, uint16_t type,
				size_t *plen);

/* Checks one attribute's payload against its rule. */
/* NOLINTNEXTLINE(misc-no-recursion): VALID_DEPTH_MAX bounds it */
static int check_attr(struct vctx *v, const struct schema *s, uint16_t type,
		      const struct arule *ar, const uint8_t *pl, size_t plen,
		      unsigned depth)
{
	static const size_t ints[] = {
		[T_U8] = 1, [T_U16] = 2, [T_U32] = 4, [T_U64] = 8,
	};

	switch (ar->type) {
	case T_PAD:
	case T_BIN:
		return 0;
	case T_U8:
	case T_U16:
	case T_U32:
	case T_U64:
		if (plen != ints[ar->type])
			return vfail(v, "%s attribute %u: %zu bytes, want %zu",
				     s->what, type, plen, ints[ar->type]);
		return 0;
	case T_STR:
		/* As the kernel writes them (nla_put_string) and as
		 * libnftnl checks some (MNL_TYPE_NUL_STRING): ending in
		 * their NUL. */
		if (plen == 0 || pl[plen - 1] != '\0')
			return vfail(v, "%s attribute %u: string without its "
					"NUL", s->what, type);
		return 0;
	case T_VALUE:
		if (plen == 0 || plen > NFT_DATA_MAX)
			return vfail(v, "%s attribute %u: a value of %zu bytes",
				     s->what, type, plen);
		return 0;
	case T_NEST:
		return check_nest(v, pl, plen, &schemas[ar->sub], depth + 1);
	}
	return vfail(v, "%s attribute %u: unknown", s->what, type);
}

/* An expression: its name picks the schema of its data. */
/* NOLINTNEXTLINE(misc-no-recursion): VALID_DEPTH_MAX bounds it */
static int check_expr(struct vctx *v, const uint8_t *p, size_t len,
		      unsigned depth)
{
	const uint8_t *name = NULL, *data = NULL;
	size_t namelen = 0, datalen = 0;
	const struct schema *xs;
	struct nlattr a;
	uint16_t type;

	if (++v->exprs > VALID_EXPRS_MAX)
		return vfail(v, "more than %d expressions",
			     VALID_EXPRS_MAX);
	/* The shape first (the generic walk checks lengths and the name). */
	if (check_nest(v, p, len, &schemas[S_ANY], depth) < 0)
		return -1;
	while (len >= sizeof(a)) {
		memcpy(&a, p, sizeof(a));
		type = a.nla_type & NLA_TYPE_MASK;
		if ((type == NFTA_EXPR_NAME && name) ||
		    (type == NFTA_EXPR_DATA && data))
			return vfail(v, "expression attribute %u twice", type);
		if (type == NFTA_EXPR_NAME) {
			name = p + sizeof(a);
			namelen = a.nla_len - sizeof(a);
		} else if (type == NFTA_EXPR_DATA) {
			data = p + sizeof(a);
			datalen = a.nla_len - sizeof(a);
		} else if (type <= NFTA_EXPR_MAX) {
			return vfail(v, "expression attribute %u: unknown",
				     type);
		}
		if ((size_t)MNL_ALIGN(a.nla_len) >= len)
			break;
		len -= MNL_ALIGN(a.nla_len);
		p += MNL_ALIGN(a.nla_len);
	}
	if (!name)
		return vfail(v, "expression without a name");
	if (check_attr(v, &schemas[S_EXPR], NFTA_EXPR_NAME, &a_expr[1], name,
		       namelen, depth) < 0)
		return -1;
	xs = expr_schema((const char *)name);
	if (!xs) {
		/* A rule's own expressions are rendered one by one when
		 * libnftnl refuses the rule; one inside a set or another
		 * expression would fail libnftnl halfway (and it leaks). */
		if (!v->rule || depth != 2)
			return vfail(v, "unknown expression \"%s\" inside "
					"another", (const char *)name);
		xs = &schemas[S_ANY];
	}
	if (data && check_nest(v, data, datalen, xs, depth + 1) < 0)
		return -1;
	return 0;
}

/*
 * Walks the attributes of a nest (len bytes at p): each must lie inside
 * it, the nest must end where its last attribute ends, and each must
 * satisfy schema s.
 */
/* NOLINTNEXTLINE(misc-no-recursion): VALID_DEPTH_MAX bounds it */
static int check_nest(struct vctx *v, const uint8_t *p, size_t len,
		      const struct schema *s, unsigned depth)
{
	struct nlattr a;
	uint16_t type;
	size_t step;
	bool code = false, chain = false;
	uint32_t vcode = 0;
	uint64_t seen = 0;

	if (depth > VALID_DEPTH_MAX)
		return vfail(v, "%s: nested deeper than %d", s->what,
			     VALID_DEPTH_MAX);
	if (s == &schemas[S_EXPR])
		return check_expr(v, p, len, depth);
	while (len > 0) {
		if (len < sizeof(a))
			return vfail(v, "%s: %zu bytes after the last "
					"attribute", s->what, len);
		memcpy(&a, p, sizeof(a));
		if (a.nla_len < sizeof(a) || a.nla_len > len)
			return vfail(v, "%s: attribute of length %u in %zu "
					"bytes", s->what, a.nla_len, len);
		type = a.nla_type & NLA_TYPE_MASK;
		if (s->list) {
			if (type != s->list_type)
				return vfail(v, "%s: attribute %u in a list "
						"of %u", s->what, type,
					     s->list_type);
			if (check_attr(v, s, type, &s->r[type],
				       p + sizeof(a), a.nla_len - sizeof(a),
				       depth) < 0)
				return -1;
		} else if (s->r && type <= s->max) {
			if (s->r[type].type == T_NONE)
				return vfail(v, "%s attribute %u: unknown",
					     s->what, type);
			/* libnftnl takes the last of twins, vigil the first:
			 * the kernel sends none. */
			if (seen & (1ull << type))
				return vfail(v, "%s attribute %u twice",
					     s->what, type);
			seen |= 1ull << type;
			if (check_attr(v, s, type, &s->r[type],
				       p + sizeof(a), a.nla_len - sizeof(a),
				       depth) < 0)
				return -1;
			if (s == &schemas[S_FIELD] &&
			    type == NFTA_SET_FIELD_LEN &&
			    ++v->fields > VALID_FIELDS_MAX)
				return vfail(v, "more than %d concatenated "
						"fields", VALID_FIELDS_MAX);
			if (s == &schemas[S_VERDICT] &&
			    type == NFTA_VERDICT_CODE) {
				code = true;
				memcpy(&vcode, p + sizeof(a), sizeof(vcode));
				vcode = ntohl(vcode);
			}
			if (s == &schemas[S_VERDICT] &&
			    type == NFTA_VERDICT_CHAIN)
				chain = true;
		}
		/* An attribute numbered beyond the schema (a newer kernel)
		 * is passed over here, and left out of what libnftnl sees
		 * (filter_nest). */
		step = MNL_ALIGN(a.nla_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	/* libnftnl reads these from an array it does not clear, and
	 * fails (leaking) on other codes. */
	if (s == &schemas[S_VERDICT] && !code)
		return vfail(v, "verdict without a code");
	if (s == &schemas[S_VERDICT] && vcode != NF_ACCEPT &&
	    vcode != NF_DROP && vcode != NF_QUEUE &&
	    vcode != (uint32_t)NFT_CONTINUE && vcode != (uint32_t)NFT_BREAK &&
	    vcode != (uint32_t)NFT_RETURN && vcode != (uint32_t)NFT_JUMP &&
	    vcode != (uint32_t)NFT_GOTO)
		return vfail(v, "verdict code %" PRId32, (int32_t)vcode);
	if (s == &schemas[S_VERDICT] && !chain &&
	    (vcode == (uint32_t)NFT_JUMP || vcode == (uint32_t)NFT_GOTO))
		return vfail(v, "jump or goto without a chain");
	return 0;
}

/*
 * Copies a validated nest (len bytes at in) to out without the attributes
 * numbered beyond its schema, which libnftnl could mistake (it checks
 * some against the wrong maximum and writes past its arrays).  Returns
 * the bytes written, at most len.  depth counts as check_nest's does; a
 * nest past VALID_DEPTH_MAX (which check_nest refused) is copied whole.
 */
/* NOLINTNEXTLINE(misc-no-recursion): VALID_DEPTH_MAX bounds it */
static size_t filter_nest(const uint8_t *in, size_t len,
			  const struct schema *s, uint8_t *out, unsigned depth)
{
	const struct schema *inner;
	struct nlattr a, oa;
	size_t step, n = 0, plen, olen;
	uint16_t type;
	const uint8_t *name = NULL;

	if (s == &schemas[S_EXPR]) {
		/* The name picks the schema of the data. */
		size_t nl;

		name = find_attr(in, len, NFTA_EXPR_NAME, &nl);
	}
	while (len >= sizeof(a)) {
		memcpy(&a, in, sizeof(a));
		/* check_expr() validates only the last NAME and DATA of an
		 * expression: an earlier one may be malformed. */
		if (a.nla_len < sizeof(a) || a.nla_len > len)
			break;
		type = a.nla_type & NLA_TYPE_MASK;
		plen = a.nla_len - sizeof(a);
		inner = NULL;
		if (s->list) {
			inner = s->r[type].type == T_NEST ?
					&schemas[s->r[type].sub] :
					NULL;
		} else if (s == &schemas[S_EXPR]) {
			if (type > NFTA_EXPR_MAX)
				goto next;
			if (type == NFTA_EXPR_DATA) {
				inner = name ? expr_schema((const char *)name) :
					       NULL;
				if (!inner)
					inner = &schemas[S_ANY];
			}
		} else if (s->r) {
			if (type > s->max)
				goto next;
			if (s->r[type].type == T_NEST)
				inner = &schemas[s->r[type].sub];
		}
		if (inner && inner != &schemas[S_ANY] &&
		    depth < VALID_DEPTH_MAX)
			olen = filter_nest(in + sizeof(a), plen, inner,
					   out + n + sizeof(a), depth + 1);
		else
			memcpy(out + n + sizeof(a), in + sizeof(a),
			       olen = plen);
		oa = a;
		oa.nla_len = (uint16_t)(sizeof(a) + olen);
		memcpy(out + n, &oa, sizeof(oa));
		memset(out + n + oa.nla_len, 0,
		       MNL_ALIGN(oa.nla_len) - oa.nla_len);
		n += MNL_ALIGN(oa.nla_len);
next:
		step = MNL_ALIGN(a.nla_len);
		if (step >= len)
			break;
		in += step;
		len -= step;
	}
	return n;
}

/* --- messages ------------------------------------------------------------- */

/* The payload of the first attribute of type type among the validated
 * attributes at p (len bytes), or NULL. */
static const uint8_t *find_attr(const uint8_t *p, size_t len, uint16_t type,
				size_t *plen)
{
	struct nlattr a;
	size_t step;

	while (len >= sizeof(a)) {
		memcpy(&a, p, sizeof(a));
		if (a.nla_len < sizeof(a) || a.nla_len > len)
			return NULL;
		if ((a.nla_type & NLA_TYPE_MASK) == type) {
			*plen = a.nla_len - sizeof(a);
			return p + sizeof(a);
		}
		step = MNL_ALIGN(a.nla_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return NULL;
}

static const char *hook_name(unsigned family, uint32_t hook, char *buf,
			     size_t size)
{
	static const char *const inet[] = { "prerouting", "input", "forward",
					    "output", "postrouting",
					    "ingress" };
	static const char *const arp[] = { "input", "output", "forward" };
	static const char *const netdev[] = { "ingress", "egress" };

	switch (family) {
	case NFPROTO_ARP:
		if (hook < 3)
			return arp[hook];
		break;
	case NFPROTO_NETDEV:
		if (hook < 2)
			return netdev[hook];
		break;
	default:
		if (hook < 6)
			return inet[hook];
		break;
	}
	snprintf(buf, size, "%" PRIu32, hook);
	return buf;
}

static const char *policy_name(uint32_t policy, char *buf, size_t size)
{
	if (policy == NF_ACCEPT)
		return "accept";
	if (policy == NF_DROP)
		return "drop";
	snprintf(buf, size, "%" PRIu32, policy);
	return buf;
}

static int parse_chain(struct nft_ruleset *rs, const struct nlmsghdr *nlh,
		       bool *refused)
{
	struct nftnl_chain *nc = nf.chain_alloc();
	struct nft_chain *c;
	char buf[16];
	int rc = -1;

	if (!nc)
		return -1;
	if (nf.chain_nlmsg_parse(nlh, nc) < 0 ||
	    !nf.chain_is_set(nc, NFTNL_CHAIN_TABLE) ||
	    !nf.chain_is_set(nc, NFTNL_CHAIN_NAME)) {
		*refused = true;
		rc = 0;
		goto out;
	}
	c = add_chain(rs, nf.chain_get_u32(nc, NFTNL_CHAIN_FAMILY) & 0xff,
		      nf.chain_get_str(nc, NFTNL_CHAIN_TABLE),
		      nf.chain_get_str(nc, NFTNL_CHAIN_NAME));
	if (!c)
		goto out;
	if (nf.chain_is_set(nc, NFTNL_CHAIN_HANDLE)) {
		c->has_handle = true;
		c->handle = nf.chain_get_u64(nc, NFTNL_CHAIN_HANDLE);
	}
	if (nf.chain_is_set(nc, NFTNL_CHAIN_HOOKNUM)) {
		c->base = true;
		if (set_str(&c->hook,
			    hook_name(c->family,
				      nf.chain_get_u32(nc,
							  NFTNL_CHAIN_HOOKNUM),
				      buf, sizeof(buf))) < 0)
			goto out;
		if (nf.chain_is_set(nc, NFTNL_CHAIN_PRIO)) {
			c->has_priority = true;
			c->priority = nf.chain_get_s32(nc, NFTNL_CHAIN_PRIO);
		}
		if (nf.chain_is_set(nc, NFTNL_CHAIN_POLICY) &&
		    set_str(&c->policy,
			    policy_name(nf.chain_get_u32(nc,
							    NFTNL_CHAIN_POLICY),
					buf, sizeof(buf))) < 0)
			goto out;
		if (nf.chain_is_set(nc, NFTNL_CHAIN_TYPE) &&
		    set_str(&c->type,
			    nf.chain_get_str(nc, NFTNL_CHAIN_TYPE)) < 0)
			goto out;
	}
	rc = 0;
out:
	nf.chain_free(nc);
	return rc;
}

/* Sets are found by name through a hash of (family, table, name): a
 * ruleset can hold thousands of anonymous sets. */
static uint64_t set_hash(unsigned family, const char *table, const char *name)
{
	uint64_t h = 1469598103934665603ull ^ family;

	for (; *table; table++)
		h = (h ^ (uint8_t)*table) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (; *name; name++)
		h = (h ^ (uint8_t)*name) * 1099511628211ull;
	return h;
}

static struct nft_set *find_set(struct nft_ruleset *rs, unsigned family,
				const char *table, const char *name)
{
	size_t i, k;

	if (!rs->set_slots)
		return NULL;
	for (i = set_hash(family, table, name) & (rs->set_cap - 1);
	     (k = rs->set_slots[i]) != 0; i = (i + 1) & (rs->set_cap - 1)) {
		struct nft_set *s = &rs->sets[k - 1];

		if (s->family == family && strcmp(s->table, table) == 0 &&
		    strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
}

/* Enters set k (an index into rs->sets) in the hash; 0 or -1. */
static int index_set(struct nft_ruleset *rs, size_t k)
{
	size_t i, j, cap, *slots;

	if ((k + 1) * 2 > rs->set_cap) {
		cap = rs->set_cap ? rs->set_cap * 2 : 64;
		slots = calloc(cap, sizeof(*slots));
		if (!slots)
			return -1;
		free(rs->set_slots);
		rs->set_slots = slots;
		rs->set_cap = cap;
		for (j = 0; j < k; j++) {
			const struct nft_set *s = &rs->sets[j];

			i = set_hash(s->family, s->table, s->name) & (cap - 1);
			while (slots[i])
				i = (i + 1) & (cap - 1);
			slots[i] = j + 1;
		}
	}
	i = set_hash(rs->sets[k].family, rs->sets[k].table, rs->sets[k].name) &
	    (rs->set_cap - 1);
	while (rs->set_slots[i])
		i = (i + 1) & (rs->set_cap - 1);
	rs->set_slots[i] = k + 1;
	return 0;
}

static struct nft_set *find_or_add_set(struct nft_ruleset *rs,
				       unsigned family, const char *table,
				       const char *name)
{
	struct nft_set *s = find_set(rs, family, table, name);

	if (s)
		return s;
	if (grow((void **)&rs->sets, &rs->asets, rs->nsets, sizeof(*s)) < 0)
		return NULL;
	s = &rs->sets[rs->nsets];
	memset(s, 0, sizeof(*s));
	s->family = (uint8_t)family;
	s->table = strdup(table);
	s->name = strdup(name);
	if (!s->table || !s->name || index_set(rs, rs->nsets) < 0) {
		set_free(s);
		return NULL;
	}
	rs->nsets++;
	return s;
}

/* The lengths of a set's concatenated fields, from its validated
 * NFTA_SET_DESC. */
static void set_fields(struct nft_set *s, const uint8_t *attrs, size_t alen)
{
	const uint8_t *desc, *concat;
	size_t dlen, clen, step;
	struct nlattr a;
	uint32_t v;

	s->nfields = 0;
	desc = find_attr(attrs, alen, NFTA_SET_DESC, &dlen);
	if (!desc)
		return;
	concat = find_attr(desc, dlen, NFTA_SET_DESC_CONCAT, &clen);
	if (!concat)
		return;
	while (clen >= sizeof(a) && s->nfields < sizeof(s->field_len)) {
		const uint8_t *f;
		size_t flen;

		memcpy(&a, concat, sizeof(a));
		f = find_attr(concat + sizeof(a), a.nla_len - sizeof(a),
			      NFTA_SET_FIELD_LEN, &flen);
		if (f && flen == sizeof(v)) {
			memcpy(&v, f, sizeof(v));
			v = ntohl(v);
			s->field_len[s->nfields++] =
				(uint8_t)(v > 255 ? 255 : v);
		}
		step = MNL_ALIGN(a.nla_len);
		if (step >= clen)
			break;
		concat += step;
		clen -= step;
	}
}

static int parse_set(struct nft_ruleset *rs, const struct nlmsghdr *nlh,
		     const uint8_t *attrs, size_t alen, bool *refused)
{
	struct nftnl_set *ns = nf.set_alloc();
	struct nft_set *s;
	int rc = -1;

	if (!ns)
		return -1;
	if (nf.set_nlmsg_parse(nlh, ns) < 0 ||
	    !nf.set_is_set(ns, NFTNL_SET_TABLE) ||
	    !nf.set_is_set(ns, NFTNL_SET_NAME)) {
		*refused = true;
		rc = 0;
		goto out;
	}
	s = find_or_add_set(rs, nf.set_get_u32(ns, NFTNL_SET_FAMILY) & 0xff,
			    nf.set_get_str(ns, NFTNL_SET_TABLE),
			    nf.set_get_str(ns, NFTNL_SET_NAME));
	if (!s)
		goto out;
	s->flags = nf.set_get_u32(ns, NFTNL_SET_FLAGS);
	s->key_type = nf.set_get_u32(ns, NFTNL_SET_KEY_TYPE);
	s->key_len = nf.set_get_u32(ns, NFTNL_SET_KEY_LEN);
	s->data_type = nf.set_get_u32(ns, NFTNL_SET_DATA_TYPE);
	s->data_len = nf.set_get_u32(ns, NFTNL_SET_DATA_LEN);
	s->obj_type = nf.set_get_u32(ns, NFTNL_SET_OBJ_TYPE);
	set_fields(s, attrs, alen);
	rc = 0;
out:
	nf.set_free(ns);
	return rc;
}

struct elem_ctx {
	struct nft_set *s;
	bool oom;
};

/* Copies a data attribute of an element (at most NFT_DATA_MAX bytes). */
static void elem_data(struct nftnl_set_elem *e, uint16_t attr, uint8_t *dst,
		      uint8_t *len)
{
	const void *p;
	uint32_t n = 0;

	*len = 0;
	if (!nf.set_elem_is_set(e, attr))
		return;
	p = nf.set_elem_get(e, attr, &n);
	if (!p || n > NFT_DATA_MAX)
		return;
	memcpy(dst, p, n);
	*len = (uint8_t)n;
}

static int elem_cb(struct nftnl_set_elem *e, void *data)
{
	struct elem_ctx *ec = data;
	struct nft_set *s = ec->s;
	struct nft_elem *el;
	bool ok = true;

	s->total++;
	if (s->nelems >= NFT_SET_ELEMS_MAX)
		return 0;
	if (grow((void **)&s->elems, &s->aelems, s->nelems, sizeof(*el)) < 0) {
		ec->oom = true;
		return -1;
	}
	el = &s->elems[s->nelems];
	memset(el, 0, sizeof(*el));
	elem_data(e, NFTNL_SET_ELEM_KEY, el->key, &el->klen);
	elem_data(e, NFTNL_SET_ELEM_KEY_END, el->key_end, &el->kelen);
	elem_data(e, NFTNL_SET_ELEM_DATA, el->data, &el->dlen);
	if (nf.set_elem_is_set(e, NFTNL_SET_ELEM_FLAGS))
		el->flags = nf.set_elem_get_u32(e, NFTNL_SET_ELEM_FLAGS);
	if (nf.set_elem_is_set(e, NFTNL_SET_ELEM_VERDICT)) {
		el->has_verdict = true;
		el->vcode = (int32_t)nf.set_elem_get_u32(
			e, NFTNL_SET_ELEM_VERDICT);
	}
	if (nf.set_elem_is_set(e, NFTNL_SET_ELEM_CHAIN))
		el->vchain = dup_opt(nf.set_elem_get_str(
					     e, NFTNL_SET_ELEM_CHAIN),
				     &ok);
	if (nf.set_elem_is_set(e, NFTNL_SET_ELEM_OBJREF))
		el->objref = dup_opt(nf.set_elem_get_str(
					     e, NFTNL_SET_ELEM_OBJREF),
				     &ok);
	s->nelems++;
	if (!ok) {
		ec->oom = true;
		return -1;
	}
	return 0;
}

static int parse_elems(struct nft_ruleset *rs, const struct nlmsghdr *nlh,
		       bool *refused)
{
	struct nftnl_set *ns = nf.set_alloc();
	struct elem_ctx ec = { NULL, false };
	int rc = -1;

	if (!ns)
		return -1;
	if (nf.set_elems_nlmsg_parse(nlh, ns) < 0 ||
	    !nf.set_is_set(ns, NFTNL_SET_TABLE) ||
	    !nf.set_is_set(ns, NFTNL_SET_NAME)) {
		*refused = true;
		rc = 0;
		goto out;
	}
	ec.s = find_or_add_set(rs,
			       nf.set_get_u32(ns, NFTNL_SET_FAMILY) & 0xff,
			       nf.set_get_str(ns, NFTNL_SET_TABLE),
			       nf.set_get_str(ns, NFTNL_SET_NAME));
	if (!ec.s)
		goto out;
	nf.set_elem_foreach(ns, elem_cb, &ec);
	if (!ec.oom)
		rc = 0;
out:
	nf.set_free(ns);
	return rc;
}

/* Keeps a rule's message for nft_ruleset_finish(); takes msg. */
static int stash_rule(struct nft_ruleset *rs, void *msg, size_t len,
		      unsigned family, const uint8_t *attrs, size_t alen)
{
	struct nft_rule *r;
	const uint8_t *p;
	size_t n;
	uint64_t h;

	if (grow((void **)&rs->rules, &rs->arules, rs->nrules, sizeof(*r)) < 0)
		return -1;
	r = &rs->rules[rs->nrules];
	memset(r, 0, sizeof(*r));
	r->family = (uint8_t)family;
	/* Both are there and NUL-terminated: the validator saw to it. */
	p = find_attr(attrs, alen, NFTA_RULE_TABLE, &n);
	r->table = p ? strdup((const char *)p) : NULL;
	p = find_attr(attrs, alen, NFTA_RULE_CHAIN, &n);
	r->chain = p ? strdup((const char *)p) : NULL;
	p = find_attr(attrs, alen, NFTA_RULE_HANDLE, &n);
	if (p && n == sizeof(h)) {
		memcpy(&h, p, sizeof(h));
		r->has_handle = true;
		r->handle = be64toh(h);
	}
	r->expr = strdup("");
	if (!r->table || !r->chain || !r->expr) {
		r->msg = NULL;
		rule_free(r);
		return -1;
	}
	r->msg = msg;
	r->msglen = len;
	rs->nrules++;
	return 0;
}

/* Handles one message (len bytes at p, any alignment): 0, or -1 when
 * memory runs out. */
static int one_msg(struct nft_ruleset *rs, const uint8_t *p, size_t len,
		   char *err, size_t errsize)
{
	struct nlmsghdr h;
	struct nfgenmsg nfg;
	struct vctx v;
	char why[160] = "";
	const struct schema *s;
	const uint8_t *attrs;
	uint8_t *copy = NULL;
	size_t alen, off;
	bool refused = false;
	unsigned msg;
	int rc = 0;

	memcpy(&h, p, sizeof(h));
	if (h.nlmsg_type < NLMSG_MIN_TYPE ||
	    NFNL_SUBSYS_ID(h.nlmsg_type) != NFNL_SUBSYS_NFTABLES)
		return 0;
	msg = NFNL_MSG_TYPE(h.nlmsg_type);
	switch (msg) {
	case NFT_MSG_NEWTABLE:
		s = &schemas[S_TABLE];
		break;
	case NFT_MSG_NEWCHAIN:
		s = &schemas[S_CHAIN];
		break;
	case NFT_MSG_NEWRULE:
		s = &schemas[S_RULE];
		break;
	case NFT_MSG_NEWSET:
		s = &schemas[S_SET];
		break;
	case NFT_MSG_NEWSETELEM:
		s = &schemas[S_ELEMLIST];
		break;
	default:
		return 0;
	}
	off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));
	if (len < off) {
		snprintf(why, sizeof(why), "%s message of %zu bytes", s->what,
			 len);
		goto skip;
	}
	memset(&v, 0, sizeof(v));
	v.err = why;
	v.errsize = sizeof(why);
	v.rule = msg == NFT_MSG_NEWRULE;
	attrs = p + off;
	alen = len - off;
	if (check_nest(&v, attrs, alen, s, 0) < 0)
		goto skip;
	/* What each kind needs to be placed. */
	{
		static const uint16_t need[][2] = {
			[NFT_MSG_NEWTABLE] = { NFTA_TABLE_NAME, 0 },
			[NFT_MSG_NEWCHAIN] = { NFTA_CHAIN_TABLE,
					       NFTA_CHAIN_NAME },
			[NFT_MSG_NEWRULE] = { NFTA_RULE_TABLE,
					      NFTA_RULE_CHAIN },
			[NFT_MSG_NEWSET] = { NFTA_SET_TABLE, NFTA_SET_NAME },
			[NFT_MSG_NEWSETELEM] = { NFTA_SET_ELEM_LIST_TABLE,
						 NFTA_SET_ELEM_LIST_SET },
		};
		size_t k, n;

		for (k = 0; k < 2; k++) {
			if (need[msg][k] &&
			    !find_attr(attrs, alen, need[msg][k], &n)) {
				snprintf(why, sizeof(why),
					 "%s message without attribute %u",
					 s->what, need[msg][k]);
				goto skip;
			}
		}
	}
	if (msg == NFT_MSG_NEWTABLE)
		return 0;

	/* libnftnl reads the message in place: give it an aligned copy
	 * without what it does not know. */
	copy = malloc(len + 4);
	if (!copy)
		return oom(err, errsize);
	memcpy(copy, p, off);
	alen = filter_nest(attrs, alen, s, copy + off, 0);
	h.nlmsg_len = (uint32_t)(off + alen);
	memcpy(copy, &h, sizeof(h));
	len = off + alen;
	memcpy(&nfg, p + NLMSG_HDRLEN, sizeof(nfg));
	attrs = copy + off;
	switch (msg) {
	case NFT_MSG_NEWCHAIN:
		rc = parse_chain(rs, (const struct nlmsghdr *)copy, &refused);
		break;
	case NFT_MSG_NEWSET:
		rc = parse_set(rs, (const struct nlmsghdr *)copy, attrs, alen,
			       &refused);
		break;
	case NFT_MSG_NEWSETELEM:
		rc = parse_elems(rs, (const struct nlmsghdr *)copy, &refused);
		break;
	case NFT_MSG_NEWRULE:
		rc = stash_rule(rs, copy, len, nfg.nfgen_family, attrs, alen);
		if (rc == 0)
			copy = NULL; /* the rule keeps it */
		break;
	}
	free(copy);
	if (rc < 0)
		return oom(err, errsize);
	if (!refused)
		return 0;
	snprintf(why, sizeof(why), "libnftnl refused a %s message", s->what);
skip:
	rs->skipped++;
	if (err && errsize && err[0] == '\0')
		snprintf(err, errsize, "%s", why);
	return 0;
}

int nft_ruleset_parse(struct nft_ruleset *rs, const void *msgs, size_t len,
		      char *err, size_t errsize)
{
	const uint8_t *p = msgs;
	struct nlmsghdr h;
	size_t step;

	if (!p)
		return 0;
	if (nf_load(err, errsize) < 0)
		return -1;
	while (len > 0) {
		if (len < sizeof(h)) {
			rs->skipped++;
			if (err && errsize && err[0] == '\0')
				snprintf(err, errsize,
					 "%zu bytes after the last message",
					 len);
			break;
		}
		memcpy(&h, p, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len) {
			rs->skipped++;
			if (err && errsize && err[0] == '\0')
				snprintf(err, errsize,
					 "message of length %u in %zu bytes",
					 h.nlmsg_len, len);
			break;
		}
		if (one_msg(rs, p, h.nlmsg_len, err, errsize) < 0)
			return -1;
		step = NLMSG_ALIGN(h.nlmsg_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return 0;
}

/* --- rendering: values ---------------------------------------------------- */

/* How a value compared with a register is written. */
enum fmt {
	F_HEX,       /* 0x and the bytes in memory order */
	F_BE,        /* unsigned, network order, decimal */
	F_HOST,      /* unsigned, host order, decimal */
	F_MARK,      /* host order, 0x%08x */
	F_IPV4,
	F_IPV6,
	F_INETADDR,  /* IPv4 or IPv6 by length */
	F_ETHER,
	F_IFNAME,    /* a quoted name, "*" for a prefix */
	F_STRING,    /* a quoted string */
	F_IFINDEX,   /* host order; a name through the ifname callback */
	F_L4PROTO,
	F_NFPROTO,
	F_ETHERTYPE, /* network order */
	F_IFTYPE,    /* ARPHRD_*, host order */
	F_PKTTYPE,
	F_CTSTATE,
	F_CTSTATUS,
	F_CTDIR,
	F_TCPFLAGS,
	F_ICMPTYPE,
	F_ICMP6TYPE,
	F_FIBTYPE,
	F_DAY,
	F_HOUR,
	F_ARPOP,
	F_CLASSID,
	F_EXISTS,    /* 0 missing, else exists */
};

/* What a comparison with a register teaches about the packet. */
enum ctxk { K_NONE, K_NFPROTO, K_ETHERTYPE, K_L4 };

struct names {
	uint32_t v;
	const char *name;
};

static const struct names l4_names[] = {
	{ 1, "icmp" },   { 2, "igmp" },      { 4, "ipip" },   { 6, "tcp" },
	{ 17, "udp" },   { 33, "dccp" },     { 41, "ipv6" },  { 47, "gre" },
	{ 50, "esp" },   { 51, "ah" },       { 58, "icmpv6" }, { 108, "comp" },
	{ 112, "vrrp" }, { 132, "sctp" },    { 136, "udplite" },
};
static const struct names ethertype_names[] = {
	{ 0x0800, "ip" },   { 0x86dd, "ip6" },   { 0x0806, "arp" },
	{ 0x8100, "8021q" }, { 0x88a8, "8021ad" }, { 0x8035, "rarp" },
};
static const struct names iftype_names[] = {
	{ 1, "ether" },    { 512, "ppp" },      { 768, "ipip" },
	{ 769, "ipip6" },  { 772, "loopback" }, { 776, "sit" },
	{ 778, "ipgre" },  { 823, "ip6gre" },   { 65534, "none" },
};
static const struct names pkttype_names[] = {
	{ 0, "host" }, { 1, "broadcast" }, { 2, "multicast" }, { 3, "other" },
};
static const struct names ctdir_names[] = {
	{ 0, "original" }, { 1, "reply" },
};
static const struct names icmp_names[] = {
	{ 0, "echo-reply" },           { 3, "destination-unreachable" },
	{ 4, "source-quench" },        { 5, "redirect" },
	{ 8, "echo-request" },         { 9, "router-advertisement" },
	{ 10, "router-solicitation" }, { 11, "time-exceeded" },
	{ 12, "parameter-problem" },   { 13, "timestamp-request" },
	{ 14, "timestamp-reply" },     { 15, "info-request" },
	{ 16, "info-reply" },          { 17, "address-mask-request" },
	{ 18, "address-mask-reply" },
};
static const struct names icmp6_names[] = {
	{ 1, "destination-unreachable" }, { 2, "packet-too-big" },
	{ 3, "time-exceeded" },           { 4, "parameter-problem" },
	{ 128, "echo-request" },          { 129, "echo-reply" },
	{ 130, "mld-listener-query" },    { 131, "mld-listener-report" },
	{ 132, "mld-listener-done" },     { 133, "nd-router-solicit" },
	{ 134, "nd-router-advert" },      { 135, "nd-neighbor-solicit" },
	{ 136, "nd-neighbor-advert" },    { 137, "nd-redirect" },
	{ 138, "router-renumbering" },    { 143, "mld2-listener-report" },
};
static const struct names fibtype_names[] = {
	{ 0, "unspec" },    { 1, "unicast" },     { 2, "local" },
	{ 3, "broadcast" }, { 4, "anycast" },     { 5, "multicast" },
	{ 6, "blackhole" }, { 7, "unreachable" }, { 8, "prohibit" },
};
static const struct names day_names[] = {
	{ 0, "Sunday" },   { 1, "Monday" }, { 2, "Tuesday" },
	{ 3, "Wednesday" }, { 4, "Thursday" }, { 5, "Friday" },
	{ 6, "Saturday" },
};
static const struct names arpop_names[] = {
	{ 1, "request" },   { 2, "reply" },     { 3, "rrequest" },
	{ 4, "rreply" },    { 8, "inrequest" }, { 9, "inreply" },
	{ 10, "nak" },
};
/* Flag sets, bit by bit. */
static const struct names ctstate_bits[] = {
	{ 1, "invalid" }, { 2, "established" }, { 4, "related" },
	{ 8, "new" },     { 64, "untracked" },
};
static const struct names ctstatus_bits[] = {
	{ 1, "expected" }, { 2, "seen-reply" }, { 4, "assured" },
	{ 8, "confirmed" }, { 16, "snat" },     { 32, "dnat" },
	{ 512, "dying" },
};
static const struct names tcpflag_bits[] = {
	{ 1, "fin" }, { 2, "syn" }, { 4, "rst" }, { 8, "psh" },
	{ 16, "ack" }, { 32, "urg" }, { 64, "ecn" }, { 128, "cwr" },
};

#define NAMES(a) (a), sizeof(a) / sizeof((a)[0])

static const char *name_of(const struct names *t, size_t n, uint32_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].v == v)
			return t[i].name;
	return NULL;
}

static void add_hex(struct buf *b, const uint8_t *d, size_t n)
{
	size_t i;

	buf_adds(b, "0x");
	for (i = 0; i < n; i++)
		buf_printf(b, "%02x", d[i]);
}

/* Reads an unsigned integer of n (1, 2, 4 or 8) bytes; false otherwise. */
static bool get_uint(const uint8_t *d, size_t n, bool be, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n != 1 && n != 2 && n != 4 && n != 8)
		return false;
	if (be) {
		for (i = 0; i < n; i++)
			v = v << 8 | d[i];
	} else {
		for (i = n; i > 0; i--)
			v = v << 8 | d[i - 1];
	}
	*out = v;
	return true;
}

/* A host-order integer: little-endian hosts read it so. */
static bool get_host(const uint8_t *d, size_t n, uint64_t *out)
{
#if __BYTE_ORDER == __BIG_ENDIAN
	return get_uint(d, n, true, out);
#else
	return get_uint(d, n, false, out);
#endif
}

static void add_quoted(struct buf *b, const uint8_t *s, size_t n)
{
	size_t i;

	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			buf_printf(b, "\\%c", s[i]);
		else if (s[i] < 0x20 || s[i] == 0x7f)
			buf_printf(b, "\\x%02x", s[i]);
		else
			buf_addc(b, (char)s[i]);
	}
	buf_addc(b, '"');
}

static void add_flags(struct buf *b, const struct names *t, size_t n,
		      uint64_t v)
{
	bool first = true;
	size_t i;

	if (v == 0) {
		buf_adds(b, "0");
		return;
	}
	for (i = 0; i < n; i++) {
		if (!(v & t[i].v))
			continue;
		buf_printf(b, "%s%s", first ? "" : ",", t[i].name);
		first = false;
		v &= ~(uint64_t)t[i].v;
	}
	if (v)
		buf_printf(b, "%s0x%" PRIx64, first ? "" : ",", v);
}

struct render;
static void add_ifindex(struct render *r, struct buf *b, uint32_t index);

/*
 * Writes n bytes of value d as format f into b.  A value whose length
 * does not suit the format is written in hex.
 */
static void add_value(struct render *r, struct buf *b, enum fmt f,
		      const uint8_t *d, size_t n)
{
	char addr[INET6_ADDRSTRLEN];
	const char *name;
	uint64_t v;
	size_t k;

	switch (f) {
	case F_HEX:
		break;
	case F_BE:
		if (get_uint(d, n, true, &v)) {
			buf_printf(b, "%" PRIu64, v);
			return;
		}
		break;
	case F_HOST:
		if (get_host(d, n, &v)) {
			buf_printf(b, "%" PRIu64, v);
			return;
		}
		break;
	case F_MARK:
		if (n == 4 && get_host(d, n, &v)) {
			buf_printf(b, "0x%08" PRIx64, v);
			return;
		}
		break;
	case F_INETADDR:
	case F_IPV4:
	case F_IPV6:
		if (n == 4 && f != F_IPV6 &&
		    inet_ntop(AF_INET, d, addr, sizeof(addr))) {
			buf_adds(b, addr);
			return;
		}
		if (n == 16 && f != F_IPV4 &&
		    inet_ntop(AF_INET6, d, addr, sizeof(addr))) {
			buf_adds(b, addr);
			return;
		}
		break;
	case F_ETHER:
		if (n == 6) {
			for (k = 0; k < 6; k++)
				buf_printf(b, "%s%02x", k ? ":" : "", d[k]);
			return;
		}
		break;
	case F_IFNAME:
	case F_STRING: {
		size_t len = strnlen((const char *)d, n);

		add_quoted(b, d, len);
		if (f == F_IFNAME && len == n && n < IFNAMSIZ) {
			/* No NUL compared: a prefix. */
			b->len--;
			b->data[b->len] = '\0';
			buf_adds(b, "*\"");
		}
		return;
	}
	case F_IFINDEX:
		if (n == 4 && get_host(d, n, &v)) {
			add_ifindex(r, b, (uint32_t)v);
			return;
		}
		break;
	case F_L4PROTO:
	case F_NFPROTO:
	case F_PKTTYPE:
	case F_CTDIR:
	case F_ICMPTYPE:
	case F_ICMP6TYPE:
	case F_DAY:
		if (n != 1)
			break;
		name = f == F_L4PROTO	 ? name_of(NAMES(l4_names), d[0]) :
		       f == F_PKTTYPE	 ? name_of(NAMES(pkttype_names), d[0]) :
		       f == F_CTDIR	 ? name_of(NAMES(ctdir_names), d[0]) :
		       f == F_ICMPTYPE	 ? name_of(NAMES(icmp_names), d[0]) :
		       f == F_ICMP6TYPE ? name_of(NAMES(icmp6_names), d[0]) :
		       f == F_DAY	 ? name_of(NAMES(day_names), d[0]) :
		       d[0] == NFPROTO_IPV4 ? "ipv4" :
		       d[0] == NFPROTO_IPV6 ? "ipv6" :
					      NULL;
		if (name && f == F_DAY)
			buf_printf(b, "\"%s\"", name);
		else if (name)
			buf_adds(b, name);
		else
			buf_printf(b, "%u", d[0]);
		return;
	case F_ETHERTYPE:
	case F_ARPOP:
		if (!get_uint(d, n, true, &v) || n != 2)
			break;
		name = f == F_ETHERTYPE ? name_of(NAMES(ethertype_names), v) :
					  name_of(NAMES(arpop_names), v);
		if (name)
			buf_adds(b, name);
		else
			buf_printf(b, "0x%04" PRIx64, v);
		return;
	case F_IFTYPE:
	case F_FIBTYPE:
		if (!get_host(d, n, &v))
			break;
		name = f == F_IFTYPE ? name_of(NAMES(iftype_names), v) :
				       name_of(NAMES(fibtype_names), v);
		if (name)
			buf_adds(b, name);
		else
			buf_printf(b, "%" PRIu64, v);
		return;
	case F_CTSTATE:
	case F_CTSTATUS:
		if (!get_host(d, n, &v))
			break;
		if (f == F_CTSTATE)
			add_flags(b, NAMES(ctstate_bits), v);
		else
			add_flags(b, NAMES(ctstatus_bits), v);
		return;
	case F_TCPFLAGS:
		if (n != 1)
			break;
		add_flags(b, NAMES(tcpflag_bits), d[0]);
		return;
	case F_HOUR:
		if (!get_host(d, n, &v) || n != 4)
			break;
		if (v % 60)
			buf_printf(b, "\"%02u:%02u:%02u\"",
				   (unsigned)(v / 3600 % 100),
				   (unsigned)(v / 60 % 60), (unsigned)(v % 60));
		else
			buf_printf(b, "\"%02u:%02u\"",
				   (unsigned)(v / 3600 % 100),
				   (unsigned)(v / 60 % 60));
		return;
	case F_EXISTS:
		if (!get_host(d, n, &v))
			break;
		buf_adds(b, v ? "exists" : "missing");
		return;
	case F_CLASSID:
		if (!get_host(d, n, &v) || n != 4)
			break;
		if (v == 0xffffffffu)
			buf_adds(b, "root");
		else if (v == 0)
			buf_adds(b, "none");
		else
			buf_printf(b, "%" PRIx64 ":%" PRIx64, v >> 16,
				   v & 0xffff);
		return;
	}
	add_hex(b, d, n);
}

/* --- rendering: registers ------------------------------------------------- */

/* 32-bit registers; the four 128-bit ones of old overlay them. */
#define NREGS 16
#define DESC_MAX 512

struct reg {
	bool head;      /* a load starts here */
	bool value;     /* immediate data rather than a load */
	bool read;
	char desc[DESC_MAX];
	enum fmt fmt;
	enum ctxk ctx;
	uint32_t len;
	int prefix;     /* a prefix length in bits, or -1 */
	uint32_t full;  /* the field's length, for a prefix of a short load */
	bool ops;       /* changed by bitwise: always write the operator */
	bool flagtest;  /* a flag field masked for a test */
	uint8_t mask[NFT_DATA_MAX];
	uint8_t val[NFT_DATA_MAX];
	uint32_t swap;  /* byteorder: bytes are swapped in units of this */
	uint32_t regno; /* as the rule named it */
};

struct render {
	struct nft_ruleset *rs;
	const struct nft_rule *rule;
	struct buf out;
	bool truncated;
	struct reg regs[NREGS];
	int l3;         /* NFPROTO_IPV4, _IPV6, _ARP, or 0 when unknown */
	int l4;         /* the IP protocol, or -1 */
	/* A ">=" waiting to see whether a "<=" on the same register makes
	 * it a range. */
	bool pend;
	uint32_t pend_reg, pend_len;
	uint8_t pend_data[NFT_DATA_MAX];
	char *verdict;
	bool oom;
	struct nft_rule *out_rule;
	bool nested;    /* inside a dynset: counters are templates */
	char *comment;  /* from an xtables comment match, if any */
};

static void add_ifindex(struct render *r, struct buf *b, uint32_t index)
{
	char name[IF_NAMESIZE + 1];

	memset(name, 0, sizeof(name));
	if (r->rs->ifname &&
	    r->rs->ifname(index, name, r->rs->ifname_arg) == 0 && name[0]) {
		name[IF_NAMESIZE] = '\0';
		add_quoted(b, (const uint8_t *)name, strlen(name));
		return;
	}
	buf_printf(b, "%" PRIu32, index);
}

/* Appends a piece of text, a space before it. */
static void emit(struct render *r, const char *s)
{
	if (r->truncated || !s[0])
		return;
	if ((r->out.len && buf_addc(&r->out, ' ') < 0) ||
	    buf_adds(&r->out, s) < 0) {
		if (errno == ENOMEM)
			r->oom = true;
		r->truncated = true;
	}
}

static void emitf(struct render *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void emitf(struct render *r, const char *fmt, ...)
{
	char s[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	emit(r, s);
}

/* Emits a struct buf's text and empties it. */
static void emit_buf(struct render *r, struct buf *b)
{
	if (b->data)
		emit(r, b->data);
	buf_reset(b);
}

static int reg_index(uint32_t reg)
{
	if (reg >= NFT_REG_1 && reg <= NFT_REG_4)
		return (int)(reg - NFT_REG_1) * 4;
	if (reg >= NFT_REG32_00 && reg <= NFT_REG32_15)
		return (int)(reg - NFT_REG32_00);
	return -1;
}

static uint32_t span_of(uint32_t len)
{
	return len ? (len + 3) / 4 : 1;
}

/* Reports a load nobody read before it is overwritten or the rule ends. */
static void flush_reg(struct render *r, struct reg *g)
{
	if (g->head && !g->read && !g->value)
		emitf(r, "%s => reg %" PRIu32, g->desc, g->regno);
	g->head = false;
}

/*
 * Starts a load of len bytes into register dreg with description desc;
 * returns the register to fill in, or NULL for a register number vigil
 * does not know (the load is then shown as it is).
 */
static struct reg *load(struct render *r, uint32_t dreg, uint32_t len,
			const char *desc, enum fmt f)
{
	int i = reg_index(dreg), k;
	struct reg *g;

	if (i < 0) {
		emitf(r, "%s => reg %" PRIu32, desc, dreg);
		return NULL;
	}
	for (k = i; k < NREGS && k < i + (int)span_of(len); k++)
		flush_reg(r, &r->regs[k]);
	g = &r->regs[i];
	memset(g, 0, sizeof(*g));
	g->head = true;
	g->len = len;
	g->fmt = f;
	g->prefix = -1;
	g->regno = dreg;
	snprintf(g->desc, sizeof(g->desc), "%s", desc);
	return g;
}

#define OPND_PARTS 16

/* What a read of a register finds: one load, or a concatenation. */
struct opnd {
	char desc[DESC_MAX * 2];
	const struct reg *part[OPND_PARTS];
	int nparts;
};

/*
 * Reads len bytes (0: whatever was loaded) from register sreg: the loads
 * found there, joined with " . " when there are several.
 */
static void operand(struct render *r, uint32_t sreg, uint32_t len,
		    struct opnd *o)
{
	int i = reg_index(sreg);
	uint32_t left = len, took;
	size_t n = 0;

	memset(o, 0, sizeof(*o));
	if (i < 0 || !r->regs[i].head) {
		snprintf(o->desc, sizeof(o->desc), "reg %" PRIu32, sreg);
		return;
	}
	do {
		struct reg *g = &r->regs[i];

		g->read = true;
		o->part[o->nparts++] = g;
		n += (size_t)snprintf(o->desc + n, sizeof(o->desc) - n, "%s%s",
				      n ? " . " : "", g->desc);
		if (n >= sizeof(o->desc))
			n = sizeof(o->desc) - 1;
		took = span_of(g->len) * 4;
		if (len == 0 || took >= left)
			break;
		left -= took;
		i += (int)span_of(g->len);
	} while (i < NREGS && r->regs[i].head && o->nparts < OPND_PARTS);
}

/* Applies a register's byteorder swap to a value (into tmp). */
static const uint8_t *unswap(const struct reg *g, const uint8_t *d,
			     size_t n, uint8_t *tmp)
{
	size_t i, k;

	if (!g || (g->swap != 2 && g->swap != 4 && g->swap != 8) ||
	    n % g->swap || n > NFT_DATA_MAX)
		return d;
	for (i = 0; i < n; i += g->swap)
		for (k = 0; k < g->swap; k++)
			tmp[i + k] = d[i + g->swap - 1 - k];
	return tmp;
}

/* Writes a value compared with register g (NULL: unknown) into b. */
static void add_reg_value(struct render *r, struct buf *b,
			  const struct reg *g, const uint8_t *d, size_t n)
{
	uint8_t tmp[NFT_DATA_MAX], pad[NFT_DATA_MAX];

	if (!g) {
		add_hex(b, d, n);
		return;
	}
	d = unswap(g, d, n, tmp);
	if (g->prefix >= 0 && g->full <= NFT_DATA_MAX && n <= g->full) {
		memset(pad, 0, sizeof(pad));
		memcpy(pad, d, n);
		add_value(r, b, g->fmt, pad, g->full);
		buf_printf(b, "/%d", g->prefix);
		return;
	}
	add_value(r, b, g->fmt, d, n);
}

/* Writes a value read through operand o (concatenations part by part). */
static void add_opnd_value(struct render *r, struct buf *b,
			   const struct opnd *o, const uint8_t *d, size_t n)
{
	size_t off = 0, plen;
	int i;

	if (o->nparts <= 1) {
		add_reg_value(r, b, o->nparts ? o->part[0] : NULL, d, n);
		return;
	}
	for (i = 0; i < o->nparts && off < n; i++) {
		plen = o->part[i]->len;
		if (plen > n - off)
			plen = n - off;
		if (i)
			buf_adds(b, " . ");
		add_reg_value(r, b, o->part[i], d + off, plen);
		off += span_of(o->part[i]->len) * 4;
	}
}

/*
 * The text of what register sreg holds, for a statement that writes it
 * somewhere: a value (immediate data) is formatted as f, a load is its
 * description.
 */
static void add_source(struct render *r, struct buf *b, uint32_t sreg,
		       uint32_t len, enum fmt f)
{
	int i = reg_index(sreg);
	struct opnd o;

	if (i >= 0 && r->regs[i].head && r->regs[i].value) {
		struct reg *g = &r->regs[i];

		g->read = true;
		add_value(r, b, f, g->val,
			  len && len < g->len ? len : g->len);
		return;
	}
	operand(r, sreg, len, &o);
	buf_adds(b, o.desc);
}

/* --- rendering: header fields --------------------------------------------- */

struct field {
	uint16_t off, len; /* bytes */
	const char *name;
	uint8_t fmt, ctx;
};

static const struct field ether_fields[] = {
	{ 0, 6, "ether daddr", F_ETHER, 0 },
	{ 6, 6, "ether saddr", F_ETHER, 0 },
	{ 12, 2, "ether type", F_ETHERTYPE, K_ETHERTYPE },
};
static const struct field ip_fields[] = {
	{ 2, 2, "ip length", F_BE, 0 },     { 4, 2, "ip id", F_BE, 0 },
	{ 6, 2, "ip frag-off", F_BE, 0 },   { 8, 1, "ip ttl", F_BE, 0 },
	{ 9, 1, "ip protocol", F_L4PROTO, K_L4 },
	{ 10, 2, "ip checksum", F_BE, 0 },
	{ 12, 4, "ip saddr", F_IPV4, 0 },   { 16, 4, "ip daddr", F_IPV4, 0 },
};
static const struct field ip6_fields[] = {
	{ 4, 2, "ip6 length", F_BE, 0 },
	{ 6, 1, "ip6 nexthdr", F_L4PROTO, K_L4 },
	{ 7, 1, "ip6 hoplimit", F_BE, 0 },
	{ 8, 16, "ip6 saddr", F_IPV6, 0 },  { 24, 16, "ip6 daddr", F_IPV6, 0 },
};
static const struct field arp_fields[] = {
	{ 0, 2, "arp htype", F_BE, 0 },
	{ 2, 2, "arp ptype", F_ETHERTYPE, 0 },
	{ 4, 1, "arp hlen", F_BE, 0 },      { 5, 1, "arp plen", F_BE, 0 },
	{ 6, 2, "arp operation", F_ARPOP, 0 },
	{ 8, 6, "arp saddr ether", F_ETHER, 0 },
	{ 14, 4, "arp saddr ip", F_IPV4, 0 },
	{ 18, 6, "arp daddr ether", F_ETHER, 0 },
	{ 24, 4, "arp daddr ip", F_IPV4, 0 },
};
static const struct field tcp_fields[] = {
	{ 0, 2, "tcp sport", F_BE, 0 },     { 2, 2, "tcp dport", F_BE, 0 },
	{ 4, 4, "tcp sequence", F_BE, 0 },  { 8, 4, "tcp ackseq", F_BE, 0 },
	{ 13, 1, "tcp flags", F_TCPFLAGS, 0 },
	{ 14, 2, "tcp window", F_BE, 0 },   { 16, 2, "tcp checksum", F_BE, 0 },
	{ 18, 2, "tcp urgptr", F_BE, 0 },
};
static const struct field udp_fields[] = {
	{ 0, 2, "udp sport", F_BE, 0 },     { 2, 2, "udp dport", F_BE, 0 },
	{ 4, 2, "udp length", F_BE, 0 },    { 6, 2, "udp checksum", F_BE, 0 },
};
static const struct field udplite_fields[] = {
	{ 0, 2, "udplite sport", F_BE, 0 }, { 2, 2, "udplite dport", F_BE, 0 },
	{ 6, 2, "udplite checksum", F_BE, 0 },
};
static const struct field sctp_fields[] = {
	{ 0, 2, "sctp sport", F_BE, 0 },    { 2, 2, "sctp dport", F_BE, 0 },
	{ 4, 4, "sctp vtag", F_BE, 0 },     { 8, 4, "sctp checksum", F_BE, 0 },
};
static const struct field dccp_fields[] = {
	{ 0, 2, "dccp sport", F_BE, 0 },    { 2, 2, "dccp dport", F_BE, 0 },
};
static const struct field icmp_fields[] = {
	{ 0, 1, "icmp type", F_ICMPTYPE, 0 }, { 1, 1, "icmp code", F_BE, 0 },
	{ 2, 2, "icmp checksum", F_BE, 0 }, { 4, 2, "icmp id", F_BE, 0 },
	{ 6, 2, "icmp sequence", F_BE, 0 }, { 4, 4, "icmp gateway", F_IPV4, 0 },
};
static const struct field icmp6_fields[] = {
	{ 0, 1, "icmpv6 type", F_ICMP6TYPE, 0 },
	{ 1, 1, "icmpv6 code", F_BE, 0 },
	{ 2, 2, "icmpv6 checksum", F_BE, 0 },
	{ 4, 2, "icmpv6 id", F_BE, 0 },
	{ 6, 2, "icmpv6 sequence", F_BE, 0 },
	{ 4, 4, "icmpv6 mtu", F_BE, 0 },
};
static const struct field esp_fields[] = {
	{ 0, 4, "esp spi", F_BE, 0 },       { 4, 4, "esp sequence", F_BE, 0 },
};
static const struct field ah_fields[] = {
	{ 0, 1, "ah nexthdr", F_L4PROTO, 0 }, { 1, 1, "ah hdrlength", F_BE, 0 },
	{ 4, 4, "ah spi", F_BE, 0 },        { 8, 4, "ah sequence", F_BE, 0 },
};
static const struct field th_fields[] = {
	{ 0, 2, "th sport", F_BE, 0 },      { 2, 2, "th dport", F_BE, 0 },
};

static const struct field *l4_table(int proto, size_t *n)
{
#define T(a) (*n = sizeof(a) / sizeof((a)[0]), (a))
	switch (proto) {
	case 6:
		return T(tcp_fields);
	case 17:
		return T(udp_fields);
	case 136:
		return T(udplite_fields);
	case 132:
		return T(sctp_fields);
	case 33:
		return T(dccp_fields);
	case 1:
		return T(icmp_fields);
	case 58:
		return T(icmp6_fields);
	case 50:
		return T(esp_fields);
	case 51:
		return T(ah_fields);
	}
	return T(th_fields);
#undef T
}

/* The header field at (base, offset, len), in the rule's context. */
static const struct field *payload_field(const struct render *r,
					 uint32_t base, uint32_t off,
					 uint32_t len, int *prefix)
{
	const struct field *t = NULL;
	size_t n = 0, i;
	int l3 = r->l3;

#define T(a) (n = sizeof(a) / sizeof((a)[0]), (a))
	switch (base) {
	case NFT_PAYLOAD_LL_HEADER:
		t = ether_fields;
		n = sizeof(ether_fields) / sizeof(ether_fields[0]);
		break;
	case NFT_PAYLOAD_NETWORK_HEADER:
		if (!l3 && (r->rule->family == NFPROTO_IPV4 ||
			    r->rule->family == NFPROTO_IPV6 ||
			    r->rule->family == NFPROTO_ARP))
			l3 = r->rule->family;
		if (l3 == NFPROTO_IPV4)
			t = T(ip_fields);
		else if (l3 == NFPROTO_IPV6)
			t = T(ip6_fields);
		else if (l3 == NFPROTO_ARP)
			t = T(arp_fields);
		break;
	case NFT_PAYLOAD_TRANSPORT_HEADER:
		t = l4_table(r->l4, &n);
		break;
	}
#undef T
	*prefix = -1;
	for (i = 0; t && i < n; i++) {
		if (t[i].off != off)
			continue;
		if (t[i].len == len)
			return &t[i];
		if (len < t[i].len &&
		    (t[i].fmt == F_IPV4 || t[i].fmt == F_IPV6 ||
		     t[i].fmt == F_ETHER)) {
			*prefix = (int)len * 8;
			return &t[i];
		}
	}
	return NULL;
}

/* "tcp dport", or nft's raw "@th,16,16". */
static const struct field *payload_desc(const struct render *r, uint32_t base,
					uint32_t off, uint32_t len, char *desc,
					size_t size, int *prefix)
{
	static const char *const bases[] = { "ll", "nh", "th", "ih" };
	const struct field *f = payload_field(r, base, off, len, prefix);

	if (f)
		snprintf(desc, size, "%s", f->name);
	else if (base < 4)
		snprintf(desc, size, "@%s,%" PRIu64 ",%" PRIu64, bases[base],
			 (uint64_t)off * 8, (uint64_t)len * 8);
	else
		snprintf(desc, size, "@base%" PRIu32 ",%" PRIu64 ",%" PRIu64,
			 base, (uint64_t)off * 8, (uint64_t)len * 8);
	return f;
}

/* --- rendering: expressions ----------------------------------------------- */

#define U32(e, a) nf.expr_get_u32((e), (a))
#define IS(e, a) nf.expr_is_set((e), (a))

struct keyinfo {
	const char *name;
	uint8_t fmt, ctx, len;
};

static const struct keyinfo meta_keys[] = {
	[NFT_META_LEN] = { "meta length", F_HOST, 0, 4 },
	[NFT_META_PROTOCOL] = { "meta protocol", F_ETHERTYPE, K_ETHERTYPE, 2 },
	[NFT_META_PRIORITY] = { "meta priority", F_CLASSID, 0, 4 },
	[NFT_META_MARK] = { "meta mark", F_MARK, 0, 4 },
	[NFT_META_IIF] = { "iif", F_IFINDEX, 0, 4 },
	[NFT_META_OIF] = { "oif", F_IFINDEX, 0, 4 },
	[NFT_META_IIFNAME] = { "iifname", F_IFNAME, 0, 16 },
	[NFT_META_OIFNAME] = { "oifname", F_IFNAME, 0, 16 },
	[NFT_META_IFTYPE] = { "meta iiftype", F_IFTYPE, 0, 2 },
	[NFT_META_OIFTYPE] = { "meta oiftype", F_IFTYPE, 0, 2 },
	[NFT_META_SKUID] = { "meta skuid", F_HOST, 0, 4 },
	[NFT_META_SKGID] = { "meta skgid", F_HOST, 0, 4 },
	[NFT_META_NFTRACE] = { "meta nftrace", F_HOST, 0, 1 },
	[NFT_META_RTCLASSID] = { "meta rtclassid", F_HOST, 0, 4 },
	[NFT_META_SECMARK] = { "meta secmark", F_HOST, 0, 4 },
	[NFT_META_NFPROTO] = { "meta nfproto", F_NFPROTO, K_NFPROTO, 1 },
	[NFT_META_L4PROTO] = { "meta l4proto", F_L4PROTO, K_L4, 1 },
	[NFT_META_BRI_IIFNAME] = { "meta ibrname", F_IFNAME, 0, 16 },
	[NFT_META_BRI_OIFNAME] = { "meta obrname", F_IFNAME, 0, 16 },
	[NFT_META_PKTTYPE] = { "meta pkttype", F_PKTTYPE, 0, 1 },
	[NFT_META_CPU] = { "meta cpu", F_HOST, 0, 4 },
	[NFT_META_IIFGROUP] = { "iifgroup", F_HOST, 0, 4 },
	[NFT_META_OIFGROUP] = { "oifgroup", F_HOST, 0, 4 },
	[NFT_META_CGROUP] = { "meta cgroup", F_HOST, 0, 4 },
	[NFT_META_PRANDOM] = { "meta random", F_HOST, 0, 4 },
	[NFT_META_SECPATH] = { "meta secpath", F_HOST, 0, 1 },
	[NFT_META_IIFKIND] = { "meta iifkind", F_STRING, 0, 16 },
	[NFT_META_OIFKIND] = { "meta oifkind", F_STRING, 0, 16 },
	[NFT_META_BRI_IIFPVID] = { "meta ibrpvid", F_HOST, 0, 2 },
	[NFT_META_BRI_IIFVPROTO] = { "meta ibrvproto", F_ETHERTYPE, 0, 2 },
	[NFT_META_TIME_NS] = { "meta time", F_HOST, 0, 8 },
	[NFT_META_TIME_DAY] = { "meta day", F_DAY, 0, 1 },
	[NFT_META_TIME_HOUR] = { "meta hour", F_HOUR, 0, 4 },
	[NFT_META_SDIF] = { "meta sdif", F_IFINDEX, 0, 4 },
	[NFT_META_SDIFNAME] = { "meta sdifname", F_IFNAME, 0, 16 },
};

static const struct keyinfo ct_keys[] = {
	[NFT_CT_STATE] = { "state", F_CTSTATE, 0, 4 },
	[NFT_CT_DIRECTION] = { "direction", F_CTDIR, 0, 1 },
	[NFT_CT_STATUS] = { "status", F_CTSTATUS, 0, 4 },
	[NFT_CT_MARK] = { "mark", F_MARK, 0, 4 },
	[NFT_CT_SECMARK] = { "secmark", F_HOST, 0, 4 },
	[NFT_CT_EXPIRATION] = { "expiration", F_HOST, 0, 4 },
	[NFT_CT_HELPER] = { "helper", F_STRING, 0, 16 },
	[NFT_CT_L3PROTOCOL] = { "l3proto", F_NFPROTO, 0, 1 },
	[NFT_CT_SRC] = { "saddr", F_INETADDR, 0, 16 },
	[NFT_CT_DST] = { "daddr", F_INETADDR, 0, 16 },
	[NFT_CT_PROTOCOL] = { "protocol", F_L4PROTO, 0, 1 },
	[NFT_CT_PROTO_SRC] = { "proto-src", F_BE, 0, 2 },
	[NFT_CT_PROTO_DST] = { "proto-dst", F_BE, 0, 2 },
	[NFT_CT_LABELS] = { "label", F_HEX, 0, 16 },
	[NFT_CT_PKTS] = { "packets", F_HOST, 0, 8 },
	[NFT_CT_BYTES] = { "bytes", F_HOST, 0, 8 },
	[NFT_CT_AVGPKT] = { "avgpkt", F_HOST, 0, 8 },
	[NFT_CT_ZONE] = { "zone", F_HOST, 0, 2 },
	[NFT_CT_EVENTMASK] = { "event", F_HOST, 0, 4 },
	[NFT_CT_SRC_IP] = { "ip saddr", F_IPV4, 0, 4 },
	[NFT_CT_DST_IP] = { "ip daddr", F_IPV4, 0, 4 },
	[NFT_CT_SRC_IP6] = { "ip6 saddr", F_IPV6, 0, 16 },
	[NFT_CT_DST_IP6] = { "ip6 daddr", F_IPV6, 0, 16 },
	[NFT_CT_ID] = { "id", F_BE, 0, 4 },
};

static const struct keyinfo *key_of(const struct keyinfo *t, size_t n,
				    uint32_t key)
{
	return key < n && t[key].name ? &t[key] : NULL;
}

static const char *verdict_text(int32_t code, const char *chain, char *buf,
				size_t size)
{
	switch (code) {
	case NF_ACCEPT:
		return "accept";
	case NF_DROP:
		return "drop";
	case NF_QUEUE:
		return "queue";
	case NF_STOLEN:
		return "stolen";
	case NF_REPEAT:
		return "repeat";
	case NFT_CONTINUE:
		return "continue";
	case NFT_BREAK:
		return "break";
	case NFT_RETURN:
		return "return";
	case NFT_JUMP:
	case NFT_GOTO:
		snprintf(buf, size, "%s %s", code == NFT_JUMP ? "jump" : "goto",
			 chain ? chain : "?");
		return buf;
	}
	snprintf(buf, size, "verdict %" PRId32, code);
	return buf;
}

static void set_verdict(struct render *r, const char *v)
{
	char *d = strdup(v);

	if (!d) {
		r->oom = true;
		return;
	}
	free(r->verdict);
	r->verdict = d;
}

/* Flag names of a statement, comma-separated, into b. */
static void add_stmt_flags(struct buf *b, const struct names *t, size_t n,
			   uint32_t v)
{
	size_t i;
	bool first = true;

	for (i = 0; i < n; i++) {
		if (!(v & t[i].v))
			continue;
		buf_printf(b, "%s%s", first ? " " : ",", t[i].name);
		first = false;
		v &= ~t[i].v;
	}
	if (v)
		buf_printf(b, "%s0x%" PRIx32, first ? " " : ",", v);
}

static void load_key(struct render *r, struct nftnl_expr *e, uint16_t dreg_attr,
		     const char *desc, const struct keyinfo *k, uint32_t len)
{
	struct reg *g = load(r, U32(e, dreg_attr), len, desc,
			     k ? (enum fmt)k->fmt : F_HEX);

	if (g && k)
		g->ctx = k->ctx;
}

static void x_payload(struct render *r, struct nftnl_expr *e)
{
	uint32_t base = U32(e, NFTNL_EXPR_PAYLOAD_BASE);
	uint32_t off = U32(e, NFTNL_EXPR_PAYLOAD_OFFSET);
	uint32_t len = U32(e, NFTNL_EXPR_PAYLOAD_LEN);
	char desc[DESC_MAX];
	const struct field *f;
	struct reg *g;
	int prefix;

	f = payload_desc(r, base, off, len, desc, sizeof(desc), &prefix);
	if (IS(e, NFTNL_EXPR_PAYLOAD_SREG)) {
		struct buf b = BUF_INIT(DESC_MAX * 4);
		uint32_t ct = U32(e, NFTNL_EXPR_PAYLOAD_CSUM_TYPE);

		buf_printf(&b, "%s set ", desc);
		add_source(r, &b, U32(e, NFTNL_EXPR_PAYLOAD_SREG), len,
			   f && prefix < 0 ? (enum fmt)f->fmt : F_HEX);
		if (ct)
			buf_printf(&b, " checksum %s at %" PRIu32,
				   ct == NFT_PAYLOAD_CSUM_INET ? "inet" :
				   ct == NFT_PAYLOAD_CSUM_SCTP ? "sctp" :
								 "?",
				   U32(e, NFTNL_EXPR_PAYLOAD_CSUM_OFFSET));
		if (U32(e, NFTNL_EXPR_PAYLOAD_FLAGS) &
		    NFT_PAYLOAD_L4CSUM_PSEUDOHDR)
			buf_adds(&b, " pseudo-header");
		emit_buf(r, &b);
		buf_release(&b);
		return;
	}
	g = load(r, U32(e, NFTNL_EXPR_PAYLOAD_DREG), len, desc,
		 f ? (enum fmt)f->fmt : F_HEX);
	if (g && f) {
		g->ctx = f->ctx;
		if (prefix >= 0) {
			g->prefix = prefix;
			g->full = f->len;
		}
	}
}

static void x_meta(struct render *r, struct nftnl_expr *e)
{
	uint32_t key = U32(e, NFTNL_EXPR_META_KEY);
	const struct keyinfo *k = key_of(NAMES(meta_keys), key);
	char desc[64];

	if (k)
		snprintf(desc, sizeof(desc), "%s", k->name);
	else
		snprintf(desc, sizeof(desc), "meta key %" PRIu32, key);
	if (IS(e, NFTNL_EXPR_META_SREG)) {
		struct buf b = BUF_INIT(DESC_MAX * 4);

		buf_printf(&b, "%s%s set ",
			   k && strncmp(desc, "meta ", 5) != 0 ? "meta " : "",
			   desc);
		add_source(r, &b, U32(e, NFTNL_EXPR_META_SREG),
			   k ? k->len : 0, k ? (enum fmt)k->fmt : F_HEX);
		emit_buf(r, &b);
		buf_release(&b);
		return;
	}
	load_key(r, e, NFTNL_EXPR_META_DREG, desc, k, k ? k->len : 4);
}

static void x_ct(struct render *r, struct nftnl_expr *e)
{
	uint32_t key = U32(e, NFTNL_EXPR_CT_KEY), len;
	const struct keyinfo *k = key_of(NAMES(ct_keys), key);
	char desc[96], kname[32];

	if (k)
		snprintf(kname, sizeof(kname), "%s", k->name);
	else
		snprintf(kname, sizeof(kname), "key %" PRIu32, key);
	snprintf(desc, sizeof(desc), "ct%s %s",
		 !IS(e, NFTNL_EXPR_CT_DIR)		    ? "" :
		 nf.expr_get_u8(e, NFTNL_EXPR_CT_DIR) == 0 ? " original" :
								" reply",
		 kname);
	len = k ? k->len : 4;
	if ((key == NFT_CT_SRC || key == NFT_CT_DST) &&
	    r->rule->family == NFPROTO_IPV4)
		len = 4;
	if (IS(e, NFTNL_EXPR_CT_SREG)) {
		struct buf b = BUF_INIT(DESC_MAX * 4);

		buf_printf(&b, "%s set ", desc);
		add_source(r, &b, U32(e, NFTNL_EXPR_CT_SREG), len,
			   k ? (enum fmt)k->fmt : F_HEX);
		emit_buf(r, &b);
		buf_release(&b);
		return;
	}
	load_key(r, e, NFTNL_EXPR_CT_DREG, desc, k, len);
}

static void x_rt(struct render *r, struct nftnl_expr *e)
{
	static const struct keyinfo keys[] = {
		[NFT_RT_CLASSID] = { "rt classid", F_HOST, 0, 4 },
		[NFT_RT_NEXTHOP4] = { "rt ip nexthop", F_IPV4, 0, 4 },
		[NFT_RT_NEXTHOP6] = { "rt ip6 nexthop", F_IPV6, 0, 16 },
		[NFT_RT_TCPMSS] = { "rt mtu", F_HOST, 0, 2 },
		[NFT_RT_XFRM] = { "rt ipsec", F_HOST, 0, 1 },
	};
	uint32_t key = U32(e, NFTNL_EXPR_RT_KEY);
	const struct keyinfo *k = key_of(NAMES(keys), key);
	char desc[64];

	if (k)
		snprintf(desc, sizeof(desc), "%s", k->name);
	else
		snprintf(desc, sizeof(desc), "rt key %" PRIu32, key);
	load_key(r, e, NFTNL_EXPR_RT_DREG, desc, k, k ? k->len : 4);
}

static void x_socket(struct render *r, struct nftnl_expr *e)
{
	static const struct keyinfo keys[] = {
		[NFT_SOCKET_TRANSPARENT] = { "socket transparent", F_HOST, 0,
					     1 },
		[NFT_SOCKET_MARK] = { "socket mark", F_MARK, 0, 4 },
		[NFT_SOCKET_WILDCARD] = { "socket wildcard", F_HOST, 0, 1 },
		[NFT_SOCKET_CGROUPV2] = { "socket cgroupv2", F_HOST, 0, 8 },
	};
	uint32_t key = U32(e, NFTNL_EXPR_SOCKET_KEY);
	const struct keyinfo *k = key_of(NAMES(keys), key);
	char desc[64];

	if (!k)
		snprintf(desc, sizeof(desc), "socket key %" PRIu32, key);
	else if (key == NFT_SOCKET_CGROUPV2)
		snprintf(desc, sizeof(desc), "%s level %" PRIu32, k->name,
			 U32(e, NFTNL_EXPR_SOCKET_LEVEL));
	else
		snprintf(desc, sizeof(desc), "%s", k->name);
	load_key(r, e, NFTNL_EXPR_SOCKET_DREG, desc, k, k ? k->len : 4);
}

static void x_fib(struct render *r, struct nftnl_expr *e)
{
	static const struct names flags[] = {
		{ NFTA_FIB_F_SADDR, "saddr" }, { NFTA_FIB_F_DADDR, "daddr" },
		{ NFTA_FIB_F_MARK, "mark" },   { NFTA_FIB_F_IIF, "iif" },
		{ NFTA_FIB_F_OIF, "oif" },
	};
	uint32_t res = U32(e, NFTNL_EXPR_FIB_RESULT);
	uint32_t fl = U32(e, NFTNL_EXPR_FIB_FLAGS), len = 4;
	struct buf b = BUF_INIT(DESC_MAX);
	enum fmt f = F_HOST;
	size_t i;
	bool first = true;

	buf_adds(&b, "fib");
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (!(fl & flags[i].v))
			continue;
		buf_printf(&b, "%s%s", first ? " " : " . ", flags[i].name);
		first = false;
	}
	fl &= ~(uint32_t)(NFTA_FIB_F_SADDR | NFTA_FIB_F_DADDR |
			  NFTA_FIB_F_MARK | NFTA_FIB_F_IIF | NFTA_FIB_F_OIF);
	switch (res) {
	case NFT_FIB_RESULT_OIF:
		buf_adds(&b, " oif");
		f = F_IFINDEX;
		break;
	case NFT_FIB_RESULT_OIFNAME:
		buf_adds(&b, " oifname");
		f = F_IFNAME;
		len = 16;
		break;
	case NFT_FIB_RESULT_ADDRTYPE:
		buf_adds(&b, " type");
		f = F_FIBTYPE;
		break;
	default:
		buf_printf(&b, " result %" PRIu32, res);
		break;
	}
	if (fl & NFTA_FIB_F_PRESENT) {
		f = F_EXISTS;
		len = 1;
		fl &= ~(uint32_t)NFTA_FIB_F_PRESENT;
	}
	if (fl)
		buf_printf(&b, " flags 0x%" PRIx32, fl);
	load(r, U32(e, NFTNL_EXPR_FIB_DREG), len, b.data ? b.data : "fib", f);
	buf_release(&b);
}

static void x_osf(struct render *r, struct nftnl_expr *e)
{
	char desc[64];
	uint8_t ttl = IS(e, NFTNL_EXPR_OSF_TTL) ?
			      nf.expr_get_u8(e, NFTNL_EXPR_OSF_TTL) :
			      0;

	snprintf(desc, sizeof(desc), "osf%s %s",
		 ttl == 1 ? " ttl loose" :
		 ttl == 2 ? " ttl skip" :
			    "",
		 U32(e, NFTNL_EXPR_OSF_FLAGS) & NFT_OSF_F_VERSION ? "version" :
								     "name");
	load(r, U32(e, NFTNL_EXPR_OSF_DREG), 16, desc, F_STRING);
}

static void x_xfrm(struct render *r, struct nftnl_expr *e)
{
	static const struct keyinfo keys[] = {
		[NFT_XFRM_KEY_DADDR_IP4] = { "ip daddr", F_IPV4, 0, 4 },
		[NFT_XFRM_KEY_DADDR_IP6] = { "ip6 daddr", F_IPV6, 0, 16 },
		[NFT_XFRM_KEY_SADDR_IP4] = { "ip saddr", F_IPV4, 0, 4 },
		[NFT_XFRM_KEY_SADDR_IP6] = { "ip6 saddr", F_IPV6, 0, 16 },
		[NFT_XFRM_KEY_REQID] = { "reqid", F_HOST, 0, 4 },
		[NFT_XFRM_KEY_SPI] = { "spi", F_BE, 0, 4 },
	};
	uint32_t key = U32(e, NFTNL_EXPR_XFRM_KEY);
	const struct keyinfo *k = key_of(NAMES(keys), key);
	char desc[96], kname[32], spnum[32] = "";

	if (k)
		snprintf(kname, sizeof(kname), "%s", k->name);
	else
		snprintf(kname, sizeof(kname), "key %" PRIu32, key);
	if (U32(e, NFTNL_EXPR_XFRM_SPNUM))
		snprintf(spnum, sizeof(spnum), " spnum %" PRIu32,
			 U32(e, NFTNL_EXPR_XFRM_SPNUM));
	snprintf(desc, sizeof(desc), "ipsec %s%s %s",
		 nf.expr_get_u8(e, NFTNL_EXPR_XFRM_DIR) ? "out" : "in",
		 spnum, kname);
	load_key(r, e, NFTNL_EXPR_XFRM_DREG, desc, k, k ? k->len : 4);
}

static void x_numgen(struct render *r, struct nftnl_expr *e)
{
	char desc[128], off[32] = "";
	uint32_t type = U32(e, NFTNL_EXPR_NG_TYPE);

	if (U32(e, NFTNL_EXPR_NG_OFFSET))
		snprintf(off, sizeof(off), " offset %" PRIu32,
			 U32(e, NFTNL_EXPR_NG_OFFSET));
	snprintf(desc, sizeof(desc), "numgen %s mod %" PRIu32 "%s",
		 type == NFT_NG_INCREMENTAL ? "inc" :
		 type == NFT_NG_RANDOM	    ? "random" :
					      "?",
		 U32(e, NFTNL_EXPR_NG_MODULUS), off);
	load(r, U32(e, NFTNL_EXPR_NG_DREG), 4, desc, F_HOST);
}

static void x_hash(struct render *r, struct nftnl_expr *e)
{
	struct buf b = BUF_INIT(DESC_MAX);
	uint32_t type = U32(e, NFTNL_EXPR_HASH_TYPE);
	struct opnd o;

	if (type == NFT_HASH_SYM) {
		buf_adds(&b, "symhash");
	} else {
		operand(r, U32(e, NFTNL_EXPR_HASH_SREG),
			U32(e, NFTNL_EXPR_HASH_LEN), &o);
		buf_printf(&b, "jhash %s", o.desc);
	}
	buf_printf(&b, " mod %" PRIu32, U32(e, NFTNL_EXPR_HASH_MODULUS));
	if (IS(e, NFTNL_EXPR_HASH_SEED))
		buf_printf(&b, " seed 0x%" PRIx32,
			   U32(e, NFTNL_EXPR_HASH_SEED));
	if (U32(e, NFTNL_EXPR_HASH_OFFSET))
		buf_printf(&b, " offset %" PRIu32,
			   U32(e, NFTNL_EXPR_HASH_OFFSET));
	load(r, U32(e, NFTNL_EXPR_HASH_DREG), 4, b.data ? b.data : "hash",
	     F_HOST);
	buf_release(&b);
}

static void x_tunnel(struct render *r, struct nftnl_expr *e)
{
	uint32_t key = U32(e, NFTNL_EXPR_TUNNEL_KEY);
	char desc[64];

	if (key == NFT_TUNNEL_PATH)
		snprintf(desc, sizeof(desc), "tunnel path");
	else if (key == NFT_TUNNEL_ID)
		snprintf(desc, sizeof(desc), "tunnel id");
	else
		snprintf(desc, sizeof(desc), "tunnel key %" PRIu32, key);
	load(r, U32(e, NFTNL_EXPR_TUNNEL_DREG), key == NFT_TUNNEL_PATH ? 1 : 4,
	     desc, F_HOST);
}

static void x_exthdr(struct render *r, struct nftnl_expr *e)
{
	static const struct names ip6[] = {
		{ 0, "hbh" }, { 43, "rt" }, { 44, "frag" }, { 60, "dst" },
		{ 135, "mh" },
	};
	static const struct names tcp[] = {
		{ 0, "eol" },  { 1, "nop" },  { 2, "maxseg" }, { 3, "window" },
		{ 4, "sack-perm" }, { 5, "sack" }, { 8, "timestamp" },
		{ 30, "mptcp" },
	};
	static const struct names ip4[] = {
		{ 7, "rr" }, { 68, "timestamp" }, { 131, "lsrr" },
		{ 137, "ssrr" }, { 148, "ra" },
	};
	uint32_t op = U32(e, NFTNL_EXPR_EXTHDR_OP);
	uint8_t type = nf.expr_get_u8(e, NFTNL_EXPR_EXTHDR_TYPE);
	uint32_t off = U32(e, NFTNL_EXPR_EXTHDR_OFFSET);
	uint32_t len = U32(e, NFTNL_EXPR_EXTHDR_LEN);
	uint32_t flags = U32(e, NFTNL_EXPR_EXTHDR_FLAGS);
	const char *what, *tname = NULL;
	char desc[128], tnum[8];

	switch (op) {
	case NFT_EXTHDR_OP_IPV6:
		what = "exthdr";
		tname = name_of(NAMES(ip6), type);
		break;
	case NFT_EXTHDR_OP_TCPOPT:
		what = "tcp option";
		tname = name_of(NAMES(tcp), type);
		break;
	case NFT_EXTHDR_OP_IPV4:
		what = "ip option";
		tname = name_of(NAMES(ip4), type);
		break;
	case NFT_EXTHDR_OP_SCTP:
		what = "sctp chunk";
		break;
	case NFT_EXTHDR_OP_DCCP:
		what = "dccp option";
		break;
	default:
		what = "exthdr op ?";
		break;
	}
	if (!tname) {
		snprintf(tnum, sizeof(tnum), "%u", type);
		tname = tnum;
	}
	if (flags & NFT_EXTHDR_F_PRESENT)
		snprintf(desc, sizeof(desc), "%s %s", what, tname);
	else
		snprintf(desc, sizeof(desc), "%s %s @%" PRIu64 ",%" PRIu64,
			 what, tname, (uint64_t)off * 8, (uint64_t)len * 8);
	if (IS(e, NFTNL_EXPR_EXTHDR_SREG)) {
		struct buf b = BUF_INIT(DESC_MAX * 4);

		buf_printf(&b, "%s set ", desc);
		add_source(r, &b, U32(e, NFTNL_EXPR_EXTHDR_SREG), len, F_BE);
		emit_buf(r, &b);
		buf_release(&b);
		return;
	}
	load(r, U32(e, NFTNL_EXPR_EXTHDR_DREG),
	     (flags & NFT_EXTHDR_F_PRESENT) ? 1 : len, desc,
	     (flags & NFT_EXTHDR_F_PRESENT) ? F_EXISTS : F_BE);
}

static void x_immediate(struct render *r, struct nftnl_expr *e)
{
	uint32_t dreg = U32(e, NFTNL_EXPR_IMM_DREG), len = 0;
	const uint8_t *d;
	char buf[DESC_MAX], *p = buf;
	struct reg *g;
	size_t i;

	if (dreg == NFT_REG_VERDICT) {
		const char *v = verdict_text(
			(int32_t)U32(e, NFTNL_EXPR_IMM_VERDICT),
			IS(e, NFTNL_EXPR_IMM_CHAIN) ?
				nf.expr_get_str(e, NFTNL_EXPR_IMM_CHAIN) :
				NULL,
			buf, sizeof(buf));

		emit(r, v);
		set_verdict(r, v);
		return;
	}
	d = nf.expr_get(e, NFTNL_EXPR_IMM_DATA, &len);
	if (!d || len > NFT_DATA_MAX)
		len = 0;
	p += snprintf(p, sizeof(buf), "0x");
	for (i = 0; i < len; i++)
		p += snprintf(p, sizeof(buf) - (size_t)(p - buf), "%02x", d[i]);
	g = load(r, dreg, len, buf, F_HEX);
	if (g) {
		g->value = true;
		if (len)
			memcpy(g->val, d, len);
	}
}

/* Writes a comparison's operator; "" for equality unless always. */
static const char *cmp_op(uint32_t op, bool always)
{
	switch (op) {
	case NFT_CMP_EQ:
		return always ? "== " : "";
	case NFT_CMP_NEQ:
		return "!= ";
	case NFT_CMP_LT:
		return "< ";
	case NFT_CMP_LTE:
		return "<= ";
	case NFT_CMP_GT:
		return "> ";
	case NFT_CMP_GTE:
		return ">= ";
	}
	return "?? ";
}

/* Learns the packet's protocols from an equality with a key load. */
static void learn(struct render *r, const struct opnd *o, const uint8_t *d,
		  uint32_t len)
{
	const struct reg *g;
	uint64_t v;

	if (o->nparts != 1)
		return;
	g = o->part[0];
	if (g->ops || g->flagtest || g->swap)
		return;
	switch (g->ctx) {
	case K_NFPROTO:
		if (len == 1)
			r->l3 = d[0];
		break;
	case K_ETHERTYPE:
		if (len == 2 && get_uint(d, 2, true, &v))
			r->l3 = v == 0x0800 ? NFPROTO_IPV4 :
				v == 0x86dd ? NFPROTO_IPV6 :
				v == 0x0806 ? NFPROTO_ARP :
					      0;
		break;
	case K_L4:
		if (len == 1)
			r->l4 = d[0];
		break;
	case K_NONE:
		break;
	}
}

static void cmp_text(struct render *r, uint32_t sreg, uint32_t op,
		     const uint8_t *d, uint32_t len)
{
	struct buf b = BUF_INIT(DESC_MAX * 8);
	const struct reg *g;
	struct opnd o;
	uint32_t i;
	bool zero = true;

	operand(r, sreg, len, &o);
	g = o.nparts == 1 ? o.part[0] : NULL;
	for (i = 0; i < len; i++)
		zero = zero && d[i] == 0;
	buf_printf(&b, "%s ", o.desc);
	if (g && g->flagtest && op == NFT_CMP_NEQ && zero) {
		/* Any of the flags: "ct state established,related". */
		add_value(r, &b, g->fmt, g->mask, len);
	} else if (g && g->flagtest &&
		   (op == NFT_CMP_EQ || op == NFT_CMP_NEQ)) {
		/* nft's "tcp flags syn / syn,ack": value, then mask. */
		buf_adds(&b, cmp_op(op, false));
		add_value(r, &b, g->fmt, d, len);
		buf_adds(&b, " / ");
		add_value(r, &b, g->fmt, g->mask, len);
	} else if (g && g->flagtest) {
		buf_adds(&b, "& ");
		add_value(r, &b, g->fmt, g->mask, len);
		buf_printf(&b, " %s", cmp_op(op, true));
		add_value(r, &b, g->fmt, d, len);
	} else {
		/* An exact flag set is no flag test: say "==". */
		buf_adds(&b, cmp_op(op, g && (g->ops || g->fmt == F_CTSTATE ||
					      g->fmt == F_CTSTATUS ||
					      g->fmt == F_TCPFLAGS)));
		add_opnd_value(r, &b, &o, d, len);
	}
	if (op == NFT_CMP_EQ)
		learn(r, &o, d, len);
	emit_buf(r, &b);
	buf_release(&b);
}

/* Writes a waiting ">=" as it is. */
static void flush_pending(struct render *r)
{
	if (!r->pend)
		return;
	r->pend = false;
	cmp_text(r, r->pend_reg, NFT_CMP_GTE, r->pend_data, r->pend_len);
}

static void range_text(struct render *r, uint32_t sreg, bool neq,
		       const uint8_t *lo, const uint8_t *hi, uint32_t len)
{
	struct buf b = BUF_INIT(DESC_MAX * 8);
	struct opnd o;

	operand(r, sreg, len, &o);
	buf_printf(&b, "%s %s", o.desc, neq ? "!= " : "");
	add_opnd_value(r, &b, &o, lo, len);
	buf_addc(&b, '-');
	add_opnd_value(r, &b, &o, hi, len);
	emit_buf(r, &b);
	buf_release(&b);
}

static void x_cmp(struct render *r, struct nftnl_expr *e)
{
	uint32_t sreg = U32(e, NFTNL_EXPR_CMP_SREG);
	uint32_t op = U32(e, NFTNL_EXPR_CMP_OP), len = 0;
	const uint8_t *d = nf.expr_get(e, NFTNL_EXPR_CMP_DATA, &len);

	if (!d || len > NFT_DATA_MAX) {
		d = (const uint8_t *)"";
		len = 0;
	}
	if (r->pend && op == NFT_CMP_LTE && sreg == r->pend_reg &&
	    len == r->pend_len) {
		r->pend = false;
		range_text(r, sreg, false, r->pend_data, d, len);
		return;
	}
	flush_pending(r);
	if (op == NFT_CMP_GTE) {
		r->pend = true;
		r->pend_reg = sreg;
		r->pend_len = len;
		memcpy(r->pend_data, d, len);
		return;
	}
	cmp_text(r, sreg, op, d, len);
}

static void x_range(struct render *r, struct nftnl_expr *e)
{
	uint32_t lolen = 0, hilen = 0;
	const uint8_t *lo = nf.expr_get(e, NFTNL_EXPR_RANGE_FROM_DATA,
					   &lolen);
	const uint8_t *hi = nf.expr_get(e, NFTNL_EXPR_RANGE_TO_DATA,
					   &hilen);

	if (!lo || !hi || lolen != hilen || lolen > NFT_DATA_MAX) {
		emit(r, "range ?");
		return;
	}
	range_text(r, U32(e, NFTNL_EXPR_RANGE_SREG),
		   U32(e, NFTNL_EXPR_RANGE_OP) == NFT_RANGE_NEQ, lo, hi, lolen);
}

/* Copies register sreg's load to dreg for bitwise and byteorder. */
static struct reg *derive(struct render *r, uint32_t sreg, uint32_t dreg,
			  uint32_t len)
{
	int si = reg_index(sreg);
	struct reg src, *g;
	char desc[32];

	if (si >= 0 && r->regs[si].head) {
		src = r->regs[si];
		r->regs[si].read = true;
		g = load(r, dreg, src.len, src.desc, src.fmt);
		if (g) {
			*g = src;
			g->read = false;
			g->head = true;
			g->regno = dreg;
		}
		return g;
	}
	snprintf(desc, sizeof(desc), "reg %" PRIu32, sreg);
	return load(r, dreg, len, desc, F_HEX);
}

/* The length of the prefix mask m (n bytes), or -1 when it is none. */
static int prefix_len(const uint8_t *m, size_t n)
{
	size_t i;
	int bits = 0;
	bool ended = false;

	for (i = 0; i < n * 8; i++) {
		bool one = m[i / 8] & (0x80 >> (i % 8));

		if (one && ended)
			return -1;
		if (one)
			bits++;
		else
			ended = true;
	}
	return bits;
}

static void x_bitwise(struct render *r, struct nftnl_expr *e)
{
	uint32_t len = U32(e, NFTNL_EXPR_BITWISE_LEN), mlen = 0, xlen = 0;
	uint32_t op = IS(e, NFTNL_EXPR_BITWISE_OP) ?
			      U32(e, NFTNL_EXPR_BITWISE_OP) :
			      NFT_BITWISE_MASK_XOR;
	const uint8_t *mask = nf.expr_get(e, NFTNL_EXPR_BITWISE_MASK, &mlen);
	const uint8_t *xr = nf.expr_get(e, NFTNL_EXPR_BITWISE_XOR, &xlen);
	struct reg *g = derive(r, U32(e, NFTNL_EXPR_BITWISE_SREG),
			       U32(e, NFTNL_EXPR_BITWISE_DREG), len);
	struct buf b = BUF_INIT(DESC_MAX);
	bool xzero = true, mones = true;
	uint32_t i;
	int p;

	if (!g)
		return;
	if (op != NFT_BITWISE_MASK_XOR) {
		buf_printf(&b, "%s %s %" PRIu32, g->desc,
			   op == NFT_BITWISE_LSHIFT ? "<<" :
			   op == NFT_BITWISE_RSHIFT ? ">>" :
						      "?",
			   U32(e, NFTNL_EXPR_BITWISE_DATA));
		goto done;
	}
	if (!mask || !xr || mlen != xlen || mlen > NFT_DATA_MAX) {
		buf_printf(&b, "%s & ?", g->desc);
		goto done;
	}
	for (i = 0; i < mlen; i++) {
		xzero = xzero && xr[i] == 0;
		mones = mones && mask[i] == 0xff;
	}
	if (xzero && !g->ops && !g->swap &&
	    (g->fmt == F_IPV4 || g->fmt == F_IPV6 || g->fmt == F_ETHER ||
	     g->fmt == F_INETADDR) &&
	    (p = prefix_len(mask, mlen)) >= 0) {
		g->prefix = g->prefix >= 0 && g->prefix < p ? g->prefix : p;
		if (!g->full)
			g->full = g->len;
		return;
	}
	if (xzero && !g->ops && (g->fmt == F_CTSTATE ||
				 g->fmt == F_CTSTATUS ||
				 g->fmt == F_TCPFLAGS)) {
		g->flagtest = true;
		memcpy(g->mask, mask, mlen);
		return;
	}
	buf_adds(&b, g->desc);
	if (!mones) {
		buf_adds(&b, " & ");
		add_reg_value(r, &b, g, mask, mlen);
	}
	if (!xzero) {
		buf_adds(&b, " ^ ");
		add_reg_value(r, &b, g, xr, xlen);
	}
done:
	if (b.data)
		snprintf(g->desc, sizeof(g->desc), "%s", b.data);
	g->ops = true;
	g->prefix = -1;
	buf_release(&b);
}

static void x_byteorder(struct render *r, struct nftnl_expr *e)
{
	uint32_t size = U32(e, NFTNL_EXPR_BYTEORDER_SIZE);
	struct reg *g = derive(r, U32(e, NFTNL_EXPR_BYTEORDER_SREG),
			       U32(e, NFTNL_EXPR_BYTEORDER_DREG),
			       U32(e, NFTNL_EXPR_BYTEORDER_LEN));

	if (!g)
		return;
	/* The value is the same, its bytes turned around. */
	g->swap = g->swap ? 0 : size;
}

/* --- rendering: sets ------------------------------------------------------ */

/* nft's datatypes (nftables src/datatype.h), for set keys and map data. */
static enum fmt datatype_fmt(uint32_t type, bool *known)
{
	*known = true;
	switch (type) {
	case 2:
		return F_NFPROTO;
	case 5:
		return F_STRING;
	case 7:
		return F_IPV4;
	case 8:
		return F_IPV6;
	case 9:
		return F_ETHER;
	case 10:
		return F_ETHERTYPE;
	case 11:
		return F_ARPOP;
	case 12:
		return F_L4PROTO;
	case 13:
		return F_BE; /* inet_service */
	case 14:
		return F_ICMPTYPE;
	case 15:
		return F_TCPFLAGS;
	case 19:
		return F_MARK;
	case 20:
		return F_IFINDEX;
	case 21:
		return F_IFTYPE;
	case 24:
	case 25:
		return F_HOST; /* uid, gid */
	case 26:
		return F_CTSTATE;
	case 27:
		return F_CTDIR;
	case 28:
		return F_CTSTATUS;
	case 29:
		return F_ICMP6TYPE;
	case 31:
		return F_PKTTYPE;
	case 41:
		return F_IFNAME;
	}
	*known = false;
	return F_HEX;
}

/* How each part of a set's key is written. */
struct kpart {
	struct reg g;  /* format, swap, length */
};

static int key_parts(const struct nft_set *s, const struct opnd *o,
		     struct kpart *kp)
{
	uint32_t types[OPND_PARTS], t = s->key_type;
	int n = s->nfields > 1 ? s->nfields : 1, i;
	bool known, concat = s->nfields > 1;

	/* A concatenation without interval has no field lengths in its
	 * description: the loads that make the key give them. */
	if (!concat && o->nparts > 1) {
		n = o->nparts;
		concat = true;
	}

	if (n > OPND_PARTS)
		n = OPND_PARTS;
	for (i = n - 1; i >= 0; i--) {
		types[i] = concat ? t & 0x3f : t;
		t >>= 6;
	}
	for (i = 0; i < n; i++) {
		memset(&kp[i], 0, sizeof(kp[i]));
		kp[i].g.prefix = -1;
		kp[i].g.len = s->nfields > 1 ? s->field_len[i] :
			      concat	      ? o->part[i]->len :
						s->key_len;
		if (i < o->nparts && (o->part[i]->fmt != F_HEX ||
				      !datatype_fmt(types[i], &known))) {
			kp[i].g.fmt = o->part[i]->fmt;
			kp[i].g.swap = o->part[i]->swap;
		} else {
			kp[i].g.fmt = datatype_fmt(types[i], &known);
		}
	}
	return n;
}

/* Writes a key (or the value of a map) of len bytes, part by part. */
static void add_key(struct render *r, struct buf *b, const struct kpart *kp,
		    int n, const uint8_t *d, size_t len)
{
	size_t off = 0, plen;
	int i;

	for (i = 0; i < n && off < len; i++) {
		plen = kp[i].g.len && kp[i].g.len <= len - off ?
			       kp[i].g.len :
			       len - off;
		if (i)
			buf_adds(b, " . ");
		add_reg_value(r, b, &kp[i].g, d + off, plen);
		off += n > 1 ? span_of((uint32_t)plen) * 4 : plen;
	}
}

/* One past the big-endian value d ends a range: the last value in it. */
static void decrement(uint8_t *d, size_t n)
{
	while (n > 0) {
		n--;
		if (d[n]--)
			break;
	}
}

/* An address range lo..hi that is a prefix: its length, or -1. */
static int range_prefix(const uint8_t *lo, const uint8_t *hi, size_t n)
{
	size_t i;
	int bits = (int)n * 8;

	for (i = n * 8; i > 0; i--) {
		size_t k = i - 1;
		int lb = lo[k / 8] >> (7 - k % 8) & 1;
		int hb = hi[k / 8] >> (7 - k % 8) & 1;

		if (lb == 0 && hb == 1)
			bits--;
		else
			break;
	}
	for (i = 0; i < n * 8; i++) {
		int lb = lo[i / 8] >> (7 - i % 8) & 1;
		int hb = hi[i / 8] >> (7 - i % 8) & 1;

		if ((int)i < bits && lb != hb)
			return -1;
		if ((int)i >= bits && (lb != 0 || hb != 1))
			return -1;
	}
	return bits;
}

/* One part of a range: a value, an address prefix, or "lo-hi". */
static void add_part_range(struct render *r, struct buf *b,
			   const struct reg *g, const uint8_t *lo,
			   const uint8_t *hi, size_t len)
{
	int p;

	if (memcmp(lo, hi, len) == 0) {
		add_reg_value(r, b, g, lo, len);
		return;
	}
	if (!g->swap &&
	    (g->fmt == F_IPV4 || g->fmt == F_IPV6 || g->fmt == F_INETADDR) &&
	    (p = range_prefix(lo, hi, len)) >= 0) {
		add_reg_value(r, b, g, lo, len);
		buf_printf(b, "/%d", p);
		return;
	}
	add_reg_value(r, b, g, lo, len);
	buf_addc(b, '-');
	add_reg_value(r, b, g, hi, len);
}

/* A range of keys lo..hi (len bytes), part by part for a concatenation. */
static void add_range(struct render *r, struct buf *b, const struct kpart *kp,
		      int n, const uint8_t *lo, const uint8_t *hi, size_t len)
{
	size_t off = 0, plen;
	int i;

	for (i = 0; i < n && off < len; i++) {
		plen = kp[i].g.len && kp[i].g.len <= len - off ?
			       kp[i].g.len :
			       len - off;
		if (i)
			buf_adds(b, " . ");
		add_part_range(r, b, &kp[i].g, lo + off, hi + off, plen);
		off += n > 1 ? span_of((uint32_t)plen) * 4 : plen;
	}
}

static int elem_cmp(const void *a_, const void *b_)
{
	const struct nft_elem *a = *(const struct nft_elem *const *)a_;
	const struct nft_elem *b = *(const struct nft_elem *const *)b_;
	size_t n = a->klen < b->klen ? a->klen : b->klen;
	int c = memcmp(a->key, b->key, n);

	if (c)
		return c;
	if (a->klen != b->klen)
		return a->klen < b->klen ? -1 : 1;
	/* An interval's end sorts before a start at the same key. */
	return (int)(b->flags & NFT_SET_ELEM_INTERVAL_END) -
	       (int)(a->flags & NFT_SET_ELEM_INTERVAL_END);
}

/* Writes a map element's value. */
static void add_elem_data(struct render *r, struct buf *b,
			  const struct nft_set *s, const struct nft_elem *el)
{
	char vbuf[300];
	struct kpart kp;
	bool known;

	buf_adds(b, " : ");
	if (el->has_verdict) {
		buf_adds(b, verdict_text(el->vcode, el->vchain, vbuf,
					 sizeof(vbuf)));
	} else if (el->objref) {
		add_quoted(b, (const uint8_t *)el->objref, strlen(el->objref));
	} else {
		memset(&kp, 0, sizeof(kp));
		kp.g.prefix = -1;
		kp.g.fmt = datatype_fmt(s->data_type, &known);
		kp.g.len = el->dlen;
		add_key(r, b, &kp, 1, el->data, el->dlen);
	}
}

/* "{ a, b, c }" for an anonymous set with its elements. */
static void add_elems(struct render *r, struct buf *b, const struct nft_set *s,
		      const struct opnd *o)
{
	struct kpart kp[OPND_PARTS];
	const struct nft_elem **v;
	uint8_t hi[NFT_DATA_MAX];
	bool first = true, interval = s->flags & NFT_SET_INTERVAL;
	size_t i;
	int n = key_parts(s, o, kp);

	/* NOLINTNEXTLINE(bugprone-sizeof-expression): array of pointers */
	v = malloc((s->nelems ? s->nelems : 1) * sizeof(*v));
	if (!v) {
		r->oom = true;
		return;
	}
	for (i = 0; i < s->nelems; i++)
		v[i] = &s->elems[i];
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): array of pointers */
	qsort(v, s->nelems, sizeof(*v), elem_cmp);
	buf_adds(b, "{ ");
	for (i = 0; i < s->nelems; i++) {
		const struct nft_elem *el = v[i];

		if (el->flags & NFT_SET_ELEM_INTERVAL_END)
			continue; /* consumed with its start, or stray */
		buf_adds(b, first ? "" : ", ");
		first = false;
		if (el->flags & NFT_SET_ELEM_CATCHALL) {
			buf_addc(b, '*');
		} else if (el->kelen == el->klen && el->kelen) {
			add_range(r, b, kp, n, el->key, el->key_end, el->klen);
		} else if (interval && n == 1) {
			/* The next element, an interval end, closes it. */
			if (i + 1 < s->nelems &&
			    (v[i + 1]->flags & NFT_SET_ELEM_INTERVAL_END) &&
			    v[i + 1]->klen == el->klen) {
				memcpy(hi, v[i + 1]->key, el->klen);
				decrement(hi, el->klen);
			} else {
				memset(hi, 0xff, el->klen);
			}
			add_range(r, b, kp, n, el->key, hi, el->klen);
		} else {
			add_key(r, b, kp, n, el->key, el->klen);
		}
		if (s->flags & (NFT_SET_MAP | NFT_SET_OBJECT))
			add_elem_data(r, b, s, el);
	}
	if (s->total > s->nelems)
		buf_printf(b, "%s... %zu more", first ? "" : ", ",
			   s->total - s->nelems);
	buf_adds(b, first && s->total <= s->nelems ? "}" : " }");
	free(v);
}

/* "@name", or the elements of an anonymous set. */
static void add_set_ref(struct render *r, struct buf *b, const char *name,
			const struct opnd *o)
{
	const struct nft_set *s = find_set(r->rs, r->rule->family,
					   r->rule->table, name);

	if (s && (s->flags & NFT_SET_ANONYMOUS) && s->total > 0) {
		add_elems(r, b, s, o);
		return;
	}
	buf_printf(b, "@%s", name);
}

/* --- rendering: statements ------------------------------------------------ */

static void x_counter(struct render *r, struct nftnl_expr *e)
{
	uint64_t p = nf.expr_get_u64(e, NFTNL_EXPR_CTR_PACKETS);
	uint64_t by = nf.expr_get_u64(e, NFTNL_EXPR_CTR_BYTES);

	emitf(r, "counter packets %" PRIu64 " bytes %" PRIu64, p, by);
	if (!r->nested && !r->out_rule->has_counter) {
		r->out_rule->has_counter = true;
		r->out_rule->packets = p;
		r->out_rule->bytes = by;
	}
}

static void x_lookup(struct render *r, struct nftnl_expr *e)
{
	const char *name = nf.expr_get_str(e, NFTNL_EXPR_LOOKUP_SET);
	const struct nft_set *s;
	struct buf b = BUF_INIT(NFT_EXPR_TEXT_MAX);
	bool inv = U32(e, NFTNL_EXPR_LOOKUP_FLAGS) & NFT_LOOKUP_F_INV;
	struct opnd o;

	if (!name)
		name = "?";
	s = find_set(r->rs, r->rule->family, r->rule->table, name);
	operand(r, U32(e, NFTNL_EXPR_LOOKUP_SREG), s ? s->key_len : 0, &o);
	if (IS(e, NFTNL_EXPR_LOOKUP_DREG) &&
	    U32(e, NFTNL_EXPR_LOOKUP_DREG) != NFT_REG_VERDICT) {
		bool known;

		buf_printf(&b, "%s map ", o.desc);
		add_set_ref(r, &b, name, &o);
		load(r, U32(e, NFTNL_EXPR_LOOKUP_DREG), s ? s->data_len : 4,
		     b.data ? b.data : "map",
		     s ? datatype_fmt(s->data_type, &known) : F_HEX);
		buf_release(&b);
		return;
	}
	buf_printf(&b, "%s %s%s", o.desc, inv ? "!= " : "",
		   IS(e, NFTNL_EXPR_LOOKUP_DREG) ? "vmap " : "");
	add_set_ref(r, &b, name, &o);
	emit_buf(r, &b);
	buf_release(&b);
}

static void render_expr(struct render *r, struct nftnl_expr *e);

static int sub_expr_cb(struct nftnl_expr *e, void *data)
{
	render_expr(data, e);
	return 0;
}

/* A duration in milliseconds as nft writes it: "1h30m", "30s", "250ms". */
static void add_duration(struct buf *b, uint64_t ms)
{
	static const struct {
		uint64_t ms;
		const char *unit;
	} units[] = {
		{ 86400000, "d" }, { 3600000, "h" }, { 60000, "m" },
		{ 1000, "s" },     { 1, "ms" },
	};
	size_t i;

	if (ms == 0) {
		buf_adds(b, "0s");
		return;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (ms < units[i].ms)
			continue;
		buf_printf(b, "%" PRIu64 "%s", ms / units[i].ms, units[i].unit);
		ms %= units[i].ms;
	}
}

static void x_dynset(struct render *r, struct nftnl_expr *e)
{
	static const char *const ops[] = { "add", "update", "delete" };
	const char *name = nf.expr_get_str(e, NFTNL_EXPR_DYNSET_SET_NAME);
	uint32_t op = U32(e, NFTNL_EXPR_DYNSET_OP);
	const struct nft_set *s;
	struct buf b = BUF_INIT(NFT_EXPR_TEXT_MAX), saved;
	bool trunc;
	struct opnd o;

	if (!name)
		name = "?";
	s = find_set(r->rs, r->rule->family, r->rule->table, name);
	operand(r, U32(e, NFTNL_EXPR_DYNSET_SREG_KEY), s ? s->key_len : 0,
		&o);
	if (op < 3)
		buf_printf(&b, "%s @%s { %s", ops[op], name, o.desc);
	else
		buf_printf(&b, "op %" PRIu32 " @%s { %s", op, name, o.desc);
	if (IS(e, NFTNL_EXPR_DYNSET_TIMEOUT)) {
		buf_adds(&b, " timeout ");
		add_duration(&b,
			     nf.expr_get_u64(e, NFTNL_EXPR_DYNSET_TIMEOUT));
	}
	/* Stateful expressions of the element, rendered on their own. */
	saved = r->out;
	trunc = r->truncated;
	buf_init(&r->out, NFT_EXPR_TEXT_MAX);
	r->nested = true;
	nf.expr_expr_foreach(e, sub_expr_cb, r);
	r->nested = false;
	if (r->out.len)
		buf_printf(&b, " %s", r->out.data);
	buf_release(&r->out);
	r->out = saved;
	r->truncated = trunc;
	if (IS(e, NFTNL_EXPR_DYNSET_SREG_DATA)) {
		buf_adds(&b, " : ");
		add_source(r, &b, U32(e, NFTNL_EXPR_DYNSET_SREG_DATA),
			   s ? s->data_len : 0, F_HEX);
	}
	if (U32(e, NFTNL_EXPR_DYNSET_FLAGS) & NFT_DYNSET_F_INV)
		buf_adds(&b, " inverted");
	buf_adds(&b, " }");
	emit_buf(r, &b);
	buf_release(&b);
}

static void x_log(struct render *r, struct nftnl_expr *e)
{
	static const char *const levels[] = { "emerg", "alert", "crit", "err",
					      "warn",  "notice", "info",
					      "debug", "audit" };
	static const struct names flags[] = {
		{ NF_LOG_IPOPT, "ip options" }, { NF_LOG_UID, "skuid" },
		{ NF_LOG_MACDECODE, "ether" },
	};
	struct buf b = BUF_INIT(DESC_MAX);
	uint32_t v;

	buf_adds(&b, "log");
	if (IS(e, NFTNL_EXPR_LOG_PREFIX)) {
		const char *p = nf.expr_get_str(e, NFTNL_EXPR_LOG_PREFIX);

		buf_adds(&b, " prefix ");
		add_quoted(&b, (const uint8_t *)p, strlen(p));
	}
	if (IS(e, NFTNL_EXPR_LOG_GROUP))
		buf_printf(&b, " group %u",
			   nf.expr_get_u16(e, NFTNL_EXPR_LOG_GROUP));
	if (IS(e, NFTNL_EXPR_LOG_SNAPLEN))
		buf_printf(&b, " snaplen %" PRIu32,
			   U32(e, NFTNL_EXPR_LOG_SNAPLEN));
	if (IS(e, NFTNL_EXPR_LOG_QTHRESHOLD))
		buf_printf(&b, " queue-threshold %u",
			   nf.expr_get_u16(e, NFTNL_EXPR_LOG_QTHRESHOLD));
	if (IS(e, NFTNL_EXPR_LOG_LEVEL)) {
		v = U32(e, NFTNL_EXPR_LOG_LEVEL);
		if (v < sizeof(levels) / sizeof(levels[0]))
			buf_printf(&b, " level %s", levels[v]);
		else
			buf_printf(&b, " level %" PRIu32, v);
	}
	if (IS(e, NFTNL_EXPR_LOG_FLAGS) && U32(e, NFTNL_EXPR_LOG_FLAGS)) {
		v = U32(e, NFTNL_EXPR_LOG_FLAGS);
		if ((v & NF_LOG_MASK) == NF_LOG_MASK) {
			buf_adds(&b, " flags all");
			v &= ~(uint32_t)NF_LOG_MASK;
			if (v)
				buf_printf(&b, ",0x%" PRIx32, v);
		} else {
			buf_adds(&b, " flags");
			/* nft's own words: "tcp sequence,options". */
			if (v & (NF_LOG_TCPSEQ | NF_LOG_TCPOPT))
				buf_printf(&b, " tcp %s%s%s",
					   v & NF_LOG_TCPSEQ ? "sequence" : "",
					   (v & NF_LOG_TCPSEQ) &&
							   (v & NF_LOG_TCPOPT) ?
						   "," :
						   "",
					   v & NF_LOG_TCPOPT ? "options" : "");
			v &= ~(uint32_t)(NF_LOG_TCPSEQ | NF_LOG_TCPOPT);
			if (v && b.data[b.len - 1] != 's')
				buf_addc(&b, ' ');
			add_stmt_flags(&b, NAMES(flags), v);
		}
	}
	emit_buf(r, &b);
	buf_release(&b);
}

static const char *time_unit(uint64_t secs)
{
	switch (secs) {
	case 1:
		return "second";
	case 60:
		return "minute";
	case 3600:
		return "hour";
	case 86400:
		return "day";
	case 604800:
		return "week";
	}
	return NULL;
}

static void x_limit(struct render *r, struct nftnl_expr *e)
{
	uint64_t rate = nf.expr_get_u64(e, NFTNL_EXPR_LIMIT_RATE);
	uint64_t unit = nf.expr_get_u64(e, NFTNL_EXPR_LIMIT_UNIT);
	bool bytes = U32(e, NFTNL_EXPR_LIMIT_TYPE) == NFT_LIMIT_PKT_BYTES;
	const char *u = time_unit(unit);
	char ubuf[32];

	if (!u) {
		snprintf(ubuf, sizeof(ubuf), "%" PRIu64 "s", unit);
		u = ubuf;
	}
	emitf(r, "limit rate %s%" PRIu64 "%s/%s burst %" PRIu32 " %s",
	      U32(e, NFTNL_EXPR_LIMIT_FLAGS) & NFT_LIMIT_F_INV ? "over " : "",
	      rate, bytes ? " bytes" : "", u, U32(e, NFTNL_EXPR_LIMIT_BURST),
	      bytes ? "bytes" : "packets");
}

static void x_reject(struct render *r, struct nftnl_expr *e)
{
	static const struct names icmp[] = {
		{ 0, "net-unreachable" },  { 1, "host-unreachable" },
		{ 2, "prot-unreachable" }, { 3, "port-unreachable" },
		{ 9, "net-prohibited" },   { 10, "host-prohibited" },
		{ 13, "admin-prohibited" },
	};
	static const struct names icmp6[] = {
		{ 0, "no-route" },        { 1, "admin-prohibited" },
		{ 3, "addr-unreachable" }, { 4, "port-unreachable" },
		{ 5, "policy-fail" },     { 6, "reject-route" },
	};
	static const struct names icmpx[] = {
		{ 0, "no-route" },         { 1, "port-unreachable" },
		{ 2, "host-unreachable" }, { 3, "admin-prohibited" },
	};
	uint32_t type = U32(e, NFTNL_EXPR_REJECT_TYPE);
	uint8_t code = nf.expr_get_u8(e, NFTNL_EXPR_REJECT_CODE);
	int l3 = r->l3 ? r->l3 : r->rule->family;
	const char *name;

	set_verdict(r, "reject");
	switch (type) {
	case NFT_REJECT_TCP_RST:
		emit(r, "reject with tcp reset");
		return;
	case NFT_REJECT_ICMPX_UNREACH:
		name = name_of(NAMES(icmpx), code);
		if (name)
			emitf(r, "reject with icmpx %s", name);
		else
			emitf(r, "reject with icmpx %u", code);
		return;
	case NFT_REJECT_ICMP_UNREACH:
		name = l3 == NFPROTO_IPV6 ? name_of(NAMES(icmp6), code) :
		       l3 == NFPROTO_IPV4 ? name_of(NAMES(icmp), code) :
					    NULL;
		if (name)
			emitf(r, "reject with %s %s",
			      l3 == NFPROTO_IPV6 ? "icmpv6" : "icmp", name);
		else
			emitf(r, "reject with icmp code %u", code);
		return;
	}
	emitf(r, "reject type %" PRIu32 " code %u", type, code);
}

static void x_queue(struct render *r, struct nftnl_expr *e)
{
	static const struct names flags[] = {
		{ NFT_QUEUE_FLAG_BYPASS, "bypass" },
		{ NFT_QUEUE_FLAG_CPU_FANOUT, "fanout" },
	};
	struct buf b = BUF_INIT(DESC_MAX * 2);
	uint16_t num = nf.expr_get_u16(e, NFTNL_EXPR_QUEUE_NUM);
	uint16_t total = nf.expr_get_u16(e, NFTNL_EXPR_QUEUE_TOTAL);
	uint16_t fl = nf.expr_get_u16(e, NFTNL_EXPR_QUEUE_FLAGS);

	buf_adds(&b, "queue");
	if (fl) {
		buf_adds(&b, " flags");
		add_stmt_flags(&b, NAMES(flags), fl);
	}
	if (IS(e, NFTNL_EXPR_QUEUE_SREG_QNUM)) {
		buf_adds(&b, " to ");
		add_source(r, &b, U32(e, NFTNL_EXPR_QUEUE_SREG_QNUM), 4,
			   F_HOST);
	} else if (total > 1) {
		buf_printf(&b, " num %u-%u", num, num + total - 1);
	} else {
		buf_printf(&b, " num %u", num);
	}
	emit_buf(r, &b);
	buf_release(&b);
	set_verdict(r, "queue");
}

static void x_quota(struct render *r, struct nftnl_expr *e)
{
	uint32_t fl = U32(e, NFTNL_EXPR_QUOTA_FLAGS);

	emitf(r, "quota %s%" PRIu64 " bytes used %" PRIu64 " bytes%s",
	      fl & NFT_QUOTA_F_INV ? "over " : "",
	      nf.expr_get_u64(e, NFTNL_EXPR_QUOTA_BYTES),
	      nf.expr_get_u64(e, NFTNL_EXPR_QUOTA_CONSUMED),
	      fl & NFT_QUOTA_F_DEPLETED ? " depleted" : "");
}

static void x_connlimit(struct render *r, struct nftnl_expr *e)
{
	emitf(r, "ct count %s%" PRIu32,
	      U32(e, NFTNL_EXPR_CONNLIMIT_FLAGS) & NFT_CONNLIMIT_F_INV ?
		      "over " :
		      "",
	      U32(e, NFTNL_EXPR_CONNLIMIT_COUNT));
}

static void x_last(struct render *r, struct nftnl_expr *e)
{
	struct buf b = BUF_INIT(64);

	buf_adds(&b, "last used ");
	if (!U32(e, NFTNL_EXPR_LAST_SET))
		buf_adds(&b, "never");
	else
		add_duration(&b, nf.expr_get_u64(e, NFTNL_EXPR_LAST_MSECS));
	emit_buf(r, &b);
	buf_release(&b);
}

static const struct names nat_flags[] = {
	{ NF_NAT_RANGE_PROTO_RANDOM, "random" },
	{ NF_NAT_RANGE_PROTO_RANDOM_FULLY, "fully-random" },
	{ NF_NAT_RANGE_PERSISTENT, "persistent" },
	{ NF_NAT_RANGE_NETMAP, "prefix" },
};

/* Flags the address and port registers already say are left out. */
#define NAT_IMPLIED (NF_NAT_RANGE_MAP_IPS | NF_NAT_RANGE_PROTO_SPECIFIED)

/* ":port" or ":lo-hi" from the proto registers. */
static void add_ports(struct render *r, struct buf *b, struct nftnl_expr *e,
		      uint16_t amin, uint16_t amax)
{
	if (!IS(e, amin))
		return;
	buf_addc(b, ':');
	add_source(r, b, U32(e, amin), 2, F_BE);
	if (IS(e, amax) && U32(e, amax) != U32(e, amin)) {
		buf_addc(b, '-');
		add_source(r, b, U32(e, amax), 2, F_BE);
	}
}

static void x_nat(struct render *r, struct nftnl_expr *e)
{
	struct buf b = BUF_INIT(DESC_MAX * 4);
	uint32_t fam = U32(e, NFTNL_EXPR_NAT_FAMILY);
	enum fmt af = fam == NFPROTO_IPV6 ? F_IPV6 : F_IPV4;
	bool v6 = fam == NFPROTO_IPV6, ports;
	const char *fname = nft_family_name(fam);

	buf_adds(&b, U32(e, NFTNL_EXPR_NAT_TYPE) == NFT_NAT_SNAT ? "snat" :
								    "dnat");
	if (fname && r->rule->family == NFPROTO_INET)
		buf_printf(&b, " %s", fname);
	ports = IS(e, NFTNL_EXPR_NAT_REG_PROTO_MIN);
	if (IS(e, NFTNL_EXPR_NAT_REG_ADDR_MIN) || ports)
		buf_adds(&b, " to ");
	if (IS(e, NFTNL_EXPR_NAT_REG_ADDR_MIN)) {
		buf_adds(&b, v6 && ports ? "[" : "");
		add_source(r, &b, U32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN), 0, af);
		if (IS(e, NFTNL_EXPR_NAT_REG_ADDR_MAX) &&
		    U32(e, NFTNL_EXPR_NAT_REG_ADDR_MAX) !=
			    U32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN)) {
			buf_addc(&b, '-');
			add_source(r, &b, U32(e, NFTNL_EXPR_NAT_REG_ADDR_MAX),
				   0, af);
		}
		buf_adds(&b, v6 && ports ? "]" : "");
	}
	add_ports(r, &b, e, NFTNL_EXPR_NAT_REG_PROTO_MIN,
		  NFTNL_EXPR_NAT_REG_PROTO_MAX);
	add_stmt_flags(&b, NAMES(nat_flags),
		       U32(e, NFTNL_EXPR_NAT_FLAGS) & ~(uint32_t)NAT_IMPLIED);
	emit_buf(r, &b);
	buf_release(&b);
}

static void x_masq(struct render *r, struct nftnl_expr *e)
{
	struct buf b = BUF_INIT(DESC_MAX * 2);

	buf_adds(&b, "masquerade");
	if (IS(e, NFTNL_EXPR_MASQ_REG_PROTO_MIN))
		buf_adds(&b, " to ");
	add_ports(r, &b, e, NFTNL_EXPR_MASQ_REG_PROTO_MIN,
		  NFTNL_EXPR_MASQ_REG_PROTO_MAX);
	add_stmt_flags(&b, NAMES(nat_flags),
		       U32(e, NFTNL_EXPR_MASQ_FLAGS) & ~(uint32_t)NAT_IMPLIED);
	emit_buf(r, &b);
	buf_release(&b);
}

static void x_redir(struct render *r, struct nftnl_expr *e)
{
	struct buf b = BUF_INIT(DESC_MAX * 2);

	buf_adds(&b, "redirect");
	if (IS(e, NFTNL_EXPR_REDIR_REG_PROTO_MIN))
		buf_adds(&b, " to ");
	add_ports(r, &b, e, NFTNL_EXPR_REDIR_REG_PROTO_MIN,
		  NFTNL_EXPR_REDIR_REG_PROTO_MAX);
	add_stmt_flags(&b, NAMES(nat_flags),
		       U32(e, NFTNL_EXPR_REDIR_FLAGS) & ~(uint32_t)NAT_IMPLIED);
	emit_buf(r, &b);
	buf_release(&b);
}

static void x_tproxy(struct render *r, struct nftnl_expr *e)
{
	struct buf b = BUF_INIT(DESC_MAX * 2);
	uint32_t fam = U32(e, NFTNL_EXPR_TPROXY_FAMILY);
	const char *fname = nft_family_name(fam);
	bool v6 = fam == NFPROTO_IPV6, port;

	buf_adds(&b, "tproxy");
	if (fname && r->rule->family == NFPROTO_INET)
		buf_printf(&b, " %s", fname);
	buf_adds(&b, " to ");
	port = IS(e, NFTNL_EXPR_TPROXY_REG_PORT);
	if (IS(e, NFTNL_EXPR_TPROXY_REG_ADDR)) {
		buf_adds(&b, v6 && port ? "[" : "");
		add_source(r, &b, U32(e, NFTNL_EXPR_TPROXY_REG_ADDR), 0,
			   v6 ? F_IPV6 : F_IPV4);
		buf_adds(&b, v6 && port ? "]" : "");
	}
	if (port) {
		buf_addc(&b, ':');
		add_source(r, &b, U32(e, NFTNL_EXPR_TPROXY_REG_PORT), 2, F_BE);
	}
	emit_buf(r, &b);
	buf_release(&b);
}

static void x_dup(struct render *r, struct nftnl_expr *e)
{
	struct buf b = BUF_INIT(DESC_MAX * 2);

	buf_adds(&b, "dup");
	if (IS(e, NFTNL_EXPR_DUP_SREG_ADDR)) {
		buf_adds(&b, " to ");
		add_source(r, &b, U32(e, NFTNL_EXPR_DUP_SREG_ADDR), 0,
			   F_INETADDR);
	}
	if (IS(e, NFTNL_EXPR_DUP_SREG_DEV)) {
		buf_adds(&b, " device ");
		add_source(r, &b, U32(e, NFTNL_EXPR_DUP_SREG_DEV), 4,
			   F_IFINDEX);
	}
	emit_buf(r, &b);
	buf_release(&b);
}

static void x_fwd(struct render *r, struct nftnl_expr *e)
{
	struct buf b = BUF_INIT(DESC_MAX * 2);
	const char *fname = NULL;

	if (IS(e, NFTNL_EXPR_FWD_NFPROTO))
		fname = nft_family_name(U32(e, NFTNL_EXPR_FWD_NFPROTO));

	buf_adds(&b, "fwd");
	if (fname)
		buf_printf(&b, " %s", fname);
	buf_adds(&b, " to ");
	if (IS(e, NFTNL_EXPR_FWD_SREG_ADDR)) {
		add_source(r, &b, U32(e, NFTNL_EXPR_FWD_SREG_ADDR), 0,
			   F_INETADDR);
		buf_adds(&b, " device ");
	}
	add_source(r, &b, U32(e, NFTNL_EXPR_FWD_SREG_DEV), 4, F_IFINDEX);
	emit_buf(r, &b);
	buf_release(&b);
}

static void x_objref(struct render *r, struct nftnl_expr *e)
{
	static const struct names types[] = {
		{ NFT_OBJECT_COUNTER, "counter" },
		{ NFT_OBJECT_QUOTA, "quota" },
		{ NFT_OBJECT_CT_HELPER, "ct helper" },
		{ NFT_OBJECT_LIMIT, "limit" },
		{ NFT_OBJECT_CONNLIMIT, "ct count" },
		{ NFT_OBJECT_TUNNEL, "tunnel" },
		{ NFT_OBJECT_CT_TIMEOUT, "ct timeout" },
		{ NFT_OBJECT_SECMARK, "meta secmark" },
		{ NFT_OBJECT_CT_EXPECT, "ct expectation" },
		{ NFT_OBJECT_SYNPROXY, "synproxy" },
	};
	struct buf b = BUF_INIT(NFT_EXPR_TEXT_MAX);

	if (IS(e, NFTNL_EXPR_OBJREF_SET_NAME)) {
		const char *name =
			nf.expr_get_str(e, NFTNL_EXPR_OBJREF_SET_NAME);
		const struct nft_set *s = find_set(r->rs, r->rule->family,
						   r->rule->table, name);
		const char *t = s ? name_of(NAMES(types), s->obj_type) : NULL;
		struct opnd o;

		operand(r, U32(e, NFTNL_EXPR_OBJREF_SET_SREG),
			s ? s->key_len : 0, &o);
		buf_printf(&b, "%s name %s map ", t ? t : "object", o.desc);
		add_set_ref(r, &b, name, &o);
	} else {
		uint32_t type = U32(e, NFTNL_EXPR_OBJREF_IMM_TYPE);
		const char *t = name_of(NAMES(types), type);
		const char *name =
			nf.expr_get_str(e, NFTNL_EXPR_OBJREF_IMM_NAME);

		if (t)
			buf_printf(&b, "%s name ", t);
		else
			buf_printf(&b, "object type %" PRIu32 " name ", type);
		if (name)
			add_quoted(&b, (const uint8_t *)name, strlen(name));
	}
	emit_buf(r, &b);
	buf_release(&b);
}

static void x_synproxy(struct render *r, struct nftnl_expr *e)
{
	static const struct names flags[] = {
		{ NF_SYNPROXY_OPT_TIMESTAMP, "timestamp" },
		{ NF_SYNPROXY_OPT_SACK_PERM, "sack-perm" },
		{ NF_SYNPROXY_OPT_ECN, "ecn" },
	};
	struct buf b = BUF_INIT(DESC_MAX);
	uint32_t fl = U32(e, NFTNL_EXPR_SYNPROXY_FLAGS);

	buf_adds(&b, "synproxy");
	if (fl & NF_SYNPROXY_OPT_MSS)
		buf_printf(&b, " mss %u",
			   nf.expr_get_u16(e, NFTNL_EXPR_SYNPROXY_MSS));
	if (fl & NF_SYNPROXY_OPT_WSCALE)
		buf_printf(&b, " wscale %u",
			   nf.expr_get_u8(e, NFTNL_EXPR_SYNPROXY_WSCALE));
	add_stmt_flags(&b, NAMES(flags),
		       fl & ~(uint32_t)(NF_SYNPROXY_OPT_MSS |
					NF_SYNPROXY_OPT_WSCALE));
	emit_buf(r, &b);
	buf_release(&b);
}

static void x_flow(struct render *r, struct nftnl_expr *e)
{
	const char *name = nf.expr_get_str(e, NFTNL_EXPR_FLOW_TABLE_NAME);

	emitf(r, "flow add @%s", name ? name : "?");
}

static void x_notrack(struct render *r, struct nftnl_expr *e)
{
	(void)e;
	emit(r, "notrack");
}

/* xtables compat: the extension's name, revision and private data. */
static void xt(struct render *r, struct nftnl_expr *e, const char *what,
	       uint16_t aname, uint16_t arev, uint16_t ainfo)
{
	struct buf b = BUF_INIT(DESC_MAX);
	const char *name = nf.expr_get_str(e, aname);
	const uint8_t *info;
	uint32_t len = 0;

	buf_printf(&b, "xt %s ", what);
	add_quoted(&b, (const uint8_t *)(name ? name : "?"),
		   strlen(name ? name : "?"));
	buf_printf(&b, " rev %" PRIu32, U32(e, arev));
	info = nf.expr_get(e, ainfo, &len);
	if (info && len && name && strcmp(what, "match") == 0 &&
	    strcmp(name, "comment") == 0) {
		/* iptables-nft keeps a rule's comment here (struct
		 * xt_comment_info): show it, and use it as the rule's. */
		size_t n = strnlen((const char *)info, len);

		buf_addc(&b, ' ');
		add_quoted(&b, info, n);
		if (!r->comment) {
			r->comment = dup_n((const char *)info, n);
			if (!r->comment)
				r->oom = true;
		}
	} else if (info && len <= 32 && len) {
		buf_adds(&b, " info ");
		add_hex(&b, info, len);
	} else if (info && len) {
		buf_printf(&b, " info %" PRIu32 " bytes", len);
	}
	emit_buf(r, &b);
	buf_release(&b);
}

static void x_match(struct render *r, struct nftnl_expr *e)
{
	xt(r, e, "match", NFTNL_EXPR_MT_NAME, NFTNL_EXPR_MT_REV,
	   NFTNL_EXPR_MT_INFO);
}

static void x_target(struct render *r, struct nftnl_expr *e)
{
	xt(r, e, "target", NFTNL_EXPR_TG_NAME, NFTNL_EXPR_TG_REV,
	   NFTNL_EXPR_TG_INFO);
}

static const struct {
	const char *name;
	void (*fn)(struct render *r, struct nftnl_expr *e);
} renderers[] = {
	{ "bitwise", x_bitwise },     { "byteorder", x_byteorder },
	{ "cmp", x_cmp },             { "connlimit", x_connlimit },
	{ "counter", x_counter },     { "ct", x_ct },
	{ "dup", x_dup },             { "dynset", x_dynset },
	{ "exthdr", x_exthdr },       { "fib", x_fib },
	{ "flow_offload", x_flow },   { "fwd", x_fwd },
	{ "hash", x_hash },           { "immediate", x_immediate },
	{ "last", x_last },           { "limit", x_limit },
	{ "log", x_log },             { "lookup", x_lookup },
	{ "masq", x_masq },           { "match", x_match },
	{ "meta", x_meta },           { "nat", x_nat },
	{ "notrack", x_notrack },     { "numgen", x_numgen },
	{ "objref", x_objref },       { "osf", x_osf },
	{ "payload", x_payload },     { "queue", x_queue },
	{ "quota", x_quota },         { "range", x_range },
	{ "redir", x_redir },         { "reject", x_reject },
	{ "rt", x_rt },               { "socket", x_socket },
	{ "synproxy", x_synproxy },   { "target", x_target },
	{ "tproxy", x_tproxy },       { "tunnel", x_tunnel },
	{ "xfrm", x_xfrm },
};

static void render_expr(struct render *r, struct nftnl_expr *e)
{
	const char *name = nf.expr_get_str(e, NFTNL_EXPR_NAME);
	size_t i;
	char text[1024];

	if (!name)
		name = "?";
	if (r->pend && strcmp(name, "cmp") != 0)
		flush_pending(r);
	for (i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++) {
		if (strcmp(renderers[i].name, name) == 0) {
			renderers[i].fn(r, e);
			return;
		}
	}
	/* libnftnl's own words for what vigil has no renderer for. */
	text[0] = '\0';
	nf.expr_snprintf(text, sizeof(text), e, NFTNL_OUTPUT_DEFAULT, 0);
	emitf(r, "[%s %s]", name, text);
}

/* --- rendering: rules ----------------------------------------------------- */

/* "[name 1=0x.. 2=0x..]" for an expression libnftnl does not know. */
static void raw_expr(struct render *r, const char *name, const uint8_t *data,
		     size_t len)
{
	struct buf b = BUF_INIT(DESC_MAX * 4);
	struct nlattr a;
	size_t step, plen;

	buf_printf(&b, "[%s", name);
	while (data && len >= sizeof(a)) {
		memcpy(&a, data, sizeof(a));
		plen = a.nla_len - sizeof(a);
		buf_printf(&b, " %u=", a.nla_type & NLA_TYPE_MASK);
		add_hex(&b, data + sizeof(a), plen > 64 ? 64 : plen);
		if (plen > 64)
			buf_adds(&b, "...");
		step = MNL_ALIGN(a.nla_len);
		if (step >= len)
			break;
		data += step;
		len -= step;
	}
	buf_addc(&b, ']');
	emit_buf(r, &b);
	buf_release(&b);
}

static int foreach_cb(struct nftnl_expr *e, void *data)
{
	render_expr(data, e);
	return 0;
}

/*
 * Renders one expression (the payload of a validated NFTA_LIST_ELEM)
 * of a rule libnftnl refused as a whole: through libnftnl when it knows
 * the expression (a rule of that one expression, parsed on its own),
 * else from the attributes.
 */
static void one_expr(struct render *r, const uint8_t *elem, size_t len)
{
	const uint8_t *name, *data;
	size_t nlen, dlen;
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;
	struct nlattr *nest;
	struct nftnl_rule *nr;
	char *buf;

	name = find_attr(elem, len, NFTA_EXPR_NAME, &nlen);
	data = find_attr(elem, len, NFTA_EXPR_DATA, &dlen);
	if (!name)
		return;
	if (!expr_schema((const char *)name)) {
		raw_expr(r, (const char *)name, data, data ? dlen : 0);
		return;
	}
	buf = calloc(1, len + 64);
	nr = nf.rule_alloc();
	if (!buf || !nr) {
		r->oom = true;
		goto out;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_NEWRULE;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = r->rule->family;
	nest = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	mnl_attr_put(nlh, NFTA_LIST_ELEM | NLA_F_NESTED, len, elem);
	mnl_attr_nest_end(nlh, nest);
	if (nf.rule_nlmsg_parse(nlh, nr) == 0)
		nf.expr_foreach(nr, foreach_cb, r);
	else
		raw_expr(r, (const char *)name, data, data ? dlen : 0);
out:
	if (nr)
		nf.rule_free(nr);
	free(buf);
}

/* Walks a rule's expressions one by one (see one_expr). */
static void raw_rule(struct render *r, const uint8_t *attrs, size_t alen)
{
	const uint8_t *list;
	size_t llen, step;
	struct nlattr a;

	list = find_attr(attrs, alen, NFTA_RULE_EXPRESSIONS, &llen);
	while (list && llen >= sizeof(a)) {
		memcpy(&a, list, sizeof(a));
		if (r->pend)
			flush_pending(r);
		one_expr(r, list + sizeof(a), a.nla_len - sizeof(a));
		step = MNL_ALIGN(a.nla_len);
		if (step >= llen)
			break;
		list += step;
		llen -= step;
	}
}

/* The comment in a rule's user data (type-length-value records). */
static char *udata_comment(const uint8_t *d, size_t len, bool *ok)
{
	size_t off = 0, l;

	while (d && off + 2 <= len) {
		l = d[off + 1];
		if (l > len - off - 2)
			break;
		if (d[off] == NFTNL_UDATA_RULE_COMMENT) {
			const char *s = (const char *)d + off + 2;
			char *c = dup_n(s, strnlen(s, l));

			if (!c)
				*ok = false;
			return c;
		}
		off += 2 + l;
	}
	return NULL;
}

/* Renders one stashed rule into its fields. */
static int render_rule(struct nft_ruleset *rs, struct nft_rule *rule)
{
	struct render *r;
	struct nftnl_rule *nr = NULL;
	const uint8_t *attrs = (const uint8_t *)rule->msg + NLMSG_HDRLEN +
			       NLMSG_ALIGN(sizeof(struct nfgenmsg));
	size_t alen = rule->msglen - NLMSG_HDRLEN -
		      NLMSG_ALIGN(sizeof(struct nfgenmsg));
	const uint8_t *ud;
	size_t udlen;
	bool ok = true;
	int i;
	char *text;

	r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	r->rs = rs;
	r->rule = rule;
	r->out_rule = rule;
	r->l4 = -1;
	buf_init(&r->out, NFT_EXPR_TEXT_MAX - 4);
	nr = nf.rule_alloc();
	if (!nr) {
		r->oom = true;
		goto out;
	}
	if (nf.rule_nlmsg_parse(rule->msg, nr) == 0)
		nf.expr_foreach(nr, foreach_cb, r);
	else
		raw_rule(r, attrs, alen);
	flush_pending(r);
	for (i = 0; i < NREGS; i++)
		flush_reg(r, &r->regs[i]);
	if (r->truncated && !r->oom) {
		r->out.cap += 4; /* room kept for the mark */
		buf_adds(&r->out, "...");
	}
	text = buf_detach(&r->out, NULL);
	if (!text) {
		r->oom = true;
		goto out;
	}
	free(rule->expr);
	rule->expr = text;
	free(rule->verdict);
	rule->verdict = r->verdict;
	r->verdict = NULL;
	ud = find_attr(attrs, alen, NFTA_RULE_USERDATA, &udlen);
	free(rule->comment);
	rule->comment = ud ? udata_comment(ud, udlen, &ok) : NULL;
	if (!ok)
		r->oom = true;
	if (!rule->comment) {
		rule->comment = r->comment;
		r->comment = NULL;
	}
out:
	if (nr)
		nf.rule_free(nr);
	buf_release(&r->out);
	free(r->verdict);
	free(r->comment);
	i = r->oom ? -1 : 0;
	free(r);
	return i;
}

int nft_ruleset_finish(struct nft_ruleset *rs, char *err, size_t errsize)
{
	struct nft_chain *c = NULL;
	long *count;
	size_t i, k;
	long pos = 0;

	if (rs->nrules && nf_load(err, errsize) < 0)
		return -1;
	count = calloc(rs->nchains ? rs->nchains : 1, sizeof(*count));
	if (!count)
		return oom(err, errsize);
	for (i = 0; i < rs->nrules; i++) {
		struct nft_rule *r = &rs->rules[i];
		const struct nft_rule *prev = i ? &rs->rules[i - 1] : NULL;

		if (!c || c->family != r->family ||
		    strcmp(c->table, r->table) != 0 ||
		    strcmp(c->name, r->chain) != 0)
			c = find_chain(rs, 0, r->family, r->table, r->chain);
		if (c) {
			pos = ++count[c - rs->chains];
		} else if (prev && prev->family == r->family &&
			   strcmp(prev->table, r->table) == 0 &&
			   strcmp(prev->chain, r->chain) == 0) {
			pos++;
		} else {
			pos = 1;
		}
		r->position = pos;
	}
	/* Chains the kernel described have their rule counts now. */
	for (k = 0; k < rs->nchains; k++)
		if (rs->chains[k].has_handle)
			rs->chains[k].rules = count[k];
	free(count);
	if (rs->no_render)
		return 0;
	for (i = 0; i < rs->nrules; i++) {
		struct nft_rule *r = &rs->rules[i];

		if (!r->msg)
			continue;
		if (render_rule(rs, r) < 0)
			return oom(err, errsize);
		free(r->msg);
		r->msg = NULL;
		r->msglen = 0;
	}
	return 0;
}
