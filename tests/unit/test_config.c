/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_config.c: the daemon's configuration parser and the positions it
 * reports: a full osquery-style config, every kind of finding (syntax,
 * wrong type, out of range, unknown key, missing query, nesting too deep,
 * duplicate keys and names, unknown logger) with its exact line and
 * column, packs inline and by path, platform and version filters,
 * decorators, file paths, and jsonpos on escaped keys, arrays and
 * multi-byte characters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "daemon/config.h"
#include "daemon/jsonpos.h"

static struct config *parse(const char *text)
{
	struct config *cfg = config_new();

	assert_non_null(cfg);
	config_parse(cfg, "t.conf", text, strlen(text));
	if (cfg->nerrors == 0)
		config_finish(cfg);
	return cfg;
}

/* The diags as "LINE:COL: [warning: ]msg" lines, for exact comparison. */
static const char *diags(const struct config *cfg)
{
	static char out[8192];
	size_t i, off = 0;

	out[0] = '\0';
	for (i = 0; i < cfg->ndiags && off < sizeof(out); i++) {
		const struct config_diag *d = &cfg->diags[i];

		off += (size_t)snprintf(out + off, sizeof(out) - off,
					"%d:%d: %s%s\n", d->line, d->column,
					d->sev == CONFIG_WARNING ? "warning: " : "",
					d->msg);
	}
	return out;
}

static const struct config_query *find(const struct config *cfg,
				       const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nqueries; i++)
		if (strcmp(cfg->queries[i].name, name) == 0)
			return &cfg->queries[i];
	return NULL;
}

static void test_defaults(void **state)
{
	struct config *cfg = parse("{}");

	(void)state;
	assert_int_equal(cfg->nerrors, 0);
	assert_int_equal(cfg->opt.host_identifier, CONFIG_HOSTID_HOSTNAME);
	assert_string_equal(cfg->opt.logger_path, "/var/log/vigil");
	assert_string_equal(cfg->opt.database_path, "/var/lib/vigil");
	assert_int_equal(cfg->opt.loggers, CONFIG_LOG_FILESYSTEM);
	assert_int_equal(cfg->opt.schedule_splay_percent, 10);
	assert_true(cfg->opt.log_result_events);
	assert_false(cfg->opt.logger_numerics);
	assert_int_equal(cfg->opt.buffered_log_max, 100000);
	assert_int_equal(cfg->nqueries, 0);
	config_free(cfg);
}

