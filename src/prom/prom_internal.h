/*
 * The Prometheus source's private side: the statistics asked for, the
 * rows decoded from answers, pod-to-workload mapping and aggregation.
 * Each .c of src/prom/ is one step: query.c builds PromQL, response.c
 * decodes answers, owners.c maps pods, aggregate.c writes the document,
 * source.c runs them over HTTP.
 */
#ifndef HR_PROM_INTERNAL_H
#define HR_PROM_INTERNAL_H

#include "headroom/model.h"
#include "headroom/prometheus.h"
#include "headroom/recommendations.h"
#include "util/arena.h"
#include "util/strmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The statistics: one instant query each per chunk of namespaces. */
typedef enum prom_stat {
	PS_MEM_P50,
	PS_MEM_P95,
	PS_MEM_P99,
	PS_MEM_MAX,
	PS_MEM_COUNT,     /* working-set samples */
	PS_MEM_FIRST,     /* first sample time, unix s */
	PS_MEM_LAST,      /* last sample time */
	PS_CPU_P50,
	PS_CPU_P95,
	PS_CPU_P99,
	PS_CPU_MAX,
	PS_THROTTLED,     /* throttled / total CFS periods */
	PS_RESTARTS,
	PS_OOM,
	PS_POD_OWNER,     /* labels namespace, pod, owner_kind, owner_name */
	PS_RS_OWNER,      /* namespace, replicaset, owner_kind, owner_name */
	PS_JOB_OWNER,     /* namespace, job_name, owner_kind, owner_name */
	PS_COUNT
} prom_stat;

/* Statistics of one container (labels namespace, pod, container). */
#define PS_CONTAINER_COUNT (PS_OOM + 1)

#define PROM_LABELS_MAX 4

/* Namespaces per query: the answer of one query stays moderate, and the
 * number of queries grows with namespaces / this, never with workloads. */
#define PROM_NAMESPACES_PER_QUERY 25u

/* Rows one answer may hold; more is an error (a store gone wrong). */
#define PROM_ROWS_MAX 2000000u

/* The longest label value kept (a Kubernetes name is at most 253). */
#define PROM_LABEL_MAX 253u

/* What a statistic asks for: its labels and its name in messages. */
typedef struct prom_stat_info {
	const char *name;                     /* "memory p95" */
	const char *labels[PROM_LABELS_MAX];  /* NULL-terminated */
} prom_stat_info;

const prom_stat_info *hr_prom_stat(prom_stat s);

/* What one query is about. */
typedef struct prom_scope {
	const char *const *namespaces; /* DNS-1123 labels: no escaping needed */
	size_t namespace_count;
	const char *cluster_label;     /* NULL: no cluster matcher */
	const char *cluster;
	/* One container's pods (per-container mode): NULL for a batch. */
	const char *const *pods;
	size_t pod_count;
	const char *container;
	int64_t window, rate_window, step; /* seconds */
} prom_scope;

/* The PromQL text of statistic s over scope (free()). */
char *hr_prom_query(prom_stat s, const prom_scope *scope);

/* The series whose namespaces discovery lists (match[] of the label
 * values API), with scope's cluster matcher (free()). */
char *hr_prom_discovery_match(const prom_scope *scope);

/* A Kubernetes namespace name (DNS-1123 label): only these are asked
 * about, so that no manifest string reaches a query unescaped. */
bool hr_prom_valid_namespace(const char *s);

/* One series of an answer: its label values (in the arena) and value. */
typedef struct prom_row {
	const char *label[PROM_LABELS_MAX];
	double value;
} prom_row;

typedef struct prom_rows {
	prom_row *rows;
	size_t count, cap;
	size_t skipped_value;  /* NaN, +Inf, -Inf, negative, not a number */
	size_t skipped_labels; /* a label missing, empty or too long */
} prom_rows;

/*
 * Decode an /api/v1/query answer holding an instant vector; each row
 * gets the values of labels (NULL-terminated, at most PROM_LABELS_MAX).
 * Rows whose value is not finite, or that lack a label, are counted and
 * skipped.  Returns HR_OK, or HR_EINVALID with a message for anything
 * else: not JSON, status error (with Prometheus' errorType and error),
 * another result type, wrong types, more than PROM_ROWS_MAX rows.
 */
int hr_prom_decode_vector(const char *body, size_t len,
                          const char *const *labels, hr_arena *arena,
                          prom_rows *out);

/* Decode an /api/v1/label/NAME/values answer: the strings (arena). */
int hr_prom_decode_strings(const char *body, size_t len, hr_arena *arena,
                           const char ***out, size_t *count);

/* ---- pods to workloads ------------------------------------------------- */

typedef struct prom_owner {
	const char *kind;
	const char *name;
} prom_owner;

typedef struct prom_owners {
	hr_strmap pods;   /* "ns\0pod" -> prom_owner* */
	hr_strmap sets;   /* "ns\0replicaset" -> prom_owner* */
	hr_strmap jobs;   /* "ns\0job" -> prom_owner* */
	hr_arena *arena;
} prom_owners;

void hr_prom_owners_init(prom_owners *o, hr_arena *arena);
void hr_prom_owners_dispose(prom_owners *o);

/* Record the rows of PS_POD_OWNER, PS_RS_OWNER or PS_JOB_OWNER. */
void hr_prom_owners_add(prom_owners *o, prom_stat s, const prom_rows *rows);

/*
 * The workload running pod: its owner series followed up (ReplicaSet to
 * Deployment or Rollout, Job to CronJob), else its name's pattern, else
 * the pod itself (kind Pod).  Returns HR_OK, or HR_EINVALID when the
 * patterns cannot be compiled (a bug).
 */
int hr_prom_owner_of(const prom_owners *o, const char *namespace_,
                     const char *pod, prom_owner *out);

/* Name patterns only (tests): the kind and the name's workload part. */
int hr_prom_owner_by_name(const char *pod, hr_arena *arena, prom_owner *out);

/* ---- the document ------------------------------------------------------ */

typedef struct prom_doc_options {
	int64_t at, window;
	const char *cluster; /* written on every workload, or NULL */
} prom_doc_options;

/*
 * Combine the rows of every statistic (rows[s], any may be empty) into
 * the recommendations document (README "Prometheus" for the method).
 * *out is malloc'd, NUL-terminated; *workloads the count written.
 */
int hr_prom_document(const prom_rows rows[PS_COUNT], const prom_owners *owners,
                     const prom_doc_options *opts, char **out, size_t *len,
                     size_t *workloads);

/* ---- check --prometheus ------------------------------------------------ */

typedef struct hr_prom_check {
	const char *url;
	int64_t at, window;            /* seconds; window 0: 14 days */
	const hr_model *model;         /* its namespaces are asked about */
	const hr_policy *policy;       /* prometheus: settings */
	hr_recommendations *recs;      /* receives the document */
	hr_arena *arena;               /* holds the notes */
} hr_prom_check;

typedef struct prom_check_notes {
	const char **lines;
	size_t count, cap;
} prom_check_notes;

/*
 * Export for the model's namespaces and read the document into recs.
 * What failed becomes a note saying what the gate did (on_unreachable:
 * open), or the error (closed: HR_EIO, "...; cannot evaluate").  Notes
 * of skipped values are added as they are.
 */
int hr_prom_check_usage(const hr_prom_check *c, prom_check_notes *out);

#endif
