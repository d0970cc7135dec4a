# SPDX-License-Identifier: Apache-2.0
# The hardware and device tables: cpu_info, memory_info, load_average,
# cpu_time, platform_info, ulimit_info, shared_memory, block_devices,
# disk_encryption, pci_devices and usb_devices.  Exact rows on the debian12
# fixture; small trees built here for what the fixture does not hold (udev's
# database, /dev/disk links, cpufreq, EFI) and for hostile input (garbage
# /proc lines, device names that try to leave /dev, slave cycles), which
# must give skipped rows or NULLs and exit 0; then the live host, checked
# against /proc, /sys, the shell's own ulimit and a System V segment made
# here.
. "$TOP/tests/lib.sh"

ROOT=$FIX/debian12
q() { run query --root "$ROOT" "$@"; }
no_err() { is_err "$1: no stderr" </dev/null; }
# One value: the first column of the first row, from CSV output.
val() { "$VIGIL" query --csv "$@" </dev/null 2>/dev/null | sed -n 2p | tr -d '\r'; }

# --- fixture: exact rows ------------------------------------------------------

q --json "SELECT * FROM cpu_info"
is_out "cpu_info: one row per package, from /proc/cpuinfo" <<'EOF'
[
  {"device_id":"CPU0","model":"Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz","manufacturer":"GenuineIntel","processor_type":"3","cpu_status":65,"number_of_cores":"2","logical_processors":4,"address_width":"64","current_clock_speed":2100,"max_clock_speed":null,"socket_designation":null},
  {"device_id":"CPU1","model":"Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz","manufacturer":"GenuineIntel","processor_type":"3","cpu_status":65,"number_of_cores":"2","logical_processors":4,"address_width":"64","current_clock_speed":2100,"max_clock_speed":null,"socket_designation":null}
]
EOF
is_rc "cpu_info: exit 0" 0
no_err cpu_info

q --json "SELECT * FROM memory_info"
is_out "memory_info: bytes, NULL for lines the file lacks" <<'EOF'
[
  {"memory_total":67163389952,"memory_free":52464189440,"memory_available":61555081216,"buffers":422576128,"cached":8011120640,"swap_cached":0,"active":null,"inactive":null,"swap_total":8589930496,"swap_free":8589930496}
]
EOF

q --json "SELECT * FROM load_average"
is_out "load_average: three periods, six decimals" <<'EOF'
[
  {"period":"1m","average":"0.420000"},
  {"period":"5m","average":"0.350000"},
  {"period":"15m","average":"0.300000"}
]
EOF

q --json "SELECT * FROM cpu_time"
is_out "cpu_time: one row per cpuN line, the total left out" <<'EOF'
[
  {"core":0,"user":24110,"nice":60,"system":10201,"idle":2655890,"iowait":801,"irq":0,"softirq":512,"steal":0,"guest":0,"guest_nice":0},
  {"core":1,"user":24211,"nice":52,"system":10144,"idle":2656320,"iowait":742,"irq":0,"softirq":361,"steal":0,"guest":0,"guest_nice":0},
  {"core":2,"user":23904,"nice":71,"system":10012,"idle":2655102,"iowait":812,"irq":0,"softirq":498,"steal":0,"guest":0,"guest_nice":0},
  {"core":3,"user":24037,"nice":49,"system":10188,"idle":2656744,"iowait":733,"irq":0,"softirq":377,"steal":0,"guest":0,"guest_nice":0},
  {"core":4,"user":22981,"nice":38,"system":9876,"idle":2657901,"iowait":690,"irq":0,"softirq":402,"steal":3,"guest":0,"guest_nice":0},
  {"core":5,"user":23110,"nice":44,"system":9902,"idle":2657650,"iowait":702,"irq":0,"softirq":388,"steal":0,"guest":0,"guest_nice":0},
  {"core":6,"user":23502,"nice":66,"system":10077,"idle":2656011,"iowait":777,"irq":0,"softirq":421,"steal":0,"guest":0,"guest_nice":0},
  {"core":7,"user":23415,"nice":57,"system":10031,"idle":2656274,"iowait":748,"irq":0,"softirq":409,"steal":0,"guest":0,"guest_nice":0}
]
EOF

q --json "SELECT * FROM platform_info"
is_out "platform_info: BIOS from /sys/class/dmi/id, no sysfs firmware dir" <<'EOF'
[
  {"vendor":"Dell Inc.","version":"2.19.1","date":"06/20/2023","revision":"2.19","extra":null,"firmware_type":null,"address":null,"size":null,"volume_size":null}
]
EOF