static void test_full(void **state)
{
	struct config *cfg = parse(
		"{\n"
		"  \"options\": {\n"
		"    \"host_identifier\": \"uuid\",\n"
		"    \"logger_plugin\": \"filesystem,syslog, stdout\",\n"
		"    \"logger_path\": \"/tmp/logs\",\n"
		"    \"database_path\": \"/tmp/db\",\n"
		"    \"schedule_splay_percent\": 0,\n"
		"    \"log_result_events\": false,\n"
		"    \"logger_numerics\": true,\n"
		"    \"buffered_log_max\": 50,\n"
		"    \"buffered_log_overflow\": \"pause\",\n"
		"    \"logger_rotate_size\": 1048576,\n"
		"    \"logger_rotate_max_files\": 3\n"
		"  },\n"
		"  \"schedule\": {\n"
		"    \"users\": {\"query\": \"SELECT * FROM users\", \"interval\": 60,\n"
		"              \"removed\": false, \"description\": \"d\"},\n"
		"    \"os\": {\"query\": \"SELECT 1\", \"snapshot\": true,\n"
		"           \"denylist\": false, \"shard\": 30}\n"
		"  },\n"
		"  \"decorators\": {\n"
		"    \"load\": [\"SELECT 1 AS a\"],\n"
		"    \"always\": [\"SELECT 2 AS b\", \"SELECT 3 AS c\"],\n"
		"    \"interval\": {\"3600\": [\"SELECT 4 AS d\"]}\n"
		"  },\n"
		"  \"file_paths\": {\"etc\": [\"/etc/%%\"], \"bin\": [\"/bin/%\", \"/sbin/%\"]},\n"
		"  \"exclude_paths\": {\"etc\": [\"/etc/mtab\"]},\n"
		"  \"file_accesses\": [\"etc\"]\n"
		"}\n");
	const struct config_query *q;

	(void)state;
	assert_string_equal(diags(cfg), "");
	assert_int_equal(cfg->opt.host_identifier, CONFIG_HOSTID_UUID);
	assert_int_equal(cfg->opt.loggers, CONFIG_LOG_FILESYSTEM |
						   CONFIG_LOG_SYSLOG |
						   CONFIG_LOG_STDOUT);
	assert_string_equal(cfg->opt.logger_path, "/tmp/logs");
	assert_string_equal(cfg->opt.database_path, "/tmp/db");
	assert_int_equal(cfg->opt.schedule_splay_percent, 0);
	assert_false(cfg->opt.log_result_events);
	assert_true(cfg->opt.logger_numerics);
	assert_int_equal(cfg->opt.buffered_log_max, 50);
	assert_int_equal(cfg->opt.buffered_log_overflow, CONFIG_OVERFLOW_PAUSE);
	assert_int_equal(cfg->opt.logger_rotate_size, 1048576);
	assert_int_equal(cfg->opt.logger_rotate_max_files, 3);
	assert_int_equal(cfg->nqueries, 2);
	q = find(cfg, "users");
	assert_non_null(q);
	assert_string_equal(q->sql, "SELECT * FROM users");
	assert_int_equal(q->interval, 60);
	assert_false(q->removed);
	assert_false(q->snapshot);
	assert_true(q->denylist);
	assert_string_equal(q->description, "d");
	assert_null(q->skip);
	q = find(cfg, "os");
	assert_non_null(q);
	assert_true(q->snapshot);
	assert_false(q->denylist);
	assert_int_equal(q->interval, 3600); /* schedule_default_interval */
	assert_int_equal(q->shard, 30);
	assert_int_equal(cfg->dec.nload, 1);
	assert_int_equal(cfg->dec.nalways, 2);
	assert_string_equal(cfg->dec.always[1], "SELECT 3 AS c");
	assert_int_equal(cfg->dec.ninterval, 1);
	assert_int_equal(cfg->dec.interval[0].interval, 3600);
	assert_string_equal(cfg->dec.interval[0].sql[0], "SELECT 4 AS d");
	assert_int_equal(cfg->nfile_paths, 2);
	assert_string_equal(cfg->file_paths[1].category, "bin");
	assert_int_equal(cfg->file_paths[1].n, 2);
	assert_string_equal(cfg->file_paths[1].paths[1], "/sbin/%");
	assert_int_equal(cfg->nexclude_paths, 1);
	assert_int_equal(cfg->nfile_accesses, 1);
	config_free(cfg);
}

static void test_syntax_error(void **state)
{
	struct config *cfg = parse("{\n  \"schedule\": {\n    \"a\": }\n}\n");

	(void)state;
	assert_string_equal(diags(cfg), "3:10: unexpected token near '}'\n");
	config_free(cfg);
	cfg = parse("");
	assert_string_equal(diags(cfg),
			    "1:1: '[' or '{' expected near end of file\n");
	config_free(cfg);
	cfg = parse("{\"a\": 1, \"a\": 2}");
	assert_int_equal(cfg->nerrors, 1);
	assert_non_null(strstr(diags(cfg), "duplicate object key"));
	config_free(cfg);
	cfg = parse("[1, 2]");
	assert_string_equal(diags(cfg), "1:1: expected an object, got an array\n");
	config_free(cfg);
}

