/* SPDX-License-Identifier: Apache-2.0 */
/*
 * systemd.c: what starts on the host: systemd_units and startup_items.
 *
 * osquery asks a running systemd over D-Bus.  vigil has no D-Bus client
 * and must also read offline images, so it does what systemctl
 * list-unit-files does: it reads the unit files themselves, from the
 * system search path in systemd's order (a name found in an earlier
 * directory hides it in the later ones; a directory reached twice, as
 * /lib and /usr/lib are on a merged-/usr host, counts once):
 *   /etc/systemd/system.control, /run/systemd/system.control,
 *   /run/systemd/transient, /run/systemd/generator.early,
 *   /etc/systemd/system, /etc/systemd/system.attached,
 *   /run/systemd/system, /run/systemd/system.attached,
 *   /run/systemd/generator, /usr/local/lib/systemd/system,
 *   /lib/systemd/system, /usr/lib/systemd/system,
 *   /run/systemd/generator.late
 *
 * systemd_units, one row per unit, in id order.  The units are the unit
 * files of those directories (templates such as getty@.service are not
 * units and are left out) and every name linked from a *.wants,
 * *.requires or *.upholds directory (instances such as
 * getty@tty1.service, and dangling links, which are "not-found").  A
 * symlink whose target has another name is an alias: it adds no row and
 * counts for its target (unless that target lies outside the search path:
 * then the alias is the only name, and its row says "alias").
 *   id               the unit's name
 *   description      Description= of [Unit], specifiers (%i %I %n %N %p
 *                    %P %j %J %%) expanded; systemd reports the id when
 *                    there is none, and so does vigil
 *   load_state       "loaded"; "masked" (the file is a symlink to
 *                    /dev/null or empty); "not-found"; "error" (the
 *                    fragment or a drop-in cannot be read, is over 4 MiB,
 *                    or does not parse: a section header without its ']',
 *                    a line over 1 MiB)
 *   active_state     only when systemd runs the root being read
 *                    (/run/systemd/system and /run/systemd/units exist):
 *                    "active" when /run/systemd/units/invocation:<id>
 *                    exists, which systemd keeps exactly while the unit is
 *                    not inactive or failed (it also covers activating,
 *                    reloading and deactivating); NULL otherwise, and NULL
 *                    always without a running systemd, as on an offline
 *                    image
 *   sub_state        NULL: only systemd's memory knows it
 *   unit_file_state  as systemctl computes it from the files: "masked"
 *                    or "masked-runtime"; "alias" (a symlink of another
 *                    name to a file outside the search path);
 *                    "generated"; "transient"; "enabled" (linked from a
 *                    .wants, .requires or .upholds directory of
 *                    /etc/systemd/system, or one of its own Alias= names
 *                    linked there); "enabled-runtime" (the same in
 *                    /run/systemd/system); "linked" (a symlink in /etc to
 *                    a file outside the search path); "indirect" (known
 *                    under another name in /etc, as graphical.target
 *                    through default.target); else from [Install]:
 *                    "disabled" when it has WantedBy=, RequiredBy=,
 *                    UpheldBy= or Alias=, "indirect" when it has only
 *                    Also=, "static" when it has none; "bad" when a file
 *                    does not parse; NULL for a unit that is not found
 *   following, object_path, job_id, job_type, job_path
 *                    NULL: properties of a running manager's D-Bus objects
 *   fragment_path    the unit file (its final target when reached through
 *                    a symlink; "/dev/null" for a masking symlink; the
 *                    template's file for an instance)
 *   user             User= of the [Service], [Socket], [Mount] or [Swap]
 *                    section, specifiers expanded
 *   source_path      SourcePath= of [Unit] (set by generators: /etc/fstab,
 *                    /etc/init.d/NAME)
 * The unit's settings are its fragment followed by its drop-ins: the
 * .conf files of NAME.d/, TEMPLATE.d/ (for an instance), the dash prefixes
 * (a-b-.service.d/, a-.service.d/) and the type (service.d/) in every
 * directory of the search path, a file name in an earlier directory
 * hiding the same name in later ones, a drop-in linked to /dev/null or
 * empty masking it, applied in file-name order; see unitfile.h.
 *
 * startup_items, osquery's rows in osquery's order:
 *   each user's ~/.config/autostart/ (.desktop files) and
 *   ~/.config/autostart-scripts/ (every file), the users and homes taken
 *   from /etc/passwd, username their owner;
 *   /etc/init.d/ (every file): status "enabled" when an S link to it
 *   exists in /etc/rcS.d or /etc/rc1.d ... /etc/rc5.d, else "disabled"
 *   (osquery says "enabled" for every script);
 *   /etc/xdg/autostart/ (.desktop files): name from Name=, path and args
 *   the first word of Exec= and the rest (osquery puts all of Exec= in
 *   path), status "disabled" when Hidden=true or
 *   X-GNOME-Autostart-enabled=false, else "enabled";
 *   systemd units linked from a .wants, .requires or .upholds directory of
 *   the search path (osquery lists every unit systemd has loaded): type
 *   "systemd unit", path the fragment, source the directory holding the
 *   link (osquery's SourcePath is empty for almost every unit), status
 *   the active state when known, else the unit file state, username User=.
 * The file rows have type "Startup Item" and source the directory, with
 * osquery's trailing slash.
 *
 * Required constraints: none.  Privileges: none to read the system
 * directories; other users' home directories are read only as far as
 * their permissions allow, never through a symlink.
 *
 * Example:
 *   SELECT id, load_state, unit_file_state, user, fragment_path
 *     FROM systemd_units WHERE id LIKE '%.service' AND user IS NULL
 *       AND unit_file_state = 'enabled';
 *
 * How it works: each directory of the search path is listed once; unit
 * names are resolved against the path (symlinks followed by hand, inside
 * the root, so a masking link to /dev/null is recognised without opening
 * the host's /dev/null); fragments and drop-ins go through
 * unitfile_parse(), .desktop files through sysparse_desktop(), passwd
 * lines through passwd_parse().
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sql/table.h"
#include "tables/passwd.h"
#include "tables/sysparse.h"
#include "tables/systemd.h"
#include "tables/unitfile.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Cap on one unit file or drop-in, one .desktop file, /etc/passwd. */
#define UNIT_FILE_MAX (4u << 20)
#define DESKTOP_FILE_MAX (1u << 20)
#define PASSWD_MAX (16u << 20)
/* Entries kept from one directory; units kept in all. */
#define DIR_ENTRIES_MAX 65536
#define UNITS_MAX 100000
/* Symlink hops followed when resolving a unit file. */
#define LINK_HOPS_MAX 16

