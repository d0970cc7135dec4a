/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sysparse.c: the small /proc, sysfs and desktop-file parsers on real
 * lines and on hostile ones: malformed /proc/stat cpu lines, overflowing
 * numbers, NUL bytes, input cut at every byte, and lines with no newline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/sysparse.h"

static int stat_cpu(const char *s, struct sysparse_cputime *ct, char *err)
{
	return sysparse_stat_cpu(s, strlen(s), ct, err, 128);
}

static void test_stat_cpu(void **state)
{
	struct sysparse_cputime ct;
	char err[128];

	(void)state;
	assert_int_equal(stat_cpu("cpu0 24110 60 10201 2655890 801 0 512 0 0 "
				  "0\n", &ct, err), 1);
	assert_int_equal(ct.core, 0);
	assert_int_equal(ct.n, 10);
	assert_int_equal(ct.v[0], 24110);
	assert_int_equal(ct.v[3], 2655890);
	assert_int_equal(ct.v[6], 512);

	assert_int_equal(stat_cpu("cpu15 1 2 3 4", &ct, err), 1);
	assert_int_equal(ct.core, 15);
	assert_int_equal(ct.n, 4);
	assert_int_equal(ct.v[4], 0);

	/* More than ten fields: the extra ones are ignored. */
	assert_int_equal(stat_cpu("cpu1 1 2 3 4 5 6 7 8 9 10 11 12", &ct, err),
			 1);
	assert_int_equal(ct.v[9], 10);
	assert_int_equal(stat_cpu("cpu2\t1\t2  3 4 18446744073709551615", &ct,
				  err), 1);
	assert_int_equal(ct.v[4], UINT64_MAX);

	/* Not per-CPU lines. */
	assert_int_equal(stat_cpu("cpu  48321 112 20345 5312210", &ct, err), 0);
	assert_int_equal(stat_cpu("intr 2104587 0 9", &ct, err), 0);
	assert_int_equal(stat_cpu("btime 1700000000", &ct, err), 0);
	assert_int_equal(stat_cpu("cpufreq 1 2 3 4", &ct, err), 0);
	assert_int_equal(stat_cpu("cpu", &ct, err), 0);
	assert_int_equal(stat_cpu("", &ct, err), 0);
	assert_int_equal(sysparse_stat_cpu(NULL, 0, &ct, NULL, 0), 0);
}

static void test_stat_cpu_malformed(void **state)
{
	static const char *const bad[] = {
		"cpu0 1 2 3",                   /* too few */
		"cpu0",                         /* none at all */
		"cpu1x 1 2 3 4",                /* bad core */
		"cpu99999999999 1 2 3 4",       /* core too big */
		"cpu0 1 2 -3 4",                /* sign */
		"cpu0 1 2 3 4x",                /* suffix */
		"cpu0 1 2 3 18446744073709551616", /* overflow */
		"cpu0 1 2 3 0x10",
	};
	struct sysparse_cputime ct;
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(stat_cpu(bad[i], &ct, err), -1);
		assert_true(err[0] != '\0');
	}
	/* A NUL in the middle is just a bad byte. */
	assert_int_equal(sysparse_stat_cpu("cpu0 1 2\0 3 4", 13, &ct, err,
					   sizeof(err)), -1);
}

static void test_stat_cpu_every_prefix(void **state)
{
	static const char line[] = "cpu3 10 20 30 40 50 60 70 80 90 100";
	struct sysparse_cputime ct;
	size_t i;

	(void)state;
	/* Cut anywhere: never read past len, never accept a short line. */
	for (i = 0; i <= strlen(line); i++) {
		char *copy = malloc(i ? i : 1);
		int rc;

		assert_non_null(copy);
		memcpy(copy, line, i);
		rc = sysparse_stat_cpu(copy, i, &ct, NULL, 0);
		if (i < 4)
			assert_int_equal(rc, 0);
		else if (i < 15) /* "cpu3 10 20 30 4" has its 4 fields */
			assert_int_equal(rc, -1);
		else
			assert_int_equal(rc, 1);
		free(copy);
	}
}

static void test_loadavg(void **state)
{
	double a[3];
	char err[128];

	(void)state;
	assert_int_equal(sysparse_loadavg("3.12 59.43 44.04 1/94 19408\n", 27,
					  a, err, sizeof(err)), 0);
	assert_true(a[0] == 3.12);
	assert_true(a[1] == 59.43);
	assert_true(a[2] == 44.04);
	assert_int_equal(sysparse_loadavg("0 1 2", 5, a, err, sizeof(err)), 0);
	assert_true(a[2] == 2.0);
	assert_int_equal(sysparse_loadavg("0.1 0.2", 7, a, err, sizeof(err)),
			 -1);
	assert_int_equal(sysparse_loadavg("-1.0 0.2 0.3", 12, a, err,
					  sizeof(err)), -1);
	assert_int_equal(sysparse_loadavg("1e3 0.2 0.3", 11, a, err,
					  sizeof(err)), -1);
	assert_int_equal(sysparse_loadavg("1. 0.2 0.3", 10, a, err,
					  sizeof(err)), -1);
	assert_int_equal(sysparse_loadavg(".5 0.2 0.3", 10, a, err,
					  sizeof(err)), -1);
	assert_int_equal(sysparse_loadavg("1111111111111111111.0 0 0", 25, a,
					  err, sizeof(err)), -1);
	assert_int_equal(sysparse_loadavg("", 0, a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "0 load averages"));
}

