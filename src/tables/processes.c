/* SPDX-License-Identifier: Apache-2.0 */
/*
 * processes.c: the processes table, one row per process in /proc.
 *
 * Columns and their sources (all under /proc/PID/):
 *   pid                the directory name
 *   name, state        stat: comm (between the first '(' and the last ')')
 *                      and the state letter
 *   path, on_disk      readlink exe; a trailing " (deleted)" is cut off and
 *                      gives on_disk 0, otherwise on_disk is 1 when the
 *                      path exists beneath the root and 0 when it does not;
 *                      an unreadable exe (kernel threads, other users'
 *                      processes without privilege) gives path "" and
 *                      on_disk -1, as osquery does
 *   cmdline            cmdline, NULs turned into spaces ("" for kernel
 *                      threads; NULL when the file cannot be read)
 *   cwd, root          readlink cwd and root ("" when unreadable)
 *   uid gid euid egid suid sgid
 *                      status: the Uid: and Gid: lines (real, effective,
 *                      saved)
 *   wired_size, resident_size, total_size
 *                      status: VmLck, VmRSS, VmSize, in bytes (NULL for
 *                      kernel threads, which have no memory of their own)
 *   user_time, system_time
 *                      stat: utime and stime, in milliseconds
 *   disk_bytes_read, disk_bytes_written
 *                      io: read_bytes and write_bytes (NULL when io is
 *                      unreadable, as it is for other users' processes
 *                      without CAP_SYS_PTRACE)
 *   start_time         btime of /proc/stat plus stat's starttime, in
 *                      seconds since the epoch
 *   parent, pgroup, threads, nice
 *                      stat: ppid, pgrp, num_threads, nice
 *   cgroup_path        cgroup: the path of the cgroup v2 ("0::") line
 *                      (NULL on a host with only cgroup v1)
 *
 * Required constraints: none.  pid is an index: WHERE pid = N and
 * pid IN (...) read only those processes.
 *
 * Privileges: none for most columns.  Without root (or CAP_SYS_PTRACE),
 * path, cwd, root and the disk_bytes columns are empty or NULL for other
 * users' processes.
 *
 * Example:
 *   SELECT pid, name, path, cmdline FROM processes
 *   WHERE on_disk = 0 AND path != '';
 *
 * How it works: the generator works out from qctx_used() which files the
 * query needs, then reads only those for each pid, one at a time, into one
 * reused buffer, parsing each with procfs.c.  SELECT pid, name, uid costs
 * two small reads a process (stat and status), as ps does.  A process that
 * is gone by the time its first file is read is skipped; a file that
 * cannot be read or parsed leaves its columns NULL.  Pids come out in
 * ascending order, whatever order the directory lists them in.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sql/table.h"
#include "tables/procfd.h"
#include "tables/procfs.h"
#include "util/buf.h"
#include "util/hostfs.h"

enum proc_col {
	PC_PID,
	PC_NAME,
	PC_PATH,
	PC_CMDLINE,
	PC_STATE,
	PC_CWD,
	PC_ROOT,
	PC_UID,
	PC_GID,
	PC_EUID,
	PC_EGID,
	PC_SUID,
	PC_SGID,
	PC_ON_DISK,
	PC_WIRED_SIZE,
	PC_RESIDENT_SIZE,
	PC_TOTAL_SIZE,
	PC_USER_TIME,
	PC_SYSTEM_TIME,
	PC_DISK_BYTES_READ,
	PC_DISK_BYTES_WRITTEN,
	PC_START_TIME,
	PC_PARENT,
	PC_PGROUP,
	PC_THREADS,
	PC_NICE,
	PC_CGROUP_PATH,
	PC_NCOLS
};

static const struct column processes_cols[] = {
	{ "pid", COL_BIGINT, COL_INDEX | COL_OPTIMIZED,
	  "Process (or thread group) ID." },
	{ "name", COL_TEXT, 0,
	  "The process name (comm), as the process set it." },
	{ "path", COL_TEXT, 0,
	  "Path of the executable, or empty when it cannot be read." },
	{ "cmdline", COL_TEXT, 0,
	  "Complete argument string, arguments separated by spaces." },
	{ "state", COL_TEXT, 0,
	  "Process state letter (R, S, D, Z, T, I ...)." },
	{ "cwd", COL_TEXT, 0, "Current working directory of the process." },
	{ "root", COL_TEXT, 0, "Root directory of the process." },
	{ "uid", COL_BIGINT, 0, "Real user ID of the process." },
	{ "gid", COL_BIGINT, 0, "Real group ID of the process." },
	{ "euid", COL_BIGINT, 0, "Effective user ID of the process." },
	{ "egid", COL_BIGINT, 0, "Effective group ID of the process." },
	{ "suid", COL_BIGINT, 0, "Saved user ID of the process." },
	{ "sgid", COL_BIGINT, 0, "Saved group ID of the process." },
	{ "on_disk", COL_INTEGER, 0,
	  "1 when the executable exists on disk, 0 when it does not, -1 when "
	  "unknown." },
	{ "wired_size", COL_BIGINT, 0, "Bytes of locked (unswappable) memory." },
	{ "resident_size", COL_BIGINT, 0, "Bytes of resident memory." },
	{ "total_size", COL_BIGINT, 0, "Bytes of virtual memory." },
	{ "user_time", COL_BIGINT, 0,
	  "CPU time spent in user mode, in milliseconds." },
	{ "system_time", COL_BIGINT, 0,
	  "CPU time spent in kernel mode, in milliseconds." },
	{ "disk_bytes_read", COL_BIGINT, 0,
	  "Bytes the process caused to be read from storage." },
	{ "disk_bytes_written", COL_BIGINT, 0,
	  "Bytes the process caused to be written to storage." },
	{ "start_time", COL_BIGINT, 0,
	  "Process start time in seconds since the epoch." },
	{ "parent", COL_BIGINT, 0, "Parent process ID." },
	{ "pgroup", COL_BIGINT, 0, "Process group ID." },
	{ "threads", COL_INTEGER, 0, "Number of threads in the process." },
	{ "nice", COL_INTEGER, 0, "Nice value (-20 to 19)." },
	{ "cgroup_path", COL_TEXT, 0,
	  "Path of the process's cgroup v2 control group." },
};

_Static_assert(TABLE_NCOLS(processes_cols) == PC_NCOLS,
	       "processes: column array and enum disagree");

/* The files a query needs, worked out once per scan from the columns. */
enum need {
	NEED_STAT = 1 << 0,
	NEED_STATUS = 1 << 1,
	NEED_CMDLINE = 1 << 2,
	NEED_EXE = 1 << 3,
	NEED_ON_DISK = 1 << 4,
	NEED_CWD = 1 << 5,
	NEED_ROOT = 1 << 6,
	NEED_IO = 1 << 7,
	NEED_CGROUP = 1 << 8,
	NEED_BTIME = 1 << 9,
};

