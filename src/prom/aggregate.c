/*
 * Per-pod series into one entry per workload container, then the
 * `headroom/recommendations/v1` document (the method is in
 * include/headroom/prometheus.h).  Workloads are written in (namespace,
 * kind, name) order and containers in name order, so the same answers
 * give the same bytes whatever order the store sent them in.
 */
#include "prom/prom_internal.h"

#include "util/alloc.h"
#include "util/error_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One (namespace, pod, container): a value per container statistic. */
typedef struct pod_stats {
	const char *ns, *pod, *container;
	double v[PS_CONTAINER_COUNT];
	bool has[PS_CONTAINER_COUNT];
} pod_stats;

typedef struct interval {
	double from, to;
} interval;

/* One workload container: what its pods add up to. */
typedef struct wc_stats {
	const char *ns, *kind, *name, *container;
	double v[PS_CONTAINER_COUNT];
	bool has[PS_CONTAINER_COUNT];
	bool ksm;              /* kube-state-metrics knows the container */
	interval *spans;       /* [first, last] sample of each pod */
	size_t span_count, span_cap;
} wc_stats;

typedef struct agg {
	hr_arena arena;
	hr_strmap pods;   /* "ns\0pod\0container" -> pod_stats* */
	pod_stats **pod_list;
	size_t pod_count, pod_cap;
	hr_strmap wcs;    /* "ns\0kind\0name\0container" -> wc_stats* */
	wc_stats **wc_list;
	size_t wc_count, wc_cap;
} agg;

static size_t join_key(char *buf, const char *const *parts, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(parts[i]);
		memcpy(buf + o, parts[i], len + 1);
		o += len + 1;
	}
	return o - 1;
}

#define KEY_MAX (4 * (PROM_LABEL_MAX + 1))

static pod_stats *pod_of(agg *a, const prom_row *r)
{
	char key[KEY_MAX];
	size_t len = join_key(key, r->label, 3);
	pod_stats *p = hr_strmap_get(&a->pods, key, len);
	if (p)
		return p;
	p = hr_arena_alloc(&a->arena, sizeof(*p));
	p->ns = r->label[0];
	p->pod = r->label[1];
	p->container = r->label[2];
	hr_strmap_put(&a->pods, hr_arena_memdup(&a->arena, key, len + 1), len, p);
	a->pod_list = hr_xgrow(a->pod_list, &a->pod_cap, a->pod_count + 1,
	                       sizeof(*a->pod_list));
	a->pod_list[a->pod_count++] = p;
	return p;
}

static wc_stats *wc_of(agg *a, const pod_stats *p, const prom_owner *ow)
{
	const char *parts[4] = {p->ns, ow->kind, ow->name, p->container};
	char key[KEY_MAX];
	size_t len = join_key(key, parts, 4);
	wc_stats *w = hr_strmap_get(&a->wcs, key, len);
	if (w)
		return w;
	w = hr_arena_alloc(&a->arena, sizeof(*w));
	w->ns = p->ns;
	w->kind = ow->kind;
	w->name = ow->name;
	w->container = p->container;
	hr_strmap_put(&a->wcs, hr_arena_memdup(&a->arena, key, len + 1), len, w);
	a->wc_list = hr_xgrow(a->wc_list, &a->wc_cap, a->wc_count + 1,
	                      sizeof(*a->wc_list));
	a->wc_list[a->wc_count++] = w;
	return w;
}

/* Sums, not maxima: samples, restarts and OOM kills of every pod. */
static bool summed(prom_stat s)
{
	return s == PS_MEM_COUNT || s == PS_RESTARTS || s == PS_OOM;
}

static void fold(wc_stats *w, const pod_stats *p)
{
	for (int s = 0; s < PS_CONTAINER_COUNT; s++) {
		if (!p->has[s] || s == PS_MEM_FIRST || s == PS_MEM_LAST)
			continue;
		if (!w->has[s])
			w->v[s] = p->v[s];
		else if (summed((prom_stat)s))
			w->v[s] += p->v[s];
		else if (p->v[s] > w->v[s])
			w->v[s] = p->v[s];
		w->has[s] = true;
	}
	w->ksm = w->ksm || p->has[PS_RESTARTS];
	if (p->has[PS_MEM_FIRST] && p->has[PS_MEM_LAST] &&
	    p->v[PS_MEM_FIRST] <= p->v[PS_MEM_LAST]) {
		w->spans = hr_xgrow(w->spans, &w->span_cap, w->span_count + 1,
		                    sizeof(*w->spans));
		w->spans[w->span_count++] =
		        (interval){p->v[PS_MEM_FIRST], p->v[PS_MEM_LAST]};
	}
}

static int cmp_interval(const void *pa, const void *pb)
{
	const interval *a = pa, *b = pb;
	return a->from < b->from ? -1 : a->from > b->from;
}

/* The share of [at - window, at] that the union of spans covers. */
static double coverage(wc_stats *w, const prom_doc_options *o)
{
	double lo = (double)(o->at - o->window), hi = (double)o->at;
	qsort(w->spans, w->span_count, sizeof(*w->spans), cmp_interval);
	double covered = 0, end = lo;
	for (size_t i = 0; i < w->span_count; i++) {
		double from = fmax(w->spans[i].from, end);
		double to = fmin(w->spans[i].to, hi);
		if (to > from) {
			covered += to - from;
			end = to;
		}
	}
	double c = covered / (double)o->window;
	return c < 0 ? 0 : c > 1 ? 1 : c;
}