static void test_meminfo(void **state)
{
	static const char t[] = "MemTotal:       65589248 kB\n"
				"MemFree:        51234560 kB\n"
				"HugePages_Total:       4\n"
				"Bad:   12 MB\n"
				"Big:   18014398509481984 kB\n"
				"Neg:   -1 kB\n"
				"Extra:   1 kB x\n"
				"Last:  7 kB";
	uint64_t v;

	(void)state;
	assert_int_equal(sysparse_meminfo_get(t, strlen(t), "MemTotal", &v), 0);
	assert_int_equal(v, 65589248ull * 1024);
	assert_int_equal(sysparse_meminfo_get(t, strlen(t), "MemFree", &v), 0);
	assert_int_equal(v, 51234560ull * 1024);
	assert_int_equal(sysparse_meminfo_get(t, strlen(t), "HugePages_Total",
					      &v), 0);
	assert_int_equal(v, 4);
	assert_int_equal(sysparse_meminfo_get(t, strlen(t), "Last", &v), 0);
	assert_int_equal(v, 7 * 1024);
	assert_int_equal(sysparse_meminfo_get(t, strlen(t), "Bad", &v), -1);
	assert_int_equal(sysparse_meminfo_get(t, strlen(t), "Big", &v), -1);
	assert_int_equal(sysparse_meminfo_get(t, strlen(t), "Neg", &v), -1);
	assert_int_equal(sysparse_meminfo_get(t, strlen(t), "Extra", &v), -1);
	assert_int_equal(sysparse_meminfo_get(t, strlen(t), "Mem", &v), -1);
	assert_int_equal(sysparse_meminfo_get(t, strlen(t), "Active", &v), -1);
	/* Cut in the middle of the number. */
	assert_int_equal(sysparse_meminfo_get(t, 22, "MemTotal", &v), 0);
	assert_int_equal(v, 655892);
}

static void test_shm(void **state)
{
	static const char header[] =
		"       key      shmid perms                  size  cpid  lpid "
		"nattch   uid   gid  cuid  cgid      atime      dtime      ctime"
		"                   rss                  swap\n";
	static const char row[] =
		"         0          3  1600                524288  1207  4242"
		"      2  1000  1000  1000  1000 1700001000 1700000900 "
		"1700000500                 12288                     0\n";
	static const char old[] = "-1 7 600 4096 1 2 0 0 0 0 0 0 0 0";
	struct sysparse_shm s;
	char err[128];

	(void)state;
	assert_int_equal(sysparse_shm_line(header, strlen(header), &s, err,
					   sizeof(err)), 0);
	assert_int_equal(sysparse_shm_line("\n", 1, &s, err, sizeof(err)), 0);
	assert_int_equal(sysparse_shm_line(row, strlen(row), &s, err,
					   sizeof(err)), 1);
	assert_int_equal(s.key, 0);
	assert_int_equal(s.shmid, 3);
	assert_int_equal(s.perms, 01600);
	assert_int_equal(s.size, 524288);
	assert_int_equal(s.cpid, 1207);
	assert_int_equal(s.lpid, 4242);
	assert_int_equal(s.nattch, 2);
	assert_int_equal(s.uid, 1000);
	assert_int_equal(s.cgid, 1000);
	assert_int_equal(s.atime, 1700001000);
	assert_int_equal(s.dtime, 1700000900);
	assert_int_equal(s.ctime, 1700000500);
	/* Kernels before rss and swap were added print 14 fields. */
	assert_int_equal(sysparse_shm_line(old, strlen(old), &s, err,
					   sizeof(err)), 1);
	assert_int_equal(s.key, -1);
	assert_int_equal(s.perms, 0600);

	assert_int_equal(sysparse_shm_line("1 2 3", 5, &s, err, sizeof(err)),
			 -1);
	assert_int_equal(sysparse_shm_line("0 1 0800 4096 1 2 0 0 0 0 0 0 0 0",
					   33, &s, err, sizeof(err)), -1);
	assert_int_equal(sysparse_shm_line("0 1 600 4096 1 2 0 x 0 0 0 0 0 0",
					   32, &s, err, sizeof(err)), -1);
	assert_int_equal(sysparse_shm_line("0 1 600 4096 1 2 0 4294967296 0 0 0"
					   " 0 0 0", 42, &s, err, sizeof(err)),
			 -1);
}