/* What one column needs read, indexed by enum proc_col. */
static const unsigned col_needs[PC_NCOLS] = {
	[PC_NAME] = NEED_STAT,
	[PC_PATH] = NEED_EXE,
	[PC_CMDLINE] = NEED_CMDLINE,
	[PC_STATE] = NEED_STAT,
	[PC_CWD] = NEED_CWD,
	[PC_ROOT] = NEED_ROOT,
	[PC_UID] = NEED_STATUS,
	[PC_GID] = NEED_STATUS,
	[PC_EUID] = NEED_STATUS,
	[PC_EGID] = NEED_STATUS,
	[PC_SUID] = NEED_STATUS,
	[PC_SGID] = NEED_STATUS,
	[PC_ON_DISK] = NEED_EXE | NEED_ON_DISK,
	[PC_WIRED_SIZE] = NEED_STATUS,
	[PC_RESIDENT_SIZE] = NEED_STATUS,
	[PC_TOTAL_SIZE] = NEED_STATUS,
	[PC_USER_TIME] = NEED_STAT,
	[PC_SYSTEM_TIME] = NEED_STAT,
	[PC_DISK_BYTES_READ] = NEED_IO,
	[PC_DISK_BYTES_WRITTEN] = NEED_IO,
	[PC_START_TIME] = NEED_STAT | NEED_BTIME,
	[PC_PARENT] = NEED_STAT,
	[PC_PGROUP] = NEED_STAT,
	[PC_THREADS] = NEED_STAT,
	[PC_NICE] = NEED_STAT,
	[PC_CGROUP_PATH] = NEED_CGROUP,
};

