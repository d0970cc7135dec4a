# SPDX-License-Identifier: Apache-2.0
# `vigil shell`: scripts piped in (statements over several lines, dot
# commands, errors that do not stop the script, the exit status, bounded
# lines), then the interactive shell driven in tmux (prompts, Ctrl-C,
# Ctrl-D, history file and its mode).  The tmux part skips cleanly when
# tmux is not installed.
. "$TOP/tests/lib.sh"

ROOT=$FIX/debian12
TMPD=$(cd "${TMPD:-.}" && pwd)

# shell_file FILE [OPTIONS...]: runs the shell with FILE on stdin.  CSV
# rows end in CRLF (RFC 4180); the carriage returns are dropped from $OUT
# so the expectations below read plainly (output.c's tests check them).
shell_file() {
	local f=$1
	shift
	"$VIGIL" shell --root "$ROOT" "$@" <"$f" >"$OUT" 2>"$ERR"
	RC=$?
	sed -i 's/\r$//' "$OUT"
}

# shell_in [OPTIONS...] <<'EOF': the same with the heredoc on stdin.
shell_in() {
	cat >"$TMPD/script"
	shell_file "$TMPD/script" "$@"
}

no_err() { is_err "$1: no stderr" </dev/null; }

# --- statements -------------------------------------------------------------

shell_in <<'EOF'
SELECT 1 AS a,
       'two' AS b
  ;
EOF
is_out "multi-line statement, table mode" <<'EOF'
+---+-----+
| a | b   |
+---+-----+
| 1 | two |
+---+-----+
EOF
no_err "multi-line statement"
is_rc "multi-line statement: exit 0" 0

shell_in --csv <<'EOF'

SELECT 'a;
b' AS s;   SELECT 2 AS n; SELECT
3 AS m;
EOF
is_out "semicolon in a string, several statements on a line (--csv)" <<'EOF'
s
"a;
b"
n
2
m
3
EOF
no_err "semicolon in a string"
is_rc "semicolon in a string: exit 0" 0

shell_in --csv <<'EOF'
.headers off
SELECT 1; /* a comment that
ends on the next line */
SELECT 2;
EOF
is_out "a statement followed by a comment over two lines" <<'EOF'
1
2
EOF

shell_in --csv <<'EOF'
-- a comment before the first statement
/* and a block comment */
.headers off
SELECT 1; -- a comment after it
-- a comment at the very end is no incomplete statement
EOF
is_out "comments between statements" <<'EOF'
1
EOF
no_err "comments between statements"
is_rc "comments between statements: exit 0" 0

shell_in --csv <<'EOF'
SELECT username, directory FROM users WHERE uid = 0;
EOF
is_out "query a table under --root" <<'EOF'
username,directory
root,/root
EOF
no_err "query a table"
is_rc "query a table: exit 0" 0

# --- output settings --------------------------------------------------------

shell_in <<'EOF'
.mode
.mode csv
.mode
SELECT 1 AS a, 'x,y' AS b;
.headers
.headers off
.headers
SELECT 1 AS a, 'x,y' AS b;
.headers on
.mode json
SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, NULL;
.mode line
SELECT 1 AS a, 'x' AS bb;
.mode table
.headers off
SELECT 1 AS a;
EOF
is_out ".mode and .headers" <<'EOF'
table
csv
a,b
1,"x,y"
on
off
1,"x,y"
[
  {"a":1,"b":"x"},
  {"a":2,"b":null}
]
 a = 1
bb = x
+---+
| 1 |
+---+
EOF
no_err ".mode and .headers"
is_rc ".mode and .headers: exit 0" 0

shell_in --json <<'EOF'
.mode
EOF
is_out "--json sets the first mode" <<'EOF'
json
EOF

shell_in --line --no-headers <<'EOF'
.mode
.headers
EOF
is_out "--line and --no-headers" <<'EOF'
line
off
EOF

shell_in --csv <<'EOF'
.timer
.timer on
SELECT 1 AS a;
.timer off
SELECT 2 AS a;
EOF
is_out ".timer: results alone on stdout" <<'EOF'
off
a
1
a
2
EOF
ok ".timer: one Run Time line on stderr" \
	grep -qxE 'Run Time: real [0-9]+\.[0-9]{3} user [0-9]+\.[0-9]{3} sys [0-9]+\.[0-9]{3}' "$ERR"
