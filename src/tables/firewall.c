/* SPDX-License-Identifier: Apache-2.0 */
/*
 * firewall.c: the packet filter's rules: nftables_chains, nftables_rules
 * (vigil's own) and iptables (osquery's), read from the kernel over
 * netlink and getsockopt, never by running nft or iptables.
 *
 * nftables_chains, one row per chain of every table of every family:
 *   family     ip, ip6, inet, arp, bridge or netdev
 *   table      the table's name
 *   name       the chain's name
 *   type       filter, nat or route; NULL for a regular chain (one only
 *              reached by jump or goto)
 *   hook       prerouting, input, forward, output, postrouting, ingress or
 *              egress; NULL for a regular chain
 *   priority   the hook priority (lower runs first); NULL for a regular
 *              chain
 *   policy     accept or drop: what happens to a packet no rule decided;
 *              NULL for a regular chain
 *   rules      how many rules the chain holds (NULL offline)
 *   handle     the kernel's handle of the chain (NULL offline)
 *   source     "netlink", or the configuration file the row comes from
 *
 * nftables_rules, one row per rule, in chain order (live only):
 *   family, table, chain  where the rule is
 *   handle     the kernel's handle of the rule (`nft -a list ruleset`)
 *   position   1 for the chain's first rule, then 2, 3 ...
 *   expr       the rule as text, in the style of nft(8)'s listing ("meta
 *              l4proto tcp tcp dport 22 accept"; the format is described
 *              in nft.h): every expression with its attributes
 *   verdict    accept, drop, reject, queue, continue, return, jump CHAIN,
 *              goto CHAIN (the last verdict statement of the rule), or
 *              NULL for a rule that decides nothing (a counter, a log, a
 *              nat statement or a verdict map)
 *   counter_packets, counter_bytes  the rule's first counter; NULL
 *              without one
 *   comment    the rule's comment, or NULL
 *
 * iptables, osquery's table over legacy iptables (x_tables, IPv4): for
 * each table in /proc/net/ip_tables_names (filter, nat, mangle, raw,
 * security) one row per rule, then one row per chain:
 *   filter_name  the table; chain the chain
 *   policy     ACCEPT, DROP ... for a built-in chain; NULL for a
 *              user-defined chain
 *   target     ACCEPT, DROP, RETURN, QUEUE, the chain jumped to, an
 *              extension (REJECT, LOG, DNAT ...), or "" for a rule that
 *              only counts; NULL on a chain's row
 *   protocol   the IP protocol number (0 for any; for `! -p tcp` the
 *              number alone: this INTEGER column has no room for the "!"
 *              osquery prepends)
 *   src_ip, dst_ip  the addresses ("!" before an inverted one);
 *              src_mask, dst_mask their masks
 *   iniface, outiface  the interfaces ("all" for any, "!" when
 *              inverted); iniface_mask, outiface_mask their masks in hex
 *              up to the first zero byte (as osquery writes them)
 *   src_port, dst_port  "lo:hi" from the rule's tcp or udp match ("!"
 *              when inverted), NULL without one
 *   match      "yes" when the rule has match extensions, else "no"
 *   packets, bytes  the rule's counters; on a chain's row, the policy's
 *              counters (NULL for a user-defined chain)
 * osquery fills the rule rows' packets and bytes with the chain's policy
 * counters, says "yes" to match for every rule, and reads ports from the
 * first match whatever it is; vigil reports the rule's own counters, the
 * matches that exist, and ports from the match named tcp or udp.  A chain
 * row's rule columns are NULL.  Rules written through iptables-nft live in
 * nftables and show in the nftables tables instead.
 *
 * Required constraints: none.  Privileges: CAP_NET_ADMIN (root) for all
 * three; without it the kernel refuses the dumps and the tables are empty
 * (the query still succeeds).
 *
 * Offline (--root other than "/") there is no kernel to ask: nftables_chains
 * lists the chains the root's /etc/nftables.conf declares, with their
 * type, hook, priority and policy (a base chain without a policy gets the
 * kernel's default, accept), rules and handle NULL and source the file's
 * path; only `table`, `chain`, `type ... hook ... priority ...;` and
 * `policy ...;` (and `add chain`, `flush ruleset`) are read, and include
 * files are not followed.  nftables_rules and iptables are empty offline.
 *
 * Example:
 *   SELECT family, "table", name, hook, policy FROM nftables_chains
 *     WHERE hook = 'input';
 *   SELECT chain, position, expr, verdict FROM nftables_rules
 *     WHERE "table" = 'filter';
 *   SELECT chain, policy FROM iptables WHERE filter_name = 'filter'
 *     AND target IS NULL;
 *
 * How it works: the nftables tables send NFT_MSG_GETCHAIN, GETSET,
 * GETSETELEM (for anonymous sets, whose elements are shown inline) and
 * GETRULE dumps for every family over a NETLINK_NETFILTER socket bound to
 * no group, hand what comes back to nft.c (validated, then decoded by
 * libnftnl), and start over (up to four times) when the ruleset changed
 * during the dumps (the generation in each answer's res_id differs, or
 * the kernel flags a dump interrupted).  A first request by a privileged
 * user makes the kernel load nf_tables if it is a module, as `nft list
 * ruleset` does.  iptables reads each table's IPT_SO_GET_INFO and
 * IPT_SO_GET_ENTRIES from a raw IPv4 socket and parses the entries with
 * iptparse.c; it asks only for tables /proc/net/ip_tables_names lists, so
 * it never makes the kernel load a table module, and a kernel without
 * legacy x_tables (no such file) gives an empty table.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter_ipv4/ip_tables.h>

#include "sql/table.h"
#include "tables/iptparse.h"
#include "tables/nft.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* ---------------------------------------------------------------- */
/* nftables over netlink */

