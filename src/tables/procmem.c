/* SPDX-License-Identifier: Apache-2.0 */
/*
 * procmem.c: the process_envs and process_memory_map tables, from
 * /proc/PID/environ and /proc/PID/maps.
 *
 * process_envs: one row per environment variable of a process.
 *   pid         the process
 *   key, value  an environ entry split at its first '=' (entries are
 *               separated by NULs; the last need not be terminated, and
 *               empty ones are skipped).  An entry without '=' has the
 *               whole entry as key and a NULL value.  This is the
 *               environment the process was started with: the kernel
 *               does not see later setenv() calls.
 *
 * process_memory_map: one row per mapping in /proc/PID/maps.
 *   pid          the process
 *   start, end   the address range as "0x" and the kernel's hex digits
 *   permissions  r/w/x and p (private) or s (shared), "-" where not set
 *   offset       offset into the mapped file, in bytes
 *   device       the file's device, "major:minor" in hex
 *   inode        the file's inode (0 for anonymous memory)
 *   path         the rest of the line: a file path (spaces kept, " (deleted)"
 *                kept), a pseudo path such as [heap] or [stack], or ""
 *   pseudo       1 when the mapping has a name but no inode ([heap],
 *                [vdso], anonymous shared memory), else 0, as osquery has it
 *
 * Required constraints: none.  pid is an index on both: WHERE pid = N
 * reads only that process.
 *
 * Privileges: environ and maps of another user's process need root (or
 * CAP_SYS_PTRACE); without it that process has no rows.
 *
 * Examples:
 *   SELECT pid, value FROM process_envs WHERE key = 'LD_PRELOAD';
 *   SELECT DISTINCT pid, path FROM process_memory_map
 *   WHERE path LIKE '%(deleted)' OR permissions LIKE '%wx%';
 *
 * How it works: environ is read whole (it is bounded by the kernel's
 * argument limit; past ENVIRON_CAP the cut last entry is dropped) and
 * walked with netproc_environ_next().  maps is read line by line with
 * procfd_lines(), so a process with a million mappings costs no more
 * memory than one with ten, and each line parsed by netproc_parse_map();
 * a line that does not parse is skipped.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sql/table.h"
#include "tables/netproc.h"
#include "tables/procfd.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* ---- process_envs ------------------------------------------------------- */

enum envs_col {
	EV_PID,
	EV_KEY,
	EV_VALUE,
	EV_NCOLS
};

static const struct column envs_cols[] = {
	{ "pid", COL_INTEGER, COL_INDEX | COL_OPTIMIZED,
	  "Process (or thread group) ID." },
	{ "key", COL_TEXT, 0, "Name of the environment variable." },
	{ "value", COL_TEXT, 0, "Value of the environment variable." },
};

_Static_assert(TABLE_NCOLS(envs_cols) == EV_NCOLS,
	       "process_envs: column array and enum disagree");

/* More than exec accepts with the default 8 MiB stack limit. */
#define ENVIRON_CAP (16u << 20)

static int envs_pid(struct qctx *q, long pid, struct buf *b)
{
	struct netproc_env e;
	char path[64];
	bool truncated;
	size_t pos = 0;

	snprintf(path, sizeof(path), "/proc/%ld/environ", pid);
	buf_reset(b);
	if (hostfs_read_file(path, ENVIRON_CAP, 0, b, &truncated) < 0)
		return 0; /* gone, or not ours to read: no rows */
	while (netproc_environ_next(b->data, b->len, &pos, &e) == 1) {
		/* Past the cap, the entry running to the end was cut. */
		if (truncated && e.value + e.value_len == b->data + b->len)
			break;
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_int(q, EV_PID, pid);
		qctx_set_textn(q, EV_KEY, e.key, e.key_len);
		if (e.has_value)
			qctx_set_textn(q, EV_VALUE, e.value, e.value_len);
	}
	return 0;
}

static int envs_generate(struct qctx *q)
{
	struct buf pids = BUF_INIT(PROCFD_MAX_PIDS * sizeof(long));
	struct buf b = BUF_INIT(ENVIRON_CAP);
	const long *p;
	size_t i, n;
	bool listed;
	int rc = -1;

	if (procfd_pids(q, EV_PID, false, "process_envs",
			&pids, &n, &listed) < 0)
		goto out;
	p = (const long *)(void *)pids.data;
	for (i = 0; i < n; i++)
		if (envs_pid(q, p[i], &b) < 0)
			goto out;
	rc = 0;
out:
	buf_release(&pids);
	buf_release(&b);
	return rc;
}

