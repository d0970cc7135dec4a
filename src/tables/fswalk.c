/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fswalk.c: the one filesystem walk a process makes, and its cache (see
 * fswalk.h for what is kept and why).
 *
 * Scope.  The default start directories are the places where system
 * files, their configuration and the world-writable scratch areas live:
 *   /bin /boot /dev/shm /etc /home /lib /lib32 /lib64 /libx32 /opt /root
 *   /run /sbin /srv /tmp /usr /var
 * (those that exist; /dev/shm and /run because world-writable tmpfs
 * directories matter as much as /tmp; not /mnt or /media, which hold
 * removable and operator mounts, nor /proc, /sys and /dev).  /root is
 * left out while it is private (owned by root, and neither its group nor
 * others may search it, as Debian installs it): no other user can reach
 * what lies below it, so a world-writable file or a setuid binary there
 * gives nobody anything, and root's keys and history are read by the
 * account tables directly.  Root's home can hold hundreds of thousands of
 * files (toolchains, caches) that would otherwise dominate the audit's
 * time.  A /root others may enter is walked like the rest.  Deep, the
 * starts are / and /dev/shm, and / is walked without its /dev (device
 * nodes such as /dev/null are world-writable by design, and devtmpfs
 * carries tmpfs's magic number, so no filesystem test can refuse it).
 * A start that is a symbolic link (/bin -> usr/bin on a merged-/usr
 * system, /home -> /data/home) is resolved inside the root and walked
 * under its real path, unless that path lies inside another start.
 *
 * Mounts.  A subdirectory on another device than its parent is a mount
 * point (or a btrfs subvolume); the walk opens it O_PATH (without
 * O_DIRECTORY, so that an autofs trigger is not mounted), reads its
 * filesystem type with fstatfs(2) and
 * asks fswalk_may_enter(): pseudo filesystems (proc, sysfs, devpts,
 * cgroup, securityfs, debugfs, tracefs, bpf, configfs, mqueue, hugetlbfs,
 * autofs, binfmt_misc, efivarfs, pstore, nsfs ...) and network ones (NFS,
 * CIFS/SMB, Ceph, 9p, AFS, Lustre, GFS2 and OCFS2 shared disks, and any
 * FUSE filesystem, since FUSE hides whether sshfs or glusterfs is behind
 * it) are never entered; the start's own type and tmpfs always are, so a
 * CIS-style /var/tmp or /var/log partition is covered by the default
 * scope; other local disk filesystems (ext2/3/4, xfs, btrfs, f2fs, vfat,
 * exfat, ntfs, zfs, squashfs ...) only deep.  Overlay and other stacked
 * filesystems are not crossed (their lower directories are walked where
 * they live).  A mount root reached a second time (the same filesystem
 * mounted twice) is skipped.  Each refusal counts in skipped_mounts.
 *
 * How it works.  Each start is opened through hostfs; below it the walk
 * uses only descriptor-relative calls, so a directory swapped for a
 * symbolic link mid-walk cannot redirect it: getdents64(2) into a buffer
 * per depth, fstatat(2) with AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT on
 * every entry (every type can be world-writable or unowned, so the
 * directory entry's type spares nothing; statx(2) with a minimal mask
 * measured no faster), and openat(2) with O_DIRECTORY | O_NOFOLLOW for
 * subdirectories.  Entries that vanish or cannot be stat'ed are skipped.
 *
 * Capabilities.  Reading security.capability costs a syscall a file and
 * the walk cannot get it with the stat.  Measured on a Debian host with
 * 230,000 entries, reading it from every regular file (191,000) added
 * 0.9 s to a 0.6 s walk; reading it only from regular files with an
 * execute bit (3,000) added 15 ms, and found the same 84 files.  A
 * capability only takes effect when the file is executed, so only files
 * with an execute bit are read.  The attribute is read with lgetxattr(2)
 * through "/proc/self/fd/<directory>/<name>", which resolves the name in
 * the open directory without following a final link; without /proc the
 * file is opened O_NOFOLLOW and read with fgetxattr(2).
 *
 * Threads.  The walk runs on up to FSWALK_THREADS threads (the CPUs
 * online, at most two).  The starts go on a shared queue; a thread walks
 * depth first, and when another thread is idle it hands over the next
 * subdirectory it is about to enter (with its open descriptor) instead of
 * walking it, so one large start (/usr) is still shared.  Only
 * directories at most FSWALK_SPLIT_DEPTH levels below their start are
 * handed over: handing over any directory made the threads pass small
 * leaf directories back and forth (up to 1,250 hand-overs a walk of /)
 * and split the work worse (the busier thread read 56-63% of the
 * directories, against 50-53% with the limit at 3, over 30 hand-overs).
 * Each thread keeps its entries; they are merged and sorted by path at
 * the end, so the result does not depend on the schedule.  On an idle
 * two-CPU host the walk of / (230,000 entries, warm cache) took about
 * 0.42-0.54 s with two threads against 0.70-0.84 s with one, where
 * find / -xdev, which stats nothing, took 0.50-0.65 s.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "tables/fswalk.h"
#include "tables/passwd.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Threads walking at once, at most. */
#ifndef FSWALK_THREADS
#define FSWALK_THREADS 2
#endif
/* Directories deeper than this below a start are never handed over:
 * the shallow ones hold the large subtrees (see "Threads" above). */
#ifndef FSWALK_SPLIT_DEPTH
#define FSWALK_SPLIT_DEPTH 3
#endif
/* getdents64 buffer a depth: glibc's readdir uses the same size. */
#define DENTS_BUF (32u << 10)
/* Entries counted locally before they are added to the shared count. */
#define COUNT_BATCH 1024
/* Largest /etc/passwd and /etc/group read. */
#define ACCOUNTS_MAX (16u << 20)
/* A capability attribute larger than this is refused by getxattr. */
#define CAP_READ_MAX 64
#define CAP_XATTR "security.capability"

/* Filesystem magic numbers (statfs f_type), from the kernel's sources;
 * <linux/magic.h> lacks some of them. */
#define M_AUTOFS 0x0187ul
#define M_AAFS 0x5a3c69f0ul
#define M_AFS 0x5346414Ful
#define M_AFS_FS 0x6B414653ul
#define M_ANON_INODE 0x09041934ul
#define M_BCACHEFS 0xca451a4eul
#define M_BDEVFS 0x62646576ul
#define M_BINDERFS 0x6c6f6f70ul
#define M_BINFMTFS 0x42494e4dul
#define M_BPF 0xcafe4a11ul
#define M_BTRFS 0x9123683Eul
#define M_CEPH 0x00c36400ul
#define M_CGROUP 0x0027e0ebul
#define M_CGROUP2 0x63677270ul
#define M_CIFS 0xFF534D42ul
#define M_CODA 0x73757245ul
#define M_CONFIGFS 0x62656570ul
#define M_CRAMFS 0x28cd3d45ul
#define M_DAXFS 0x64646178ul
#define M_DEBUGFS 0x64626720ul
#define M_DEVMEM 0x454d444dul
#define M_DEVPTS 0x1cd1ul
#define M_DMA_BUF 0x444d4142ul
#define M_ECRYPTFS 0xf15ful
#define M_EFIVARFS 0xde5e81e4ul
#define M_EROFS 0xE0F5E1E2ul
#define M_EXFAT 0x2011BAB0ul
#define M_EXT 0xEF53ul /* ext2, ext3 and ext4 */
#define M_F2FS 0xF2F52010ul
#define M_FUSE 0x65735546ul
#define M_FUSECTL 0x65735543ul
#define M_GFS2 0x01161970ul
#define M_HFS 0x4244ul
#define M_HFSPLUS 0x482bul
#define M_HUGETLBFS 0x958458f6ul
#define M_ISOFS 0x9660ul
#define M_JFFS2 0x72b6ul
#define M_JFS 0x3153464aul
#define M_LUSTRE 0x0BD00BD0ul
#define M_MQUEUE 0x19800202ul
#define M_MSDOS 0x4d44ul /* vfat and msdos */
#define M_NCP 0x564cul
#define M_NFS 0x6969ul
#define M_NILFS 0x3434ul
#define M_NSFS 0x6e736673ul
#define M_NTFS 0x5346544eul  /* the old ntfs driver */
#define M_NTFS3 0x7366746eul /* ntfs3 */
#define M_OCFS2 0x7461636ful
#define M_OPENPROM 0x9fa1ul
#define M_ORANGEFS 0x13661366ul
#define M_OVERLAYFS 0x794c7630ul
#define M_PIPEFS 0x50495045ul
#define M_PROC 0x9fa0ul
#define M_PSTORE 0x6165676Cul
#define M_RAMFS 0x858458f6ul
#define M_RDTGROUP 0x07655821ul
#define M_REISERFS 0x52654973ul
#define M_SECRETMEM 0x5345434dul
#define M_SECURITYFS 0x73636673ul
#define M_SELINUX 0xf97cff8cul
#define M_SMACK 0x43415d53ul
#define M_SMB 0x517Bul
#define M_SMB2 0xFE534D42ul /* smb2 and smb3 (cifs.ko) */
#define M_SOCKFS 0x534F434Bul
#define M_SQUASHFS 0x73717368ul
#define M_SYSFS 0x62656572ul
#define M_TMPFS 0x01021994ul /* tmpfs, and devtmpfs alike */
#define M_TRACEFS 0x74726163ul
#define M_UBIFS 0x24051905ul
#define M_UDF 0x15013346ul
#define M_USBDEVICE 0x9fa2ul
#define M_V9FS 0x01021997ul
#define M_VBOXSF 0x786f4256ul
#define M_XENFS 0xabba1974ul
#define M_XFS 0x58465342ul
#define M_ZFS 0x2fc12fc1ul
#define M_ZONEFS 0x5a4f4653ul

static const unsigned long fs_local[] = {
	M_BCACHEFS, M_BTRFS,  M_CRAMFS,   M_EROFS, M_EXFAT,    M_EXT,
	M_F2FS,     M_HFS,    M_HFSPLUS,  M_ISOFS, M_JFFS2,    M_JFS,
	M_MSDOS,    M_NILFS,  M_NTFS,     M_NTFS3, M_RAMFS,    M_REISERFS,
	M_SQUASHFS, M_TMPFS,  M_UBIFS,    M_UDF,   M_XFS,      M_ZFS,
	M_ZONEFS,
};

static const unsigned long fs_pseudo[] = {
	M_AAFS,     M_ANON_INODE, M_AUTOFS,    M_BDEVFS,   M_BINDERFS,
	M_BINFMTFS, M_BPF,        M_CGROUP,    M_CGROUP2,  M_CONFIGFS,
	M_DAXFS,    M_DEBUGFS,    M_DEVMEM,    M_DEVPTS,   M_DMA_BUF,
	M_EFIVARFS, M_FUSECTL,    M_HUGETLBFS, M_MQUEUE,   M_NSFS,
	M_OPENPROM, M_PIPEFS,     M_PROC,      M_PSTORE,   M_RDTGROUP,
	M_SECRETMEM, M_SECURITYFS, M_SELINUX,  M_SMACK,    M_SOCKFS,
	M_SYSFS,    M_TRACEFS,    M_USBDEVICE, M_XENFS,
};

static const unsigned long fs_network[] = {
	M_AFS,   M_AFS_FS, M_CEPH,     M_CIFS, M_CODA,  M_FUSE,   M_GFS2,
	M_LUSTRE, M_NCP,   M_NFS,      M_OCFS2, M_ORANGEFS, M_SMB, M_SMB2,
	M_V9FS,  M_VBOXSF,
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The default start directories, in order. */
static const char *const default_starts[] = {
	"/bin",  "/boot", "/dev/shm", "/etc",  "/home", "/lib",
	"/lib32", "/lib64", "/libx32", "/opt", "/root", "/run",
	"/sbin", "/srv",  "/tmp",     "/usr",  "/var",
};

static const char *const deep_starts[] = { "/", "/dev/shm" };

static bool in_list(const unsigned long *v, size_t n, unsigned long m)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i] == m)
			return true;
	}
	return false;
}

