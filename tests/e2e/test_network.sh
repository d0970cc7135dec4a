# SPDX-License-Identifier: Apache-2.0
# The network tables: interface_addresses, interface_details,
# interface_ipv6, routes, arp_cache, dns_resolvers, etc_services and
# etc_protocols.  Exact rows on the debian12 fixture; hostile and empty
# trees built here (garbage /proc/net lines, overlong lines, odd sysfs
# entries, resolv.conf lines that hang glibc), which must give skipped rows
# or NULLs and exit 0; then the live host where the truth can be read
# independently (sysfs, /proc/net/arp, glibc's own resolver state,
# /etc/services); and as root, a network namespace with a bridge, known
# addresses, routes and neighbours, checked row for row, live and through
# --root over the namespace's own /proc and /sys.  The namespace holds a
# bridge with no ports: nothing is sent anywhere.
. "$TOP/tests/lib.sh"

ROOT=$FIX/debian12
# The CSV output ends its lines with CRLF (RFC 4180); compare without CR.
csv() {
	run query --csv "$@"
	sed -i 's/\r$//' "$OUT"
}
qc() { csv --root "$ROOT" "$@"; }
no_err() { is_err "$1: no stderr" </dev/null; }

# --- the fixture host --------------------------------------------------------

qc "SELECT * FROM interface_addresses"
is_out "interface_addresses: IPv4 from fib_trie and route, IPv6 from if_inet6" <<'EOF'
interface,address,mask,broadcast,point_to_point,type
wg0,10.8.0.2,255.255.255.0,,,unknown
lo,127.0.0.1,255.0.0.0,,,unknown
docker0,172.17.0.1,255.255.0.0,,,unknown
eth0,192.168.1.10,255.255.255.0,,,unknown
lo,::1,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,,,unknown
eth0,fe80::5054:ff:fe12:3456%eth0,ffff:ffff:ffff:ffff::,,,unknown
eth0,2001:db8:1::10,ffff:ffff:ffff:ffff::,,,unknown
EOF
is_rc "interface_addresses: exit 0" 0
no_err "interface_addresses"

qc "SELECT * FROM interface_details"
is_out "interface_details: sysfs, /proc/net/dev for a link without statistics/" <<'EOF'
interface,mac,type,mtu,metric,flags,ipackets,opackets,ibytes,obytes,ierrors,oerrors,idrops,odrops,collisions,last_change,link_speed,pci_slot
lo,00:00:00:00:00:00,772,65536,0,65609,8815,8815,914570,914570,0,0,0,0,0,,,
eth0,52:54:00:12:34:56,1,1500,0,69699,1502390,612977,1843301122,98230907,0,0,41,0,0,,1000,0000:00:03.0
wg0,,65534,1420,0,65745,20311,18820,5124401,2210567,3,11,,5,0,,,
docker0,02:42:ac:11:00:01,1,1500,0,4099,0,0,0,0,0,0,0,12,0,,,
EOF
no_err "interface_details"

qc "SELECT interface, printf('0x%x', flags) AS f FROM interface_details WHERE flags & 0x40"
is_out "interface_details: IFF_RUNNING from operstate up or unknown" <<'EOF'
interface,f
lo,0x10049
eth0,0x11043
wg0,0x100d1
EOF

qc "SELECT interface, link_speed, pci_slot FROM interface_details WHERE mac = '52:54:00:12:34:56' AND mac = '52:54:00:12:34:56' COLLATE NOCASE"
is_out "interface_details: only the columns asked for" <<'EOF'
interface,link_speed,pci_slot
eth0,1000,0000:00:03.0
EOF

qc "SELECT * FROM interface_ipv6"
is_out "interface_ipv6: no /proc/sys/net/ipv6 in the fixture: NULLs" <<'EOF'
interface,hop_limit,forwarding_enabled,redirect_accept,rtadv_accept
lo,,,,
eth0,,,,
wg0,,,,
docker0,,,,
EOF

