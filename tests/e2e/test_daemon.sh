# SPDX-License-Identifier: Apache-2.0
# `vigil daemon` and `vigil config check`, the real daemon in this
# directory against a copy of the debian12 fixture, queries every second:
#   - config check: a good config, a syntax error, a wrong type, an unknown
#     key, a config other users can write (exact messages)
#   - start-up: a broken config, no --foreground, an unwritable log
#     directory (exit status and message)
#   - results: a user added to etc/passwd gives exactly one "added" line,
#     removed exactly one "removed" line; counters go 0, 1, 2; decorations;
#     snapshot lines carry the whole set; batch form; osquery_schedule;
#     SIGTERM stops with status 0
#   - the store replaced by garbage, at start and while running
#   - a pack file by path (and one other users can write), the stdout and
#     syslog loggers, --database-path, rotation, the pause policy
#   - crash safety: kill -9 at random moments over 200 starts while users
#     come and go; every change is logged, none is invented, every line is
#     whole JSON
#   - a full disk (a 200 KiB tmpfs as the log directory, as root): the
#     daemon keeps running, holds the lines back, drops past the queue cap
#     and says how many, and delivers when space returns
. "${TOP:?}/tests/lib.sh" || exit 1

ROOT=$TMPD/root
PW=$ROOT/etc/passwd
cp -a "$FIX/debian12" "$ROOT" || exit 1
chmod u+w "$ROOT/etc"

# Writes a config: file, logs dir, db dir, schedule members, more options,
# more top-level members.
write_conf() {
	cat >"$1" <<EOF
{
  "options": {
    "host_identifier": "specified",
    "specified_identifier": "testhost",
    "logger_path": "$2",
    "database_path": "$3",
    "schedule_splay_percent": 0${5:+,
    $5}
  },
  "schedule": {
    $4
  }${6:+,
  $6}
}
EOF
	chmod 600 "$1"
}

# The passwd file is replaced whole (rename), as an editor would, so the
# daemon never reads half of it.
add_user() { # name uid
	{ cat "$PW"; printf '%s:x:%d:%d::/home/%s:/bin/sh\n' "$1" "$2" "$2" "$1"; } >"$PW.tmp" &&
		mv "$PW.tmp" "$PW"
}
del_user() {
	grep -v "^$1:" "$PW" >"$PW.tmp"
	mv "$PW.tmp" "$PW"
}

# wait_for SECONDS CMD...: polls CMD every 0.1 s.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
}

DPID=
start() { # name conf [args]
	local name=$1 conf=$2
	shift 2
	"$VIGIL" daemon --config "$conf" --foreground --root "$ROOT" "$@" \
		>"$TMPD/$name.out" 2>"$TMPD/$name.err" </dev/null &
	DPID=$!
}
stop() {
	kill -TERM "$DPID" 2>/dev/null
	wait "$DPID"
	RC=$?
}
alive() { kill -0 "$DPID" 2>/dev/null; }

# count FILE NAME ACTION USER: result lines of query NAME with that action
# for that username (event form).
count() {
	python3 - "$@" <<'PY'
import json, sys
path, name, action, user = sys.argv[1:]
n = 0
try:
    for line in open(path):
        j = json.loads(line)
        if j.get("name") == name and j.get("action") == action and \
           j.get("columns", {}).get("username") == user:
            n += 1
except FileNotFoundError:
    pass
print(n)
PY
}
has() { [ "$(count "$@")" -ge 1 ]; }
has_n() { [ "$(count "$2" "$3" "$4" "$5")" -eq "$1" ]; } # N FILE NAME ACTION USER
lines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }
lines_are() { [ "$(lines "$2")" -eq "$1" ]; } # N FILE

# ---------------------------------------------------------------------
# vigil config check

Q1='"users": { "query": "SELECT username, uid FROM users", "interval": 1 }'
write_conf good.conf "$TMPD/logs" "$TMPD/db" "$Q1"
run config check good.conf
is_rc "config check: a good config exits 0" 0
is_out "config check: says so" <<'EOF'
configuration OK
EOF
is_err "config check: nothing on stderr" </dev/null

