/*
 * headroom: usage history from a Prometheus-compatible HTTP API
 * (Prometheus, Thanos, Mimir, VictoriaMetrics), turned into a
 * `headroom/recommendations/v1` document (the "recs" stage's online
 * source).
 *
 * One document, two uses: `headroom recommend` writes it to a file that
 * later checks read offline, and `headroom check --prometheus URL` reads
 * the same bytes at once (hr_recommendations_add_buffer()), so the two
 * give the same findings by construction.
 *
 * What is asked, per chunk of namespaces and per statistic (never per
 * container, so the number of queries grows with namespaces, not
 * workloads): instant queries at the window's end over the whole window,
 * for the working set (p50, p95, p99, max, sample count, first and last
 * sample time), CPU (a subquery of rate(), p50, p95, p99, max), CFS
 * throttling, OOM kills and restarts (kube-state-metrics), and pod owners
 * (kube_pod_owner, kube_replicaset_owner, kube_job_owner).
 *
 * How per-pod series become one workload container (README, "Prometheus"):
 *   - pods map to workloads through the owner series; a pod without them
 *     through its name (Deployment NAME-<hash>-<suffix>, CronJob
 *     NAME-<timestamp>-<suffix>, StatefulSet NAME-N, DaemonSet NAME-<suffix>);
 *   - max = the largest per-pod max; p50/p95/p99 = the largest per-pod
 *     percentile (conservative: never below any pod's);
 *   - samples = the sum of the pods' working-set sample counts;
 *   - coverage = the length of the union of the pods' [first sample, last
 *     sample] intervals, clipped to the window, divided by the window;
 *   - oom_kills and restarts = sums over the pods; cpu_throttled_ratio =
 *     the largest per-pod ratio of throttled to total CFS periods.
 *
 * Ownership: hr_prom_result owns its document, failures and notes until
 * hr_prom_result_clear(); options and settings are borrowed for the call.
 */
#ifndef HEADROOM_PROMETHEUS_H
#define HEADROOM_PROMETHEUS_H

#include "headroom/error.h"
#include "headroom/policy.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The default usage window: 14 days, in seconds. */
#define HR_PROM_DEFAULT_WINDOW (14 * 86400)

/** The longest window accepted (a year): a bound on what is asked. */
#define HR_PROM_MAX_WINDOW (366 * 86400)

/**
 * Parse a duration: digits then one unit, s m h d w ("30s", "5m", "1h",
 * "14d", "2w"); greater than 0 and at most 10 years.
 * @return HR_OK, or HR_EINVALID with a message
 */
int hr_duration_parse(const char *text, int64_t *seconds);

/** Write seconds in the largest unit that divides it ("14d", "90s");
 *  buf holds at least 24 bytes. */
const char *hr_duration_format(int64_t seconds, char *buf, size_t size);

typedef struct hr_prom_options {
	/** Base URL, "http://127.0.0.1:9090" or ".../prometheus"; required. */
	const char *url;
	/** From the policy (prometheus:); NULL: the built-in defaults. */
	const hr_prometheus_settings *settings;
	int64_t at;      /**< the window's end, unix seconds (required, > 0) */
	int64_t window;  /**< seconds; 0: HR_PROM_DEFAULT_WINDOW */
	/** The namespaces to ask about; none: every namespace the store has
	 *  container series for (one more query). */
	const char *const *namespaces;
	size_t namespace_count;
	/** Benchmark baseline only: one set of queries per workload
	 *  container (after a discovery query), as tools without batching
	 *  do.  The document is the same. */
	bool per_container;
} hr_prom_options;

typedef struct hr_prom_result {
	/** The recommendations document (JSON, NUL-terminated), or NULL when
	 *  no query succeeded (see unreachable). */
	char *document;
	size_t document_len;
	/** True when the source could not be used at all: nothing answered,
	 *  or the settings could not be applied (a token variable unset). */
	bool unreachable;
	/** What failed, one line each, never holding a token: "prometheus
	 *  http://...: namespaces a, b: POST ...: timed out ..." */
	char **failures;
	size_t failure_count;
	/** What was skipped but did not fail (NaN values, bad names). */
	char **notes;
	size_t note_count;
	/** Namespaces whose data is missing because their queries failed. */
	size_t failed_namespaces;
	size_t queries;     /**< HTTP requests made (queries, not attempts) */
	size_t attempts;    /**< HTTP attempts, retries included */
	size_t workloads;   /**< workloads in the document */
} hr_prom_result;

/**
 * Ask the store and build the document.  A source that fails is not an
 * error here: the result says what failed (unreachable, notes) and the
 * caller applies prometheus.on_unreachable.
 *
 * @return HR_OK; HR_EUSAGE for meaningless options (no URL, a URL that is
 *         not http(s), at <= 0, a window over HR_PROM_MAX_WINDOW)
 */
int hr_prom_export(const hr_prom_options *opts, hr_prom_result *out);

/** Free what a result holds; it is zeroed and reusable. */
void hr_prom_result_clear(hr_prom_result *result);

#ifdef __cplusplus
}
#endif

#endif
