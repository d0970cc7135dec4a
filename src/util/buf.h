/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf: a growable byte buffer with a hard cap, for anything sized by
 * outside input (file contents, command output, network bodies).
 *
 * Invariants: len < alloc whenever data is not NULL, and data[len] == '\0',
 * so the contents can always be used as a C string.  A buffer never grows
 * past cap bytes of content; an append that would is refused whole with
 * errno E2BIG and leaves the buffer as it was.
 */
#ifndef VIGIL_BUF_H
#define VIGIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap;
};

#define BUF_INIT(c) { NULL, 0, 0, (c) }

void buf_init(struct buf *b, size_t cap);
/* Frees the contents; the buffer can be reused afterwards. */
void buf_release(struct buf *b);
/* Empties the buffer, keeping its allocation. */
void buf_reset(struct buf *b);

/* Appends; 0 or -1 (errno ENOMEM or E2BIG), the buffer unchanged on error. */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Makes room for at least n more bytes; 0 or -1. */
int buf_grow(struct buf *b, size_t n);

/* Hands the contents to the caller (free() it) and empties the buffer.
 * Returns an empty string, not NULL, for an empty buffer; NULL on ENOMEM. */
char *buf_detach(struct buf *b, size_t *len);

#endif
