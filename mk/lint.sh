#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Static analysis of vigil's sources: cppcheck and clang-tidy, each with
# its checked-in configuration (mk/cppcheck-suppressions.txt, .clang-tidy)
# and the compile flags the Makefile builds with.  Any finding fails.
#
# usage: mk/lint.sh [-j JOBS] [-t TOOLS] [-p PENDING] OUTDIR -- CFLAGS...
#
#   -j JOBS     clang-tidy processes and cppcheck threads (default: nproc)
#   -t TOOLS    "cppcheck", "clang-tidy" or both (the default)
#   -p PENDING  space-separated shell patterns of files not yet held to
#               the gate (mk/lint.mk's LINT_PENDING): they are not analysed
#               as sources, and findings in them (headers included) are
#               listed apart and do not fail the run
#   OUTDIR      where compile_commands.json and the tools' logs go
#   CFLAGS      the compiler flags, one argument each
#
# Writes OUTDIR/findings.txt (what fails the gate) and OUTDIR/pending.txt
# (findings in pending files, for information), one finding a line:
#   path:line:col: severity: message [check]
# Exit status: 0 no finding, 1 findings, 2 usage or a missing tool.
#
# The static analyzer (clang-analyzer-*) is nearly all of clang-tidy's
# time.  Its path budget is cut from clang's default of 225000 nodes a
# function to LINT_MAX_NODES (75000): a quarter of the time, and on the
# files where it found bugs it finds every one of them all the same.
# LINT_MAX_NODES=0 keeps clang's default.
set -u
max_nodes=${LINT_MAX_NODES:-75000}

jobs=$(nproc 2>/dev/null || echo 2)
tools="cppcheck clang-tidy"
pending=""
while getopts j:t:p: opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	t) tools=$OPTARG ;;
	p) pending=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -lt 2 ] || [ "$2" != "--" ]; then
	echo "usage: mk/lint.sh [-j JOBS] [-t TOOLS] [-p PENDING] OUTDIR -- CFLAGS..." >&2
	exit 2
fi
out=$1
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)

for t in $tools; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "mk/lint.sh: $t is not installed (Debian package: $t)" >&2
		exit 2
	fi
done

# is_pending PATH: does PATH (relative to the top) match a pending pattern?
is_pending() {
	set -f # the patterns are matched, not expanded
	for pat in $pending; do
		# shellcheck disable=SC2254
		case $1 in $pat)
			set +f
			return 0
			;;
		esac
	done
	set +f
	return 1
}

# The sources the Makefile compiles, minus the pending ones.
srcs=""
for f in src/*.c src/*/*.c; do
	[ -f "$f" ] || continue
	is_pending "$f" || srcs="$srcs $f"
done
if [ -z "$srcs" ]; then
	echo "mk/lint.sh: no sources under src/" >&2
	exit 2
fi

# JSON-quotes one argument.
jq_arg() {
	printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"
}

# compile_commands.json, for clang-tidy (and for editors).
{
	args="\"cc\""
	for a in "$@"; do
		args="$args, $(jq_arg "$a")"
	done
	echo "["
	sep=""
	for f in $srcs; do
		printf '%s  {"directory": %s, "file": %s,\n   "arguments": [%s, "-c", %s]}' \
			"$sep" "$(jq_arg "$top")" "$(jq_arg "$f")" "$args" \
			"$(jq_arg "$f")"
		sep=",
"
	done
	printf '\n]\n'
} >"$out/compile_commands.json"

# cppcheck takes the defines, undefines, include paths and forced
# includes, not the code generation flags: one a line, so a value with
# quotes or spaces stays one argument.
cpp_args=""
next_include=false
for a in "$@"; do
	if $next_include; then
		cpp_args="$cpp_args
--include=$a"
		next_include=false
		continue
	fi
	case $a in
	-include) next_include=true ;;
	-D* | -U* | -I*) cpp_args="$cpp_args
$a" ;;
	esac
done