/* Receive buffer: the kernel fills at most this much per read. */
#define NFT_BUF_SIZE (128u * 1024)
/* A dump that stalls this long is abandoned. */
#define NFT_TIMEOUT_SEC 5
/* Dumps started over when the ruleset changes under them. */
#define NFT_ATTEMPTS 4
/* The configuration file read offline, and its cap. */
#define NFT_CONF "/etc/nftables.conf"
#define NFT_CONF_MAX (16u << 20)

enum dump_what {
	DUMP_RULES = 1 << 0, /* rules, for their rows or their counts */
	DUMP_SETS = 1 << 1,  /* sets and anonymous sets' elements */
};

struct nl {
	struct mnl_socket *sock;
	unsigned portid, seq;
	char *buf;
	bool have_gen;
	uint16_t gen;     /* the generation the first answer carried */
	bool changed;     /* the ruleset changed during the dumps */
};

/*
 * Sends one dump request of type msg for family, with the table and set
 * names of a set-element dump when table is not NULL, and feeds every
 * answer to rs.  Returns 0, or -1 with errno set (EPERM without
 * CAP_NET_ADMIN, the kernel's error, a timeout).
 */
static int dump(struct nl *nl, struct nft_ruleset *rs, uint16_t msg,
		uint8_t family, const char *table, const char *set)
{
	union {
		char b[4096];
		struct nlmsghdr h;
	} req;
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;
	char err[256] = "";
	ssize_t n;
	int len;

	if ((table && strlen(table) > 256) || (set && strlen(set) > 256)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	nlh = mnl_nlmsg_put_header(req.b);
	nlh->nlmsg_type = NFNL_SUBSYS_NFTABLES << 8 | msg;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++nl->seq;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = family;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = 0;
	if (table) {
		mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_TABLE, table);
		mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_SET, set);
	}
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -1;

	for (;;) {
		n = mnl_socket_recvfrom(nl->sock, nl->buf, NFT_BUF_SIZE);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = ENODATA;
			return -1;
		}
		len = (int)n;
		for (nlh = (struct nlmsghdr *)nl->buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_pid != nl->portid ||
			    nlh->nlmsg_seq != nl->seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e =
					mnl_nlmsg_get_payload(nlh);

				errno = EPROTO;
				if (nlh->nlmsg_len >=
					    mnl_nlmsg_size(sizeof(*e)) &&
				    e->error < 0)
					errno = -e->error;
				return -1;
			}
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				nl->changed = true;
			if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(*nfg)) {
				const struct nfgenmsg *g =
					mnl_nlmsg_get_payload(nlh);

				if (!nl->have_gen) {
					nl->have_gen = true;
					nl->gen = g->res_id;
				} else if (g->res_id != nl->gen) {
					nl->changed = true;
				}
			}
			if (nft_ruleset_parse(rs, nlh, nlh->nlmsg_len, err,
					      sizeof(err)) < 0) {
				errno = ENOMEM;
				return -1;
			}
		}
	}
}

