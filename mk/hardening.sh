#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Hardening gate on a built vigil binary: PIE, full RELRO with immediate
# binding, non-executable stack, stack protector, FORTIFY_SOURCE, CET (IBT
# and shadow stack), no RPATH/RUNPATH.  Checked three ways: readelf and
# objdump directly, Debian's hardening-check (devscripts) and checksec.
#
# usage: mk/hardening.sh [-s] BINARY
#
#   -s   a missing hardening-check or checksec is a skip, not a failure
#
# Prints one line a check, "ok: WHAT", "FAIL: WHAT" or "skip: WHAT (why)",
# and exits 1 if any check failed.
#
# CET on Debian 12: gcc's -fcf-protection marks every object vigil
# compiles with the IBT and SHSTK properties, but the linker keeps a
# property only when every input has it, and the C library's start files
# (Scrt1.o, crti.o, crtn.o from libc6-dev) carry none there, so no program
# built on Debian 12 gets the note (/bin/ls has none either).  Forcing it
# with -z ibt would be a false claim: _start has no ENDBR64.  So the gate
# checks what vigil controls: every compilation unit was compiled with
# -fcf-protection=full, and every global function but _start begins with
# ENDBR64.  The note itself is required as soon as the start files carry
# it, and hardening-check's CET test is waived until then.
#
# Static archives (the binary lists them in its section .vigil.static:
# Debian's libsqlite3.a) are not vigil's compilation units: Debian 12
# builds them without -fcf-protection, as it builds their shared twins
# (libsqlite3.so.0 has no ENDBR64 either), so their functions are
# counted and named in the output, not failed.  What runs is the same
# code either way.
set -u
export LC_ALL=C

lenient=false
if [ "${1:-}" = -s ]; then
	lenient=true
	shift
fi
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
	echo "usage: mk/hardening.sh [-s] BINARY" >&2
	exit 2
fi
bin=$1
failed=0

ok() { echo "ok: $1"; }
fail() {
	echo "FAIL: $1"
	failed=1
}
skip() { echo "skip: $1 ($2)"; }
check() { # WHAT COMMAND...: ok when COMMAND succeeds
	what=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$what"; else fail "$what"; fi
}
missing() { # TOOL WHAT
	if $lenient; then
		skip "$2" "$1 is not installed"
	else
		fail "$2: $1 is not installed"
	fi
}

for tool in readelf objdump; do
	command -v $tool >/dev/null 2>&1 || {
		echo "mk/hardening.sh: $tool is needed (binutils)" >&2
		exit 2
	}
done

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
readelf -hW "$bin" >"$tmp/h"
readelf -dW "$bin" >"$tmp/d"
readelf -lW "$bin" >"$tmp/l"
readelf -nW "$bin" >"$tmp/n"
readelf -sW --dyn-syms "$bin" >"$tmp/s"

# ---- readelf and objdump ------------------------------------------------
check "PIE (ELF type DYN, FLAGS_1 PIE)" \
	sh -c "grep -q 'Type:.*DYN' '$tmp/h' && grep -q 'FLAGS_1.*PIE' '$tmp/d'"
check "RELRO (GNU_RELRO segment)" grep -q GNU_RELRO "$tmp/l"
check "immediate binding (BIND_NOW)" grep -qE 'BIND_NOW|FLAGS_1.* NOW' "$tmp/d"
check "non-executable stack (GNU_STACK RW)" \
	sh -c "grep GNU_STACK '$tmp/l' | grep -qv 'RWE'"
check "no RPATH or RUNPATH" sh -c "! grep -qE '\\((RPATH|RUNPATH)\\)' '$tmp/d'"
check "stack protector (__stack_chk_fail)" grep -q '__stack_chk_fail' "$tmp/s"
check "FORTIFY_SOURCE (checked *_chk functions)" grep -qE ' __[a-z0-9_]+_chk(@|$)' "$tmp/s"

# The flags every compilation unit was built with (gcc records them in
# DW_AT_producer; -ffile-prefix-map and -D are left out by gcc).
readelf --debug-dump=info --dwarf-depth=1 "$bin" 2>/dev/null |
	sed -n 's/.*DW_AT_producer *: *\(([^)]*): *\)\{0,1\}//p' >"$tmp/producers"
