/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_acctparse.c: the account and access file parsers on real lines and
 * on hostile ones: shadow fields at and past their limits, sudoers
 * continuations in odd places (after blank lines, on the header, at the
 * end of the file, past the line cap), authorized_keys options with quoted
 * blanks, commas and escaped quotes, known_hosts markers and hashes,
 * ssh_config blocks, crontab environment lines, bash and zsh history
 * (and a binary file read as one), utmp records of the wrong size with
 * unterminated strings, and private keys: real OpenSSH and PEM headers,
 * synthetic openssh-key-v1 bodies with lying lengths.
 *
 * Inputs are copied into buffers of their exact size (plus the one byte
 * the in-place parsers may use), so AddressSanitizer catches any read or
 * write past them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utmp.h>

#include <cmocka.h>

#include "tables/acctparse.h"

static char err[128];

/* A heap copy of s of exactly strlen(s) + 1 bytes; the caller frees it. */
static char *dup_exact(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	assert_non_null(p);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static bool str_is(struct acct_str s, const char *want)
{
	if (!want)
		return s.p == NULL;
	return s.p && s.n == strlen(want) && memcmp(s.p, want, s.n) == 0;
}

#define assert_str(s, want)                                                   \
	do {                                                                  \
		if (!str_is((s), (want)))                                     \
			fail_msg("%s: got '%.*s', want '%s'", #s,             \
				 (s).p ? (int)(s).n : 6,                      \
				 (s).p ? (s).p : "(null)",                    \
				 (want) ? (want) : "(null)");                 \
	} while (0)

/* ---- shadow ----------------------------------------------------------- */

static int sh(const char *s, struct acct_shadow *out)
{
	static char *keep;

	free(keep);
	keep = dup_exact(s, strlen(s));
	err[0] = '\0';
	return acct_shadow_parse(keep, strlen(s), out, err, sizeof(err));
}

static void sh_refused(const char *s, const char *why)
{
	struct acct_shadow e;

	assert_int_equal(sh(s, &e), -1);
	assert_string_equal(err, why);
}

static void test_shadow_status(void **state)
{
	static const struct {
		const char *pw, *status, *alg;
	} cases[] = {
		{ "$6$salt$hash", "active", "6" },
		{ "$y$j9T$salt$hash", "active", "y" },
		{ "$2b$05$abcdefghijklmnopqrstuv", "active", "2b" },
		{ "$sha1$40000$salt$hash", "active", "sha1" },
		{ "!$6$salt$hash", "locked", NULL },
		{ "!!", "not_set", NULL },
		{ "!!$6$x$y", "locked", NULL },
		{ "!", "locked", NULL },
		{ "*", "locked", NULL },
		{ "*LK*", "locked", NULL },
		{ "x", "locked", NULL },
		{ "", "empty", NULL },
		{ "plaintext", "active", NULL },
		{ "$", "active", NULL },
		{ "$$", "active", NULL },
		{ "$6", "active", NULL },
		{ "$6$", "active", "6" },
		{ "$a-b$c", "active", NULL },
		{ "ab$6$c", "active", NULL },
	};
	struct acct_shadow e;
	char line[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(line, sizeof(line), "u:%s:19000:0:99999:7:::",
			 cases[i].pw);
		assert_int_equal(sh(line, &e), 0);
		assert_str(e.name, "u");
		assert_str(e.passwd, cases[i].pw);
		if (strcmp(e.password_status, cases[i].status) != 0)
			fail_msg("%s: status %s, want %s", cases[i].pw,
				 e.password_status, cases[i].status);
		assert_str(e.hash_alg, cases[i].alg);
	}
}

static void test_shadow_numbers(void **state)
{
	struct acct_shadow e;

	(void)state;
	assert_int_equal(sh("root:*:19650:0:99999:7:::", &e), 0);
	assert_int_equal(e.last_change, 19650);
	assert_int_equal(e.min, 0);
	assert_int_equal(e.max, 99999);
	assert_int_equal(e.warning, 7);
	assert_int_equal(e.inactive, -1);
	assert_int_equal(e.expire, -1);
	assert_int_equal(e.flag, -1);

	/* Every numeric field empty, and missing altogether. */
	assert_int_equal(sh("a:!::::::::", &e), 0);
	assert_int_equal(e.last_change, -1);
	assert_int_equal(e.flag, -1);
	assert_int_equal(sh("a:!", &e), 0);
	assert_int_equal(e.last_change, -1);
	assert_int_equal(e.max, -1);
	assert_int_equal(sh("a", &e), -1);

	/* The old short form. */
	assert_int_equal(sh("old:$1$x$y:12000:0:99999", &e), 0);
	assert_int_equal(e.max, 99999);
	assert_int_equal(e.warning, -1);

	/* glibc's casts: days through int, flag through unsigned long. */
	assert_int_equal(sh("w:*:4294967295:2147483648:4294967296:::0:"
			    "18446744073709551615", &e), 0);
	assert_int_equal(e.last_change, -1);
	assert_int_equal(e.min, INT32_MIN);
	assert_int_equal(e.max, 0);
	assert_int_equal(e.expire, 0);
	assert_int_equal(e.flag, -1);
	assert_int_equal(sh("w:*:99999999999999999999999:1:::::7", &e), 0);
	assert_int_equal(e.last_change, -1); /* saturated, then cast */
	assert_int_equal(e.flag, 7);

	/* Fields after the flag are ignored, as glibc ignores them. */
	assert_int_equal(sh("t:*:1:2:3:4:5:6:7:8:nine", &e), 0);
	assert_int_equal(e.flag, 7);

	/* Blanks around the line are not part of it. */
	assert_int_equal(sh("  \tpad:*:1:::::: \r", &e), 0);
	assert_str(e.name, "pad");
	assert_int_equal(e.flag, -1);
}

static void test_shadow_refused(void **state)
{
	char *big;

	(void)state;
	sh_refused("", "blank line");
	sh_refused("   \t", "blank line");
	sh_refused("# comment:x:1", "comment");
	sh_refused("+", "NIS compat entry");
	sh_refused("+nis::::::::", "NIS compat entry");
	sh_refused("-bad:x:1", "NIS compat entry");
	sh_refused(":*:1:2:3:4:5:6:7", "no user name");
	sh_refused("nocolon", "no user name");
	sh_refused("a:*:zero:1", "field is not a number");
	sh_refused("a:*:1:-1", "field is not a number");
	sh_refused("a:*:1: 2", "field is not a number");
	sh_refused("a:*:0x10", "field is not a number");

	{
		struct acct_shadow e;
		static const char nul[] = "a:b\0c:1:2";

		assert_int_equal(acct_shadow_parse(nul, sizeof(nul) - 1, &e,
						   err, sizeof(err)), -1);
		assert_string_equal(err, "NUL byte in line");
	}
	big = malloc(ACCT_LINE_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', ACCT_LINE_MAX + 1);
	big[1] = ':';
	big[ACCT_LINE_MAX + 1] = '\0';
	sh_refused(big, "line too long");
	free(big);
}

/* ---- sudoers ---------------------------------------------------------- */

/* Runs the sudoers parser over s and renders every entry as
 * "kind|header|details|include_path\n" (kind R, I, D; refused "!reason"). */
static char *sudo_all(const char *s, size_t n)
{
	static char out[2 * ACCT_LINE_MAX];
	struct acct_sudo_entry e;
	size_t pos = 0, o = 0;
	char *data = dup_exact(s, n);
	int r;

	out[0] = '\0';
	while ((r = acct_sudoers_next(data, n, &pos, &e, err, sizeof(err)))) {
		assert_true(pos <= n);
		if (r < 0) {
			o += (size_t)snprintf(out + o, sizeof(out) - o, "!%s\n",
					      err);
			continue;
		}
		assert_int_equal(strlen(e.details), e.details_len);
		o += (size_t)snprintf(
			out + o, sizeof(out) - o, "%c|%s|%s|%.*s\n",
			e.kind == ACCT_SUDO_RULE	  ? 'R'
			: e.kind == ACCT_SUDO_INCLUDE ? 'I'
						      : 'D',
			e.header, e.details,
			e.include_path.p ? (int)e.include_path.n : 0,
			e.include_path.p ? e.include_path.p : "");
		assert_true(o < sizeof(out));
	}
	free(data);
	return out;
}

#define SUDO(s) sudo_all((s), sizeof(s) - 1)

static void test_sudoers_plain(void **state)
{
	(void)state;
	assert_string_equal(SUDO("# comment\n"
				 "Defaults\tenv_reset\n"
				 "\n"
				 "root\tALL=(ALL:ALL)  ALL\n"
				 "  %sudo ALL=(ALL:ALL) ALL  \r\n"
				 "justaheader\n"
				 "#includedir /etc/sudoers.d\n"
				 "@includedir\t/etc/sudoers.d  \n"
				 "#include sudoers.local\n"
				 "@include \"/etc/sudo ers\"\n"
				 "#include\n"
				 "@include   \n"
				 "#includedirx /x\n"
				 "#include\t\"\n"),
			    "R|Defaults|env_reset|\n"
			    "R|root|ALL=(ALL:ALL)  ALL|\n"
			    "R|%sudo|ALL=(ALL:ALL) ALL|\n"
			    "R|justaheader||\n"
			    "D|#includedir|/etc/sudoers.d|/etc/sudoers.d\n"
			    "D|@includedir|/etc/sudoers.d|/etc/sudoers.d\n"
			    "I|#include|sudoers.local|sudoers.local\n"
			    "I|@include|\"/etc/sudo ers\"|/etc/sudo ers\n"
			    "I|#include|\"|\"\n");
	/* No final newline. */
	assert_string_equal(SUDO("root ALL"), "R|root|ALL|\n");
	assert_string_equal(SUDO("root"), "R|root||\n");
	assert_string_equal(SUDO(""), "");
	assert_string_equal(SUDO("\n\n \t\v\n"), "");
}

static void test_sudoers_continuation(void **state)
{
	(void)state;
	/* The backslash goes, the next line is appended as it is. */
	assert_string_equal(SUDO("Cmnd_Alias X = /a, \\\n\t/b, \\\n /c\n"
				 "next one\n"),
			    "R|Cmnd_Alias|X = /a, /b, /c|\n"
			    "R|next|one|\n");
	assert_string_equal(SUDO("x 1\\\n2\\\n3\n"), "R|x|123|\n");
	/* Blank lines do not end a continuation; comments are appended. */
	assert_string_equal(SUDO("a b\\\n\n   \n  c\n"), "R|a|bc|\n");
	assert_string_equal(SUDO("a b \\\n# not a comment\n"),
			    "R|a|b # not a comment|\n");
	/* On the header: its backslash goes, the next line is the details. */
	assert_string_equal(SUDO("root\\\nALL=(ALL) ALL\n"),
			    "R|root|ALL=(ALL) ALL|\n");
	assert_string_equal(SUDO("\\\n\\\nx\n"), "R||x|\n");
	/* At the end of the data. */
	assert_string_equal(SUDO("a b \\"), "R|a|b |\n");
	assert_string_equal(SUDO("a b \\\n"), "R|a|b |\n");
	assert_string_equal(SUDO("a\\"), "R|a||\n");
	assert_string_equal(SUDO("a\\\n   "), "R|a||\n");
	/* Include lines never continue. */
	assert_string_equal(SUDO("@include foo\\\nroot ALL\n"),
			    "I|@include|foo\\|foo\\\nR|root|ALL|\n");
	/* A comment ending in a backslash does not continue. */
	assert_string_equal(SUDO("# x \\\nroot ALL\n"), "R|root|ALL|\n");
	/* A continuation may pull in what looks like an include. */
	assert_string_equal(SUDO("a \\\n@include x\n"),
			    "R|a|@include x|\n");
	/* Backslash-only lines. */
	assert_string_equal(SUDO("a b\\\n\\\n\\\nc\n"), "R|a|bc|\n");
}

static void test_sudoers_hostile(void **state)
{
	size_t n = 3 * ACCT_LINE_MAX, i;
	char *s = malloc(n + 64), *r;

	(void)state;
	/* A NUL inside a line refuses that entry only. */
	assert_string_equal(SUDO("a b\0c\nroot ALL\n"),
			    "!NUL byte in line\nR|root|ALL|\n");
	assert_string_equal(SUDO("a b\\\nc\0d\nroot ALL\n"),
			    "!continued line too long or holds NUL\n"
			    "R|root|ALL|\n");

	/* One line past the cap. */
	assert_non_null(s);
	memset(s, 'x', ACCT_LINE_MAX + 1);
	memcpy(s + ACCT_LINE_MAX + 1, "\nok go\n", 7);
	r = sudo_all(s, ACCT_LINE_MAX + 8);
	assert_string_equal(r, "!line too long\nR|ok|go|\n");

	/* Many short continued lines adding up past the cap. */
	for (i = 0; i + 11 <= n; i += 11)
		memcpy(s + i, "aaaa aaaa\\\n", 11);
	memcpy(s + i, "z\nok go\n", 8);
	r = sudo_all(s, i + 8);
	assert_string_equal(r, "!continued line too long or holds NUL\n"
			       "R|ok|go|\n");

	/* Exactly at the cap is fine. */
	s[0] = 'h';
	s[1] = ' ';
	memset(s + 2, 'd', ACCT_LINE_MAX - 2);
	s[ACCT_LINE_MAX] = '\n';
	r = sudo_all(s, ACCT_LINE_MAX + 1);
	assert_int_equal(strncmp(r, "R|h|ddd", 7), 0);
	free(s);
}

/* ---- authorized_keys and known_hosts ---------------------------------- */

#define K "AAAAC3NzaC1lZDI1NTE5AAAAIGZrUIKFLG4nqY85NCCAvaR1M+mmb3D+VX+4kia/Yb+S"

static int ak(const char *s, struct acct_authkey *out)
{
	static char *keep;

	free(keep);
	keep = dup_exact(s, strlen(s));
	err[0] = '\0';
	return acct_authkey_parse(keep, strlen(s), out, err, sizeof(err));
}

static void ak_refused(const char *s, const char *why)
{
	struct acct_authkey k;

	assert_int_equal(ak(s, &k), -1);
	assert_string_equal(err, why);
}

static void test_authkeys(void **state)
{
	struct acct_authkey k;

	(void)state;
	assert_int_equal(ak("ssh-ed25519 " K " alice@laptop", &k), 0);
	assert_str(k.options, NULL);
	assert_str(k.type, "ssh-ed25519");
	assert_str(k.key, K);
	assert_str(k.comment, "alice@laptop");

	assert_int_equal(ak("  ssh-ed25519\t" K "  ", &k), 0);
	assert_str(k.comment, NULL);
	assert_str(k.key, K);

	assert_int_equal(ak("ssh-ed25519 " K " a comment  with   spaces \r",
			    &k), 0);
	assert_str(k.comment, "a comment  with   spaces");

	/* Quoted options holding blanks, commas and escaped quotes. */
	assert_int_equal(ak("from=\"10.0.0.0/8,192.168.1.*\",command=\"echo "
			    "\\\"a b\\\", c\",no-pty ssh-ed25519 " K " c",
			    &k), 0);
	assert_str(k.options, "from=\"10.0.0.0/8,192.168.1.*\",command="
			      "\"echo \\\"a b\\\", c\",no-pty");
	assert_str(k.type, "ssh-ed25519");
	assert_str(k.comment, "c");

	assert_int_equal(ak("restrict,pty\tecdsa-sha2-nistp256 AAAA", &k), 0);
	assert_str(k.options, "restrict,pty");
	assert_str(k.key, "AAAA");

	/* A quoted option that contains a key type and a key. */
	assert_int_equal(ak("command=\"ssh-ed25519 " K "\" ssh-rsa AAAAB3 x",
			    &k), 0);
	assert_str(k.options, "command=\"ssh-ed25519 " K "\"");
	assert_str(k.type, "ssh-rsa");
	assert_str(k.key, "AAAAB3");

	/* As in sshd, \" never closes, even after another backslash. */
	ak_refused("command=\"a\\\\\" ssh-rsa AAAA",
		   "unterminated quote in options");

	/* Certificates and security keys. */
	assert_int_equal(ak("cert-authority,principals=\"a,b\" "
			    "ssh-ed25519-cert-v01@openssh.com AAAA", &k), 0);
	assert_str(k.type, "ssh-ed25519-cert-v01@openssh.com");
	assert_int_equal(ak("sk-ssh-ed25519@openssh.com AAAA yubi", &k), 0);

	ak_refused("", "blank line");
	ak_refused("# ssh-ed25519 " K, "comment");
	ak_refused("command=\"unterminated ssh-ed25519 " K,
		   "unterminated quote in options");
	ak_refused("command=\"x\\\" ssh-ed25519 " K,
		   "unterminated quote in options");
	ak_refused("no-pty", "no key type");
	ak_refused("no-pty   ", "no key type");
	ak_refused("environment=\"A=b c\" ssh-ed25519", "no key");
	ak_refused("ssh-ed25519", "no key");
	ak_refused("ssh-foo " K, "unknown key type");
	ak_refused("no-pty ssh-foo " K, "unknown key type");
	ak_refused("ssh-ed25519 not-base64! c", "key is not base64");
	ak_refused("1024 35 12345678901234567890 old@ssh1", "unknown key type");
}

static int kh(const char *s, struct acct_knownhost *out)
{
	static char *keep;

	free(keep);
	keep = dup_exact(s, strlen(s));
	err[0] = '\0';
	return acct_knownhost_parse(keep, strlen(s), out, err, sizeof(err));
}

static void kh_refused(const char *s, const char *why)
{
	struct acct_knownhost k;

	assert_int_equal(kh(s, &k), -1);
	assert_string_equal(err, why);
}

static void test_known_hosts(void **state)
{
	struct acct_knownhost k;

	(void)state;
	assert_int_equal(kh("github.com,140.82.121.3 ssh-ed25519 " K, &k), 0);
	assert_int_equal(k.marker, ACCT_KH_NONE);
	assert_false(k.hashed);
	assert_str(k.hosts, "github.com,140.82.121.3");
	assert_str(k.type, "ssh-ed25519");
	assert_str(k.key, K);
	assert_str(k.comment, NULL);
	assert_str(k.line, "github.com,140.82.121.3 ssh-ed25519 " K);

	assert_int_equal(kh("  |1|JfKTdBh7rNbXkVAQCRp4OQoPfmI=|USECr3SWf1JUPs"
			    "ms5AqfD5QfxkM= ssh-rsa AAAA  \r", &k), 0);
	assert_true(k.hashed);
	assert_str(k.line, "|1|JfKTdBh7rNbXkVAQCRp4OQoPfmI=|USECr3SWf1JUPsms5"
			   "AqfD5QfxkM= ssh-rsa AAAA");

	assert_int_equal(kh("@cert-authority *.example.org ssh-ed25519 " K
			    " example CA", &k), 0);
	assert_int_equal(k.marker, ACCT_KH_CERT_AUTHORITY);
	assert_str(k.hosts, "*.example.org");
	assert_str(k.comment, "example CA");
	assert_int_equal(kh("@revoked\t* ssh-rsa AAAA", &k), 0);
	assert_int_equal(k.marker, ACCT_KH_REVOKED);
	assert_int_equal(kh("[gitlab.example.org]:2222 ecdsa-sha2-nistp256 "
			    "AAAA", &k), 0);
	assert_str(k.hosts, "[gitlab.example.org]:2222");

	kh_refused("# github.com ssh-ed25519 " K, "comment");
	kh_refused("", "blank line");
	kh_refused("@bogus host ssh-ed25519 " K, "unknown marker");
	kh_refused("@revoked", "no host patterns");
	kh_refused("@revoked   ", "no host patterns");
	kh_refused("|2|salt|hash ssh-ed25519 " K, "unknown host hash");
	kh_refused("| ssh-ed25519 " K, "unknown host hash");
	kh_refused("|1|salt ssh-ed25519 " K, "malformed host hash");
	kh_refused("|1||hash ssh-ed25519 " K, "malformed host hash");
	kh_refused("|1|salt| ssh-ed25519 " K, "malformed host hash");
	kh_refused("|1|sa!t|hash ssh-ed25519 " K, "malformed host hash");
	kh_refused("host", "no key type");
	kh_refused("host ssh-ed25519", "no key");
	kh_refused("old.example.org 1024 35 141931248720139",
		   "unknown key type");
	assert_true(acct_ssh_keytype_known("ssh-rsa", 7));
	assert_false(acct_ssh_keytype_known("ssh-rsa", 6));
	assert_false(acct_ssh_keytype_known("ssh-rsax", 8));
}

/* ---- ssh_config ------------------------------------------------------- */

static void test_ssh_config(void **state)
{
	static const struct {
		const char *in, *text;
		int kind; /* 0 option, 1 block, -1 refused */
	} cases[] = {
		{ "Host build", "host build", 1 },
		{ "  Host\tBuild.Example.ORG  ", "host\tbuild.example.org", 1 },
		{ "Host=legacy", "host=legacy", 1 },
		{ "MATCH all", "match all", 1 },
		{ "Match host *.internal exec \"test -n $VPN\"",
		  "match host *.internal exec \"test -n $vpn\"", 1 },
		{ "Host", "host", 0 },
		{ "HostName build.example.org", "hostname build.example.org", 0 },
		{ "HostKeyAlgorithms +ssh-rsa", "hostkeyalgorithms +ssh-rsa", 0 },
		{ "Matchy x", "matchy x", 0 },
		{ "IdentityFile ~/.ssh/ID_RSA", "identityfile ~/.ssh/id_rsa", 0 },
		{ "# Host commented", NULL, -1 },
		{ "   ", NULL, -1 },
		{ "", NULL, -1 },
	};
	struct acct_sshcfg c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = strlen(cases[i].in);
		char *line = dup_exact(cases[i].in, n);
		int r = acct_sshcfg_parse(line, n, &c, err, sizeof(err));

		if (cases[i].kind < 0) {
			assert_int_equal(r, -1);
		} else {
			assert_int_equal(r, 0);
			assert_int_equal(c.kind, cases[i].kind == 1
							 ? ACCT_SSHCFG_BLOCK
							 : ACCT_SSHCFG_OPTION);
			assert_str(c.text, cases[i].text);
		}
		free(line);
	}
}

/* ---- crontab ---------------------------------------------------------- */

static int cr(const char *s, struct acct_cron *out)
{
	static char *keep;

	free(keep);
	keep = dup_exact(s, strlen(s));
	err[0] = '\0';
	return acct_cron_parse(keep, strlen(s), out, err, sizeof(err));
}

static void cr_refused(const char *s, const char *why)
{
	struct acct_cron c;

	assert_int_equal(cr(s, &c), -1);
	assert_string_equal(err, why);
}

static void test_crontab(void **state)
{
	struct acct_cron c;

	(void)state;
	assert_int_equal(cr("17 *\t* * *\troot\tcd / && run-parts --report "
			    "/etc/cron.hourly", &c), 0);
	assert_str(c.event, NULL);
	assert_str(c.minute, "17");
	assert_str(c.hour, "*");
	assert_str(c.day_of_month, "*");
	assert_str(c.month, "*");
	assert_str(c.day_of_week, "*");
	assert_str(c.command, "root cd / && run-parts --report "
			      "/etc/cron.hourly");

	assert_int_equal(cr("  @reboot   root  /x  --y \t z  ", &c), 0);
	assert_str(c.event, "@reboot");
	assert_str(c.minute, NULL);
	assert_str(c.day_of_week, NULL);
	assert_str(c.command, "root /x --y z");

	assert_int_equal(cr("@whatever cmd", &c), 0);
	assert_str(c.event, "@whatever");

	/* An assignment after the time fields is part of the command. */
	assert_int_equal(cr("* * * * * FOO=bar cmd", &c), 0);
	assert_str(c.command, "FOO=bar cmd");
	assert_int_equal(cr("0 0 1 jan,jul * echo \"a  b\"", &c), 0);
	assert_str(c.month, "jan,jul");
	assert_str(c.command, "echo \"a b\"");

	cr_refused("SHELL=/bin/sh", "environment setting");
	cr_refused("MAILTO = \"ops@example.org\"", "environment setting");
	cr_refused("\"BACKUP DIR\"=/srv/backup", "environment setting");
	cr_refused("'X' = y", "environment setting");
	cr_refused("A=b c d e f g h", "environment setting");
	cr_refused("# m h dom mon dow command", "comment");
	cr_refused("", "blank line");
	cr_refused("15 2 * *", "no command");
	cr_refused("15 2 * * *", "no command");
	cr_refused("15 2 * * *   ", "no command");
	cr_refused("@reboot", "no command");
	cr_refused("@daily   ", "no command");

	/* Not environment settings. */
	assert_int_equal(cr("= 1 2 3 4 cmd", &c), 0);
	assert_int_equal(cr("\"unterminated =x 2 3 4 cmd", &c), 0);
	assert_int_equal(cr("\"\"=x 2 3 4 5 cmd", &c), 0);
}

/* ---- shell history ---------------------------------------------------- */

/* Feeds lines (separated by \n in s, of total length n) through the
 * history parser and renders "time|command\n" for each entry. */
static char *hist_all(const char *s, size_t n)
{
	static char out[4096];
	struct acct_hist_state st = { false, 0 };
	struct acct_hist_entry h;
	const char *p = s, *e = s + n;
	size_t o = 0;

	out[0] = '\0';
	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(e - p);
		char *line = dup_exact(p, len);
		int r = acct_history_line(&st, line, len, &h, err,
					  sizeof(err));

		if (r < 0)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "!%s\n",
					      err);
		else if (r > 0)
			o += (size_t)snprintf(out + o, sizeof(out) - o,
					      "%lld|%.*s\n", (long long)h.time,
					      (int)h.command.n, h.command.p);
		assert_true(o < sizeof(out));
		free(line);
		p += len + 1;
	}
	return out;
}

