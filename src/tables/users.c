/* SPDX-License-Identifier: Apache-2.0 */
/*
 * users.c: the users, groups and user_groups tables, read from the local
 * account files /etc/passwd and /etc/group.
 *
 * users (one row a valid line of /etc/passwd, in file order):
 *   uid, gid               the third and fourth fields, as unsigned numbers
 *   uid_signed, gid_signed the same read as signed 32-bit values, as
 *                          osquery reports them (4294967294 -> -2)
 *   username               the first field
 *   description            the fifth field (GECOS)
 *   directory, shell       the sixth and seventh fields
 *   uuid                   always NULL: Linux accounts carry no UUID
 *   pid_with_namespace,    always NULL: vigil reads the files under its
 *   include_remote         root only, never another mount namespace or
 *                          NSS sources such as LDAP
 * groups (one row a valid line of /etc/group):
 *   gid, gid_signed, groupname from the third and first fields;
 *   pid_with_namespace always NULL.
 * user_groups: a (uid, gid) row for every user's primary group and for
 *   every group whose member list names the user; each pair once.
 *
 * Required constraints: none.  Privileges: none (both files are world
 * readable).
 *
 * Example:
 *   SELECT u.username, g.groupname FROM users u
 *     JOIN user_groups ug USING (uid) JOIN groups g ON g.gid = ug.gid;
 *
 * How it works: each scan reads the whole file through hostfs, cut at
 * ETC_FILE_MAX (a partial last line is then dropped), and parses it line
 * by line with passwd.c; lines the parser refuses (comments, non-numeric
 * ids, lines over PASSWD_LINE_MAX) are skipped.  users narrows its work on
 * uid = N and username = 'x', groups on gid = N, user_groups on uid and
 * gid.  user_groups indexes the group members by name, walks the users
 * grouped by (name, uid) so that no list is walked twice for the same
 * pair, and drops repeated pairs with a hash set, so its work stays
 * proportional to the files and its output even on hostile input.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql/table.h"
#include "tables/passwd.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Largest account file read; the rest of a longer one is ignored. */
#define ETC_FILE_MAX (16u << 20)

enum users_col {
	USERS_UID,
	USERS_GID,
	USERS_UID_SIGNED,
	USERS_GID_SIGNED,
	USERS_USERNAME,
	USERS_DESCRIPTION,
	USERS_DIRECTORY,
	USERS_SHELL,
	USERS_UUID,
	USERS_PID_WITH_NAMESPACE,
	USERS_INCLUDE_REMOTE,
	USERS_NCOLS
};

static const struct column users_cols[] = {
	{ "uid", COL_BIGINT, COL_INDEX,
	  "User ID, the third field of /etc/passwd." },
	{ "gid", COL_BIGINT, 0,
	  "Primary group ID, the fourth field of /etc/passwd." },
	{ "uid_signed", COL_BIGINT, 0,
	  "User ID read as a signed 32-bit number (4294967294 is -2)." },
	{ "gid_signed", COL_BIGINT, 0,
	  "Primary group ID read as a signed 32-bit number." },
	{ "username", COL_TEXT, COL_ADDITIONAL,
	  "User name, the first field of /etc/passwd." },
	{ "description", COL_TEXT, 0,
	  "The GECOS field: the user's full name and notes." },
	{ "directory", COL_TEXT, 0,
	  "Home directory." },
	{ "shell", COL_TEXT, 0,
	  "Login shell: the rest of the line after the home directory." },
	{ "uuid", COL_TEXT, COL_INDEX | COL_NOCASE,
	  "Always NULL: Linux accounts have no UUID." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the files under its root, "
	  "not other mount namespaces." },
	{ "include_remote", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the local /etc/passwd, "
	  "never NSS sources such as LDAP." },
};
_Static_assert(TABLE_NCOLS(users_cols) == USERS_NCOLS, "users columns");

enum groups_col {
	GROUPS_GID,
	GROUPS_GID_SIGNED,
	GROUPS_GROUPNAME,
	GROUPS_PID_WITH_NAMESPACE,
	GROUPS_NCOLS
};

static const struct column groups_cols[] = {
	{ "gid", COL_BIGINT, COL_INDEX,
	  "Group ID, the third field of /etc/group." },
	{ "gid_signed", COL_BIGINT, 0,
	  "Group ID read as a signed 32-bit number (4294967294 is -2)." },
	{ "groupname", COL_TEXT, 0,
	  "Group name, the first field of /etc/group." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the files under its root, "
	  "not other mount namespaces." },
};
_Static_assert(TABLE_NCOLS(groups_cols) == GROUPS_NCOLS, "groups columns");

enum user_groups_col {
	UG_UID,
	UG_GID,
	UG_NCOLS
};

