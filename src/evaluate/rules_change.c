/*
 * Change rules: how far one change moves each value (needs a base
 * revision), what it adds to the bill, and the replica floor of the
 * profile (a state rule: it runs with or without a base).
 */
#include "evaluate/evaluate_internal.h"

#include <math.h>
#include <string.h>

/* A relative bound is compared with a little slack, so that a value
 * written exactly at the bound (717Mi for 1Gi at 30%) passes. */
#define SLACK 1e-9

static const hr_source *source_of(const hr_workload *w)
{
	return w->document->source;
}

static const hr_container *base_container(const hr_workload *base,
                                          const hr_container *c)
{
	for (size_t i = 0; i < base->container_count; i++)
		if (strcmp(base->containers[i].name, c->name) == 0 &&
		    base->containers[i].role == c->role)
			return &base->containers[i];
	return NULL;
}

static bool judged(const hr_workload_result *res)
{
	return res->base && (res->change == HR_CHANGE_CHANGED ||
	                     res->change == HR_CHANGE_MOVED);
}

static const char *value_word(int which, hr_resource r)
{
	static const char *const words[2][2] = {
		{"CPU request", "memory request"},
		{"CPU limit", "memory limit"},
	};
	return words[which][r];
}

int hr_step_verdict(double before, double after, double max_decrease,
                    double max_increase)
{
	if (before <= 0)
		return 0;
	if (max_decrease > 0 && after < before * (1 - max_decrease) * (1 - SLACK))
		return -1;
	if (max_increase > 0 && after > before * (1 + max_increase) * (1 + SLACK))
		return 1;
	return 0;
}

const char *hr_step_suggestion(hr_arena *arena, hr_resource r, double before,
                               int verdict, double max_decrease,
                               double max_increase)
{
	/* Rounded up when shrinking (never below the bound), down when
	 * growing (never above it). */
	if (verdict > 0)
		return hr_format_floor(arena, r, before * (1 + max_increase));
	double bound = before * (1 - max_decrease);
	return r == HR_RES_CPU ? hr_format_cpu(arena, bound)
	                       : hr_format_memory(arena, bound);
}

static void step(eval_ctx *ctx, const hr_rule_info *rule, const hr_workload *w,
                 const hr_container *c, const hr_profile *p, int which,
                 hr_resource r, const hr_resource_value *was)
{
	const hr_resource_value *v =
	        which == HR_REQ ? &c->resources.requests[r] : &c->resources.limits[r];
	double before = hr_value_amount(was), after = hr_value_amount(v);
	double dec = p->change.max_decrease, inc = p->change.max_increase;
	int verdict = hr_step_verdict(before, after, dec, inc);
	if (!v->set || !was->set || verdict == 0)
		return;
	bool shrinks = verdict < 0, grows = verdict > 0;
	double change = after / before - 1;
	double bound = shrinks ? -dec : inc;
	hr_finding *f = hr_emit(ctx, rule, source_of(w), v->node, w, c,
	                        "%s %s from %.40s to %.40s (%+.0f%%) in one "
	                        "change; profile \"%.60s\" allows %+.0f%%",
	                        value_word(which, r),
	                        shrinks ? "shrinks" : "grows", was->text,
	                        v->text, change * 100, p->name, bound * 100);
	/* Growing too fast is a review, not a risk: at most a warning. */
	if (grows && f->severity > HR_SEVERITY_WARN)
		f->severity = HR_SEVERITY_WARN;
	hr_evidence_string(ctx, f, "base", was->text);
	hr_evidence_string(ctx, f, "proposed", v->text);
	hr_evidence_number(ctx, f, "change", round(change * 1000) / 1000);
	hr_evidence_number(ctx, f, shrinks ? "max_decrease" : "max_increase",
	                   shrinks ? dec : inc);
	hr_suggest(f, hr_resource_field(which, r),
	           hr_step_suggestion(ctx->arena, r, before, verdict, dec, inc));
}

void hr_check_change_step(eval_ctx *ctx, const hr_rule_info *rule)
{
	if (!ctx->base_model)
		return;
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload_result *res = &ctx->results[i];
		if (!judged(res))
			continue;
		const hr_workload *w = &ctx->model->workloads[i];
		const hr_profile *p = hr_eval_workload(ctx, w)->profile;
		for (size_t k = 0; k < w->container_count; k++) {
			const hr_container *c = &w->containers[k];
			const hr_container *b = base_container(res->base, c);
			if (!b)
				continue;
			for (int r = HR_RES_CPU; r <= HR_RES_MEMORY; r++) {
				step(ctx, rule, w, c, p, HR_REQ, (hr_resource)r,
				     &b->resources.requests[r]);
				step(ctx, rule, w, c, p, HR_LIM, (hr_resource)r,
				     &b->resources.limits[r]);
			}
		}
	}
}

/* Replicas are a floor only where the manifest or an HPA sets them. */
static bool has_replicas(const hr_workload *w)
{
	return !w->per_node && w->kind != HR_KIND_POD && w->kind != HR_KIND_JOB &&
	       w->kind != HR_KIND_CRONJOB;
}

