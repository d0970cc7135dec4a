# SPDX-License-Identifier: Apache-2.0
# `vigil version --verbose` lists every library vigil links or loads lazily
# with the version it reports, checked against other tools' answers; the
# SPDX 2.3 SBOM (mk/sbom.sh, `make sbom`) is valid, lists vigil and each of
# those libraries with its Debian package and version, and is
# reproducible.
. "${TOP:?}/tests/lib.sh" || exit 1

# ---- vigil version ------------------------------------------------------

run version
is_rc "version: exit 0" 0
ok "version: first line is 'vigil VERSION'" grep -qE '^vigil [0-9]+\.[0-9]+\.[0-9]+' "$OUT"

# Every soname vigil loads on first use (util/lazylib.h).
lazy=$(grep -rhoE 'LAZYLIB_INIT\("[^"]+"\)' "$TOP/src" | sed 's/.*("\(.*\)")/\1/' | sort -u)

# lazy_loaded ARGS...: runs vigil with ARGS under LD_DEBUG=files and prints
# the lazy sonames it loaded; fails when LD_DEBUG gives nothing.
lazy_loaded() {
	LD_DEBUG=files "$VIGIL" "$@" >/dev/null 2>ld_debug.txt </dev/null &&
		grep -q 'file=' ld_debug.txt || return 1
	for so in $lazy; do
		if grep -qF "file=$so " ld_debug.txt; then printf ' %s' "$so"; fi
	done
}

# The plain form, and a query that needs none of them, load none of them.
if loaded=$(lazy_loaded version); then
	ok "vigil version: loads no lazily loaded library${loaded:+ (loaded:$loaded)}" \
		test -z "$loaded"
	loaded=$(lazy_loaded query --csv "SELECT count(*) FROM file_lines WHERE path = '/etc/passwd'")
	ok "vigil query: loads no lazily loaded library${loaded:+ (loaded:$loaded)}" \
		test -z "$loaded"
else
	skip "vigil version and query: load no lazily loaded library" "LD_DEBUG gives nothing"
fi

run version --verbose
is_rc "version --verbose: exit 0" 0
cp "$OUT" verbose.txt
ok "version --verbose: a header line" \
	grep -qE '^library +version +headers +loaded +soname +file$' verbose.txt

# field SONAME COLUMN: the named column of the line for SONAME (or for
# the library of that name).
field() {
	awk -v so="$1" -v col="$2" '
		NR == 2 { for (i = 1; i <= NF; i++) h[$i] = i }
		NR > 2 && ($(h["soname"]) == so || $(h["library"]) == so) {
			print $(h[col]); exit }' verbose.txt
}