static void test_wrong_type(void **state)
{
	struct config *cfg = parse(
		"{\n"
		"  \"schedule\": {\n"
		"    \"users\": {\n"
		"      \"query\": \"SELECT 1\",\n"
		"      \"interval\": \"60\"\n"
		"    }\n"
		"  }\n"
		"}\n");

	(void)state;
	assert_string_equal(diags(cfg),
			    "5:19: schedule.users.interval: expected an "
			    "integer, got a string\n");
	assert_int_equal(cfg->nqueries, 0);
	config_free(cfg);

	cfg = parse("{\"options\": {\"verbose\": 1, \"logger_path\": true,\n"
		    " \"schedule_splay_percent\": 101, \"logger_rotate\": \"no\"}}");
	assert_string_equal(diags(cfg),
			    "1:25: options.verbose: expected true or false, "
			    "got an integer\n"
			    "1:43: options.logger_path: expected a string, got "
			    "a boolean\n"
			    "2:28: options.schedule_splay_percent: 101 is out "
			    "of range (0 to 100)\n"
			    "2:50: options.logger_rotate: expected true or "
			    "false, got a string\n");
	config_free(cfg);

	cfg = parse("{\"schedule\": {\"q\": {\"query\": \"x\", \"interval\": 1.5}}}");
	assert_string_equal(diags(cfg),
			    "1:47: schedule.q.interval: expected an integer, "
			    "got a number with a fraction\n");
	config_free(cfg);
	cfg = parse("{\"schedule\": {\"q\": {\"query\": \"x\", \"interval\": 0}}}");
	assert_string_equal(diags(cfg),
			    "1:47: schedule.q.interval: 0 is out of range "
			    "(1 to 31536000)\n");
	config_free(cfg);
	cfg = parse("{\"schedule\": []}");
	assert_string_equal(diags(cfg), "1:14: schedule: expected an object, "
					"got an array\n");
	config_free(cfg);
	cfg = parse("{\"options\": {\"logger_path\": \"logs\"}}");
	assert_string_equal(diags(cfg), "1:29: options.logger_path: must be "
					"an absolute path\n");
	config_free(cfg);
}

static void test_unknown_keys(void **state)
{
	struct config *cfg = parse(
		"{\n"
		"  \"options\": {\"no_such_flag\": true},\n"
		"  \"schedule\": {\"q\": {\"query\": \"SELECT 1\", \"intervall\": 5}},\n"
		"  \"extra\": 1\n"
		"}\n");

	(void)state;
	assert_string_equal(diags(cfg),
			    "2:15: warning: options.no_such_flag: unknown "
			    "option (ignored)\n"
			    "3:43: warning: schedule.q.intervall: unknown key "
			    "(ignored)\n"
			    "4:3: warning: extra: unknown key (ignored)\n");
	assert_int_equal(cfg->nerrors, 0);
	assert_int_equal(cfg->nwarnings, 3);
	assert_int_equal(cfg->nqueries, 1);
	config_free(cfg);
}

static void test_missing_query(void **state)
{
	struct config *cfg = parse("{\"schedule\": {\n  \"q\": {\"interval\": 5}}}");

	(void)state;
	assert_string_equal(diags(cfg), "2:3: schedule.q: has no \"query\"\n");
	config_free(cfg);
	cfg = parse("{\"schedule\": {\"q\": {\"query\": \"\"}}}");
	assert_string_equal(diags(cfg),
			    "1:30: schedule.q.query: must not be empty\n");
	config_free(cfg);
	cfg = parse("{\"schedule\": {\"\": {\"query\": \"x\"}}}");
	assert_string_equal(diags(cfg), "1:15: schedule.: a query name must have 1 to "
					"200 characters\n");
	config_free(cfg);
}

static void test_options(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse("{\"options\": {\"logger_plugin\": \"filesystem,tls\"}}");
	assert_string_equal(diags(cfg),
			    "1:31: options.logger_plugin: unknown logger plugin "
			    "'tls' (vigil has filesystem, syslog and stdout)\n");
	config_free(cfg);
	cfg = parse("{\"options\": {\"host_identifier\": \"mac\"}}");
	assert_string_equal(diags(cfg),
			    "1:33: options.host_identifier: unknown value 'mac' "
			    "(one of: hostname, uuid, instance, ephemeral, "
			    "specified)\n");
	config_free(cfg);
	cfg = parse("{\"options\": {\"host_identifier\": \"specified\"}}");
	assert_string_equal(diags(cfg),
			    "1:33: options.host_identifier: is \"specified\" but "
			    "specified_identifier is empty\n");
	config_free(cfg);
	cfg = parse("{\"options\": {\"host_identifier\": \"specified\", "
		    "\"specified_identifier\": \"h1\", \"logger_plugin\": "
		    "\"stdout\"}}");
	assert_string_equal(diags(cfg), "");
	assert_string_equal(cfg->opt.specified_identifier, "h1");
	assert_int_equal(cfg->opt.loggers, CONFIG_LOG_STDOUT);
	config_free(cfg);
}