ok ".timer: nothing else on stderr" test "$(wc -l <"$ERR")" -eq 1

# --- .tables, .schema, .help ------------------------------------------------

# Other tables come and go; these patterns match a stable few.
shell_in <<'EOF'
.tables user_group
.tables USER_GROUP
.tables u%rs
.tables no_such_table_here
EOF
is_out ".tables: substring, case, LIKE pattern, no match" <<'EOF'
user_groups
user_groups
users
EOF
no_err ".tables"
is_rc ".tables: exit 0" 0

shell_in <<'EOF'
.tables
EOF
ok ".tables: every table, users among them" grep -qx users "$OUT"
ok ".tables: sorted" sort -c "$OUT"

shell_in <<'EOF'
.schema users
EOF
is_out ".schema users" <<'EOF'
CREATE TABLE users(uid BIGINT, gid BIGINT, uid_signed BIGINT, gid_signed BIGINT, username TEXT, description TEXT, directory TEXT, shell TEXT, uuid TEXT COLLATE NOCASE, pid_with_namespace INTEGER HIDDEN, include_remote INTEGER HIDDEN);
EOF
no_err ".schema users"

shell_in <<'EOF'
.schema
EOF
ok ".schema: every table" grep -qx 'CREATE TABLE users(.*);' "$OUT"
ok ".schema: one line a table" \
	test "$(grep -c '^CREATE TABLE ' "$OUT")" -eq "$(wc -l <"$OUT")"

shell_in <<'EOF'
.schema no_such_table
SELECT 1 AS after;
EOF
is_err ".schema of an unknown table" <<'EOF'
vigil: unknown table 'no_such_table'
EOF
is_rc ".schema of an unknown table: exit 1" 1
is_out ".schema of an unknown table: the script goes on" <<'EOF'
+-------+
| after |
+-------+
| 1     |
+-------+
EOF

shell_in <<'EOF'
.help
EOF
is_out ".help" <<'EOF'
.exit                        leave the shell
.headers [on|off]            show or hide the header row (table, csv)
.help                        show this list
.mode [table|json|csv|line]  set the output mode, or show it
.quit                        leave the shell
.schema [TABLE]              show TABLE's CREATE TABLE, or every table's
.tables [PATTERN]            list tables (PATTERN: a substring, LIKE with %)
.timer [on|off]              print each statement's run time on stderr
EOF
is_rc ".help: exit 0" 0

# --- errors -----------------------------------------------------------------

shell_in --csv <<'EOF'
.headers off
SELECT 1;
SELEC 2;
SELECT 3;
EOF
is_out "an error mid-script: the script goes on" <<'EOF'
1
3
EOF
is_err "an error mid-script: its message" <<'EOF'
vigil: query failed: near "SELEC": syntax error
EOF
is_rc "an error mid-script: exit 1" 1

shell_in --csv <<'EOF'
.foo
.mode xml
.mode csv json
.headers yes
.timer maybe
.quit now
.headers off
SELECT 1;
EOF
is_err "unknown dot command, bad arguments" <<'EOF'
vigil: unknown command '.foo' (try .help)
vigil: unknown mode 'xml' (use table, json, csv or line)
vigil: too many arguments to .mode (usage: .mode [table|json|csv|line])
vigil: bad argument 'yes' to .headers (use on or off)
vigil: bad argument 'maybe' to .timer (use on or off)
vigil: too many arguments to .quit (usage: .quit)
EOF
is_out "unknown dot command: the script goes on" <<'EOF'
1
EOF
is_rc "unknown dot command: exit 1" 1

shell_in --csv <<'EOF'
SELECT
.mode json
;
SELECT 1 AS a;
EOF
is_err "a dot command inside a statement is SQL" <<'EOF'
vigil: query failed: near ".": syntax error
EOF
is_out "a dot command inside a statement: mode unchanged" <<'EOF'
a
1
EOF

shell_in --csv <<'EOF'
SELECT 1 AS a;
SELECT 2 AS b
  FROM (SELECT 1)