printf '{\n  "schedule": {\n    "users": { "query": "SELECT 1", }\n  }\n}\n' >syntax.conf
chmod 600 syntax.conf
run config check syntax.conf
is_rc "config check: a syntax error exits 1" 1
is_err "config check: FILE:LINE:COLUMN of the syntax error" <<'EOF'
vigil: syntax.conf:3:37: string or '}' expected near '}'
EOF
is_out "config check: no OK after an error" </dev/null

cat >type.conf <<'EOF'
{
  "schedule": {
    "users": {
      "query": "SELECT username FROM users",
      "interval": "60"
    }
  }
}
EOF
chmod 600 type.conf
run config check type.conf
is_rc "config check: a wrong type exits 1" 1
is_err "config check: FILE:LINE:COLUMN of the wrongly typed value" <<'EOF'
vigil: type.conf:5:19: schedule.users.interval: expected an integer, got a string
EOF

cat >unknown.conf <<'EOF'
{
  "options": { "logger_snapshot_event_type": true },
  "schedule": {
    "users": { "query": "SELECT username FROM users", "interval": 60,
               "colour": "blue" }
  }
}
EOF
chmod 600 unknown.conf
run config check unknown.conf
is_rc "config check: unknown keys are not errors" 0
is_err "config check: each unknown key is a warning with its position" <<'EOF'
vigil: unknown.conf:2:16: warning: options.logger_snapshot_event_type: unknown option (ignored)
vigil: unknown.conf:5:16: warning: schedule.users.colour: unknown key (ignored)
EOF
is_out "config check: and the config is OK" <<'EOF'
configuration OK
EOF

cp good.conf open.conf
chmod 666 open.conf
run config check open.conf
is_rc "config check: a world-writable config is refused" 1
is_err "config check: and says why" <<'EOF'
vigil: open.conf: refusing a file other users can write (mode 0666); run chmod go-w on it
EOF

write_conf badsql.conf "$TMPD/logs" "$TMPD/db" \
	'"t": { "query": "SELECT * FROM no_such_table", "interval": 5 }'
run config check badsql.conf
is_rc "config check: SQL that cannot run is a warning" 0
is_err "config check: naming the query" <<'EOF'
vigil: badsql.conf: warning: query t: no such table: no_such_table
EOF

# ---------------------------------------------------------------------
# Start-up failures

run daemon --config type.conf --foreground
is_rc "daemon: a broken config exits 1" 1
is_err "daemon: with the error and a clear refusal" <<'EOF'
vigil: type.conf:5:19: schedule.users.interval: expected an integer, got a string
vigil: configuration 'type.conf' has errors: not starting
EOF

# Without --foreground it detaches (test_watchdog.sh checks more), with a
# store and logs of its own; stopped through its pidfile.
write_conf detach.conf "$TMPD/dlogs" "$TMPD/ddb" "$Q1"
run daemon --config detach.conf --root "$ROOT"
is_rc "daemon: without --foreground detaches and exits 0" 0
DETACHED=$(cat "$TMPD/ddb/vigil.pid" 2>/dev/null)
ok "daemon: the detached daemon runs" kill -0 "${DETACHED:-0}"
kill -TERM "${DETACHED:-0}" 2>/dev/null
detached_gone() { ! kill -0 "${DETACHED:-0}" 2>/dev/null; }
ok "daemon: the detached daemon stops on SIGTERM" wait_for 10 detached_gone

: >afile
write_conf nolog.conf "$TMPD/afile/logs" "$TMPD/db-nolog" "$Q1"
run daemon --config nolog.conf --foreground --root "$ROOT"
is_rc "daemon: a log directory that cannot be created exits 1" 1
is_err "daemon: naming it and why" <<EOF
vigil: cannot create log directory '$TMPD/afile/logs': Not a directory
EOF

mkdir -p rologs
if is_root; then
	if mount --bind rologs rologs 2>/dev/null &&
		mount -o remount,bind,ro rologs 2>/dev/null; then
		write_conf ro.conf "$TMPD/rologs" "$TMPD/db-ro" "$Q1"
		run daemon --config ro.conf --foreground --root "$ROOT"
		is_rc "daemon: a read-only log directory exits 1" 1
		is_err "daemon: naming the file and why" <<EOF
