/*
 * Objects that act on workloads: HorizontalPodAutoscalers (autoscaling v1,
 * v2, v2beta1/2), PodDisruptionBudgets (policy) and VerticalPodAutoscalers
 * (autoscaling.k8s.io), and the links from them to their workloads.
 */
#include "model/model_internal.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_target_ref(model_builder *b, const hr_node *spec,
                            const char *field, const char **kind,
                            const char **name)
{
	char what[64];
	const hr_node *ref = hr_model_mapping(b, spec, field, field);
	snprintf(what, sizeof(what), "%s.kind", field);
	*kind = hr_model_string(b, ref, "kind", what);
	snprintf(what, sizeof(what), "%s.name", field);
	*name = hr_model_string(b, ref, "name", what);
	if (!*kind || !*name)
		hr_model_error_at(b, ref ? ref : spec, "%s needs a kind and a name",
		                  field);
}

static hr_hpa_metric utilization_metric(const hr_node *node, const char *type,
                                        const char *resource,
                                        const char *container, int64_t pct)
{
	return (hr_hpa_metric){type, resource, container,
	                       pct >= 0 ? "Utilization" : NULL, pct, node};
}

static void read_hpa_metrics(model_builder *b, const hr_node *spec, hr_hpa *h)
{
	int64_t pct;
	if (hr_model_int(b, spec, "targetCPUUtilizationPercentage",
	                 "targetCPUUtilizationPercentage", 1, 100000, -1, &pct)) {
		hr_hpa_metric *m = hr_arena_alloc(b->arena, sizeof(*m));
		*m = utilization_metric(hr_map_get(spec, "targetCPUUtilizationPercentage"),
		                        "Resource", "cpu", NULL, pct);
		h->metrics = m;
		h->metric_count = 1;
		return;
	}
	const hr_node *list = hr_model_sequence(b, spec, "metrics", "metrics");
	if (!list || list->count == 0) {
		/* The API's default: 80% average CPU utilization. */
		hr_hpa_metric *m = hr_arena_alloc(b->arena, sizeof(*m));
		*m = utilization_metric(spec, "Resource", "cpu", NULL, 80);
		h->metrics = m;
		h->metric_count = 1;
		return;
	}
	hr_hpa_metric *metrics = hr_arena_alloc(b->arena,
	                                        list->count * sizeof(*metrics));
	size_t n = 0;
	for (size_t i = 0; i < list->count; i++) {
		const hr_node *item = list->items[i];
		const char *type = hr_model_string(b, item, "type", "metrics[].type");
		if (!type)
			continue;
		const char *sub = strcmp(type, "ContainerResource") == 0
		                          ? "containerResource"
		                          : "resource";
		const hr_node *res = hr_map_get(item, sub);
		const hr_node *target = hr_map_get(res, "target");
		int64_t p = -1;
		/* v2 keeps the percentage in target; v2beta1 beside the name. */
		if (!hr_model_int(b, target, "averageUtilization",
		                  "target.averageUtilization", 1, 100000, -1, &p))
			hr_model_int(b, res, "targetAverageUtilization",
			             "targetAverageUtilization", 1, 100000, -1, &p);
		hr_hpa_metric *m = &metrics[n++];
		*m = utilization_metric(item, type, hr_node_text(hr_map_get(res, "name")),
		                        hr_node_text(hr_map_get(res, "container")), p);
		const char *tt = hr_node_text(hr_map_get(target, "type"));
		if (tt)
			m->target_type = tt;
	}
	h->metrics = metrics;
	h->metric_count = n;
}

