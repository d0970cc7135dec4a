/* SPDX-License-Identifier: Apache-2.0 */
/*
 * network.c: the network stack's state: interface_addresses,
 * interface_details, interface_ipv6, routes and arp_cache.
 *
 * On the live host (no --root) every table asks the kernel over
 * rtnetlink (rtnl.c), which is exact and complete and describes the
 * network namespace vigil runs in.  Under --root there is no kernel to
 * ask, and the tables read what the root's /proc/net and /sys/class/net
 * hold (a saved copy of them, or a fixture), parsed by netparse.c.
 *
 * interface_addresses, one row an address:
 *   interface       the link's name (live: RTM_GETLINK; an IPv4 alias
 *                   label such as "eth0:1" is not used: the row names the
 *                   device, as interface_details does)
 *   address         IFA_LOCAL (IFA_ADDRESS when there is none); an IPv6
 *                   link-local address carries "%interface", as
 *                   getnameinfo writes it and osquery shows it
 *   mask            the netmask of the prefix length, "255.255.255.0"
 *                   or "ffff:ffff:ffff:ffff::"
 *   broadcast       IFA_BROADCAST, or NULL
 *   point_to_point  the peer (IFA_ADDRESS when it differs from IFA_LOCAL),
 *                   or NULL.  osquery reads getifaddrs(), which also puts
 *                   the local address here (or in broadcast) when an
 *                   address has no peer and no broadcast, such as
 *                   127.0.0.1 on lo; vigil reports only a real peer.
 *   type            "unknown": Linux does not record whether an address
 *                   came from DHCP or by hand (osquery says the same)
 *
 * interface_details, one row a link:
 *   interface, mac  name and link-layer address (hex pairs joined by ':';
 *                   NULL for links without one, such as tunnels)
 *   type            ARPHRD_* (1 Ethernet, 772 loopback, 65534 none ...)
 *   mtu             IFLA_MTU
 *   metric          0: Linux keeps no interface metric and its
 *                   SIOCGIFMETRIC always answers 0
 *   flags           IFF_* as the kernel reports them (SIOCGIFFLAGS and
 *                   RTM_NEWLINK), with IFF_PROMISC and IFF_ALLMULTI as
 *                   the device has them (from its promiscuity and allmulti
 *                   counts), which is also what osquery shows
 *   ipackets ... collisions
 *                   the 64-bit counters (IFLA_STATS64); osquery cuts them
 *                   to 32 bits
 *   last_change     NULL: Linux does not record it (osquery shows -1)
 *   link_speed      Mb/s from ethtool, NULL when the driver does not know
 *                   it (no link, virtual devices; osquery shows 0)
 *   pci_slot        the bus address from ethtool's driver info
 *                   ("0000:00:03.0"), NULL when there is none
 *
 * interface_ipv6, one row a link:
 *   hop_limit, forwarding_enabled
 *                   the interface's IPv6 hop_limit and forwarding
 *   redirect_accept 1 when the kernel acts on ICMPv6 redirects on it:
 *                   accept_redirects set and forwarding off
 *                   (rt6_do_redirect; osquery mixes in the "all" value,
 *                   which IPv6 does not use)
 *   rtadv_accept    1 when it acts on router advertisements: accept_ra 2,
 *                   or 1 with forwarding off (ipv6_accept_ra)
 *   All four are NULL for a link without IPv6.  Live: IFLA_INET6_CONF.
 *
 * routes, one row a route (a multipath route gives one a next hop), of
 * every table (main, local, and policy tables) and both families:
 *   destination     RTA_DST, or "0.0.0.0" / "::" for a default route
 *   netmask         the prefix length (osquery shows 0 for /32 and /128
 *                   host routes; vigil shows 32 and 128)
 *   gateway         RTA_GATEWAY or RTA_VIA, NULL when on-link
 *   source          RTA_PREFSRC, or NULL
 *   flags           rtm_flags (RTNH_F_*, RTM_F_*), as osquery shows
 *   interface       the output device, or NULL
 *   mtu, hopcount   RTAX_MTU and RTAX_HOPLIMIT, 0 when the route sets none
 *   metric          RTA_PRIORITY, 0 when absent
 *   type            osquery's names: "gateway" for unicast routes (with
 *                   or without a gateway), "local", "broadcast",
 *                   "anycast", and "other" for the rest (multicast,
 *                   unreachable, blackhole, prohibit ...)
 *
 * arp_cache, one row an IPv4 neighbour that /proc/net/arp would list (the
 * ARP table without NOARP entries, then the proxy entries):
 *   address, interface  the neighbour and its device
 *   mac             its link-layer address, NULL until it is resolved
 *                   (/proc/net/arp prints zeros then)
 *   permanent       "1" for a static (NUD_PERMANENT) or proxy entry, else
 *                   "0" (osquery: "1" only for a complete static entry)
 *
 * Offline (--root) sources, and what they cannot see:
 *   interface_details  /sys/class/net/NAME/: address, type, mtu, flags,
 *                   operstate, carrier, dormant, speed and statistics/
 *                   (else /proc/net/dev for the counters, but not idrops:
 *                   its receive drops add rx_missed_errors); links are
 *                   ordered by their ifindex file, or taken from
 *                   /proc/net/dev when there is no /sys/class/net.  flags
 *                   get IFF_RUNNING, IFF_LOWER_UP and IFF_DORMANT back
 *                   from operstate, carrier and dormant as the kernel
 *                   derives them.  pci_slot is the PCI address in the
 *                   device's sysfs path (for a USB adapter, its
 *                   controller's).
 *   interface_addresses  IPv6 from /proc/net/if_inet6 (no peers).  IPv4
 *                   has no file of its own: the local addresses are the
 *                   "/32 host LOCAL" entries of /proc/net/fib_trie (which
 *                   also holds local routes added by hand, as
 *                   `ip route add local` does); the mask and interface
 *                   come from the longest on-link route of /proc/net/route
 *                   that holds the address, else from a LOCAL prefix
 *                   route such as 127.0.0.0/8, which the kernel adds only
 *                   for a loopback device's addresses: the interface is
 *                   then the one device whose sysfs flags say
 *                   IFF_LOOPBACK.  Without either the interface and mask
 *                   are NULL.  broadcast and point_to_point are NULL: the
 *                   kernel adds a subnet's broadcast route whether or not
 *                   the address has a broadcast address set, and peers
 *                   are not visible.
 *   interface_ipv6  /proc/sys/net/ipv6/conf/NAME/{hop_limit,forwarding,
 *                   accept_redirects,accept_ra}.
 *   routes          /proc/net/route (the main IPv4 table only: no local
 *                   or policy tables) and /proc/net/ipv6_route (all
 *                   tables).  source, flags, mtu and hopcount are NULL:
 *                   the files do not hold them.  type comes from the
 *                   RTF_* flags.
 *   arp_cache       /proc/net/arp.
 *
 * Required constraints: none.  Privileges: none (ethtool's read queries
 * need none either).
 *
 * Example:
 *   SELECT interface, address, mask FROM interface_addresses
 *     WHERE address NOT LIKE 'fe80:%';
 *   SELECT destination, netmask, gateway, interface FROM routes
 *     WHERE type = 'gateway' AND destination IN ('0.0.0.0', '::');
 *
 * How it works: live, each scan dumps the links once for their names and
 * then streams the addresses, routes or neighbours straight into rows.
 * Offline, /proc/net files are read line by line with a bounded buffer
 * (lines longer than NETPARSE_LINE_MAX are skipped), so a full Internet
 * routing table passes through without being held whole.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sql/table.h"
#include "tables/netparse.h"
#include "tables/rtnl.h"
#include "util/hostfs.h"

/* The neighbour states with a usable link-layer address (the kernel's
 * NUD_VALID, which the UAPI headers do not export). */
