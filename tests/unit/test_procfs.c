/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_procfs.c: the /proc parsers on real lines and on hostile ones: a
 * comm holding ") " and spaces, lines cut short at every byte, overflowing
 * numbers, missing fields and input that is not terminated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/procfs.h"

static const char stat_sshd[] =
	"634 (sshd) S 1 634 634 0 -1 4194560 1442 3508 5 11 4 9 21 17 20 0 1 "
	"0 388 15765504 2327 18446744073709551615 1 1 0 0 0 0 0 4096 81925 0 "
	"0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

static void test_stat_plain(void **state)
{
	struct procfs_stat st;

	(void)state;
	assert_int_equal(procfs_parse_stat(stat_sshd, strlen(stat_sshd), &st),
			 0);
	assert_int_equal(st.pid, 634);
	assert_string_equal(st.comm, "sshd");
	assert_int_equal(st.comm_len, 4);
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.ppid, 1);
	assert_int_equal(st.pgrp, 634);
	assert_int_equal(st.utime, 4);
	assert_int_equal(st.stime, 9);
	assert_int_equal(st.nice, 0);
	assert_int_equal(st.num_threads, 1);
	assert_int_equal(st.starttime, 388);
	assert_int_equal(st.vsize, 15765504);
	assert_int_equal(st.rss, 2327);
}

static void test_stat_tricky_comm(void **state)
{
	static const char line[] =
		"1207 (a) R 1 1) R 1188 1207 1188 34816 1207 4194304 211 0 0 "
		"0 153 27 0 0 30 -5 3 0 51234 8404992 812 0 0";
	static const char paren[] = "9 ((x)) S 2 3 0 0 0 0 0 0 0 0 1 2 0 0 "
				    "0 0 1 0 7 0 0";
	static const char empty[] = "9 () S 2 3 0 0 0 0 0 0 0 0 1 2 0 0 0 0 "
				    "1 0 7 0 0";
	struct procfs_stat st;

	(void)state;
	assert_int_equal(procfs_parse_stat(line, strlen(line), &st), 0);
	assert_string_equal(st.comm, "a) R 1 1");
	assert_int_equal(st.comm_len, 8);
	assert_int_equal(st.state, 'R');
	assert_int_equal(st.ppid, 1188);
	assert_int_equal(st.pgrp, 1207);
	assert_int_equal(st.utime, 153);
	assert_int_equal(st.stime, 27);
	assert_int_equal(st.nice, -5);
	assert_int_equal(st.num_threads, 3);
	assert_int_equal(st.starttime, 51234);

	assert_int_equal(procfs_parse_stat(paren, strlen(paren), &st), 0);
	assert_string_equal(st.comm, "(x)");
	assert_int_equal(st.ppid, 2);

	assert_int_equal(procfs_parse_stat(empty, strlen(empty), &st), 0);
	assert_string_equal(st.comm, "");
	assert_int_equal(st.comm_len, 0);
}

/* Every proper prefix of a valid line that stops before rss is refused. */
static void test_stat_truncated(void **state)
{
	struct procfs_stat st;
	const char *rss;
	size_t n, full;
	char *copy;

	(void)state;
	/* rss ("2327") is the 24th field; the line is valid from there on. */
	rss = strstr(stat_sshd, " 2327 ");
	assert_non_null(rss);
	full = (size_t)(rss - stat_sshd) + 5;
	for (n = 0; n < full; n++) {
		/* A heap copy of exactly n bytes lets ASan catch overreads. */
		copy = malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, stat_sshd, n);
		if (n == full - 1 || n == full - 2 || n == full - 3) {
			/* "23", "232", "2" : a shorter but valid rss. */
			assert_int_equal(procfs_parse_stat(copy, n, &st), 0);
		} else {
			assert_int_equal(procfs_parse_stat(copy, n, &st), -1);
		}
		free(copy);
	}
	assert_int_equal(procfs_parse_stat(stat_sshd, full, &st), 0);
	assert_int_equal(st.rss, 2327);
}

