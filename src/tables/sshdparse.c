/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sshdparse.c: sshd_config(5) into the effective settings sshd would use;
 * see sshdparse.h for the rules followed.
 *
 * Lines are read into a scratch buffer, cut there the way servconf.c cuts
 * them (strdelim() for the keyword, argv_split() for the arguments), and
 * recorded through an index keyed by (Match block, keyword), so that the
 * first-value rule costs one hash probe a line whatever the file holds.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tables/sshdparse.h"
#include "util/buf.h"

/* Largest included file handed to the reader, and all of them together. */
#define SSHD_FILE_MAX (4u << 20)
#define SSHD_BYTES_MAX (16u << 20)
#define WHITESPACE " \t\r\n"

/* ---------------------------------------------------------------- */
/* Keywords */

static const struct {
	const char *alias, *name;
} aliases[] = {
	{ "hostdsakey", "hostkey" },
	{ "hostbasedacceptedkeytypes", "hostbasedacceptedalgorithms" },
	{ "pubkeyacceptedkeytypes", "pubkeyacceptedalgorithms" },
	{ "dsaauthentication", "pubkeyauthentication" },
	{ "challengeresponseauthentication", "kbdinteractiveauthentication" },
	{ "skeyauthentication", "kbdinteractiveauthentication" },
	{ "keepalive", "tcpkeepalive" },
};

/* Keywords sshd 9.2 accepts and ignores (deprecated or unsupported). */
static const char *const ignored[] = {
	"afstokenpassing", "authorizedkeysfile2", "checkmail",
	"keyregenerationinterval", "kerberosgetafstoken",
	"kerberostgtpassing", "pamauthenticationviakbdint", "protocol",
	"reversemappingcheck", "rhostsauthentication",
	"rhostsrsaauthentication", "rsaauthentication", "serverkeybits",
	"uselogin", "useprivilegeseparation", "verifyreversemapping",
};

/* Keywords every line of which counts. */
static const char *const accumulate[] = {
	"acceptenv", "allowgroups", "allowusers", "denygroups", "denyusers",
	"hostcertificate", "hostkey", "listenaddress", "port", "subsystem",
};

/* Keywords whose last value counts. */
static const char *const last_wins[] = {
	"fingerprinthash", "ipqos", "maxstartups", "persourcemaxstartups",
	"persourcenetblocksize", "streamlocalbindmask",
};

/* Keywords whose value is the rest of the line, as written. */
static const char *const raw_value[] = {
	"authorizedkeyscommand", "authorizedprincipalscommand", "forcecommand",
	"versionaddendum",
};

static bool in_list(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

#define IN(list, s) in_list(list, sizeof(list) / sizeof((list)[0]), s)

char *sshdparse_keyword(const char *kw, size_t len, char *dst, size_t size)
{
	size_t i;

	if (len >= size)
		return NULL;
	for (i = 0; i < len; i++)
		dst[i] = (char)(kw[i] >= 'A' && kw[i] <= 'Z' ? kw[i] + 32
							       : kw[i]);
	dst[len] = '\0';
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(dst, aliases[i].alias) == 0) {
			if (strlen(aliases[i].name) >= size)
				return NULL;
			memcpy(dst, aliases[i].name,
			       strlen(aliases[i].name) + 1);
			break;
		}
	return dst;
}

/* ---------------------------------------------------------------- */
/* Owned strings and the index */

struct sshd_slot {
	unsigned block;
	const char *keyword; /* NULL: free */
	size_t idx;
};

void sshdparse_init(struct sshd_config *c)
{
	memset(c, 0, sizeof(*c));
}

void sshdparse_release(struct sshd_config *c)
{
	size_t i;

	for (i = 0; i < c->nstrs; i++)
		free(c->strs[i]);
	free(c->strs);
	free(c->v);
	free(c->slots);
	memset(c, 0, sizeof(*c));
}

/* Keeps a copy of s[0..n); NULL when memory runs out. */
static const char *keep(struct sshd_config *c, const char *s, size_t n)
{
	char *p;

	if (c->nstrs == c->astrs) {
		size_t na = c->astrs ? c->astrs * 2 : 64;
		char **v = reallocarray(c->strs, na, sizeof(*v));

		if (!v)
			return NULL;
		c->strs = v;
		c->astrs = na;
	}
	p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	c->strs[c->nstrs++] = p;
	return p;
}

