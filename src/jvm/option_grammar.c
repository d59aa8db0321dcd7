/*
 * HotSpot's option grammar, for the options headroom follows (reference/
 * jvm.md 2): -Xmx, -Xms, -Xmn, -Xss, -XX:+Flag / -XX:-Flag, -XX:Flag=value.
 * Options are read in the JVM's order, so the last one of a flag wins;
 * one the JVM would refuse is an issue that names HotSpot's own message.
 * Flags headroom does not know are left alone: HotSpot has hundreds, and
 * refusing an unknown one here would be a false alarm.
 */
#include "jvm/jvm_internal.h"

#include "util/pattern_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KIB ((int64_t)1024)

enum {
	P_XMX, P_XMS, P_XMN, P_XSS, P_MAXJIT, P_XX_BOOL, P_XX_SIGNED_VALUE,
	P_XX_VALUE, P_XX_OTHER, P_SIZE, P_PERCENT, P_INTEGER,
};
static const char *const option_texts[] = {
	[P_XMX] = "(?s)-Xmx(.*)",
	[P_XMS] = "(?s)-Xms(.*)",
	[P_XMN] = "(?s)-Xmn(.*)",
	[P_XSS] = "(?s)-Xss(.*)",
	[P_MAXJIT] = "(?s)-Xmaxjitcodesize(.*)",
	[P_XX_BOOL] = "-XX:([+-])([A-Za-z][A-Za-z0-9_]*)",
	[P_XX_SIGNED_VALUE] = "(?s)-XX:[+-]([A-Za-z][A-Za-z0-9_]*)=.*",
	[P_XX_VALUE] = "(?s)-XX:([A-Za-z][A-Za-z0-9_]*):?=(.*)",
	[P_XX_OTHER] = "(?s)-XX:(.*)",
	/* Arguments::atojulong: decimal or 0x-hex, one optional unit. */
	[P_SIZE] = "(?:([0-9]+)|0[xX]([0-9a-fA-F]+))([kKmMgGtT]?)",
	[P_PERCENT] = "(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?",
	[P_INTEGER] = "-?[0-9]{1,18}",
};
static hr_pattern_table option_patterns = HR_PATTERN_TABLE(option_texts, false);

typedef enum flag_type {
	T_BOOL, T_SIZE, T_SIZE_KIB, T_PERCENT, T_INT, T_UINT,
} flag_type;

/* What a known flag sets: a setting, a collector, or nothing (read only
 * to validate its value). */
#define NO_SETTING HR_JVM_SETTING_COUNT
#define NO_GC HR_GC_COUNT

typedef struct known_flag {
	const char *name;
	flag_type type;
	hr_jvm_setting_id setting;
	hr_jvm_gc gc;
	/* The -Xmx-style message HotSpot prints for a bad value, if any. */
	const char *bad_value;
} known_flag;

