/*
 * Reading KRR reports (`krr simple -f json`, robusta-dev/krr): pydantic's
 * dump of its Result model,
 *
 *   {"scans": [{"object": {"cluster", "name", "container", "namespace",
 *                          "kind", "pods": [...], "allocations": {...}},
 *               "recommended": {"requests": {"cpu": {"value", "severity"},
 *                                            "memory": {...}},
 *                               "limits": {...},
 *                               "info": {"cpu": null | "why", ...}},
 *               "severity": "WARNING", "metrics": {...}}, ...],
 *    "score": 80, "resources": ["cpu", "memory"], "description": ...,
 *    "strategy": {"name": "simple", "settings": {"history_duration": 336,
 *                 "cpu_percentile": 95, "memory_buffer_percentage": 15,
 *                 ...}}}
 *
 * One scan is one container.  A value is CPU cores or memory bytes as a
 * JSON number, "?" when KRR could not compute it (it writes NaN as "?"),
 * or null for "no value" (KRR's simple strategy recommends no CPU limit).
 * A value written as {"value": v, "severity": s} and a bare v are both
 * read.  What KRR says of its method (the strategy and its settings) and
 * of each scan (severity, info, pods) is kept as facts for the evidence;
 * nothing else is made up: no percentiles, no peak, no samples.
 *
 * The report is walked like headroom JSON (json_input.h): each scan and
 * the strategy are decoded on their own, so memory follows the result.
 * The strategy may come after the scans: every container points to one
 * method list that is filled when it is read.
 */
#include "recs/recs_internal.h"

#include "util/alloc.h"
#include "util/error_internal.h"
#include "util/json_input.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KRR_LACKS "percentiles,peak,samples,coverage"

/* Facts a scan can state: severity, pods, info for CPU and memory. */
#define SCAN_FACTS_MAX 4

typedef struct krr {
	const hr_recommendations *set;
	hr_recs_batch *batch;
	hr_json_input *in;
	hr_json_tree tree;
	hr_recs_facts *method;
	hr_recs_entry *entries;
	size_t entry_count, entry_cap;
	size_t base; /* offset of the scan being converted */
	size_t scan;
	const char *last_cluster;
	const char *last_namespace;
} krr;

/* An error at the member path of scans[scan] (NULL: the scan). */
HR_PRINTF(3, 4)
static int scan_fail(krr *k, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	size_t at = k->base;
	if (path && !hr_json_locate(k->in, k->base, path, &at))
		at = k->base;
	return hr_json_fail(k->in, HR_EINVALID, at, "scans[%zu]%s%s%s", k->scan,
	                    path ? "." : "", path ? path : "", msg);
}

static const hr_json_node *member(const hr_json_tree *t, const hr_json_node *obj,
                                  const char *key)
{
	const hr_json_node *v = obj ? hr_json_get(t, obj, key) : NULL;
	return v && v->type != JSON_NULL ? v : NULL;
}

/* A string kept in the batch (the previous one reused when equal, as a
 * report repeats its cluster and namespaces). */
static const char *keep(krr *k, const hr_json_node *v, const char **last)
{
	const char *s = hr_json_str(&k->tree, v);
	if (last && *last && strcmp(*last, s) == 0)
		return *last;
	const char *kept = hr_arena_strndup(&k->batch->arena, s, v->len);
	if (last)
		*last = kept;
	return kept;
}

/* A required non-empty string member of scan.object. */
static int object_string(krr *k, const hr_json_node *obj, const char *key,
                         bool required, const char **out, const char **last)
{
	char path[32];
	snprintf(path, sizeof(path), "object.%s", key);
	const hr_json_node *v = member(&k->tree, obj, key);
	if (!v) {
		if (!required)
			return HR_OK;
		return scan_fail(k, "object", " has no \"%s\"", key);
	}
	if (v->type != JSON_STRING)
		return scan_fail(k, path, " must be a string, not %s",
		                 hr_json_node_type_name(v));
	if (v->len == 0)
		return scan_fail(k, path, " must not be empty");
	*out = keep(k, v, last);
	return HR_OK;
}

static const char *const resources[2] = { "cpu", "memory" };
static const hr_resource resource_ids[2] = { HR_RES_CPU, HR_RES_MEMORY };

