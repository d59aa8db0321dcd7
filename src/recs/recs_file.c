/*
 * Reading `headroom/recommendations/v1` files: validation and conversion
 * into the structs of recommendations.h (the format and the schema's
 * value are checked first, by recs_detect.c).
 *
 * The file is walked with util/json_input.h: the top-level object, the
 * workloads array, each workload object and its containers array are
 * walked; every other value, each container object included, is decoded
 * on its own with hr_json_read() (jansson decodes the container's span;
 * the result is copied into a reusable node buffer) and converted.  Memory
 * therefore stays proportional to the result, not to a tree of the whole
 * file.  Errors inside a value are located by re-walking its text
 * (hr_json_locate()), so positions are exact.
 *
 * Conventions of the format (design.md "Recommendation sources"):
 *   - unknown keys are ignored at every level (forward compatibility, and
 *     "//" comments); their values must still be valid JSON;
 *   - an optional key given as null counts as absent;
 *   - CPU is in cores and memory in bytes; percentiles present must not
 *     decrease (p50 <= p95 <= p99 <= max);
 *   - recommended values are Kubernetes quantity strings; a JSON number is
 *     accepted too (cores, bytes) and parsed from its text as written;
 *   - counts (samples, oom_kills) are whole numbers; 4032.0 is accepted.
 * Checks run in a fixed order per object, so the first error reported is
 * the first one that order meets, at the line and column of its value.
 */
#include "recs/recs_internal.h"

#include "util/alloc.h"
#include "util/error_internal.h"
#include "util/json_input.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest double below which every whole number is exact. */
#define EXACT_INT_MAX 9007199254740992.0

typedef struct reader {
	const hr_recommendations *set;
	hr_recs_batch *batch;
	hr_json_input *in;
	hr_json_object top;
	hr_json_object workload;
	hr_json_tree tree;           /* the value being converted */
	char *text;                  /* this workload's strings */
	size_t text_len, text_cap;
	char *key;                   /* its identity, for the lookup */
	size_t key_cap;
	hr_strmap names;             /* this workload's container names */
	hr_container_usage *scratch; /* this workload's containers */
	size_t scratch_count, scratch_cap;
	const char *last_cluster; /* shared by workloads that repeat it */
	bool schema_seen;
} reader;

/* ---- conversion of decoded values ------------------------------------- */

/* A decoded object being converted, with where it sits in the file.  The
 * path for messages is only built when there is an error. */
typedef struct conv {
	reader *r;
	const hr_json_tree *t;
	size_t base;      /* offset of the object's '{' */
	size_t workload;  /* workloads[workload] */
	size_t container; /* .containers[container], or SIZE_MAX: .replicas */
} conv;

/*
 * An error about the member key of the member parent of the object
 * (parent NULL: a member of the object; key NULL too: the object itself),
 * at the position of that value.  msg starts with its own separator:
 * " must be ..." or ": ...".
 */
HR_PRINTF(5, 6)
static int conv_fail(const conv *c, int code, const char *parent,
                     const char *key, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	char prefix[64];
	if (c->container == SIZE_MAX)
		snprintf(prefix, sizeof(prefix), "workloads[%zu].replicas",
		         c->workload);
	else
		snprintf(prefix, sizeof(prefix),
		         "workloads[%zu].containers[%zu]", c->workload,
		         c->container);
	char path[128] = "";
	if (key)
		snprintf(path, sizeof(path), "%s%s%s", parent ? parent : "",
		         parent ? "." : "", key);
	size_t at = c->base;
	if (key && !hr_json_locate(c->r->in, c->base, path, &at))
		at = c->base;
	return hr_json_fail(c->r->in, code, at, "%s%s%s%s", prefix,
	                    key ? "." : "", path, msg);
}

/* The member key of obj, or NULL when absent or null. */
static const hr_json_node *member(const conv *c, const hr_json_node *obj,
                                  const char *key)
{
	const hr_json_node *v = hr_json_get(c->t, obj, key);
	return v && v->type != JSON_NULL ? v : NULL;
}

