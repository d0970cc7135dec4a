/* SPDX-License-Identifier: Apache-2.0 */
/*
 * functions.c: the extra SQL functions osquery users rely on, and the
 * VERSION collation.
 *
 * String functions:
 *   split(str, tokens, index)        piece index (0-based) of str cut at any
 *                                    byte of tokens, empty pieces dropped
 *   regex_split(str, pattern, index) piece index of str cut at every match of
 *                                    the POSIX extended regex pattern (empty
 *                                    pieces kept, as osquery's boost split)
 *   regex_match(str, pattern, index) the first match (index 0) or its capture
 *                                    group index
 *   concat(...)                      the arguments joined, NULLs as empty
 *   concat_ws(sep, ...)              the non-NULL arguments joined with sep
 * Hashing and encoding: md5, sha1, sha256 (lowercase hex), to_base64,
 * from_base64 (NULL for input that is not base64).
 * Versions: version_compare(a, b [, 'DPKG']) gives -1, 0 or 1 in dpkg order;
 * the collations VERSION and VERSION_DPKG sort the same way.
 * Network: in_cidr_block(cidr, ip) gives 1 or 0 (IPv4 and IPv6; an address
 * of the other family than the block is never inside it); inet_aton(ip)
 * gives an IPv4 address as the number 'a.b.c.d' reads as in network order
 * ('1.2.3.4' is 16909060).
 *
 * Conventions shared by all of them: a NULL argument gives NULL (concat and
 * concat_ws skip NULLs instead); an index that is negative or past the last
 * piece or group gives NULL; an argument that cannot be understood at all
 * (a regex that does not compile, a malformed CIDR block or address) fails
 * the query with a message that names the function and quotes the input.
 * Blobs are taken as their bytes, numbers as their text.
 *
 * Regexes are POSIX extended (glibc's regcomp, so GNU escapes such as \w
 * work too).  Each call site keeps its compiled pattern through SQLite's
 * auxdata, so a constant pattern is compiled once a statement, not once a
 * row.  Results are sized by SQLITE_LIMIT_LENGTH: concat and friends build
 * them in an sqlite3_str, which refuses past the limit, and the others check
 * before they allocate.
 */
#include "sql/functions.h"

#include <arpa/inet.h>
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/digest.h"


/* Arguments quoted in error messages are cut to this many bytes. */
#define QUOTE_MAX 200

/* The argument of regex_split and regex_match holding the pattern. */
#define PATTERN_ARG 1

#define FN_FLAGS (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)

