/*
 * Recommendation sources other than headroom JSON: format detection of
 * each format and of garbage, KRR values (number, "?", null, NaN,
 * negative, huge, wrong types) and what KRR states of its method, VPA
 * targets, bounds, missing status and bad quantities with file:line, and
 * matching through spec.targetRef, namespaces and kinds.  Every case also
 * runs streamed one byte at a time, which must agree.
 */
#include "test_util.h"

#include "recs/recs_internal.h"

#include <stdio.h>
#include <string.h>

#define EXPECTED                                                             \
	"expected headroom JSON (\"schema\": \"headroom/recommendations/v1\"), " \
	"KRR JSON (\"scans\" and \"strategy\", from krr simple -f json) or "    \
	"VerticalPodAutoscaler objects (kubectl get vpa -A -o yaml)"

/* A KRR report of one scan of shop/Deployment/cart, container server:
 * line 1 the strategy, line 2 the scan's '{', line 3 its object, line 4
 * its recommended requests (REQ), line 5 the rest of the scan. */
#define KRR(req)                                                             \
	"{\"strategy\": {\"name\": \"simple\", \"settings\": "                \
	"{\"history_duration\": 336, \"cpu_percentile\": 95}},\n"             \
	"\"scans\": [{\"severity\": \"WARNING\",\n"                           \
	"\"object\": {\"cluster\": \"prod\", \"name\": \"cart\", \"container\": " \
	"\"server\", \"namespace\": \"shop\", \"kind\": \"Deployment\"},\n"   \
	"\"recommended\": {\"requests\": {" req "},\n"                        \
	"\"limits\": {\"cpu\": {\"value\": null}}}}], \"score\": 50}\n"

/* A VPA for shop/Deployment/cart with the containerRecommendations item
 * ITEM at line 5. */
#define VPA(item)                                                            \
	"apiVersion: autoscaling.k8s.io/v1\n"                                \
	"kind: VerticalPodAutoscaler\n"                                      \
	"metadata: {name: cart-vpa, namespace: shop}\n"                      \
	"spec: {targetRef: {apiVersion: apps/v1, kind: Deployment, name: cart}}\n" \
	"status: {recommendation: {containerRecommendations: [" item "]}}\n"

typedef struct source_case {
	const char *name;
	const char *input;
	int rc;
	/* rc HR_OK: the container looked up, its source and values (milli
	 * units, -1: not set); else the error's position and message. */
	const char *ns, *kind, *workload, *container;
	hr_recs_source source;
	int64_t cpu_req, mem_req, mem_lim;
	unsigned line, column;
	const char *message;
} source_case;

#define FOUND(ns, kind, wl, c, src, cpu, mem, lim)                           \
	HR_OK, ns, kind, wl, c, src, cpu, mem, lim, 0, 0, NULL
#define CART(src, cpu, mem, lim)                                             \
	FOUND("shop", "Deployment", "cart", "server", src, cpu, mem, lim)
#define ERR(line, col, msg)                                                  \
	HR_EINVALID, NULL, NULL, NULL, NULL, 0, 0, 0, 0, line, col, msg

