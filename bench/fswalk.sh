#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The shared filesystem walk (src/tables/fswalk.c) against find(1).
#
# vigil walks once a process and every whole-filesystem table
# (setid_files, world_writable, unowned_files, capability_files) reads
# that walk.  Compared here, warm cache:
#   1. deep scope (every local filesystem from /, `deep = 1`) against
#      find / -xdev -perm /6000 -type f, the usual setuid search;
#   2. the same against a bare find / -xdev, which stats nothing: the
#      issue's target for `vigil audit --deep` is to be no slower;
#   3. the same against find over the same filesystems vigil enters (/
#      and every local disk or tmpfs mount outside /proc, /sys and /dev,
#      plus /dev/shm), each -xdev;
#   4. the default scope (the system directories) against find over the
#      same start directories, -xdev;
#   5. all four tables in one query against the four searches an auditor
#      runs one after another over / -xdev (find -perm /6000, find -perm
#      -0002, find -nouser -o -nogroup, getcap on every executable; not
#      getcap -r, which would descend into /proc and /sys).
#
#   bench/fswalk.sh [--runs N] [VIGIL]
#
# Timed with hyperfine in alternating rounds (bench/pair.py; median of N
# runs, at least 10); prints Markdown table rows:
# | work | vigil | other tool | other | ratio | target |
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=10
if [ "${1:-}" = "--runs" ]; then
	runs=$2
	shift 2
fi
[ "$runs" -ge 10 ] || runs=10
vigil=${1:-$top/vigil}
[ -x "$vigil" ] || { echo "bench: build vigil first (make)" >&2; exit 1; }
for t in hyperfine find python3; do
	command -v "$t" >/dev/null || { echo "bench: $t is missing" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -f "$tmp"/*.json; rmdir "$tmp"' EXIT

# The filesystems a deep walk enters, from this host's mount table: local
# disk and memory filesystems, not below /proc, /sys or /dev (but
# /dev/shm), each device once (a bind mount of a device already listed is
# reached through it or is a repeat).
fs_dirs=$(python3 - <<'PY'
local = {"ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "vfat", "msdos",
         "exfat", "ntfs", "ntfs3", "zfs", "jfs", "reiserfs", "bcachefs",
         "nilfs2", "hfs", "hfsplus", "udf", "iso9660", "squashfs", "erofs",
         "tmpfs", "ramfs", "cramfs", "jffs2", "ubifs", "zonefs"}
out, devs = [], set()
for line in open("/proc/self/mountinfo"):
    left, right = line.split(" - ", 1)
    dev, point = left.split()[2], left.split()[4].replace("\\040", " ")
    fstype = right.split()[0]
    if fstype not in local or dev in devs or point in out:
        continue
    if point != "/dev/shm" and any(point == p or point.startswith(p + "/")
                                   for p in ("/proc", "/sys", "/dev")):
        continue
    out.append(point)
    devs.add(dev)
print(" ".join(out))
PY
)
# The default scope's start directories that exist and are no links.
def_dirs=""
for d in /bin /boot /dev/shm /etc /home /lib /lib32 /lib64 /libx32 /opt \
	/root /run /sbin /srv /tmp /usr /var; do
	[ -d "$d" ] && [ ! -L "$d" ] && def_dirs="$def_dirs $d"
done

deep_q="$vigil query 'SELECT count(*) FROM setid_files WHERE deep = 1'"
def_q="$vigil query 'SELECT count(*) FROM setid_files'"
all_q="$vigil query 'SELECT (SELECT count(*) FROM setid_files WHERE deep = 1) + (SELECT count(*) FROM world_writable WHERE deep = 1) + (SELECT count(*) FROM unowned_files WHERE deep = 1) + (SELECT count(*) FROM capability_files WHERE deep = 1) FROM fswalk_info WHERE deep = 1'"
four="find / -xdev -perm /6000 -type f >/dev/null 2>&1; find / -xdev -perm -0002 ! -type l >/dev/null 2>&1; find / -xdev \( -nouser -o -nogroup \) >/dev/null 2>&1; find / -xdev -type f -perm /111 -print0 2>/dev/null | xargs -0 getcap >/dev/null 2>&1"

# find exits 1 on an unreadable or vanished entry; -i keeps timing.
hf() { # json command... (no shell)
	local j=$1
	shift
	python3 "$top/bench/pair.py" --warmup 2 --runs "$runs" -N -i \
		--export-json "$j" "$@" >/dev/null
}
hf "$tmp/1.json" "$deep_q" "find / -xdev -perm /6000 -type f" "find / -xdev"
# shellcheck disable=SC2086
hf "$tmp/2.json" "$deep_q" "find $fs_dirs -xdev -perm /6000 -type f"
# shellcheck disable=SC2086
hf "$tmp/3.json" "$def_q" "find$def_dirs -xdev -perm /6000 -type f"
if command -v getcap >/dev/null; then
	python3 "$top/bench/pair.py" --warmup 1 --runs "$runs" -i \
		--export-json "$tmp/4.json" "$all_q" "$four" >/dev/null
fi

python3 - "$tmp" "$fs_dirs" "$def_dirs" <<'PY'
import json, os, sys
d, fs_dirs, def_dirs = sys.argv[1:]
def med(n):
    p = os.path.join(d, f"{n}.json")
    if not os.path.exists(p):
        return None
    return [r["median"] for r in json.load(open(p))["results"]]
t = lambda s: f"{s*1000:.0f} ms" if s < 1 else f"{s:.2f} s"
def row(work, v, tool, o, target):
    print(f"| {work} | {t(v)} | {tool} | {t(o)} | {v/o:.2f} | {target} |")
a = med(1)
row("setuid/setgid files, deep scope (`deep = 1`)", a[0],
    "`find / -xdev -perm /6000 -type f`", a[1], "≤ 1.0")
row("the same deep walk", a[0], "`find / -xdev` (no stat)", a[2], "≤ 1.0")
b = med(2)
row("the same deep walk", b[0],
    f"`find {fs_dirs} -xdev -perm /6000 -type f` (same filesystems)",
    b[1], "≤ 1.0")
c = med(3)
row("setuid/setgid files, default scope", c[0],
    "`find <same dirs> -xdev -perm /6000 -type f`", c[1], "≤ 1.0")
e = med(4)
if e:
    row("all four tables, one deep walk", e[0],
        "find -perm /6000; find -perm -0002; find -nouser -o -nogroup; "
        "find -perm /111 \\| xargs getcap (over /, -xdev)", e[1], "≤ 0.5")
PY
printf 'host: %s, %s cores; default scope:%s\n' "$(uname -r)" "$(nproc)" "$def_dirs"
