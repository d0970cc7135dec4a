# SPDX-License-Identifier: Apache-2.0
# The firewall tables: nftables_chains, nftables_rules and iptables.
# Offline, the chains /etc/nftables.conf declares on the hardened and weak
# fixture hosts, exact rows, and the live-only tables empty.  Live, as
# root, in a network namespace this test creates: a ruleset loaded with
# nft -f (base chains with policies, a regular chain reached by a jump, a
# counter, a comment, a set lookup, an anonymous set, a table of another
# family) read back row for row over netlink; the same for legacy
# iptables rules added with iptables-legacy when it exists; and the same
# queries as an unprivileged user, which the kernel refuses: empty tables,
# exit 0.  The only packet sent is one datagram to ::1 inside the
# namespace, to move a counter.
. "$TOP/tests/lib.sh"

# The CSV output ends its lines with CRLF (RFC 4180); compare without CR.
csv() {
	run query --csv "$@"
	sed -i 's/\r$//' "$OUT"
}
no_err() { is_err "$1: no stderr" </dev/null; }

# --- offline: the fixture hosts --------------------------------------------

csv --root "$FIX/hardened" "SELECT * FROM nftables_chains"
is_out "hardened: the chains nftables.conf declares, input and forward dropping" <<'EOF'
family,table,name,type,hook,priority,policy,rules,handle,source
inet,filter,input,filter,input,0,drop,,,/etc/nftables.conf
inet,filter,forward,filter,forward,0,drop,,,/etc/nftables.conf
inet,filter,output,filter,output,0,accept,,,/etc/nftables.conf
EOF
is_rc "hardened: exit 0" 0
no_err "hardened"

csv --root "$FIX/weak" "SELECT * FROM nftables_chains"
is_out "weak: the same chains, every policy accepting" <<'EOF'
family,table,name,type,hook,priority,policy,rules,handle,source
inet,filter,input,filter,input,0,accept,,,/etc/nftables.conf
inet,filter,forward,filter,forward,0,accept,,,/etc/nftables.conf
inet,filter,output,filter,output,0,accept,,,/etc/nftables.conf
EOF
is_rc "weak: exit 0" 0

csv --root "$FIX/weak" "SELECT name FROM nftables_chains WHERE hook = 'input' AND policy = 'accept'"
is_out "weak: an audit query finds the open input chain" <<'EOF'
name
input
EOF

for q in "SELECT count(*) AS n FROM nftables_rules" \
	"SELECT count(*) AS n FROM iptables"; do
	csv --root "$FIX/hardened" "$q"
	is_out "offline: $q is empty" <<'EOF'
n
0
EOF
done

# A host without /etc/nftables.conf, and one whose file is no ruleset.
csv --root "$FIX/debian12" "SELECT count(*) AS n FROM nftables_chains"
is_out "offline: no nftables.conf, no rows" <<'EOF'
n
0
EOF
mkdir -p "$TMPD/odd/etc"
printf 'table ip t { chain c { type filter hook input priority bogus; policy\n\0drop; }\n}}}\n' \
	>"$TMPD/odd/etc/nftables.conf"
csv --root "$TMPD/odd" "SELECT name, hook, priority, policy FROM nftables_chains"
is_out "offline: a damaged file gives what it can" <<'EOF'
name,hook,priority,policy
c,input,,accept
EOF
is_rc "offline: damaged file, exit 0" 0

# --- live: a network namespace of our own ------------------------------------

if ! is_root; then
	skip "live: nftables and iptables in a namespace" "needs root"
	exit 0
fi
if ! command -v nft >/dev/null 2>&1; then
	skip "live: nftables and iptables in a namespace" "nft is not installed"
	exit 0
fi
NS=vigil-fw-$$
if ! ip netns add "$NS" 2>/dev/null; then
	skip "live: nftables and iptables in a namespace" "ip netns add failed"
	exit 0
fi
trap 'ip netns del "$NS" 2>/dev/null' EXIT
nsx() { ip netns exec "$NS" "$@"; }
nscsv() {
	nsx "$VIGIL" query --csv "$@" </dev/null >"$OUT" 2>"$ERR"
	RC=$?
	sed -i 's/\r$//' "$OUT"
}

