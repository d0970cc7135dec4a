/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_acctparse: libFuzzer target for the account and access file
 * parsers of acctparse.h: shadow, sudoers, authorized_keys, known_hosts,
 * ssh_config, crontab, shell history, utmp records, private key files and
 * base64.
 *
 * The input is a whole file.  Each '\n'-separated line goes to every line
 * parser in a buffer of exactly its length (the ssh_config parser, which
 * lowercases in place, gets its own copy), and feeds one shell history
 * state.  The whole input goes to the sudoers reader (in a buffer of
 * len + 1 writable bytes, as it asks), to the private key finder (both
 * with and without "anywhere"), to the base64 decoder, and, cut into
 * records of acct_utmp_record_size() bytes, to the utmp decoder.
 *
 * Besides crashes, the target checks the contracts: every span a parser
 * returns lies inside its input, or inside the scratch buffer for a
 * decoded OpenSSH key; the sudoers reader always moves forward and its
 * header and details are strings inside the buffer, details_len long;
 * utmp strings are terminated inside their fields; decoded base64 fits
 * its buffer; the type namers never return NULL; a refusal leaves a
 * NUL-terminated reason in err.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/acctparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SCRATCH_MAX 4096

static char *copy_exact(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

static void check_span(const struct acct_str *s, const char *buf, size_t size)
{
	if (!s->p) {
		if (s->n)
			abort();
		return;
	}
	if (s->p < buf || s->n > size || s->p + s->n > buf + size)
		abort();
}

static void check_bytes(const struct acct_bytes *b, const unsigned char *buf,
			size_t size)
{
	if (!b->p || b->n == 0)
		return;
	if (b->p < buf || b->n > size || b->p + b->n > buf + size)
		abort();
}

static void check_err(int rc, const char *err, size_t errsize)
{
	if (rc < 0 && errsize && memchr(err, '\0', errsize) == NULL)
		abort();
}

static void check_line(struct acct_hist_state *hist, const uint8_t *data,
		       size_t len)
{
	char *l = copy_exact(data, len), *w, err[40];
	size_t errsize = 1 + len % sizeof(err);
	struct acct_shadow sh;
	struct acct_authkey ak;
	struct acct_knownhost kh;
	struct acct_sshcfg sc;
	struct acct_cron cr;
	struct acct_hist_entry he;
	int rc;

	rc = acct_shadow_parse(l, len, &sh, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 0) {
		check_span(&sh.name, l, len);
		check_span(&sh.passwd, l, len);
		check_span(&sh.hash_alg, l, len);
		if (!sh.password_status)
			abort();
	}
	rc = acct_authkey_parse(l, len, &ak, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 0) {
		check_span(&ak.options, l, len);
		check_span(&ak.type, l, len);
		check_span(&ak.key, l, len);
		check_span(&ak.comment, l, len);
		if (!acct_ssh_keytype_known(ak.type.p, ak.type.n))
			abort();
	}
	rc = acct_knownhost_parse(l, len, &kh, NULL, 0);
	if (rc == 0) {
		check_span(&kh.line, l, len);
		check_span(&kh.hosts, l, len);
		check_span(&kh.type, l, len);
		check_span(&kh.key, l, len);
		check_span(&kh.comment, l, len);
	}
	rc = acct_cron_parse(l, len, &cr, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 0) {
		check_span(&cr.event, l, len);
		check_span(&cr.minute, l, len);
		check_span(&cr.hour, l, len);
		check_span(&cr.day_of_month, l, len);
		check_span(&cr.month, l, len);
		check_span(&cr.day_of_week, l, len);
		check_span(&cr.command, l, len);
	}
	rc = acct_history_line(hist, l, len, &he, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 1)
		check_span(&he.command, l, len);
	(void)acct_ssh_keytype_known(l, len);

	w = copy_exact(data, len);
	rc = acct_sshcfg_parse(w, len, &sc, err, errsize);
	check_err(rc, err, errsize);
	if (rc == 0)
		check_span(&sc.text, w, len);
	free(w);
	free(l);
}

static void check_sudoers(const uint8_t *data, size_t size)
{
	char *b = malloc(size + 1), err[40];
	struct acct_sudo_entry e;
	size_t pos = 0, last;
	int rc;

	if (!b)
		abort();
	memcpy(b, data, size);
	b[size] = 'X'; /* writable, and not a NUL */
	for (;;) {
		last = pos;
		rc = acct_sudoers_next(b, size, &pos, &e, err, sizeof(err));
		if (rc == 0)
			break;
		if (pos <= last || pos > size)
			abort();
		if (rc < 0) {
			check_err(rc, err, sizeof(err));
			continue;
		}
		if (e.header < b || e.header > b + size ||
		    e.details < b || e.details > b + size ||
		    !memchr(e.header, '\0', (size_t)(b + size + 1 - e.header)) ||
		    !memchr(e.details, '\0', (size_t)(b + size + 1 - e.details)) ||
		    strlen(e.details) != e.details_len)
			abort();
		check_span(&e.include_path, b, size + 1);
	}
	free(b);
}

static void check_privkey(const char *s, size_t size, bool anywhere)
{
	unsigned char *scratch = malloc(SCRATCH_MAX);
	struct acct_privkey k;
	char err[48];
	int i;

	if (!scratch)
		abort();
	if (acct_privkey_parse(s, size, anywhere, scratch, SCRATCH_MAX, &k, err,
			       sizeof(err)) == 0) {
		check_span(&k.label, s, size);
		check_span(&k.pem, s, size);
		check_bytes(&k.cipher, scratch, SCRATCH_MAX);
		check_bytes(&k.kdf, scratch, SCRATCH_MAX);
		check_bytes(&k.keytype, scratch, SCRATCH_MAX);
		check_bytes(&k.curve, scratch, SCRATCH_MAX);
		for (i = 0; i < 4; i++)
			check_bytes(&k.mp[i], scratch, SCRATCH_MAX);
	} else if (!memchr(err, '\0', sizeof(err))) {
		abort();
	}
	free(scratch);
}

static void check_utmp(const uint8_t *data, size_t size)
{
	size_t rs = acct_utmp_record_size(), off;
	struct acct_utmp u;
	unsigned char *rec;

	for (off = 0; off < size; off += rs) {
		size_t n = size - off < rs ? size - off : rs;

		rec = malloc(n);
		if (!rec)
			abort();
		memcpy(rec, data + off, n);
		if (acct_utmp_parse(rec, n, &u, NULL, 0) == 0) {
			if (n != rs || !memchr(u.line, '\0', sizeof(u.line)) ||
			    !memchr(u.id, '\0', sizeof(u.id)) ||
			    !memchr(u.user, '\0', sizeof(u.user)) ||
			    !memchr(u.host, '\0', sizeof(u.host)))
				abort();
			if (!acct_utmp_type_name(u.type) ||
			    !acct_utmp_last_type_name(u.type))
				abort();
		}
		free(rec);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acct_hist_state hist = { 0 };
	size_t pos = 0, len, dsize;
	const uint8_t *nl;
	unsigned char *dst;
	char *s;
	long n;

	while (pos < size) {
		nl = memchr(data + pos, '\n', size - pos);
		len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		check_line(&hist, data + pos, len);
		pos += len + 1;
	}
	check_sudoers(data, size);
	s = copy_exact(data, size);
	check_privkey(s, size, false);
	check_privkey(s, size, true);
	dsize = size * 3 / 4 / (1 + (size % 3)) + 1;
	dst = malloc(dsize);
	if (!dst)
		abort();
	n = acct_base64_decode(s, size, dst, dsize);
	if (n > (long)dsize)
		abort();
	free(dst);
	free(s);
	check_utmp(data, size);
	return 0;
}
