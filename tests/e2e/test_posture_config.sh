# SPDX-License-Identifier: Apache-2.0
# The configuration posture tables: sshd_config, systemd_unit_hardening,
# apt_source_trust, login_defs and pam.
#
# Exact rows from the fixture hosts:
#   hardened  sshd with root and password logins off, drop-ins included
#             first, an SFTP Match block; two sandboxed services (one with
#             a drop-in, one with DynamicUser=); apt sources signed by
#             keyrings that exist; login.defs with YESCRYPT, 365 days and
#             UMASK 027; PAM with pam_faillock and pam_pwquality
#   weak      sshd with root, password and empty-password logins, an
#             Include loop (a drop-in including itself and, through "..",
#             the main file), a Match block in a drop-in, an Include
#             inside a Match block; services as root with no sandboxing, a
#             "nobody" one and a masked one; trusted=yes over http, no
#             Signed-By with no global keyring, insecure options, a
#             Signed-By to a missing keyring; login.defs with MD5, 99999
#             days and UMASK 022; pam_unix with nullok
#   debian12  sshd_config as Debian ships it, with a hardening drop-in
# Then the exposure scores checked against systemd-analyze (fixtures and
# this host), trees built under $TMPD for edge cases, and the live host's
# apt sources, login.defs and PAM files read independently.
. "${TOP:?}/tests/lib.sh" || exit 1

H="--root $FIX/hardened"
W="--root $FIX/weak"
D="--root $FIX/debian12"

# CSV lines end in CRLF: strip the CRs so expectations are plain lines.
csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

# ---- sshd_config ------------------------------------------------------------

csv $H "SELECT * FROM sshd_config"
is_rc "hardened sshd_config: exit 0" 0
is_out "hardened sshd_config: drop-ins first, Match block apart, defaults" <<'EOF'
keyword,value,match,source,file,line
ciphers,"chacha20-poly1305@openssh.com,aes256-gcm@openssh.com",,file,/etc/ssh/sshd_config.d/10-crypto.conf,2
macs,"hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com",,file,/etc/ssh/sshd_config.d/10-crypto.conf,3
kexalgorithms,"sntrup761x25519-sha512@openssh.com,curve25519-sha256",,file,/etc/ssh/sshd_config.d/10-crypto.conf,4
clientaliveinterval,300,,file,/etc/ssh/sshd_config.d/10-crypto.conf,5
clientalivecountmax,2,,file,/etc/ssh/sshd_config.d/10-crypto.conf,6
logingracetime,30,,file,/etc/ssh/sshd_config.d/20-limits.conf,1
maxsessions,2,,file,/etc/ssh/sshd_config.d/20-limits.conf,2
maxstartups,5:50:20,,file,/etc/ssh/sshd_config.d/20-limits.conf,3
allowgroups,sftp-only,,file,/etc/ssh/sshd_config.d/20-limits.conf,4
port,22,,file,/etc/ssh/sshd_config,4
hostkey,/etc/ssh/ssh_host_ed25519_key,,file,/etc/ssh/sshd_config,5
permitrootlogin,no,,file,/etc/ssh/sshd_config,6
passwordauthentication,no,,file,/etc/ssh/sshd_config,7
kbdinteractiveauthentication,no,,file,/etc/ssh/sshd_config,8
x11forwarding,no,,file,/etc/ssh/sshd_config,9
maxauthtries,3,,file,/etc/ssh/sshd_config,10
loglevel,VERBOSE,,file,/etc/ssh/sshd_config,11
allowgroups,ssh-users admins,,file,/etc/ssh/sshd_config,12
banner,/etc/issue.net,,file,/etc/ssh/sshd_config,13
usepam,yes,,file,/etc/ssh/sshd_config,14
subsystem,sftp internal-sftp,,file,/etc/ssh/sshd_config,15
forcecommand,internal-sftp -l INFO,Group sftp-only,file,/etc/ssh/sshd_config,19
chrootdirectory,/srv/sftp/%u,Group sftp-only,file,/etc/ssh/sshd_config,20
allowtcpforwarding,no,Group sftp-only,file,/etc/ssh/sshd_config,21
x11forwarding,no,Group sftp-only,file,/etc/ssh/sshd_config,22
addressfamily,any,,default,,
allowagentforwarding,yes,,default,,
allowstreamlocalforwarding,yes,,default,,
allowtcpforwarding,yes,,default,,
authenticationmethods,any,,default,,
authorizedkeyscommand,none,,default,,
authorizedkeysfile,.ssh/authorized_keys .ssh/authorized_keys2,,default,,
authorizedprincipalsfile,none,,default,,
casignaturealgorithms,"ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",,default,,
chrootdirectory,none,,default,,
compression,yes,,default,,
debianbanner,yes,,default,,
disableforwarding,no,,default,,
exposeauthinfo,no,,default,,
fingerprinthash,SHA256,,default,,
forcecommand,none,,default,,
gatewayports,no,,default,,
gssapiauthentication,no,,default,,
gssapicleanupcredentials,yes,,default,,
gssapistrictacceptorcheck,yes,,default,,
hostbasedacceptedalgorithms,"ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",,default,,
hostbasedauthentication,no,,default,,
hostbasedusesnamefrompacketonly,no,,default,,
hostkeyalgorithms,"ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",,default,,
ignorerhosts,yes,,default,,
ignoreuserknownhosts,no,,default,,
ipqos,lowdelay throughput,,default,,
kerberosauthentication,no,,default,,
kerberosorlocalpasswd,yes,,default,,
kerberosticketcleanup,yes,,default,,
modulifile,/etc/ssh/moduli,,default,,
permitemptypasswords,no,,default,,
permitlisten,any,,default,,
permitopen,any,,default,,
permittty,yes,,default,,
permittunnel,no,,default,,
permituserenvironment,no,,default,,
permituserrc,yes,,default,,
persourcemaxstartups,none,,default,,
persourcenetblocksize,32:128,,default,,
pidfile,/run/sshd.pid,,default,,
printlastlog,yes,,default,,
printmotd,yes,,default,,
pubkeyacceptedalgorithms,"ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",,default,,
pubkeyauthentication,yes,,default,,
pubkeyauthoptions,none,,default,,
rekeylimit,default none,,default,,
requiredrsasize,1024,,default,,
revokedkeys,none,,default,,
securitykeyprovider,internal,,default,,
streamlocalbindmask,0177,,default,,
streamlocalbindunlink,no,,default,,
strictmodes,yes,,default,,
syslogfacility,AUTH,,default,,
tcpkeepalive,yes,,default,,
trustedusercakeys,none,,default,,
usedns,no,,default,,
versionaddendum,none,,default,,
x11displayoffset,10,,default,,
x11uselocalhost,yes,,default,,
xauthlocation,/usr/bin/xauth,,default,,
EOF