static uint64_t slot_hash(unsigned block, const char *kw)
{
	uint64_t h = 1469598103934665603ull ^ block;

	for (; *kw; kw++)
		h = (h ^ (unsigned char)*kw) * 1099511628211ull;
	return h;
}

/* The slot of (block, kw): its own, or the free one to fill. */
static struct sshd_slot *slot_find(struct sshd_config *c, unsigned block,
				   const char *kw)
{
	size_t mask = c->nslots - 1, i = slot_hash(block, kw) & mask;

	while (c->slots[i].keyword &&
	       (c->slots[i].block != block ||
		strcmp(c->slots[i].keyword, kw) != 0))
		i = (i + 1) & mask;
	return &c->slots[i];
}

static int slots_grow(struct sshd_config *c)
{
	struct sshd_slot *old = c->slots;
	size_t n = c->nslots, i;

	if (c->used * 2 < c->nslots)
		return 0;
	c->nslots = n ? n * 2 : 256;
	c->slots = calloc(c->nslots, sizeof(*c->slots));
	if (!c->slots) {
		c->slots = old;
		c->nslots = n;
		return -1;
	}
	for (i = 0; i < n; i++)
		if (old[i].keyword)
			*slot_find(c, old[i].block, old[i].keyword) = old[i];
	free(old);
	return 0;
}

static int entry_add(struct sshd_config *c, const struct sshd_entry *e)
{
	if (c->n == c->alloc) {
		size_t na = c->alloc ? c->alloc * 2 : 64;
		struct sshd_entry *v = reallocarray(c->v, na, sizeof(*v));

		if (!v)
			return -1;
		c->v = v;
		c->alloc = na;
	}
	c->v[c->n++] = *e;
	return 0;
}

/* ---------------------------------------------------------------- */
/* Cutting a line as servconf.c does */

/*
 * strdelim() of OpenSSH's misc.c, splitting at one '=': the next token of
 * *s (which moves past it and the blanks after it, or becomes NULL at the
 * end).  NULL when a quoted token has no closing quote.
 */
static char *strdelim(char **s)
{
	char *old, *p;
	bool equals = false;

	if (!*s)
		return NULL;
	old = *s;
	p = strpbrk(old, WHITESPACE "\"=");
	if (!p) {
		*s = NULL;
		return old;
	}
	if (*p == '"') {
		memmove(p, p + 1, strlen(p));
		p = strchr(p, '"');
		if (!p)
			return NULL;
		*p = '\0';
		*s = p + 1 + strspn(p + 1, WHITESPACE);
		return old;
	}
	equals = *p == '=';
	*p = '\0';
	p += 1 + strspn(p + 1, WHITESPACE);
	if (*p == '=' && !equals)
		p += 1 + strspn(p + 1, WHITESPACE);
	*s = p;
	return old;
}

/*
 * argv_split() of misc.c, terminating on a comment: the arguments of s,
 * unquoted and unescaped, into out (reset first), each followed by a NUL,
 * and their count in *argc.  -1 for an unterminated quote or when out
 * refuses to grow.
 */
static int split_args(const char *s, struct buf *out, int *argc)
{
	size_t i = 0;

	buf_reset(out);
	*argc = 0;
	while (s[i]) {
		char quote = 0;

		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		if (s[i] == '#')
			break;
		(*argc)++;
		for (; s[i]; i++) {
			char ch = s[i];

			if (ch == '\\') {
				char nx = s[i + 1];

				if (nx == '\'' || nx == '"' || nx == '\\' ||
				    (!quote && nx == ' ')) {
					i++;
					ch = nx;
				}
			} else if (!quote && (ch == ' ' || ch == '\t')) {
				break;
			} else if (!quote && (ch == '"' || ch == '\'')) {
				quote = ch;
				continue;
			} else if (quote && ch == quote) {
				quote = 0;
				continue;
			}
			if (buf_addc(out, ch) < 0)
				return -1;
		}
		if (buf_addc(out, '\0') < 0)
			return -1;
		if (!s[i]) {
			if (quote)
				return -1;
			break;
		}
	}
	if (!out->data && buf_grow(out, 1) < 0)
		return -1;
	return 0;
}

