/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nft: an nftables ruleset as rows, from the kernel's netlink messages or
 * from the text of /etc/nftables.conf.
 *
 * The parsers are pure: no I/O, no printing; they append to a struct
 * nft_ruleset the caller owns.  firewall.c does the talking to the kernel
 * (NFT_MSG_GETCHAIN, GETSET, GETSETELEM and GETRULE dumps over
 * NETLINK_NETFILTER) and hands every message it receives to
 * nft_ruleset_parse().  Chains and rules name their table, so tables are
 * not dumped.
 *
 * Messages are decoded by libnftnl (nftnl_*_nlmsg_parse), and rule
 * expressions read through its getters, but libnftnl trusts the kernel:
 * an expression without a name is a NULL dereference there, an attribute
 * of the wrong size ends the process (its abi_breakage() exits), a string
 * without its NUL is read past its end, a verdict without its code reads
 * an array it never cleared, a set element attribute numbered past the
 * element attributes is written past an array, and a set with more than
 * 16 concatenated fields overruns another.  So every message first
 * passes vigil's own validator, which walks every attribute down to the
 * innermost one against the kernel's schema (the types of uapi
 * nf_tables.h and nf_tables_compat.h): nests must be filled exactly by
 * well-formed attributes, none twice, integers must have their exact
 * size, strings must end in their NUL, data values hold 1 to 64 bytes, a
 * verdict one of the codes a rule may hold and a jump or goto its chain,
 * expression data its expression's schema, nesting at most twice the
 * kernel's depth.  A message that fails is skipped whole, counted in
 * nft_ruleset.skipped, and the first reason is kept in the caller's err;
 * libnftnl never sees it.  Attributes numbered beyond what vigil knows (a
 * newer kernel) are accepted and left out of the copy libnftnl parses.  A
 * rule with an expression libnftnl does not know (a newer kernel again)
 * is rendered expression by expression, the unknown one from its
 * attributes.
 *
 * Rules are rendered to text by nft_ruleset_finish().  The text reads
 * like nft(8)'s own listing without claiming to match it byte for byte:
 *
 *   meta l4proto tcp tcp dport 22 accept
 *   meta nfproto ipv4 ip saddr @blocked counter packets 0 bytes 0 drop
 *   ct state established,related accept
 *   meta l4proto tcp tcp dport { 80, 443 } jump web
 *   iifname "lo" accept
 *   limit rate 10/second burst 5 packets log prefix "web: " level warn
 *
 * It is stable (the same messages give the same text; set elements are
 * sorted) and complete: every expression libnftnl knows appears with all
 * the attributes the kernel sent.  How:
 *
 *   - Loads put a description in a register: payload ("tcp dport", "ip
 *     saddr", "@nh,96,32" for a header field vigil has no name for, in
 *     nft's raw syntax: base ll/nh/th/ih, offset and length in bits),
 *     meta ("meta l4proto", "iifname"), ct ("ct state", "ct original
 *     saddr"), exthdr, rt, socket, fib, osf, xfrm, numgen, hash, tunnel,
 *     and immediate data (a value, formatted when it is used).  Header
 *     fields are named from the table's family and from the protocol
 *     matches before them (meta nfproto, meta l4proto, ip protocol ...).
 *   - The expression that reads a register prints its description in its
 *     place: cmp as "<what> <value>" (ops "!=", "<", "<=", ">", ">="
 *     before the value, "==" left out), range and a ">=" followed by a
 *     "<=" as "<what> lo-hi", lookup as "<what> @set", or "<what> { a,
 *     b }" for an anonymous set whose elements were dumped, "map" and
 *     "vmap" for maps, statements as "<what> set <value>", nat as "dnat
 *     ip to <addr>:<port>".  A register read before anything was loaded
 *     into it shows as "reg N"; a load nothing reads as "<what> => reg N".
 *   - Values are formatted by what was loaded: addresses (with "/len" for
 *     a prefix, from a short load or a bitwise mask), ports and other
 *     header integers in decimal, protocol and type names (tcp, ipv4,
 *     echo-request ...), flag sets as comma-separated names (ct state
 *     established,related; tcp flags syn,ack), interface names quoted (a
 *     trailing "*" for a prefix match), marks in hex, anything else as 0x
 *     and its bytes in memory order.  A bitwise that is not a prefix or a
 *     flag test shows as "<what> & MASK ^ XOR", or "<< N", ">> N"; then
 *     the comparison's operator is always written ("== 0x01").  A flag
 *     test is written as nft does: "ct state established,related" (any
 *     of them), "tcp flags syn / syn,ack" (these under that mask); an
 *     exact comparison of flags says "==".  byteorder only turns a
 *     value's bytes around (nft uses it to compare host-order fields in
 *     sets and ranges): values are shown as the field reads, so it has
 *     no text of its own.
 *   - Statements print with all their attributes: counter packets N
 *     bytes N; log prefix "..." group N snaplen N queue-threshold N level
 *     L flags F; limit rate [over] N/unit burst N packets|bytes; quota;
 *     ct count; last used; reject with icmp|icmpv6|icmpx CODE or tcp
 *     reset; snat/dnat/masquerade/redirect/tproxy; dup/fwd; queue; notrack;
 *     synproxy; flow add @ft; named objects ("counter name \"c\"");
 *     dynset as "add|update|delete @set { <key> timeout 30s : <data> }"
 *     (durations as nft writes them: 1h30m, 250ms);
 *     xtables compat as `xt match "name" rev N info 0x..` (info up to 32
 *     bytes, else its length).
 *   - Verdicts: accept, drop, queue, continue, break, return, jump
 *     CHAIN, goto CHAIN (the codes the kernel accepts in a rule; the
 *     validator refuses others, on which libnftnl fails).
 *   - An expression vigil has no renderer for is printed as libnftnl's
 *     nftnl_expr_snprintf() text in brackets; one libnftnl does not know
 *     as "[name N=0xHEX ...]" from its attributes (up to 64 bytes a
 *     value, then "...").
 * Interface indexes become names through the ruleset's optional ifname
 * callback ("iif \"lo\""), else stay numbers ("iif 1").
 *
 * The nftables.conf parser reads only what an audit of the configured
 * default policies needs: `table [family] NAME {`, `chain NAME {`, the
 * `type T hook H [device D] priority P;` and `policy P;` statements,
 * `add table ...`, `add chain ...` and `flush ruleset`, with `#` comments
 * and `}` closers, on one line or many; everything else (rules, sets,
 * variables, include) is skipped.
 *
 * The code is in nft.c (storage, libnftnl, the messages, finishing),
 * nft_conf.c, nft_valid.c, nft_render.c and nft_expr.c; nft_int.h says
 * what each holds and declares what they share.
 */
