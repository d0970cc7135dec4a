/* SPDX-License-Identifier: Apache-2.0 */
/*
 * builtin.c: the built-in audit packs, compiled into the binary.
 *
 * Each packs/<theme>.json is embedded byte for byte with the assembler's
 * .incbin (no generated source, no extra tool) and NUL-terminated, so
 * `vigil audit` needs no file on the host and its checks cannot be edited
 * there.  The Makefile rebuilds this object when a pack changes.
 */
#include "audit/pack.h"

#define EMBED(sym, file)                                                      \
	__asm__(".pushsection .rodata\n"                                      \
		".globl " #sym "\n"                                           \
		".hidden " #sym "\n"                                          \
		".type " #sym ", @object\n"                                   \
		".balign 16\n" #sym ":\n"                                     \
		".incbin \"" file "\"\n"                                      \
		".byte 0\n"                                                   \
		".size " #sym ", . - " #sym "\n"                              \
		".popsection\n");                                             \
	extern const char sym[] __attribute__((visibility("hidden")))

EMBED(pack_accounts, "packs/accounts.json");
EMBED(pack_filesystem, "packs/filesystem.json");
EMBED(pack_kernel, "packs/kernel.json");

static const struct builtin_pack builtins[] = {
	{ "builtin:accounts", pack_accounts },
	{ "builtin:filesystem", pack_filesystem },
	{ "builtin:kernel", pack_kernel },
};

const struct builtin_pack *pack_builtins(size_t *n)
{
	*n = sizeof(builtins) / sizeof(builtins[0]);
	return builtins;
}
