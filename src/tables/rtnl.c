/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rtnl.c: rtnetlink dumps of links, addresses, routes and neighbours, and
 * the ethtool ioctls, for the live network tables (see rtnl.h).
 *
 * The kernel's answers are checked before use: every attribute's length
 * is validated against what its type needs, a message shorter than its
 * family header is skipped, and messages that are not answers to our own
 * request (another port id or sequence number) are ignored.
 */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/ipv6.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "tables/rtnl.h"

/* Receive buffer: the kernel fills at most this much per read. */
#define RTNL_BUF_SIZE (64u * 1024)
/* A dump that stalls this long is abandoned. */
#define RTNL_TIMEOUT_SEC 5

static int fail(char *err, size_t errsize, const char *what, int e)
{
	if (err && errsize)
		snprintf(err, errsize, "netlink: %s: %s", what, strerror(e));
	errno = e;
	return -1;
}

/* Handles one message of the dump; 0 or -1 to stop. */
typedef int (*msg_fn)(const struct nlmsghdr *nlh, void *data);

/*
 * Sends one dump request (type, with the family header hdr) and feeds
 * every answer to fn until the kernel says NLMSG_DONE.
 */
static int dump(uint16_t type, const void *hdr, size_t hdrlen, msg_fn fn,
		void *data, char *err, size_t errsize)
{
	static unsigned seq_counter;
	struct mnl_socket *nl = NULL;
	struct nlmsghdr *nlh;
	struct timeval tv = { RTNL_TIMEOUT_SEC, 0 };
	char *buf = NULL;
	unsigned portid, seq;
	ssize_t n;
	int rc = -1, len;

	buf = malloc(RTNL_BUF_SIZE);
	if (!buf)
		return fail(err, errsize, "buffer", ENOMEM);
	nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl) {
		fail(err, errsize, "socket", errno);
		goto out;
	}
	if (setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv,
		       sizeof(tv)) < 0 ||
	    mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		fail(err, errsize, "bind", errno);
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	seq = (unsigned)time(NULL) + ++seq_counter;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	memcpy(mnl_nlmsg_put_extra_header(nlh, hdrlen), hdr, hdrlen);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		fail(err, errsize, "send", errno);
		goto out;
	}

	for (;;) {
		n = mnl_socket_recvfrom(nl, buf, RTNL_BUF_SIZE);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fail(err, errsize, "receive", errno);
			goto out;
		}
		if (n == 0) {
			fail(err, errsize, "receive", ENODATA);
			goto out;
		}
		len = (int)n;
		for (nlh = (struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_pid != portid ||
			    nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				rc = 0;
				goto out;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e =
					mnl_nlmsg_get_payload(nlh);
				int code = EPROTO;

				if (nlh->nlmsg_len >=
					    mnl_nlmsg_size(sizeof(*e)) &&
				    e->error < 0)
					code = -e->error;
				fail(err, errsize, "dump", code);
				goto out;
			}
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			if (fn(nlh, data) < 0)
				goto out;
		}
	}
out:
	if (nl)
		mnl_socket_close(nl);
	free(buf);
	return rc;
}

/* True when the attribute's payload is exactly n bytes. */
static bool len_is(const struct nlattr *a, size_t n)
{
	return mnl_attr_get_payload_len(a) == n;
}

/* Copies an address attribute of the family's size; false otherwise. */
static bool get_addr(const struct nlattr *a, int family, uint8_t out[16])
{
	size_t n = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;

	if (!n || !len_is(a, n))
		return false;
	memcpy(out, mnl_attr_get_payload(a), n);
	return true;
}

/* --- links ---------------------------------------------------------------- */

struct link_ctx {
	rtnl_link_fn fn;
	void *arg;
};

