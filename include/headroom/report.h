/*
 * headroom: report formats (the "report" stage).
 *
 * Each format is one writer behind this interface, registered in a static
 * table.  Writers escape every manifest-controlled string for their sink.
 * They write to a stream the caller opened; they never choose one.
 */
#ifndef HEADROOM_REPORT_H
#define HEADROOM_REPORT_H

#include "headroom/check.h"

#include <stdbool.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hr_report_style {
	bool color;           /**< ANSI colour (terminal formats only) */
	const char *version;  /**< headroom's version, for headers */
	/** github format: the stop-commands token; NULL (normal): a random
	 *  one per run.  Fixed only for tests. */
	const char *stop_token;
} hr_report_style;

typedef struct hr_report_format {
	const char *name;        /**< "text", "json" */
	const char *summary;     /**< one line for --help */
	/** Write the report; HR_EIO when the stream fails. */
	int (*write)(const hr_report *report, const hr_report_style *style,
	             FILE *out);
} hr_report_format;

/** The format called name, or NULL. */
const hr_report_format *hr_report_format_find(const char *name);

/** Number of formats, and the i-th (registry order). */
size_t hr_report_format_count(void);
const hr_report_format *hr_report_format_at(size_t i);

#ifdef __cplusplus
}
#endif

#endif