KEYS="'permitrootlogin','passwordauthentication','permitemptypasswords','x11forwarding','maxauthtries','usepam','kbdinteractiveauthentication','allowagentforwarding','permittunnel','allowtcpforwarding'"
csv $W "SELECT * FROM sshd_config WHERE source = 'file' OR keyword IN ($KEYS)"
is_rc "weak sshd_config: the Include loop ends cleanly" 0
is_out "weak sshd_config: first value wins, loop cut, Match blocks nested" <<'EOF'
keyword,value,match,source,file,line
permittunnel,yes,,file,/etc/ssh/sshd_config.d/loop.conf,5
passwordauthentication,no,Address 192.168.0.0/16,file,/etc/ssh/sshd_config.d/match.conf,3
allowtcpforwarding,no,Address 192.168.0.0/16,file,/etc/ssh/sshd_config.d/match.conf,4
permitrootlogin,yes,,file,/etc/ssh/sshd_config,4
passwordauthentication,yes,,file,/etc/ssh/sshd_config,5
permitemptypasswords,yes,,file,/etc/ssh/sshd_config,6
x11forwarding,yes,,file,/etc/ssh/sshd_config,7
kbdinteractiveauthentication,yes,,file,/etc/ssh/sshd_config,8
permituserenvironment,yes,,file,/etc/ssh/sshd_config,11
gatewayports,yes,,file,/etc/ssh/sshd_config,12
maxauthtries,10,,file,/etc/ssh/sshd_config,13
ignorerhosts,no,,file,/etc/ssh/sshd_config,14
ciphers,"+aes128-cbc,3des-cbc",,file,/etc/ssh/sshd_config,16
subsystem,sftp /usr/lib/openssh/sftp-server,,file,/etc/ssh/sshd_config,18
permitrootlogin,yes,User backup,file,/etc/ssh/sshd_config,21
allowtcpforwarding,yes,User backup,file,/etc/ssh/sshd_config.d/backup.inc,1
permittty,no,User backup Address 10.0.0.0/8,file,/etc/ssh/sshd_config.d/backup.inc,3
passwordauthentication,yes,User backup,file,/etc/ssh/sshd_config,23
forcecommand,"/usr/local/bin/backup --from ""$SSH_ORIGINAL_COMMAND""",User backup,file,/etc/ssh/sshd_config,24
allowagentforwarding,yes,,default,,
allowtcpforwarding,yes,,default,,
usepam,no,,default,,
EOF
csv $W "SELECT source, count(*) AS n FROM sshd_config GROUP BY source"
is_out "weak sshd_config: 70 defaults besides the 19 lines" <<'EOF'
source,n
default,70
file,19
EOF

csv $D "SELECT * FROM sshd_config WHERE source = 'file' OR keyword IN ($KEYS, 'pubkeyauthentication')"
is_out "debian12 sshd_config: Debian's file and its hardening drop-in" <<'EOF'
keyword,value,match,source,file,line
permitrootlogin,no,,file,/etc/ssh/sshd_config.d/hardening.conf,1
passwordauthentication,no,,file,/etc/ssh/sshd_config.d/hardening.conf,2
maxauthtries,3,,file,/etc/ssh/sshd_config.d/hardening.conf,3
kbdinteractiveauthentication,no,,file,/etc/ssh/sshd_config,16
usepam,yes,,file,/etc/ssh/sshd_config,18
x11forwarding,yes,,file,/etc/ssh/sshd_config,20
printmotd,no,,file,/etc/ssh/sshd_config,21
acceptenv,LANG LC_*,,file,/etc/ssh/sshd_config,23
subsystem,sftp /usr/lib/openssh/sftp-server,,file,/etc/ssh/sshd_config,25
allowagentforwarding,yes,,default,,
allowtcpforwarding,yes,,default,,
permitemptypasswords,no,,default,,
permittunnel,no,,default,,
pubkeyauthentication,yes,,default,,
EOF
csv $D "SELECT count(*) AS n FROM sshd_config WHERE source = 'default'"
is_out "debian12 sshd_config: the other keywords from the defaults" <<'EOF'
n
74
EOF

# Edge cases in scratch trees: a self-including main file, 17 nested
# includes, a glob matching directories and dot files, a 2 MiB line, a NUL
# byte, an unterminated quote.  And no sshd_config at all.
T=$TMPD/sshd
mkdir -p "$T/etc/ssh/d/sub.conf" "$T/etc/ssh/chain"
{
	echo 'Include /etc/ssh/sshd_config chain/c00 d/*.conf'
	printf 'PermitRootLogin no\0yes\n'
	echo 'Banner "/etc/issue'
	printf 'DenyUsers %02097152d\n' 0
	echo 'PasswordAuthentication no'
} >"$T/etc/ssh/sshd_config"
for i in $(seq 0 19); do
	printf 'Port %d\nInclude chain/c%02d\n' $((2200 + i)) $((i + 1)) \
		>"$T/etc/ssh/chain/c$(printf %02d "$i")"
