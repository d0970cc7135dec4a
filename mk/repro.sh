#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Reproducible build check: builds one commit twice, from `git archive`
# into two directories of different names and depths, at the same time,
# under different conditions (umask, locale, time zone, make -j), and
# requires byte-identical ./vigil binaries that embed neither build
# directory.
#
# usage: mk/repro.sh [COMMIT] [WORKDIR]
#
#   COMMIT   what to build (default HEAD); committed files only
#   WORKDIR  scratch directory (default build/repro); its a/ and b/ are
#            replaced
#
# Both builds get SOURCE_DATE_EPOCH set to the commit's time, as a
# packager's would; nothing in the build reads the clock, so it only
# matters to tools that would.  What keeps the binaries identical:
# -ffile-prefix-map (debug info and __FILE__ name paths relative to the
# tree), no __DATE__/__TIME__, objects linked in sorted order, the packs
# embedded by relative path, and a build-id computed from the contents.
#
# Exit status: 0 identical, 1 different or a build failed, 2 usage,
# 3 not a git checkout (nothing to check).
set -u
export LC_ALL=C

commit=${1:-HEAD}
work=${2:-build/repro}
top=$(cd "$(dirname "$0")/.." && pwd)

if ! git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	echo "mk/repro.sh: $top is not a git checkout" >&2
	exit 3
fi
rev=$(git -C "$top" rev-parse --verify "$commit^{commit}" 2>/dev/null) || {
	echo "mk/repro.sh: unknown commit '$commit'" >&2
	exit 2
}
[ -n "$work" ] && [ "$work" != / ] || exit 2
mkdir -p "$work" || exit 2
work=$(cd "$work" && pwd)
a=$work/a
b=$work/b/a/longer/path
rm -rf -- "$work/a" "$work/b"
mkdir -p "$a" "$b" || exit 1
for d in "$a" "$b"; do
	git -C "$top" archive --format=tar "$rev" | tar -x -C "$d" || {
		echo "mk/repro.sh: git archive $rev failed" >&2
		exit 1
	}
done

SOURCE_DATE_EPOCH=$(git -C "$top" log -1 --format=%ct "$rev")
export SOURCE_DATE_EPOCH
start=$(date +%s)
# The two builds run side by side, each with its own conditions.
(
	cd "$a" && umask 022 &&
		LC_ALL=C TZ=UTC make -j2 >build.log 2>&1
) &
pa=$!
(
	cd "$b" && umask 077 &&
		LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=Asia/Kolkata make -j1 \
			>build.log 2>&1
) &
pb=$!
wait $pa
ra=$?
wait $pb
rb=$?
for x in "a:$ra:$a" "b:$rb:$b"; do
	name=${x%%:*}
	rest=${x#*:}
	rc=${rest%%:*}
	dir=${rest#*:}
	if [ "$rc" -ne 0 ] || [ ! -f "$dir/vigil" ]; then
		tail -20 "$dir/build.log" >&2
		echo "mk/repro.sh: build $name failed (in $dir)" >&2
		exit 1
	fi
done
echo "  REPRO   built $rev twice in $(($(date +%s) - start)) s" >&2

status=0
if cmp -s "$a/vigil" "$b/vigil"; then
	echo "  REPRO   identical: $(sha256sum <"$a/vigil" | cut -d' ' -f1)" >&2
else
	status=1
	echo "mk/repro.sh: the two builds differ" >&2
	# Name the sections that differ, to start the hunt.
	readelf -SW "$a/vigil" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p' |
		while read -r sec; do
			[ -n "$sec" ] || continue
			objcopy -O binary --only-section="$sec" "$a/vigil" "$work/sa" 2>/dev/null
			objcopy -O binary --only-section="$sec" "$b/vigil" "$work/sb" 2>/dev/null
			cmp -s "$work/sa" "$work/sb" || echo "  differs: section $sec" >&2
		done
	rm -f "$work/sa" "$work/sb"
fi
for d in "$a" "$b"; do
	if grep -qaF "$d" "$d/vigil"; then
		status=1
		echo "mk/repro.sh: $d/vigil embeds its build directory" >&2
	fi
done
exit $status
