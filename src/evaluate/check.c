/*
 * The pipeline: load -> model -> evaluate -> verdict.
 */
#include "headroom/headroom.h"

#include "evaluate/evaluate_internal.h"
#include "git/git_base.h"
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
	/* With a base revision: */
	hr_git_base *git;
	hr_manifests *base_manifests;
	hr_model *base_model;
	hr_change_summary change;
	/* --prometheus, else the policy's prometheus.url; NULL: none. */
	const char *prometheus_url;
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

/* --changed-only: a finding about a workload the change leaves as it
 * was is not this change's business. */
static bool hidden(const eval_ctx *ctx, const hr_finding *f)
{
	const hr_workload *first = ctx->model->workloads;
	if (!f->workload || f->workload < first ||
	    f->workload >= first + ctx->model->workload_count)
		return false;
	return ctx->results[f->workload - first].change == HR_CHANGE_UNCHANGED;
}

static void describe_base(report_owner *o, const hr_check_options *opts)
{
	o->change.rev = hr_arena_strdup(&o->arena, opts->base_rev);
	o->change.commit = hr_arena_strdup(&o->arena, hr_git_base_commit(o->git));
	o->change.source = opts->base_source
	                           ? hr_arena_strdup(&o->arena, opts->base_source)
	                           : NULL;
	o->change.changed_only = opts->changed_only;
	o->pub.change = &o->change;
}

