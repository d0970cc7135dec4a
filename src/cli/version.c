/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version.c: `vigil version`.
 *
 *   vigil version [--verbose]
 *
 * Plain: vigil's version, then the SQLite and Jansson it runs with.
 *
 * --verbose: one line for every shared library in the process, each with
 * the version it reports at run time (when it has a call for that), the
 * version of the headers vigil was compiled against, how it came to be
 * loaded, its soname and the file it was loaded from:
 *
 *   static      linked into the binary from a static archive: SQLite,
 *               from Debian's libsqlite3-dev (see the Makefile); its file
 *               is the archive it was taken from, which the binary records
 *               in its section .vigil.static for mk/sbom.sh and
 *               mk/hardening.sh too.  Built with SQLITE_LINK=shared,
 *               SQLite is linked instead
 *   linked      loaded with the program, as its DT_NEEDED entries ask
 *               (jansson, libmnl, libc)
 *   lazy        loaded on first use (util/lazylib.h): libcrypto, libedit,
 *               libmagic, libyara, libyaml, libnftnl, zlib, libseccomp.  This is the one place they are all
 *               loaded without a query needing them, so that the list is
 *               complete; one that cannot be loaded is listed with why.
 *   dependency  loaded because a library above needs it (ld.so and
 *               libm among them)
 *
 * libmnl, libnftnl, libedit and libyara have no call that returns their
 * version: their version column says "-".  The Debian package and version
 * of each is in the SBOM (`make sbom`, mk/sbom.sh), which is built from
 * the package database and so cannot be produced by vigil itself.
 */
#include <getopt.h>
#include <gnu/libc-version.h>
#include <jansson.h>
#include <link.h>
#include <magic.h>
#include <openssl/opensslv.h>
#include <seccomp.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yara.h>
#include <zlib.h>

#include "cli/cli.h"
#include "util/digest.h"
#include "util/lazylib.h"

enum how { HOW_STATIC, HOW_LINKED, HOW_LAZY, HOW_DEPENDENCY };

static const char *const how_names[] = { "static", "linked", "lazy",
					 "dependency" };

#ifdef VIGIL_SQLITE_ARCHIVE
/* The static archives in this binary, each a string ending in NUL, for
 * tools that read the file (readelf -p .vigil.static): allocated, so
 * strip keeps it. */
static const char static_archives[]
	__attribute__((used, section(".vigil.static"))) = VIGIL_SQLITE_ARCHIVE;
#define SQLITE_HOW HOW_STATIC
#define SQLITE_SONAME "libsqlite3.a"
#else
#define SQLITE_HOW HOW_LINKED
#define SQLITE_SONAME "libsqlite3.so.0"
#endif

/* Room for a version text. */
#define VERSION_MAX 64

/* The libraries vigil links or loads itself, in the order listed. */
struct known {
	const char *name;   /* what people call it */
	const char *soname; /* for a static one, the archive's file name */
	enum how how;
	/* Writes the version the library reports; NULL when it has none. */
	void (*version)(char *dst, size_t size);
	/* The version of the headers vigil was built with, or NULL. */
	const char *headers;
	void (*headers_fn)(char *dst, size_t size); /* instead of headers */
};

static void libc_runtime(char *dst, size_t size)
{
	snprintf(dst, size, "%s", gnu_get_libc_version());
}

static void sqlite_runtime(char *dst, size_t size)
{
	snprintf(dst, size, "%s", sqlite3_libversion());
}

static void jansson_runtime(char *dst, size_t size)
{
	snprintf(dst, size, "%s", jansson_version_str());
}

/* "OpenSSL 3.0.17 1 Jul 2025": the second word. */
static void crypto_runtime(char *dst, size_t size)
{
	const char *v = digest_backend_version();
	size_t n;

	if (!v || strncmp(v, "OpenSSL ", 8) != 0) {
		snprintf(dst, size, "%s", v ? v : "-");
		return;
	}
	v += 8;
	n = strcspn(v, " ");
	snprintf(dst, size, "%.*s", (int)n, v);
}

