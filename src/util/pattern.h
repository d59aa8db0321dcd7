/*
 * The PCRE2 wrapper: the only file that includes <pcre2.h> is pattern.c.
 *
 * Every pattern is anchored at both ends (it must match the whole subject;
 * hr_pattern_compile_prefix() makes one anchored at the start only),
 * UTF-8, with \C refused, and runs under a match limit, a depth limit and a
 * heap limit: a hostile pattern or subject gives up after a bounded amount
 * of work instead of hanging the gate.  A match that gives up counts as no
 * match; the caller can tell the two apart (HR_MATCH_ABORTED).
 *
 * A compiled pattern is immutable and may be matched from several threads
 * at once.  Ownership: hr_pattern_compile() hands out a pattern the caller
 * frees with hr_pattern_free().
 */
#ifndef HR_PATTERN_H
#define HR_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

/* Same typedef as include/headroom/policy.h (C11 allows the repeat). */
typedef struct hr_pattern hr_pattern;

/** Work one match may do before it gives up (pcre2_set_match_limit). */
#define HR_PATTERN_MATCH_LIMIT 100000u
/** Backtracking depth one match may reach (pcre2_set_depth_limit). */
#define HR_PATTERN_DEPTH_LIMIT 10000u
/** Backtracking memory one match may use, in KiB (pcre2_set_heap_limit). */
#define HR_PATTERN_HEAP_LIMIT_KIB 8192u
/** Longest pattern accepted, in bytes. */
#define HR_PATTERN_MAX_LENGTH 4096u

/** Why a pattern did not compile: PCRE2's message and the 0-based byte
 *  offset in the pattern where it noticed. */
typedef struct hr_pattern_error {
	char message[256];
	size_t offset;
} hr_pattern_error;

typedef enum hr_match {
	HR_MATCH_NONE = 0,
	HR_MATCH_FOUND = 1,
	/** Gave up: match, depth or heap limit reached, or a subject that
	 *  is not valid UTF-8.  Counts as no match. */
	HR_MATCH_ABORTED = -1,
} hr_match;

/** One captured group: text points into the subject (not terminated). */
typedef struct hr_capture {
	const char *text; /* NULL when the group did not take part */
	size_t len;
} hr_capture;

/**
 * Compile an anchored pattern.
 *
 * @param text  the pattern, len bytes (NUL bytes allowed)
 * @param out   receives the pattern; NULL on failure
 * @param err   receives PCRE2's message and offset on failure; may be NULL
 * @return HR_OK, or HR_EINVALID (also recorded as the last error, without
 *         a position: the caller knows where the pattern was written)
 */
int hr_pattern_compile(const char *text, size_t len, hr_pattern **out,
                       hr_pattern_error *err);

/**
 * Compile a pattern anchored at the start only, for tokenisers: a match
 * takes a prefix of the subject, caps[0].len says how long.
 */
int hr_pattern_compile_prefix(const char *text, size_t len, hr_pattern **out,
                              hr_pattern_error *err);

/** The pattern as written (NUL-terminated copy). */
const char *hr_pattern_text(const hr_pattern *pattern);

/** Number of capturing groups in the pattern. */
size_t hr_pattern_capture_count(const hr_pattern *pattern);

/** Does the pattern match all of subject (len bytes)? */
hr_match hr_pattern_match(const hr_pattern *pattern, const char *subject,
                          size_t len);

/**
 * Match all of subject and report the groups: caps[0] is the whole match,
 * caps[i] group i, for i < cap_count.  Groups beyond the pattern's count,
 * and groups that did not take part, get text NULL.  On no match every
 * caps[i] has text NULL.
 */
hr_match hr_pattern_match_captures(const hr_pattern *pattern,
                                   const char *subject, size_t len,
                                   hr_capture *caps, size_t cap_count);

/**
 * Have PCRE2 compile the pattern to machine code, for a built-in pattern
 * matched for every container (util/pattern_table.h).  The match limit
 * still holds; instead of the depth and heap limits, the JIT's own stack
 * (32 KiB) bounds a match, and running out of it is HR_MATCH_ABORTED.
 * Where the JIT is not available the pattern stays interpreted.
 */
void hr_pattern_jit(hr_pattern *pattern);

/** Free a pattern; NULL is allowed. */
void hr_pattern_free(hr_pattern *pattern);

#endif
