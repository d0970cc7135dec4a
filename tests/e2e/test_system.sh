# SPDX-License-Identifier: Apache-2.0
# The host-wide tables: mounts, kernel_info, os_version, system_info,
# uptime, time, system_controls and kernel_modules.  Exact rows on the
# debian12 fixture; small trees built here for what git cannot hold
# (symlinked devices, write-only files) and for broken input (garbage
# mountinfo, uptime, os-release, modules), which must give skipped rows
# or NULLs and exit 0; then checks against the live host where the truth
# can be read independently (uname, /etc/os-release, /proc, date).
. "$TOP/tests/lib.sh"

ROOT=$FIX/debian12
q() { run query --root "$ROOT" "$@"; }
# The CSV output ends its lines with CRLF (RFC 4180); compare without CR.
csv() {
	run query --csv "$@"
	sed -i 's/\r$//' "$OUT"
}
qc() { csv --root "$ROOT" "$@"; }
no_err() { is_err "$1: no stderr" </dev/null; }

# --- mounts ----------------------------------------------------------------

qc "SELECT * FROM mounts"
is_out "mounts: every fixture row, no statfs offline" <<'EOF'
device,device_alias,path,type,blocks_size,blocks,blocks_free,blocks_available,inodes,inodes_free,flags
sysfs,sysfs,/sys,sysfs,,,,,,,"rw,nosuid,nodev,noexec,relatime"
proc,proc,/proc,proc,,,,,,,"rw,nosuid,nodev,noexec,relatime"
udev,udev,/dev,devtmpfs,,,,,,,"rw,nosuid,relatime,size=32768000k,nr_inodes=8192000,mode=755,inode64"
devpts,devpts,/dev/pts,devpts,,,,,,,"rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000"
tmpfs,tmpfs,/run,tmpfs,,,,,,,"rw,nosuid,nodev,noexec,relatime,size=6558928k,mode=755,inode64"
/dev/mapper/vg0-root,/dev/mapper/vg0-root,/,ext4,,,,,,,"rw,relatime,errors=remount-ro"
tmpfs,tmpfs,/dev/shm,tmpfs,,,,,,,"rw,nosuid,nodev,inode64"
tmpfs,tmpfs,/run/lock,tmpfs,,,,,,,"rw,nosuid,nodev,noexec,relatime,size=5120k,inode64"
cgroup2,cgroup2,/sys/fs/cgroup,cgroup2,,,,,,,"rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot"
/dev/sda1,/dev/sda1,/boot,ext4,,,,,,,"rw,relatime"
/dev/sda2,/dev/sda2,/boot/efi,vfat,,,,,,,"rw,relatime,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro"
tmpfs,tmpfs,/tmp,tmpfs,,,,,,,"rw,nosuid,nodev,size=2097152k,nr_inodes=1048576,inode64"
nas.lan:/export/backup,nas.lan:/export/backup,/mnt/nas,nfs4,,,,,,,"rw,relatime,vers=4.2,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys,clientaddr=10.0.0.20,local_lock=none,addr=10.0.0.5"
/dev/disk/by-uuid/2f1e7c3a-5b7d-4c1e-9a0b-3e4f5a6b7c8d,/dev/disk/by-uuid/2f1e7c3a-5b7d-4c1e-9a0b-3e4f5a6b7c8d,/srv/shared files,ext4,,,,,,,"ro,nosuid,nodev,relatime,errors=remount-ro"
EOF
is_rc "mounts: exit 0" 0

q --line "SELECT path, type, flags FROM mounts WHERE path LIKE '/srv/%'"
is_out "mounts: \\040 in a mount point is a space" <<'EOF'
 path = /srv/shared files
 type = ext4
flags = ro,nosuid,nodev,relatime,errors=remount-ro
EOF

qc "SELECT path FROM mounts WHERE flags NOT LIKE '%nosuid%' ORDER BY path"
is_out "mounts: the audit-style query" <<'EOF'
path
/
/boot
/boot/efi
/mnt/nas
EOF

