#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Writes an SPDX 2.3 SBOM (JSON) of a built vigil binary on stdout: vigil
# itself, every shared library it runs with and the Debian package that
# ships it, and the Debian packages it was built with.
#
# usage: mk/sbom.sh BINARY VERSION [BUILD-PACKAGES]
#
#   BINARY          the vigil binary (its SHA-256 goes into the SBOM)
#   VERSION         vigil's version (the Makefile's VERSION)
#   BUILD-PACKAGES  space-separated Debian packages the build used (the
#                   Makefile's DEB_BUILD): -dev packages become
#                   BUILD_DEPENDENCY_OF relationships, the rest
#                   BUILD_TOOL_OF
#
# Libraries: the static archives linked into the binary (the paths it
# records in its section .vigil.static: SQLite's libsqlite3.a), each a
# STATIC_LINK to the -dev package that ships it; the binary's DT_NEEDED
# entries (readelf), the ones vigil
# loads on first use (every LAZYLIB_INIT("soname") under src/), and what
# each of those needs in turn, found the way the dynamic linker finds them
# (ldconfig's cache, in the compiler's multiarch directory).  Each file is
# mapped to its package with dpkg-query -S, and the package's version and
# source package come from dpkg's status database.  vigil itself never
# runs dpkg-query: this is a build-time script.
#
# The document is reproducible: its time is SOURCE_DATE_EPOCH, else the
# commit's time, else the binary's modification time, and its namespace is
# derived from the binary's digest.
set -u
export LC_ALL=C