done
echo 'PermitTunnel yes' >"$T/etc/ssh/d/.hidden.conf"
echo 'MaxSessions 4' >"$T/etc/ssh/d/a.conf"
csv --root "$T" "SELECT keyword, value, file, line FROM sshd_config WHERE source = 'file'"
is_rc "scratch sshd_config: hostile files give rows, not errors" 0
is_out "scratch sshd_config: 16 include levels, loops and bad lines skipped" <<'EOF'
keyword,value,file,line
port,2200,/etc/ssh/chain/c00,1
port,2201,/etc/ssh/chain/c01,1
port,2202,/etc/ssh/chain/c02,1
port,2203,/etc/ssh/chain/c03,1
port,2204,/etc/ssh/chain/c04,1
port,2205,/etc/ssh/chain/c05,1
port,2206,/etc/ssh/chain/c06,1
port,2207,/etc/ssh/chain/c07,1
port,2208,/etc/ssh/chain/c08,1
port,2209,/etc/ssh/chain/c09,1
port,2210,/etc/ssh/chain/c10,1
port,2211,/etc/ssh/chain/c11,1
port,2212,/etc/ssh/chain/c12,1
port,2213,/etc/ssh/chain/c13,1
port,2214,/etc/ssh/chain/c14,1
port,2215,/etc/ssh/chain/c15,1
maxsessions,4,/etc/ssh/d/a.conf,1
passwordauthentication,no,/etc/ssh/sshd_config,5
EOF
# A pattern of 100 components and one of 40 wildcards match nothing,
# quickly; a FIFO in place of a file is not opened (it would block).
T2=$TMPD/sshd2
mkdir -p "$T2/etc/ssh/d"
echo 'Port 1' >"$T2/etc/ssh/d/x.conf"
{
	printf 'Include /etc/ssh'
	for i in $(seq 1 100); do printf '/.'; done
	printf '/d/x.conf\n'
	printf 'Include d/%s\n' "$(printf '*%.0s' $(seq 1 40))"
	echo 'Include d/*.conf'
} >"$T2/etc/ssh/sshd_config"
csv --root "$T2" "SELECT keyword, value, file FROM sshd_config WHERE source = 'file'"
is_out "scratch sshd_config: runaway glob patterns match nothing" <<'EOF'
keyword,value,file
port,1,/etc/ssh/d/x.conf
EOF
mkdir -p "$TMPD/fifo/etc/ssh"
mkfifo "$TMPD/fifo/etc/ssh/sshd_config" "$TMPD/fifo/etc/login.defs"
ok "a FIFO as sshd_config or login.defs: no rows, no hang" \
	timeout 20 "$VIGIL" query --root "$TMPD/fifo" \
	"SELECT count(*) FROM sshd_config UNION ALL SELECT count(*) FROM login_defs"

mkdir -p "$TMPD/nossh/etc"
csv --root "$TMPD/nossh" "SELECT * FROM sshd_config"
is_out "no sshd_config: no rows" <<'EOF'
keyword,value,match,source,file,line
EOF

# ---- systemd_unit_hardening ---------------------------------------------------

run query --json $H "SELECT * FROM systemd_unit_hardening"
is_out "hardened units: sandboxed, low exposure" <<'EOF'
[
  {"unit":"timekeeper.service","fragment_path":"/etc/systemd/system/timekeeper.service","user":"timekeeper","dynamic_user":1,"no_new_privileges":1,"protect_system":"strict","protect_home":"yes","private_tmp":1,"private_devices":1,"protect_kernel_tunables":1,"protect_kernel_modules":1,"protect_kernel_logs":1,"protect_control_groups":1,"protect_clock":1,"protect_hostname":1,"restrict_namespaces":"yes","restrict_realtime":1,"restrict_suid_sgid":1,"lock_personality":1,"memory_deny_write_execute":1,"capability_bounding_set":"","ambient_capabilities":"","system_call_filter":"@system-service; ~@privileged @resources @mount","system_call_architectures":"native","restrict_address_families":"none","private_network":1,"ip_address_deny":"any","umask":"0077","exposure":0.2},
  {"unit":"webapp.service","fragment_path":"/lib/systemd/system/webapp.service","user":"webapp","dynamic_user":0,"no_new_privileges":1,"protect_system":"strict","protect_home":"yes","private_tmp":1,"private_devices":1,"protect_kernel_tunables":1,"protect_kernel_modules":1,"protect_kernel_logs":1,"protect_control_groups":1,"protect_clock":1,"protect_hostname":1,"restrict_namespaces":"yes","restrict_realtime":1,"restrict_suid_sgid":1,"lock_personality":1,"memory_deny_write_execute":1,"capability_bounding_set":"","ambient_capabilities":"","system_call_filter":"@system-service; ~@privileged @resources","system_call_architectures":"native","restrict_address_families":"AF_UNIX AF_INET AF_INET6","private_network":0,"ip_address_deny":"any","umask":"0077","exposure":1.1}
]
EOF
is_rc "hardened units: exit 0" 0

