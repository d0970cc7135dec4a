/* SPDX-License-Identifier: Apache-2.0 */
/*
 * config.c: the daemon's configuration (see config.h and docs/config.md).
 *
 * Jansson parses the text (rejecting duplicate keys); this file walks the
 * resulting tree key by key, checking each value's type and range against
 * what osquery documents and vigil supports, and fills struct config.  The
 * walk keeps the path it is at (schedule -> users -> interval) so that a
 * finding can be reported with that path and, through jsonpos, the line
 * and column of the value or key it concerns.
 *
 * Options are table-driven (opts[] below): a new option is one line there,
 * one field in struct config_options, its default in config_new() and a
 * row in docs/config.md.
 */
#include "daemon/config.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/jsonpos.h"
#include "util/buf.h"

/* ---------------------------------------------------------------- */
/* The walk's context and its findings */

#define PATH_MAX_SEGS (CONFIG_MAX_DEPTH + 2)

struct pctx {
	struct config *cfg;
	const char *file;
	const char *text;
	size_t len;
	struct jsonpos_seg path[PATH_MAX_SEGS];
	size_t depth;
	int errors; /* errors found in this document */
};

static void push_key(struct pctx *p, const char *key)
{
	if (p->depth < PATH_MAX_SEGS)
		p->path[p->depth] = (struct jsonpos_seg){ key, 0 };
	p->depth++;
}

static void push_index(struct pctx *p, size_t index)
{
	if (p->depth < PATH_MAX_SEGS)
		p->path[p->depth] = (struct jsonpos_seg){ NULL, index };
	p->depth++;
}

static void pop(struct pctx *p)
{
	p->depth--;
}

/* The current path as text: schedule.users.interval, decorators.load[2]. */
static void path_text(const struct pctx *p, char *dst, size_t size)
{
	size_t i, n = p->depth, off = 0;

	if (n > PATH_MAX_SEGS)
		n = PATH_MAX_SEGS; /* deeper segments were counted, not kept */
	dst[0] = '\0';
	for (i = 0; i < n && off < size; i++) {
		int w;

		if (p->path[i].key)
			w = snprintf(dst + off, size - off, "%s%s", i ? "." : "",
				     p->path[i].key);
		else
			w = snprintf(dst + off, size - off, "[%zu]",
				     p->path[i].index);
		if (w < 0)
			break;
		off += (size_t)w;
	}
}

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Records a finding.  Out of memory, the finding is lost but still counts. */
static void add_diag(struct config *cfg, enum config_sev sev, const char *file,
		     int line, int column, const char *msg)
{
	struct config_diag *d;

	if (sev == CONFIG_ERROR)
		cfg->nerrors++;
	else
		cfg->nwarnings++;
	d = realloc(cfg->diags, (cfg->ndiags + 1) * sizeof(*d));
	if (!d)
		return;
	cfg->diags = d;
	d += cfg->ndiags;
	d->sev = sev;
	d->file = xstrdup(file);
	d->line = line;
	d->column = column;
	d->msg = xstrdup(msg);
	if (!d->msg) {
		free(d->file);
		return;
	}
	cfg->ndiags++;
}

enum where { AT_VALUE, AT_KEY, AT_NONE };

/*
 * A finding about the value (or key) at the current path.  The message is
 * prefixed with the path unless it is empty.
 */
__attribute__((format(printf, 4, 5))) static void
diag(struct pctx *p, enum config_sev sev, enum where at, const char *fmt, ...)
{
	char msg[1024], where[512];
	struct jsonpos pos = { 0, 0, 0 };
	size_t n = p->depth < PATH_MAX_SEGS ? p->depth : PATH_MAX_SEGS;
	va_list ap;
	int off = 0;

	path_text(p, where, sizeof(where));
	if (where[0])
		off = snprintf(msg, sizeof(msg), "%s: ", where);
	if (off < 0 || (size_t)off >= sizeof(msg))
		off = 0;
	va_start(ap, fmt);
	vsnprintf(msg + off, sizeof(msg) - (size_t)off, fmt, ap);
	va_end(ap);
	if (at != AT_NONE && p->text &&
	    jsonpos_find(p->text, p->len, p->path, n, at == AT_KEY, &pos) < 0)
		pos.line = pos.column = 0;
	if (sev == CONFIG_ERROR)
		p->errors++;
	add_diag(p->cfg, sev, p->file, pos.line, pos.column, msg);
}

static void oom(struct pctx *p)
{
	diag(p, CONFIG_ERROR, AT_NONE, "out of memory");
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number with a fraction";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "something else";
}

/* True when v has type t; else reports "expected <what>, got <type>". */
static bool expect(struct pctx *p, const json_t *v, json_type t,
		   const char *what)
{
	bool okay = t == JSON_TRUE ? json_is_boolean(v) : json_typeof(v) == t;

	if (!okay)
		diag(p, CONFIG_ERROR, AT_VALUE, "expected %s, got %s", what,
		     type_name(v));
	return okay;
}

