/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fsfind.c: the whole-filesystem finding tables, all served by the one
 * walk of fswalk.c: world_writable, unowned_files, setid_files,
 * capability_files, and fswalk_info, which says what that walk covered.
 * These are vigil's tables (osquery has none of them; its suid_bin
 * searches a fixed list of directories only).
 *
 * world_writable (anything but a symbolic link with the write bit for
 * others; directories included):
 *   path, type     the host path; "regular", "directory", "fifo",
 *                  "socket", "character", "block" as the file table says
 *   mode           the permission bits in octal ("1777"), as in file
 *   uid, gid       the owner and group ids
 *   sticky         1 when the sticky bit is set (in a directory, only an
 *                  entry's owner may delete or rename it), else 0
 * unowned_files (whose uid is in no /etc/passwd line or whose gid is in
 * no /etc/group line of the root; any type, symbolic links included, as
 * find -nouser -o -nogroup; when a file holds no entry at all nothing is
 * reported, there being nothing to compare with; accounts that only NSS
 * knows (LDAP, sssd) count as unowned, vigil reading the files):
 *   path, type, uid, gid, no_user (1/0), no_group (1/0)
 * setid_files (regular files with the setuid or setgid bit, over the whole
 * scope):
 *   path, uid, gid, mode, setuid (1/0), setgid (1/0), username and
 *   groupname (from /etc/passwd and /etc/group, NULL when no line names
 *   the id)
 * capability_files (regular files with an execute bit carrying a
 * security.capability attribute; the columns as in file_capabilities,
 * decoded by secparse_vfs_cap(); an attribute the kernel would refuse
 * gives a row whose other columns are NULL):
 *   path, permitted, permitted_names, inheritable, inheritable_names,
 *   effective, rootid, revision
 * fswalk_info (one row):
 *   scope          the start directories walked, comma-separated
 *   deep           0 for the default scope (the system directories),
 *                  1 for every local filesystem from /
 *   root           the root walked (--root, "/" for the host)
 *   entries        directory entries looked at
 *   directories    directories read
 *   skipped_mounts mount points (and start directories) not entered: a
 *                  pseudo, network or other filesystem, or one seen twice
 *   incomplete     1 when the walk stopped short: FSWALK_MAX_ENTRIES
 *                  (5,000,000) entries, FSWALK_MAX_KEPT kept, a directory
 *                  deeper than FSWALK_MAX_DEPTH or a path over PATH_MAX
 *   elapsed_ms     how long the walk took, in milliseconds
 *
 * Every table also has a hidden column deep (additional): `deep = 1` in
 * a query walks every local filesystem from / for that query, `deep = 0`
 * the system directories; without it the process's scope applies (the
 * default, or deep under `vigil audit --deep`).
 *
 * Required constraints: none.
 *
 * Privileges: search and read permission on the directories walked; as
 * another user than root, unreadable directories are silently left out.
 *
 * Example:
 *   SELECT path, mode FROM world_writable
 *     WHERE type = 'directory' AND sticky = 0;
 *   SELECT i.incomplete, count(s.path) FROM fswalk_info i, setid_files s;
 *
 * How it works: the first scan of any of these tables in a process runs
 * the walk (fswalk_get()); every later scan, of any of them, reads the
 * cached result, so a query joining them all, or an audit running many
 * checks on them, walks the filesystem once.  Rows come out sorted by
 * path.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sql/table.h"
#include "tables/fswalk.h"
#include "tables/secparse.h"

/* The type name of a mode, as the file table writes it. */
static const char *type_name(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "regular";
	case S_IFDIR:
		return "directory";
	case S_IFLNK:
		return "symlink";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	case S_IFCHR:
		return "character";
	case S_IFBLK:
		return "block";
	default:
		return "unknown";
	}
}

static void set_mode(struct qctx *q, int col, uint32_t mode)
{
	char s[8];

	snprintf(s, sizeof(s), "%04o", (unsigned)(mode & 07777));
	qctx_set_text(q, col, s);
}

/*
 * The walk for this scan: the scope a `deep = N` constraint names, else
 * the process's.  Sets *r NULL when the constraint names no scope (no
 * rows).  0, or -1 with the query error set.
 */
static int get_walk(struct qctx *q, int deep_col, const char *table,
		    const struct fswalk_result **r)
{
	const char *const *v;
	bool deep = fswalk_get_deep();
	char err[128];

	*r = NULL;
	if (qctx_values(q, deep_col, QOP_EQ, &v) > 0) {
		/* IN (...) arrives as one scan a member. */
		if (!strcmp(v[0], "1"))
			deep = true;
		else if (!strcmp(v[0], "0"))
			deep = false;
		else
			return 0;
	}
	*r = fswalk_get(deep, err, sizeof(err));
	if (!*r)
		return qctx_error(q, "table %s: cannot walk the filesystem: %s",
				  table, err);
	return 0;
}

