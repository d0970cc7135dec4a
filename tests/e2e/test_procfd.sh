# SPDX-License-Identifier: Apache-2.0
# process_open_files, process_open_pipes, process_namespaces, process_envs
# and process_memory_map: exact rows from the debian12 fixture (fd links of
# every kind, fdinfo flags, ns links right and wrong, an environ without its
# final NUL, maps paths with spaces), pid constraints, hostile trees built
# here (an environ past the cap, maps with 100,000 lines and one too long
# to keep), and the live host: a process with a known environment, a
# sleep(1) writing into a pipe, a FIFO, files with spaces and deleted, and
# namespaces checked against readlink(1), also as an unprivileged user.
. "${TOP:?}/tests/lib.sh" || exit 1

R="--root $FIX/debian12"

csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

# ---- the fixture ----------------------------------------------------------

csv $R "SELECT * FROM process_open_files"
is_rc "fixture: process_open_files exits 0" 0
is_out "fixture: paths only, in fd order; odd fd names and non-links skipped" <<'EOF'
pid,fd,path
1,0,/dev/null
1,12,/etc/passwd
634,0,/dev/null
1207,0,/dev/pts/0
1207,2,/tmp/.x/log (deleted)
1207,13,/tmp/.x/my file
4242,8,/nonexistent/file
EOF

csv $R "SELECT fd, path FROM process_open_files WHERE pid = 1207"
is_out "fixture: process_open_files pid = 1207" <<'EOF'
fd,path
0,/dev/pts/0
2,/tmp/.x/log (deleted)
13,/tmp/.x/my file
EOF

csv $R "SELECT * FROM process_open_pipes"
is_rc "fixture: process_open_pipes exits 0" 0
is_out "fixture: pipes with every partner of the other direction" <<'EOF'
pid,fd,mode,inode,type,partner_pid,partner_fd,partner_mode
1,13,w,888,anonymous,634,7,r
1,13,w,888,anonymous,1207,7,r
634,5,r,777,anonymous,1207,1,w
634,7,r,888,anonymous,1,13,w
1207,1,w,777,anonymous,634,5,r
1207,7,r,888,anonymous,1,13,w
1207,11,w,999,anonymous,,,
4242,3,,555,anonymous,,,
EOF

csv $R "SELECT * FROM process_namespaces"
is_out "fixture: namespaces; wrong or malformed links are NULL" <<'EOF'
pid,cgroup_namespace,ipc_namespace,mnt_namespace,net_namespace,pid_namespace,user_namespace,uts_namespace
1,4026531835,4026531839,4026531841,4026531840,4026531836,4026531837,4026531838
2,,,,,,,
634,4026531835,4026531839,4026532210,4026531840,4026531836,4026531837,4026531838
1207,4026532301,4026532302,4026532303,4026532305,4026532304,,
4242,,4026531839,,,,,
4243,,,,,,,
EOF

csv $R "SELECT pid, net_namespace FROM process_namespaces WHERE pid IN (1207, 99999)"
is_out "fixture: namespaces of one pid, and a missing one" <<'EOF'
pid,net_namespace
1207,4026532305
EOF

csv $R "SELECT p.pid FROM process_namespaces p WHERE p.net_namespace != (SELECT net_namespace FROM process_namespaces WHERE pid = 1)"
is_out "fixture: processes in another network namespace" <<'EOF'
pid
1207
EOF

csv $R "SELECT * FROM process_envs WHERE pid IN (1, 634)"
is_out "fixture: environments" <<'EOF'
pid,key,value
1,HOME,/
1,init,/sbin/init
1,TERM,linux
634,LANG,C.UTF-8
634,PATH,/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
634,NOTIFY_SOCKET,/run/systemd/notify
EOF

run query --json $R "SELECT key, value FROM process_envs WHERE pid = 1207"
is_out "fixture: empty entries skipped, no '=' is a NULL value, no final NUL" <<'EOF'
[
  {"key":"LD_PRELOAD","value":"/tmp/.x/evil.so"},
  {"key":"EMPTY","value":""},
  {"key":"NOEQUALS","value":null},
  {"key":"","value":"startswithequals"},
  {"key":"A","value":"b=c"},
  {"key":"PS1","value":"$ "},
  {"key":"LAST","value":"no trailing nul"}
]
EOF

csv $R "SELECT count(*) FROM process_envs WHERE pid IN (2, 4242, 4243, 99999)"
is_out "fixture: no environ, only NULs, or no process: no rows" <<'EOF'
count(*)
0
EOF

