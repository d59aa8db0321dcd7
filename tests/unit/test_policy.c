/*
 * The policy: every key valid and invalid (with the error's line), the
 * built-in profiles, inheritance from standard, profile selection,
 * severity precedence, the waive annotation, dates, and patterns that
 * must not hang.
 */
#include "test_util.h"

#include "policy/policy_internal.h"
#include "policy/waive_annotation.h"
#include "util/pattern.h"

#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* ---- reading values by name, for tables ---------------------------------- */

typedef enum value_id {
	MEM_REQUEST, MEM_LIMIT, MEM_HEADROOM, MEM_PERCENTILE, MEM_EQUALS,
	CPU_REQUEST, CPU_LIMIT, CPU_REQ_PERCENTILE, CPU_LIM_PERCENTILE, CPU_RATIO,
	CHANGE_MAX_DECREASE, REPLICAS_MIN, JVM_HEAP, WASTE_OVER, WASTE_MIN,
	ON_MISSING, PROFILE_SEVERITIES, SEL_NAMESPACES, SEL_NAMES, SEL_KINDS,
	SEL_LABELS, CHANGE_MAX_INCREASE, CHANGE_MAX_COST, CHANGE_MAX_COST_RATIO,
	/* policy-wide */
	PRICE_CPU, PRICE_MEMORY, HOURS, NODE_CPU, NODE_MEMORY, MIN_SAMPLES,
	MIN_COVERAGE, TOP_SEVERITIES, WAIVERS, PROFILES,
} value_id;

static double profile_value(const hr_profile *p, value_id id)
{
	switch (id) {
	case MEM_REQUEST: return p->memory.request;
	case MEM_LIMIT: return p->memory.limit;
	case MEM_HEADROOM: return p->memory.limit_headroom;
	case MEM_PERCENTILE: return p->memory.request_percentile;
	case MEM_EQUALS: return p->memory.limit_equals_request;
	case CPU_REQUEST: return p->cpu.request;
	case CPU_LIMIT: return p->cpu.limit;
	case CPU_REQ_PERCENTILE: return p->cpu.request_percentile;
	case CPU_LIM_PERCENTILE: return p->cpu.limit_percentile;
	case CPU_RATIO: return p->cpu.max_limit_ratio;
	case CHANGE_MAX_DECREASE: return p->change.max_decrease;
	case REPLICAS_MIN: return (double)p->replicas.min;
	case JVM_HEAP: return p->jvm.max_heap_fraction;
	case WASTE_OVER: return p->waste.max_over_recommendation;
	case WASTE_MIN: return p->waste.min_monthly;
	case ON_MISSING: return p->on_missing_data;
	case PROFILE_SEVERITIES: return (double)p->severity_count;
	case SEL_NAMESPACES: return (double)p->select.namespace_count;
	case SEL_NAMES: return (double)p->select.name_count;
	case SEL_KINDS: return (double)p->select.kind_count;
	case SEL_LABELS: return (double)p->select.label_count;
	case CHANGE_MAX_INCREASE: return p->change.max_increase;
	case CHANGE_MAX_COST: return p->change.max_cost_increase;
	case CHANGE_MAX_COST_RATIO: return p->change.max_cost_increase_ratio;
	default: return NAN;
	}
}

static double policy_value(const hr_policy *p, const char *profile,
                           value_id id)
{
	switch (id) {
	case PRICE_CPU: return p->pricing.cpu_core_hour;
	case PRICE_MEMORY: return p->pricing.memory_gib_hour;
	case HOURS: return p->pricing.hours_per_month;
	case NODE_CPU: return (double)p->node_cpu_milli;
	case NODE_MEMORY: return (double)p->node_memory_bytes;
	case MIN_SAMPLES: return (double)p->min_samples;
	case MIN_COVERAGE: return p->min_coverage;
	case TOP_SEVERITIES: return (double)p->severity_count;
	case WAIVERS: return (double)p->waiver_count;
	case PROFILES: return (double)p->profile_count;
	default: {
		const hr_profile *pr = hr_policy_profile(p, profile);
		return pr ? profile_value(pr, id) : NAN;
	}
	}
}

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

/* ---- the built-in profiles ------------------------------------------------- */

typedef struct expect_value {
	const char *profile;
	value_id id;
	double value;
} expect_value;

#define REQ HR_REQ_REQUIRED
#define OPT HR_REQ_OPTIONAL
#define FORB HR_REQ_FORBIDDEN

static const expect_value builtin_values[] = {
	{"standard", MEM_REQUEST, REQ}, {"standard", MEM_LIMIT, REQ},
	{"standard", MEM_HEADROOM, 0.20}, {"standard", MEM_PERCENTILE, HR_P95},
	{"standard", MEM_EQUALS, false}, {"standard", CPU_REQUEST, REQ},
	{"standard", CPU_LIMIT, OPT}, {"standard", CPU_REQ_PERCENTILE, HR_P95},
	{"standard", CPU_LIM_PERCENTILE, HR_P99}, {"standard", CPU_RATIO, 10},
	{"standard", CHANGE_MAX_DECREASE, 0.30}, {"standard", REPLICAS_MIN, 1},
	{"standard", JVM_HEAP, 0.75}, {"standard", WASTE_OVER, 1.00},
	{"standard", WASTE_MIN, 10}, {"standard", ON_MISSING, HR_SEVERITY_INFO},
	{"standard", PROFILE_SEVERITIES, 0}, {"standard", SEL_NAMESPACES, 0},
	{"standard", SEL_NAMES, 0}, {"standard", SEL_KINDS, 0},
	{"standard", SEL_LABELS, 0},
	{"standard", CHANGE_MAX_INCREASE, 1.00}, {"standard", CHANGE_MAX_COST, 50},
	{"standard", CHANGE_MAX_COST_RATIO, 0.25},

	{"critical", MEM_REQUEST, REQ}, {"critical", MEM_LIMIT, REQ},
	{"critical", MEM_HEADROOM, 0.25}, {"critical", MEM_PERCENTILE, HR_P99},
	{"critical", MEM_EQUALS, true}, {"critical", CPU_REQUEST, REQ},
	{"critical", CPU_LIMIT, FORB}, {"critical", CPU_REQ_PERCENTILE, HR_P95},
	{"critical", CPU_LIM_PERCENTILE, HR_P99}, {"critical", CPU_RATIO, 4},
	{"critical", CHANGE_MAX_DECREASE, 0.20}, {"critical", REPLICAS_MIN, 3},
	{"critical", JVM_HEAP, 0.75}, {"critical", WASTE_OVER, 0.50},
	{"critical", WASTE_MIN, 5}, {"critical", ON_MISSING, HR_SEVERITY_WARN},
	{"critical", PROFILE_SEVERITIES, 7}, {"critical", SEL_NAMESPACES, 0},
	{"critical", SEL_NAMES, 0}, {"critical", SEL_KINDS, 0},
	{"critical", SEL_LABELS, 0},
	{"critical", CHANGE_MAX_INCREASE, 1.00}, {"critical", CHANGE_MAX_COST, 200},
	{"critical", CHANGE_MAX_COST_RATIO, 0.50},

	{"batch", MEM_REQUEST, REQ}, {"batch", MEM_LIMIT, REQ},
	{"batch", MEM_HEADROOM, 0.10}, {"batch", MEM_PERCENTILE, HR_P95},
	{"batch", MEM_EQUALS, false}, {"batch", CPU_REQUEST, OPT},
	{"batch", CPU_LIMIT, OPT}, {"batch", CPU_REQ_PERCENTILE, HR_P50},
	{"batch", CPU_LIM_PERCENTILE, HR_P99}, {"batch", CPU_RATIO, 0},
	{"batch", CHANGE_MAX_DECREASE, 0.50}, {"batch", REPLICAS_MIN, 0},
	{"batch", JVM_HEAP, 0.75}, {"batch", WASTE_OVER, 2.00},
	{"batch", WASTE_MIN, 20}, {"batch", ON_MISSING, HR_SEVERITY_INFO},
	{"batch", PROFILE_SEVERITIES, 3}, {"batch", SEL_KINDS, 2},
	{"batch", SEL_NAMESPACES, 0}, {"batch", SEL_LABELS, 0},
	{"batch", CHANGE_MAX_INCREASE, 2.00}, {"batch", CHANGE_MAX_COST, 100},
	{"batch", CHANGE_MAX_COST_RATIO, 0.50},

	{NULL, PRICE_CPU, 0.0316}, {NULL, PRICE_MEMORY, 0.0042},
	{NULL, HOURS, 730}, {NULL, NODE_CPU, 0}, {NULL, NODE_MEMORY, 0},
	{NULL, MIN_SAMPLES, 1000}, {NULL, MIN_COVERAGE, 0.80},
	{NULL, TOP_SEVERITIES, 0}, {NULL, WAIVERS, 0}, {NULL, PROFILES, 3},
};

static int check_values(const hr_policy *p, const expect_value *v, size_t n,
                        const char *label)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		double got = policy_value(p, v[i].profile, v[i].id);
		if (!near(got, v[i].value)) {
			printf("%s: %s value %d: got %g, want %g\n", label,
			       v[i].profile ? v[i].profile : "policy", (int)v[i].id,
			       got, v[i].value);
			bad++;
		}
	}
	return bad;
}