enum fswalk_fs_class fswalk_fs_class(unsigned long magic)
{
	magic &= 0xfffffffful; /* f_type is a signed long on some ABIs */
	if (in_list(fs_local, NELEM(fs_local), magic))
		return FSWALK_FS_LOCAL;
	if (in_list(fs_pseudo, NELEM(fs_pseudo), magic))
		return FSWALK_FS_PSEUDO;
	if (in_list(fs_network, NELEM(fs_network), magic))
		return FSWALK_FS_NETWORK;
	return FSWALK_FS_OTHER;
}

bool fswalk_may_enter(unsigned long magic, unsigned long start_magic,
		      bool start, bool deep)
{
	enum fswalk_fs_class c = fswalk_fs_class(magic);

	if (c == FSWALK_FS_PSEUDO || c == FSWALK_FS_NETWORK)
		return false;
	if (start)
		return true;
	magic &= 0xfffffffful;
	if (magic == (start_magic & 0xfffffffful) || magic == M_TMPFS)
		return true;
	return deep && c == FSWALK_FS_LOCAL;
}

/* ---------------------------------------------------------------- */
/* Account files */

static int cmp_idname(const void *a, const void *b)
{
	const struct fswalk_idname *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Reads the ids and names of /etc/passwd (group false) or /etc/group into
 * *out (sorted by id, one entry an id: the first line that has it).  A
 * missing or unreadable file gives none.  0, or -1 when memory runs out.
 */
static int load_ids(const char *path, bool group, struct fswalk_idname **out,
		    size_t *nout)
{
	struct buf b = BUF_INIT(ACCOUNTS_MAX);
	struct fswalk_idname *v = NULL;
	struct passwd_ent pw;
	struct passwd_grent gr;
	size_t pos = 0, n = 0, alloc = 0, i, j;
	uint32_t line = 0;
	int rc = -1;

	*out = NULL;
	*nout = 0;
	if (hostfs_read_file(path, ACCOUNTS_MAX, 0, &b, NULL) < 0) {
		buf_release(&b);
		return errno == ENOMEM ? -1 : 0;
	}
	while (pos < b.len) {
		char *s = b.data + pos, *nl, *name;
		size_t len;
		uint32_t id;

		nl = memchr(s, '\n', b.len - pos);
		len = nl ? (size_t)(nl - s) : b.len - pos;
		pos += len + 1;
		line++;
		if (group) {
			if (passwd_parse_group(s, len, &gr, NULL, 0) < 0)
				continue;
			id = gr.gid;
			name = gr.name;
		} else {
			if (passwd_parse(s, len, &pw, NULL, 0) < 0)
				continue;
			id = pw.uid;
			name = pw.name;
		}
		if (n == alloc) {
			size_t na = alloc ? alloc * 2 : 64;
			struct fswalk_idname *nv =
				reallocarray(v, na, sizeof(*nv));

			if (!nv)
				goto out;
			v = nv;
			alloc = na;
		}
		v[n].id = id;
		v[n].line = line;
		v[n].name = strdup(name);
		if (!v[n].name)
			goto out;
		n++;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_idname);
	/* Keep the first line of each id. */
	for (i = j = 0; i < n; i++) {
		if (j > 0 && v[j - 1].id == v[i].id) {
			free(v[i].name);
			continue;
		}
		v[j++] = v[i];
	}
	*out = v;
	*nout = j;
	v = NULL;
	n = 0;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	buf_release(&b);
	return rc;
}

static const struct fswalk_idname *find_id(const struct fswalk_idname *v,
					   size_t n, uint32_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].id == id)
			return &v[mid];
		if (v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *fswalk_user_name(const struct fswalk_result *r, uint32_t uid)
{
	const struct fswalk_idname *e = find_id(r->users, r->nusers, uid);

	return e ? e->name : NULL;
}

const char *fswalk_group_name(const struct fswalk_result *r, uint32_t gid)
{
	const struct fswalk_idname *e = find_id(r->groups, r->ngroups, gid);

	return e ? e->name : NULL;
}

/* ---------------------------------------------------------------- */
/* The walk */

/* A directory waiting to be walked: an open descriptor and its path. */
struct item {
	int fd;
	char *path; /* "" for the root */
	int depth;
	dev_t dev;
	unsigned long magic; /* the start's filesystem type */
};

struct devino {
	dev_t dev;
	ino_t ino;
};

/* What the threads share.  mu guards the queue, busy and seen. */
struct shared {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct item queue[FSWALK_THREADS * 2 + 32];
	size_t qn;
	int busy;
	atomic_int hungry; /* threads waiting for work */
	atomic_bool stop;
	atomic_bool incomplete;
	atomic_bool oom;
	atomic_ulong entries;
	atomic_ulong kept;
	struct devino *seen; /* mount roots entered */
	size_t nseen, aseen;
	bool deep;
	bool proc_fd; /* /proc/self/fd works */
	const struct fswalk_result *acct;
};

/* One thread's state. */
struct worker {
	struct shared *s;
	pthread_t tid;
	char path[PATH_MAX];
	size_t len;
	char *bufs[FSWALK_MAX_DEPTH + 1];
	struct fswalk_entry **v;
	size_t n, alloc;
	unsigned long batch; /* entries counted, not yet in s->entries */
	uint64_t directories, skipped;
};

/* Records a mount root; true when it was not seen before.  Caller holds
 * no lock.  A full set (out of memory) admits the root. */
static bool seen_add(struct shared *s, dev_t dev, ino_t ino)
{
	bool fresh = true;
	size_t i;

	pthread_mutex_lock(&s->mu);
	for (i = 0; i < s->nseen; i++) {
		if (s->seen[i].dev == dev && s->seen[i].ino == ino) {
			fresh = false;
			break;
		}
	}
	if (fresh) {
		if (s->nseen == s->aseen) {
			size_t na = s->aseen ? s->aseen * 2 : 16;
			struct devino *nv =
				reallocarray(s->seen, na, sizeof(*nv));

			if (nv) {
				s->seen = nv;
				s->aseen = na;
			}
		}
		if (s->nseen < s->aseen)
			s->seen[s->nseen++] = (struct devino){ dev, ino };
	}
	pthread_mutex_unlock(&s->mu);
	return fresh;
}

static void stop_walk(struct shared *s, bool incomplete)
{
	if (incomplete)
		atomic_store(&s->incomplete, true);
	atomic_store(&s->stop, true);
}

/* Adds the thread's batch of counted entries to the shared count; false
 * when the cap is passed (the walk then stops, incomplete). */
static bool count_flush(struct worker *w)
{
	unsigned long total;

	total = atomic_fetch_add(&w->s->entries, w->batch) + w->batch;
	w->batch = 0;
	if (total > FSWALK_MAX_ENTRIES) {
		stop_walk(w->s, true);
		return false;
	}
	return true;
}

/*
 * Reads name's capability attribute in the directory open at dfd.
 * Returns 1 with it in v and its size in *len (larger than CAP_READ_MAX,
 * with nothing read, for one too large), or 0 when there is none.
 */
static int read_cap(const struct worker *w, int dfd, const char *name,
		    const struct stat *st, unsigned char *v, size_t *len)
{
	char p[PATH_MAX + 64];
	struct stat fst;
	ssize_t n = -1;
	int fd, saved;

	if (w->s->proc_fd) {
		if (snprintf(p, sizeof(p), "/proc/self/fd/%d/%s", dfd, name) >=
		    (int)sizeof(p))
			return 0;
		n = lgetxattr(p, CAP_XATTR, v, CAP_READ_MAX);
	} else {
		fd = openat(dfd, name,
			    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
				    O_CLOEXEC);
		if (fd < 0)
			return 0;
		errno = ENODATA;
		if (fstat(fd, &fst) == 0 && S_ISREG(fst.st_mode) &&
		    fst.st_dev == st->st_dev && fst.st_ino == st->st_ino)
			n = fgetxattr(fd, CAP_XATTR, v, CAP_READ_MAX);
		saved = errno;
		close(fd);
		errno = saved;
	}
	if (n < 0) {
		if (errno != ERANGE)
			return 0;
		*len = CAP_READ_MAX + 1;
		return 1;
	}
	*len = (size_t)n;
	return 1;
}

/* Adds an entry to the thread's list: name in the directory w->path, or
 * w->path itself when name is NULL.  0, or -1 when the walk must stop
 * (out of memory, or FSWALK_MAX_KEPT reached). */
static int keep(struct worker *w, const char *name, const struct stat *st,
		unsigned flags, const unsigned char *cap, size_t caplen)
{
	struct shared *s = w->s;
	struct fswalk_entry *e;
	size_t n = name ? strlen(name) : 0;
	size_t plen = w->len + (name ? 1 + n : 0);

	if (atomic_fetch_add(&s->kept, 1) >= FSWALK_MAX_KEPT) {
		stop_walk(s, true);
		return -1;
	}
	if (w->n == w->alloc) {
		size_t na = w->alloc ? w->alloc * 2 : 256;
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): array of pointers */
		struct fswalk_entry **nv = reallocarray(w->v, na, sizeof(*nv));

		if (!nv)
			goto oom;
		w->v = nv;
		w->alloc = na;
	}
	e = malloc(sizeof(*e) + plen + 1);
	if (!e)
		goto oom;
	memset(e, 0, sizeof(*e));
	e->mode = (uint32_t)st->st_mode;
	e->uid = (uint32_t)st->st_uid;
	e->gid = (uint32_t)st->st_gid;
	e->flags = (uint16_t)flags;
	if (flags & FSWALK_CAPS) {
		e->caplen = (uint16_t)caplen;
		memcpy(e->cap, cap,
		       caplen < FSWALK_CAP_MAX ? caplen : FSWALK_CAP_MAX);
	}
	memcpy(e->path, w->path, w->len);
	e->path[w->len] = '\0';
	if (name) {
		e->path[w->len] = '/';
		memcpy(e->path + w->len + 1, name, n + 1);
	}
	w->v[w->n++] = e;
	return 0;
oom:
	atomic_store(&s->oom, true);
	stop_walk(s, false);
	return -1;
}

