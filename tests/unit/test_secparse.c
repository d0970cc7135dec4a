/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_secparse.c: the parsers behind the security posture tables, on
 * what the kernel writes and on hostile input: truncated and oversized
 * EFI variables, gzip streams that are corrupt, cut short or inflate past
 * the cap, .config lines with odd spacing and broken strings, command
 * lines with nested and unbalanced quotes, IMA policy rules and
 * measurement lines of every template (names with spaces, empty
 * signatures, garbage), capability masks with bits Linux has no name for,
 * security.capability attributes of every revision with wrong sizes and
 * magic, /proc/PID/status with out-of-range values, TPM 1.2 caps, and
 * device-mapper uuids and ioctl replies with looping offsets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <linux/dm-ioctl.h>
#include <zlib.h>

#include "tables/secparse.h"
#include "util/buf.h"

static char err[128];
/* Parsers that work in place get a copy of the test's text. */
static char line[8192];

static char *copy(const char *s)
{
	size_t n = strlen(s);

	assert_true(n < sizeof(line));
	memcpy(line, s, n + 1);
	err[0] = '\0';
	return line;
}

/* ---------------------------------------------------------------- */
/* EFI variables */

static void test_efivar(void **state)
{
	static const unsigned char on[] = { 6, 0, 0, 0, 1 };
	static const unsigned char off[] = { 7, 0, 0, 0, 0 };
	static const unsigned char odd[] = { 6, 0, 0, 0, 0x5a };
	static const unsigned char longer[] = { 6, 0, 0, 0, 1, 0 };
	uint32_t attrs = 0;
	int v = 9;

	(void)state;
	assert_int_equal(secparse_efivar_bool(on, 5, &attrs, &v, err,
					      sizeof(err)), 0);
	assert_int_equal(v, 1);
	assert_int_equal(attrs, 6);
	assert_int_equal(secparse_efivar_bool(off, 5, &attrs, &v, err,
					      sizeof(err)), 0);
	assert_int_equal(v, 0);
	assert_int_equal(attrs, 7);
	/* Neither 0 nor 1: -1, as osquery shows it. */
	assert_int_equal(secparse_efivar_bool(odd, 5, &attrs, &v, err,
					      sizeof(err)), 0);
	assert_int_equal(v, -1);
	/* Cut short anywhere, or longer than a UINT8 variable. */
	assert_int_equal(secparse_efivar_bool(on, 4, &attrs, &v, err,
					      sizeof(err)), -1);
	assert_string_equal(err, "truncated variable");
	assert_int_equal(secparse_efivar_bool(on, 0, &attrs, &v, err,
					      sizeof(err)), -1);
	assert_string_equal(err, "truncated variable");
	assert_int_equal(secparse_efivar_bool(longer, 6, &attrs, &v, err,
					      sizeof(err)), -1);
	assert_string_equal(err, "bad variable size");
}

/* ---------------------------------------------------------------- */
/* gzip */

/* Compresses text into a gzip member; returns its size in out. */
static size_t gzip(const void *text, size_t n, unsigned char *out,
		   size_t size)
{
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (unsigned char *)(uintptr_t)text;
	zs.avail_in = (uInt)n;
	zs.next_out = out;
	zs.avail_out = (uInt)size;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	n = size - zs.avail_out;
	deflateEnd(&zs);
	return n;
}

