/* SPDX-License-Identifier: Apache-2.0 */
/*
 * unithard.c: systemd_unit_hardening, the sandboxing of every systemd
 * service and the exposure score `systemd-analyze security` gives it.
 *
 * One row per loaded service unit of the system search path (the units
 * systemd_units lists whose name ends in ".service" and whose load_state
 * is "loaded": masked, missing and unparsable units have no row, and
 * neither has a unit systemd refuses to load for a bad DynamicUser= (not a
 * boolean) or User= (empty once its specifiers are expanded, or holding
 * ':' or '/')).  The
 * unit is its fragment and its drop-ins, read by the offline loader of
 * systemd.c (systemd.h); every setting is read from [Service], except
 * DefaultDependencies= from [Unit].
 *   unit             the unit's name
 *   fragment_path    its unit file
 *   user             User= (specifiers expanded); "root" when it is unset
 *                    and DynamicUser= is off; with DynamicUser= and no
 *                    User=, the name systemd makes from the unit's prefix
 *                    ("foo" for foo.service; NULL when the prefix is not a
 *                    valid user name and systemd would hash it)
 *   dynamic_user, no_new_privileges, private_tmp, private_devices,
 *   protect_kernel_tunables, protect_kernel_modules, protect_kernel_logs,
 *   protect_control_groups, protect_clock, protect_hostname,
 *   restrict_realtime, restrict_suid_sgid, lock_personality,
 *   memory_deny_write_execute, private_network
 *                    1 or 0: the effective boolean, after what systemd
 *                    implies when it loads the unit (DynamicUser=yes turns
 *                    on NoNewPrivileges=, PrivateTmp=, RestrictSUIDSGID=)
 *   protect_system   "no", "yes", "full" or "strict" (DynamicUser= makes
 *                    it "strict")
 *   protect_home     "no", "yes", "read-only" or "tmpfs" (DynamicUser=
 *                    turns "no" into "read-only")
 *   restrict_namespaces  "no" when set to allow every namespace type,
 *                    "yes" when set to allow none, else the types still
 *                    allowed ("net uts"); NULL when not set (all allowed)
 *   capability_bounding_set  the capabilities the unit keeps, by name in
 *                    number order ("" for none); what PrivateDevices=,
 *                    ProtectKernelModules=, ProtectKernelLogs= and
 *                    ProtectClock= drop is dropped
 *   ambient_capabilities  the ambient set, the same way ("" for none)
 *   system_call_filter  the SystemCallFilter= assignments in force (after
 *                    the last empty one), as written, joined by "; ";
 *                    NULL when there is no filter
 *   system_call_architectures  the architectures allowed ("native");
 *                    NULL when not restricted
 *   restrict_address_families  the effective list: "none", the families
 *                    allowed ("AF_UNIX AF_INET"), or "~" and the families
 *                    denied; NULL when not set
 *   ip_address_deny  the IPAddressDeny= entries in force ("any"); NULL
 *                    when none
 *   umask            UMask= in octal, "0022" by default
 *   exposure         0.0 (fully sandboxed) to 10.0, as systemd-analyze
 *                    security computes it (below)
 *
 * The exposure.  systemd 252's `systemd-analyze security` judges a service
 * on 81 weighted tests; a test scores a badness between 0 and its range
 * (most ranges are 1, some 3 or 10), or does not apply.  The exposure is
 * ceil(100 * S / W) tenths, where S sums ceil(badness * weight / range)
 * and W the weights, over the tests that apply.  The tests, with their
 * weight and range (the names are systemd-analyze's):
 *   User=/DynamicUser= 2000/10 (root or unset 10, "nobody" 9, else 0);
 *   SupplementaryGroups= 200/1 and RemoveIPC= 100/1 (do not apply to a
 *   service running as root); PrivateDevices=, PrivateMounts=,
 *   PrivateTmp=, PrivateUsers=, ProtectControlGroups=,
 *   ProtectKernelModules=, ProtectKernelTunables=, ProtectKernelLogs=,
 *   ProtectClock=, NoNewPrivileges=, RestrictSUIDSGID= 1000/1 each;
 *   PrivateNetwork= 2500/1; ProtectHostname= 50/1; LockPersonality=,
 *   MemoryDenyWriteExecute=, Delegate= 100/1; RestrictRealtime= 500/1;
 *   ProtectHome= 1000/10 (yes 0, tmpfs 1, read-only 5, no 10);
 *   ProtectSystem= 1000/10 (strict 0, full 3, yes 5, no 10);
 *   RootDirectory=/RootImage= 200/1; UMask= 100/10 (world-writable 10,
 *   world-readable 5, group-writable 2, group-readable 1); KeyringMode=
 *   1000/1 (not "private"); ProtectProc= 1000/3 (noaccess 1, invisible or
 *   ptraceable 0, else 3); ProcSubset= 10/1; NotifyAccess= 1000/1 ("all");
 *   26 CapabilityBoundingSet= tests, one per group of capabilities
 *   (CAP_SYS_ADMIN, CAP_SET(UID|GID|PCAP) and CAP_SYS_PTRACE 1500;
 *   CAP_SYS_TIME, CAP_NET_ADMIN, CAP_SYS_RAWIO, CAP_SYS_MODULE,
 *   CAP_(CHOWN|FSETID|SETFCAP) and CAP_(DAC_*|FOWNER|IPC_OWNER) 1000;
 *   CAP_AUDIT_*, CAP_SYSLOG, CAP_SYS_(NICE|RESOURCE), CAP_MKNOD, CAP_KILL
 *   and CAP_NET_(BIND_SERVICE|BROADCAST|RAW) 500; CAP_SYS_BOOT and
 *   CAP_MAC_* 100; CAP_LINUX_IMMUTABLE 75; CAP_IPC_LOCK and CAP_SYS_CHROOT
 *   50; CAP_BLOCK_SUSPEND, CAP_WAKE_ALARM, CAP_LEASE, CAP_SYS_TTY_CONFIG,
 *   CAP_SYS_PACCT and CAP_BPF 25; range 1, bad when the bounding set keeps
 *   one of them); AmbientCapabilities= 500/1; 7 RestrictNamespaces= tests
 *   (user 1500, mnt, ipc, pid, cgroup, net 500, uts 100); 5
 *   RestrictAddressFamilies= tests (AF_INET/AF_INET6 1500, exotic families
 *   1250, AF_PACKET 1000, AF_NETLINK 200, AF_UNIX 25);
 *   SystemCallArchitectures= 1000/10 (unset 10, "native" alone 0, else
 *   8: offline, "native x86" scores 8 too); 11
 *   SystemCallFilter= tests, one per group (@swap, @clock, @debug,
 *   @mount, @module, @raw-io, @reboot 1000; @privileged, @resources 700;
 *   @obsolete, @cpu-emulation 250; range 10: no filter 10, an allow list
 *   that lets one of the group's calls through 9, a deny list that misses
 *   one 10); IPAddressDeny= 1000/10 (BPF filters 0, no deny-all 10, an
 *   allow list with other than localhost 5, localhost only 2, none 0);
 *   DeviceAllow= 1000/10 (DevicePolicy= closed or strict with an
 *   allow list 5, without 0, else 10).  With DefaultDependencies=no,
 *   PrivateTmp=, ProtectHome=, ProtectSystem= and RootDirectory= do not
 *   apply.  The settings are read the way systemd's own parsers read them
 *   (an invalid value is ignored; "~" inverts a list; a later list
 *   assignment of the other polarity removes entries, a capability line
 *   after a first one adds to it or, with "~", takes away; the first
 *   SystemCallFilter= decides allow or deny list, an allow list starts
 *   with @default, and a ":errno" on an allowing word voids it), and what
 *   systemd implies at load time is applied: DynamicUser=, the
 *   capabilities dropped by the Protect*= and PrivateDevices= settings,
 *   PrivateDevices= closing the device policy, and the RTC (ProtectClock=)
 *   and loop devices (RootImage=, MountImages=) added to a device allow
 *   list in force.  The system call groups are systemd 252's, for the
 *   x86-64 system calls.  This was checked against systemd-analyze 252
 *   offline on the fixture and live units and on some 1,500 generated
 *   ones: every exposure agreed.
 *
 * Offline, as `systemd-analyze security --offline=true` does.  A running
 * manager (the D-Bus path of systemd-analyze) also counts PrivateMounts=
 * as on when other sandboxing makes a mount namespace; offline, and here,
 * only PrivateMounts= itself counts.  What no file can tell is not
 * scored: a unit changed at runtime (systemctl set-property writes
 * drop-ins under /etc/systemd/system.control, which are read) or created
 * by a generator that has not run (no /run/systemd/generator* on an
 * offline image); whether a system call named in a filter exists on the
 * running kernel is judged by the x86-64 list of systemd 252 (an unknown
 * name is ignored, as systemd ignores it).
 *
 * Required constraints: none.  Privileges: none; unit files are world
 * readable.
 *
 * Example:
 *   SELECT unit, user, exposure FROM systemd_unit_hardening
 *     WHERE user = 'root' AND exposure > 9 ORDER BY exposure DESC;
 *
 * How it works: systemd.c's loader lists and loads the units; each unit's
 * assignments (unitfile.h) are replayed in file order through small
 * parsers of the settings above into one struct, then scored.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sql/table.h"
#include "tables/systemd.h"
#include "tables/unitfile.h"
#include "util/buf.h"


/* Longest text kept for a display column built from a list (a unit file
 * is at most 4 MiB: this holds all one file can say). */
#define LIST_TEXT_MAX (4u << 20)

/* ---------------------------------------------------------------- */
/* Names systemd knows */

/* Capabilities, by number (linux/capability.h, up to CAP_CHECKPOINT_RESTORE). */
static const char *const cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
	"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
	"CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
	"CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
	"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

#define NCAPS (sizeof(cap_names) / sizeof(cap_names[0]))
#define CAP(n) (UINT64_C(1) << (n))

enum {
	C_CHOWN = 0, C_DAC_OVERRIDE = 1, C_DAC_READ_SEARCH = 2, C_FOWNER = 3,
	C_FSETID = 4, C_KILL = 5, C_SETGID = 6, C_SETUID = 7, C_SETPCAP = 8,
	C_LINUX_IMMUTABLE = 9, C_NET_BIND_SERVICE = 10, C_NET_BROADCAST = 11,
	C_NET_ADMIN = 12, C_NET_RAW = 13, C_IPC_LOCK = 14, C_IPC_OWNER = 15,
	C_SYS_MODULE = 16, C_SYS_RAWIO = 17, C_SYS_CHROOT = 18,
	C_SYS_PTRACE = 19, C_SYS_PACCT = 20, C_SYS_ADMIN = 21, C_SYS_BOOT = 22,
	C_SYS_NICE = 23, C_SYS_RESOURCE = 24, C_SYS_TIME = 25,
	C_SYS_TTY_CONFIG = 26, C_MKNOD = 27, C_LEASE = 28, C_AUDIT_WRITE = 29,
	C_AUDIT_CONTROL = 30, C_SETFCAP = 31, C_MAC_OVERRIDE = 32,
	C_MAC_ADMIN = 33, C_SYSLOG = 34, C_WAKE_ALARM = 35,
	C_BLOCK_SUSPEND = 36, C_AUDIT_READ = 37, C_BPF = 39,
};