static void read_hpa(model_builder *b, const hr_node *root)
{
	const char *name, *ns;
	if (!hr_model_identity(b, root, &name, &ns))
		return;
	const hr_node *spec = hr_model_mapping(b, root, "spec", "spec");
	if (!spec) {
		hr_model_error_at(b, root, "HorizontalPodAutoscaler has no spec");
		return;
	}
	hr_hpa h = {0};
	h.name = name;
	h.namespace_ = ns;
	h.document = b->doc;
	read_target_ref(b, spec, "scaleTargetRef", &h.target_kind, &h.target_name);
	hr_model_int(b, spec, "minReplicas", "spec.minReplicas", 0, 2147483647, 1,
	             &h.min_replicas);
	h.min_node = hr_map_get(spec, "minReplicas");
	if (!hr_model_int(b, spec, "maxReplicas", "spec.maxReplicas", 1,
	                  2147483647, 0, &h.max_replicas) &&
	    !hr_map_get(spec, "maxReplicas"))
		hr_model_error_at(b, spec, "spec.maxReplicas is required");
	h.max_node = hr_map_get(spec, "maxReplicas");
	read_hpa_metrics(b, spec, &h);
	b->hpas = hr_xgrow(b->hpas, &b->hpa_cap, b->hpa_count + 1, sizeof(*b->hpas));
	b->hpas[b->hpa_count++] = h;
}

static void read_requirements(model_builder *b, const hr_node *list, hr_pdb *p)
{
	if (!list)
		return;
	hr_label_requirement *reqs = hr_arena_alloc(b->arena,
	                                            list->count * sizeof(*reqs));
	size_t n = 0;
	for (size_t i = 0; i < list->count; i++) {
		const hr_node *e = list->items[i];
		hr_label_requirement *r = &reqs[n];
		r->key = hr_model_string(b, e, "key", "matchExpressions[].key");
		r->op = hr_model_string(b, e, "operator", "matchExpressions[].operator");
		if (!r->key || !r->op) {
			hr_model_error_at(b, e, "a match expression needs a key and an "
			                  "operator");
			continue;
		}
		const hr_node *vals = hr_model_sequence(b, e, "values",
		                                        "matchExpressions[].values");
		size_t count = vals ? vals->count : 0;
		const char **v = hr_arena_alloc(b->arena, count * sizeof(*v));
		for (size_t j = 0; j < count; j++) {
			const char *t = hr_node_text(vals->items[j]);
			v[j] = t ? t : "";
		}
		r->values = v;
		r->value_count = count;
		n++;
	}
	p->match_expressions = reqs;
	p->match_expression_count = n;
}

static void read_pdb(model_builder *b, const hr_node *root)
{
	const char *name, *ns;
	if (!hr_model_identity(b, root, &name, &ns))
		return;
	const hr_node *spec = hr_model_mapping(b, root, "spec", "spec");
	hr_pdb p = {0};
	p.name = name;
	p.namespace_ = ns;
	p.document = b->doc;
	p.min_available = hr_map_get(spec, "minAvailable");
	p.max_unavailable = hr_map_get(spec, "maxUnavailable");
	if (p.min_available && p.max_unavailable)
		hr_model_error_at(b, p.max_unavailable, "minAvailable and "
		                  "maxUnavailable cannot both be set");
	const hr_node *sel = hr_model_mapping(b, spec, "selector", "spec.selector");
	p.selects_nothing = sel == NULL;
	if (sel) {
		hr_model_kv(b, hr_model_mapping(b, sel, "matchLabels",
		                                "selector.matchLabels"),
		            "matchLabels", &p.match_labels, &p.match_label_count);
		read_requirements(b, hr_model_sequence(b, sel, "matchExpressions",
		                                       "selector.matchExpressions"),
		                  &p);
	}
	b->pdbs = hr_xgrow(b->pdbs, &b->pdb_cap, b->pdb_count + 1, sizeof(*b->pdbs));
	b->pdbs[b->pdb_count++] = p;
}

static void read_bounds(model_builder *b, const hr_node *rec, const char *field,
                        hr_resource_value *out)
{
	const hr_node *m = hr_map_get(rec, field);
	char what[96];
	for (int r = 0; r < HR_RES_COUNT; r++) {
		const hr_node *v = hr_map_get(m, hr_resource_name((hr_resource)r));
		snprintf(what, sizeof(what), "VPA recommendation %s.%s", field,
		         hr_resource_name((hr_resource)r));
		if (v)
			hr_model_quantity(b, v, what, &out[r]);
	}
}