vigil: cannot open log file '$TMPD/rologs/vigil.results.log': Read-only file system
EOF
		umount rologs
	else
		skip "daemon: a read-only log directory exits 1" "cannot bind-mount"
	fi
else
	chmod 500 rologs
	write_conf ro.conf "$TMPD/rologs" "$TMPD/db-ro" "$Q1"
	run daemon --config ro.conf --foreground --root "$ROOT"
	is_rc "daemon: an unwritable log directory exits 1" 1
	is_err "daemon: naming the file and why" <<EOF
vigil: cannot open log file '$TMPD/rologs/vigil.results.log': Permission denied
EOF
fi

# ---------------------------------------------------------------------
# Results: added, removed, counters, decorations, snapshots

L=$TMPD/logs
write_conf main.conf "$L" "$TMPD/db" \
	"$Q1,
    \"staff\": { \"query\": \"SELECT username FROM users WHERE uid >= 1000 AND uid < 60000\", \"interval\": 1, \"snapshot\": true },
    \"sched\": { \"query\": \"SELECT name, interval, executions > 0 AS ran FROM osquery_schedule WHERE name = 'users'\", \"interval\": 1, \"snapshot\": true }" \
	'"logger_min_stderr": 3' \
	'"decorators": { "load": [ "SELECT '"'"'vigil-test'"'"' AS tag" ], "always": [ "SELECT 1 AS one" ], "interval": { "1": [ "SELECT '"'"'i'"'"' AS iv" ] } }'
start main main.conf
ok "daemon: first results: every user added" wait_for 20 has "$L/vigil.results.log" users added root
ok "daemon: snapshot log started" wait_for 20 test -s "$L/vigil.snapshots.log"
base=$(lines "$L/vigil.results.log")
ok "daemon: one line per user of the fixture (26)" test "$base" -eq 26

add_user zed 1500
ok "daemon: the new user is logged" wait_for 20 has "$L/vigil.results.log" users added zed
sleep 1.5
ok "daemon: exactly one added line for it" test "$(count "$L/vigil.results.log" users added zed)" -eq 1
ok "daemon: and no other line" test "$(lines "$L/vigil.results.log")" -eq $((base + 1))

del_user zed
ok "daemon: the removed user is logged" wait_for 20 has "$L/vigil.results.log" users removed zed
sleep 1.5
ok "daemon: exactly one removed line" test "$(count "$L/vigil.results.log" users removed zed)" -eq 1
ok "daemon: and no other line" test "$(lines "$L/vigil.results.log")" -eq $((base + 2))
ok "daemon: still running" alive
stop
is_rc "daemon: SIGTERM stops it with status 0" 0
ok "daemon: the status log says it stopped" grep -q '"message":"vigil stopped' "$L/vigil.INFO"
ok "daemon: the status log says it started" grep -q '"message":"vigil [0-9.]* started (pid [0-9]*): 3 queries scheduled, 0 not; store '"$TMPD"'/db/vigil.db; logging to filesystem; host identifier testhost"' "$L/vigil.INFO"

python3 - "$L/vigil.results.log" >results.brief <<'PY'
import json, sys
for line in open(sys.argv[1]):
    j = json.loads(line)
    c = j["columns"]
    if c["username"] in ("root", "zed"):
        print(j["name"], j["hostIdentifier"], j["counter"], j["epoch"],
              j["numerics"], json.dumps(j["decorations"], sort_keys=True),
              j["action"], json.dumps(c, sort_keys=True),
              type(j["unixTime"]).__name__, len(j["calendarTime"]) > 20)
PY
_compare "daemon: result lines in osquery's format; counters 0, 1, 2; load, interval and always decorations" results.brief <<'EOF'
users testhost 0 0 False {"iv": "i", "one": "1", "tag": "vigil-test"} added {"uid": "0", "username": "root"} int True
users testhost 1 0 False {"iv": "i", "one": "1", "tag": "vigil-test"} added {"uid": "1500", "username": "zed"} int True
users testhost 2 0 False {"iv": "i", "one": "1", "tag": "vigil-test"} removed {"uid": "1500", "username": "zed"} int True
EOF

