# SPDX-License-Identifier: Apache-2.0
# file_lines and sysctl.  file_lines: the debian12 fixture's
# /etc/modprobe.d (LIKE '%.conf', =, IN, a policy-style query, SELECT *
# leaving the hidden line_number out, the required-constraint error);
# a tree built here (CRLF, no final newline, an empty file, a binary
# file, a NUL past the binary probe, a FIFO that must not hang, a
# directory, a 1 MiB + 10 byte line, a 70 MiB file cut at 64 MiB, the
# same rows whether a query reads the lines or only counts them, and as
# root, symbolic links owned by another user); and the live host (a file
# written here, count(*) against wc -l).  sysctl: the fixture's
# /proc/sys exact (a VLAN interface's dotted name written with '/'),
# lookups by name, names that would climb out of /proc/sys; and the live
# host against sysctl(8): kernel.ostype, every name `sysctl -a` prints
# present, and the values equal wherever two runs of sysctl agree.
. "$TOP/tests/lib.sh"

csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

F="--root $FIX/debian12"

# ---------------------------------------------------------------- fixture

csv $F "SELECT path, line_number, line FROM file_lines
	WHERE path LIKE '/etc/modprobe.d/%.conf' ORDER BY path, line_number"
is_rc "file_lines: LIKE exits 0" 0
is_out "file_lines: LIKE '/etc/modprobe.d/%.conf', README left out" <<'EOF'
path,line_number,line
/etc/modprobe.d/blacklist.conf,1,# Modules the system never loads automatically.
/etc/modprobe.d/blacklist.conf,2,blacklist pcspkr
/etc/modprobe.d/blacklist.conf,3,blacklist floppy
/etc/modprobe.d/cis.conf,1,# CIS 1.1.1: unused filesystems and USB storage
/etc/modprobe.d/cis.conf,2,install cramfs /bin/false
/etc/modprobe.d/cis.conf,3,install freevxfs /bin/false
/etc/modprobe.d/cis.conf,4,
/etc/modprobe.d/cis.conf,5,install usb-storage /bin/true
/etc/modprobe.d/sound.conf,1,options snd-hda-intel power_save=1
EOF

csv $F "SELECT * FROM file_lines WHERE path = '/etc/modprobe.d/blacklist.conf'"
is_out "file_lines: SELECT * is path and line (line_number hidden)" <<'EOF'
path,line
/etc/modprobe.d/blacklist.conf,# Modules the system never loads automatically.
/etc/modprobe.d/blacklist.conf,blacklist pcspkr
/etc/modprobe.d/blacklist.conf,blacklist floppy
EOF

csv $F "SELECT path, count(*) AS n FROM file_lines
	WHERE path IN ('/etc/modprobe.d/cis.conf', '/etc/modprobe.d/sound.conf',
	               '/etc/modprobe.d/missing.conf') GROUP BY path"
is_out "file_lines: IN, a missing file gives no row" <<'EOF'
path,n
/etc/modprobe.d/cis.conf,5
/etc/modprobe.d/sound.conf,1
EOF

csv $F "SELECT count(*) AS disabled FROM file_lines
	WHERE path LIKE '/etc/modprobe.d/%.conf'
	  AND line LIKE 'install usb-storage /bin/true'"
is_out "file_lines: a policy-style query" <<'EOF'
disabled
1
EOF

run $F query "SELECT * FROM file_lines"
is_rc "file_lines: no path exits 1" 1
is_err "file_lines: no path is the required-constraint error" <<'EOF'
vigil: query failed: table file_lines requires a constraint on path
EOF

# ---------------------------------------------------------------- tree

T=$TMPD/root
mkdir -p "$T/d/sub" "$T/home/u"
printf 'one\r\ntwo\r\n\r\nthree\r\n' >"$T/d/crlf.txt"
printf 'alpha\nbeta' >"$T/d/nonl.txt"
: >"$T/d/empty.txt"
printf 'text\n\000binary\n' >"$T/d/binary.dat"
printf 'deep\n' >"$T/d/sub/deep.txt"
mkfifo "$T/d/fifo"
R="--root $T"

csv $R "SELECT line_number, line FROM file_lines WHERE path = '/d/crlf.txt'"
is_out "file_lines: CRLF lines lose the CR" <<'EOF'
line_number,line
1,one
2,two
3,
4,three
EOF

csv $R "SELECT line FROM file_lines WHERE path = '/d/nonl.txt'"
is_out "file_lines: a last line without newline still counts" <<'EOF'
line
alpha
beta
EOF

