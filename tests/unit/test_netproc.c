/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_netproc.c: the /proc/net, maps, environ, fdinfo and link parsers on
 * lines the kernel writes and on hostile ones: headers and garbage, lines
 * cut at every byte (each prefix copied into a buffer of exactly its size,
 * so the sanitizer sees any read past it), overflowing numbers, unix paths
 * and maps paths holding spaces, environ blocks without a final NUL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include "tables/netproc.h"

static const char tcp_listen[] =
	"   0: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 "
	"00000000     0        0 15020 1 0000000000000000 100 0 0 10 0";

static const char tcp6_mapped[] =
	"   1: 0000000000000000FFFF00000100007F:1F90 "
	"0000000000000000FFFF00000100007F:D6D8 08 00000000:00000000 "
	"00:00000000 00000000  1000        0 16002 1 0000000000000000 100 0 "
	"0 10 0";

static const char unix_spaces[] =
	"0000000000000000: 00000002 00000000 00010000 0001 01 13004 "
	"/tmp/.x/my sock";

/* A copy of s[0..n) in a buffer of exactly n bytes; free() it. */
static char *exact(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	assert_non_null(p);
	memcpy(p, s, n);
	return p;
}

static void test_inet_v4(void **state)
{
	struct netproc_sock s;
	char err[64], addr[NETPROC_ADDR_MAX];

	(void)state;
	assert_int_equal(netproc_parse_inet(tcp_listen, strlen(tcp_listen),
					    AF_INET, IPPROTO_TCP, &s, err,
					    sizeof(err)),
			 0);
	assert_int_equal(s.family, AF_INET);
	assert_int_equal(s.protocol, IPPROTO_TCP);
	assert_int_equal(s.local_port, 631);
	assert_int_equal(s.remote_port, 0);
	assert_int_equal(s.state, NETPROC_LISTEN);
	assert_int_equal(s.uid, 0);
	assert_int_equal(s.inode, 15020);
	assert_int_equal(netproc_format_addr(AF_INET, s.local, addr,
					     sizeof(addr)),
			 0);
	assert_string_equal(addr, "127.0.0.1");
	assert_int_equal(netproc_format_addr(AF_INET, s.remote, addr,
					     sizeof(addr)),
			 0);
	assert_string_equal(addr, "0.0.0.0");
	assert_string_equal(netproc_tcp_state_name(s.state), "LISTEN");
}

static void test_inet_v6(void **state)
{
	struct netproc_sock s;
	char err[64], addr[NETPROC_ADDR_MAX];

	(void)state;
	assert_int_equal(netproc_parse_inet(tcp6_mapped, strlen(tcp6_mapped),
					    AF_INET6, IPPROTO_TCP, &s, err,
					    sizeof(err)),
			 0);
	assert_int_equal(s.local_port, 8080);
	assert_int_equal(s.remote_port, 55000);
	assert_int_equal(s.uid, 1000);
	assert_int_equal(s.inode, 16002);
	assert_string_equal(netproc_tcp_state_name(s.state), "CLOSE_WAIT");
	assert_int_equal(netproc_format_addr(AF_INET6, s.local, addr,
					     sizeof(addr)),
			 0);
	assert_string_equal(addr, "::ffff:127.0.0.1");

	/* An IPv4 line read as IPv6 (or the reverse) is refused. */
	assert_int_equal(netproc_parse_inet(tcp_listen, strlen(tcp_listen),
					    AF_INET6, IPPROTO_TCP, &s, err,
					    sizeof(err)),
			 -1);
	assert_int_equal(netproc_parse_inet(tcp6_mapped, strlen(tcp6_mapped),
					    AF_INET, IPPROTO_TCP, &s, err,
					    sizeof(err)),
			 -1);
	assert_int_equal(netproc_parse_inet(tcp_listen, strlen(tcp_listen),
					    AF_UNIX, 0, &s, err, sizeof(err)),
			 -1);
}

