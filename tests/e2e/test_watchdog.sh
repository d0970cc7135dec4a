# SPDX-License-Identifier: Apache-2.0
# The daemon's watchdog and operations, the real daemon in this directory
# (queries every second, watchdog_delay 1; the CPU check runs without a
# memory limit, as the sanitizers' quarantine makes an endless CTE grow):
#   - a query that burns CPU in pure SQL (an endless recursive CTE) is
#     stopped within the limits (delay + 3 s window + 2 s grace), reported
#     in the status log with the limit it broke, denylisted (osquery_schedule
#     says so from inside the daemon), and the other queries keep logging
#   - an outside kill -9 of the worker: a new worker starts, the status log
#     says nothing was denylisted, the denylist is unchanged
#   - SIGHUP with a broken config keeps the last good one (status log says
#     why), with a good one picks up its new query
#   - a second daemon on the same database directory refuses to start
#   - a query that holds memory (four 60 MB blobs while counting forever)
#     breaks watchdog_memory_limit and is denylisted
#   - without --foreground the daemon detaches, writes its pidfile, logs,
#     and stops on SIGTERM
. "${TOP:?}/tests/lib.sh" || exit 1

BURN="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) AS n FROM c"
HOG="SELECT length(max(randomblob(60000000), randomblob(60000000), randomblob(60000000), randomblob(60000000), (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c))) AS n"

