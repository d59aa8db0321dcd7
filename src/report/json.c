/*
 * The JSON report, schema headroom/report/v1 (design.md).  Each finding
 * and workload is written as it is encoded, one per line, so memory stays
 * flat however many workloads there are (report/json_writer.h: structure
 * and numbers here, strings through jansson).
 */
#include "headroom/error.h"
#include "report/json_writer.h"
#include "report/report_util.h"
#include "report/writers.h"
#include "util/alloc.h"
#include "util/parallel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef hr_json_writer jw;

static void member_string(jw *w, const char *key, const char *value)
{
	hr_jw_key(w, key);
	hr_jw_string(w, value);
}

static void member_int(jw *w, const char *key, int64_t value)
{
	hr_jw_key(w, key);
	hr_jw_int(w, value);
}

/* Money in cents, as people read it. */
static void money(jw *w, double amount)
{
	hr_jw_real(w, round(amount * 100.0) / 100.0);
}

static void member_money(jw *w, const char *key, bool set, double amount)
{
	hr_jw_key(w, key);
	if (set)
		money(w, amount);
	else
		hr_jw_null(w);
}

static void cores(jw *w, const hr_resource_value *v)
{
	if (v->set)
		hr_jw_real(w, hr_quantity_to_double(&v->quantity));
	else
		hr_jw_null(w);
}

static void bytes(jw *w, const hr_resource_value *v)
{
	if (v->set)
		hr_jw_int(w, hr_quantity_value(&v->quantity));
	else
		hr_jw_null(w);
}

static void resource_map(jw *w, const char *key, const hr_resource_value *values)
{
	hr_jw_key(w, key);
	hr_jw_begin_object(w);
	hr_jw_key(w, "cpu");
	cores(w, &values[HR_RES_CPU]);
	hr_jw_key(w, "memory");
	bytes(w, &values[HR_RES_MEMORY]);
	hr_jw_key(w, "ephemeral-storage");
	bytes(w, &values[HR_RES_EPHEMERAL_STORAGE]);
	hr_jw_end_object(w);
}

static void workload_ref(jw *w, const hr_workload *wl)
{
	hr_jw_begin_object(w);
	member_string(w, "kind", wl->kind_name);
	member_string(w, "namespace", wl->namespace_);
	member_string(w, "name", wl->name);
	hr_jw_end_object(w);
}

static void finding(jw *w, const hr_finding *f, bool has_base)
{
	hr_jw_begin_object(w);
	member_string(w, "rule", f->rule);
	member_string(w, "severity", hr_severity_name(f->severity));
	member_string(w, "message", f->message);
	member_string(w, "file", f->file);
	member_int(w, "line", f->line);
	member_int(w, "column", f->column);
	hr_jw_key(w, "workload");
	if (f->workload)
		workload_ref(w, f->workload);
	else
		hr_jw_null(w);
	member_string(w, "container", f->container ? f->container->name : NULL);
	member_string(w, "profile", f->profile);
	hr_jw_key(w, "evidence");
	hr_jw_evidence(w, f, false);
	hr_jw_key(w, "waived");
	if (f->waived) {
		hr_jw_begin_object(w);
		member_string(w, "reason", f->waiver_reason);
		member_string(w, "owner", f->waiver_owner);
		member_string(w, "expires", f->waiver_expires);
		hr_jw_end_object(w);
	} else {
		hr_jw_null(w);
	}
	hr_jw_key(w, "suggestion");
	if (f->suggestion_value) {
		hr_jw_begin_object(w);
		member_string(w, "field", f->suggestion_field);
		member_string(w, "value", f->suggestion_value);
		hr_jw_end_object(w);
	} else {
		hr_jw_null(w);
	}
	if (has_base) {
		hr_jw_key(w, "changed");
		hr_jw_bool(w, f->changed);
	}
	hr_jw_end_object(w);
}

static const char *role_name(hr_container_role role)
{
	static const char *const names[] = {"app", "init", "sidecar"};
	return names[role];
}

