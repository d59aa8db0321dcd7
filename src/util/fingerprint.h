/*
 * Stable identities for findings, hashed by libgit2 (git's SHA-1 object
 * hash): the one module that touches libgit2's hashing, so no digest is
 * written here by hand.
 *
 * libgit2 wants git_libgit2_init() before use and starting it costs some
 * milliseconds (its TLS backend is set up too), so a caller hashing many
 * parts brackets the work with hr_fingerprint_begin() and _end().
 */
#ifndef HR_FINGERPRINT_H
#define HR_FINGERPRINT_H

#include <stddef.h>

/* Hex digits of a fingerprint (SHA-1). */
#define HR_FINGERPRINT_HEX 40

typedef struct hr_fingerprint_text {
	char hex[HR_FINGERPRINT_HEX + 1];
} hr_fingerprint_text;

/** Start libgit2 for hashing: HR_OK, or HR_EIO with the error set. */
int hr_fingerprint_begin(void);
/** Undo one hr_fingerprint_begin() that succeeded. */
void hr_fingerprint_end(void);

/**
 * The hash of parts[0..count) (NULL parts are empty), each part preceded
 * by its length, so ("ab", "c") and ("a", "bc") differ.  Between
 * hr_fingerprint_begin() and _end().
 *
 * @return HR_OK, or HR_EIO when libgit2 failed (out is then empty)
 */
int hr_fingerprint(const char *const *parts, size_t count,
                   hr_fingerprint_text *out);

#endif
