/* SPDX-License-Identifier: Apache-2.0 */
/*
 * kernelsec.c: what the running kernel enforces and how it was built and
 * booted: kernel_security, kernel_config and kernel_cmdline (vigil's
 * tables; osquery has none of them).
 *
 * kernel_security, one row per setting, always the same names in the same
 * order (a setting that cannot be read has a NULL value and a source that
 * says why):
 *   name     value (source)
 *   lockdown            none, integrity or confidentiality: the bracketed
 *                       mode of /sys/kernel/security/lockdown; "none" when
 *                       securityfs is mounted and the kernel has no
 *                       lockdown LSM
 *   lsm                 the active LSMs in order, comma-separated
 *                       (/sys/kernel/security/lsm)
 *   ima                 enabled or disabled: whether securityfs has an
 *                       ima directory (/sys/kernel/security/ima, or
 *                       integrity/ima on newer kernels)
 *   evm                 disabled (no evm file), uninitialized (0: no key
 *                       loaded, nothing verified), or the flags the
 *                       kernel reports, comma-separated: hmac, x509,
 *                       metadata_writes (/sys/kernel/security/evm)
 *   selinux             enforcing, permissive or disabled
 *                       (/sys/fs/selinux/enforce; disabled when absent)
 *   apparmor            enabled or disabled
 *                       (/sys/module/apparmor/parameters/enabled)
 *   smack               enabled or disabled (whether /sys/fs/smackfs exists)
 *   modules             1 when the kernel can load modules at all, 0 when
 *                       it was built without (/proc/modules)
 *   module.sig_enforce  1 when only signed modules load, else 0
 *                       (/sys/module/module/parameters/sig_enforce; 0 when
 *                       the kernel has no module signing; NULL without
 *                       module support, where it means nothing)
 *   the sysctls, each the trimmed content of its /proc/sys file (NULL when
 *   the kernel has no such file):
 *     kernel.modules_disabled kernel.kexec_load_disabled
 *     kernel.yama.ptrace_scope kernel.unprivileged_bpf_disabled
 *     net.core.bpf_jit_harden kernel.kptr_restrict kernel.dmesg_restrict
 *     kernel.perf_event_paranoid kernel.randomize_va_space kernel.sysrq
 *     kernel.unprivileged_userns_clone user.max_user_namespaces
 *     kernel.io_uring_disabled vm.unprivileged_userfaultfd
 *     vm.mmap_min_addr fs.protected_symlinks fs.protected_hardlinks
 *     fs.protected_fifos fs.protected_regular fs.suid_dumpable
 *     dev.tty.ldisc_autoload kernel.loadpin.enforce kernel.tainted
 *   source is the file the value came from, or why it is NULL:
 *   "securityfs not mounted" (mount -t securityfs none
 *   /sys/kernel/security), "sysfs not mounted", "procfs not mounted",
 *   "<file> absent", "<file>: <error>".
 *
 * kernel_config, one row per option of the running kernel's build
 * configuration: /proc/config.gz (CONFIG_IKCONFIG_PROC), else
 * /boot/config-<release> where the release is
 * /proc/sys/kernel/osrelease.
 *   name     the option ("CONFIG_MODULES")
 *   value    "y", "m", a number, or a string without its quotes; "n" for
 *            an option the file lists as "is not set".  An option the
 *            file does not mention at all has no row.
 *   source   the file the rows came from
 *   A config.gz that is not valid gzip is passed over for the /boot file;
 *   with neither the table is empty.  Malformed lines are skipped.
 *
 * kernel_cmdline, one row per parameter of /proc/cmdline, in order:
 *   name      the text before the first '=' (or the whole parameter)
 *   value     the text after it, with surrounding quotes removed as the
 *             kernel removes them; NULL for a flag with no '='
 *   position  0 for the first parameter, then 1, 2 ...
 *   init_arg  1 for the parameters after "--", which the kernel does not
 *             read but passes to init; 0 otherwise
 *
 * Required constraints: none.  kernel_security and kernel_config read
 * only the named rows for `name = '...'`.  Privileges: none, except that
 * securityfs must be mounted for the LSM rows.
 *
 * Example:
 *   SELECT name, value, source FROM kernel_security
 *     WHERE name IN ('lockdown', 'kernel.modules_disabled');
 *   SELECT value FROM kernel_config WHERE name = 'CONFIG_MODULE_SIG_FORCE';
 *   SELECT value FROM kernel_cmdline WHERE name = 'lockdown' AND init_arg = 0;
 *
 * How it works: every value is one small file read through hostfs and
 * parsed by secparse.c.  config.gz is read whole (at most 1 MiB) and
 * inflated in memory by zlib with a 16 MiB cap on the result.
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
#include "tables/secparse.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* ---------------------------------------------------------------- */
/* kernel_security */

