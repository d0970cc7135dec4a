# SPDX-License-Identifier: Apache-2.0
# deb_packages, deb_package_files, apt_sources, rpm_packages,
# python_packages and npm_packages: exact rows from the debian12 fixture
# (multi-arch packages, a removed package that kept its configuration, a
# purged one, epochs, a last paragraph without a final newline, one-line and
# deb822 sources with options, comments, embedded keys and a password in a
# URI, broken metadata files), trees built here for what the fixture cannot
# hold (cached Release files, users' home directories, symlinks, an rpm
# database made with Python's sqlite3), and the live host checked against
# dpkg-query, dpkg -L, apt-cache policy, Python's importlib.metadata and npm.
. "$TOP/tests/lib.sh"

R="--root $FIX/debian12"

# CSV output ends its lines with CRLF (RFC 4180); csv() strips the CR.
csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

# ---- deb_packages ----

csv $R "SELECT * FROM deb_packages"
is_rc "deb_packages: exit 0" 0
is_out "deb_packages: every package but the purged one, in file order" <<'EOF'
name,version,source,size,arch,revision,status,maintainer,section,priority,admindir
base-files,12.4+deb12u5,,340,amd64,,install ok installed,Santiago Vila <sanvila@debian.org>,admin,required,/var/lib/dpkg
coreutils,9.1-1,,18062,amd64,1,install ok installed,Michael Stone <mstone@debian.org>,utils,required,/var/lib/dpkg
libc6,2.36-9+deb12u4,glibc,13001,amd64,9+deb12u4,install ok installed,GNU Libc Maintainers <debian-glibc@lists.debian.org>,libs,optional,/var/lib/dpkg
libc6,2.36-9+deb12u4,glibc,12560,i386,9+deb12u4,install ok installed,GNU Libc Maintainers <debian-glibc@lists.debian.org>,libs,optional,/var/lib/dpkg
nginx-common,1.22.1-9,nginx,1160,all,9,deinstall ok config-files,Debian Nginx Maintainers <pkg-nginx-maintainers@alioth-lists.debian.net>,httpd,optional,/var/lib/dpkg
vim-tiny,2:9.0.1378-2,vim,1746,amd64,2,install ok installed,Debian Vim Maintainers <team+vim@tracker.debian.org>,editors,important,/var/lib/dpkg
debconf,1.5.82,,512,all,,install ok installed,Debconf Developers <debconf-devel@lists.alioth.debian.org>,admin,required,/var/lib/dpkg
zz-local,1.0-1~local1,,,all,1~local1,hold reinstreq half-configured,,,,/var/lib/dpkg
EOF

run query $R --json "SELECT name, source, size, revision, section FROM deb_packages WHERE name = 'zz-local' OR arch = 'i386'"
is_out "deb_packages: --json, absent fields are null, native revision is empty" <<'EOF'
[
  {"name":"libc6","source":"glibc","size":12560,"revision":"9+deb12u4","section":"libs"},
  {"name":"zz-local","source":null,"size":null,"revision":"1~local1","section":null}
]
EOF

csv $R "SELECT name, version FROM deb_packages WHERE version > '2.0' COLLATE VERSION AND status LIKE 'install %' ORDER BY version COLLATE VERSION"
is_out "deb_packages: version order (dpkg's), epoch first" <<'EOF'
name,version
libc6,2.36-9+deb12u4
libc6,2.36-9+deb12u4
coreutils,9.1-1
base-files,12.4+deb12u5
vim-tiny,2:9.0.1378-2
EOF

csv $R "SELECT name, pid_with_namespace, mount_namespace_id FROM deb_packages WHERE name = 'debconf'"
is_out "deb_packages: hidden namespace columns are NULL" <<'EOF'
name,pid_with_namespace,mount_namespace_id
debconf,,
EOF

# A second dpkg directory, named by admindir; one that does not exist.
mkdir -p "$TMPD/root/srv/dpkg/info"
printf 'Package: other\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n' \
	>"$TMPD/root/srv/dpkg/status"
printf '/.\n/srv/other\n' >"$TMPD/root/srv/dpkg/info/other.list"
csv --root "$TMPD/root" "SELECT name, version, admindir FROM deb_packages WHERE admindir IN ('/srv/dpkg', '/nowhere')"
is_out "deb_packages: admindir = reads that directory" <<'EOF'
name,version,admindir
other,1,/srv/dpkg
EOF
csv --root "$TMPD/root" "SELECT count(*) FROM deb_packages"
is_out "deb_packages: no status file, no rows" <<'EOF'
count(*)
0
EOF