/* The flags an entry earns, its capability attribute aside. */
static unsigned classify(const struct shared *s, const struct stat *st)
{
	const struct fswalk_result *a = s->acct;
	unsigned f = 0;

	if (S_ISREG(st->st_mode)) {
		if (st->st_mode & S_ISUID)
			f |= FSWALK_SETUID;
		if (st->st_mode & S_ISGID)
			f |= FSWALK_SETGID;
	}
	if ((st->st_mode & S_IWOTH) && !S_ISLNK(st->st_mode))
		f |= FSWALK_WORLD_WRITABLE;
	/* With no account file at all there is nothing to compare with. */
	if (a->nusers && !find_id(a->users, a->nusers, (uint32_t)st->st_uid))
		f |= FSWALK_NO_USER;
	if (a->ngroups &&
	    !find_id(a->groups, a->ngroups, (uint32_t)st->st_gid))
		f |= FSWALK_NO_GROUP;
	return f;
}

static bool donate(struct worker *w, int fd, int depth, dev_t dev,
		   unsigned long magic);

/*
 * Opens subdirectory name of the directory open at dfd (whose device is
 * dev), whose stat is st, if the walk may enter it.  Returns a descriptor,
 * or -1 (not entered: unreadable, vanished, or a mount refused, which
 * counts in w->skipped).
 */
