/* SPDX-License-Identifier: Apache-2.0 */
/*
 * netparse: the parsers behind the network tables (network.c, netcfg.c),
 * exported for tests and fuzzing.
 *
 * These are pure functions over bytes already read: no I/O, no printing,
 * no allocation.  They read /etc/resolv.conf, /etc/services and
 * /etc/protocols as the C library does, and the kernel's text views of the
 * network stack (/proc/net/route, ipv6_route, arp, if_inet6, dev and
 * fib_trie) as the kernel writes them.  Both may come from a mounted image
 * or a fixture and hold anything, so every parser bounds its line, checks
 * every field and refuses what it cannot read, with the reason in a
 * caller's err buffer (cut to errsize; err may be NULL).
 *
 * Line parsers take the line without its newline, as line[0..len).  Those
 * taking a `char *` rewrite the line in place and may write a NUL at
 * line[len], so the buffer must hold len + 1 writable bytes; the strings
 * they return point into it.  A NUL byte inside a line ends the line, as
 * it does for the C library's readers.
 */
#ifndef VIGIL_NETPARSE_H
#define VIGIL_NETPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest line any parser takes; a longer one is refused, not cut. */
#define NETPARSE_LINE_MAX (64u * 1024)

/* Room for any address text these parsers produce: an IPv6 address, a
 * '%', an interface name or scope of up to 16 bytes, and the NUL. */
#define NETPARSE_ADDR_MAX 64

/* --- /etc/services (services(5)) ----------------------------------------- */

struct netparse_service {
	char *name;
	unsigned port;   /* 0..65535 */
	char *protocol;  /* "tcp", "udp", "sctp", "ddp" ... */
	char *aliases;   /* joined by single spaces; "" when there are none */
	char *comment;   /* the text after the first '#', trimmed; NULL when
			    there is none or it is blank */
};

/*
 * Parses "name port/protocol [aliases ...] [# comment]".  Words are
 * separated by spaces and tabs.  Returns 0, or -1 with err set to "blank
 * line" (nothing but blanks or a comment), "missing port", "bad port"
 * (not a decimal number in 0..65535 followed by "/" and a protocol),
 * "line too long".
 */
int netparse_service(char *line, size_t len, struct netparse_service *out,
		     char *err, size_t errsize);

/* --- /etc/protocols (protocols(5)) --------------------------------------- */

struct netparse_protocol {
	char *name;
	int number;    /* 0..255 in practice; any value up to INT_MAX taken */
	char *aliases; /* joined by single spaces; NULL when there are none */
	char *comment; /* as for services */
};

/*
 * Parses "name number [aliases ...] [# comment]".  Returns 0, or -1 with
 * err set to "blank line", "missing number", "bad number", "line too long".
 */
int netparse_protocol(char *line, size_t len, struct netparse_protocol *out,
		      char *err, size_t errsize);

/* --- /etc/resolv.conf (resolv.conf(5), as glibc 2.36 reads it) ---------- */

#define NETPARSE_RESOLV_MAXNS 3     /* glibc's MAXNS: the resolver uses 3 */
#define NETPARSE_RESOLV_MAXSORT 10  /* glibc's MAXRESOLVSORT */
#define NETPARSE_RESOLV_SEARCH_MAX 4096 /* bytes of search names kept */

/* glibc's option bits (resolv.h) for the options the file can set. */
#define NETPARSE_RES_INIT 0x00000001ul
#define NETPARSE_RES_USEVC 0x00000008ul
#define NETPARSE_RES_DEFAULT 0x000002c0ul /* RECURSE | DEFNAMES | DNSRCH */
#define NETPARSE_RES_ROTATE 0x00004000ul
#define NETPARSE_RES_USE_EDNS0 0x00100000ul
#define NETPARSE_RES_SNGLKUP 0x00200000ul
#define NETPARSE_RES_SNGLKUPREOP 0x00400000ul
#define NETPARSE_RES_NOTLDQUERY 0x01000000ul
#define NETPARSE_RES_NORELOAD 0x02000000ul
#define NETPARSE_RES_TRUSTAD 0x04000000ul
#define NETPARSE_RES_NOAAAA 0x08000000ul

