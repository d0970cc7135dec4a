/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sysparse: parsers for the small kernel and desktop text files the
 * hardware, device and startup tables read: the cpu lines of /proc/stat,
 * /proc/loadavg, /proc/sysvipc/shm, /proc/cpuinfo, /proc/PID/limits, the
 * KEY=value lines of sysfs uevent files and of udev's database
 * (/run/udev/data), and XDG autostart .desktop files.
 *
 * All are pure: no I/O, no allocation, no printing.  They take a pointer
 * and a length (the input need not be NUL-terminated, and a NUL byte inside
 * it is just another byte that makes a field malformed), never read past
 * len, and report what they could not parse instead of guessing.  Where an
 * error can be explained, the reason goes into the caller's err buffer
 * (NUL-terminated, cut to errsize; err may be NULL when errsize is 0).
 */
#ifndef VIGIL_SYSPARSE_H
#define VIGIL_SYSPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- */
/* /proc/stat */

/* user nice system idle iowait irq softirq steal guest guest_nice */
#define SYSPARSE_CPU_FIELDS 10

/* One per-CPU line of /proc/stat; times are in USER_HZ clock ticks. */
struct sysparse_cputime {
	int64_t core;                     /* the N of "cpuN" */
	uint64_t v[SYSPARSE_CPU_FIELDS];
	int n; /* how many of v the line gave (4 to 10); the rest are 0 */
};

/*
 * Parses one line of /proc/stat (with or without its newline).  Returns 1
 * and fills *ct for a per-CPU line "cpuN user nice system idle ...", 0 for
 * any other line (the "cpu" total, "intr", "btime" ...), and -1 for a line
 * that starts "cpu" and a digit but is malformed: a bad core number, fewer
 * than 4 times, or a time that is not a decimal number.  Fields after the
 * tenth are ignored, for kernels that may add more.
 */
int sysparse_stat_cpu(const char *s, size_t len, struct sysparse_cputime *ct,
		      char *err, size_t errsize);

/* ---------------------------------------------------------------- */
/* /proc/loadavg */

/*
 * Parses the three load averages at the start of /proc/loadavg
 * ("0.15 0.10 0.05 1/94 19408").  Each must be an unsigned decimal with at
 * most 18 digits before and after the point.  Returns 0, or -1 with err.
 */
int sysparse_loadavg(const char *s, size_t len, double avg[3], char *err,
		     size_t errsize);

/* ---------------------------------------------------------------- */
/* /proc/meminfo */

/*
 * Finds the line "key: N kB" (or "key: N" for the counts that have no
 * unit) in /proc/meminfo text and sets *bytes to N in bytes (kB is 1024
 * bytes, as in the kernel).  Returns 0, or -1 when the key is missing,
 * its value is not a decimal, the unit is not "kB", or the result
 * overflows.
 */
int sysparse_meminfo_get(const char *s, size_t len, const char *key,
			 uint64_t *bytes);

/* ---------------------------------------------------------------- */
/* /proc/sysvipc/shm */

/* One System V shared memory segment, as the kernel prints it. */
struct sysparse_shm {
	int64_t key;
	int64_t shmid;
	uint32_t perms; /* the ipc mode, with SHM_DEST (01000) and
			   SHM_LOCKED (02000) among the bits */
	uint64_t size;
	int64_t cpid;
	int64_t lpid;
	uint64_t nattch;
	uint32_t uid, gid, cuid, cgid;
	int64_t atime, dtime, ctime;
};

/*
 * Parses one line of /proc/sysvipc/shm: key shmid perms(octal) size cpid
 * lpid nattch uid gid cuid cgid atime dtime ctime, then optional rss and
 * swap.  Returns 1 for a segment, 0 for the header or a blank line, -1
 * with err for a line that is malformed.
 */
int sysparse_shm_line(const char *s, size_t len, struct sysparse_shm *out,
		      char *err, size_t errsize);

/* ---------------------------------------------------------------- */
/* KEY=value files: sysfs uevent, udev database */

