/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nft_int.h: what the files of the nftables parser share.  Only
 * src/tables/nft*.c include it; the rest of the tree uses nft.h, which
 * holds the contract and the text format.
 *
 *   nft.c         the ruleset's storage; libnftnl, loaded on first use;
 *                 netlink messages into chains, sets and kept rule
 *                 messages (nft_ruleset_parse); nft_ruleset_finish
 *   nft_conf.c    the nftables.conf parser (nft_conf_parse)
 *   nft_valid.c   the validator between the kernel's bytes and libnftnl
 *   nft_render.c  the renderer's model (values, registers, header
 *                 fields, set elements) and its walk over a rule
 *   nft_expr.c    the renderer of each kind of expression
 *
 * A message goes from nft_ruleset_parse() to the validator, which checks
 * it and gives the copy libnftnl parses; chains, sets and elements are
 * stored from libnftnl's parse, a rule's message is kept.
 * nft_ruleset_finish() hands each kept rule to nft_rule_render(), which
 * gives its expressions one by one to nft_expr.c, and nft_expr.c writes
 * them with the model of nft_render.c.
 */
#ifndef VIGIL_NFT_INT_H
#define VIGIL_NFT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>

#include "tables/nft.h"
#include "util/buf.h"

/* --- nft.c: libnftnl and the ruleset's storage ---------------------------- */

/*
 * The libnftnl functions vigil calls.  libnftnl is not linked: the first
 * nft_ruleset_parse() or nft_ruleset_finish() loads it and fills this
 * table (util/lazylib.h), and every call goes through it; the fields stay
 * NULL when libnftnl could not be loaded, and those two functions fail
 * before anything else calls through them.
 */
struct nft_lib {
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
};

extern struct nft_lib nft_lib;

/* Writes "out of memory" into err (when there is one), sets errno to
 * ENOMEM and returns -1. */
int nft_oom(char *err, size_t errsize);

/* A copy of the n bytes at s with a NUL after them (the caller frees
 * it), or NULL when memory runs out. */
char *nft_dup_n(const char *s, size_t n);

/* Replaces *field (freed) with a copy of s; NULL clears it.  0, or -1
 * when memory runs out, *field then unchanged. */
int nft_str_replace(char **field, const char *s);

/* The chain (family, table, name) among rs->chains from index from on,
 * or NULL. */
struct nft_chain *nft_chain_find(struct nft_ruleset *rs, size_t from,
				 unsigned family, const char *table,
				 const char *name);

/* Appends a chain with these names, nothing else known (rules -1), and
 * returns it (rs owns it; a later append may move it); NULL when memory
 * runs out. */
struct nft_chain *nft_chain_add(struct nft_ruleset *rs, unsigned family,
				const char *table, const char *name);

/* Frees what chain c holds (not c, which lives in rs->chains). */
void nft_chain_free(struct nft_chain *c);

/* The set (family, table, name) of rs, or NULL. */
struct nft_set *nft_set_find(struct nft_ruleset *rs, unsigned family,
			     const char *table, const char *name);

/* --- nft_valid.c: the validator ------------------------------------------- */

/*
 * What a message of type msg (NFT_MSG_NEWTABLE, _NEWCHAIN, _NEWRULE,
 * _NEWSET, _NEWSETELEM) is called in a reason: "table", "chain", "rule",
 * "set", "set elements"; NULL for another type, which vigil does not
 * read.
 */
const char *nft_valid_kind(unsigned msg);

/*
 * Checks the attributes of a message of type msg (len bytes at attrs,
 * after its nfgenmsg; any alignment) against the kernel's schema, down to
 * the innermost attribute (nft.h lists the checks).  Returns 0, or -1
 * with the reason in why.
 */
int nft_valid_check(unsigned msg, const uint8_t *attrs, size_t len,
		    char *why, size_t whysize);

/*
 * Copies the attributes of a message nft_valid_check() passed into out
 * (which has room for len bytes), without the attributes numbered beyond
 * what vigil knows, which libnftnl could mistake.  Returns the bytes
 * written, at most len.
 */
size_t nft_valid_filter(unsigned msg, const uint8_t *attrs, size_t len,
			uint8_t *out);

/* Whether expressions named name are ones libnftnl parses (the validator
 * has their schema). */
bool nft_valid_known(const char *name);

/* The payload of the first attribute of type type among the validated
 * attributes at p (len bytes), with its length in *plen; or NULL. */
const uint8_t *nft_attr_find(const uint8_t *p, size_t len, uint16_t type,
			     size_t *plen);

/* --- nft_render.c: the renderer's model ----------------------------------- */

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

/* A number's name, in tables searched by nft_name_of(). */
struct names {
	uint32_t v;
	const char *name;
};

/* A table of struct names and its length, as two arguments. */
#define NAMES(a) (a), sizeof(a) / sizeof((a)[0])

/* 32-bit registers; the four 128-bit ones of old overlay them. */
#define NREGS 16
/* Longest description of what a register holds. */
#define DESC_MAX 512

