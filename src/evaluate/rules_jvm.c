/*
 * JVM rules: the runtime and the container judged together, from the
 * analysis the JVM layer made of each Java container (headroom/jvm.h,
 * reference/jvm.md section 6).
 */
#include "evaluate/evaluate_internal.h"

#include "jvm/jvm_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MIB ((int64_t)1024 * 1024)

typedef struct jvm_site {
	eval_ctx *ctx;
	const hr_rule_info *rule;
	const hr_workload *w;
	const hr_container *c;
	const container_eval *ce;
	const hr_profile *profile;
	const hr_jvm *jvm;
	int64_t limit;    /* memory limit, bytes; -1 none */
	int64_t request;  /* memory request, bytes; -1 none */
} jvm_site;

typedef void (*jvm_rule_fn)(const jvm_site *s);

static void each_jvm(eval_ctx *ctx, const hr_rule_info *rule, jvm_rule_fn fn)
{
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload *w = &ctx->model->workloads[i];
		const workload_eval *we = hr_eval_workload(ctx, w);
		for (size_t k = 0; k < w->container_count; k++) {
			const container_eval *ce = &we->containers[k];
			if (!ce->jvm)
				continue;
			const hr_resources *res = &w->containers[k].resources;
			const hr_resource_value *lim = &res->limits[HR_RES_MEMORY];
			const hr_resource_value *req = &res->effective_requests[HR_RES_MEMORY];
			jvm_site s = {ctx, rule, w, &w->containers[k], ce, we->profile,
			              ce->jvm,
			              lim->set ? hr_quantity_value(&lim->quantity) : -1,
			              req->set ? hr_quantity_value(&req->quantity) : -1};
			fn(&s);
		}
	}
}

static const char *mem(const jvm_site *s, int64_t bytes)
{
	return hr_format_memory(s->ctx->arena, (double)bytes);
}

/* Memory rounded down to whole MiB, as an option value ("300m"). */
static const char *option_size_down(const jvm_site *s, int64_t bytes)
{
	return hr_jvm_format_size(s->ctx->arena, bytes / MIB * MIB);
}

static const hr_node *limit_node(const hr_container *c, hr_resource r)
{
	const hr_resources *res = &c->resources;
	if (res->limits[r].node)
		return res->limits[r].node;
	if (res->limits_node)
		return res->limits_node;
	return res->node ? res->node : c->node;
}

/* At the option when one is to blame, else at the manifest value. */
static hr_finding *emit_at_option(const jvm_site *s, const hr_jvm_option *o,
                                  const hr_node *fallback, const char *message)
{
	if (o)
		return hr_emit_at(s->ctx, s->rule, o->file, o->line, o->column, s->w,
		                  s->c, "%s", message);
	return hr_emit(s->ctx, s->rule, s->w->document->source, fallback, s->w,
	               s->c, "%s", message);
}

static hr_finding *emit_issue(const jvm_site *s, const hr_jvm_issue *issue)
{
	hr_finding *f = hr_emit_at(s->ctx, s->rule, issue->file, issue->line,
	                           issue->column, s->w, s->c, "%s", issue->message);
	if (issue->option) {
		hr_evidence_string(s->ctx, f, "option", issue->option->text);
		hr_evidence_string(s->ctx, f, "option_source", issue->option->where);
	}
	if (issue->replacement)
		hr_suggest(f, issue->option ? issue->option->where : "JVM options",
		           issue->replacement);
	return f;
}

/* The option that decided the max heap, if one did. */
static const hr_jvm_option *heap_option(const hr_jvm *jvm)
{
	switch (jvm->heap_source) {
	case HR_HEAP_XMX:
	case HR_HEAP_MAX_HEAP_SIZE:
		return jvm->settings[HR_JVM_MAX_HEAP].option;
	case HR_HEAP_RAM_PERCENTAGE:
		return jvm->settings[HR_JVM_MAX_RAM_PERCENTAGE].set
		               ? jvm->settings[HR_JVM_MAX_RAM_PERCENTAGE].option
		               : jvm->settings[HR_JVM_MIN_RAM_PERCENTAGE].option;
	case HR_HEAP_MAX_RAM:
		return jvm->settings[HR_JVM_MAX_RAM].option;
	default:
		return NULL;
	}
}