/* Interface names for the renderer: the index's name in vigil's own
 * network namespace, which is the one whose rules are read. */
static int ifname_cb(uint32_t index, char *name, void *arg)
{
	(void)arg;
	return if_indextoname(index, name) ? 0 : -1;
}

/* One consistent view of the ruleset into rs; 0 or -1 with errno. */
static int nft_read(struct nft_ruleset *rs, unsigned what)
{
	struct timeval tv = { NFT_TIMEOUT_SEC, 0 };
	struct nl nl;
	char err[256] = "";
	size_t i, nsets;
	int attempt, rc = -1;

	memset(&nl, 0, sizeof(nl));
	nl.buf = malloc(NFT_BUF_SIZE);
	if (!nl.buf)
		return -1;
	nl.sock = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	if (!nl.sock)
		goto out;
	if (setsockopt(mnl_socket_get_fd(nl.sock), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv)) < 0 ||
	    mnl_socket_bind(nl.sock, 0, MNL_SOCKET_AUTOPID) < 0)
		goto out;
	nl.portid = mnl_socket_get_portid(nl.sock);
	nl.seq = (unsigned)time(NULL);

	for (attempt = 0; attempt < NFT_ATTEMPTS; attempt++) {
		nft_ruleset_release(rs);
		nl.have_gen = false;
		nl.changed = false;
		if (dump(&nl, rs, NFT_MSG_GETCHAIN, NFPROTO_UNSPEC, NULL,
			 NULL) < 0)
			goto out;
		if (what & DUMP_SETS) {
			if (dump(&nl, rs, NFT_MSG_GETSET, NFPROTO_UNSPEC, NULL,
				 NULL) < 0)
				goto out;
			/* Elements of anonymous sets only: a named set is
			 * shown by its name. */
			nsets = rs->nsets;
			for (i = 0; i < nsets; i++) {
				const struct nft_set *s = &rs->sets[i];

				if (!(s->flags & NFT_SET_ANONYMOUS))
					continue;
				if (dump(&nl, rs, NFT_MSG_GETSETELEM, s->family,
					 s->table, s->name) < 0 &&
				    errno != ENOENT)
					goto out;
			}
		}
		if ((what & DUMP_RULES) &&
		    dump(&nl, rs, NFT_MSG_GETRULE, NFPROTO_UNSPEC, NULL,
			 NULL) < 0)
			goto out;
		if (!nl.changed)
			break;
	}
	if (nft_ruleset_finish(rs, err, sizeof(err)) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0) {
		int e = errno;

		nft_ruleset_release(rs);
		errno = e;
	}
	if (nl.sock)
		mnl_socket_close(nl.sock);
	free(nl.buf);
	return rc;
}

/* ---------------------------------------------------------------- */
/* nftables_chains */

enum {
	NC_FAMILY,
	NC_TABLE,
	NC_NAME,
	NC_TYPE,
	NC_HOOK,
	NC_PRIORITY,
	NC_POLICY,
	NC_RULES,
	NC_HANDLE,
	NC_SOURCE,
	NC_NCOLS
};

static const struct column nftables_chains_cols[] = {
	{ "family", COL_TEXT, 0,
	  "Address family of the chain's table: ip, ip6, inet, arp, bridge "
	  "or netdev." },
	{ "table", COL_TEXT, 0, "Name of the table the chain belongs to." },
	{ "name", COL_TEXT, 0, "Name of the chain." },
	{ "type", COL_TEXT, 0,
	  "Chain type of a base chain (filter, nat or route); NULL for a "
	  "regular chain." },
	{ "hook", COL_TEXT, 0,
	  "Hook a base chain is attached to (prerouting, input, forward, "
	  "output, postrouting, ingress or egress); NULL for a regular "
	  "chain." },
	{ "priority", COL_INTEGER, 0,
	  "Priority of a base chain at its hook (lower runs first); NULL "
	  "for a regular chain." },
	{ "policy", COL_TEXT, 0,
	  "Default verdict of a base chain for packets no rule decides "
	  "(accept or drop); NULL for a regular chain." },
	{ "rules", COL_INTEGER, 0,
	  "Number of rules in the chain (NULL when read from a "
	  "configuration file)." },
	{ "handle", COL_BIGINT, 0,
	  "Kernel handle of the chain (NULL when read from a configuration "
	  "file)." },
	{ "source", COL_TEXT, 0,
	  "Where the row comes from: netlink (the running kernel) or the "
	  "configuration file's path." },
};