# ---- deb_package_files ----

csv $R "SELECT package, count(*), min(path), max(path) FROM deb_package_files GROUP BY package ORDER BY package"
is_out "deb_package_files: per package, purged telnet left out" <<'EOF'
package,count(*),min(path),max(path)
base-files,8,/.,/etc/os-release
coreutils,8,/.,/usr/bin/sha256sum
debconf,3,/.,/usr/share/debconf/confmodule
libc6,10,/.,/lib64/ld-linux-x86-64.so.2
nginx-common,4,/.,/etc/nginx/nginx.conf
vim-tiny,4,/.,/usr/bin/vim.tiny
zz-local,3,/.,"/opt/zz,local/""quoted"""
EOF

csv $R "SELECT * FROM deb_package_files WHERE package = 'libc6'"
is_out "deb_package_files: Multi-Arch: same lists are NAME:ARCH.list" <<'EOF'
package,path,admindir
libc6,/.,/var/lib/dpkg
libc6,/lib,/var/lib/dpkg
libc6,/lib/x86_64-linux-gnu,/var/lib/dpkg
libc6,/lib/x86_64-linux-gnu/libc.so.6,/var/lib/dpkg
libc6,/lib64,/var/lib/dpkg
libc6,/lib64/ld-linux-x86-64.so.2,/var/lib/dpkg
libc6,/.,/var/lib/dpkg
libc6,/lib,/var/lib/dpkg
libc6,/lib/i386-linux-gnu,/var/lib/dpkg
libc6,/lib/i386-linux-gnu/libc.so.6,/var/lib/dpkg
EOF

csv $R "SELECT package, path FROM deb_package_files WHERE path IN ('/bin/ls', '/usr/bin/telnet.netkit', '/opt/zz local/bin/tool with space')"
is_out "deb_package_files: which package owns a path" <<'EOF'
package,path
coreutils,/bin/ls
zz-local,/opt/zz local/bin/tool with space
EOF

csv $R "SELECT * FROM deb_package_files WHERE package = 'telnet' OR package = 'nosuch'"
is_out "deb_package_files: no rows for a purged or unknown package" <<'EOF'
package,path,admindir
EOF

# A package name that would climb out of the info directory is not used
# as a file name.
mkdir -p "$TMPD/evil/var/lib/dpkg/info" "$TMPD/evil/etc"
printf 'Package: ../../../../etc/secret\nStatus: install ok installed\nVersion: 1\n\nPackage: ok\nStatus: install ok installed\nVersion: 1\n' \
	>"$TMPD/evil/var/lib/dpkg/status"
printf '/etc/secret-contents\n' >"$TMPD/evil/etc/secret.list"
printf '/ok\n' >"$TMPD/evil/var/lib/dpkg/info/ok.list"
csv --root "$TMPD/evil" "SELECT * FROM deb_package_files"
is_out "deb_package_files: a hostile package name reads nothing" <<'EOF'
package,path,admindir
ok,/ok,/var/lib/dpkg
EOF

# ---- apt_sources ----

csv $R "SELECT * FROM apt_sources"
is_rc "apt_sources: exit 0" 0
is_out "apt_sources: deb entries of sources.list, *.list and *.sources" <<'EOF'
name,source,base_uri,release,version,maintainer,components,architectures
deb.debian.org/debian bookworm,/etc/apt/sources.list,http://deb.debian.org/debian,,,,,
download.docker.com/linux/debian bookworm,/etc/apt/sources.list,https://download.docker.com/linux/debian,,,,,
mirror.example.org:8080/debian bookworm-updates,/etc/apt/sources.list,http://mirror.example.org:8080/debian,,,,,
local.example.org/repo ./,/etc/apt/sources.list,http://local.example.org/repo,,,,,
x.example/apt stable,/etc/apt/sources.list.d/extra.list,https://x.example/apt,,,,,
deb.debian.org/debian bookworm,/etc/apt/sources.list.d/debian.sources,http://deb.debian.org/debian,,,,,
deb.debian.org/debian bookworm-updates,/etc/apt/sources.list.d/debian.sources,http://deb.debian.org/debian,,,,,
deb.debian.org/debian-security bookworm-security,/etc/apt/sources.list.d/debian.sources,http://deb.debian.org/debian-security,,,,,
a.example.com/apt stable,/etc/apt/sources.list.d/vendor.sources,https://a.example.com/apt,,,,,
a.example.com/apt testing,/etc/apt/sources.list.d/vendor.sources,https://a.example.com/apt,,,,,
b.example.com/apt stable,/etc/apt/sources.list.d/vendor.sources,https://b.example.com/apt,,,,,
b.example.com/apt testing,/etc/apt/sources.list.d/vendor.sources,https://b.example.com/apt,,,,,
insecure.example.com/apt /,/etc/apt/sources.list.d/vendor.sources,https://insecure.example.com/apt,,,,,
EOF

