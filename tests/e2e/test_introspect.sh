# SPDX-License-Identifier: Apache-2.0
# osquery_info and osquery_flags describe the vigil process itself: its
# pid (checked against the processes table, whose row for that pid must
# be a vigil whose parent is this shell), its version (as `vigil
# version` prints it), its start time (between the clock before and after
# the run, and within a second of what /proc says), the fixed columns;
# and the flags, whose root value follows --root while the rest of
# osquery_info ignores it.
. "$TOP/tests/lib.sh"

csv() {
	run query --csv "$@"
	sed 's/\r$//' "$OUT" >"$OUT.lf" && mv "$OUT.lf" "$OUT"
}

csv "SELECT uuid, instance_id, config_hash, config_valid, extensions,
	build_platform, watcher, platform_mask FROM osquery_info"
is_rc "osquery_info: exits 0" 0
is_out "osquery_info: the fixed columns" <<'EOF'
uuid,instance_id,config_hash,config_valid,extensions,build_platform,watcher,platform_mask
,,,0,inactive,linux,-1,9
EOF

csv "SELECT count(*) AS n FROM osquery_info"
is_out "osquery_info: one row" <<'EOF'
n
1
EOF

want=$("$VIGIL" version </dev/null | sed -n '1s/^vigil //p')
csv "SELECT version FROM osquery_info"
ok "osquery_info: version is vigil version's ($want)" \
	test "$(tail -n 1 "$OUT")" = "$want"

csv "SELECT typeof(build_distro) IN ('null', 'text') AND
	coalesce(build_distro, 'x') != '' AS ok FROM osquery_info"
is_out "osquery_info: build_distro is NULL or a name" <<'EOF'
ok
1
EOF

# The pid is this very process: the processes table's row for it is a
# vigil started by this shell.
if [ -r /proc/self/stat ]; then
	before=$(date +%s)
	csv "SELECT p.name, p.parent, i.start_time - p.start_time BETWEEN -1 AND 1
		AS same_start, i.start_time AS start
		FROM osquery_info i JOIN processes p ON p.pid = i.pid"
	after=$(date +%s)
	{
		echo "name,parent,same_start"
		echo "$(basename "$VIGIL"),$BASHPID,1"
	} >want.csv
	cut -d, -f1-3 "$OUT" >got.csv
	ok "osquery_info: pid is the vigil process (processes agrees)" \
		diff -u want.csv got.csv
	start=$(tail -n 1 "$OUT" | cut -d, -f4)
	ok "osquery_info: start_time is when it ran ($before <= $start <= $after)" \
		test "$before" -le "$start" -a "$start" -le "$after"
else
	skip "osquery_info: pid is the vigil process" "no /proc"
fi

# Under --root the flags say so; osquery_info still describes vigil.
csv --root "$FIX/debian12" "SELECT name, type, default_value, value,
	shell_only FROM osquery_flags ORDER BY name"
is_out "osquery_flags: root follows --root" <<EOF
name,type,default_value,value,shell_only
root,string,/,$FIX/debian12,0
EOF

csv "SELECT name, value FROM osquery_flags WHERE name = 'root'"
is_out "osquery_flags: root is / by default" <<'EOF'
name,value
root,/
EOF

csv "SELECT count(*) AS n FROM osquery_flags WHERE description = ''
	OR description IS NULL OR type NOT IN ('string', 'bool', 'int32',
	'uint32', 'uint64', 'double')"
is_out "osquery_flags: every flag has a type and a description" <<'EOF'
n
0
EOF

csv --root "$FIX/debian12" "SELECT version = '$want' AS v, extensions
	FROM osquery_info"
is_out "osquery_info: --root changes nothing about vigil" <<'EOF'
v,extensions
1,inactive
EOF
