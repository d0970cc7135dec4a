/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nft_render.c: a rule's expressions as nft(8)-style text (nft.h has the
 * format), the renderer's model and its walk over a rule.  The model:
 * values written as what was loaded (addresses, ports, names, flags),
 * the kernel's registers as descriptions of what each holds ("tcp
 * dport", "ip saddr"), the header fields a payload load can name, and
 * the elements of an anonymous set.  The walk gives each of a rule's
 * expressions, through libnftnl's getters, to its renderer in
 * nft_expr.c; a rule libnftnl refuses as a whole is rendered expression
 * by expression, the ones libnftnl does not know from their attributes.
 * nft_ruleset_finish() (nft.c) calls nft_rule_render() for each rule.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "tables/nft.h"
#include "tables/nft_int.h"

/* --- values --------------------------------------------------------------- */

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

const char *nft_name_of(const struct names *t, size_t n, uint32_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].v == v)
			return t[i].name;
	return NULL;
}

void nft_add_hex(struct buf *b, const uint8_t *d, size_t n)
{
	size_t i;

	buf_adds(b, "0x");
	for (i = 0; i < n; i++)
		buf_printf(b, "%02x", d[i]);
}

/* Reads an unsigned integer of n (1, 2, 4 or 8) bytes; false otherwise. */
bool nft_get_uint(const uint8_t *d, size_t n, bool be, uint64_t *out)
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
	return nft_get_uint(d, n, true, out);
#else
	return nft_get_uint(d, n, false, out);
#endif
}

void nft_add_quoted(struct buf *b, const uint8_t *s, size_t n)
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

static void add_ifindex(struct render *r, struct buf *b, uint32_t index);

/*
 * Writes n bytes of value d as format f into b.  A value whose length
 * does not suit the format is written in hex.
 */
