/*
 * headroom: usage recommendations (the "recs" stage): observed usage per
 * container and, optionally, recommended requests and limits, read from
 * `headroom/recommendations/v1` JSON files (contract in design.md) and
 * matched to workloads by namespace, kind, name and container.
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
	const char *text;
	hr_quantity quantity;
} hr_recommended_value;

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
} hr_workload_usage;

typedef struct hr_recommendations hr_recommendations;

/** An empty set (no source read yet). */
int hr_recommendations_new(hr_recommendations **out);

/**
 * Read one file into the set.  The format is detected; this issue reads
 * `headroom/recommendations/v1`.  Malformed JSON, a wrong schema, wrong
 * types and out-of-range values are HR_EINVALID with file:line:column;
 * unknown fields are ignored (forward compatibility).  The window and
 * generated_at of the first file are kept.
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
