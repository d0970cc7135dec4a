/* SPDX-License-Identifier: Apache-2.0 */
/*
 * procfd: what the per-process tables (process_open_files,
 * process_open_pipes, process_open_sockets, listening_ports, process_envs,
 * process_memory_map, process_namespaces) share: the list of pids a scan
 * visits, a walk over one process's descriptors, and a line reader for
 * /proc files of any length.
 *
 * Everything reads through hostfs.  The descriptor walk opens
 * /proc/PID/fd once through hostfs and reads each link with readlinkat()
 * relative to it, which is what keeps a walk over every process about as
 * cheap as ss -p.
 */
#ifndef VIGIL_PROCFD_H
#define VIGIL_PROCFD_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct qctx;

/* Most pids a scan holds (PID_MAX_LIMIT). */
#define PROCFD_MAX_PIDS (4u << 20)

/*
 * Fills list with the pids to visit, as an array of long, sorted and
 * without repeats; *n is how many.  When col is a column whose = values
 * reach the generator and every value is a pid, those are the pids
 * (*listed false: they may not exist); otherwise every numeric entry of
 * /proc (*listed true).  col -1 always lists.  A whole number no process
 * has (0, -1) is dropped from the values, so `pid = -1` reads nothing,
 * unless the table has rows of its own with such a pid: with orphans
 * (process_open_sockets, whose sockets no process holds have pid -1, and
 * only a scan of every process finds them) it makes the scan list every
 * process.  A root without /proc has no pids.  Returns 0, or -1 after
 * qctx_error() naming table.  Every table of processes finds its pids
 * here: processes, process_security and the per-process tables of
 * procfd.c, procmem.c and sockets.c.
 */
int procfd_pids(struct qctx *q, int col, bool orphans, const char *table,
		struct buf *list, size_t *n, bool *listed);

/* One descriptor of a process, as procfd_walk passes it. */
struct procfd_link {
	long fd;
	int dirfd;        /* the opened /proc/PID/fd, for *at() calls */
	const char *name; /* the descriptor's name in dirfd */
	const char *link; /* the link's target, NUL-terminated */
	size_t len;       /* strlen(link) */
};

/*
 * Calls fn for each descriptor of pid, in ascending fd order.  A process
 * that is gone, or whose descriptors cannot be read (another user's,
 * without privilege), has none; a descriptor closed mid-walk is skipped.
 * scratch is a buffer the caller owns and may reuse between calls.
 * Returns 0, or -1 when fn returned -1 (the walk stops there) or memory
 * ran out (errno set).
 */
int procfd_walk(long pid, struct buf *scratch,
		int (*fn)(void *arg, long pid, const struct procfd_link *l),
		void *arg);

/* Longest line procfd_lines passes on; longer ones are skipped. */
#define PROCFD_LINE_MAX 65536

/*
 * Reads the host file path line by line and calls fn with each line,
 * without its newline, however long the file.  A line longer than
 * PROCFD_LINE_MAX is skipped, and so is a last line without a newline:
 * /proc ends every line, so such a line was cut short.  Returns 0, or -1
 * with errno set when the file cannot be opened or read, or when fn
 * returned -1 (errno ECANCELED).
 */
int procfd_lines(const char *path,
		 int (*fn)(void *arg, const char *line, size_t len), void *arg);

/* Parses a pid: all digits, 1 to INT_MAX.  Returns it or -1. */
long procfd_parse_pid(const char *s);

#endif
