# SPDX-License-Identifier: Apache-2.0
# Static analysis gate: cppcheck and clang-tidy over src/ with the checked-in
# configuration (.clang-tidy, mk/cppcheck-suppressions.txt) and the build's
# own flags report nothing (`make lint`; mk/lint.mk lists the files not yet
# held to it).  The sources are what is checked, not the binary, so this
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