csv $R "SELECT * FROM process_memory_map"
is_out "fixture: maps; spaces kept in paths, bad and cut lines skipped" <<'EOF'
pid,start,end,permissions,offset,device,inode,path,pseudo
1,0x55d4c0a00000,0x55d4c0a28000,r--p,0,fe:00,1835023,/usr/lib/systemd/systemd,0
1,0x55d4c0a28000,0x55d4c0ab1000,r-xp,163840,fe:00,1835023,/usr/lib/systemd/systemd,0
1,0x55d4c1e3f000,0x55d4c1f93000,rw-p,0,00:00,0,[heap],1
1,0x7f2a1c000000,0x7f2a1c021000,rw-p,0,00:00,0,,0
1,0x7ffd6b7e2000,0x7ffd6b803000,rw-p,0,00:00,0,[stack],1
1,0xffffffffff600000,0xffffffffff601000,--xp,0,00:00,0,[vsyscall],1
1207,0x00400000,0x00401000,r-xp,0,08:01,131,/tmp/.x/x (deleted),0
1207,0x7f0000000000,0x7f0000001000,rwxp,0,00:00,0,,0
1207,0x7f0000001000,0x7f0000002000,r-xp,4096,08:01,4242,/tmp/.x/my lib.so (deleted),0
1207,0x7f0000002000,0x7f0000003000,rw-s,0,00:01,2049,/memfd:payload (deleted),0
1207,0x7f0000003000,0x7f0000004000,rw-p,0,00:00,0,[anon:evil name],1
4242,0x0,0x1,r--p,,00:00,,/huge,0
EOF

run query --json $R "SELECT offset, inode FROM process_memory_map WHERE pid = 4242"
is_out "fixture: numbers past 63 bits are NULL" <<'EOF'
[
  {"offset":null,"inode":null}
]
EOF

csv $R "SELECT pid, path FROM process_memory_map WHERE pid = 1207 AND permissions LIKE '%wx%'"
is_out "fixture: writable and executable memory" <<'EOF'
pid,path
1207,
EOF

# ---- trees built here -------------------------------------------------------

scratch() { mktemp -d "${TMPD:-$PWD}/$1.XXXXXX"; }

T=$(scratch big) || exit 1
mkdir -p "$T/proc/7" "$T/proc/8" "$T/proc/9/fd" "$T/proc/10"
python3 - "$T/proc" <<'PY'
import sys
d = sys.argv[1]
# An environ past the 16 MiB cap: 1000-byte entries, the one cut by the
# cap is dropped.
with open(d + "/7/environ", "wb") as f:
    for i in range(17000):
        k = b"K%05d=" % i
        f.write(k + b"v" * (999 - len(k)) + b"\0")
# 100,000 mappings, and one line too long to keep.
with open(d + "/8/maps", "w") as f:
    for i in range(100000):
        f.write("%08x-%08x r--p 00000000 fe:00 %d /lib/x%d.so\n" % (i * 4096, i * 4096 + 4096, i + 1, i))
    f.write("00000000-00001000 r--p 00000000 fe:00 1 /" + "a" * 70000 + "\n")
    f.write("00000000-00001000 r--p 00000000 fe:00 1 /last\n")
PY
printf 'not a directory\n' >"$T/proc/10/fd"
ln -s /proc/1/fd "$T/proc/9/fd/3"
csv --root "$T" "SELECT count(*), max(key) FROM process_envs"
is_out "big: environ past the cap, the cut entry dropped" <<'EOF'
count(*),max(key)
16777,K16776
EOF
csv --root "$T" "SELECT count(*), max(inode) FROM process_memory_map WHERE pid = 8"
is_out "big: 100,000 maps lines and the last one, the long line skipped" <<'EOF'
count(*),max(inode)
100001,100000
EOF
csv --root "$T" "SELECT * FROM process_open_files"
is_out "big: an fd that is a file, a link into /proc" <<'EOF'
pid,fd,path
9,3,/proc/1/fd
EOF

# ---- the live host ----------------------------------------------------------

env VIGIL_TEST_VAR="hello world=1" LC_VIGIL= sleep 300 </dev/null >/dev/null 2>&1 &
EPID=$!
# Wait for the exec: until then /proc/PID is a copy of this shell.
for _ in $(seq 100); do
	[ "$(readlink /proc/$EPID/exe)" = "$(readlink -f "$(command -v sleep)")" ] && break
	sleep 0.05
done
csv "SELECT key, value FROM process_envs WHERE pid = $EPID AND key IN ('VIGIL_TEST_VAR', 'LC_VIGIL') ORDER BY key"
is_out "live: a process's environment" <<'EOF'
key,value
LC_VIGIL,
VIGIL_TEST_VAR,hello world=1
EOF
csv "SELECT count(*) FROM process_envs WHERE pid = $EPID"
ok "live: as many variables as /proc/PID/environ holds" \
	test "$(tail -1 "$OUT")" -eq "$(tr -cd '\0' </proc/$EPID/environ | wc -c)"