static void test_depth(void **state)
{
	char text[512];
	size_t i, n = 0;
	struct config *cfg;

	(void)state;
	n += (size_t)snprintf(text + n, sizeof(text) - n, "{\"file_paths\":");
	for (i = 0; i < 40; i++)
		text[n++] = '[';
	for (i = 0; i < 40; i++)
		text[n++] = ']';
	text[n++] = '}';
	text[n] = '\0';
	cfg = parse(text);
	/* The 33rd bracket: the object is level 1, then 31 arrays fit. */
	assert_string_equal(diags(cfg), "1:46: nested deeper than 32 levels\n");
	config_free(cfg);
}

static void test_packs(void **state)
{
	struct config *cfg = config_new();
	const char *main_text =
		"{\"options\": {\"pack_delimiter\": \"/\"},\n"
		" \"packs\": {\n"
		"   \"inline\": {\"queries\": {\"a\": {\"query\": \"SELECT 1\", "
		"\"interval\": 10}},\n"
		"              \"discovery\": [\"SELECT 1 FROM users\"], "
		"\"shard\": 20},\n"
		"   \"file\": \"packs/file.conf\",\n"
		"   \"mac\": {\"platform\": \"darwin\", \"queries\": "
		"{\"m\": {\"query\": \"SELECT 1\"}}}\n"
		" },\n"
		" \"schedule\": {\"new\": {\"query\": \"SELECT 2\", "
		"\"version\": \"9.0.0\"},\n"
		"              \"old\": {\"query\": \"SELECT 2\", "
		"\"version\": \"4.9\", \"platform\": \"posix\"},\n"
		"              \"win\": {\"query\": \"SELECT 2\", "
		"\"platform\": \"windows\"}}\n"
		"}\n";
	const char *pack_text =
		"{\"queries\": {\"b\": {\"query\": \"SELECT 3\", \"interval\": "
		"\"x\"},\n \"c\": {\"query\": \"SELECT 4\"}}}";
	const struct config_query *q;

	(void)state;
	assert_int_equal(config_parse(cfg, "/etc/vigil/vigil.conf", main_text,
				      strlen(main_text)), 0);
	assert_int_equal(cfg->npackrefs, 1);
	assert_string_equal(cfg->packrefs[0].name, "file");
	assert_string_equal(cfg->packrefs[0].path,
			    "/etc/vigil/packs/file.conf");
	assert_int_equal(cfg->packrefs[0].line, 5);
	assert_int_equal(cfg->packrefs[0].column, 12);
	assert_int_equal(config_parse_pack(cfg, "file", "/p/file.conf",
					   pack_text, strlen(pack_text)), -1);
	assert_int_equal(cfg->ndiags, 1);
	assert_string_equal(cfg->diags[0].file, "/p/file.conf");
	assert_string_equal(diags(cfg), "1:53: queries.b.interval: expected an "
					"integer, got a string\n");
	assert_int_equal(config_finish(cfg), 0);
	q = find(cfg, "pack/inline/a");
	assert_non_null(q);
	assert_int_equal(q->shard, 20);
	assert_int_equal(q->interval, 10);
	assert_null(q->skip);
	assert_int_equal(cfg->packs[q->pack].ndiscovery, 1);
	assert_non_null(find(cfg, "pack/file/c"));
	assert_null(find(cfg, "pack/file/b"));
	q = find(cfg, "pack/mac/m");
	assert_non_null(q);
	assert_string_equal(q->skip, "platform 'darwin' does not include linux");
	q = find(cfg, "new");
	assert_string_equal(q->skip, "it needs osquery 9.0.0; vigil follows "
				     CONFIG_OSQUERY_VERSION);
	assert_null(find(cfg, "old")->skip);
	assert_non_null(find(cfg, "win")->skip);
	config_free(cfg);
}