#define NUD_VALID_STATES                                                      \
	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE |  \
	 NUD_DELAY)

/* Most interfaces, addresses or on-link routes kept in memory at once;
 * entries past it are left out. */
#define NET_MAX_ENTRIES (4u << 20)

/* ------------------------------------------------------------------------ */
/* Shared helpers                                                           */
/* ------------------------------------------------------------------------ */

/*
 * Reads a host file line by line through a bounded buffer and calls fn on
 * each line (without its newline; line[len] is writable).  Lines longer
 * than NETPARSE_LINE_MAX are skipped whole.  Returns 0; 1 when the file
 * cannot be opened (no rows, not an error); -1 when fn returned -1 or
 * memory ran out (the error is then set in q).
 */
static int read_lines(struct qctx *q, const char *path,
		      int (*fn)(char *line, size_t len, void *arg), void *arg)
{
	const size_t size = 2 * NETPARSE_LINE_MAX + 1;
	size_t start = 0, end = 0, i;
	bool skipping = false, eof = false;
	char *buf, *nl;
	ssize_t n;
	int fd, rc = -1;

	fd = hostfs_open(path, O_RDONLY, 0);
	if (fd < 0)
		return 1;
	buf = malloc(size);
	if (!buf) {
		qctx_error(q, "reading %s: out of memory", path);
		goto out;
	}
	while (!eof || start < end) {
		if (!eof && end < size - 1) {
			n = read(fd, buf + end, size - 1 - end);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				eof = true;
			else
				end += (size_t)n;
		}
		for (;;) {
			nl = memchr(buf + start, '\n', end - start);
			if (!nl)
				break;
			i = (size_t)(nl - (buf + start));
			if (!skipping && fn(buf + start, i, arg) < 0)
				goto out;
			skipping = false;
			start += i + 1;
		}
		if (eof) {
			/* A last line without a newline. */
			if (start < end && !skipping) {
				buf[end] = '\0';
				if (fn(buf + start, end - start, arg) < 0)
					goto out;
			}
			break;
		}
		if (end - start > NETPARSE_LINE_MAX) {
			/* Too long: drop it up to its newline. */
			skipping = true;
			start = end;
		}
		memmove(buf, buf + start, end - start);
		end -= start;
		start = 0;
	}
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

/* Reads "/sys/class/net/NAME/ATTR" (or any dir) into dst; length or -1. */
static long read_attr(const char *dir, const char *name, const char *attr,
		      char *dst, size_t size)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s/%s", dir, name, attr);

	if (n < 0 || (size_t)n >= sizeof(path))
		return -1;
	return hostfs_read_small(path, dst, size);
}

/* A sysfs or procfs number of an interface: 0 or -1. */
static int read_num(const char *dir, const char *name, const char *attr,
		    int64_t *out)
{
	char buf[64];

	if (read_attr(dir, name, attr, buf, sizeof(buf)) < 0)
		return -1;
	return netparse_sysfs_num(buf, out);
}

/* Interface names by index, from a link dump (live). */
struct ifname {
	int index;
	char name[IF_NAMESIZE];
};

struct linkmap {
	struct ifname *v;
	size_t n, alloc;
};

static int ifmap_add(const struct rtnl_link *l, void *arg)
{
	struct linkmap *m = arg;
	struct ifname *nv;
	size_t na;

	if (m->n == m->alloc) {
		if (m->alloc >= NET_MAX_ENTRIES)
			return 0;
		na = m->alloc ? 2 * m->alloc : 64;
		nv = realloc(m->v, na * sizeof(*nv));
		if (!nv)
			return -1;
		m->v = nv;
		m->alloc = na;
	}
	m->v[m->n].index = l->index;
	memcpy(m->v[m->n].name, l->name, sizeof(l->name));
	m->n++;
	return 0;
}