enum {
	KS_NAME,
	KS_VALUE,
	KS_SOURCE,
	KS_NCOLS
};

static const struct column kernel_security_cols[] = {
	{ "name", COL_TEXT, COL_INDEX,
	  "Setting: lockdown, lsm, ima, evm, selinux, apparmor, smack, "
	  "modules, module.sig_enforce, or a security sysctl's dotted name." },
	{ "value", COL_TEXT, 0,
	  "Its value (see the table's documentation), NULL when it cannot be "
	  "read." },
	{ "source", COL_TEXT, 0,
	  "The file the value came from, or why the value is NULL." },
};

_Static_assert(TABLE_NCOLS(kernel_security_cols) == KS_NCOLS,
	       "kernel_security column enum and array disagree");

enum ks_kind {
	K_LOCKDOWN,
	K_LSM,
	K_IMA,
	K_EVM,
	K_SELINUX,
	K_APPARMOR,
	K_SMACK,
	K_MODULES,
	K_SIG_ENFORCE,
	K_SYSCTL,
};

static const struct {
	const char *name;
	enum ks_kind kind;
} ks_settings[] = {
	{ "lockdown", K_LOCKDOWN },
	{ "lsm", K_LSM },
	{ "ima", K_IMA },
	{ "evm", K_EVM },
	{ "selinux", K_SELINUX },
	{ "apparmor", K_APPARMOR },
	{ "smack", K_SMACK },
	{ "modules", K_MODULES },
	{ "module.sig_enforce", K_SIG_ENFORCE },
	{ "kernel.modules_disabled", K_SYSCTL },
	{ "kernel.kexec_load_disabled", K_SYSCTL },
	{ "kernel.yama.ptrace_scope", K_SYSCTL },
	{ "kernel.unprivileged_bpf_disabled", K_SYSCTL },
	{ "net.core.bpf_jit_harden", K_SYSCTL },
	{ "kernel.kptr_restrict", K_SYSCTL },
	{ "kernel.dmesg_restrict", K_SYSCTL },
	{ "kernel.perf_event_paranoid", K_SYSCTL },
	{ "kernel.randomize_va_space", K_SYSCTL },
	{ "kernel.sysrq", K_SYSCTL },
	{ "kernel.unprivileged_userns_clone", K_SYSCTL },
	{ "user.max_user_namespaces", K_SYSCTL },
	{ "kernel.io_uring_disabled", K_SYSCTL },
	{ "vm.unprivileged_userfaultfd", K_SYSCTL },
	{ "vm.mmap_min_addr", K_SYSCTL },
	{ "fs.protected_symlinks", K_SYSCTL },
	{ "fs.protected_hardlinks", K_SYSCTL },
	{ "fs.protected_fifos", K_SYSCTL },
	{ "fs.protected_regular", K_SYSCTL },
	{ "fs.suid_dumpable", K_SYSCTL },
	{ "dev.tty.ldisc_autoload", K_SYSCTL },
	{ "kernel.loadpin.enforce", K_SYSCTL },
	{ "kernel.tainted", K_SYSCTL },
};

#define SECFS "/sys/kernel/security"
#define VALUE_MAX 4096

/* What one generate call learnt about the root once, for every row. */
struct ks_ctx {
	bool sysfs;      /* /sys/kernel exists */
	bool securityfs; /* SECFS/lsm is readable */
	bool procfs;     /* /proc/sys exists */
	int modules;     /* 1, 0, or -1 unknown */
};

/* One row's value and source, filled by the setting's reader. */
struct ks_row {
	char value[VALUE_MAX];
	char source[PATH_MAX + 64];
	bool has_value;
};