q --csv "SELECT * FROM ulimit_info"
sed -i 's/\r$//' "$OUT"
is_out "ulimit_info: offline, the limits of the root's PID 1" <<'EOF'
type,soft_limit,hard_limit
as,unlimited,unlimited
core,0,unlimited
cpu,unlimited,unlimited
data,unlimited,unlimited
fsize,unlimited,unlimited
locks,unlimited,unlimited
memlock,8388608,8388608
msgqueue,819200,819200
nice,0,0
nofile,1024,524288
nproc,256338,256338
rss,unlimited,unlimited
rtprio,0,0
sigpending,256338,256338
stack,8388608,unlimited
EOF

q --json "SELECT * FROM shared_memory"
is_out "shared_memory: segments, dest and locked from the mode bits" <<'EOF'
[
  {"shmid":0,"owner_uid":1000,"creator_uid":1000,"pid":4242,"creator_pid":1207,"atime":1700001000,"dtime":1700000900,"ctime":1700000500,"permissions":"0600","size":524288,"attached":2,"status":"","locked":0},
  {"shmid":1,"owner_uid":105,"creator_uid":0,"pid":634,"creator_pid":634,"atime":1700000200,"dtime":0,"ctime":1700000100,"permissions":"0640","size":16777216,"attached":1,"status":"","locked":0},
  {"shmid":2,"owner_uid":1001,"creator_uid":1001,"pid":4243,"creator_pid":4243,"atime":1700002000,"dtime":1700002100,"ctime":1700001900,"permissions":"1600","size":65536,"attached":0,"status":"dest","locked":0},
  {"shmid":3,"owner_uid":0,"creator_uid":0,"pid":1207,"creator_pid":1207,"atime":0,"dtime":0,"ctime":1700000050,"permissions":"2660","size":2097152,"attached":0,"status":"","locked":1}
]
EOF

q --json "SELECT * FROM block_devices"
is_out "block_devices: disks then partitions, dm parents from slaves" <<'EOF'
[
  {"name":"/dev/dm-0","parent":"/dev/sda3","vendor":null,"model":null,"serial":null,"size":934617088,"block_size":512,"uuid":null,"type":null,"label":null},
  {"name":"/dev/dm-1","parent":"/dev/dm-0","vendor":null,"model":null,"serial":null,"size":209715200,"block_size":512,"uuid":null,"type":null,"label":null},
  {"name":"/dev/loop0","parent":null,"vendor":null,"model":null,"serial":null,"size":0,"block_size":512,"uuid":null,"type":null,"label":null},
  {"name":"/dev/sda","parent":null,"vendor":"ATA","model":"SSDSC2KB480G8R","serial":"naa.55cd2e415123abcd","size":937703088,"block_size":512,"uuid":null,"type":null,"label":null},
  {"name":"/dev/sda1","parent":"/dev/sda","vendor":null,"model":null,"serial":null,"size":1998848,"block_size":512,"uuid":null,"type":null,"label":null},
  {"name":"/dev/sda2","parent":"/dev/sda","vendor":null,"model":null,"serial":null,"size":1048576,"block_size":512,"uuid":null,"type":null,"label":null},
  {"name":"/dev/sda3","parent":"/dev/sda","vendor":null,"model":null,"serial":null,"size":934649856,"block_size":512,"uuid":null,"type":null,"label":null}
]
EOF

q --csv "SELECT name, size FROM block_devices WHERE name IN ('/dev/sda2', '/dev/dm-1', '/dev/nope')"
sed -i 's/\r$//' "$OUT"
is_out "block_devices: name constraints" <<'EOF'
name,size
/dev/dm-1,209715200
/dev/sda2,1048576
EOF

q --json "SELECT * FROM disk_encryption"
is_out "disk_encryption: the LUKS2 mapping and the LVM volume on it" <<'EOF'
[
  {"name":"/dev/dm-0","uuid":null,"encrypted":1,"type":"LUKS2","encryption_status":"encrypted"},
  {"name":"/dev/dm-1","uuid":null,"encrypted":1,"type":"LUKS2","encryption_status":"encrypted"},
  {"name":"/dev/loop0","uuid":null,"encrypted":0,"type":null,"encryption_status":"not encrypted"},
  {"name":"/dev/sda","uuid":null,"encrypted":0,"type":null,"encryption_status":"not encrypted"},
  {"name":"/dev/sda1","uuid":null,"encrypted":0,"type":null,"encryption_status":"not encrypted"},
  {"name":"/dev/sda2","uuid":null,"encrypted":0,"type":null,"encryption_status":"not encrypted"},
  {"name":"/dev/sda3","uuid":null,"encrypted":0,"type":null,"encryption_status":"not encrypted"}
]
EOF