static int cmp_ifname(const void *a, const void *b)
{
	const struct ifname *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

/* Dumps the links into m, sorted by index.  0, or -1 with q's error set. */
static int ifmap_load(struct qctx *q, struct linkmap *m)
{
	char err[256] = "";

	if (rtnl_dump_links(ifmap_add, m, err, sizeof(err)) < 0)
		return qctx_error(q, "%s", err[0] ? err : "out of memory");
	if (m->n)
		qsort(m->v, m->n, sizeof(m->v[0]), cmp_ifname);
	return 0;
}

static const char *ifmap_name(const struct linkmap *m, int index)
{
	struct ifname key = { .index = index };
	const struct ifname *f;

	if (index <= 0 || !m->n)
		return NULL;
	f = bsearch(&key, m->v, m->n, sizeof(m->v[0]), cmp_ifname);
	return f ? f->name : NULL;
}

static void ifmap_free(struct linkmap *m)
{
	free(m->v);
	m->v = NULL;
	m->n = m->alloc = 0;
}

/* Interfaces under the root (offline), in ifindex order. */
struct sysif {
	char name[IF_NAMESIZE];
	int64_t ifindex; /* -1 when unknown */
};

struct sysifs {
	struct sysif *v;
	size_t n, alloc;
};

static bool valid_ifname(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n < IF_NAMESIZE && strcmp(s, ".") != 0 &&
	       strcmp(s, "..") != 0 && !strchr(s, '/');
}

/* Adds a name; unless it is known to be new, one already listed is not
 * added again. */
static int sysifs_add(struct sysifs *l, const char *name, int64_t ifindex,
		      bool is_new)
{
	struct sysif *nv;
	size_t na, i;

	for (i = 0; !is_new && i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return 0;
	if (l->n == l->alloc) {
		if (l->alloc >= NET_MAX_ENTRIES)
			return 0;
		na = l->alloc ? 2 * l->alloc : 16;
		nv = realloc(l->v, na * sizeof(*nv));
		if (!nv)
			return -1;
		l->v = nv;
		l->alloc = na;
	}
	snprintf(l->v[l->n].name, sizeof(l->v[0].name), "%s", name);
	l->v[l->n].ifindex = ifindex;
	l->n++;
	return 0;
}

static int cmp_sysif(const void *a, const void *b)
{
	const struct sysif *x = a, *y = b;

	if ((x->ifindex < 0) != (y->ifindex < 0))
		return x->ifindex < 0 ? 1 : -1;
	if (x->ifindex != y->ifindex)
		return x->ifindex < y->ifindex ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int devname_line(char *line, size_t len, void *arg)
{
	struct netparse_netdev d;

	if (netparse_netdev(line, len, &d, NULL, 0) < 0 ||
	    !valid_ifname(d.name))
		return 0;
	return sysifs_add(arg, d.name, -1, false);
}

/*
 * Lists the interfaces of /sys/class/net (directories, or symlinks to
 * them), or when there are none, the names in /proc/net/dev.
 */
static int sysifs_load(struct qctx *q, struct sysifs *l)
{
	struct dirent *de;
	struct stat st;
	char path[PATH_MAX];
	int64_t ifindex;
	DIR *d;

	d = hostfs_opendir("/sys/class/net", 0);
	while (d && (de = readdir(d)) != NULL) {
		if (!valid_ifname(de->d_name))
			continue;
		if (hostfs_join(path, sizeof(path), "/sys/class/net",
				de->d_name) < 0 ||
		    hostfs_stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (read_num("/sys/class/net", de->d_name, "ifindex",
			     &ifindex) < 0 ||
		    ifindex < 0)
			ifindex = -1;
		/* Directory entries are unique. */
		if (sysifs_add(l, de->d_name, ifindex, true) < 0) {
			closedir(d);
			return qctx_error(q, "listing interfaces: out of memory");
		}
	}
	if (d)
		closedir(d);
	if (l->n == 0 &&
	    read_lines(q, "/proc/net/dev", devname_line, l) < 0)
		return qctx_error(q, "listing interfaces: out of memory");
	if (l->n)
		qsort(l->v, l->n, sizeof(l->v[0]), cmp_sysif);
	return 0;
}

static void set_addr(struct qctx *q, int col, int family, const uint8_t *a,
		     const char *ifname)
{
	char text[NETPARSE_ADDR_MAX];

	if (netparse_format_addr(family, a, ifname, text, sizeof(text)) == 0)
		qctx_set_text(q, col, text);
}

static void set_mask(struct qctx *q, int col, int family, unsigned plen)
{
	char text[NETPARSE_ADDR_MAX];

	if (netparse_format_mask(family, plen, text, sizeof(text)) == 0)
		qctx_set_text(q, col, text);
}

static bool all_zero(const uint8_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i])
			return false;
	return true;
}

/* ------------------------------------------------------------------------ */
/* interface_addresses                                                      */
/* ------------------------------------------------------------------------ */

enum ifaddr_col {
	IFADDR_INTERFACE,
	IFADDR_ADDRESS,
	IFADDR_MASK,
	IFADDR_BROADCAST,
	IFADDR_POINT_TO_POINT,
	IFADDR_TYPE,
	IFADDR_NCOLS
};

static const struct column ifaddr_cols[] = {
	{ "interface", COL_TEXT, 0, "Name of the interface holding the address." },
	{ "address", COL_TEXT, 0,
	  "The IPv4 or IPv6 address; link-local IPv6 ones end in %interface." },
	{ "mask", COL_TEXT, 0,
	  "Netmask of the address's prefix, such as 255.255.255.0 or "
	  "ffff:ffff:ffff:ffff::." },
	{ "broadcast", COL_TEXT, 0,
	  "Broadcast address of the subnet, or NULL when none is set." },
	{ "point_to_point", COL_TEXT, 0,
	  "Address of the peer of a point-to-point address, or NULL." },
	{ "type", COL_TEXT, 0,
	  "How the address was set: always unknown, as Linux does not record "
	  "it." },
};
_Static_assert(TABLE_NCOLS(ifaddr_cols) == IFADDR_NCOLS,
	       "interface_addresses columns");

struct ifaddr_live {
	struct qctx *q;
	struct linkmap links;
};

static int ifaddr_live_row(const struct rtnl_addr *a, void *arg)
{
	struct ifaddr_live *ctx = arg;
	struct qctx *q = ctx->q;
	const char *ifname = ifmap_name(&ctx->links, a->index);
	const uint8_t *local = a->has_local ? a->local : a->address;
	size_t alen = a->family == AF_INET ? 4 : 16;

	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, IFADDR_INTERFACE, ifname);
	set_addr(q, IFADDR_ADDRESS, a->family, local, ifname);
	set_mask(q, IFADDR_MASK, a->family, a->prefixlen);
	if (a->has_broadcast)
		set_addr(q, IFADDR_BROADCAST, a->family, a->broadcast, NULL);
	if (a->has_local && a->has_address &&
	    memcmp(a->local, a->address, alen) != 0)
		set_addr(q, IFADDR_POINT_TO_POINT, a->family, a->address,
			 ifname);
	qctx_set_text(q, IFADDR_TYPE, "unknown");
	return 0;
}

static int ifaddr_live(struct qctx *q)
{
	struct ifaddr_live ctx = { .q = q };
	char err[256] = "";
	int rc = -1;

	if (ifmap_load(q, &ctx.links) < 0)
		goto out;
	if (rtnl_dump_addrs(AF_UNSPEC, ifaddr_live_row, &ctx, err,
			    sizeof(err)) < 0) {
		if (err[0])
			qctx_error(q, "%s", err);
		goto out;
	}
	rc = 0;
out:
	ifmap_free(&ctx.links);
	return rc;
}

/* A growable array of IPv4 addresses in host order. */
struct u32s {
	uint32_t *v;
	size_t n, alloc;
};

static int u32s_add(struct u32s *s, uint32_t x)
{
	uint32_t *nv;
	size_t na;

	if (s->n == s->alloc) {
		if (s->alloc >= NET_MAX_ENTRIES)
			return 0;
		na = s->alloc ? 2 * s->alloc : 64;
		nv = realloc(s->v, na * sizeof(*nv));
		if (!nv)
			return -1;
		s->v = nv;
		s->alloc = na;
	}
	s->v[s->n++] = x;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Sorts and drops repeats (the Main and Local tables list the same). */
static void u32s_unique(struct u32s *s)
{
	size_t i, j = 0;

	if (!s->n)
		return;
	qsort(s->v, s->n, sizeof(s->v[0]), cmp_u32);
	for (i = 1; i < s->n; i++)
		if (s->v[i] != s->v[j])
			s->v[++j] = s->v[i];
	s->n = j + 1;
}

static uint32_t be32(const uint8_t a[4])
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
	       (uint32_t)a[2] << 8 | a[3];
}

static uint32_t plen_mask(unsigned plen)
{
	return plen == 0 ? 0 : plen >= 32 ? 0xffffffffu :
				     ~(0xffffffffu >> plen);
}

/* What fib_trie and /proc/net/route tell about IPv4 addresses. */
struct v4info {
	struct netparse_fib_state st;
	struct u32s locals;      /* /32 host LOCAL: the addresses */
	struct u32s local_nets;  /* LOCAL prefixes: (addr, plen) pairs */
	struct u32s routes;      /* on-link routes: (dst, plen, name index) */
	struct sysifs names;     /* interface names of those routes */
};

static int fib_line(char *line, size_t len, void *arg)
{
	struct v4info *v = arg;
	struct netparse_fib_ent e;
	uint32_t a;

	if (netparse_fib_trie_line(&v->st, line, len, &e, NULL, 0) != 1 ||
	    strcmp(e.type, "LOCAL") != 0)
		return 0;
	a = be32(e.addr);
	if (e.plen == 32)
		return u32s_add(&v->locals, a);
	if (u32s_add(&v->local_nets, a) < 0)
		return -1;
	return u32s_add(&v->local_nets, e.plen);
}

static int route4_onlink_line(char *line, size_t len, void *arg)
{
	struct v4info *v = arg;
	struct netparse_route4 r;
	size_t i;

	if (netparse_route4(line, len, &r, NULL, 0) < 0 ||
	    r.flags & (NETPARSE_RTF_GATEWAY | NETPARSE_RTF_REJECT) ||
	    !all_zero(r.gw, 4) || !valid_ifname(r.iface) ||
	    !strcmp(r.iface, "*"))
		return 0;
	if (sysifs_add(&v->names, r.iface, -1, false) < 0)
		return -1;
	for (i = 0; i < v->names.n; i++)
		if (!strcmp(v->names.v[i].name, r.iface))
			break;
	if (i == v->names.n)
		return 0;
	if (u32s_add(&v->routes, be32(r.dst)) < 0 ||
	    u32s_add(&v->routes, r.plen) < 0 ||
	    u32s_add(&v->routes, (uint32_t)i) < 0)
		return -1;
	return 0;
}

static void v4info_free(struct v4info *v)
{
	free(v->locals.v);
	free(v->local_nets.v);
	free(v->routes.v);
	free(v->names.v);
}

/*
 * The name of the one loopback interface (IFF_LOOPBACK in its sysfs
 * flags) into name, or "" when there is none or more than one.
 */
static int loopback_name(struct qctx *q, char name[IF_NAMESIZE])
{
	struct sysifs ifs = { 0 };
	int64_t flags;
	size_t i, found = 0;

	name[0] = '\0';
	if (sysifs_load(q, &ifs) < 0)
		return -1;
	for (i = 0; i < ifs.n; i++) {
		if (read_num("/sys/class/net", ifs.v[i].name, "flags",
			     &flags) < 0 ||
		    !(flags & IFF_LOOPBACK))
			continue;
		if (found++ == 0)
			memcpy(name, ifs.v[i].name, IF_NAMESIZE);
	}
	if (found != 1)
		name[0] = '\0';
	free(ifs.v);
	return 0;
}

static int ifaddr_offline_v4(struct qctx *q)
{
	struct v4info v;
	uint32_t a;
	uint8_t b[4];
	char lo[IF_NAMESIZE];
	bool lo_loaded = false;
	const char *ifname;
	size_t i, j;
	int plen, rc = -1;

	memset(&v, 0, sizeof(v));
	netparse_fib_init(&v.st);
	if (read_lines(q, "/proc/net/fib_trie", fib_line, &v) < 0 ||
	    read_lines(q, "/proc/net/route", route4_onlink_line, &v) < 0) {
		qctx_error(q, "reading IPv4 addresses: out of memory");
		goto out;
	}
	u32s_unique(&v.locals);
	for (i = 0; i < v.locals.n; i++) {
		a = v.locals.v[i];
		ifname = NULL;
		plen = -1;
		/* The longest on-link route holding the address. */
		for (j = 0; j + 2 < v.routes.n; j += 3) {
			if ((int)v.routes.v[j + 1] <= plen ||
			    (a & plen_mask(v.routes.v[j + 1])) != v.routes.v[j])
				continue;
			plen = (int)v.routes.v[j + 1];
			ifname = v.names.v[v.routes.v[j + 2]].name;
		}
		/* Else a LOCAL prefix route, which the kernel adds only for
		 * the addresses of a loopback device (127.0.0.0/8). */
		for (j = 0; plen < 0 && j + 1 < v.local_nets.n; j += 2) {
			if ((a & plen_mask(v.local_nets.v[j + 1])) !=
			    v.local_nets.v[j])
				continue;
			plen = (int)v.local_nets.v[j + 1];
			if (!lo_loaded && loopback_name(q, lo) < 0)
				goto out;
			lo_loaded = true;
			ifname = lo[0] ? lo : NULL;
		}
		if (qctx_row(q) < 0)
			goto out;
		qctx_set_text(q, IFADDR_INTERFACE, ifname);
		b[0] = (uint8_t)(a >> 24);
		b[1] = (uint8_t)(a >> 16);
		b[2] = (uint8_t)(a >> 8);
		b[3] = (uint8_t)a;
		set_addr(q, IFADDR_ADDRESS, AF_INET, b, NULL);
		if (plen >= 0)
			set_mask(q, IFADDR_MASK, AF_INET, (unsigned)plen);
		qctx_set_text(q, IFADDR_TYPE, "unknown");
	}
	rc = 0;
out:
	v4info_free(&v);
	return rc;
}

static int ifaddr_inet6_line(char *line, size_t len, void *arg)
{
	struct qctx *q = arg;
	struct netparse_inet6 e;

	if (netparse_inet6(line, len, &e, NULL, 0) < 0 ||
	    !valid_ifname(e.ifname))
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, IFADDR_INTERFACE, e.ifname);
	set_addr(q, IFADDR_ADDRESS, AF_INET6, e.addr, e.ifname);
	set_mask(q, IFADDR_MASK, AF_INET6, e.plen);
	qctx_set_text(q, IFADDR_TYPE, "unknown");
	return 0;
}