/*
 * Caps on what is read of each file; a live process's are far smaller,
 * and the buffer only grows as far as a file needs.  status can pass 64 KiB:
 * its Groups line lists up to 65536 groups, before the Vm lines.
 */
#define SMALL_CAP (1u << 20)    /* stat, status, io, cgroup */
#define CMDLINE_CAP (4u << 20)  /* argv and environment share 1/4 stack */
#define PROC_STAT_CAP (8u << 20) /* /proc/stat, for btime */

/* The state of one scan.  buf is reused for every file read. */
struct scan {
	struct qctx *q;
	unsigned need;
	long tck;           /* clock ticks a second */
	bool have_btime;
	int64_t btime;
	struct buf b;
};

/*
 * Reads /proc/PID/FILE into s->b (emptied first).  Returns 0, or -1 with
 * errno set.
 */
static int read_pid_file(struct scan *s, long pid, const char *file,
			 size_t cap)
{
	char path[64];
	int n;

	n = snprintf(path, sizeof(path), "/proc/%ld/%s", pid, file);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	buf_reset(&s->b);
	return hostfs_read_file(path, cap, 0, &s->b, NULL);
}

/* Reads a link under /proc/PID into dst.  Returns its length or -1. */
static long read_pid_link(long pid, const char *file, char *dst, size_t size)
{
	char path[64];
	int n;

	n = snprintf(path, sizeof(path), "/proc/%ld/%s", pid, file);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return hostfs_readlink(path, dst, size);
}

static bool vanished(int err)
{
	return err == ENOENT || err == ESRCH;
}

/*
 * Finds the boot time; start_time stays NULL without it.  /proc/stat can be
 * long (its intr line has a count for every interrupt), and a join or an
 * IN (...) calls the generator once a value, so the answer is kept for as
 * long as the root stays the same.
 */
static void load_btime(struct scan *s)
{
	static _Thread_local char cached_root[PATH_MAX];
	static _Thread_local int64_t cached_btime;
	const char *root = hostfs_root();
	size_t n = strlen(root);

	if (cached_root[0] && strcmp(cached_root, root) == 0) {
		s->btime = cached_btime;
		s->have_btime = true;
		return;
	}
	buf_reset(&s->b);
	if (hostfs_read_file("/proc/stat", PROC_STAT_CAP, 0, &s->b, NULL) < 0)
		return;
	if (procfs_parse_btime(s->b.data, s->b.len, &s->btime) < 0)
		return;
	s->have_btime = true;
	if (n < sizeof(cached_root)) {
		memcpy(cached_root, root, n + 1);
		cached_btime = s->btime;
	}
}

/* Sets col to kb kilobytes in bytes, or leaves it NULL on overflow. */
static void set_kb(struct qctx *q, int col, uint64_t kb)
{
	if (kb <= (uint64_t)INT64_MAX / 1024)
		qctx_set_int(q, col, (int64_t)(kb * 1024));
}

/* Sets col to ticks in milliseconds, or leaves it NULL on overflow. */
static void set_ticks_ms(struct scan *s, int col, uint64_t ticks)
{
	uint64_t ms;

	if (ticks > (uint64_t)INT64_MAX / 1000)
		return;
	ms = ticks * 1000 / (uint64_t)s->tck;
	qctx_set_int(s->q, col, (int64_t)ms);
}

