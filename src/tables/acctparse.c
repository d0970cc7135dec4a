/* SPDX-License-Identifier: Apache-2.0 */
/*
 * acctparse.c: pure parsers for shadow, sudoers, authorized_keys,
 * known_hosts, ssh_config, crontab and shell history lines, utmp records
 * and private key files (see acctparse.h for the exact rules).
 *
 * They work on pointer and length pairs and never read past the length
 * they are given; only the sudoers and ssh_config parsers write, and only
 * inside the bytes they were handed.  Where osquery's reading of a file
 * is looser or stricter than the program that owns the file, the comments
 * say which one is followed and why.
 */
#include "tables/acctparse.h"

#include <stdio.h>
#include <string.h>
#include <utmp.h>

static void set_err(char *err, size_t errsize, const char *msg)
{
	if (err && errsize)
		snprintf(err, errsize, "%s", msg);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* isspace() in the C locale, without the locale. */
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static struct acct_str span(const char *p, size_t n)
{
	struct acct_str s = { p, n };

	return s;
}

static bool span_eq(const char *p, size_t n, const char *lit)
{
	size_t m = strlen(lit);

	return n == m && memcmp(p, lit, m) == 0;
}

/*
 * The checks every line parser starts with: size, NUL bytes, then trims
 * white space (is_space) on both sides into [*b, *e).  Returns 0, or -1
 * with err set ("blank line" when nothing is left).
 */
static int line_prep(const char *line, size_t len, const char **b,
		     const char **e, char *err, size_t errsize)
{
	const char *p = line, *q = line + len;

	if (len > ACCT_LINE_MAX) {
		set_err(err, errsize, "line too long");
		return -1;
	}
	if (len && memchr(line, '\0', len)) {
		set_err(err, errsize, "NUL byte in line");
		return -1;
	}
	while (p < q && is_space(*p))
		p++;
	while (q > p && is_space(q[-1]))
		q--;
	if (p == q) {
		set_err(err, errsize, "blank line");
		return -1;
	}
	*b = p;
	*e = q;
	return 0;
}

/* ---- /etc/shadow ------------------------------------------------------ */

/*
 * Reads one numeric field ending at a colon or at e, glibc's
 * INT_FIELD_MAYBE_NULL: empty gives -1.  Digits only (glibc's strtoul
 * would also take a sign or leading blanks; nothing writes those).  The
 * value is saturated at UINT64_MAX, then cast as glibc casts it: through
 * int for the day fields (as_int), as an unsigned long for flag.
 */
static int shadow_num(const char **p, const char *e, bool as_int,
		      int64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	bool any = false;

	while (s < e && *s != ':') {
		unsigned d;

		if (!is_digit(*s))
			return -1;
		d = (unsigned)(*s - '0');
		v = v > (UINT64_MAX - d) / 10 ? UINT64_MAX : v * 10 + d;
		any = true;
		s++;
	}
	if (!any)
		*out = -1;
	else if (as_int)
		*out = (int64_t)(int32_t)(uint32_t)(v & 0xffffffffu);
	else
		*out = (int64_t)v;
	if (s < e)
		s++; /* the colon */
	*p = s;
	return 0;
}

int acct_shadow_parse(const char *line, size_t len, struct acct_shadow *out,
		      char *err, size_t errsize)
{
	const char *b, *e, *p, *c;
	int64_t *nums[7];
	int i;

	if (line_prep(line, len, &b, &e, err, errsize) < 0)
		return -1;
	if (*b == '#') {
		set_err(err, errsize, "comment");
		return -1;
	}
	if (*b == '+' || *b == '-') {
		set_err(err, errsize, "NIS compat entry");
		return -1;
	}
	memset(out, 0, sizeof(*out));
	c = memchr(b, ':', (size_t)(e - b));
	if (!c || c == b) {
		set_err(err, errsize, "no user name");
		return -1;
	}
	out->name = span(b, (size_t)(c - b));
	p = c + 1;
	c = memchr(p, ':', (size_t)(e - p));
	out->passwd = span(p, (size_t)((c ? c : e) - p));
	p = c ? c + 1 : e;

	nums[0] = &out->last_change;
	nums[1] = &out->min;
	nums[2] = &out->max;
	nums[3] = &out->warning;
	nums[4] = &out->inactive;
	nums[5] = &out->expire;
	nums[6] = &out->flag;
	for (i = 0; i < 7; i++)
		*nums[i] = -1;
	for (i = 0; i < 7 && p < e; i++) {
		if (shadow_num(&p, e, i < 6, nums[i]) < 0) {
			set_err(err, errsize, "field is not a number");
			return -1;
		}
	}
	/* glibc ignores anything after the flag field; so does this. */

	/* osquery's order of tests: "!!" before the first character. */
	if (span_eq(out->passwd.p, out->passwd.n, "!!"))
		out->password_status = "not_set";
	else if (out->passwd.n && (out->passwd.p[0] == '!' ||
				   out->passwd.p[0] == '*' ||
				   out->passwd.p[0] == 'x'))
		out->password_status = "locked";
	else if (out->passwd.n == 0)
		out->password_status = "empty";
	else
		out->password_status = "active";

	/* "^\$(\w+)\$" */
	if (out->passwd.n > 2 && out->passwd.p[0] == '$') {
		size_t j = 1;

		while (j < out->passwd.n) {
			char ch = out->passwd.p[j];

			if (!((ch >= 'a' && ch <= 'z') ||
			      (ch >= 'A' && ch <= 'Z') || is_digit(ch) ||
			      ch == '_'))
				break;
			j++;
		}
		if (j > 1 && j < out->passwd.n && out->passwd.p[j] == '$')
			out->hash_alg = span(out->passwd.p + 1, j - 1);
	}
	return 0;
}

/* ---- sudoers ---------------------------------------------------------- */

static bool sudo_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\r';
}

