# SPDX-License-Identifier: Apache-2.0
# shadow, sudoers, crontab, authorized_keys, user_ssh_keys, known_hosts,
# ssh_configs, last, logged_in_users and shell_history: exact rows from
# the debian12 fixture (symlinked user files refused, encrypted and
# unencrypted keys of each format, sudoers includes and continuations),
# trees built here (sudoers include loops, a 200-deep include chain and a
# fan-out of includes; utmp and wtmp written byte by byte with a cut last
# record and unterminated fields; hostile homes with FIFOs, binaries and
# symlinks), and the live host checked against passwd -S, ssh-keygen,
# openssl and a separate reading of wtmp.
. "$TOP/tests/lib.sh"

R="--root $FIX/debian12"

# CSV lines end with CRLF (RFC 4180); csv() strips the CR.
csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

# ---- shadow ------------------------------------------------------------

csv $R "SELECT * FROM shadow"
is_rc "shadow: exit 0" 0
is_out "shadow: every valid line, glibc's -1 for empty fields" <<'EOF'
password_status,hash_alg,last_change,min,max,warning,inactive,expire,flag,username
active,y,19650,0,99999,7,-1,-1,-1,root
locked,,19650,0,99999,7,-1,-1,-1,daemon
locked,,19650,0,99999,7,-1,-1,-1,bin
locked,,19650,0,99999,7,-1,-1,-1,sys
locked,,19650,0,99999,7,-1,-1,-1,sync
locked,,19650,0,99999,7,-1,-1,-1,_apt
locked,,19650,0,99999,7,-1,-1,-1,nobody
locked,,19650,-1,-1,-1,-1,-1,-1,systemd-network
locked,,19650,-1,-1,-1,-1,-1,-1,messagebus
locked,,19650,-1,-1,-1,-1,-1,-1,sshd
active,6,19700,1,90,14,30,-1,-1,alice
locked,,19701,0,99999,7,14,19800,-1,bob
not_set,,19702,-1,-1,-1,-1,-1,-1,carol
empty,,19703,0,99999,7,-1,-1,-1,mallory
locked,,19650,0,99999,7,-1,-1,-1,nfsnobody
active,1,12000,0,99999,-1,-1,-1,-1,olduser
locked,,-1,0,99999,7,-1,-1,1,wrapped
locked,,1,2,3,4,5,6,7,toolong
EOF

run query $R --json "SELECT username, password_status, hash_alg FROM shadow WHERE username IN ('bob', 'carol', 'nobody-here', 'broken', '+nisuser')"
is_out "shadow: username IN (...), a locked hash has no hash_alg" <<'EOF'
[
  {"username":"bob","password_status":"locked","hash_alg":null},
  {"username":"carol","password_status":"not_set","hash_alg":null}
]
EOF

csv $R "SELECT username FROM shadow WHERE username = 'alice' AND password_status = 'active'"
is_out "shadow: username = 'alice'" <<'EOF'
username
alice
EOF

# ---- sudoers -----------------------------------------------------------

csv $R "SELECT * FROM sudoers"
is_out "sudoers: rules, continuations, @includedir and a relative #include" <<'EOF'
source,header,rule_details
/etc/sudoers,Defaults,env_reset
/etc/sudoers,Defaults,mail_badpass
/etc/sudoers,Defaults,"secure_path=""/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"""
/etc/sudoers,Defaults,use_pty
/etc/sudoers,User_Alias,"ADMINS = alice, bob"
/etc/sudoers,Cmnd_Alias,"BACKUP = /usr/bin/rsync, /usr/bin/tar,/usr/bin/borg"
/etc/sudoers,root,ALL=(ALL:ALL) ALL
/etc/sudoers,%sudo,ALL=(ALL:ALL) ALL
/etc/sudoers,ADMINS,ALL = (root) NOPASSWD: BACKUP
/etc/sudoers,@includedir,/etc/sudoers.d
/etc/sudoers.d/10-alice,alice,"ALL=(root) NOPASSWD: /usr/bin/systemctl restart nginx, /usr/bin/systemctl reload nginx"
/etc/sudoers.d/20-ops,%ops,"ALL=(root) /usr/bin/journalctl, /usr/sbin/service *"
/etc/sudoers.d/20-ops,#include,inc/extra
/etc/sudoers.d/inc/extra,Defaults:bob,!requiretty
EOF

