/* SPDX-License-Identifier: Apache-2.0 */
/*
 * procfs: parsers for the per-process files of /proc.
 *
 * These are pure functions over bytes already read: they do no I/O, never
 * print, and never trust their input.  A process chooses its own comm and
 * can rewrite its command line, and a fixture or mounted image can hold
 * anything at all, so every parser bounds each field, accepts input that
 * is cut short, and reports what it could not find rather than guessing.
 *
 * The input need not be NUL-terminated: each parser takes a length.
 */
#ifndef VIGIL_PROCFS_H
#define VIGIL_PROCFS_H

#include <stddef.h>
#include <stdint.h>

/* Longest comm kept.  The kernel's limit is 64 bytes (kernel threads). */
#define PROCFS_COMM_MAX 128

/*
 * The fields of /proc/PID/stat the tables use.  Times are in clock ticks
 * (sysconf(_SC_CLK_TCK)); starttime counts from boot; vsize is in bytes
 * and rss in pages.
 */
struct procfs_stat {
	int64_t pid;
	char comm[PROCFS_COMM_MAX]; /* NUL-terminated */
	size_t comm_len;            /* strlen(comm) */
	char state;                 /* 'R', 'S', 'D', 'Z', 'T', 'I' ... */
	int64_t ppid;
	int64_t pgrp;
	uint64_t utime;
	uint64_t stime;
	int64_t nice;
	int64_t num_threads;
	uint64_t starttime;
	uint64_t vsize;
	int64_t rss;
};

/*
 * Parses one /proc/PID/stat line.  The comm is everything between the
 * first '(' and the LAST ')', because a process may name itself "a) R 1 1".
 * A comm holding a NUL byte or longer than PROCFS_COMM_MAX-1 is malformed.
 * Every field up to rss must be present and numeric; anything after rss
 * is ignored.  Returns 0, or -1 when the line is malformed or cut short
 * (the contents of *st are then unspecified).
 */
int procfs_parse_stat(const char *s, size_t len, struct procfs_stat *st);

/* Which fields procfs_parse_status found (struct procfs_status.have). */
enum procfs_status_have {
	PROCFS_ST_NAME = 1 << 0,
	PROCFS_ST_UID = 1 << 1,
	PROCFS_ST_GID = 1 << 2,
	PROCFS_ST_VMRSS = 1 << 3,
	PROCFS_ST_VMSIZE = 1 << 4,
	PROCFS_ST_VMLCK = 1 << 5,
	PROCFS_ST_THREADS = 1 << 6,
	PROCFS_ST_PPID = 1 << 7,
};

/*
 * The fields of /proc/PID/status the tables use.  uid[] and gid[] hold the
 * real, effective and saved ids in that order; vm_* are in kB, as the file
 * gives them.  Only the fields whose bit is set in have are meaningful.
 */
struct procfs_status {
	unsigned have;
	char name[PROCFS_COMM_MAX]; /* as escaped by the kernel */
	int64_t uid[3];
	int64_t gid[3];
	int64_t ppid;
	int64_t threads;
	uint64_t vm_rss;
	uint64_t vm_size;
	uint64_t vm_lck;
};

/*
 * Parses /proc/PID/status text.  Lines it does not know are skipped, and a
 * known line whose value does not parse is left out of have.  Kernel
 * threads have no Vm* lines.  Returns 0, or -1 when no known field at all
 * was found (empty or garbage input).
 */
int procfs_parse_status(const char *s, size_t len, struct procfs_status *st);

/* Which fields procfs_parse_io found. */
enum procfs_io_have {
	PROCFS_IO_READ = 1 << 0,
	PROCFS_IO_WRITE = 1 << 1,
};

/* read_bytes and write_bytes of /proc/PID/io: bytes that reached storage. */
struct procfs_io {
	unsigned have;
	uint64_t read_bytes;
	uint64_t write_bytes;
};

/* Parses /proc/PID/io text.  Returns 0, or -1 when neither field is there. */
int procfs_parse_io(const char *s, size_t len, struct procfs_io *io);

/*
 * Finds the cgroup v2 path in /proc/PID/cgroup text: the rest of the line
 * that starts "0::".  On success *path points into s (not terminated) and
 * *plen is its length.  Returns 0, or -1 when there is no such line (a
 * host with only cgroup v1).
 */
int procfs_cgroup_v2(const char *s, size_t len, const char **path,
		     size_t *plen);

/*
 * Turns the raw bytes of /proc/PID/cmdline into one line, in place: the
 * trailing NULs are dropped and every other NUL becomes a space.  Returns
 * the new length (0 for a kernel thread's empty file).
 */
size_t procfs_cmdline_join(char *s, size_t len);

/*
 * Finds "btime N" (boot time, seconds since the epoch) in /proc/stat text.
 * Returns 0 and sets *btime, or -1 when it is missing or malformed.
 */
int procfs_parse_btime(const char *s, size_t len, int64_t *btime);

#endif
