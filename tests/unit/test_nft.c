/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_nft.c: the nftables parsers.  nftables.conf text as Debian ships
 * it and as people write it (one line or many, comments, named and
 * computed priorities, add chain, flush ruleset), then netlink messages
 * built with libnftnl as the kernel sends them, rendered to text; and
 * hostile messages: every truncation, lengths past the end, strings
 * without their NUL, integers of the wrong size, expressions without a
 * name or of an unknown kind, too many concatenated fields, nests too
 * deep, unaligned buffers, and random damage.  libnftnl exits the
 * process on some of these, so a test that reaches its end proves the
 * validator stopped them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "tables/nft.h"

static char err[256];

/* --- nftables.conf -------------------------------------------------------- */

static struct nft_ruleset rs;

static void conf(const char *text)
{
	nft_ruleset_release(&rs);
	nft_ruleset_init(&rs);
	err[0] = '\0';
	assert_int_equal(nft_conf_parse(&rs, text, strlen(text), err,
					sizeof(err)),
			 0);
}

/* Checks chain i: "family table name type hook priority policy", with
 * "-" for NULL. */
static void chain_is(size_t i, const char *want)
{
	const struct nft_chain *c;
	char got[512], prio[16];

	assert_true(i < rs.nchains);
	c = &rs.chains[i];
	if (c->has_priority)
		snprintf(prio, sizeof(prio), "%d", c->priority);
	else
		snprintf(prio, sizeof(prio), "-");
	snprintf(got, sizeof(got), "%s %s %s %s %s %s %s",
		 nft_family_name(c->family), c->table, c->name,
		 c->type ? c->type : "-", c->hook ? c->hook : "-", prio,
		 c->policy ? c->policy : "-");
	assert_string_equal(got, want);
	assert_int_equal(c->rules, -1);
	assert_false(c->has_handle);
}

static void test_conf_debian(void **state)
{
	(void)state;
	/* Debian's /etc/nftables.conf. */
	conf("#!/usr/sbin/nft -f\n\nflush ruleset\n\n"
	     "table inet filter {\n"
	     "\tchain input {\n"
	     "\t\ttype filter hook input priority filter;\n"
	     "\t}\n"
	     "\tchain forward {\n"
	     "\t\ttype filter hook forward priority filter;\n"
	     "\t}\n"
	     "\tchain output {\n"
	     "\t\ttype filter hook output priority filter;\n"
	     "\t}\n"
	     "}\n");
	assert_int_equal(rs.nchains, 3);
	chain_is(0, "inet filter input filter input 0 accept");
	chain_is(1, "inet filter forward filter forward 0 accept");
	chain_is(2, "inet filter output filter output 0 accept");
}

static void test_conf_forms(void **state)
{
	(void)state;
	/* One line, policies, a regular chain, sets and rules skipped. */
	conf("table inet filter { chain input { type filter hook input "
	     "priority 0; policy drop; } chain web { tcp dport 80 accept } "
	     "set s { type ipv4_addr; elements = { 1.2.3.4 } } }\n"
	     "table ip nat {\n"
	     "  chain pre { type nat hook prerouting priority dstnat + 5; }\n"
	     "  chain post {\n"
	     "    type nat hook postrouting priority srcnat; # comment {\n"
	     "    policy accept\n"
	     "  }\n"
	     "}\n"
	     "table bridge b { chain f { type filter hook forward priority "
	     "filter-10; policy drop; } }\n"
	     "table netdev n { chain i { type filter hook ingress device "
	     "\"eth0\" priority -500; } }\n"
	     "table t6 { chain c { type route hook output priority "
	     "mangle; } }\n"
	     "add chain ip6 t6 extra\n"
	     "add chain inet filter input { policy accept; }\n"
	     "table arp a { chain \"in put\" { type filter hook input "
	     "priority bogus; policy drop; } }\n");
	assert_int_equal(rs.nchains, 9);
	chain_is(0, "inet filter input filter input 0 accept");
	chain_is(1, "inet filter web - - - -");
	chain_is(2, "ip nat pre nat prerouting -95 accept");
	chain_is(3, "ip nat post nat postrouting 100 accept");
	chain_is(4, "bridge b f filter forward -210 drop");
	chain_is(5, "netdev n i filter ingress -500 accept");
	chain_is(6, "ip t6 c route output -150 accept");
	chain_is(7, "ip6 t6 extra - - - -");
	chain_is(8, "arp a in put filter input - drop");
}

static void test_conf_flush(void **state)
{
	(void)state;
	conf("table ip a { chain x { type filter hook input priority 0; } }\n"
	     "flush ruleset\n"
	     "table ip b { chain y { type filter hook output priority 0; "
	     "policy drop; } }\n");
	assert_int_equal(rs.nchains, 1);
	chain_is(0, "ip b y filter output 0 drop");
	/* A type without a hook makes no base chain. */
	conf("table ip a { chain x { type filter; policy drop; } }");
	chain_is(0, "ip a x - - - -");
}

