/*
 * Loading and modelling on several threads must give exactly what one
 * thread gives: the same documents, nodes, positions, duplicates, errors
 * and workloads, in the same order.
 */
#include "test_util.h"

#include "load/stream_split.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- cutting a stream ---------------------------------------------------- */

typedef struct split_case {
	const char *name;
	const char *text;
	size_t max_pieces, min_bytes;
	size_t count;
	size_t starts[4];
	size_t line_bases[4];
} split_case;

static const split_case split_cases[] = {
	{"too small to split", "a: 1\n---\nb: 2\n", 4, 100, 1, {0}, {0}},
	{"one thread", "a: 1\n---\nb: 2\n---\nc: 3\n", 1, 1, 1, {0}, {0}},
	{"cut at the marker after each target", "a: 1\n---\nb: 2\n---\nc: 3\n", 3,
	 5, 2, {0, 14}, {0, 3}},
	{"three pieces", "a: 1\n---\nb: 2\n---\nc: 3\n---\nd: 4\n", 3, 5, 3,
	 {0, 14, 23}, {0, 3, 5}},
	{"marker followed by content", "aaaa: 1\n--- b: 2\n", 2, 5, 2, {0, 8},
	 {0, 1}},
	{"no marker line: whole", "a: |\n  ---\n  x\nb: 2\n", 2, 4, 1, {0}, {0}},
	{"---x is not a marker", "a: 1\n---x\n---\nb: 2\n", 2, 5, 2, {0, 10},
	 {0, 2}},
	{"marker at the very end", "a: 1\nbb: 2\n---", 2, 5, 2, {0, 11}, {0, 2}},
	{"directive: whole", "a: 1\n--- \n%YAML 1.1\n---\nb: 1\n", 2, 5, 1, {0},
	 {0}},
	{"carriage returns: whole", "a: 1\r\n---\r\nb: 2\r\n", 2, 4, 1, {0},
	 {0}},
	{"line separator: whole", "a: \"x\xe2\x80\xa8y\"\n---\nb: 2\n", 2, 4, 1,
	 {0}, {0}},
	{"next line: whole", "a: x\xc2\x85y\n---\nb: 2\n", 2, 4, 1, {0}, {0}},
	{"other multibyte text splits", "a: \xc3\xa9\nb: 1\n---\nc: 2\n", 2, 4, 2,
	 {0, 11}, {0, 2}},
	{"directive on the first line: whole", "%YAML 1.2\n---\na: 1\n---\nb: 2\n",
	 2, 5, 1, {0}, {0}},
	{"percent inside a line splits", "a: 5%\nb: 1\n---\nc: 2\n", 2, 4, 2,
	 {0, 11}, {0, 2}},
	{"paragraph separator: whole", "a: \"x\xe2\x80\xa9y\"\n---\nb: 2\n", 2, 4,
	 1, {0}, {0}},
	{"ellipsis (E2 80 A6) splits", "a: \xe2\x80\xa6\nb: 1\n---\nc: 2\n", 2, 4,
	 2, {0, 12}, {0, 2}},
	{"C2 before another byte splits", "a: \xc2\xa9\nb: 1\n---\nc: 2\n", 2, 4,
	 2, {0, 11}, {0, 2}},
	{"lead byte last: splits", "a: 1\nb: 1\n---\nc: \xc2", 2, 4, 2, {0, 10},
	 {0, 2}},
};

static void test_split_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(split_cases) / sizeof(split_cases[0]); i++) {
		const split_case *c = &split_cases[i];
		hr_stream_piece pieces[8];
		size_t n = hr_stream_split(c->text, strlen(c->text), c->max_pieces,
		                           c->min_bytes, pieces);
		if (n != c->count)
			fail_msg("%s: %zu pieces, expected %zu", c->name, n, c->count);
		for (size_t k = 0; k < n; k++) {
			if (pieces[k].start != c->starts[k] ||
			    pieces[k].line_base != c->line_bases[k])
				fail_msg("%s: piece %zu at %zu (line %zu), expected %zu "
				         "(line %zu)", c->name, k, pieces[k].start,
				         pieces[k].line_base, c->starts[k],
				         c->line_bases[k]);
			size_t end = k + 1 < n ? pieces[k + 1].start : strlen(c->text);
			assert_int_equal(pieces[k].end, end);
		}
	}
}

