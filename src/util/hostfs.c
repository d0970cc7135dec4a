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
 */
#include "util/hostfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/buf.h"

static int root_fd = -1;
static char root_path[PATH_MAX] = "/";

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
	memset(&how, 0, sizeof(how));
	how.flags = (unsigned long long)(oflags | O_CLOEXEC);
	how.resolve = RESOLVE_IN_ROOT;
	if (flags & HOSTFS_NOFOLLOW)
		how.resolve |= RESOLVE_NO_SYMLINKS;
	do
		fd = syscall(SYS_openat2, dfd, rel, &how, sizeof(how));
	while (fd < 0 && errno == EINTR);
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
