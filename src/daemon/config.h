/* SPDX-License-Identifier: Apache-2.0 */
/*
 * config: the daemon's configuration, in osquery's JSON format.
 *
 *   { "options":    { "host_identifier": "hostname", ... },
 *     "schedule":   { "NAME": { "query": "SELECT ...", "interval": 60,
 *                               "snapshot": false, "removed": true,
 *                               "platform": "linux", "version": "5.0.0",
 *                               "denylist": true, "shard": 50,
 *                               "description": "...", "value": "..." } },
 *     "packs":      { "PACK": "/path/to/pack.conf" | { "queries": {...},
 *                     "platform": ..., "version": ..., "shard": ...,
 *                     "discovery": [ "SELECT ..." ] } },
 *     "decorators": { "load": [ SQL ], "always": [ SQL ],
 *                     "interval": { "3600": [ SQL ] } },
 *     "file_paths": { "CATEGORY": [ "/etc/%%" ] },
 *     "exclude_paths": { "CATEGORY": [ "/etc/mtab" ] },
 *     "file_accesses": [ "CATEGORY" ] }
 *
 * docs/config.md describes every key and option.  Options use osquery's
 * flag names where the meaning is the same.  Unknown keys are warnings;
 * a value of the wrong type, out of range or missing is an error, with the
 * file, line and column of the value (Jansson gives positions only for
 * syntax errors; jsonpos.h finds the others in the text).  The text may
 * nest at most CONFIG_MAX_DEPTH deep and be at most CONFIG_MAX_BYTES long.
 *
 * Parsing never prints: every finding becomes a struct config_diag in the
 * config, and the caller prints them (config_print_diags) or refuses the
 * config when nerrors > 0.
 */
#ifndef VIGIL_CONFIG_H
#define VIGIL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CONFIG_MAX_BYTES (4u << 20)
#define CONFIG_MAX_DEPTH 32
#define CONFIG_MAX_QUERIES 10000
#define CONFIG_MAX_NAME 200

/*
 * vigil answers the schema of this osquery release, so a query or pack
 * that asks for a minimum osquery `version` is compared with it.
 */
#define CONFIG_OSQUERY_VERSION "5.23.0"

/* The loggers vigil has, for the logger_plugin list. */
enum config_logger {
	CONFIG_LOG_FILESYSTEM = 1 << 0,
	CONFIG_LOG_SYSLOG = 1 << 1,
	CONFIG_LOG_STDOUT = 1 << 2,
};

enum config_hostid {
	CONFIG_HOSTID_HOSTNAME,
	CONFIG_HOSTID_UUID,
	CONFIG_HOSTID_INSTANCE,
	CONFIG_HOSTID_EPHEMERAL,
	CONFIG_HOSTID_SPECIFIED,
};

/* What the daemon does when the outgoing log queue reaches its cap. */
enum config_overflow {
	CONFIG_OVERFLOW_DROP_OLDEST,
	CONFIG_OVERFLOW_PAUSE,
};

struct config_options {
	int host_identifier;	 /* enum config_hostid */
	char *specified_identifier;
	char *logger_plugin;	 /* as written: "filesystem,syslog" */
	unsigned loggers;	 /* enum config_logger bits, from logger_plugin */
	char *logger_path;
	char *database_path;
	int64_t schedule_splay_percent;
	int64_t schedule_default_interval;
	int64_t schedule_epoch;
	bool log_result_events;
	bool logger_numerics;
	bool decorations_top_level;
	bool logger_rotate;
	int64_t logger_rotate_size;
	int64_t logger_rotate_max_files;
	int64_t logger_syslog_facility;
	int64_t buffered_log_max;
	int buffered_log_overflow; /* enum config_overflow */
	int64_t logger_min_status;
	int64_t logger_min_stderr;
	bool verbose;
	char *pack_delimiter;
	int64_t pack_refresh_interval;
};

