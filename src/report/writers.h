/*
 * The report writers, one per format file; the registry (formats.c) is the
 * only caller, apart from the unit tests.
 */
#ifndef HR_REPORT_WRITERS_H
#define HR_REPORT_WRITERS_H

#include "headroom/report.h"

/*
 * The Markdown report's size cap, in bytes (a character is at least one
 * byte, so this also bounds characters).  GitHub rejects a comment body
 * over 65,536 characters; the margin leaves room for a caller's wrapper.
 */
#define HR_MARKDOWN_MAX_BYTES 60000
/* The smallest cap the Markdown writer honours: the headline and footer
 * (each untrusted field in them length-capped) always fit in it. */
#define HR_MARKDOWN_MIN_CAP 2048

int hr_report_write_text(const hr_report *r, const hr_report_style *style,
                         FILE *out);
int hr_report_write_json(const hr_report *r, const hr_report_style *style,
                         FILE *out);
/** Markdown for a PR/MR comment or a job summary, at most
 *  HR_MARKDOWN_MAX_BYTES. */
int hr_report_write_markdown(const hr_report *r, const hr_report_style *style,
                             FILE *out);
/**
 * The Markdown report within cap bytes (raised to HR_MARKDOWN_MIN_CAP when
 * smaller): findings that do not fit are left out, most severe kept first,
 * and a closing note says how many.  For tests; the format uses
 * HR_MARKDOWN_MAX_BYTES.
 */
int hr_report_write_markdown_capped(const hr_report *r,
                                    const hr_report_style *style, FILE *out,
                                    size_t cap);

/* GitHub code scanning rejects a run with more results (GH-SARIF-LIM). */
#define HR_SARIF_MAX_RESULTS 25000
/* The runner annotates at most this many errors, warnings and notices
 * per step (actions/runner ExecutionContext._maxCountPerIssueType). */
#define HR_GITHUB_ANNOTATIONS_PER_TYPE 10

/** SARIF 2.1.0 for GitHub code scanning. */
int hr_report_write_sarif(const hr_report *r, const hr_report_style *style,
                          FILE *out);
/** The same with at most max_results results (the most severe); for
 *  tests, the format uses HR_SARIF_MAX_RESULTS. */
int hr_report_write_sarif_capped(const hr_report *r,
                                 const hr_report_style *style, FILE *out,
                                 size_t max_results);
/** GitLab Code Quality JSON. */
int hr_report_write_codequality(const hr_report *r,
                                const hr_report_style *style, FILE *out);
/** JUnit XML. */
int hr_report_write_junit(const hr_report *r, const hr_report_style *style,
                          FILE *out);
/** GitHub Actions workflow commands; HR_EINVALID for a bad
 *  style->stop_token, HR_EIO without randomness for one. */
int hr_report_write_github(const hr_report *r, const hr_report_style *style,
                           FILE *out);

#endif