run query $R "SELECT count(*) FROM apt_sources WHERE name LIKE '%s3cret%' OR base_uri LIKE '%s3cret%' OR base_uri LIKE '%user%'"
is_out "apt_sources: a password in a URI never reaches the output" <<'EOF'
+----------+
| count(*) |
+----------+
| 0        |
+----------+
EOF

# Cached Release files: InRelease (clearsigned) preferred, Release next.
A=$TMPD/apt
mkdir -p "$A/etc/apt/sources.list.d" "$A/var/lib/apt/lists"
cat >"$A/etc/apt/sources.list" <<'EOF'
deb http://deb.debian.org/debian bookworm main
deb https://u:p@repo.example.com/x_y/ ./
deb http://plain.example.org/debian sid main
EOF
cat >"$A/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease" <<'EOF'
-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA512

Origin: Debian
Label: Debian
Suite: stable
Version: 12.5
Codename: bookworm
Date: Sat, 10 Feb 2024 10:20:49 UTC
Architectures: all amd64 arm64
Components: main contrib non-free-firmware non-free
Description: Debian 12.5 Released 10 February 2024
MD5Sum:
 0ed6d4c8891eb86358b94bb35d9e4da4  1484322 contrib/Contents-all
-----BEGIN PGP SIGNATURE-----

Codename: forged
-----END PGP SIGNATURE-----
EOF
printf 'Origin: Example\nCodename: flat\nVersion: 3\n' \
	>"$A/var/lib/apt/lists/repo.example.com_x%5fy_._Release"
printf 'Origin: Wrong\n' >"$A/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_Release"
csv --root "$A" "SELECT * FROM apt_sources"
is_out "apt_sources: release columns from the cached (In)Release file" <<'EOF'
name,source,base_uri,release,version,maintainer,components,architectures
deb.debian.org/debian bookworm,/etc/apt/sources.list,http://deb.debian.org/debian,bookworm,12.5,Debian,main contrib non-free-firmware non-free,all amd64 arm64
repo.example.com/x_y ./,/etc/apt/sources.list,https://repo.example.com/x_y,flat,3,Example,,
plain.example.org/debian sid,/etc/apt/sources.list,http://plain.example.org/debian,,,,,
EOF

# ---- rpm_packages ----

csv $R "SELECT * FROM rpm_packages"
is_out "rpm_packages: no rpm database, no rows" <<'EOF'
name,version,release,source,size,sha1,arch,epoch,install_time,vendor,package_group
EOF

