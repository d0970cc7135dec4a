# SPDX-License-Identifier: Apache-2.0
# process_open_sockets and listening_ports: exact rows from the debian12
# fixture (its /proc/net files and the socket links under /proc/PID/fd),
# pid constraints, hostile /proc/net trees built here (50,000 sockets with
# a cut last line, garbage, files that are directories or FIFOs), and the
# live host: a python3 process with known TCP, UDP, IPv6 and unix sockets,
# checked against what it reports of itself and against ss(8), over
# netlink and through the /proc/net fallback, while another process opens
# and closes descriptors as fast as it can.
. "${TOP:?}/tests/lib.sh" || exit 1

R="--root $FIX/debian12"

# CSV output ends its lines with CRLF (RFC 4180); strip the CRs so the
# expected rows can be written with plain newlines.
csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

# ---- the fixture ----------------------------------------------------------

csv $R "SELECT * FROM process_open_sockets"
is_rc "fixture: process_open_sockets exits 0" 0
is_out "fixture: every socket, once per holder, -1 when none" <<'EOF'
pid,fd,socket,family,protocol,local_address,remote_address,local_port,remote_port,path,state,net_namespace
634,3,15011,2,6,0.0.0.0,0.0.0.0,22,0,,LISTEN,
1207,10,15011,2,6,0.0.0.0,0.0.0.0,22,0,,LISTEN,
-1,-1,15020,2,6,127.0.0.1,0.0.0.0,631,0,,LISTEN,
-1,-1,15500,2,6,10.0.2.15,10.0.2.2,22,51234,,ESTABLISHED,
1207,5,16001,2,6,10.0.2.15,203.0.113.9,40312,4444,,ESTABLISHED,
-1,-1,0,2,6,10.0.2.15,10.0.2.2,22,51000,,TIME_WAIT,
634,4,15012,10,6,::,::,22,0,,LISTEN,
-1,-1,16002,10,6,::ffff:127.0.0.1,::ffff:127.0.0.1,8080,55000,,CLOSE_WAIT,
1,7,14001,2,17,0.0.0.0,0.0.0.0,68,0,,,
-1,-1,14002,2,17,127.0.0.1,0.0.0.0,53,0,,,
1207,6,14003,2,17,10.0.2.15,8.8.8.8,40000,53,,,
-1,-1,14004,2,17,0.0.0.0,0.0.0.0,0,0,,,
1207,8,14500,2,255,0.0.0.0,0.0.0.0,1,0,,,
1,9,13001,1,0,,,0,0,/run/systemd/private,,
1,10,13002,1,0,,,0,0,/run/systemd/journal/dev-log,,
634,6,13003,1,0,,,0,0,,,
1207,9,13004,1,0,,,0,0,/tmp/.x/my sock,,
-1,-1,13005,1,0,,,0,0,@/tmp/.X11-unix/X0,,
1,14,13006,1,0,,,0,0,/run/systemd/private,,
-1,-1,13007,1,0,,,0,0,,,
EOF

csv $R "SELECT * FROM listening_ports"
is_out "fixture: listening_ports, lowest pid holding each socket" <<'EOF'
pid,port,protocol,family,address,fd,socket,path,net_namespace
634,22,6,2,0.0.0.0,3,15011,,
-1,631,6,2,127.0.0.1,-1,15020,,
634,22,6,10,::,4,15012,,
1,68,17,2,0.0.0.0,7,14001,,
-1,53,17,2,127.0.0.1,-1,14002,,
1207,1,255,2,0.0.0.0,8,14500,,
1,0,0,1,,9,13001,/run/systemd/private,
1,0,0,1,,10,13002,/run/systemd/journal/dev-log,
1207,0,0,1,,9,13004,/tmp/.x/my sock,
-1,0,0,1,,-1,13005,@/tmp/.X11-unix/X0,
EOF

run query --json $R "SELECT * FROM listening_ports WHERE socket IN (15011, 13001)"
is_out "fixture: NULL address for unix, NULL path for inet" <<'EOF'
[
  {"pid":634,"port":22,"protocol":6,"family":2,"address":"0.0.0.0","fd":3,"socket":15011,"path":null,"net_namespace":null},
  {"pid":1,"port":0,"protocol":0,"family":1,"address":null,"fd":9,"socket":13001,"path":"/run/systemd/private","net_namespace":null}
]
EOF

csv $R "SELECT port, protocol, family, address, socket, path FROM listening_ports"
is_out "fixture: the same sockets when pid and fd are not read" <<'EOF'
port,protocol,family,address,socket,path
22,6,2,0.0.0.0,15011,
631,6,2,127.0.0.1,15020,
22,6,10,::,15012,
68,17,2,0.0.0.0,14001,
53,17,2,127.0.0.1,14002,
1,255,2,0.0.0.0,14500,
0,0,1,,13001,/run/systemd/private
0,0,1,,13002,/run/systemd/journal/dev-log
0,0,1,,13004,/tmp/.x/my sock
0,0,1,,13005,@/tmp/.X11-unix/X0
EOF