static void test_inet_hostile(void **state)
{
	static const char *const bad[] = {
		"",
		"  sl  local_address rem_address   st tx_queue rx_queue tr "
		"tm->when retrnsmt   uid  timeout inode",
		"garbage line that is not a socket",
		"   0: 0100007F:0277",
		/* address one digit short, port one too long */
		"   0: 100007F:0277 00000000:0000 0A 0:0 00:0 0 0 0 1 1",
		"   0: 0100007F:02777 00000000:0000 0A 0:0 00:0 0 0 0 1 1",
		/* non-hex address, three-digit state */
		"   0: 0100007G:0277 00000000:0000 0A 0:0 00:0 0 0 0 1 1",
		"   0: 0100007F:0277 00000000:0000 0A0 0:0 00:0 0 0 0 1 1",
		/* uid past 32 bits, inode past 64 bits, negative uid */
		"   0: 0100007F:0277 00000000:0000 0A 0:0 00:0 0 4294967296 0 "
		"1 1",
		"   0: 0100007F:0277 00000000:0000 0A 0:0 00:0 0 0 0 "
		"18446744073709551616 1",
		"   0: 0100007F:0277 00000000:0000 0A 0:0 00:0 0 -1 0 1 1",
		/* nothing after the inode: cut short */
		"   5: 0100007F:0019 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000     0        0 12345",
		"x: 0100007F:0277 00000000:0000 0A 0:0 00:0 0 0 0 1 1",
	};
	struct netproc_sock s;
	char err[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(netproc_parse_inet(bad[i], strlen(bad[i]),
						    AF_INET, IPPROTO_TCP, &s,
						    err, sizeof(err)),
				 -1);
		assert_true(err[0] != '\0');
	}
	/* The largest inode and uid still fit. */
	{
		static const char big[] =
			"   0: 0100007F:0277 00000000:0000 0A 0:0 00:0 0 "
			"4294967295 0 18446744073709551615 1";

		assert_int_equal(netproc_parse_inet(big, strlen(big), AF_INET,
						    IPPROTO_UDP, &s, err,
						    sizeof(err)),
				 0);
		assert_true(s.inode == UINT64_MAX);
		assert_int_equal(s.uid, 4294967295LL);
	}
	/* A NULL err is allowed. */
	assert_int_equal(netproc_parse_inet("x", 1, AF_INET, IPPROTO_TCP, &s,
					    NULL, 0),
			 -1);
}

/* Every prefix either fails or gives the whole line's inode: a cut line
 * never passes for a socket with a smaller inode. */
static void test_inet_cut_everywhere(void **state)
{
	size_t n = strlen(tcp_listen), k;
	struct netproc_sock s;
	char err[64];

	(void)state;
	for (k = 0; k <= n; k++) {
		char *p = exact(tcp_listen, k);

		if (netproc_parse_inet(p, k, AF_INET, IPPROTO_TCP, &s, err,
				       sizeof(err)) == 0)
			assert_int_equal(s.inode, 15020);
		free(p);
	}
	n = strlen(tcp6_mapped);
	for (k = 0; k <= n; k++) {
		char *p = exact(tcp6_mapped, k);

		if (netproc_parse_inet(p, k, AF_INET6, IPPROTO_TCP, &s, err,
				       sizeof(err)) == 0)
			assert_int_equal(s.inode, 16002);
		free(p);
	}
}

static void test_unix(void **state)
{
	static const char abstract[] =
		"0000000000000000: 00000002 00000000 00010000 0001 01 13005 "
		"@/tmp/.X11-unix/X0";
	static const char connected[] =
		"0000000000000000: 00000003 00000000 00000000 0001 03    77";
	static const char dgram[] =
		"ffff8a0c40a2b000: 00000002 00000000 00000000 0002 01 13002 "
		"/run/systemd/journal/dev-log";
	static const char connecting[] =
		"0000000000000000: 00000002 00000000 00000000 0001 02 5 x";
	struct netproc_sock s;
	char err[64];

	(void)state;
	assert_int_equal(netproc_parse_unix(unix_spaces, strlen(unix_spaces),
					    &s, err, sizeof(err)),
			 0);
	assert_int_equal(s.family, AF_UNIX);
	assert_int_equal(s.protocol, 0);
	assert_int_equal(s.unix_type, SOCK_STREAM);
	assert_int_equal(s.state, NETPROC_LISTEN);
	assert_int_equal(s.inode, 13004);
	assert_string_equal(s.path, "/tmp/.x/my sock");

	assert_int_equal(netproc_parse_unix(abstract, strlen(abstract), &s,
					    err, sizeof(err)),
			 0);
	assert_string_equal(s.path, "@/tmp/.X11-unix/X0");

	assert_int_equal(netproc_parse_unix(connected, strlen(connected), &s,
					    err, sizeof(err)),
			 0);
	assert_int_equal(s.state, NETPROC_ESTABLISHED);
	assert_int_equal(s.inode, 77);
	assert_string_equal(s.path, "");

	assert_int_equal(netproc_parse_unix(dgram, strlen(dgram), &s, err,
					    sizeof(err)),
			 0);
	assert_int_equal(s.unix_type, SOCK_DGRAM);
	assert_int_equal(s.state, NETPROC_CLOSE);
	assert_string_equal(s.path, "/run/systemd/journal/dev-log");

	assert_int_equal(netproc_parse_unix(connecting, strlen(connecting),
					    &s, err, sizeof(err)),
			 0);
	assert_int_equal(s.state, NETPROC_SYN_SENT);
	assert_string_equal(s.path, "x");
}

