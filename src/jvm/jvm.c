/*
 * The JVM stage's entry points: collect the options, read them, decide
 * what the JVM will do, budget its memory.
 */
#include "jvm/jvm_internal.h"

#include "headroom/error.h"
#include "util/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MI (1024 * 1024)

const char *hr_jvm_origin_name(hr_jvm_origin o)
{
	static const char *const names[] = {
		[HR_JVM_ORIGIN_TOOL_OPTIONS] = "JAVA_TOOL_OPTIONS",
		[HR_JVM_ORIGIN_JDK_OPTIONS] = "JDK_JAVA_OPTIONS",
		[HR_JVM_ORIGIN_COMMAND] = "command",
		[HR_JVM_ORIGIN_ENTRYPOINT] = "entrypoint",
		[HR_JVM_ORIGIN_OVERRIDE] = "_JAVA_OPTIONS",
	};
	return (unsigned)o < sizeof(names) / sizeof(names[0]) ? names[o] : "?";
}

const char *hr_jvm_gc_name(hr_jvm_gc gc)
{
	static const char *const names[] = {
		[HR_GC_SERIAL] = "Serial", [HR_GC_PARALLEL] = "Parallel",
		[HR_GC_G1] = "G1",         [HR_GC_Z] = "ZGC",
		[HR_GC_SHENANDOAH] = "Shenandoah", [HR_GC_EPSILON] = "Epsilon",
		[HR_GC_CMS] = "CMS",
	};
	return (unsigned)gc < sizeof(names) / sizeof(names[0]) ? names[gc] : "?";
}