python3 - "$L/vigil.snapshots.log" >snap.brief <<'PY'
import json, sys
seen = []
for line in open(sys.argv[1]):
    j = json.loads(line)
    if j["name"] != "staff":
        continue
    assert j["action"] == "snapshot" and j["counter"] == 0
    s = " ".join(sorted(r["username"] for r in j["snapshot"]))
    if not seen or seen[-1] != s:
        seen.append(s)
print("\n".join(seen))
PY
_compare "daemon: snapshot lines carry the whole set, before, with and after zed" snap.brief <<'EOF'
alice bob carol
alice bob carol zed
alice bob carol
EOF
ok "daemon: osquery_schedule inside the daemon shows the runs" \
	grep -q '"snapshot":\[{"interval":"1","name":"users","ran":"1"}\],"action":"snapshot","name":"sched"' "$L/vigil.snapshots.log"
ok "daemon: log files are private (0600)" test "$(stat -c %a "$L/vigil.results.log" "$L/vigil.snapshots.log" "$L/vigil.INFO" | sort -u)" = 600
ok "daemon: the store is private (0700 directory, 0600 file)" \
	test "$(stat -c %a "$TMPD/db")/$(stat -c %a "$TMPD/db/vigil.db")" = 700/600

# A restart keeps the state: nothing is logged again.
start main2 main.conf
sleep 2.5
stop
is_rc "daemon: restarted and stopped cleanly" 0
ok "daemon: a restart logs no change again" test "$(lines "$L/vigil.results.log")" -eq $((base + 2))

# Batch form, SIGINT.
write_conf batch.conf "$TMPD/blogs" "$TMPD/bdb" "$Q1" '"log_result_events": false'
start batch batch.conf
ok "daemon: batch form: first line" wait_for 20 test -s "$TMPD/blogs/vigil.results.log"
add_user yan 1501
ok "daemon: batch form: a second line" wait_for 20 lines_are 2 "$TMPD/blogs/vigil.results.log"
kill -INT "$DPID"
wait "$DPID"
RC=$?
is_rc "daemon: SIGINT stops it with status 0" 0
ok "daemon: batch line with diffResults" \
	grep -q '^{"diffResults":{"removed":\[\],"added":\[{"uid":"1501","username":"yan"}\]},"name":"users","hostIdentifier":"testhost","calendarTime":"[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* 20[0-9][0-9] UTC","unixTime":[0-9]*,"epoch":0,"counter":1,"numerics":false}$' \
	"$TMPD/blogs/vigil.results.log"
del_user yan

if [ ! -e /var/lib/vigil/vigil.db ]; then
	run query --json "SELECT count(*) AS n FROM osquery_schedule"
	is_out "osquery_schedule from vigil query, no store at the default path: empty" <<'EOF'
[
  {"n":0}
]
EOF
else
	skip "osquery_schedule from vigil query, no default store" "/var/lib/vigil/vigil.db exists"
fi

# ---------------------------------------------------------------------
# A store replaced by garbage

printf 'not a database, just some bytes that are long enough to read\n' >"$TMPD/db/vigil.db"
start garbage main.conf
ok "store: garbage at start: moved aside, a new one started" \
	wait_for 20 grep -q "store '$TMPD/db/vigil.db' was unusable (it is not an SQLite database): moved it to '$TMPD/db/vigil.db.bad-" "$L/vigil.INFO"
ok "store: the daemon runs on (all rows again, as first results)" \
	wait_for 20 has_n 2 "$L/vigil.results.log" users added root
head -c 4096 /dev/urandom >"$TMPD/db/vigil.db"
ok "store: garbage while running: noticed and moved aside" \
	wait_for 20 grep -q "store '$TMPD/db/vigil.db' became unusable (it is not an SQLite database): moved it to '$TMPD/db/vigil.db.bad-" "$L/vigil.INFO"
add_user xia 1502
ok "store: the daemon keeps logging changes" wait_for 20 has "$L/vigil.results.log" users added xia
ok "store: still running" alive
stop
is_rc "store: and stops cleanly" 0
ok "store: the bad files are kept for a look" test "$(ls "$TMPD/db" | grep -c '^vigil.db.bad-[0-9TZ-]*$')" -eq 2
del_user xia