/* ---- the same trees -------------------------------------------------------- */

static hr_manifests *load_with(const char *text, unsigned jobs,
                               size_t split_bytes, int *rc)
{
	hr_load_limits limits;
	hr_load_limits_default(&limits);
	limits.jobs = jobs;
	limits.split_bytes = split_bytes;
	hr_manifests *set;
	assert_int_equal(hr_manifests_new(&set, &limits), HR_OK);
	*rc = hr_manifests_add_buffer(set, "stream.yaml", text, strlen(text));
	return set;
}

static void same_node(const hr_node *a, const hr_node *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->style, b->style);
	assert_int_equal(a->flow, b->flow);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->start.line, b->start.line);
	assert_int_equal(a->start.column, b->start.column);
	assert_int_equal(a->start.offset, b->start.offset);
	assert_int_equal(a->end_offset, b->end_offset);
	assert_int_equal(a->count, b->count);
	if (hr_node_tag(a) || hr_node_tag(b))
		assert_string_equal(hr_node_tag(a), hr_node_tag(b));
	if (a->kind == HR_NODE_SCALAR) {
		assert_memory_equal(a->text, b->text, a->len);
	} else if (a->kind == HR_NODE_SEQUENCE) {
		for (size_t i = 0; i < a->count; i++)
			same_node(a->items[i], b->items[i]);
	} else {
		for (size_t i = 0; i < a->count; i++) {
			same_node(a->pairs[i].key, b->pairs[i].key);
			same_node(a->pairs[i].value, b->pairs[i].value);
			assert_int_equal(hr_pair_shadowed(&a->pairs[i]),
			                 hr_pair_shadowed(&b->pairs[i]));
		}
	}
}

static void same_sets(const hr_manifests *a, const hr_manifests *b)
{
	assert_int_equal(hr_manifests_count(a), hr_manifests_count(b));
	for (size_t i = 0; i < hr_manifests_count(a); i++) {
		const hr_document *da = hr_manifests_get(a, i);
		const hr_document *db = hr_manifests_get(b, i);
		assert_int_equal(da->index, db->index);
		same_node(da->root, db->root);
	}
	assert_int_equal(hr_manifests_duplicate_count(a),
	                 hr_manifests_duplicate_count(b));
	for (size_t i = 0; i < hr_manifests_duplicate_count(a); i++) {
		const hr_duplicate_key *x = hr_manifests_duplicate(a, i);
		const hr_duplicate_key *y = hr_manifests_duplicate(b, i);
		assert_int_equal(x->document, y->document);
		assert_int_equal(x->first->start.offset, y->first->start.offset);
		assert_int_equal(x->later->start.offset, y->later->start.offset);
	}
}

/* Every kind of document a piece might start or end with. */
static const char *const stream_parts[] = {
	"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
	"data:\n  script: |\n    echo --- not a marker\n    ---\n    done\n",
	"# a comment-only document\n",
	"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: caf\xc3\xa9\n"
	"  labels: &l {app: caf\xc3\xa9, tier: \"\xe2\x9c\x93\"}\n"
	"spec:\n  selector: {matchLabels: *l}\n  template:\n    metadata: "
	"{labels: *l}\n    spec:\n      containers:\n      - name: app\n"
	"        image: x\n        resources:\n          requests: {cpu: 100m, "
	"memory: 64Mi, cpu: 200m}\n",
	"apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n"
	"  metadata: {name: p}\n  spec:\n    containers: [{name: c, image: i}]\n",
	"base: &b {x: 1}\napiVersion: v1\nkind: Secret\nmetadata:\n  <<: *b\n"
	"  name: s\nstringData: {k: !!str 5}\n",
	"plain: multi\n  line\n  scalar\n",
	"--- \"quoted start\"\n",
};

static char *build_stream(size_t copies)
{
	size_t cap = 1 << 16, len = 0;
	char *text = malloc(cap);
	for (size_t i = 0; i < copies; i++) {
		const char *part = stream_parts[i % (sizeof(stream_parts) /
		                                     sizeof(stream_parts[0]))];
		size_t n = strlen(part);
		while (len + n + 8 >= cap)
			text = realloc(text, cap *= 2);
		if (part[0] != '-' || part[1] != '-') {
			memcpy(text + len, "---\n", 4);
			len += 4;
		}
		memcpy(text + len, part, n);
		len += n;
	}
	text[len] = '\0';
	return text;
}