static void unknown_key(struct pctx *p, const char *what)
{
	diag(p, CONFIG_WARNING, AT_KEY, "unknown %s (ignored)", what);
}

/* Reads an integer in [min, max]; false (reported) otherwise. */
static bool get_int(struct pctx *p, const json_t *v, int64_t min, int64_t max,
		    int64_t *out)
{
	json_int_t i;

	if (!expect(p, v, JSON_INTEGER, "an integer"))
		return false;
	i = json_integer_value(v);
	if (i < min || i > max) {
		diag(p, CONFIG_ERROR, AT_VALUE,
		     "%lld is out of range (%lld to %lld)", (long long)i,
		     (long long)min, (long long)max);
		return false;
	}
	*out = i;
	return true;
}

/* Replaces *dst with a copy of string v; false (reported) otherwise. */
static bool get_str(struct pctx *p, const json_t *v, bool nonempty, char **dst)
{
	char *s;

	if (!expect(p, v, JSON_STRING, "a string"))
		return false;
	if (nonempty && json_string_length(v) == 0) {
		diag(p, CONFIG_ERROR, AT_VALUE, "must not be empty");
		return false;
	}
	s = strdup(json_string_value(v));
	if (!s) {
		oom(p);
		return false;
	}
	free(*dst);
	*dst = s;
	return true;
}

/* A list of strings; each element checked (and reported) on its own. */
static bool get_strlist(struct pctx *p, const json_t *v, char ***list,
			size_t *n)
{
	size_t i;
	json_t *e;

	if (!expect(p, v, JSON_ARRAY, "an array of strings"))
		return false;
	json_array_foreach(v, i, e) {
		char **grown, *s = NULL;

		push_index(p, i);
		if (get_str(p, e, true, &s)) {
			grown = realloc(*list, (*n + 1) * sizeof(**list));
			if (!grown) {
				free(s);
				oom(p);
			} else {
				*list = grown;
				grown[(*n)++] = s;
			}
		}
		pop(p);
	}
	return true;
}

