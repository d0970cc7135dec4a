/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of fswalk: the filesystem-type decisions on statfs magic
 * numbers, and the walk of a tree built in a temporary directory that
 * hostfs_init() makes the root:
 *
 *   etc/passwd, etc/group  root and the running user, so the tree's own
 *                          files are owned
 *   usr/bin/{su 4755, wall 2755, both 6755, plain 0755, sticky 1755}
 *   bin -> usr/bin         merged /usr: reported once, under /usr/bin
 *   tmp/ 1777, dev/shm/ 1777, dev/null (a 0666 regular file)
 *   var/tmp/open/ 0777 holding f 0666 and fifo 0666
 *   var/lnk -> ../usr/bin  a symlinked directory, never entered
 *   var/loop -> loop, var/a -> b, var/b -> a   symlink loops
 *   data/hidden 4755       outside the default starts: deep only
 *   data/srv/g 2711, srv -> data/srv   a symlinked start, walked under
 *                          its real path
 *   opt/locked/ 000 holding s 4700   unreadable but to root
 * and, as root only: home/u/noown (4242:4343), home/u/nogrp (uid:4343),
 * home/u/link (a symbolic link owned by 4242), usr/bin/ping (0755 with
 * cap_net_raw+ep), usr/bin/nox (0644 with the same: not read, by design).
 *
 * The expected rows are exact.  A second tree nests directories deeper
 * than FSWALK_MAX_DEPTH and must come back incomplete.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "tables/fswalk.h"
#include "util/buf.h"
#include "util/hostfs.h"

static char base[256], root[512];
static bool as_root, caps_ok;

static void path_of(char *dst, size_t size, const char *rel)
{
	snprintf(dst, size, "%s/%s", root, rel);
}

static int put(const char *rel, const char *text, mode_t mode)
{
	char p[1024];
	FILE *f;

	path_of(p, sizeof(p), rel);
	f = fopen(p, "w");
	if (!f)
		return -1;
	fputs(text, f);
	fclose(f);
	return chmod(p, mode);
}

static int dir(const char *rel, mode_t mode)
{
	char p[1024];

	path_of(p, sizeof(p), rel);
	if (mkdir(p, 0700) < 0)
		return -1;
	return chmod(p, mode);
}

static int link_at(const char *target, const char *rel)
{
	char p[1024];

	path_of(p, sizeof(p), rel);
	return symlink(target, p);
}

static int own(const char *rel, uid_t uid, gid_t gid, mode_t mode)
{
	char p[1024];

	path_of(p, sizeof(p), rel);
	/* chown clears the setuid and setgid bits: set the mode after. */
	if (lchown(p, uid, gid) < 0)
		return -1;
	return mode ? chmod(p, mode) : 0;
}

/* cap_net_raw (13) permitted and effective, revision 2. */
static int set_caps(const char *rel)
{
	static const unsigned char v[20] = { 0x01, 0x00, 0x00, 0x02,
					     0x00, 0x20, 0x00, 0x00 };
	char p[1024];

	path_of(p, sizeof(p), rel);
	return setxattr(p, "security.capability", v, sizeof(v), 0);
}

static int build(void)
{
	char text[512];

	if (dir("", 0755) < 0 || dir("etc", 0755) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "root:x:0:0:root:/root:/bin/sh\n"
		 "me:x:%u:%u::/home/u:/bin/sh\n",
		 (unsigned)getuid(), (unsigned)getgid());
	if (put("etc/passwd", text, 0644) < 0)
		return -1;
	snprintf(text, sizeof(text), "root:x:0:\nme:x:%u:\n",
		 (unsigned)getgid());
	if (put("etc/group", text, 0644) < 0)
		return -1;
	if (dir("usr", 0755) < 0 || dir("usr/bin", 0755) < 0 ||
	    put("usr/bin/su", "x", 04755) < 0 ||
	    put("usr/bin/wall", "x", 02755) < 0 ||
	    put("usr/bin/both", "x", 06755) < 0 ||
	    put("usr/bin/plain", "x", 0755) < 0 ||
	    put("usr/bin/sticky", "x", 01755) < 0 ||
	    link_at("usr/bin", "bin") < 0 || dir("tmp", 01777) < 0 ||
	    dir("dev", 0755) < 0 || dir("dev/shm", 01777) < 0 ||
	    put("dev/null", "", 0666) < 0 || dir("var", 0755) < 0 ||
	    dir("var/tmp", 0755) < 0 || dir("var/tmp/open", 0777) < 0 ||
	    put("var/tmp/open/f", "x", 0666) < 0 ||
	    link_at("../usr/bin", "var/lnk") < 0 ||
	    link_at("loop", "var/loop") < 0 || link_at("b", "var/a") < 0 ||
	    link_at("a", "var/b") < 0 || dir("data", 0755) < 0 ||
	    put("data/hidden", "x", 04755) < 0 ||
	    dir("data/srv", 0755) < 0 || put("data/srv/g", "x", 02711) < 0 ||
	    link_at("data/srv", "srv") < 0 || dir("opt", 0755) < 0 ||
	    dir("opt/locked", 0700) < 0 ||
	    put("opt/locked/s", "x", 04700) < 0 ||
	    dir("home", 0755) < 0 || dir("home/u", 0755) < 0)
		return -1;
	{
		char p[1024];

		path_of(p, sizeof(p), "var/tmp/open/fifo");
		if (mkfifo(p, 0600) < 0 || chmod(p, 0666) < 0)
			return -1;
		path_of(p, sizeof(p), "opt/locked");
		if (chmod(p, 0) < 0)
			return -1;
	}
	if (as_root) {
		if (put("home/u/noown", "x", 0644) < 0 ||
		    own("home/u/noown", 4242, 4343, 0644) < 0 ||
		    put("home/u/nogrp", "x", 0644) < 0 ||
		    own("home/u/nogrp", getuid(), 4343, 0644) < 0 ||
		    link_at("nowhere", "home/u/link") < 0 ||
		    own("home/u/link", 4242, getgid(), 0) < 0 ||
		    put("usr/bin/ping", "x", 0755) < 0 ||
		    put("usr/bin/nox", "x", 0644) < 0)
			return -1;
		caps_ok = set_caps("usr/bin/ping") == 0 &&
			  set_caps("usr/bin/nox") == 0;
	}
	return 0;
}

