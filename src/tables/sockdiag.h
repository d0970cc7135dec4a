/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sockdiag: lists sockets through the kernel's sock_diag netlink interface
 * (NETLINK_SOCK_DIAG), the way ss(8) does, with libmnl.
 *
 * A dump costs one request and a few reads, and the kernel filters by
 * state before it answers: asking for TCP LISTEN sockets alone walks only
 * the listening hash, where /proc/net/tcp walks every bucket of the
 * established hash too.  That is why the socket tables use this on the
 * live host and read /proc/net only when it fails.
 *
 * Limits: sock_diag answers for the caller's network namespace only, as
 * /proc/net does; sockets of processes in other namespaces are not seen.
 * A protocol whose diag module the kernel lacks (raw sockets need
 * CONFIG_INET_RAW_DIAG) fails with ENOENT or EOPNOTSUPP, and the caller
 * falls back to /proc/net for that one.  Opening the netlink socket needs
 * no privilege; it never listens and is closed by sockdiag_close.
 */
#ifndef VIGIL_SOCKDIAG_H
#define VIGIL_SOCKDIAG_H

#include <stdint.h>

#include "tables/netproc.h"

struct sockdiag;

/*
 * Called once per socket.  The record is valid during the call only.
 * Returns 0 to go on, or -1 to stop the dump (sockdiag_dump_* then
 * returns -1 with errno ECANCELED).
 */
typedef int (*sockdiag_fn)(const struct netproc_sock *s, void *arg);

/* Bit of a state in a states mask (enum netproc_state). */
#define SOCKDIAG_STATE(st) (1u << (st))
/* Every state the kernel reports (TCP_NEW_SYN_RECV is left out). */
#define SOCKDIAG_ALL_STATES 0xfffu

/*
 * Opens a netlink socket.  Returns a handle the caller frees with
 * sockdiag_close, or NULL with errno set.
 */
struct sockdiag *sockdiag_open(void);

/* Closes the socket and frees the handle; NULL does nothing. */
void sockdiag_close(struct sockdiag *d);

/*
 * Dumps the AF_INET or AF_INET6 sockets of protocol (IPPROTO_TCP,
 * IPPROTO_UDP, IPPROTO_RAW ...) whose state is in states, calling fn for
 * each.  Returns 0, or -1 with errno set (ENOENT or EOPNOTSUPP: the kernel
 * cannot dump this protocol).  After a failure part of the sockets may
 * already have been passed to fn.
 */
int sockdiag_dump_inet(struct sockdiag *d, int family, int protocol,
		       uint32_t states, sockdiag_fn fn, void *arg);

/* The same for AF_UNIX sockets, with their bound names and owners. */
int sockdiag_dump_unix(struct sockdiag *d, uint32_t states, sockdiag_fn fn,
		       void *arg);

#endif
