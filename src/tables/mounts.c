/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mounts.c: the mounts table, the filesystems mounted on the host.
 *
 * Columns and their sources, one row per line of /proc/self/mountinfo:
 *   device            the mount source ("/dev/sda1", "tmpfs", "server:/x")
 *   device_alias      the source's canonical path when it is a path that
 *                     exists (symlinks such as /dev/disk/by-uuid/... or
 *                     /dev/mapper/x followed inside the root), else device
 *   path              the mount point, with the kernel's \040-style
 *                     escapes undone
 *   type              the filesystem type
 *   blocks_size ...   statfs(2) of the mount point: block size, blocks,
 *   inodes_free       free blocks, blocks free to unprivileged users,
 *                     inodes and free inodes
 *   flags             the options as /proc/mounts shows them: the
 *                     per-mount options, then the superblock options
 *                     without their leading rw/ro
 *
 * Required constraints: none.  Privileges: none; /proc/self/mountinfo is
 * world-readable, and statfs needs only search permission on the path.
 *
 * Example:
 *   SELECT path, type, flags FROM mounts WHERE flags NOT LIKE '%nosuid%'
 *     AND path IN ('/tmp', '/dev/shm', '/var/tmp');
 *
 * How it works: the table reads the mount table through hostfs and parses
 * each line with mountinfo_parse(); a malformed line is skipped.  The
 * statfs columns describe the running host, so they are filled only when
 * the root is "/" (an offline image's mount table says nothing about the
 * filesystems beneath --root), and never for network or FUSE-over-SSH
 * filesystems, where statfs can block for minutes on a dead server.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "sql/table.h"
#include "tables/mountinfo.h"
#include "util/buf.h"
#include "util/hostfs.h"

enum {
	C_DEVICE,
	C_DEVICE_ALIAS,
	C_PATH,
	C_TYPE,
	C_BLOCKS_SIZE,
	C_BLOCKS,
	C_BLOCKS_FREE,
	C_BLOCKS_AVAILABLE,
	C_INODES,
	C_INODES_FREE,
	C_FLAGS,
	C_NCOLS
};

static const struct column mounts_cols[] = {
	{ "device", COL_TEXT, 0, "Mounted device, as the mount source names it." },
	{ "device_alias", COL_TEXT, 0,
	  "Canonical path of the mounted device, symlinks resolved." },
	{ "path", COL_TEXT, 0, "Mounted device path (the mount point)." },
	{ "type", COL_TEXT, 0, "Mounted device type (filesystem type)." },
	{ "blocks_size", COL_BIGINT, 0,
	  "Block size in bytes (live host only)." },
	{ "blocks", COL_BIGINT, 0,
	  "Mounted device used blocks (total blocks, live host only)." },
	{ "blocks_free", COL_BIGINT, 0,
	  "Mounted device free blocks (live host only)." },
	{ "blocks_available", COL_BIGINT, 0,
	  "Mounted device available blocks for unprivileged users (live host only)." },
	{ "inodes", COL_BIGINT, 0,
	  "Mounted device used inodes (total inodes, live host only)." },
	{ "inodes_free", COL_BIGINT, 0,
	  "Mounted device free inodes (live host only)." },
	{ "flags", COL_TEXT, 0,
	  "Mount options, per-mount then superblock, as /proc/mounts shows them." },
};

_Static_assert(TABLE_NCOLS(mounts_cols) == C_NCOLS,
	       "mounts column enum and array disagree");

/* Symlinks followed while resolving one device path, as the kernel allows. */
#define MAX_LINKS 40

/* Filesystems whose statfs can hang on an unreachable server. */
static const char *const remote_types[] = {
	"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "ceph",
	"glusterfs", "fuse.glusterfs", "afs", "lustre",
};

static bool is_remote(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(remote_types) / sizeof(remote_types[0]); i++)
		if (strcmp(type, remote_types[i]) == 0)
			return true;
	return false;
}

/* Drops the last component of the absolute path in out (length *len). */
static void pop_component(char *out, size_t *len)
{
	while (*len > 0 && out[*len - 1] != '/')
		(*len)--;
	if (*len > 0)
		(*len)--;
	out[*len] = '\0';
}

/*
 * Resolves the absolute host path in into its canonical form in out (size
 * PATH_MAX), following symlinks beneath the hostfs root as realpath(3)
 * would.  Returns 0, or -1 when the path or a link target does not exist,
 * loops, or is too long.
 */
