/*
 * The JSON report, schema headroom/report/v1 (design.md).  Each finding
 * and workload is encoded by jansson and written as it is built, one per
 * line, so memory stays flat however many workloads there are.
 */
#include "headroom/error.h"
#include "report/writers.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* jansson refuses invalid UTF-8; manifests passed libyaml's UTF-8 check,
 * but a NUL inside a scalar would cut it short, so lengths are explicit. */
static json_t *str(const char *s)
{
	return s ? json_stringn(s, strlen(s)) : json_null();
}

static json_t *cores(const hr_resource_value *v)
{
	return v->set ? json_real(hr_quantity_to_double(&v->quantity)) : json_null();
}

static json_t *bytes(const hr_resource_value *v)
{
	return v->set ? json_integer(hr_quantity_value(&v->quantity)) : json_null();
}

static json_t *resource_map(const hr_resource_value *values)
{
	json_t *o = json_object();
	json_object_set_new(o, "cpu", cores(&values[HR_RES_CPU]));
	json_object_set_new(o, "memory", bytes(&values[HR_RES_MEMORY]));
	json_object_set_new(o, "ephemeral-storage",
	                    bytes(&values[HR_RES_EPHEMERAL_STORAGE]));
	return o;
}

static json_t *workload_ref(const hr_workload *w)
{
	return json_pack("{s:o,s:o,s:o}", "kind", str(w->kind_name), "namespace",
	                 str(w->namespace_), "name", str(w->name));
}

static json_t *evidence(const hr_finding *f)
{
	json_t *o = json_object();
	for (size_t i = 0; i < f->evidence_count; i++) {
		const hr_evidence *e = &f->evidence[i];
		json_t *v;
		switch (e->type) {
		case HR_EVIDENCE_INT:
			v = json_integer(e->as.i);
			break;
		case HR_EVIDENCE_NUMBER:
			v = json_real(e->as.d);
			break;
		case HR_EVIDENCE_BOOL:
			v = json_boolean(e->as.b);
			break;
		default:
			v = str(e->as.s);
			break;
		}
		json_object_set_new(o, e->key, v);
	}
	return o;
}

/* Money in cents, as people read it. */
static json_t *money(double amount)
{
	return json_real(round(amount * 100.0) / 100.0);
}

static json_t *waiver(const hr_finding *f)
{
	if (!f->waived)
		return json_null();
	return json_pack("{s:o,s:o,s:o}", "reason", str(f->waiver_reason), "owner",
	                 str(f->waiver_owner), "expires", str(f->waiver_expires));
}

static json_t *finding(const hr_finding *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "rule", str(f->rule));
	json_object_set_new(o, "severity", str(hr_severity_name(f->severity)));
	json_object_set_new(o, "message", str(f->message));
	json_object_set_new(o, "file", str(f->file));
	json_object_set_new(o, "line", json_integer(f->line));
	json_object_set_new(o, "column", json_integer(f->column));
	json_object_set_new(o, "workload",
	                    f->workload ? workload_ref(f->workload) : json_null());
	json_object_set_new(o, "container",
	                    f->container ? str(f->container->name) : json_null());
	json_object_set_new(o, "profile", str(f->profile));
	json_object_set_new(o, "evidence", evidence(f));
	json_object_set_new(o, "waived", waiver(f));
	json_object_set_new(o, "suggestion",
	                    f->suggestion_value
	                            ? json_pack("{s:o,s:o}", "field",
	                                        str(f->suggestion_field), "value",
	                                        str(f->suggestion_value))
	                            : json_null());
	return o;
}

static const char *role_name(hr_container_role role)
{
	static const char *const names[] = {"app", "init", "sidecar"};
	return names[role];
}