static int evaluate(report_owner *o, const hr_check_options *opts)
{
	eval_ctx ctx = {0};
	ctx.manifests = o->manifests;
	ctx.model = o->model;
	ctx.policy = o->policy;
	ctx.recs = o->recs;
	ctx.has_usage = hr_recommendations_source_count(o->recs) > 0 ||
	                o->prometheus_url;
	ctx.now = current_time(opts);
	ctx.arena = &o->arena;
	ctx.base_model = o->base_model;
	ctx.base_manifests = o->base_manifests;
	ctx.git = o->git;
	ctx.jobs = opts->limits.jobs;
	int rc = hr_eval_prepare(&ctx);
	if (rc)
		return rc;
	o->pub.workload_results = ctx.results;
	/* Cost first: the waste findings price themselves with it. */
	hr_cost_compute(&ctx, &o->pub.cost);
	if (ctx.base_model) {
		describe_base(o, opts);
		hr_change_compare(&ctx, &o->change, &o->pub.cost);
	}

	hr_eval_rules(&ctx);
	hr_apply_waivers(&ctx);
	if (ctx.base_model) {
		rc = hr_change_mark_lines(&ctx);
		if (rc) {
			free(ctx.findings);
			return rc;
		}
	}

	/* Findings switched off are dropped before anyone sees them. */
	size_t kept = 0;
	bool only_changed = ctx.base_model && opts->changed_only;
	for (size_t i = 0; i < ctx.finding_count; i++) {
		if (ctx.findings[i].severity == HR_SEVERITY_OFF)
			continue;
		if (only_changed && hidden(&ctx, &ctx.findings[i])) {
			o->change.hidden_count++;
			continue;
		}
		o->change.changed_findings += ctx.findings[i].changed;
		ctx.findings[kept++] = ctx.findings[i];
	}
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
/* Tasks: 0 the manifests (then their model), 1 the usage files, 2 the
 * base revision's manifests and model. */
enum { TASK_MANIFESTS, TASK_USAGE, TASK_BASE, TASK_COUNT };

typedef struct input_work {
	report_owner *o;
	const hr_check_options *opts;
	int rc[TASK_COUNT];
	int model_rc;        /* the model is built while usage is still read */
	/* Errors of the other threads, copied out. */
	hr_error error[TASK_COUNT];
	char message[TASK_COUNT][1024];
	char file[TASK_COUNT][1024];
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

/* The same paths at the base revision, read from the repository.  The
 * base's own invalid values are not this change's: its model is kept
 * with whatever it could build. */
static int read_base(report_owner *o, const hr_check_options *opts)
{
	int rc = hr_git_base_open(opts->base_rev, &o->git);
	if (rc == HR_OK)
		rc = hr_manifests_new(&o->base_manifests, &opts->limits);
	for (size_t i = 0; rc == HR_OK && i < opts->path_count; i++)
		rc = hr_git_base_load(o->git, o->base_manifests, opts->paths[i]);
	if (rc == HR_OK) {
		int model_rc = hr_model_build(o->base_manifests, &o->base_model);
		if (!o->base_model)
			rc = model_rc;
	}
	return rc;
}

static void read_input_task(void *ctx, size_t i)
{
	input_work *w = ctx;
	if (i == TASK_MANIFESTS) {
		/* Task 0 runs on the caller's thread, so the model's errors
		 * stay where hr_check() reports them. */
		w->rc[0] = read_manifests(w->o, w->opts);
		if (w->rc[0] == HR_OK)
			w->model_rc = hr_model_build(w->o->manifests, &w->o->model);
		return;
	}
	if (i == TASK_USAGE)
		w->rc[i] = read_usage(w->o, w->opts);
	else if (w->opts->base_rev)
		w->rc[i] = read_base(w->o, w->opts);
	if (w->rc[i]) {
		w->error[i] = *hr_error_last();
		snprintf(w->message[i], sizeof(w->message[i]), "%s",
		         w->error[i].message);
		snprintf(w->file[i], sizeof(w->file[i]), "%s",
		         w->error[i].file ? w->error[i].file : "");
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
	input_work *w = hr_xcalloc(1, sizeof(*w));
	w->o = o;
	w->opts = opts;
	hr_parallel_run(opts->base_rev ? TASK_COUNT
	                : opts->recommendation_count ? 2 : 1,
	                read_input_task, w);
	*model_rc = w->model_rc;
	/* Usage errors first: a bad -r file is reported whatever the
	 * manifests hold, as it was before they were read together.  A
	 * file's error in the base says so: the path is the proposed one. */
	if (w->rc[TASK_USAGE])
		rc = hr_fail_at(w->rc[TASK_USAGE], w->error[TASK_USAGE].file ?
		                w->file[TASK_USAGE] : NULL,
		                w->error[TASK_USAGE].line,
		                w->error[TASK_USAGE].column, "%s",
		                w->message[TASK_USAGE]);
	else if (w->rc[TASK_MANIFESTS])
		rc = w->rc[TASK_MANIFESTS];
	else if (w->rc[TASK_BASE])
		rc = hr_fail_at(w->rc[TASK_BASE], w->error[TASK_BASE].file ?
		                w->file[TASK_BASE] : NULL,
		                w->error[TASK_BASE].line,
		                w->error[TASK_BASE].column, "%s%s",
		                w->error[TASK_BASE].line ? "in the base version: " : "",
		                w->message[TASK_BASE]);
	free(w);
	return rc;
}

/* The base versions left out join the report's notes (after the usage
 * source's), copied: the repository is freed before the report. */
static void add_base_notes(report_owner *o)
{
	const char *const *skipped;
	size_t extra = hr_git_base_skipped(o->git, &skipped);
	if (!extra)
		return;
	size_t count = o->pub.note_count;
	const char **all = hr_arena_alloc(&o->arena, (count + extra) * sizeof(*all));
	for (size_t i = 0; i < count; i++)
		all[i] = o->pub.notes[i];
	for (size_t i = 0; i < extra; i++)
		all[count + i] = hr_arena_strdup(&o->arena, skipped[i]);
	o->pub.notes = all;
	o->pub.note_count = count + extra;
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
	o->prometheus_url = opts->prometheus_url ? opts->prometheus_url
	                                         : o->policy->prometheus.url;
	if (rc == HR_OK && o->prometheus_url) {
		hr_prom_check pc = {o->prometheus_url, current_time(opts),
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
	if (rc == HR_OK && o->git)
		add_base_notes(o);
	if (rc == HR_OK)
		rc = evaluate(o, opts);
	/* The repository is needed no longer: the report keeps the base's
	 * model, not libgit2's state. */
	hr_git_base_free(&o->git);
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
	hr_git_base_free(&o->git);
	hr_model_free(&o->base_model);
	hr_manifests_free(&o->base_manifests);
	hr_policy_free(&o->policy);
	hr_recommendations_free(&o->recs);
	hr_arena_free(&o->arena);
	free(o);
	*report = NULL;
}
