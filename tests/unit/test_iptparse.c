/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_iptparse.c: the legacy iptables blob parser on a table laid out as
 * the kernel returns it (built-in chains with policies, a user-defined
 * chain, a jump, a goto, a tcp match, a counting rule, an extension
 * target), and on hostile blobs: every truncation, offsets and sizes past
 * the end, matches that overlap the target, hook offsets that are no
 * entry, jumps to nowhere, entries outside any chain, and random damage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <linux/netfilter.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter_ipv4/ip_tables.h>

#include "tables/iptparse.h"

static char err[256];

/* A blob being built, with the offsets the tests need. */
struct blob {
	uint8_t b[8192];
	size_t len;
	struct iptparse_info info;
};

#define ENTRY_SIZE sizeof(struct ipt_entry)
#define STD_SIZE XT_ALIGN(sizeof(struct xt_standard_target))
#define ERR_SIZE XT_ALIGN(sizeof(struct xt_error_target))
#define TCP_SIZE XT_ALIGN(sizeof(struct xt_entry_match) + sizeof(struct xt_tcp))

/* Starts an entry; returns its offset. */
static size_t entry(struct blob *bl, const struct ipt_entry *tmpl,
		    size_t matches, size_t target)
{
	struct ipt_entry e;
	size_t off = bl->len;

	if (tmpl)
		e = *tmpl;
	else
		memset(&e, 0, sizeof(e));
	e.target_offset = (uint16_t)(ENTRY_SIZE + matches);
	e.next_offset = (uint16_t)(ENTRY_SIZE + matches + target);
	assert_true(off + e.next_offset <= sizeof(bl->b));
	memset(bl->b + off, 0, e.next_offset);
	memcpy(bl->b + off, &e, sizeof(e));
	bl->len += ENTRY_SIZE;
	return off;
}

static void std_target(struct blob *bl, int verdict)
{
	struct xt_standard_target t;

	memset(&t, 0, sizeof(t));
	t.target.u.user.target_size = STD_SIZE;
	t.verdict = verdict;
	memcpy(bl->b + bl->len, &t, sizeof(t));
	bl->len += STD_SIZE;
}

static void err_target(struct blob *bl, const char *name)
{
	struct xt_error_target t;

	memset(&t, 0, sizeof(t));
	t.target.u.user.target_size = ERR_SIZE;
	memcpy(t.target.u.user.name, "ERROR", 6);
	memcpy(t.errorname, name, strlen(name) + 1);
	memcpy(bl->b + bl->len, &t, sizeof(t));
	bl->len += ERR_SIZE;
}

static void named_target(struct blob *bl, const char *name, size_t size)
{
	struct xt_entry_target t;

	memset(&t, 0, sizeof(t));
	t.u.user.target_size = (uint16_t)size;
	memcpy(t.u.user.name, name, strlen(name) + 1);
	memcpy(bl->b + bl->len, &t, sizeof(t));
	bl->len += size;
}

static void tcp_match(struct blob *bl, uint16_t dport, uint8_t inv)
{
	struct xt_entry_match m;
	struct xt_tcp tcp;

	memset(&m, 0, sizeof(m));
	memset(&tcp, 0, sizeof(tcp));
	m.u.user.match_size = TCP_SIZE;
	memcpy(m.u.user.name, "tcp", 4);
	tcp.spts[1] = 65535;
	tcp.dpts[0] = tcp.dpts[1] = dport;
	tcp.invflags = inv;
	memcpy(bl->b + bl->len, &m, sizeof(m));
	memcpy(bl->b + bl->len + sizeof(m), &tcp, sizeof(tcp));
	bl->len += TCP_SIZE;
}

/*
 * filter as `iptables-legacy` leaves it after
 *   -P FORWARD DROP
 *   -N web
 *   -A INPUT -i eth0 -s 10.0.0.0/8 -p tcp --dport 22 -j ACCEPT
 *   -A INPUT -j web
 *   -A INPUT ! -o lo+          (counts only)
 *   -A OUTPUT -g web
 *   -A web -j LOG
 * with counters on the first rule and on INPUT's policy.
 */
static size_t web_body;

