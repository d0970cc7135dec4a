# SPDX-License-Identifier: Apache-2.0
# Generated documentation must match the code: docs/tables.md and the
# README's table list are produced from the registry (make docs).
. "$TOP/tests/lib.sh"

"$VIGIL" tables --markdown >tables.md
ok "docs/tables.md matches the registry (run 'make docs')" diff -u "$TOP/docs/tables.md" tables.md

cp "$TOP/README.md" README.md
sh "$TOP/mk/readme-tables.sh" "$VIGIL" README.md
ok "README table list matches the registry (run 'make docs')" diff -u "$TOP/README.md" README.md

# Every table the registry has is described, and every column too.
"$VIGIL" tables --json >tables.json
ok "every table and column has a description" python3 -c '
import json, sys
bad = [t["name"] + "." + c["name"] for t in json.load(open("tables.json"))
       for c in t["columns"] if not c["description"].strip()]
bad += [t["name"] for t in json.load(open("tables.json")) if not t["description"].strip()]
print(bad); sys.exit(1 if bad else 0)'

# Tables that osquery also has carry exactly its columns, in its order,
# with its types (BIGINT and UNSIGNED_BIGINT both map to BIGINT).
schema=$TOP/../shared/reference/osquery-linux-schema.tsv
if [ ! -f "$schema" ]; then
	skip "columns match osquery's schema" "no ../shared/reference beside the checkout"
	exit 0
fi
ok "columns match osquery's schema where the table exists there" python3 -c '
import json, sys, collections
ref = collections.defaultdict(list)
for line in open(sys.argv[1]):
    if line.startswith("#") or not line.strip():
        continue
    t, c, ty = line.rstrip("\n").split("\t")[:3]
    ref[t].append((c, "BIGINT" if ty == "UNSIGNED_BIGINT" else ty))
bad = []
for t in json.load(open("tables.json")):
    if t["name"] in ref:
        mine = [(c["name"], c["type"]) for c in t["columns"]]
        if mine != ref[t["name"]]:
            bad.append((t["name"], sorted(set(mine) ^ set(ref[t["name"]]))))
print(bad); sys.exit(1 if bad else 0)' "$schema"