static void test_builtin_profiles(void **state)
{
	(void)state;
	hr_policy *p = NULL;
	int rc = hr_policy_default(&p);
	if (rc)
		printf("default policy: %s:%u: %s\n", hr_error_last()->file,
		       hr_error_last()->line, hr_error_last()->message);
	assert_int_equal(rc, HR_OK);
	assert_null(p->source);
	assert_int_equal(check_values(p, builtin_values,
	                              sizeof(builtin_values) / sizeof(builtin_values[0]),
	                              "built-in"), 0);
	assert_string_equal(p->default_profile->name, "standard");
	assert_string_equal(p->profiles[0].name, "standard");
	assert_string_equal(p->profiles[1].name, "critical");
	assert_string_equal(p->profiles[2].name, "batch");
	assert_string_equal(p->override_annotation, "headroom.dev/profile");
	assert_string_equal(p->waive_annotation, "headroom.dev/waive");
	assert_string_equal(p->pricing.currency, "USD");
	/* Built-in positions have no file but real lines. */
	assert_null(p->profiles[0].pos.file);
	assert_true(p->profiles[0].pos.line > 1);

	const hr_profile *batch = hr_policy_profile(p, "batch");
	assert_string_equal(batch->select.kinds[0], "Job");
	assert_string_equal(batch->select.kinds[1], "CronJob");
	const hr_profile *critical = hr_policy_profile(p, "critical");
	static const struct {
		const char *rule;
		hr_severity s;
	} critical_sev[] = {
		{"memory-request-missing", HR_SEVERITY_FAIL},
		{"memory-limit-missing", HR_SEVERITY_FAIL},
		{"cpu-request-missing", HR_SEVERITY_FAIL},
		{"cpu-request-below-usage", HR_SEVERITY_FAIL},
		{"memory-request-below-usage", HR_SEVERITY_FAIL},
		{"qos-class-mismatch", HR_SEVERITY_WARN},
	};
	for (size_t i = 0; i < sizeof(critical_sev) / sizeof(critical_sev[0]); i++)
		assert_int_equal(hr_policy_severity(p, critical, critical_sev[i].rule,
		                                    HR_SEVERITY_OFF),
		                 critical_sev[i].s);
	assert_int_equal(hr_policy_severity(p, batch, "overprovisioned-cpu",
	                                    HR_SEVERITY_WARN), HR_SEVERITY_INFO);
	assert_int_equal(hr_policy_severity(p, batch, "overprovisioned-memory",
	                                    HR_SEVERITY_WARN), HR_SEVERITY_INFO);
	assert_int_equal(hr_policy_severity(p, batch, "cpu-limit-throttling-risk",
	                                    HR_SEVERITY_WARN), HR_SEVERITY_INFO);
	hr_policy_free(&p);
	assert_null(p);
	hr_policy_free(&p); /* NULL is fine */
}

/* The printed default text is a valid policy file with the same values. */
static void test_default_text_is_a_policy(void **state)
{
	(void)state;
	const char *text = hr_policy_default_text();
	assert_non_null(strstr(text, "version: 1\n"));
	assert_non_null(strstr(text, "# "));
	hr_policy *p = NULL;
	assert_int_equal(hr_policy_load_text(".headroom.yaml", text, strlen(text), &p),
	                 HR_OK);
	assert_string_equal(p->source, ".headroom.yaml");
	assert_string_equal(p->profiles[1].pos.file, ".headroom.yaml");
	assert_int_equal(check_values(p, builtin_values,
	                              sizeof(builtin_values) / sizeof(builtin_values[0]),
	                              "default text"), 0);
	hr_policy_free(&p);
}

/* ---- valid values ---------------------------------------------------------- */

typedef struct value_case {
	const char *name;
	const char *yaml;
	const char *profile;
	value_id id;
	double value;
} value_case;

#define V1 "version: 1\n"
#define PROF(body) V1 "profiles:\n  p:\n" body

static const value_case value_cases[] = {
	{"memory.request optional", PROF("    memory: {request: optional}\n"), "p", MEM_REQUEST, OPT},
	{"memory.limit optional", PROF("    memory: {limit: optional}\n"), "p", MEM_LIMIT, OPT},
	{"limit_headroom plain", PROF("    memory: {limit_headroom: 25%}\n"), "p", MEM_HEADROOM, 0.25},
	{"limit_headroom quoted", PROF("    memory: {limit_headroom: \"12.5%\"}\n"), "p", MEM_HEADROOM, 0.125},
	{"limit_headroom 0%", PROF("    memory: {limit_headroom: 0%}\n"), "p", MEM_HEADROOM, 0},
	{"limit_headroom 1000%", PROF("    memory: {limit_headroom: 1000%}\n"), "p", MEM_HEADROOM, 10},
	{"memory p50", PROF("    memory: {request_percentile: p50}\n"), "p", MEM_PERCENTILE, HR_P50},
	{"memory max", PROF("    memory: {request_percentile: max}\n"), "p", MEM_PERCENTILE, HR_PMAX},
	{"limit_equals_request yes", PROF("    memory: {limit_equals_request: yes}\n"), "p", MEM_EQUALS, 1},
	{"limit_equals_request true", PROF("    memory: {limit_equals_request: true}\n"), "p", MEM_EQUALS, 1},
	{"cpu.request optional", PROF("    cpu: {request: optional}\n"), "p", CPU_REQUEST, OPT},
	{"cpu.limit forbidden", PROF("    cpu: {limit: forbidden}\n"), "p", CPU_LIMIT, FORB},
	{"cpu.limit required", PROF("    cpu: {limit: required}\n"), "p", CPU_LIMIT, REQ},
	{"cpu request p99", PROF("    cpu: {request_percentile: p99}\n"), "p", CPU_REQ_PERCENTILE, HR_P99},
	{"cpu limit max", PROF("    cpu: {limit_percentile: max}\n"), "p", CPU_LIM_PERCENTILE, HR_PMAX},
	{"ratio 4", PROF("    cpu: {max_limit_ratio: 4}\n"), "p", CPU_RATIO, 4},
	{"ratio 1.5", PROF("    cpu: {max_limit_ratio: 1.5}\n"), "p", CPU_RATIO, 1.5},
	{"ratio 0: none", PROF("    cpu: {max_limit_ratio: 0}\n"), "p", CPU_RATIO, 0},
	{"max_decrease", PROF("    change: {max_decrease: 20%}\n"), "p", CHANGE_MAX_DECREASE, 0.2},
	{"max_decrease 100%", PROF("    change: {max_decrease: 100%}\n"), "p", CHANGE_MAX_DECREASE, 1},
	{"max_increase", PROF("    change: {max_increase: 300%}\n"), "p", CHANGE_MAX_INCREASE, 3},
	{"max_cost_increase", PROF("    change: {max_cost_increase: 12.5}\n"), "p", CHANGE_MAX_COST, 12.5},
	{"max_cost_increase_ratio", PROF("    change: {max_cost_increase_ratio: 20%}\n"), "p",
	 CHANGE_MAX_COST_RATIO, 0.2},
	{"replicas.min 0", PROF("    replicas: {min: 0}\n"), "p", REPLICAS_MIN, 0},
	{"replicas.min 5", PROF("    replicas:\n      min: 5\n"), "p", REPLICAS_MIN, 5},
	{"jvm 1%", PROF("    jvm: {max_heap_fraction: 1%}\n"), "p", JVM_HEAP, 0.01},
	{"jvm 100%", PROF("    jvm: {max_heap_fraction: 100%}\n"), "p", JVM_HEAP, 1},
	{"waste over", PROF("    waste: {max_over_recommendation: 300%}\n"), "p", WASTE_OVER, 3},
	{"waste min", PROF("    waste: {min_monthly: 2.5}\n"), "p", WASTE_MIN, 2.5},
	{"on_missing_data pass", PROF("    on_missing_data: pass\n"), "p", ON_MISSING, HR_SEVERITY_INFO},
	{"on_missing_data warn", PROF("    on_missing_data: warn\n"), "p", ON_MISSING, HR_SEVERITY_WARN},
	{"on_missing_data fail", PROF("    on_missing_data: fail\n"), "p", ON_MISSING, HR_SEVERITY_FAIL},
	{"severity map", PROF("    severity: {no-usage-data: fail, low-confidence: off}\n"), "p", PROFILE_SEVERITIES, 2},
	{"empty severity", PROF("    severity: {}\n"), "p", PROFILE_SEVERITIES, 0},
	{"null severity", PROF("    severity:\n"), "p", PROFILE_SEVERITIES, 0},
	{"select namespaces", PROF("    select: {namespaces: [a, \"b-.*\"]}\n"), "p", SEL_NAMESPACES, 2},
	{"select names", PROF("    select: {names: [\"web-[0-9]+\"]}\n"), "p", SEL_NAMES, 1},
	{"select kinds", PROF("    select: {kinds: [Deployment, StatefulSet, Rollout]}\n"), "p", SEL_KINDS, 3},
	{"select labels", PROF("    select: {labels: {tier: critical, version: 2}}\n"), "p", SEL_LABELS, 2},
	{"empty profile", PROF("    {}\n"), "p", MEM_HEADROOM, 0.20},
	{"null profile", V1 "profiles:\n  p:\n", "p", CPU_RATIO, 10},
	{"merge keys share settings",
	 V1 "default_profile: a\nprofiles:\n  a: &a {memory: {limit_headroom: 40%}}\n  b:\n    <<: *a\n    replicas: {min: 2}\n",
	 "b", MEM_HEADROOM, 0.4},
	{"merge keys: the default", V1 "default_profile: b\nprofiles:\n  a: &a {memory: {limit_headroom: 40%}}\n  b:\n    <<: *a\n",
	 "b", MEM_HEADROOM, 0.4},
	{"price cpu", V1 "pricing: {cpu_core_hour: 0.05}\n", NULL, PRICE_CPU, 0.05},
	{"price cpu keeps memory", V1 "pricing: {cpu_core_hour: 0.05}\n", NULL, PRICE_MEMORY, 0.0042},
	{"price memory 0", V1 "pricing: {memory_gib_hour: 0}\n", NULL, PRICE_MEMORY, 0},
	{"hours 744", V1 "pricing: {hours_per_month: 744}\n", NULL, HOURS, 744},
	{"hours 1", V1 "pricing: {hours_per_month: 1}\n", NULL, HOURS, 1},
	{"node cpu", V1 "node: {cpu: \"16\", memory: 64Gi}\n", NULL, NODE_CPU, 16000},
	{"node cpu milli", V1 "node: {cpu: 15500m}\n", NULL, NODE_CPU, 15500},
	{"node cpu int", V1 "node: {cpu: 8}\n", NULL, NODE_CPU, 8000},
	{"node memory", V1 "node: {cpu: \"16\", memory: 64Gi}\n", NULL, NODE_MEMORY, 68719476736.0},
	{"min_samples", V1 "confidence: {min_samples: 50}\n", NULL, MIN_SAMPLES, 50},
	{"min_coverage", V1 "confidence: {min_coverage: 50%}\n", NULL, MIN_COVERAGE, 0.5},
	{"coverage kept", V1 "confidence: {min_samples: 50}\n", NULL, MIN_COVERAGE, 0.8},
	{"top severity", V1 "severity: {qos-class-mismatch: off, no-usage-data: warn}\n", NULL, TOP_SEVERITIES, 2},
	{"empty waivers", V1 "waivers: []\n", NULL, WAIVERS, 0},
	{"null waivers", V1 "waivers:\n", NULL, WAIVERS, 0},
	{"no profiles: built-in ones", V1, NULL, PROFILES, 3},
	{"no profiles: built-in critical", V1, "critical", REPLICAS_MIN, 3},
	{"profiles replace the built-in set", PROF("    {}\n"), NULL, PROFILES, 1},
	{"anchors and aliases", V1 "profiles:\n  p: {select: {namespaces: [&ns \"team-.*\", *ns]}}\n",
	 "p", SEL_NAMESPACES, 2},
};