static struct lazylib libmagic = LAZYLIB_INIT("libmagic.so.1");
static struct lazylib libedit = LAZYLIB_INIT("libedit.so.2");
static struct lazylib libyara = LAZYLIB_INIT("libyara.so.9");
static struct lazylib libyaml = LAZYLIB_INIT("libyaml-0.so.2");
static struct lazylib libnftnl = LAZYLIB_INIT("libnftnl.so.11");
static struct lazylib libz = LAZYLIB_INIT("libz.so.1");
static struct lazylib libseccomp = LAZYLIB_INIT("libseccomp.so.2");

/*
 * The version calls of the lazy libraries, each resolved by name on its
 * own (util/lazylib.h); a library that cannot be loaded shows "-".
 */
static struct {
	int (*version)(void);
} magic_fn;
static struct {
	const char *(*version)(void);
} yaml_fn, zlib_fn;
static struct {
	const struct scmp_version *(*version)(void);
} seccomp_fn;

static const char *const magic_names[] = { "magic_version" };
static const char *const yaml_names[] = { "yaml_get_version_string" };
static const char *const zlib_names[] = { "zlibVersion" };
static const char *const seccomp_names[] = { "seccomp_version" };

/* magic_version() is 544 for 5.44. */
static void magic_runtime(char *dst, size_t size)
{
	int v;

	if (lazylib_bind(&libmagic, magic_names, 1, &magic_fn) < 0) {
		snprintf(dst, size, "-");
		return;
	}
	v = magic_fn.version();
	snprintf(dst, size, "%d.%02d", v / 100, v % 100);
}

static void magic_headers(char *dst, size_t size)
{
	snprintf(dst, size, "%d.%02d", MAGIC_VERSION / 100, MAGIC_VERSION % 100);
}

/* libyaml's own call; resolved by name, so that listing it needs no
 * libyaml headers. */
static void yaml_runtime(char *dst, size_t size)
{
	snprintf(dst, size, "%s",
		 lazylib_bind(&libyaml, yaml_names, 1, &yaml_fn) < 0 ?
			 "-" : yaml_fn.version());
}

static void zlib_runtime(char *dst, size_t size)
{
	snprintf(dst, size, "%s",
		 lazylib_bind(&libz, zlib_names, 1, &zlib_fn) < 0 ?
			 "-" : zlib_fn.version());
}

static void seccomp_runtime(char *dst, size_t size)
{
	const struct scmp_version *v = NULL;

	if (lazylib_bind(&libseccomp, seccomp_names, 1, &seccomp_fn) == 0)
		v = seccomp_fn.version();
	if (v)
		snprintf(dst, size, "%u.%u.%u", v->major, v->minor, v->micro);
	else
		snprintf(dst, size, "-");
}

#define STR2(x) #x
#define STR(x) STR2(x)

static const struct known known[] = {
	{ "libc", "libc.so.6", HOW_LINKED, libc_runtime,
	  STR(__GLIBC__) "." STR(__GLIBC_MINOR__), NULL },
	{ "sqlite3", SQLITE_SONAME, SQLITE_HOW, sqlite_runtime,
	  SQLITE_VERSION, NULL },
	{ "jansson", "libjansson.so.4", HOW_LINKED, jansson_runtime,
	  JANSSON_VERSION, NULL },
	{ "libmnl", "libmnl.so.0", HOW_LINKED, NULL, NULL, NULL },
	{ "zlib", "libz.so.1", HOW_LAZY, zlib_runtime, ZLIB_VERSION, NULL },
	{ "libseccomp", "libseccomp.so.2", HOW_LAZY, seccomp_runtime,
	  STR(SCMP_VER_MAJOR) "." STR(SCMP_VER_MINOR) "." STR(SCMP_VER_MICRO),
	  NULL },
	{ "libcrypto", "libcrypto.so.3", HOW_LAZY, crypto_runtime,
	  OPENSSL_VERSION_STR, NULL },
	{ "libedit", "libedit.so.2", HOW_LAZY, NULL, NULL, NULL },
	{ "libmagic", "libmagic.so.1", HOW_LAZY, magic_runtime, NULL,
	  magic_headers },
	{ "libyara", "libyara.so.9", HOW_LAZY, NULL, YR_VERSION, NULL },
	{ "libyaml", "libyaml-0.so.2", HOW_LAZY, yaml_runtime, NULL, NULL },
	{ "libnftnl", "libnftnl.so.11", HOW_LAZY, NULL, NULL, NULL },
};