/* The next physical line of data from *pos, trimmed of sudo_blank on both
 * sides into [*b, *e); *pos moves past its newline.  False at the end. */
static bool sudo_line(char *data, size_t len, size_t *pos, char **b, char **e)
{
	char *s, *nl, *end;

	if (*pos >= len)
		return false;
	s = data + *pos;
	nl = memchr(s, '\n', len - *pos);
	end = nl ? nl : data + len;
	*pos = (size_t)(end - data) + (nl ? 1 : 0);
	while (s < end && sudo_blank(*s))
		s++;
	while (end > s && sudo_blank(end[-1]))
		end--;
	*b = s;
	*e = end;
	return true;
}

int acct_sudoers_next(char *data, size_t len, size_t *pos,
		      struct acct_sudo_entry *out, char *err, size_t errsize)
{
	char *b, *e, *h, *d, *w;
	bool inc, incdir, bad = false, cont;
	size_t hlen;

	for (;;) {
		if (!sudo_line(data, len, pos, &b, &e))
			return 0;
		if (b == e)
			continue;
		if ((size_t)(e - b) > ACCT_LINE_MAX) {
			set_err(err, errsize, "line too long");
			return -1;
		}
		if (memchr(b, '\0', (size_t)(e - b))) {
			set_err(err, errsize, "NUL byte in line");
			return -1;
		}
		for (h = b; h < e && !sudo_blank(*h); h++)
			;
		hlen = (size_t)(h - b);
		inc = span_eq(b, hlen, "#include") || span_eq(b, hlen, "@include");
		incdir = span_eq(b, hlen, "#includedir") ||
			 span_eq(b, hlen, "@includedir");
		if (*b == '#' && !inc && !incdir)
			continue;
		for (d = h; d < e && sudo_blank(*d); d++)
			;
		if ((inc || incdir) && d == e)
			continue;
		break;
	}

	memset(out, 0, sizeof(*out));
	out->kind = inc ? ACCT_SUDO_INCLUDE
			: incdir ? ACCT_SUDO_INCLUDEDIR : ACCT_SUDO_RULE;
	out->header = b;
	cont = out->kind == ACCT_SUDO_RULE && e[-1] == '\\';
	if (!cont) {
		/* h < e when there are details: the blank after the header
		 * takes its NUL.  Otherwise h == e, which is a trimmed blank,
		 * the newline or data[len]. */
		*h = '\0';
		out->details = d;
		out->details_len = (size_t)(e - d);
		if (d < e)
			*e = '\0';
		else
			out->details = h; /* the empty string */
		if (out->kind != ACCT_SUDO_RULE) {
			out->include_path = span(d, (size_t)(e - d));
			if (out->include_path.n >= 2 && d[0] == '"' &&
			    e[-1] == '"')
				out->include_path = span(d + 1,
							 out->include_path.n - 2);
		}
		return 1;
	}