#define HIST(s) hist_all((s), sizeof(s) - 1)

static void test_history(void **state)
{
	(void)state;
	assert_string_equal(HIST("#1700000000\nls -la\n#1700000060\n"
				 "#1700000120\nvim x\nplain\n"),
			    "1700000000|ls -la\n"
			    "1700000060|#1700000120\n"
			    "0|vim x\n"
			    "0|plain\n");
	/* The line after a timestamp is taken as it is, whatever it is. */
	assert_string_equal(HIST("#5\n: 1700000000:0;zsh\n#6\n\n"),
			    "5|: 1700000000:0;zsh\n6|\n");
	assert_string_equal(HIST(": 1700001000:0;cd /srv\n"
				 ":1700001001:12;make\n"
				 ":          1700001002:0;ten spaces\n"
				 ":           1700001003:0;eleven spaces\n"
				 ": 12345678901:0;eleven digits\n"
				 ": 123456789012:0;twelve digits\n"
				 ": 1700000000:0;echo \"a; b\"\n"
				 ": 1700000000:;no duration\n"
				 ": 1700000000:0cmd\n"
				 ": :0;no time\n"
				 ": 1700000000:0;\n"),
			    "1700001000|cd /srv\n"
			    "1700001001|make\n"
			    "1700001002|ten spaces\n"
			    "0|:           1700001003:0;eleven spaces\n"
			    "12345678901|eleven digits\n"
			    "0|: 123456789012:0;twelve digits\n"
			    "1700000000|echo \"a; b\"\n"
			    "0|: 1700000000:;no duration\n"
			    "0|: 1700000000:0cmd\n"
			    "0|: :0;no time\n"
			    "1700000000|\n");
	assert_string_equal(HIST("#\n#12a\n# 12\n#1234567890123456789\n"
				 "#123456789012345678\nx\n"),
			    "0|#\n0|#12a\n0|# 12\n0|#1234567890123456789\n"
			    "123456789012345678|x\n");
	/* A refused line drops a pending timestamp. */
	assert_string_equal(HIST("#99\nbin\0ary\nnext\n"),
			    "!NUL byte in line\n0|next\n");
}