static int open_sub(struct worker *w, int dfd, const char *name,
		    const struct stat *st, dev_t dev, unsigned long magic)
{
	struct statfs sf;
	int pfd, fd;

	if (st->st_dev == dev)
		return openat(dfd, name,
			      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK |
				      O_CLOEXEC);
	/* A mount point: O_PATH without O_DIRECTORY triggers no automount
	 * (and fstatat() above passed AT_NO_AUTOMOUNT). */
	pfd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (pfd < 0)
		return -1;
	if (fstatfs(pfd, &sf) < 0 ||
	    !fswalk_may_enter((unsigned long)sf.f_type, magic, false,
			      w->s->deep) ||
	    !seen_add(w->s, st->st_dev, st->st_ino)) {
		w->skipped++;
		close(pfd);
		return -1;
	}
	fd = openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
	close(pfd);
	return fd;
}

/*
 * Walks the directory open at dfd (closed here), whose path is w->path,
 * at depth below its start, on device dev of a start of type magic.
 */
/* NOLINTNEXTLINE(misc-no-recursion): FSWALK_MAX_DEPTH bounds it */
static void walk_dir(struct worker *w, int dfd, int depth, dev_t dev,
		     unsigned long magic)
{
	struct shared *s = w->s;
	char *buf;
	ssize_t n;

	w->directories++;
	if (!w->bufs[depth]) {
		w->bufs[depth] = malloc(DENTS_BUF);
		if (!w->bufs[depth]) {
			atomic_store(&s->oom, true);
			stop_walk(s, false);
			close(dfd);
			return;
		}
	}
	buf = w->bufs[depth];
	while ((n = getdents64(dfd, buf, DENTS_BUF)) > 0) {
		ssize_t off = 0;

		while (off < n) {
			struct dirent64 *de = (struct dirent64 *)(buf + off);
			const char *name = de->d_name;
			unsigned char cap[CAP_READ_MAX];
			size_t caplen = 0, old, nlen;
			struct stat st;
			unsigned flags;
			int sub;

			off += de->d_reclen;
			if (name[0] == '.' &&
			    (name[1] == '\0' ||
			     (name[1] == '.' && name[2] == '\0')))
				continue;
			if (atomic_load_explicit(&s->stop,
						 memory_order_relaxed))
				goto out;
			if (++w->batch >= COUNT_BATCH && !count_flush(w))
				goto out;
			if (fstatat(dfd, name, &st,
				    AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT) < 0)
				continue; /* vanished, or not ours to see */
			flags = classify(s, &st);
			if (S_ISREG(st.st_mode) && (st.st_mode & 0111) &&
			    read_cap(w, dfd, name, &st, cap, &caplen))
				flags |= FSWALK_CAPS;
			if (flags &&
			    keep(w, name, &st, flags, cap, caplen) < 0)
				goto out;
			if (!S_ISDIR(st.st_mode))
				continue;
			/* Walking /, its /dev is left out (see above). */
			if (depth == 0 && w->len == 0 && !strcmp(name, "dev"))
				continue;
			nlen = strlen(name);
			if (depth >= FSWALK_MAX_DEPTH ||
			    w->len + 1 + nlen >= sizeof(w->path)) {
				atomic_store(&s->incomplete, true);
				continue;
			}
			sub = open_sub(w, dfd, name, &st, dev, magic);
			if (sub < 0)
				continue;
			old = w->len;
			w->path[w->len++] = '/';
			memcpy(w->path + w->len, name, nlen + 1);
			w->len += nlen;
			if (!donate(w, sub, depth + 1, st.st_dev, magic))
				walk_dir(w, sub, depth + 1, st.st_dev, magic);
			w->len = old;
			w->path[old] = '\0';
		}
	}
out:
	close(dfd);
}