csv "SELECT count(*) FROM process_memory_map WHERE pid = $EPID"
ok "live: as many mappings as /proc/PID/maps has lines" \
	test "$(tail -1 "$OUT")" -eq "$(wc -l </proc/$EPID/maps)"
EXE=$(readlink /proc/$EPID/exe)
csv "SELECT DISTINCT path, pseudo FROM process_memory_map WHERE pid = $EPID AND (path = '$EXE' OR path = '[stack]') ORDER BY pseudo"
is_out "live: the executable is mapped, [stack] is pseudo" <<EOF
path,pseudo
$EXE,0
[stack],1
EOF

{ echo "pid,cgroup_namespace,ipc_namespace,mnt_namespace,net_namespace,pid_namespace,user_namespace,uts_namespace"
  printf '%s' "$EPID"
  for n in cgroup ipc mnt net pid user uts; do
	printf ',%s' "$(readlink /proc/$EPID/ns/$n | tr -dc 0-9)"
  done
  echo; } >"$TMPD/want"
csv "SELECT * FROM process_namespaces WHERE pid = $EPID"
ok "live: namespaces match readlink /proc/PID/ns/*" diff -u "$TMPD/want" "$OUT"

if is_root && unshare -n true 2>/dev/null; then
	unshare -n sleep 300 </dev/null >/dev/null 2>&1 &
	NPID=$!
	sleep 0.2
	NSN=$(readlink /proc/$NPID/ns/net | tr -dc 0-9)
	if [ -n "$NSN" ] && [ "$NSN" != "$(readlink /proc/self/ns/net | tr -dc 0-9)" ]; then
		csv "SELECT net_namespace FROM process_namespaces WHERE pid = $NPID"
		is_out "live: a process in its own network namespace" <<EOF
net_namespace
$NSN
EOF
	else
		skip "live: a process in its own network namespace" "unshare -n did not take"
	fi
	kill "$NPID" 2>/dev/null
else
	skip "live: a process in its own network namespace" "needs root and unshare"
fi

# A sleep writing into a pipe python reads; a FIFO python holds open both
# ways; a file with spaces in its name and a deleted one.
cat >"$TMPD/pipes.py" <<'PY'
import os, subprocess, sys, time
out, fifo, spaced, gone = sys.argv[1:5]
r, w = os.pipe()
p = subprocess.Popen(["sleep", "300"], stdin=subprocess.DEVNULL, stdout=w,
                     stderr=subprocess.DEVNULL)
os.close(w)
os.mkfifo(fifo)
a = os.open(fifo, os.O_RDWR)
b = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
f1 = open(spaced, "w")
f2 = open(gone, "w")
os.unlink(gone)
with open(out + ".tmp", "w") as f:
    f.write("%d %d %d %d %d %d %d\n" % (p.pid, r, a, b, os.stat(fifo).st_ino,
                                       f1.fileno(), f2.fileno()))
os.rename(out + ".tmp", out)
time.sleep(300)
PY
python3 "$TMPD/pipes.py" "$TMPD/pipes.out" "$TMPD/fifo" "$TMPD/a file, spaced" \
	"$TMPD/gone" </dev/null >/dev/null 2>&1 &
PPID_=$!
for _ in $(seq 100); do [ -f "$TMPD/pipes.out" ] && break; sleep 0.05; done
if [ -f "$TMPD/pipes.out" ]; then
	read -r SLEEP RFD FA FB FINO F1 F2 <"$TMPD/pipes.out"
	PINO=$(readlink /proc/$SLEEP/fd/1 | tr -dc 0-9)
	csv "SELECT pid, fd, mode, inode, type, partner_pid, partner_fd, partner_mode FROM process_open_pipes WHERE pid IN ($SLEEP, $PPID_) AND fd IN (1, $RFD, $FA, $FB) ORDER BY pid = $SLEEP DESC, fd"
	is_out "live: the sleep's pipe and its partner, the FIFO both ways" <<EOF
pid,fd,mode,inode,type,partner_pid,partner_fd,partner_mode
$SLEEP,1,w,$PINO,anonymous,$PPID_,$RFD,r
$PPID_,$RFD,r,$PINO,anonymous,$SLEEP,1,w
$PPID_,$FA,rw,$FINO,named,$PPID_,$FB,r
$PPID_,$FB,r,$FINO,named,$PPID_,$FA,rw
EOF
	csv --root /. "SELECT pid, fd, mode, inode, type, partner_pid, partner_fd, partner_mode FROM process_open_pipes WHERE pid IN ($SLEEP, $PPID_) AND fd IN (1, $RFD) AND type = 'anonymous' ORDER BY pid = $SLEEP DESC, fd"
	is_out "live: the same pipe read through a root that is not live" <<EOF
