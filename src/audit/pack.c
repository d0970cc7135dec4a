/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack.c: loading audit packs (see pack.h).
 *
 * Jansson parses the JSON (duplicate keys refused); this file checks the
 * shape: every key known, every required field a string, severities from
 * the four names, ids unique.  A malformed pack adds nothing, so a typo in
 * one check never leaves half a pack loaded.
 */
#include "audit/pack.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const severity_names[SEV_COUNT] = { "low", "medium", "high",
						       "critical" };

int pack_severity_parse(const char *name)
{
	int i;

	for (i = 0; i < SEV_COUNT; i++)
		if (strcmp(name, severity_names[i]) == 0)
			return i;
	return -1;
}

const char *pack_severity_name(enum severity s)
{
	return s < SEV_COUNT ? severity_names[s] : "unknown";
}

static void check_free(struct check *c)
{
	free(c->id);
	free(c->title);
	free(c->theme);
	free(c->rationale);
	free(c->remediation);
	free(c->seed);
	free(c->section);
	free(c->applies);
	free(c->applies_reason);
	free(c->query);
	free(c->pack);
}

void pack_release(struct pack *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		check_free(&p->checks[i]);
	free(p->checks);
	p->checks = NULL;
	p->n = p->alloc = 0;
}

const struct check *pack_find(const struct pack *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->checks[i].id, id) == 0)
			return &p->checks[i];
	return NULL;
}

static int fail(char *err, size_t errsize, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return -1;
}

/* Ids are short and plain, so they can be named on a command line. */
static bool valid_id(const char *id)
{
	size_t n = strlen(id), i;

	if (n == 0 || n > 64)
		return false;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/*
 * Copies the string member key of obj into *out.  Returns 0 (absent and
 * optional: *out stays NULL), or -1 with a message.  The -1 of a missing
 * required member is spelled out rather than taken from fail(): callers
 * use *out once this returns 0, and the static analyser does not follow
 * variadic calls to see that fail() never returns 0.
 */
static int get_str(json_t *obj, const char *key, bool required, char **out,
		   const char *where, char *err,
		   size_t errsize)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v) {
		if (!required)
			return 0;
		fail(err, errsize, "%s: missing \"%s\"", where, key);
		return -1;
	}
	if (!json_is_string(v)) {
		fail(err, errsize, "%s: \"%s\" must be a string", where, key);
		return -1;
	}
	*out = strdup(json_string_value(v));
	return *out ? 0 : fail(err, errsize, "out of memory");
}

static const char *const check_keys[] = {
	"id", "title", "theme", "severity", "rationale", "remediation",
	"source", "applies", "applies_reason", "query", NULL,
};

