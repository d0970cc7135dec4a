# SPDX-License-Identifier: Apache-2.0
# file and hash: a tree built here at run time (exact modes with chmod,
# exact times with touch -d, links to a file, a directory, an absolute
# target inside the root and nowhere, a fifo, a hard link, a dot file and a
# subdirectory tree) read with --root; path = , directory = , IN, LIKE one
# level and %% recursive, directory LIKE, ANDed constraints without
# duplicate rows, no match and a missing path (no rows, exit 0), the
# required-constraint error; digests checked against md5sum, sha1sum and
# sha256sum; a fifo that must not hang the query; a file past the size cap
# (NULL digests); the shared debian12 fixture (srv/ and etc/ssh/); and the
# live host (no --root) checked against stat(1) and sha256sum.
. "$TOP/tests/lib.sh"

# CSV lines end in CRLF; strip the CR so heredocs can hold the rows.
csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

T=$TMPD/root
mkdir -p "$T/d/sub/deeper" "$T/d/sticky" "$T/big"
printf 'hello\n' >"$T/d/plain"
printf 'top secret\n' >"$T/d/secret"
printf '#!/bin/sh\necho suid\n' >"$T/d/suid"
printf 'group\n' >"$T/d/sgid"
printf 'dot\n' >"$T/d/.hidden"
printf 'a\n' >"$T/d/sub/a.txt"
printf 'b\n' >"$T/d/sub/deeper/b.txt"
: >"$T/d/sub/empty"
ln "$T/d/plain" "$T/d/hard"
ln -s plain "$T/d/link"
ln -s sub "$T/d/dirlink"
ln -s /d/sub/a.txt "$T/d/abslink"
ln -s /nowhere "$T/d/dangling"
mkfifo "$T/d/fifo"
truncate -s 513M "$T/big/sparse"
chmod 0644 "$T/d/plain" "$T/d/.hidden" "$T/d/sub/a.txt" "$T/d/sub/deeper/b.txt" \
	"$T/d/sub/empty" "$T/d/fifo"
chmod 0600 "$T/d/secret"
chmod 4755 "$T/d/suid"
chmod 2750 "$T/d/sgid"
chmod 1777 "$T/d/sticky"
chmod 0755 "$T/d" "$T/d/sub" "$T/d/sub/deeper"
# Every mtime exact, links' own included, directories last.
find "$T" -depth -exec touch -h -d '2024-01-02 03:04:05 UTC' {} +
M=1704164645
R="--root $T"

# Sizes and link counts of directories depend on the filesystem: leave
# them out.
COLS="path, directory, filename, mode,
	CASE WHEN type = 'directory' THEN '-' ELSE size END AS size, type,
	symlink, symlink_target_path, mtime = $M AS mtime_ok,
	CASE WHEN type = 'directory' THEN '-' ELSE hard_links END AS links"

csv $R "SELECT $COLS FROM file WHERE path LIKE '/d/%' ORDER BY path"
is_rc "file: LIKE one level exits 0" 0
is_out "file: LIKE '/d/%' is one level, dot files included" <<'EOF'
path,directory,filename,mode,size,type,symlink,symlink_target_path,mtime_ok,links
/d/.hidden,/d,.hidden,0644,4,regular,0,,1,1
/d/abslink,/d,abslink,0644,2,regular,1,/d/sub/a.txt,1,1
/d/dangling,/d,dangling,0777,8,symlink,1,/nowhere,1,1
/d/dirlink,/d,dirlink,0755,-,directory,1,/d/sub,1,-
/d/fifo,/d,fifo,0644,0,fifo,0,,1,1
/d/hard,/d,hard,0644,6,regular,0,,1,2
/d/link,/d,link,0644,6,regular,1,/d/plain,1,2
/d/plain,/d,plain,0644,6,regular,0,,1,2
/d/secret,/d,secret,0600,11,regular,0,,1,1
/d/sgid,/d,sgid,2750,6,regular,0,,1,1
/d/sticky,/d,sticky,1777,-,directory,0,,1,-
/d/sub,/d,sub,0755,-,directory,0,,1,-
/d/suid,/d,suid,4755,20,regular,0,,1,1
EOF