q --csv "SELECT b.name, d.type FROM block_devices b JOIN disk_encryption d USING (name) WHERE d.encrypted = 1 AND b.parent = '/dev/dm-0'"
sed -i 's/\r$//' "$OUT"
is_out "disk_encryption: joins block_devices on name" <<'EOF'
name,type
/dev/dm-1,LUKS2
EOF

q --json "SELECT * FROM pci_devices"
is_out "pci_devices: ids from uevent, no names without udev" <<'EOF'
[
  {"pci_slot":"0000:00:00.0","pci_class":null,"driver":null,"vendor":null,"vendor_id":"0x8086","model":null,"model_id":"0x2020","pci_class_id":"0x06","pci_subclass_id":"0x00","pci_subclass":null,"subsystem_vendor_id":"0x1028","subsystem_vendor":null,"subsystem_model_id":"0x0716","subsystem_model":null},
  {"pci_slot":"0000:00:14.0","pci_class":null,"driver":"xhci_hcd","vendor":null,"vendor_id":"0x8086","model":null,"model_id":"0xa1af","pci_class_id":"0x0c","pci_subclass_id":"0x03","pci_subclass":null,"subsystem_vendor_id":"0x1028","subsystem_vendor":null,"subsystem_model_id":"0x0716","subsystem_model":null},
  {"pci_slot":"0000:00:17.0","pci_class":null,"driver":"ahci","vendor":null,"vendor_id":"0x8086","model":null,"model_id":"0xa182","pci_class_id":"0x01","pci_subclass_id":"0x06","pci_subclass":null,"subsystem_vendor_id":"0x1028","subsystem_vendor":null,"subsystem_model_id":"0x0716","subsystem_model":null},
  {"pci_slot":"0000:00:1c.0","pci_class":null,"driver":"pcieport","vendor":null,"vendor_id":"0x8086","model":null,"model_id":"0xa190","pci_class_id":"0x06","pci_subclass_id":"0x04","pci_subclass":null,"subsystem_vendor_id":"0x0000","subsystem_vendor":null,"subsystem_model_id":"0x0000","subsystem_model":null},
  {"pci_slot":"0000:01:00.0","pci_class":null,"driver":"tg3","vendor":null,"vendor_id":"0x14e4","model":null,"model_id":"0x165f","pci_class_id":"0x02","pci_subclass_id":"0x00","pci_subclass":null,"subsystem_vendor_id":"0x1028","subsystem_vendor":null,"subsystem_model_id":"0x1f5b","subsystem_model":null}
]
EOF

q --json "SELECT * FROM usb_devices"
is_out "usb_devices: devices only, interfaces left out" <<'EOF'
[
  {"usb_address":1,"usb_port":2,"vendor":"USB","vendor_id":"0781","version":"0100","model":"Ultra Fit","model_id":"5583","serial":"4C530001230531117152","class":"0","subclass":"0","protocol":"0","removable":1},
  {"usb_address":1,"usb_port":3,"vendor":"Avocent","vendor_id":"413c","version":"0000","model":null,"model_id":"a102","serial":null,"class":"0","subclass":"0","protocol":"0","removable":0},
  {"usb_address":1,"usb_port":1,"vendor":"Linux 6.1.0-13-amd64 xhci-hcd","vendor_id":"1d6b","version":"0601","model":"xHCI Host Controller","model_id":"0002","serial":"0000:00:14.0","class":"9","subclass":"0","protocol":"1","removable":-1},
  {"usb_address":2,"usb_port":1,"vendor":"Linux 6.1.0-13-amd64 xhci-hcd","vendor_id":"1d6b","version":"0601","model":"xHCI Host Controller","model_id":"0003","serial":"0000:00:14.0","class":"9","subclass":"0","protocol":"3","removable":-1}
]
EOF

q --csv "SELECT vendor_id, model_id FROM usb_devices WHERE vendor_id = '1D6B' AND version >= '0600' ORDER BY model_id"
sed -i 's/\r$//' "$OUT"
is_out "usb_devices: vendor_id is NOCASE, version compares as a version" <<'EOF'
vendor_id,model_id
1d6b,0002
1d6b,0003
EOF

# --- an empty root: no rows, no errors ---------------------------------------

mkdir -p "$TMPD/empty"
for t in cpu_info memory_info load_average cpu_time platform_info ulimit_info \
	shared_memory block_devices disk_encryption pci_devices usb_devices; do
	run query --root "$TMPD/empty" --csv "SELECT count(*) AS n FROM $t"
	sed -i 's/\r$//' "$OUT"
	is_out "$t: an empty root gives no rows" <<'EOF'
n
0
EOF
done

# --- a tree with what the fixture lacks, and hostile input --------------------

T=$TMPD/hw
mkdir -p "$T/proc/sys/kernel" "$T/proc/1" "$T/proc/sysvipc" \
	"$T/sys/class/dmi/id" "$T/sys/firmware/efi"
