/*
 * The pipeline: load -> model -> evaluate -> verdict.
 */
#include "headroom/headroom.h"

#include "evaluate/evaluate_internal.h"
#include "hr_version.h"
#include "prom/prom_internal.h"
#include "util/alloc.h"
#include "util/parallel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct report_owner {
	hr_report pub; /* first: hr_report_free() casts back */
	hr_manifests *manifests;
	hr_model *model;
	hr_policy *policy;
	hr_recommendations *recs;
	hr_arena arena;
	hr_finding *findings;
} report_owner;

const char *hr_version(void)
{
	return HR_VERSION;
}

const char *hr_verdict_name(hr_verdict v)
{
	static const char *const names[] = {
		[HR_VERDICT_PASS] = "pass",
		[HR_VERDICT_WARN] = "warn",
		[HR_VERDICT_FAIL] = "fail",
	};
	return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "?";
}

void hr_check_options_init(hr_check_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	hr_load_limits_default(&opts->limits);
}

/* Reports read top to bottom, file by file; ties keep the rule order. */
static int cmp_findings(const void *pa, const void *pb)
{
	const hr_finding *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	c = strcmp(a->rule, b->rule);
	if (c)
		return c;
	return strcmp(a->message, b->message);
}

static int64_t current_time(const hr_check_options *opts)
{
	return opts->now ? opts->now : (int64_t)time(NULL);
}

static int evaluate(report_owner *o, const hr_check_options *opts)
{
	eval_ctx ctx = {0};
	ctx.manifests = o->manifests;
	ctx.model = o->model;
	ctx.policy = o->policy;
	ctx.recs = o->recs;
	ctx.has_usage = hr_recommendations_source_count(o->recs) > 0 ||
	                opts->prometheus_url;
	ctx.now = current_time(opts);
	ctx.arena = &o->arena;
	int rc = hr_eval_prepare(&ctx);
	if (rc)
		return rc;
	o->pub.workload_results = ctx.results;
	/* Cost first: the waste findings price themselves with it. */
	hr_cost_compute(&ctx, &o->pub.cost);

	size_t count;
	const hr_rule_entry *rules = hr_rule_entries(&count);
	for (size_t i = 0; i < count; i++)
		rules[i].check(&ctx, &rules[i].info);
	hr_apply_waivers(&ctx);

	/* Findings switched off are dropped before anyone sees them. */
	size_t kept = 0;
	for (size_t i = 0; i < ctx.finding_count; i++)
		if (ctx.findings[i].severity != HR_SEVERITY_OFF)
			ctx.findings[kept++] = ctx.findings[i];
	if (kept > 1)
		qsort(ctx.findings, kept, sizeof(*ctx.findings), cmp_findings);

	o->findings = ctx.findings;
	o->pub.findings = ctx.findings;
	o->pub.finding_count = kept;
	for (size_t i = 0; i < kept; i++) {
		const hr_finding *f = &ctx.findings[i];
		if (f->waived) {
			o->pub.waived_count++;
			continue;
		}
		o->pub.counts[f->severity]++;
		if (strncmp(f->rule, "overprovisioned-", 16) == 0)
			o->pub.cost.waste_monthly += f->monthly_cost;
	}
	o->pub.verdict = o->pub.counts[HR_SEVERITY_FAIL]   ? HR_VERDICT_FAIL
	                 : o->pub.counts[HR_SEVERITY_WARN] ? HR_VERDICT_WARN
	                                                   : HR_VERDICT_PASS;
	return HR_OK;
}

/* The usage files are read on a thread of their own while the manifests
 * load: both are parsing, and neither needs the other. */
typedef struct input_work {
	report_owner *o;
	const hr_check_options *opts;
	int rc[2];
	int model_rc;        /* the model is built while usage is still read */
	hr_error error;      /* the usage thread's error, copied out */
	char message[1024];
} input_work;

static int read_manifests(report_owner *o, const hr_check_options *opts)
{
	int rc = hr_manifests_new(&o->manifests, &opts->limits);
	for (size_t i = 0; rc == HR_OK && i < opts->path_count; i++)
		rc = hr_manifests_add_path(o->manifests, opts->paths[i]);
	return rc;
}

