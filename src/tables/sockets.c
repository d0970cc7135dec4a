/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sockets.c: the process_open_sockets and listening_ports tables.
 *
 * process_open_sockets: one row per descriptor open on a socket, and one
 * row per socket no visible process holds (pid and fd -1, as osquery).
 *   pid, fd         the holder: a /proc/PID/fd link "socket:[INODE]"
 *   socket          the socket's inode
 *   family          2 (AF_INET), 10 (AF_INET6) or 1 (AF_UNIX)
 *   protocol        6 (TCP), 17 (UDP), 255 (raw) or 0 (unix)
 *   local_address, remote_address, local_port, remote_port
 *                   the endpoints ("" and 0 for unix sockets)
 *   path            a unix socket's bound name ("" when unbound or not
 *                   unix; an abstract name starts with '@')
 *   state           TCP's state as osquery names it ("LISTEN",
 *                   "ESTABLISHED", "TIME_WAIT" ...); "" for other protocols
 *   net_namespace   inode of the network namespace the sockets were listed
 *                   in (the one of /proc/self/ns/net beneath the root;
 *                   NULL when that cannot be read)
 *
 * listening_ports: one row per listening socket: TCP sockets in LISTEN,
 * UDP and raw sockets bound to a port and not connected, unix stream and
 * seqpacket sockets in LISTEN and bound unix datagram sockets that are
 * not connected.
 *   pid, fd         the lowest pid holding the socket, and its lowest fd
 *                   on it (-1 when no visible process holds it)
 *   port            the local port (0 for unix sockets, as osquery has it;
 *                   for raw sockets the IP protocol number)
 *   protocol, family, socket, net_namespace
 *                   as in process_open_sockets
 *   address         the local address (NULL for unix sockets)
 *   path            the unix socket's name (NULL for others)
 *
 * Required constraints: none.  process_open_sockets takes pid = N (an
 * "additional" column in osquery) and then reads only those processes'
 * descriptors, returning only the sockets they hold.
 *
 * Privileges: none to list sockets; pid and fd of other users' sockets
 * need root (or CAP_SYS_PTRACE) to read their /proc/PID/fd, and are -1
 * without it.
 *
 * Limits: sockets are listed in one network namespace, the caller's (or,
 * under --root, the one /proc/net of that root describes).  Sockets of
 * processes in other network namespaces (containers) do not appear; run
 * vigil inside the namespace to see them.  Reading /proc/net/unix, a
 * unix socket path holding a newline can forge a line; the live host
 * reads unix sockets over netlink, where names are counted bytes.
 *
 * Examples:
 *   SELECT p.name, l.port, l.protocol, l.address
 *   FROM listening_ports l JOIN processes p USING (pid);
 *   SELECT pid, remote_address, remote_port FROM process_open_sockets
 *   WHERE state = 'ESTABLISHED' AND family IN (2, 10);
 *
 * How it works: on the live host the sockets come from sock_diag netlink
 * (sockdiag.c), one dump per family and protocol, with the kernel
 * filtering by state (listening_ports asks for LISTEN and unconnected
 * states only, which spares the kernel a walk of every established
 * connection).  A dump that fails, such as raw sockets on a kernel
 * without CONFIG_INET_RAW_DIAG, falls back to that protocol's
 * /proc/net/{tcp,tcp6,udp,udp6,raw,raw6,unix} file, and under --root
 * those files are all there is.  The sockets are then indexed by inode,
 * and each process's /proc/PID/fd links are read (procfd_walk) to find
 * which descriptors hold them.  listening_ports walks the descriptors
 * only when the query reads pid or fd.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sql/table.h"
#include "tables/netproc.h"
#include "tables/procfd.h"
#include "tables/sockdiag.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* ---- columns ------------------------------------------------------------ */