static void evidence_budget(const jvm_site *s, hr_finding *f)
{
	const hr_jvm_budget *b = &s->jvm->budget;
	eval_ctx *ctx = s->ctx;
	hr_evidence_int(ctx, f, "max_heap_bytes", b->heap);
	hr_evidence_string(ctx, f, "heap_source",
	                   hr_jvm_heap_source_name(s->jvm->heap_source));
	hr_evidence_int(ctx, f, "non_heap_bytes", b->non_heap);
	hr_evidence_int(ctx, f, "metaspace_bytes", b->metaspace);
	hr_evidence_int(ctx, f, "code_cache_bytes", b->code_cache);
	hr_evidence_int(ctx, f, "thread_stacks_bytes", b->thread_stacks);
	hr_evidence_int(ctx, f, "direct_memory_bytes", b->direct_memory);
	hr_evidence_int(ctx, f, "gc_overhead_bytes", b->gc_overhead);
	hr_evidence_int(ctx, f, "other_native_bytes", b->other_native);
	hr_evidence_string(ctx, f, "gc", hr_jvm_gc_name(s->jvm->gc));
	if (s->limit > 0)
		hr_evidence_int(ctx, f, "memory_limit_bytes", s->limit);
}

/* The heap option that fits `room` bytes of heap, written the way the
 * heap is configured now. */
static const char *heap_fix(const jvm_site *s, int64_t room)
{
	char buf[64];
	if (s->jvm->heap_source == HR_HEAP_RAM_PERCENTAGE && s->limit > 0) {
		double pct = floor((double)room * 1000.0 / (double)s->limit) / 10.0;
		snprintf(buf, sizeof(buf), "-XX:MaxRAMPercentage=%.1f", pct);
	} else {
		snprintf(buf, sizeof(buf), "-Xmx%s", option_size_down(s, room));
	}
	return hr_arena_strdup(s->ctx->arena, buf);
}

/* The largest heap whose budget fits the limit: heap x (1 + gc share)
 * plus the rest must stay within it. */
static int64_t heap_room(const jvm_site *s, int64_t limit)
{
	const hr_jvm_budget *b = &s->jvm->budget;
	int64_t fixed = b->non_heap - b->gc_overhead;
	double share = b->heap > 0 ? (double)b->gc_overhead / (double)b->heap : 0;
	double room = (double)(limit - fixed) / (1.0 + share);
	return room > 0 ? (int64_t)room : 0;
}

static void heap_exceeds_limit(const jvm_site *s)
{
	const hr_jvm *jvm = s->jvm;
	if (s->limit <= 0 || !jvm->budget_known)
		return;
	const hr_jvm_budget *b = &jvm->budget;
	if (b->heap < s->limit && b->total <= s->limit)
		return;
	int64_t need = (b->total + MIB - 1) / MIB * MIB;
	int64_t room = heap_room(s, s->limit);
	char message[640];
	const char *heap_text = mem(s, b->heap);
	if (b->heap >= s->limit)
		snprintf(message, sizeof(message),
		         "max heap %s (%s) is not below the memory limit %s: the "
		         "kernel OOM-kills the JVM before its heap is full; raise "
		         "limits.memory to %s%s%s",
		         heap_text, hr_jvm_heap_source_name(jvm->heap_source),
		         mem(s, s->limit), mem(s, need),
		         room >= 2 * MIB ? ", or lower the heap to " : "",
		         room >= 2 * MIB ? heap_fix(s, room) : "");
	else
		snprintf(message, sizeof(message),
		         "max heap %s (%s) plus %s of JVM native memory needs %s, "
		         "above the memory limit %s; raise limits.memory to %s%s%s",
		         heap_text, hr_jvm_heap_source_name(jvm->heap_source),
		         mem(s, b->non_heap), mem(s, b->total), mem(s, s->limit),
		         mem(s, need), room >= 2 * MIB ? ", or lower the heap to " : "",
		         room >= 2 * MIB ? heap_fix(s, room) : "");
	hr_finding *f = emit_at_option(s, heap_option(jvm),
	                               limit_node(s->c, HR_RES_MEMORY), message);
	evidence_budget(s, f);
	if (room >= 2 * MIB)
		hr_evidence_string(s->ctx, f, "jvm_heap_option", heap_fix(s, room));
	hr_suggest(f, hr_resource_field(HR_LIM, HR_RES_MEMORY), mem(s, need));
}

void hr_check_jvm_heap_exceeds_limit(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_jvm(ctx, rule, heap_exceeds_limit);
}