static bool known(const char *key, const char *const *keys)
{
	size_t i;

	for (i = 0; keys[i]; i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

/* Fills c from one vigil check object.  0, or -1 (c partly filled). */
static int parse_check(json_t *o, size_t index, struct check *c,
		       char *err, size_t errsize)
{
	char where[96], *sev = NULL;
	const char *key;
	json_t *v, *src;
	int s;

	snprintf(where, sizeof(where), "check #%zu", index + 1);
	if (!json_is_object(o))
		return fail(err, errsize, "%s: not an object", where);
	if (get_str(o, "id", true, &c->id, where, err, errsize) < 0)
		return -1;
	if (!valid_id(c->id))
		return fail(err, errsize,
			    "%s: invalid id '%s' (letters, digits, '-', "
			    "'_', '.'; at most 64)",
			    where, c->id);
	snprintf(where, sizeof(where), "check '%s'", c->id);
	json_object_foreach(o, key, v) {
		if (!known(key, check_keys))
			return fail(err, errsize, "%s: unknown key \"%s\"",
				    where, key);
	}
	if (get_str(o, "title", true, &c->title, where, err, errsize) < 0 ||
	    get_str(o, "query", true, &c->query, where, err, errsize) < 0 ||
	    get_str(o, "severity", true, &sev, where, err, errsize) < 0 ||
	    get_str(o, "theme", false, &c->theme, where, err, errsize) < 0 ||
	    get_str(o, "rationale", false, &c->rationale, where, err,
		    errsize) < 0 ||
	    get_str(o, "remediation", false, &c->remediation, where, err,
		    errsize) < 0 ||
	    get_str(o, "applies", false, &c->applies, where, err,
		    errsize) < 0 ||
	    get_str(o, "applies_reason", false, &c->applies_reason, where,
		    err, errsize) < 0) {
		free(sev);
		return -1;
	}
	s = pack_severity_parse(sev);
	if (s < 0) {
		fail(err, errsize,
		     "%s: unknown severity '%s' (low, medium, high or "
		     "critical)",
		     where, sev);
		free(sev);
		return -1;
	}
	free(sev);
	c->severity = (enum severity)s;
	src = json_object_get(o, "source");
	if (src) {
		if (!json_is_object(src))
			return fail(err, errsize,
				    "%s: \"source\" must be an object", where);
		if (get_str(src, "seed", false, &c->seed, where, err,
			    errsize) < 0 ||
		    get_str(src, "section", false, &c->section, where,
			    err, errsize) < 0)
			return -1;
	}
	if (!c->theme && !(c->theme = strdup("general")))
		return fail(err, errsize, "out of memory");
	return 0;
}

/* Fills c from one query of an osquery pack. */
static int parse_osquery(const char *name, json_t *o, struct check *c,
			 char *err, size_t errsize)
{
	char where[96];
	json_t *sev;

	snprintf(where, sizeof(where), "query '%s'", name);
	if (!json_is_object(o))
		return fail(err, errsize, "%s: not an object", where);
	if (!valid_id(name))
		return fail(err, errsize, "%s: invalid name for a check id",
			    where);
	c->id = strdup(name);
	if (!c->id)
		return fail(err, errsize, "out of memory");
	if (get_str(o, "query", true, &c->query, where, err, errsize) < 0 ||
	    get_str(o, "description", false, &c->title, where, err,
		    errsize) < 0)
		return -1;
	if (!c->title && !(c->title = strdup(name)))
		return fail(err, errsize, "out of memory");
	c->severity = SEV_MEDIUM;
	sev = json_object_get(o, "severity");
	if (sev) {
		int s = json_is_string(sev) ?
				pack_severity_parse(json_string_value(sev)) :
				-1;

		if (s < 0)
			return fail(err, errsize, "%s: unknown severity",
				    where);
		c->severity = (enum severity)s;
	}
	c->theme = strdup("osquery pack");
	return c->theme ? 0 : fail(err, errsize, "out of memory");
}

struct check *pack_add(struct pack *p)
{
	struct check *c;

	if (p->n == p->alloc) {
		size_t na = p->alloc ? p->alloc * 2 : 16;
		struct check *n = reallocarray(p->checks, na, sizeof(*n));

		if (!n)
			return NULL;
		p->checks = n;
		p->alloc = na;
	}
	c = &p->checks[p->n++];
	memset(c, 0, sizeof(*c));
	return c;
}

void pack_rollback(struct pack *p, size_t start)
{
	size_t i;

	for (i = start; i < p->n; i++)
		check_free(&p->checks[i]);
	p->n = start;
}

int pack_commit(struct pack *p, size_t start, const char *name, char *err,
		size_t errsize)
{
	size_t i, k;

	for (i = start; i < p->n; i++) {
		p->checks[i].pack = strdup(name);
		if (!p->checks[i].pack)
			return fail(err, errsize, "out of memory");
		for (k = 0; k < i; k++) {
			if (strcmp(p->checks[k].id, p->checks[i].id) == 0)
				return fail(err, errsize,
					    "check '%s': duplicate id (also in "
					    "%s)",
					    p->checks[i].id,
					    p->checks[k].pack ? p->checks[k].pack :
								name);
		}
	}
	return 0;
}

int pack_parse(struct pack *p, const char *name, const char *json, size_t len,
	       char *err, size_t errsize)
{
	size_t start = p->n, i;
	json_error_t jerr;
	json_t *root, *checks, *queries, *v;
	const char *key;
	int rc = -1;

	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return fail(err, errsize, "line %d, column %d: %s", jerr.line,
			    jerr.column, jerr.text);
	if (!json_is_object(root)) {
		fail(err, errsize, "a pack is a JSON object");
		goto out;
	}
	checks = json_object_get(root, "checks");
	queries = json_object_get(root, "queries");
	if (checks && !json_is_array(checks)) {
		fail(err, errsize, "\"checks\" must be an array");
		goto out;
	}
	if (queries && !json_is_object(queries)) {
		fail(err, errsize, "\"queries\" must be an object");
		goto out;
	}
	if (!checks && !queries) {
		fail(err, errsize,
		     "neither \"checks\" (a vigil pack) nor \"queries\" "
		     "(an osquery pack)");
		goto out;
	}
	json_array_foreach(checks, i, v) {
		struct check *c = pack_add(p);

		if (!c) {
			fail(err, errsize, "out of memory");
			goto out;
		}
		if (parse_check(v, i, c, err, errsize) < 0)
			goto out;
	}
	json_object_foreach(queries, key, v) {
		struct check *c = pack_add(p);

		if (!c) {
			fail(err, errsize, "out of memory");
			goto out;
		}
		if (parse_osquery(key, v, c, err, errsize) < 0)
			goto out;
	}
	rc = pack_commit(p, start, name, err, errsize);
out:
	if (rc < 0)
		pack_rollback(p, start);
	json_decref(root);
	return rc;
}
