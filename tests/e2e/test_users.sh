# SPDX-License-Identifier: Apache-2.0
# users, groups, user_groups and etc_hosts: exact rows from the debian12
# fixture (including a line with missing fields, a non-numeric uid, a uid
# above 2^31 and group members with blanks and repeats), constraints that
# narrow the scan, hostile files built here (overlong lines, a file past the
# size cap, many repeated members), and the live host checked against
# /etc/passwd and id(1).
. "$TOP/tests/lib.sh"

R="--root $FIX/debian12"

# CSV output ends its lines with CRLF (RFC 4180); the expected rows below
# are written with plain newlines, so csv() runs a query and strips the CR
# that ends each line.
csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

csv $R "SELECT * FROM users"
is_rc "users: exit 0" 0
is_out "users: every valid line, in file order" <<'EOF'
uid,gid,uid_signed,gid_signed,username,description,directory,shell,uuid
0,0,0,0,root,root,/root,/bin/bash,
1,1,1,1,daemon,daemon,/usr/sbin,/usr/sbin/nologin,
2,2,2,2,bin,bin,/bin,/usr/sbin/nologin,
3,3,3,3,sys,sys,/dev,/usr/sbin/nologin,
4,65534,4,65534,sync,sync,/bin,/bin/sync,
5,60,5,60,games,games,/usr/games,/usr/sbin/nologin,
6,12,6,12,man,man,/var/cache/man,/usr/sbin/nologin,
7,7,7,7,lp,lp,/var/spool/lpd,/usr/sbin/nologin,
8,8,8,8,mail,mail,/var/mail,/usr/sbin/nologin,
9,9,9,9,news,news,/var/spool/news,/usr/sbin/nologin,
10,10,10,10,uucp,uucp,/var/spool/uucp,/usr/sbin/nologin,
13,13,13,13,proxy,proxy,/bin,/usr/sbin/nologin,
33,33,33,33,www-data,www-data,/var/www,/usr/sbin/nologin,
34,34,34,34,backup,backup,/var/backups,/usr/sbin/nologin,
38,38,38,38,list,Mailing List Manager,/var/list,/usr/sbin/nologin,
39,39,39,39,irc,ircd,/run/ircd,/usr/sbin/nologin,
42,65534,42,65534,_apt,,/nonexistent,/usr/sbin/nologin,
65534,65534,65534,65534,nobody,nobody,/nonexistent,/usr/sbin/nologin,
998,998,998,998,systemd-network,systemd Network Management,/,/usr/sbin/nologin,
997,997,997,997,systemd-timesync,systemd Time Synchronization,/,/usr/sbin/nologin,
100,107,100,107,messagebus,,/nonexistent,/usr/sbin/nologin,
101,65534,101,65534,sshd,,/run/sshd,/usr/sbin/nologin,
1000,1000,1000,1000,alice,"Alice Martin,,,",/home/alice,/bin/bash,
1001,1001,1001,1001,bob,"Bob Lee,,,",/home/bob,/bin/zsh,
1002,100,1002,100,carol,,,,
4294967294,4294967294,-2,-2,nfsnobody,Anonymous NFS User,/var/lib/nfs,/sbin/nologin,
EOF

csv $R "SELECT * FROM users WHERE uid = 0"
is_out "users: uid = 0" <<'EOF'
uid,gid,uid_signed,gid_signed,username,description,directory,shell,uuid
0,0,0,0,root,root,/root,/bin/bash,
EOF

run query $R --json "SELECT * FROM users WHERE username = 'carol' OR uid = 4294967294"
is_out "users: --json, missing fields and a uid above 2^31" <<'EOF'
[
  {"uid":1002,"gid":100,"uid_signed":1002,"gid_signed":100,"username":"carol","description":"","directory":"","shell":"","uuid":null},
  {"uid":4294967294,"gid":4294967294,"uid_signed":-2,"gid_signed":-2,"username":"nfsnobody","description":"Anonymous NFS User","directory":"/var/lib/nfs","shell":"/sbin/nologin","uuid":null}
]
EOF

csv $R "SELECT username FROM users WHERE uid IN (1001, 7, 31337) ORDER BY uid"
is_out "users: uid IN (...)" <<'EOF'
username
lp
bob
EOF

# Values that are not plain ids still compare as SQLite compares them.
csv $R "SELECT username FROM users WHERE uid = 1e3 OR uid = '0' OR uid = -2"
is_out "users: uid = 1e3, '0' and -2" <<'EOF'
username
root
alice
EOF

