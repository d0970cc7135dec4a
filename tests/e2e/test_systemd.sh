# SPDX-License-Identifier: Apache-2.0
# systemd_units and startup_items.  Exact rows on the debian12 fixture
# (enabled, static, masked, aliased, templated, dangling and broken units,
# drop-ins, a masked drop-in, a dash-prefix drop-in, SysV scripts and XDG
# autostart entries); trees built here for /run (runtime enablement and
# masks, generators, transient units, a running systemd's invocation
# links), merged /usr, linked units, drop-in precedence, hostile unit files,
# rc links and users' autostart directories; then the live host, checked
# against systemctl list-unit-files, /lib/systemd/system and /etc/rc?.d.
. "$TOP/tests/lib.sh"

ROOT=$FIX/debian12
q() { run query --root "$ROOT" "$@"; }
no_err() { is_err "$1: no stderr" </dev/null; }
csv() {
	run query --csv "$@"
	sed -i 's/\r$//' "$OUT"
}

# --- fixture --------------------------------------------------------------------

q --json "SELECT * FROM systemd_units"
is_out "systemd_units: every unit of the fixture" <<'EOF'
[
  {"id":"apt-daily.service","description":"Daily apt download activities","load_state":"loaded","active_state":null,"sub_state":null,"unit_file_state":"static","following":null,"object_path":null,"job_id":null,"job_type":null,"job_path":null,"fragment_path":"/lib/systemd/system/apt-daily.service","user":"_apt","source_path":null},
  {"id":"apt-daily.timer","description":"Daily apt download activities","load_state":"loaded","active_state":null,"sub_state":null,"unit_file_state":"enabled","following":null,"object_path":null,"job_id":null,"job_type":null,"job_path":null,"fragment_path":"/lib/systemd/system/apt-daily.timer","user":null,"source_path":null},
  {"id":"backup.service","description":"Nightly backup of    /srv to the NAS","load_state":"loaded","active_state":null,"sub_state":null,"unit_file_state":"enabled","following":null,"object_path":null,"job_id":null,"job_type":null,"job_path":null,"fragment_path":"/etc/systemd/system/backup.service","user":"backup","source_path":"/etc/backup/backup.conf"},
  {"id":"broken.service","description":"broken.service","load_state":"error","active_state":null,"sub_state":null,"unit_file_state":"bad","following":null,"object_path":null,"job_id":null,"job_type":null,"job_path":null,"fragment_path":"/etc/systemd/system/broken.service","user":null,"source_path":null},
  {"id":"cron.service","description":"Regular background program processing daemon","load_state":"loaded","active_state":null,"sub_state":null,"unit_file_state":"enabled","following":null,"object_path":null,"job_id":null,"job_type":null,"job_path":null,"fragment_path":"/lib/systemd/system/cron.service","user":null,"source_path":null},
  {"id":"getty@tty1.service","description":"Getty on tty1","load_state":"loaded","active_state":null,"sub_state":null,"unit_file_state":"enabled","following":null,"object_path":null,"job_id":null,"job_type":null,"job_path":null,"fragment_path":"/lib/systemd/system/getty@.service","user":null,"source_path":null},
  {"id":"gone.service","description":"gone.service","load_state":"not-found","active_state":null,"sub_state":null,"unit_file_state":null,"following":null,"object_path":null,"job_id":null,"job_type":null,"job_path":null,"fragment_path":null,"user":null,"source_path":null},
  {"id":"multi-user.target","description":"Multi-User System","load_state":"loaded","active_state":null,"sub_state":null,"unit_file_state":"static","following":null,"object_path":null,"job_id":null,"job_type":null,"job_path":null,"fragment_path":"/lib/systemd/system/multi-user.target","user":null,"source_path":null},
  {"id":"rsync.service","description":"rsync.service","load_state":"masked","active_state":null,"sub_state":null,"unit_file_state":"masked","following":null,"object_path":null,"job_id":null,"job_type":null,"job_path":null,"fragment_path":"/dev/null","user":null,"source_path":null},
  {"id":"ssh.service","description":"OpenBSD Secure Shell server (hardened)","load_state":"loaded","active_state":null,"sub_state":null,"unit_file_state":"enabled","following":null,"object_path":null,"job_id":null,"job_type":null,"job_path":null,"fragment_path":"/lib/systemd/system/ssh.service","user":null,"source_path":null},
  {"id":"ssh.socket","description":"OpenBSD Secure Shell server socket","load_state":"loaded","active_state":null,"sub_state":null,"unit_file_state":"disabled","following":null,"object_path":null,"job_id":null,"job_type":null,"job_path":null,"fragment_path":"/lib/systemd/system/ssh.socket","user":null,"source_path":null},
  {"id":"systemd-journald.service","description":"Journal Service","load_state":"loaded","active_state":null,"sub_state":null,"unit_file_state":"static","following":null,"object_path":null,"job_id":null,"job_type":null,"job_path":null,"fragment_path":"/lib/systemd/system/systemd-journald.service","user":null,"source_path":null}
]
EOF
is_rc "systemd_units: exit 0" 0
no_err systemd_units

