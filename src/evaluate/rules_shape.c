/*
 * Resource shape: what the manifest says, checked against the profile,
 * no usage data needed.  When usage data exists a missing value comes
 * with a suggestion.
 */
#include "evaluate/evaluate_internal.h"

#include <stdio.h>

typedef void (*container_rule_fn)(eval_ctx *ctx, const hr_rule_info *rule,
                                  const hr_workload *w, const hr_container *c,
                                  const hr_profile *p);

static void each_container(eval_ctx *ctx, const hr_rule_info *rule,
                           container_rule_fn fn)
{
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload *w = &ctx->model->workloads[i];
		const hr_profile *p = hr_eval_workload(ctx, w)->profile;
		for (size_t k = 0; k < w->container_count; k++)
			fn(ctx, rule, w, &w->containers[k], p);
	}
}

static const hr_source *source_of(const hr_workload *w)
{
	return w->document->source;
}

/* A missing value is reported at the mapping it belongs in, or the
 * nearest parent that exists. */
static const hr_node *parent_of_missing(const hr_container *c, int which)
{
	const hr_resources *res = &c->resources;
	const hr_node *section = which == HR_REQ ? res->requests_node : res->limits_node;
	if (section)
		return section;
	return res->node ? res->node : c->node;
}

static void missing(eval_ctx *ctx, const hr_rule_info *rule,
                    const hr_workload *w, const hr_container *c, int which,
                    hr_resource r)
{
	const container_eval *ce = hr_eval_container(ctx, w, c);
	const char *what = which == HR_REQ ? "request" : "limit";
	hr_finding *f = hr_emit(ctx, rule, source_of(w), parent_of_missing(c, which),
	                        w, c, "container \"%.80s\" has no %s %s",
	                        c->name, hr_resource_name(r), what);
	hr_evidence_string(ctx, f, "missing", hr_resource_field(which, r));
	if (ce->rec_set[which][r]) {
		hr_evidence_usage(ctx, f, ce);
		hr_suggest(f, hr_resource_field(which, r), hr_rec_text(ctx, ce, which, r));
	}
}

static hr_requirement requirement(const hr_profile *p, int which, hr_resource r)
{
	if (r == HR_RES_CPU)
		return which == HR_REQ ? p->cpu.request : p->cpu.limit;
	return which == HR_REQ ? p->memory.request : p->memory.limit;
}

/* A value the profile requires and the container leaves unset; a request
 * Kubernetes defaults from the limit counts as set. */
static void check_missing(eval_ctx *ctx, const hr_rule_info *rule, int which,
                          hr_resource r)
{
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload *w = &ctx->model->workloads[i];
		const hr_profile *p = hr_eval_workload(ctx, w)->profile;
		if (requirement(p, which, r) != HR_REQ_REQUIRED)
			continue;
		for (size_t k = 0; k < w->container_count; k++) {
			const hr_resources *res = &w->containers[k].resources;
			bool set = which == HR_REQ ? res->effective_requests[r].set
			                           : res->limits[r].set;
			if (!set)
				missing(ctx, rule, w, &w->containers[k], which, r);
		}
	}
}

void hr_check_cpu_request_missing(eval_ctx *ctx, const hr_rule_info *rule)
{
	check_missing(ctx, rule, HR_REQ, HR_RES_CPU);
}

void hr_check_memory_request_missing(eval_ctx *ctx, const hr_rule_info *rule)
{
	check_missing(ctx, rule, HR_REQ, HR_RES_MEMORY);
}

void hr_check_memory_limit_missing(eval_ctx *ctx, const hr_rule_info *rule)
{
	check_missing(ctx, rule, HR_LIM, HR_RES_MEMORY);
}

void hr_check_cpu_limit_missing(eval_ctx *ctx, const hr_rule_info *rule)
{
	check_missing(ctx, rule, HR_LIM, HR_RES_CPU);
}

static void cpu_limit_forbidden(eval_ctx *ctx, const hr_rule_info *rule,
                                const hr_workload *w, const hr_container *c,
                                const hr_profile *p)
{
	const hr_resource_value *lim = &c->resources.limits[HR_RES_CPU];
	if (p->cpu.limit != HR_REQ_FORBIDDEN || !lim->set)
		return;
	hr_finding *f = hr_emit(ctx, rule, source_of(w), lim->node, w, c,
	                        "CPU limit %.40s is set, but profile \"%.60s\" "
	                        "forbids CPU limits (CFS throttling)",
	                        lim->text, p->name);
	hr_evidence_string(ctx, f, "limit", lim->text);
	const hr_resource_value *req = &c->resources.requests[HR_RES_CPU];
	if (!req->set)
		/* Removing the limit also removes the request defaulted from it. */
		hr_evidence_string(ctx, f, "note", "the CPU request is defaulted "
		                   "from this limit: set resources.requests.cpu "
		                   "when removing it");
}

void hr_check_cpu_limit_forbidden(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_container(ctx, rule, cpu_limit_forbidden);
}