/* Where each value stands: "requests.cpu": [line, column]. */
static void value_positions(jw *w, const hr_resources *res)
{
	static const char *const keys[2][HR_RES_COUNT] = {
		{"requests.cpu", "requests.memory", "requests.ephemeral-storage"},
		{"limits.cpu", "limits.memory", "limits.ephemeral-storage"},
	};
	hr_jw_key(w, "positions");
	hr_jw_begin_object(w);
	for (int r = 0; r < HR_RES_COUNT; r++) {
		const hr_resource_value *pairs[2] = {&res->requests[r], &res->limits[r]};
		for (int k = 0; k < 2; k++) {
			if (!pairs[k]->set || !pairs[k]->node)
				continue;
			hr_jw_key(w, keys[k][r]);
			hr_jw_begin_array(w);
			hr_jw_int(w, pairs[k]->node->start.line);
			hr_jw_int(w, pairs[k]->node->start.column);
			hr_jw_end_array(w);
		}
	}
	hr_jw_end_object(w);
}

static void member_bytes(jw *w, const char *key, int64_t bytes)
{
	hr_jw_key(w, key);
	if (bytes < 0)
		hr_jw_null(w);
	else
		hr_jw_int(w, bytes);
}

static void jvm_budget(jw *w, const hr_jvm_budget *b)
{
	hr_jw_key(w, "budget");
	hr_jw_begin_object(w);
	member_int(w, "heap", b->heap);
	member_int(w, "metaspace", b->metaspace);
	member_int(w, "code_cache", b->code_cache);
	member_int(w, "threads", b->threads);
	member_int(w, "thread_stack", b->thread_stack);
	member_int(w, "thread_stacks", b->thread_stacks);
	member_int(w, "direct_memory", b->direct_memory);
	member_int(w, "gc_overhead", b->gc_overhead);
	member_int(w, "other_native", b->other_native);
	member_int(w, "total", b->total);
	hr_jw_end_object(w);
}

static void jvm_options(jw *w, const hr_jvm *jvm)
{
	hr_jw_key(w, "options");
	hr_jw_begin_array(w);
	for (size_t i = 0; i < jvm->option_count; i++) {
		const hr_jvm_option *o = &jvm->options[i];
		hr_jw_begin_object(w);
		member_string(w, "option", o->text);
		member_string(w, "origin", hr_jvm_origin_name(o->origin));
		member_string(w, "where", o->where);
		member_int(w, "line", o->line);
		member_int(w, "column", o->column);
		hr_jw_end_object(w);
	}
	hr_jw_end_array(w);
}

/* What the JVM layer found: the effective heap and where it comes from,
 * CPUs, collector, the memory budget and the options as merged. */
static void jvm_object(jw *w, const hr_jvm *jvm)
{
	hr_jw_key(w, "jvm");
	if (!jvm) {
		hr_jw_null(w);
		return;
	}
	hr_jw_begin_object(w);
	member_bytes(w, "max_heap_bytes", jvm->max_heap);
	member_string(w, "heap_source", hr_jvm_heap_source_name(jvm->heap_source));
	const hr_jvm_setting *xms = &jvm->settings[HR_JVM_INITIAL_HEAP];
	member_bytes(w, "initial_heap_bytes", xms->set ? xms->value : -1);
	member_string(w, "gc", hr_jvm_gc_name(jvm->gc));
	member_string(w, "gc_source", jvm->gc_explicit ? "option" : "ergonomics");
	hr_jw_key(w, "cpus");
	if (jvm->cpus > 0)
		hr_jw_int(w, jvm->cpus);
	else
		hr_jw_null(w);
	member_string(w, "cpus_source", jvm->cpus_source);
	member_bytes(w, "memory_seen_bytes", jvm->memory_seen);
	hr_jw_key(w, "jdk");
	if (jvm->jdk_feature > 0)
		hr_jw_int(w, jvm->jdk_feature);
	else
		hr_jw_null(w);
	member_string(w, "recognized_by", jvm->recognized_by);
	member_bytes(w, "non_heap_bytes", jvm->budget_known ? jvm->budget.non_heap : -1);
	if (jvm->budget_known)
		jvm_budget(w, &jvm->budget);
	jvm_options(w, jvm);
	hr_jw_end_object(w);
}

