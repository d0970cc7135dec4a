/* SPDX-License-Identifier: Apache-2.0 */
/*
 * secparse.c: the pure parsers of the security posture tables (see
 * secparse.h): EFI booleans, gzip and kernel .config lines, the kernel
 * command line, the lockdown mode, IMA policy rules and measurement
 * lines, capability masks and the security.capability attribute, the
 * security lines of /proc/PID/status, TPM 1.2 caps, and device-mapper
 * uuids and status replies.
 *
 * Each parser follows the kernel code that writes (or reads) the format
 * where the two could disagree: the command line is split as next_arg()
 * splits it, a capability attribute is accepted only in the sizes
 * get_vfs_caps_from_disk() accepts, and the IMA list is cut by the
 * fields each template writes after the file name.
 */
#include "tables/secparse.h"

#include <errno.h>
#include <linux/dm-ioctl.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "util/buf.h"
#include "util/lazylib.h"

static void set_err(char *err, size_t errsize, const char *msg)
{
	if (err && errsize > 0)
		snprintf(err, errsize, "%s", msg);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool all_hex(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (hexval(*s) < 0)
			return false;
	return true;
}

/* Trims blanks at both ends of s, in place; returns the new start. */
static char *trim(char *s)
{
	size_t n;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* ---------------------------------------------------------------- */
/* EFI variables */

int secparse_efivar_bool(const void *data, size_t n, uint32_t *attrs,
			 int *value, char *err, size_t errsize)
{
	const unsigned char *b = data;

	if (n < 5) {
		set_err(err, errsize, "truncated variable");
		return -1;
	}
	if (n > 5) {
		set_err(err, errsize, "bad variable size");
		return -1;
	}
	memcpy(attrs, b, sizeof(*attrs));
	*value = b[4] <= 1 ? b[4] : -1;
	return 0;
}

/* ---------------------------------------------------------------- */
/* gzip */

/*
 * zlib, loaded on first use (util/lazylib.h): only kernel_config reads a
 * gzip stream (/proc/config.gz), so other queries do not pay for loading
 * it.
 */
static struct lazylib libz = LAZYLIB_INIT("libz.so.1");

static struct {
	__typeof__(inflateInit2_) *init2;
	__typeof__(inflate) *inflate;
	__typeof__(inflateEnd) *end;
} z;

static const char *const z_names[] = { "inflateInit2_", "inflate",
				       "inflateEnd" };
_Static_assert(sizeof(z_names) / sizeof(z_names[0]) ==
		       sizeof(z) / sizeof(void *),
	       "one name per zlib function");

static int z_load(char *err, size_t errsize)
{
	if (lazylib_bind(&libz, z_names, sizeof(z_names) / sizeof(z_names[0]),
			 &z) < 0) {
		set_err(err, errsize, libz.err);
		return -1;
	}
	return 0;
}

int secparse_gunzip(const void *in, size_t n, struct buf *out, char *err,
		    size_t errsize)
{
	unsigned char chunk[16384];
	const unsigned char *b = in;
	z_stream zs;
	int zrc;

	buf_reset(out);
	if (n < 18 || b[0] != 0x1f || b[1] != 0x8b) {
		set_err(err, errsize, "not gzip data");
		return -1;
	}
	if (z_load(err, errsize) < 0)
		return -1;
	memset(&zs, 0, sizeof(zs));
	/* 15 + 16: a 32 KiB window, and a gzip header and trailer (what
	 * zlib's inflateInit2 macro expands to). */
	if (z.init2(&zs, 15 + 16, ZLIB_VERSION, (int)sizeof(zs)) != Z_OK) {
		set_err(err, errsize, "out of memory");
		return -1;
	}
	zs.next_in = (unsigned char *)(uintptr_t)b;
	zs.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
	for (;;) {
		size_t got;

		zs.next_out = chunk;
		zs.avail_out = sizeof(chunk);
		zrc = z.inflate(&zs, Z_NO_FLUSH);
		got = sizeof(chunk) - zs.avail_out;
		if (got > 0 && buf_add(out, chunk, got) < 0) {
			set_err(err, errsize, errno == E2BIG
					? "inflated data too large"
					: "out of memory");
			goto fail;
		}
		if (zrc == Z_STREAM_END)
			break;
		if (zrc == Z_BUF_ERROR && zs.avail_in == 0) {
			set_err(err, errsize, "truncated gzip data");
			goto fail;
		}
		if (zrc == Z_MEM_ERROR) {
			set_err(err, errsize, "out of memory");
			goto fail;
		}
		if (zrc != Z_OK) {
			set_err(err, errsize, "corrupt gzip data");
			goto fail;
		}
	}
	z.end(&zs);
	return 0;
fail:
	z.end(&zs);
	buf_reset(out);
	return -1;
}

/* ---------------------------------------------------------------- */
/* Kernel .config lines */

/* "CONFIG_" and at least one more letter, digit or underscore. */
static bool valid_symbol(const char *s)
{
	if (strncmp(s, "CONFIG_", 7) != 0 || !s[7])
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* Undoes a Kconfig string's quotes and escapes in place; 0 or -1. */
static int unquote(char *s)
{
	char *r = s + 1, *w = s;

	for (; *r && *r != '"'; r++) {
		if (*r == '\\' && r[1])
			r++;
		*w++ = *r;
	}
	if (*r != '"')
		return -1;
	/* Text after the closing quote is not part of the value. */
	*w = '\0';
	return 0;
}

int secparse_kconfig_line(char *line, char **name, char **value, char *err,
			  size_t errsize)
{
	char *s = trim(line), *eq, *v;
	static const char unset[] = " is not set";

	*name = *value = NULL;
	if (*s == '#') {
		/* "# CONFIG_X is not set"; any other comment holds nothing. */
		size_t len;

		s = trim(s + 1);
		if (strncmp(s, "CONFIG_", 7) != 0)
			return 0;
		len = strlen(s);
		if (len <= sizeof(unset) - 1 ||
		    strcmp(s + len - (sizeof(unset) - 1), unset) != 0)
			return 0;
		s[len - (sizeof(unset) - 1)] = '\0';
		s = trim(s);
		if (!valid_symbol(s)) {
			set_err(err, errsize, "bad option name");
			return -1;
		}
		*name = s;
		*value = (char *)"n";
		return 1;
	}
	if (*s == '\0')
		return 0;
	if (strncmp(s, "CONFIG_", 7) != 0) {
		set_err(err, errsize, "bad option name");
		return -1;
	}
	eq = strchr(s, '=');
	if (!eq) {
		set_err(err, errsize, "missing '='");
		return -1;
	}
	*eq = '\0';
	s = trim(s);
	if (!valid_symbol(s)) {
		set_err(err, errsize, "bad option name");
		return -1;
	}
	v = trim(eq + 1);
	if (*v == '"' && unquote(v) < 0) {
		set_err(err, errsize, "unterminated string");
		return -1;
	}
	*name = s;
	*value = v;
	return 1;
}

/* ---------------------------------------------------------------- */
/* The kernel command line */

int secparse_cmdline_next(char **cursor, char **name, char **value)
{
	char *args = *cursor, *eq = NULL;
	bool in_quote = false, quoted = false;
	size_t i;

	*name = *value = NULL;
	if (!args)
		return 0;
	while (is_blank(*args))
		args++;
	if (!*args) {
		*cursor = args;
		return 0;
	}
	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (is_blank(args[i]) && !in_quote)
			break;
		/* As in the kernel, a '=' that starts the parameter is part
		 * of its name ("=a=b" is "=a" set to "b"). */
		if (!eq && i > 0 && args[i] == '=')
			eq = args + i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*name = args;
	if (eq) {
		*eq = '\0';
		*value = eq + 1;
		/* A quoted value loses its quotes. */
		if (**value == '"') {
			(*value)++;
			if (i > 0 && args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		*cursor = args + i + 1;
	} else {
		*cursor = args + i;
	}
	return 1;
}

/* ---------------------------------------------------------------- */
/* Lockdown */

int secparse_lockdown(const char *s, size_t n, char *out, size_t size,
		      char *err, size_t errsize)
{
	const char *open = memchr(s, '[', n), *close, *p;
	size_t len;

	if (!open ||
	    !(close = memchr(open, ']', n - (size_t)(open - s)))) {
		set_err(err, errsize, "no active mode");
		return -1;
	}
	len = (size_t)(close - open - 1);
	if (len == 0 || len >= size) {
		set_err(err, errsize, "bad mode");
		return -1;
	}
	for (p = open + 1; p < close; p++)
		if (!(*p >= 'a' && *p <= 'z')) {
			set_err(err, errsize, "bad mode");
			return -1;
		}
	memcpy(out, open + 1, len);
	out[len] = '\0';
	return 0;
}

/* ---------------------------------------------------------------- */
/* IMA */

/* Cuts the next blank-separated word off *cursor; NULL at the end. */
static char *next_word(char **cursor)
{
	char *s = *cursor, *start;

	while (*s && is_blank(*s))
		s++;
	if (!*s) {
		*cursor = s;
		return NULL;
	}
	start = s;
	while (*s && !is_blank(*s))
		s++;
	if (*s)
		*s++ = '\0';
	*cursor = s;
	return start;
}


/* The span conditions of struct secparse_ima_rule, by name. */
static const struct {
	const char *key;
	size_t off;
} ima_keys[] = {
	{ "func", offsetof(struct secparse_ima_rule, func) },
	{ "mask", offsetof(struct secparse_ima_rule, mask) },
	{ "fsmagic", offsetof(struct secparse_ima_rule, fsmagic) },
	{ "fsname", offsetof(struct secparse_ima_rule, fsname) },
	{ "fsuuid", offsetof(struct secparse_ima_rule, fsuuid) },
	{ "pcr", offsetof(struct secparse_ima_rule, pcr) },
	{ "template", offsetof(struct secparse_ima_rule, template_fmt) },
	{ "appraise_type", offsetof(struct secparse_ima_rule, appraise_type) },
};

int secparse_ima_rule(char *line, struct secparse_ima_rule *r, char *err,
		      size_t errsize)
{
	char *cursor, *w, *out;
	const char *a;
	size_t k;

	memset(r, 0, sizeof(*r));
	cursor = trim(line);
	if (*cursor == '\0' || *cursor == '#')
		return 0;
	r->action = next_word(&cursor);
	for (a = r->action; *a; a++)
		if (!((*a >= 'a' && *a <= 'z') || *a == '_')) {
			set_err(err, errsize, "bad action");
			return -1;
		}
	/*
	 * The conditions are moved down in place, joined by single spaces.
	 * The output never passes the input: each word is copied to a place
	 * at or before where it was, and the space written after it lands
	 * on or before the NUL that ended it.
	 */
	r->conditions = out = cursor;
	while ((w = next_word(&cursor)) != NULL) {
		size_t wl = strlen(w);
		const char *eq;

		if (out != r->conditions)
			*out++ = ' ';
		memmove(out, w, wl);
		w = out;
		out += wl;
		eq = memchr(w, '=', wl);
		if (eq == w) {
			set_err(err, errsize, "empty condition");
			return -1;
		}
		if (!eq)
			continue; /* a flag such as permit_directio */
		for (k = 0; k < sizeof(ima_keys) / sizeof(ima_keys[0]); k++) {
			size_t kl = strlen(ima_keys[k].key);
			struct secparse_span *sp;

			if ((size_t)(eq - w) != kl ||
			    strncmp(w, ima_keys[k].key, kl) != 0)
				continue;
			sp = (struct secparse_span *)(void *)((char *)r +
							      ima_keys[k].off);
			sp->p = eq + 1;
			sp->n = wl - kl - 1;
			break;
		}
	}
	*out = '\0';
	return 1;
}

/*
 * The template data fields of the templates the kernel defines, in order
 * (security/integrity/ima/ima_template.c).  A custom template is named by
 * its format string itself ("d-ng|n-ng|sig"), which is read the same way.
 */
static const struct {
	const char *name;
	const char *fmt;
} ima_templates[] = {
	{ "ima", "d|n" },
	{ "ima-ng", "d-ng|n-ng" },
	{ "ima-ngv2", "d-ngv2|n-ng" },
	{ "ima-sig", "d-ng|n-ng|sig" },
	{ "ima-sigv2", "d-ngv2|n-ng|sig" },
	{ "ima-buf", "d-ng|n-ng|buf" },
	{ "ima-modsig", "d-ng|n-ng|sig|d-modsig|modsig" },
	{ "evm-sig",
	  "d-ng|n-ng|evmsig|xattrnames|xattrlengths|xattrvalues|iuid|igid|imode" },
};

#define IMA_MAX_FIELDS 16
#define IMA_FIELD_MAX 16

/* Splits a template format into field ids; returns how many, or -1. */
static int ima_fields(const char *fmt, char ids[IMA_MAX_FIELDS][IMA_FIELD_MAX])
{
	int nf = 0;

	while (*fmt) {
		size_t len = strcspn(fmt, "|");

		if (nf == IMA_MAX_FIELDS || len == 0 || len >= IMA_FIELD_MAX)
			return -1;
		memcpy(ids[nf], fmt, len);
		ids[nf][len] = '\0';
		nf++;
		fmt += len;
		if (*fmt == '|')
			fmt++;
	}
	return nf;
}

/* Reads a digest field into e; 0 or -1. */
static int ima_digest(char *f, const char *id, struct secparse_ima_entry *e)
{
	char *colon;

	if (strcmp(id, "d") == 0) {
		if (!all_hex(f))
			return -1;
		e->hash_algo = (char *)"sha1";
		e->digest = f;
		return 0;
	}
	/* d-ng "sha256:<hex>", d-ngv2 "ima:sha256:<hex>". */
	colon = strrchr(f, ':');
	if (!colon || colon == f || !all_hex(colon + 1))
		return -1;
	*colon = '\0';
	e->hash_algo = f;
	e->digest = colon + 1;
	return 0;
}

int secparse_ima_entry(char *line, struct secparse_ima_entry *e, char *err,
		       size_t errsize)
{
	char ids[IMA_MAX_FIELDS][IMA_FIELD_MAX], *f[IMA_MAX_FIELDS];
	char *cursor = line, *w, *data, *end;
	const char *fmt = NULL;
	int nf, ni = -1, i, pcr = 0;
	size_t k, len;

	memset(e, 0, sizeof(*e));
	/* Only the newline goes: a trailing space ends an empty field. */
	len = strlen(line);
	if (len > 0 && line[len - 1] == '\n')
		line[--len] = '\0';

	w = next_word(&cursor);
	if (!w || strlen(w) > 4) {
		set_err(err, errsize, "bad pcr");
		return -1;
	}
	for (; *w; w++) {
		if (*w < '0' || *w > '9') {
			set_err(err, errsize, "bad pcr");
			return -1;
		}
		pcr = pcr * 10 + (*w - '0');
	}
	e->pcr = pcr;
	w = next_word(&cursor);
	if (!w || !all_hex(w)) {
		set_err(err, errsize, "bad template hash");
		return -1;
	}
	e->template_hash = w;
	/* The template name is followed by exactly one space, then data. */
	data = cursor;
	while (*data && is_blank(*data))
		data++;
	w = data;
	while (*data && *data != ' ')
		data++;
	if (w == data) {
		set_err(err, errsize, "missing template");
		return -1;
	}
	if (*data)
		*data++ = '\0';
	e->template_name = w;

	for (k = 0; k < sizeof(ima_templates) / sizeof(ima_templates[0]); k++)
		if (strcmp(w, ima_templates[k].name) == 0)
			fmt = ima_templates[k].fmt;
	if (!fmt && strchr(w, '|'))
		fmt = w;
	if (!fmt) {
		/* Unknown: a prefixed digest and a name is the usual shape. */
		fmt = "d-ng|n-ng";
	}
	nf = ima_fields(fmt, ids);
	if (nf < 0) {
		nf = 2;
		memcpy(ids[0], "d-ng", 5);
		memcpy(ids[1], "n-ng", 5);
	}
	for (i = 0; i < nf; i++)
		if (ni < 0 && (strcmp(ids[i], "n") == 0 ||
			       strcmp(ids[i], "n-ng") == 0))
			ni = i;

	/* Fields before the name hold no spaces: cut them from the front. */
	for (i = 0; i < (ni < 0 ? nf : ni); i++) {
		char *sp = strchr(data, ' ');

		f[i] = data;
		if (sp) {
			*sp = '\0';
			data = sp + 1;
		} else if (i + 1 < nf) {
			set_err(err, errsize, "missing field");
			return -1;
		} else {
			data += strlen(data);
		}
	}
	if (ni >= 0) {
		/* Fields after it hold none either: cut them from the back. */
		end = data + strlen(data);
		for (i = nf - 1; i > ni; i--) {
			char *sp = end;

			while (sp > data && sp[-1] != ' ')
				sp--;
			if (sp == data) {
				set_err(err, errsize, "missing field");
				return -1;
			}
			f[i] = sp;
			sp[-1] = '\0';
			end = sp - 1;
		}
		f[ni] = data;
	}

	for (i = 0; i < nf; i++) {
		const char *id = ids[i];

		if (strcmp(id, "d") == 0 || strcmp(id, "d-ng") == 0 ||
		    strcmp(id, "d-ngv2") == 0) {
			if (e->digest)
				continue;
			if (ima_digest(f[i], id, e) < 0) {
				set_err(err, errsize, "bad digest");
				return -1;
			}
		} else if (i == ni) {
			e->path = f[i];
		} else if ((strcmp(id, "sig") == 0 ||
			    strcmp(id, "evmsig") == 0) &&
			   !e->signature && f[i][0]) {
			e->signature = f[i];
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* Capabilities */

/* The names libcap gives, by number (linux/capability.h, Linux 5.9+). */
static const char *const cap_names[SECPARSE_CAP_NAMED] = {
	"cap_chown",
	"cap_dac_override",
	"cap_dac_read_search",
	"cap_fowner",
	"cap_fsetid",
	"cap_kill",
	"cap_setgid",
	"cap_setuid",
	"cap_setpcap",
	"cap_linux_immutable",
	"cap_net_bind_service",
	"cap_net_broadcast",
	"cap_net_admin",
	"cap_net_raw",
	"cap_ipc_lock",
	"cap_ipc_owner",
	"cap_sys_module",
	"cap_sys_rawio",
	"cap_sys_chroot",
	"cap_sys_ptrace",
	"cap_sys_pacct",
	"cap_sys_admin",
	"cap_sys_boot",
	"cap_sys_nice",
	"cap_sys_resource",
	"cap_sys_time",
	"cap_sys_tty_config",
	"cap_mknod",
	"cap_lease",
	"cap_audit_write",
	"cap_audit_control",
	"cap_setfcap",
	"cap_mac_override",
	"cap_mac_admin",
	"cap_syslog",
	"cap_wake_alarm",
	"cap_block_suspend",
	"cap_audit_read",
	"cap_perfmon",
	"cap_bpf",
	"cap_checkpoint_restore",
};

const char *secparse_cap_name(unsigned cap)
{
	return cap < SECPARSE_CAP_NAMED ? cap_names[cap] : NULL;
}

int secparse_cap_mask(const char *s, size_t n, uint64_t *mask)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 16)
		return -1;
	for (i = 0; i < n; i++) {
		int d = hexval(s[i]);

		if (d < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	*mask = v;
	return 0;
}

int secparse_cap_names(uint64_t mask, char *out, size_t size)
{
	size_t len = 0;
	unsigned cap;

	if (size == 0)
		return -1;
	out[0] = '\0';
	for (cap = 0; cap < 64; cap++) {
		char num[4];
		const char *name;
		size_t nl;

		if (!(mask & ((uint64_t)1 << cap)))
			continue;
		name = secparse_cap_name(cap);
		if (!name) {
			snprintf(num, sizeof(num), "%u", cap);
			name = num;
		}
		nl = strlen(name);
		if (len + (len > 0) + nl + 1 > size) {
			out[0] = '\0';
			return -1;
		}
		if (len > 0)
			out[len++] = ',';
		memcpy(out + len, name, nl + 1);
		len += nl;
	}
	return 0;
}

static uint32_t le32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

int secparse_vfs_cap(const void *v, size_t n, struct secparse_fcap *c,
		     char *err, size_t errsize)
{
	const unsigned char *b = v;
	uint32_t magic;
	size_t want;

	memset(c, 0, sizeof(*c));
	c->rootid = -1;
	if (n < 4) {
		set_err(err, errsize, "truncated attribute");
		return -1;
	}
	magic = le32(b);
	switch (magic & 0xff000000u) {
	case 0x01000000u:
		c->revision = 1;
		want = 12;
		break;
	case 0x02000000u:
		c->revision = 2;
		want = 20;
		break;
	case 0x03000000u:
		c->revision = 3;
		want = 24;
		break;
	default:
		set_err(err, errsize, "bad revision");
		return -1;
	}
	if (n != want) {
		set_err(err, errsize, n < want ? "truncated attribute"
					       : "bad size for revision");
		return -1;
	}
	c->effective = (magic & 1u) != 0;
	c->permitted = le32(b + 4);
	c->inheritable = le32(b + 8);
	if (c->revision >= 2) {
		c->permitted |= (uint64_t)le32(b + 12) << 32;
		c->inheritable |= (uint64_t)le32(b + 16) << 32;
	}
	if (c->revision == 3)
		c->rootid = le32(b + 20);
	return 0;
}

/* ---------------------------------------------------------------- */
/* /proc/PID/status */

/* Parses a whole decimal field [s, s + n) into *out; 0 or -1. */
static int parse_dec(const char *s, size_t n, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	if (n == 0 || n > 18)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int secparse_proc_status(const char *s, size_t len,
			 struct secparse_procsec *ps)
{
	static const struct {
		const char *key;
		unsigned bit;
	} caps[] = {
		{ "CapInh", SECPARSE_PS_CAPINH }, { "CapPrm", SECPARSE_PS_CAPPRM },
		{ "CapEff", SECPARSE_PS_CAPEFF }, { "CapBnd", SECPARSE_PS_CAPBND },
		{ "CapAmb", SECPARSE_PS_CAPAMB },
	};
	uint64_t *capv[] = { &ps->cap_inh, &ps->cap_prm, &ps->cap_eff,
			     &ps->cap_bnd, &ps->cap_amb };
	const char *end = s + len, *line, *next;

	memset(ps, 0, sizeof(*ps));
	for (line = s; line < end; line = next) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *colon, *v, *ve;
		size_t klen, i;
		int64_t num;

		next = nl ? nl + 1 : end;
		ve = nl ? nl : end;
		colon = memchr(line, ':', (size_t)(ve - line));
		if (!colon)
			continue;
		klen = (size_t)(colon - line);
		v = colon + 1;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		while (ve > v && is_blank(ve[-1]))
			ve--;

		for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
			if (klen == 6 && memcmp(line, caps[i].key, 6) == 0 &&
			    secparse_cap_mask(v, (size_t)(ve - v), capv[i]) == 0)
				ps->have |= caps[i].bit;
		if (klen == 10 && memcmp(line, "NoNewPrivs", 10) == 0 &&
		    parse_dec(v, (size_t)(ve - v), &num) == 0 && num <= 1) {
			ps->no_new_privs = (int)num;
			ps->have |= SECPARSE_PS_NNP;
		} else if (klen == 7 && memcmp(line, "Seccomp", 7) == 0 &&
			   parse_dec(v, (size_t)(ve - v), &num) == 0 &&
			   num <= 2) {
			ps->seccomp = (int)num;
			ps->have |= SECPARSE_PS_SECCOMP;
		} else if (klen == 15 &&
			   memcmp(line, "Seccomp_filters", 15) == 0 &&
			   parse_dec(v, (size_t)(ve - v), &num) == 0) {
			ps->seccomp_filters = num;
			ps->have |= SECPARSE_PS_FILTERS;
		} else if (klen == 3 && memcmp(line, "Uid", 3) == 0) {
			/* "Uid:\treal\teffective\tsaved\tfs" */
			const char *a = v, *b;

			while (a < ve && *a != '\t' && *a != ' ')
				a++;
			while (a < ve && (*a == '\t' || *a == ' '))
				a++;
			b = a;
			while (b < ve && *b != '\t' && *b != ' ')
				b++;
			if (parse_dec(a, (size_t)(b - a), &num) == 0) {
				ps->euid = num;
				ps->have |= SECPARSE_PS_EUID;
			}
		}
	}
	return ps->have ? 0 : -1;
}

const char *secparse_seccomp_mode(int mode)
{
	static const char *const modes[] = { "disabled", "strict", "filter" };

	return mode >= 0 && mode <= 2 ? modes[mode] : NULL;
}

/* ---------------------------------------------------------------- */
/* TPM 1.2 caps */

/* Copies the value of the line starting with key into out; 0 or -1. */
static int line_value(const char *s, size_t n, const char *key, char *out,
		      size_t size)
{
	size_t kl = strlen(key);
	const char *p = s, *end = s + n;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		if ((size_t)(le - p) > kl && memcmp(p, key, kl) == 0) {
			const char *v = p + kl;
			size_t vl;

			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			while (le > v && is_blank(le[-1]))
				le--;
			vl = (size_t)(le - v);
			if (vl >= size)
				vl = size - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return 0;
		}
		p = nl ? nl + 1 : end;
	}
	return -1;
}

int secparse_tpm_caps(const char *s, size_t n, char *vendor,
		      char *tcg_version, char *firmware, size_t vsize,
		      char *err, size_t errsize)
{
	char hex[32] = "", *p;
	uint64_t id = 0;
	unsigned char b[4];
	size_t i, len;
	bool printable = true;

	if (vsize < 12) {
		set_err(err, errsize, "no manufacturer");
		return -1;
	}
	vendor[0] = tcg_version[0] = firmware[0] = '\0';
	if (line_value(s, n, "Manufacturer:", hex, sizeof(hex)) < 0 ||
	    strncmp(hex, "0x", 2) != 0 ||
	    secparse_cap_mask(hex + 2, strlen(hex + 2), &id) < 0 ||
	    id > UINT32_MAX) {
		set_err(err, errsize, "no manufacturer");
		return -1;
	}
	b[0] = (unsigned char)(id >> 24);
	b[1] = (unsigned char)(id >> 16);
	b[2] = (unsigned char)(id >> 8);
	b[3] = (unsigned char)id;
	len = 4;
	while (len > 0 && (b[len - 1] == ' ' || b[len - 1] == '\0'))
		len--;
	for (i = 0; i < len; i++)
		if (b[i] < 0x21 || b[i] > 0x7e)
			printable = false;
	if (printable && len > 0) {
		memcpy(vendor, b, len);
		vendor[len] = '\0';
	} else {
		snprintf(vendor, vsize, "0x%08x", (unsigned)id);
	}
	if (line_value(s, n, "TCG version:", tcg_version, vsize) < 0)
		tcg_version[0] = '\0';
	if (line_value(s, n, "Firmware version:", firmware, vsize) < 0)
		firmware[0] = '\0';
	for (p = tcg_version; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
	for (p = firmware; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
	return 0;
}

/* ---------------------------------------------------------------- */
/* device-mapper */

const char *secparse_dm_uuid_target(const char *uuid)
{
	static const char *const crypt[] = {
		"LUKS1-", "LUKS2-", "PLAIN-", "LOOPAES-", "TCRYPT-", "BITLK-",
		"FVAULT2-",
	};
	size_t i;

	if (strncmp(uuid, "CRYPT-", 6) != 0)
		return NULL;
	uuid += 6;
	if (strncmp(uuid, "VERITY-", 7) == 0)
		return "verity";
	if (strncmp(uuid, "INTEGRITY-", 10) == 0 ||
	    strncmp(uuid, "SUBDEV-", 7) == 0)
		return "integrity";
	for (i = 0; i < sizeof(crypt) / sizeof(crypt[0]); i++)
		if (strncmp(uuid, crypt[i], strlen(crypt[i])) == 0)
			return "crypt";
	return NULL;
}

/* True when the comma-separated list holds name. */
static bool list_has(const char *list, const char *name)
{
	size_t nl = strlen(name);

	while (*list) {
		size_t l = strcspn(list, ",");

		if (l == nl && strncmp(list, name, nl) == 0)
			return true;
		list += l;
		if (*list == ',')
			list++;
	}
	return false;
}

int secparse_dm_status(const void *buf, size_t n, uint32_t count,
		       uint32_t data_start, char *types, size_t tsize,
		       char *verity, char *err, size_t errsize)
{
	const unsigned char *b = buf;
	size_t off = data_start, len = 0;
	uint32_t i;

	*verity = 0;
	if (tsize == 0) {
		set_err(err, errsize, "types too long");
		return -1;
	}
	types[0] = '\0';
	for (i = 0; i < count; i++) {
		struct dm_target_spec spec;
		char type[sizeof(spec.target_type) + 1];
		const unsigned char *params;
		size_t tl;

		if (off > n || n - off < sizeof(spec)) {
			set_err(err, errsize, "truncated target");
			return -1;
		}
		memcpy(&spec, b + off, sizeof(spec));
		tl = strnlen(spec.target_type, sizeof(spec.target_type));
		memcpy(type, spec.target_type, tl);
		type[tl] = '\0';
		params = b + off + sizeof(spec);
		if (!memchr(params, '\0', n - off - sizeof(spec))) {
			set_err(err, errsize, "truncated target");
			return -1;
		}
		if (tl > 0 && !list_has(types, type)) {
			if (len + (len > 0) + tl + 1 > tsize) {
				set_err(err, errsize, "types too long");
				return -1;
			}
			if (len > 0)
				types[len++] = ',';
			memcpy(types + len, type, tl + 1);
			len += tl;
		}
		if (strcmp(type, "verity") == 0 && !*verity &&
		    (params[0] == 'V' || params[0] == 'C'))
			*verity = (char)params[0];
		if (i + 1 < count) {
			size_t next = (size_t)data_start + spec.next;

			if (next <= off) {
				set_err(err, errsize, "bad target offset");
				return -1;
			}
			off = next;
		}
	}
	return 0;
}