static void free_strlist(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* ---------------------------------------------------------------- */
/* Options */

enum opt_type { OPT_BOOL, OPT_INT, OPT_STRING, OPT_PATH, OPT_CHOICE, OPT_LOGGERS };

struct optdesc {
	const char *name;
	enum opt_type type;
	size_t off;
	int64_t min, max;
	const char *const *choices;
};

static const char *const hostid_choices[] = {
	"hostname", "uuid", "instance", "ephemeral", "specified", NULL,
};
static const char *const overflow_choices[] = { "drop_oldest", "pause", NULL };
static const char *const logger_names[] = { "filesystem", "syslog", "stdout",
					    NULL };

#define OFF(f) offsetof(struct config_options, f)
#define I64_MAX INT64_MAX

static const struct optdesc opts[] = {
	{ "host_identifier", OPT_CHOICE, OFF(host_identifier), 0, 0, hostid_choices },
	{ "specified_identifier", OPT_STRING, OFF(specified_identifier), 0, 0, NULL },
	{ "logger_plugin", OPT_LOGGERS, OFF(logger_plugin), 0, 0, NULL },
	{ "logger_path", OPT_PATH, OFF(logger_path), 0, 0, NULL },
	{ "database_path", OPT_PATH, OFF(database_path), 0, 0, NULL },
	{ "schedule_splay_percent", OPT_INT, OFF(schedule_splay_percent), 0, 100, NULL },
	{ "schedule_default_interval", OPT_INT, OFF(schedule_default_interval), 1, 31536000, NULL },
	{ "schedule_epoch", OPT_INT, OFF(schedule_epoch), 0, I64_MAX, NULL },
	{ "log_result_events", OPT_BOOL, OFF(log_result_events), 0, 0, NULL },
	{ "logger_numerics", OPT_BOOL, OFF(logger_numerics), 0, 0, NULL },
	{ "decorations_top_level", OPT_BOOL, OFF(decorations_top_level), 0, 0, NULL },
	{ "logger_rotate", OPT_BOOL, OFF(logger_rotate), 0, 0, NULL },
	{ "logger_rotate_size", OPT_INT, OFF(logger_rotate_size), 4096, I64_MAX, NULL },
	{ "logger_rotate_max_files", OPT_INT, OFF(logger_rotate_max_files), 1, 1000, NULL },
	{ "logger_syslog_facility", OPT_INT, OFF(logger_syslog_facility), 0, 23, NULL },
	{ "buffered_log_max", OPT_INT, OFF(buffered_log_max), 0, I64_MAX, NULL },
	{ "buffered_log_overflow", OPT_CHOICE, OFF(buffered_log_overflow), 0, 0, overflow_choices },
	{ "logger_min_status", OPT_INT, OFF(logger_min_status), 0, 3, NULL },
	{ "logger_min_stderr", OPT_INT, OFF(logger_min_stderr), 0, 3, NULL },
	{ "verbose", OPT_BOOL, OFF(verbose), 0, 0, NULL },
	{ "pack_delimiter", OPT_STRING, OFF(pack_delimiter), 0, 0, NULL },
	{ "pack_refresh_interval", OPT_INT, OFF(pack_refresh_interval), 1, 31536000, NULL },
};

/* Parses "filesystem,syslog" into logger bits; -1 naming the bad one. */
static int parse_loggers(struct pctx *p, const char *list, unsigned *bits)
{
	const char *s = list;

	*bits = 0;
	while (*s) {
		size_t n, i;

		while (*s == ',' || *s == ' ')
			s++;
		n = strcspn(s, ", ");
		if (n == 0)
			break;
		for (i = 0; logger_names[i]; i++)
			if (strlen(logger_names[i]) == n &&
			    memcmp(logger_names[i], s, n) == 0)
				break;
		if (!logger_names[i]) {
			diag(p, CONFIG_ERROR, AT_VALUE,
			     "unknown logger plugin '%.*s' (vigil has "
			     "filesystem, syslog and stdout)",
			     (int)(n > 64 ? 64 : n), s);
			return -1;
		}
		*bits |= 1u << i;
		s += n;
	}
	return 0;
}

static void parse_option(struct pctx *p, const struct optdesc *o,
			 const json_t *v)
{
	char *base = (char *)&p->cfg->opt + o->off;
	size_t i;

	switch (o->type) {
	case OPT_BOOL:
		if (expect(p, v, JSON_TRUE, "true or false"))
			*(bool *)base = json_is_true(v);
		break;
	case OPT_INT:
		get_int(p, v, o->min, o->max, (int64_t *)base);
		break;
	case OPT_STRING:
		get_str(p, v, false, (char **)base);
		break;
	case OPT_PATH:
		if (!expect(p, v, JSON_STRING, "a string"))
			break;
		if (json_string_value(v)[0] != '/') {
			diag(p, CONFIG_ERROR, AT_VALUE,
			     "must be an absolute path");
			break;
		}
		get_str(p, v, true, (char **)base);
		break;
	case OPT_CHOICE:
		if (!expect(p, v, JSON_STRING, "a string"))
			break;
		for (i = 0; o->choices[i]; i++)
			if (strcmp(o->choices[i], json_string_value(v)) == 0)
				break;
		if (!o->choices[i]) {
			char list[256] = "";
			size_t off = 0, j;

			for (j = 0; o->choices[j] && off < sizeof(list); j++) {
				int w = snprintf(list + off, sizeof(list) - off,
						 "%s%s", j ? ", " : "",
						 o->choices[j]);
				if (w < 0)
					break;
				off += (size_t)w;
			}
			diag(p, CONFIG_ERROR, AT_VALUE,
			     "unknown value '%.64s' (one of: %s)",
			     json_string_value(v), list);
			break;
		}
		*(int *)base = (int)i;
		break;
	case OPT_LOGGERS: {
		unsigned bits;

		if (!expect(p, v, JSON_STRING, "a string"))
			break;
		if (parse_loggers(p, json_string_value(v), &bits) < 0)
			break;
		if (get_str(p, v, false, (char **)base))
			p->cfg->opt.loggers = bits;
		break;
	}
	}
}

static void parse_options(struct pctx *p, const json_t *obj)
{
	const char *key;
	json_t *v;
	size_t i;

	if (!expect(p, obj, JSON_OBJECT, "an object"))
		return;
	json_object_foreach((json_t *)obj, key, v) {
		push_key(p, key);
		for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
			if (strcmp(opts[i].name, key) == 0)
				break;
		if (i < sizeof(opts) / sizeof(opts[0]))
			parse_option(p, &opts[i], v);
		else
			unknown_key(p, "option");
		pop(p);
	}
	/* Options that depend on each other, where both are in this text. */
	if (p->cfg->opt.host_identifier == CONFIG_HOSTID_SPECIFIED &&
	    (!p->cfg->opt.specified_identifier ||
	     !p->cfg->opt.specified_identifier[0])) {
		push_key(p, "host_identifier");
		diag(p, CONFIG_ERROR, AT_VALUE,
		     "is \"specified\" but specified_identifier is empty");
		pop(p);
	}
}

/* ---------------------------------------------------------------- */
/* Queries: the schedule and pack queries */

/* Whether an osquery platform list includes Linux ("" and "all" do). */
static bool platform_linux(const char *list)
{
	static const char *const yes[] = { "linux", "posix", "all", "any",
					   "ubuntu", "centos", NULL };
	const char *s = list;
	bool any = false;

	while (*s) {
		size_t n, i;

		while (*s == ',' || *s == ' ')
			s++;
		n = strcspn(s, ", ");
		if (n == 0)
			break;
		any = true;
		for (i = 0; yes[i]; i++)
			if (strlen(yes[i]) == n && strncmp(yes[i], s, n) == 0)
				return true;
		s += n;
	}
	return !any;
}

/* Compares dotted versions numerically ("5.10" > "5.9"); -2 if malformed. */
static int version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		char *ea, *eb;
		unsigned long x = 0, y = 0;

		if (*a) {
			errno = 0;
			x = strtoul(a, &ea, 10);
			if (ea == a || errno)
				return -2;
			a = ea;
		}
		if (*b) {
			errno = 0;
			y = strtoul(b, &eb, 10);
			if (eb == b || errno)
				return -2;
			b = eb;
		}
		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '.')
			a++;
		else if (*a)
			return -2;
		if (*b == '.')
			b++;
		else if (*b)
			return -2;
	}
	return 0;
}