#define NKNOWN (sizeof(known) / sizeof(known[0]))
/* Loaded objects listed at most; a process holds a few dozen. */
#define MAX_OBJECTS 128

/* The shared objects in the process: file names, in load order. */
struct objects {
	char *path[MAX_OBJECTS];
	size_t n;
};

static int add_object(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct objects *o = arg;
	size_t i;

	(void)size;
	/* The program itself has an empty name, the vDSO no file. */
	if (!info->dlpi_name || info->dlpi_name[0] != '/')
		return 0;
	for (i = 0; i < o->n; i++)
		if (strcmp(o->path[i], info->dlpi_name) == 0)
			return 0;
	if (o->n == MAX_OBJECTS)
		return 1;
	o->path[o->n] = strdup(info->dlpi_name);
	if (o->path[o->n])
		o->n++;
	return 0;
}

static void objects_free(struct objects *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		free(o->path[i]);
	o->n = 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The loaded file whose name is soname, or NULL. */
static const char *find_object(const struct objects *o, const char *soname)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (strcmp(base_name(o->path[i]), soname) == 0)
			return o->path[i];
	return NULL;
}

/* Is the file path listed among the known libraries?  A "linked" one
 * only is when it was loaded at start-up: one that only a lazy library
 * pulled in is a dependency. */
static bool listed_as_known(const char *path, const struct objects *before)
{
	const char *so = base_name(path);
	size_t i;

	for (i = 0; i < NKNOWN; i++)
		if (strcmp(known[i].soname, so) == 0)
			return known[i].how == HOW_LAZY ||
			       find_object(before, so) != NULL;
	return false;
}

/* One output line. */
struct row {
	char name[64];
	char version[VERSION_MAX];
	char headers[VERSION_MAX];
	const char *how;
	char soname[64];
	char file[512];
};

static void print_rows(const struct row *r, size_t n)
{
	int w[5] = { 7, 7, 7, 6, 6 };
	size_t i;

	for (i = 0; i < n; i++) {
		const int l[5] = {
			(int)strlen(r[i].name), (int)strlen(r[i].version),
			(int)strlen(r[i].headers), (int)strlen(r[i].how),
			(int)strlen(r[i].soname),
		};
		int k;

		for (k = 0; k < 5; k++)
			if (l[k] > w[k])
				w[k] = l[k];
	}
	printf("%-*s  %-*s  %-*s  %-*s  %-*s  %s\n", w[0], "library", w[1],
	       "version", w[2], "headers", w[3], "loaded", w[4], "soname",
	       "file");
	for (i = 0; i < n; i++)
		printf("%-*s  %-*s  %-*s  %-*s  %-*s  %s\n", w[0], r[i].name,
		       w[1], r[i].version, w[2], r[i].headers, w[3], r[i].how,
		       w[4], r[i].soname, r[i].file);
}

static struct lazylib *lazy_handle(const char *soname)
{
	static struct lazylib *const handles[] = {
		&libmagic, &libedit, &libyara, &libyaml,
		&libnftnl, &libz,    &libseccomp,
	};
	size_t i;

	for (i = 0; i < sizeof(handles) / sizeof(handles[0]); i++)
		if (strcmp(soname, handles[i]->soname) == 0)
			return handles[i];
	return NULL;
}