qc "SELECT * FROM routes"
is_out "routes: main IPv4 table and every IPv6 route, null entry left out" <<'EOF'
destination,netmask,gateway,source,flags,interface,mtu,metric,type,hopcount
0.0.0.0,0,192.168.1.1,,,eth0,,100,gateway,
10.8.0.0,24,,,,wg0,,0,gateway,
10.98.0.0,16,,,,,,0,other,
10.99.0.0,16,,,,,,0,other,
172.17.0.0,16,,,,docker0,,0,gateway,
192.168.1.0,24,,,,eth0,,100,gateway,
2001:db8:1::,64,,,,eth0,,256,gateway,
fe80::,64,,,,eth0,,256,gateway,
::,0,fe80::1,,,eth0,,1024,gateway,
::1,128,,,,lo,,0,local,
2001:db8:1::10,128,,,,eth0,,0,local,
fe80::5054:ff:fe12:3456,128,,,,eth0,,0,local,
ff00::,8,,,,eth0,,256,other,
EOF
no_err "routes"

qc "SELECT destination, gateway, interface FROM routes WHERE type = 'gateway' AND netmask = 0"
is_out "routes: the default routes" <<'EOF'
destination,gateway,interface
0.0.0.0,192.168.1.1,eth0
::,fe80::1,eth0
EOF

qc "SELECT * FROM arp_cache"
is_out "arp_cache: incomplete and proxy entries have no MAC" <<'EOF'
address,mac,interface,permanent
192.168.1.1,52:54:00:aa:bb:01,eth0,0
192.168.1.30,,eth0,0
192.168.1.20,52:54:00:aa:bb:20,eth0,1
192.168.1.99,,eth0,1
EOF
no_err "arp_cache"

qc "SELECT address FROM arp_cache WHERE mac = '52:54:00:AA:BB:20'"
is_out "arp_cache: mac compares without case" <<'EOF'
address
192.168.1.20
EOF

qc "SELECT * FROM dns_resolvers"
is_out "dns_resolvers: three servers, sort list, search, glibc's option bits" <<'EOF'
id,type,address,netmask,options
0,nameserver,192.168.1.1,32,68174529
1,nameserver,2001:db8:1::53,128,68174529
2,nameserver,fe80::1%eth0,128,68174529
0,sortlist,192.168.1.0,24,68174529
1,sortlist,10.0.0.0,8,68174529
0,search,example.org,,68174529
1,search,corp.example.org,,68174529
EOF
no_err "dns_resolvers"

qc "SELECT * FROM etc_services"
is_out "etc_services: every service line, bad ports skipped" <<'EOF'
name,port,protocol,aliases,comment
tcpmux,1,tcp,,TCP port service multiplexer
echo,7,tcp,,
echo,7,udp,,
discard,9,tcp,sink null,
ftp,21,tcp,,
ssh,22,tcp,,SSH Remote Login Protocol
smtp,25,tcp,mail,
domain,53,udp,,
http,80,tcp,www,WorldWideWeb HTTP
kerberos,88,tcp,kerberos5 krb5 kerberos-sec,Kerberos v5
https,443,tcp,,http protocol over TLS/SSL
amqp,5672,sctp,,
vigil-test,65535,udp,vt,last port # with a hash in the comment
indented,8081,tcp,alt-http,
EOF
no_err "etc_services"

qc "SELECT quote(aliases), quote(comment) FROM etc_services WHERE name = 'echo' LIMIT 1"
is_out "etc_services: no aliases is '', no comment is NULL (as osquery)" <<'EOF'
quote(aliases),quote(comment)
'',NULL
EOF

qc "SELECT * FROM etc_protocols"
is_out "etc_protocols: every protocol line, a bad number skipped" <<'EOF'
name,number,alias,comment
ip,0,IP,"internet protocol, pseudo protocol number"
icmp,1,ICMP,internet control message protocol
tcp,6,TCP,transmission control protocol
udp,17,UDP,user datagram protocol
idpr-cmtp,38,IDPR-CMTP,IDPR Control Message Transport
ipv6,41,IPv6,"Internet Protocol, version 6"
ipv6-icmp,58,IPv6-ICMP,ICMP for IPv6
sctp,132,SCTP,Stream Control Transmission Protocol
ethernet,143,,
two,253,TWO TWO-ALIAS,two aliases
EOF
no_err "etc_protocols"

