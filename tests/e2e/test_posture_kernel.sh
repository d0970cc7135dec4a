# SPDX-License-Identifier: Apache-2.0
# The security posture tables: secureboot, tpm_info, kernel_security,
# kernel_config, kernel_cmdline, ima_policy, ima_measurements, dm_devices,
# process_security, file_capabilities.
#
# Exact rows from two fixture hosts:
#   hardened  EFI with Secure Boot on (SecureBoot=1, SetupMode=0), a TPM 2.0
#             (ACPI MSFT0101, tpm_crb), lockdown=integrity, AppArmor, IMA
#             with a policy and a measurement list, EVM with an X.509 key,
#             signed modules enforced and module loading disabled, a
#             dm-verity root (dm-0, mounted on /), a LUKS2 /var and an LVM
#             volume, and three confined services.
#   weak      EFI with Secure Boot off and the firmware in Setup Mode, an
#             unowned TPM 1.2 (tpm_tis), lockdown none, no IMA, EVM or
#             MAC, unsigned modules, root on /dev/sda1 and no
#             device-mapper, services with full capabilities.
# The legacy-BIOS case (no /sys/firmware/efi) is this machine and trees
# built here.  The efivars are binary (4 bytes of attributes, 1 of value).
# Then trees built under $TMPD for what a fixture cannot hold (a gzip'd
# config, a corrupt one, truncated efivars, a root with no sysfs), and the
# live host checked against /proc, zcat, setpriv, unshare, setcap and
# getcap.
. "${TOP:?}/tests/lib.sh" || exit 1

scratch() { mktemp -d "${TMPD:-$PWD}/$1.XXXXXX"; }

# CSV lines end in CRLF: strip the CRs so expectations are plain lines.
csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

H="--root $FIX/hardened"
W="--root $FIX/weak"
GUID=8be4df61-93ca-11d2-aa0d-00e098032b8c

# ---- secureboot and tpm_info ------------------------------------------------

csv $H "SELECT * FROM secureboot"
is_out "hardened: Secure Boot on, not in setup mode" <<'EOF'
secure_boot,setup_mode
1,0
EOF
csv $W "SELECT * FROM secureboot"
is_out "weak: Secure Boot off, setup mode" <<'EOF'
secure_boot,setup_mode
0,1
EOF

csv $H "SELECT * FROM tpm_info"
is_out "hardened: TPM 2.0 through sysfs links, no 1.2 attributes" <<'EOF'
present,device,version,manufacturer,firmware_version,description,driver,enabled,active,owned
1,/dev/tpm0,2.0,,,TPM 2.0 Device,tpm_crb,,,
EOF
csv $W "SELECT * FROM tpm_info"
is_out "weak: unowned TPM 1.2 with its caps" <<'EOF'
present,device,version,manufacturer,firmware_version,description,driver,enabled,active,owned
1,/dev/tpm0,1.2,IFX,6.40,,tpm_tis,1,1,0
EOF

# ---- kernel_security ---------------------------------------------------------

csv $H "SELECT * FROM kernel_security"
is_rc "hardened: kernel_security exit 0" 0
is_out "hardened: every setting and where it came from" <<'EOF'
name,value,source
lockdown,integrity,/sys/kernel/security/lockdown
lsm,"lockdown,capability,yama,apparmor,ima,evm",/sys/kernel/security/lsm
ima,enabled,/sys/kernel/security/ima
evm,x509,/sys/kernel/security/evm
selinux,disabled,/sys/fs/selinux/enforce absent
apparmor,enabled,/sys/module/apparmor/parameters/enabled
smack,disabled,/sys/fs/smackfs absent
modules,1,/proc/modules
module.sig_enforce,1,/sys/module/module/parameters/sig_enforce
kernel.modules_disabled,1,/proc/sys/kernel/modules_disabled
kernel.kexec_load_disabled,1,/proc/sys/kernel/kexec_load_disabled
kernel.yama.ptrace_scope,2,/proc/sys/kernel/yama/ptrace_scope
kernel.unprivileged_bpf_disabled,2,/proc/sys/kernel/unprivileged_bpf_disabled
net.core.bpf_jit_harden,2,/proc/sys/net/core/bpf_jit_harden
kernel.kptr_restrict,2,/proc/sys/kernel/kptr_restrict
kernel.dmesg_restrict,1,/proc/sys/kernel/dmesg_restrict
kernel.perf_event_paranoid,3,/proc/sys/kernel/perf_event_paranoid
kernel.randomize_va_space,2,/proc/sys/kernel/randomize_va_space
kernel.sysrq,0,/proc/sys/kernel/sysrq
kernel.unprivileged_userns_clone,0,/proc/sys/kernel/unprivileged_userns_clone
user.max_user_namespaces,0,/proc/sys/user/max_user_namespaces
kernel.io_uring_disabled,2,/proc/sys/kernel/io_uring_disabled
vm.unprivileged_userfaultfd,0,/proc/sys/vm/unprivileged_userfaultfd
vm.mmap_min_addr,65536,/proc/sys/vm/mmap_min_addr
fs.protected_symlinks,1,/proc/sys/fs/protected_symlinks
fs.protected_hardlinks,1,/proc/sys/fs/protected_hardlinks
fs.protected_fifos,2,/proc/sys/fs/protected_fifos
fs.protected_regular,2,/proc/sys/fs/protected_regular
fs.suid_dumpable,0,/proc/sys/fs/suid_dumpable
dev.tty.ldisc_autoload,0,/proc/sys/dev/tty/ldisc_autoload
kernel.loadpin.enforce,,/proc/sys/kernel/loadpin/enforce absent
kernel.tainted,0,/proc/sys/kernel/tainted
EOF