static void test_duplicate_names(void **state)
{
	struct config *cfg = parse(
		"{\"schedule\": {\"pack_p_q\": {\"query\": \"SELECT 1\"}},\n"
		" \"packs\": {\"p\": {\"queries\": {\"q\": {\"query\": "
		"\"SELECT 2\"}}}}}");

	(void)state;
	assert_string_equal(diags(cfg), "0:0: two queries are named "
					"'pack_p_q'\n");
	config_free(cfg);
}

static void test_decorators(void **state)
{
	struct config *cfg = parse(
		"{\"decorators\": {\"interval\": {\"60s\": [\"SELECT 1\"]},\n"
		" \"load\": [\"SELECT 1\", 2], \"sometimes\": []}}");

	(void)state;
	assert_string_equal(diags(cfg),
			    "1:30: decorators.interval.60s: expected a number "
			    "of seconds (1 to 31536000) as the key\n"
			    "2:23: decorators.load[1]: expected a string, got "
			    "an integer\n"
			    "2:27: warning: decorators.sometimes: unknown key "
			    "(ignored)\n");
	config_free(cfg);
}

static void test_jsonpos(void **state)
{
	const char *t = "{\"a\\u00e9\": [1, {\"x\": \"é\", \"y\": [true, null]}],\n"
			" \"é\": 7}";
	struct jsonpos_seg p1[] = { { "a\xc3\xa9", 0 }, { NULL, 1 }, { "y", 0 },
				    { NULL, 1 } };
	struct jsonpos_seg p2[] = { { "\xc3\xa9", 0 } };
	struct jsonpos_seg p3[] = { { "nope", 0 } };
	struct jsonpos_seg p4[] = { { "a\xc3\xa9", 0 }, { NULL, 5 } };
	struct jsonpos pos;
	size_t where;

	(void)state;
	assert_int_equal(jsonpos_find(t, strlen(t), p1, 4, false, &pos), 0);
	assert_int_equal(pos.line, 1);
	assert_int_equal(pos.column, 40);
	assert_int_equal(jsonpos_find(t, strlen(t), p2, 1, false, &pos), 0);
	assert_int_equal(pos.line, 2);
	assert_int_equal(pos.column, 7); /* é is one character */
	assert_int_equal(jsonpos_find(t, strlen(t), p2, 1, true, &pos), 0);
	assert_int_equal(pos.column, 2);
	assert_int_equal(jsonpos_find(t, strlen(t), p3, 1, false, &pos), -1);
	assert_int_equal(jsonpos_find(t, strlen(t), p4, 2, false, &pos), -1);
	assert_int_equal(jsonpos_find(t, strlen(t), NULL, 0, false, &pos), 0);
	assert_int_equal(pos.offset, 0);
	assert_int_equal(jsonpos_find(t, strlen(t), NULL, 0, true, &pos), -1);
	/* Broken text never reads past its end. */
	assert_int_equal(jsonpos_find("{\"a\": [1, ", 10, p3, 1, false, &pos),
			 -1);
	assert_int_equal(jsonpos_find("{\"a\\", 4, p3, 1, false, &pos), -1);
	assert_int_equal(jsonpos_check_depth("[[\"[[[[\"]]", 10, 2, &where), 0);
	assert_int_equal(jsonpos_check_depth("[[[", 3, 2, &where), -1);
	assert_int_equal(where, 2);
}

static void test_check_perms(void **state)
{
	char dir[] = "/tmp/vigil-test-config-XXXXXX", path[128], err[256];
	FILE *fp;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/c.conf", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("{}", fp);
	fclose(fp);
	assert_int_equal(chmod(path, 0600), 0);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(config_check_perms(path, fd, err, sizeof(err)), 0);
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(config_check_perms(path, fd, err, sizeof(err)), -1);
	assert_string_equal(err, "refusing a file other users can write (mode "
				 "0666); run chmod go-w on it");
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(config_check_perms(path, fd, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "which other users can write (mode 0777)"));
	assert_int_equal(chmod(dir, 01777), 0);
	assert_int_equal(config_check_perms(path, fd, err, sizeof(err)), 0);
	close(fd);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_missing_query),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_packs),
		cmocka_unit_test(test_duplicate_names),
		cmocka_unit_test(test_decorators),
		cmocka_unit_test(test_jsonpos),
		cmocka_unit_test(test_check_perms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