	/*
	 * A continued rule.  Drop the backslash from the details, or from
	 * the header when there are none, then append the following lines
	 * at w.  Every line appended drops at least its newline before it
	 * and the backslash, so w never overtakes the line being copied.
	 */
	if (d < e) {
		*h = '\0';
		out->details = d;
		w = e - 1;
	} else {
		h = e - 1;
		*h = '\0';
		out->details = h + 1;
		w = h + 1;
	}
	while (cont) {
		char *nb, *ne;

		if (!sudo_line(data, len, pos, &nb, &ne))
			break;
		if (nb == ne)
			continue;
		cont = ne[-1] == '\\';
		if (memchr(nb, '\0', (size_t)(ne - nb)))
			bad = true;
		if (bad || (size_t)(w - out->details) + (size_t)(ne - nb) >
				   ACCT_LINE_MAX) {
			bad = true;
			continue;
		}
		memmove(w, nb, (size_t)(ne - nb));
		w += ne - nb;
		if (cont)
			w--;
	}
	if (bad) {
		set_err(err, errsize, "continued line too long or holds NUL");
		return -1;
	}
	*w = '\0';
	out->details_len = (size_t)(w - out->details);
	return 1;
}

/* ---- ssh keys --------------------------------------------------------- */

static const char *const ssh_keytypes[] = {
	"ssh-ed25519",
	"ssh-ed25519-cert-v01@openssh.com",
	"sk-ssh-ed25519@openssh.com",
	"sk-ssh-ed25519-cert-v01@openssh.com",
	"ssh-xmss@openssh.com",
	"ssh-xmss-cert-v01@openssh.com",
	"ssh-rsa",
	"rsa-sha2-256",
	"rsa-sha2-512",
	"ssh-dss",
	"ecdsa-sha2-nistp256",
	"ecdsa-sha2-nistp384",
	"ecdsa-sha2-nistp521",
	"sk-ecdsa-sha2-nistp256@openssh.com",
	"webauthn-sk-ecdsa-sha2-nistp256@openssh.com",
	"ssh-rsa-cert-v01@openssh.com",
	"rsa-sha2-256-cert-v01@openssh.com",
	"rsa-sha2-512-cert-v01@openssh.com",
	"ssh-dss-cert-v01@openssh.com",
	"ecdsa-sha2-nistp256-cert-v01@openssh.com",
	"ecdsa-sha2-nistp384-cert-v01@openssh.com",
	"ecdsa-sha2-nistp521-cert-v01@openssh.com",
	"sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
};

bool acct_ssh_keytype_known(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(ssh_keytypes) / sizeof(ssh_keytypes[0]); i++) {
		if (span_eq(s, n, ssh_keytypes[i]))
			return true;
	}
	return false;
}

static bool is_b64(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       is_digit(c) || c == '+' || c == '/' || c == '=';
}

/* The word starting at p (up to a blank or e). */
static const char *word_end(const char *p, const char *e)
{
	while (p < e && !is_blank(*p))
		p++;
	return p;
}

static const char *skip_blanks(const char *p, const char *e)
{
	while (p < e && is_blank(*p))
		p++;
	return p;
}

/*
 * Reads "type key [comment]" from [p, e) into type, key and comment.
 * Returns 0 or -1 with err set.
 */
static int key_fields(const char *p, const char *e, struct acct_str *type,
		      struct acct_str *key, struct acct_str *comment,
		      char *err, size_t errsize)
{
	const char *q;
	size_t i;

	q = word_end(p, e);
	if (!acct_ssh_keytype_known(p, (size_t)(q - p))) {
		set_err(err, errsize, "unknown key type");
		return -1;
	}
	*type = span(p, (size_t)(q - p));
	p = skip_blanks(q, e);
	q = word_end(p, e);
	if (p == q) {
		set_err(err, errsize, "no key");
		return -1;
	}
	for (i = 0; p + i < q; i++) {
		if (!is_b64(p[i])) {
			set_err(err, errsize, "key is not base64");
			return -1;
		}
	}
	*key = span(p, (size_t)(q - p));
	p = skip_blanks(q, e);
	*comment = p < e ? span(p, (size_t)(e - p)) : span(NULL, 0);
	return 0;
}