# ---------------------------------------------------------------------
# Packs by path, loggers, rotation, the pause policy

mkdir -p packs
printf '%s\n' '{ "queries": { "root": { "query": "SELECT username FROM users WHERE uid = 0", "interval": 1 } } }' >packs/p.conf
chmod 600 packs/p.conf
write_conf pack.conf "$TMPD/plogs" "$TMPD/pdb-unused" "" \
	'"logger_plugin": "filesystem,stdout,syslog", "pack_delimiter": "-", "numerics": true' \
	'"packs": { "p": "packs/p.conf" }'
run config check pack.conf
is_rc "packs: a pack file by a relative path" 0
is_err "packs: (an unknown option is only a warning)" <<'X'
vigil: pack.conf:8:73: warning: options.numerics: unknown option (ignored)
X
start pack pack.conf --database-path "$TMPD/pdb"
ok "packs: the pack's query runs, named with pack_delimiter" \
	wait_for 20 has "$TMPD/plogs/vigil.results.log" pack-p-root added root
ok "loggers: the stdout logger writes the same line" \
	wait_for 5 grep -q '"name":"pack-p-root".*"columns":{"username":"root"},"action":"added"}$' "$TMPD/pack.out"
ok "loggers: and the status lines" grep -q '"message":"vigil [0-9.]* started' "$TMPD/pack.out"
stop
is_rc "loggers: filesystem, stdout and syslog together stop cleanly" 0
ok "--database-path overrides database_path" test -f "$TMPD/pdb/vigil.db" -a ! -e "$TMPD/pdb-unused"
chmod 666 packs/p.conf
run config check pack.conf
is_rc "packs: a pack file other users can write is refused" 1
is_err "packs: with the position of its path in the config" <<X
vigil: pack.conf:8:73: warning: options.numerics: unknown option (ignored)
vigil: pack.conf:13:19: packs.p: cannot read pack 'packs/p.conf': refusing a file other users can write (mode 0666); run chmod go-w on it
X

# Rotation: 4 KiB files, two old ones kept.  The first results (26 lines,
# 5.5 KiB) go in one batch, which is never split: that file is the only
# one over the size, until it rotates away.
write_conf rot.conf "$TMPD/rlogs" "$TMPD/rdb" "$Q1" \
	'"logger_rotate_size": 4096, "logger_rotate_max_files": 2'
start rot rot.conf
ok "rotation: first results" wait_for 20 has "$TMPD/rlogs/vigil.results.log" users added root
for s in $(seq 1 10); do
	for k in 1 2 3 4 5; do add_user "r${s}x$k" $((1600 + s * 10 + k)); done
	sleep 1.1
done
ok "rotation: the last change is logged" wait_for 20 has "$TMPD/rlogs/vigil.results.log" users added r10x5
stop
is_rc "rotation: stops cleanly" 0
ok "rotation: .1 and .2 kept, no .3" test -f "$TMPD/rlogs/vigil.results.log.1" -a -f "$TMPD/rlogs/vigil.results.log.2" -a ! -e "$TMPD/rlogs/vigil.results.log.3"
ok "rotation: every file under the size" test "$(stat -c %s "$TMPD"/rlogs/vigil.results.log* | sort -n | tail -1)" -le 4096
ok "rotation: the last changes are all there" test "$(cat "$TMPD"/rlogs/vigil.results.log* | grep -c '"username":"r10x[1-5]"')" -eq 5
ok "rotation: rotated files are private" test "$(stat -c %a "$TMPD"/rlogs/vigil.results.log.1)" = 600
for s in $(seq 1 10); do for k in 1 2 3 4 5; do del_user "r${s}x$k"; done; done

# The pause policy, with a logger that always fails (stdout closed).
write_conf pause.conf "$TMPD/ulogs" "$TMPD/udb" "$Q1" \
	'"logger_plugin": "stdout", "buffered_log_max": 30, "buffered_log_overflow": "pause"'
"$VIGIL" daemon --config pause.conf --foreground --root "$ROOT" \
	>&- 2>"$TMPD/pause.err" </dev/null &