csv $R "SELECT username, uuid, pid_with_namespace, include_remote FROM users WHERE username = 'mallory' OR username = 'alice'"
is_out "users: a non-numeric uid is no row; hidden columns are NULL" <<'EOF'
username,uuid,pid_with_namespace,include_remote
alice,,,
EOF

csv $R "SELECT * FROM groups WHERE gid < 10"
is_out "groups: gid < 10" <<'EOF'
gid,gid_signed,groupname
0,0,root
1,1,daemon
2,2,bin
3,3,sys
4,4,adm
5,5,tty
6,6,disk
7,7,lp
8,8,mail
9,9,news
EOF

csv $R "SELECT * FROM groups WHERE gid = 4294967294 OR groupname = 'broken' OR gid = 1003"
is_out "groups: gid =, a line without gid skipped" <<'EOF'
gid,gid_signed,groupname
1003,1003,docker
4294967294,-2,nfsnobody
EOF

csv $R "SELECT count(*) FROM groups"
is_out "groups: count" <<'EOF'
count(*)
47
EOF

csv $R "SELECT * FROM user_groups"
is_out "user_groups: primary gid, then memberships, each pair once" <<'EOF'
uid,gid
0,0
1,1
2,2
3,3
4,65534
5,60
6,12
7,7
8,8
9,9
10,10
13,13
33,33
34,34
38,38
39,39
42,65534
65534,65534
998,998
997,997
100,107
101,65534
1000,1000
1000,4
1000,24
1000,27
1000,46
1000,100
1000,1003
1001,1001
1001,27
1001,46
1001,100
1002,100
1002,1003
4294967294,4294967294
EOF

csv $R "SELECT * FROM user_groups WHERE uid = 1000 AND gid IN (27, 1003, 5)"
is_out "user_groups: uid = and gid IN" <<'EOF'
uid,gid
1000,27
1000,1003
EOF

csv $R "SELECT * FROM user_groups WHERE gid = 100"
is_out "user_groups: gid = 100" <<'EOF'
uid,gid
1000,100
1001,100
1002,100
EOF

csv $R "SELECT u.username, g.groupname FROM users u JOIN user_groups ug USING(uid) JOIN groups g ON g.gid = ug.gid"
is_out "join users, user_groups and groups" <<'EOF'
username,groupname
root,root
daemon,daemon
bin,bin
sys,sys
sync,nogroup
games,games
man,man
lp,lp
mail,mail
news,news
uucp,uucp
proxy,proxy
www-data,www-data
backup,backup
list,list
irc,irc
_apt,nogroup
nobody,nogroup
systemd-network,systemd-network
systemd-timesync,systemd-timesync
messagebus,messagebus
sshd,nogroup
alice,alice
alice,adm
alice,cdrom
alice,sudo
alice,plugdev
alice,users
alice,docker
bob,bob
bob,sudo
bob,plugdev
bob,users
carol,users
carol,docker
nfsnobody,nfsnobody
EOF

csv $R "SELECT * FROM etc_hosts"
is_out "etc_hosts: comments, tabs, IPv6, several names" <<'EOF'
address,hostnames
127.0.0.1,localhost
127.0.1.1,debian12.example.org debian12
::1,localhost ip6-localhost ip6-loopback
ff02::1,ip6-allnodes
ff02::2,ip6-allrouters
10.0.0.5,db.internal db
10.0.0.6,cache.internal cache
192.168.1.20,printer.lan printer
fd00::10,nas.lan nas
10.0.0.99,
EOF

run query $R --json "SELECT * FROM etc_hosts WHERE address LIKE '10.%'"
is_out "etc_hosts: --json, an address with no names is NULL" <<'EOF'
[
  {"address":"10.0.0.5","hostnames":"db.internal db"},
  {"address":"10.0.0.6","hostnames":"cache.internal cache"},
  {"address":"10.0.0.99","hostnames":null}
]
EOF

# A root with no /etc at all: empty tables, not errors.
mkdir -p empty
csv --root empty "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM groups), (SELECT count(*) FROM user_groups), (SELECT count(*) FROM etc_hosts)"
is_rc "missing files: exit 0" 0
is_out "missing files: no rows" <<'EOF'
(SELECT count(*) FROM users),(SELECT count(*) FROM groups),(SELECT count(*) FROM user_groups),(SELECT count(*) FROM etc_hosts)
0,0,0,0
EOF