static void limit_below_request(eval_ctx *ctx, const hr_rule_info *rule,
                                const hr_workload *w, const hr_container *c,
                                const hr_profile *p)
{
	(void)p;
	for (int r = 0; r < HR_RES_COUNT; r++) {
		const hr_resource_value *req = &c->resources.requests[r];
		const hr_resource_value *lim = &c->resources.limits[r];
		if (!req->set || !lim->set ||
		    hr_quantity_cmp(&req->quantity, &lim->quantity) <= 0)
			continue;
		hr_finding *f = hr_emit(ctx, rule, source_of(w), lim->node, w, c,
		                        "%s limit %.40s is below its request %.40s: "
		                        "the API server rejects this container",
		                        hr_resource_name((hr_resource)r), lim->text,
		                        req->text);
		hr_evidence_string(ctx, f, "request", req->text);
		hr_evidence_string(ctx, f, "limit", lim->text);
		hr_suggest(f, hr_resource_field(HR_LIM, (hr_resource)r), req->text);
	}
}

void hr_check_limit_below_request(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_container(ctx, rule, limit_below_request);
}

static void limit_request_ratio(eval_ctx *ctx, const hr_rule_info *rule,
                                const hr_workload *w, const hr_container *c,
                                const hr_profile *p)
{
	const hr_resource_value *req = &c->resources.effective_requests[HR_RES_CPU];
	const hr_resource_value *lim = &c->resources.limits[HR_RES_CPU];
	double bound = p->cpu.max_limit_ratio;
	if (bound <= 0 || !req->set || !lim->set || hr_value_amount(req) <= 0)
		return;
	double ratio = hr_value_amount(lim) / hr_value_amount(req);
	if (ratio <= bound + 1e-9)
		return;
	hr_finding *f = hr_emit(ctx, rule, source_of(w), lim->node, w, c,
	                        "CPU limit %.40s is %.1fx the request %.40s "
	                        "(profile \"%.60s\" allows %gx)",
	                        lim->text, ratio, req->text, p->name, bound);
	hr_evidence_number(ctx, f, "ratio", ratio);
	hr_evidence_number(ctx, f, "max_limit_ratio", bound);
	hr_evidence_string(ctx, f, "request", req->text);
	hr_evidence_string(ctx, f, "limit", lim->text);
	hr_suggest(f, hr_resource_field(HR_LIM, HR_RES_CPU),
	           hr_format_cpu(ctx->arena, hr_value_amount(req) * bound));
}

void hr_check_limit_request_ratio(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_container(ctx, rule, limit_request_ratio);
}

static void qos_class(eval_ctx *ctx, const hr_rule_info *rule,
                      const hr_workload *w, const hr_container *c,
                      const hr_profile *p)
{
	const hr_resource_value *req = &c->resources.effective_requests[HR_RES_MEMORY];
	const hr_resource_value *lim = &c->resources.limits[HR_RES_MEMORY];
	if (!p->memory.limit_equals_request || !lim->set || !req->set ||
	    hr_quantity_cmp(&req->quantity, &lim->quantity) == 0)
		return;
	hr_finding *f = hr_emit(ctx, rule, source_of(w), req->node, w, c,
	                        "memory request %.40s differs from the limit "
	                        "%.40s; profile \"%.60s\" wants them equal "
	                        "(Guaranteed memory)",
	                        req->text, lim->text, p->name);
	hr_evidence_string(ctx, f, "qos_class", hr_qos_name(w->qos));
	hr_evidence_string(ctx, f, "request", req->text);
	hr_evidence_string(ctx, f, "limit", lim->text);
	hr_suggest(f, hr_resource_field(HR_REQ, HR_RES_MEMORY), lim->text);
}

void hr_check_qos_class(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_container(ctx, rule, qos_class);
}

/* The container whose request of r is the largest: where to point. */
static const hr_container *largest_request(const hr_workload *w, hr_resource r)
{
	const hr_container *best = NULL;
	for (size_t i = 0; i < w->container_count; i++) {
		const hr_resource_value *v = &w->containers[i].resources.effective_requests[r];
		if (v->set && (!best || hr_quantity_cmp(&v->quantity,
		                                        &best->resources.effective_requests[r].quantity) > 0))
			best = &w->containers[i];
	}
	return best;
}

void hr_check_request_exceeds_node(eval_ctx *ctx, const hr_rule_info *rule)
{
	const hr_policy *pol = ctx->policy;
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload *w = &ctx->model->workloads[i];
		for (int r = HR_RES_CPU; r <= HR_RES_MEMORY; r++) {
			/* Compare in milli-cores and bytes, exactly. */
			hr_nano need = w->pod_requests[r].nano;
			hr_nano have = r == HR_RES_CPU ? (hr_nano)pol->node_cpu_milli * 1000000
			                               : (hr_nano)pol->node_memory_bytes * 1000000000;
			if (have <= 0 || need <= have)
				continue;
			const hr_container *c = largest_request(w, (hr_resource)r);
			if (!c)
				continue;
			const hr_resource_value *v = &c->resources.effective_requests[r];
			double pod = (double)need / 1e9;
			const char *pod_text = r == HR_RES_CPU ? hr_format_cpu(ctx->arena, pod)
			                                       : hr_format_memory(ctx->arena, pod);
			const char *node_text = r == HR_RES_CPU
			        ? hr_format_cpu(ctx->arena, (double)pol->node_cpu_milli / 1000)
			        : hr_format_memory(ctx->arena, (double)pol->node_memory_bytes);
			hr_finding *f = hr_emit(ctx, rule, source_of(w),
			                        v->node ? v->node : c->node, w, c,
			                        "the pod requests %s %s, more than the "
			                        "largest node's %s: it would stay Pending",
			                        pod_text, hr_resource_name((hr_resource)r),
			                        node_text);
			hr_evidence_string(ctx, f, "pod_request", pod_text);
			hr_evidence_string(ctx, f, "node_allocatable", node_text);
		}
	}
}
