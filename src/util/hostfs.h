/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hostfs: the one layer through which vigil reads the host.
 *
 * Every path a table asks for is a host path ("/proc/1/stat", "/etc/passwd").
 * hostfs resolves it beneath a root directory chosen once at start-up
 * (--root DIR, default "/") with openat2(RESOLVE_IN_ROOT), so an absolute
 * symlink inside a mounted image resolves inside that image and ".." can
 * never climb out of it; where the kernel has no openat2 (before Linux
 * 5.6, or a seccomp profile that hides it), hostfs walks the path itself
 * under the same rule.  Tests point the root at fixture trees.
 *
 * Reads are bounded: a caller names a cap and never gets more.  Files and
 * processes may vanish between listing and reading; those calls fail with
 * errno ENOENT or ESRCH and callers treat that as "no row" or NULL.
 *
 * All descriptors are opened O_CLOEXEC.  HOSTFS_NOFOLLOW refuses symlinks
 * anywhere in the path, for reads of files in places other users control.
 */
#ifndef VIGIL_HOSTFS_H
#define VIGIL_HOSTFS_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

struct buf;

enum hostfs_flags {
	HOSTFS_NOFOLLOW = 1 << 0, /* no symlink in any component */
};

/* Default cap for hostfs_read_file: enough for any /proc or /etc text file. */
#define HOSTFS_READ_MAX (8u << 20)

/*
 * Sets the root.  Call once, before any other hostfs call; later calls
 * replace the root.  Returns 0, or -1 with errno set when dir cannot be
 * opened as a directory.
 */
int hostfs_init(const char *dir);

/* The root as given to hostfs_init ("/" by default).  Never NULL. */
const char *hostfs_root(void);

/* True when the root is "/": the tables describe the running host. */
bool hostfs_is_live(void);

/*
 * Opens a host path (absolute, as seen on the host) with open(2) flags
 * (O_RDONLY, O_DIRECTORY, O_PATH, O_NONBLOCK ...) plus hostfs_flags.
 * O_CLOEXEC is always added.  Returns a descriptor the caller closes, or -1.
 */
int hostfs_open(const char *path, int oflags, unsigned flags);

/*
 * Reads a whole file into out (appending), refusing more than cap bytes:
 * when the file is longer, the first cap bytes are kept and *truncated
 * (if not NULL) is set.  The buffer is always NUL-terminated.  Returns 0 or
 * -1 with errno set; on failure out keeps what it held before.
 */
int hostfs_read_file(const char *path, size_t cap, unsigned flags,
		     struct buf *out, bool *truncated);

/*
 * Reads at most size-1 bytes of a small file into dst and NUL-terminates
 * it, stripping one trailing newline.  Returns the length or -1.
 */
long hostfs_read_small(const char *path, char *dst, size_t size);

/* Reads a symlink's target into dst (NUL-terminated, cut to size-1).
 * Returns the length or -1. */
long hostfs_readlink(const char *path, char *dst, size_t size);

/* stat(2) following symlinks inside the root, and lstat(2). 0 or -1. */
int hostfs_stat(const char *path, struct stat *st);
int hostfs_lstat(const char *path, struct stat *st);

/* Opens a directory for readdir(); the caller closedir()s it.  NULL on error. */
DIR *hostfs_opendir(const char *path, unsigned flags);

/* A directory's entry names, sorted (see hostfs_list). */
struct hostfs_names {
	char **v;
	size_t n;
};

/*
 * Lists the entries of a directory, "." and ".." left out, keeping those
 * keep() accepts (every entry when keep is NULL; keep gets the open
 * directory's descriptor for fstatat), at most max of them, sorted by
 * name so output is the same from run to run.  Returns 0 with the names
 * in out (hostfs_names_release() them), or -1 with errno set (the
 * directory cannot be opened, or memory ran out); out is then empty.
 */
int hostfs_list(const char *dir, unsigned flags, size_t max,
		bool (*keep)(int dirfd, const struct dirent *de, void *arg),
		void *arg, struct hostfs_names *out);
void hostfs_names_release(struct hostfs_names *names);

/* A keep() for hostfs_list that leaves out dot files. */
bool hostfs_no_dot_file(int dirfd, const struct dirent *de, void *arg);

/*
 * Joins a directory and a name into dst ("/etc" + "passwd" -> "/etc/passwd").
 * Returns 0, or -1 (errno ENAMETOOLONG) when it does not fit.
 */
int hostfs_join(char *dst, size_t size, const char *dir, const char *name);

#endif
