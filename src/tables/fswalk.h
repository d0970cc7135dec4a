/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fswalk: one walk of the filesystem a process, shared by every table
 * that needs to look at all files (world_writable, unowned_files,
 * setid_files, capability_files, fswalk_info in fsfind.c).
 *
 * OpenSCAP walks the whole filesystem once per rule that needs it and
 * spends most of an audit doing so; vigil walks once, on the first scan
 * of any of those tables, keeps only the entries one of them can report,
 * and serves every later scan from that result.  The result is cached
 * for the life of the process, keyed by (root, scope): a query that joins
 * all four tables, or an audit that runs twenty checks on them, walks
 * once.  A long-lived process (the daemon) calls fswalk_reset() before a
 * run that must see the filesystem anew.
 *
 * Scope.  By default the walk covers the system directories (see
 * fswalk.c: /bin, /boot, /dev/shm, /etc, /home, /lib*, /opt, /root, /run,
 * /sbin, /srv, /tmp, /usr, /var, those that exist, and /root only when
 * others may enter it); fswalk_set_deep(true)
 * walks every local filesystem from / instead.  Below a start directory a
 * mount point is entered only as fswalk_may_cross() allows: never a
 * pseudo filesystem (proc, sysfs, cgroup ...) or a network one (NFS,
 * CIFS, any FUSE filesystem ...), and another type than the start's only
 * when it is tmpfs or, deep, a local disk filesystem.
 *
 * Kept entries (flags below): regular files that are setuid or setgid;
 * anything but a symbolic link that is world-writable; anything whose
 * owner is in no /etc/passwd line or whose group is in no /etc/group line
 * (of the root walked: vigil reads the files, not NSS); regular files
 * with an execute bit that carry a security.capability attribute.
 *
 * Not thread-safe: call from the thread that runs queries (the walk uses
 * threads of its own and joins them before returning).
 */
#ifndef VIGIL_FSWALK_H
#define VIGIL_FSWALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Directory entries looked at before the walk stops (incomplete). */
#define FSWALK_MAX_ENTRIES 5000000ul
/* Entries kept before the walk stops (incomplete): bounds the memory. */
#define FSWALK_MAX_KEPT 1000000ul
/* Deepest directory level walked below a start (deeper: incomplete). */
#define FSWALK_MAX_DEPTH 128
/* Largest security.capability attribute kept; a valid one is 24 bytes at
 * most, so a larger one is kept as "present but malformed". */
#define FSWALK_CAP_MAX 32

enum fswalk_flag {
	FSWALK_SETUID = 1 << 0,         /* regular file, S_ISUID */
	FSWALK_SETGID = 1 << 1,         /* regular file, S_ISGID */
	FSWALK_WORLD_WRITABLE = 1 << 2, /* S_IWOTH, not a symbolic link */
	FSWALK_NO_USER = 1 << 3,        /* uid in no /etc/passwd line */
	FSWALK_NO_GROUP = 1 << 4,       /* gid in no /etc/group line */
	FSWALK_CAPS = 1 << 5,           /* has security.capability */
};

/* One kept entry.  path is the host path ("/usr/bin/passwd"). */
struct fswalk_entry {
	uint32_t mode; /* st_mode: type and permission bits */
	uint32_t uid;
	uint32_t gid;
	uint16_t flags; /* enum fswalk_flag */
	/* The attribute's bytes when FSWALK_CAPS: caplen of them, or
	 * caplen > FSWALK_CAP_MAX (only the first FSWALK_CAP_MAX kept) for
	 * one too large to be valid. */
	uint16_t caplen;
	unsigned char cap[FSWALK_CAP_MAX];
	char path[];
};

/* An id and the name of the first account-file line that has it. */
struct fswalk_idname {
	uint32_t id;
	uint32_t line; /* file order, to keep the first of repeated ids */
	char *name;
};

struct fswalk_result {
	char *root;  /* hostfs_root() when walked */
	bool deep;   /* the scope */
	char *scope; /* start directories walked, comma-separated */
	/* Kept entries, sorted by path (strcmp). */
	struct fswalk_entry **v;
	size_t n;
	uint64_t entries;        /* directory entries looked at */
	uint64_t directories;    /* directories read */
	uint64_t skipped_mounts; /* mount points not entered */
	bool incomplete;         /* a cap, the depth limit or a long path */
	int64_t elapsed_ms;
	/* /etc/passwd and /etc/group of the root, sorted by id. */
	struct fswalk_idname *users, *groups;
	size_t nusers, ngroups;
};

/* Chooses the scope for later walks: false (default) for the system
 * directories, true for every local filesystem from /. */
void fswalk_set_deep(bool deep);
bool fswalk_get_deep(void);

/*
 * The walk of the current root (hostfs_root()) with scope deep (tables
 * pass fswalk_get_deep() unless a query names one): walked now when the
 * cache holds no walk of that root and scope, else the cached one.
 * Returns the result (owned by this module, valid until the next
 * fswalk_get() with another key or fswalk_reset()), or NULL when memory
 * ran out, with the reason in err.  Unreadable directories, vanished
 * entries and caps reached are not failures: the result says what was
 * covered.
 */
const struct fswalk_result *fswalk_get(bool deep, char *err, size_t errsize);

/* Forgets the cached walk (frees it); the next fswalk_get() walks. */
void fswalk_reset(void);

/* The name of an id in the result's account files, or NULL. */
const char *fswalk_user_name(const struct fswalk_result *r, uint32_t uid);
const char *fswalk_group_name(const struct fswalk_result *r, uint32_t gid);

/* What a filesystem is, from statfs(2)'s f_type. */
enum fswalk_fs_class {
	FSWALK_FS_LOCAL,   /* on a local disk, or in memory (tmpfs) */
	FSWALK_FS_PSEUDO,  /* kernel interfaces: proc, sysfs, cgroup ... */
	FSWALK_FS_NETWORK, /* remote or shared: NFS, CIFS, Ceph, FUSE ... */
	FSWALK_FS_OTHER,   /* unknown, or stacked (overlay, ecryptfs) */
};

enum fswalk_fs_class fswalk_fs_class(unsigned long magic);

/*
 * Whether the walk may enter a directory on a filesystem of type magic.
 * For a start directory (start true, start_magic ignored): anything but a
 * pseudo or network filesystem, so a container's overlay root is walked.
 * For a mount point below a start whose filesystem is start_magic: never
 * pseudo or network; the start's own type, and tmpfs, always; any other
 * local disk filesystem only when deep.
 */
bool fswalk_may_enter(unsigned long magic, unsigned long start_magic,
		      bool start, bool deep);

#endif