static void test_conf_hostile(void **state)
{
	char *big;
	size_t i, n = 1 << 20;

	(void)state;
	conf("");
	assert_int_equal(rs.nchains, 0);
	conf("}}}} table { chain { } } table ip { chain x {");
	assert_int_equal(rs.nchains, 0);
	conf("table ip t { chain \"unterminated { type filter hook input "
	     "priority 0; }");
	assert_int_equal(rs.nchains, 0);
	/* A priority out of range, a NUL byte (a blank) and what follows. */
	nft_ruleset_release(&rs);
	nft_ruleset_init(&rs);
	assert_int_equal(nft_conf_parse(&rs,
					"table ip t { chain c { type filter "
					"hook input priority 99999999999; } }"
					"\0table ip u { chain d\0{ } }",
					94, err, sizeof(err)),
			 0);
	assert_int_equal(rs.nchains, 2);
	assert_string_equal(rs.chains[0].name, "c");
	assert_false(rs.chains[0].has_priority);
	assert_string_equal(rs.chains[1].name, "d");
	/* Deep nesting, long words and long statements. */
	big = malloc(n + 1);
	assert_non_null(big);
	for (i = 0; i < n; i++)
		big[i] = "{a }"[i % 4];
	big[n] = '\0';
	conf(big);
	memset(big, 'x', n);
	conf(big);
	for (i = 0; i < n; i++)
		big[i] = i % 2 ? ' ' : 'w';
	memcpy(big, "table ip t { chain c {", 22);
	conf(big);
	free(big);
	conf("table ip t { chain c { type filter hook input priority 0; "
	     "policy drop; } }");
	chain_is(0, "ip t c filter input 0 drop");
	/* Statements cut short. */
	conf("table ip t { chain c { type; policy; type filter hook; } }");
	chain_is(0, "ip t c - - - -");
}

/* --- netlink messages ----------------------------------------------------- */

/* Messages as a dump answer holds them, one after the other. */
struct msgs {
	char b[1 << 16];
	size_t len;
};

static struct msgs m;

static struct nlmsghdr *hdr(uint16_t type, uint8_t family)
{
	assert_true(m.len + 4096 < sizeof(m.b));
	return nftnl_nlmsg_build_hdr(m.b + m.len, type, family, NLM_F_MULTI,
				     1);
}

static void done(struct nlmsghdr *nlh)
{
	m.len += NLMSG_ALIGN(nlh->nlmsg_len);
}

static void add_chain(uint8_t family, const char *table, const char *name,
		      int hook, int32_t prio, int policy, uint64_t handle)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	struct nlmsghdr *nlh;

	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, table);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	nftnl_chain_set_u64(c, NFTNL_CHAIN_HANDLE, handle);
	if (hook >= 0) {
		nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, (uint32_t)hook);
		nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, prio);
		nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
		if (policy >= 0)
			nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY,
					    (uint32_t)policy);
	}
	nlh = hdr(NFT_MSG_NEWCHAIN, family);
	nftnl_chain_nlmsg_build_payload(nlh, c);
	done(nlh);
	nftnl_chain_free(c);
}

static struct nftnl_rule *rule;

static void rule_new(uint64_t handle)
{
	rule = nftnl_rule_alloc();
	nftnl_rule_set_str(rule, NFTNL_RULE_TABLE, "filter");
	nftnl_rule_set_str(rule, NFTNL_RULE_CHAIN, "input");
	nftnl_rule_set_u64(rule, NFTNL_RULE_HANDLE, handle);
}

static void rule_end(uint8_t family)
{
	struct nlmsghdr *nlh = hdr(NFT_MSG_NEWRULE, family);

	nftnl_rule_nlmsg_build_payload(nlh, rule);
	done(nlh);
	nftnl_rule_free(rule);
	rule = NULL;
}

static struct nftnl_expr *ex(const char *name)
{
	struct nftnl_expr *e = nftnl_expr_alloc(name);

	assert_non_null(e);
	nftnl_rule_add_expr(rule, e);
	return e;
}

static void e_meta(uint32_t key, uint32_t dreg)
{
	struct nftnl_expr *e = ex("meta");

	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, dreg);
}

static void e_payload(uint32_t base, uint32_t off, uint32_t len,
		      uint32_t dreg)
{
	struct nftnl_expr *e = ex("payload");

	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, dreg);
}

static void e_cmp(uint32_t sreg, uint32_t op, const void *d, uint32_t len)
{
	struct nftnl_expr *e = ex("cmp");

	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, sreg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, d, len);
}

static void e_cmp8(uint32_t sreg, uint8_t v)
{
	e_cmp(sreg, NFT_CMP_EQ, &v, 1);
}

static void e_cmp16(uint32_t sreg, uint32_t op, uint16_t host)
{
	uint16_t be = htons(host);

	e_cmp(sreg, op, &be, 2);
}

static void e_verdict(int32_t code, const char *chain)
{
	struct nftnl_expr *e = ex("immediate");

	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, (uint32_t)code);
	if (chain)
		nftnl_expr_set_str(e, NFTNL_EXPR_IMM_CHAIN, chain);
}

static void e_counter(uint64_t packets, uint64_t bytes)
{
	struct nftnl_expr *e = ex("counter");

	nftnl_expr_set_u64(e, NFTNL_EXPR_CTR_PACKETS, packets);
	nftnl_expr_set_u64(e, NFTNL_EXPR_CTR_BYTES, bytes);
}

static void e_lookup(const char *set, uint32_t sreg, uint32_t flags)
{
	struct nftnl_expr *e = ex("lookup");

	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, sreg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_FLAGS, flags);
}

static void e_bitwise(uint32_t reg, const void *mask, const void *xr,
		      uint32_t len)
{
	struct nftnl_expr *e = ex("bitwise");

	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, xr, len);
}

static void e_imm(uint32_t dreg, const void *d, uint32_t len)
{
	struct nftnl_expr *e = ex("immediate");

	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, dreg);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, d, len);
}

