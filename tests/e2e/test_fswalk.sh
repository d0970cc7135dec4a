# SPDX-License-Identifier: Apache-2.0
# The whole-filesystem tables (world_writable, unowned_files, setid_files,
# capability_files, fswalk_info) on a tree built here, walked through
# --root: exact rows of each; symlinked directories and loops not
# entered; one walk a process however many tables a query reads (checked
# with strace: each directory opened once); the default scope against
# --deep and `deep = 1` (as root, with tmpfs, ramfs and proc mounted inside
# the tree in a private mount namespace); /root left out of the default
# scope while root's and closed to others; and the live host's /usr against
# find(1) and getcap(8).
. "${TOP:?}/tests/lib.sh" || exit 1

csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

me=$(id -u)
mg=$(id -g)
T=$TMPD/root
mkdir -p "$T/etc" "$T/usr/bin" "$T/usr/lib/helper" "$T/var/spool/open" \
	"$T/home/alice" "$T/data" "$T/dev/shm" "$T/tmp"
{
	echo 'root:x:0:0:root:/root:/bin/sh'
	echo 'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin'
	[ "$me" -gt 1 ] && echo "me:x:$me:$mg::/home/alice:/bin/sh"
} >"$T/etc/passwd"
{
	echo 'root:x:0:'
	echo 'daemon:x:1:'
	echo 'tty:x:5:'
	[ "$mg" -gt 5 ] && echo "me:x:$mg:"
} >"$T/etc/group"
mk() { # path mode
	printf 'x' >"$T/$1"
	chmod "$2" "$T/$1"
}
mk usr/bin/su 4755
mk usr/bin/wall 2755
mk usr/bin/both 6755
mk usr/bin/plain 0755
mk usr/bin/ping 0755
mk usr/lib/noexec 0644
mk usr/lib/helper/keysign 4711
mk tmp/drop 0666
mk dev/null 0666
mk data/extra 4755
chmod 1777 "$T/tmp" "$T/dev/shm"
chmod 0777 "$T/var/spool/open"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
	"$T/var/spool/open/sock"
chmod 0777 "$T/var/spool/open/sock"
ln -s usr/bin "$T/bin"
ln -s ../usr/lib "$T/var/lnk"
ln -s loop "$T/var/loop"
name() { # uid -> name in the tree's passwd
	case $1 in 0) echo root ;; 1) echo daemon ;; *) echo me ;; esac
}
gname() {
	case $1 in 0) echo root ;; 1) echo daemon ;; 5) echo tty ;; *) echo me ;; esac
}
caps=no
if is_root; then
	# chown clears the setuid and setgid bits: set them again after.
	chown 1:5 "$T/usr/bin/both" && chmod 6755 "$T/usr/bin/both"
	mk home/alice/orphan 0644
	chown 4242:4343 "$T/home/alice/orphan"
	mk home/alice/nogroup 0644
	chown 0:4343 "$T/home/alice/nogroup"
	ln -s nowhere "$T/home/alice/dangling"
	chown -h 4242:0 "$T/home/alice/dangling"
	# cap_net_raw+ep, revision 2, on an executable and on a plain file.
	if python3 - "$T/usr/bin/ping" "$T/usr/lib/noexec" <<'PY' 2>/dev/null
import os, sys
v = bytes([1, 0, 0, 2, 0, 0x20, 0, 0]) + bytes(12)
for p in sys.argv[1:]:
    os.setxattr(p, "security.capability", v)
PY
	then caps=yes; fi
fi
both_u=$(stat -c %u "$T/usr/bin/both")
both_g=$(stat -c %g "$T/usr/bin/both")

# ---- exact rows ----------------------------------------------------------

csv --root "$T" "SELECT * FROM world_writable"
is_rc "world_writable: exit 0" 0
is_out "world_writable: rows" <<EOF
path,type,mode,uid,gid,sticky
/dev/shm,directory,1777,$me,$mg,1
/tmp,directory,1777,$me,$mg,1
/tmp/drop,regular,0666,$me,$mg,0
/var/spool/open,directory,0777,$me,$mg,0
/var/spool/open/sock,socket,0777,$me,$mg,0
EOF

csv --root "$T" "SELECT * FROM setid_files"
is_out "setid_files: rows, /bin -> usr/bin once, not through var/lnk" <<EOF
path,uid,gid,mode,setuid,setgid,username,groupname
/usr/bin/both,$both_u,$both_g,6755,1,1,$(name "$both_u"),$(gname "$both_g")
/usr/bin/su,$me,$mg,4755,1,0,$(name "$me"),$(gname "$mg")
/usr/bin/wall,$me,$mg,2755,0,1,$(name "$me"),$(gname "$mg")
/usr/lib/helper/keysign,$me,$mg,4711,1,0,$(name "$me"),$(gname "$mg")
EOF

csv --root "$T" "SELECT * FROM unowned_files"
if is_root; then
	is_out "unowned_files: rows (a symlink too)" <<'EOF'