void nft_add_value(struct render *r, struct buf *b, enum fmt f,
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
		if (nft_get_uint(d, n, true, &v)) {
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

		nft_add_quoted(b, d, len);
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
		name = f == F_L4PROTO ?
			       nft_name_of(NAMES(l4_names), d[0]) :
		       f == F_PKTTYPE ?
			       nft_name_of(NAMES(pkttype_names), d[0]) :
		       f == F_CTDIR ?
			       nft_name_of(NAMES(ctdir_names), d[0]) :
		       f == F_ICMPTYPE ?
			       nft_name_of(NAMES(icmp_names), d[0]) :
		       f == F_ICMP6TYPE ?
			       nft_name_of(NAMES(icmp6_names), d[0]) :
		       f == F_DAY ?
			       nft_name_of(NAMES(day_names), d[0]) :
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
		if (!nft_get_uint(d, n, true, &v) || n != 2)
			break;
		name = f == F_ETHERTYPE ?
			       nft_name_of(NAMES(ethertype_names), v) :
			       nft_name_of(NAMES(arpop_names), v);
		if (name)
			buf_adds(b, name);
		else
			buf_printf(b, "0x%04" PRIx64, v);
		return;
	case F_IFTYPE:
	case F_FIBTYPE:
		if (!get_host(d, n, &v))
			break;
		name = f == F_IFTYPE ? nft_name_of(NAMES(iftype_names), v) :
				       nft_name_of(NAMES(fibtype_names), v);
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
	nft_add_hex(b, d, n);
}

const char *nft_verdict_text(int32_t code, const char *chain, char *buf,
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

/* --- registers ------------------------------------------------------------ */

static void add_ifindex(struct render *r, struct buf *b, uint32_t index)
{
	char name[IF_NAMESIZE + 1];

	memset(name, 0, sizeof(name));
	if (r->rs->ifname &&
	    r->rs->ifname(index, name, r->rs->ifname_arg) == 0 && name[0]) {
		name[IF_NAMESIZE] = '\0';
		nft_add_quoted(b, (const uint8_t *)name, strlen(name));
		return;
	}
	buf_printf(b, "%" PRIu32, index);
}

/* Appends a piece of text, a space before it. */
void nft_emit(struct render *r, const char *s)
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

void nft_emitf(struct render *r, const char *fmt, ...)
{
	char s[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	nft_emit(r, s);
}

/* Emits a struct buf's text and empties it. */
void nft_emit_buf(struct render *r, struct buf *b)
{
	if (b->data)
		nft_emit(r, b->data);
	buf_reset(b);
}

int nft_reg_index(uint32_t reg)
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
		nft_emitf(r, "%s => reg %" PRIu32, g->desc, g->regno);
	g->head = false;
}

/*
 * Starts a load of len bytes into register dreg with description desc;
 * returns the register to fill in, or NULL for a register number vigil
 * does not know (the load is then shown as it is).
 */
struct reg *nft_load(struct render *r, uint32_t dreg, uint32_t len,
		     const char *desc, enum fmt f)
{
	int i = nft_reg_index(dreg), k;
	struct reg *g;

	if (i < 0) {
		nft_emitf(r, "%s => reg %" PRIu32, desc, dreg);
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

/*
 * Reads len bytes (0: whatever was loaded) from register sreg: the loads
 * found there, joined with " . " when there are several.
 */
void nft_operand(struct render *r, uint32_t sreg, uint32_t len, struct opnd *o)
{
	int i = nft_reg_index(sreg);
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
void nft_add_reg_value(struct render *r, struct buf *b, const struct reg *g,
		       const uint8_t *d, size_t n)
{
	uint8_t tmp[NFT_DATA_MAX], pad[NFT_DATA_MAX];

	if (!g) {
		nft_add_hex(b, d, n);
		return;
	}
	d = unswap(g, d, n, tmp);
	if (g->prefix >= 0 && g->full <= NFT_DATA_MAX && n <= g->full) {
		memset(pad, 0, sizeof(pad));
		memcpy(pad, d, n);
		nft_add_value(r, b, g->fmt, pad, g->full);
		buf_printf(b, "/%d", g->prefix);
		return;
	}
	nft_add_value(r, b, g->fmt, d, n);
}

/* Writes a value read through operand o (concatenations part by part). */
void nft_add_opnd_value(struct render *r, struct buf *b, const struct opnd *o,
			const uint8_t *d, size_t n)
{
	size_t off = 0, plen;
	int i;

	if (o->nparts <= 1) {
		nft_add_reg_value(r, b, o->nparts ? o->part[0] : NULL, d, n);
		return;
	}
	for (i = 0; i < o->nparts && off < n; i++) {
		plen = o->part[i]->len;
		if (plen > n - off)
			plen = n - off;
		if (i)
			buf_adds(b, " . ");
		nft_add_reg_value(r, b, o->part[i], d + off, plen);
		off += span_of(o->part[i]->len) * 4;
	}
}

/*
 * The text of what register sreg holds, for a statement that writes it
 * somewhere: a value (immediate data) is formatted as f, a load is its
 * description.
 */
void nft_add_source(struct render *r, struct buf *b, uint32_t sreg,
		    uint32_t len, enum fmt f)
{
	int i = nft_reg_index(sreg);
	struct opnd o;

	if (i >= 0 && r->regs[i].head && r->regs[i].value) {
		struct reg *g = &r->regs[i];

		g->read = true;
		nft_add_value(r, b, f, g->val,
			      len && len < g->len ? len : g->len);
		return;
	}
	nft_operand(r, sreg, len, &o);
	buf_adds(b, o.desc);
}

/* --- header fields -------------------------------------------------------- */

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
const struct field *nft_payload_desc(const struct render *r, uint32_t base,
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

/* --- sets ----------------------------------------------------------------- */

/* nft's datatypes (nftables src/datatype.h), for set keys and map data. */
enum fmt nft_datatype_fmt(uint32_t type, bool *known)
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
				      !nft_datatype_fmt(types[i], &known))) {
			kp[i].g.fmt = o->part[i]->fmt;
			kp[i].g.swap = o->part[i]->swap;
		} else {
			kp[i].g.fmt = nft_datatype_fmt(types[i], &known);
		}
	}
	return n;
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
		nft_add_reg_value(r, b, g, lo, len);
		return;
	}
	if (!g->swap &&
	    (g->fmt == F_IPV4 || g->fmt == F_IPV6 || g->fmt == F_INETADDR) &&
	    (p = range_prefix(lo, hi, len)) >= 0) {
		nft_add_reg_value(r, b, g, lo, len);
		buf_printf(b, "/%d", p);
		return;
	}
	nft_add_reg_value(r, b, g, lo, len);
	buf_addc(b, '-');
	nft_add_reg_value(r, b, g, hi, len);
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

/* Writes a key (or the value of a map) of len bytes, part by part: the
 * range of one value, which add_part_range() writes as that value. */
static void add_key(struct render *r, struct buf *b, const struct kpart *kp,
		    int n, const uint8_t *d, size_t len)
{
	add_range(r, b, kp, n, d, d, len);
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
		buf_adds(b, nft_verdict_text(el->vcode, el->vchain, vbuf,
					     sizeof(vbuf)));
	} else if (el->objref) {
		nft_add_quoted(b, (const uint8_t *)el->objref,
			       strlen(el->objref));
	} else {
		memset(&kp, 0, sizeof(kp));
		kp.g.prefix = -1;
		kp.g.fmt = nft_datatype_fmt(s->data_type, &known);
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
void nft_add_set_ref(struct render *r, struct buf *b, const char *name,
		     const struct opnd *o)
{
	const struct nft_set *s =
		nft_set_find(r->rs, r->rule->family, r->rule->table, name);

	if (s && (s->flags & NFT_SET_ANONYMOUS) && s->total > 0) {
		add_elems(r, b, s, o);
		return;
	}
	buf_printf(b, "@%s", name);
}

/* --- rules ---------------------------------------------------------------- */

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
		nft_add_hex(&b, data + sizeof(a), plen > 64 ? 64 : plen);
		if (plen > 64)
			buf_adds(&b, "...");
		step = MNL_ALIGN(a.nla_len);
		if (step >= len)
			break;
		data += step;
		len -= step;
	}
	buf_addc(&b, ']');
	nft_emit_buf(r, &b);
	buf_release(&b);
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

	name = nft_attr_find(elem, len, NFTA_EXPR_NAME, &nlen);
	data = nft_attr_find(elem, len, NFTA_EXPR_DATA, &dlen);
	if (!name)
		return;
	if (!nft_valid_known((const char *)name)) {
		raw_expr(r, (const char *)name, data, data ? dlen : 0);
		return;
	}
	buf = calloc(1, len + 64);
	nr = nft_lib.rule_alloc();
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
	if (nft_lib.rule_nlmsg_parse(nlh, nr) == 0)
		nft_lib.expr_foreach(nr, nft_expr_cb, r);
	else
		raw_expr(r, (const char *)name, data, data ? dlen : 0);
out:
	if (nr)
		nft_lib.rule_free(nr);
	free(buf);
}

/* Walks a rule's expressions one by one (see one_expr). */
static void raw_rule(struct render *r, const uint8_t *attrs, size_t alen)
{
	const uint8_t *list;
	size_t llen, step;
	struct nlattr a;

	list = nft_attr_find(attrs, alen, NFTA_RULE_EXPRESSIONS, &llen);
	while (list && llen >= sizeof(a)) {
		memcpy(&a, list, sizeof(a));
		if (r->pend)
			nft_flush_pending(r);
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
			char *c = nft_dup_n(s, strnlen(s, l));

			if (!c)
				*ok = false;
			return c;
		}
		off += 2 + l;
	}
	return NULL;
}

/* Renders one stashed rule into its fields. */
int nft_rule_render(struct nft_ruleset *rs, struct nft_rule *rule)
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
	nr = nft_lib.rule_alloc();
	if (!nr) {
		r->oom = true;
		goto out;
	}
	if (nft_lib.rule_nlmsg_parse(rule->msg, nr) == 0)
		nft_lib.expr_foreach(nr, nft_expr_cb, r);
	else
		raw_rule(r, attrs, alen);
	nft_flush_pending(r);
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
	ud = nft_attr_find(attrs, alen, NFTA_RULE_USERDATA, &udlen);
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
		nft_lib.rule_free(nr);
	buf_release(&r->out);
	free(r->verdict);
	free(r->comment);
	i = r->oom ? -1 : 0;
	free(r);
	return i;
}