static void test_stat_garbage(void **state)
{
	static const char *const bad[] = {
		"",
		"garbage",
		"garbage (((( no closing paren \001\377 R 1 2 3\n",
		"x (sshd) S 1 634 634 0 -1 4 1 3 5 11 4 9 21 17 20 0 1 0 388 1 2",
		"-5 (sshd) S 1 634 634 0 -1 4 1 3 5 11 4 9 21 17 20 0 1 0 388 1 2",
		"634 sshd) S 1 634 634 0 -1 4 1 3 5 11 4 9 21 17 20 0 1 0 388 1 2",
		"634 (sshd) SS 1 634 634 0 -1 4 1 3 5 11 4 9 21 17 20 0 1 0 3 1 2",
		"634 (sshd) S x 634 634 0 -1 4 1 3 5 11 4 9 21 17 20 0 1 0 388 1 2",
		"634 (sshd) S 1 634 634 0 -1 4 1 3 5 11 -4 9 21 17 20 0 1 0 38 1 2",
		"634 (sshd) S 1 634 634 0 -1 4 1 3 5 11 99999999999999999999 9 21 "
		"17 20 0 1 0 388 1 2",
		"634 (sshd) S 1 634 634 0 -1 4 1 3 5 11 4 9 21 17 20 0 1 0 388 1\n2",
		"634 (sshd)",
		"634 (sshd) ",
		"634 (sshd) S",
	};
	struct procfs_stat st;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(procfs_parse_stat(bad[i], strlen(bad[i]), &st),
				 -1);
}

static void test_stat_long_comm(void **state)
{
	char line[512];
	struct procfs_stat st;
	size_t n;

	(void)state;
	/* 127 bytes of comm fit; 128 do not. */
	memcpy(line, "5 (", 3);
	memset(line + 3, 'c', 127);
	n = 130;
	memcpy(line + n, ") S 1 1 0 0 0 0 0 0 0 0 1 1 0 0 0 0 1 0 1 0 0", 45);
	n += 45;
	assert_int_equal(procfs_parse_stat(line, n, &st), 0);
	assert_int_equal(st.comm_len, 127);

	memcpy(line, "5 (", 3);
	memset(line + 3, 'c', 128);
	n = 131;
	memcpy(line + n, ") S 1 1 0 0 0 0 0 0 0 0 1 1 0 0 0 0 1 0 1 0 0", 45);
	n += 45;
	assert_int_equal(procfs_parse_stat(line, n, &st), -1);

	/* A NUL inside the comm is refused. */
	memcpy(line, "5 (a\0b) S 1 1 0 0 0 0 0 0 0 0 1 1 0 0 0 0 1 0 1 0 0", 51);
	assert_int_equal(procfs_parse_stat(line, 51, &st), -1);
}

static const char status_user[] =
	"Name:\tevil) R 1 1\n"
	"Umask:\t0022\n"
	"State:\tR (running)\n"
	"PPid:\t1188\n"
	"Uid:\t1000\t1001\t1002\t1003\n"
	"Gid:\t100\t101\t102\t103\n"
	"Groups:\t24 25 27 29 30 44 46 100 1000 \n"
	"VmPeak:\t    8208 kB\n"
	"VmSize:\t    8208 kB\n"
	"VmLck:\t      16 kB\n"
	"VmRSS:\t    3248 kB\n"
	"RssAnon:\t     204 kB\n"
	"Threads:\t3\n";