static const struct table process_envs_table = {
	.name = "process_envs",
	.desc = "Environment variables each process was started with.",
	.cols = envs_cols,
	.ncols = EV_NCOLS,
	.generate = envs_generate,
};

TABLE_REGISTER(process_envs_table);

/* ---- process_memory_map ------------------------------------------------- */

enum map_col {
	MM_PID,
	MM_START,
	MM_END,
	MM_PERMISSIONS,
	MM_OFFSET,
	MM_DEVICE,
	MM_INODE,
	MM_PATH,
	MM_PSEUDO,
	MM_NCOLS
};

static const struct column map_cols[] = {
	{ "pid", COL_INTEGER, COL_INDEX | COL_OPTIMIZED,
	  "Process (or thread group) ID." },
	{ "start", COL_TEXT, 0, "Start address of the mapping, in hex." },
	{ "end", COL_TEXT, 0, "End address of the mapping (exclusive), in hex." },
	{ "permissions", COL_TEXT, 0,
	  "r, w, x and p (private) or s (shared), '-' where not set." },
	{ "offset", COL_BIGINT, 0, "Offset into the mapped file, in bytes." },
	{ "device", COL_TEXT, 0, "Device of the mapped file, major:minor in hex." },
	{ "inode", COL_INTEGER, 0, "Inode of the mapped file, 0 if none." },
	{ "path", COL_TEXT, 0,
	  "Path of the mapped file, or a pseudo path such as [heap]." },
	{ "pseudo", COL_INTEGER, 0,
	  "1 when the mapping is named but backed by no file, else 0." },
};

_Static_assert(TABLE_NCOLS(map_cols) == MM_NCOLS,
	       "process_memory_map: column array and enum disagree");

struct map_scan {
	struct qctx *q;
	long pid;
};

/* Sets col to "0x" and the hex text. */
static void set_hex(struct qctx *q, int col, const char *p, size_t n)
{
	char text[24];

	if (n > sizeof(text) - 3)
		return; /* netproc_parse_map allows 16 digits at most */
	text[0] = '0';
	text[1] = 'x';
	memcpy(text + 2, p, n);
	qctx_set_textn(q, col, text, n + 2);
}

static int map_line(void *arg, const char *line, size_t len)
{
	struct map_scan *ms = arg;
	struct qctx *q = ms->q;
	struct netproc_map m;
	char err[64];

	if (netproc_parse_map(line, len, &m, err, sizeof(err)) < 0)
		return 0; /* skipped */
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, MM_PID, ms->pid);
	set_hex(q, MM_START, m.start, m.start_len);
	set_hex(q, MM_END, m.end, m.end_len);
	qctx_set_textn(q, MM_PERMISSIONS, m.perms, m.perms_len);
	if (m.offset <= INT64_MAX)
		qctx_set_int(q, MM_OFFSET, (int64_t)m.offset);
	qctx_set_textn(q, MM_DEVICE, m.device, m.device_len);
	if (m.inode <= INT64_MAX)
		qctx_set_int(q, MM_INODE, (int64_t)m.inode);
	qctx_set_textn(q, MM_PATH, m.path, m.path_len);
	qctx_set_int(q, MM_PSEUDO, m.inode == 0 && m.path_len > 0);
	return 0;
}

static int map_generate(struct qctx *q)
{
	struct buf pids = BUF_INIT(PROCFD_MAX_PIDS * sizeof(long));
	struct map_scan ms = { q, 0 };
	char path[64];
	const long *p;
	size_t i, n;
	bool listed;
	int rc = -1;

	if (procfd_pids(q, MM_PID, false, "process_memory_map", &pids, &n,
			&listed) < 0)
		goto out;
	p = (const long *)(void *)pids.data;
	for (i = 0; i < n; i++) {
		ms.pid = p[i];
		snprintf(path, sizeof(path), "/proc/%ld/maps", p[i]);
		if (procfd_lines(path, map_line, &ms) < 0 &&
		    errno == ECANCELED)
			goto out; /* the row could not be added */
	}
	rc = 0;
out:
	buf_release(&pids);
	return rc;
}

static const struct table process_memory_map_table = {
	.name = "process_memory_map",
	.desc = "Memory mappings of each process, from /proc/PID/maps.",
	.cols = map_cols,
	.ncols = MM_NCOLS,
	.generate = map_generate,
};

TABLE_REGISTER(process_memory_map_table);
