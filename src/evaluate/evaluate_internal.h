/*
 * The evaluate stage: rules read the model and emit findings through one
 * context.  The rule table (rule_catalog.c) is data; each group of rules
 * lives in its own rules_*.c file.
 */
#ifndef HR_EVALUATE_INTERNAL_H
#define HR_EVALUATE_INTERNAL_H

#include "headroom/check.h"
#include "headroom/policy.h"
#include "headroom/recommendations.h"
#include "headroom/rules.h"
#include "util/arena.h"
#include "util/error_internal.h"

typedef struct eval_ctx eval_ctx;

typedef enum hr_confidence {
	HR_CONFIDENCE_LOW,
	HR_CONFIDENCE_MEDIUM, /* samples and coverage not stated */
	HR_CONFIDENCE_HIGH,
	HR_CONFIDENCE_UNKNOWN, /* a KRR or VPA source: no samples, no coverage */
} hr_confidence;

const char *hr_confidence_name(hr_confidence c);

/* Requests [0] and limits [1]. */
enum { HR_REQ = 0, HR_LIM = 1 };

/* What usage data says about one container, prepared once before the
 * rules run.  Values are in cores (CPU) and bytes (memory). */
typedef struct container_eval {
	const hr_container_usage *usage; /* NULL: no data for it */
	const hr_jvm *jvm;               /* NULL: runs no JVM */
	hr_confidence confidence;
	const char *confidence_reason;   /* why it is low, else NULL */
	/* The recommendation: explicit `recommended` values win, else
	 * computed from the profile.  Its text (hr_rec_text()) is made only
	 * for the findings that show it. */
	bool rec_set[2][HR_RES_COUNT];
	double rec[2][HR_RES_COUNT];
	const char *rec_explicit[2][HR_RES_COUNT]; /* the text as written */
} container_eval;

/* A recommended value as people write it: the file's own text when it
 * was explicit, else rounded (hr_format_cpu/hr_format_memory). */
const char *hr_rec_text(eval_ctx *ctx, const container_eval *ce, int which,
                        hr_resource r);

typedef struct workload_eval {
	const hr_profile *profile;
	container_eval *containers; /* parallel to the workload's containers */
	/* Annotation waivers of this workload (headroom.dev/waive). */
	const struct hr_annotation_waiver *waivers;
	size_t waiver_count;
	const hr_node *waiver_node;
} workload_eval;

struct eval_ctx {
	const hr_manifests *manifests;
	const hr_model *model;
	const hr_policy *policy;
	const hr_recommendations *recs; /* never NULL; maybe empty */
	bool has_usage;                 /* some recommendation file was read */
	int64_t now;                    /* unix seconds */
	hr_arena *arena;
	unsigned jobs;                  /* threads asked for; 0: one per CPU */
	workload_eval *workloads;       /* parallel to model->workloads */
	hr_workload_result *results;    /* parallel to model->workloads */
	hr_finding *findings;
	size_t finding_count, finding_cap;
	/* The model at the base revision; NULL when no change is judged.
	 * results[i].change and .base say how each workload compares. */
	const hr_model *base_model;
	const hr_manifests *base_manifests;
	struct hr_git_base *git;        /* for line diffs; NULL without a base */
};

/* Profiles, annotation waivers and usage of every workload (profiles.c). */
int hr_eval_prepare(eval_ctx *ctx);
/* The same for workload i of ctx->model. */
int hr_eval_prepare_workload(eval_ctx *ctx, size_t i);

/*
 * Large inputs are evaluated in slices of the workloads on several threads
 * (eval_slices.c), with a result identical to one thread's.  Inside a
 * slice, ctx->model is a view of the slice's workloads only (a copy of the
 * model with workloads and workload_count narrowed; not an hr_model_build()
 * result, so hr_model_find() must not be given it) and ctx->workloads,
 * ctx->results are narrowed alike.
 */
/* hr_eval_prepare_workload() for every workload; the first error in
 * workload order is returned. */
int hr_eval_slices_prepare(eval_ctx *ctx);
/* Every rule of the catalog, findings in catalog then workload order. */
void hr_eval_rules(eval_ctx *ctx);

/* The evaluation state of a model workload / container. */
workload_eval *hr_eval_workload(eval_ctx *ctx, const hr_workload *w);
const container_eval *hr_eval_container(eval_ctx *ctx, const hr_workload *w,
                                        const hr_container *c);

/* Usage of one container against its profile (usage_eval.c). */
void hr_usage_prepare(eval_ctx *ctx, const hr_profile *profile,
                      const hr_container *c, const hr_container_usage *u,
                      container_eval *out);

/* The JVM analysis of a container (jvm_eval.c); ce->jvm stays NULL for
 * a container that runs no JVM. */
int hr_jvm_prepare(eval_ctx *ctx, const hr_workload *w, const hr_container *c,
                   const hr_profile *profile, container_eval *ce);

/* A finding that proposes a new memory limit for a Java container: the
 * heap option that keeps the heap's share of the limit (jvm_eval.c). */
void hr_jvm_follow_limit(eval_ctx *ctx, hr_finding *f, const container_eval *ce,
                         const hr_container *c, const char *new_limit);

/* The observed peak: max, else the highest percentile given; -1 when
 * the resource has no data (usage_eval.c). */
double hr_usage_peak(const hr_usage_stats *s);

/* A set value in cores (CPU) or bytes, as a double; 0 when unset. */
double hr_value_amount(const hr_resource_value *v);

/* Suggestions rounded the way people write them: CPU up to 5m below
 * 100m, else 10m, whole cores as "2"; memory up to Mi, "Gi" when whole. */