cat >"$T/proc/cpuinfo" <<'EOF'
processor	: 0
BogoMIPS	: 50.00
Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid
CPU implementer	: 0x41

processor	: 1
BogoMIPS	: 50.00
Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid

processor	: 2
processor	: 99999999999999999999

garbage without a colon
EOF
echo aarch64 >"$T/proc/sys/kernel/arch"
for c in 0 1 2; do
	mkdir -p "$T/sys/devices/system/cpu/cpu$c/topology" "$T/sys/devices/system/cpu/cpu$c/cpufreq"
	echo $((c / 2)) >"$T/sys/devices/system/cpu/cpu$c/topology/physical_package_id"
	echo 2400000 >"$T/sys/devices/system/cpu/cpu$c/cpufreq/cpuinfo_max_freq"
done
run query --root "$T" --json "SELECT * FROM cpu_info"
is_out "cpu_info: packages from sysfs, cpufreq, a 64-bit kernel, no flags" <<'EOF'
[
  {"device_id":"CPU0","model":null,"manufacturer":null,"processor_type":"3","cpu_status":65,"number_of_cores":"2","logical_processors":2,"address_width":"64","current_clock_speed":null,"max_clock_speed":2400,"socket_designation":null},
  {"device_id":"CPU1","model":null,"manufacturer":null,"processor_type":"3","cpu_status":65,"number_of_cores":"1","logical_processors":1,"address_width":"64","current_clock_speed":null,"max_clock_speed":2400,"socket_designation":null}
]
EOF

cat >"$T/proc/stat" <<'EOF'
cpu  1 2 3 4 5 6 7 8 9 10
cpu0 1 2 3
cpu1 5 6 7 8
cpuX 1 2 3 4
cpu2 a b c d
cpu3 1 2 3 4 5 6 7 8 9 10 11 12
cpu4 18446744073709551615 1 1 1
intr 1 2 3
EOF
run query --root "$T" --json "SELECT * FROM cpu_time"
is_out "cpu_time: malformed lines skipped, missing times NULL" <<'EOF'
[
  {"core":1,"user":5,"nice":6,"system":7,"idle":8,"iowait":null,"irq":null,"softirq":null,"steal":null,"guest":null,"guest_nice":null},
  {"core":3,"user":1,"nice":2,"system":3,"idle":4,"iowait":5,"irq":6,"softirq":7,"steal":8,"guest":9,"guest_nice":10},
  {"core":4,"user":null,"nice":1,"system":1,"idle":1,"iowait":null,"irq":null,"softirq":null,"steal":null,"guest":null,"guest_nice":null}
]
EOF
is_rc "cpu_time: hostile /proc/stat, exit 0" 0

printf 'MemTotal: lots kB\nMemFree: 10 MB\nBuffers: 4 kB\n' >"$T/proc/meminfo"
run query --root "$T" --csv "SELECT memory_total, memory_free, buffers FROM memory_info"
sed -i 's/\r$//' "$OUT"
is_out "memory_info: bad values are NULL" <<'EOF'
memory_total,memory_free,buffers
,,4096
EOF

printf 'one two three\n' >"$T/proc/loadavg"
run query --root "$T" --csv "SELECT count(*) AS n FROM load_average"
sed -i 's/\r$//' "$OUT"
is_out "load_average: garbage gives no rows" <<'EOF'
n
0
EOF

cat >"$T/proc/sysvipc/shm" <<'EOF'
       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap
         0          7  0999                  4096     1     1      0     0     0     0     0          0          0          0                     0                     0
         0          8   600
         0          9   600                  4096    10    11      0    12    13    14    15         16         17         18
EOF
run query --root "$T" --csv "SELECT shmid, owner_uid, creator_uid, permissions, status FROM shared_memory"
sed -i 's/\r$//' "$OUT"
is_out "shared_memory: bad lines skipped, old 14-field lines read" <<'EOF'
shmid,owner_uid,creator_uid,permissions,status
9,12,14,0600,
EOF

printf 'Limit  Soft Limit  Hard Limit  Units\nMax open files  lots  10  files\nMax core file size  0  0  bytes\n' >"$T/proc/1/limits"
run query --root "$T" --csv "SELECT * FROM ulimit_info"
sed -i 's/\r$//' "$OUT"
is_out "ulimit_info: a bad limit line is skipped" <<'EOF'
type,soft_limit,hard_limit
core,0,0
EOF

echo "American Megatrends Inc." >"$T/sys/class/dmi/id/bios_vendor"
run query --root "$T" --json "SELECT vendor, version, firmware_type FROM platform_info"
is_out "platform_info: uefi when /sys/firmware/efi exists" <<'EOF'
[
  {"vendor":"American Megatrends Inc.","version":null,"firmware_type":"uefi"}
]
EOF