DPID=$!
ok "pause: the failing logger is reported" \
	wait_for 20 grep -q '^vigil: logger stdout cannot deliver: standard output: Bad file descriptor; lines wait in the queue (26 now)$' "$TMPD/pause.err"
for i in 1 2 3 4 5; do add_user "p$i" $((1700 + i)); done
ok "pause: past the cap the schedule pauses" \
	wait_for 20 grep -q '^vigil: the log queue is full (31 lines, buffered_log_max): the schedule pauses until the loggers take lines$' "$TMPD/pause.err"
add_user p6 1706
sleep 2.5
ok "pause: nothing is dropped and nothing more is queued" \
	python3 -c 'import sqlite3, sys; n = sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM queue").fetchone()[0]; sys.exit(n != 31)' "$TMPD/udb/vigil.db"
ok "pause: still running" alive
stop
is_rc "pause: stops cleanly" 0
for i in 1 2 3 4 5 6; do del_user "p$i"; done

# ---------------------------------------------------------------------
# Crash safety: kill -9 at random moments while users come and go.
# Users c1..c100 are added one per start, then removed one per start; the
# daemon is killed 0-0.5 s after each start.  Between the two phases and
# at the end it runs until it has caught up.  Then every change must be
# in the log at least once, and nothing else.

C=$TMPD/crash
mkdir -p "$C"
write_conf crash.conf "$C/logs" "$C/db" '"users": { "query": "SELECT username FROM users", "interval": 1 }'
cycles=0
cycle() {
	start crash crash.conf
	sleep "0.$((RANDOM % 5))$((RANDOM % 10))"
	kill -9 "$DPID" 2>/dev/null
	wait "$DPID" 2>/dev/null
	cycles=$((cycles + 1))
}
caught_up() { # action last-user
	start crash crash.conf
	wait_for 60 has "$C/logs/vigil.results.log" users "$1" "$2"
	local rc=$?
	stop
	return $rc
}
t0=$SECONDS
for i in $(seq 1 100); do
	add_user "c$i" $((2000 + i))
	cycle
done
ok "crash: caught up after the additions" caught_up added c100
for i in $(seq 1 100); do
	del_user "c$i"
	cycle
done
ok "crash: caught up after the removals" caught_up removed c100
ok "crash: $cycles kill -9 cycles in $((SECONDS - t0)) s" test "$cycles" -ge 200
python3 - "$C/logs/vigil.results.log" "$FIX/debian12/etc/passwd" >crash.check <<'PY'
import json, sys
log, passwd = sys.argv[1:]
base = {l.split(":")[0] for l in open(passwd, errors="replace")
        if l.strip() and not l.startswith("#") and ":" in l}
test = {"c%d" % i for i in range(1, 101)}
events = {}
bad = []
for n, line in enumerate(open(log, errors="replace"), 1):
    try:
        j = json.loads(line)
    except ValueError:
        bad.append("line %d is not whole JSON: %r" % (n, line[:80]))
        continue
    u, a = j["columns"]["username"], j["action"]
    events.setdefault(u, []).append(a)
for u, acts in sorted(events.items()):
    if u in test:
        # Added (maybe more than once), then removed (maybe more than
        # once); never added again after a removal.
        k = acts.index("removed") if "removed" in acts else len(acts)
        if not acts or acts[0] != "added" or "added" in acts[k:]:
            bad.append("%s: %s" % (u, acts))
    elif u in base:
        if set(acts) != {"added"}:
            bad.append("base user %s: %s" % (u, acts))
    else:
        bad.append("invented user %s: %s" % (u, acts))
for u in sorted(test):
    acts = events.get(u, [])
    if "added" not in acts or "removed" not in acts:
        bad.append("missing change for %s: %s" % (u, acts))
print("\n".join(bad) if bad else "every change logged, none invented")
PY
_compare "crash: every change at least once, none invented, whole lines" crash.check <<'EOF'
every change logged, none invented
EOF

# ---------------------------------------------------------------------
# A full disk: a 200 KiB tmpfs as the log directory.