static void set_stat(struct scan *s, const struct procfs_stat *st)
{
	struct qctx *q = s->q;
	char state[2] = { st->state, '\0' };
	uint64_t secs;

	qctx_set_textn(q, PC_NAME, st->comm, st->comm_len);
	qctx_set_text(q, PC_STATE, state);
	set_ticks_ms(s, PC_USER_TIME, st->utime);
	set_ticks_ms(s, PC_SYSTEM_TIME, st->stime);
	if (s->have_btime) {
		secs = st->starttime / (uint64_t)s->tck;
		if (secs <= (uint64_t)(INT64_MAX - s->btime))
			qctx_set_int(q, PC_START_TIME,
				     s->btime + (int64_t)secs);
	}
	qctx_set_int(q, PC_PARENT, st->ppid);
	qctx_set_int(q, PC_PGROUP, st->pgrp);
	qctx_set_int(q, PC_THREADS, st->num_threads);
	qctx_set_int(q, PC_NICE, st->nice);
}

static void set_status(struct qctx *q, const struct procfs_status *st)
{
	if (st->have & PROCFS_ST_UID) {
		qctx_set_int(q, PC_UID, st->uid[0]);
		qctx_set_int(q, PC_EUID, st->uid[1]);
		qctx_set_int(q, PC_SUID, st->uid[2]);
	}
	if (st->have & PROCFS_ST_GID) {
		qctx_set_int(q, PC_GID, st->gid[0]);
		qctx_set_int(q, PC_EGID, st->gid[1]);
		qctx_set_int(q, PC_SGID, st->gid[2]);
	}
	if (st->have & PROCFS_ST_VMLCK)
		set_kb(q, PC_WIRED_SIZE, st->vm_lck);
	if (st->have & PROCFS_ST_VMRSS)
		set_kb(q, PC_RESIDENT_SIZE, st->vm_rss);
	if (st->have & PROCFS_ST_VMSIZE)
		set_kb(q, PC_TOTAL_SIZE, st->vm_size);
}

/* path and on_disk, from the exe link. */
static void set_exe(struct scan *s, long pid)
{
	static const char deleted[] = " (deleted)";
	const size_t dlen = sizeof(deleted) - 1;
	char path[PATH_MAX];
	struct stat sb;
	long n;
	int on_disk;

	n = read_pid_link(pid, "exe", path, sizeof(path));
	if (n < 0) {
		qctx_set_text(s->q, PC_PATH, "");
		qctx_set_int(s->q, PC_ON_DISK, -1);
		return;
	}
	if ((size_t)n > dlen && memcmp(path + n - dlen, deleted, dlen) == 0) {
		n -= (long)dlen;
		path[n] = '\0';
		on_disk = 0;
	} else if (s->need & NEED_ON_DISK) {
		on_disk = hostfs_stat(path, &sb) == 0 ? 1 : 0;
	} else {
		on_disk = -1; /* not asked for */
	}
	qctx_set_textn(s->q, PC_PATH, path, (size_t)n);
	if (s->need & NEED_ON_DISK)
		qctx_set_int(s->q, PC_ON_DISK, on_disk);
}

/* cwd or root: the link's target, or "" when it cannot be read. */
static void set_link(struct qctx *q, int col, long pid, const char *file)
{
	char path[PATH_MAX];
	long n;

	n = read_pid_link(pid, file, path, sizeof(path));
	qctx_set_textn(q, col, path, n < 0 ? 0 : (size_t)n);
}

