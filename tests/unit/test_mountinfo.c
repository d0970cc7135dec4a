/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_mountinfo.c: the /proc/self/mountinfo line parser on real lines
 * (with and without optional fields, escaped spaces, tabs, newlines and
 * backslashes in paths, an empty mount source) and on broken ones: no
 * separator, lines cut short at every field, bad numbers, garbage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/mountinfo.h"

/* The parser writes into its line: each test works on a copy. */
static char line[4096];
static char err[128];

static int parse(const char *s, struct mountinfo *mi)
{
	size_t n = strlen(s);

	assert_true(n < sizeof(line));
	memcpy(line, s, n + 1);
	err[0] = '\0';
	return mountinfo_parse(line, mi, err, sizeof(err));
}

static void refused(const char *s, const char *why)
{
	struct mountinfo mi;

	assert_int_equal(parse(s, &mi), -1);
	assert_string_equal(err, why);
}

static void test_plain(void **state)
{
	struct mountinfo mi;

	(void)state;
	assert_int_equal(parse("28 1 254:1 / / rw,relatime shared:1 - ext4 "
			       "/dev/mapper/vg0-root rw,errors=remount-ro\n",
			       &mi),
			 0);
	assert_int_equal(mi.mount_id, 28);
	assert_int_equal(mi.parent_id, 1);
	assert_int_equal(mi.major, 254);
	assert_int_equal(mi.minor, 1);
	assert_string_equal(mi.root, "/");
	assert_string_equal(mi.mount_point, "/");
	assert_string_equal(mi.mount_opts, "rw,relatime");
	assert_string_equal(mi.optional, "shared:1");
	assert_string_equal(mi.fstype, "ext4");
	assert_string_equal(mi.source, "/dev/mapper/vg0-root");
	assert_string_equal(mi.super_opts, "rw,errors=remount-ro");
}

static void test_optional_fields(void **state)
{
	struct mountinfo mi;

	(void)state;
	/* None at all. */
	assert_int_equal(parse("22 27 0:21 / /proc rw,relatime - proc proc rw",
			       &mi),
			 0);
	assert_string_equal(mi.optional, "");
	assert_string_equal(mi.mount_opts, "rw,relatime");
	assert_string_equal(mi.fstype, "proc");

	/* Several, kept together with their spaces. */
	assert_int_equal(parse("54 28 254:2 /data /srv ro,nosuid shared:37 "
			       "master:2 propagate_from:3 unbindable - ext4 "
			       "/dev/sdb1 ro",
			       &mi),
			 0);
	assert_string_equal(mi.optional,
			    "shared:37 master:2 propagate_from:3 unbindable");
	assert_string_equal(mi.root, "/data");
	assert_string_equal(mi.mount_point, "/srv");
	assert_string_equal(mi.fstype, "ext4");
	assert_string_equal(mi.source, "/dev/sdb1");
	assert_string_equal(mi.super_opts, "ro");
}

static void test_escapes(void **state)
{
	struct mountinfo mi;

	(void)state;
	assert_int_equal(parse("54 28 8:17 /my\\040dir /srv/shared\\040files "
			       "rw - ext4 /dev/disk/by-label/My\\040Disk rw",
			       &mi),
			 0);
	assert_string_equal(mi.root, "/my dir");
	assert_string_equal(mi.mount_point, "/srv/shared files");
	assert_string_equal(mi.source, "/dev/disk/by-label/My Disk");

	assert_int_equal(parse("60 28 0:50 / /mnt/a\\011b\\012c\\134d rw - "
			       "fuse.sshfs user@host:/x\\040y rw,user_id=0",
			       &mi),
			 0);
	assert_string_equal(mi.mount_point, "/mnt/a\tb\nc\\d");
	assert_string_equal(mi.fstype, "fuse.sshfs");
	assert_string_equal(mi.source, "user@host:/x y");
	/* Options stay as the kernel wrote them. */
	assert_string_equal(mi.super_opts, "rw,user_id=0");
}