csv $R "SELECT path FROM file WHERE path LIKE '/d/%%'"
is_out "file: LIKE '/d/%%' recurses, links not entered, sorted" <<'EOF'
path
/d/.hidden
/d/abslink
/d/dangling
/d/dirlink
/d/fifo
/d/hard
/d/link
/d/plain
/d/secret
/d/sgid
/d/sticky
/d/sub
/d/sub/a.txt
/d/sub/deeper
/d/sub/deeper/b.txt
/d/sub/empty
/d/suid
EOF

csv $R "SELECT path FROM file WHERE path LIKE '/d/%%/%.txt'"
is_out "file: %% in the middle" <<'EOF'
path
/d/sub/a.txt
/d/sub/deeper/b.txt
EOF

csv $R "SELECT path, directory, filename FROM file WHERE directory = '/d/sub'"
is_out "file: directory = lists one level, not the directory itself" <<'EOF'
path,directory,filename
/d/sub/a.txt,/d/sub,a.txt
/d/sub/deeper,/d/sub,deeper
/d/sub/empty,/d/sub,empty
EOF

csv $R "SELECT path, directory FROM file WHERE directory = '/d/sub/'"
is_out "file: directory = keeps the value as given" <<'EOF'
path,directory
/d/sub/a.txt,/d/sub/
/d/sub/deeper,/d/sub/
/d/sub/empty,/d/sub/
EOF

csv $R "SELECT path, directory FROM file WHERE directory = '/d/dirlink'"
is_out "file: directory = through a link" <<'EOF'
path,directory
/d/dirlink/a.txt,/d/dirlink
/d/dirlink/deeper,/d/dirlink
/d/dirlink/empty,/d/dirlink
EOF

csv $R "SELECT path, directory FROM file WHERE directory LIKE '/d/s%'"
is_out "file: directory LIKE lists each matching directory" <<'EOF'
path,directory
/d/sub/a.txt,/d/sub
/d/sub/deeper,/d/sub
/d/sub/empty,/d/sub
EOF

csv $R "SELECT path, mode, type FROM file WHERE path = '/d/suid'"
is_out "file: path =" <<'EOF'
path,mode,type
/d/suid,4755,regular
EOF

csv $R "SELECT path FROM file WHERE path IN ('/d/plain', '/d/secret', '/d/nope')"
is_out "file: path IN" <<'EOF'
path
/d/plain
/d/secret
EOF

csv $R "SELECT path FROM file WHERE path LIKE '/d/%' AND path LIKE '/d/s%'
	AND directory = '/d'"
is_out "file: ANDed constraints give each row once" <<'EOF'
path
/d/secret
/d/sgid
/d/sticky
/d/sub
/d/suid
EOF

csv $R "SELECT path, directory, filename, type FROM file WHERE path = '/'"
is_out "file: the root" <<'EOF'
path,directory,filename,type
/,,/,directory
EOF

csv $R "SELECT path FROM file WHERE path LIKE '/d/%.nomatch'"
is_rc "file: LIKE without a match exits 0" 0
is_out "file: LIKE without a match has no rows" <<'EOF'
path
EOF

csv $R "SELECT path FROM file WHERE path = '/d/nope'"
is_rc "file: a missing path exits 0" 0
is_out "file: a missing path has no rows" <<'EOF'
path
EOF

csv $R "SELECT path FROM file WHERE path IN ('d/plain', '')
	UNION ALL SELECT path FROM file WHERE directory = 'd'"
is_out "file: relative paths name nothing" <<'EOF'
path
EOF

csv $R "SELECT path FROM file WHERE path = '/d/plain/'"
is_out "file: a file with a trailing slash does not exist" <<'EOF'
path
EOF

