/* SPDX-License-Identifier: Apache-2.0 */
/*
 * content.c: what is inside files: magic (file types by libmagic),
 * yara_file and its older name yara (YARA rule matches by libyara), and
 * extended_attributes.
 *
 * magic, one row per regular file named
 *   path            the path as the constraint gave it or a pattern found it
 *   magic_db_files  the ':'-separated compiled (.mgc) databases the query
 *                   named with `magic_db_files = ...`, read through the
 *                   root; NULL when libmagic's default database of the
 *                   machine vigil runs on was used
 *   data            the description `file -b` prints
 *   mime_type       what `file -b --mime-type` prints
 *   mime_encoding   what `file -b --mime-encoding` prints
 *
 * yara_file (and yara, the same table under the name osquery used until
 * 5.23), one row per regular file scanned with one set of rules
 *   path            the file
 *   matches         the names of the rules that matched, joined by ","
 *   count           how many rules matched
 *   sigfile         the rule file used (`sigfile = '/abs/path.yar'`), read
 *                   through the root; `include` directives in it are read
 *                   through the root too, relative to the including file
 *   sigrule         the rule text used (`sigrule = 'rule x { ... }'`);
 *                   includes are refused
 *   sig_group, sigurl  always NULL: signature groups come from a yara
 *                   configuration and vigil has none yet, and vigil never
 *                   downloads rules; naming either is an error
 *   strings         each match of each string of each matching rule as
 *                   "<identifier>:<hex offset>", joined by ","; with
 *                   libyara's fast mode, the first match of each string
 *   tags            the matching rules' tags, joined by ","
 *   pid_with_namespace  always NULL (no other mount namespaces)
 * matches, strings and tags are "" and count 0 for a clean file.  A file
 * too large to scan (more than YARA_FILE_MAX), one that cannot be read,
 * or one whose scan times out (YARA_TIMEOUT seconds) has a row with NULL
 * matches, count, strings and tags: not scanned is not clean.
 *
 * extended_attributes, one row per attribute of each file or directory
 *   path, directory the file, and its parent (or the directory listed)
 *   key             the attribute's name ("user.xdg.origin.url")
 *   value           its value as text when it is printable ASCII (one
 *                   final NUL dropped), otherwise base64; an empty value is
 *                   "" with base64 1, as osquery shows it.  A
 *                   security.capability value is shown as getcap(8) shows
 *                   it ("cap_net_raw=ep"), as osquery does
 *   base64          1 when value is base64
 *
 * Required constraints: `path` for magic and yara_file (= or LIKE with
 * osquery path patterns), with one of `sigfile` or `sigrule` for
 * yara_file; `path` or `directory` for extended_attributes (`directory =
 * D` lists the entries of D).
 *
 * Privileges: read permission on the files (and the rule files); root
 * reads everything.  trusted.* attributes are listed to root only.
 *
 * Examples:
 *   SELECT path, data, mime_type FROM magic WHERE path LIKE '/tmp/%';
 *   SELECT path, matches, strings FROM yara_file
 *     WHERE path LIKE '/usr/local/bin/%' AND sigfile = '/etc/yara/miner.yar';
 *   SELECT path, key, value FROM extended_attributes
 *     WHERE path LIKE '/usr/bin/%' AND key = 'security.capability';
 *
 * How it works: every file is opened through hostfs (links followed, as
 * osquery does) with O_NONBLOCK and checked with fstat() to be a regular
 * file (or, for extended_attributes, a directory) before anything reads
 * it, so a FIFO or device is never read and a swapped path never
 * confuses.  magic loads libmagic's database once per scan and calls
 * magic_descriptor() on that descriptor, with the checks that would
 * decompress (and could fork a decompressor) off; libmagic never sees a
 * path.  yara_file compiles the rules once (and keeps the last compiled
 * set for the next scan while its rule file is unchanged), reads each file
 * whole into memory and scans it with yr_rules_scan_mem(): a file that
 * shrinks while mapped cannot fault the process.  libyara is initialised
 * on first use and finalised at exit.  extended_attributes lists names
 * with flistxattr() and reads values with fgetxattr() on the descriptor.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <magic.h>
#include <yara.h>

#include "sql/table.h"
#include "tables/xattr.h"
#include "util/buf.h"
#include "util/hostfs.h"
#include "util/lazylib.h"
#include "util/pathpat.h"

/*
 * libmagic and libyara are loaded when a query first uses their tables
 * (lazylib.h says why: together with their own dependencies, which
 * include libcrypto, they would add milliseconds to every start-up).  The
 * pointers take their types from the libraries' headers, and the macros
 * below send each call through them, so the code reads as plain calls.
 */
static struct lazylib libmagic = LAZYLIB_INIT("libmagic.so.1");
static struct lazylib libyara = LAZYLIB_INIT("libyara.so.9");

static struct {
	__typeof__(magic_open) *open;
	__typeof__(magic_close) *close;
	__typeof__(magic_load) *load;
	__typeof__(magic_load_buffers) *load_buffers;
	__typeof__(magic_setflags) *setflags;
	__typeof__(magic_descriptor) *descriptor;
	__typeof__(magic_error) *error;
} mg;

