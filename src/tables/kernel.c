/* SPDX-License-Identifier: Apache-2.0 */
/*
 * kernel.c: the kernel's tunables and loaded modules: system_controls and
 * kernel_modules.
 *
 * system_controls, one row per readable file under /proc/sys
 *   name           the path below /proc/sys with "/" written as "."
 *                  ("net.ipv4.conf.all.rp_filter")
 *   oid            NULL: Linux sysctls have no numeric MIB
 *   subsystem      the first component of name ("kernel", "net", "vm" ...)
 *   current_value  the file's content, blanks and newlines at both ends
 *                  trimmed as osquery does (inner tabs are kept)
 *   config_value   the value the boot-time configuration sets: the *.conf
 *                  files of /etc/sysctl.d, /run/sysctl.d,
 *                  /usr/local/lib/sysctl.d, /usr/lib/sysctl.d and
 *                  /lib/sysctl.d, taken in order of file name (a name in
 *                  an earlier directory hides the same name in a later
 *                  one), then /etc/sysctl.conf; the last assignment wins.
 *                  Keys may use "/" or "." and carry a "-" prefix; glob
 *                  keys (net.ipv4.conf.*.rp_filter) apply to every name
 *                  they match unless an exact key or a "-name" exclusion
 *                  says otherwise, as systemd-sysctl applies them
 *   type           NULL: /proc/sys does not say
 *
 * kernel_modules, one row per line of /proc/modules
 *   name, size     the module's name and its memory size in bytes
 *   used_by        the modules using it, comma-separated, or "-"
 *   status         Live, Loading or Unloading
 *   address        its load address (zeros unless the reader is root)
 *
 * Required constraints: none.  system_controls reads only the named entry
 * for `WHERE name = '...'` and only one subsystem's subtree for
 * `WHERE subsystem = '...'`.  Privileges: none; a few /proc/sys files
 * are readable by root only and are skipped for other users, as are
 * write-only ones.  A kernel built without module support has no
 * /proc/modules, and kernel_modules is then empty.
 *
 * Example:
 *   SELECT name, current_value, config_value FROM system_controls
 *     WHERE name IN ('kernel.randomize_va_space', 'kernel.kptr_restrict',
 *                    'fs.suid_dumpable', 'net.ipv4.ip_forward');
 *
 * How it works: system_controls walks /proc/sys through hostfs in name
 * order, depth-bounded and without following symlinks, and reads each
 * file with a 64 KiB cap.  A file that cannot be read (EIO for an unset
 * secret, EACCES for a root-only one) is skipped.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sql/table.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* ---------------------------------------------------------------- */
/* system_controls */

enum {
	SC_NAME,
	SC_OID,
	SC_SUBSYSTEM,
	SC_CURRENT_VALUE,
	SC_CONFIG_VALUE,
	SC_TYPE,
	SC_NCOLS
};

static const struct column system_controls_cols[] = {
	{ "name", COL_TEXT, COL_INDEX,
	  "Full sysctl MIB name, e.g. kernel.randomize_va_space." },
	{ "oid", COL_TEXT, COL_ADDITIONAL,
	  "Control MIB (NULL on Linux, which has none)." },
	{ "subsystem", COL_TEXT, COL_ADDITIONAL,
	  "Subsystem for the control (the first component of the name)." },
	{ "current_value", COL_TEXT, 0, "Current value of the control." },
	{ "config_value", COL_TEXT, 0,
	  "The value the sysctl configuration files set for the control." },
	{ "type", COL_TEXT, 0, "Data type (NULL on Linux, which does not say)." },
};

_Static_assert(TABLE_NCOLS(system_controls_cols) == SC_NCOLS,
	       "system_controls column enum and array disagree");

