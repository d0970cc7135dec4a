/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sockdiag.c: socket lists over NETLINK_SOCK_DIAG (see sockdiag.h).
 *
 * A dump is one SOCK_DIAG_BY_FAMILY request with NLM_F_DUMP, an
 * inet_diag_req_v2 (or unix_diag_req) naming the family, the protocol and
 * a mask of states, answered by a run of inet_diag_msg (unix_diag_msg)
 * messages and NLMSG_DONE.  libmnl checks each message's length, sequence
 * number and port id; the callbacks here check the payload is as long as
 * the structure they read, and copy the unix socket name out of its
 * attribute with its length bounded.
 */
#include "tables/sockdiag.h"

#include <errno.h>
#include <stdbool.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* Kernels fill dump messages up to 32 KiB when the reader offers it. */
#define DIAG_BUF_SIZE 32768

struct sockdiag {
	struct mnl_socket *nl;
	unsigned portid;
	unsigned seq;
	bool broken; /* a dump was left half read: the socket is unusable */
	char *buf;
};

/* What a dump's callbacks share.  inet_diag_msg does not carry the
 * protocol, so it comes from the request. */
struct dump {
	sockdiag_fn fn;
	void *arg;
	int protocol;
	bool stopped;
};

struct sockdiag *sockdiag_open(void)
{
	struct sockdiag *d;
	int saved;

	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->buf = malloc(DIAG_BUF_SIZE);
	if (!d->buf)
		goto fail;
	d->nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	if (!d->nl)
		goto fail;
	if (mnl_socket_bind(d->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	d->portid = mnl_socket_get_portid(d->nl);
	d->seq = (unsigned)time(NULL);
	return d;
fail:
	saved = errno;
	sockdiag_close(d);
	errno = saved;
	return NULL;
}

void sockdiag_close(struct sockdiag *d)
{
	if (!d)
		return;
	if (d->nl)
		mnl_socket_close(d->nl);
	free(d->buf);
	free(d);
}

/*
 * Sends the request in d->buf and runs cb over the answer until
 * NLMSG_DONE.  Returns 0, or -1 with errno set.
 */
static int run_dump(struct sockdiag *d, struct nlmsghdr *nlh, mnl_cb_t cb,
		    struct dump *dp)
{
	unsigned seq = nlh->nlmsg_seq;
	ssize_t n;
	int rc;

	if (d->broken) {
		errno = EIO;
		return -1;
	}
	if (mnl_socket_sendto(d->nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	for (;;) {
		n = mnl_socket_recvfrom(d->nl, d->buf, DIAG_BUF_SIZE);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			d->broken = true;
			return -1;
		}
		rc = mnl_cb_run(d->buf, (size_t)n, seq, d->portid, cb, dp);
		if (rc == MNL_CB_ERROR) {
			/*
			 * A request the kernel refuses (no diag module for
			 * the protocol) is answered by one error message and
			 * nothing else; anything else may leave the rest of
			 * the dump queued, so the socket is not reused.
			 */
			if (dp->stopped) {
				d->broken = true;
				errno = ECANCELED;
			} else if (errno != ENOENT && errno != EOPNOTSUPP &&
				   errno != EINVAL) {
				d->broken = true;
			}
			return -1;
		}
		if (rc == MNL_CB_STOP)
			return 0;
	}
}

static int inet_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump *dp = data;
	const struct inet_diag_msg *m;
	struct netproc_sock s;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return MNL_CB_OK; /* malformed: skipped */
	m = mnl_nlmsg_get_payload(nlh);
	if (m->idiag_family != AF_INET && m->idiag_family != AF_INET6)
		return MNL_CB_OK;
	memset(&s, 0, sizeof(s));
	s.inode = m->idiag_inode;
	s.family = m->idiag_family;
	s.state = m->idiag_state;
	s.uid = m->idiag_uid;
	/* idiag_src and idiag_dst hold network-order bytes; an IPv4 address
	 * sits in the first four. */
	memcpy(s.local, m->id.idiag_src, sizeof(s.local));
	memcpy(s.remote, m->id.idiag_dst, sizeof(s.remote));
	s.local_port = ntohs(m->id.idiag_sport);
	s.remote_port = ntohs(m->id.idiag_dport);
	s.protocol = dp->protocol;
	if (dp->fn(&s, dp->arg) < 0) {
		dp->stopped = true;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int sockdiag_dump_inet(struct sockdiag *d, int family, int protocol,
		       uint32_t states, sockdiag_fn fn, void *arg)
{
	struct dump dp = { fn, arg, protocol, false };
	struct inet_diag_req_v2 *req;
	struct nlmsghdr *nlh;

	if (family != AF_INET && family != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	nlh = mnl_nlmsg_put_header(d->buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++d->seq;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = (uint8_t)family;
	req->sdiag_protocol = (uint8_t)protocol;
	req->idiag_states = states;
	return run_dump(d, nlh, inet_cb, &dp);
}

/* Copies a UNIX_DIAG_NAME payload into s->path as /proc/net/unix shows
 * it: an abstract name's NULs become '@', a path loses its NUL. */
static void set_unix_name(struct netproc_sock *s, const char *name,
			  size_t n)
{
	size_t i;

	if (n == 0)
		return;
	if (name[0] != '\0') {
		const char *nul = memchr(name, '\0', n);

		if (nul)
			n = (size_t)(nul - name);
	}
	if (n >= sizeof(s->path))
		n = sizeof(s->path) - 1;
	for (i = 0; i < n; i++)
		s->path[i] = (char)(name[i] ? name[i] : '@');
	s->path[n] = '\0';
}

static int unix_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump *dp = data;
	const struct unix_diag_msg *m;
	const struct nlattr *a;
	struct netproc_sock s;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return MNL_CB_OK;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->udiag_family != AF_UNIX)
		return MNL_CB_OK;
	memset(&s, 0, sizeof(s));
	s.inode = m->udiag_ino;
	s.family = AF_UNIX;
	s.protocol = 0;
	s.state = m->udiag_state;
	s.unix_type = m->udiag_type;
	s.uid = -1;
	mnl_attr_for_each(a, nlh, sizeof(*m)) {
		uint16_t type = mnl_attr_get_type(a);
		uint16_t len = mnl_attr_get_payload_len(a);

		if (type == UNIX_DIAG_NAME)
			set_unix_name(&s, mnl_attr_get_payload(a), len);
		else if (type == UNIX_DIAG_UID && len >= sizeof(uint32_t))
			s.uid = mnl_attr_get_u32(a);
	}
	if (dp->fn(&s, dp->arg) < 0) {
		dp->stopped = true;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int sockdiag_dump_unix(struct sockdiag *d, uint32_t states, sockdiag_fn fn,
		       void *arg)
{
	struct dump dp = { fn, arg, 0, false };
	struct unix_diag_req *req;
	struct nlmsghdr *nlh;

	nlh = mnl_nlmsg_put_header(d->buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++d->seq;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = AF_UNIX;
	req->udiag_states = states;
	req->udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_UID;
	return run_dump(d, nlh, unix_cb, &dp);
}