static void build(struct blob *bl)
{
	struct ipt_entry e;
	size_t off;

	memset(bl, 0, sizeof(*bl));
	bl->info.valid_hooks = (1 << NF_INET_LOCAL_IN) |
			       (1 << NF_INET_FORWARD) |
			       (1 << NF_INET_LOCAL_OUT);
	/* The offsets are known in advance: every entry's size is. */
	web_body = 4 * (ENTRY_SIZE + STD_SIZE) + (ENTRY_SIZE + TCP_SIZE +
						  STD_SIZE) +
		   2 * (ENTRY_SIZE + STD_SIZE) + (ENTRY_SIZE + ERR_SIZE);

	/* INPUT */
	bl->info.hook_entry[NF_INET_LOCAL_IN] = (uint32_t)bl->len;
	memset(&e, 0, sizeof(e));
	e.ip.proto = IPPROTO_TCP;
	memcpy(e.ip.iniface, "eth0", 5);
	memset(e.ip.iniface_mask, 0xff, 5);
	e.ip.src.s_addr = htonl(0x0a000000);
	e.ip.smsk.s_addr = htonl(0xff000000);
	e.counters.pcnt = 7;
	e.counters.bcnt = 420;
	entry(bl, &e, TCP_SIZE, STD_SIZE);
	tcp_match(bl, 22, 0);
	std_target(bl, -NF_ACCEPT - 1);
	entry(bl, NULL, 0, STD_SIZE);
	std_target(bl, (int)web_body);
	memset(&e, 0, sizeof(e));
	memcpy(e.ip.outiface, "lo", 3);
	memset(e.ip.outiface_mask, 0xff, 2);
	e.ip.invflags = IPT_INV_VIA_OUT;
	off = entry(bl, &e, 0, STD_SIZE);
	std_target(bl, (int)(off + ENTRY_SIZE + STD_SIZE));
	bl->info.underflow[NF_INET_LOCAL_IN] = (uint32_t)bl->len;
	memset(&e, 0, sizeof(e));
	e.counters.pcnt = 3;
	e.counters.bcnt = 180;
	entry(bl, &e, 0, STD_SIZE);
	std_target(bl, -NF_ACCEPT - 1);
	/* FORWARD */
	bl->info.hook_entry[NF_INET_FORWARD] = (uint32_t)bl->len;
	bl->info.underflow[NF_INET_FORWARD] = (uint32_t)bl->len;
	entry(bl, NULL, 0, STD_SIZE);
	std_target(bl, -NF_DROP - 1);
	/* OUTPUT */
	bl->info.hook_entry[NF_INET_LOCAL_OUT] = (uint32_t)bl->len;
	memset(&e, 0, sizeof(e));
	e.ip.flags = IPT_F_GOTO;
	entry(bl, &e, 0, STD_SIZE);
	std_target(bl, (int)web_body);
	bl->info.underflow[NF_INET_LOCAL_OUT] = (uint32_t)bl->len;
	entry(bl, NULL, 0, STD_SIZE);
	std_target(bl, -NF_ACCEPT - 1);
	/* web */
	entry(bl, NULL, 0, ERR_SIZE);
	err_target(bl, "web");
	assert_int_equal(bl->len, web_body);
	entry(bl, NULL, 0, XT_ALIGN(sizeof(struct xt_entry_target) + 8));
	named_target(bl, "LOG", XT_ALIGN(sizeof(struct xt_entry_target) + 8));
	entry(bl, NULL, 0, STD_SIZE);
	std_target(bl, XT_RETURN);
	/* The end. */
	entry(bl, NULL, 0, ERR_SIZE);
	err_target(bl, "ERROR");
}

