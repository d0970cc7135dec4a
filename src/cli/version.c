/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version.c: `vigil version`.
 */
#include <jansson.h>
#include <openssl/crypto.h>
#include <sqlite3.h>
#include <stdio.h>

#include "cli/cli.h"

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("vigil %s\n", VIGIL_VERSION);
	printf("sqlite %s, %s, jansson %s\n", sqlite3_libversion(),
	       OpenSSL_version(OPENSSL_VERSION), jansson_version_str());
	return EXIT_OK;
}