csv $W "SELECT * FROM kernel_security WHERE name NOT LIKE 'fs.%' AND name NOT LIKE 'vm.%'"
is_out "weak: lockdown none, no IMA/EVM/MAC, unsigned modules" <<'EOF'
name,value,source
lockdown,none,/sys/kernel/security/lockdown
lsm,"capability,landlock,yama",/sys/kernel/security/lsm
ima,disabled,/sys/kernel/security/ima absent
evm,disabled,/sys/kernel/security/evm absent
selinux,disabled,/sys/fs/selinux/enforce absent
apparmor,disabled,/sys/module/apparmor absent: not built in
smack,disabled,/sys/fs/smackfs absent
modules,1,/proc/modules
module.sig_enforce,0,/sys/module/module/parameters/sig_enforce
kernel.modules_disabled,0,/proc/sys/kernel/modules_disabled
kernel.kexec_load_disabled,0,/proc/sys/kernel/kexec_load_disabled
kernel.yama.ptrace_scope,0,/proc/sys/kernel/yama/ptrace_scope
kernel.unprivileged_bpf_disabled,0,/proc/sys/kernel/unprivileged_bpf_disabled
net.core.bpf_jit_harden,0,/proc/sys/net/core/bpf_jit_harden
kernel.kptr_restrict,0,/proc/sys/kernel/kptr_restrict
kernel.dmesg_restrict,0,/proc/sys/kernel/dmesg_restrict
kernel.perf_event_paranoid,-1,/proc/sys/kernel/perf_event_paranoid
kernel.randomize_va_space,1,/proc/sys/kernel/randomize_va_space
kernel.sysrq,438,/proc/sys/kernel/sysrq
kernel.unprivileged_userns_clone,1,/proc/sys/kernel/unprivileged_userns_clone
user.max_user_namespaces,63388,/proc/sys/user/max_user_namespaces
kernel.io_uring_disabled,,/proc/sys/kernel/io_uring_disabled absent
dev.tty.ldisc_autoload,1,/proc/sys/dev/tty/ldisc_autoload
kernel.loadpin.enforce,,/proc/sys/kernel/loadpin/enforce absent
kernel.tainted,4097,/proc/sys/kernel/tainted
EOF

# IN (...) arrives as one scan per member, in SQLite's (sorted) order.
csv $W "SELECT name, value FROM kernel_security WHERE name IN ('lockdown', 'fs.suid_dumpable', 'no.such')"
is_out "weak: name IN (...) reads only those settings" <<'EOF'
name,value
fs.suid_dumpable,2
lockdown,none
EOF

# ---- kernel_cmdline ----------------------------------------------------------

csv $H "SELECT * FROM kernel_cmdline"
is_out "hardened: a wholly quoted parameter, quotes off a value, init args" <<'EOF'
name,value,position,init_arg
BOOT_IMAGE,/vmlinuz-6.1.0-hardened,0,0
root,/dev/mapper/vroot,1,0
ro,,2,0
dm-mod.create,"vroot,,,ro,0 2097152 verity 1 /dev/sda2 /dev/sda3 4096 4096 262144 1 sha256 9f2c",3,0
lockdown,integrity,4,0
module.sig_enforce,1,5,0
ima_appraise,enforce,6,0
ima_policy,tcb,7,0
init_on_alloc,1,8,0
slab_nomerge,,9,0
quiet,,10,0
--,,11,0
--log-level,warning,12,1
EOF