static void test_pieces_give_the_same_trees(void **state)
{
	(void)state;
	char *text = build_stream(70);
	int rc1, rc4;
	hr_manifests *one = load_with(text, 1, 1024 * 1024, &rc1);
	hr_manifests *four = load_with(text, 4, 64, &rc4);
	assert_int_equal(rc1, HR_OK);
	assert_int_equal(rc4, HR_OK);
	assert_true(hr_manifests_count(one) > 30);
	assert_true(hr_manifests_duplicate_count(one) > 5);
	same_sets(one, four);
	hr_manifests_free(&one);
	hr_manifests_free(&four);
	free(text);
}

static void test_piece_error_is_the_whole_stream_error(void **state)
{
	(void)state;
	char *good = build_stream(40);
	size_t n = strlen(good);
	char *text = malloc(n + 64);
	/* An unclosed flow mapping near the end, and a quoted scalar that a
	 * marker line interrupts: both errors sit in a later piece. */
	static const char *const tails[] = {
		"---\nkind: {a: 1\n",
		"---\nkey: \"open\n---\nb: 1\"\n",
	};
	for (size_t t = 0; t < 2; t++) {
		memcpy(text, good, n);
		strcpy(text + n, tails[t]);
		int rc1, rc4;
		hr_manifests *one = load_with(text, 1, 1024 * 1024, &rc1);
		char message[512];
		unsigned line = hr_error_last()->line;
		snprintf(message, sizeof(message), "%s", hr_error_last()->message);
		hr_manifests *four = load_with(text, 4, 64, &rc4);
		assert_int_not_equal(rc1, HR_OK);
		assert_int_equal(rc1, rc4);
		assert_int_equal(hr_error_last()->line, line);
		assert_string_equal(hr_error_last()->message, message);
		hr_manifests_free(&one);
		hr_manifests_free(&four);
	}
	free(text);
	free(good);
}

/* ---- the same model ---------------------------------------------------------- */

static char *build_workloads(size_t n)
{
	size_t cap = n * 512 + 1, len = 0;
	char *text = malloc(cap);
	for (size_t i = 0; i < n; i++) {
		/* Every 97th workload has a bad quantity, every 5th an HPA. */
		len += (size_t)snprintf(
		        text + len, cap - len,
		        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: "
		        "{name: w%zu, namespace: ns%zu}\nspec:\n  replicas: %zu\n"
		        "  template:\n    spec:\n      containers:\n      - name: c\n"
		        "        resources: {requests: {cpu: %s, memory: %zuMi}}\n",
		        i, i % 7, 1 + i % 5, i % 97 == 3 ? "lots" : "250m", 64 + i);
		if (i % 5 == 0)
			len += (size_t)snprintf(
			        text + len, cap - len,
			        "---\napiVersion: autoscaling/v2\nkind: "
			        "HorizontalPodAutoscaler\nmetadata: {name: h%zu, "
			        "namespace: ns%zu}\nspec:\n  scaleTargetRef: {apiVersion: "
			        "apps/v1, kind: Deployment, name: w%zu}\n  minReplicas: 2\n"
			        "  maxReplicas: 9\n",
			        i, i % 7, i);
	}
	return text;
}

static hr_model *model_with(const char *text, unsigned jobs,
                            hr_manifests **set)
{
	int rc;
	*set = load_with(text, jobs, 4096, &rc);
	assert_int_equal(rc, HR_OK);
	hr_model *model = NULL;
	rc = hr_model_build(*set, &model);
	assert_int_equal(rc, HR_EINVALID); /* the bad quantities */
	return model;
}

