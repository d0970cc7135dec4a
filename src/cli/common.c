/* SPDX-License-Identifier: Apache-2.0 */
/*
 * common.c: what every subcommand shares: the --root option and the
 * usage-error message.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/hostfs.h"

int cli_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("vigil: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n(run 'vigil --help' for usage)\n", stderr);
	return EXIT_USAGE;
}

int cli_set_root(const char *dir)
{
	if (hostfs_init(dir) < 0) {
		fprintf(stderr, "vigil: cannot use root '%s': %s\n", dir,
			strerror(errno));
		return -1;
	}
	return 0;
}