static void test_table(void **state)
{
	struct blob bl;
	struct iptparse_table t;
	const struct iptparse_rule *r;
	static const uint8_t lo_mask[16] = { 0xff, 0xff };

	(void)state;
	build(&bl);
	assert_int_equal(iptparse_entries(&bl.info, bl.b, bl.len, &t, err,
					  sizeof(err)),
			 0);
	assert_string_equal(err, "");
	assert_int_equal(t.nchains, 4);
	assert_string_equal(t.chains[0].name, "INPUT");
	assert_true(t.chains[0].builtin);
	assert_string_equal(t.chains[0].policy, "ACCEPT");
	assert_int_equal(t.chains[0].packets, 3);
	assert_int_equal(t.chains[0].bytes, 180);
	assert_int_equal(t.chains[0].first_rule, 0);
	assert_int_equal(t.chains[0].nrules, 3);
	assert_string_equal(t.chains[1].name, "FORWARD");
	assert_string_equal(t.chains[1].policy, "DROP");
	assert_int_equal(t.chains[1].nrules, 0);
	assert_string_equal(t.chains[2].name, "OUTPUT");
	assert_int_equal(t.chains[2].first_rule, 3);
	assert_int_equal(t.chains[2].nrules, 1);
	assert_string_equal(t.chains[3].name, "web");
	assert_false(t.chains[3].builtin);
	assert_string_equal(t.chains[3].policy, "");
	assert_int_equal(t.chains[3].first_rule, 4);
	assert_int_equal(t.chains[3].nrules, 1);
	assert_int_equal(t.nrules, 5);

	r = &t.rules[0];
	assert_int_equal(r->chain, 0);
	assert_string_equal(r->target, "ACCEPT");
	assert_int_equal(r->proto, 6);
	assert_string_equal(r->iniface, "eth0");
	assert_string_equal(r->outiface, "");
	assert_int_equal(r->src[0], 10);
	assert_int_equal(r->smsk[0], 255);
	assert_int_equal(r->smsk[1], 0);
	assert_int_equal(r->nmatches, 1);
	assert_string_equal(r->first_match, "tcp");
	assert_true(r->has_ports);
	assert_int_equal(r->spts[0], 0);
	assert_int_equal(r->spts[1], 65535);
	assert_int_equal(r->dpts[0], 22);
	assert_int_equal(r->dpts[1], 22);
	assert_false(r->sinv);
	assert_false(r->dinv);
	assert_int_equal(r->packets, 7);
	assert_int_equal(r->bytes, 420);

	r = &t.rules[1];
	assert_string_equal(r->target, "web");
	assert_int_equal(r->flags & IPT_F_GOTO, 0);
	assert_int_equal(r->nmatches, 0);
	assert_string_equal(r->first_match, "");
	assert_false(r->has_ports);

	r = &t.rules[2];
	assert_string_equal(r->target, "");
	assert_string_equal(r->outiface, "lo");
	assert_memory_equal(r->outiface_mask, lo_mask, 16);
	assert_int_equal(r->invflags, IPT_INV_VIA_OUT);

	r = &t.rules[3];
	assert_int_equal(r->chain, 2);
	assert_string_equal(r->target, "web");
	assert_int_equal(r->flags & IPT_F_GOTO, IPT_F_GOTO);

	r = &t.rules[4];
	assert_int_equal(r->chain, 3);
	assert_string_equal(r->target, "LOG");
	iptparse_table_release(&t);
	assert_null(t.chains);
	assert_int_equal(t.nrules, 0);
}

/* The smallest table: no chains, only the end. */
static void test_empty(void **state)
{
	struct blob bl;
	struct iptparse_table t;

	(void)state;
	memset(&bl, 0, sizeof(bl));
	entry(&bl, NULL, 0, ERR_SIZE);
	err_target(&bl, "ERROR");
	assert_int_equal(iptparse_entries(&bl.info, bl.b, bl.len, &t, err,
					  sizeof(err)),
			 0);
	assert_int_equal(t.nchains, 0);
	assert_int_equal(t.nrules, 0);
	iptparse_table_release(&t);
	assert_int_equal(iptparse_entries(&bl.info, NULL, 0, &t, err,
					  sizeof(err)),
			 0);
	assert_int_equal(t.nchains, 0);
	assert_int_equal(iptparse_entries(&bl.info, NULL, 10, &t, err,
					  sizeof(err)),
			 -1);
}

static void refused(const struct blob *bl, size_t len, const char *why)
{
	struct iptparse_table t;

	err[0] = 'x';
	assert_int_equal(iptparse_entries(&bl->info, bl->b, len, &t, err,
					  sizeof(err)),
			 -1);
	assert_string_equal(err, why);
	assert_null(t.chains);
	assert_null(t.rules);
	assert_int_equal(t.nchains, 0);
}

static void set16(struct blob *bl, size_t off, uint16_t v)
{
	memcpy(bl->b + off, &v, sizeof(v));
}

