/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of hostfs: reads stay beneath the root whatever symlinks and
 * ".." say, HOSTFS_NOFOLLOW refuses symlinks, reads are capped and say so,
 * and the small helpers behave at their edges.  Every test runs twice:
 * with openat2, then under a seccomp filter that answers openat2 with
 * ENOSYS, as a kernel before 5.6 or a strict container does, so hostfs
 * walks the paths itself and must give the same answers.
 *
 * Each test builds a fake root in a temporary directory:
 *   root/etc/passwd          "inside\n"
 *   root/etc/abs -> /etc/passwd      (absolute: must resolve in the root)
 *   root/etc/up -> ../../../../../etc/passwd   (must not climb out)
 *   root/big                 100 bytes
 *   root/d -> etc            (a link to a directory)
 *   root/chain -> d/abs      (through it, to an absolute link)
 *   root/loop -> loop
 * and, outside the root, outside/secret.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/hostfs.h"

static char base[256], root[512];

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	char p[1024];
	char big[101];

	(void)state;
	snprintf(base, sizeof(base), "/tmp/vigil-hostfs-XXXXXX");
	if (!mkdtemp(base))
		return -1;
	snprintf(root, sizeof(root), "%s/root", base);
	mkdir(root, 0700);
	snprintf(p, sizeof(p), "%s/etc", root);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/etc/passwd", root);
	put(p, "inside\n");
	snprintf(p, sizeof(p), "%s/etc/abs", root);
	if (symlink("/etc/passwd", p) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s/etc/up", root);
	if (symlink("../../../../../../../../etc/passwd", p) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s/outside", base);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/outside/secret", base);
	put(p, "secret\n");
	snprintf(p, sizeof(p), "%s/escape", root);
	if (symlink("../outside/secret", p) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s/d", root);
	if (symlink("etc", p) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s/chain", root);
	if (symlink("d/abs", p) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s/loop", root);
	if (symlink("loop", p) < 0)
		return -1;
	memset(big, 'x', 100);
	big[100] = '\0';
	snprintf(p, sizeof(p), "%s/big", root);
	put(p, big);
	return hostfs_init(root);
}

static int teardown(void **state)
{
	char cmd[1024];

	(void)state;
	/* Remove the tree without running a program. */
	const char *files[] = { "root/etc/passwd", "root/etc/abs", "root/etc/up",
				"root/escape", "root/big", "root/d", "root/chain",
				"root/loop", "outside/secret" };
	const char *dirs[] = { "root/etc", "root", "outside", "" };
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(cmd, sizeof(cmd), "%s/%s", base, files[i]);
		unlink(cmd);
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(cmd, sizeof(cmd), "%s/%s", base, dirs[i]);
		rmdir(cmd);
	}
	hostfs_init("/");
	return 0;
}

static void reads_inside_the_root(void **state)
{
	char s[64];

	(void)state;
	assert_int_equal(hostfs_read_small("/etc/passwd", s, sizeof(s)), 6);
	assert_string_equal(s, "inside");
	assert_false(hostfs_is_live());
	assert_string_equal(hostfs_root(), root);
}

static void absolute_symlink_resolves_in_root(void **state)
{
	char s[64];

	(void)state;
	assert_int_equal(hostfs_read_small("/etc/abs", s, sizeof(s)), 6);
	assert_string_equal(s, "inside");
}

static void dotdot_cannot_climb_out(void **state)
{
	char s[64];

	(void)state;
	/* ".." past the root stays at the root: /etc/passwd inside. */
	assert_int_equal(hostfs_read_small("/etc/up", s, sizeof(s)), 6);
	assert_string_equal(s, "inside");
	assert_int_equal(hostfs_read_small("/../../outside/secret", s, sizeof(s)),
			 -1);
	assert_int_equal(errno, ENOENT);
	/* A relative link to a sibling of the root is clamped too. */
	assert_int_equal(hostfs_read_small("/escape", s, sizeof(s)), -1);
}

static void links_and_dots(void **state)
{
	struct stat st;
	char s[64];
	DIR *d;
	int fd;

	(void)state;
	/* Through a linked directory, then an absolute link. */
	assert_int_equal(hostfs_read_small("/chain", s, sizeof(s)), 6);
	assert_string_equal(s, "inside");
	assert_int_equal(hostfs_read_small("/d/../d/./passwd", s, sizeof(s)), 6);
	/* ".." after a linked directory is the link target's parent. */
	assert_int_equal(hostfs_stat("/d/../big", &st), 0);
	assert_int_equal(st.st_size, 100);
	assert_int_equal(hostfs_stat("/d/", &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(hostfs_lstat("/d", &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(hostfs_read_small("/loop", s, sizeof(s)), -1);
	assert_int_equal(errno, ELOOP);
	assert_int_equal(hostfs_read_small("/etc/passwd/x", s, sizeof(s)), -1);
	assert_int_equal(errno, ENOTDIR);
	assert_int_equal(hostfs_stat("/etc/passwd/", &st), -1);
	assert_int_equal(errno, ENOTDIR);
	/* A linked directory opens as the directory. */
	d = hostfs_opendir("/d", 0);
	assert_non_null(d);
	closedir(d);
	/* No link anywhere with HOSTFS_NOFOLLOW, a directory's either. */
	assert_int_equal(hostfs_open("/d/passwd", O_RDONLY, HOSTFS_NOFOLLOW), -1);
	assert_int_equal(errno, ELOOP);
	assert_null(hostfs_opendir("/d", HOSTFS_NOFOLLOW));
	assert_int_equal(errno, ELOOP);
	/* O_PATH | O_NOFOLLOW opens a last link itself, as open(2) does. */
	fd = hostfs_open("/etc/abs", O_PATH | O_NOFOLLOW, 0);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	close(fd);
}

static void nofollow_refuses_symlinks(void **state)
{
	struct buf b = BUF_INIT(1024);

	(void)state;
	assert_int_equal(hostfs_read_file("/etc/abs", 1024, HOSTFS_NOFOLLOW, &b,
					  NULL),
			 -1);
	assert_int_equal(errno, ELOOP);
	assert_int_equal(hostfs_read_file("/etc/passwd", 1024, HOSTFS_NOFOLLOW,
					  &b, NULL),
			 0);
	assert_string_equal(b.data, "inside\n");
	buf_release(&b);
}

static void read_is_capped_and_says_so(void **state)
{
	struct buf b = BUF_INIT(1 << 20);
	bool cut = false;

	(void)state;
	assert_int_equal(hostfs_read_file("/big", 10, 0, &b, &cut), 0);
	assert_int_equal(b.len, 10);
	assert_true(cut);
	buf_reset(&b);
	assert_int_equal(hostfs_read_file("/big", 100, 0, &b, &cut), 0);
	assert_int_equal(b.len, 100);
	assert_false(cut);
	buf_release(&b);
}

static void failed_read_leaves_buffer_alone(void **state)
{
	struct buf b = BUF_INIT(1024);

	(void)state;
	assert_int_equal(buf_adds(&b, "kept"), 0);
	assert_int_equal(hostfs_read_file("/no/such", 1024, 0, &b, NULL), -1);
	assert_int_equal(errno, ENOENT);
	assert_string_equal(b.data, "kept");
	buf_release(&b);
}

static void readlink_and_lstat(void **state)
{
	struct stat st;
	char t[PATH_MAX];

	(void)state;
	assert_int_equal(hostfs_readlink("/etc/abs", t, sizeof(t)), 11);
	assert_string_equal(t, "/etc/passwd");
	assert_int_equal(hostfs_lstat("/etc/abs", &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(hostfs_stat("/etc/abs", &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 7);
	assert_int_equal(hostfs_lstat("/", &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* A short buffer cuts the target and still terminates it. */
	assert_int_equal(hostfs_readlink("/etc/abs", t, 5), 4);
	assert_string_equal(t, "/etc");
}

static void join_checks_length(void **state)
{
	char d[16];

	(void)state;
	assert_int_equal(hostfs_join(d, sizeof(d), "/etc/", "passwd"), 0);
	assert_string_equal(d, "/etc/passwd");
	assert_int_equal(hostfs_join(d, sizeof(d), "/", "x"), 0);
	assert_string_equal(d, "/x");
	assert_int_equal(hostfs_join(d, sizeof(d), "/a/long/dir", "name"), -1);
	assert_int_equal(errno, ENAMETOOLONG);
}

static void opendir_lists(void **state)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	(void)state;
	d = hostfs_opendir("/etc", 0);
	assert_non_null(d);
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	assert_int_equal(n, 3);
	assert_null(hostfs_opendir("/etc/passwd", 0));
	assert_int_equal(errno, ENOTDIR);
}

static bool not_abs(int dirfd, const struct dirent *de, void *arg)
{
	(void)dirfd;
	(void)arg;
	return strcmp(de->d_name, "abs") != 0;
}

static void list_sorts_filters_and_caps(void **state)
{
	struct hostfs_names l;

	(void)state;
	assert_int_equal(hostfs_list("/etc", 0, 100, NULL, NULL, &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0], "abs");
	assert_string_equal(l.v[1], "passwd");
	assert_string_equal(l.v[2], "up");
	hostfs_names_release(&l);
	assert_int_equal(hostfs_list("/etc", 0, 100, not_abs, NULL, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0], "passwd");
	hostfs_names_release(&l);
	assert_int_equal(hostfs_list("/etc", 0, 1, NULL, NULL, &l), 0);
	assert_int_equal(l.n, 1);
	hostfs_names_release(&l);
	assert_int_equal(hostfs_list("/no/such", 0, 100, NULL, NULL, &l), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
}

static void buf_refuses_past_cap(void **state)
{
	struct buf b = BUF_INIT(8);
	size_t n;
	char *p;

	(void)state;
	assert_int_equal(buf_adds(&b, "12345678"), 0);
	assert_int_equal(buf_addc(&b, '9'), -1);
	assert_int_equal(errno, E2BIG);
	assert_string_equal(b.data, "12345678");
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "%d-%s", 42, "ab"), 0);
	assert_string_equal(b.data, "42-ab");
	assert_int_equal(buf_printf(&b, "%s", "too long"), -1);
	p = buf_detach(&b, &n);
	assert_string_equal(p, "42-ab");
	assert_int_equal(n, 5);
	free(p);
	assert_null(b.data);
}

/* After the filter: openat2 is gone, as on an old kernel. */
static void openat2_answers_enosys(void **state)
{
	struct open_how how = { .flags = O_RDONLY };

	(void)state;
	assert_int_equal(syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how)),
			 -1);
	assert_int_equal(errno, ENOSYS);
}

/* Makes openat2 fail with ENOSYS for the rest of the process. */
static int deny_openat2(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]),
				   .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_inside_the_root),
		cmocka_unit_test(absolute_symlink_resolves_in_root),
		cmocka_unit_test(dotdot_cannot_climb_out),
		cmocka_unit_test(links_and_dots),
		cmocka_unit_test(nofollow_refuses_symlinks),
		cmocka_unit_test(read_is_capped_and_says_so),
		cmocka_unit_test(failed_read_leaves_buffer_alone),
		cmocka_unit_test(readlink_and_lstat),
		cmocka_unit_test(join_checks_length),
		cmocka_unit_test(opendir_lists),
		cmocka_unit_test(list_sorts_filters_and_caps),
		cmocka_unit_test(buf_refuses_past_cap),
	};

	const struct CMUnitTest walk[] = {
		cmocka_unit_test(openat2_answers_enosys),
	};
	int failed;

	failed = cmocka_run_group_tests_name("hostfs", tests, setup, teardown);
	if (deny_openat2() < 0) {
		perror("test_hostfs: cannot install the seccomp filter");
		return 1;
	}
	failed += cmocka_run_group_tests_name("hostfs without openat2", walk,
					      NULL, NULL);
	failed += cmocka_run_group_tests_name("hostfs without openat2", tests,
					      setup, teardown);
	return failed;
}