static void test_values(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(value_cases) / sizeof(value_cases[0]); i++) {
		const value_case *c = &value_cases[i];
		hr_policy *p = NULL;
		int rc = hr_policy_load_text("t.yaml", c->yaml, strlen(c->yaml), &p);
		if (rc) {
			printf("case '%s': rc %d: %u:%u: %s\n", c->name, rc,
			       hr_error_last()->line, hr_error_last()->column,
			       hr_error_last()->message);
			bad++;
			continue;
		}
		double got = policy_value(p, c->profile, c->id);
		if (!near(got, c->value)) {
			printf("case '%s': got %g, want %g\n", c->name, got, c->value);
			bad++;
		}
		hr_policy_free(&p);
	}
	assert_int_equal(bad, 0);
}

/* ---- errors ---------------------------------------------------------------- */

typedef struct error_case {
	const char *name;
	const char *yaml;
	int rc;
	unsigned line;     /* 0: the error has no line */
	unsigned column;   /* 0: not checked */
	const char *contains;
} error_case;

#define MEM(v) PROF("    memory:\n      " v "\n")    /* value on line 5 */
#define CPU(v) PROF("    cpu:\n      " v "\n")
#define INV HR_EINVALID

static const error_case error_cases[] = {
	/* the document */
	{"empty file", "", INV, 0, 0, "empty policy"},
	{"comments only", "# nothing\n", INV, 0, 0, "empty policy"},
	{"two documents", V1 "---\n" V1, INV, 3, 1, "this is a second one"},
	{"not a mapping", "- version\n", INV, 1, 1, "a policy must be a mapping"},
	{"scalar document", "hello\n", INV, 1, 1, "must be a mapping"},
	{"syntax error", V1 "profiles:\n  p: {memory: [\n", INV, 0, 0, "YAML syntax error"},
	{"missing version", "profiles: {p: {}}\n", INV, 1, 1, "the policy is missing \"version\""},
	{"version 2", "version: 2\n", INV, 1, 10, "version 2 is not supported"},
	{"version string", "version: \"1\"\n", INV, 1, 10, "version must be 1, not \"1\""},
	{"unknown top-level key", V1 "profile: {}\n", INV, 2, 1,
	 "unknown key \"profile\" at the top level (did you mean \"profiles\"?); expected one of: version, default_profile, profiles, overrides, severity, waivers, pricing, node, confidence"},
	{"unknown key with no suggestion", V1 "zzzzzzzz: 1\n", INV, 2, 1,
	 "unknown key \"zzzzzzzz\" at the top level; expected one of:"},
	{"duplicate key", V1 "pricing:\n  currency: USD\n  currency: EUR\n", INV, 4, 3,
	 "key \"currency\" is set twice in the same mapping (first on line 3); keep one"},
	{"duplicate profile", V1 "profiles:\n  a: {}\n  b: {}\n  a: {}\n", INV, 5, 3, "set twice"},
	{"complex key", V1 "? [a]\n: b\n", INV, 2, 3, "a key must be a name, not a list"},

	/* profiles */
	{"profiles empty", V1 "profiles: {}\n", INV, 2, 11, "profiles is empty"},
	{"profiles null", V1 "profiles:\n", INV, 2, 0, "profiles is empty"},
	{"profiles a list", V1 "profiles: [a]\n", INV, 2, 11, "profiles must be a mapping of profile names"},
	{"profile name", V1 "profiles:\n  \"bad name\": {}\n", INV, 3, 3, "profile name \"bad name\" must be 1 to 63"},
	{"profile a list", V1 "profiles:\n  p: [1]\n", INV, 3, 6, "profiles.p must be a mapping, not a list"},
	{"profile unknown key", PROF("    memroy: {}\n"), INV, 4, 5,
	 "unknown key \"memroy\" in profiles.p (did you mean \"memory\"?); expected one of: select, memory, cpu, change, replicas, jvm, waste, on_missing_data, severity"},
	{"memory a string", PROF("    memory: lots\n"), INV, 4, 13, "profiles.p.memory must be a mapping, not \"lots\""},
	{"memory unknown key", MEM("limit_headrom: 25%"), INV, 5, 7,
	 "unknown key \"limit_headrom\" in profiles.p.memory (did you mean \"limit_headroom\"?); expected one of: request, limit, limit_headroom, request_percentile, limit_equals_request"},
	{"memory.request", MEM("request: maybe"), INV, 5, 16,
	 "profiles.p.memory.request must be required or optional, not \"maybe\""},
	{"memory.limit forbidden", MEM("limit: forbidden"), INV, 5, 14,
	 "profiles.p.memory.limit must be required or optional, not \"forbidden\""},
	{"memory.limit empty", MEM("limit:"), INV, 5, 0, "must be required or optional, not empty"},
	{"memory.limit_headroom bare fraction", MEM("limit_headroom: 0.25"), INV, 5, 23,
	 "profiles.p.memory.limit_headroom must be a percentage: write \"25%\", not 0.25"},
	{"memory.limit_headroom bare number", MEM("limit_headroom: 25"), INV, 5, 23, "write \"25%\", not 25"},
	{"memory.limit_headroom no sign", MEM("limit_headroom: \"25\""), INV, 5, 23,
	 "must be a percentage such as \"25%\", not \"25\""},
	{"memory.limit_headroom junk", MEM("limit_headroom: lots%"), INV, 5, 23, "a percentage such as"},
	{"memory.limit_headroom too big", MEM("limit_headroom: 1001%"), INV, 5, 23,
	 "must be between 0% and 1000%, not 1001%"},
	{"memory.limit_headroom negative", MEM("limit_headroom: -5%"), INV, 5, 23, "between 0% and 1000%"},
	{"memory.limit_headroom list", MEM("limit_headroom: [25%]"), INV, 5, 23, "not a list"},
	{"memory.request_percentile", MEM("request_percentile: p90"), INV, 5, 27,
	 "profiles.p.memory.request_percentile must be p50, p95, p99 or max, not \"p90\""},
	{"memory.limit_equals_request", MEM("limit_equals_request: \"true\""), INV, 5, 29,
	 "profiles.p.memory.limit_equals_request must be true or false, not \"true\""},
	{"cpu unknown key", CPU("limits: none"), INV, 5, 7, "did you mean \"limit\"?"},
	{"cpu.limit", CPU("limit: never"), INV, 5, 14,
	 "profiles.p.cpu.limit must be required, optional or forbidden, not \"never\""},
	{"cpu.request", CPU("request: forbidden"), INV, 5, 16, "must be required or optional"},
	{"cpu.limit_percentile", CPU("limit_percentile: 99"), INV, 5, 25, "must be p50, p95, p99 or max, not 99"},
	{"cpu.max_limit_ratio below 1", CPU("max_limit_ratio: 0.5"), INV, 5, 24,
	 "profiles.p.cpu.max_limit_ratio must be 0 (no bound) or between 1 and 1000, not 0.5"},
	{"cpu.max_limit_ratio negative", CPU("max_limit_ratio: -1"), INV, 5, 24, "0 (no bound) or between 1"},
	{"cpu.max_limit_ratio string", CPU("max_limit_ratio: \"4\""), INV, 5, 24, "must be a number, not \"4\""},
	{"cpu.max_limit_ratio infinite", CPU("max_limit_ratio: .inf"), INV, 5, 24, "must be a number"},
	{"change.max_decrease", PROF("    change: {max_decrease: 150%}\n"), INV, 4, 28,
	 "profiles.p.change.max_decrease must be between 0% and 100%, not 150%"},
	{"change.max_cost_increase", PROF("    change: {max_cost_increase: -5}\n"), INV, 4, 33,
	 "profiles.p.change.max_cost_increase must be between 0 and 1e+12, not -5"},
	{"change.max_cost_increase_ratio", PROF("    change: {max_cost_increase_ratio: 0.2}\n"), INV, 4, 39,
	 "profiles.p.change.max_cost_increase_ratio must be a percentage: write \"20%\", not 0.2"},
	{"replicas.min negative", PROF("    replicas: {min: -1}\n"), INV, 4, 21,
	 "profiles.p.replicas.min must be between 0 and 100000, not -1"},
	{"replicas.min fraction", PROF("    replicas: {min: 1.5}\n"), INV, 4, 21, "must be a whole number, not 1.5"},
	{"replicas.min string", PROF("    replicas: {min: \"3\"}\n"), INV, 4, 21, "must be a whole number, not \"3\""},
	{"jvm.max_heap_fraction 0%", PROF("    jvm: {max_heap_fraction: 0%}\n"), INV, 4, 30,
	 "profiles.p.jvm.max_heap_fraction must be between 1% and 100%, not 0%"},
	{"jvm.max_heap_fraction 101%", PROF("    jvm: {max_heap_fraction: 101%}\n"), INV, 4, 30, "between 1% and 100%"},
	{"waste.min_monthly", PROF("    waste: {min_monthly: -1}\n"), INV, 4, 26,
	 "profiles.p.waste.min_monthly must be between 0 and"},
	{"waste.max_over_recommendation", PROF("    waste: {max_over_recommendation: 0.5}\n"), INV, 4, 38,
	 "write \"50%\""},
	{"on_missing_data", PROF("    on_missing_data: ignore\n"), INV, 4, 22,
	 "profiles.p.on_missing_data must be pass, warn or fail, not \"ignore\""},
	{"profile severity unknown rule", PROF("    severity: {no-such-rule: fail}\n"), INV, 4, 16,
	 "profiles.p.severity: unknown rule \"no-such-rule\" (`headroom rules` lists them)"},
	{"profile severity level", PROF("    severity: {low-confidence: error}\n"), INV, 4, 32,
	 "profiles.p.severity.low-confidence must be fail, warn, info or off, not \"error\""},
	{"profile severity a list", PROF("    severity: [low-confidence]\n"), INV, 4, 15,
	 "profiles.p.severity must be a mapping of rule ids"},

	/* select */
	{"select unknown key", PROF("    select: {namespace: [a]}\n"), INV, 4, 14,
	 "unknown key \"namespace\" in profiles.p.select (did you mean \"namespaces\"?); expected one of: namespaces, names, kinds, labels"},
	{"select a list", PROF("    select: [a]\n"), INV, 4, 13, "profiles.p.select must be a mapping"},
	{"namespaces a string", PROF("    select: {namespaces: payments}\n"), INV, 4, 26,
	 "profiles.p.select.namespaces must be a list such as [\"a\", \"b-.*\"], not \"payments\""},
	{"namespace a number", PROF("    select: {namespaces: [12]}\n"), INV, 4, 27,
	 "profiles.p.select.namespaces[0] must be a pattern (a string), not 12"},
	{"namespace empty", PROF("    select: {namespaces: [\"\"]}\n"), INV, 4, 27,
	 "profiles.p.select.namespaces[0] must not be empty"},
	{"bad regex", PROF("    select:\n      namespaces:\n        - ok\n        - \"checkout-(.*\"\n"), INV, 7, 11,
	 "profiles.p.select.namespaces[1]: \"checkout-(.*\" is not a valid PCRE2 pattern: missing closing parenthesis (at offset 12)"},
	{"bad regex in names", PROF("    select: {names: [\"a{2,1}\"]}\n"), INV, 4, 22, "is not a valid PCRE2 pattern"},
	{"\\C refused", PROF("    select: {names: [\"a\\\\Cb\"]}\n"), INV, 4, 22, "is not a valid PCRE2 pattern"},
	{"unknown kind", PROF("    select: {kinds: [Deploy]}\n"), INV, 4, 22,
	 "profiles.p.select.kinds[0]: \"Deploy\" is not a kind headroom evaluates"},
	{"kind case", PROF("    select: {kinds: [deployment]}\n"), INV, 4, 22, "(case matters)"},
	{"labels a list", PROF("    select: {labels: [tier]}\n"), INV, 4, 22,
	 "profiles.p.select.labels must be a mapping such as {tier: critical}"},
	{"label value a list", PROF("    select: {labels: {tier: [a]}}\n"), INV, 4, 29,
	 "profiles.p.select.labels.tier must be a label value (a string), not a list"},
	{"label value empty", PROF("    select: {labels: {tier: }}\n"), INV, 4, 0, "must be a label value"},

	/* default_profile */
	{"default names no profile", V1 "default_profile: normal\nprofiles: {standard: {}, critical: {}}\n",
	 INV, 2, 18, "default_profile \"normal\" names no profile; the profiles are: standard, critical"},
	{"default names a built-in profile the file dropped", V1 "default_profile: batch\nprofiles: {standard: {}}\n",
	 INV, 2, 18, "names no profile"},
	{"default not a string", V1 "default_profile: [a]\n", INV, 2, 18,
	 "default_profile must be the name of a profile, not a list"},
	{"no default and no standard", V1 "profiles:\n  a: {}\n  b: {}\n", INV, 2, 1,
	 "no default_profile: add `default_profile: <name>` naming one of a, b"},

	/* top-level severity */
	{"severity typo", V1 "severity:\n  cpu-request-mising: fail\n", INV, 3, 3,
	 "severity: unknown rule \"cpu-request-mising\"; did you mean \"cpu-request-missing\"?"},
	{"severity value", V1 "severity: {no-usage-data: loud}\n", INV, 2, 27,
	 "severity.no-usage-data must be fail, warn, info or off, not \"loud\""},
	{"severity key a list", V1 "severity: {[a]: fail}\n", INV, 2, 12, "severity must be a rule id"},

	/* overrides */
	{"overrides unknown", V1 "overrides: {annotations: x}\n", INV, 2, 13,
	 "unknown key \"annotations\" in overrides (did you mean \"annotation\"?)"},
	{"annotation not a key", V1 "overrides: {annotation: \"has space\"}\n", INV, 2, 25,
	 "overrides.annotation must be an annotation key such as \"headroom.dev/profile\", not \"has space\""},
	{"annotation two slashes", V1 "overrides: {waive_annotation: a/b/c}\n", INV, 2, 31, "an annotation key"},
	{"annotation a number", V1 "overrides: {annotation: 5}\n", INV, 2, 25,
	 "overrides.annotation must be a string (quote it), not 5"},
	{"annotation empty", V1 "overrides: {annotation: \"\"}\n", INV, 2, 25, "must be a non-empty string"},

	/* waivers */
	{"waivers a mapping", V1 "waivers: {a: b}\n", INV, 2, 10,
	 "waivers must be a list of waivers (\"- workload: ...\"), not a mapping"},
	{"kinds a string", PROF("    select: {kinds: Job}\n"), INV, 4, 21,
	 "profiles.p.select.kinds must be a list such as [Job, CronJob], not \"Job\""},
	{"waiver a string", V1 "waivers: [x]\n", INV, 2, 11,
	 "waivers[0] must be a mapping with workload, rule, reason, owner and expires, not \"x\""},
	{"waiver missing owner", V1 "waivers:\n  - workload: a/Deployment/b\n    rule: no-usage-data\n"
	 "    reason: r\n    expires: 2030-01-01\n", INV, 3, 5,
	 "waivers[0] is missing \"owner\" (who answers for it, e.g. \"@shop-sre\")"},
	{"waiver missing expires", V1 "waivers:\n  - {workload: a, rule: no-usage-data, reason: r, owner: o}\n",
	 INV, 3, 5, "waivers[0] is missing \"expires\""},
	{"waiver bad date", V1 "waivers:\n  - {workload: a, rule: no-usage-data, reason: r, owner: o, expires: 2026-02-30}\n",
	 INV, 3, 70, "waivers[0].expires must be a date written YYYY-MM-DD, such as 2026-12-31, not \"2026-02-30\""},
	{"waiver date a number", V1 "waivers:\n  - {workload: a, rule: no-usage-data, reason: r, owner: o, expires: 20261231}\n",
	 INV, 3, 70, "must be a date written YYYY-MM-DD"},
	{"waiver unknown rule", V1 "waivers:\n  - {workload: a, rule: oom-kill-observed, reason: r, owner: o, expires: 2030-01-01}\n",
	 INV, 3, 25, "waivers[0].rule: unknown rule \"oom-kill-observed\"; did you mean \"oom-kills-observed\"?"},
	{"waiver bad pattern", V1 "waivers:\n  - {workload: \"a/(b\", rule: no-usage-data, reason: r, owner: o, expires: 2030-01-01}\n",
	 INV, 3, 16, "waivers[0].workload: \"a/(b\" is not a valid PCRE2 pattern"},
	{"waiver unknown key", V1 "waivers:\n  - {workload: a, rule: no-usage-data, reason: r, owner: o, expiry: 2030-01-01}\n",
	 INV, 3, 61, "unknown key \"expiry\" in waivers[0] (did you mean \"expires\"?)"},
	{"waiver empty reason", V1 "waivers:\n  - {workload: a, rule: no-usage-data, reason: \"\", owner: o, expires: 2030-01-01}\n",
	 INV, 3, 48, "waivers[0].reason must be a non-empty string"},
	{"second waiver", V1 "waivers:\n  - {workload: a, rule: no-usage-data, reason: r, owner: o, expires: 2030-01-01}\n"
	 "  - {workload: a, rule: no-usage-data, reason: r, owner: o, expires: 2030-1-1}\n",
	 INV, 4, 70, "waivers[1].expires must be a date"},

	/* pricing */
	{"currency lower case", V1 "pricing: {currency: usd}\n", INV, 2, 21,
	 "pricing.currency must be an ISO 4217 code of 3 capital letters such as \"USD\" or \"EUR\", not \"usd\""},
	{"currency a symbol", V1 "pricing: {currency: \"$\"}\n", INV, 2, 21, "ISO 4217"},
	{"cpu price negative", V1 "pricing: {cpu_core_hour: -0.01}\n", INV, 2, 26,
	 "pricing.cpu_core_hour must be between 0 and 1e+06, not -0.01"},
	{"cpu price a string", V1 "pricing: {cpu_core_hour: cheap}\n", INV, 2, 26,
	 "pricing.cpu_core_hour must be a number, not \"cheap\""},
	{"memory price bool", V1 "pricing: {memory_gib_hour: true}\n", INV, 2, 28,
	 "pricing.memory_gib_hour must be a number, not true"},
	{"hours 0", V1 "pricing: {hours_per_month: 0}\n", INV, 2, 28,
	 "pricing.hours_per_month must be between 1 and 744, not 0"},
	{"hours 745", V1 "pricing: {hours_per_month: 745}\n", INV, 2, 28, "between 1 and 744"},
	{"pricing a list", V1 "pricing: [USD]\n", INV, 2, 10, "pricing must be a mapping, not a list"},

	/* node */
	{"node cpu junk", V1 "node: {cpu: lots}\n", INV, 2, 13, "node.cpu: "},
	{"node memory zero", V1 "node: {memory: 0}\n", INV, 2, 16, "node.memory must be greater than 0, not 0"},
	{"node memory negative", V1 "node: {memory: -1Gi}\n", INV, 2, 16, "must be greater than 0"},
	{"node memory list", V1 "node: {memory: [1]}\n", INV, 2, 16,
	 "node.memory must be a quantity such as \"64Gi\", not a list"},
	{"node unknown", V1 "node: {cpus: 4}\n", INV, 2, 8, "unknown key \"cpus\" in node (did you mean \"cpu\"?)"},

	/* confidence */
	{"min_coverage 120%", V1 "confidence: {min_coverage: 120%}\n", INV, 2, 28,
	 "confidence.min_coverage must be between 0% and 100%, not 120%"},
	{"min_coverage bare", V1 "confidence: {min_coverage: 0.8}\n", INV, 2, 28, "write \"80%\""},
	{"min_samples negative", V1 "confidence: {min_samples: -1}\n", INV, 2, 27,
	 "confidence.min_samples must be between 0 and 1000000000, not -1"},

	/* hostile */
	{"nul in a key", V1 "\"pro\\0files\": {}\n", INV, 2, 1, "unknown key \"pro\\x00files\""},
	{"alias to an unknown key's map", V1 "x: &x {a: 1}\n", INV, 2, 1, "unknown key \"x\""},
	{"undefined alias", V1 "profiles: *nope\n", INV, 2, 11, "refers to no anchor"},
};

