/*
 * headroom: usage recommendations (the "recs" stage): observed usage per
 * container and, optionally, recommended requests and limits, matched to
 * workloads by namespace, kind, name and container.  Three sources are
 * read, the format detected from the text (never the file name):
 *   - headroom JSON, `headroom/recommendations/v1` (contract in design.md):
 *     usage percentiles, peak, samples, coverage, recommended values;
 *   - KRR JSON (`krr simple -f json`): one scan per container, recommended
 *     requests and limits and the strategy that made them; no
 *     percentiles, no peak, no samples;
 *   - VerticalPodAutoscaler objects (`kubectl get vpa -A -o yaml` or
 *     `-o json`), matched through spec.targetRef: the target as
 *     recommended requests, the bounds as evidence; no percentiles, no
 *     peak, no limits, no samples.
 * What a source lacks is never filled in: the fields stay "not given".
 *
 * Ownership: an hr_recommendations set owns everything it hands out;
 * pointers are borrowed and live until hr_recommendations_free().
 */
#ifndef HEADROOM_RECOMMENDATIONS_H
#define HEADROOM_RECOMMENDATIONS_H

#include "headroom/policy.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Observed distribution of one resource; has[] says which are present. */
typedef struct hr_usage_stats {
	bool present;                      /**< the object was given */
	bool has[HR_PERCENTILE_COUNT];
	double value[HR_PERCENTILE_COUNT]; /**< cores for CPU, bytes for memory */
} hr_usage_stats;

/** An explicit recommended value, as written ("350m") and parsed. */
typedef struct hr_recommended_value {
	bool set;
	/** As written; NULL for KRR's bare cores and bytes and for VPA's
	 *  bare byte counts ("381153325"), which are shown rounded up
	 *  ("15m", "364Mi"). */
	const char *text;
	hr_quantity quantity;
} hr_recommended_value;

/** The source a container's data came from. */
typedef enum hr_recs_source {
	HR_RECS_SOURCE_HEADROOM, /**< headroom/recommendations/v1 */
	HR_RECS_SOURCE_KRR,      /**< krr simple -f json */
	HR_RECS_SOURCE_VPA,      /**< VerticalPodAutoscaler status */
} hr_recs_source;

/** "headroom", "krr", "vpa". */
const char *hr_recs_source_name(hr_recs_source source);

/**
 * One fact a source states about its method or a value, kept for the
 * evidence as the source said it: KRR's "cpu_percentile" 95, a VPA's
 * "vpa_lower_bound_cpu" "25m".  A number when text is NULL.
 */
typedef struct hr_recs_fact {
	const char *key;
	const char *text;
	double number;
} hr_recs_fact;

/** A list of facts (a KRR file's strategy is shared by its containers). */
typedef struct hr_recs_facts {
	const hr_recs_fact *items;
	size_t count;
} hr_recs_facts;

typedef struct hr_container_usage {
	const char *name;
	int64_t samples;           /**< -1 when not given */
	double coverage;           /**< 0..1; -1 when not given */
	hr_usage_stats cpu;
	hr_usage_stats memory;
	int64_t oom_kills;         /**< -1 when not given */
	double cpu_throttled_ratio; /**< -1 when not given */
	double jvm_heap_used_max;  /**< bytes; -1 when not given */
	/**
	 * recommended.requests / recommended.limits: arrays of HR_RES_COUNT
	 * values indexed by hr_resource (u->requests[HR_RES_CPU]).  Never
	 * NULL: a container without any recommended value points both to a
	 * shared array whose values are all unset, so they cost it nothing.
	 * Owned by the set, like everything else it hands out.
	 */
	const hr_recommended_value *requests;
	const hr_recommended_value *limits;
	/** Where it came from, for evidence: "recs.json:12". */
	const char *file;
	unsigned line;
	/** The source, and what it cannot tell, comma-separated
	 *  ("percentiles,peak,samples,coverage"; NULL for headroom JSON).
	 *  KRR and VPA data has samples and coverage -1 and no usage
	 *  stats (present false): only recommended values. */
	hr_recs_source source;
	const char *lacks;
	/** How the source made its values (KRR's strategy, shared by the
	 *  file's containers), and facts about this container's values
	 *  (KRR's severities and info, a VPA's bounds).  Never NULL. */
	const hr_recs_facts *method;
	hr_recs_facts facts;
} hr_container_usage;

typedef struct hr_workload_usage {
	const char *cluster;       /**< NULL when not given */
	const char *namespace_;    /**< "default" when not given */
	const char *kind;
	const char *name;
	bool has_replicas;
	double replicas_avg;
	double replicas_max;
	const hr_container_usage *containers;
	size_t container_count;
	/** Why the source names this workload but has no data for (some of)
	 *  its containers: a VPA without a recommendation yet, a KRR scan
	 *  whose values are all "?".  NULL when nothing is missing. */
	const char *note;
} hr_workload_usage;

typedef struct hr_recommendations hr_recommendations;

/** An empty set (no source read yet). */
int hr_recommendations_new(hr_recommendations **out);

/**
 * Read one file into the set.  The format is detected from its first
 * meaningful bytes and top-level keys: "schema" (headroom JSON), "scans"
 * with "strategy" or "score" (KRR), or VerticalPodAutoscaler objects
 * (YAML, JSON, a List or a multi-document stream).  Anything else is
 * HR_EINVALID naming the formats expected.  Malformed input, a wrong
 * schema, wrong types and out-of-range values are HR_EINVALID with
 * file:line:column; unknown fields are ignored (forward compatibility).
 * The window and generated_at of the first file are kept.
 */
int hr_recommendations_add_file(hr_recommendations *set, const char *path);

/** The same from bytes held by the caller (copied); name for messages. */
int hr_recommendations_add_buffer(hr_recommendations *set, const char *name,
                                  const char *data, size_t len);

/** Files read so far. */
size_t hr_recommendations_source_count(const hr_recommendations *set);

/** "14d" or NULL. */
const char *hr_recommendations_window(const hr_recommendations *set);

/** generated_at of the first file as written ("2026-11-20T00:00:00Z"), or
 *  NULL. */
const char *hr_recommendations_generated_at(const hr_recommendations *set);

/** The usage of a workload's container, or NULL.  Lookups are hashed. */
const hr_container_usage *hr_recommendations_find(
        const hr_recommendations *set, const char *namespace_,
        const char *kind, const char *name, const char *container);

/** The workload entry (for replicas), or NULL. */
const hr_workload_usage *hr_recommendations_find_workload(
        const hr_recommendations *set, const char *namespace_,
        const char *kind, const char *name);

void hr_recommendations_free(hr_recommendations **set);

#ifdef __cplusplus
}
#endif

#endif
