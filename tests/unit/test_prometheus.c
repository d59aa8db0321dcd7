/*
 * The Prometheus source without a server: durations, PromQL text, pod
 * names to workloads, answers decoded, pods combined into the document,
 * and the policy's prometheus: key.
 */
#include "test_util.h"

#include "prom/prom_internal.h"

#include <jansson.h>
#include <math.h>

static void test_durations(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int64_t seconds; /* -1: invalid */
		const char *shown;
	} cases[] = {
		{"30s", 30, "30s"},      {"5m", 300, "5m"},
		{"1h", 3600, "1h"},      {"14d", 1209600, "14d"},
		{"2w", 1209600, "14d"},  {"90s", 90, "90s"},
		{"0s", -1, NULL},        {"", -1, NULL},
		{"5", -1, NULL},         {"m", -1, NULL},
		{"1h30m", -1, NULL},     {"-5m", -1, NULL},
		{"5M", -1, NULL},        {"99999999999999999999d", -1, NULL},
		{"3661d", -1, NULL},     {" 5m", -1, NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t s = 0;
		int rc = hr_duration_parse(cases[i].text, &s);
		if (cases[i].seconds < 0) {
			assert_int_equal(rc, HR_EINVALID);
			continue;
		}
		assert_int_equal(rc, HR_OK);
		assert_int_equal(s, cases[i].seconds);
		char buf[24];
		assert_string_equal(hr_duration_format(s, buf, sizeof(buf)),
		                    cases[i].shown);
	}
}

static void test_queries(void **state)
{
	(void)state;
	const char *ns[] = {"shop", "pay"};
	prom_scope sc = {.namespaces = ns, .namespace_count = 2,
	                 .cluster_label = "cluster", .cluster = "pr\"od",
	                 .window = 1209600, .rate_window = 900, .step = 300};
	static const struct {
		prom_stat stat;
		const char *has;
	} cases[] = {
		{PS_MEM_P95, "quantile_over_time(0.95, container_memory_working_set_"
		             "bytes{namespace=~\"shop|pay\",cluster=\"pr\\\"od\","
		             "container!=\"\",container!=\"POD\",image!=\"\"}"
		             "[1209600s])"},
		{PS_MEM_MAX, "max_over_time(container_memory_working_set_bytes{"},
		{PS_MEM_COUNT, "count_over_time("},
		{PS_MEM_FIRST, "min by (namespace, pod, container) (min_over_time("
		               "timestamp("},
		{PS_CPU_P99, "quantile_over_time(0.99, sum by (namespace, pod, "
		             "container) (rate(container_cpu_usage_seconds_total{"},
		{PS_CPU_MAX, "[900s]))[1209600s:300s])"},
		{PS_THROTTLED, "container_cpu_cfs_throttled_periods_total"},
		{PS_OOM, "reason=\"OOMKilled\""},
		{PS_POD_OWNER, "max by (namespace, pod, owner_kind, owner_name) "
		               "(max_over_time(kube_pod_owner{namespace=~\"shop|pay\","
		               "cluster=\"pr\\\"od\"}[1209600s]))"},
		{PS_RS_OWNER, "kube_replicaset_owner"},
		{PS_JOB_OWNER, "(namespace, job_name, owner_kind, owner_name)"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *q = hr_prom_query(cases[i].stat, &sc);
		if (!strstr(q, cases[i].has))
			fail_msg("query %zu lacks %s:\n%s", i, cases[i].has, q);
		/* Batched: never a pod list. */
		assert_null(strstr(q, "pod=~"));
		free(q);
	}
	/* Per container: the pods' names are regex-escaped. */
	const char *pods[] = {"a.b-0", "c-1"};
	sc.pods = pods;
	sc.pod_count = 2;
	sc.container = "app";
	char *q = hr_prom_query(PS_MEM_MAX, &sc);
	assert_non_null(strstr(q, "pod=~\"a\\\\.b-0|c-1\",container=\"app\""));
	free(q);
}

static void test_namespaces(void **state)
{
	(void)state;
	assert_true(hr_prom_valid_namespace("shop"));
	assert_true(hr_prom_valid_namespace("team-01"));
	assert_false(hr_prom_valid_namespace(""));
	assert_false(hr_prom_valid_namespace("-x"));
	assert_false(hr_prom_valid_namespace("Shop"));
	assert_false(hr_prom_valid_namespace("a\"|.*"));
	assert_false(hr_prom_valid_namespace(
	        "a234567890123456789012345678901234567890123456789012345678901234"));
}

static void test_owner_by_name(void **state)
{
	(void)state;
	static const struct {
		const char *pod, *kind, *name;
	} cases[] = {
		{"cart-7d9f8b6c5d-x2x4z", "Deployment", "cart"},
		{"my-app-5c8b9d7f6b-qwxzr", "Deployment", "my-app"},
		{"backup-28391040-x2x4z", "CronJob", "backup"},
		{"db-0", "StatefulSet", "db"},
		{"kafka-broker-12", "StatefulSet", "kafka-broker"},
		{"agent-x2x4z", "DaemonSet", "agent"},
		{"standalone", "Pod", "standalone"},
		{"x-aeiou", "Pod", "x-aeiou"},        /* vowels: not generated */
		{"db-01", "Pod", "db-01"},            /* no leading zeros */
	};
	hr_arena arena = HR_ARENA_INIT;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		prom_owner o;
		assert_int_equal(hr_prom_owner_by_name(cases[i].pod, &arena, &o),
		                 HR_OK);
		assert_string_equal(o.kind, cases[i].kind);
		assert_string_equal(o.name, cases[i].name);
	}
	hr_arena_free(&arena);
}