# Block devices: udev's database and /dev/disk links, a DEVNAME that tries
# to leave /dev, a slave cycle, integrity-only and plain dm-crypt types.
B=$TMPD/blk
mkdir -p "$B/sys/block" "$B/run/udev/data" "$B/dev/disk/by-uuid" "$B/dev/disk/by-label"
blk() { # name uevent size
	mkdir -p "$B/sys/block/$1/queue"
	printf '%b' "$2" >"$B/sys/block/$1/uevent"
	echo "$3" >"$B/sys/block/$1/size"
	echo 4096 >"$B/sys/block/$1/queue/logical_block_size"
}
blk nvme0n1 'MAJOR=259\nMINOR=0\nDEVNAME=nvme0n1\nDEVTYPE=disk\n' 1000215216
mkdir -p "$B/sys/block/nvme0n1/nvme0n1p1" "$B/sys/block/nvme0n1/nvme0n1p10" "$B/sys/block/nvme0n1/nvme0n1p2"
for p in 1 2 10; do
	echo "$p" >"$B/sys/block/nvme0n1/nvme0n1p$p/partition"
	echo $((p * 1000)) >"$B/sys/block/nvme0n1/nvme0n1p$p/size"
	printf 'MAJOR=259\nMINOR=%s\nDEVNAME=nvme0n1p%s\nDEVTYPE=partition\n' "$p" "$p" >"$B/sys/block/nvme0n1/nvme0n1p$p/uevent"
done
printf 'E:ID_MODEL=Samsung_SSD_980_PRO_1TB\nE:ID_SERIAL=x\n' >"$B/run/udev/data/b259:0"
printf 'S:disk/by-uuid/x\nE:ID_FS_UUID=3E1A-2B4C\nE:ID_FS_TYPE=vfat\nE:ID_FS_LABEL=EFI\n' >"$B/run/udev/data/b259:1"
ln -s ../../nvme0n1p2 "$B/dev/disk/by-uuid/0f5e6a7b-1c2d-4e3f-8a9b-0c1d2e3f4a5b"
ln -s ../../nvme0n1p2 "$B/dev/disk/by-label/My\\x20Root"
blk evil 'MAJOR=8\nMINOR=16\nDEVNAME=../../etc/passwd\n' garbage
blk dm-5 'MAJOR=254\nMINOR=5\nDEVNAME=dm-5\n' 10
blk dm-6 'MAJOR=254\nMINOR=6\nDEVNAME=dm-6\n' 10
mkdir -p "$B/sys/block/dm-5/slaves" "$B/sys/block/dm-6/slaves" "$B/sys/block/dm-5/dm" "$B/sys/block/dm-6/dm"
ln -s ../../dm-6 "$B/sys/block/dm-5/slaves/dm-6"
ln -s ../../dm-5 "$B/sys/block/dm-6/slaves/dm-5"
echo "LVM-cycle" >"$B/sys/block/dm-5/dm/uuid"
blk dm-7 'MAJOR=254\nMINOR=7\nDEVNAME=dm-7\n' 10
mkdir -p "$B/sys/block/dm-7/dm"
echo "CRYPT-VERITY-0123456789abcdef-root_verity" >"$B/sys/block/dm-7/dm/uuid"
blk dm-8 'MAJOR=254\nMINOR=8\nDEVNAME=dm-8\n' 10
mkdir -p "$B/sys/block/dm-8/dm"
echo "CRYPT-PLAIN-swap" >"$B/sys/block/dm-8/dm/uuid"
blk dm-9 'MAJOR=254\nMINOR=9\nDEVNAME=dm-9\n' 10
mkdir -p "$B/sys/block/dm-9/slaves"
ln -s ../../dm-8 "$B/sys/block/dm-9/slaves/dm-8"
run query --root "$B" --json "SELECT name, parent, model, size, block_size, uuid, type, label FROM block_devices"
is_out "block_devices: udev database, /dev/disk links, hostile names" <<'EOF'
[
  {"name":"/dev/dm-5","parent":"/dev/dm-6","model":null,"size":10,"block_size":4096,"uuid":null,"type":null,"label":null},
  {"name":"/dev/dm-6","parent":"/dev/dm-5","model":null,"size":10,"block_size":4096,"uuid":null,"type":null,"label":null},
  {"name":"/dev/dm-7","parent":null,"model":null,"size":10,"block_size":4096,"uuid":null,"type":null,"label":null},
  {"name":"/dev/dm-8","parent":null,"model":null,"size":10,"block_size":4096,"uuid":null,"type":null,"label":null},
  {"name":"/dev/dm-9","parent":"/dev/dm-8","model":null,"size":10,"block_size":4096,"uuid":null,"type":null,"label":null},
  {"name":"/dev/evil","parent":null,"model":null,"size":null,"block_size":4096,"uuid":null,"type":null,"label":null},
  {"name":"/dev/nvme0n1","parent":null,"model":"Samsung_SSD_980_PRO_1TB","size":1000215216,"block_size":4096,"uuid":null,"type":null,"label":null},
  {"name":"/dev/nvme0n1p1","parent":"/dev/nvme0n1","model":null,"size":1000,"block_size":4096,"uuid":"3E1A-2B4C","type":"vfat","label":"EFI"},
  {"name":"/dev/nvme0n1p2","parent":"/dev/nvme0n1","model":null,"size":2000,"block_size":4096,"uuid":"0f5e6a7b-1c2d-4e3f-8a9b-0c1d2e3f4a5b","type":null,"label":"My Root"},
  {"name":"/dev/nvme0n1p10","parent":"/dev/nvme0n1","model":null,"size":10000,"block_size":4096,"uuid":null,"type":null,"label":null}
]
EOF
is_rc "block_devices: hostile tree, exit 0" 0

