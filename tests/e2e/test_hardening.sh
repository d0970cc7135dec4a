# SPDX-License-Identifier: Apache-2.0
# Hardening gate on the binary under test (mk/hardening.sh, `make
# hardening-check`): PIE, full RELRO and immediate binding, NX stack, stack
# protector, FORTIFY_SOURCE, CET, no RPATH/RUNPATH, each checked with
# readelf/objdump and again with Debian's hardening-check (devscripts) and
# checksec when they are installed.  The release binary is the one
# shipped: the sanitizer build (no FORTIFY, instrumented) is not checked.
. "${TOP:?}/tests/lib.sh" || exit 1

case ${MODE:-release} in
release) ;;
*)
	skip "hardening gate" "checked on the release binary"
	exit 0
	;;
esac
for tool in readelf objdump; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip "hardening gate" "$tool is not installed (binutils)"
		exit 0
	fi
done

start=$(date +%s)
sh "$TOP/mk/hardening.sh" -s "$VIGIL" >hardening.out 2>&1
echo "# mk/hardening.sh took $(($(date +%s) - start)) s"
while IFS= read -r line; do
	case $line in
	"ok: "*) ok "${line#ok: }" true ;;
	"FAIL: "*) ok "${line#FAIL: }" false ;;
	"skip: "*)
		what=${line#skip: }
		why=${what#* (}
		skip "${what%% (*}" "${why%)}"
		;;
	*) ok "mk/hardening.sh: $line" false ;;
	esac
done <hardening.out