_Static_assert(TABLE_NCOLS(nftables_chains_cols) == NC_NCOLS,
	       "nftables_chains column enum and array disagree");

static int chain_rows(struct qctx *q, const struct nft_ruleset *rs,
		      const char *source)
{
	size_t i;

	for (i = 0; i < rs->nchains; i++) {
		const struct nft_chain *c = &rs->chains[i];

		if (qctx_row(q) < 0)
			return -1;
		qctx_set_text(q, NC_FAMILY, nft_family_name(c->family));
		qctx_set_text(q, NC_TABLE, c->table);
		qctx_set_text(q, NC_NAME, c->name);
		if (c->base) {
			qctx_set_text(q, NC_TYPE, c->type);
			qctx_set_text(q, NC_HOOK, c->hook);
			if (c->has_priority)
				qctx_set_int(q, NC_PRIORITY, c->priority);
			qctx_set_text(q, NC_POLICY, c->policy);
		}
		if (c->rules >= 0)
			qctx_set_int(q, NC_RULES, c->rules);
		if (c->has_handle)
			qctx_set_int(q, NC_HANDLE, (int64_t)c->handle);
		qctx_set_text(q, NC_SOURCE, source);
	}
	return 0;
}

static int nftables_chains_generate(struct qctx *q)
{
	struct nft_ruleset rs;
	struct buf text = BUF_INIT(NFT_CONF_MAX);
	char err[256] = "";
	int rc = 0;

	nft_ruleset_init(&rs);
	if (hostfs_is_live()) {
		rs.no_render = true;
		/* Without CAP_NET_ADMIN, or without nf_tables, no rows. */
		if (nft_read(&rs, qctx_used(q, NC_RULES) ? DUMP_RULES : 0) ==
		    0)
			rc = chain_rows(q, &rs, "netlink");
	} else if (hostfs_read_file(NFT_CONF, NFT_CONF_MAX, 0, &text, NULL) ==
		   0) {
		if (nft_conf_parse(&rs, text.data, text.len, err,
				   sizeof(err)) < 0)
			rc = qctx_error(q, "nftables_chains: %s", err);
		else
			rc = chain_rows(q, &rs, NFT_CONF);
	}
	buf_release(&text);
	nft_ruleset_release(&rs);
	return rc;
}

static const struct table nftables_chains_table = {
	.name = "nftables_chains",
	.desc = "nftables chains of every table and family: hook, priority "
		"and default policy (live from the kernel; offline from "
		"/etc/nftables.conf).",
	.cols = nftables_chains_cols,
	.ncols = NC_NCOLS,
	.generate = nftables_chains_generate,
};
TABLE_REGISTER(nftables_chains_table);

/* ---------------------------------------------------------------- */
/* nftables_rules */

enum {
	NR_FAMILY,
	NR_TABLE,
	NR_CHAIN,
	NR_HANDLE,
	NR_POSITION,
	NR_EXPR,
	NR_VERDICT,
	NR_COUNTER_PACKETS,
	NR_COUNTER_BYTES,
	NR_COMMENT,
	NR_NCOLS
};

static const struct column nftables_rules_cols[] = {
	{ "family", COL_TEXT, 0,
	  "Address family of the rule's table: ip, ip6, inet, arp, bridge "
	  "or netdev." },
	{ "table", COL_TEXT, 0, "Name of the table the rule belongs to." },
	{ "chain", COL_TEXT, 0, "Name of the chain the rule belongs to." },
	{ "handle", COL_BIGINT, 0, "Kernel handle of the rule." },
	{ "position", COL_INTEGER, 0,
	  "Position of the rule in its chain, 1 for the first." },
	{ "expr", COL_TEXT, 0,
	  "The rule's expressions as text in the style of nft's listing, "
	  "such as 'meta l4proto tcp tcp dport 22 accept'." },
	{ "verdict", COL_TEXT, 0,
	  "The rule's verdict (accept, drop, reject, queue, continue, "
	  "return, jump CHAIN or goto CHAIN), or NULL when it has none." },
	{ "counter_packets", COL_BIGINT, 0,
	  "Packets counted by the rule's counter; NULL without a counter." },
	{ "counter_bytes", COL_BIGINT, 0,
	  "Bytes counted by the rule's counter; NULL without a counter." },
	{ "comment", COL_TEXT, 0, "The rule's comment, or NULL." },
};

