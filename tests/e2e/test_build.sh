# SPDX-License-Identifier: Apache-2.0
# The build's security promises, checked on the binary under test and the
# source: no banned calls, no listening sockets, hardened ELF.
. "$TOP/tests/lib.sh"

banned='\b(system|popen|execl|execlp|execle|execv|execvp|execvpe|execve|fexecve|posix_spawnp?|strcpy|strcat|strncpy|strncat|sprintf|vsprintf|gets)[[:space:]]*\('
ok "no banned function is called in src/" \
	bash -c "! grep -rnE '$banned' '$TOP/src' --include='*.c' --include='*.h' | grep -v 'src/util/banned.h'"
ok "nothing in src/ listens or accepts" \
	bash -c "! grep -rnE '\b(listen|accept4?)[[:space:]]*\(' '$TOP/src'"

# A call to a banned function must fail to compile.
cat >banned_probe.c <<'C'
#include <stdio.h>
int probe(char *d, const char *s);
int probe(char *d, const char *s) { return sprintf(d, "%s", s); }
C
ok "banned.h turns sprintf into a compile error" \
	bash -c "! cc -std=c11 -Werror -include '$TOP/src/util/banned.h' -c banned_probe.c -o /dev/null"

if command -v readelf >/dev/null; then
	readelf -h "$VIGIL" >elf_h 2>&1
	readelf -d "$VIGIL" >elf_d 2>&1
	readelf -lW "$VIGIL" >elf_l 2>&1
	readelf -sW --dyn-syms "$VIGIL" >elf_s 2>&1
	ok "binary is position independent (PIE)" grep -q 'Type:.*DYN' elf_h
	ok "binary has full RELRO (BIND_NOW)" grep -qE 'BIND_NOW|FLAGS_1.*NOW' elf_d
	ok "binary has a GNU_RELRO segment" grep -q GNU_RELRO elf_l
	ok "stack is not executable" bash -c "grep GNU_STACK elf_l | grep -qv RWE"
	ok "binary has no RPATH/RUNPATH" bash -c "! grep -qE 'RPATH|RUNPATH' elf_d"
	ok "stack protector is in use" grep -q __stack_chk_fail elf_s
	case "${MODE:-release}" in
	release) ok "FORTIFY_SOURCE checked functions are in use" grep -q '_chk@' elf_s ;;
	*) skip "FORTIFY_SOURCE checked functions are in use" "sanitizer build" ;;
	esac
else
	skip "ELF hardening" "readelf not installed"
fi
