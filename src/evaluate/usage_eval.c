/*
 * What usage data means for one container under its profile: how much to
 * trust it, and the values headroom recommends (the file's explicit
 * `recommended` values win; otherwise they come from the profile:
 * requests from its percentiles, the memory limit from the peak plus
 * headroom, the CPU limit from its limit percentile when limits are
 * wanted).
 */
#include "evaluate/evaluate_internal.h"

#include <math.h>
#include <stdio.h>

const char *hr_confidence_name(hr_confidence c)
{
	static const char *const names[] = {
		[HR_CONFIDENCE_LOW] = "low",
		[HR_CONFIDENCE_MEDIUM] = "medium",
		[HR_CONFIDENCE_HIGH] = "high",
		[HR_CONFIDENCE_UNKNOWN] = "unknown",
	};
	return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}

/* CPU in 5m steps below 100m, else 10m, whole cores as "2"; rounded
 * with round (ceil: a safe minimum; floor: an allowed maximum). */
static const char *format_cpu(hr_arena *arena, double cores,
                              double (*round_fn)(double))
{
	char buf[48];
	double nudge = round_fn == ceil ? -1e-9 : 1e-9;
	double milli = round_fn(cores * 1000.0 + nudge);
	if (milli < 1)
		milli = 1;
	double step = milli < 100 ? 5 : 10;
	double stepped = round_fn(milli / step) * step;
	/* Floored below the first step: the whole millicores stand. */
	milli = stepped >= 1 ? stepped : milli;
	if (milli >= 1e12)
		snprintf(buf, sizeof(buf), "%.0f", milli / 1000.0);
	else if (fmod(milli, 1000.0) == 0)
		snprintf(buf, sizeof(buf), "%.0f", milli / 1000.0);
	else
		snprintf(buf, sizeof(buf), "%.0fm", milli);
	return hr_arena_strdup(arena, buf);
}

/* Memory in whole Mi, "Gi" when whole; rounded as format_cpu(). */
static const char *format_memory(hr_arena *arena, double bytes,
                                 double (*round_fn)(double))
{
	char buf[48];
	double nudge = round_fn == ceil ? -1e-9 : 1e-9;
	double mi = round_fn(bytes / 1048576.0 + nudge);
	if (mi < 1)
		mi = 1;
	if (mi >= 1024 && fmod(mi, 1024.0) == 0)
		snprintf(buf, sizeof(buf), "%.0fGi", mi / 1024.0);
	else
		snprintf(buf, sizeof(buf), "%.0fMi", mi);
	return hr_arena_strdup(arena, buf);
}

const char *hr_format_cpu(hr_arena *arena, double cores)
{
	return format_cpu(arena, cores, ceil);
}

const char *hr_format_memory(hr_arena *arena, double bytes)
{
	return format_memory(arena, bytes, ceil);
}

const char *hr_format_floor(hr_arena *arena, hr_resource r, double v)
{
	return r == HR_RES_CPU ? format_cpu(arena, v, floor)
	                       : format_memory(arena, v, floor);
}

/* The value at percentile p, or the next higher one given (a safe side),
 * or -1 when the resource has no data at or above p. */
static double at_or_above(const hr_usage_stats *s, hr_percentile p)
{
	for (int i = (int)p; i < HR_PERCENTILE_COUNT; i++)
		if (s->has[i])
			return s->value[i];
	return -1;
}

double hr_value_amount(const hr_resource_value *v)
{
	return v->set ? hr_quantity_to_double(&v->quantity) : 0;
}

double hr_usage_peak(const hr_usage_stats *s)
{
	for (int i = HR_PERCENTILE_COUNT - 1; i >= 0; i--)
		if (s->has[i])
			return s->value[i];
	return -1;
}

