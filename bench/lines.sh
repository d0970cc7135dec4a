#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# file_lines: counting the lines of /var/lib/dpkg/status with vigil
# (SELECT count(*) FROM file_lines, which reads in large blocks, cuts with
# memchr and copies no line text when `line` is not used) against wc -l.
#
#   bench/lines.sh [--runs N] [--more] [VIGIL]
#
# Times both with hyperfine in alternating rounds (bench/pair.py; warm
# cache, -N: no shell in between, median of N runs, at least 10) and
# prints one Markdown table row:
#   | work | vigil | other tool | other | ratio | target |
# A ratio below 1.0 means vigil is faster.  --more adds two rows: a
# 48 MiB text file (where start-up no longer dominates) against wc -l,
# and the sysctl table against sysctl -a.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=20
more=0
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--more) more=1; shift ;;
	*) break ;;
	esac
done
[ "$runs" -ge 10 ] || runs=10
vigil=${1:-$top/vigil}
[ -x "$vigil" ] || { echo "bench: build vigil first (make)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing" >&2; exit 1; }
f=/var/lib/dpkg/status
[ -r "$f" ] || { echo "bench: no $f to count" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

# name, vigil command, other command, other's name, target
row() {
	python3 "$top/bench/pair.py" --warmup 3 --runs "$runs" -N \
		--export-json "$tmp/out.json" "$2" "$3" >/dev/null
	python3 - "$tmp/out.json" "$1" "$4" "$5" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
v, o = r[0]["median"], r[1]["median"]
print(f"| {sys.argv[2]} | {v * 1000:.1f} ms | `{sys.argv[3]}` "
      f"| {o * 1000:.1f} ms | {v / o:.2f} | {sys.argv[4]} |")
PY
}

n=$(wc -l <"$f")
row "count lines of dpkg status ($n)" \
	"$vigil query --csv \"SELECT count(*) FROM file_lines WHERE path = '$f'\"" \
	"wc -l $f" "wc -l" "≤ 2.0"

if [ "$more" = 1 ]; then
	# (yes dies of SIGPIPE when head has enough: not a failure)
	{ yes 'Package: example-package-name Version: 1.2.3-4 Architecture: amd64' ||
		true; } | head -c $((48 << 20)) >"$tmp/big.txt"
	row "count lines of 48 MiB" \
		"$vigil query --csv \"SELECT count(*) FROM file_lines WHERE path = '$tmp/big.txt'\"" \
		"wc -l $tmp/big.txt" "wc -l" "—"
	if command -v sysctl >/dev/null; then
		row "all sysctl values" \
			"$vigil query --csv 'SELECT name, value FROM sysctl'" \
			"sysctl -a" "sysctl -a" "≤ 1.0"
	fi
fi