csv $W "SELECT name, value, init_arg FROM kernel_cmdline WHERE name = 'lockdown' OR value LIKE '%usb%'"
is_out "weak: lockdown=integrity after -- is only an init argument" <<'EOF'
name,value,init_arg
dyndbg,file drivers/usb/* +p,0
lockdown,integrity,1
EOF

# ---- kernel_config -----------------------------------------------------------

csv $H "SELECT * FROM kernel_config"
is_out "hardened: /boot/config-<osrelease>; odd lines tolerated or skipped" <<'EOF'
name,value,source
CONFIG_CC_VERSION_TEXT,gcc (Debian 12.2.0-14) 12.2.0,/boot/config-6.1.0-hardened
CONFIG_LOCALVERSION,-hardened,/boot/config-6.1.0-hardened
CONFIG_MODULES,y,/boot/config-6.1.0-hardened
CONFIG_MODULE_SIG,y,/boot/config-6.1.0-hardened
CONFIG_MODULE_SIG_FORCE,y,/boot/config-6.1.0-hardened
CONFIG_MODULE_SIG_HASH,sha512,/boot/config-6.1.0-hardened
CONFIG_SECURITY_LOCKDOWN_LSM,y,/boot/config-6.1.0-hardened
CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY,y,/boot/config-6.1.0-hardened
CONFIG_LSM,"lockdown,yama,apparmor,integrity",/boot/config-6.1.0-hardened
CONFIG_IMA,y,/boot/config-6.1.0-hardened
CONFIG_IMA_APPRAISE,y,/boot/config-6.1.0-hardened
CONFIG_IMA_READ_POLICY,n,/boot/config-6.1.0-hardened
CONFIG_DM_VERITY,m,/boot/config-6.1.0-hardened
CONFIG_DEFAULT_MMAP_MIN_ADDR,65536,/boot/config-6.1.0-hardened
CONFIG_HZ,250,/boot/config-6.1.0-hardened
CONFIG_DEVMEM,n,/boot/config-6.1.0-hardened
CONFIG_KEXEC,n,/boot/config-6.1.0-hardened
CONFIG_INIT_ON_ALLOC_DEFAULT_ON,y,/boot/config-6.1.0-hardened
CONFIG_CMDLINE,"console=ttyS0 ""quoted"" back\slash",/boot/config-6.1.0-hardened
EOF

csv $W "SELECT name, value FROM kernel_config WHERE name IN ('CONFIG_MODULE_SIG', 'CONFIG_DEVMEM', 'CONFIG_NOT_THERE')"
is_out "weak: name IN (...), 'is not set' reads n, an unknown option no row" <<'EOF'
name,value
CONFIG_DEVMEM,y
CONFIG_MODULE_SIG,n
EOF

# /proc/config.gz wins over /boot; a corrupt one falls back to /boot, and
# with no /boot file the table is empty, without an error.
T=$(scratch gz)
mkdir -p "$T/proc/sys/kernel" "$T/boot"
echo 6.9.0-test >"$T/proc/sys/kernel/osrelease"
printf 'CONFIG_FROM_BOOT=y\n' >"$T/boot/config-6.9.0-test"
printf '# Linux\nCONFIG_MODULES=y\n# CONFIG_DEVMEM is not set\nCONFIG_LSM="landlock,lockdown"\n' |
	gzip -9 >"$T/proc/config.gz"
csv --root "$T" "SELECT * FROM kernel_config"
is_out "tree: /proc/config.gz inflated" <<'EOF'
name,value,source
CONFIG_MODULES,y,/proc/config.gz
CONFIG_DEVMEM,n,/proc/config.gz
CONFIG_LSM,"landlock,lockdown",/proc/config.gz
EOF
head -c 30 "$T/proc/config.gz" >"$T/cut" && mv "$T/cut" "$T/proc/config.gz"
csv --root "$T" "SELECT * FROM kernel_config"
is_out "tree: a truncated config.gz falls back to /boot" <<'EOF'
name,value,source
CONFIG_FROM_BOOT,y,/boot/config-6.9.0-test
EOF
printf '\037\213\010\000garbage that is not deflate data at all.........' >"$T/proc/config.gz"
rm "$T/boot/config-6.9.0-test"
csv --root "$T" "SELECT * FROM kernel_config"
is_rc "tree: a corrupt config.gz and no /boot file: exit 0" 0
is_out "tree: ... and an empty table" <<'EOF'
name,value,source
EOF
# A gzip bomb stops at the 16 MiB cap instead of filling memory.
head -c 40000000 /dev/zero | gzip -1 >"$T/proc/config.gz"
csv --root "$T" "SELECT count(*) FROM kernel_config"
is_out "tree: a config.gz inflating past 16 MiB is refused" <<'EOF'
count(*)
0
EOF

# ---- IMA ---------------------------------------------------------------------

csv $H "SELECT * FROM ima_policy"
is_out "hardened: every policy rule in order" <<'EOF'
position,action,func,mask,fsmagic,fsname,fsuuid,pcr,template,appraise_type,conditions
0,dont_measure,,,0x9fa0,,,,,,fsmagic=0x9fa0
1,dont_measure,,,0x62656572,,,,,,fsmagic=0x62656572
2,dont_measure,,,0x64626720,,,,,,fsmagic=0x64626720
3,dont_measure,,,0x1021994,,,,,,fsmagic=0x1021994
4,dont_appraise,,,0x73636673,,,,,,fsmagic=0x73636673
5,measure,MMAP_CHECK,MAY_EXEC,,,,,,,func=MMAP_CHECK mask=MAY_EXEC
6,measure,BPRM_CHECK,MAY_EXEC,,,,,,,func=BPRM_CHECK mask=MAY_EXEC
7,measure,FILE_CHECK,^MAY_READ,,,,,,,func=FILE_CHECK mask=^MAY_READ euid=0
8,measure,MODULE_CHECK,,,,,,,,func=MODULE_CHECK
9,measure,KEXEC_KERNEL_CHECK,,,,,11,ima-sig,,func=KEXEC_KERNEL_CHECK pcr=11 template=ima-sig
10,appraise,MODULE_CHECK,,,,,,,imasig,func=MODULE_CHECK appraise_type=imasig
11,appraise,BPRM_CHECK,,,,2f5e0c0d-5b1b-4e0f-9c1d-7a1e6b2a9c33,,,imasig|modsig,func=BPRM_CHECK fsuuid=2f5e0c0d-5b1b-4e0f-9c1d-7a1e6b2a9c33 appraise_type=imasig|modsig
12,appraise,,,,ext4,,,,,fowner=0 fsname=ext4 permit_directio
EOF

csv $H "SELECT pcr, template, hash_algo, substr(filedata_hash, 1, 8) AS h, path, signature FROM ima_measurements"
is_out "hardened: measurements of every template; malformed lines skipped" <<'EOF'
pcr,template,hash_algo,h,path,signature
10,ima-ng,sha256,6c2a05c8,boot_aggregate,
10,ima-ng,sha256,0d2a1b9e,/usr/lib/systemd/systemd,
10,ima-ng,sha256,a1b2c3d4,/usr/lib/x86_64-linux-gnu/libc.so.6,
10,ima-ng,sha256,f00dfeed,/opt/My Tools/run report.sh,
10,ima-ng,sha256,00000000,/var/log/journal/system.journal,
11,ima-sig,sha256,11111111,/boot/vmlinuz-6.1.0-hardened,030204a5b6c7d80100aabbccdd
10,ima-sig,sha256,22222222,/usr/bin/unsigned,
10,ima-buf,sha256,33333333,kexec-cmdline,
10,ima,sha1,44444444,/usr/sbin/old-template,
EOF

csv $H "SELECT template, pcr, count(*) AS n FROM ima_measurements GROUP BY 1, 2 ORDER BY 1, 2"
is_out "hardened: the audit's summary is one GROUP BY" <<'EOF'
template,pcr,n
ima,10,1
ima-buf,10,1
ima-ng,10,5
ima-sig,10,1
ima-sig,11,1
EOF

csv $H "SELECT count(*) AS violations FROM ima_measurements WHERE template_hash = '0000000000000000000000000000000000000000'"
is_out "hardened: violations have an all-zero template hash" <<'EOF'
violations
1
EOF

csv $W "SELECT count(*) FROM ima_policy, ima_measurements"
is_rc "weak: no IMA: exit 0" 0
is_out "weak: no IMA: both tables empty" <<'EOF'
count(*)
0
EOF

# ---- dm_devices --------------------------------------------------------------

csv $H "SELECT * FROM dm_devices"
is_out "hardened: verity root, LUKS2 /var, LVM on top; targets from the uuid" <<'EOF'
name,uuid,device,target_type,verity_status,read_only,suspended,slaves,is_root
vroot,CRYPT-VERITY-2f5e0c0d5b1b4e0f9c1d7a1e6b2a9c33-vroot,/dev/dm-0,verity,,1,0,"sda2,sda3",1
cvar,CRYPT-LUKS2-7d3b0c1e9f0a4c52b6a1d2e3f4a5b6c7-cvar,/dev/dm-1,crypt,,0,0,sda4,0
vg0-swap,LVM-Xq3LZ3kC0m2Yd1u4k8b6fM4VdWcJ1nPqk2j9Qw8e7r6t5y4u3i2o1p0aZsXdCfVg,/dev/dm-2,,,0,0,dm-1,0
EOF

csv $H "SELECT m.path, d.name, d.target_type FROM mounts m JOIN dm_devices d ON m.device = '/dev/mapper/' || d.name ORDER BY m.path"
is_out "hardened: joined with mounts: / is on dm-verity" <<'EOF'
path,name,target_type
/,vroot,verity
/home,cvar,crypt
/var,cvar,crypt
EOF

csv $W "SELECT * FROM dm_devices"
is_out "weak: no device-mapper devices: empty" <<'EOF'
name,uuid,device,target_type,verity_status,read_only,suspended,slaves,is_root
EOF

# ---- process_security --------------------------------------------------------

csv $H "SELECT pid, cap_effective, cap_effective_names, cap_bounding_names, no_new_privs, seccomp, seccomp_filters, lsm_label, dumpable FROM process_security WHERE pid != 1"
is_out "hardened: confined services" <<'EOF'
pid,cap_effective,cap_effective_names,cap_bounding_names,no_new_privs,seccomp,seccomp_filters,lsm_label,dumpable
412,0000000000002500,"cap_setpcap,cap_net_bind_service,cap_net_raw","cap_setpcap,cap_net_bind_service,cap_net_raw",1,filter,3,/usr/lib/systemd/systemd-resolved (enforce),
733,0000000000000000,,cap_net_bind_service,1,filter,1,nginx (enforce),
EOF

csv $H "SELECT pid, mnt_isolated, net_isolated, pid_isolated, user_isolated, uts_isolated, ipc_isolated, cgroup_isolated FROM process_security"
is_out "hardened: namespaces compared with PID 1's" <<'EOF'
pid,mnt_isolated,net_isolated,pid_isolated,user_isolated,uts_isolated,ipc_isolated,cgroup_isolated
1,0,0,0,0,0,0,0
412,1,0,0,0,1,0,0
733,1,1,1,1,1,1,1
EOF

run query --line $W "SELECT * FROM process_security WHERE pid = 991"
is_out "weak: pid = 991, every column; an unnamed capability bit; no Seccomp_filters line" <<'EOF'
                  pid = 991
        cap_effective = 0000200002000000
  cap_effective_names = cap_sys_time,45
        cap_permitted = 0000200002000000
  cap_permitted_names = cap_sys_time,45
      cap_inheritable = 0000200002000000
cap_inheritable_names = cap_sys_time,45
         cap_bounding = 0000201fffffffff
   cap_bounding_names = cap_chown,cap_dac_override,cap_dac_read_search,cap_fowner,cap_fsetid,cap_kill,cap_setgid,cap_setuid,cap_setpcap,cap_linux_immutable,cap_net_bind_service,cap_net_broadcast,cap_net_admin,cap_net_raw,cap_ipc_lock,cap_ipc_owner,cap_sys_module,cap_sys_rawio,cap_sys_chroot,cap_sys_ptrace,cap_sys_pacct,cap_sys_admin,cap_sys_boot,cap_sys_nice,cap_sys_resource,cap_sys_time,cap_sys_tty_config,cap_mknod,cap_lease,cap_audit_write,cap_audit_control,cap_setfcap,cap_mac_override,cap_mac_admin,cap_syslog,cap_wake_alarm,cap_block_suspend,45
          cap_ambient = 0000200002000000
    cap_ambient_names = cap_sys_time,45
         no_new_privs = 0
              seccomp = disabled
      seccomp_filters = 
            lsm_label = 
             dumpable = 
         mnt_isolated = 0
         net_isolated = 0
         pid_isolated = 0
        user_isolated = 0
         uts_isolated = 0
         ipc_isolated = 0
      cgroup_isolated = 0
EOF

csv $W "SELECT p.pid, p.name FROM processes p JOIN process_security s USING (pid) WHERE s.cap_effective = '000001ffffffffff' AND s.no_new_privs = 0 AND p.pid != 1"
is_out "weak: joined with processes: services with every capability" <<'EOF'
pid,name
880,backupd
EOF

# ---- trees: hostile and missing facilities -----------------------------------

# A root with nothing at all: no sysfs, no procfs.  Nothing fails.
T=$(scratch empty)
csv --root "$T" "SELECT (SELECT count(*) FROM secureboot) AS sb, (SELECT present FROM tpm_info) AS tpm, (SELECT count(*) FROM kernel_cmdline) AS cl, (SELECT count(*) FROM kernel_config) AS kc, (SELECT count(*) FROM dm_devices) AS dm, (SELECT count(*) FROM process_security) AS ps, (SELECT count(*) FROM ima_policy) AS ip"
is_rc "empty root: exit 0" 0
is_out "empty root: empty tables, and tpm present NULL (no sysfs to tell)" <<'EOF'
sb,tpm,cl,kc,dm,ps,ip
0,,0,0,0,0,0
EOF
csv --root "$T" "SELECT name, value, source FROM kernel_security WHERE name IN ('lockdown', 'selinux', 'modules', 'module.sig_enforce', 'kernel.kptr_restrict')"
is_out "empty root: NULL values that say why" <<'EOF'
name,value,source
kernel.kptr_restrict,,procfs not mounted
lockdown,,sysfs not mounted
module.sig_enforce,,sysfs not mounted
modules,,procfs not mounted
selinux,,sysfs not mounted
EOF

# EFI without readable variables, truncated and odd variables, garbage
# TPM caps, an unparsable lockdown file, securityfs not mounted.
T=$(scratch hostile)
mkdir -p "$T/sys/firmware/efi" "$T/sys/class/tpm/tpm0" "$T/sys/class/tpm/tpm1" \
	"$T/sys/kernel/security" "$T/proc/sys/kernel"
csv --root "$T" "SELECT * FROM secureboot"
is_out "tree: EFI but no efivars: one row of NULLs" <<'EOF'
secure_boot,setup_mode
,
EOF
mkdir -p "$T/sys/firmware/efi/efivars"
printf '\006\000\000\000' >"$T/sys/firmware/efi/efivars/SecureBoot-$GUID"
printf '\006\000\000\000\007' >"$T/sys/firmware/efi/efivars/SetupMode-$GUID"
csv --root "$T" "SELECT * FROM secureboot"
is_out "tree: a truncated SecureBoot is NULL, SetupMode 7 is -1" <<'EOF'
secure_boot,setup_mode
,-1
EOF
printf '\006\000\000\000\001\001' >"$T/sys/firmware/efi/efivars/SecureBoot-$GUID"
printf '\006\000\000\000\n' >"$T/sys/firmware/efi/efivars/SetupMode-$GUID"
csv --root "$T" "SELECT * FROM secureboot"
is_out "tree: a 6-byte SecureBoot is NULL; a newline byte is a value (-1)" <<'EOF'
secure_boot,setup_mode
,-1
EOF
printf 'Manufacturer: nonsense\n' >"$T/sys/class/tpm/tpm0/caps"
echo 9 >"$T/sys/class/tpm/tpm0/tpm_version_major"
printf 'Manufacturer: 0x53544d20\nFirmware version: 13.12\n' >"$T/sys/class/tpm/tpm1/caps"
printf 'yes\n' >"$T/sys/class/tpm/tpm1/owned"
csv --root "$T" "SELECT * FROM tpm_info"
is_out "tree: an unknown version and garbage caps; chips in order" <<'EOF'
present,device,version,manufacturer,firmware_version,description,driver,enabled,active,owned
1,/dev/tpm0,,,,,,,,
1,/dev/tpm1,1.2,STM,13.12,,,,,
EOF
csv --root "$T" "SELECT name, value, source FROM kernel_security WHERE name IN ('lockdown', 'lsm', 'ima', 'evm')"
is_out "tree: securityfs not mounted" <<'EOF'
name,value,source
evm,,securityfs not mounted
ima,,securityfs not mounted
lockdown,,securityfs not mounted
lsm,,securityfs not mounted
EOF
echo 'lockdown,capability' >"$T/sys/kernel/security/lsm"
echo 'none integrity [CONFIDENTIALITY]' >"$T/sys/kernel/security/lockdown"
echo 'x' >"$T/sys/kernel/security/evm"
csv --root "$T" "SELECT name, value, source FROM kernel_security WHERE name IN ('lockdown', 'evm')"
is_out "tree: malformed lockdown and evm files" <<'EOF'
name,value,source
evm,,/sys/kernel/security/evm: malformed
lockdown,,/sys/kernel/security/lockdown: bad mode
EOF
echo 7 >"$T/sys/kernel/security/evm"
rm "$T/sys/kernel/security/lockdown"
csv --root "$T" "SELECT name, value, source FROM kernel_security WHERE name IN ('lockdown', 'evm')"
is_out "tree: no lockdown LSM is none; evm flags decoded" <<'EOF'
name,value,source
evm,"hmac,x509,metadata_writes",/sys/kernel/security/evm
lockdown,none,/sys/kernel/security/lockdown absent: no lockdown LSM
EOF

# Unbalanced quotes on the command line; process status files that are
# garbage or cut short; a pid constraint that is not a pid.
printf 'root=/dev/sda1 acpi_osi="Linux quiet\n' >"$T/proc/cmdline"
csv --root "$T" "SELECT name, value FROM kernel_cmdline"
is_out "tree: an unbalanced quote runs to the end" <<'EOF'
name,value
root,/dev/sda1
acpi_osi,Linux quiet
EOF
mkdir -p "$T/proc/10" "$T/proc/11" "$T/proc/12"
printf '\000\377garbage\n' >"$T/proc/10/status"
printf 'CapEff:\t00000000000004\nNoNewPrivs:\t7\nSeccomp:\t2\nSeccomp_filt' >"$T/proc/11/status"
printf 'CapEff:\tffffffffffffffff\n' >"$T/proc/12/status"
csv --root "$T" "SELECT pid, cap_effective, cap_effective_names, no_new_privs, seccomp, seccomp_filters FROM process_security WHERE pid != 12"
is_out "tree: garbage status gives NULLs, not a failed query" <<'EOF'
pid,cap_effective,cap_effective_names,no_new_privs,seccomp,seccomp_filters
10,,,,,
11,0000000000000004,cap_dac_read_search,,filter,
EOF
csv --root "$T" "SELECT pid, length(cap_effective_names) AS n, substr(cap_effective_names, -9) AS tail FROM process_security WHERE pid IN (12, 'x', 99)"
is_out "tree: every bit set: 41 names then 41..63 as numbers" <<'EOF'
pid,n,tail
12,653,",61,62,63"
EOF

# ---- file_capabilities -------------------------------------------------------

run query "SELECT * FROM file_capabilities"
is_rc "file_capabilities without path or directory: exit 1" 1
is_err "file_capabilities: the missing constraint is named" <<'EOF'
vigil: query failed: table file_capabilities requires a constraint on path or directory
EOF

if is_root && command -v setcap >/dev/null 2>&1 && command -v getcap >/dev/null 2>&1; then
	D=$(scratch caps)
	cp /bin/true "$D/ping"
	cp /bin/true "$D/plain"
	cp /bin/true "$D/nsroot"
	mkdir "$D/sub"
	cp /bin/true "$D/sub/deep"
	mkfifo "$D/fifo"
	ln -s ping "$D/link"
	if setcap cap_net_raw+ep "$D/ping" 2>/dev/null &&
		setcap cap_net_bind_service,cap_sys_admin+p "$D/sub/deep" &&
		setcap -n 100000 cap_chown+ei "$D/nsroot" 2>/dev/null; then
		run query --csv "SELECT path, directory, permitted, permitted_names, inheritable_names, effective, rootid, revision FROM file_capabilities WHERE directory = '$D'"
		sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
		is_out "live: setcap'd files in a directory; the link, FIFO and plain file have no row" <<EOF
path,directory,permitted,permitted_names,inheritable_names,effective,rootid,revision
$D/nsroot,$D,0000000000000000,,cap_chown,1,100000,3
$D/ping,$D,0000000000002000,cap_net_raw,,1,,2
EOF
		csv "SELECT path, permitted_names, effective FROM file_capabilities WHERE path LIKE '$D/%%'"
		is_out "live: path LIKE with %% finds the deep one too" <<EOF
path,permitted_names,effective
$D/nsroot,,1
$D/ping,cap_net_raw,1
$D/sub/deep,"cap_net_bind_service,cap_sys_admin",0
EOF
		# getcap's view of the same files, in the same order.
		getcap -r "$D" 2>/dev/null | sed 's/ .*//' | sort >"$TMPD/getcap.txt"
		csv "SELECT path FROM file_capabilities WHERE path LIKE '$D/%%' ORDER BY path"
		tail -n +2 "$OUT" >"$TMPD/vigil.txt"
		ok "live: the same files as getcap -r" diff -u "$TMPD/getcap.txt" "$TMPD/vigil.txt"
		csv "SELECT count(*) FROM file_capabilities WHERE path IN ('$D/link', '$D/fifo', '$D/plain', '$D/none')"
		is_out "live: a link to a capped file, a FIFO, a plain file, a missing one" <<'EOF'