const char *hr_format_cpu(hr_arena *arena, double cores);
const char *hr_format_memory(hr_arena *arena, double bytes);

/* Per-workload cost and the totals (cost.c). */
void hr_cost_compute(eval_ctx *ctx, hr_cost_summary *summary);
/* Monthly price of `amount` of resource r for one workload's replicas. */
double hr_cost_monthly(const eval_ctx *ctx, const hr_workload *w,
                       hr_resource r, double amount);

/* The monthly cost of a workload that is not in ctx->model (the base's):
 * its own replicas (the same sources as cost.c's), its pod requests. */
double hr_cost_of(const eval_ctx *ctx, const hr_workload *w);

/* Rounded down the way people write values (hr_format_cpu/_memory round
 * up): the largest clean value within a bound. */
const char *hr_format_floor(hr_arena *arena, hr_resource r, double v);

/* One step of a value: -1 when it shrinks by more than max_decrease,
 * 1 when it grows by more than max_increase, else 0 (a bound of 0: none;
 * a value written exactly at the bound passes).  rules_change.c. */
int hr_step_verdict(double before, double after, double max_decrease,
                    double max_increase);
/* The largest step the policy allows from before, as people write it. */
const char *hr_step_suggestion(hr_arena *arena, hr_resource r, double before,
                               int verdict, double max_decrease,
                               double max_increase);

/* Matching by identity (kind, namespace, name), change.c.  base_of[i]
 * receives the base workload of now->workloads[i] or NULL (new);
 * base_kept[j] tells whether base->workloads[j] is still there. */
void hr_change_match(const hr_model *now, const hr_model *base,
                     const hr_workload **base_of, bool *base_kept);

/* How a change touches a workload, given its base (NULL: new). */
hr_change_status hr_change_classify(const hr_workload *now,
                                    const hr_workload *base);

/* Statuses, base costs and the deleted workloads into sum; the cost
 * summary's base and delta (change.c). */
void hr_change_compare(eval_ctx *ctx, hr_change_summary *sum,
                       hr_cost_summary *cost);

/* Mark the findings on lines the change added or modified (a line diff
 * of each file with its base version, a file new to the base all
 * changed; change.c). */
int hr_change_mark_lines(eval_ctx *ctx);

/* Waivers: mark findings covered by an unexpired waiver (rules_policy.c). */
void hr_apply_waivers(eval_ctx *ctx);

typedef void (*hr_rule_check_fn)(eval_ctx *ctx, const hr_rule_info *rule);

/* The catalog entry of a rule together with its check. */
typedef struct hr_rule_entry {
	hr_rule_info info;
	hr_rule_check_fn check;
} hr_rule_entry;

const hr_rule_entry *hr_rule_entries(size_t *count);

/* Start a finding at a node of a source; add evidence, then it is done.
 * The message is formatted into the report's arena.  The severity is the
 * rule's under the workload's profile (the policy's overrides applied). */
hr_finding *hr_emit(eval_ctx *ctx, const hr_rule_info *rule,
                    const hr_source *src, const hr_node *at,
                    const hr_workload *w, const hr_container *c,
                    const char *fmt, ...) HR_PRINTF(7, 8);

/* The same at a position of a file that is not a manifest (the policy). */
hr_finding *hr_emit_at(eval_ctx *ctx, const hr_rule_info *rule,
                       const char *file, unsigned line, unsigned column,
                       const hr_workload *w, const hr_container *c,
                       const char *fmt, ...) HR_PRINTF(8, 9);

void hr_evidence_int(eval_ctx *ctx, hr_finding *f, const char *key, int64_t v);
void hr_evidence_number(eval_ctx *ctx, hr_finding *f, const char *key, double v);
void hr_evidence_string(eval_ctx *ctx, hr_finding *f, const char *key,
                        const char *v);

void hr_evidence_bool(eval_ctx *ctx, hr_finding *f, const char *key, bool v);

/* The usage data behind a finding: window, samples, coverage, confidence. */
void hr_evidence_usage(eval_ctx *ctx, hr_finding *f, const container_eval *ce);

/* A safe value to write instead: field "resources.limits.memory". */
void hr_suggest(hr_finding *f, const char *field, const char *value);

/* Field paths of a container's resources, e.g. "resources.requests.cpu". */
const char *hr_resource_field(int which, hr_resource r);

/* Rule checks, one per rule id. */
void hr_check_duplicate_keys(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_waivers(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_cpu_request_missing(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_memory_request_missing(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_memory_limit_missing(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_cpu_limit_missing(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_cpu_limit_forbidden(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_limit_below_request(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_limit_request_ratio(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_qos_class(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_request_exceeds_node(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_memory_limit_below_peak(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_memory_request_below_usage(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_cpu_request_below_usage(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_cpu_throttling(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_oom_kills(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_overprovisioned_cpu(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_overprovisioned_memory(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_no_usage_data(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_low_confidence(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_jvm_heap_exceeds_limit(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_jvm_heap_fraction_high(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_jvm_no_memory_limit(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_jvm_container_support_disabled(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_jvm_invalid_option(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_jvm_serial_gc_ergonomics(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_jvm_cpu_count_mismatch(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_jvm_no_cpu_limit(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_jvm_options_not_applied(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_jvm_removed_option(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_jvm_direct_memory_unbounded(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_jvm_initial_heap_above_request(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_change_step(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_replicas_minimum(eval_ctx *ctx, const hr_rule_info *rule);
void hr_check_cost_budget(eval_ctx *ctx, const hr_rule_info *rule);

#endif
