/*
 * Waivers: an unexpired waiver keeps its finding in the report, marked,
 * out of the verdict; an expired one is itself a finding (waiver-expired)
 * and covers nothing.
 */
#include "evaluate/evaluate_internal.h"

#include "policy/waive_annotation.h"
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool expired(const eval_ctx *ctx, const char *ymd)
{
	return ctx->now > hr_date_end_unix(ymd);
}

void hr_check_waivers(eval_ctx *ctx, const hr_rule_info *rule)
{
	const hr_policy *pol = ctx->policy;
	for (size_t i = 0; i < pol->waiver_count; i++) {
		const hr_waiver *wv = &pol->waivers[i];
		if (!expired(ctx, wv->expires))
			continue;
		hr_finding *f = hr_emit_at(ctx, rule, wv->pos.file, wv->pos.line,
		                           wv->pos.column, NULL, NULL,
		                           "the waiver of %s for %.120s expired on %s "
		                           "(owner %.80s)",
		                           wv->rule, wv->workload_text, wv->expires,
		                           wv->owner);
		hr_evidence_string(ctx, f, "waived_rule", wv->rule);
		hr_evidence_string(ctx, f, "expires", wv->expires);
		hr_evidence_string(ctx, f, "owner", wv->owner);
		hr_evidence_string(ctx, f, "reason", wv->reason);
	}
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload *w = &ctx->model->workloads[i];
		const workload_eval *we = hr_eval_workload(ctx, w);
		for (size_t k = 0; k < we->waiver_count; k++) {
			const hr_annotation_waiver *aw = &we->waivers[k];
			if (!expired(ctx, aw->expires))
				continue;
			hr_finding *f = hr_emit(ctx, rule, w->document->source,
			                        we->waiver_node, w, NULL,
			                        "the %s annotation's waiver of %s "
			                        "expired on %s",
			                        pol->waive_annotation, aw->rule,
			                        aw->expires);
			hr_evidence_string(ctx, f, "waived_rule", aw->rule);
			hr_evidence_string(ctx, f, "expires", aw->expires);
			hr_evidence_string(ctx, f, "reason", aw->reason);
		}
	}
}

/* "namespace/Kind/name", the subject waiver patterns match. */
static char *workload_key(const hr_workload *w)
{
	size_t n = strlen(w->namespace_) + strlen(w->kind_name) + strlen(w->name) + 3;
	char *key = hr_xmalloc(n);
	snprintf(key, n, "%s/%s/%s", w->namespace_, w->kind_name, w->name);
	return key;
}

static void waive(hr_finding *f, const char *reason, const char *owner,
                  const char *expires)
{
	f->waived = true;
	f->waiver_reason = reason;
	f->waiver_owner = owner;
	f->waiver_expires = expires;
}

static void apply_to(eval_ctx *ctx, hr_finding *f)
{
	const hr_workload *w = f->workload;
	if (strcmp(f->rule, "waiver-expired") == 0)
		return;
	const workload_eval *we = hr_eval_workload(ctx, w);
	for (size_t k = 0; k < we->waiver_count; k++) {
		const hr_annotation_waiver *aw = &we->waivers[k];
		if (strcmp(aw->rule, f->rule) == 0 && !expired(ctx, aw->expires)) {
			waive(f, aw->reason, "annotation", aw->expires);
			return;
		}
	}
	const hr_policy *pol = ctx->policy;
	char *key = NULL;
	for (size_t i = 0; i < pol->waiver_count; i++) {
		const hr_waiver *wv = &pol->waivers[i];
		if (strcmp(wv->rule, f->rule) != 0 || expired(ctx, wv->expires))
			continue;
		if (wv->container && (!f->container ||
		                      strcmp(wv->container, f->container->name) != 0))
			continue;
		if (!key)
			key = workload_key(w);
		if (hr_policy_match(wv->workload, key)) {
			waive(f, wv->reason, wv->owner, wv->expires);
			break;
		}
	}
	free(key);
}

void hr_apply_waivers(eval_ctx *ctx)
{
	for (size_t i = 0; i < ctx->finding_count; i++)
		if (ctx->findings[i].workload)
			apply_to(ctx, &ctx->findings[i]);
}
