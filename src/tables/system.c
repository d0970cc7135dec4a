/* SPDX-License-Identifier: Apache-2.0 */
/*
 * system.c: the tables that describe the host as a whole: kernel_info,
 * os_version, system_info, uptime and time.  Each gives one row (uptime
 * none when /proc/uptime cannot be read).
 *
 * kernel_info
 *   version     /proc/sys/kernel/osrelease (else the third word of
 *               /proc/version)
 *   arguments   /proc/cmdline without its BOOT_IMAGE= word
 *   path        the BOOT_IMAGE= value (the kernel image the loader booted)
 *   device      the root= value
 *
 * os_version, from /etc/os-release, else /usr/lib/os-release
 *   name, version, build, platform, platform_like, codename
 *               NAME, VERSION, BUILD_ID, ID, ID_LIKE, VERSION_CODENAME
 *   major, minor, patch
 *               the dotted numbers of VERSION_ID; a part that is missing
 *               or not a number is NULL
 *   arch        /proc/sys/kernel/arch, else uname's machine (live host)
 *   pid_with_namespace, mount_namespace_id
 *               NULL: vigil does not enter other namespaces
 *
 * system_info
 *   hostname, computer_name, local_hostname
 *               /proc/sys/kernel/hostname, else /etc/hostname (an
 *               offline image has no /proc)
 *   uuid        /sys/class/dmi/id/product_uuid (root only)
 *   cpu_type    as os_version.arch
 *   cpu_subtype, cpu_brand, cpu_microcode
 *               "model", "model name", "microcode" of the first processor
 *               in /proc/cpuinfo
 *   cpu_physical_cores, cpu_logical_cores, cpu_sockets
 *               distinct (physical id, core id) pairs, "processor"
 *               entries, and distinct physical ids in /proc/cpuinfo
 *   physical_memory
 *               MemTotal of /proc/meminfo, in bytes
 *   hardware_*, board_*
 *               /sys/class/dmi/id/{sys_vendor,product_name,
 *               product_version,product_serial} and board_{vendor,name,
 *               version,serial}; the serials are readable by root only
 *               and are NULL otherwise
 *
 * uptime: days, hours, minutes, seconds and total_seconds from the first
 * number of /proc/uptime.
 *
 * time: the current time of the machine vigil runs on (never from --root),
 * in UTC as osquery gives it: weekday, year ... seconds, timezone "UTC",
 * local_timezone (the local zone's abbreviation), unix_time, timestamp in
 * asctime form plus " UTC" ("Sun Nov 22 08:00:00 2026 UTC"), and datetime
 * and iso_8601 both "2026-11-22T08:00:00Z".
 *
 * Required constraints: none.  Privileges: none, except that the DMI uuid
 * and serial numbers need root.
 *
 * Example:
 *   SELECT o.name, o.version, k.version AS kernel, s.hostname
 *     FROM os_version o, kernel_info k, system_info s;
 *
 * How it works: every value is read through hostfs from the small text
 * files above; a file that is missing or unreadable leaves its columns
 * NULL.  os-release lines go through osrelease_parse_line(), which undoes
 * shell quoting and refuses anything else.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "sql/table.h"
#include "tables/osrelease.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Cap for the small text files read here (cpuinfo of a big host fits). */
#define SMALL_FILE_MAX (4u << 20)

/* Trims blanks and newlines at both ends of s, in place; returns s. */
static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			 s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/*
 * Reads a one-line file into dst, trimmed.  Returns 0, or -1 when the file
 * is missing or unreadable (dst is then "").
 */
static int read_value(const char *path, char *dst, size_t size)
{
	char *t;
	size_t n;

	if (hostfs_read_small(path, dst, size) < 0) {
		dst[0] = '\0';
		return -1;
	}
	t = trim(dst);
	n = strlen(t);
	memmove(dst, t, n + 1);
	return 0;
}

/* The machine architecture: /proc/sys/kernel/arch, else uname (live). */
static int get_arch(char *dst, size_t size)
{
	struct utsname u;

	if (read_value("/proc/sys/kernel/arch", dst, size) == 0 && dst[0])
		return 0;
	if (!hostfs_is_live() || uname(&u) < 0)
		return -1;
	snprintf(dst, size, "%s", u.machine);
	return 0;
}