static bool is_dir(const char *path)
{
	struct stat st;

	return hostfs_stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void set_value(struct ks_row *r, const char *value, const char *source)
{
	snprintf(r->value, sizeof(r->value), "%s", value);
	snprintf(r->source, sizeof(r->source), "%s", source);
	r->has_value = true;
}

static void set_null(struct ks_row *r, const char *why)
{
	snprintf(r->source, sizeof(r->source), "%s", why);
	r->has_value = false;
}

/* Trims blanks at both ends, in place. */
static void trim_text(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			 s[n - 1] == '\n' || s[n - 1] == '\0'))
		s[--n] = '\0';
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
		i++;
	if (i > 0)
		memmove(s, s + i, n - i + 1);
}

/*
 * Reads a small file into r->value.  Returns 1 when read, 0 when absent
 * (r->source says so), -1 when unreadable (r->source says why).
 */
static int read_into(struct ks_row *r, const char *path)
{
	long n = hostfs_read_small(path, r->value, sizeof(r->value));

	if (n < 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			snprintf(r->source, sizeof(r->source), "%s absent",
				 path);
			return 0;
		}
		snprintf(r->source, sizeof(r->source), "%s: %s", path,
			 strerror(errno));
		return -1;
	}
	/* Binary junk (a fixture, an image) is not a value. */
	if ((size_t)n != strlen(r->value)) {
		snprintf(r->source, sizeof(r->source), "%s: malformed", path);
		return -1;
	}
	trim_text(r->value);
	snprintf(r->source, sizeof(r->source), "%s", path);
	r->has_value = true;
	return 1;
}

static void read_lockdown(const struct ks_ctx *c, struct ks_row *r)
{
	char mode[32], err[64];
	int rc;

	if (!c->sysfs) {
		set_null(r, "sysfs not mounted");
		return;
	}
	if (!c->securityfs) {
		set_null(r, "securityfs not mounted");
		return;
	}
	rc = read_into(r, SECFS "/lockdown");
	if (rc == 0) {
		set_value(r, "none", SECFS "/lockdown absent: no lockdown LSM");
		return;
	}
	if (rc < 0)
		return;
	if (secparse_lockdown(r->value, strlen(r->value), mode, sizeof(mode),
			      err, sizeof(err)) < 0) {
		snprintf(r->source, sizeof(r->source),
			 SECFS "/lockdown: %s", err);
		r->has_value = false;
		return;
	}
	set_value(r, mode, SECFS "/lockdown");
}

static void read_lsm(const struct ks_ctx *c, struct ks_row *r)
{
	if (!c->sysfs) {
		set_null(r, "sysfs not mounted");
		return;
	}
	if (!c->securityfs) {
		set_null(r, "securityfs not mounted");
		return;
	}
	read_into(r, SECFS "/lsm");
}

static void read_ima(const struct ks_ctx *c, struct ks_row *r)
{
	if (!c->sysfs) {
		set_null(r, "sysfs not mounted");
		return;
	}
	if (!c->securityfs) {
		set_null(r, "securityfs not mounted");
		return;
	}
	if (is_dir(SECFS "/ima")) {
		set_value(r, "enabled", SECFS "/ima");
		return;
	}
	if (is_dir(SECFS "/integrity/ima")) {
		set_value(r, "enabled", SECFS "/integrity/ima");
		return;
	}
	set_value(r, "disabled", SECFS "/ima absent");
}

static void read_evm(const struct ks_ctx *c, struct ks_row *r)
{
	static const char *const bits[] = { "hmac", "x509", "metadata_writes" };
	const char *path = SECFS "/evm";
	char *end, out[128];
	unsigned long v;
	size_t len = 0, i;
	int rc;

	if (!c->sysfs) {
		set_null(r, "sysfs not mounted");
		return;
	}
	if (!c->securityfs) {
		set_null(r, "securityfs not mounted");
		return;
	}
	rc = read_into(r, path);
	if (rc == 0) {
		path = SECFS "/integrity/evm/evm";
		rc = read_into(r, path);
	}
	if (rc == 0) {
		set_value(r, "disabled", SECFS "/evm absent");
		return;
	}
	if (rc < 0)
		return;
	errno = 0;
	v = strtoul(r->value, &end, 10);
	if (errno || *end || end == r->value || v > UINT32_MAX) {
		snprintf(r->source, sizeof(r->source), "%s: malformed", path);
		r->has_value = false;
		return;
	}
	if (v == 0) {
		set_value(r, "uninitialized", path);
		return;
	}
	out[0] = '\0';
	for (i = 0; i < 3; i++)
		if (v & (1ul << i))
			len += (size_t)snprintf(out + len, sizeof(out) - len,
						"%s%s", len ? "," : "",
						bits[i]);
	if (v & ~7ul)
		snprintf(out + len, sizeof(out) - len, "%s0x%lx",
			 len ? "," : "", v & ~7ul);
	set_value(r, out, path);
}

