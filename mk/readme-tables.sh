#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Rewrites the table list in README.md (between the tables:begin and
# tables:end markers) from the registry.  usage: mk/readme-tables.sh VIGIL README
set -eu
vigil=$1 readme=$2
list=$(mktemp)
"$vigil" tables --brief >"$list"
awk -v list="$list" '
/<!-- tables:begin -->/ { print; while ((getline l < list) > 0) print l; skip = 1; next }
/<!-- tables:end -->/ { skip = 0 }
!skip { print }
' "$readme" >"$readme.tmp"
mv "$readme.tmp" "$readme"
rm -f "$list"