/* What a register holds, as far as the expressions before told. */
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

/* The rendering of one rule: its text so far and the registers' state. */
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

/* Loads one read of a register may join. */
#define OPND_PARTS 16

/* What a read of a register finds: one load, or a concatenation. */
struct opnd {
	char desc[DESC_MAX * 2];
	const struct reg *part[OPND_PARTS];
	int nparts;
};

/* A packet header field a payload load can name. */
struct field {
	uint16_t off, len; /* bytes */
	const char *name;
	uint8_t fmt, ctx;
};

/* Values.  The writers append to b; a buf refuses past its cap. */

/* The name of v in the table t of n names, or NULL. */
const char *nft_name_of(const struct names *t, size_t n, uint32_t v);
/* "0x" and the n bytes at d in hex, in memory order. */
void nft_add_hex(struct buf *b, const uint8_t *d, size_t n);
/* Reads an unsigned integer of n (1, 2, 4 or 8) bytes, big-endian when
 * be; false for another n. */
bool nft_get_uint(const uint8_t *d, size_t n, bool be, uint64_t *out);
/* The n bytes at s in double quotes, '"', '\' and control bytes
 * escaped. */
void nft_add_quoted(struct buf *b, const uint8_t *s, size_t n);
/* n bytes of value d as format f; a value whose length does not suit the
 * format in hex.  r gives interface names. */
void nft_add_value(struct render *r, struct buf *b, enum fmt f,
		   const uint8_t *d, size_t n);
/* A verdict's text ("accept", "jump CHAIN" ...): a constant, or buf. */
const char *nft_verdict_text(int32_t code, const char *chain, char *buf,
			     size_t size);
/* The format of nft's datatype type (set keys, map data); *known is
 * cleared, and F_HEX returned, for a type vigil does not know. */
enum fmt nft_datatype_fmt(uint32_t type, bool *known);

/* Text.  Past NFT_EXPR_TEXT_MAX the rule's text is cut (r->truncated);
 * running out of memory sets r->oom. */

/* Appends s to the rule's text, a space before it. */
void nft_emit(struct render *r, const char *s);
void nft_emitf(struct render *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends b's text (when it has any) and empties b. */
void nft_emit_buf(struct render *r, struct buf *b);

/* Registers. */

/* The index into r->regs of register reg (NFT_REG_1..4 or
 * NFT_REG32_00..15), or -1. */
int nft_reg_index(uint32_t reg);
/* Starts a load of len bytes into register dreg, described as desc and
 * written as f; returns the register to fill in, or NULL for a register
 * number vigil does not know (the load is then written as it is). */
struct reg *nft_load(struct render *r, uint32_t dreg, uint32_t len,
		     const char *desc, enum fmt f);
/* Reads len bytes (0: whatever was loaded) from register sreg into o:
 * the loads found there, described "a . b" when there are several; "reg
 * N" when nothing was loaded. */
void nft_operand(struct render *r, uint32_t sreg, uint32_t len,
		 struct opnd *o);
/* A value compared with register g (NULL: unknown, in hex). */
void nft_add_reg_value(struct render *r, struct buf *b,
		       const struct reg *g, const uint8_t *d, size_t n);
/* A value read through operand o, a concatenation part by part. */
void nft_add_opnd_value(struct render *r, struct buf *b,
			const struct opnd *o, const uint8_t *d, size_t n);
/* What register sreg holds, for a statement that writes it somewhere:
 * immediate data written as f, a load as its description. */
void nft_add_source(struct render *r, struct buf *b, uint32_t sreg,
		    uint32_t len, enum fmt f);

/* Header fields and sets. */

/* Writes into desc the name of the header field at (base, off, len),
 * "tcp dport", or nft's raw "@th,16,16"; returns the field, or NULL.
 * *prefix is the length in bits of a load shorter than its address field
 * (a prefix), else -1. */
const struct field *nft_payload_desc(const struct render *r, uint32_t base,
				     uint32_t off, uint32_t len, char *desc,
				     size_t size, int *prefix);
/* "@name", or "{ a, b }" for an anonymous set whose elements were
 * dumped, its keys read through o. */
void nft_add_set_ref(struct render *r, struct buf *b, const char *name,
		     const struct opnd *o);

/*
 * Renders one rule whose message nft_ruleset_parse() kept: its text,
 * verdict, counter and comment into rule's fields (what they held is
 * freed).  Returns 0, or -1 when memory runs out (the fields may then be
 * partly filled).  libnftnl must be loaded.
 */
int nft_rule_render(struct nft_ruleset *rs, struct nft_rule *rule);

/* --- nft_expr.c: the expressions ------------------------------------------ */

/* libnftnl's foreach callback: renders expression e into the struct
 * render data; returns 0 (go on). */
int nft_expr_cb(struct nftnl_expr *e, void *data);

/* Writes a ">=" that waits for a "<=" to make a range as it is. */
void nft_flush_pending(struct render *r);

#endif
