#include "evaluate/evaluate_internal.h"

#include "util/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const severity_names[HR_SEVERITY_COUNT] = {
	[HR_SEVERITY_OFF] = "off",
	[HR_SEVERITY_INFO] = "info",
	[HR_SEVERITY_WARN] = "warn",
	[HR_SEVERITY_FAIL] = "fail",
};

const char *hr_severity_name(hr_severity s)
{
	return (unsigned)s < HR_SEVERITY_COUNT ? severity_names[s] : "?";
}

int hr_severity_parse(const char *name, hr_severity *out)
{
	for (int s = 0; s < HR_SEVERITY_COUNT; s++)
		if (strcmp(severity_names[s], name) == 0) {
			*out = (hr_severity)s;
			return HR_OK;
		}
	return hr_fail(HR_EINVALID, "unknown severity (use fail, warn, info or "
	               "off)");
}

static hr_severity severity_for(eval_ctx *ctx, const hr_rule_info *rule,
                                const hr_workload *w)
{
	const hr_profile *profile = NULL;
	if (w && ctx->workloads)
		profile = hr_eval_workload(ctx, w)->profile;
	if (!ctx->policy)
		return rule->default_severity;
	return hr_policy_severity(ctx->policy, profile, rule->id,
	                          rule->default_severity);
}

static hr_finding *start_finding(eval_ctx *ctx, const hr_rule_info *rule,
                                 const char *file, unsigned line,
                                 unsigned column, const hr_workload *w,
                                 const hr_container *c, const char *fmt,
                                 va_list ap) HR_PRINTF(8, 0);

static hr_finding *start_finding(eval_ctx *ctx, const hr_rule_info *rule,
                                 const char *file, unsigned line,
                                 unsigned column, const hr_workload *w,
                                 const hr_container *c, const char *fmt,
                                 va_list ap)
{
	char message[1024];
	vsnprintf(message, sizeof(message), fmt, ap);
	ctx->findings = hr_xgrow(ctx->findings, &ctx->finding_cap,
	                         ctx->finding_count + 1, sizeof(*ctx->findings));
	hr_finding *f = &ctx->findings[ctx->finding_count++];
	memset(f, 0, sizeof(*f));
	f->rule = rule->id;
	f->severity = severity_for(ctx, rule, w);
	f->message = hr_arena_strdup(ctx->arena, message);
	f->file = file ? file : "";
	f->line = line;
	f->column = column;
	f->workload = w;
	f->container = c;
	if (w && ctx->workloads && hr_eval_workload(ctx, w)->profile)
		f->profile = hr_eval_workload(ctx, w)->profile->name;
	return f;
}

hr_finding *hr_emit(eval_ctx *ctx, const hr_rule_info *rule,
                    const hr_source *src, const hr_node *at,
                    const hr_workload *w, const hr_container *c,
                    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	hr_finding *f = start_finding(ctx, rule, src ? src->path : NULL,
	                              at ? at->start.line : 0,
	                              at ? at->start.column : 0, w, c, fmt, ap);
	va_end(ap);
	return f;
}

hr_finding *hr_emit_at(eval_ctx *ctx, const hr_rule_info *rule,
                       const char *file, unsigned line, unsigned column,
                       const hr_workload *w, const hr_container *c,
                       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	hr_finding *f = start_finding(ctx, rule, file, line, column, w, c, fmt, ap);
	va_end(ap);
	return f;
}

/* Evidence lists double in the arena.  Their capacity is implicit: the
 * count rounded up to a power of two, at least 8, so a full list is one
 * whose count is 8, 16, 32... (or 0).  Most findings give 6 to 8 (the
 * usage evidence alone is 6): a first list of 4 was outgrown and left
 * behind in the arena by most of them. */
#define EVIDENCE_FIRST 8u

