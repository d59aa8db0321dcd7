/*
 * Reading VerticalPodAutoscaler objects (`kubectl get vpa -A -o yaml` or
 * `-o json`: a List, one object, or a stream of YAML documents) through
 * the manifest loader (src/load/, libyaml; JSON is YAML), with its limits
 * on size, depth and aliases.  Of each object:
 *
 *   metadata.namespace ("default" when absent), metadata.name
 *   spec.targetRef{apiVersion, kind, name}  the workload it is about
 *   spec.updatePolicy.updateMode            kept for the evidence
 *   spec.resourcePolicy.containerPolicies[].controlledValues
 *                                           whether VPA touches limits
 *   status.recommendation.containerRecommendations[]
 *       {containerName, target, lowerBound, upperBound, uncappedTarget}
 *
 * target becomes the recommended requests (bare byte counts such as
 * "381153325" shown rounded up); the bounds and the uncapped target are kept
 * as facts, as written.  VPA recommends no limits: when it applies a
 * recommendation it scales each limit in proportion to the pod's current
 * limit/request ratio (unless controlledValues is RequestsOnly), which
 * depends on the manifest, so it is stated, not computed.  A VPA without
 * a recommendation yet is not an error: its workload gets a note.  Other
 * objects in the input are skipped; an input with no VPA is an error.
 */
#include "recs/recs_internal.h"

#include "headroom/manifests.h"
#include "util/alloc.h"
#include "util/error_internal.h"
#include "util/json_input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VPA_LACKS "percentiles,peak,limits,samples,coverage"

/* vpa, update mode, limits, and three bounds of two resources. */
#define VPA_FACTS_MAX 9

typedef struct vpa {
	const hr_recommendations *set;
	hr_recs_batch *batch;
	const char *file;
	hr_recs_entry *entries;
	size_t entry_count, entry_cap;
	const char *id; /* "namespace/name" of the object being read */
} vpa;

HR_PRINTF(3, 4)
static int fail_at(const vpa *v, const hr_node *at, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	char quoted[HR_JSON_QUOTE_MAX];
	return hr_fail_at(HR_EINVALID, v->file, at->start.line,
	                  at->start.column, "VerticalPodAutoscaler %s: %s",
	                  hr_json_quote(quoted, sizeof(quoted), v->id,
	                                strlen(v->id)),
	                  msg);
}

/* A string field in the batch's arena; NULL when absent (then *rc stays
 * HR_OK unless required). */
static const char *string_at(vpa *v, const hr_node *map, const char *key,
                             const char *what, bool required, int *rc)
{
	const hr_node *n = hr_map_get(map, key);
	if (!n || hr_scalar_resolve(n) == HR_TYPE_NULL) {
		if (required)
			*rc = fail_at(v, map, "has no %s", what);
		return NULL;
	}
	if (n->kind != HR_NODE_SCALAR || n->len == 0 ||
	    strlen(n->text) != n->len) {
		*rc = fail_at(v, n, "%s must be a non-empty string without NUL "
		              "bytes", what);
		return NULL;
	}
	return hr_arena_strndup(&v->batch->arena, n->text, n->len);
}

/* A quantity of a recommendation (target.cpu); *out unset when absent. */
static int quantity_at(vpa *v, const hr_node *map, const char *key,
                       const char *what, hr_recommended_value *out)
{
	const hr_node *n = hr_map_get(map, key);
	if (!n || hr_scalar_resolve(n) == HR_TYPE_NULL)
		return HR_OK;
	char buf[64];
	size_t len = 0;
	const char *text = n->kind == HR_NODE_SCALAR
	                           ? hr_scalar_as_string(n, buf, sizeof(buf), &len)
	                           : NULL;
	if (!text)
		return fail_at(v, n, "%s.%s must be a quantity such as \"250m\" "
		               "or \"256Mi\"", what, key);
	hr_quantity q;
	if (hr_quantity_parse(text, len, &q) != HR_OK) {
		char why[256];
		snprintf(why, sizeof(why), "%s", hr_error_last()->message);
		return fail_at(v, n, "%s.%s: %s", what, key, why);
	}
	if (q.nano < 0)
		return fail_at(v, n, "%s.%s must not be negative", what, key);
	out->set = true;
	out->text = hr_arena_strndup(&v->batch->arena, text, len);
	out->quantity = q;
	return HR_OK;
}

