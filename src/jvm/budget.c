/*
 * The memory budget of a JVM: everything it commits, heap or not.  Each
 * component comes from the option that bounds it when one is set, else
 * from the profile's defaults (what a typical service commits).  The
 * Paketo and Cloud Foundry memory calculators add the same components
 * (reference/jvm.md 4); their defaults reserve for the worst case, these
 * estimate the common one, so that a sensible configuration passes.
 */
#include "jvm/jvm_internal.h"

/* Collector bookkeeping (remembered sets, card tables, marking bitmaps)
 * as a share of the heap, when the profile does not say. */
static double gc_share(hr_jvm_gc gc)
{
	switch (gc) {
	case HR_GC_SERIAL:
	case HR_GC_EPSILON:
		return 0.02;
	case HR_GC_PARALLEL:
	case HR_GC_CMS:
		return 0.04;
	case HR_GC_G1:
		return 0.06;
	case HR_GC_Z:
	case HR_GC_SHENANDOAH:
	case HR_GC_COUNT:
		break;
	}
	return 0.10;
}

static int64_t option_or(const hr_jvm *jvm, hr_jvm_setting_id id, int64_t fallback)
{
	const hr_jvm_setting *s = &jvm->settings[id];
	return s->set && s->value > 0 ? s->value : fallback;
}

/* Sums stay far from overflow: every option is at most INT64_MAX, so
 * each addition saturates instead of wrapping. */
static int64_t add(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

static int64_t times(int64_t a, int64_t b)
{
	return b != 0 && a > INT64_MAX / b ? INT64_MAX : a * b;
}

void hr_jvm_compute_budget(jvm_build *b)
{
	hr_jvm *jvm = b->jvm;
	const hr_jvm_defaults *d = &b->env->defaults;
	hr_jvm_budget *budget = &jvm->budget;
	budget->metaspace = option_or(jvm, HR_JVM_MAX_METASPACE, d->metaspace);
	budget->code_cache = option_or(jvm, HR_JVM_CODE_CACHE, d->code_cache);
	budget->threads = d->threads;
	budget->thread_stack = option_or(jvm, HR_JVM_THREAD_STACK, d->thread_stack);
	budget->thread_stacks = times(budget->threads, budget->thread_stack);
	budget->direct_memory = option_or(jvm, HR_JVM_MAX_DIRECT_MEMORY, d->direct_memory);
	budget->other_native = d->other_native;
	jvm->budget_known = jvm->max_heap >= 0;
	budget->heap = jvm->budget_known ? jvm->max_heap : 0;
	double share = d->gc_overhead >= 0 ? d->gc_overhead : gc_share(jvm->gc);
	budget->gc_overhead = (int64_t)((double)budget->heap * share);
	int64_t non_heap = add(budget->metaspace, budget->code_cache);
	non_heap = add(non_heap, budget->thread_stacks);
	non_heap = add(non_heap, budget->direct_memory);
	non_heap = add(non_heap, budget->gc_overhead);
	non_heap = add(non_heap, budget->other_native);
	budget->non_heap = non_heap;
	budget->total = add(budget->heap, non_heap);
}