/* Where each value stands: "requests.cpu": [line, column]. */
static json_t *value_positions(const hr_resources *res)
{
	json_t *o = json_object();
	for (int r = 0; r < HR_RES_COUNT; r++) {
		const hr_resource_value *pairs[2] = {&res->requests[r], &res->limits[r]};
		for (int k = 0; k < 2; k++) {
			if (!pairs[k]->set || !pairs[k]->node)
				continue;
			char key[64];
			snprintf(key, sizeof(key), "%s.%s", k ? "limits" : "requests",
			         hr_resource_name((hr_resource)r));
			json_object_set_new(o, key,
			        json_pack("[I,I]", (json_int_t)pairs[k]->node->start.line,
			                  (json_int_t)pairs[k]->node->start.column));
		}
	}
	return o;
}

static json_t *container(const hr_container *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", str(c->name));
	json_object_set_new(o, "role", str(role_name(c->role)));
	json_object_set_new(o, "image", str(c->image));
	json_object_set_new(o, "line", json_integer(c->node->start.line));
	json_object_set_new(o, "requests",
	                    resource_map(c->resources.effective_requests));
	json_object_set_new(o, "limits", resource_map(c->resources.limits));
	json_object_set_new(o, "positions", value_positions(&c->resources));
	return o;
}

static json_t *pod_total(const hr_pod_total *t, bool as_cores)
{
	if (!t->set)
		return json_null();
	hr_quantity q = {t->nano, HR_QUANTITY_DECIMAL_SI, false};
	return as_cores ? json_real(hr_quantity_to_double(&q))
	                : json_integer(hr_quantity_value(&q));
}

static json_t *workload_cost(const hr_workload_result *res)
{
	json_t *o = json_object();
	json_object_set_new(o, "monthly", money(res->monthly));
	json_object_set_new(o, "recommended_monthly",
	                    res->has_recommended ? money(res->recommended_monthly)
	                                         : json_null());
	json_object_set_new(o, "replicas", json_real(res->replicas));
	json_object_set_new(o, "replicas_source",
	                    str(hr_replicas_source_name(res->replicas_source)));
	return o;
}

static json_t *workload(const hr_workload *w, const hr_workload_result *res)
{
	json_t *o = json_object();
	json_object_set_new(o, "kind", str(w->kind_name));
	json_object_set_new(o, "namespace", str(w->namespace_));
	json_object_set_new(o, "name", str(w->name));
	json_object_set_new(o, "file", str(w->document->source->path));
	json_object_set_new(o, "line", json_integer(w->document->root->start.line));
	json_object_set_new(o, "profile", res ? str(res->profile) : json_null());
	json_object_set_new(o, "replicas",
	                    w->per_node ? json_null() : json_integer(w->replicas));
	json_object_set_new(o, "per_node", json_boolean(w->per_node));
	json_object_set_new(o, "qos", str(hr_qos_name(w->qos)));
	json_t *pod = json_object();
	json_object_set_new(pod, "requests",
	                    json_pack("{s:o,s:o}", "cpu",
	                              pod_total(&w->pod_requests[HR_RES_CPU], true),
	                              "memory",
	                              pod_total(&w->pod_requests[HR_RES_MEMORY], false)));
	json_object_set_new(pod, "limits",
	                    json_pack("{s:o,s:o}", "cpu",
	                              pod_total(&w->pod_limits[HR_RES_CPU], true),
	                              "memory",
	                              pod_total(&w->pod_limits[HR_RES_MEMORY], false)));
	json_object_set_new(o, "pod", pod);
	json_object_set_new(o, "hpa", w->hpa ? str(w->hpa->name) : json_null());
	json_t *list = json_array();
	for (size_t i = 0; i < w->container_count; i++)
		json_array_append_new(list, container(&w->containers[i]));
	json_object_set_new(o, "containers", list);
	json_object_set_new(o, "cost", res ? workload_cost(res) : json_null());
	return o;
}