static int ifaddr_generate(struct qctx *q)
{
	if (hostfs_is_live())
		return ifaddr_live(q);
	if (ifaddr_offline_v4(q) < 0)
		return -1;
	return read_lines(q, "/proc/net/if_inet6", ifaddr_inet6_line, q) < 0 ?
		       -1 : 0;
}

static const struct table interface_addresses_table = {
	.name = "interface_addresses",
	.desc = "IPv4 and IPv6 addresses of the network interfaces.",
	.cols = ifaddr_cols,
	.ncols = IFADDR_NCOLS,
	.generate = ifaddr_generate,
};
TABLE_REGISTER(interface_addresses_table);

/* ------------------------------------------------------------------------ */
/* interface_details                                                        */
/* ------------------------------------------------------------------------ */

enum ifd_col {
	IFD_INTERFACE,
	IFD_MAC,
	IFD_TYPE,
	IFD_MTU,
	IFD_METRIC,
	IFD_FLAGS,
	IFD_IPACKETS,
	IFD_OPACKETS,
	IFD_IBYTES,
	IFD_OBYTES,
	IFD_IERRORS,
	IFD_OERRORS,
	IFD_IDROPS,
	IFD_ODROPS,
	IFD_COLLISIONS,
	IFD_LAST_CHANGE,
	IFD_LINK_SPEED,
	IFD_PCI_SLOT,
	IFD_NCOLS
};