# Symlinked device paths resolve inside the root; bad lines are skipped.
T=$TMPD/mnt
mkdir -p "$T/proc/self" "$T/dev/disk/by-uuid" "$T/dev/mapper" "$T/dev/disk/by-label"
: >"$T/dev/sda1"
: >"$T/dev/dm-0"
ln -s ../../sda1 "$T/dev/disk/by-uuid/1234-abcd"
ln -s ../dm-0 "$T/dev/mapper/vg0-root"
ln -s /dev/mapper/vg0-root "$T/dev/disk/by-label/root"
ln -s loop "$T/dev/disk/by-label/loop"
ln -s ../../../../../../etc/passwd "$T/dev/disk/by-label/escape"
cat >"$T/proc/self/mountinfo" <<'EOF'
28 1 254:1 / / rw,relatime shared:1 - ext4 /dev/mapper/vg0-root rw,errors=remount-ro
garbage
45 28 8:1 / /boot rw,relatime shared:29 - ext4 /dev/disk/by-uuid/1234-abcd rw
46 28 8:1 / /boot2 rw,relatime shared:29 ext4 /dev/sda1 rw
47 28 254:1 / /r rw - ext4 /dev/disk/by-label/root rw
48 28 0:1 / /loop rw - ext4 /dev/disk/by-label/loop rw
49 28 0:1 / /esc rw - ext4 /dev/disk/by-label/escape rw
50 28 0:1 / /gone rw - ext4 /dev/nonexistent rw
51 28 0:1 / /cut rw - ext4
52 28 0:1 / /trunc
EOF
csv --root "$T" "SELECT device, device_alias, path FROM mounts"
is_out "mounts: device_alias follows symlinks in the root; bad lines skipped" <<'EOF'
device,device_alias,path
/dev/mapper/vg0-root,/dev/dm-0,/
/dev/disk/by-uuid/1234-abcd,/dev/sda1,/boot
/dev/disk/by-label/root,/dev/dm-0,/r
/dev/disk/by-label/loop,/dev/disk/by-label/loop,/loop
/dev/disk/by-label/escape,/dev/disk/by-label/escape,/esc
/dev/nonexistent,/dev/nonexistent,/gone
EOF
is_rc "mounts: garbage lines give exit 0" 0
no_err "mounts garbage"

printf '\0\0\0\n\377\376 - - -\n' >"$T/proc/self/mountinfo"
csv --root "$T" "SELECT count(*) AS n FROM mounts"
is_out "mounts: binary garbage gives no rows" <<'EOF'
n
0
EOF
is_rc "mounts: binary garbage exit 0" 0

# --- kernel_info -----------------------------------------------------------

q --line "SELECT * FROM kernel_info"
is_out "kernel_info: fixture" <<'EOF'
  version = 6.1.0-13-amd64
arguments = root=/dev/mapper/vg0-root ro quiet
     path = /vmlinuz-6.1.0-13-amd64
   device = /dev/mapper/vg0-root
EOF

K=$TMPD/kern
mkdir -p "$K/proc"
printf 'Linux version 5.10.0-26-amd64 (debian-kernel@lists.debian.org) (gcc-10)\n' >"$K/proc/version"
printf 'console=ttyS0 ro\n' >"$K/proc/cmdline"
csv --root "$K" "SELECT * FROM kernel_info"
is_out "kernel_info: /proc/version fallback, no BOOT_IMAGE or root=" <<'EOF'
version,arguments,path,device
5.10.0-26-amd64,console=ttyS0 ro,,
EOF

# --- os_version ------------------------------------------------------------

q --line "SELECT * FROM os_version"
is_out "os_version: fixture" <<'EOF'
         name = Debian GNU/Linux
      version = 12 (bookworm)
        major = 12
        minor = 
        patch = 
        build = 
     platform = debian
platform_like = 
     codename = bookworm
         arch = x86_64
EOF

qc "SELECT pid_with_namespace, mount_namespace_id FROM os_version"
is_out "os_version: hidden columns are NULL" <<'EOF'
pid_with_namespace,mount_namespace_id
,
EOF

O=$TMPD/osr
mkdir -p "$O/usr/lib" "$O/proc/sys/kernel"
printf 'aarch64\n' >"$O/proc/sys/kernel/arch"
cat >"$O/usr/lib/os-release" <<'EOF'
# Only in /usr/lib: the fallback.
NAME='Alpine Linux'
ID=alpine
ID_LIKE="alpine \"edge\""
VERSION_ID=3.18.4
garbage line here
BUILD_ID=$(reboot)
BUILD_ID="2023\$11"   # a comment
VERSION="v3.18 unterminated
VERSION_CODENAME=
EOF
csv --root "$O" "SELECT * FROM os_version"
is_out "os_version: /usr/lib fallback, quoting, garbage skipped" <<'EOF'
name,version,major,minor,patch,build,platform,platform_like,codename,arch
Alpine Linux,,3,18,4,2023$11,alpine,"alpine ""edge""",,aarch64
EOF
is_rc "os_version: garbage exit 0" 0