F=$TMPD/full
mkdir -p "$F"
if is_root && mount -t tmpfs -o size=200k,mode=0700 vigil-test "$F" 2>/dev/null; then
	write_conf full.conf "$F/logs" "$TMPD/fdb" "$Q1" '"buffered_log_max": 80, "logger_min_stderr": 0'
	start full full.conf
	ok "full disk: first results" wait_for 20 has "$F/logs/vigil.results.log" users added root
	dd if=/dev/zero of="$F/filler" bs=4k >/dev/null 2>&1
	ok "full disk: the tmpfs is full" test "$(df --output=avail "$F" | tail -1)" -lt 8
	# Five changes of 20 users each, a second apart: 100 lines, each
	# batch larger than what is left in the log file's last page.
	for k in 1 2 3 4 5; do
		for j in $(seq 10 29); do
			add_user "f$k$j" $((3000 + k * 100 + j))
		done
		sleep 1.2
	done
	ok "full disk: the daemon keeps running" alive
	ok "full disk: nothing of it reached the results log" has_n 0 "$F/logs/vigil.results.log" users added f110
	# The worker may still be on the last change (slower under the
	# sanitizers): wait for its messages rather than read them at once.
	ok "full disk: the failure is reported, with the lines waiting" \
		wait_for 10 grep -q "^vigil: logger filesystem cannot deliver: cannot write '$F/logs/vigil.results.log': No space left on device; lines wait in the queue ([0-9]* now)$" "$TMPD/full.err"
	ok "full disk: lines past the cap (80) are dropped and counted" \
		wait_for 10 grep -q '^vigil: the log queue is full (buffered_log_max 80): dropped the 20 oldest lines$' "$TMPD/full.err"
	rm -f "$F/filler"
	ok "full disk: delivered once space returns" wait_for 20 has "$F/logs/vigil.results.log" users added f529
	ok "full disk: the recovery is reported with what was dropped" \
		wait_for 10 grep -q '^vigil: logger filesystem delivers again after [0-9]* s: wrote 80 lines that had waited; 20 lines were dropped at the queue cap meanwhile; [0-9]* status lines were lost$' "$TMPD/full.err"
	ok "full disk: the oldest were dropped, the newest kept" \
		test "$(count "$F/logs/vigil.results.log" users added f110)/$(count "$F/logs/vigil.results.log" users added f210)" = 0/1
	ok "full disk: every line in the log is whole" \
		python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$F/logs/vigil.results.log"
	stop
	is_rc "full disk: stops cleanly" 0
	umount "$F"
else
	skip "full disk" "cannot mount a tmpfs (needs root)"
fi
for k in 1 2 3 4 5; do for j in $(seq 10 29); do del_user "f$k$j"; done; done

# The shared filesystem walk is cached per process: the daemon must walk
# again for each run, or a file made setuid after start is never seen.
W=$TMPD/walk
mkdir -p "$W/root/usr/bin" "$W/root/etc" "$W/db" "$W/logs"
printf '#!/bin/sh\n' >"$W/root/usr/bin/x"
chmod 755 "$W/root/usr/bin/x"
cp "$FIX/debian12/etc/passwd" "$FIX/debian12/etc/group" "$W/root/etc/"
cat >"$W/c.conf" <<EOC
{ "options": { "host_identifier": "hostname", "logger_path": "$W/logs",
               "database_path": "$W/db", "schedule_splay_percent": 0 },
  "schedule": { "setid": { "query": "SELECT path, mode FROM setid_files",
                           "interval": 1 } } }
EOC
chmod 600 "$W/c.conf"
"$VIGIL" daemon --config "$W/c.conf" --foreground --root "$W/root" \
	--disable_watchdog </dev/null 2>"$W/err" &
wpid=$!
sleep 3
chmod 4755 "$W/root/usr/bin/x"
# Up to 20 s for a run to see it (a loaded machine, the sanitizers).
wait_for 20 grep -q '"path":"/usr/bin/x"},"action":"added"' "$W/logs/vigil.results.log"
kill -TERM "$wpid"
wait "$wpid"
ok "a file made setuid while the daemon runs is logged as added" \
	grep -q '"columns":{"mode":"4755","path":"/usr/bin/x"},"action":"added"' "$W/logs/vigil.results.log"
exit 0