# Include loops: a file including itself (by absolute and relative path,
# and through a symlink), a cycle of two files, and an include directory
# including itself.  The walk ends with every file read once per chain.
mkdir -p loop/etc/loop loop/etc/sudoers.d
cat >loop/etc/sudoers <<'EOF'
root ALL=(ALL) ALL
@include /etc/sudoers
#include sudoers
@include loop/a
@includedir /etc/sudoers.d
EOF
printf 'alice ALL=(ALL) ALL\n@include b\n' >loop/etc/loop/a
printf 'bob ALL=(ALL) ALL\n#include ../loop/a\n@include ../sudoers\n' >loop/etc/loop/b
printf '@includedir .\ncarol ALL=(ALL) ALL\n' >loop/etc/sudoers.d/x
ln -s ../sudoers loop/etc/sudoers.d/y
csv --root loop "SELECT * FROM sudoers"
is_rc "sudoers loops: exit 0" 0
is_out "sudoers loops: each file once per include chain" <<'EOF'
source,header,rule_details
/etc/sudoers,root,ALL=(ALL) ALL
/etc/sudoers,@include,/etc/sudoers
/etc/sudoers,#include,sudoers
/etc/sudoers,@include,loop/a
/etc/loop/a,alice,ALL=(ALL) ALL
/etc/loop/a,@include,b
/etc/loop/b,bob,ALL=(ALL) ALL
/etc/loop/b,#include,../loop/a
/etc/loop/b,@include,../sudoers
/etc/sudoers,@includedir,/etc/sudoers.d
/etc/sudoers.d/x,@includedir,.
/etc/sudoers.d/x,carol,ALL=(ALL) ALL
EOF

# A chain of 200 includes stops at sudo's depth of 128 files.
mkdir -p deep/etc/d
echo '@include d/1' >deep/etc/sudoers
for i in $(seq 1 200); do
	printf 'u%d ALL=(ALL) ALL\n@include %d\n' "$i" $((i + 1)) >deep/etc/d/$i
done
csv --root deep "SELECT count(*) AS n, count(DISTINCT source) AS files, max(CAST(substr(header, 2) AS INTEGER)) AS last FROM sudoers"
is_out "sudoers: include depth stops at 128 files" <<'EOF'
n,files,last
255,128,127
EOF

# Includes fanning out 20 ways on 6 levels (64 million paths): the scan
# reads at most 1024 files and ends quickly.
mkdir -p fan/etc
{ echo 'top ALL=(ALL) ALL'; for j in $(seq 20); do echo '@include f1'; done; } >fan/etc/sudoers
for l in 1 2 3 4 5; do
	{ echo "f$l ALL=(ALL) ALL"; for j in $(seq 20); do echo "@include f$((l + 1))"; done; } >fan/etc/f$l
done
echo 'f6 ALL=(ALL) ALL' >fan/etc/f6
T0=$(date +%s)
csv --root fan "SELECT count(*) FROM sudoers WHERE rule_details = 'ALL=(ALL) ALL'"
is_out "sudoers: an include fan-out reads at most 1024 files" <<'EOF'
count(*)
1024
EOF
ok "sudoers: the fan-out takes under 20 s" test $(($(date +%s) - T0)) -lt 20

# ---- crontab -----------------------------------------------------------

