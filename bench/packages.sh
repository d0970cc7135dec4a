#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The installed Debian packages: vigil's deb_packages (one read of
# /var/lib/dpkg/status, scanned in place) against dpkg-query -W, both
# printing name and version of every package.
#
#   bench/packages.sh [--runs N] [VIGIL]
#
# Times both with hyperfine in alternating rounds (bench/pair.py; warm
# cache, -N: no shell in between, median of N runs, at least 10) and
# prints one Markdown table row:
#   | work | vigil | other tool | other | ratio | target |
# A ratio below 1.0 means vigil is faster.
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
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing" >&2; exit 1; }
command -v dpkg-query >/dev/null || { echo "bench: dpkg-query is missing" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
n=$(dpkg-query -W | wc -l)
vcmd="$vigil query --csv 'SELECT name, version FROM deb_packages'"
ocmd="dpkg-query -W"
python3 "$top/bench/pair.py" --warmup 3 --runs "$runs" -N \
	--export-json "$tmp/out.json" "$vcmd" "$ocmd" >/dev/null 2>&1
python3 - "$tmp/out.json" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
v, o = r[0]["median"], r[1]["median"]
print(f"| package list ({sys.argv[2]}) | {v * 1000:.1f} ms | `dpkg-query -W` "
      f"| {o * 1000:.1f} ms | {v / o:.2f} | ≤ 1.0 |")
PY