static const source_case cases[] = {
	/* detection */
	{"headroom JSON", "{\"schema\": \"headroom/recommendations/v1\", "
	 "\"workloads\": [{\"namespace\": \"shop\", \"kind\": \"Deployment\", "
	 "\"name\": \"cart\", \"containers\": [{\"name\": \"server\", "
	 "\"recommended\": {\"requests\": {\"cpu\": \"350m\"}}}]}]}",
	 CART(HR_RECS_SOURCE_HEADROOM, 350, -1, -1)},
	{"KRR JSON", KRR("\"cpu\": {\"value\": 0.35, \"severity\": \"OK\"}"),
	 CART(HR_RECS_SOURCE_KRR, 350, -1, -1)},
	{"KRR with score only", "{\"scans\": [], \"score\": 0}",
	 FOUND("shop", "Deployment", "cart", "server", 0, 0, 0, 0)},
	{"KRR scans alone", "{\"scans\": []}",
	 ERR(1, 1, "the top level has \"scans\" but neither \"strategy\" nor "
	     "\"score\": " EXPECTED)},
	{"VPA YAML", VPA("{containerName: server, target: {cpu: 250m}}"),
	 CART(HR_RECS_SOURCE_VPA, 250, -1, -1)},
	{"VPA JSON", "{\"apiVersion\": \"autoscaling.k8s.io/v1\", \"kind\": "
	 "\"VerticalPodAutoscaler\", \"metadata\": {\"name\": \"v\", "
	 "\"namespace\": \"shop\"}, \"spec\": {\"targetRef\": {\"kind\": "
	 "\"Deployment\", \"name\": \"cart\"}}, \"status\": {\"recommendation\": "
	 "{\"containerRecommendations\": [{\"containerName\": \"server\", "
	 "\"target\": {\"memory\": \"256Mi\"}}]}}}",
	 CART(HR_RECS_SOURCE_VPA, -1, 268435456000, -1)},
	{"VPA List, items before kind",
	 "{\"apiVersion\": \"v1\", \"items\": [{\"apiVersion\": "
	 "\"autoscaling.k8s.io/v1\", \"kind\": \"VerticalPodAutoscaler\", "
	 "\"metadata\": {\"name\": \"v\", \"namespace\": \"shop\"}, \"spec\": "
	 "{\"targetRef\": {\"kind\": \"Deployment\", \"name\": \"cart\"}}, "
	 "\"status\": {\"recommendation\": {\"containerRecommendations\": "
	 "[{\"containerName\": \"server\", \"target\": {\"cpu\": 1}}]}}}], "
	 "\"kind\": \"List\"}",
	 CART(HR_RECS_SOURCE_VPA, 1000, -1, -1)},
	{"VPA multi-document stream",
	 "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n"
	 VPA("{containerName: server, target: {cpu: 2}}"),
	 CART(HR_RECS_SOURCE_VPA, 2000, -1, -1)},
	{"garbage", "hello world\n", ERR(1, 1, "not a recommendation source: "
	                                 EXPECTED)},
	{"binary", "\x01\x02\x03", ERR(1, 1, "not a recommendation source: "
	                               EXPECTED)},
	{"JSON object of nothing known", "\n {\"a\": 1}",
	 ERR(2, 2, "not a recommendation source: " EXPECTED)},
	{"Deployment YAML naming a VPA in a comment",
	 "# see the VerticalPodAutoscaler\napiVersion: apps/v1\nkind: "
	 "Deployment\nmetadata: {name: x}\n",
	 ERR(2, 1, "no VerticalPodAutoscaler objects here (kind \"Deployment\" "
	     "is not a recommendation source)")},
	{"KRR broken JSON", "{\"score\": 1, \"scans\": [{\"object\": }]}",
	 ERR(1, 35, "invalid JSON: unexpected token near '}'")},

	/* KRR values */
	{"KRR integer", KRR("\"memory\": {\"value\": 268435456}"),
	 CART(HR_RECS_SOURCE_KRR, -1, 268435456000, -1)},
	{"KRR exponent", KRR("\"cpu\": {\"value\": 1.5e-2}"),
	 CART(HR_RECS_SOURCE_KRR, 15, -1, -1)},
	{"KRR bare number", KRR("\"cpu\": 0.1"),
	 CART(HR_RECS_SOURCE_KRR, 100, -1, -1)},
	{"KRR zero", KRR("\"cpu\": {\"value\": 0}, \"memory\": {\"value\": 1}"),
	 CART(HR_RECS_SOURCE_KRR, 0, 1000, -1)},
	{"KRR ? is no value", KRR("\"cpu\": {\"value\": \"?\"}, \"memory\": "
	                          "{\"value\": 1024}"),
	 CART(HR_RECS_SOURCE_KRR, -1, 1024000, -1)},
	{"KRR null is no value", KRR("\"cpu\": {\"value\": null}, \"memory\": "
	                             "{\"value\": 1024}"),
	 CART(HR_RECS_SOURCE_KRR, -1, 1024000, -1)},
	{"KRR NaN string is no value", KRR("\"cpu\": {\"value\": \"NaN\"}, "
	                                   "\"memory\": {\"value\": 1024}"),
	 CART(HR_RECS_SOURCE_KRR, -1, 1024000, -1)},
	{"KRR all unknown: a note, no container",
	 KRR("\"cpu\": {\"value\": \"?\"}"),
	 FOUND("shop", "Deployment", "cart", NULL, HR_RECS_SOURCE_KRR, -1, -1,
	       -1)},
	{"KRR negative", KRR("\"cpu\": {\"value\": -0.5}"),
	 ERR(4, 47, "scans[0].recommended.requests.cpu.value must be 0 or "
	     "more, not -0.5")},
	{"KRR huge", KRR("\"memory\": {\"value\": 1e300}"),
	 ERR(4, 50, "scans[0].recommended.requests.memory.value: invalid "
	     "quantity \"1e300\": magnitude too large (headroom holds "
	     "quantities up to about 1.7e29)")},
	{"KRR bare NaN token", KRR("\"cpu\": {\"value\": NaN}"),
	 ERR(4, 49, "invalid JSON: invalid token near 'NaN'")},
	{"KRR other string", KRR("\"cpu\": {\"value\": \"350m\"}"),
	 ERR(4, 47, "scans[0].recommended.requests.cpu.value must be a number, "
	     "\"?\" or null, not \"350m\"")},
	{"KRR boolean", KRR("\"cpu\": {\"value\": true}"),
	 ERR(4, 47, "scans[0].recommended.requests.cpu.value must be a number, "
	     "\"?\" or null, not a boolean")},
	{"KRR requests not an object", "{\"strategy\": {}, \"scans\": [{\"object\": "
	 "{\"name\": \"a\", \"container\": \"b\", \"namespace\": \"c\", "
	 "\"kind\": \"d\"}, \"recommended\": {\"requests\": []}}]}",
	 ERR(1, 131, "scans[0].recommended.requests must be an object, not an "
	     "array")},
	{"KRR scan without object", "{\"strategy\": {},\n\"scans\": [1]}",
	 ERR(2, 11, "scans[0] must be an object, not a number")},
	{"KRR object without kind", "{\"score\": 1, \"scans\": [{\"object\": "
	 "{\"name\": \"a\", \"container\": \"b\", \"namespace\": \"c\"}, "
	 "\"recommended\": {}}]}",
	 ERR(1, 35, "scans[0].object has no \"kind\"")},
	{"KRR empty container name", "{\"score\": 1, \"scans\": [{\"object\": "
	 "{\"name\": \"a\", \"container\": \"\", \"namespace\": \"c\", \"kind\": "
	 "\"d\"}, \"recommended\": {}}]}",
	 ERR(1, 62, "scans[0].object.container must not be empty")},
	{"KRR container twice",
	 "{\"score\": 1, \"scans\": [\n"
	 "{\"object\": {\"name\": \"a\", \"container\": \"b\", \"namespace\": "
	 "\"c\", \"kind\": \"d\"}, \"recommended\": {\"requests\": {\"cpu\": 1}}},\n"
	 "{\"object\": {\"name\": \"a\", \"container\": \"b\", \"namespace\": "
	 "\"c\", \"kind\": \"d\", \"cluster\": \"other\"}, \"recommended\": "
	 "{\"requests\": {\"cpu\": 2}}}]}",
	 ERR(3, 1, "KRR scan: container \"b\" of workload \"c/d/a\" is listed "
	     "twice (first at line 2); the cluster does not tell entries "
	     "apart")},

	/* VPA */
	{"VPA target and bounds",
	 VPA("{containerName: server, lowerBound: {cpu: 10m}, target: "
	     "{cpu: 25m, memory: \"262144k\"}, upperBound: {cpu: \"1\"}}"),
	 CART(HR_RECS_SOURCE_VPA, 25, 262144000000, -1)},
	{"VPA memory as a YAML integer",
	 VPA("{containerName: server, target: {memory: 381153325}}"),
	 CART(HR_RECS_SOURCE_VPA, -1, 381153325000, -1)},
	{"VPA without status: a note, no container",
	 "apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\n"
	 "metadata: {name: v, namespace: shop}\n"
	 "spec: {targetRef: {apiVersion: apps/v1, kind: Deployment, "
	 "name: cart}}\n",
	 FOUND("shop", "Deployment", "cart", NULL, HR_RECS_SOURCE_VPA, -1, -1,
	       -1)},
	{"VPA namespace defaults",
	 "apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\n"
	 "metadata: {name: v}\nspec: {targetRef: {kind: StatefulSet, name: db}}\n"
	 "status: {recommendation: {containerRecommendations: "
	 "[{containerName: pg, target: {cpu: 1}}]}}\n",
	 FOUND("default", "StatefulSet", "db", "pg", HR_RECS_SOURCE_VPA, 1000,
	       -1, -1)},
	{"VPA matched by targetRef, not by its own name",
	 VPA("{containerName: server, target: {cpu: 1}}"),
	 FOUND("shop", "Deployment", "cart-vpa", "server", 0, 0, 0, 0)},
	{"VPA kind must match", VPA("{containerName: server, target: {cpu: 1}}"),
	 FOUND("shop", "StatefulSet", "cart", "server", 0, 0, 0, 0)},
	{"VPA namespace must match", VPA("{containerName: server, target: "
	                                 "{cpu: 1}}"),
	 FOUND("default", "Deployment", "cart", "server", 0, 0, 0, 0)},
	{"VPA bad target quantity",
	 VPA("{containerName: server, target: {cpu: 25 m}}"),
	 ERR(5, 92, "VerticalPodAutoscaler \"shop/cart-vpa\": "
	     "containerRecommendations[0].target.cpu: invalid quantity "
	     "\"25 m\": quantities must match the regular expression "
	     "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")},
	{"VPA negative bound",
	 VPA("{containerName: server, lowerBound: {memory: -1Mi}}"),
	 ERR(5, 99, "VerticalPodAutoscaler \"shop/cart-vpa\": "
	     "containerRecommendations[0].lowerBound.memory must not be "
	     "negative")},
	{"VPA target a list", VPA("{containerName: server, target: [1]}"),
	 ERR(5, 86, "VerticalPodAutoscaler \"shop/cart-vpa\": "
	     "containerRecommendations[0].target must be a mapping")},
	{"VPA without containerName", VPA("{target: {cpu: 1}}"),
	 ERR(5, 54, "VerticalPodAutoscaler \"shop/cart-vpa\": has no "
	     "containerRecommendations[0].containerName")},
	{"VPA without targetRef",
	 "apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\n"
	 "metadata: {name: v}\nspec: {}\n",
	 ERR(4, 7, "VerticalPodAutoscaler \"default/v\": has no spec.targetRef "
	     "mapping: the workload it is about is unknown")},
	{"VPA same container twice",
	 VPA("{containerName: server, target: {cpu: 1}}, {containerName: "
	     "server, target: {cpu: 2}}"),
	 ERR(5, 97, "VerticalPodAutoscaler: container \"server\" of workload "
	     "\"shop/Deployment/cart\" is listed twice (first at line 5); the "
	     "cluster does not tell entries apart")},
	{"VPA syntax error", "kind: VerticalPodAutoscaler\n  bad: [\n",
	 ERR(2, 6, NULL)},
};

