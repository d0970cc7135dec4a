/* SPDX-License-Identifier: Apache-2.0 */
/*
 * netcfg.c: the network configuration files: dns_resolvers
 * (/etc/resolv.conf), etc_services (/etc/services) and etc_protocols
 * (/etc/protocols).
 *
 * dns_resolvers, the resolver configuration glibc builds from
 * /etc/resolv.conf, in osquery's order: name servers, then the sort list,
 * then the search list:
 *   id              position within its type, from 0
 *   type            "nameserver", "sortlist" or "search" ("domain" sets a
 *                   search list of one name, as glibc reads it)
 *   address         the server's address (normalised: "8.8.8.8",
 *                   "2001:db8::53", "fe80::1%eth0"), the sort list's
 *                   network, or the search domain
 *   netmask         "32" or "128" for a name server, the sort list entry's
 *                   prefix length (a dotted mask when it is not
 *                   contiguous), NULL for a search domain
 *   options         glibc's _res.options bits: RES_INIT | RES_RECURSE |
 *                   RES_DEFNAMES | RES_DNSRCH (705) plus those the
 *                   "options" lines set (rotate, edns0, trust-ad ...)
 *   pid_with_namespace  always NULL: vigil reads the file under its root
 *                   only, not other mount namespaces
 *   As glibc does: only the first three valid name servers count, and
 *   127.0.0.1 is used when there are none; without a search or domain
 *   line the search list is the domain part of the host name
 *   (/proc/sys/kernel/hostname, else /etc/hostname).  The LOCALDOMAIN and
 *   RES_OPTIONS variables of vigil's own environment are not applied: the
 *   table describes the host's configuration.  osquery differs in three
 *   ways that are bugs there: it shows "" for IPv6 servers, the first
 *   search domain on every search row, and the sort mask as a raw
 *   integer.  ndots, timeout and attempts have no column.
 *
 * etc_services, one row a service line of /etc/services:
 *   name, port, protocol  "ssh", 22, "tcp"
 *   aliases         the other names, joined by single spaces ("" when
 *                   there are none, as osquery shows)
 *   comment         the text after '#', trimmed, or NULL
 *
 * etc_protocols, one row a line of /etc/protocols:
 *   name, number    "tcp", 6
 *   alias           the other names joined by single spaces (in practice
 *                   one), or NULL
 *   comment         the text after '#', trimmed, or NULL
 *
 * Comments: osquery rejoins the pieces of a comment that holds more '#'
 * with " # "; vigil keeps the comment's text as written.  Lines whose port
 * or number is not a number are skipped (osquery passes them through as
 * text).
 *
 * Required constraints: none.  Privileges: none.
 *
 * Example:
 *   SELECT type, address FROM dns_resolvers WHERE type = 'nameserver';
 *   SELECT name, port FROM etc_services WHERE protocol = 'tcp' AND
 *     port < 1024;
 *
 * How it works: each scan reads the file whole through hostfs (cut at a
 * cap; a partial last line is then dropped) and parses it line by line
 * with netparse.c; lines the parsers refuse are skipped.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sql/table.h"
#include "tables/netparse.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Largest file read; the rest of a longer one is ignored. */
#define NETCFG_FILE_MAX (16u << 20)

/*
 * Reads a host file and calls fn on each line (without its newline;
 * line[len] is writable).  Returns 0 (also when the file cannot be read:
 * no rows), or -1 with q's error set.
 */
static int each_line(struct qctx *q, const char *path,
		     int (*fn)(struct qctx *q, char *line, size_t len,
			       void *arg),
		     void *arg)
{
	struct buf b = BUF_INIT(NETCFG_FILE_MAX);
	size_t pos = 0, len;
	bool cut = false;
	char *line, *nl;
	int rc = -1;

	if (hostfs_read_file(path, NETCFG_FILE_MAX, 0, &b, &cut) < 0) {
		if (errno == ENOMEM) {
			qctx_error(q, "reading %s: out of memory", path);
			goto out;
		}
		rc = 0;
		goto out;
	}
	if (cut) {
		nl = memrchr(b.data, '\n', b.len);
		b.len = nl ? (size_t)(nl - b.data) + 1 : 0;
		b.data[b.len] = '\0';
	}
	while (pos < b.len) {
		line = b.data + pos;
		nl = memchr(line, '\n', b.len - pos);
		len = nl ? (size_t)(nl - line) : b.len - pos;
		pos += len + 1;
		if (fn(q, line, len, arg) < 0)
			goto out;
	}
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* dns_resolvers                                                            */
/* ------------------------------------------------------------------------ */

enum dns_col {
	DNS_ID,
	DNS_TYPE,
	DNS_ADDRESS,
	DNS_NETMASK,
	DNS_OPTIONS,
	DNS_PID_WITH_NAMESPACE,
	DNS_NCOLS
};

static const struct column dns_cols[] = {
	{ "id", COL_INTEGER, 0, "Position of the entry within its type, from 0." },
	{ "type", COL_TEXT, 0,
	  "Kind of entry: nameserver, sortlist or search." },
	{ "address", COL_TEXT, 0,
	  "Name server address, sort list network or search domain." },
	{ "netmask", COL_TEXT, 0,
	  "Prefix length: 32 or 128 for a name server, the sort list "
	  "entry's mask; NULL for a search domain." },
	{ "options", COL_BIGINT, 0,
	  "The resolver's option bits (glibc's _res.options)." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the file under its root, "
	  "not other mount namespaces." },
};
_Static_assert(TABLE_NCOLS(dns_cols) == DNS_NCOLS, "dns_resolvers columns");

static int resolv_line(struct qctx *q, char *line, size_t len, void *arg)
{
	(void)q;
	netparse_resolv_line(arg, line, len, NULL, 0);
	return 0;
}

/* The host name glibc's gethostname would give, or "" when unknown. */
static void host_name(char *dst, size_t size)
{
	if (hostfs_read_small("/proc/sys/kernel/hostname", dst, size) < 0 &&
	    hostfs_read_small("/etc/hostname", dst, size) < 0)
		dst[0] = '\0';
	dst[strcspn(dst, " \t\r\n")] = '\0';
}

static int dns_row(struct qctx *q, int id, const char *type,
		   const char *address, const char *netmask,
		   unsigned long options)
{
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, DNS_ID, id);
	qctx_set_text(q, DNS_TYPE, type);
	qctx_set_text(q, DNS_ADDRESS, address);
	qctx_set_text(q, DNS_NETMASK, netmask);
	qctx_set_int(q, DNS_OPTIONS, (int64_t)options);
	return 0;
}

