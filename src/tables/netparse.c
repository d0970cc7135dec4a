/* SPDX-License-Identifier: Apache-2.0 */
/*
 * netparse.c: the parsers of netparse.h: /etc/services, /etc/protocols and
 * /etc/resolv.conf as the C library reads them, the kernel's text views in
 * /proc/net, and small formatting helpers shared by the network tables.
 *
 * Everything here works on bounded input already in memory and fails with
 * a reason rather than guessing.  Where glibc's own reader behaves oddly
 * the comments say what it does and what is done here instead.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables/netparse.h"

static int fail(char *err, size_t errsize, const char *msg)
{
	if (err && errsize)
		snprintf(err, errsize, "%s", msg);
	return -1;
}

/* Blanks between words: what isspace() takes, without the newline. */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Blanks of the kernel's /proc files and of glibc's resolver keywords. */
static bool is_sp_tab(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Returns the next word of [*p, end) NUL-terminated in place, or NULL when
 * only blanks remain; *p moves past the word and the byte that ended it.
 * Writing the NUL at end is allowed: callers own line[len].
 */
static char *next_word(char **p, char *end)
{
	char *s = *p, *w;

	while (s < end && is_blank(*s))
		s++;
	if (s >= end) {
		*p = end;
		return NULL;
	}
	w = s;
	while (s < end && !is_blank(*s))
		s++;
	*s = '\0';
	*p = s < end ? s + 1 : end;
	return w;
}

/*
 * Joins the words of [p, end) with single spaces, moving them left in
 * place, and NUL-terminates the result.  The writer never passes the
 * reader: at least one blank lies between two words and exactly one is
 * written.  Returns the start (p), an empty string when there are none.
 */
static char *join_words(char *p, const char *end)
{
	char *start = p, *w = p;

	while (p < end) {
		while (p < end && is_blank(*p))
			p++;
		if (p == end)
			break;
		if (w != start)
			*w++ = ' ';
		while (p < end && !is_blank(*p))
			*w++ = *p++;
	}
	*w = '\0';
	return start;
}

/*
 * Cuts a '#' comment off [line, *end): returns the comment's text with
 * blanks trimmed at both ends (NUL-terminated in place), or NULL when
 * there is no comment or it is blank; *end moves to the '#'.
 */
static char *cut_comment(char *line, char **end)
{
	char *hash = memchr(line, '#', (size_t)(*end - line)), *c, *e;

	if (!hash)
		return NULL;
	c = hash + 1;
	e = *end;
	*end = hash;
	*hash = '\0';
	while (c < e && is_blank(*c))
		c++;
	while (e > c && is_blank(e[-1]))
		e--;
	*e = '\0';
	return c == e ? NULL : c;
}

/* Reads a whole decimal number in [0, max]: 0 or -1. */
static int parse_dec(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/* Reads a whole signed decimal number: 0 or -1. */
static int parse_sdec(const char *s, int64_t *out)
{
	uint64_t v;
	bool neg = *s == '-';

	if (parse_dec(s + neg, (uint64_t)INT64_MAX, &v) < 0)
		return -1;
	*out = neg ? -(int64_t)v : (int64_t)v;
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

/* Reads a whole hex number of 1..16 digits, optional "0x": 0 or -1. */
static int parse_hex(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++, n++) {
		int d = hexval(*s);

		if (d < 0 || n >= 16)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	if (n == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Reads exactly 2*n hex digits into n bytes: 0 or -1. */
static int parse_hexbytes(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* Common start of the in-place parsers: bound the line, stop at a NUL,
 * terminate it.  Returns the end or NULL. */
static char *line_end(char *line, size_t len, char *err, size_t errsize)
{
	if (len > NETPARSE_LINE_MAX) {
		fail(err, errsize, "line too long");
		return NULL;
	}
	len = strnlen(line, len);
	line[len] = '\0';
	return line + len;
}

/* --- /etc/services and /etc/protocols ------------------------------------ */

int netparse_service(char *line, size_t len, struct netparse_service *out,
		     char *err, size_t errsize)
{
	char *end = line_end(line, len, err, errsize), *p = line, *pp, *slash;
	uint64_t port;

	if (!end)
		return -1;
	out->comment = cut_comment(line, &end);
	out->name = next_word(&p, end);
	if (!out->name)
		return fail(err, errsize, "blank line");
	pp = next_word(&p, end);
	if (!pp)
		return fail(err, errsize, "missing port");
	slash = strchr(pp, '/');
	if (!slash || !slash[1] || strchr(slash + 1, '/'))
		return fail(err, errsize, "bad port");
	*slash = '\0';
	if (parse_dec(pp, 65535, &port) < 0)
		return fail(err, errsize, "bad port");
	out->port = (unsigned)port;
	out->protocol = slash + 1;
	out->aliases = join_words(p, end);
	return 0;
}

int netparse_protocol(char *line, size_t len, struct netparse_protocol *out,
		      char *err, size_t errsize)
{
	char *end = line_end(line, len, err, errsize), *p = line, *num;
	uint64_t v;

	if (!end)
		return -1;
	out->comment = cut_comment(line, &end);
	out->name = next_word(&p, end);
	if (!out->name)
		return fail(err, errsize, "blank line");
	num = next_word(&p, end);
	if (!num)
		return fail(err, errsize, "missing number");
	if (parse_dec(num, INT_MAX, &v) < 0)
		return fail(err, errsize, "bad number");
	out->number = (int)v;
	out->aliases = join_words(p, end);
	if (!*out->aliases)
		out->aliases = NULL;
	return 0;
}

/* --- /etc/resolv.conf ----------------------------------------------------- */

void netparse_resolv_init(struct netparse_resolv *rc)
{
	memset(rc, 0, sizeof(*rc));
	rc->options = NETPARSE_RES_DEFAULT | NETPARSE_RES_INIT;
}

/* glibc's MATCH(): the keyword at the start, then a space or a tab. */
static bool keyword(const char *line, size_t len, const char *kw)
{
	size_t n = strlen(kw);

	return len > n && !memcmp(line, kw, n) && is_sp_tab(line[n]);
}

/* Replaces the search list with nothing, ready for add_search. */
static void clear_search(struct netparse_resolv *rc)
{
	rc->searchlen = 0;
	rc->nsearch = 0;
}

/* Appends one search name; false when the store is full. */
static bool add_search(struct netparse_resolv *rc, const char *s, size_t n)
{
	if (n + 1 > sizeof(rc->search) - rc->searchlen)
		return false;
	memcpy(rc->search + rc->searchlen, s, n);
	rc->search[rc->searchlen + n] = '\0';
	rc->searchlen += n + 1;
	rc->nsearch++;
	return true;
}

/* glibc's net_mask(): the classful mask of an address (network order). */
static uint32_t class_mask(struct in_addr a)
{
	uint32_t i = ntohl(a.s_addr);

	if (IN_CLASSA(i))
		return htonl(IN_CLASSA_NET);
	if (IN_CLASSB(i))
		return htonl(IN_CLASSB_NET);
	return htonl(IN_CLASSC_NET);
}

/* Copies [s, s+n) into a NUL-terminated buffer; false when it is too long. */
static bool copy_token(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return false;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return true;
}

static int resolv_nameserver(struct netparse_resolv *rc, const char *cp,
			     const char *end, char *err, size_t errsize)
{
	char tok[NETPARSE_ADDR_MAX], text[INET6_ADDRSTRLEN], *pct;
	const char *scope = NULL, *e;
	struct in_addr a;
	struct in6_addr a6;

	if (cp == end)
		return fail(err, errsize, "ignored");
	/* inet_aton reads up to the first white space (isspace). */
	for (e = cp; e < end && !isspace((unsigned char)*e); e++)
		;
	if (copy_token(tok, sizeof(tok), cp, (size_t)(e - cp)) &&
	    inet_aton(tok, &a)) {
		if (!inet_ntop(AF_INET, &a, text, sizeof(text)))
			return fail(err, errsize, "bad address");
		goto add;
	}
	/* Then as IPv6, cut at a space or tab, with an optional %scope. */
	for (e = cp; e < end && !is_sp_tab(*e); e++)
		;
	if (!copy_token(tok, sizeof(tok), cp, (size_t)(e - cp)))
		return fail(err, errsize, "bad address");
	pct = strchr(tok, '%');
	if (pct) {
		*pct = '\0';
		scope = pct + 1;
	}
	if (!tok[0] || inet_pton(AF_INET6, tok, &a6) != 1 ||
	    !inet_ntop(AF_INET6, &a6, text, sizeof(text)))
		return fail(err, errsize, "bad address");
add:
	if (rc->nns >= NETPARSE_RESOLV_MAXNS)
		return fail(err, errsize, "ignored");
	/* A scope too long to be an interface name or index is dropped,
	 * as glibc would fail to resolve it. */
	if (scope && *scope && strlen(scope) < 16)
		snprintf(rc->ns[rc->nns], sizeof(rc->ns[0]), "%s%%%s", text,
			 scope);
	else
		snprintf(rc->ns[rc->nns], sizeof(rc->ns[0]), "%s", text);
	rc->nns++;
	return 0;
}

static bool is_sort_mask(char c)
{
	return c == '/' || c == '&';
}

/* Ends a sortlist word: NUL, ';', a non-ASCII byte or white space. */
static bool sort_stop(char c)
{
	return c == '\0' || c == ';' || !isascii((unsigned char)c) ||
	       isspace((unsigned char)c);
}

/*
 * The "sortlist" words, as glibc reads them.  glibc loops forever on a
 * word that starts with a byte it cannot take (a '/', a carriage return,
 * a non-ASCII byte); here such a word ends the line instead.
 */
static int resolv_sortlist(struct netparse_resolv *rc, const char *cp,
			   const char *end)
{
	char tok[NETPARSE_ADDR_MAX];
	const char *net;
	struct in_addr a, m;
	struct netparse_sortlist *e;
	uint32_t mask;
	int plen, added = 0;

	for (;;) {
		while (cp < end && is_sp_tab(*cp))
			cp++;
		if (cp == end || *cp == ';')
			break;
		net = cp;
		while (cp < end && !is_sort_mask(*cp) && !sort_stop(*cp))
			cp++;
		if (cp == net)
			break;
		if (!copy_token(tok, sizeof(tok), net, (size_t)(cp - net)) ||
		    !inet_aton(tok, &a)) {
			continue;
		}
		mask = class_mask(a);
		if (cp < end && is_sort_mask(*cp)) {
			net = ++cp;
			while (cp < end && !sort_stop(*cp))
				cp++;
			if (copy_token(tok, sizeof(tok), net,
				       (size_t)(cp - net)) &&
			    inet_aton(tok, &m))
				mask = m.s_addr;
		}
		if (rc->nsort >= NETPARSE_RESOLV_MAXSORT)
			continue;
		e = &rc->sort[rc->nsort];
		inet_ntop(AF_INET, &a, e->address, sizeof(e->address));
		plen = netparse_mask4_plen((const uint8_t *)&mask);
		if (plen >= 0)
			snprintf(e->netmask, sizeof(e->netmask), "%d", plen);
		else
			inet_ntop(AF_INET, &mask, e->netmask,
				  sizeof(e->netmask));
		rc->nsort++;
		added++;
	}
	return added;
}

/* glibc's res_setoptions: each word that starts with a known option sets
 * its bit (so "rotatex" counts as "rotate"). */
static void resolv_options(struct netparse_resolv *rc, const char *cp,
			   const char *end)
{
	static const struct {
		const char *name;
		unsigned long flag;
	} opts[] = {
		{ "rotate", NETPARSE_RES_ROTATE },
		{ "edns0", NETPARSE_RES_USE_EDNS0 },
		{ "single-request-reopen", NETPARSE_RES_SNGLKUPREOP },
		{ "single-request", NETPARSE_RES_SNGLKUP },
		{ "no_tld_query", NETPARSE_RES_NOTLDQUERY },
		{ "no-tld-query", NETPARSE_RES_NOTLDQUERY },
		{ "no-reload", NETPARSE_RES_NORELOAD },
		{ "use-vc", NETPARSE_RES_USEVC },
		{ "trust-ad", NETPARSE_RES_TRUSTAD },
		{ "no-aaaa", NETPARSE_RES_NOAAAA },
	};
	size_t i, n;

	while (cp < end) {
		while (cp < end && is_sp_tab(*cp))
			cp++;
		for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
			n = strlen(opts[i].name);
			if ((size_t)(end - cp) >= n &&
			    !memcmp(cp, opts[i].name, n)) {
				rc->options |= opts[i].flag;
				break;
			}
		}
		while (cp < end && !is_sp_tab(*cp))
			cp++;
	}
}

int netparse_resolv_line(struct netparse_resolv *rc, const char *line,
			 size_t len, char *err, size_t errsize)
{
	const char *end, *cp, *e;

	if (len > NETPARSE_LINE_MAX)
		return fail(err, errsize, "line too long");
	len = strnlen(line, len);
	end = line + len;
	if (len == 0)
		return fail(err, errsize, "blank line");
	if (line[0] == '#' || line[0] == ';')
		return fail(err, errsize, "comment");

	if (keyword(line, len, "domain")) {
		for (cp = line + 6; cp < end && is_sp_tab(*cp); cp++)
			;
		if (cp == end)
			return fail(err, errsize, "ignored");
		for (e = cp; e < end && !is_sp_tab(*e); e++)
			;
		if ((size_t)(e - cp) + 1 > sizeof(rc->search))
			return fail(err, errsize, "line too long");
		clear_search(rc);
		add_search(rc, cp, (size_t)(e - cp));
		return 0;
	}
	if (keyword(line, len, "search")) {
		for (cp = line + 6; cp < end && is_sp_tab(*cp); cp++)
			;
		if (cp == end)
			return fail(err, errsize, "ignored");
		clear_search(rc);
		while (cp < end) {
			for (e = cp; e < end && !is_sp_tab(*e); e++)
				;
			/* Names past the store's room are dropped. */
			if (!add_search(rc, cp, (size_t)(e - cp)))
				break;
			for (cp = e; cp < end && is_sp_tab(*cp); cp++)
				;
		}
		return 0;
	}
	if (keyword(line, len, "nameserver")) {
		for (cp = line + 10; cp < end && is_sp_tab(*cp); cp++)
			;
		return resolv_nameserver(rc, cp, end, err, errsize);
	}
	if (keyword(line, len, "sortlist")) {
		if (resolv_sortlist(rc, line + 8, end) == 0)
			return fail(err, errsize, "ignored");
		return 0;
	}
	if (keyword(line, len, "options")) {
		resolv_options(rc, line + 7, end);
		return 0;
	}
	return fail(err, errsize, "unknown keyword");
}

void netparse_resolv_finish(struct netparse_resolv *rc, const char *hostname)
{
	const char *dot;

	if (rc->nns == 0) {
		snprintf(rc->ns[0], sizeof(rc->ns[0]), "127.0.0.1");
		rc->nns = 1;
	}
	if (rc->nsearch == 0 && hostname) {
		dot = strchr(hostname, '.');
		if (dot)
			add_search(rc, dot + 1, strlen(dot + 1));
	}
}

/* --- /proc/net/route and ipv6_route --------------------------------------- */

/* Splits [p, end) into at most max words separated by spaces and tabs;
 * returns how many there are (max + 1 when there are more). */
static size_t split_words(char *p, char *end, char **w, size_t max)
{
	size_t n = 0;
	char *s;

	while ((s = next_word(&p, end)) != NULL) {
		if (n == max)
			return max + 1;
		w[n++] = s;
	}
	return n;
}

int netparse_mask4_plen(const uint8_t mask[4])
{
	uint32_t m = (uint32_t)mask[0] << 24 | (uint32_t)mask[1] << 16 |
		     (uint32_t)mask[2] << 8 | mask[3];
	int plen = 0;

	while (plen < 32 && (m & (0x80000000u >> plen)))
		plen++;
	if (plen < 32 && (m << plen) != 0)
		return -1;
	return plen;
}

/* A %08X of a network-order address, back to its bytes. */
static int parse_addr4_hex(const char *s, uint8_t out[4])
{
	uint64_t v;
	uint32_t u;

	if (strlen(s) != 8 || parse_hex(s, UINT32_MAX, &v) < 0)
		return -1;
	u = (uint32_t)v;
	memcpy(out, &u, 4);
	return 0;
}

int netparse_route4(char *line, size_t len, struct netparse_route4 *out,
		    char *err, size_t errsize)
{
	char *end = line_end(line, len, err, errsize), *w[12];
	uint8_t mask[4];
	uint64_t v;
	int64_t metric;
	int plen;

	if (!end)
		return -1;
	if (!strncmp(line, "Iface", 5))
		return fail(err, errsize, "header");
	if (split_words(line, end, w, 12) < 11)
		return fail(err, errsize, "missing field");
	out->iface = w[0];
	if (parse_addr4_hex(w[1], out->dst) < 0 ||
	    parse_addr4_hex(w[2], out->gw) < 0 ||
	    parse_addr4_hex(w[7], mask) < 0)
		return fail(err, errsize, "bad address");
	if (parse_hex(w[3], UINT32_MAX, &v) < 0)
		return fail(err, errsize, "bad number");
	out->flags = (unsigned)v;
	if (parse_sdec(w[6], &metric) < 0)
		return fail(err, errsize, "bad number");
	out->metric = metric;
	plen = netparse_mask4_plen(mask);
	if (plen < 0)
		return fail(err, errsize, "bad mask");
	out->plen = (unsigned)plen;
	if (parse_dec(w[8], UINT32_MAX, &v) < 0)
		return fail(err, errsize, "bad number");
	out->mtu = (unsigned)v;
	if (parse_dec(w[9], UINT32_MAX, &v) < 0)
		return fail(err, errsize, "bad number");
	out->window = (unsigned)v;
	if (parse_dec(w[10], UINT32_MAX, &v) < 0)
		return fail(err, errsize, "bad number");
	out->irtt = (unsigned)v;
	return 0;
}

int netparse_route6(char *line, size_t len, struct netparse_route6 *out,
		    char *err, size_t errsize)
{
	char *end = line_end(line, len, err, errsize), *w[11];
	uint64_t v[6];
	size_t n, i;

	if (!end)
		return -1;
	n = split_words(line, end, w, 10);
	/* A route without a device prints an empty name: 9 words. */
	if (n < 9 || n > 10)
		return fail(err, errsize, "missing field");
	if (parse_hexbytes(w[0], out->dst, 16) < 0 ||
	    parse_hexbytes(w[2], out->src, 16) < 0 ||
	    parse_hexbytes(w[4], out->nexthop, 16) < 0)
		return fail(err, errsize, "bad address");
	if (strlen(w[1]) != 2 || strlen(w[3]) != 2 ||
	    parse_hex(w[1], 128, &v[0]) < 0 || parse_hex(w[3], 128, &v[1]) < 0)
		return fail(err, errsize, "bad prefix length");
	for (i = 0; i < 4; i++)
		if (strlen(w[5 + i]) != 8 ||
		    parse_hex(w[5 + i], UINT32_MAX, &v[2 + i]) < 0)
			return fail(err, errsize, "bad number");
	out->dst_plen = (unsigned)v[0];
	out->src_plen = (unsigned)v[1];
	out->metric = (uint32_t)v[2];
	out->refcnt = (uint32_t)v[3];
	out->use = (uint32_t)v[4];
	out->flags = (uint32_t)v[5];
	out->iface = n == 10 ? w[9] : end;
	return 0;
}

/* --- /proc/net/arp -------------------------------------------------------- */

int netparse_arp(char *line, size_t len, struct netparse_arp *out,
		 char *err, size_t errsize)
{
	char *end = line_end(line, len, err, errsize), *w[7], *c;
	struct in_addr a;
	uint64_t v;

	if (!end)
		return -1;
	if (!strncmp(line, "IP address", 10))
		return fail(err, errsize, "header");
	if (split_words(line, end, w, 6) != 6)
		return fail(err, errsize, "missing field");
	if (inet_pton(AF_INET, w[0], &a) != 1)
		return fail(err, errsize, "bad address");
	out->address = w[0];
	if (strncmp(w[1], "0x", 2) != 0 || parse_hex(w[1], UINT32_MAX, &v) < 0)
		return fail(err, errsize, "bad number");
	out->hwtype = (unsigned)v;
	if (strncmp(w[2], "0x", 2) != 0 || parse_hex(w[2], UINT32_MAX, &v) < 0)
		return fail(err, errsize, "bad number");
	out->flags = (unsigned)v;
	for (c = w[3]; *c; c++)
		if (hexval(*c) < 0 && *c != ':')
			return fail(err, errsize, "bad hardware address");
	out->mac = w[3];
	out->mask = w[4];
	out->device = w[5];
	return 0;
}

/* --- /proc/net/if_inet6 --------------------------------------------------- */

int netparse_inet6(char *line, size_t len, struct netparse_inet6 *out,
		   char *err, size_t errsize)
{
	char *end = line_end(line, len, err, errsize), *w[7];
	uint64_t v[4];
	size_t i;

	if (!end)
		return -1;
	if (split_words(line, end, w, 6) != 6)
		return fail(err, errsize, "missing field");
	if (parse_hexbytes(w[0], out->addr, 16) < 0)
		return fail(err, errsize, "bad address");
	for (i = 0; i < 4; i++)
		if (parse_hex(w[1 + i], UINT32_MAX, &v[i]) < 0 ||
		    (w[1 + i][0] == '0' && w[1 + i][1] == 'x'))
			return fail(err, errsize, "bad number");
	if (v[1] > 128)
		return fail(err, errsize, "bad prefix length");
	out->ifindex = (unsigned)v[0];
	out->plen = (unsigned)v[1];
	out->scope = (unsigned)v[2];
	out->flags = (unsigned)v[3];
	out->ifname = w[5];
	return 0;
}

/* --- /proc/net/dev -------------------------------------------------------- */

int netparse_netdev(char *line, size_t len, struct netparse_netdev *out,
		    char *err, size_t errsize)
{
	char *end = line_end(line, len, err, errsize), *p = line, *colon;
	char *w[NETDEV_NFIELDS + 1];
	size_t i;

	if (!end)
		return -1;
	while (p < end && is_blank(*p))
		p++;
	colon = memchr(p, ':', (size_t)(end - p));
	if (!colon || strchr(line, '|'))
		return fail(err, errsize, "header");
	/* The name is right-aligned before the colon; long counters may
	 * follow it without a space. */
	*colon = '\0';
	if (colon == p)
		return fail(err, errsize, "missing field");
	for (i = 0; p + i < colon; i++)
		if (is_blank(p[i]))
			return fail(err, errsize, "header");
	out->name = p;
	if (split_words(colon + 1, end, w, NETDEV_NFIELDS) != NETDEV_NFIELDS)
		return fail(err, errsize, "missing field");
	for (i = 0; i < NETDEV_NFIELDS; i++)
		if (parse_dec(w[i], UINT64_MAX, &out->v[i]) < 0)
			return fail(err, errsize, "bad number");
	return 0;
}

/* --- /proc/net/fib_trie --------------------------------------------------- */

void netparse_fib_init(struct netparse_fib_state *st)
{
	memset(st, 0, sizeof(*st));
}

int netparse_fib_trie_line(struct netparse_fib_state *st, const char *line,
			   size_t len, struct netparse_fib_ent *out, char *err,
			   size_t errsize)
{
	char buf[256], *p, *end, *w[5];
	size_t n, i;
	uint64_t plen;

	if (len > NETPARSE_LINE_MAX)
		return fail(err, errsize, "line too long");
	len = strnlen(line, len);
	/* No valid line of the file comes near this length. */
	if (len >= sizeof(buf))
		return fail(err, errsize, "bad line");
	memcpy(buf, line, len);
	buf[len] = '\0';
	end = buf + len;

	if (len > 1 && buf[0] != ' ' && buf[len - 1] == ':') {
		/* "Main:", "Local:", "Id 100:": a new table. */
		st->in_table = true;
		st->have_leaf = false;
		return 0;
	}
	for (p = buf; p < end && *p == ' '; p++)
		;
	if (!strncmp(p, "+-- ", 4)) {
		st->have_leaf = false;
		return 0;
	}
	if (!strncmp(p, "|-- ", 4)) {
		st->have_leaf = false;
		if (!st->in_table || inet_pton(AF_INET, p + 4, st->leaf) != 1)
			return fail(err, errsize, "bad address");
		st->have_leaf = true;
		return 0;
	}
	if (*p != '/')
		return fail(err, errsize, "bad line");
	if (!st->have_leaf)
		return fail(err, errsize, "alias outside a leaf");
	n = split_words(p + 1, end, w, 4);
	if (n < 3 || n > 4)
		return fail(err, errsize, "bad line");
	if (parse_dec(w[0], 32, &plen) < 0)
		return fail(err, errsize, "bad prefix length");
	/* An unknown type prints as "type N", two words. */
	if (n == 4 && !strcmp(w[2], "type")) {
		w[2][4] = ' ';
		n = 3;
	}
	if (strlen(w[1]) >= sizeof(out->scope) ||
	    strlen(w[2]) >= sizeof(out->type))
		return fail(err, errsize, "bad line");
	/* A fourth word may only be "tos=N". */
	if (n == 4 && strncmp(w[3], "tos=", 4) != 0)
		return fail(err, errsize, "bad line");
	for (i = 0; w[2][i]; i++)
		if (!isalnum((unsigned char)w[2][i]) && w[2][i] != ' ')
			return fail(err, errsize, "bad line");
	memcpy(out->addr, st->leaf, 4);
	out->plen = (unsigned)plen;
	snprintf(out->scope, sizeof(out->scope), "%s", w[1]);
	snprintf(out->type, sizeof(out->type), "%s", w[2]);
	return 1;
}

/* --- helpers -------------------------------------------------------------- */

int netparse_format_mac(const uint8_t *a, size_t n, char *out, size_t size)
{
	size_t i;

	if (n == 0 || size < 3 * n)
		return -1;
	for (i = 0; i < n; i++)
		snprintf(out + 3 * i, 4, i + 1 < n ? "%02x:" : "%02x", a[i]);
	return 0;
}

int netparse_format_addr(int family, const uint8_t *a, const char *ifname,
			 char *out, size_t size)
{
	char text[INET6_ADDRSTRLEN];
	int n;

	if (family != AF_INET && family != AF_INET6)
		return -1;
	if (!inet_ntop(family, a, text, sizeof(text)))
		return -1;
	if (family == AF_INET6 && ifname && *ifname &&
	    ((a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||
	     (a[0] == 0xff && (a[1] & 0x0f) == 0x02)))
		n = snprintf(out, size, "%s%%%s", text, ifname);
	else
		n = snprintf(out, size, "%s", text);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int netparse_format_mask(int family, unsigned plen, char *out, size_t size)
{
	uint8_t m[16] = { 0 };
	unsigned bytes = family == AF_INET ? 4 : 16, i;

	if ((family != AF_INET && family != AF_INET6) || plen > bytes * 8)
		return -1;
	for (i = 0; i < plen; i++)
		m[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	return inet_ntop(family, m, out, (socklen_t)size) ? 0 : -1;
}

int netparse_sysfs_num(const char *s, int64_t *out)
{
	char buf[32];
	const char *e;
	uint64_t v;
	size_t n;

	while (is_blank(*s) || *s == '\n')
		s++;
	for (e = s; *e && !is_blank(*e) && *e != '\n'; e++)
		;
	n = (size_t)(e - s);
	for (; *e; e++)
		if (!is_blank(*e) && *e != '\n')
			return -1;
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (buf[0] == '0' && buf[1] == 'x') {
		if (parse_hex(buf, (uint64_t)INT64_MAX, &v) < 0)
			return -1;
		*out = (int64_t)v;
		return 0;
	}
	return parse_sdec(buf, out);
}

uint64_t netparse_link_flags(uint64_t sysfs_flags, const char *operstate,
			     int carrier, int dormant)
{
	/* linux/if.h: IFF_UP, IFF_RUNNING, IFF_LOWER_UP, IFF_DORMANT. */
	const uint64_t up = 0x1, running = 0x40, lower_up = 0x10000,
		       dormant_f = 0x20000;
	uint64_t f = sysfs_flags & ~(running | lower_up | dormant_f);

	if (!(f & up))
		return f;
	if (operstate &&
	    (!strcmp(operstate, "up") || !strcmp(operstate, "unknown")))
		f |= running;
	if (carrier == 1)
		f |= lower_up;
	if (dormant == 1)
		f |= dormant_f;
	return f;
}

/* DOMAIN:BUS:DEV.FN, all hex: at least 4, then 2, 2 and 1 digits. */
static bool is_pci_addr(const char *s, size_t n)
{
	size_t i = 0, d;

	for (d = 0; i < n && hexval(s[i]) >= 0; i++, d++)
		;
	if (d < 4 || i >= n || s[i++] != ':')
		return false;
	for (d = 0; i < n && hexval(s[i]) >= 0; i++, d++)
		;
	if (d != 2 || i >= n || s[i++] != ':')
		return false;
	for (d = 0; i < n && hexval(s[i]) >= 0; i++, d++)
		;
	if (d != 2 || i >= n || s[i++] != '.')
		return false;
	for (d = 0; i < n && hexval(s[i]) >= 0; i++, d++)
		;
	return d == 1 && i == n;
}

int netparse_pci_slot(const char *path, char *out, size_t size)
{
	const char *p = path, *slash, *best = NULL;
	size_t n, best_n = 0;

	while (*p) {
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (is_pci_addr(p, n)) {
			best = p;
			best_n = n;
		}
		p += n;
		if (*p == '/')
			p++;
	}
	if (!best || best_n >= size)
		return -1;
	memcpy(out, best, best_n);
	out[best_n] = '\0';
	return 0;
}

int netparse_ipv6_redirect(int64_t forwarding, int64_t accept_redirects)
{
	return accept_redirects != 0 && forwarding == 0;
}

int netparse_ipv6_rtadv(int64_t forwarding, int64_t accept_ra)
{
	if (accept_ra == 2)
		return 1;
	return accept_ra != 0 && forwarding == 0;
}

const char *netparse_rtn_type(unsigned rtm_type)
{
	/* linux/rtnetlink.h: RTN_UNICAST 1, RTN_LOCAL 2, RTN_BROADCAST 3,
	 * RTN_ANYCAST 4. */
	switch (rtm_type) {
	case 1:
		return "gateway";
	case 2:
		return "local";
	case 3:
		return "broadcast";
	case 4:
		return "anycast";
	default:
		return "other";
	}
}

const char *netparse_route4_type(const struct netparse_route4 *r)
{
	if (r->flags & NETPARSE_RTF_REJECT || !strcmp(r->iface, "*"))
		return "other";
	return "gateway";
}

const char *netparse_route6_type(const struct netparse_route6 *r)
{
	if (r->flags & NETPARSE_RTF_REJECT)
		return "other";
	if (r->flags & NETPARSE_RTF_LOCAL)
		return "local";
	if (r->flags & NETPARSE_RTF_ANYCAST)
		return "anycast";
	if (r->dst_plen >= 8 && r->dst[0] == 0xff)
		return "other";
	return "gateway";
}
