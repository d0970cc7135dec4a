/* SPDX-License-Identifier: Apache-2.0 */
/*
 * procsec.c: how confined each process is: process_security (vigil's
 * table).  It answers "which services run with a full capability set,
 * without no_new_privs, without seccomp, unconfined by the LSM, in the
 * host's namespaces?".
 *
 * Columns, one row per process, under /proc/PID:
 *   pid                 the directory name
 *   cap_effective, cap_permitted, cap_inheritable, cap_bounding,
 *   cap_ambient         status: CapEff, CapPrm, CapInh, CapBnd, CapAmb, as
 *                       the kernel writes them (16 hex digits)
 *   cap_*_names         the same set as capability names, comma-separated
 *                       ("cap_net_bind_service,cap_net_raw"); bits Linux
 *                       has no name for yet are written as numbers
 *   no_new_privs        status: NoNewPrivs, 1 when executing a file can never
 *                       grant privileges (setuid, file capabilities)
 *   seccomp             status: Seccomp as text: disabled, strict, filter
 *   seccomp_filters     status: Seccomp_filters, how many filters are
 *                       attached (Linux 5.9 and later; NULL before)
 *   lsm_label           attr/current: the LSM's label for the process
 *                       (SELinux context, AppArmor profile and mode, Smack
 *                       label); NULL when no LSM provides one
 *   dumpable            1 when the process is dumpable (core dumps allowed,
 *                       same-user ptrace and /proc/PID/mem access allowed),
 *                       0 when not.  The kernel shows it nowhere directly:
 *                       a non-dumpable process's /proc files are owned by
 *                       root, so it is 0 when status is owned by another
 *                       uid than the process's effective one.  NULL when
 *                       that cannot tell: effective uid 0, kernel threads,
 *                       or a root other than the live host (file owners in
 *                       an image or fixture mean nothing)
 *   mnt_isolated, net_isolated, pid_isolated, user_isolated,
 *   uts_isolated, ipc_isolated, cgroup_isolated
 *                       1 when the process's namespace of that type (the
 *                       ns/<type> link) differs from PID 1's, 0 when it is
 *                       the same; NULL when either link cannot be read
 *                       (other users' processes without root).  When PID
 *                       1's links are closed even to root (a non-dumpable
 *                       init, or an LSM guarding it) and PID 2 is
 *                       kthreadd, kthreadd's are the reference: kernel
 *                       threads live in the initial namespaces
 *
 * Required constraints: none.  pid is an index: WHERE pid = N reads only
 * that process.  Privileges: none for the status columns; root (or
 * CAP_SYS_PTRACE) for other users' namespace links.
 *
 * Example:
 *   SELECT p.pid, p.name, s.cap_effective_names FROM processes p
 *     JOIN process_security s USING (pid)
 *     WHERE s.cap_effective != '0000000000000000' AND p.uid != 0;
 *   SELECT pid FROM process_security
 *     WHERE no_new_privs = 0 AND seccomp = 'disabled' AND net_isolated = 0;
 *
 * How it works: status is read for every process and parsed by
 * secparse_proc_status(); attr/current, the ns links and the ownership of
 * status are looked at only when the query uses their columns.  A process
 * that is gone by the time its status is read is skipped.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sql/table.h"
#include "tables/procfd.h"
#include "tables/secparse.h"
#include "util/buf.h"
#include "util/hostfs.h"

enum {
	PS_PID,
	PS_CAP_EFFECTIVE,
	PS_CAP_EFFECTIVE_NAMES,
	PS_CAP_PERMITTED,
	PS_CAP_PERMITTED_NAMES,
	PS_CAP_INHERITABLE,
	PS_CAP_INHERITABLE_NAMES,
	PS_CAP_BOUNDING,
	PS_CAP_BOUNDING_NAMES,
	PS_CAP_AMBIENT,
	PS_CAP_AMBIENT_NAMES,
	PS_NO_NEW_PRIVS,
	PS_SECCOMP,
	PS_SECCOMP_FILTERS,
	PS_LSM_LABEL,
	PS_DUMPABLE,
	PS_MNT_ISOLATED,
	PS_NET_ISOLATED,
	PS_PID_ISOLATED,
	PS_USER_ISOLATED,
	PS_UTS_ISOLATED,
	PS_IPC_ISOLATED,
	PS_CGROUP_ISOLATED,
	PS_NCOLS
};

static const struct column process_security_cols[] = {
	{ "pid", COL_BIGINT, COL_INDEX | COL_OPTIMIZED, "Process ID." },
	{ "cap_effective", COL_TEXT, 0,
	  "Effective capability set, in hex (CapEff)." },
	{ "cap_effective_names", COL_TEXT, 0,
	  "Effective capabilities by name, comma-separated." },
	{ "cap_permitted", COL_TEXT, 0,
	  "Permitted capability set, in hex (CapPrm)." },
	{ "cap_permitted_names", COL_TEXT, 0,
	  "Permitted capabilities by name, comma-separated." },
	{ "cap_inheritable", COL_TEXT, 0,
	  "Inheritable capability set, in hex (CapInh)." },
	{ "cap_inheritable_names", COL_TEXT, 0,
	  "Inheritable capabilities by name, comma-separated." },
	{ "cap_bounding", COL_TEXT, 0,
	  "Capability bounding set, in hex (CapBnd)." },
	{ "cap_bounding_names", COL_TEXT, 0,
	  "Bounding set capabilities by name, comma-separated." },
	{ "cap_ambient", COL_TEXT, 0,
	  "Ambient capability set, in hex (CapAmb)." },
	{ "cap_ambient_names", COL_TEXT, 0,
	  "Ambient capabilities by name, comma-separated." },
	{ "no_new_privs", COL_INTEGER, 0,
	  "1 when the no_new_privs bit is set." },
	{ "seccomp", COL_TEXT, 0, "Seccomp mode: disabled, strict or filter." },
	{ "seccomp_filters", COL_INTEGER, 0,
	  "Number of seccomp filters attached (NULL before Linux 5.9)." },
	{ "lsm_label", COL_TEXT, 0,
	  "LSM label of the process (attr/current), NULL when none." },
	{ "dumpable", COL_INTEGER, 0,
	  "1 when dumpable, 0 when not, NULL when it cannot be told." },
	{ "mnt_isolated", COL_INTEGER, 0,
	  "1 when its mount namespace differs from PID 1's." },
	{ "net_isolated", COL_INTEGER, 0,
	  "1 when its network namespace differs from PID 1's." },
	{ "pid_isolated", COL_INTEGER, 0,
	  "1 when its PID namespace differs from PID 1's." },
	{ "user_isolated", COL_INTEGER, 0,
	  "1 when its user namespace differs from PID 1's." },
	{ "uts_isolated", COL_INTEGER, 0,
	  "1 when its UTS namespace differs from PID 1's." },
	{ "ipc_isolated", COL_INTEGER, 0,
	  "1 when its IPC namespace differs from PID 1's." },
	{ "cgroup_isolated", COL_INTEGER, 0,
	  "1 when its cgroup namespace differs from PID 1's." },
};

_Static_assert(TABLE_NCOLS(process_security_cols) == PS_NCOLS,
	       "process_security column enum and array disagree");

#define NS_TYPES 7
static const char *const ns_types[NS_TYPES] = {
	"mnt", "net", "pid", "user", "uts", "ipc", "cgroup",
};

#define STATUS_MAX (64u << 10)
#define LABEL_MAX 4096

struct scan {
	struct qctx *q;
	struct buf b;
	bool want_ns;
	char init_ns[NS_TYPES][64]; /* PID 1's links, "" when unreadable */
};

