/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nft.c: the ruleset's storage, libnftnl loaded on first use, and the
 * netlink messages of an nftables dump as chains, sets and the rules'
 * messages (see nft.h for the contract and the text format).
 *
 * Every message first passes the validator (nft_valid.c), which also
 * gives the copy libnftnl reads; chains, sets and set elements are then
 * taken from libnftnl's parse, and a rule's message is kept as it is
 * until nft_ruleset_finish() numbers the rules and has each rendered
 * (nft_render.c, nft_expr.c).  The nftables.conf parser is nft_conf.c;
 * nft_int.h is what the files share.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "tables/nft.h"
#include "tables/nft_int.h"
#include "util/lazylib.h"

/* --- libnftnl, loaded on first use -------------------------------------- */

/*
 * libnftnl (with its dependencies) costs more to load than most of what a
 * query does at start-up, and only the nftables tables need it, so it is
 * not linked: the first parse opens it (util/lazylib.h) and resolves the
 * functions of struct nft_lib (nft_int.h); every call goes through
 * nft_lib.
 */
static struct lazylib libnftnl = LAZYLIB_INIT("libnftnl.so.11");

struct nft_lib nft_lib;

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
		       sizeof(nft_lib) / sizeof(void *),
	       "one name per libnftnl function");

/* Loads libnftnl once.  0, or -1 with the reason in err. */
static int nf_load(char *err, size_t errsize)
{
	if (lazylib_bind(&libnftnl, nf_names,
			 sizeof(nf_names) / sizeof(nf_names[0]),
			 &nft_lib) < 0) {
		if (err && errsize)
			snprintf(err, errsize, "%s", libnftnl.err);
		return -1;
	}
	return 0;
}

/* --- storage -------------------------------------------------------------- */

char *nft_dup_n(const char *s, size_t n)
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

int nft_oom(char *err, size_t errsize)
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

void nft_chain_free(struct nft_chain *c)
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
		nft_chain_free(&rs->chains[i]);
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

/* The chain (family, table, name), or NULL. */
struct nft_chain *nft_chain_find(struct nft_ruleset *rs, size_t from,
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
struct nft_chain *nft_chain_add(struct nft_ruleset *rs, unsigned family,
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
		nft_chain_free(c);
		return NULL;
	}
	rs->nchains++;
	return c;
}

/* Replaces *field with a copy of s (NULL clears it). */
int nft_str_replace(char **field, const char *s)
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

/* --- messages ------------------------------------------------------------- */

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
	struct nftnl_chain *nc = nft_lib.chain_alloc();
	struct nft_chain *c;
	char buf[16];
	int rc = -1;

	if (!nc)
		return -1;
	if (nft_lib.chain_nlmsg_parse(nlh, nc) < 0 ||
	    !nft_lib.chain_is_set(nc, NFTNL_CHAIN_TABLE) ||
	    !nft_lib.chain_is_set(nc, NFTNL_CHAIN_NAME)) {
		*refused = true;
		rc = 0;
		goto out;
	}
	c = nft_chain_add(rs,
			  nft_lib.chain_get_u32(nc, NFTNL_CHAIN_FAMILY) & 0xff,
			  nft_lib.chain_get_str(nc, NFTNL_CHAIN_TABLE),
			  nft_lib.chain_get_str(nc, NFTNL_CHAIN_NAME));
	if (!c)
		goto out;
	if (nft_lib.chain_is_set(nc, NFTNL_CHAIN_HANDLE)) {
		c->has_handle = true;
		c->handle = nft_lib.chain_get_u64(nc, NFTNL_CHAIN_HANDLE);
	}
	if (nft_lib.chain_is_set(nc, NFTNL_CHAIN_HOOKNUM)) {
		c->base = true;
		if (nft_str_replace(&c->hook,
				    hook_name(c->family,
					      nft_lib.chain_get_u32(
						      nc, NFTNL_CHAIN_HOOKNUM),
					      buf, sizeof(buf))) < 0)
			goto out;
		if (nft_lib.chain_is_set(nc, NFTNL_CHAIN_PRIO)) {
			c->has_priority = true;
			c->priority =
				nft_lib.chain_get_s32(nc, NFTNL_CHAIN_PRIO);
		}
		if (nft_lib.chain_is_set(nc, NFTNL_CHAIN_POLICY) &&
		    nft_str_replace(&c->policy,
				    policy_name(nft_lib.chain_get_u32(
							nc, NFTNL_CHAIN_POLICY),
						buf, sizeof(buf))) < 0)
			goto out;
		if (nft_lib.chain_is_set(nc, NFTNL_CHAIN_TYPE) &&
		    nft_str_replace(
			    &c->type,
			    nft_lib.chain_get_str(nc, NFTNL_CHAIN_TYPE)) < 0)
			goto out;
	}
	rc = 0;
out:
	nft_lib.chain_free(nc);
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