static int64_t milli(const hr_recommended_value *v)
{
	return v->set ? hr_quantity_milli(&v->quantity) : -1;
}

/* The outcome as one line, so the buffer and the stream can be compared. */
static int outcome(const source_case *c, hr_recommendations *set, int rc,
                   char *buf, size_t size)
{
	if (rc) {
		const hr_error *e = hr_error_last();
		snprintf(buf, size, "%d %u:%u %s", rc, e->line, e->column,
		         e->message);
		return 0;
	}
	const hr_container_usage *u =
	        c->container ? hr_recommendations_find(set, c->ns, c->kind,
	                                               c->workload, c->container)
	                     : NULL;
	const hr_workload_usage *w = hr_recommendations_find_workload(
	        set, c->ns, c->kind, c->workload);
	snprintf(buf, size, "ok %d %lld %lld %lld w%d n%d", u ? (int)u->source : -1,
	         u ? (long long)milli(&u->requests[HR_RES_CPU]) : 0,
	         u ? (long long)milli(&u->requests[HR_RES_MEMORY]) : 0,
	         u ? (long long)milli(&u->limits[HR_RES_MEMORY]) : 0, w != NULL,
	         w && w->note != NULL);
	return 0;
}

static void test_sources(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const source_case *c = &cases[i];
		hr_recommendations *set;
		hr_recommendations_new(&set);
		int rc = hr_recommendations_add_buffer(set, "r", c->input,
		                                       strlen(c->input));
		char got[1024], want[1024];
		outcome(c, set, rc, got, sizeof(got));
		bool ok = rc == c->rc;
		if (ok && rc) {
			const hr_error *e = hr_error_last();
			ok = e->line == c->line && e->column == c->column &&
			     strcmp(e->file, "r") == 0 &&
			     (!c->message || strcmp(e->message, c->message) == 0);
		} else if (ok && c->source == 0 && c->cpu_req == 0) {
			/* A lookup that must miss. */
			ok = hr_recommendations_find(set, c->ns, c->kind,
			                             c->workload,
			                             c->container) == NULL;
		} else if (ok) {
			snprintf(want, sizeof(want), "ok %d %lld %lld %lld w1 n%d",
			         c->container ? (int)c->source : -1,
			         c->container ? (long long)c->cpu_req : 0,
			         c->container ? (long long)c->mem_req : 0,
			         c->container ? (long long)c->mem_lim : 0,
			         c->container == NULL);
			ok = strcmp(got, want) == 0;
		}
		if (!ok) {
			printf("case '%s': %s\n", c->name, got);
			bad++;
		}
		/* Streamed a byte at a time: the same outcome. */
		FILE *f = fmemopen((void *)(uintptr_t)c->input,
		                   strlen(c->input), "rb");
		hr_recommendations *streamed;
		hr_recommendations_new(&streamed);
		int src = hr_recs_add_stream(streamed, "r", f, 1);
		fclose(f);
		char again[1024];
		outcome(c, streamed, src, again, sizeof(again));
		if (strcmp(got, again) != 0) {
			printf("case '%s' streamed: %s\n  not: %s\n", c->name,
			       again, got);
			bad++;
		}
		hr_recommendations_free(&streamed);
		hr_recommendations_free(&set);
	}
	assert_int_equal(bad, 0);
}

