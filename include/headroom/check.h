/*
 * headroom: running the gate.
 *
 * hr_check() runs the pipeline (load, model, evaluate) over the paths it is
 * given and returns a report: the verdict, the findings and the workload
 * model.  Writing the report in some format is report.h's job; turning the
 * verdict into an exit code is the caller's.
 *
 * Ownership: the report owns the manifests, the model and the findings; it
 * lives until hr_report_free().
 */
#ifndef HEADROOM_CHECK_H
#define HEADROOM_CHECK_H

#include "headroom/finding.h"
#include "headroom/manifests.h"
#include "headroom/model.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hr_verdict {
	HR_VERDICT_PASS,
	HR_VERDICT_WARN,
	HR_VERDICT_FAIL,
} hr_verdict;

/** "pass", "warn", "fail". */
const char *hr_verdict_name(hr_verdict v);

typedef struct hr_check_options {
	const char *const *paths; /**< files, directories, "-" for stdin */
	size_t path_count;
	hr_load_limits limits;
} hr_check_options;

/** Options with no paths and the default limits. */
void hr_check_options_init(hr_check_options *opts);

typedef struct hr_report {
	hr_verdict verdict;
	const hr_manifests *manifests;
	const hr_model *model;        /**< NULL when loading failed */
	const hr_finding *findings;   /**< sorted by file, line, column */
	size_t finding_count;
	size_t counts[HR_SEVERITY_COUNT]; /**< findings per severity */
	size_t file_count;            /**< sources read */
} hr_report;

/**
 * Run the gate.
 *
 * @param out  receives the report, also when the model found invalid
 *             values (HR_EINVALID): then report->model->errors lists every
 *             one.  NULL on other failures.
 * @return HR_OK, or an error code with the last error set
 */
int hr_check(const hr_check_options *opts, hr_report **out);

void hr_report_free(hr_report **report);

#ifdef __cplusplus
}
#endif

#endif