/* 0: absent; 1: *out set; <0: error. */
static int get_number(const conv *c, const hr_json_node *obj, const char *parent,
                      const char *key, bool fraction, double *out)
{
	const hr_json_node *v = member(c, obj, key);
	if (!v)
		return 0;
	if (v->type != JSON_INTEGER && v->type != JSON_REAL)
		return conv_fail(c, HR_EINVALID, parent, key,
		                 " must be a number, not %s",
		                 hr_json_node_type_name(v));
	double d = hr_json_number(v);
	if (fraction && !(d >= 0 && d <= 1))
		return conv_fail(c, HR_EINVALID, parent, key,
		                 " must be between 0 and 1, not %.15g", d);
	if (!(d >= 0) || !isfinite(d))
		return conv_fail(c, HR_EINVALID, parent, key,
		                 " must be 0 or more, not %.15g", d);
	*out = d;
	return 1;
}

/* A whole number >= 0 (an integral real such as 4032.0 is accepted). */
static int get_count(const conv *c, const hr_json_node *obj, const char *key, int64_t *out)
{
	const hr_json_node *v = member(c, obj, key);
	if (!v)
		return 0;
	if (v->type == JSON_INTEGER) {
		json_int_t i = v->integer;
		if (i < 0)
			return conv_fail(c, HR_EINVALID, NULL, key,
			                 " must be 0 or more, not %lld",
			                 (long long)i);
		*out = (int64_t)i;
		return 1;
	}
	if (v->type != JSON_REAL)
		return conv_fail(c, HR_EINVALID, NULL, key,
		                 " must be a whole number, not %s",
		                 hr_json_node_type_name(v));
	double d = v->real;
	if (d != floor(d) || d < 0 || d > EXACT_INT_MAX)
		return conv_fail(c, HR_EINVALID, NULL, key,
		                 " must be a whole number of 0 or more, "
		                 "not %.15g", d);
	*out = (int64_t)d;
	return 1;
}

/* 0: absent; 1: *out is the object; <0: error. */
static int get_object(const conv *c, const hr_json_node *obj, const char *parent,
                      const char *key, const hr_json_node **out)
{
	const hr_json_node *v = member(c, obj, key);
	if (!v)
		return 0;
	if (v->type != JSON_OBJECT)
		return conv_fail(c, HR_EINVALID, parent, key,
		                 " must be an object, not %s",
		                 hr_json_node_type_name(v));
	*out = v;
	return 1;
}

static const char *const percentile_keys[HR_PERCENTILE_COUNT] = {
	[HR_P50] = "p50",
	[HR_P95] = "p95",
	[HR_P99] = "p99",
	[HR_PMAX] = "max",
};

static int get_stats(const conv *c, const hr_json_node *obj, const char *key,
                     hr_usage_stats *s)
{
	const hr_json_node *stats = NULL;
	int rc = get_object(c, obj, NULL, key, &stats);
	if (rc <= 0)
		return rc;
	s->present = true;
	int prev = -1;
	for (int p = 0; p < HR_PERCENTILE_COUNT; p++) {
		double d = 0;
		rc = get_number(c, stats, key, percentile_keys[p], false, &d);
		if (rc < 0)
			return rc;
		if (rc == 0)
			continue;
		if (prev >= 0 && d < s->value[prev])
			return conv_fail(
			        c, HR_EINVALID, key, percentile_keys[p],
			        " (%.15g) is less than %s.%s (%.15g): "
			        "percentiles must not decrease",
			        d, key, percentile_keys[prev], s->value[prev]);
		s->has[p] = true;
		s->value[p] = d;
		prev = p;
	}
	return HR_OK;
}

static const char *const resource_keys[HR_RES_COUNT] = {
	[HR_RES_CPU] = "cpu",
	[HR_RES_MEMORY] = "memory",
	[HR_RES_EPHEMERAL_STORAGE] = "ephemeral-storage",
};

/* A recommended value: a quantity string, or a number taken from its
 * text as written (so 0.35 is exactly 350m, not a rounded double). */