/* What KRR and a VPA state is kept as facts, nothing more. */
static const char *fact_text(const hr_recs_facts *facts, const char *key,
                             double *number)
{
	for (size_t i = 0; i < facts->count; i++)
		if (strcmp(facts->items[i].key, key) == 0) {
			*number = facts->items[i].number;
			return facts->items[i].text ? facts->items[i].text : "";
		}
	return NULL;
}

static void test_facts(void **state)
{
	(void)state;
	hr_recommendations *set;
	hr_recommendations_new(&set);
	const char *krr = KRR("\"cpu\": {\"value\": 0.2}");
	assert_int_equal(hr_recommendations_add_buffer(set, "k.json", krr,
	                                               strlen(krr)), HR_OK);
	const hr_container_usage *u = hr_recommendations_find(
	        set, "shop", "Deployment", "cart", "server");
	assert_non_null(u);
	double n = 0;
	assert_string_equal(u->lacks, "percentiles,peak,samples,coverage");
	assert_int_equal(u->samples, -1);
	assert_true(u->coverage == -1 && !u->cpu.present && !u->memory.present);
	assert_string_equal(fact_text(u->method, "krr_strategy", &n), "simple");
	assert_non_null(fact_text(u->method, "krr_history_hours", &n));
	assert_true(n == 336);
	assert_non_null(fact_text(u->method, "krr_cpu_percentile", &n));
	assert_true(n == 95);
	assert_null(fact_text(u->method, "krr_memory_buffer_percentage", &n));
	assert_string_equal(fact_text(&u->facts, "krr_severity", &n), "WARNING");
	assert_null(u->requests[HR_RES_CPU].text);
	assert_false(u->limits[HR_RES_CPU].set);
	assert_int_equal(u->line, 2);
	hr_recommendations_free(&set);

	hr_recommendations_new(&set);
	const char *vpa = VPA("{containerName: server, lowerBound: {cpu: 10m},"
	                      " target: {cpu: 25m}, upperBound: {memory: 1Gi}}");
	assert_int_equal(hr_recommendations_add_buffer(set, "v.yaml", vpa,
	                                               strlen(vpa)), HR_OK);
	u = hr_recommendations_find(set, "shop", "Deployment", "cart", "server");
	assert_non_null(u);
	assert_string_equal(u->lacks,
	                    "percentiles,peak,limits,samples,coverage");
	assert_string_equal(fact_text(&u->facts, "vpa", &n), "shop/cart-vpa");
	assert_string_equal(fact_text(&u->facts, "vpa_lower_bound_cpu", &n),
	                    "10m");
	assert_string_equal(fact_text(&u->facts, "vpa_upper_bound_memory", &n),
	                    "1Gi");
	assert_null(fact_text(&u->facts, "vpa_upper_bound_cpu", &n));
	assert_non_null(fact_text(&u->facts, "vpa_limits", &n));
	for (int r = 0; r < HR_RES_COUNT; r++)
		assert_false(u->limits[r].set);
	assert_int_equal(u->line, 5);
	hr_recommendations_free(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_facts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