const char *hr_jvm_heap_source_name(hr_jvm_heap_source s)
{
	static const char *const names[] = {
		[HR_HEAP_XMX] = "-Xmx",
		[HR_HEAP_MAX_HEAP_SIZE] = "-XX:MaxHeapSize",
		[HR_HEAP_RAM_PERCENTAGE] = "MaxRAMPercentage",
		[HR_HEAP_ERGONOMICS] = "ergonomics",
		[HR_HEAP_MAX_RAM] = "MaxRAM",
		[HR_HEAP_NODE_MEMORY] = "node-memory",
		[HR_HEAP_UNKNOWN] = "unknown",
	};
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

/* What a typical service commits besides its heap: small enough that a
 * heap of a quarter to a half of the limit passes everywhere, large enough
 * that a heap at the limit never does.  README "JVM memory budget". */
void hr_jvm_defaults_init(hr_jvm_defaults *d)
{
	d->metaspace = 48 * (int64_t)MI;
	d->code_cache = 24 * (int64_t)MI;
	d->threads = 24;
	d->thread_stack = 1 * (int64_t)MI;
	d->direct_memory = 8 * (int64_t)MI;
	d->other_native = 12 * (int64_t)MI;
	d->gc_overhead = -1;
}

hr_jvm_issue *hr_jvm_issue_at(jvm_build *b, hr_jvm_issue_kind kind,
                              const hr_jvm_option *option, const hr_node *node,
                              const char *fmt, ...)
{
	b->issues = hr_arena_grow(b->arena, b->issues, b->issue_count,
	                          &b->issue_cap, sizeof(*b->issues));
	hr_jvm_issue *issue = &b->issues[b->issue_count++];
	memset(issue, 0, sizeof(*issue));
	issue->kind = kind;
	/* A copy: the options array may still grow and move. */
	issue->option = option ? hr_arena_memdup(b->arena, option, sizeof(*option))
	                       : NULL;
	issue->file = b->src ? b->src->path : NULL;
	if (option) {
		issue->file = option->file;
		issue->line = option->line;
		issue->column = option->column;
	} else if (node) {
		issue->line = node->start.line;
		issue->column = node->start.column;
	}
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	issue->message = hr_arena_strdup(b->arena, buf);
	return issue;
}

static bool mentions_java(const hr_strings *s)
{
	for (size_t i = 0; i < s->count; i++)
		if (s->items[i] && strstr(s->items[i], "java"))
			return true;
	return false;
}

/* Most containers run no JVM: tell before allocating anything.  A false
 * "maybe" costs a closer look; a false "no" would miss a JVM, so every
 * sign the closer look uses is here too. */
static bool may_run_java(const hr_container *c, hr_java_image *image)
{
	bool maybe = mentions_java(&c->command) || mentions_java(&c->args);
	for (size_t i = 0; i < c->env_count && !maybe; i++)
		maybe = c->env[i].name && hr_jvm_options_var(c->env[i].name);
	hr_java_image_read(c->image, image);
	return maybe || image->is_java;
}

static const hr_jvm_option *moved(const hr_jvm_option *o,
                                  const hr_jvm_option *from, hr_jvm_option *to)
{
	return o ? &to[o - from] : NULL;
}

static void keep_option(hr_arena *arena, hr_jvm_option *o)
{
	o->text = hr_arena_strdup(arena, o->text);
	o->where = hr_arena_strdup(arena, o->where);
}

/* The analysis into `arena`: the result and the strings it points to,
 * without the scaffolding that produced them (the container's env, its
 * expanded command line, the words of every script). */
static hr_jvm *keep(hr_arena *arena, const hr_jvm *scratch)
{
	hr_jvm *jvm = hr_arena_memdup(arena, scratch, sizeof(*jvm));
	hr_jvm_option *options = NULL;
	if (scratch->option_count) {
		options = hr_arena_memdup(arena, scratch->options,
		                          scratch->option_count * sizeof(*options));
		for (size_t i = 0; i < scratch->option_count; i++)
			keep_option(arena, &options[i]);
	}
	jvm->options = options;
	for (int i = 0; i < HR_JVM_SETTING_COUNT; i++)
		jvm->settings[i].option =
		        moved(scratch->settings[i].option, scratch->options, options);
	jvm->gc_option = moved(scratch->gc_option, scratch->options, options);
	hr_jvm_issue *issues = NULL;
	if (scratch->issue_count) {
		issues = hr_arena_memdup(arena, scratch->issues,
		                         scratch->issue_count * sizeof(*issues));
		for (size_t i = 0; i < scratch->issue_count; i++) {
			hr_jvm_issue *issue = &issues[i];
			issue->message = hr_arena_strdup(arena, issue->message);
			if (issue->option) {
				hr_jvm_option *copy = hr_arena_memdup(arena, issue->option,
				                                      sizeof(*copy));
				keep_option(arena, copy);
				issue->option = copy;
			}
		}
	}
	jvm->issues = issues;
	return jvm;
}

int hr_jvm_read(hr_arena *arena, const hr_container *c, const hr_source *src,
                const hr_jvm_environment *env, const hr_jvm **out)
{
	*out = NULL;
	hr_java_image image;
	if (!may_run_java(c, &image))
		return HR_OK;
	hr_arena scratch = HR_ARENA_INIT;
	hr_jvm *jvm = hr_arena_alloc(&scratch, sizeof(*jvm));
	jvm_build b = {.arena = &scratch, .container = c, .src = src, .env = env,
	               .jvm = jvm};
	jvm->jdk_feature = image.feature;
	jvm->jdk_update = image.update;
	jvm->openj9 = image.openj9;

	bool is_java = false;
	int rc = hr_jvm_collect_options(&b, &image, &is_java);
	if (rc == HR_OK && is_java) {
		jvm->options = b.options;
		jvm->option_count = b.option_count;
		hr_jvm_apply_grammar(&b);
		hr_jvm_apply_ergonomics(&b);
		hr_jvm_compute_budget(&b);
		jvm->issues = b.issues;
		jvm->issue_count = b.issue_count;
		*out = keep(arena, jvm);
	}
	hr_arena_free(&scratch);
	return rc;
}

/* hr_jvm_analyze() hands out an hr_jvm that owns its arena. */
typedef struct jvm_owner {
	hr_jvm jvm; /* first: hr_jvm_free() casts back */
	hr_arena arena;
} jvm_owner;

int hr_jvm_analyze(const hr_container *c, const hr_source *src,
                   const hr_jvm_environment *env, hr_jvm **out)
{
	*out = NULL;
	hr_arena arena = HR_ARENA_INIT;
	const hr_jvm *jvm = NULL;
	int rc = hr_jvm_read(&arena, c, src, env, &jvm);
	if (rc || !jvm) {
		hr_arena_free(&arena);
		return rc;
	}
	jvm_owner *owner = hr_xcalloc(1, sizeof(*owner));
	owner->jvm = *jvm;
	owner->arena = arena;
	*out = &owner->jvm;
	return HR_OK;
}

void hr_jvm_free(hr_jvm **jvm)
{
	if (!jvm || !*jvm)
		return;
	jvm_owner *owner = (jvm_owner *)*jvm;
	hr_arena_free(&owner->arena);
	free(owner);
	*jvm = NULL;
}