static json_t *summary(const hr_report *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "files", json_integer((json_int_t)r->file_count));
	json_object_set_new(o, "workloads",
	                    json_integer(r->model ? (json_int_t)r->model->workload_count : 0));
	json_object_set_new(o, "containers",
	                    json_integer(r->model ? (json_int_t)r->model->container_count : 0));
	json_object_set_new(o, "findings",
	                    json_pack("{s:I,s:I,s:I}", "fail",
	                              (json_int_t)r->counts[HR_SEVERITY_FAIL], "warn",
	                              (json_int_t)r->counts[HR_SEVERITY_WARN], "info",
	                              (json_int_t)r->counts[HR_SEVERITY_INFO]));
	json_object_set_new(o, "waived", json_integer((json_int_t)r->waived_count));
	const hr_cost_summary *c = &r->cost;
	json_t *cost = json_object();
	json_object_set_new(cost, "currency", str(c->currency));
	json_object_set_new(cost, "monthly", money(c->monthly));
	json_object_set_new(cost, "base_monthly",
	                    c->has_base ? money(c->base_monthly) : json_null());
	json_object_set_new(cost, "delta_monthly",
	                    c->has_base ? money(c->delta_monthly) : json_null());
	json_object_set_new(cost, "recommended_monthly",
	                    c->has_recommended ? money(c->recommended_monthly)
	                                       : json_null());
	json_object_set_new(cost, "waste_monthly", money(c->waste_monthly));
	json_object_set_new(o, "cost", cost);
	json_object_set_new(o, "policy", str(r->policy_source ? r->policy_source
	                                                      : "built-in"));
	json_object_set_new(o, "usage",
	                    json_pack("{s:I,s:o}", "files",
	                              (json_int_t)r->usage_source_count, "window",
	                              str(r->usage_window)));
	return o;
}

/* Encode, write and release one value; a failed encode is an I/O error
 * rather than a silently missing element. */
/* jansson calls its output callback for every token; encoding into a
 * buffer and writing it once keeps stdio's per-call cost out of the loop. */
static int emit(json_t *value, FILE *out)
{
	char stack[8192];
	int rc = HR_EIO;
	if (value) {
		size_t need = json_dumpb(value, stack, sizeof(stack), DUMP_FLAGS);
		char *buf = stack;
		if (need > sizeof(stack)) {
			buf = malloc(need);
			if (!buf)
				abort(); /* the out-of-memory policy (util/alloc.h) */
			need = json_dumpb(value, buf, need, DUMP_FLAGS);
		}
		if (need > 0 && fwrite(buf, 1, need, out) == need)
			rc = HR_OK;
		if (buf != stack)
			free(buf);
	}
	json_decref(value);
	return rc;
}

static int emit_list(FILE *out, const char *name, size_t count,
                     json_t *(*item)(const hr_report *, size_t),
                     const hr_report *r, bool last)
{
	fprintf(out, "  \"%s\": [", name);
	int rc = HR_OK;
	for (size_t i = 0; i < count && rc == HR_OK; i++) {
		fputs(i ? ",\n    " : "\n    ", out);
		rc = emit(item(r, i), out);
	}
	fputs(count ? "\n  ]" : "]", out);
	fputs(last ? "\n" : ",\n", out);
	return rc;
}

static json_t *finding_at(const hr_report *r, size_t i)
{
	return finding(&r->findings[i]);
}

static json_t *workload_at(const hr_report *r, size_t i)
{
	return workload(&r->model->workloads[i],
	                r->workload_results ? &r->workload_results[i] : NULL);
}

int hr_report_write_json(const hr_report *r, const hr_report_style *style,
                         FILE *out)
{
	(void)style;
	fputs("{\n  \"schema\": \"headroom/report/v1\",\n", out);
	fprintf(out, "  \"verdict\": \"%s\",\n", hr_verdict_name(r->verdict));
	fputs("  \"summary\": ", out);
	int rc = emit(summary(r), out);
	fputs(",\n", out);
	if (rc == HR_OK)
		rc = emit_list(out, "findings", r->finding_count, finding_at, r,
		               false);
	if (rc == HR_OK)
		rc = emit_list(out, "workloads",
		               r->model ? r->model->workload_count : 0, workload_at,
		               r, true);
	fputs("}\n", out);
	return rc == HR_OK && !ferror(out) ? HR_OK : HR_EIO;
}
