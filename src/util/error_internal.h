/*
 * Setting the thread's last error (the reading side is public, in
 * include/headroom/error.h).  Messages are truncated to fit, never
 * allocated, so recording an error cannot itself fail.
 */
#ifndef HR_ERROR_INTERNAL_H
#define HR_ERROR_INTERNAL_H

#include "headroom/error.h"

#if defined(__GNUC__)
#define HR_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define HR_PRINTF(fmt, args)
#endif

/** Record an error with no position; returns code so callers can
 *  write `return hr_fail(HR_EINVALID, "...")`. */
int hr_fail(int code, const char *fmt, ...) HR_PRINTF(2, 3);

/** Record an error at file:line:column (file is copied). */
int hr_fail_at(int code, const char *file, unsigned line, unsigned column,
               const char *fmt, ...) HR_PRINTF(5, 6);

/** Prefix the current message with a position when it has none yet;
 *  used when a low-level parser failed without knowing where it was. */
int hr_fail_locate(const char *file, unsigned line, unsigned column);

#endif