static const char *const container_labels[] = {"namespace", "pod",
                                               "container", NULL};

static void test_decode(void **state)
{
	(void)state;
	static const struct {
		const char *body;
		int rc;
		size_t rows, bad_value, bad_labels;
		const char *message; /* part of the error */
	} cases[] = {
		{"{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
		 "\"result\":[{\"metric\":{\"namespace\":\"a\",\"pod\":\"p\","
		 "\"container\":\"c\"},\"value\":[1,\"2.5\"]}]}}",
		 HR_OK, 1, 0, 0, NULL},
		{"{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
		 "\"result\":[{\"metric\":{\"namespace\":\"a\",\"pod\":\"p\","
		 "\"container\":\"c\"},\"value\":[1,\"NaN\"]},{\"metric\":{"
		 "\"namespace\":\"a\",\"pod\":\"p\",\"container\":\"c\"},"
		 "\"value\":[1,\"+Inf\"]},{\"metric\":{\"namespace\":\"a\","
		 "\"pod\":\"p\"},\"value\":[1,\"1\"]},{\"metric\":{\"namespace\":"
		 "\"a\",\"pod\":\"p\",\"container\":\"c\"},\"value\":[1,7]}]}}",
		 HR_OK, 0, 3, 1, NULL},
		{"{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":"
		 "\"parse error\\n\"}", HR_EINVALID, 0, 0, 0,
		 "refused the query (bad_data: parse error?)"},
		{"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
		 "\"result\":[]}}", HR_EINVALID, 0, 0, 0, "a matrix, not a vector"},
		{"{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
		 "\"result\":[1]}}", HR_EINVALID, 0, 0, 0, "not a series"},
		{"{\"status\":\"success\",\"da", HR_EINVALID, 0, 0, 0, "not JSON"},
		{"[]", HR_EINVALID, 0, 0, 0, "not a Prometheus API answer"},
		{"{\"status\":\"success\",\"status\":\"error\"}", HR_EINVALID, 0, 0,
		 0, "not JSON"},
		{"{\"status\":\"success\",\"data\":null}", HR_EINVALID, 0, 0, 0,
		 "no data.resultType"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hr_arena arena = HR_ARENA_INIT;
		prom_rows rows = {0};
		int rc = hr_prom_decode_vector(cases[i].body, strlen(cases[i].body),
		                               container_labels, &arena, &rows);
		assert_int_equal(rc, cases[i].rc);
		if (rc == HR_OK) {
			assert_int_equal(rows.count, cases[i].rows);
			assert_int_equal(rows.skipped_value, cases[i].bad_value);
			assert_int_equal(rows.skipped_labels, cases[i].bad_labels);
		} else if (!strstr(hr_error_last()->message, cases[i].message)) {
			fail_msg("case %zu: %s", i, hr_error_last()->message);
		}
		hr_arena_free(&arena);
	}
}

/* Rows as a table: stat, namespace, pod, container, value. */
typedef struct row_spec {
	prom_stat stat;
	const char *a, *b, *c, *d;
	double value;
} row_spec;

static void test_document(void **state)
{
	(void)state;
	const double end = 1741996800, w = 1209600;
	static const row_spec specs[] = {
		/* web: two pods of one ReplicaSet, one after the other. */
		{PS_MEM_P95, "shop", "web-5c8b9d7f6b-qwxzr", "app", NULL, 100},
		{PS_MEM_P95, "shop", "web-5c8b9d7f6b-bcdfg", "app", NULL, 150},
		{PS_MEM_P50, "shop", "web-5c8b9d7f6b-bcdfg", "app", NULL, 160},
		{PS_MEM_MAX, "shop", "web-5c8b9d7f6b-qwxzr", "app", NULL, 300},
		{PS_MEM_MAX, "shop", "web-5c8b9d7f6b-bcdfg", "app", NULL, 200},
		{PS_MEM_COUNT, "shop", "web-5c8b9d7f6b-qwxzr", "app", NULL, 10},
		{PS_MEM_COUNT, "shop", "web-5c8b9d7f6b-bcdfg", "app", NULL, 5},
		{PS_RESTARTS, "shop", "web-5c8b9d7f6b-qwxzr", "app", NULL, 1},
		{PS_MEM_FIRST, "shop", "web-5c8b9d7f6b-qwxzr", "app", NULL,
		 1741996800 - 1209600},
		{PS_MEM_LAST, "shop", "web-5c8b9d7f6b-qwxzr", "app", NULL,
		 1741996800 - 604800},
		{PS_MEM_FIRST, "shop", "web-5c8b9d7f6b-bcdfg", "app", NULL,
		 1741996800 - 302400},
		{PS_MEM_LAST, "shop", "web-5c8b9d7f6b-bcdfg", "app", NULL,
		 1741996800},
		{PS_POD_OWNER, "shop", "web-5c8b9d7f6b-qwxzr", "ReplicaSet",
		 "web-5c8b9d7f6b", 1},
		{PS_POD_OWNER, "shop", "web-5c8b9d7f6b-bcdfg", "ReplicaSet",
		 "web-5c8b9d7f6b", 1},
		{PS_RS_OWNER, "shop", "web-5c8b9d7f6b", "Deployment", "web", 1},
		/* A pod known only to kube-state-metrics: not written. */
		{PS_RESTARTS, "shop", "ghost-0", "app", NULL, 0},
		/* CPU only. */
		{PS_CPU_MAX, "jobs", "db-0", "pg", NULL, 0.5},
		{PS_CPU_P50, "jobs", "db-0", "pg", NULL, 0.75},
	};
	hr_arena arena = HR_ARENA_INIT;
	prom_rows rows[PS_COUNT];
	memset(rows, 0, sizeof(rows));
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		prom_rows *r = &rows[specs[i].stat];
		r->rows = hr_arena_grow(&arena, r->rows, r->count, &r->cap,
		                        sizeof(*r->rows));
		r->rows[r->count++] = (prom_row){
			{specs[i].a, specs[i].b, specs[i].c, specs[i].d},
			specs[i].value};
	}
	prom_owners owners;
	hr_prom_owners_init(&owners, &arena);
	for (int s = PS_POD_OWNER; s <= PS_JOB_OWNER; s++)
		hr_prom_owners_add(&owners, (prom_stat)s, &rows[s]);
	prom_doc_options o = {(int64_t)end, (int64_t)w, "prod"};
	char *text;
	size_t len, workloads;
	assert_int_equal(hr_prom_document(rows, &owners, &o, &text, &len,
	                                  &workloads), HR_OK);
	assert_int_equal(workloads, 2);
	json_t *doc = json_loads(text, 0, NULL);
	assert_non_null(doc);
	json_t *list = json_object_get(doc, "workloads");
	json_t *db = json_array_get(list, 0), *web = json_array_get(list, 1);
	assert_string_equal(json_string_value(json_object_get(db, "name")), "db");
	assert_string_equal(json_string_value(json_object_get(db, "kind")),
	                    "StatefulSet");
	json_t *pg = json_array_get(json_object_get(db, "containers"), 0);
	/* p50 above max (separate queries): max is lifted to it. */
	assert_true(json_real_value(json_object_get(
	                    json_object_get(pg, "cpu"), "max")) == 0.75);
	assert_null(json_object_get(pg, "memory"));
	assert_string_equal(json_string_value(json_object_get(web, "kind")),
	                    "Deployment");
	assert_string_equal(json_string_value(json_object_get(web, "cluster")),
	                    "prod");
	json_t *app = json_array_get(json_object_get(web, "containers"), 0);
	json_t *mem = json_object_get(app, "memory");
	assert_int_equal(json_integer_value(json_object_get(mem, "p50")), 160);
	assert_int_equal(json_integer_value(json_object_get(mem, "p95")), 160);
	assert_int_equal(json_integer_value(json_object_get(mem, "max")), 300);
	assert_int_equal(json_integer_value(json_object_get(app, "samples")), 15);
	assert_int_equal(json_integer_value(json_object_get(app, "restarts")), 1);
	assert_int_equal(json_integer_value(json_object_get(app, "oom_kills")), 0);
	/* [start, start + 7d] and [end - 3.5d, end]: 10.5 of 14 days. */
	assert_true(fabs(json_real_value(json_object_get(app, "coverage")) -
	                 0.75) < 1e-12);
	json_decref(doc);
	/* The same bytes read as recommendations. */
	hr_recommendations *set;
	hr_recommendations_new(&set);
	assert_int_equal(hr_recommendations_add_buffer(set, "prometheus", text,
	                                               len), HR_OK);
	assert_non_null(hr_recommendations_find(set, "shop", "Deployment", "web",
	                                        "app"));
	hr_recommendations_free(&set);
	free(text);
	hr_prom_owners_dispose(&owners);
	hr_arena_free(&arena);
}