/* Namespace types, in systemd's order. */
static const char *const ns_names[] = {
	"cgroup", "ipc", "net", "mnt", "pid", "user", "uts",
};

#define NS_ALL ((1u << 7) - 1)
enum { NS_CGROUP = 1u << 0, NS_IPC = 1u << 1, NS_NET = 1u << 2,
       NS_MNT = 1u << 3, NS_PID = 1u << 4, NS_USER = 1u << 5,
       NS_UTS = 1u << 6 };

/* Address families glibc names (AF_UNSPEC and AF_MAX left out, as
 * systemd leaves them out), with their numbers. */
static const struct {
	const char *name;
	int num;
} af_list[] = {
	{ "AF_UNIX", 1 }, { "AF_LOCAL", 1 }, { "AF_FILE", 1 },
	{ "AF_INET", 2 }, { "AF_AX25", 3 }, { "AF_IPX", 4 },
	{ "AF_APPLETALK", 5 }, { "AF_NETROM", 6 }, { "AF_BRIDGE", 7 },
	{ "AF_ATMPVC", 8 }, { "AF_X25", 9 }, { "AF_INET6", 10 },
	{ "AF_ROSE", 11 }, { "AF_DECnet", 12 }, { "AF_NETBEUI", 13 },
	{ "AF_SECURITY", 14 }, { "AF_KEY", 15 }, { "AF_NETLINK", 16 },
	{ "AF_ROUTE", 16 }, { "AF_PACKET", 17 }, { "AF_ASH", 18 },
	{ "AF_ECONET", 19 }, { "AF_ATMSVC", 20 }, { "AF_RDS", 21 },
	{ "AF_SNA", 22 }, { "AF_IRDA", 23 }, { "AF_PPPOX", 24 },
	{ "AF_WANPIPE", 25 }, { "AF_LLC", 26 }, { "AF_IB", 27 },
	{ "AF_MPLS", 28 }, { "AF_CAN", 29 }, { "AF_TIPC", 30 },
	{ "AF_BLUETOOTH", 31 }, { "AF_IUCV", 32 }, { "AF_RXRPC", 33 },
	{ "AF_ISDN", 34 }, { "AF_PHONET", 35 }, { "AF_IEEE802154", 36 },
	{ "AF_CAIF", 37 }, { "AF_ALG", 38 }, { "AF_NFC", 39 },
	{ "AF_VSOCK", 40 }, { "AF_KCM", 41 }, { "AF_QIPCRTR", 42 },
	{ "AF_SMC", 43 }, { "AF_XDP", 44 }, { "AF_MCTP", 45 },
};

#define AF_NUM_MAX 46

/* The name systemd shows for a family number (the first listed). */
static const char *af_name(int num)
{
	size_t i;

	for (i = 0; i < sizeof(af_list) / sizeof(af_list[0]); i++)
		if (af_list[i].num == num)
			return af_list[i].name;
	return NULL;
}

static int af_from_name(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(af_list) / sizeof(af_list[0]); i++)
		if (strcmp(af_list[i].name, s) == 0)
			return af_list[i].num;
	return -1;
}

/* Architectures SystemCallArchitectures= takes (systemd's seccomp names). */
static const char *const arch_names[] = {
	"native", "x86", "x86-64", "x32", "arm", "arm64", "loongarch64",
	"mips", "mips64", "mips64-n32", "mips-le", "mips64-le",
	"mips64-le-n32", "parisc", "parisc64", "ppc", "ppc64", "ppc64-le",
	"riscv64", "s390", "s390x",
};

/*
 * System call groups: systemd 252's (`systemd-analyze syscall-filter`),
 * nested groups folded in, for the system calls x86-64 has
 * (asm/unistd_64.h).  Each call carries one bit per group holding it.
 */
static const char *const sc_groups[] = {
	"default", "aio", "basic-io", "chown", "clock", "cpu-emulation",
	"debug", "file-system", "io-event", "ipc", "keyring", "memlock",
	"module", "mount", "network-io", "obsolete", "pkey", "privileged",
	"process", "raw-io", "reboot", "resources", "setuid", "signal", "swap",
	"sync", "system-service", "timer",
};

#define NGROUPS (sizeof(sc_groups) / sizeof(sc_groups[0]))
#define G(name) (1u << (name))
enum {
	SG_DEFAULT, SG_AIO, SG_BASIC_IO, SG_CHOWN, SG_CLOCK, SG_CPU_EMULATION,
	SG_DEBUG, SG_FILE_SYSTEM, SG_IO_EVENT, SG_IPC, SG_KEYRING, SG_MEMLOCK,
	SG_MODULE, SG_MOUNT, SG_NETWORK_IO, SG_OBSOLETE, SG_PKEY,
	SG_PRIVILEGED, SG_PROCESS, SG_RAW_IO, SG_REBOOT, SG_RESOURCES,
	SG_SETUID, SG_SIGNAL, SG_SWAP, SG_SYNC, SG_SYSTEM_SERVICE, SG_TIMER,
	SG_COUNT
};

_Static_assert(SG_COUNT == NGROUPS, "system call group enum and names");

struct syscall_ent {
	/* cppcheck-suppress unusedStructMember ; cmp_syscall reads it */
	const char *name;
	uint32_t groups;
};

