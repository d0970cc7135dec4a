/* SPDX-License-Identifier: Apache-2.0 */
/*
 * iptparse.c: the legacy iptables entry blob as chains and rules (see
 * iptparse.h for the layout and the checks).
 *
 * Two passes: the first walks the entries and checks each one's offsets
 * and sizes, recording where every entry starts; the second, knowing
 * every entry boundary, finds the chains and resolves jumps.  Nothing is
 * read through a pointer cast into the blob: each header is copied out
 * with memcpy after its bounds were checked.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter_ipv4/ip_tables.h>

#include "tables/iptparse.h"

_Static_assert(IPTPARSE_HOOKS == NF_INET_NUMHOOKS, "hook count");
_Static_assert(XT_EXTENSION_MAXNAMELEN < IPTPARSE_NAME_MAX, "name size");
_Static_assert(XT_FUNCTION_MAXNAMELEN < IPTPARSE_NAME_MAX, "name size");

/* The fixed part of an ipt_entry: that struct ends in a flexible array,
 * which cannot sit inside another struct. */
struct entry_head {
	struct ipt_ip ip;
	unsigned int nfcache;
	uint16_t target_offset, next_offset;
	unsigned int comefrom;
	struct xt_counters counters;
};

_Static_assert(sizeof(struct entry_head) == sizeof(struct ipt_entry) &&
		       offsetof(struct entry_head, target_offset) ==
			       offsetof(struct ipt_entry, target_offset) &&
		       offsetof(struct entry_head, counters) ==
			       offsetof(struct ipt_entry, counters),
	       "struct entry_head must mirror struct ipt_entry");

/* What the first pass learns of one entry. */
struct entry {
	size_t off;
	struct entry_head e;
	/* The target: its name ("" for the standard target), its data's
	 * offset in the blob and the data's length. */
	char tname[IPTPARSE_NAME_MAX];
	size_t tdata, tdlen;
	size_t nmatches;
};

static int fail(char *err, size_t errsize, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	if (err && errsize) {
		va_start(ap, fmt);
		vsnprintf(err, errsize, fmt, ap);
		va_end(ap);
	}
	errno = EINVAL;
	return -1;
}

/* Copies a name of at most max bytes, stopping at its NUL, into dst of
 * dsize bytes. */