static const char *const mg_names[] = {
	"magic_open", "magic_close", "magic_load", "magic_load_buffers",
	"magic_setflags", "magic_descriptor", "magic_error",
};
_Static_assert(sizeof(mg_names) / sizeof(mg_names[0]) ==
		       sizeof(mg) / sizeof(void *),
	       "one name per libmagic function");

static struct {
	__typeof__(yr_initialize) *initialize;
	__typeof__(yr_finalize) *finalize;
	__typeof__(yr_compiler_create) *compiler_create;
	__typeof__(yr_compiler_destroy) *compiler_destroy;
	__typeof__(yr_compiler_set_callback) *compiler_set_callback;
	__typeof__(yr_compiler_set_include_callback) *compiler_set_include_callback;
	__typeof__(yr_compiler_add_fd) *compiler_add_fd;
	__typeof__(yr_compiler_add_string) *compiler_add_string;
	__typeof__(yr_compiler_get_rules) *compiler_get_rules;
	__typeof__(yr_rules_destroy) *rules_destroy;
	__typeof__(yr_rules_scan_mem) *rules_scan_mem;
} yr;

static const char *const yr_names[] = {
	"yr_initialize", "yr_finalize", "yr_compiler_create",
	"yr_compiler_destroy", "yr_compiler_set_callback",
	"yr_compiler_set_include_callback", "yr_compiler_add_fd",
	"yr_compiler_add_string", "yr_compiler_get_rules", "yr_rules_destroy",
	"yr_rules_scan_mem",
};
_Static_assert(sizeof(yr_names) / sizeof(yr_names[0]) ==
		       sizeof(yr) / sizeof(void *),
	       "one name per libyara function");

#define magic_open (*mg.open)
#define magic_close (*mg.close)
#define magic_load (*mg.load)
#define magic_load_buffers (*mg.load_buffers)
#define magic_setflags (*mg.setflags)
#define magic_descriptor (*mg.descriptor)
#define magic_error (*mg.error)
#define yr_initialize (*yr.initialize)
#define yr_finalize (*yr.finalize)
#define yr_compiler_create (*yr.compiler_create)
#define yr_compiler_destroy (*yr.compiler_destroy)
#define yr_compiler_set_callback (*yr.compiler_set_callback)
#define yr_compiler_set_include_callback (*yr.compiler_set_include_callback)
#define yr_compiler_add_fd (*yr.compiler_add_fd)
#define yr_compiler_add_string (*yr.compiler_add_string)
#define yr_compiler_get_rules (*yr.compiler_get_rules)
#define yr_rules_destroy (*yr.rules_destroy)
#define yr_rules_scan_mem (*yr.rules_scan_mem)

/* Largest magic database file read for magic_db_files. */
#define MAGIC_DB_MAX ((size_t)64 << 20)
/* Largest file yara_file scans; a larger one gets NULL results. */
#define YARA_FILE_MAX ((off_t)128 << 20)
/* Largest rule file (or included file) compiled. */
#define YARA_RULES_MAX ((size_t)16 << 20)
/* Seconds one file's scan may take. */
#define YARA_TIMEOUT 10
/* Cap of each of the matches, strings and tags texts. */
#define YARA_TEXT_MAX ((size_t)1 << 20)
/* Caps of one file's attribute name list and of one value (Linux's own
 * limits, XATTR_LIST_MAX and XATTR_SIZE_MAX). */
#define XATTR_NAMES_MAX ((size_t)64 << 10)
#define XATTR_VALUE_MAX ((size_t)64 << 10)

/* ---------------------------------------------------------------- */
/* Paths named by constraints, shared by the three tables */

/* Called per path with the directory column's value; 0, or -1 to stop. */
typedef int (*each_fn)(const char *path, const char *dir, void *arg);

struct each {
	each_fn fn;
	void *arg;
	const char *dir; /* while listing a directory */
};

/*
 * Writes the parent of path into dir: "/etc/passwd" gives "/etc", "/etc"
 * gives "/", and trailing slashes are ignored.
 */
static void parent_of(const char *path, char *dir, size_t size)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	while (n > 0 && path[n - 1] != '/')
		n--;
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n == 0 || n >= size) {
		snprintf(dir, size, "%s", n == 0 ? "" : "/");
		return;
	}
	memcpy(dir, path, n);
	dir[n] = '\0';
}

static int each_path_cb(const char *path, void *arg)
{
	struct each *e = arg;
	char dir[PATH_MAX];

	parent_of(path, dir, sizeof(dir));
	return e->fn(path, dir, e->arg);
}

static int each_entry_cb(const char *path, void *arg)
{
	struct each *e = arg;

	return e->fn(path, e->dir, e->arg);
}

static int each_dir_cb(const char *dir, void *arg)
{
	struct each *e = arg;

	e->dir = dir;
	return pathpat_list(dir, each_entry_cb, e) < 0 ? -1 : 0;
}

/*
 * Calls fn for the paths the constraints on c_path (and c_dir, or -1)
 * name.  They are ANDed, so the narrowest one is enough: path =, then
 * directory =, then path LIKE, then directory LIKE.  Returns 0, or -1
 * when fn stopped the walk or a pattern could not be expanded (*failed
 * tells which: when it is false, the error is set here).
 */