_Static_assert(TABLE_NCOLS(nftables_rules_cols) == NR_NCOLS,
	       "nftables_rules column enum and array disagree");

static int nftables_rules_generate(struct qctx *q)
{
	struct nft_ruleset rs;
	unsigned what = DUMP_RULES;
	size_t i;
	int rc = 0;

	if (!hostfs_is_live())
		return 0;
	nft_ruleset_init(&rs);
	rs.ifname = ifname_cb;
	rs.no_render = !qctx_used(q, NR_EXPR) && !qctx_used(q, NR_VERDICT) &&
		       !qctx_used(q, NR_COUNTER_PACKETS) &&
		       !qctx_used(q, NR_COUNTER_BYTES) &&
		       !qctx_used(q, NR_COMMENT);
	if (!rs.no_render)
		what |= DUMP_SETS;
	if (nft_read(&rs, what) < 0)
		goto out; /* no CAP_NET_ADMIN, or no nf_tables: no rows */
	for (i = 0; i < rs.nrules; i++) {
		const struct nft_rule *r = &rs.rules[i];

		if (qctx_row(q) < 0) {
			rc = -1;
			goto out;
		}
		qctx_set_text(q, NR_FAMILY, nft_family_name(r->family));
		qctx_set_text(q, NR_TABLE, r->table);
		qctx_set_text(q, NR_CHAIN, r->chain);
		if (r->has_handle)
			qctx_set_int(q, NR_HANDLE, (int64_t)r->handle);
		qctx_set_int(q, NR_POSITION, r->position);
		if (rs.no_render)
			continue;
		qctx_set_text(q, NR_EXPR, r->expr);
		qctx_set_text(q, NR_VERDICT, r->verdict);
		if (r->has_counter) {
			qctx_set_int(q, NR_COUNTER_PACKETS,
				     (int64_t)r->packets);
			qctx_set_int(q, NR_COUNTER_BYTES, (int64_t)r->bytes);
		}
		qctx_set_text(q, NR_COMMENT, r->comment);
	}
out:
	nft_ruleset_release(&rs);
	return rc;
}

static const struct table nftables_rules_table = {
	.name = "nftables_rules",
	.desc = "nftables rules of every chain, rendered as text with "
		"verdict, counter and comment (live only; empty offline).",
	.cols = nftables_rules_cols,
	.ncols = NR_NCOLS,
	.generate = nftables_rules_generate,
};
TABLE_REGISTER(nftables_rules_table);

/* ---------------------------------------------------------------- */
/* iptables */

enum {
	IPT_FILTER_NAME,
	IPT_CHAIN,
	IPT_POLICY,
	IPT_TARGET,
	IPT_PROTOCOL,
	IPT_SRC_PORT,
	IPT_DST_PORT,
	IPT_SRC_IP,
	IPT_SRC_MASK,
	IPT_INIFACE,
	IPT_INIFACE_MASK,
	IPT_DST_IP,
	IPT_DST_MASK,
	IPT_OUTIFACE,
	IPT_OUTIFACE_MASK,
	IPT_MATCH,
	IPT_PACKETS,
	IPT_BYTES,
	IPT_NCOLS
};