static const char *const resources[2] = { "cpu", "memory" };
static const hr_resource resource_ids[2] = { HR_RES_CPU, HR_RES_MEMORY };

/* The bounds kept as facts, with their names in evidence. */
static const struct bound {
	const char *key;
	const char *fact[2]; /* cpu, memory */
} bounds[] = {
	{"lowerBound", {"vpa_lower_bound_cpu", "vpa_lower_bound_memory"}},
	{"upperBound", {"vpa_upper_bound_cpu", "vpa_upper_bound_memory"}},
	{"uncappedTarget",
	 {"vpa_uncapped_target_cpu", "vpa_uncapped_target_memory"}},
};

#define BOUNDS_COUNT (sizeof(bounds) / sizeof(bounds[0]))

/* What VPA does to this container's limits, as its policy says. */
static const char *limits_fact(const hr_node *spec, const char *container)
{
	const hr_node *policies =
	        hr_map_get(hr_map_get(spec, "resourcePolicy"), "containerPolicies");
	const char *controlled = NULL;
	for (uint32_t i = 0; policies && policies->kind == HR_NODE_SEQUENCE &&
	                     i < policies->count; i++) {
		const hr_node *p = policies->items[i];
		const hr_node *name = hr_map_get(p, "containerName");
		const char *mode = hr_node_text(hr_map_get(p, "controlledValues"));
		/* A policy for the container wins over the "*" one. */
		if (mode && hr_node_is(name, container))
			controlled = mode;
		else if (mode && hr_node_is(name, "*") && !controlled)
			controlled = mode;
	}
	if (controlled && strcmp(controlled, "RequestsOnly") == 0)
		return "not recommended; VPA leaves them as they are "
		       "(controlledValues: RequestsOnly)";
	return "not recommended; VPA scales them in proportion to the pod's "
	       "current limit/request ratio";
}