static void heap_fraction_high(const jvm_site *s)
{
	const hr_jvm *jvm = s->jvm;
	double fraction = s->profile->jvm.max_heap_fraction;
	if (s->limit <= 0 || !jvm->budget_known || fraction <= 0 ||
	    jvm->budget.total > s->limit || jvm->budget.heap >= s->limit)
		return; /* jvm-heap-exceeds-limit says more */
	double share = (double)jvm->budget.heap / (double)s->limit;
	if (share <= fraction + 1e-9)
		return;
	int64_t target = (int64_t)((double)s->limit * fraction);
	const char *fix = heap_fix(s, target);
	char message[512];
	snprintf(message, sizeof(message),
	         "max heap %s (%s) is %.0f%% of the memory limit %s, above the "
	         "profile's %.0f%%: little room is left for memory that grows with "
	         "load outside the heap; use %s",
	         mem(s, jvm->budget.heap), hr_jvm_heap_source_name(jvm->heap_source),
	         share * 100.0, mem(s, s->limit), fraction * 100.0, fix);
	hr_finding *f = emit_at_option(s, heap_option(jvm),
	                               limit_node(s->c, HR_RES_MEMORY), message);
	evidence_budget(s, f);
	hr_evidence_number(s->ctx, f, "heap_fraction", share);
	hr_evidence_number(s->ctx, f, "max_heap_fraction", fraction);
	const hr_jvm_option *o = heap_option(jvm);
	hr_suggest(f, o ? o->where : "env JAVA_TOOL_OPTIONS", fix);
}

void hr_check_jvm_heap_fraction_high(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_jvm(ctx, rule, heap_fraction_high);
}

static void no_memory_limit(const jvm_site *s)
{
	const hr_jvm *jvm = s->jvm;
	if (s->limit > 0 || jvm->settings[HR_JVM_MAX_HEAP].set)
		return;
	char message[400];
	if (jvm->max_heap > 0)
		snprintf(message, sizeof(message),
		         "no memory limit and no -Xmx: the JVM sizes its heap from the "
		         "node's memory (%s here, %s of the policy's node memory), "
		         "different on every node", mem(s, jvm->max_heap),
		         jvm->settings[HR_JVM_MAX_RAM_PERCENTAGE].set ? "MaxRAMPercentage"
		                                                      : "25%");
	else
		snprintf(message, sizeof(message),
		         "no memory limit and no -Xmx: the JVM sizes its heap from the "
		         "node's memory (%s of it), different on every node",
		         jvm->settings[HR_JVM_MAX_RAM_PERCENTAGE].set ? "MaxRAMPercentage"
		                                                      : "25%");
	hr_finding *f = emit_at_option(s, NULL, limit_node(s->c, HR_RES_MEMORY),
	                               message);
	hr_evidence_string(s->ctx, f, "heap_source",
	                   hr_jvm_heap_source_name(jvm->heap_source));
	if (jvm->max_heap > 0)
		hr_evidence_int(s->ctx, f, "max_heap_bytes", jvm->max_heap);
	if (s->ce->rec_set[HR_LIM][HR_RES_MEMORY]) {
		hr_evidence_usage(s->ctx, f, s->ce);
		hr_suggest(f, hr_resource_field(HR_LIM, HR_RES_MEMORY),
		           hr_rec_text(s->ctx, s->ce, HR_LIM, HR_RES_MEMORY));
	}
}

void hr_check_jvm_no_memory_limit(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_jvm(ctx, rule, no_memory_limit);
}

static void container_support_disabled(const jvm_site *s)
{
	const hr_jvm *jvm = s->jvm;
	if (jvm->settings[HR_JVM_MAX_HEAP].set)
		return;
	const hr_jvm_setting *support = &jvm->settings[HR_JVM_CONTAINER_SUPPORT];
	const hr_jvm_setting *max_ram = &jvm->settings[HR_JVM_MAX_RAM];
	char message[400];
	const hr_jvm_option *at;
	if (support->set && !support->value) {
		at = support->option;
		snprintf(message, sizeof(message),
		         "%s: the JVM ignores the container's limits and sizes its "
		         "heap%s and threads from the node", at->text,
		         jvm->max_heap > 0 ? "" : " (unknown here)");
	} else if (max_ram->set && s->limit > 0 && max_ram->value > s->limit) {
		at = max_ram->option;
		snprintf(message, sizeof(message),
		         "%s is above the memory limit %s: the JVM sizes its heap from "
		         "MaxRAM, not from the limit (max heap %s)", at->text,
		         mem(s, s->limit), mem(s, jvm->max_heap));
	} else {
		return;
	}
	hr_finding *f = emit_at_option(s, at, NULL, message);
	hr_evidence_string(s->ctx, f, "option", at->text);
	hr_evidence_string(s->ctx, f, "option_source", at->where);
	if (jvm->max_heap > 0)
		hr_evidence_int(s->ctx, f, "max_heap_bytes", jvm->max_heap);
	hr_suggest(f, at->where, "(remove)");
}

