/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ima.c: the Integrity Measurement Architecture's active policy and its
 * measurement list: ima_policy and ima_measurements (vigil's tables).
 *
 * ima_policy, one row per rule of /sys/kernel/security/ima/policy (or
 * integrity/ima/policy), in the order the kernel matches them:
 *   position       0 for the first rule, then 1, 2 ...
 *   action         measure, dont_measure, appraise, dont_appraise, audit,
 *                  hash or dont_hash
 *   func, mask, fsmagic, fsname, fsuuid, pcr, template, appraise_type
 *                  the values of those conditions ("func=BPRM_CHECK" gives
 *                  func "BPRM_CHECK"), NULL when the rule has none
 *   conditions     every condition of the rule as the kernel shows it,
 *                  space-separated, including those without a column
 *                  (uid=, fowner>, obj_type=, permit_directio ...)
 *
 * ima_measurements, one row per entry of ascii_runtime_measurements, in
 * the order the kernel measured them (boot_aggregate first):
 *   pcr            the PCR the entry was extended into (usually 10)
 *   template_hash  hex digest of the entry's template data (all zeros
 *                  for a violation: a file measured while open for write)
 *   template       ima, ima-ng, ima-sig, ima-buf, ima-modsig ...
 *   hash_algo      the file data digest's algorithm ("sha256"; "sha1" for
 *                  the old "ima" template; "ima:sha256" or
 *                  "verity:sha256" for the v2 templates)
 *   filedata_hash  the file data digest in hex
 *   path           the file name (or buffer name for ima-buf)
 *   signature      the signature field in hex (ima-sig, ima-sigv2,
 *                  ima-modsig, evm-sig), NULL when empty or not carried
 * An audit's summary is one GROUP BY away:
 *   SELECT template, pcr, count(*) FROM ima_measurements GROUP BY 1, 2;
 *
 * Both tables are empty when securityfs is not mounted, the kernel has no
 * IMA, or the file cannot be read.  Required constraints: none.
 * Privileges: root.  The policy can be read back only from kernels built
 * with CONFIG_IMA_READ_POLICY; the measurement list is mode 0440 root.
 *
 * Example:
 *   SELECT action, func, conditions FROM ima_policy
 *     WHERE action = 'appraise';
 *   SELECT path, filedata_hash FROM ima_measurements
 *     WHERE path LIKE '/tmp/%';
 *
 * How it works: the policy is read whole (capped at 1 MiB); the
 * measurement list, which grows with every file measured, is streamed
 * through a 64 KiB read buffer, each line parsed by secparse.c.  A line
 * that does not parse, or one longer than 1 MiB, is skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sql/table.h"
#include "tables/secparse.h"
#include "util/buf.h"
#include "util/hostfs.h"

#define IMA_DIR "/sys/kernel/security/ima"
#define IMA_DIR_NEW "/sys/kernel/security/integrity/ima"

/* ---------------------------------------------------------------- */
/* ima_policy */

enum {
	IP_POSITION,
	IP_ACTION,
	IP_FUNC,
	IP_MASK,
	IP_FSMAGIC,
	IP_FSNAME,
	IP_FSUUID,
	IP_PCR,
	IP_TEMPLATE,
	IP_APPRAISE_TYPE,
	IP_CONDITIONS,
	IP_NCOLS
};

static const struct column ima_policy_cols[] = {
	{ "position", COL_INTEGER, 0,
	  "Index of the rule in the policy, from 0 (rules match in order)." },
	{ "action", COL_TEXT, 0,
	  "measure, dont_measure, appraise, dont_appraise, audit, hash or "
	  "dont_hash." },
	{ "func", COL_TEXT, 0,
	  "The func= condition: the hook (BPRM_CHECK, FILE_CHECK, "
	  "MODULE_CHECK ...)." },
	{ "mask", COL_TEXT, 0,
	  "The mask= condition: the access (MAY_EXEC, MAY_READ ...)." },
	{ "fsmagic", COL_TEXT, 0,
	  "The fsmagic= condition: a filesystem type's magic number." },
	{ "fsname", COL_TEXT, 0, "The fsname= condition: a filesystem name." },
	{ "fsuuid", COL_TEXT, 0, "The fsuuid= condition: a filesystem's UUID." },
	{ "pcr", COL_TEXT, 0, "The pcr= condition: the PCR to extend." },
	{ "template", COL_TEXT, 0,
	  "The template= condition: the measurement template." },
	{ "appraise_type", COL_TEXT, 0,
	  "The appraise_type= condition (imasig, sigv3, imasig|modsig ...)." },
	{ "conditions", COL_TEXT, 0,
	  "Every condition of the rule, space-separated, as the kernel shows "
	  "them." },
};

_Static_assert(TABLE_NCOLS(ima_policy_cols) == IP_NCOLS,
	       "ima_policy column enum and array disagree");

#define POLICY_MAX (1u << 20)

static void set_span(struct qctx *q, int col, const struct secparse_span *s)
{
	if (s->p)
		qctx_set_textn(q, col, s->p, s->n);
}

