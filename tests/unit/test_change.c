/*
 * The pull-request gate's pieces that need no repository: matching by
 * identity, the step bounds and their suggestions, the cost delta, and
 * choosing the base from CI variables.  (tests/integration/git/ runs the
 * whole on real repositories.)
 */
#include "test_util.h"

#include "evaluate/evaluate_internal.h"

#include <math.h>

#define GIB 1073741824.0

/* cmocka compares floats in single precision: money needs doubles. */
#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* ---- models from text ---------------------------------------------------- */

typedef struct loaded {
	hr_manifests *set;
	hr_model *model;
} loaded;

/* Files are "name\ntext" pairs: several sources in one set. */
static void load_files(loaded *l, const char *const *files, size_t count)
{
	assert_int_equal(hr_manifests_new(&l->set, NULL), HR_OK);
	for (size_t i = 0; i < count; i++) {
		const char *nl = strchr(files[i], '\n');
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)(nl - files[i]), files[i]);
		assert_int_equal(hr_manifests_add_buffer(l->set, name, nl + 1,
		                                         strlen(nl + 1)), HR_OK);
	}
	assert_int_equal(hr_model_build(l->set, &l->model), HR_OK);
}

static void unload(loaded *l)
{
	hr_model_free(&l->model);
	hr_manifests_free(&l->set);
}

#define DEPLOY(NAME, NS, MEM, REPLICAS)                                        \
	"apiVersion: apps/v1\nkind: Deployment\n"                              \
	"metadata: {name: " NAME ", namespace: " NS "}\n"                      \
	"spec:\n  replicas: " REPLICAS "\n  template:\n    spec:\n"            \
	"      containers:\n      - name: app\n        resources:\n"           \
	"          requests: {cpu: 500m, memory: " MEM "}\n"

/* ---- matching ------------------------------------------------------------ */

typedef struct match_case {
	const char *name;
	const char *base[3];
	const char *now[3];
	/* per proposed workload, in model order */
	hr_change_status want[3];
	size_t now_count;
	size_t deleted;
} match_case;

static const match_case match_cases[] = {
	{"same text is unchanged",
	 {"a.yaml\n" DEPLOY("cart", "shop", "1Gi", "2")},
	 {"a.yaml\n" DEPLOY("cart", "shop", "1Gi", "2")},
	 {HR_CHANGE_UNCHANGED}, 1, 0},
	{"a value is a change",
	 {"a.yaml\n" DEPLOY("cart", "shop", "1Gi", "2")},
	 {"a.yaml\n" DEPLOY("cart", "shop", "512Mi", "2")},
	 {HR_CHANGE_CHANGED}, 1, 0},
	{"a comment is a change: the reviewer reads the text",
	 {"a.yaml\n" DEPLOY("cart", "shop", "1Gi", "2")},
	 {"a.yaml\n" DEPLOY("cart", "shop", "1Gi", "2") "          # note\n"},
	 {HR_CHANGE_CHANGED}, 1, 0},
	{"another file is a move, even unchanged",
	 {"a.yaml\n" DEPLOY("cart", "shop", "1Gi", "2")},
	 {"b.yaml\n" DEPLOY("cart", "shop", "1Gi", "2")},
	 {HR_CHANGE_MOVED}, 1, 0},
	{"a document moved within its file is unchanged",
	 {"a.yaml\n" DEPLOY("x", "shop", "1Gi", "2") "---\n" DEPLOY("cart", "shop", "1Gi", "2")},
	 {"a.yaml\n" DEPLOY("cart", "shop", "1Gi", "2") "---\n" DEPLOY("x", "shop", "1Gi", "2")},
	 {HR_CHANGE_UNCHANGED, HR_CHANGE_UNCHANGED}, 2, 0},
	{"a renamed workload is one new and one deleted",
	 {"a.yaml\n" DEPLOY("cart", "shop", "1Gi", "2")},
	 {"a.yaml\n" DEPLOY("basket", "shop", "1Gi", "2")},
	 {HR_CHANGE_NEW}, 1, 1},
	{"another namespace is another workload",
	 {"a.yaml\n" DEPLOY("cart", "shop", "1Gi", "2")},
	 {"a.yaml\n" DEPLOY("cart", "shop-eu", "1Gi", "2")},
	 {HR_CHANGE_NEW}, 1, 1},
	{"merged files: one unchanged, one moved",
	 {"a.yaml\n" DEPLOY("a", "shop", "1Gi", "2"), "b.yaml\n" DEPLOY("b", "shop", "1Gi", "2")},
	 {"a.yaml\n" DEPLOY("a", "shop", "1Gi", "2") "---\n" DEPLOY("b", "shop", "1Gi", "2")},
	 {HR_CHANGE_UNCHANGED, HR_CHANGE_MOVED}, 2, 0},
};