struct netparse_sortlist {
	char address[16]; /* dotted quad */
	char netmask[16]; /* prefix length ("24"), or a dotted quad when the
			     mask is not contiguous */
};

/*
 * The resolver configuration built up line by line.  Initialise with
 * netparse_resolv_init, feed every line to netparse_resolv_line, then
 * call netparse_resolv_finish once.
 */
struct netparse_resolv {
	/* Name servers in file order, as text ("192.0.2.53",
	 * "2001:db8::53", "fe80::1%eth0"): the first MAXNS valid ones. */
	char ns[NETPARSE_RESOLV_MAXNS][NETPARSE_ADDR_MAX];
	int nns;
	/* The search list: nsearch names stored one after another, each
	 * NUL-terminated, in search[0..searchlen).  A later "search" or
	 * "domain" line replaces an earlier one. */
	char search[NETPARSE_RESOLV_SEARCH_MAX];
	size_t searchlen;
	int nsearch;
	struct netparse_sortlist sort[NETPARSE_RESOLV_MAXSORT];
	int nsort;
	unsigned long options; /* glibc's _res.options */
};

void netparse_resolv_init(struct netparse_resolv *rc);

/*
 * Applies one line.  Keywords count only at the very start of the line
 * and must be followed by a blank; lines starting with '#' or ';' are
 * comments.  Name servers are read with inet_aton, then as IPv6 with an
 * optional "%scope"; unreadable ones are skipped, as are those past the
 * third.  Sortlist entries are "address[/mask]" or "address[&mask]" with
 * glibc's class-based mask when none is given.  Options set glibc's bits
 * (ndots:, timeout: and attempts: have no bit and are ignored).
 * Returns 0 when the line changed the configuration, or -1 with err set
 * to "comment", "blank line", "unknown keyword", "bad address", "ignored"
 * (a valid line that changed nothing, such as a fourth name server) or
 * "line too long".
 */
int netparse_resolv_line(struct netparse_resolv *rc, const char *line,
			 size_t len, char *err, size_t errsize);

/*
 * Applies glibc's defaults: 127.0.0.1 when no name server was read, and
 * when no search list was, the part of hostname after its first '.'
 * (hostname may be NULL).
 */
void netparse_resolv_finish(struct netparse_resolv *rc, const char *hostname);

/* --- /proc/net/route ------------------------------------------------------ */

/* The route flags /proc/net/route and ipv6_route print (linux/route.h). */
#define NETPARSE_RTF_UP 0x0001u
#define NETPARSE_RTF_GATEWAY 0x0002u
#define NETPARSE_RTF_HOST 0x0004u
#define NETPARSE_RTF_REJECT 0x0200u
#define NETPARSE_RTF_CACHE 0x01000000u
#define NETPARSE_RTF_ANYCAST 0x00100000u
#define NETPARSE_RTF_LOCAL 0x80000000u

struct netparse_route4 {
	char *iface;      /* "*" when the route has no device */
	uint8_t dst[4];   /* network byte order */
	uint8_t gw[4];
	unsigned flags;   /* NETPARSE_RTF_* */
	int64_t metric;
	unsigned plen;    /* prefix length of Mask */
	unsigned mtu;     /* the "MTU" column (advmss + 40, or 0) */
	unsigned window;
	unsigned irtt;
};

/*
 * Parses a line of /proc/net/route (11 whitespace-separated fields:
 * Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT).
 * Addresses are the kernel's %08X of a network-order value, read back in
 * this machine's byte order (the file's writer and reader share it).
 * Returns 0, or -1 with err set to "header", "missing field", "bad
 * address", "bad number", "bad mask" (not a contiguous netmask),
 * "line too long".
 */
int netparse_route4(char *line, size_t len, struct netparse_route4 *out,
		    char *err, size_t errsize);

/* --- /proc/net/ipv6_route ------------------------------------------------- */

struct netparse_route6 {
	uint8_t dst[16];
	unsigned dst_plen;
	uint8_t src[16];
	unsigned src_plen;
	uint8_t nexthop[16];
	uint32_t metric;
	uint32_t refcnt;
	uint32_t use;
	uint32_t flags; /* NETPARSE_RTF_* */
	char *iface;    /* may be "" */
};

