/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_netparse.c: the network parsers on the lines Debian and the kernel
 * write, and on hostile ones: overlong lines, missing fields, non-hex and
 * non-numeric fields, NUL bytes, out-of-range values, and the resolv.conf
 * lines that send glibc into an endless loop.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "tables/netparse.h"

static char line[NETPARSE_LINE_MAX + 64];
static char err[128];

/* Copies s into the writable line buffer; returns its length. */
static size_t load(const char *s)
{
	size_t n = strlen(s);

	assert_true(n < sizeof(line));
	memcpy(line, s, n + 1);
	err[0] = '\0';
	return n;
}

/* An overlong line of 'a's with a valid-looking start. */
static size_t load_long(const char *start)
{
	size_t n = strlen(start);

	memcpy(line, start, n);
	memset(line + n, 'a', NETPARSE_LINE_MAX + 1 - n);
	line[NETPARSE_LINE_MAX + 1] = '\0';
	err[0] = '\0';
	return NETPARSE_LINE_MAX + 1;
}

/* --- services ------------------------------------------------------------- */

static struct netparse_service sv;

static int svc(const char *s)
{
	return netparse_service(line, load(s), &sv, err, sizeof(err));
}

static void svc_is(const char *s, const char *name, unsigned port,
		   const char *proto, const char *aliases, const char *comment)
{
	assert_int_equal(svc(s), 0);
	assert_string_equal(sv.name, name);
	assert_int_equal(sv.port, port);
	assert_string_equal(sv.protocol, proto);
	assert_string_equal(sv.aliases, aliases);
	if (comment)
		assert_string_equal(sv.comment, comment);
	else
		assert_null(sv.comment);
}

static void svc_refused(const char *s, const char *why)
{
	assert_int_equal(svc(s), -1);
	assert_string_equal(err, why);
}

static void test_services(void **state)
{
	(void)state;
	svc_is("tcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer",
	       "tcpmux", 1, "tcp", "", "TCP port service multiplexer");
	svc_is("echo\t\t7/udp", "echo", 7, "udp", "", NULL);
	svc_is("discard\t\t9/tcp\t\tsink null", "discard", 9, "tcp",
	       "sink null", NULL);
	svc_is("kerberos\t88/tcp\t\tkerberos5 krb5 kerberos-sec\t# Kerberos v5",
	       "kerberos", 88, "tcp", "kerberos5 krb5 kerberos-sec",
	       "Kerberos v5");
	svc_is("amqp\t\t5672/sctp", "amqp", 5672, "sctp", "", NULL);
	svc_is("  x 0/udp  a   b  ", "x", 0, "udp", "a b", NULL);
	svc_is("x 65535/tcp#c1 # c2 ", "x", 65535, "tcp", "", "c1 # c2");
	svc_is("x 1/tcp #   ", "x", 1, "tcp", "", NULL);
	svc_is("x 1/tcp\r", "x", 1, "tcp", "", NULL);
	svc_is("x 022/tcp", "x", 22, "tcp", "", NULL);

	svc_refused("", "blank line");
	svc_refused("   \t ", "blank line");
	svc_refused("# Network services, Internet style", "blank line");
	svc_refused("  # indented comment", "blank line");
	svc_refused("noport", "missing port");
	svc_refused("noport # 22/tcp", "missing port");
	svc_refused("x 8080", "bad port");
	svc_refused("x 70000/tcp", "bad port");
	svc_refused("x 99999999999999999999999/tcp", "bad port");
	svc_refused("x -1/tcp", "bad port");
	svc_refused("x 22/", "bad port");
	svc_refused("x /tcp", "bad port");
	svc_refused("x 22/tcp/x", "bad port");
	svc_refused("x 0x16/tcp", "bad port");
	assert_int_equal(netparse_service(line, load_long("x 1/tcp "), &sv,
					  err, sizeof(err)),
			 -1);
	assert_string_equal(err, "line too long");
}