static int ima_policy_generate(struct qctx *q)
{
	struct buf b = BUF_INIT(POLICY_MAX);
	struct secparse_ima_rule r;
	char err[64], *line, *next;
	int pos = 0, rc = 0;

	if (hostfs_read_file(IMA_DIR "/policy", POLICY_MAX, 0, &b, NULL) < 0 &&
	    hostfs_read_file(IMA_DIR_NEW "/policy", POLICY_MAX, 0, &b,
			     NULL) < 0)
		goto out;
	if (!b.data)
		goto out;
	for (line = b.data; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (secparse_ima_rule(line, &r, err, sizeof(err)) != 1)
			continue;
		if (qctx_row(q) < 0) {
			rc = -1;
			break;
		}
		qctx_set_int(q, IP_POSITION, pos++);
		qctx_set_text(q, IP_ACTION, r.action);
		set_span(q, IP_FUNC, &r.func);
		set_span(q, IP_MASK, &r.mask);
		set_span(q, IP_FSMAGIC, &r.fsmagic);
		set_span(q, IP_FSNAME, &r.fsname);
		set_span(q, IP_FSUUID, &r.fsuuid);
		set_span(q, IP_PCR, &r.pcr);
		set_span(q, IP_TEMPLATE, &r.template_fmt);
		set_span(q, IP_APPRAISE_TYPE, &r.appraise_type);
		qctx_set_text(q, IP_CONDITIONS, r.conditions);
	}
out:
	buf_release(&b);
	return rc;
}

static const struct table ima_policy_table = {
	.name = "ima_policy",
	.desc = "Rules of the active IMA policy (needs root and "
		"CONFIG_IMA_READ_POLICY).",
	.cols = ima_policy_cols,
	.ncols = IP_NCOLS,
	.generate = ima_policy_generate,
};

TABLE_REGISTER(ima_policy_table);

/* ---------------------------------------------------------------- */
/* ima_measurements */

enum {
	IM_PCR,
	IM_TEMPLATE_HASH,
	IM_TEMPLATE,
	IM_HASH_ALGO,
	IM_FILEDATA_HASH,
	IM_PATH,
	IM_SIGNATURE,
	IM_NCOLS
};

static const struct column ima_measurements_cols[] = {
	{ "pcr", COL_INTEGER, 0, "PCR the measurement was extended into." },
	{ "template_hash", COL_TEXT, 0,
	  "Hex digest of the template data (zeros for a violation)." },
	{ "template", COL_TEXT, 0,
	  "Template name: ima, ima-ng, ima-sig, ima-buf, ima-modsig ..." },
	{ "hash_algo", COL_TEXT, 0,
	  "Algorithm of the file data digest (sha256; sha1 for template "
	  "ima)." },
	{ "filedata_hash", COL_TEXT, 0, "Hex digest of the file's content." },
	{ "path", COL_TEXT, 0, "Path of the measured file (or buffer name)." },
	{ "signature", COL_TEXT, 0,
	  "Hex of the file signature the template carries, NULL when none." },
};

_Static_assert(TABLE_NCOLS(ima_measurements_cols) == IM_NCOLS,
	       "ima_measurements column enum and array disagree");

#define READ_CHUNK (64u << 10)
#define LINE_MAX_LEN (1u << 20)

static int emit_entry(struct qctx *q, char *line)
{
	struct secparse_ima_entry e;
	char err[64];

	if (secparse_ima_entry(line, &e, err, sizeof(err)) < 0)
		return 0;
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, IM_PCR, e.pcr);
	qctx_set_text(q, IM_TEMPLATE_HASH, e.template_hash);
	qctx_set_text(q, IM_TEMPLATE, e.template_name);
	qctx_set_text(q, IM_HASH_ALGO, e.hash_algo);
	qctx_set_text(q, IM_FILEDATA_HASH, e.digest);
	qctx_set_text(q, IM_PATH, e.path);
	qctx_set_text(q, IM_SIGNATURE, e.signature);
	return 0;
}

static int ima_measurements_generate(struct qctx *q)
{
	const char *name = "/ascii_runtime_measurements";
	struct buf line = BUF_INIT(LINE_MAX_LEN);
	char path[128], *chunk = NULL;
	bool skipping = false;
	int fd, rc = 0;
	ssize_t n;

	snprintf(path, sizeof(path), IMA_DIR "%s", name);
	fd = hostfs_open(path, O_RDONLY, 0);
	if (fd < 0) {
		snprintf(path, sizeof(path), IMA_DIR_NEW "%s", name);
		fd = hostfs_open(path, O_RDONLY, 0);
	}
	if (fd < 0)
		return 0;
	chunk = malloc(READ_CHUNK);
	if (!chunk) {
		rc = qctx_error(q, "ima_measurements: out of memory");
		goto out;
	}
	for (;;) {
		char *p, *end, *nl;

		n = read(fd, chunk, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		p = chunk;
		end = chunk + n;
		while (p < end) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (!skipping &&
			    buf_add(&line, p,
				    (size_t)((nl ? nl : end) - p)) < 0) {
				/* Too long for a line: drop it whole. */
				skipping = true;
				buf_reset(&line);
			}
			if (!nl)
				break;
			if (!skipping && line.data &&
			    strlen(line.data) == line.len &&
			    emit_entry(q, line.data) < 0) {
				rc = -1;
				goto out;
			}
			skipping = false;
			buf_reset(&line);
			p = nl + 1;
		}
	}
	/* A last line without its newline. */
	if (!skipping && line.len > 0 && strlen(line.data) == line.len &&
	    emit_entry(q, line.data) < 0)
		rc = -1;
out:
	free(chunk);
	buf_release(&line);
	close(fd);
	return rc;
}

static const struct table ima_measurements_table = {
	.name = "ima_measurements",
	.desc = "IMA's runtime measurement list, one row per measurement "
		"(needs root).",
	.cols = ima_measurements_cols,
	.ncols = IM_NCOLS,
	.generate = ima_measurements_generate,
};

TABLE_REGISTER(ima_measurements_table);
