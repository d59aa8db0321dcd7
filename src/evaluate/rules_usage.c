/*
 * Usage evidence: the manifest's values against observed usage and the
 * recommendation prepared in usage_eval.c.  Findings from low-confidence
 * data never fail: they are capped at warn and say why.
 */
#include "evaluate/evaluate_internal.h"

#include <math.h>
#include <stdio.h>

#define THROTTLED_RATIO_MAX 0.10

typedef void (*usage_rule_fn)(eval_ctx *ctx, const hr_rule_info *rule,
                              const hr_workload *w, const hr_container *c,
                              const hr_profile *p, const container_eval *ce);

static void each_with_usage(eval_ctx *ctx, const hr_rule_info *rule,
                            usage_rule_fn fn)
{
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload *w = &ctx->model->workloads[i];
		const workload_eval *we = hr_eval_workload(ctx, w);
		for (size_t k = 0; k < w->container_count; k++)
			if (we->containers[k].usage)
				fn(ctx, rule, w, &w->containers[k], we->profile,
				   &we->containers[k]);
	}
}

static const char *cpu_text(eval_ctx *ctx, double cores)
{
	char buf[32];
	if (cores < 1)
		snprintf(buf, sizeof(buf), "%.0fm", cores * 1000);
	else
		snprintf(buf, sizeof(buf), "%.2f", cores);
	return hr_arena_strdup(ctx->arena, buf);
}

static const char *memory_text(eval_ctx *ctx, double bytes)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%.0fMi", bytes / 1048576.0);
	return hr_arena_strdup(ctx->arena, buf);
}

static const char *window_text(eval_ctx *ctx)
{
	const char *w = hr_recommendations_window(ctx->recs);
	return w ? w : "observed";
}

/* Low-confidence data may warn but never fail the build. */
static void temper(eval_ctx *ctx, hr_finding *f, const container_eval *ce)
{
	if (ce->confidence != HR_CONFIDENCE_LOW || f->severity != HR_SEVERITY_FAIL)
		return;
	f->severity = HR_SEVERITY_WARN;
	char buf[1200];
	snprintf(buf, sizeof(buf), "%s (warn, not fail: low-confidence data, %s)",
	         f->message, ce->confidence_reason ? ce->confidence_reason : "");
	f->message = hr_arena_strdup(ctx->arena, buf);
}

/* A new memory limit, and for a JVM the heap option that goes with it. */
static void suggest_memory_limit(eval_ctx *ctx, hr_finding *f,
                                 const container_eval *ce,
                                 const hr_container *c, const char *limit)
{
	hr_suggest(f, hr_resource_field(HR_LIM, HR_RES_MEMORY), limit);
	hr_jvm_follow_limit(ctx, f, ce, c, limit);
}

/* "KRR", "VPA": who made a recommendation that has no usage behind it. */
static const char *source_title(const container_eval *ce)
{
	return ce->usage->source == HR_RECS_SOURCE_KRR ? "KRR" : "VPA";
}

/* A source without usage numbers (KRR, VPA) only gives recommended
 * values: rules that need a peak or a percentile compare against those
 * instead, and say so ("basis": "recommended"). */
static bool only_recommended(const container_eval *ce)
{
	return ce->usage->source != HR_RECS_SOURCE_HEADROOM;
}

static void recommended_evidence(eval_ctx *ctx, hr_finding *f,
                                 const container_eval *ce, const char *key,
                                 const char *rec_text, const char *proposed)
{
	hr_evidence_usage(ctx, f, ce);
	hr_evidence_string(ctx, f, "basis", "recommended");
	hr_evidence_string(ctx, f, key, rec_text);
	hr_evidence_string(ctx, f, "proposed", proposed);
}

/* The memory limit against the memory limit the source recommends (KRR),
 * else the request it recommends (VPA recommends no limits: a limit below
 * its target is below what the container is expected to use). */