/*
 * Checks a platform or version value for a query or pack; returns the
 * reason it does not apply here (malloc'd), or NULL.  A malformed version
 * is reported and ignored.
 */
static char *applies(struct pctx *p, const char *platform, const char *version)
{
	char why[256];
	int c;

	if (platform && !platform_linux(platform)) {
		snprintf(why, sizeof(why), "platform '%.64s' does not include "
			 "linux", platform);
		return strdup(why);
	}
	if (version && version[0]) {
		c = version_cmp(version, CONFIG_OSQUERY_VERSION);
		if (c == -2) {
			push_key(p, "version");
			diag(p, CONFIG_WARNING, AT_VALUE,
			     "'%.64s' is not a version like 5.0.1 (ignored)",
			     version);
			pop(p);
		} else if (c > 0) {
			snprintf(why, sizeof(why),
				 "it needs osquery %.64s; vigil follows %s",
				 version, CONFIG_OSQUERY_VERSION);
			return strdup(why);
		}
	}
	return NULL;
}

static void free_query(struct config_query *q)
{
	free(q->name);
	free(q->sql);
	free(q->description);
	free(q->value);
	free(q->skip);
}

static struct config_query *add_query(struct pctx *p)
{
	struct config *cfg = p->cfg;
	struct config_query *q;

	if (cfg->nqueries >= CONFIG_MAX_QUERIES) {
		diag(p, CONFIG_ERROR, AT_KEY, "more than %d queries",
		     CONFIG_MAX_QUERIES);
		return NULL;
	}
	if (cfg->nqueries == cfg->aqueries) {
		size_t na = cfg->aqueries ? cfg->aqueries * 2 : 16;

		q = realloc(cfg->queries, na * sizeof(*q));
		if (!q) {
			oom(p);
			return NULL;
		}
		cfg->queries = q;
		cfg->aqueries = na;
	}
	q = &cfg->queries[cfg->nqueries];
	memset(q, 0, sizeof(*q));
	q->removed = true;
	q->denylist = true;
	q->pack = -1;
	return q;
}

/*
 * Parses one query object at the current path (its name is the last key).
 * pack_skip is why the pack around it does not apply here, if it does not.
 */
static void parse_query(struct pctx *p, const char *name, const json_t *obj,
			int pack, const char *pack_skip)
{
	struct config_query *q;
	char *platform = NULL, *version = NULL;
	int errors = p->errors;
	const char *key;
	json_t *v;

	if (!expect(p, obj, JSON_OBJECT, "an object"))
		return;
	if (name[0] == '\0' || strlen(name) > CONFIG_MAX_NAME) {
		diag(p, CONFIG_ERROR, AT_KEY,
		     "a query name must have 1 to %d characters",
		     CONFIG_MAX_NAME);
		return;
	}
	q = add_query(p);
	if (!q)
		return;
	q->pack = pack;
	json_object_foreach((json_t *)obj, key, v) {
		push_key(p, key);
		if (strcmp(key, "query") == 0)
			get_str(p, v, true, &q->sql);
		else if (strcmp(key, "interval") == 0)
			get_int(p, v, 1, 31536000, &q->interval);
		else if (strcmp(key, "snapshot") == 0) {
			if (expect(p, v, JSON_TRUE, "true or false"))
				q->snapshot = json_is_true(v);
		} else if (strcmp(key, "removed") == 0) {
			if (expect(p, v, JSON_TRUE, "true or false"))
				q->removed = json_is_true(v);
		} else if (strcmp(key, "denylist") == 0 ||
			   strcmp(key, "blacklist") == 0) {
			if (expect(p, v, JSON_TRUE, "true or false"))
				q->denylist = json_is_true(v);
		} else if (strcmp(key, "platform") == 0)
			get_str(p, v, false, &platform);
		else if (strcmp(key, "version") == 0)
			get_str(p, v, false, &version);
		else if (strcmp(key, "shard") == 0)
			get_int(p, v, 1, 100, &q->shard);
		else if (strcmp(key, "description") == 0)
			get_str(p, v, false, &q->description);
		else if (strcmp(key, "value") == 0)
			get_str(p, v, false, &q->value);
		else
			unknown_key(p, "key");
		pop(p);
	}
	q->name = strdup(name);
	if (!q->name)
		oom(p);
	if (!q->sql && errors == p->errors)
		diag(p, CONFIG_ERROR, AT_KEY, "has no \"query\"");
	if (p->errors == errors) {
		q->skip = pack_skip ? strdup(pack_skip)
				    : applies(p, platform, version);
		if (pack_skip && !q->skip)
			oom(p);
	}
	free(platform);
	free(version);
	if (p->errors != errors) {
		free_query(q);
		return;
	}
	p->cfg->nqueries++;
}