/*
 * Parses a line of /proc/net/ipv6_route: dest, dest prefix length, source,
 * source prefix length, next hop (32, 2, 32, 2, 32 hex digits), metric,
 * refcnt, use, flags (8 hex digits each) and the device name.  Returns 0
 * or -1 with err set to "missing field", "bad address", "bad number",
 * "bad prefix length", "line too long".
 */
int netparse_route6(char *line, size_t len, struct netparse_route6 *out,
		    char *err, size_t errsize);

/* --- /proc/net/arp -------------------------------------------------------- */

#define NETPARSE_ATF_COM 0x02u  /* completed entry: the MAC is known */
#define NETPARSE_ATF_PERM 0x04u /* permanent entry */
#define NETPARSE_ATF_PUBL 0x08u /* published (proxy) entry */

struct netparse_arp {
	char *address; /* an IPv4 address, checked */
	unsigned hwtype;
	unsigned flags; /* NETPARSE_ATF_* */
	char *mac;      /* as printed: hex bytes joined by ':' */
	char *mask;
	char *device;
};

/*
 * Parses a line of /proc/net/arp: IP address, HW type, Flags, HW address,
 * Mask, Device.  Returns 0, or -1 with err set to "header", "missing
 * field", "bad address", "bad number", "bad hardware address", "line too
 * long".
 */
int netparse_arp(char *line, size_t len, struct netparse_arp *out,
		 char *err, size_t errsize);

/* --- /proc/net/if_inet6 --------------------------------------------------- */

struct netparse_inet6 {
	uint8_t addr[16];
	unsigned ifindex;
	unsigned plen;  /* 0..128 */
	unsigned scope; /* 0x00 global, 0x10 host, 0x20 link ... */
	unsigned flags; /* IFA_F_* */
	char *ifname;
};

/*
 * Parses a line of /proc/net/if_inet6: address (32 hex digits), ifindex,
 * prefix length, scope, flags (hex) and device name.  Returns 0 or -1 with
 * err set to "missing field", "bad address", "bad number", "bad prefix
 * length", "line too long".
 */
int netparse_inet6(char *line, size_t len, struct netparse_inet6 *out,
		   char *err, size_t errsize);

/* --- /proc/net/dev -------------------------------------------------------- */

/* The counters of a /proc/net/dev line, in the file's order. */
enum netparse_netdev_field {
	NETDEV_RX_BYTES,
	NETDEV_RX_PACKETS,
	NETDEV_RX_ERRS,
	NETDEV_RX_DROP,
	NETDEV_RX_FIFO,
	NETDEV_RX_FRAME,
	NETDEV_RX_COMPRESSED,
	NETDEV_RX_MULTICAST,
	NETDEV_TX_BYTES,
	NETDEV_TX_PACKETS,
	NETDEV_TX_ERRS,
	NETDEV_TX_DROP,
	NETDEV_TX_FIFO,
	NETDEV_TX_COLLS,
	NETDEV_TX_CARRIER,
	NETDEV_TX_COMPRESSED,
	NETDEV_NFIELDS
};

struct netparse_netdev {
	char *name;
	uint64_t v[NETDEV_NFIELDS];
};

/*
 * Parses an interface line of /proc/net/dev: "name: 16 counters".  The
 * two header lines are refused with "header".  Returns 0 or -1 with err
 * set to "header", "missing field", "bad number", "line too long".
 */
int netparse_netdev(char *line, size_t len, struct netparse_netdev *out,
		    char *err, size_t errsize);

/* --- /proc/net/fib_trie --------------------------------------------------- */

/* State carried from line to line: the table and leaf being read. */
struct netparse_fib_state {
	bool in_table;
	bool have_leaf;
	uint8_t leaf[4];
};

/* One route alias of a leaf: "/PLEN SCOPE TYPE" under "|-- ADDRESS". */
struct netparse_fib_ent {
	uint8_t addr[4];
	unsigned plen;
	char scope[16]; /* "universe", "link", "host" ... or "scope=N" */
	char type[16];  /* "UNICAST", "LOCAL", "BROADCAST" ... or "type N" */
};

void netparse_fib_init(struct netparse_fib_state *st);

