/*
 * Evaluation on several threads: the workloads are cut into slices, each
 * evaluated into an arena and a finding list of its own, and the slices
 * are joined in workload order, so the result is the one a single thread
 * gives, byte for byte.
 *
 * A slice sees the model through a view (evaluate_internal.h): the same
 * hr_model with workloads and workload_count narrowed to the slice, and
 * ctx->workloads / ctx->results narrowed alike, so the loops of the rules
 * and the index arithmetic (w - ctx->model->workloads) stay as they are.
 *
 * What runs here must touch nothing shared but read-only inputs: the
 * model, the policy (PCRE2 patterns are matched with match data of their
 * own), the recommendations; errors are per thread (util/error.c).
 * Rules not listed in sliced_rules run once, on the calling thread, at
 * their place in the catalog order: new rules are safe by default.
 */
#include "evaluate/evaluate_internal.h"

#include "util/alloc.h"
#include "util/parallel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Below this many workloads a slice costs more than it saves. */
#define SLICE_MIN_WORKLOADS 512u

/* The rules that look at one workload at a time (and at nothing but its
 * own evaluation state): each slice runs them over its workloads. */
static const hr_rule_check_fn sliced_rules[] = {
	hr_check_cpu_request_missing,
	hr_check_memory_request_missing,
	hr_check_memory_limit_missing,
	hr_check_cpu_limit_missing,
	hr_check_cpu_limit_forbidden,
	hr_check_limit_below_request,
	hr_check_limit_request_ratio,
	hr_check_qos_class,
	hr_check_request_exceeds_node,
	hr_check_memory_limit_below_peak,
	hr_check_memory_request_below_usage,
	hr_check_cpu_request_below_usage,
	hr_check_cpu_throttling,
	hr_check_oom_kills,
	hr_check_overprovisioned_cpu,
	hr_check_overprovisioned_memory,
	hr_check_no_usage_data,
	hr_check_low_confidence,
	hr_check_jvm_heap_exceeds_limit,
	hr_check_jvm_heap_fraction_high,
	hr_check_jvm_no_memory_limit,
	hr_check_jvm_container_support_disabled,
	hr_check_jvm_invalid_option,
	hr_check_jvm_serial_gc_ergonomics,
	hr_check_jvm_cpu_count_mismatch,
	hr_check_jvm_no_cpu_limit,
	hr_check_jvm_options_not_applied,
	hr_check_jvm_removed_option,
	hr_check_jvm_direct_memory_unbounded,
	hr_check_jvm_initial_heap_above_request,
};

#define SLICED_RULE_COUNT (sizeof(sliced_rules) / sizeof(sliced_rules[0]))

static bool is_sliced(hr_rule_check_fn check)
{
	for (size_t i = 0; i < SLICED_RULE_COUNT; i++)
		if (sliced_rules[i] == check)
			return true;
	return false;
}

typedef struct slice {
	eval_ctx ctx;
	hr_model view;
	hr_arena arena;
	size_t *bounds; /* findings of catalog rule r: [bounds[r], bounds[r+1]) */
	int rc;
	hr_error error; /* the slice's first error, copied off its thread */
	char message[1024];
	char file[1024];
} slice;

typedef struct slice_run {
	slice slices[HR_PARALLEL_MAX];
	size_t count;
	int (*work)(eval_ctx *ctx, size_t *bounds);
} slice_run;

/* How many slices: none (0) when one thread should do it all. */
static size_t slice_count(const eval_ctx *ctx)
{
	size_t n = ctx->model->workload_count / SLICE_MIN_WORKLOADS;
	unsigned jobs = hr_parallel_jobs(ctx->jobs);
	if (n > jobs)
		n = jobs;
	return n < 2 ? 0 : n;
}

static void run_slice(void *arg, size_t i)
{
	slice_run *run = arg;
	slice *s = &run->slices[i];
	s->rc = run->work(&s->ctx, s->bounds);
	if (s->rc) {
		s->error = *hr_error_last();
		snprintf(s->message, sizeof(s->message), "%s", s->error.message);
		if (s->error.file)
			snprintf(s->file, sizeof(s->file), "%s", s->error.file);
	}
}

