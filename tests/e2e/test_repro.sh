# SPDX-License-Identifier: Apache-2.0
# Reproducible build: HEAD built twice from `git archive`, in two
# directories of different names and depths, side by side, with different
# umask, locale, time zone and make -j, gives byte-identical binaries that
# embed neither build directory (mk/repro.sh, `make repro-check`).  The
# committed sources are what is checked, so this runs in the release pass
# only; it takes two full builds (about 40 s on two cores).
. "${TOP:?}/tests/lib.sh" || exit 1

case ${MODE:-release} in
release) ;;
*)
	skip "reproducible build" "source check, run in the release pass"
	exit 0
	;;
esac
if ! command -v git >/dev/null 2>&1 ||
	! git -C "$TOP" rev-parse --verify -q HEAD >/dev/null 2>&1; then
	skip "reproducible build" "not a git checkout with a commit"
	exit 0
fi

start=$(date +%s)
sh "$TOP/mk/repro.sh" HEAD "$TMPD/repro" >repro.out 2>&1
RC=$?
echo "# two builds and the comparison took $(($(date +%s) - start)) s"
if [ $RC -eq 3 ]; then
	skip "reproducible build" "$(tail -n 1 repro.out)"
	exit 0
fi
ok "two builds of HEAD in different directories are identical" \
	sh -c "cat repro.out; [ $RC -eq 0 ]"
ok "the binary names no build directory" \
	sh -c "! grep -q 'embeds its build directory' repro.out"

# The binary carries a GNU build-id, computed from its contents: equal
# builds, equal ids, so debug symbols can be matched to it.
if [ -f "$TMPD/repro/a/vigil" ] && command -v readelf >/dev/null 2>&1; then
	ok "the binary has a build-id" \
		sh -c "readelf -n '$TMPD/repro/a/vigil' | grep -q 'Build ID'"
fi