path,type,uid,gid,no_user,no_group
/home/alice/dangling,symlink,4242,0,1,0
/home/alice/nogroup,regular,0,4343,0,1
/home/alice/orphan,regular,4242,4343,1,1
EOF
else
	is_out "unowned_files: none" <<'EOF'
path,type,uid,gid,no_user,no_group
EOF
fi

csv --root "$T" "SELECT * FROM capability_files"
if [ "$caps" = yes ]; then
	is_out "capability_files: the executable only" <<'EOF'
path,permitted,permitted_names,inheritable,inheritable_names,effective,rootid,revision
/usr/bin/ping,0000000000002000,cap_net_raw,0000000000000000,,1,,2
EOF
else
	skip "capability_files: rows" "needs root to set security.capability"
fi

starts="dev/shm etc home tmp usr var"
entries=$(cd "$T" && find $starts | wc -l)
dirs=$(cd "$T" && find $starts -type d | wc -l)
csv --root "$T" "SELECT scope, deep, root, entries, directories, skipped_mounts, incomplete, elapsed_ms >= 0 AS timed FROM fswalk_info"
is_out "fswalk_info: the default scope, every entry find sees" <<EOF
scope,deep,root,entries,directories,skipped_mounts,incomplete,timed
"/dev/shm,/etc,/home,/tmp,/usr,/var",0,$T,$entries,$dirs,0,0,1
EOF

# Deep: / without its /dev, and /dev/shm; /data is walked now.
csv --root "$T" "SELECT path FROM setid_files WHERE deep = 1"
is_out "setid_files deep = 1: /data too" <<'EOF'
path
/data/extra
/usr/bin/both
/usr/bin/su
/usr/bin/wall
/usr/lib/helper/keysign
EOF
csv --root "$T" "SELECT path FROM world_writable WHERE deep = 1"
is_out "world_writable deep = 1: not /dev/null" <<'EOF'
path
/dev/shm
/tmp
/tmp/drop
/var/spool/open
/var/spool/open/sock
EOF
csv --root "$T" "SELECT scope, deep FROM fswalk_info WHERE deep IN (0, 1) ORDER BY deep"
is_out "fswalk_info: both scopes in one query" <<'EOF'
scope,deep
"/dev/shm,/etc,/home,/tmp,/usr,/var",0
"/,/dev/shm",1
EOF

# audit --deep sets the scope for every check.
cat >pack.json <<'EOF'
{ "checks": [ { "id": "FSW-1", "title": "scope", "severity": "low",
  "query": "SELECT scope, deep FROM fswalk_info" } ] }
EOF
chmod 600 pack.json
for mode in "" --deep; do
	run audit --root "$T" --no-builtin --pack pack.json --format json $mode
	python3 -c 'import json, sys
e = json.load(open(sys.argv[1]))["results"][0]["evidence"][0]
print("%s %s" % (e["scope"], e["deep"]))' "$OUT" >scope.out 2>&1
	want="/dev/shm,/etc,/home,/tmp,/usr,/var 0"
	[ -n "$mode" ] && want="/,/dev/shm 1"
	ok "audit ${mode:-(default)}: fswalk_info says the scope" grep -qxF "$want" scope.out
done

# ---- /root: left out of the default scope while private --------------------

R=$TMPD/private
mkdir -p "$R/etc" "$R/root/bin" "$R/usr"
cp "$T/etc/passwd" "$T/etc/group" "$R/etc/"
printf x >"$R/root/bin/tool" && chmod 4755 "$R/root/bin/tool"
printf x >"$R/usr/su" && chmod 4755 "$R/usr/su"
chmod 0700 "$R/root"
q="SELECT (SELECT scope FROM fswalk_info) AS scope,
	(SELECT group_concat(path, ' ') FROM setid_files) AS found,
	(SELECT group_concat(path, ' ') FROM setid_files WHERE deep = 1) AS deep"
if is_root; then
	csv --root "$R" "$q"
	is_out "/root 0700 and root's: not walked by default, walked deep" <<'EOF'
scope,found,deep
"/etc,/usr",/usr/su,/root/bin/tool /usr/su
EOF
else
	skip "/root 0700 and root's: not walked by default" "needs root to own the tree"
fi
chmod 0711 "$R/root"
csv --root "$R" "$q"
is_out "/root others may search: walked by default" <<'EOF'
scope,found,deep
"/etc,/root,/usr",/root/bin/tool /usr/su,/root/bin/tool /usr/su
EOF

# ---- one walk a process --------------------------------------------------

