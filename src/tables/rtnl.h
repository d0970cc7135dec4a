/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rtnl: the live network stack over rtnetlink (libmnl): interfaces,
 * addresses, routes and neighbours of the network namespace vigil runs
 * in, as the kernel reports them, plus the two ethtool queries the
 * interface_details table needs.
 *
 * Each dump opens its own NETLINK_ROUTE socket, asks for one kind of
 * object (RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE, RTM_GETNEIGH with
 * NLM_F_DUMP), and hands every object to a callback as it is parsed, so
 * a table of a million routes never sits in memory twice.  Only requests
 * are sent and only the kernel's answers are read: the socket is bound to
 * no group and listens for nothing else.  A dump interrupted by a change
 * of the tables (NLM_F_DUMP_INTR) is used as it stands, as `ip` does.
 *
 * The structures passed to callbacks live on the dump's stack: copy what
 * must outlive the call.
 */
#ifndef VIGIL_RTNL_H
#define VIGIL_RTNL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest link-layer address kept (the kernel's MAX_ADDR_LEN). */
#define RTNL_LLADDR_MAX 32

/* Interface counters, as the kernel's struct rtnl_link_stats64 names them. */
struct rtnl_stats {
	uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
	uint64_t rx_errors, tx_errors, rx_dropped, tx_dropped;
	uint64_t multicast, collisions;
};

struct rtnl_link {
	int index;
	char name[IF_NAMESIZE];
	unsigned type; /* ARPHRD_* */
	/* The IFF_* flags of RTM_NEWLINK, with IFF_PROMISC and IFF_ALLMULTI
	 * set from the kernel's promiscuity and allmulti counts when it
	 * reports them, as the device's own flags (sysfs) have them. */
	unsigned flags;
	bool has_mtu;
	uint32_t mtu;
	size_t addrlen; /* 0 when the link has no address */
	uint8_t addr[RTNL_LLADDR_MAX];
	bool has_stats;
	struct rtnl_stats stats;
	/* IPv6 settings of the interface (IFLA_INET6_CONF); absent when
	 * IPv6 is off for it. */
	bool has_inet6;
	int32_t inet6_forwarding, inet6_hop_limit, inet6_accept_ra,
		inet6_accept_redirects;
};

struct rtnl_addr {
	int family; /* AF_INET or AF_INET6 */
	int index;
	unsigned prefixlen;
	unsigned flags; /* IFA_F_*, from IFA_FLAGS when present */
	unsigned scope;
	bool has_local, has_address, has_broadcast;
	uint8_t local[16], address[16], broadcast[16];
};

struct rtnl_route {
	int family; /* AF_INET or AF_INET6 */
	unsigned dst_len, src_len, tos, table, protocol, scope, type, flags;
	bool has_dst, has_prefsrc, has_priority;
	uint8_t dst[16], prefsrc[16];
	uint32_t priority;
	uint32_t mtu;      /* RTAX_MTU, 0 when the route sets none */
	uint32_t hoplimit; /* RTAX_HOPLIMIT, 0 when the route sets none */
	/* One next hop: a multipath route is handed over once for each of
	 * its next hops. */
	int oif;           /* 0 when none */
	int gw_family;     /* 0 when there is no gateway */
	uint8_t gw[16];
};

struct rtnl_neigh {
	int family;
	int index;
	unsigned state; /* NUD_* */
	unsigned flags; /* NTF_* */
	bool proxy;     /* a proxy (published) entry */
	bool has_dst;
	uint8_t dst[16];
	size_t lladdr_len; /* 0 when the kernel gave no link-layer address */
	uint8_t lladdr[RTNL_LLADDR_MAX];
};

/* Callbacks return 0 to go on, or -1 to stop the dump, which then returns
 * -1 and leaves err as the callback left it. */
typedef int (*rtnl_link_fn)(const struct rtnl_link *l, void *arg);
typedef int (*rtnl_addr_fn)(const struct rtnl_addr *a, void *arg);
typedef int (*rtnl_route_fn)(const struct rtnl_route *r, void *arg);
typedef int (*rtnl_neigh_fn)(const struct rtnl_neigh *n, void *arg);

/*
 * The dumps.  family is AF_UNSPEC for every family, or AF_INET/AF_INET6;
 * objects of other families (multicast routing, MPLS, bridge) are left
 * out.  Return 0, or -1 with the reason in err ("netlink: ..." for the
 * socket or the kernel's error).
 */
int rtnl_dump_links(rtnl_link_fn fn, void *arg, char *err, size_t errsize);
int rtnl_dump_addrs(int family, rtnl_addr_fn fn, void *arg, char *err,
		    size_t errsize);
int rtnl_dump_routes(int family, rtnl_route_fn fn, void *arg, char *err,
		     size_t errsize);
/* proxy: dump the proxy entries (ip neigh add proxy ...) instead. */
int rtnl_dump_neighs(int family, bool proxy, rtnl_neigh_fn fn, void *arg,
		     char *err, size_t errsize);

/*
 * A socket for the ethtool queries below (a NETLINK_ROUTE socket: the
 * kernel serves device ioctls on any socket, in the socket's namespace).
 * Returns a descriptor the caller close()s, or -1.
 */
int rtnl_ethtool_open(void);

/* The link speed in Mb/s (ETHTOOL_GSET).  Returns 0, or -1 when the
 * driver does not say or the speed is unknown (no link). */
int rtnl_ethtool_speed(int fd, const char *ifname, uint32_t *mbps);

/* The bus address of the device (ETHTOOL_GDRVINFO bus_info), such as
 * "0000:00:03.0".  Returns 0, or -1 when the driver gives none. */
int rtnl_ethtool_bus(int fd, const char *ifname, char *out, size_t size);

#endif