/*
 * One recommended value at path: 1 when set, 0 for "?", null or NaN (KRR
 * has none), <0 on error.  A number is taken from its text as written, so
 * that 0.35 is exactly 350m.
 */
static int read_value(krr *k, const hr_json_node *v, const char *path,
                      hr_recommended_value *out)
{
	if (!v)
		return 0;
	if (v->type == JSON_STRING) {
		const char *s = hr_json_str(&k->tree, v);
		if (strcmp(s, "?") == 0 || strcmp(s, "NaN") == 0 ||
		    strcmp(s, "nan") == 0)
			return 0;
		char quoted[HR_JSON_QUOTE_MAX];
		return scan_fail(k, path, " must be a number, \"?\" or null, "
		                 "not %s",
		                 hr_json_quote(quoted, sizeof(quoted), s, v->len));
	}
	if (v->type != JSON_INTEGER && v->type != JSON_REAL)
		return scan_fail(k, path, " must be a number, \"?\" or null, "
		                 "not %s", hr_json_node_type_name(v));
	double d = hr_json_number(v);
	if (!(d >= 0))
		return scan_fail(k, path, " must be 0 or more, not %.15g", d);
	size_t at, len = 0;
	const char *text = NULL;
	if (hr_json_locate(k->in, k->base, path, &at)) {
		len = hr_json_value_end(k->in, at) - at;
		text = hr_json_bytes(k->in, at, len);
	}
	hr_quantity q;
	if (!text || hr_quantity_parse(text, len, &q) != HR_OK) {
		char why[512];
		snprintf(why, sizeof(why), "%s",
		         text ? hr_error_last()->message : "not found");
		return scan_fail(k, path, ": %s", why);
	}
	out->set = true;
	out->text = NULL; /* shown rounded, as people write it */
	out->quantity = q;
	return 1;
}

/* recommended.requests and .limits: the values set (0: none). */
static int read_recommended(krr *k, const hr_json_node *rec,
                            hr_container_usage *u)
{
	static const char *const groups[2] = { "requests", "limits" };
	hr_recommended_value values[2][HR_RES_COUNT];
	memset(values, 0, sizeof(values));
	int any = 0;
	for (int g = 0; g < 2; g++) {
		const hr_json_node *group = member(&k->tree, rec, groups[g]);
		char path[64];
		snprintf(path, sizeof(path), "recommended.%s", groups[g]);
		if (!group)
			continue;
		if (group->type != JSON_OBJECT)
			return scan_fail(k, path, " must be an object, not %s",
			                 hr_json_node_type_name(group));
		for (int r = 0; r < 2; r++) {
			const hr_json_node *v = member(&k->tree, group,
			                               resources[r]);
			snprintf(path, sizeof(path), "recommended.%s.%s",
			         groups[g], resources[r]);
			if (v && v->type == JSON_OBJECT) {
				v = member(&k->tree, v, "value");
				strcat(path, ".value");
			}
			int rc = read_value(k, v, path,
			                    &values[g][resource_ids[r]]);
			if (rc < 0)
				return rc;
			any += rc;
		}
	}
	if (any) {
		hr_recommended_value *stored = hr_arena_memdup(
		        &k->batch->arena, values, sizeof(values));
		u->requests = stored;
		u->limits = stored + HR_RES_COUNT;
	}
	return any;
}

/* What KRR says of this scan, as it says it. */
static void scan_facts(krr *k, const hr_json_node *scan,
                       const hr_json_node *object, const hr_json_node *rec,
                       hr_container_usage *u)
{
	hr_recs_fact facts[SCAN_FACTS_MAX];
	size_t n = 0;
	const hr_json_node *v = member(&k->tree, scan, "severity");
	if (v && v->type == JSON_STRING)
		facts[n++] = (hr_recs_fact){ "krr_severity", keep(k, v, NULL), 0 };
	v = member(&k->tree, object, "pods");
	if (v && v->type == JSON_ARRAY) {
		/* Items follow their array; each one's subtree ends at
		 * its end. */
		size_t pods = 0;
		for (size_t i = (size_t)(v - k->tree.nodes) + 1; i < v->end;
		     i = k->tree.nodes[i].end)
			pods++;
		facts[n++] = (hr_recs_fact){ "krr_pods", NULL, (double)pods };
	}
	const hr_json_node *info = member(&k->tree, rec, "info");
	for (int r = 0; r < 2 && info && info->type == JSON_OBJECT; r++) {
		v = member(&k->tree, info, resources[r]);
		if (v && v->type == JSON_STRING && v->len)
			facts[n++] = (hr_recs_fact){
				r ? "krr_info_memory" : "krr_info_cpu",
				keep(k, v, NULL), 0 };
	}
	if (n) {
		u->facts.items = hr_arena_memdup(&k->batch->arena, facts,
		                                 n * sizeof(facts[0]));
		u->facts.count = n;
	}
}