/* Sorted by name (bytewise), for bsearch(). */
static const struct syscall_ent syscalls[] = {
	{ "_sysctl", 0x00028000u },
	{ "accept", 0x04004000u },
	{ "accept4", 0x04004000u },
	{ "access", 0x04000080u },
	{ "acct", 0x00020000u },
	{ "add_key", 0x04000400u },
	{ "adjtimex", 0x00020010u },
	{ "afs_syscall", 0x00008000u },
	{ "alarm", 0x0c000000u },
	{ "arch_prctl", 0x04000001u },
	{ "bind", 0x04004000u },
	{ "bpf", 0x00020000u },
	{ "brk", 0x04000001u },
	{ "capget", 0x04040000u },
	{ "capset", 0x04020000u },
	{ "chdir", 0x04000080u },
	{ "chmod", 0x04000080u },
	{ "chown", 0x04020008u },
	{ "chroot", 0x00022000u },
	{ "clock_adjtime", 0x00020010u },
	{ "clock_getres", 0x04000001u },
	{ "clock_gettime", 0x04000001u },
	{ "clock_nanosleep", 0x04000001u },
	{ "clock_settime", 0x00020010u },
	{ "clone", 0x04040000u },
	{ "clone3", 0x04040000u },
	{ "close", 0x04000084u },
	{ "close_range", 0x04000004u },
	{ "connect", 0x04004000u },
	{ "copy_file_range", 0x04000000u },
	{ "creat", 0x04000080u },
	{ "create_module", 0x00008000u },
	{ "delete_module", 0x00021000u },
	{ "dup", 0x04000004u },
	{ "dup2", 0x04000004u },
	{ "dup3", 0x04000004u },
	{ "epoll_create", 0x04000100u },
	{ "epoll_create1", 0x04000100u },
	{ "epoll_ctl", 0x04000100u },
	{ "epoll_ctl_old", 0x04000100u },
	{ "epoll_pwait", 0x04000100u },
	{ "epoll_pwait2", 0x04000100u },
	{ "epoll_wait", 0x04000100u },
	{ "epoll_wait_old", 0x04000100u },
	{ "eventfd", 0x04000100u },
	{ "eventfd2", 0x04000100u },
	{ "execve", 0x04000001u },
	{ "execveat", 0x04040000u },
	{ "exit", 0x04000001u },
	{ "exit_group", 0x04000001u },
	{ "faccessat", 0x04000080u },
	{ "faccessat2", 0x04000080u },
	{ "fadvise64", 0x04000000u },
	{ "fallocate", 0x04000080u },
	{ "fanotify_init", 0x00020000u },
	{ "fanotify_mark", 0x00020000u },
	{ "fchdir", 0x04000080u },
	{ "fchmod", 0x04000080u },
	{ "fchmodat", 0x04000080u },
	{ "fchown", 0x04020008u },
	{ "fchownat", 0x04020008u },
	{ "fcntl", 0x04000080u },
	{ "fdatasync", 0x06000000u },
	{ "fgetxattr", 0x04000080u },
	{ "finit_module", 0x00021000u },
	{ "flistxattr", 0x04000080u },
	{ "flock", 0x04000000u },
	{ "fork", 0x04040000u },
	{ "fremovexattr", 0x04000080u },
	{ "fsconfig", 0x00002000u },
	{ "fsetxattr", 0x04000080u },
	{ "fsmount", 0x00002000u },
	{ "fsopen", 0x00002000u },
	{ "fspick", 0x00002000u },
	{ "fstat", 0x04000080u },
	{ "fstatfs", 0x04000080u },
	{ "fsync", 0x06000000u },
	{ "ftruncate", 0x04000080u },
	{ "futex", 0x04000001u },
	{ "futex_waitv", 0x04000001u },
	{ "futimesat", 0x04000080u },
	{ "get_kernel_syms", 0x00008000u },
	{ "get_mempolicy", 0x04000000u },
	{ "get_robust_list", 0x04000001u },
	{ "get_thread_area", 0x04000001u },
	{ "getcpu", 0x04000000u },
	{ "getcwd", 0x04000080u },
	{ "getdents", 0x04000080u },
	{ "getdents64", 0x04000080u },
	{ "getegid", 0x04000001u },
	{ "geteuid", 0x04000001u },
	{ "getgid", 0x04000001u },
	{ "getgroups", 0x04000001u },
	{ "getitimer", 0x0c000000u },
	{ "getpeername", 0x04004000u },
	{ "getpgid", 0x04000001u },
	{ "getpgrp", 0x04000001u },
	{ "getpid", 0x04000001u },
	{ "getpmsg", 0x00008000u },
	{ "getppid", 0x04000001u },
	{ "getpriority", 0x04000000u },
	{ "getrandom", 0x04000001u },
	{ "getresgid", 0x04000001u },
	{ "getresuid", 0x04000001u },
	{ "getrlimit", 0x04000001u },
	{ "getrusage", 0x04040000u },
	{ "getsid", 0x04000001u },
	{ "getsockname", 0x04004000u },
	{ "getsockopt", 0x04004000u },
	{ "gettid", 0x04000001u },
	{ "gettimeofday", 0x04000001u },
	{ "getuid", 0x04000001u },
	{ "getxattr", 0x04000080u },
	{ "init_module", 0x00021000u },
	{ "inotify_add_watch", 0x04000080u },
	{ "inotify_init", 0x04000080u },
	{ "inotify_init1", 0x04000080u },
	{ "inotify_rm_watch", 0x04000080u },
	{ "io_cancel", 0x04000002u },
	{ "io_destroy", 0x04000002u },
	{ "io_getevents", 0x04000002u },
	{ "io_pgetevents", 0x04000002u },
	{ "io_setup", 0x04000002u },
	{ "io_submit", 0x04000002u },
	{ "io_uring_enter", 0x04000002u },
	{ "io_uring_register", 0x04000002u },
	{ "io_uring_setup", 0x04000002u },
	{ "ioctl", 0x04000000u },
	{ "ioperm", 0x000a0000u },
	{ "iopl", 0x000a0000u },
	{ "ioprio_get", 0x04000000u },
	{ "ioprio_set", 0x04200000u },
	{ "kcmp", 0x04000000u },
	{ "kexec_file_load", 0x00120000u },
	{ "kexec_load", 0x00120000u },
	{ "keyctl", 0x04000400u },
	{ "kill", 0x04040000u },
	{ "landlock_add_rule", 0x00000000u },
	{ "landlock_create_ruleset", 0x00000000u },
	{ "landlock_restrict_self", 0x00000000u },
	{ "lchown", 0x04020008u },
	{ "lgetxattr", 0x04000080u },
	{ "link", 0x04000080u },
	{ "linkat", 0x04000080u },
	{ "listen", 0x04004000u },
	{ "listxattr", 0x04000080u },
	{ "llistxattr", 0x04000080u },
	{ "lookup_dcookie", 0x00000040u },
	{ "lremovexattr", 0x04000080u },
	{ "lseek", 0x04000004u },
	{ "lsetxattr", 0x04000080u },
	{ "lstat", 0x04000080u },
	{ "madvise", 0x04000000u },
	{ "mbind", 0x04200000u },
	{ "membarrier", 0x04000001u },
	{ "memfd_create", 0x04000200u },
	{ "memfd_secret", 0x00000000u },
	{ "migrate_pages", 0x04200000u },
	{ "mincore", 0x00000000u },
	{ "mkdir", 0x04000080u },
	{ "mkdirat", 0x04000080u },
	{ "mknod", 0x04000080u },
	{ "mknodat", 0x04000080u },
	{ "mlock", 0x04000800u },
	{ "mlock2", 0x04000800u },
	{ "mlockall", 0x04000800u },
	{ "mmap", 0x04000001u },
	{ "modify_ldt", 0x00000020u },
	{ "mount", 0x00002000u },
	{ "mount_setattr", 0x00002000u },
	{ "move_mount", 0x00002000u },
	{ "move_pages", 0x04200000u },
	{ "mprotect", 0x04000001u },
	{ "mq_getsetattr", 0x04000200u },
	{ "mq_notify", 0x04000200u },
	{ "mq_open", 0x04000200u },
	{ "mq_timedreceive", 0x04000200u },
	{ "mq_timedsend", 0x04000200u },
	{ "mq_unlink", 0x04000200u },
	{ "mremap", 0x04000000u },
	{ "msgctl", 0x04000200u },
	{ "msgget", 0x04000200u },
	{ "msgrcv", 0x04000200u },
	{ "msgsnd", 0x04000200u },
	{ "msync", 0x06000000u },
	{ "munlock", 0x04000800u },
	{ "munlockall", 0x04000800u },
	{ "munmap", 0x04000001u },
	{ "name_to_handle_at", 0x04000000u },
	{ "nanosleep", 0x04000001u },
	{ "newfstatat", 0x04000080u },
	{ "nfsservctl", 0x00020000u },
	{ "open", 0x04000080u },
	{ "open_by_handle_at", 0x00020000u },
	{ "open_tree", 0x00002000u },
	{ "openat", 0x04000080u },
	{ "openat2", 0x04000080u },
	{ "pause", 0x04000001u },
	{ "perf_event_open", 0x00000040u },
	{ "personality", 0x04000000u },
	{ "pidfd_getfd", 0x00000040u },
	{ "pidfd_open", 0x04040000u },
	{ "pidfd_send_signal", 0x04040000u },
	{ "pipe", 0x04000200u },
	{ "pipe2", 0x04000200u },
	{ "pivot_root", 0x00022000u },
	{ "pkey_alloc", 0x00010000u },
	{ "pkey_free", 0x00010000u },
	{ "pkey_mprotect", 0x00010000u },
	{ "poll", 0x04000100u },
	{ "ppoll", 0x04000100u },
	{ "prctl", 0x04040000u },
	{ "pread64", 0x04000004u },
	{ "preadv", 0x04000004u },
	{ "preadv2", 0x04000004u },
	{ "prlimit64", 0x04000001u },
	{ "process_madvise", 0x04000200u },
	{ "process_mrelease", 0x00000000u },
	{ "process_vm_readv", 0x04000200u },
	{ "process_vm_writev", 0x04000200u },
	{ "pselect6", 0x04000100u },
	{ "ptrace", 0x00000040u },
	{ "putpmsg", 0x00008000u },
	{ "pwrite64", 0x04000004u },
	{ "pwritev", 0x04000004u },
	{ "pwritev2", 0x04000004u },
	{ "query_module", 0x00008000u },
	{ "quotactl", 0x00020000u },
	{ "quotactl_fd", 0x00020000u },
	{ "read", 0x04000004u },
	{ "readahead", 0x04000000u },
	{ "readlink", 0x04000080u },
	{ "readlinkat", 0x04000080u },
	{ "readv", 0x04000004u },
	{ "reboot", 0x00120000u },
	{ "recvfrom", 0x04004000u },
	{ "recvmmsg", 0x04004000u },
	{ "recvmsg", 0x04004000u },
	{ "remap_file_pages", 0x04000000u },
	{ "removexattr", 0x04000080u },
	{ "rename", 0x04000080u },
	{ "renameat", 0x04000080u },
	{ "renameat2", 0x04000080u },
	{ "request_key", 0x04000400u },
	{ "restart_syscall", 0x04000001u },
	{ "rmdir", 0x04000080u },
	{ "rseq", 0x04000001u },
	{ "rt_sigaction", 0x04800000u },
	{ "rt_sigpending", 0x04800000u },
	{ "rt_sigprocmask", 0x04800000u },
	{ "rt_sigqueueinfo", 0x04040000u },
	{ "rt_sigreturn", 0x04000001u },
	{ "rt_sigsuspend", 0x04800000u },
	{ "rt_sigtimedwait", 0x04800000u },
	{ "rt_tgsigqueueinfo", 0x04040000u },
	{ "sched_get_priority_max", 0x04000000u },
	{ "sched_get_priority_min", 0x04000000u },
	{ "sched_getaffinity", 0x04000001u },
	{ "sched_getattr", 0x04000000u },
	{ "sched_getparam", 0x04000000u },
	{ "sched_getscheduler", 0x04000000u },
	{ "sched_rr_get_interval", 0x04000000u },
	{ "sched_setaffinity", 0x04200000u },
	{ "sched_setattr", 0x04200000u },
	{ "sched_setparam", 0x04200000u },
	{ "sched_setscheduler", 0x04200000u },
	{ "sched_yield", 0x04000001u },
	{ "seccomp", 0x00000000u },
	{ "security", 0x00008000u },
	{ "select", 0x04000100u },
	{ "semctl", 0x04000200u },
	{ "semget", 0x04000200u },
	{ "semop", 0x04000200u },
	{ "semtimedop", 0x04000200u },
	{ "sendfile", 0x04000000u },
	{ "sendmmsg", 0x04004000u },
	{ "sendmsg", 0x04004000u },
	{ "sendto", 0x04004000u },
	{ "set_mempolicy", 0x04200000u },
	{ "set_mempolicy_home_node", 0x04200000u },
	{ "set_robust_list", 0x04000001u },
	{ "set_thread_area", 0x04000001u },
	{ "set_tid_address", 0x04000001u },
	{ "setdomainname", 0x00020000u },
	{ "setfsgid", 0x04000000u },
	{ "setfsuid", 0x04020000u },
	{ "setgid", 0x04400000u },
	{ "setgroups", 0x04420000u },
	{ "sethostname", 0x00020000u },
	{ "setitimer", 0x0c000000u },
	{ "setns", 0x04040000u },
	{ "setpgid", 0x04000000u },
	{ "setpriority", 0x04200000u },
	{ "setregid", 0x04400000u },
	{ "setresgid", 0x04400000u },
	{ "setresuid", 0x04420000u },
	{ "setreuid", 0x04420000u },
	{ "setrlimit", 0x04200000u },
	{ "setsid", 0x04000000u },
	{ "setsockopt", 0x04004000u },
	{ "settimeofday", 0x00020010u },
	{ "setuid", 0x04420000u },
	{ "setxattr", 0x04000080u },
	{ "shmat", 0x04000200u },
	{ "shmctl", 0x04000200u },
	{ "shmdt", 0x04000200u },
	{ "shmget", 0x04000200u },
	{ "shutdown", 0x04004000u },
	{ "sigaltstack", 0x04800000u },
	{ "signalfd", 0x04800000u },
	{ "signalfd4", 0x04800000u },
	{ "socket", 0x04004000u },
	{ "socketpair", 0x04004000u },
	{ "splice", 0x04000000u },
	{ "stat", 0x04000080u },
	{ "statfs", 0x04000080u },
	{ "statx", 0x04000080u },
	{ "swapoff", 0x01020000u },
	{ "swapon", 0x01020000u },
	{ "symlink", 0x04000080u },
	{ "symlinkat", 0x04000080u },
	{ "sync", 0x06000000u },
	{ "sync_file_range", 0x06000000u },
	{ "syncfs", 0x06000000u },
	{ "sysfs", 0x00008000u },
	{ "sysinfo", 0x04000000u },
	{ "syslog", 0x00000000u },
	{ "tee", 0x04000000u },
	{ "tgkill", 0x04040000u },
	{ "time", 0x04000001u },
	{ "timer_create", 0x0c000000u },
	{ "timer_delete", 0x0c000000u },
	{ "timer_getoverrun", 0x0c000000u },
	{ "timer_gettime", 0x0c000000u },
	{ "timer_settime", 0x0c000000u },
	{ "timerfd_create", 0x0c000000u },
	{ "timerfd_gettime", 0x0c000000u },
	{ "timerfd_settime", 0x0c000000u },
	{ "times", 0x0c040000u },
	{ "tkill", 0x04040000u },
	{ "truncate", 0x04000080u },
	{ "tuxcall", 0x00008000u },
	{ "umask", 0x04000000u },
	{ "umount2", 0x00002000u },
	{ "uname", 0x04000000u },
	{ "unlink", 0x04000080u },
	{ "unlinkat", 0x04000080u },
	{ "unshare", 0x04040000u },
	{ "uselib", 0x00008000u },
	{ "userfaultfd", 0x04000000u },
	{ "ustat", 0x00008000u },
	{ "utime", 0x04000080u },
	{ "utimensat", 0x04000080u },
	{ "utimes", 0x04000080u },
	{ "vfork", 0x04040000u },
	{ "vhangup", 0x00020000u },
	{ "vmsplice", 0x04000000u },
	{ "vserver", 0x00008000u },
	{ "wait4", 0x04040000u },
	{ "waitid", 0x04040000u },
	{ "write", 0x04000004u },
	{ "writev", 0x04000004u },
};

