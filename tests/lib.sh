# SPDX-License-Identifier: Apache-2.0
# Helpers for end-to-end tests.  Source it from tests/e2e/test_*.sh, which
# tests/run starts in a fresh temporary directory (the current directory,
# also $TMPD) with VIGIL set to the binary under test.
#
#   run ARGS...            run "$VIGIL ARGS..." with no stdin; sets RC and
#                          leaves stdout in $OUT and stderr in $ERR (files)
#   is_out NAME <<'EOF'    stdout must equal the heredoc exactly
#   is_err NAME <<'EOF'    stderr must equal the heredoc exactly
#   is_rc NAME N           the exit status must be N
#   ok NAME CMD...         CMD must succeed
#   skip NAME REASON       report a skipped check
#
# Every check prints one TAP line: "ok N - NAME" or "not ok N - NAME"
# followed by the difference.
set -u
: "${VIGIL:?}"
: "${TOP:?}"
# Tests build trees under $TMPD and remove them: never let an unset TMPD
# turn "$TMPD/root" into "/root".
if [ -z "${TMPD:-}" ] || [ "$TMPD" = / ]; then
	TMPD=$(mktemp -d)
	cd "$TMPD" || exit 1
fi
export TMPD
FIX=$TOP/tests/fixtures
OUT=${TMPD:-.}/.stdout
ERR=${TMPD:-.}/.stderr
RC=0
_n=0

run() {
	"$VIGIL" "$@" </dev/null >"$OUT" 2>"$ERR"
	RC=$?
}

_report() { # status name [detail-file]
	_n=$((_n + 1))
	if [ "$1" = ok ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		if [ -n "${3:-}" ]; then sed 's/^/#   /' "$3"; fi
	fi
}

_compare() { # name actual-file
	local want=${TMPD:-.}/.want diff=${TMPD:-.}/.diff
	cat >"$want"
	if diff -u "$want" "$2" >"$diff" 2>&1; then
		_report ok "$1"
	else
		_report fail "$1" "$diff"
	fi
}

is_out() { _compare "$1" "$OUT"; }
is_err() { _compare "$1" "$ERR"; }

is_rc() {
	if [ "$RC" -eq "$2" ]; then
		_report ok "$1"
	else
		echo "exit status $RC, want $2; stderr:" >"${TMPD:-.}/.diff"
		head -c 2000 "$ERR" >>"${TMPD:-.}/.diff"
		_report fail "$1" "${TMPD:-.}/.diff"
	fi
}

ok() {
	local name=$1
	shift
	if "$@" >"${TMPD:-.}/.okout" 2>&1; then
		_report ok "$name"
	else
		_report fail "$name" "${TMPD:-.}/.okout"
	fi
}

skip() {
	_n=$((_n + 1))
	echo "ok $_n - $1 # SKIP $2"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# True when strace can trace here and vigil reads the host through openat2
# (Linux 5.6 and later).  The tests of which files a query opens look for
# openat2 calls; where openat2 is missing, hostfs walks each path with
# openat, a component at a time, and those tests skip.
traces_openat2() {
	command -v strace >/dev/null 2>&1 || return 1
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=openat2 \
		-o "$TMPD/.openat2" "$VIGIL" query \
		"SELECT count(*) FROM file_lines WHERE path = '/etc/passwd'" \
		</dev/null >/dev/null 2>&1 || return 1
	grep -q '^[0-9]* *openat2(.* = [0-9]' "$TMPD/.openat2"
}
