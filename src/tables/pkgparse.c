/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pkgparse.c: the deb822 paragraph and field scanner, and on top of it the
 * dpkg status, apt sources, Release and Python metadata parsers; the
 * package.json reader (Jansson).  See pkgparse.h for the rules.
 *
 * The scanner works on the caller's bytes in place: it finds line ends
 * with memchr and hands out spans, so a 1 MiB value costs one pass and no
 * copy, and a dpkg status file of a thousand packages is read in one sweep
 * with nothing allocated.
 */
#include "tables/pkgparse.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

static void set_err(char *err, size_t errsize, const char *msg)
{
	if (err && errsize)
		snprintf(err, errsize, "%s", msg);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

/* The line starting at b[i]: its length without the newline, and where
 * the next line starts. */
static size_t line_at(const char *b, size_t len, size_t i, size_t *next)
{
	const char *nl = memchr(b + i, '\n', len - i);
	size_t ll = nl ? (size_t)(nl - (b + i)) : len - i;

	*next = i + ll + (nl ? 1 : 0);
	return ll;
}

static bool blank_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_blank(s[i]))
			return false;
	return true;
}

static struct pkg_span trim(const char *s, size_t n)
{
	struct pkg_span r;

	while (n && (is_space(*s))) {
		s++;
		n--;
	}
	while (n && is_space(s[n - 1]))
		n--;
	r.p = s;
	r.n = n;
	return r;
}

/* Case-insensitive comparison of a field name with a known one. */
static bool name_is(const struct pkg_span *name, const char *want, size_t n)
{
	return name->n == n && strncasecmp(name->p, want, n) == 0;
}

#define NAME_IS(span, lit) name_is((span), (lit), sizeof(lit) - 1)

bool pkg_span_eq(const struct pkg_span *a, const char *s)
{
	size_t n = strlen(s);

	return a->p && a->n == n && memcmp(a->p, s, n) == 0;
}

bool pkg_word_next(struct pkg_span *list, struct pkg_span *word)
{
	const char *p = list->p, *e, *start;

	if (!p)
		return false;
	e = p + list->n;
	while (p < e) {
		if (*p == '\n') {
			p++;
			if (p < e && *p == '#') {
				const char *nl = memchr(p, '\n', (size_t)(e - p));

				p = nl ? nl : e;
			}
			continue;
		}
		if (!is_space(*p))
			break;
		p++;
	}
	if (p >= e) {
		list->p = e;
		list->n = 0;
		return false;
	}
	start = p;
	while (p < e && !is_space(*p))
		p++;
	word->p = start;
	word->n = (size_t)(p - start);
	list->p = p;
	list->n = (size_t)(e - p);
	return true;
}

bool pkg_deb822_next(const char *buf, size_t len, size_t *pos, unsigned flags,
		     struct pkg_span *para)
{
	size_t i = *pos, next, ll, start;

	/* Skip the blank and comment lines before the paragraph. */
	while (i < len) {
		ll = line_at(buf, len, i, &next);
		if (!blank_line(buf + i, ll) &&
		    !((flags & PKG_DEB822_COMMENTS) && buf[i] == '#'))
			break;
		i = next;
	}
	if (i >= len) {
		*pos = len;
		return false;
	}
	start = i;
	while (i < len) {
		ll = line_at(buf, len, i, &next);
		if (blank_line(buf + i, ll))
			break;
		i = next;
	}
	para->p = buf + start;
	para->n = i - start;
	*pos = i;
	return true;
}

bool pkg_field_next(const struct pkg_span *para, size_t *pos, unsigned flags,
		    struct pkg_field *f)
{
	const char *b = para->p;
	size_t len = para->n, i = *pos, next, ll;