csv $R "SELECT * FROM crontab"
is_out "crontab: system crontab, cron.d and spool; environment lines skipped" <<'EOF'
event,minute,hour,day_of_month,month,day_of_week,command,path
,17,*,*,*,*,root cd / && run-parts --report /etc/cron.hourly,/etc/crontab
,25,6,*,*,*,root test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; },/etc/crontab
,47,6,*,*,7,root test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; },/etc/crontab
,52,6,1,*,*,root test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.monthly; },/etc/crontab
@reboot,,,,,,root /usr/local/bin/backup --verify,/etc/cron.d/backup
@daily,,,,,,root /usr/local/bin/backup --mode full,/etc/cron.d/backup
,0,*/4,*,*,1-5,root /usr/local/bin/backup --mode incremental,/etc/cron.d/backup
,30,3,*,*,0,root test -e /run/systemd/system || SERVICE_MODE=1 /usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron,/etc/cron.d/e2scrub_all
,10,3,*,*,*,root test -e /run/systemd/system || SERVICE_MODE=1 /sbin/e2scrub_all -A -r,/etc/cron.d/e2scrub_all
,*/5,*,*,*,*,/home/alice/bin/poll.sh >/dev/null 2>&1,/var/spool/cron/crontabs/alice
@weekly,,,,,,/home/alice/bin/cleanup,/var/spool/cron/crontabs/alice
,0,0,1,"jan,jul",*,"echo ""half-year"" | mail -s report alice",/var/spool/cron/crontabs/alice
,30,2,*,*,0,/usr/local/sbin/backup.sh,/var/spool/cron/crontabs/root
EOF

run query $R --json "SELECT event, minute, command FROM crontab WHERE path = '/etc/cron.d/backup' LIMIT 1"
is_out "crontab: the time fields of an @special entry are NULL" <<'EOF'
[
  {"event":"@reboot","minute":null,"command":"root /usr/local/bin/backup --verify"}
]
EOF

# A user's spool file that is a symlink is not followed.
mkdir -p cronlink/var/spool/cron/crontabs cronlink/etc
echo '* * * * * root echo secret' >cronlink/etc/secret
ln -s /etc/secret cronlink/var/spool/cron/crontabs/eve
csv --root cronlink "SELECT count(*) FROM crontab"
is_out "crontab: a symlink in the spool is not followed" <<'EOF'
count(*)
0
EOF

# ---- authorized_keys ---------------------------------------------------

csv $R "SELECT uid, algorithm, options, comment, key_file, length(key) FROM authorized_keys"
is_out "authorized_keys: options with quotes and commas; bad lines and a symlinked file skipped" <<'EOF'
uid,algorithm,options,comment,key_file,length(key)
0,ssh-ed25519,,admin@laptop,/root/.ssh/authorized_keys,68
0,ssh-rsa,"from=""10.0.0.0/8,192.168.1.*"",no-agent-forwarding,command=""/usr/local/bin/backup --mode \""full sync\""""",backup@db (nightly),/root/.ssh/authorized_keys,544
0,ecdsa-sha2-nistp256,"restrict,pty",,/root/.ssh/authorized_keys,140
1000,ssh-ed25519,,alice@laptop,/home/alice/.ssh/authorized_keys,68
1000,ssh-rsa,"no-port-forwarding,no-X11-forwarding,command=""echo 'hello, world'""",,/home/alice/.ssh/authorized_keys,544
1000,ecdsa-sha2-nistp384,,alice@work,/home/alice/.ssh/authorized_keys2,184
EOF

run query $R --json "SELECT options, comment FROM authorized_keys WHERE uid = 1000 AND algorithm = 'ssh-ed25519'"
is_out "authorized_keys: uid = 1000; absent options and comment are NULL" <<'EOF'
[
  {"options":null,"comment":"alice@laptop"}
]
EOF

want=$(cut -d' ' -f2 "$FIX/debian12/home/alice/.ssh/id_ecdsa.pub")
csv $R "SELECT key FROM authorized_keys WHERE key_file LIKE '%keys2'"
is_out "authorized_keys: the key is the base64 text of the public key" <<EOF
key
$want
EOF

# ---- known_hosts -------------------------------------------------------

# The expected rows are the accepted lines of the files, as JSON.
python3 - "$FIX/debian12" >want_kh <<'PY'
import json, sys
fix = sys.argv[1]
rows = []
for uid, f, keep in ((0, "/root/.ssh/known_hosts", (1, 2, 3, 5, 7)),
                     (1001, "/home/bob/.ssh/known_hosts", (1,))):
    lines = open(fix + f).read().split("\n")
    for n in keep:
        rows.append(json.dumps({"uid": uid, "key": lines[n - 1], "key_file": f},
                               separators=(",", ":")))
