#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fails when a parser of untrusted bytes has no fuzz target.
#
# The convention: a "parser function" is a function declared (not static)
# in a header under src/ that
#   - is declared in a header under src/tables/ (the tables register
#     through a linker section and export nothing themselves: what a
#     family's header exports is, nearly always, the pure parsers of what
#     it reads from the host; the few helpers there that do I/O instead
#     are exempted below), or
#   - has a name containing "parse", "unescape", "unquote" or "decode", or
#     ending in "_cmp" or "_match" (comparators and matchers that SQL
#     applies to host data, such as functions_version_cmp, pathpat_match).
# Every parser function must be called from some fuzz/fuzz_*.c, or be
# listed in EXEMPT below, by name or by header, with the reason it never
# sees untrusted bytes.
# Every fuzz/fuzz_NAME.c must define LLVMFuzzerTestOneInput and have seed
# files in fuzz/corpus/NAME/.
#
# usage: mk/check-fuzz.sh [-v]    (-v lists each parser and its targets)
# Needs only sh, awk, find and grep: it runs without clang.
set -u
cd "$(dirname "$0")/.." || exit 1

verbose=0
[ "${1:-}" = -v ] && verbose=1

# function or header<TAB>reason: what only sees trusted input.
EXEMPT='output_parse_mode	maps the --json/--csv/--line/--table option the operator typed to a mode
report_parse_format	maps the --format option the operator typed to a report format
src/tables/sockdiag.h	netlink requests to the running kernel; its answers come from the kernel, not from files or users, and land in struct netproc_sock, whose /proc/net parsers are fuzzed
src/tables/rtnl.h	netlink and ethtool requests to the running kernel, whose answers come from the kernel, not from files or users
src/tables/homes.h	reads /etc/passwd and files under home directories through hostfs and hands the bytes to the passwd and acctparse parsers, which are fuzzed
src/tables/fswalk.h	walks the filesystem through hostfs, reading the account files with the passwd parsers (fuzzed); the rest decides on numbers (modes, ids, filesystem magic), not on bytes
src/tables/systemd.h	finds and loads unit files through hostfs and hands their text to unitfile_parse, which is fuzzed
src/tables/nft_int.h	internal to the nftables parser (src/tables/nft*.c): its functions are reached only through the nft_ruleset_parse, nft_conf_parse and nft_ruleset_finish of nft.h, which fuzz_nft calls
procfd_pids	lists /proc through hostfs (pids are read by procfd_parse_pid, which is fuzzed)
procfd_walk	reads the fd links of a process through hostfs (their targets go to netproc_link_inode, which is fuzzed)
procfd_lines	reads a /proc file through hostfs line by line for the netproc parsers, which are fuzzed'

# Prints the text of the C files named as arguments with /* */ and //
# comments blanked out (string literals are not special-cased: the headers
# and targets hold no "/*" inside a string).
strip_comments() {
	awk '
	{
		line = $0; out = ""
		while (line != "") {
			if (incomment) {
				i = index(line, "*/")
				if (i == 0) { line = ""; break }
				line = substr(line, i + 2); incomment = 0
				continue
			}
			i = index(line, "/*"); j = index(line, "//")
			if (j > 0 && (i == 0 || j < i)) {
				out = out substr(line, 1, j - 1); line = ""
				break
			}
			if (i == 0) { out = out line; line = ""; break }
			out = out substr(line, 1, i - 1) " "
			line = substr(line, i + 2); incomment = 1
		}
		print out
	}' "$@"
}

# The functions a header declares, one a line: identifiers just before the
# first "(" of a line that starts at column 0 and is not a preprocessor
# line, a typedef, static or extern declaration, a struct, enum or union
# definition, or a keyword.
declared() {
	strip_comments "$1" | awk '
	/^[A-Za-z]/ && /\(/ && !/^(typedef|static|extern|(struct|enum|union) [A-Za-z_0-9]+ *\{)/ {
		s = substr($0, 1, index($0, "(") - 1)
		sub(/[ \t*]+$/, "", s)
		n = split(s, w, /[^A-Za-z0-9_]+/)
		name = w[n]
		if (name ~ /^(int|void|char|long|short|unsigned|signed|bool|const|size_t|if|while|for|return|sizeof)$/ || name ~ /^_/ || name == "")
			next
		print name
	}'
}

fail=0
calls=$(mktemp) || exit 1
parsers=$(mktemp) || exit 1
trap 'rm -f "$calls" "$parsers"' EXIT

targets=$(find fuzz -maxdepth 1 -name 'fuzz_*.c' 2>/dev/null | sort)
for t in $targets; do
	n=$(basename "$t" .c)
	n=${n#fuzz_}
	# Every identifier followed by "(", with the target that calls it.
	strip_comments "$t" | grep -oE '[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\(' |
		sed 's/[[:space:](]*$//' | sort -u | sed "s|\$|	$t|" >>"$calls"
	if ! strip_comments "$t" | grep -q 'LLVMFuzzerTestOneInput'; then
		echo "check-fuzz: $t does not define LLVMFuzzerTestOneInput" >&2
		fail=1
	fi
	if [ -z "$(find "fuzz/corpus/$n" -type f 2>/dev/null | head -n 1)" ]; then
		echo "check-fuzz: $t has no seeds: add files to fuzz/corpus/$n/" >&2
		fail=1
	fi
done

for h in $(find src -name '*.h' | sort); do
	for f in $(declared "$h"); do
		case "$h" in
		src/tables/*) ;;
		*)
			echo "$f" | grep -qE 'parse|unescape|unquote|decode|_cmp$|_match$' ||
				continue
			;;
		esac
		printf '%s\t%s\n' "$f" "$h" >>"$parsers"
	done
done

while IFS='	' read -r f h; do
	reason=$(printf '%s\n' "$EXEMPT" |
		awk -F '\t' -v f="$f" -v h="$h" '$1 == f || $1 == h { print $2 }')
	if [ -n "$reason" ]; then
		[ $verbose = 1 ] && echo "$f ($h): exempt: $reason"
		continue
	fi
	by=$(awk -F '\t' -v f="$f" '$1 == f { print $2 }' "$calls" | tr '\n' ' ')
	if [ -z "$by" ]; then
		echo "check-fuzz: $f ($h) has no fuzz target: call it from a fuzz/fuzz_*.c target (the convention is at the top of mk/check-fuzz.sh)" >&2
		fail=1
	elif [ $verbose = 1 ]; then
		echo "$f ($h): $by"
	fi
done <"$parsers"

# An exemption for a function that no longer exists is stale: say so.
printf '%s\n' "$EXEMPT" | while IFS='	' read -r f reason; do
	[ -n "$f" ] || continue
	grep -qE "^$f	|	$f\$" "$parsers" ||
		echo "check-fuzz: warning: exempt $f is no parser function any more" >&2
done

if [ $fail -ne 0 ]; then
	exit 1
fi
[ $verbose = 1 ] && echo "check-fuzz: $(wc -l <"$parsers" | tr -d ' ') parser functions, $(echo "$targets" | wc -w | tr -d ' ') targets"
exit 0