static int get_quantity(const conv *c, const hr_json_node *obj, const char *parent,
                        const char *key, hr_recommended_value *out)
{
	const hr_json_node *v = member(c, obj, key);
	if (!v)
		return 0;
	const char *text = NULL;
	size_t len = 0;
	char number[40];
	if (v->type == JSON_STRING) {
		text = hr_json_str(c->t, v);
		len = v->len;
	} else if (v->type == JSON_INTEGER || v->type == JSON_REAL) {
		char path[96];
		snprintf(path, sizeof(path), "%s.%s", parent, key);
		size_t at;
		if (hr_json_locate(c->r->in, c->base, path, &at)) {
			len = hr_json_value_end(c->r->in, at) - at;
			text = hr_json_bytes(c->r->in, at, len);
		}
		if (!text) { /* not reached: the text was just decoded */
			len = (size_t)snprintf(number, sizeof(number), "%.17g",
			                       hr_json_number(v));
			text = number;
		}
	} else {
		return conv_fail(c, HR_EINVALID, parent, key,
		                 " must be a quantity such as \"350m\" or a "
		                 "number, not %s", hr_json_node_type_name(v));
	}
	hr_quantity q;
	if (hr_quantity_parse(text, len, &q) != HR_OK) {
		char why[512];
		snprintf(why, sizeof(why), "%s", hr_error_last()->message);
		return conv_fail(c, HR_EINVALID, parent, key, ": %s", why);
	}
	if (q.nano < 0) {
		char quoted[HR_JSON_QUOTE_MAX];
		return conv_fail(
		        c, HR_EINVALID, parent, key,
		        " must not be negative, not %s",
		        hr_json_quote(quoted, sizeof(quoted), text, len));
	}
	out->set = true;
	out->text = hr_arena_strndup(&c->r->batch->arena, text, len);
	out->quantity = q;
	return 1;
}

/* No recommended value: what requests and limits point to when none of
 * them is given (shared, so that a container costs nothing for them). */
static const hr_recommended_value no_values[HR_RES_COUNT];

static int get_recommended(const conv *c, const hr_json_node *obj,
                           hr_container_usage *u)
{
	const hr_json_node *rec = NULL;
	int rc = get_object(c, obj, NULL, "recommended", &rec);
	if (rc <= 0)
		return rc;
	static const char *const groups[2] = { "requests", "limits" };
	static const char *const paths[2] = {
		"recommended.requests",
		"recommended.limits",
	};
	hr_recommended_value values[2][HR_RES_COUNT];
	memset(values, 0, sizeof(values));
	bool any = false;
	for (int g = 0; g < 2; g++) {
		const hr_json_node *group = NULL;
		rc = get_object(c, rec, "recommended", groups[g], &group);
		if (rc < 0)
			return rc;
		if (rc == 0)
			continue;
		/* Other resources (extended ones, future ones) are ignored. */
		for (int r = 0; r < HR_RES_COUNT; r++) {
			rc = get_quantity(c, group, paths[g], resource_keys[r],
			                  &values[g][r]);
			if (rc < 0)
				return rc;
			any = any || rc > 0;
		}
	}
	if (any) {
		hr_recommended_value *stored = hr_arena_memdup(
		        &c->r->batch->arena, values, sizeof(values));
		u->requests = stored;
		u->limits = stored + HR_RES_COUNT;
	}
	return HR_OK;
}

const hr_recs_facts hr_recs_no_facts = { NULL, 0 };

void hr_recs_usage_init(hr_container_usage *u)
{
	memset(u, 0, sizeof(*u));
	u->samples = -1;
	u->coverage = -1;
	u->oom_kills = -1;
	u->cpu_throttled_ratio = -1;
	u->jvm_heap_used_max = -1;
	u->requests = no_values;
	u->limits = no_values;
	u->method = &hr_recs_no_facts;
}