static void link_inet6(struct rtnl_link *l, const struct nlattr *spec)
{
	const struct nlattr *af, *a;
	const int32_t *conf;
	size_t n;

	mnl_attr_for_each_nested(af, spec) {
		if (mnl_attr_get_type(af) != AF_INET6)
			continue;
		mnl_attr_for_each_nested(a, af) {
			if (mnl_attr_get_type(a) != IFLA_INET6_CONF)
				continue;
			n = mnl_attr_get_payload_len(a) / sizeof(int32_t);
			if (n <= DEVCONF_ACCEPT_REDIRECTS)
				continue;
			conf = mnl_attr_get_payload(a);
			l->has_inet6 = true;
			memcpy(&l->inet6_forwarding, &conf[DEVCONF_FORWARDING],
			       sizeof(int32_t));
			memcpy(&l->inet6_hop_limit, &conf[DEVCONF_HOPLIMIT],
			       sizeof(int32_t));
			memcpy(&l->inet6_accept_ra, &conf[DEVCONF_ACCEPT_RA],
			       sizeof(int32_t));
			memcpy(&l->inet6_accept_redirects,
			       &conf[DEVCONF_ACCEPT_REDIRECTS],
			       sizeof(int32_t));
		}
	}
}

static int link_msg(const struct nlmsghdr *nlh, void *data)
{
	struct link_ctx *ctx = data;
	const struct ifinfomsg *ifi;
	const struct nlattr *a;
	struct rtnl_link l;
	uint64_t s64[10];
	uint32_t s32[10];
	size_t n, i;
	bool has_name = false;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return 0;
	ifi = mnl_nlmsg_get_payload(nlh);
	memset(&l, 0, sizeof(l));
	l.index = ifi->ifi_index;
	l.type = ifi->ifi_type;
	l.flags = ifi->ifi_flags;

	mnl_attr_for_each(a, nlh, sizeof(*ifi)) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_IFNAME:
			n = mnl_attr_get_payload_len(a);
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0 ||
			    strnlen(mnl_attr_get_str(a), n) >= sizeof(l.name))
				break;
			memcpy(l.name, mnl_attr_get_str(a),
			       strnlen(mnl_attr_get_str(a), n) + 1);
			has_name = l.name[0] != '\0';
			break;
		case IFLA_MTU:
			if (len_is(a, 4)) {
				l.has_mtu = true;
				l.mtu = mnl_attr_get_u32(a);
			}
			break;
		case IFLA_ADDRESS:
			n = mnl_attr_get_payload_len(a);
			if (n > 0 && n <= sizeof(l.addr)) {
				memcpy(l.addr, mnl_attr_get_payload(a), n);
				l.addrlen = n;
			}
			break;
		case IFLA_STATS64:
			if (mnl_attr_get_payload_len(a) < sizeof(s64))
				break;
			memcpy(s64, mnl_attr_get_payload(a), sizeof(s64));
			goto stats;
		case IFLA_STATS:
			/* The 32-bit counters, only when no 64-bit ones
			 * came first (the kernel sends IFLA_STATS first). */
			if (l.has_stats ||
			    mnl_attr_get_payload_len(a) < sizeof(s32))
				break;
			memcpy(s32, mnl_attr_get_payload(a), sizeof(s32));
			for (i = 0; i < 10; i++)
				s64[i] = s32[i];
stats:
			l.has_stats = true;
			l.stats.rx_packets = s64[0];
			l.stats.tx_packets = s64[1];
			l.stats.rx_bytes = s64[2];
			l.stats.tx_bytes = s64[3];
			l.stats.rx_errors = s64[4];
			l.stats.tx_errors = s64[5];
			l.stats.rx_dropped = s64[6];
			l.stats.tx_dropped = s64[7];
			l.stats.multicast = s64[8];
			l.stats.collisions = s64[9];
			break;
		case IFLA_PROMISCUITY:
			if (!len_is(a, 4))
				break;
			if (mnl_attr_get_u32(a))
				l.flags |= IFF_PROMISC;
			else
				l.flags &= ~(unsigned)IFF_PROMISC;
			break;
		case IFLA_ALLMULTI:
			if (!len_is(a, 4))
				break;
			if (mnl_attr_get_u32(a))
				l.flags |= IFF_ALLMULTI;
			else
				l.flags &= ~(unsigned)IFF_ALLMULTI;
			break;
		case IFLA_AF_SPEC:
			link_inet6(&l, a);
			break;
		default:
			break;
		}
	}
	if (!has_name)
		return 0;
	return ctx->fn(&l, ctx->arg);
}

