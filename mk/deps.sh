#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Checks that the Debian packages vigil builds and tests with are installed.
# As root it installs the missing ones with apt-get; otherwise it prints the
# exact apt-get line and fails.  Silent when nothing is missing.
#
# usage: mk/deps.sh PACKAGE...
set -u
missing=""
for p in "$@"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "installing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	# A fresh machine has no package lists yet: fetch them when a package
	# is unknown to apt.
	if ! apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; then
		apt-get update -qq >/dev/null 2>&1
		apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
			echo "mk/deps.sh: apt-get install failed:$missing" >&2
			exit 1
		}
	fi
	exit 0
fi
echo "missing Debian packages; install them with:" >&2
echo "  sudo apt-get install -y$missing" >&2
exit 1