static void test_slices_give_the_same_model(void **state)
{
	(void)state;
	char *text = build_workloads(3000);
	hr_manifests *s1, *s4;
	hr_model *one = model_with(text, 1, &s1);
	hr_model *four = model_with(text, 4, &s4);
	assert_int_equal(one->workload_count, 3000);
	assert_int_equal(one->workload_count, four->workload_count);
	for (size_t i = 0; i < one->workload_count; i++) {
		const hr_workload *a = &one->workloads[i], *b = &four->workloads[i];
		assert_string_equal(a->name, b->name);
		assert_string_equal(a->namespace_, b->namespace_);
		assert_int_equal(a->container_count, b->container_count);
		assert_true(a->containers[0].resources.requests[HR_RES_MEMORY]
		                    .quantity.nano ==
		            b->containers[0].resources.requests[HR_RES_MEMORY]
		                    .quantity.nano);
		assert_int_equal(a->hpa != NULL, b->hpa != NULL);
		if (a->hpa)
			assert_string_equal(a->hpa->name, b->hpa->name);
	}
	assert_int_equal(one->hpa_count, 600);
	assert_int_equal(one->hpa_count, four->hpa_count);
	assert_int_equal(one->error_count, four->error_count);
	assert_true(one->error_count >= 30);
	for (size_t i = 0; i < one->error_count; i++) {
		assert_int_equal(one->errors[i].line, four->errors[i].line);
		assert_string_equal(one->errors[i].message, four->errors[i].message);
	}
	hr_model_free(&one);
	hr_model_free(&four);
	hr_manifests_free(&s1);
	hr_manifests_free(&s4);
	free(text);
}

/* The JSON report (and the text one after it when with_text), in memory. */
static char *render(const hr_report *report, bool with_text, size_t *len)
{
	char *out = NULL;
	*len = 0;
	FILE *f = open_memstream(&out, len);
	hr_report_style style = {false, "test", NULL};
	assert_int_equal(hr_report_format_find("json")->write(report, &style, f),
	                 HR_OK);
	if (with_text)
		assert_int_equal(hr_report_format_find("text")->write(report,
		                                                      &style, f),
		                 HR_OK);
	fclose(f);
	return out;
}

/* The JSON report encodes workloads and findings in batches on several
 * threads: the result must be one valid document with every workload and
 * every finding, in order. */
static void test_json_report_in_batches(void **state)
{
	(void)state;
	char *text = build_workloads(1500);
	for (size_t i = 0; text[i]; i++) /* no bad quantities this time */
		if (memcmp(text + i, "lots", 4) == 0)
			memcpy(text + i, "100m", 4);
	char *path = write_temp_file(text, ".yaml");
	hr_check_options opts;
	hr_check_options_init(&opts);
	const char *paths[] = {path};
	opts.paths = paths;
	opts.path_count = 1;
	hr_report *report = NULL;
	assert_int_equal(hr_check(&opts, &report), HR_OK);
	size_t len;
	char *json = render(report, false, &len);
	json_error_t error;
	json_t *doc = json_loadb(json, len, 0, &error);
	if (!doc)
		fail_msg("not JSON: %s at line %d", error.text, error.line);
	json_t *list = json_object_get(doc, "workloads");
	assert_int_equal(json_array_size(list), 1500);
	for (size_t i = 0; i < 1500; i++) {
		char name[32];
		snprintf(name, sizeof(name), "w%zu", i);
		assert_string_equal(json_string_value(json_object_get(
		                            json_array_get(list, i), "name")),
		                    name);
	}
	/* Findings go in batches too: every one, in the report's order. */
	json_t *findings = json_object_get(doc, "findings");
	assert_true(report->finding_count >= 1500);
	assert_int_equal(json_array_size(findings), report->finding_count);
	for (size_t i = 0; i < report->finding_count; i++) {
		json_t *f = json_array_get(findings, i);
		assert_string_equal(json_string_value(json_object_get(f, "message")),
		                    report->findings[i].message);
		assert_int_equal(json_integer_value(json_object_get(f, "line")),
		                 report->findings[i].line);
	}
	json_decref(doc);
	free(json);
	hr_report_free(&report);
	unlink(path);
	free(path);
	free(text);
}

/* ---- the same evaluation -------------------------------------------------- */

/* Workloads that give every kind of finding: Java containers with heap
 * options, sidecars, missing and inverted values, usage for most of them
 * (some low-confidence, some over their limits), annotation waivers that
 * hold or have expired.  bad_profile: two workloads whose override
 * annotation names no profile (an error), or SIZE_MAX for none. */
