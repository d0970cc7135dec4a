/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xattr.c: reading extended attribute values as text (xattr.h): the text
 * test, base64 for the rest, and file capabilities written as libcap
 * writes them.
 *
 * libcap's text form, which getcap(8) prints and osquery shows: each
 * capability is in some of the three sets e, i and p.  The combination
 * most of the named capabilities share is the default, written first as
 * "=" and its letters ("=" alone when it is the empty one, as it nearly
 * always is).  Then, for each other combination present, from eip down to
 * e, the capabilities in it are listed by name, joined by ",", followed by
 * "+" and the letters it adds to the default and "-" and the letters it
 * takes away.  When the default is empty, the leading "= " is dropped and
 * the first group's "+" becomes "=": "cap_net_raw=ep" rather than
 * "= cap_net_raw+ep".  Capabilities above the last named one are listed
 * last, by number, with "+".
 */
#include "tables/secparse.h"
#include "tables/xattr.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The sets, as libcap numbers them (the order groups are written in). */
enum { SET_E = 1, SET_P = 2, SET_I = 4 };

/* struct vfs_cap_data (linux/capability.h): a le32 magic_etc, then for
 * revision 1 one, for revisions 2 and 3 two {permitted, inheritable} le32
 * pairs, then for revision 3 a le32 namespace root id. */
#define VFS_CAP_REVISION_MASK 0xff000000u
#define VFS_CAP_REVISION_1 0x01000000u
#define VFS_CAP_REVISION_2 0x02000000u
#define VFS_CAP_REVISION_3 0x03000000u
#define VFS_CAP_FLAGS_EFFECTIVE 0x000001u
#define CAP_BITS 64

/* Capability names come from secparse.c, the one table of them. */
#define NAMED ((unsigned)SECPARSE_CAP_NAMED)

bool xattr_is_text(const char *v, size_t n, size_t *textlen)
{
	size_t i;

	*textlen = 0;
	if (n == 0)
		return false;
	if (v[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++)
		if (v[i] < 0x20 || v[i] > 0x7e)
			return false;
	*textlen = n;
	return true;
}

size_t xattr_base64(const void *v, size_t n, char *out)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *b = v;
	size_t i, k = 0;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t w = (uint32_t)b[i] << 16 | (uint32_t)b[i + 1] << 8 |
			     b[i + 2];

		out[k++] = abc[w >> 18];
		out[k++] = abc[(w >> 12) & 63];
		out[k++] = abc[(w >> 6) & 63];
		out[k++] = abc[w & 63];
	}
	if (i < n) {
		uint32_t w = (uint32_t)b[i] << 16 |
			     (i + 1 < n ? (uint32_t)b[i + 1] << 8 : 0);

		out[k++] = abc[w >> 18];
		out[k++] = abc[(w >> 12) & 63];
		out[k++] = (char)(i + 1 < n ? abc[(w >> 6) & 63] : '=');
		out[k++] = '=';
	}
	out[k] = '\0';
	return k;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Appending to out; a false return means it did not fit. */
struct out {
	char *p;
	size_t len, size;
	bool full;
};

static void put(struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->full || o->len + n >= o->size) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void put_sets(struct out *o, char op, unsigned sets)
{
	char s[5];
	size_t k = 0;

	s[k++] = op;
	if (sets & SET_E)
		s[k++] = 'e';
	if (sets & SET_I)
		s[k++] = 'i';
	if (sets & SET_P)
		s[k++] = 'p';
	s[k] = '\0';
	put(o, s);
}

static void put_name(struct out *o, unsigned cap)
{
	char num[16];

	if (cap < NAMED) {
		put(o, secparse_cap_name(cap));
		return;
	}
	snprintf(num, sizeof(num), "%u", cap);
	put(o, num);
}

static void set_err(char *err, size_t errsize, const char *msg)
{
	if (err && errsize)
		snprintf(err, errsize, "%s", msg);
}