#define PROC_SYS "/proc/sys"
/* /proc/sys is at most 6 deep today (net/ipv4/neigh/eth0/...). */
#define MAX_DEPTH 12
/* Cap on one control's value, and on one configuration file. */
#define VALUE_MAX (64u << 10)
#define CONF_FILE_MAX (1u << 20)
/* Cap on configuration entries and on the entries of one directory. */
#define CONF_ENTRIES_MAX 65536
#define DIR_ENTRIES_MAX 65536

struct conf_entry {
	char *key;   /* dotted, may be a glob */
	char *value; /* NULL for a "-key" exclusion */
	bool glob;
};

struct sysctl_conf {
	struct conf_entry *v;
	size_t n, alloc;
};

static void conf_release(struct sysctl_conf *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	c->v = NULL;
	c->n = c->alloc = 0;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trims blanks at both ends of [*s, *s + *n). */
static void trim_span(const char **s, size_t *n)
{
	while (*n > 0 && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_blank((*s)[*n - 1]))
		(*n)--;
}

/* Adds one entry; a full table or no memory drops it (and the rest). */
static void conf_add(struct sysctl_conf *c, const char *key, size_t klen,
		     const char *value, size_t vlen, bool exclude)
{
	struct conf_entry *e;
	size_t i;

	if (c->n >= CONF_ENTRIES_MAX)
		return;
	if (c->n == c->alloc) {
		size_t na = c->alloc ? c->alloc * 2 : 64;
		struct conf_entry *p = reallocarray(c->v, na, sizeof(*p));

		if (!p)
			return;
		c->v = p;
		c->alloc = na;
	}
	e = &c->v[c->n];
	e->key = dup_n(key, klen);
	e->value = exclude ? NULL : dup_n(value, vlen);
	if (!e->key || (!exclude && !e->value)) {
		free(e->key);
		free(e->value);
		return;
	}
	/* "net/ipv4/ip_forward" and "net.ipv4.ip_forward" name one control. */
	for (i = 0; i < klen; i++)
		if (e->key[i] == '/')
			e->key[i] = '.';
	e->glob = strpbrk(e->key, "*?[") != NULL;
	c->n++;
}

/* Parses one sysctl.conf(5) file's lines into c. */
static void conf_parse(struct sysctl_conf *c, const char *text)
{
	const char *line = text, *next;

	for (; *line; line = next) {
		const char *eq, *end, *key = line, *val;
		size_t len, klen, vlen;
		bool dash = false;

		next = strchr(line, '\n');
		len = next ? (size_t)(next - line) : strlen(line);
		next = next ? next + 1 : line + len;

		trim_span(&key, &len);
		if (len == 0 || key[0] == '#' || key[0] == ';')
			continue;
		if (key[0] == '-') {
			/* "-key = v": set, ignoring failure; "-key": exclude. */
			dash = true;
			key++;
			len--;
		}
		end = key + len;
		eq = memchr(key, '=', len);
		if (!eq) {
			klen = len;
			trim_span(&key, &klen);
			if (dash && klen > 0)
				conf_add(c, key, klen, NULL, 0, true);
			continue;
		}
		klen = (size_t)(eq - key);
		trim_span(&key, &klen);
		val = eq + 1;
		vlen = (size_t)(end - val);
		trim_span(&val, &vlen);
		if (klen == 0)
			continue;
		conf_add(c, key, klen, val, vlen, false);
	}
}

static void conf_load_file(struct sysctl_conf *c, const char *path)
{
	struct buf b = BUF_INIT(CONF_FILE_MAX);

	if (hostfs_read_file(path, CONF_FILE_MAX, 0, &b, NULL) == 0 && b.data)
		conf_parse(c, b.data);
	buf_release(&b);
}


/* One *.conf file found in a sysctl.d directory. */
struct conf_file {
	char *name; /* base name: the sort and override key */
	char *path;
};

static int cmp_conf_file(const void *a, const void *b)
{
	return strcmp(((const struct conf_file *)a)->name,
		      ((const struct conf_file *)b)->name);
}

/* Loads the sysctl configuration the way systemd-sysctl and
 * `sysctl --system` order it. */
static void conf_load(struct sysctl_conf *c)
{
	static const char *const dirs[] = {
		"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
		"/usr/lib/sysctl.d", "/lib/sysctl.d",
	};
	struct conf_file *files = NULL;
	size_t nfiles = 0, alloc = 0, i, j;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		struct dirent *de;
		DIR *d = hostfs_opendir(dirs[i], 0);

		if (!d)
			continue;
		while ((de = readdir(d)) != NULL && nfiles < 4096) {
			char path[PATH_MAX];
			size_t nl = strlen(de->d_name);
			bool seen = false;

			if (de->d_name[0] == '.' || nl < 6 ||
			    strcmp(de->d_name + nl - 5, ".conf") != 0)
				continue;
			for (j = 0; j < nfiles && !seen; j++)
				seen = strcmp(files[j].name, de->d_name) == 0;
			if (seen)
				continue;
			if (hostfs_join(path, sizeof(path), dirs[i],
					de->d_name) < 0)
				continue;
			if (nfiles == alloc) {
				size_t na = alloc ? alloc * 2 : 16;
				struct conf_file *p =
					reallocarray(files, na, sizeof(*p));

				if (!p)
					break;
				files = p;
				alloc = na;
			}
			files[nfiles].name = strdup(de->d_name);
			files[nfiles].path = strdup(path);
			if (!files[nfiles].name || !files[nfiles].path) {
				free(files[nfiles].name);
				free(files[nfiles].path);
				continue;
			}
			nfiles++;
		}
		closedir(d);
	}
	if (nfiles > 0)
		qsort(files, nfiles, sizeof(*files), cmp_conf_file);
	for (i = 0; i < nfiles; i++) {
		conf_load_file(c, files[i].path);
		free(files[i].name);
		free(files[i].path);
	}
	free(files);
	conf_load_file(c, "/etc/sysctl.conf");
}