/* ---------------------------------------------------------------- */
/* world_writable */

enum {
	WW_PATH,
	WW_TYPE,
	WW_MODE,
	WW_UID,
	WW_GID,
	WW_STICKY,
	WW_DEEP,
	WW_NCOLS
};

static const struct column world_writable_cols[] = {
	{ "path", COL_TEXT, 0, "Path of the world-writable file or directory." },
	{ "type", COL_TEXT, 0,
	  "File type: regular, directory, fifo, socket, character, block." },
	{ "mode", COL_TEXT, 0, "Permission bits in octal, e.g. 1777." },
	{ "uid", COL_BIGINT, 0, "Owner's user id." },
	{ "gid", COL_BIGINT, 0, "Group id." },
	{ "sticky", COL_INTEGER, 0,
	  "1 when the sticky bit is set (only owners may delete entries of "
	  "a sticky directory), else 0." },
	{ "deep", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Scope walked: 1 every local filesystem from /, 0 the system "
	  "directories; as input, chooses it for the query." },
};
_Static_assert(TABLE_NCOLS(world_writable_cols) == WW_NCOLS,
	       "world_writable columns");

static int world_writable_generate(struct qctx *q)
{
	const struct fswalk_result *r;
	size_t i;

	if (get_walk(q, WW_DEEP, "world_writable", &r) < 0)
		return -1;
	for (i = 0; r && i < r->n; i++) {
		const struct fswalk_entry *e = r->v[i];

		if (!(e->flags & FSWALK_WORLD_WRITABLE))
			continue;
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_text(q, WW_PATH, e->path);
		qctx_set_text(q, WW_TYPE, type_name(e->mode));
		set_mode(q, WW_MODE, e->mode);
		qctx_set_int(q, WW_UID, e->uid);
		qctx_set_int(q, WW_GID, e->gid);
		qctx_set_int(q, WW_STICKY, (e->mode & S_ISVTX) != 0);
		qctx_set_int(q, WW_DEEP, r->deep);
	}
	return 0;
}

static const struct table world_writable_table = {
	.name = "world_writable",
	.desc = "World-writable files and directories (one filesystem walk "
		"a process, see fswalk_info).",
	.cols = world_writable_cols,
	.ncols = WW_NCOLS,
	.generate = world_writable_generate,
};
TABLE_REGISTER(world_writable_table);

/* ---------------------------------------------------------------- */
/* unowned_files */

enum {
	UO_PATH,
	UO_TYPE,
	UO_UID,
	UO_GID,
	UO_NO_USER,
	UO_NO_GROUP,
	UO_DEEP,
	UO_NCOLS
};

static const struct column unowned_files_cols[] = {
	{ "path", COL_TEXT, 0, "Path of the file." },
	{ "type", COL_TEXT, 0,
	  "File type: regular, directory, symlink, fifo, socket, character, "
	  "block." },
	{ "uid", COL_BIGINT, 0, "Owner's user id." },
	{ "gid", COL_BIGINT, 0, "Group id." },
	{ "no_user", COL_INTEGER, 0,
	  "1 when no /etc/passwd line has the owner's uid, else 0." },
	{ "no_group", COL_INTEGER, 0,
	  "1 when no /etc/group line has the group's gid, else 0." },
	{ "deep", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Scope walked: 1 every local filesystem from /, 0 the system "
	  "directories; as input, chooses it for the query." },
};
_Static_assert(TABLE_NCOLS(unowned_files_cols) == UO_NCOLS,
	       "unowned_files columns");

static int unowned_files_generate(struct qctx *q)
{
	const struct fswalk_result *r;
	size_t i;

	if (get_walk(q, UO_DEEP, "unowned_files", &r) < 0)
		return -1;
	for (i = 0; r && i < r->n; i++) {
		const struct fswalk_entry *e = r->v[i];

		if (!(e->flags & (FSWALK_NO_USER | FSWALK_NO_GROUP)))
			continue;
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_text(q, UO_PATH, e->path);
		qctx_set_text(q, UO_TYPE, type_name(e->mode));
		qctx_set_int(q, UO_UID, e->uid);
		qctx_set_int(q, UO_GID, e->gid);
		qctx_set_int(q, UO_NO_USER, (e->flags & FSWALK_NO_USER) != 0);
		qctx_set_int(q, UO_NO_GROUP, (e->flags & FSWALK_NO_GROUP) != 0);
		qctx_set_int(q, UO_DEEP, r->deep);
	}
	return 0;
}