static void test_unix_hostile(void **state)
{
	static const char *const bad[] = {
		"",
		"Num       RefCount Protocol Flags    Type St Inode Path",
		"not a unix socket line",
		"0000000000000000: 00000002 00000000 00010000 0001 01",
		"0000000000000000: 00000002 00000000 00010000 0001 01 12a",
		"0000000000000000: 00000002 00000000 00010000 10001 01 1",
		"0000000000000000: 00000002 00000000 00010000 0001 101 1",
		"0000000000000000: 0000000Z 00000000 00010000 0001 01 1",
		"0000000000000000: 00000002 00000000 00010000 0001 01 1\t/x",
		"0000000000000000: 00000002 00000000 00010000 0001 01 1 ",
		"00000000000000000: 00000002 00000000 00010000 0001 01 1 /x",
	};
	char line[400], err[64];
	struct netproc_sock s;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(netproc_parse_unix(bad[i], strlen(bad[i]),
						    &s, err, sizeof(err)),
				 -1);

	/* A path longer than sun_path allows is refused, not cut. */
	n = (size_t)snprintf(line, sizeof(line),
			     "0000000000000000: 00000002 00000000 00010000 "
			     "0001 01 9 /");
	memset(line + n, 'a', 200);
	n += 200;
	assert_int_equal(netproc_parse_unix(line, n, &s, err, sizeof(err)),
			 -1);
	/* A NUL in the path is refused too. */
	n = (size_t)snprintf(line, sizeof(line),
			     "0000000000000000: 00000002 00000000 00010000 "
			     "0001 01 9 /a");
	line[n - 1] = '\0';
	assert_int_equal(netproc_parse_unix(line, n, &s, err, sizeof(err)),
			 -1);

	/* Cut at every byte: no read past the end.  A unix line cut inside
	 * its inode still parses (the path is optional), which is why the
	 * line reader drops a last line that has lost its newline. */
	n = strlen(unix_spaces);
	for (i = 0; i <= n; i++) {
		char *p = exact(unix_spaces, i);

		if (netproc_parse_unix(p, i, &s, err, sizeof(err)) == 0 &&
		    i > 60)
			assert_int_equal(s.inode, 13004);
		free(p);
	}
}

static void test_state_names(void **state)
{
	(void)state;
	assert_string_equal(netproc_tcp_state_name(0), "UNKNOWN");
	assert_string_equal(netproc_tcp_state_name(1), "ESTABLISHED");
	assert_string_equal(netproc_tcp_state_name(6), "TIME_WAIT");
	assert_string_equal(netproc_tcp_state_name(7), "CLOSED");
	assert_string_equal(netproc_tcp_state_name(11), "CLOSING");
	assert_string_equal(netproc_tcp_state_name(12), "UNKNOWN");
	assert_string_equal(netproc_tcp_state_name(-3), "UNKNOWN");
	assert_string_equal(netproc_tcp_state_name(255), "UNKNOWN");
}

static void test_format_addr(void **state)
{
	uint8_t a[16] = { 0 };
	char small[4], addr[NETPROC_ADDR_MAX];

	(void)state;
	a[15] = 1;
	assert_int_equal(netproc_format_addr(AF_INET6, a, addr, sizeof(addr)),
			 0);
	assert_string_equal(addr, "::1");
	assert_int_equal(netproc_format_addr(AF_UNIX, a, addr, sizeof(addr)),
			 -1);
	assert_int_equal(netproc_format_addr(AF_INET, a, small, sizeof(small)),
			 -1);
}

