# SPDX-License-Identifier: Apache-2.0
# magic, yara_file (and its old name yara) and extended_attributes.
# magic: the debian12 fixture exactly, and files made here (PNG, ELF,
# text, gzip, empty) against file(1) -b, --mime-type and --mime-encoding;
# magic_db_files; a FIFO and a directory give no row.  yara_file: the
# fixture's rule files in /etc/yara (a match with strings and tags, a
# clean file, an include resolved through the root, a rule that does not
# compile), inline sigrule, every refusal with its exact error, a file
# past the scan cap (NULL results), and a live file matched at known
# offsets.  extended_attributes: attributes set here with setfattr and
# setcap, against getfattr and getcap.
. "$TOP/tests/lib.sh"

csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

# The first row's value of one column of a query, as text ("" for none).
value() { # sql column
	run query --json "$1"
	python3 -c 'import json, sys
rows = json.load(open(sys.argv[1]))
print(rows[0][sys.argv[2]] if rows else "")' "$OUT" "$2"
}

F="--root $FIX/debian12"

# ---------------------------------------------------------------- magic

csv $F "SELECT path, magic_db_files, data, mime_type, mime_encoding
	FROM magic WHERE path IN ('/etc/passwd', '/etc/modprobe.d/sound.conf',
	                          '/etc', '/nowhere') ORDER BY path"
is_rc "magic: fixture exits 0" 0
is_out "magic: fixture text files; a directory or missing path, no row" <<'EOF'
path,magic_db_files,data,mime_type,mime_encoding
/etc/modprobe.d/sound.conf,,"ASCII text, with no line terminators",text/plain,us-ascii
/etc/passwd,,ASCII text,text/plain,us-ascii
EOF

run $F query "SELECT * FROM magic"
is_rc "magic: no path exits 1" 1
is_err "magic: no path is the required-constraint error" <<'EOF'
vigil: query failed: table magic requires a constraint on path
EOF