/*
 * Hands a directory to an idle thread.  True when one is waiting and took
 * it (fd now belongs to the queue); false to walk it here.
 */
static bool donate(struct worker *w, int fd, int depth, dev_t dev,
		   unsigned long magic)
{
	struct shared *s = w->s;
	bool done = false;
	char *p;

	if (depth > FSWALK_SPLIT_DEPTH ||
	    atomic_load_explicit(&s->hungry, memory_order_relaxed) == 0)
		return false;
	p = malloc(w->len + 1);
	if (!p)
		return false;
	memcpy(p, w->path, w->len + 1);
	pthread_mutex_lock(&s->mu);
	if (s->qn < (size_t)atomic_load(&s->hungry) &&
	    s->qn < NELEM(s->queue)) {
		s->queue[s->qn++] = (struct item){ fd, p, depth, dev, magic };
		pthread_cond_signal(&s->cv);
		done = true;
	}
	pthread_mutex_unlock(&s->mu);
	if (!done)
		free(p);
	return done;
}

/* A thread: takes directories off the queue until none is left and no
 * thread is walking (one could still hand some over). */
static void *worker_run(void *arg)
{
	struct worker *w = arg;
	struct shared *s = w->s;
	struct item it;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (s->qn == 0 && s->busy > 0 && !atomic_load(&s->stop)) {
			atomic_fetch_add(&s->hungry, 1);
			pthread_cond_wait(&s->cv, &s->mu);
			atomic_fetch_sub(&s->hungry, 1);
		}
		if (s->qn == 0 || atomic_load(&s->stop))
			break;
		it = s->queue[--s->qn];
		s->busy++;
		pthread_mutex_unlock(&s->mu);
		w->len = strlen(it.path);
		memcpy(w->path, it.path, w->len + 1);
		free(it.path);
		walk_dir(w, it.fd, it.depth, it.dev, it.magic);
		pthread_mutex_lock(&s->mu);
		s->busy--;
		if (s->busy == 0 && s->qn == 0)
			pthread_cond_broadcast(&s->cv);
	}
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	if (w->batch)
		count_flush(w);
	return NULL;
}

