# SPDX-License-Identifier: Apache-2.0
# vigil's extra SQL functions and the VERSION collation, through the real
# binary: exact CSV results, exact error text and exit status for bad input,
# functions applied row by row to a fixture table, and digests and base64
# checked against the coreutils tools on this host.
. "$TOP/tests/lib.sh"

# CSV rows end in CRLF (RFC 4180); the expectations below are written with
# plain line ends, which this adds.
# (Not a pipe into is_out: the check would run in a subshell and its
# number would be lost.)
is_csv() {
	sed 's/$/\r/' >"${TMPD:-.}/.csvwant"
	is_out "$1" <"${TMPD:-.}/.csvwant"
}
# The single CSV field printed, without its CRLF.
field() { tr -d '\r\n' <"$OUT"; }

run query --csv "SELECT split('192.168.0.1', '.', 1) AS a,
	split('a,,b', ',', 1) AS b, split('a,b', ',', 5) AS c,
	regex_split('a1b22c', '[0-9]+', 2) AS d,
	regex_match('hello world. Goodbye', '(\w+) \w+', 1) AS e,
	regex_match('abc', '[0-9]', 0) AS f"
is_rc "string functions: exit 0" 0
is_csv "string functions" <<'EOF'
a,b,c,d,e,f
168,b,,c,hello,
EOF

run query --csv "SELECT concat('hello', NULL, ' ', 'world') AS a,
	concat_ws(', ', 'x', NULL, 'y') AS b, concat() AS c"
is_csv "concat and concat_ws" <<'EOF'
a,b,c
hello world,"x, y",
EOF

run query --csv "SELECT md5('abc') AS md5, sha1('abc') AS sha1,
	sha256('abc') AS sha256"
is_csv "digests of abc" <<'EOF'
md5,sha1,sha256
900150983cd24fb0d6963f7d28e17f72,a9993e364706816aba3e25717850c26c9cd0d89d,ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
EOF

run query --csv "SELECT to_base64('CPU0') AS a, from_base64('Q1BVMA==') AS b,
	from_base64('not base64!') IS NULL AS c"
is_csv "base64" <<'EOF'
a,b,c
Q1BVMA==,CPU0,1
EOF

run query --csv "SELECT version_compare('1.0', '1.0.1') AS a,
	version_compare('1:0.9', '2.0') AS b,
	version_compare('1.0~rc1', '1.0') AS c,
	version_compare('2.0-1', '2.0-2') AS d,
	version_compare('1.10', '1.9') AS e,
	version_compare('1.0', '1.00') AS f,
	version_compare('1.123456789012345678901234567890',
		'1.123456789012345678901234567889') AS g"
is_csv "version_compare" <<'EOF'
a,b,c,d,e,f,g
-1,1,-1,-1,1,0,1
EOF

run query --csv "SELECT column1 AS v FROM (VALUES ('1.10'), ('2.0-1'), ('1.9'),
	('1:0.1'), ('1.0~rc1'), ('1.0')) ORDER BY column1 COLLATE VERSION"
is_csv "ORDER BY ... COLLATE VERSION" <<'EOF'
v
1.0~rc1
1.0
1.9
1.10
2.0-1
1:0.1
EOF

run query --csv "SELECT in_cidr_block('10.0.0.0/8', '10.1.2.3') AS a,
	in_cidr_block('10.0.0.0/8', '11.0.0.1') AS b,
	in_cidr_block('fe80::/10', 'fe80::1') AS c,
	in_cidr_block('10.0.0.0/8', '::ffff:10.0.0.1') AS d,
	in_cidr_block('0.0.0.0/0', '1.2.3.4') AS e,
	inet_aton('1.2.3.4') AS f, inet_aton('::1') AS g"
is_csv "in_cidr_block and inet_aton" <<'EOF'
a,b,c,d,e,f,g
1,0,1,0,1,16909060,
EOF

# Functions over a fixture table's rows (the pattern cached across rows).
run query --root "$FIX/debian12" --csv "SELECT address,
	in_cidr_block(CASE WHEN address LIKE '%:%' THEN 'fd00::/8'
		ELSE '10.0.0.0/8' END, address) AS private,
	regex_match(hostnames, '^([a-z0-9-]+)\.', 1) AS first_label
	FROM etc_hosts"
is_rc "functions over etc_hosts rows: exit 0" 0
is_csv "functions over etc_hosts rows" <<'EOF'
address,private,first_label
127.0.0.1,0,
127.0.1.1,0,debian12
::1,0,
ff02::1,0,
ff02::2,0,
10.0.0.5,1,db
10.0.0.6,1,cache
192.168.1.20,0,printer
fd00::10,1,nas
10.0.0.99,1,
EOF

# Bad input fails the query with a message naming the function.
run query --csv "SELECT in_cidr_block('10.0.0.0/33', '10.0.0.1')"
is_rc "bad CIDR block: exit 1" 1
is_err "bad CIDR block: message" <<'EOF'
vigil: query failed: in_cidr_block: invalid CIDR block '10.0.0.0/33'
EOF
is_out "bad CIDR block: no output" </dev/null

run query --csv "SELECT in_cidr_block('10.0.0.0/8', '10.0.0.300')"
is_rc "bad IP address: exit 1" 1
is_err "bad IP address: message" <<'EOF'
vigil: query failed: in_cidr_block: invalid IP address '10.0.0.300'
EOF

run query --csv "SELECT regex_match('abc', '(b', 0)"
is_rc "bad regex: exit 1" 1
ok "bad regex: message names the pattern" \
	grep -q "^vigil: query failed: regex_match: invalid regular expression '(b': " "$ERR"

run query --csv "SELECT split('a', ',')"
is_rc "wrong argument count: exit 1" 1
is_err "wrong argument count: message" <<'EOF'
vigil: query failed: wrong number of arguments to function split()
EOF

# Digests and base64 agree with the tools on this host.
s='vigil: functions "check" $x'
want=$(printf '%s' "$s" | sha256sum | cut -d' ' -f1)
run query --csv --no-headers "SELECT sha256('vigil: functions \"check\" \$x')"
ok "sha256 agrees with sha256sum" test "$(field)" = "$want"
want=$(printf '%s' "$s" | md5sum | cut -d' ' -f1)
run query --csv --no-headers "SELECT md5('vigil: functions \"check\" \$x')"
ok "md5 agrees with md5sum" test "$(field)" = "$want"
want=$(printf '%s' "$s" | base64 -w0)
run query --csv --no-headers \
	"SELECT to_base64('vigil: functions \"check\" \$x') = '$want'"
ok "to_base64 agrees with base64" test "$(field)" = 1