static void comment(const char *text)
{
	struct nftnl_udata_buf *u = nftnl_udata_buf_alloc(256);

	assert_true(nftnl_udata_put_strz(u, NFTNL_UDATA_RULE_COMMENT, text));
	nftnl_rule_set_data(rule, NFTNL_RULE_USERDATA, nftnl_udata_buf_data(u),
			    nftnl_udata_buf_len(u));
	nftnl_udata_buf_free(u);
}

/* libnftnl numbers the elements of a request 1, 2, 3 ...; the kernel's
 * answers call each NFTA_LIST_ELEM, as libnftnl's parser wants. */
static void list_elems(struct nlmsghdr *nlh)
{
	struct nlattr *a, *el;

	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) != NFTA_SET_ELEM_LIST_ELEMENTS)
			continue;
		mnl_attr_for_each_nested(el, a)
			el->nla_type = NFTA_LIST_ELEM | NLA_F_NESTED;
	}
}

/* An anonymous set of 16-bit ports, with its elements. */
static void add_port_set(const char *name, const uint16_t *ports, size_t n)
{
	struct nftnl_set *s = nftnl_set_alloc();
	struct nlmsghdr *nlh;
	size_t i;

	nftnl_set_set_str(s, NFTNL_SET_TABLE, "filter");
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FLAGS,
			  NFT_SET_ANONYMOUS | NFT_SET_CONSTANT);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, 13);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, 2);
	nftnl_set_set_u32(s, NFTNL_SET_ID, 1);
	nlh = hdr(NFT_MSG_NEWSET, NFPROTO_INET);
	nftnl_set_nlmsg_build_payload(nlh, s);
	done(nlh);
	for (i = 0; i < n; i++) {
		struct nftnl_set_elem *e = nftnl_set_elem_alloc();
		uint16_t be = htons(ports[i]);

		nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, &be, 2);
		nftnl_set_elem_add(s, e);
	}
	nlh = hdr(NFT_MSG_NEWSETELEM, NFPROTO_INET);
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	list_elems(nlh);
	done(nlh);
	nftnl_set_free(s);
}

/* Parses m into a fresh rs and finishes it; no message is skipped. */
static void parse_all(void)
{
	nft_ruleset_release(&rs);
	nft_ruleset_init(&rs);
	err[0] = '\0';
	assert_int_equal(nft_ruleset_parse(&rs, m.b, m.len, err, sizeof(err)),
			 0);
	assert_string_equal(err, "");
	assert_int_equal(rs.skipped, 0);
	assert_int_equal(nft_ruleset_finish(&rs, err, sizeof(err)), 0);
}

static void expr_is(size_t i, const char *want, const char *verdict)
{
	assert_true(i < rs.nrules);
	assert_string_equal(rs.rules[i].expr, want);
	if (verdict)
		assert_string_equal(rs.rules[i].verdict, verdict);
	else
		assert_null(rs.rules[i].verdict);
}

/* The ruleset of the end-to-end test, as the kernel describes it. */
static void build_filter(void)
{
	static const uint16_t web[] = { 443, 80 };
	uint8_t mask[16] = { 0xff, 0xc0 }, zero[16] = { 0 };
	uint8_t fe80[16] = { 0xfe, 0x80 };
	uint32_t est = 6, none = 0;

	m.len = 0;
	add_chain(NFPROTO_INET, "filter", "input", NF_INET_LOCAL_IN, 0,
		  NF_DROP, 1);
	add_chain(NFPROTO_INET, "filter", "web", -1, 0, -1, 2);
	add_chain(NFPROTO_IPV6, "t6", "c", NF_INET_FORWARD, -10, NF_ACCEPT,
		  1);
	add_port_set("__set0", web, 2);

	rule_new(4); /* tcp dport 22 accept */
	e_meta(NFT_META_L4PROTO, NFT_REG_1);
	e_cmp8(NFT_REG_1, IPPROTO_TCP);
	e_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, NFT_REG_1);
	e_cmp16(NFT_REG_1, NFT_CMP_EQ, 22);
	e_verdict(NF_ACCEPT, NULL);
	rule_end(NFPROTO_INET);

	rule_new(5); /* counter */
	e_counter(12, 3456);
	rule_end(NFPROTO_INET);

	rule_new(6); /* ip saddr @blocked drop comment "blocklist" */
	e_meta(NFT_META_NFPROTO, NFT_REG_1);
	e_cmp8(NFT_REG_1, NFPROTO_IPV4);
	e_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4, NFT_REG_1);
	e_lookup("blocked", NFT_REG_1, 0);
	e_verdict(NF_DROP, NULL);
	comment("blocklist");
	rule_end(NFPROTO_INET);

	rule_new(8); /* tcp dport { 80, 443 } jump web */
	e_meta(NFT_META_L4PROTO, NFT_REG_1);
	e_cmp8(NFT_REG_1, IPPROTO_TCP);
	e_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, NFT_REG_1);
	e_lookup("__set0", NFT_REG_1, 0);
	e_verdict(NFT_JUMP, "web");
	rule_end(NFPROTO_INET);

	rule_new(9); /* ip6 saddr fe80::/10 udp sport != 547 log */
	e_meta(NFT_META_NFPROTO, NFT_REG_1);
	e_cmp8(NFT_REG_1, NFPROTO_IPV6);
	e_payload(NFT_PAYLOAD_NETWORK_HEADER, 8, 16, NFT_REG_1);
	e_bitwise(NFT_REG_1, mask, zero, 16);
	e_cmp(NFT_REG_1, NFT_CMP_EQ, fe80, 16);
	e_meta(NFT_META_L4PROTO, NFT_REG_1);
	e_cmp8(NFT_REG_1, IPPROTO_UDP);
	e_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 0, 2, NFT_REG_1);
	e_cmp16(NFT_REG_1, NFT_CMP_NEQ, 547);
	{
		struct nftnl_expr *e = ex("log");

		nftnl_expr_set_str(e, NFTNL_EXPR_LOG_PREFIX, "dhcp \"6\"");
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOG_LEVEL, 4);
	}
	rule_end(NFPROTO_INET);

	rule = nftnl_rule_alloc(); /* in web: ct state established accept */
	nftnl_rule_set_str(rule, NFTNL_RULE_TABLE, "filter");
	nftnl_rule_set_str(rule, NFTNL_RULE_CHAIN, "web");
	nftnl_rule_set_u64(rule, NFTNL_RULE_HANDLE, 12);
	{
		struct nftnl_expr *e = ex("ct");

		nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, NFT_CT_STATE);
		nftnl_expr_set_u32(e, NFTNL_EXPR_CT_DREG, NFT_REG_1);
	}
	e_bitwise(NFT_REG_1, &est, &none, 4);
	e_cmp(NFT_REG_1, NFT_CMP_NEQ, &none, 4);
	e_verdict(NF_ACCEPT, NULL);
	rule_end(NFPROTO_INET);

	rule_new(13); /* tcp dport 1000-2000 reject with tcp reset */
	nftnl_rule_set_str(rule, NFTNL_RULE_CHAIN, "input");
	e_meta(NFT_META_L4PROTO, NFT_REG_1);
	e_cmp8(NFT_REG_1, IPPROTO_TCP);
	e_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, NFT_REG_1);
	e_cmp16(NFT_REG_1, NFT_CMP_GTE, 1000);
	e_cmp16(NFT_REG_1, NFT_CMP_LTE, 2000);
	{
		struct nftnl_expr *e = ex("reject");

		nftnl_expr_set_u32(e, NFTNL_EXPR_REJECT_TYPE,
				   NFT_REJECT_TCP_RST);
		nftnl_expr_set_u8(e, NFTNL_EXPR_REJECT_CODE, 0);
	}
	rule_end(NFPROTO_INET);
}

