/*
 * The CI formats (sarif, codequality, junit, github): their escaping, the
 * finding fingerprints and the limits, on reports built by hand.
 */
#include "test_util.h"

#include "report/escape.h"
#include "report/fingerprints.h"
#include "report/writers.h"

#include <jansson.h>

static const hr_source src = {"deploy/cart.yaml", "", 0};
static const hr_node root = {.kind = HR_NODE_MAPPING, .start = {1, 1, 0}};
static const hr_document cart_doc = {&src, &root, 0};
static hr_container containers[] = {
	{.name = "server", .role = HR_CONTAINER_APP},
	{.name = "proxy", .role = HR_CONTAINER_SIDECAR},
};
static hr_workload workloads[] = {
	{.kind = HR_KIND_DEPLOYMENT, .kind_name = "Deployment", .name = "cart",
	 .namespace_ = "shop", .containers = containers, .container_count = 2,
	 .document = &cart_doc},
	{.kind = HR_KIND_DEPLOYMENT, .kind_name = "Deployment", .name = "idle",
	 .namespace_ = "shop", .containers = containers, .container_count = 1,
	 .document = &cart_doc},
};
static const hr_model model = {.workloads = workloads, .workload_count = 2,
                               .container_count = 3};

static hr_finding make(const char *rule, hr_severity s, unsigned line,
                       const hr_container *c)
{
	return (hr_finding){.rule = rule, .severity = s, .message = "m",
	                    .file = "./deploy/cart.yaml", .line = line,
	                    .column = 3, .workload = &workloads[0],
	                    .container = c};
}

static hr_report report_of(hr_finding *f, size_t n)
{
	hr_report r = {0};
	r.verdict = HR_VERDICT_FAIL;
	r.model = &model;
	r.findings = f;
	r.finding_count = n;
	for (size_t i = 0; i < n; i++)
		r.counts[f[i].severity]++;
	r.file_count = 1;
	r.cost.currency = "USD";
	return r;
}

typedef int (*writer_fn)(const hr_report *, const hr_report_style *, FILE *);

static const char *stop_token; /* style.stop_token for render() */

/* The writer's output as a malloc'd string. */
static char *render(writer_fn write, const hr_report *r)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	assert_non_null(f);
	hr_report_style style = {false, "1.2.3", stop_token};
	assert_int_equal(write(r, &style, f), HR_OK);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void test_escape_ci_sinks(void **state)
{
	(void)state;
	static const struct {
		const char *in, *text, *xml, *data, *prop;
	} cases[] = {
		{"cart", "cart", "cart", "cart", "cart"},
		{"a\nb\rc\td", "a\\x0ab\\x0dc\\x09d", "a\\x0ab\\x0dc\\x09d",
		 "a\\x0ab\\x0dc\\x09d", "a\\x0ab\\x0dc\\x09d"},
		{"::error::x", "::error::x", "::error::x", "::error::x",
		 "%3A%3Aerror%3A%3Ax"},
		{"a,b=c:d", "a,b=c:d", "a,b=c:d", "a,b=c:d", "a%2Cb=c%3Ad"},
		{"100% %0A %25", "100% %0A %25", "100% %0A %25",
		 "100%25 %250A %2525", "100%25 %250A %2525"},
		{"<b>&'\"</b>", "<b>&'\"</b>",
		 "&lt;b&gt;&amp;&apos;&quot;&lt;/b&gt;", "<b>&'\"</b>",
		 "<b>&'\"</b>"},
		{"x]]>y", "x]]>y", "x]]&gt;y", "x]]>y", "x]]>y"},
		{"\x01\x0b\x1b[31m", "\\x01\\x0b\\x1b[31m", "\\x01\\x0b\\x1b[31m",
		 "\\x01\\x0b\\x1b[31m", "\\x01\\x0b\\x1b[31m"},
		{"bidi\xe2\x80\xaex", "bidi\\u202ex", "bidi\\u202ex",
		 "bidi\\u202ex", "bidi\\u202ex"},
		{"bad\xff\xc0z", "bad\\xff\\xc0z", "bad\\xff\\xc0z",
		 "bad\\xff\\xc0z", "bad\\xff\\xc0z"},
		{"caf\xc3\xa9", "caf\xc3\xa9", "caf\xc3\xa9", "caf\xc3\xa9",
		 "caf\xc3\xa9"},
		{"  padded\n", "padded", "padded", "padded", "padded"},
	};
	static const hr_escape_sink sinks[] = {
		HR_ESCAPE_TEXT, HR_ESCAPE_XML, HR_ESCAPE_GITHUB_DATA,
		HR_ESCAPE_GITHUB_PROPERTY};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *want[] = {cases[i].text, cases[i].xml, cases[i].data,
		                      cases[i].prop};
		for (size_t k = 0; k < 4; k++) {
			hr_sbuf b = HR_SBUF_INIT;
			hr_sbuf_escape(&b, cases[i].in, sinks[k], 1000);
			if (strcmp(b.data ? b.data : "", want[k]) != 0)
				fail_msg("case %zu sink %zu: got \"%s\", want \"%s\"", i, k,
				         b.data ? b.data : "", want[k]);
			hr_sbuf_release(&b);
		}
	}
}