	if (!b)
		return false;
	while (i < len) {
		const char *line = b + i, *colon, *vs, *ve;
		size_t j, nj, lj, last;

		ll = line_at(b, len, i, &next);
		/* A continuation with no field before it, or an empty line. */
		if (ll == 0 || line[0] == ' ' || line[0] == '\t' ||
		    ((flags & PKG_DEB822_COMMENTS) && line[0] == '#')) {
			i = next;
			continue;
		}
		colon = memchr(line, ':', ll);
		if (!colon) {
			i = next;
			continue;
		}
		f->name = trim(line, (size_t)(colon - line));
		if (f->name.n == 0) {
			i = next;
			continue;
		}
		vs = colon + 1;
		ve = line + ll;
		while (vs < ve && (*vs == ' ' || *vs == '\t'))
			vs++;
		/* Continuation lines, and comments among them.  The value ends
		 * with the last continuation; a comment after it is looked at
		 * again by the next call (and skipped). */
		last = next;
		for (j = next; j < len; j = nj) {
			lj = line_at(b, len, j, &nj);
			if (lj > 0 && (b[j] == ' ' || b[j] == '\t')) {
				ve = b + j + lj;
				last = nj;
				continue;
			}
			if ((flags & PKG_DEB822_COMMENTS) && lj > 0 &&
			    b[j] == '#')
				continue;
			break;
		}
		while (ve > vs && is_blank(ve[-1]))
			ve--;
		f->value.p = vs;
		f->value.n = (size_t)(ve - vs);
		*pos = last;
		return true;
	}
	*pos = len;
	return false;
}

struct pkg_span pkg_value_first_line(const struct pkg_span *value)
{
	const char *nl;
	struct pkg_span r = { NULL, 0 };

	if (!value->p)
		return r;
	nl = memchr(value->p, '\n', value->n);
	return trim(value->p, nl ? (size_t)(nl - value->p) : value->n);
}

/* ---- dpkg ---- */

int pkg_dpkg_parse(const struct pkg_span *para, const char *name,
		   struct pkg_dpkg *out, char *err, size_t errsize)
{
	struct pkg_field f;
	struct pkg_span *slot;
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	while (pkg_field_next(para, &pos, 0, &f)) {
		slot = NULL;
		/* Dispatch on the length first: one strncasecmp a field. */
		switch (f.name.n) {
		case 6:
			if (NAME_IS(&f.name, "Status"))
				slot = &out->status;
			else if (NAME_IS(&f.name, "Source"))
				slot = &out->source;
			break;
		case 7:
			if (NAME_IS(&f.name, "Package"))
				slot = &out->package;
			else if (NAME_IS(&f.name, "Version"))
				slot = &out->version;
			else if (NAME_IS(&f.name, "Section"))
				slot = &out->section;
			break;
		case 8:
			if (NAME_IS(&f.name, "Priority"))
				slot = &out->priority;
			break;
		case 10:
			if (NAME_IS(&f.name, "Maintainer"))
				slot = &out->maintainer;
			else if (NAME_IS(&f.name, "Multi-Arch"))
				slot = &out->multi_arch;
			break;
		case 12:
			if (NAME_IS(&f.name, "Architecture"))
				slot = &out->architecture;
			break;
		case 14:
			if (NAME_IS(&f.name, "Installed-Size"))
				slot = &out->installed_size;
			break;
		default:
			break;
		}
		if (!slot || slot->p)
			continue;
		*slot = pkg_value_first_line(&f.value);
		if (slot == &out->package && name &&
		    !pkg_span_eq(&out->package, name))
			return 1;
	}
	if (!out->package.p) {
		set_err(err, errsize, "no Package field");
		return -1;
	}
	return 0;
}

int pkg_dpkg_status(const struct pkg_span *status, char *dst, size_t size,
		    struct pkg_span *state)
{
	struct pkg_span list = *status, w[4];
	size_t n = 0, i, used = 0;

	while (n < 4 && pkg_word_next(&list, &w[n]))
		n++;
	if (n != 3)
		return -1;
	for (i = 0; i < 3; i++) {
		/* The word, the space before it, and room for the NUL. */
		if (used + (i ? 1 : 0) + w[i].n + 1 > size)
			return -1;
		if (i)
			dst[used++] = ' ';
		memcpy(dst + used, w[i].p, w[i].n);
		used += w[i].n;
	}
	dst[used] = '\0';
	if (state)
		*state = w[2];
	return 0;
}

void pkg_dpkg_version(const struct pkg_span *version, struct pkg_span *shown,
		      struct pkg_span *revision)
{
	const char *p = version->p, *colon, *rest, *hy;
	size_t n = version->n, i;
	bool zero = true;