csv $R "SELECT count(*) AS n FROM file_lines
	WHERE path IN ('/d/empty.txt', '/d/binary.dat', '/d', '/d/sub',
	               'd/crlf.txt', '/nowhere')"
is_out "file_lines: empty, binary, directory, relative, missing: no row" <<'EOF'
n
0
EOF

# A FIFO with no writer would block a plain open(); the query must not.
csv $R "SELECT count(*) AS n FROM file_lines WHERE path = '/d/fifo'"
is_rc "file_lines: a FIFO exits 0 (no hang)" 0
is_out "file_lines: a FIFO gives no row" <<'EOF'
n
0
EOF

csv $R "SELECT path, line FROM file_lines WHERE path LIKE '/d/%%'
	ORDER BY path, line_number"
is_out "file_lines: LIKE '%%' reads every text file below, no FIFO" <<'EOF'
path,line
/d/crlf.txt,one
/d/crlf.txt,two
/d/crlf.txt,
/d/crlf.txt,three
/d/nonl.txt,alpha
/d/nonl.txt,beta
/d/sub/deep.txt,deep
EOF

# Equal lines stay two rows when SQLite merges the two scans of an OR.
printf 'same\nsame\n' >"$T/d/dup.txt"
csv $R "SELECT count(*) AS n FROM file_lines
	WHERE path LIKE '/d/dup%' OR path LIKE '/d/nonl%'"
is_out "file_lines: equal lines survive an OR of two LIKEs" <<'EOF'
n
4
EOF

# A NUL after the first 8 KiB: the file is text, read whole.
{ head -c 9000 /dev/zero | tr '\0' 'x'; printf '\nafter\000nul\nlast\n'; } \
	>"$T/d/latenul.txt"
csv $R "SELECT count(*) AS n, max(length(line)) AS longest FROM file_lines
	WHERE path = '/d/latenul.txt'"
is_out "file_lines: a NUL past the first 8 KiB does not make it binary" <<'EOF'
n,longest
3,9000
EOF

# One line of 1 MiB + 10 bytes: cut to 1 MiB, its rest skipped.
{ head -c 1048586 /dev/zero | tr '\0' 'y'; printf '\nafter\n'; } >"$T/d/long.txt"
csv $R "SELECT line_number, length(line) AS len, substr(line, 1, 5) AS head
	FROM file_lines WHERE path = '/d/long.txt'"
is_out "file_lines: a line over 1 MiB is cut to 1 MiB" <<'EOF'
line_number,len,head
1,1048576,yyyyy
2,5,after
EOF

# 70 MiB of 100-byte lines: the first 64 MiB hold 671088 whole lines and
# 64 bytes of the next, which are dropped.
yes "$(printf '%099d' 7)" | head -c $((70 << 20)) >"$T/d/huge.txt"
csv $R "SELECT count(*) AS n, max(line_number) AS last,
	min(length(line)) AS shortest FROM file_lines WHERE path = '/d/huge.txt'"
is_rc "file_lines: a 70 MiB file exits 0" 0
is_out "file_lines: a 70 MiB file stops at 64 MiB, whole lines only" <<'EOF'
n,last,shortest
671088,671088,99
EOF
# Without `line` the lines are counted, not cut: the same rows.
csv $R "SELECT count(*) AS n, max(line_number) AS last FROM file_lines
	WHERE path = '/d/huge.txt'"
is_out "file_lines: counted, a 70 MiB file stops at the same line" <<'EOF'
n,last
671088,671088
EOF
rm -f "$T/d/huge.txt"

# Every file so far: its lines counted (the query reads no `line`), then
# cut (it does): the same rows either way.
want='f,n,s
crlf.txt,4,10
dup.txt,2,3
latenul.txt,3,6
long.txt,2,3
nonl.txt,2,3
sub/deep.txt,1,1'
csv $R "SELECT substr(path, 4) AS f, count(*) AS n, sum(line_number) AS s
	FROM file_lines WHERE path LIKE '/d/%%' GROUP BY path ORDER BY path"
is_out "file_lines: lines counted, no text read" <<<"$want"
csv $R "SELECT substr(path, 4) AS f, count(line) AS n, sum(line_number) AS s
	FROM file_lines WHERE path LIKE '/d/%%' GROUP BY path ORDER BY path"
is_out "file_lines: the same lines cut, text read" <<<"$want"