count(*)
0
EOF
	else
		skip "live: setcap'd files" "setcap failed here"
	fi
else
	skip "live: setcap'd files" "needs root and setcap (libcap2-bin)"
fi

# ---- the live host -----------------------------------------------------------

# secureboot and tpm_info on a host without EFI or TPM, and joined.
if [ ! -d /sys/firmware/efi ]; then
	csv "SELECT * FROM secureboot"
	is_rc "live: no EFI: exit 0" 0
	is_out "live: no EFI: secureboot empty" <<'EOF'
secure_boot,setup_mode
EOF
else
	skip "live: no EFI" "this host boots with EFI"
fi
if [ ! -d /sys/class/tpm ] || [ -z "$(ls /sys/class/tpm)" ]; then
	csv "SELECT t.present, s.secure_boot, (SELECT value FROM kernel_security WHERE name = 'modules') AS m FROM tpm_info t LEFT JOIN secureboot s"
	is_rc "live: no TPM: joins run" 0
	want_sb=$([ -d /sys/firmware/efi ] && echo "?" || echo "")
	if [ -z "$want_sb" ]; then
		is_out "live: no TPM: one row with present 0, joined" <<EOF
present,secure_boot,m
0,,$([ -e /proc/modules ] && echo 1 || echo 0)
EOF
	fi
	csv "SELECT count(*) FROM tpm_info, secureboot, kernel_security"
	is_rc "live: an inner join with the empty secureboot: exit 0" 0