int acct_authkey_parse(const char *line, size_t len, struct acct_authkey *out,
		       char *err, size_t errsize)
{
	const char *b, *e, *p;
	bool quoted = false;

	if (line_prep(line, len, &b, &e, err, errsize) < 0)
		return -1;
	if (*b == '#') {
		set_err(err, errsize, "comment");
		return -1;
	}
	memset(out, 0, sizeof(*out));
	p = word_end(b, e);
	if (!acct_ssh_keytype_known(b, (size_t)(p - b))) {
		/* sshkey_advance_past_options(): blanks end the options
		 * except inside double quotes, and \" never closes them. */
		for (p = b; p < e && (quoted || !is_blank(*p)); p++) {
			if (*p == '\\' && p + 1 < e && p[1] == '"')
				p++;
			else if (*p == '"')
				quoted = !quoted;
		}
		if (quoted) {
			set_err(err, errsize, "unterminated quote in options");
			return -1;
		}
		out->options = span(b, (size_t)(p - b));
		b = skip_blanks(p, e);
		if (b == e) {
			set_err(err, errsize, "no key type");
			return -1;
		}
	}
	return key_fields(b, e, &out->type, &out->key, &out->comment, err,
			  errsize);
}

/* True when [p, p+n) is non-empty base64 text without padding inside. */
static bool b64_word(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (!is_b64(p[i]))
			return false;
	}
	return true;
}

int acct_knownhost_parse(const char *line, size_t len,
			 struct acct_knownhost *out, char *err,
			 size_t errsize)
{
	const char *b, *e, *p, *q;

	if (line_prep(line, len, &b, &e, err, errsize) < 0)
		return -1;
	if (*b == '#') {
		set_err(err, errsize, "comment");
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->line = span(b, (size_t)(e - b));
	p = b;
	if (*p == '@') {
		q = word_end(p, e);
		if (span_eq(p, (size_t)(q - p), "@cert-authority"))
			out->marker = ACCT_KH_CERT_AUTHORITY;
		else if (span_eq(p, (size_t)(q - p), "@revoked"))
			out->marker = ACCT_KH_REVOKED;
		else {
			set_err(err, errsize, "unknown marker");
			return -1;
		}
		p = skip_blanks(q, e);
	}
	q = word_end(p, e);
	if (p == q) {
		set_err(err, errsize, "no host patterns");
		return -1;
	}
	out->hosts = span(p, (size_t)(q - p));
	if (*p == '|') {
		/* |1|base64 salt|base64 hash: the only hash ssh writes. */
		const char *salt, *bar;

		if ((size_t)(q - p) < 3 || memcmp(p, "|1|", 3) != 0) {
			set_err(err, errsize, "unknown host hash");
			return -1;
		}
		salt = p + 3;
		bar = memchr(salt, '|', (size_t)(q - salt));
		if (!bar || !b64_word(salt, (size_t)(bar - salt)) ||
		    !b64_word(bar + 1, (size_t)(q - bar - 1))) {
			set_err(err, errsize, "malformed host hash");
			return -1;
		}
		out->hashed = true;
	}
	p = skip_blanks(q, e);
	if (p == e) {
		set_err(err, errsize, "no key type");
		return -1;
	}
	return key_fields(p, e, &out->type, &out->key, &out->comment, err,
			  errsize);
}

/* ---- ssh_config ------------------------------------------------------- */

int acct_sshcfg_parse(char *line, size_t len, struct acct_sshcfg *out,
		      char *err, size_t errsize)
{
	const char *cb, *ce;
	char *b, *e, *k;
	size_t klen;

	if (line_prep(line, len, &cb, &ce, err, errsize) < 0)
		return -1;
	b = line + (cb - line);
	e = line + (ce - line);
	if (*b == '#') {
		set_err(err, errsize, "comment");
		return -1;
	}
	for (k = b; k < e; k++) {
		if (*k >= 'A' && *k <= 'Z')
			*k = (char)(*k - 'A' + 'a');
	}
	for (k = b; k < e && !is_space(*k) && *k != '='; k++)
		;
	klen = (size_t)(k - b);
	out->kind = ACCT_SSHCFG_OPTION;
	if (k < e && (span_eq(b, klen, "host") || span_eq(b, klen, "match")))
		out->kind = ACCT_SSHCFG_BLOCK;
	out->text = span(b, (size_t)(e - b));
	return 0;
}

/* ---- crontab ---------------------------------------------------------- */

/*
 * cron's load_env(): NAME=VALUE, where NAME is a word (up to a blank or
 * '=') or a quoted string, and blanks may surround the '='.  True when
 * [b, e) is such a line.
 */
static bool cron_is_env(const char *b, const char *e)
{
	const char *p = b;

	if (*p == '"' || *p == '\'') {
		const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));

		if (!q || q == p + 1)
			return false;
		p = q + 1;
	} else {
		while (p < e && !is_blank(*p) && *p != '=')
			p++;
		if (p == b)
			return false;
	}
	p = skip_blanks(p, e);
	return p < e && *p == '=';
}

