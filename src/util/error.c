#include "util/error_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MESSAGE_MAX 1024
#define FILE_MAX 1024

typedef struct error_slot {
	hr_error public_view;
	char message[MESSAGE_MAX];
	char file[FILE_MAX];
} error_slot;

static _Thread_local error_slot last;

HR_PRINTF(5, 0)
static void record(int code, const char *file, unsigned line, unsigned column,
                   const char *fmt, va_list ap)
{
	/* Callers often quote the previous error ("...: %s", its message) or
	 * its file: format into copies, as the arguments may point into the
	 * very buffers being written. */
	char message[sizeof(last.message)];
	vsnprintf(message, sizeof(message), fmt, ap);
	memcpy(last.message, message, sizeof(message));
	if (file) {
		char path[sizeof(last.file)];
		snprintf(path, sizeof(path), "%s", file);
		memcpy(last.file, path, sizeof(path));
	}
	last.public_view.code = code;
	last.public_view.message = last.message;
	last.public_view.file = file ? last.file : NULL;
	last.public_view.line = line;
	last.public_view.column = column;
}

int hr_fail(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	record(code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return code;
}

int hr_fail_at(int code, const char *file, unsigned line, unsigned column,
               const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	record(code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

int hr_fail_locate(const char *file, unsigned line, unsigned column)
{
	if (!last.public_view.file && file) {
		snprintf(last.file, sizeof(last.file), "%s", file);
		last.public_view.file = last.file;
		last.public_view.line = line;
		last.public_view.column = column;
	}
	return last.public_view.code;
}

const hr_error *hr_error_last(void)
{
	if (!last.public_view.message)
		last.public_view.message = "";
	return &last.public_view;
}

void hr_error_clear(void)
{
	memset(&last, 0, sizeof(last));
}

const char *hr_error_code_name(int code)
{
	static const char *const names[] = {
		[-HR_OK] = "ok",
		[-HR_EINVALID] = "invalid input",
		[-HR_EIO] = "i/o error",
		[-HR_ELIMIT] = "limit exceeded",
		[-HR_ENOTFOUND] = "not found",
		[-HR_EUSAGE] = "usage error",
		[-HR_EQUANTITY_FORMAT] = "invalid quantity",
		[-HR_EQUANTITY_SUFFIX] = "invalid quantity suffix",
		[-HR_ERANGE] = "out of range",
		[-HR_ETEMPLATE] = "unrendered template",
	};
	if (code > 0 || (size_t)-code >= sizeof(names) / sizeof(names[0]))
		return "unknown error";
	return names[-code];
}