static void test_rules(void **state)
{
	(void)state;
	build_filter();
	parse_all();

	assert_int_equal(rs.nchains, 3);
	assert_string_equal(nft_family_name(rs.chains[0].family), "inet");
	assert_string_equal(rs.chains[0].hook, "input");
	assert_string_equal(rs.chains[0].type, "filter");
	assert_string_equal(rs.chains[0].policy, "drop");
	assert_int_equal(rs.chains[0].priority, 0);
	assert_int_equal(rs.chains[0].rules, 6);
	assert_int_equal(rs.chains[0].handle, 1);
	assert_false(rs.chains[1].base);
	assert_null(rs.chains[1].hook);
	assert_null(rs.chains[1].policy);
	assert_int_equal(rs.chains[1].rules, 1);
	assert_string_equal(rs.chains[2].hook, "forward");
	assert_int_equal(rs.chains[2].priority, -10);
	assert_string_equal(rs.chains[2].policy, "accept");
	assert_int_equal(rs.chains[2].rules, 0);

	assert_int_equal(rs.nrules, 7);
	expr_is(0, "meta l4proto tcp tcp dport 22 accept", "accept");
	assert_int_equal(rs.rules[0].position, 1);
	assert_int_equal(rs.rules[0].handle, 4);
	assert_false(rs.rules[0].has_counter);
	assert_null(rs.rules[0].comment);
	expr_is(1, "counter packets 12 bytes 3456", NULL);
	assert_true(rs.rules[1].has_counter);
	assert_int_equal(rs.rules[1].packets, 12);
	assert_int_equal(rs.rules[1].bytes, 3456);
	expr_is(2, "meta nfproto ipv4 ip saddr @blocked drop", "drop");
	assert_string_equal(rs.rules[2].comment, "blocklist");
	expr_is(3, "meta l4proto tcp tcp dport { 80, 443 } jump web",
		"jump web");
	expr_is(4,
		"meta nfproto ipv6 ip6 saddr fe80::/10 meta l4proto udp udp "
		"sport != 547 log prefix \"dhcp \\\"6\\\"\" level warn",
		NULL);
	expr_is(5, "ct state established,related accept", "accept");
	assert_string_equal(rs.rules[5].chain, "web");
	assert_int_equal(rs.rules[5].position, 1);
	expr_is(6, "meta l4proto tcp tcp dport 1000-2000 reject with tcp reset",
		"reject");
	assert_int_equal(rs.rules[6].position, 6);
}

/* Rules only counted: no text, but positions and counts. */
static void test_no_render(void **state)
{
	(void)state;
	build_filter();
	nft_ruleset_release(&rs);
	nft_ruleset_init(&rs);
	rs.no_render = true;
	assert_int_equal(nft_ruleset_parse(&rs, m.b, m.len, err, sizeof(err)),
			 0);
	assert_int_equal(nft_ruleset_finish(&rs, err, sizeof(err)), 0);
	assert_int_equal(rs.chains[0].rules, 6);
	assert_string_equal(rs.rules[3].expr, "");
	assert_null(rs.rules[3].verdict);
	assert_int_equal(rs.rules[3].position, 4);
	rs.no_render = false;
}