void hr_check_jvm_container_support_disabled(eval_ctx *ctx,
                                             const hr_rule_info *rule)
{
	each_jvm(ctx, rule, container_support_disabled);
}

static void issues_of_kind(const jvm_site *s, hr_jvm_issue_kind kind)
{
	for (size_t i = 0; i < s->jvm->issue_count; i++)
		if (s->jvm->issues[i].kind == kind)
			emit_issue(s, &s->jvm->issues[i]);
}

static void invalid_option(const jvm_site *s)
{
	issues_of_kind(s, HR_JVM_ISSUE_INVALID);
}

void hr_check_jvm_invalid_option(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_jvm(ctx, rule, invalid_option);
}

static void serial_gc_ergonomics(const jvm_site *s)
{
	const hr_jvm *jvm = s->jvm;
	if (jvm->gc_explicit || jvm->gc != HR_GC_SERIAL)
		return;
	bool few_cpus = jvm->cpus > 0 && jvm->cpus < 2;
	const hr_jvm_setting *tuning = &jvm->settings[HR_JVM_GC_TUNING];
	char message[480], cpus[32];
	/* Without a CPU limit the count is the node's, unknown here. */
	if (jvm->cpus > 0)
		snprintf(cpus, sizeof(cpus), "%d CPU%s", jvm->cpus,
		         jvm->cpus == 1 ? "" : "s");
	else
		snprintf(cpus, sizeof(cpus), "the node's CPUs");
	snprintf(message, sizeof(message),
	         "the JVM sees %s and %s of memory, not a server-class "
	         "machine (2 CPUs and 1792Mi), so it picks the Serial collector, "
	         "not %s%s%s",
	         cpus, mem(s, jvm->memory_seen),
	         jvm->jdk_feature == 8 ? "Parallel" : "G1",
	         tuning->set ? "; " : "",
	         tuning->set ? "its collector tuning options are then ignored" : "");
	const hr_node *at = few_cpus ? limit_node(s->c, HR_RES_CPU)
	                             : limit_node(s->c, HR_RES_MEMORY);
	hr_finding *f = emit_at_option(s, NULL, at, message);
	if (jvm->cpus > 0)
		hr_evidence_int(s->ctx, f, "cpus", jvm->cpus);
	hr_evidence_int(s->ctx, f, "memory_seen_bytes", jvm->memory_seen);
	hr_evidence_string(s->ctx, f, "gc", "Serial");
	if (tuning->set) {
		hr_evidence_string(s->ctx, f, "ignored_option", tuning->option->text);
		if (f->severity != HR_SEVERITY_OFF && f->severity < HR_SEVERITY_WARN)
			f->severity = HR_SEVERITY_WARN;
	}
	hr_suggest(f, "env JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC");
}

void hr_check_jvm_serial_gc_ergonomics(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_jvm(ctx, rule, serial_gc_ergonomics);
}

static void too_many_threads(const jvm_site *s, hr_jvm_setting_id id,
                             const char *name, int cpus)
{
	const hr_jvm_setting *set = &s->jvm->settings[id];
	if (!set->set || cpus <= 0 || set->value <= cpus)
		return;
	char message[320];
	snprintf(message, sizeof(message),
	         "%s asks for %lld but the CPU limit gives %d CPU%s: the extra "
	         "threads only compete for the quota and get throttled", name,
	         (long long)set->value, cpus, cpus == 1 ? "" : "s");
	hr_finding *f = emit_at_option(s, set->option, NULL, message);
	hr_evidence_int(s->ctx, f, "cpus", cpus);
	char fix[64];
	snprintf(fix, sizeof(fix), "-XX:%s=%d", name, cpus);
	hr_suggest(f, set->option->where, hr_arena_strdup(s->ctx->arena, fix));
}