static void test_report_path(void **state)
{
	(void)state;
	assert_string_equal(hr_report_path("./a/b.yaml"), "a/b.yaml");
	assert_string_equal(hr_report_path(".//./a"), "a");
	assert_string_equal(hr_report_path("../a"), "../a");
	assert_string_equal(hr_report_path("/abs"), "/abs");
	assert_string_equal(hr_report_path(NULL), "");
}

static void fingerprints_of(hr_finding *f, size_t n, hr_fingerprint_text *out)
{
	hr_report r = report_of(f, n);
	hr_fingerprint_text *ids = NULL;
	assert_int_equal(hr_report_fingerprints(&r, &ids), HR_OK);
	memcpy(out, ids, n * sizeof(*ids));
	free(ids);
}

static void test_fingerprints(void **state)
{
	(void)state;
	hr_finding a[] = {
		make("memory-limit-missing", HR_SEVERITY_WARN, 10, &containers[0]),
		make("memory-limit-missing", HR_SEVERITY_WARN, 20, &containers[1]),
		make("cpu-request-missing", HR_SEVERITY_WARN, 10, &containers[0]),
		make("cpu-request-missing", HR_SEVERITY_WARN, 11, &containers[0]),
	};
	hr_fingerprint_text fa[4];
	fingerprints_of(a, 4, fa);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(strlen(fa[i].hex), HR_FINGERPRINT_HEX);
		assert_int_equal(strspn(fa[i].hex, "0123456789abcdef"),
		                 HR_FINGERPRINT_HEX);
		for (size_t k = 0; k < i; k++) /* all different */
			assert_string_not_equal(fa[i].hex, fa[k].hex);
	}
	/* the same findings on other lines and columns, message changed,
	 * "./" dropped: the same fingerprints */
	hr_finding b[4];
	memcpy(b, a, sizeof(a));
	for (size_t i = 0; i < 4; i++) {
		b[i].line += 7;
		b[i].column = 9;
		b[i].message = "other words";
		b[i].file = "deploy/cart.yaml";
	}
	hr_fingerprint_text fb[4];
	fingerprints_of(b, 4, fb);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(fa[i].hex, fb[i].hex);
	/* what it is about changes it: another workload, file or field */
	static const struct {
		int what;
	} changes[] = {{0}, {1}, {2}};
	for (size_t c = 0; c < sizeof(changes) / sizeof(changes[0]); c++) {
		hr_finding d = a[0];
		if (changes[c].what == 0)
			d.workload = &workloads[1];
		else if (changes[c].what == 1)
			d.file = "deploy/other.yaml";
		else
			d.suggestion_field = "resources.limits.memory";
		hr_fingerprint_text fd;
		fingerprints_of(&d, 1, &fd);
		assert_string_not_equal(fd.hex, fa[0].hex);
	}
	/* ("ab", "c") and ("a", "bc") differ */
	assert_int_equal(hr_fingerprint_begin(), HR_OK);
	const char *p1[] = {"ab", "c"}, *p2[] = {"a", "bc"};
	hr_fingerprint_text x, y;
	assert_int_equal(hr_fingerprint(p1, 2, &x), HR_OK);
	assert_int_equal(hr_fingerprint(p2, 2, &y), HR_OK);
	hr_fingerprint_end();
	assert_string_not_equal(x.hex, y.hex);
}

