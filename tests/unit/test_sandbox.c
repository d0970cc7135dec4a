/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sandbox.c: the worker's seccomp filter, applied in a forked child:
 * no_new_privs is set, refused calls (listen, accept4, mount, unshare,
 * bpf, keyctl, and ptrace outside AddressSanitizer builds) fail with
 * EPERM, ordinary calls (getpid, a netlink socket, sendto on a socketpair)
 * still work, and an execve kills the process with SIGSYS.
 *
 * The child reports through its exit status: 0 when every check held,
 * else the number of the first check that failed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "daemon/sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define ASAN 1
#else
#define ASAN 0
#endif

static int refused(long rc)
{
	return rc == -1 && errno == EPERM;
}

/* Runs in the child: returns the number of the first failed check. */
static int checks(void)
{
	char err[256];
	int sv[2], fd;

	if (sandbox_apply(err, sizeof(err)) < 0)
		return 1;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return 2;
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || !refused(listen(fd, 1)))
		return 3;
	if (!refused(accept4(fd, NULL, NULL, 0)))
		return 4;
	close(fd);
	if (!refused(mount("none", "/", "tmpfs", 0, NULL)))
		return 5;
	if (!refused(unshare(CLONE_NEWNS)))
		return 6;
	if (!refused(syscall(SYS_bpf, 0, NULL, 0)))
		return 7;
	if (!refused(syscall(SYS_keyctl, 0, 0, 0, 0, 0)))
		return 8;
	if (!ASAN && !refused(ptrace(PTRACE_TRACEME, 0, NULL, NULL)))
		return 9;
	if (getpid() <= 0)
		return 10;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return 11;
	close(fd);
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0 ||
	    sendto(sv[0], "x", 1, 0, NULL, 0) != 1)
		return 12;
	return 0;
}

static void test_refused_and_allowed(void **state)
{
	int status = -1;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(checks());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_execve_kills(void **state)
{
	char *argv[] = { (char *)"/bin/true", NULL };
	char *envp[] = { NULL };
	int status = -1;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char err[256];

		if (sandbox_apply(err, sizeof(err)) < 0)
			_exit(1);
		syscall(SYS_execve, argv[0], argv, envp);
		_exit(2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_and_allowed),
		cmocka_unit_test(test_execve_kills),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