/*
 * Parses a run of decimal digits at the start of s into *out, moving *end
 * past it.  Returns 0, or -1 when s does not start with a digit or the
 * number overflows.
 */
static int parse_digits(const char *s, const char **end, uint64_t *out)
{
	uint64_t v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*end = s;
	*out = v;
	return 0;
}

/* ---------------------------------------------------------------- */
/* kernel_info */

enum {
	KI_VERSION,
	KI_ARGUMENTS,
	KI_PATH,
	KI_DEVICE,
	KI_NCOLS
};

static const struct column kernel_info_cols[] = {
	{ "version", COL_TEXT, COL_VERSION, "Kernel version (release)." },
	{ "arguments", COL_TEXT, 0,
	  "Kernel command line, without its BOOT_IMAGE= word." },
	{ "path", COL_TEXT, 0, "Kernel image path (the BOOT_IMAGE= value)." },
	{ "device", COL_TEXT, 0, "Root device the kernel booted (the root= value)." },
};

_Static_assert(TABLE_NCOLS(kernel_info_cols) == KI_NCOLS,
	       "kernel_info column enum and array disagree");

/* The release from /proc/version: "Linux version 6.1.0-13-amd64 (...". */
static int version_from_proc(char *dst, size_t size)
{
	char line[512], *p, *end;

	if (hostfs_read_small("/proc/version", line, sizeof(line)) < 0)
		return -1;
	p = strstr(line, " version ");
	if (!p)
		return -1;
	p += strlen(" version ");
	end = strchr(p, ' ');
	if (end)
		*end = '\0';
	if (!*p)
		return -1;
	snprintf(dst, size, "%s", p);
	return 0;
}

static int kernel_info_generate(struct qctx *q)
{
	struct buf cmdline = BUF_INIT(1u << 16);
	struct buf args = BUF_INIT(1u << 16);
	char version[256];
	char *tok, *save = NULL;
	int rc = 0;

	if (qctx_row(q) < 0)
		return -1;
	if ((read_value("/proc/sys/kernel/osrelease", version,
			sizeof(version)) == 0 && version[0]) ||
	    version_from_proc(version, sizeof(version)) == 0)
		qctx_set_text(q, KI_VERSION, version);

	if (hostfs_read_file("/proc/cmdline", 1u << 16, 0, &cmdline, NULL) < 0)
		goto out;
	if (buf_adds(&args, "") < 0) {
		rc = qctx_error(q, "kernel_info: out of memory");
		goto out;
	}
	/* /proc/cmdline separates words with single spaces. */
	for (tok = strtok_r(cmdline.data, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save)) {
		if (strncmp(tok, "BOOT_IMAGE=", 11) == 0) {
			qctx_set_text(q, KI_PATH, tok + 11);
			continue;
		}
		if (strncmp(tok, "root=", 5) == 0)
			qctx_set_text(q, KI_DEVICE, tok + 5);
		if ((args.len > 0 && buf_addc(&args, ' ') < 0) ||
		    buf_adds(&args, tok) < 0)
			break; /* Longer than the kernel allows: keep the start. */
	}
	qctx_set_textn(q, KI_ARGUMENTS, args.data, args.len);
out:
	buf_release(&cmdline);
	buf_release(&args);
	return rc;
}

static const struct table kernel_info_table = {
	.name = "kernel_info",
	.desc = "Basic active kernel information.",
	.cols = kernel_info_cols,
	.ncols = KI_NCOLS,
	.generate = kernel_info_generate,
};

TABLE_REGISTER(kernel_info_table);

/* ---------------------------------------------------------------- */
/* os_version */

enum {
	OV_NAME,
	OV_VERSION,
	OV_MAJOR,
	OV_MINOR,
	OV_PATCH,
	OV_BUILD,
	OV_PLATFORM,
	OV_PLATFORM_LIKE,
	OV_CODENAME,
	OV_ARCH,
	OV_PID_WITH_NAMESPACE,
	OV_MOUNT_NAMESPACE_ID,
	OV_NCOLS
};