static void test_kv(void **state)
{
	static const char uevent[] = "DRIVER=ahci\nPCI_CLASS=10601\n"
				     "PCI_ID=8086:A182\nPCI_IDX=no\nEMPTY=\n"
				     "LAST=end";
	static const char udev[] = "S:disk/by-uuid/x\nE:ID_FS_TYPE=ext4\n"
				   "E:ID_FS_UUID=1234\nG:systemd\n";
	const char *v;
	size_t vl;

	(void)state;
	assert_int_equal(sysparse_kv_get(uevent, strlen(uevent), "", "PCI_ID",
					 &v, &vl), 0);
	assert_int_equal(vl, 9);
	assert_memory_equal(v, "8086:A182", 9);
	assert_int_equal(sysparse_kv_get(uevent, strlen(uevent), "", "LAST",
					 &v, &vl), 0);
	assert_memory_equal(v, "end", 3);
	assert_int_equal(vl, 3);
	assert_int_equal(sysparse_kv_get(uevent, strlen(uevent), "", "EMPTY",
					 &v, &vl), 0);
	assert_int_equal(vl, 0);
	assert_int_equal(sysparse_kv_get(uevent, strlen(uevent), "", "PCI",
					 &v, &vl), -1);
	assert_int_equal(sysparse_kv_get(uevent, strlen(uevent), "", "DRIVERX",
					 &v, &vl), -1);
	/* Cut in the middle of the last value: it ends at len. */
	assert_int_equal(sysparse_kv_get(uevent, strlen(uevent) - 1, "",
					 "LAST", &v, &vl), 0);
	assert_int_equal(vl, 2);
	assert_int_equal(sysparse_kv_get(udev, strlen(udev), "E:", "ID_FS_UUID",
					 &v, &vl), 0);
	assert_memory_equal(v, "1234", 4);
	assert_int_equal(sysparse_kv_get(udev, strlen(udev), "", "ID_FS_UUID",
					 &v, &vl), -1);
	assert_int_equal(sysparse_kv_get("", 0, "", "A", &v, &vl), -1);
}

static void test_limits(void **state)
{
	static const char *const lines[] = {
		"Limit                     Soft Limit           Hard Limit      "
		"     Units     \n",
		"Max cpu time              unlimited            unlimited       "
		"     seconds   \n",
		"Max open files            1024                 524288          "
		"     files     \n",
		"Max nice priority         0                    0               "
		"     \n",
		"Max realtime timeout      unlimited            unlimited       "
		"     us        \n",
	};
	struct sysparse_limit l;
	char err[128];

	(void)state;
	assert_int_equal(sysparse_limits_line(lines[0], strlen(lines[0]), &l,
					      err, sizeof(err)), 0);
	assert_int_equal(sysparse_limits_line(lines[1], strlen(lines[1]), &l,
					      err, sizeof(err)), 1);
	assert_string_equal(l.type, "cpu");
	assert_string_equal(l.soft, "unlimited");
	assert_string_equal(l.hard, "unlimited");
	assert_int_equal(sysparse_limits_line(lines[2], strlen(lines[2]), &l,
					      err, sizeof(err)), 1);
	assert_string_equal(l.type, "nofile");
	assert_string_equal(l.soft, "1024");
	assert_string_equal(l.hard, "524288");
	assert_int_equal(sysparse_limits_line(lines[3], strlen(lines[3]), &l,
					      err, sizeof(err)), 1);
	assert_string_equal(l.type, "nice");
	assert_string_equal(l.hard, "0");
	assert_int_equal(sysparse_limits_line(lines[4], strlen(lines[4]), &l,
					      err, sizeof(err)), 0);

	assert_int_equal(sysparse_limits_line("Max open files 10", 17, &l, err,
					      sizeof(err)), -1);
	assert_int_equal(sysparse_limits_line("Max open files lots 10 files",
					      28, &l, err, sizeof(err)), -1);
	assert_int_equal(sysparse_limits_line("Max open files -1 10", 20, &l,
					      err, sizeof(err)), -1);
	/* A name that only starts like a known one is not it. */
	assert_int_equal(sysparse_limits_line("Max open filesystems 1 2", 24,
					      &l, err, sizeof(err)), 0);
	assert_int_equal(sysparse_limits_line("Max open files", 14, &l, err,
					      sizeof(err)), 0);
}