static void test_errors(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
		const error_case *c = &error_cases[i];
		hr_policy *p = (hr_policy *)1;
		hr_error_clear();
		int rc = hr_policy_load_text("t.yaml", c->yaml, strlen(c->yaml), &p);
		const hr_error *e = hr_error_last();
		bool ok = rc == c->rc && p == NULL && e->code == c->rc &&
		          e->file && strcmp(e->file, "t.yaml") == 0 &&
		          (c->line == 0 || e->line == c->line) &&
		          (c->column == 0 || e->column == c->column) &&
		          strstr(e->message, c->contains) != NULL;
		if (!ok) {
			printf("case '%s': rc %d (want %d), %s:%u:%u (want line %u "
			       "col %u): %s\n  want: %s\n", c->name, rc, c->rc,
			       e->file ? e->file : "-", e->line, e->column, c->line,
			       c->column, e->message, c->contains);
			bad++;
		}
		if (rc == HR_OK)
			hr_policy_free(&p);
	}
	assert_int_equal(bad, 0);
}

/* ---- inheritance ----------------------------------------------------------- */

static void test_profiles_inherit_from_standard(void **state)
{
	(void)state;
	/* A file's `critical` takes standard's values for what it leaves
	 * out, not the built-in critical's. */
	const char *yaml = V1 "profiles:\n  critical:\n    replicas: {min: 5}\n"
	                   "    memory: {limit_headroom: 30%}\n";
	hr_policy *p = NULL;
	assert_int_equal(hr_policy_load_text("t.yaml", yaml, strlen(yaml), &p), HR_OK);
	static const expect_value v[] = {
		{"critical", REPLICAS_MIN, 5}, {"critical", MEM_HEADROOM, 0.30},
		{"critical", MEM_PERCENTILE, HR_P95}, {"critical", MEM_EQUALS, 0},
		{"critical", CPU_LIMIT, OPT}, {"critical", CPU_RATIO, 10},
		{"critical", CHANGE_MAX_DECREASE, 0.30}, {"critical", ON_MISSING, HR_SEVERITY_INFO},
		{"critical", PROFILE_SEVERITIES, 0}, {"critical", WASTE_MIN, 10},
		{NULL, PROFILES, 1}, {NULL, PRICE_CPU, 0.0316}, {NULL, MIN_SAMPLES, 1000},
	};
	assert_int_equal(check_values(p, v, sizeof(v) / sizeof(v[0]), "inherit"), 0);
	/* The only profile is the default. */
	assert_string_equal(p->default_profile->name, "critical");
	assert_string_equal(p->override_annotation, "headroom.dev/profile");
	assert_string_equal(p->waive_annotation, "headroom.dev/waive");
	assert_string_equal(p->profiles[0].pos.file, "t.yaml");
	assert_int_equal(p->profiles[0].pos.line, 3);
	assert_int_equal(p->profiles[0].pos.column, 3);
	hr_policy_free(&p);

	/* A file's standard changes the base only of itself. */
	yaml = V1 "profiles:\n  standard: {cpu: {max_limit_ratio: 2}}\n  other: {}\n";
	assert_int_equal(hr_policy_load_text("t.yaml", yaml, strlen(yaml), &p), HR_OK);
	assert_true(near(hr_policy_profile(p, "standard")->cpu.max_limit_ratio, 2));
	assert_true(near(hr_policy_profile(p, "other")->cpu.max_limit_ratio, 10));
	assert_string_equal(p->default_profile->name, "standard");
	hr_policy_free(&p);

	/* Explicit default_profile wins over the `standard` rule. */
	yaml = V1 "default_profile: other\nprofiles:\n  standard: {}\n  other: {}\n";
	assert_int_equal(hr_policy_load_text("t.yaml", yaml, strlen(yaml), &p), HR_OK);
	assert_string_equal(p->default_profile->name, "other");
	hr_policy_free(&p);

	/* Without profiles:, default_profile may name a built-in one. */
	yaml = V1 "default_profile: critical\n";
	assert_int_equal(hr_policy_load_text("t.yaml", yaml, strlen(yaml), &p), HR_OK);
	assert_string_equal(p->default_profile->name, "critical");
	assert_null(p->profiles[0].pos.file); /* built-in */
	hr_policy_free(&p);
}