#ifndef VIGIL_NFT_H
#define VIGIL_NFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Elements kept per anonymous set, and shown per rule; past it the text
 * says how many more there are. */
#define NFT_SET_ELEMS_MAX 4096u
/* Longest rendered expression text; longer text ends in "...". */
#define NFT_EXPR_TEXT_MAX (256u * 1024)
/* Largest data value (the kernel's NFT_DATA_VALUE_MAXLEN). */
#define NFT_DATA_MAX 64u

struct nft_chain {
	uint8_t family;    /* NFPROTO_* */
	char *table, *name;
	bool base;         /* has a hook: the kernel runs it for packets */
	char *type;        /* filter, nat, route; NULL for a regular chain */
	char *hook;        /* prerouting ... egress; NULL for a regular chain */
	bool has_priority;
	int32_t priority;
	char *policy;      /* accept, drop; NULL for a regular chain */
	bool has_handle;
	uint64_t handle;
	long rules;        /* rules in the chain; -1 when not known */
};

struct nft_rule {
	uint8_t family;
	char *table, *chain;
	bool has_handle;
	uint64_t handle;
	long position;     /* 1 for the first rule of its chain, then 2 ... */
	char *expr;        /* the rendered expressions; "" before finish */
	char *verdict;     /* accept, drop, reject, jump X ...; NULL if none */
	bool has_counter;  /* from the rule's first counter expression */
	uint64_t packets, bytes;
	char *comment;     /* the rule's comment (userdata); NULL if none */
	void *msg;         /* internal: the validated message, until finish */
	size_t msglen;
};