static void copy_name(char *dst, size_t dsize, const uint8_t *src, size_t max)
{
	size_t n = strnlen((const char *)src, max);

	if (n >= dsize)
		n = dsize - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * First pass: checks every entry's offsets and records it.  Returns the
 * number of entries in *out (the caller frees it), or -1.
 */
static long walk(const uint8_t *blob, size_t size, struct entry **out,
		 char *err, size_t errsize)
{
	struct entry *v = NULL, *nv;
	size_t n = 0, alloc = 0, off = 0, m;
	uint16_t msize, tsize;

	*out = NULL;
	while (off < size) {
		struct entry en;

		memset(&en, 0, sizeof(en));
		en.off = off;
		if (size - off < sizeof(struct ipt_entry)) {
			fail(err, errsize,
			     "entry at offset %zu: %zu bytes left, an entry "
			     "needs %zu", off, size - off,
			     sizeof(struct ipt_entry));
			goto bad;
		}
		memcpy(&en.e, blob + off, sizeof(en.e));
		if (en.e.next_offset < sizeof(struct ipt_entry) +
					       sizeof(struct xt_entry_target) ||
		    en.e.next_offset > size - off) {
			fail(err, errsize,
			     "entry at offset %zu: next_offset %u out of "
			     "range", off, en.e.next_offset);
			goto bad;
		}
		if (en.e.target_offset < sizeof(struct ipt_entry) ||
		    en.e.target_offset >
			    en.e.next_offset - sizeof(struct xt_entry_target)) {
			fail(err, errsize,
			     "entry at offset %zu: target_offset %u out of "
			     "range", off, en.e.target_offset);
			goto bad;
		}
		/* The matches fill the space between the entry and its
		 * target exactly. */
		for (m = sizeof(struct ipt_entry); m < en.e.target_offset;
		     m += msize) {
			if (en.e.target_offset - m <
			    sizeof(struct xt_entry_match)) {
				fail(err, errsize,
				     "entry at offset %zu: match at +%zu "
				     "overlaps the target", off, m);
				goto bad;
			}
			memcpy(&msize, blob + off + m, sizeof(msize));
			if (msize < sizeof(struct xt_entry_match) ||
			    msize > en.e.target_offset - m) {
				fail(err, errsize,
				     "entry at offset %zu: match at +%zu has "
				     "size %u", off, m, msize);
				goto bad;
			}
			en.nmatches++;
		}
		m = en.e.target_offset;
		memcpy(&tsize, blob + off + m, sizeof(tsize));
		if (tsize < sizeof(struct xt_entry_target) ||
		    tsize > en.e.next_offset - m) {
			fail(err, errsize,
			     "entry at offset %zu: target has size %u", off,
			     tsize);
			goto bad;
		}
		copy_name(en.tname, sizeof(en.tname),
			  blob + off + m +
				  offsetof(struct xt_entry_target, u.user.name),
			  XT_EXTENSION_MAXNAMELEN);
		en.tdata = off + m + sizeof(struct xt_entry_target);
		en.tdlen = tsize - sizeof(struct xt_entry_target);
		if (n == alloc) {
			if (n >= IPTPARSE_ENTRIES_MAX) {
				fail(err, errsize, "more than %u entries",
				     IPTPARSE_ENTRIES_MAX);
				goto bad;
			}
			alloc = alloc ? alloc * 2 : 64;
			nv = realloc(v, alloc * sizeof(*v));
			if (!nv) {
				if (err && errsize)
					snprintf(err, errsize, "out of memory");
				errno = ENOMEM;
				free(v);
				return -1;
			}
			v = nv;
		}
		v[n++] = en;
		off += en.e.next_offset;
	}
	*out = v;
	return (long)n;
bad:
	free(v);
	return -1;
}

/* The index of the entry at offset off, or -1. */
static long find_entry(const struct entry *v, size_t n, size_t off)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].off == off)
			return (long)mid;
		if (v[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static bool is_standard(const struct entry *en)
{
	return en->tname[0] == '\0' && en->tdlen >= sizeof(int);
}

static bool is_error(const struct entry *en)
{
	return strcmp(en->tname, XT_ERROR_TARGET) == 0;
}

static int verdict_of(const uint8_t *blob, const struct entry *en)
{
	int v;

	memcpy(&v, blob + en->tdata, sizeof(v));
	return v;
}

/* The name of a negative standard verdict ("ACCEPT" ...). */
static void verdict_name(int v, char dst[IPTPARSE_NAME_MAX])
{
	const char *s = NULL;

	if (v == -NF_DROP - 1)
		s = "DROP";
	else if (v == -NF_ACCEPT - 1)
		s = "ACCEPT";
	else if (v == -NF_QUEUE - 1)
		s = "QUEUE";
	else if (v == XT_RETURN)
		s = "RETURN";
	if (s)
		snprintf(dst, IPTPARSE_NAME_MAX, "%s", s);
	else
		snprintf(dst, IPTPARSE_NAME_MAX, "%d", v);
}

static const char *const hook_names[IPTPARSE_HOOKS] = {
	"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING",
};

const char *iptparse_hook_name(unsigned h)
{
	return h < IPTPARSE_HOOKS ? hook_names[h] : NULL;
}

/* Chains and rules being built, with what only the parse needs. */
struct build {
	struct iptparse_table *t;
	size_t chains_alloc, rules_alloc;
	size_t *body;  /* a user chain's first rule offset (a jump's target) */
	size_t *entry; /* the entry index of each rule */
};

static int add_chain(struct build *b, struct iptparse_chain **out)
{
	struct iptparse_table *t = b->t;
	struct iptparse_chain *nv;
	size_t *nb;

	if (t->nchains == b->chains_alloc) {
		size_t alloc = b->chains_alloc ? b->chains_alloc * 2 : 8;

		nv = realloc(t->chains, alloc * sizeof(*nv));
		if (!nv)
			return -1;
		t->chains = nv;
		nb = realloc(b->body, alloc * sizeof(*nb));
		if (!nb)
			return -1;
		b->body = nb;
		b->chains_alloc = alloc;
	}
	b->body[t->nchains] = 0;
	*out = &t->chains[t->nchains++];
	memset(*out, 0, sizeof(**out));
	(*out)->first_rule = t->nrules;
	return 0;
}

static int add_rule(struct build *b, size_t entry, struct iptparse_rule **out)
{
	struct iptparse_table *t = b->t;
	struct iptparse_rule *nv;
	size_t *ne;

	if (t->nrules == b->rules_alloc) {
		size_t alloc = b->rules_alloc ? b->rules_alloc * 2 : 16;

		nv = realloc(t->rules, alloc * sizeof(*nv));
		if (!nv)
			return -1;
		t->rules = nv;
		ne = realloc(b->entry, alloc * sizeof(*ne));
		if (!ne)
			return -1;
		b->entry = ne;
		b->rules_alloc = alloc;
	}
	b->entry[t->nrules] = entry;
	*out = &t->rules[t->nrules++];
	memset(*out, 0, sizeof(**out));
	(*out)->chain = t->nchains - 1;
	return 0;
}

/* Fills a rule's address, interface and match fields from its entry. */
static void rule_fields(const uint8_t *blob, const struct entry *en,
			struct iptparse_rule *r)
{
	const struct ipt_ip *ip = &en->e.ip;
	size_t m, end = en->off + en->e.target_offset;
	uint16_t msize;
	char name[IPTPARSE_NAME_MAX];

	r->proto = ip->proto;
	r->flags = ip->flags;
	r->invflags = ip->invflags;
	memcpy(r->src, &ip->src, 4);
	memcpy(r->smsk, &ip->smsk, 4);
	memcpy(r->dst, &ip->dst, 4);
	memcpy(r->dmsk, &ip->dmsk, 4);
	copy_name(r->iniface, sizeof(r->iniface),
		  (const uint8_t *)ip->iniface, IFNAMSIZ);
	copy_name(r->outiface, sizeof(r->outiface),
		  (const uint8_t *)ip->outiface, IFNAMSIZ);
	memcpy(r->iniface_mask, ip->iniface_mask, 16);
	memcpy(r->outiface_mask, ip->outiface_mask, 16);
	r->packets = en->e.counters.pcnt;
	r->bytes = en->e.counters.bcnt;
	r->nmatches = en->nmatches;

	/* The walk checked every match's size. */
	for (m = en->off + sizeof(struct ipt_entry); m < end; m += msize) {
		size_t dlen;

		memcpy(&msize, blob + m, sizeof(msize));
		copy_name(name, sizeof(name),
			  blob + m + offsetof(struct xt_entry_match,
					      u.user.name),
			  XT_EXTENSION_MAXNAMELEN);
		if (m == en->off + sizeof(struct ipt_entry))
			memcpy(r->first_match, name, sizeof(name));
		dlen = msize - sizeof(struct xt_entry_match);
		if (r->has_ports)
			continue;
		if (strcmp(name, "tcp") == 0 &&
		    dlen >= sizeof(struct xt_tcp)) {
			struct xt_tcp tcp;

			memcpy(&tcp, blob + m + sizeof(struct xt_entry_match),
			       sizeof(tcp));
			r->has_ports = true;
			memcpy(r->spts, tcp.spts, sizeof(r->spts));
			memcpy(r->dpts, tcp.dpts, sizeof(r->dpts));
			r->sinv = tcp.invflags & XT_TCP_INV_SRCPT;
			r->dinv = tcp.invflags & XT_TCP_INV_DSTPT;
		} else if (strcmp(name, "udp") == 0 &&
			   dlen >= sizeof(struct xt_udp)) {
			struct xt_udp udp;

			memcpy(&udp, blob + m + sizeof(struct xt_entry_match),
			       sizeof(udp));
			r->has_ports = true;
			memcpy(r->spts, udp.spts, sizeof(r->spts));
			memcpy(r->dpts, udp.dpts, sizeof(r->dpts));
			r->sinv = udp.invflags & XT_UDP_INV_SRCPT;
			r->dinv = udp.invflags & XT_UDP_INV_DSTPT;
		}
	}
}

/* The user chain whose rules start at offset off (a jump's target). */
static long chain_at(const struct build *b, size_t off)
{
	size_t i;

	for (i = 0; i < b->t->nchains; i++)
		if (!b->t->chains[i].builtin && b->body[i] == off)
			return (long)i;
	return -1;
}

/* Second look at the standard targets: jumps and fall-throughs. */
static int resolve_jumps(struct build *b, const uint8_t *blob,
			 const struct entry *v, char *err, size_t errsize)
{
	struct iptparse_table *t = b->t;
	size_t i;
	long c;
	int verdict;

	for (i = 0; i < t->nrules; i++) {
		const struct entry *en = &v[b->entry[i]];

		if (!is_standard(en))
			continue;
		verdict = verdict_of(blob, en);
		if (verdict < 0)
			continue;
		if ((size_t)verdict == en->off + en->e.next_offset)
			continue; /* no target: the rule only counts */
		c = chain_at(b, (size_t)verdict);
		if (c < 0)
			return fail(err, errsize,
				    "entry at offset %zu jumps to offset %d, "
				    "where no chain starts", en->off, verdict);
		memcpy(t->rules[i].target, t->chains[c].name,
		       sizeof(t->rules[i].target));
	}
	return 0;
}

int iptparse_entries(const struct iptparse_info *info, const void *blob_,
		     size_t size, struct iptparse_table *t, char *err,
		     size_t errsize)
{
	const uint8_t *blob = blob_;
	struct build b = { .t = t };
	struct entry *v = NULL;
	struct iptparse_chain *c = NULL;
	size_t i;
	long n, under = -1;
	unsigned h;
	int rc = -1;

	memset(t, 0, sizeof(*t));
	if (err && errsize)
		err[0] = '\0';
	if (!blob && size)
		return fail(err, errsize, "no blob");
	n = walk(blob, size, &v, err, errsize);
	if (n < 0)
		return -1;

	for (h = 0; h < IPTPARSE_HOOKS; h++) {
		if (!(info->valid_hooks & (1u << h)))
			continue;
		if (find_entry(v, (size_t)n, info->hook_entry[h]) < 0 ||
		    find_entry(v, (size_t)n, info->underflow[h]) < 0 ||
		    info->underflow[h] < info->hook_entry[h]) {
			fail(err, errsize,
			     "hook %u: entry %u or underflow %u is no entry",
			     h, info->hook_entry[h], info->underflow[h]);
			goto out;
		}
	}

	for (i = 0; i < (size_t)n; i++) {
		const struct entry *en = &v[i];
		struct iptparse_rule *r;

		/* Does a built-in chain start here? */
		for (h = 0; h < IPTPARSE_HOOKS; h++)
			if ((info->valid_hooks & (1u << h)) &&
			    info->hook_entry[h] == en->off)
				break;
		if (h < IPTPARSE_HOOKS) {
			if (c) {
				fail(err, errsize,
				     "entry at offset %zu: chain %s has no "
				     "end", en->off, c->name);
				goto out;
			}
			if (add_chain(&b, &c) < 0)
				goto nomem;
			snprintf(c->name, sizeof(c->name), "%s",
				 hook_names[h]);
			c->builtin = true;
			under = (long)info->underflow[h];
		}

		if (is_error(en) && (!c || !c->builtin)) {
			if (c) {
				fail(err, errsize,
				     "entry at offset %zu: chain %s has no "
				     "end", en->off, c->name);
				goto out;
			}
			if (i == (size_t)n - 1)
				break; /* the blob's end */
			/* A user-defined chain's head. */
			if (add_chain(&b, &c) < 0)
				goto nomem;
			copy_name(c->name, sizeof(c->name), blob + en->tdata,
				  en->tdlen < XT_FUNCTION_MAXNAMELEN ?
					  en->tdlen : XT_FUNCTION_MAXNAMELEN);
			b.body[t->nchains - 1] = en->off + en->e.next_offset;
			continue;
		}
		if (!c) {
			fail(err, errsize,
			     "entry at offset %zu belongs to no chain",
			     en->off);
			goto out;
		}
		if (c->builtin && (long)en->off == under) {
			/* The policy. */
			if (!is_standard(en)) {
				fail(err, errsize,
				     "entry at offset %zu: policy without a "
				     "verdict", en->off);
				goto out;
			}
			verdict_name(verdict_of(blob, en), c->policy);
			c->packets = en->e.counters.pcnt;
			c->bytes = en->e.counters.bcnt;
			c = NULL;
			continue;
		}
		if (!c->builtin && is_standard(en) &&
		    verdict_of(blob, en) == XT_RETURN &&
		    (i + 1 == (size_t)n || is_error(&v[i + 1]))) {
			/* A user-defined chain's implicit return. */
			c = NULL;
			continue;
		}

		if (add_rule(&b, i, &r) < 0)
			goto nomem;
		c->nrules++;
		rule_fields(blob, en, r);
		if (!is_standard(en))
			memcpy(r->target, en->tname, sizeof(r->target));
		else if (verdict_of(blob, en) < 0)
			verdict_name(verdict_of(blob, en), r->target);
	}
	if (c) {
		fail(err, errsize, "chain %s has no end", c->name);
		goto out;
	}
	if (resolve_jumps(&b, blob, v, err, errsize) < 0)
		goto out;
	rc = 0;
	goto out;
nomem:
	if (err && errsize)
		snprintf(err, errsize, "out of memory");
	errno = ENOMEM;
out:
	if (rc < 0)
		iptparse_table_release(t);
	free(b.body);
	free(b.entry);
	free(v);
	return rc;
}

void iptparse_table_release(struct iptparse_table *t)
{
	free(t->chains);
	free(t->rules);
	memset(t, 0, sizeof(*t));
}