	*shown = *version;
	revision->p = p ? p + n : NULL;
	revision->n = 0;
	if (!p)
		return;
	rest = p;
	colon = memchr(p, ':', n);
	if (colon && colon > p) {
		for (i = 0; p + i < colon; i++) {
			if (p[i] < '0' || p[i] > '9')
				break;
			if (p[i] != '0')
				zero = false;
		}
		if (p + i == colon) {
			rest = colon + 1;
			/* dpkg-query shows a zero epoch only when the rest
			 * holds a colon of its own. */
			if (zero && !memchr(rest, ':', (size_t)(p + n - rest))) {
				shown->p = rest;
				shown->n = (size_t)(p + n - rest);
			}
		}
	}
	hy = memrchr(rest, '-', (size_t)(p + n - rest));
	if (hy) {
		revision->p = hy + 1;
		revision->n = (size_t)(p + n - (hy + 1));
	}
}

struct pkg_span pkg_dpkg_source_name(const struct pkg_span *source)
{
	struct pkg_span r = { NULL, 0 };
	size_t i;

	if (!source->p)
		return r;
	r = trim(source->p, source->n);
	for (i = 0; i < r.n; i++)
		if (is_space(r.p[i]) || r.p[i] == '(')
			break;
	r.n = i;
	return r;
}

bool pkg_dpkg_name_ok(const struct pkg_span *name)
{
	size_t i;

	if (!name->p || name->n == 0 || name->n > 255)
		return false;
	if ((name->n == 1 && name->p[0] == '.') ||
	    (name->n == 2 && name->p[0] == '.' && name->p[1] == '.'))
		return false;
	for (i = 0; i < name->n; i++) {
		char c = name->p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '-' ||
		      c == '.' || c == ':' || c == '_'))
			return false;
	}
	return true;
}

int pkg_parse_u64(const struct pkg_span *s, uint64_t *v)
{
	uint64_t r = 0;
	size_t i;

	if (!s->p || s->n == 0)
		return -1;
	for (i = 0; i < s->n; i++) {
		uint64_t d;

		if (s->p[i] < '0' || s->p[i] > '9')
			return -1;
		d = (uint64_t)(s->p[i] - '0');
		if (r > (UINT64_MAX - d) / 10)
			return -1;
		r = r * 10 + d;
	}
	*v = r;
	return 0;
}

/* ---- apt sources ---- */

static void apt_init(struct pkg_apt_source *out)
{
	memset(out, 0, sizeof(*out));
	out->trusted = -1;
	out->allow_insecure = -1;
	out->allow_weak = -1;
	out->allow_downgrade_to_insecure = -1;
	out->enabled = true;
}

int pkg_apt_bool(const struct pkg_span *v)
{
	static const char *const yes[] = { "yes", "true", "with", "on",
					   "enable", "1" };
	static const char *const no[] = { "no", "false", "without", "off",
					  "disable", "0" };
	struct pkg_span t;
	size_t i;

	if (!v->p)
		return -1;
	t = trim(v->p, v->n);
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (t.n == strlen(yes[i]) && strncasecmp(t.p, yes[i], t.n) == 0)
			return 1;
		if (t.n == strlen(no[i]) && strncasecmp(t.p, no[i], t.n) == 0)
			return 0;
	}
	return -1;
}

bool pkg_list_has(const struct pkg_span *list, const char *w)
{
	struct pkg_span l = *list, word;

	while (pkg_word_next(&l, &word))
		if (pkg_span_eq(&word, w))
			return true;
	return false;
}

/* One "key=value" of a one-line entry's [ ... ] options. */
static void apt_option(struct pkg_apt_source *out, const struct pkg_span *opt)
{
	const char *eq = memchr(opt->p, '=', opt->n);
	struct pkg_span key, val;

	if (!eq)
		return;
	key.p = opt->p;
	key.n = (size_t)(eq - opt->p);
	val.p = eq + 1;
	val.n = opt->n - key.n - 1;
	/* "arch+=x" and "arch-=x" adjust a default list: not a value. */
	if (key.n && (key.p[key.n - 1] == '+' || key.p[key.n - 1] == '-'))
		return;
	if (pkg_span_eq(&key, "arch"))
		out->architectures = val;
	else if (pkg_span_eq(&key, "signed-by"))
		out->signed_by = val;
	else if (pkg_span_eq(&key, "trusted"))
		out->trusted = pkg_apt_bool(&val);
	else if (pkg_span_eq(&key, "allow-insecure"))
		out->allow_insecure = pkg_apt_bool(&val);
	else if (pkg_span_eq(&key, "allow-weak"))
		out->allow_weak = pkg_apt_bool(&val);
	else if (pkg_span_eq(&key, "allow-downgrade-to-insecure"))
		out->allow_downgrade_to_insecure = pkg_apt_bool(&val);
}