int rtnl_dump_links(rtnl_link_fn fn, void *arg, char *err, size_t errsize)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct link_ctx ctx = { fn, arg };

	return dump(RTM_GETLINK, &ifi, sizeof(ifi), link_msg, &ctx, err,
		    errsize);
}

/* --- addresses ------------------------------------------------------------ */

struct addr_ctx {
	rtnl_addr_fn fn;
	void *arg;
};

static int addr_msg(const struct nlmsghdr *nlh, void *data)
{
	struct addr_ctx *ctx = data;
	const struct ifaddrmsg *ifa;
	const struct nlattr *a;
	struct rtnl_addr r;

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifa)))
		return 0;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return 0;
	memset(&r, 0, sizeof(r));
	r.family = ifa->ifa_family;
	r.index = (int)ifa->ifa_index;
	r.prefixlen = ifa->ifa_prefixlen;
	r.flags = ifa->ifa_flags;
	r.scope = ifa->ifa_scope;
	mnl_attr_for_each(a, nlh, sizeof(*ifa)) {
		switch (mnl_attr_get_type(a)) {
		case IFA_ADDRESS:
			r.has_address = get_addr(a, r.family, r.address);
			break;
		case IFA_LOCAL:
			r.has_local = get_addr(a, r.family, r.local);
			break;
		case IFA_BROADCAST:
			r.has_broadcast = get_addr(a, r.family, r.broadcast);
			break;
		case IFA_FLAGS:
			if (len_is(a, 4))
				r.flags = mnl_attr_get_u32(a);
			break;
		default:
			break;
		}
	}
	if (!r.has_address && !r.has_local)
		return 0;
	return ctx->fn(&r, ctx->arg);
}

int rtnl_dump_addrs(int family, rtnl_addr_fn fn, void *arg, char *err,
		    size_t errsize)
{
	struct ifaddrmsg ifa = { .ifa_family = (unsigned char)family };
	struct addr_ctx ctx = { fn, arg };

	return dump(RTM_GETADDR, &ifa, sizeof(ifa), addr_msg, &ctx, err,
		    errsize);
}

/* --- routes --------------------------------------------------------------- */

struct route_ctx {
	rtnl_route_fn fn;
	void *arg;
};

/* A gateway from RTA_GATEWAY (the route's family) or RTA_VIA (its own). */
static void route_gateway(struct rtnl_route *r, const struct nlattr *a)
{
	const uint8_t *p;
	uint16_t fam;
	size_t n = mnl_attr_get_payload_len(a);

	if (mnl_attr_get_type(a) == RTA_GATEWAY) {
		if (get_addr(a, r->family, r->gw))
			r->gw_family = r->family;
		return;
	}
	/* struct rtvia: a 2-byte family, then the address. */
	if (n < 2)
		return;
	p = mnl_attr_get_payload(a);
	memcpy(&fam, p, 2);
	if ((fam == AF_INET && n == 2 + 4) || (fam == AF_INET6 && n == 2 + 16)) {
		memcpy(r->gw, p + 2, n - 2);
		r->gw_family = fam;
	}
}