# An rpm database made here: header blobs built by hand, one of them
# truncated and one a text value (both give no row).
mkrpmdb() { # path
	python3 - "$1" <<'PY'
import sqlite3, struct, sys

def header(tags):
    index, data = b"", bytearray()
    for tag, typ, val in tags:
        align = {3: 2, 4: 4, 5: 8}.get(typ, 1)
        while len(data) % align:
            data.append(0)
        off = len(data)
        if typ == 6:
            data += val.encode() + b"\0"; count = 1
        elif typ in (8, 9):
            for v in val:
                data += v.encode() + b"\0"
            count = len(val)
        elif typ == 4:
            data += struct.pack(">%dI" % len(val), *val); count = len(val)
        elif typ == 5:
            data += struct.pack(">%dQ" % len(val), *val); count = len(val)
        else:
            data += val; count = len(val)
        index += struct.pack(">iIiI", tag, typ, off, count)
    return struct.pack(">II", len(tags), len(data)) + index + bytes(data)

db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)")
db.execute("CREATE TABLE Name (key TEXT NOT NULL, hnum INTEGER NOT NULL, idx INTEGER NOT NULL)")
blobs = [
    header([(63, 7, b"\0" * 16), (1000, 6, "bash"), (1001, 6, "5.1.8"),
            (1002, 6, "9.el9"), (1004, 9, ["The GNU Bourne Again shell"]),
            (1009, 4, [7738316]), (1022, 6, "x86_64"),
            (1044, 6, "bash-5.1.8-9.el9.src.rpm"),
            (1011, 6, "Rocky Enterprise Software Foundation"),
            (1016, 9, ["System Environment/Shells", "Environnement"]),
            (269, 6, "a3c5d1f0e6b1a4b2c3d4e5f60718293a4b5c6d7e"),
            (1008, 4, [1700000000])]),
    header([(1000, 6, "openssl-libs"), (1001, 6, "3.0.7"), (1002, 6, "27.el9"),
            (1003, 4, [1]), (5009, 5, [5000000000]), (1009, 4, [1]),
            (1022, 6, "x86_64"), (1044, 6, "openssl-3.0.7-27.el9.src.rpm"),
            (1008, 4, [1700000100])]),
    header([(1000, 6, "gpg-pubkey"), (1001, 6, "fd431d51"),
            (1002, 6, "4ae0493b"), (1016, 8, ["Public Keys"])]),
    header([(1000, 6, "truncated"), (1001, 6, "1")])[:-3],
    header([(1000, 6, "badname")])[:8] + struct.pack(">iIiI", 1000, 6, 999, 1) + b"x",
]
for b in blobs:
    db.execute("INSERT INTO Packages (blob) VALUES (?)", (b,))
db.execute("INSERT INTO Packages (blob) VALUES ('not a blob')")
db.commit()
db.close()
PY
}
if command -v python3 >/dev/null 2>&1; then
	mkdir -p "$TMPD/rpm/usr/lib/sysimage/rpm" "$TMPD/rpm/etc"
	mkrpmdb "$TMPD/rpm/usr/lib/sysimage/rpm/rpmdb.sqlite"
	csv --root "$TMPD/rpm" "SELECT * FROM rpm_packages"
	is_out "rpm_packages: the headers' tags; malformed headers give no row" <<'EOF'
name,version,release,source,size,sha1,arch,epoch,install_time,vendor,package_group
bash,5.1.8,9.el9,bash-5.1.8-9.el9.src.rpm,7738316,a3c5d1f0e6b1a4b2c3d4e5f60718293a4b5c6d7e,x86_64,,1700000000,Rocky Enterprise Software Foundation,System Environment/Shells
openssl-libs,3.0.7,27.el9,openssl-3.0.7-27.el9.src.rpm,5000000000,,x86_64,1,1700000100,,
gpg-pubkey,fd431d51,4ae0493b,,,,,,,,Public Keys
EOF
	csv --root "$TMPD/rpm" "SELECT name, epoch FROM rpm_packages WHERE name IN ('openssl-libs', 'nosuch')"
	is_out "rpm_packages: name = narrows" <<'EOF'
name,epoch
openssl-libs,1
EOF
	ok "rpm_packages: the database is not written to (no journal or WAL made)" \
		test "$(ls "$TMPD/rpm/usr/lib/sysimage/rpm")" = rpmdb.sqlite

	# /var/lib/rpm as a symlink to another place: refused.
	mkdir -p "$TMPD/rpmlink/var/lib" "$TMPD/rpmlink/elsewhere"
	mkrpmdb "$TMPD/rpmlink/elsewhere/rpmdb.sqlite"
	ln -s ../../elsewhere "$TMPD/rpmlink/var/lib/rpm"
	csv --root "$TMPD/rpmlink" "SELECT count(*) FROM rpm_packages"
	is_out "rpm_packages: a database behind a symlink is not read" <<'EOF'
count(*)
0
EOF
	rm "$TMPD/rpmlink/var/lib/rpm"
	mkdir "$TMPD/rpmlink/var/lib/rpm"
	ln -s ../../../elsewhere/rpmdb.sqlite "$TMPD/rpmlink/var/lib/rpm/rpmdb.sqlite"
	csv --root "$TMPD/rpmlink" "SELECT count(*) FROM rpm_packages"
	is_out "rpm_packages: a database file that is a symlink is not read" <<'EOF'