/*
 * The next word of a one-line entry, as apt splits them: white space ends
 * a word except inside [...] or "...", so apt-cdrom's
 * "cdrom:[Debian GNU/Linux 12 ...]/" stays one URI.  False at the end.
 */
static bool apt_word(struct pkg_span *rest, struct pkg_span *word)
{
	const char *p = rest->p, *e = rest->p + rest->n;
	char close = 0;

	while (p < e && is_space(*p))
		p++;
	if (p >= e) {
		rest->p = e;
		rest->n = 0;
		return false;
	}
	word->p = p;
	for (; p < e; p++) {
		if (close) {
			if (*p == close)
				close = 0;
		} else if (*p == '[') {
			close = ']';
		} else if (*p == '"') {
			close = '"';
		} else if (is_space(*p)) {
			break;
		}
	}
	word->n = (size_t)(p - word->p);
	rest->n = (size_t)(e - p);
	rest->p = p;
	return true;
}

int pkg_apt_line_parse(const char *line, size_t len,
		       struct pkg_apt_source *out, char *err, size_t errsize)
{
	const char *hash, *close;
	struct pkg_span rest, type, opts, opt;

	apt_init(out);
	hash = memchr(line, '#', len);
	rest.p = line;
	rest.n = hash ? (size_t)(hash - line) : len;
	if (!pkg_word_next(&rest, &type)) {
		set_err(err, errsize, "blank line");
		return -1;
	}
	if (!pkg_span_eq(&type, "deb") && !pkg_span_eq(&type, "deb-src")) {
		set_err(err, errsize, "unknown type");
		return -1;
	}
	out->types = type;
	rest = trim(rest.p, rest.n);
	if (rest.n && rest.p[0] == '[') {
		close = memchr(rest.p, ']', rest.n);
		if (!close) {
			set_err(err, errsize, "unterminated options");
			return -1;
		}
		opts.p = rest.p + 1;
		opts.n = (size_t)(close - opts.p);
		while (pkg_word_next(&opts, &opt))
			apt_option(out, &opt);
		rest.n -= (size_t)(close + 1 - rest.p);
		rest.p = close + 1;
	}
	if (!apt_word(&rest, &out->uris)) {
		set_err(err, errsize, "missing URI");
		return -1;
	}
	if (!apt_word(&rest, &out->suites)) {
		set_err(err, errsize, "missing suite");
		return -1;
	}
	out->components = trim(rest.p, rest.n);
	return 0;
}