/*
 * Loads each lazy library (libcrypto through digest.h, the others here)
 * and writes why one could not be loaded into why[i] ("" when it was).
 */
static void load_lazy(char why[NKNOWN][256])
{
	size_t i;

	for (i = 0; i < NKNOWN; i++) {
		struct lazylib *l;

		why[i][0] = '\0';
		if (known[i].how != HOW_LAZY)
			continue;
		if (strcmp(known[i].soname, "libcrypto.so.3") == 0) {
			if (!digest_backend_version())
				snprintf(why[i], 256, "cannot load %s",
					 known[i].soname);
			continue;
		}
		l = lazy_handle(known[i].soname);
		if (l && lazylib_resolve(l, NULL, NULL, 0) < 0)
			snprintf(why[i], 256, "%s", l->err);
	}
}

static int verbose(void)
{
	struct objects before = { { NULL }, 0 }, after = { { NULL }, 0 };
	static char why[NKNOWN][256];
	struct row *rows;
	size_t n = 0, i;
	int rc = EXIT_FAIL;

	rows = calloc(NKNOWN + MAX_OBJECTS, sizeof(*rows));
	if (!rows) {
		fprintf(stderr, "vigil: version: out of memory\n");
		return EXIT_FAIL;
	}
	/* What the dynamic linker loaded at start-up, then the rest. */
	dl_iterate_phdr(add_object, &before);
	load_lazy(why);
	dl_iterate_phdr(add_object, &after);

	for (i = 0; i < NKNOWN; i++) {
		const struct known *k = &known[i];
		const char *file = find_object(&after, k->soname);
		struct row *r = &rows[n];

#ifdef VIGIL_SQLITE_ARCHIVE
		if (k->how == HOW_STATIC)
			file = VIGIL_SQLITE_ARCHIVE;
#endif
		if (k->how == HOW_LINKED && !find_object(&before, k->soname))
			continue; /* not linked into this build */
		snprintf(r->name, sizeof(r->name), "%s", k->name);
		snprintf(r->soname, sizeof(r->soname), "%s", k->soname);
		if (k->headers_fn)
			k->headers_fn(r->headers, sizeof(r->headers));
		else
			snprintf(r->headers, sizeof(r->headers), "%s",
				 k->headers ? k->headers : "-");
		r->how = how_names[k->how];
		if (file && k->version)
			k->version(r->version, sizeof(r->version));
		else
			snprintf(r->version, sizeof(r->version), "-");
		if (file)
			snprintf(r->file, sizeof(r->file), "%s", file);
		else
			snprintf(r->file, sizeof(r->file), "(%.255s)",
				 why[i][0] ? why[i] : "not loaded");
		n++;
	}
	for (i = 0; i < after.n; i++) {
		const char *so = base_name(after.path[i]);
		struct row *r = &rows[n];

		if (listed_as_known(after.path[i], &before))
			continue;
		snprintf(r->name, sizeof(r->name), "%s", so);
		snprintf(r->version, sizeof(r->version), "-");
		snprintf(r->headers, sizeof(r->headers), "-");
		r->how = how_names[HOW_DEPENDENCY];
		snprintf(r->soname, sizeof(r->soname), "%s", so);
		snprintf(r->file, sizeof(r->file), "%s", after.path[i]);
		n++;
	}
	printf("vigil %s\n", VIGIL_VERSION);
	print_rows(rows, n);
	rc = EXIT_OK;
	objects_free(&before);
	objects_free(&after);
	free(rows);
	return rc;
}

int cmd_version(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool verb = false;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
			verb = true;
			break;
		case 'h':
			puts("usage: vigil version [--verbose]");
			return EXIT_OK;
		default:
			return cli_usage("version: unknown option '%s'",
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("version: unexpected argument '%s'",
				 argv[optind]);
	if (verb)
		return verbose();
	printf("vigil %s\n", VIGIL_VERSION);
	printf("sqlite %s, jansson %s\n", sqlite3_libversion(),
	       jansson_version_str());
	return EXIT_OK;
}