/* ---------------------------------------------------------------- */
/* Start directories */

/*
 * The path, inside the root, of the directory open at fd, into dst; rootp
 * is the root's own real path.  0, or -1 when /proc cannot say.
 */
static int real_path(int fd, const char *rootp, char *dst, size_t size)
{
	char link[64], p[PATH_MAX];
	size_t rl = strlen(rootp);
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, p, sizeof(p) - 1);
	if (n <= 0 || p[0] != '/')
		return -1;
	p[n] = '\0';
	if (!strcmp(rootp, "/")) {
		rl = 0;
	} else if (strncmp(p, rootp, rl) != 0 ||
		   (p[rl] != '\0' && p[rl] != '/')) {
		return -1;
	}
	if (snprintf(dst, size, "%s", p[rl] ? p + rl : "/") >= (int)size)
		return -1;
	return 0;
}

/* True when path is start or lies below it, as the walk of start covers
 * it (a walk of / leaves /dev out). */
static bool covered(const char *path, const char *start)
{
	size_t n = strlen(start);

	if (!strcmp(start, "/"))
		return strcmp(path, "/dev") != 0 &&
		       strncmp(path, "/dev/", 5) != 0;
	return !strncmp(path, start, n) && (path[n] == '\0' || path[n] == '/');
}

