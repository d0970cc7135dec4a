/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sandbox.c: no_new_privs and the worker's seccomp filter (see sandbox.h).
 *
 * The filter is built with libseccomp for the native architecture, plus
 * the x32 ABI on x86_64, so a refused call cannot be reached through
 * another system call table (libseccomp kills on any architecture the
 * filter does not list).  Names libseccomp does not know on this
 * architecture are skipped.
 *
 * libseccomp is loaded when the worker builds its filter (util/lazylib.h),
 * not linked: no other command needs it.
 *
 * Under AddressSanitizer (the test build) ptrace stays allowed:
 * LeakSanitizer stops the process's own threads with ptrace when it
 * checks for leaks at exit, and would fail under the filter.  The release
 * build refuses it.
 */
#include "daemon/sandbox.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "util/lazylib.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_ASAN 1
#else
#define SANDBOX_ASAN 0
#endif

/* Calls that fail with EPERM. */
static const char *const refused[] = {
	"ptrace", "process_vm_readv", "process_vm_writev",
	"mount", "umount", "umount2", "pivot_root", "chroot",
	"fsopen", "fsconfig", "fsmount", "fspick", "move_mount",
	"open_tree", "mount_setattr",
	"init_module", "finit_module", "delete_module",
	"kexec_load", "kexec_file_load",
	"listen", "accept", "accept4",
	"bpf", "perf_event_open", "userfaultfd",
	"keyctl", "add_key", "request_key",
	"swapon", "swapoff", "reboot",
	"setns", "unshare",
	"acct", "quotactl", "settimeofday", "clock_settime", "adjtimex",
	"clock_adjtime", "sethostname", "setdomainname", "iopl", "ioperm",
	"personality", "uselib", "lookup_dcookie", "vhangup",
	"open_by_handle_at", "name_to_handle_at",
	"pidfd_getfd", "kcmp",
};

/* Calls that kill the process. */
static const char *const fatal[] = { "execve", "execveat" };

static struct lazylib libseccomp = LAZYLIB_INIT("libseccomp.so.2");

static struct {
	__typeof__(seccomp_init) *init;
	__typeof__(seccomp_arch_add) *arch_add;
	__typeof__(seccomp_syscall_resolve_name) *resolve_name;
	__typeof__(seccomp_rule_add) *rule_add;
	__typeof__(seccomp_load) *load;
	__typeof__(seccomp_release) *release;
} sc;

static const char *const sc_names[] = {
	"seccomp_init", "seccomp_arch_add", "seccomp_syscall_resolve_name",
	"seccomp_rule_add", "seccomp_load", "seccomp_release",
};
_Static_assert(sizeof(sc_names) / sizeof(sc_names[0]) ==
		       sizeof(sc) / sizeof(void *),
	       "one name per libseccomp function");

static int sc_load(char *err, size_t errsize)
{
	if (lazylib_bind(&libseccomp, sc_names,
			 sizeof(sc_names) / sizeof(sc_names[0]), &sc) < 0) {
		snprintf(err, errsize, "%s", libseccomp.err);
		return -1;
	}
	return 0;
}

static int add_rules(scmp_filter_ctx ctx, const char *const *names, size_t n,
		     uint32_t action, char *err, size_t errsize)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int nr = sc.resolve_name(names[i]);
		int rc;

		if (nr == __NR_SCMP_ERROR)
			continue;
		if (SANDBOX_ASAN && strcmp(names[i], "ptrace") == 0)
			continue;
		rc = sc.rule_add(ctx, action, nr, 0);
		if (rc < 0) {
			snprintf(err, errsize, "cannot add a seccomp rule for "
				 "%s: %s", names[i], strerror(-rc));
			return -1;
		}
	}
	return 0;
}

int sandbox_apply(char *err, size_t errsize)
{
	scmp_filter_ctx ctx;
	int rc, ret = -1;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(err, errsize, "cannot set no_new_privs: %s",
			 strerror(errno));
		return -1;
	}
	if (sc_load(err, errsize) < 0)
		return -1;
	ctx = sc.init(SCMP_ACT_ALLOW);
	if (!ctx) {
		snprintf(err, errsize, "cannot set up a seccomp filter");
		return -1;
	}
#if defined(__x86_64__)
	rc = sc.arch_add(ctx, SCMP_ARCH_X32);
	if (rc < 0 && rc != -EEXIST) {
		snprintf(err, errsize, "cannot add the x32 ABI to the seccomp "
			 "filter: %s", strerror(-rc));
		goto out;
	}
#endif
	if (add_rules(ctx, refused, sizeof(refused) / sizeof(refused[0]),
		      SCMP_ACT_ERRNO(EPERM), err, errsize) < 0 ||
	    add_rules(ctx, fatal, sizeof(fatal) / sizeof(fatal[0]),
		      SCMP_ACT_KILL_PROCESS, err, errsize) < 0)
		goto out;
	rc = sc.load(ctx);
	if (rc < 0) {
		snprintf(err, errsize, "cannot load the seccomp filter: %s",
			 strerror(-rc));
		goto out;
	}
	ret = 0;
out:
	sc.release(ctx);
	return ret;
}