count(*)
0
EOF
	rm "$TMPD/rpmlink/var/lib/rpm/rpmdb.sqlite"
	mv "$TMPD/rpmlink/elsewhere/rpmdb.sqlite" "$TMPD/rpmlink/var/lib/rpm/"
	csv --root "$TMPD/rpmlink" "SELECT count(*) FROM rpm_packages"
	is_out "rpm_packages: /var/lib/rpm/rpmdb.sqlite is read" <<'EOF'
count(*)
3
EOF

	# Not an rpm database: a view named Packages, garbage bytes.
	mkdir -p "$TMPD/rpmview/var/lib/rpm"
	python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE VIEW Packages AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS hnum, x AS blob FROM c")
db.commit()' "$TMPD/rpmview/var/lib/rpm/rpmdb.sqlite"
	csv --root "$TMPD/rpmview" "SELECT count(*) FROM rpm_packages"
	is_out "rpm_packages: a view named Packages is not read" <<'EOF'
count(*)
0
EOF
	head -c 65536 /dev/urandom >"$TMPD/rpmview/var/lib/rpm/rpmdb.sqlite"
	csv --root "$TMPD/rpmview" "SELECT count(*) FROM rpm_packages"
	is_out "rpm_packages: a database file of garbage has no rows" <<'EOF'
count(*)
0
EOF
else
	skip "rpm_packages: rows from an rpm database" "python3 is missing"
fi

# A live rpm database, when this host has one and rpm to check it.
if [ -f /var/lib/rpm/rpmdb.sqlite ] && command -v rpm >/dev/null 2>&1; then
	run query --csv "SELECT name || '-' || version || '-' || release FROM rpm_packages"
	sed 's/\r$//' "$OUT" | tail -n +2 | sort >vigil.rpm
	rpm -qa --qf '%{NAME}-%{VERSION}-%{RELEASE}\n' | sort >rpm.rpm
	ok "rpm_packages: the same packages as rpm -qa" diff -u rpm.rpm vigil.rpm
else
	skip "rpm_packages: live host against rpm -qa" "no rpm database here"
fi

# ---- python_packages ----

csv $R "SELECT * FROM python_packages"
is_out "python_packages: dist-info, egg-info directories and files" <<'EOF'
name,uid,version,summary,author,license,path,directory
PyYAML,,6.0,YAML parser and emitter for Python,Kirill Simonov,MIT,/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info,/usr/lib/python3/dist-packages
attrs,,25.1.0,Classes Without Boilerplate,,MIT,/usr/lib/python3/dist-packages/attrs-25.1.0.dist-info,/usr/lib/python3/dist-packages
,,,,,,/usr/lib/python3/dist-packages/broken-1.0.dist-info,/usr/lib/python3/dist-packages
pyinotify,,0.9.6,Linux filesystem events monitoring,Sebastien Martini,MIT License,/usr/lib/python3/dist-packages/pyinotify-0.9.6.egg-info,/usr/lib/python3/dist-packages
requests,,2.28.1,Python HTTP for Humans.,Kenneth Reitz,Apache 2.0,/usr/lib/python3/dist-packages/requests-2.28.1.egg-info,/usr/lib/python3/dist-packages
six,,1.16.0,Python 2 and 3 compatibility utilities: the classic,Benjamin Peterson,MIT,/usr/local/lib/python3.11/dist-packages/six-1.16.0.dist-info,/usr/local/lib/python3.11/dist-packages
EOF

csv $R "SELECT name FROM python_packages WHERE directory = '/usr/local/lib/python3.11/dist-packages'"
is_out "python_packages: directory = reads that site" <<'EOF'
name
six
EOF

# Users' sites: a home with a package, one whose metadata is a symlink to
# a file the user could not read, and one whose .local is a symlink.
U=$TMPD/users
mkdir -p "$U/etc" "$U/secret" "$U/usr/lib/python3/dist-packages"
cat >"$U/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
alice:x:1000:1000::/home/alice:/bin/bash
alias:x:1005:1005::/home/alice:/bin/sh
bob:x:1001:1001::/home/bob:/bin/bash
eve:x:1002:1002::/home/eve:/bin/bash
EOF
printf 'Name: secret-name\nVersion: 6.6.6\n' >"$U/secret/METADATA"
S=lib/python3.11/site-packages
mkdir -p "$U/home/alice/.local/$S/rich-13.7.0.dist-info" \
	"$U/home/bob/.local/$S/sneaky-1.0.dist-info" \
	"$U/home/bob/.local/$S/linked" "$U/home/eve" "$U/elsewhere/$S/evil-1.0.dist-info" \
	"$U/root/.local/lib/python3.12/site-packages/httpx-0.27.0.dist-info"