static void cpu_count_mismatch(const jvm_site *s)
{
	const hr_jvm *jvm = s->jvm;
	const hr_resource_value *cpu = &s->c->resources.limits[HR_RES_CPU];
	int64_t milli = cpu->set ? hr_quantity_milli(&cpu->quantity) : -1;
	int limit_cpus = hr_jvm_cpus_of_milli(milli);
	const hr_jvm_setting *active = &jvm->settings[HR_JVM_ACTIVE_PROCESSORS];
	if (milli > 0 && milli % 1000 != 0 && !active->set) {
		char message[400];
		snprintf(message, sizeof(message),
		         "CPU limit %.40s is fractional: the JVM sizes its GC and JIT "
		         "threads for %d CPU%s but gets %.2f CPUs of quota, so they "
		         "are throttled together; set a whole number of CPUs or "
		         "-XX:ActiveProcessorCount",
		         cpu->text, limit_cpus, limit_cpus == 1 ? "" : "s",
		         (double)milli / 1000.0);
		hr_finding *f = hr_emit(s->ctx, s->rule, s->w->document->source,
		                        cpu->node, s->w, s->c, "%s", message);
		hr_evidence_int(s->ctx, f, "cpus", limit_cpus);
		hr_evidence_number(s->ctx, f, "cpu_limit_cores", (double)milli / 1000.0);
		char fix[32];
		snprintf(fix, sizeof(fix), "%d", limit_cpus);
		hr_suggest(f, hr_resource_field(HR_LIM, HR_RES_CPU),
		           hr_arena_strdup(s->ctx->arena, fix));
	}
	too_many_threads(s, HR_JVM_ACTIVE_PROCESSORS, "ActiveProcessorCount", limit_cpus);
	too_many_threads(s, HR_JVM_PARALLEL_GC_THREADS, "ParallelGCThreads", jvm->cpus);
	too_many_threads(s, HR_JVM_CONC_GC_THREADS, "ConcGCThreads", jvm->cpus);
	if (jvm->gc_explicit && jvm->cpus == 1 &&
	    (jvm->gc == HR_GC_G1 || jvm->gc == HR_GC_Z || jvm->gc == HR_GC_SHENANDOAH)) {
		char message[320];
		snprintf(message, sizeof(message),
		         "%s selects a concurrent collector on 1 CPU: its background "
		         "threads take CPU from the application instead of running "
		         "beside it", jvm->gc_option->text);
		hr_finding *f = emit_at_option(s, jvm->gc_option, NULL, message);
		hr_evidence_int(s->ctx, f, "cpus", 1);
		hr_evidence_string(s->ctx, f, "gc", hr_jvm_gc_name(jvm->gc));
	}
}

void hr_check_jvm_cpu_count_mismatch(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_jvm(ctx, rule, cpu_count_mismatch);
}

static void no_cpu_limit(const jvm_site *s)
{
	const hr_jvm *jvm = s->jvm;
	if (s->c->resources.limits[HR_RES_CPU].set ||
	    jvm->settings[HR_JVM_ACTIVE_PROCESSORS].set ||
	    strcmp(jvm->cpus_source, "requests.cpu") == 0)
		return;
	const hr_resource_value *req = &s->c->resources.effective_requests[HR_RES_CPU];
	int64_t milli = req->set ? hr_quantity_milli(&req->quantity) : -1;
	int want = milli > 0 ? hr_jvm_cpus_of_milli(milli) : 2;
	if (want < 2)
		want = 2;
	char fix[48];
	snprintf(fix, sizeof(fix), "-XX:ActiveProcessorCount=%d", want);
	char message[400];
	if (jvm->cpus > 0)
		snprintf(message, sizeof(message),
		         "no CPU limit and no -XX:ActiveProcessorCount: the JVM sizes "
		         "its GC, JIT and ForkJoin threads for the node's %d CPUs, "
		         "whatever the request; add %s", jvm->cpus, fix);
	else
		snprintf(message, sizeof(message),
		         "no CPU limit and no -XX:ActiveProcessorCount: the JVM sizes "
		         "its GC, JIT and ForkJoin threads for every CPU of the node, "
		         "whatever the request; add %s", fix);
	const hr_node *at = req->node ? req->node : limit_node(s->c, HR_RES_CPU);
	hr_finding *f = emit_at_option(s, NULL, at, message);
	if (jvm->cpus > 0)
		hr_evidence_int(s->ctx, f, "cpus", jvm->cpus);
	hr_evidence_string(s->ctx, f, "cpus_source", jvm->cpus_source);
	hr_suggest(f, "env JAVA_TOOL_OPTIONS", hr_arena_strdup(s->ctx->arena, fix));
}