static void memory_limit_below_recommended(eval_ctx *ctx,
                                           const hr_rule_info *rule,
                                           const hr_workload *w,
                                           const hr_container *c,
                                           const container_eval *ce)
{
	const hr_resource_value *lim = &c->resources.limits[HR_RES_MEMORY];
	int which = ce->rec_set[HR_LIM][HR_RES_MEMORY] ? HR_LIM : HR_REQ;
	if (!lim->set || !ce->rec_set[which][HR_RES_MEMORY] ||
	    hr_value_amount(lim) >= ce->rec[which][HR_RES_MEMORY])
		return;
	const char *rec = hr_rec_text(ctx, ce, which, HR_RES_MEMORY);
	hr_finding *f = hr_emit(ctx, rule, w->document->source, lim->node, w, c,
	                        "memory limit %.40s is below the memory %s %s "
	                        "recommends (%s); it gives no peak to add "
	                        "headroom to (OOM risk)",
	                        lim->text, which == HR_LIM ? "limit" : "request",
	                        source_title(ce), rec);
	recommended_evidence(ctx, f, ce,
	                     which == HR_LIM ? "recommended_limit"
	                                     : "recommended_request",
	                     rec, lim->text);
	/* A recommended request is no limit: no limit is made up from it. */
	if (which == HR_LIM)
		suggest_memory_limit(ctx, f, ce, c, rec);
	temper(ctx, f, ce);
}

static void memory_limit_below_peak(eval_ctx *ctx, const hr_rule_info *rule,
                                    const hr_workload *w, const hr_container *c,
                                    const hr_profile *p, const container_eval *ce)
{
	const hr_resource_value *lim = &c->resources.limits[HR_RES_MEMORY];
	double peak = hr_usage_peak(&ce->usage->memory);
	if (peak < 0 && only_recommended(ce)) {
		memory_limit_below_recommended(ctx, rule, w, c, ce);
		return;
	}
	if (!lim->set || peak < 0)
		return;
	double safe = peak * (1.0 + p->memory.limit_headroom);
	if (hr_value_amount(lim) >= safe)
		return;
	hr_finding *f = hr_emit(ctx, rule, w->document->source, lim->node, w, c,
	                        "memory limit %.40s is below the %s peak %s + "
	                        "%.0f%% headroom (OOM risk)",
	                        lim->text, window_text(ctx), memory_text(ctx, peak),
	                        p->memory.limit_headroom * 100);
	hr_evidence_usage(ctx, f, ce);
	hr_evidence_number(ctx, f, "memory_peak_bytes", peak);
	hr_evidence_number(ctx, f, "headroom", p->memory.limit_headroom);
	hr_evidence_string(ctx, f, "proposed", lim->text);
	const char *suggestion = ce->rec_set[HR_LIM][HR_RES_MEMORY]
	                                 ? hr_rec_text(ctx, ce, HR_LIM, HR_RES_MEMORY)
	                                 : hr_format_memory(ctx->arena, safe);
	suggest_memory_limit(ctx, f, ce, c, suggestion);
	temper(ctx, f, ce);
}

void hr_check_memory_limit_below_peak(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_with_usage(ctx, rule, memory_limit_below_peak);
}

/* A source without percentiles (KRR, VPA): the request against the one
 * it recommends. */
static void request_below_recommended(eval_ctx *ctx, const hr_rule_info *rule,
                                      const hr_workload *w,
                                      const hr_container *c,
                                      const container_eval *ce, hr_resource r)
{
	const hr_resource_value *req = &c->resources.effective_requests[r];
	if (!req->set || !ce->rec_set[HR_REQ][r] ||
	    hr_value_amount(req) >= ce->rec[HR_REQ][r])
		return;
	const char *rec = hr_rec_text(ctx, ce, HR_REQ, r);
	hr_finding *f = hr_emit(ctx, rule, w->document->source,
	                        req->node ? req->node : c->node, w, c,
	                        "%s request %.40s is below the %s %s recommends; "
	                        "it gives no usage percentiles",
	                        r == HR_RES_CPU ? "CPU" : "memory", req->text, rec,
	                        source_title(ce));
	recommended_evidence(ctx, f, ce, "recommended_request", rec, req->text);
	hr_suggest(f, hr_resource_field(HR_REQ, r), rec);
	temper(ctx, f, ce);
}