static const struct column user_groups_cols[] = {
	{ "uid", COL_BIGINT, COL_INDEX | COL_OPTIMIZED,
	  "User ID, from /etc/passwd." },
	{ "gid", COL_BIGINT, COL_INDEX,
	  "Group ID: the user's primary group, or a group of /etc/group "
	  "that lists the user." },
};
_Static_assert(TABLE_NCOLS(user_groups_cols) == UG_NCOLS,
	       "user_groups columns");

/*
 * Reads an account file into b (initialised here; the caller releases it
 * whatever the outcome).  A file that is missing or unreadable reads as
 * empty, so the table has no rows; only running out of memory fails.
 * Returns 0, or -1 after qctx_error().
 */
static int read_etc(struct qctx *q, const char *path, struct buf *b)
{
	bool cut = false;
	char *nl;

	buf_init(b, ETC_FILE_MAX);
	if (hostfs_read_file(path, ETC_FILE_MAX, 0, b, &cut) < 0) {
		if (errno == ENOMEM)
			return qctx_error(q, "reading %s: out of memory", path);
		buf_release(b);
		return 0;
	}
	if (cut) {
		/* The last line was cut short: leave it out. */
		nl = memrchr(b->data, '\n', b->len);
		b->len = nl ? (size_t)(nl - b->data) + 1 : 0;
		b->data[b->len] = '\0';
	}
	return 0;
}

/*
 * Returns the next line of a buffer read by read_etc() and its length
 * (without the newline), moving *pos past it; NULL at the end.  The byte
 * after the line is its newline or the buffer's final NUL, so the parsers
 * may overwrite it.
 */
static char *next_line(const struct buf *b, size_t *pos, size_t *len)
{
	char *start, *nl;

	if (!b->data || *pos >= b->len)
		return NULL;
	start = b->data + *pos;
	nl = memchr(start, '\n', b->len - *pos);
	*len = nl ? (size_t)(nl - start) : b->len - *pos;
	*pos += *len + 1;
	return start;
}

/*
 * True when id may satisfy the = constraints in vals (any of them: the
 * layer and SQLite check the rest).  A value that is not a plain id, such
 * as "1e3", is not ruled out here: SQLite's own comparison decides.
 */
static bool id_wanted(const char *const *vals, int n, uint32_t id)
{
	uint32_t v;
	int i;

	if (n == 0)
		return true;
	for (i = 0; i < n; i++) {
		if (passwd_parse_id(vals[i], strlen(vals[i]), &v) < 0 ||
		    v == id)
			return true;
	}
	return false;
}

static bool name_wanted(const char *const *vals, int n, const char *name)
{
	int i;

	if (n == 0)
		return true;
	for (i = 0; i < n; i++) {
		if (strcmp(vals[i], name) == 0)
			return true;
	}
	return false;
}