int pkg_apt_deb822_parse(const struct pkg_span *para,
			 struct pkg_apt_source *out, char *err,
			 size_t errsize)
{
	struct pkg_field f;
	struct pkg_span *slot, tmp;
	size_t pos = 0;
	int *flag;

	apt_init(out);
	out->deb822 = true;
	while (pkg_field_next(para, &pos, PKG_DEB822_COMMENTS, &f)) {
		slot = NULL;
		flag = NULL;
		if (NAME_IS(&f.name, "Types"))
			slot = &out->types;
		else if (NAME_IS(&f.name, "URIs") || NAME_IS(&f.name, "URI"))
			slot = &out->uris;
		else if (NAME_IS(&f.name, "Suites") ||
			 NAME_IS(&f.name, "Suite"))
			slot = &out->suites;
		else if (NAME_IS(&f.name, "Components") ||
			 NAME_IS(&f.name, "Component"))
			slot = &out->components;
		else if (NAME_IS(&f.name, "Architectures"))
			slot = &out->architectures;
		else if (NAME_IS(&f.name, "Signed-By"))
			slot = &out->signed_by;
		else if (NAME_IS(&f.name, "Trusted"))
			flag = &out->trusted;
		else if (NAME_IS(&f.name, "Allow-Insecure"))
			flag = &out->allow_insecure;
		else if (NAME_IS(&f.name, "Allow-Weak"))
			flag = &out->allow_weak;
		else if (NAME_IS(&f.name, "Allow-Downgrade-To-Insecure"))
			flag = &out->allow_downgrade_to_insecure;
		else if (NAME_IS(&f.name, "Enabled"))
			out->enabled = pkg_apt_bool(&f.value) != 0;
		if (slot && !slot->p)
			*slot = f.value;
		if (flag && *flag == -1)
			*flag = pkg_apt_bool(&f.value);
	}
	tmp = out->types;
	if (!pkg_word_next(&tmp, &tmp)) {
		set_err(err, errsize, "missing Types");
		return -1;
	}
	tmp = out->uris;
	if (!pkg_word_next(&tmp, &tmp)) {
		set_err(err, errsize, "missing URIs");
		return -1;
	}
	tmp = out->suites;
	if (!pkg_word_next(&tmp, &tmp)) {
		set_err(err, errsize, "missing Suites");
		return -1;
	}
	return 0;
}

/* Appends n bytes of s to dst as apt's URItoFileName writes them. */
static int list_name_add(char *dst, size_t size, size_t *used, const char *s,
			 size_t n)
{
	static const char quote[] = "\\|{}[]<>\"^~_=!@#$%^&*";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7f || strchr(quote, c)) {
			if (*used + 3 >= size)
				return -1;
			snprintf(dst + *used, 4, "%%%02x", c);
			*used += 3;
			continue;
		}
		if (*used + 1 >= size)
			return -1;
		dst[(*used)++] = (char)(c == '/' ? '_' : c);
	}
	dst[*used] = '\0';
	return 0;
}

int pkg_apt_list_name(const struct pkg_span *uri, const struct pkg_span *suite,
		      char *dst, size_t size)
{
	const char *p, *e, *colon, *host, *hend, *at;
	size_t used = 0, i;

	if (size == 0)
		return -1;
	dst[0] = '\0';
	if (!uri->p || !suite->p || suite->n == 0)
		return -1;
	p = uri->p;
	e = p + uri->n;
	colon = memchr(p, ':', uri->n);
	if (!colon || colon == p)
		return -1;
	for (i = 0; p + i < colon; i++) {
		char c = p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '-' ||
		      c == '.'))
			return -1;
	}
	p = colon + 1;
	if (e - p >= 2 && p[0] == '/' && p[1] == '/') {
		/* host[:port], without any user:password@ before it. */
		host = p + 2;
		hend = memchr(host, '/', (size_t)(e - host));
		if (!hend)
			hend = e;
		at = memrchr(host, '@', (size_t)(hend - host));
		if (at)
			host = at + 1;
		if (list_name_add(dst, size, &used, host,
				  (size_t)(hend - host)) < 0)
			return -1;
		p = hend;
	}
	if (list_name_add(dst, size, &used, p, (size_t)(e - p)) < 0)
		return -1;
	if (p == e || e[-1] != '/')
		if (list_name_add(dst, size, &used, "/", 1) < 0)
			return -1;
	if (suite->p[suite->n - 1] == '/') {
		if (!(suite->n == 1) &&
		    list_name_add(dst, size, &used, suite->p, suite->n) < 0)
			return -1;
	} else if (list_name_add(dst, size, &used, "dists/", 6) < 0 ||
		   list_name_add(dst, size, &used, suite->p, suite->n) < 0 ||
		   list_name_add(dst, size, &used, "/", 1) < 0) {
		return -1;
	}
	return 0;
}