static void test_unescape(void **state)
{
	char s[64];

	(void)state;
	snprintf(s, sizeof(s), "%s", "a\\040b");
	assert_string_equal(mountinfo_unescape(s), "a b");
	/* Not three octal digits, past \377, or a NUL: kept as is. */
	snprintf(s, sizeof(s), "%s", "a\\04");
	assert_string_equal(mountinfo_unescape(s), "a\\04");
	snprintf(s, sizeof(s), "%s", "a\\089");
	assert_string_equal(mountinfo_unescape(s), "a\\089");
	snprintf(s, sizeof(s), "%s", "\\400x");
	assert_string_equal(mountinfo_unescape(s), "\\400x");
	snprintf(s, sizeof(s), "%s", "x\\000y");
	assert_string_equal(mountinfo_unescape(s), "x\\000y");
	snprintf(s, sizeof(s), "%s", "end\\");
	assert_string_equal(mountinfo_unescape(s), "end\\");
	snprintf(s, sizeof(s), "%s", "\\134040");
	assert_string_equal(mountinfo_unescape(s), "\\040");
	snprintf(s, sizeof(s), "%s", "");
	assert_string_equal(mountinfo_unescape(s), "");
}

static void test_empty_source(void **state)
{
	struct mountinfo mi;

	(void)state;
	/* A mount made with an empty source name: two spaces in a row. */
	assert_int_equal(parse("70 28 0:60 / /mnt/x rw - tmpfs  rw,size=4k",
			       &mi),
			 0);
	assert_string_equal(mi.fstype, "tmpfs");
	assert_string_equal(mi.source, "");
	assert_string_equal(mi.super_opts, "rw,size=4k");
}

static void test_trailing_fields(void **state)
{
	struct mountinfo mi;

	(void)state;
	/* Fields a later kernel might append are ignored. */
	assert_int_equal(parse("22 27 0:21 / /proc rw - proc proc rw extra",
			       &mi),
			 0);
	assert_string_equal(mi.super_opts, "rw");
}

static void test_missing_separator(void **state)
{
	(void)state;
	refused("22 27 0:21 / /proc rw,relatime proc proc rw",
		"no \"-\" separator");
	refused("22 27 0:21 / /proc rw,relatime shared:1", "no \"-\" separator");
	/* "-" glued to a field is not the separator. */
	refused("22 27 0:21 / /proc rw -proc proc rw", "no \"-\" separator");
}

static void test_truncated(void **state)
{
	(void)state;
	refused("", "empty line");
	refused("\n", "empty line");
	refused("22", "bad parent id");
	refused("22 27", "bad major:minor");
	refused("22 27 0:21", "truncated line before the options");
	refused("22 27 0:21 /", "truncated line before the options");
	refused("22 27 0:21 / /proc", "truncated line before the options");
	refused("22 27 0:21 / /proc rw", "no \"-\" separator");
	refused("22 27 0:21 / /proc rw -", "truncated line after the separator");
	refused("22 27 0:21 / /proc rw - proc",
		"truncated line after the separator");
	refused("22 27 0:21 / /proc rw - proc proc",
		"truncated line after the separator");
}

static void test_bad_numbers(void **state)
{
	(void)state;
	refused("x 27 0:21 / /proc rw - proc proc rw", "bad mount id");
	refused("-1 27 0:21 / /proc rw - proc proc rw", "bad mount id");
	refused(" 22 27 0:21 / /proc rw - proc proc rw", "bad mount id");
	refused("22 2x 0:21 / /proc rw - proc proc rw", "bad parent id");
	refused("22 27 021 / /proc rw - proc proc rw", "bad major:minor");
	refused("22 27 0: / /proc rw - proc proc rw", "bad major:minor");
	refused("22 27 :21 / /proc rw - proc proc rw", "bad major:minor");
	refused("22 27 4294967296:0 / /proc rw - proc proc rw",
		"bad major:minor");
	refused("99999999999999999999999 27 0:21 / /proc rw - proc proc rw",
		"bad mount id");
	refused("22 27 0:21 / / rw - /dev/x rw", "truncated line after the separator");
	refused("22 27 0:21 /  rw - proc proc rw", "empty mount point");
	refused("22 27 0:21 / /x rw -  proc rw", "empty filesystem type");
}

static void test_garbage(void **state)
{
	struct mountinfo mi;
	char big[3000];

	(void)state;
	refused("garbage", "bad mount id");
	refused("- - - - - - - - - -", "bad mount id");
	refused("\x01\x02\xff", "bad mount id");

	/* A long line of separators parses without reading past its end. */
	memset(big, 0, sizeof(big));
	memcpy(big, "1 2 3:4 / /x rw", 15);
	for (size_t i = 15; i + 2 < sizeof(big) - 1; i += 2)
		memcpy(big + i, " -", 2);
	assert_int_equal(parse(big, &mi), 0);
	assert_string_equal(mi.fstype, "-");
	assert_string_equal(mi.source, "-");
	assert_string_equal(mi.super_opts, "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_optional_fields),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_empty_source),
		cmocka_unit_test(test_trailing_fields),
		cmocka_unit_test(test_missing_separator),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