static const struct column os_version_cols[] = {
	{ "name", COL_TEXT, 0, "Distribution or product name (NAME)." },
	{ "version", COL_TEXT, COL_VERSION,
	  "Pretty, suffixed version string (VERSION)." },
	{ "major", COL_INTEGER, 0, "Major release version (from VERSION_ID)." },
	{ "minor", COL_INTEGER, 0, "Minor release version (from VERSION_ID)." },
	{ "patch", COL_INTEGER, 0,
	  "Optional patch release (from VERSION_ID)." },
	{ "build", COL_TEXT, 0, "Optional build-specific identifier (BUILD_ID)." },
	{ "platform", COL_TEXT, 0, "OS platform or ID (ID)." },
	{ "platform_like", COL_TEXT, 0,
	  "Closely related platforms (ID_LIKE)." },
	{ "codename", COL_TEXT, 0, "OS version codename (VERSION_CODENAME)." },
	{ "arch", COL_TEXT, 0, "OS architecture." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Pid of a process whose mount namespace to read (unsupported: NULL)." },
	{ "mount_namespace_id", COL_TEXT, COL_HIDDEN,
	  "Mount namespace id (unsupported: NULL)." },
};

_Static_assert(TABLE_NCOLS(os_version_cols) == OV_NCOLS,
	       "os_version column enum and array disagree");

/* Which os-release key fills which column. */
static const struct {
	const char *key;
	int col;
} osrel_keys[] = {
	{ "NAME", OV_NAME },
	{ "VERSION", OV_VERSION },
	{ "BUILD_ID", OV_BUILD },
	{ "ID", OV_PLATFORM },
	{ "ID_LIKE", OV_PLATFORM_LIKE },
	{ "VERSION_CODENAME", OV_CODENAME },
};

/* Sets major, minor and patch from "12", "22.04" or "3.18.4". */
static void set_version_id(struct qctx *q, const char *id)
{
	static const int cols[] = { OV_MAJOR, OV_MINOR, OV_PATCH };
	const char *p = id, *end;
	size_t i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		uint64_t v;

		if (parse_digits(p, &end, &v) < 0 || v > INT32_MAX)
			return;
		if (*end != '\0' && *end != '.')
			return; /* "12a": not a dotted number. */
		qctx_set_int(q, cols[i], (int64_t)v);
		if (*end != '.')
			return;
		p = end + 1;
	}
}

static int os_version_generate(struct qctx *q)
{
	static const char *const paths[] = {
		"/etc/os-release",
		"/usr/lib/os-release",
	};
	struct buf content = BUF_INIT(1u << 20);
	char arch[128], err[128], *line, *next, *key, *value;
	const char *version_id = NULL;
	size_t i;

	if (qctx_row(q) < 0)
		return -1;
	if (get_arch(arch, sizeof(arch)) == 0)
		qctx_set_text(q, OV_ARCH, arch);

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (hostfs_read_file(paths[i], 1u << 20, 0, &content,
				     NULL) == 0)
			break;
	if (!content.data)
		return 0;

	/* Later assignments replace earlier ones, as in a shell. */
	for (line = content.data; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (osrelease_parse_line(line, &key, &value, err,
					 sizeof(err)) != 1)
			continue;
		if (strcmp(key, "VERSION_ID") == 0) {
			version_id = value;
			continue;
		}
		for (size_t k = 0; k < sizeof(osrel_keys) / sizeof(osrel_keys[0]);
		     k++)
			if (strcmp(key, osrel_keys[k].key) == 0)
				qctx_set_text(q, osrel_keys[k].col, value);
	}
	if (version_id)
		set_version_id(q, version_id);
	buf_release(&content);
	return 0;
}

static const struct table os_version_table = {
	.name = "os_version",
	.desc = "A single row containing the operating system name and version.",
	.cols = os_version_cols,
	.ncols = OV_NCOLS,
	.generate = os_version_generate,
};

TABLE_REGISTER(os_version_table);

/* ---------------------------------------------------------------- */
/* system_info */