# Links of the file's owner: relative with "..", absolute (inside the
# root), a chain through a linked directory; a loop and a dangling link.
mkdir -p "$T/l/in"
ln -s ../../d/crlf.txt "$T/l/in/rel"
ln -s /d/nonl.txt "$T/l/abs"
ln -s /d/sub "$T/l/subdir"
ln -s ../subdir/deep.txt "$T/l/in/chain"
ln -s loop "$T/l/loop"
ln -s /nowhere "$T/l/dangling"
csv $R "SELECT path, count(*) AS n FROM file_lines
	WHERE path IN ('/l/in/rel', '/l/abs', '/l/in/chain', '/l/subdir/deep.txt',
	               '/l/loop', '/l/dangling', '/l/in/../abs', '/')
	GROUP BY path ORDER BY path"
is_out "file_lines: links resolved inside the root; loops and dangling none" <<'EOF'
path,n
/l/abs,2
/l/in/../abs,2
/l/in/chain,1
/l/in/rel,4
/l/subdir/deep.txt,1
EOF

# Symbolic links: followed when root or the file's owner owns every one.
if is_root && id nobody >/dev/null 2>&1; then
	printf 'root:$6$secret:19000:0:99999:7:::\n' >"$T/shadow"
	chmod 0600 "$T/shadow"
	printf 'export EDITOR=vi\n' >"$T/home/u/dotfile"
	chown -R nobody "$T/home/u"
	ln -s /shadow "$T/home/u/evil"
	ln -s dotfile "$T/home/u/mine"
	ln -s /home/u/evil "$T/rootlink"
	ln -s /shadow "$T/shadowlink"
	chown -h nobody "$T/home/u/evil" "$T/home/u/mine"
	# A user's directory, reached through a root-owned link to it.
	ln -s /home/u "$T/homelink"
	csv $R "SELECT path, line FROM file_lines
		WHERE path IN ('/home/u/evil', '/home/u/mine', '/rootlink',
		               '/shadowlink', '/homelink/mine', '/homelink/evil')
		ORDER BY path"
	is_out "file_lines: a user's link to root's file is not followed" <<'EOF'
path,line
/home/u/mine,export EDITOR=vi
/homelink/mine,export EDITOR=vi
/shadowlink,root:$6$secret:19000:0:99999:7:::
EOF
else
	skip "file_lines: a user's link to root's file is not followed" \
		"needs root and the nobody user"
fi

# ---------------------------------------------------------------- live

printf 'first line\n\tindented\nlast, with comma\n' >"$TMPD/live.txt"
csv "SELECT line_number, line FROM file_lines WHERE path = '$TMPD/live.txt'"
is_out "file_lines: live, a file written here" <<'EOF'
line_number,line
1,first line
2,	indented
3,"last, with comma"
EOF

# Rows come from the table in batches of 256: a file of 1000 lines, one of
# 300 and one of 3 read through one pattern cross batch boundaries inside
# files and between them, and every line arrives once, in order.
mkdir "$TMPD/many"
seq 1 1000 | sed 's/^/line /' >"$TMPD/many/a.txt"
seq 1 300 | sed 's/^/row /' >"$TMPD/many/b.txt"
printf 'x\ny\nz\n' >"$TMPD/many/c.txt"
csv "SELECT substr(path, -5) AS f, count(*) AS n, sum(line_number) AS s,
	min(line_number) AS lo, max(line_number) AS hi,
	count(DISTINCT line) AS d FROM file_lines
	WHERE path LIKE '$TMPD/many/%.txt' GROUP BY path ORDER BY path"
is_out "file_lines: 1,303 lines over three files, in batches" <<'EOF'
f,n,s,lo,hi,d
a.txt,1000,500500,1,1000,1000
b.txt,300,45150,1,300,300
c.txt,3,6,1,3,3
EOF
csv "SELECT group_concat(line, ';') AS l FROM file_lines
	WHERE path LIKE '$TMPD/many/%.txt'
	  AND line_number IN (255, 256, 257, 258, 300)"
is_out "file_lines: the lines either side of a batch boundary" <<'EOF'
l
line 255;line 256;line 257;line 258;line 300;row 255;row 256;row 257;row 258;row 300
EOF
csv "SELECT line FROM file_lines WHERE path = '$TMPD/many/a.txt' LIMIT 2"
is_out "file_lines: LIMIT stops the scan early" <<'EOF'
line
line 1
line 2
EOF