int acct_cron_parse(char *line, size_t len, struct acct_cron *out,
		    char *err, size_t errsize)
{
	struct acct_str *fields[5];
	const char *b, *e, *p, *q;
	char *w, *r;
	int i;

	if (line_prep(line, len, &b, &e, err, errsize) < 0)
		return -1;
	if (*b == '#') {
		set_err(err, errsize, "comment");
		return -1;
	}
	if (cron_is_env(b, e)) {
		set_err(err, errsize, "environment setting");
		return -1;
	}
	memset(out, 0, sizeof(*out));
	p = b;
	if (*p == '@') {
		q = word_end(p, e);
		out->event = span(p, (size_t)(q - p));
		p = skip_blanks(q, e);
	} else {
		fields[0] = &out->minute;
		fields[1] = &out->hour;
		fields[2] = &out->day_of_month;
		fields[3] = &out->month;
		fields[4] = &out->day_of_week;
		for (i = 0; i < 5 && p < e; i++) {
			q = word_end(p, e);
			*fields[i] = span(p, (size_t)(q - p));
			p = skip_blanks(q, e);
		}
	}
	if (p == e) {
		set_err(err, errsize, "no command");
		return -1;
	}
	/* Squeeze blank runs: p and e are trimmed, so every run sits
	 * between two words. */
	w = r = line + (p - line);
	while (r < e) {
		if (is_blank(*r)) {
			while (is_blank(*r))
				r++;
			*w++ = ' ';
		} else {
			*w++ = *r++;
		}
	}
	out->command = span(p, (size_t)(w - p));
	return 0;
}

/* ---- shell history ---------------------------------------------------- */

/* Reads [p, p+n) as at most maxd decimal digits into *v.  0 or -1. */
static int digits(const char *p, size_t n, size_t maxd, int64_t *v)
{
	int64_t x = 0;
	size_t i;

	if (n == 0 || n > maxd)
		return -1;
	for (i = 0; i < n; i++) {
		if (!is_digit(p[i]))
			return -1;
		x = x * 10 + (p[i] - '0');
	}
	*v = x;
	return 0;
}

int acct_history_line(struct acct_hist_state *st, const char *line,
		      size_t len, struct acct_hist_entry *out, char *err,
		      size_t errsize)
{
	const char *p, *e = line + len, *t;
	int64_t v;

	if (len > ACCT_LINE_MAX || (len && memchr(line, '\0', len))) {
		st->pending = false;
		set_err(err, errsize, len > ACCT_LINE_MAX ? "line too long"
							  : "NUL byte in line");
		return -1;
	}
	if (st->pending) {
		st->pending = false;
		out->time = st->time;
		out->command = span(line, len);
		return 1;
	}
	/* "^#([0-9]+)$", kept to 18 digits so the value fits. */
	if (len >= 2 && line[0] == '#' &&
	    digits(line + 1, len - 1, 18, &v) == 0) {
		st->pending = true;
		st->time = v;
		return 0;
	}
	/* "^: {0,10}([0-9]{1,11}):[0-9]+;(.*)$" */
	if (len >= 1 && line[0] == ':') {
		p = line + 1;
		while (p < e && *p == ' ' && p - line <= 10)
			p++;
		t = p;
		while (p < e && is_digit(*p))
			p++;
		if (digits(t, (size_t)(p - t), 11, &v) == 0 && p < e &&
		    *p == ':') {
			const char *dstart = ++p;

			while (p < e && is_digit(*p))
				p++;
			if (p > dstart && p < e && *p == ';') {
				p++;
				out->time = v;
				out->command = span(p, (size_t)(e - p));
				return 1;
			}
		}
	}
	out->time = 0;
	out->command = span(line, len);
	return 1;
}