csv $R "SELECT pid, fd, socket, state FROM process_open_sockets WHERE pid = 1207"
is_out "fixture: pid = 1207, only the sockets it holds" <<'EOF'
pid,fd,socket,state
1207,10,15011,LISTEN
1207,5,16001,ESTABLISHED
1207,6,14003,
1207,8,14500,
1207,9,13004,
EOF

csv $R "SELECT pid, fd, socket FROM process_open_sockets WHERE pid IN (634, 99999, 1) AND family = 1"
is_out "fixture: pid IN (...), a missing pid" <<'EOF'
pid,fd,socket
1,9,13001
1,10,13002
1,14,13006
634,6,13003
EOF

csv $R "SELECT count(*) FROM process_open_sockets WHERE pid = -1"
is_out "fixture: pid = -1 lists every process and keeps the orphans" <<'EOF'
count(*)
8
EOF

csv $R "SELECT p.name, l.port, l.protocol, l.address FROM listening_ports l JOIN processes p USING (pid) ORDER BY l.port, l.family, l.socket"
is_out "fixture: listening_ports joined with processes" <<'EOF'
name,port,protocol,address
systemd,0,0,
systemd,0,0,
evil) R 1 1,0,0,
evil) R 1 1,1,255,0.0.0.0
sshd,22,6,0.0.0.0
sshd,22,6,::
systemd,68,17,0.0.0.0
EOF

# ---- trees built here -------------------------------------------------------

scratch() { mktemp -d "${TMPD:-$PWD}/$1.XXXXXX"; }

# 50,000 listening sockets and a last line cut inside its inode.
T=$(scratch big) || exit 1
mkdir -p "$T/proc/net"
python3 - "$T/proc/net/tcp" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n")
    for i in range(50000):
        f.write("%4d: 0100007F:%04X 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 %d 1 0000000000000000 100 0 0 10 0\n"
                % (i, i + 1, 100000 + i))
    f.write("50000: 0100007F:FFFF 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 99")
PY
csv --root "$T" "SELECT count(*), min(port), max(port), max(socket), count(DISTINCT socket) FROM listening_ports"
is_rc "big: exit 0" 0
is_out "big: 50,000 sockets read, the cut line dropped" <<'EOF'
count(*),min(port),max(port),max(socket),count(DISTINCT socket)
50000,1,50000,149999,50000
EOF
csv --root "$T" "SELECT count(*) FROM process_open_sockets WHERE pid = -1 AND state = 'LISTEN'"
is_out "big: process_open_sockets sees them all without holders" <<'EOF'
count(*)
50000
EOF

# Garbage: binary noise, NULs, lines too long to keep, half lines, and one
# good socket among them; unix lines with forged fields.
T=$(scratch junk) || exit 1
mkdir -p "$T/proc/net"
python3 - "$T/proc/net" <<'PY'
import os, sys
d = sys.argv[1]
good = "   7: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4711 1 0000000000000000 100 0 0 10 0\n"
with open(os.path.join(d, "tcp"), "wb") as f:
    f.write(b"\x00\xff\xfe garbage \x00\n")
    f.write(b"   1: 0100007F\n")
    f.write(b"x" * 200000 + b"\n")
    f.write(b"   2: 0100007F:0016 00000000:0000 0A 0:0 00:0 0 0 0 " + b"9" * 70000 + b" 1\n")
    f.write(good.encode())
    f.write(b"\n\n   3: ZZZZZZZZ:0016 00000000:0000 0A 0:0 00:0 0 0 0 5 1\n")
with open(os.path.join(d, "udp6"), "wb") as f:
    f.write(os.urandom(65536).replace(b"\n", b" ") + b"\n")
with open(os.path.join(d, "unix"), "wb") as f:
    f.write(b"Num       RefCount Protocol Flags    Type St Inode Path\n")
    f.write(b"0000000000000000: 00000002 00000000 00010000 0001 01 777 /run/" + b"a" * 300 + b"\n")
    f.write(b"0000000000000000: 00000002 00000000 00010000 0001 01 778 /run/ok.sock\n")
    f.write(b"0000000000000000: 00000002 00000000 00010000 0001 01 779 /run/cut")
