# SPDX-License-Identifier: Apache-2.0
# The daemon's self-sandbox and its sockets, the real daemon in this
# directory (queries every second):
#   - the worker's /proc/PID/status shows NoNewPrivs: 1 and Seccomp: 2 (a
#     filter), the supervising parent is a different process
#   - neither the parent nor the worker holds a listening socket: the
#     socket inodes of /proc/PID/fd against the LISTEN entries of
#     /proc/net/tcp, tcp6 and unix, and every bound entry of udp, udp6
#   - the worker still answers queries that need netlink (sock_diag) under
#     the filter: listening_ports gives rows, results keep arriving
. "${TOP:?}/tests/lib.sh" || exit 1

cat >s.conf <<EOF2
{
  "options": {
    "host_identifier": "specified",
    "specified_identifier": "testhost",
    "logger_path": "$TMPD/logs",
    "database_path": "$TMPD/db",
    "schedule_splay_percent": 0
  },
  "schedule": {
    "tick": { "query": "SELECT count(*) AS n FROM listening_ports", "interval": 1, "snapshot": true }
  }
}
EOF2
chmod 600 s.conf

# wait_for SECONDS CMD...: polls CMD every 0.1 s.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
}

"$VIGIL" daemon --config s.conf --foreground >d.out 2>d.err </dev/null &
DPID=$!
trap 'kill -TERM $DPID 2>/dev/null; wait $DPID 2>/dev/null' EXIT

worker() { cat "/proc/$DPID/task/$DPID/children" 2>/dev/null | tr -d ' '; }
have_worker() { [ -n "$(worker)" ]; }
have_snapshots() { [ -s logs/vigil.snapshots.log ] && [ "$(wc -l <logs/vigil.snapshots.log)" -ge 2 ]; }

ok "sandbox: the daemon starts a worker process" wait_for 10 have_worker
WPID=$(worker)
ok "sandbox: results arrive from the sandboxed worker" wait_for 15 have_snapshots

field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
ok "sandbox: the worker has NoNewPrivs: 1" test "$(field "$WPID" NoNewPrivs)" = 1
ok "sandbox: the worker has Seccomp: 2 (a filter)" test "$(field "$WPID" Seccomp)" = 2
ok "sandbox: the worker is not the supervising parent" test "$WPID" != "$DPID"
ok "sandbox: listening_ports gives rows under the filter (netlink allowed)" \
	grep -q '"n":"[1-9]' logs/vigil.snapshots.log

# Socket inodes a process holds.
sock_inodes() {
	for f in /proc/"$1"/fd/*; do
		readlink "$f" 2>/dev/null
	done | sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p'
}
# Inodes of listening sockets in this network namespace: TCP in state 0A
# (LISTEN), every UDP socket (bound is as good as listening), unix sockets
# with __SO_ACCEPTCON (flags 00010000).
listen_inodes() {
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk 'NR > 1 && $4 == "0A" { print $10 }'
	cat /proc/net/udp /proc/net/udp6 2>/dev/null | awk '$1 != "sl" { print $10 }'
	awk 'NR > 1 && $4 == "00010000" { print $7 }' /proc/net/unix
}
no_listener() {
	local held
	held=$( { sock_inodes "$DPID"; sock_inodes "$WPID"; } | sort -u)
	[ -z "$held" ] && return 0
	! listen_inodes | sort -u | grep -qxF "$held"
}
# The table must have something to compare against: this shell's own
# tables are readable, or the check proves nothing.
ok "sandbox: /proc/net/unix is readable" test -r /proc/net/unix
ok "sandbox: neither parent nor worker holds a listening socket" no_listener

kill -TERM "$DPID"
wait "$DPID"
RC=$?
trap - EXIT
ok "sandbox: SIGTERM stops the daemon with status 0" test "$RC" = 0
ok "sandbox: the worker is gone after the stop" test ! -e "/proc/$WPID/status"