static void test_link_inode(void **state)
{
	static const struct {
		const char *link;
		const char *type;
		int rc;
		uint64_t inode;
	} cases[] = {
		{ "socket:[12345]", "socket", 0, 12345 },
		{ "pipe:[777]", "pipe", 0, 777 },
		{ "net:[4026531840]", "net", 0, 4026531840ULL },
		{ "pipe:[777]", "socket", -1, 0 },
		{ "socket:[]", "socket", -1, 0 },
		{ "socket:[0]", "socket", -1, 0 },
		{ "socket:[abc]", "socket", -1, 0 },
		{ "socket:[12", "socket", -1, 0 },
		{ "socket:12]", "socket", -1, 0 },
		{ "socket:[1]x", "socket", -1, 0 },
		{ "socket:[-1]", "socket", -1, 0 },
		{ "socket:[18446744073709551615]", "socket", 0, UINT64_MAX },
		{ "pipe:[18446744073709551616]", "pipe", -1, 0 },
		{ "socket", "socket", -1, 0 },
		{ "", "socket", -1, 0 },
		{ "/etc/passwd", "socket", -1, 0 },
		{ "ipc:[4026532306]", "uts", -1, 0 },
	};
	size_t i;
	uint64_t ino;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p = exact(cases[i].link, strlen(cases[i].link));

		ino = 0;
		assert_int_equal(netproc_link_inode(p, strlen(cases[i].link),
						    cases[i].type, &ino),
				 cases[i].rc);
		if (cases[i].rc == 0)
			assert_true(ino == cases[i].inode);
		free(p);
	}
}

static void test_maps(void **state)
{
	static const char file[] =
		"55d4c0a28000-55d4c0ab1000 r-xp 00028000 fe:00 1835023        "
		"            /usr/lib/systemd/systemd";
	static const char spaces[] =
		"7f0000001000-7f0000002000 r-xp 00001000 08:01 4242           "
		"            /tmp/.x/my lib.so (deleted)";
	static const char anon[] =
		"7f2a1c000000-7f2a1c021000 rw-p 00000000 00:00 0 ";
	static const char bare[] = "0-1 ---s 0 103:1a 7";
	struct netproc_map m;
	char err[64];

	(void)state;
	assert_int_equal(netproc_parse_map(file, strlen(file), &m, err,
					   sizeof(err)),
			 0);
	assert_int_equal(m.start_len, 12);
	assert_memory_equal(m.start, "55d4c0a28000", 12);
	assert_memory_equal(m.end, "55d4c0ab1000", 12);
	assert_int_equal(m.perms_len, 4);
	assert_memory_equal(m.perms, "r-xp", 4);
	assert_int_equal(m.offset, 0x28000);
	assert_int_equal(m.device_len, 5);
	assert_memory_equal(m.device, "fe:00", 5);
	assert_int_equal(m.inode, 1835023);
	assert_int_equal(m.path_len, strlen("/usr/lib/systemd/systemd"));
	assert_memory_equal(m.path, "/usr/lib/systemd/systemd", m.path_len);

	assert_int_equal(netproc_parse_map(spaces, strlen(spaces), &m, err,
					   sizeof(err)),
			 0);
	assert_int_equal(m.path_len, strlen("/tmp/.x/my lib.so (deleted)"));
	assert_memory_equal(m.path, "/tmp/.x/my lib.so (deleted)",
			    m.path_len);

	assert_int_equal(netproc_parse_map(anon, strlen(anon), &m, err,
					   sizeof(err)),
			 0);
	assert_int_equal(m.path_len, 0);
	assert_int_equal(m.inode, 0);

	assert_int_equal(netproc_parse_map(bare, strlen(bare), &m, err,
					   sizeof(err)),
			 0);
	assert_int_equal(m.path_len, 0);
	assert_int_equal(m.inode, 7);
}

static void test_maps_hostile(void **state)
{
	static const char *const bad[] = {
		"",
		"this is not a maps line",
		"7f0000004000 r--p 00000000 00:00 0",
		"-1 r--p 0 00:00 0",
		"1- r--p 0 00:00 0",
		"0-1 r--pp 0 00:00 0",
		"0-1 rzxp 0 00:00 0",
		"0-1 r--p 0 0000 0",
		"0-1 r--p 0 :00 0",
		"0-1 r--p 0 00: 0",
		"0-1 r--p 0 00:00",
		"0-1 r--p 0 00:00 x",
		"0-1 r--p 10000000000000000 00:00 0",
		"0-10000000000000000 r--p 0 00:00 0",
		"0-1 r--p 0 00:00 18446744073709551616",
	};
	static const char full[] =
		"7f0000001000-7f0000002000 r-xp 00001000 08:01 4242 /x y";
	struct netproc_map m;
	char err[64];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(netproc_parse_map(bad[i], strlen(bad[i]), &m,
						   err, sizeof(err)),
				 -1);
	n = strlen(full);
	for (i = 0; i <= n; i++) {
		char *p = exact(full, i);

		(void)netproc_parse_map(p, i, &m, err, sizeof(err));
		free(p);
	}
}