csv --root "$ROOT" "SELECT id FROM systemd_units WHERE id LIKE 'ssh%' OR id = 'sshd.service'"
is_out "systemd_units: the alias sshd.service counts for ssh.service, templates are no units" <<'EOF'
id
ssh.service
ssh.socket
EOF

csv --root "$ROOT" "SELECT id, user FROM systemd_units WHERE unit_file_state = 'enabled' AND id LIKE '%.service' AND (user IS NULL OR user = 'root')"
is_out "systemd_units: enabled services running as root (an audit query)" <<'EOF'
id,user
cron.service,
getty@tty1.service,
ssh.service,
EOF

q --json "SELECT * FROM startup_items"
is_out "startup_items: SysV scripts, XDG autostart, units linked from .wants" <<'EOF'
[
  {"name":"cron","path":"/etc/init.d/cron","args":null,"type":"Startup Item","source":"/etc/init.d/","status":"disabled","username":null},
  {"name":"rsync","path":"/etc/init.d/rsync","args":null,"type":"Startup Item","source":"/etc/init.d/","status":"disabled","username":null},
  {"name":"ssh","path":"/etc/init.d/ssh","args":null,"type":"Startup Item","source":"/etc/init.d/","status":"disabled","username":null},
  {"name":"AT-SPI D-Bus Bus","path":"/usr/libexec/at-spi-bus-launcher","args":"--launch-immediately","type":"Startup Item","source":"/etc/xdg/autostart/","status":"enabled","username":null},
  {"name":"Print Queue Applet","path":"/usr/share/system-config-printer/applet.py","args":"--no-tray","type":"Startup Item","source":"/etc/xdg/autostart/","status":"disabled","username":null},
  {"name":"User folders update","path":"xdg-user-dirs-update","args":null,"type":"Startup Item","source":"/etc/xdg/autostart/","status":"enabled","username":null},
  {"name":"apt-daily.timer","path":"/lib/systemd/system/apt-daily.timer","args":null,"type":"systemd unit","source":"/etc/systemd/system/timers.target.wants","status":"enabled","username":null},
  {"name":"backup.service","path":"/etc/systemd/system/backup.service","args":null,"type":"systemd unit","source":"/etc/systemd/system/multi-user.target.wants","status":"enabled","username":"backup"},
  {"name":"cron.service","path":"/lib/systemd/system/cron.service","args":null,"type":"systemd unit","source":"/etc/systemd/system/multi-user.target.wants","status":"enabled","username":null},
  {"name":"getty@tty1.service","path":"/lib/systemd/system/getty@.service","args":null,"type":"systemd unit","source":"/etc/systemd/system/getty.target.wants","status":"enabled","username":null},
  {"name":"gone.service","path":null,"args":null,"type":"systemd unit","source":"/etc/systemd/system/multi-user.target.wants","status":null,"username":null},
  {"name":"ssh.service","path":"/lib/systemd/system/ssh.service","args":null,"type":"systemd unit","source":"/etc/systemd/system/multi-user.target.wants","status":"enabled","username":null},
  {"name":"systemd-journald.service","path":"/lib/systemd/system/systemd-journald.service","args":null,"type":"systemd unit","source":"/lib/systemd/system/sysinit.target.wants","status":"static","username":null}
]
EOF
is_rc "startup_items: exit 0" 0
no_err startup_items

# --- /run, merged /usr, linked units, drop-in precedence -------------------------