ALLCAPS="CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_LINUX_IMMUTABLE CAP_NET_BIND_SERVICE CAP_NET_BROADCAST CAP_NET_ADMIN CAP_NET_RAW CAP_IPC_LOCK CAP_IPC_OWNER CAP_SYS_MODULE CAP_SYS_RAWIO CAP_SYS_CHROOT CAP_SYS_PTRACE CAP_SYS_PACCT CAP_SYS_ADMIN CAP_SYS_BOOT CAP_SYS_NICE CAP_SYS_RESOURCE CAP_SYS_TIME CAP_SYS_TTY_CONFIG CAP_MKNOD CAP_LEASE CAP_AUDIT_WRITE CAP_AUDIT_CONTROL CAP_SETFCAP CAP_MAC_OVERRIDE CAP_MAC_ADMIN CAP_SYSLOG CAP_WAKE_ALARM CAP_BLOCK_SUSPEND CAP_AUDIT_READ CAP_PERFMON CAP_BPF CAP_CHECKPOINT_RESTORE"
run query --json $W "SELECT * FROM systemd_unit_hardening"
sed "s/$ALLCAPS/ALL/" "$OUT" >"$OUT.all" && mv "$OUT.all" "$OUT"
is_out "weak units: root, no sandboxing, high exposure; masked unit left out" <<'EOF'
[
  {"unit":"backup.service","fragment_path":"/etc/systemd/system/backup.service","user":"root","dynamic_user":0,"no_new_privileges":0,"protect_system":"no","protect_home":"no","private_tmp":0,"private_devices":0,"protect_kernel_tunables":0,"protect_kernel_modules":0,"protect_kernel_logs":0,"protect_control_groups":0,"protect_clock":0,"protect_hostname":0,"restrict_namespaces":null,"restrict_realtime":0,"restrict_suid_sgid":0,"lock_personality":0,"memory_deny_write_execute":0,"capability_bounding_set":"ALL","ambient_capabilities":"CAP_DAC_READ_SEARCH CAP_SYS_ADMIN","system_call_filter":null,"system_call_architectures":null,"restrict_address_families":null,"private_network":0,"ip_address_deny":null,"umask":"0000","exposure":10.0},
  {"unit":"legacyd.service","fragment_path":"/lib/systemd/system/legacyd.service","user":"root","dynamic_user":0,"no_new_privileges":0,"protect_system":"no","protect_home":"no","private_tmp":0,"private_devices":0,"protect_kernel_tunables":0,"protect_kernel_modules":0,"protect_kernel_logs":0,"protect_control_groups":0,"protect_clock":0,"protect_hostname":0,"restrict_namespaces":null,"restrict_realtime":0,"restrict_suid_sgid":0,"lock_personality":0,"memory_deny_write_execute":0,"capability_bounding_set":"ALL","ambient_capabilities":"","system_call_filter":null,"system_call_architectures":null,"restrict_address_families":null,"private_network":0,"ip_address_deny":null,"umask":"0022","exposure":9.6},
  {"unit":"webui.service","fragment_path":"/etc/systemd/system/webui.service","user":"nobody","dynamic_user":0,"no_new_privileges":0,"protect_system":"yes","protect_home":"no","private_tmp":0,"private_devices":0,"protect_kernel_tunables":0,"protect_kernel_modules":0,"protect_kernel_logs":0,"protect_control_groups":0,"protect_clock":0,"protect_hostname":0,"restrict_namespaces":null,"restrict_realtime":0,"restrict_suid_sgid":0,"lock_personality":0,"memory_deny_write_execute":0,"capability_bounding_set":"ALL","ambient_capabilities":"","system_call_filter":"~@mount","system_call_architectures":null,"restrict_address_families":null,"private_network":0,"ip_address_deny":null,"umask":"0022","exposure":9.3}
]
EOF

csv $D "SELECT unit, user, protect_system, exposure FROM systemd_unit_hardening"
is_out "debian12 units: every loaded service, instances included" <<'EOF'
unit,user,protect_system,exposure
apt-daily.service,_apt,no,9.2
backup.service,backup,no,9.2
cron.service,root,no,9.6
getty@tty1.service,root,no,9.6
ssh.service,root,strict,9.4
systemd-journald.service,root,no,6.2
EOF

# Settings systemd reads in its own ways, each scored as systemd-analyze
# 252 scores it (the expected exposures were taken from it).
U=$TMPD/units/etc/systemd/system
mkdir -p "$U"
unit() { printf '[Service]\nExecStart=/bin/true\n%b' "$2" >"$U/$1.service"; }
unit a1 'NoNewPrivileges=yes\nNoNewPrivileges=\nProtectSystem=bogus\nProtectHome=read-only\n'
unit a2 'DynamicUser=yes\n'
unit a3 'CapabilityBoundingSet=~CAP_SYS_ADMIN\nCapabilityBoundingSet=CAP_SYS_PTRACE\n'
unit a4 'RestrictNamespaces=~user\nRestrictNamespaces=net\nRestrictAddressFamilies=~AF_INET AF_PACKET\nRestrictAddressFamilies=AF_PACKET\n'
unit a5 'SystemCallFilter=~@mount @swap\nSystemCallFilter=mount\n'
unit a6 'SystemCallArchitectures=native x86\nIPAddressDeny=any\nIPAddressAllow=10.0.0.0/8\n'
unit a7 'PrivateDevices=yes\nDeviceAllow=/dev/null rw\nKeyringMode=shared\nProtectProc=invisible\nProcSubset=pid\nNotifyAccess=all\nDelegate=yes\nUMask=0002\n'
unit a8 'SystemCallFilter=@system-service\nSystemCallFilter=~@resources:EPERM\nSystemCallFilter=@clock:EPERM\n'
unit a9 'ProtectKernelModules=yes\nPrivateDevices=yes\nProtectClock=yes\nCapabilityBoundingSet=CAP_SYS_MODULE CAP_MKNOD CAP_KILL\nDevicePolicy=strict\n'
printf '[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/true\nRootDirectory=/srv\nUser=0\n' >"$U/a10.service"
csv --root "$TMPD/units" "SELECT unit, user, protect_system, protect_home, restrict_namespaces, restrict_address_families, system_call_filter, system_call_architectures, ip_address_deny, umask, ambient_capabilities, CASE WHEN length(capability_bounding_set) > 100 THEN 'most' ELSE capability_bounding_set END AS caps, exposure FROM systemd_unit_hardening"
is_out "scratch units: systemd's parsing rules and what it implies" <<'EOF'
unit,user,protect_system,protect_home,restrict_namespaces,restrict_address_families,system_call_filter,system_call_architectures,ip_address_deny,umask,ambient_capabilities,caps,exposure
a1.service,root,no,read-only,,,,,,0022,,most,9.3
a10.service,0,no,no,,,,,,0022,,most,9.5
a2.service,a2,strict,read-only,,,,,,0022,,most,8.4
a3.service,root,no,no,,,,,,0022,,most,9.3
a4.service,root,no,no,cgroup ipc net mnt pid uts,~AF_INET,,,,0022,,most,9.0
a5.service,root,no,no,,,~@mount @swap; mount,,,0022,,most,9.4
a6.service,root,no,no,,,,native x86,any,0022,,most,9.5
a7.service,root,no,no,,,,,,0002,,most,9.2
a8.service,root,no,no,,,@system-service; ~@resources:EPERM; @clock:EPERM,,,0022,,most,8.1
a9.service,root,no,no,,,,,,0022,,CAP_KILL,6.5
EOF