static void test_status_plain(void **state)
{
	struct procfs_status st;

	(void)state;
	assert_int_equal(procfs_parse_status(status_user, strlen(status_user),
					     &st),
			 0);
	assert_string_equal(st.name, "evil) R 1 1");
	assert_int_equal(st.have,
			 PROCFS_ST_NAME | PROCFS_ST_UID | PROCFS_ST_GID |
				 PROCFS_ST_VMRSS | PROCFS_ST_VMSIZE |
				 PROCFS_ST_VMLCK | PROCFS_ST_THREADS |
				 PROCFS_ST_PPID);
	assert_int_equal(st.uid[0], 1000);
	assert_int_equal(st.uid[1], 1001);
	assert_int_equal(st.uid[2], 1002);
	assert_int_equal(st.gid[0], 100);
	assert_int_equal(st.gid[1], 101);
	assert_int_equal(st.gid[2], 102);
	assert_int_equal(st.ppid, 1188);
	assert_int_equal(st.threads, 3);
	assert_int_equal(st.vm_rss, 3248);
	assert_int_equal(st.vm_size, 8208);
	assert_int_equal(st.vm_lck, 16);
}

static void test_status_kernel_thread(void **state)
{
	static const char s[] = "Name:\tkthreadd\nUid:\t0\t0\t0\t0\n"
				"Gid:\t0\t0\t0\t0\nKthread:\t1\nThreads:\t1\n";
	struct procfs_status st;

	(void)state;
	assert_int_equal(procfs_parse_status(s, strlen(s), &st), 0);
	assert_false(st.have & (PROCFS_ST_VMRSS | PROCFS_ST_VMSIZE |
				PROCFS_ST_VMLCK));
	assert_true(st.have & PROCFS_ST_UID);
	assert_int_equal(st.uid[1], 0);
}

static void test_status_bad_values(void **state)
{
	static const char s[] =
		"Name:\ttrunc\n"
		"Uid:\t1000\t1000\n"                  /* two ids: refused */
		"Gid:\tx\ty\tz\tw\n"                  /* not numbers */
		"VmSize:\t 99999999999999999999999 kB\n" /* overflow */
		"VmRSS:\t  12\n"                      /* no unit */
		"VmLck:\t  1 MB\n"                    /* wrong unit */
		"Threads:\t-1\n"
		"PPid:\t4294967296\n";
	static const char uidbig[] = "Uid:\t4294967296\t0\t0\t0\n";
	struct procfs_status st;

	(void)state;
	assert_int_equal(procfs_parse_status(s, strlen(s), &st), 0);
	assert_int_equal(st.have, PROCFS_ST_NAME);
	assert_int_equal(procfs_parse_status(uidbig, strlen(uidbig), &st), -1);
	assert_int_equal(procfs_parse_status("", 0, &st), -1);
	assert_int_equal(procfs_parse_status("garbage\n\n\n", 10, &st), -1);
	/* A key must be followed by its colon. */
	assert_int_equal(procfs_parse_status("Uidx:\t1\t1\t1\n", 12, &st), -1);
}

/* Cut at every byte: never reads past the length, never crashes. */
static void test_status_truncated(void **state)
{
	struct procfs_status st;
	size_t n, len = strlen(status_user);
	char *copy;

	(void)state;
	for (n = 0; n <= len; n++) {
		copy = malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, status_user, n);
		(void)procfs_parse_status(copy, n, &st);
		free(copy);
	}
	/* Cut inside "VmRSS:\t    3248 kB": the field is left out. */
	n = (size_t)(strstr(status_user, "3248 kB") - status_user) + 6;
	assert_int_equal(procfs_parse_status(status_user, n, &st), 0);
	assert_false(st.have & PROCFS_ST_VMRSS);
	assert_true(st.have & PROCFS_ST_VMLCK);
}