/* Sets a capability set's hex column and, right after it in the column
 * array, its names column. */
static void set_caps(struct qctx *q, int col, uint64_t mask)
{
	char hex[20], names[SECPARSE_CAP_NAMES_MAX];

	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)mask);
	qctx_set_text(q, col, hex);
	if (qctx_used(q, col + 1) &&
	    secparse_cap_names(mask, names, sizeof(names)) == 0)
		qctx_set_text(q, col + 1, names);
}

static void set_label(struct qctx *q, long pid)
{
	char path[64], label[LABEL_MAX];
	long n, i;

	snprintf(path, sizeof(path), "/proc/%ld/attr/current", pid);
	n = hostfs_read_small(path, label, sizeof(label));
	if (n <= 0)
		return; /* EINVAL: no LSM gives processes labels */
	/* SELinux ends its context with a NUL. */
	while (n > 0 && (label[n - 1] == '\0' || label[n - 1] == '\n'))
		n--;
	for (i = 0; i < n; i++)
		if ((unsigned char)label[i] < 0x20 ||
		    (unsigned char)label[i] > 0x7e)
			return;
	if (n > 0)
		qctx_set_textn(q, PS_LSM_LABEL, label, (size_t)n);
}

static void set_dumpable(struct qctx *q, long pid,
			 const struct secparse_procsec *ps)
{
	char path[64];
	struct stat st;

	if (!hostfs_is_live() || !(ps->have & SECPARSE_PS_EUID) ||
	    ps->euid == 0)
		return;
	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	if (hostfs_stat(path, &st) < 0)
		return;
	qctx_set_int(q, PS_DUMPABLE, (int64_t)st.st_uid == ps->euid);
}

static void read_ns(long pid, const char *type, char *dst, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%ld/ns/%s", pid, type);
	if (hostfs_readlink(path, dst, size) <= 0)
		dst[0] = '\0';
}