enum pos_col {
	PS_PID,
	PS_FD,
	PS_SOCKET,
	PS_FAMILY,
	PS_PROTOCOL,
	PS_LOCAL_ADDRESS,
	PS_REMOTE_ADDRESS,
	PS_LOCAL_PORT,
	PS_REMOTE_PORT,
	PS_PATH,
	PS_STATE,
	PS_NET_NAMESPACE,
	PS_NCOLS
};

static const struct column pos_cols[] = {
	{ "pid", COL_INTEGER, COL_ADDITIONAL,
	  "Process holding the socket, or -1 when none is visible." },
	{ "fd", COL_BIGINT, 0,
	  "The socket's descriptor number in the process, or -1." },
	{ "socket", COL_BIGINT, 0, "Inode of the socket." },
	{ "family", COL_INTEGER, 0,
	  "Address family: 2 IPv4, 10 IPv6, 1 unix." },
	{ "protocol", COL_INTEGER, 0,
	  "Transport protocol: 6 TCP, 17 UDP, 255 raw, 0 unix." },
	{ "local_address", COL_TEXT, 0, "Local address of the socket." },
	{ "remote_address", COL_TEXT, 0, "Remote address of the socket." },
	{ "local_port", COL_INTEGER, 0, "Local port of the socket." },
	{ "remote_port", COL_INTEGER, 0, "Remote port of the socket." },
	{ "path", COL_TEXT, 0, "Bound name of a unix socket." },
	{ "state", COL_TEXT, 0, "TCP state of the socket, such as LISTEN." },
	{ "net_namespace", COL_TEXT, 0,
	  "Inode of the network namespace the socket is in." },
};

_Static_assert(TABLE_NCOLS(pos_cols) == PS_NCOLS,
	       "process_open_sockets: column array and enum disagree");

enum lp_col {
	LP_PID,
	LP_PORT,
	LP_PROTOCOL,
	LP_FAMILY,
	LP_ADDRESS,
	LP_FD,
	LP_SOCKET,
	LP_PATH,
	LP_NET_NAMESPACE,
	LP_NCOLS
};

static const struct column lp_cols[] = {
	{ "pid", COL_INTEGER, 0,
	  "Lowest pid holding the socket, or -1 when none is visible." },
	{ "port", COL_INTEGER, 0, "Local port (0 for unix sockets)." },
	{ "protocol", COL_INTEGER, 0,
	  "Transport protocol: 6 TCP, 17 UDP, 255 raw, 0 unix." },
	{ "family", COL_INTEGER, 0,
	  "Address family: 2 IPv4, 10 IPv6, 1 unix." },
	{ "address", COL_TEXT, 0, "Local address the socket is bound to." },
	{ "fd", COL_BIGINT, 0,
	  "The socket's descriptor number in that process, or -1." },
	{ "socket", COL_BIGINT, 0, "Inode of the socket." },
	{ "path", COL_TEXT, 0, "Bound name of a unix socket." },
	{ "net_namespace", COL_TEXT, 0,
	  "Inode of the network namespace the socket is in." },
};

_Static_assert(TABLE_NCOLS(lp_cols) == LP_NCOLS,
	       "listening_ports: column array and enum disagree");

/* ---- collecting sockets ------------------------------------------------- */

/* Where each kind of socket comes from, in output order. */
struct source {
	int family;
	int protocol;
	const char *file;
};

static const struct source sources[] = {
	{ AF_INET, IPPROTO_TCP, "/proc/net/tcp" },
	{ AF_INET6, IPPROTO_TCP, "/proc/net/tcp6" },
	{ AF_INET, IPPROTO_UDP, "/proc/net/udp" },
	{ AF_INET6, IPPROTO_UDP, "/proc/net/udp6" },
	{ AF_INET, IPPROTO_RAW, "/proc/net/raw" },
	{ AF_INET6, IPPROTO_RAW, "/proc/net/raw6" },
	{ AF_UNIX, 0, "/proc/net/unix" },
};

/* Enough for a million sockets or so. */
#define SOCKS_CAP ((size_t)256 << 20)