printf 'Name: rich\nVersion: 13.7.0\nSummary: Render rich text\nAuthor: Will McGugan\nLicense: MIT\n' \
	>"$U/home/alice/.local/$S/rich-13.7.0.dist-info/METADATA"
ln -s ../../../../../../secret/METADATA "$U/home/bob/.local/$S/sneaky-1.0.dist-info/METADATA"
printf 'Name: linked\nVersion: 1\n' >"$U/home/bob/.local/$S/linked/METADATA"
ln -s linked "$U/home/bob/.local/$S/linked-1.0.dist-info"
printf 'Name: evil\nVersion: 1\n' >"$U/elsewhere/$S/evil-1.0.dist-info/METADATA"
ln -s ../../elsewhere "$U/home/eve/.local"
printf 'Name: httpx\nVersion: 0.27.0\n' >"$U/root/.local/lib/python3.12/site-packages/httpx-0.27.0.dist-info/METADATA"
csv --root "$U" "SELECT name, uid, version, path, directory FROM python_packages"
is_out "python_packages: user sites, with no symlink followed" <<'EOF'
name,uid,version,path,directory
httpx,0,0.27.0,/root/.local/lib/python3.12/site-packages/httpx-0.27.0.dist-info,/root/.local/lib/python3.12/site-packages
rich,1000,13.7.0,/home/alice/.local/lib/python3.11/site-packages/rich-13.7.0.dist-info,/home/alice/.local/lib/python3.11/site-packages
,1001,,/home/bob/.local/lib/python3.11/site-packages/sneaky-1.0.dist-info,/home/bob/.local/lib/python3.11/site-packages
EOF
csv --root "$U" "SELECT name, path FROM python_packages WHERE directory = '/home/bob/.local/lib/python3.11/site-packages'"
is_out "python_packages: directory = in a home follows no symlink either" <<'EOF'
name,path
,/home/bob/.local/lib/python3.11/site-packages/sneaky-1.0.dist-info
EOF
csv --root "$U" "SELECT name, uid FROM python_packages WHERE uid = 1000"
is_out "python_packages: uid = reads that user's sites only" <<'EOF'
name,uid
rich,1000
EOF

# ---- npm_packages ----

csv $R "SELECT * FROM npm_packages"
is_out "npm_packages: global packages, scoped and nested ones" <<'EOF'
name,version,description,author,license,homepage,path,directory,depth
@vue/cli,5.0.8,Command line interface for rapid Vue.js development,Evan You <yyx990803@gmail.com>,MIT,https://cli.vuejs.org/,/usr/lib/node_modules/@vue/cli/package.json,/usr/lib,0
,,,,,,/usr/lib/node_modules/broken/package.json,/usr/lib,0
npm,9.2.0,a package manager for JavaScript,GitHub Inc.,Artistic-2.0,https://docs.npmjs.com/,/usr/lib/node_modules/npm/package.json,/usr/lib,0
abbrev,2.0.0,"Like ruby's abbrev module, but in js",GitHub Inc.,ISC,,/usr/lib/node_modules/npm/node_modules/abbrev/package.json,/usr/lib,1
deep,0.0.1,,,,,/usr/lib/node_modules/npm/node_modules/abbrev/node_modules/deep/package.json,/usr/lib,2
typescript,5.3.3,TypeScript is a language for application scale JavaScript development,Microsoft Corp.,https://www.apache.org/licenses/LICENSE-2.0,https://www.typescriptlang.org/,/usr/local/lib/node_modules/typescript/package.json,/usr/local/lib,0
EOF

csv $R "SELECT name, depth, max_depth FROM npm_packages WHERE max_depth = 1"
is_out "npm_packages: max_depth = 1 stops below the first nesting" <<'EOF'
name,depth,max_depth
@vue/cli,0,1
,0,1
npm,0,1
abbrev,1,1
typescript,0,1
EOF