static int convert_scan(krr *k, hr_recs_entry *e)
{
	const hr_json_node *scan = &k->tree.nodes[0];
	if (scan->type != JSON_OBJECT)
		return scan_fail(k, NULL, " must be an object, not %s",
		                 hr_json_node_type_name(scan));
	const hr_json_node *object = member(&k->tree, scan, "object");
	const hr_json_node *rec = member(&k->tree, scan, "recommended");
	if (!object || object->type != JSON_OBJECT)
		return object ? scan_fail(k, "object", " must be an object, "
		                          "not %s",
		                          hr_json_node_type_name(object))
		              : scan_fail(k, NULL, " has no \"object\"");
	if (!rec || rec->type != JSON_OBJECT)
		return rec ? scan_fail(k, "recommended", " must be an object, "
		                       "not %s", hr_json_node_type_name(rec))
		           : scan_fail(k, NULL, " has no \"recommended\"");
	const char *container = NULL;
	int rc;
	if ((rc = object_string(k, object, "kind", true, &e->kind, NULL)) ||
	    (rc = object_string(k, object, "name", true, &e->name, NULL)) ||
	    (rc = object_string(k, object, "container", true, &container,
	                        NULL)) ||
	    (rc = object_string(k, object, "namespace", true, &e->namespace_,
	                        &k->last_namespace)) ||
	    (rc = object_string(k, object, "cluster", false, &e->cluster,
	                        &k->last_cluster)))
		return rc;

	hr_container_usage *u = &e->usage;
	hr_recs_usage_init(u);
	u->source = HR_RECS_SOURCE_KRR;
	u->lacks = KRR_LACKS;
	u->method = k->method;
	rc = read_recommended(k, rec, u);
	if (rc < 0)
		return rc;
	scan_facts(k, scan, object, rec, u);
	unsigned line, column;
	hr_json_position(k->in, k->base, &line, &column);
	u->file = k->batch->file;
	u->line = line;
	e->column = column;
	if (rc > 0) {
		u->name = container;
		return HR_OK;
	}
	/* KRR names the container but has no value for it: the workload
	 * gets a note instead of data. */
	char note[512], quoted[HR_JSON_QUOTE_MAX];
	const char *why = NULL;
	for (size_t i = 0; i < u->facts.count; i++)
		if (strncmp(u->facts.items[i].key, "krr_info_", 9) == 0)
			why = u->facts.items[i].text;
	snprintf(note, sizeof(note), "KRR (%s:%u) has no value for container "
	         "%s%s%s", u->file, line,
	         hr_json_quote(quoted, sizeof(quoted), container,
	                       strlen(container)),
	         why ? ": " : "", why ? why : "");
	e->note = hr_arena_strdup(&k->batch->arena, note);
	return HR_OK;
}

static int read_scan(krr *k, size_t index)
{
	int rc = hr_json_read(k->in, &k->tree, &k->base);
	if (rc)
		return rc;
	k->scan = index;
	if (k->set->containers_read + k->entry_count >= HR_RECS_CONTAINERS_MAX)
		return hr_json_fail(k->in, HR_ELIMIT, k->base,
		                    "more than %u containers in the "
		                    "recommendations", HR_RECS_CONTAINERS_MAX);
	k->entries = hr_xgrow(k->entries, &k->entry_cap, k->entry_count + 1,
	                      sizeof(*k->entries));
	hr_recs_entry *e = &k->entries[k->entry_count];
	memset(e, 0, sizeof(*e));
	rc = convert_scan(k, e);
	hr_json_tree_trim(&k->tree);
	if (rc == HR_OK)
		k->entry_count++;
	return rc;
}

