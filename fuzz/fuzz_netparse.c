/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_netparse: libFuzzer target for the parsers of netparse.h: the
 * services, protocols and resolv.conf files, the kernel's text views of
 * the network stack (/proc/net/route, ipv6_route, arp, if_inet6, dev,
 * fib_trie), and the helpers that format and read what they hold.
 *
 * The input is a whole file.  Each '\n'-separated line goes to every line
 * parser: those that rewrite their line get a buffer of exactly len + 1
 * bytes whose last byte is not a NUL (they may write one there, nowhere
 * further), the others a buffer of exactly len bytes.  All lines feed one
 * resolv.conf state and one fib_trie state, as the tables read a file.
 * The whole input, NUL-terminated, goes to the sysfs number reader and the
 * PCI slot finder; its first bytes to the address, mask and MAC
 * formatters and the small deciders.
 *
 * Besides crashes, the target checks the contracts: strings a parser
 * returns lie inside its line; prefix lengths fit their family; parsed
 * addresses and masks format; a route always has a type; the resolver
 * state keeps its counts within MAXNS, MAXSORT and its search buffer, with
 * nsearch names in searchlen bytes; a PCI slot and a MAC are terminated
 * inside the room given; a mask's prefix length formats back to that
 * mask; a refusal leaves a NUL-terminated reason in err.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tables/netparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct state {
	struct netparse_resolv rc;
	struct netparse_fib_state fib;
};

/* A string that lies inside [buf, buf + size) (NULL allowed when may). */
static void check_in(const char *s, const char *buf, size_t size, int may)
{
	if (!s) {
		if (!may)
			abort();
		return;
	}
	if (s < buf || s >= buf + size ||
	    memchr(s, '\0', (size_t)(buf + size - s)) == NULL)
		abort();
}

static void check_err(int rc, const char *err, size_t errsize)
{
	if (rc < 0 && errsize && memchr(err, '\0', errsize) == NULL)
		abort();
}

/* A copy of the line in len + 1 bytes, the last not a NUL. */
static char *copy_line(const uint8_t *line, size_t len)
{
	char *p = malloc(len + 1);

	if (!p)
		abort();
	memcpy(p, line, len);
	p[len] = 'X';
	return p;
}

static void check_addr(int family, const uint8_t *a)
{
	char out[NETPARSE_ADDR_MAX];

	if (netparse_format_addr(family, a, NULL, out, sizeof(out)) < 0)
		abort();
}

static void rewriting_parsers(const uint8_t *line, size_t len)
{
	struct netparse_service sv;
	struct netparse_protocol pr;
	struct netparse_route4 r4;
	struct netparse_route6 r6;
	struct netparse_arp arp;
	struct netparse_inet6 i6;
	struct netparse_netdev nd;
	char *l, err[40], out[NETPARSE_ADDR_MAX];
	size_t errsize = 1 + len % sizeof(err);
	int rc;

	l = copy_line(line, len);
	rc = netparse_service(l, len, &sv, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 0) {
		check_in(sv.name, l, len + 1, 0);
		check_in(sv.protocol, l, len + 1, 0);
		check_in(sv.aliases, l, len + 1, 0);
		check_in(sv.comment, l, len + 1, 1);
		if (sv.port > 65535)
			abort();
	}
	free(l);

	l = copy_line(line, len);
	rc = netparse_protocol(l, len, &pr, NULL, 0);
	if (rc == 0) {
		check_in(pr.name, l, len + 1, 0);
		check_in(pr.aliases, l, len + 1, 1);
		check_in(pr.comment, l, len + 1, 1);
		if (pr.number < 0)
			abort();
	}
	free(l);

	l = copy_line(line, len);
	rc = netparse_route4(l, len, &r4, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 0) {
		check_in(r4.iface, l, len + 1, 0);
		if (r4.plen > 32 || !netparse_route4_type(&r4))
			abort();
		check_addr(AF_INET, r4.dst);
		check_addr(AF_INET, r4.gw);
		if (netparse_format_mask(AF_INET, r4.plen, out, sizeof(out)) < 0)
			abort();
	}
	free(l);

	l = copy_line(line, len);
	rc = netparse_route6(l, len, &r6, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 0) {
		check_in(r6.iface, l, len + 1, 0);
		if (r6.dst_plen > 128 || r6.src_plen > 128 ||
		    !netparse_route6_type(&r6))
			abort();
		check_addr(AF_INET6, r6.dst);
		check_addr(AF_INET6, r6.nexthop);
		if (netparse_format_mask(AF_INET6, r6.dst_plen, out,
					 sizeof(out)) < 0)
			abort();
	}
	free(l);

	l = copy_line(line, len);
	rc = netparse_arp(l, len, &arp, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 0) {
		check_in(arp.address, l, len + 1, 0);
		check_in(arp.mac, l, len + 1, 0);
		check_in(arp.mask, l, len + 1, 0);
		check_in(arp.device, l, len + 1, 0);
	}
	free(l);

	l = copy_line(line, len);
	rc = netparse_inet6(l, len, &i6, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 0) {
		check_in(i6.ifname, l, len + 1, 0);
		if (i6.plen > 128)
			abort();
		check_addr(AF_INET6, i6.addr);
		/* With the interface name, a long one may not fit: -1. */
		(void)netparse_format_addr(AF_INET6, i6.addr, i6.ifname, out,
					   sizeof(out));
	}
	free(l);

	l = copy_line(line, len);
	rc = netparse_netdev(l, len, &nd, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 0)
		check_in(nd.name, l, len + 1, 0);
	free(l);
}