static int rm_one(const char *p, const struct stat *st, int type,
		  struct FTW *f)
{
	(void)st;
	(void)f;
	return type == FTW_DP ? rmdir(p) : unlink(p);
}

static int setup(void **state)
{
	(void)state;
	as_root = geteuid() == 0;
	snprintf(base, sizeof(base), "/tmp/vigil-fswalk-XXXXXX");
	if (!mkdtemp(base))
		return -1;
	snprintf(root, sizeof(root), "%s/root", base);
	if (build() < 0)
		return -1;
	fswalk_reset();
	fswalk_set_deep(false);
	return hostfs_init(root);
}

static int teardown(void **state)
{
	char p[1024];

	(void)state;
	fswalk_reset();
	hostfs_init("/");
	path_of(p, sizeof(p), "opt/locked");
	chmod(p, 0700);
	/* Remove the tree without running a program; base is never "". */
	if (base[0] == '/' && strlen(base) > 5)
		nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

/* The kept entries, one a line: path, mode, flags (S setuid, G setgid,
 * W world-writable, U no user, N no group, C capabilities). */
static char *dump(const struct fswalk_result *r)
{
	struct buf b = BUF_INIT(1u << 20);
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct fswalk_entry *e = r->v[i];

		buf_printf(&b, "%s %04o %s%s%s%s%s%s\n", e->path,
			   (unsigned)(e->mode & 07777),
			   e->flags & FSWALK_SETUID ? "S" : "",
			   e->flags & FSWALK_SETGID ? "G" : "",
			   e->flags & FSWALK_WORLD_WRITABLE ? "W" : "",
			   e->flags & FSWALK_NO_USER ? "U" : "",
			   e->flags & FSWALK_NO_GROUP ? "N" : "",
			   e->flags & FSWALK_CAPS ? "C" : "");
	}
	return buf_detach(&b, NULL);
}

static void expect(const struct fswalk_result *r, bool deep)
{
	struct buf want = BUF_INIT(1u << 20);
	char *got;

	if (deep)
		buf_adds(&want, "/data/hidden 4755 S\n");
	buf_adds(&want, "/data/srv/g 2711 G\n"
			"/dev/shm 1777 W\n");
	if (as_root)
		buf_adds(&want, "/home/u/link 0777 U\n"
				"/home/u/nogrp 0644 N\n"
				"/home/u/noown 0644 UN\n"
				"/opt/locked/s 4700 S\n");
	buf_adds(&want, "/tmp 1777 W\n"
			"/usr/bin/both 6755 SG\n");
	if (as_root && caps_ok)
		buf_adds(&want, "/usr/bin/ping 0755 C\n");
	buf_adds(&want, "/usr/bin/su 4755 S\n"
			"/usr/bin/wall 2755 G\n"
			"/var/tmp/open 0777 W\n"
			"/var/tmp/open/f 0666 W\n"
			"/var/tmp/open/fifo 0666 W\n");
	got = dump(r);
	assert_non_null(got);
	assert_string_equal(got, want.data);
	free(got);
	buf_release(&want);
}