# --- a tree with IPv6 settings ---------------------------------------------

V=$TMPD/v6
mkdir -p "$V/sys/class/net"
cp -R "$ROOT/sys/class/net/." "$V/sys/class/net/"
v6conf() { # iface hop_limit forwarding accept_redirects accept_ra
	mkdir -p "$V/proc/sys/net/ipv6/conf/$1"
	echo "$2" >"$V/proc/sys/net/ipv6/conf/$1/hop_limit"
	echo "$3" >"$V/proc/sys/net/ipv6/conf/$1/forwarding"
	echo "$4" >"$V/proc/sys/net/ipv6/conf/$1/accept_redirects"
	echo "$5" >"$V/proc/sys/net/ipv6/conf/$1/accept_ra"
}
v6conf lo 64 0 1 1
v6conf eth0 255 1 1 2
v6conf docker0 64 1 1 1
v6conf wg0 64 0 1 garbage
csv --root "$V" "SELECT * FROM interface_ipv6"
is_out "interface_ipv6: the kernel's rules for redirects and RAs" <<'EOF'
interface,hop_limit,forwarding_enabled,redirect_accept,rtadv_accept
lo,64,0,1,1
eth0,255,1,0,1
wg0,,,,
docker0,64,1,0,0
EOF

# --- hostile and empty trees -------------------------------------------------

H=$TMPD/hostile
mkdir -p "$H/proc/net" "$H/proc/sys/kernel" "$H/etc" "$H/sys/class/net/eth1" \
	"$H/sys/class/net/averyveryverylongname"
long=$(head -c 70000 /dev/zero | tr '\0' 'a')
{
	printf 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n'
	printf 'eth1\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n'
	printf 'garbage\n'
	printf 'eth1\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FF00FF\t0\t0\t0\n'
	printf 'eth1\t%s\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n' "$long"
	printf 'eth1\t0002A8C0\t00000000\t0001\t0\t0\t5\t00FFFFFF\t0\t0\t0'
} >"$H/proc/net/route"
z=00000000000000000000000000000000
{
	echo "$z 00 $z 00 $z ffffffff 00000001 00000000 00200200       lo"
	echo "20010db8000000000000000000000001 80 $z 00 $z 00000000 00000001 00000000 01000003     eth1"
	echo "2001zz00000000000000000000000000 40 $z 00 $z 00000100 00000001 00000000 00000001     eth1"
	echo "20010db8000000000000000000000000 40 $z 00 $z 00000100 00000001 00000000 00000001     eth1"
} >"$H/proc/net/ipv6_route"
{
	echo "IP address       HW type     Flags       HW address            Mask     Device"
	echo "300.1.1.1        0x1         0x2         52:54:00:aa:bb:01     *        eth1"
	echo "10.0.0.7         0x1         0x0         00:00:00:00:00:00     *        eth1"
	echo "10.0.0.8         0x1         0x2"
} >"$H/proc/net/arp"
{
	echo "not hex at all"
	echo "20010db8000000000000000000000002 05 40 00 80 averyveryverylongname"
	echo "20010db8000000000000000000000002 05 99 00 80 eth1"
	echo "20010db8000000000000000000000002 05 40 00 80 eth1"
} >"$H/proc/net/if_inet6"
{
	echo "Inter-|   Receive |  Transmit"
	echo "  eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"
	echo "  eth2: 1 2 x"
} >"$H/proc/net/dev"
{
	echo "Main:"
	echo "     /32 host LOCAL"
	echo "  |-- 999.1.1.1"
	echo "        /32 host LOCAL"
	echo "  |-- 192.168.2.9"
	echo "        /32 host LOCAL"
	echo "  |-- 1.2.3.4"
	echo "        /32 host LOCAL"
	echo "        /33 host LOCAL"
	echo "$long"
} >"$H/proc/net/fib_trie"
echo "not-a-mac" >"$H/sys/class/net/eth1/address"
echo "garbage" >"$H/sys/class/net/eth1/flags"
echo "-5" >"$H/sys/class/net/eth1/mtu"
echo "0x1" >"$H/sys/class/net/eth1/type"
echo "1" >"$H/sys/class/net/averyveryverylongname/ifindex"
echo "bond0" >"$H/sys/class/net/bonding_masters"
echo "web1.corp.example" >"$H/proc/sys/kernel/hostname"
{
	echo "nameserver example.org"
	echo " nameserver 1.1.1.1"
	echo "sortlist /"
	printf 'sortlist \377\n'
	printf 'sortlist 1.2.3.4\r\n'
	echo "options rotate bogus"
	printf 'nameserver\0 8.8.8.8\n'
	echo "$long"
} >"$H/etc/resolv.conf"
printf 'ssh\t22/tcp\0 # hidden\n\377\376 1/tcp\nok 2/udp x\n%s\n' "$long" >"$H/etc/services"
printf 'tcp 6 TCP\0 hidden\n\377 7\n%s 8\n' "$long" >"$H/etc/protocols"

