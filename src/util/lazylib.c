/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lazylib.c: shared libraries loaded on first use (see lazylib.h).
 */
#include "util/lazylib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int lazylib_resolve(struct lazylib *l, const char *const *names, void **slots,
		    size_t n)
{
	size_t i;

	if (!l->handle) {
		const char *why;

		if (l->tried)
			return -1;
		l->tried = true;
		l->handle = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
		if (!l->handle) {
			why = dlerror();
			snprintf(l->err, sizeof(l->err), "cannot load %s: %s",
				 l->soname, why ? why : "unknown error");
			return -1;
		}
	}
	for (i = 0; i < n; i++) {
		slots[i] = dlsym(l->handle, names[i]);
		if (!slots[i]) {
			snprintf(l->err, sizeof(l->err), "%s has no symbol %s",
				 l->soname, names[i]);
			for (i = 0; i < n; i++)
				slots[i] = NULL;
			return -1;
		}
	}
	return 0;
}

int lazylib_bind(struct lazylib *l, const char *const *names, size_t n,
		 void *fns)
{
	void *slots[LAZYLIB_BIND_MAX], *first;

	memcpy(&first, fns, sizeof(first));
	if (first)
		return 0;
	if (n > LAZYLIB_BIND_MAX) {
		snprintf(l->err, sizeof(l->err),
			 "%s: %zu functions asked for, at most %d", l->soname,
			 n, LAZYLIB_BIND_MAX);
		return -1;
	}
	if (lazylib_resolve(l, names, slots, n) < 0)
		return -1;
	/* POSIX guarantees data and function pointers convert. */
	memcpy(fns, slots, n * sizeof(void *));
	return 0;
}