/* Messages in pieces, as recv() returns them, and in any order. */
static void test_pieces(void **state)
{
	size_t cut[8], n = 0, off = 0, i;
	struct nlmsghdr h;

	(void)state;
	build_filter();
	while (off < m.len) {
		memcpy(&h, m.b + off, sizeof(h));
		off += NLMSG_ALIGN(h.nlmsg_len);
		if (n < 8)
			cut[n++] = off;
	}
	nft_ruleset_release(&rs);
	nft_ruleset_init(&rs);
	/* The rules first, then the chains and sets they need. */
	assert_int_equal(nft_ruleset_parse(&rs, m.b + cut[4], m.len - cut[4],
					   err, sizeof(err)),
			 0);
	for (i = 0; i < 5; i++) {
		size_t from = i ? cut[i - 1] : 0;

		assert_int_equal(nft_ruleset_parse(&rs, m.b + from,
						   cut[i] - from, err,
						   sizeof(err)),
				 0);
	}
	assert_int_equal(nft_ruleset_finish(&rs, err, sizeof(err)), 0);
	assert_int_equal(rs.skipped, 0);
	assert_int_equal(rs.nrules, 7);
	expr_is(3, "meta l4proto tcp tcp dport { 80, 443 } jump web",
		"jump web");
}

/* Expressions and values of many kinds. */
static void test_render_kinds(void **state)
{
	uint8_t addr[4] = { 10, 0, 0, 1 }, pfx[2] = { 192, 168 };
	uint32_t mark = 0x10, markmask = 0xff;
	uint16_t port = htons(8080);
	char ifname[16] = "eth", *info;
	struct nftnl_expr *e;

	(void)state;
	m.len = 0;
	add_chain(NFPROTO_IPV4, "filter", "input", NF_INET_LOCAL_IN, 0,
		  NF_ACCEPT, 1);

	rule_new(1); /* iifname "eth*" ip saddr 192.168.0.0/16 */
	e_meta(NFT_META_IIFNAME, NFT_REG_1);
	e_cmp(NFT_REG_1, NFT_CMP_EQ, ifname, 3);
	e_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 2, NFT_REG_1);
	e_cmp(NFT_REG_1, NFT_CMP_EQ, pfx, 2);
	e_verdict(NFT_GOTO, "other");
	rule_end(NFPROTO_IPV4);

	rule_new(2); /* meta mark & 0xff == 0x10 meta mark set 0x10 */
	e_meta(NFT_META_MARK, NFT_REG_1);
	e_bitwise(NFT_REG_1, &markmask, &mark, 4);
	e_cmp(NFT_REG_1, NFT_CMP_EQ, &mark, 4);
	e_imm(NFT_REG_1, &mark, 4);
	e = ex("meta");
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_MARK);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_SREG, NFT_REG_1);
	rule_end(NFPROTO_IPV4);

	rule_new(3); /* dnat to 10.0.0.1:8080 */
	e_imm(NFT_REG_1, addr, 4);
	e_imm(NFT_REG_2, &port, 2);
	e = ex("nat");
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE, NFT_NAT_DNAT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, NFPROTO_IPV4);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MIN, NFT_REG_2);
	rule_end(NFPROTO_IPV4);

	rule_new(4); /* limit, quota, a load nobody reads, a reg never set */
	e = ex("limit");
	nftnl_expr_set_u64(e, NFTNL_EXPR_LIMIT_RATE, 10);
	nftnl_expr_set_u64(e, NFTNL_EXPR_LIMIT_UNIT, 60);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LIMIT_BURST, 5);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LIMIT_TYPE, NFT_LIMIT_PKTS);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LIMIT_FLAGS, NFT_LIMIT_F_INV);
	e_payload(NFT_PAYLOAD_NETWORK_HEADER, 8, 1, NFT_REG32_05);
	e_cmp8(NFT_REG32_09, 7);
	e_meta(NFT_META_CPU, 99);
	rule_end(NFPROTO_IPV4);

	rule_new(5); /* an exact tcp flags match, xt compat, masquerade */
	e_meta(NFT_META_L4PROTO, NFT_REG_1);
	e_cmp8(NFT_REG_1, IPPROTO_TCP);
	e_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 13, 1, NFT_REG_1);
	e_cmp8(NFT_REG_1, 0x12);
	e = ex("match");
	nftnl_expr_set_str(e, NFTNL_EXPR_MT_NAME, "conntrack");
	nftnl_expr_set_u32(e, NFTNL_EXPR_MT_REV, 3);
	/* libnftnl keeps (and later frees) the info it is given. */
	info = malloc(2);
	assert_non_null(info);
	memcpy(info, "\x01\x02", 2);
	nftnl_expr_set(e, NFTNL_EXPR_MT_INFO, info, 2);
	e = ex("masq");
	nftnl_expr_set_u32(e, NFTNL_EXPR_MASQ_FLAGS, 0x10);
	rule_end(NFPROTO_IPV4);

	rule_new(6); /* iptables-nft's -m comment --comment "hello" */
	e = ex("match");
	nftnl_expr_set_str(e, NFTNL_EXPR_MT_NAME, "comment");
	nftnl_expr_set_u32(e, NFTNL_EXPR_MT_REV, 0);
	info = calloc(1, 256);
	assert_non_null(info);
	memcpy(info, "hello", 5);
	nftnl_expr_set(e, NFTNL_EXPR_MT_INFO, info, 256);
	e_verdict(NF_DROP, NULL);
	rule_end(NFPROTO_IPV4);

	parse_all();
	expr_is(0, "iifname \"eth*\" ip saddr 192.168.0.0/16 goto other",
		"goto other");
	expr_is(1, "meta mark & 0x000000ff ^ 0x00000010 == 0x00000010 meta "
		   "mark set 0x00000010",
		NULL);
	expr_is(2, "dnat to 10.0.0.1:8080", NULL);
	expr_is(3, "limit rate over 10/minute burst 5 packets reg 17 0x07 "
		   "meta cpu => reg 99 ip ttl => reg 13",
		NULL);
	expr_is(4, "meta l4proto tcp tcp flags == syn,ack xt match "
		   "\"conntrack\" rev 3 info 0x0102 masquerade fully-random",
		NULL);
	assert_null(rs.rules[4].comment);
	expr_is(5, "xt match \"comment\" rev 0 \"hello\" drop", "drop");
	assert_string_equal(rs.rules[5].comment, "hello");
}