static void read_selinux(const struct ks_ctx *c, struct ks_row *r)
{
	int rc;

	if (!c->sysfs) {
		set_null(r, "sysfs not mounted");
		return;
	}
	rc = read_into(r, "/sys/fs/selinux/enforce");
	if (rc == 0) {
		set_value(r, "disabled", "/sys/fs/selinux/enforce absent");
		return;
	}
	if (rc < 0)
		return;
	if (strcmp(r->value, "1") == 0) {
		set_value(r, "enforcing", "/sys/fs/selinux/enforce");
		return;
	}
	if (strcmp(r->value, "0") == 0) {
		set_value(r, "permissive", "/sys/fs/selinux/enforce");
		return;
	}
	set_null(r, "/sys/fs/selinux/enforce: malformed");
}

static void read_apparmor(const struct ks_ctx *c, struct ks_row *r)
{
	const char *path = "/sys/module/apparmor/parameters/enabled";
	int rc;

	if (!c->sysfs) {
		set_null(r, "sysfs not mounted");
		return;
	}
	rc = read_into(r, path);
	if (rc == 0) {
		set_value(r, "disabled",
			  "/sys/module/apparmor absent: not built in");
		return;
	}
	if (rc < 0)
		return;
	if (strcmp(r->value, "Y") == 0) {
		set_value(r, "enabled", path);
		return;
	}
	if (strcmp(r->value, "N") == 0) {
		set_value(r, "disabled", path);
		return;
	}
	set_null(r, "/sys/module/apparmor/parameters/enabled: malformed");
}

static void read_smack(const struct ks_ctx *c, struct ks_row *r)
{
	if (!c->sysfs) {
		set_null(r, "sysfs not mounted");
		return;
	}
	if (is_dir("/sys/fs/smackfs")) {
		set_value(r, "enabled", "/sys/fs/smackfs");
		return;
	}
	set_value(r, "disabled", "/sys/fs/smackfs absent");
}

static void read_modules(const struct ks_ctx *c, struct ks_row *r)
{
	if (c->modules < 0) {
		set_null(r, "procfs not mounted");
		return;
	}
	if (c->modules) {
		set_value(r, "1", "/proc/modules");
		return;
	}
	set_value(r, "0", "/proc/modules absent: no loadable module support");
}

static void read_sig_enforce(const struct ks_ctx *c, struct ks_row *r)
{
	const char *path = "/sys/module/module/parameters/sig_enforce";
	int rc;

	if (c->modules == 0) {
		set_null(r, "no loadable module support");
		return;
	}
	if (!c->sysfs) {
		set_null(r, "sysfs not mounted");
		return;
	}
	rc = read_into(r, path);
	if (rc == 0) {
		set_value(r, "0", "/sys/module/module/parameters/sig_enforce "
				  "absent: no module signing");
		return;
	}
	if (rc < 0)
		return;
	if (strcmp(r->value, "Y") == 0) {
		set_value(r, "1", path);
		return;
	}
	if (strcmp(r->value, "N") == 0) {
		set_value(r, "0", path);
		return;
	}
	set_null(r, "/sys/module/module/parameters/sig_enforce: malformed");
}

static void read_sysctl(const struct ks_ctx *c, const char *name,
			struct ks_row *r)
{
	char path[PATH_MAX], *p;

	if (!c->procfs) {
		set_null(r, "procfs not mounted");
		return;
	}
	snprintf(path, sizeof(path), "/proc/sys/%s", name);
	for (p = path + sizeof("/proc/sys"); *p; p++)
		if (*p == '.')
			*p = '/';
	read_into(r, path);
}

