/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lazylib: shared libraries loaded on first use.
 *
 * Loading libcrypto and libedit costs more than everything else `vigil
 * query` does at start-up (measured: libcrypto ~0.9 ms, libedit with its
 * dependencies ~0.5 ms, a whole `SELECT 1` ~1.7 ms without them), yet only
 * hashing and the interactive shell need them.  So they are not linked;
 * the module that needs one opens it by its soname here, with RTLD_NOW so
 * every symbol is bound at once (the same full binding the linked
 * libraries get), and resolves the handful of functions it calls.
 *
 * The library is searched for exactly as the dynamic linker would for a
 * linked one.  Not thread-safe on first load: call from one thread.
 */
#ifndef VIGIL_LAZYLIB_H
#define VIGIL_LAZYLIB_H

#include <stdbool.h>
#include <stddef.h>

struct lazylib {
	const char *soname;
	void *handle;
	bool tried;     /* a failed load is not retried */
	char err[256];  /* why loading or resolving failed */
};

#define LAZYLIB_INIT(soname) { (soname), NULL, false, "" }

/*
 * Loads the library (once) and resolves n symbols: names[i] into
 * *slots[i].  Returns 0, or -1 with the reason in l->err; on failure the
 * slots are left NULL.
 */
int lazylib_resolve(struct lazylib *l, const char *const *names, void **slots,
		    size_t n);

/* Most functions a table passed to lazylib_bind may hold. */
#define LAZYLIB_BIND_MAX 64

/*
 * The usual way in: fns is a struct of n function pointers, in the order
 * of names.  Resolves them all once (when the first is still NULL) and
 * fills the struct.  Returns 0, or -1 with the reason in l->err; the
 * struct is then left untouched (all NULL), and a later call fails the
 * same way without trying again.
 */
int lazylib_bind(struct lazylib *l, const char *const *names, size_t n,
		 void *fns);

#endif