static void test_cpuinfo(void **state)
{
	static const char text[] =
		"processor\t: 0\n"
		"vendor_id\t: GenuineIntel\n"
		"model name\t: Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz\n"
		"cpu MHz\t\t: 2100.000\n"
		"physical id\t: 1\n"
		"siblings\t: 4\n"
		"core id\t\t: 3\n"
		"cpu cores\t: 2\n"
		"flags\t\t: fpu vme lm constant_tsc\n"
		"power management:\n"
		"\n\n"
		"processor\t: 1\n"
		"vendor_id\t: \n"
		"cpu MHz\t\t: fast\n"
		"flags\t\t: fpu vme lmx\n"
		"core id\t\t: -1\n"
		"\n"
		"garbage line without colon\n"
		"processor : 99999999999\n";
	struct sysparse_cpuinfo c;
	size_t off = 0, n;

	(void)state;
	n = sysparse_cpuinfo_block(text, strlen(text), &c);
	assert_true(n > 0);
	off += n;
	assert_int_equal(c.have & SYSPARSE_CPU_PROCESSOR, SYSPARSE_CPU_PROCESSOR);
	assert_int_equal(c.processor, 0);
	assert_int_equal(c.physical_id, 1);
	assert_int_equal(c.core_id, 3);
	assert_int_equal(c.cpu_cores, 2);
	assert_int_equal(c.siblings, 4);
	assert_string_equal(c.vendor, "GenuineIntel");
	assert_string_equal(c.model, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	assert_true(c.mhz == 2100.0);
	assert_true(c.lm);
	assert_memory_equal(text + off, "processor\t: 1", 13);

	n = sysparse_cpuinfo_block(text + off, strlen(text) - off, &c);
	off += n;
	assert_int_equal(c.processor, 1);
	assert_int_equal(c.have & (SYSPARSE_CPU_VENDOR | SYSPARSE_CPU_MHZ |
				   SYSPARSE_CPU_CORE_ID), 0);
	assert_true(c.have & SYSPARSE_CPU_FLAGS);
	assert_false(c.lm);

	n = sysparse_cpuinfo_block(text + off, strlen(text) - off, &c);
	off += n;
	assert_int_equal(off, strlen(text));
	assert_int_equal(c.have & SYSPARSE_CPU_PROCESSOR, 0); /* too big */

	/* Every cut of the input is consumed without reading past it. */
	for (n = 0; n <= strlen(text); n++) {
		char *copy = malloc(n ? n : 1);
		size_t o = 0;

		assert_non_null(copy);
		memcpy(copy, text, n);
		while (o < n) {
			size_t k = sysparse_cpuinfo_block(copy + o, n - o, &c);

			assert_true(k > 0 && k <= n - o);
			o += k;
		}
		free(copy);
	}
}

static void test_cpuinfo_long_model(void **state)
{
	char text[600];
	struct sysparse_cpuinfo c;

	(void)state;
	memcpy(text, "model name : ", 13);
	memset(text + 13, 'M', 500);
	text[513] = '\n';
	sysparse_cpuinfo_block(text, 514, &c);
	assert_int_equal(strlen(c.model), sizeof(c.model) - 1);
}

static void test_desktop(void **state)
{
	static const char t[] =
		"# comment\n"
		"[Desktop Entry]\r\n"
		"Type=Application\n"
		"Name[de]=Benutzerordner\n"
		"Name = User folders update\n"
		"Exec=xdg-user-dirs-update --force\n"
		"Exec=second\n"
		"Hidden=false\n"
		"X-GNOME-Autostart-enabled=false\n"
		"[Desktop Action new]\n"
		"Name=Other group\n"
		"Hidden=true\n";
	static const char hidden[] = "[Desktop Entry]\nHidden=true\n";
	struct sysparse_desktop d;
	char err[128];

	(void)state;
	assert_int_equal(sysparse_desktop(t, strlen(t), &d, err, sizeof(err)),
			 0);
	assert_int_equal(d.name_len, 19);
	assert_memory_equal(d.name, "User folders update", 19);
	assert_int_equal(d.exec_len, strlen("xdg-user-dirs-update --force"));
	assert_false(d.hidden);
	assert_true(d.disabled);

	assert_int_equal(sysparse_desktop(hidden, strlen(hidden), &d, err,
					  sizeof(err)), 0);
	assert_true(d.hidden);
	assert_null(d.name);
	assert_null(d.exec);

	assert_int_equal(sysparse_desktop("Name=x\n", 7, &d, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "no [Desktop Entry] group");
	assert_int_equal(sysparse_desktop("", 0, &d, err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat_cpu),
		cmocka_unit_test(test_stat_cpu_malformed),
		cmocka_unit_test(test_stat_cpu_every_prefix),
		cmocka_unit_test(test_loadavg),
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_shm),
		cmocka_unit_test(test_kv),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_cpuinfo),
		cmocka_unit_test(test_cpuinfo_long_model),
		cmocka_unit_test(test_desktop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