T=$TMPD/sd
mkdir -p "$T/usr/lib/systemd/system" "$T/etc/systemd/system" "$T/opt/app" \
	"$T/run/systemd/system" "$T/run/systemd/generator" "$T/run/systemd/transient" \
	"$T/run/systemd/units"
ln -s usr/lib "$T/lib" # merged /usr: /lib and /usr/lib are one directory
L=$T/usr/lib/systemd/system
E=$T/etc/systemd/system
R=$T/run/systemd/system
unit() { # path description [more lines]
	mkdir -p "$(dirname "$1")"
	printf '[Unit]\nDescription=%s\n%b' "$2" "${3:-}" >"$1"
}
dropin() { # path lines
	mkdir -p "$(dirname "$1")"
	printf '%b' "$2" >"$1"
}
unit "$L/cron.service" "cron" '[Install]\nWantedBy=multi-user.target\n'
unit "$L/rt.service" "enabled at runtime" '[Install]\nWantedBy=multi-user.target\n'
unit "$L/rtmask.service" "masked at runtime"
unit "$L/emptymask.service" "masked by an empty file"
: >"$E/emptymask.service"
unit "$L/also.service" "only Also=" '[Install]\nAlso=cron.service\n'
unit "$L/reset.service" "WantedBy= reset" '[Install]\nWantedBy=multi-user.target\nWantedBy=\n'
unit "$L/getty@.service" "Getty on %I" '[Install]\nWantedBy=getty.target\n'
ln -s getty@.service "$L/autovt@.service"
unit "$L/foo-bar-baz.service" "fragment" '[Service]\nUser=fragment\n'
dropin "$L/foo-bar-baz.service.d/50-a.conf" '[Service]\nUser=vendor\n'
dropin "$R/foo-bar-baz.service.d/50-a.conf" '[Service]\nUser=runtime\n'
dropin "$E/foo-bar-baz.service.d/10-b.conf" '[Service]\nUser=admin\n'
dropin "$E/foo-.service.d/05-prefix.conf" '[Service]\nUser=prefix\nGroup=prefix\n'
dropin "$E/service.d/00-all.conf" '[Unit]\nDocumentation=man:every-service(7)\n'
dropin "$E/run-u7.service.d/99-desc.conf" '[Unit]\nDescription=transient, renamed by a drop-in\n'
ln -s /dev/null "$E/foo-bar-baz.service.d/90-masked.conf"
unit "$T/opt/app/app.service" "linked from /opt" '[Service]\nUser=app\n[Install]\nWantedBy=multi-user.target\n'
ln -s /opt/app/app.service "$E/app.service"
unit "$T/opt/app/real.service" "aliased from outside" ''
# Only the unit's own Alias= names enable it (systemctl enable makes them).
unit "$L/graphical.target" "Graphical Interface" ''
ln -s /lib/systemd/system/graphical.target "$E/default.target"
unit "$L/aliased.service" "enabled through its Alias=" '[Install]\nAlias=nick.service\n'
ln -s /lib/systemd/system/aliased.service "$E/nick.service"
ln -s /opt/app/real.service "$E/odd.service"
unit "$T/run/systemd/generator/srv.mount" "generated mount" 'SourcePath=/etc/fstab\n[Mount]\nWhat=/dev/sdb1\nWhere=/srv\n'
unit "$T/run/systemd/transient/run-u7.service" "transient" '[Service]\nExecStart=/bin/true\n'
mkdir -p "$R/multi-user.target.wants" "$E/getty.target.wants"
ln -s /lib/systemd/system/rt.service "$R/multi-user.target.wants/rt.service"
ln -s /dev/null "$R/rtmask.service"
ln -s /lib/systemd/system/autovt@.service "$E/getty.target.wants/autovt@tty2.service"
# Hostile files: a loop of links, a 2 MiB line, NUL bytes, a bad name.
ln -s loop2.service "$E/loop1.service"
ln -s loop1.service "$E/loop2.service"
{ printf '[Unit]\nDescription='; head -c 2097152 /dev/zero | tr '\0' x; printf '\n'; } >"$E/huge.service"
printf '[Unit]\nDescription=before\0[Service]\nUser=after-a-nul\n' >"$E/nul.service"
unit "$E/sp ace.service" "not a unit name"
# A running systemd: cron has an invocation, rt does not.
ln -s 0123456789abcdef0123456789abcdef "$T/run/systemd/units/invocation:cron.service"