static int read_container(vpa *v, const hr_node *spec, const hr_node *item,
                          size_t index, hr_recs_entry *e)
{
	char what[64];
	snprintf(what, sizeof(what), "containerRecommendations[%zu]", index);
	if (!item || item->kind != HR_NODE_MAPPING)
		return fail_at(v, item, "%s must be a mapping", what);
	int rc = HR_OK;
	char name_what[96];
	snprintf(name_what, sizeof(name_what), "%s.containerName", what);
	const char *name = string_at(v, item, "containerName", name_what, true,
	                             &rc);
	if (rc)
		return rc;
	hr_container_usage *u = &e->usage;
	hr_recs_usage_init(u);
	u->source = HR_RECS_SOURCE_VPA;
	u->lacks = VPA_LACKS;
	u->name = name;
	u->file = v->file;
	u->line = item->start.line;
	e->column = item->start.column;

	char group[96];
	const hr_node *target = hr_map_get(item, "target");
	snprintf(group, sizeof(group), "%s.target", what);
	if (target && target->kind != HR_NODE_MAPPING)
		return fail_at(v, target, "%s must be a mapping", group);
	hr_recommended_value values[HR_RES_COUNT];
	memset(values, 0, sizeof(values));
	for (int r = 0; r < 2; r++)
		if ((rc = quantity_at(v, target, resources[r], group,
		                      &values[resource_ids[r]])))
			return rc;
	/* VPA writes memory in bytes ("381153325"): such a bare number is
	 * shown rounded up, as people write it ("364Mi"); "182m" stays as
	 * written.  The facts keep VPA's own text. */
	for (int r = 0; r < HR_RES_COUNT; r++)
		if (values[r].set &&
		    strspn(values[r].text, "0123456789") == strlen(values[r].text))
			values[r].text = NULL;

	hr_recs_fact facts[VPA_FACTS_MAX];
	size_t n = 0;
	facts[n++] = (hr_recs_fact){ "vpa", v->id, 0 };
	const char *mode = hr_node_text(
	        hr_map_get(hr_map_get(spec, "updatePolicy"), "updateMode"));
	if (mode)
		facts[n++] = (hr_recs_fact){
			"vpa_update_mode",
			hr_arena_strdup(&v->batch->arena, mode), 0 };
	facts[n++] = (hr_recs_fact){ "vpa_limits", limits_fact(spec, name), 0 };
	for (size_t b = 0; b < BOUNDS_COUNT; b++) {
		const hr_node *map = hr_map_get(item, bounds[b].key);
		snprintf(group, sizeof(group), "%s.%s", what, bounds[b].key);
		if (map && map->kind != HR_NODE_MAPPING)
			return fail_at(v, map, "%s must be a mapping", group);
		for (int r = 0; r < 2 && map; r++) {
			hr_recommended_value q = { false, NULL, { 0, 0, false } };
			if ((rc = quantity_at(v, map, resources[r], group, &q)))
				return rc;
			if (q.set)
				facts[n++] = (hr_recs_fact){ bounds[b].fact[r],
					                     q.text, 0 };
		}
	}
	u->facts.items = hr_arena_memdup(&v->batch->arena, facts,
	                                 n * sizeof(facts[0]));
	u->facts.count = n;
	if (values[HR_RES_CPU].set || values[HR_RES_MEMORY].set) {
		hr_recommended_value *stored = hr_arena_alloc(
		        &v->batch->arena, 2 * sizeof(values));
		memcpy(stored, values, sizeof(values));
		memset(stored + HR_RES_COUNT, 0, sizeof(values));
		u->requests = stored;
		u->limits = stored + HR_RES_COUNT;
	}
	return HR_OK;
}

static hr_recs_entry *new_entry(vpa *v, const hr_node *at)
{
	if (v->set->containers_read + v->entry_count >= HR_RECS_CONTAINERS_MAX) {
		hr_fail_at(HR_ELIMIT, v->file, at->start.line, at->start.column,
		           "more than %u containers in the recommendations",
		           HR_RECS_CONTAINERS_MAX);
		return NULL;
	}
	v->entries = hr_xgrow(v->entries, &v->entry_cap, v->entry_count + 1,
	                      sizeof(*v->entries));
	hr_recs_entry *e = &v->entries[v->entry_count++];
	memset(e, 0, sizeof(*e));
	return e;
}