EOF
is_out "incomplete statement at EOF: what came before ran" <<'EOF'
a
1
EOF
is_err "incomplete statement at EOF" <<'EOF'
vigil: incomplete statement at end of input
EOF
is_rc "incomplete statement at EOF: exit 1" 1

shell_in --csv <<'EOF'
SELECT 1 AS a;
.quit
SELECT 2 AS b;
this is not read
EOF
is_out ".quit stops reading" <<'EOF'
a
1
EOF
no_err ".quit"
is_rc ".quit: exit 0" 0

shell_in --csv <<'EOF'
SELEC 1;
  .exit
SELECT 2 AS b;
EOF
is_out ".exit (indented) stops reading" </dev/null
is_rc ".exit after a failure: exit 1" 1

printf 'SELECT 1 AS a' >"$TMPD/script"
shell_file "$TMPD/script"
is_err "last line without a newline, incomplete" <<'EOF'
vigil: incomplete statement at end of input
EOF
printf 'SELECT 1 AS a;' >"$TMPD/script"
shell_file "$TMPD/script" --csv
is_out "last line without a newline, complete" <<'EOF'
a
1
EOF
is_rc "last line without a newline: exit 0" 0

# --- bounds -----------------------------------------------------------------

# A line of 1 MiB + 1 bytes, between two good statements.
{
	echo 'SELECT 1 AS a;'
	printf 'SELECT 2 AS b; -- '
	head -c $((1048576 + 1 - 18)) /dev/zero | tr '\0' x
	echo
	echo 'SELECT 3 AS c;'
} >"$TMPD/long"
shell_file "$TMPD/long" --csv
is_out "a line over 1 MiB: the others run" <<'EOF'
a
1
c
3
EOF
is_err "a line over 1 MiB: its error" <<'EOF'
vigil: input line 2 too long (limit 1048576 bytes)
EOF
is_rc "a line over 1 MiB: exit 1" 1

# A line of exactly 1 MiB passes the line bound (the engine then refuses
# SQL that long with its own error).
{
	printf 'SELECT 2 AS b; -- '
	head -c $((1048576 - 18)) /dev/zero | tr '\0' x
	echo
} >"$TMPD/long"
shell_file "$TMPD/long" --csv
ok "a line of exactly 1 MiB: not refused as too long" \
	test "$(grep -c 'too long (limit' "$ERR")" = 0
is_out "a line of exactly 1 MiB: its statement ran" <<'EOF'
b
2
EOF

# A statement over 2 MiB made of shorter lines.
{
	echo 'SELECT 1 AS a'
	for i in 1 2 3 4 5 6; do
		head -c 400000 /dev/zero | tr '\0' ' '
		echo
	done
	echo ';'
	echo 'SELECT 2 AS b;'
} >"$TMPD/long"
shell_file "$TMPD/long" --csv
is_err "a statement over 2 MiB" <<'EOF'
vigil: statement too long (limit 2097152 bytes)
EOF
is_out "a statement over 2 MiB: the next one runs" <<'EOF'
b
2
EOF
is_rc "a statement over 2 MiB: exit 1" 1

printf 'SELECT 1 AS a;\nSEL\0ECT 2;\nSELECT 3 AS c;\n' >"$TMPD/nul"
shell_file "$TMPD/nul" --csv
is_err "a NUL byte in a line" <<'EOF'
vigil: input line 2 holds a NUL byte
EOF
is_out "a NUL byte in a line: the others run" <<'EOF'
a
1
c
3
EOF

# --- options ----------------------------------------------------------------

run shell --bogus
is_rc "unknown option: exit 2" 2
is_err "unknown option: message" <<'EOF'
vigil: shell: unknown option '--bogus'
(run 'vigil --help' for usage)
EOF

run shell --root
is_rc "--root without its directory: exit 2" 2
is_err "--root without its directory: message" <<'EOF'
vigil: shell: option '--root' needs an argument
(run 'vigil --help' for usage)
EOF

run shell extra
is_rc "extra argument: exit 2" 2

run shell --help
is_rc "--help: exit 0" 0
ok "--help: usage on stdout" grep -q '^usage: vigil shell ' "$OUT"

