/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hardware.c: the machine's processors, memory, load, firmware, resource
 * limits and System V shared memory: cpu_info, memory_info, load_average,
 * cpu_time, platform_info, ulimit_info and shared_memory.
 *
 * cpu_info, one row per physical package (socket), as osquery gives one
 * row per SMBIOS processor structure.  osquery reads SMBIOS, which needs
 * root and a DMI table; vigil reads /proc/cpuinfo (and sysfs), which every
 * user and every offline image has:
 *   device_id            "CPU0", "CPU1" ... in package order, as osquery
 *                        names them
 *   model                "model name" of the package's first processor
 *   manufacturer         its "vendor_id" ("GenuineIntel", "AuthenticAMD")
 *   processor_type       "3", SMBIOS's "central processor": what every
 *                        /proc/cpuinfo entry is
 *   cpu_status           65 (SMBIOS: socket populated, CPU enabled): a
 *                        package with a processor in /proc/cpuinfo is both
 *   number_of_cores      "cpu cores", else the distinct "core id"s
 *   logical_processors   "siblings", else the processors counted
 *   address_width        "64" when the flags hold "lm" (long mode) or the
 *                        kernel is a 64-bit one (/proc/sys/kernel/arch,
 *                        else uname on the live host: a 64-bit kernel
 *                        runs only on a 64-bit CPU); "32" when flags are
 *                        listed without "lm" under a 32-bit kernel; else
 *                        NULL
 *   current_clock_speed  "cpu MHz", rounded
 *   max_clock_speed      cpufreq's cpuinfo_max_freq / 1000, when sysfs
 *                        has it
 *   socket_designation   NULL: the board's socket label is only in SMBIOS
 * The package is "physical id", else sysfs topology/physical_package_id,
 * else 0 (one package).
 *
 * memory_info, one row from /proc/meminfo, in bytes: memory_total
 * (MemTotal), memory_free (MemFree), memory_available (MemAvailable),
 * buffers, cached, swap_cached, active, inactive, swap_total, swap_free.
 * A line the kernel does not print is NULL.
 *
 * load_average, three rows from /proc/loadavg: period "1m", "5m", "15m"
 * and average printed with six decimals ("0.150000"), as osquery prints
 * getloadavg()'s doubles.
 *
 * cpu_time, one row per "cpuN" line of /proc/stat (the "cpu" total is
 * left out, as osquery leaves it out): core N, then user, nice, system,
 * idle, iowait, irq, softirq, steal, guest and guest_nice in USER_HZ clock
 * ticks, the kernel's unit, which osquery passes through.  A time the
 * kernel does not print is NULL; a malformed line is skipped.
 *
 * platform_info, one row when /sys/class/dmi/id has BIOS data:
 *   vendor, version, date  bios_vendor, bios_version, bios_date
 *   revision               bios_release ("major.minor", as osquery
 *                          formats SMBIOS's two bytes)
 *   firmware_type          "uefi" when /sys/firmware/efi exists, "bios"
 *                          when /sys/firmware exists without it, NULL
 *                          when sysfs is absent (an offline image)
 *   extra, address, size, volume_size
 *                          NULL: the ROM address and size are only in the
 *                          raw SMBIOS table
 *
 * ulimit_info, one row per resource osquery knows (as, core, cpu, data,
 * fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio,
 * sigpending, stack, in that order): type, soft_limit and hard_limit,
 * "unlimited" or a number.  On the live host these are vigil's own limits
 * (getrlimit), which it inherits from whoever started it, exactly as
 * osquery reports its own.  Under --root there is no "own" process, so
 * they are read from /proc/1/limits of the root: the limits of that
 * host's init, which every service starts from unless its unit says
 * otherwise.
 *
 * shared_memory, one row per line of /proc/sysvipc/shm (the segments of
 * the IPC namespace vigil runs in):
 *   shmid, pid (last attach/detach), creator_pid, owner_uid, creator_uid,
 *   atime, dtime, ctime, size, attached (nattch) as printed;
 *   permissions  the mode as four octal digits, as osquery's lsperms()
 *                prints it (a segment marked for destruction shows the
 *                SHM_DEST bit: "1600")
 *   status       "dest" when marked for destruction, else ""
 *   locked       1 when SHM_LOCKED, else 0
 *
 * Required constraints: none.  Privileges: none.
 *
 * Example:
 *   SELECT c.model, c.number_of_cores, m.memory_total, l.average
 *     FROM cpu_info c, memory_info m, load_average l WHERE l.period = '1m';
 *
 * How it works: each table reads one or two small files through hostfs
 * and hands their text to the pure parsers of sysparse.c; a missing file
 * gives no rows and a malformed line is skipped.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "sql/table.h"
#include "tables/sysparse.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Cap for the /proc files read here (cpuinfo of a 1024-CPU host fits). */
#define PROC_FILE_MAX (8u << 20)

/* Reads a whole small file into b (reset first).  0 or -1. */
static int read_text(const char *path, struct buf *b)
{
	buf_reset(b);
	if (hostfs_read_file(path, b->cap, 0, b, NULL) < 0 || !b->data)
		return -1;
	return 0;
}

/* Reads a one-line file, trailing blanks trimmed; 0, or -1 if missing or
 * empty. */
static int read_line(const char *path, char *dst, size_t size)
{
	long n = hostfs_read_small(path, dst, size);

	if (n < 0)
		return -1;
	while (n > 0 && (dst[n - 1] == ' ' || dst[n - 1] == '\t' ||
			 dst[n - 1] == '\n' || dst[n - 1] == '\r'))
		dst[--n] = '\0';
	return n > 0 ? 0 : -1;
}

/* A whole decimal string (after trimming) into *v.  0 or -1. */
static int parse_num(const char *s, int64_t *v)
{
	int64_t x = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || x > (INT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (*s - '0');
	}
	*v = x;
	return 0;
}

/* ---------------------------------------------------------------- */
/* cpu_info */

enum {
	CI_DEVICE_ID,
	CI_MODEL,
	CI_MANUFACTURER,
	CI_PROCESSOR_TYPE,
	CI_CPU_STATUS,
	CI_NUMBER_OF_CORES,
	CI_LOGICAL_PROCESSORS,
	CI_ADDRESS_WIDTH,
	CI_CURRENT_CLOCK_SPEED,
	CI_MAX_CLOCK_SPEED,
	CI_SOCKET_DESIGNATION,
	CI_NCOLS
};

static const struct column cpu_info_cols[] = {
	{ "device_id", COL_TEXT, 0,
	  "The processor's device identifier: CPU0, CPU1 ... by package." },
	{ "model", COL_TEXT, 0, "Processor model (its model name)." },
	{ "manufacturer", COL_TEXT, 0, "Processor manufacturer (its vendor id)." },
	{ "processor_type", COL_TEXT, 0,
	  "SMBIOS processor type: 3 for a central processor." },
	{ "cpu_status", COL_INTEGER, 0,
	  "SMBIOS processor status: 65 for a populated socket with an enabled "
	  "CPU." },
	{ "number_of_cores", COL_TEXT, 0,
	  "Number of cores of the processor package." },
	{ "logical_processors", COL_INTEGER, 0,
	  "Number of logical processors (hardware threads) of the package." },
	{ "address_width", COL_TEXT, 0,
	  "Address width of the processor in bits: 64 or 32." },
	{ "current_clock_speed", COL_INTEGER, 0,
	  "Current clock speed of the processor in MHz." },
	{ "max_clock_speed", COL_INTEGER, 0,
	  "Maximum clock speed of the processor in MHz, when cpufreq says." },
	{ "socket_designation", COL_TEXT, 0,
	  "The board's name for the socket (NULL: only SMBIOS has it)." },
};

_Static_assert(TABLE_NCOLS(cpu_info_cols) == CI_NCOLS,
	       "cpu_info column enum and array disagree");

/* Processors kept from /proc/cpuinfo. */
#define CPUS_MAX 8192

/* One processor: its parsed block and the package it belongs to. */
struct cpu_ent {
	struct sysparse_cpuinfo info;
	int64_t package;
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The package of processor n from sysfs, or 0 when it does not say. */
static int64_t sysfs_package(int64_t n)
{
	char path[96], v[32];
	int64_t p;

	snprintf(path, sizeof(path),
		 "/sys/devices/system/cpu/cpu%lld/topology/physical_package_id",
		 (long long)n);
	if (read_line(path, v, sizeof(v)) == 0 && parse_num(v, &p) == 0)
		return p;
	return 0;
}

/* True when the kernel's architecture is a 64-bit one. */
static bool kernel_is_64bit(void)
{
	static const char *const arches[] = {
		"x86_64", "aarch64", "arm64", "ppc64", "ppc64le", "s390x",
		"riscv64", "loongarch64", "mips64", "sparc64", "ia64", "alpha",
	};
	char arch[sizeof(((struct utsname *)0)->machine)];
	struct utsname u;
	size_t i;

	if (read_line("/proc/sys/kernel/arch", arch, sizeof(arch)) < 0) {
		if (!hostfs_is_live() || uname(&u) < 0)
			return false;
		snprintf(arch, sizeof(arch), "%s", u.machine);
	}
	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (strcmp(arch, arches[i]) == 0)
			return true;
	return false;
}

/* Emits the row of package pkg, whose processors are cpus[0..n). */
static int cpu_info_row(struct qctx *q, int index, const struct cpu_ent *cpus,
			size_t n, int64_t pkg)
{
	const struct sysparse_cpuinfo *first = NULL;
	int64_t cores[256]; /* distinct core ids, for a missing "cpu cores" */
	size_t i, nproc = 0, ncores = 0;
	char buf[64], path[128];
	int64_t khz;

	for (i = 0; i < n; i++) {
		const struct sysparse_cpuinfo *c = &cpus[i].info;

		if (cpus[i].package != pkg)
			continue;
		if (!first)
			first = c;
		nproc++;
		if ((c->have & SYSPARSE_CPU_CORE_ID) &&
		    ncores < sizeof(cores) / sizeof(cores[0])) {
			size_t j;

			for (j = 0; j < ncores && cores[j] != c->core_id; j++)
				;
			if (j == ncores)
				cores[ncores++] = c->core_id;
		}
	}
	if (!first)
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	snprintf(buf, sizeof(buf), "CPU%d", index);
	qctx_set_text(q, CI_DEVICE_ID, buf);
	if (first->have & SYSPARSE_CPU_MODEL)
		qctx_set_text(q, CI_MODEL, first->model);
	if (first->have & SYSPARSE_CPU_VENDOR)
		qctx_set_text(q, CI_MANUFACTURER, first->vendor);
	qctx_set_text(q, CI_PROCESSOR_TYPE, "3");
	qctx_set_int(q, CI_CPU_STATUS, 65);
	if (first->have & SYSPARSE_CPU_CORES)
		snprintf(buf, sizeof(buf), "%lld", (long long)first->cpu_cores);
	else
		snprintf(buf, sizeof(buf), "%zu", ncores ? ncores : nproc);
	qctx_set_text(q, CI_NUMBER_OF_CORES, buf);
	qctx_set_int(q, CI_LOGICAL_PROCESSORS,
		     (first->have & SYSPARSE_CPU_SIBLINGS) ? first->siblings
							   : (int64_t)nproc);
	if (first->lm || (qctx_used(q, CI_ADDRESS_WIDTH) && kernel_is_64bit()))
		qctx_set_text(q, CI_ADDRESS_WIDTH, "64");
	else if (first->have & SYSPARSE_CPU_FLAGS)
		qctx_set_text(q, CI_ADDRESS_WIDTH, "32");
	if (first->have & SYSPARSE_CPU_MHZ)
		qctx_set_int(q, CI_CURRENT_CLOCK_SPEED,
			     (int64_t)(first->mhz + 0.5));
	snprintf(path, sizeof(path),
		 "/sys/devices/system/cpu/cpu%lld/cpufreq/cpuinfo_max_freq",
		 (long long)first->processor);
	if (qctx_used(q, CI_MAX_CLOCK_SPEED) &&
	    read_line(path, buf, sizeof(buf)) == 0 && parse_num(buf, &khz) == 0)
		qctx_set_int(q, CI_MAX_CLOCK_SPEED, khz / 1000);
	return 0;
}

static int cpu_info_generate(struct qctx *q)
{
	struct buf text = BUF_INIT(PROC_FILE_MAX);
	struct cpu_ent *cpus = NULL;
	int64_t *pkgs = NULL;
	size_t n = 0, alloc = 0, off = 0, npkgs = 0, i;
	int rc = 0;

	if (read_text("/proc/cpuinfo", &text) < 0)
		goto out;
	while (off < text.len && n < CPUS_MAX) {
		struct sysparse_cpuinfo c;

		off += sysparse_cpuinfo_block(text.data + off, text.len - off,
					      &c);
		if (!(c.have & SYSPARSE_CPU_PROCESSOR))
			continue;
		if (n == alloc) {
			size_t na = alloc ? alloc * 2 : 16;
			struct cpu_ent *p = reallocarray(cpus, na, sizeof(*p));

			if (!p) {
				rc = qctx_error(q, "cpu_info: out of memory");
				goto out;
			}
			cpus = p;
			alloc = na;
		}
		cpus[n].info = c;
		cpus[n].package = (c.have & SYSPARSE_CPU_PHYSICAL_ID)
					  ? c.physical_id
					  : sysfs_package(c.processor);
		n++;
	}
	if (n == 0)
		goto out;
	pkgs = calloc(n, sizeof(*pkgs));
	if (!pkgs) {
		rc = qctx_error(q, "cpu_info: out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		size_t j;

		for (j = 0; j < npkgs && pkgs[j] != cpus[i].package; j++)
			;
		if (j == npkgs)
			pkgs[npkgs++] = cpus[i].package;
	}
	qsort(pkgs, npkgs, sizeof(*pkgs), cmp_i64);
	for (i = 0; i < npkgs && rc == 0; i++)
		rc = cpu_info_row(q, (int)i, cpus, n, pkgs[i]);
out:
	free(pkgs);
	free(cpus);
	buf_release(&text);
	return rc;
}

static const struct table cpu_info_table = {
	.name = "cpu_info",
	.desc = "Retrieve cpu hardware info of the machine.",
	.cols = cpu_info_cols,
	.ncols = CI_NCOLS,
	.generate = cpu_info_generate,
};

TABLE_REGISTER(cpu_info_table);

/* ---------------------------------------------------------------- */
/* memory_info */

enum {
	MI_MEMORY_TOTAL,
	MI_MEMORY_FREE,
	MI_MEMORY_AVAILABLE,
	MI_BUFFERS,
	MI_CACHED,
	MI_SWAP_CACHED,
	MI_ACTIVE,
	MI_INACTIVE,
	MI_SWAP_TOTAL,
	MI_SWAP_FREE,
	MI_NCOLS
};

static const struct column memory_info_cols[] = {
	{ "memory_total", COL_BIGINT, 0, "Total amount of physical RAM, in bytes." },
	{ "memory_free", COL_BIGINT, 0,
	  "The amount of physical RAM, in bytes, left unused by the system." },
	{ "memory_available", COL_BIGINT, 0,
	  "The amount of physical RAM, in bytes, available for starting new "
	  "applications without swapping." },
	{ "buffers", COL_BIGINT, 0,
	  "The amount of physical RAM, in bytes, used for file buffers." },
	{ "cached", COL_BIGINT, 0,
	  "The amount of physical RAM, in bytes, used as cache memory." },
	{ "swap_cached", COL_BIGINT, 0,
	  "The amount of swap, in bytes, used as cache memory." },
	{ "active", COL_BIGINT, 0,
	  "The total amount of buffer or page cache memory, in bytes, that is in "
	  "active use." },
	{ "inactive", COL_BIGINT, 0,
	  "The total amount of buffer or page cache memory, in bytes, that are "
	  "free and available." },
	{ "swap_total", COL_BIGINT, 0,
	  "The total amount of swap available, in bytes." },
	{ "swap_free", COL_BIGINT, 0,
	  "The total amount of swap free, in bytes." },
};

_Static_assert(TABLE_NCOLS(memory_info_cols) == MI_NCOLS,
	       "memory_info column enum and array disagree");

static int memory_info_generate(struct qctx *q)
{
	static const char *const keys[MI_NCOLS] = {
		"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached",
		"SwapCached", "Active", "Inactive", "SwapTotal", "SwapFree",
	};
	struct buf text = BUF_INIT(1u << 20);
	int i, rc = 0;

	if (read_text("/proc/meminfo", &text) < 0)
		goto out;
	if (qctx_row(q) < 0) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < MI_NCOLS; i++) {
		uint64_t v;

		if (sysparse_meminfo_get(text.data, text.len, keys[i], &v) == 0 &&
		    v <= INT64_MAX)
			qctx_set_int(q, i, (int64_t)v);
	}
out:
	buf_release(&text);
	return rc;
}

static const struct table memory_info_table = {
	.name = "memory_info",
	.desc = "Main memory information in bytes.",
	.cols = memory_info_cols,
	.ncols = MI_NCOLS,
	.generate = memory_info_generate,
};

TABLE_REGISTER(memory_info_table);

/* ---------------------------------------------------------------- */
/* load_average */

enum {
	LA_PERIOD,
	LA_AVERAGE,
	LA_NCOLS
};

static const struct column load_average_cols[] = {
	{ "period", COL_TEXT, 0, "Period over which the average is calculated." },
	{ "average", COL_TEXT, 0, "Load average over the specified period." },
};

_Static_assert(TABLE_NCOLS(load_average_cols) == LA_NCOLS,
	       "load_average column enum and array disagree");

static int load_average_generate(struct qctx *q)
{
	static const char *const periods[3] = { "1m", "5m", "15m" };
	char line[256], v[64];
	double avg[3];
	int i;

	if (hostfs_read_small("/proc/loadavg", line, sizeof(line)) < 0 ||
	    sysparse_loadavg(line, strlen(line), avg, NULL, 0) < 0)
		return 0;
	for (i = 0; i < 3; i++) {
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_text(q, LA_PERIOD, periods[i]);
		snprintf(v, sizeof(v), "%f", avg[i]);
		qctx_set_text(q, LA_AVERAGE, v);
	}
	return 0;
}

static const struct table load_average_table = {
	.name = "load_average",
	.desc = "Displays information about the system wide load averages.",
	.cols = load_average_cols,
	.ncols = LA_NCOLS,
	.generate = load_average_generate,
};

TABLE_REGISTER(load_average_table);

/* ---------------------------------------------------------------- */
/* cpu_time */

enum {
	CT_CORE,
	CT_USER,
	CT_NICE,
	CT_SYSTEM,
	CT_IDLE,
	CT_IOWAIT,
	CT_IRQ,
	CT_SOFTIRQ,
	CT_STEAL,
	CT_GUEST,
	CT_GUEST_NICE,
	CT_NCOLS
};

static const struct column cpu_time_cols[] = {
	{ "core", COL_INTEGER, 0, "Name of the cpu (core)." },
	{ "user", COL_BIGINT, 0,
	  "Time spent in user mode, in clock ticks (USER_HZ)." },
	{ "nice", COL_BIGINT, 0,
	  "Time spent in user mode with low priority (nice), in clock ticks." },
	{ "system", COL_BIGINT, 0, "Time spent in system mode, in clock ticks." },
	{ "idle", COL_BIGINT, 0, "Time spent in the idle task, in clock ticks." },
	{ "iowait", COL_BIGINT, 0,
	  "Time spent waiting for I/O to complete, in clock ticks." },
	{ "irq", COL_BIGINT, 0, "Time spent servicing interrupts, in clock ticks." },
	{ "softirq", COL_BIGINT, 0,
	  "Time spent servicing softirqs, in clock ticks." },
	{ "steal", COL_BIGINT, 0,
	  "Time spent in other operating systems when running in a virtualized "
	  "environment, in clock ticks." },
	{ "guest", COL_BIGINT, 0,
	  "Time spent running a virtual CPU for a guest operating system, in "
	  "clock ticks." },
	{ "guest_nice", COL_BIGINT, 0,
	  "Time spent running a niced guest, in clock ticks." },
};

_Static_assert(TABLE_NCOLS(cpu_time_cols) == CT_NCOLS,
	       "cpu_time column enum and array disagree");

static int cpu_time_generate(struct qctx *q)
{
	struct buf text = BUF_INIT(PROC_FILE_MAX);
	const char *p, *end;
	int rc = 0;

	if (read_text("/proc/stat", &text) < 0)
		goto out;
	for (p = text.data, end = p + text.len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct sysparse_cputime ct;
		int i;

		if (sysparse_stat_cpu(p, ll, &ct, NULL, 0) == 1) {
			if (qctx_row(q) < 0) {
				rc = -1;
				goto out;
			}
			qctx_set_int(q, CT_CORE, ct.core);
			for (i = 0; i < ct.n; i++)
				if (ct.v[i] <= INT64_MAX)
					qctx_set_int(q, CT_USER + i,
						     (int64_t)ct.v[i]);
		}
		p = nl ? nl + 1 : end;
	}
out:
	buf_release(&text);
	return rc;
}

static const struct table cpu_time_table = {
	.name = "cpu_time",
	.desc = "Displays information from /proc/stat file about the time the cpu "
		"cores spent in different parts of the system.",
	.cols = cpu_time_cols,
	.ncols = CT_NCOLS,
	.generate = cpu_time_generate,
};

TABLE_REGISTER(cpu_time_table);

/* ---------------------------------------------------------------- */
/* platform_info */

enum {
	PI_VENDOR,
	PI_VERSION,
	PI_DATE,
	PI_REVISION,
	PI_EXTRA,
	PI_FIRMWARE_TYPE,
	PI_ADDRESS,
	PI_SIZE,
	PI_VOLUME_SIZE,
	PI_NCOLS
};

static const struct column platform_info_cols[] = {
	{ "vendor", COL_TEXT, 0, "Platform code vendor (the BIOS vendor)." },
	{ "version", COL_TEXT, COL_VERSION, "Platform code version." },
	{ "date", COL_TEXT, 0, "Self-reported platform code update date." },
	{ "revision", COL_TEXT, 0, "BIOS major and minor revision." },
	{ "extra", COL_TEXT, 0, "Platform-specific additional information (NULL)." },
	{ "firmware_type", COL_TEXT, 0,
	  "The type of firmware: uefi or bios." },
	{ "address", COL_TEXT, 0,
	  "Relative address of firmware mapping (NULL: only in raw SMBIOS)." },
	{ "size", COL_TEXT, 0,
	  "Size in bytes of firmware (NULL: only in raw SMBIOS)." },
	{ "volume_size", COL_INTEGER, 0,
	  "(Optional) size of firmware volume (NULL)." },
};

_Static_assert(TABLE_NCOLS(platform_info_cols) == PI_NCOLS,
	       "platform_info column enum and array disagree");

static int platform_info_generate(struct qctx *q)
{
	static const char *const files[] = {
		"/sys/class/dmi/id/bios_vendor", "/sys/class/dmi/id/bios_version",
		"/sys/class/dmi/id/bios_date", "/sys/class/dmi/id/bios_release",
	};
	char v[4][256];
	bool any = false;
	struct stat st;
	int i;

	for (i = 0; i < 4; i++)
		if (read_line(files[i], v[i], sizeof(v[i])) == 0)
			any = true;
		else
			v[i][0] = '\0';
	if (!any)
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	for (i = 0; i < 4; i++)
		if (v[i][0])
			qctx_set_text(q, PI_VENDOR + i, v[i]);
	if (hostfs_stat("/sys/firmware/efi", &st) == 0 && S_ISDIR(st.st_mode))
		qctx_set_text(q, PI_FIRMWARE_TYPE, "uefi");
	else if (hostfs_stat("/sys/firmware", &st) == 0 && S_ISDIR(st.st_mode))
		qctx_set_text(q, PI_FIRMWARE_TYPE, "bios");
	return 0;
}

static const struct table platform_info_table = {
	.name = "platform_info",
	.desc = "Information about EFI/UEFI/ROM and platform/boot.",
	.cols = platform_info_cols,
	.ncols = PI_NCOLS,
	.generate = platform_info_generate,
};

TABLE_REGISTER(platform_info_table);

/* ---------------------------------------------------------------- */
/* ulimit_info */

enum {
	UL_TYPE,
	UL_SOFT_LIMIT,
	UL_HARD_LIMIT,
	UL_NCOLS
};

static const struct column ulimit_info_cols[] = {
	{ "type", COL_TEXT, 0, "System resource to be limited." },
	{ "soft_limit", COL_TEXT, 0, "Current limit value." },
	{ "hard_limit", COL_TEXT, 0, "Maximum limit value." },
};

_Static_assert(TABLE_NCOLS(ulimit_info_cols) == UL_NCOLS,
	       "ulimit_info column enum and array disagree");

/* osquery's resources, in its (alphabetical) order. */
static const struct {
	const char *type;
	int resource;
} ulimits[] = {
	{ "as", RLIMIT_AS },
	{ "core", RLIMIT_CORE },
	{ "cpu", RLIMIT_CPU },
	{ "data", RLIMIT_DATA },
	{ "fsize", RLIMIT_FSIZE },
	{ "locks", RLIMIT_LOCKS },
	{ "memlock", RLIMIT_MEMLOCK },
	{ "msgqueue", RLIMIT_MSGQUEUE },
	{ "nice", RLIMIT_NICE },
	{ "nofile", RLIMIT_NOFILE },
	{ "nproc", RLIMIT_NPROC },
	{ "rss", RLIMIT_RSS },
	{ "rtprio", RLIMIT_RTPRIO },
	{ "sigpending", RLIMIT_SIGPENDING },
	{ "stack", RLIMIT_STACK },
};

#define NULIMITS (sizeof(ulimits) / sizeof(ulimits[0]))

static void limit_text(rlim_t v, char *dst, size_t size)
{
	if (v == RLIM_INFINITY)
		snprintf(dst, size, "unlimited");
	else
		snprintf(dst, size, "%llu", (unsigned long long)v);
}

static int ulimit_info_generate(struct qctx *q)
{
	struct sysparse_limit found[NULIMITS];
	bool have[NULIMITS] = { false };
	struct buf text = BUF_INIT(1u << 16);
	const char *p, *end;
	size_t i;
	int rc = 0;

	if (hostfs_is_live()) {
		for (i = 0; i < NULIMITS; i++) {
			struct rlimit rl;

			if (getrlimit(ulimits[i].resource, &rl) < 0)
				continue;
			limit_text(rl.rlim_cur, found[i].soft,
				   sizeof(found[i].soft));
			limit_text(rl.rlim_max, found[i].hard,
				   sizeof(found[i].hard));
			have[i] = true;
		}
	} else if (read_text("/proc/1/limits", &text) == 0) {
		for (p = text.data, end = p + text.len; p < end;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
			struct sysparse_limit l;

			if (sysparse_limits_line(p, ll, &l, NULL, 0) == 1)
				for (i = 0; i < NULIMITS; i++)
					if (strcmp(ulimits[i].type, l.type) ==
						    0 &&
					    !have[i]) {
						found[i] = l;
						have[i] = true;
					}
			p = nl ? nl + 1 : end;
		}
	}
	for (i = 0; i < NULIMITS; i++) {
		if (!have[i])
			continue;
		if (qctx_row(q) < 0) {
			rc = -1;
			break;
		}
		qctx_set_text(q, UL_TYPE, ulimits[i].type);
		qctx_set_text(q, UL_SOFT_LIMIT, found[i].soft);
		qctx_set_text(q, UL_HARD_LIMIT, found[i].hard);
	}
	buf_release(&text);
	return rc;
}

static const struct table ulimit_info_table = {
	.name = "ulimit_info",
	.desc = "System resource usage limits.",
	.cols = ulimit_info_cols,
	.ncols = UL_NCOLS,
	.generate = ulimit_info_generate,
};

TABLE_REGISTER(ulimit_info_table);

/* ---------------------------------------------------------------- */
/* shared_memory */

enum {
	SM_SHMID,
	SM_OWNER_UID,
	SM_CREATOR_UID,
	SM_PID,
	SM_CREATOR_PID,
	SM_ATIME,
	SM_DTIME,
	SM_CTIME,
	SM_PERMISSIONS,
	SM_SIZE,
	SM_ATTACHED,
	SM_STATUS,
	SM_LOCKED,
	SM_NCOLS
};

static const struct column shared_memory_cols[] = {
	{ "shmid", COL_INTEGER, 0, "Shared memory segment ID." },
	{ "owner_uid", COL_BIGINT, 0, "User ID of owning process." },
	{ "creator_uid", COL_BIGINT, 0, "User ID of creator process." },
	{ "pid", COL_BIGINT, 0, "Process ID to last use the segment." },
	{ "creator_pid", COL_BIGINT, 0, "Process ID that created the segment." },
	{ "atime", COL_BIGINT, 0, "Attached time." },
	{ "dtime", COL_BIGINT, 0, "Detached time." },
	{ "ctime", COL_BIGINT, 0, "Changed time." },
	{ "permissions", COL_TEXT, 0,
	  "Memory segment permissions, as four octal digits." },
	{ "size", COL_BIGINT, 0, "Size in bytes." },
	{ "attached", COL_INTEGER, 0, "Number of attached processes." },
	{ "status", COL_TEXT, 0,
	  "Destination/attach status: dest when marked for destruction." },
	{ "locked", COL_INTEGER, 0, "1 if segment is locked else 0." },
};

_Static_assert(TABLE_NCOLS(shared_memory_cols) == SM_NCOLS,
	       "shared_memory column enum and array disagree");

/* The kernel's SHM_DEST and SHM_LOCKED mode bits (linux/shm.h). */
#define SHM_MODE_DEST 01000
#define SHM_MODE_LOCKED 02000

static int shared_memory_generate(struct qctx *q)
{
	struct buf text = BUF_INIT(PROC_FILE_MAX);
	const char *p, *end;
	int rc = 0;

	if (read_text("/proc/sysvipc/shm", &text) < 0)
		goto out;
	for (p = text.data, end = p + text.len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *line = p;
		struct sysparse_shm s;
		char perms[8];

		p = nl ? nl + 1 : end;
		if (sysparse_shm_line(line, ll, &s, NULL, 0) != 1)
			continue;
		if (qctx_row(q) < 0) {
			rc = -1;
			goto out;
		}
		qctx_set_int(q, SM_SHMID, s.shmid);
		qctx_set_int(q, SM_OWNER_UID, s.uid);
		qctx_set_int(q, SM_CREATOR_UID, s.cuid);
		qctx_set_int(q, SM_PID, s.lpid);
		qctx_set_int(q, SM_CREATOR_PID, s.cpid);
		qctx_set_int(q, SM_ATIME, s.atime);
		qctx_set_int(q, SM_DTIME, s.dtime);
		qctx_set_int(q, SM_CTIME, s.ctime);
		snprintf(perms, sizeof(perms), "%04o", s.perms & 07777);
		qctx_set_text(q, SM_PERMISSIONS, perms);
		if (s.size <= INT64_MAX)
			qctx_set_int(q, SM_SIZE, (int64_t)s.size);
		if (s.nattch <= INT64_MAX)
			qctx_set_int(q, SM_ATTACHED, (int64_t)s.nattch);
		qctx_set_text(q, SM_STATUS,
			      (s.perms & SHM_MODE_DEST) ? "dest" : "");
		qctx_set_int(q, SM_LOCKED, (s.perms & SHM_MODE_LOCKED) ? 1 : 0);
	}
out:
	buf_release(&text);
	return rc;
}

static const struct table shared_memory_table = {
	.name = "shared_memory",
	.desc = "OS shared memory regions.",
	.cols = shared_memory_cols,
	.ncols = SM_NCOLS,
	.generate = shared_memory_generate,
};

TABLE_REGISTER(shared_memory_table);
