/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nft_expr.c: the renderer of each kind of rule expression, by its
 * libnftnl name (renderers[] at the end; nft.h lists what each writes).
 * Loads (payload, meta, ct, exthdr ...) describe what they put in a
 * register; comparisons, lookups, bitwise and byteorder read a
 * register's description and write it with the value, as the model in
 * nft_render.c formats it; statements (counter, log, nat, reject ...)
 * write themselves with all their attributes, and verdicts set the
 * rule's.  An expression with no renderer here is written as libnftnl's
 * own text of it, in brackets.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libnftnl/expr.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_log.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_synproxy.h>
#include <linux/netfilter/nf_tables.h>

#include "tables/nft.h"
#include "tables/nft_int.h"

/* --- loads ---------------------------------------------------------------- */

#define U32(e, a) nft_lib.expr_get_u32((e), (a))
#define IS(e, a) nft_lib.expr_is_set((e), (a))

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

/* The name of key k into buf, or "what N" for a key vigil has no name
 * for. */
static void key_name(char *buf, size_t size, const struct keyinfo *k,
		     const char *what, uint32_t key)
{
	if (k)
		snprintf(buf, size, "%s", k->name);
	else
		snprintf(buf, size, "%s %" PRIu32, what, key);
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
	struct reg *g = nft_load(r, U32(e, dreg_attr), len, desc,
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

	f = nft_payload_desc(r, base, off, len, desc, sizeof(desc), &prefix);
	if (IS(e, NFTNL_EXPR_PAYLOAD_SREG)) {
		struct buf b = BUF_INIT(DESC_MAX * 4);
		uint32_t ct = U32(e, NFTNL_EXPR_PAYLOAD_CSUM_TYPE);

		buf_printf(&b, "%s set ", desc);
		nft_add_source(r, &b, U32(e, NFTNL_EXPR_PAYLOAD_SREG), len,
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
		nft_emit_buf(r, &b);
		buf_release(&b);
		return;
	}
	g = nft_load(r, U32(e, NFTNL_EXPR_PAYLOAD_DREG), len, desc,
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

	key_name(desc, sizeof(desc), k, "meta key", key);
	if (IS(e, NFTNL_EXPR_META_SREG)) {
		struct buf b = BUF_INIT(DESC_MAX * 4);

		buf_printf(&b, "%s%s set ",
			   k && strncmp(desc, "meta ", 5) != 0 ? "meta " : "",
			   desc);
		nft_add_source(r, &b, U32(e, NFTNL_EXPR_META_SREG),
			       k ? k->len : 0, k ? (enum fmt)k->fmt : F_HEX);
		nft_emit_buf(r, &b);
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

	key_name(kname, sizeof(kname), k, "key", key);
	snprintf(desc, sizeof(desc), "ct%s %s",
		 !IS(e, NFTNL_EXPR_CT_DIR)			? "" :
		 nft_lib.expr_get_u8(e, NFTNL_EXPR_CT_DIR) == 0 ? " original" :
								  " reply",
		 kname);
	len = k ? k->len : 4;
	if ((key == NFT_CT_SRC || key == NFT_CT_DST) &&
	    r->rule->family == NFPROTO_IPV4)
		len = 4;
	if (IS(e, NFTNL_EXPR_CT_SREG)) {
		struct buf b = BUF_INIT(DESC_MAX * 4);

		buf_printf(&b, "%s set ", desc);
		nft_add_source(r, &b, U32(e, NFTNL_EXPR_CT_SREG), len,
			       k ? (enum fmt)k->fmt : F_HEX);
		nft_emit_buf(r, &b);
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

	key_name(desc, sizeof(desc), k, "rt key", key);
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
	nft_load(r, U32(e, NFTNL_EXPR_FIB_DREG), len, b.data ? b.data : "fib",
		 f);
	buf_release(&b);
}

static void x_osf(struct render *r, struct nftnl_expr *e)
{
	char desc[64];
	uint8_t ttl = IS(e, NFTNL_EXPR_OSF_TTL) ?
			      nft_lib.expr_get_u8(e, NFTNL_EXPR_OSF_TTL) :
			      0;

	snprintf(desc, sizeof(desc), "osf%s %s",
		 ttl == 1 ? " ttl loose" :
		 ttl == 2 ? " ttl skip" :
			    "",
		 U32(e, NFTNL_EXPR_OSF_FLAGS) & NFT_OSF_F_VERSION ? "version" :
								     "name");
	nft_load(r, U32(e, NFTNL_EXPR_OSF_DREG), 16, desc, F_STRING);
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

	key_name(kname, sizeof(kname), k, "key", key);
	if (U32(e, NFTNL_EXPR_XFRM_SPNUM))
		snprintf(spnum, sizeof(spnum), " spnum %" PRIu32,
			 U32(e, NFTNL_EXPR_XFRM_SPNUM));
	snprintf(desc, sizeof(desc), "ipsec %s%s %s",
		 nft_lib.expr_get_u8(e, NFTNL_EXPR_XFRM_DIR) ? "out" : "in",
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
	nft_load(r, U32(e, NFTNL_EXPR_NG_DREG), 4, desc, F_HOST);
}

static void x_hash(struct render *r, struct nftnl_expr *e)
{
	struct buf b = BUF_INIT(DESC_MAX);
	uint32_t type = U32(e, NFTNL_EXPR_HASH_TYPE);
	struct opnd o;

	if (type == NFT_HASH_SYM) {
		buf_adds(&b, "symhash");
	} else {
		nft_operand(r, U32(e, NFTNL_EXPR_HASH_SREG),
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
	nft_load(r, U32(e, NFTNL_EXPR_HASH_DREG), 4, b.data ? b.data : "hash",
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
	nft_load(r, U32(e, NFTNL_EXPR_TUNNEL_DREG),
		 key == NFT_TUNNEL_PATH ? 1 : 4, desc, F_HOST);
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
	uint8_t type = nft_lib.expr_get_u8(e, NFTNL_EXPR_EXTHDR_TYPE);
	uint32_t off = U32(e, NFTNL_EXPR_EXTHDR_OFFSET);
	uint32_t len = U32(e, NFTNL_EXPR_EXTHDR_LEN);
	uint32_t flags = U32(e, NFTNL_EXPR_EXTHDR_FLAGS);
	const char *what, *tname = NULL;
	char desc[128], tnum[8];

	switch (op) {
	case NFT_EXTHDR_OP_IPV6:
		what = "exthdr";
		tname = nft_name_of(NAMES(ip6), type);
		break;
	case NFT_EXTHDR_OP_TCPOPT:
		what = "tcp option";
		tname = nft_name_of(NAMES(tcp), type);
		break;
	case NFT_EXTHDR_OP_IPV4:
		what = "ip option";
		tname = nft_name_of(NAMES(ip4), type);
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
		nft_add_source(r, &b, U32(e, NFTNL_EXPR_EXTHDR_SREG), len,
			       F_BE);
		nft_emit_buf(r, &b);
		buf_release(&b);
		return;
	}
	nft_load(r, U32(e, NFTNL_EXPR_EXTHDR_DREG),
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
		const char *v = nft_verdict_text(
			(int32_t)U32(e, NFTNL_EXPR_IMM_VERDICT),
			IS(e, NFTNL_EXPR_IMM_CHAIN) ?
				nft_lib.expr_get_str(e, NFTNL_EXPR_IMM_CHAIN) :
				NULL,
			buf, sizeof(buf));

		nft_emit(r, v);
		set_verdict(r, v);
		return;
	}
	d = nft_lib.expr_get(e, NFTNL_EXPR_IMM_DATA, &len);
	if (!d || len > NFT_DATA_MAX)
		len = 0;
	p += snprintf(p, sizeof(buf), "0x");
	for (i = 0; i < len; i++)
		p += snprintf(p, sizeof(buf) - (size_t)(p - buf), "%02x", d[i]);
	g = nft_load(r, dreg, len, buf, F_HEX);
	if (g) {
		g->value = true;
		if (len)
			memcpy(g->val, d, len);
	}
}

/* --- comparisons, bitwise, byteorder -------------------------------------- */

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
		if (len == 2 && nft_get_uint(d, 2, true, &v))
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

	nft_operand(r, sreg, len, &o);
	g = o.nparts == 1 ? o.part[0] : NULL;
	for (i = 0; i < len; i++)
		zero = zero && d[i] == 0;
	buf_printf(&b, "%s ", o.desc);
	if (g && g->flagtest && op == NFT_CMP_NEQ && zero) {
		/* Any of the flags: "ct state established,related". */
		nft_add_value(r, &b, g->fmt, g->mask, len);
	} else if (g && g->flagtest &&
		   (op == NFT_CMP_EQ || op == NFT_CMP_NEQ)) {
		/* nft's "tcp flags syn / syn,ack": value, then mask. */
		buf_adds(&b, cmp_op(op, false));
		nft_add_value(r, &b, g->fmt, d, len);
		buf_adds(&b, " / ");
		nft_add_value(r, &b, g->fmt, g->mask, len);
	} else if (g && g->flagtest) {
		buf_adds(&b, "& ");
		nft_add_value(r, &b, g->fmt, g->mask, len);
		buf_printf(&b, " %s", cmp_op(op, true));
		nft_add_value(r, &b, g->fmt, d, len);
	} else {
		/* An exact flag set is no flag test: say "==". */
		buf_adds(&b, cmp_op(op, g && (g->ops || g->fmt == F_CTSTATE ||
					      g->fmt == F_CTSTATUS ||
					      g->fmt == F_TCPFLAGS)));
		nft_add_opnd_value(r, &b, &o, d, len);
	}
	if (op == NFT_CMP_EQ)
		learn(r, &o, d, len);
	nft_emit_buf(r, &b);
	buf_release(&b);
}

/* Writes a waiting ">=" as it is. */
void nft_flush_pending(struct render *r)
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

	nft_operand(r, sreg, len, &o);
	buf_printf(&b, "%s %s", o.desc, neq ? "!= " : "");
	nft_add_opnd_value(r, &b, &o, lo, len);
	buf_addc(&b, '-');
	nft_add_opnd_value(r, &b, &o, hi, len);
	nft_emit_buf(r, &b);
	buf_release(&b);
}

static void x_cmp(struct render *r, struct nftnl_expr *e)
{
	uint32_t sreg = U32(e, NFTNL_EXPR_CMP_SREG);
	uint32_t op = U32(e, NFTNL_EXPR_CMP_OP), len = 0;
	const uint8_t *d = nft_lib.expr_get(e, NFTNL_EXPR_CMP_DATA, &len);

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
	nft_flush_pending(r);
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
	const uint8_t *lo =
		nft_lib.expr_get(e, NFTNL_EXPR_RANGE_FROM_DATA, &lolen);
	const uint8_t *hi =
		nft_lib.expr_get(e, NFTNL_EXPR_RANGE_TO_DATA, &hilen);

	if (!lo || !hi || lolen != hilen || lolen > NFT_DATA_MAX) {
		nft_emit(r, "range ?");
		return;
	}
	range_text(r, U32(e, NFTNL_EXPR_RANGE_SREG),
		   U32(e, NFTNL_EXPR_RANGE_OP) == NFT_RANGE_NEQ, lo, hi, lolen);
}

/* Copies register sreg's load to dreg for bitwise and byteorder. */
static struct reg *derive(struct render *r, uint32_t sreg, uint32_t dreg,
			  uint32_t len)
{
	int si = nft_reg_index(sreg);
	struct reg src, *g;
	char desc[32];

	if (si >= 0 && r->regs[si].head) {
		src = r->regs[si];
		r->regs[si].read = true;
		g = nft_load(r, dreg, src.len, src.desc, src.fmt);
		if (g) {
			*g = src;
			g->read = false;
			g->head = true;
			g->regno = dreg;
		}
		return g;
	}
	snprintf(desc, sizeof(desc), "reg %" PRIu32, sreg);
	return nft_load(r, dreg, len, desc, F_HEX);
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
	const uint8_t *mask =
		nft_lib.expr_get(e, NFTNL_EXPR_BITWISE_MASK, &mlen);
	const uint8_t *xr = nft_lib.expr_get(e, NFTNL_EXPR_BITWISE_XOR, &xlen);
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
		nft_add_reg_value(r, &b, g, mask, mlen);
	}
	if (!xzero) {
		buf_adds(&b, " ^ ");
		nft_add_reg_value(r, &b, g, xr, xlen);
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

/* --- statements ----------------------------------------------------------- */

static void x_counter(struct render *r, struct nftnl_expr *e)
{
	uint64_t p = nft_lib.expr_get_u64(e, NFTNL_EXPR_CTR_PACKETS);
	uint64_t by = nft_lib.expr_get_u64(e, NFTNL_EXPR_CTR_BYTES);

	nft_emitf(r, "counter packets %" PRIu64 " bytes %" PRIu64, p, by);
	if (!r->nested && !r->out_rule->has_counter) {
		r->out_rule->has_counter = true;
		r->out_rule->packets = p;
		r->out_rule->bytes = by;
	}
}

static void x_lookup(struct render *r, struct nftnl_expr *e)
{
	const char *name = nft_lib.expr_get_str(e, NFTNL_EXPR_LOOKUP_SET);
	const struct nft_set *s;
	struct buf b = BUF_INIT(NFT_EXPR_TEXT_MAX);
	bool inv = U32(e, NFTNL_EXPR_LOOKUP_FLAGS) & NFT_LOOKUP_F_INV;
	struct opnd o;

	if (!name)
		name = "?";
	s = nft_set_find(r->rs, r->rule->family, r->rule->table, name);
	nft_operand(r, U32(e, NFTNL_EXPR_LOOKUP_SREG), s ? s->key_len : 0, &o);
	if (IS(e, NFTNL_EXPR_LOOKUP_DREG) &&
	    U32(e, NFTNL_EXPR_LOOKUP_DREG) != NFT_REG_VERDICT) {
		bool known;

		buf_printf(&b, "%s map ", o.desc);
		nft_add_set_ref(r, &b, name, &o);
		nft_load(r, U32(e, NFTNL_EXPR_LOOKUP_DREG), s ? s->data_len : 4,
			 b.data ? b.data : "map",
			 s ? nft_datatype_fmt(s->data_type, &known) : F_HEX);
		buf_release(&b);
		return;
	}
	buf_printf(&b, "%s %s%s", o.desc, inv ? "!= " : "",
		   IS(e, NFTNL_EXPR_LOOKUP_DREG) ? "vmap " : "");
	nft_add_set_ref(r, &b, name, &o);
	nft_emit_buf(r, &b);
	buf_release(&b);
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
	const char *name = nft_lib.expr_get_str(e, NFTNL_EXPR_DYNSET_SET_NAME);
	uint32_t op = U32(e, NFTNL_EXPR_DYNSET_OP);
	const struct nft_set *s;
	struct buf b = BUF_INIT(NFT_EXPR_TEXT_MAX), saved;
	bool trunc;
	struct opnd o;

	if (!name)
		name = "?";
	s = nft_set_find(r->rs, r->rule->family, r->rule->table, name);
	nft_operand(r, U32(e, NFTNL_EXPR_DYNSET_SREG_KEY), s ? s->key_len : 0,
		    &o);
	if (op < 3)
		buf_printf(&b, "%s @%s { %s", ops[op], name, o.desc);
	else
		buf_printf(&b, "op %" PRIu32 " @%s { %s", op, name, o.desc);
	if (IS(e, NFTNL_EXPR_DYNSET_TIMEOUT)) {
		buf_adds(&b, " timeout ");
		add_duration(
			&b, nft_lib.expr_get_u64(e, NFTNL_EXPR_DYNSET_TIMEOUT));
	}
	/* Stateful expressions of the element, rendered on their own. */
	saved = r->out;
	trunc = r->truncated;
	buf_init(&r->out, NFT_EXPR_TEXT_MAX);
	r->nested = true;
	nft_lib.expr_expr_foreach(e, nft_expr_cb, r);
	r->nested = false;
	if (r->out.len)
		buf_printf(&b, " %s", r->out.data);
	buf_release(&r->out);
	r->out = saved;
	r->truncated = trunc;
	if (IS(e, NFTNL_EXPR_DYNSET_SREG_DATA)) {
		buf_adds(&b, " : ");
		nft_add_source(r, &b, U32(e, NFTNL_EXPR_DYNSET_SREG_DATA),
			       s ? s->data_len : 0, F_HEX);
	}
	if (U32(e, NFTNL_EXPR_DYNSET_FLAGS) & NFT_DYNSET_F_INV)
		buf_adds(&b, " inverted");
	buf_adds(&b, " }");
	nft_emit_buf(r, &b);
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
		const char *p = nft_lib.expr_get_str(e, NFTNL_EXPR_LOG_PREFIX);

		buf_adds(&b, " prefix ");
		nft_add_quoted(&b, (const uint8_t *)p, strlen(p));
	}
	if (IS(e, NFTNL_EXPR_LOG_GROUP))
		buf_printf(&b, " group %u",
			   nft_lib.expr_get_u16(e, NFTNL_EXPR_LOG_GROUP));
	if (IS(e, NFTNL_EXPR_LOG_SNAPLEN))
		buf_printf(&b, " snaplen %" PRIu32,
			   U32(e, NFTNL_EXPR_LOG_SNAPLEN));
	if (IS(e, NFTNL_EXPR_LOG_QTHRESHOLD))
		buf_printf(&b, " queue-threshold %u",
			   nft_lib.expr_get_u16(e, NFTNL_EXPR_LOG_QTHRESHOLD));
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
	nft_emit_buf(r, &b);
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
	uint64_t rate = nft_lib.expr_get_u64(e, NFTNL_EXPR_LIMIT_RATE);
	uint64_t unit = nft_lib.expr_get_u64(e, NFTNL_EXPR_LIMIT_UNIT);
	bool bytes = U32(e, NFTNL_EXPR_LIMIT_TYPE) == NFT_LIMIT_PKT_BYTES;
	const char *u = time_unit(unit);
	char ubuf[32];

	if (!u) {
		snprintf(ubuf, sizeof(ubuf), "%" PRIu64 "s", unit);
		u = ubuf;
	}
	nft_emitf(r, "limit rate %s%" PRIu64 "%s/%s burst %" PRIu32 " %s",
		  U32(e, NFTNL_EXPR_LIMIT_FLAGS) & NFT_LIMIT_F_INV ? "over " :
								     "",
		  rate, bytes ? " bytes" : "", u,
		  U32(e, NFTNL_EXPR_LIMIT_BURST), bytes ? "bytes" : "packets");
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
	uint8_t code = nft_lib.expr_get_u8(e, NFTNL_EXPR_REJECT_CODE);
	int l3 = r->l3 ? r->l3 : r->rule->family;
	const char *name;

	set_verdict(r, "reject");
	switch (type) {
	case NFT_REJECT_TCP_RST:
		nft_emit(r, "reject with tcp reset");
		return;
	case NFT_REJECT_ICMPX_UNREACH:
		name = nft_name_of(NAMES(icmpx), code);
		if (name)
			nft_emitf(r, "reject with icmpx %s", name);
		else
			nft_emitf(r, "reject with icmpx %u", code);
		return;
	case NFT_REJECT_ICMP_UNREACH:
		name = l3 == NFPROTO_IPV6 ? nft_name_of(NAMES(icmp6), code) :
		       l3 == NFPROTO_IPV4 ? nft_name_of(NAMES(icmp), code) :
					    NULL;
		if (name)
			nft_emitf(r, "reject with %s %s",
				  l3 == NFPROTO_IPV6 ? "icmpv6" : "icmp", name);
		else
			nft_emitf(r, "reject with icmp code %u", code);
		return;
	}
	nft_emitf(r, "reject type %" PRIu32 " code %u", type, code);
}

static void x_queue(struct render *r, struct nftnl_expr *e)
{
	static const struct names flags[] = {
		{ NFT_QUEUE_FLAG_BYPASS, "bypass" },
		{ NFT_QUEUE_FLAG_CPU_FANOUT, "fanout" },
	};
	struct buf b = BUF_INIT(DESC_MAX * 2);
	uint16_t num = nft_lib.expr_get_u16(e, NFTNL_EXPR_QUEUE_NUM);
	uint16_t total = nft_lib.expr_get_u16(e, NFTNL_EXPR_QUEUE_TOTAL);
	uint16_t fl = nft_lib.expr_get_u16(e, NFTNL_EXPR_QUEUE_FLAGS);

	buf_adds(&b, "queue");
	if (fl) {
		buf_adds(&b, " flags");
		add_stmt_flags(&b, NAMES(flags), fl);
	}
	if (IS(e, NFTNL_EXPR_QUEUE_SREG_QNUM)) {
		buf_adds(&b, " to ");
		nft_add_source(r, &b, U32(e, NFTNL_EXPR_QUEUE_SREG_QNUM), 4,
			       F_HOST);
	} else if (total > 1) {
		buf_printf(&b, " num %u-%u", num, num + total - 1);
	} else {
		buf_printf(&b, " num %u", num);
	}
	nft_emit_buf(r, &b);
	buf_release(&b);
	set_verdict(r, "queue");
}

static void x_quota(struct render *r, struct nftnl_expr *e)
{
	uint32_t fl = U32(e, NFTNL_EXPR_QUOTA_FLAGS);

	nft_emitf(r, "quota %s%" PRIu64 " bytes used %" PRIu64 " bytes%s",
		  fl & NFT_QUOTA_F_INV ? "over " : "",
		  nft_lib.expr_get_u64(e, NFTNL_EXPR_QUOTA_BYTES),
		  nft_lib.expr_get_u64(e, NFTNL_EXPR_QUOTA_CONSUMED),
		  fl & NFT_QUOTA_F_DEPLETED ? " depleted" : "");
}

static void x_connlimit(struct render *r, struct nftnl_expr *e)
{
	nft_emitf(r, "ct count %s%" PRIu32,
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
		add_duration(&b,
			     nft_lib.expr_get_u64(e, NFTNL_EXPR_LAST_MSECS));
	nft_emit_buf(r, &b);
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
	nft_add_source(r, b, U32(e, amin), 2, F_BE);
	if (IS(e, amax) && U32(e, amax) != U32(e, amin)) {
		buf_addc(b, '-');
		nft_add_source(r, b, U32(e, amax), 2, F_BE);
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
		nft_add_source(r, &b, U32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN), 0,
			       af);
		if (IS(e, NFTNL_EXPR_NAT_REG_ADDR_MAX) &&
		    U32(e, NFTNL_EXPR_NAT_REG_ADDR_MAX) !=
			    U32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN)) {
			buf_addc(&b, '-');
			nft_add_source(r, &b,
				       U32(e, NFTNL_EXPR_NAT_REG_ADDR_MAX), 0,
				       af);
		}
		buf_adds(&b, v6 && ports ? "]" : "");
	}
	add_ports(r, &b, e, NFTNL_EXPR_NAT_REG_PROTO_MIN,
		  NFTNL_EXPR_NAT_REG_PROTO_MAX);
	add_stmt_flags(&b, NAMES(nat_flags),
		       U32(e, NFTNL_EXPR_NAT_FLAGS) & ~(uint32_t)NAT_IMPLIED);
	nft_emit_buf(r, &b);
	buf_release(&b);
}

/* masquerade and redirect: one statement but for its keyword and the
 * numbers of its attributes. */
static void port_nat(struct render *r, struct nftnl_expr *e, const char *what,
		     uint16_t amin, uint16_t amax, uint16_t aflags)
{
	struct buf b = BUF_INIT(DESC_MAX * 2);

	buf_adds(&b, what);
	if (IS(e, amin))
		buf_adds(&b, " to ");
	add_ports(r, &b, e, amin, amax);
	add_stmt_flags(&b, NAMES(nat_flags),
		       U32(e, aflags) & ~(uint32_t)NAT_IMPLIED);
	nft_emit_buf(r, &b);
	buf_release(&b);
}

static void x_masq(struct render *r, struct nftnl_expr *e)
{
	port_nat(r, e, "masquerade", NFTNL_EXPR_MASQ_REG_PROTO_MIN,
		 NFTNL_EXPR_MASQ_REG_PROTO_MAX, NFTNL_EXPR_MASQ_FLAGS);
}

static void x_redir(struct render *r, struct nftnl_expr *e)
{
	port_nat(r, e, "redirect", NFTNL_EXPR_REDIR_REG_PROTO_MIN,
		 NFTNL_EXPR_REDIR_REG_PROTO_MAX, NFTNL_EXPR_REDIR_FLAGS);
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
		nft_add_source(r, &b, U32(e, NFTNL_EXPR_TPROXY_REG_ADDR), 0,
			       v6 ? F_IPV6 : F_IPV4);
		buf_adds(&b, v6 && port ? "]" : "");
	}
	if (port) {
		buf_addc(&b, ':');
		nft_add_source(r, &b, U32(e, NFTNL_EXPR_TPROXY_REG_PORT), 2,
			       F_BE);
	}
	nft_emit_buf(r, &b);
	buf_release(&b);
}

static void x_dup(struct render *r, struct nftnl_expr *e)
{
	struct buf b = BUF_INIT(DESC_MAX * 2);

	buf_adds(&b, "dup");
	if (IS(e, NFTNL_EXPR_DUP_SREG_ADDR)) {
		buf_adds(&b, " to ");
		nft_add_source(r, &b, U32(e, NFTNL_EXPR_DUP_SREG_ADDR), 0,
			       F_INETADDR);
	}
	if (IS(e, NFTNL_EXPR_DUP_SREG_DEV)) {
		buf_adds(&b, " device ");
		nft_add_source(r, &b, U32(e, NFTNL_EXPR_DUP_SREG_DEV), 4,
			       F_IFINDEX);
	}
	nft_emit_buf(r, &b);
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
		nft_add_source(r, &b, U32(e, NFTNL_EXPR_FWD_SREG_ADDR), 0,
			       F_INETADDR);
		buf_adds(&b, " device ");
	}
	nft_add_source(r, &b, U32(e, NFTNL_EXPR_FWD_SREG_DEV), 4, F_IFINDEX);
	nft_emit_buf(r, &b);
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
			nft_lib.expr_get_str(e, NFTNL_EXPR_OBJREF_SET_NAME);
		const struct nft_set *s = nft_set_find(r->rs, r->rule->family,
						       r->rule->table, name);
		const char *t = s ? nft_name_of(NAMES(types), s->obj_type) :
				    NULL;
		struct opnd o;

		nft_operand(r, U32(e, NFTNL_EXPR_OBJREF_SET_SREG),
			    s ? s->key_len : 0, &o);
		buf_printf(&b, "%s name %s map ", t ? t : "object", o.desc);
		nft_add_set_ref(r, &b, name, &o);
	} else {
		uint32_t type = U32(e, NFTNL_EXPR_OBJREF_IMM_TYPE);
		const char *t = nft_name_of(NAMES(types), type);
		const char *name =
			nft_lib.expr_get_str(e, NFTNL_EXPR_OBJREF_IMM_NAME);

		if (t)
			buf_printf(&b, "%s name ", t);
		else
			buf_printf(&b, "object type %" PRIu32 " name ", type);
		if (name)
			nft_add_quoted(&b, (const uint8_t *)name, strlen(name));
	}
	nft_emit_buf(r, &b);
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
			   nft_lib.expr_get_u16(e, NFTNL_EXPR_SYNPROXY_MSS));
	if (fl & NF_SYNPROXY_OPT_WSCALE)
		buf_printf(&b, " wscale %u",
			   nft_lib.expr_get_u8(e, NFTNL_EXPR_SYNPROXY_WSCALE));
	add_stmt_flags(&b, NAMES(flags),
		       fl & ~(uint32_t)(NF_SYNPROXY_OPT_MSS |
					NF_SYNPROXY_OPT_WSCALE));
	nft_emit_buf(r, &b);
	buf_release(&b);
}

static void x_flow(struct render *r, struct nftnl_expr *e)
{
	const char *name = nft_lib.expr_get_str(e, NFTNL_EXPR_FLOW_TABLE_NAME);

	nft_emitf(r, "flow add @%s", name ? name : "?");
}

static void x_notrack(struct render *r, struct nftnl_expr *e)
{
	(void)e;
	nft_emit(r, "notrack");
}

/* xtables compat: the extension's name, revision and private data. */
static void xt(struct render *r, struct nftnl_expr *e, const char *what,
	       uint16_t aname, uint16_t arev, uint16_t ainfo)
{
	struct buf b = BUF_INIT(DESC_MAX);
	const char *name = nft_lib.expr_get_str(e, aname);
	const uint8_t *info;
	uint32_t len = 0;

	buf_printf(&b, "xt %s ", what);
	nft_add_quoted(&b, (const uint8_t *)(name ? name : "?"),
		       strlen(name ? name : "?"));
	buf_printf(&b, " rev %" PRIu32, U32(e, arev));
	info = nft_lib.expr_get(e, ainfo, &len);
	if (info && len && name && strcmp(what, "match") == 0 &&
	    strcmp(name, "comment") == 0) {
		/* iptables-nft keeps a rule's comment here (struct
		 * xt_comment_info): show it, and use it as the rule's. */
		size_t n = strnlen((const char *)info, len);

		buf_addc(&b, ' ');
		nft_add_quoted(&b, info, n);
		if (!r->comment) {
			r->comment = nft_dup_n((const char *)info, n);
			if (!r->comment)
				r->oom = true;
		}
	} else if (info && len <= 32 && len) {
		buf_adds(&b, " info ");
		nft_add_hex(&b, info, len);
	} else if (info && len) {
		buf_printf(&b, " info %" PRIu32 " bytes", len);
	}
	nft_emit_buf(r, &b);
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

/* --- by name -------------------------------------------------------------- */

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
	const char *name = nft_lib.expr_get_str(e, NFTNL_EXPR_NAME);
	size_t i;
	char text[1024];

	if (!name)
		name = "?";
	if (r->pend && strcmp(name, "cmp") != 0)
		nft_flush_pending(r);
	for (i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++) {
		if (strcmp(renderers[i].name, name) == 0) {
			renderers[i].fn(r, e);
			return;
		}
	}
	/* libnftnl's own words for what vigil has no renderer for. */
	text[0] = '\0';
	nft_lib.expr_snprintf(text, sizeof(text), e, NFTNL_OUTPUT_DEFAULT, 0);
	nft_emitf(r, "[%s %s]", name, text);
}

int nft_expr_cb(struct nftnl_expr *e, void *data)
{
	render_expr(data, e);
	return 0;
}