if [ $# -lt 2 ]; then
	echo "usage: mk/sbom.sh BINARY VERSION [BUILD-PACKAGES]" >&2
	exit 2
fi
bin=$1
version=$2
build_pkgs=${3:-}
top=$(cd "$(dirname "$0")/.." && pwd)

for tool in readelf dpkg-query ldconfig sha256sum; do
	if ! command -v "$tool" >/dev/null 2>&1 &&
		! [ -x "/sbin/$tool" ]; then
		echo "mk/sbom.sh: $tool is needed" >&2
		exit 1
	fi
done
ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
[ -f "$bin" ] || {
	echo "mk/sbom.sh: no binary '$bin'" >&2
	exit 1
}

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

triplet=$(${CC:-cc} -print-multiarch 2>/dev/null)
distro=$(. /etc/os-release 2>/dev/null && echo "${ID:-debian}-${VERSION_ID:-unknown}")

# Strings from dpkg and file names go into JSON: escape \ and ".
js() {
	printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"
}

# An SPDX identifier may hold letters, digits, '.' and '-' only.
spdx_id() {
	printf 'SPDXRef-%s' "$(printf '%s' "$1" | tr -c 'A-Za-z0-9.\n-' '-')"
}

needed() { # ELF file: its DT_NEEDED sonames, one a line
	readelf -dW "$1" 2>/dev/null |
		sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'
}

# ldconfig's cache: "soname path" for the build's architecture.
"$ldconfig" -p | sed -n 's/^[[:space:]]*\([^ ]*\) (\([^)]*\)) => \(.*\)$/\1 \2 \3/p' \
	>"$tmp/cache"
tag=$(awk -v t="/$triplet/" '$1 == "libc.so.6" && index($3, t) { print $2; exit }' \
	"$tmp/cache")

resolve() { # soname: the file the dynamic linker would load
	awk -v s="$1" -v t="/$triplet/" -v g="$tag" '
		$1 == s && index($3, t) { print $3; found = 1; exit }
		$1 == s && $2 == g && !alt { alt = $3 }
		END { if (!found && alt) print alt }' "$tmp/cache"
}

# Looks up, in one dpkg-query call, the packages shipping each file named
# on stdin, under its own name and its /usr-merged twins, into
# $tmp/owners ("path package:arch" lines).
lookup_owners() {
	while read -r f; do
		real=$(readlink -f "$f")
		printf '%s\n' "$f" "/usr$f" "${f#/usr}" "$real" "/usr$real" \
			"${real#/usr}"
	done | sort -u >"$tmp/candidates"
	# shellcheck disable=SC2046
	dpkg-query -S $(cat "$tmp/candidates") 2>/dev/null |
		sed -n 's/^\([^ ,]*\): \(\/.*\)$/\2 \1/p' >>"$tmp/owners"
}

owner() { # file: the package:arch that ships it (after lookup_owners)
	real=$(readlink -f "$1")
	for p in "$1" "/usr$1" "${1#/usr}" "$real" "/usr$real" "${real#/usr}"; do
		o=$(awk -v p="$p" '$1 == p { print $2; exit }' "$tmp/owners")
		if [ -n "$o" ]; then
			echo "$o"
			return 0
		fi
	done
	return 1
}

# Breadth first from vigil: lines "from-package soname how" in
# $tmp/edges, each soname resolved once.
: >"$tmp/edges"
: >"$tmp/seen"
: >"$tmp/pkgs"
{
	needed "$bin" | sed 's/$/ linked/'
	grep -rhoE 'LAZYLIB_INIT\("[^"]+"\)' "$top/src" |
		sed 's/.*("\(.*\)")/\1 lazy/' | sort -u
} | sed 's/^/vigil /' >"$tmp/queue"
: >"$tmp/owners"
while [ -s "$tmp/queue" ]; do
	: >"$tmp/next"
	: >"$tmp/paths"
	while read -r from so how; do
		path=$(resolve "$so")
		if [ -z "$path" ]; then
			echo "mk/sbom.sh: cannot find $so (needed by $from)" >&2
			exit 1
		fi
		echo "$path" >>"$tmp/paths"
	done <"$tmp/queue"
	lookup_owners <"$tmp/paths"
	while read -r from so how; do
		path=$(resolve "$so")
		pkg=$(owner "$path") || {
			echo "mk/sbom.sh: no Debian package ships $path" >&2
			exit 1
		}
		echo "$pkg" >>"$tmp/pkgs"
		[ "$pkg" = "$from" ] || echo "$from $pkg $how $so" >>"$tmp/edges"
		grep -qxF "$so" "$tmp/seen" && continue
		echo "$so" >>"$tmp/seen"
		needed "$path" | sed "s|^|$pkg |; s|\$| dependency|" >>"$tmp/next"
	done <"$tmp/queue"
	mv "$tmp/next" "$tmp/queue"
done

# The static archives: "vigil package static file" edges.
sh "$top/mk/archives.sh" "$bin" >"$tmp/archives"
lookup_owners <"$tmp/archives"
while read -r a; do
	pkg=$(owner "$a") || {
		echo "mk/sbom.sh: no Debian package ships $a (linked into $bin)" >&2
		exit 1
	}
	echo "$pkg" >>"$tmp/pkgs"
	echo "vigil $pkg static $a" >>"$tmp/edges"
done <"$tmp/archives"

for p in $build_pkgs; do
	echo "$p" >>"$tmp/build"
done
touch "$tmp/build"

digest=$(sha256sum "$bin" | cut -d' ' -f1)
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$top" log -1 --format=%ct 2>/dev/null)}
epoch=${epoch:-$(stat -c %Y "$bin")}
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
commit=$(git -C "$top" rev-parse HEAD 2>/dev/null || true)

# One package object: name:arch (or name), relationship comment.
package_json() {
	name=${1%%:*}
	fields=$(dpkg-query -W -f='${Version}\t${Architecture}\t${source:Package}\t${source:Version}\t${Homepage}' "$1" 2>/dev/null) || {
		echo "mk/sbom.sh: package $1 is not installed" >&2
		return 1
	}
	pver=$(printf '%s' "$fields" | cut -f1)
	parch=$(printf '%s' "$fields" | cut -f2)
	src=$(printf '%s' "$fields" | cut -f3)
	home=$(printf '%s' "$fields" | cut -f5)
	purl="pkg:deb/debian/$name@$pver?arch=$parch&distro=$distro"
	[ "$src" != "$name" ] && purl="$purl&upstream=$src"
	printf '    {\n'
	printf '      "SPDXID": %s,\n' "$(js "$(spdx_id "Package-deb-$name-$parch")")"
	printf '      "name": %s,\n' "$(js "$name")"
	printf '      "versionInfo": %s,\n' "$(js "$pver")"
	printf '      "supplier": "Organization: Debian",\n'
	printf '      "downloadLocation": "NOASSERTION",\n'
	[ -n "$home" ] && printf '      "homepage": %s,\n' "$(js "$home")"
	printf '      "sourceInfo": %s,\n' "$(js "Debian source package $src")"
	printf '      "filesAnalyzed": false,\n'
	printf '      "licenseConcluded": "NOASSERTION",\n'
	printf '      "licenseDeclared": "NOASSERTION",\n'
	printf '      "copyrightText": "NOASSERTION",\n'
	printf '      "primaryPackagePurpose": "%s",\n' "$2"
	printf '      "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": %s}]\n' "$(js "$purl")"
	printf '    }'
}

pkg_id() { # package[:arch]: its SPDX id
	parch=$(dpkg-query -W -f='${Architecture}' "$1" 2>/dev/null | head -n 1)
	spdx_id "Package-deb-${1%%:*}-$parch"
}

vigil_id=SPDXRef-Package-vigil
{
	printf '{\n'
	printf '  "spdxVersion": "SPDX-2.3",\n'
	printf '  "dataLicense": "CC0-1.0",\n'
	printf '  "SPDXID": "SPDXRef-DOCUMENT",\n'
	printf '  "name": %s,\n' "$(js "vigil-$version")"
	printf '  "documentNamespace": %s,\n' \
		"$(js "https://spdx.org/spdxdocs/vigil-$version-$digest")"
	printf '  "creationInfo": {\n'
	printf '    "created": "%s",\n' "$created"
	printf '    "creators": ["Tool: vigil-mk-sbom.sh-%s"]\n' "$version"
	printf '  },\n'
	printf '  "packages": [\n'
	printf '    {\n'
	printf '      "SPDXID": "%s",\n' "$vigil_id"
	printf '      "name": "vigil",\n'
	printf '      "versionInfo": %s,\n' "$(js "$version")"
	printf '      "downloadLocation": "NOASSERTION",\n'
	if [ -n "$commit" ]; then
		printf '      "sourceInfo": %s,\n' "$(js "built from git commit $commit")"
	fi
	printf '      "filesAnalyzed": false,\n'
	printf '      "checksums": [{"algorithm": "SHA256", "checksumValue": "%s"}],\n' "$digest"
	printf '      "licenseConcluded": "NOASSERTION",\n'
	printf '      "licenseDeclared": "Apache-2.0",\n'
	printf '      "copyrightText": "NOASSERTION",\n'
	printf '      "primaryPackagePurpose": "APPLICATION"\n'
	printf '    }'
	for p in $(sort -u "$tmp/pkgs"); do
		printf ',\n'
		package_json "$p" LIBRARY || exit 1
	done
	for p in $(sort -u "$tmp/build"); do
		grep -qx "$p\(:.*\)\{0,1\}" "$tmp/pkgs" && continue
		printf ',\n'
		package_json "$p" INSTALL || exit 1
	done
	printf '\n  ],\n'
	printf '  "relationships": [\n'
	printf '    {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "%s"}' "$vigil_id"
	# One relationship a (from, to, how), naming every soname it covers.
	sort -u "$tmp/edges" | awk '
		{ k = $1 " " $2 " " $3; if (!(k in s)) { o[++n] = k; s[k] = $4 }
		  else s[k] = s[k] ", " $4 }
		END { for (i = 1; i <= n; i++) print o[i], s[o[i]] }' |
	while read -r from to how so; do
		if [ "$from" = vigil ]; then
			fid=$vigil_id
		else
			fid=$(pkg_id "$from")
		fi
		rel=DYNAMIC_LINK
		case $how in
		static)
			rel=STATIC_LINK
			c="$so: linked into the binary"
			;;
		linked) c="$so: linked (DT_NEEDED)" ;;
		lazy) c="$so: loaded on first use with dlopen(3)" ;;
		*) c="$so: needed by ${from%%:*}" ;;
		esac
		printf ',\n    {"spdxElementId": %s, "relationshipType": "%s", "relatedSpdxElement": %s, "comment": %s}' \
			"$(js "$fid")" "$rel" "$(js "$(pkg_id "$to")")" "$(js "$c")"
	done
	for p in $(sort -u "$tmp/build"); do
		case $p in
		*-dev) rel=BUILD_DEPENDENCY_OF ;;
		*) rel=BUILD_TOOL_OF ;;
		esac
		printf ',\n    {"spdxElementId": %s, "relationshipType": "%s", "relatedSpdxElement": "%s"}' \
			"$(js "$(pkg_id "$p")")" "$rel" "$vigil_id"
	done
	printf '\n  ]\n'
	printf '}\n'
}
