/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filesystem.c: the filesystem logger plugin (see logger.h).
 *
 * Three files in logger_path, one per channel, each a sequence of JSON
 * lines, mode 0600, opened O_APPEND | O_NOFOLLOW.  The directory is
 * created 0700 when missing (its parent must exist).
 *
 * A batch is written in pieces of up to 1 MiB; if a write comes up short
 * (ENOSPC, EDQUOT, EIO) the file is cut back to its size before the batch
 * and the batch is refused, so a file never holds half a line.
 * Result and snapshot batches are then fdatasync()ed: the queue deletes
 * lines once this returns, and they must not be lost after that.
 *
 * Rotation: when a write would take a file past logger_rotate_size, the
 * file becomes NAME.1 (NAME.1 becomes NAME.2, ...; the oldest past
 * logger_rotate_max_files is removed) and a new NAME is started.  A file
 * that was moved or removed by someone else (logrotate) is noticed by its
 * inode and reopened.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log/logger.h"
#include "util/buf.h"

static const char *const file_names[LOG_CH_COUNT] = {
	LOGGER_RESULTS_FILE, LOGGER_SNAPSHOTS_FILE, LOGGER_STATUS_FILE,
};

struct fsfile {
	int fd;
	char path[4096];
	off_t size;
	dev_t dev;
	ino_t ino;
};

struct fslog {
	struct fsfile f[LOG_CH_COUNT];
	bool rotate;
	int64_t rotate_size;
	int64_t max_files;
	struct buf out; /* a batch's bytes, staged for write() */
};

/*
 * Cuts off a torn last line (a crash in the middle of a write): the file
 * ends after its last newline.  The lines it held are still queued.
 */
static int cut_torn_tail(struct fsfile *f)
{
	char chunk[65536];
	off_t end = f->size;

	while (end > 0) {
		size_t n = end > (off_t)sizeof(chunk) ? sizeof(chunk) : (size_t)end;
		ssize_t got = pread(f->fd, chunk, n, end - (off_t)n);
		size_t i;

		if (got != (ssize_t)n)
			return -1;
		if (end == f->size && chunk[n - 1] == '\n')
			return 0;
		for (i = n; i > 0; i--)
			if (chunk[i - 1] == '\n')
				break;
		if (i > 0) {
			end = end - (off_t)n + (off_t)i;
			break;
		}
		end -= (off_t)n;
	}
	if (ftruncate(f->fd, end) < 0)
		return -1;
	f->size = end;
	return 0;
}

static int open_file(struct fsfile *f, char *err, size_t errsize)
{
	struct stat st;

	/* Read-write only to look for a torn last line. */
	f->fd = open(f->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC |
			      O_NOFOLLOW | O_NOCTTY, 0600);
	if (f->fd < 0) {
		snprintf(err, errsize, "cannot open log file '%s': %s", f->path,
			 strerror(errno));
		return -1;
	}
	if (fstat(f->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errsize, "log file '%s' is not a regular file",
			 f->path);
		goto fail;
	}
	if ((st.st_mode & 07777) != 0600 && fchmod(f->fd, 0600) < 0) {
		snprintf(err, errsize, "cannot make log file '%s' private: %s",
			 f->path, strerror(errno));
		goto fail;
	}
	f->size = st.st_size;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	if (f->size > 0 && cut_torn_tail(f) < 0) {
		snprintf(err, errsize, "cannot repair the end of log file "
			 "'%s': %s", f->path, strerror(errno));
		goto fail;
	}
	return 0;
fail:
	close(f->fd);
	f->fd = -1;
	return -1;
}

static void fs_close(void *state)
{
	struct fslog *fs = state;
	int i;

	if (!fs)
		return;
	for (i = 0; i < LOG_CH_COUNT; i++)
		if (fs->f[i].fd >= 0)
			close(fs->f[i].fd);
	buf_release(&fs->out);
	free(fs);
}

