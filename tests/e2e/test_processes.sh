# SPDX-License-Identifier: Apache-2.0
# processes: exact rows from the debian12 fixture (init, a kernel thread,
# sshd, a process whose comm is "evil) R 1 1" with a deleted executable, one
# whose stat and status are garbage and one whose stat is cut short), pid
# constraints that narrow the scan (checked with strace where it runs),
# hostile trees built here, and the live host checked against /proc, ps(1)
# and a sleep(1) started by this script.
. "${TOP:?}/tests/lib.sh" || exit 1

# Scratch trees go in fresh directories under the test's own directory.
scratch() { mktemp -d "${TMPD:-$PWD}/$1.XXXXXX"; }

R="--root $FIX/debian12"

# CSV output ends its lines with CRLF (RFC 4180); strip the CRs so the
# expected rows can be written with plain newlines.
csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

# ---- the fixture ----------------------------------------------------------

csv $R "SELECT pid, name, path, cmdline, state, cwd, root, uid, gid, euid, egid, suid, sgid FROM processes"
is_rc "fixture: exit 0" 0
is_out "fixture: names, paths, command lines and ids" <<'EOF'
pid,name,path,cmdline,state,cwd,root,uid,gid,euid,egid,suid,sgid
1,systemd,/usr/lib/systemd/systemd,/sbin/init,S,/,/,0,0,0,0,0,0
2,kthreadd,,,S,/,/,0,0,0,0,0,0
634,sshd,/usr/sbin/sshd,sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups,S,/,/,0,0,0,0,0,0
1207,evil) R 1 1,/tmp/.x/x,./x --flag two words,R,/tmp/.x,/,1000,1000,1000,1000,1000,1000
4242,,,,,,,,,,,,
4243,,,,,,,1000,,1000,,1000,
EOF

run query --json $R "SELECT pid, wired_size, resident_size, total_size, user_time, system_time, disk_bytes_read, disk_bytes_written, start_time, parent, pgroup, threads, nice, cgroup_path FROM processes"
is_out "fixture: sizes in bytes, times in ms, start_time from btime, nulls" <<'EOF'
[
  {"pid":1,"wired_size":0,"resident_size":13455360,"total_size":172195840,"user_time":3450,"system_time":12790,"disk_bytes_read":412688384,"disk_bytes_written":98373632,"start_time":1700000000,"parent":0,"pgroup":1,"threads":1,"nice":0,"cgroup_path":"/init.scope"},
  {"pid":2,"wired_size":null,"resident_size":null,"total_size":null,"user_time":0,"system_time":30,"disk_bytes_read":0,"disk_bytes_written":0,"start_time":1700000000,"parent":0,"pgroup":0,"threads":1,"nice":0,"cgroup_path":"/"},
  {"pid":634,"wired_size":0,"resident_size":9531392,"total_size":15765504,"user_time":40,"system_time":90,"disk_bytes_read":7954432,"disk_bytes_written":4096,"start_time":1700000003,"parent":1,"pgroup":634,"threads":1,"nice":0,"cgroup_path":"/system.slice/ssh.service"},
  {"pid":1207,"wired_size":16384,"resident_size":3325952,"total_size":8404992,"user_time":1530,"system_time":270,"disk_bytes_read":null,"disk_bytes_written":null,"start_time":1700000512,"parent":1188,"pgroup":1207,"threads":3,"nice":10,"cgroup_path":"/user.slice/user-1000.slice/session-3.scope"},
  {"pid":4242,"wired_size":null,"resident_size":null,"total_size":null,"user_time":null,"system_time":null,"disk_bytes_read":null,"disk_bytes_written":null,"start_time":null,"parent":null,"pgroup":null,"threads":null,"nice":null,"cgroup_path":null},
  {"pid":4243,"wired_size":null,"resident_size":null,"total_size":null,"user_time":null,"system_time":null,"disk_bytes_read":null,"disk_bytes_written":null,"start_time":null,"parent":null,"pgroup":null,"threads":null,"nice":null,"cgroup_path":null}
]
EOF

run query --line $R "SELECT * FROM processes WHERE pid = 1207"
is_out "fixture: pid = 1207, every column" <<'EOF'
               pid = 1207
              name = evil) R 1 1
              path = /tmp/.x/x
           cmdline = ./x --flag two words
             state = R
               cwd = /tmp/.x
              root = /
               uid = 1000
               gid = 1000
              euid = 1000
              egid = 1000
              suid = 1000
              sgid = 1000
           on_disk = 0
        wired_size = 16384
     resident_size = 3325952
        total_size = 8404992
         user_time = 1530
       system_time = 270
   disk_bytes_read = 
disk_bytes_written = 
        start_time = 1700000512
            parent = 1188
            pgroup = 1207
           threads = 3
              nice = 10
       cgroup_path = /user.slice/user-1000.slice/session-3.scope