static void test_gunzip(void **state)
{
	static const char text[] = "CONFIG_A=y\n# CONFIG_B is not set\n";
	static unsigned char gz[1 << 16], bad[1 << 16];
	static char zeros[1 << 20];
	struct buf out = BUF_INIT(1 << 20);
	size_t n, i;

	(void)state;
	n = gzip(text, strlen(text), gz, sizeof(gz));
	assert_int_equal(secparse_gunzip(gz, n, &out, err, sizeof(err)), 0);
	assert_int_equal(out.len, strlen(text));
	assert_string_equal(out.data, text);

	/* Trailing bytes after the member are ignored. */
	memcpy(bad, gz, n);
	memset(bad + n, 0, 16);
	assert_int_equal(secparse_gunzip(bad, n + 16, &out, err, sizeof(err)),
			 0);
	assert_string_equal(out.data, text);

	/* Cut short at every length: never a success, never a crash. */
	for (i = 0; i < n; i++)
		assert_int_equal(secparse_gunzip(gz, i, &out, err,
						 sizeof(err)), -1);
	assert_int_equal(out.len, 0);
	assert_int_equal(secparse_gunzip(gz, n - 4, &out, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "truncated gzip data");

	/* Not gzip at all. */
	assert_int_equal(secparse_gunzip("CONFIG_A=y\nCONFIG_B=y\n", 22, &out,
					 err, sizeof(err)), -1);
	assert_string_equal(err, "not gzip data");

	/* A flipped byte in the deflate data or the CRC. */
	memcpy(bad, gz, n);
	bad[12] ^= 0xff;
	assert_int_equal(secparse_gunzip(bad, n, &out, err, sizeof(err)), -1);
	memcpy(bad, gz, n);
	bad[n - 6] ^= 0x01;
	assert_int_equal(secparse_gunzip(bad, n, &out, err, sizeof(err)), -1);
	assert_string_equal(err, "corrupt gzip data");
	/* A bad header method byte. */
	memcpy(bad, gz, n);
	bad[2] = 7;
	assert_int_equal(secparse_gunzip(bad, n, &out, err, sizeof(err)), -1);
	assert_string_equal(err, "corrupt gzip data");
	assert_int_equal(out.len, 0);

	/* A bomb: 1 MiB of zeros into a 64 KiB cap. */
	n = gzip(zeros, sizeof(zeros), gz, sizeof(gz));
	buf_release(&out);
	buf_init(&out, 64 << 10);
	assert_int_equal(secparse_gunzip(gz, n, &out, err, sizeof(err)), -1);
	assert_string_equal(err, "inflated data too large");
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

/* ---------------------------------------------------------------- */
/* .config lines */

static void kc_ok(const char *s, const char *name, const char *value)
{
	char *n, *v;

	assert_int_equal(secparse_kconfig_line(copy(s), &n, &v, err,
					       sizeof(err)), 1);
	assert_string_equal(n, name);
	assert_string_equal(v, value);
}

static void kc_skip(const char *s)
{
	char *n, *v;

	assert_int_equal(secparse_kconfig_line(copy(s), &n, &v, err,
					       sizeof(err)), 0);
	assert_null(n);
}

static void kc_bad(const char *s, const char *why)
{
	char *n, *v;

	assert_int_equal(secparse_kconfig_line(copy(s), &n, &v, err,
					       sizeof(err)), -1);
	assert_string_equal(err, why);
}

static void test_kconfig(void **state)
{
	(void)state;
	kc_ok("CONFIG_MODULES=y", "CONFIG_MODULES", "y");
	kc_ok("CONFIG_DM_VERITY=m\n", "CONFIG_DM_VERITY", "m");
	kc_ok("CONFIG_HZ=250\r\n", "CONFIG_HZ", "250");
	kc_ok("CONFIG_ADDR=0x1000", "CONFIG_ADDR", "0x1000");
	kc_ok("CONFIG_EMPTY=", "CONFIG_EMPTY", "");
	kc_ok("# CONFIG_DEVMEM is not set", "CONFIG_DEVMEM", "n");
	kc_ok("# CONFIG_DEVMEM is not set\r\n", "CONFIG_DEVMEM", "n");
	kc_ok("#CONFIG_KEXEC is not set", "CONFIG_KEXEC", "n");
	/* Odd spacing around the name, the '=' and the value. */
	kc_ok("  CONFIG_X = y  ", "CONFIG_X", "y");
	kc_ok("\tCONFIG_X\t=\ty\t", "CONFIG_X", "y");
	kc_ok("#   CONFIG_Y   is not set", "CONFIG_Y", "n");
	/* Strings: quotes off, escapes undone, a '=' inside kept. */
	kc_ok("CONFIG_LSM=\"lockdown,yama,apparmor\"", "CONFIG_LSM",
	      "lockdown,yama,apparmor");
	kc_ok("CONFIG_CMDLINE=\"a=b \\\"q\\\" back\\\\slash\"",
	      "CONFIG_CMDLINE", "a=b \"q\" back\\slash");
	kc_ok("CONFIG_S=\"\"", "CONFIG_S", "");
	kc_ok("CONFIG_S=\"x\" trailing", "CONFIG_S", "x");

	kc_skip("");
	kc_skip("\n");
	kc_skip("   ");
	kc_skip("#");
	kc_skip("# Automatically generated file; DO NOT EDIT.");
	kc_skip("# CONFIG_X is set");
	kc_skip("# CONFIG_X is not set, really?");
	kc_skip("# is not set");

	kc_bad("CONFIG_BROKEN", "missing '='");
	kc_bad("CONFIG_=y", "bad option name");
	kc_bad("CONFIG_BAD-NAME=y", "bad option name");
	kc_bad("CONFIG_SP ACE=y", "bad option name");
	kc_bad("HOSTNAME=x", "bad option name");
	kc_bad("=y", "bad option name");
	kc_bad("# CONFIG_BAD-NAME is not set", "bad option name");
	kc_bad("CONFIG_S=\"unterminated", "unterminated string");
	kc_bad("CONFIG_S=\"ends in backslash\\\"", "unterminated string");
	kc_bad("CONFIG_S=\"", "unterminated string");
}

/* ---------------------------------------------------------------- */
/* The kernel command line */

/* Splits s; expects the name/value pairs in want (value NULL for none). */
static void cl_split(const char *s, const char *const *want, size_t n)
{
	char *cur = copy(s), *name, *value;
	size_t i;

	for (i = 0; i < n; i++) {
		assert_int_equal(secparse_cmdline_next(&cur, &name, &value), 1);
		assert_string_equal(name, want[2 * i]);
		if (want[2 * i + 1])
			assert_string_equal(value, want[2 * i + 1]);
		else
			assert_null(value);
	}
	assert_int_equal(secparse_cmdline_next(&cur, &name, &value), 0);
	assert_int_equal(secparse_cmdline_next(&cur, &name, &value), 0);
}

static void test_cmdline(void **state)
{
	static const char *const plain[] = {
		"BOOT_IMAGE", "/vmlinuz", "root", "/dev/sda1", "ro", NULL,
		"quiet", NULL,
	};
	static const char *const quoted[] = {
		"dyndbg", "file usb.c +p",       /* quoted value */
		"a b", "c d",                    /* wholly quoted */
		"x", "y z",                      /* wholly quoted x="y z" */
		"p", "a\"b c\"",                 /* inner quotes kept */
		"e", "",                         /* empty value */
		"=", NULL,                       /* a lone '=' */
		"=a", "b",                       /* '=' first is name */
		"--", NULL, "init", "arg",
	};
	static const char *const unbalanced[] = {
		"ok", "1", "foo", "bar baz  qux=2 \"end",
	};
	static const char *const leading[] = { "x", "1", "y", NULL };
	static const char *const only_quote[] = { "", NULL };
	char *cur, *name, *value;

	(void)state;
	cl_split("BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet\n", plain, 4);
	cl_split("dyndbg=\"file usb.c +p\" \"a b=c d\" \"x=y z\" "
		 "p=a\"b c\" e= = =a=b -- init=arg",
		 quoted, 9);
	/* An unbalanced quote runs to the end of the line. */
	cl_split("ok=1 foo=\"bar baz  qux=2 \"end\n", unbalanced, 2);
	cl_split(" \t\n x=1\t\ty  \n", leading, 2);
	cl_split("\"", only_quote, 1);

	cur = copy("");
	assert_int_equal(secparse_cmdline_next(&cur, &name, &value), 0);
	cur = copy(" \n");
	assert_int_equal(secparse_cmdline_next(&cur, &name, &value), 0);
	cur = NULL;
	assert_int_equal(secparse_cmdline_next(&cur, &name, &value), 0);
}

/* ---------------------------------------------------------------- */
/* Lockdown */

static void lk(const char *s, int rc, const char *want)
{
	char mode[16];

	err[0] = '\0';
	assert_int_equal(secparse_lockdown(s, strlen(s), mode, sizeof(mode),
					   err, sizeof(err)), rc);
	assert_string_equal(rc == 0 ? mode : err, want);
}

static void test_lockdown(void **state)
{
	(void)state;
	lk("none [integrity] confidentiality\n", 0, "integrity");
	lk("[none] integrity confidentiality\n", 0, "none");
	lk("none integrity [confidentiality]", 0, "confidentiality");
	lk("none integrity confidentiality\n", -1, "no active mode");
	lk("", -1, "no active mode");
	lk("none [integrity", -1, "no active mode");
	lk("none ]integrity[", -1, "no active mode");
	lk("[]", -1, "bad mode");
	lk("[INTEGRITY]", -1, "bad mode");
	lk("[in tegrity]", -1, "bad mode");
	lk("[averyveryverylongmode]", -1, "bad mode");
}

/* ---------------------------------------------------------------- */
/* IMA policy */

static void span_is(const struct secparse_span *s, const char *want)
{
	if (!want) {
		assert_null(s->p);
		return;
	}
	assert_non_null(s->p);
	assert_int_equal(s->n, strlen(want));
	assert_memory_equal(s->p, want, s->n);
}

static void test_ima_rule(void **state)
{
	struct secparse_ima_rule r;

	(void)state;
	assert_int_equal(secparse_ima_rule(copy("measure func=BPRM_CHECK "
						"mask=MAY_EXEC \n"),
					   &r, err, sizeof(err)), 1);
	assert_string_equal(r.action, "measure");
	assert_string_equal(r.conditions, "func=BPRM_CHECK mask=MAY_EXEC");
	span_is(&r.func, "BPRM_CHECK");
	span_is(&r.mask, "MAY_EXEC");
	span_is(&r.fsmagic, NULL);
	span_is(&r.appraise_type, NULL);

	/* Runs of blanks are joined to single spaces; flags kept. */
	assert_int_equal(secparse_ima_rule(copy("\tappraise   func=BPRM_CHECK\t"
						"fsuuid=2f5e-0c0d   "
						"appraise_type=imasig|modsig "
						"permit_directio uid>1000"),
					   &r, err, sizeof(err)), 1);
	assert_string_equal(r.action, "appraise");
	assert_string_equal(r.conditions,
			    "func=BPRM_CHECK fsuuid=2f5e-0c0d "
			    "appraise_type=imasig|modsig permit_directio "
			    "uid>1000");
	span_is(&r.func, "BPRM_CHECK");
	span_is(&r.fsuuid, "2f5e-0c0d");
	span_is(&r.appraise_type, "imasig|modsig");

	assert_int_equal(secparse_ima_rule(copy("measure func=KEXEC_KERNEL_CHECK"
						" pcr=11 template=ima-sig "
						"fsname=ext4 fsmagic=0x9fa0 "
						"func=MODULE_CHECK"),
					   &r, err, sizeof(err)), 1);
	span_is(&r.pcr, "11");
	span_is(&r.template_fmt, "ima-sig");
	span_is(&r.fsname, "ext4");
	span_is(&r.fsmagic, "0x9fa0");
	span_is(&r.func, "MODULE_CHECK"); /* the last one wins */

	/* A rule with no conditions; a condition with an empty value. */
	assert_int_equal(secparse_ima_rule(copy("dont_hash"), &r, err,
					   sizeof(err)), 1);
	assert_string_equal(r.action, "dont_hash");
	assert_string_equal(r.conditions, "");
	assert_int_equal(secparse_ima_rule(copy("measure func="), &r, err,
					   sizeof(err)), 1);
	span_is(&r.func, "");
	/* "funcx=" and "xfunc=" are not func=. */
	assert_int_equal(secparse_ima_rule(copy("audit funcx=A xfunc=B"), &r,
					   err, sizeof(err)), 1);
	span_is(&r.func, NULL);

	assert_int_equal(secparse_ima_rule(copy(""), &r, err, sizeof(err)), 0);
	assert_int_equal(secparse_ima_rule(copy("  \n"), &r, err,
					   sizeof(err)), 0);
	assert_int_equal(secparse_ima_rule(copy("# measure func=X"), &r, err,
					   sizeof(err)), 0);

	assert_int_equal(secparse_ima_rule(copy("Measure func=X"), &r, err,
					   sizeof(err)), -1);
	assert_string_equal(err, "bad action");
	assert_int_equal(secparse_ima_rule(copy("func=X measure"), &r, err,
					   sizeof(err)), -1);
	assert_string_equal(err, "bad action");
	assert_int_equal(secparse_ima_rule(copy("measure1 x"), &r, err,
					   sizeof(err)), -1);
	assert_int_equal(secparse_ima_rule(copy("measure =X"), &r, err,
					   sizeof(err)), -1);
	assert_string_equal(err, "empty condition");
}

/* ---------------------------------------------------------------- */
/* IMA measurements */

#define TH "91f34b5c671d73504b274a919661cf80dab1e127"
#define D64 "0d2a1b9e2e9a6f1c0f3d9cbe1d1b9fb2a5f3c40e2bd8c51e0a92d2c9d1a4f7b8"

static void entry_ok(const char *s, int pcr, const char *tmpl,
		     const char *algo, const char *digest, const char *path,
		     const char *sig)
{
	struct secparse_ima_entry e;

	assert_int_equal(secparse_ima_entry(copy(s), &e, err, sizeof(err)), 0);
	assert_int_equal(e.pcr, pcr);
	assert_string_equal(e.template_hash, TH);
	assert_string_equal(e.template_name, tmpl);
	if (algo) {
		assert_string_equal(e.hash_algo, algo);
		assert_string_equal(e.digest, digest);
	} else {
		assert_null(e.hash_algo);
		assert_null(e.digest);
	}
	if (path)
		assert_string_equal(e.path, path);
	else
		assert_null(e.path);
	if (sig)
		assert_string_equal(e.signature, sig);
	else
		assert_null(e.signature);
}

static void entry_bad(const char *s, const char *why)
{
	struct secparse_ima_entry e;

	assert_int_equal(secparse_ima_entry(copy(s), &e, err, sizeof(err)),
			 -1);
	assert_string_equal(err, why);
}

static void test_ima_entry(void **state)
{
	(void)state;
	entry_ok("10 " TH " ima-ng sha256:" D64 " boot_aggregate\n", 10,
		 "ima-ng", "sha256", D64, "boot_aggregate", NULL);
	entry_ok("10 " TH " ima-ng sha1:abcd /usr/bin/My App\n", 10, "ima-ng",
		 "sha1", "abcd", "/usr/bin/My App", NULL);
	/* The kernel pads the PCR to two places: " 9 ...". */
	entry_ok(" 9 " TH " ima-ng sha256:" D64 " /x", 9, "ima-ng", "sha256",
		 D64, "/x", NULL);
	entry_ok("11 " TH " ima-sig sha256:" D64 " /boot/vmlinuz 0302abcd\n",
		 11, "ima-sig", "sha256", D64, "/boot/vmlinuz", "0302abcd");
	/* An empty signature leaves a trailing space. */
	entry_ok("10 " TH " ima-sig sha256:" D64 " /usr/bin/x \n", 10,
		 "ima-sig", "sha256", D64, "/usr/bin/x", NULL);
	entry_ok("10 " TH " ima-sig sha256:" D64 " /a b/c d 0302ff", 10,
		 "ima-sig", "sha256", D64, "/a b/c d", "0302ff");
	entry_ok("10 " TH " ima-buf sha256:" D64 " kexec-cmdline 726f6f74",
		 10, "ima-buf", "sha256", D64, "kexec-cmdline", NULL);
	entry_ok("10 " TH " ima 4444444444444444444444444444444444444444 "
		 "/usr/sbin/old tool",
		 10, "ima", "sha1", "4444444444444444444444444444444444444444",
		 "/usr/sbin/old tool", NULL);
	entry_ok("10 " TH " ima-ngv2 ima:sha256:" D64 " /usr/bin/y", 10,
		 "ima-ngv2", "ima:sha256", D64, "/usr/bin/y", NULL);
	entry_ok("10 " TH " ima-sigv2 verity:sha256:" D64 " /usr/bin/z 03ab",
		 10, "ima-sigv2", "verity:sha256", D64, "/usr/bin/z", "03ab");
	entry_ok("10 " TH " ima-modsig sha256:" D64
		 " /lib/m.ko 0302aa sha256:bb 3082",
		 10, "ima-modsig", "sha256", D64, "/lib/m.ko", "0302aa");
	entry_ok("10 " TH " ima-modsig sha256:" D64 " /lib/n o.ko   ", 10,
		 "ima-modsig", "sha256", D64, "/lib/n o.ko", NULL);
	entry_ok("10 " TH " evm-sig sha256:" D64
		 " /etc/x 0302 security.ima 42 01ab 0 0 0100644",
		 10, "evm-sig", "sha256", D64, "/etc/x", "0302");
	/* A custom template is named by its format. */
	entry_ok("10 " TH " d-ng|n-ng|sig sha512:ab /p q 0302", 10,
		 "d-ng|n-ng|sig", "sha512", "ab", "/p q", "0302");
	entry_ok("10 " TH " d-ng|n-ng sha512:ab /p q", 10, "d-ng|n-ng",
		 "sha512", "ab", "/p q", NULL);
	/* A format without a name field: every field cut in order. */
	entry_ok("10 " TH " d-ng|sig sha1:ab 03", 10, "d-ng|sig", "sha1",
		 "ab", NULL, "03");
	/* An unknown template: a prefixed digest and the rest as name. */
	entry_ok("10 " TH " ima-future sha256:ab /x y z", 10, "ima-future",
		 "sha256", "ab", "/x y z", NULL);
	/* A format too long to be real is read as unknown. */
	entry_ok("10 " TH " a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q sha1:ab /x", 10,
		 "a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q", "sha1", "ab", "/x", NULL);

	entry_bad("", "bad pcr");
	entry_bad("\n", "bad pcr");
	entry_bad("x " TH " ima-ng sha1:ab /x", "bad pcr");
	entry_bad("-1 " TH " ima-ng sha1:ab /x", "bad pcr");
	entry_bad("12345 " TH " ima-ng sha1:ab /x", "bad pcr");
	entry_bad("10", "bad template hash");
	entry_bad("10 zz ima-ng sha1:ab /x", "bad template hash");
	entry_bad("10 " TH, "missing template");
	entry_bad("10 " TH " ", "missing template");
	entry_bad("10 " TH " ima-ng", "missing field");
	entry_bad("10 " TH " ima-ng sha1:ab", "missing field");
	entry_bad("10 " TH " ima-ng sha256 /x", "bad digest");
	entry_bad("10 " TH " ima-ng :ab /x", "bad digest");
	entry_bad("10 " TH " ima-ng sha1:xyz /x", "bad digest");
	entry_bad("10 " TH " ima-ng sha1: /x", "bad digest");
	entry_bad("10 " TH " ima zz /x", "bad digest");
	entry_bad("10 " TH " ima-sig sha1:ab /x", "missing field");
	entry_bad("10 " TH " ima-modsig sha1:ab /x 1 2", "missing field");
	entry_bad("10 " TH " d-ng|sig sha1:ab", "missing field");
}

/* ---------------------------------------------------------------- */
/* Capabilities */

static void test_cap_mask(void **state)
{
	uint64_t m = 0;

	(void)state;
	assert_int_equal(secparse_cap_mask("000001ffffffffff", 16, &m), 0);
	assert_true(m == 0x1ffffffffffull);
	assert_int_equal(secparse_cap_mask("FFFFFFFFFFFFFFFF", 16, &m), 0);
	assert_true(m == UINT64_MAX);
	assert_int_equal(secparse_cap_mask("2000", 4, &m), 0);
	assert_true(m == 0x2000);
	assert_int_equal(secparse_cap_mask("", 0, &m), -1);
	assert_int_equal(secparse_cap_mask("10000000000000000", 17, &m), -1);
	assert_int_equal(secparse_cap_mask("00000000000000g0", 16, &m), -1);
	assert_int_equal(secparse_cap_mask("0x2000", 6, &m), -1);
	assert_int_equal(secparse_cap_mask(" 2000", 5, &m), -1);
}

static void test_cap_names(void **state)
{
	char out[SECPARSE_CAP_NAMES_MAX], small[20];

	(void)state;
	assert_string_equal(secparse_cap_name(0), "cap_chown");
	assert_string_equal(secparse_cap_name(40), "cap_checkpoint_restore");
	assert_null(secparse_cap_name(41));
	assert_null(secparse_cap_name(64));

	assert_int_equal(secparse_cap_names(0, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(secparse_cap_names(0x2000, out, sizeof(out)), 0);
	assert_string_equal(out, "cap_net_raw");
	assert_int_equal(secparse_cap_names(0x2500, out, sizeof(out)), 0);
	assert_string_equal(out,
			    "cap_setpcap,cap_net_bind_service,cap_net_raw");
	/* Bits above CAP_CHECKPOINT_RESTORE come out as numbers. */
	assert_int_equal(secparse_cap_names((1ull << 41) | (1ull << 63) | 1,
					    out, sizeof(out)),
			 0);
	assert_string_equal(out, "cap_chown,41,63");
	/* Every bit set fits the documented maximum. */
	assert_int_equal(secparse_cap_names(UINT64_MAX, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "cap_sys_admin,cap_sys_boot"));
	assert_non_null(strstr(out, "cap_checkpoint_restore,41,42"));
	assert_int_equal(strncmp(out + strlen(out) - 3, ",63", 3), 0);
	/* Too small: -1 and an empty string, never a cut list. */
	assert_int_equal(secparse_cap_names(0x7, small, sizeof(small)), -1);
	assert_string_equal(small, "");
	assert_int_equal(secparse_cap_names(0x1, small, 10), 0);
	assert_string_equal(small, "cap_chown");
	assert_int_equal(secparse_cap_names(0x1, small, 9), -1);
	assert_int_equal(secparse_cap_names(0x1, small, 0), -1);
}

/* Builds a little-endian vfs_cap_data of n 32-bit words. */
static void le_words(unsigned char *b, const uint32_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		b[4 * i] = (unsigned char)w[i];
		b[4 * i + 1] = (unsigned char)(w[i] >> 8);
		b[4 * i + 2] = (unsigned char)(w[i] >> 16);
		b[4 * i + 3] = (unsigned char)(w[i] >> 24);
	}
}

static void test_vfs_cap(void **state)
{
	static const uint32_t v1[] = { 0x01000001, 0x2000, 0x0 };
	static const uint32_t v2[] = { 0x02000001, 0x2000, 0x0400, 0x1, 0x0 };
	static const uint32_t v2p[] = { 0x02000000, 0x1000, 0, 0x200, 0x100 };
	static const uint32_t v3[] = { 0x03000001, 0x200000, 0, 0, 0, 100000 };
	static const uint32_t v4[] = { 0x04000001, 0x2000, 0, 0, 0 };
	static const uint32_t v0[] = { 0x00000001, 0x2000, 0 };
	unsigned char b[64];
	struct secparse_fcap c;

	(void)state;
	le_words(b, v1, 3);
	assert_int_equal(secparse_vfs_cap(b, 12, &c, err, sizeof(err)), 0);
	assert_int_equal(c.revision, 1);
	assert_true(c.effective);
	assert_true(c.permitted == 0x2000);
	assert_true(c.inheritable == 0);
	assert_int_equal(c.rootid, -1);

	le_words(b, v2, 5);
	assert_int_equal(secparse_vfs_cap(b, 20, &c, err, sizeof(err)), 0);
	assert_int_equal(c.revision, 2);
	assert_true(c.effective);
	assert_true(c.permitted == (0x2000 | (1ull << 32)));
	assert_true(c.inheritable == 0x400);

	/* No effective flag; high words beyond the named capabilities. */
	le_words(b, v2p, 5);
	assert_int_equal(secparse_vfs_cap(b, 20, &c, err, sizeof(err)), 0);
	assert_false(c.effective);
	assert_true(c.permitted == (0x1000 | (0x200ull << 32)));
	assert_true(c.inheritable == (0x100ull << 32));

	le_words(b, v3, 6);
	assert_int_equal(secparse_vfs_cap(b, 24, &c, err, sizeof(err)), 0);
	assert_int_equal(c.revision, 3);
	assert_int_equal(c.rootid, 100000);
	assert_true(c.permitted == 0x200000);

	/* Every wrong size for each revision. */
	le_words(b, v1, 3);
	memset(b + 12, 0, 20);
	assert_int_equal(secparse_vfs_cap(b, 11, &c, err, sizeof(err)), -1);
	assert_string_equal(err, "truncated attribute");
	assert_int_equal(secparse_vfs_cap(b, 13, &c, err, sizeof(err)), -1);
	assert_string_equal(err, "bad size for revision");
	assert_int_equal(secparse_vfs_cap(b, 20, &c, err, sizeof(err)), -1);
	le_words(b, v2, 5);
	assert_int_equal(secparse_vfs_cap(b, 12, &c, err, sizeof(err)), -1);
	assert_string_equal(err, "truncated attribute");
	assert_int_equal(secparse_vfs_cap(b, 24, &c, err, sizeof(err)), -1);
	assert_string_equal(err, "bad size for revision");
	le_words(b, v3, 6);
	assert_int_equal(secparse_vfs_cap(b, 20, &c, err, sizeof(err)), -1);
	assert_int_equal(secparse_vfs_cap(b, 28, &c, err, sizeof(err)), -1);
	/* Magic with an unknown revision, none, or cut inside the magic. */
	le_words(b, v4, 5);
	assert_int_equal(secparse_vfs_cap(b, 20, &c, err, sizeof(err)), -1);
	assert_string_equal(err, "bad revision");
	le_words(b, v0, 3);
	assert_int_equal(secparse_vfs_cap(b, 12, &c, err, sizeof(err)), -1);
	assert_string_equal(err, "bad revision");
	assert_int_equal(secparse_vfs_cap(b, 3, &c, err, sizeof(err)), -1);
	assert_string_equal(err, "truncated attribute");
	assert_int_equal(secparse_vfs_cap(b, 0, &c, err, sizeof(err)), -1);
}

/* ---------------------------------------------------------------- */
/* /proc/PID/status */

static int status(const char *s, struct secparse_procsec *ps)
{
	return secparse_proc_status(s, strlen(s), ps);
}

static void test_proc_status(void **state)
{
	struct secparse_procsec ps;
	const char *all = "Name:\tsshd\nUid:\t0\t1000\t0\t0\nGid:\t0\t0\t0\t0\n"
			  "CapInh:\t0000000000000000\n"
			  "CapPrm:\t000001ffffffffff\n"
			  "CapEff:\t000001ffffffffff\n"
			  "CapBnd:\t000001ffffffffff\n"
			  "CapAmb:\t0000000000002000\n"
			  "NoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t4\n"
			  "Speculation_Store_Bypass:\tthread vulnerable\n";

	(void)state;
	assert_int_equal(status(all, &ps), 0);
	assert_int_equal(ps.have, 0x1ff);
	assert_true(ps.cap_inh == 0);
	assert_true(ps.cap_prm == 0x1ffffffffffull);
	assert_true(ps.cap_eff == 0x1ffffffffffull);
	assert_true(ps.cap_bnd == 0x1ffffffffffull);
	assert_true(ps.cap_amb == 0x2000);
	assert_int_equal(ps.no_new_privs, 1);
	assert_int_equal(ps.seccomp, 2);
	assert_int_equal(ps.seccomp_filters, 4);
	assert_int_equal(ps.euid, 1000);

	/* Cut inside a value, without a final newline: the length rules. */
	assert_int_equal(secparse_proc_status(all, (size_t)(strstr(all,
		"Seccomp_filters") - all) + 17, &ps), 0);
	assert_int_equal(ps.have & SECPARSE_PS_FILTERS, 0);
	assert_int_equal(ps.seccomp, 2);

	/* Out of range values and bad masks are left out. */
	assert_int_equal(status("NoNewPrivs:\t2\nSeccomp:\t3\n"
				"CapEff:\t00000000000000000\nCapPrm:\tzz\n"
				"CapBnd:\t\nSeccomp_filters:\t-1\n"
				"Uid:\t0\nCapInh:\t1\n",
				&ps),
			 0);
	assert_int_equal(ps.have, SECPARSE_PS_CAPINH);
	/* An old kernel's status: no Seccomp_filters, spaces not tabs. */
	assert_int_equal(status("CapEff: 0000000000000400\nSeccomp:   0\n", &ps),
			 0);
	assert_int_equal(ps.have, SECPARSE_PS_CAPEFF | SECPARSE_PS_SECCOMP);
	assert_true(ps.cap_eff == 0x400);
	/* A key must match whole. */
	assert_int_equal(status("CapEffX:\t0000000000000400\n"
				"XSeccomp:\t1\nSeccomp_filtersX:\t1\n", &ps),
			 -1);
	assert_int_equal(status("", &ps), -1);
	assert_int_equal(status("garbage\n\n:::\n", &ps), -1);

	assert_string_equal(secparse_seccomp_mode(0), "disabled");
	assert_string_equal(secparse_seccomp_mode(1), "strict");
	assert_string_equal(secparse_seccomp_mode(2), "filter");
	assert_null(secparse_seccomp_mode(3));
	assert_null(secparse_seccomp_mode(-1));
}

/* ---------------------------------------------------------------- */
/* TPM 1.2 caps */

static void test_tpm_caps(void **state)
{
	char v[32], t[32], f[32];
	const char *s;

	(void)state;
	s = "Manufacturer: 0x49465800\nTCG version: 1.2\nFirmware version: 6.40\n";
	assert_int_equal(secparse_tpm_caps(s, strlen(s), v, t, f, sizeof(v),
					   err, sizeof(err)), 0);
	assert_string_equal(v, "IFX");
	assert_string_equal(t, "1.2");
	assert_string_equal(f, "6.40");
	s = "Manufacturer: 0x53544d20\n";
	assert_int_equal(secparse_tpm_caps(s, strlen(s), v, t, f, sizeof(v),
					   err, sizeof(err)), 0);
	assert_string_equal(v, "STM");
	assert_string_equal(t, "");
	assert_string_equal(f, "");
	s = "Manufacturer: 0x01020304\nFirmware version: \x01x\n";
	assert_int_equal(secparse_tpm_caps(s, strlen(s), v, t, f, sizeof(v),
					   err, sizeof(err)), 0);
	assert_string_equal(v, "0x01020304");
	assert_string_equal(f, "?x");
	s = "Manufacturer: 0x00000000\n";
	assert_int_equal(secparse_tpm_caps(s, strlen(s), v, t, f, sizeof(v),
					   err, sizeof(err)), 0);
	assert_string_equal(v, "0x00000000");

	s = "TCG version: 1.2\n";
	assert_int_equal(secparse_tpm_caps(s, strlen(s), v, t, f, sizeof(v),
					   err, sizeof(err)), -1);
	assert_string_equal(err, "no manufacturer");
	s = "Manufacturer: IFX\n";
	assert_int_equal(secparse_tpm_caps(s, strlen(s), v, t, f, sizeof(v),
					   err, sizeof(err)), -1);
	s = "Manufacturer: 0x1234567890\n";
	assert_int_equal(secparse_tpm_caps(s, strlen(s), v, t, f, sizeof(v),
					   err, sizeof(err)), -1);
	assert_int_equal(secparse_tpm_caps("", 0, v, t, f, sizeof(v), err,
					   sizeof(err)), -1);
}

/* ---------------------------------------------------------------- */
/* device-mapper */

static void test_dm_uuid(void **state)
{
	(void)state;
	assert_string_equal(secparse_dm_uuid_target("CRYPT-VERITY-2f5e-vroot"),
			    "verity");
	assert_string_equal(secparse_dm_uuid_target("CRYPT-LUKS2-7d3b-cvar"),
			    "crypt");
	assert_string_equal(secparse_dm_uuid_target("CRYPT-LUKS1-7d3b-x"),
			    "crypt");
	assert_string_equal(secparse_dm_uuid_target("CRYPT-PLAIN-x"), "crypt");
	assert_string_equal(secparse_dm_uuid_target("CRYPT-BITLK-x"), "crypt");
	assert_string_equal(secparse_dm_uuid_target("CRYPT-INTEGRITY-x"),
			    "integrity");
	assert_string_equal(secparse_dm_uuid_target("CRYPT-SUBDEV-x_dif"),
			    "integrity");
	assert_null(secparse_dm_uuid_target("LVM-Xq3LZ3kC0m2Yd1u4k8b6"));
	assert_null(secparse_dm_uuid_target("mpath-3600508b4"));
	assert_null(secparse_dm_uuid_target("CRYPT-"));
	assert_null(secparse_dm_uuid_target("CRYPT-VERITY"));
	assert_null(secparse_dm_uuid_target("crypt-verity-x"));
	assert_null(secparse_dm_uuid_target(""));
}

/* Appends one target spec and its status text at *off in b. */
static void add_target(unsigned char *b, size_t *off, size_t data_start,
		       const char *type, const char *status, bool last)
{
	struct dm_target_spec spec;
	size_t n = sizeof(spec) + strlen(status) + 1;

	memset(&spec, 0, sizeof(spec));
	snprintf(spec.target_type, sizeof(spec.target_type), "%s", type);
	n = (n + 7) & ~(size_t)7;
	spec.next = last ? 0 : (uint32_t)(*off + n - data_start);
	memcpy(b + *off, &spec, sizeof(spec));
	memcpy(b + *off + sizeof(spec), status, strlen(status) + 1);
	*off += n;
}

static void test_dm_status(void **state)
{
	static unsigned char b[4096];
	size_t ds = sizeof(struct dm_ioctl), off = ds;
	struct dm_target_spec spec;
	char types[64], v = 'x';

	(void)state;
	memset(b, 0, sizeof(b));
	add_target(b, &off, ds, "linear", "", false);
	add_target(b, &off, ds, "verity", "V", false);
	add_target(b, &off, ds, "linear", "", true);
	assert_int_equal(secparse_dm_status(b, off, 3, (uint32_t)ds, types,
					    sizeof(types), &v, err,
					    sizeof(err)), 0);
	assert_string_equal(types, "linear,verity");
	assert_int_equal(v, 'V');

	off = ds;
	add_target(b, &off, ds, "verity", "C", true);
	assert_int_equal(secparse_dm_status(b, off, 1, (uint32_t)ds, types,
					    sizeof(types), &v, err,
					    sizeof(err)), 0);
	assert_string_equal(types, "verity");
	assert_int_equal(v, 'C');

	off = ds;
	add_target(b, &off, ds, "crypt", "", true);
	assert_int_equal(secparse_dm_status(b, off, 1, (uint32_t)ds, types,
					    sizeof(types), &v, err,
					    sizeof(err)), 0);
	assert_string_equal(types, "crypt");
	assert_int_equal(v, 0);
	/* No targets at all. */
	assert_int_equal(secparse_dm_status(b, off, 0, (uint32_t)ds, types,
					    sizeof(types), &v, err,
					    sizeof(err)), 0);
	assert_string_equal(types, "");

	/* The reply cut inside the spec, inside the status text. */
	assert_int_equal(secparse_dm_status(b, ds + 10, 1, (uint32_t)ds, types,
					    sizeof(types), &v, err,
					    sizeof(err)), -1);
	assert_string_equal(err, "truncated target");
	memset(b + ds + sizeof(spec), 'A', 64);
	assert_int_equal(secparse_dm_status(b, ds + sizeof(spec) + 64, 1,
					    (uint32_t)ds, types, sizeof(types),
					    &v, err, sizeof(err)), -1);
	assert_string_equal(err, "truncated target");
	/* data_start past the end. */
	assert_int_equal(secparse_dm_status(b, 100, 1, 4000, types,
					    sizeof(types), &v, err,
					    sizeof(err)), -1);

	/* A target whose next points back at itself, or before. */
	off = ds;
	add_target(b, &off, ds, "linear", "", true);
	memcpy(&spec, b + ds, sizeof(spec));
	spec.next = 0;
	memcpy(b + ds, &spec, sizeof(spec));
	assert_int_equal(secparse_dm_status(b, sizeof(b), 1000, (uint32_t)ds,
					    types, sizeof(types), &v, err,
					    sizeof(err)), -1);
	assert_string_equal(err, "bad target offset");
	/* A huge count with no room: stops at the end of the buffer. */
	spec.next = (uint32_t)(sizeof(spec) + 8);
	memcpy(b + ds, &spec, sizeof(spec));
	assert_int_equal(secparse_dm_status(b, ds + sizeof(spec) + 8, 5,
					    (uint32_t)ds, types, sizeof(types),
					    &v, err, sizeof(err)), -1);
	/* A type name filling its whole field, unterminated. */
	off = ds;
	add_target(b, &off, ds, "x", "", true);
	memcpy(&spec, b + ds, sizeof(spec));
	memset(spec.target_type, 'q', sizeof(spec.target_type));
	memcpy(b + ds, &spec, sizeof(spec));
	assert_int_equal(secparse_dm_status(b, off, 1, (uint32_t)ds, types,
					    sizeof(types), &v, err,
					    sizeof(err)), 0);
	assert_int_equal(strlen(types), sizeof(spec.target_type));
	/* Types that do not fit. */
	assert_int_equal(secparse_dm_status(b, off, 1, (uint32_t)ds, types, 8,
					    &v, err, sizeof(err)), -1);
	assert_string_equal(err, "types too long");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_efivar),
		cmocka_unit_test(test_gunzip),
		cmocka_unit_test(test_kconfig),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_lockdown),
		cmocka_unit_test(test_ima_rule),
		cmocka_unit_test(test_ima_entry),
		cmocka_unit_test(test_cap_mask),
		cmocka_unit_test(test_cap_names),
		cmocka_unit_test(test_vfs_cap),
		cmocka_unit_test(test_proc_status),
		cmocka_unit_test(test_tpm_caps),
		cmocka_unit_test(test_dm_uuid),
		cmocka_unit_test(test_dm_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