static void open_slices(eval_ctx *ctx, slice_run *run, size_t count,
                        size_t rule_count)
{
	const hr_model *m = ctx->model;
	run->count = count;
	for (size_t i = 0; i < count; i++) {
		slice *s = &run->slices[i];
		size_t from = m->workload_count * i / count;
		size_t to = m->workload_count * (i + 1) / count;
		s->view = *m;
		s->view.workloads = m->workloads + from;
		s->view.workload_count = to - from;
		s->arena = (hr_arena)HR_ARENA_INIT;
		s->ctx = *ctx;
		s->ctx.model = &s->view;
		s->ctx.arena = &s->arena;
		s->ctx.workloads = ctx->workloads + from;
		s->ctx.results = ctx->results + from;
		s->ctx.findings = NULL;
		s->ctx.finding_count = s->ctx.finding_cap = 0;
		s->bounds = rule_count ? hr_xcalloc(rule_count + 1, sizeof(size_t))
		                       : NULL;
	}
}

/* The slices' memory joins the run's; the first error (in workload order)
 * becomes the calling thread's. */
static int close_slices(eval_ctx *ctx, slice_run *run)
{
	int rc = HR_OK;
	for (size_t i = 0; i < run->count; i++) {
		slice *s = &run->slices[i];
		hr_arena_adopt(ctx->arena, &s->arena);
		free(s->ctx.findings);
		free(s->bounds);
		if (s->rc && rc == HR_OK)
			rc = hr_fail_at(s->rc, s->error.file ? s->file : NULL,
			                s->error.line, s->error.column, "%s",
			                s->message);
	}
	return rc;
}

static int prepare_slice(eval_ctx *ctx, size_t *bounds)
{
	(void)bounds;
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		int rc = hr_eval_prepare_workload(ctx, i);
		if (rc)
			return rc;
	}
	return HR_OK;
}

int hr_eval_slices_prepare(eval_ctx *ctx)
{
	size_t count = slice_count(ctx);
	if (count == 0)
		return prepare_slice(ctx, NULL);
	slice_run *run = hr_xcalloc(1, sizeof(*run));
	open_slices(ctx, run, count, 0);
	run->work = prepare_slice;
	hr_parallel_run(count, run_slice, run);
	int rc = close_slices(ctx, run);
	free(run);
	return rc;
}

static int rules_slice(eval_ctx *ctx, size_t *bounds)
{
	size_t count;
	const hr_rule_entry *rules = hr_rule_entries(&count);
	for (size_t r = 0; r < count; r++) {
		bounds[r] = ctx->finding_count;
		if (is_sliced(rules[r].check))
			rules[r].check(ctx, &rules[r].info);
	}
	bounds[count] = ctx->finding_count;
	return HR_OK;
}

static void append(eval_ctx *ctx, const hr_finding *items, size_t n)
{
	if (!n)
		return;
	ctx->findings = hr_xgrow(ctx->findings, &ctx->finding_cap,
	                         ctx->finding_count + n, sizeof(*ctx->findings));
	memcpy(ctx->findings + ctx->finding_count, items, n * sizeof(*items));
	ctx->finding_count += n;
}

void hr_eval_rules(eval_ctx *ctx)
{
	size_t rule_count;
	const hr_rule_entry *rules = hr_rule_entries(&rule_count);
	size_t count = slice_count(ctx);
	if (count == 0) {
		for (size_t r = 0; r < rule_count; r++)
			rules[r].check(ctx, &rules[r].info);
		return;
	}
	slice_run *run = hr_xcalloc(1, sizeof(*run));
	open_slices(ctx, run, count, rule_count);
	run->work = rules_slice;
	hr_parallel_run(count, run_slice, run);
	/* Catalog order, and within a rule workload order: what one thread
	 * emits. */
	for (size_t r = 0; r < rule_count; r++) {
		if (!is_sliced(rules[r].check)) {
			rules[r].check(ctx, &rules[r].info);
			continue;
		}
		for (size_t i = 0; i < count; i++) {
			const slice *s = &run->slices[i];
			append(ctx, s->ctx.findings + s->bounds[r],
			       s->bounds[r + 1] - s->bounds[r]);
		}
	}
	close_slices(ctx, run);
	free(run);
}