static int route_multipath(struct route_ctx *ctx, struct rtnl_route *r,
			   const struct nlattr *mp)
{
	const uint8_t *p = mnl_attr_get_payload(mp);
	size_t left = mnl_attr_get_payload_len(mp), step;
	const struct rtnexthop *nh;
	const struct nlattr *a;
	int rem;

	while (left >= sizeof(*nh)) {
		nh = (const struct rtnexthop *)p;
		if (nh->rtnh_len < sizeof(*nh) || nh->rtnh_len > left)
			break;
		r->oif = nh->rtnh_ifindex;
		r->gw_family = 0;
		memset(r->gw, 0, sizeof(r->gw));
		/* The next hop's own attributes follow its header. */
		a = (const struct nlattr *)(p + RTNH_ALIGN(sizeof(*nh)));
		rem = (int)(nh->rtnh_len - RTNH_ALIGN(sizeof(*nh)));
		while (mnl_attr_ok(a, rem)) {
			if (mnl_attr_get_type(a) == RTA_GATEWAY ||
			    mnl_attr_get_type(a) == RTA_VIA)
				route_gateway(r, a);
			rem -= (int)MNL_ALIGN(a->nla_len);
			a = mnl_attr_next(a);
		}
		if (ctx->fn(r, ctx->arg) < 0)
			return -1;
		step = RTNH_ALIGN(nh->rtnh_len);
		if (step >= left)
			break;
		p += step;
		left -= step;
	}
	return 0;
}

static int route_msg(const struct nlmsghdr *nlh, void *data)
{
	struct route_ctx *ctx = data;
	const struct rtmsg *rtm;
	const struct nlattr *a, *x, *mp = NULL;
	struct rtnl_route r;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*rtm)))
		return 0;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return 0;
	memset(&r, 0, sizeof(r));
	r.family = rtm->rtm_family;
	r.dst_len = rtm->rtm_dst_len;
	r.src_len = rtm->rtm_src_len;
	r.tos = rtm->rtm_tos;
	r.table = rtm->rtm_table;
	r.protocol = rtm->rtm_protocol;
	r.scope = rtm->rtm_scope;
	r.type = rtm->rtm_type;
	r.flags = rtm->rtm_flags;
	mnl_attr_for_each(a, nlh, sizeof(*rtm)) {
		switch (mnl_attr_get_type(a)) {
		case RTA_DST:
			r.has_dst = get_addr(a, r.family, r.dst);
			break;
		case RTA_PREFSRC:
			r.has_prefsrc = get_addr(a, r.family, r.prefsrc);
			break;
		case RTA_GATEWAY:
		case RTA_VIA:
			route_gateway(&r, a);
			break;
		case RTA_OIF:
			if (len_is(a, 4))
				r.oif = (int)mnl_attr_get_u32(a);
			break;
		case RTA_PRIORITY:
			if (len_is(a, 4)) {
				r.has_priority = true;
				r.priority = mnl_attr_get_u32(a);
			}
			break;
		case RTA_TABLE:
			if (len_is(a, 4))
				r.table = mnl_attr_get_u32(a);
			break;
		case RTA_METRICS:
			mnl_attr_for_each_nested(x, a) {
				if (!len_is(x, 4))
					continue;
				if (mnl_attr_get_type(x) == RTAX_MTU)
					r.mtu = mnl_attr_get_u32(x);
				else if (mnl_attr_get_type(x) == RTAX_HOPLIMIT)
					r.hoplimit = mnl_attr_get_u32(x);
			}
			break;
		case RTA_MULTIPATH:
			mp = a;
			break;
		default:
			break;
		}
	}
	if (mp && !r.oif && !r.gw_family)
		return route_multipath(ctx, &r, mp);
	return ctx->fn(&r, ctx->arg);
}

int rtnl_dump_routes(int family, rtnl_route_fn fn, void *arg, char *err,
		     size_t errsize)
{
	struct rtmsg rtm = { .rtm_family = (unsigned char)family };
	struct route_ctx ctx = { fn, arg };

	return dump(RTM_GETROUTE, &rtm, sizeof(rtm), route_msg, &ctx, err,
		    errsize);
}

/* --- neighbours ----------------------------------------------------------- */

struct neigh_ctx {
	rtnl_neigh_fn fn;
	void *arg;
};

