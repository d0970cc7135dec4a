/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hostfs.c: root-prefixed, bounded reads of the host (see hostfs.h).
 *
 * The root is held open as a directory descriptor; every path is resolved
 * beneath it by openat2(2) with RESOLVE_IN_ROOT, which treats the root as
 * "/" for absolute symlinks and "..", so nothing outside the root is ever
 * reached.  Calls that act on a name rather than a descriptor (lstat,
 * readlink) open the parent directory that way and then act on the last
 * component relative to it.
 *
 * Kernels before Linux 5.6 have no openat2, and some container runtimes'
 * seccomp profiles answer it with ENOSYS.  Then hostfs walks the path
 * itself, with the same guarantee: one component at a time from the root,
 * each opened relative to the directory before it with O_NOFOLLOW, so the
 * kernel follows no link and resolves no ".."; a link is read and its
 * target spliced into the path still to walk (an absolute one from the
 * root again), and ".." goes back to the directory the walk came from,
 * never above the root.  A directory renamed away during the walk cannot
 * lead outside: the walk never asks the kernel for a parent.  Kernel magic
 * links (/proc/PID/exe) are read as plain links there, so they resolve to
 * the path they name inside the root, where openat2 refuses them.
 */
#include "util/hostfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/buf.h"

/* Symbolic links one path may pass through, as the kernel allows. */
#define WALK_MAX_LINKS 40
/* Directories a walk holds open at once: the way back for "..". */
#define WALK_MAX_DEPTH 128

static int root_fd = -1;
static char root_path[PATH_MAX] = "/";
/* Set once openat2 has answered ENOSYS: walk from then on. */
static atomic_bool no_openat2;

int hostfs_init(const char *dir)
{
	int fd;
	size_t n;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = strlen(dir);
	if (n >= sizeof(root_path)) {
		close(fd);
		errno = ENAMETOOLONG;
		return -1;
	}
	if (root_fd >= 0)
		close(root_fd);
	root_fd = fd;
	memcpy(root_path, dir, n + 1);
	/* "/mnt/img/" and "/mnt/img" are the same root. */
	while (n > 1 && root_path[n - 1] == '/')
		root_path[--n] = '\0';
	return 0;
}

const char *hostfs_root(void)
{
	return root_path;
}

bool hostfs_is_live(void)
{
	return strcmp(root_path, "/") == 0;
}

static int rootfd(void)
{
	if (root_fd < 0 && hostfs_init("/") < 0)
		return -1;
	return root_fd;
}

/*
 * Puts target in front of what is left to walk (*rest, inside path's
 * PATH_MAX bytes): the walk goes on through the link's target.  0, or -1
 * with errno ENAMETOOLONG.
 */