/* Joins the NUL-separated arguments of b with single spaces, in place. */
static void join_args(struct buf *b)
{
	size_t i;

	if (b->len)
		b->len--; /* the last argument's NUL */
	for (i = 0; i < b->len; i++)
		if (b->data[i] == '\0')
			b->data[i] = ' ';
	b->data[b->len] = '\0';
}

/* ---------------------------------------------------------------- */
/* The parse */

struct pstate {
	struct sshd_config *c;
	const struct sshd_reader *rd;
	const char *stack[SSHD_INCLUDE_DEPTH + 1]; /* files being read */
	int depth;
	unsigned block;    /* 0: global */
	const char *match; /* criteria of the block, NULL for global */
	const char *base;  /* criteria in force where this file was included */
	size_t bytes;      /* read through includes so far */
	struct buf line, args;
	char *err;
	size_t errsize;
};

static int nomem(struct pstate *ps)
{
	if (ps->err && ps->errsize)
		snprintf(ps->err, ps->errsize, "out of memory");
	return -1;
}

static int record(struct pstate *ps, const char *kw, const char *value,
		  const char *file, unsigned line)
{
	struct sshd_config *c = ps->c;
	struct sshd_entry e;
	struct sshd_slot *s;
	bool acc = IN(accumulate, kw);

	if (slots_grow(c) < 0)
		return nomem(ps);
	s = slot_find(c, ps->block, kw);
	if (s->keyword && !acc) {
		if (IN(last_wins, kw)) {
			const char *v = keep(c, value, strlen(value));

			if (!v)
				return nomem(ps);
			c->v[s->idx].value = v;
			c->v[s->idx].file = file;
			c->v[s->idx].line = line;
		}
		return 0;
	}
	if (c->n >= SSHD_ENTRIES_MAX) {
		c->dropped++;
		return 0;
	}
	e.keyword = s->keyword ? s->keyword : keep(c, kw, strlen(kw));
	e.value = keep(c, value, strlen(value));
	e.match = ps->match;
	e.file = file;
	e.line = line;
	e.is_default = false;
	if (!e.keyword || !e.value || entry_add(c, &e) < 0)
		return nomem(ps);
	if (!s->keyword) {
		s->block = ps->block;
		s->keyword = e.keyword;
		s->idx = c->n - 1;
		c->used++;
	}
	return 0;
}

static int parse_file(struct pstate *ps, const char *file, const char *text,
		      size_t len);

static bool on_stack(const struct pstate *ps, const char *path)
{
	int i;

	for (i = 0; i < ps->depth; i++)
		if (strcmp(ps->stack[i], path) == 0)
			return true;
	return false;
}

/* Reads and parses one included file, restoring the Match state after. */
/* NOLINTNEXTLINE(misc-no-recursion): SSHD_INCLUDE_DEPTH bounds it */
static int include_one(struct pstate *ps, const char *path)
{
	struct sshd_config *c = ps->c;
	struct buf b = BUF_INIT(SSHD_FILE_MAX);
	unsigned block = ps->block;
	const char *match = ps->match, *base = ps->base;
	int rc = 0;

	if (on_stack(ps, path)) {
		c->loops++;
		return 0;
	}
	if (ps->depth >= SSHD_INCLUDE_DEPTH + 1) {
		c->too_deep++;
		return 0;
	}
	if (c->files >= SSHD_FILES_MAX) {
		c->too_many++;
		return 0;
	}
	if (ps->rd->load(ps->rd->ctx, path, &b) < 0) {
		c->unreadable++;
		buf_release(&b);
		return 0;
	}
	if (b.len > SSHD_BYTES_MAX - ps->bytes) {
		c->too_many++;
		buf_release(&b);
		return 0;
	}
	ps->bytes += b.len;
	ps->base = ps->match;
	rc = parse_file(ps, path, b.data ? b.data : "", b.len);
	ps->block = block;
	ps->match = match;
	ps->base = base;
	buf_release(&b);
	return rc;
}

/*
 * An Include line: ps->args holds argc NUL-terminated patterns.  They are
 * copied first: the files they include reuse ps->args and ps->line.
 */