pid,fd,mode,inode,type,partner_pid,partner_fd,partner_mode
$SLEEP,1,w,$PINO,anonymous,$PPID_,$RFD,r
$PPID_,$RFD,r,$PINO,anonymous,$SLEEP,1,w
EOF
	run query --json "SELECT fd, path FROM process_open_files WHERE pid = $PPID_ AND fd IN ($FA, $F1, $F2) ORDER BY fd"
	is_out "live: a FIFO, a path with spaces and a deleted file" <<EOF
[
  {"fd":$FA,"path":"$TMPD/fifo"},
  {"fd":$F1,"path":"$TMPD/a file, spaced"},
  {"fd":$F2,"path":"$TMPD/gone (deleted)"}
]
EOF
	kill "$SLEEP" 2>/dev/null
else
	skip "live: pipes" "python3 could not set up its pipes"
fi
kill "$PPID_" 2>/dev/null

# Only the constrained process is read.  LeakSanitizer cannot run under
# ptrace, so a sanitized build is traced without it.
saved_asan=${ASAN_OPTIONS-}
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export ASAN_OPTIONS
if traces_openat2; then
	strace -f -qq -e trace=openat2 -o "$TMPD/st" "$VIGIL" query --csv \
		"SELECT key FROM process_envs WHERE pid = $EPID; SELECT path FROM process_memory_map WHERE pid = $EPID; SELECT path FROM process_open_files WHERE pid = $EPID; SELECT net_namespace FROM process_namespaces WHERE pid = $EPID" >/dev/null 2>&1
	grep -o '"proc[^"]*"' "$TMPD/st" | sort -u >"$TMPD/opened"
	printf '"proc/%s/environ"\n"proc/%s/fd"\n"proc/%s/maps"\n"proc/%s/ns"\n' \
		"$EPID" "$EPID" "$EPID" "$EPID" >"$TMPD/want"
	ok "live: pid = N reads only that process" diff -u "$TMPD/want" "$TMPD/opened"
	# No process has pid 0 or -1 (a socket nobody holds): nothing read.
	strace -f -qq -e trace=openat2 -o "$TMPD/st" "$VIGIL" query --csv \
		"SELECT count(*) FROM process_open_files WHERE pid IN (0, -1); SELECT count(*) FROM process_security WHERE pid = -1" >/dev/null 2>&1
	ok "live: pid 0 and -1 read no process" \
		test -z "$(grep -o '"proc[^"]*"' "$TMPD/st")"
else
	skip "live: pid = N reads only that process" \
		"needs strace and openat2 (Linux 5.6+)"
	skip "live: pid 0 and -1 read no process" \
		"needs strace and openat2 (Linux 5.6+)"
fi
ASAN_OPTIONS=$saved_asan

# Another user's process: no environment, maps or files, NULL namespaces,
# and no failed query.
if is_root && command -v setpriv >/dev/null 2>&1; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$VIGIL" query --csv \
		"SELECT (SELECT count(*) FROM process_envs WHERE pid = $EPID), (SELECT count(*) FROM process_memory_map WHERE pid = $EPID), (SELECT count(*) FROM process_open_files WHERE pid = $EPID), (SELECT count(*) FROM process_namespaces WHERE pid = $EPID AND net_namespace IS NULL)" \
		</dev/null >"$OUT" 2>"$ERR"
	RC=$?
	is_rc "live: unprivileged, exit 0" 0
	sed 's/\r$//' "$OUT" | tail -1 >"$OUT.lf" && mv "$OUT.lf" "$OUT"
	is_out "live: unprivileged, root's process is out of reach" <<'EOF'
0,0,0,1
EOF
else
	skip "live: unprivileged, root's process is out of reach" "needs root and setpriv"
fi

# Descriptors that come and go while the tables read them.
python3 - </dev/null >/dev/null 2>&1 <<'PY' &
import os, time
end = time.time() + 60
while time.time() < end:
    f = [open("/etc/hostname") for _ in range(30)]
    p = [os.pipe() for _ in range(20)]
    for x in f: x.close()
    for r, w in p: os.close(r); os.close(w)
PY
CHURN=$!
fails=0
for _ in $(seq 8); do
	for q in "SELECT count(*) FROM process_open_files" \
		"SELECT count(*) FROM process_open_pipes" \
		"SELECT count(*) FROM process_open_files WHERE pid = $CHURN" \
		"SELECT count(*) FROM process_memory_map WHERE pid = $CHURN"; do
		"$VIGIL" query --csv "$q" >/dev/null 2>&1 || fails=$((fails + 1))
	done
done
kill "$CHURN" 2>/dev/null
ok "live: descriptors closing mid-walk never fail a query" test "$fails" -eq 0

kill "$EPID" 2>/dev/null
wait 2>/dev/null
