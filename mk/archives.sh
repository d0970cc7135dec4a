#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Prints the static archives a vigil binary was linked with, one a line:
# the paths it records in its section .vigil.static (src/cli/version.c,
# the Makefile's SQLITE_LINK).  Nothing for a binary that records none.
# Used by mk/sbom.sh, mk/hardening.sh and tests/e2e/test_sbom.sh.
#
# usage: mk/archives.sh BINARY
readelf -p .vigil.static "$1" 2>/dev/null |
	sed -n 's/^ *\[ *[0-9a-f]*\]  \(\/.*\)$/\1/p'