else
	skip "live: no TPM" "this host has a TPM"
fi

# kernel_cmdline: one row per word of /proc/cmdline (no quotes here).
if grep -q '"' /proc/cmdline; then
	skip "live: kernel_cmdline row count" "this command line has quotes"
else
	set -f
	# shellcheck disable=SC2046
	set -- $(cat /proc/cmdline)
	set +f
	csv "SELECT count(*) FROM kernel_cmdline"
	is_out "live: one row per parameter of /proc/cmdline" <<EOF
count(*)
$#
EOF
	csv "SELECT name || coalesce('=' || value, '') FROM kernel_cmdline ORDER BY position"
	tail -n +2 "$OUT" | tr -d '"' >"$TMPD/cl.vigil"
	tr ' ' '\n' </proc/cmdline | sed '/^$/d' >"$TMPD/cl.want"
	ok "live: parameters in order, as written" diff -u "$TMPD/cl.want" "$TMPD/cl.vigil"
fi

# kernel_config from this kernel's /proc/config.gz.
if [ -r /proc/config.gz ] && command -v zcat >/dev/null 2>&1; then
	n=$(zcat /proc/config.gz | grep -c '^CONFIG_')
	csv "SELECT count(*) FROM kernel_config WHERE value != 'n' AND source = '/proc/config.gz'"
	is_out "live: as many set options as zcat | grep -c ^CONFIG_" <<EOF