static int each_path(struct qctx *q, const char *table, int c_path, int c_dir,
		     each_fn fn, void *arg, const bool *failed)
{
	struct each e = { fn, arg, NULL };
	const char *const *v;
	const char *what;
	int rc;

	if (qctx_values(q, c_path, QOP_EQ, &v) > 0) {
		what = v[0];
		rc = v[0][0] == '/' ? each_path_cb(v[0], &e) : 0;
	} else if (c_dir >= 0 && qctx_values(q, c_dir, QOP_EQ, &v) > 0) {
		what = v[0];
		rc = v[0][0] == '/' ? each_dir_cb(v[0], &e) : 0;
	} else if (qctx_values(q, c_path, QOP_LIKE, &v) > 0) {
		what = v[0];
		rc = pathpat_expand(v[0], 0, 0, each_path_cb, &e);
	} else if (c_dir >= 0 && qctx_values(q, c_dir, QOP_LIKE, &v) > 0) {
		what = v[0];
		rc = pathpat_expand(v[0], PATHPAT_DIRS, 0, each_dir_cb, &e);
	} else {
		return 0; /* only NULL values: nothing matches */
	}
	if (rc < 0 && !*failed)
		return qctx_error(q, "table %s: cannot expand '%s': %s", table,
				  what, strerror(errno));
	return rc < 0 ? -1 : 0;
}

/*
 * Opens path (links followed) for reading if it is a regular file, or
 * also a directory when dirs is set; *st gets its fstat().  Returns the
 * descriptor or -1.  A FIFO or device is never opened: its type is
 * checked first, and again on the descriptor in case the path changed.
 */
static int open_file(const char *path, bool dirs, struct stat *st)
{
	int fd;

	if (hostfs_stat(path, st) < 0)
		return -1;
	if (!(S_ISREG(st->st_mode) || (dirs && S_ISDIR(st->st_mode)))) {
		errno = EINVAL;
		return -1;
	}
	fd = hostfs_open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0 ||
	    !(S_ISREG(st->st_mode) || (dirs && S_ISDIR(st->st_mode)))) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/*
 * Reads the whole regular file at path into out (appended, NUL-ended),
 * refusing one of more than out->cap bytes (errno E2BIG) and anything but
 * a regular file (errno EINVAL), so that no FIFO or device is ever opened
 * for it.  Returns 0, or -1 with errno set (out may then hold part).
 */