/* One set element, as far as rendering needs it. */
struct nft_elem {
	uint8_t klen, kelen, dlen; /* key, key_end and data lengths */
	uint8_t key[NFT_DATA_MAX], key_end[NFT_DATA_MAX], data[NFT_DATA_MAX];
	uint32_t flags;            /* NFT_SET_ELEM_INTERVAL_END ... */
	bool has_verdict;
	int32_t vcode;
	char *vchain;              /* jump/goto target; NULL otherwise */
	char *objref;              /* object name of an object map */
};

struct nft_set {
	uint8_t family;
	char *table, *name;
	uint32_t flags;            /* NFT_SET_ANONYMOUS, _INTERVAL, _MAP ... */
	uint32_t key_type, key_len, data_type, data_len, obj_type;
	uint8_t nfields;           /* concatenation: lengths of its parts */
	uint8_t field_len[16];
	struct nft_elem *elems;
	size_t nelems, aelems;
	size_t total;              /* elements seen, kept or not */
};

struct nft_ruleset {
	struct nft_chain *chains;
	size_t nchains, achains;
	struct nft_rule *rules;
	size_t nrules, arules;
	struct nft_set *sets;
	size_t nsets, asets;
	/* Messages skipped as malformed (the first reason went to err). */
	size_t skipped;
	/* Set by the caller: rules keep their chain, handle and position
	 * only, without rendering (for rule counts). */
	bool no_render;
	/* Set by the caller, may be NULL: writes the name of interface index
	 * into name (IF_NAMESIZE bytes) and returns 0, or returns -1. */
	int (*ifname)(uint32_t index, char *name, void *arg);
	void *ifname_arg;
	size_t *set_slots, set_cap; /* internal: sets by name */
};

void nft_ruleset_init(struct nft_ruleset *rs);
/* Frees everything the ruleset holds and empties it; it can be used
 * again. */
void nft_ruleset_release(struct nft_ruleset *rs);

/*
 * Parses len bytes of netlink messages (one or many, as a recv() returns
 * them) and appends their chains, sets, set elements and rules to rs.
 * Messages of other kinds (tables, NLMSG_DONE, errors, other subsystems)
 * are passed over.  Returns 0, also when some messages were skipped as
 * malformed (rs->skipped counts them and err holds the first reason,
 * when it was empty), or -1 when memory runs out (err says so; rs keeps
 * what it held).
 */
int nft_ruleset_parse(struct nft_ruleset *rs, const void *msgs, size_t len,
		      char *err, size_t errsize);

/*
 * Parses the text of an nftables.conf file (len bytes, NUL not needed)
 * and appends the chains it declares to rs, their rule counts unknown
 * (-1) and without handles.  A base chain without a policy statement gets
 * "accept", the kernel's default.  Returns 0, or -1 when memory runs out.
 */
int nft_conf_parse(struct nft_ruleset *rs, const char *text, size_t len,
		   char *err, size_t errsize);

/*
 * Call once after the last nft_ruleset_parse(): numbers each chain's
 * rules, counts them into their chains, and (unless no_render) renders
 * each rule's text, verdict, counter and comment with the sets parsed.
 * Returns 0, or -1 when memory runs out.
 */
int nft_ruleset_finish(struct nft_ruleset *rs, char *err, size_t errsize);

/* "ip", "ip6", "inet", "arp", "bridge", "netdev", or NULL for another. */
const char *nft_family_name(unsigned family);

#endif