static void test_io(void **state)
{
	static const char s[] = "rchar: 1183746212\nwchar: 301928844\n"
				"syscr: 512004\nsyscw: 120051\n"
				"read_bytes: 412688384\nwrite_bytes: 98373632\n"
				"cancelled_write_bytes: 2412544\n";
	static const char bad[] = "read_bytes: lots\nwrite_bytes: -5\n";
	static const char half[] = "write_bytes: 7";
	struct procfs_io io;

	(void)state;
	assert_int_equal(procfs_parse_io(s, strlen(s), &io), 0);
	assert_int_equal(io.have, PROCFS_IO_READ | PROCFS_IO_WRITE);
	assert_int_equal(io.read_bytes, 412688384);
	assert_int_equal(io.write_bytes, 98373632);
	assert_int_equal(procfs_parse_io(bad, strlen(bad), &io), -1);
	assert_int_equal(procfs_parse_io(half, strlen(half), &io), 0);
	assert_int_equal(io.have, PROCFS_IO_WRITE);
	assert_int_equal(io.write_bytes, 7);
	/* cancelled_write_bytes is not write_bytes. */
	assert_int_equal(procfs_parse_io("cancelled_write_bytes: 1\n", 25, &io),
			 -1);
}

static void test_cgroup(void **state)
{
	static const char v1v2[] = "12:pids:/user.slice\n"
				   "1:name=systemd:/user.slice/x.scope\n"
				   "0::/user.slice/a:b c.scope\n";
	static const char v1[] = "4:memory:/x\n1:name=systemd:/\n";
	const char *p;
	size_t n;

	(void)state;
	assert_int_equal(procfs_cgroup_v2(v1v2, strlen(v1v2), &p, &n), 0);
	assert_int_equal(n, strlen("/user.slice/a:b c.scope"));
	assert_memory_equal(p, "/user.slice/a:b c.scope", n);
	assert_int_equal(procfs_cgroup_v2("0::/", 4, &p, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(procfs_cgroup_v2(v1, strlen(v1), &p, &n), -1);
	assert_int_equal(procfs_cgroup_v2("", 0, &p, &n), -1);
	assert_int_equal(procfs_cgroup_v2("0:", 2, &p, &n), -1);
	/* "10::" is not "0::". */
	assert_int_equal(procfs_cgroup_v2("10::/x\n", 7, &p, &n), -1);
}

static void test_cmdline(void **state)
{
	char a[] = "./x\0--flag\0two words\0\0\0";
	char b[] = "sshd: listener";
	char c[] = "\0\0";
	size_t n;

	(void)state;
	n = procfs_cmdline_join(a, sizeof(a) - 1);
	assert_int_equal(n, strlen("./x --flag two words"));
	assert_memory_equal(a, "./x --flag two words", n);
	n = procfs_cmdline_join(b, sizeof(b) - 1);
	assert_memory_equal(b, "sshd: listener", n);
	assert_int_equal(procfs_cmdline_join(c, 2), 0);
	assert_int_equal(procfs_cmdline_join(c, 0), 0);
}

static void test_btime(void **state)
{
	static const char s[] = "cpu  1 2 3\nintr 5 0 0 0\nctxt 43\n"
				"btime 1700000000\nprocesses 13542\n";
	int64_t bt = 0;

	(void)state;
	assert_int_equal(procfs_parse_btime(s, strlen(s), &bt), 0);
	assert_int_equal(bt, 1700000000);
	assert_int_equal(procfs_parse_btime("cpu 1\n", 6, &bt), -1);
	assert_int_equal(procfs_parse_btime("btime x\n", 8, &bt), -1);
	assert_int_equal(procfs_parse_btime("btime ", 6, &bt), -1);
	assert_int_equal(procfs_parse_btime("btimes 5\n", 9, &bt), -1);
	assert_int_equal(procfs_parse_btime("btime 17", 8, &bt), 0);
	assert_int_equal(bt, 17);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat_plain),
		cmocka_unit_test(test_stat_tricky_comm),
		cmocka_unit_test(test_stat_truncated),
		cmocka_unit_test(test_stat_garbage),
		cmocka_unit_test(test_stat_long_comm),
		cmocka_unit_test(test_status_plain),
		cmocka_unit_test(test_status_kernel_thread),
		cmocka_unit_test(test_status_bad_values),
		cmocka_unit_test(test_status_truncated),
		cmocka_unit_test(test_io),
		cmocka_unit_test(test_cgroup),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_btime),
	};

	return cmocka_run_group_tests(tests, 0, NULL);
}
