#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# vigil audit against the hardening scanners people run today, on this host:
#
#   lynis audit system --quick              (Debian package lynis)
#   oscap xccdf eval --profile <ANSSI>      (openscap-scanner + ssg-debian)
#
#   bench/audit.sh [--vigil-runs N] [--lynis-runs N] [--oscap-runs N]
#                  [--datastream FILE] [--profile ID] [--keep] [VIGIL]
#
# Each tool runs N times under GNU time (/usr/bin/time -f %M), output sent to
# files in a temporary directory; the table gives the median wall time, the
# highest peak RSS over the runs and the number of checks each evaluated:
#   vigil  the results in `vigil audit --format json`,
#   lynis  lynis_tests_done in its report file ("Tests performed"),
#   oscap  the rule-results of the selected rules in its results XML
#          (notselected ones left out; notapplicable ones counted, as
#          vigil counts its not_applicable checks).
# Defaults: vigil 10 runs, lynis 3, oscap 1: lynis takes a minute or two a
# run, and oscap with a full profile of a few hundred rules can take minutes,
# so more runs of them would make the benchmark too long to rerun (Debian
# 12's packaged ANSSI content has only ~50 rules and runs in seconds: give
# --oscap-runs 3 there).  Wall time includes GNU time's own
# start (under a millisecond), the same for every tool.
#
# Both scanners only read the host in these modes: lynis's `audit system`
# never changes the system, and `oscap xccdf eval` remediates only when given
# --remediate, which this script never passes.  lynis's log and report are
# sent to the temporary directory (--logfile, --report-file), not /var/log.
# Run as root, as both scanners expect (missing packages are installed with
# mk/deps.sh).
#
# The profile: the highest ANSSI level the datastream offers, in this order:
# BP-028 high, enhanced, intermediary, minimal, then the same levels under
# BP-028's former name DAT-NT28 (high, restrictive, average, minimal).  The
# datastream: ssg-debian<major>-ds.xml for this Debian release.  Debian 12's
# own ssg-debian package (0.1.65) ships content for Debian 10 and 11 only; on
# such a host the script takes the newest older release's datastream and
# retargets a copy of it (in the temporary directory) whose Debian version
# check matches this release, since otherwise every rule is "notapplicable".
# --datastream and --profile choose another content (e.g. the upstream SCAP
# Security Guide's ssg-debian12-ds.xml with anssi_bp28_high).
set -euo pipefail
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)

usage() { # exit status
	sed -n 's/^#   bench/bench/p; s/^#                  /                 /p' "$0" | head -2 >&2
	exit "$1"
}

vruns=10 lruns=3 oruns=1 ds="" profile="" keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	--vigil-runs) vruns=${2:?}; shift 2 ;;
	--lynis-runs) lruns=${2:?}; shift 2 ;;
	--oscap-runs) oruns=${2:?}; shift 2 ;;
	--datastream) ds=${2:?}; shift 2 ;;
	--profile) profile=${2:?}; shift 2 ;;
	--keep) keep=1; shift ;;
	-h|--help) usage 0 ;;
	-*) echo "bench: unknown option '$1'" >&2; usage 2 ;;
	*) break ;;
	esac
done
[ $# -le 1 ] || usage 2
for n in "$vruns" "$lruns" "$oruns"; do
	case "$n" in ''|*[!0-9]*|0) echo "bench: runs must be a positive integer: '$n'" >&2; exit 2 ;; esac