static void test_environ(void **state)
{
	static const char env[] = "LD_PRELOAD=/tmp/.x/evil.so\0\0EMPTY=\0"
				  "NOEQUALS\0=v\0A=b=c\0LAST=no nul";
	const size_t len = sizeof(env) - 1; /* no final NUL */
	struct netproc_env e;
	size_t pos = 0;
	char *p = exact(env, len);

	(void)state;
	assert_int_equal(netproc_environ_next(p, len, &pos, &e), 1);
	assert_int_equal(e.key_len, 10);
	assert_memory_equal(e.key, "LD_PRELOAD", 10);
	assert_true(e.has_value);
	assert_int_equal(e.value_len, 15);
	assert_memory_equal(e.value, "/tmp/.x/evil.so", 15);

	assert_int_equal(netproc_environ_next(p, len, &pos, &e), 1);
	assert_memory_equal(e.key, "EMPTY", 5);
	assert_true(e.has_value);
	assert_int_equal(e.value_len, 0);

	assert_int_equal(netproc_environ_next(p, len, &pos, &e), 1);
	assert_int_equal(e.key_len, 8);
	assert_false(e.has_value);

	assert_int_equal(netproc_environ_next(p, len, &pos, &e), 1);
	assert_int_equal(e.key_len, 0);
	assert_int_equal(e.value_len, 1);

	assert_int_equal(netproc_environ_next(p, len, &pos, &e), 1);
	assert_int_equal(e.key_len, 1);
	assert_int_equal(e.value_len, 3);
	assert_memory_equal(e.value, "b=c", 3);

	assert_int_equal(netproc_environ_next(p, len, &pos, &e), 1);
	assert_memory_equal(e.key, "LAST", 4);
	assert_int_equal(e.value_len, 6);
	assert_memory_equal(e.value, "no nul", 6);

	assert_int_equal(netproc_environ_next(p, len, &pos, &e), 0);
	assert_int_equal(netproc_environ_next(p, len, &pos, &e), 0);
	free(p);

	/* Only NULs, and nothing at all. */
	pos = 0;
	assert_int_equal(netproc_environ_next("\0\0\0", 3, &pos, &e), 0);
	pos = 0;
	assert_int_equal(netproc_environ_next("", 0, &pos, &e), 0);
}

static void test_fdinfo(void **state)
{
	static const char ok[] = "pos:\t0\nflags:\t02000001\nmnt_id:\t14\n";
	static const char last[] = "pos:\t0\nflags:\t0100002";
	unsigned flags = 0;

	(void)state;
	assert_int_equal(netproc_parse_fdinfo_flags(ok, strlen(ok), &flags),
			 0);
	assert_int_equal(flags, 02000001);
	assert_int_equal(netproc_parse_fdinfo_flags(last, strlen(last),
						    &flags),
			 0);
	assert_int_equal(flags, 0100002);
	assert_int_equal(netproc_parse_fdinfo_flags("pos:\t0\n", 7, &flags),
			 -1);
	assert_int_equal(netproc_parse_fdinfo_flags("flags:\t0999\n", 12,
						    &flags),
			 -1);
	assert_int_equal(netproc_parse_fdinfo_flags("flags:\n", 7, &flags),
			 -1);
	assert_int_equal(netproc_parse_fdinfo_flags("flags:\t777777777777\n",
						    20, &flags),
			 -1);
	assert_int_equal(netproc_parse_fdinfo_flags("", 0, &flags), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inet_v4),
		cmocka_unit_test(test_inet_v6),
		cmocka_unit_test(test_inet_hostile),
		cmocka_unit_test(test_inet_cut_everywhere),
		cmocka_unit_test(test_unix),
		cmocka_unit_test(test_unix_hostile),
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_format_addr),
		cmocka_unit_test(test_link_inode),
		cmocka_unit_test(test_maps),
		cmocka_unit_test(test_maps_hostile),
		cmocka_unit_test(test_environ),
		cmocka_unit_test(test_fdinfo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