/* A request below the profile's percentile of usage. */
static void request_below_usage(eval_ctx *ctx, const hr_rule_info *rule,
                                const hr_workload *w, const hr_container *c,
                                const container_eval *ce, hr_resource r,
                                hr_percentile pct)
{
	const hr_resource_value *req = &c->resources.effective_requests[r];
	const hr_usage_stats *s = r == HR_RES_CPU ? &ce->usage->cpu : &ce->usage->memory;
	if (!s->has[pct] && only_recommended(ce)) {
		request_below_recommended(ctx, rule, w, c, ce, r);
		return;
	}
	if (!req->set || !s->has[pct])
		return;
	double used = s->value[pct];
	if (hr_value_amount(req) >= used)
		return;
	bool cpu = r == HR_RES_CPU;
	hr_finding *f = hr_emit(ctx, rule, w->document->source,
	                        req->node ? req->node : c->node, w, c,
	                        "%s request %.40s is below the %s %s usage %s",
	                        cpu ? "CPU" : "memory", req->text, window_text(ctx),
	                        hr_percentile_name(pct),
	                        cpu ? cpu_text(ctx, used) : memory_text(ctx, used));
	hr_evidence_usage(ctx, f, ce);
	char key[32];
	snprintf(key, sizeof(key), "%s_%s%s", cpu ? "cpu" : "memory",
	         hr_percentile_name(pct), cpu ? "_cores" : "_bytes");
	hr_evidence_number(ctx, f, hr_arena_strdup(ctx->arena, key), used);
	hr_evidence_string(ctx, f, "proposed", req->text);
	if (ce->rec_set[HR_REQ][r])
		hr_suggest(f, hr_resource_field(HR_REQ, r), hr_rec_text(ctx, ce, HR_REQ, r));
	temper(ctx, f, ce);
}

static void memory_request_below_usage(eval_ctx *ctx, const hr_rule_info *rule,
                                       const hr_workload *w,
                                       const hr_container *c,
                                       const hr_profile *p,
                                       const container_eval *ce)
{
	request_below_usage(ctx, rule, w, c, ce, HR_RES_MEMORY,
	                    p->memory.request_percentile);
}

void hr_check_memory_request_below_usage(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_with_usage(ctx, rule, memory_request_below_usage);
}

static void cpu_request_below_usage(eval_ctx *ctx, const hr_rule_info *rule,
                                    const hr_workload *w, const hr_container *c,
                                    const hr_profile *p, const container_eval *ce)
{
	request_below_usage(ctx, rule, w, c, ce, HR_RES_CPU,
	                    p->cpu.request_percentile);
}

void hr_check_cpu_request_below_usage(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_with_usage(ctx, rule, cpu_request_below_usage);
}

