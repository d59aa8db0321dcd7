/*
 * A growable byte buffer, always NUL-terminated, with a hard size cap so a
 * hostile input cannot make it grow without bound.  Modelled on git's
 * strbuf and curl's dynbuf.
 */
#ifndef HR_BUF_H
#define HR_BUF_H

#include "util/error_internal.h"

#include <stdarg.h>
#include <stddef.h>

typedef struct hr_buf {
	char *data;      /* NUL-terminated; NULL until the first append */
	size_t len;
	size_t capacity;
	size_t max;      /* appends that would exceed this fail with HR_ELIMIT */
} hr_buf;

#define HR_BUF_INIT(max_bytes) {NULL, 0, 0, (max_bytes)}

int hr_buf_append(hr_buf *b, const void *data, size_t len);
int hr_buf_puts(hr_buf *b, const char *s);
int hr_buf_putc(hr_buf *b, char c);
int hr_buf_printf(hr_buf *b, const char *fmt, ...) HR_PRINTF(2, 3);
int hr_buf_vprintf(hr_buf *b, const char *fmt, va_list ap) HR_PRINTF(2, 0);
/** The contents as a C string ("" when empty); borrowed. */
const char *hr_buf_cstr(const hr_buf *b);
/** Hand the data to the caller (free() it); the buffer resets to empty. */
char *hr_buf_take(hr_buf *b, size_t *len);
void hr_buf_reset(hr_buf *b);
void hr_buf_dispose(hr_buf *b);

#endif
