/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h: the subcommands.  Each takes the arguments that follow the
 * global options, with argv[0] the subcommand's name, and returns the exit
 * status: 0 ok, 1 failure, 2 usage.
 */
#ifndef VIGIL_CLI_H
#define VIGIL_CLI_H

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

int cmd_audit(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_daemon(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_shell(int argc, char **argv);
int cmd_tables(int argc, char **argv);
int cmd_version(int argc, char **argv);

/*
 * Makes dir the root every table reads the host from.  Prints
 * "vigil: cannot use root '<dir>': <reason>" and returns -1 on failure.
 */
int cli_set_root(const char *dir);

/* Prints "vigil: <message>" and a hint to run `vigil help`; returns 2. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
