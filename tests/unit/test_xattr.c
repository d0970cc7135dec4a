/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_xattr.c: how extended_attributes shows values: the text test,
 * base64 (RFC 4648's test vectors), and security.capability decoded as
 * getcap(8) prints it, on the bytes setcap(8) wrote for each case (read
 * back with `getfattr -e hex`), for revisions 1 to 3, and on malformed
 * values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/xattr.h"

static bool is_text(const char *v, size_t n, size_t want_len)
{
	size_t len = 99;
	bool t = xattr_is_text(v, n, &len);

	if (t)
		assert_int_equal(len, want_len);
	return t;
}

static void test_is_text(void **state)
{
	(void)state;
	assert_true(is_text("bar", 3, 3));
	assert_true(is_text("system_u:object_r:bin_t:s0\0", 27, 26));
	assert_true(is_text("\0", 1, 0));
	assert_true(is_text("a b~", 4, 4));
	assert_false(is_text("", 0, 0));
	assert_false(is_text("a\0b", 3, 0));
	assert_false(is_text("ab\0\0", 4, 0));
	assert_false(is_text("a\n", 2, 0));
	assert_false(is_text("\x7f", 1, 0));
	assert_false(is_text("caf\xc3\xa9", 5, 0));
}

static void b64(const char *in, const char *want)
{
	char out[64];
	size_t n = strlen(in);

	assert_int_equal(xattr_base64(in, n, out), strlen(want));
	assert_string_equal(out, want);
	assert_true(strlen(out) + 1 <= XATTR_BASE64_SIZE(n));
}

static void test_base64(void **state)
{
	char out[8];

	(void)state;
	b64("", "");
	b64("f", "Zg==");
	b64("fo", "Zm8=");
	b64("foo", "Zm9v");
	b64("foob", "Zm9vYg==");
	b64("fooba", "Zm9vYmE=");
	b64("foobar", "Zm9vYmFy");
	assert_int_equal(xattr_base64("\xff\xfe\x00", 3, out), 4);
	assert_string_equal(out, "//4A");
}

/* Decodes the hex of a value as `getfattr -e hex` prints it. */
static size_t unhex(const char *hex, unsigned char *out)
{
	size_t n = 0;

	if (hex[0] == '0' && hex[1] == 'x')
		hex += 2;
	for (; hex[0] && hex[1]; hex += 2) {
		char byte[3] = { hex[0], hex[1], '\0' };

		out[n++] = (unsigned char)strtoul(byte, NULL, 16);
	}
	return n;
}

static void cap(const char *hex, const char *want)
{
	unsigned char v[64];
	char out[XATTR_CAP_TEXT_MAX], err[64] = "";
	size_t n = unhex(hex, v);

	assert_int_equal(xattr_cap_text(v, n, out, sizeof(out), err,
					sizeof(err)),
			 0);
	assert_string_equal(out, want);
}

static void cap_bad(const char *hex, const char *why)
{
	unsigned char v[64];
	char out[XATTR_CAP_TEXT_MAX], err[64] = "";
	size_t n = unhex(hex, v);

	assert_int_equal(xattr_cap_text(v, n, out, sizeof(out), err,
					sizeof(err)),
			 -1);
	assert_string_equal(err, why);
	assert_string_equal(out, "");
}

static void test_capabilities(void **state)
{
	(void)state;
	/* setcap cap_net_raw=ep (revision 2) */
	cap("0x0100000200200000000000000000000000000000", "cap_net_raw=ep");
	cap("0x0100000200300000000000000000000000000000",
	    "cap_net_admin,cap_net_raw=ep");
	cap("0x0000000200000000010000000000000000000000", "cap_chown=i");
	/* all=ep: every named capability is the default */
	cap("0x01000002ffffffff00000000ff01000000000000", "=ep");
	cap("0x00000002feffffff00000000ff01000000000000", "=p cap_chown-p");
	cap("0x0000000200000000000000008001000000000000",
	    "cap_bpf,cap_checkpoint_restore=p");
	cap("0x0000000280000000200000000000000000000000",
	    "cap_kill=i cap_setuid+p");
	cap("0x0000000281000000a00000000000000000000000",
	    "cap_setuid=ip cap_kill+i cap_chown+p");
	cap("0x01000002a1000000a00000000000000000000000",
	    "cap_kill,cap_setuid=eip cap_chown+ep");
	/* setcap -n 1000 cap_net_raw=ep: revision 3, the root id not shown */
	cap("0x0100000300200000000000000000000000000000e8030000",
	    "cap_net_raw=ep");
	/* revision 1: one 32-bit word */
	cap("0x010000010020000000000000", "cap_net_raw=ep");
	/* nothing set */
	cap("0x0000000200000000000000000000000000000000", "=");
	/* a capability above the named ones, by number */
	cap("0x0000000200000000000000000004000000000000", "= 42+p");
	cap("0x0000000200200000000000000004000000000000",
	    "cap_net_raw=p 42+p");
}

static void test_bad_capabilities(void **state)
{
	(void)state;
	cap_bad("0x010000", "bad capability size");
	cap_bad("0x01000002002000000000000000000000", "bad capability size");
	cap_bad("0x0100000300200000000000000000000000000000",
		"bad capability size");
	cap_bad("0x0100000400200000000000000000000000000000",
		"bad capability revision");
	cap_bad("0x0000000000000000000000000000000000000000",
		"bad capability revision");
}

static void test_cap_text_too_long(void **state)
{
	unsigned char v[20];
	char out[8], err[64] = "";

	(void)state;
	unhex("0x0100000200300000000000000000000000000000", v);
	assert_int_equal(xattr_cap_text(v, 20, out, sizeof(out), err,
					sizeof(err)),
			 -1);
	assert_string_equal(err, "text too long");
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_text),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_capabilities),
		cmocka_unit_test(test_bad_capabilities),
		cmocka_unit_test(test_cap_text_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