/* The columns read after the row has started; each failure is a NULL. */
static void set_others(struct scan *s, long pid)
{
	struct qctx *q = s->q;
	struct procfs_io io;
	const char *cg;
	size_t n;

	if ((s->need & NEED_CMDLINE) &&
	    read_pid_file(s, pid, "cmdline", CMDLINE_CAP) == 0) {
		n = procfs_cmdline_join(s->b.data, s->b.len);
		qctx_set_textn(q, PC_CMDLINE, s->b.data, n);
	}
	if (s->need & NEED_EXE)
		set_exe(s, pid);
	if (s->need & NEED_CWD)
		set_link(q, PC_CWD, pid, "cwd");
	if (s->need & NEED_ROOT)
		set_link(q, PC_ROOT, pid, "root");
	if ((s->need & NEED_IO) &&
	    read_pid_file(s, pid, "io", SMALL_CAP) == 0 &&
	    procfs_parse_io(s->b.data, s->b.len, &io) == 0) {
		if (io.have & PROCFS_IO_READ && io.read_bytes <= INT64_MAX)
			qctx_set_int(q, PC_DISK_BYTES_READ,
				     (int64_t)io.read_bytes);
		if (io.have & PROCFS_IO_WRITE && io.write_bytes <= INT64_MAX)
			qctx_set_int(q, PC_DISK_BYTES_WRITTEN,
				     (int64_t)io.write_bytes);
	}
	if ((s->need & NEED_CGROUP) &&
	    read_pid_file(s, pid, "cgroup", SMALL_CAP) == 0 &&
	    procfs_cgroup_v2(s->b.data, s->b.len, &cg, &n) == 0)
		qctx_set_textn(q, PC_CGROUP_PATH, cg, n);
}

/*
 * Emits the row of one pid.  checked says the pid came from listing /proc,
 * so it existed a moment ago; a pid from a constraint is checked here.
 * Returns 0 (also when the process is gone), or -1 when the row could not
 * be added.
 */
static int emit_pid(struct scan *s, long pid, bool checked)
{
	struct procfs_stat st;
	struct procfs_status ss;
	bool stat_ok = false, status_ok = false;
	char dir[32];
	struct stat sb;

	if (s->need & NEED_STAT) {
		if (read_pid_file(s, pid, "stat", SMALL_CAP) < 0) {
			if (vanished(errno))
				return 0;
		} else {
			stat_ok = procfs_parse_stat(s->b.data, s->b.len,
						    &st) == 0;
		}
		checked = true;
	}
	if (s->need & NEED_STATUS) {
		if (read_pid_file(s, pid, "status", SMALL_CAP) < 0) {
			if (vanished(errno))
				return 0;
		} else {
			status_ok = procfs_parse_status(s->b.data, s->b.len,
							&ss) == 0;
		}
		checked = true;
	}
	if (!checked) {
		snprintf(dir, sizeof(dir), "/proc/%ld", pid);
		if (hostfs_stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode))
			return 0;
	}

	if (qctx_row(s->q) < 0)
		return -1;
	qctx_set_int(s->q, PC_PID, pid);
	if (stat_ok)
		set_stat(s, &st);
	if (status_ok)
		set_status(s->q, &ss);
	set_others(s, pid);
	return 0;
}

static int processes_generate(struct qctx *q)
{
	struct scan s;
	struct buf list = BUF_INIT(PROCFD_MAX_PIDS * sizeof(long));
	bool listed;
	size_t i, n;
	long *pids;
	int c, rc = -1;

	memset(&s, 0, sizeof(s));
	s.q = q;
	buf_init(&s.b, PROC_STAT_CAP);
	for (c = 0; c < PC_NCOLS; c++)
		if (qctx_used(q, c))
			s.need |= col_needs[c];
	s.tck = sysconf(_SC_CLK_TCK);
	if (s.tck <= 0)
		s.tck = 100;
	if (s.need & NEED_BTIME)
		load_btime(&s);

	if (procfd_pids(q, PC_PID, false, "processes", &list, &n, &listed) < 0)
		goto out;
	pids = (long *)(void *)list.data;
	for (i = 0; i < n; i++)
		if (emit_pid(&s, pids[i], listed) < 0)
			goto out;
	rc = 0;
out:
	buf_release(&list);
	buf_release(&s.b);
	return rc;
}

static const struct table processes_table = {
	.name = "processes",
	.desc = "Processes running on the host, from /proc.",
	.cols = processes_cols,
	.ncols = PC_NCOLS,
	.generate = processes_generate,
};

TABLE_REGISTER(processes_table);