static int fs_open(void **state, const struct logger_conf *conf, char *err,
		   size_t errsize)
{
	struct fslog *fs = calloc(1, sizeof(*fs));
	struct stat st;
	int i;

	*state = NULL;
	if (!fs) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	for (i = 0; i < LOG_CH_COUNT; i++)
		fs->f[i].fd = -1;
	buf_init(&fs->out, (size_t)1 << 20);
	fs->rotate = conf->rotate;
	fs->rotate_size = conf->rotate_size;
	fs->max_files = conf->rotate_max_files;
	if (mkdir(conf->path, 0700) < 0 && errno != EEXIST) {
		snprintf(err, errsize, "cannot create log directory '%s': %s",
			 conf->path, strerror(errno));
		goto fail;
	}
	if (stat(conf->path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errsize, "log directory '%s' is not a directory",
			 conf->path);
		goto fail;
	}
	for (i = 0; i < LOG_CH_COUNT; i++) {
		if (snprintf(fs->f[i].path, sizeof(fs->f[i].path), "%s/%s",
			     conf->path, file_names[i]) >=
		    (int)sizeof(fs->f[i].path)) {
			snprintf(err, errsize, "log directory '%s': path too "
				 "long", conf->path);
			goto fail;
		}
		if (open_file(&fs->f[i], err, errsize) < 0)
			goto fail;
	}
	*state = fs;
	return 0;
fail:
	fs_close(fs);
	return -1;
}

/* Moves NAME to NAME.1, shifting the older ones; reopens NAME. */
static int rotate(struct fslog *fs, struct fsfile *f, char *err,
		  size_t errsize)
{
	char from[4200], to[4200];
	int64_t i;

	snprintf(to, sizeof(to), "%s.%lld", f->path, (long long)fs->max_files);
	unlink(to);
	for (i = fs->max_files - 1; i >= 1; i--) {
		snprintf(from, sizeof(from), "%s.%lld", f->path, (long long)i);
		snprintf(to, sizeof(to), "%s.%lld", f->path, (long long)i + 1);
		if (rename(from, to) < 0 && errno != ENOENT)
			break;
	}
	snprintf(to, sizeof(to), "%s.1", f->path);
	if (rename(f->path, to) < 0) {
		snprintf(err, errsize, "cannot rotate '%s': %s", f->path,
			 strerror(errno));
		return -1;
	}
	close(f->fd);
	return open_file(f, err, errsize);
}

/* Reopens a file someone else moved or removed. */
static int follow(struct fsfile *f, char *err, size_t errsize)
{
	struct stat st;

	if (f->fd >= 0 && stat(f->path, &st) == 0 && st.st_dev == f->dev &&
	    st.st_ino == f->ino)
		return 0;
	if (f->fd >= 0)
		close(f->fd);
	return open_file(f, err, errsize);
}

/* Writes all of p; 0, or -1 with errno (ENOSPC for a write of 0). */
static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes the staged bytes; 0 or -1 with errno. */
static int flush_out(struct fslog *fs, int fd)
{
	int rc = write_all(fd, fs->out.data ? fs->out.data : "", fs->out.len);

	buf_reset(&fs->out);
	return rc;
}

static int fs_write(void *state, enum log_channel ch,
		    const struct logger_line *lines, size_t n, char *err,
		    size_t errsize)
{
	struct fslog *fs = state;
	struct fsfile *f = &fs->f[ch];
	size_t i, total = 0;
	struct stat st;
	off_t start;
	int e;

	if (follow(f, err, errsize) < 0)
		return -1;
	for (i = 0; i < n; i++)
		total += lines[i].len + 1;
	if (fstat(f->fd, &st) == 0)
		f->size = st.st_size; /* someone may have truncated it */
	if (fs->rotate && f->size > 0 &&
	    f->size + (off_t)total > (off_t)fs->rotate_size &&
	    rotate(fs, f, err, errsize) < 0)
		return -1;
	start = f->size;
	/* Lines are staged in fs->out and written in large pieces; a line
	 * larger than the stage is written on its own. */
	buf_reset(&fs->out);
	for (i = 0; i < n; i++) {
		const struct logger_line *l = &lines[i];

		if (fs->out.len + l->len + 1 > fs->out.cap &&
		    flush_out(fs, f->fd) < 0)
			goto fail;
		if (l->len + 1 > fs->out.cap) {
			if (write_all(f->fd, l->text, l->len) < 0 ||
			    write_all(f->fd, "\n", 1) < 0)
				goto fail;
			continue;
		}
		/* Cannot fail: the stage had room. */
		buf_add(&fs->out, l->text, l->len);
		buf_addc(&fs->out, '\n');
	}
	if (flush_out(fs, f->fd) < 0)
		goto fail;
	if (ch != LOG_CH_STATUS && fdatasync(f->fd) < 0)
		goto fail;
	f->size = start + (off_t)total;
	return 0;
fail:
	e = errno;
	buf_reset(&fs->out);
	if (ftruncate(f->fd, start) < 0) {
		/* What is there stays; the torn line is cut at the next
		 * open. */
	}
	snprintf(err, errsize, "cannot write '%s': %s", f->path, strerror(e));
	return -1;
}

const struct logger_plugin logger_filesystem = {
	"filesystem", fs_open, fs_write, fs_close,
};