run query --root "$B" --csv "SELECT name, uuid, encrypted, type, encryption_status FROM disk_encryption WHERE name LIKE '/dev/dm-%' OR uuid = '3e1a-2b4c'"
sed -i 's/\r$//' "$OUT"
is_out "disk_encryption: cycles end, VERITY is not encryption, PLAIN is inherited" <<'EOF'
name,uuid,encrypted,type,encryption_status
/dev/dm-5,,0,,not encrypted
/dev/dm-6,,0,,not encrypted
/dev/dm-7,,0,,not encrypted
/dev/dm-8,,1,PLAIN,encrypted
/dev/dm-9,,1,PLAIN,encrypted
/dev/nvme0n1p1,3E1A-2B4C,0,,not encrypted
EOF

# PCI and USB: names from udev's database, fallbacks, garbage.
P=$TMPD/pci
mkdir -p "$P/sys/bus/pci/devices/0000:00:02.0" "$P/sys/bus/pci/devices/0000:00:03.0" \
	"$P/sys/bus/pci/devices/0000:00:04.0" "$P/run/udev/data" "$P/sys/bus/usb/devices/3-1"
d=$P/sys/bus/pci/devices/0000:00:02.0
printf 'DRIVER=virtio-pci\nPCI_CLASS=18000\nPCI_ID=1AF4:1042\nPCI_SUBSYS_ID=1AF4:1100\nPCI_SLOT_NAME=0000:00:02.0\n' >"$d/uevent"
printf 'E:ID_VENDOR_FROM_DATABASE=Red Hat, Inc.\nE:ID_MODEL_FROM_DATABASE=Virtio block device\nE:ID_PCI_CLASS_FROM_DATABASE=Mass storage controller\nE:ID_PCI_SUBCLASS_FROM_DATABASE=Non-Volatile memory controller\n' >"$P/run/udev/data/+pci:0000:00:02.0"
d=$P/sys/bus/pci/devices/0000:00:03.0
printf 'PCI_ID=nonsense\nPCI_CLASS=0x1\n' >"$d/uevent"
echo 0x8086 >"$d/vendor"
echo 0xZZZZ >"$d/device"
echo 0x020000 >"$d/class"
ln -s ../../../bus/pci/drivers/e1000e "$d/driver"
d=$P/sys/bus/pci/devices/0000:00:04.0
head -c 100000 /dev/zero | tr '\0' 'A' >"$d/uevent"
d=$P/sys/bus/usb/devices/3-1
printf 'MAJOR=189\nMINOR=257\nDEVTYPE=usb_device\nTYPE=255/255/255/9\nBUSNUM=3\nDEVNUM=2\n' >"$d/uevent"
printf 'E:ID_VENDOR_FROM_DATABASE=Yubico.com\nE:ID_MODEL_FROM_DATABASE=Yubikey 4/5 OTP+U2F+CCID\n' >"$P/run/udev/data/c189:257"
echo 1050 >"$d/idVendor"
echo 0407 >"$d/idProduct"
echo Yubico >"$d/manufacturer"
run query --root "$P" --json "SELECT pci_slot, pci_class, driver, vendor, vendor_id, model, model_id, pci_class_id, pci_subclass_id, pci_subclass, subsystem_model_id FROM pci_devices"
is_out "pci_devices: udev names, file fallbacks, garbage" <<'EOF'
[
  {"pci_slot":"0000:00:02.0","pci_class":"Mass storage controller","driver":"virtio-pci","vendor":"Red Hat, Inc.","vendor_id":"0x1af4","model":"Virtio block device","model_id":"0x1042","pci_class_id":"0x01","pci_subclass_id":"0x80","pci_subclass":"Non-Volatile memory controller","subsystem_model_id":"0x1100"},
  {"pci_slot":"0000:00:03.0","pci_class":null,"driver":"e1000e","vendor":null,"vendor_id":"0x8086","model":null,"model_id":null,"pci_class_id":null,"pci_subclass_id":null,"pci_subclass":null,"subsystem_model_id":null},
  {"pci_slot":"0000:00:04.0","pci_class":null,"driver":null,"vendor":null,"vendor_id":null,"model":null,"model_id":null,"pci_class_id":null,"pci_subclass_id":null,"pci_subclass":null,"subsystem_model_id":null}
]
EOF
run query --root "$P" --json "SELECT * FROM usb_devices"
is_out "usb_devices: udev names; a TYPE with four parts is ignored" <<'EOF'
[
  {"usb_address":3,"usb_port":2,"vendor":"Yubico.com","vendor_id":"1050","version":null,"model":"Yubikey 4/5 OTP+U2F+CCID","model_id":"0407","serial":null,"class":null,"subclass":null,"protocol":null,"removable":-1}
]
EOF

