# SPDX-License-Identifier: Apache-2.0
# Static analysis gate: cppcheck and clang-tidy over src/ with the checked-in
# configuration (.clang-tidy, mk/cppcheck-suppressions.txt) and the build's
# own flags report nothing (`make lint`), and no source is exempt from it
# (mk/lint.mk's LINT_PENDING is empty).  The sources are what is checked,
# not the binary, so this
# runs in the release pass only.  Takes a few minutes: clang-tidy's static
# analyzer on every file, two at a time.
. "${TOP:?}/tests/lib.sh" || exit 1

case ${MODE:-release} in
release) ;;
*)
	skip "static analysis" "source check, run in the release pass"
	exit 0
	;;
esac
if ! command -v make >/dev/null 2>&1; then
	skip "static analysis" "make is not installed"
	exit 0
fi

ok "the analysers' configuration is checked in" \
	test -f "$TOP/.clang-tidy" -a -f "$TOP/mk/cppcheck-suppressions.txt"

# Every cppcheck suppression has its reason on the line above.
ok "every cppcheck suppression has a reason" awk '
	/^[^#]/ && NF && prev !~ /^#/ { print FILENAME ":" NR ": " $0; bad = 1 }
	{ prev = $0 }
	END { exit bad }' "$TOP/mk/cppcheck-suppressions.txt"

# Every source is held to the gate: nothing left pending.
ok "no source is exempt (LINT_PENDING is empty)" \
	test "$(make -s --no-print-directory -C "$TOP" -pn lint 2>/dev/null |
		sed -n 's/^LINT_PENDING :\{0,1\}= *//p' | tr -d ' ')" = ""

for tool in cppcheck clang-tidy; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip "$tool: no findings in src/" "$tool is not installed"
		continue
	fi
	start=$(date +%s)
	ok "$tool: no findings in src/" \
		make -s --no-print-directory -C "$TOP" \
		"lint-$([ $tool = cppcheck ] && echo cppcheck || echo tidy)" \
		LINT_OUT="$TMPD/lint-$tool" LINT_JOBS=2
	echo "# $tool took $(($(date +%s) - start)) s"
	if [ -s "$TMPD/lint-$tool/pending.txt" ]; then
		echo "# $(wc -l <"$TMPD/lint-$tool/pending.txt") finding(s) in" \
			"files pending (LINT_PENDING in mk/lint.mk), not counted"
	fi
done