static void read_vpa(model_builder *b, const hr_node *root)
{
	const char *name, *ns;
	if (!hr_model_identity(b, root, &name, &ns))
		return;
	const hr_node *spec = hr_model_mapping(b, root, "spec", "spec");
	hr_vpa v = {0};
	v.name = name;
	v.namespace_ = ns;
	v.document = b->doc;
	read_target_ref(b, spec, "targetRef", &v.target_kind, &v.target_name);
	const hr_node *policy = hr_map_get(spec, "updatePolicy");
	v.update_mode = hr_model_string(b, policy, "updateMode",
	                                "updatePolicy.updateMode");
	v.update_mode_node = hr_map_get(policy, "updateMode");
	const hr_node *recs = hr_map_get(hr_map_get(hr_map_get(root, "status"),
	                                            "recommendation"),
	                                 "containerRecommendations");
	if (recs && recs->kind == HR_NODE_SEQUENCE) {
		hr_vpa_recommendation *out = hr_arena_alloc(
		        b->arena, recs->count * sizeof(*out));
		size_t n = 0;
		for (size_t i = 0; i < recs->count; i++) {
			const hr_node *rec = recs->items[i];
			const char *c = hr_model_string(b, rec, "containerName",
			                                "containerName");
			if (!c)
				continue;
			out[n].container = c;
			read_bounds(b, rec, "target", out[n].target);
			read_bounds(b, rec, "lowerBound", out[n].lower_bound);
			read_bounds(b, rec, "upperBound", out[n].upper_bound);
			read_bounds(b, rec, "uncappedTarget", out[n].uncapped_target);
			n++;
		}
		v.recommendations = out;
		v.recommendation_count = n;
	}
	b->vpas = hr_xgrow(b->vpas, &b->vpa_cap, b->vpa_count + 1, sizeof(*b->vpas));
	b->vpas[b->vpa_count++] = v;
}

bool hr_model_read_scaling(model_builder *b, const hr_node *root,
                           const char *kind, const char *group)
{
	if (strcmp(kind, "HorizontalPodAutoscaler") == 0 &&
	    strcmp(group, "autoscaling") == 0)
		read_hpa(b, root);
	else if (strcmp(kind, "PodDisruptionBudget") == 0 &&
	         strcmp(group, "policy") == 0)
		read_pdb(b, root);
	else if (strcmp(kind, "VerticalPodAutoscaler") == 0 &&
	         strcmp(group, "autoscaling.k8s.io") == 0)
		read_vpa(b, root);
	else
		return false;
	return true;
}

static const char *label_value(const hr_workload *w, const char *key)
{
	for (size_t i = 0; i < w->pod_label_count; i++)
		if (strcmp(w->pod_labels[i].key, key) == 0)
			return w->pod_labels[i].value;
	return NULL;
}

static bool in_values(const hr_label_requirement *r, const char *v)
{
	for (size_t i = 0; i < r->value_count; i++)
		if (strcmp(r->values[i], v) == 0)
			return true;
	return false;
}

/* Label selector semantics (apimachinery labels.Selector). */
static bool selects(const hr_pdb *p, const hr_workload *w)
{
	if (p->selects_nothing || strcmp(p->namespace_, w->namespace_) != 0)
		return false;
	for (size_t i = 0; i < p->match_label_count; i++) {
		const char *v = label_value(w, p->match_labels[i].key);
		if (!v || strcmp(v, p->match_labels[i].value) != 0)
			return false;
	}
	for (size_t i = 0; i < p->match_expression_count; i++) {
		const hr_label_requirement *r = &p->match_expressions[i];
		const char *v = label_value(w, r->key);
		bool ok;
		if (strcmp(r->op, "In") == 0)
			ok = v && in_values(r, v);
		else if (strcmp(r->op, "NotIn") == 0)
			ok = !v || !in_values(r, v);
		else if (strcmp(r->op, "Exists") == 0)
			ok = v != NULL;
		else if (strcmp(r->op, "DoesNotExist") == 0)
			ok = v == NULL;
		else
			ok = false; /* the API server refuses other operators */
		if (!ok)
			return false;
	}
	return true;
}