if traces_openat2; then
	q="SELECT (SELECT count(*) FROM world_writable) + (SELECT count(*) FROM unowned_files)
	   + (SELECT count(*) FROM capability_files) + (SELECT count(*) FROM fswalk_info)
	   + (SELECT count(*) FROM setid_files s JOIN world_writable w JOIN fswalk_info i
	      JOIN setid_files s2 ON s2.path = s.path) AS n"
	strace -f -qq -e trace=openat,openat2 -e signal=none -o trace.txt \
		"$VIGIL" query --csv --root "$T" "$q" >/dev/null 2>&1
	# Walk opens: relative, O_NOFOLLOW; start opens: openat2 in the root.
	for d in bin lib helper spool open alice; do
		grep -v O_PATH trace.txt |
			grep -c "^[0-9]* *openat([0-9]*, \"$d\", .*O_NOFOLLOW.*O_DIRECTORY"
	done | tr '\n' ' ' >walk.count
	# Starts are looked up O_PATH in the root, then opened as ".".
	for d in bin dev/shm etc home tmp usr var; do
		grep -c "^[0-9]* *openat2([0-9]*, \"$d\", {flags=[^}]*O_PATH" trace.txt
	done | tr '\n' ' ' >start.count
	ok "strace: each directory below a start opened once" \
		grep -qx '1 1 1 1 1 1 ' walk.count
	ok "strace: each start looked up once" grep -qx '1 1 1 1 1 1 1 ' start.count
	ok "strace: each start but the /bin link opened once" test \
		"$(grep -c ' openat([0-9]*, "\.", .*O_DIRECTORY' trace.txt)" -eq 6
	ok "strace: no directory opened twice by the walk" test \
		"$(grep -c ' openat(.*O_NOFOLLOW.*O_DIRECTORY' trace.txt)" -eq 6
else
	skip "strace: one walk a process" "needs strace and openat2 (Linux 5.6+)"
fi

# ---- mounts: default scope against deep ------------------------------------

if is_root && command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
	mkdir -p "$T/var/cache" "$T/usr/ram" "$T/usr/procfs"
	cat >mounts.sh <<'SH'
T=$1 V=$2
mount -t tmpfs tmpfs "$T/data" || exit 1
mount -t tmpfs tmpfs "$T/var/cache" || exit 1
mount -t ramfs ramfs "$T/usr/ram" || exit 1
mount -t proc proc "$T/usr/procfs" || exit 1
for f in data/on-tmpfs var/cache/on-tmpfs usr/ram/on-ramfs; do
	printf x >"$T/$f" && chmod 4755 "$T/$f"
done
for deep in 0 1; do
	"$V" query --csv --root "$T" "SELECT path FROM setid_files WHERE deep = $deep AND path LIKE '%on-%'"
	"$V" query --csv --root "$T" "SELECT skipped_mounts FROM fswalk_info WHERE deep = $deep"
done
"$V" query --csv --root "$T" "SELECT count(*) AS n FROM world_writable WHERE deep = 1 AND path LIKE '/usr/procfs/%'"
SH
	# A private mount namespace: the mounts vanish with it.
	unshare -m --propagation private sh mounts.sh "$T" "$VIGIL" </dev/null >"$OUT" 2>"$ERR"
	RC=$?
	sed -i 's/\r$//' "$OUT"
	is_rc "mounts: exit 0" 0
	is_out "mounts: default enters tmpfs only; deep every local one; proc never" <<'EOF'
path
/var/cache/on-tmpfs
skipped_mounts
2
path
/data/on-tmpfs
/usr/ram/on-ramfs
/var/cache/on-tmpfs
skipped_mounts
1
n
0
EOF
	rmdir "$T/var/cache" "$T/usr/ram" "$T/usr/procfs"
else
	skip "mounts: default against deep" "needs root and unshare -m"
fi

# ---- the live host: /usr against find(1) and getcap(8) ----------------------

find /usr -xdev -type f -perm /6000 2>/dev/null | sort >live_find
csv "SELECT path FROM setid_files WHERE path LIKE '/usr/%'"
is_rc "live: exit 0" 0
tail -n +2 "$OUT" | sort >live_got
ok "live: setid_files under /usr are find's -perm /6000 -type f" cmp live_find live_got

find /usr -xdev ! -type l -perm -0002 2>/dev/null | sort >live_ww
csv "SELECT path FROM world_writable WHERE path LIKE '/usr/%'"
tail -n +2 "$OUT" | sort >live_wwgot
ok "live: world_writable under /usr is find's -perm -0002" cmp live_ww live_wwgot

if command -v getcap >/dev/null; then
	# getcap prints "path caps"; only executables are vigil's rows.
	getcap -r /usr 2>/dev/null | awk '{print $1}' | while read -r f; do
		[ $((0$(stat -c %a "$f") & 0111)) -ne 0 ] && echo "$f"
	done | sort >live_caps
	csv "SELECT path FROM capability_files WHERE path LIKE '/usr/%'"
	tail -n +2 "$OUT" | sort >live_capsgot
	ok "live: capability_files under /usr are getcap -r's executables" \
		cmp live_caps live_capsgot
else
	skip "live: capabilities" "getcap is not installed"
fi