int xattr_cap_text(const void *v, size_t n, char *out, size_t size,
		   char *err, size_t errsize)
{
	const unsigned char *b = v;
	uint64_t set[3] = { 0, 0, 0 }; /* e, i, p */
	unsigned state[CAP_BITS], histo[8] = { 0 };
	unsigned cap, t, m, words, w;
	struct out o = { out, 0, size, false };
	uint32_t magic;
	size_t start;
	bool first_group = true, dropped = false;

	if (size == 0) {
		set_err(err, errsize, "text too long");
		return -1;
	}
	out[0] = '\0';
	if (n < 4) {
		set_err(err, errsize, "bad capability size");
		return -1;
	}
	magic = le32(b);
	switch (magic & VFS_CAP_REVISION_MASK) {
	case VFS_CAP_REVISION_1:
		words = 1;
		if (n != 12) {
			set_err(err, errsize, "bad capability size");
			return -1;
		}
		break;
	case VFS_CAP_REVISION_2:
		words = 2;
		if (n != 20) {
			set_err(err, errsize, "bad capability size");
			return -1;
		}
		break;
	case VFS_CAP_REVISION_3:
		words = 2;
		if (n != 24) {
			set_err(err, errsize, "bad capability size");
			return -1;
		}
		break;
	default:
		set_err(err, errsize, "bad capability revision");
		return -1;
	}
	for (w = 0; w < words; w++) {
		uint64_t p = le32(b + 4 + 8 * w), i = le32(b + 8 + 8 * w);

		set[2] |= p << (32 * w);
		set[1] |= i << (32 * w);
	}
	/* File capabilities have one effective bit: all of p and i, or none. */
	if (magic & VFS_CAP_FLAGS_EFFECTIVE)
		set[0] = set[1] | set[2];

	for (cap = 0; cap < CAP_BITS; cap++) {
		state[cap] = ((set[0] >> cap) & 1 ? SET_E : 0) |
			     ((set[1] >> cap) & 1 ? SET_I : 0) |
			     ((set[2] >> cap) & 1 ? SET_P : 0);
		if (cap < NAMED)
			histo[state[cap]]++;
	}
	/* The default: the most common state, the lowest on a tie. */
	m = 7;
	for (t = 7; t-- > 0;)
		if (histo[t] >= histo[m])
			m = t;
	put_sets(&o, '=', m);

	for (t = 8; t-- > 0;) {
		unsigned add = t & ~m, drop = m & ~t;

		if (t == m || histo[t] == 0)
			continue;
		put(&o, " ");
		start = o.len;
		for (cap = 0; cap < NAMED; cap++) {
			if (state[cap] != t)
				continue;
			if (o.len > start)
				put(&o, ",");
			put_name(&o, cap);
		}
		if (add) {
			/* "= a+ep" reads better as "a=ep". */
			if (first_group && m == 0 && !dropped) {
				dropped = true;
				put_sets(&o, '=', add);
			} else {
				put_sets(&o, '+', add);
			}
		}
		if (drop)
			put_sets(&o, '-', drop);
		first_group = false;
	}
	/* Capabilities above the named ones, by number, always "+". */
	memset(histo, 0, sizeof(histo));
	for (cap = NAMED; cap < CAP_BITS; cap++)
		histo[state[cap]]++;
	for (t = 8; t-- > 1;) {
		if (histo[t] == 0)
			continue;
		put(&o, " ");
		start = o.len;
		for (cap = NAMED; cap < CAP_BITS; cap++) {
			if (state[cap] != t)
				continue;
			if (o.len > start)
				put(&o, ",");
			put_name(&o, cap);
		}
		put_sets(&o, '+', t);
	}
	if (o.full) {
		out[0] = '\0';
		set_err(err, errsize, "text too long");
		return -1;
	}
	if (dropped) {
		/* Drop the leading "= " (the default was empty). */
		memmove(out, out + 2, o.len - 2 + 1);
	}
	return 0;
}