/* ---- utmp ------------------------------------------------------------- */

size_t acct_utmp_record_size(void)
{
	return sizeof(struct utmp);
}

/* Copies a fixed-size field up to its first NUL into dst (size n + 1). */
static void field_copy(char *dst, const char *src, size_t n)
{
	size_t m = strnlen(src, n);

	memcpy(dst, src, m);
	dst[m] = '\0';
}

int acct_utmp_parse(const unsigned char *rec, size_t len,
		    struct acct_utmp *out, char *err, size_t errsize)
{
	struct utmp u;

	_Static_assert(sizeof(out->line) == sizeof(u.ut_line) + 1, "line");
	_Static_assert(sizeof(out->id) == sizeof(u.ut_id) + 1, "id");
	_Static_assert(sizeof(out->user) == sizeof(u.ut_user) + 1, "user");
	_Static_assert(sizeof(out->host) == sizeof(u.ut_host) + 1, "host");
#if defined(__x86_64__)
	_Static_assert(sizeof(struct utmp) == 384, "x86_64 utmp is 384 bytes");
#endif
	if (len != sizeof(u)) {
		set_err(err, errsize, "short utmp record");
		return -1;
	}
	/* A copy gives the fields their alignment; they are plain bytes and
	 * integers, so any content is a valid value. */
	memcpy(&u, rec, sizeof(u));
	out->type = u.ut_type;
	out->pid = (int32_t)u.ut_pid;
	field_copy(out->line, u.ut_line, sizeof(u.ut_line));
	field_copy(out->id, u.ut_id, sizeof(u.ut_id));
	field_copy(out->user, u.ut_user, sizeof(u.ut_user));
	field_copy(out->host, u.ut_host, sizeof(u.ut_host));
	out->tv_sec = (int64_t)u.ut_tv.tv_sec;
	out->tv_usec = (int64_t)u.ut_tv.tv_usec;
	return 0;
}

const char *acct_utmp_type_name(int type)
{
	switch (type) {
	case EMPTY:
		return "empty";
	case RUN_LVL:
		return "runlevel";
	case BOOT_TIME:
		return "boot_time";
	case NEW_TIME:
		return "new_time";
	case OLD_TIME:
		return "old_time";
	case INIT_PROCESS:
		return "init";
	case LOGIN_PROCESS:
		return "login";
	case USER_PROCESS:
		return "user";
	case DEAD_PROCESS:
		return "dead";
	case ACCOUNTING:
		return "accounting";
	}
	return "unknown";
}

const char *acct_utmp_last_type_name(int type)
{
	switch (type) {
	case EMPTY:
		return "empty";
	case RUN_LVL:
		return "run-level";
	case BOOT_TIME:
		return "boot-time";
	case NEW_TIME:
		return "new-time";
	case OLD_TIME:
		return "old-time";
	case INIT_PROCESS:
		return "init-process";
	case LOGIN_PROCESS:
		return "login-process";
	case USER_PROCESS:
		return "user-process";
	case DEAD_PROCESS:
		return "dead-process";
	}
	return "";
}

/* ---- base64 and private keys ------------------------------------------ */

static int b64_val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (is_digit(c))
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * The decoder behind acct_base64_decode.  With partial, decoding stops
 * quietly when dst is full (the prefix is kept) instead of failing.
 */
static long b64_decode(const char *src, size_t n, unsigned char *dst,
		       size_t dstsize, bool partial)
{
	uint32_t acc = 0;
	size_t i, out = 0;
	int nq = 0, pad = 0;

	for (i = 0; i < n; i++) {
		char c = src[i];
		int v;

		if (is_space(c))
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad)
			return -1; /* data after padding */
		v = b64_val(c);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		if (++nq == 4) {
			if (dstsize - out < 3) {
				if (partial)
					return (long)out;
				return -1;
			}
			dst[out++] = (unsigned char)(acc >> 16);
			dst[out++] = (unsigned char)(acc >> 8);
			dst[out++] = (unsigned char)acc;
			acc = 0;
			nq = 0;
		}
	}
	if (nq == 1 || pad > 2)
		return -1;
	if (nq == 2 || nq == 3) {
		size_t k = (size_t)nq - 1;

		if (dstsize - out < k)
			return partial ? (long)out : -1;
		acc <<= 6 * (4 - nq);
		dst[out++] = (unsigned char)(acc >> 16);
		if (nq == 3)
			dst[out++] = (unsigned char)(acc >> 8);
	}
	return (long)out;
}