static void confidence(const eval_ctx *ctx, const hr_container_usage *u,
                       container_eval *out)
{
	char why[160];
	out->confidence = HR_CONFIDENCE_HIGH;
	if (u->source != HR_RECS_SOURCE_HEADROOM) {
		/* KRR and VPA state neither samples nor coverage: how much
		 * data is behind their values is not known, and not guessed
		 * (nor tempered, like headroom data that does not say). */
		out->confidence = HR_CONFIDENCE_UNKNOWN;
		return;
	}
	if (u->samples < 0 && u->coverage < 0) {
		out->confidence = HR_CONFIDENCE_MEDIUM;
		return;
	}
	if (u->samples >= 0 && u->samples < ctx->policy->min_samples) {
		snprintf(why, sizeof(why), "only %lld samples (the policy wants %lld)",
		         (long long)u->samples, (long long)ctx->policy->min_samples);
		out->confidence = HR_CONFIDENCE_LOW;
	} else if (u->coverage >= 0 && u->coverage < ctx->policy->min_coverage) {
		snprintf(why, sizeof(why), "data covers %.0f%% of the window (the "
		         "policy wants %.0f%%)", u->coverage * 100,
		         ctx->policy->min_coverage * 100);
		out->confidence = HR_CONFIDENCE_LOW;
	}
	if (out->confidence == HR_CONFIDENCE_LOW)
		out->confidence_reason = hr_arena_strdup(ctx->arena, why);
}

static void set_rec(eval_ctx *ctx, container_eval *out, int which,
                    hr_resource r, double value)
{
	if (value < 0)
		return;
	out->rec_set[which][r] = true;
	out->rec[which][r] = value;
	out->rec_explicit[which][r] = NULL;
}

static void set_explicit(container_eval *out, int which, hr_resource r,
                         const hr_recommended_value *v)
{
	if (!v->set)
		return;
	out->rec_set[which][r] = true;
	out->rec_explicit[which][r] = v->text;
	out->rec[which][r] = hr_quantity_to_double(&v->quantity);
}

const char *hr_rec_text(eval_ctx *ctx, const container_eval *ce, int which,
                        hr_resource r)
{
	if (ce->rec_explicit[which][r])
		return ce->rec_explicit[which][r];
	double v = ce->rec[which][r];
	return r == HR_RES_CPU ? hr_format_cpu(ctx->arena, v)
	                       : hr_format_memory(ctx->arena, v);
}

void hr_usage_prepare(eval_ctx *ctx, const hr_profile *profile,
                      const hr_container *c, const hr_container_usage *u,
                      container_eval *out)
{
	(void)c;
	out->usage = u;
	if (!u)
		return;
	confidence(ctx, u, out);

	double cpu_req = at_or_above(&u->cpu, profile->cpu.request_percentile);
	double mem_req = at_or_above(&u->memory, profile->memory.request_percentile);
	double peak = hr_usage_peak(&u->memory);
	set_rec(ctx, out, HR_REQ, HR_RES_CPU, cpu_req);
	set_rec(ctx, out, HR_REQ, HR_RES_MEMORY, mem_req);
	if (peak >= 0) {
		double limit = peak * (1.0 + profile->memory.limit_headroom);
		if (mem_req >= 0 && limit < mem_req)
			limit = mem_req;
		if (profile->memory.limit_equals_request && mem_req >= 0)
			/* Guaranteed memory: one value that is safe for both. */
			set_rec(ctx, out, HR_REQ, HR_RES_MEMORY, limit);
		set_rec(ctx, out, HR_LIM, HR_RES_MEMORY, limit);
	}
	if (profile->cpu.limit == HR_REQ_REQUIRED) {
		double cpu_lim = at_or_above(&u->cpu, profile->cpu.limit_percentile);
		if (cpu_lim >= 0 && cpu_req >= 0 && cpu_lim < cpu_req)
			cpu_lim = cpu_req;
		set_rec(ctx, out, HR_LIM, HR_RES_CPU, cpu_lim);
	}
	for (int r = 0; r < HR_RES_COUNT; r++) {
		set_explicit(out, HR_REQ, (hr_resource)r, &u->requests[r]);
		set_explicit(out, HR_LIM, (hr_resource)r, &u->limits[r]);
	}
}
