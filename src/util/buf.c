#include "util/buf.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(hr_buf *b, size_t extra)
{
	if (extra > b->max || b->len > b->max - extra)
		return hr_fail(HR_ELIMIT, "output exceeds %zu bytes", b->max);
	b->data = hr_xgrow(b->data, &b->capacity, b->len + extra + 1, 1);
	return HR_OK;
}

int hr_buf_append(hr_buf *b, const void *data, size_t len)
{
	int rc = reserve(b, len);
	if (rc)
		return rc;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return HR_OK;
}

int hr_buf_puts(hr_buf *b, const char *s)
{
	return hr_buf_append(b, s, strlen(s));
}

int hr_buf_putc(hr_buf *b, char c)
{
	return hr_buf_append(b, &c, 1);
}

int hr_buf_vprintf(hr_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return hr_fail(HR_EINVALID, "bad format string");
	int rc = reserve(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return HR_OK;
}

int hr_buf_printf(hr_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = hr_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *hr_buf_cstr(const hr_buf *b)
{
	return b->data ? b->data : "";
}

char *hr_buf_take(hr_buf *b, size_t *len)
{
	char *p = b->data ? b->data : hr_xstrdup("");
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->capacity = 0;
	return p;
}

void hr_buf_reset(hr_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void hr_buf_dispose(hr_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->capacity = 0;
}