# The exposure against systemd-analyze itself, offline, unit by unit: the
# fixtures, the scratch units and every service of this host.
compare_analyze() { # root label
	local root=$1 label=$2 unit frag exp sa n=0
	"$VIGIL" query --root "$root" --csv \
		"SELECT unit, fragment_path, exposure FROM systemd_unit_hardening" |
		sed 's/\r$//' | tail -n +2 >"$TMPD/units.csv"
	: >"$TMPD/analyze.diff"
	while IFS=, read -r unit frag exp; do
		if [ "$root" = / ]; then
			sa=$(cd "$TMPD" && systemd-analyze security \
				--offline=true "$unit" 2>/dev/null)
		else
			sa=$(cd "$TMPD" && systemd-analyze security \
				--offline=true --root="$root" "$unit" 2>/dev/null)
		fi
		sa=$(printf '%s\n' "$sa" | sed -n \
			's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
		[ -n "$sa" ] || continue
		n=$((n + 1))
		[ "$sa" = "$exp" ] ||
			echo "$unit: vigil $exp, systemd-analyze $sa" >>"$TMPD/analyze.diff"
	done <"$TMPD/units.csv"
	if [ "$n" -eq 0 ]; then
		skip "exposure = systemd-analyze ($label)" "it scored no unit"
	else
		ok "exposure = systemd-analyze security --offline, $n units ($label)" \
			sh -c '! test -s "$1" || { cat "$1"; false; }' - "$TMPD/analyze.diff"
	fi
}
if command -v systemd-analyze >/dev/null 2>&1 &&
	(cd "$TMPD" && systemd-analyze security --offline=true \
		--root="$FIX/hardened" webapp.service >/dev/null 2>&1); then
	compare_analyze "$FIX/hardened" hardened
	compare_analyze "$FIX/weak" weak
	compare_analyze "$FIX/debian12" debian12
	compare_analyze "$TMPD/units" "scratch units"
	compare_analyze / "this host"
else
	skip "exposure = systemd-analyze" "no systemd-analyze with --offline"
fi

# ---- apt_source_trust -----------------------------------------------------------

csv $H "SELECT * FROM apt_source_trust"
is_out "hardened apt sources: https, each signed by a keyring that exists" <<'EOF'
type,name,uri,suite,components,file,line,signed_by,keyring_exists,trusted,allow_insecure,allow_weak,allow_downgrade_to_insecure,scheme,signed
deb,deb.debian.org/debian bookworm,https://deb.debian.org/debian,bookworm,main,/etc/apt/sources.list.d/debian.sources,1,/usr/share/keyrings/debian-archive-keyring.gpg,1,0,0,0,0,https,1
deb,deb.debian.org/debian bookworm-updates,https://deb.debian.org/debian,bookworm-updates,main,/etc/apt/sources.list.d/debian.sources,1,/usr/share/keyrings/debian-archive-keyring.gpg,1,0,0,0,0,https,1
deb,security.debian.org/debian-security bookworm-security,https://security.debian.org/debian-security,bookworm-security,main,/etc/apt/sources.list.d/debian.sources,7,/usr/share/keyrings/debian-archive-keyring.gpg,1,0,0,0,0,https,1
deb,apt.vendor.example/debian stable,https://apt.vendor.example/debian,stable,main,/etc/apt/sources.list.d/vendor.list,2,/usr/share/keyrings/vendor-archive-keyring.gpg,1,0,0,0,0,https,1
EOF
csv $W "SELECT * FROM apt_source_trust"
is_out "weak apt sources: trusted=yes over http, no keyring, insecure options" <<'EOF'
type,name,uri,suite,components,file,line,signed_by,keyring_exists,trusted,allow_insecure,allow_weak,allow_downgrade_to_insecure,scheme,signed
deb,repo.example.net/debian bookworm,http://repo.example.net/debian,bookworm,main contrib,/etc/apt/sources.list,2,,,1,0,0,0,http,0
deb,deb.debian.org/debian bookworm,http://deb.debian.org/debian,bookworm,main,/etc/apt/sources.list,4,,,0,0,0,0,http,0
deb,old.example.net/debian buster,http://old.example.net/debian,buster,main,/etc/apt/sources.list,5,,,0,1,1,1,http,0
deb,gone.example.org/apt stable,https://gone.example.org/apt,stable,main,/etc/apt/sources.list,6,/usr/share/keyrings/gone.gpg,0,0,0,0,0,https,0
deb,mirror.example.com/debian bookworm,http://mirror.example.com/debian,bookworm,main,/etc/apt/sources.list.d/mirror.sources,1,,,1,0,0,0,http,0
deb-src,mirror.example.com/debian bookworm,http://mirror.example.com/debian,bookworm,main,/etc/apt/sources.list.d/mirror.sources,1,,,1,0,0,0,http,0
EOF
ok "weak apt sources: the password in a URI is not shown" \
	sh -c '! grep -q hunter2 "$1"' - "$OUT"

csv $D "SELECT type, uri, suite, line, scheme, signed FROM apt_source_trust"
is_out "debian12 apt sources: deb822 paragraphs, an embedded key, the cdrom URI as one word" <<'EOF'
type,uri,suite,line,scheme,signed
deb,http://deb.debian.org/debian,bookworm,2,http,0
deb-src,http://deb.debian.org/debian,bookworm,3,http,0
deb,https://download.docker.com/linux/debian/,bookworm,6,https,0
deb,cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_ - Official amd64 DVD Binary-1]/,bookworm,7,cdrom,0
deb,http://mirror.example.org:8080/debian/,bookworm-updates,8,http,0
deb,http://local.example.org/repo,./,9,http,0
deb,http://deb.debian.org/debian,bookworm,1,http,0
deb,http://deb.debian.org/debian,bookworm-updates,1,http,0
deb,http://deb.debian.org/debian-security,bookworm-security,8,http,0
deb,https://x.example/apt,stable,1,https,0
deb-src,https://a.example.com/apt,stable,2,https,1
deb-src,https://a.example.com/apt,testing,2,https,1
deb-src,https://b.example.com/apt/,stable,2,https,1
deb-src,https://b.example.com/apt/,testing,2,https,1
deb,https://a.example.com/apt,stable,2,https,1
deb,https://a.example.com/apt,testing,2,https,1
deb,https://b.example.com/apt/,stable,2,https,1
deb,https://b.example.com/apt/,testing,2,https,1
deb-src,https://src-only.example.com/apt,stable,19,https,0
deb,https://insecure.example.com/apt,/,24,https,0
EOF