for f in /var/lib/dpkg/status /etc/services "$TMPD/live.txt"; do
	[ -r "$f" ] || continue
	csv "SELECT count(*) FROM file_lines WHERE path = '$f'"
	want=$(wc -l <"$f")
	ok "file_lines: count(*) of $f is wc -l ($want)" \
		test "$(tail -n 1 "$OUT")" = "$want"
done

# ---------------------------------------------------------------- sysctl

csv $F "SELECT name, replace(value, char(9), '<TAB>') AS value FROM sysctl
	ORDER BY name"
is_rc "sysctl: fixture exits 0" 0
is_out "sysctl: the fixture's /proc/sys, named as sysctl -a names them" <<'EOF'
name,value
fs.protected_hardlinks,1
fs.protected_symlinks,1
fs.suid_dumpable,0
kernel.arch,x86_64
kernel.dmesg_restrict,1
kernel.hostname,debian12
kernel.kptr_restrict,0
kernel.osrelease,6.1.0-13-amd64
kernel.ostype,Linux
kernel.printk,4<TAB>4<TAB>1<TAB>7
kernel.randomize_va_space,2
kernel.yama.ptrace_scope,1
net.ipv4.conf.all.accept_redirects,1
net.ipv4.conf.all.rp_filter,0
net.ipv4.conf.default.rp_filter,2
net.ipv4.conf.eth0/100.rp_filter,2
net.ipv4.ip_forward,0
net.ipv4.tcp_syncookies,1
vm.swappiness,60
EOF

csv $F "SELECT name, value FROM sysctl WHERE name IN
	('net.ipv4.conf.eth0/100.rp_filter', 'net.ipv4.conf.eth0.100.rp_filter',
	 'kernel.ostype', 'kernel', 'kernel.', '.kernel.ostype', 'no.such')
	ORDER BY name"
is_out "sysctl: name = reads one entry; a directory or a bad name none" <<'EOF'
name,value
kernel.ostype,Linux
net.ipv4.conf.eth0/100.rp_filter,2
EOF

# "//.//.etc.passwd" is "../../etc/passwd" in sysctl's notation.
csv $F "SELECT count(*) AS n FROM sysctl WHERE name IN ('//.//.etc.passwd',
	'kernel.//.//.//.etc.passwd', 'kernel./.ostype', '/.kernel.ostype')"
is_out "sysctl: a name cannot climb out of /proc/sys" <<'EOF'
n
0
EOF

csv "SELECT value FROM sysctl WHERE name = 'kernel.ostype'"
is_out "sysctl: live kernel.ostype" <<'EOF'
value
Linux
EOF

if command -v sysctl >/dev/null 2>&1 && [ -d /proc/sys/kernel ]; then
	sysctl -a >sysctl1.txt 2>/dev/null
	run query --json "SELECT name, value FROM sysctl"
	cp "$OUT" vigil.json
	sysctl -a >sysctl2.txt 2>/dev/null
	ok "sysctl: every name sysctl -a prints, and its value where stable" \
		python3 - sysctl1.txt sysctl2.txt vigil.json <<'PY'
import json, sys

def read(path):
    out = {}
    for line in open(path, encoding="utf-8", errors="surrogateescape"):
        name, sep, value = line.rstrip("\n").partition(" = ")
        if sep:
            out.setdefault(name, []).append(value)
    return out

a, b = read(sys.argv[1]), read(sys.argv[2])
mine = {r["name"]: r["value"] for r in json.load(open(sys.argv[3]))}
# Counts that include the reader's own open files and inodes.
mine_own = ("fs.file-nr", "fs.inode-nr", "fs.inode-state", "fs.dentry-state")
bad = []
for name in a:
    if name not in mine:
        bad.append("missing " + name)
    elif name in mine_own:
        continue
    elif a[name] == b.get(name) and mine[name].split("\n") != a[name]:
        bad.append("value of %s: %r, sysctl says %r" % (name, mine[name], a[name]))
# What sysctl -a leaves out of what it can read: deprecated names,
# vm.stat_refresh, and empty values (it prints nothing for them).
for name in mine:
    if name in a or name in b or mine[name] == "":
        continue
    if name.endswith((".base_reachable_time", ".retrans_time")):
        continue
    bad.append("extra " + name)
print("\n".join(bad[:20]))
sys.exit(1 if bad else 0)
PY
else
	skip "sysctl: every name sysctl -a prints, and its value where stable" \
		"no sysctl(8) or /proc/sys"
fi