csv --root "$T" "SELECT id, description, load_state, active_state, unit_file_state, fragment_path, user, source_path FROM systemd_units"
is_out "systemd_units: /run, generators, transient, linked, drop-ins, hostile files" <<'EOF'
id,description,load_state,active_state,unit_file_state,fragment_path,user,source_path
aliased.service,enabled through its Alias=,loaded,,enabled,/lib/systemd/system/aliased.service,,
also.service,only Also=,loaded,,indirect,/lib/systemd/system/also.service,,
app.service,linked from /opt,loaded,,linked,/opt/app/app.service,app,
cron.service,cron,loaded,active,disabled,/lib/systemd/system/cron.service,,
emptymask.service,emptymask.service,masked,,masked,/etc/systemd/system/emptymask.service,,
foo-bar-baz.service,fragment,loaded,,static,/lib/systemd/system/foo-bar-baz.service,runtime,
getty@tty2.service,Getty on tty2,loaded,,enabled,/lib/systemd/system/getty@.service,,
graphical.target,Graphical Interface,loaded,,indirect,/lib/systemd/system/graphical.target,,
huge.service,huge.service,error,,bad,/etc/systemd/system/huge.service,,
loop1.service,loop1.service,not-found,,,,,
loop2.service,loop2.service,not-found,,,,,
nul.service,before,loaded,,static,/etc/systemd/system/nul.service,after-a-nul,
odd.service,aliased from outside,loaded,,alias,/opt/app/real.service,,
reset.service,WantedBy= reset,loaded,,static,/lib/systemd/system/reset.service,,
rt.service,enabled at runtime,loaded,,enabled-runtime,/lib/systemd/system/rt.service,,
rtmask.service,rtmask.service,masked,,masked-runtime,/dev/null,,
run-u7.service,"transient, renamed by a drop-in",loaded,,transient,/run/systemd/transient/run-u7.service,,
srv.mount,generated mount,loaded,,generated,/run/systemd/generator/srv.mount,,/etc/fstab
EOF
is_rc "systemd_units: hostile tree, exit 0" 0

csv --root "$T" "SELECT name, path, source, status FROM startup_items"
is_out "startup_items: runtime links, template aliases, active state" <<'EOF'
name,path,source,status
getty@tty2.service,/lib/systemd/system/getty@.service,/etc/systemd/system/getty.target.wants,enabled
rt.service,/lib/systemd/system/rt.service,/run/systemd/system/multi-user.target.wants,enabled-runtime
EOF

# --- SysV rc links and users' autostart directories -------------------------------

U=$TMPD/users
mkdir -p "$U/etc/init.d" "$U/etc/rc2.d" "$U/etc/rc0.d" "$U/home/alice/.config/autostart" \
	"$U/home/alice/.config/autostart-scripts" "$U/home/mallory" "$U/etc/xdg/autostart"
for s in ssh rsync cron; do printf '#!/bin/sh\n' >"$U/etc/init.d/$s"; done
mkdir "$U/etc/init.d/subdir"
ln -s ../init.d/ssh "$U/etc/rc2.d/S01ssh"
ln -s ../init.d/rsync "$U/etc/rc2.d/K01rsync"
ln -s ../init.d/cron "$U/etc/rc0.d/S01cron"
cat >"$U/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
alice:x:1000:1000:Alice:/home/alice:/bin/bash
alice2:x:1003:1003:Alice again:/home/alice:/bin/bash
mallory:x:1001:1001:Mallory:/home/mallory:/bin/bash
daemon:x:1:1:daemon:/:/usr/sbin/nologin
broken line
EOF
cat >"$U/home/alice/.config/autostart/syncthing.desktop" <<'EOF'
[Desktop Entry]
Name=Syncthing
Exec=/usr/bin/syncthing serve --no-browser --logfile=default
X-GNOME-Autostart-enabled=true
EOF
printf 'no group here\nName=x\n' >"$U/home/alice/.config/autostart/bad.desktop"
printf '#!/bin/sh\n' >"$U/home/alice/.config/autostart-scripts/run.sh"
# Mallory's .config points into /etc: nothing is read through it.
ln -s /etc "$U/home/mallory/.config"
mkdir -p "$U/etc/autostart"
cp "$U/home/alice/.config/autostart/syncthing.desktop" "$U/etc/autostart/evil.desktop"
csv --root "$U" "SELECT * FROM startup_items"
is_out "startup_items: rc links, users' autostart, no symlinked homes" <<'EOF'
name,path,args,type,source,status,username
Syncthing,/usr/bin/syncthing,serve --no-browser --logfile=default,Startup Item,/home/alice/.config/autostart/,enabled,alice
run.sh,/home/alice/.config/autostart-scripts/run.sh,,Startup Item,/home/alice/.config/autostart-scripts/,enabled,alice
cron,/etc/init.d/cron,,Startup Item,/etc/init.d/,disabled,
rsync,/etc/init.d/rsync,,Startup Item,/etc/init.d/,disabled,
ssh,/etc/init.d/ssh,,Startup Item,/etc/init.d/,enabled,
EOF

