/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_procfs: libFuzzer target for the /proc parsers of procfs.h, and
 * for procfd_parse_pid() (procfd.h), which reads the names under /proc.
 *
 * Every input goes to every parser (stat, status, io, cgroup, cmdline and
 * btime): each is cheap, and a /proc file of one kind is a fine mutation
 * seed for another.  The input is copied into a buffer of exactly its
 * size, with no terminating NUL, because the parsers take a length and
 * must never read past it; ASan reports a read one byte too far.
 *
 * Besides crashes, the target checks what the header promises: a parsed
 * comm is NUL-terminated with comm_len its length; a cgroup path lies
 * inside the input; a joined command line is no longer than the input and
 * holds no NUL; a pid is all digits and in 1..INT_MAX.  A broken promise
 * aborts, which libFuzzer reports as a crash with the input that caused
 * it.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/procfd.h"
#include "tables/procfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A copy of the input in a buffer of exactly size bytes (at least one, so
 * malloc(0) never returns NULL for an empty input). */
static char *copy_exact(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

static void check_stat(const char *s, size_t len)
{
	struct procfs_stat st;

	if (procfs_parse_stat(s, len, &st) < 0)
		return;
	if (st.comm_len >= PROCFS_COMM_MAX ||
	    strlen(st.comm) != st.comm_len)
		abort();
}

static void check_status(const char *s, size_t len)
{
	struct procfs_status st;

	if (procfs_parse_status(s, len, &st) < 0)
		return;
	if (st.have == 0)
		abort(); /* 0 means at least one field was found. */
	if ((st.have & PROCFS_ST_NAME) &&
	    memchr(st.name, '\0', sizeof(st.name)) == NULL)
		abort();
}

static void check_cgroup(const char *s, size_t len)
{
	const char *path = NULL;
	size_t plen = 0;

	if (procfs_cgroup_v2(s, len, &path, &plen) < 0)
		return;
	if (!path || path < s || plen > len || path + plen > s + len)
		abort();
}

static void check_cmdline(const uint8_t *data, size_t size)
{
	char *c = copy_exact(data, size);
	size_t n = procfs_cmdline_join(c, size);

	if (n > size || memchr(c, '\0', n) != NULL)
		abort();
	free(c);
}

/* A /proc entry name read as a pid: all digits, 1 to INT_MAX, or -1. */
static void check_pid(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	long pid;
	size_t i;

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	pid = procfd_parse_pid(s);
	if (pid != -1) {
		if (pid < 1 || pid > INT_MAX || s[0] == '\0')
			abort();
		for (i = 0; s[i]; i++)
			if (s[i] < '0' || s[i] > '9')
				abort();
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = copy_exact(data, size);
	struct procfs_io io;
	int64_t btime;

	check_stat(s, size);
	check_status(s, size);
	if (procfs_parse_io(s, size, &io) == 0 && io.have == 0)
		abort();
	check_cgroup(s, size);
	(void)procfs_parse_btime(s, size, &btime);
	free(s);
	check_cmdline(data, size);
	check_pid(data, size);
	return 0;
}