enum {
	SI_HOSTNAME,
	SI_UUID,
	SI_CPU_TYPE,
	SI_CPU_SUBTYPE,
	SI_CPU_BRAND,
	SI_CPU_PHYSICAL_CORES,
	SI_CPU_LOGICAL_CORES,
	SI_CPU_SOCKETS,
	SI_CPU_MICROCODE,
	SI_PHYSICAL_MEMORY,
	SI_HARDWARE_VENDOR,
	SI_HARDWARE_MODEL,
	SI_HARDWARE_VERSION,
	SI_HARDWARE_SERIAL,
	SI_BOARD_VENDOR,
	SI_BOARD_MODEL,
	SI_BOARD_VERSION,
	SI_BOARD_SERIAL,
	SI_COMPUTER_NAME,
	SI_LOCAL_HOSTNAME,
	SI_NCOLS
};

static const struct column system_info_cols[] = {
	{ "hostname", COL_TEXT, 0, "Network hostname (the kernel's)." },
	{ "uuid", COL_TEXT, COL_NOCASE,
	  "Unique ID provided by the system firmware (DMI, root only)." },
	{ "cpu_type", COL_TEXT, 0, "CPU type (machine architecture)." },
	{ "cpu_subtype", COL_TEXT, 0, "CPU subtype (the cpuinfo model number)." },
	{ "cpu_brand", COL_TEXT, 0, "CPU brand string (the cpuinfo model name)." },
	{ "cpu_physical_cores", COL_INTEGER, 0,
	  "Number of physical CPU cores in the system." },
	{ "cpu_logical_cores", COL_INTEGER, 0,
	  "Number of logical CPU cores available to the system." },
	{ "cpu_sockets", COL_INTEGER, 0,
	  "Number of processor sockets in the system." },
	{ "cpu_microcode", COL_TEXT, 0, "Microcode version." },
	{ "physical_memory", COL_BIGINT, 0,
	  "Total physical memory in bytes (MemTotal)." },
	{ "hardware_vendor", COL_TEXT, 0, "Hardware vendor (DMI sys_vendor)." },
	{ "hardware_model", COL_TEXT, 0, "Hardware model (DMI product_name)." },
	{ "hardware_version", COL_TEXT, 0,
	  "Hardware version (DMI product_version)." },
	{ "hardware_serial", COL_TEXT, 0,
	  "Device serial number (DMI product_serial, root only)." },
	{ "board_vendor", COL_TEXT, 0, "Board vendor (DMI board_vendor)." },
	{ "board_model", COL_TEXT, 0, "Board model (DMI board_name)." },
	{ "board_version", COL_TEXT, 0, "Board version (DMI board_version)." },
	{ "board_serial", COL_TEXT, 0,
	  "Board serial number (DMI board_serial, root only)." },
	{ "computer_name", COL_TEXT, 0, "Friendly computer name (the hostname)." },
	{ "local_hostname", COL_TEXT, 0, "Local hostname (the hostname)." },
};

_Static_assert(TABLE_NCOLS(system_info_cols) == SI_NCOLS,
	       "system_info column enum and array disagree");

static const struct {
	const char *file;
	int col;
} dmi_files[] = {
	{ "product_uuid", SI_UUID },
	{ "sys_vendor", SI_HARDWARE_VENDOR },
	{ "product_name", SI_HARDWARE_MODEL },
	{ "product_version", SI_HARDWARE_VERSION },
	{ "product_serial", SI_HARDWARE_SERIAL },
	{ "board_vendor", SI_BOARD_VENDOR },
	{ "board_name", SI_BOARD_MODEL },
	{ "board_version", SI_BOARD_VERSION },
	{ "board_serial", SI_BOARD_SERIAL },
};

/* More processors than this are counted but not told apart by core. */
#define MAX_CORES 8192

struct cpu_counts {
	long logical;
	long physical; /* distinct (physical id, core id) pairs */
	long sockets;  /* distinct physical ids */
	bool have_topology;
	uint64_t pairs[MAX_CORES];
	size_t npairs;
	uint64_t socket_ids[MAX_CORES];
	size_t nsockets;
};

static bool add_unique(uint64_t *set, size_t *n, uint64_t v)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (set[i] == v)
			return false;
	if (*n >= MAX_CORES)
		return false;
	set[(*n)++] = v;
	return true;
}