#define NSYSCALLS (sizeof(syscalls) / sizeof(syscalls[0]))

static int cmp_syscall(const void *key, const void *ent)
{
	return strcmp((const char *)key,
		      ((const struct syscall_ent *)ent)->name);
}

static long syscall_index(const char *name)
{
	const struct syscall_ent *e = bsearch(name, syscalls, NSYSCALLS,
					      sizeof(syscalls[0]), cmp_syscall);

	return e ? (long)(e - syscalls) : -1;
}

/* ---------------------------------------------------------------- */
/* The settings of one unit */

enum protect_system { PS_NO, PS_YES, PS_FULL, PS_STRICT };
static const char *const ps_names[] = { "no", "yes", "full", "strict" };
enum protect_home { PH_NO, PH_YES, PH_READ_ONLY, PH_TMPFS };
static const char *const ph_names[] = { "no", "yes", "read-only", "tmpfs" };
enum device_policy { DP_AUTO, DP_CLOSED, DP_STRICT };

/* Where a system call stands in a SystemCallFilter= map. */
enum { SC_ABSENT, SC_LISTED };

struct hard {
	/* Booleans, as systemd's ExecContext and CGroupContext hold them. */
	bool dynamic_user, no_new_privileges, private_devices, private_network,
		private_tmp, protect_control_groups, protect_kernel_modules,
		protect_kernel_tunables, protect_kernel_logs, protect_clock,
		protect_hostname, lock_personality, memory_deny_write_execute,
		restrict_realtime, restrict_suid_sgid, remove_ipc, delegate,
		default_dependencies;
	/* Set (apply's bools[]) and read (assessors[]) only by offset. */
	/* cppcheck-suppress unusedStructMember ; used through offsetof */
	bool private_mounts, private_users;
	enum protect_system protect_system;
	enum protect_home protect_home;
	struct buf user;   /* User=, expanded; empty when unset */
	bool user_set;
	bool supplementary_groups;
	uint64_t cap_bounding, cap_ambient;
	bool ns_set;       /* RestrictNamespaces= in force */
	unsigned ns_allowed;
	bool af_list, af_allow; /* a list in force; allow or deny list */
	uint64_t af_in[AF_NUM_MAX]; /* when it was listed, from 1; 0 absent */
	uint64_t af_seq;
	bool sc_set, sc_allow;
	unsigned char sc[NSYSCALLS];
	struct buf sc_text;
	struct buf archs;  /* the architecture words, space-separated */
	bool ip_deny_v4, ip_deny_v6, ip_allow_local, ip_allow_other,
		ip_ingress, ip_egress;
	struct buf ip_deny; /* the IPAddressDeny= words in force */
	enum device_policy device_policy;
	bool device_allow;
	bool keyring_private, protect_proc_bad, protect_proc_noaccess,
		proc_subset_pid, notify_all;
	bool root_dir, root_image, mount_images;
	bool bad_setting; /* a value systemd refuses to load the unit with */
	unsigned umask;
};

static void hard_init(struct hard *h)
{
	memset(h, 0, sizeof(*h));
	h->default_dependencies = true;
	h->cap_bounding = UINT64_MAX;
	h->ns_allowed = NS_ALL;
	h->keyring_private = true;
	h->protect_proc_bad = true;
	h->umask = 0022;
	buf_init(&h->user, 4096);
	buf_init(&h->sc_text, LIST_TEXT_MAX);
	buf_init(&h->archs, 4096);
	buf_init(&h->ip_deny, LIST_TEXT_MAX);
}

static void hard_release(struct hard *h)
{
	buf_release(&h->user);
	buf_release(&h->sc_text);
	buf_release(&h->archs);
	buf_release(&h->ip_deny);
}

/* systemd's parse_boolean(): 1, 0, or -1 for anything else. */
static int parse_bool(const char *v)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Appends word w to a space-separated list b (refused past its cap). */
static void list_add(struct buf *b, const char *w)
{
	if (b->len)
		(void)buf_addc(b, ' ');
	(void)buf_adds(b, w);
}

/* CapabilityBoundingSet= (initial all) and AmbientCapabilities= (none). */
static void parse_caps(uint64_t *set, uint64_t initial, const char *v,
		       struct buf *w)
{
	uint64_t sum = 0;
	bool invert = false;
	size_t i;

	if (*v == '~') {
		invert = true;
		v++;
	}
	while (unitfile_word(&v, w, NULL, 0) == 1) {
		for (i = 0; i < NCAPS; i++)
			if (strcasecmp(w->data, cap_names[i]) == 0)
				sum |= CAP(i);
	}
	/* "", "~" or a set still at its initial value are replaced; an
	 * earlier set gains what a later line adds, loses what a "~" line
	 * names. */
	if (sum == 0 || *set == initial)
		*set = invert ? ~sum : sum;
	else if (invert)
		*set &= ~sum;
	else
		*set |= sum;
}

static void parse_namespaces(struct hard *h, const char *v, struct buf *w)
{
	unsigned flags = 0;
	bool invert = false;
	size_t i;
	int b;

	if (!*v) {
		h->ns_set = false;
		h->ns_allowed = NS_ALL;
		return;
	}
	b = parse_bool(v);
	if (b >= 0) {
		h->ns_set = true;
		h->ns_allowed = b ? 0 : NS_ALL;
		return;
	}
	if (*v == '~') {
		invert = true;
		v++;
	}
	while (unitfile_word(&v, w, NULL, 0) == 1) {
		for (i = 0; i < 7; i++)
			if (strcmp(w->data, ns_names[i]) == 0)
				break;
		if (i == 7)
			return; /* an unknown type: the assignment is ignored */
		flags |= 1u << i;
	}
	if (!h->ns_set)
		h->ns_allowed = invert ? ~flags & NS_ALL : flags;
	else if (invert)
		h->ns_allowed &= ~flags;
	else
		h->ns_allowed |= flags;
	h->ns_set = true;
}

static void parse_families(struct hard *h, const char *v, struct buf *w)
{
	bool invert = false;
	int af;

	if (!*v || strcmp(v, "none") == 0) {
		/* Empty: no restriction; "none": an allow list of nothing.
		 * Either way the next assignment starts a new list. */
		memset(h->af_in, 0, sizeof(h->af_in));
		h->af_seq = 0;
		h->af_list = false;
		h->af_allow = *v != '\0';
		return;
	}
	if (*v == '~') {
		invert = true;
		v++;
	}
	if (!h->af_list) {
		h->af_list = true;
		h->af_allow = !invert;
	}
	while (unitfile_word(&v, w, NULL, 0) == 1) {
		af = af_from_name(w->data);
		if (af < 0)
			continue;
		if (!invert == h->af_allow) {
			if (!h->af_in[af])
				h->af_in[af] = ++h->af_seq;
		} else {
			h->af_in[af] = 0;
		}
	}
}

/* Sets (add) or clears the filter entry of every call of group g. */
static void sc_apply(struct hard *h, long idx, unsigned group, bool all,
		     int state)
{
	size_t i;

	if (idx >= 0) {
		h->sc[idx] = (unsigned char)state;
		return;
	}
	for (i = 0; i < NSYSCALLS; i++)
		if (all || (syscalls[i].groups & G(group)))
			h->sc[i] = (unsigned char)state;
}

static void parse_syscall_filter(struct hard *h, const char *v,
				 struct buf *w)
{
	bool invert = false;

	if (!*v) {
		h->sc_set = false;
		h->sc_allow = false;
		memset(h->sc, SC_ABSENT, sizeof(h->sc));
		buf_reset(&h->sc_text);
		return;
	}
	if (h->sc_text.len)
		(void)buf_adds(&h->sc_text, "; ");
	(void)buf_adds(&h->sc_text, v);
	if (*v == '~') {
		invert = true;
		v++;
	}
	if (!h->sc_set) {
		h->sc_set = true;
		h->sc_allow = !invert;
		/* An allow list always lets @default through. */
		if (h->sc_allow)
			sc_apply(h, -1, SG_DEFAULT, false, SC_LISTED);
	}
	while (unitfile_word(&v, w, NULL, 0) == 1) {
		char *name = w->data, *colon = strchr(name, ':');
		bool has_errno = false, all = false;
		unsigned group = 0;
		long idx = -1;
		int state;

		if (colon) {
			has_errno = colon[1] != '\0';
			*colon = '\0';
		}
		if (name[0] == '@') {
			if (strcmp(name + 1, "known") == 0) {
				all = true;
			} else {
				for (group = 0; group < NGROUPS; group++)
					if (!strcmp(name + 1, sc_groups[group]))
						break;
				if (group == NGROUPS)
					continue;
			}
		} else {
			idx = syscall_index(name);
			if (idx < 0)
				continue;
		}
		/* systemd refuses an errno on a word that allows
		 * ("@clock:EPERM" is ignored).  Otherwise the list's own
		 * polarity lists the word and the other one takes it out. */
		if (!invert && has_errno)
			continue;
		state = !invert == h->sc_allow ? SC_LISTED : SC_ABSENT;
		sc_apply(h, idx, group, all, state);
	}
}