# Global keyrings, fingerprints, an embedded key, names apt ignores.
A=$TMPD/apt
mkdir -p "$A/etc/apt/sources.list.d" "$A/etc/apt/trusted.gpg.d"
cat >"$A/etc/apt/sources.list.d/b.sources" <<'EOF'
# A key in the file itself.
Types: deb
URIs: https://inline.example/apt
Suites: stable
Components: main
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 mDMEZQAAABYJKwYBBAHaRw8BAQdAexample
 -----END PGP PUBLIC KEY BLOCK-----

Types: deb
URIs: tor+https://onion.example/apt
Suites: stable
Signed-By: 0123456789ABCDEF0123456789ABCDEF01234567
Enabled: yes

Types: deb
URIs: https://off.example/apt
Suites: stable
Enabled: no
EOF
cat >"$A/etc/apt/sources.list.d/a.list" <<'EOF'
deb file:/srv/repo ./
deb [signed-by=/etc/apt/k1.gpg,/etc/apt/k2.gpg] https://two.example/apt stable main
EOF
echo 'deb http://ignored.example/ x main' >"$A/etc/apt/sources.list.d/my repo.list"
echo key >"$A/etc/apt/k1.gpg"
echo key >"$A/etc/apt/trusted.gpg.d/debian.asc"
csv --root "$A" "SELECT type, name, uri, suite, file, line, signed_by, keyring_exists, scheme, signed FROM apt_source_trust"
is_out "scratch apt sources: global keyrings, fingerprints, embedded keys" <<'EOF'
type,name,uri,suite,file,line,signed_by,keyring_exists,scheme,signed
deb,,file:/srv/repo,./,/etc/apt/sources.list.d/a.list,1,,,file,1
deb,two.example/apt stable,https://two.example/apt,stable,/etc/apt/sources.list.d/a.list,2,"/etc/apt/k1.gpg,/etc/apt/k2.gpg",0,https,0
deb,inline.example/apt stable,https://inline.example/apt,stable,/etc/apt/sources.list.d/b.sources,2,-----BEGIN PGP PUBLIC KEY BLOCK-----,1,https,1
deb,onion.example/apt stable,tor+https://onion.example/apt,stable,/etc/apt/sources.list.d/b.sources,12,0123456789ABCDEF0123456789ABCDEF01234567,1,tor+https,1
EOF
rm "$A/etc/apt/trusted.gpg.d/debian.asc"
csv --root "$A" "SELECT uri, keyring_exists, signed FROM apt_source_trust WHERE signed_by IS NULL OR signed_by NOT LIKE '/%'"
is_out "scratch apt sources: no global keyring, nothing else to check with" <<'EOF'
uri,keyring_exists,signed
file:/srv/repo,,0
https://inline.example/apt,1,1
tor+https://onion.example/apt,0,0
EOF

# ---- login_defs ------------------------------------------------------------------