static int convert_container(const conv *c, const hr_json_node *obj,
                             hr_container_usage *u)
{
	hr_recs_usage_init(u);

	const hr_json_node *name = member(c, obj, "name");
	if (!name)
		return conv_fail(c, HR_EINVALID, NULL, NULL,
		                 " has no \"name\"");
	if (name->type != JSON_STRING)
		return conv_fail(c, HR_EINVALID, NULL, "name",
		                 " must be a string, not %s",
		                 hr_json_node_type_name(name));
	if (name->len == 0)
		return conv_fail(c, HR_EINVALID, NULL, "name",
		                 " must not be empty");
	u->name = hr_arena_strndup(&c->r->batch->arena, hr_json_str(c->t, name),
	                           name->len);

	int rc;
	if ((rc = get_count(c, obj, "samples", &u->samples)) < 0 ||
	    (rc = get_number(c, obj, NULL, "coverage", true, &u->coverage)) <
	            0 ||
	    (rc = get_stats(c, obj, "cpu", &u->cpu)) < 0 ||
	    (rc = get_stats(c, obj, "memory", &u->memory)) < 0 ||
	    (rc = get_count(c, obj, "oom_kills", &u->oom_kills)) < 0 ||
	    (rc = get_number(c, obj, NULL, "cpu_throttled_ratio", true,
	                     &u->cpu_throttled_ratio)) < 0)
		return rc;

	const hr_json_node *jvm = NULL;
	if ((rc = get_object(c, obj, NULL, "jvm", &jvm)) < 0)
		return rc;
	if (rc > 0 && (rc = get_number(c, jvm, "jvm", "heap_used_max", false,
	                               &u->jvm_heap_used_max)) < 0)
		return rc;
	return get_recommended(c, obj, u);
}

/* ---- the walked levels ------------------------------------------------- */

/* A string read from the file, kept in the reader's text buffer. */
typedef struct text_ref {
	bool set;
	size_t off, len;
} text_ref;

/* The value at the cursor as a string, copied into r->text (*out unset
 * for null when nullable).  It is the member key of workloads[wi], or of
 * the top level when wi is SIZE_MAX. */
static int read_string(reader *r, size_t wi, const char *key, bool nullable,
                       bool non_empty, text_ref *out, size_t *offset)
{
	char what[64];
	int rc = hr_json_read(r->in, &r->tree, offset);
	if (rc)
		return rc;
	const hr_json_node *v = &r->tree.nodes[0];
	if (nullable && v->type == JSON_NULL) {
		out->set = false;
		return HR_OK;
	}
	if (v->type == JSON_STRING && (!non_empty || v->len > 0)) {
		r->text = hr_xgrow(r->text, &r->text_cap,
		                   r->text_len + v->len + 1, 1);
		memcpy(r->text + r->text_len, hr_json_str(&r->tree, v),
		       v->len + 1);
		out->set = true;
		out->off = r->text_len;
		out->len = v->len;
		r->text_len += v->len + 1;
		return HR_OK;
	}
	if (wi == SIZE_MAX)
		snprintf(what, sizeof(what), "%s", key);
	else
		snprintf(what, sizeof(what), "workloads[%zu].%s", wi, key);
	if (v->type != JSON_STRING)
		return hr_json_fail(r->in, HR_EINVALID, *offset,
		                    "%s must be a string, not %s", what,
		                    hr_json_node_type_name(v));
	return hr_json_fail(r->in, HR_EINVALID, *offset,
	                    "%s must not be empty", what);
}

/* Skip a value nobody reads; it must still be valid JSON. */
static int ignore_value(reader *r)
{
	int rc = hr_json_read(r->in, &r->tree, NULL);
	hr_json_tree_trim(&r->tree);
	return rc;
}

static int read_replicas(reader *r, size_t wi, hr_workload_usage *w)
{
	size_t offset;
	int rc = hr_json_read(r->in, &r->tree, &offset);
	if (rc)
		return rc;
	conv c = { r, &r->tree, offset, wi, SIZE_MAX };
	const hr_json_node *v = &r->tree.nodes[0];
	if (v->type == JSON_NULL)
		return HR_OK;
	if (v->type != JSON_OBJECT)
		return conv_fail(&c, HR_EINVALID, NULL, NULL,
		                 " must be an object, not %s",
		                 hr_json_node_type_name(v));
	double avg = 0, max = 0;
	rc = get_number(&c, v, NULL, "avg", false, &avg);
	if (rc == 0)
		rc = conv_fail(&c, HR_EINVALID, NULL, NULL, " has no \"avg\"");
	if (rc < 0)
		return rc;
	rc = get_number(&c, v, NULL, "max", false, &max);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		max = avg;
	} else if (max < avg) {
		return conv_fail(&c, HR_EINVALID, NULL, "max",
		                 " (%.15g) is less than replicas.avg (%.15g)",
		                 max, avg);
	}
	w->has_replicas = true;
	w->replicas_avg = avg;
	w->replicas_max = max;
	return HR_OK;
}