/* NOLINTNEXTLINE(misc-no-recursion): SSHD_INCLUDE_DEPTH bounds it */
static int do_include(struct pstate *ps, int argc)
{
	struct buf pat = BUF_INIT(SSHD_LINE_MAX + 64);
	struct buf copy = BUF_INIT(SSHD_LINE_MAX + 1);
	const char *w;
	int rc = 0, k;

	if (buf_add(&copy, ps->args.data, ps->args.len) < 0) {
		buf_release(&copy);
		return nomem(ps);
	}
	w = copy.data;
	for (k = 0; k < argc && rc == 0; k++, w += strlen(w) + 1) {
		char **paths = NULL;
		size_t npaths = 0, i;

		if (!*w)
			continue;
		buf_reset(&pat);
		if (w[0] == '/') {
			rc = buf_adds(&pat, w);
		} else if (w[0] == '~' && w[1] == '/') {
			rc = buf_printf(&pat, "/root%s", w + 1);
		} else if (w[0] == '~') {
			ps->c->unreadable++; /* another user's home */
			continue;
		} else {
			rc = buf_printf(&pat, "%s/%s", SSHD_DIR, w);
		}
		if (rc < 0) {
			rc = nomem(ps);
			break;
		}
		if (ps->rd->glob(ps->rd->ctx, pat.data, &paths, &npaths) < 0) {
			ps->c->unreadable++;
			continue;
		}
		for (i = 0; i < npaths; i++) {
			const char *path = NULL;

			if (rc == 0) {
				path = keep(ps->c, paths[i], strlen(paths[i]));
				rc = path ? include_one(ps, path) : nomem(ps);
			}
			free(paths[i]);
		}
		free(paths);
	}
	buf_release(&pat);
	buf_release(&copy);
	return rc;
}

/* A Match line: a new block, its criteria after those of the includer. */
static int do_match(struct pstate *ps, const char *criteria)
{
	const char *m;

	if (ps->base && strcasecmp(criteria, "all") != 0) {
		struct buf b = BUF_INIT((SSHD_INCLUDE_DEPTH + 2) *
					(SSHD_LINE_MAX + 1));

		if (buf_printf(&b, "%s %s", ps->base, criteria) < 0) {
			buf_release(&b);
			return nomem(ps);
		}
		m = keep(ps->c, b.data, b.len);
		buf_release(&b);
	} else {
		m = ps->base ? ps->base : keep(ps->c, criteria,
					       strlen(criteria));
	}
	if (!m)
		return nomem(ps);
	ps->block = ++ps->c->blocks;
	ps->match = m;
	return 0;
}

/* One line, NUL-terminated and writable in ps->line. */
/* NOLINTNEXTLINE(misc-no-recursion): SSHD_INCLUDE_DEPTH bounds it */
static int do_line(struct pstate *ps, const char *file, unsigned lineno)
{
	char kwbuf[128], *line = ps->line.data, *str, *kw;
	size_t len;
	int argc;

	line += strspn(line, " \t\r");
	len = strlen(line);
	while (len > 0 && strchr(WHITESPACE "\f", line[len - 1]))
		line[--len] = '\0';
	str = line;
	kw = strdelim(&str);
	if (kw && !*kw)
		kw = strdelim(&str);
	if (!kw || !*kw || *kw == '#')
		return 0;
	if (!str || !*str) {
		ps->c->bad_lines++; /* no argument after the keyword */
		return 0;
	}
	if (split_args(str, &ps->args, &argc) < 0) {
		ps->c->bad_lines++; /* an unterminated quote */
		return 0;
	}
	if (!sshdparse_keyword(kw, strlen(kw), kwbuf, sizeof(kwbuf))) {
		ps->c->bad_lines++; /* no keyword is that long */
		return 0;
	}
	if (IN(ignored, kwbuf))
		return 0;
	if (strcmp(kwbuf, "include") == 0 || strcmp(kwbuf, "match") == 0) {
		if (argc == 0) {
			ps->c->bad_lines++;
			return 0;
		}
		if (kwbuf[0] == 'i')
			return ps->rd ? do_include(ps, argc) : 0;
		join_args(&ps->args);
		return do_match(ps, ps->args.data);
	}
	if (IN(raw_value, kwbuf)) {
		if (strcmp(kwbuf, "versionaddendum") == 0) {
			char *hash = strchr(str, '#');

			if (hash) {
				*hash = '\0';
				len = strlen(str);
				while (len > 0 &&
				       strchr(WHITESPACE, str[len - 1]))
					str[--len] = '\0';
			}
		}
		return record(ps, kwbuf, str, file, lineno);
	}
	if (argc == 0) {
		ps->c->bad_lines++; /* only a comment after the keyword */
		return 0;
	}
	join_args(&ps->args);
	return record(ps, kwbuf, ps->args.data, file, lineno);
}