print("[\n  " + ",\n  ".join(rows) + "\n]")
PY
run query $R --json "SELECT * FROM known_hosts"
ok "known_hosts: whole lines; hashed, @cert-authority, @revoked kept; bad markers, SSH-1 and comments skipped" \
	cmp want_kh "$OUT"

csv $R "SELECT count(*) FROM known_hosts WHERE uid = 1001"
is_out "known_hosts: uid = 1001" <<'EOF'
count(*)
1
EOF

# ---- ssh_configs -------------------------------------------------------

csv $R "SELECT * FROM ssh_configs"
is_out "ssh_configs: users' files then the system file, lowercased, with blocks" <<'EOF'
uid,block,option,ssh_config_file
1000,,serveraliveinterval 30,/home/alice/.ssh/config
1000,host build,hostname build.example.org,/home/alice/.ssh/config
1000,host build,user deploy,/home/alice/.ssh/config
1000,host build,identityfile ~/.ssh/id_ecdsa,/home/alice/.ssh/config
1000,host=legacy legacy.example.org,hostkeyalgorithms +ssh-rsa,/home/alice/.ssh/config
1000,host=legacy legacy.example.org,identityfile ~/.ssh/id_legacy,/home/alice/.ssh/config
1000,"match host *.internal exec ""test -n $vpn""",proxyjump bastion.example.org,/home/alice/.ssh/config
0,,include /etc/ssh/ssh_config.d/*.conf,/etc/ssh/ssh_config
0,host *,sendenv lang lc_*,/etc/ssh/ssh_config
0,host *,hashknownhosts yes,/etc/ssh/ssh_config
0,host *,gssapiauthentication yes,/etc/ssh/ssh_config
EOF

run query $R --json "SELECT block, option FROM ssh_configs WHERE uid = 1000 LIMIT 1"
is_out "ssh_configs: options before any Host are in the block \"\"" <<'EOF'
[
  {"block":"","option":"serveraliveinterval 30"}
]
EOF

# ---- user_ssh_keys -----------------------------------------------------

run query $R --json "SELECT * FROM user_ssh_keys"
is_out "user_ssh_keys: OpenSSH and PEM keys, encrypted or not, measured without the passphrase" <<'EOF'
[
  {"uid":0,"path":"/root/.ssh/id_dsa","encrypted":0,"key_type":"dsa","key_group_name":"","key_length":1024,"key_security_bits":80},
  {"uid":0,"path":"/root/.ssh/id_ecdsa_p521","encrypted":1,"key_type":"ec","key_group_name":"secp521r1","key_length":521,"key_security_bits":256},
  {"uid":0,"path":"/root/.ssh/id_ed25519","encrypted":0,"key_type":"","key_group_name":"","key_length":256,"key_security_bits":128},
  {"uid":0,"path":"/root/.ssh/id_rsa","encrypted":0,"key_type":"rsa","key_group_name":"","key_length":3072,"key_security_bits":128},
  {"uid":1000,"path":"/home/alice/.ssh/deploy.pem","encrypted":0,"key_type":"ec","key_group_name":"secp384r1","key_length":384,"key_security_bits":192},
  {"uid":1000,"path":"/home/alice/.ssh/id_ecdsa","encrypted":1,"key_type":"ec","key_group_name":"secp384r1","key_length":384,"key_security_bits":192},
  {"uid":1000,"path":"/home/alice/.ssh/id_legacy","encrypted":0,"key_type":"ec","key_group_name":"prime256v1","key_length":256,"key_security_bits":128},
  {"uid":1000,"path":"/home/alice/.ssh/id_rsa","encrypted":0,"key_type":"rsa","key_group_name":"","key_length":2048,"key_security_bits":112},
  {"uid":1001,"path":"/home/bob/.ssh/id_ed25519_sk.pem","encrypted":1,"key_type":null,"key_group_name":null,"key_length":null,"key_security_bits":null},
  {"uid":1001,"path":"/home/bob/.ssh/legacy_key","encrypted":1,"key_type":"rsa","key_group_name":null,"key_length":null,"key_security_bits":null}
]
EOF

csv $R "SELECT path FROM user_ssh_keys WHERE path = '/home/alice/.ssh/id_rsa' OR path = '/home/bob/.ssh/id_shadow'"
is_out "user_ssh_keys: path = narrows; a symlink to /etc/shadow is not a key" <<'EOF'
path
/home/alice/.ssh/id_rsa
EOF

# The sizes of the OpenSSH keys, encrypted or not, as ssh-keygen -l reads
# them (from copies only root can read, which ssh-keygen insists on).
if command -v ssh-keygen >/dev/null; then
	mkdir -p keys
	{
		echo "path,key_length"
		for f in /home/alice/.ssh/id_ecdsa /root/.ssh/id_dsa \
			/root/.ssh/id_ecdsa_p521 /root/.ssh/id_ed25519 /root/.ssh/id_rsa; do
			cp "$FIX/debian12$f" keys/k && chmod 600 keys/k
			echo "$f,$(ssh-keygen -l -f keys/k </dev/null | cut -d' ' -f1)"
		done
	} >want_sizes
	csv $R "SELECT path, key_length FROM user_ssh_keys WHERE path IN ('/home/alice/.ssh/id_ecdsa', '/root/.ssh/id_dsa', '/root/.ssh/id_ecdsa_p521', '/root/.ssh/id_ed25519', '/root/.ssh/id_rsa') ORDER BY path LIKE '/root/%', path"
	ok "user_ssh_keys: OpenSSH key sizes as ssh-keygen -l says" cmp want_sizes "$OUT"
else
	skip "user_ssh_keys: sizes against ssh-keygen" "no ssh-keygen"
fi
if command -v openssl >/dev/null; then
	want=$(openssl pkey -in "$FIX/debian12/home/alice/.ssh/id_rsa" -noout -text 2>/dev/null |
		sed -n '1s/.*(\([0-9]*\) bit.*/\1/p')
	csv $R "SELECT key_length FROM user_ssh_keys WHERE path = '/home/alice/.ssh/id_rsa'"
	is_out "user_ssh_keys: a PEM key's size as openssl says" <<EOF
