/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version.c: `vigil version`.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>

#include "cli/cli.h"
#include "util/digest.h"

int cmd_version(int argc, char **argv)
{
	const char *ssl = digest_backend_version();

	(void)argc;
	(void)argv;
	printf("vigil %s\n", VIGIL_VERSION);
	printf("sqlite %s, %s, jansson %s\n", sqlite3_libversion(),
	       ssl ? ssl : "OpenSSL not loadable", jansson_version_str());
	return EXIT_OK;
}
