# SPDX-License-Identifier: Apache-2.0
# `vigil query`: output formats, statement handling, and every error path a
# user can hit, with exact output.
. "$TOP/tests/lib.sh"

run query "SELECT 1 AS a, 'two' AS bb, NULL AS c"
is_out "table format is boxed and aligned" <<'X'
+---+-----+---+
| a | bb  | c |
+---+-----+---+
| 1 | two |   |
+---+-----+---+
X
is_rc "a good query exits 0" 0

run query --json "SELECT 1 AS i, 1.5 AS r, 'a\"b' AS s, NULL AS n UNION ALL SELECT -2, 0.25, 'é', 'x'"
is_out "json is an array of typed objects" <<'X'
[
  {"i":1,"r":1.5,"s":"a\"b","n":null},
  {"i":-2,"r":0.25,"s":"é","n":"x"}
]
X

run query --json "SELECT 1 WHERE 0"
is_out "json of no rows is an empty array" <<'X'
[]
X

run query --csv "SELECT 'a,b' AS x, 'q\"q' AS y, 'l1' || char(10) || 'l2' AS z, NULL AS n"
printf 'x,y,z,n\r\n"a,b","q""q","l1\nl2",\r\n' >want.csv
ok "csv follows RFC 4180 (CRLF, quoting, doubled quotes)" cmp want.csv "$OUT"

run query --csv --no-headers "SELECT 1, 2"
printf '1,2\r\n' >want.csv
ok "csv without headers" cmp want.csv "$OUT"

run query --line "SELECT 1 AS a, 'xyz' AS longer UNION ALL SELECT 2, NULL"
is_out "line format aligns names and separates rows" <<'X'
     a = 1
longer = xyz

     a = 2
longer = 
X

run query "SELECT char(27) || '[31mred' || char(9) || 'x' || char(10) AS evil"
is_out "table output escapes control characters" <<'X'
+------------------+
| evil             |
+------------------+
| \x1b[31mred\tx\n |
+------------------+
X

run query "SELECT 1 AS a; SELECT 2 AS b"
is_out "several statements run in turn" <<'X'
+---+
| a |
+---+
| 1 |
+---+
+---+
| b |
+---+
| 2 |
+---+
X

printf 'SELECT 40 + 2 AS answer;\n' >q.sql
"$VIGIL" query --csv - <q.sql >"$OUT" 2>"$ERR"; RC=$?
printf 'answer\r\n42\r\n' >want.csv
ok "SQL from standard input with '-'" cmp want.csv "$OUT"
"$VIGIL" query --csv <q.sql >"$OUT" 2>"$ERR"; RC=$?
ok "SQL from standard input with no argument" cmp want.csv "$OUT"

# Errors: one line on stderr, exit 1, nothing on stdout.
check_err() { # name sql expected-stderr
	run query "$2"
	printf '%s\n' "$3" >want.err
	if [ "$RC" -eq 1 ] && cmp -s want.err "$ERR" && [ ! -s "$OUT" ]; then
		_report ok "$1"
	else
		{ echo "rc=$RC"; diff want.err "$ERR"; } >.d; _report fail "$1" .d
	fi
}
check_err "invalid SQL" "SELEC 1" 'vigil: query failed: near "SELEC": syntax error'
check_err "unknown table" "SELECT * FROM no_such_table" 'vigil: query failed: no such table: no_such_table'
check_err "unknown column" "SELECT no_such_column FROM uptime" 'vigil: query failed: no such column: no_such_column'
check_err "missing required constraint" "SELECT * FROM file" 'vigil: query failed: table file requires a constraint on path or directory'
check_err "hash needs a constraint too" "SELECT sha256 FROM hash" 'vigil: query failed: table hash requires a constraint on path or directory'
check_err "ATTACH is refused" "ATTACH DATABASE '/tmp/x.db' AS x" 'vigil: query failed: ATTACH and DETACH are not allowed'
check_err "load_extension is refused" "SELECT load_extension('/tmp/evil.so')" 'vigil: query failed: load_extension is not allowed'
check_err "writing pragmas are refused" "PRAGMA journal_mode = DELETE" 'vigil: query failed: pragma journal_mode is not allowed'
check_err "creating a table in main is refused" "CREATE TABLE t(x)" "vigil: query failed: changing the schema of 't' is not allowed (use CREATE TEMP TABLE)"
check_err "tables cannot be written" "DELETE FROM processes" 'vigil: query failed: table processes may not be modified'
run query --csv "SELECT 1 AS a; SELEC 2; SELECT 3 AS c"
printf 'a\r\n1\r\n' >want.csv
ok "the first failing statement stops the run" \
	bash -c "[ $RC -eq 1 ] && cmp -s want.csv '$OUT' && grep -qx 'vigil: query failed: near \"SELEC\": syntax error' '$ERR'"

deep=1$(printf '+1%.0s' $(seq 1 300))
check_err "expression depth is limited" "SELECT $deep" 'vigil: query failed: Expression tree is too large (maximum depth 200)'

run query "CREATE TEMP TABLE t(x); INSERT INTO t VALUES (7); SELECT x FROM t"
is_out "temp tables can be created and written" <<'X'
+---+
| x |
+---+
| 7 |
+---+
X

run query "SELECT path FROM file WHERE path LIKE '/no/such/dir/%'"
ok "a LIKE with no match gives no rows and exit 0" test "$RC" -eq 0 -a ! -s "$OUT" -a ! -s "$ERR"

run --root /no/such/root query "SELECT 1"
is_err "a nonexistent --root is one clear error" <<'X'
vigil: cannot use root '/no/such/root': No such file or directory
X
is_rc "a nonexistent --root exits 1" 1

run query --root /no/such/root "SELECT 1"
is_rc "query's own --root is checked too" 1

run frobnicate
is_err "an unknown command is a usage error" <<'X'
vigil: unknown command 'frobnicate'
(run 'vigil --help' for usage)
X
is_rc "usage errors exit 2" 2

run query --bogus "SELECT 1"
is_rc "an unknown option exits 2" 2

run version
ok "version names vigil and its libraries" grep -qE '^vigil [0-9]+\.[0-9]+\.[0-9]+$' "$OUT"