write_conf() { # file dir extra-schedule-members
	cat >"$1" <<EOF2
{
  "options": {
    "host_identifier": "specified",
    "specified_identifier": "testhost",
    "logger_path": "$TMPD/$2/logs",
    "database_path": "$TMPD/$2/db",
    "schedule_splay_percent": 0
  },
  "schedule": {
    "tick": { "query": "SELECT 1 AS one", "interval": 1, "snapshot": true },
    "dl": { "query": "SELECT ifnull(group_concat(name), '-') AS names FROM osquery_schedule WHERE denylisted = 1", "interval": 1, "snapshot": true }${3:+,
    $3}
  }
}
EOF2
	chmod 600 "$1"
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
worker() { cat "/proc/$1/task/$1/children" 2>/dev/null | tr -d ' '; }
count() { local n; n=$(grep -cs "$2" "$1"); echo "${n:-0}"; } # file pattern
status_has() { grep -q "\"message\":\"[^\"]*$2" "$1/logs/vigil.INFO" 2>/dev/null; }
# The denylist as the daemon's own "dl" query last saw it.
last_dl() { grep '"name":"dl"' "$1/logs/vigil.snapshots.log" 2>/dev/null | tail -1 | sed -n 's/.*"names":"\([^"]*\)".*/\1/p'; }
dl_is() { [ "$(last_dl "$1")" = "$2" ]; }
ticks_grow() { # dir: more tick lines than before
	[ "$(count "$1/logs/vigil.snapshots.log" '"name":"tick"')" -gt "$2" ]
}

PIDS=
trap 'for p in $PIDS; do kill -TERM $p 2>/dev/null; done; wait' EXIT

# ---------------------------------------------------------------------
# CPU

write_conf a.conf a "\"burn\": { \"query\": \"$BURN\", \"interval\": 2 }"
"$VIGIL" daemon --config a.conf --foreground --watchdog_delay 1 \
	--watchdog_utilization_limit 25 --watchdog_memory_limit 0 >a.out 2>a.err </dev/null &
A=$!
PIDS="$PIDS $A"
t0=$SECONDS
ok "watchdog: the daemon starts" wait_for 10 test -s a/logs/vigil.INFO
W1=$(worker "$A")
ok "watchdog: a worker runs" test -n "$W1"
ok "watchdog: the CPU burner is stopped and reported with its limit" \
	wait_for 30 status_has a 'watchdog: query burn broke watchdog_utilization_limit (25%): [0-9]*% CPU over [0-9]* s: stopped the worker and denylisted the query for 86400 s'
ok "watchdog: within delay + window + grace + a run (20 s)" test $((SECONDS - t0)) -le 20
ok "watchdog: the stopped worker is gone" test ! -e "/proc/$W1/status"
ok "watchdog: osquery_schedule shows burn denylisted" wait_for 15 dl_is a burn
n=$(count a/logs/vigil.snapshots.log '"name":"tick"')
ok "watchdog: the other queries keep running" wait_for 10 ticks_grow a "$n"
sleep 3
ok "watchdog: the denylisted query does not run again" \
	test "$(grep -c 'query burn broke' a/logs/vigil.INFO)" -eq 1
ok "watchdog: stderr names the limit" grep -q 'broke watchdog_utilization_limit' a.err

# ---------------------------------------------------------------------
# An outside kill -9

W2=$(worker "$A")
ok "watchdog: a new worker runs" test -n "$W2" -a "$W2" != "$W1"
kill -9 "$W2"
new_worker() { w=$(worker "$A"); [ -n "$w" ] && [ "$w" != "$W2" ]; }
ok "watchdog: an outside kill -9 brings a new worker" wait_for 10 new_worker
ok "watchdog: the status log says nothing was denylisted" \
	wait_for 10 status_has a 'watchdog: the worker died from signal 9, not sent by the watchdog; nothing denylisted'
n=$(count a/logs/vigil.snapshots.log '"name":"dl"')
dl_grows() { [ "$(count a/logs/vigil.snapshots.log '"name":"dl"')" -gt "$n" ]; }
ok "watchdog: results keep arriving after the restart" wait_for 10 dl_grows
ok "watchdog: the denylist is unchanged (only burn)" dl_is a burn

# ---------------------------------------------------------------------
# SIGHUP

cp a.conf a.good
printf '{ "schedule": { ' >a.conf
kill -HUP "$A"
ok "reload: a broken config is refused, the last good one kept" \
	wait_for 10 status_has a "reload: configuration $TMPD/a.conf has errors ([^)]*); keeping the last good configuration"
n=$(count a/logs/vigil.snapshots.log '"name":"tick"')
ok "reload: the old schedule keeps running" wait_for 10 ticks_grow a "$n"
write_conf a.conf a '"tock": { "query": "SELECT 2 AS two", "interval": 1, "snapshot": true }'
kill -HUP "$A"
ok "reload: a good config is loaded" \
	wait_for 10 status_has a "reload: configuration $TMPD/a.conf loaded"
ok "reload: its new query runs" wait_for 10 grep -qs '"name":"tock"' a/logs/vigil.snapshots.log

# ---------------------------------------------------------------------
# The pidfile

run daemon --config a.conf --foreground
is_rc "pidfile: a second daemon on the same store exits 1" 1
is_err "pidfile: and says which daemon holds it" <<EOF2
vigil: another vigil daemon (pid $A) holds the pidfile '$TMPD/a/db/vigil.pid': not starting
EOF2
ok "pidfile: the first one is still running" kill -0 "$A"

kill -TERM "$A"
wait "$A"
RC=$?
ok "watchdog: SIGTERM stops the daemon with status 0" test "$RC" = 0
ok "watchdog: the status log says the worker stopped" status_has a 'vigil stopped'

# ---------------------------------------------------------------------
# Memory

write_conf b.conf b "\"hog\": { \"query\": \"$HOG\", \"interval\": 2 }"
"$VIGIL" daemon --config b.conf --foreground --watchdog_delay 1 \
	--watchdog_utilization_limit 0 --watchdog_memory_limit 100 \
	>b.out 2>b.err </dev/null &
B=$!
PIDS="$PIDS $B"
ok "watchdog: the memory hog is stopped and reported with its limit" \
	wait_for 30 status_has b 'watchdog: query hog broke watchdog_memory_limit (100 MB): resident memory [0-9]* MB: stopped the worker and denylisted the query'
ok "watchdog: osquery_schedule shows hog denylisted" wait_for 15 dl_is b hog
kill -TERM "$B"
wait "$B"
ok "watchdog: and stops with status 0" test $? = 0

# ---------------------------------------------------------------------
# Detaching

write_conf c.conf c
run daemon --config c.conf
is_rc "detach: without --foreground it returns 0 at once" 0
C=$(cat c/db/vigil.pid 2>/dev/null)
ok "detach: the pidfile names a running daemon" kill -0 "${C:-0}"
PIDS="$PIDS ${C:-}"
ok "detach: it left this session" test "$(ps -o sid= -p "${C:-0}")" != "$(ps -o sid= -p $$)"
ok "detach: it logs results" wait_for 15 grep -qs '"name":"tick"' c/logs/vigil.snapshots.log
kill -TERM "${C:-0}" 2>/dev/null
gone() { ! kill -0 "${C:-0}" 2>/dev/null; }
ok "detach: it stops on SIGTERM" wait_for 10 gone
ok "detach: the status log says it stopped" status_has c 'vigil stopped'

# Under the sanitizers, a report in any daemon's stderr is a failure.
ok "no sanitizer report from parent or workers" sh -c '! grep -l "Sanitizer\|runtime error" ./*.err'
