/*
 * Before the rules run: each workload's profile, its annotation waivers,
 * and what usage data says about each of its containers.
 */
#include "evaluate/evaluate_internal.h"

#include "policy/waive_annotation.h"
#include "util/alloc.h"

#include <string.h>

workload_eval *hr_eval_workload(eval_ctx *ctx, const hr_workload *w)
{
	return &ctx->workloads[w - ctx->model->workloads];
}

const container_eval *hr_eval_container(eval_ctx *ctx, const hr_workload *w,
                                        const hr_container *c)
{
	return &hr_eval_workload(ctx, w)->containers[c - w->containers];
}

static const hr_kv *annotation(const hr_workload *w, const char *key)
{
	for (size_t i = 0; i < w->annotation_count; i++)
		if (strcmp(w->annotations[i].key, key) == 0)
			return &w->annotations[i];
	return NULL;
}

static int read_waive_annotation(eval_ctx *ctx, const hr_workload *w,
                                 workload_eval *we)
{
	const hr_kv *a = annotation(w, ctx->policy->waive_annotation);
	if (!a)
		return HR_OK;
	const hr_node *at = a->node ? a->node : w->document->root;
	const hr_annotation_waiver *list = NULL;
	size_t count = 0;
	if (hr_waive_annotation_parse(a->value, strlen(a->value), ctx->arena,
	                              &list, &count) != HR_OK)
		return hr_fail_at(HR_EINVALID, w->document->source->path,
		                  at->start.line, at->start.column,
		                  "annotation %s: %s (write \"RULE until "
		                  "YYYY-MM-DD: reason\")",
		                  ctx->policy->waive_annotation,
		                  hr_error_last()->message);
	we->waivers = list;
	we->waiver_count = count;
	we->waiver_node = at;
	return HR_OK;
}

int hr_eval_prepare_workload(eval_ctx *ctx, size_t i)
{
	const hr_workload *w = &ctx->model->workloads[i];
	workload_eval *we = &ctx->workloads[i];
	int rc = hr_policy_select(ctx->policy, w, &we->profile);
	if (rc == HR_OK)
		rc = read_waive_annotation(ctx, w, we);
	if (rc)
		return rc;
	ctx->results[i].profile = we->profile->name;
	const hr_jvm **jvms = NULL;
	we->containers = hr_arena_alloc(ctx->arena, w->container_count *
	                                                    sizeof(*we->containers));
	for (size_t k = 0; k < w->container_count; k++) {
		const hr_container *c = &w->containers[k];
		const hr_container_usage *u =
		        hr_recommendations_find(ctx->recs, w->namespace_,
		                                w->kind_name, w->name, c->name);
		hr_usage_prepare(ctx, we->profile, c, u, &we->containers[k]);
		rc = hr_jvm_prepare(ctx, w, c, we->profile, &we->containers[k]);
		if (rc)
			return rc;
		if (we->containers[k].jvm) {
			if (!jvms)
				jvms = hr_arena_alloc(ctx->arena, w->container_count *
				                                          sizeof(*jvms));
			jvms[k] = we->containers[k].jvm;
		}
	}
	ctx->results[i].jvm = jvms;
	return HR_OK;
}

int hr_eval_prepare(eval_ctx *ctx)
{
	const hr_model *m = ctx->model;
	ctx->workloads = hr_arena_alloc(ctx->arena,
	                                m->workload_count * sizeof(*ctx->workloads));
	ctx->results = hr_arena_alloc(ctx->arena,
	                              m->workload_count * sizeof(*ctx->results));
	return hr_eval_slices_prepare(ctx);
}