/* The sockets of one scan, and what decides which are kept. */
struct sockset {
	struct qctx *q;
	const char *table;
	bool listening; /* keep only listening sockets */
	bool failed;    /* a row or memory error is set on q */
	struct buf socks; /* struct netproc_sock, in source order */
};

static size_t nsocks(const struct sockset *ss)
{
	return ss->socks.len / sizeof(struct netproc_sock);
}

static const struct netproc_sock *sock_at(const struct sockset *ss, size_t i)
{
	return (const struct netproc_sock *)(void *)ss->socks.data + i;
}

/* The states to ask the kernel for. */
static uint32_t want_states(const struct sockset *ss, const struct source *src)
{
	if (!ss->listening)
		return SOCKDIAG_ALL_STATES;
	if (src->protocol == IPPROTO_TCP)
		return SOCKDIAG_STATE(NETPROC_LISTEN);
	if (src->family == AF_UNIX)
		return SOCKDIAG_STATE(NETPROC_LISTEN) |
		       SOCKDIAG_STATE(NETPROC_CLOSE);
	return SOCKDIAG_STATE(NETPROC_CLOSE);
}

/* True when s belongs in the scan (the files give every state). */
static bool keep(const struct sockset *ss, const struct netproc_sock *s)
{
	if (!ss->listening)
		return true;
	if (s->family == AF_UNIX) {
		if (s->unix_type == SOCK_DGRAM)
			return s->state == NETPROC_CLOSE && s->path[0];
		return s->state == NETPROC_LISTEN;
	}
	if (s->protocol == IPPROTO_TCP)
		return s->state == NETPROC_LISTEN;
	return s->state == NETPROC_CLOSE && s->local_port != 0;
}

static int add_sock(const struct netproc_sock *s, void *arg)
{
	struct sockset *ss = arg;

	if (!keep(ss, s))
		return 0;
	if (buf_add(&ss->socks, s, sizeof(*s)) < 0) {
		qctx_error(ss->q, "%s: %s", ss->table,
			   errno == E2BIG ? "too many sockets"
					  : strerror(errno));
		ss->failed = true;
		return -1;
	}
	return 0;
}

struct file_scan {
	struct sockset *ss;
	const struct source *src;
};

static int file_line(void *arg, const char *line, size_t len)
{
	struct file_scan *fs = arg;
	struct netproc_sock s;
	char err[64];
	int rc;

	if (fs->src->family == AF_UNIX)
		rc = netproc_parse_unix(line, len, &s, err, sizeof(err));
	else
		rc = netproc_parse_inet(line, len, fs->src->family,
					fs->src->protocol, &s, err,
					sizeof(err));
	if (rc < 0)
		return 0; /* the header, or a line that does not parse */
	return add_sock(&s, fs->ss);
}

/* Drops what a failed dump added, keeping the buffer terminated. */
static void truncate_socks(struct sockset *ss, size_t len)
{
	ss->socks.len = len;
	if (ss->socks.data)
		ss->socks.data[len] = '\0';
}

/*
 * Lists the sockets into ss->socks: over netlink on the live host, from
 * /proc/net for each kind netlink cannot give and under a root.  A kind
 * whose file is missing (no IPv6) has no sockets.  Returns 0, or -1 after
 * qctx_error().
 */
static int collect(struct sockset *ss)
{
	struct sockdiag *d = NULL;
	struct file_scan fs;
	size_t i, before;
	int rc;

	if (hostfs_is_live())
		d = sockdiag_open(); /* NULL: the files will do */
	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		const struct source *src = &sources[i];

		before = ss->socks.len;
		if (d) {
			if (src->family == AF_UNIX)
				rc = sockdiag_dump_unix(d, want_states(ss, src),
							add_sock, ss);
			else
				rc = sockdiag_dump_inet(d, src->family,
							src->protocol,
							want_states(ss, src),
							add_sock, ss);
			if (rc == 0)
				continue;
			if (ss->failed)
				goto fail;
			truncate_socks(ss, before);
		}
		fs.ss = ss;
		fs.src = src;
		if (procfd_lines(src->file, file_line, &fs) < 0 && ss->failed)
			goto fail;
	}
	sockdiag_close(d);
	return 0;