static hr_evidence *add_evidence(eval_ctx *ctx, hr_finding *f, const char *key)
{
	size_t n = f->evidence_count;
	hr_evidence *list = (hr_evidence *)f->evidence;
	if (n == 0 || (n >= EVIDENCE_FIRST && (n & (n - 1)) == 0)) {
		size_t cap = n ? 2 * n : EVIDENCE_FIRST;
		list = hr_arena_alloc(ctx->arena, cap * sizeof(*list));
		if (n)
			memcpy(list, f->evidence, n * sizeof(*list));
	}
	hr_evidence *e = &list[f->evidence_count++];
	e->key = key;
	f->evidence = list;
	return e;
}

void hr_evidence_int(eval_ctx *ctx, hr_finding *f, const char *key, int64_t v)
{
	hr_evidence *e = add_evidence(ctx, f, key);
	e->type = HR_EVIDENCE_INT;
	e->as.i = v;
}

void hr_evidence_number(eval_ctx *ctx, hr_finding *f, const char *key, double v)
{
	hr_evidence *e = add_evidence(ctx, f, key);
	e->type = HR_EVIDENCE_NUMBER;
	e->as.d = v;
}

void hr_evidence_string(eval_ctx *ctx, hr_finding *f, const char *key,
                        const char *v)
{
	hr_evidence *e = add_evidence(ctx, f, key);
	e->type = HR_EVIDENCE_STRING;
	e->as.s = v;
}

void hr_evidence_bool(eval_ctx *ctx, hr_finding *f, const char *key, bool v)
{
	hr_evidence *e = add_evidence(ctx, f, key);
	e->type = HR_EVIDENCE_BOOL;
	e->as.b = v;
}

static void facts_evidence(eval_ctx *ctx, hr_finding *f,
                           const hr_recs_facts *facts)
{
	for (size_t i = 0; i < facts->count; i++) {
		const hr_recs_fact *x = &facts->items[i];
		if (x->text)
			hr_evidence_string(ctx, f, x->key, x->text);
		else
			hr_evidence_number(ctx, f, x->key, x->number);
	}
}

/* A KRR or VPA source says where its values come from and what it
 * cannot tell (headroom JSON says it in its own fields). */
static void source_evidence(eval_ctx *ctx, hr_finding *f,
                            const hr_container_usage *u)
{
	hr_evidence_string(ctx, f, "source", hr_recs_source_name(u->source));
	if (u->lacks)
		hr_evidence_string(ctx, f, "source_lacks", u->lacks);
	facts_evidence(ctx, f, u->method);
	facts_evidence(ctx, f, &u->facts);
}

void hr_evidence_usage(eval_ctx *ctx, hr_finding *f, const container_eval *ce)
{
	const hr_container_usage *u = ce->usage;
	if (!u)
		return;
	const char *window = hr_recommendations_window(ctx->recs);
	if (window)
		hr_evidence_string(ctx, f, "window", window);
	if (u->samples >= 0)
		hr_evidence_int(ctx, f, "samples", u->samples);
	if (u->coverage >= 0)
		hr_evidence_number(ctx, f, "coverage", u->coverage);
	hr_evidence_string(ctx, f, "confidence", hr_confidence_name(ce->confidence));
	if (ce->confidence_reason)
		hr_evidence_string(ctx, f, "confidence_reason", ce->confidence_reason);
	if (u->source != HR_RECS_SOURCE_HEADROOM)
		source_evidence(ctx, f, u);
	if (u->file) {
		char where[32];
		snprintf(where, sizeof(where), ":%u", u->line);
		size_t n = strlen(u->file) + strlen(where) + 1;
		char *source = hr_arena_alloc(ctx->arena, n);
		snprintf(source, n, "%s%s", u->file, where);
		hr_evidence_string(ctx, f, "data", source);
	}
}

void hr_suggest(hr_finding *f, const char *field, const char *value)
{
	f->suggestion_field = field;
	f->suggestion_value = value;
}

const char *hr_resource_field(int which, hr_resource r)
{
	static const char *const fields[2][HR_RES_COUNT] = {
		{"resources.requests.cpu", "resources.requests.memory",
		 "resources.requests.ephemeral-storage"},
		{"resources.limits.cpu", "resources.limits.memory",
		 "resources.limits.ephemeral-storage"},
	};
	return fields[which ? 1 : 0][(unsigned)r < HR_RES_COUNT ? r : 0];
}
