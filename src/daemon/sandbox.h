/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sandbox: the worker's self-imposed limits (no_new_privs and a seccomp
 * filter), installed before the worker opens anything it reads for the
 * schedule.
 *
 * The filter allows by default and refuses a fixed list of system calls
 * vigil never makes: running programs, tracing or reading other
 * processes' memory, mounting, loading modules or kernels, accepting
 * connections, BPF, perf, keyrings, swap, reboot, namespaces.  Refused
 * calls fail with EPERM, except execve and execveat, which kill the whole
 * process: vigil never runs another program, so an attempt can only come
 * from code that took control of the worker, and such code should not get
 * a chance to try something else after an error return.  A default-allow
 * list keeps every table working (sock_diag and rtnetlink need
 * socket(AF_NETLINK), sendto and recvmsg) without a list of every call
 * glibc, SQLite and the sanitizers make.
 */
#ifndef VIGIL_SANDBOX_H
#define VIGIL_SANDBOX_H

#include <stddef.h>

/*
 * Sets no_new_privs and loads the filter into the calling process (every
 * thread it starts later inherits it).  Returns 0, or -1 with the reason
 * in err; on failure no_new_privs may already be set.
 */
int sandbox_apply(char *err, size_t errsize);

#endif