done
vigil=${1:-$top/vigil}
[ -x "$vigil" ] || { echo "bench: build vigil first (make)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || echo "bench: not root: lynis and oscap will skip what they cannot read" >&2
sh "$top/mk/deps.sh" lynis openscap-scanner ssg-debian time python3

tmp=$(mktemp -d)
if [ -z "$tmp" ] || [ ! -d "$tmp" ]; then
	echo "bench: mktemp failed" >&2
	exit 1
fi
if [ "$keep" = 1 ]; then
	trap 'echo "bench: outputs kept in $tmp" >&2' EXIT
else
	trap 'rm -rf -- "$tmp"' EXIT
fi
t_start=$EPOCHREALTIME
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the SCAP content --------------------------------------------------------
notes=()
ssg=/usr/share/xml/scap/ssg/content
major=$(cut -d. -f1 /etc/debian_version 2>/dev/null || echo 0)
if [ -z "$ds" ]; then
	if [ -f "$ssg/ssg-debian$major-ds.xml" ]; then
		ds=$ssg/ssg-debian$major-ds.xml
	else
		# The newest older Debian release's content, retargeted.
		old=""
		for f in "$ssg"/ssg-debian*-ds.xml; do
			v=${f#"$ssg"/ssg-debian}
			v=${v%-ds.xml}
			case "$v" in ''|*[!0-9]*) continue ;; esac
			if [ -z "$old" ] || [ "$v" -gt "$old" ]; then old=$v; fi
		done
		[ -n "$old" ] || { echo "bench: no ssg-debian*-ds.xml in $ssg" >&2; exit 1; }
		# The Debian-version CPE check reads /etc/debian_version with the
		# pattern ^<old>.[0-9]+$ (once in the CPE OVAL, once in the OVAL).
		pat="^$old.[0-9]+\$"
		hits=$(grep -cF "$pat" "$ssg/ssg-debian$old-ds.xml" || true)
		[ "$hits" -ge 1 ] || { echo "bench: cannot retarget '$ssg/ssg-debian$old-ds.xml': no '$pat'" >&2; exit 1; }
		sed "s/\\^$old\\.\\[0-9\\]+\\$/^$major.[0-9]+\$/" "$ssg/ssg-debian$old-ds.xml" >"$tmp/ssg-debian$old-as-$major-ds.xml"
		ds=$tmp/ssg-debian$old-as-$major-ds.xml
		notes+=("no Debian $major SCAP content installed (ssg-debian $(dpkg-query -W -f='${Version}' ssg-debian 2>/dev/null)); used ssg-debian$old-ds.xml with its Debian-version check retargeted to $major ($hits patterns)")
	fi
fi
[ -r "$ds" ] || { echo "bench: cannot read datastream '$ds'" >&2; exit 1; }
if [ -z "$profile" ]; then
	ids=$(oscap info --profiles "$ds" 2>/dev/null | cut -d: -f1)
	for level in anssi_bp28_high anssi_bp28_enhanced anssi_bp28_intermediary anssi_bp28_minimal \
		anssi_np_nt28_high anssi_np_nt28_restrictive anssi_np_nt28_average anssi_np_nt28_minimal; do
		id=xccdf_org.ssgproject.content_profile_$level
		if grep -qxF "$id" <<<"$ids"; then
			profile=$id
			break
		fi
	done
	[ -n "$profile" ] || { echo "bench: no ANSSI profile in '$ds'" >&2; exit 1; }
fi

# --- timing ------------------------------------------------------------------
# run NAME I OKCODES CMD...: one run under GNU time; appends "µs KiB" to
# $tmp/NAME.runs.  Exit codes in OKCODES (e.g. "0 2") are not failures.
run() {
	local name=$1 i=$2 ok=$3 t0 t1 rc=0
	shift 3
	t0=${EPOCHREALTIME/[.,]/}
	/usr/bin/time -f '%M' -o "$tmp/$name.$i.rss" "$@" >"$tmp/$name.$i.out" 2>"$tmp/$name.$i.err" || rc=$?
	t1=${EPOCHREALTIME/[.,]/}
	if ! grep -qw -- "$rc" <<<"$ok"; then
		echo "bench: $name run $i failed (exit $rc); see $tmp/$name.$i.err" >&2
		keep=1
		trap 'echo "bench: outputs kept in $tmp" >&2' EXIT
		exit 1
	fi
	echo "$((t1 - t0)) $(tail -1 "$tmp/$name.$i.rss")" >>"$tmp/$name.runs"
}

# vigil: the default audit (text report), as a user runs it.  Exit 3 is
# "findings at --fail-on", never given here, but harmless.
for i in $(seq "$vruns"); do
	run vigil "$i" "0 3" "$vigil" audit
done
"$vigil" audit --format json >"$tmp/vigil.json"

# lynis: 0 when it ran.  One log and report per run.
for i in $(seq "$lruns"); do
	run lynis "$i" "0" lynis audit system --quick --no-colors \
		--logfile "$tmp/lynis.$i.log" --report-file "$tmp/lynis.$i.dat"
done

# oscap: 0 all passed, 2 some rule failed; 1 is an error.
for i in $(seq "$oruns"); do
	run oscap "$i" "0 2" oscap xccdf eval --profile "$profile" \
		--results "$tmp/oscap.$i.xml" "$ds"
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed_us=$(( ${EPOCHREALTIME/[.,]/} - ${t_start/[.,]/} ))

# --- report ------------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
virt=$(systemd-detect-virt 2>/dev/null || true)
[ -e /.dockerenv ] && virt="${virt:-container} (/.dockerenv)"
python3 - "$tmp" "$vruns" "$lruns" "$oruns" "$profile" "$ds" \
	"$(uname -r)" "$(nproc)" "$cpu" "$load_before" "$load_after" "$elapsed_us" \
	"$(lynis --version 2>/dev/null | head -1)" \
	"$(oscap --version 2>/dev/null | head -1 | sed 's/.*) //')" \
	"$("$vigil" version 2>/dev/null | head -1)" "$(cat /proc/1/comm)" \
	"${virt:-none}" "${notes[@]}" <<'PY'
import collections, glob, json, os, re, statistics, sys
import xml.etree.ElementTree as ET

(tmp, vruns, lruns, oruns, profile, ds, kernel, cores, cpu, load0, load1,
 elapsed, lver, over, vver, pid1, virt, *notes) = sys.argv[1:]

def runs(name):
    rows = [l.split() for l in open(os.path.join(tmp, name + ".runs"))]
    wall = statistics.median(int(r[0]) for r in rows) / 1e6
    rss = max(int(r[1]) for r in rows) / 1024
    return wall, rss

def secs(s):
    if s < 1:
        return f"{s * 1000:.1f} ms"
    if s < 120:
        return f"{s:.2f} s"
    return f"{s / 60:.1f} min"

def count(c):
    return ", ".join(f"{n} {k}" for k, n in sorted(c.items(), key=lambda x: -x[1]))

# vigil: every result in its JSON report.
v = json.load(open(os.path.join(tmp, "vigil.json")))
vchecks = len(v["results"])
vdetail = count(collections.Counter(r["status"] for r in v["results"]))

# lynis: "Tests performed" of the last run (lynis_tests_done), with what
# it skipped and the exceptions it hit.
rep = {}
for line in open(os.path.join(tmp, f"lynis.{lruns}.dat"), errors="replace"):
    k, _, val = line.rstrip("\n").partition("=")
    rep.setdefault(k, []).append(val)
lchecks = int(rep.get("lynis_tests_done", ["0"])[0])
skipped = [t for t in rep.get("tests_skipped", [""])[0].split("|") if t]
exceptions = rep.get("exception_event[]", [])
ldetail = (f"{len(skipped)} skipped, {len(rep.get('warning[]', []))} warnings, "
           f"{len(rep.get('suggestion[]', []))} suggestions, hardening index "
           f"{rep.get('hardening_index', ['?'])[0]}")

# oscap: rule-results of the selected rules, in the last run's results.
X = "{http://checklists.nist.gov/xccdf/1.2}"
res = collections.Counter()
for rr in ET.parse(os.path.join(tmp, f"oscap.{oruns}.xml")).getroot().iter(X + "rule-result"):
    res[rr.find(X + "result").text] += 1
res.pop("notselected", None)
ochecks = sum(res.values())
odetail = count(res)

vw, vr = runs("vigil")
lw, lr = runs("lynis")
ow, orss = runs("oscap")
short = profile.replace("xccdf_org.ssgproject.content_profile_", "")

print("| tool | checks | median wall time | peak RSS | ratio (other ÷ vigil) |")
print("|---|---|---|---|---|")
def nruns(k):
    return f"{k} run" if k == "1" else f"{k} runs"

print(f"| `vigil audit` ({nruns(vruns)}) | {vchecks} | {secs(vw)} | {vr:.1f} MiB | 1 |")
print(f"| `lynis audit system --quick` ({nruns(lruns)}) | {lchecks} | {secs(lw)} | "
      f"{lr:.1f} MiB | time ×{lw / vw:,.0f}, RSS ×{lr / vr:.1f} |")
print(f"| `oscap xccdf eval` {short} ({nruns(oruns)}) | "
      f"{ochecks} | {secs(ow)} | {orss:.1f} MiB | time ×{ow / vw:,.0f}, RSS ×{orss / vr:.1f} |")
print()
print(f"host: Linux {kernel}, {cores} cores, {cpu}; virtualisation: {virt}; PID 1: {pid1}; "
      f"load average {load0} before, {load1} after")
print(f"versions: {vver or 'vigil'}; lynis {lver}; oscap {over}")
print(f"oscap content: {os.path.basename(ds)}, profile {profile}")
for n in notes:
    print(f"note: {n}")
print(f"vigil results: {vdetail}")
print(f"lynis: {ldetail}")
for e in exceptions:
    print(f"lynis exception: {e.strip('|')}")
print(f"oscap results: {odetail}")
print()
ok = lambda b: "met" if b else "MISSED"
print(f"target: vigil's default audit under 1 s: {secs(vw)}: {ok(vw < 1)}")
print(f"target: at least 100× faster than lynis: ×{lw / vw:,.0f}: {ok(lw / vw >= 100)}")
print(f"target: vigil peak RSS under 32 MiB: {vr:.1f} MiB: {ok(vr < 32)}")
print(f"whole benchmark: {secs(int(elapsed) / 1e6)}")
PY