static void container(jw *w, const hr_container *c, const hr_jvm *jvm)
{
	hr_jw_begin_object(w);
	member_string(w, "name", c->name);
	member_string(w, "role", role_name(c->role));
	member_string(w, "image", c->image);
	member_int(w, "line", c->node->start.line);
	resource_map(w, "requests", c->resources.effective_requests);
	resource_map(w, "limits", c->resources.limits);
	value_positions(w, &c->resources);
	jvm_object(w, jvm);
	hr_jw_end_object(w);
}

static void pod_total(jw *w, const char *key, const hr_pod_total *t,
                      bool as_cores)
{
	hr_jw_key(w, key);
	if (!t->set) {
		hr_jw_null(w);
		return;
	}
	hr_quantity q = {t->nano, HR_QUANTITY_DECIMAL_SI, false};
	if (as_cores)
		hr_jw_real(w, hr_quantity_to_double(&q));
	else
		hr_jw_int(w, hr_quantity_value(&q));
}

static void pod_totals(jw *w, const char *key, const hr_pod_total *totals)
{
	hr_jw_key(w, key);
	hr_jw_begin_object(w);
	pod_total(w, "cpu", &totals[HR_RES_CPU], true);
	pod_total(w, "memory", &totals[HR_RES_MEMORY], false);
	hr_jw_end_object(w);
}

static void workload_cost(jw *w, const hr_workload_result *res, bool has_base)
{
	hr_jw_begin_object(w);
	member_money(w, "monthly", true, res->monthly);
	if (has_base) {
		member_money(w, "base_monthly", res->base != NULL, res->base_monthly);
		member_money(w, "delta_monthly", true, res->monthly - res->base_monthly);
	}
	member_money(w, "recommended_monthly", res->has_recommended,
	             res->recommended_monthly);
	hr_jw_key(w, "replicas");
	hr_jw_real(w, res->replicas);
	member_string(w, "replicas_source",
	              hr_replicas_source_name(res->replicas_source));
	hr_jw_end_object(w);
}

/* How the change touches a workload, and its containers' values at the
 * base (the proposed ones are in "containers"). */
static void workload_change(jw *w, const hr_workload_result *res)
{
	hr_jw_key(w, "change");
	hr_jw_begin_object(w);
	member_string(w, "status", hr_change_status_name(res->change));
	const hr_workload *b = res->base;
	member_string(w, "base_file", b ? b->document->source->path : NULL);
	hr_jw_key(w, "base_line");
	if (b)
		hr_jw_int(w, b->document->root->start.line);
	else
		hr_jw_null(w);
	hr_jw_key(w, "base_containers");
	hr_jw_begin_array(w);
	for (size_t i = 0; b && i < b->container_count; i++) {
		hr_jw_begin_object(w);
		member_string(w, "name", b->containers[i].name);
		resource_map(w, "requests", b->containers[i].resources.effective_requests);
		resource_map(w, "limits", b->containers[i].resources.limits);
		hr_jw_end_object(w);
	}
	hr_jw_end_array(w);
	hr_jw_end_object(w);
}

static void workload(jw *w, const hr_workload *wl, const hr_workload_result *res,
                     bool has_base)
{
	hr_jw_begin_object(w);
	member_string(w, "kind", wl->kind_name);
	member_string(w, "namespace", wl->namespace_);
	member_string(w, "name", wl->name);
	member_string(w, "file", wl->document->source->path);
	member_int(w, "line", wl->document->root->start.line);
	member_string(w, "profile", res ? res->profile : NULL);
	hr_jw_key(w, "replicas");
	if (wl->per_node)
		hr_jw_null(w);
	else
		hr_jw_int(w, wl->replicas);
	hr_jw_key(w, "per_node");
	hr_jw_bool(w, wl->per_node);
	member_string(w, "qos", hr_qos_name(wl->qos));
	hr_jw_key(w, "pod");
	hr_jw_begin_object(w);
	pod_totals(w, "requests", wl->pod_requests);
	pod_totals(w, "limits", wl->pod_limits);
	hr_jw_end_object(w);
	member_string(w, "hpa", wl->hpa ? wl->hpa->name : NULL);
	hr_jw_key(w, "containers");
	hr_jw_begin_array(w);
	for (size_t i = 0; i < wl->container_count; i++)
		container(w, &wl->containers[i],
		          res && res->jvm ? res->jvm[i] : NULL);
	hr_jw_end_array(w);
	hr_jw_key(w, "cost");
	if (res)
		workload_cost(w, res, has_base);
	else
		hr_jw_null(w);
	if (has_base && res)
		workload_change(w, res);
	hr_jw_end_object(w);
}