key_length
$want
EOF
else
	skip "user_ssh_keys: size against openssl" "no openssl"
fi

# ---- shell_history -----------------------------------------------------

csv $R "SELECT * FROM shell_history"
is_out "shell_history: bash timestamps, zsh extended history, a symlinked file skipped" <<'EOF'
uid,time,command,history_file
0,0,apt update,/root/.bash_history
0,0,apt upgrade -y,/root/.bash_history
1000,1700000000,ls -la,/home/alice/.bash_history
1000,1700000060,sudo systemctl restart nginx,/home/alice/.bash_history
1000,1700000120,#1700000180,/home/alice/.bash_history
1000,0,git log --oneline | head,/home/alice/.bash_history
1000,0,vim ~/.ssh/config,/home/alice/.bash_history
1001,1700001000,cd /srv/www,/home/bob/.zsh_history
1001,1700001005,make deploy,/home/bob/.zsh_history
1001,1700001010,"echo ""extended; with semicolon""",/home/bob/.zsh_history
1001,0,: 99999999999999:0;too many digits,/home/bob/.zsh_history
1001,0,plain command without a timestamp,/home/bob/.zsh_history
EOF

csv $R "SELECT DISTINCT uid FROM shell_history WHERE uid = 1001"
is_out "shell_history: uid = 1001" <<'EOF'
uid
1001
EOF