/* NOLINTNEXTLINE(misc-no-recursion): SSHD_INCLUDE_DEPTH bounds it */
static int parse_file(struct pstate *ps, const char *file, const char *text,
		      size_t len)
{
	size_t pos = 0;
	unsigned lineno = 0;
	int rc = 0;

	ps->c->files++;
	ps->stack[ps->depth++] = file;
	while (rc == 0 && pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - l) : len - pos;

		pos += n + 1;
		lineno++;
		if (n > SSHD_LINE_MAX || memchr(l, '\0', n)) {
			ps->c->bad_lines++;
			continue;
		}
		buf_reset(&ps->line);
		if (buf_add(&ps->line, l, n) < 0 ||
		    (!ps->line.data && buf_grow(&ps->line, 1) < 0)) {
			rc = nomem(ps);
			break;
		}
		rc = do_line(ps, file, lineno);
	}
	ps->depth--;
	return rc;
}

int sshdparse_text(struct sshd_config *c, const char *file, const char *text,
		   size_t len, const struct sshd_reader *rd, char *err,
		   size_t errsize)
{
	struct pstate ps;
	const char *f;
	int rc;

	memset(&ps, 0, sizeof(ps));
	ps.c = c;
	ps.rd = rd;
	ps.err = err;
	ps.errsize = errsize;
	buf_init(&ps.line, SSHD_LINE_MAX + 1);
	buf_init(&ps.args, SSHD_LINE_MAX + 1);
	f = keep(c, file, strlen(file));
	rc = f ? parse_file(&ps, f, text, len) : nomem(&ps);
	buf_release(&ps.line);
	buf_release(&ps.args);
	return rc;
}

/* ---------------------------------------------------------------- */
/* Defaults */

#define HOSTKEY_ALGS                                                          \
	"ssh-ed25519-cert-v01@openssh.com,"                                   \
	"ecdsa-sha2-nistp256-cert-v01@openssh.com,"                           \
	"ecdsa-sha2-nistp384-cert-v01@openssh.com,"                           \
	"ecdsa-sha2-nistp521-cert-v01@openssh.com,"                           \
	"sk-ssh-ed25519-cert-v01@openssh.com,"                                \
	"sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,"                        \
	"rsa-sha2-512-cert-v01@openssh.com,"                                  \
	"rsa-sha2-256-cert-v01@openssh.com,"                                  \
	"ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"                \
	"ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,"                     \
	"sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256"

/*
 * OpenSSH 9.2p1's compiled-in defaults as Debian 12 builds it
 * (1:9.2p1-2+deb12u6: PAM, GSSAPI and Kerberos built in, IPQoS kept at
 * lowdelay/throughput, DebianBanner added, the sntrup761x25519-sha512 key
 * exchange name backported), in the syntax sshd_config uses.  Sorted.
 */