void hr_check_jvm_no_cpu_limit(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_jvm(ctx, rule, no_cpu_limit);
}

static void options_not_applied(const jvm_site *s)
{
	issues_of_kind(s, HR_JVM_ISSUE_NOT_APPLIED);
}

void hr_check_jvm_options_not_applied(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_jvm(ctx, rule, options_not_applied);
}

static void removed_option(const jvm_site *s)
{
	issues_of_kind(s, HR_JVM_ISSUE_REMOVED);
	for (size_t i = 0; i < s->jvm->issue_count; i++) {
		if (s->jvm->issues[i].kind != HR_JVM_ISSUE_OBSOLETE)
			continue;
		hr_finding *f = emit_issue(s, &s->jvm->issues[i]);
		/* Only ignored, or only maybe refused: not a failure. */
		if (f->severity > HR_SEVERITY_WARN)
			f->severity = HR_SEVERITY_WARN;
	}
}

void hr_check_jvm_removed_option(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_jvm(ctx, rule, removed_option);
}

static void direct_memory_unbounded(const jvm_site *s)
{
	const hr_jvm *jvm = s->jvm;
	const hr_jvm_budget *b = &jvm->budget;
	if (s->limit <= 0 || !jvm->budget_known ||
	    jvm->settings[HR_JVM_MAX_DIRECT_MEMORY].set || b->total > s->limit)
		return;
	/* Unset, the direct buffer limit is the max heap. */
	int64_t worst = b->total - b->direct_memory + b->heap;
	if (worst <= s->limit)
		return;
	int64_t room = s->limit - (b->total - b->direct_memory);
	char fix[64];
	snprintf(fix, sizeof(fix), "-XX:MaxDirectMemorySize=%s",
	         option_size_down(s, room > MIB ? room : MIB));
	char message[480];
	snprintf(message, sizeof(message),
	         "-XX:MaxDirectMemorySize is not set, so direct buffers may grow to "
	         "the max heap (%s): with them the JVM needs up to %s, above the "
	         "memory limit %s; add %s",
	         mem(s, b->heap), mem(s, worst), mem(s, s->limit), fix);
	hr_finding *f = emit_at_option(s, heap_option(jvm),
	                               limit_node(s->c, HR_RES_MEMORY), message);
	evidence_budget(s, f);
	hr_evidence_int(s->ctx, f, "worst_case_bytes", worst);
	hr_suggest(f, "env JAVA_TOOL_OPTIONS", hr_arena_strdup(s->ctx->arena, fix));
}

void hr_check_jvm_direct_memory_unbounded(eval_ctx *ctx, const hr_rule_info *rule)
{
	each_jvm(ctx, rule, direct_memory_unbounded);
}

static void initial_heap_above_request(const jvm_site *s)
{
	const hr_jvm_setting *xms = &s->jvm->settings[HR_JVM_INITIAL_HEAP];
	if (!xms->set || s->request <= 0 || xms->value <= s->request)
		return;
	int64_t need = xms->value + s->jvm->budget.non_heap;
	need = (need + MIB - 1) / MIB * MIB;
	char message[400];
	snprintf(message, sizeof(message),
	         "%s (initial heap %s) is above the memory request %s: the pod "
	         "uses more than the scheduler reserved for it from its first "
	         "minutes; request at least %s or lower -Xms",
	         xms->option->text, mem(s, xms->value), mem(s, s->request),
	         mem(s, need));
	hr_finding *f = emit_at_option(s, xms->option, NULL, message);
	hr_evidence_int(s->ctx, f, "initial_heap_bytes", xms->value);
	hr_evidence_int(s->ctx, f, "memory_request_bytes", s->request);
	hr_suggest(f, hr_resource_field(HR_REQ, HR_RES_MEMORY), mem(s, need));
}

void hr_check_jvm_initial_heap_above_request(eval_ctx *ctx,
                                             const hr_rule_info *rule)
{
	each_jvm(ctx, rule, initial_heap_above_request);
}