# Hostile homes: a FIFO, a binary, a line of 100 KiB, a symlinked .ssh
# directory, a home reached through a symlink, and session files.
mkdir -p hh/etc hh/root/.ssh hh/home/eve hh/home/eve/.bash_sessions
cat >hh/etc/passwd <<'EOF'
root:x:0:0:root:/root:/bin/bash
eve:x:1005:1005::/home/eve:/bin/bash
frank:x:1006:1006::/home/frank:/bin/bash
EOF
echo 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOr9aGM7hCSz2ggD3JZwa/TO3j4KJfz3GFfYwpXdr3zs root-only' >hh/root/.ssh/authorized_keys
echo 'root secret' >hh/root/.bash_history
ln -s /root/.ssh hh/home/eve/.ssh
ln -s /root hh/home/frank
mkfifo hh/home/eve/.zsh_history
cp /bin/true hh/home/eve/.history
{ head -c 102400 /dev/zero | tr '\0' x; printf '\nafter the long line\n#1700000000'; } >hh/home/eve/.sh_history
printf 'echo one\n' >hh/home/eve/.bash_sessions/B.history
printf 'echo two' >hh/home/eve/.bash_sessions/A.history
printf 'not a session\n' >hh/home/eve/.bash_sessions/notes
T0=$(date +%s)
csv --root hh "SELECT uid, time, command, history_file FROM shell_history WHERE history_file NOT LIKE '%/.history'"
is_rc "hostile homes: exit 0" 0
is_out "hostile homes: FIFO skipped, long line skipped, session files in name order" <<'EOF'
uid,time,command,history_file
0,0,root secret,/root/.bash_history
1005,0,after the long line,/home/eve/.sh_history
1005,0,echo two,/home/eve/.bash_sessions/A.history
1005,0,echo one,/home/eve/.bash_sessions/B.history
EOF
ok "hostile homes: a FIFO does not block the scan" test $(($(date +%s) - T0)) -lt 20
csv --root hh "SELECT count(*) > 0 AS rows, sum(instr(command, char(0)) > 0) AS nuls FROM shell_history WHERE history_file = '/home/eve/.history'"
is_out "hostile homes: a binary history gives rows without NUL bytes" <<'EOF'
rows,nuls
1,0
EOF
csv --root hh "SELECT uid, comment FROM authorized_keys"
is_out "hostile homes: neither a symlinked .ssh nor a symlinked home is followed" <<'EOF'
uid,comment
0,root-only
EOF

# ---- last and logged_in_users ------------------------------------------

# struct utmp on x86_64: 384 bytes, written field by field.
mkutmp() { # file, then records as type:pid:line:id:user:host:sec
	python3 - "$@" <<'PY'
import struct, sys
out = open(sys.argv[1], "wb")
for rec in sys.argv[2:]:
    if rec.startswith("partial"):
        out.write(b"\x07\x00" + b"x" * 100)
        continue
    t, pid, line, ident, user, host, sec = rec.split(":")
    dec = lambda s: s.encode().decode("unicode_escape").encode("latin-1")
    out.write(struct.pack("<h2xi32s4s32s256shhiii4i20s", int(t), int(pid),
        dec(line), dec(ident), dec(user), dec(host), 0, 0, 0, int(sec), 0,
        0, 0, 0, 0, b""))
PY
}
U32=$(printf 'u%.0s' $(seq 32))
L32=$(printf 'l%.0s' $(seq 32))
H256=$(printf 'h%.0s' $(seq 256))
mkdir -p ut/var/log ut/run
ln -s ../run ut/var/run
mkutmp ut/var/log/wtmp \
	"2:0:~:~~:reboot:6.1.0-13-amd64:1700000000" \
	"1:53:~:~~:runlevel:6.1.0-13-amd64:1700000001" \
	"6:600:tty1:tty1:LOGIN::1700000002" \
	"7:1234:pts/0:ts/0:alice:192.0.2.10:1700000100" \
	"8:1234:pts/0:ts/0:::1700000500" \
	"7:2345:$L32:abcd:$U32:$H256:1700000600" \
	"42:7:odd:odd:nobody:example.org\\x00hidden:1700000700" \
	"7:1:console:co:root::1700000800" \
	"partial"
mkutmp ut/run/utmp \
	"2:0:~:~~:reboot:6.1.0-13-amd64:1700000000" \
	"1:1:~:~~:runlevel:6.1.0-13-amd64:1700000001" \
	"6:600:tty1:tty1:LOGIN::1700000002" \
	"7:1234:pts/0:ts/0:alice:192.0.2.10:1700000100" \
	"8:999:pts/1:ts/1:::1700000500" \
	"42:7:odd:odd:nobody:example.org\\x00hidden:1700000700" \
	"0:0:::::0" \
	"partial"
