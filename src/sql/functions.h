/* SPDX-License-Identifier: Apache-2.0 */
/*
 * functions: the extra SQL functions osquery users rely on, and the
 * VERSION collation used by version columns.
 */
#ifndef VIGIL_FUNCTIONS_H
#define VIGIL_FUNCTIONS_H

#include <sqlite3.h>

/* Registers every function and the VERSION collation on db.  0 or -1. */
int functions_register(sqlite3 *db);

/*
 * Compares two version strings the way dpkg orders versions (epoch,
 * upstream version, revision; '~' sorts before everything, even the end).
 * Returns <0, 0 or >0.  Never fails: any bytes are accepted.
 */
int functions_version_cmp(const char *a, size_t alen, const char *b,
			  size_t blen);

#endif