/* --- hostile messages ----------------------------------------------------- */

/* Parses len bytes at p; returns how many messages were skipped. */
static size_t skipped(const void *p, size_t len)
{
	nft_ruleset_release(&rs);
	nft_ruleset_init(&rs);
	err[0] = '\0';
	assert_int_equal(nft_ruleset_parse(&rs, p, len, err, sizeof(err)), 0);
	assert_int_equal(nft_ruleset_finish(&rs, err, sizeof(err)), 0);
	return rs.skipped;
}

/* A message by hand: header, nfgenmsg, attributes from the caller. */
static struct nlmsghdr *raw_msg(char *buf, uint16_t msg)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g;

	nlh->nlmsg_type = NFNL_SUBSYS_NFTABLES << 8 | msg;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = NFPROTO_INET;
	return nlh;
}

static void test_truncated(void **state)
{
	struct nlmsghdr h;
	size_t len, off;
	char *copy;

	(void)state;
	build_filter();
	/* Every prefix of the dump: what is whole parses, the rest is
	 * counted and refused. */
	for (len = 0; len <= m.len; len++) {
		copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, m.b, len);
		skipped(copy, len);
		free(copy);
	}
	assert_int_equal(skipped(m.b, m.len), 0);
	/* Each message cut short in its own header's length: attributes
	 * then run past the message. */
	for (off = 0; off < m.len; off += NLMSG_ALIGN(h.nlmsg_len)) {
		uint32_t orig;
		char *p = m.b + off;

		memcpy(&h, p, sizeof(h));
		orig = h.nlmsg_len;
		for (len = sizeof(h); len < orig; len += 3) {
			h.nlmsg_len = (uint32_t)len;
			memcpy(p, &h, sizeof(h));
			skipped(m.b, m.len);
		}
		h.nlmsg_len = orig;
		memcpy(p, &h, sizeof(h));
	}
	/* A length past the end of the buffer. */
	memcpy(&h, m.b, sizeof(h));
	h.nlmsg_len = (uint32_t)m.len + 8;
	memcpy(m.b, &h, sizeof(h));
	assert_int_equal(skipped(m.b, m.len), 1);
	assert_true(strncmp(err, "message of length ", 18) == 0);
}