csv --root "$H" "SELECT * FROM interface_addresses"
is_out "hostile: interface_addresses keeps the readable rows" <<'EOF'
interface,address,mask,broadcast,point_to_point,type
,1.2.3.4,,,,unknown
eth1,192.168.2.9,255.255.255.0,,,unknown
eth1,2001:db8::2,ffff:ffff:ffff:ffff::,,,unknown
EOF
is_rc "hostile: interface_addresses exit 0" 0
no_err "hostile: interface_addresses"

csv --root "$H" "SELECT * FROM interface_details"
is_out "hostile: interface_details, odd sysfs values are NULL" <<'EOF'
interface,mac,type,mtu,metric,flags,ipackets,opackets,ibytes,obytes,ierrors,oerrors,idrops,odrops,collisions,last_change,link_speed,pci_slot
eth1,,1,,0,,2,10,1,9,3,11,,12,14,,,
EOF
no_err "hostile: interface_details"

csv --root "$H" "SELECT * FROM routes"
is_out "hostile: routes, bad and overlong lines and cached clones skipped" <<'EOF'
destination,netmask,gateway,source,flags,interface,mtu,metric,type,hopcount
0.0.0.0,0,192.168.1.1,,,eth1,,100,gateway,
192.168.2.0,24,,,,eth1,,5,gateway,
2001:db8::,64,,,,eth1,,256,gateway,
EOF
no_err "hostile: routes"

csv --root "$H" "SELECT * FROM arp_cache"
is_out "hostile: arp_cache" <<'EOF'
address,mac,interface,permanent
10.0.0.7,,eth1,0
EOF

timeout 10 "$VIGIL" query --csv --root "$H" "SELECT * FROM dns_resolvers" </dev/null >"$OUT" 2>"$ERR"
RC=$?
sed -i 's/\r$//' "$OUT"
is_out "hostile: dns_resolvers, no hang on the sortlist lines that hang glibc" <<'EOF'
id,type,address,netmask,options
0,nameserver,127.0.0.1,32,17089
0,sortlist,1.2.3.4,8,17089
0,search,corp.example,,17089
EOF
is_rc "hostile: dns_resolvers exit 0" 0

csv --root "$H" "SELECT hex(name), port, protocol, aliases FROM etc_services; SELECT hex(name), number FROM etc_protocols"
is_out "hostile: a NUL ends a line, overlong lines are skipped, bytes kept" <<'EOF'
hex(name),port,protocol,aliases
737368,22,tcp,
FFFE,1,tcp,
6F6B,2,udp,x
hex(name),number
746370,6
FF,7
EOF
no_err "hostile: services and protocols"

E=$TMPD/empty
mkdir -p "$E"
csv --root "$E" "SELECT (SELECT count(*) FROM interface_addresses) AS a, (SELECT count(*) FROM interface_details) AS d, (SELECT count(*) FROM interface_ipv6) AS i, (SELECT count(*) FROM routes) AS r, (SELECT count(*) FROM arp_cache) AS c, (SELECT count(*) FROM etc_services) AS s, (SELECT count(*) FROM etc_protocols) AS p"
is_out "empty root: no rows, no errors" <<'EOF'
a,d,i,r,c,s,p
0,0,0,0,0,0,0
EOF
no_err "empty root"
csv --root "$E" "SELECT * FROM dns_resolvers"
is_out "empty root: glibc's default server" <<'EOF'
id,type,address,netmask,options
0,nameserver,127.0.0.1,32,705
EOF