run query $R "SELECT * FROM file"
is_rc "file: no constraint exits 1" 1
is_err "file: no constraint names the columns" <<'EOF'
vigil: query failed: table file requires a constraint on path or directory
EOF

run query $R "SELECT * FROM hash"
is_rc "hash: no constraint exits 1" 1
is_err "hash: no constraint names the columns" <<'EOF'
vigil: query failed: table hash requires a constraint on path or directory
EOF

# Digests: what coreutils says, for every regular file (and link to one)
# directly in /d, in path order.
# abslink's target is absolute: inside the root it is /d/sub/a.txt.
want_hashes() { # names...
	local f src
	echo "path,md5,sha1,sha256"
	for f in "$@"; do
		src=$T/d/$f
		if [ "$f" = abslink ]; then src=$T/d/sub/a.txt; fi
		printf '/d/%s,%s,%s,%s\n' "$f" \
			"$(md5sum <"$src" | cut -d' ' -f1)" \
			"$(sha1sum <"$src" | cut -d' ' -f1)" \
			"$(sha256sum <"$src" | cut -d' ' -f1)"
	done
}
FILES=".hidden abslink hard link plain secret sgid suid"
want_hashes $FILES >"$TMPD/want"

csv $R "SELECT path, md5, sha1, sha256 FROM hash WHERE path LIKE '/d/%'"
ok "hash: LIKE, regular files only, digests as coreutils" \
	diff -u "$TMPD/want" "$OUT"

csv $R "SELECT path, md5, sha1, sha256 FROM hash WHERE directory = '/d'"
ok "hash: directory =, the same rows" diff -u "$TMPD/want" "$OUT"

csv $R "SELECT path, sha256 FROM hash WHERE path = '/d/sub/empty'"
is_out "hash: an empty file" <<'EOF'
path,sha256
/d/sub/empty,e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
EOF

csv $R "SELECT path, directory, sha1 FROM hash WHERE path = '/d/sub/a.txt'"
is_out "hash: path =, directory is the parent" <<'EOF'
path,directory,sha1
/d/sub/a.txt,/d/sub,3f786850e387550fdab836ed7e6dc881de23001b
EOF

csv $R "SELECT path FROM hash WHERE path IN ('/d/sub', '/d/dangling', '/d/nope')"
is_out "hash: directories, dangling links and missing paths have no row" <<'EOF'
path
EOF

# A fifo: never opened, so never waited on.
timeout 20 "$VIGIL" query $R --csv \
	"SELECT path, sha256 FROM hash WHERE path IN ('/d/fifo', '/d/plain')" \
	</dev/null >"$OUT" 2>"$ERR"
RC=$?
sed -i 's/\r$//' "$OUT"
is_rc "hash: a fifo does not hang the query" 0
is_out "hash: a fifo has no row" <<EOF
path,sha256
/d/plain,$(sha256sum <"$T/d/plain" | cut -d' ' -f1)
EOF

csv $R "SELECT path, md5 IS NULL AS no_md5, sha256 IS NULL AS no_sha256
	FROM hash WHERE directory = '/big'"
is_out "hash: a file past the size cap has NULL digests" <<'EOF'
path,no_md5,no_sha256
/big/sparse,1,1
EOF

if is_root; then
	skip "hash: an unreadable file has NULL digests" "root reads everything"
else
	chmod 0000 "$T/d/secret"
	csv $R "SELECT path, sha256 IS NULL AS unread FROM hash WHERE path = '/d/secret'"
	is_out "hash: an unreadable file has NULL digests" <<'EOF'
path,unread
/d/secret,1
EOF
	chmod 0600 "$T/d/secret"
fi

# The shared fixture: links and dot files under srv/, sshd config hashes.
F="--root $FIX/debian12"
csv $F "SELECT path, directory, filename, type, symlink, symlink_target_path,
	CASE WHEN type = 'regular' THEN size END AS size
	FROM file WHERE path LIKE '/srv/www/html/%'"
