/*
 * The evaluate stage: rules read the model and emit findings through one
 * context.  The rule table (rule_catalog.c) is data; each group of rules
 * lives in its own rules_*.c file.
 */
#ifndef HR_EVALUATE_INTERNAL_H
#define HR_EVALUATE_INTERNAL_H

#include "headroom/check.h"
#include "headroom/rules.h"
#include "util/arena.h"
#include "util/error_internal.h"

typedef struct eval_ctx {
	const hr_manifests *manifests;
	const hr_model *model;
	hr_arena *arena;
	hr_finding *findings;
	size_t finding_count, finding_cap;
} eval_ctx;

typedef void (*hr_rule_check_fn)(eval_ctx *ctx, const hr_rule_info *rule);

/* The catalog entry of a rule together with its check. */
typedef struct hr_rule_entry {
	hr_rule_info info;
	hr_rule_check_fn check;
} hr_rule_entry;

const hr_rule_entry *hr_rule_entries(size_t *count);

/* Start a finding at a node of a source; add evidence, then it is done.
 * The message is formatted into the report's arena. */
hr_finding *hr_emit(eval_ctx *ctx, const hr_rule_info *rule,
                    const hr_source *src, const hr_node *at,
                    const hr_workload *w, const hr_container *c,
                    const char *fmt, ...) HR_PRINTF(7, 8);

void hr_evidence_int(eval_ctx *ctx, hr_finding *f, const char *key, int64_t v);
void hr_evidence_number(eval_ctx *ctx, hr_finding *f, const char *key, double v);
void hr_evidence_string(eval_ctx *ctx, hr_finding *f, const char *key,
                        const char *v);

/* Rule checks, one per rule id. */
void hr_check_duplicate_keys(eval_ctx *ctx, const hr_rule_info *rule);

#endif
