/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_xattr: libFuzzer target for xattr.h, which shows extended
 * attribute values a file's owner chose: the text test, base64 and the
 * "security.capability" decoder.
 *
 * The input is one attribute value, in a buffer of exactly its size (no
 * terminating NUL).  It goes to xattr_is_text(), xattr_base64() (into a
 * heap buffer of exactly XATTR_BASE64_SIZE bytes) and xattr_cap_text()
 * twice: with XATTR_CAP_TEXT_MAX bytes of room, and with a heap buffer of
 * a size taken from the input (1 to 64 bytes), so writing one byte too
 * many is an ASan report rather than a silent overwrite of a larger
 * array.
 *
 * Besides crashes, the target checks: text is only ever printable ASCII,
 * with at most one final NUL left out of its length, and is empty only for
 * a value that is a lone NUL; base64 fills exactly the room its macro
 * names, from its alphabet; a capability text is a NUL-terminated string
 * of printable ASCII that fits its buffer, and the small buffer either
 * gets the same text or a refusal; a refusal leaves a NUL-terminated
 * reason in err.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables/xattr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *v, size_t n)
{
	size_t len = (size_t)-1, i;

	if (!xattr_is_text(v, n, &len))
		return;
	/* Text is never empty, but for a value that is one NUL. */
	if ((len == 0 && !(n == 1 && v[0] == '\0')) || len > n ||
	    (len < n && (len + 1 != n || v[len])))
		abort();
	for (i = 0; i < len; i++)
		if (v[i] < 0x20 || v[i] > 0x7e)
			abort();
}

static void check_printable(const char *s, size_t size)
{
	const char *end = memchr(s, '\0', size);
	const char *p;

	if (!end)
		abort();
	for (p = s; p < end; p++)
		if (*p < 0x20 || *p > 0x7e)
			abort();
}

/* Base64 in exactly XATTR_BASE64_SIZE(n) bytes: 4 characters for every 3
 * bytes started, from the RFC 4648 alphabet and '=' padding. */
static void check_base64(const char *v, size_t n)
{
	size_t room = XATTR_BASE64_SIZE(n), len, i;
	char *out = malloc(room);

	if (!out)
		abort();
	len = xattr_base64(v, n, out);
	if (len != 4 * ((n + 2) / 3) || len + 1 != room || strlen(out) != len)
		abort();
	for (i = 0; i < len; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789+/=",
			    out[i]))
			abort();
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v = malloc(size ? size : 1), *small, err[48];
	char big[XATTR_CAP_TEXT_MAX];
	size_t ssize = 1 + (size ? data[0] % 64 : 0);
	int rc, rc2;

	if (!v)
		abort();
	if (size)
		memcpy(v, data, size);
	check_text(v, size);

	rc = xattr_cap_text(v, size, big, sizeof(big), err, sizeof(err));
	if (rc == 0)
		check_printable(big, sizeof(big));
	else
		check_printable(err, sizeof(err));

	small = malloc(ssize);
	if (!small)
		abort();
	rc2 = xattr_cap_text(v, size, small, ssize, err, 1 + size % 16);
	if (rc2 == 0) {
		check_printable(small, ssize);
		if (rc != 0 || strcmp(small, big) != 0)
			abort();
	} else {
		if (!memchr(err, '\0', 1 + size % 16))
			abort();
	}
	free(small);
	check_base64(v, size);
	free(v);
	return 0;
}
