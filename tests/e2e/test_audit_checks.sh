# SPDX-License-Identifier: Apache-2.0
# Every built-in check is proved by three fixture hosts: it passes on
# `hardened`, fails on `weak`, and is not applicable on an empty root where
# its facility is absent.  A check missing any of the three fails here, so
# a new check arrives with its fixture data.
. "${TOP:?}/tests/lib.sh" || exit 1

# Checks of ownership (root-owned secrets and configs) need the copies to
# belong to root, as the fixture files do in a checkout made by root.
if ! is_root; then
	skip "built-in checks on the fixture hosts" "needs root (file ownership)"
	exit 0
fi

# Git keeps no modes: copy each host and apply its .modes file.
mkdir empty
for host in hardened weak; do
	cp -a "$FIX/$host" "$host"
	if [ -f "$FIX/$host.modes" ]; then
		# "MODE PATH" chmods; "owner=UID:GID PATH" chowns.
		grep -v '^#' "$FIX/$host.modes" | while read -r mode path; do
			case "$mode" in
			owner=*) chown "${mode#owner=}" "$host/$path" ;;
			*) chmod "$mode" "$host/$path" ;;
			esac
		done
	fi
done
for host in hardened weak empty; do
	root=$host
	"$VIGIL" audit --root "$root" --format json >"$host.json" 2>"$host.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "not ok - audit of $host exited $rc"
		sed 's/^/#   /' "$host.err"
	fi
done

python3 - <<'PY'
import json
want = {"hardened": "pass", "weak": "fail", "empty": "not_applicable"}
runs = {h: {r["id"]: r for r in json.load(open(h + ".json"))["results"]}
        for h in want}
n = 0
for cid in sorted(runs["hardened"]):
    n += 1
    bad = []
    for host, status in want.items():
        r = runs[host].get(cid)
        got = r["status"] if r else "missing"
        if got != status:
            why = (r or {}).get("reason") or ""
            ev = json.dumps((r or {}).get("evidence") or [])[:300]
            bad.append(f"{host}: {got}, want {status} {why} {ev}")
    if bad:
        print(f"not ok {n} - {cid} proved on hardened, weak and empty")
        for b in bad:
            print("#   " + b)
    else:
        print(f"ok {n} - {cid} passes on hardened, fails on weak, N/A on empty")
PY
