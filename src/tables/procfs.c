/* SPDX-License-Identifier: Apache-2.0 */
/*
 * procfs.c: parsers for /proc/PID/stat, status, io, cgroup and cmdline,
 * and for the boot time in /proc/stat (see procfs.h).
 *
 * Everything here works on a pointer and a length and never reads past
 * them.  Numbers are parsed by hand, digit by digit with overflow checks,
 * rather than with strtoull: the input is not terminated, and strtoull
 * would accept leading white space, signs and overflow silently.
 */
#include "tables/procfs.h"

#include <stdbool.h>
#include <string.h>

/*
 * Parses an unsigned decimal number filling all of [p, p+n).  Returns 0,
 * or -1 when it is empty, holds a non-digit or overflows 64 bits.
 */
static int parse_u64(const char *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned d;

		if (p[i] < '0' || p[i] > '9')
			return -1;
		d = (unsigned)(p[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* As parse_u64, with an optional leading '-', within int64_t's range. */
static int parse_i64(const char *p, size_t n, int64_t *out)
{
	bool neg = false;
	uint64_t v;

	if (n > 0 && p[0] == '-') {
		neg = true;
		p++;
		n--;
	}
	if (parse_u64(p, n, &v) < 0)
		return -1;
	if (neg) {
		if (v > (uint64_t)INT64_MAX + 1)
			return -1;
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	} else {
		if (v > (uint64_t)INT64_MAX)
			return -1;
		*out = (int64_t)v;
	}
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Moves *p past blanks and returns the next token, ended by a blank, a
 * newline or end, in *tok and *n.  Returns 0, or -1 when no token is left
 * on the line.
 */
static int next_token(const char **p, const char *end, const char **tok,
		      size_t *n)
{
	const char *s = *p;

	while (s < end && is_blank(*s))
		s++;
	if (s == end || *s == '\n')
		return -1;
	*tok = s;
	while (s < end && !is_blank(*s) && *s != '\n')
		s++;
	*n = (size_t)(s - *tok);
	*p = s;
	return 0;
}

/* Fields of /proc/PID/stat, numbered as in proc(5). */
enum {
	F_STATE = 3,
	F_PPID = 4,
	F_PGRP = 5,
	F_UTIME = 14,
	F_STIME = 15,
	F_NICE = 19,
	F_THREADS = 20,
	F_STARTTIME = 22,
	F_VSIZE = 23,
	F_RSS = 24,
};

static int stat_field(struct procfs_stat *st, int field, const char *tok,
		      size_t n)
{
	switch (field) {
	case F_STATE:
		if (n != 1 || tok[0] < '!' || tok[0] > '~')
			return -1;
		st->state = tok[0];
		return 0;
	case F_PPID:
		return parse_i64(tok, n, &st->ppid);
	case F_PGRP:
		return parse_i64(tok, n, &st->pgrp);
	case F_UTIME:
		return parse_u64(tok, n, &st->utime);
	case F_STIME:
		return parse_u64(tok, n, &st->stime);
	case F_NICE:
		return parse_i64(tok, n, &st->nice);
	case F_THREADS:
		return parse_i64(tok, n, &st->num_threads);
	case F_STARTTIME:
		return parse_u64(tok, n, &st->starttime);
	case F_VSIZE:
		return parse_u64(tok, n, &st->vsize);
	case F_RSS:
		return parse_i64(tok, n, &st->rss);
	default:
		/* A field the tables do not use: any token will do. */
		return 0;
	}
}

int procfs_parse_stat(const char *s, size_t len, struct procfs_stat *st)
{
	const char *end = s + len, *open, *close, *p, *tok;
	size_t n;
	int field;

	memset(st, 0, sizeof(*st));
	if (len == 0)
		return -1;
	open = memchr(s, '(', len);
	if (!open)
		return -1;
	/* The last ')' ends the comm, whatever the comm holds. */
	close = NULL;
	for (p = end; p > open + 1; p--) {
		if (p[-1] == ')') {
			close = p - 1;
			break;
		}
	}
	if (!close)
		return -1;

	/* "PID (" */
	p = s;
	if (next_token(&p, open, &tok, &n) < 0 ||
	    parse_i64(tok, n, &st->pid) < 0 || st->pid < 0)
		return -1;
	while (p < open && is_blank(*p))
		p++;
	if (p != open)
		return -1;

	n = (size_t)(close - open - 1);
	if (n >= sizeof(st->comm) || memchr(open + 1, '\0', n))
		return -1;
	memcpy(st->comm, open + 1, n);
	st->comm[n] = '\0';
	st->comm_len = n;

	p = close + 1;
	for (field = F_STATE; field <= F_RSS; field++) {
		if (next_token(&p, end, &tok, &n) < 0)
			return -1;
		if (stat_field(st, field, tok, n) < 0)
			return -1;
	}
	return 0;
}

/*
 * Parses up to max numbers separated by blanks from [p, end) into v.
 * Returns how many were parsed before the first token that is not one.
 */
static int parse_u64_list(const char *p, const char *end, uint64_t *v,
			  int max)
{
	const char *tok;
	size_t n;
	int i;

	for (i = 0; i < max; i++) {
		if (next_token(&p, end, &tok, &n) < 0 ||
		    parse_u64(tok, n, &v[i]) < 0)
			break;
	}
	return i;
}

/* Parses "  1234 kB" (the unit is required, and must be kB). */
static int parse_kb(const char *p, const char *end, uint64_t *out)
{
	const char *tok;
	size_t n;

	if (next_token(&p, end, &tok, &n) < 0 || parse_u64(tok, n, out) < 0)
		return -1;
	if (next_token(&p, end, &tok, &n) < 0 || n != 2 ||
	    memcmp(tok, "kB", 2) != 0)
		return -1;
	return 0;
}

/* True when the line [p, end) starts with key and a colon. */
static bool has_key(const char *p, const char *end, const char *key,
		    const char **value)
{
	size_t k = strlen(key);

	if ((size_t)(end - p) < k + 1 || memcmp(p, key, k) != 0 ||
	    p[k] != ':')
		return false;
	*value = p + k + 1;
	return true;
}

/* Parses the three ids (real, effective, saved) of a Uid: or Gid: line. */
static int parse_ids(const char *p, const char *end, int64_t ids[3])
{
	uint64_t v[3];
	int i;

	if (parse_u64_list(p, end, v, 3) != 3)
		return -1;
	for (i = 0; i < 3; i++) {
		if (v[i] > UINT32_MAX)
			return -1;
		ids[i] = (int64_t)v[i];
	}
	return 0;
}

static void status_line(struct procfs_status *st, const char *p,
			const char *end)
{
	const char *v, *tok;
	uint64_t u;
	size_t n;

	if (has_key(p, end, "Name", &v)) {
		/* The name follows one tab and runs to the end of the line. */
		if (v < end && *v == '\t')
			v++;
		n = (size_t)(end - v);
		if (n < sizeof(st->name) && !memchr(v, '\0', n)) {
			memcpy(st->name, v, n);
			st->name[n] = '\0';
			st->have |= PROCFS_ST_NAME;
		}
	} else if (has_key(p, end, "Uid", &v)) {
		if (parse_ids(v, end, st->uid) == 0)
			st->have |= PROCFS_ST_UID;
	} else if (has_key(p, end, "Gid", &v)) {
		if (parse_ids(v, end, st->gid) == 0)
			st->have |= PROCFS_ST_GID;
	} else if (has_key(p, end, "PPid", &v)) {
		if (next_token(&v, end, &tok, &n) == 0 &&
		    parse_u64(tok, n, &u) == 0 && u <= INT32_MAX) {
			st->ppid = (int64_t)u;
			st->have |= PROCFS_ST_PPID;
		}
	} else if (has_key(p, end, "Threads", &v)) {
		if (next_token(&v, end, &tok, &n) == 0 &&
		    parse_u64(tok, n, &u) == 0 && u <= INT32_MAX) {
			st->threads = (int64_t)u;
			st->have |= PROCFS_ST_THREADS;
		}
	} else if (has_key(p, end, "VmRSS", &v)) {
		if (parse_kb(v, end, &st->vm_rss) == 0)
			st->have |= PROCFS_ST_VMRSS;
	} else if (has_key(p, end, "VmSize", &v)) {
		if (parse_kb(v, end, &st->vm_size) == 0)
			st->have |= PROCFS_ST_VMSIZE;
	} else if (has_key(p, end, "VmLck", &v)) {
		if (parse_kb(v, end, &st->vm_lck) == 0)
			st->have |= PROCFS_ST_VMLCK;
	}
}

int procfs_parse_status(const char *s, size_t len, struct procfs_status *st)
{
	const char *p = s, *end = s + len, *nl;

	memset(st, 0, sizeof(*st));
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		status_line(st, p, nl);
		p = nl + 1;
	}
	return st->have ? 0 : -1;
}

int procfs_parse_io(const char *s, size_t len, struct procfs_io *io)
{
	const char *p = s, *end = s + len, *nl, *v, *tok;
	size_t n;

	memset(io, 0, sizeof(*io));
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (has_key(p, nl, "read_bytes", &v)) {
			if (next_token(&v, nl, &tok, &n) == 0 &&
			    parse_u64(tok, n, &io->read_bytes) == 0)
				io->have |= PROCFS_IO_READ;
		} else if (has_key(p, nl, "write_bytes", &v)) {
			if (next_token(&v, nl, &tok, &n) == 0 &&
			    parse_u64(tok, n, &io->write_bytes) == 0)
				io->have |= PROCFS_IO_WRITE;
		}
		p = nl + 1;
	}
	return io->have ? 0 : -1;
}

int procfs_cgroup_v2(const char *s, size_t len, const char **path,
		     size_t *plen)
{
	const char *p = s, *end = s + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (nl - p >= 3 && memcmp(p, "0::", 3) == 0) {
			*path = p + 3;
			*plen = (size_t)(nl - p - 3);
			return 0;
		}
		p = nl + 1;
	}
	return -1;
}

size_t procfs_cmdline_join(char *s, size_t len)
{
	size_t i;

	while (len > 0 && s[len - 1] == '\0')
		len--;
	for (i = 0; i < len; i++) {
		if (s[i] == '\0')
			s[i] = ' ';
	}
	return len;
}

int procfs_parse_btime(const char *s, size_t len, int64_t *btime)
{
	const char *p = s, *end = s + len, *nl, *v, *tok;
	size_t n;
	uint64_t u;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if ((size_t)(nl - p) > 6 && memcmp(p, "btime ", 6) == 0) {
			v = p + 6;
			if (next_token(&v, nl, &tok, &n) < 0 ||
			    parse_u64(tok, n, &u) < 0 || u > INT64_MAX)
				return -1;
			*btime = (int64_t)u;
			return 0;
		}
		p = nl + 1;
	}
	return -1;
}