mkdir -p "$TMPD/empty"
csv --root "$TMPD/empty" "SELECT (SELECT count(*) FROM systemd_units) AS u, (SELECT count(*) FROM startup_items) AS s"
is_out "an empty root: no units, no startup items" <<'EOF'
u,s
0,0
EOF

# --- the live host -----------------------------------------------------------------

if [ -f /lib/systemd/system/ssh.service ]; then
	want=ssh.service
elif [ -f /lib/systemd/system/systemd-journald.service ]; then
	want=systemd-journald.service
else
	want=
fi
if [ -n "$want" ]; then
	csv "SELECT id, load_state, fragment_path FROM systemd_units WHERE id = '$want'"
	is_out "live systemd_units: $want from /lib/systemd/system" <<EOF
id,load_state,fragment_path
$want,loaded,/lib/systemd/system/$want
EOF
else
	skip "live systemd_units: a unit of /lib/systemd/system" "no systemd unit files"
fi

# Unit file states agree with systemctl's own reading of the same files,
# for every unit both list (systemctl also lists templates and aliases,
# which are not units; vigil also lists instances and dangling links).
if command -v systemctl >/dev/null 2>&1 &&
	systemctl list-unit-files --root=/ --no-legend --no-pager >"$TMPD/sc.raw" 2>/dev/null; then
	awk '$2 != "alias" && $1 !~ /@\./ {print $1 "," $2}' "$TMPD/sc.raw" | sort >"$TMPD/sc.txt"
	"$VIGIL" query --csv "SELECT id, unit_file_state FROM systemd_units WHERE id NOT LIKE '%@%' AND load_state != 'not-found'" </dev/null |
		tr -d '\r' | sed 1d | sort >"$TMPD/vg.txt"
	ok "live systemd_units: unit_file_state matches systemctl list-unit-files ($(wc -l <"$TMPD/sc.txt") units)" \
		diff -u "$TMPD/sc.txt" "$TMPD/vg.txt"
else
	skip "live systemd_units: systemctl list-unit-files" "no systemctl"
fi

if [ -d /run/systemd/system ]; then
	skip "live systemd_units: no active state without systemd" "systemd runs here"
else
	csv "SELECT count(*) AS n FROM systemd_units WHERE active_state IS NOT NULL"
	is_out "live systemd_units: PID 1 is not systemd, active_state is NULL" <<'EOF'
n
0
EOF
fi

# /etc/init.d: every file, enabled when an S link exists in rcS.d, rc1-5.d.
for f in /etc/init.d/*; do
	[ -f "$f" ] || continue
	n=$(basename "$f")
	case $n in .*) continue ;; esac
	st=disabled
	for d in /etc/rcS.d /etc/rc1.d /etc/rc2.d /etc/rc3.d /etc/rc4.d /etc/rc5.d; do
		ls "$d"/S[0-9][0-9]"$n" >/dev/null 2>&1 && st=enabled
	done
	echo "$n,$st"
done | sort >"$TMPD/init.want"
"$VIGIL" query --csv "SELECT name, status FROM startup_items WHERE source = '/etc/init.d/'" </dev/null |
	tr -d '\r' | sed 1d | sort >"$TMPD/init.got"
ok "live startup_items: /etc/init.d scripts and their rc links ($(wc -l <"$TMPD/init.want"))" \
	diff -u "$TMPD/init.want" "$TMPD/init.got"