static size_t file_count(const char *const *files)
{
	size_t n = 0;
	while (n < 3 && files[n])
		n++;
	return n;
}

static void test_matching(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
		const match_case *c = &match_cases[i];
		loaded base, now;
		load_files(&base, c->base, file_count(c->base));
		load_files(&now, c->now, file_count(c->now));
		assert_int_equal(now.model->workload_count, c->now_count);
		const hr_workload *of[3] = {NULL, NULL, NULL};
		bool kept[3] = {false, false, false};
		hr_change_match(now.model, base.model, of, kept);
		size_t deleted = 0;
		for (size_t j = 0; j < base.model->workload_count; j++)
			deleted += !kept[j];
		for (size_t j = 0; j < c->now_count; j++) {
			hr_change_status got =
			        hr_change_classify(&now.model->workloads[j], of[j]);
			if (got != c->want[j])
				print_error("%s: workload %zu is %s, expected %s\n",
				            c->name, j, hr_change_status_name(got),
				            hr_change_status_name(c->want[j]));
			assert_int_equal(got, c->want[j]);
		}
		assert_int_equal(deleted, c->deleted);
		unload(&base);
		unload(&now);
	}
}

/* ---- steps and their suggestions ------------------------------------------ */

typedef struct step_case {
	hr_resource r;
	double before, after, dec, inc;
	int verdict;
	const char *suggest; /* NULL: within the bounds */
} step_case;

static const step_case step_cases[] = {
	/* The example of the design: 1Gi at 30% is 716.8Mi, so 717Mi. */
	{HR_RES_MEMORY, GIB, GIB / 2, 0.30, 1.00, -1, "717Mi"},
	{HR_RES_MEMORY, GIB, 768 * 1048576.0, 0.30, 1.00, 0, NULL},
	{HR_RES_MEMORY, GIB, 717 * 1048576.0, 0.30, 1.00, 0, NULL},
	{HR_RES_MEMORY, GIB, 716 * 1048576.0, 0.30, 1.00, -1, "717Mi"},
	/* Exactly at the bound passes. */
	{HR_RES_MEMORY, GIB, GIB * 0.7, 0.30, 1.00, 0, NULL},
	{HR_RES_MEMORY, GIB, 2 * GIB, 0.30, 1.00, 0, NULL},
	/* Growth is rounded down: never above the bound. */
	{HR_RES_MEMORY, GIB, 3 * GIB, 0.30, 1.00, 1, "2Gi"},
	{HR_RES_MEMORY, 300 * 1048576.0, GIB, 0.30, 0.50, 1, "450Mi"},
	{HR_RES_CPU, 0.5, 0.2, 0.30, 1.00, -1, "350m"},
	{HR_RES_CPU, 0.25, 0.1, 0.20, 1.00, -1, "200m"},
	{HR_RES_CPU, 0.5, 2, 0.30, 1.00, 1, "1"},
	{HR_RES_CPU, 0.333, 1, 0.30, 1.00, 1, "660m"},
	{HR_RES_CPU, 0.003, 0.001, 0.30, 1.00, -1, "5m"},
	{HR_RES_CPU, 0.002, 0.01, 0.30, 1.00, 1, "4m"},
	/* A bound of 0 is no bound; a base of 0 has no step. */
	{HR_RES_MEMORY, GIB, 1, 0, 0, 0, NULL},
	{HR_RES_CPU, 0, 4, 0.30, 1.00, 0, NULL},
};

static void test_steps(void **state)
{
	(void)state;
	hr_arena arena = HR_ARENA_INIT;
	for (size_t i = 0; i < sizeof(step_cases) / sizeof(step_cases[0]); i++) {
		const step_case *c = &step_cases[i];
		int v = hr_step_verdict(c->before, c->after, c->dec, c->inc);
		if (v != c->verdict)
			print_error("case %zu: verdict %d, expected %d\n", i, v,
			            c->verdict);
		assert_int_equal(v, c->verdict);
		if (!c->suggest)
			continue;
		const char *s = hr_step_suggestion(&arena, c->r, c->before, v,
		                                   c->dec, c->inc);
		if (strcmp(s, c->suggest) != 0)
			print_error("case %zu: suggests %s, expected %s\n", i, s,
			            c->suggest);
		assert_string_equal(s, c->suggest);
	}
	hr_arena_free(&arena);
}