run shell --root "$TMPD/no/such/dir"
is_rc "--root of a missing directory: exit 1" 1

mkdir -p "$TMPD/home-pipe"
echo 'SELECT 1;' | HOME=$TMPD/home-pipe "$VIGIL" shell --root "$ROOT" \
	>/dev/null 2>&1
ok "no history written for a script" test ! -e "$TMPD/home-pipe/.vigil_history"

echo 'SELECT 1;' | env -u HOME "$VIGIL" shell --root "$ROOT" --csv \
	>"$OUT" 2>"$ERR"
RC=$?
is_rc "no HOME: exit 0" 0

# --- interactive, in tmux ---------------------------------------------------

if ! command -v tmux >/dev/null 2>&1; then
	skip "interactive shell" "tmux is not installed"
	exit 0
fi

# Each session gets its own tmux server (socket), so that one shutting
# down never races the next one starting.  The sockets live in the test's
# temporary directory.
export TMUX_TMPDIR=$TMPD
SESSION=0
sock() { echo "vigil-shell-test-$$-$SESSION"; }
tm() { tmux -L "$(sock)" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1' EXIT

# keys TEXT: types TEXT literally (tmux takes a trailing ';' as a command
# separator, so it is sent escaped on its own).
keys() {
	tm send-keys -t vs -l -- "${1%;}"
	case $1 in *\;) tm send-keys -t vs '\;' ;; esac
}

# pane: the screen, without the blank lines below the last output.  tmux
# drops trailing spaces, so an empty prompt reads "vigil>".
pane() {
	tm capture-pane -p -t vs 2>/dev/null |
		awk '{ l[NR] = $0 } NF { n = NR } END { for (i = 1; i <= n; i++) print l[i] }'
}

# wait_for REGEX: waits up to 20 s for the pane to show a line matching it.
wait_for() {
	local i
	for i in $(seq 200); do
		if pane | grep -qE -- "$1"; then return 0; fi
		sleep 0.1
	done
	echo "timed out waiting for: $1" >&2
	pane >&2
	return 1
}

# start HOME: starts the shell in a fresh tmux session, HOME as given; the
# exit status lands in $TMPD/status.
start() {
	rm -f "$TMPD/status"
	tm kill-server >/dev/null 2>&1
	SESSION=$((SESSION + 1))
	tm new-session -d -s vs -x 132 -y 50 \
		"env HOME='$1' ASAN_OPTIONS='${ASAN_OPTIONS:-}' \
		UBSAN_OPTIONS='${UBSAN_OPTIONS:-}' '$VIGIL' shell --root '$ROOT'; \
		echo \$? >'$TMPD/status'; sleep 60"
	wait_for '^vigil>$'
}

wait_exit() {
	local i
	for i in $(seq 200); do
		[ -s "$TMPD/status" ] && return 0
		sleep 0.1
	done
	return 1
}

decode_history() { sed 's/\\040/ /g' "$1"; }

H1=$TMPD/home1
mkdir -p "$H1"
start "$H1"
keys 'SELECT 40 + 2 AS answer;'
tm send-keys -t vs Enter
wait_for '^\| 42 +\|$'
keys 'SELECT 1'
tm send-keys -t vs Enter
wait_for '^   \.\.\.>$'
tm send-keys -t vs C-c
wait_for '^vigil>$'
keys 'SELECT garbage_typed'
tm send-keys -t vs C-c
sleep 0.3
keys "SELECT 'after' AS x;"
tm send-keys -t vs Enter
wait_for '^\| after \|$'
keys '.quit'
tm send-keys -t vs Enter
ok "interactive: .quit leaves" wait_exit
pane | sed 1d >"$OUT"
is_out "interactive: prompts, results, Ctrl-C drops the statement" <<'EOF'
vigil> SELECT 40 + 2 AS answer;
+--------+
| answer |
+--------+
| 42     |
+--------+
vigil> SELECT 1
   ...>
vigil> SELECT garbage_typed
vigil> SELECT 'after' AS x;
+-------+
| x     |
+-------+
| after |
+-------+
vigil> .quit
EOF
ok "interactive: banner" grep -q '^vigil .* shell: enter ".help"' \
	<(pane | head -1)