/* Is this default start root's home, closed to everyone but root?  (See
 * "Scope" above.) */
static bool private_home(const char *name, const struct stat *st)
{
	return strcmp(name, "/root") == 0 && st->st_uid == 0 &&
	       !(st->st_mode & (S_IXGRP | S_IXOTH));
}

struct start {
	const char *name;
	int fd;
	struct stat st;
	unsigned long magic;
	bool link;
};

/*
 * Queues the start directories of the scope, recording what is walked in
 * scope.  0, or -1 when memory runs out.
 */
static int queue_starts(struct shared *s, struct worker *w, struct buf *scope,
			uint64_t *skipped)
{
	const char *const *names = s->deep ? deep_starts : default_starts;
	size_t nn = s->deep ? NELEM(deep_starts) : NELEM(default_starts);
	struct start st[NELEM(default_starts)];
	char rootp[PATH_MAX], real[PATH_MAX];
	const char *walked[NELEM(default_starts)];
	size_t nw = 0, i, j;
	unsigned flags;
	int pass, rfd, fd, rc = -1;

	_Static_assert(NELEM(default_starts) >= NELEM(deep_starts),
		       "start arrays");
	_Static_assert(NELEM(s->queue) >= NELEM(default_starts),
		       "the queue holds every start");
	rfd = hostfs_open("/", O_PATH | O_DIRECTORY, 0);
	if (rfd < 0 || real_path(rfd, "/", rootp, sizeof(rootp)) < 0)
		rootp[0] = '\0';
	if (rfd >= 0)
		close(rfd);
	for (i = 0; i < nn; i++) {
		struct stat lst;
		struct statfs sf;

		st[i].name = names[i];
		/* O_PATH without O_DIRECTORY: an autofs start (/home) is not
		 * mounted just to be refused. */
		st[i].fd = hostfs_open(names[i], O_PATH, 0);
		if (st[i].fd < 0)
			continue;
		if (fstat(st[i].fd, &st[i].st) < 0 ||
		    !S_ISDIR(st[i].st.st_mode) ||
		    fstatfs(st[i].fd, &sf) < 0 ||
		    hostfs_lstat(names[i], &lst) < 0) {
			close(st[i].fd);
			st[i].fd = -1;
			continue;
		}
		st[i].magic = (unsigned long)sf.f_type;
		st[i].link = S_ISLNK(lst.st_mode);
		if (!s->deep && private_home(names[i], &st[i].st)) {
			close(st[i].fd);
			st[i].fd = -1;
		}
	}
	/* Real directories first, then links to places no start covers. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < nn; i++) {
			const char *name = st[i].name;
			bool dup = false;
			char *p;

			if (st[i].fd < 0 || st[i].link != (pass == 1))
				continue;
			if (st[i].link && rootp[0] &&
			    real_path(st[i].fd, rootp, real, sizeof(real)) == 0)
				name = real;
			for (j = 0; j < nw; j++)
				dup = dup || covered(name, walked[j]);
			if (dup || !seen_add(s, st[i].st.st_dev,
					     st[i].st.st_ino)) {
				close(st[i].fd);
				st[i].fd = -1;
				continue;
			}
			if (!fswalk_may_enter(st[i].magic, 0, true, s->deep)) {
				(*skipped)++;
				close(st[i].fd);
				st[i].fd = -1;
				continue;
			}
			fd = openat(st[i].fd, ".",
				    O_RDONLY | O_DIRECTORY | O_NONBLOCK |
					    O_CLOEXEC);
			close(st[i].fd);
			st[i].fd = -1;
			if (fd < 0)
				continue;
			p = strdup(strcmp(name, "/") ? name : "");
			if (!p || (scope->len && buf_addc(scope, ',') < 0) ||
			    buf_adds(scope, name) < 0) {
				free(p);
				close(fd);
				goto out;
			}
			s->queue[s->qn++] = (struct item){
				fd, p, 0, st[i].st.st_dev, st[i].magic
			};
			walked[nw++] = s->queue[s->qn - 1].path[0] ?
					       s->queue[s->qn - 1].path :
					       "/";
			/* The start is an entry too (a world-writable /tmp). */
			w->len = strlen(name);
			memcpy(w->path, name, w->len + 1);
			w->batch++;
			flags = classify(s, &st[i].st);
			if (flags && keep(w, NULL, &st[i].st, flags, NULL, 0) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	for (i = 0; i < nn; i++) {
		if (st[i].fd >= 0)
			close(st[i].fd);
	}
	return rc;
}

/* ---------------------------------------------------------------- */
/* The result and its cache */

static void result_free(struct fswalk_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
	for (i = 0; i < r->nusers; i++)
		free(r->users[i].name);
	for (i = 0; i < r->ngroups; i++)
		free(r->groups[i].name);
	free(r->users);
	free(r->groups);
	free(r->root);
	free(r->scope);
	free(r);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct fswalk_entry *x = *(const struct fswalk_entry *const *)a;
	const struct fswalk_entry *y = *(const struct fswalk_entry *const *)b;

	return strcmp(x->path, y->path);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs the threads over the queued starts; the caller's thread is one of
 * them. */
static void run_workers(struct worker *w, int nthreads)
{
	sigset_t all, old;
	int i, started = 1;

	sigfillset(&all);
	/* Helper threads take no signals: the process's handlers expect
	 * the main thread. */
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 1; i < nthreads; i++) {
		if (pthread_create(&w[i].tid, NULL, worker_run, &w[i]) != 0)
			break;
		started++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	worker_run(&w[0]);
	for (i = 1; i < started; i++)
		pthread_join(w[i].tid, NULL);
}

/* Walks the scope of the current root.  The result, or NULL (err set). */
static struct fswalk_result *walk_all(bool deep, char *err, size_t errsize)
{
	struct buf scope = BUF_INIT(1u << 16);
	struct fswalk_result *r;
	struct worker *w = NULL;
	struct shared s;
	int64_t t0 = now_ms();
	size_t total = 0, i, k;
	long ncpu;
	int nthreads, d;

	memset(&s, 0, sizeof(s));
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.cv, NULL);
	s.deep = deep;
	s.proc_fd = access("/proc/self/fd", X_OK) == 0;
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	nthreads = ncpu < 1 ? 1 : ncpu > FSWALK_THREADS ? FSWALK_THREADS :
							 (int)ncpu;
	r = calloc(1, sizeof(*r));
	if (!r)
		goto oom;
	s.acct = r;
	r->deep = deep;
	r->root = strdup(hostfs_root());
	w = calloc((size_t)nthreads, sizeof(*w));
	if (!w)
		goto oom;
	for (i = 0; i < (size_t)nthreads; i++)
		w[i].s = &s;
	if (!r->root ||
	    load_ids("/etc/passwd", false, &r->users, &r->nusers) < 0 ||
	    load_ids("/etc/group", true, &r->groups, &r->ngroups) < 0 ||
	    queue_starts(&s, &w[0], &scope, &r->skipped_mounts) < 0)
		goto oom;
	run_workers(w, nthreads);
	if (atomic_load(&s.oom))
		goto oom;
	for (i = 0; i < (size_t)nthreads; i++)
		total += w[i].n;
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): array of pointers */
	r->v = malloc((total ? total : 1) * sizeof(*r->v));
	if (!r->v)
		goto oom;
	for (i = 0; i < (size_t)nthreads; i++) {
		for (k = 0; k < w[i].n; k++)
			r->v[r->n++] = w[i].v[k];
		w[i].n = 0;
		r->directories += w[i].directories;
		r->skipped_mounts += w[i].skipped;
	}
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): array of pointers */
	qsort(r->v, r->n, sizeof(*r->v), cmp_entry);
	r->entries = atomic_load(&s.entries);
	r->incomplete = atomic_load(&s.incomplete);
	r->scope = buf_detach(&scope, NULL);
	if (!r->scope)
		goto oom;
	r->elapsed_ms = now_ms() - t0;
	goto out;
