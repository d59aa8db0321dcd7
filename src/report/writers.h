/*
 * The report writers, one per format file; the registry (formats.c) is the
 * only caller.
 */
#ifndef HR_REPORT_WRITERS_H
#define HR_REPORT_WRITERS_H

#include "headroom/report.h"

int hr_report_write_text(const hr_report *r, const hr_report_style *style,
                         FILE *out);
int hr_report_write_json(const hr_report *r, const hr_report_style *style,
                         FILE *out);

#endif