static int neigh_msg(const struct nlmsghdr *nlh, void *data)
{
	struct neigh_ctx *ctx = data;
	const struct ndmsg *ndm;
	const struct nlattr *a;
	struct rtnl_neigh r;
	size_t n;

	if (nlh->nlmsg_type != RTM_NEWNEIGH ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ndm)))
		return 0;
	ndm = mnl_nlmsg_get_payload(nlh);
	if (ndm->ndm_family != AF_INET && ndm->ndm_family != AF_INET6)
		return 0;
	memset(&r, 0, sizeof(r));
	r.family = ndm->ndm_family;
	r.index = ndm->ndm_ifindex;
	r.state = ndm->ndm_state;
	r.flags = ndm->ndm_flags;
	r.proxy = (ndm->ndm_flags & NTF_PROXY) != 0;
	mnl_attr_for_each(a, nlh, sizeof(*ndm)) {
		switch (mnl_attr_get_type(a)) {
		case NDA_DST:
			r.has_dst = get_addr(a, r.family, r.dst);
			break;
		case NDA_LLADDR:
			n = mnl_attr_get_payload_len(a);
			if (n > 0 && n <= sizeof(r.lladdr)) {
				memcpy(r.lladdr, mnl_attr_get_payload(a), n);
				r.lladdr_len = n;
			}
			break;
		default:
			break;
		}
	}
	if (!r.has_dst)
		return 0;
	return ctx->fn(&r, ctx->arg);
}

int rtnl_dump_neighs(int family, bool proxy, rtnl_neigh_fn fn, void *arg,
		     char *err, size_t errsize)
{
	struct ndmsg ndm = { .ndm_family = (unsigned char)family };
	struct neigh_ctx ctx = { fn, arg };

	/* The kernel dumps the proxy table when ndm_flags is NTF_PROXY. */
	if (proxy)
		ndm.ndm_flags = NTF_PROXY;
	return dump(RTM_GETNEIGH, &ndm, sizeof(ndm), neigh_msg, &ctx, err,
		    errsize);
}

/* --- ethtool -------------------------------------------------------------- */

int rtnl_ethtool_open(void)
{
	return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

static int ethtool(int fd, const char *ifname, void *cmd)
{
	struct ifreq ifr;

	if (strlen(ifname) >= sizeof(ifr.ifr_name)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	ifr.ifr_data = cmd;
	return ioctl(fd, SIOCETHTOOL, &ifr);
}

int rtnl_ethtool_speed(int fd, const char *ifname, uint32_t *mbps)
{
	struct ethtool_cmd cmd;
	uint32_t speed;

	memset(&cmd, 0, sizeof(cmd));
	cmd.cmd = ETHTOOL_GSET;
	if (ethtool(fd, ifname, &cmd) < 0)
		return -1;
	/* ethtool_cmd_speed() shifts a promoted int: SPEED_UNKNOWN's high
	 * half overflows it. */
	speed = (uint32_t)cmd.speed_hi << 16 | cmd.speed;
	if (speed == 0 || speed == (uint32_t)SPEED_UNKNOWN) {
		errno = ENODATA;
		return -1;
	}
	*mbps = speed;
	return 0;
}

int rtnl_ethtool_bus(int fd, const char *ifname, char *out, size_t size)
{
	struct ethtool_drvinfo info;
	size_t n;

	memset(&info, 0, sizeof(info));
	info.cmd = ETHTOOL_GDRVINFO;
	if (ethtool(fd, ifname, &info) < 0)
		return -1;
	n = strnlen(info.bus_info, sizeof(info.bus_info));
	/* Virtual devices say "" or "N/A": no bus. */
	if (n == 0 || n >= size || !strcmp(info.bus_info, "N/A")) {
		errno = ENODATA;
		return -1;
	}
	memcpy(out, info.bus_info, n);
	out[n] = '\0';
	return 0;
}