static void parse_archs(struct hard *h, const char *v, struct buf *w)
{
	size_t i;

	if (!*v) {
		buf_reset(&h->archs);
		return;
	}
	while (unitfile_word(&v, w, NULL, 0) == 1) {
		bool known = false, seen = false;
		const char *p = h->archs.data;
		size_t n = strlen(w->data);

		for (i = 0; i < sizeof(arch_names) / sizeof(arch_names[0]); i++)
			known |= strcmp(w->data, arch_names[i]) == 0;
		while (known && p && *p && !seen) {
			const char *e = strchr(p, ' ');
			size_t k = e ? (size_t)(e - p) : strlen(p);

			seen = k == n && memcmp(p, w->data, n) == 0;
			p = e ? e + 1 : p + k;
		}
		if (known && !seen)
			list_add(&h->archs, w->data);
	}
}

/*
 * One IPAddressAllow= or IPAddressDeny= word: the families it covers and
 * whether it is a /0 (deny-all) or a loopback address.
 */
struct ipword {
	bool ok, v4_any, v6_any, local;
};

static struct ipword ip_word(const char *s)
{
	struct ipword r = { false, false, false, false };
	char addr[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	long plen = -1;
	bool v6;

	if (strcmp(s, "any") == 0) {
		r.ok = r.v4_any = r.v6_any = true;
		return r;
	}
	if (strcmp(s, "localhost") == 0) {
		r.ok = r.local = true;
		return r;
	}
	if (strcmp(s, "link-local") == 0 || strcmp(s, "multicast") == 0) {
		r.ok = true;
		return r;
	}
	if (n == 0 || n >= sizeof(addr))
		return r;
	memcpy(addr, s, n);
	addr[n] = '\0';
	v6 = strchr(addr, ':') != NULL;
	if (v6) {
		if (strspn(addr, "0123456789abcdefABCDEF:.") != n)
			return r;
	} else if (strspn(addr, "0123456789.") != n) {
		return r;
	}
	if (slash) {
		char *end;

		plen = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end || plen < 0 ||
		    plen > (v6 ? 128 : 32))
			return r;
	}
	r.ok = true;
	if (plen == 0) {
		r.v4_any = !v6;
		r.v6_any = v6;
	}
	/* 127.0.0.0/8 and ::1, as in_addr_is_localhost() judges them. */
	if (!v6)
		r.local = strncmp(addr, "127.", 4) == 0;
	else
		r.local = strcmp(addr, "::1") == 0 ||
			  strcmp(addr, "0:0:0:0:0:0:0:1") == 0;
	return r;
}

static void parse_ip(struct hard *h, bool deny, const char *v,
		     struct buf *w)
{
	if (!*v) {
		if (deny) {
			h->ip_deny_v4 = h->ip_deny_v6 = false;
			buf_reset(&h->ip_deny);
		} else {
			h->ip_allow_local = h->ip_allow_other = false;
		}
		return;
	}
	while (unitfile_word(&v, w, NULL, 0) == 1) {
		struct ipword r = ip_word(w->data);

		if (!r.ok)
			continue;
		if (deny) {
			h->ip_deny_v4 |= r.v4_any;
			h->ip_deny_v6 |= r.v6_any;
			list_add(&h->ip_deny, w->data);
		} else if (r.local) {
			h->ip_allow_local = true;
			/* "localhost" is 127.0.0.0/8 and ::1, both local. */
		} else {
			h->ip_allow_other = true;
		}
	}
}

/*
 * Whether systemd takes s as User= (its relaxed user name check, numeric
 * ids allowed): refused, the unit is not loaded at all.
 */
static bool user_ok(const char *s)
{
	if (!*s || strchr(s, ':') || strchr(s, '/') || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0)
		return false;
	if (strspn(s, "0123456789") == strlen(s)) {
		char *end;
		unsigned long long id = strtoull(s, &end, 10);

		/* (uid_t)-1 and the 16-bit (uid_t)-1 are not users. */
		return strlen(s) <= 10 && id < 4294967295ull && id != 65535;
	}
	return true;
}

/* One assignment of [Service] (or [Unit]) applied to h. */
static void apply(struct hard *h, const struct unitfile_entry *e,
		  const char *id, struct buf *w)
{
	static const struct {
		const char *key;
		size_t off;
	} bools[] = {
		{ "DynamicUser", offsetof(struct hard, dynamic_user) },
		{ "NoNewPrivileges", offsetof(struct hard, no_new_privileges) },
		{ "PrivateDevices", offsetof(struct hard, private_devices) },
		{ "PrivateMounts", offsetof(struct hard, private_mounts) },
		{ "PrivateNetwork", offsetof(struct hard, private_network) },
		{ "PrivateTmp", offsetof(struct hard, private_tmp) },
		{ "PrivateUsers", offsetof(struct hard, private_users) },
		{ "ProtectControlGroups",
		  offsetof(struct hard, protect_control_groups) },
		{ "ProtectKernelModules",
		  offsetof(struct hard, protect_kernel_modules) },
		{ "ProtectKernelTunables",
		  offsetof(struct hard, protect_kernel_tunables) },
		{ "ProtectKernelLogs",
		  offsetof(struct hard, protect_kernel_logs) },
		{ "ProtectClock", offsetof(struct hard, protect_clock) },
		{ "ProtectHostname", offsetof(struct hard, protect_hostname) },
		{ "LockPersonality", offsetof(struct hard, lock_personality) },
		{ "MemoryDenyWriteExecute",
		  offsetof(struct hard, memory_deny_write_execute) },
		{ "RestrictRealtime",
		  offsetof(struct hard, restrict_realtime) },
		{ "RestrictSUIDSGID",
		  offsetof(struct hard, restrict_suid_sgid) },
		{ "RemoveIPC", offsetof(struct hard, remove_ipc) },
	};
	const char *k = e->key, *v = e->value;
	size_t i;
	int b;

	if (strcmp(e->section, "Unit") == 0) {
		if (strcmp(k, "DefaultDependencies") == 0 &&
		    (b = parse_bool(v)) >= 0)
			h->default_dependencies = b;
		return;
	}
	if (strcmp(e->section, "Service") != 0)
		return;
	for (i = 0; i < sizeof(bools) / sizeof(bools[0]); i++) {
		if (strcmp(k, bools[i].key) != 0)
			continue;
		/* An invalid value, the empty one included, is ignored;
		 * except in DynamicUser=, where systemd refuses the unit. */
		if ((b = parse_bool(v)) >= 0)
			*(bool *)((char *)h + bools[i].off) = b;
		else if (strcmp(k, "DynamicUser") == 0)
			h->bad_setting = true;
		return;
	}
	if (strcmp(k, "User") == 0) {
		buf_reset(&h->user);
		h->user_set = *v != '\0';
		if (h->user_set && unitfile_expand(v, id, &h->user) < 0) {
			buf_reset(&h->user);
			(void)buf_adds(&h->user, v);
		}
		if (h->user_set && !user_ok(h->user.data ? h->user.data : ""))
			h->bad_setting = true;
	} else if (strcmp(k, "SupplementaryGroups") == 0) {
		/* A list: an empty assignment resets it. */
		h->supplementary_groups = *v != '\0';
	} else if (strcmp(k, "ProtectSystem") == 0) {
		if ((b = parse_bool(v)) >= 0)
			h->protect_system = b ? PS_YES : PS_NO;
		else if (strcmp(v, "full") == 0)
			h->protect_system = PS_FULL;
		else if (strcmp(v, "strict") == 0)
			h->protect_system = PS_STRICT;
	} else if (strcmp(k, "ProtectHome") == 0) {
		if ((b = parse_bool(v)) >= 0)
			h->protect_home = b ? PH_YES : PH_NO;
		else if (strcmp(v, "read-only") == 0)
			h->protect_home = PH_READ_ONLY;
		else if (strcmp(v, "tmpfs") == 0)
			h->protect_home = PH_TMPFS;
	} else if (strcmp(k, "CapabilityBoundingSet") == 0) {
		parse_caps(&h->cap_bounding, UINT64_MAX, v, w);
	} else if (strcmp(k, "AmbientCapabilities") == 0) {
		parse_caps(&h->cap_ambient, 0, v, w);
	} else if (strcmp(k, "RestrictNamespaces") == 0) {
		parse_namespaces(h, v, w);
	} else if (strcmp(k, "RestrictAddressFamilies") == 0) {
		parse_families(h, v, w);
	} else if (strcmp(k, "SystemCallFilter") == 0) {
		parse_syscall_filter(h, v, w);
	} else if (strcmp(k, "SystemCallArchitectures") == 0) {
		parse_archs(h, v, w);
	} else if (strcmp(k, "IPAddressDeny") == 0) {
		parse_ip(h, true, v, w);
	} else if (strcmp(k, "IPAddressAllow") == 0) {
		parse_ip(h, false, v, w);
	} else if (strcmp(k, "IPIngressFilterPath") == 0) {
		h->ip_ingress = *v != '\0'; /* an empty one resets the list */
	} else if (strcmp(k, "IPEgressFilterPath") == 0) {
		h->ip_egress = *v != '\0';
	} else if (strcmp(k, "DevicePolicy") == 0) {
		if (strcmp(v, "auto") == 0)
			h->device_policy = DP_AUTO;
		else if (strcmp(v, "closed") == 0)
			h->device_policy = DP_CLOSED;
		else if (strcmp(v, "strict") == 0)
			h->device_policy = DP_STRICT;
	} else if (strcmp(k, "DeviceAllow") == 0) {
		h->device_allow = *v != '\0';
	} else if (strcmp(k, "Delegate") == 0) {
		if ((b = parse_bool(v)) >= 0)
			h->delegate = b;
		else if (*v)
			h->delegate = true; /* a list of controllers */
	} else if (strcmp(k, "KeyringMode") == 0) {
		if (strcmp(v, "private") == 0)
			h->keyring_private = true;
		else if (strcmp(v, "inherit") == 0 || strcmp(v, "shared") == 0)
			h->keyring_private = false;
	} else if (strcmp(k, "ProtectProc") == 0) {
		if (strcmp(v, "noaccess") == 0) {
			h->protect_proc_bad = false;
			h->protect_proc_noaccess = true;
		} else if (strcmp(v, "invisible") == 0 ||
			   strcmp(v, "ptraceable") == 0) {
			h->protect_proc_bad = h->protect_proc_noaccess = false;
		} else if (strcmp(v, "default") == 0) {
			h->protect_proc_bad = true;
			h->protect_proc_noaccess = false;
		}
	} else if (strcmp(k, "ProcSubset") == 0) {
		if (strcmp(v, "pid") == 0)
			h->proc_subset_pid = true;
		else if (strcmp(v, "all") == 0)
			h->proc_subset_pid = false;
	} else if (strcmp(k, "NotifyAccess") == 0) {
		if (strcmp(v, "all") == 0)
			h->notify_all = true;
		else if (strcmp(v, "none") == 0 || strcmp(v, "main") == 0 ||
			 strcmp(v, "exec") == 0)
			h->notify_all = false;
	} else if (strcmp(k, "RootDirectory") == 0) {
		/* "/" is the host's root: no root of its own. */
		h->root_dir = *v && strcmp(v, "/") != 0;
	} else if (strcmp(k, "RootImage") == 0) {
		h->root_image = *v && strcmp(v, "/") != 0;
	} else if (strcmp(k, "MountImages") == 0) {
		h->mount_images = *v != '\0';
	} else if (strcmp(k, "UMask") == 0) {
		char *end;
		unsigned long m = strtoul(v, &end, 8);

		if (*v && !*end && m <= 0777 && strspn(v, "01234567") ==
		    strlen(v))
			h->umask = (unsigned)m;
	}
}