static const known_flag known_flags[] = {
	{"MaxHeapSize", T_SIZE, HR_JVM_MAX_HEAP, NO_GC, "Invalid maximum heap size"},
	{"InitialHeapSize", T_SIZE, HR_JVM_INITIAL_HEAP, NO_GC, "Invalid initial heap size"},
	{"MinHeapSize", T_SIZE, NO_SETTING, NO_GC, NULL},
	{"NewSize", T_SIZE, HR_JVM_NEW_SIZE, NO_GC, NULL},
	{"MaxNewSize", T_SIZE, NO_SETTING, NO_GC, NULL},
	{"ThreadStackSize", T_SIZE_KIB, HR_JVM_THREAD_STACK, NO_GC, "Invalid thread stack size"},
	{"MaxRAMPercentage", T_PERCENT, HR_JVM_MAX_RAM_PERCENTAGE, NO_GC, NULL},
	{"MinRAMPercentage", T_PERCENT, HR_JVM_MIN_RAM_PERCENTAGE, NO_GC, NULL},
	{"InitialRAMPercentage", T_PERCENT, HR_JVM_INITIAL_RAM_PERCENTAGE, NO_GC, NULL},
	{"MaxRAM", T_SIZE, HR_JVM_MAX_RAM, NO_GC, NULL},
	{"MaxMetaspaceSize", T_SIZE, HR_JVM_MAX_METASPACE, NO_GC, NULL},
	{"MetaspaceSize", T_SIZE, NO_SETTING, NO_GC, NULL},
	{"CompressedClassSpaceSize", T_SIZE, NO_SETTING, NO_GC, NULL},
	{"ReservedCodeCacheSize", T_SIZE, HR_JVM_CODE_CACHE, NO_GC, "Invalid maximum code cache size"},
	{"MaxDirectMemorySize", T_SIZE, HR_JVM_MAX_DIRECT_MEMORY, NO_GC, NULL},
	{"ActiveProcessorCount", T_INT, HR_JVM_ACTIVE_PROCESSORS, NO_GC, NULL},
	{"ParallelGCThreads", T_UINT, HR_JVM_PARALLEL_GC_THREADS, NO_GC, NULL},
	{"ConcGCThreads", T_UINT, HR_JVM_CONC_GC_THREADS, NO_GC, NULL},
	{"CICompilerCount", T_INT, HR_JVM_CI_COMPILER_COUNT, NO_GC, NULL},
	{"MaxGCPauseMillis", T_UINT, HR_JVM_GC_TUNING, NO_GC, NULL},
	{"UseContainerSupport", T_BOOL, HR_JVM_CONTAINER_SUPPORT, NO_GC, NULL},
	{"TieredCompilation", T_BOOL, HR_JVM_TIERED_COMPILATION, NO_GC, NULL},
	{"UseSerialGC", T_BOOL, NO_SETTING, HR_GC_SERIAL, NULL},
	{"UseParallelGC", T_BOOL, NO_SETTING, HR_GC_PARALLEL, NULL},
	{"UseG1GC", T_BOOL, NO_SETTING, HR_GC_G1, NULL},
	{"UseZGC", T_BOOL, NO_SETTING, HR_GC_Z, NULL},
	{"UseShenandoahGC", T_BOOL, NO_SETTING, HR_GC_SHENANDOAH, NULL},
	{"UseEpsilonGC", T_BOOL, NO_SETTING, HR_GC_EPSILON, NULL},
	{"UseConcMarkSweepGC", T_BOOL, NO_SETTING, HR_GC_CMS, NULL},
	/* Read and converted to percentages while still accepted (JDK 10-22). */
	{"MaxRAMFraction", T_UINT, NO_SETTING, NO_GC, NULL},
	{"MinRAMFraction", T_UINT, NO_SETTING, NO_GC, NULL},
	{"InitialRAMFraction", T_UINT, NO_SETTING, NO_GC, NULL},
};

/* Options only a concurrent collector reads (ignored under Serial). */
static const char *const gc_tuning_prefixes[] = {"G1", "Z", "Shenandoah"};

typedef struct grammar {
	jvm_build *b;
	bool gc_on[HR_GC_COUNT];
	const hr_jvm_option *gc_by[HR_GC_COUNT];
	bool max_heap_explicit, initial_heap_explicit;
} grammar;

static const hr_pattern *pattern(int id)
{
	return hr_pattern_table_get(&option_patterns, (size_t)id);
}

