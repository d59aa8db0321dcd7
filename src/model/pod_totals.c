/*
 * What Kubernetes derives from a pod spec: the effective pod request and
 * limit (component-helpers resource/helpers.go, PodRequests/PodLimits) and
 * the QoS class (pkg/apis/core/v1/helper/qos/qos.go).
 */
#include "model/model_internal.h"

#include <stdio.h>
#include <string.h>

static hr_nano max_nano(hr_nano a, hr_nano b)
{
	return a > b ? a : b;
}

/* Sidecars run beside the app, so they add up with it; a regular init
 * container runs alone beside the sidecars started before it, so the pod
 * needs the larger of the two phases. */
static hr_pod_total aggregate(const hr_workload *w, hr_resource r, bool limits)
{
	hr_pod_total t = {false, true, 0};
	hr_nano app = 0, sidecars = 0, init_peak = 0;
	for (size_t i = 0; i < w->container_count; i++) {
		const hr_container *c = &w->containers[i];
		const hr_resource_value *v = limits ? &c->resources.limits[r]
		                                    : &c->resources.effective_requests[r];
		hr_nano q = v->set ? v->quantity.nano : 0;
		if (v->set)
			t.set = true;
		else
			t.bounded = false;
		switch (c->role) {
		case HR_CONTAINER_APP:
			app += q;
			break;
		case HR_CONTAINER_SIDECAR:
			sidecars += q;
			init_peak = max_nano(init_peak, sidecars);
			break;
		case HR_CONTAINER_INIT:
			init_peak = max_nano(init_peak, q + sidecars);
			break;
		}
	}
	t.nano = max_nano(app + sidecars, init_peak);
	return t;
}

static bool is_qos_resource(int r)
{
	return r == HR_RES_CPU || r == HR_RES_MEMORY;
}

/* qos.go sums positive requests and limits over every container (init
 * containers too), requires a cpu and a memory limit on each, and calls
 * the pod Guaranteed when the sums match resource by resource. */
static hr_qos qos_class(const hr_workload *w)
{
	hr_nano req[HR_RES_COUNT] = {0}, lim[HR_RES_COUNT] = {0};
	bool has_req[HR_RES_COUNT] = {false}, has_lim[HR_RES_COUNT] = {false};
	bool guaranteed = true;
	for (size_t i = 0; i < w->container_count; i++) {
		const hr_resources *res = &w->containers[i].resources;
		bool limit_found[HR_RES_COUNT] = {false};
		for (int r = 0; r < HR_RES_COUNT; r++) {
			if (!is_qos_resource(r))
				continue;
			const hr_resource_value *q = &res->effective_requests[r];
			if (q->set && q->quantity.nano > 0) {
				req[r] += q->quantity.nano;
				has_req[r] = true;
			}
			const hr_resource_value *l = &res->limits[r];
			if (l->set && l->quantity.nano > 0) {
				lim[r] += l->quantity.nano;
				has_lim[r] = true;
				limit_found[r] = true;
			}
		}
		if (!limit_found[HR_RES_CPU] || !limit_found[HR_RES_MEMORY])
			guaranteed = false;
	}
	bool any = false;
	for (int r = 0; r < HR_RES_COUNT; r++)
		any = any || has_req[r] || has_lim[r];
	if (!any)
		return HR_QOS_BEST_EFFORT;
	for (int r = 0; r < HR_RES_COUNT && guaranteed; r++)
		if (has_req[r] != has_lim[r] || (has_req[r] && req[r] != lim[r]))
			guaranteed = false;
	return guaranteed ? HR_QOS_GUARANTEED : HR_QOS_BURSTABLE;
}

typedef struct pod_level {
	bool present; /* spec.resources sets cpu or memory */
	hr_resource_value requests[HR_RES_COUNT];
	hr_resource_value limits[HR_RES_COUNT];
} pod_level;

static void read_pod_level(model_builder *b, const hr_node *pod_spec,
                           pod_level *out)
{
	memset(out, 0, sizeof(*out));
	const hr_node *res = hr_model_mapping(b, pod_spec, "resources",
	                                      "pod-level resources");
	if (!res)
		return;
	static const char *const fields[2] = {"requests", "limits"};
	for (int f = 0; f < 2; f++) {
		char what[64];
		snprintf(what, sizeof(what), "pod-level resources.%s", fields[f]);
		const hr_node *m = hr_model_mapping(b, res, fields[f], what);
		for (int r = 0; m && r < HR_RES_COUNT; r++) {
			const hr_node *v = hr_map_get(m, hr_resource_name((hr_resource)r));
			hr_resource_value *q = f == 0 ? &out->requests[r] : &out->limits[r];
			if (v && hr_model_quantity(b, v, what, q) && r != HR_RES_EPHEMERAL_STORAGE)
				out->present = true;
		}
	}
	/* Pod-level requests default from pod-level limits, as for containers. */
	for (int r = 0; r < HR_RES_COUNT; r++)
		if (!out->requests[r].set && out->limits[r].set) {
			out->requests[r] = out->limits[r];
			out->requests[r].from_limit = true;
		}
}

/* KEP-2837: when pod-level resources are set they decide the class. */
static hr_qos pod_level_qos(const pod_level *p)
{
	bool any = false, guaranteed = true;
	for (int r = 0; r < HR_RES_COUNT; r++) {
		if (!is_qos_resource(r))
			continue;
		bool req = p->requests[r].set && p->requests[r].quantity.nano > 0;
		bool lim = p->limits[r].set && p->limits[r].quantity.nano > 0;
		any = any || req || lim;
		if (!lim || !req ||
		    p->requests[r].quantity.nano != p->limits[r].quantity.nano)
			guaranteed = false;
	}
	if (!any)
		return HR_QOS_BEST_EFFORT;
	return guaranteed ? HR_QOS_GUARANTEED : HR_QOS_BURSTABLE;
}

void hr_model_pod_totals(hr_workload *w, const hr_node *pod_spec,
                         model_builder *b)
{
	for (int r = 0; r < HR_RES_COUNT; r++) {
		w->pod_requests[r] = aggregate(w, (hr_resource)r, false);
		w->pod_limits[r] = aggregate(w, (hr_resource)r, true);
	}
	w->qos = qos_class(w);

	pod_level p;
	read_pod_level(b, pod_spec, &p);
	for (int r = 0; r < HR_RES_COUNT; r++) {
		if (p.requests[r].set)
			w->pod_requests[r] = (hr_pod_total){true, true, p.requests[r].quantity.nano};
		if (p.limits[r].set)
			w->pod_limits[r] = (hr_pod_total){true, true, p.limits[r].quantity.nano};
	}
	if (p.present)
		w->qos = pod_level_qos(&p);
}
