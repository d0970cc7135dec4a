/* SPDX-License-Identifier: Apache-2.0 */
/*
 * netproc.c: parsers for /proc/net/{tcp,udp,raw}[6], /proc/net/unix,
 * /proc/PID/maps, environ and fdinfo, and for fd and ns link targets (see
 * netproc.h).
 *
 * Lines are split into fields at spaces and tabs by hand, and every number
 * is parsed digit by digit with its width checked: the input is not
 * terminated, and strtoul would take signs, leading blanks and overflow.
 *
 * The kernel prints an IPv4 address in /proc/net as the 32-bit word it
 * holds in network order, read as a host integer ("0100007F" is 127.0.0.1
 * on a little-endian host); IPv6 addresses are four such words.  Copying
 * each word back into memory as a host integer gives the network-order
 * bytes again, on whatever host wrote the file and reads it, as long as
 * they are the same one.
 */
#include "tables/netproc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static void seterr(char *err, size_t size, const char *msg)
{
	if (err && size)
		snprintf(err, size, "%s", msg);
}

/* A cursor over one line. */
struct cur {
	const char *p;
	const char *end;
};

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Takes the next field (a run of non-blanks) after any blanks.  Returns 0
 * and sets *f and *n, or -1 at the end of the line.
 */
static int field(struct cur *c, const char **f, size_t *n)
{
	const char *s;

	while (c->p < c->end && blank(*c->p))
		c->p++;
	if (c->p == c->end)
		return -1;
	s = c->p;
	while (c->p < c->end && !blank(*c->p))
		c->p++;
	*f = s;
	*n = (size_t)(c->p - s);
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses 1 to 16 hex digits filling [p, p+n).  0 or -1. */
static int parse_hex(const char *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 16)
		return -1;
	for (i = 0; i < n; i++) {
		int d = hexval(p[i]);

		if (d < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

/* Parses an unsigned decimal filling [p, p+n), without overflow.  0 or -1. */
static int parse_dec(const char *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned d;

		if (p[i] < '0' || p[i] > '9')
			return -1;
		d = (unsigned)(p[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* Parses an octal number filling [p, p+n).  0 or -1. */
static int parse_oct(const char *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 21)
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '7')
			return -1;
		v = v << 3 | (uint64_t)(p[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * Parses "ADDR:PORT" as /proc/net prints it: 8 (AF_INET) or 32 (AF_INET6)
 * hex digits, a colon, 4 hex digits.  0 or -1.
 */
static int parse_endpoint(const char *f, size_t n, int family, uint8_t *addr,
			  uint16_t *port)
{
	size_t alen = family == AF_INET ? 8 : 32, i;
	uint64_t v;

	if (n != alen + 5 || f[alen] != ':')
		return -1;
	for (i = 0; i < alen; i += 8) {
		uint32_t w;

		if (parse_hex(f + i, 8, &v) < 0)
			return -1;
		w = (uint32_t)v;
		memcpy(addr + i / 2, &w, sizeof(w));
	}
	if (parse_hex(f + alen + 1, 4, &v) < 0)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int netproc_parse_inet(const char *line, size_t len, int family,
		       int protocol, struct netproc_sock *out, char *err,
		       size_t errsize)
{
	struct cur c = { line, line + len };
	const char *f;
	size_t n;
	uint64_t v;
	int i;

	if (family != AF_INET && family != AF_INET6) {
		seterr(err, errsize, "unknown address family");
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->family = family;
	out->protocol = protocol;
	out->uid = -1;

	/* "sl:", a slot number and a colon; the header has "sl" alone. */
	if (field(&c, &f, &n) < 0 || n < 2 || f[n - 1] != ':' ||
	    parse_dec(f, n - 1, &v) < 0) {
		seterr(err, errsize, "not a socket line");
		return -1;
	}
	if (field(&c, &f, &n) < 0 ||
	    parse_endpoint(f, n, family, out->local, &out->local_port) < 0) {
		seterr(err, errsize, "bad local address");
		return -1;
	}
	if (field(&c, &f, &n) < 0 ||
	    parse_endpoint(f, n, family, out->remote, &out->remote_port) < 0) {
		seterr(err, errsize, "bad remote address");
		return -1;
	}
	if (field(&c, &f, &n) < 0 || n > 2 || parse_hex(f, n, &v) < 0) {
		seterr(err, errsize, "bad state");
		return -1;
	}
	out->state = (int)v;
	/* tx_queue:rx_queue, tr:tm->when, retrnsmt: not used. */
	for (i = 0; i < 3; i++) {
		if (field(&c, &f, &n) < 0) {
			seterr(err, errsize, "line cut short");
			return -1;
		}
	}
	if (field(&c, &f, &n) < 0 || parse_dec(f, n, &v) < 0 ||
	    v > UINT32_MAX) {
		seterr(err, errsize, "bad uid");
		return -1;
	}
	out->uid = (int64_t)v;
	if (field(&c, &f, &n) < 0) { /* timeout */
		seterr(err, errsize, "line cut short");
		return -1;
	}
	if (field(&c, &f, &n) < 0 || parse_dec(f, n, &v) < 0) {
		seterr(err, errsize, "bad inode");
		return -1;
	}
	out->inode = v;
	/* The kernel prints more after the inode (refcount, pointer ...):
	 * without them the line was cut, maybe inside the inode. */
	if (field(&c, &f, &n) < 0) {
		seterr(err, errsize, "line cut short after the inode");
		return -1;
	}
	return 0;
}

int netproc_parse_unix(const char *line, size_t len, struct netproc_sock *out,
		       char *err, size_t errsize)
{
	struct cur c = { line, line + len };
	const char *f;
	size_t n, plen;
	uint64_t flags, type, st, v;

	memset(out, 0, sizeof(*out));
	out->family = AF_UNIX;
	out->uid = -1;

	/* "Num:", the kernel address (zeros without privilege); the header
	 * starts "Num" without a colon. */
	if (field(&c, &f, &n) < 0 || n < 2 || f[n - 1] != ':' ||
	    parse_hex(f, n - 1, &v) < 0) {
		seterr(err, errsize, "not a socket line");
		return -1;
	}
	if (field(&c, &f, &n) < 0 || parse_hex(f, n, &v) < 0) { /* RefCount */
		seterr(err, errsize, "bad refcount");
		return -1;
	}
	if (field(&c, &f, &n) < 0 || parse_hex(f, n, &v) < 0) { /* Protocol */
		seterr(err, errsize, "bad protocol");
		return -1;
	}
	if (field(&c, &f, &n) < 0 || parse_hex(f, n, &flags) < 0) {
		seterr(err, errsize, "bad flags");
		return -1;
	}
	if (field(&c, &f, &n) < 0 || parse_hex(f, n, &type) < 0 ||
	    type > 0xffff) {
		seterr(err, errsize, "bad type");
		return -1;
	}
	if (field(&c, &f, &n) < 0 || parse_hex(f, n, &st) < 0 || st > 0xff) {
		seterr(err, errsize, "bad state");
		return -1;
	}
	if (field(&c, &f, &n) < 0 || parse_dec(f, n, &out->inode) < 0) {
		seterr(err, errsize, "bad inode");
		return -1;
	}
	out->unix_type = (unsigned)type;
	if (flags & (1u << 16)) /* __SO_ACCEPTCON */
		out->state = NETPROC_LISTEN;
	else if (st == 3) /* SS_CONNECTED */
		out->state = NETPROC_ESTABLISHED;
	else if (st == 2) /* SS_CONNECTING */
		out->state = NETPROC_SYN_SENT;
	else
		out->state = NETPROC_CLOSE;

	/* The path is everything after one space, spaces included. */
	if (c.p == c.end)
		return 0;
	if (*c.p != ' ' || c.end - c.p < 2) {
		seterr(err, errsize, "bad path");
		return -1;
	}
	c.p++;
	plen = (size_t)(c.end - c.p);
	if (plen >= sizeof(out->path) || memchr(c.p, '\0', plen)) {
		seterr(err, errsize, "path too long or not text");
		return -1;
	}
	memcpy(out->path, c.p, plen);
	out->path[plen] = '\0';
	return 0;
}

int netproc_format_addr(int family, const uint8_t *addr, char *dst,
			size_t size)
{
	if (family != AF_INET && family != AF_INET6)
		return -1;
	if (!inet_ntop(family, addr, dst, (socklen_t)size))
		return -1;
	return 0;
}

const char *netproc_tcp_state_name(int state)
{
	static const char *const names[] = {
		"UNKNOWN",   "ESTABLISHED", "SYN_SENT",   "SYN_RECV",
		"FIN_WAIT1", "FIN_WAIT2",   "TIME_WAIT",  "CLOSED",
		"CLOSE_WAIT", "LAST_ACK",   "LISTEN",     "CLOSING",
	};

	if (state <= 0 || (size_t)state >= sizeof(names) / sizeof(names[0]))
		return "UNKNOWN";
	/* cppcheck-suppress arrayIndexOutOfBoundsCond ; bounded just above */
	return names[state];
}

int netproc_link_inode(const char *link, size_t len, const char *type,
		       uint64_t *inode)
{
	size_t tl = strlen(type);
	uint64_t v;

	if (len < tl + 4 || memcmp(link, type, tl) != 0 ||
	    link[tl] != ':' || link[tl + 1] != '[' || link[len - 1] != ']')
		return -1;
	if (parse_dec(link + tl + 2, len - tl - 3, &v) < 0 || v == 0)
		return -1;
	*inode = v;
	return 0;
}

static bool all_of(const char *p, size_t n, const char *set)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!p[i] || !strchr(set, p[i]))
			return false;
	return true;
}

int netproc_parse_map(const char *line, size_t len, struct netproc_map *out,
		      char *err, size_t errsize)
{
	struct cur c = { line, line + len };
	const char *f, *dash, *colon;
	size_t n;
	uint64_t v;

	memset(out, 0, sizeof(*out));
	/* start-end */
	if (field(&c, &f, &n) < 0 || !(dash = memchr(f, '-', n))) {
		seterr(err, errsize, "bad address range");
		return -1;
	}
	out->start = f;
	out->start_len = (size_t)(dash - f);
	out->end = dash + 1;
	out->end_len = n - out->start_len - 1;
	if (parse_hex(out->start, out->start_len, &v) < 0 ||
	    parse_hex(out->end, out->end_len, &v) < 0) {
		seterr(err, errsize, "bad address range");
		return -1;
	}
	if (field(&c, &f, &n) < 0 || n != 4 || !all_of(f, n, "rwxsp-")) {
		seterr(err, errsize, "bad permissions");
		return -1;
	}
	out->perms = f;
	out->perms_len = n;
	if (field(&c, &f, &n) < 0 || parse_hex(f, n, &out->offset) < 0) {
		seterr(err, errsize, "bad offset");
		return -1;
	}
	if (field(&c, &f, &n) < 0 || !(colon = memchr(f, ':', n)) ||
	    parse_hex(f, (size_t)(colon - f), &v) < 0 ||
	    parse_hex(colon + 1, n - (size_t)(colon - f) - 1, &v) < 0) {
		seterr(err, errsize, "bad device");
		return -1;
	}
	out->device = f;
	out->device_len = n;
	if (field(&c, &f, &n) < 0 || parse_dec(f, n, &out->inode) < 0) {
		seterr(err, errsize, "bad inode");
		return -1;
	}
	/* The path starts after the padding and runs to the end. */
	while (c.p < c.end && blank(*c.p))
		c.p++;
	out->path = c.p;
	out->path_len = (size_t)(c.end - c.p);
	return 0;
}

int netproc_environ_next(const char *s, size_t len, size_t *pos,
			 struct netproc_env *out)
{
	const char *p, *nul, *eq;
	size_t n;

	while (*pos < len) {
		p = s + *pos;
		nul = memchr(p, '\0', len - *pos);
		n = nul ? (size_t)(nul - p) : len - *pos;
		*pos += n + (nul ? 1 : 0);
		/* cppcheck-suppress knownConditionTrueFalse ; 0 if the NUL is at p */
		if (n == 0)
			continue;
		eq = memchr(p, '=', n);
		out->key = p;
		if (eq) {
			out->key_len = (size_t)(eq - p);
			out->value = eq + 1;
			out->value_len = n - out->key_len - 1;
			out->has_value = true;
		} else {
			out->key_len = n;
			out->value = p + n;
			out->value_len = 0;
			out->has_value = false;
		}
		return 1;
	}
	return 0;
}

int netproc_parse_fdinfo_flags(const char *s, size_t len, unsigned *flags)
{
	static const char key[] = "flags:";
	const size_t klen = sizeof(key) - 1;
	size_t i = 0;

	while (i < len) {
		const char *line = s + i, *nl;
		size_t n;

		nl = memchr(line, '\n', len - i);
		n = nl ? (size_t)(nl - line) : len - i;
		i += n + 1;
		if (n > klen && memcmp(line, key, klen) == 0) {
			struct cur c = { line + klen, line + n };
			const char *f;
			size_t fn;
			uint64_t v;

			if (field(&c, &f, &fn) < 0 ||
			    parse_oct(f, fn, &v) < 0 || v > UINT32_MAX)
				return -1;
			*flags = (unsigned)v;
			return 0;
		}
	}
	return -1;
}