static void build_evaluated(size_t n, const size_t bad_profile[2],
                            char **manifests, char **recs)
{
	size_t cap = n * 1200 + 256, len = 0, rcap = n * 700 + 256, rlen = 0;
	char *text = malloc(cap), *usage = malloc(rcap);
	rlen += (size_t)snprintf(usage, rcap,
	                         "{\"schema\": \"headroom/recommendations/v1\", "
	                         "\"window\": \"14d\", \"workloads\": [");
	for (size_t i = 0; i < n; i++) {
		bool java = i % 3 == 0, sidecar = i % 4 == 1;
		const char *waive = i % 50 == 7
		        ? "memory-limit-missing until 2020-01-01: old"
		        : i % 70 == 12 ? "memory-limit-missing until 2999-01-01: later"
		                       : NULL;
		bool bad = i == bad_profile[0] || i == bad_profile[1];
		len += (size_t)snprintf(
		        text + len, cap - len,
		        "---\napiVersion: apps/v1\nkind: %s\nmetadata:\n  name: w%zu\n"
		        "  namespace: ns%zu\n  annotations: {%s%s%s%s%s}\nspec:\n"
		        "  replicas: %zu\n  template:\n    spec:\n      containers:\n"
		        "      - name: app\n        image: %s\n",
		        i % 9 == 4 ? "StatefulSet" : "Deployment", i, i % 5,
		        waive ? "headroom.dev/waive: \"" : "", waive ? waive : "",
		        waive ? "\"" : "",
		        bad ? (waive ? ", " : "") : "",
		        bad ? "headroom.dev/profile: nosuch" : "",
		        1 + i % 4, java ? "eclipse-temurin:17-jre" : "example/app:1");
		if (java)
			len += (size_t)snprintf(
			        text + len, cap - len,
			        "        env:\n        - {name: JAVA_TOOL_OPTIONS, "
			        "value: \"-XX:MaxRAMPercentage=%zu %s\"}\n",
			        50 + i % 40, i % 6 == 0 ? "-XX:+UseSerialGC" : "-Xss1m");
		len += (size_t)snprintf(
		        text + len, cap - len,
		        "        resources:\n          requests: {cpu: %zum, memory: "
		        "%zuMi}\n",
		        100 + i % 7 * 150, 128 + i % 5 * 128);
		if (i % 5 != 2)
			len += (size_t)snprintf(
			        text + len, cap - len,
			        "          limits: {%smemory: %zuMi}\n",
			        i % 2 ? "cpu: 2, " : "", i % 11 == 0 ? 64 : 512 + i % 3 * 256);
		if (sidecar)
			len += (size_t)snprintf(text + len, cap - len,
			                        "      - name: proxy\n        image: "
			                        "envoy:1\n");
		if (i % 8 == 5)
			continue; /* no usage data */
		double mem = (100.0 + (double)(i % 13) * 60) * 1048576;
		rlen += (size_t)snprintf(
		        usage + rlen, rcap - rlen,
		        "%s{\"namespace\": \"ns%zu\", \"kind\": \"%s\", \"name\": "
		        "\"w%zu\", \"containers\": [{\"name\": \"app\", "
		        "\"samples\": %d, \"coverage\": 0.9, \"cpu\": {\"p95\": %.3f, "
		        "\"max\": %.3f}, \"memory\": {\"p95\": %.0f, \"max\": %.0f}, "
		        "\"oom_kills\": %u, \"cpu_throttled_ratio\": %.2f}]}",
		        rlen > 80 ? ", " : "", i % 5,
		        i % 9 == 4 ? "StatefulSet" : "Deployment", i,
		        i % 10 == 3 ? 20 : 4000, 0.05 + (double)(i % 17) * 0.07,
		        0.1 + (double)(i % 17) * 0.1, mem, mem * 1.2, i % 23 == 0 ? 2u : 0u,
		        i % 19 == 0 ? 0.3 : 0.0);
	}
	snprintf(usage + rlen, rcap - rlen, "]}\n");
	*manifests = text;
	*recs = usage;
}

/* The JSON and text reports of a check of files with jobs threads; NULL
 * with *rc set when the check fails. */
