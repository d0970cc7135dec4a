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
	/* NOLINTNEXTLINE(bugprone-macro-parentheses): sym is a declarator */ \
	extern const char sym[] __attribute__((visibility("hidden")))

EMBED(pack_accounts, "packs/accounts.json");
EMBED(pack_boot, "packs/boot.json");
EMBED(pack_filesystem, "packs/filesystem.json");
EMBED(pack_integrity, "packs/integrity.json");
EMBED(pack_kernel, "packs/kernel.json");
EMBED(pack_logging, "packs/logging.json");
EMBED(pack_privilege, "packs/privilege.json");
EMBED(pack_secrets, "packs/secrets.json");
EMBED(pack_software, "packs/software.json");
EMBED(pack_ssh, "packs/ssh.json");
EMBED(pack_vigil, "packs/vigil.json");

static const struct builtin_pack builtins[] = {
	{ "builtin:boot", pack_boot },
	{ "builtin:integrity", pack_integrity },
	{ "builtin:filesystem", pack_filesystem },
	{ "builtin:kernel", pack_kernel },
	{ "builtin:privilege", pack_privilege },
	{ "builtin:accounts", pack_accounts },
	{ "builtin:ssh", pack_ssh },
	{ "builtin:secrets", pack_secrets },
	{ "builtin:software", pack_software },
	{ "builtin:logging", pack_logging },
	{ "builtin:vigil", pack_vigil },
};

const struct builtin_pack *pack_builtins(size_t *n)
{
	*n = sizeof(builtins) / sizeof(builtins[0]);
	return builtins;
}