ok "interactive: exit 0" test "$(cat "$TMPD/status")" = 0
ok "history file exists" test -f "$H1/.vigil_history"
ok "history file mode 600" test "$(stat -c %a "$H1/.vigil_history")" = 600
ok "history holds the query" \
	grep -qxF 'SELECT 40 + 2 AS answer;' <(decode_history "$H1/.vigil_history")
ok "history holds .quit" grep -qxF '.quit' <(decode_history "$H1/.vigil_history")
ok "history lacks the line Ctrl-C dropped" \
	test "$(grep -c garbage_typed "$H1/.vigil_history")" = 0

# A history file left with wider permissions is narrowed, and its lines
# are recalled with the up arrow.  Ctrl-C stops a running query; Ctrl-D
# leaves.
H2=$TMPD/home2
mkdir -p "$H2"
printf '_HiStOrY_V2_\nSELECT\040%s\040AS\040old;\n' "'from history'" \
	>"$H2/.vigil_history"
chmod 644 "$H2/.vigil_history"
start "$H2"
tm send-keys -t vs Up
wait_for "^vigil> SELECT 'from history' AS old;$"
tm send-keys -t vs Enter
wait_for '^\| from history \|$'
keys 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;'
tm send-keys -t vs Enter
sleep 0.5
for i in 1 2 3 4 5; do
	tm send-keys -t vs C-c
	if wait_for '^vigil: query failed: interrupted$' 2>/dev/null; then
		break
	fi
done
ok "interactive: Ctrl-C interrupts a running query" \
	wait_for '^vigil: query failed: interrupted$'
wait_for '^vigil>$'
keys 'SELECT 7 AS seven;'
tm send-keys -t vs Enter
ok "interactive: the shell goes on after Ctrl-C" wait_for '^\| 7 +\|$'
tm send-keys -t vs C-d
ok "interactive: Ctrl-D leaves" wait_exit
ok "interactive: Ctrl-D: exit 0" test "$(cat "$TMPD/status")" = 0
ok "history mode narrowed to 600" test "$(stat -c %a "$H2/.vigil_history")" = 600
decode_history "$H2/.vigil_history" >"$OUT"
is_out "history: old lines kept, new ones added" <<'EOF'
_HiStOrY_V2_
SELECT 'from history' AS old;
SELECT 'from history' AS old;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;
SELECT 7 AS seven;
EOF

# Ctrl-D in the middle of a statement reports it; a history file that is
# a symlink is not written through.
H3=$TMPD/home3
mkdir -p "$H3"
: >"$TMPD/target"
ln -s "$TMPD/target" "$H3/.vigil_history"
start "$H3"
keys 'SELECT 1'
tm send-keys -t vs Enter
wait_for '^   \.\.\.>$'
tm send-keys -t vs C-d
ok "interactive: Ctrl-D mid-statement leaves" wait_exit
ok "interactive: Ctrl-D mid-statement: exit 1" test "$(cat "$TMPD/status")" = 1
ok "interactive: Ctrl-D mid-statement: message" \
	wait_for '^vigil: incomplete statement at end of input$'
ok "history through a symlink: refused" \
	wait_for "^vigil: cannot write history '$H3/.vigil_history': Too many levels of symbolic links$"
ok "history through a symlink: target untouched" test ! -s "$TMPD/target"

# A history file that belongs to someone else is not written (needs root
# to make one).
if is_root && id nobody >/dev/null 2>&1; then
	H4=$TMPD/home4
	mkdir -p "$H4"
	printf '_HiStOrY_V2_\n' >"$H4/.vigil_history"
	chown nobody "$H4/.vigil_history"
	start "$H4"
	keys '.exit'
	tm send-keys -t vs Enter
	ok "history of another user: the shell leaves" wait_exit
	ok "history of another user: refused" \
		wait_for "^vigil: cannot write history '$H4/.vigil_history': Operation not permitted$"
	ok "history of another user: untouched" \
		test "$(cat "$H4/.vigil_history")" = _HiStOrY_V2_
else
	skip "history of another user" "needs root and a nobody user"
fi