struct config_query {
	char *name;	   /* schedule key, or "pack" DELIM PACK DELIM key */
	char *sql;
	int64_t interval;  /* seconds, > 0 */
	bool snapshot;	   /* log the whole result set every run */
	bool removed;	   /* log removed rows (differential queries) */
	bool denylist;	   /* the watchdog may denylist it */
	int64_t shard;	   /* 1..100: runs on that share of hosts; 0: all */
	char *description; /* informational, may be NULL */
	char *value;	   /* informational, may be NULL */
	char *skip;	   /* why it is not scheduled (platform, version), or NULL */
	int pack;	   /* index into packs, -1 for the schedule */
};

struct config_pack {
	char *name;
	char *file;	  /* file it was read from */
	char **discovery; /* SQL: the pack runs only when each returns rows */
	size_t ndiscovery;
	int64_t shard;	  /* 1..100, 0: all */
};

struct config_decorators {
	char **load;	/* run when the config is loaded */
	size_t nload;
	char **always;	/* run before every scheduled query */
	size_t nalways;
	struct config_dinterval {
		int64_t interval; /* seconds */
		char **sql;
		size_t n;
	} *interval;
	size_t ninterval;
};

/* A file_paths or exclude_paths category: osquery path patterns. */
struct config_paths {
	char *category;
	char **paths;
	size_t n;
};

enum config_sev { CONFIG_WARNING, CONFIG_ERROR };

struct config_diag {
	enum config_sev sev;
	char *file;	  /* the file it concerns */
	int line, column; /* 0 when it has no position */
	char *msg;
};

/* A pack named by a path, waiting for config_load to read it. */
struct config_packref {
	char *name;
	char *path;  /* as resolved against the config file's directory */
	char *file;  /* the config file that named it */
	int line, column;
};

struct config {
	char *file;
	struct config_options opt;
	struct config_query *queries;
	size_t nqueries, aqueries;
	struct config_pack *packs;
	size_t npacks;
	struct config_packref *packrefs;
	size_t npackrefs;
	struct config_decorators dec;
	struct config_paths *file_paths;
	size_t nfile_paths;
	struct config_paths *exclude_paths;
	size_t nexclude_paths;
	char **file_accesses;
	size_t nfile_accesses;
	struct config_diag *diags;
	size_t ndiags;
	int nerrors;
	int nwarnings;
};

/* A config with every default and nothing scheduled.  NULL on ENOMEM.
 * config_free() it. */
struct config *config_new(void);
void config_free(struct config *cfg);

/*
 * Parses a configuration document (text, len bytes, named file in
 * messages) into cfg.  Packs given inline are parsed; packs given by path
 * are listed in cfg->packrefs for the caller to read.  Returns 0, or -1
 * when this document had errors (the diags say which).  Pure: no I/O.
 */
int config_parse(struct config *cfg, const char *file, const char *text,
		 size_t len);

/* Parses a pack file's document as pack `name`.  0 or -1, as above. */
int config_parse_pack(struct config *cfg, const char *name, const char *file,
		      const char *text, size_t len);

/*
 * Completes a parsed config: names pack queries with the pack_delimiter,
 * refuses duplicate names, marks queries whose platform or version do not
 * apply, and checks options that depend on each other.  Call once, after
 * every config_parse/config_parse_pack.  0, or -1 with errors.
 */
int config_finish(struct config *cfg);

/*
 * Reads path (refusing a file or directory other users can write, or one
 * past CONFIG_MAX_BYTES), parses it, reads the packs it names by path
 * (same checks), and finishes.  Returns a config (config_free() it) whose
 * nerrors says whether it can be used, or NULL only when memory ran out.
 */
struct config *config_load(const char *path);

/*
 * Prints the diags, one per line, as
 *   vigil: FILE:LINE:COLUMN: message
 *   vigil: FILE:LINE:COLUMN: warning: message
 * (or "vigil: FILE: message" without a position).
 */
void config_print_diags(const struct config *cfg, FILE *fp);

/*
 * Checks whether a file holding configuration or queries is safe to load:
 * a regular file, not writable by other users (nor its group, unless that
 * is root's), in a directory other users cannot write (unless sticky).
 * Returns 0, or -1 with the reason in err.
 */
int config_check_perms(const char *path, int fd, char *err, size_t errsize);

#endif