static const struct column iptables_cols[] = {
	{ "filter_name", COL_TEXT, 0,
	  "Packet matching filter table name (filter, nat, mangle, raw, "
	  "security)." },
	{ "chain", COL_TEXT, 0, "Name of the chain." },
	{ "policy", COL_TEXT, 0,
	  "Policy of the built-in chain (ACCEPT, DROP ...); NULL for a "
	  "user-defined chain." },
	{ "target", COL_TEXT, 0,
	  "Target of the rule: ACCEPT, DROP, RETURN, a chain, an extension "
	  "such as REJECT, or empty when it only counts; NULL on a chain's "
	  "row." },
	{ "protocol", COL_INTEGER, 0,
	  "IP protocol number the rule matches (0 for any)." },
	{ "src_port", COL_TEXT, 0,
	  "Source port range lo:hi of the rule's tcp or udp match." },
	{ "dst_port", COL_TEXT, 0,
	  "Destination port range lo:hi of the rule's tcp or udp match." },
	{ "src_ip", COL_TEXT, 0, "Source IP address (\"!\" when inverted)." },
	{ "src_mask", COL_TEXT, 0, "Source IP address mask." },
	{ "iniface", COL_TEXT, 0,
	  "Input interface for the rule (\"all\" for any)." },
	{ "iniface_mask", COL_TEXT, 0,
	  "Input interface mask for the rule, in hex." },
	{ "dst_ip", COL_TEXT, 0,
	  "Destination IP address (\"!\" when inverted)." },
	{ "dst_mask", COL_TEXT, 0, "Destination IP address mask." },
	{ "outiface", COL_TEXT, 0,
	  "Output interface for the rule (\"all\" for any)." },
	{ "outiface_mask", COL_TEXT, 0,
	  "Output interface mask for the rule, in hex." },
	{ "match", COL_TEXT, 0,
	  "Whether the rule has match extensions (yes or no)." },
	{ "packets", COL_INTEGER, 0,
	  "Number of packets the rule (on a chain's row, the policy) "
	  "matched." },
	{ "bytes", COL_INTEGER, 0,
	  "Number of bytes the rule (on a chain's row, the policy) "
	  "matched." },
};

_Static_assert(TABLE_NCOLS(iptables_cols) == IPT_NCOLS,
	       "iptables column enum and array disagree");

#define IPT_NAMES "/proc/net/ip_tables_names"
/* Largest entry blob read of one table. */
#define IPT_BLOB_MAX (64u << 20)

/* Reads one table's entries; 0, or -1 with errno (EPERM ...). */
static int ipt_read(int fd, const char *name, struct iptparse_table *t)
{
	struct ipt_getinfo info;
	struct ipt_get_entries *ge = NULL;
	struct iptparse_info pi;
	socklen_t len;
	char err[256];
	int rc = -1, h;

	memset(&info, 0, sizeof(info));
	snprintf(info.name, sizeof(info.name), "%s", name);
	len = sizeof(info);
	if (getsockopt(fd, IPPROTO_IP, IPT_SO_GET_INFO, &info, &len) < 0)
		return -1;
	if (info.size > IPT_BLOB_MAX) {
		errno = EFBIG;
		return -1;
	}
	ge = calloc(1, sizeof(*ge) + info.size);
	if (!ge)
		return -1;
	snprintf(ge->name, sizeof(ge->name), "%s", name);
	ge->size = info.size;
	len = (socklen_t)(sizeof(*ge) + info.size);
	if (getsockopt(fd, IPPROTO_IP, IPT_SO_GET_ENTRIES, ge, &len) < 0)
		goto out; /* EAGAIN: the table changed size in between */
	memset(&pi, 0, sizeof(pi));
	pi.valid_hooks = info.valid_hooks;
	for (h = 0; h < IPTPARSE_HOOKS; h++) {
		pi.hook_entry[h] = info.hook_entry[h];
		pi.underflow[h] = info.underflow[h];
	}
	if (iptparse_entries(&pi, ge->entrytable, ge->size, t, err,
			     sizeof(err)) < 0)
		goto out;
	rc = 0;
out:
	h = errno;
	free(ge);
	errno = h;
	return rc;
}

/* Hex of a mask up to its first zero byte, as osquery writes it. */
static void mask_hex(const uint8_t *m, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < 16 && m[i]; i++) {
		out[2 * i] = hex[m[i] >> 4];
		out[2 * i + 1] = hex[m[i] & 15];
	}
	out[2 * i] = '\0';
}

static void set_addr(struct qctx *q, int col, const uint8_t a[4], bool inv)
{
	char s[INET_ADDRSTRLEN + 1];

	s[0] = '!';
	if (!inet_ntop(AF_INET, a, s + 1, INET_ADDRSTRLEN))
		return;
	qctx_set_text(q, col, inv ? s : s + 1);
}

static void set_iface(struct qctx *q, int col, const char *name, bool inv)
{
	char s[24];

	if (!name[0]) {
		qctx_set_text(q, col, "all");
		return;
	}
	snprintf(s, sizeof(s), "%s%s", inv ? "!" : "", name);
	qctx_set_text(q, col, s);
}

static void set_ports(struct qctx *q, int col, const uint16_t p[2], bool inv)
{
	char s[24];

	snprintf(s, sizeof(s), "%s%u:%u", inv ? "!" : "", p[0], p[1]);
	qctx_set_text(q, col, s);
}

