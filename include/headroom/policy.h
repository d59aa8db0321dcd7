/*
 * headroom: the policy (the "policy" stage): profiles of safety thresholds
 * chosen per workload by selectors or an annotation, per-rule severities,
 * waivers and pricing.  Read from `.headroom.yaml` (contract in
 * design.md) or the built-in default policy (profiles standard, critical,
 * batch).
 *
 * Ownership: an hr_policy owns every string, profile and waiver it hands
 * out; they live until hr_policy_free().  All pointers given are borrowed.
 */
#ifndef HEADROOM_POLICY_H
#define HEADROOM_POLICY_H

#include "headroom/finding.h"
#include "headroom/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hr_requirement {
	HR_REQ_OPTIONAL,
	HR_REQ_REQUIRED,
	HR_REQ_FORBIDDEN, /**< cpu.limit only */
} hr_requirement;

typedef enum hr_percentile {
	HR_P50,
	HR_P95,
	HR_P99,
	HR_PMAX,
	HR_PERCENTILE_COUNT
} hr_percentile;

/** "p50", "p95", "p99", "max". */
const char *hr_percentile_name(hr_percentile p);

/** Where a policy value was written, for messages (file NULL: built-in). */
typedef struct hr_policy_pos {
	const char *file;
	unsigned line, column;
} hr_policy_pos;

typedef struct hr_severity_override {
	const char *rule;       /**< a rule id of the catalog (validated) */
	hr_severity severity;
	hr_policy_pos pos;
} hr_severity_override;

/** A compiled anchored PCRE2 pattern (opaque; see hr_policy_match). */
typedef struct hr_pattern hr_pattern;

typedef struct hr_label_selector {
	const char *key;
	const char *value;      /**< exact value */
} hr_label_selector;

/**
 * `select:` of a profile.  The criteria given are alternatives: a workload
 * matches when any namespace pattern, any name pattern, any kind or any
 * label pair matches ("any matching selector picks the profile").
 */
typedef struct hr_selector {
	const hr_pattern *const *namespaces;
	size_t namespace_count;
	const hr_pattern *const *names;
	size_t name_count;
	const char *const *kinds; /**< "Deployment", "CronJob", ... */
	size_t kind_count;
	const hr_label_selector *labels;
	size_t label_count;
} hr_selector;

typedef struct hr_profile {
	const char *name;
	hr_policy_pos pos;
	hr_selector select;
	struct {
		hr_requirement request, limit;
		double limit_headroom;          /**< 0.25 for "25%" */
		hr_percentile request_percentile;
		bool limit_equals_request;
	} memory;
	struct {
		hr_requirement request, limit;
		hr_percentile request_percentile;
		hr_percentile limit_percentile;
		double max_limit_ratio;         /**< 0: no bound */
	} cpu;
	struct {
		double max_decrease;            /**< 0.2 for "20%"; 0: no bound */
		double max_increase;            /**< 1.0 for "100%"; 0: no bound */
		/** A change's monthly cost increase per workload, in the
		 *  pricing currency; 0: no bound. */
		double max_cost_increase;
		/** The same relative to the base's cost; 0: no bound.  With
		 *  both set, both must be exceeded. */
		double max_cost_increase_ratio;
	} change;
	struct {
		int64_t min;                    /**< 0: no bound */
	} replicas;
	struct {
		double max_heap_fraction;       /**< 0.75 for "75%" */
		/** The JVM memory budget's assumptions (headroom/jvm.h);
		 *  0: headroom's calibrated default. */
		int64_t metaspace, code_cache, threads, thread_stack;
		int64_t direct_memory, other_native;
		double gc_overhead;             /**< share of the heap; 0: per collector */
	} jvm;
	struct {
		double max_over_recommendation; /**< 0.5 for "50%" */
		double min_monthly;             /**< in the pricing currency */
	} waste;
	/** Severity of `no-usage-data`: pass is HR_SEVERITY_INFO. */
	hr_severity on_missing_data;
	const hr_severity_override *severities;
	size_t severity_count;
} hr_profile;