static void default_scope_rows(void **state)
{
	const struct fswalk_result *r;
	char err[64];

	(void)state;
	r = fswalk_get(false, err, sizeof(err));
	assert_non_null(r);
	expect(r, false);
	assert_false(r->deep);
	assert_false(r->incomplete);
	assert_string_equal(r->root, root);
	/* /bin -> usr/bin is covered by /usr; /srv is walked as /data/srv. */
	assert_string_equal(r->scope, "/dev/shm,/etc,/home,/opt,/tmp,/usr,"
				      "/var,/data/srv");
	/* Directories read: the 8 starts, usr/bin, home/u, var/tmp,
	 * var/tmp/open, and opt/locked for root. */
	assert_int_equal(r->directories, as_root ? 13 : 12);
	assert_int_equal(r->skipped_mounts, 0);
	assert_string_equal(fswalk_user_name(r, 0), "root");
	assert_string_equal(fswalk_group_name(r, getgid()),
			    as_root ? "root" : "me");
	assert_null(fswalk_user_name(r, 4242));
}

static void deep_scope_rows(void **state)
{
	const struct fswalk_result *r;
	char err[64];

	(void)state;
	r = fswalk_get(true, err, sizeof(err));
	assert_non_null(r);
	expect(r, true);
	assert_true(r->deep);
	assert_false(r->incomplete);
	assert_string_equal(r->scope, "/,/dev/shm");
}

static bool has(const struct fswalk_result *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (!strcmp(r->v[i]->path, path))
			return true;
	}
	return false;
}

static void walks_once_per_root_and_scope(void **state)
{
	const struct fswalk_result *a, *b, *c;
	char err[64], p[1024];

	(void)state;
	a = fswalk_get(false, err, sizeof(err));
	assert_non_null(a);
	/* A file added now is not seen: the walk is cached. */
	assert_int_equal(put("usr/bin/late", "x", 04755), 0);
	b = fswalk_get(false, err, sizeof(err));
	assert_ptr_equal(a, b);
	assert_false(has(a, "/usr/bin/late"));
	c = fswalk_get(true, err, sizeof(err));
	assert_ptr_not_equal(a, c);
	assert_ptr_equal(fswalk_get(false, err, sizeof(err)), a);
	/* Another root drops the cache. */
	snprintf(p, sizeof(p), "%s/usr", root);
	assert_int_equal(hostfs_init(p), 0);
	b = fswalk_get(false, err, sizeof(err));
	assert_non_null(b);
	assert_string_equal(b->root, p);
	assert_int_equal(hostfs_init(root), 0);
	fswalk_reset();
	b = fswalk_get(false, err, sizeof(err));
	assert_non_null(b);
	assert_true(has(b, "/usr/bin/late"));
	snprintf(p, sizeof(p), "%s/usr/bin/late", root);
	unlink(p);
	fswalk_reset();
}

static void unreadable_directory_is_skipped(void **state)
{
	const struct fswalk_result *r;
	char err[64];
	size_t i;

	(void)state;
	if (as_root) {
		skip(); /* root reads a mode 000 directory */
		return;
	}
	r = fswalk_get(false, err, sizeof(err));
	assert_non_null(r);
	for (i = 0; i < r->n; i++)
		assert_string_not_equal(r->v[i]->path, "/opt/locked/s");
	assert_false(r->incomplete);
}

static void deeper_than_the_limit_is_incomplete(void **state)
{
	const struct fswalk_result *r;
	char p[8192], err[64];
	size_t len;
	int i;

	(void)state;
	fswalk_reset();
	len = (size_t)snprintf(p, sizeof(p), "%s/deep", base);
	assert_int_equal(mkdir(p, 0755), 0);
	len += (size_t)snprintf(p + len, sizeof(p) - len, "/usr");
	assert_int_equal(mkdir(p, 0755), 0);
	for (i = 0; i < FSWALK_MAX_DEPTH + 2; i++) {
		len += (size_t)snprintf(p + len, sizeof(p) - len, "/d");
		assert_int_equal(mkdir(p, 0755), 0);
	}
	snprintf(p, sizeof(p), "%s/deep", base);
	assert_int_equal(hostfs_init(p), 0);
	r = fswalk_get(false, err, sizeof(err));
	assert_non_null(r);
	assert_true(r->incomplete);
	assert_int_equal(r->directories, FSWALK_MAX_DEPTH + 1);
	assert_int_equal(r->n, 0);
	fswalk_reset();
	assert_int_equal(hostfs_init(root), 0);
}