count(*)
$n
EOF
	n=$(zcat /proc/config.gz | grep -c '^# CONFIG_.* is not set$')
	csv "SELECT count(*) FROM kernel_config WHERE value = 'n'"
	is_out "live: as many unset options as 'is not set' lines" <<EOF
count(*)
$n
EOF
	want=$(zcat /proc/config.gz | sed -n 's/^CONFIG_MODULES=//p; s/^# CONFIG_MODULES is not set/n/p')
	csv "SELECT value FROM kernel_config WHERE name = 'CONFIG_MODULES'"
	is_out "live: CONFIG_MODULES as the config says" <<EOF
value
$want
EOF
	csv "SELECT value FROM kernel_security WHERE name = 'modules'"
	is_out "live: modules agrees with CONFIG_MODULES" <<EOF
value
$([ "$want" = y ] && echo 1 || echo 0)
EOF
else
	skip "live: kernel_config" "no /proc/config.gz"
fi

# Lockdown: without securityfs the value is NULL and says why; in a
# private mount namespace with securityfs mounted it matches the file.
if [ -e /sys/kernel/security/lsm ]; then
	csv "SELECT value FROM kernel_security WHERE name = 'lockdown'"
	want=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/security/lockdown 2>/dev/null)
	is_out "live: lockdown as securityfs says" <<EOF
