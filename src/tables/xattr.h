/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xattr: how the extended_attributes table shows an attribute's value,
 * exported for tests.  Both functions read bytes a file's owner chose, so
 * they are pure: no I/O, no allocation, errors into the caller's err[].
 */
#ifndef VIGIL_XATTR_H
#define VIGIL_XATTR_H

#include <stdbool.h>
#include <stddef.h>

/* Longest text xattr_cap_text writes, with its NUL: every capability name
 * in two sets with their operators fits with room to spare. */
#define XATTR_CAP_TEXT_MAX 2048

/*
 * True when the value v[0..n) reads as text: every byte printable ASCII
 * (0x20 to 0x7e), except that one final NUL is allowed and is not part of
 * the text (SELinux labels end in one; setfattr stores none).  *textlen
 * gets the text's length.  An empty value is not text (osquery shows it
 * as empty base64).
 */
bool xattr_is_text(const char *v, size_t n, size_t *textlen);

/* Room xattr_base64 needs for n bytes, with the NUL. */
#define XATTR_BASE64_SIZE(n) (4 * (((n) + 2) / 3) + 1)

/*
 * Writes the standard base64 (RFC 4648, with '=' padding) of v[0..n) into
 * out, which holds XATTR_BASE64_SIZE(n) bytes, NUL-terminated.  Returns
 * the text's length.
 */
size_t xattr_base64(const void *v, size_t n, char *out);

/*
 * Writes the value of a "security.capability" attribute (struct
 * vfs_cap_data, revisions 1 to 3, little-endian) as libcap's cap_to_text()
 * and getcap(8) show it, e.g. "cap_net_raw=ep" or
 * "cap_net_bind_service=ep cap_sys_admin+p", into out (size bytes).
 * Capabilities Linux has no name for yet are shown by number, and the
 * namespace root id of revision 3 is not shown (getcap shows it only with
 * -n).  Returns 0, or -1 with the reason in err: "bad capability
 * revision", "bad capability size", "text too long".
 */
int xattr_cap_text(const void *v, size_t n, char *out, size_t size,
		   char *err, size_t errsize);

#endif
