/* SPDX-License-Identifier: Apache-2.0 */
/*
 * digest: MD5, SHA-1 and SHA-256 through OpenSSL's EVP interface, with
 * libcrypto loaded on first use (lazylib.h says why).
 *
 * A struct digest is reusable: digest_final_hex() finishes one message and
 * readies the context for the next.
 */
#ifndef VIGIL_DIGEST_H
#define VIGIL_DIGEST_H

#include <stddef.h>

enum digest_alg {
	DIGEST_MD5,
	DIGEST_SHA1,
	DIGEST_SHA256,
	DIGEST_NALGS,
};

/* Room for the longest hex digest (SHA-256) and its terminator. */
#define DIGEST_HEX_SIZE 65

struct digest;

/*
 * Starts a digest.  Returns it (digest_free() it), or NULL with the reason
 * in err (libcrypto missing, out of memory).
 */
struct digest *digest_new(enum digest_alg alg, char *err, size_t errsize);
/* Forgets what was added so far and starts a new message.  0 or -1. */
int digest_reset(struct digest *d);
/* Adds bytes.  0 or -1. */
int digest_update(struct digest *d, const void *p, size_t n);
/* Writes the lowercase hex digest and restarts the context.  0 or -1. */
int digest_final_hex(struct digest *d, char hex[DIGEST_HEX_SIZE]);
void digest_free(struct digest *d);

/* One-shot: the hex digest of n bytes.  0, or -1 with the reason in err. */
int digest_hex(enum digest_alg alg, const void *p, size_t n,
	       char hex[DIGEST_HEX_SIZE], char *err, size_t errsize);

/* OpenSSL's version text, loading libcrypto if needed; NULL if it cannot. */
const char *digest_backend_version(void);

#endif