/* What systemd does to a unit's contexts when it loads it. */
static void imply(struct hard *h, const char *id)
{
	if (h->private_devices)
		h->cap_bounding &= ~(CAP(C_MKNOD) | CAP(C_SYS_RAWIO));
	if (h->protect_kernel_modules)
		h->cap_bounding &= ~CAP(C_SYS_MODULE);
	if (h->protect_kernel_logs)
		h->cap_bounding &= ~CAP(C_SYSLOG);
	if (h->protect_clock)
		h->cap_bounding &= ~(CAP(C_SYS_TIME) | CAP(C_WAKE_ALARM));
	if (h->dynamic_user) {
		if (!h->user_set) {
			/* The unit's prefix, when it is a valid user name;
			 * systemd hashes any other into "_du..." */
			size_t n = strcspn(id, "@.");
			bool ok = n > 0 && n < 32 &&
				  strspn(id, "abcdefghijklmnopqrstuvwxyz"
					     "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					     "0123456789_-") >= n &&
				  !(id[0] >= '0' && id[0] <= '9') &&
				  id[0] != '-';

			buf_reset(&h->user);
			h->user_set = ok && buf_add(&h->user, id, n) == 0;
		}
		h->private_tmp = true;
		h->remove_ipc = true;
		h->protect_system = PS_STRICT;
		if (h->protect_home == PH_NO)
			h->protect_home = PH_READ_ONLY;
		h->no_new_privileges = true;
		h->restrict_suid_sgid = true;
	}
	if (h->private_devices && h->device_policy == DP_AUTO)
		h->device_policy = DP_CLOSED;
	/* Devices added to an allow list in force: the loop and
	 * device-mapper ones an image needs, the RTC ProtectClock= reads. */
	if ((h->device_policy != DP_AUTO || h->device_allow) &&
	    (h->root_image || h->mount_images || h->protect_clock))
		h->device_allow = true;
}

/* ---------------------------------------------------------------- */
/* The exposure */

enum assess_kind {
	A_USER, A_SUPP_GROUPS, A_BOOL, A_BOOL_INV, A_PROTECT_HOME,
	A_PROTECT_SYSTEM, A_ROOT_DIR, A_CAP, A_UMASK, A_KEYRING,
	A_PROTECT_PROC, A_PROC_SUBSET, A_NOTIFY, A_REMOVE_IPC, A_NS, A_AF,
	A_ARCH, A_SYSCALLS, A_IP, A_DEVICE, A_AMBIENT,
};

/* Families of RestrictAddressFamilies= tests. */
enum { AFK_INET, AFK_UNIX, AFK_NETLINK, AFK_PACKET, AFK_OTHER };

struct assessor {
	/* cppcheck-suppress unusedStructMember ; it names the row */
	const char *id;     /* systemd-analyze's name for the test */
	unsigned weight;
	unsigned range;
	enum assess_kind kind;
	uint64_t param;     /* a field offset, capability mask, ... */
	bool default_deps;  /* only applies with DefaultDependencies=yes */
};

#define OFF(f) offsetof(struct hard, f)

static const struct assessor assessors[] = {
	{ "User=/DynamicUser=", 2000, 10, A_USER, 0, false },
	{ "SupplementaryGroups=", 200, 1, A_SUPP_GROUPS, 0, false },
	{ "PrivateDevices=", 1000, 1, A_BOOL, OFF(private_devices), false },
	{ "PrivateMounts=", 1000, 1, A_BOOL, OFF(private_mounts), false },
	{ "PrivateNetwork=", 2500, 1, A_BOOL, OFF(private_network), false },
	{ "PrivateTmp=", 1000, 1, A_BOOL, OFF(private_tmp), true },
	{ "PrivateUsers=", 1000, 1, A_BOOL, OFF(private_users), false },
	{ "ProtectControlGroups=", 1000, 1, A_BOOL,
	  OFF(protect_control_groups), false },
	{ "ProtectKernelModules=", 1000, 1, A_BOOL,
	  OFF(protect_kernel_modules), false },
	{ "ProtectKernelTunables=", 1000, 1, A_BOOL,
	  OFF(protect_kernel_tunables), false },
	{ "ProtectKernelLogs=", 1000, 1, A_BOOL, OFF(protect_kernel_logs),
	  false },
	{ "ProtectClock=", 1000, 1, A_BOOL, OFF(protect_clock), false },
	{ "ProtectHome=", 1000, 10, A_PROTECT_HOME, 0, true },
	{ "ProtectHostname=", 50, 1, A_BOOL, OFF(protect_hostname), false },
	{ "ProtectSystem=", 1000, 10, A_PROTECT_SYSTEM, 0, true },
	{ "RootDirectory=/RootImage=", 200, 1, A_ROOT_DIR, 0, true },
	{ "LockPersonality=", 100, 1, A_BOOL, OFF(lock_personality), false },
	{ "MemoryDenyWriteExecute=", 100, 1, A_BOOL,
	  OFF(memory_deny_write_execute), false },
	{ "NoNewPrivileges=", 1000, 1, A_BOOL, OFF(no_new_privileges),
	  false },
	{ "CapabilityBoundingSet=~CAP_SYS_ADMIN", 1500, 1, A_CAP,
	  CAP(C_SYS_ADMIN), false },
	{ "CapabilityBoundingSet=~CAP_SET(UID|GID|PCAP)", 1500, 1, A_CAP,
	  CAP(C_SETUID) | CAP(C_SETGID) | CAP(C_SETPCAP), false },
	{ "CapabilityBoundingSet=~CAP_SYS_PTRACE", 1500, 1, A_CAP,
	  CAP(C_SYS_PTRACE), false },
	{ "CapabilityBoundingSet=~CAP_SYS_TIME", 1000, 1, A_CAP,
	  CAP(C_SYS_TIME), false },
	{ "CapabilityBoundingSet=~CAP_NET_ADMIN", 1000, 1, A_CAP,
	  CAP(C_NET_ADMIN), false },
	{ "CapabilityBoundingSet=~CAP_SYS_RAWIO", 1000, 1, A_CAP,
	  CAP(C_SYS_RAWIO), false },
	{ "CapabilityBoundingSet=~CAP_SYS_MODULE", 1000, 1, A_CAP,
	  CAP(C_SYS_MODULE), false },
	{ "CapabilityBoundingSet=~CAP_AUDIT_*", 500, 1, A_CAP,
	  CAP(C_AUDIT_CONTROL) | CAP(C_AUDIT_READ) | CAP(C_AUDIT_WRITE),
	  false },
	{ "CapabilityBoundingSet=~CAP_SYSLOG", 500, 1, A_CAP, CAP(C_SYSLOG),
	  false },
	{ "CapabilityBoundingSet=~CAP_SYS_(NICE|RESOURCE)", 500, 1, A_CAP,
	  CAP(C_SYS_NICE) | CAP(C_SYS_RESOURCE), false },
	{ "CapabilityBoundingSet=~CAP_MKNOD", 500, 1, A_CAP, CAP(C_MKNOD),
	  false },
	{ "CapabilityBoundingSet=~CAP_(CHOWN|FSETID|SETFCAP)", 1000, 1, A_CAP,
	  CAP(C_CHOWN) | CAP(C_FSETID) | CAP(C_SETFCAP), false },
	{ "CapabilityBoundingSet=~CAP_(DAC_*|FOWNER|IPC_OWNER)", 1000, 1,
	  A_CAP, CAP(C_DAC_OVERRIDE) | CAP(C_DAC_READ_SEARCH) |
	  CAP(C_FOWNER) | CAP(C_IPC_OWNER), false },
	{ "CapabilityBoundingSet=~CAP_KILL", 500, 1, A_CAP, CAP(C_KILL),
	  false },
	{ "CapabilityBoundingSet=~CAP_NET_(BIND_SERVICE|BROADCAST|RAW)", 500,
	  1, A_CAP, CAP(C_NET_BIND_SERVICE) | CAP(C_NET_BROADCAST) |
	  CAP(C_NET_RAW), false },
	{ "CapabilityBoundingSet=~CAP_SYS_BOOT", 100, 1, A_CAP,
	  CAP(C_SYS_BOOT), false },
	{ "CapabilityBoundingSet=~CAP_MAC_*", 100, 1, A_CAP,
	  CAP(C_MAC_ADMIN) | CAP(C_MAC_OVERRIDE), false },
	{ "CapabilityBoundingSet=~CAP_LINUX_IMMUTABLE", 75, 1, A_CAP,
	  CAP(C_LINUX_IMMUTABLE), false },
	{ "CapabilityBoundingSet=~CAP_IPC_LOCK", 50, 1, A_CAP,
	  CAP(C_IPC_LOCK), false },
	{ "CapabilityBoundingSet=~CAP_SYS_CHROOT", 50, 1, A_CAP,
	  CAP(C_SYS_CHROOT), false },
	{ "CapabilityBoundingSet=~CAP_BLOCK_SUSPEND", 25, 1, A_CAP,
	  CAP(C_BLOCK_SUSPEND), false },
	{ "CapabilityBoundingSet=~CAP_WAKE_ALARM", 25, 1, A_CAP,
	  CAP(C_WAKE_ALARM), false },
	{ "CapabilityBoundingSet=~CAP_LEASE", 25, 1, A_CAP, CAP(C_LEASE),
	  false },
	{ "CapabilityBoundingSet=~CAP_SYS_TTY_CONFIG", 25, 1, A_CAP,
	  CAP(C_SYS_TTY_CONFIG), false },
	{ "CapabilityBoundingSet=~CAP_SYS_PACCT", 25, 1, A_CAP,
	  CAP(C_SYS_PACCT), false },
	{ "CapabilityBoundingSet=~CAP_BPF", 25, 1, A_CAP, CAP(C_BPF), false },
	{ "UMask=", 100, 10, A_UMASK, 0, false },
	{ "KeyringMode=", 1000, 1, A_KEYRING, 0, false },
	{ "ProtectProc=", 1000, 3, A_PROTECT_PROC, 0, false },
	{ "ProcSubset=", 10, 1, A_PROC_SUBSET, 0, false },
	{ "NotifyAccess=", 1000, 1, A_NOTIFY, 0, false },
	{ "RemoveIPC=", 100, 1, A_REMOVE_IPC, 0, false },
	{ "Delegate=", 100, 1, A_BOOL_INV, OFF(delegate), false },
	{ "RestrictRealtime=", 500, 1, A_BOOL, OFF(restrict_realtime),
	  false },
	{ "RestrictSUIDSGID=", 1000, 1, A_BOOL, OFF(restrict_suid_sgid),
	  false },
	{ "RestrictNamespaces=~user", 1500, 1, A_NS, NS_USER, false },
	{ "RestrictNamespaces=~mnt", 500, 1, A_NS, NS_MNT, false },
	{ "RestrictNamespaces=~ipc", 500, 1, A_NS, NS_IPC, false },
	{ "RestrictNamespaces=~pid", 500, 1, A_NS, NS_PID, false },
	{ "RestrictNamespaces=~cgroup", 500, 1, A_NS, NS_CGROUP, false },
	{ "RestrictNamespaces=~net", 500, 1, A_NS, NS_NET, false },
	{ "RestrictNamespaces=~uts", 100, 1, A_NS, NS_UTS, false },
	{ "RestrictAddressFamilies=~AF_(INET|INET6)", 1500, 1, A_AF,
	  AFK_INET, false },
	{ "RestrictAddressFamilies=~AF_UNIX", 25, 1, A_AF, AFK_UNIX, false },
	{ "RestrictAddressFamilies=~AF_NETLINK", 200, 1, A_AF, AFK_NETLINK,
	  false },
	{ "RestrictAddressFamilies=~AF_PACKET", 1000, 1, A_AF, AFK_PACKET,
	  false },
	{ "RestrictAddressFamilies=~...", 1250, 1, A_AF, AFK_OTHER, false },
	{ "SystemCallArchitectures=", 1000, 10, A_ARCH, 0, false },
	{ "SystemCallFilter=~@swap", 1000, 10, A_SYSCALLS, SG_SWAP, false },
	{ "SystemCallFilter=~@obsolete", 250, 10, A_SYSCALLS, SG_OBSOLETE,
	  false },
	{ "SystemCallFilter=~@clock", 1000, 10, A_SYSCALLS, SG_CLOCK, false },
	{ "SystemCallFilter=~@cpu-emulation", 250, 10, A_SYSCALLS,
	  SG_CPU_EMULATION, false },
	{ "SystemCallFilter=~@debug", 1000, 10, A_SYSCALLS, SG_DEBUG, false },
	{ "SystemCallFilter=~@mount", 1000, 10, A_SYSCALLS, SG_MOUNT, false },
	{ "SystemCallFilter=~@module", 1000, 10, A_SYSCALLS, SG_MODULE,
	  false },
	{ "SystemCallFilter=~@raw-io", 1000, 10, A_SYSCALLS, SG_RAW_IO,
	  false },
	{ "SystemCallFilter=~@reboot", 1000, 10, A_SYSCALLS, SG_REBOOT,
	  false },
	{ "SystemCallFilter=~@privileged", 700, 10, A_SYSCALLS,
	  SG_PRIVILEGED, false },
	{ "SystemCallFilter=~@resources", 700, 10, A_SYSCALLS, SG_RESOURCES,
	  false },
	{ "IPAddressDeny=", 1000, 10, A_IP, 0, false },
	{ "DeviceAllow=", 1000, 10, A_DEVICE, 0, false },
	{ "AmbientCapabilities=", 500, 1, A_AMBIENT, 0, false },
};

_Static_assert(sizeof(assessors) / sizeof(assessors[0]) == 81,
	       "systemd 252 runs 81 tests");

static bool is_root_name(const struct hard *h)
{
	return h->user_set && (strcmp(h->user.data, "root") == 0 ||
			       strcmp(h->user.data, "0") == 0);
}

/* security_info_runs_privileged(): root by name, or no user at all. */
static bool runs_privileged(const struct hard *h)
{
	if (is_root_name(h))
		return true;
	if (h->dynamic_user)
		return false;
	return !h->user_set;
}

/* Whether the address-family test kind k finds the family restricted. */
static bool af_restricted(const struct hard *h, unsigned k)
{
	bool r = h->af_allow; /* every family starts as the list's polarity */
	int af;

	for (af = 0; af < AF_NUM_MAX; af++) {
		unsigned fk;

		if (!h->af_in[af])
			continue;
		fk = af == 2 || af == 10 ? AFK_INET
		     : af == 1	       ? AFK_UNIX
		     : af == 16	       ? AFK_NETLINK
		     : af == 17	       ? AFK_PACKET
				       : AFK_OTHER;
		if (fk == k)
			r = !h->af_allow;
	}
	return r;
}

/* Badness of one test, or -1 when it does not apply. */
static int badness(const struct assessor *a, const struct hard *h)
{
	size_t i;

	if (a->default_deps && !h->default_dependencies)
		return -1;
	switch (a->kind) {
	case A_USER:
		if (h->user_set && strcmp(h->user.data, "nobody") == 0)
			return 9;
		if (h->dynamic_user && !is_root_name(h))
			return 0;
		if (h->user_set && h->user.len && !is_root_name(h))
			return 0;
		return 10;
	case A_SUPP_GROUPS:
		return runs_privileged(h) ? -1 : h->supplementary_groups;
	case A_BOOL:
		return !*(const bool *)((const char *)h + a->param);
	case A_BOOL_INV:
		return *(const bool *)((const char *)h + a->param);
	case A_PROTECT_HOME:
		return h->protect_home == PH_YES	 ? 0
		       : h->protect_home == PH_TMPFS	 ? 1
		       : h->protect_home == PH_READ_ONLY ? 5
							 : 10;
	case A_PROTECT_SYSTEM:
		return h->protect_system == PS_STRICT ? 0
		       : h->protect_system == PS_FULL ? 3
		       : h->protect_system == PS_YES  ? 5
						      : 10;
	case A_ROOT_DIR:
		return !h->root_dir && !h->root_image;
	case A_CAP:
		return (h->cap_bounding & a->param) != 0;
	case A_UMASK:
		return !(h->umask & 0002) ? 10
		       : !(h->umask & 0004) ? 5
		       : !(h->umask & 0020) ? 2
		       : !(h->umask & 0040) ? 1
					    : 0;
	case A_KEYRING:
		return !h->keyring_private;
	case A_PROTECT_PROC:
		return h->protect_proc_noaccess ? 1
		       : h->protect_proc_bad	 ? 3
						 : 0;
	case A_PROC_SUBSET:
		return !h->proc_subset_pid;
	case A_NOTIFY:
		return h->notify_all;
	case A_REMOVE_IPC:
		return runs_privileged(h) ? -1 : !h->remove_ipc;
	case A_NS:
		return (h->ns_allowed & a->param) != 0;
	case A_AF:
		return !af_restricted(h, (unsigned)a->param);
	case A_ARCH:
		/* Offline, systemd 252 scores 0 only for "native" alone
		 * ("native x86" or "x86-64" score 8). */
		if (!h->archs.len)
			return 10;
		return strcmp(h->archs.data, "native") == 0 ? 0 : 8;
	case A_SYSCALLS:
		if (!h->sc_set)
			return 10;
		for (i = 0; i < NSYSCALLS; i++) {
			bool allowed;

			if (!(syscalls[i].groups & G(a->param)))
				continue;
			allowed = h->sc_allow ? h->sc[i] == SC_LISTED
					      : h->sc[i] == SC_ABSENT;
			if (allowed)
				return h->sc_allow ? 9 : 10;
		}
		return 0;
	case A_IP:
		if (h->ip_ingress || h->ip_egress)
			return 0;
		if (!(h->ip_deny_v4 && h->ip_deny_v6))
			return 10;
		if (h->ip_allow_other)
			return 5;
		if (h->ip_allow_local)
			return 2;
		return 0;
	case A_DEVICE:
		if (h->device_policy == DP_AUTO)
			return 10;
		return h->device_allow ? 5 : 0;
	case A_AMBIENT:
		return h->cap_ambient != 0;
	}
	return -1;
}

/* The exposure in tenths, 0 to 100, as systemd-analyze rounds it. */
static unsigned exposure_tenths(const struct hard *h)
{
	uint64_t sum = 0, weights = 0;
	size_t i;

	for (i = 0; i < sizeof(assessors) / sizeof(assessors[0]); i++) {
		const struct assessor *a = &assessors[i];
		int b = badness(a, h);

		if (b < 0)
			continue;
		sum += ((uint64_t)b * a->weight + a->range - 1) / a->range;
		weights += a->weight;
	}
	if (weights == 0)
		return 0;
	return (unsigned)((sum * 100 + weights - 1) / weights);
}

/* ---------------------------------------------------------------- */
/* systemd_unit_hardening */

enum {
	UH_UNIT,
	UH_FRAGMENT_PATH,
	UH_USER,
	UH_DYNAMIC_USER,
	UH_NO_NEW_PRIVILEGES,
	UH_PROTECT_SYSTEM,
	UH_PROTECT_HOME,
	UH_PRIVATE_TMP,
	UH_PRIVATE_DEVICES,
	UH_PROTECT_KERNEL_TUNABLES,
	UH_PROTECT_KERNEL_MODULES,
	UH_PROTECT_KERNEL_LOGS,
	UH_PROTECT_CONTROL_GROUPS,
	UH_PROTECT_CLOCK,
	UH_PROTECT_HOSTNAME,
	UH_RESTRICT_NAMESPACES,
	UH_RESTRICT_REALTIME,
	UH_RESTRICT_SUID_SGID,
	UH_LOCK_PERSONALITY,
	UH_MEMORY_DENY_WRITE_EXECUTE,
	UH_CAPABILITY_BOUNDING_SET,
	UH_AMBIENT_CAPABILITIES,
	UH_SYSTEM_CALL_FILTER,
	UH_SYSTEM_CALL_ARCHITECTURES,
	UH_RESTRICT_ADDRESS_FAMILIES,
	UH_PRIVATE_NETWORK,
	UH_IP_ADDRESS_DENY,
	UH_UMASK,
	UH_EXPOSURE,
	UH_NCOLS
};

static const struct column hardening_cols[] = {
	{ "unit", COL_TEXT, 0, "The service unit's name." },
	{ "fragment_path", COL_TEXT, 0, "The unit file it was loaded from." },
	{ "user", COL_TEXT, 0,
	  "The user it runs as: User=, \"root\" when unset, or the name "
	  "DynamicUser= makes." },
	{ "dynamic_user", COL_INTEGER, 0,
	  "1 when DynamicUser= allocates a transient user." },
	{ "no_new_privileges", COL_INTEGER, 0,
	  "1 when NoNewPrivileges= is in effect (DynamicUser= implies it)." },
	{ "protect_system", COL_TEXT, 0,
	  "ProtectSystem=: no, yes, full or strict." },
	{ "protect_home", COL_TEXT, 0,
	  "ProtectHome=: no, yes, read-only or tmpfs." },
	{ "private_tmp", COL_INTEGER, 0, "1 when PrivateTmp= is on." },
	{ "private_devices", COL_INTEGER, 0, "1 when PrivateDevices= is on." },
	{ "protect_kernel_tunables", COL_INTEGER, 0,
	  "1 when ProtectKernelTunables= is on." },
	{ "protect_kernel_modules", COL_INTEGER, 0,
	  "1 when ProtectKernelModules= is on." },
	{ "protect_kernel_logs", COL_INTEGER, 0,
	  "1 when ProtectKernelLogs= is on." },
	{ "protect_control_groups", COL_INTEGER, 0,
	  "1 when ProtectControlGroups= is on." },
	{ "protect_clock", COL_INTEGER, 0, "1 when ProtectClock= is on." },
	{ "protect_hostname", COL_INTEGER, 0,
	  "1 when ProtectHostname= is on." },
	{ "restrict_namespaces", COL_TEXT, 0,
	  "RestrictNamespaces=: yes, no, or the namespace types still "
	  "allowed; NULL when not set." },
	{ "restrict_realtime", COL_INTEGER, 0,
	  "1 when RestrictRealtime= is on." },
	{ "restrict_suid_sgid", COL_INTEGER, 0,
	  "1 when RestrictSUIDSGID= is on." },
	{ "lock_personality", COL_INTEGER, 0,
	  "1 when LockPersonality= is on." },
	{ "memory_deny_write_execute", COL_INTEGER, 0,
	  "1 when MemoryDenyWriteExecute= is on." },
	{ "capability_bounding_set", COL_TEXT, 0,
	  "The capabilities the bounding set keeps, space-separated (empty "
	  "for none)." },
	{ "ambient_capabilities", COL_TEXT, 0,
	  "The ambient capabilities, space-separated (empty for none)." },
	{ "system_call_filter", COL_TEXT, 0,
	  "The SystemCallFilter= assignments in force, joined by \"; \"; "
	  "NULL without a filter." },
	{ "system_call_architectures", COL_TEXT, 0,
	  "SystemCallArchitectures=; NULL when not restricted." },
	{ "restrict_address_families", COL_TEXT, 0,
	  "The effective RestrictAddressFamilies= list (\"none\", allowed, "
	  "or ~denied); NULL when not set." },
	{ "private_network", COL_INTEGER, 0,
	  "1 when PrivateNetwork= is on." },
	{ "ip_address_deny", COL_TEXT, 0,
	  "The IPAddressDeny= entries in force; NULL when none." },
	{ "umask", COL_TEXT, 0, "UMask= in octal (0022 by default)." },
	{ "exposure", COL_DOUBLE, 0,
	  "Exposure from 0.0 to 10.0, as systemd-analyze security scores "
	  "the unit." },
};

_Static_assert(TABLE_NCOLS(hardening_cols) == UH_NCOLS,
	       "systemd_unit_hardening column enum and array disagree");

static void set_caps(struct qctx *q, int col, uint64_t set, struct buf *b)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < NCAPS; i++)
		if (set & CAP(i))
			list_add(b, cap_names[i]);
	qctx_set_textn(q, col, b->data ? b->data : "", b->len);
}