M=$TMPD/magic
mkdir -p "$M"
python3 - "$M/image.png" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n"
png += chunk(b"IHDR", struct.pack(">IIBBBBB", 3, 2, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff\x00\x00" * 3 + b"\x00" + b"\x00\xff\x00" * 3))
png += chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
cp /bin/true "$M/elf"
printf 'plain text\nwith two lines\n' >"$M/text.txt"
printf 'caf\303\251\n' >"$M/utf8.txt"
printf 'compress me\n' | gzip -n >"$M/data.gz"
: >"$M/empty"
mkfifo "$M/fifo"
if command -v file >/dev/null 2>&1; then
	for f in image.png elf text.txt utf8.txt data.gz empty; do
		csv "SELECT data, mime_type, mime_encoding FROM magic
			WHERE path = '$M/$f'"
		tail -n 1 "$OUT" >got.csv
		python3 - "$(file -b "$M/$f")" "$(file -b --mime-type "$M/$f")" \
			"$(file -b --mime-encoding "$M/$f")" >want.csv <<'PY'
import csv, sys
csv.writer(sys.stdout, lineterminator="\n").writerow(sys.argv[1:])
PY
		ok "magic: $f as file(1) sees it ($(file -b --mime-type "$M/$f"))" \
			diff -u want.csv got.csv
	done
else
	skip "magic: files as file(1) sees them" "no file(1) (apt-get install file)"
fi

csv "SELECT count(*) AS n FROM magic WHERE path IN ('$M/fifo', '$M')"
is_rc "magic: a FIFO exits 0 (no hang)" 0
is_out "magic: a FIFO or a directory gives no row" <<'EOF'
n
0
EOF

if [ -f /usr/share/misc/magic.mgc ]; then
	csv "SELECT magic_db_files, mime_type FROM magic
		WHERE path = '$M/image.png'
		  AND magic_db_files = '/usr/share/misc/magic.mgc'"
	is_out "magic: magic_db_files names the database used" <<'EOF'
magic_db_files,mime_type
/usr/share/misc/magic.mgc,image/png
EOF
else
	skip "magic: magic_db_files names the database used" "no magic.mgc"
fi

run "query" "SELECT * FROM magic WHERE path = '$M/elf'
	AND magic_db_files = '/nowhere/magic.mgc'"
is_err "magic: a missing database is an error" <<'EOF'
vigil: query failed: table magic: cannot read '/nowhere/magic.mgc': No such file or directory
EOF

run "query" "SELECT * FROM magic WHERE path = '$M/elf'
	AND magic_db_files = '$M/text.txt'"
is_rc "magic: a database that is not compiled magic exits 1" 1
ok "magic: a database that is not compiled magic is named in the error" \
	grep -q "^vigil: query failed: table magic: cannot load magic_db_files '$M/text.txt': " "$ERR"

# ---------------------------------------------------------------- yara

run $F query --json "SELECT * FROM yara_file WHERE path IN ('/etc/passwd',
	'/etc/group', '/etc', '/nowhere') AND sigfile = '/etc/yara/accounts.yar'
	ORDER BY path"
is_rc "yara_file: fixture exits 0" 0
is_out "yara_file: a match with strings and tags; a clean file; no dir row" <<'EOF'
[
  {"path":"/etc/group","matches":"","count":0,"sig_group":null,"sigfile":"/etc/yara/accounts.yar","strings":"","tags":""},
  {"path":"/etc/passwd","matches":"root_account","count":1,"sig_group":null,"sigfile":"/etc/yara/accounts.yar","strings":"$root:0,$shell:16","tags":"accounts,linux"}
]
EOF

run $F query --json "SELECT path, matches, count, sigfile FROM yara
	WHERE path IN ('/etc/passwd', '/etc/group')
	  AND sigfile = '/etc/yara/main.yar' ORDER BY path"
is_out "yara: the old name; an include read through the root" <<'EOF'
[
  {"path":"/etc/group","matches":"","count":0,"sigfile":"/etc/yara/main.yar"},
  {"path":"/etc/passwd","matches":"daemon_account,daemon_and_root","count":2,"sigfile":"/etc/yara/main.yar"}
]
EOF

run $F query --json "SELECT path, sigfile, count FROM yara_file
	WHERE path = '/etc/passwd' AND sigfile IN ('/etc/yara/accounts.yar',
	'/etc/yara/main.yar') ORDER BY sigfile"
is_out "yara_file: sigfile IN scans with each rule file" <<'EOF'
[
  {"path":"/etc/passwd","sigfile":"/etc/yara/accounts.yar","count":1},
  {"path":"/etc/passwd","sigfile":"/etc/yara/main.yar","count":2}
]
EOF

run $F query "SELECT * FROM yara_file WHERE path = '/etc/passwd'
	AND sigfile = '/etc/yara/bad.yar'"
is_rc "yara_file: a rule that does not compile exits 1" 1
is_err "yara_file: a rule that does not compile names file, line, reason" <<'EOF'
vigil: query failed: table yara_file: rule file '/etc/yara/bad.yar' does not compile: line 7: undefined string "$b"
EOF

run $F query --json "SELECT path, matches, count, sigrule, strings
	FROM yara_file WHERE path = '/etc/passwd'
	  AND sigrule = 'rule has_nologin { strings: \$n = \"nologin\" condition: \$n }'"
is_out "yara_file: an inline sigrule" <<'EOF'
[
  {"path":"/etc/passwd","matches":"has_nologin","count":1,"sigrule":"rule has_nologin { strings: $n = \"nologin\" condition: $n }","strings":"$n:48"}
]
EOF

run $F query "SELECT * FROM yara_file WHERE path = '/etc/passwd'
	AND sigrule = 'rule broken { condition: \$x }'"
is_err "yara_file: a sigrule that does not compile" <<'EOF'
vigil: query failed: table yara_file: sigrule does not compile: line 1: undefined string "$x"
EOF

run $F query "SELECT * FROM yara_file WHERE path = '/etc/passwd'
	AND sigrule = 'include \"/etc/yara/accounts.yar\"'"
is_err "yara_file: a sigrule may not include files" <<'EOF'
vigil: query failed: table yara_file: sigrule does not compile: line 1: includes are disabled
EOF

run $F query "SELECT * FROM yara_file WHERE path = '/etc/passwd'"
is_err "yara_file: no rules is an error" <<'EOF'
vigil: query failed: table yara_file requires sigfile or sigrule (= or IN)
EOF

run $F query "SELECT * FROM yara_file WHERE sigfile = '/etc/yara/accounts.yar'"
is_err "yara_file: no path is the required-constraint error" <<'EOF'
vigil: query failed: table yara_file requires a constraint on path
EOF

run $F query "SELECT * FROM yara_file WHERE path = '/etc/passwd'
	AND sigfile = 'accounts.yar'"
is_err "yara_file: a relative sigfile is refused" <<'EOF'
vigil: query failed: table yara_file: sigfile must be an absolute path: 'accounts.yar'
EOF

run $F query "SELECT * FROM yara_file WHERE path = '/etc/passwd'
	AND sigfile = '/etc/yara/none.yar'"
is_err "yara_file: a missing sigfile" <<'EOF'
vigil: query failed: table yara_file: cannot read rule file '/etc/yara/none.yar': No such file or directory
EOF

run $F query "SELECT * FROM yara_file WHERE path = '/etc/passwd'
	AND sigfile = '/etc/yara'"
is_err "yara_file: a sigfile that is a directory" <<'EOF'
vigil: query failed: table yara_file: rule file '/etc/yara' is not a regular file of at most 16 MiB
EOF

run $F query "SELECT * FROM yara_file WHERE path = '/etc/passwd'
	AND sig_group = 'malware'"
is_err "yara_file: sig_group needs a configuration" <<'EOF'
vigil: query failed: table yara_file: no signature group 'malware': vigil has no yara configuration
EOF

run $F query "SELECT * FROM yara_file WHERE path = '/etc/passwd'
	AND sigurl = 'https://example.com/rules.yar'"
is_err "yara_file: sigurl is refused" <<'EOF'
vigil: query failed: table yara_file: sigurl is not supported: vigil downloads no rules
EOF

Y=$TMPD/yara
RU=$TMPD/rules
mkdir -p "$Y" "$RU"
printf 'YARA\001\002\003' >"$RU/compiled.yarc"
run query "SELECT * FROM yara_file WHERE path = '$RU/compiled.yarc'
	AND sigfile = '$RU/compiled.yarc'"
is_err "yara_file: compiled rules are refused" <<EOF
vigil: query failed: table yara_file: rule file '$RU/compiled.yarc' holds compiled rules; give the source
EOF

mkfifo "$RU/fifo.yar"
printf 'include "fifo.yar"\nrule a { condition: true }\n' >"$RU/inc.yar"
run query "SELECT * FROM yara_file WHERE path = '$RU/inc.yar'
	AND sigfile = '$RU/inc.yar'"
is_err "yara_file: an include of a FIFO is refused, not read" <<EOF
vigil: query failed: table yara_file: rule file '$RU/inc.yar' does not compile: line 1: callback failed to provide include resource: fifo.yar
EOF

# Live: a file written here, the offsets known.
printf 'nothing here\nxmrig --donate-level 1 stratum+tcp://pool\n' >"$Y/miner.sh"
printf 'echo clean\n' >"$Y/clean.sh"
mkfifo "$Y/fifo"
cat >"$RU/miner.yar" <<'EOF'
rule coin_miner : miner
{
    strings:
        $bin = "xmrig"
        $url = "stratum+tcp://"
    condition:
        any of them
}
EOF
run query --json "SELECT path, matches, count, strings, tags FROM yara_file
	WHERE path LIKE '$Y/%' AND sigfile = '$RU/miner.yar' ORDER BY path"
is_rc "yara_file: live exits 0 (a FIFO does not hang)" 0
is_out "yara_file: live, strings at known offsets (hex); no FIFO row" <<EOF
[
  {"path":"$Y/clean.sh","matches":"","count":0,"strings":"","tags":""},
  {"path":"$Y/miner.sh","matches":"coin_miner","count":1,"strings":"\$bin:d,\$url:24","tags":"miner"}
]
EOF

# Past the scan cap: a row, with nothing claimed about it.
truncate -s 129M "$Y/big.img"
run query --json "SELECT path, matches, count, strings, tags FROM yara_file
	WHERE path = '$Y/big.img' AND sigrule = 'rule any_file { condition: true }'"
is_out "yara_file: a file past 128 MiB is not scanned: NULL results" <<EOF
[
  {"path":"$Y/big.img","matches":null,"count":null,"strings":null,"tags":null}
]
EOF
rm -f "$Y/big.img"

# ---------------------------------------------------------------- xattrs

X=$TMPD/xattr
mkdir -p "$X/dir"
printf 'x\n' >"$X/file"
: >"$X/other"
mkfifo "$X/fifo"
if ! command -v setfattr >/dev/null 2>&1; then
	skip "extended_attributes: user attributes" "no setfattr (apt-get install attr)"
elif ! setfattr -n user.probe -v 1 "$X/file" 2>/dev/null; then
	skip "extended_attributes: user attributes" "no user xattrs on $(df -PT "$X" | awk 'NR==2 {print $2}')"
else
	setfattr -x user.probe "$X/file"
	setfattr -n user.xdg.origin.url -v 'https://example.com/x' "$X/file"
	setfattr -n user.binary -v 0x00ff10fe "$X/file"
	setfattr -n user.empty "$X/file"
	setfattr -n user.terminated -v 0x6f6b00 "$X/file"
	setfattr -n user.dir -v yes "$X/dir"
	csv "SELECT path, directory, key, value, base64 FROM extended_attributes
		WHERE path IN ('$X/file', '$X/dir', '$X/fifo', '$X/other')
		ORDER BY path, key"
	is_out "extended_attributes: text, base64, empty, NUL-ended; dirs too" <<EOF
path,directory,key,value,base64
$X/dir,$X,user.dir,yes,0
$X/file,$X,user.binary,AP8Q/g==,1
$X/file,$X,user.empty,,1
$X/file,$X,user.terminated,ok,0
$X/file,$X,user.xdg.origin.url,https://example.com/x,0
EOF
	# getfattr's own base64 of the binary value ("0s..." form).
	want=$(getfattr -e base64 -n user.binary "$X/file" 2>/dev/null |
		sed -n 's/^user.binary=0s//p')
	got=$(value "SELECT value FROM extended_attributes
		WHERE path = '$X/file' AND key = 'user.binary'" value)
	ok "extended_attributes: base64 as getfattr encodes it ($want)" \
		test "$got" = "$want"
	csv "SELECT path, key FROM extended_attributes WHERE directory = '$X'
		ORDER BY path, key"
	is_out "extended_attributes: directory = lists its entries" <<EOF
path,key
$X/dir,user.dir
$X/file,user.binary
$X/file,user.empty
$X/file,user.terminated
$X/file,user.xdg.origin.url
EOF
fi

if is_root && command -v setcap >/dev/null 2>&1 && command -v getcap >/dev/null 2>&1 &&
	cp /bin/true "$X/ping" && setcap cap_net_raw,cap_net_admin=ep "$X/ping" 2>/dev/null; then
	cp /bin/true "$X/mixed"
	setcap 'cap_setuid=ip cap_kill=i cap_chown=p' "$X/mixed"
	for f in ping mixed; do
		got=$(value "SELECT value || ' base64=' || base64 AS v
			FROM extended_attributes
			WHERE path = '$X/$f' AND key = 'security.capability'" v)
		want=$(getcap "$X/$f" | sed "s|^$X/$f ||")
		ok "extended_attributes: security.capability as getcap ($want)" \
			test "$got" = "$want base64=0"
	done
else
	skip "extended_attributes: security.capability as getcap" \
		"needs root, setcap and getcap on this filesystem"
fi

run query "SELECT * FROM extended_attributes"
is_err "extended_attributes: no path or directory is an error" <<'EOF'
vigil: query failed: table extended_attributes requires a constraint on path or directory
EOF