/* The configured value for a dotted name, or NULL. */
static const char *conf_lookup(const struct sysctl_conf *c, const char *name)
{
	size_t i;

	/* An exact assignment beats any glob, wherever it appears. */
	for (i = c->n; i-- > 0;)
		if (!c->v[i].glob && c->v[i].value &&
		    strcmp(c->v[i].key, name) == 0)
			return c->v[i].value;
	for (i = 0; i < c->n; i++)
		if (!c->v[i].value && strcmp(c->v[i].key, name) == 0)
			return NULL; /* "-name": kept out of the globs */
	for (i = c->n; i-- > 0;)
		if (c->v[i].glob && c->v[i].value &&
		    fnmatch(c->v[i].key, name, 0) == 0)
			return c->v[i].value;
	return NULL;
}

struct walk {
	struct qctx *q;
	struct sysctl_conf conf;
	bool conf_loaded;
	struct buf value;
	const char *only; /* emit only this name (a fallback search) */
};

/* Emits the control at host path (below /proc/sys); 0, or -1 to stop. */
static int emit_control(struct walk *w, const char *path,
			const struct stat *st)
{
	char name[PATH_MAX], *p;
	const char *v, *cv;
	size_t n, sublen;

	if (!S_ISREG(st->st_mode) || !(st->st_mode & 0444))
		return 0;
	n = strlen(PROC_SYS) + 1;
	if (strlen(path) <= n)
		return 0;
	snprintf(name, sizeof(name), "%s", path + n);
	for (p = name; *p; p++)
		if (*p == '/')
			*p = '.';
	if (w->only && strcmp(name, w->only) != 0)
		return 0;

	/* Read even when the value is not asked for: an unreadable control
	 * gives no row, and the rows must not depend on the columns. */
	buf_reset(&w->value);
	if (hostfs_read_file(path, VALUE_MAX, 0, &w->value, NULL) < 0)
		return 0; /* Unreadable (EACCES, EIO) or gone: no row. */

	if (qctx_row(w->q) < 0)
		return -1;
	qctx_set_text(w->q, SC_NAME, name);
	sublen = strcspn(name, ".");
	qctx_set_textn(w->q, SC_SUBSYSTEM, name, sublen);
	if (qctx_used(w->q, SC_CURRENT_VALUE)) {
		v = w->value.data ? w->value.data : "";
		n = w->value.len;
		trim_span(&v, &n);
		qctx_set_textn(w->q, SC_CURRENT_VALUE, v, n);
	}
	if (qctx_used(w->q, SC_CONFIG_VALUE)) {
		if (!w->conf_loaded) {
			conf_load(&w->conf);
			w->conf_loaded = true;
		}
		cv = conf_lookup(&w->conf, name);
		if (cv)
			qctx_set_text(w->q, SC_CONFIG_VALUE, cv);
	}
	return 0;
}