/* ---- fixtures -------------------------------------------------------------- */

/* fixtures/policies/, found from this file's path as the compiler saw it
 * (relative to the build directory, two levels above the test binary). */
static void fixture_path(char *out, size_t size, const char *name)
{
	char here[PATH_MAX];
	const char *src = __FILE__;
	if (src[0] != '/') {
		char exe[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n > 0) {
			exe[n] = '\0';
			char *dir = dirname(dirname(exe));
			snprintf(here, sizeof(here), "%s/%s", dir, src);
			src = here;
		}
	}
	char copy[PATH_MAX];
	snprintf(copy, sizeof(copy), "%s", src);
	snprintf(out, size, "%s/../../fixtures/policies/%s", dirname(copy), name);
	if (access(out, R_OK) != 0) /* run from the source root */
		snprintf(out, size, "fixtures/policies/%s", name);
}

typedef struct fixture_case {
	const char *file;
	int rc;
	unsigned line, column;
	const char *contains;
} fixture_case;

static const fixture_case fixture_cases[] = {
	{"example.yaml", HR_OK, 0, 0, NULL},
	{"invalid-unknown-key.yaml", INV, 6, 7,
	 "unknown key \"limit_headrom\" in profiles.standard.memory (did you mean \"limit_headroom\"?)"},
	{"invalid-bad-regex.yaml", INV, 7, 11, "missing closing parenthesis"},
	{"invalid-bare-percentage.yaml", INV, 5, 21, "write \"20%\""},
	{"invalid-unknown-rule.yaml", INV, 4, 3, "did you mean \"memory-limit-below-peak\"?"},
	{"invalid-duplicate-key.yaml", INV, 8, 5, "key \"memory\" is set twice in the same mapping (first on line 4)"},
	{"invalid-waiver.yaml", INV, 7, 14, "not \"2026-02-30\""},
	{"invalid-default-profile.yaml", INV, 2, 18, "\"normal\" names no profile"},
	{"no-such-file.yaml", HR_EIO, 0, 0, "cannot open"},
};

static void test_fixtures(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(fixture_cases) / sizeof(fixture_cases[0]); i++) {
		const fixture_case *c = &fixture_cases[i];
		char path[PATH_MAX];
		fixture_path(path, sizeof(path), c->file);
		hr_policy *p = NULL;
		int rc = hr_policy_load(path, &p);
		const hr_error *e = hr_error_last();
		bool ok = rc == c->rc;
		if (ok && rc == HR_OK)
			ok = p && strcmp(p->source, path) == 0;
		if (ok && rc != HR_OK)
			ok = !p && e->file && strcmp(e->file, path) == 0 &&
			     (!c->line || e->line == c->line) &&
			     (!c->column || e->column == c->column) &&
			     strstr(e->message, c->contains);
		if (!ok) {
			printf("fixture %s: rc %d (want %d) %u:%u %s\n", path, rc,
			       c->rc, e->line, e->column, e->message);
			bad++;
		}
		hr_policy_free(&p);
	}
	assert_int_equal(bad, 0);
}

static void test_example_policy(void **state)
{
	(void)state;
	char path[PATH_MAX];
	fixture_path(path, sizeof(path), "example.yaml");
	hr_policy *p = NULL;
	assert_int_equal(hr_policy_load(path, &p), HR_OK);
	static const expect_value v[] = {
		{NULL, PROFILES, 3},
		{"critical", SEL_NAMESPACES, 2}, {"critical", SEL_LABELS, 1},
		{"critical", MEM_HEADROOM, 0.25}, {"critical", MEM_EQUALS, 1},
		{"critical", MEM_PERCENTILE, HR_P99}, {"critical", CPU_LIMIT, FORB},
		{"critical", CPU_RATIO, 4}, {"critical", CHANGE_MAX_DECREASE, 0.2},
		{"critical", REPLICAS_MIN, 3}, {"critical", WASTE_OVER, 0.5},
		{"critical", WASTE_MIN, 5}, {"critical", ON_MISSING, HR_SEVERITY_WARN},
		{"critical", PROFILE_SEVERITIES, 1},
		{"standard", MEM_HEADROOM, 0.15}, {"standard", CPU_RATIO, 10},
		{"batch", SEL_KINDS, 2}, {"batch", SEL_NAMES, 1},
		{"batch", CPU_REQUEST, OPT}, {"batch", CPU_REQ_PERCENTILE, HR_P50},
		{"batch", CPU_RATIO, 0}, {"batch", MEM_HEADROOM, 0.20},
		{NULL, TOP_SEVERITIES, 2}, {NULL, WAIVERS, 2},
		{NULL, PRICE_CPU, 0.0316}, {NULL, PRICE_MEMORY, 0.0042}, {NULL, HOURS, 730},
		{NULL, NODE_CPU, 16000}, {NULL, NODE_MEMORY, 68719476736.0},
		{NULL, MIN_SAMPLES, 1000}, {NULL, MIN_COVERAGE, 0.8},
	};
	assert_int_equal(check_values(p, v, sizeof(v) / sizeof(v[0]), "example"), 0);
	assert_string_equal(p->default_profile->name, "standard");
	assert_string_equal(p->profiles[0].name, "critical");

	const hr_waiver *w = &p->waivers[0];
	assert_string_equal(w->workload_text, "shop/Deployment/cart");
	assert_string_equal(w->rule, "cpu-request-below-usage");
	assert_null(w->container);
	assert_string_equal(w->reason, "load test next sprint");
	assert_string_equal(w->owner, "@shop-sre");
	assert_string_equal(w->expires, "2026-12-31");
	assert_string_equal(w->pos.file, path);
	assert_int_equal(w->pos.line, 43);
	assert_int_equal(w->pos.column, 5);
	assert_true(hr_policy_match(w->workload, "shop/Deployment/cart"));
	assert_false(hr_policy_match(w->workload, "shop/Deployment/carts"));
	w = &p->waivers[1];
	assert_string_equal(w->container, "sidecar");
	assert_string_equal(w->expires, "2027-03-01");
	assert_true(hr_policy_match(w->workload, "shop/StatefulSet/legacy-db"));
	assert_false(hr_policy_match(w->workload, "shop/StatefulSet/db"));

	/* `qos-class-mismatch: off` is a YAML 1.1 boolean, read as "off". */
	assert_string_equal(p->severities[1].rule, "qos-class-mismatch");
	assert_int_equal(p->severities[1].severity, HR_SEVERITY_OFF);
	assert_int_equal(p->severities[1].pos.line, 41);
	assert_int_equal(p->severities[1].pos.column, 3);
	hr_policy_free(&p);
}

