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
#include "headroom/jvm.h"
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
	/** Policy file; NULL: the built-in default policy.  (The CLI picks
	 *  ./.headroom.yaml when present.) */
	const char *policy_path;
	/** Recommendation files, read in order. */
	const char *const *recommendation_paths;
	size_t recommendation_count;
	/** "Now" as unix seconds: waiver expiry and the usage window's end.
	 *  0: the current time. */
	int64_t now;
	/** Compare with the manifests at the merge base of this git revision
	 *  and HEAD, read from the repository of the working directory
	 *  (libgit2: no checkout, no git process); NULL: no comparison.  The
	 *  same paths are read there, relative to the working directory. */
	const char *base_rev;
	/** Why this base, for the report ("--base", or a CI source from
	 *  headroom/base.h); NULL when not said. */
	const char *base_source;
	/** Keep only findings of workloads the change adds, changes or
	 *  moves (with a base; else ignored). */
	bool changed_only;
	/** Read usage from this Prometheus-compatible API too (the policy's
	 *  `prometheus:` settings apply; headroom/prometheus.h); NULL: no. */
	const char *prometheus_url;
	/** Its usage window in seconds; 0: 14 days. */
	int64_t window;
} hr_check_options;

/** Options with no paths and the default limits. */
void hr_check_options_init(hr_check_options *opts);

/** Where a workload's replica count for cost came from. */
typedef enum hr_replicas_source {
	HR_REPLICAS_MANIFEST,     /**< spec.replicas, or its default 1 */
	HR_REPLICAS_HPA_OBSERVED, /**< an HPA owns them: observed average */
	HR_REPLICAS_HPA_MIN,      /**< an HPA owns them: its minReplicas */
	HR_REPLICAS_PER_NODE,     /**< DaemonSet: the cost of one node's pod */
	HR_REPLICAS_PARALLELISM,  /**< Job, CronJob: while a run is going */
} hr_replicas_source;

/** "manifest", "hpa-observed", "hpa-min", "per-node", "parallelism". */
const char *hr_replicas_source_name(hr_replicas_source s);

/** How a change touches a workload, matched by identity (kind,
 *  namespace, name) with the base revision. */
typedef enum hr_change_status {
	HR_CHANGE_UNCHANGED, /**< same file, same text (its HPA's too) */
	HR_CHANGE_CHANGED,   /**< same file, other text */
	HR_CHANGE_MOVED,     /**< in another file than at the base */
	HR_CHANGE_NEW,       /**< not at the base */
	HR_CHANGE_DELETED,   /**< only at the base */
	HR_CHANGE_STATUS_COUNT
} hr_change_status;

/** "unchanged", "changed", "moved", "new", "deleted". */
const char *hr_change_status_name(hr_change_status s);

/** What the evaluation decided about one workload (model order). */
typedef struct hr_workload_result {
	const char *profile;
	double replicas;
	hr_replicas_source replicas_source;
	double monthly;             /**< requests x replicas x hours x price */
	bool has_recommended;       /**< usage data covered every container */
	double recommended_monthly; /**< the same at recommended requests */
	/** Per container, in the workload's order: what the JVM layer found,
	 *  NULL for a container that runs no JVM. */
	const hr_jvm *const *jvm;
	/** With a base (hr_report.change set): how the change touches it,
	 *  the same workload at the base (NULL when new), and the base's
	 *  monthly cost (at the base's own replicas; 0 when new). */
	hr_change_status change;
	const hr_workload *base;
	double base_monthly;
} hr_workload_result;

/** A workload the change deletes: it is reported for the money it
 *  saves, with no findings of its own. */
typedef struct hr_deleted_workload {
	const hr_workload *workload; /**< in the base model */
	double base_monthly;
} hr_deleted_workload;

/** The comparison with the base revision. */
typedef struct hr_change_summary {
	const char *rev;        /**< the revision as given */
	const char *commit;     /**< the merge base with HEAD, hex */
	const char *source;     /**< why this base ("--base"), or NULL */
	const hr_model *base_model;
	size_t counts[HR_CHANGE_STATUS_COUNT]; /**< workloads per status */
	const hr_deleted_workload *deleted;
	size_t deleted_count;
	bool changed_only;      /**< findings limited to touched workloads */
	size_t hidden_count;    /**< findings --changed-only left out */
	size_t changed_findings; /**< findings on added or modified lines */
} hr_change_summary;

typedef struct hr_cost_summary {
	const char *currency;
	double monthly;
	bool has_recommended;
	double recommended_monthly;
	double waste_monthly;       /**< summed over overprovisioned-* findings */
	bool has_base;              /**< a --base revision was compared */
	double base_monthly;
	double delta_monthly;
} hr_cost_summary;

typedef struct hr_report {
	hr_verdict verdict;
	const hr_manifests *manifests;
	const hr_model *model;        /**< NULL when loading failed */
	const hr_finding *findings;   /**< sorted by file, line, column */
	size_t finding_count;
	size_t counts[HR_SEVERITY_COUNT]; /**< findings per severity */
	size_t file_count;            /**< sources read */
	size_t waived_count;          /**< findings a waiver covers */
	/** One per model workload, same order; NULL when loading failed. */
	const hr_workload_result *workload_results;
	hr_cost_summary cost;
	const char *policy_source;    /**< policy file, or NULL: built-in */
	size_t usage_source_count;    /**< recommendation files read */
	const char *usage_window;     /**< "14d" or NULL */
	/** The comparison with a base revision; NULL without one. */
	const hr_change_summary *change;
	/** What a usage source could not do and what the gate did about it,
	 *  one line each ("prometheus URL: ...; continuing without usage
	 *  data (prometheus.on_unreachable: open)"). */
	const char *const *notes;
	size_t note_count;
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
