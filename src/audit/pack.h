/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack: audit checks as data.
 *
 * A check is an SQL query that returns the offending rows (no row: pass),
 * with an id, a title, a theme, a severity, a rationale and a remediation
 * in our own words, the seed objective it enforces, and an optional
 * `applies` query (no row: not applicable, with `applies_reason` saying
 * why).  Packs are JSON:
 *
 *   { "name": "...", "description": "...",
 *     "checks": [ { "id": "KRN-001", "title": "...", "theme": "kernel",
 *                   "severity": "medium", "rationale": "...",
 *                   "remediation": "...",
 *                   "source": { "seed": "003_...txt", "section": "..." },
 *                   "applies": "SELECT ...", "applies_reason": "...",
 *                   "query": "SELECT ..." } ] }
 *
 * osquery pack files ({"queries": {"name": {"query": ..., "description":
 * ...}}}) load too: each query becomes a check whose rows are findings.
 *
 * Parsing never prints: errors come back in a caller's buffer as
 * "<where>: <what>" ("check 'KRN-001': unknown severity 'huge'", "line 3,
 * column 9: ..."); the caller names the file.
 */
#ifndef VIGIL_PACK_H
#define VIGIL_PACK_H

#include <stdbool.h>
#include <stddef.h>

enum severity {
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
	SEV_COUNT,
};

struct check {
	char *id;
	char *title;
	char *theme;
	enum severity severity;
	char *rationale;
	char *remediation;
	char *seed;    /* seed document the check derives from, or NULL */
	char *section; /* its section, or NULL */
	char *applies; /* SQL; NULL when the check always applies */
	char *applies_reason; /* why it may not apply */
	char *query;   /* SQL returning offending rows */
	char *pack;    /* name of the pack it came from */
	bool policy;   /* fleet policy: passes when the query returns rows */
};

struct pack {
	struct check *checks;
	size_t n, alloc;
};

/* Severity names "low" ... "critical"; -1 for an unknown name. */
int pack_severity_parse(const char *name);
const char *pack_severity_name(enum severity s);

/*
 * Parses a pack from len bytes of JSON and appends its checks to p.  name
 * labels the pack in errors and in each check's `pack`.  Returns 0, or -1
 * with a message in err (nothing is appended then).  Ids must be unique
 * within p.
 */
int pack_parse(struct pack *p, const char *name, const char *json, size_t len,
	       char *err, size_t errsize);

/*
 * For other readers of check files (policy.c): pack_add appends a zeroed
 * check (NULL when memory runs out); pack_commit labels the checks from
 * index start on with the pack's name and refuses duplicate ids (0, or -1
 * with err); pack_rollback drops the checks from start on.
 */
struct check *pack_add(struct pack *p);
int pack_commit(struct pack *p, size_t start, const char *name, char *err,
		size_t errsize);
void pack_rollback(struct pack *p, size_t start);

/* Finds a check by id; NULL when absent. */
const struct check *pack_find(const struct pack *p, const char *id);

void pack_release(struct pack *p);

/* The built-in packs, compiled into the binary: NUL-terminated JSON. */
struct builtin_pack {
	const char *name;
	const char *json;
};
const struct builtin_pack *pack_builtins(size_t *n);

#endif