static int ipt_rows(struct qctx *q, const char *filter,
		    const struct iptparse_table *t)
{
	char mask[40];
	size_t c, i;

	for (c = 0; c < t->nchains; c++) {
		const struct iptparse_chain *ch = &t->chains[c];

		for (i = ch->first_rule; i < ch->first_rule + ch->nrules;
		     i++) {
			const struct iptparse_rule *r = &t->rules[i];

			if (qctx_row(q) < 0)
				return -1;
			qctx_set_text(q, IPT_FILTER_NAME, filter);
			qctx_set_text(q, IPT_CHAIN, ch->name);
			if (ch->builtin)
				qctx_set_text(q, IPT_POLICY, ch->policy);
			qctx_set_text(q, IPT_TARGET, r->target);
			qctx_set_int(q, IPT_PROTOCOL, r->proto);
			if (r->has_ports) {
				set_ports(q, IPT_SRC_PORT, r->spts, r->sinv);
				set_ports(q, IPT_DST_PORT, r->dpts, r->dinv);
			}
			set_addr(q, IPT_SRC_IP, r->src,
				 r->invflags & IPT_INV_SRCIP);
			set_addr(q, IPT_SRC_MASK, r->smsk, false);
			set_addr(q, IPT_DST_IP, r->dst,
				 r->invflags & IPT_INV_DSTIP);
			set_addr(q, IPT_DST_MASK, r->dmsk, false);
			set_iface(q, IPT_INIFACE, r->iniface,
				  r->invflags & IPT_INV_VIA_IN);
			mask_hex(r->iniface_mask, mask);
			qctx_set_text(q, IPT_INIFACE_MASK, mask);
			set_iface(q, IPT_OUTIFACE, r->outiface,
				  r->invflags & IPT_INV_VIA_OUT);
			mask_hex(r->outiface_mask, mask);
			qctx_set_text(q, IPT_OUTIFACE_MASK, mask);
			qctx_set_text(q, IPT_MATCH,
				      r->nmatches ? "yes" : "no");
			qctx_set_int(q, IPT_PACKETS, (int64_t)r->packets);
			qctx_set_int(q, IPT_BYTES, (int64_t)r->bytes);
		}
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_text(q, IPT_FILTER_NAME, filter);
		qctx_set_text(q, IPT_CHAIN, ch->name);
		if (ch->builtin) {
			qctx_set_text(q, IPT_POLICY, ch->policy);
			qctx_set_int(q, IPT_PACKETS, (int64_t)ch->packets);
			qctx_set_int(q, IPT_BYTES, (int64_t)ch->bytes);
		}
	}
	return 0;
}

static int iptables_generate(struct qctx *q)
{
	struct buf names = BUF_INIT(64u << 10);
	struct iptparse_table t;
	char *line, *save = NULL;
	int fd = -1, rc = 0, tries;

	if (!hostfs_is_live())
		return 0;
	/* No file: no legacy x_tables in this kernel (or not loaded). */
	if (hostfs_read_file(IPT_NAMES, 64u << 10, 0, &names, NULL) < 0 ||
	    !names.data)
		goto out;
	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd < 0)
		goto out; /* no CAP_NET_RAW: no rows */
	for (line = strtok_r(names.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!line[0] || strlen(line) >= XT_TABLE_MAXNAMELEN)
			continue;
		/* EAGAIN: the table changed between the two calls. */
		for (tries = 0; (rc = ipt_read(fd, line, &t)) < 0 &&
				errno == EAGAIN && tries < 3;
		     tries++)
			;
		if (rc < 0) {
			rc = 0;
			continue; /* EPERM, or a table gone meanwhile */
		}
		rc = ipt_rows(q, line, &t);
		iptparse_table_release(&t);
		if (rc < 0)
			break;
	}
out:
	if (fd >= 0)
		close(fd);
	buf_release(&names);
	return rc;
}

static const struct table iptables_table = {
	.name = "iptables",
	.desc = "Legacy iptables (IPv4 x_tables) rules and chain policies "
		"(live only; empty offline or without CAP_NET_ADMIN).",
	.cols = iptables_cols,
	.ncols = IPT_NCOLS,
	.generate = iptables_generate,
};
TABLE_REGISTER(iptables_table);
