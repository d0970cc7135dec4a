/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_secparse: libFuzzer target for the parsers of secparse.h behind
 * the security posture tables: EFI variables, gzip (config.gz), kernel
 * .config lines, the kernel command line, the lockdown mode, IMA policy
 * rules and measurement list lines, capability masks, names and file
 * attributes, the security fields of /proc/PID/status, TPM 1.2 caps and
 * device-mapper uuids and status replies.
 *
 * The input is a whole file.  Each '\n'-separated line goes to the line
 * parsers: those that work in place get a NUL-terminated copy of exactly
 * len + 1 bytes, the others a buffer of exactly len bytes.  The whole
 * input goes to the rest in a buffer of exactly its size; output buffers
 * are heap blocks of a size taken from the input, so writing past the room
 * given is an ASan report.
 *
 * Besides crashes, the target checks the contracts: fields returned lie
 * inside their line (but the "n" of an option that is not set and the
 * "sha1" of the "ima" template); a boolean variable is 0, 1 or -1; a failed gunzip
 * leaves its buffer empty and a good one stays within the buffer's cap;
 * the command line walk always moves forward and ends; outputs are
 * terminated inside their room, and a too-small room for capability names
 * gives ""; a file capability has revision 1 to 3, and rootid -1 unless
 * revision 3; a refusal leaves a NUL-terminated reason in err.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/secparse.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define GUNZIP_CAP (1u << 20)

