/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_sysparse: libFuzzer target for the parsers of sysparse.h: the cpu
 * lines of /proc/stat, /proc/loadavg, /proc/sysvipc/shm, /proc/PID/limits,
 * /proc/cpuinfo blocks, /proc/meminfo, KEY=value files (sysfs uevent, udev's database)
 * and XDG autostart .desktop files.
 *
 * The input is a whole file.  Each '\n'-separated line, in a buffer of
 * exactly its length, goes to the line parsers (stat cpu, shm, limits);
 * the whole input, in a buffer of exactly its size, goes to the others.
 * No buffer is terminated: the parsers take a length and must not read
 * past it.
 *
 * Besides crashes, the target checks the contracts: a cpu line gives 4 to
 * 10 times; a limit has a type and NUL-terminated soft and hard values; a
 * cpuinfo block consumes at least one byte and no more than it was given,
 * and its strings are terminated; load averages are finite and not
 * negative; spans returned lie inside the input; a refusal leaves a
 * NUL-terminated reason in err.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/sysparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *copy_exact(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

static void check_span(const char *s, size_t n, const char *buf, size_t size)
{
	if (!s)
		return;
	if (s < buf || n > size || s + n > buf + size)
		abort();
}

static void check_err(int rc, const char *err, size_t errsize)
{
	if (rc < 0 && errsize && memchr(err, '\0', errsize) == NULL)
		abort();
}

static void check_line(const uint8_t *data, size_t len)
{
	char *l = copy_exact(data, len), err[40];
	size_t errsize = 1 + len % sizeof(err);
	struct sysparse_cputime ct;
	struct sysparse_shm shm;
	struct sysparse_limit lim;
	int rc;

	rc = sysparse_stat_cpu(l, len, &ct, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 1 && (ct.n < 4 || ct.n > SYSPARSE_CPU_FIELDS))
		abort();
	rc = sysparse_shm_line(l, len, &shm, len % 2 ? err : NULL,
			       len % 2 ? errsize : 0);
	if (len % 2)
		check_err(rc, err, errsize);
	rc = sysparse_limits_line(l, len, &lim, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 1 &&
	    (!lim.type || !memchr(lim.soft, '\0', sizeof(lim.soft)) ||
	     !memchr(lim.hard, '\0', sizeof(lim.hard))))
		abort();
	free(l);
}

static void check_cpuinfo(const char *s, size_t len)
{
	struct sysparse_cpuinfo cpu;
	size_t pos = 0, n;

	while (pos < len) {
		n = sysparse_cpuinfo_block(s + pos, len - pos, &cpu);
		if (n == 0 || n > len - pos)
			abort();
		if (!memchr(cpu.vendor, '\0', sizeof(cpu.vendor)) ||
		    !memchr(cpu.model, '\0', sizeof(cpu.model)))
			abort();
		pos += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "DEVTYPE", "ID_MODEL", "DRIVER",
					    "PCI_SLOT_NAME", "" };
	static const char *const meminfo[] = { "MemTotal", "MemAvailable",
					       "HugePages_Total", "" };
	struct sysparse_desktop d;
	uint64_t bytes;
	size_t pos = 0, len, vlen, i;
	const uint8_t *nl;
	const char *val;
	char *s, err[40];
	double avg[3];
	int rc;

	while (pos < size) {
		nl = memchr(data + pos, '\n', size - pos);
		len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		check_line(data + pos, len);
		pos += len + 1;
	}

	s = copy_exact(data, size);
	rc = sysparse_loadavg(s, size, avg, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0)
		for (i = 0; i < 3; i++)
			if (!isfinite(avg[i]) || avg[i] < 0)
				abort();
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (sysparse_kv_get(s, size, "", keys[i], &val, &vlen) == 0)
			check_span(val, vlen, s, size);
		if (sysparse_kv_get(s, size, "E:", keys[i], &val, &vlen) == 0)
			check_span(val, vlen, s, size);
	}
	check_cpuinfo(s, size);
	for (i = 0; i < sizeof(meminfo) / sizeof(meminfo[0]); i++)
		(void)sysparse_meminfo_get(s, size, meminfo[i], &bytes);
	rc = sysparse_desktop(s, size, &d, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0) {
		check_span(d.name, d.name_len, s, size);
		check_span(d.exec, d.exec_len, s, size);
	}
	free(s);
	return 0;
}
