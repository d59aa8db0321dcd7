/*
 * headroom: error codes and the last-error message.
 *
 * Every core function that can fail returns an int: HR_OK (0) on success,
 * one of the negative codes below on failure.  On failure it also leaves a
 * human-readable message, and where the cause sits in an input file, that
 * file's name and 1-based line and column.  The message belongs to the
 * calling thread and stays valid until that thread's next failing call.
 *
 * The core never prints and never exits: the caller decides what to show
 * and which exit code it means.
 *
 * Out of memory is the one condition that is not returned: allocation goes
 * through one wrapper that aborts (see src/util/alloc.h).  Every input is
 * size-capped first, so a hostile manifest cannot reach that path.
 */
#ifndef HEADROOM_ERROR_H
#define HEADROOM_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Error codes.  New codes may be added; values never change. */
typedef enum hr_error_code {
	HR_OK = 0,
	/** Invalid input: syntax, types, values (exit 2 in the CLI). */
	HR_EINVALID = -1,
	/** A file or stream could not be read or written. */
	HR_EIO = -2,
	/** An input exceeded a safety limit (size, depth, aliases, count). */
	HR_ELIMIT = -3,
	/** A named thing (file, rule, format) does not exist. */
	HR_ENOTFOUND = -4,
	/** The caller asked for something meaningless (bad flag value). */
	HR_EUSAGE = -5,
	/** A quantity does not match Kubernetes' quantity grammar. */
	HR_EQUANTITY_FORMAT = -6,
	/** A quantity's suffix is not one Kubernetes knows. */
	HR_EQUANTITY_SUFFIX = -7,
	/** A number is valid but outside the range headroom evaluates. */
	HR_ERANGE = -8,
	/** An unrendered template ({{ ... }}) where a manifest was expected. */
	HR_ETEMPLATE = -9,
} hr_error_code;

/** Where an error was found; file is NULL and line 0 when not in a file. */
typedef struct hr_error {
	int code;
	const char *message; /**< never NULL; "" when no error was recorded */
	const char *file;    /**< borrowed, may be NULL */
	unsigned line;       /**< 1-based, 0 when unknown */
	unsigned column;     /**< 1-based, 0 when unknown */
} hr_error;

/**
 * The calling thread's last error.
 *
 * @return a pointer to thread-local storage, owned by the library, valid
 *         until the next failing call on the same thread.  Never NULL.
 */
const hr_error *hr_error_last(void);

/** Forget the calling thread's last error. */
void hr_error_clear(void);

/** A short, stable name for a code ("invalid input", "limit exceeded"). */
const char *hr_error_code_name(int code);

#ifdef __cplusplus
}
#endif

#endif