is_out "fixture: /srv/www/html/%" <<'EOF'
path,directory,filename,type,symlink,symlink_target_path,size
/srv/www/html/broken,/srv/www/html,broken,symlink,1,/srv/www/html/missing.txt,
/srv/www/html/current,/srv/www/html,current,directory,1,/srv/www/releases/2024-05-01,
/srv/www/html/index.html,/srv/www/html,index.html,regular,0,,57
/srv/www/html/uploads,/srv/www/html,uploads,directory,0,,
EOF

csv $F "SELECT path, type FROM file WHERE path LIKE '/srv/%%'"
is_out "fixture: /srv/%% finds the hidden upload" <<'EOF'
path,type
/srv/backup,directory
/srv/backup/.keep,regular
/srv/www,directory
/srv/www/html,directory
/srv/www/html/broken,symlink
/srv/www/html/current,directory
/srv/www/html/index.html,regular
/srv/www/html/uploads,directory
/srv/www/html/uploads/.cache.php,regular
/srv/www/releases,directory
/srv/www/releases/2024-05-01,directory
/srv/www/releases/2024-05-01/app.js,regular
EOF

csv $F "SELECT path, filename, type FROM file WHERE directory = '/etc/ssh'"
is_out "fixture: directory = '/etc/ssh'" <<'EOF'
path,filename,type
/etc/ssh/ssh_config,ssh_config,regular
/etc/ssh/ssh_host_ed25519_key.pub,ssh_host_ed25519_key.pub,regular
/etc/ssh/sshd_config,sshd_config,regular
/etc/ssh/sshd_config.d,sshd_config.d,directory
EOF

{
	echo "path,sha256"
	for f in ssh_config ssh_host_ed25519_key.pub sshd_config \
		sshd_config.d/hardening.conf; do
		printf '/etc/ssh/%s,%s\n' "$f" \
			"$(sha256sum <"$FIX/debian12/etc/ssh/$f" | cut -d' ' -f1)"
	done
} >"$TMPD/want"
csv $F "SELECT path, sha256 FROM hash WHERE path LIKE '/etc/ssh/%'
	UNION ALL SELECT path, sha256 FROM hash
	WHERE path LIKE '/etc/ssh/sshd_config.d/%.conf' ORDER BY path"
ok "fixture: hash of /etc/ssh" diff -u "$TMPD/want" "$OUT"

csv $F "SELECT path, sha256 FROM hash WHERE path = '/srv/www/html/current/app.js'"
is_out "fixture: hash through a directory link" <<EOF
path,sha256
/srv/www/html/current/app.js,$(sha256sum <"$FIX/debian12/srv/www/releases/2024-05-01/app.js" | cut -d' ' -f1)
EOF

# The live host: no --root.
L=$TMPD/live
mkdir -p "$L"
head -c 300000 /dev/urandom >"$L/blob"
chmod 0640 "$L/blob"
touch -d '2023-06-07 08:09:10 UTC' "$L/blob"
csv "SELECT path, sha256, md5 FROM hash WHERE path = '$L/blob'"
is_out "live: hash as sha256sum and md5sum" <<EOF
path,sha256,md5
$L/blob,$(sha256sum <"$L/blob" | cut -d' ' -f1),$(md5sum <"$L/blob" | cut -d' ' -f1)
EOF

csv "SELECT mode, size, mtime, uid, gid, inode, hard_links, type
	FROM file WHERE path = '$L/blob'"
is_out "live: file as stat(1)" <<EOF
mode,size,mtime,uid,gid,inode,hard_links,type
$(stat -c '%04a,%s,%Y,%u,%g,%i,%h' "$L/blob"),regular
EOF

if [ -c /dev/null ]; then
	csv "SELECT type, device FROM file WHERE path = '/dev/null'"
	is_out "live: /dev/null is a character device 1,3" <<EOF
type,device
character,$(( (0x$(stat -c %t /dev/null) << 8) | 0x$(stat -c %T /dev/null) ))
EOF
else
	skip "live: /dev/null is a character device 1,3" "no /dev/null"
fi