static int read_object(vpa *v, const hr_node *root)
{
	const hr_node *meta = hr_map_get(root, "metadata");
	int rc = HR_OK;
	v->id = "?";
	if (!meta || meta->kind != HR_NODE_MAPPING)
		return fail_at(v, meta ? meta : root, "has no metadata mapping");
	const char *ns = string_at(v, meta, "namespace", "metadata.namespace",
	                           false, &rc);
	const char *name = rc ? NULL : string_at(v, meta, "name",
	                                         "metadata.name", true, &rc);
	if (rc)
		return rc;
	ns = ns ? ns : "default";
	size_t id_len = strlen(ns) + 1 + strlen(name) + 1;
	char *id = hr_arena_alloc(&v->batch->arena, id_len);
	snprintf(id, id_len, "%s/%s", ns, name);
	v->id = id;

	const hr_node *spec = hr_map_get(root, "spec");
	const hr_node *ref = hr_map_get(spec, "targetRef");
	if (!ref || ref->kind != HR_NODE_MAPPING)
		return fail_at(v, ref ? ref : spec ? spec : root,
		               "has no spec.targetRef mapping: the workload it "
		               "is about is unknown");
	const char *kind = string_at(v, ref, "kind", "spec.targetRef.kind",
	                             true, &rc);
	const char *target = rc ? NULL : string_at(v, ref, "name",
	                                           "spec.targetRef.name", true,
	                                           &rc);
	if (rc)
		return rc;

	const hr_node *rec = hr_map_get(hr_map_get(root, "status"),
	                                "recommendation");
	const hr_node *items = hr_map_get(rec, "containerRecommendations");
	if (items && items->kind != HR_NODE_SEQUENCE)
		return fail_at(v, items, "status.recommendation."
		               "containerRecommendations must be a sequence");
	size_t first = v->entry_count;
	for (uint32_t i = 0; items && i < items->count; i++) {
		hr_recs_entry *e = new_entry(v, items->items[i]);
		if (!e)
			return HR_ELIMIT;
		rc = read_container(v, spec, items->items[i], i, e);
		if (rc)
			return rc;
	}
	if (v->entry_count == first) {
		/* Not an error: the recommender has not got to it yet. */
		hr_recs_entry *e = new_entry(v, root);
		if (!e)
			return HR_ELIMIT;
		char note[512], quoted[HR_JSON_QUOTE_MAX];
		snprintf(note, sizeof(note), "VerticalPodAutoscaler %s (%s:%u) "
		         "has no recommendation yet (no status.recommendation)",
		         hr_json_quote(quoted, sizeof(quoted), id, strlen(id)),
		         v->file, root->start.line);
		e->note = hr_arena_strdup(&v->batch->arena, note);
		e->usage.line = root->start.line;
		e->usage.file = v->file;
		e->column = root->start.column;
	}
	for (size_t i = first; i < v->entry_count; i++) {
		v->entries[i].namespace_ = ns;
		v->entries[i].kind = kind;
		v->entries[i].name = target;
	}
	return HR_OK;
}

static int read_objects(vpa *v, const hr_manifests *m)
{
	size_t found = 0;
	const hr_node *first_other = NULL;
	for (size_t i = 0; i < hr_manifests_count(m); i++) {
		const hr_node *root = hr_manifests_get(m, i)->root;
		if (!hr_node_is(hr_map_get(root, "kind"), "VerticalPodAutoscaler")) {
			first_other = first_other ? first_other : root;
			continue;
		}
		found++;
		int rc = read_object(v, root);
		if (rc)
			return rc;
	}
	if (found)
		return HR_OK;
	if (first_other) {
		const hr_node *kind = hr_map_get(first_other, "kind");
		char quoted[HR_JSON_QUOTE_MAX];
		return hr_fail_at(HR_EINVALID, v->file, first_other->start.line,
		                  first_other->start.column,
		                  "no VerticalPodAutoscaler objects here (kind "
		                  "%s is not a recommendation source)",
		                  hr_json_quote(quoted, sizeof(quoted), kind->text,
		                                kind->len));
	}
	return hr_fail_at(HR_EINVALID, v->file, 1, 1,
	                  "no VerticalPodAutoscaler objects here");
}

int hr_recs_read_vpa(const hr_recommendations *set, hr_recs_batch *batch,
                     hr_json_input *in)
{
	size_t len = 0;
	const char *data = hr_json_whole(in, &len);
	if (!data) /* a read error, or text already let go (not reached) */
		return in->failed ? in->failed
		                  : hr_fail_at(HR_EIO, in->name, 0, 0,
		                               "cannot read the input again");
	hr_load_limits limits;
	hr_load_limits_default(&limits);
	limits.jobs = 1; /* already on a thread of check's */
	hr_manifests *m = NULL;
	hr_manifests_new(&m, &limits);
	vpa v;
	memset(&v, 0, sizeof(v));
	v.set = set;
	v.batch = batch;
	v.file = batch->file;
	int rc = hr_manifests_add_buffer(m, in->name, data, len);
	if (rc == HR_OK)
		rc = read_objects(&v, m);
	if (rc == HR_OK)
		rc = hr_recs_store(batch, v.entries, v.entry_count,
		                   "VerticalPodAutoscaler");
	free(v.entries);
	hr_manifests_free(&m);
	return rc;
}