struct nft_set *nft_set_find(struct nft_ruleset *rs, unsigned family,
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
	struct nft_set *s = nft_set_find(rs, family, table, name);

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
	desc = nft_attr_find(attrs, alen, NFTA_SET_DESC, &dlen);
	if (!desc)
		return;
	concat = nft_attr_find(desc, dlen, NFTA_SET_DESC_CONCAT, &clen);
	if (!concat)
		return;
	while (clen >= sizeof(a) && s->nfields < sizeof(s->field_len)) {
		const uint8_t *f;
		size_t flen;

		memcpy(&a, concat, sizeof(a));
		f = nft_attr_find(concat + sizeof(a), a.nla_len - sizeof(a),
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
	struct nftnl_set *ns = nft_lib.set_alloc();
	struct nft_set *s;
	int rc = -1;

	if (!ns)
		return -1;
	if (nft_lib.set_nlmsg_parse(nlh, ns) < 0 ||
	    !nft_lib.set_is_set(ns, NFTNL_SET_TABLE) ||
	    !nft_lib.set_is_set(ns, NFTNL_SET_NAME)) {
		*refused = true;
		rc = 0;
		goto out;
	}
	s = find_or_add_set(rs,
			    nft_lib.set_get_u32(ns, NFTNL_SET_FAMILY) & 0xff,
			    nft_lib.set_get_str(ns, NFTNL_SET_TABLE),
			    nft_lib.set_get_str(ns, NFTNL_SET_NAME));
	if (!s)
		goto out;
	s->flags = nft_lib.set_get_u32(ns, NFTNL_SET_FLAGS);
	s->key_type = nft_lib.set_get_u32(ns, NFTNL_SET_KEY_TYPE);
	s->key_len = nft_lib.set_get_u32(ns, NFTNL_SET_KEY_LEN);
	s->data_type = nft_lib.set_get_u32(ns, NFTNL_SET_DATA_TYPE);
	s->data_len = nft_lib.set_get_u32(ns, NFTNL_SET_DATA_LEN);
	s->obj_type = nft_lib.set_get_u32(ns, NFTNL_SET_OBJ_TYPE);
	set_fields(s, attrs, alen);
	rc = 0;
out:
	nft_lib.set_free(ns);
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
	if (!nft_lib.set_elem_is_set(e, attr))
		return;
	p = nft_lib.set_elem_get(e, attr, &n);
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
	if (nft_lib.set_elem_is_set(e, NFTNL_SET_ELEM_FLAGS))
		el->flags = nft_lib.set_elem_get_u32(e, NFTNL_SET_ELEM_FLAGS);
	if (nft_lib.set_elem_is_set(e, NFTNL_SET_ELEM_VERDICT)) {
		el->has_verdict = true;
		el->vcode = (int32_t)nft_lib.set_elem_get_u32(
			e, NFTNL_SET_ELEM_VERDICT);
	}
	if (nft_lib.set_elem_is_set(e, NFTNL_SET_ELEM_CHAIN))
		el->vchain = dup_opt(
			nft_lib.set_elem_get_str(e, NFTNL_SET_ELEM_CHAIN), &ok);
	if (nft_lib.set_elem_is_set(e, NFTNL_SET_ELEM_OBJREF))
		el->objref = dup_opt(
			nft_lib.set_elem_get_str(e, NFTNL_SET_ELEM_OBJREF),
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
	struct nftnl_set *ns = nft_lib.set_alloc();
	struct elem_ctx ec = { NULL, false };
	int rc = -1;

	if (!ns)
		return -1;
	if (nft_lib.set_elems_nlmsg_parse(nlh, ns) < 0 ||
	    !nft_lib.set_is_set(ns, NFTNL_SET_TABLE) ||
	    !nft_lib.set_is_set(ns, NFTNL_SET_NAME)) {
		*refused = true;
		rc = 0;
		goto out;
	}
	ec.s = find_or_add_set(rs,
			       nft_lib.set_get_u32(ns, NFTNL_SET_FAMILY) & 0xff,
			       nft_lib.set_get_str(ns, NFTNL_SET_TABLE),
			       nft_lib.set_get_str(ns, NFTNL_SET_NAME));
	if (!ec.s)
		goto out;
	nft_lib.set_elem_foreach(ns, elem_cb, &ec);
	if (!ec.oom)
		rc = 0;
out:
	nft_lib.set_free(ns);
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
	p = nft_attr_find(attrs, alen, NFTA_RULE_TABLE, &n);
	r->table = p ? strdup((const char *)p) : NULL;
	p = nft_attr_find(attrs, alen, NFTA_RULE_CHAIN, &n);
	r->chain = p ? strdup((const char *)p) : NULL;
	p = nft_attr_find(attrs, alen, NFTA_RULE_HANDLE, &n);
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
	char why[160] = "";
	const char *what;
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
	what = nft_valid_kind(msg);
	if (!what)
		return 0;
	off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));
	if (len < off) {
		snprintf(why, sizeof(why), "%s message of %zu bytes", what,
			 len);
		goto skip;
	}
	attrs = p + off;
	alen = len - off;
	if (nft_valid_check(msg, attrs, alen, why, sizeof(why)) < 0)
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
			    !nft_attr_find(attrs, alen, need[msg][k], &n)) {
				snprintf(why, sizeof(why),
					 "%s message without attribute %u",
					 what, need[msg][k]);
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
		return nft_oom(err, errsize);
	memcpy(copy, p, off);
	alen = nft_valid_filter(msg, attrs, alen, copy + off);
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
		return nft_oom(err, errsize);
	if (!refused)
		return 0;
	snprintf(why, sizeof(why), "libnftnl refused a %s message", what);
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

/* --- finishing: positions, rule counts, text ------------------------------ */

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
		return nft_oom(err, errsize);
	for (i = 0; i < rs->nrules; i++) {
		struct nft_rule *r = &rs->rules[i];
		const struct nft_rule *prev = i ? &rs->rules[i - 1] : NULL;

		if (!c || c->family != r->family ||
		    strcmp(c->table, r->table) != 0 ||
		    strcmp(c->name, r->chain) != 0)
			c = nft_chain_find(rs, 0, r->family, r->table,
					   r->chain);
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
		if (nft_rule_render(rs, r) < 0)
			return nft_oom(err, errsize);
		free(r->msg);
		r->msg = NULL;
		r->msglen = 0;
	}
	return 0;
}