# --- the live host --------------------------------------------------------------

want=$(grep -c '^cpu[0-9]' /proc/stat)
ok "live cpu_time: one row per cpuN line of /proc/stat ($want)" \
	test "$(val "SELECT count(*) FROM cpu_time")" = "$want"
want=$(grep '^cpu0 ' /proc/stat | awk '{print $5}')
got=$(val "SELECT idle FROM cpu_time WHERE core = 0")
ok "live cpu_time: cpu0 idle is /proc/stat's, in ticks ($got >= $want)" \
	test "$got" -ge "$want" -a "$got" -lt $((want + 100000))

want=$(($(awk '/^MemTotal:/ {print $2}' /proc/meminfo) * 1024))
ok "live memory_info: memory_total is MemTotal * 1024 ($want)" \
	test "$(val "SELECT memory_total FROM memory_info")" = "$want"

# The load average moves every 5 seconds: it must match /proc/loadavg as
# read just before or just after.
before=$(awk '{printf "%f,%f,%f", $1, $2, $3}' /proc/loadavg)
got=$("$VIGIL" query --csv "SELECT average FROM load_average" </dev/null | tr -d '\r' | sed 1d | paste -sd, -)
after=$(awk '{printf "%f,%f,%f", $1, $2, $3}' /proc/loadavg)
ok "live load_average: matches /proc/loadavg ($got)" \
	test "$got" = "$before" -o "$got" = "$after"

ok "live ulimit_info: nofile soft limit is the shell's ulimit -n ($(ulimit -n))" \
	test "$(val "SELECT soft_limit FROM ulimit_info WHERE type = 'nofile'")" = "$(ulimit -n)"
got=$( (ulimit -Sn 777 && val "SELECT soft_limit FROM ulimit_info WHERE type = 'nofile'") )
ok "live ulimit_info: vigil reports the limits it inherits (777)" test "$got" = 777
want=$(ulimit -Hs)
[ "$want" = unlimited ] || want=$((want * 1024))
ok "live ulimit_info: stack hard limit is ulimit -Hs ($want)" \
	test "$(val "SELECT hard_limit FROM ulimit_info WHERE type = 'stack'")" = "$want"

want=$(grep -c . /proc/sysvipc/shm)
want=$((want - 1))
ok "live shared_memory: one row per segment of /proc/sysvipc/shm ($want)" \
	test "$(val "SELECT count(*) FROM shared_memory")" = "$want"
if command -v python3 >/dev/null 2>&1; then
	# Make a segment of a known size and mode, look for it, remove it.
	cat >"$TMPD/shm.py" <<'EOF'
import ctypes, os, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
IPC_PRIVATE, IPC_CREAT, IPC_RMID = 0, 0o1000, 0
shmid = libc.shmget(IPC_PRIVATE, 12288, IPC_CREAT | 0o640)
if shmid < 0:
    print("shmget failed", ctypes.get_errno()); sys.exit(2)
try:
    out = subprocess.run([os.environ["VIGIL"], "query", "--csv",
        "SELECT size, permissions, owner_uid, creator_pid, attached, status, locked "
        "FROM shared_memory WHERE shmid = %d" % shmid],
        stdin=subprocess.DEVNULL, capture_output=True).stdout.decode()
    want = "size,permissions,owner_uid,creator_pid,attached,status,locked\r\n" \
        "12288,0640,%d,%d,0,,0\r\n" % (os.getuid(), os.getpid())
    print(repr(out)); sys.exit(0 if out == want else 1)
finally:
    libc.shmctl(shmid, IPC_RMID, None)