static bool wanted(const char *name, const char *const *vals, int nvals)
{
	int i;

	if (nvals == 0)
		return true;
	for (i = 0; i < nvals; i++)
		if (strcmp(vals[i], name) == 0)
			return true;
	return false;
}

static int kernel_security_generate(struct qctx *q)
{
	const char *const *vals;
	struct ks_row *r;
	struct ks_ctx c;
	struct stat st;
	size_t i;
	int nvals, rc = 0;

	r = malloc(sizeof(*r));
	if (!r)
		return qctx_error(q, "kernel_security: out of memory");
	nvals = qctx_values(q, KS_NAME, QOP_EQ, &vals);
	memset(&c, 0, sizeof(c));
	c.sysfs = is_dir("/sys/kernel");
	c.securityfs = hostfs_stat(SECFS "/lsm", &st) == 0;
	c.procfs = is_dir("/proc/sys");
	c.modules = !c.procfs ? -1 : hostfs_stat("/proc/modules", &st) == 0;

	for (i = 0; i < sizeof(ks_settings) / sizeof(ks_settings[0]); i++) {
		const char *name = ks_settings[i].name;

		if (!wanted(name, vals, nvals))
			continue;
		memset(r, 0, sizeof(*r));
		switch (ks_settings[i].kind) {
		case K_LOCKDOWN:
			read_lockdown(&c, r);
			break;
		case K_LSM:
			read_lsm(&c, r);
			break;
		case K_IMA:
			read_ima(&c, r);
			break;
		case K_EVM:
			read_evm(&c, r);
			break;
		case K_SELINUX:
			read_selinux(&c, r);
			break;
		case K_APPARMOR:
			read_apparmor(&c, r);
			break;
		case K_SMACK:
			read_smack(&c, r);
			break;
		case K_MODULES:
			read_modules(&c, r);
			break;
		case K_SIG_ENFORCE:
			read_sig_enforce(&c, r);
			break;
		case K_SYSCTL:
			read_sysctl(&c, name, r);
			break;
		}
		if (qctx_row(q) < 0) {
			rc = -1;
			break;
		}
		qctx_set_text(q, KS_NAME, name);
		if (r->has_value)
			qctx_set_text(q, KS_VALUE, r->value);
		qctx_set_text(q, KS_SOURCE, r->source);
	}
	free(r);
	return rc;
}

static const struct table kernel_security_table = {
	.name = "kernel_security",
	.desc = "Kernel security settings: lockdown, LSMs, IMA/EVM, module "
		"signing and hardening sysctls.",
	.cols = kernel_security_cols,
	.ncols = KS_NCOLS,
	.generate = kernel_security_generate,
};

TABLE_REGISTER(kernel_security_table);

/* ---------------------------------------------------------------- */
/* kernel_config */

enum {
	KC_NAME,
	KC_VALUE,
	KC_SOURCE,
	KC_NCOLS
};

static const struct column kernel_config_cols[] = {
	{ "name", COL_TEXT, COL_INDEX, "Option name, e.g. CONFIG_MODULES." },
	{ "value", COL_TEXT, 0,
	  "y, m, a number or an unquoted string; n when the option is not "
	  "set." },
	{ "source", COL_TEXT, 0,
	  "The file read: /proc/config.gz or /boot/config-<release>." },
};

_Static_assert(TABLE_NCOLS(kernel_config_cols) == KC_NCOLS,
	       "kernel_config column enum and array disagree");

#define CONFIG_GZ_MAX (1u << 20)
#define CONFIG_MAX (16u << 20)

/*
 * Loads the configuration text into text and its file name into source.
 * Returns 0, or -1 when there is none to read.
 */
static int load_config(struct buf *text, char *source, size_t size)
{
	struct buf gz = BUF_INIT(CONFIG_GZ_MAX);
	char release[256], path[PATH_MAX], err[64];
	bool truncated = false;
	int rc = -1;

	if (hostfs_read_file("/proc/config.gz", CONFIG_GZ_MAX, 0, &gz,
			     &truncated) == 0 &&
	    !truncated &&
	    secparse_gunzip(gz.data, gz.len, text, err, sizeof(err)) == 0) {
		snprintf(source, size, "/proc/config.gz");
		rc = 0;
		goto out;
	}
	buf_reset(text);
	if (hostfs_read_small("/proc/sys/kernel/osrelease", release,
			      sizeof(release)) <= 0 ||
	    strchr(release, '/') || strcmp(release, "..") == 0)
		goto out;
	snprintf(path, sizeof(path), "/boot/config-%s", release);
	truncated = false;
	if (hostfs_read_file(path, CONFIG_MAX, 0, text, &truncated) == 0 &&
	    !truncated) {
		snprintf(source, size, "%s", path);
		rc = 0;
	}
out:
	buf_release(&gz);
	return rc;
}