static void result_errorf(sqlite3_context *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Fails the function with a formatted message. */
static void result_errorf(sqlite3_context *ctx, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (msg == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_error(ctx, msg, -1);
	sqlite3_free(msg);
}

/* How many bytes of an n-byte argument an error message quotes. */
static int quote_len(size_t n)
{
	return n > QUOTE_MAX ? QUOTE_MAX : (int)n;
}

/*
 * The bytes of a non-NULL value: a blob's own bytes, anything else as text.
 * The pointer belongs to SQLite and lives until the value changes.  Returns
 * NULL only when SQLite ran out of memory converting the value.
 */
static const char *value_bytes(sqlite3_value *v, size_t *len)
{
	const char *p;

	if (sqlite3_value_type(v) == SQLITE_BLOB) {
		p = sqlite3_value_blob(v);
		*len = (size_t)sqlite3_value_bytes(v);
		return p != NULL ? p : "";
	}
	p = (const char *)sqlite3_value_text(v);
	*len = (size_t)sqlite3_value_bytes(v);
	return p;
}

/*
 * The text of a non-NULL value, NUL-terminated even when the value is a
 * blob, for calls that need a C string.  NULL when memory ran out.
 */
static const char *value_text(sqlite3_value *v, size_t *len)
{
	const char *p = (const char *)sqlite3_value_text(v);

	*len = (size_t)sqlite3_value_bytes(v);
	return p;
}

/* Whether any of the first n arguments is NULL. */
static int any_null(int n, sqlite3_value **argv)
{
	for (int i = 0; i < n; i++)
		if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
			return 1;
	return 0;
}

/* Hands a copy of n bytes to SQLite as the text result. */
static void result_copy(sqlite3_context *ctx, const char *p, size_t n)
{
	sqlite3_result_text64(ctx, n ? p : "", n, SQLITE_TRANSIENT,
			      SQLITE_UTF8);
}

/* Whether n more bytes of result stay within the length limit. */
static int fits_limit(sqlite3_context *ctx, uint64_t n)
{
	int lim = sqlite3_limit(sqlite3_context_db_handle(ctx),
				SQLITE_LIMIT_LENGTH, -1);

	return n <= (uint64_t)lim;
}

/*
 * Finishes s (which this frees) as the text result, or as the error it
 * ran into (SQLITE_TOOBIG past the length limit, or out of memory).
 */
static void result_str(sqlite3_context *ctx, sqlite3_str *s)
{
	int rc = sqlite3_str_errcode(s);
	int n = sqlite3_str_length(s);
	char *z = sqlite3_str_finish(s);

	if (rc == SQLITE_TOOBIG) {
		sqlite3_free(z);
		sqlite3_result_error_toobig(ctx);
	} else if (rc != SQLITE_OK) {
		sqlite3_free(z);
		sqlite3_result_error_nomem(ctx);
	} else if (z == NULL) {
		/* An empty sqlite3_str finishes as NULL. */
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
	} else {
		sqlite3_result_text64(ctx, z, (sqlite3_uint64)n, sqlite3_free,
				      SQLITE_UTF8);
	}
}

/*
 * Reads a piece or group index.  0 with *idx set, or -1 when it is
 * negative (such an index never names anything, so the result is NULL).
 */
static int index_arg(sqlite3_value *v, size_t *idx)
{
	sqlite3_int64 i = sqlite3_value_int64(v);

	if (i < 0)
		return -1;
	*idx = (size_t)i;
	return 0;
}

/*
 * split(str, tokens, index): osquery cuts at every byte found in tokens and
 * drops the empty pieces, so "a,,b" split on "," has pieces "a" and "b".
 */
static void fn_split(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s, *tok, *p, *end;
	size_t slen, toklen, idx, piece = 0;

	if (any_null(argc, argv))
		return;
	s = value_bytes(argv[0], &slen);
	tok = value_bytes(argv[1], &toklen);
	if (s == NULL || tok == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (toklen == 0) {
		sqlite3_result_error(ctx, "split: the tokens must not be empty",
				     -1);
		return;
	}
	if (index_arg(argv[2], &idx) < 0)
		return;

	p = s;
	end = s + slen;
	while (p < end) {
		const char *q = p;

		while (q < end && memchr(tok, *q, toklen) == NULL)
			q++;
		if (q > p) {
			if (piece == idx) {
				result_copy(ctx, p, (size_t)(q - p));
				return;
			}
			piece++;
		}
		p = q + 1;
	}
	/* Out of range: the result stays NULL. */
}

/* The auxdata destructor of a cached pattern. */
static void regex_destroy(void *p)
{
	regex_t *re = p;

	regfree(re);
	sqlite3_free(re);
}

/*
 * The compiled pattern for this call: the call site's cached one, or a new
 * one with *fresh set, which the caller must pass to regex_keep() after it
 * is done with it.  Returns NULL with the SQL error set when the pattern
 * does not compile.
 */
static regex_t *regex_get(sqlite3_context *ctx, sqlite3_value *pat,
			  const char *fname, int *fresh)
{
	regex_t *re;
	const char *p;
	size_t plen;
	int rc;

	*fresh = 0;
	re = sqlite3_get_auxdata(ctx, PATTERN_ARG);
	if (re != NULL)
		return re;

	p = value_text(pat, &plen);
	if (p == NULL) {
		sqlite3_result_error_nomem(ctx);
		return NULL;
	}
	if (memchr(p, '\0', plen) != NULL) {
		result_errorf(ctx,
			      "%s: invalid regular expression: it holds a NUL "
			      "byte", fname);
		return NULL;
	}
	re = sqlite3_malloc(sizeof(*re));
	if (re == NULL) {
		sqlite3_result_error_nomem(ctx);
		return NULL;
	}
	rc = regcomp(re, p, REG_EXTENDED);
	if (rc != 0) {
		char why[256];

		regerror(rc, re, why, sizeof(why));
		result_errorf(ctx, "%s: invalid regular expression '%.*s': %s",
			      fname, quote_len(plen), p, why);
		/* A pattern that failed to compile holds nothing to regfree. */
		sqlite3_free(re);
		return NULL;
	}
	*fresh = 1;
	return re;
}

/*
 * Hands a freshly compiled pattern to SQLite, which keeps it for the next
 * row when the pattern argument is constant and frees it otherwise,
 * possibly at once: re must not be used after this.
 */
static void regex_keep(sqlite3_context *ctx, regex_t *re, int fresh)
{
	if (fresh)
		sqlite3_set_auxdata(ctx, PATTERN_ARG, re, regex_destroy);
}

/*
 * Finds the first match of re in s[from, len).  0 with m filled (nm
 * entries, offsets from s), 1 when nothing matches, -1 with the SQL error
 * set.  REG_STARTEND lets the subject hold NUL bytes and keeps '^' from
 * matching anywhere but at the very start.
 */
static int regex_find(sqlite3_context *ctx, const regex_t *re, const char *s,
		      size_t from, size_t len, regmatch_t *m, size_t nm)
{
	int rc;

	m[0].rm_so = (regoff_t)from;
	m[0].rm_eo = (regoff_t)len;
	rc = regexec(re, s, nm, m, REG_STARTEND);
	if (rc == REG_NOMATCH)
		return 1;
	if (rc != 0) {
		sqlite3_result_error_nomem(ctx);
		return -1;
	}
	return 0;
}

/*
 * regex_split(str, pattern, index).  An empty match cuts nothing (else
 * "x*" would cut between every byte); the search just moves on a byte.
 */
static void fn_regex_split(sqlite3_context *ctx, int argc,
			   sqlite3_value **argv)
{
	const char *s;
	size_t slen, idx, piece = 0, start = 0, pos = 0;
	regex_t *re;
	regmatch_t m[1];
	int fresh;

	if (any_null(argc, argv))
		return;
	s = value_bytes(argv[0], &slen);
	if (s == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (sqlite3_value_bytes(argv[PATTERN_ARG]) == 0) {
		/* osquery refuses to split on nothing. */
		sqlite3_result_error(ctx, "regex_split: the pattern must not "
				     "be empty", -1);
		return;
	}
	re = regex_get(ctx, argv[PATTERN_ARG], "regex_split", &fresh);
	if (re == NULL)
		return;
	if (index_arg(argv[2], &idx) < 0)
		goto out;

	while (pos <= slen) {
		size_t so, eo;
		int rc = regex_find(ctx, re, s, pos, slen, m, 1);

		if (rc < 0)
			goto out;
		if (rc > 0)
			break;
		so = (size_t)m[0].rm_so;
		eo = (size_t)m[0].rm_eo;
		if (eo == so) {
			pos = so + 1;
			continue;
		}
		if (piece == idx) {
			result_copy(ctx, s + start, so - start);
			goto out;
		}
		piece++;
		start = pos = eo;
	}
	if (piece == idx)
		result_copy(ctx, s + start, slen - start);
out:
	regex_keep(ctx, re, fresh);
}

/* regex_match(str, pattern, index): the whole match or one group. */
static void fn_regex_match(sqlite3_context *ctx, int argc,
			   sqlite3_value **argv)
{
	const char *s;
	size_t slen, idx;
	regex_t *re;
	regmatch_t *m = NULL;
	int fresh;

	if (any_null(argc, argv))
		return;
	s = value_bytes(argv[0], &slen);
	if (s == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	re = regex_get(ctx, argv[PATTERN_ARG], "regex_match", &fresh);
	if (re == NULL)
		return;
	if (index_arg(argv[2], &idx) < 0 || idx > re->re_nsub)
		goto out;

	/* Only the groups up to the one asked for need room. */
	m = sqlite3_malloc64((idx + 1) * sizeof(*m));
	if (m == NULL) {
		sqlite3_result_error_nomem(ctx);
		goto out;
	}
	if (regex_find(ctx, re, s, 0, slen, m, idx + 1) != 0)
		goto out;
	/* A group that took no part in the match has offset -1. */
	if (m[idx].rm_so >= 0)
		result_copy(ctx, s + m[idx].rm_so,
			    (size_t)(m[idx].rm_eo - m[idx].rm_so));
out:
	sqlite3_free(m);
	regex_keep(ctx, re, fresh);
}

/* concat(...): the arguments' text one after another, NULLs as empty. */
static void fn_concat(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));

	for (int i = 0; i < argc; i++) {
		const char *p;
		size_t n;

		if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
			continue;
		p = value_bytes(argv[i], &n);
		if (p == NULL) {
			sqlite3_free(sqlite3_str_finish(out));
			sqlite3_result_error_nomem(ctx);
			return;
		}
		sqlite3_str_append(out, p, (int)n);
	}
	result_str(ctx, out);
}

/*
 * concat_ws(sep, ...): the non-NULL arguments joined with sep.  A NULL
 * separator gives NULL, as in MySQL, where the function comes from.
 */
static void fn_concat_ws(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sqlite3_str *out;
	const char *sep;
	size_t seplen;
	int first = 1;

	if (argc < 1) {
		sqlite3_result_error(ctx, "concat_ws: needs a separator", -1);
		return;
	}
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	sep = value_bytes(argv[0], &seplen);
	if (sep == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
	for (int i = 1; i < argc; i++) {
		const char *p;
		size_t n;

		if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
			continue;
		p = value_bytes(argv[i], &n);
		if (p == NULL) {
			sqlite3_free(sqlite3_str_finish(out));
			sqlite3_result_error_nomem(ctx);
			return;
		}
		if (!first)
			sqlite3_str_append(out, sep, (int)seplen);
		sqlite3_str_append(out, p, (int)n);
		first = 0;
	}
	result_str(ctx, out);
}

/* A digest function's name and algorithm, its SQL user data. */
struct digest_fn {
	const char *name;
	enum digest_alg alg;
};

static struct digest_fn digest_md5 = { "md5", DIGEST_MD5 };
static struct digest_fn digest_sha1 = { "sha1", DIGEST_SHA1 };
static struct digest_fn digest_sha256 = { "sha256", DIGEST_SHA256 };

/* md5(str), sha1(str), sha256(str): the lowercase hex digest. */
static void fn_digest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct digest_fn *d = sqlite3_user_data(ctx);
	char out[DIGEST_HEX_SIZE], err[256];
	const char *p;
	size_t n;

	if (any_null(argc, argv))
		return;
	p = value_bytes(argv[0], &n);
	if (p == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (digest_hex(d->alg, p, n, out, err, sizeof(err)) < 0) {
		result_errorf(ctx, "%s: the digest is unavailable: %s", d->name,
			      err);
		return;
	}
	result_copy(ctx, out, strlen(out));
}

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* to_base64(str): standard alphabet, '=' padding, no line breaks. */
static void fn_to_base64(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *p;
	size_t n, outlen, i, o = 0;
	char *out;

	if (any_null(argc, argv))
		return;
	p = (const unsigned char *)value_bytes(argv[0], &n);
	if (p == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	outlen = (n + 2) / 3 * 4;
	if (!fits_limit(ctx, outlen)) {
		sqlite3_result_error_toobig(ctx);
		return;
	}
	out = sqlite3_malloc64(outlen + 1);
	if (out == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	for (i = 0; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 |
			     p[i + 2];

		out[o++] = b64_alphabet[v >> 18];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = b64_alphabet[(v >> 6) & 63];
		out[o++] = b64_alphabet[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;

		out[o++] = b64_alphabet[v >> 18];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = '=';
		out[o++] = '=';
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;

		out[o++] = b64_alphabet[v >> 18];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = b64_alphabet[(v >> 6) & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
	sqlite3_result_text64(ctx, out, o, sqlite3_free, SQLITE_UTF8);
}

/* The value of a base64 digit, or -1. */
static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Decodes n bytes of base64 into out (room for n / 4 * 3 + 3 bytes).
 * White space (as in wrapped output) is skipped; padding is optional but,
 * when present, must be right and last.  Returns the decoded length, or -1
 * when s is not base64.
 */
static ptrdiff_t b64_decode(const unsigned char *s, size_t n,
			    unsigned char *out)
{
	uint32_t acc = 0;
	size_t digits = 0, pad = 0, o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		int v;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		v = b64_value(c);
		if (v < 0 || pad > 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		if (++digits % 4 == 0) {
			out[o++] = (unsigned char)(acc >> 16);
			out[o++] = (unsigned char)(acc >> 8);
			out[o++] = (unsigned char)acc;
			acc = 0;
		}
	}
	switch (digits % 4) {
	case 0:
		if (pad != 0)
			return -1;
		break;
	case 1:
		/* One digit holds six bits: not even a byte. */
		return -1;
	case 2:
		if (pad != 0 && pad != 2)
			return -1;
		out[o++] = (unsigned char)(acc >> 4);
		break;
	case 3:
		if (pad > 1)
			return -1;
		out[o++] = (unsigned char)(acc >> 10);
		out[o++] = (unsigned char)(acc >> 2);
		break;
	}
	return (ptrdiff_t)o;
}

/* from_base64(str): the decoded bytes as text, NULL when not base64. */
static void fn_from_base64(sqlite3_context *ctx, int argc,
			   sqlite3_value **argv)
{
	const unsigned char *p;
	unsigned char *out;
	ptrdiff_t len;
	size_t n;

	if (any_null(argc, argv))
		return;
	p = (const unsigned char *)value_bytes(argv[0], &n);
	if (p == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	out = sqlite3_malloc64(n / 4 * 3 + 3);
	if (out == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	len = b64_decode(p, n, out);
	if (len < 0) {
		sqlite3_free(out);
		return;
	}
	sqlite3_result_text64(ctx, (char *)out, (sqlite3_uint64)len,
			      sqlite3_free, SQLITE_UTF8);
}

/*
 * dpkg's version order.  The comparisons below are locale-free: only ASCII
 * letters count as letters, and every other byte (UTF-8 included) sorts
 * after them.
 */
static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * The weight of the byte at p in a non-digit run: '~' below the end of the
 * string (and of the run), which is below letters, which are below
 * everything else.
 */
static int ver_weight(const unsigned char *p, const unsigned char *end)
{
	if (p >= end || is_digit(*p))
		return 0;
	if (*p == '~')
		return -1;
	if (is_alpha(*p))
		return *p;
	return *p + 256;
}

/*
 * Compares two version parts (upstream, revision or epoch) in alternating
 * runs: non-digits by weight, then digits as numbers.  Digit runs are
 * compared digit by digit after their leading zeros, never converted, so
 * no length overflows.  An empty part equals "0".
 */
static int ver_part_cmp(const unsigned char *a, size_t alen,
			const unsigned char *b, size_t blen)
{
	const unsigned char *ae = a + alen, *be = b + blen;

	while (a < ae || b < be) {
		int first_diff = 0;

		while ((a < ae && !is_digit(*a)) || (b < be && !is_digit(*b))) {
			int wa = ver_weight(a, ae), wb = ver_weight(b, be);

			/*
			 * Equal weights mean both sides hold a non-digit here
			 * (an end or a digit weighs 0, any other byte not), so
			 * neither steps past its end.
			 */
			if (wa != wb)
				return wa - wb;
			a++;
			b++;
		}
		while (a < ae && *a == '0')
			a++;
		while (b < be && *b == '0')
			b++;
		while (a < ae && is_digit(*a) && b < be && is_digit(*b)) {
			if (first_diff == 0)
				first_diff = *a - *b;
			a++;
			b++;
		}
		/* The longer number, leading zeros aside, is the larger. */
		if (a < ae && is_digit(*a))
			return 1;
		if (b < be && is_digit(*b))
			return -1;
		if (first_diff != 0)
			return first_diff;
	}
	return 0;
}

/* A version cut into dpkg's three parts; pointers into the original. */
struct version {
	const unsigned char *epoch, *upstream, *revision;
	size_t epoch_len, upstream_len, revision_len;
};

/*
 * Cuts s into [epoch:]upstream[-revision].  The epoch is what precedes the
 * first ':' when that is all digits (dpkg refuses anything else; here such
 * a colon just stays part of the upstream version); the revision follows
 * the last '-'.  Missing parts are empty, which compares as 0.
 */
static void version_parse(const unsigned char *s, size_t n,
			  struct version *v)
{
	const unsigned char *colon = memchr(s, ':', n);
	const unsigned char *dash;

	v->epoch = s;
	v->epoch_len = 0;
	if (colon != NULL) {
		const unsigned char *p = s;

		while (p < colon && is_digit(*p))
			p++;
		if (p == colon) {
			v->epoch_len = (size_t)(colon - s);
			n -= v->epoch_len + 1;
			s = colon + 1;
		}
	}
	dash = memrchr(s, '-', n);
	v->upstream = s;
	if (dash != NULL) {
		v->upstream_len = (size_t)(dash - s);
		v->revision = dash + 1;
		v->revision_len = n - v->upstream_len - 1;
	} else {
		v->upstream_len = n;
		v->revision = s + n;
		v->revision_len = 0;
	}
}

int functions_version_cmp(const char *a, size_t alen, const char *b,
			  size_t blen)
{
	struct version va, vb;
	int r;

	/* An empty string may come as NULL; no pointer arithmetic on it. */
	if (a == NULL)
		a = "", alen = 0;
	if (b == NULL)
		b = "", blen = 0;
	version_parse((const unsigned char *)a, alen, &va);
	version_parse((const unsigned char *)b, blen, &vb);
	r = ver_part_cmp(va.epoch, va.epoch_len, vb.epoch, vb.epoch_len);
	if (r == 0)
		r = ver_part_cmp(va.upstream, va.upstream_len, vb.upstream,
				 vb.upstream_len);
	if (r == 0)
		r = ver_part_cmp(va.revision, va.revision_len, vb.revision,
				 vb.revision_len);
	return r;
}

/* The VERSION collation: SQLite hands over the two texts and lengths. */
static int collate_version(void *unused, int alen, const void *a, int blen,
			   const void *b)
{
	(void)unused;
	return functions_version_cmp(a, (size_t)alen, b, (size_t)blen);
}

/*
 * version_compare(a, b [, flavor]).  Only the dpkg flavor exists here;
 * osquery's optional third argument is accepted when it asks for it.
 */
static void fn_version_compare(sqlite3_context *ctx, int argc,
			       sqlite3_value **argv)
{
	const char *a, *b;
	size_t alen, blen;
	int r;

	if (any_null(argc, argv))
		return;
	if (argc == 3) {
		size_t flen;
		const char *flavor = value_text(argv[2], &flen);

		if (flavor == NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		if (sqlite3_stricmp(flavor, "DPKG") != 0) {
			result_errorf(ctx,
				      "version_compare: unsupported flavor "
				      "'%.*s' (only DPKG is)", quote_len(flen),
				      flavor);
			return;
		}
	}
	a = value_bytes(argv[0], &alen);
	b = value_bytes(argv[1], &blen);
	if (a == NULL || b == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	r = functions_version_cmp(a, alen, b, blen);
	sqlite3_result_int(ctx, (r > 0) - (r < 0));
}

/* An IPv4 or IPv6 address in network order. */
struct ipaddr {
	int family;
	unsigned char bytes[16];
};

/*
 * Parses the n-byte address s: IPv6 when it holds a ':'.  0 or -1 when it
 * is neither.
 */
static int ip_parse(const char *s, size_t n, struct ipaddr *ip)
{
	char tmp[INET6_ADDRSTRLEN];

	if (n == 0 || n >= sizeof(tmp) || memchr(s, '\0', n) != NULL)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	ip->family = memchr(tmp, ':', n) != NULL ? AF_INET6 : AF_INET;
	return inet_pton(ip->family, tmp, ip->bytes) == 1 ? 0 : -1;
}

/*
 * Parses "address/prefix".  The prefix is 0 to 32 (IPv4) or 128 (IPv6)
 * in plain decimal; host bits set in the address are ignored, as the
 * comparison masks them.  0 or -1.
 */
static int cidr_parse(const char *s, size_t n, struct ipaddr *net,
		      unsigned int *prefix)
{
	const char *slash = memchr(s, '/', n);
	const char *p, *end = s + n;
	unsigned int bits = 0;

	if (slash == NULL || ip_parse(s, (size_t)(slash - s), net) < 0)
		return -1;
	p = slash + 1;
	if (p == end || end - p > 3)
		return -1;
	for (; p < end; p++) {
		if (!is_digit((unsigned char)*p))
			return -1;
		bits = bits * 10 + (unsigned int)(*p - '0');
	}
	if (bits > (net->family == AF_INET ? 32u : 128u))
		return -1;
	*prefix = bits;
	return 0;
}

/* Whether the first prefix bits of a and b agree. */
static int prefix_equal(const unsigned char *a, const unsigned char *b,
			unsigned int prefix)
{
	unsigned int whole = prefix / 8, rest = prefix % 8;

	if (memcmp(a, b, whole) != 0)
		return 0;
	if (rest != 0) {
		unsigned char mask = (unsigned char)(0xff << (8 - rest));

		if ((a[whole] & mask) != (b[whole] & mask))
			return 0;
	}
	return 1;
}

/*
 * in_cidr_block(cidr, ip).  The families must agree: an IPv4 address is
 * not inside an IPv6 block, not even as ::ffff:a.b.c.d, nor the other way
 * round.  Unlike osquery (boost's hosts()), the network and broadcast
 * addresses of an IPv4 block count as inside it.
 */
static void fn_in_cidr_block(sqlite3_context *ctx, int argc,
			     sqlite3_value **argv)
{
	struct ipaddr net, ip;
	unsigned int prefix;
	const char *c, *a;
	size_t clen, alen;

	if (any_null(argc, argv))
		return;
	c = value_bytes(argv[0], &clen);
	a = value_bytes(argv[1], &alen);
	if (c == NULL || a == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (cidr_parse(c, clen, &net, &prefix) < 0) {
		result_errorf(ctx, "in_cidr_block: invalid CIDR block '%.*s'",
			      quote_len(clen), c);
		return;
	}
	if (ip_parse(a, alen, &ip) < 0) {
		result_errorf(ctx, "in_cidr_block: invalid IP address '%.*s'",
			      quote_len(alen), a);
		return;
	}
	sqlite3_result_int(ctx, net.family == ip.family &&
				prefix_equal(net.bytes, ip.bytes, prefix));
}

/* inet_aton(ip): an IPv4 address as a number, NULL for anything else. */
static void fn_inet_aton(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct in_addr in;
	const char *s;
	size_t n;

	if (any_null(argc, argv))
		return;
	s = value_text(argv[0], &n);
	if (s == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	/* A NUL byte would cut the address short unseen. */
	if (memchr(s, '\0', n) != NULL || inet_pton(AF_INET, s, &in) != 1)
		return;
	sqlite3_result_int64(ctx, (sqlite3_int64)ntohl(in.s_addr));
}

/* One SQL function to register. */
struct function {
	const char *name;
	int nargs;
	void (*fn)(sqlite3_context *, int, sqlite3_value **);
	void *data;
};

static const struct function functions[] = {
	{ "split", 3, fn_split, NULL },
	{ "regex_split", 3, fn_regex_split, NULL },
	{ "regex_match", 3, fn_regex_match, NULL },
	{ "concat", -1, fn_concat, NULL },
	{ "concat_ws", -1, fn_concat_ws, NULL },
	{ "md5", 1, fn_digest, &digest_md5 },
	{ "sha1", 1, fn_digest, &digest_sha1 },
	{ "sha256", 1, fn_digest, &digest_sha256 },
	{ "to_base64", 1, fn_to_base64, NULL },
	{ "from_base64", 1, fn_from_base64, NULL },
	{ "version_compare", 2, fn_version_compare, NULL },
	{ "version_compare", 3, fn_version_compare, NULL },
	{ "in_cidr_block", 2, fn_in_cidr_block, NULL },
	{ "inet_aton", 1, fn_inet_aton, NULL },
};

int functions_register(sqlite3 *db)
{
	static const char *const collations[] = { "VERSION", "VERSION_DPKG" };

	for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
		const struct function *f = &functions[i];

		if (sqlite3_create_function_v2(db, f->name, f->nargs, FN_FLAGS,
					       f->data, f->fn, NULL, NULL,
					       NULL) != SQLITE_OK)
			return -1;
	}
	for (size_t i = 0; i < sizeof(collations) / sizeof(collations[0]);
	     i++) {
		if (sqlite3_create_collation_v2(db, collations[i], SQLITE_UTF8,
						NULL, collate_version,
						NULL) != SQLITE_OK)
			return -1;
	}
	return 0;
}