fail:
	sockdiag_close(d);
	return -1;
}

/* ---- finding holders ---------------------------------------------------- */

struct inode_ref {
	uint64_t inode;
	size_t idx;
};

struct holder {
	size_t idx;
	long pid;
	long fd;
};

static int cmp_inode_ref(const void *a, const void *b)
{
	const struct inode_ref *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_holder(const void *a, const void *b)
{
	const struct holder *x = a, *y = b;

	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

/* A descriptor walk over the pids of a scan. */
struct holders {
	struct sockset *ss;
	struct inode_ref *refs; /* sorted by inode */
	size_t nrefs;
	struct buf list;        /* struct holder, every one found */
	long *first_pid;        /* listening_ports: lowest holder a socket */
	long *first_fd;
	size_t nfirst;          /* sockets with a first holder */
};

static int holder_fn(void *arg, long pid, const struct procfd_link *l)
{
	struct holders *h = arg;
	struct holder e;
	uint64_t ino;
	size_t lo = 0, hi = h->nrefs, mid;

	if (netproc_link_inode(l->link, l->len, "socket", &ino) < 0)
		return 0;
	while (lo < hi) { /* the first ref with this inode */
		mid = lo + (hi - lo) / 2;
		if (h->refs[mid].inode < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < h->nrefs && h->refs[lo].inode == ino; lo++) {
		size_t idx = h->refs[lo].idx;

		if (h->first_pid) {
			/* Pids come in ascending order, fds too. */
			if (h->first_pid[idx] < 0) {
				h->first_pid[idx] = pid;
				h->first_fd[idx] = l->fd;
				h->nfirst++;
			}
			continue;
		}
		e.idx = idx;
		e.pid = pid;
		e.fd = l->fd;
		if (buf_add(&h->list, &e, sizeof(e)) < 0) {
			qctx_error(h->ss->q, "%s: %s", h->ss->table,
				   strerror(errno));
			h->ss->failed = true;
			return -1;
		}
	}
	return 0;
}

/*
 * Walks the descriptors of the pids in list and records which sockets
 * they hold: into h->list, or with first set, the lowest holder of each
 * socket into h->first_pid and h->first_fd.  Returns 0, or -1 after
 * qctx_error().
 */
static int find_holders(struct holders *h, const long *pids, size_t npids,
			bool first)
{
	struct sockset *ss = h->ss;
	struct buf scratch = BUF_INIT(PROCFD_MAX_PIDS * sizeof(long));
	size_t i, n = nsocks(ss);
	int rc = -1;

	h->refs = calloc(n ? n : 1, sizeof(*h->refs));
	if (!h->refs)
		goto oom;
	for (i = 0; i < n; i++) {
		h->refs[i].inode = sock_at(ss, i)->inode;
		h->refs[i].idx = i;
	}
	qsort(h->refs, n, sizeof(*h->refs), cmp_inode_ref);
	h->nrefs = n;
	if (first) {
		h->first_pid = calloc(n ? n : 1, sizeof(long));
		h->first_fd = calloc(n ? n : 1, sizeof(long));
		if (!h->first_pid || !h->first_fd)
			goto oom;
		for (i = 0; i < n; i++)
			h->first_pid[i] = h->first_fd[i] = -1;
	}
	/*
	 * With nothing left to look for, no more descriptors need reading:
	 * when only the lowest holder counts, the walk ends as soon as every
	 * socket has one, which on most hosts is long before the last pid.
	 */
	for (i = 0; n > 0 && i < npids && !(first && h->nfirst == n); i++) {
		if (procfd_walk(pids[i], &scratch, holder_fn, h) < 0) {
			if (!ss->failed)
				qctx_error(ss->q, "%s: %s", ss->table,
					   strerror(errno));
			goto out;
		}
	}
	rc = 0;
	goto out;
oom:
	qctx_error(ss->q, "%s: out of memory", ss->table);
out:
	buf_release(&scratch);
	return rc;
}

static void holders_release(struct holders *h)
{
	free(h->refs);
	free(h->first_pid);
	free(h->first_fd);
	buf_release(&h->list);
}

/*
 * The inode of the network namespace /proc/net describes, as text, into
 * dst.  Returns dst, or NULL when it cannot be read.
 */
static const char *net_namespace(char *dst, size_t size)
{
	char link[64];
	uint64_t ino;
	long n;

	n = hostfs_readlink("/proc/self/ns/net", link, sizeof(link));
	if (n < 0 || netproc_link_inode(link, (size_t)n, "net", &ino) < 0)
		return NULL;
	snprintf(dst, size, "%llu", (unsigned long long)ino);
	return dst;
}

/* ---- process_open_sockets ----------------------------------------------- */

static int pos_row(struct qctx *q, const struct netproc_sock *s, long pid,
		   long fd, const char *netns)
{
	char addr[NETPROC_ADDR_MAX];

	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, PS_PID, pid);
	qctx_set_int(q, PS_FD, fd);
	qctx_set_int(q, PS_SOCKET, (int64_t)s->inode);
	qctx_set_int(q, PS_FAMILY, s->family);
	qctx_set_int(q, PS_PROTOCOL, s->protocol);
	if (s->family == AF_UNIX) {
		qctx_set_text(q, PS_LOCAL_ADDRESS, "");
		qctx_set_text(q, PS_REMOTE_ADDRESS, "");
		qctx_set_int(q, PS_LOCAL_PORT, 0);
		qctx_set_int(q, PS_REMOTE_PORT, 0);
		qctx_set_text(q, PS_PATH, s->path);
	} else {
		if (netproc_format_addr(s->family, s->local, addr,
					sizeof(addr)) == 0)
			qctx_set_text(q, PS_LOCAL_ADDRESS, addr);
		if (netproc_format_addr(s->family, s->remote, addr,
					sizeof(addr)) == 0)
			qctx_set_text(q, PS_REMOTE_ADDRESS, addr);
		qctx_set_int(q, PS_LOCAL_PORT, s->local_port);
		qctx_set_int(q, PS_REMOTE_PORT, s->remote_port);
		qctx_set_text(q, PS_PATH, "");
	}
	qctx_set_text(q, PS_STATE, s->protocol == IPPROTO_TCP &&
				   s->family != AF_UNIX
					   ? netproc_tcp_state_name(s->state)
					   : "");
	qctx_set_text(q, PS_NET_NAMESPACE, netns);
	return 0;
}

static int pos_generate(struct qctx *q)
{
	struct buf pids = BUF_INIT(PROCFD_MAX_PIDS * sizeof(long));
	struct sockset ss = { q, "process_open_sockets", false, false,
			      BUF_INIT(SOCKS_CAP) };
	struct holders h;
	const struct holder *hl;
	char nsbuf[24];
	const char *netns = NULL;
	size_t i, k, n, nh, npids;
	bool listed;
	int rc = -1;

	memset(&h, 0, sizeof(h));
	h.ss = &ss;
	buf_init(&h.list, SOCKS_CAP);
	if (procfd_pids(q, PS_PID, true, ss.table, &pids, &npids, &listed) < 0)
		goto out;
	if (collect(&ss) < 0)
		goto out;
	if (find_holders(&h, (const long *)(void *)pids.data, npids,
			 false) < 0)
		goto out;
	if (qctx_used(q, PS_NET_NAMESPACE))
		netns = net_namespace(nsbuf, sizeof(nsbuf));

	hl = (const struct holder *)(void *)h.list.data;
	nh = h.list.len / sizeof(*hl);
	if (nh > 1)
		qsort(h.list.data, nh, sizeof(*hl), cmp_holder);
	n = nsocks(&ss);
	for (i = 0, k = 0; i < n; i++) {
		const struct netproc_sock *s = sock_at(&ss, i);
		bool held = false;

		for (; k < nh && hl[k].idx == i; k++) {
			if (pos_row(q, s, hl[k].pid, hl[k].fd, netns) < 0)
				goto out;
			held = true;
		}
		/* Only a scan of every process knows nobody holds it. */
		if (!held && listed && pos_row(q, s, -1, -1, netns) < 0)
			goto out;
	}
	rc = 0;
out:
	holders_release(&h);
	buf_release(&ss.socks);
	buf_release(&pids);
	return rc;
}

static const struct table process_open_sockets_table = {
	.name = "process_open_sockets",
	.desc = "Sockets processes hold open: TCP, UDP, raw and unix, with "
		"their endpoints and state.",
	.cols = pos_cols,
	.ncols = PS_NCOLS,
	.generate = pos_generate,
};

TABLE_REGISTER(process_open_sockets_table);

/* ---- listening_ports ---------------------------------------------------- */

static int lp_generate(struct qctx *q)
{
	struct buf pids = BUF_INIT(PROCFD_MAX_PIDS * sizeof(long));
	struct sockset ss = { q, "listening_ports", true, false,
			      BUF_INIT(SOCKS_CAP) };
	struct holders h;
	char addr[NETPROC_ADDR_MAX], nsbuf[24];
	const char *netns = NULL;
	bool walk, listed;
	size_t i, n, npids;
	int rc = -1;

	memset(&h, 0, sizeof(h));
	h.ss = &ss;
	buf_init(&h.list, SOCKS_CAP);
	if (collect(&ss) < 0)
		goto out;
	walk = qctx_used(q, LP_PID) || qctx_used(q, LP_FD);
	if (walk &&
	    (procfd_pids(q, -1, true, ss.table, &pids, &npids, &listed) < 0 ||
	     find_holders(&h, (const long *)(void *)pids.data, npids,
			  true) < 0))
		goto out;
	if (qctx_used(q, LP_NET_NAMESPACE))
		netns = net_namespace(nsbuf, sizeof(nsbuf));

	n = nsocks(&ss);
	for (i = 0; i < n; i++) {
		const struct netproc_sock *s = sock_at(&ss, i);

		if (qctx_row(q) < 0)
			goto out;
		if (walk) {
			qctx_set_int(q, LP_PID, h.first_pid[i]);
			qctx_set_int(q, LP_FD, h.first_fd[i]);
		}
		qctx_set_int(q, LP_PROTOCOL, s->protocol);
		qctx_set_int(q, LP_FAMILY, s->family);
		qctx_set_int(q, LP_SOCKET, (int64_t)s->inode);
		if (s->family == AF_UNIX) {
			qctx_set_int(q, LP_PORT, 0);
			qctx_set_text(q, LP_PATH, s->path);
		} else {
			qctx_set_int(q, LP_PORT, s->local_port);
			if (netproc_format_addr(s->family, s->local, addr,
						sizeof(addr)) == 0)
				qctx_set_text(q, LP_ADDRESS, addr);
		}
		qctx_set_text(q, LP_NET_NAMESPACE, netns);
	}
	rc = 0;
out:
	holders_release(&h);
	buf_release(&ss.socks);
	buf_release(&pids);
	return rc;
}

static const struct table listening_ports_table = {
	.name = "listening_ports",
	.desc = "Sockets waiting for connections or datagrams: TCP in LISTEN, "
		"bound UDP and raw, listening unix sockets.",
	.cols = lp_cols,
	.ncols = LP_NCOLS,
	.generate = lp_generate,
};

TABLE_REGISTER(listening_ports_table);