static int read_usage(report_owner *o, const hr_check_options *opts)
{
	int rc = HR_OK;
	for (size_t i = 0; rc == HR_OK && i < opts->recommendation_count; i++)
		rc = hr_recommendations_add_file(o->recs, opts->recommendation_paths[i]);
	return rc;
}

static void read_input_task(void *ctx, size_t i)
{
	input_work *w = ctx;
	if (i == 0) {
		/* Task 0 runs on the caller's thread, so the model's errors
		 * stay where hr_check() reports them. */
		w->rc[0] = read_manifests(w->o, w->opts);
		if (w->rc[0] == HR_OK)
			w->model_rc = hr_model_build(w->o->manifests, &w->o->model);
		return;
	}
	w->rc[1] = read_usage(w->o, w->opts);
	if (w->rc[1]) {
		w->error = *hr_error_last();
		snprintf(w->message, sizeof(w->message), "%s", w->error.message);
	}
}

/* HR_OK, or the first input error; *model_rc is the model's result. */
static int read_inputs(report_owner *o, const hr_check_options *opts,
                       int *model_rc)
{
	int rc = opts->policy_path ? hr_policy_load(opts->policy_path, &o->policy)
	                           : hr_policy_default(&o->policy);
	if (rc == HR_OK)
		rc = hr_recommendations_new(&o->recs);
	if (rc)
		return rc;
	input_work w = {o, opts, {HR_OK, HR_OK}, HR_OK, {0}, ""};
	hr_parallel_run(opts->recommendation_count ? 2 : 1, read_input_task, &w);
	*model_rc = w.model_rc;
	/* Usage errors first: a bad -r file is reported whatever the
	 * manifests hold, as it was before they were read together. */
	if (w.rc[1])
		return hr_fail_at(w.rc[1], w.error.file, w.error.line,
		                  w.error.column, "%s", w.message);
	return w.rc[0];
}

int hr_check(const hr_check_options *opts, hr_report **out)
{
	*out = NULL;
	report_owner *o = hr_xcalloc(1, sizeof(*o));
	int model_rc = HR_OK;
	int rc = read_inputs(o, opts, &model_rc);
	if (rc) {
		hr_report *r = &o->pub;
		hr_report_free(&r);
		return rc;
	}
	o->pub.manifests = o->manifests;
	o->pub.file_count = hr_manifests_source_count(o->manifests);
	o->pub.policy_source = o->policy->source;
	o->pub.usage_source_count = hr_recommendations_source_count(o->recs);
	o->pub.usage_window = hr_recommendations_window(o->recs);

	/* A model error's message is still the last error of this thread:
	 * the model was built on it. */
	rc = model_rc;
	o->pub.model = o->model;
	if (rc == HR_OK && opts->prometheus_url) {
		hr_prom_check pc = {opts->prometheus_url, current_time(opts),
		                    opts->window, o->model, o->policy, o->recs,
		                    &o->arena};
		prom_check_notes notes = {0};
		rc = hr_prom_check_usage(&pc, &notes);
		o->pub.notes = notes.lines;
		o->pub.note_count = notes.count;
		o->pub.usage_source_count = hr_recommendations_source_count(o->recs);
		o->pub.usage_window = hr_recommendations_window(o->recs);
		if (rc) {
			hr_report *r = &o->pub;
			hr_report_free(&r);
			return rc;
		}
	}
	if (rc == HR_OK)
		rc = evaluate(o, opts);
	*out = &o->pub;
	return rc;
}

void hr_report_free(hr_report **report)
{
	if (!report || !*report)
		return;
	report_owner *o = (report_owner *)*report;
	free(o->findings);
	hr_model_free(&o->model);
	hr_manifests_free(&o->manifests);
	hr_policy_free(&o->policy);
	hr_recommendations_free(&o->recs);
	hr_arena_free(&o->arena);
	free(o);
	*report = NULL;
}