/* With a base: which, why, and what the change does to the workloads. */
static void change_summary(jw *w, const hr_change_summary *c)
{
	hr_jw_key(w, "change");
	hr_jw_begin_object(w);
	member_string(w, "base", c->rev);
	member_string(w, "commit", c->commit);
	member_string(w, "source", c->source);
	hr_jw_key(w, "workloads");
	hr_jw_begin_object(w);
	for (int s = 0; s < HR_CHANGE_STATUS_COUNT; s++)
		member_int(w, hr_change_status_name((hr_change_status)s),
		           (int64_t)c->counts[s]);
	hr_jw_end_object(w);
	hr_jw_key(w, "changed_only");
	hr_jw_bool(w, c->changed_only);
	member_int(w, "hidden_findings", (int64_t)c->hidden_count);
	member_int(w, "changed_findings", (int64_t)c->changed_findings);
	hr_jw_end_object(w);
}

/* Workloads the change deletes: the money they save, no findings. */
static void deleted_workloads(jw *w, const hr_change_summary *c)
{
	for (size_t i = 0; i < c->deleted_count; i++) {
		const hr_workload *wl = c->deleted[i].workload;
		hr_jw_raw(w, i ? ",\n    " : "\n    ");
		hr_jw_begin_object(w);
		member_string(w, "kind", wl->kind_name);
		member_string(w, "namespace", wl->namespace_);
		member_string(w, "name", wl->name);
		member_string(w, "base_file", wl->document->source->path);
		member_int(w, "base_line", wl->document->root->start.line);
		hr_jw_key(w, "cost");
		hr_jw_begin_object(w);
		member_money(w, "monthly", true, 0);
		member_money(w, "base_monthly", true, c->deleted[i].base_monthly);
		member_money(w, "delta_monthly", true, -c->deleted[i].base_monthly);
		hr_jw_end_object(w);
		hr_jw_end_object(w);
	}
}

static void summary(jw *w, const hr_report *r)
{
	hr_jw_begin_object(w);
	member_int(w, "files", (int64_t)r->file_count);
	member_int(w, "workloads", r->model ? (int64_t)r->model->workload_count : 0);
	member_int(w, "containers", r->model ? (int64_t)r->model->container_count : 0);
	hr_jw_key(w, "findings");
	hr_jw_begin_object(w);
	member_int(w, "fail", (int64_t)r->counts[HR_SEVERITY_FAIL]);
	member_int(w, "warn", (int64_t)r->counts[HR_SEVERITY_WARN]);
	member_int(w, "info", (int64_t)r->counts[HR_SEVERITY_INFO]);
	hr_jw_end_object(w);
	member_int(w, "waived", (int64_t)r->waived_count);
	const hr_cost_summary *c = &r->cost;
	hr_jw_key(w, "cost");
	hr_jw_begin_object(w);
	member_string(w, "currency", c->currency);
	member_money(w, "monthly", true, c->monthly);
	member_money(w, "base_monthly", c->has_base, c->base_monthly);
	member_money(w, "delta_monthly", c->has_base, c->delta_monthly);
	member_money(w, "recommended_monthly", c->has_recommended,
	             c->recommended_monthly);
	member_money(w, "waste_monthly", true, c->waste_monthly);
	hr_jw_end_object(w);
	member_string(w, "policy", r->policy_source ? r->policy_source : "built-in");
	hr_jw_key(w, "usage");
	hr_jw_begin_object(w);
	member_int(w, "files", (int64_t)r->usage_source_count);
	member_string(w, "window", r->usage_window);
	if (r->note_count) { /* only when a source failed: goldens stay */
		hr_jw_key(w, "notes");
		hr_jw_begin_array(w);
		for (size_t i = 0; i < r->note_count; i++)
			hr_jw_string(w, r->notes[i]);
		hr_jw_end_array(w);
	}
	hr_jw_end_object(w);
	if (r->change)
		change_summary(w, r->change);
	hr_jw_end_object(w);
}