/* ---- the cost delta -------------------------------------------------------- */

static void test_cost_delta(void **state)
{
	(void)state;
	static const char *const base_files[] = {
		"a.yaml\n" DEPLOY("cart", "shop", "1Gi", "2"),
		"b.yaml\n" DEPLOY("legacy", "shop", "2Gi", "3"),
	};
	static const char *const now_files[] = {
		"a.yaml\n" DEPLOY("cart", "shop", "512Mi", "4"),
		"c.yaml\n" DEPLOY("search", "shop", "256Mi", "1"),
	};
	loaded base, now;
	load_files(&base, base_files, 2);
	load_files(&now, now_files, 2);
	hr_policy *policy = NULL;
	hr_recommendations *recs = NULL;
	assert_int_equal(hr_policy_default(&policy), HR_OK);
	assert_int_equal(hr_recommendations_new(&recs), HR_OK);
	hr_arena arena = HR_ARENA_INIT;
	hr_workload_result results[2];
	memset(results, 0, sizeof(results));
	eval_ctx ctx;
	memset(&ctx, 0, sizeof(ctx));
	ctx.model = now.model;
	ctx.base_model = base.model;
	ctx.policy = policy;
	ctx.recs = recs;
	ctx.arena = &arena;
	ctx.results = results;

	/* Per pod-month: 0.5 core and the memory, at the built-in prices. */
	double hours = 730, cpu = 0.0316 * hours * 0.5;
	double gib = 0.0042 * hours;
	hr_cost_summary cost = {0};
	cost.monthly = 4 * (cpu + gib / 2) + 1 * (cpu + gib / 4);
	hr_change_summary sum;
	memset(&sum, 0, sizeof(sum));
	hr_change_compare(&ctx, &sum, &cost);

	assert_int_equal(results[0].change, HR_CHANGE_CHANGED);
	assert_near(results[0].base_monthly, 2 * (cpu + gib));
	assert_int_equal(results[1].change, HR_CHANGE_NEW);
	assert_near(results[1].base_monthly, 0);
	assert_int_equal(sum.deleted_count, 1);
	assert_string_equal(sum.deleted[0].workload->name, "legacy");
	assert_near(sum.deleted[0].base_monthly, 3 * (cpu + 2 * gib));
	assert_true(cost.has_base);
	double base_total = 2 * (cpu + gib) + 3 * (cpu + 2 * gib);
	assert_near(cost.base_monthly, base_total);
	assert_near(cost.delta_monthly, cost.monthly - base_total);
	assert_int_equal(sum.counts[HR_CHANGE_CHANGED], 1);
	assert_int_equal(sum.counts[HR_CHANGE_NEW], 1);
	assert_int_equal(sum.counts[HR_CHANGE_DELETED], 1);

	hr_arena_free(&arena);
	hr_recommendations_free(&recs);
	hr_policy_free(&policy);
	unload(&base);
	unload(&now);
}

/* ---- the base from CI variables -------------------------------------------- */

#define SHA "0123456789abcdef0123456789abcdef01234567"

typedef struct env_case {
	const char *name;
	const char *vars[4][2];
	const char *event; /* written to a file named by GITHUB_EVENT_PATH */
	int rc;
	const char *rev;
	const char *source;
} env_case;