static void test_bad_attributes(void **state)
{
	char buf[4096];
	struct nlmsghdr *nlh;
	struct nlattr *nest, *el, *data;
	uint32_t v = htonl(1);
	size_t i;

	(void)state;
	/* A chain name without its NUL. */
	nlh = raw_msg(buf, NFT_MSG_NEWCHAIN);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "t");
	mnl_attr_put(nlh, NFTA_CHAIN_NAME, 4, "abcd");
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "chain attribute 3: string without its NUL");

	/* A NUL inside, but not at the end (libnftnl would exit). */
	nlh = raw_msg(buf, NFT_MSG_NEWCHAIN);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "t");
	mnl_attr_put(nlh, NFTA_CHAIN_NAME, 4, "ab\0d");
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "chain attribute 3: string without its NUL");

	/* Twins: libnftnl would take the last, vigil the first. */
	nlh = raw_msg(buf, NFT_MSG_NEWCHAIN);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "a");
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "b");
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "chain attribute 3 twice");
	nlh = raw_msg(buf, NFT_MSG_NEWRULE);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
	nest = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	el = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "frob");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	mnl_attr_put(nlh, 1, 3, "abc");
	mnl_attr_nest_end(nlh, data);
	mnl_attr_put(nlh, NFTA_EXPR_DATA, 2, "zz");
	mnl_attr_nest_end(nlh, el);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "expression attribute 2 twice");

	/* A handle of 4 bytes (libnftnl would exit). */
	nlh = raw_msg(buf, NFT_MSG_NEWCHAIN);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "c");
	mnl_attr_put_u32(nlh, NFTA_CHAIN_HANDLE, 1);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "chain attribute 2: 4 bytes, want 8");

	/* A chain without its name. */
	nlh = raw_msg(buf, NFT_MSG_NEWCHAIN);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "t");
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "chain message without attribute 3");

	/* An attribute longer than what holds it. */
	nlh = raw_msg(buf, NFT_MSG_NEWCHAIN);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "c");
	((struct nlattr *)((char *)nlh + NLMSG_HDRLEN + 4))->nla_len = 200;
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "chain: attribute of length 200 in 16 bytes");

	/* Bytes after the last attribute. */
	nlh = raw_msg(buf, NFT_MSG_NEWCHAIN);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "c");
	nlh->nlmsg_len += 2;
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "chain: 2 bytes after the last attribute");

	/* Attribute type 0 is no attribute; one past the schema is
	 * passed over (a newer kernel). */
	nlh = raw_msg(buf, NFT_MSG_NEWCHAIN);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "c");
	mnl_attr_put_u32(nlh, NFTA_CHAIN_MAX + 5, 1);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 0);
	assert_int_equal(rs.nchains, 1);
	mnl_attr_put_u32(nlh, 0, 1);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "chain attribute 0: unknown");

	/* A hook nest holding a short attribute. */
	nlh = raw_msg(buf, NFT_MSG_NEWCHAIN);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "c");
	nest = mnl_attr_nest_start(nlh, NFTA_CHAIN_HOOK);
	mnl_attr_put_u16(nlh, NFTA_HOOK_HOOKNUM, 1);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "hook attribute 1: 2 bytes, want 4");

	/* An expression without a name (libnftnl would crash). */
	nlh = raw_msg(buf, NFT_MSG_NEWRULE);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
	nest = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	el = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, el);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "expression without a name");

	/* A cmp whose register is a byte (libnftnl would exit). */
	nlh = raw_msg(buf, NFT_MSG_NEWRULE);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
	nest = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	el = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "cmp");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	mnl_attr_put_u8(nlh, NFTA_CMP_SREG, 1);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, el);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "cmp attribute 1: 1 bytes, want 4");

	/* A data value of 65 bytes, and a list holding something else. */
	nlh = raw_msg(buf, NFT_MSG_NEWRULE);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
	nest = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	el = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "immediate");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	mnl_attr_put_u32(nlh, NFTA_IMMEDIATE_DREG, htonl(1));
	{
		struct nlattr *d = mnl_attr_nest_start(nlh,
						       NFTA_IMMEDIATE_DATA);
		char big[65] = { 0 };

		mnl_attr_put(nlh, NFTA_DATA_VALUE, sizeof(big), big);
		mnl_attr_nest_end(nlh, d);
	}
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, el);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "data attribute 1: a value of 65 bytes");
	nlh = raw_msg(buf, NFT_MSG_NEWRULE);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
	nest = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	mnl_attr_put_u32(nlh, 7, 1);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "expressions: attribute 7 in a list of 1");

	/* Verdicts libnftnl misreads: no code (it reads an array it never
	 * cleared), a jump without its chain, a code it fails on. */
	{
		static const struct {
			int code;
			bool chain;
			const char *why;
		} bad[] = {
			{ -100, false, "verdict without a code" },
			{ NFT_JUMP, false, "jump or goto without a chain" },
			{ NFT_GOTO, false, "jump or goto without a chain" },
			{ NF_STOLEN, false, "verdict code 2" },
			{ NFT_JUMP, true, NULL },
		};

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			struct nlattr *d, *vd;

			nlh = raw_msg(buf, NFT_MSG_NEWRULE);
			mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
			mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
			nest = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
			el = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
			mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "immediate");
			data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
			mnl_attr_put_u32(nlh, NFTA_IMMEDIATE_DREG, 0);
			d = mnl_attr_nest_start(nlh, NFTA_IMMEDIATE_DATA);
			vd = mnl_attr_nest_start(nlh, NFTA_DATA_VERDICT);
			if (bad[i].code != -100)
				mnl_attr_put_u32(nlh, NFTA_VERDICT_CODE,
						 htonl((uint32_t)bad[i].code));
			if (bad[i].chain)
				mnl_attr_put_strz(nlh, NFTA_VERDICT_CHAIN, "x");
			mnl_attr_nest_end(nlh, vd);
			mnl_attr_nest_end(nlh, d);
			mnl_attr_nest_end(nlh, data);
			mnl_attr_nest_end(nlh, el);
			mnl_attr_nest_end(nlh, nest);
			if (!bad[i].why) {
				assert_int_equal(skipped(buf, nlh->nlmsg_len),
						 0);
				assert_string_equal(rs.rules[0].expr, "jump x");
				continue;
			}
			assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
			assert_string_equal(err, bad[i].why);
		}
	}

	/* An unknown expression inside a dynset: libnftnl would fail
	 * halfway through the dynset, leaking. */
	nlh = raw_msg(buf, NFT_MSG_NEWRULE);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
	nest = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	el = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "dynset");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	mnl_attr_put_strz(nlh, NFTA_DYNSET_SET_NAME, "s");
	{
		struct nlattr *x = mnl_attr_nest_start(nlh, NFTA_DYNSET_EXPR);

		mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "frob");
		mnl_attr_nest_end(nlh, x);
	}
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, el);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "unknown expression \"frob\" inside another");

	/* An element attribute numbered past the element attributes (a
	 * newer kernel): accepted, and kept from libnftnl, which checks it
	 * against the set attributes' maximum and would write it past its
	 * array. */
	nlh = raw_msg(buf, NFT_MSG_NEWSETELEM);
	mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_SET, "s");
	nest = mnl_attr_nest_start(nlh, NFTA_SET_ELEM_LIST_ELEMENTS);
	el = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	data = mnl_attr_nest_start(nlh, NFTA_SET_ELEM_KEY);
	mnl_attr_put_u32(nlh, NFTA_DATA_VALUE, htonl(7));
	mnl_attr_nest_end(nlh, data);
	mnl_attr_put_u32(nlh, NFTA_SET_ELEM_MAX + 3, 0x41414141);
	mnl_attr_put_u32(nlh, NFTA_SET_MAX, 0x41414141);
	mnl_attr_nest_end(nlh, el);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 0);
	assert_int_equal(rs.nsets, 1);
	assert_int_equal(rs.sets[0].nelems, 1);
	assert_int_equal(rs.sets[0].elems[0].klen, 4);

	/* A set with 17 concatenated fields (libnftnl has room for 16). */
	nlh = raw_msg(buf, NFT_MSG_NEWSET);
	mnl_attr_put_strz(nlh, NFTA_SET_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_SET_NAME, "s");
	nest = mnl_attr_nest_start(nlh, NFTA_SET_DESC);
	data = mnl_attr_nest_start(nlh, NFTA_SET_DESC_CONCAT);
	for (i = 0; i < 17; i++) {
		el = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
		mnl_attr_put_u32(nlh, NFTA_SET_FIELD_LEN, v);
		mnl_attr_nest_end(nlh, el);
	}
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "more than 16 concatenated fields");

	/* Expressions nested in expressions, deeper than the kernel goes. */
	nlh = raw_msg(buf, NFT_MSG_NEWRULE);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
	{
		struct nlattr *st[40];
		int k = 0, d;

		st[k++] = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
		for (d = 0; d < 8; d++) {
			st[k++] = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
			mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "dynset");
			st[k++] = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
			st[k++] = mnl_attr_nest_start(nlh,
						      NFTA_DYNSET_EXPRESSIONS);
		}
		while (k > 0)
			mnl_attr_nest_end(nlh, st[--k]);
	}
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "expressions: nested deeper than 12");

	/* Other subsystems, control messages and tables pass unseen. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 0);
	nlh = raw_msg(buf, NFT_MSG_NEWCHAIN);
	nlh->nlmsg_type = NFNL_SUBSYS_CTNETLINK << 8 | 0;
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 0);
	nlh = raw_msg(buf, NFT_MSG_NEWTABLE);
	mnl_attr_put_strz(nlh, NFTA_TABLE_NAME, "t");
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 0);
	/* A message too short for its nfgenmsg. */
	nlh = raw_msg(buf, NFT_MSG_NEWRULE);
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 1);
	assert_string_equal(err, "rule message of 18 bytes");
	assert_int_equal(skipped(NULL, 0), 0);
	assert_int_equal(skipped(buf, 7), 1);
	assert_string_equal(err, "7 bytes after the last message");
}

