/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pathpat.c: osquery path patterns on a tree the test builds in a
 * temporary directory and makes the hostfs root: one-component wildcards,
 * dot files, '_' on UTF-8 names, "%%" at the end and in the middle (once
 * and twice, without duplicates), links entered by '%' but not by "%%",
 * link loops, dangling links, trailing slashes, directories only, the
 * depth limit, the result cap, a callback that stops the walk, directory
 * listings, and path resolution beneath the root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/hostfs.h"
#include "util/pathpat.h"

static char top[1024];
static char got[1 << 16];
static int calls;

static void mk(const char *rel, const char *content)
{
	char p[PATH_MAX];
	FILE *f;

	assert_true(snprintf(p, sizeof(p), "%s/%s", top, rel) < (int)sizeof(p));
	if (!content) {
		assert_int_equal(mkdir(p, 0755), 0);
		return;
	}
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static void ln(const char *target, const char *rel)
{
	char p[PATH_MAX];

	assert_true(snprintf(p, sizeof(p), "%s/%s", top, rel) < (int)sizeof(p));
	assert_int_equal(symlink(target, p), 0);
}

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char rel[PATH_MAX];
	int i;

	(void)state;
	snprintf(top, sizeof(top), "%s/pathpat-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(top))
		return -1;
	mk("etc", NULL);
	mk("etc/a.conf", "a\n");
	mk("etc/b.conf", "b\n");
	mk("etc/c.txt", "c\n");
	mk("etc/.hidden.conf", "h\n");
	mk("etc/sub", NULL);
	mk("etc/sub/d.conf", "d\n");
	mk("home", NULL);
	mk("home/alice", NULL);
	mk("home/alice/.ssh", NULL);
	mk("home/alice/.ssh/authorized_keys", "ssh-ed25519 AAAA alice\n");
	mk("home/bob", NULL);
	mk("home/bob/.ssh", NULL);
	mk("srv", NULL);
	mk("srv/carol", NULL);
	mk("srv/carol/.ssh", NULL);
	mk("srv/carol/.ssh/authorized_keys", "ssh-ed25519 AAAA carol\n");
	ln("/srv/carol", "home/carol");
	ln(".ssh/authorized_keys", "srv/carol/keys");
	ln("keys", "srv/carol/keys2");
	ln("/srv/carol/keys", "srv/carol/keys3");
	mk("tree", NULL);
	mk("tree/index.php", "<?php\n");
	mk("tree/x", NULL);
	mk("tree/x/index.php", "<?php\n");
	mk("tree/x/y", NULL);
	mk("tree/x/y/index.php", "<?php\n");
	mk("tree/x/y/z", "z\n");
	ln("..", "tree/loop");
	ln("/tree", "tree/x/up");
	ln("nowhere", "tree/dangling");
	ln("../../../..", "tree/esc");
	ln("l2", "tree/l1");
	ln("l1", "tree/l2");
	mk("utf", NULL);
	mk("utf/\xc3\xa9", "e\n");
	mk("utf/ab", "ab\n");
	mk("deep", NULL);
	snprintf(rel, sizeof(rel), "deep");
	for (i = 0; i < 70; i++) {
		size_t n = strlen(rel);

		memcpy(rel + n, "/d", 3);
		mk(rel, NULL);
	}
	return hostfs_init(top);
}

static int teardown(void **state)
{
	(void)state;
	hostfs_init("/");
	return nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int collect(const char *path, void *arg)
{
	size_t n = strlen(got), m = strlen(path);

	(void)arg;
	calls++;
	if (n + m + 2 > sizeof(got))
		return -1;
	memcpy(got + n, path, m);
	got[n + m] = '\n';
	got[n + m + 1] = '\0';
	return 0;
}

static int stop_at_first(const char *path, void *arg)
{
	(void)path;
	(void)arg;
	calls++;
	return -1;
}

static const char *expand(const char *pat, unsigned flags)
{
	got[0] = '\0';
	calls = 0;
	assert_int_equal(pathpat_expand(pat, flags, 0, collect, NULL), 0);
	return got;
}

static void test_match(void **state)
{
	(void)state;
	assert_true(pathpat_match("%.conf", "a.conf"));
	assert_true(pathpat_match("%.conf", ".conf"));
	assert_false(pathpat_match("%.conf", "a.conf.bak"));
	assert_true(pathpat_match("%", ""));
	assert_true(pathpat_match("%", ".bashrc"));
	assert_true(pathpat_match("a%b%c", "aXbYbZc"));
	assert_false(pathpat_match("a%b%c", "aXbYbZ"));
	assert_true(pathpat_match("%%", "anything"));
	assert_true(pathpat_match("_", "x"));
	assert_false(pathpat_match("_", ""));
	assert_false(pathpat_match("_", "xy"));
	assert_true(pathpat_match("__", "xy"));
	assert_true(pathpat_match("_", "\xc3\xa9"));
	assert_false(pathpat_match("__", "\xc3\xa9"));
	assert_true(pathpat_match("%_", "\xc3\xa9"));
	assert_true(pathpat_match("x_z", "x\xe2\x82\xacz"));
	assert_true(pathpat_match("ssh%_config", "sshd_config"));
	assert_false(pathpat_match("abc", "ABC"));
	assert_true(pathpat_match("", ""));
	assert_false(pathpat_match("", "a"));
	assert_true(pathpat_has_wildcard("/etc/%.conf"));
	assert_true(pathpat_has_wildcard("/etc/a_b"));
	assert_false(pathpat_has_wildcard("/etc/passwd"));
}

static void test_one_level(void **state)
{
	(void)state;
	assert_string_equal(expand("/etc/%.conf", 0),
			    "/etc/.hidden.conf\n/etc/a.conf\n/etc/b.conf\n");
	assert_string_equal(expand("/etc/%", 0),
			    "/etc/.hidden.conf\n/etc/a.conf\n/etc/b.conf\n"
			    "/etc/c.txt\n/etc/sub\n");
	assert_string_equal(expand("/etc/_.conf", 0),
			    "/etc/a.conf\n/etc/b.conf\n");
	assert_string_equal(expand("/%/sub/%", 0), "/etc/sub/d.conf\n");
	assert_string_equal(expand("/etc/%.nomatch", 0), "");
	assert_string_equal(expand("/nodir/%", 0), "");
	/* A file is not a directory to look in. */
	assert_string_equal(expand("/etc/a.conf/%", 0), "");
}

static void test_link_by_percent(void **state)
{
	(void)state;
	/* '%' takes the link /home/carol and the walk enters it. */
	assert_string_equal(expand("/home/%/.ssh/authorized_keys", 0),
			    "/home/alice/.ssh/authorized_keys\n"
			    "/home/carol/.ssh/authorized_keys\n");
	assert_string_equal(expand("/home/%/.ssh", 0),
			    "/home/alice/.ssh\n/home/bob/.ssh\n"
			    "/home/carol/.ssh\n");
}

static void test_recursive(void **state)
{
	(void)state;
	/* Links are yielded, never entered: no loop through tree/loop. */
	assert_string_equal(expand("/tree/%%", 0),
			    "/tree/dangling\n/tree/esc\n/tree/index.php\n"
			    "/tree/l1\n/tree/l2\n/tree/loop\n/tree/x\n"
			    "/tree/x/index.php\n/tree/x/up\n/tree/x/y\n"
			    "/tree/x/y/index.php\n/tree/x/y/z\n");
	/* One or more components between. */
	assert_string_equal(expand("/tree/%%/index.php", 0),
			    "/tree/x/index.php\n/tree/x/y/index.php\n");
	assert_string_equal(expand("/%%/authorized_keys", 0),
			    "/home/alice/.ssh/authorized_keys\n"
			    "/srv/carol/.ssh/authorized_keys\n");
	/* Two "%%": every path once. */
	assert_string_equal(expand("/tree/%%/%%", 0),
			    "/tree/x/index.php\n/tree/x/up\n/tree/x/y\n"
			    "/tree/x/y/index.php\n/tree/x/y/z\n");
	assert_string_equal(expand("/%%/%.php", 0),
			    "/tree/index.php\n/tree/x/index.php\n"
			    "/tree/x/y/index.php\n");
}

static void test_dirs_and_slash(void **state)
{
	(void)state;
	assert_string_equal(expand("/tree/%%", PATHPAT_DIRS),
			    "/tree/esc\n/tree/loop\n/tree/x\n/tree/x/up\n"
			    "/tree/x/y\n");
	assert_string_equal(expand("/etc/%/", 0), "/etc/sub/\n");
	assert_string_equal(expand("/home/%/", 0),
			    "/home/alice/\n/home/bob/\n/home/carol/\n");
	assert_string_equal(expand("/etc/%", PATHPAT_DIRS), "/etc/sub\n");
}

static void test_plain(void **state)
{
	(void)state;
	assert_string_equal(expand("/etc/a.conf", 0), "/etc/a.conf\n");
	assert_string_equal(expand("/etc//a.conf", 0), "/etc//a.conf\n");
	assert_string_equal(expand("/etc/nope", 0), "");
	assert_string_equal(expand("/tree/dangling", 0), "/tree/dangling\n");
	assert_string_equal(expand("/etc/a.conf/", 0), "");
	assert_string_equal(expand("/etc/sub/", 0), "/etc/sub/\n");
	assert_string_equal(expand("/etc/a.conf", PATHPAT_DIRS), "");
	assert_string_equal(expand("/", 0), "/\n");
	assert_string_equal(expand("etc/%", 0), "");
	assert_string_equal(expand("", 0), "");
}

static void test_utf8(void **state)
{
	(void)state;
	assert_string_equal(expand("/utf/_", 0), "/utf/\xc3\xa9\n");
	assert_string_equal(expand("/utf/__", 0), "/utf/ab\n");
}

static void test_depth(void **state)
{
	char *p, *last = NULL;
	int n = 0, comps = 0;

	(void)state;
	expand("/deep/%%", 0);
	for (p = got; *p; p = strchr(p, '\n') + 1) {
		n++;
		last = p;
	}
	/* deep/d ... down to PATHPAT_MAX_DEPTH components, not below. */
	assert_int_equal(n, PATHPAT_MAX_DEPTH - 1);
	assert_non_null(last);
	for (p = last; *p && *p != '\n'; p++)
		if (*p == '/')
			comps++;
	assert_int_equal(comps, PATHPAT_MAX_DEPTH);
	/* A pattern longer than the depth limit matches nothing. */
	{
		char pat[1024] = "";
		int i;

		for (i = 0; i <= PATHPAT_MAX_DEPTH; i++) {
			size_t k = strlen(pat);

			memcpy(pat + k, "/%", 3);
		}
		assert_string_equal(expand(pat, 0), "");
	}
}

static void test_cap_and_stop(void **state)
{
	(void)state;
	got[0] = '\0';
	calls = 0;
	assert_int_equal(pathpat_expand("/etc/%", 0, 2, collect, NULL), 1);
	assert_string_equal(got, "/etc/.hidden.conf\n/etc/a.conf\n");
	/* Exactly at the cap is complete. */
	got[0] = '\0';
	assert_int_equal(pathpat_expand("/etc/%.conf", 0, 3, collect, NULL),
			 0);
	calls = 0;
	assert_int_equal(pathpat_expand("/etc/%", 0, 0, stop_at_first, NULL),
			 -1);
	assert_int_equal(calls, 1);
	calls = 0;
	assert_int_equal(pathpat_expand("/etc/a.conf", 0, 0, stop_at_first,
					NULL),
			 -1);
	assert_int_equal(pathpat_list("/etc", stop_at_first, NULL), -1);
}

static void test_list(void **state)
{
	(void)state;
	got[0] = '\0';
	assert_int_equal(pathpat_list("/etc", collect, NULL), 0);
	assert_string_equal(got, "/etc/.hidden.conf\n/etc/a.conf\n"
				 "/etc/b.conf\n/etc/c.txt\n/etc/sub\n");
	got[0] = '\0';
	assert_int_equal(pathpat_list("/etc/", collect, NULL), 0);
	assert_string_equal(got, "/etc/.hidden.conf\n/etc/a.conf\n"
				 "/etc/b.conf\n/etc/c.txt\n/etc/sub\n");
	got[0] = '\0';
	assert_int_equal(pathpat_list("/", collect, NULL), 0);
	assert_string_equal(got, "/deep\n/etc\n/home\n/srv\n/tree\n/utf\n");
	/* Through a link, and nothing for what is not a directory. */
	got[0] = '\0';
	assert_int_equal(pathpat_list("/home/carol/.ssh", collect, NULL), 0);
	assert_string_equal(got, "/home/carol/.ssh/authorized_keys\n");
	got[0] = '\0';
	assert_int_equal(pathpat_list("/etc/a.conf", collect, NULL), 0);
	assert_int_equal(pathpat_list("/nope", collect, NULL), 0);
	assert_string_equal(got, "");
}

static void resolves(const char *path, const char *want)
{
	char dst[PATH_MAX];

	assert_int_equal(pathpat_realpath(path, dst, sizeof(dst)), 0);
	assert_string_equal(dst, want);
}

static void refuses(const char *path, int err)
{
	char dst[PATH_MAX];

	errno = 0;
	assert_int_equal(pathpat_realpath(path, dst, sizeof(dst)), -1);
	assert_int_equal(errno, err);
}

static void test_realpath(void **state)
{
	char small[8];

	(void)state;
	resolves("/home/carol/.ssh/authorized_keys",
		 "/srv/carol/.ssh/authorized_keys");
	resolves("/home/carol", "/srv/carol");
	resolves("/srv/carol/keys", "/srv/carol/.ssh/authorized_keys");
	resolves("/srv/carol/keys2", "/srv/carol/.ssh/authorized_keys");
	resolves("/home/carol/keys3", "/srv/carol/.ssh/authorized_keys");
	refuses("/srv/carol/keys/", ENOTDIR);
	resolves("/tree/x/up/x/y/z", "/tree/x/y/z");
	resolves("/tree/loop/etc/a.conf", "/etc/a.conf");
	resolves("/tree/loop", "/");
	resolves("/tree/esc", "/");
	resolves("/tree/esc/etc/./sub/../a.conf", "/etc/a.conf");
	resolves("/../../etc//a.conf", "/etc/a.conf");
	resolves("/", "/");
	resolves("/etc/", "/etc");
	refuses("/tree/dangling", ENOENT);
	refuses("/tree/l1", ELOOP);
	refuses("/etc/a.conf/x", ENOTDIR);
	refuses("etc/a.conf", EINVAL);
	assert_int_equal(pathpat_realpath("/home/carol", small, sizeof(small)),
			 -1);
	assert_int_equal(errno, ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_one_level),
		cmocka_unit_test(test_link_by_percent),
		cmocka_unit_test(test_recursive),
		cmocka_unit_test(test_dirs_and_slash),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_cap_and_stop),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_realpath),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