static int users_generate(struct qctx *q)
{
	const char *const *uids, *const *names;
	int nuids, nnames, rc = -1;
	struct buf b;
	struct passwd_ent pw;
	size_t pos = 0, len;
	char *line;

	nuids = qctx_values(q, USERS_UID, QOP_EQ, &uids);
	nnames = qctx_values(q, USERS_USERNAME, QOP_EQ, &names);
	if (read_etc(q, "/etc/passwd", &b) < 0)
		goto out;
	while ((line = next_line(&b, &pos, &len))) {
		if (passwd_parse(line, len, &pw, NULL, 0) < 0)
			continue;
		if (!id_wanted(uids, nuids, pw.uid) ||
		    !name_wanted(names, nnames, pw.name))
			continue;
		if (qctx_row(q) < 0)
			goto out;
		qctx_set_int(q, USERS_UID, pw.uid);
		qctx_set_int(q, USERS_GID, pw.gid);
		qctx_set_int(q, USERS_UID_SIGNED, passwd_id_signed(pw.uid));
		qctx_set_int(q, USERS_GID_SIGNED, passwd_id_signed(pw.gid));
		qctx_set_text(q, USERS_USERNAME, pw.name);
		qctx_set_text(q, USERS_DESCRIPTION, pw.gecos);
		qctx_set_text(q, USERS_DIRECTORY, pw.dir);
		qctx_set_text(q, USERS_SHELL, pw.shell);
	}
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

static int groups_generate(struct qctx *q)
{
	const char *const *gids;
	int ngids, rc = -1;
	struct buf b;
	struct passwd_grent gr;
	size_t pos = 0, len;
	char *line;

	ngids = qctx_values(q, GROUPS_GID, QOP_EQ, &gids);
	if (read_etc(q, "/etc/group", &b) < 0)
		goto out;
	while ((line = next_line(&b, &pos, &len))) {
		if (passwd_parse_group(line, len, &gr, NULL, 0) < 0)
			continue;
		if (!id_wanted(gids, ngids, gr.gid))
			continue;
		if (qctx_row(q) < 0)
			goto out;
		qctx_set_int(q, GROUPS_GID, gr.gid);
		qctx_set_int(q, GROUPS_GID_SIGNED, passwd_id_signed(gr.gid));
		qctx_set_text(q, GROUPS_GROUPNAME, gr.name);
	}
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

/* user_groups: a user, and a (member name, gid) pair of /etc/group.  seq
 * is the position in its file, to keep file order through the sorts. */
struct ug_user {
	const char *name;
	uint32_t uid;
	uint32_t gid;
	size_t seq;
};

struct ug_member {
	const char *name;
	uint32_t gid;
	size_t seq;
};

/*
 * A set of (uid, gid) pairs: open addressing, kept at most half full.  A
 * slot holds the key uid << 32 | gid, and 0 marks an empty one; the one
 * pair whose key is 0, (0, 0), is kept apart in has_zero.  (Every 64-bit
 * value is some pair's key, so no offset frees a marker: key + 1 made
 * (2^32-1, 2^32-2) and (2^32-1, 2^32-1) collide.)
 */
struct pairset {
	uint64_t *slots;
	size_t size;     /* a power of two, or 0 */
	size_t count;
	bool has_zero;
};

static void pairset_free(struct pairset *s)
{
	free(s->slots);
	s->slots = NULL;
	s->size = s->count = 0;
	s->has_zero = false;
}

static size_t pair_hash(uint64_t key, size_t size)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & (size - 1);
}

/* Adds a pair.  Returns 1 when it is new, 0 when it was there, -1 when
 * memory runs out. */
static int pairset_add(struct pairset *s, uint32_t uid, uint32_t gid)
{
	uint64_t key = ((uint64_t)uid << 32) | gid;
	size_t i;

	if (key == 0) {
		if (s->has_zero)
			return 0;
		s->has_zero = true;
		return 1;
	}
	if (s->count + 1 > s->size / 2) {
		size_t nsize = s->size ? s->size * 2 : 64, j;
		uint64_t *ns;

		if (nsize > SIZE_MAX / sizeof(*ns))
			return -1;
		ns = calloc(nsize, sizeof(*ns));
		if (!ns)
			return -1;
		for (j = 0; j < s->size; j++) {
			if (!s->slots[j])
				continue;
			i = pair_hash(s->slots[j], nsize);
			while (ns[i])
				i = (i + 1) & (nsize - 1);
			ns[i] = s->slots[j];
		}
		free(s->slots);
		s->slots = ns;
		s->size = nsize;
	}
	i = pair_hash(key, s->size);
	while (s->slots[i]) {
		if (s->slots[i] == key)
			return 0;
		i = (i + 1) & (s->size - 1);
	}
	s->slots[i] = key;
	s->count++;
	return 1;
}

/* Makes room in *arr (of *alloc elements of size bytes) for one more after
 * n.  0 or -1. */
static int grow(void **arr, size_t *alloc, size_t n, size_t size)
{
	size_t na;
	void *p;

	if (n < *alloc)
		return 0;
	na = *alloc ? *alloc * 2 : 64;
	if (na > SIZE_MAX / size)
		return -1;
	p = realloc(*arr, na * size);
	if (!p)
		return -1;
	*arr = p;
	*alloc = na;
	return 0;
}

static int cmp_user(const void *a, const void *b)
{
	const struct ug_user *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_member_gid(const void *a, const void *b)
{
	const struct ug_member *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->gid != y->gid)
		return x->gid < y->gid ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_member_seq(const void *a, const void *b)
{
	const struct ug_member *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A run of users sharing (name, uid): its first index in the sorted
 * users, and that user's position in /etc/passwd. */
struct ug_run {
	size_t first;
	size_t seq;
};

static int cmp_run(const void *a, const void *b)
{
	const struct ug_run *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Emits (uid, gid) unless it was emitted already or gid is ruled out.
 * 0, or -1 with the error set. */
static int ug_emit(struct qctx *q, struct pairset *seen,
		   const char *const *gids, int ngids, uint32_t uid,
		   uint32_t gid)
{
	int added;

	if (!id_wanted(gids, ngids, gid))
		return 0;
	added = pairset_add(seen, uid, gid);
	if (added < 0)
		return qctx_error(q, "user_groups: out of memory");
	if (added == 0)
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, UG_UID, uid);
	qctx_set_int(q, UG_GID, gid);
	return 0;
}

static int user_groups_generate(struct qctx *q)
{
	const char *const *uids, *const *gids;
	int nuids, ngids, rc = -1;
	struct buf pwb, grb;
	struct ug_user *users = NULL;
	struct ug_member *members = NULL;
	size_t nusers = 0, ausers = 0, nmembers = 0, amembers = 0;
	struct ug_run *runs = NULL;
	size_t nruns = 0, i, j, k, pos, len;
	struct pairset seen = { NULL, 0, 0, false };
	struct passwd_ent pw;
	struct passwd_grent gr;
	const char *m;
	char *line;

	nuids = qctx_values(q, UG_UID, QOP_EQ, &uids);
	ngids = qctx_values(q, UG_GID, QOP_EQ, &gids);
	buf_init(&grb, 0);
	if (read_etc(q, "/etc/passwd", &pwb) < 0 ||
	    read_etc(q, "/etc/group", &grb) < 0)
		goto out;

	for (pos = 0; (line = next_line(&pwb, &pos, &len));) {
		if (passwd_parse(line, len, &pw, NULL, 0) < 0 ||
		    !id_wanted(uids, nuids, pw.uid))
			continue;
		if (grow((void **)&users, &ausers, nusers, sizeof(*users)) < 0)
			goto oom;
		users[nusers] = (struct ug_user){ pw.name, pw.uid, pw.gid,
						  nusers };
		nusers++;
	}
	if (nusers == 0) {
		rc = 0;
		goto out;
	}
	for (pos = 0; (line = next_line(&grb, &pos, &len));) {
		if (passwd_parse_group(line, len, &gr, NULL, 0) < 0)
			continue;
		for (m = passwd_group_member(&gr, NULL); m;
		     m = passwd_group_member(&gr, m)) {
			if (grow((void **)&members, &amembers, nmembers,
				 sizeof(*members)) < 0)
				goto oom;
			members[nmembers] = (struct ug_member){ m, gr.gid,
								nmembers };
			nmembers++;
		}
	}

	/*
	 * Keep one entry per (member name, gid), the first in the file, then
	 * order each name's entries as the file does.  A name's list then
	 * holds distinct gids, and is walked once per (name, uid).
	 */
	if (nmembers) {
		qsort(members, nmembers, sizeof(*members), cmp_member_gid);
		for (i = 1, j = 1; i < nmembers; i++) {
			if (strcmp(members[i].name, members[j - 1].name) != 0 ||
			    members[i].gid != members[j - 1].gid)
				members[j++] = members[i];
		}
		nmembers = j;
		qsort(members, nmembers, sizeof(*members), cmp_member_seq);
	}

	/* Group the users by (name, uid), and visit the groups in the order
	 * of their first line in /etc/passwd. */
	qsort(users, nusers, sizeof(*users), cmp_user);
	runs = malloc(nusers * sizeof(*runs));
	if (!runs)
		goto oom;
	for (i = 0; i < nusers; i++) {
		if (i == 0 || strcmp(users[i].name, users[i - 1].name) != 0 ||
		    users[i].uid != users[i - 1].uid)
			runs[nruns++] = (struct ug_run){ i, users[i].seq };
	}
	qsort(runs, nruns, sizeof(*runs), cmp_run);

	for (k = 0; k < nruns; k++) {
		size_t lo, hi, first = runs[k].first;
		const char *name = users[first].name;
		uint32_t uid = users[first].uid;

		/* Primary groups first, then memberships in file order. */
		for (i = first; i < nusers; i++) {
			if (i > first && (users[i].uid != uid ||
					  strcmp(users[i].name, name) != 0))
				break;
			if (ug_emit(q, &seen, gids, ngids, uid,
				    users[i].gid) < 0)
				goto out;
		}
		/* Lower bound of the name among the members. */
		lo = 0;
		hi = nmembers;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(members[mid].name, name) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i < nmembers && strcmp(members[i].name, name) == 0;
		     i++) {
			if (ug_emit(q, &seen, gids, ngids, uid,
				    members[i].gid) < 0)
				goto out;
		}
	}
	rc = 0;
	goto out;
oom:
	qctx_error(q, "user_groups: out of memory");
out:
	pairset_free(&seen);
	free(runs);
	free(members);
	free(users);
	buf_release(&grb);
	buf_release(&pwb);
	return rc;
}

static const struct table users_table = {
	.name = "users",
	.desc = "Local user accounts, from /etc/passwd.",
	.cols = users_cols,
	.ncols = USERS_NCOLS,
	.generate = users_generate,
};
TABLE_REGISTER(users_table);

static const struct table groups_table = {
	.name = "groups",
	.desc = "Local groups, from /etc/group.",
	.cols = groups_cols,
	.ncols = GROUPS_NCOLS,
	.generate = groups_generate,
};
TABLE_REGISTER(groups_table);

static const struct table user_groups_table = {
	.name = "user_groups",
	.desc = "Group membership of local users: primary groups and "
		"/etc/group members.",
	.cols = user_groups_cols,
	.ncols = UG_NCOLS,
	.generate = user_groups_generate,
};
TABLE_REGISTER(user_groups_table);
