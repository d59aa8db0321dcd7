/*
 * The JVM layer inside the evaluation: each Java container is analysed
 * once with what its JVM will see (its limits, the node, the profile's
 * budget assumptions), before the rules run.
 */
#include "evaluate/evaluate_internal.h"

#include "jvm/jvm_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MIB (1024.0 * 1024.0)

static int64_t bytes_of(const hr_resource_value *v)
{
	return v->set ? hr_quantity_value(&v->quantity) : -1;
}

static int64_t milli_of(const hr_resource_value *v)
{
	return v->set ? hr_quantity_milli(&v->quantity) : -1;
}

static void profile_defaults(const hr_profile *p, hr_jvm_defaults *d)
{
	hr_jvm_defaults_init(d);
	if (p->jvm.metaspace > 0)
		d->metaspace = p->jvm.metaspace;
	if (p->jvm.code_cache > 0)
		d->code_cache = p->jvm.code_cache;
	if (p->jvm.threads > 0)
		d->threads = p->jvm.threads;
	if (p->jvm.thread_stack > 0)
		d->thread_stack = p->jvm.thread_stack;
	if (p->jvm.direct_memory > 0)
		d->direct_memory = p->jvm.direct_memory;
	if (p->jvm.other_native > 0)
		d->other_native = p->jvm.other_native;
	if (p->jvm.gc_overhead > 0)
		d->gc_overhead = p->jvm.gc_overhead;
}

int hr_jvm_prepare(eval_ctx *ctx, const hr_workload *w, const hr_container *c,
                   const hr_profile *profile, container_eval *ce)
{
	const hr_resources *res = &c->resources;
	hr_jvm_environment env = {
		.memory_limit = bytes_of(&res->limits[HR_RES_MEMORY]),
		.memory_request = bytes_of(&res->effective_requests[HR_RES_MEMORY]),
		.cpu_limit_milli = milli_of(&res->limits[HR_RES_CPU]),
		.cpu_request_milli = milli_of(&res->effective_requests[HR_RES_CPU]),
		.node_memory = ctx->policy->node_memory_bytes,
		.node_cpu_milli = ctx->policy->node_cpu_milli,
	};
	profile_defaults(profile, &env.defaults);
	return hr_jvm_read(ctx->arena, c, w->document->source, &env, &ce->jvm);
}

/* The heap option rewritten for a new limit at the same share. */
void hr_jvm_follow_limit(eval_ctx *ctx, hr_finding *f, const container_eval *ce,
                         const hr_container *c, const char *new_limit)
{
	const hr_jvm *jvm = ce->jvm;
	int64_t old_limit = bytes_of(&c->resources.limits[HR_RES_MEMORY]);
	hr_quantity q;
	if (!jvm || !new_limit || old_limit <= 0 ||
	    hr_quantity_parse(new_limit, strlen(new_limit), &q) != HR_OK)
		return;
	double limit = hr_quantity_to_double(&q);
	if (jvm->heap_source == HR_HEAP_XMX || jvm->heap_source == HR_HEAP_MAX_HEAP_SIZE) {
		double share = (double)jvm->max_heap / (double)old_limit;
		double heap_mib = floor(limit * share / MIB);
		if (heap_mib < 2)
			return;
		char option[48];
		snprintf(option, sizeof(option), "-Xmx%.0fm", heap_mib);
		hr_evidence_string(ctx, f, "jvm_heap_option",
		                   hr_arena_strdup(ctx->arena, option));
		char message[768];
		snprintf(message, sizeof(message), "%s; with the new limit set %s in "
		         "%s to keep the heap at %.0f%% of it", f->message, option,
		         jvm->settings[HR_JVM_MAX_HEAP].option->where, share * 100.0);
		f->message = hr_arena_strdup(ctx->arena, message);
	} else if (jvm->heap_source == HR_HEAP_RAM_PERCENTAGE ||
	           jvm->heap_source == HR_HEAP_ERGONOMICS) {
		/* The JVM sizes its heap from the new limit by itself. */
		hr_evidence_string(ctx, f, "jvm_heap_option", "unchanged");
	}
}