static void cpu_throttling(eval_ctx *ctx, const hr_rule_info *rule,
                           const hr_workload *w, const hr_container *c,
                           const hr_profile *p, const container_eval *ce)
{
	const hr_resource_value *lim = &c->resources.limits[HR_RES_CPU];
	if (!lim->set)
		return;
	const hr_usage_stats *s = &ce->usage->cpu;
	hr_percentile pct = p->cpu.limit_percentile;
	bool below = s->has[pct] && hr_value_amount(lim) < s->value[pct];
	double throttled = ce->usage->cpu_throttled_ratio;
	bool throttling = throttled > THROTTLED_RATIO_MAX;
	if (!below && !throttling)
		return;
	hr_finding *f;
	if (below)
		f = hr_emit(ctx, rule, w->document->source, lim->node, w, c,
		            "CPU limit %.40s is below the %s %s usage %s: CFS "
		            "quota will throttle it",
		            lim->text, window_text(ctx), hr_percentile_name(pct),
		            cpu_text(ctx, s->value[pct]));
	else
		f = hr_emit(ctx, rule, w->document->source, lim->node, w, c,
		            "CPU limit %.40s: %.0f%% of periods were throttled in "
		            "the %s window",
		            lim->text, throttled * 100, window_text(ctx));
	hr_evidence_usage(ctx, f, ce);
	if (s->has[pct]) {
		char key[32];
		snprintf(key, sizeof(key), "cpu_%s_cores", hr_percentile_name(pct));
		hr_evidence_number(ctx, f, hr_arena_strdup(ctx->arena, key),
		                   s->value[pct]);
	}
	if (throttled >= 0)
		hr_evidence_number(ctx, f, "cpu_throttled_ratio", throttled);
	hr_evidence_string(ctx, f, "proposed", lim->text);
	if (p->cpu.limit == HR_REQ_FORBIDDEN)
		hr_suggest(f, hr_resource_field(HR_LIM, HR_RES_CPU), "(remove)");
	else if (s->has[pct] && below)
		hr_suggest(f, hr_resource_field(HR_LIM, HR_RES_CPU),
		           hr_format_cpu(ctx->arena, s->value[pct]));
	temper(ctx, f, ce);
}

void hr_check_cpu_throttling(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_with_usage(ctx, rule, cpu_throttling);
}

static void oom_kills(eval_ctx *ctx, const hr_rule_info *rule,
                      const hr_workload *w, const hr_container *c,
                      const hr_profile *p, const container_eval *ce)
{
	if (ce->usage->oom_kills <= 0)
		return;
	const hr_resource_value *lim = &c->resources.limits[HR_RES_MEMORY];
	double peak = hr_usage_peak(&ce->usage->memory);
	double safe = peak >= 0 ? peak * (1.0 + p->memory.limit_headroom) : -1;
	if (lim->set && safe >= 0 && hr_value_amount(lim) > safe)
		return; /* the limit is already raised clearly above the peak */
	hr_finding *f = hr_emit(ctx, rule, w->document->source,
	                        lim->set ? lim->node : c->node, w, c,
	                        "%lld OOM kill%s in the %s window, and the memory "
	                        "limit %.40s is not above the peak plus headroom",
	                        (long long)ce->usage->oom_kills,
	                        ce->usage->oom_kills == 1 ? "" : "s",
	                        window_text(ctx), lim->set ? lim->text : "(none)");
	hr_evidence_usage(ctx, f, ce);
	hr_evidence_int(ctx, f, "oom_kills", ce->usage->oom_kills);
	if (peak >= 0)
		hr_evidence_number(ctx, f, "memory_peak_bytes", peak);
	if (lim->set)
		hr_evidence_string(ctx, f, "proposed", lim->text);
	if (ce->rec_set[HR_LIM][HR_RES_MEMORY])
		suggest_memory_limit(ctx, f, ce, c,
		                     hr_rec_text(ctx, ce, HR_LIM, HR_RES_MEMORY));
	temper(ctx, f, ce);
}

void hr_check_oom_kills(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_with_usage(ctx, rule, oom_kills);
}

/* A request above the recommendation by more than the profile allows,
 * when the money is worth a finding. */