# Interfaces come from /proc/net/dev when there is no /sys/class/net.
D=$TMPD/devonly
mkdir -p "$D/proc/net"
cp "$ROOT/proc/net/dev" "$D/proc/net/dev"
csv --root "$D" "SELECT interface, ipackets, idrops, odrops FROM interface_details"
is_out "no sysfs: the links and counters of /proc/net/dev" <<'EOF'
interface,ipackets,idrops,odrops
docker0,0,,12
eth0,1502213,,0
lo,8812,,0
wg0,20311,,5
EOF

# --- the live host -------------------------------------------------------------

csv "SELECT address, mask FROM interface_addresses WHERE interface = 'lo' ORDER BY address"
if ip -o addr show dev lo 2>/dev/null | grep -q 'inet 127.0.0.1/8' &&
	ip -o addr show dev lo | grep -q 'inet6 ::1/128'; then
	is_out "live: lo has 127.0.0.1/8 and ::1" <<'EOF'
address,mask
127.0.0.1,255.0.0.0
::1,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff
EOF
else
	skip "live: lo has 127.0.0.1/8 and ::1" "lo lacks one of them here"
fi
is_rc "live: interface_addresses exit 0" 0

if [ -r /etc/services ]; then
	want=$(awk '{ sub(/#.*/, ""); if (NF >= 2 && $2 ~ /^[0-9]+\/[^\/]+$/) {
		split($2, p, "/"); if (p[1] + 0 <= 65535) n++ } } END { print n + 0 }' /etc/services)
	csv "SELECT count(*) FROM etc_services"
	ok "live: etc_services has a row for each service line ($want)" test "$(tail -n 1 "$OUT")" = "$want"
else
	skip "live: etc_services row count" "no /etc/services"
fi