if [ -s "$tmp/producers" ]; then
	n=$(wc -l <"$tmp/producers" | tr -d ' ')
	for flag in -fPIE -fstack-protector-strong -fstack-clash-protection \
		-fcf-protection=full; do
		bad=$(grep -cv -- " $flag\\( \\|$\\)" "$tmp/producers")
		if [ "$bad" -eq 0 ]; then
			ok "$flag in all $n compilation units"
		else
			fail "$flag missing from $bad of $n compilation units"
		fi
	done
else
	skip "compile flags of each unit" "no debug information"
fi

machine=$(sed -n 's/^ *Machine: *//p' "$tmp/h")
case $machine in
*X86-64*)
	# Global functions must be indirect-branch targets (ENDBR64); _start
	# is the start files' and has none (see above).
	readelf -sW "$bin" | awk '$4 == "FUNC" && $5 == "GLOBAL" && $7 != "UND" { print $8 }' |
		sed 's/@.*//' | sort -u >"$tmp/globals"
	objdump -d --no-show-raw-insn -j .text "$bin" |
		awk '/^[0-9a-f]+ <[^>]+>:$/ { name = substr($2, 2, length($2) - 3); getline; if ($0 !~ /endbr64/) print name }' |
		sort -u >"$tmp/noendbr"
	# The functions the static archives define.
	: >"$tmp/archived"
	sh "$(dirname "$0")/archives.sh" "$bin" >"$tmp/archives"
	while read -r a; do
		nm -g --defined-only "$a" 2>/dev/null |
			awk '$2 == "T" { print $3 }' >>"$tmp/archived"
	done <"$tmp/archives"
	sort -u -o "$tmp/archived" "$tmp/archived"
	comm -23 "$tmp/globals" "$tmp/archived" >"$tmp/own"
	comm -12 "$tmp/own" "$tmp/noendbr" | grep -vx _start >"$tmp/bad"
	if [ -s "$tmp/bad" ]; then
		fail "CET: global functions without ENDBR64: $(tr '\n' ' ' <"$tmp/bad")"
	else
		ok "CET: all $(wc -l <"$tmp/own" | tr -d ' ') of vigil's own global functions start with ENDBR64"
	fi
	if [ -s "$tmp/archives" ]; then
		n=$(comm -12 "$tmp/globals" "$tmp/archived" | wc -l | tr -d ' ')
		skip "CET: $n global functions from $(tr '\n' ' ' <"$tmp/archives" | sed 's/ $//')" \
			"built by Debian without -fcf-protection"
	fi
	# Does the platform's own start file carry the property?
	crt=$(readlink -f "$(${CC:-cc} -print-file-name=Scrt1.o 2>/dev/null)")
	if [ -f "$crt" ] && readelf -nW "$crt" 2>/dev/null | grep -q 'IBT, SHSTK'; then
		platform_cet=true
	else
		platform_cet=false
	fi
	if grep -q 'x86 feature: IBT, SHSTK' "$tmp/n"; then
		ok "CET: IBT and SHSTK property note"
	elif $platform_cet; then
		fail "CET: no IBT/SHSTK property note, though the start files have it"
	else
		skip "CET: IBT and SHSTK property note" \
			"the C library's start files ($crt) carry no CET property, so the linker drops it"
	fi
	;;
*)
	platform_cet=true
	skip "CET" "not an x86-64 binary"
	;;
esac

# ---- hardening-check (devscripts) ---------------------------------------
if command -v hardening-check >/dev/null 2>&1; then
	# Its stack-clash test looks for a probe loop, which only functions
	# with frames over a page have: "unknown" is not a failure there.
	if $platform_cet; then
		hardening-check "$bin" >"$tmp/hc" 2>&1
	else
		hardening-check --nocfprotection "$bin" >"$tmp/hc" 2>&1
	fi
	hc=$?
	if [ $hc -eq 0 ]; then
		ok "hardening-check$($platform_cet || echo ' (CET waived, see above)')"
	else
		fail "hardening-check: $(grep -E 'no|unknown' "$tmp/hc" | tr -s ' \n' ' ')"
	fi
else
	missing hardening-check "hardening-check (Debian package devscripts)"
fi

# ---- checksec -----------------------------------------------------------
if command -v checksec >/dev/null 2>&1; then
	checksec --output=json --file="$bin" >"$tmp/cs" 2>&1
	for want in '"relro":"full"' '"canary":"yes"' '"nx":"yes"' \
		'"pie":"yes"' '"rpath":"no"' '"runpath":"no"' \
		'"fortify_source":"yes"'; do
		check "checksec $want" grep -qF "$want" "$tmp/cs"
	done
else
	missing checksec "checksec (Debian package checksec)"
fi

exit $failed