static const struct column ifd_cols[] = {
	{ "interface", COL_TEXT, 0, "Name of the network interface." },
	{ "mac", COL_TEXT, COL_NOCASE,
	  "Link-layer (MAC) address, or NULL when the link has none." },
	{ "type", COL_INTEGER, 0,
	  "Hardware type (ARPHRD_*): 1 Ethernet, 772 loopback, 65534 none." },
	{ "mtu", COL_INTEGER, 0, "Maximum transmission unit in bytes." },
	{ "metric", COL_INTEGER, 0,
	  "Interface metric: always 0, as Linux keeps none." },
	{ "flags", COL_INTEGER, 0,
	  "Interface flags (IFF_UP 0x1, IFF_BROADCAST 0x2, IFF_PROMISC "
	  "0x100 ...)." },
	{ "ipackets", COL_BIGINT, 0, "Packets received." },
	{ "opackets", COL_BIGINT, 0, "Packets sent." },
	{ "ibytes", COL_BIGINT, 0, "Bytes received." },
	{ "obytes", COL_BIGINT, 0, "Bytes sent." },
	{ "ierrors", COL_BIGINT, 0, "Receive errors." },
	{ "oerrors", COL_BIGINT, 0, "Transmit errors." },
	{ "idrops", COL_BIGINT, 0, "Received packets dropped." },
	{ "odrops", COL_BIGINT, 0, "Packets dropped on transmit." },
	{ "collisions", COL_BIGINT, 0, "Collisions seen on the link." },
	{ "last_change", COL_BIGINT, 0,
	  "Time of the last change: NULL, as Linux does not record it." },
	{ "link_speed", COL_BIGINT, 0,
	  "Link speed in Mb/s, or NULL when the driver does not know it." },
	{ "pci_slot", COL_TEXT, 0,
	  "Bus address of the device, such as 0000:00:03.0, or NULL." },
};
_Static_assert(TABLE_NCOLS(ifd_cols) == IFD_NCOLS,
	       "interface_details columns");

struct ifd_live {
	struct qctx *q;
	int ethtool; /* -1 when link_speed and pci_slot are not asked for */
};

static int ifd_live_row(const struct rtnl_link *l, void *arg)
{
	struct ifd_live *ctx = arg;
	struct qctx *q = ctx->q;
	char mac[3 * RTNL_LLADDR_MAX], bus[64];
	uint32_t speed;

	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, IFD_INTERFACE, l->name);
	if (l->addrlen &&
	    netparse_format_mac(l->addr, l->addrlen, mac, sizeof(mac)) == 0)
		qctx_set_text(q, IFD_MAC, mac);
	qctx_set_int(q, IFD_TYPE, l->type);
	if (l->has_mtu)
		qctx_set_int(q, IFD_MTU, l->mtu);
	qctx_set_int(q, IFD_METRIC, 0);
	qctx_set_int(q, IFD_FLAGS, l->flags);
	if (l->has_stats) {
		qctx_set_int(q, IFD_IPACKETS, (int64_t)l->stats.rx_packets);
		qctx_set_int(q, IFD_OPACKETS, (int64_t)l->stats.tx_packets);
		qctx_set_int(q, IFD_IBYTES, (int64_t)l->stats.rx_bytes);
		qctx_set_int(q, IFD_OBYTES, (int64_t)l->stats.tx_bytes);
		qctx_set_int(q, IFD_IERRORS, (int64_t)l->stats.rx_errors);
		qctx_set_int(q, IFD_OERRORS, (int64_t)l->stats.tx_errors);
		qctx_set_int(q, IFD_IDROPS, (int64_t)l->stats.rx_dropped);
		qctx_set_int(q, IFD_ODROPS, (int64_t)l->stats.tx_dropped);
		qctx_set_int(q, IFD_COLLISIONS, (int64_t)l->stats.collisions);
	}
	if (ctx->ethtool >= 0) {
		if (qctx_used(q, IFD_LINK_SPEED) &&
		    rtnl_ethtool_speed(ctx->ethtool, l->name, &speed) == 0)
			qctx_set_int(q, IFD_LINK_SPEED, speed);
		if (qctx_used(q, IFD_PCI_SLOT) &&
		    rtnl_ethtool_bus(ctx->ethtool, l->name, bus,
				     sizeof(bus)) == 0)
			qctx_set_text(q, IFD_PCI_SLOT, bus);
	}
	return 0;
}

static int ifd_live(struct qctx *q)
{
	struct ifd_live ctx = { .q = q, .ethtool = -1 };
	char err[256] = "";
	int rc = 0;

	if (qctx_used(q, IFD_LINK_SPEED) || qctx_used(q, IFD_PCI_SLOT))
		ctx.ethtool = rtnl_ethtool_open();
	if (rtnl_dump_links(ifd_live_row, &ctx, err, sizeof(err)) < 0) {
		if (err[0])
			qctx_error(q, "%s", err);
		rc = -1;
	}
	if (ctx.ethtool >= 0)
		close(ctx.ethtool);
	return rc;
}

/* /proc/net/dev's counters, for links whose sysfs has none. */
struct netdevs {
	struct netparse_netdev *v; /* names point into names[] */
	char (*names)[IF_NAMESIZE];
	size_t n, alloc;
};

static int netdevs_line(char *line, size_t len, void *arg)
{
	struct netdevs *d = arg;
	struct netparse_netdev e;
	void *nv, *nn;
	size_t na;

	if (netparse_netdev(line, len, &e, NULL, 0) < 0 ||
	    !valid_ifname(e.name))
		return 0;
	if (d->n == d->alloc) {
		if (d->alloc >= NET_MAX_ENTRIES)
			return 0;
		na = d->alloc ? 2 * d->alloc : 16;
		nv = realloc(d->v, na * sizeof(*d->v));
		if (!nv)
			return -1;
		d->v = nv;
		nn = realloc(d->names, na * sizeof(*d->names));
		if (!nn)
			return -1;
		d->names = nn;
		d->alloc = na;
	}
	snprintf(d->names[d->n], sizeof(d->names[0]), "%s", e.name);
	d->v[d->n] = e;
	d->v[d->n].name = NULL;
	d->n++;
	return 0;
}