static void test_sarif_cap(void **state)
{
	(void)state;
	hr_finding f[] = {
		make("cpu-request-missing", HR_SEVERITY_WARN, 5, &containers[0]),
		make("limit-below-request", HR_SEVERITY_FAIL, 9, &containers[0]),
		make("low-confidence", HR_SEVERITY_INFO, 12, &containers[0]),
	};
	hr_report r = report_of(f, 3);
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	hr_report_style style = {false, "1.2.3", NULL};
	assert_int_equal(hr_report_write_sarif_capped(&r, &style, out, 1), HR_OK);
	fclose(out);
	json_error_t err;
	json_t *doc = json_loads(buf, 0, &err);
	assert_non_null(doc);
	json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
	json_t *results = json_object_get(run, "results");
	assert_int_equal(json_array_size(results), 1);
	/* the fail is kept */
	assert_string_equal(json_string_value(json_object_get(
	                            json_array_get(results, 0), "ruleId")),
	                    "limit-below-request");
	json_t *props = json_object_get(run, "properties");
	assert_int_equal(json_integer_value(json_object_get(props,
	                                                    "resultsOmitted")),
	                 2);
	json_decref(doc);
	free(buf);
	/* uncapped: every result, in file order, no note */
	buf = render(hr_report_write_sarif, &r);
	assert_int_equal(count(buf, "\"ruleId\""), 3);
	assert_null(strstr(buf, "resultsOmitted"));
	assert_true(strstr(buf, "cpu-request-missing\",\"ruleIndex") <
	            strstr(buf, "limit-below-request\",\"ruleIndex"));
	free(buf);
}

static void test_github_limits(void **state)
{
	(void)state;
	/* 12 fail, 12 warn, 10 info: more of each than fits */
	hr_finding f[34];
	for (size_t i = 0; i < 34; i++)
		f[i] = make(i < 12 ? "limit-below-request" : "cpu-request-missing",
		            i < 12 ? HR_SEVERITY_FAIL
		                   : i < 24 ? HR_SEVERITY_WARN : HR_SEVERITY_INFO,
		            (unsigned)i + 1, &containers[0]);
	hr_report r = report_of(f, 34);
	stop_token = "unit-test-token-0123";
	char *out = render(hr_report_write_github, &r);
	assert_int_equal(count(out, "\n::error "), 10);
	assert_int_equal(count(out, "\n::warning "), 10);
	/* ten infos: room for nine, the tenth notice is the note */
	assert_int_equal(count(out, "\n::notice file="), 9);
	assert_non_null(strstr(out, "::notice title=headroom::2 fail, 2 warn "
	                            "and 1 info findings are not annotated"));
	/* errors before warnings before notices; the first of each kind */
	assert_true(strstr(out, "line=1,") < strstr(out, "line=13,"));
	assert_non_null(strstr(out, "::stop-commands::unit-test-token-0123\n"));
	assert_non_null(strstr(out, "\n::unit-test-token-0123::\n"));
	free(out);

	/* at the limit: no note, every finding annotated */
	r.finding_count = 10;
	out = render(hr_report_write_github, &r);
	assert_int_equal(count(out, "\n::error "), 10);
	assert_null(strstr(out, "title=headroom::"));
	free(out);

	/* a random token otherwise, new each time */
	stop_token = NULL;
	char *a = render(hr_report_write_github, &r);
	char *b = render(hr_report_write_github, &r);
	const char *ta = strstr(a, "::stop-commands::") + 17;
	const char *tb = strstr(b, "::stop-commands::") + 17;
	assert_int_equal(strspn(ta, "0123456789abcdef"), 32);
	assert_int_equal(ta[32], '\n');
	assert_memory_not_equal(ta, tb, 32);
	free(a);
	free(b);

	/* a bad token is refused */
	static const char *const bad[] = {"short", "pause-logging",
	                                  "has space in it 0123", "new\nline"
	                                  "0123456789abcdef", ""};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		hr_report_style style = {false, "1.2.3", bad[i]};
		FILE *dn = fopen("/dev/null", "w");
		assert_int_equal(hr_report_write_github(&r, &style, dn),
		                 HR_EINVALID);
		fclose(dn);
	}
}