csv --root ut "SELECT * FROM last"
is_rc "last: exit 0" 0
is_out "last: login and logout records only, strings cut at their field, a cut record ignored" <<EOF
username,tty,pid,type,type_name,time,host
alice,pts/0,1234,7,user-process,1700000100,192.0.2.10
,pts/0,1234,8,dead-process,1700000500,
$U32,$L32,2345,7,user-process,1700000600,$H256
root,console,1,7,user-process,1700000800,
EOF
csv --root ut "SELECT * FROM logged_in_users"
is_out "logged_in_users: every record but pid 1's, osquery's type names" <<'EOF'
type,user,tty,host,time,pid
boot_time,reboot,~,6.1.0-13-amd64,1700000000,0
login,LOGIN,tty1,,1700000002,600
user,alice,pts/0,192.0.2.10,1700000100,1234
dead,,pts/1,,1700000500,999
unknown,nobody,odd,example.org,1700000700,7
empty,,,,0,0
EOF

# /run/utmp when /var/run/utmp is missing; files shorter than a record.
mkdir -p ut2/run ut2/var/log
mkutmp ut2/run/utmp "7:77:pts/9:ts/9:bob:host.example:1700009999"
head -c 383 ut/var/log/wtmp >ut2/var/log/wtmp
csv --root ut2 "SELECT user, pid FROM logged_in_users; SELECT count(*) FROM last"
is_out "logged_in_users: /run/utmp; last: a wtmp shorter than one record" <<'EOF'
user,pid
bob,77
count(*)
0
EOF

# The debian12 fixture has neither file.
csv $R "SELECT (SELECT count(*) FROM last), (SELECT count(*) FROM logged_in_users)"
is_out "last and logged_in_users: no files, no rows" <<'EOF'
(SELECT count(*) FROM last),(SELECT count(*) FROM logged_in_users)
0,0
EOF

# ---- the live host -----------------------------------------------------

if is_root && [ -r /etc/shadow ] && command -v passwd >/dev/null; then
	case $(passwd -S root | cut -d' ' -f2) in
	L) want="locked|not_set" ;;
	NP) want="empty" ;;
	P) want="active" ;;
	*) want="?" ;;
	esac
	csv "SELECT password_status FROM shadow WHERE username = 'root'"
	ok "live: root's password_status agrees with passwd -S root ($want)" \
		grep -qxE "$want" <(tail -n +2 "$OUT")
	csv "SELECT count(*) FROM shadow"
	n=$(grep -cvE '^[[:space:]]*(#|$|[+-])' /etc/shadow)
	is_out "live: one row a line of /etc/shadow" <<EOF
count(*)
$n
EOF
else
	skip "live: shadow against passwd -S" "needs root and /etc/shadow"
	skip "live: shadow row count" "needs root and /etc/shadow"
fi

run query "SELECT * FROM logged_in_users"
is_rc "live: logged_in_users runs" 0
run query "SELECT * FROM last"
is_rc "live: last runs" 0
if [ -r /var/log/wtmp ]; then
	# Counted before and after, in case a login lands in between.
	wtmp_count() {
		python3 -c '
import struct
d = open("/var/log/wtmp", "rb").read()
print(sum(1 for i in range(0, len(d) - 383, 384)
          if struct.unpack_from("<h", d, i)[0] in (7, 8)))'
	}
	n1=$(wtmp_count)
	csv "SELECT count(*) AS n FROM last"
	n2=$(wtmp_count)
	ok "live: last has the wtmp records of types 7 and 8 ($n1)" \
		grep -qxE "$n1|$n2" <(tail -n +2 "$OUT")
else
	skip "live: last against wtmp" "no readable /var/log/wtmp"
fi
for t in crontab sudoers authorized_keys known_hosts ssh_configs user_ssh_keys shell_history; do
	run query "SELECT count(*) FROM $t"
	is_rc "live: $t runs" 0
done