static const env_case env_cases[] = {
	{"nothing: no comparison", {{NULL, NULL}}, NULL, HR_OK, "", NULL},
	{"a GitHub pull_request",
	 {{"GITHUB_EVENT_NAME", "pull_request"}, {"GITHUB_EVENT_PATH", "@"}},
	 "{\"pull_request\": {\"head\": {\"sha\": \"ffff\"}, \"base\": {\"ref\": "
	 "\"main\", \"sha\": \"" SHA "\"}}, \"number\": 3}",
	 HR_OK, SHA, "GitHub pull_request event"},
	{"pull_request_target too",
	 {{"GITHUB_EVENT_NAME", "pull_request_target"}, {"GITHUB_EVENT_PATH", "@"}},
	 "{\"pull_request\": {\"base\": {\"sha\": \"" SHA "\"}}}",
	 HR_OK, SHA, "GitHub pull_request_target event"},
	{"GitHub wins over GitLab",
	 {{"GITHUB_EVENT_NAME", "pull_request"}, {"GITHUB_EVENT_PATH", "@"},
	  {"CI_MERGE_REQUEST_DIFF_BASE_SHA", "1111111111111111111111111111111111111111"}},
	 "{\"pull_request\": {\"base\": {\"sha\": \"" SHA "\"}}}",
	 HR_OK, SHA, "GitHub pull_request event"},
	{"a push event is no pull request: GitLab's variable then",
	 {{"GITHUB_EVENT_NAME", "push"}, {"CI_MERGE_REQUEST_DIFF_BASE_SHA", SHA}},
	 NULL, HR_OK, SHA, "GitLab merge request pipeline"},
	{"an empty GitLab variable is none",
	 {{"CI_MERGE_REQUEST_DIFF_BASE_SHA", ""}}, NULL, HR_OK, "", NULL},
	{"a GitLab variable that is not a commit id",
	 {{"CI_MERGE_REQUEST_DIFF_BASE_SHA", "main"}}, NULL, HR_EINVALID, "", NULL},
	{"a pull_request without an event path",
	 {{"GITHUB_EVENT_NAME", "pull_request"}}, NULL, HR_EINVALID, "", NULL},
	{"an event path that does not exist",
	 {{"GITHUB_EVENT_NAME", "pull_request"},
	  {"GITHUB_EVENT_PATH", "/nonexistent/event.json"}},
	 NULL, HR_EIO, "", NULL},
	{"an event without the sha",
	 {{"GITHUB_EVENT_NAME", "pull_request"}, {"GITHUB_EVENT_PATH", "@"}},
	 "{\"pull_request\": {\"base\": {\"ref\": \"main\"}}}", HR_EINVALID, "", NULL},
	{"a sha that is a number",
	 {{"GITHUB_EVENT_NAME", "pull_request"}, {"GITHUB_EVENT_PATH", "@"}},
	 "{\"pull_request\": {\"base\": {\"sha\": 12}}}", HR_EINVALID, "", NULL},
	{"a sha with a flag in it",
	 {{"GITHUB_EVENT_NAME", "pull_request"}, {"GITHUB_EVENT_PATH", "@"}},
	 "{\"pull_request\": {\"base\": {\"sha\": \"--upload-pack=x\"}}}",
	 HR_EINVALID, "", NULL},
	{"invalid JSON",
	 {{"GITHUB_EVENT_NAME", "pull_request"}, {"GITHUB_EVENT_PATH", "@"}},
	 "{\"pull_request\": {\"base\": {\"sha\": \"" SHA "\"}}", HR_EINVALID, "", NULL},
	{"base is not an object",
	 {{"GITHUB_EVENT_NAME", "pull_request"}, {"GITHUB_EVENT_PATH", "@"}},
	 "{\"pull_request\": {\"base\": [1, 2]}}", HR_EINVALID, "", NULL},
};

typedef struct env_table {
	const env_case *c;
	const char *event_path;
} env_table;

static const char *fake_getenv(void *ctx, const char *name)
{
	const env_table *t = ctx;
	for (size_t i = 0; i < 4 && t->c->vars[i][0]; i++)
		if (strcmp(t->c->vars[i][0], name) == 0)
			return strcmp(t->c->vars[i][1], "@") == 0 ? t->event_path
			                                          : t->c->vars[i][1];
	return NULL;
}

static void test_base_from_env(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(env_cases) / sizeof(env_cases[0]); i++) {
		const env_case *c = &env_cases[i];
		env_table t = {c, NULL};
		char *path = c->event ? write_temp_file(c->event, ".json") : NULL;
		t.event_path = path;
		hr_base_choice choice;
		int rc = hr_base_from_env(fake_getenv, &t, &choice);
		if (rc != c->rc || strcmp(choice.rev, c->rev) != 0)
			print_error("%s: rc %d rev '%s' (%s), expected %d '%s'\n",
			            c->name, rc, choice.rev, hr_error_last()->message,
			            c->rc, c->rev);
		assert_int_equal(rc, c->rc);
		assert_string_equal(choice.rev, c->rev);
		if (rc == HR_OK && c->source)
			assert_string_equal(choice.source, c->source);
		else if (rc == HR_OK)
			assert_null(choice.source);
		if (path) {
			unlink(path);
			free(path);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_cost_delta),
		cmocka_unit_test(test_base_from_env),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
