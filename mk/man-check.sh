#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Renders each man page with groff's man macros, all warnings on, and fails
# on any warning.  With a vigil binary after --, also checks that vigil(8)
# has a section for every command `vigil --help` lists and names every
# long option each command's --help shows.
#
# usage: mk/man-check.sh PAGE... [-- VIGIL]
set -u
export LC_ALL=C.UTF-8

pages=""
vigil=""
while [ $# -gt 0 ]; do
	if [ "$1" = -- ]; then
		vigil=${2:-}
		break
	fi
	pages="$pages $1"
	shift
done
if ! command -v groff >/dev/null 2>&1; then
	echo "mk/man-check.sh: groff is not installed (Debian package groff-base)" >&2
	exit 2
fi
status=0
for p in $pages; do
	out=$(groff -man -Tutf8 -ww -z "$p" 2>&1)
	if [ -n "$out" ]; then
		echo "$p: groff warnings:" >&2
		echo "$out" >&2
		status=1
	fi
done
[ -n "$vigil" ] || exit $status

page=$(dirname "$0")/../docs/vigil.8
cmds=$("$vigil" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
for c in $cmds; do
	if ! grep -qx ".SS $c" "$page"; then
		echo "$page: no section for the command '$c'" >&2
		status=1
	fi
	# Long options in the command's usage (config's is "check FILE").
	for o in $("$vigil" "$c" --help 2>/dev/null | grep -oE -- '--[a-z][a-z_-]*' | sort -u); do
		esc=$(printf '%s' "$o" | sed 's/-/\\-/g')
		if ! grep -qF -- "$esc" "$page"; then
			echo "$page: '$c' option $o is not described" >&2
			status=1
		fi
	done
done
exit $status
