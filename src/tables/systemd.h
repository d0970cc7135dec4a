/* SPDX-License-Identifier: Apache-2.0 */
/*
 * systemd.h: the offline unit loader of systemd.c, for tables that read
 * units the way systemd_units does (systemd_unit_hardening).
 *
 * The loader finds unit files along systemd's system search path, folds
 * aliases into the names they point to, and loads one unit as its
 * fragment followed by its drop-ins (see the file comment of systemd.c
 * for every rule it follows).  A caller:
 *
 *   struct spath sp;
 *   struct unitlist ul;
 *   if (systemd_spath_init(&sp) == 0 && systemd_unitlist_load(&ul, &sp) == 0)
 *           for each ul.v[i].name:
 *                   struct loaded lu;
 *                   systemd_load_unit(&lu, &sp, ul.v[i].name);
 *                   ... lu.state, lu.res.path, lu.uf (unitfile.h) ...
 *                   unitfile_release(&lu.uf);
 *   systemd_unitlist_free(&ul);
 *   systemd_spath_free(&sp);
 *
 * Everything is read through hostfs; nothing here prints.
 */
#ifndef VIGIL_SYSTEMD_H
#define VIGIL_SYSTEMD_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "tables/unitfile.h"
#include "util/hostfs.h"

/* How many directories the system search path has (systemd.c checks it). */
#define SYSTEMD_SEARCH_DIRS 13

/*
 * The search path: the directories that exist, deduplicated, each with
 * its listing (read once, so that looking a name up in a directory that
 * does not hold it costs a binary search, not a system call).
 */
struct spath {
	const char *dirs[SYSTEMD_SEARCH_DIRS];
	struct hostfs_names ents[SYSTEMD_SEARCH_DIRS];
	size_t n;
};

enum res_state {
	RES_NOTFOUND,
	RES_FOUND,
	RES_MASKED,
	RES_ALIAS, /* the name is an alias of id */
};

struct resolved {
	enum res_state state;
	char id[256];         /* the unit's own name */
	char path[PATH_MAX];  /* the fragment, or what masks it */
	const char *dir;      /* search directory the name was found in */
	bool via_link;        /* found through a symlink of the same name */
};

struct unit {
	char *name;   /* as found; then the unit id */
	char *wanted; /* first .wants/.requires/.upholds dir linking it */
	int enabled;  /* enum enable_state of systemd.c */
};

struct unitlist {
	struct unit *v;
	size_t n, alloc;
	/* Targets (base names) of alias symlinks in /etc or
	 * /run/systemd/system: a unit known under another name there is
	 * "indirect". */
	char **aliased;
	size_t naliased, aalias;
};

enum load_state {
	LS_LOADED,
	LS_MASKED,
	LS_NOT_FOUND,
	LS_ERROR,
};

struct loaded {
	enum load_state state;
	struct resolved res;
	struct unitfile uf;
};

/* Lists the search path.  0, or -1 when memory runs out (nothing to free). */
int systemd_spath_init(struct spath *sp);
void systemd_spath_free(struct spath *sp);

/*
 * Builds the unit list: every unit name of the search path and of its
 * .wants/.requires/.upholds directories, aliases folded into their
 * targets, in id order (templates are not units).  0 or -1 (no memory);
 * systemd_unitlist_free() frees it either way.
 */
int systemd_unitlist_load(struct unitlist *ul, const struct spath *sp);
void systemd_unitlist_free(struct unitlist *ul);

/*
 * Resolves id and, when a file is found, parses its fragment and drop-ins
 * into lu->uf.  lu->state says what happened; the caller frees lu->uf with
 * unitfile_release() in every state.
 */
void systemd_load_unit(struct loaded *lu, const struct spath *sp,
		       const char *id);

#endif