value
${want:-none}
EOF
else
	csv "SELECT value IS NULL, source FROM kernel_security WHERE name = 'lockdown'"
	is_out "live: securityfs not mounted: lockdown NULL" <<'EOF'
value IS NULL,source
1,securityfs not mounted
EOF
fi
if is_root && command -v unshare >/dev/null 2>&1 &&
	unshare -m sh -c 'mount -t securityfs none /sys/kernel/security' 2>/dev/null; then
	unshare -m sh -c 'mount -t securityfs none /sys/kernel/security &&
		"$1" query --csv "SELECT value FROM kernel_security WHERE name IN (\"lockdown\", \"lsm\")" &&
		sed -n "s/.*\[\(.*\)\].*/\1/p" /sys/kernel/security/lockdown &&
		cat /sys/kernel/security/lsm' sh "$VIGIL" </dev/null 2>&1 |
		sed 's/\r$//' >"$TMPD/lockdown.txt"
	# Lines: header, vigil's lockdown, vigil's lsm, then the truth twice.
	ok "live (securityfs in a private mount namespace): lockdown and lsm match" \
		sh -c 'set -- "$(sed -n 2p "$1")" "$(sed -n 3p "$1")" "$(sed -n 4p "$1")" "$(sed -n 5p "$1")"
			[ -n "$1" ] && [ "$1" = "$3" ] && [ "$2" = "\"$4\"" -o "$2" = "$4" ]' sh "$TMPD/lockdown.txt"
else
	skip "live: lockdown with securityfs" "needs root and a private mount namespace"
fi

# No device-mapper and no IMA here: empty tables, exit 0.
if ! ls /sys/block/dm-* >/dev/null 2>&1; then
	csv "SELECT count(*) FROM dm_devices"
	is_out "live: no device-mapper devices: empty" <<'EOF'
count(*)
0
EOF
else
	csv "SELECT count(*) FROM dm_devices"
	is_out "live: one row per dm device" <<EOF