static const struct netparse_netdev *netdevs_find(const struct netdevs *d,
						  const char *name)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(d->names[i], name))
			return &d->v[i];
	return NULL;
}

/* Sets a counter column from statistics/ATTR, else /proc/net/dev. */
static void ifd_counter(struct qctx *q, int col, const char *name,
			const char *attr, const struct netparse_netdev *dev,
			int field)
{
	char path[64];
	int64_t v;

	snprintf(path, sizeof(path), "statistics/%s", attr);
	if (read_num("/sys/class/net", name, path, &v) == 0 && v >= 0)
		qctx_set_int(q, col, v);
	else if (dev && field >= 0)
		qctx_set_int(q, col, (int64_t)dev->v[field]);
}

/*
 * The PCI address of an interface's device: /sys/class/net/NAME is a
 * link into the device tree on a real sysfs; a copied tree may hold only
 * its "device" link.
 */
static bool pci_slot_of(const char *name, char *slot, size_t size)
{
	char path[PATH_MAX], link[PATH_MAX];
	int n;

	n = snprintf(path, sizeof(path), "/sys/class/net/%s", name);
	if (n > 0 && (size_t)n < sizeof(path) &&
	    hostfs_readlink(path, link, sizeof(link)) > 0 &&
	    netparse_pci_slot(link, slot, size) == 0)
		return true;
	n = snprintf(path, sizeof(path), "/sys/class/net/%s/device", name);
	return n > 0 && (size_t)n < sizeof(path) &&
	       hostfs_readlink(path, link, sizeof(link)) > 0 &&
	       netparse_pci_slot(link, slot, size) == 0;
}

static void ifd_offline_row(struct qctx *q, const char *name,
			    const struct netdevs *devs)
{
	const char *dir = "/sys/class/net";
	const struct netparse_netdev *dev = netdevs_find(devs, name);
	char buf[256], oper[32], slot[64];
	int64_t v, carrier = -1, dormant = -1;
	bool has_oper;

	qctx_set_text(q, IFD_INTERFACE, name);
	if (read_attr(dir, name, "address", buf, sizeof(buf)) > 0 &&
	    strspn(buf, "0123456789abcdefABCDEF:") == strlen(buf))
		qctx_set_text(q, IFD_MAC, buf);
	if (read_num(dir, name, "type", &v) == 0 && v >= 0 && v <= UINT16_MAX)
		qctx_set_int(q, IFD_TYPE, v);
	if (read_num(dir, name, "mtu", &v) == 0 && v >= 0 && v <= UINT32_MAX)
		qctx_set_int(q, IFD_MTU, v);
	qctx_set_int(q, IFD_METRIC, 0);
	if (read_num(dir, name, "flags", &v) == 0 && v >= 0) {
		has_oper = read_attr(dir, name, "operstate", oper,
				     sizeof(oper)) >= 0;
		if (read_num(dir, name, "carrier", &carrier) < 0)
			carrier = -1;
		if (read_num(dir, name, "dormant", &dormant) < 0)
			dormant = -1;
		qctx_set_int(q, IFD_FLAGS,
			     (int64_t)netparse_link_flags(
				     (uint64_t)v, has_oper ? oper : NULL,
				     (int)carrier, (int)dormant));
	}
	ifd_counter(q, IFD_IPACKETS, name, "rx_packets", dev, NETDEV_RX_PACKETS);
	ifd_counter(q, IFD_OPACKETS, name, "tx_packets", dev, NETDEV_TX_PACKETS);
	ifd_counter(q, IFD_IBYTES, name, "rx_bytes", dev, NETDEV_RX_BYTES);
	ifd_counter(q, IFD_OBYTES, name, "tx_bytes", dev, NETDEV_TX_BYTES);
	ifd_counter(q, IFD_IERRORS, name, "rx_errors", dev, NETDEV_RX_ERRS);
	ifd_counter(q, IFD_OERRORS, name, "tx_errors", dev, NETDEV_TX_ERRS);
	/* /proc/net/dev's receive drops add rx_missed_errors: only the
	 * sysfs counter is the kernel's rx_dropped. */
	ifd_counter(q, IFD_IDROPS, name, "rx_dropped", NULL, -1);
	ifd_counter(q, IFD_ODROPS, name, "tx_dropped", dev, NETDEV_TX_DROP);
	ifd_counter(q, IFD_COLLISIONS, name, "collisions", dev,
		    NETDEV_TX_COLLS);
	if (qctx_used(q, IFD_LINK_SPEED) &&
	    read_num(dir, name, "speed", &v) == 0 && v > 0 &&
	    v != (int64_t)UINT32_MAX)
		qctx_set_int(q, IFD_LINK_SPEED, v);
	if (qctx_used(q, IFD_PCI_SLOT) && pci_slot_of(name, slot, sizeof(slot)))
		qctx_set_text(q, IFD_PCI_SLOT, slot);
}

static int ifd_offline(struct qctx *q)
{
	struct sysifs ifs = { 0 };
	struct netdevs devs = { 0 };
	size_t i;
	int rc = -1;

	if (sysifs_load(q, &ifs) < 0)
		goto out;
	if (read_lines(q, "/proc/net/dev", netdevs_line, &devs) < 0) {
		qctx_error(q, "reading /proc/net/dev: out of memory");
		goto out;
	}
	for (i = 0; i < ifs.n; i++) {
		if (qctx_row(q) < 0)
			goto out;
		ifd_offline_row(q, ifs.v[i].name, &devs);
	}
	rc = 0;
out:
	free(ifs.v);
	free(devs.v);
	free(devs.names);
	return rc;
}

static int ifd_generate(struct qctx *q)
{
	return hostfs_is_live() ? ifd_live(q) : ifd_offline(q);
}

static const struct table interface_details_table = {
	.name = "interface_details",
	.desc = "Network interfaces: link address, type, MTU, flags and "
		"counters.",
	.cols = ifd_cols,
	.ncols = IFD_NCOLS,
	.generate = ifd_generate,
};
TABLE_REGISTER(interface_details_table);

/* ------------------------------------------------------------------------ */
/* interface_ipv6                                                           */
/* ------------------------------------------------------------------------ */

enum ifv6_col {
	IFV6_INTERFACE,
	IFV6_HOP_LIMIT,
	IFV6_FORWARDING_ENABLED,
	IFV6_REDIRECT_ACCEPT,
	IFV6_RTADV_ACCEPT,
	IFV6_NCOLS
};