csv $R "SELECT name, depth FROM npm_packages WHERE directory = '/usr/lib/node_modules/npm' AND max_depth = -1"
is_out "npm_packages: directory = and max_depth = -1" <<'EOF'
name,depth
abbrev,0
deep,1
EOF

# Users' npm prefixes, Debian's /usr/share/nodejs, and a symlink loop.
N=$TMPD/node
mkdir -p "$N/etc" "$N/home/ann/.npm-global/lib/node_modules/eslint" \
	"$N/home/ann/.nvm/versions/node/v20.11.0/lib/node_modules/pnpm" \
	"$N/usr/share/nodejs/acorn" "$N/usr/lib/node_modules/a/node_modules" \
	"$N/secret"
printf 'ann:x:1000:1000::/home/ann:/bin/bash\n' >"$N/etc/passwd"
printf '{"name": "eslint", "version": "8.56.0"}' >"$N/home/ann/.npm-global/lib/node_modules/eslint/package.json"
printf '{"name": "pnpm", "version": "8.15.1"}' >"$N/home/ann/.nvm/versions/node/v20.11.0/lib/node_modules/pnpm/package.json"
printf '{"name": "acorn", "version": "8.8.1", "license": "MIT"}' >"$N/usr/share/nodejs/acorn/package.json"
printf '{"name": "a", "version": "1.0.0"}' >"$N/usr/lib/node_modules/a/package.json"
ln -s ../../a "$N/usr/lib/node_modules/a/node_modules/loop"
printf '{"name": "secret"}' >"$N/secret/package.json"
ln -s ../../../../secret "$N/home/ann/.npm-global/lib/node_modules/linked"
csv --root "$N" "SELECT name, version, path, directory, depth FROM npm_packages"
is_out "npm_packages: user prefixes (no symlinks), /usr/share/nodejs, a loop walked once" <<'EOF'
name,version,path,directory,depth
a,1.0.0,/usr/lib/node_modules/a/package.json,/usr/lib,0
a,1.0.0,/usr/lib/node_modules/a/node_modules/loop/package.json,/usr/lib,1
acorn,8.8.1,/usr/share/nodejs/acorn/package.json,/usr/share/nodejs,0
eslint,8.56.0,/home/ann/.npm-global/lib/node_modules/eslint/package.json,/home/ann/.npm-global/lib,0
pnpm,8.15.1,/home/ann/.nvm/versions/node/v20.11.0/lib/node_modules/pnpm/package.json,/home/ann/.nvm/versions/node/v20.11.0/lib,0
EOF

csv --root "$N" "SELECT name, path FROM npm_packages WHERE directory = '/home/ann/.npm-global/lib'"
is_out "npm_packages: directory = in a home follows no symlink" <<'EOF'
name,path
eslint,/home/ann/.npm-global/lib/node_modules/eslint/package.json
EOF

# A package.json nested 10,000 levels deep, and one over the size cap.
mkdir -p "$N/usr/local/lib/node_modules/deep" "$N/usr/local/lib/node_modules/huge"
python3 -c 'print("{\"name\": " + "[" * 10000 + "]" * 10000 + "}")' \
	>"$N/usr/local/lib/node_modules/deep/package.json"
python3 -c 'print("{\"name\": \"huge\", \"pad\": \"" + "x" * (5 << 20) + "\"}")' \
	>"$N/usr/local/lib/node_modules/huge/package.json"
csv --root "$N" "SELECT name, path FROM npm_packages WHERE directory = '/usr/local/lib'"
is_out "npm_packages: too deep or too large: the row has NULL fields" <<'EOF'
name,path
,/usr/local/lib/node_modules/deep/package.json
,/usr/local/lib/node_modules/huge/package.json
EOF

# ---- the live host ----

if [ -r /var/lib/dpkg/status ] && command -v dpkg-query >/dev/null 2>&1; then
	dpkg-query -W -f='${Package} ${Version}\n' | sort >dpkg.txt
	run query --csv "SELECT name || ' ' || version FROM deb_packages"
	sed 's/\r$//' "$OUT" | tail -n +2 | sort >vigil.txt
	ok "deb_packages: the packages and versions dpkg-query -W lists" \
		diff -u dpkg.txt vigil.txt
	ok "deb_packages: as many rows as dpkg-query -W" \
		test "$(wc -l <dpkg.txt)" -eq "$(wc -l <vigil.txt)"
	if dpkg -L coreutils >/dev/null 2>&1; then
		dpkg -L coreutils | sort -u >dpkgL.txt
		run query --csv "SELECT path FROM deb_package_files WHERE package = 'coreutils'"
		sed 's/\r$//' "$OUT" | tail -n +2 | sort -u >vigilL.txt
		ok "deb_package_files: coreutils's files as dpkg -L lists them" \
			diff -u dpkgL.txt vigilL.txt
	else
		skip "deb_package_files: coreutils against dpkg -L" "coreutils is not installed"
	fi