oom:
	snprintf(err, errsize, "out of memory");
	result_free(r);
	r = NULL;
out:
	for (i = 0; w && i < (size_t)nthreads; i++) {
		for (k = 0; k < w[i].n; k++)
			free(w[i].v[k]);
		free(w[i].v);
		for (d = 0; d <= FSWALK_MAX_DEPTH; d++)
			free(w[i].bufs[d]);
	}
	free(w);
	for (i = 0; i < s.qn; i++) {
		close(s.queue[i].fd);
		free(s.queue[i].path);
	}
	free(s.seen);
	buf_release(&scope);
	pthread_cond_destroy(&s.cv);
	pthread_mutex_destroy(&s.mu);
	return r;
}

static bool default_deep;
static struct fswalk_result *cache[2]; /* [deep] */

void fswalk_set_deep(bool deep)
{
	default_deep = deep;
}

bool fswalk_get_deep(void)
{
	return default_deep;
}

void fswalk_reset(void)
{
	result_free(cache[0]);
	result_free(cache[1]);
	cache[0] = cache[1] = NULL;
}

const struct fswalk_result *fswalk_get(bool deep, char *err, size_t errsize)
{
	struct fswalk_result **c = &cache[deep ? 1 : 0];

	if (*c && strcmp((*c)->root, hostfs_root()) != 0)
		fswalk_reset();
	if (!*c)
		*c = walk_all(deep, err, errsize);
	return *c;
}