cat >"$TMPD/rules.nft" <<'EOF'
table inet filter {
	set blocked {
		type ipv4_addr
		elements = { 192.0.2.1, 198.51.100.7 }
	}

	chain input {
		type filter hook input priority 0; policy drop;
		tcp dport 22 accept
		counter
		iifname "lo" accept comment "loopback"
		tcp dport { 80, 443 } jump web
		ip saddr @blocked drop
	}

	chain forward {
		type filter hook forward priority 0; policy drop;
	}

	chain web {
		ct state established,related accept
		limit rate 10/second log prefix "web: "
	}
}
table ip6 t6 {
	chain c {
		type filter hook output priority -10; policy accept;
		ip6 daddr ::1 counter accept
	}
}
EOF

nscsv "SELECT * FROM nftables_chains"
is_out "live: an empty namespace has no chains" <<'EOF'
family,table,name,type,hook,priority,policy,rules,handle,source
EOF
is_rc "live: empty, exit 0" 0

if ! nsx nft -f "$TMPD/rules.nft" 2>"$TMPD/nft.err"; then
	skip "live: nftables rows" "nft -f failed: $(head -c 200 "$TMPD/nft.err")"
else
	nscsv "SELECT * FROM nftables_chains"
	is_out "live: nftables_chains, exactly the chains loaded" <<'EOF'
family,table,name,type,hook,priority,policy,rules,handle,source
inet,filter,input,filter,input,0,drop,5,1,netlink
inet,filter,forward,filter,forward,0,drop,0,2,netlink
inet,filter,web,,,,,2,3,netlink
ip6,t6,c,filter,output,-10,accept,1,1,netlink
EOF
	is_rc "live: nftables_chains, exit 0" 0
	no_err "live: nftables_chains"

	nscsv "SELECT * FROM nftables_rules"
	is_out "live: nftables_rules, exactly the rules loaded" <<'EOF'
family,table,chain,handle,position,expr,verdict,counter_packets,counter_bytes,comment
inet,filter,input,5,1,meta l4proto tcp tcp dport 22 accept,accept,,,
inet,filter,input,6,2,counter packets 0 bytes 0,,0,0,
inet,filter,input,7,3,"iifname ""lo"" accept",accept,,,loopback
inet,filter,input,9,4,"meta l4proto tcp tcp dport { 80, 443 } jump web",jump web,,,
inet,filter,input,10,5,meta nfproto ipv4 ip saddr @blocked drop,drop,,,
inet,filter,web,11,1,"ct state established,related accept",accept,,,
inet,filter,web,12,2,"limit rate 10/second burst 5 packets log prefix ""web: "" level warn",,,,
ip6,t6,c,2,1,ip6 daddr ::1 counter packets 0 bytes 0 accept,accept,0,0,
EOF
	is_rc "live: nftables_rules, exit 0" 0
	no_err "live: nftables_rules"

	# The handles and the rule counts as nft itself lists them.
	nsx nft -a list ruleset | awk '
		/^table/ { t = $3 }
		/chain .* \{ # handle/ { c = $2; n[t " " c] = 0; h[t " " c] = $NF; order[++k] = t " " c }
		/# handle/ && !/chain|table|set/ { n[t " " c]++ }
		END { for (i = 1; i <= k; i++) print order[i], n[order[i]], h[order[i]] }' \
		>"$TMPD/want"
	nscsv "SELECT \"table\", name, rules, handle FROM nftables_chains"
	tail -n +2 "$OUT" | tr ',' ' ' >"$TMPD/got"
	ok "live: rule counts and handles agree with nft -a list ruleset" \
		diff -u "$TMPD/want" "$TMPD/got"

	# Only the columns asked for: the rules are counted, not rendered.
	nscsv "SELECT chain, position, handle FROM nftables_rules WHERE \"table\" = 't6'"
	is_out "live: nftables_rules without its text" <<'EOF'
chain,position,handle
c,1,2
EOF
	nscsv "SELECT name, policy FROM nftables_chains WHERE hook = 'input' AND policy = 'drop'"
	is_out "live: an audit query finds the dropping input chain" <<'EOF'
name,policy
input,drop
EOF

	# Counters move: one datagram to ::1 inside the namespace (and the
	# port-unreachable that answers it) pass the output chain.
	nsx ip link set lo up
	if command -v python3 >/dev/null 2>&1 &&
		nsx python3 -c 'import socket
socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b"x", ("::1", 9))'; then
		nsx nft list table ip6 t6 |
			sed -n 's/.*counter packets \([0-9]*\) bytes \([0-9]*\).*/\1,\2/p' \
			>"$TMPD/want"
		nscsv "SELECT counter_packets, counter_bytes FROM nftables_rules WHERE \"table\" = 't6'"
		tail -n +2 "$OUT" >"$TMPD/got"
		ok "live: the counter reads what nft lists" \
			diff -u "$TMPD/want" "$TMPD/got"
		ok "live: the counter counted" grep -qv '^0,' "$TMPD/got"
	else
		skip "live: counters" "cannot send a datagram to ::1"
	fi