static char *check_report(const char *manifests, const char *recs,
                          unsigned jobs, int *rc)
{
	hr_check_options opts;
	hr_check_options_init(&opts);
	const char *paths[] = {manifests};
	const char *rec_paths[] = {recs};
	opts.paths = paths;
	opts.path_count = 1;
	opts.recommendation_paths = rec_paths;
	opts.recommendation_count = 1;
	opts.now = 1900000000; /* 2030: the 2020 waivers have expired */
	opts.limits.jobs = jobs;
	hr_report *report = NULL;
	*rc = hr_check(&opts, &report);
	if (*rc) {
		hr_report_free(&report);
		return NULL;
	}
	size_t len;
	char *out = render(report, true, &len);
	hr_report_free(&report);
	return out;
}

/* build_evaluated()'s text and usage, written to temporary files. */
typedef struct evaluated {
	char *text, *usage;
	char *manifests, *recs; /* their paths */
} evaluated;

static void evaluated_write(evaluated *e, size_t n, const size_t bad[2])
{
	build_evaluated(n, bad, &e->text, &e->usage);
	e->manifests = write_temp_file(e->text, ".yaml");
	e->recs = write_temp_file(e->usage, ".json");
}

static void evaluated_remove(evaluated *e)
{
	unlink(e->manifests);
	unlink(e->recs);
	free(e->manifests);
	free(e->recs);
	free(e->text);
	free(e->usage);
}

/* The thread's last error as "file:line:column message". */
static void last_error(char *buf, size_t size)
{
	const hr_error *e = hr_error_last();
	snprintf(buf, size, "%s:%u:%u %s", e->file, e->line, e->column,
	         e->message);
}

static size_t count_of(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* Evaluated in slices on several threads, the reports are the ones one
 * thread writes, byte for byte. */
static void test_slices_give_the_same_report(void **state)
{
	(void)state;
	static const size_t none[2] = {SIZE_MAX, SIZE_MAX};
	evaluated e;
	evaluated_write(&e, 1100, none);
	int rc1, rc4;
	char *one = check_report(e.manifests, e.recs, 1, &rc1);
	char *four = check_report(e.manifests, e.recs, 4, &rc4);
	assert_int_equal(rc1, HR_OK);
	assert_int_equal(rc4, HR_OK);
	/* Not a test that cannot fail: every kind of finding is there. */
	static const char *const rules[] = {
		"\"rule\":\"memory-limit-missing\"", "\"rule\":\"waiver-expired\"",
		"\"rule\":\"jvm-serial-gc-ergonomics\"",
		"\"rule\":\"limit-below-request\"", "\"rule\":\"oom-kills-observed\"",
		"\"rule\":\"no-usage-data\"", "\"rule\":\"low-confidence\"",
		"\"rule\":\"overprovisioned-cpu\"", "\"waived\":{",
	};
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (count_of(one, rules[i]) < 3)
			fail_msg("fewer than 3 of %s", rules[i]);
	assert_string_equal(one, four);
	free(one);
	free(four);
	evaluated_remove(&e);
}

/* An error found while preparing a later slice does not hide an earlier
 * one: the first in workload order is reported, as with one thread. */
static void test_slices_report_the_first_error(void **state)
{
	(void)state;
	/* 1100 workloads make two slices: one in the second slice; one in
	 * each. */
	static const size_t bad[2][2] = {{900, SIZE_MAX}, {300, 1000}};
	for (size_t b = 0; b < 2; b++) {
		evaluated e;
		evaluated_write(&e, 1100, bad[b]);
		int rc1, rc4;
		assert_null(check_report(e.manifests, e.recs, 1, &rc1));
		char message[1100], again[1100];
		last_error(message, sizeof(message));
		assert_null(check_report(e.manifests, e.recs, 4, &rc4));
		last_error(again, sizeof(again));
		assert_int_equal(rc1, HR_EINVALID);
		assert_int_equal(rc4, rc1);
		if (!strstr(message, "names no profile"))
			fail_msg("%s", message);
		assert_string_equal(message, again);
		evaluated_remove(&e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_cases),
		cmocka_unit_test(test_pieces_give_the_same_trees),
		cmocka_unit_test(test_piece_error_is_the_whole_stream_error),
		cmocka_unit_test(test_slices_give_the_same_model),
		cmocka_unit_test(test_json_report_in_batches),
		cmocka_unit_test(test_slices_give_the_same_report),
		cmocka_unit_test(test_slices_report_the_first_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