static const struct column ifv6_cols[] = {
	{ "interface", COL_TEXT, 0, "Name of the network interface." },
	{ "hop_limit", COL_INTEGER, 0,
	  "Hop limit of the IPv6 packets it sends, NULL without IPv6." },
	{ "forwarding_enabled", COL_INTEGER, 0,
	  "1 when it forwards IPv6 packets (acts as a router)." },
	{ "redirect_accept", COL_INTEGER, 0,
	  "1 when the kernel acts on ICMPv6 redirects received on it." },
	{ "rtadv_accept", COL_INTEGER, 0,
	  "1 when the kernel acts on IPv6 router advertisements received "
	  "on it." },
};
_Static_assert(TABLE_NCOLS(ifv6_cols) == IFV6_NCOLS,
	       "interface_ipv6 columns");

static void ifv6_values(struct qctx *q, int64_t hop, int64_t fwd,
			int64_t redirects, int64_t ra)
{
	qctx_set_int(q, IFV6_HOP_LIMIT, hop);
	qctx_set_int(q, IFV6_FORWARDING_ENABLED, fwd);
	qctx_set_int(q, IFV6_REDIRECT_ACCEPT,
		     netparse_ipv6_redirect(fwd, redirects));
	qctx_set_int(q, IFV6_RTADV_ACCEPT, netparse_ipv6_rtadv(fwd, ra));
}

static int ifv6_live_row(const struct rtnl_link *l, void *arg)
{
	struct qctx *q = arg;

	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, IFV6_INTERFACE, l->name);
	if (l->has_inet6)
		ifv6_values(q, l->inet6_hop_limit, l->inet6_forwarding,
			    l->inet6_accept_redirects, l->inet6_accept_ra);
	return 0;
}

static int ifv6_offline(struct qctx *q)
{
	const char *dir = "/proc/sys/net/ipv6/conf";
	struct sysifs ifs = { 0 };
	int64_t hop, fwd, redirects, ra;
	const char *name;
	size_t i;
	int rc = -1;

	if (sysifs_load(q, &ifs) < 0)
		goto out;
	for (i = 0; i < ifs.n; i++) {
		name = ifs.v[i].name;
		if (qctx_row(q) < 0)
			goto out;
		qctx_set_text(q, IFV6_INTERFACE, name);
		if (read_num(dir, name, "hop_limit", &hop) == 0 &&
		    read_num(dir, name, "forwarding", &fwd) == 0 &&
		    read_num(dir, name, "accept_redirects", &redirects) == 0 &&
		    read_num(dir, name, "accept_ra", &ra) == 0)
			ifv6_values(q, hop, fwd, redirects, ra);
	}
	rc = 0;
out:
	free(ifs.v);
	return rc;
}

static int ifv6_generate(struct qctx *q)
{
	char err[256] = "";

	if (!hostfs_is_live())
		return ifv6_offline(q);
	if (rtnl_dump_links(ifv6_live_row, q, err, sizeof(err)) < 0) {
		if (err[0])
			qctx_error(q, "%s", err);
		return -1;
	}
	return 0;
}

static const struct table interface_ipv6_table = {
	.name = "interface_ipv6",
	.desc = "IPv6 settings of each network interface: hop limit, "
		"forwarding, redirects and router advertisements.",
	.cols = ifv6_cols,
	.ncols = IFV6_NCOLS,
	.generate = ifv6_generate,
};
TABLE_REGISTER(interface_ipv6_table);

/* ------------------------------------------------------------------------ */
/* routes                                                                   */
/* ------------------------------------------------------------------------ */

enum routes_col {
	ROUTES_DESTINATION,
	ROUTES_NETMASK,
	ROUTES_GATEWAY,
	ROUTES_SOURCE,
	ROUTES_FLAGS,
	ROUTES_INTERFACE,
	ROUTES_MTU,
	ROUTES_METRIC,
	ROUTES_TYPE,
	ROUTES_HOPCOUNT,
	ROUTES_NCOLS
};

static const struct column routes_cols[] = {
	{ "destination", COL_TEXT, 0,
	  "Destination network, 0.0.0.0 or :: for a default route." },
	{ "netmask", COL_INTEGER, 0, "Prefix length of the destination." },
	{ "gateway", COL_TEXT, 0,
	  "Next hop router, or NULL for a directly connected network." },
	{ "source", COL_TEXT, 0,
	  "Preferred source address of the route, or NULL." },
	{ "flags", COL_INTEGER, 0,
	  "Route flags (rtm_flags: RTNH_F_*, RTM_F_*); NULL offline." },
	{ "interface", COL_TEXT, 0, "Output interface, or NULL." },
	{ "mtu", COL_INTEGER, 0,
	  "MTU the route sets, 0 when it sets none; NULL offline." },
	{ "metric", COL_INTEGER, 0, "Route metric (priority)." },
	{ "type", COL_TEXT, COL_ADDITIONAL,
	  "Route type: gateway (unicast), local, broadcast, anycast or "
	  "other." },
	{ "hopcount", COL_INTEGER, 0,
	  "Hop limit the route sets, 0 when it sets none; NULL offline." },
};
_Static_assert(TABLE_NCOLS(routes_cols) == ROUTES_NCOLS, "routes columns");

struct routes_live {
	struct qctx *q;
	struct linkmap links;
};

static int routes_live_row(const struct rtnl_route *r, void *arg)
{
	static const uint8_t zero[16];
	struct routes_live *ctx = arg;
	struct qctx *q = ctx->q;

	if (qctx_row(q) < 0)
		return -1;
	set_addr(q, ROUTES_DESTINATION, r->family, r->has_dst ? r->dst : zero,
		 NULL);
	qctx_set_int(q, ROUTES_NETMASK, r->dst_len);
	if (r->gw_family)
		set_addr(q, ROUTES_GATEWAY, r->gw_family, r->gw, NULL);
	if (r->has_prefsrc)
		set_addr(q, ROUTES_SOURCE, r->family, r->prefsrc, NULL);
	qctx_set_int(q, ROUTES_FLAGS, r->flags);
	qctx_set_text(q, ROUTES_INTERFACE, ifmap_name(&ctx->links, r->oif));
	qctx_set_int(q, ROUTES_MTU, r->mtu);
	qctx_set_int(q, ROUTES_METRIC, r->has_priority ? r->priority : 0);
	qctx_set_text(q, ROUTES_TYPE, netparse_rtn_type(r->type));
	qctx_set_int(q, ROUTES_HOPCOUNT, r->hoplimit);
	return 0;
}