PY
mkdir "$T/proc/net/tcp6"             # a directory where a file should be
mkfifo "$T/proc/net/udp"             # a FIFO nobody writes to
ln -s ../../../../../../etc/shadow "$T/proc/net/raw"
csv --root "$T" "SELECT port, protocol, family, address, socket, path FROM listening_ports"
is_rc "junk: exit 0" 0
is_out "junk: only the good lines survive" <<'EOF'
port,protocol,family,address,socket,path
8080,6,2,127.0.0.1,4711,
0,0,1,,778,/run/ok.sock
EOF

# No /proc at all (a mounted image), and a /proc without net.
T=$(scratch empty) || exit 1
csv --root "$T" "SELECT * FROM process_open_sockets"
is_rc "no /proc: exit 0" 0
is_out "no /proc: no rows" <<'EOF'
pid,fd,socket,family,protocol,local_address,remote_address,local_port,remote_port,path,state,net_namespace
EOF
mkdir -p "$T/proc/1/fd"
ln -s 'socket:[5]' "$T/proc/1/fd/3"
csv --root "$T" "SELECT * FROM listening_ports"
is_out "no /proc/net: no rows" <<'EOF'
pid,port,protocol,family,address,fd,socket,path,net_namespace
EOF

# ---- the live host ----------------------------------------------------------

cat >"$TMPD/sock.py" <<'PY'
import os, socket, sys, time
out, upath = sys.argv[1], sys.argv[2]
rows = []
def add(s, state):
    fd = s.fileno()
    ino = os.fstat(fd).st_ino
    if s.family == socket.AF_UNIX:
        rows.append((fd, ino, 1, 0, "", 0, "", 0, s.getsockname(), ""))
        return
    fam = 2 if s.family == socket.AF_INET else 10
    proto = 6 if s.type == socket.SOCK_STREAM else 17
    la, lp = s.getsockname()[:2]
    try:
        ra, rp = s.getpeername()[:2]
    except OSError:
        ra, rp = ("0.0.0.0" if fam == 2 else "::"), 0
    rows.append((fd, ino, fam, proto, la, lp, ra, rp, "", state))
t = socket.socket(); t.bind(("127.0.0.1", 0)); t.listen(); add(t, "LISTEN")
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0)); add(u, "")
x = socket.socket(socket.AF_UNIX); x.bind(upath); x.listen(); add(x, "")
c = socket.create_connection(t.getsockname()); add(c, "ESTABLISHED")
a, _ = t.accept(); add(a, "ESTABLISHED")
try:
    t6 = socket.socket(socket.AF_INET6); t6.bind(("::1", 0)); t6.listen(); add(t6, "LISTEN")
    v6 = t6.getsockname()[1]
except OSError:
    v6 = 0
with open(out + ".tmp", "w") as f:
    f.write("%d %d %d\n" % (t.getsockname()[1], u.getsockname()[1], v6))
    for r in sorted(rows):
        f.write(",".join(str(v) for v in r) + "\n")
os.rename(out + ".tmp", out)
time.sleep(300)
PY

USOCK=$TMPD/live.sock
python3 "$TMPD/sock.py" "$TMPD/sock.out" "$USOCK" </dev/null >/dev/null 2>&1 &
SPID=$!
for _ in $(seq 100); do [ -f "$TMPD/sock.out" ] && break; sleep 0.05; done
if [ ! -f "$TMPD/sock.out" ]; then
	skip "live sockets" "python3 could not open its sockets"
	kill "$SPID" 2>/dev/null
	exit 0
fi
read -r TP UP V6 <"$TMPD/sock.out"

csv "SELECT pid, port, protocol, family, address FROM listening_ports WHERE pid = $SPID ORDER BY protocol, family, port"
if [ "$V6" -ne 0 ]; then
	V6ROW="$SPID,$V6,6,10,::1"
fi
is_out "live: the TCP, IPv6 and UDP sockets listen, with pid, port and address" <<EOF
pid,port,protocol,family,address
$SPID,0,0,1,
$SPID,$TP,6,2,127.0.0.1
${V6ROW:+$V6ROW
}$SPID,$UP,17,2,127.0.0.1
EOF

csv "SELECT pid, family, path FROM listening_ports WHERE path = '$USOCK'"
is_out "live: the unix socket listens under its path" <<EOF
pid,family,path
$SPID,1,$USOCK
EOF

{ echo "fd,socket,family,protocol,local_address,local_port,remote_address,remote_port,path,state"
  tail -n +2 "$TMPD/sock.out"; } >"$TMPD/want"
csv "SELECT fd, socket, family, protocol, local_address, local_port, remote_address, remote_port, path, state FROM process_open_sockets WHERE pid = $SPID ORDER BY fd"
ok "live: process_open_sockets matches what the process knows of itself" diff -u "$TMPD/want" "$OUT"

csv "SELECT p.name, l.port FROM listening_ports l JOIN processes p USING (pid) WHERE l.port = $TP AND l.protocol = 6"
is_out "live: joined with processes" <<EOF
name,port
python3,$TP
EOF