static void set_namespaces(struct qctx *q, const struct hard *h,
			   struct buf *b)
{
	size_t i;

	if (!h->ns_set)
		return;
	if (h->ns_allowed == 0) {
		qctx_set_text(q, UH_RESTRICT_NAMESPACES, "yes");
		return;
	}
	if (h->ns_allowed == NS_ALL) {
		qctx_set_text(q, UH_RESTRICT_NAMESPACES, "no");
		return;
	}
	buf_reset(b);
	for (i = 0; i < 7; i++)
		if (h->ns_allowed & (1u << i))
			list_add(b, ns_names[i]);
	qctx_set_textn(q, UH_RESTRICT_NAMESPACES, b->data, b->len);
}

static void set_families(struct qctx *q, const struct hard *h,
			 struct buf *b)
{
	int order[AF_NUM_MAX], n = 0, i, j, af;

	if (!h->af_list && !h->af_allow)
		return; /* not set */
	/* The families listed, in the order they were named. */
	for (af = 0; af < AF_NUM_MAX; af++) {
		if (!h->af_in[af] || !af_name(af))
			continue;
		for (i = n; i > 0 && h->af_in[order[i - 1]] > h->af_in[af]; i--)
			order[i] = order[i - 1];
		order[i] = af;
		n++;
	}
	buf_reset(b);
	if (!h->af_allow)
		(void)buf_addc(b, '~');
	for (j = 0; j < n; j++) {
		if (j)
			(void)buf_addc(b, ' ');
		(void)buf_adds(b, af_name(order[j]));
	}
	if (h->af_allow && n == 0)
		(void)buf_adds(b, "none");
	qctx_set_textn(q, UH_RESTRICT_ADDRESS_FAMILIES,
		       b->data ? b->data : "", b->len);
}

