# SPDX-License-Identifier: Apache-2.0
# The man pages: vigil(8) and vigil.conf(5) render with groff's man macros
# without a single warning, vigil(8) has a section for every command
# `vigil --help' lists and names each option their --help shows, and
# vigil.conf(5) covers every part of the configuration (mk/man-check.sh,
# `make man-check`).
. "${TOP:?}/tests/lib.sh" || exit 1

if ! command -v groff >/dev/null 2>&1; then
	skip "man pages render" "groff is not installed"
	exit 0
fi

for page in vigil.8 vigil.conf.5; do
	ok "docs/$page renders without warnings" \
		sh -c "groff -man -Tutf8 -ww -z '$TOP/docs/$page' 2>&1 | (! grep .)"
done
if command -v man >/dev/null 2>&1; then
	for page in vigil.8 vigil.conf.5; do
		ok "man -l docs/$page shows the page" sh -c \
			"MANWIDTH=80 man -l '$TOP/docs/$page' 2>man.err | grep -q '^NAME' &&
			 ! test -s man.err"
	done
fi

ok "vigil(8) covers every command and its options" \
	sh "$TOP/mk/man-check.sh" "$TOP/docs/vigil.8" -- "$VIGIL"

for s in OPTIONS SCHEDULE PACKS DECORATORS "FILE PATHS"; do
	ok "vigil.conf(5) has a $s section" grep -qx ".SH $s" "$TOP/docs/vigil.conf.5"
done
ok "vigil(8) points to vigil.conf(5)" grep -q 'vigil.conf (5)' "$TOP/docs/vigil.8"