static void set_ns(struct scan *s, long pid)
{
	char link[64];
	int i;

	for (i = 0; i < NS_TYPES; i++) {
		if (!qctx_used(s->q, PS_MNT_ISOLATED + i) || !s->init_ns[i][0])
			continue;
		read_ns(pid, ns_types[i], link, sizeof(link));
		if (link[0])
			qctx_set_int(s->q, PS_MNT_ISOLATED + i,
				     strcmp(link, s->init_ns[i]) != 0);
	}
}

/*
 * Reads the reference namespaces: PID 1's.  A PID 1 that forbids access
 * to its links (non-dumpable, or guarded by an LSM) is replaced by
 * kthreadd, PID 2 outside containers: kernel threads always live in the
 * initial namespaces, which PID 1's are on a host.
 */
static void load_init_ns(struct scan *s)
{
	char comm[32];
	bool kthreadd;
	int i;

	kthreadd = hostfs_read_small("/proc/2/comm", comm, sizeof(comm)) > 0 &&
		   strcmp(comm, "kthreadd") == 0;
	for (i = 0; i < NS_TYPES; i++) {
		if (!qctx_used(s->q, PS_MNT_ISOLATED + i))
			continue;
		read_ns(1, ns_types[i], s->init_ns[i], sizeof(s->init_ns[i]));
		if (!s->init_ns[i][0] && kthreadd)
			read_ns(2, ns_types[i], s->init_ns[i],
				sizeof(s->init_ns[i]));
	}
}

static bool vanished(int err)
{
	return err == ENOENT || err == ESRCH || err == ENOTDIR;
}

static int emit_pid(struct scan *s, long pid)
{
	struct secparse_procsec ps;
	struct qctx *q = s->q;
	char path[64];
	const char *mode;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	buf_reset(&s->b);
	if (hostfs_read_file(path, STATUS_MAX, 0, &s->b, NULL) < 0) {
		if (vanished(errno))
			return 0;
		memset(&ps, 0, sizeof(ps));
	} else if (secparse_proc_status(s->b.data, s->b.len, &ps) < 0) {
		memset(&ps, 0, sizeof(ps));
	}

	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, PS_PID, pid);
	if (ps.have & SECPARSE_PS_CAPEFF)
		set_caps(q, PS_CAP_EFFECTIVE, ps.cap_eff);
	if (ps.have & SECPARSE_PS_CAPPRM)
		set_caps(q, PS_CAP_PERMITTED, ps.cap_prm);
	if (ps.have & SECPARSE_PS_CAPINH)
		set_caps(q, PS_CAP_INHERITABLE, ps.cap_inh);
	if (ps.have & SECPARSE_PS_CAPBND)
		set_caps(q, PS_CAP_BOUNDING, ps.cap_bnd);
	if (ps.have & SECPARSE_PS_CAPAMB)
		set_caps(q, PS_CAP_AMBIENT, ps.cap_amb);
	if (ps.have & SECPARSE_PS_NNP)
		qctx_set_int(q, PS_NO_NEW_PRIVS, ps.no_new_privs);
	if (ps.have & SECPARSE_PS_SECCOMP) {
		mode = secparse_seccomp_mode(ps.seccomp);
		qctx_set_text(q, PS_SECCOMP, mode);
	}
	if (ps.have & SECPARSE_PS_FILTERS)
		qctx_set_int(q, PS_SECCOMP_FILTERS, ps.seccomp_filters);
	if (qctx_used(q, PS_LSM_LABEL))
		set_label(q, pid);
	if (qctx_used(q, PS_DUMPABLE))
		set_dumpable(q, pid, &ps);
	if (s->want_ns)
		set_ns(s, pid);
	return 0;
}

static int process_security_generate(struct qctx *q)
{
	struct buf list = BUF_INIT(PROCFD_MAX_PIDS * sizeof(long));
	struct scan s;
	bool listed;
	size_t i, n;
	long *pids;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	s.q = q;
	buf_init(&s.b, STATUS_MAX);
	for (i = 0; i < NS_TYPES; i++)
		if (qctx_used(q, PS_MNT_ISOLATED + (int)i))
			s.want_ns = true;
	if (s.want_ns)
		load_init_ns(&s);
	if (procfd_pids(q, PS_PID, false, "process_security",
			&list, &n, &listed) < 0)
		goto out;
	pids = (long *)(void *)list.data;
	for (i = 0; i < n; i++)
		if (emit_pid(&s, pids[i]) < 0)
			goto out;
	rc = 0;
out:
	buf_release(&list);
	buf_release(&s.b);
	return rc;
}

static const struct table process_security_table = {
	.name = "process_security",
	.desc = "Per-process confinement: capabilities, no_new_privs, seccomp, "
		"LSM label, dumpable, namespaces.",
	.cols = process_security_cols,
	.ncols = PS_NCOLS,
	.generate = process_security_generate,
};

TABLE_REGISTER(process_security_table);