static void parse_schedule(struct pctx *p, const json_t *obj)
{
	const char *key;
	json_t *v;

	if (!expect(p, obj, JSON_OBJECT, "an object"))
		return;
	json_object_foreach((json_t *)obj, key, v) {
		push_key(p, key);
		parse_query(p, key, v, -1, NULL);
		pop(p);
	}
}

/* ---------------------------------------------------------------- */
/* Packs */

static const char *str_member(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void parse_pack_object(struct pctx *p, const char *name,
			      const json_t *obj)
{
	struct config *cfg = p->cfg;
	struct config_pack *pk;
	const char *key;
	char *skip;
	json_t *v;
	int idx;

	if (!expect(p, obj, JSON_OBJECT, "an object"))
		return;
	pk = realloc(cfg->packs, (cfg->npacks + 1) * sizeof(*pk));
	if (!pk) {
		oom(p);
		return;
	}
	cfg->packs = pk;
	idx = (int)cfg->npacks;
	pk += cfg->npacks++;
	memset(pk, 0, sizeof(*pk));
	pk->name = strdup(name);
	pk->file = xstrdup(p->file);
	if (!pk->name || !pk->file)
		oom(p);
	skip = applies(p, str_member(obj, "platform"), str_member(obj, "version"));
	if (!json_object_get(obj, "queries"))
		diag(p, CONFIG_ERROR, p->depth ? AT_KEY : AT_VALUE,
		     "has no \"queries\"");
	json_object_foreach((json_t *)obj, key, v) {
		push_key(p, key);
		if (strcmp(key, "queries") == 0) {
			const char *qname;
			json_t *qv;

			if (expect(p, v, JSON_OBJECT, "an object")) {
				json_object_foreach(v, qname, qv) {
					push_key(p, qname);
					parse_query(p, qname, qv, idx, skip);
					pop(p);
				}
			}
		} else if (strcmp(key, "discovery") == 0) {
			get_strlist(p, v, &cfg->packs[idx].discovery,
				    &cfg->packs[idx].ndiscovery);
		} else if (strcmp(key, "shard") == 0) {
			get_int(p, v, 1, 100, &cfg->packs[idx].shard);
		} else if (strcmp(key, "platform") == 0 ||
			   strcmp(key, "version") == 0) {
			expect(p, v, JSON_STRING, "a string");
		} else if (strcmp(key, "description") == 0 ||
			   strcmp(key, "oncall") == 0 ||
			   strcmp(key, "name") == 0) {
			/* Informational in osquery too. */
		} else {
			unknown_key(p, "key");
		}
		pop(p);
	}
	free(skip);
}

/* A relative pack path is taken from the directory of the file naming it. */
static char *resolve_path(const char *file, const char *path)
{
	const char *slash = file ? strrchr(file, '/') : NULL;
	size_t dn, pn = strlen(path);
	char *out;

	if (path[0] == '/' || !slash)
		return strdup(path);
	dn = (size_t)(slash - file);
	out = malloc(dn + 1 + pn + 1);
	if (!out)
		return NULL;
	memcpy(out, file, dn);
	out[dn] = '/';
	memcpy(out + dn + 1, path, pn + 1);
	return out;
}

static void parse_packs(struct pctx *p, const json_t *obj)
{
	struct config *cfg = p->cfg;
	const char *key;
	json_t *v;

	if (!expect(p, obj, JSON_OBJECT, "an object"))
		return;
	json_object_foreach((json_t *)obj, key, v) {
		push_key(p, key);
		if (json_is_string(v)) {
			struct config_packref *r;
			struct jsonpos pos = { 0, 0, 0 };

			r = realloc(cfg->packrefs,
				    (cfg->npackrefs + 1) * sizeof(*r));
			if (!r) {
				oom(p);
				pop(p);
				continue;
			}
			cfg->packrefs = r;
			r += cfg->npackrefs++;
			jsonpos_find(p->text, p->len, p->path, p->depth, false,
				     &pos);
			r->name = strdup(key);
			r->path = resolve_path(p->file, json_string_value(v));
			r->file = xstrdup(p->file);
			r->line = pos.line;
			r->column = pos.column;
			if (!r->name || !r->path || (p->file && !r->file))
				oom(p);
		} else if (json_is_object(v)) {
			parse_pack_object(p, key, v);
		} else {
			diag(p, CONFIG_ERROR, AT_VALUE,
			     "expected an object or the path of a pack file, "
			     "got %s", type_name(v));
		}
		pop(p);
	}
}

/* ---------------------------------------------------------------- */
/* Decorators and file paths */

static void parse_decorators(struct pctx *p, const json_t *obj)
{
	struct config_decorators *d = &p->cfg->dec;
	const char *key;
	json_t *v;

	if (!expect(p, obj, JSON_OBJECT, "an object"))
		return;
	json_object_foreach((json_t *)obj, key, v) {
		push_key(p, key);
		if (strcmp(key, "load") == 0) {
			get_strlist(p, v, &d->load, &d->nload);
		} else if (strcmp(key, "always") == 0) {
			get_strlist(p, v, &d->always, &d->nalways);
		} else if (strcmp(key, "interval") == 0) {
			const char *ik;
			json_t *iv;

			if (!expect(p, v, JSON_OBJECT, "an object")) {
				pop(p);
				continue;
			}
			json_object_foreach(v, ik, iv) {
				struct config_dinterval *di;
				char *end;
				long long secs;

				push_key(p, ik);
				errno = 0;
				secs = strtoll(ik, &end, 10);
				if (end == ik || *end || errno || secs < 1 ||
				    secs > 31536000) {
					diag(p, CONFIG_ERROR, AT_KEY,
					     "expected a number of seconds "
					     "(1 to 31536000) as the key");
					pop(p);
					continue;
				}
				di = realloc(d->interval, (d->ninterval + 1) *
							      sizeof(*di));
				if (!di) {
					oom(p);
					pop(p);
					continue;
				}
				d->interval = di;
				di += d->ninterval++;
				memset(di, 0, sizeof(*di));
				di->interval = secs;
				get_strlist(p, iv, &di->sql, &di->n);
				pop(p);
			}
		} else {
			unknown_key(p, "key");
		}
		pop(p);
	}
}

static void parse_pathmap(struct pctx *p, const json_t *obj,
			  struct config_paths **list, size_t *n)
{
	const char *key;
	json_t *v;

	if (!expect(p, obj, JSON_OBJECT, "an object"))
		return;
	json_object_foreach((json_t *)obj, key, v) {
		struct config_paths *c;

		push_key(p, key);
		c = realloc(*list, (*n + 1) * sizeof(*c));
		if (!c) {
			oom(p);
			pop(p);
			continue;
		}
		*list = c;
		c += (*n)++;
		memset(c, 0, sizeof(*c));
		c->category = strdup(key);
		if (!c->category)
			oom(p);
		get_strlist(p, v, &c->paths, &c->n);
		pop(p);
	}
}

/* ---------------------------------------------------------------- */
/* Documents */

/* Parses text into a Jansson tree, reporting syntax, size and depth. */
static json_t *load_json(struct pctx *p)
{
	json_error_t jerr;
	struct jsonpos pos;
	size_t where;
	json_t *root;

	if (p->len > CONFIG_MAX_BYTES) {
		diag(p, CONFIG_ERROR, AT_NONE, "larger than %u bytes",
		     CONFIG_MAX_BYTES);
		return NULL;
	}
	if (jsonpos_check_depth(p->text, p->len, CONFIG_MAX_DEPTH, &where) <
	    0) {
		jsonpos_at(p->text, p->len, where, &pos);
		p->errors++;
		add_diag(p->cfg, CONFIG_ERROR, p->file, pos.line, pos.column,
			 "nested deeper than 32 levels");
		return NULL;
	}
	root = json_loadb(p->text, p->len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		p->errors++;
		add_diag(p->cfg, CONFIG_ERROR, p->file, jerr.line > 0 ? jerr.line : 1,
			 jerr.column > 0 ? jerr.column : 1, jerr.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		diag(p, CONFIG_ERROR, AT_VALUE, "expected an object, got %s",
		     type_name(root));
		json_decref(root);
		return NULL;
	}
	return root;
}

int config_parse(struct config *cfg, const char *file, const char *text,
		 size_t len)
{
	struct pctx p = { .cfg = cfg, .file = file, .text = text, .len = len };
	const char *key;
	json_t *root, *v;

	/* The main file names findings that belong to no one place. */
	if (!cfg->file && file)
		cfg->file = strdup(file);
	root = load_json(&p);
	if (!root)
		return -1;
	json_object_foreach(root, key, v) {
		push_key(&p, key);
		if (strcmp(key, "options") == 0)
			parse_options(&p, v);
		else if (strcmp(key, "schedule") == 0)
			parse_schedule(&p, v);
		else if (strcmp(key, "packs") == 0)
			parse_packs(&p, v);
		else if (strcmp(key, "decorators") == 0)
			parse_decorators(&p, v);
		else if (strcmp(key, "file_paths") == 0)
			parse_pathmap(&p, v, &cfg->file_paths,
				      &cfg->nfile_paths);
		else if (strcmp(key, "exclude_paths") == 0)
			parse_pathmap(&p, v, &cfg->exclude_paths,
				      &cfg->nexclude_paths);
		else if (strcmp(key, "file_accesses") == 0)
			get_strlist(&p, v, &cfg->file_accesses,
				    &cfg->nfile_accesses);
		else
			unknown_key(&p, "key");
		pop(&p);
	}
	json_decref(root);
	return p.errors ? -1 : 0;
}

int config_parse_pack(struct config *cfg, const char *name, const char *file,
		      const char *text, size_t len)
{
	struct pctx p = { .cfg = cfg, .file = file, .text = text, .len = len };
	json_t *root;

	root = load_json(&p);
	if (!root)
		return -1;
	parse_pack_object(&p, name, root);
	json_decref(root);
	return p.errors ? -1 : 0;
}

static int name_cmp(const void *a, const void *b)
{
	const struct config_query *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

int config_finish(struct config *cfg)
{
	struct pctx p = { .cfg = cfg, .file = cfg->file };
	const char *delim = cfg->opt.pack_delimiter ? cfg->opt.pack_delimiter : "_";
	struct config_query **sorted;
	size_t i;

	for (i = 0; i < cfg->nqueries; i++) {
		struct config_query *q = &cfg->queries[i];

		if (q->interval == 0)
			q->interval = cfg->opt.schedule_default_interval;
		if (q->pack >= 0) {
			const char *pack = cfg->packs[q->pack].name;
			size_t n = 4 + 2 * strlen(delim) + strlen(pack) +
				   strlen(q->name) + 1;
			char *full = malloc(n);

			if (!full) {
				oom(&p);
				continue;
			}
			snprintf(full, n, "pack%s%s%s%s", delim, pack, delim,
				 q->name);
			free(q->name);
			q->name = full;
			if (!q->shard)
				q->shard = cfg->packs[q->pack].shard;
		}
	}
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): array of pointers */
	sorted = malloc((cfg->nqueries ? cfg->nqueries : 1) * sizeof(*sorted));
	if (!sorted) {
		oom(&p);
		return -1;
	}
	for (i = 0; i < cfg->nqueries; i++)
		sorted[i] = &cfg->queries[i];
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): array of pointers */
	qsort(sorted, cfg->nqueries, sizeof(*sorted), name_cmp);
	for (i = 1; i < cfg->nqueries; i++)
		if (strcmp(sorted[i - 1]->name, sorted[i]->name) == 0)
			diag(&p, CONFIG_ERROR, AT_NONE,
			     "two queries are named '%s'", sorted[i]->name);
	free(sorted);
	return p.errors ? -1 : 0;
}

/* ---------------------------------------------------------------- */
/* Lifecycle */

struct config *config_new(void)
{
	struct config *cfg = calloc(1, sizeof(*cfg));
	struct config_options *o;

	if (!cfg)
		return NULL;
	o = &cfg->opt;
	o->host_identifier = CONFIG_HOSTID_HOSTNAME;
	o->specified_identifier = strdup("");
	o->logger_plugin = strdup("filesystem");
	o->loggers = CONFIG_LOG_FILESYSTEM;
	o->logger_path = strdup("/var/log/vigil");
	o->database_path = strdup("/var/lib/vigil");
	o->schedule_splay_percent = 10;
	o->schedule_default_interval = 3600;
	o->schedule_epoch = 0;
	o->log_result_events = true;
	o->logger_numerics = false;
	o->decorations_top_level = false;
	o->logger_rotate = true;
	o->logger_rotate_size = 25 * 1024 * 1024;
	o->logger_rotate_max_files = 25;
	o->logger_syslog_facility = 19; /* LOG_LOCAL3, as osquery */
	o->buffered_log_max = 100000;
	o->buffered_log_overflow = CONFIG_OVERFLOW_DROP_OLDEST;
	o->logger_min_status = 0;
	o->logger_min_stderr = 1;
	o->verbose = false;
	o->pack_delimiter = strdup("_");
	o->pack_refresh_interval = 3600;
	if (!o->specified_identifier || !o->logger_plugin || !o->logger_path ||
	    !o->database_path || !o->pack_delimiter) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}

static void free_paths(struct config_paths *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].category);
		free_strlist(c[i].paths, c[i].n);
	}
	free(c);
}