/* Splits "key\t\t: value" into a trimmed key and value; false if no ':'. */
static bool cpuinfo_kv(char *line, char **key, char **value)
{
	char *colon = strchr(line, ':');

	if (!colon)
		return false;
	*colon = '\0';
	*key = trim(line);
	*value = trim(colon + 1);
	return true;
}

/* Records the processor block just read (its ids, when it had both). */
static void cpu_block_end(struct cpu_counts *c, bool have_phys,
			  uint64_t phys, bool have_core, uint64_t core)
{
	if (!have_phys || !have_core)
		return;
	c->have_topology = true;
	if (add_unique(c->pairs, &c->npairs, (phys << 32) ^ core))
		c->physical++;
	if (add_unique(c->socket_ids, &c->nsockets, phys))
		c->sockets++;
}

static void set_cpuinfo(struct qctx *q)
{
	struct buf content = BUF_INIT(SMALL_FILE_MAX);
	struct cpu_counts *c;
	char *line, *next, *key, *value;
	bool first_done = false, have_phys = false, have_core = false;
	uint64_t phys = 0, core = 0;

	c = calloc(1, sizeof(*c));
	if (!c)
		return;
	if (hostfs_read_file("/proc/cpuinfo", SMALL_FILE_MAX, 0, &content,
			     NULL) < 0 || !content.data)
		goto out;

	for (line = content.data; *line; line = next) {
		const char *end;
		uint64_t v;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (!cpuinfo_kv(line, &key, &value))
			continue;
		if (strcmp(key, "processor") == 0) {
			if (c->logical > 0) {
				first_done = true;
				cpu_block_end(c, have_phys, phys, have_core,
					      core);
			}
			have_phys = have_core = false;
			c->logical++;
		} else if (strcmp(key, "physical id") == 0) {
			if (parse_digits(value, &end, &v) == 0 && !*end &&
			    v <= UINT32_MAX) {
				phys = v;
				have_phys = true;
			}
		} else if (strcmp(key, "core id") == 0) {
			if (parse_digits(value, &end, &v) == 0 && !*end &&
			    v <= UINT32_MAX) {
				core = v;
				have_core = true;
			}
		} else if (!first_done) {
			if (strcmp(key, "model") == 0)
				qctx_set_text(q, SI_CPU_SUBTYPE, value);
			else if (strcmp(key, "model name") == 0)
				qctx_set_text(q, SI_CPU_BRAND, value);
			else if (strcmp(key, "microcode") == 0)
				qctx_set_text(q, SI_CPU_MICROCODE, value);
		}
	}
	if (c->logical > 0)
		cpu_block_end(c, have_phys, phys, have_core, core);

	if (c->logical > 0)
		qctx_set_int(q, SI_CPU_LOGICAL_CORES, c->logical);
	if (c->have_topology) {
		qctx_set_int(q, SI_CPU_PHYSICAL_CORES, c->physical);
		qctx_set_int(q, SI_CPU_SOCKETS, c->sockets);
	}
out:
	free(c);
	buf_release(&content);
}

static void set_meminfo(struct qctx *q)
{
	char buf[4096], *p;
	const char *end;
	uint64_t kb;

	/* MemTotal is the first line; a short read is enough. */
	if (hostfs_read_small("/proc/meminfo", buf, sizeof(buf)) < 0)
		return;
	p = strstr(buf, "MemTotal:");
	if (!p || (p != buf && p[-1] != '\n'))
		return;
	p += strlen("MemTotal:");
	while (*p == ' ' || *p == '\t')
		p++;
	if (parse_digits(p, &end, &kb) < 0 || kb > INT64_MAX / 1024)
		return;
	qctx_set_int(q, SI_PHYSICAL_MEMORY, (int64_t)(kb * 1024));
}