static void test_hostile(void **state)
{
	struct blob bl, good;
	size_t second = ENTRY_SIZE + TCP_SIZE + STD_SIZE;
	size_t to = offsetof(struct ipt_entry, target_offset);
	size_t no = offsetof(struct ipt_entry, next_offset);
	int v;

	(void)state;
	build(&good);

	/* A blob cut inside the first entry. */
	refused(&good, 50, "entry at offset 0: 50 bytes left, an entry needs "
			   "112");
	/* A next_offset past the end, and one too small. */
	bl = good;
	set16(&bl, no, 60000);
	refused(&bl, bl.len, "entry at offset 0: next_offset 60000 out of "
			     "range");
	bl = good;
	set16(&bl, no, 100);
	refused(&bl, bl.len, "entry at offset 0: next_offset 100 out of "
			     "range");
	/* A target_offset inside the entry, and one past the last target
	 * header that fits. */
	bl = good;
	set16(&bl, to, 8);
	refused(&bl, bl.len, "entry at offset 0: target_offset 8 out of "
			     "range");
	bl = good;
	set16(&bl, to, (uint16_t)(ENTRY_SIZE + TCP_SIZE + 20));
	refused(&bl, bl.len, "entry at offset 0: target_offset 180 out of "
			     "range");
	/* A match of size 0 (an endless loop, were it taken), one running
	 * into the target, and a match space too small for a header. */
	bl = good;
	set16(&bl, ENTRY_SIZE, 0);
	refused(&bl, bl.len, "entry at offset 0: match at +112 has size 0");
	bl = good;
	set16(&bl, ENTRY_SIZE, TCP_SIZE + 8);
	refused(&bl, bl.len, "entry at offset 0: match at +112 has size 56");
	bl = good;
	set16(&bl, to, (uint16_t)(ENTRY_SIZE + 16));
	refused(&bl, bl.len, "entry at offset 0: match at +112 overlaps the "
			     "target");
	/* A target larger than its entry, and smaller than its header. */
	bl = good;
	set16(&bl, ENTRY_SIZE + TCP_SIZE, 200);
	refused(&bl, bl.len, "entry at offset 0: target has size 200");
	bl = good;
	set16(&bl, ENTRY_SIZE + TCP_SIZE, 4);
	refused(&bl, bl.len, "entry at offset 0: target has size 4");
	/* Hook offsets that are no entry. */
	bl = good;
	bl.info.hook_entry[NF_INET_LOCAL_IN] = 8;
	refused(&bl, bl.len, "hook 1: entry 8 or underflow 504 is no entry");
	bl = good;
	bl.info.underflow[NF_INET_FORWARD] = 1u << 31;
	refused(&bl, bl.len,
		"hook 2: entry 656 or underflow 2147483648 is no entry");
	bl = good;
	bl.info.underflow[NF_INET_LOCAL_IN] = 0;
	refused(&bl, bl.len, "entry at offset 200 belongs to no chain");
	/* A jump to an offset where no chain starts. */
	bl = good;
	v = 8;
	memcpy(bl.b + second + ENTRY_SIZE + sizeof(struct xt_entry_target),
	       &v, sizeof(v));
	refused(&bl, bl.len, "entry at offset 200 jumps to offset 8, where no "
			     "chain starts");
	/* An entry before the first chain. */
	bl = good;
	bl.info.hook_entry[NF_INET_LOCAL_IN] = (uint32_t)second;
	refused(&bl, bl.len, "entry at offset 0 belongs to no chain");
	/* A policy entry whose target is no verdict. */
	bl = good;
	memcpy(bl.b + 504 + ENTRY_SIZE +
		       offsetof(struct xt_entry_target, u.user.name),
	       "LOG", 4);
	refused(&bl, bl.len, "entry at offset 504: policy without a verdict");
	/* A built-in chain without its policy: its underflow points into
	 * the next chain. */
	bl = good;
	bl.info.valid_hooks &= ~(1u << NF_INET_FORWARD);
	bl.info.underflow[NF_INET_LOCAL_IN] =
		bl.info.underflow[NF_INET_LOCAL_OUT];
	refused(&bl, bl.len, "entry at offset 808: chain INPUT has no end");
	/* A user chain cut before its return. */
	refused(&good, good.len - ENTRY_SIZE - ERR_SIZE - ENTRY_SIZE - STD_SIZE,
		"chain web has no end");
}

/* Every prefix of a good blob, and random damage: refused or parsed,
 * never a crash (ASan and UBSan watch the reads). */
static void test_fuzz(void **state)
{
	struct blob good, bl;
	struct iptparse_table t;
	uint32_t seed = 12345;
	size_t len, i, k;

	(void)state;
	build(&good);
	for (len = 0; len < good.len; len++) {
		uint8_t *copy = malloc(len ? len : 1);

		assert_non_null(copy);
		memcpy(copy, good.b, len);
		if (iptparse_entries(&good.info, copy, len, &t, err,
				     sizeof(err)) == 0)
			iptparse_table_release(&t);
		free(copy);
	}
	for (i = 0; i < 20000; i++) {
		uint8_t *copy;

		bl = good;
		for (k = 0; k < 1 + i % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			bl.b[(seed >> 8) % bl.len] = (uint8_t)(seed >> 24);
		}
		seed = seed * 1103515245u + 12345u;
		if (seed % 7 == 0)
			bl.info.hook_entry[(seed >> 8) % IPTPARSE_HOOKS] =
				seed >> 12;
		copy = malloc(bl.len);
		assert_non_null(copy);
		memcpy(copy, bl.b, bl.len);
		if (iptparse_entries(&bl.info, copy, bl.len, &t, err,
				     sizeof(err)) == 0)
			iptparse_table_release(&t);
		free(copy);
	}
}

static void test_hook_names(void **state)
{
	(void)state;
	assert_string_equal(iptparse_hook_name(0), "PREROUTING");
	assert_string_equal(iptparse_hook_name(4), "POSTROUTING");
	assert_null(iptparse_hook_name(5));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_fuzz),
		cmocka_unit_test(test_hook_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