void config_free(struct config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	free(cfg->file);
	free(cfg->opt.specified_identifier);
	free(cfg->opt.logger_plugin);
	free(cfg->opt.logger_path);
	free(cfg->opt.database_path);
	free(cfg->opt.pack_delimiter);
	for (i = 0; i < cfg->nqueries; i++)
		free_query(&cfg->queries[i]);
	free(cfg->queries);
	for (i = 0; i < cfg->npacks; i++) {
		free(cfg->packs[i].name);
		free(cfg->packs[i].file);
		free_strlist(cfg->packs[i].discovery, cfg->packs[i].ndiscovery);
	}
	free(cfg->packs);
	for (i = 0; i < cfg->npackrefs; i++) {
		free(cfg->packrefs[i].name);
		free(cfg->packrefs[i].path);
		free(cfg->packrefs[i].file);
	}
	free(cfg->packrefs);
	free_strlist(cfg->dec.load, cfg->dec.nload);
	free_strlist(cfg->dec.always, cfg->dec.nalways);
	for (i = 0; i < cfg->dec.ninterval; i++)
		free_strlist(cfg->dec.interval[i].sql, cfg->dec.interval[i].n);
	free(cfg->dec.interval);
	free_paths(cfg->file_paths, cfg->nfile_paths);
	free_paths(cfg->exclude_paths, cfg->nexclude_paths);
	free_strlist(cfg->file_accesses, cfg->nfile_accesses);
	for (i = 0; i < cfg->ndiags; i++) {
		free(cfg->diags[i].file);
		free(cfg->diags[i].msg);
	}
	free(cfg->diags);
	free(cfg);
}

