/* SPDX-License-Identifier: Apache-2.0 */
/*
 * policy: fleet-manager policy files (YAML) read as audit checks that pass
 * when their query returns a row.  See policy.c for the accepted shapes.
 */
#ifndef VIGIL_POLICY_H
#define VIGIL_POLICY_H

#include <stddef.h>

#include "audit/pack.h"

/*
 * Parses len bytes of policy YAML and appends a check per policy to p,
 * labelled with name.  Returns 0, or -1 with "<where>: <what>" in err
 * (nothing is appended then).  libyaml is loaded on first use.
 */
int policy_parse_yaml(struct pack *p, const char *name, const char *yaml,
		      size_t len, char *err, size_t errsize);

#endif