printf 'VERSION_ID="22.04"\nVERSION_ID=rolling\n' >"$O/usr/lib/os-release"
csv --root "$O" "SELECT major, minor, patch FROM os_version"
is_out "os_version: a non-numeric VERSION_ID, the last one wins" <<'EOF'
major,minor,patch
,,
EOF

printf 'VERSION_ID="22.04"\n' >"$O/usr/lib/os-release"
csv --root "$O" "SELECT major, minor, patch FROM os_version"
is_out "os_version: two-part VERSION_ID" <<'EOF'
major,minor,patch
22,4,
EOF

# --- system_info -----------------------------------------------------------

q --line "SELECT * FROM system_info"
is_out "system_info: fixture" <<'EOF'
          hostname = debian12
              uuid = 4c4c4544-0058-4b10-8032-b7c04f513533
          cpu_type = x86_64
       cpu_subtype = 85
         cpu_brand = Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz
cpu_physical_cores = 4
 cpu_logical_cores = 8
       cpu_sockets = 2
     cpu_microcode = 0x2007006
   physical_memory = 67163389952
   hardware_vendor = Dell Inc.
    hardware_model = PowerEdge R640
  hardware_version = 
   hardware_serial = 7XK2Q53
      board_vendor = Dell Inc.
       board_model = 0W23H8
     board_version = A01
      board_serial = .7XK2Q53.CNFCW0093B0123.
     computer_name = debian12
    local_hostname = debian12
EOF

H=$TMPD/host
mkdir -p "$H/etc"
printf 'imagehost\n' >"$H/etc/hostname"
csv --root "$H" "SELECT hostname, computer_name, uuid, cpu_logical_cores FROM system_info"
is_out "system_info: no /proc, the hostname from /etc/hostname" <<'EOF'
hostname,computer_name,uuid,cpu_logical_cores
imagehost,imagehost,,
EOF

# --- uptime ----------------------------------------------------------------

qc "SELECT * FROM uptime"
is_out "uptime: fixture (1 day 2:03:04)" <<'EOF'
days,hours,minutes,seconds,total_seconds
1,2,3,4,93784
EOF

U=$TMPD/up
mkdir -p "$U/proc"
for bad in 'garbage' '' '-5.0 1.0' '12x 3' '99999999999999999999999.0 1'; do
	printf '%s\n' "$bad" >"$U/proc/uptime"
	csv --root "$U" "SELECT * FROM uptime"
	is_out "uptime: '$bad' gives no row" <<'EOF'
days,hours,minutes,seconds,total_seconds
EOF
	is_rc "uptime: '$bad' exit 0" 0
done
printf '59' >"$U/proc/uptime"
csv --root "$U" "SELECT * FROM uptime"
is_out "uptime: a bare integer, no newline" <<'EOF'
days,hours,minutes,seconds,total_seconds
0,0,0,59,59
EOF

# --- system_controls -------------------------------------------------------

qc "SELECT * FROM system_controls"
is_out "system_controls: fixture tree with its configuration" <<'EOF'
name,oid,subsystem,current_value,config_value,type
fs.protected_hardlinks,,fs,1,,
fs.protected_symlinks,,fs,1,,
fs.suid_dumpable,,fs,0,0,
kernel.arch,,kernel,x86_64,,
kernel.dmesg_restrict,,kernel,1,1,
kernel.hostname,,kernel,debian12,,
kernel.kptr_restrict,,kernel,0,2,
kernel.osrelease,,kernel,6.1.0-13-amd64,,
kernel.ostype,,kernel,Linux,,
kernel.printk,,kernel,4	4	1	7,,
kernel.randomize_va_space,,kernel,2,2,
kernel.yama.ptrace_scope,,kernel,1,2,
net.ipv4.conf.all.accept_redirects,,net,1,,
net.ipv4.conf.all.rp_filter,,net,0,,
net.ipv4.conf.default.rp_filter,,net,2,2,
net.ipv4.conf.eth0.100.rp_filter,,net,2,2,
net.ipv4.ip_forward,,net,0,1,
net.ipv4.tcp_syncookies,,net,1,1,
vm.swappiness,,vm,60,30,
EOF