/*
 * Reads one line of /proc/net/fib_trie: a table header ("Main:",
 * "Local:", "Id 100:"), an inner node ("+-- 10.0.0.0/8 2 0 2"), a leaf
 * ("|-- 10.0.0.1") or one of the leaf's route aliases ("/32 host LOCAL").
 * Returns 1 with *out filled for an alias, 0 for the other lines, or -1
 * with err set to "bad line", "bad address", "bad prefix length", "alias
 * outside a leaf", "line too long".
 */
int netparse_fib_trie_line(struct netparse_fib_state *st, const char *line,
			   size_t len, struct netparse_fib_ent *out, char *err,
			   size_t errsize);

/* --- helpers -------------------------------------------------------------- */

/*
 * Writes n bytes as lowercase hex pairs joined by ':' into out.  Returns 0,
 * or -1 when n is 0 or out is too small.
 */
int netparse_format_mac(const uint8_t *a, size_t n, char *out, size_t size);

/*
 * Writes an address as text: dotted quad for AF_INET (4 bytes), RFC 5952
 * for AF_INET6 (16 bytes), with "%ifname" appended to a link-local
 * unicast or multicast IPv6 address when ifname is given (as getnameinfo
 * writes a scoped address).  Returns 0 or -1.
 */
int netparse_format_addr(int family, const uint8_t *a, const char *ifname,
			 char *out, size_t size);

/*
 * Writes the netmask of a prefix length: "255.255.255.0" for AF_INET,
 * "ffff:ffff:ffff:ffff::" for AF_INET6.  Returns 0, or -1 when plen is
 * longer than the family's addresses.
 */
int netparse_format_mask(int family, unsigned plen, char *out, size_t size);

/* The prefix length of a network-order IPv4 netmask, or -1 when its bits
 * are not contiguous. */
int netparse_mask4_plen(const uint8_t mask[4]);

/*
 * Reads a sysfs number: decimal, or hex with "0x" ("0x1003"), with blanks
 * and a newline around it.  Returns 0 or -1.
 */
int netparse_sysfs_num(const char *s, int64_t *out);

/*
 * The IFF_* flags the kernel reports for an interface (dev_get_flags),
 * rebuilt from sysfs: the device's flags file, with IFF_RUNNING when it
 * is up and operstate is "up" or "unknown", IFF_LOWER_UP when it is up
 * and carrier is 1, IFF_DORMANT when it is up and dormant is 1.  Pass
 * NULL for an operstate and -1 for a carrier or dormant that could not be
 * read.
 */
uint64_t netparse_link_flags(uint64_t sysfs_flags, const char *operstate,
			     int carrier, int dormant);

/*
 * Finds the PCI address ("0000:00:03.0") in a sysfs device path such as
 * "../../devices/pci0000:00/0000:00:03.0/virtio2/net/eth0": the last
 * component of the form DOMAIN:BUS:DEV.FN in hex.  Copies it to out and
 * returns 0, or returns -1 when there is none or it does not fit.
 */
int netparse_pci_slot(const char *path, char *out, size_t size);

/*
 * The IPv6 settings the kernel acts on, from one interface's values of
 * forwarding, accept_redirects and accept_ra: redirects are taken only
 * when accept_redirects is set and forwarding is off (rt6_do_redirect);
 * router advertisements when accept_ra is 2, or 1 with forwarding off
 * (ipv6_accept_ra).  Return 1 or 0.
 */
int netparse_ipv6_redirect(int64_t forwarding, int64_t accept_redirects);
int netparse_ipv6_rtadv(int64_t forwarding, int64_t accept_ra);

/*
 * osquery's routes.type for an rtnetlink route type (RTN_*): "gateway"
 * for unicast, "local", "broadcast", "anycast", else "other".
 */
const char *netparse_rtn_type(unsigned rtm_type);

/*
 * The same for the routes of /proc/net/route and ipv6_route, which carry
 * flags and not a type: RTF_REJECT, and for IPv4 a route with no device,
 * is "other" (unreachable, prohibit, blackhole); RTF_LOCAL is "local",
 * RTF_ANYCAST "anycast"; an IPv6 route into ff00::/8 is "other"
 * (multicast); the rest are unicast, "gateway".
 */
const char *netparse_route4_type(const struct netparse_route4 *r);
const char *netparse_route6_type(const struct netparse_route6 *r);

#endif
