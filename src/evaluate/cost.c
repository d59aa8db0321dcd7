/*
 * Cost is what the scheduler reserves: requests x replicas x hours x
 * price.  Limits reserve nothing.  Replicas come from the manifest, or,
 * when an HPA owns them, from the observed average (else the HPA's
 * minimum); a DaemonSet is priced per node, a Job while it runs.
 */
#include "evaluate/evaluate_internal.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#define GIB 1073741824.0

const char *hr_replicas_source_name(hr_replicas_source s)
{
	static const char *const names[] = {
		[HR_REPLICAS_MANIFEST] = "manifest",
		[HR_REPLICAS_HPA_OBSERVED] = "hpa-observed",
		[HR_REPLICAS_HPA_MIN] = "hpa-min",
		[HR_REPLICAS_PER_NODE] = "per-node",
		[HR_REPLICAS_PARALLELISM] = "parallelism",
	};
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

static double unit_price(const hr_pricing *p, hr_resource r)
{
	if (r == HR_RES_CPU)
		return p->cpu_core_hour;
	if (r == HR_RES_MEMORY)
		return p->memory_gib_hour / GIB;
	return 0; /* ephemeral storage is not priced */
}

static double monthly_at(const hr_pricing *p, hr_resource r, double amount,
                         double replicas)
{
	return amount * unit_price(p, r) * replicas * p->hours_per_month;
}

double hr_cost_monthly(const eval_ctx *ctx, const hr_workload *w,
                       hr_resource r, double amount)
{
	const hr_workload_result *res = &ctx->results[w - ctx->model->workloads];
	return monthly_at(&ctx->policy->pricing, r, amount, res->replicas);
}

static void replicas(const eval_ctx *ctx, const hr_workload *w,
                     hr_workload_result *r)
{
	r->replicas = (double)w->replicas;
	r->replicas_source = HR_REPLICAS_MANIFEST;
	if (w->per_node) {
		r->replicas = 1;
		r->replicas_source = HR_REPLICAS_PER_NODE;
	} else if (w->kind == HR_KIND_JOB || w->kind == HR_KIND_CRONJOB) {
		r->replicas_source = HR_REPLICAS_PARALLELISM;
	} else if (w->hpa) {
		const hr_workload_usage *u = hr_recommendations_find_workload(
		        ctx->recs, w->namespace_, w->kind_name, w->name);
		if (u && u->has_replicas) {
			r->replicas = u->replicas_avg;
			r->replicas_source = HR_REPLICAS_HPA_OBSERVED;
		} else {
			r->replicas = (double)w->hpa->min_replicas;
			r->replicas_source = HR_REPLICAS_HPA_MIN;
		}
	}
}

/* A pod's reservation of resource r when each container asks for
 * amount[i]: app containers and sidecars add up, an init container runs
 * beside the sidecars started before it (as in pod_totals.c). */
static double pod_amount(const hr_workload *w, const double *amount)
{
	double app = 0, sidecars = 0, init_peak = 0;
	for (size_t i = 0; i < w->container_count; i++) {
		switch (w->containers[i].role) {
		case HR_CONTAINER_APP:
			app += amount[i];
			break;
		case HR_CONTAINER_SIDECAR:
			sidecars += amount[i];
			if (sidecars > init_peak)
				init_peak = sidecars;
			break;
		case HR_CONTAINER_INIT:
			if (amount[i] + sidecars > init_peak)
				init_peak = amount[i] + sidecars;
			break;
		}
	}
	return app + sidecars > init_peak ? app + sidecars : init_peak;
}

static void workload_cost(eval_ctx *ctx, const hr_workload *w,
                          hr_workload_result *res)
{
	const workload_eval *we = hr_eval_workload(ctx, w);
	double *amount = hr_xmalloc((w->container_count + 1) * sizeof(*amount));
	double monthly = 0, recommended = 0;
	bool all_covered = w->container_count > 0;
	for (size_t i = 0; i < w->container_count; i++)
		all_covered = all_covered && we->containers[i].usage;
	for (int r = HR_RES_CPU; r <= HR_RES_MEMORY; r++) {
		for (size_t i = 0; i < w->container_count; i++) {
			const container_eval *ce = &we->containers[i];
			amount[i] = ce->rec_set[HR_REQ][r]
			                    ? ce->rec[HR_REQ][r]
			                    : hr_value_amount(&w->containers[i].resources.effective_requests[r]);
		}
		double now = (double)w->pod_requests[r].nano / 1e9;
		monthly += hr_cost_monthly(ctx, w, (hr_resource)r, now);
		recommended += hr_cost_monthly(ctx, w, (hr_resource)r,
		                               pod_amount(w, amount));
	}
	free(amount);
	res->monthly = monthly;
	res->has_recommended = all_covered;
	res->recommended_monthly = all_covered ? recommended : monthly;
}

double hr_cost_of(const eval_ctx *ctx, const hr_workload *w)
{
	hr_workload_result res;
	replicas(ctx, w, &res);
	double monthly = 0;
	for (int r = HR_RES_CPU; r <= HR_RES_MEMORY; r++)
		monthly += monthly_at(&ctx->policy->pricing, (hr_resource)r,
		                      (double)w->pod_requests[r].nano / 1e9,
		                      res.replicas);
	return monthly;
}

void hr_cost_compute(eval_ctx *ctx, hr_cost_summary *sum)
{
	memset(sum, 0, sizeof(*sum));
	sum->currency = ctx->policy->pricing.currency;
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload *w = &ctx->model->workloads[i];
		hr_workload_result *res = &ctx->results[i];
		replicas(ctx, w, res);
		workload_cost(ctx, w, res);
		sum->monthly += res->monthly;
		sum->recommended_monthly += res->recommended_monthly;
		sum->has_recommended = sum->has_recommended || res->has_recommended;
	}
}