bool hr_jvm_parse_size(const char *text, size_t len, int64_t *out)
{
	hr_capture cap[4];
	if (!pattern(P_SIZE) ||
	    hr_pattern_match_captures(pattern(P_SIZE), text, len, cap, 4) != HR_MATCH_FOUND)
		return false;
	const hr_capture *digits = cap[1].text ? &cap[1] : &cap[2];
	int base = cap[1].text ? 10 : 16;
	uint64_t v = 0;
	for (size_t i = 0; i < digits->len; i++) {
		char ch = digits->text[i];
		unsigned d = (unsigned)(ch >= '0' && ch <= '9' ? ch - '0'
		                        : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
		                                                 : ch - 'A' + 10);
		if (v > (UINT64_MAX - d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + d;
	}
	unsigned shift = 0;
	if (cap[3].len) {
		switch (cap[3].text[0] | 0x20) {
		case 'k': shift = 10; break;
		case 'm': shift = 20; break;
		case 'g': shift = 30; break;
		case 't': shift = 40; break;
		default: break;
		}
	}
	/* HotSpot refuses what does not fit in 64 bits; headroom's budget
	 * arithmetic is signed, so the bound is INT64_MAX. */
	if (v > ((uint64_t)INT64_MAX >> shift))
		return false;
	*out = (int64_t)(v << shift);
	return true;
}

const char *hr_jvm_format_size(hr_arena *arena, int64_t bytes)
{
	char buf[32];
	const int64_t g = KIB * KIB * KIB, m = KIB * KIB;
	if (bytes > 0 && bytes % g == 0)
		snprintf(buf, sizeof(buf), "%lldg", (long long)(bytes / g));
	else if (bytes >= 0 && bytes % m == 0)
		snprintf(buf, sizeof(buf), "%lldm", (long long)(bytes / m));
	else if (bytes >= 0 && bytes % KIB == 0)
		snprintf(buf, sizeof(buf), "%lldk", (long long)(bytes / KIB));
	else
		snprintf(buf, sizeof(buf), "%lld", (long long)bytes);
	return hr_arena_strdup(arena, buf);
}

static void set(grammar *g, hr_jvm_setting_id id, int64_t value, double number,
                const hr_jvm_option *o)
{
	hr_jvm_setting *s = &g->b->jvm->settings[id];
	s->set = true;
	s->value = value;
	s->number = number;
	s->option = o;
}

static void invalid(grammar *g, const hr_jvm_option *o, const char *what)
{
	hr_jvm_issue_at(g->b, HR_JVM_ISSUE_INVALID, o, NULL,
	                "%s: %.120s (the JVM does not start)", what, o->text);
}

/* -Xmx512m and friends. */
static bool x_size(grammar *g, const hr_jvm_option *o, int id,
                   hr_jvm_setting_id setting, const char *bad, int64_t scale)
{
	hr_capture cap[2];
	size_t len = strlen(o->text);
	if (hr_pattern_match_captures(pattern(id), o->text, len, cap, 2) != HR_MATCH_FOUND)
		return false;
	int64_t v;
	if (!hr_jvm_parse_size(cap[1].text, cap[1].len, &v) || v > INT64_MAX / scale) {
		invalid(g, o, bad);
		return true;
	}
	v *= scale;
	if (setting == HR_JVM_THREAD_STACK)
		v = (v + KIB - 1) / KIB * KIB; /* stored in KiB, rounded up */
	set(g, setting, v, 0, o);
	if (setting == HR_JVM_MAX_HEAP)
		g->max_heap_explicit = true;
	if (setting == HR_JVM_INITIAL_HEAP)
		g->initial_heap_explicit = true;
	return true;
}

static const known_flag *find_flag(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(known_flags) / sizeof(known_flags[0]); i++)
		if (strlen(known_flags[i].name) == len &&
		    memcmp(known_flags[i].name, name, len) == 0)
			return &known_flags[i];
	return NULL;
}

static bool is_gc_tuning(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(gc_tuning_prefixes) / sizeof(gc_tuning_prefixes[0]); i++) {
		size_t n = strlen(gc_tuning_prefixes[i]);
		/* "Z" alone would take ZombieALot: a capital must follow. */
		if (len > n && memcmp(name, gc_tuning_prefixes[i], n) == 0 &&
		    name[n] >= 'A' && name[n] <= 'Z')
			return true;
	}
	return false;
}

static void xx_bool(grammar *g, const hr_jvm_option *o, const hr_capture *cap)
{
	bool on = cap[1].text[0] == '+';
	hr_jvm_check_removed(g->b, o, cap[2].text, cap[2].len);
	if (is_gc_tuning(cap[2].text, cap[2].len) && on)
		set(g, HR_JVM_GC_TUNING, 1, 0, o);
	const known_flag *f = find_flag(cap[2].text, cap[2].len);
	if (!f)
		return;
	if (f->type != T_BOOL) {
		hr_jvm_issue_at(g->b, HR_JVM_ISSUE_INVALID, o, NULL,
		                "Unexpected +/- setting in VM option '%.80s': %s takes "
		                "a value (the JVM does not start)", o->text + 5, f->name);
		return;
	}
	if (f->gc != NO_GC) {
		g->gc_on[f->gc] = on;
		g->gc_by[f->gc] = o;
	}
	if (f->setting != NO_SETTING)
		set(g, f->setting, on, 0, o);
}