fi

# --- live: legacy iptables ---------------------------------------------------

if ! command -v iptables-legacy >/dev/null 2>&1; then
	skip "live: iptables rows" "iptables-legacy is not installed"
elif ! nsx iptables-legacy -P FORWARD DROP 2>/dev/null; then
	skip "live: iptables rows" "the kernel has no legacy iptables"
else
	nsx iptables-legacy -N web &&
		nsx iptables-legacy -A INPUT -i lo -j ACCEPT &&
		nsx iptables-legacy -A INPUT -p tcp --dport 22 -s 10.0.0.0/8 -j ACCEPT &&
		nsx iptables-legacy -A INPUT -j web &&
		nsx iptables-legacy -A web -p udp ! --sport 53 -d 192.0.2.0/24 \
			! -o eth+ -j DROP &&
		nsx iptables-legacy -A OUTPUT -o lo
	ok "live: iptables-legacy rules added" test $? -eq 0
	nscsv "SELECT * FROM iptables"
	is_out "live: iptables, rules then each chain's row" <<'EOF'
filter_name,chain,policy,target,protocol,src_port,dst_port,src_ip,src_mask,iniface,iniface_mask,dst_ip,dst_mask,outiface,outiface_mask,match,packets,bytes
filter,INPUT,ACCEPT,ACCEPT,0,,,0.0.0.0,0.0.0.0,lo,FFFFFF,0.0.0.0,0.0.0.0,all,,no,0,0
filter,INPUT,ACCEPT,ACCEPT,6,0:65535,22:22,10.0.0.0,255.0.0.0,all,,0.0.0.0,0.0.0.0,all,,yes,0,0
filter,INPUT,ACCEPT,web,0,,,0.0.0.0,0.0.0.0,all,,0.0.0.0,0.0.0.0,all,,no,0,0
filter,INPUT,ACCEPT,,,,,,,,,,,,,,0,0
filter,FORWARD,DROP,,,,,,,,,,,,,,0,0
filter,OUTPUT,ACCEPT,,0,,,0.0.0.0,0.0.0.0,all,,0.0.0.0,0.0.0.0,lo,FFFFFF,no,0,0
filter,OUTPUT,ACCEPT,,,,,,,,,,,,,,0,0
filter,web,,DROP,17,!53:53,0:65535,0.0.0.0,0.0.0.0,all,,192.0.2.0,255.255.255.0,!eth+,FFFFFF,yes,0,0
filter,web,,,,,,,,,,,,,,,,
EOF
	is_rc "live: iptables, exit 0" 0
	no_err "live: iptables"

	# The same policies as iptables-legacy reports them.
	nsx iptables-legacy -S | awk '/^-P/ { print $2 "," $3 }' >"$TMPD/want"
	nscsv "SELECT chain, policy FROM iptables WHERE target IS NULL AND policy IS NOT NULL"
	tail -n +2 "$OUT" >"$TMPD/got"
	ok "live: chain policies agree with iptables-legacy -S" \
		diff -u "$TMPD/want" "$TMPD/got"

	nscsv "SELECT target IS NULL AS chain_row, target = '' AS counts_only FROM iptables WHERE chain = 'OUTPUT'"
	is_out "live: a rule without target is \"\", a chain's row NULL" <<'EOF'
chain_row,counts_only
0,1
1,
EOF
fi

# --- live: without privileges ----------------------------------------------

if ! command -v setpriv >/dev/null 2>&1; then
	skip "live: unprivileged, empty tables" "setpriv is not installed"
else
	nsx setpriv --reuid=65534 --regid=65534 --clear-groups "$VIGIL" \
		query --csv "SELECT (SELECT count(*) FROM nftables_chains) AS chains, (SELECT count(*) FROM nftables_rules) AS rules, (SELECT count(*) FROM iptables) AS ipt" \
		</dev/null >"$OUT" 2>"$ERR"
	RC=$?
	sed -i 's/\r$//' "$OUT"
	is_out "live: unprivileged, the kernel refuses: no rows" <<'EOF'
chains,rules,ipt
0,0,0
EOF
	is_rc "live: unprivileged, exit 0" 0
	no_err "live: unprivileged"
fi