static void stateful_parsers(struct state *st, const uint8_t *line,
			     size_t len)
{
	char *l = malloc(len ? len : 1), err[40];
	struct netparse_fib_ent fe;
	int rc;

	if (!l)
		abort();
	if (len)
		memcpy(l, line, len);
	rc = netparse_resolv_line(&st->rc, l, len, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	rc = netparse_fib_trie_line(&st->fib, l, len, &fe, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 1 && (fe.plen > 32 || !memchr(fe.scope, '\0', sizeof(fe.scope)) ||
			!memchr(fe.type, '\0', sizeof(fe.type))))
		abort();
	free(l);
}

static void check_resolv(const struct netparse_resolv *rc)
{
	size_t i;
	int n = 0;

	if (rc->nns < 0 || rc->nns > NETPARSE_RESOLV_MAXNS ||
	    rc->nsort < 0 || rc->nsort > NETPARSE_RESOLV_MAXSORT ||
	    rc->searchlen > sizeof(rc->search))
		abort();
	for (i = 0; i < (size_t)rc->nns; i++)
		if (!memchr(rc->ns[i], '\0', sizeof(rc->ns[i])))
			abort();
	for (i = 0; i < rc->searchlen; i++)
		if (rc->search[i] == '\0')
			n++;
	if (n != rc->nsearch ||
	    (rc->searchlen && rc->search[rc->searchlen - 1] != '\0'))
		abort();
	for (i = 0; i < (size_t)rc->nsort; i++)
		if (!memchr(rc->sort[i].address, '\0', 16) ||
		    !memchr(rc->sort[i].netmask, '\0', 16))
			abort();
}

static void helpers(const uint8_t *data, size_t size)
{
	uint8_t a[16] = { 0 };
	char *s, *small, slot[16], mask[NETPARSE_ADDR_MAX], want[16];
	size_t ssize = 1 + (size ? data[size - 1] % 48 : 0);
	int64_t v[3] = { 0, 0, 0 };
	int plen;

	memcpy(a, data, size < sizeof(a) ? size : sizeof(a));
	memcpy(v, data, size < sizeof(v) ? size : sizeof(v));

	s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	(void)netparse_sysfs_num(s, &v[0]);
	if (netparse_pci_slot(s, slot, sizeof(slot)) == 0 &&
	    !memchr(slot, '\0', sizeof(slot)))
		abort();
	(void)netparse_link_flags((uint64_t)v[1], s,
				  (int)((uint64_t)v[2] % 3) - 1,
				  (int)(((uint64_t)v[2] >> 8) % 3) - 1);
	free(s);

	small = malloc(ssize);
	if (!small)
		abort();
	if (netparse_format_mac(a, 1 + size % 16, small, ssize) == 0 &&
	    !memchr(small, '\0', ssize))
		abort();
	(void)netparse_format_addr(AF_INET6, a, "eth0", small, ssize);
	(void)netparse_format_mask(AF_INET6, (unsigned)size % 130, small,
				   ssize);
	free(small);

	plen = netparse_mask4_plen(a);
	if (plen > 32)
		abort();
	if (plen >= 0) {
		if (netparse_format_mask(AF_INET, (unsigned)plen, mask,
					 sizeof(mask)) < 0 ||
		    !inet_ntop(AF_INET, a, want, sizeof(want)) ||
		    strcmp(mask, want) != 0)
			abort();
	}
	(void)netparse_ipv6_redirect(v[0], v[1]);
	(void)netparse_ipv6_rtadv(v[0], v[2]);
	if (!netparse_rtn_type(size ? data[0] : 0))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state *st = malloc(sizeof(*st));
	size_t pos = 0, len;
	const uint8_t *nl;

	if (!st)
		abort();
	netparse_resolv_init(&st->rc);
	netparse_fib_init(&st->fib);
	while (pos < size) {
		nl = memchr(data + pos, '\n', size - pos);
		len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		rewriting_parsers(data + pos, len);
		stateful_parsers(st, data + pos, len);
		pos += len + 1;
	}
	check_resolv(&st->rc);
	netparse_resolv_finish(&st->rc, size % 2 ? "host.example.org" : NULL);
	check_resolv(&st->rc);
	if (st->rc.nns < 1)
		abort(); /* finish adds 127.0.0.1 when none was read */
	free(st);
	helpers(data, size);
	return 0;
}