static void test_services_nul(void **state)
{
	size_t n;

	(void)state;
	/* A NUL ends the line: what follows it is not read. */
	n = load("ssh 22/tcp");
	memcpy(line + n, "\0 alias", 8);
	assert_int_equal(netparse_service(line, n + 7, &sv, err, sizeof(err)),
			 0);
	assert_string_equal(sv.aliases, "");
	n = load("ssh");
	memcpy(line + n, "\0 22/tcp", 9);
	assert_int_equal(netparse_service(line, n + 7, &sv, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "missing port");
}

/* --- protocols ------------------------------------------------------------ */

static struct netparse_protocol pr;

static int proto(const char *s)
{
	return netparse_protocol(line, load(s), &pr, err, sizeof(err));
}

static void test_protocols(void **state)
{
	(void)state;
	assert_int_equal(
		proto("ip\t0\tIP\t\t# internet protocol, pseudo protocol number"),
		0);
	assert_string_equal(pr.name, "ip");
	assert_int_equal(pr.number, 0);
	assert_string_equal(pr.aliases, "IP");
	assert_string_equal(pr.comment,
			    "internet protocol, pseudo protocol number");
	assert_int_equal(proto("idpr-cmtp 38\tIDPR-CMTP\t# IDPR"), 0);
	assert_string_equal(pr.name, "idpr-cmtp");
	assert_int_equal(pr.number, 38);
	assert_int_equal(proto("ethernet 143"), 0);
	assert_null(pr.aliases);
	assert_null(pr.comment);
	assert_int_equal(proto("two 253 A  B\t# c"), 0);
	assert_string_equal(pr.aliases, "A B");
	assert_int_equal(proto("big 2147483647"), 0);
	assert_int_equal(pr.number, 2147483647);

	assert_int_equal(proto("# Internet (IP) protocols"), -1);
	assert_string_equal(err, "blank line");
	assert_int_equal(proto("nonum"), -1);
	assert_string_equal(err, "missing number");
	assert_int_equal(proto("bogus x BOGUS"), -1);
	assert_string_equal(err, "bad number");
	assert_int_equal(proto("big 2147483648"), -1);
	assert_string_equal(err, "bad number");
	assert_int_equal(proto("neg -6"), -1);
	assert_string_equal(err, "bad number");
	assert_int_equal(proto("hex 0x6"), -1);
	assert_string_equal(err, "bad number");
	assert_int_equal(netparse_protocol(line, load_long("p 1 "), &pr, err,
					   sizeof(err)),
			 -1);
	assert_string_equal(err, "line too long");
}

/* --- resolv.conf ---------------------------------------------------------- */

static struct netparse_resolv rc;

static int res(const char *s)
{
	err[0] = '\0';
	return netparse_resolv_line(&rc, s, strlen(s), err, sizeof(err));
}

static void res_refused(const char *s, const char *why)
{
	assert_int_equal(res(s), -1);
	assert_string_equal(err, why);
}

static const char *search_name(int i)
{
	const char *s = rc.search;

	assert_true(i < rc.nsearch);
	while (i--)
		s += strlen(s) + 1;
	return s;
}

static void test_resolv_nameservers(void **state)
{
	(void)state;
	netparse_resolv_init(&rc);
	assert_int_equal(rc.options, 0x2c1);
	assert_int_equal(res("nameserver 192.168.1.1"), 0);
	assert_int_equal(res("nameserver\t 2001:DB8:0:0::53  # comment"), 0);
	assert_int_equal(res("nameserver fe80::1%eth0"), 0);
	assert_int_equal(rc.nns, 3);
	assert_string_equal(rc.ns[0], "192.168.1.1");
	assert_string_equal(rc.ns[1], "2001:db8::53");
	assert_string_equal(rc.ns[2], "fe80::1%eth0");
	/* Valid, but glibc uses three. */
	res_refused("nameserver 9.9.9.9", "ignored");
	assert_int_equal(rc.nns, 3);

	netparse_resolv_init(&rc);
	/* inet_aton's forms, and text after white space. */
	assert_int_equal(res("nameserver 1"), 0);
	assert_int_equal(res("nameserver 10.1 trailing words"), 0);
	assert_int_equal(res("nameserver 1.2.3.4\r"), 0);
	assert_string_equal(rc.ns[0], "0.0.0.1");
	assert_string_equal(rc.ns[1], "10.0.0.1");
	assert_string_equal(rc.ns[2], "1.2.3.4");

	netparse_resolv_init(&rc);
	res_refused("nameserver ::1\r", "bad address");
	res_refused("nameserver 1.2.3.4;x", "bad address");
	res_refused("nameserver 256.1.1.1", "bad address");
	res_refused("nameserver example.org", "bad address");
	res_refused("nameserver %eth0", "bad address");
	res_refused("nameserver", "unknown keyword");
	res_refused("nameserver   ", "ignored");
	res_refused(" nameserver 1.1.1.1", "unknown keyword");
	res_refused("nameserver:1.1.1.1", "unknown keyword");
	res_refused("# nameserver 1.1.1.1", "comment");
	res_refused("; nameserver 1.1.1.1", "comment");
	res_refused("", "blank line");
	/* A token too long for any address. */
	{
		char s[300];

		memcpy(s, "nameserver ", 11);
		memset(s + 11, '0', 250);
		memcpy(s + 261, "1", 2);
		res_refused(s, "bad address");
	}
	/* A scope too long to be an interface is dropped. */
	assert_int_equal(res("nameserver fe80::2%averyveryverylongname"), 0);
	assert_string_equal(rc.ns[0], "fe80::2");
	assert_int_equal(rc.nns, 1);
}

static void test_resolv_search(void **state)
{
	char s[2 * NETPARSE_RESOLV_SEARCH_MAX];
	int i;

	(void)state;
	netparse_resolv_init(&rc);
	assert_int_equal(res("search example.org\tcorp.example.org  x"), 0);
	assert_int_equal(rc.nsearch, 3);
	assert_string_equal(search_name(0), "example.org");
	assert_string_equal(search_name(1), "corp.example.org");
	assert_string_equal(search_name(2), "x");
	/* domain replaces the list with its first word. */
	assert_int_equal(res("domain lan extra"), 0);
	assert_int_equal(rc.nsearch, 1);
	assert_string_equal(search_name(0), "lan");
	/* The last line wins; a '#' is just a name to glibc here. */
	assert_int_equal(res("search a # b"), 0);
	assert_int_equal(rc.nsearch, 3);
	assert_string_equal(search_name(1), "#");
	res_refused("search   ", "ignored");
	res_refused("domain", "unknown keyword");
	assert_int_equal(rc.nsearch, 3);

	/* More names than the store holds: the first ones are kept. */
	memcpy(s, "search", 6);
	for (i = 0; i < 1000; i++)
		memcpy(s + 6 + 5 * i, " abcd", 5);
	s[6 + 5 * 1000] = '\0';
	assert_int_equal(res(s), 0);
	assert_true(rc.nsearch > 100 && rc.nsearch < 1000);
	assert_true(rc.searchlen <= sizeof(rc.search));
	assert_string_equal(search_name(rc.nsearch - 1), "abcd");
	/* One name longer than the store is refused; the list stays. */
	memcpy(s, "domain ", 7);
	memset(s + 7, 'a', NETPARSE_RESOLV_SEARCH_MAX);
	s[7 + NETPARSE_RESOLV_SEARCH_MAX] = '\0';
	res_refused(s, "line too long");
	assert_string_equal(search_name(0), "abcd");
}

static void test_resolv_options(void **state)
{
	(void)state;
	netparse_resolv_init(&rc);
	assert_int_equal(res("options edns0 trust-ad"), 0);
	assert_int_equal(rc.options, 0x2c1 | 0x100000 | 0x4000000);
	assert_int_equal(res("options\trotatex ndots:3 timeout:1 inet6 debug"),
			 0);
	assert_int_equal(rc.options, 0x2c1 | 0x100000 | 0x4000000 | 0x4000);
	netparse_resolv_init(&rc);
	assert_int_equal(res("options single-request-reopen"), 0);
	assert_int_equal(rc.options, 0x2c1 | 0x400000);
	assert_int_equal(res("options single-request no-tld-query no_tld_query "
			     "no-reload use-vc no-aaaa"),
			 0);
	assert_int_equal(rc.options, 0x2c1 | 0x400000 | 0x200000 |
					     0x1000000 | 0x2000000 | 0x8 |
					     0x8000000);
	netparse_resolv_init(&rc);
	res_refused("options", "unknown keyword");
	assert_int_equal(res("options nothing known"), 0);
	assert_int_equal(rc.options, 0x2c1);
}

static void test_resolv_sortlist(void **state)
{
	(void)state;
	netparse_resolv_init(&rc);
	assert_int_equal(res("sortlist 10.0.0.0/255.0.0.0 192.168.1.0 "
			     "130.155.160.0&255.255.240.0;x 1.2.3.4"),
			 0);
	assert_int_equal(rc.nsort, 3);
	assert_string_equal(rc.sort[0].address, "10.0.0.0");
	assert_string_equal(rc.sort[0].netmask, "8");
	assert_string_equal(rc.sort[1].address, "192.168.1.0");
	assert_string_equal(rc.sort[1].netmask, "24");
	assert_string_equal(rc.sort[2].netmask, "20");
	/* Class B default, a bad mask falls back to it, a holey mask. */
	assert_int_equal(res("sortlist 172.16.0.0 172.17.0.0/bad "
			     "10.0.0.0/255.0.255.0"),
			 0);
	assert_string_equal(rc.sort[3].netmask, "16");
	assert_string_equal(rc.sort[4].netmask, "16");
	assert_string_equal(rc.sort[5].netmask, "255.0.255.0");
	/* Lines glibc 2.36 loops forever on end here. */
	res_refused("sortlist /", "ignored");
	res_refused("sortlist \xff", "ignored");
	assert_int_equal(res("sortlist 1.2.3.4\r"), 0);
	assert_int_equal(res("sortlist bad/1.2.3.4 5.6.7.8"), -1);
	assert_int_equal(rc.nsort, 7);
	/* At most ten. */
	assert_int_equal(res("sortlist 1.0.0.0 2.0.0.0 3.0.0.0 4.0.0.0"), 0);
	assert_int_equal(rc.nsort, 10);
	res_refused("sortlist 5.0.0.0", "ignored");
}

static void test_resolv_finish(void **state)
{
	(void)state;
	netparse_resolv_init(&rc);
	netparse_resolv_finish(&rc, "web1.example.org");
	assert_int_equal(rc.nns, 1);
	assert_string_equal(rc.ns[0], "127.0.0.1");
	assert_int_equal(rc.nsearch, 1);
	assert_string_equal(search_name(0), "example.org");

	netparse_resolv_init(&rc);
	res("search a");
	res("nameserver 1.1.1.1");
	netparse_resolv_finish(&rc, "web1.example.org");
	assert_int_equal(rc.nns, 1);
	assert_string_equal(rc.ns[0], "1.1.1.1");
	assert_string_equal(search_name(0), "a");

	netparse_resolv_init(&rc);
	netparse_resolv_finish(&rc, "debian12");
	assert_int_equal(rc.nsearch, 0);
	netparse_resolv_init(&rc);
	netparse_resolv_finish(&rc, NULL);
	assert_int_equal(rc.nsearch, 0);

	/* An overlong line is refused before anything else. */
	netparse_resolv_init(&rc);
	assert_int_equal(netparse_resolv_line(&rc, line,
					      load_long("nameserver 1.1.1.1 "),
					      err, sizeof(err)),
			 -1);
	assert_string_equal(err, "line too long");
}

/* --- /proc/net/route and ipv6_route --------------------------------------- */

static void addr_is(int family, const uint8_t *a, const char *want)
{
	char text[NETPARSE_ADDR_MAX];

	assert_int_equal(netparse_format_addr(family, a, NULL, text,
					      sizeof(text)),
			 0);
	assert_string_equal(text, want);
}

static void test_route4(void **state)
{
	struct netparse_route4 r;
	size_t n;

	(void)state;
	n = load("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\t"
		 "Mask\t\tMTU\tWindow\tIRTT                ");
	assert_int_equal(netparse_route4(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "header");

	n = load("eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t"
		 "0                                  ");
	assert_int_equal(netparse_route4(line, n, &r, err, sizeof(err)), 0);
	assert_string_equal(r.iface, "eth0");
	if (htonl(1) != 1) { /* the file is this machine's byte order */
		addr_is(AF_INET, r.dst, "0.0.0.0");
		addr_is(AF_INET, r.gw, "192.168.1.1");
	}
	assert_int_equal(r.flags, 3);
	assert_int_equal(r.metric, 100);
	assert_int_equal(r.plen, 0);
	assert_string_equal(netparse_route4_type(&r), "gateway");

	n = load("wg0\t0000080A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t1440\t0\t0");
	assert_int_equal(netparse_route4(line, n, &r, err, sizeof(err)), 0);
	assert_int_equal(r.plen, 24);
	assert_int_equal(r.mtu, 1440);

	n = load("*\t0000630A\t00000000\t0201\t0\t0\t0\t0000FFFF\t0\t0\t0");
	assert_int_equal(netparse_route4(line, n, &r, err, sizeof(err)), 0);
	assert_string_equal(netparse_route4_type(&r), "other");
	n = load("*\t0000620A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0");
	assert_int_equal(netparse_route4(line, n, &r, err, sizeof(err)), 0);
	assert_string_equal(netparse_route4_type(&r), "other");
	n = load("eth0\tFFFFFFFF\t00000000\t0005\t0\t0\t-1\tFFFFFFFF\t0\t0\t0");
	assert_int_equal(netparse_route4(line, n, &r, err, sizeof(err)), 0);
	assert_int_equal(r.plen, 32);
	assert_int_equal(r.metric, -1);

	n = load("eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0");
	assert_int_equal(netparse_route4(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "missing field");
	n = load("eth0\t0000000G\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0");
	assert_int_equal(netparse_route4(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "bad address");
	n = load("eth0\t000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0");
	assert_int_equal(netparse_route4(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "bad address");
	n = load("eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\tFF00FF00\t0\t0\t0");
	assert_int_equal(netparse_route4(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "bad mask");
	n = load("eth0\t00000000\t0101A8C0\tzz\t0\t0\t0\t00000000\t0\t0\t0");
	assert_int_equal(netparse_route4(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "bad number");
	n = load("eth0\t00000000\t0101A8C0\t0003\t0\t0\tx\t00000000\t0\t0\t0");
	assert_int_equal(netparse_route4(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "bad number");
	assert_int_equal(netparse_route4(line, load_long("eth0\t"), &r, err,
					 sizeof(err)),
			 -1);
	assert_string_equal(err, "line too long");
}

static void test_route6(void **state)
{
	struct netparse_route6 r;
	size_t n;

	(void)state;
	n = load("00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00 "
		 "fe800000000000000000000000000001 00000400 00000001 "
		 "00000000 00000003     eth0");
	assert_int_equal(netparse_route6(line, n, &r, err, sizeof(err)), 0);
	addr_is(AF_INET6, r.dst, "::");
	addr_is(AF_INET6, r.nexthop, "fe80::1");
	assert_int_equal(r.dst_plen, 0);
	assert_int_equal(r.metric, 1024);
	assert_int_equal(r.flags, 3);
	assert_string_equal(r.iface, "eth0");
	assert_string_equal(netparse_route6_type(&r), "gateway");

	n = load("20010db8000100000000000000000010 80 "
		 "00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00000000 00000002 "
		 "00000000 80200001     eth0");
	assert_int_equal(netparse_route6(line, n, &r, err, sizeof(err)), 0);
	addr_is(AF_INET6, r.dst, "2001:db8:1::10");
	assert_int_equal(r.dst_plen, 128);
	assert_string_equal(netparse_route6_type(&r), "local");

	n = load("ff000000000000000000000000000000 08 "
		 "00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00000100 00000002 "
		 "00000000 00000001     eth0");
	assert_int_equal(netparse_route6(line, n, &r, err, sizeof(err)), 0);
	assert_string_equal(netparse_route6_type(&r), "other");

	/* The null entry, and a route with no device (an empty name). */
	n = load("00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 ffffffff 00000001 "
		 "00000000 00200200       lo");
	assert_int_equal(netparse_route6(line, n, &r, err, sizeof(err)), 0);
	assert_int_equal(r.metric, UINT32_MAX);
	assert_string_equal(netparse_route6_type(&r), "other");
	n = load("20010db8000000000000000000000000 20 "
		 "00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00000400 00000001 "
		 "00000000 00100001         ");
	assert_int_equal(netparse_route6(line, n, &r, err, sizeof(err)), 0);
	assert_string_equal(r.iface, "");
	assert_string_equal(netparse_route6_type(&r), "anycast");

	n = load("2001 00 00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00000400 00000001 "
		 "00000000 00000003 eth0");
	assert_int_equal(netparse_route6(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "bad address");
	n = load("0000000000000000000000000000000g 00 "
		 "00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00000400 00000001 "
		 "00000000 00000003 eth0");
	assert_int_equal(netparse_route6(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "bad address");
	n = load("00000000000000000000000000000000 81 "
		 "00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00000400 00000001 "
		 "00000000 00000003 eth0");
	assert_int_equal(netparse_route6(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "bad prefix length");
	n = load("00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 400 00000001 "
		 "00000000 00000003 eth0");
	assert_int_equal(netparse_route6(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "bad number");
	n = load("00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00");
	assert_int_equal(netparse_route6(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "missing field");
	n = load("00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00000400 00000001 "
		 "00000000 00000003 eth0 extra");
	assert_int_equal(netparse_route6(line, n, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "missing field");
	assert_int_equal(netparse_route6(line, load_long("0000 "), &r, err,
					 sizeof(err)),
			 -1);
	assert_string_equal(err, "line too long");
}

/* --- /proc/net/arp, if_inet6, dev ----------------------------------------- */

static void test_arp(void **state)
{
	struct netparse_arp a;
	size_t n;

	(void)state;
	n = load("IP address       HW type     Flags       HW address            "
		 "Mask     Device");
	assert_int_equal(netparse_arp(line, n, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "header");
	n = load("192.168.1.20     0x1         0x6         52:54:00:aa:bb:20     "
		 "*        eth0");
	assert_int_equal(netparse_arp(line, n, &a, err, sizeof(err)), 0);
	assert_string_equal(a.address, "192.168.1.20");
	assert_int_equal(a.hwtype, 1);
	assert_int_equal(a.flags, NETPARSE_ATF_COM | NETPARSE_ATF_PERM);
	assert_string_equal(a.mac, "52:54:00:aa:bb:20");
	assert_string_equal(a.mask, "*");
	assert_string_equal(a.device, "eth0");

	n = load("192.168.1.300    0x1         0x2         52:54:00:aa:bb:20     "
		 "*        eth0");
	assert_int_equal(netparse_arp(line, n, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "bad address");
	n = load("192.168.1.3      1           0x2         52:54:00:aa:bb:20     "
		 "*        eth0");
	assert_int_equal(netparse_arp(line, n, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "bad number");
	n = load("192.168.1.3      0x1         0xzz        52:54:00:aa:bb:20     "
		 "*        eth0");
	assert_int_equal(netparse_arp(line, n, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "bad number");
	n = load("192.168.1.3      0x1         0x2         <script>              "
		 "*        eth0");
	assert_int_equal(netparse_arp(line, n, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "bad hardware address");
	n = load("192.168.1.3      0x1         0x2         52:54:00:aa:bb:20");
	assert_int_equal(netparse_arp(line, n, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "missing field");
	n = load("192.168.1.3 0x1 0x2 52:54:00:aa:bb:20 * eth0 extra");
	assert_int_equal(netparse_arp(line, n, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "missing field");
	assert_int_equal(netparse_arp(line, load_long("1.2.3.4 "), &a, err,
				      sizeof(err)),
			 -1);
	assert_string_equal(err, "line too long");
}

static void test_inet6(void **state)
{
	struct netparse_inet6 e;
	size_t n;

	(void)state;
	n = load("fe80000000000000505400fffe123456 02 40 20 82     eth0");
	assert_int_equal(netparse_inet6(line, n, &e, err, sizeof(err)), 0);
	addr_is(AF_INET6, e.addr, "fe80::5054:ff:fe12:3456");
	assert_int_equal(e.ifindex, 2);
	assert_int_equal(e.plen, 64);
	assert_int_equal(e.scope, 0x20);
	assert_int_equal(e.flags, 0x82);
	assert_string_equal(e.ifname, "eth0");
	/* Wide fields: ifindex and flags are not bound to two digits. */
	n = load("00000000000000000000000000000001 1a3 80 10 10080 lo");
	assert_int_equal(netparse_inet6(line, n, &e, err, sizeof(err)), 0);
	assert_int_equal(e.ifindex, 0x1a3);
	assert_int_equal(e.flags, 0x10080);

	n = load("00000000000000000000000000000001 01 81 10 80 lo");
	assert_int_equal(netparse_inet6(line, n, &e, err, sizeof(err)), -1);
	assert_string_equal(err, "bad prefix length");
	n = load("0000000000000000000000000000001 01 80 10 80 lo");
	assert_int_equal(netparse_inet6(line, n, &e, err, sizeof(err)), -1);
	assert_string_equal(err, "bad address");
	n = load("00000000000000000000000000000001 01 80 10 0x80 lo");
	assert_int_equal(netparse_inet6(line, n, &e, err, sizeof(err)), -1);
	assert_string_equal(err, "bad number");
	n = load("00000000000000000000000000000001 01 80 10 80");
	assert_int_equal(netparse_inet6(line, n, &e, err, sizeof(err)), -1);
	assert_string_equal(err, "missing field");
	n = load("");
	assert_int_equal(netparse_inet6(line, n, &e, err, sizeof(err)), -1);
	assert_string_equal(err, "missing field");
}

static void test_netdev(void **state)
{
	struct netparse_netdev d;
	size_t n;

	(void)state;
	n = load("Inter-|   Receive                                          "
		 "      |  Transmit");
	assert_int_equal(netparse_netdev(line, n, &d, err, sizeof(err)), -1);
	assert_string_equal(err, "header");
	n = load(" face |bytes    packets errs drop fifo frame compressed "
		 "multicast|bytes    packets errs drop fifo colls carrier "
		 "compressed");
	assert_int_equal(netparse_netdev(line, n, &d, err, sizeof(err)), -1);
	assert_string_equal(err, "header");

	n = load("  eth0: 1843265003 1502213    0   41    0     0          0  "
		 "   20171 98214451  612904    0    0    0     7       0      "
		 "    0");
	assert_int_equal(netparse_netdev(line, n, &d, err, sizeof(err)), 0);
	assert_string_equal(d.name, "eth0");
	assert_int_equal(d.v[NETDEV_RX_BYTES], 1843265003);
	assert_int_equal(d.v[NETDEV_RX_PACKETS], 1502213);
	assert_int_equal(d.v[NETDEV_RX_DROP], 41);
	assert_int_equal(d.v[NETDEV_RX_MULTICAST], 20171);
	assert_int_equal(d.v[NETDEV_TX_BYTES], 98214451);
	assert_int_equal(d.v[NETDEV_TX_COLLS], 7);
	/* A long name and a wide counter leave no space after the colon. */
	n = load("docker0:18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
	assert_int_equal(netparse_netdev(line, n, &d, err, sizeof(err)), 0);
	assert_string_equal(d.name, "docker0");
	assert_true(d.v[NETDEV_RX_BYTES] == UINT64_MAX);

	n = load("eth0: 18446744073709551616 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
	assert_int_equal(netparse_netdev(line, n, &d, err, sizeof(err)), -1);
	assert_string_equal(err, "bad number");
	n = load("eth0: 1 2 3 -4 0 0 0 0 0 0 0 0 0 0 0 0");
	assert_int_equal(netparse_netdev(line, n, &d, err, sizeof(err)), -1);
	assert_string_equal(err, "bad number");
	n = load("eth0: 1 2 3");
	assert_int_equal(netparse_netdev(line, n, &d, err, sizeof(err)), -1);
	assert_string_equal(err, "missing field");
	n = load("eth0: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
	assert_int_equal(netparse_netdev(line, n, &d, err, sizeof(err)), -1);
	assert_string_equal(err, "missing field");
	n = load(": 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
	assert_int_equal(netparse_netdev(line, n, &d, err, sizeof(err)), -1);
	assert_string_equal(err, "missing field");
	n = load("no colon here");
	assert_int_equal(netparse_netdev(line, n, &d, err, sizeof(err)), -1);
	assert_string_equal(err, "header");
}

/* --- fib_trie ------------------------------------------------------------- */

static void test_fib_trie(void **state)
{
	static const char *const lines[] = {
		"Main:",
		"  +-- 0.0.0.0/0 3 0 4",
		"     |-- 0.0.0.0",
		"        /0 universe UNICAST",
		"     +-- 127.0.0.0/8 2 0 2",
		"        +-- 127.0.0.0/31 1 0 0",
		"           |-- 127.0.0.0",
		"              /8 host LOCAL",
		"           |-- 127.0.0.1",
		"              /32 host LOCAL",
		"        |-- 127.255.255.255",
		"           /32 link BROADCAST",
		"     |-- 10.1.0.0",
		"        /16 link UNICAST tos=4",
		"        /16 universe type 42",
	};
	struct netparse_fib_state st;
	struct netparse_fib_ent e;
	int got[16];
	size_t i;

	(void)state;
	netparse_fib_init(&st);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		got[i] = netparse_fib_trie_line(&st, lines[i], strlen(lines[i]),
						&e, err, sizeof(err));
	assert_int_equal(got[0], 0);
	assert_int_equal(got[1], 0);
	assert_int_equal(got[3], 1);
	assert_int_equal(got[7], 1);
	assert_int_equal(got[9], 1);
	assert_int_equal(got[11], 1);
	assert_int_equal(got[13], 1);
	assert_int_equal(got[14], 1);
	/* The last one read. */
	assert_int_equal(e.plen, 16);
	assert_string_equal(e.scope, "universe");
	assert_string_equal(e.type, "type 42");

	netparse_fib_init(&st);
	assert_int_equal(netparse_fib_trie_line(&st, "Local:", 6, &e, err,
						sizeof(err)),
			 0);
	assert_int_equal(netparse_fib_trie_line(&st, "  |-- 192.0.2.9", 15, &e,
						err, sizeof(err)),
			 0);
	assert_int_equal(netparse_fib_trie_line(&st, "   /32 host LOCAL", 17,
						&e, err, sizeof(err)),
			 1);
	addr_is(AF_INET, e.addr, "192.0.2.9");
	assert_int_equal(e.plen, 32);
	assert_string_equal(e.scope, "host");
	assert_string_equal(e.type, "LOCAL");

	/* Hostile lines. */
	netparse_fib_init(&st);
	assert_int_equal(netparse_fib_trie_line(&st, "  /32 host LOCAL", 16,
						&e, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "alias outside a leaf");
	assert_int_equal(netparse_fib_trie_line(&st, "  |-- 1.2.3.4", 13, &e,
						err, sizeof(err)),
			 -1);
	assert_string_equal(err, "bad address");
	netparse_fib_trie_line(&st, "Main:", 5, &e, err, sizeof(err));
	assert_int_equal(netparse_fib_trie_line(&st, "  |-- 1.2.3.400", 15, &e,
						err, sizeof(err)),
			 -1);
	assert_string_equal(err, "bad address");
	assert_int_equal(netparse_fib_trie_line(&st, "  /32 host LOCAL", 16,
						&e, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "alias outside a leaf");
	netparse_fib_trie_line(&st, "  |-- 1.2.3.4", 13, &e, err, sizeof(err));
	assert_int_equal(netparse_fib_trie_line(&st, "  /33 host LOCAL", 16,
						&e, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "bad prefix length");
	assert_int_equal(netparse_fib_trie_line(&st, "  /x host LOCAL", 15, &e,
						err, sizeof(err)),
			 -1);
	assert_string_equal(err, "bad prefix length");
	assert_int_equal(netparse_fib_trie_line(&st, "  /32 host", 10, &e, err,
						sizeof(err)),
			 -1);
	assert_string_equal(err, "bad line");
	assert_int_equal(netparse_fib_trie_line(&st, "  /32 host LOCAL junk",
						21, &e, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "bad line");
	assert_int_equal(netparse_fib_trie_line(&st,
						"  /32 averyveryverylongscope X",
						30, &e, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "bad line");
	assert_int_equal(netparse_fib_trie_line(&st, "garbage", 7, &e, err,
						sizeof(err)),
			 -1);
	assert_string_equal(err, "bad line");
	assert_int_equal(netparse_fib_trie_line(&st, line, load_long("  /32 "),
						&e, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "line too long");
	assert_int_equal(netparse_fib_trie_line(&st, line, 1000, &e, err,
						sizeof(err)),
			 -1);
	assert_string_equal(err, "bad line");
}

/* --- helpers -------------------------------------------------------------- */

static void test_format(void **state)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0xab };
	static const uint8_t ll[16] = { 0xfe, 0x80, [15] = 1 };
	static const uint8_t mcll[16] = { 0xff, 0x02, [15] = 1 };
	static const uint8_t glob[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	char out[NETPARSE_ADDR_MAX];

	(void)state;
	assert_int_equal(netparse_format_mac(mac, 6, out, sizeof(out)), 0);
	assert_string_equal(out, "52:54:00:12:34:ab");
	assert_int_equal(netparse_format_mac(mac, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "52");
	assert_int_equal(netparse_format_mac(mac, 0, out, sizeof(out)), -1);
	assert_int_equal(netparse_format_mac(mac, 6, out, 17), -1);
	assert_int_equal(netparse_format_mac(mac, 6, out, 18), 0);

	assert_int_equal(netparse_format_addr(AF_INET6, ll, "eth0", out,
					      sizeof(out)),
			 0);
	assert_string_equal(out, "fe80::1%eth0");
	assert_int_equal(netparse_format_addr(AF_INET6, mcll, "eth0", out,
					      sizeof(out)),
			 0);
	assert_string_equal(out, "ff02::1%eth0");
	assert_int_equal(netparse_format_addr(AF_INET6, glob, "eth0", out,
					      sizeof(out)),
			 0);
	assert_string_equal(out, "2001:db8::1");
	assert_int_equal(netparse_format_addr(AF_INET6, ll, NULL, out,
					      sizeof(out)),
			 0);
	assert_string_equal(out, "fe80::1");
	assert_int_equal(netparse_format_addr(AF_INET6, ll, "eth0", out, 12),
			 -1);
	assert_int_equal(netparse_format_addr(99, ll, NULL, out, sizeof(out)),
			 -1);

	assert_int_equal(netparse_format_mask(AF_INET, 24, out, sizeof(out)),
			 0);
	assert_string_equal(out, "255.255.255.0");
	assert_int_equal(netparse_format_mask(AF_INET, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "0.0.0.0");
	assert_int_equal(netparse_format_mask(AF_INET, 32, out, sizeof(out)),
			 0);
	assert_string_equal(out, "255.255.255.255");
	assert_int_equal(netparse_format_mask(AF_INET, 33, out, sizeof(out)),
			 -1);
	assert_int_equal(netparse_format_mask(AF_INET6, 64, out, sizeof(out)),
			 0);
	assert_string_equal(out, "ffff:ffff:ffff:ffff::");
	assert_int_equal(netparse_format_mask(AF_INET6, 57, out, sizeof(out)),
			 0);
	assert_string_equal(out, "ffff:ffff:ffff:ff80::");
	assert_int_equal(netparse_format_mask(AF_INET6, 129, out, sizeof(out)),
			 -1);
}

static void test_mask_and_numbers(void **state)
{
	static const uint8_t m24[4] = { 255, 255, 255, 0 };
	static const uint8_t m0[4] = { 0 };
	static const uint8_t m32[4] = { 255, 255, 255, 255 };
	static const uint8_t holey[4] = { 255, 0, 255, 0 };
	int64_t v;

	(void)state;
	assert_int_equal(netparse_mask4_plen(m24), 24);
	assert_int_equal(netparse_mask4_plen(m0), 0);
	assert_int_equal(netparse_mask4_plen(m32), 32);
	assert_int_equal(netparse_mask4_plen(holey), -1);

	assert_int_equal(netparse_sysfs_num("0x1003\n", &v), 0);
	assert_int_equal(v, 0x1003);
	assert_int_equal(netparse_sysfs_num(" 1500 ", &v), 0);
	assert_int_equal(v, 1500);
	assert_int_equal(netparse_sysfs_num("-1", &v), 0);
	assert_int_equal(v, -1);
	assert_int_equal(netparse_sysfs_num("", &v), -1);
	assert_int_equal(netparse_sysfs_num("0x", &v), -1);
	assert_int_equal(netparse_sysfs_num("12 34", &v), -1);
	assert_int_equal(netparse_sysfs_num("abc", &v), -1);
	assert_int_equal(netparse_sysfs_num("99999999999999999999", &v), -1);
	assert_int_equal(netparse_sysfs_num("0xfffffffffffffffff", &v), -1);
	assert_int_equal(netparse_sysfs_num("1e3", &v), -1);
}

static void test_link_flags(void **state)
{
	(void)state;
	/* lo: UP|LOOPBACK, operstate unknown -> RUNNING|LOWER_UP. */
	assert_int_equal(netparse_link_flags(0x9, "unknown", 1, 0), 0x10049);
	/* An up Ethernet link with carrier. */
	assert_int_equal(netparse_link_flags(0x1003, "up", 1, 0), 0x11043);
	/* Up but no carrier (docker0 without containers). */
	assert_int_equal(netparse_link_flags(0x1003, "down", 0, 0), 0x1003);
	/* Down: nothing derived, stale bits cleared. */
	assert_int_equal(netparse_link_flags(0x1002 | 0x40 | 0x10000, "up", 1,
					     1),
			 0x1002);
	assert_int_equal(netparse_link_flags(0x1003, "dormant", 1, 1),
			 0x1003 | 0x10000 | 0x20000);
	assert_int_equal(netparse_link_flags(0x1003, NULL, -1, -1), 0x1003);
}

static void test_pci_slot(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(netparse_pci_slot("../../devices/pci0000:00/"
					   "0000:00:03.0/virtio2/net/eth0",
					   out, sizeof(out)),
			 0);
	assert_string_equal(out, "0000:00:03.0");
	assert_int_equal(netparse_pci_slot("../../../0000:3b:00.1", out,
					   sizeof(out)),
			 0);
	assert_string_equal(out, "0000:3b:00.1");
	/* The nearest PCI device wins over its bridges. */
	assert_int_equal(netparse_pci_slot("/sys/devices/pci0000:00/"
					   "0000:00:1c.0/0000:02:00.0/net/x",
					   out, sizeof(out)),
			 0);
	assert_string_equal(out, "0000:02:00.0");
	assert_int_equal(netparse_pci_slot("../../devices/virtual/net/lo", out,
					   sizeof(out)),
			 -1);
	assert_int_equal(netparse_pci_slot("0000:00:03", out, sizeof(out)), -1);
	assert_int_equal(netparse_pci_slot("0000:00:03.00", out, sizeof(out)),
			 -1);
	assert_int_equal(netparse_pci_slot("000:00:03.0", out, sizeof(out)),
			 -1);
	assert_int_equal(netparse_pci_slot("", out, sizeof(out)), -1);
	assert_int_equal(netparse_pci_slot("0000:00:03.0", out, 12), -1);
}

static void test_semantics(void **state)
{
	(void)state;
	assert_int_equal(netparse_ipv6_redirect(0, 1), 1);
	assert_int_equal(netparse_ipv6_redirect(1, 1), 0);
	assert_int_equal(netparse_ipv6_redirect(0, 0), 0);
	assert_int_equal(netparse_ipv6_rtadv(0, 1), 1);
	assert_int_equal(netparse_ipv6_rtadv(1, 1), 0);
	assert_int_equal(netparse_ipv6_rtadv(1, 2), 1);
	assert_int_equal(netparse_ipv6_rtadv(0, 0), 0);
	assert_string_equal(netparse_rtn_type(1), "gateway");
	assert_string_equal(netparse_rtn_type(2), "local");
	assert_string_equal(netparse_rtn_type(3), "broadcast");
	assert_string_equal(netparse_rtn_type(4), "anycast");
	assert_string_equal(netparse_rtn_type(5), "other");
	assert_string_equal(netparse_rtn_type(7), "other");
	assert_string_equal(netparse_rtn_type(0), "other");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_services),
		cmocka_unit_test(test_services_nul),
		cmocka_unit_test(test_protocols),
		cmocka_unit_test(test_resolv_nameservers),
		cmocka_unit_test(test_resolv_search),
		cmocka_unit_test(test_resolv_options),
		cmocka_unit_test(test_resolv_sortlist),
		cmocka_unit_test(test_resolv_finish),
		cmocka_unit_test(test_route4),
		cmocka_unit_test(test_route6),
		cmocka_unit_test(test_arp),
		cmocka_unit_test(test_inet6),
		cmocka_unit_test(test_netdev),
		cmocka_unit_test(test_fib_trie),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_mask_and_numbers),
		cmocka_unit_test(test_link_flags),
		cmocka_unit_test(test_pci_slot),
		cmocka_unit_test(test_semantics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