typedef struct hr_waiver {
	const hr_pattern *workload; /**< matches "namespace/Kind/name" */
	const char *workload_text;  /**< the pattern as written */
	const char *rule;           /**< a rule id of the catalog */
	const char *container;      /**< NULL: every container */
	const char *reason;
	const char *owner;
	const char *expires;        /**< "YYYY-MM-DD", inclusive */
	hr_policy_pos pos;
} hr_waiver;

typedef struct hr_pricing {
	const char *currency;       /**< "USD" */
	double cpu_core_hour;
	double memory_gib_hour;
	double hours_per_month;
} hr_pricing;

/** prometheus.on_unreachable: what the gate does when the source fails. */
typedef enum hr_unreachable {
	HR_UNREACHABLE_OPEN,   /**< continue without the data (on_missing_data) */
	HR_UNREACHABLE_CLOSED, /**< could not evaluate (exit 2) */
} hr_unreachable;

/** `prometheus:` of the policy: how to reach and ask a Prometheus-
 *  compatible store (headroom/prometheus.h).  Durations in seconds;
 *  strings NULL when not given. */
typedef struct hr_prometheus_settings {
	const char *url;            /**< --prometheus overrides it */
	const char *cluster_label;  /**< e.g. "cluster"; with cluster */
	const char *cluster;        /**< the cluster's value of that label */
	const char *token_env;      /**< bearer token from this variable */
	const char *username_env;   /**< basic auth from these variables */
	const char *password_env;
	const char *const *headers; /**< "Name: value" on every request */
	size_t header_count;
	const char *ca_file;        /**< NULL: system CAs (always verified) */
	int64_t timeout;            /**< per attempt */
	int64_t deadline;           /**< every query together */
	int64_t max_connections;
	int64_t rate_window;        /**< rate() window for CPU */
	int64_t step;               /**< subquery resolution */
	hr_unreachable on_unreachable;
} hr_prometheus_settings;

typedef struct hr_policy {
	const char *source;         /**< the file read, or NULL: built-in */
	const hr_profile *profiles; /**< in file order */
	size_t profile_count;
	const hr_profile *default_profile;
	const char *override_annotation; /**< "headroom.dev/profile" */
	const char *waive_annotation;    /**< "headroom.dev/waive" */
	const hr_severity_override *severities; /**< top level: every profile */
	size_t severity_count;
	const hr_waiver *waivers;
	size_t waiver_count;
	hr_pricing pricing;
	/** Allocatable of the largest node; 0 when unknown (the rule
	 *  request-exceeds-node is then silent).  Key `node: {cpu, memory}`. */
	int64_t node_cpu_milli;
	int64_t node_memory_bytes;
	/** Below these, usage data is low-confidence.  Key `confidence:`. */
	int64_t min_samples;
	double min_coverage;
	/** Key `prometheus:`; each key left out keeps its built-in value. */
	hr_prometheus_settings prometheus;
} hr_policy;

/**
 * Read a policy file.  Unknown keys, bad values, unknown rule ids and
 * patterns PCRE2 refuses are errors at their file:line (HR_EINVALID).
 */
int hr_policy_load(const char *path, hr_policy **out);

/** The same from text held by the caller (name is used in messages). */
int hr_policy_load_text(const char *name, const char *text, size_t len,
                        hr_policy **out);

/** The built-in default policy. */
int hr_policy_default(hr_policy **out);

/** The YAML text of the built-in default policy (static storage). */
const char *hr_policy_default_text(void);

void hr_policy_free(hr_policy **policy);

/** True when the anchored pattern matches all of subject. */
bool hr_policy_match(const hr_pattern *pattern, const char *subject);

/** The profile called name, or NULL. */
const hr_profile *hr_policy_profile(const hr_policy *policy, const char *name);

/**
 * The profile for a workload: the override annotation when it names a
 * profile, else the first profile (file order) whose selector matches, else
 * the default.  An annotation naming no profile is HR_EINVALID (the error
 * positioned at the annotation) and *out is the default profile.
 */
int hr_policy_select(const hr_policy *policy, const hr_workload *w,
                     const hr_profile **out);

/** The severity of rule under profile: top-level then profile overrides
 *  applied to the catalog default. */
hr_severity hr_policy_severity(const hr_policy *policy,
                               const hr_profile *profile, const char *rule,
                               hr_severity catalog_default);

#ifdef __cplusplus
}
#endif

#endif
