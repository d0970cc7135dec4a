#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Setuid and setgid files: vigil's suid_bin against find(1).
#
# suid_bin searches osquery's directories (/bin, /sbin, /usr/bin,
# /usr/sbin, /usr/local/bin, /usr/local/sbin, /tmp) for setuid or setgid
# regular files without crossing filesystems, so the fair comparison is
#   find <the same directories> -xdev \( -perm -4000 -o -perm -2000 \) -type f
# which prints the same set (the test e2e/test_suid.sh checks that).  The
# whole-filesystem search people also run, find / -xdev -perm -4000 -type f,
# covers far more and is reported on a second line for scale, not compared.
#
#   bench/suid.sh [--runs N] [VIGIL]
#
# Timed with hyperfine in alternating rounds (bench/pair.py; warm cache,
# no shell, median of N runs, at least 10); prints Markdown table rows:
# | work | vigil | other tool | other | ratio | target |
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=20
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

dirs="/bin /sbin /usr/bin /usr/sbin /usr/local/bin /usr/local/sbin /tmp"
json=$(mktemp)
json2=$(mktemp)
trap 'rm -f "$json" "$json2"' EXIT
# find exits 1 when a directory is missing or unreadable; -i keeps timing.
python3 "$top/bench/pair.py" --warmup 3 --runs "$runs" -N -i --export-json "$json" \
	"$vigil query 'SELECT count(*) FROM suid_bin'" \
	"find $dirs -xdev ( -perm -4000 -o -perm -2000 ) -type f" >/dev/null
python3 "$top/bench/pair.py" --warmup 1 --runs "$runs" -N -i --export-json "$json2" \
	"find / -xdev -perm -4000 -type f" >/dev/null
python3 - "$json" "$json2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
w = json.load(open(sys.argv[2]))["results"][0]["median"]
v, o = r[0]["median"], r[1]["median"]
t = lambda s: f"{s*1000:.1f} ms" if s < 1 else f"{s:.2f} s"
print(f"| setuid/setgid files in osquery's directories | {t(v)} "
      f"| `find <same dirs> -xdev -perm -4000 -o -perm -2000` | {t(o)} "
      f"| {v/o:.2f} | ≤ 1.0 |")
print(f"| (scale) the whole root filesystem | — "
      f"| `find / -xdev -perm -4000 -type f` | {t(w)} | — | — |")
PY
