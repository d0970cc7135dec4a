/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_netproc: libFuzzer target for the parsers of netproc.h: the socket
 * lists of /proc/net (tcp, udp, raw and their IPv6 forms, unix), the
 * lines of /proc/PID/maps, environ blocks, fdinfo text and fd or ns link
 * targets.
 *
 * The input is a whole file.  Each '\n'-separated line, in a buffer of
 * exactly its length (no terminating NUL: the parsers take a length and
 * must not read past it), goes to every line parser; the whole input goes
 * to the environ walker and the fdinfo parser, and its first bytes to the
 * address formatter and the state namer.
 *
 * Besides crashes, the target checks the contracts: a parsed socket's
 * addresses format as text of its family and its unix path is a string of
 * less than NETPROC_PATH_MAX bytes; a maps line's spans lie inside the
 * line; a link inode is never 0; the environ walk moves forward, stays
 * inside the input and ends; a refused line leaves a NUL-terminated
 * reason in err; every state has a name.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tables/netproc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *copy_exact(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

/* Aborts unless [s, s+n) lies inside [buf, buf+size). */
static void check_span(const char *s, size_t n, const char *buf, size_t size)
{
	if (n == 0)
		return;
	if (!s || s < buf || n > size || s + n > buf + size)
		abort();
}

static void check_err(int rc, const char *err, size_t errsize)
{
	if (rc < 0 && errsize && memchr(err, '\0', errsize) == NULL)
		abort();
}

static void check_sock(const struct netproc_sock *s, int family)
{
	char addr[NETPROC_ADDR_MAX];

	if (netproc_format_addr(family, s->local, addr, sizeof(addr)) < 0 ||
	    netproc_format_addr(family, s->remote, addr, sizeof(addr)) < 0)
		abort();
	if (memchr(s->path, '\0', sizeof(s->path)) == NULL)
		abort();
	if (netproc_tcp_state_name(s->state) == NULL)
		abort();
}

static void check_line(const uint8_t *data, size_t len)
{
	char *l = copy_exact(data, len), err[40];
	size_t errsize = 1 + len % sizeof(err);
	struct netproc_sock s;
	struct netproc_map m;
	uint64_t inode;
	int rc;

	rc = netproc_parse_inet(l, len, AF_INET, IPPROTO_TCP, &s, err,
				errsize);
	check_err(rc, err, errsize);
	if (rc == 0)
		check_sock(&s, AF_INET);
	rc = netproc_parse_inet(l, len, AF_INET6, IPPROTO_UDP, &s, err,
				errsize);
	check_err(rc, err, errsize);
	if (rc == 0)
		check_sock(&s, AF_INET6);
	rc = netproc_parse_unix(l, len, &s, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 0 && strlen(s.path) >= NETPROC_PATH_MAX)
		abort();

	rc = netproc_parse_map(l, len, &m, len % 2 ? err : NULL,
			       len % 2 ? errsize : 0);
	if (len % 2)
		check_err(rc, err, errsize);
	if (rc == 0) {
		check_span(m.start, m.start_len, l, len);
		check_span(m.end, m.end_len, l, len);
		check_span(m.perms, m.perms_len, l, len);
		check_span(m.device, m.device_len, l, len);
		check_span(m.path, m.path_len, l, len);
	}

	if (netproc_link_inode(l, len, "socket", &inode) == 0 && inode == 0)
		abort();
	if (netproc_link_inode(l, len, "net", &inode) == 0 && inode == 0)
		abort();
	free(l);
}

static void check_environ(const char *s, size_t len)
{
	struct netproc_env e;
	size_t pos = 0, last = 0, n = 0;

	while (netproc_environ_next(s, len, &pos, &e) == 1) {
		if (pos <= last)
			abort();
		if (pos > len || ++n > len)
			abort();
		last = pos;
		check_span(e.key, e.key_len, s, len);
		check_span(e.value, e.value_len, s, len);
		if (!e.has_value && e.value_len != 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0, len;
	const uint8_t *nl;
	char *s, *small, addr[NETPROC_ADDR_MAX];
	unsigned flags;
	uint8_t raw[16] = { 0 };

	while (pos < size) {
		nl = memchr(data + pos, '\n', size - pos);
		len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		check_line(data + pos, len);
		pos += len + 1;
	}

	s = copy_exact(data, size);
	check_environ(s, size);
	(void)netproc_parse_fdinfo_flags(s, size, &flags);
	free(s);

	memcpy(raw, data, size < sizeof(raw) ? size : sizeof(raw));
	if (netproc_format_addr(AF_INET, raw, addr, sizeof(addr)) < 0 ||
	    netproc_format_addr(AF_INET6, raw, addr, sizeof(addr)) < 0)
		abort();
	/* Too small a buffer is refused, never overrun. */
	small = malloc(1 + size % 16);
	if (!small)
		abort();
	(void)netproc_format_addr(AF_INET6, raw, small, 1 + size % 16);
	(void)netproc_format_addr(AF_INET, raw, small, 1 + size % 16);
	free(small);
	if (netproc_tcp_state_name(size ? (int8_t)data[0] : 0) == NULL)
		abort();
	return 0;
}
