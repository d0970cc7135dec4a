/* SPDX-License-Identifier: Apache-2.0 */
/*
 * digest.c: message digests over OpenSSL EVP, libcrypto loaded lazily.
 *
 * The EVP_MD for each algorithm is fetched once and kept for the life of
 * the process; each struct digest owns one EVP_MD_CTX.  Function pointers
 * take their types from OpenSSL's own declarations, so the compiler still
 * checks every call.
 */
#include "util/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/lazylib.h"

static struct lazylib libcrypto = LAZYLIB_INIT("libcrypto.so.3");

static struct {
	__typeof__(EVP_MD_fetch) *md_fetch;
	__typeof__(EVP_MD_CTX_new) *ctx_new;
	__typeof__(EVP_MD_CTX_free) *ctx_free;
	__typeof__(EVP_DigestInit_ex) *init;
	__typeof__(EVP_DigestUpdate) *update;
	__typeof__(EVP_DigestFinal_ex) *final;
	__typeof__(OpenSSL_version) *version;
} fn;

static const char *const fn_names[] = {
	"EVP_MD_fetch", "EVP_MD_CTX_new", "EVP_MD_CTX_free",
	"EVP_DigestInit_ex", "EVP_DigestUpdate", "EVP_DigestFinal_ex",
	"OpenSSL_version",
};
_Static_assert(sizeof(fn_names) / sizeof(fn_names[0]) ==
		       sizeof(fn) / sizeof(void *),
	       "one name per function pointer");

static const char *const alg_names[DIGEST_NALGS] = { "MD5", "SHA1", "SHA256" };
static EVP_MD *algs[DIGEST_NALGS];

struct digest {
	EVP_MD_CTX *ctx;
	const EVP_MD *md;
};

static int load(char *err, size_t errsize)
{
	if (lazylib_bind(&libcrypto, fn_names,
			 sizeof(fn_names) / sizeof(fn_names[0]), &fn) < 0) {
		snprintf(err, errsize, "%s", libcrypto.err);
		return -1;
	}
	return 0;
}

struct digest *digest_new(enum digest_alg alg, char *err, size_t errsize)
{
	struct digest *d;

	if (alg < 0 || alg >= DIGEST_NALGS) {
		snprintf(err, errsize, "unknown digest");
		return NULL;
	}
	if (load(err, errsize) < 0)
		return NULL;
	if (!algs[alg])
		algs[alg] = fn.md_fetch(NULL, alg_names[alg], NULL);
	if (!algs[alg]) {
		snprintf(err, errsize, "OpenSSL has no %s", alg_names[alg]);
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d || !(d->ctx = fn.ctx_new())) {
		free(d);
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	d->md = algs[alg];
	if (fn.init(d->ctx, d->md, NULL) != 1) {
		digest_free(d);
		snprintf(err, errsize, "cannot start %s", alg_names[alg]);
		return NULL;
	}
	return d;
}

int digest_reset(struct digest *d)
{
	return fn.init(d->ctx, d->md, NULL) == 1 ? 0 : -1;
}

int digest_update(struct digest *d, const void *p, size_t n)
{
	return fn.update(d->ctx, p, n) == 1 ? 0 : -1;
}

int digest_final_hex(struct digest *d, char hex[DIGEST_HEX_SIZE])
{
	static const char xd[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	if (fn.final(d->ctx, md, &len) != 1 || len * 2 >= DIGEST_HEX_SIZE)
		return -1;
	for (i = 0; i < len; i++) {
		hex[2 * i] = xd[md[i] >> 4];
		hex[2 * i + 1] = xd[md[i] & 15];
	}
	hex[2 * len] = '\0';
	return digest_reset(d);
}

void digest_free(struct digest *d)
{
	if (!d)
		return;
	if (d->ctx)
		fn.ctx_free(d->ctx);
	free(d);
}

int digest_hex(enum digest_alg alg, const void *p, size_t n,
	       char hex[DIGEST_HEX_SIZE], char *err, size_t errsize)
{
	struct digest *d = digest_new(alg, err, errsize);
	int rc;

	if (!d)
		return -1;
	rc = digest_update(d, p, n) < 0 ? -1 : digest_final_hex(d, hex);
	if (rc < 0)
		snprintf(err, errsize, "digest failed");
	digest_free(d);
	return rc;
}

const char *digest_backend_version(void)
{
	char err[256];

	if (load(err, sizeof(err)) < 0)
		return NULL;
	return fn.version(OPENSSL_VERSION);
}