static void test_junit(void **state)
{
	(void)state;
	hr_finding f[] = {
		make("limit-below-request", HR_SEVERITY_FAIL, 9, &containers[0]),
		make("limit-below-request", HR_SEVERITY_FAIL, 12, &containers[1]),
		make("cpu-request-missing", HR_SEVERITY_WARN, 5, &containers[0]),
	};
	f[0].message = "a <b> & \"c\" ]]> \x01";
	hr_report r = report_of(f, 3);
	char *out = render(hr_report_write_junit, &r);
	/* cart: one testcase per rule (the two fails together); idle passes */
	assert_non_null(strstr(out, "<testsuites name=\"headroom\" tests=\"3\" "
	                            "failures=\"1\""));
	assert_int_equal(count(out, "<testcase "), 3);
	assert_int_equal(count(out, "<failure "), 1);
	assert_int_equal(count(out, "<system-out>"), 1);
	assert_non_null(strstr(out, "classname=\"headroom\" name=\"Deployment "
	                            "shop/idle\""));
	assert_non_null(strstr(out, "a &lt;b&gt; &amp; &quot;c&quot; ]]&gt; "
	                            "\\x01"));
	assert_null(strstr(out, "<b>"));
	assert_null(strstr(out, "]]>"));
	free(out);
}

static void test_codequality(void **state)
{
	(void)state;
	hr_finding f[] = {
		make("limit-below-request", HR_SEVERITY_FAIL, 9, &containers[0]),
		make("cpu-request-missing", HR_SEVERITY_WARN, 0, &containers[0]),
		make("low-confidence", HR_SEVERITY_INFO, 5, &containers[0]),
		make("memory-limit-missing", HR_SEVERITY_WARN, 7, &containers[0]),
	};
	f[3].waived = true;
	hr_report r = report_of(f, 4);
	char *out = render(hr_report_write_codequality, &r);
	json_error_t err;
	json_t *doc = json_loads(out, 0, &err);
	assert_non_null(doc);
	assert_int_equal(json_array_size(doc), 3); /* the waived one is not */
	static const char *const severities[] = {"critical", "major", "info"};
	for (size_t i = 0; i < 3; i++) {
		json_t *issue = json_array_get(doc, i);
		assert_string_equal(json_string_value(json_object_get(issue,
		                                                      "severity")),
		                    severities[i]);
		json_t *loc = json_object_get(issue, "location");
		assert_string_equal(json_string_value(json_object_get(loc, "path")),
		                    "deploy/cart.yaml");
		json_int_t begin = json_integer_value(
		        json_object_get(json_object_get(loc, "lines"), "begin"));
		assert_true(begin >= 1); /* line 0 becomes 1 */
	}
	json_decref(doc);
	free(out);
}

static void test_stream_errors(void **state)
{
	(void)state;
	hr_finding f[] = {
		make("limit-below-request", HR_SEVERITY_FAIL, 9, &containers[0])};
	hr_report r = report_of(f, 1);
	hr_report_style style = {false, "1.2.3", NULL};
	writer_fn writers[] = {hr_report_write_sarif, hr_report_write_codequality,
	                       hr_report_write_junit, hr_report_write_github};
	for (size_t i = 0; i < 4; i++) {
		FILE *out = fopen("/dev/null", "r"); /* writes fail */
		assert_non_null(out);
		assert_int_equal(writers[i](&r, &style, out), HR_EIO);
		fclose(out);
	}
}

static void test_registry(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		writer_fn write;
	} rows[] = {
		{"sarif", hr_report_write_sarif},
		{"codequality", hr_report_write_codequality},
		{"junit", hr_report_write_junit},
		{"github", hr_report_write_github},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const hr_report_format *fmt = hr_report_format_find(rows[i].name);
		assert_non_null(fmt);
		assert_ptr_equal(fmt->write, rows[i].write);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_ci_sinks),
		cmocka_unit_test(test_report_path),
		cmocka_unit_test(test_fingerprints),
		cmocka_unit_test(test_sarif_cap),
		cmocka_unit_test(test_github_limits),
		cmocka_unit_test(test_junit),
		cmocka_unit_test(test_codequality),
		cmocka_unit_test(test_stream_errors),
		cmocka_unit_test(test_registry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