/*
 * Finds the first line "<prefix>KEY=value" in s (prefix "" for a uevent
 * file, "E:" for udev's database files) and points *val at its value (not
 * terminated, *vlen bytes, the newline excluded).  Lines are separated by
 * '\n'.  Returns 0, or -1 when there is no such line.
 */
int sysparse_kv_get(const char *s, size_t len, const char *prefix,
		    const char *key, const char **val, size_t *vlen);

/* ---------------------------------------------------------------- */
/* /proc/PID/limits */

/* One resource limit, named as osquery's ulimit_info names it. */
struct sysparse_limit {
	const char *type; /* "cpu", "nofile" ... (a static string) */
	char soft[24];    /* "unlimited" or a decimal number */
	char hard[24];
};

/*
 * Parses one line of /proc/PID/limits ("Max open files  1024  4096
 * files").  Returns 1 for a limit osquery reports, 0 for the header, a
 * blank line or a limit it does not ("Max realtime timeout"), and -1 with
 * err when a known limit's values are not "unlimited" or decimal.
 */
int sysparse_limits_line(const char *s, size_t len, struct sysparse_limit *out,
			 char *err, size_t errsize);

/* ---------------------------------------------------------------- */
/* /proc/cpuinfo */

enum sysparse_cpu_have {
	SYSPARSE_CPU_PROCESSOR = 1 << 0,
	SYSPARSE_CPU_PHYSICAL_ID = 1 << 1,
	SYSPARSE_CPU_CORE_ID = 1 << 2,
	SYSPARSE_CPU_CORES = 1 << 3,
	SYSPARSE_CPU_SIBLINGS = 1 << 4,
	SYSPARSE_CPU_VENDOR = 1 << 5,
	SYSPARSE_CPU_MODEL = 1 << 6,
	SYSPARSE_CPU_MHZ = 1 << 7,
	SYSPARSE_CPU_FLAGS = 1 << 8,
};

/* The fields of one processor's block the tables use. */
struct sysparse_cpuinfo {
	unsigned have; /* which fields were found (enum sysparse_cpu_have) */
	int64_t processor;
	int64_t physical_id;
	int64_t core_id;
	int64_t cpu_cores;
	int64_t siblings;
	char vendor[64];  /* vendor_id, cut to fit */
	char model[256];  /* model name, cut to fit */
	double mhz;       /* cpu MHz */
	bool lm;          /* "lm" (64-bit long mode) among the flags */
};

/*
 * Parses the processor block at the start of s: "key : value" lines up to
 * a blank line or the end.  A field whose value does not parse is left out
 * of have.  Returns how many bytes it consumed (the block and the blank
 * lines after it), which is more than 0 whenever len is; the caller loops
 * until the input is used up and keeps the blocks with
 * SYSPARSE_CPU_PROCESSOR set.
 */
size_t sysparse_cpuinfo_block(const char *s, size_t len,
			      struct sysparse_cpuinfo *cpu);

/* ---------------------------------------------------------------- */
/* XDG autostart .desktop files */

/* What the startup_items table reads from a [Desktop Entry] group.  The
 * strings point into the parsed text and are not terminated; a key that
 * is absent has a NULL pointer. */
struct sysparse_desktop {
	const char *name; /* Name= (the unlocalised one) */
	size_t name_len;
	const char *exec; /* Exec= */
	size_t exec_len;
	bool hidden;   /* Hidden=true: the entry is deleted */
	bool disabled; /* X-GNOME-Autostart-enabled=false */
};

/*
 * Parses a desktop entry file.  Only keys of the [Desktop Entry] group
 * count; comments, other groups and localised keys (Name[de]=) are
 * skipped; a repeated key keeps its first value.  Returns 0, or -1 with err
 * when there is no [Desktop Entry] group.
 */
int sysparse_desktop(const char *s, size_t len, struct sysparse_desktop *d,
		     char *err, size_t errsize);

#endif