static int system_info_generate(struct qctx *q)
{
	char value[512], path[128];
	size_t i;

	if (qctx_row(q) < 0)
		return -1;
	/* An image mounted with --root has no /proc: its configured name. */
	if ((read_value("/proc/sys/kernel/hostname", value, sizeof(value)) == 0 &&
	     value[0]) ||
	    (read_value("/etc/hostname", value, sizeof(value)) == 0 &&
	     value[0])) {
		qctx_set_text(q, SI_HOSTNAME, value);
		qctx_set_text(q, SI_COMPUTER_NAME, value);
		qctx_set_text(q, SI_LOCAL_HOSTNAME, value);
	}
	if (get_arch(value, sizeof(value)) == 0)
		qctx_set_text(q, SI_CPU_TYPE, value);
	if (qctx_used(q, SI_CPU_SUBTYPE) || qctx_used(q, SI_CPU_BRAND) ||
	    qctx_used(q, SI_CPU_PHYSICAL_CORES) ||
	    qctx_used(q, SI_CPU_LOGICAL_CORES) ||
	    qctx_used(q, SI_CPU_SOCKETS) || qctx_used(q, SI_CPU_MICROCODE))
		set_cpuinfo(q);
	set_meminfo(q);
	for (i = 0; i < sizeof(dmi_files) / sizeof(dmi_files[0]); i++) {
		if (!qctx_used(q, dmi_files[i].col))
			continue;
		if (hostfs_join(path, sizeof(path), "/sys/class/dmi/id",
				dmi_files[i].file) < 0)
			continue;
		if (read_value(path, value, sizeof(value)) == 0)
			qctx_set_text(q, dmi_files[i].col, value);
	}
	return 0;
}

static const struct table system_info_table = {
	.name = "system_info",
	.desc = "System information for identification.",
	.cols = system_info_cols,
	.ncols = SI_NCOLS,
	.generate = system_info_generate,
};

TABLE_REGISTER(system_info_table);

/* ---------------------------------------------------------------- */
/* uptime */

enum {
	UP_DAYS,
	UP_HOURS,
	UP_MINUTES,
	UP_SECONDS,
	UP_TOTAL_SECONDS,
	UP_NCOLS
};

static const struct column uptime_cols[] = {
	{ "days", COL_INTEGER, 0, "Days of uptime." },
	{ "hours", COL_INTEGER, 0, "Hours of uptime (0-23)." },
	{ "minutes", COL_INTEGER, 0, "Minutes of uptime (0-59)." },
	{ "seconds", COL_INTEGER, 0, "Seconds of uptime (0-59)." },
	{ "total_seconds", COL_BIGINT, 0, "Total uptime seconds." },
};

_Static_assert(TABLE_NCOLS(uptime_cols) == UP_NCOLS,
	       "uptime column enum and array disagree");

static int uptime_generate(struct qctx *q)
{
	char line[256];
	const char *end;
	uint64_t secs;

	if (hostfs_read_small("/proc/uptime", line, sizeof(line)) < 0)
		return 0;
	/* "12345.67 23456.78": whole seconds, then an optional fraction. */
	if (parse_digits(line, &end, &secs) < 0 || secs > INT64_MAX)
		return 0;
	if (*end == '.') {
		end++;
		while (*end >= '0' && *end <= '9')
			end++;
	}
	if (*end != ' ' && *end != '\0' && *end != '\n')
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, UP_DAYS, (int64_t)(secs / 86400));
	qctx_set_int(q, UP_HOURS, (int64_t)(secs % 86400 / 3600));
	qctx_set_int(q, UP_MINUTES, (int64_t)(secs % 3600 / 60));
	qctx_set_int(q, UP_SECONDS, (int64_t)(secs % 60));
	qctx_set_int(q, UP_TOTAL_SECONDS, (int64_t)secs);
	return 0;
}

static const struct table uptime_table = {
	.name = "uptime",
	.desc = "Track time passed since last boot.",
	.cols = uptime_cols,
	.ncols = UP_NCOLS,
	.generate = uptime_generate,
};

TABLE_REGISTER(uptime_table);

/* ---------------------------------------------------------------- */
/* time */

enum {
	TM_WEEKDAY,
	TM_YEAR,
	TM_MONTH,
	TM_DAY,
	TM_HOUR,
	TM_MINUTES,
	TM_SECONDS,
	TM_TIMEZONE,
	TM_LOCAL_TIMEZONE,
	TM_UNIX_TIME,
	TM_TIMESTAMP,
	TM_DATETIME,
	TM_ISO_8601,
	TM_NCOLS
};