csv $H "SELECT * FROM login_defs"
is_out "hardened login.defs: yescrypt, 365 days, UMASK 027 (the last one)" <<'EOF'
key,value,file,line
MAIL_DIR,/var/mail,/etc/login.defs,4
FAILLOG_ENAB,yes,/etc/login.defs,5
LOG_OK_LOGINS,yes,/etc/login.defs,6
SYSLOG_SU_ENAB,yes,/etc/login.defs,7
ENV_SUPATH,PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin,/etc/login.defs,8
ENV_PATH,PATH=/usr/local/bin:/usr/bin:/bin,/etc/login.defs,9
TTYGROUP,tty,/etc/login.defs,10
TTYPERM,0600,/etc/login.defs,11
PASS_MAX_DAYS,365,/etc/login.defs,14
PASS_MIN_DAYS,1,/etc/login.defs,15
PASS_WARN_AGE,14,/etc/login.defs,16
UID_MIN,1000,/etc/login.defs,17
UID_MAX,60000,/etc/login.defs,18
LOGIN_RETRIES,3,/etc/login.defs,19
LOGIN_TIMEOUT,60,/etc/login.defs,20
ENCRYPT_METHOD,YESCRYPT,/etc/login.defs,21
YESCRYPT_COST_FACTOR,8,/etc/login.defs,22
UMASK,027,/etc/login.defs,23
HOME_MODE,0700,/etc/login.defs,24
EOF
csv $W "SELECT * FROM login_defs"
is_out "weak login.defs: MD5, 99999 days, UMASK 022, a comment kept as shadow keeps it" <<'EOF'
key,value,file,line
MAIL_DIR,/var/mail,/etc/login.defs,4
ENCRYPT_METHOD,MD5,/etc/login.defs,5
PASS_MAX_DAYS,99999,/etc/login.defs,6
PASS_MIN_DAYS,0,/etc/login.defs,7
PASS_WARN_AGE,7,/etc/login.defs,8
UMASK,022,/etc/login.defs,9
LOGIN_RETRIES,10 # generous,/etc/login.defs,10
EOF

# ---- pam -------------------------------------------------------------------------

csv $H "SELECT * FROM pam"
is_out "hardened pam: faillock and pwquality, continued lines joined" <<'EOF'
service,type,optional_module,control,module,arguments,file,line
common-account,account,0,[success=1 new_authtok_reqd=done default=ignore],pam_unix.so,,/etc/pam.d/common-account,1
common-account,account,0,requisite,pam_deny.so,,/etc/pam.d/common-account,2
common-account,account,0,required,pam_permit.so,,/etc/pam.d/common-account,3
common-account,account,0,required,pam_faillock.so,,/etc/pam.d/common-account,4
common-auth,auth,0,required,pam_faillock.so,preauth silent deny=5 unlock_time=900,/etc/pam.d/common-auth,2
common-auth,auth,0,[success=1 default=ignore],pam_unix.so,try_first_pass,/etc/pam.d/common-auth,3
common-auth,auth,0,[default=die],pam_faillock.so,authfail deny=5 unlock_time=900,/etc/pam.d/common-auth,4
common-auth,auth,0,requisite,pam_deny.so,,/etc/pam.d/common-auth,5
common-auth,auth,0,required,pam_permit.so,,/etc/pam.d/common-auth,6
common-auth,auth,0,optional,pam_faillock.so,authsucc,/etc/pam.d/common-auth,7
common-password,password,0,requisite,pam_pwquality.so,retry=3 minlen=14 dcredit=-1 ucredit=-1 ocredit=-1 lcredit=-1,/etc/pam.d/common-password,2
common-password,password,0,[success=1 default=ignore],pam_unix.so,obscure use_authtok try_first_pass yescrypt,/etc/pam.d/common-password,4
common-password,password,0,requisite,pam_deny.so,,/etc/pam.d/common-password,5
common-password,password,0,required,pam_permit.so,,/etc/pam.d/common-password,6
sshd,include,0,,common-auth,,/etc/pam.d/sshd,2
sshd,account,0,required,pam_nologin.so,,/etc/pam.d/sshd,3
sshd,include,0,,common-account,,/etc/pam.d/sshd,4
sshd,session,0,[success=ok ignore=ignore module_unknown=ignore default=bad],pam_selinux.so,close,/etc/pam.d/sshd,5
sshd,session,0,required,pam_loginuid.so,,/etc/pam.d/sshd,6
sshd,session,1,optional,pam_systemd.so,,/etc/pam.d/sshd,7
sshd,session,0,required,pam_limits.so,,/etc/pam.d/sshd,8
sshd,include,0,,common-password,,/etc/pam.d/sshd,9
EOF
csv $W "SELECT * FROM pam"
is_out "weak pam: nullok, md5, pam_permit, a bad type" <<'EOF'
service,type,optional_module,control,module,arguments,file,line
common-auth,auth,0,[success=1 default=ignore],pam_unix.so,nullok,/etc/pam.d/common-auth,1
common-auth,auth,0,requisite,pam_deny.so,,/etc/pam.d/common-auth,2
common-auth,auth,0,required,pam_permit.so,,/etc/pam.d/common-auth,3
common-password,password,0,[success=1 default=ignore],pam_unix.so,obscure md5 nullok,/etc/pam.d/common-password,1
common-password,password,0,requisite,pam_deny.so,,/etc/pam.d/common-password,2
common-password,password,0,required,pam_permit.so,,/etc/pam.d/common-password,3
sshd,include,0,,common-auth,,/etc/pam.d/sshd,1
sshd,auth,0,sufficient,pam_permit.so,,/etc/pam.d/sshd,2
sshd,account,0,required,pam_nologin.so,,/etc/pam.d/sshd,3
sshd,session,0,optional,pam_motd.so,,/etc/pam.d/sshd,4
sshd,bogus,0,required,pam_unix.so,,/etc/pam.d/sshd,5
EOF
csv $W "SELECT service, type, module FROM pam WHERE service IN ('sshd', '../passwd', '.', 'nope') AND module LIKE 'pam_%'"
is_out "weak pam: service = names one file, never a path" <<'EOF'
service,type,module
sshd,auth,pam_permit.so
sshd,account,pam_nologin.so
sshd,session,pam_motd.so
sshd,bogus,pam_unix.so
EOF
csv $W "SELECT p.service, p.line FROM pam i JOIN pam p ON p.service = i.module WHERE i.service = 'sshd' AND i.type = 'include' AND p.arguments LIKE '%nullok%'"
is_out "weak pam: sshd reaches nullok through @include" <<'EOF'
service,line
common-auth,1
EOF

