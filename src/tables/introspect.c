/* SPDX-License-Identifier: Apache-2.0 */
/*
 * introspect.c: vigil describing itself, under osquery's names:
 * osquery_info and osquery_flags.  Fleet managers read both to tell which
 * agent answers and how it is set up.
 *
 * osquery_info, one row
 *   pid             vigil's own process id (getpid)
 *   uuid            NULL: the host identifier comes with the daemon
 *   instance_id     NULL: vigil keeps no per-install identity yet
 *   version         vigil's version (VIGIL_VERSION, as `vigil version`)
 *   config_hash     NULL, and config_valid 0: no configuration is loaded
 *   extensions      "inactive": vigil loads no extensions
 *   build_platform  "linux"
 *   build_distro    VIGIL_BUILD_DISTRO when the build defines it (e.g.
 *                   "debian12"), else NULL
 *   start_time      when this process started, in Unix seconds: the time
 *                   taken by a constructor as the program loaded, so it
 *                   needs no /proc (which under --root is the image's)
 *   watcher         -1: no watchdog process (`vigil query`, `vigil shell`)
 *   platform_mask   9, osquery's POSIX (1) | LINUX (8)
 *
 * osquery_flags, one row per vigil flag, from flags[] below: name, type
 * ("string", "bool", "int32" ... as osquery writes them), description,
 * default_value, value (what this process uses) and shell_only (1 for a
 * flag only the interactive shell reads).  Code that adds a flag adds its
 * line to flags[].
 *
 * Required constraints: none.  Privileges: none.  Neither table reads the
 * host: they describe the running vigil, whatever --root says.
 *
 * Example:
 *   SELECT version, pid, start_time FROM osquery_info;
 *   SELECT name, value FROM osquery_flags WHERE value != default_value;
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sql/table.h"
#include "util/hostfs.h"

/* osquery's PlatformType bits. */
#define PLATFORM_POSIX 0x01
#define PLATFORM_LINUX 0x08

/* When the process started: set before main() runs. */
static int64_t start_time = -1;

__attribute__((constructor)) static void note_start_time(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == 0)
		start_time = ts.tv_sec;
}

/* ---------------------------------------------------------------- */
/* osquery_info */

enum {
	OI_PID,
	OI_UUID,
	OI_INSTANCE_ID,
	OI_VERSION,
	OI_CONFIG_HASH,
	OI_CONFIG_VALID,
	OI_EXTENSIONS,
	OI_BUILD_PLATFORM,
	OI_BUILD_DISTRO,
	OI_START_TIME,
	OI_WATCHER,
	OI_PLATFORM_MASK,
	OI_NCOLS
};

static const struct column osquery_info_cols[] = {
	{ "pid", COL_INTEGER, 0, "Process (or thread/handle) ID." },
	{ "uuid", COL_TEXT, COL_NOCASE,
	  "Unique ID of this host; NULL until the daemon has one." },
	{ "instance_id", COL_TEXT, 0,
	  "Unique, long-lived ID per instance (NULL: none yet)." },
	{ "version", COL_TEXT, COL_VERSION, "vigil's version." },
	{ "config_hash", COL_TEXT, COL_NOCASE,
	  "Hash of the working configuration state (NULL: none loaded)." },
	{ "config_valid", COL_INTEGER, 0,
	  "1 if the config was loaded and is valid, else 0." },
	{ "extensions", COL_TEXT, 0,
	  "Extension manager status: always \"inactive\"." },
	{ "build_platform", COL_TEXT, 0, "Platform vigil was built for." },
	{ "build_distro", COL_TEXT, 0,
	  "Distribution vigil was built on, when the build says." },
	{ "start_time", COL_INTEGER, 0,
	  "UNIX time in seconds when the process started." },
	{ "watcher", COL_INTEGER, 0,
	  "Process id of the watchdog, -1 when there is none." },
	{ "platform_mask", COL_INTEGER, 0,
	  "The osquery platform bitmask: 9 (POSIX, Linux)." },
};

_Static_assert(TABLE_NCOLS(osquery_info_cols) == OI_NCOLS,
	       "osquery_info column enum and array disagree");

static int osquery_info_generate(struct qctx *q)
{
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, OI_PID, (int64_t)getpid());
	qctx_set_text(q, OI_VERSION, VIGIL_VERSION);
	qctx_set_int(q, OI_CONFIG_VALID, 0);
	qctx_set_text(q, OI_EXTENSIONS, "inactive");
	qctx_set_text(q, OI_BUILD_PLATFORM, "linux");
#ifdef VIGIL_BUILD_DISTRO
	qctx_set_text(q, OI_BUILD_DISTRO, VIGIL_BUILD_DISTRO);
#endif
	if (start_time >= 0)
		qctx_set_int(q, OI_START_TIME, start_time);
	qctx_set_int(q, OI_WATCHER, -1);
	qctx_set_int(q, OI_PLATFORM_MASK, PLATFORM_POSIX | PLATFORM_LINUX);
	return 0;
}

static const struct table osquery_info_table = {
	.name = "osquery_info",
	.desc = "Top level information about the running vigil process.",
	.cols = osquery_info_cols,
	.ncols = OI_NCOLS,
	.generate = osquery_info_generate,
};

TABLE_REGISTER(osquery_info_table);

/* ---------------------------------------------------------------- */
/* osquery_flags */

enum {
	OF_NAME,
	OF_TYPE,
	OF_DESCRIPTION,
	OF_DEFAULT_VALUE,
	OF_VALUE,
	OF_SHELL_ONLY,
	OF_NCOLS
};

static const struct column osquery_flags_cols[] = {
	{ "name", COL_TEXT, 0, "Flag name." },
	{ "type", COL_TEXT, 0, "Flag type: string, bool, int32 ..." },
	{ "description", COL_TEXT, 0, "Flag description." },
	{ "default_value", COL_TEXT, 0, "Flag default value." },
	{ "value", COL_TEXT, 0, "Flag value in this process." },
	{ "shell_only", COL_INTEGER, 0,
	  "1 if the flag is read by the interactive shell only." },
};

_Static_assert(TABLE_NCOLS(osquery_flags_cols) == OF_NCOLS,
	       "osquery_flags column enum and array disagree");

/* One flag: its value is asked for when a query runs. */
struct flag {
	const char *name;
	const char *type;
	const char *desc;
	const char *def;
	const char *(*value)(void);
	bool shell_only;
};

static const struct flag flags[] = {
	{ "root", "string",
	  "Directory every table reads the host from (an image, a "
	  "container root)",
	  "/", hostfs_root, false },
};

static int osquery_flags_generate(struct qctx *q)
{
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_text(q, OF_NAME, flags[i].name);
		qctx_set_text(q, OF_TYPE, flags[i].type);
		qctx_set_text(q, OF_DESCRIPTION, flags[i].desc);
		qctx_set_text(q, OF_DEFAULT_VALUE, flags[i].def);
		qctx_set_text(q, OF_VALUE, flags[i].value());
		qctx_set_int(q, OF_SHELL_ONLY, flags[i].shell_only);
	}
	return 0;
}

static const struct table osquery_flags_table = {
	.name = "osquery_flags",
	.desc = "Configurable flags that modify vigil's behavior.",
	.cols = osquery_flags_cols,
	.ncols = OF_NCOLS,
	.generate = osquery_flags_generate,
};

TABLE_REGISTER(osquery_flags_table);