/* Walks the directory at host path; 0, or -1 to stop the query. */
/* NOLINTNEXTLINE(misc-no-recursion): MAX_DEPTH bounds it */
static int walk_dir(struct walk *w, const char *path, int depth)
{
	struct hostfs_names names;
	size_t i;
	int rc = 0;

	if (depth > MAX_DEPTH)
		return 0;
	/* Name order, so output is the same from run to run. */
	if (hostfs_list(path, HOSTFS_NOFOLLOW, DIR_ENTRIES_MAX, NULL, NULL,
			&names) < 0)
		return 0;
	for (i = 0; i < names.n && rc == 0; i++) {
		char child[PATH_MAX];
		struct stat st;

		if (hostfs_join(child, sizeof(child), path, names.v[i]) < 0 ||
		    hostfs_lstat(child, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc = walk_dir(w, child, depth + 1);
		else
			rc = emit_control(w, child, &st);
	}
	hostfs_names_release(&names);
	return rc;
}

/* True for a name that maps to a path strictly below /proc/sys. */
static bool valid_name(const char *name)
{
	const char *p;

	if (!*name || *name == '.' || strchr(name, '/'))
		return false;
	for (p = name; *p; p++)
		if (*p == '.' && (p[1] == '.' || p[1] == '\0'))
			return false;
	return strlen(name) < PATH_MAX - sizeof(PROC_SYS) - 1;
}

/* Emits the one control called name, if there is one. */
static int lookup_name(struct walk *w, const char *name)
{
	char path[PATH_MAX], sub[PATH_MAX], *p;
	struct stat st;
	size_t sublen;
	int rc;

	if (!valid_name(name))
		return 0;
	snprintf(path, sizeof(path), PROC_SYS "/%s", name);
	for (p = path + sizeof(PROC_SYS); *p; p++)
		if (*p == '.')
			*p = '/';
	if (hostfs_stat(path, &st) == 0)
		return S_ISREG(st.st_mode) ? emit_control(w, path, &st) : 0;
	if (errno != ENOENT && errno != ENOTDIR)
		return 0;
	/*
	 * Some directory names hold a dot themselves (an interface "eth0.1"
	 * gives net.ipv4.conf.eth0.1.rp_filter), so the dots cannot all be
	 * slashes: search the subsystem's subtree for the name instead.
	 */
	sublen = strcspn(name, ".");
	if (name[sublen] == '\0')
		return 0;
	snprintf(sub, sizeof(sub), PROC_SYS "/%.*s", (int)sublen, name);
	w->only = name;
	rc = walk_dir(w, sub, 1);
	w->only = NULL;
	return rc;
}

static int system_controls_generate(struct qctx *q)
{
	struct walk w;
	const char *const *vals;
	int n, i, rc = 0;

	memset(&w, 0, sizeof(w));
	w.q = q;
	buf_init(&w.value, VALUE_MAX);

	n = qctx_values(q, SC_NAME, QOP_EQ, &vals);
	if (n > 0) {
		for (i = 0; i < n && rc == 0; i++)
			rc = lookup_name(&w, vals[i]);
		goto out;
	}
	n = qctx_values(q, SC_SUBSYSTEM, QOP_EQ, &vals);
	if (n > 0) {
		for (i = 0; i < n && rc == 0; i++) {
			char path[PATH_MAX];

			if (!vals[i][0] || strchr(vals[i], '/') ||
			    strcmp(vals[i], ".") == 0 ||
			    strcmp(vals[i], "..") == 0 ||
			    hostfs_join(path, sizeof(path), PROC_SYS,
					vals[i]) < 0)
				continue;
			rc = walk_dir(&w, path, 1);
		}
		goto out;
	}
	rc = walk_dir(&w, PROC_SYS, 0);
out:
	conf_release(&w.conf);
	buf_release(&w.value);
	return rc;
}

static const struct table system_controls_table = {
	.name = "system_controls",
	.desc = "sysctl names, values, and settings information.",
	.cols = system_controls_cols,
	.ncols = SC_NCOLS,
	.generate = system_controls_generate,
};

TABLE_REGISTER(system_controls_table);

/* ---------------------------------------------------------------- */
/* kernel_modules */

enum {
	KM_NAME,
	KM_SIZE,
	KM_USED_BY,
	KM_STATUS,
	KM_ADDRESS,
	KM_NCOLS
};

static const struct column kernel_modules_cols[] = {
	{ "name", COL_TEXT, 0, "Module name." },
	{ "size", COL_BIGINT, 0, "Size of module content in bytes." },
	{ "used_by", COL_TEXT, 0,
	  "Modules using this one, comma-separated, or \"-\" for none." },
	{ "status", COL_TEXT, 0, "Kernel module status (Live, Loading, Unloading)." },
	{ "address", COL_TEXT, 0, "Kernel module address." },
};

_Static_assert(TABLE_NCOLS(kernel_modules_cols) == KM_NCOLS,
	       "kernel_modules column enum and array disagree");

#define MODULES_MAX (8u << 20)

/* Parses a whole decimal string; 0 or -1. */
static int parse_size(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

static int kernel_modules_generate(struct qctx *q)
{
	struct buf content = BUF_INIT(MODULES_MAX);
	char *line, *next;
	int rc = 0;

	/* No /proc/modules: a kernel without module support, no rows. */
	if (hostfs_read_file("/proc/modules", MODULES_MAX, 0, &content,
			     NULL) < 0 || !content.data)
		goto out;

	for (line = content.data; *line; line = next) {
		char *f[6], *save = NULL, *tok;
		size_t nf = 0, ul;
		int64_t size;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		/* "name size refcount used_by, state address [taints]" */
		for (tok = strtok_r(line, " \t", &save); tok && nf < 6;
		     tok = strtok_r(NULL, " \t", &save))
			f[nf++] = tok;
		if (nf < 6)
			continue; /* A malformed line. */
		ul = strlen(f[3]);
		if (ul > 1 && f[3][ul - 1] == ',')
			f[3][ul - 1] = '\0';

		if (qctx_row(q) < 0) {
			rc = -1;
			goto out;
		}
		qctx_set_text(q, KM_NAME, f[0]);
		if (parse_size(f[1], &size) == 0)
			qctx_set_int(q, KM_SIZE, size);
		qctx_set_text(q, KM_USED_BY, f[3]);
		qctx_set_text(q, KM_STATUS, f[4]);
		qctx_set_text(q, KM_ADDRESS, f[5]);
	}
out:
	buf_release(&content);
	return rc;
}

static const struct table kernel_modules_table = {
	.name = "kernel_modules",
	.desc = "Linux kernel modules loaded in the running kernel.",
	.cols = kernel_modules_cols,
	.ncols = KM_NCOLS,
	.generate = kernel_modules_generate,
};

TABLE_REGISTER(kernel_modules_table);