static void fs_classes(void **state)
{
	(void)state;
	assert_int_equal(fswalk_fs_class(0xEF53), FSWALK_FS_LOCAL);     /* ext4 */
	assert_int_equal(fswalk_fs_class(0x58465342), FSWALK_FS_LOCAL); /* xfs */
	assert_int_equal(fswalk_fs_class(0x9123683E), FSWALK_FS_LOCAL); /* btrfs */
	assert_int_equal(fswalk_fs_class(0x01021994), FSWALK_FS_LOCAL); /* tmpfs */
	assert_int_equal(fswalk_fs_class(0x4d44), FSWALK_FS_LOCAL);     /* vfat */
	assert_int_equal(fswalk_fs_class(0x2fc12fc1), FSWALK_FS_LOCAL); /* zfs */
	assert_int_equal(fswalk_fs_class(0x9fa0), FSWALK_FS_PSEUDO);    /* proc */
	assert_int_equal(fswalk_fs_class(0x62656572), FSWALK_FS_PSEUDO); /* sysfs */
	assert_int_equal(fswalk_fs_class(0x1cd1), FSWALK_FS_PSEUDO);    /* devpts */
	assert_int_equal(fswalk_fs_class(0x27e0eb), FSWALK_FS_PSEUDO);  /* cgroup */
	assert_int_equal(fswalk_fs_class(0x63677270), FSWALK_FS_PSEUDO); /* cgroup2 */
	assert_int_equal(fswalk_fs_class(0x0187), FSWALK_FS_PSEUDO);    /* autofs */
	assert_int_equal(fswalk_fs_class(0x6e736673), FSWALK_FS_PSEUDO); /* nsfs */
	assert_int_equal(fswalk_fs_class(0xde5e81e4), FSWALK_FS_PSEUDO); /* efivarfs */
	assert_int_equal(fswalk_fs_class(0x6969), FSWALK_FS_NETWORK);   /* nfs */
	assert_int_equal(fswalk_fs_class(0xFF534D42), FSWALK_FS_NETWORK); /* cifs */
	assert_int_equal(fswalk_fs_class(0xFE534D42), FSWALK_FS_NETWORK); /* smb3 */
	assert_int_equal(fswalk_fs_class(0x65735546), FSWALK_FS_NETWORK); /* fuse */
	assert_int_equal(fswalk_fs_class(0x01021997), FSWALK_FS_NETWORK); /* 9p */
	assert_int_equal(fswalk_fs_class(0x00c36400), FSWALK_FS_NETWORK); /* ceph */
	assert_int_equal(fswalk_fs_class(0x794c7630), FSWALK_FS_OTHER); /* overlay */
	assert_int_equal(fswalk_fs_class(0x12345678), FSWALK_FS_OTHER);
	/* f_type may come sign-extended from a 32-bit signed long. */
	assert_int_equal(fswalk_fs_class(0xFFFFFFFFFF534D42ul),
			 FSWALK_FS_NETWORK);
}

static void fs_decisions(void **state)
{
	const unsigned long ext4 = 0xEF53, xfs = 0x58465342, tmpfs = 0x01021994,
			    proc = 0x9fa0, nfs = 0x6969, overlay = 0x794c7630,
			    vfat = 0x4d44;

	(void)state;
	/* Starts: anything but pseudo and network, in both scopes. */
	assert_true(fswalk_may_enter(ext4, 0, true, false));
	assert_true(fswalk_may_enter(overlay, 0, true, false));
	assert_true(fswalk_may_enter(tmpfs, 0, true, true));
	assert_false(fswalk_may_enter(proc, 0, true, true));
	assert_false(fswalk_may_enter(nfs, 0, true, true));
	/* Mounts below a start: the start's type and tmpfs always. */
	assert_true(fswalk_may_enter(ext4, ext4, false, false));
	assert_true(fswalk_may_enter(tmpfs, ext4, false, false));
	assert_true(fswalk_may_enter(overlay, overlay, false, false));
	/* Other local disk filesystems only deep. */
	assert_false(fswalk_may_enter(xfs, ext4, false, false));
	assert_true(fswalk_may_enter(xfs, ext4, false, true));
	assert_false(fswalk_may_enter(vfat, ext4, false, false));
	assert_true(fswalk_may_enter(vfat, ext4, false, true));
	/* Pseudo, network and stacked ones never. */
	assert_false(fswalk_may_enter(proc, ext4, false, true));
	assert_false(fswalk_may_enter(proc, proc, false, true));
	assert_false(fswalk_may_enter(nfs, ext4, false, true));
	assert_false(fswalk_may_enter(nfs, nfs, false, true));
	assert_false(fswalk_may_enter(overlay, ext4, false, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fs_classes),
		cmocka_unit_test(fs_decisions),
		cmocka_unit_test_setup_teardown(default_scope_rows, setup,
						teardown),
		cmocka_unit_test_setup_teardown(deep_scope_rows, setup,
						teardown),
		cmocka_unit_test_setup_teardown(walks_once_per_root_and_scope,
						setup, teardown),
		cmocka_unit_test_setup_teardown(unreadable_directory_is_skipped,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			deeper_than_the_limit_is_incomplete, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