/* ---- severity precedence --------------------------------------------------- */

static void test_severity_precedence(void **state)
{
	(void)state;
	const char *yaml = V1 "profiles:\n"
	                   "  a: {severity: {cpu-request-below-usage: fail, no-usage-data: off}}\n"
	                   "  standard: {}\n"
	                   "severity: {cpu-request-below-usage: warn, low-confidence: info}\n";
	hr_policy *p = NULL;
	assert_int_equal(hr_policy_load_text("t.yaml", yaml, strlen(yaml), &p), HR_OK);
	const hr_profile *a = hr_policy_profile(p, "a");
	const hr_profile *std = hr_policy_profile(p, "standard");
	static const struct {
		const char *profile;
		const char *rule;
		hr_severity catalog;
		hr_severity want;
	} cases[] = {
		{"a", "cpu-request-below-usage", HR_SEVERITY_INFO, HR_SEVERITY_FAIL},
		{"standard", "cpu-request-below-usage", HR_SEVERITY_INFO, HR_SEVERITY_WARN},
		{NULL, "cpu-request-below-usage", HR_SEVERITY_INFO, HR_SEVERITY_WARN},
		{"a", "no-usage-data", HR_SEVERITY_WARN, HR_SEVERITY_OFF},
		{"standard", "no-usage-data", HR_SEVERITY_WARN, HR_SEVERITY_WARN},
		{"a", "low-confidence", HR_SEVERITY_WARN, HR_SEVERITY_INFO},
		{"standard", "oom-kills-observed", HR_SEVERITY_FAIL, HR_SEVERITY_FAIL},
		{"a", "not-a-rule", HR_SEVERITY_WARN, HR_SEVERITY_WARN},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const hr_profile *pr = !cases[i].profile ? NULL
		                       : strcmp(cases[i].profile, "a") == 0 ? a : std;
		hr_severity got = hr_policy_severity(p, pr, cases[i].rule,
		                                     cases[i].catalog);
		if (got != cases[i].want)
			printf("severity %s/%s: got %d want %d\n",
			       cases[i].profile ? cases[i].profile : "-",
			       cases[i].rule, got, cases[i].want);
		assert_int_equal(got, cases[i].want);
	}
	assert_int_equal(hr_policy_severity(NULL, NULL, "no-usage-data",
	                                    HR_SEVERITY_FAIL), HR_SEVERITY_FAIL);
	assert_int_equal(hr_policy_severity(p, a, NULL, HR_SEVERITY_WARN),
	                 HR_SEVERITY_WARN);
	hr_policy_free(&p);
}

/* ---- selection ------------------------------------------------------------- */

#define WL(kind, api, name, ns, extra) \
	"---\napiVersion: " api "\nkind: " kind "\nmetadata:\n  name: " name \
	"\n  namespace: " ns "\n" extra "spec:\n  template:\n    spec:\n" \
	"      containers: [{name: a}]\n"

typedef struct select_case {
	const char *kind, *ns, *name;
	const char *profile;
} select_case;

static void test_select(void **state)
{
	(void)state;
	const char *policy_yaml = V1 "profiles:\n"
		"  critical:\n    select:\n      namespaces: [payments, \"checkout-.*\"]\n"
		"      labels: {tier: critical}\n"
		"  batch:\n    select:\n      kinds: [Job, CronJob]\n      names: [\"nightly-.*\"]\n"
		"  standard: {}\n"
		"  web:\n    select: {names: [\"web-[0-9]+\"]}\n";
	const char *manifests =
		WL("Deployment", "apps/v1", "api", "payments", "")
		WL("Deployment", "apps/v1", "web", "checkout-eu", "")
		WL("Deployment", "apps/v1", "web-2", "checkout", "")
		WL("Deployment", "apps/v1", "a", "xpayments", "")
		WL("Deployment", "apps/v1", "b", "payments-x", "")
		WL("Job", "batch/v1", "j", "default", "")
		WL("Deployment", "apps/v1", "nightly-report", "default", "")
		WL("Job", "batch/v1", "pay-job", "payments", "")
		WL("Deployment", "apps/v1", "lab", "default", "  labels: {tier: critical}\n")
		WL("Deployment", "apps/v1", "lab2", "default", "  labels: {tier: critical2}\n")
		WL("Deployment", "apps/v1", "ann", "payments",
		   "  annotations: {headroom.dev/profile: batch}\n")
		WL("Deployment", "apps/v1", "web-3", "payments", "")
		"---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: pod-ann}\n"
		"spec:\n  template:\n    metadata:\n      annotations: {headroom.dev/profile: web}\n"
		"    spec:\n      containers: [{name: a}]\n";
	static const select_case cases[] = {
		{"Deployment", "payments", "api", "critical"},
		{"Deployment", "checkout-eu", "web", "critical"},
		{"Deployment", "checkout", "web-2", "web"},        /* anchored: checkout-.* needs the dash */
		{"Deployment", "xpayments", "a", "standard"},      /* anchored at the start */
		{"Deployment", "payments-x", "b", "standard"},     /* ... and at the end */
		{"Job", "default", "j", "batch"},
		{"Deployment", "default", "nightly-report", "batch"},
		{"Job", "payments", "pay-job", "critical"},        /* first match in file order */
		{"Deployment", "default", "lab", "critical"},
		{"Deployment", "default", "lab2", "standard"},     /* exact label value */
		{"Deployment", "payments", "ann", "batch"},        /* annotation beats selectors */
		{"Deployment", "payments", "web-3", "critical"},
		{"Deployment", "default", "pod-ann", "web"},       /* pod template annotation */
	};
	hr_policy *p = NULL;
	assert_int_equal(hr_policy_load_text("t.yaml", policy_yaml, strlen(policy_yaml), &p),
	                 HR_OK);
	hr_manifests *set;
	assert_int_equal(load_text(manifests, &set), HR_OK);
	hr_model *m = NULL;
	assert_int_equal(hr_model_build(set, &m), HR_OK);
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const hr_workload *w = hr_model_find(m, cases[i].kind, cases[i].ns,
		                                     cases[i].name);
		assert_non_null(w);
		const hr_profile *got = NULL;
		int rc = hr_policy_select(p, w, &got);
		if (rc != HR_OK || !got || strcmp(got->name, cases[i].profile) != 0) {
			printf("select %s/%s: rc %d, got %s, want %s\n", cases[i].ns,
			       cases[i].name, rc, got ? got->name : "-", cases[i].profile);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	hr_model_free(&m);
	hr_manifests_free(&set);
	hr_policy_free(&p);
}

static void test_select_unknown_annotation(void **state)
{
	(void)state;
	const char *manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
	                       "  name: api\n  annotations:\n"
	                       "    headroom.dev/profile: gold\n"
	                       "spec:\n  template:\n    spec:\n      containers: [{name: a}]\n";
	hr_policy *p = NULL;
	assert_int_equal(hr_policy_default(&p), HR_OK);
	hr_manifests *set;
	assert_int_equal(load_text(manifest, &set), HR_OK);
	hr_model *m = NULL;
	assert_int_equal(hr_model_build(set, &m), HR_OK);
	const hr_profile *got = NULL;
	hr_error_clear();
	assert_int_equal(hr_policy_select(p, &m->workloads[0], &got), HR_EINVALID);
	const hr_error *e = hr_error_last();
	assert_string_equal(e->file, "test.yaml");
	assert_int_equal(e->line, 6);
	assert_int_equal(e->column, 27);
	assert_string_equal(e->message, "annotation headroom.dev/profile: \"gold\" "
	                    "names no profile of the policy; the profiles are: "
	                    "standard, critical, batch");
	assert_non_null(got);
	assert_string_equal(got->name, "standard");
	hr_model_free(&m);
	hr_manifests_free(&set);

	/* A different override annotation key is honoured, the default key
	 * then ignored. */
	const char *yaml = V1 "overrides: {annotation: example.com/tier}\n";
	hr_policy_free(&p);
	assert_int_equal(hr_policy_load_text("t.yaml", yaml, strlen(yaml), &p), HR_OK);
	manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n"
	           "    headroom.dev/profile: gold\n    example.com/tier: critical\n"
	           "spec:\n  containers: [{name: a}]\n";
	assert_int_equal(load_text(manifest, &set), HR_OK);
	assert_int_equal(hr_model_build(set, &m), HR_OK);
	assert_int_equal(hr_policy_select(p, &m->workloads[0], &got), HR_OK);
	assert_string_equal(got->name, "critical");
	hr_model_free(&m);
	hr_manifests_free(&set);
	hr_policy_free(&p);
}

/* ---- patterns -------------------------------------------------------------- */

typedef struct match_case {
	const char *pattern;
	const char *subject;
	hr_match want;
} match_case;

static const match_case match_cases[] = {
	{"payments", "payments", HR_MATCH_FOUND},
	{"payments", "payments-eu", HR_MATCH_NONE},
	{"payments", "xpayments", HR_MATCH_NONE},
	{"checkout-.*", "checkout-", HR_MATCH_FOUND},
	{"checkout-.*", "checkout", HR_MATCH_NONE},
	{"pay|checkout", "payments", HR_MATCH_NONE},   /* every branch anchored */
	{"pay|checkout", "xcheckout", HR_MATCH_NONE},
	{"pay|checkout", "checkout", HR_MATCH_FOUND},
	{"caf\xc3\xa9", "caf\xc3\xa9", HR_MATCH_FOUND}, /* UTF-8 */
	{"caf.", "caf\xc3\xa9", HR_MATCH_FOUND},        /* one character */
	{"a.*", "a\xff", HR_MATCH_ABORTED},             /* invalid UTF-8 subject */
	{"", "", HR_MATCH_FOUND},
	{"a$", "a", HR_MATCH_FOUND},
};

static void test_pattern_match(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
		hr_pattern *pat = NULL;
		const match_case *c = &match_cases[i];
		assert_int_equal(hr_pattern_compile(c->pattern, strlen(c->pattern), &pat,
		                                    NULL), HR_OK);
		hr_match got = hr_pattern_match(pat, c->subject, strlen(c->subject));
		if (got != c->want)
			printf("pattern '%s' on '%s': got %d want %d\n", c->pattern,
			       c->subject, got, c->want);
		assert_int_equal(got, c->want);
		assert_string_equal(hr_pattern_text(pat), c->pattern);
		hr_pattern_free(pat);
	}
	hr_pattern_free(NULL);
}