EOF

csv $R "SELECT pid, name, parent FROM processes WHERE pid IN (634, 2, 99999, 634)"
is_out "fixture: pid IN (...), a missing pid and a repeat" <<'EOF'
pid,name,parent
2,kthreadd,0
634,sshd,1
EOF

csv $R "SELECT pid, name FROM processes WHERE pid = 99999"
is_out "fixture: pid = a missing pid gives no row" <<'EOF'
pid,name
EOF

csv $R "SELECT pid FROM processes WHERE pid = 99999"
is_out "fixture: pid = a missing pid, reading no file, gives no row" <<'EOF'
pid
EOF

csv $R "SELECT pid, name FROM processes WHERE pid = '634' OR pid = 1.0 OR pid = -3"
is_out "fixture: pid as text, as a real and negative" <<'EOF'
pid,name
1,systemd
634,sshd
EOF

csv $R "SELECT pid, name FROM processes WHERE name LIKE 'evil) %'"
is_out "fixture: a comm holding ') ' and spaces matches by name" <<'EOF'
pid,name
1207,evil) R 1 1
EOF

csv $R "SELECT p.name, c.name, c.cmdline FROM processes c JOIN processes p ON p.pid = c.parent WHERE c.pid != c.parent"
is_out "fixture: parent join" <<'EOF'
name,name,cmdline
systemd,sshd,sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups
EOF

# ---- trees built here -----------------------------------------------------

# on_disk: 1 when the executable exists beneath the root, 0 when it does not
# or was deleted, -1 when exe cannot be read.  Plus hostile pid directories:
# one that is empty (a process gone mid-scan), one whose files are
# directories, one whose exe climbs out with "..", and non-pid names.
T=$(scratch root) || exit 1
mkdir -p "$T/usr/sbin" "$T/etc"
cp -a "$FIX/debian12/proc" "$T/proc"
: >"$T/usr/sbin/sshd"
mkdir -p "$T/proc/555" "$T/proc/556/stat" "$T/proc/556/status" \
	"$T/proc/556/cmdline" "$T/proc/557" "$T/proc/self" "$T/proc/12x" \
	"$T/proc/0" "$T/proc/99999999999"
ln -s ../../../../../../../etc/passwd "$T/proc/557/exe"
ln -s 557 "$T/proc/self/x"

csv --root "$T" "SELECT pid, path, on_disk FROM processes"
is_out "tree: on_disk, and pids that are not there or are odd" <<'EOF'
pid,path,on_disk
1,/usr/lib/systemd/systemd,0
2,,-1
555,,-1
556,,-1
557,../../../../../../../etc/passwd,0
634,/usr/sbin/sshd,1
1207,/tmp/.x/x,0
4242,,-1
4243,,-1
EOF

: >"$T/etc/passwd"
csv --root "$T" "SELECT pid, on_disk FROM processes WHERE pid = 557"
is_out "tree: an exe link with .. resolves beneath the root" <<'EOF'
pid,on_disk
557,1
EOF

csv --root "$T" "SELECT pid, name, cmdline, uid FROM processes"
is_out "tree: a process gone mid-scan is skipped; unreadable files are NULL" <<'EOF'
pid,name,cmdline,uid
1,systemd,/sbin/init,0
2,kthreadd,,0
556,,,
634,sshd,sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups,0
1207,evil) R 1 1,./x --flag two words,1000
4242,,,
4243,,,1000
EOF

E=$(scratch empty) || exit 1
csv --root "$E" "SELECT pid, name FROM processes"
is_rc "tree: no /proc at all: exit 0" 0
is_out "tree: no /proc at all: no rows" <<'EOF'
pid,name
EOF

# ---- which files a query reads ---------------------------------------------

if traces_openat2; then
	# LeakSanitizer cannot run under ptrace.
	trace() {
		ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=openat2,readlinkat,newfstatat \
			-o "$T.trace" "$VIGIL" query --root "$T" "$1" \
			</dev/null >/dev/null 2>&1
		grep -o '"proc/[^"]*"' "$T.trace" | tr -d '"' | sort -u \
			>"$OUT"
	}
	trace "SELECT pid, name FROM processes WHERE pid IN (634, 2)"
	is_out "strace: pid IN (...) reads only those pids' stat" <<'EOF'
proc/2/stat
proc/634/stat
EOF
	trace "SELECT pid, name, uid, resident_size FROM processes"
	ok "strace: name, uid, resident_size read only stat and status" \
		sh -c "! grep -v -E '^proc/[0-9]+/(stat|status)$' '$OUT'"
	ok "strace: ... and read them for every pid" \
		grep -qx 'proc/4243/status' "$OUT"
	trace "SELECT pid FROM processes"
	is_out "strace: pid alone reads no per-process file" </dev/null
	trace "SELECT pid, name FROM processes WHERE pid IN (-1, 0, 634)"
	is_out "strace: pid -1 and 0 read nothing (no process has them)" <<'EOF'