# Hostile files: an overlong line between good ones, CRLF line ends, a NUL
# byte, no final newline, and no /etc/group for user_groups.
mkdir -p bad/etc
{
	echo 'root:x:0:0:root:/root:/bin/bash'
	printf 'long:x:5:5:'
	head -c 70000 /dev/zero | tr '\0' g
	printf ':/home/long:/bin/sh\n'
	printf 'nul:x:6:6:a\0b:/:/bin/sh\n'
	printf 'crlf:x:7:7::/:/bin/sh\r\n'
	printf 'last:x:8:8::/home/last:/bin/dash'
} >bad/etc/passwd
printf '127.0.0.1 a\r\n\n\n#\n' >bad/etc/hosts
csv --root bad "SELECT uid, username, length(shell), directory FROM users"
is_out "hostile passwd: overlong and NUL lines skipped" <<'EOF'
uid,username,length(shell),directory
0,root,9,/root
7,crlf,8,/
8,last,9,/home/last
EOF
csv --root bad "SELECT * FROM user_groups; SELECT count(*) FROM groups; SELECT * FROM etc_hosts"
is_out "hostile files: no /etc/group, CRLF hosts" <<'EOF'
uid,gid
0,0
7,7
8,8
count(*)
0
address,hostnames
127.0.0.1,a
EOF

# A passwd past the 16 MiB cap is cut at the last whole line before it.
mkdir -p huge/etc
awk 'BEGIN { for (i = 0; i < 210000; i++)
	printf "user%07d:x:%d:%d:A user with a long description:/home/user%07d:/bin/bash\n", i, i + 10000, i + 10000, i }' \
	>huge/etc/passwd
want=$(head -c 16777216 huge/etc/passwd | tr -cd '\n' | wc -c)
csv --root huge "SELECT count(*), max(uid) - 10000 + 1 FROM users"
is_out "a passwd past 16 MiB is cut at a whole line" <<EOF
count(*),max(uid) - 10000 + 1
$want,$want
EOF

# Many users sharing a name and a group listing that name thousands of
# times: every pair once, quickly.
mkdir -p many/etc
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "dup:x:%d:%d::/:\n", i % 50, i }' >many/etc/passwd
awk 'BEGIN { for (g = 1; g <= 200; g++) { printf "g%d:x:%d:", g, 100000 + g;
	for (i = 0; i < 200; i++) printf "%sdup", i ? "," : ""; printf "\n" } }' >many/etc/group
VIGIL_T0=$(date +%s)
csv --root many "SELECT count(*), count(DISTINCT uid || ',' || gid) FROM user_groups"
is_out "repeated names and members: distinct pairs" <<'EOF'
count(*),"count(DISTINCT uid || ',' || gid)"
15000,15000
EOF
ok "repeated names and members: under 20 s" test $(($(date +%s) - VIGIL_T0)) -lt 20

# The live host, checked against the files and id(1).
if [ -r /etc/passwd ]; then
	csv "SELECT uid, shell FROM users WHERE username = 'root'"
	want=$(awk -F: '$1 == "root" { print $3 "," $7 }' /etc/passwd)
	is_out "live: root's uid and shell as /etc/passwd says" <<EOF
uid,shell
$want
EOF
	csv "SELECT count(*) FROM users"
	n=$(grep -cE '^[[:blank:]]*([^#:[:blank:]][^:]*)?:[^:]*:[0-9]+:[0-9]+(:|$)' /etc/passwd)
	is_out "live: one row a valid line of /etc/passwd" <<EOF
count(*)
$n
EOF
else
	skip "live: root's uid and shell" "no readable /etc/passwd"
	skip "live: row count" "no readable /etc/passwd"
fi
if [ -r /etc/group ]; then
	csv "SELECT count(*) FROM groups"
	n=$(grep -cE '^[[:blank:]]*([^#:[:blank:]][^:]*)?:[^:]*:[0-9]+(:|$)' /etc/group)
	is_out "live: one row a valid line of /etc/group" <<EOF
count(*)
$n
EOF
else
	skip "live: group count" "no readable /etc/group"
fi
# id(1) asks NSS, which may know more than the files: compare only when
# the group database is the files alone.
if command -v id >/dev/null && [ -r /etc/group ] &&
	[ "$(getent group 2>/dev/null | wc -l)" = "$(grep -cv '^[[:blank:]]*\(#\|$\)' /etc/group)" ]; then
	csv "SELECT gid FROM user_groups WHERE uid = 0 ORDER BY gid"
	{ echo gid; id -G root | tr ' ' '\n' | sort -n; } >want_groups
	ok "live: root's groups as id -G root says" cmp want_groups "$OUT"
else
	skip "live: root's groups" "no id(1) or groups beyond /etc/group"
fi