: >"$out/raw.txt"
for t in $tools; do
	start=$(date +%s)
	case $t in
	cppcheck)
		mkdir -p "$out/cppcheck-build"
		# shellcheck disable=SC2086
		printf '%s\n' $srcs >"$out/cppcheck-files.txt"
		(
			set -f
			IFS='
'
			# shellcheck disable=SC2086
			cppcheck -q -j "$jobs" --std=c11 --language=c \
				--enable=warning,style,performance,portability \
				--library=gnu --library=posix --library=sqlite3 \
				--library=openssl --library=zlib \
				--inline-suppr \
				--suppressions-list=mk/cppcheck-suppressions.txt \
				--cppcheck-build-dir="$out/cppcheck-build" \
				--template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
				$cpp_args --file-list="$out/cppcheck-files.txt"
		) >"$out/cppcheck.log" 2>&1
		rc=$?
		if [ $rc -ne 0 ]; then
			tail -20 "$out/cppcheck.log" >&2
			echo "mk/lint.sh: cppcheck failed (exit $rc)" >&2
			exit 2
		fi
		grep -E '^[^ :]+:[0-9]+:[0-9]+: ' "$out/cppcheck.log" >>"$out/raw.txt"
		;;
	clang-tidy)
		mkdir -p "$out/clang-tidy"
		rm -f "$out"/clang-tidy/*.log "$out/clang-tidy/times"
		# One process a file, JOBS at a time, each into its own log,
		# the biggest files first so that no long one starts last.
		# (Source names are plain: src/<dir>/<name>.c.)
		# shellcheck disable=SC2086,SC2011,SC2016
		ls -S $srcs | xargs -P "$jobs" -I{} sh -c \
			'log="$2/clang-tidy/$(echo "$1" | tr / _).log"
			t0=$(date +%s)
			if [ "$3" -gt 0 ]; then
				set -- "$1" "$2" --extra-arg=-Xclang \
					--extra-arg=-analyzer-config \
					--extra-arg=-Xclang \
					--extra-arg=max-nodes="$3"
			else
				set -- "$1" "$2"
			fi
			f=$1 o=$2
			shift 2
			clang-tidy --quiet --config-file=.clang-tidy -p "$o" \
				"$@" "$f" >"$log" 2>&1
			rc=$?
			echo "$(($(date +%s) - t0)) $f" >>"$o/clang-tidy/times"
			exit $rc' \
			sh {} "$out" "$max_nodes"
		rc=$?
		cat "$out"/clang-tidy/*.log >"$out/clang-tidy.log" 2>/dev/null
		grep -E '^[^ :]+:[0-9]+:[0-9]+: (warning|error): ' \
			"$out/clang-tidy.log" >>"$out/raw.txt"
		# A file that does not compile is a finding (its errors are
		# in the log); any other failure is the tool's.
		if [ $rc -ne 0 ] && ! grep -qE ': error: ' "$out/clang-tidy.log"; then
			tail -20 "$out/clang-tidy.log" >&2
			echo "mk/lint.sh: clang-tidy failed (exit $rc)" >&2
			exit 2
		fi
		;;
	*)
		echo "mk/lint.sh: unknown tool '$t'" >&2
		exit 2
		;;
	esac
	echo "  LINT    $t: $(($(date +%s) - start)) s" >&2
	if [ "$t" = clang-tidy ]; then
		echo "  LINT    slowest: $(sort -rn "$out/clang-tidy/times" |
			head -3 | awk '{ printf "%s%s %ss", (NR > 1 ? ", " : ""), $2, $1 }')" >&2
	fi
done

# Paths relative to the top, each finding once (headers are seen from
# every file that includes them), pending files apart.
: >"$out/findings.txt"
: >"$out/pending.txt"
sed "s|^$top/||" "$out/raw.txt" | sort -u | while IFS= read -r line; do
	if is_pending "${line%%:*}"; then
		echo "$line" >>"$out/pending.txt"
	else
		echo "$line" >>"$out/findings.txt"
	fi
done

n=$(wc -l <"$out/findings.txt" | tr -d ' ')
p=$(wc -l <"$out/pending.txt" | tr -d ' ')
if [ "$p" -gt 0 ]; then
	echo "  LINT    $p finding(s) in pending files (not counted): $out/pending.txt" >&2
fi
if [ "$n" -gt 0 ]; then
	cat "$out/findings.txt"
	echo "mk/lint.sh: $n finding(s); logs in $out" >&2
	exit 1
fi
echo "  LINT    no findings" >&2
exit 0