static void test_policy(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *error; /* NULL: valid */
	} cases[] = {
		{"version: 1\nprometheus:\n  url: https://prom:9090\n"
		 "  timeout: 10s\n  headers: {X-Scope-OrgID: team-a}\n", NULL},
		{"version: 1\nprometheus: {url: ftp://x}\n",
		 "must start with http:// or https://"},
		{"version: 1\nprometheus: {timeout: 10}\n", "must be a duration"},
		{"version: 1\nprometheus: {timeout: 2h}\n", "at most 3600 seconds"},
		{"version: 1\nprometheus: {cluster: prod}\n",
		 "cluster_label and cluster go together"},
		{"version: 1\nprometheus: {cluster_label: \"a b\", cluster: x}\n",
		 "Prometheus label name"},
		{"version: 1\nprometheus: {token_env: \"A-B\"}\n",
		 "environment variable"},
		{"version: 1\nprometheus: {username_env: U}\n", "go together"},
		{"version: 1\nprometheus: {headers: {\"X: y\": z}}\n", "HTTP token"},
		{"version: 1\nprometheus: {headers: {X: \"a\\nB: c\"}}\n",
		 "one-line string"},
		{"version: 1\nprometheus: {rate_window: 1m, step: 1m}\n",
		 "two steps"},
		{"version: 1\nprometheus: {on_unreachable: maybe}\n",
		 "open or closed"},
		{"version: 1\nprometheus: {max_connections: 0}\n", "between 1"},
		{"version: 1\nprometheus: {oops: 1}\n", "unknown key"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hr_policy *p = NULL;
		int rc = hr_policy_load_text("p.yaml", cases[i].text,
		                             strlen(cases[i].text), &p);
		if (!cases[i].error) {
			assert_int_equal(rc, HR_OK);
			assert_string_equal(p->prometheus.url, "https://prom:9090");
			assert_int_equal(p->prometheus.timeout, 10);
			assert_int_equal(p->prometheus.deadline, 120); /* built-in */
			assert_int_equal(p->prometheus.header_count, 1);
			assert_string_equal(p->prometheus.headers[0],
			                    "X-Scope-OrgID: team-a");
		} else if (rc != HR_EINVALID ||
		           !strstr(hr_error_last()->message, cases[i].error) ||
		           hr_error_last()->line != 2) {
			fail_msg("case %zu: %d %u %s", i, rc, hr_error_last()->line,
			         hr_error_last()->message);
		}
		hr_policy_free(&p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_queries),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_owner_by_name),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_policy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