static hr_workload *find_target(model_builder *b, const char *kind,
                                const char *ns, const char *name)
{
	if (!kind || !name)
		return NULL;
	return (hr_workload *)hr_model_find(b->model, kind, ns, name);
}

static void link_rollout_template(model_builder *b, hr_workload *w)
{
	const hr_node *spec = hr_map_get(w->document->root, "spec");
	const hr_node *ref = hr_map_get(spec, "workloadRef");
	if (!ref || w->pod_spec)
		return;
	const char *kind = hr_node_text(hr_map_get(ref, "kind"));
	const char *name = hr_node_text(hr_map_get(ref, "name"));
	const hr_workload *src = find_target(b, kind, w->namespace_, name);
	if (!src || src == w || !src->pod_spec)
		return;
	w->template_owner = src;
	w->pod_spec = src->pod_spec;
	w->containers = src->containers;
	w->container_count = src->container_count;
	w->pod_labels = src->pod_labels;
	w->pod_label_count = src->pod_label_count;
	w->pod_annotations = src->pod_annotations;
	w->pod_annotation_count = src->pod_annotation_count;
	memcpy(w->pod_requests, src->pod_requests, sizeof(w->pod_requests));
	memcpy(w->pod_limits, src->pod_limits, sizeof(w->pod_limits));
	w->qos = src->qos;
}

/* The budgets of one namespace, chained through `next`: a workload is
 * only matched against the budgets of its own namespace, which keeps
 * linking linear in practice. */
typedef struct budget_chain {
	const hr_pdb *pdb;
	struct budget_chain *next;
} budget_chain;

static void link_budgets(model_builder *b)
{
	if (!b->pdb_count)
		return;
	hr_strmap by_ns = HR_STRMAP_INIT;
	for (size_t j = b->pdb_count; j-- > 0;) {
		const hr_pdb *p = &b->pdbs[j];
		budget_chain *link = hr_arena_alloc(b->arena, sizeof(*link));
		link->pdb = p;
		link->next = hr_strmap_get(&by_ns, p->namespace_, strlen(p->namespace_));
		hr_strmap_put(&by_ns, p->namespace_, strlen(p->namespace_), link);
	}
	for (size_t i = 0; i < b->workload_count; i++) {
		hr_workload *w = &b->workloads[i];
		const budget_chain *chain = hr_strmap_get(&by_ns, w->namespace_,
		                                          strlen(w->namespace_));
		size_t n = 0;
		for (const budget_chain *c = chain; c; c = c->next)
			n += selects(c->pdb, w);
		if (!n)
			continue;
		const hr_pdb **list = hr_arena_alloc(b->arena, n * sizeof(*list));
		n = 0;
		for (const budget_chain *c = chain; c; c = c->next)
			if (selects(c->pdb, w))
				list[n++] = c->pdb;
		w->pdbs = list;
		w->pdb_count = n;
	}
	hr_strmap_dispose(&by_ns);
}

void hr_model_link(model_builder *b)
{
	for (size_t i = 0; i < b->workload_count; i++)
		if (b->workloads[i].kind == HR_KIND_ROLLOUT)
			link_rollout_template(b, &b->workloads[i]);
	for (size_t i = 0; i < b->hpa_count; i++) {
		hr_hpa *h = &b->hpas[i];
		hr_workload *w = find_target(b, h->target_kind, h->namespace_,
		                             h->target_name);
		h->target = w;
		if (w && !w->hpa)
			w->hpa = h;
	}
	for (size_t i = 0; i < b->vpa_count; i++) {
		hr_vpa *v = &b->vpas[i];
		hr_workload *w = find_target(b, v->target_kind, v->namespace_,
		                             v->target_name);
		v->target = w;
		if (w && !w->vpa)
			w->vpa = v;
	}
	link_budgets(b);
}