static int resolve_path(const char *in, char *out)
{
	char rest[PATH_MAX * 2], target[PATH_MAX];
	size_t len = 0, restlen, pos = 0;
	int links = 0;

	restlen = strlen(in);
	if (restlen >= sizeof(rest) || in[0] != '/')
		return -1;
	memcpy(rest, in, restlen + 1);
	out[0] = '\0';

	while (pos < restlen) {
		size_t start, clen;
		struct stat st;
		long tlen;

		while (pos < restlen && rest[pos] == '/')
			pos++;
		start = pos;
		while (pos < restlen && rest[pos] != '/')
			pos++;
		clen = pos - start;
		if (clen == 0 || (clen == 1 && rest[start] == '.'))
			continue;
		if (clen == 2 && rest[start] == '.' && rest[start + 1] == '.') {
			pop_component(out, &len);
			continue;
		}
		if (len + 1 + clen >= PATH_MAX)
			return -1;
		out[len++] = '/';
		memcpy(out + len, rest + start, clen);
		len += clen;
		out[len] = '\0';

		if (hostfs_lstat(out, &st) < 0)
			return -1;
		if (!S_ISLNK(st.st_mode))
			continue;
		if (++links > MAX_LINKS)
			return -1;
		tlen = hostfs_readlink(out, target, sizeof(target));
		if (tlen <= 0 || (size_t)tlen >= sizeof(target) - 1)
			return -1;

		/* New remainder: the link's target, then what was left. */
		{
			size_t left = restlen - pos;

			if ((size_t)tlen + 1 + left >= sizeof(rest))
				return -1;
			memmove(rest + tlen + 1, rest + pos, left);
			memcpy(rest, target, (size_t)tlen);
			rest[tlen] = '/';
			restlen = (size_t)tlen + 1 + left;
			rest[restlen] = '\0';
			pos = 0;
		}
		if (target[0] == '/') {
			len = 0;
			out[0] = '\0';
		} else {
			pop_component(out, &len);
		}
	}
	if (len == 0) {
		out[0] = '/';
		out[1] = '\0';
	}
	return 0;
}

/* Appends per-mount options and superblock options, as /proc/mounts does. */
static int build_flags(struct buf *b, const char *mnt, const char *super)
{
	buf_reset(b);
	if (buf_adds(b, mnt) < 0)
		return -1;
	if (strncmp(super, "rw", 2) == 0 || strncmp(super, "ro", 2) == 0) {
		if (super[2] == '\0')
			return 0;
		if (super[2] == ',')
			super += 3;
	}
	if (!*super)
		return 0;
	if (b->len > 0 && buf_addc(b, ',') < 0)
		return -1;
	return buf_adds(b, super);
}

static void set_statfs(struct qctx *q, const char *path)
{
	struct statfs sfs;
	int fd, rc;

	/* O_PATH without O_DIRECTORY: a bind-mounted file works too, and an
	 * autofs mount point is not triggered. */
	fd = hostfs_open(path, O_PATH, 0);
	if (fd < 0)
		return;
	rc = fstatfs(fd, &sfs);
	close(fd);
	if (rc < 0)
		return;
	qctx_set_int(q, C_BLOCKS_SIZE, (int64_t)sfs.f_bsize);
	qctx_set_int(q, C_BLOCKS, (int64_t)sfs.f_blocks);
	qctx_set_int(q, C_BLOCKS_FREE, (int64_t)sfs.f_bfree);
	qctx_set_int(q, C_BLOCKS_AVAILABLE, (int64_t)sfs.f_bavail);
	qctx_set_int(q, C_INODES, (int64_t)sfs.f_files);
	qctx_set_int(q, C_INODES_FREE, (int64_t)sfs.f_ffree);
}

static int emit(struct qctx *q, const struct mountinfo *mi, struct buf *flags,
		bool live)
{
	char alias[PATH_MAX];

	if (qctx_row(q) < 0)
		return -1;
	qctx_set_text(q, C_DEVICE, mi->source);
	if (qctx_used(q, C_DEVICE_ALIAS)) {
		if (mi->source[0] == '/' && resolve_path(mi->source, alias) == 0)
			qctx_set_text(q, C_DEVICE_ALIAS, alias);
		else
			qctx_set_text(q, C_DEVICE_ALIAS, mi->source);
	}
	qctx_set_text(q, C_PATH, mi->mount_point);
	qctx_set_text(q, C_TYPE, mi->fstype);
	if (qctx_used(q, C_FLAGS) &&
	    build_flags(flags, mi->mount_opts, mi->super_opts) == 0)
		qctx_set_textn(q, C_FLAGS, flags->data, flags->len);
	if (live && !is_remote(mi->fstype) &&
	    (qctx_used(q, C_BLOCKS_SIZE) || qctx_used(q, C_BLOCKS) ||
	     qctx_used(q, C_BLOCKS_FREE) || qctx_used(q, C_BLOCKS_AVAILABLE) ||
	     qctx_used(q, C_INODES) || qctx_used(q, C_INODES_FREE)))
		set_statfs(q, mi->mount_point);
	return 0;
}

static int mounts_generate(struct qctx *q)
{
	struct buf content = BUF_INIT(HOSTFS_READ_MAX);
	struct buf flags = BUF_INIT(1u << 16);
	struct mountinfo mi;
	bool live = hostfs_is_live();
	char err[128], *line, *next;
	int rc = 0;

	if (hostfs_read_file("/proc/self/mountinfo", HOSTFS_READ_MAX, 0,
			     &content, NULL) < 0)
		goto out; /* No mount table: an empty table. */

	for (line = content.data; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (mountinfo_parse(line, &mi, err, sizeof(err)) < 0)
			continue;
		if (emit(q, &mi, &flags, live) < 0) {
			rc = -1;
			goto out;
		}
	}
out:
	buf_release(&content);
	buf_release(&flags);
	return rc;
}

static const struct table mounts_table = {
	.name = "mounts",
	.desc = "System mounts and their filesystem attributes.",
	.cols = mounts_cols,
	.ncols = C_NCOLS,
	.generate = mounts_generate,
};

TABLE_REGISTER(mounts_table);
