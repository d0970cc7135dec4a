# SPDX-License-Identifier: Apache-2.0
# suid_bin: a tree built here with setuid, setgid and both, in nested
# directories, beside symlinks (to files and to directories, which are not
# followed), a FIFO and a merged-/usr layout (/bin -> usr/bin, reported
# once); owners without a name; a mount inside the tree that the walk does
# not cross (as root, in a private mount namespace); and the live host,
# where the set of files must be the one find(1) gives for the same
# directories.
. "$TOP/tests/lib.sh"

csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

T=$TMPD/suidroot
mkdir -p "$T/etc" "$T/usr/bin" "$T/usr/sbin" "$T/usr/local/bin/deep/a/b/c" \
	"$T/usr/local/sbin" "$T/tmp" "$T/opt/hidden" "$T/usr/lib/openssh"
ln -s usr/bin "$T/bin"
ln -s usr/sbin "$T/sbin"
cat >"$T/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
EOF
cat >"$T/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
tty:x:5:
EOF
mk() { # path mode
	printf '#!/bin/sh\n' >"$T/$1"
	chmod "$2" "$T/$1"
}
mk usr/bin/passwd 4755
mk usr/bin/wall 2755
mk usr/bin/both 6755
mk usr/bin/plain 0755
mk usr/bin/sticky 1755
mk usr/sbin/unix_chkpwd 2755
mk usr/local/bin/deep/a/b/c/nested 4711
mk usr/local/sbin/notexec 4600
mk tmp/dropped 4777
mk opt/hidden/elsewhere 4755
mk usr/lib/openssh/ssh-keysign 4755
ln -s passwd "$T/usr/bin/passwd-link"
ln -s /opt/hidden "$T/usr/bin/hidden-dir"
ln -s ../../opt/hidden "$T/usr/local/bin/rel-dir"
mkfifo "$T/usr/bin/fifo"
chmod 4666 "$T/usr/bin/fifo" 2>/dev/null || true
if is_root; then
	# chown clears the setuid and setgid bits: set them again after.
	chown 4242:4343 "$T/usr/bin/wall" && chmod 2755 "$T/usr/bin/wall"
	chown 1:5 "$T/usr/bin/both" && chmod 6755 "$T/usr/bin/both"
	want_wall="4242,4343"
	want_both="daemon,tty"
else
	want_wall="$(id -un),$(id -gn)"
	want_both="$want_wall"
fi

csv --root "$T" "SELECT path, permissions FROM suid_bin ORDER BY path"
is_rc "tree: exit 0" 0
is_out "tree: setuid and setgid regular files of osquery's directories, once each" <<'EOF'
path,permissions
/tmp/dropped,S
/usr/bin/both,SG
/usr/bin/passwd,S
/usr/bin/wall,G
/usr/local/bin/deep/a/b/c/nested,S
/usr/local/sbin/notexec,S
/usr/sbin/unix_chkpwd,G
EOF

if is_root; then
	csv --root "$T" "SELECT path, username, groupname FROM suid_bin WHERE path IN ('/usr/bin/wall', '/usr/bin/both', '/usr/bin/passwd') ORDER BY path"
	is_out "tree: owner names from the tree's passwd and group, numbers without a name" <<EOF
path,username,groupname
/usr/bin/both,$want_both
/usr/bin/passwd,root,root
/usr/bin/wall,$want_wall
EOF
else
	skip "tree: owner names" "needs root to chown"
fi

# The same set as find over the same directories (find does not follow
# the /bin and /sbin links either).
(cd "$T" && find bin sbin usr/bin usr/sbin usr/local/bin usr/local/sbin tmp -xdev \
	\( -perm -4000 -o -perm -2000 \) -type f | sed 's|^|/|' | sort) >want_find
csv --root "$T" "SELECT path FROM suid_bin"
tail -n +2 "$OUT" | sort >got
ok "tree: the set find(1) finds" cmp want_find got

# Without /etc/passwd and /etc/group, names are the numbers.
rm "$T/etc/passwd" "$T/etc/group"
csv --root "$T" "SELECT username, groupname FROM suid_bin WHERE path = '/usr/bin/passwd'"
is_out "tree: no passwd or group, numbers" <<EOF
username,groupname
$(stat -c '%u,%g' "$T/usr/bin/passwd")
EOF

# Only /usr/bin, as a real directory, and no /bin link: still found.
csv --root "$T" "SELECT count(*) FROM suid_bin WHERE path LIKE '/bin/%'"
is_out "tree: nothing reported through the /bin link" <<'EOF'
count(*)
0
EOF

# A filesystem mounted inside a searched directory is not entered.
if is_root && command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
	mkdir -p "$T/usr/bin/mnt"
	unshare -m sh -c '
		mount -t tmpfs tmpfs "$1/usr/bin/mnt" || exit 1
		printf "x" >"$1/usr/bin/mnt/onmount"
		chmod 4755 "$1/usr/bin/mnt/onmount"
		"$2" query --csv --root "$1" "SELECT path FROM suid_bin WHERE path LIKE \"/usr/bin/%\" ORDER BY path"
	' sh "$T" "$VIGIL" </dev/null >"$OUT" 2>"$ERR"
	RC=$?
	sed -i 's/\r$//' "$OUT"
	is_out "tree: a mount inside /usr/bin is not crossed (-xdev)" <<'EOF'
path
/usr/bin/both
/usr/bin/passwd
/usr/bin/wall
EOF
	rmdir "$T/usr/bin/mnt"
else
	skip "tree: -xdev" "needs root and unshare -m"
fi

# A deep tree: 300 levels, walked to 128 below the start, quickly.
d="$T/usr/sbin"
for i in $(seq 300); do d="$d/d"; done
mkdir -p "$d"
printf 'x' >"$d/deepest"
chmod 4755 "$d/deepest"
d="$T/usr/sbin"
for i in $(seq 127); do d="$d/d"; done
printf 'x' >"$d/shallow"
chmod 4755 "$d/shallow"
T0=$(date +%s)
csv --root "$T" "SELECT count(*) AS n, max(length(path)) AS longest FROM suid_bin WHERE path LIKE '/usr/sbin/d/%'"
is_out "tree: 300 levels deep, walked to depth 128" <<EOF
n,longest
1,$((9 + 127 * 2 + 8))
EOF
ok "tree: a deep tree takes under 20 s" test $(($(date +%s) - T0)) -lt 20

# ---- the live host -----------------------------------------------------

# /tmp is left out of the comparison: other tests make setuid files there
# while this one runs.
dirs="/bin /sbin /usr/bin /usr/sbin /usr/local/bin /usr/local/sbin"
find $dirs -xdev \( -perm -4000 -o -perm -2000 \) -type f 2>/dev/null | sort >live_find
csv "SELECT path FROM suid_bin WHERE path NOT LIKE '/tmp/%'"
is_rc "live: exit 0" 0
tail -n +2 "$OUT" | sort >live_got
ok "live: the same files as find over osquery's directories" cmp live_find live_got
if [ -s live_find ]; then
	f=$(grep -m1 -x '/usr/bin/passwd' live_find || head -1 live_find)
	csv "SELECT username, groupname, permissions FROM suid_bin WHERE path = '$f'"
	perm=""
	[ -u "$f" ] && perm=S
	[ -g "$f" ] && perm=${perm}G
	is_out "live: $f with its owner, group and bits as stat(1) says" <<EOF
username,groupname,permissions
$(stat -c '%U,%G' "$f"),$perm
EOF
else
	skip "live: one file's owner" "no setuid file on this host"
fi