static int read_regular(const char *path, struct buf *out)
{
	struct stat st;
	ssize_t n;
	int fd, saved;

	fd = open_file(path, false, &st);
	if (fd < 0)
		return -1;
	for (;;) {
		size_t room = out->cap - out->len;
		char c;

		if (room > 65536)
			room = 65536;
		if (room == 0) {
			/* Full: one more byte means it is too large. */
			n = read(fd, &c, 1);
			if (n < 0 && errno == EINTR)
				continue;
			if (n > 0)
				errno = E2BIG;
			if (n != 0)
				goto fail;
			break;
		}
		if (buf_grow(out, room) < 0)
			goto fail;
		n = read(fd, out->data + out->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
	close(fd);
	return 0;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* ---------------------------------------------------------------- */
/* magic */

enum {
	MG_PATH,
	MG_MAGIC_DB_FILES,
	MG_DATA,
	MG_MIME_TYPE,
	MG_MIME_ENCODING,
	MG_NCOLS
};

static const struct column magic_cols[] = {
	{ "path", COL_TEXT, COL_INDEX | COL_REQUIRED,
	  "Absolute path of the file." },
	{ "magic_db_files", COL_TEXT, COL_ADDITIONAL,
	  "Compiled magic databases to use, ':'-separated; NULL for "
	  "libmagic's default." },
	{ "data", COL_TEXT, 0, "The file's type as `file -b` describes it." },
	{ "mime_type", COL_TEXT, 0, "MIME type, as `file -b --mime-type`." },
	{ "mime_encoding", COL_TEXT, 0,
	  "MIME encoding, as `file -b --mime-encoding`." },
};

_Static_assert(TABLE_NCOLS(magic_cols) == MG_NCOLS,
	       "magic column enum and array disagree");

/* No decompression: it would parse more untrusted formats and may fork. */
#define MAGIC_BASE_FLAGS (MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_COMPRESS_FORK)

struct magic_gen {
	struct qctx *q;
	magic_t cookie;
	const char *db; /* the magic_db_files value, or NULL */
	bool failed;
};

/* Runs libmagic with flags over fd; NULL when it could not tell. */
static const char *magic_run(struct magic_gen *g, int fd, int flags)
{
	if (magic_setflags(g->cookie, MAGIC_BASE_FLAGS | flags) < 0 ||
	    lseek(fd, 0, SEEK_SET) < 0)
		return NULL;
	return magic_descriptor(g->cookie, fd);
}

static int magic_row(const char *path, const char *dir, void *arg)
{
	static const int col[3] = { MG_DATA, MG_MIME_TYPE, MG_MIME_ENCODING };
	static const int flags[3] = { MAGIC_NONE, MAGIC_MIME_TYPE,
				      MAGIC_MIME_ENCODING };
	struct magic_gen *g = arg;
	struct stat st;
	int fd, i;

	(void)dir;
	fd = open_file(path, false, &st);
	if (fd < 0)
		return 0;
	if (qctx_row(g->q) < 0) {
		g->failed = true;
		close(fd);
		return -1;
	}
	qctx_set_text(g->q, MG_PATH, path);
	qctx_set_text(g->q, MG_MAGIC_DB_FILES, g->db);
	if (st.st_size == 0) {
		/*
		 * libmagic names an empty file from its path only (in
		 * fsmagic, which a descriptor skips); on a descriptor it
		 * says "application/x-empty".  Say what file(1) says.
		 */
		qctx_set_text(g->q, MG_DATA, "empty");
		qctx_set_text(g->q, MG_MIME_TYPE, "inode/x-empty");
		qctx_set_text(g->q, MG_MIME_ENCODING, "binary");
		close(fd);
		return 0;
	}
	for (i = 0; i < 3; i++)
		if (qctx_used(g->q, col[i]))
			qctx_set_text(g->q, col[i], magic_run(g, fd, flags[i]));
	close(fd);
	return 0;
}

/*
 * Loads the ':'-separated compiled databases in list, each read through
 * hostfs, into the cookie.  The buffers must outlive the cookie: they are
 * left in *bufs (nbufs of them) for the caller to free.  Returns 0 or -1
 * with the error set.
 */
static int magic_load_list(struct magic_gen *g, const char *list,
			   void **bufs, size_t *sizes, size_t *nbufs,
			   size_t maxbufs)
{
	char path[PATH_MAX];
	const char *p = list;

	*nbufs = 0;
	while (*p) {
		size_t n = strcspn(p, ":");
		struct buf b = BUF_INIT(MAGIC_DB_MAX);
		size_t len;

		if (n == 0 || n >= sizeof(path) || p[0] != '/') {
			return qctx_error(g->q,
					  "table magic: bad magic_db_files '%s'",
					  list);
		}
		memcpy(path, p, n);
		path[n] = '\0';
		if (*nbufs == maxbufs)
			return qctx_error(g->q,
					  "table magic: too many magic_db_files");
		if (read_regular(path, &b) < 0) {
			buf_release(&b);
			return qctx_error(g->q,
					  "table magic: cannot read '%s': %s",
					  path, strerror(errno));
		}
		bufs[*nbufs] = buf_detach(&b, &len);
		if (!bufs[*nbufs])
			return qctx_error(g->q, "table magic: out of memory");
		sizes[(*nbufs)++] = len;
		p += n;
		if (*p == ':')
			p++;
	}
	if (*nbufs == 0 ||
	    magic_load_buffers(g->cookie, bufs, sizes, *nbufs) < 0)
		return qctx_error(g->q,
				  "table magic: cannot load magic_db_files "
				  "'%s': %s",
				  list,
				  magic_error(g->cookie) ? magic_error(g->cookie)
							 : "no database");
	return 0;
}

static int magic_generate(struct qctx *q)
{
	void *bufs[16];
	size_t sizes[16], nbufs = 0, i;
	struct magic_gen g;
	const char *const *v;
	int rc = -1;

	if (lazylib_bind(&libmagic, mg_names,
			 sizeof(mg_names) / sizeof(mg_names[0]), &mg) < 0)
		return qctx_error(q, "table magic: %s", libmagic.err);
	memset(&g, 0, sizeof(g));
	g.q = q;
	g.cookie = magic_open(MAGIC_BASE_FLAGS);
	if (!g.cookie)
		return qctx_error(q, "table magic: cannot start libmagic: %s",
				  strerror(errno));
	if (qctx_values(q, MG_MAGIC_DB_FILES, QOP_EQ, &v) > 0) {
		g.db = v[0];
		if (magic_load_list(&g, v[0], bufs, sizes, &nbufs, 16) < 0)
			goto out;
	} else if (magic_load(g.cookie, NULL) < 0) {
		qctx_error(q, "table magic: cannot load the magic database: %s",
			   magic_error(g.cookie) ? magic_error(g.cookie)
						 : "unknown error");
		goto out;
	}
	rc = each_path(q, "magic", MG_PATH, -1, magic_row, &g, &g.failed);
out:
	magic_close(g.cookie);
	for (i = 0; i < nbufs; i++)
		free(bufs[i]);
	return rc;
}

static const struct table magic_table = {
	.name = "magic",
	.desc = "Magic number recognition library table.",
	.cols = magic_cols,
	.ncols = MG_NCOLS,
	.generate = magic_generate,
};

TABLE_REGISTER(magic_table);

/* ---------------------------------------------------------------- */
/* yara_file and yara */

enum {
	YA_PATH,
	YA_MATCHES,
	YA_COUNT,
	YA_SIG_GROUP,
	YA_SIGFILE,
	YA_SIGRULE,
	YA_STRINGS,
	YA_TAGS,
	YA_SIGURL,
	YA_PID_WITH_NAMESPACE,
	YA_NCOLS
};

static const struct column yara_cols[] = {
	{ "path", COL_TEXT, COL_INDEX | COL_REQUIRED,
	  "The path scanned; = or LIKE with osquery path patterns." },
	{ "matches", COL_TEXT, 0,
	  "Names of the rules that matched, comma-separated." },
	{ "count", COL_INTEGER, 0, "Number of rules that matched." },
	{ "sig_group", COL_TEXT, COL_ADDITIONAL,
	  "Signature group used (needs a yara configuration: not supported yet)." },
	{ "sigfile", COL_TEXT, COL_ADDITIONAL,
	  "Absolute path of the rule file used, read through the root." },
	{ "sigrule", COL_TEXT, COL_HIDDEN | COL_ADDITIONAL,
	  "Rule text used instead of a rule file." },
	{ "strings", COL_TEXT, 0,
	  "Matching strings as identifier:hex offset, comma-separated." },
	{ "tags", COL_TEXT, 0, "Tags of the matching rules, comma-separated." },
	{ "sigurl", COL_TEXT, COL_HIDDEN | COL_ADDITIONAL,
	  "URL of rules to download (not supported: vigil downloads no rules)." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Pids whose mount namespace to use (not supported: always NULL)." },
};

_Static_assert(TABLE_NCOLS(yara_cols) == YA_NCOLS,
	       "yara column enum and array disagree");

/*
 * The last compiled rule set, kept for the next scan with the same rules:
 * IN lists and joins call the generator once per value.  A rule file is
 * recompiled when its inode, size or mtime changes; one with includes is
 * never kept (an included file may change unseen).
 */
struct yara_cache {
	YR_RULES *rules;
	int col;   /* YA_SIGFILE or YA_SIGRULE */
	char *key; /* the sigfile or sigrule value */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

static struct yara_cache cache;
static bool yara_ready;

static void yara_cache_drop(void)
{
	if (cache.rules)
		yr_rules_destroy(cache.rules);
	free(cache.key);
	memset(&cache, 0, sizeof(cache));
}

static void yara_atexit(void)
{
	yara_cache_drop();
	yr_finalize();
}

/* Initialises libyara once per process; 0 or -1. */
static int yara_init(void)
{
	if (yara_ready)
		return 0;
	if (lazylib_bind(&libyara, yr_names,
			 sizeof(yr_names) / sizeof(yr_names[0]), &yr) < 0)
		return -1;
	if (yr_initialize() != ERROR_SUCCESS)
		return -1;
	yara_ready = true;
	/* Should it fail, libyara's memory is merely not freed at exit. */
	(void)atexit(yara_atexit);
	return 0;
}

/* What one compilation needs and reports. */
struct yara_compile {
	const char *top;   /* the sigfile, for relative includes */
	bool included;     /* an include was read */
	bool err_set;
	char err[512];     /* the first error */
	char err_file[PATH_MAX];
	int err_line;
};

static void yara_compile_cb(int level, const char *file, int line,
			    const YR_RULE *rule, const char *msg, void *arg)
{
	struct yara_compile *c = arg;

	(void)rule;
	if (level != YARA_ERROR_LEVEL_ERROR || c->err_set)
		return;
	c->err_set = true;
	snprintf(c->err, sizeof(c->err), "%s", msg ? msg : "error");
	snprintf(c->err_file, sizeof(c->err_file), "%s", file ? file : "");
	c->err_line = line;
}

/*
 * Reads an included rule file through hostfs: a relative name is taken
 * from the directory of the including file when libyara knows it by an
 * absolute name, else from that of the sigfile.  The text returned is
 * freed by yara_include_free; NULL makes the include fail.
 */
static const char *yara_include_cb(const char *name, const char *caller,
				   const char *ns, void *arg)
{
	struct yara_compile *c = arg;
	struct buf b = BUF_INIT(YARA_RULES_MAX);
	char dir[PATH_MAX], path[PATH_MAX];
	const char *from;

	(void)ns;
	if (name[0] == '/') {
		snprintf(path, sizeof(path), "%s", name);
	} else {
		from = caller && caller[0] == '/' ? caller : c->top;
		parent_of(from, dir, sizeof(dir));
		if (hostfs_join(path, sizeof(path), dir, name) < 0)
			return NULL;
	}
	c->included = true;
	if (read_regular(path, &b) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static void yara_include_free(const char *text, void *arg)
{
	(void)arg;
	free((void *)text);
}

/*
 * Compiles the rule file sigfile (read through hostfs) or the rule text
 * sigrule (col says which) into *out.  Returns 0, or -1 with the query
 * error set.  When *out is cache.rules the cache owns it; otherwise the
 * caller destroys it with yr_rules_destroy().
 */
static int yara_compile(struct qctx *q, const char *table, int col,
			const char *value, YR_RULES **out)
{
	struct yara_compile c;
	YR_COMPILER *comp = NULL;
	struct stat st;
	char head[4];
	int fd = -1, rc = -1, errors;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.top = value;
	if (col == YA_SIGFILE) {
		if (value[0] != '/')
			return qctx_error(q,
					  "table %s: sigfile must be an "
					  "absolute path: '%s'",
					  table, value);
		if (cache.rules && cache.col == col &&
		    strcmp(cache.key, value) == 0 &&
		    hostfs_stat(value, &st) == 0 && st.st_dev == cache.dev &&
		    st.st_ino == cache.ino && st.st_size == cache.size &&
		    st.st_mtim.tv_sec == cache.mtime.tv_sec &&
		    st.st_mtim.tv_nsec == cache.mtime.tv_nsec) {
			*out = cache.rules;
			return 0;
		}
		fd = hostfs_open(value, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0);
		if (fd < 0)
			return qctx_error(q, "table %s: cannot read rule file "
					  "'%s': %s",
					  table, value, strerror(errno));
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
		    (size_t)st.st_size > YARA_RULES_MAX) {
			qctx_error(q, "table %s: rule file '%s' is not a "
				   "regular file of at most %d MiB",
				   table, value, (int)(YARA_RULES_MAX >> 20));
			goto out;
		}
		/* Compiled rules are a trusted format libyara does not
		 * check: only source is taken. */
		if (pread(fd, head, sizeof(head), 0) == (ssize_t)sizeof(head) &&
		    memcmp(head, "YARA", 4) == 0) {
			qctx_error(q, "table %s: rule file '%s' holds compiled "
				   "rules; give the source",
				   table, value);
			goto out;
		}
	} else if (cache.rules && cache.col == col &&
		   strcmp(cache.key, value) == 0) {
		*out = cache.rules;
		return 0;
	}
	if (yr_compiler_create(&comp) != ERROR_SUCCESS) {
		qctx_error(q, "table %s: out of memory", table);
		goto out;
	}
	yr_compiler_set_callback(comp, yara_compile_cb, &c);
	if (col == YA_SIGFILE) {
		yr_compiler_set_include_callback(comp, yara_include_cb,
						 yara_include_free, &c);
		errors = yr_compiler_add_fd(comp, fd, NULL, value);
	} else {
		/* No includes: a query would read files through them. */
		yr_compiler_set_include_callback(comp, NULL, NULL, NULL);
		errors = yr_compiler_add_string(comp, value, NULL);
	}
	if (errors > 0) {
		char where[PATH_MAX + 32] = "";

		if (!c.err_set)
			snprintf(c.err, sizeof(c.err), "unknown error");

		/* "'inc.yar' line 3: ", naming an included file's error. */
		if (col == YA_SIGFILE && c.err_file[0] &&
		    strcmp(c.err_file, value) != 0)
			snprintf(where, sizeof(where), "'%s' ", c.err_file);
		if (c.err_line > 0)
			snprintf(where + strlen(where),
				 sizeof(where) - strlen(where), "line %d: ",
				 c.err_line);
		if (col == YA_SIGFILE)
			qctx_error(q, "table %s: rule file '%s' does not "
				   "compile: %s%s",
				   table, value, where, c.err);
		else
			qctx_error(q, "table %s: sigrule does not compile: "
				   "%s%s",
				   table, where, c.err);
		goto out;
	}
	if (yr_compiler_get_rules(comp, out) != ERROR_SUCCESS) {
		qctx_error(q, "table %s: out of memory", table);
		goto out;
	}
	rc = 0;
	if (col == YA_SIGFILE && c.included)
		goto out; /* not kept: the caller frees it */
	yara_cache_drop();
	cache.key = strdup(value);
	if (!cache.key)
		goto out;
	cache.rules = *out;
	cache.col = col;
	if (col == YA_SIGFILE) {
		cache.dev = st.st_dev;
		cache.ino = st.st_ino;
		cache.size = st.st_size;
		cache.mtime = st.st_mtim;
	}
out:
	if (comp)
		yr_compiler_destroy(comp);
	if (fd >= 0)
		close(fd);
	return rc;
}

struct yara_gen {
	struct qctx *q;
	YR_RULES *rules;
	int col;           /* YA_SIGFILE or YA_SIGRULE */
	const char *value; /* its value */
	unsigned char *data;
	size_t alloc;
	struct buf matches, strings, tags;
	int64_t count;
	bool failed;
};

/* Appends s to b after a "," when b is not empty; a full b stays as is. */
static void add_item(struct buf *b, const char *s)
{
	size_t start = b->len;

	if ((b->len && buf_addc(b, ',') < 0) || buf_adds(b, s) < 0) {
		b->len = start;
		if (b->data)
			b->data[start] = '\0';
	}
}

static int yara_scan_cb(YR_SCAN_CONTEXT *ctx, int message, void *data,
			void *arg)
{
	struct yara_gen *g = arg;
	YR_RULE *rule = data;
	YR_STRING *string;
	const char *tag;
	char item[256];

	if (message != CALLBACK_MSG_RULE_MATCHING)
		return CALLBACK_CONTINUE;
	g->count++;
	add_item(&g->matches, rule->identifier);
	yr_rule_strings_foreach(rule, string)
	{
		/*
		 * libyara 4.2 hands out matches at unaligned addresses (its
		 * notebook allocator packs them), so each is copied out
		 * before use rather than read in place, which is undefined
		 * behaviour (yr_string_matches_foreach does that).
		 */
		const YR_MATCH *at = ctx->matches[string->idx].head;

		while (at) {
			YR_MATCH match;

			memcpy(&match, at, sizeof(match));
			at = match.next;
			if (match.is_private)
				continue;
			snprintf(item, sizeof(item), "%s:%" PRIx64,
				 string->identifier,
				 (uint64_t)(match.base + match.offset));
			add_item(&g->strings, item);
		}
	}
	yr_rule_tags_foreach(rule, tag)
	{
		add_item(&g->tags, tag);
	}
	return CALLBACK_CONTINUE;
}

/*
 * Reads the open regular file into g->data; its length in *len.  Returns
 * 0, or -1 when it is larger than YARA_FILE_MAX or cannot be read.
 */
static int yara_read(struct yara_gen *g, int fd, const struct stat *st,
		     size_t *len)
{
	size_t want, got = 0;
	ssize_t n;

	if (st->st_size > YARA_FILE_MAX)
		return -1;
	/* One byte more than the size says, to see a file that grew. */
	want = (size_t)st->st_size + 1;
	if (want > g->alloc) {
		unsigned char *p = realloc(g->data, want);

		if (!p)
			return -1;
		g->data = p;
		g->alloc = want;
	}
	while (got < want) {
		n = read(fd, g->data + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got == want)
		return -1; /* it grew while we read: not what we sized */
	*len = got;
	return 0;
}

static int yara_row(const char *path, const char *dir, void *arg)
{
	struct yara_gen *g = arg;
	struct stat st;
	size_t len = 0;
	bool scanned = false;
	int fd;

	(void)dir;
	fd = open_file(path, false, &st);
	if (fd < 0)
		return 0; /* not a readable regular file: no row */
	buf_reset(&g->matches);
	buf_reset(&g->strings);
	buf_reset(&g->tags);
	g->count = 0;
	if (yara_read(g, fd, &st, &len) == 0)
		scanned = yr_rules_scan_mem(g->rules, g->data, len,
					    SCAN_FLAGS_FAST_MODE |
						    SCAN_FLAGS_NO_TRYCATCH,
					    yara_scan_cb, g,
					    YARA_TIMEOUT) == ERROR_SUCCESS;
	close(fd);
	if (qctx_row(g->q) < 0) {
		g->failed = true;
		return -1;
	}
	qctx_set_text(g->q, YA_PATH, path);
	qctx_set_text(g->q, g->col, g->value);
	if (!scanned)
		return 0;
	qctx_set_text(g->q, YA_MATCHES, g->matches.data ? g->matches.data : "");
	qctx_set_int(g->q, YA_COUNT, g->count);
	qctx_set_text(g->q, YA_STRINGS, g->strings.data ? g->strings.data : "");
	qctx_set_text(g->q, YA_TAGS, g->tags.data ? g->tags.data : "");
	return 0;
}

static int yara_generate_as(struct qctx *q, const char *table)
{
	struct yara_gen g;
	const char *const *v;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	g.q = q;
	if (qctx_values(q, YA_SIGFILE, QOP_EQ, &v) > 0) {
		g.col = YA_SIGFILE;
	} else if (qctx_values(q, YA_SIGRULE, QOP_EQ, &v) > 0) {
		g.col = YA_SIGRULE;
	} else if (qctx_values(q, YA_SIG_GROUP, QOP_EQ, &v) > 0) {
		return qctx_error(q, "table %s: no signature group '%s': vigil "
				  "has no yara configuration",
				  table, v[0]);
	} else if (qctx_values(q, YA_SIGURL, QOP_EQ, &v) > 0) {
		return qctx_error(q, "table %s: sigurl is not supported: vigil "
				  "downloads no rules",
				  table);
	} else if (qctx_constrained(q, YA_SIGFILE) ||
		   qctx_constrained(q, YA_SIGRULE)) {
		return 0; /* = NULL, or LIKE: names no rules */
	} else {
		return qctx_error(q, "table %s requires sigfile or sigrule "
				  "(= or IN)",
				  table);
	}
	g.value = v[0];
	if (yara_init() < 0)
		return qctx_error(q, "table %s: cannot start libyara%s%s", table,
				  libyara.err[0] ? ": " : "", libyara.err);
	if (yara_compile(q, table, g.col, g.value, &g.rules) < 0)
		return -1;
	buf_init(&g.matches, YARA_TEXT_MAX);
	buf_init(&g.strings, YARA_TEXT_MAX);
	buf_init(&g.tags, YARA_TEXT_MAX);
	rc = each_path(q, table, YA_PATH, -1, yara_row, &g, &g.failed);
	if (g.rules != cache.rules)
		yr_rules_destroy(g.rules);
	buf_release(&g.matches);
	buf_release(&g.strings);
	buf_release(&g.tags);
	free(g.data);
	return rc;
}

static int yara_file_generate(struct qctx *q)
{
	return yara_generate_as(q, "yara_file");
}

static int yara_generate(struct qctx *q)
{
	return yara_generate_as(q, "yara");
}

static const struct table yara_file_table = {
	.name = "yara_file",
	.desc = "Scans files with YARA rules given by sigfile or sigrule.",
	.cols = yara_cols,
	.ncols = YA_NCOLS,
	.generate = yara_file_generate,
};

static const struct table yara_table = {
	.name = "yara",
	.desc = "yara_file under the name osquery used before 5.23.",
	.cols = yara_cols,
	.ncols = YA_NCOLS,
	.generate = yara_generate,
};

TABLE_REGISTER(yara_file_table);
TABLE_REGISTER(yara_table);

/* ---------------------------------------------------------------- */
/* extended_attributes */

enum {
	XA_PATH,
	XA_DIRECTORY,
	XA_KEY,
	XA_VALUE,
	XA_BASE64,
	XA_NCOLS
};

static const struct column xattr_cols[] = {
	{ "path", COL_TEXT, COL_REQUIRED | COL_OPTIMIZED,
	  "Absolute file path." },
	{ "directory", COL_TEXT, COL_REQUIRED | COL_OPTIMIZED,
	  "Directory of the file; with =, the directory whose entries are read." },
	{ "key", COL_TEXT, 0, "Name of the attribute." },
	{ "value", COL_TEXT, 0,
	  "Value of the attribute: text, or base64 when it is not printable." },
	{ "base64", COL_INTEGER, 0, "1 if value is base64 encoded, else 0." },
};

_Static_assert(TABLE_NCOLS(xattr_cols) == XA_NCOLS,
	       "extended_attributes column enum and array disagree");

struct xattr_gen {
	struct qctx *q;
	char *names;  /* XATTR_NAMES_MAX */
	char *value;  /* XATTR_VALUE_MAX */
	char *text;   /* base64 of a value, with room for its NUL */
	bool failed;
};

/* Emits one attribute's row; 0 or -1. */
static int xattr_emit(struct xattr_gen *g, const char *path, const char *dir,
		      const char *key, const char *v, size_t n)
{
	char cap[XATTR_CAP_TEXT_MAX], err[64];
	size_t len;
	bool text;

	if (qctx_row(g->q) < 0) {
		g->failed = true;
		return -1;
	}
	qctx_set_text(g->q, XA_PATH, path);
	qctx_set_text(g->q, XA_DIRECTORY, dir);
	qctx_set_text(g->q, XA_KEY, key);
	if (strcmp(key, "security.capability") == 0 &&
	    xattr_cap_text(v, n, cap, sizeof(cap), err, sizeof(err)) == 0) {
		qctx_set_text(g->q, XA_VALUE, cap);
		qctx_set_int(g->q, XA_BASE64, 0);
		return 0;
	}
	text = xattr_is_text(v, n, &len);
	if (text) {
		qctx_set_textn(g->q, XA_VALUE, v, len);
	} else {
		len = xattr_base64(v, n, g->text);
		qctx_set_textn(g->q, XA_VALUE, g->text, len);
	}
	qctx_set_int(g->q, XA_BASE64, text ? 0 : 1);
	return 0;
}

static int xattr_row(const char *path, const char *dir, void *arg)
{
	struct xattr_gen *g = arg;
	struct stat st;
	ssize_t nl, nv;
	size_t off;
	int fd, rc = 0;

	fd = open_file(path, true, &st);
	if (fd < 0)
		return 0;
	nl = flistxattr(fd, g->names, XATTR_NAMES_MAX);
	/* ENOTSUP (no attributes here), ERANGE (past Linux's own limit):
	 * no rows. */
	for (off = 0; nl > 0 && off < (size_t)nl && rc == 0;
	     off += strlen(g->names + off) + 1) {
		const char *key = g->names + off;

		if (!*key)
			continue;
		nv = fgetxattr(fd, key, g->value, XATTR_VALUE_MAX);
		if (nv < 0)
			continue; /* removed meanwhile, or unreadable */
		rc = xattr_emit(g, path, dir, key, g->value, (size_t)nv);
	}
	close(fd);
	return rc;
}

static int xattr_generate(struct qctx *q)
{
	struct xattr_gen g;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	g.q = q;
	g.names = malloc(XATTR_NAMES_MAX + 1);
	g.value = malloc(XATTR_VALUE_MAX);
	g.text = malloc(XATTR_BASE64_SIZE(XATTR_VALUE_MAX));
	if (!g.names || !g.value || !g.text) {
		qctx_error(q, "table extended_attributes: out of memory");
		goto out;
	}
	/* A list cut short still ends in a name's NUL. */
	g.names[XATTR_NAMES_MAX] = '\0';
	rc = each_path(q, "extended_attributes", XA_PATH, XA_DIRECTORY,
		       xattr_row, &g, &g.failed);
out:
	free(g.names);
	free(g.value);
	free(g.text);
	return rc;
}

static const struct table xattr_table = {
	.name = "extended_attributes",
	.desc = "Returns the extended attributes for files (similar to Windows ADS).",
	.cols = xattr_cols,
	.ncols = XA_NCOLS,
	.generate = xattr_generate,
};

TABLE_REGISTER(xattr_table);
