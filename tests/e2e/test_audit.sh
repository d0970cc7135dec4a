# SPDX-License-Identifier: Apache-2.0
# `vigil audit`: reports in every format from a small pack on the debian12
# fixture host (exact output), exit codes, filters, waivers, osquery packs,
# and every kind of bad pack, each with its exact message.
. "${TOP:?}/tests/lib.sh" || exit 1

export SOURCE_DATE_EPOCH=1700000000
mkdir -p packs
cp "$FIX"/packs/* packs/
chmod 600 packs/*
ln -s "$FIX/debian12" host
A=(audit --root host --no-builtin --pack packs/demo.json)

run "${A[@]}"
is_rc "a finished audit exits 0" 0
is_out "text report" <<'X'
vigil audit of debian12 (root host), 2023-11-14T22:13:20Z
score 74%: 3 pass, 1 fail, 1 error, 0 waived, 1 not applicable (6 checks)

== kernel: 0% (0 pass, 0 fail, 1 error, 0 waived, 1 not applicable)
ERROR  high     DEMO-005  A check whose table fails at run time
      error: table hash requires a constraint on path or directory
N/A    medium   DEMO-004  Modules are locked
      not applicable: the kernel has no module support

== accounts: 89% (1 pass, 1 fail, 0 error, 0 waived, 0 not applicable)
FAIL   low      DEMO-002  Interactive users use bash
      why:   Policy <demo> & "quotes".
      fix:   Run chsh -s /bin/bash.
      found: 2 rows
        username=bob, shell=/bin/zsh
        username=carol, shell=

== network: 100% (2 pass, 0 fail, 0 error, 0 waived, 0 not applicable)
X

run "${A[@]}" --format json
python3 - "$OUT" >json.out <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["duration_ms"] >= 0
d["duration_ms"] = 0
print(json.dumps(d, indent=1))
PY
OUT=json.out is_out "json report (duration zeroed)" <<'X'
{
 "vigil": "0.1.0",
 "host": "debian12",
 "root": "host",
 "time": "2023-11-14T22:13:20Z",
 "duration_ms": 0,
 "score": 73.7,
 "summary": {
  "pass": 3,
  "fail": 1,
  "error": 1,
  "waived": 0,
  "not_applicable": 1
 },
 "themes": [
  {
   "theme": "kernel",
   "score": 0.0,
   "summary": {
    "pass": 0,
    "fail": 0,
    "error": 1,
    "waived": 0,
    "not_applicable": 1
   }
  },
  {
   "theme": "accounts",
   "score": 88.9,
   "summary": {
    "pass": 1,
    "fail": 1,
    "error": 0,
    "waived": 0,
    "not_applicable": 0
   }
  },
  {
   "theme": "network",
   "score": 100.0,
   "summary": {
    "pass": 2,
    "fail": 0,
    "error": 0,
    "waived": 0,
    "not_applicable": 0
   }
  }
 ],
 "results": [
  {
   "id": "DEMO-005",
   "title": "A check whose table fails at run time",
   "theme": "kernel",
   "severity": "high",
   "status": "error",
   "reason": "table hash requires a constraint on path or directory",
   "expires": null,
   "rationale": null,
   "remediation": null,
   "seed": null,
   "section": null,
   "pack": "packs/demo.json",
   "rows": 0,
   "evidence": []
  },
  {
   "id": "DEMO-004",
   "title": "Modules are locked",
   "theme": "kernel",
   "severity": "medium",
   "status": "not_applicable",
   "reason": "the kernel has no module support",
   "expires": null,
   "rationale": null,
   "remediation": null,
   "seed": null,
   "section": null,
   "pack": "packs/demo.json",
   "rows": 0,
   "evidence": []
  },
  {
   "id": "DEMO-002",
   "title": "Interactive users use bash",
   "theme": "accounts",
   "severity": "low",
   "status": "fail",
   "reason": null,
   "expires": null,
   "rationale": "Policy <demo> & \"quotes\".",
   "remediation": "Run chsh -s /bin/bash.",
   "seed": null,
   "section": null,
   "pack": "packs/demo.json",
   "rows": 2,
   "evidence": [
    {
     "username": "bob",
     "shell": "/bin/zsh"
    },
    {
     "username": "carol",
     "shell": ""
    }
   ]
  },
  {
   "id": "DEMO-001",
   "title": "No account besides root has uid 0",
   "theme": "accounts",
   "severity": "critical",
   "status": "pass",
   "reason": null,
   "expires": null,
   "rationale": "A second uid 0 is root under another name.",
   "remediation": "Renumber or delete the account.",
   "seed": "003_6a659ac82b73cbde.txt",
   "section": "System administration roles separation",
   "pack": "packs/demo.json",
   "rows": 0,
   "evidence": []
  },
  {
   "id": "DEMO-003",
   "title": "IPv4 forwarding is off",
   "theme": "network",
   "severity": "high",
   "status": "pass",
   "reason": null,
   "expires": null,
   "rationale": "Hosts are not routers.",
   "remediation": "sysctl -w net.ipv4.ip_forward=0",
   "seed": null,
   "section": null,
   "pack": "packs/demo.json",
   "rows": 0,
   "evidence": []
  },
  {
   "id": "DEMO-006",
   "title": "The hostname is set",
   "theme": "network",
   "severity": "medium",
   "status": "pass",
   "reason": null,
   "expires": null,
   "rationale": null,
   "remediation": null,
   "seed": null,
   "section": null,
   "pack": "packs/demo.json",
   "rows": 0,
   "evidence": []
  }
 ]
}
X

run "${A[@]}" --format junit
is_out "junit report" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="vigil audit" tests="6" failures="1" errors="1" skipped="1">
  <testsuite name="debian12" timestamp="2023-11-14T22:13:20Z" tests="6" failures="1" errors="1" skipped="1">
    <testcase classname="kernel" name="DEMO-005 A check whose table fails at run time">
      <error message="table hash requires a constraint on path or directory"/>
    </testcase>
    <testcase classname="kernel" name="DEMO-004 Modules are locked">
      <skipped message="not applicable: the kernel has no module support"/>
    </testcase>
    <testcase classname="accounts" name="DEMO-002 Interactive users use bash">
      <failure type="low" message="Run chsh -s /bin/bash.">Policy &lt;demo&gt; &amp; &quot;quotes&quot;.
username=bob, shell=/bin/zsh
username=carol, shell=
</failure>
    </testcase>
    <testcase classname="accounts" name="DEMO-001 No account besides root has uid 0"/>
    <testcase classname="network" name="DEMO-003 IPv4 forwarding is off"/>
    <testcase classname="network" name="DEMO-006 The hostname is set"/>
  </testsuite>
</testsuites>
X

run "${A[@]}" --format html --output report.html
ok "html report written to --output, nothing on stdout" test -s report.html -a ! -s "$OUT"
ok "html report is one file with no outside asset" \
	bash -c "! grep -Eq '<(script|link|img)|src=|url\(' report.html"
ok "html report has the per-theme chart" grep -q '<svg class="chart"' report.html
ok "html report escapes check text" grep -q 'Policy &lt;demo&gt; &amp; &quot;quotes&quot;' report.html
ok "html report has expandable evidence" grep -q '<details><summary>2 offending rows</summary>' report.html

# The page as a browser sees it: it loads without console errors and the
# chart is drawn (bars with a width).
if command -v chromium >/dev/null 2>&1; then
	cr=(chromium --headless --no-sandbox --disable-gpu --disable-quic
		--no-first-run --disable-background-networking
		--disable-component-update --disable-sync
		--user-data-dir="$TMPD/chromium" --enable-logging=stderr --v=0)
	timeout 120 "${cr[@]}" --window-size=1000,1200 \
		--screenshot="$TMPD/report.png" "file://$TMPD/report.html" \
		>/dev/null 2>chromium.err
	ok "chromium renders the html report to a screenshot" test -s report.png
	ok "chromium reports no console message from the page" \
		bash -c "! grep -q 'CONSOLE' chromium.err"
	timeout 120 "${cr[@]}" --dump-dom "file://$TMPD/report.html" \
		>dom.html 2>/dev/null
	ok "the rendered page has the chart with drawn bars" \
		grep -qE '<rect x="170" y="[0-9]+" width="[1-9][0-9]*" height="22" fill="#' dom.html
else
	skip "html report in chromium" "chromium is not installed"
fi

run "${A[@]}" --fail-on high
is_rc "--fail-on high: an errored high check exits 3" 3
run "${A[@]}" --fail-on critical
is_rc "--fail-on critical: nothing critical failed, exit 0" 0
run "${A[@]}" --skip DEMO-005 --fail-on medium
is_rc "--fail-on medium without the error: only a low failure, exit 0" 0
run "${A[@]}" --fail-on low --only DEMO-002
is_rc "--fail-on low with --only DEMO-002 exits 3" 3

run "${A[@]}" --only DEMO-001,DEMO-003 --format junit
ok "--only runs just those checks" grep -q 'tests="2" failures="0" errors="0" skipped="0"' "$OUT"

run "${A[@]}" --only NOPE-9
is_err "--only with an unknown id" <<'X'
vigil: unknown check 'NOPE-9' (see vigil audit --list)
X
is_rc "unknown id exits 1" 1

run "${A[@]}" --waivers packs/waivers.json --only DEMO-002,DEMO-003
is_out "waived check shown with reason and expiry; expired waiver ignored" <<'X'
vigil audit of debian12 (root host), 2023-11-14T22:13:20Z
score 100%: 1 pass, 0 fail, 0 error, 1 waived, 0 not applicable (2 checks)

== network: 100% (1 pass, 0 fail, 0 error, 0 waived, 0 not applicable)

== accounts: n/a (0 pass, 0 fail, 0 error, 1 waived, 0 not applicable)
WAIVED low      DEMO-002  Interactive users use bash
      waived: bob prefers zsh; accepted by the security team (until 2099-12-31)
X
is_err "expired and unknown waivers are reported" <<'X'
vigil: waiver for 'DEMO-003' in 'packs/waivers.json' expired on 2020-01-01; the check runs
vigil: waiver in 'packs/waivers.json' names unknown check 'NOPE-1'
X

run "${A[@]}" --list
is_out "--list names every check" <<'X'
DEMO-001  critical accounts         No account besides root has uid 0 [003_6a659ac82b73cbde.txt: System administration roles separation]
DEMO-002  low      accounts         Interactive users use bash
DEMO-003  high     network          IPv4 forwarding is off
DEMO-004  medium   kernel           Modules are locked
DEMO-005  high     kernel           A check whose table fails at run time
DEMO-006  medium   network          The hostname is set
X

run audit --root host --no-builtin --pack packs/osquery-pack.conf
is_out "osquery pack files load; each query's rows are findings" <<'X'
vigil audit of debian12 (root host), 2023-11-14T22:13:20Z
score 50%: 1 pass, 1 fail, 0 error, 0 waived, 0 not applicable (2 checks)

== osquery pack: 50% (1 pass, 1 fail, 0 error, 0 waived, 0 not applicable)
FAIL   medium   uid0_accounts Accounts with uid 0
      found: 1 row
        username=root
X

run audit --root host --no-builtin --pack packs/fleet-policies.yml --pack packs/fleet-kind.yml
is_out "fleet policy YAML (list and kind: policy forms) pass when their query finds rows" <<'X'
vigil audit of debian12 (root host), 2023-11-14T22:13:20Z
score 80%: 3 pass, 1 fail, 0 error, 0 waived, 0 not applicable (4 checks)

== fleet policies: 80% (3 pass, 1 fail, 0 error, 0 waived, 0 not applicable)
FAIL   medium   no-account-named-bob No account named bob
      why:   Bob left the company.
      fix:   userdel bob
X
run audit --root host --no-builtin --pack packs/fleet-policies.yml --list
is_out "policies get ids from their names; critical ones are high" <<'X'
root-account-exists high     fleet policies   Root account exists
no-account-named-bob medium   fleet policies   No account named bob
X

bad() { # name pack expected-stderr
	run audit --root host --no-builtin --pack "packs/$2"
	printf '%s\n' "$3" >want.err
	if [ "$RC" -eq 1 ] && cmp -s want.err "$ERR" && [ ! -s "$OUT" ]; then
		_report ok "$1"
	else
		{ echo "rc=$RC"; diff want.err "$ERR"; } >.d; _report fail "$1" .d
	fi
}
bad "invalid JSON names line and column" bad-json.json \
	"vigil: cannot load pack 'packs/bad-json.json': line 2, column 56: '}' expected near '\"query\"'"
bad "invalid SQL names the check" bad-sql.json \
	"vigil: cannot load pack 'packs/bad-sql.json': check 'X-1': invalid query: near \"SELEC\": syntax error"
bad "duplicate id" bad-dup.json \
	"vigil: cannot load pack 'packs/bad-dup.json': check 'X-1': duplicate id (also in packs/bad-dup.json)"
bad "unknown severity" bad-severity.json \
	"vigil: cannot load pack 'packs/bad-severity.json': check 'X-1': unknown severity 'severe' (low, medium, high or critical)"
bad "unknown key (a typo)" bad-key.json \
	"vigil: cannot load pack 'packs/bad-key.json': check 'X-1': unknown key \"querry\""
bad "a policy without a query" bad-policy.yml \
	"vigil: cannot load pack 'packs/bad-policy.yml': policy #1: needs \"name\" and \"query\""
bad "policy YAML with a syntax error names line and column" bad-yaml.yml \
	"vigil: cannot load pack 'packs/bad-yaml.yml': line 3, column 1: did not find expected ',' or ']'"
chmod 666 packs/demo.json
bad "a pack other users can write is refused" demo.json \
	"vigil: cannot load pack 'packs/demo.json': other users can write it (mode 0666, owner uid $(id -u)); make it writable by its owner only"
chmod 600 packs/demo.json

run audit --format pdf
is_rc "unknown format is a usage error" 2

run audit --root host --list
ok "the built-in benchmark lists its checks" test "$(wc -l <"$OUT")" -ge 40