static int routes_live(struct qctx *q)
{
	struct routes_live ctx = { .q = q };
	char err[256] = "";
	int rc = -1;

	if (ifmap_load(q, &ctx.links) < 0)
		goto out;
	if (rtnl_dump_routes(AF_UNSPEC, routes_live_row, &ctx, err,
			     sizeof(err)) < 0) {
		if (err[0])
			qctx_error(q, "%s", err);
		goto out;
	}
	rc = 0;
out:
	ifmap_free(&ctx.links);
	return rc;
}

static int routes4_line(char *line, size_t len, void *arg)
{
	struct qctx *q = arg;
	struct netparse_route4 r;

	if (netparse_route4(line, len, &r, NULL, 0) < 0)
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	set_addr(q, ROUTES_DESTINATION, AF_INET, r.dst, NULL);
	qctx_set_int(q, ROUTES_NETMASK, r.plen);
	if (!all_zero(r.gw, 4))
		set_addr(q, ROUTES_GATEWAY, AF_INET, r.gw, NULL);
	if (strcmp(r.iface, "*") != 0)
		qctx_set_text(q, ROUTES_INTERFACE, r.iface);
	qctx_set_int(q, ROUTES_METRIC, r.metric);
	qctx_set_text(q, ROUTES_TYPE, netparse_route4_type(&r));
	return 0;
}

static int routes6_line(char *line, size_t len, void *arg)
{
	struct qctx *q = arg;
	struct netparse_route6 r;

	if (netparse_route6(line, len, &r, NULL, 0) < 0)
		return 0;
	/* Cached clones are not routes of a table; the kernel's null
	 * entry (::/0 reject, metric 0xffffffff on lo) ends every dump of
	 * the file but is no route either, and netlink leaves both out. */
	if (r.flags & NETPARSE_RTF_CACHE ||
	    (r.dst_plen == 0 && r.flags & NETPARSE_RTF_REJECT &&
	     r.metric == UINT32_MAX && !strcmp(r.iface, "lo")))
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	set_addr(q, ROUTES_DESTINATION, AF_INET6, r.dst, NULL);
	qctx_set_int(q, ROUTES_NETMASK, r.dst_plen);
	if (!all_zero(r.nexthop, 16))
		set_addr(q, ROUTES_GATEWAY, AF_INET6, r.nexthop, NULL);
	if (r.iface[0])
		qctx_set_text(q, ROUTES_INTERFACE, r.iface);
	qctx_set_int(q, ROUTES_METRIC, r.metric);
	qctx_set_text(q, ROUTES_TYPE, netparse_route6_type(&r));
	return 0;
}

static int routes_generate(struct qctx *q)
{
	if (hostfs_is_live())
		return routes_live(q);
	if (read_lines(q, "/proc/net/route", routes4_line, q) < 0 ||
	    read_lines(q, "/proc/net/ipv6_route", routes6_line, q) < 0)
		return -1;
	return 0;
}

static const struct table routes_table = {
	.name = "routes",
	.desc = "The IPv4 and IPv6 routing tables.",
	.cols = routes_cols,
	.ncols = ROUTES_NCOLS,
	.generate = routes_generate,
};
TABLE_REGISTER(routes_table);

/* ------------------------------------------------------------------------ */
/* arp_cache                                                                */
/* ------------------------------------------------------------------------ */

enum arp_col {
	ARP_ADDRESS,
	ARP_MAC,
	ARP_INTERFACE,
	ARP_PERMANENT,
	ARP_NCOLS
};

static const struct column arp_cols[] = {
	{ "address", COL_TEXT, 0, "IPv4 address of the neighbour." },
	{ "mac", COL_TEXT, COL_NOCASE,
	  "Its MAC address, or NULL while it is not resolved." },
	{ "interface", COL_TEXT, 0, "Interface the neighbour is reached on." },
	{ "permanent", COL_TEXT, 0,
	  "1 for a static or proxy entry, 0 for a learned one." },
};
_Static_assert(TABLE_NCOLS(arp_cols) == ARP_NCOLS, "arp_cache columns");

struct arp_live {
	struct qctx *q;
	struct linkmap links;
};

static int arp_live_row(const struct rtnl_neigh *n, void *arg)
{
	struct arp_live *ctx = arg;
	struct qctx *q = ctx->q;
	char mac[3 * RTNL_LLADDR_MAX];

	/* /proc/net/arp leaves out NOARP entries; so does this table. */
	if (n->family != AF_INET || (!n->proxy && n->state & NUD_NOARP))
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	set_addr(q, ARP_ADDRESS, AF_INET, n->dst, NULL);
	if (!n->proxy && n->state & NUD_VALID_STATES && n->lladdr_len &&
	    netparse_format_mac(n->lladdr, n->lladdr_len, mac,
				sizeof(mac)) == 0)
		qctx_set_text(q, ARP_MAC, mac);
	qctx_set_text(q, ARP_INTERFACE, ifmap_name(&ctx->links, n->index));
	qctx_set_text(q, ARP_PERMANENT,
		      n->proxy || n->state & NUD_PERMANENT ? "1" : "0");
	return 0;
}

static int arp_live(struct qctx *q)
{
	struct arp_live ctx = { .q = q };
	char err[256] = "";
	int rc = -1;

	if (ifmap_load(q, &ctx.links) < 0)
		goto out;
	if (rtnl_dump_neighs(AF_INET, false, arp_live_row, &ctx, err,
			     sizeof(err)) < 0 ||
	    rtnl_dump_neighs(AF_INET, true, arp_live_row, &ctx, err,
			     sizeof(err)) < 0) {
		if (err[0])
			qctx_error(q, "%s", err);
		goto out;
	}
	rc = 0;
out:
	ifmap_free(&ctx.links);
	return rc;
}

static int arp_line(char *line, size_t len, void *arg)
{
	struct qctx *q = arg;
	struct netparse_arp a;

	if (netparse_arp(line, len, &a, NULL, 0) < 0)
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, ARP_ADDRESS, a.address);
	if (a.flags & NETPARSE_ATF_COM)
		qctx_set_text(q, ARP_MAC, a.mac);
	qctx_set_text(q, ARP_INTERFACE, a.device);
	qctx_set_text(q, ARP_PERMANENT,
		      a.flags & NETPARSE_ATF_PERM ? "1" : "0");
	return 0;
}

static int arp_generate(struct qctx *q)
{
	if (hostfs_is_live())
		return arp_live(q);
	return read_lines(q, "/proc/net/arp", arp_line, q) < 0 ? -1 : 0;
}

static const struct table arp_cache_table = {
	.name = "arp_cache",
	.desc = "The IPv4 neighbour (ARP) table: addresses, MAC addresses "
		"and interfaces.",
	.cols = arp_cols,
	.ncols = ARP_NCOLS,
	.generate = arp_generate,
};
TABLE_REGISTER(arp_cache_table);