count(*)
$(ls -d /sys/block/dm-* | wc -l)
EOF
fi

# process_security of children started here.
if command -v setpriv >/dev/null 2>&1; then
	sleep 30 &
	plain=$!
	setpriv --no-new-privs sleep 30 &
	nnp=$!
	for _ in $(seq 50); do
		[ "$(cat /proc/$plain/comm 2>/dev/null)" = sleep ] &&
			[ "$(cat /proc/$nnp/comm 2>/dev/null)" = sleep ] && break
		sleep 0.1
	done
	csv "SELECT pid, no_new_privs, seccomp FROM process_security WHERE pid IN ($plain, $nnp) ORDER BY pid = $nnp"
	is_out "live: setpriv --no-new-privs sets no_new_privs; a plain sleep has 0" <<EOF
pid,no_new_privs,seccomp
$plain,0,disabled
$nnp,1,disabled
EOF
	# Capabilities equal the Cap* lines of the child's status.
	st() { sed -n "s/^$1:\t//p" /proc/$plain/status; }
	csv "SELECT cap_inheritable, cap_permitted, cap_effective, cap_bounding, cap_ambient FROM process_security WHERE pid = $plain"
	is_out "live: capabilities as /proc/PID/status gives them" <<EOF
cap_inheritable,cap_permitted,cap_effective,cap_bounding,cap_ambient
$(st CapInh),$(st CapPrm),$(st CapEff),$(st CapBnd),$(st CapAmb)
EOF
	if command -v capsh >/dev/null 2>&1; then
		csv "SELECT cap_bounding_names FROM process_security WHERE pid = $plain"
		tail -n +2 "$OUT" | tr -d '"' >"$TMPD/bnd.vigil"
		capsh --decode="$(st CapBnd)" | sed 's/^0x[0-9a-f]*=//' >"$TMPD/bnd.want"
		ok "live: bounding set names as capsh --decode gives them" \
			diff -u "$TMPD/bnd.want" "$TMPD/bnd.vigil"
	fi
	kill "$plain" "$nnp" 2>/dev/null
	wait "$plain" "$nnp" 2>/dev/null
else
	skip "live: no_new_privs" "no setpriv (util-linux)"
fi

# A seccomp filter (allow everything) installed with python's ctypes and
# inherited through exec; a network namespace; dumpable.
if is_root && command -v python3 >/dev/null 2>&1 && command -v unshare >/dev/null 2>&1; then
	python3 -c '
import ctypes, os, struct
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
insn = struct.pack("HBBI", 0x06, 0, 0, 0x7fff0000)  # BPF_RET|BPF_K ALLOW
buf = ctypes.create_string_buffer(insn)
class Prog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]
prog = Prog(1, ctypes.cast(buf, ctypes.c_void_p))
assert libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
for _ in range(2):
    assert libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) == 0
os.execvp("sleep", ["sleep", "30"])' &
	sec=$!
	unshare -n sleep 30 &
	netns=$!
	setpriv --reuid=65534 --regid=65534 --clear-groups sleep 30 &
	nobody=$!
	# The system's python: one under root's home (pyenv) is closed to
	# nobody.
	py=/usr/bin/python3
	[ -x "$py" ] || py=$(command -v python3)
	setpriv --reuid=65534 --regid=65534 --clear-groups "$py" -c '
import ctypes, time
ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
time.sleep(30)' &
	nodump=$!
	for _ in $(seq 50); do
		[ "$(cat /proc/$sec/comm 2>/dev/null)" = sleep ] &&
			[ "$(cat /proc/$netns/comm 2>/dev/null)" = sleep ] &&
			[ "$(cat /proc/$nobody/comm 2>/dev/null)" = sleep ] &&
			[ -n "$(cat /proc/$nodump/comm 2>/dev/null)" ] && break
		sleep 0.1
	done
	sleep 0.3
	csv "SELECT pid = $sec AS sec, pid = $netns AS net, no_new_privs, seccomp, seccomp_filters, net_isolated, mnt_isolated, user_isolated FROM process_security WHERE pid IN ($sec, $netns) ORDER BY pid = $netns"
	is_out "live: seccomp filters through exec; a network namespace" <<'EOF'
sec,net,no_new_privs,seccomp,seccomp_filters,net_isolated,mnt_isolated,user_isolated
1,0,1,filter,2,0,0,0
0,1,0,disabled,0,1,0,0
EOF
	csv "SELECT pid = $nobody AS nobody, dumpable FROM process_security WHERE pid IN ($nobody, $nodump, $$) ORDER BY pid = $$, pid = $nodump"
	is_out "live: dumpable 1, 0 after PR_SET_DUMPABLE 0, NULL for root" <<'EOF'
nobody,dumpable
1,1
0,0
0,
EOF
	kill "$sec" "$netns" "$nobody" "$nodump" 2>/dev/null
	wait "$sec" "$netns" "$nobody" "$nodump" 2>/dev/null
else
	skip "live: seccomp, namespaces, dumpable" "needs root, python3 and unshare"
fi

# No LSM labels processes here: lsm_label is NULL when attr/current says so.
if ! cat /proc/self/attr/current >/dev/null 2>&1; then
	csv "SELECT count(*) FROM process_security WHERE pid = $$ AND lsm_label IS NULL"
	is_rc "live: lsm_label: exit 0" 0
	is_out "live: no LSM label: lsm_label NULL" <<'EOF'
count(*)
1
EOF
fi
