/*
 * Waivers written on a workload, and the calendar dates waivers expire on.
 *
 *   metadata:
 *     annotations:
 *       headroom.dev/waive: "cpu-request-below-usage until 2026-12-31: load test"
 *
 * The value holds one or more waivers "<rule> until <YYYY-MM-DD>: <reason>",
 * separated by newlines or ';' (so a reason cannot contain ';').  Blank
 * entries are skipped.  The evaluate stage reads the annotation, calls the
 * parser and positions any error at the annotation's value node.
 */
#ifndef HR_WAIVE_ANNOTATION_H
#define HR_WAIVE_ANNOTATION_H

#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hr_annotation_waiver {
	const char *rule;    /* a rule id of the catalog (validated) */
	const char *expires; /* "YYYY-MM-DD", a valid date, inclusive */
	const char *reason;  /* not empty, surrounding blanks trimmed */
} hr_annotation_waiver;

/**
 * Parse an annotation value (len bytes; need not be NUL-terminated).
 *
 * @param arena  receives the array and its strings
 * @param out    receives the waivers in written order (NULL when none)
 * @param count  receives their number (at least 1 on success)
 * @return HR_OK, or HR_EINVALID for bad syntax, a bad date, an unknown
 *         rule or a value with no waiver at all; the last error says
 *         which entry and why, without a position (the caller adds it)
 */
int hr_waive_annotation_parse(const char *text, size_t len, hr_arena *arena,
                              const hr_annotation_waiver **out, size_t *count);

/** True when ymd is exactly "YYYY-MM-DD" and a date of the Gregorian
 *  calendar (year 0001 to 9999, leap years counted). */
bool hr_date_valid(const char *ymd);

/**
 * The unix time of the last second of that UTC day (23:59:59): a waiver
 * expiring on that day holds while now <= this value, so all of the day.
 * @return the time, or -1 when !hr_date_valid(ymd) (dates before 1970
 *         give negative times too: long expired, as -1 is)
 */
int64_t hr_date_end_unix(const char *ymd);

#endif