/* An expression libnftnl does not know: the rest renders through it. */
static void test_unknown_expression(void **state)
{
	char buf[4096];
	struct nlmsghdr *nlh;
	struct nlattr *nest, *el, *data;

	(void)state;
	nlh = raw_msg(buf, NFT_MSG_NEWRULE);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
	nest = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	el = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "counter");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	mnl_attr_put_u64(nlh, NFTA_COUNTER_PACKETS, htobe64(3));
	mnl_attr_put_u64(nlh, NFTA_COUNTER_BYTES, htobe64(9));
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, el);
	el = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "frobnicate");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	mnl_attr_put_u32(nlh, 1, htonl(0xabcd));
	mnl_attr_put_strz(nlh, 2, "x");
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, el);
	el = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "immediate");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	mnl_attr_put_u32(nlh, NFTA_IMMEDIATE_DREG, htonl(0));
	{
		struct nlattr *d = mnl_attr_nest_start(nlh,
						       NFTA_IMMEDIATE_DATA);
		struct nlattr *vd = mnl_attr_nest_start(nlh,
							NFTA_DATA_VERDICT);

		mnl_attr_put_u32(nlh, NFTA_VERDICT_CODE, htonl(NF_DROP));
		mnl_attr_nest_end(nlh, vd);
		mnl_attr_nest_end(nlh, d);
	}
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, el);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(skipped(buf, nlh->nlmsg_len), 0);
	assert_int_equal(rs.nrules, 1);
	assert_string_equal(rs.rules[0].expr,
			    "counter packets 3 bytes 9 [frobnicate "
			    "1=0x0000abcd 2=0x7800] drop");
	assert_string_equal(rs.rules[0].verdict, "drop");
	assert_true(rs.rules[0].has_counter);
}

/* Unaligned input, and random damage: parsed or refused, never a crash
 * or an exit. */
static void test_fuzz(void **state)
{
	static char copy[sizeof(m.b) + 8];
	uint32_t seed = 4242;
	size_t i, k;

	(void)state;
	build_filter();
	memcpy(copy + 1, m.b, m.len);
	assert_int_equal(skipped(copy + 1, m.len), 0);
	assert_int_equal(rs.nrules, 7);
	for (i = 0; i < 3000; i++) {
		memcpy(copy + 1, m.b, m.len);
		for (k = 0; k < 1 + i % 8; k++) {
			seed = seed * 1103515245u + 12345u;
			copy[1 + (seed >> 8) % m.len] = (char)(seed >> 24);
		}
		skipped(copy + 1, m.len);
	}
}

static int teardown(void **state)
{
	(void)state;
	nft_ruleset_release(&rs);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf_debian),
		cmocka_unit_test(test_conf_forms),
		cmocka_unit_test(test_conf_flush),
		cmocka_unit_test(test_conf_hostile),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_no_render),
		cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_render_kinds),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_attributes),
		cmocka_unit_test(test_unknown_expression),
		cmocka_unit_test(test_fuzz),
	};

	nft_ruleset_init(&rs);
	return cmocka_run_group_tests(tests, NULL, teardown);
}