long acct_base64_decode(const char *src, size_t n, unsigned char *dst,
			size_t dstsize)
{
	return b64_decode(src, n, dst, dstsize, false);
}

/* An SSH wire reader over [p, end). */
struct sshbuf {
	const unsigned char *p;
	const unsigned char *end;
};

static int ssh_u32(struct sshbuf *b, uint32_t *v)
{
	if (b->end - b->p < 4)
		return -1;
	*v = (uint32_t)b->p[0] << 24 | (uint32_t)b->p[1] << 16 |
	     (uint32_t)b->p[2] << 8 | b->p[3];
	b->p += 4;
	return 0;
}

static int ssh_string(struct sshbuf *b, struct acct_bytes *s)
{
	uint32_t n;

	if (ssh_u32(b, &n) < 0 || (size_t)(b->end - b->p) < n)
		return -1;
	s->p = b->p;
	s->n = n;
	b->p += n;
	return 0;
}

static bool bytes_eq(struct acct_bytes s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && memcmp(s.p, lit, n) == 0;
}

/* Reads an OpenSSH public key blob into k's alg, keytype, curve and mp. */
static int ssh_pubkey(struct acct_bytes blob, struct acct_privkey *k)
{
	struct sshbuf b = { blob.p, blob.p + blob.n };
	struct acct_bytes t;
	int i, nmp = 0;

	if (ssh_string(&b, &t) < 0)
		return -1;
	k->keytype = t;
	if (bytes_eq(t, "ssh-rsa")) {
		k->alg = ACCT_KEY_RSA;
		nmp = 2;
	} else if (bytes_eq(t, "ssh-dss")) {
		k->alg = ACCT_KEY_DSA;
		nmp = 4;
	} else if (bytes_eq(t, "ecdsa-sha2-nistp256") ||
		   bytes_eq(t, "ecdsa-sha2-nistp384") ||
		   bytes_eq(t, "ecdsa-sha2-nistp521") ||
		   bytes_eq(t, "sk-ecdsa-sha2-nistp256@openssh.com")) {
		k->alg = ACCT_KEY_ECDSA;
		if (ssh_string(&b, &k->curve) < 0)
			return -1;
		nmp = 1;
	} else if (bytes_eq(t, "ssh-ed25519") ||
		   bytes_eq(t, "sk-ssh-ed25519@openssh.com")) {
		k->alg = ACCT_KEY_ED25519;
		nmp = 1;
	} else {
		return -1;
	}
	for (i = 0; i < nmp; i++) {
		if (ssh_string(&b, &k->mp[i]) < 0 || k->mp[i].n == 0)
			return -1;
	}
	if (k->alg == ACCT_KEY_ED25519 && k->mp[0].n != 32)
		return -1;
	return 0;
}

/* Line iteration over [*p, e): the current line is [*p, nl). */
static const char *line_end(const char *p, const char *e)
{
	const char *nl = memchr(p, '\n', (size_t)(e - p));

	return nl ? nl : e;
}

static const char *next_line(const char *le, const char *e)
{
	return le < e ? le + 1 : e;
}

/*
 * Is [p, le) "-----BEGIN <label>-----" with a label ending "PRIVATE KEY"?
 * Trailing white space is allowed.  Fills label.
 */
static bool begin_line(const char *p, const char *le, struct acct_str *label)
{
	static const char pre[] = "-----BEGIN ", suf[] = "PRIVATE KEY-----";
	const size_t np = sizeof(pre) - 1, ns = sizeof(suf) - 1;
	size_t n = (size_t)(le - p);

	while (n > 0 && is_space(p[n - 1]))
		n--;
	if (n < np + ns || memcmp(p, pre, np) != 0 ||
	    memcmp(p + n - ns, suf, ns) != 0)
		return false;
	*label = span(p + np, n - np - 5);
	return true;
}

/* Is [p, le) "-----END <label>-----", trailing white space allowed? */
static bool end_line(const char *p, const char *le, struct acct_str label)
{
	size_t n = (size_t)(le - p);

	while (n > 0 && is_space(p[n - 1]))
		n--;
	return n == 9 + label.n + 5 &&
	       memcmp(p, "-----END ", 9) == 0 &&
	       memcmp(p + 9, label.p, label.n) == 0 &&
	       memcmp(p + 9 + label.n, "-----", 5) == 0;
}