static const struct table unowned_files_table = {
	.name = "unowned_files",
	.desc = "Files whose owner or group no account file names (one "
		"filesystem walk a process, see fswalk_info).",
	.cols = unowned_files_cols,
	.ncols = UO_NCOLS,
	.generate = unowned_files_generate,
};
TABLE_REGISTER(unowned_files_table);

/* ---------------------------------------------------------------- */
/* setid_files */

enum {
	SI_PATH,
	SI_UID,
	SI_GID,
	SI_MODE,
	SI_SETUID,
	SI_SETGID,
	SI_USERNAME,
	SI_GROUPNAME,
	SI_DEEP,
	SI_NCOLS
};

static const struct column setid_files_cols[] = {
	{ "path", COL_TEXT, 0, "Path of the setuid or setgid regular file." },
	{ "uid", COL_BIGINT, 0, "Owner's user id: the uid a setuid file runs "
				"as." },
	{ "gid", COL_BIGINT, 0, "Group id: the gid a setgid file runs as." },
	{ "mode", COL_TEXT, 0, "Permission bits in octal, e.g. 4755." },
	{ "setuid", COL_INTEGER, 0, "1 when the setuid bit is set, else 0." },
	{ "setgid", COL_INTEGER, 0, "1 when the setgid bit is set, else 0." },
	{ "username", COL_TEXT, 0,
	  "Owner's name from /etc/passwd, NULL when no line has the uid." },
	{ "groupname", COL_TEXT, 0,
	  "Group's name from /etc/group, NULL when no line has the gid." },
	{ "deep", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Scope walked: 1 every local filesystem from /, 0 the system "
	  "directories; as input, chooses it for the query." },
};
_Static_assert(TABLE_NCOLS(setid_files_cols) == SI_NCOLS,
	       "setid_files columns");

static int setid_files_generate(struct qctx *q)
{
	const struct fswalk_result *r;
	bool want_user = qctx_used(q, SI_USERNAME);
	bool want_group = qctx_used(q, SI_GROUPNAME);
	size_t i;

	if (get_walk(q, SI_DEEP, "setid_files", &r) < 0)
		return -1;
	for (i = 0; r && i < r->n; i++) {
		const struct fswalk_entry *e = r->v[i];

		if (!(e->flags & (FSWALK_SETUID | FSWALK_SETGID)))
			continue;
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_text(q, SI_PATH, e->path);
		qctx_set_int(q, SI_UID, e->uid);
		qctx_set_int(q, SI_GID, e->gid);
		set_mode(q, SI_MODE, e->mode);
		qctx_set_int(q, SI_SETUID, (e->flags & FSWALK_SETUID) != 0);
		qctx_set_int(q, SI_SETGID, (e->flags & FSWALK_SETGID) != 0);
		if (want_user)
			qctx_set_text(q, SI_USERNAME,
				      fswalk_user_name(r, e->uid));
		if (want_group)
			qctx_set_text(q, SI_GROUPNAME,
				      fswalk_group_name(r, e->gid));
		qctx_set_int(q, SI_DEEP, r->deep);
	}
	return 0;
}

static const struct table setid_files_table = {
	.name = "setid_files",
	.desc = "Setuid and setgid files anywhere in the walked scope (one "
		"filesystem walk a process, see fswalk_info).",
	.cols = setid_files_cols,
	.ncols = SI_NCOLS,
	.generate = setid_files_generate,
};
TABLE_REGISTER(setid_files_table);

/* ---------------------------------------------------------------- */
/* capability_files */

enum {
	CF_PATH,
	CF_PERMITTED,
	CF_PERMITTED_NAMES,
	CF_INHERITABLE,
	CF_INHERITABLE_NAMES,
	CF_EFFECTIVE,
	CF_ROOTID,
	CF_REVISION,
	CF_DEEP,
	CF_NCOLS
};

static const struct column capability_files_cols[] = {
	{ "path", COL_TEXT, 0,
	  "Path of the executable file carrying capabilities." },
	{ "permitted", COL_TEXT, 0, "Permitted capability set, in hex." },
	{ "permitted_names", COL_TEXT, 0,
	  "Permitted capabilities by name, comma-separated." },
	{ "inheritable", COL_TEXT, 0, "Inheritable capability set, in hex." },
	{ "inheritable_names", COL_TEXT, 0,
	  "Inheritable capabilities by name, comma-separated." },
	{ "effective", COL_INTEGER, 0,
	  "1 when the permitted capabilities are effective at once on exec "
	  "(+ep), else 0." },
	{ "rootid", COL_BIGINT, 0,
	  "Revision 3: the uid that is root in the user namespace the "
	  "capabilities apply to; NULL otherwise." },
	{ "revision", COL_INTEGER, 0, "Attribute revision: 1, 2 or 3." },
	{ "deep", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Scope walked: 1 every local filesystem from /, 0 the system "
	  "directories; as input, chooses it for the query." },
};
_Static_assert(TABLE_NCOLS(capability_files_cols) == CF_NCOLS,
	       "capability_files columns");