/* ---------------------------------------------------------------- */
/* Files */

int config_check_perms(const char *path, int fd, char *err, size_t errsize)
{
	struct stat st;
	char dir[4096];
	const char *slash;
	size_t dn;

	if (fstat(fd, &st) < 0) {
		snprintf(err, errsize, "%s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errsize, "not a regular file");
		return -1;
	}
	if ((st.st_mode & S_IWOTH) ||
	    ((st.st_mode & S_IWGRP) && st.st_gid != 0)) {
		snprintf(err, errsize,
			 "refusing a file other users can write (mode %04o); "
			 "run chmod go-w on it",
			 (unsigned)(st.st_mode & 07777));
		return -1;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		snprintf(err, errsize,
			 "refusing a file owned by uid %u (neither root nor "
			 "vigil's user)", (unsigned)st.st_uid);
		return -1;
	}
	slash = strrchr(path, '/');
	if (!slash) {
		snprintf(dir, sizeof(dir), ".");
	} else {
		dn = (size_t)(slash - path);
		if (dn == 0)
			dn = 1;
		if (dn >= sizeof(dir)) {
			snprintf(err, errsize, "path too long");
			return -1;
		}
		memcpy(dir, path, dn);
		dir[dn] = '\0';
	}
	if (stat(dir, &st) == 0 && !(st.st_mode & S_ISVTX) &&
	    ((st.st_mode & S_IWOTH) ||
	     ((st.st_mode & S_IWGRP) && st.st_gid != 0))) {
		snprintf(err, errsize,
			 "refusing a file in directory '%s', which other users "
			 "can write (mode %04o)",
			 dir, (unsigned)(st.st_mode & 07777));
		return -1;
	}
	return 0;
}

/* Reads a configuration or pack file; -1 with the reason in err. */
static int read_file(const char *path, struct buf *out, char *err,
		     size_t errsize)
{
	char chunk[65536];
	ssize_t n;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(err, errsize, "%s", strerror(errno));
		return -1;
	}
	if (config_check_perms(path, fd, err, errsize) < 0)
		goto out;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errsize, "%s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (buf_add(out, chunk, (size_t)n) < 0) {
			snprintf(err, errsize, errno == E2BIG ?
				 "larger than %u bytes" : "out of memory",
				 CONFIG_MAX_BYTES);
			goto out;
		}
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

