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

hr_finding *hr_emit(eval_ctx *ctx, const hr_rule_info *rule,
                    const hr_source *src, const hr_node *at,
                    const hr_workload *w, const hr_container *c,
                    const char *fmt, ...)
{
	char message[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	ctx->findings = hr_xgrow(ctx->findings, &ctx->finding_cap,
	                         ctx->finding_count + 1, sizeof(*ctx->findings));
	hr_finding *f = &ctx->findings[ctx->finding_count++];
	memset(f, 0, sizeof(*f));
	f->rule = rule->id;
	f->severity = rule->default_severity;
	f->message = hr_arena_strdup(ctx->arena, message);
	f->file = src ? src->path : "";
	f->line = at ? at->start.line : 0;
	f->column = at ? at->start.column : 0;
	f->workload = w;
	f->container = c;
	return f;
}

/* Evidence lists are short: grow them one entry at a time in the arena. */
static hr_evidence *add_evidence(eval_ctx *ctx, hr_finding *f, const char *key)
{
	hr_evidence *list = hr_arena_alloc(ctx->arena,
	                                   (f->evidence_count + 1) * sizeof(*list));
	if (f->evidence_count)
		memcpy(list, f->evidence, f->evidence_count * sizeof(*list));
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