static int read_container(reader *r, size_t wi, size_t ci)
{
	size_t offset;
	int rc = hr_json_read(r->in, &r->tree, &offset);
	if (rc)
		return rc;
	conv c = { r, &r->tree, offset, wi, ci };
	const hr_json_node *v = &r->tree.nodes[0];
	if (v->type != JSON_OBJECT)
		return conv_fail(&c, HR_EINVALID, NULL, NULL,
		                 " must be an object, not %s",
		                 hr_json_node_type_name(v));
	size_t read = r->set->containers_read + r->batch->container_count +
	              r->scratch_count;
	if (read >= HR_RECS_CONTAINERS_MAX)
		return hr_json_fail(r->in, HR_ELIMIT, offset,
		                    "more than %u containers in the "
		                    "recommendations",
		                    HR_RECS_CONTAINERS_MAX);
	r->scratch = hr_xgrow(r->scratch, &r->scratch_cap, r->scratch_count + 1,
	                      sizeof(*r->scratch));
	hr_container_usage *u = &r->scratch[r->scratch_count];
	rc = convert_container(&c, v, u);
	hr_json_tree_trim(&r->tree);
	if (rc)
		return rc;
	unsigned line, column;
	hr_json_position(r->in, offset, &line, &column);
	u->file = r->batch->file;
	u->line = line;

	size_t name_len = strlen(u->name);
	uintptr_t first =
	        (uintptr_t)hr_strmap_get(&r->names, u->name, name_len);
	if (first) {
		const hr_container_usage *f = &r->scratch[first - 1];
		char quoted[HR_JSON_QUOTE_MAX];
		return conv_fail(&c, HR_EINVALID, NULL, "name",
		                 ": container %s is listed twice in this "
		                 "workload (first at line %u, containers[%zu])",
		                 hr_json_quote(quoted, sizeof(quoted), u->name,
		                               name_len),
		                 f->line, (size_t)(first - 1));
	}
	hr_strmap_put(&r->names, u->name, name_len,
	              (void *)(uintptr_t)(r->scratch_count + 1));
	r->scratch_count++;
	return HR_OK;
}

static int read_containers(reader *r, size_t wi)
{
	if (hr_json_peek(r->in) == 'n') {
		/* null (no containers), or invalid JSON reported as such */
		return hr_json_read(r->in, &r->tree, NULL);
	}
	char what[48];
	snprintf(what, sizeof(what), "workloads[%zu].containers", wi);
	hr_json_array arr;
	int rc = hr_json_array_open(r->in, &arr, what);
	while (rc == HR_OK && (rc = hr_json_array_next(&arr)) == 1) {
		rc = read_container(r, wi, arr.count - 1);
		hr_json_release(r->in);
	}
	return rc;
}

typedef struct workload_text {
	text_ref cluster, namespace_, kind, name;
} workload_text;

/* "shop/Deployment/cart", quoted for a message. */
static const char *identity(char *buf, size_t size, const char *key,
                            size_t key_len)
{
	char joined[512];
	size_t n = key_len < sizeof(joined) ? key_len : sizeof(joined) - 1;
	for (size_t i = 0; i < n; i++)
		joined[i] = key[i] ? key[i] : '/';
	return hr_json_quote(buf, size, joined, n);
}