static const struct column time_cols[] = {
	{ "weekday", COL_TEXT, 0, "Current weekday in UTC." },
	{ "year", COL_INTEGER, 0, "Current year in UTC." },
	{ "month", COL_INTEGER, 0, "Current month in UTC." },
	{ "day", COL_INTEGER, 0, "Current day in UTC." },
	{ "hour", COL_INTEGER, 0, "Current hour in UTC." },
	{ "minutes", COL_INTEGER, 0, "Current minutes in UTC." },
	{ "seconds", COL_INTEGER, 0, "Current seconds in UTC." },
	{ "timezone", COL_TEXT, 0, "Timezone for reported time (always UTC)." },
	{ "local_timezone", COL_TEXT, 0,
	  "Abbreviation of the system's local timezone." },
	{ "unix_time", COL_INTEGER, 0, "Current UNIX time in UTC." },
	{ "timestamp", COL_TEXT, 0, "Current timestamp (log format) in UTC." },
	{ "datetime", COL_TEXT, 0, "Current date and time (ISO format) in UTC." },
	{ "iso_8601", COL_TEXT, 0, "Current time (ISO format) in UTC." },
};

_Static_assert(TABLE_NCOLS(time_cols) == TM_NCOLS,
	       "time column enum and array disagree");

static int time_generate(struct qctx *q)
{
	/* Fixed English names: the C locale's, whatever the user's is. */
	static const char *const wday_long[] = {
		"Sunday", "Monday", "Tuesday", "Wednesday",
		"Thursday", "Friday", "Saturday",
	};
	static const char *const mon_short[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
	};
	char stamp[64], iso[64], zone[64];
	struct tm gmt, local;
	time_t now = time(NULL);

	if (!gmtime_r(&now, &gmt) || gmt.tm_wday < 0 || gmt.tm_wday > 6 ||
	    gmt.tm_mon < 0 || gmt.tm_mon > 11)
		return qctx_error(q, "time: cannot convert the current time");
	tzset();
	zone[0] = '\0';
	if (localtime_r(&now, &local) &&
	    strftime(zone, sizeof(zone), "%Z", &local) == 0)
		zone[0] = '\0';

	/* asctime(3)'s layout, day of month padded to width 2 with a space. */
	snprintf(stamp, sizeof(stamp), "%.3s %s %2d %02d:%02d:%02d %d UTC",
		 wday_long[gmt.tm_wday], mon_short[gmt.tm_mon], gmt.tm_mday,
		 gmt.tm_hour, gmt.tm_min, gmt.tm_sec, gmt.tm_year + 1900);
	snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02dZ",
		 gmt.tm_year + 1900, gmt.tm_mon + 1, gmt.tm_mday, gmt.tm_hour,
		 gmt.tm_min, gmt.tm_sec);

	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, TM_WEEKDAY, wday_long[gmt.tm_wday]);
	qctx_set_int(q, TM_YEAR, gmt.tm_year + 1900);
	qctx_set_int(q, TM_MONTH, gmt.tm_mon + 1);
	qctx_set_int(q, TM_DAY, gmt.tm_mday);
	qctx_set_int(q, TM_HOUR, gmt.tm_hour);
	qctx_set_int(q, TM_MINUTES, gmt.tm_min);
	qctx_set_int(q, TM_SECONDS, gmt.tm_sec);
	qctx_set_text(q, TM_TIMEZONE, "UTC");
	qctx_set_text(q, TM_LOCAL_TIMEZONE, zone[0] ? zone : "UTC");
	qctx_set_int(q, TM_UNIX_TIME, (int64_t)now);
	qctx_set_text(q, TM_TIMESTAMP, stamp);
	qctx_set_text(q, TM_DATETIME, iso);
	qctx_set_text(q, TM_ISO_8601, iso);
	return 0;
}

static const struct table time_table = {
	.name = "time",
	.desc = "Track current date and time in UTC.",
	.cols = time_cols,
	.ncols = TM_NCOLS,
	.generate = time_generate,
};

TABLE_REGISTER(time_table);