NS=$(readlink /proc/self/ns/net | tr -dc 0-9)
csv "SELECT DISTINCT net_namespace FROM process_open_sockets WHERE pid = $SPID"
is_out "live: net_namespace is this namespace's inode" <<EOF
net_namespace
$NS
EOF

if command -v ss >/dev/null 2>&1 && ss -Htlnp "sport = :$TP" 2>/dev/null | grep -q "pid=$SPID,"; then
	ss -Htlnp "sport = :$TP" | grep -o "pid=$SPID,fd=[0-9]*" | sed 's/.*fd=//' >"$TMPD/ssfd"
	csv "SELECT fd FROM listening_ports WHERE port = $TP AND protocol = 6"
	tail -n +2 "$OUT" >"$TMPD/myfd"
	ok "live: ss(8) finds the same listener pid and fd" diff -u "$TMPD/ssfd" "$TMPD/myfd"
else
	skip "live: ss(8) finds the same listener pid and fd" "ss cannot see the process"
fi

# The same sockets through /proc/net: a root of "/." is the host, but not
# "live", so the netlink path is not taken.
Q="SELECT pid, fd, socket, family, protocol, address, port, path FROM listening_ports WHERE pid = $SPID ORDER BY socket"
csv "$Q"
cp "$OUT" "$TMPD/netlink.csv"
csv --root /. "$Q"
ok "live: netlink and /proc/net agree" diff -u "$TMPD/netlink.csv" "$OUT"
Q="SELECT fd, socket, local_address, remote_address, local_port, remote_port, path, state FROM process_open_sockets WHERE pid = $SPID ORDER BY fd"
csv "$Q"
cp "$OUT" "$TMPD/netlink.csv"
csv --root /. "$Q"
ok "live: netlink and /proc/net agree on process_open_sockets" diff -u "$TMPD/netlink.csv" "$OUT"

# Only the constrained process's descriptors are read, and listening_ports
# reads none when pid and fd are not asked for; TCP comes over netlink.
# LeakSanitizer cannot run under ptrace, so a sanitized build is traced
# without it.
saved_asan=${ASAN_OPTIONS-}
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export ASAN_OPTIONS
if traces_openat2; then
	strace -f -qq -e trace=openat2 -o "$TMPD/st" "$VIGIL" query --csv \
		"SELECT fd FROM process_open_sockets WHERE pid = $SPID" >/dev/null 2>&1
	grep -o '"proc/[0-9]*/fd"' "$TMPD/st" | sort -u >"$TMPD/fds"
	echo "\"proc/$SPID/fd\"" >"$TMPD/want"
	ok "live: pid = N opens only that process's fd directory" diff -u "$TMPD/want" "$TMPD/fds"
	strace -f -qq -e trace=openat2 -o "$TMPD/st" "$VIGIL" query --csv \
		"SELECT port, address FROM listening_ports" >/dev/null 2>&1
	ok "live: listening_ports without pid or fd reads no descriptors" \
		sh -c "! grep -q '/fd\"' '$TMPD/st'"
	ok "live: TCP and UDP sockets come over netlink, not /proc/net" \
		sh -c "! grep -qE 'proc/net/(tcp|udp)' '$TMPD/st'"
else
	skip "live: pid = N opens only that process's fd directory" \
		"needs strace and openat2 (Linux 5.6+)"
fi
ASAN_OPTIONS=$saved_asan

# Descriptors that vanish mid-walk: a process opening and closing sockets,
# pipes and files without pause while the tables read it.
python3 - </dev/null >/dev/null 2>&1 <<'PY' &
import os, socket, time
end = time.time() + 60
while time.time() < end:
    s = [socket.socket() for _ in range(30)]
    f = [open("/etc/hostname") for _ in range(30)]
    p = [os.pipe() for _ in range(10)]
    for x in s: x.close()
    for x in f: x.close()
    for r, w in p: os.close(r); os.close(w)
PY
CHURN=$!
fails=0
for _ in $(seq 8); do
	for q in "SELECT count(*) FROM process_open_sockets" \
		"SELECT count(*) FROM listening_ports l JOIN processes p USING (pid)" \
		"SELECT count(*) FROM process_open_sockets WHERE pid = $CHURN"; do
		"$VIGIL" query --csv "$q" >/dev/null 2>"$TMPD/churn.err" || fails=$((fails + 1))
	done
done
kill "$CHURN" 2>/dev/null
wait "$CHURN" 2>/dev/null
ok "live: descriptors closing mid-walk never fail a query" test "$fails" -eq 0

kill "$SPID" 2>/dev/null
wait "$SPID" 2>/dev/null
rm -f "$USOCK"