static void test_pattern_errors_and_captures(void **state)
{
	(void)state;
	hr_pattern *pat = (hr_pattern *)1;
	hr_pattern_error err;
	assert_int_equal(hr_pattern_compile("ab(c", 4, &pat, &err), HR_EINVALID);
	assert_null(pat);
	assert_string_equal(err.message, "missing closing parenthesis");
	assert_int_equal(err.offset, 4);
	assert_non_null(strstr(hr_error_last()->message, "at offset 4"));
	assert_int_equal(hr_pattern_compile("a\\Cb", 4, &pat, &err), HR_EINVALID);
	assert_int_equal(hr_pattern_compile("(*LIMIT_MATCH=999999999)a", 25, &pat,
	                                    NULL), HR_OK);
	hr_pattern_free(pat);

	char *lng = malloc(HR_PATTERN_MAX_LENGTH + 2);
	memset(lng, 'a', HR_PATTERN_MAX_LENGTH + 1);
	lng[HR_PATTERN_MAX_LENGTH + 1] = '\0';
	assert_int_equal(hr_pattern_compile(lng, HR_PATTERN_MAX_LENGTH + 1, &pat, &err),
	                 HR_EINVALID);
	assert_non_null(strstr(err.message, "longer than"));
	assert_int_equal(hr_pattern_compile(lng, HR_PATTERN_MAX_LENGTH, &pat, &err),
	                 HR_OK);
	hr_pattern_free(pat);
	free(lng);

	assert_int_equal(hr_pattern_compile("(\\w+)-(\\d+)?(x)?", 16, &pat, NULL), HR_OK);
	assert_int_equal(hr_pattern_capture_count(pat), 3);
	hr_capture caps[5];
	const char *s = "abc-12";
	assert_int_equal(hr_pattern_match_captures(pat, s, 6, caps, 5), HR_MATCH_FOUND);
	assert_ptr_equal(caps[0].text, s);
	assert_int_equal(caps[0].len, 6);
	assert_ptr_equal(caps[1].text, s);
	assert_int_equal(caps[1].len, 3);
	assert_ptr_equal(caps[2].text, s + 4);
	assert_int_equal(caps[2].len, 2);
	assert_null(caps[3].text);   /* did not take part */
	assert_null(caps[4].text);   /* beyond the pattern's groups */
	s = "abc-";
	assert_int_equal(hr_pattern_match_captures(pat, s, 4, caps, 3), HR_MATCH_FOUND);
	assert_null(caps[2].text);
	assert_int_equal(hr_pattern_match_captures(pat, "-", 1, caps, 3), HR_MATCH_NONE);
	assert_null(caps[0].text);
	/* A subject with a NUL byte is matched whole. */
	assert_int_equal(hr_pattern_match(pat, "ab\0-1", 5), HR_MATCH_NONE);
	hr_pattern_free(pat);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Catastrophic backtracking stops at the match limit: no match, fast. */
static void test_hostile_patterns_are_bounded(void **state)
{
	(void)state;
	static const char *const patterns[] = {
		"(a+)+$", "(a|aa)*c", "(a*)*b", "((a+)*)+c", "(?:a|a)*c",
		"(.*a){12}c",
	};
	char subject[64];
	size_t aborted = 0;
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		hr_pattern *pat = NULL;
		assert_int_equal(hr_pattern_compile(patterns[i], strlen(patterns[i]),
		                                    &pat, NULL), HR_OK);
		for (size_t len = 30; len <= 42; len += 12) {
			/* a...a!c: the 'c' defeats PCRE2's required-character
			 * check, the '!' makes every path fail late. */
			memset(subject, 'a', len - 2);
			memcpy(subject + len - 2, "!c", 2);
			double t0 = now_seconds();
			hr_match m = hr_pattern_match(pat, subject, len);
			double dt = now_seconds() - t0;
			if (dt > 2.0)
				printf("'%s' on %zu bytes took %.2fs\n", patterns[i], len, dt);
			assert_true(dt < 2.0);
			assert_int_not_equal(m, HR_MATCH_FOUND);
			aborted += m == HR_MATCH_ABORTED;
		}
		hr_pattern_free(pat);
	}
	/* The limits did engage (PCRE2 optimises some of these away). */
	assert_true(aborted > 0);

	/* Through the policy: a hostile selector only costs a bounded match
	 * per workload, and picks nothing. */
	const char *yaml = V1 "profiles:\n  standard: {}\n  evil:\n    select:\n"
	                   "      namespaces: [\"(a|aa)*c\"]\n      names: [\"(a+)+$\"]\n";
	hr_policy *p = NULL;
	assert_int_equal(hr_policy_load_text("t.yaml", yaml, strlen(yaml), &p), HR_OK);
	hr_workload w;
	memset(&w, 0, sizeof(w));
	w.kind_name = "Deployment";
	w.namespace_ = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!c";
	w.name = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
	double t0 = now_seconds();
	const hr_profile *got = NULL;
	assert_int_equal(hr_policy_select(p, &w, &got), HR_OK);
	assert_true(now_seconds() - t0 < 2.0);
	assert_string_equal(got->name, "standard");
	hr_policy_free(&p);
}

/* ---- hostile policies ------------------------------------------------------ */

static void test_hostile_policies(void **state)
{
	(void)state;
	hr_policy *p = NULL;
	/* Billion laughs: the loader's expansion bound. */
	const char *bomb = V1 "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	                   "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	                   "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	                   "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	                   "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
	assert_int_equal(hr_policy_load_text("t.yaml", bomb, strlen(bomb), &p), HR_ELIMIT);
	assert_null(p);
	assert_non_null(strstr(hr_error_last()->message, "alias bomb"));

	/* Deep nesting. */
	enum { DEEP = 500 };
	static char deep[2 * DEEP + 64];
	size_t n = DEEP;
	int o = sprintf(deep, "version: 1\nprofiles: ");
	memset(deep + o, '[', n);
	memset(deep + o + n, ']', n);
	deep[o + 2 * n] = '\0';
	assert_int_equal(hr_policy_load_text("t.yaml", deep, strlen(deep), &p), HR_ELIMIT);
	assert_non_null(strstr(hr_error_last()->message, "nesting deeper"));

	/* Too large. */
	size_t big = HR_POLICY_MAX_BYTES + 1;
	char *huge = malloc(big);
	memset(huge, '#', big);
	assert_int_equal(hr_policy_load_text("t.yaml", huge, big, &p), HR_ELIMIT);
	assert_string_equal(hr_error_last()->file, "t.yaml");
	free(huge);

	/* Too many profiles. */
	size_t cap = 64 + 16 * (HR_POLICY_MAX_PROFILES + 1);
	char *many = malloc(cap);
	o = sprintf(many, "version: 1\nprofiles:\n");
	for (unsigned i = 0; i <= HR_POLICY_MAX_PROFILES; i++)
		o += sprintf(many + o, "  p%u: {}\n", i);
	assert_int_equal(hr_policy_load_text("t.yaml", many, strlen(many), &p), HR_ELIMIT);
	assert_non_null(strstr(hr_error_last()->message, "profiles has more than 256 profiles"));
	free(many);

	/* Aliases of one pattern compile it once; 5000 selectors alias it. */
	size_t acap = 200 + 4 * 5000;
	char *aliases = malloc(acap);
	o = sprintf(aliases, "version: 1\nprofiles:\n  p:\n    select:\n"
	                     "      names: [&n \"x-(a|b)+\"");
	for (int i = 0; i < 999; i++)
		o += sprintf(aliases + o, ", *n");
	sprintf(aliases + o, "]\n");
	assert_int_equal(hr_policy_load_text("t.yaml", aliases, strlen(aliases), &p), HR_OK);
	assert_int_equal(((hr_policy_impl *)(void *)p)->pattern_count, 1);
	assert_int_equal(p->profiles[0].select.name_count, 1000);
	hr_policy_free(&p);
	free(aliases);

	/* A key holding control characters is quoted in the message. */
	const char *ctl = V1 "\"a\\nb\\u001b[31m\": 1\n";
	assert_int_equal(hr_policy_load_text("t.yaml", ctl, strlen(ctl), &p), HR_EINVALID);
	assert_non_null(strstr(hr_error_last()->message, "\"a\\nb\\x1b[31m\""));
}

static void test_quote(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(hr_policy_quote(buf, sizeof(buf), "abc", 3), "\"abc\"");
	assert_string_equal(hr_policy_quote(buf, sizeof(buf), "a\"b\\", 4), "\"a\\\"b\\\"");
	assert_string_equal(hr_policy_quote(buf, sizeof(buf), "a\0b", 3), "\"a\\x00b\"");
	/* Long text is cut, never inside a UTF-8 sequence. */
	const char *s = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9";
	hr_policy_quote(buf, sizeof(buf), s, strlen(s));
	size_t len = strlen(buf);
	assert_true(len < sizeof(buf));
	assert_string_equal(buf + len - 4, "...\"");
	assert_true(((unsigned char)buf[len - 5] & 0xC0) == 0x80);
	assert_true((len - 5) % 2 == 0); /* whole two-byte characters */
}