static int openssh_body(const char *body, size_t n, unsigned char *scratch,
			size_t scratch_size, struct acct_privkey *k, char *err,
			size_t errsize)
{
	static const char magic[] = "openssh-key-v1";
	struct sshbuf b;
	struct acct_bytes kdfopts, pub;
	uint32_t nkeys;
	long got;

	got = b64_decode(body, n, scratch, scratch_size, true);
	if (got < 0) {
		set_err(err, errsize, "OpenSSH key body is not base64");
		return -1;
	}
	b.p = scratch;
	b.end = scratch + got;
	if ((size_t)got < sizeof(magic) ||
	    memcmp(scratch, magic, sizeof(magic)) != 0) {
		set_err(err, errsize, "not an openssh-key-v1 key");
		return -1;
	}
	b.p += sizeof(magic); /* the magic and its NUL */
	if (ssh_string(&b, &k->cipher) < 0 || ssh_string(&b, &k->kdf) < 0 ||
	    ssh_string(&b, &kdfopts) < 0) {
		set_err(err, errsize, "truncated OpenSSH key header");
		return -1;
	}
	k->encrypted = !bytes_eq(k->cipher, "none");
	if (ssh_u32(&b, &nkeys) == 0 && nkeys >= 1 &&
	    ssh_string(&b, &pub) == 0 && ssh_pubkey(pub, k) == 0)
		k->pub_ok = true;
	else {
		k->alg = ACCT_KEY_UNKNOWN;
		memset(k->mp, 0, sizeof(k->mp));
		memset(&k->curve, 0, sizeof(k->curve));
	}
	return 0;
}

int acct_privkey_parse(const char *data, size_t len, bool anywhere,
		       unsigned char *scratch, size_t scratch_size,
		       struct acct_privkey *out, char *err, size_t errsize)
{
	const char *e = data + len, *p = data, *le, *start = NULL, *body;
	struct acct_str label = { NULL, 0 };

	memset(out, 0, sizeof(*out));
	for (; p < e; p = next_line(le, e)) {
		le = line_end(p, e);
		if (begin_line(p, le, &label)) {
			start = p;
			break;
		}
		if (!anywhere) {
			const char *s = p;

			while (s < le && is_space(*s))
				s++;
			if (s < le)
				break; /* a first line that is not a header */
		}
	}
	if (!start) {
		set_err(err, errsize, "no private key header");
		return -1;
	}
	out->label = label;
	body = next_line(le, e);
	for (p = body; p < e; p = next_line(le, e)) {
		le = line_end(p, e);
		if (end_line(p, le, label))
			break;
	}
	/* p is now the END line, or e when there is none. */
	out->pem = span(start, (size_t)((p < e ? line_end(p, e) : e) - start));

	if (span_eq(label.p, label.n, "OPENSSH PRIVATE KEY")) {
		out->format = ACCT_PKEY_OPENSSH;
		if (p == e) {
			set_err(err, errsize, "OpenSSH key without END line");
			return -1;
		}
		return openssh_body(body, (size_t)(p - body), scratch,
				    scratch_size, out, err, errsize);
	}

	out->format = ACCT_PKEY_PEM;
	if (span_eq(label.p, label.n, "RSA PRIVATE KEY"))
		out->alg = ACCT_KEY_RSA;
	else if (span_eq(label.p, label.n, "DSA PRIVATE KEY"))
		out->alg = ACCT_KEY_DSA;
	else if (span_eq(label.p, label.n, "EC PRIVATE KEY"))
		out->alg = ACCT_KEY_ECDSA;
	if (span_eq(label.p, label.n, "ENCRYPTED PRIVATE KEY"))
		out->encrypted = true;
	/* RFC 1421 headers: "Name: value" lines up to the first blank line
	 * or the first line without a colon (the base64 has none). */
	for (p = body; p < e; p = next_line(le, e)) {
		const char *c;

		le = line_end(p, e);
		c = memchr(p, ':', (size_t)(le - p));
		if (!c)
			break;
		if ((size_t)(c - p) == 9 && memcmp(p, "Proc-Type", 9) == 0 &&
		    memmem(c, (size_t)(le - c), "ENCRYPTED", 9))
			out->encrypted = true;
	}
	return 0;
}