static int hardening_row(struct qctx *q, const char *id,
			 const struct loaded *lu, struct buf *w)
{
	struct hard h;
	char umask[8];
	size_t i;
	int rc = 0;

	hard_init(&h);
	for (i = 0; i < lu->uf.n; i++)
		apply(&h, &lu->uf.v[i], id, w);
	imply(&h, id);
	if (h.bad_setting)
		goto out; /* systemd would not load it: nothing runs */
	if (qctx_row(q) < 0) {
		rc = -1;
		goto out;
	}
	qctx_set_text(q, UH_UNIT, id);
	qctx_set_text(q, UH_FRAGMENT_PATH, lu->res.path);
	if (h.user_set)
		qctx_set_text(q, UH_USER, h.user.data);
	else if (!h.dynamic_user)
		qctx_set_text(q, UH_USER, "root");
	qctx_set_int(q, UH_DYNAMIC_USER, h.dynamic_user);
	qctx_set_int(q, UH_NO_NEW_PRIVILEGES, h.no_new_privileges);
	qctx_set_text(q, UH_PROTECT_SYSTEM, ps_names[h.protect_system]);
	qctx_set_text(q, UH_PROTECT_HOME, ph_names[h.protect_home]);
	qctx_set_int(q, UH_PRIVATE_TMP, h.private_tmp);
	qctx_set_int(q, UH_PRIVATE_DEVICES, h.private_devices);
	qctx_set_int(q, UH_PROTECT_KERNEL_TUNABLES, h.protect_kernel_tunables);
	qctx_set_int(q, UH_PROTECT_KERNEL_MODULES, h.protect_kernel_modules);
	qctx_set_int(q, UH_PROTECT_KERNEL_LOGS, h.protect_kernel_logs);
	qctx_set_int(q, UH_PROTECT_CONTROL_GROUPS, h.protect_control_groups);
	qctx_set_int(q, UH_PROTECT_CLOCK, h.protect_clock);
	qctx_set_int(q, UH_PROTECT_HOSTNAME, h.protect_hostname);
	set_namespaces(q, &h, w);
	qctx_set_int(q, UH_RESTRICT_REALTIME, h.restrict_realtime);
	qctx_set_int(q, UH_RESTRICT_SUID_SGID, h.restrict_suid_sgid);
	qctx_set_int(q, UH_LOCK_PERSONALITY, h.lock_personality);
	qctx_set_int(q, UH_MEMORY_DENY_WRITE_EXECUTE,
		     h.memory_deny_write_execute);
	set_caps(q, UH_CAPABILITY_BOUNDING_SET, h.cap_bounding, w);
	set_caps(q, UH_AMBIENT_CAPABILITIES, h.cap_ambient, w);
	if (h.sc_set)
		qctx_set_textn(q, UH_SYSTEM_CALL_FILTER, h.sc_text.data,
			       h.sc_text.len);
	if (h.archs.len)
		qctx_set_textn(q, UH_SYSTEM_CALL_ARCHITECTURES, h.archs.data,
			       h.archs.len);
	set_families(q, &h, w);
	qctx_set_int(q, UH_PRIVATE_NETWORK, h.private_network);
	if (h.ip_deny.len)
		qctx_set_textn(q, UH_IP_ADDRESS_DENY, h.ip_deny.data,
			       h.ip_deny.len);
	snprintf(umask, sizeof(umask), "%04o", h.umask & 0777);
	qctx_set_text(q, UH_UMASK, umask);
	qctx_set_double(q, UH_EXPOSURE, exposure_tenths(&h) / 10.0);
out:
	hard_release(&h);
	return rc;
}

static int hardening_generate(struct qctx *q)
{
	struct buf w = BUF_INIT(1u << 20);
	struct unitlist ul;
	struct spath sp;
	size_t i;
	int rc = 0;

	memset(&ul, 0, sizeof(ul));
	sp.n = 0;
	if (systemd_spath_init(&sp) < 0 ||
	    systemd_unitlist_load(&ul, &sp) < 0) {
		rc = qctx_error(q, "systemd_unit_hardening: out of memory");
		goto out;
	}
	for (i = 0; i < ul.n && rc == 0; i++) {
		const char *id = ul.v[i].name, *type = unitfile_name_type(id);
		struct loaded lu;

		if (!type || strcmp(type, "service") != 0)
			continue;
		systemd_load_unit(&lu, &sp, id);
		if (lu.state == LS_LOADED)
			rc = hardening_row(q, id, &lu, &w);
		unitfile_release(&lu.uf);
	}
out:
	systemd_unitlist_free(&ul);
	systemd_spath_free(&sp);
	buf_release(&w);
	return rc;
}

static const struct table hardening_table = {
	.name = "systemd_unit_hardening",
	.desc = "Sandboxing of each systemd service and its exposure score, "
		"as systemd-analyze security computes it.",
	.cols = hardening_cols,
	.ncols = UH_NCOLS,
	.generate = hardening_generate,
};

TABLE_REGISTER(hardening_table);
