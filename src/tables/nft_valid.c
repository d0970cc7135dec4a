/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nft_valid.c: the validator that stands between the kernel's netlink
 * messages and libnftnl (nft.h says why libnftnl cannot be handed them
 * as they come, and what is checked).  A message's attributes are walked
 * down to the innermost one against the kernel's schema; a message that
 * passes is then copied without the attributes numbered beyond what
 * vigil knows, for libnftnl to parse.  Everything here is pure: no I/O,
 * no allocation.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>

#include "tables/nft.h"
#include "tables/nft_int.h"

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

		name = nft_attr_find(in, len, NFTA_EXPR_NAME, &nl);
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

/* --- walking validated attributes ----------------------------------------- */

const uint8_t *nft_attr_find(const uint8_t *p, size_t len, uint16_t type,
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

/* --- what the message parser calls ---------------------------------------- */

/* The schema of a message of type msg, or NULL for a type not read. */
static const struct schema *msg_schema(unsigned msg)
{
	switch (msg) {
	case NFT_MSG_NEWTABLE:
		return &schemas[S_TABLE];
	case NFT_MSG_NEWCHAIN:
		return &schemas[S_CHAIN];
	case NFT_MSG_NEWRULE:
		return &schemas[S_RULE];
	case NFT_MSG_NEWSET:
		return &schemas[S_SET];
	case NFT_MSG_NEWSETELEM:
		return &schemas[S_ELEMLIST];
	}
	return NULL;
}

const char *nft_valid_kind(unsigned msg)
{
	const struct schema *s = msg_schema(msg);

	return s ? s->what : NULL;
}

int nft_valid_check(unsigned msg, const uint8_t *attrs, size_t len,
		    char *why, size_t whysize)
{
	const struct schema *s = msg_schema(msg);
	struct vctx v;

	memset(&v, 0, sizeof(v));
	v.err = why;
	v.errsize = whysize;
	v.rule = msg == NFT_MSG_NEWRULE;
	if (!s)
		return vfail(&v, "message type %u", msg);
	return check_nest(&v, attrs, len, s, 0);
}

size_t nft_valid_filter(unsigned msg, const uint8_t *attrs, size_t len,
			uint8_t *out)
{
	const struct schema *s = msg_schema(msg);

	return s ? filter_nest(attrs, len, s, out, 0) : 0;
}

bool nft_valid_known(const char *name)
{
	return expr_schema(name) != NULL;
}
