/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sysparse.c: pure parsers of /proc/stat cpu lines, /proc/loadavg,
 * /proc/sysvipc/shm, /proc/PID/limits, /proc/cpuinfo, KEY=value files and
 * XDG .desktop files (see sysparse.h).
 *
 * Every parser walks its input with an explicit end pointer, so input that
 * is cut short, holds NUL bytes or has no terminator is handled like any
 * other malformed input.  Numbers are parsed digit by digit with overflow
 * checks rather than with strtoull(), which would skip signs and blanks
 * and read past len.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tables/sysparse.h"

static void seterr(char *err, size_t errsize, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	if (!err || errsize == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A cursor over [p, end): the next blank-separated word.  Returns false at
 * the end; otherwise *w and *wl are the word.
 */
static bool next_word(const char **p, const char *end, const char **w,
		      size_t *wl)
{
	const char *s = *p;

	while (s < end && (is_blank(*s) || *s == '\n' || *s == '\r'))
		s++;
	if (s >= end)
		return false;
	*w = s;
	while (s < end && !is_blank(*s) && *s != '\n' && *s != '\r')
		s++;
	*wl = (size_t)(s - *w);
	*p = s;
	return true;
}

/* A whole word of decimal digits, no sign, no overflow.  0 or -1. */
static int parse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned d;

		if (!is_digit(s[i]))
			return -1;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* A decimal with an optional leading '-', fitting int64_t.  0 or -1. */
static int parse_i64(const char *s, size_t n, int64_t *out)
{
	uint64_t u;
	bool neg = n > 0 && s[0] == '-';

	if (parse_u64(s + neg, n - neg, &u) < 0)
		return -1;
	if (neg) {
		if (u > (uint64_t)INT64_MAX + 1)
			return -1;
		*out = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
	} else {
		if (u > INT64_MAX)
			return -1;
		*out = (int64_t)u;
	}
	return 0;
}

static int parse_u32(const char *s, size_t n, uint32_t *out)
{
	uint64_t u;

	if (parse_u64(s, n, &u) < 0 || u > UINT32_MAX)
		return -1;
	*out = (uint32_t)u;
	return 0;
}

/* An unsigned decimal "123" or "123.45" (at most 18 digits each side). */
static int parse_decimal(const char *s, size_t n, double *out)
{
	uint64_t ip = 0, fp = 0;
	double scale = 1.0;
	size_t i = 0, id = 0, fd = 0;

	for (; i < n && is_digit(s[i]); i++, id++) {
		if (id >= 18)
			return -1;
		ip = ip * 10 + (uint64_t)(s[i] - '0');
	}
	if (id == 0)
		return -1;
	if (i < n) {
		if (s[i] != '.')
			return -1;
		for (i++; i < n && is_digit(s[i]); i++, fd++) {
			if (fd >= 18)
				return -1;
			fp = fp * 10 + (uint64_t)(s[i] - '0');
			scale *= 10.0;
		}
		if (fd == 0 || i < n)
			return -1;
	}
	*out = (double)ip + (double)fp / scale;
	return 0;
}

/* ---------------------------------------------------------------- */
/* /proc/stat */

int sysparse_stat_cpu(const char *s, size_t len, struct sysparse_cputime *ct,
		      char *err, size_t errsize)
{
	const char *p = s, *end = s + len, *w;
	size_t wl;
	uint64_t core;

	if (len < 4 || memcmp(s, "cpu", 3) != 0 || !is_digit(s[3]))
		return 0; /* The total line, or not a cpu line at all. */
	memset(ct, 0, sizeof(*ct));
	if (!next_word(&p, end, &w, &wl) ||
	    parse_u64(w + 3, wl - 3, &core) < 0 || core > INT32_MAX) {
		seterr(err, errsize, "bad cpu number");
		return -1;
	}
	ct->core = (int64_t)core;
	while (next_word(&p, end, &w, &wl)) {
		if (ct->n >= SYSPARSE_CPU_FIELDS)
			break;
		if (parse_u64(w, wl, &ct->v[ct->n]) < 0) {
			seterr(err, errsize, "cpu%lld: field %d is not a number",
			       (long long)core, ct->n + 1);
			return -1;
		}
		ct->n++;
	}
	if (ct->n < 4) {
		seterr(err, errsize, "cpu%lld: %d fields, want at least 4",
		       (long long)core, ct->n);
		return -1;
	}
	return 1;
}

/* ---------------------------------------------------------------- */
/* /proc/loadavg */

int sysparse_loadavg(const char *s, size_t len, double avg[3], char *err,
		     size_t errsize)
{
	const char *p = s, *end = s + len, *w;
	size_t wl;
	int i;

	for (i = 0; i < 3; i++) {
		if (!next_word(&p, end, &w, &wl)) {
			seterr(err, errsize, "%d load averages, want 3", i);
			return -1;
		}
		if (parse_decimal(w, wl, &avg[i]) < 0) {
			seterr(err, errsize, "load average %d is not a decimal",
			       i + 1);
			return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* /proc/meminfo */

int sysparse_meminfo_get(const char *s, size_t len, const char *key,
			 uint64_t *bytes)
{
	const char *p = s, *end = s + len;
	size_t kl = strlen(key);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *q = p + kl + 1, *w;
		size_t wl;
		uint64_t v;

		if ((size_t)(le - p) > kl && memcmp(p, key, kl) == 0 &&
		    p[kl] == ':') {
			if (!next_word(&q, le, &w, &wl) ||
			    parse_u64(w, wl, &v) < 0)
				return -1;
			if (!next_word(&q, le, &w, &wl)) {
				*bytes = v;
				return 0;
			}
			if (wl != 2 || memcmp(w, "kB", 2) != 0 ||
			    next_word(&q, le, &w, &wl) || v > UINT64_MAX / 1024)
				return -1;
			*bytes = v * 1024;
			return 0;
		}
		p = nl ? nl + 1 : end;
	}
	return -1;
}

/* ---------------------------------------------------------------- */
/* /proc/sysvipc/shm */

/* An octal number of at most 7 digits (an ipc mode). */
static int parse_octal(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	size_t i;

	if (n == 0 || n > 7)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '7')
			return -1;
		v = v * 8 + (uint32_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

int sysparse_shm_line(const char *s, size_t len, struct sysparse_shm *out,
		      char *err, size_t errsize)
{
	const char *p = s, *end = s + len, *w[16];
	size_t wl[16], n = 0;
	int rc = 0;

	while (n < 16 && next_word(&p, end, &w[n], &wl[n]))
		n++;
	if (n == 0 || (wl[0] == 3 && memcmp(w[0], "key", 3) == 0))
		return 0; /* Blank line or the header. */
	if (n < 14) {
		seterr(err, errsize, "%zu fields, want at least 14", n);
		return -1;
	}
	memset(out, 0, sizeof(*out));
	rc |= parse_i64(w[0], wl[0], &out->key);
	rc |= parse_i64(w[1], wl[1], &out->shmid);
	rc |= parse_octal(w[2], wl[2], &out->perms);
	rc |= parse_u64(w[3], wl[3], &out->size);
	rc |= parse_i64(w[4], wl[4], &out->cpid);
	rc |= parse_i64(w[5], wl[5], &out->lpid);
	rc |= parse_u64(w[6], wl[6], &out->nattch);
	rc |= parse_u32(w[7], wl[7], &out->uid);
	rc |= parse_u32(w[8], wl[8], &out->gid);
	rc |= parse_u32(w[9], wl[9], &out->cuid);
	rc |= parse_u32(w[10], wl[10], &out->cgid);
	rc |= parse_i64(w[11], wl[11], &out->atime);
	rc |= parse_i64(w[12], wl[12], &out->dtime);
	rc |= parse_i64(w[13], wl[13], &out->ctime);
	if (rc != 0) {
		seterr(err, errsize, "a field is not a number");
		return -1;
	}
	return 1;
}

/* ---------------------------------------------------------------- */
/* KEY=value */

int sysparse_kv_get(const char *s, size_t len, const char *prefix,
		    const char *key, const char **val, size_t *vlen)
{
	const char *p = s, *end = s + len;
	size_t pl = strlen(prefix), kl = strlen(key);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t ll = (size_t)(le - p);

		if (ll > pl + kl && memcmp(p, prefix, pl) == 0 &&
		    memcmp(p + pl, key, kl) == 0 && p[pl + kl] == '=') {
			*val = p + pl + kl + 1;
			*vlen = ll - pl - kl - 1;
			return 0;
		}
		p = nl ? nl + 1 : end;
	}
	return -1;
}

/* ---------------------------------------------------------------- */
/* /proc/PID/limits */

/* The kernel's names (fs/proc/base.c) and osquery's, in the kernel's order. */
static const struct {
	const char *kernel;
	const char *osquery;
} limit_names[] = {
	{ "Max cpu time", "cpu" },
	{ "Max file size", "fsize" },
	{ "Max data size", "data" },
	{ "Max stack size", "stack" },
	{ "Max core file size", "core" },
	{ "Max resident set", "rss" },
	{ "Max processes", "nproc" },
	{ "Max open files", "nofile" },
	{ "Max locked memory", "memlock" },
	{ "Max address space", "as" },
	{ "Max file locks", "locks" },
	{ "Max pending signals", "sigpending" },
	{ "Max msgqueue size", "msgqueue" },
	{ "Max nice priority", "nice" },
	{ "Max realtime priority", "rtprio" },
	{ "Max realtime timeout", NULL }, /* RLIMIT_RTTIME: osquery has none */
};

/* Copies a limit value ("unlimited" or digits) into dst.  0 or -1. */
static int limit_value(const char *w, size_t wl, char *dst, size_t size)
{
	uint64_t u;

	if (wl == 9 && memcmp(w, "unlimited", 9) == 0) {
		memcpy(dst, "unlimited", 10);
		return 0;
	}
	if (parse_u64(w, wl, &u) < 0)
		return -1;
	snprintf(dst, size, "%llu", (unsigned long long)u);
	return 0;
}

int sysparse_limits_line(const char *s, size_t len, struct sysparse_limit *out,
			 char *err, size_t errsize)
{
	const char *p, *end = s + len, *w;
	size_t i, wl;

	for (i = 0; i < sizeof(limit_names) / sizeof(limit_names[0]); i++) {
		size_t nl = strlen(limit_names[i].kernel);

		/* The name is padded with blanks to its column. */
		if (len <= nl || memcmp(s, limit_names[i].kernel, nl) != 0 ||
		    !is_blank(s[nl]))
			continue;
		if (!limit_names[i].osquery)
			return 0;
		p = s + nl;
		memset(out, 0, sizeof(*out));
		out->type = limit_names[i].osquery;
		if (!next_word(&p, end, &w, &wl) ||
		    limit_value(w, wl, out->soft, sizeof(out->soft)) < 0 ||
		    !next_word(&p, end, &w, &wl) ||
		    limit_value(w, wl, out->hard, sizeof(out->hard)) < 0) {
			seterr(err, errsize, "%s: bad values",
			       limit_names[i].kernel);
			return -1;
		}
		return 1;
	}
	return 0; /* The header, a blank line, or a limit we do not know. */
}

/* ---------------------------------------------------------------- */
/* /proc/cpuinfo */

/* Copies [v, v + n) into dst (size bytes), cut to fit, terminated. */
static void copy_cut(char *dst, size_t size, const char *v, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

/* True when the blank-separated word w appears in [v, v + n). */
static bool has_word(const char *v, size_t n, const char *word)
{
	const char *p = v, *end = v + n, *w;
	size_t wl, kl = strlen(word);

	while (next_word(&p, end, &w, &wl))
		if (wl == kl && memcmp(w, word, kl) == 0)
			return true;
	return false;
}

/* Sets one field from a "key : value" line of the block. */
static void cpuinfo_field(struct sysparse_cpuinfo *c, const char *k, size_t kl,
			  const char *v, size_t vl)
{
	static const struct {
		const char *key;
		unsigned bit;
		size_t off;
	} ints[] = {
		{ "processor", SYSPARSE_CPU_PROCESSOR,
		  offsetof(struct sysparse_cpuinfo, processor) },
		{ "physical id", SYSPARSE_CPU_PHYSICAL_ID,
		  offsetof(struct sysparse_cpuinfo, physical_id) },
		{ "core id", SYSPARSE_CPU_CORE_ID,
		  offsetof(struct sysparse_cpuinfo, core_id) },
		{ "cpu cores", SYSPARSE_CPU_CORES,
		  offsetof(struct sysparse_cpuinfo, cpu_cores) },
		{ "siblings", SYSPARSE_CPU_SIBLINGS,
		  offsetof(struct sysparse_cpuinfo, siblings) },
	};
	size_t i;

	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		uint64_t u;

		if (kl != strlen(ints[i].key) || memcmp(k, ints[i].key, kl) != 0)
			continue;
		if (!(c->have & ints[i].bit) && parse_u64(v, vl, &u) == 0 &&
		    u <= INT32_MAX) {
			*(int64_t *)(void *)((char *)c + ints[i].off) =
				(int64_t)u;
			c->have |= ints[i].bit;
		}
		return;
	}
	if (kl == 9 && memcmp(k, "vendor_id", 9) == 0 &&
	    !(c->have & SYSPARSE_CPU_VENDOR) && vl > 0) {
		copy_cut(c->vendor, sizeof(c->vendor), v, vl);
		c->have |= SYSPARSE_CPU_VENDOR;
	} else if (kl == 10 && memcmp(k, "model name", 10) == 0 &&
		   !(c->have & SYSPARSE_CPU_MODEL) && vl > 0) {
		copy_cut(c->model, sizeof(c->model), v, vl);
		c->have |= SYSPARSE_CPU_MODEL;
	} else if (kl == 7 && memcmp(k, "cpu MHz", 7) == 0 &&
		   !(c->have & SYSPARSE_CPU_MHZ)) {
		if (parse_decimal(v, vl, &c->mhz) == 0)
			c->have |= SYSPARSE_CPU_MHZ;
	} else if (kl == 5 && memcmp(k, "flags", 5) == 0 &&
		   !(c->have & SYSPARSE_CPU_FLAGS)) {
		c->lm = has_word(v, vl, "lm");
		c->have |= SYSPARSE_CPU_FLAGS;
	}
}

size_t sysparse_cpuinfo_block(const char *s, size_t len,
			      struct sysparse_cpuinfo *cpu)
{
	const char *p = s, *end = s + len;
	bool seen_line = false;

	memset(cpu, 0, sizeof(*cpu));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *k = p, *ke, *v, *ve, *colon;
		const char *t = p;

		while (t < le && (is_blank(*t) || *t == '\r'))
			t++;
		if (t == le) {
			/* A blank line ends the block once it has begun. */
			if (seen_line)
				break;
			p = nl ? nl + 1 : end;
			continue;
		}
		seen_line = true;
		p = nl ? nl + 1 : end;
		colon = memchr(k, ':', (size_t)(le - k));
		if (!colon)
			continue;
		ke = colon;
		while (ke > k && (is_blank(ke[-1])))
			ke--;
		v = colon + 1;
		ve = le;
		while (v < ve && is_blank(*v))
			v++;
		while (ve > v && (is_blank(ve[-1]) || ve[-1] == '\r'))
			ve--;
		if (memchr(v, '\0', (size_t)(ve - v)))
			continue;
		cpuinfo_field(cpu, k, (size_t)(ke - k), v, (size_t)(ve - v));
	}
	/* Consume the blank lines after the block too. */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *t = p;

		while (t < le && (is_blank(*t) || *t == '\r'))
			t++;
		if (t != le)
			break;
		p = nl ? nl + 1 : end;
	}
	return (size_t)(p - s);
}

/* ---------------------------------------------------------------- */
/* .desktop */

/* True when [v, v + n) is the desktop-entry boolean "true". */
static bool is_true(const char *v, size_t n)
{
	return n == 4 && memcmp(v, "true", 4) == 0;
}

int sysparse_desktop(const char *s, size_t len, struct sysparse_desktop *d,
		     char *err, size_t errsize)
{
	const char *p = s, *end = s + len;
	bool in_entry = false, seen_entry = false, seen_hidden = false;
	bool seen_enabled = false;

	memset(d, 0, sizeof(*d));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *l = p, *k, *ke, *v, *eq;

		p = nl ? nl + 1 : end;
		while (le > l && (le[-1] == '\r' || is_blank(le[-1])))
			le--;
		while (l < le && is_blank(*l))
			l++;
		if (l == le || *l == '#')
			continue;
		if (*l == '[') {
			in_entry = (size_t)(le - l) == 15 &&
				   memcmp(l, "[Desktop Entry]", 15) == 0;
			seen_entry |= in_entry;
			continue;
		}
		if (!in_entry)
			continue;
		eq = memchr(l, '=', (size_t)(le - l));
		if (!eq)
			continue;
		k = l;
		ke = eq;
		while (ke > k && is_blank(ke[-1]))
			ke--;
		v = eq + 1;
		while (v < le && is_blank(*v))
			v++;
		if (memchr(l, '\0', (size_t)(le - l)))
			continue;
		if (ke - k == 4 && memcmp(k, "Name", 4) == 0 && !d->name) {
			d->name = v;
			d->name_len = (size_t)(le - v);
		} else if (ke - k == 4 && memcmp(k, "Exec", 4) == 0 &&
			   !d->exec) {
			d->exec = v;
			d->exec_len = (size_t)(le - v);
		} else if (ke - k == 6 && memcmp(k, "Hidden", 6) == 0 &&
			   !seen_hidden) {
			d->hidden = is_true(v, (size_t)(le - v));
			seen_hidden = true;
		} else if (ke - k == 25 &&
			   memcmp(k, "X-GNOME-Autostart-enabled", 25) == 0 &&
			   !seen_enabled) {
			d->disabled = (size_t)(le - v) == 5 &&
				      memcmp(v, "false", 5) == 0;
			seen_enabled = true;
		}
	}
	if (!seen_entry) {
		seterr(err, errsize, "no [Desktop Entry] group");
		return -1;
	}
	return 0;
}