void hr_check_replicas_minimum(eval_ctx *ctx, const hr_rule_info *rule)
{
	char min_text[32];
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload *w = &ctx->model->workloads[i];
		const hr_profile *p = hr_eval_workload(ctx, w)->profile;
		int64_t min = p->replicas.min;
		if (min <= 0 || !has_replicas(w))
			continue;
		snprintf(min_text, sizeof(min_text), "%lld", (long long)min);
		hr_finding *f;
		if (w->hpa) {
			const hr_hpa *h = w->hpa;
			if (h->min_replicas >= min)
				continue;
			f = hr_emit(ctx, rule, h->document->source,
			            h->min_node ? h->min_node : h->document->root, w,
			            NULL, "HPA %.60s scales down to %lld replica%s; "
			            "profile \"%.60s\" needs at least %lld",
			            h->name, (long long)h->min_replicas,
			            h->min_replicas == 1 ? "" : "s", p->name,
			            (long long)min);
			hr_evidence_int(ctx, f, "min_replicas", h->min_replicas);
			hr_suggest(f, "spec.minReplicas", hr_arena_strdup(ctx->arena, min_text));
		} else {
			if (w->replicas >= min)
				continue;
			const hr_node *at = w->replicas_node;
			if (!at)
				at = hr_map_get(w->document->root, "spec");
			f = hr_emit(ctx, rule, source_of(w),
			            at ? at : w->document->root, w, NULL,
			            "%lld replica%s%s; profile \"%.60s\" needs at "
			            "least %lld", (long long)w->replicas,
			            w->replicas == 1 ? "" : "s",
			            w->replicas_set ? "" : " (replicas not set: "
			            "Kubernetes runs 1)", p->name, (long long)min);
			hr_evidence_int(ctx, f, "replicas", w->replicas);
			hr_suggest(f, "spec.replicas", hr_arena_strdup(ctx->arena, min_text));
		}
		hr_evidence_int(ctx, f, "min", min);
		if (ctx->base_model && ctx->results[i].base) {
			const hr_workload *b = ctx->results[i].base;
			hr_evidence_int(ctx, f, "base", b->hpa ? b->hpa->min_replicas
			                                       : b->replicas);
		}
	}
}

/* Where a cost increase is best shown: the request whose growth costs
 * the most, else the replicas, else the workload's name. */
static void increase_site(const eval_ctx *ctx, const hr_workload *w,
                          const hr_workload *base, const hr_node **at,
                          const hr_container **in)
{
	double most = 0;
	*at = NULL;
	*in = NULL;
	for (size_t k = 0; k < w->container_count; k++) {
		const hr_container *c = &w->containers[k];
		const hr_container *b = base ? base_container(base, c) : NULL;
		for (int r = HR_RES_CPU; r <= HR_RES_MEMORY; r++) {
			const hr_resource_value *v = &c->resources.effective_requests[r];
			double grow = hr_value_amount(v) -
			              (b ? hr_value_amount(&b->resources.effective_requests[r]) : 0);
			double cost = hr_cost_monthly(ctx, w, (hr_resource)r, grow);
			if (v->node && cost > most) {
				most = cost;
				*at = v->node;
				*in = c;
			}
		}
	}
	if (!*at && w->replicas_node && (!base || w->replicas > base->replicas))
		*at = w->replicas_node;
	if (!*at) {
		const hr_node *meta = hr_map_get(w->document->root, "metadata");
		*at = meta && hr_map_get(meta, "name") ? hr_map_get(meta, "name")
		                                       : w->document->root;
	}
}

void hr_check_cost_budget(eval_ctx *ctx, const hr_rule_info *rule)
{
	if (!ctx->base_model)
		return;
	const char *cur = ctx->policy->pricing.currency;
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload_result *res = &ctx->results[i];
		if (res->change == HR_CHANGE_UNCHANGED)
			continue;
		const hr_workload *w = &ctx->model->workloads[i];
		const hr_profile *p = hr_eval_workload(ctx, w)->profile;
		double abs_max = p->change.max_cost_increase;
		double ratio = p->change.max_cost_increase_ratio;
		double base = res->base_monthly, delta = res->monthly - base;
		/* A relative bound means nothing for a new workload. */
		bool has_ratio = ratio > 0 && base > 0;
		bool over_abs = abs_max > 0 && delta > abs_max;
		bool over_ratio = has_ratio && delta > ratio * base;
		bool over = abs_max > 0 && has_ratio ? over_abs && over_ratio
		            : abs_max > 0            ? over_abs
		                                     : over_ratio;
		if (!over)
			continue;
		double allowed = abs_max > 0 && has_ratio
		                         ? fmax(abs_max, ratio * base)
		                 : abs_max > 0 ? abs_max : ratio * base;
		const hr_node *at;
		const hr_container *c;
		increase_site(ctx, w, res->base, &at, &c);
		hr_finding *f = hr_emit(ctx, rule, source_of(w), at, w, c,
		                        "the change adds %.2f %.8s a month (%.2f to "
		                        "%.2f), more than the %.2f profile \"%.60s\" "
		                        "allows without a review", delta, cur, base,
		                        res->monthly, allowed, p->name);
		hr_evidence_number(ctx, f, "base_monthly", round(base * 100) / 100);
		hr_evidence_number(ctx, f, "monthly", round(res->monthly * 100) / 100);
		hr_evidence_number(ctx, f, "delta_monthly", round(delta * 100) / 100);
		hr_evidence_number(ctx, f, "allowed_delta_monthly",
		                   round(allowed * 100) / 100);
	}
}
