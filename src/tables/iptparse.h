/* SPDX-License-Identifier: Apache-2.0 */
/*
 * iptparse: a legacy iptables (x_tables, IPv4) table as chains and rules,
 * from the blob of entries the kernel returns for IPT_SO_GET_ENTRIES and
 * the hook offsets of IPT_SO_GET_INFO.
 *
 * The parser is pure (no I/O, no printing) and takes any bytes: every
 * entry must lie inside the blob (next_offset at least an entry and a
 * target, within what is left), its target inside the entry after its
 * matches (target_offset), each match inside the space before the target
 * with a size of at least its header, and names are read only up to
 * their fixed sizes.  A blob that breaks any of this is refused whole,
 * with the reason and the entry's offset in the caller's err.  Values are
 * read with memcpy, so the blob needs no alignment.
 *
 * How the blob is laid out (the kernel's x_tables, as libiptc writes it):
 * entries follow one another, each an ipt_entry (addresses, interfaces,
 * protocol, counters), its matches, and its target.  A built-in chain
 * starts at its hook's hook_entry offset and ends with its policy entry at
 * the hook's underflow offset.  A user-defined chain starts with an entry
 * whose ERROR target carries the chain's name and ends with an
 * unconditional RETURN; neither is a rule.  The blob ends with an ERROR
 * entry named "ERROR".  A standard target (empty name) holds a verdict: a
 * negative one is -NF_<verdict> - 1 (or RETURN), a positive one the
 * offset of the rule a jump goes to, and the offset of the next entry
 * means "go on" (no target).
 */
#ifndef VIGIL_IPTPARSE_H
#define VIGIL_IPTPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Netfilter's IPv4 hooks: PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING. */
#define IPTPARSE_HOOKS 5
/* Longest chain, target or match name kept, with its NUL (the kernel's
 * XT_EXTENSION_MAXNAMELEN is 29, XT_FUNCTION_MAXNAMELEN 30). */
#define IPTPARSE_NAME_MAX 32
/* The most entries a blob may hold. */
#define IPTPARSE_ENTRIES_MAX 1000000u

/* What IPT_SO_GET_INFO says of a table. */
struct iptparse_info {
	unsigned valid_hooks; /* bit h set: hook h has a built-in chain */
	uint32_t hook_entry[IPTPARSE_HOOKS];
	uint32_t underflow[IPTPARSE_HOOKS];
};

struct iptparse_chain {
	char name[IPTPARSE_NAME_MAX];
	bool builtin;
	/* A built-in chain's policy ("ACCEPT", "DROP", "QUEUE", "RETURN", or
	 * the verdict number) and its policy entry's counters; "" and 0 for a
	 * user-defined chain. */
	char policy[IPTPARSE_NAME_MAX];
	uint64_t packets, bytes;
	size_t first_rule, nrules; /* its rules in iptparse_table.rules */
};

struct iptparse_rule {
	size_t chain; /* index into iptparse_table.chains */
	/* "ACCEPT", "DROP", "QUEUE", "RETURN", a user chain's name for a
	 * jump (a goto when flags has IPT_F_GOTO), an extension's name
	 * ("REJECT", "LOG", "DNAT" ...), or "" for a rule that only counts
	 * (the next entry's offset as verdict). */
	char target[IPTPARSE_NAME_MAX];
	uint16_t proto;         /* 0 for any */
	uint8_t flags, invflags; /* IPT_F_*, IPT_INV_* */
	uint8_t src[4], smsk[4], dst[4], dmsk[4]; /* network byte order */
	char iniface[17], outiface[17];           /* "" for any */
	uint8_t iniface_mask[16], outiface_mask[16];
	size_t nmatches;
	char first_match[IPTPARSE_NAME_MAX]; /* "" without matches */
	/* From a "tcp" or "udp" match (the first one): the port ranges, host
	 * order, and whether each is inverted. */
	bool has_ports;
	uint16_t spts[2], dpts[2];
	bool sinv, dinv;
	uint64_t packets, bytes;
};

struct iptparse_table {
	struct iptparse_chain *chains;
	size_t nchains;
	struct iptparse_rule *rules;
	size_t nrules;
};

/*
 * Parses size bytes of entries (blob) laid out as info says into t (the
 * caller's, zeroed or released; free it with iptparse_table_release).
 * Returns 0, or -1 with the reason in err when the blob is malformed
 * (t is then empty) or memory runs out (errno ENOMEM).
 */
int iptparse_entries(const struct iptparse_info *info, const void *blob,
		     size_t size, struct iptparse_table *t, char *err,
		     size_t errsize);

/* Frees what t holds and empties it. */
void iptparse_table_release(struct iptparse_table *t);

/* The chain name of built-in hook h ("PREROUTING" ...), or NULL. */
const char *iptparse_hook_name(unsigned h);

#endif