EOF
	ok "live shared_memory: a segment made here, with its size, mode and creator" \
		python3 "$TMPD/shm.py"
else
	skip "live shared_memory: a segment made here" "no python3"
fi

# cpu_info: one row per distinct physical id (one when there is none).
want=$(awk -F: '/^physical id/ {gsub(/ /, "", $2); print $2}' /proc/cpuinfo | sort -u | wc -l)
[ "$want" -gt 0 ] || want=1
ok "live cpu_info: one row per package ($want)" test "$(val "SELECT count(*) FROM cpu_info")" = "$want"
want=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
if [ -n "$want" ]; then
	ok "live cpu_info: model is /proc/cpuinfo's model name" \
		test "$(val "SELECT model FROM cpu_info WHERE device_id = 'CPU0'")" = "$want"
else
	skip "live cpu_info: model" "/proc/cpuinfo has no model name"
fi

# block_devices: /dev/ + each /sys/block entry and its partitions.
for d in /sys/block/*; do
	[ -e "$d" ] || continue
	echo "/dev/$(basename "$d")"
	for p in "$d"/*/partition; do
		[ -e "$p" ] && echo "/dev/$(basename "$(dirname "$p")")"
	done
done | sort >"$TMPD/blk.want"
"$VIGIL" query --csv "SELECT name FROM block_devices" </dev/null | tr -d '\r' | sed 1d | sort >"$TMPD/blk.got"
ok "live block_devices: names match /sys/block ($(wc -l <"$TMPD/blk.want"))" \
	diff -u "$TMPD/blk.want" "$TMPD/blk.got"
for d in /sys/block/*; do
	[ -e "$d" ] || continue
	echo "/dev/$(basename "$d"),$(cat "$d/size")"
done | sort >"$TMPD/blk.want"
"$VIGIL" query --csv "SELECT name, size FROM block_devices" </dev/null | tr -d '\r' | sed 1d | sort >"$TMPD/blk.got"
ok "live block_devices: sizes match /sys/block/*/size" \
	sh -c "! comm -23 '$TMPD/blk.want' '$TMPD/blk.got' | grep ."
ok "live disk_encryption: one row per block device" \
	test "$(val "SELECT count(*) FROM disk_encryption")" = "$(val "SELECT count(*) FROM block_devices")"
# Every LUKS/PLAIN/BITLK/TCRYPT mapping is encrypted, with its type; with
# none on the host, nothing is.
for d in /sys/block/*/dm/uuid; do
	[ -e "$d" ] || continue
	t=$(sed -n 's/^CRYPT-\(LUKS1\|LUKS2\|PLAIN\|BITLK\|TCRYPT\)-.*/\1/p' "$d")
	[ -n "$t" ] && echo "/dev/$(basename "$(dirname "$(dirname "$d")")"),$t"
done | sort >"$TMPD/crypt.want"
"$VIGIL" query --csv "SELECT name, type FROM disk_encryption WHERE encrypted = 1" </dev/null | tr -d '\r' | sed 1d | sort >"$TMPD/crypt.got"
if [ -s "$TMPD/crypt.want" ]; then
	ok "live disk_encryption: the dm-crypt mappings are encrypted, with their type" \
		sh -c "! comm -23 '$TMPD/crypt.want' '$TMPD/crypt.got' | grep ."
else
	ok "live disk_encryption: no dm-crypt mapping here, nothing encrypted" \
		test ! -s "$TMPD/crypt.got"
fi

# pci_devices: every slot with its vendor and device files.
for d in /sys/bus/pci/devices/*; do
	[ -e "$d" ] || continue
	echo "$(basename "$d"),$(cat "$d/vendor"),$(cat "$d/device")"
done | sort >"$TMPD/pci.want"
"$VIGIL" query --csv "SELECT pci_slot, vendor_id, model_id FROM pci_devices" </dev/null | tr -d '\r' | sed 1d | sort >"$TMPD/pci.got"
ok "live pci_devices: slots and ids match /sys/bus/pci ($(wc -l <"$TMPD/pci.want"))" \
	diff -u "$TMPD/pci.want" "$TMPD/pci.got"

want=0
for d in /sys/bus/usb/devices/*; do
	[ -e "$d/busnum" ] && want=$((want + 1))
done
ok "live usb_devices: one row per USB device ($want)" \
	test "$(val "SELECT count(*) FROM usb_devices")" = "$want"

if [ -r /sys/class/dmi/id/bios_vendor ]; then
	ok "live platform_info: vendor is bios_vendor" \
		test "$(val "SELECT vendor FROM platform_info")" = "$(cat /sys/class/dmi/id/bios_vendor)"
else
	ok "live platform_info: no DMI here, no row" test "$(val "SELECT count(*) FROM platform_info")" = 0
fi