static int read_scans(krr *k)
{
	hr_json_array arr;
	int rc = hr_json_array_open(k->in, &arr, "scans");
	while (rc == HR_OK && (rc = hr_json_array_next(&arr)) == 1) {
		rc = read_scan(k, arr.count - 1);
		hr_json_release(k->in);
	}
	return rc;
}

/* The strategy settings kept, with the names given to them in evidence
 * (the unit is KRR's: hours of history, minutes a step). */
static const struct setting {
	const char *key;
	const char *fact;
} settings[] = {
	{"history_duration", "krr_history_hours"},
	{"timeframe_duration", "krr_step_minutes"},
	{"cpu_percentile", "krr_cpu_percentile"},
	{"memory_buffer_percentage", "krr_memory_buffer_percentage"},
	{"points_required", "krr_points_required"},
	{"cpu_request", "krr_cpu_request_percentile"},
	{"cpu_limit", "krr_cpu_limit_percentile"},
};

#define SETTINGS_COUNT (sizeof(settings) / sizeof(settings[0]))

static int read_strategy(krr *k)
{
	size_t at;
	int rc = hr_json_read(k->in, &k->tree, &at);
	if (rc)
		return rc;
	const hr_json_node *s = &k->tree.nodes[0];
	if (s->type == JSON_NULL)
		return HR_OK;
	if (s->type != JSON_OBJECT)
		return hr_json_fail(k->in, HR_EINVALID, at,
		                    "strategy must be an object, not %s",
		                    hr_json_node_type_name(s));
	hr_recs_fact facts[SETTINGS_COUNT + 1];
	size_t n = 0;
	const hr_json_node *name = member(&k->tree, s, "name");
	if (name && name->type == JSON_STRING)
		facts[n++] = (hr_recs_fact){ "krr_strategy",
			                     keep(k, name, NULL), 0 };
	const hr_json_node *set = member(&k->tree, s, "settings");
	for (size_t i = 0; i < SETTINGS_COUNT && set; i++) {
		const hr_json_node *v = member(&k->tree, set, settings[i].key);
		if (v && (v->type == JSON_INTEGER || v->type == JSON_REAL) &&
		    isfinite(hr_json_number(v)))
			facts[n++] = (hr_recs_fact){ settings[i].fact, NULL,
				                     hr_json_number(v) };
	}
	k->method->items = n ? hr_arena_memdup(&k->batch->arena, facts,
	                                       n * sizeof(facts[0]))
	                     : NULL;
	k->method->count = n;
	return HR_OK;
}

static int read_top(krr *k)
{
	hr_json_object obj = HR_JSON_OBJECT_INIT;
	int rc = hr_json_object_open(k->in, &obj, "the top level");
	hr_json_key key;
	while (rc == HR_OK && (rc = hr_json_object_next(&obj, &key)) == 1) {
		if (hr_json_key_is(&key, "scans"))
			rc = read_scans(k);
		else if (hr_json_key_is(&key, "strategy"))
			rc = read_strategy(k);
		else /* still valid JSON */
			rc = hr_json_read(k->in, &k->tree, NULL);
		hr_json_tree_trim(&k->tree);
		if (rc == HR_OK)
			hr_json_release(k->in);
	}
	hr_json_object_dispose(&obj);
	if (rc == HR_OK)
		rc = hr_json_finish(k->in);
	return rc;
}

int hr_recs_read_krr(const hr_recommendations *set, hr_recs_batch *batch,
                     hr_json_input *in)
{
	krr k;
	memset(&k, 0, sizeof(k));
	k.set = set;
	k.batch = batch;
	k.in = in;
	k.tree = (hr_json_tree)HR_JSON_TREE_INIT;
	k.method = hr_arena_alloc(&batch->arena, sizeof(*k.method));
	memset(k.method, 0, sizeof(*k.method));
	hr_json_rewind(in);
	int rc = read_top(&k);
	if (rc == HR_OK)
		rc = hr_recs_store(batch, k.entries, k.entry_count, "KRR scan");
	hr_json_tree_dispose(&k.tree);
	free(k.entries);
	return rc;
}