static int dns_generate(struct qctx *q)
{
	struct netparse_resolv rc;
	char host[256];
	const char *s;
	int i;

	netparse_resolv_init(&rc);
	if (each_line(q, "/etc/resolv.conf", resolv_line, &rc) < 0)
		return -1;
	host_name(host, sizeof(host));
	netparse_resolv_finish(&rc, host);

	for (i = 0; i < rc.nns; i++)
		if (dns_row(q, i, "nameserver", rc.ns[i],
			    strchr(rc.ns[i], ':') ? "128" : "32",
			    rc.options) < 0)
			return -1;
	for (i = 0; i < rc.nsort; i++)
		if (dns_row(q, i, "sortlist", rc.sort[i].address,
			    rc.sort[i].netmask, rc.options) < 0)
			return -1;
	for (i = 0, s = rc.search; i < rc.nsearch; i++, s += strlen(s) + 1)
		if (dns_row(q, i, "search", s, NULL, rc.options) < 0)
			return -1;
	return 0;
}

static const struct table dns_resolvers_table = {
	.name = "dns_resolvers",
	.desc = "Resolver configuration of /etc/resolv.conf: name servers, "
		"sort list, search domains and options.",
	.cols = dns_cols,
	.ncols = DNS_NCOLS,
	.generate = dns_generate,
};
TABLE_REGISTER(dns_resolvers_table);

/* ------------------------------------------------------------------------ */
/* etc_services                                                             */
/* ------------------------------------------------------------------------ */

enum svc_col {
	SVC_NAME,
	SVC_PORT,
	SVC_PROTOCOL,
	SVC_ALIASES,
	SVC_COMMENT,
	SVC_NCOLS
};

static const struct column svc_cols[] = {
	{ "name", COL_TEXT, 0, "Service name." },
	{ "port", COL_INTEGER, 0, "Port number." },
	{ "protocol", COL_TEXT, 0, "Transport protocol (tcp, udp, sctp ...)." },
	{ "aliases", COL_TEXT, 0,
	  "Other names of the service, separated by spaces; empty when none." },
	{ "comment", COL_TEXT, 0, "The line's comment, or NULL." },
};
_Static_assert(TABLE_NCOLS(svc_cols) == SVC_NCOLS, "etc_services columns");

static int svc_line(struct qctx *q, char *line, size_t len, void *arg)
{
	struct netparse_service s;

	(void)arg;
	if (netparse_service(line, len, &s, NULL, 0) < 0)
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, SVC_NAME, s.name);
	qctx_set_int(q, SVC_PORT, s.port);
	qctx_set_text(q, SVC_PROTOCOL, s.protocol);
	qctx_set_text(q, SVC_ALIASES, s.aliases);
	qctx_set_text(q, SVC_COMMENT, s.comment);
	return 0;
}

static int svc_generate(struct qctx *q)
{
	return each_line(q, "/etc/services", svc_line, NULL);
}

static const struct table etc_services_table = {
	.name = "etc_services",
	.desc = "Line-parsed /etc/services: network service names and ports.",
	.cols = svc_cols,
	.ncols = SVC_NCOLS,
	.generate = svc_generate,
};
TABLE_REGISTER(etc_services_table);

/* ------------------------------------------------------------------------ */
/* etc_protocols                                                            */
/* ------------------------------------------------------------------------ */

enum proto_col {
	PROTO_NAME,
	PROTO_NUMBER,
	PROTO_ALIAS,
	PROTO_COMMENT,
	PROTO_NCOLS
};

static const struct column proto_cols[] = {
	{ "name", COL_TEXT, 0, "Protocol name." },
	{ "number", COL_INTEGER, 0, "Protocol number (IP header protocol field)." },
	{ "alias", COL_TEXT, 0,
	  "Other names of the protocol, separated by spaces, or NULL." },
	{ "comment", COL_TEXT, 0, "The line's comment, or NULL." },
};
_Static_assert(TABLE_NCOLS(proto_cols) == PROTO_NCOLS,
	       "etc_protocols columns");

static int proto_line(struct qctx *q, char *line, size_t len, void *arg)
{
	struct netparse_protocol p;

	(void)arg;
	if (netparse_protocol(line, len, &p, NULL, 0) < 0)
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, PROTO_NAME, p.name);
	qctx_set_int(q, PROTO_NUMBER, p.number);
	qctx_set_text(q, PROTO_ALIAS, p.aliases);
	qctx_set_text(q, PROTO_COMMENT, p.comment);
	return 0;
}

static int proto_generate(struct qctx *q)
{
	return each_line(q, "/etc/protocols", proto_line, NULL);
}

static const struct table etc_protocols_table = {
	.name = "etc_protocols",
	.desc = "Line-parsed /etc/protocols: IP protocol names and numbers.",
	.cols = proto_cols,
	.ncols = PROTO_NCOLS,
	.generate = proto_generate,
};
TABLE_REGISTER(etc_protocols_table);