static void overprovisioned(eval_ctx *ctx, const hr_rule_info *rule,
                            const hr_workload *w, const hr_container *c,
                            const hr_profile *p, const container_eval *ce,
                            hr_resource r)
{
	const hr_resource_value *req = &c->resources.effective_requests[r];
	if (!req->set || !ce->rec_set[HR_REQ][r])
		return;
	double rec = ce->rec[HR_REQ][r];
	double have = hr_value_amount(req);
	if (have <= rec * (1.0 + p->waste.max_over_recommendation))
		return;
	double waste = hr_cost_monthly(ctx, w, r, have - rec);
	if (waste < p->waste.min_monthly || waste <= 0)
		return;
	bool cpu = r == HR_RES_CPU;
	const char *rec_text = hr_rec_text(ctx, ce, HR_REQ, r);
	const char *currency = ctx->policy->pricing.currency;
	hr_finding *f = hr_emit(ctx, rule, w->document->source, req->node, w, c,
	                        "%s request %.40s is %.1fx the recommended %.40s: "
	                        "%.2f %s/month reserved and unused",
	                        cpu ? "CPU" : "memory", req->text,
	                        rec > 0 ? have / rec : 0.0, rec_text,
	                        waste, currency);
	hr_evidence_usage(ctx, f, ce);
	hr_evidence_string(ctx, f, "proposed", req->text);
	hr_evidence_string(ctx, f, "recommended", rec_text);
	hr_evidence_number(ctx, f, "monthly_waste", round(waste * 100) / 100);
	f->monthly_cost = waste;
	hr_suggest(f, hr_resource_field(HR_REQ, r), rec_text);
	temper(ctx, f, ce);
}

static void overprovisioned_cpu(eval_ctx *ctx, const hr_rule_info *rule,
                                const hr_workload *w, const hr_container *c,
                                const hr_profile *p, const container_eval *ce)
{
	overprovisioned(ctx, rule, w, c, p, ce, HR_RES_CPU);
}

void hr_check_overprovisioned_cpu(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_with_usage(ctx, rule, overprovisioned_cpu);
}

static void overprovisioned_memory(eval_ctx *ctx, const hr_rule_info *rule,
                                   const hr_workload *w, const hr_container *c,
                                   const hr_profile *p, const container_eval *ce)
{
	overprovisioned(ctx, rule, w, c, p, ce, HR_RES_MEMORY);
}

void hr_check_overprovisioned_memory(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_with_usage(ctx, rule, overprovisioned_memory);
}

void hr_check_no_usage_data(eval_ctx *ctx, const hr_rule_info *rule)
{
	if (!ctx->has_usage)
		return;
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload *w = &ctx->model->workloads[i];
		const workload_eval *we = hr_eval_workload(ctx, w);
		for (size_t k = 0; k < w->container_count; k++) {
			const hr_container *c = &w->containers[k];
			if (we->containers[k].usage)
				continue;
			hr_finding *f = hr_emit(ctx, rule, w->document->source, c->node,
			                        w, c, "no usage data for container "
			                        "\"%.80s\" of %s %s/%s",
			                        c->name, w->kind_name, w->namespace_,
			                        w->name);
			/* A source that names the workload may say why. */
			const hr_workload_usage *wu = hr_recommendations_find_workload(
			        ctx->recs, w->namespace_, w->kind_name, w->name);
			if (wu && wu->note)
				hr_evidence_string(ctx, f, "note", wu->note);
			/* The profile's on_missing_data is this rule's default;
			 * an explicit severity override still wins. */
			f->severity = hr_policy_severity(ctx->policy, we->profile,
			                                 rule->id,
			                                 we->profile->on_missing_data);
		}
	}
}

void hr_check_low_confidence(eval_ctx *ctx, const hr_rule_info *rule)
{
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload *w = &ctx->model->workloads[i];
		const workload_eval *we = hr_eval_workload(ctx, w);
		for (size_t k = 0; k < w->container_count; k++) {
			const container_eval *ce = &we->containers[k];
			if (!ce->usage || ce->confidence != HR_CONFIDENCE_LOW)
				continue;
			const hr_container *c = &w->containers[k];
			hr_finding *f = hr_emit(ctx, rule, w->document->source, c->node,
			                        w, c, "usage data for container \"%.80s\" "
			                        "is low-confidence: %s; its findings "
			                        "warn instead of failing",
			                        c->name, ce->confidence_reason);
			hr_evidence_usage(ctx, f, ce);
		}
	}
}