/* ---- the waive annotation -------------------------------------------------- */

typedef struct waive_case {
	const char *name;
	const char *text;
	int rc;
	size_t count;
	const char *rule0, *expires0, *reason0; /* first waiver */
	const char *rule_last;                  /* last waiver */
	const char *error;                      /* substring */
} waive_case;

static const waive_case waive_cases[] = {
	{"one", "cpu-request-below-usage until 2026-12-31: load test next sprint",
	 HR_OK, 1, "cpu-request-below-usage", "2026-12-31", "load test next sprint",
	 "cpu-request-below-usage", NULL},
	{"spaces everywhere", "  no-usage-data   until\t2030-01-01  :   new service   ",
	 HR_OK, 1, "no-usage-data", "2030-01-01", "new service", "no-usage-data", NULL},
	{"reason with colons", "no-usage-data until 2030-01-01: see: JIRA-1",
	 HR_OK, 1, "no-usage-data", "2030-01-01", "see: JIRA-1", "no-usage-data", NULL},
	{"semicolons", "no-usage-data until 2030-01-01: a; low-confidence until 2030-02-01: b",
	 HR_OK, 2, "no-usage-data", "2030-01-01", "a", "low-confidence", NULL},
	{"newlines and blanks", "\nno-usage-data until 2030-01-01: a\r\n\n  ;\n"
	 "oom-kills-observed until 2030-03-01: c\n",
	 HR_OK, 2, "no-usage-data", "2030-01-01", "a", "oom-kills-observed", NULL},
	{"empty", "", HR_EINVALID, 0, NULL, NULL, NULL, NULL, "no waiver in the annotation"},
	{"blank", " ;\n ; ", HR_EINVALID, 0, NULL, NULL, NULL, NULL, "no waiver"},
	{"no until", "no-usage-data 2030-01-01: a", HR_EINVALID, 0, NULL, NULL, NULL, NULL,
	 "waiver 1 \"no-usage-data 2030-01-01: a\": expected \"<rule> until <YYYY-MM-DD>: <reason>\""},
	{"no colon", "no-usage-data until 2030-01-01 a", HR_EINVALID, 0, NULL, NULL, NULL,
	 NULL, "expected \"<rule> until"},
	{"no reason", "no-usage-data until 2030-01-01:", HR_EINVALID, 0, NULL, NULL, NULL,
	 NULL, "waiver 1 (no-usage-data until 2030-01-01) has no reason"},
	{"no reason, blanks", "no-usage-data until 2030-01-01:   ", HR_EINVALID, 0, NULL,
	 NULL, NULL, NULL, "has no reason"},
	{"bad date", "no-usage-data until 2030-02-30: a", HR_EINVALID, 0, NULL, NULL, NULL,
	 NULL, "waiver 1: \"2030-02-30\" is not a date; write YYYY-MM-DD"},
	{"short date", "no-usage-data until 2030-2-3: a", HR_EINVALID, 0, NULL, NULL, NULL,
	 NULL, "is not a date"},
	{"unknown rule", "no-usage until 2030-01-01: a", HR_EINVALID, 0, NULL, NULL, NULL,
	 NULL, "waiver 1: unknown rule \"no-usage\""},
	{"second one bad", "no-usage-data until 2030-01-01: a; junk", HR_EINVALID, 0, NULL,
	 NULL, NULL, NULL, "waiver 2 \"junk\""},
	{"before 1970", "no-usage-data until 1013-12-31: old", HR_OK, 1, "no-usage-data",
	 "1013-12-31", "old", "no-usage-data", NULL},
	{"upper-case UNTIL", "no-usage-data UNTIL 2030-01-01: a", HR_EINVALID, 0, NULL,
	 NULL, NULL, NULL, "expected"},
};

static void test_waive_annotation(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(waive_cases) / sizeof(waive_cases[0]); i++) {
		const waive_case *c = &waive_cases[i];
		hr_arena arena = HR_ARENA_INIT;
		const hr_annotation_waiver *w = NULL;
		size_t count = 99;
		hr_error_clear();
		int rc = hr_waive_annotation_parse(c->text, strlen(c->text), &arena,
		                                   &w, &count);
		bool ok = rc == c->rc;
		if (ok && rc == HR_OK)
			ok = count == c->count && strcmp(w[0].rule, c->rule0) == 0 &&
			     strcmp(w[0].expires, c->expires0) == 0 &&
			     strcmp(w[0].reason, c->reason0) == 0 &&
			     strcmp(w[count - 1].rule, c->rule_last) == 0;
		if (ok && rc != HR_OK)
			ok = count == 0 && w == NULL &&
			     strstr(hr_error_last()->message, c->error) != NULL;
		if (!ok) {
			printf("waive case '%s': rc %d count %zu: %s\n", c->name, rc,
			       count, hr_error_last()->message);
			bad++;
		}
		hr_arena_free(&arena);
	}
	assert_int_equal(bad, 0);

	/* Not NUL-terminated: only len bytes are read. */
	hr_arena arena = HR_ARENA_INIT;
	const hr_annotation_waiver *w;
	size_t count;
	const char *text = "no-usage-data until 2030-01-01: abcXYZ";
	assert_int_equal(hr_waive_annotation_parse(text, strlen(text) - 3, &arena, &w,
	                                           &count), HR_OK);
	assert_string_equal(w[0].reason, "abc");

	/* NUL bytes would cut a rule or a reason short. */
	static const char nul_reason[] = "no-usage-data until 2030-01-01: \0x";
	assert_int_equal(hr_waive_annotation_parse(nul_reason, sizeof(nul_reason) - 1,
	                                           &arena, &w, &count), HR_EINVALID);
	assert_string_equal(hr_error_last()->message, "waiver 1 \"no-usage-data until "
	                    "2030-01-01: \\x00x\" holds a NUL character");
	static const char nul_rule[] = "no-usage-data\0x until 2030-01-01: x";
	assert_int_equal(hr_waive_annotation_parse(nul_rule, sizeof(nul_rule) - 1,
	                                           &arena, &w, &count), HR_EINVALID);
	assert_non_null(strstr(hr_error_last()->message, "holds a NUL"));

	/* A long hostile value stays bounded. */
	size_t n = 200000;
	char *big = malloc(n);
	memset(big, ' ', n);
	memcpy(big + n / 2, "no-usage-data", 13);
	double t0 = now_seconds();
	assert_int_equal(hr_waive_annotation_parse(big, n, &arena, &w, &count), HR_EINVALID);
	assert_true(now_seconds() - t0 < 2.0);
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 3) ? 'a' : ' ';
	t0 = now_seconds();
	assert_int_equal(hr_waive_annotation_parse(big, n, &arena, &w, &count), HR_EINVALID);
	assert_true(now_seconds() - t0 < 2.0);
	free(big);
	hr_arena_free(&arena);
}

/* ---- dates ----------------------------------------------------------------- */

typedef struct date_case {
	const char *ymd;
	bool valid;
	int64_t end;  /* hr_date_end_unix */
} date_case;

static const date_case date_cases[] = {
	{"1970-01-01", true, 86399},
	{"2026-12-31", true, INT64_C(1798761599)},
	{"2027-01-01", true, INT64_C(1798761600) + 86399},
	{"2024-02-29", true, INT64_C(1709251199)},
	{"2000-02-29", true, INT64_C(951868799)},
	{"9999-12-31", true, INT64_C(253402300799)},
	{"0001-01-01", true, INT64_C(-62135596800) + 86399},
	{"2023-02-29", false, -1},
	{"1900-02-29", false, -1},
	{"2026-04-31", false, -1},
	{"2026-13-01", false, -1},
	{"2026-00-10", false, -1},
	{"2026-01-00", false, -1},
	{"0000-01-01", false, -1},
	{"2026-1-01", false, -1},
	{"2026-01-1", false, -1},
	{"2026-01-011", false, -1},
	{"2026/01/01", false, -1},
	{"2026-01-01T00:00:00Z", false, -1},
	{" 2026-01-01", false, -1},
	{"abcd-ef-gh", false, -1},
	{"", false, -1},
};

static void test_dates(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(date_cases) / sizeof(date_cases[0]); i++) {
		const date_case *c = &date_cases[i];
		if (hr_date_valid(c->ymd) != c->valid ||
		    hr_date_end_unix(c->ymd) != c->end)
			printf("date '%s': valid %d end %lld\n", c->ymd,
			       hr_date_valid(c->ymd), (long long)hr_date_end_unix(c->ymd));
		assert_int_equal(hr_date_valid(c->ymd), c->valid);
		assert_int_equal(hr_date_end_unix(c->ymd), c->end);
	}
	assert_false(hr_date_valid(NULL));
	assert_int_equal(hr_date_end_unix(NULL), -1);
	/* Consecutive days are 86400 s apart, across a month and a year. */
	assert_int_equal(hr_date_end_unix("2026-03-01") - hr_date_end_unix("2026-02-28"), 86400);
	assert_int_equal(hr_date_end_unix("2025-01-01") - hr_date_end_unix("2024-12-31"), 86400);
}

static void test_percentile_names(void **state)
{
	(void)state;
	assert_string_equal(hr_percentile_name(HR_P50), "p50");
	assert_string_equal(hr_percentile_name(HR_P95), "p95");
	assert_string_equal(hr_percentile_name(HR_P99), "p99");
	assert_string_equal(hr_percentile_name(HR_PMAX), "max");
	assert_string_equal(hr_percentile_name(HR_PERCENTILE_COUNT), "?");
	hr_policy *p = NULL;
	assert_int_equal(hr_policy_default(&p), HR_OK);
	assert_null(hr_policy_profile(p, "nope"));
	assert_null(hr_policy_profile(p, NULL));
	assert_false(hr_policy_match(NULL, "x"));
	hr_policy_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_profiles),
		cmocka_unit_test(test_default_text_is_a_policy),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_profiles_inherit_from_standard),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_example_policy),
		cmocka_unit_test(test_severity_precedence),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_select_unknown_annotation),
		cmocka_unit_test(test_pattern_match),
		cmocka_unit_test(test_pattern_errors_and_captures),
		cmocka_unit_test(test_hostile_patterns_are_bounded),
		cmocka_unit_test(test_hostile_policies),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_waive_annotation),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_percentile_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