static void test_history_binary(void **state)
{
	unsigned char bin[4096];
	struct acct_hist_state st = { false, 0 };
	struct acct_hist_entry h;
	size_t i, start = 0;
	int rows = 0, refused = 0;

	(void)state;
	/* An ELF-like binary: every byte value, NULs included. */
	for (i = 0; i < sizeof(bin); i++)
		bin[i] = (unsigned char)(i * 7 + (i >> 8));
	memcpy(bin, "\177ELF\2\1\1\0", 8);
	for (i = 0; i <= sizeof(bin); i++) {
		if (i < sizeof(bin) && bin[i] != '\n')
			continue;
		{
			char *line = dup_exact((const char *)bin + start,
					       i - start);
			int r = acct_history_line(&st, line, i - start, &h,
						  err, sizeof(err));

			if (r > 0) {
				rows++;
				assert_null(memchr(h.command.p, '\0',
						   h.command.n));
			} else if (r < 0) {
				refused++;
			}
			free(line);
		}
		start = i + 1;
	}
	assert_true(refused > 0);
	assert_true(rows + refused > 1);
}

/* ---- utmp ------------------------------------------------------------- */

static void test_utmp(void **state)
{
	size_t rs = acct_utmp_record_size();
	unsigned char *rec = malloc(rs + 1);
	struct acct_utmp u;
	struct utmp w;

	(void)state;
	assert_non_null(rec);
	assert_int_equal(rs, sizeof(struct utmp));
#if defined(__x86_64__)
	assert_int_equal(rs, 384);
#endif
	memset(&w, 0, sizeof(w));
	w.ut_type = USER_PROCESS;
	w.ut_pid = 4242;
	memcpy(w.ut_line, "pts/0", 5);
	memcpy(w.ut_id, "ts/0", 4); /* fills its field: no NUL */
	memcpy(w.ut_user, "alice", 5);
	memcpy(w.ut_host, "10.0.0.5", 8);
	w.ut_tv.tv_sec = 1700000000;
	w.ut_tv.tv_usec = 123456;
	memcpy(rec, &w, rs);
	assert_int_equal(acct_utmp_parse(rec, rs, &u, err, sizeof(err)), 0);
	assert_int_equal(u.type, USER_PROCESS);
	assert_int_equal(u.pid, 4242);
	assert_string_equal(u.line, "pts/0");
	assert_string_equal(u.id, "ts/0");
	assert_string_equal(u.user, "alice");
	assert_string_equal(u.host, "10.0.0.5");
	assert_int_equal(u.tv_sec, 1700000000);
	assert_int_equal(u.tv_usec, 123456);

	/* Every string field full, no terminator anywhere; text after a
	 * NUL inside a field is not part of it. */
	memset(&w, 'A', sizeof(w));
	w.ut_type = 77;
	memcpy(w.ut_host, "h\0idden", 7);
	memcpy(rec, &w, rs);
	assert_int_equal(acct_utmp_parse(rec, rs, &u, err, sizeof(err)), 0);
	assert_int_equal(strlen(u.line), sizeof(w.ut_line));
	assert_int_equal(strlen(u.user), sizeof(w.ut_user));
	assert_int_equal(strlen(u.id), 4);
	assert_string_equal(u.host, "h");
	assert_int_equal(u.type, 77);

	/* Wrong sizes: the tail of a cut file, or one byte too many. */
	assert_int_equal(acct_utmp_parse(rec, rs - 1, &u, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "short utmp record");
	assert_int_equal(acct_utmp_parse(rec, 0, &u, err, sizeof(err)), -1);
	assert_int_equal(acct_utmp_parse(rec, rs + 1, &u, err, sizeof(err)),
			 -1);

	assert_string_equal(acct_utmp_type_name(USER_PROCESS), "user");
	assert_string_equal(acct_utmp_type_name(LOGIN_PROCESS), "login");
	assert_string_equal(acct_utmp_type_name(DEAD_PROCESS), "dead");
	assert_string_equal(acct_utmp_type_name(BOOT_TIME), "boot_time");
	assert_string_equal(acct_utmp_type_name(RUN_LVL), "runlevel");
	assert_string_equal(acct_utmp_type_name(INIT_PROCESS), "init");
	assert_string_equal(acct_utmp_type_name(ACCOUNTING), "accounting");
	assert_string_equal(acct_utmp_type_name(EMPTY), "empty");
	assert_string_equal(acct_utmp_type_name(-1), "unknown");
	assert_string_equal(acct_utmp_type_name(10), "unknown");
	assert_string_equal(acct_utmp_last_type_name(USER_PROCESS),
			    "user-process");
	assert_string_equal(acct_utmp_last_type_name(DEAD_PROCESS),
			    "dead-process");
	assert_string_equal(acct_utmp_last_type_name(BOOT_TIME), "boot-time");
	assert_string_equal(acct_utmp_last_type_name(ACCOUNTING), "");
	free(rec);
}

/* ---- base64 and private keys ------------------------------------------ */

static void test_base64(void **state)
{
	unsigned char out[64];

	(void)state;
	assert_int_equal(acct_base64_decode("", 0, out, sizeof(out)), 0);
	assert_int_equal(acct_base64_decode("TWFu", 4, out, sizeof(out)), 3);
	assert_memory_equal(out, "Man", 3);
	assert_int_equal(acct_base64_decode("TWE=", 4, out, sizeof(out)), 2);
	assert_memory_equal(out, "Ma", 2);
	assert_int_equal(acct_base64_decode("TQ==", 4, out, sizeof(out)), 1);
	assert_int_equal(acct_base64_decode("TQ", 2, out, sizeof(out)), 1);
	assert_int_equal(acct_base64_decode(" T W\nF\r\tu ", 10, out,
					    sizeof(out)), 3);
	assert_int_equal(acct_base64_decode("T", 1, out, sizeof(out)), -1);
	assert_int_equal(acct_base64_decode("TQ===", 5, out, sizeof(out)),
			 -1);
	assert_int_equal(acct_base64_decode("TQ==TQ==", 8, out, sizeof(out)),
			 -1);
	assert_int_equal(acct_base64_decode("TW!u", 4, out, sizeof(out)), -1);
	assert_int_equal(acct_base64_decode("TWFu", 4, out, 2), -1);
	assert_int_equal(acct_base64_decode("TWE", 3, out, 1), -1);
}

/* Base64 encoder for building key files. */
static void b64_enc(const unsigned char *in, size_t n, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrs"
				"tuvwxyz0123456789+/";
	size_t i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		out[o++] = a[in[i] >> 2];
		out[o++] = a[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
		out[o++] = a[((in[i + 1] & 15) << 2) | (in[i + 2] >> 6)];
		out[o++] = a[in[i + 2] & 63];
		if ((i / 3) % 17 == 16)
			out[o++] = '\n';
	}
	if (n - i == 1) {
		out[o++] = a[in[i] >> 2];
		out[o++] = a[(in[i] & 3) << 4];
		out[o++] = '=';
		out[o++] = '=';
	} else if (n - i == 2) {
		out[o++] = a[in[i] >> 2];
		out[o++] = a[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
		out[o++] = a[(in[i + 1] & 15) << 2];
		out[o++] = '=';
	}
	out[o] = '\0';
}

struct blob {
	unsigned char b[4096];
	size_t n;
};

static void put_u32(struct blob *b, uint32_t v)
{
	b->b[b->n++] = (unsigned char)(v >> 24);
	b->b[b->n++] = (unsigned char)(v >> 16);
	b->b[b->n++] = (unsigned char)(v >> 8);
	b->b[b->n++] = (unsigned char)v;
}

static void put_str(struct blob *b, const void *p, size_t n)
{
	put_u32(b, (uint32_t)n);
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void put_cstr(struct blob *b, const char *s)
{
	put_str(b, s, strlen(s));
}

/* An openssh-key-v1 file with the given cipher and public key blob. */
static char *openssh_file(const char *cipher, const struct blob *pub)
{
	struct blob b = { { 0 }, 0 };
	char *file = malloc(8192), text[6000];

	assert_non_null(file);
	memcpy(b.b, "openssh-key-v1", 15);
	b.n = 15;
	put_cstr(&b, cipher);
	put_cstr(&b, strcmp(cipher, "none") ? "bcrypt" : "none");
	put_cstr(&b, "");
	put_u32(&b, 1);
	put_str(&b, pub->b, pub->n);
	put_cstr(&b, "private part, never read");
	b64_enc(b.b, b.n, text);
	snprintf(file, 8192,
		 "-----BEGIN OPENSSH PRIVATE KEY-----\n%s\n"
		 "-----END OPENSSH PRIVATE KEY-----\n",
		 text);
	return file;
}

static int pk(const char *file, bool anywhere, struct acct_privkey *k)
{
	static unsigned char scratch[8192];
	static char *keep;

	free(keep);
	keep = dup_exact(file, strlen(file));
	err[0] = '\0';
	return acct_privkey_parse(keep, strlen(file), anywhere, scratch,
				  sizeof(scratch), k, err, sizeof(err));
}

static void test_privkey_openssh(void **state)
{
	(void)state;
	/* A real key made by ssh-keygen -t ed25519 -N ''. */
	static const char real[] =
		"-----BEGIN OPENSSH PRIVATE KEY-----\n"
		"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
		"QyNTUxOQAAACBma1CChSxuJ6mPOTQggL2kdTPppm9w/lV/uJImv2G/kgAAAJAaRnaLGkZ2\n"
		"iwAAAAtzc2gtZWQyNTUxOQAAACBma1CChSxuJ6mPOTQggL2kdTPppm9w/lV/uJImv2G/kg\n"
		"AAAEDmWi90UZXcU2YSMLlJazQM+OGgMxv8DzTV8kIFJv/oo2ZrUIKFLG4nqY85NCCAvaR1\n"
		"M+mmb3D+VX+4kia/Yb+SAAAADXJvb3RAZGViaWFuMTI=\n"
		"-----END OPENSSH PRIVATE KEY-----\n";
	struct blob pub = { { 0 }, 0 };
	struct acct_privkey k;
	unsigned char n[257], ed[32];
	char *f;

	assert_int_equal(pk(real, false, &k), 0);
	assert_int_equal(k.format, ACCT_PKEY_OPENSSH);
	assert_false(k.encrypted);
	assert_true(k.pub_ok);
	assert_int_equal(k.alg, ACCT_KEY_ED25519);
	assert_int_equal(k.mp[0].n, 32);
	assert_int_equal(k.mp[0].p[0], 0x66);

	/* Encrypted RSA: the public half is still read. */
	memset(n, 0xc5, sizeof(n));
	n[0] = 0;
	put_cstr(&pub, "ssh-rsa");
	put_str(&pub, "\1\0\1", 3);
	put_str(&pub, n, sizeof(n));
	f = openssh_file("aes256-ctr", &pub);
	assert_int_equal(pk(f, false, &k), 0);
	assert_true(k.encrypted);
	assert_true(k.pub_ok);
	assert_int_equal(k.alg, ACCT_KEY_RSA);
	assert_int_equal(k.mp[0].n, 3);
	assert_int_equal(k.mp[1].n, 257);
	assert_true(k.cipher.n == 10 && memcmp(k.cipher.p, "aes256-ctr", 10) == 0);

	/* A scratch buffer too small for the public key: still a key, and
	 * still known to be encrypted. */
	{
		unsigned char small[64];
		char *copy = dup_exact(f, strlen(f));

		assert_int_equal(acct_privkey_parse(copy, strlen(f), false,
						    small, sizeof(small), &k,
						    err, sizeof(err)), 0);
		assert_true(k.encrypted);
		assert_false(k.pub_ok);
		free(copy);
	}
	free(f);

	/* ECDSA and a security key. */
	pub.n = 0;
	put_cstr(&pub, "sk-ecdsa-sha2-nistp256@openssh.com");
	put_cstr(&pub, "nistp256");
	put_str(&pub, n, 65);
	put_cstr(&pub, "ssh:");
	f = openssh_file("none", &pub);
	assert_int_equal(pk(f, false, &k), 0);
	assert_int_equal(k.alg, ACCT_KEY_ECDSA);
	assert_true(k.curve.n == 8 && memcmp(k.curve.p, "nistp256", 8) == 0);
	assert_int_equal(k.mp[0].n, 65);
	free(f);

	/* Lying lengths in the public key: a key, but no public half. */
	pub.n = 0;
	put_cstr(&pub, "ssh-rsa");
	put_u32(&pub, 0xffffffffu);
	f = openssh_file("none", &pub);
	assert_int_equal(pk(f, false, &k), 0);
	assert_false(k.pub_ok);
	assert_int_equal(k.alg, ACCT_KEY_UNKNOWN);
	free(f);
	pub.n = 0;
	put_cstr(&pub, "ssh-ed25519");
	put_str(&pub, ed, 31);
	f = openssh_file("none", &pub);
	assert_int_equal(pk(f, false, &k), 0);
	assert_false(k.pub_ok);
	free(f);
	pub.n = 0;
	put_cstr(&pub, "ssh-xmss@openssh.com");
	f = openssh_file("none", &pub);
	assert_int_equal(pk(f, false, &k), 0);
	assert_false(k.pub_ok);
	free(f);
	pub.n = 0;
	put_u32(&pub, 0x7fffffff);
	f = openssh_file("none", &pub);
	assert_int_equal(pk(f, false, &k), 0);
	assert_false(k.pub_ok);
	free(f);

	/* Broken bodies. */
	assert_int_equal(pk("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn!\n"
			    "-----END OPENSSH PRIVATE KEY-----\n", false, &k),
			 -1);
	assert_string_equal(err, "OpenSSH key body is not base64");
	assert_int_equal(pk("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n"
			    "-----END OPENSSH PRIVATE KEY-----\n", false, &k),
			 -1);
	assert_string_equal(err, "not an openssh-key-v1 key");
	/* "openssh-key-v1\0" and a cipher length of 2^32-1. */
	assert_int_equal(pk("-----BEGIN OPENSSH PRIVATE KEY-----\n"
			    "b3BlbnNzaC1rZXktdjEA/////w==\n"
			    "-----END OPENSSH PRIVATE KEY-----\n", false, &k),
			 -1);
	assert_string_equal(err, "truncated OpenSSH key header");
	assert_int_equal(pk("-----BEGIN OPENSSH PRIVATE KEY-----\n"
			    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB\n",
			    false, &k), -1);
	assert_string_equal(err, "OpenSSH key without END line");
}

static void test_privkey_pem(void **state)
{
	struct acct_privkey k;

	(void)state;
	assert_int_equal(pk("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n"
			    "-----END RSA PRIVATE KEY-----\n", false, &k), 0);
	assert_int_equal(k.format, ACCT_PKEY_PEM);
	assert_int_equal(k.alg, ACCT_KEY_RSA);
	assert_false(k.encrypted);
	assert_str(k.label, "RSA PRIVATE KEY");
	assert_str(k.pem, "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n"
			  "-----END RSA PRIVATE KEY-----");

	assert_int_equal(pk("\n  \n-----BEGIN RSA PRIVATE KEY-----  \r\n"
			    "Proc-Type: 4,ENCRYPTED\n"
			    "DEK-Info: AES-128-CBC,F7FB\n\nMIIE\n"
			    "-----END RSA PRIVATE KEY-----\n", false, &k), 0);
	assert_true(k.encrypted);
	assert_int_equal(k.alg, ACCT_KEY_RSA);

	assert_int_equal(pk("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIGb\n"
			    "-----END ENCRYPTED PRIVATE KEY-----\n", false,
			    &k), 0);
	assert_true(k.encrypted);
	assert_int_equal(k.alg, ACCT_KEY_UNKNOWN);

	assert_int_equal(pk("-----BEGIN EC PRIVATE KEY-----\nMHcC\n", false,
			    &k), 0);
	assert_int_equal(k.alg, ACCT_KEY_ECDSA);
	assert_str(k.pem, "-----BEGIN EC PRIVATE KEY-----\nMHcC\n");

	assert_int_equal(pk("-----BEGIN PRIVATE KEY-----\nMIG2\n"
			    "-----END PRIVATE KEY-----", false, &k), 0);
	assert_int_equal(k.alg, ACCT_KEY_UNKNOWN);
	assert_false(k.encrypted);

	/* Text before the header: only where a key may be anywhere. */
	assert_int_equal(pk("Key for the build host.\n"
			    "-----BEGIN EC PRIVATE KEY-----\nMHcC\n"
			    "-----END EC PRIVATE KEY-----\n", false, &k), -1);
	assert_string_equal(err, "no private key header");
	assert_int_equal(pk("Key for the build host.\n"
			    "-----BEGIN EC PRIVATE KEY-----\nMHcC\n"
			    "-----END EC PRIVATE KEY-----\n", true, &k), 0);
	assert_int_equal(k.alg, ACCT_KEY_ECDSA);

	/* Not private keys. */
	assert_int_equal(pk("-----BEGIN PUBLIC KEY-----\nMFkw\n", true, &k),
			 -1);
	assert_int_equal(pk("-----BEGIN CERTIFICATE-----\nMIIB\n", true, &k),
			 -1);
	assert_int_equal(pk("ssh-ed25519 " K " x\n", true, &k), -1);
	assert_int_equal(pk("-----BEGIN PRIVATE KEY----", true, &k), -1);
	assert_int_equal(pk("-----BEGIN PRIVATE KEY-----x", true, &k), -1);
	assert_int_equal(pk("", true, &k), -1);
	assert_int_equal(pk("-----BEGIN PRIVATE KEY-----", true, &k), 0);
	assert_int_equal(pk("-----BEGIN PRIVATE KEY-----", false, &k), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shadow_status),
		cmocka_unit_test(test_shadow_numbers),
		cmocka_unit_test(test_shadow_refused),
		cmocka_unit_test(test_sudoers_plain),
		cmocka_unit_test(test_sudoers_continuation),
		cmocka_unit_test(test_sudoers_hostile),
		cmocka_unit_test(test_authkeys),
		cmocka_unit_test(test_known_hosts),
		cmocka_unit_test(test_ssh_config),
		cmocka_unit_test(test_crontab),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_history_binary),
		cmocka_unit_test(test_utmp),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_privkey_openssh),
		cmocka_unit_test(test_privkey_pem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
