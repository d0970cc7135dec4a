#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Listening sockets with their processes: vigil's listening_ports joined
# with processes against ss -tulpn, which answers the same question (TCP
# and UDP listeners, with the process holding each).
#
#   bench/sockets.sh [--runs N] [VIGIL]
#
# Timed with hyperfine in alternating rounds (bench/pair.py; warm cache,
# no shell, median of N runs, at least 10); prints one Markdown table row:
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
for t in hyperfine ss python3; do
	command -v "$t" >/dev/null || { echo "bench: $t is missing" >&2; exit 1; }
done

sql='SELECT p.name, l.port, l.protocol, l.address FROM listening_ports l JOIN processes p USING (pid)'
json=$(mktemp)
trap 'rm -f "$json"' EXIT
python3 "$top/bench/pair.py" --warmup 5 --runs "$runs" -N --export-json "$json" \
	"$vigil query --csv '$sql'" "ss -tulpn" >/dev/null
python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
v, o = r[0]["median"], r[1]["median"]
print(f"| listening ports with processes | {v*1000:.1f} ms | `ss -tulpn` "
      f"| {o*1000:.1f} ms | {v/o:.2f} | ≤ 1.0 |")
PY