static void xx_value(grammar *g, const hr_jvm_option *o, const hr_capture *cap)
{
	hr_jvm_check_removed(g->b, o, cap[1].text, cap[1].len);
	if (is_gc_tuning(cap[1].text, cap[1].len))
		set(g, HR_JVM_GC_TUNING, 1, 0, o);
	const known_flag *f = find_flag(cap[1].text, cap[1].len);
	if (!f)
		return;
	const char *value = cap[2].text;
	size_t len = cap[2].len;
	char what[160];
	snprintf(what, sizeof(what), "Improperly specified VM option '%.80s'", o->text + 4);
	int64_t v = 0;
	hr_capture num[1];
	switch (f->type) {
	case T_BOOL:
		hr_jvm_issue_at(g->b, HR_JVM_ISSUE_INVALID, o, NULL,
		                "Missing +/- setting for VM option '%.80s': write "
		                "-XX:+%s or -XX:-%s (the JVM does not start)",
		                o->text + 4, f->name, f->name);
		return;
	case T_SIZE:
	case T_SIZE_KIB:
		if (!hr_jvm_parse_size(value, len, &v) ||
		    (f->type == T_SIZE_KIB && v > INT64_MAX / KIB)) {
			invalid(g, o, f->bad_value ? f->bad_value : what);
			return;
		}
		if (f->type == T_SIZE_KIB)
			v *= KIB;
		break;
	case T_PERCENT: {
		if (hr_pattern_match_captures(pattern(P_PERCENT), value, len, num, 1) !=
		    HR_MATCH_FOUND) {
			invalid(g, o, what);
			return;
		}
		char buf[64];
		snprintf(buf, sizeof(buf), "%.*s", (int)(len < 63 ? len : 63), value);
		double d = strtod(buf, NULL);
		if (!(d >= 0.0 && d <= 100.0)) {
			hr_jvm_issue_at(g->b, HR_JVM_ISSUE_INVALID, o, NULL,
			                "%s=%.40s is outside the allowed range [ 0.000 ... "
			                "100.000 ] (the JVM does not start)", f->name, buf);
			return;
		}
		if (g->b->jvm->jdk_feature == 8 && !memchr(value, '.', len)) {
			invalid(g, o, "Improperly specified VM option: Java 8 needs a "
			              "decimal point in a percentage (75.0, not 75)");
			return;
		}
		if (f->setting != NO_SETTING)
			set(g, f->setting, 0, d, o);
		return;
	}
	case T_INT:
	case T_UINT:
		if (hr_pattern_match_captures(pattern(P_INTEGER), value, len, num, 1) !=
		            HR_MATCH_FOUND ||
		    (f->type == T_UINT && value[0] == '-')) {
			invalid(g, o, what);
			return;
		}
		v = strtoll(value, NULL, 10);
		break;
	}
	/* A fraction means 100/fraction percent while JDKs still read it. */
	int feature = g->b->jvm->jdk_feature;
	if (strncmp(f->name, "Max", 3) == 0 && strstr(f->name, "RAMFraction") &&
	    v > 0 && (feature == 0 || feature < 23))
		set(g, HR_JVM_MAX_RAM_PERCENTAGE, 0, 100.0 / (double)v, o);
	else if (strstr(f->name, "RAMFraction") && v > 0 && (feature == 0 || feature < 23))
		set(g, strncmp(f->name, "Min", 3) == 0 ? HR_JVM_MIN_RAM_PERCENTAGE
		                                       : HR_JVM_INITIAL_RAM_PERCENTAGE,
		    0, 100.0 / (double)v, o);
	if (f->setting != NO_SETTING && f->setting != HR_JVM_GC_TUNING)
		set(g, f->setting, v, 0, o);
	if (f->setting == HR_JVM_MAX_HEAP)
		g->max_heap_explicit = true;
	if (f->setting == HR_JVM_INITIAL_HEAP)
		g->initial_heap_explicit = true;
	if (f->setting == HR_JVM_GC_TUNING)
		set(g, HR_JVM_GC_TUNING, 1, 0, o);
}