static int kernel_config_generate(struct qctx *q)
{
	struct buf text = BUF_INIT(CONFIG_MAX);
	char source[PATH_MAX], err[64], *line, *next;
	const char *const *vals;
	int nvals, rc = 0;

	if (load_config(&text, source, sizeof(source)) < 0 || !text.data)
		goto out;
	/* A NUL inside the text ends it: what follows is not a config. */
	nvals = qctx_values(q, KC_NAME, QOP_EQ, &vals);
	for (line = text.data; *line; line = next) {
		char *name, *value;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (secparse_kconfig_line(line, &name, &value, err,
					  sizeof(err)) != 1)
			continue;
		if (!wanted(name, vals, nvals))
			continue;
		if (qctx_row(q) < 0) {
			rc = -1;
			goto out;
		}
		qctx_set_text(q, KC_NAME, name);
		qctx_set_text(q, KC_VALUE, value);
		qctx_set_text(q, KC_SOURCE, source);
	}
out:
	buf_release(&text);
	return rc;
}

static const struct table kernel_config_table = {
	.name = "kernel_config",
	.desc = "The running kernel's build configuration (/proc/config.gz or "
		"/boot/config-<release>).",
	.cols = kernel_config_cols,
	.ncols = KC_NCOLS,
	.generate = kernel_config_generate,
};

TABLE_REGISTER(kernel_config_table);

/* ---------------------------------------------------------------- */
/* kernel_cmdline */

enum {
	CL_NAME,
	CL_VALUE,
	CL_POSITION,
	CL_INIT_ARG,
	CL_NCOLS
};

static const struct column kernel_cmdline_cols[] = {
	{ "name", COL_TEXT, 0,
	  "Parameter name: the text before the first '='." },
	{ "value", COL_TEXT, 0,
	  "Parameter value, unquoted; NULL for a flag without '='." },
	{ "position", COL_INTEGER, 0,
	  "Index of the parameter on the command line, from 0." },
	{ "init_arg", COL_INTEGER, 0,
	  "1 for parameters after \"--\", passed to init and not read by "
	  "the kernel." },
};

_Static_assert(TABLE_NCOLS(kernel_cmdline_cols) == CL_NCOLS,
	       "kernel_cmdline column enum and array disagree");

#define CMDLINE_MAX (64u << 10)

static int kernel_cmdline_generate(struct qctx *q)
{
	struct buf b = BUF_INIT(CMDLINE_MAX);
	char *cursor, *name, *value;
	bool init = false;
	int pos = 0, rc = 0;

	if (hostfs_read_file("/proc/cmdline", CMDLINE_MAX, 0, &b, NULL) < 0 ||
	    !b.data)
		goto out;
	/* The kernel adds the newline when it prints the line: not part of
	 * the last parameter, even inside an unbalanced quote. */
	if (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	cursor = b.data;
	while (secparse_cmdline_next(&cursor, &name, &value) == 1) {
		if (qctx_row(q) < 0) {
			rc = -1;
			break;
		}
		qctx_set_text(q, CL_NAME, name);
		if (value)
			qctx_set_text(q, CL_VALUE, value);
		qctx_set_int(q, CL_POSITION, pos++);
		qctx_set_int(q, CL_INIT_ARG, init);
		if (!init && !value && strcmp(name, "--") == 0)
			init = true;
	}
out:
	buf_release(&b);
	return rc;
}

static const struct table kernel_cmdline_table = {
	.name = "kernel_cmdline",
	.desc = "Parameters of the running kernel's command line, one row each.",
	.cols = kernel_cmdline_cols,
	.ncols = CL_NCOLS,
	.generate = kernel_cmdline_generate,
};

TABLE_REGISTER(kernel_cmdline_table);