/* Workloads and findings are most of the report: batches of them are
 * encoded on several threads into memory, then written in order.  Batches
 * are small, and each thread's slot keeps its memory and its writer from
 * round to round, so the memory this takes stays small too (a stream
 * per batch left a heap of freed buffers as large as a tenth of the
 * run's peak). */
#define BATCH_ITEMS 256u

/* Item i of a list, with the layout before it. */
typedef void (*item_fn)(jw *w, const hr_report *r, size_t i);

typedef struct batch_work {
	const hr_report *report;
	item_fn item;
	size_t first, count; /* items of this round */
	size_t batches;
	hr_jw_memory text[HR_PARALLEL_MAX];
	jw writer[HR_PARALLEL_MAX];
	bool ok[HR_PARALLEL_MAX];
} batch_work;

static void one_workload(jw *w, const hr_report *r, size_t i)
{
	hr_jw_raw(w, i ? ",\n    " : "\n    ");
	workload(w, &r->model->workloads[i],
	         r->workload_results ? &r->workload_results[i] : NULL,
	         r->change != NULL);
}

static void one_finding(jw *w, const hr_report *r, size_t i)
{
	hr_jw_raw(w, i ? ",\n    " : "\n    ");
	finding(w, &r->findings[i], r->change != NULL);
}

static void encode_batch(void *ctx, size_t b)
{
	batch_work *bw = ctx;
	size_t from = bw->first + b * BATCH_ITEMS;
	size_t to = from + BATCH_ITEMS;
	if (to > bw->first + bw->count)
		to = bw->first + bw->count;
	jw *w = &bw->writer[b];
	bw->text[b].len = 0;
	hr_jw_init_memory(w, &bw->text[b]);
	for (size_t i = from; i < to; i++)
		bw->item(w, bw->report, i);
	bw->ok[b] = hr_jw_finish(w);
}

static void write_items(jw *w, const hr_report *r, size_t count, item_fn item)
{
	unsigned jobs = hr_parallel_jobs(0);
	if (jobs < 2 || count < 2 * BATCH_ITEMS) {
		for (size_t i = 0; i < count; i++)
			item(w, r, i);
		return;
	}
	batch_work *bw = hr_xcalloc(1, sizeof(*bw));
	bw->report = r;
	bw->item = item;
	for (size_t first = 0; first < count;) {
		size_t round = (size_t)jobs * BATCH_ITEMS;
		bw->first = first;
		bw->count = count - first < round ? count - first : round;
		bw->batches = (bw->count + BATCH_ITEMS - 1) / BATCH_ITEMS;
		hr_parallel_run(bw->batches, encode_batch, bw);
		for (size_t b = 0; b < bw->batches; b++) {
			if (!bw->ok[b])
				w->failed = true;
			hr_jw_raw_bytes(w, bw->text[b].data, bw->text[b].len);
		}
		first += bw->count;
	}
	for (size_t b = 0; b < HR_PARALLEL_MAX; b++)
		free(bw->text[b].data);
	free(bw);
}

int hr_report_write_json(const hr_report *r, const hr_report_style *style,
                         FILE *out)
{
	(void)style;
	/* The writer's buffer is large: keep it off the stack. */
	jw *w = hr_xmalloc(sizeof(*w));
	hr_jw_init(w, out);
	hr_jw_raw(w, "{\n  \"schema\": \"headroom/report/v1\",\n  \"verdict\": \"");
	hr_jw_raw(w, hr_verdict_name(r->verdict));
	hr_jw_raw(w, "\",\n  \"summary\": ");
	summary(w, r);
	hr_jw_raw(w, ",\n  \"findings\": [");
	write_items(w, r, r->finding_count, one_finding);
	hr_jw_raw(w, r->finding_count ? "\n  ],\n" : "],\n");
	size_t count = r->model ? r->model->workload_count : 0;
	hr_jw_raw(w, "  \"workloads\": [");
	write_items(w, r, count, one_workload);
	hr_jw_raw(w, count ? "\n  ]" : "]");
	if (r->change) {
		hr_jw_raw(w, ",\n  \"deleted\": [");
		deleted_workloads(w, r->change);
		hr_jw_raw(w, r->change->deleted_count ? "\n  ]" : "]");
	}
	hr_jw_raw(w, "\n}\n");
	bool ok = hr_jw_finish(w);
	free(w);
	return ok ? HR_OK : HR_EIO;
}