# The static archives the binary records (Makefile: SQLITE_LINK).
archives=$(sh "$TOP/mk/archives.sh" "$VIGIL")
for a in $archives; do
	ok "version --verbose: $a is listed as static, with its file" \
		sh -c "[ '$(field "${a##*/}" loaded)' = static ] &&
		       [ '$(field "${a##*/}" file)' = '$a' ] && [ -e '$a' ]"
done

# Every soname vigil loads on first use is listed as lazy, and loaded.
for so in $lazy; do
	ok "version --verbose: $so is listed as lazy, with its file" \
		sh -c "[ '$(field "$so" loaded)' = lazy ] &&
		       [ -e '$(field "$so" file)' ]"
done

# Every DT_NEEDED entry of the binary is listed as linked (or, for the
# sanitizer runtimes and libm, as a dependency).
if command -v readelf >/dev/null 2>&1; then
	for so in $(readelf -dW "$VIGIL" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
		ok "version --verbose: linked $so is listed with its file" \
			sh -c "[ -n '$(field "$so" loaded)' ] && [ -e '$(field "$so" file)' ]"
	done
fi

# The versions agree with what other tools say.
ok "version --verbose: sqlite3 is the one SQL sees" \
	test "$(field sqlite3 version)" = \
	"$("$VIGIL" query --csv --no-headers 'SELECT sqlite_version()' </dev/null | tr -d '\r')"
if command -v getconf >/dev/null 2>&1; then
	ok "version --verbose: libc is getconf's" \
		test "glibc $(field libc.so.6 version)" = "$(getconf GNU_LIBC_VERSION)"
fi
if command -v openssl >/dev/null 2>&1; then
	ok "version --verbose: libcrypto is openssl version's" \
		test "$(field libcrypto.so.3 version)" = "$(openssl version | awk '{ print $2 }')"
fi
if command -v file >/dev/null 2>&1; then
	ok "version --verbose: libmagic is file's" \
		test "file-$(field libmagic.so.1 version)" = "$(file --version | head -n 1)"
fi
if command -v dpkg-query >/dev/null 2>&1; then
	for x in libjansson.so.4:libjansson4 libz.so.1:zlib1g; do
		so=${x%%:*} pkg=${x#*:}
		v=$(field "$so" version)
		ok "version --verbose: $so ($v) is in Debian's $pkg version" \
			sh -c "[ -n '$v' ] && dpkg-query -W -f='\${Version}' $pkg | grep -qF '$v'"
	done
fi
run version --bogus
is_rc "version: an unknown option is a usage error" 2

# ---- the SBOM -----------------------------------------------------------

for tool in dpkg-query readelf python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip "SBOM" "$tool is not installed"
		exit 0
	fi
done
build_pkgs="gcc make pkg-config libc6-dev libsqlite3-dev libjansson-dev"
start=$(date +%s)
sh "$TOP/mk/sbom.sh" "$VIGIL" 0.1.0 "$build_pkgs" >sbom.json 2>sbom.err
RC=$?
echo "# mk/sbom.sh took $(($(date +%s) - start)) s"
ok "sbom: mk/sbom.sh succeeds" sh -c "cat sbom.err; [ $RC -eq 0 ]"
sh "$TOP/mk/sbom.sh" "$VIGIL" 0.1.0 "$build_pkgs" >sbom2.json 2>/dev/null
ok "sbom: the same binary gives the same document" cmp sbom.json sbom2.json

ok "sbom: valid SPDX 2.3 JSON with the required fields" python3 - "$VIGIL" <<'PY'
import hashlib, json, re, sys
d = json.load(open("sbom.json"))
assert d["spdxVersion"] == "SPDX-2.3", d["spdxVersion"]
assert d["dataLicense"] == "CC0-1.0"
assert d["SPDXID"] == "SPDXRef-DOCUMENT"
assert d["name"] and d["documentNamespace"].startswith("https://")
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["creationInfo"]["created"])
assert d["creationInfo"]["creators"]
ids = set()
for p in d["packages"]:
    for k in ("SPDXID", "name", "versionInfo", "downloadLocation",
              "licenseConcluded", "licenseDeclared", "copyrightText"):
        assert p.get(k), (p.get("name"), k)
    assert re.fullmatch(r"SPDXRef-[A-Za-z0-9.-]+", p["SPDXID"]), p["SPDXID"]
    assert p["SPDXID"] not in ids, p["SPDXID"]
    ids.add(p["SPDXID"])
for r in d["relationships"]:
    assert r["spdxElementId"] in ids | {"SPDXRef-DOCUMENT"}, r
    assert r["relatedSpdxElement"] in ids, r
vigil = [p for p in d["packages"] if p["name"] == "vigil"]
assert len(vigil) == 1
digest = hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()
assert vigil[0]["checksums"] == [{"algorithm": "SHA256", "checksumValue": digest}]
assert {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
        "relatedSpdxElement": vigil[0]["SPDXID"]} in d["relationships"]
PY

# Each library vigil links or loads lazily is a DYNAMIC_LINK of vigil to
# the Debian package that ships it (as dpkg says), at its installed version.
python3 - >sbom_links.txt <<'PY'
import json
d = json.load(open("sbom.json"))
pk = {p["SPDXID"]: p for p in d["packages"]}
for r in d["relationships"]:
    if r["spdxElementId"] == "SPDXRef-Package-vigil" and r["relationshipType"] == "DYNAMIC_LINK":
        p = pk[r["relatedSpdxElement"]]
        purl = p["externalRefs"][0]["referenceLocator"]
        for so in r["comment"].split(":")[0].split(", "):
            print(so, p["name"], p["versionInfo"], purl)
PY
# Each static archive is a STATIC_LINK to the package that ships it.
for a in $archives; do
	ok "sbom: $a is a STATIC_LINK to the package that ships it" \
		python3 - "$a" "$(dpkg-query -S "$a" 2>/dev/null | cut -d: -f1)" <<'PY'
import json, sys
a, pkg = sys.argv[1], sys.argv[2]
d = json.load(open("sbom.json"))
pk = {p["SPDXID"]: p for p in d["packages"]}
rels = [r for r in d["relationships"] if r["relationshipType"] == "STATIC_LINK"]
assert pkg, "dpkg -S knows no package for " + a
assert any(r["spdxElementId"] == "SPDXRef-Package-vigil" and
           pk[r["relatedSpdxElement"]]["name"] == pkg and
           r["comment"].startswith(a + ":") for r in rels), rels
PY
done
needed=$(readelf -dW "$VIGIL" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
for so in $needed $lazy; do
	line=$(awk -v s="$so" '$1 == s' sbom_links.txt)
	pkg=$(echo "$line" | awk '{ print $2 }')
	ver=$(echo "$line" | awk '{ print $3 }')
	ok "sbom: $so -> ${pkg:-?} ${ver:-?}" sh -c "
		[ -n '$pkg' ] &&
		[ \"\$(dpkg-query -W -f='\${Version}' '$pkg' 2>/dev/null | head -n 1)\" = '$ver' ] &&
		dpkg-query -L '$pkg' | grep -q '/$so\$'"
done
ok "sbom: every package has a Debian purl" python3 -c '
import json
d = json.load(open("sbom.json"))
for p in d["packages"]:
    if p["name"] != "vigil":
        ref = p["externalRefs"][0]
        assert ref["referenceType"] == "purl", ref
        assert ref["referenceLocator"].startswith("pkg:deb/debian/" + p["name"] + "@" + p["versionInfo"]), ref
'
