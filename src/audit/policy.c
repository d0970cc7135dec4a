/* SPDX-License-Identifier: Apache-2.0 */
/*
 * policy.c: fleet-manager policy files as audit checks.
 *
 * Fleet managers keep compliance policies as YAML, in one of two shapes:
 *
 *   policies:                         apiVersion: v1
 *     - name: Disk encryption on      kind: policy
 *       query: SELECT 1 FROM ...      spec:
 *       description: ...                name: ...
 *       resolution: ...                 query: ...
 *       critical: true                ---   (one document per policy)
 *
 * A policy passes when its query returns at least one row (the opposite
 * of a vigil check), so each becomes a check with `policy` set.  Its id is
 * the name made safe for a command line ("Disk encryption on" gives
 * "disk-encryption-on"); `critical: true` makes it a high-severity check,
 * otherwise medium.
 *
 * libyaml (loaded on first use, see lazylib.h) builds each document as a
 * node tree; this file only walks it.  Aliases cannot blow up: libyaml's
 * document loader resolves them to node indices, and this walk reads only
 * scalars at fixed depths.
 */
#include "audit/policy.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/lazylib.h"

static struct lazylib libyaml = LAZYLIB_INIT("libyaml-0.so.2");

static struct {
	__typeof__(yaml_parser_initialize) *parser_initialize;
	__typeof__(yaml_parser_set_input_string) *parser_set_input_string;
	__typeof__(yaml_parser_load) *parser_load;
	__typeof__(yaml_parser_delete) *parser_delete;
	__typeof__(yaml_document_get_root_node) *document_get_root_node;
	__typeof__(yaml_document_get_node) *document_get_node;
	__typeof__(yaml_document_delete) *document_delete;
} y;

static const char *const y_names[] = {
	"yaml_parser_initialize", "yaml_parser_set_input_string",
	"yaml_parser_load", "yaml_parser_delete",
	"yaml_document_get_root_node", "yaml_document_get_node",
	"yaml_document_delete",
};
_Static_assert(sizeof(y_names) / sizeof(y_names[0]) ==
		       sizeof(y) / sizeof(void *),
	       "one name per libyaml function");

static int load(char *err, size_t errsize)
{
	if (lazylib_bind(&libyaml, y_names, sizeof(y_names) / sizeof(y_names[0]),
			 &y) < 0) {
		snprintf(err, errsize, "%s", libyaml.err);
		return -1;
	}
	return 0;
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

/* The scalar value of key in a mapping node, or NULL. */
static const char *map_get(yaml_document_t *doc, yaml_node_t *map,
			   const char *key)
{
	yaml_node_pair_t *pair;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = y.document_get_node(doc, pair->key);
		yaml_node_t *v = y.document_get_node(doc, pair->value);

		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return v && v->type == YAML_SCALAR_NODE ?
				       (const char *)v->data.scalar.value :
				       NULL;
	}
	return NULL;
}

/* The node of key in a mapping node, or NULL. */
static yaml_node_t *map_node(yaml_document_t *doc, yaml_node_t *map,
			     const char *key)
{
	yaml_node_pair_t *pair;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = y.document_get_node(doc, pair->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return y.document_get_node(doc, pair->value);
	}
	return NULL;
}

/* "Disk encryption on" -> "disk-encryption-on", at most 64 bytes. */
static char *slug(const char *name)
{
	char *s = malloc(65);
	size_t n = 0;
	bool dash = false;

	if (!s)
		return NULL;
	for (; *name && n < 64; name++) {
		unsigned char c = (unsigned char)*name;

		if (isalnum(c)) {
			if (dash && n > 0)
				s[n++] = '-';
			if (n < 64)
				s[n++] = (char)tolower(c);
			dash = false;
		} else {
			dash = true;
		}
	}
	s[n] = '\0';
	if (n == 0) {
		free(s);
		return NULL;
	}
	return s;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Adds one policy mapping as a check.  0, or -1 with err. */
static int add_policy(struct pack *p, yaml_document_t *doc, yaml_node_t *spec,
		      size_t index, char *err, size_t errsize)
{
	const char *name = map_get(doc, spec, "name");
	const char *query = map_get(doc, spec, "query");
	const char *critical = map_get(doc, spec, "critical");
	struct check *c;

	if (!spec || spec->type != YAML_MAPPING_NODE)
		return fail(err, errsize, "policy #%zu: not a mapping", index + 1);
	if (!name || !query)
		return fail(err, errsize, "policy #%zu: needs \"name\" and \"query\"",
			    index + 1);
	c = pack_add(p);
	if (!c)
		return fail(err, errsize, "out of memory");
	c->id = slug(name);
	if (!c->id)
		return fail(err, errsize,
			    "policy #%zu: name '%s' has no letter or digit",
			    index + 1, name);
	c->title = strdup(name);
	c->query = strdup(query);
	c->theme = strdup("fleet policies");
	c->rationale = dup_or_null(map_get(doc, spec, "description"));
	c->remediation = dup_or_null(map_get(doc, spec, "resolution"));
	c->severity = critical && strcmp(critical, "true") == 0 ? SEV_HIGH :
								  SEV_MEDIUM;
	c->policy = true;
	if (!c->title || !c->query || !c->theme)
		return fail(err, errsize, "out of memory");
	return 0;
}

int policy_parse_yaml(struct pack *p, const char *name, const char *yaml,
		      size_t len, char *err, size_t errsize)
{
	yaml_parser_t parser;
	size_t start = p->n, count = 0;
	int rc = -1;

	if (load(err, errsize) < 0)
		return -1;
	if (!y.parser_initialize(&parser))
		return fail(err, errsize, "out of memory");
	y.parser_set_input_string(&parser, (const unsigned char *)yaml, len);
	for (;;) {
		yaml_document_t doc;
		yaml_node_t *root, *list, *item;

		if (!y.parser_load(&parser, &doc)) {
			fail(err, errsize, "line %zu, column %zu: %s",
			     parser.problem_mark.line + 1,
			     parser.problem_mark.column + 1,
			     parser.problem ? parser.problem : "invalid YAML");
			goto out;
		}
		root = y.document_get_root_node(&doc);
		if (!root) { /* the end of the stream */
			y.document_delete(&doc);
			break;
		}
		list = map_node(&doc, root, "policies");
		if (list && list->type == YAML_SEQUENCE_NODE) {
			yaml_node_item_t *it;

			for (it = list->data.sequence.items.start;
			     it < list->data.sequence.items.top; it++) {
				item = y.document_get_node(&doc, *it);
				if (add_policy(p, &doc, item, count++, err,
					       errsize) < 0) {
					y.document_delete(&doc);
					goto out;
				}
			}
		} else {
			const char *kind = map_get(&doc, root, "kind");

			if (!kind || strcmp(kind, "policy") != 0) {
				y.document_delete(&doc);
				fail(err, errsize,
				     "document %zu is neither a \"policies:\" "
				     "list nor a \"kind: policy\"",
				     count + 1);
				goto out;
			}
			if (add_policy(p, &doc, map_node(&doc, root, "spec"),
				       count++, err, errsize) < 0) {
				y.document_delete(&doc);
				goto out;
			}
		}
		y.document_delete(&doc);
	}
	if (count == 0) {
		fail(err, errsize, "no policy in the file");
		goto out;
	}
	rc = pack_commit(p, start, name, err, errsize);
out:
	if (rc < 0)
		pack_rollback(p, start);
	y.parser_delete(&parser);
	return rc;
}