# Every link against sysfs (vigil's flags add IFF_RUNNING, IFF_LOWER_UP and
# IFF_DORMANT, which the device's own flags in sysfs leave out).
csv "SELECT interface, ifnull(mac, ''), type, mtu, flags & ~(0x40 | 0x10000 | 0x20000) FROM interface_details"
tail -n +2 "$OUT" | LC_ALL=C sort >vigil_links.txt
for d in /sys/class/net/*/; do
	i=$(basename "$d")
	[ -f "$d/type" ] || continue
	printf '%s,%s,%s,%s,%d\n' "$i" "$(cat "$d/address" 2>/dev/null)" \
		"$(cat "$d/type")" "$(cat "$d/mtu")" \
		$(($(cat "$d/flags") & ~(0x40 | 0x10000 | 0x20000)))
done | LC_ALL=C sort >sys_links.txt
ok "live: interface_details matches /sys/class/net (name, mac, type, mtu, flags)" diff -u sys_links.txt vigil_links.txt

csv "SELECT address, ifnull(mac, '-'), interface, permanent FROM arp_cache"
tail -n +2 "$OUT" | LC_ALL=C sort >vigil_arp.txt
tail -n +2 /proc/net/arp 2>/dev/null | while read -r ip hw fl mac mask dev; do
	m=-
	[ $((fl & 2)) -ne 0 ] && m=$mac
	printf '%s,%s,%s,%d\n' "$ip" "$m" "$dev" $(((fl & 4) != 0))
done | LC_ALL=C sort >proc_arp.txt
ok "live: arp_cache matches /proc/net/arp" diff -u proc_arp.txt vigil_arp.txt

csv "SELECT ifnull(gateway, ''), ifnull(interface, ''), metric FROM routes WHERE destination = '0.0.0.0' AND netmask = 0 AND type = 'gateway'"
tail -n +2 "$OUT" | LC_ALL=C sort >vigil_default.txt
ip -4 route show table all exact 0/0 type unicast 2>/dev/null | awk '{ g = ""; d = ""; m = 0
	for (i = 1; i < NF; i++) { if ($i == "via") g = $(i + 1); if ($i == "dev") d = $(i + 1); if ($i == "metric") m = $(i + 1) }
	print g "," d "," m }' | LC_ALL=C sort >ip_default.txt
ok "live: the IPv4 default routes match ip route" diff -u ip_default.txt vigil_default.txt

# glibc's own view of /etc/resolv.conf, read from its resolver state
# (struct __res_state on x86_64: options at 8, nscount at 16, then the
# IPv4 servers; an IPv6 server leaves its slot's family 0).
resolv_py='
import ctypes, socket, sys
libc = ctypes.CDLL("libc.so.6")
libc.__res_state.restype = ctypes.c_void_p
if libc.__res_init() != 0:
    sys.exit(1)
p = libc.__res_state()
opts = ctypes.c_ulong.from_address(p + 8).value
n = ctypes.c_int.from_address(p + 16).value
ns = []
for i in range(n):
    fam = ctypes.c_ushort.from_address(p + 20 + 16 * i).value
    a = bytes((ctypes.c_ubyte * 4).from_address(p + 24 + 16 * i))
    ns.append(socket.inet_ntoa(a) if fam == socket.AF_INET else "v6")
print(opts, " ".join(ns))
'
resolv_sql="SELECT options || ' ' || group_concat(CASE WHEN address LIKE '%:%' THEN 'v6' ELSE address END, ' ') FROM dns_resolvers WHERE type = 'nameserver'"
: >glibc.txt
if command -v python3 >/dev/null && [ "$(uname -m)" = x86_64 ] &&
	env -u LOCALDOMAIN -u RES_OPTIONS python3 -c "$resolv_py" >glibc.txt 2>/dev/null; then
	csv "$resolv_sql"
	tail -n 1 "$OUT" >vigil_res.txt
	ok "live: dns_resolvers matches glibc's resolver state" diff -u glibc.txt vigil_res.txt
else
	skip "live: dns_resolvers matches glibc's resolver state" "no python3 ctypes on x86_64 here"
fi

# --- as root: the fixture resolv.conf through glibc ------------------------------

if ! is_root || ! command -v unshare >/dev/null || [ ! -s glibc.txt ]; then
	skip "root: glibc reads the fixture resolv.conf as vigil does" "needs root, unshare and the check above"
elif unshare -m sh -c 'mount --bind "$1" /etc/resolv.conf && env -u LOCALDOMAIN -u RES_OPTIONS python3 -c "$2" && "$3" query --csv "$4"' \
	sh "$ROOT/etc/resolv.conf" "$resolv_py" "$VIGIL" "$resolv_sql" >both.txt 2>&1 </dev/null; then
	sed -i 's/\r$//' both.txt
	ok "root: glibc reads the fixture resolv.conf as vigil does" \
		test "$(sed -n 1p both.txt)" = "$(sed -n 3p both.txt)"
	ok "root: ... and that is 68174529 with three servers" \
		test "$(sed -n 1p both.txt)" = "68174529 192.168.1.1 v6 v6"
else
	skip "root: glibc reads the fixture resolv.conf as vigil does" "cannot bind-mount over /etc/resolv.conf"
fi

# --- as root: a network namespace with known contents ----------------------------

NS=vigil-test-$$
if ! is_root; then
	skip "netns: exact rows" "needs root"
	exit 0
fi
if ! ip netns add "$NS" 2>/dev/null; then
	skip "netns: exact rows" "ip netns add failed"
	exit 0
fi
trap 'ip netns del "$NS" 2>/dev/null' EXIT
nsx() { ip netns exec "$NS" "$@"; }
if ! nsx sh -e -c '
	ip link set lo up
	ip link add vbr0 type bridge
	ip link set vbr0 address 02:00:00:00:77:01 mtu 1400
	sysctl -qw net.ipv6.conf.vbr0.forwarding=1 net.ipv6.conf.vbr0.accept_ra=2 net.ipv6.conf.vbr0.hop_limit=33
	ip link set vbr0 up
	ip addr add 10.77.0.1/24 brd + dev vbr0
	ip addr add 10.77.5.1 peer 10.77.5.2/32 dev vbr0
	ip addr add fd77::1/64 dev vbr0 nodad
	ip route add 10.78.0.0/16 via 10.77.0.254 dev vbr0 metric 50
	ip route add 10.79.0.0/16 dev vbr0 src 10.77.0.1 mtu 1300 hoplimit 9
	ip -6 route add fd78::/48 via fd77::fe dev vbr0 metric 77
	ip route add unreachable 10.80.0.0/16
	ip neigh add 10.77.0.9 lladdr 02:00:00:00:77:09 dev vbr0 nud permanent
	ip neigh add 10.77.0.10 lladdr 02:00:00:00:77:0a dev vbr0 nud stale
	ip neigh add proxy 10.77.0.99 dev vbr0
' >setup.txt 2>&1; then
	skip "netns: exact rows" "cannot set up a bridge here: $(head -c 200 setup.txt)"
	exit 0
fi
nrun() {
	nsx "$VIGIL" "$@" </dev/null >"$OUT" 2>"$ERR"
	RC=$?
	sed -i 's/\r$//' "$OUT"
}

nrun query --csv "SELECT * FROM interface_addresses"
is_out "netns: interface_addresses (a broadcast, a peer, no lo peer)" <<'EOF'
interface,address,mask,broadcast,point_to_point,type
lo,127.0.0.1,255.0.0.0,,,unknown
vbr0,10.77.0.1,255.255.255.0,10.77.0.255,,unknown
vbr0,10.77.5.1,255.255.255.255,,10.77.5.2,unknown
lo,::1,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,,,unknown
vbr0,fd77::1,ffff:ffff:ffff:ffff::,,,unknown
EOF
is_rc "netns: exit 0" 0

nrun query --csv "SELECT interface, mac, type, mtu, metric, flags, last_change, link_speed, pci_slot FROM interface_details"
is_out "netns: interface_details (a bridge without carrier has no RUNNING)" <<'EOF'
interface,mac,type,mtu,metric,flags,last_change,link_speed,pci_slot
lo,00:00:00:00:00:00,772,65536,0,65609,,,
vbr0,02:00:00:00:77:01,1,1400,0,4099,,,
EOF

# The bridge's own multicast queries are dropped now and then (no ports):
# vigil's counters must equal sysfs's read just before or just after.
ns_counters() {
	for i in lo vbr0; do
		s=/sys/class/net/$i/statistics
		nsx sh -c "printf '%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n' $i \$(cat $s/rx_packets $s/tx_packets $s/rx_bytes $s/tx_bytes $s/rx_errors $s/tx_errors $s/rx_dropped $s/tx_dropped $s/collisions)"
	done
}
ns_counters >ns_before.txt
nrun query --csv "SELECT interface, ipackets, opackets, ibytes, obytes, ierrors, oerrors, idrops, odrops, collisions FROM interface_details"
ns_counters >ns_after.txt
tail -n +2 "$OUT" >ns_counters.txt
ok "netns: interface_details counters match the namespace's sysfs" \
	sh -c 'diff -u ns_before.txt ns_counters.txt || diff -u ns_after.txt ns_counters.txt'

nrun query --csv "SELECT * FROM interface_ipv6"
is_out "netns: interface_ipv6 (forwarding on: redirects off, accept_ra 2 on)" <<'EOF'
interface,hop_limit,forwarding_enabled,redirect_accept,rtadv_accept
lo,64,0,1,1
vbr0,33,1,0,1
EOF

nrun query --csv "SELECT * FROM routes"
is_out "netns: routes of every table (flags 16: the link is down)" <<'EOF'
destination,netmask,gateway,source,flags,interface,mtu,metric,type,hopcount
10.77.0.0,24,,10.77.0.1,16,vbr0,0,0,gateway,0
10.77.5.2,32,,10.77.5.1,16,vbr0,0,0,gateway,0
10.78.0.0,16,10.77.0.254,,16,vbr0,0,50,gateway,0
10.79.0.0,16,,10.77.0.1,16,vbr0,1300,0,gateway,9
10.80.0.0,16,,,0,,0,0,other,0
10.77.0.1,32,,10.77.0.1,0,vbr0,0,0,local,0
10.77.0.255,32,,10.77.0.1,16,vbr0,0,0,broadcast,0
10.77.5.1,32,,10.77.5.1,0,vbr0,0,0,local,0
127.0.0.0,8,,127.0.0.1,0,lo,0,0,local,0
127.0.0.1,32,,127.0.0.1,0,lo,0,0,local,0
127.255.255.255,32,,127.0.0.1,0,lo,0,0,broadcast,0
fd77::,64,,,16,vbr0,0,256,gateway,0
fd78::,48,fd77::fe,,16,vbr0,0,77,gateway,0
::1,128,,,0,lo,0,0,local,0
fd77::,128,,,0,vbr0,0,0,anycast,0
fd77::1,128,,,0,vbr0,0,0,local,0
ff00::,8,,,16,vbr0,0,256,other,0
EOF

nrun query --csv "SELECT * FROM arp_cache ORDER BY address"
is_out "netns: arp_cache (static, learned, proxy)" <<'EOF'
address,mac,interface,permanent
10.77.0.10,02:00:00:00:77:0a,vbr0,0
10.77.0.9,02:00:00:00:77:09,vbr0,1
10.77.0.99,,vbr0,1
EOF

# The same namespace offline: --root over its own /proc and /sys.
mkdir -p nsroot/proc nsroot/sys
offq() {
	nsx unshare -m sh -c 'mount --bind /proc "$1/proc" && mount --bind /sys "$1/sys" && exec "$2" query --csv --root "$1" "$3"' \
		sh "$PWD/nsroot" "$VIGIL" "$1" </dev/null >"$OUT" 2>"$ERR"
	RC=$?
	sed -i 's/\r$//' "$OUT"
}
offq "SELECT 1"
if [ "$RC" -ne 0 ]; then
	skip "netns offline: the files agree with netlink" "cannot bind-mount in the namespace: $(head -c 200 "$ERR")"
	exit 0
fi
for sql in "SELECT interface, mac, type, mtu, metric, flags, last_change, link_speed, pci_slot FROM interface_details" \
	"SELECT * FROM interface_ipv6" "SELECT * FROM arp_cache ORDER BY address"; do
	nrun query --csv "$sql"
	mv "$OUT" live.txt
	offq "$sql"
	ok "netns offline: as live for: $sql" diff -u live.txt "$OUT"
done

# 10.77.5.1 has only a peer route (to 10.77.5.2): offline cannot tell its
# interface or mask.
offq "SELECT * FROM interface_addresses ORDER BY address"
is_out "netns offline: interface_addresses from fib_trie, route and if_inet6" <<'EOF'
interface,address,mask,broadcast,point_to_point,type
vbr0,10.77.0.1,255.255.255.0,,,unknown
,10.77.5.1,,,,unknown
lo,127.0.0.1,255.0.0.0,,,unknown
lo,::1,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,,,unknown
vbr0,fd77::1,ffff:ffff:ffff:ffff::,,,unknown
EOF

offq "SELECT * FROM routes"
is_out "netns offline: routes of /proc/net/route (main table) and ipv6_route" <<'EOF'
destination,netmask,gateway,source,flags,interface,mtu,metric,type,hopcount
10.77.0.0,24,,,,vbr0,,0,gateway,
10.77.5.2,32,,,,vbr0,,0,gateway,
10.78.0.0,16,10.77.0.254,,,vbr0,,50,gateway,
10.79.0.0,16,,,,vbr0,,0,gateway,
10.80.0.0,16,,,,,,0,other,
fd77::,64,,,,vbr0,,256,gateway,
fd78::,48,fd77::fe,,,vbr0,,77,gateway,
::1,128,,,,lo,,0,local,
fd77::,128,,,,vbr0,,0,anycast,
fd77::1,128,,,,vbr0,,0,local,
ff00::,8,,,,vbr0,,256,other,
EOF