/* The workload is read: store it and its containers in the batch. */
static int finish_workload(reader *r, size_t wi, const workload_text *t,
                           hr_workload_usage *pub)
{
	hr_recs_batch *b = r->batch;
	/* Its '{' may have left the window: errors use the position kept. */
	unsigned line = r->workload.line, column = r->workload.column;
	const char *missing = !t->kind.set ? "kind" : !t->name.set ? "name"
	                                                           : NULL;
	if (missing)
		return hr_fail_at(HR_EINVALID, r->in->name, line, column,
		                  "workloads[%zu] has no \"%s\"", wi, missing);
	const char *ns =
	        t->namespace_.set ? r->text + t->namespace_.off : "default";
	size_t ns_len = t->namespace_.set ? t->namespace_.len : 7;
	size_t kind_len = t->kind.len;
	size_t name_len = t->name.len;
	size_t key_len = ns_len + 1 + kind_len + 1 + name_len;

	/* Look the identity up before allocating it in the batch. */
	r->key = hr_xgrow(r->key, &r->key_cap, key_len + 1, 1);
	char *key = r->key;
	memcpy(key, ns, ns_len + 1);
	memcpy(key + ns_len + 1, r->text + t->kind.off, kind_len + 1);
	memcpy(key + ns_len + 1 + kind_len + 1, r->text + t->name.off,
	       name_len + 1);
	const hr_recs_workload *prev =
	        hr_strmap_get(&b->workloads, key, key_len);
	if (prev) {
		char quoted[HR_JSON_QUOTE_MAX];
		return hr_fail_at(
		        HR_EINVALID, r->in->name, line, column,
		        "workloads[%zu]: workload %s is listed twice "
		        "in this file (first at line %u); the cluster "
		        "field does not tell entries apart",
		        wi, identity(quoted, sizeof(quoted), key, key_len),
		        prev->line);
	}

	hr_recs_workload *w = hr_arena_alloc(&b->arena, sizeof(*w));
	char *stored = hr_arena_memdup(&b->arena, key, key_len + 1);
	w->pub = *pub;
	w->key = stored;
	w->key_len = key_len;
	w->line = line;
	w->pub.namespace_ = stored;
	w->pub.kind = stored + ns_len + 1;
	w->pub.name = stored + ns_len + 1 + kind_len + 1;
	if (t->cluster.set) {
		const char *cl = r->text + t->cluster.off;
		if (!r->last_cluster || strcmp(r->last_cluster, cl) != 0)
			r->last_cluster = hr_arena_strndup(&b->arena, cl,
			                                   t->cluster.len);
		w->pub.cluster = r->last_cluster;
	}
	hr_container_usage *cs = NULL;
	if (r->scratch_count)
		cs = hr_arena_memdup(&b->arena, r->scratch,
		                     r->scratch_count * sizeof(*cs));
	w->pub.containers = cs;
	w->pub.container_count = r->scratch_count;
	hr_strmap_put(&b->workloads, stored, key_len, w);

	for (size_t i = 0; i < r->scratch_count; i++) {
		size_t cn = strlen(cs[i].name);
		char *ck = hr_arena_alloc(&b->arena, key_len + 1 + cn + 1);
		memcpy(ck, stored, key_len + 1);
		memcpy(ck + key_len + 1, cs[i].name, cn + 1);
		hr_strmap_put(&b->containers, ck, key_len + 1 + cn, &cs[i]);
	}
	b->container_count += r->scratch_count;
	return HR_OK;
}

static int read_workload(reader *r, size_t wi)
{
	char what[48];
	snprintf(what, sizeof(what), "workloads[%zu]", wi);
	hr_json_object *obj = &r->workload;
	int rc = hr_json_object_open(r->in, obj, what);
	if (rc)
		return rc;
	r->scratch_count = 0;
	if (r->names.capacity > 64)
		hr_strmap_dispose(&r->names);
	else
		hr_strmap_clear(&r->names);
	if (r->text_cap > 65536) {
		free(r->text);
		r->text = NULL;
		r->text_cap = 0;
	}
	r->text_len = 0;

	workload_text t;
	memset(&t, 0, sizeof(t));
	hr_workload_usage pub;
	memset(&pub, 0, sizeof(pub));
	hr_json_key key;
	while ((rc = hr_json_object_next(obj, &key)) == 1) {
		size_t at;
		if (hr_json_key_is(&key, "cluster")) {
			rc = read_string(r, wi, "cluster", true, false,
			                 &t.cluster, &at);
		} else if (hr_json_key_is(&key, "namespace")) {
			rc = read_string(r, wi, "namespace", true, true,
			                 &t.namespace_, &at);
		} else if (hr_json_key_is(&key, "kind")) {
			rc = read_string(r, wi, "kind", false, true, &t.kind,
			                 &at);
		} else if (hr_json_key_is(&key, "name")) {
			rc = read_string(r, wi, "name", false, true, &t.name,
			                 &at);
		} else if (hr_json_key_is(&key, "replicas")) {
			rc = read_replicas(r, wi, &pub);
		} else if (hr_json_key_is(&key, "containers")) {
			rc = read_containers(r, wi);
		} else {
			rc = ignore_value(r);
		}
		if (rc)
			break;
		hr_json_release(r->in);
	}
	if (rc == 0)
		rc = finish_workload(r, wi, &t, &pub);
	return rc;
}