else
	skip "deb_packages: live host against dpkg-query" "no dpkg here"
	skip "deb_package_files: live host against dpkg -L" "no dpkg here"
fi

if command -v apt-cache >/dev/null 2>&1 && [ -d /etc/apt ]; then
	# apt-cache policy lists each fetched source as
	#   " 500 URI SUITE/COMPONENT ARCH Packages"
	# followed by "release v=VERSION,o=ORIGIN,...,n=CODENAME,...".
	apt-cache policy 2>/dev/null | awk '
		$1 ~ /^[0-9]+$/ && $NF == "Packages" {
			uri = $2; sub(/\/+$/, "", uri); suite = $3
			if (suite ~ /\//) sub(/\/[^\/]*$/, "", suite)
			have = 1; next
		}
		have && $1 == "release" {
			v = o = n = ""
			k = split($2, kv, ",")
			for (i = 1; i <= k; i++) {
				if (kv[i] ~ /^v=/) v = substr(kv[i], 3)
				if (kv[i] ~ /^o=/) o = substr(kv[i], 3)
				if (kv[i] ~ /^n=/) n = substr(kv[i], 3)
			}
			print uri "|" suite "|" n "|" v "|" o
			have = 0
		}' | sort -u >policy.txt
	if [ -s policy.txt ]; then
		run query --csv "SELECT DISTINCT base_uri || '|' || substr(name, instr(name, ' ') + 1) || '|' || ifnull(release, '') || '|' || ifnull(version, '') || '|' || ifnull(maintainer, '') FROM apt_sources"
		sed 's/\r$//' "$OUT" | tail -n +2 | sort -u >vigil.apt
		ok "apt_sources: every source apt-cache policy shows, with its release" \
			sh -c 'comm -23 policy.txt vigil.apt | tee missing.txt; test ! -s missing.txt'
	else
		skip "apt_sources: live host against apt-cache policy" "apt has fetched no sources"
	fi
else
	skip "apt_sources: live host against apt-cache policy" "no apt here"
fi

if command -v python3 >/dev/null 2>&1; then
	run query --csv "SELECT DISTINCT directory FROM python_packages WHERE uid IS NULL"
	sed 's/\r$//' "$OUT" | tail -n +2 >sites.txt
	run query --csv "SELECT name || ' ' || version FROM python_packages WHERE uid IS NULL AND name IS NOT NULL"
	sed 's/\r$//' "$OUT" | tail -n +2 | sort >vigil.py
	python3 - sites.txt >python.py <<'PY'
import importlib.metadata as md, sys
sites = [l.strip() for l in open(sys.argv[1]) if l.strip()]
for d in md.distributions(path=sites):
    if d.metadata["Name"]:
        print(d.metadata["Name"], d.version)
PY
	sort -o python.py python.py
	ok "python_packages: the system packages importlib.metadata finds" \
		diff -u python.py vigil.py
else
	skip "python_packages: live host against importlib.metadata" "no python3 here"
fi

if command -v npm >/dev/null 2>&1 && root=$(npm root -g 2>/dev/null) && [ -d "$root" ]; then
	NPM_CONFIG_UPDATE_NOTIFIER=false npm ls -g --depth=0 --json --offline 2>/dev/null |
		python3 -c 'import json, sys
for n, d in sorted(json.load(sys.stdin).get("dependencies", {}).items()):
    print(n, d.get("version"))' >npm.txt
	run query --csv "SELECT name || ' ' || version FROM npm_packages WHERE directory = '$(dirname "$root")' AND depth = 0 AND name IS NOT NULL ORDER BY name"
	sed 's/\r$//' "$OUT" | tail -n +2 >vigil.npm
	ok "npm_packages: the global packages npm ls -g lists" diff -u npm.txt vigil.npm
else
	skip "npm_packages: live host against npm ls -g" "no npm here"
fi