# ---- an empty root ------------------------------------------------------------------

mkdir -p "$TMPD/empty"
for t in sshd_config systemd_unit_hardening apt_source_trust login_defs pam; do
	csv --root "$TMPD/empty" "SELECT count(*) AS n FROM $t"
	is_out "empty root: no $t rows" <<'EOF'
n
0
EOF
done

# ---- this host ------------------------------------------------------------------------

if [ -f /etc/ssh/sshd_config ]; then
	csv "SELECT count(*) AS n FROM sshd_config WHERE source = 'file'"
	ok "live sshd_config: rows from /etc/ssh/sshd_config" \
		sh -c '[ "$(tail -1 "$1")" -ge 0 ]' - "$OUT"
	if command -v sshd >/dev/null 2>&1 && is_root &&
		sshd -T >"$TMPD/sshd-T" 2>/dev/null; then
		for k in permitrootlogin passwordauthentication \
			permitemptypasswords x11forwarding maxauthtries usepam \
			pubkeyauthentication kbdinteractiveauthentication; do
			want=$(awk -v k="$k" '$1 == k { print $2 }' "$TMPD/sshd-T")
			# sshd -T names prohibit-password by its older name.
			[ "$want" = without-password ] && want=prohibit-password
			csv "SELECT replace(lower(value), 'without-password', 'prohibit-password') FROM sshd_config WHERE keyword = '$k' AND match IS NULL"
			ok "live sshd_config: $k = $want, as sshd -T says" \
				test "$(tail -1 "$OUT")" = "$want"
		done
	else
		skip "live sshd_config against sshd -T" "sshd is not installed here"
	fi
else
	csv "SELECT count(*) AS n FROM sshd_config"
	ok "live sshd_config: no /etc/ssh/sshd_config, no rows" \
		test "$(tail -1 "$OUT")" = 0
	skip "live sshd_config against sshd -T" "no /etc/ssh/sshd_config here"
fi

# apt sources read again by a small deb822 and one-line reader.
csv "SELECT type || ' ' || uri || ' ' || suite || ' ' || coalesce(signed_by, '-') FROM apt_source_trust"
tail -n +2 "$OUT" | sort >"$TMPD/apt.vigil"
python3 - >"$TMPD/apt.py" <<'PY'
import glob, os, re
def words(v): return v.split()
out = []
def one_line(path):
    for line in open(path, errors="replace"):
        line = line.split("#", 1)[0].strip()
        if not line: continue
        m = re.match(r"(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)", line)
        if not m: continue
        opts = dict(o.split("=", 1) for o in (m.group(2) or "").split() if "=" in o)
        uri = re.sub(r"://[^/@]*@", "://", m.group(3))
        out.append(f"{m.group(1)} {uri} {m.group(4)} {opts.get('signed-by', '-')}")
def deb822(path):
    for para in re.split(r"\n\s*\n", open(path, errors="replace").read()):
        f, key = {}, None
        for line in para.splitlines():
            if line.startswith("#"): continue
            if line[:1] in (" ", "\t") and key: f[key] += "\n" + line; continue
            if ":" in line:
                key, v = line.split(":", 1); key = key.lower(); f[key] = v.strip()
        if "types" not in f or f.get("enabled", "yes").strip() in ("no", "false", "0"): continue
        sb = f.get("signed-by", "-").strip().splitlines()
        sb = sb[0].strip() if sb else "-"
        for t in words(f["types"]):
            for u in words(f.get("uris", "")):
                for s in words(f.get("suites", "")):
                    out.append(f"{t} {re.sub(r'://[^/@]*@', '://', u)} {s} {sb}")
if os.path.isfile("/etc/apt/sources.list"): one_line("/etc/apt/sources.list")
for p in sorted(glob.glob("/etc/apt/sources.list.d/*")):
    n = os.path.basename(p)
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", n): continue
    if n.endswith(".list"): one_line(p)
    elif n.endswith(".sources"): deb822(p)
print("\n".join(sorted(out)))
PY
ok "live apt_source_trust: the host's sources, as a second reader sees them" \
	diff -u "$TMPD/apt.py" "$TMPD/apt.vigil"

# login.defs: each name's last value, first word (awk reads it the same way).
if [ -f /etc/login.defs ]; then
	csv "SELECT key || ' ' || CASE WHEN instr(value, ' ') > 0 THEN substr(value, 1, instr(value, ' ') - 1) ELSE value END FROM login_defs"
	tail -n +2 "$OUT" | sort >"$TMPD/defs.vigil"
	awk '$1 !~ /^#/ && NF >= 2 { gsub(/"/, "", $2); v[$1] = $2 }
		END { for (k in v) print k, v[k] }' /etc/login.defs |
		sort >"$TMPD/defs.awk"
	ok "live login_defs: every setting of /etc/login.defs" \
		diff -u "$TMPD/defs.awk" "$TMPD/defs.vigil"
else
	skip "live login_defs" "no /etc/login.defs"
fi

# pam: as many rules per service as non-comment lines (Debian's files have
# no continued lines).
if [ -d /etc/pam.d ]; then
	csv "SELECT service || ' ' || count(*) FROM pam GROUP BY service"
	tail -n +2 "$OUT" | sort >"$TMPD/pam.vigil"
	for f in /etc/pam.d/*; do
		[ -f "$f" ] || continue
		n=$(grep -cvE '^[[:space:]]*(#|$)' "$f")
		[ "$n" -gt 0 ] && echo "$(basename "$f") $n"
	done | sort >"$TMPD/pam.grep"
	ok "live pam: the rules of every /etc/pam.d file" \
		diff -u "$TMPD/pam.grep" "$TMPD/pam.vigil"
else
	skip "live pam" "no /etc/pam.d"
fi