static int read_workloads(reader *r)
{
	hr_json_array arr;
	int rc = hr_json_array_open(r->in, &arr, "workloads");
	while (rc == HR_OK && (rc = hr_json_array_next(&arr)) == 1) {
		rc = read_workload(r, arr.count - 1);
		hr_json_release(r->in);
	}
	return rc;
}

static bool valid_window(const char *s, size_t len)
{
	if (len < 2 || len - 1 > HR_RECS_WINDOW_DIGITS_MAX)
		return false;
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return strchr("smhdw", s[len - 1]) != NULL && s[len - 1] != '\0';
}

static int keep_window(reader *r, const text_ref *v, size_t at)
{
	const char *s = r->text + v->off;
	size_t n = v->len;
	if (!valid_window(s, n)) {
		char quoted[HR_JSON_QUOTE_MAX];
		return hr_json_fail(
		        r->in, HR_EINVALID, at,
		        "window must be a duration such as \"14d\" (at most %u "
		        "digits, then one of s m h d w), not %s",
		        HR_RECS_WINDOW_DIGITS_MAX,
		        hr_json_quote(quoted, sizeof(quoted), s, n));
	}
	r->batch->window = hr_arena_strndup(&r->batch->arena, s, n);
	return HR_OK;
}

static int read_top(reader *r)
{
	hr_json_object *obj = &r->top;
	int rc = hr_json_object_open(r->in, obj, "the top level");
	if (rc)
		return rc;
	bool workloads = false;
	hr_json_key key;
	while ((rc = hr_json_object_next(obj, &key)) == 1) {
		text_ref v = { false, 0, 0 };
		size_t at;
		r->text_len = 0;
		if (hr_json_key_is(&key, "workloads")) {
			workloads = true;
			rc = read_workloads(r);
		} else if (hr_json_key_is(&key, "generated_at")) {
			rc = read_string(r, SIZE_MAX, "generated_at", true,
			                 false, &v, &at);
			if (rc == 0 && v.set)
				r->batch->generated_at = hr_arena_strndup(
				        &r->batch->arena, r->text + v.off,
				        v.len);
		} else if (hr_json_key_is(&key, "window")) {
			rc = read_string(r, SIZE_MAX, "window", true, false, &v,
			                 &at);
			if (rc == 0 && v.set)
				rc = keep_window(r, &v, at);
		} else {
			/* "schema" was checked by detection (recs_detect.c). */
			r->schema_seen = r->schema_seen ||
			                 hr_json_key_is(&key, "schema");
			rc = ignore_value(r);
		}
		if (rc)
			break;
		hr_json_release(r->in);
	}
	if (rc == 0 && !workloads)
		rc = hr_fail_at(HR_EINVALID, r->in->name, obj->line,
		                obj->column,
		                "the top level has no \"workloads\" array");
	if (rc == 0)
		rc = hr_json_finish(r->in);
	return rc;
}

int hr_recs_read_headroom(const hr_recommendations *set, hr_recs_batch *batch,
                          hr_json_input *in)
{
	reader r;
	memset(&r, 0, sizeof(r));
	r.set = set;
	r.batch = batch;
	r.in = in;
	r.top = (hr_json_object)HR_JSON_OBJECT_INIT;
	r.workload = (hr_json_object)HR_JSON_OBJECT_INIT;
	r.names = (hr_strmap)HR_STRMAP_INIT;
	hr_json_rewind(in);
	int rc = read_top(&r);
	if (rc == 0 && !r.schema_seen)
		/* Only when detection's quick look failed on text that reads
		 * fine; kept for safety. */
		rc = hr_json_fail(in, HR_EINVALID, in->start,
		                  "the top level has no \"schema\": expected "
		                  "\"schema\": \"" HR_RECS_SCHEMA "\"");
	hr_json_object_dispose(&r.top);
	hr_json_object_dispose(&r.workload);
	hr_strmap_dispose(&r.names);
	hr_json_tree_dispose(&r.tree);
	free(r.text);
	free(r.key);
	free(r.scratch);
	return rc;
}