static void read_option(grammar *g, const hr_jvm_option *o)
{
	const char *t = o->text;
	if (strncmp(t, "-X", 2) != 0)
		return; /* -D, -ea, -javaagent...: nothing headroom sizes */
	if (x_size(g, o, P_XMX, HR_JVM_MAX_HEAP, "Invalid maximum heap size", 1) ||
	    x_size(g, o, P_XMS, HR_JVM_INITIAL_HEAP, "Invalid initial heap size", 1) ||
	    x_size(g, o, P_XMN, HR_JVM_NEW_SIZE,
	           "Invalid initial young generation size", 1) ||
	    x_size(g, o, P_XSS, HR_JVM_THREAD_STACK, "Invalid thread stack size", 1) ||
	    x_size(g, o, P_MAXJIT, HR_JVM_CODE_CACHE,
	           "Invalid maximum code cache size", 1))
		return;
	size_t len = strlen(t);
	hr_capture cap[3];
	if (hr_pattern_match_captures(pattern(P_XX_BOOL), t, len, cap, 3) == HR_MATCH_FOUND)
		xx_bool(g, o, cap);
	else if (hr_pattern_match_captures(pattern(P_XX_VALUE), t, len, cap, 3) ==
	         HR_MATCH_FOUND)
		xx_value(g, o, cap);
	else if (hr_pattern_match(pattern(P_XX_SIGNED_VALUE), t, len) == HR_MATCH_FOUND)
		hr_jvm_issue_at(g->b, HR_JVM_ISSUE_INVALID, o, NULL,
		                "Unexpected +/- setting in VM option '%.80s' (the JVM "
		                "does not start)", t + 5);
	else if (hr_pattern_match(pattern(P_XX_OTHER), t, len) == HR_MATCH_FOUND)
		hr_jvm_issue_at(g->b, HR_JVM_ISSUE_INVALID, o, NULL,
		                "Improperly specified VM option '%.80s' (the JVM does "
		                "not start)", t + 4);
}

/* Checks HotSpot makes once every option is in. */
static void check_combinations(grammar *g)
{
	hr_jvm *jvm = g->b->jvm;
	const hr_jvm_setting *max = &jvm->settings[HR_JVM_MAX_HEAP];
	const hr_jvm_setting *initial = &jvm->settings[HR_JVM_INITIAL_HEAP];
	if (g->max_heap_explicit && g->initial_heap_explicit && initial->value > max->value)
		hr_jvm_issue_at(g->b, HR_JVM_ISSUE_INVALID, initial->option, NULL,
		                "Initial heap size set to a larger value than the maximum "
		                "heap size: %.60s is above %.60s (the JVM does not start)",
		                initial->option->text, max->option->text);
	if (g->max_heap_explicit && max->value < 2 * KIB * KIB)
		hr_jvm_issue_at(g->b, HR_JVM_ISSUE_INVALID, max->option, NULL,
		                "Too small maximum heap: %.60s is below 2m (the JVM "
		                "does not start)", max->option->text);
	const hr_jvm_setting *stack = &jvm->settings[HR_JVM_THREAD_STACK];
	if (stack->set && stack->value > KIB * KIB * KIB)
		invalid(g, stack->option, "Invalid thread stack size (above 1g)");

	const hr_jvm_setting *ci = &jvm->settings[HR_JVM_CI_COMPILER_COUNT];
	const hr_jvm_setting *tiered = &jvm->settings[HR_JVM_TIERED_COMPILATION];
	bool is_tiered = !tiered->set || tiered->value;
	if (ci->set && ci->value < (is_tiered ? 2 : 1))
		hr_jvm_issue_at(g->b, HR_JVM_ISSUE_INVALID, ci->option, NULL,
		                "CICompilerCount (%lld) must be at least %d%s (the JVM "
		                "does not start)", (long long)ci->value, is_tiered ? 2 : 1,
		                is_tiered ? " with tiered compilation" : "");

	size_t selected = 0;
	const hr_jvm_option *last = NULL;
	for (int gc = 0; gc < HR_GC_COUNT; gc++) {
		if (!g->gc_on[gc])
			continue;
		selected++;
		if (!last || g->gc_by[gc] > last) {
			last = g->gc_by[gc];
			jvm->gc = (hr_jvm_gc)gc;
		}
	}
	if (selected > 1) {
		hr_jvm_issue_at(g->b, HR_JVM_ISSUE_INVALID, last, NULL,
		                "Multiple garbage collectors selected: %zu Use...GC "
		                "options are on after merging every source (the JVM "
		                "does not start)", selected);
	}
	if (selected) {
		jvm->gc_explicit = true;
		jvm->gc_option = last;
	}
}

void hr_jvm_apply_grammar(jvm_build *b)
{
	grammar g = {.b = b};
	for (size_t i = 0; i < b->option_count; i++)
		read_option(&g, &b->options[i]);
	check_combinations(&g);
}