proc/634/stat
EOF
else
	skip "strace: file reads" "needs strace and openat2 (Linux 5.6+)"
fi

# ---- the live host ----------------------------------------------------------

sleep 30 &
spid=$!
# Wait until the child has exec'd sleep (its comm changes from bash's).
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ "$(cat /proc/$spid/comm 2>/dev/null)" = sleep ] && break
	sleep 0.1
done

csv "SELECT pid, name, parent, cmdline, path, cwd, root, uid, euid, gid, threads FROM processes WHERE pid = $spid"
is_out "live: a sleep started here" <<EOF
pid,name,parent,cmdline,path,cwd,root,uid,euid,gid,threads
$spid,sleep,$$,sleep 30,$(readlink /proc/$spid/exe),$(readlink /proc/$spid/cwd),/,$(id -u),$(id -u),$(id -g),1
EOF

# start_time and the cpu times, computed here from /proc/stat and stat.
tck=$(getconf CLK_TCK)
btime=$(awk '$1 == "btime" { print $2 }' /proc/stat)
set -- $(cat /proc/$spid/stat)
st_ppid=$4 st_pgrp=$5 st_utime=${14} st_stime=${15} st_nice=${19} st_start=${22}
csv "SELECT start_time, user_time, system_time, pgroup, nice, on_disk, state IN ('S', 'R') AS st FROM processes WHERE pid = $spid"
is_out "live: start_time, times, pgroup, nice, on_disk and state of the sleep" <<EOF
start_time,user_time,system_time,pgroup,nice,on_disk,st
$((btime + st_start / tck)),$((st_utime * 1000 / tck)),$((st_stime * 1000 / tck)),$st_pgrp,$st_nice,1,1
EOF

ps_row=$(ps -o pid=,comm=,uid=,rss= -p $spid | awk '{ print $1 "," $2 "," $3 "," $4 * 1024 }')
csv "SELECT pid, name, uid, resident_size FROM processes WHERE pid = $spid"
is_out "live: the benchmark's columns agree with ps" <<EOF
pid,name,uid,resident_size
$ps_row
EOF

cg=$(sed -n 's/^0:://p' /proc/$spid/cgroup)
if [ -r /proc/$spid/io ]; then
	rb=$(awk '$1 == "read_bytes:" { print $2 }' /proc/$spid/io)
	wb=$(awk '$1 == "write_bytes:" { print $2 }' /proc/$spid/io)
else
	rb= wb=
fi
csv "SELECT cgroup_path, disk_bytes_read, disk_bytes_written FROM processes WHERE pid = $spid"
is_out "live: cgroup and io of the sleep" <<EOF
cgroup_path,disk_bytes_read,disk_bytes_written
$cg,$rb,$wb
EOF

csv "SELECT count(*) FROM processes WHERE name = 'vigil' AND parent = $$"
is_out "live: vigil sees itself, a child of this shell" <<'EOF'
count(*)
1
EOF

csv "SELECT p.pid, p.name, p.uid FROM processes p WHERE p.pid = (SELECT parent FROM processes WHERE name = 'vigil' AND parent = $$)"
is_out "live: vigil's parent is this shell" <<EOF
pid,name,uid
$$,$(cat /proc/$$/comm),$(awk '$1 == "Uid:" { print $2 }' /proc/$$/status)
EOF

csv "SELECT path, on_disk FROM processes WHERE name = 'vigil' AND parent = $$"
is_out "live: vigil's own executable" <<EOF
path,on_disk
$(readlink -f "$VIGIL"),1
EOF

csv "SELECT name FROM processes WHERE pid = 1"
is_out "live: pid 1" <<EOF
name
$(cat /proc/1/comm)
EOF

csv "SELECT (SELECT count(*) FROM processes WHERE pid IN ($$, $spid, 1)) AS n"
is_out "live: pid IN (...) finds each pid" <<'EOF'
n
3
EOF

if [ "$(cat /proc/2/comm 2>/dev/null)" = kthreadd ]; then
	csv "SELECT name, path, cmdline, on_disk FROM processes WHERE pid = 2"
	is_out "live: a kernel thread has empty path and cmdline" <<'EOF'
name,path,cmdline,on_disk
kthreadd,,,-1
EOF
else
	skip "live: a kernel thread" "pid 2 is not kthreadd (a pid namespace)"
fi

kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
csv "SELECT pid FROM processes WHERE pid = $spid"
is_out "live: a reaped process is gone" <<'EOF'
pid
EOF