static const struct {
	const char *keyword, *value;
} defaults[] = {
	{ "addressfamily", "any" },
	{ "allowagentforwarding", "yes" },
	{ "allowstreamlocalforwarding", "yes" },
	{ "allowtcpforwarding", "yes" },
	{ "authenticationmethods", "any" },
	{ "authorizedkeyscommand", "none" },
	{ "authorizedkeysfile", ".ssh/authorized_keys .ssh/authorized_keys2" },
	{ "authorizedprincipalsfile", "none" },
	{ "banner", "none" },
	{ "casignaturealgorithms",
	  "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
	  "ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,"
	  "sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256" },
	{ "chrootdirectory", "none" },
	{ "ciphers",
	  "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
	  "aes128-gcm@openssh.com,aes256-gcm@openssh.com" },
	{ "clientalivecountmax", "3" },
	{ "clientaliveinterval", "0" },
	{ "compression", "yes" },
	{ "debianbanner", "yes" },
	{ "disableforwarding", "no" },
	{ "exposeauthinfo", "no" },
	{ "fingerprinthash", "SHA256" },
	{ "forcecommand", "none" },
	{ "gatewayports", "no" },
	{ "gssapiauthentication", "no" },
	{ "gssapicleanupcredentials", "yes" },
	{ "gssapistrictacceptorcheck", "yes" },
	{ "hostbasedacceptedalgorithms", HOSTKEY_ALGS },
	{ "hostbasedauthentication", "no" },
	{ "hostbasedusesnamefrompacketonly", "no" },
	{ "hostkey", "/etc/ssh/ssh_host_rsa_key" },
	{ "hostkey", "/etc/ssh/ssh_host_ecdsa_key" },
	{ "hostkey", "/etc/ssh/ssh_host_ed25519_key" },
	{ "hostkeyalgorithms", HOSTKEY_ALGS },
	{ "ignorerhosts", "yes" },
	{ "ignoreuserknownhosts", "no" },
	{ "ipqos", "lowdelay throughput" },
	{ "kbdinteractiveauthentication", "yes" },
	{ "kerberosauthentication", "no" },
	{ "kerberosorlocalpasswd", "yes" },
	{ "kerberosticketcleanup", "yes" },
	{ "kexalgorithms",
	  "sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,"
	  "curve25519-sha256,curve25519-sha256@libssh.org,"
	  "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
	  "diffie-hellman-group-exchange-sha256,"
	  "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"
	  "diffie-hellman-group14-sha256" },
	{ "logingracetime", "120" },
	{ "loglevel", "INFO" },
	{ "macs",
	  "umac-64-etm@openssh.com,umac-128-etm@openssh.com,"
	  "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
	  "hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
	  "umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1" },
	{ "maxauthtries", "6" },
	{ "maxsessions", "10" },
	{ "maxstartups", "10:30:100" },
	{ "modulifile", "/etc/ssh/moduli" },
	{ "passwordauthentication", "yes" },
	{ "permitemptypasswords", "no" },
	{ "permitlisten", "any" },
	{ "permitopen", "any" },
	{ "permitrootlogin", "prohibit-password" },
	{ "permittty", "yes" },
	{ "permittunnel", "no" },
	{ "permituserenvironment", "no" },
	{ "permituserrc", "yes" },
	{ "persourcemaxstartups", "none" },
	{ "persourcenetblocksize", "32:128" },
	{ "pidfile", "/run/sshd.pid" },
	{ "port", "22" },
	{ "printlastlog", "yes" },
	{ "printmotd", "yes" },
	{ "pubkeyacceptedalgorithms", HOSTKEY_ALGS },
	{ "pubkeyauthentication", "yes" },
	{ "pubkeyauthoptions", "none" },
	{ "rekeylimit", "default none" },
	{ "requiredrsasize", "1024" },
	{ "revokedkeys", "none" },
	{ "securitykeyprovider", "internal" },
	{ "streamlocalbindmask", "0177" },
	{ "streamlocalbindunlink", "no" },
	{ "strictmodes", "yes" },
	{ "syslogfacility", "AUTH" },
	{ "tcpkeepalive", "yes" },
	{ "trustedusercakeys", "none" },
	{ "usedns", "no" },
	{ "usepam", "no" },
	{ "versionaddendum", "none" },
	{ "x11displayoffset", "10" },
	{ "x11forwarding", "no" },
	{ "x11uselocalhost", "yes" },
	{ "xauthlocation", "/usr/bin/xauth" },
};

int sshdparse_defaults(struct sshd_config *c, char *err, size_t errsize)
{
	size_t i;

	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		struct sshd_entry e;

		if (c->nslots &&
		    slot_find(c, 0, defaults[i].keyword)->keyword)
			continue;
		e.keyword = defaults[i].keyword;
		e.value = defaults[i].value;
		e.match = NULL;
		e.file = NULL;
		e.line = 0;
		e.is_default = true;
		if (entry_add(c, &e) < 0) {
			if (err && errsize)
				snprintf(err, errsize, "out of memory");
			return -1;
		}
	}
	return 0;
}