qc "SELECT name, current_value, config_value FROM system_controls WHERE name IN ('kernel.randomize_va_space', 'net.ipv4.conf.eth0.100.rp_filter', 'kernel.nope', 'net.nope', 'kernel', '../../etc/passwd', 'kernel..ostype', '') ORDER BY name"
is_out "system_controls: by name, dotted directory names, bad names" <<'EOF'
name,current_value,config_value
kernel.randomize_va_space,2,2
net.ipv4.conf.eth0.100.rp_filter,2,2
EOF
no_err "system_controls by name"

qc "SELECT name FROM system_controls WHERE subsystem = 'vm' OR subsystem = 'fs'"
is_out "system_controls: by subsystem" <<'EOF'
name
fs.protected_hardlinks
fs.protected_symlinks
fs.suid_dumpable
vm.swappiness
EOF

S=$TMPD/sys
mkdir -p "$S/proc/sys/kernel" "$S/proc/sys/vm" "$S/etc/sysctl.d" "$S/usr/lib/sysctl.d" "$S/run/sysctl.d"
printf '1\n' >"$S/proc/sys/kernel/readable"
printf '3\n' >"$S/proc/sys/vm/drop_caches"
chmod 0200 "$S/proc/sys/vm/drop_caches"
printf '  spaced\tvalue \n\n' >"$S/proc/sys/kernel/spaced"
ln -s readable "$S/proc/sys/kernel/link"
ln -s ../kernel "$S/proc/sys/vm/loop"
printf 'kernel.readable = 5\nkernel/spaced=from-usr\n' >"$S/usr/lib/sysctl.d/10-a.conf"
printf 'kernel.readable = 6\n' >"$S/usr/lib/sysctl.d/30-same.conf"
printf 'kernel.readable = 7\n' >"$S/etc/sysctl.d/30-same.conf"
printf ' - kernel.spaced = from-run \n= novalue\ngarbage line\n' >"$S/run/sysctl.d/20-b.conf"
csv --root "$S" "SELECT name, current_value, config_value FROM system_controls"
is_out "system_controls: write-only and symlinks skipped; /etc hides /usr/lib" <<'EOF'
name,current_value,config_value
kernel.readable,1,7
kernel.spaced,spaced	value,from-run
EOF
is_rc "system_controls: exit 0" 0

# --- kernel_modules --------------------------------------------------------

qc "SELECT * FROM kernel_modules"
is_out "kernel_modules: fixture" <<'EOF'
name,size,used_by,status,address
nft_chain_nat,16384,-,Live,0x0000000000000000
nf_nat,57344,nft_chain_nat,Live,0x0000000000000000
nf_conntrack,188416,nf_nat,Live,0x0000000000000000
nf_defrag_ipv6,24576,nf_conntrack,Live,0x0000000000000000
nf_defrag_ipv4,16384,nf_conntrack,Live,0x0000000000000000
libcrc32c,16384,"nf_nat,nf_conntrack,nf_tables",Live,0x0000000000000000
nf_tables,319488,nft_chain_nat,Live,0x0000000000000000
nfnetlink,20480,nf_tables,Live,0x0000000000000000
ext4,1040384,-,Live,0x0000000000000000
mbcache,16384,ext4,Live,0x0000000000000000
jbd2,184320,ext4,Live,0x0000000000000000
vboxguest,507904,-,Live,0x0000000000000000
EOF

M=$TMPD/mod
mkdir -p "$M/proc"
printf 'short 1 2\n\ngood 4096 0 - Live 0xffffffffc0000000\nbadsize x 0 - Live 0x0\n' >"$M/proc/modules"
csv --root "$M" "SELECT * FROM kernel_modules"
is_out "kernel_modules: short lines skipped, a bad size is NULL" <<'EOF'
name,size,used_by,status,address
good,4096,-,Live,0xffffffffc0000000
badsize,,-,Live,0x0
EOF

# --- an empty root: nothing to read, nothing fails ---------------------------

E=$TMPD/empty
mkdir -p "$E"
csv --root "$E" "SELECT (SELECT count(*) FROM mounts) AS m, (SELECT count(*) FROM kernel_modules) AS k, (SELECT count(*) FROM uptime) AS u, (SELECT count(*) FROM system_controls) AS s, (SELECT count(*) FROM os_version) AS o, (SELECT count(*) FROM system_info) AS i, (SELECT count(*) FROM kernel_info) AS ki"
is_out "empty root: single-row tables keep their row, the rest are empty" <<'EOF'
m,k,u,s,o,i,ki
0,0,0,0,1,1,1
EOF
is_rc "empty root: exit 0" 0