struct config *config_load(const char *path)
{
	struct buf text = BUF_INIT(CONFIG_MAX_BYTES);
	struct config *cfg = config_new();
	char err[512];
	size_t i;

	if (!cfg)
		return NULL;
	cfg->file = strdup(path);
	if (!cfg->file) {
		config_free(cfg);
		return NULL;
	}
	if (read_file(path, &text, err, sizeof(err)) < 0) {
		add_diag(cfg, CONFIG_ERROR, path, 0, 0, err);
		goto out;
	}
	if (config_parse(cfg, path, text.data ? text.data : "", text.len) < 0)
		goto out;
	for (i = 0; i < cfg->npackrefs; i++) {
		const struct config_packref *r = &cfg->packrefs[i];
		char msg[700];

		buf_reset(&text);
		if (read_file(r->path, &text, err, sizeof(err)) < 0) {
			snprintf(msg, sizeof(msg), "packs.%s: cannot read "
				 "pack '%s': %s", r->name, r->path, err);
			add_diag(cfg, CONFIG_ERROR, r->file, r->line, r->column,
				 msg);
			continue;
		}
		config_parse_pack(cfg, r->name, r->path,
				  text.data ? text.data : "", text.len);
	}
	if (cfg->nerrors == 0)
		config_finish(cfg);
out:
	buf_release(&text);
	return cfg;
}

void config_print_diags(const struct config *cfg, FILE *fp)
{
	size_t i;

	for (i = 0; i < cfg->ndiags; i++) {
		const struct config_diag *d = &cfg->diags[i];
		const char *file = d->file ? d->file : "(config)";
		const char *warn = d->sev == CONFIG_WARNING ? "warning: " : "";

		if (d->line > 0)
			fprintf(fp, "vigil: %s:%d:%d: %s%s\n", file, d->line,
				d->column, warn, d->msg);
		else
			fprintf(fp, "vigil: %s: %s%s\n", file, warn, d->msg);
	}
}