static char *copy_exact(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

static char *copy_str(const uint8_t *data, size_t size)
{
	char *p = malloc(size + 1);

	if (!p)
		abort();
	memcpy(p, data, size);
	p[size] = '\0';
	return p;
}

/* A string (NULL allowed when may) inside [buf, buf + size). */
static void check_in(const char *s, const char *buf, size_t size, int may)
{
	if (!s) {
		if (!may)
			abort();
		return;
	}
	if (s < buf || s >= buf + size ||
	    !memchr(s, '\0', (size_t)(buf + size - s)))
		abort();
}

static void check_span(const struct secparse_span *s, const char *buf,
		       size_t size)
{
	if (!s->p)
		return;
	if (s->p < buf || s->n > size || s->p + s->n > buf + size)
		abort();
}

static void check_err(int rc, const char *err, size_t errsize)
{
	if (rc < 0 && errsize && !memchr(err, '\0', errsize))
		abort();
}

static void check_line(const uint8_t *data, size_t len)
{
	struct secparse_ima_rule r;
	struct secparse_ima_entry e;
	char *l, *name, *value, err[40];
	size_t errsize = 1 + len % sizeof(err);
	uint64_t mask;
	int rc;

	l = copy_str(data, len);
	rc = secparse_kconfig_line(l, &name, &value, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 1) {
		check_in(name, l, len + 1, 0);
		/* "# CONFIG_X is not set" gives a constant "n". */
		if (!value || value < l || value > l + len)
			value = strcmp(value ? value : "", "n") ? NULL : l;
		check_in(value, l, len + 1, 0);
	}
	free(l);

	l = copy_str(data, len);
	rc = secparse_ima_rule(l, &r, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 1) {
		check_in(r.action, l, len + 1, 0);
		check_in(r.conditions, l, len + 1, 0);
		check_span(&r.func, r.conditions, strlen(r.conditions));
		check_span(&r.mask, r.conditions, strlen(r.conditions));
		check_span(&r.fsmagic, r.conditions, strlen(r.conditions));
		check_span(&r.fsname, r.conditions, strlen(r.conditions));
		check_span(&r.fsuuid, r.conditions, strlen(r.conditions));
		check_span(&r.pcr, r.conditions, strlen(r.conditions));
		check_span(&r.template_fmt, r.conditions, strlen(r.conditions));
		check_span(&r.appraise_type, r.conditions,
			   strlen(r.conditions));
	}
	free(l);

	l = copy_str(data, len);
	rc = secparse_ima_entry(l, &e, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 0) {
		check_in(e.template_hash, l, len + 1, 0);
		check_in(e.template_name, l, len + 1, 0);
		/* The original "ima" template's algorithm is a constant. */
		if (e.hash_algo && (e.hash_algo < l || e.hash_algo > l + len) &&
		    strcmp(e.hash_algo, "sha1") != 0)
			abort();
		check_in(e.digest, l, len + 1, 1);
		check_in(e.path, l, len + 1, 1);
		check_in(e.signature, l, len + 1, 1);
	}
	free(l);

	l = copy_exact(data, len);
	if (secparse_cap_mask(l, len, &mask) == 0 && (len == 0 || len > 16))
		abort();
	free(l);
}

static void check_cmdline(const uint8_t *data, size_t size)
{
	char *s = copy_str(data, size), *cur = s, *prev, *name, *value;
	size_t n = 0;

	for (;;) {
		prev = cur;
		if (secparse_cmdline_next(&cur, &name, &value) != 1)
			break;
		if (cur < prev || cur > s + size || ++n > size + 1)
			abort();
		check_in(name, s, size + 1, 0);
		check_in(value, s, size + 1, 1);
	}
	free(s);
}

static void check_gunzip(const char *s, size_t size)
{
	struct buf out = BUF_INIT(GUNZIP_CAP);
	char err[48];

	if (secparse_gunzip(s, size, &out, err, sizeof(err)) < 0) {
		if (out.len != 0 || !memchr(err, '\0', sizeof(err)))
			abort();
	} else if (out.len > GUNZIP_CAP) {
		abort();
	}
	buf_release(&out);
}

static void check_outputs(const char *s, size_t size, const uint8_t *data)
{
	size_t room = 1 + (size ? data[0] % 40 : 0);
	char *a = malloc(room), *b = malloc(room), *c = malloc(room);
	char err[48];
	uint32_t count = 0, start = 0;
	char verity = 0;
	int rc;

	if (!a || !b || !c)
		abort();
	rc = secparse_lockdown(s, size, a, room, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0 && !memchr(a, '\0', room))
		abort();
	rc = secparse_tpm_caps(s, size, a, b, c, room, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0 && (!memchr(a, '\0', room) || !memchr(b, '\0', room) ||
			!memchr(c, '\0', room)))
		abort();
	/* As the caller does: data_start and target_count from the reply's
	 * struct dm_ioctl (offsets 16 and 20). */
	if (size >= 24) {
		memcpy(&start, data + 16, 4);
		memcpy(&count, data + 20, 4);
	}
	rc = secparse_dm_status(s, size, count, start, a, room, &verity, err,
				sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0 && !memchr(a, '\0', room))
		abort();
	free(a);
	free(b);
	free(c);
}

static void check_caps(const char *s, size_t size, const uint8_t *data)
{
	struct secparse_fcap fc;
	struct secparse_procsec ps;
	size_t room = 1 + (size ? data[size - 1] % 128 : 0);
	uint64_t mask = 0;
	char *out, err[48];
	int rc;

	memcpy(&mask, data, size < sizeof(mask) ? size : sizeof(mask));
	out = malloc(room);
	if (!out)
		abort();
	if (secparse_cap_names(mask, out, room) == 0) {
		if (!memchr(out, '\0', room))
			abort();
	} else if (out[0] != '\0') {
		abort();
	}
	free(out);
	(void)secparse_cap_name(size ? data[0] : 0);

	rc = secparse_vfs_cap(s, size, &fc, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0 && (fc.revision < 1 || fc.revision > 3 ||
			(fc.revision != 3 && fc.rootid != -1)))
		abort();
	if (secparse_proc_status(s, size, &ps) == 0) {
		if (ps.have == 0)
			abort();
		if ((ps.have & SECPARSE_PS_SECCOMP) &&
		    !secparse_seccomp_mode(ps.seccomp))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0, len;
	const uint8_t *nl;
	char *s, *str, err[48];
	uint32_t attrs;
	int value, rc;

	while (pos < size) {
		nl = memchr(data + pos, '\n', size - pos);
		len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		check_line(data + pos, len);
		pos += len + 1;
	}
	check_cmdline(data, size);

	s = copy_exact(data, size);
	rc = secparse_efivar_bool(s, size, &attrs, &value, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0 && (value < -1 || value > 1))
		abort();
	check_gunzip(s, size);
	check_outputs(s, size, data);
	check_caps(s, size, data);
	free(s);

	str = copy_str(data, size);
	(void)secparse_dm_uuid_target(str);
	free(str);
	return 0;
}