static int cmp_wc(const void *pa, const void *pb)
{
	const wc_stats *a = *(wc_stats *const *)pa, *b = *(wc_stats *const *)pb;
	int c = strcmp(a->ns, b->ns);
	if (!c)
		c = strcmp(a->kind, b->kind);
	if (!c)
		c = strcmp(a->name, b->name);
	if (!c)
		c = strcmp(a->container, b->container);
	return c;
}

/* A whole number as an integer, else a real (bytes are mostly whole). */
static json_t *number(double v)
{
	if (v == floor(v) && fabs(v) < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/* p50 <= p95 <= p99 <= max, as the format requires: a lower statistic
 * above a higher one (separate queries, pods combined by max) lifts the
 * higher one, the safe side. */
static json_t *resource(wc_stats *w, prom_stat first)
{
	static const char *const names[] = {"p50", "p95", "p99", "max"};
	if (!w->has[first + 3])
		return NULL;
	json_t *o = json_object();
	double floor_v = 0;
	for (int i = 0; i < 4; i++) {
		if (!w->has[first + i])
			continue;
		floor_v = fmax(floor_v, w->v[first + i]);
		json_object_set_new(o, names[i], number(floor_v));
	}
	return o;
}

static json_t *container_json(wc_stats *w, const prom_doc_options *o)
{
	json_t *c = json_object();
	json_object_set_new(c, "name", json_string(w->container));
	if (w->has[PS_MEM_COUNT])
		json_object_set_new(c, "samples", number(w->v[PS_MEM_COUNT]));
	if (w->span_count)
		json_object_set_new(c, "coverage", json_real(coverage(w, o)));
	json_t *cpu = resource(w, PS_CPU_P50);
	if (cpu)
		json_object_set_new(c, "cpu", cpu);
	json_t *mem = resource(w, PS_MEM_P50);
	if (mem)
		json_object_set_new(c, "memory", mem);
	if (w->ksm) {
		json_object_set_new(c, "oom_kills",
		                    number(w->has[PS_OOM] ? w->v[PS_OOM] : 0));
		json_object_set_new(c, "restarts", number(w->v[PS_RESTARTS]));
	}
	if (w->has[PS_THROTTLED])
		json_object_set_new(c, "cpu_throttled_ratio",
		                    json_real(fmin(1, fmax(0, w->v[PS_THROTTLED]))));
	return c;
}

static const char *rfc3339(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

static json_t *document(agg *a, const prom_doc_options *o, size_t *workloads)
{
	char buf[32];
	json_t *doc = json_object();
	json_object_set_new(doc, "schema",
	                    json_string("headroom/recommendations/v1"));
	json_object_set_new(doc, "generated_at",
	                    json_string(rfc3339(o->at, buf, sizeof(buf))));
	json_object_set_new(doc, "window", json_string(hr_duration_format(
	                                           o->window, buf, sizeof(buf))));
	json_object_set_new(doc, "source", json_string("prometheus"));
	json_t *list = json_array();
	json_t *containers = NULL;
	const wc_stats *prev = NULL;
	*workloads = 0;
	for (size_t i = 0; i < a->wc_count; i++) {
		wc_stats *w = a->wc_list[i];
		if (!w->has[PS_MEM_MAX] && !w->has[PS_CPU_MAX])
			continue; /* no usage: only kube-state-metrics knew it */
		if (!prev || strcmp(prev->ns, w->ns) || strcmp(prev->kind, w->kind) ||
		    strcmp(prev->name, w->name)) {
			json_t *wl = json_object();
			if (o->cluster)
				json_object_set_new(wl, "cluster", json_string(o->cluster));
			json_object_set_new(wl, "namespace", json_string(w->ns));
			json_object_set_new(wl, "kind", json_string(w->kind));
			json_object_set_new(wl, "name", json_string(w->name));
			containers = json_array();
			json_object_set_new(wl, "containers", containers);
			json_array_append_new(list, wl);
			(*workloads)++;
		}
		json_array_append_new(containers, container_json(w, o));
		prev = w;
	}
	json_object_set_new(doc, "workloads", list);
	return doc;
}

static void dispose(agg *a)
{
	for (size_t i = 0; i < a->wc_count; i++)
		free(a->wc_list[i]->spans);
	free(a->wc_list);
	free(a->pod_list);
	hr_strmap_dispose(&a->pods);
	hr_strmap_dispose(&a->wcs);
	hr_arena_free(&a->arena);
}

int hr_prom_document(const prom_rows rows[PS_COUNT], const prom_owners *owners,
                     const prom_doc_options *opts, char **out, size_t *len,
                     size_t *workloads)
{
	agg a = {0};
	for (int s = 0; s < PS_CONTAINER_COUNT; s++)
		for (size_t i = 0; i < rows[s].count; i++) {
			pod_stats *p = pod_of(&a, &rows[s].rows[i]);
			p->v[s] = rows[s].rows[i].value;
			p->has[s] = true;
		}
	int rc = HR_OK;
	for (size_t i = 0; rc == HR_OK && i < a.pod_count; i++) {
		prom_owner ow;
		rc = hr_prom_owner_of(owners, a.pod_list[i]->ns, a.pod_list[i]->pod,
		                      &ow);
		if (rc == HR_OK)
			fold(wc_of(&a, a.pod_list[i], &ow), a.pod_list[i]);
	}
	if (rc == HR_OK) {
		if (a.wc_count > 1)
			qsort(a.wc_list, a.wc_count, sizeof(*a.wc_list), cmp_wc);
		json_t *doc = document(&a, opts, workloads);
		*out = json_dumps(doc, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
		json_decref(doc);
		*len = strlen(*out);
	}
	dispose(&a);
	return rc;
}