static int link_splice(char *path, const char **rest, const char *target, size_t n)
{
	char tmp[PATH_MAX];
	size_t left = strlen(*rest);

	if (n + 1 + left + 1 > sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(tmp, target, n);
	if (left > 0)
		tmp[n++] = '/';
	memcpy(tmp + n, *rest, left + 1);
	memcpy(path, tmp, n + left + 1);
	*rest = path;
	return 0;
}

/*
 * Opens path beneath the root without openat2 (see the top of the file).
 * Returns a descriptor, or -1 with errno set.
 */
static int walk_open(int root, const char *in, int oflags, unsigned flags)
{
	/* O_NOFOLLOW is about the last component only, as in open(2). */
	const bool follow = !(flags & HOSTFS_NOFOLLOW);
	const bool follow_last = follow && !(oflags & O_NOFOLLOW);
	int dirs[WALK_MAX_DEPTH];
	char path[PATH_MAX], name[NAME_MAX + 1], target[PATH_MAX];
	const char *rest = path;
	int depth = 0, links = 0, fd = -1, saved;
	size_t n;

	n = strlen(in);
	if (n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, in, n + 1);
	for (;;) {
		int cur = depth ? dirs[depth - 1] : root;
		bool last, dir_wanted;
		struct stat st;
		ssize_t len;

		while (*rest == '/')
			rest++;
		if (!*rest) {
			/* The path ends in a directory already walked. */
			fd = openat(cur, ".", oflags | O_CLOEXEC);
			goto out;
		}
		n = strcspn(rest, "/");
		if (n > NAME_MAX) {
			errno = ENAMETOOLONG;
			goto fail;
		}
		memcpy(name, rest, n);
		name[n] = '\0';
		rest += n;
		/* "name/" must be a directory: it is walked into, not
		 * opened as the last component. */
		dir_wanted = *rest == '/';
		while (*rest == '/')
			rest++;
		last = !*rest && !dir_wanted;
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {
			if (depth > 0)
				close(dirs[--depth]);
			continue;
		}
		if (last) {
			fd = openat(cur, name, oflags | O_CLOEXEC | O_NOFOLLOW);
			if (fd >= 0) {
				/* O_PATH opens a link itself, which is what
				 * O_PATH | O_NOFOLLOW asks for. */
				if (!(oflags & O_PATH) || (oflags & O_NOFOLLOW) ||
				    fstat(fd, &st) < 0 || !S_ISLNK(st.st_mode))
					goto out;
				close(fd);
				errno = ELOOP;
			} else if (errno != ELOOP && errno != ENOTDIR) {
				goto out;
			}
			/* A link at the end says ELOOP (ENOTDIR with
			 * O_DIRECTORY): follow it, or refuse it. */
			saved = errno;
			len = readlinkat(cur, name, target, sizeof(target));
			if (len < 0) {
				if (errno == EINVAL) /* not a link after all */
					errno = saved;
				goto fail;
			}
			if (!follow_last) {
				errno = ELOOP;
				goto fail;
			}
		} else {
			int next = openat(cur, name,
					  O_PATH | O_NOFOLLOW | O_CLOEXEC);

			if (next < 0)
				goto fail;
			if (fstat(next, &st) < 0) {
				saved = errno;
				close(next);
				errno = saved;
				goto fail;
			}
			if (S_ISDIR(st.st_mode)) {
				if (depth == WALK_MAX_DEPTH) {
					close(next);
					errno = ENAMETOOLONG;
					goto fail;
				}
				dirs[depth++] = next;
				continue;
			}
			if (!S_ISLNK(st.st_mode) || !follow) {
				close(next);
				errno = S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR;
				goto fail;
			}
			len = readlinkat(next, "", target, sizeof(target));
			saved = errno;
			close(next);
			errno = saved;
		}
		if (len < 0)
			goto fail;
		if ((size_t)len >= sizeof(target) || len == 0) {
			errno = len ? ENAMETOOLONG : ENOENT;
			goto fail;
		}
		if (++links > WALK_MAX_LINKS) {
			errno = ELOOP;
			goto fail;
		}
		if (target[0] == '/')
			while (depth > 0)
				close(dirs[--depth]);
		/* "link/" at the end: its target must be a directory too. */
		if (dir_wanted && !*rest)
			rest = "/";
		if (link_splice(path, &rest, target, (size_t)len) < 0)
			goto fail;
	}
fail:
	fd = -1;
out:
	saved = errno;
	while (depth > 0)
		close(dirs[--depth]);
	errno = saved;
	return fd;
}

int hostfs_open(const char *path, int oflags, unsigned flags)
{
	struct open_how how;
	const char *rel = path;
	int dfd = rootfd();
	long fd;

	if (dfd < 0)
		return -1;
	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	if (atomic_load_explicit(&no_openat2, memory_order_relaxed))
		return walk_open(dfd, rel, oflags, flags);
	memset(&how, 0, sizeof(how));
	how.flags = (unsigned long long)(oflags | O_CLOEXEC);
	how.resolve = RESOLVE_IN_ROOT;
	if (flags & HOSTFS_NOFOLLOW)
		how.resolve |= RESOLVE_NO_SYMLINKS;
	do
		fd = syscall(SYS_openat2, dfd, rel, &how, sizeof(how));
	while (fd < 0 && errno == EINTR);
	if (fd < 0 && errno == ENOSYS) {
		atomic_store_explicit(&no_openat2, true, memory_order_relaxed);
		return walk_open(dfd, rel, oflags, flags);
	}
	return (int)fd;
}

int hostfs_read_file(const char *path, size_t cap, unsigned flags,
		     struct buf *out, bool *truncated)
{
	size_t start = out->len, chunk = 4096;
	struct stat st;
	int fd, saved;
	ssize_t n;

	if (truncated)
		*truncated = false;
	fd = hostfs_open(path, O_RDONLY | O_NONBLOCK, flags);
	if (fd < 0)
		return -1;
	/*
	 * A regular file says how big it is, so it is read in one call;
	 * /proc and /sys files say 0 and are read in chunks that double.
	 */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		chunk = (size_t)st.st_size + 1;
	for (;;) {
		size_t room, want = chunk;

		if (out->len - start >= cap) {
			char c;

			/* Full: one more byte says whether anything was cut. */
			n = read(fd, &c, 1);
			if (n > 0 && truncated)
				*truncated = true;
			break;
		}
		room = cap - (out->len - start);
		if (want > room)
			want = room;
		if (buf_grow(out, want) < 0)
			goto fail;
		n = read(fd, out->data + out->len, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		if (chunk < (1u << 20))
			chunk *= 2;
	}
	close(fd);
	if (!out->data && buf_grow(out, 0) < 0)
		return -1;
	return 0;
fail:
	saved = errno;
	close(fd);
	out->len = start;
	if (out->data)
		out->data[start] = '\0';
	errno = saved;
	return -1;
}

long hostfs_read_small(const char *path, char *dst, size_t size)
{
	ssize_t n;
	size_t got = 0;
	int fd;

	if (size == 0) {
		errno = EINVAL;
		return -1;
	}
	fd = hostfs_open(path, O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	while (got < size - 1) {
		n = read(fd, dst + got, size - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;

			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got > 0 && dst[got - 1] == '\n')
		got--;
	dst[got] = '\0';
	return (long)got;
}

/*
 * Splits path into its parent, opened as an O_PATH directory beneath the
 * root, and its last component.  Returns the descriptor or -1.
 */
static int open_parent(const char *path, const char **base, char *tmp,
		       size_t tmpsize)
{
	const char *slash;
	size_t n;

	n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n >= tmpsize) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(tmp, path, n);
	tmp[n] = '\0';
	slash = strrchr(tmp, '/');
	if (!slash || (slash == tmp && tmp[1] == '\0')) {
		/* The root itself, or a relative name. */
		*base = slash ? "." : tmp;
		return hostfs_open("/", O_PATH | O_DIRECTORY, 0);
	}
	*base = slash + 1;
	tmp[slash - tmp] = '\0';
	return hostfs_open(slash == tmp ? "/" : tmp, O_PATH | O_DIRECTORY, 0);
}

long hostfs_readlink(const char *path, char *dst, size_t size)
{
	char tmp[PATH_MAX];
	const char *base;
	ssize_t n;
	int dfd, saved;

	if (size == 0) {
		errno = EINVAL;
		return -1;
	}
	dfd = open_parent(path, &base, tmp, sizeof(tmp));
	if (dfd < 0)
		return -1;
	n = readlinkat(dfd, base, dst, size - 1);
	saved = errno;
	close(dfd);
	if (n < 0) {
		errno = saved;
		return -1;
	}
	dst[n] = '\0';
	return (long)n;
}

int hostfs_stat(const char *path, struct stat *st)
{
	int fd, rc, saved;

	fd = hostfs_open(path, O_PATH, 0);
	if (fd < 0)
		return -1;
	rc = fstat(fd, st);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int hostfs_lstat(const char *path, struct stat *st)
{
	char tmp[PATH_MAX];
	const char *base;
	int dfd, rc, saved;

	dfd = open_parent(path, &base, tmp, sizeof(tmp));
	if (dfd < 0)
		return -1;
	rc = fstatat(dfd, base, st, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
	saved = errno;
	close(dfd);
	errno = saved;
	return rc;
}

DIR *hostfs_opendir(const char *path, unsigned flags)
{
	DIR *d;
	int fd;

	fd = hostfs_open(path, O_RDONLY | O_DIRECTORY, flags);
	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return d;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool hostfs_no_dot_file(int dirfd, const struct dirent *de, void *arg)
{
	(void)dirfd;
	(void)arg;
	return de->d_name[0] != '.';
}

void hostfs_names_release(struct hostfs_names *names)
{
	size_t i;

	for (i = 0; i < names->n; i++)
		free(names->v[i]);
	free(names->v);
	names->v = NULL;
	names->n = 0;
}

int hostfs_list(const char *dir, unsigned flags, size_t max,
		bool (*keep)(int dirfd, const struct dirent *de, void *arg),
		void *arg, struct hostfs_names *out)
{
	struct dirent *de;
	size_t alloc = 0;
	DIR *d;

	out->v = NULL;
	out->n = 0;
	d = hostfs_opendir(dir, flags);
	if (!d)
		return -1;
	while (out->n < max && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (keep && !keep(dirfd(d), de, arg))
			continue;
		if (out->n == alloc) {
			size_t na = alloc ? alloc * 2 : 16;
			char **v = reallocarray(out->v, na, sizeof(*v));

			if (!v)
				goto nomem;
			out->v = v;
			alloc = na;
		}
		out->v[out->n] = strdup(de->d_name);
		if (!out->v[out->n])
			goto nomem;
		out->n++;
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_name);
	return 0;
nomem:
	closedir(d);
	hostfs_names_release(out);
	errno = ENOMEM;
	return -1;
}

int hostfs_join(char *dst, size_t size, const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	int n;

	while (dl > 0 && dir[dl - 1] == '/')
		dl--;
	n = snprintf(dst, size, "%.*s/%s", (int)dl, dir, name);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}