csv --root "$E" "SELECT * FROM kernel_info"
is_out "empty root: kernel_info all NULL" <<'EOF'
version,arguments,path,device
,,,
EOF

# --- time (not from the root) -----------------------------------------------

before=$(date +%s)
qc "SELECT unix_time, datetime, iso_8601, timestamp, weekday, year, month, day, hour, minutes, seconds, timezone FROM time"
after=$(date +%s)
row=$(tail -n 1 "$OUT")
IFS=, read -r t dt iso ts wd y mo d h mi s tz <<<"$row"
ok "time: unix_time within the run" test "$t" -ge "$before" -a "$t" -le "$after"
ok "time: datetime matches unix_time" test "$dt" = "$(date -u -d "@$t" +%Y-%m-%dT%H:%M:%SZ)"
ok "time: iso_8601 equals datetime" test "$iso" = "$dt"
ok "time: timestamp in asctime form" test "$ts" = "$(LC_ALL=C date -u -d "@$t" '+%a %b %e %H:%M:%S %Y UTC')"
ok "time: weekday" test "$wd" = "$(LC_ALL=C date -u -d "@$t" +%A)"
ok "time: fields" test "$y-$mo-$d $h:$mi:$s" = "$(date -u -d "@$t" '+%Y-%-m-%-d %-H:%-M:%-S')"
ok "time: timezone" test "$tz" = UTC

TZ=America/New_York csv "SELECT local_timezone FROM time"
zone=$(tail -n 1 "$OUT")
if [ -e /usr/share/zoneinfo/America/New_York ]; then
	ok "time: local_timezone follows TZ" test "$zone" = "$(TZ=America/New_York date +%Z)"
else
	skip "time: local_timezone follows TZ" "no tzdata"
fi

# --- the live host -----------------------------------------------------------

csv "SELECT version FROM kernel_info"
ok "live: kernel_info.version is uname -r" test "$(tail -n 1 "$OUT")" = "$(uname -r)"

if [ -r /etc/os-release ] || [ -r /usr/lib/os-release ]; then
	osr=/etc/os-release
	[ -r $osr ] || osr=/usr/lib/os-release
	want=$(. "$osr" && echo "${ID:-}")
	csv "SELECT platform FROM os_version"
	ok "live: os_version.platform is ID" test "$(tail -n 1 "$OUT")" = "$want"
else
	skip "live: os_version.platform is ID" "no os-release"
fi

csv "SELECT total_seconds FROM uptime"
up=$(tail -n 1 "$OUT")
real=$(cut -d. -f1 /proc/uptime)
ok "live: uptime close to /proc/uptime" test "$up" -ge "$((real - 5))" -a "$up" -le "$((real + 5))"

csv "SELECT current_value FROM system_controls WHERE name = 'kernel.ostype'"
is_out "live: kernel.ostype" <<'EOF'
current_value
Linux
EOF

csv "SELECT count(*) FROM mounts WHERE path = '/'"
ok "live: mounts has /" test "$(tail -n 1 "$OUT")" -ge 1
csv "SELECT count(*) FROM mounts"
ok "live: one mounts row per mountinfo line" test "$(tail -n 1 "$OUT")" = "$(wc -l </proc/self/mountinfo)"
csv "SELECT blocks_size > 0 AND blocks >= blocks_free FROM mounts WHERE path = '/' LIMIT 1"
ok "live: statfs of / is filled" test "$(tail -n 1 "$OUT")" = 1

csv "SELECT hostname FROM system_info"
ok "live: hostname" test "$(tail -n 1 "$OUT")" = "$(hostname)"

csv "SELECT count(*) FROM kernel_modules"
if [ -r /proc/modules ]; then
	ok "live: one kernel_modules row per module" test "$(tail -n 1 "$OUT")" = "$(wc -l </proc/modules)"
else
	ok "live: no /proc/modules, no rows" test "$(tail -n 1 "$OUT")" = 0
fi

csv "SELECT count(*) FROM system_controls"
ok "live: system_controls has rows" test "$(tail -n 1 "$OUT")" -gt 100
is_rc "live: system_controls exit 0" 0