/* Sets a set's hex column and the names column that follows it. */
static void set_mask(struct qctx *q, int col, uint64_t mask)
{
	char hex[20], names[SECPARSE_CAP_NAMES_MAX];

	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)mask);
	qctx_set_text(q, col, hex);
	if (secparse_cap_names(mask, names, sizeof(names)) == 0)
		qctx_set_text(q, col + 1, names);
}

static int capability_files_generate(struct qctx *q)
{
	const struct fswalk_result *r;
	size_t i;

	if (get_walk(q, CF_DEEP, "capability_files", &r) < 0)
		return -1;
	for (i = 0; r && i < r->n; i++) {
		const struct fswalk_entry *e = r->v[i];
		struct secparse_fcap c;
		char err[64];
		bool ok;

		if (!(e->flags & FSWALK_CAPS))
			continue;
		ok = e->caplen <= FSWALK_CAP_MAX &&
		     secparse_vfs_cap(e->cap, e->caplen, &c, err,
				      sizeof(err)) == 0;
		if (qctx_row(q) < 0)
			return -1;
		qctx_set_text(q, CF_PATH, e->path);
		qctx_set_int(q, CF_DEEP, r->deep);
		if (!ok)
			continue;
		set_mask(q, CF_PERMITTED, c.permitted);
		set_mask(q, CF_INHERITABLE, c.inheritable);
		qctx_set_int(q, CF_EFFECTIVE, c.effective);
		if (c.rootid >= 0)
			qctx_set_int(q, CF_ROOTID, c.rootid);
		qctx_set_int(q, CF_REVISION, c.revision);
	}
	return 0;
}

static const struct table capability_files_table = {
	.name = "capability_files",
	.desc = "Executable files carrying capabilities, anywhere in the "
		"walked scope (one filesystem walk a process, see "
		"fswalk_info).",
	.cols = capability_files_cols,
	.ncols = CF_NCOLS,
	.generate = capability_files_generate,
};
TABLE_REGISTER(capability_files_table);

/* ---------------------------------------------------------------- */
/* fswalk_info */

enum {
	FI_SCOPE,
	FI_DEEP,
	FI_ROOT,
	FI_ENTRIES,
	FI_DIRECTORIES,
	FI_SKIPPED_MOUNTS,
	FI_INCOMPLETE,
	FI_ELAPSED_MS,
	FI_NCOLS
};

static const struct column fswalk_info_cols[] = {
	{ "scope", COL_TEXT, 0,
	  "Start directories walked, comma-separated." },
	{ "deep", COL_INTEGER, COL_ADDITIONAL,
	  "1 when every local filesystem from / was walked, 0 for the system "
	  "directories; as input, chooses the scope." },
	{ "root", COL_TEXT, 0, "Root directory walked (/ for the host)." },
	{ "entries", COL_BIGINT, 0, "Directory entries looked at." },
	{ "directories", COL_BIGINT, 0, "Directories read." },
	{ "skipped_mounts", COL_BIGINT, 0,
	  "Mount points not entered: pseudo, network or other filesystems, "
	  "or one met twice." },
	{ "incomplete", COL_INTEGER, 0,
	  "1 when the walk stopped short (entry cap, depth limit, path too "
	  "long), else 0." },
	{ "elapsed_ms", COL_BIGINT, 0, "Time the walk took, in ms." },
};
_Static_assert(TABLE_NCOLS(fswalk_info_cols) == FI_NCOLS,
	       "fswalk_info columns");

static int fswalk_info_generate(struct qctx *q)
{
	const struct fswalk_result *r;

	if (get_walk(q, FI_DEEP, "fswalk_info", &r) < 0)
		return -1;
	if (!r)
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, FI_SCOPE, r->scope);
	qctx_set_int(q, FI_DEEP, r->deep);
	qctx_set_text(q, FI_ROOT, r->root);
	qctx_set_int(q, FI_ENTRIES, (int64_t)r->entries);
	qctx_set_int(q, FI_DIRECTORIES, (int64_t)r->directories);
	qctx_set_int(q, FI_SKIPPED_MOUNTS, (int64_t)r->skipped_mounts);
	qctx_set_int(q, FI_INCOMPLETE, r->incomplete);
	qctx_set_int(q, FI_ELAPSED_MS, r->elapsed_ms);
	return 0;
}

static const struct table fswalk_info_table = {
	.name = "fswalk_info",
	.desc = "What the shared filesystem walk covered: scope, counts, "
		"whether it stopped short.",
	.cols = fswalk_info_cols,
	.ncols = FI_NCOLS,
	.generate = fswalk_info_generate,
};
TABLE_REGISTER(fswalk_info_table);