int pkg_release_parse(const char *buf, size_t len, struct pkg_release *out,
		      char *err, size_t errsize)
{
	static const char armor[] = "-----BEGIN PGP SIGNED MESSAGE-----";
	static const char sig[] = "\n-----BEGIN PGP SIGNATURE-----";
	struct pkg_span para, *slot;
	struct pkg_field f;
	size_t pos = 0, fpos = 0, next, ll;
	const char *s;

	memset(out, 0, sizeof(*out));
	if (len >= sizeof(armor) - 1 &&
	    memcmp(buf, armor, sizeof(armor) - 1) == 0) {
		/* Skip the armor line and its "Hash:" headers, up to and
		 * including the blank line that ends them. */
		while (pos < len) {
			bool blank;

			ll = line_at(buf, len, pos, &next);
			blank = blank_line(buf + pos, ll);
			pos = next;
			if (blank)
				break;
		}
		s = memmem(buf + pos, len - pos, sig, sizeof(sig) - 1);
		if (s)
			len = (size_t)(s - buf) + 1;
	}
	if (!pkg_deb822_next(buf, len, &pos, 0, &para)) {
		set_err(err, errsize, "empty file");
		return -1;
	}
	while (pkg_field_next(&para, &fpos, 0, &f)) {
		slot = NULL;
		if (NAME_IS(&f.name, "Origin"))
			slot = &out->origin;
		else if (NAME_IS(&f.name, "Label"))
			slot = &out->label;
		else if (NAME_IS(&f.name, "Suite"))
			slot = &out->suite;
		else if (NAME_IS(&f.name, "Version"))
			slot = &out->version;
		else if (NAME_IS(&f.name, "Codename"))
			slot = &out->codename;
		else if (NAME_IS(&f.name, "Components"))
			slot = &out->components;
		else if (NAME_IS(&f.name, "Architectures"))
			slot = &out->architectures;
		if (slot && !slot->p)
			*slot = pkg_value_first_line(&f.value);
	}
	return 0;
}

/* ---- Python metadata ---- */

int pkg_pymeta_parse(const char *buf, size_t len, struct pkg_pymeta *out,
		     char *err, size_t errsize)
{
	struct pkg_span head, *slot;
	struct pkg_field f;
	size_t i = 0, next, ll, pos = 0;

	memset(out, 0, sizeof(*out));
	/* The headers end at the first blank line. */
	while (i < len) {
		ll = line_at(buf, len, i, &next);
		if (blank_line(buf + i, ll))
			break;
		i = next;
	}
	head.p = buf;
	head.n = i;
	while (pkg_field_next(&head, &pos, 0, &f)) {
		slot = NULL;
		if (NAME_IS(&f.name, "Name"))
			slot = &out->name;
		else if (NAME_IS(&f.name, "Version"))
			slot = &out->version;
		else if (NAME_IS(&f.name, "Summary"))
			slot = &out->summary;
		else if (NAME_IS(&f.name, "Author"))
			slot = &out->author;
		else if (NAME_IS(&f.name, "License"))
			slot = &out->license;
		else if (NAME_IS(&f.name, "License-Expression"))
			slot = &out->license_expression;
		if (slot && !slot->p)
			*slot = pkg_value_first_line(&f.value);
	}
	if (!out->name.p) {
		set_err(err, errsize, "no Name field");
		return -1;
	}
	return 0;
}

/* ---- package.json ---- */

static const char *json_str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int pkg_npm_parse(const char *buf, size_t len, struct pkg_npm *out,
		  char *err, size_t errsize)
{
	json_error_t jerr;
	json_t *root, *v;

	memset(out, 0, sizeof(*out));
	root = json_loadb(buf, len, 0, &jerr);
	if (!root) {
		if (err && errsize)
			snprintf(err, errsize, "line %d column %d: %s",
				 jerr.line, jerr.column, jerr.text);
		return -1;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		set_err(err, errsize, "not a JSON object");
		return -1;
	}
	out->root = root;
	out->name = json_str(root, "name");
	out->version = json_str(root, "version");
	out->description = json_str(root, "description");
	out->homepage = json_str(root, "homepage");
	v = json_object_get(root, "author");
	if (json_is_string(v))
		out->author = json_string_value(v);
	else if (json_is_object(v))
		out->author = json_str(v, "name");
	v = json_object_get(root, "license");
	if (json_is_string(v))
		out->license = json_string_value(v);
	else if (json_is_object(v))
		out->license = json_str(v, "url");
	return 0;
}

void pkg_npm_release(struct pkg_npm *p)
{
	if (!p)
		return;
	json_decref((json_t *)p->root);
	memset(p, 0, sizeof(*p));
}