/* ---------------------------------------------------------------- */
/* Small helpers */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists host directory path (no "." entries) in byte order.  A missing
 * directory gives an empty list.  0, or -1 when memory runs out. */
static int list_dir(const char *path, unsigned flags, struct hostfs_names *l)
{
	if (hostfs_list(path, flags, DIR_ENTRIES_MAX, hostfs_no_dot_file, NULL,
			l) < 0)
		return errno == ENOMEM ? -1 : 0;
	return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/*
 * Normalises an absolute path lexically in place: "//", "/./" and
 * "/x/../" collapse ("/.." stays "/").
 */
static void normalize(char *p)
{
	char *out = p, *in = p;

	while (*in) {
		if (in[0] == '/' && in[1] == '/') {
			in++;
		} else if (in[0] == '/' && in[1] == '.' &&
			   (in[2] == '/' || in[2] == '\0')) {
			in += 2;
		} else if (in[0] == '/' && in[1] == '.' && in[2] == '.' &&
			   (in[3] == '/' || in[3] == '\0')) {
			in += 3;
			while (out > p && *--out != '/')
				;
		} else {
			*out++ = *in++;
		}
	}
	if (out == p)
		*out++ = '/';
	*out = '\0';
}

/*
 * The target of symlink path as an absolute, normalised host path, into
 * dst.  0, or -1 when it cannot be read or does not fit.
 */
static int link_target(const char *path, char *dst, size_t size)
{
	char t[PATH_MAX];
	long n = hostfs_readlink(path, t, sizeof(t));
	int w;

	if (n <= 0 || (size_t)n >= sizeof(t) - 1)
		return -1;
	if (t[0] == '/') {
		w = snprintf(dst, size, "%s", t);
	} else {
		const char *slash = strrchr(path, '/');
		int dl = slash ? (int)(slash - path) : 0;

		w = snprintf(dst, size, "%.*s/%s", dl, path, t);
	}
	if (w < 0 || (size_t)w >= size)
		return -1;
	normalize(dst);
	return 0;
}

/* ---------------------------------------------------------------- */
/* The search path */

static const char *const search_dirs[] = {
	"/etc/systemd/system.control",
	"/run/systemd/system.control",
	"/run/systemd/transient",
	"/run/systemd/generator.early",
	"/etc/systemd/system",
	"/etc/systemd/system.attached",
	"/run/systemd/system",
	"/run/systemd/system.attached",
	"/run/systemd/generator",
	"/usr/local/lib/systemd/system",
	"/lib/systemd/system",
	"/usr/lib/systemd/system",
	"/run/systemd/generator.late",
};

#define NSEARCH (sizeof(search_dirs) / sizeof(search_dirs[0]))
_Static_assert(NSEARCH == SYSTEMD_SEARCH_DIRS,
	       "systemd.h and the search path disagree");

#define CONFIG_DIR "/etc/systemd/system"
#define RUNTIME_DIR "/run/systemd/system"

void systemd_spath_free(struct spath *sp)
{
	size_t i;

	for (i = 0; i < sp->n; i++)
		hostfs_names_release(&sp->ents[i]);
	sp->n = 0;
}

/* 0, or -1 when memory runs out. */
int systemd_spath_init(struct spath *sp)
{
	/* Of the directories kept, to skip one reached twice by symlink. */
	dev_t devs[NSEARCH] = { 0 };
	ino_t inos[NSEARCH] = { 0 };
	size_t i, j;

	sp->n = 0;
	for (i = 0; i < NSEARCH; i++) {
		struct stat st;
		bool dup = false;

		if (hostfs_stat(search_dirs[i], &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		for (j = 0; j < sp->n; j++)
			dup |= devs[j] == st.st_dev && inos[j] == st.st_ino;
		if (dup)
			continue;
		if (list_dir(search_dirs[i], 0, &sp->ents[sp->n]) < 0) {
			systemd_spath_free(sp);
			return -1;
		}
		devs[sp->n] = st.st_dev;
		inos[sp->n] = st.st_ino;
		sp->dirs[sp->n++] = search_dirs[i];
	}
	return 0;
}

/* True when search directory i holds an entry called name. */
static bool spath_has(const struct spath *sp, size_t i, const char *name)
{
	return bsearch(&name, sp->ents[i].v, sp->ents[i].n,
		       sizeof(*sp->ents[i].v), cmp_str) != NULL;
}

/* True when host path p lies directly in one of the search directories. */
static bool in_search_path(const struct spath *sp, const char *p)
{
	size_t i, dl = (size_t)(base_name(p) - p);

	for (i = 0; i < sp->n; i++)
		if (dl == strlen(sp->dirs[i]) + 1 &&
		    strncmp(p, sp->dirs[i], dl - 1) == 0)
			return true;
	return false;
}

/* ---------------------------------------------------------------- */
/* Resolving a unit name to its file */

/*
 * Looks name up in one directory.  Returns 1 when the directory decides
 * it (found, masked or alias), 0 to go on with the next directory.
 */
static int resolve_in(const char *dir, const char *name, struct resolved *r)
{
	char path[PATH_MAX], next[PATH_MAX];
	struct stat st;
	int hops;

	if (hostfs_join(path, sizeof(path), dir, name) < 0 ||
	    hostfs_lstat(path, &st) < 0)
		return 0;
	r->dir = dir;
	r->via_link = false;
	for (hops = 0; S_ISLNK(st.st_mode); hops++) {
		if (hops >= LINK_HOPS_MAX || link_target(path, next,
							 sizeof(next)) < 0)
			return 0;
		if (strcmp(next, "/dev/null") == 0) {
			r->state = RES_MASKED;
			snprintf(r->path, sizeof(r->path), "/dev/null");
			return 1;
		}
		memcpy(path, next, sizeof(path));
		/* A dangling link is ignored, as systemd ignores it. */
		if (hostfs_lstat(path, &st) < 0)
			return 0;
		r->via_link = true;
	}
	if (!S_ISREG(st.st_mode))
		return 0;
	memcpy(r->path, path, sizeof(r->path));
	if (st.st_size == 0) {
		r->state = RES_MASKED;
		return 1;
	}
	if (strcmp(base_name(path), name) != 0) {
		const char *t = unitfile_name_type(base_name(path));
		const char *nt = unitfile_name_type(name);

		/* An alias must keep the unit's type. */
		if (t && nt && strcmp(t, nt) == 0 &&
		    strlen(base_name(path)) < sizeof(r->id)) {
			r->state = RES_ALIAS;
			snprintf(r->id, sizeof(r->id), "%s", base_name(path));
			return 1;
		}
	}
	r->state = RES_FOUND;
	return 1;
}

/* Resolves name along the search path (an instance falls back on its
 * template). */
static void resolve(const struct spath *sp, const char *name,
		    struct resolved *r)
{
	char tmpl[256];
	size_t i;

	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", name);
	for (i = 0; i < sp->n; i++)
		if (spath_has(sp, i, name) && resolve_in(sp->dirs[i], name, r))
			return;
	if (unitfile_name_template(name, tmpl, sizeof(tmpl)) < 0)
		return;
	for (i = 0; i < sp->n; i++) {
		if (!spath_has(sp, i, tmpl) || !resolve_in(sp->dirs[i], tmpl, r))
			continue;
		if (r->state == RES_ALIAS) {
			/* autovt@tty1 through autovt@ -> getty@: getty@tty1. */
			const char *at = strchr(name, '@');
			const char *tat = strchr(r->id, '@');
			char id[256];

			if (at && tat) {
				snprintf(id, sizeof(id), "%.*s%s",
					 (int)(tat - r->id), r->id, at);
				memcpy(r->id, id, sizeof(r->id));
			} else {
				r->state = RES_FOUND;
				snprintf(r->id, sizeof(r->id), "%s", name);
			}
		} else {
			snprintf(r->id, sizeof(r->id), "%s", name);
		}
		return;
	}
	r->state = RES_NOTFOUND;
}

/* ---------------------------------------------------------------- */
/* The unit list */

enum enable_state {
	EN_NONE,
	EN_RUNTIME, /* linked from /run/systemd/system */
	EN_CONFIG,  /* linked from /etc/systemd/system */
};

void systemd_unitlist_free(struct unitlist *ul)
{
	size_t i;

	for (i = 0; i < ul->n; i++) {
		free(ul->v[i].name);
		free(ul->v[i].wanted);
	}
	free(ul->v);
	for (i = 0; i < ul->naliased; i++)
		free(ul->aliased[i]);
	free(ul->aliased);
	memset(ul, 0, sizeof(*ul));
}

/* Records that an alias symlink in a config directory names target. */
static void unitlist_alias(struct unitlist *ul, const char *target)
{
	if (ul->naliased >= UNITS_MAX)
		return;
	if (ul->naliased == ul->aalias) {
		size_t na = ul->aalias ? ul->aalias * 2 : 16;
		char **p = reallocarray(ul->aliased, na, sizeof(*p));

		if (!p)
			return;
		ul->aliased = p;
		ul->aalias = na;
	}
	ul->aliased[ul->naliased] = strdup(target);
	if (ul->aliased[ul->naliased])
		ul->naliased++;
}

static bool unitlist_is_aliased(const struct unitlist *ul, const char *id)
{
	size_t i;

	for (i = 0; i < ul->naliased; i++)
		if (strcmp(ul->aliased[i], id) == 0)
			return true;
	return false;
}

/* Adds a name; wanted (copied) may be NULL.  0 or -1 (no memory). */
static int unitlist_add(struct unitlist *ul, const char *name,
			const char *wanted, int enabled)
{
	struct unit *u;

	if (ul->n >= UNITS_MAX)
		return 0;
	if (ul->n == ul->alloc) {
		size_t na = ul->alloc ? ul->alloc * 2 : 128;
		struct unit *p = reallocarray(ul->v, na, sizeof(*p));

		if (!p)
			return -1;
		ul->v = p;
		ul->alloc = na;
	}
	u = &ul->v[ul->n];
	u->name = strdup(name);
	u->wanted = wanted ? strdup(wanted) : NULL;
	u->enabled = enabled;
	if (!u->name || (wanted && !u->wanted)) {
		free(u->name);
		free(u->wanted);
		return -1;
	}
	ul->n++;
	return 0;
}

static int cmp_unit(const void *a, const void *b)
{
	return strcmp(((const struct unit *)a)->name,
		      ((const struct unit *)b)->name);
}

/*
 * Sorts by name and merges duplicates: the strongest enablement wins, and
 * the first wanted directory in search order (entries were added in that
 * order and qsort is not stable, so the order is kept by index).
 */
static void unitlist_merge(struct unitlist *ul)
{
	size_t i, o = 0;

	if (ul->n == 0)
		return;
	qsort(ul->v, ul->n, sizeof(*ul->v), cmp_unit);
	for (i = 1; i < ul->n; i++) {
		struct unit *a = &ul->v[o], *b = &ul->v[i];

		if (strcmp(a->name, b->name) != 0) {
			ul->v[++o] = *b;
			continue;
		}
		if (b->enabled > a->enabled)
			a->enabled = b->enabled;
		if (!a->wanted) {
			a->wanted = b->wanted;
			b->wanted = NULL;
		}
		free(b->name);
		free(b->wanted);
	}
	ul->n = o + 1;
}

static int enable_kind(const char *dir)
{
	if (strcmp(dir, CONFIG_DIR) == 0)
		return EN_CONFIG;
	if (strcmp(dir, RUNTIME_DIR) == 0)
		return EN_RUNTIME;
	return EN_NONE;
}

/* Collects the unit names of search directory d. */
static int collect_dir(struct unitlist *ul, const struct spath *sp, size_t d)
{
	const struct hostfs_names *ents = &sp->ents[d];
	const char *dir = sp->dirs[d];
	size_t i, j;
	int kind = enable_kind(dir), rc = 0;

	for (i = 0; i < ents->n && rc == 0; i++) {
		const char *e = ents->v[i];
		char path[PATH_MAX];

		if (hostfs_join(path, sizeof(path), dir, e) < 0)
			continue;
		if (ends_with(e, ".wants") || ends_with(e, ".requires") ||
		    ends_with(e, ".upholds")) {
			struct hostfs_names links;

			if (list_dir(path, 0, &links) < 0) {
				rc = -1;
				break;
			}
			for (j = 0; j < links.n && rc == 0; j++)
				if (unitfile_name_type(links.v[j]) &&
				    !unitfile_name_is_template(links.v[j]))
					rc = unitlist_add(ul, links.v[j], path,
							  kind);
			hostfs_names_release(&links);
			continue;
		}
		if (!unitfile_name_type(e) || unitfile_name_is_template(e))
			continue;
		rc = unitlist_add(ul, e, NULL, EN_NONE);
		if (rc == 0 && kind != EN_NONE) {
			char t[PATH_MAX];
			struct stat st;

			if (hostfs_lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
			    link_target(path, t, sizeof(t)) == 0 &&
			    strcmp(base_name(t), e) != 0)
				unitlist_alias(ul, base_name(t));
		}
	}
	return rc;
}

/*
 * Builds the unit list: every name, then each replaced by its id (aliases
 * fold into their target), merged, in id order.  0 or -1.
 */
int systemd_unitlist_load(struct unitlist *ul, const struct spath *sp)
{
	size_t i;

	memset(ul, 0, sizeof(*ul));
	for (i = 0; i < sp->n; i++)
		if (collect_dir(ul, sp, i) < 0)
			return -1;
	unitlist_merge(ul);
	for (i = 0; i < ul->n; i++) {
		struct resolved r, t;

		resolve(sp, ul->v[i].name, &r);
		if (r.state != RES_ALIAS || strcmp(r.id, ul->v[i].name) == 0)
			continue;
		/* An alias of a file outside the search path keeps its own
		 * name: there is no other name to list it under. */
		resolve(sp, r.id, &t);
		if (t.state != RES_NOTFOUND) {
			char *id = strdup(r.id);

			if (!id)
				return -1;
			free(ul->v[i].name);
			ul->v[i].name = id;
		}
	}
	unitlist_merge(ul);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Loading one unit */

static const char *const load_state_names[] = {
	"loaded", "masked", "not-found", "error",
};

/* One drop-in candidate: the first file of its name wins. */
struct dropin {
	char *name;
	char *path;
};

static int cmp_dropin(const void *a, const void *b)
{
	return strcmp(((const struct dropin *)a)->name,
		      ((const struct dropin *)b)->name);
}

/* Reads and parses one file into lu->uf; 0 or -1. */
static int parse_file(struct loaded *lu, const char *path)
{
	struct buf b = BUF_INIT(UNIT_FILE_MAX);
	bool cut = false;
	int rc = -1;

	if (hostfs_read_file(path, UNIT_FILE_MAX, 0, &b, &cut) == 0 && !cut &&
	    unitfile_parse(&lu->uf, path, b.data ? b.data : "", b.len, NULL,
			   0) == 0)
		rc = 0;
	buf_release(&b);
	return rc;
}

/* The names whose NAME.d/ directories apply to id, most specific first:
 * the id, its template, its dash prefixes, its type. */
static size_t dropin_names(const char *id, char names[][256], size_t max)
{
	const char *type = unitfile_name_type(id), *dot = strrchr(id, '.');
	const char *at = strchr(id, '@');
	size_t n = 0, plen, i;

	if (!type || !dot || max == 0)
		return 0;
	snprintf(names[n++], 256, "%s", id);
	if (n < max && unitfile_name_template(id, names[n], 256) == 0)
		n++;
	/* "a-b-c.service" gives "a-b-.service" and "a-.service". */
	plen = (size_t)((at && at < dot ? at : dot) - id);
	for (i = plen - 1; i > 0 && n < max; i--)
		if (id[i] == '-' && i != plen - 1)
			snprintf(names[n++], 256, "%.*s%s", (int)(i + 1), id,
				 dot);
	if (n < max)
		snprintf(names[n++], 256, "%s", type);
	return n;
}

/*
 * What a drop-in file is: 0 a file to apply, 1 a mask (a symlink to
 * /dev/null or an empty file: it hides the same name in later
 * directories and applies nothing), -1 missing or not a regular file
 * (skipped).
 */
static int dropin_state(const char *path)
{
	char p[PATH_MAX], t[PATH_MAX];
	struct stat st;
	int hops;

	snprintf(p, sizeof(p), "%s", path);
	for (hops = 0; hops < LINK_HOPS_MAX; hops++) {
		if (hostfs_lstat(p, &st) < 0)
			return -1;
		if (!S_ISLNK(st.st_mode)) {
			if (!S_ISREG(st.st_mode))
				return -1;
			return st.st_size == 0 ? 1 : 0;
		}
		if (link_target(p, t, sizeof(t)) < 0)
			return -1;
		if (strcmp(t, "/dev/null") == 0)
			return 1;
		memcpy(p, t, sizeof(p));
	}
	return -1;
}

/* Applies the drop-ins of id; 0, or -1 when one cannot be parsed. */
static int load_dropins(struct loaded *lu, const struct spath *sp,
			const char *id)
{
	char names[8][256];
	struct dropin *v = NULL;
	size_t nn, n = 0, alloc = 0, i, j, k;
	int rc = 0;

	nn = dropin_names(id, names, 8);
	for (i = 0; i < nn; i++) {
		for (j = 0; j < sp->n; j++) {
			char dir[PATH_MAX], sub[300];
			struct hostfs_names ents;

			snprintf(sub, sizeof(sub), "%.255s.d", names[i]);
			if (!spath_has(sp, j, sub) ||
			    hostfs_join(dir, sizeof(dir), sp->dirs[j], sub) < 0 ||
			    list_dir(dir, 0, &ents) < 0)
				continue;
			for (k = 0; k < ents.n; k++) {
				char path[PATH_MAX];
				size_t m;
				bool seen = false;

				if (!ends_with(ents.v[k], ".conf") ||
				    hostfs_join(path, sizeof(path), dir,
						ents.v[k]) < 0)
					continue;
				for (m = 0; m < n && !seen; m++)
					seen = strcmp(v[m].name, ents.v[k]) == 0;
				if (seen)
					continue;
				if (n == alloc) {
					size_t na = alloc ? alloc * 2 : 8;
					struct dropin *p =
						reallocarray(v, na, sizeof(*p));

					if (!p)
						break;
					v = p;
					alloc = na;
				}
				v[n].name = strdup(ents.v[k]);
				v[n].path = strdup(path);
				if (!v[n].name || !v[n].path) {
					free(v[n].name);
					free(v[n].path);
					continue;
				}
				n++;
			}
			hostfs_names_release(&ents);
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_dropin);
	for (i = 0; i < n && rc == 0; i++) {
		int m = dropin_state(v[i].path);

		if (m == 0 && parse_file(lu, v[i].path) < 0)
			rc = -1;
	}
	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
	}
	free(v);
	return rc;
}

void systemd_load_unit(struct loaded *lu, const struct spath *sp,
		       const char *id)
{
	memset(lu, 0, sizeof(*lu));
	unitfile_init(&lu->uf);
	resolve(sp, id, &lu->res);
	switch (lu->res.state) {
	case RES_NOTFOUND:
		lu->state = LS_NOT_FOUND;
		return;
	case RES_MASKED:
		lu->state = LS_MASKED;
		return;
	case RES_ALIAS:
	case RES_FOUND:
		break;
	}
	if (parse_file(lu, lu->res.path) < 0 ||
	    load_dropins(lu, sp, id) < 0) {
		lu->state = LS_ERROR;
		return;
	}
	lu->state = LS_LOADED;
}

/* True when the list setting section.key has a non-empty value. */
static bool has_list(const struct unitfile *uf, const char *section,
		     const char *key)
{
	size_t i;

	for (i = unitfile_list_start(uf, section, key); i < uf->n; i++)
		if (unitfile_is(&uf->v[i], section, key) && uf->v[i].value[0])
			return true;
	return false;
}

/*
 * Raises enabled when one of the unit's own Alias= names exists as a
 * symlink in /etc/systemd/system or /run/systemd/system, as
 * `systemctl enable` makes them; other aliases (default.target) do not
 * enable the unit they point to.
 */
static int alias_enabled(const struct loaded *lu, int enabled)
{
	struct buf w = BUF_INIT(256);
	size_t i;

	for (i = unitfile_list_start(&lu->uf, "Install", "Alias");
	     i < lu->uf.n && enabled != EN_CONFIG; i++) {
		const char *p = lu->uf.v[i].value;

		if (!unitfile_is(&lu->uf.v[i], "Install", "Alias"))
			continue;
		while (unitfile_word(&p, &w, NULL, 0) == 1) {
			static const char *const dirs[] = { CONFIG_DIR,
							    RUNTIME_DIR };
			size_t d;

			if (!unitfile_name_type(w.data))
				continue;
			for (d = 0; d < 2; d++) {
				char path[PATH_MAX];
				struct stat st;

				if (hostfs_join(path, sizeof(path), dirs[d],
						w.data) == 0 &&
				    hostfs_lstat(path, &st) == 0 &&
				    S_ISLNK(st.st_mode) &&
				    enable_kind(dirs[d]) > enabled)
					enabled = enable_kind(dirs[d]);
			}
		}
	}
	buf_release(&w);
	return enabled;
}

static const char *unit_file_state(const struct spath *sp,
				   const struct unitlist *ul, const char *id,
				   const struct loaded *lu, int enabled)
{
	const char *dir = lu->res.dir ? lu->res.dir : "";

	switch (lu->state) {
	case LS_NOT_FOUND:
		return NULL;
	case LS_MASKED:
		return strncmp(dir, "/run/", 5) == 0 ? "masked-runtime"
						     : "masked";
	case LS_ERROR:
		return "bad";
	case LS_LOADED:
		break;
	}
	if (lu->res.state == RES_ALIAS)
		return "alias";
	if (strncmp(dir, "/run/systemd/generator", 22) == 0)
		return "generated";
	if (strcmp(dir, "/run/systemd/transient") == 0)
		return "transient";
	enabled = alias_enabled(lu, enabled);
	if (enabled == EN_CONFIG)
		return "enabled";
	if (enabled == EN_RUNTIME)
		return "enabled-runtime";
	if (lu->res.via_link && enable_kind(dir) != EN_NONE &&
	    !in_search_path(sp, lu->res.path))
		return enable_kind(dir) == EN_CONFIG ? "linked"
						     : "linked-runtime";
	if (unitlist_is_aliased(ul, id))
		return "indirect";
	if (has_list(&lu->uf, "Install", "WantedBy") ||
	    has_list(&lu->uf, "Install", "RequiredBy") ||
	    has_list(&lu->uf, "Install", "UpheldBy") ||
	    has_list(&lu->uf, "Install", "Alias"))
		return "disabled";
	if (has_list(&lu->uf, "Install", "Also"))
		return "indirect";
	return "static";
}

/* True when systemd manages the root being read. */
static bool systemd_running(void)
{
	struct stat st;

	return hostfs_stat("/run/systemd/system", &st) == 0 &&
	       S_ISDIR(st.st_mode) &&
	       hostfs_stat("/run/systemd/units", &st) == 0 &&
	       S_ISDIR(st.st_mode);
}

/* The active state of id, when knowable: "active" or NULL. */
static const char *active_state(bool running, const char *id)
{
	char path[PATH_MAX];
	struct stat st;

	if (!running)
		return NULL;
	snprintf(path, sizeof(path), "/run/systemd/units/invocation:%s", id);
	return hostfs_lstat(path, &st) == 0 ? "active" : NULL;
}

/* The section whose User= applies to a unit of this type, or NULL. */
static const char *exec_section(const char *id)
{
	const char *t = unitfile_name_type(id);

	if (!t)
		return NULL;
	if (strcmp(t, "service") == 0)
		return "Service";
	if (strcmp(t, "socket") == 0)
		return "Socket";
	if (strcmp(t, "mount") == 0)
		return "Mount";
	if (strcmp(t, "swap") == 0)
		return "Swap";
	return NULL;
}

/* Sets column col to value with id's specifiers expanded (or NULL). */
static void set_expanded(struct qctx *q, int col, const char *value,
			 const char *id, struct buf *tmp)
{
	if (!value)
		return;
	if (unitfile_expand(value, id, tmp) == 0)
		qctx_set_text(q, col, tmp->data);
	else
		qctx_set_text(q, col, value);
}

/* ---------------------------------------------------------------- */
/* systemd_units */

enum {
	SU_ID,
	SU_DESCRIPTION,
	SU_LOAD_STATE,
	SU_ACTIVE_STATE,
	SU_SUB_STATE,
	SU_UNIT_FILE_STATE,
	SU_FOLLOWING,
	SU_OBJECT_PATH,
	SU_JOB_ID,
	SU_JOB_TYPE,
	SU_JOB_PATH,
	SU_FRAGMENT_PATH,
	SU_USER,
	SU_SOURCE_PATH,
	SU_NCOLS
};

static const struct column systemd_units_cols[] = {
	{ "id", COL_TEXT, 0, "Unique unit identifier." },
	{ "description", COL_TEXT, 0, "Unit description." },
	{ "load_state", COL_TEXT, 0,
	  "Reflects whether the unit definition was properly loaded." },
	{ "active_state", COL_TEXT, 0,
	  "The high-level unit activation state, i.e. generalization of "
	  "SUB (NULL unless a running systemd shows it)." },
	{ "sub_state", COL_TEXT, 0,
	  "The low-level unit activation state, values depend on unit type "
	  "(NULL: only a running systemd knows it)." },
	{ "unit_file_state", COL_TEXT, 0,
	  "Whether the unit file is enabled, e.g. `enabled`, `masked`, "
	  "`disabled`, etc." },
	{ "following", COL_TEXT, 0,
	  "The name of another unit that this unit follows in state (NULL)." },
	{ "object_path", COL_TEXT, 0,
	  "The object path for this unit (NULL: no D-Bus)." },
	{ "job_id", COL_BIGINT, 0,
	  "Queued job id of a running systemd (NULL)." },
	{ "job_type", COL_TEXT, 0, "Job type (NULL)." },
	{ "job_path", COL_TEXT, 0, "The object path for the job (NULL)." },
	{ "fragment_path", COL_TEXT, 0,
	  "The unit file path this unit was read from, if there is any." },
	{ "user", COL_TEXT, 0, "The configured user, if any." },
	{ "source_path", COL_TEXT, 0,
	  "Path to the (possibly generated) unit configuration file, if any." },
};

_Static_assert(TABLE_NCOLS(systemd_units_cols) == SU_NCOLS,
	       "systemd_units column enum and array disagree");

static int systemd_units_generate(struct qctx *q)
{
	struct buf tmp = BUF_INIT(1u << 20);
	struct unitlist ul;
	struct spath sp;
	bool running = systemd_running();
	size_t i;
	int rc = 0;

	memset(&ul, 0, sizeof(ul));
	sp.n = 0;
	if (systemd_spath_init(&sp) < 0 ||
	    systemd_unitlist_load(&ul, &sp) < 0) {
		rc = qctx_error(q, "systemd_units: out of memory");
		goto out;
	}
	for (i = 0; i < ul.n && rc == 0; i++) {
		const struct unit *u = &ul.v[i];
		const char *sec;
		struct loaded lu;

		systemd_load_unit(&lu, &sp, u->name);
		if (qctx_row(q) < 0) {
			rc = -1;
		} else {
			qctx_set_text(q, SU_ID, u->name);
			if (lu.state == LS_LOADED)
				set_expanded(q, SU_DESCRIPTION,
					     unitfile_get(&lu.uf, "Unit",
							  "Description"),
					     u->name, &tmp);
			if (lu.state != LS_LOADED ||
			    !unitfile_get(&lu.uf, "Unit", "Description"))
				qctx_set_text(q, SU_DESCRIPTION, u->name);
			qctx_set_text(q, SU_LOAD_STATE,
				      load_state_names[lu.state]);
			qctx_set_text(q, SU_ACTIVE_STATE,
				      active_state(running, u->name));
			qctx_set_text(q, SU_UNIT_FILE_STATE,
				      unit_file_state(&sp, &ul, u->name, &lu,
						      u->enabled));
			if (lu.state != LS_NOT_FOUND)
				qctx_set_text(q, SU_FRAGMENT_PATH,
					      lu.res.path);
			sec = exec_section(u->name);
			if (sec && lu.state == LS_LOADED)
				set_expanded(q, SU_USER,
					     unitfile_get(&lu.uf, sec, "User"),
					     u->name, &tmp);
			if (lu.state == LS_LOADED)
				qctx_set_text(q, SU_SOURCE_PATH,
					      unitfile_get(&lu.uf, "Unit",
							   "SourcePath"));
		}
		unitfile_release(&lu.uf);
	}
out:
	systemd_unitlist_free(&ul);
	systemd_spath_free(&sp);
	buf_release(&tmp);
	return rc;
}

static const struct table systemd_units_table = {
	.name = "systemd_units",
	.desc = "Track systemd units.",
	.cols = systemd_units_cols,
	.ncols = SU_NCOLS,
	.generate = systemd_units_generate,
};

TABLE_REGISTER(systemd_units_table);

/* ---------------------------------------------------------------- */
/* startup_items */

enum {
	SI_NAME,
	SI_PATH,
	SI_ARGS,
	SI_TYPE,
	SI_SOURCE,
	SI_STATUS,
	SI_USERNAME,
	SI_NCOLS
};

static const struct column startup_items_cols[] = {
	{ "name", COL_TEXT, 0, "Name of startup item." },
	{ "path", COL_TEXT, 0, "Path of startup item." },
	{ "args", COL_TEXT, 0, "Arguments provided to startup executable." },
	{ "type", COL_TEXT, 0, "Startup Item or systemd unit." },
	{ "source", COL_TEXT, 0, "Directory containing startup item." },
	{ "status", COL_TEXT, 0, "Startup status; either enabled or disabled "
	  "(for systemd units, the active or unit file state)." },
	{ "username", COL_TEXT, 0, "The name of the user which is the owner "
	  "of the startup item." },
};

_Static_assert(TABLE_NCOLS(startup_items_cols) == SI_NCOLS,
	       "startup_items column enum and array disagree");

#define ITEM_TYPE "Startup Item"

/* Emits the .desktop files of dir (a host path ending in '/'). */
static int desktop_items(struct qctx *q, const char *dir, unsigned flags,
			 const char *user)
{
	struct buf b = BUF_INIT(DESKTOP_FILE_MAX), w = BUF_INIT(PATH_MAX);
	struct hostfs_names ents;
	size_t i;
	int rc = 0;

	if (list_dir(dir, flags, &ents) < 0)
		return qctx_error(q, "startup_items: out of memory");
	for (i = 0; i < ents.n && rc == 0; i++) {
		struct sysparse_desktop d;
		char path[PATH_MAX], *exec = NULL;
		const char *p;
		struct stat st;

		if (!ends_with(ents.v[i], ".desktop") ||
		    hostfs_join(path, sizeof(path), dir, ents.v[i]) < 0)
			continue;
		buf_reset(&b);
		if ((flags & HOSTFS_NOFOLLOW
			     ? hostfs_lstat(path, &st)
			     : hostfs_stat(path, &st)) < 0 ||
		    !S_ISREG(st.st_mode) ||
		    hostfs_read_file(path, DESKTOP_FILE_MAX, flags, &b, NULL) <
			    0 ||
		    sysparse_desktop(b.data ? b.data : "", b.len, &d, NULL, 0) <
			    0)
			continue;
		if (qctx_row(q) < 0) {
			rc = -1;
			break;
		}
		if (d.name)
			qctx_set_textn(q, SI_NAME, d.name, d.name_len);
		if (d.exec)
			exec = strndup(d.exec, d.exec_len);
		p = exec;
		if (p && unitfile_word(&p, &w, NULL, 0) == 1) {
			qctx_set_text(q, SI_PATH, w.data);
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p)
				qctx_set_text(q, SI_ARGS, p);
		} else if (exec) {
			qctx_set_text(q, SI_PATH, exec);
		}
		free(exec);
		qctx_set_text(q, SI_TYPE, ITEM_TYPE);
		qctx_set_text(q, SI_SOURCE, dir);
		qctx_set_text(q, SI_STATUS,
			      d.hidden || d.disabled ? "disabled" : "enabled");
		qctx_set_text(q, SI_USERNAME, user);
	}
	hostfs_names_release(&ents);
	buf_release(&b);
	buf_release(&w);
	return rc;
}

/* The services with an S link in /etc/rcS.d, /etc/rc1.d ... /etc/rc5.d. */
static int rc_enabled(struct hostfs_names *out)
{
	static const char *const dirs[] = {
		"/etc/rcS.d", "/etc/rc1.d", "/etc/rc2.d", "/etc/rc3.d",
		"/etc/rc4.d", "/etc/rc5.d",
	};
	size_t i, j, alloc = 0;

	out->v = NULL;
	out->n = 0;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		struct hostfs_names ents;

		if (list_dir(dirs[i], 0, &ents) < 0)
			return -1;
		for (j = 0; j < ents.n; j++) {
			const char *e = ents.v[j];

			/* "S01ssh": S, two digits, the script's name. */
			if (e[0] != 'S' || e[1] < '0' || e[1] > '9' ||
			    e[2] < '0' || e[2] > '9' || !e[3])
				continue;
			if (out->n == alloc) {
				size_t na = alloc ? alloc * 2 : 32;
				char **p = reallocarray(out->v, na, sizeof(*p));

				if (!p) {
					hostfs_names_release(&ents);
					return -1;
				}
				out->v = p;
				alloc = na;
			}
			out->v[out->n] = strdup(e + 3);
			if (out->v[out->n])
				out->n++;
		}
		hostfs_names_release(&ents);
	}
	return 0;
}

/* Emits every regular file of dir (a host path ending in '/') as a
 * script; status from rc links when rc is not NULL, else "enabled". */
static int script_items(struct qctx *q, const char *dir, unsigned flags,
			const char *user, const struct hostfs_names *rc_links)
{
	struct hostfs_names ents;
	size_t i, j;
	int rc = 0;

	if (list_dir(dir, flags, &ents) < 0)
		return qctx_error(q, "startup_items: out of memory");
	for (i = 0; i < ents.n && rc == 0; i++) {
		char path[PATH_MAX];
		const char *status = "enabled";
		struct stat st;

		if (hostfs_join(path, sizeof(path), dir, ents.v[i]) < 0 ||
		    (flags & HOSTFS_NOFOLLOW ? hostfs_lstat(path, &st)
					     : hostfs_stat(path, &st)) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (rc_links) {
			status = "disabled";
			for (j = 0; j < rc_links->n; j++)
				if (strcmp(rc_links->v[j], ents.v[i]) == 0)
					status = "enabled";
		}
		if (qctx_row(q) < 0) {
			rc = -1;
			break;
		}
		qctx_set_text(q, SI_NAME, ents.v[i]);
		qctx_set_text(q, SI_PATH, path);
		qctx_set_text(q, SI_TYPE, ITEM_TYPE);
		qctx_set_text(q, SI_SOURCE, dir);
		qctx_set_text(q, SI_STATUS, status);
		qctx_set_text(q, SI_USERNAME, user);
	}
	hostfs_names_release(&ents);
	return rc;
}

/* The per-user autostart directories of every home in /etc/passwd. */
static int user_items(struct qctx *q)
{
	struct buf b = BUF_INIT(PASSWD_MAX);
	struct hostfs_names homes = { NULL, 0 };
	size_t alloc = 0;
	char *line, *next;
	int rc = 0;

	if (hostfs_read_file("/etc/passwd", PASSWD_MAX, 0, &b, NULL) < 0 ||
	    !b.data)
		goto out;
	for (line = b.data; *line && rc == 0; line = next) {
		struct passwd_ent pw;
		char dir[PATH_MAX];
		size_t len, i;
		bool seen = false;

		next = strchr(line, '\n');
		len = next ? (size_t)(next - line) : strlen(line);
		next = next ? next + 1 : line + len;
		if (len > PASSWD_LINE_MAX ||
		    passwd_parse(line, len, &pw, NULL, 0) < 0)
			continue;
		/* Homes shared by system accounts ("/", /nonexistent) or
		 * relative are not anyone's autostart. */
		if (pw.dir[0] != '/' || pw.dir[1] == '\0')
			continue;
		for (i = 0; i < homes.n && !seen; i++)
			seen = strcmp(homes.v[i], pw.dir) == 0;
		if (seen)
			continue;
		if (homes.n == alloc) {
			size_t na = alloc ? alloc * 2 : 16;
			char **p = reallocarray(homes.v, na, sizeof(*p));

			if (!p)
				break;
			homes.v = p;
			alloc = na;
		}
		homes.v[homes.n] = strdup(pw.dir);
		if (!homes.v[homes.n])
			break;
		homes.n++;
		if (snprintf(dir, sizeof(dir), "%s/.config/autostart/",
			     pw.dir) < (int)sizeof(dir))
			rc = desktop_items(q, dir, HOSTFS_NOFOLLOW, pw.name);
		if (rc == 0 &&
		    snprintf(dir, sizeof(dir), "%s/.config/autostart-scripts/",
			     pw.dir) < (int)sizeof(dir))
			rc = script_items(q, dir, HOSTFS_NOFOLLOW, pw.name,
					  NULL);
	}
out:
	hostfs_names_release(&homes);
	buf_release(&b);
	return rc;
}

/* The systemd units linked from .wants, .requires and .upholds. */
static int systemd_items(struct qctx *q)
{
	struct buf tmp = BUF_INIT(1u << 20);
	struct unitlist ul;
	struct spath sp;
	bool running = systemd_running();
	size_t i;
	int rc = 0;

	memset(&ul, 0, sizeof(ul));
	sp.n = 0;
	if (systemd_spath_init(&sp) < 0 ||
	    systemd_unitlist_load(&ul, &sp) < 0) {
		rc = qctx_error(q, "startup_items: out of memory");
		goto out;
	}
	for (i = 0; i < ul.n && rc == 0; i++) {
		const struct unit *u = &ul.v[i];
		const char *sec, *st;
		struct loaded lu;

		if (!u->wanted)
			continue;
		systemd_load_unit(&lu, &sp, u->name);
		if (qctx_row(q) < 0) {
			rc = -1;
		} else {
			qctx_set_text(q, SI_NAME, u->name);
			if (lu.state != LS_NOT_FOUND)
				qctx_set_text(q, SI_PATH, lu.res.path);
			qctx_set_text(q, SI_TYPE, "systemd unit");
			qctx_set_text(q, SI_SOURCE, u->wanted);
			st = active_state(running, u->name);
			qctx_set_text(q, SI_STATUS,
				      st ? st
					 : unit_file_state(&sp, &ul, u->name,
							   &lu, u->enabled));
			sec = exec_section(u->name);
			if (sec && lu.state == LS_LOADED)
				set_expanded(q, SI_USERNAME,
					     unitfile_get(&lu.uf, sec, "User"),
					     u->name, &tmp);
		}
		unitfile_release(&lu.uf);
	}
out:
	systemd_unitlist_free(&ul);
	systemd_spath_free(&sp);
	buf_release(&tmp);
	return rc;
}

static int startup_items_generate(struct qctx *q)
{
	struct hostfs_names rc_links;
	int rc;

	rc = user_items(q);
	if (rc == 0) {
		if (rc_enabled(&rc_links) < 0)
			return qctx_error(q, "startup_items: out of memory");
		rc = script_items(q, "/etc/init.d/", 0, NULL, &rc_links);
		hostfs_names_release(&rc_links);
	}
	if (rc == 0)
		rc = desktop_items(q, "/etc/xdg/autostart/", 0, NULL);
	if (rc == 0)
		rc = systemd_items(q);
	return rc;
}

static const struct table startup_items_table = {
	.name = "startup_items",
	.desc = "Applications and binaries set as user/login startup items.",
	.cols = startup_items_cols,
	.ncols = SI_NCOLS,
	.generate = startup_items_generate,
};

TABLE_REGISTER(startup_items_table);
