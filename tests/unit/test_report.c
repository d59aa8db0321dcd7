/*
 * The report writers (text, markdown) and their escaping, on reports built
 * by hand: no manifests are loaded and the evaluation engine is not run.
 */
#include "test_util.h"

#include "report/escape.h"
#include "report/writers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- a hand-made report ------------------------------------------------- */

static const hr_source cart_src = {"deploy/cart.yaml", "", 0};
static const hr_node cart_root = {.kind = HR_NODE_MAPPING,
                                  .start = {1, 1, 0}};
static const hr_document cart_doc = {&cart_src, &cart_root, 0};

static hr_container cart_containers[] = {
	{.name = "server", .role = HR_CONTAINER_APP},
	{.name = "proxy", .role = HR_CONTAINER_SIDECAR},
};
static hr_container worker_containers[] = {
	{.name = "job", .role = HR_CONTAINER_APP},
};
static hr_workload workloads[] = {
	{.kind = HR_KIND_DEPLOYMENT, .kind_name = "Deployment", .name = "cart",
	 .namespace_ = "shop", .replicas = 3, .containers = cart_containers,
	 .container_count = 2, .document = &cart_doc},
	{.kind = HR_KIND_DEPLOYMENT, .kind_name = "Deployment", .name = "worker",
	 .namespace_ = "shop", .replicas = 1, .containers = worker_containers,
	 .container_count = 1, .document = &cart_doc},
};
static const hr_model model = {.workloads = workloads, .workload_count = 2,
                               .container_count = 3};

static const hr_evidence cpu_evidence[] = {
	{"cpu_p95_cores", HR_EVIDENCE_NUMBER, {.d = 0.08}},
	{"window", HR_EVIDENCE_STRING, {.s = "14d"}},
};
static const hr_evidence mem_evidence[] = {
	{"window", HR_EVIDENCE_STRING, {.s = "14d"}},
	{"samples", HR_EVIDENCE_INT, {.i = 4032}},
	{"memory_peak_bytes", HR_EVIDENCE_INT, {.i = 315621376}},
	{"oom_killed", HR_EVIDENCE_BOOL, {.b = false}},
	{"note", HR_EVIDENCE_STRING, {.s = "peak at 03:00"}},
};

/* Sorted by file, line, column, as hr_check() hands them out. */
static hr_finding findings[] = {
	{.rule = "cpu-request-overprovisioned", .severity = HR_SEVERITY_WARN,
	 .message = "cpu request 500m is 6x the observed p95 0.08",
	 .file = "deploy/cart.yaml", .line = 12, .column = 9,
	 .workload = &workloads[0], .container = &cart_containers[0],
	 .profile = "critical", .evidence = cpu_evidence, .evidence_count = 2,
	 .suggestion_field = "resources.requests.cpu", .suggestion_value = "100m",
	 .monthly_cost = 12.1},
	{.rule = "memory-limit-below-peak", .severity = HR_SEVERITY_FAIL,
	 .message = "memory limit 256Mi is below the observed peak 301Mi + 20%",
	 .file = "deploy/cart.yaml", .line = 41, .column = 21,
	 .workload = &workloads[0], .container = &cart_containers[0],
	 .profile = "critical", .evidence = mem_evidence, .evidence_count = 5,
	 .suggestion_field = "resources.limits.memory",
	 .suggestion_value = "384Mi"},
	{.rule = "cpu-limit-missing", .severity = HR_SEVERITY_WARN,
	 .message = "no cpu limit", .file = "deploy/worker.yaml", .line = 7,
	 .column = 3, .workload = &workloads[1],
	 .container = &worker_containers[0], .waived = true,
	 .waiver_reason = "batch job, bursts by design",
	 .waiver_owner = "team-data", .waiver_expires = "2030-01-31"},
};

static hr_report sample_report(void)
{
	hr_report r = {0};
	r.verdict = HR_VERDICT_FAIL;
	r.model = &model;
	r.findings = findings;
	r.finding_count = 3;
	r.counts[HR_SEVERITY_FAIL] = 1;
	r.counts[HR_SEVERITY_WARN] = 1;
	r.file_count = 2;
	r.waived_count = 1;
	r.cost = (hr_cost_summary){.currency = "USD", .monthly = 1242.1,
	                           .has_recommended = true,
	                           .recommended_monthly = 1230.0,
	                           .waste_monthly = 12.1};
	r.policy_source = ".headroom.yaml";
	r.usage_source_count = 1;
	r.usage_window = "14d";
	return r;
}

static hr_report empty_report(void)
{
	hr_report r = {0};
	r.verdict = HR_VERDICT_PASS;
	r.model = &model;
	r.file_count = 1;
	r.cost = (hr_cost_summary){.currency = "USD", .monthly = 42.1};
	return r;
}

typedef int (*writer_fn)(const hr_report *, const hr_report_style *, FILE *);

/* The writer's output as a malloc'd string (length in *len when given). */
static char *render(writer_fn write, const hr_report *r, bool color,
                    size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	assert_non_null(f);
	hr_report_style style = {color, "1.2.3", NULL};
	assert_int_equal(write(r, &style, f), HR_OK);
	assert_int_equal(fclose(f), 0);
	if (len)
		*len = size;
	return buf;
}

static size_t capped_cap; /* for render_capped */

static int write_capped(const hr_report *r, const hr_report_style *s,
                        FILE *out)
{
	return hr_report_write_markdown_capped(r, s, out, capped_cap);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* ---- text --------------------------------------------------------------- */

static void test_text_golden(void **state)
{
	(void)state;
	hr_report r = sample_report();
	char *out = render(hr_report_write_text, &r, false, NULL);
	assert_string_equal(out,
		"FAIL  1 fail, 1 warn, 0 info, 1 waived  (2 workloads, 3 containers, 2 files)\n"
		"cost: $1,242.10/month reserved (requests x replicas); recommended: $1,230.00/month (saves $12.10); waste: $12.10/month\n"
		"\n"
		"deploy/cart.yaml\n"
		"  12:9   warn  cpu-request-overprovisioned  cpu request 500m is 6x the observed p95 0.08\n"
		"         Deployment shop/cart, container server, profile critical\n"
		"         evidence: cpu_p95_cores=0.08 window=14d\n"
		"         suggest: resources.requests.cpu: 100m\n"
		"         waste: $12.10/month\n"
		"  41:21  fail  memory-limit-below-peak      memory limit 256Mi is below the observed peak 301Mi + 20%\n"
		"         Deployment shop/cart, container server, profile critical\n"
		"         evidence: window=14d samples=4032 memory_peak_bytes=315621376 oom_killed=false note=\"peak at 03:00\"\n"
		"         suggest: resources.limits.memory: 384Mi\n"
		"\n"
		"deploy/worker.yaml\n"
		"  7:3  warn  cpu-limit-missing  no cpu limit\n"
		"       Deployment shop/worker, container job\n"
		"       waived until 2030-01-31 by team-data: batch job, bursts by design\n");
	free(out);
}

static void test_text_no_findings(void **state)
{
	(void)state;
	hr_report r = empty_report();
	char *out = render(hr_report_write_text, &r, false, NULL);
	assert_string_equal(out,
		"PASS  0 fail, 0 warn, 0 info  (2 workloads, 3 containers, 1 file)\n"
		"cost: $42.10/month reserved (requests x replicas)\n"
		"\n"
		"no findings\n"
		"\n"
		"note: no usage data: only shape rules ran (add -r recommendations.json)\n");
	free(out);

	/* loading failed: no model, no money */
	r.model = NULL;
	r.verdict = HR_VERDICT_WARN;
	r.usage_source_count = 2;
	out = render(hr_report_write_text, &r, false, NULL);
	assert_string_equal(out,
		"WARN  0 fail, 0 warn, 0 info  (0 workloads, 0 containers, 1 file)\n"
		"\n"
		"no findings\n");
	free(out);
}

static void test_text_money(void **state)
{
	(void)state;
	hr_report r = empty_report();
	r.usage_source_count = 1;
	r.cost = (hr_cost_summary){.currency = "EUR", .monthly = 1234567.891,
	                           .has_recommended = true,
	                           .recommended_monthly = 1300000,
	                           .has_base = true, .base_monthly = 1234577.891,
	                           .delta_monthly = -10};
	char *out = render(hr_report_write_text, &r, false, NULL);
	assert_non_null(strstr(out,
		"cost: 1,234,567.89 EUR/month reserved (requests x replicas); "
		"recommended: 1,300,000.00 EUR/month (costs 65,432.11 EUR); "
		"change: -10.00 EUR/month vs base\n"));
	free(out);

	r.cost.currency = "USD";
	r.cost.delta_monthly = 5;
	r.cost.has_recommended = false;
	out = render(hr_report_write_text, &r, false, NULL);
	assert_non_null(strstr(out, "change: +$5.00/month vs base\n"));
	free(out);

	/* the currency comes from the policy file: escaped like the rest */
	r.cost.currency = "\x1b[2J";
	out = render(hr_report_write_text, &r, false, NULL);
	assert_null(strchr(out, '\x1b'));
	assert_non_null(strstr(out, "1,234,567.89 \\x1b[2J/month"));
	free(out);
}

static void test_text_color(void **state)
{
	(void)state;
	hr_report r = sample_report();
	char *plain = render(hr_report_write_text, &r, false, NULL);
	char *color = render(hr_report_write_text, &r, true, NULL);
	assert_null(strchr(plain, '\x1b'));
	assert_non_null(strstr(color, "\x1b[1m\x1b[31mFAIL\x1b[0m"));
	assert_non_null(strstr(color, "\x1b[31mfail\x1b[0m"));
	assert_non_null(strstr(color, "\x1b[33mwarn\x1b[0m"));
	assert_non_null(strstr(color, "\x1b[1mdeploy/cart.yaml\x1b[0m"));
	/* the same text once the colour codes are taken out */
	char *stripped = malloc(strlen(color) + 1);
	size_t o = 0;
	for (const char *p = color; *p;) {
		if (*p == '\x1b') {
			p = strchr(p, 'm') + 1;
			continue;
		}
		stripped[o++] = *p++;
	}
	stripped[o] = '\0';
	assert_string_equal(stripped, plain);
	free(stripped);
	free(plain);
	free(color);
}

/* Bytes that must never reach a terminal raw. */
static void assert_terminal_safe(const char *out)
{
	for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
		assert_true(*p >= 0x20 || *p == '\n');
		assert_true(*p != 0x7f);
	}
	assert_null(strstr(out, "\xe2\x80\xae")); /* U+202E */
	assert_null(strstr(out, "\xe2\x81\xa6")); /* U+2066 */
	assert_null(strstr(out, "\xc2\x9b"));     /* U+009B CSI */
	assert_null(strstr(out, "\xff"));
}

static const char *const hostile[] = {
	"evil\x1b[31mRED\x1b[0m",
	"\x1b]8;;https://evil.example/\x07" "click\x1b]8;;\x07",
	"line\nFAKE: PASS\rover",
	"bell\x07 del\x7f nul-free",
	"c1 \xc2\x9b" "31m csi",
	"bidi \xe2\x80\xae" "txt.exe" "\xe2\x81\xa6" "x" "\xe2\x81\xa9",
	"bad utf8 \xff\xfe \xc0\xaf \xed\xa0\x80 \xe2\x80",
	"<img src=x onerror=alert(1)>",
	"[x](javascript:alert(1)) **bold** | pipe `tick` @octocat #1",
};

static void test_text_hostile(void **state)
{
	(void)state;
	size_t n = sizeof(hostile) / sizeof(hostile[0]);
	hr_workload w[sizeof(hostile) / sizeof(hostile[0])];
	hr_container c[sizeof(hostile) / sizeof(hostile[0])];
	hr_finding f[sizeof(hostile) / sizeof(hostile[0])];
	hr_evidence e[sizeof(hostile) / sizeof(hostile[0])];
	for (size_t i = 0; i < n; i++) {
		w[i] = (hr_workload){.kind_name = hostile[i], .name = hostile[i],
		                     .namespace_ = hostile[i]};
		c[i] = (hr_container){.name = hostile[i]};
		e[i] = (hr_evidence){hostile[i], HR_EVIDENCE_STRING,
		                     {.s = hostile[i]}};
		f[i] = (hr_finding){.rule = "r", .severity = HR_SEVERITY_FAIL,
		                    .message = hostile[i], .file = hostile[i],
		                    .line = 1, .column = 1, .workload = &w[i],
		                    .container = &c[i], .profile = hostile[i],
		                    .evidence = &e[i], .evidence_count = 1,
		                    .suggestion_field = hostile[i],
		                    .suggestion_value = hostile[i], .waived = true,
		                    .waiver_reason = hostile[i],
		                    .waiver_owner = hostile[i],
		                    .waiver_expires = hostile[i]};
	}
	hr_report r = sample_report();
	r.findings = f;
	r.finding_count = n;
	r.cost.currency = hostile[0];
	for (int color = 0; color <= 1; color++) {
		char *out = render(hr_report_write_text, &r, color, NULL);
		if (color) {
			/* only the writer's own SGR codes: ESC always followed by
			 * "[<digits>m" from the fixed set */
			for (const char *p = out; (p = strchr(p, '\x1b')); p++)
				assert_true(strncmp(p, "\x1b[0m", 4) == 0 ||
				            strncmp(p, "\x1b[1m", 4) == 0 ||
				            strncmp(p, "\x1b[2m", 4) == 0 ||
				            strncmp(p, "\x1b[3", 3) == 0);
		} else {
			assert_terminal_safe(out);
		}
		assert_non_null(strstr(out, "evil\\x1b[31mRED\\x1b[0m"));
		assert_non_null(strstr(out, "line\\x0aFAKE: PASS\\x0dover"));
		assert_non_null(strstr(out, "bidi \\u202etxt.exe\\u2066x\\u2069"));
		free(out);
	}
	char *out = render(hr_report_write_text, &r, false, NULL);
	size_t lines = count(out, "\n");
	/* no string forged a line: the headline's 2, then per finding a
	 * blank line, the file, the finding, workload, evidence, suggestion
	 * and waiver, then a blank line and the line naming the sample
	 * model's workloads, which have no findings here */
	assert_int_equal(lines, 2 + n * 7 + 2);
	free(out);
}

/* ---- terminal escaping -------------------------------------------------- */

static void test_escape_terminal(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{"", ""},
		{"plain text 256Mi", "plain text 256Mi"},
		{"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80", "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"},
		{"a\\b", "a\\b"},
		{"\x1b[31mred", "\\x1b[31mred"},
		{"\x1b]8;;http://x\x07link\x1b]8;;\x07", "\\x1b]8;;http://x\\x07link\\x1b]8;;\\x07"},
		{"a\r\nb\tc", "a\\x0d\\x0ab\\x09c"},
		{"\x01\x1f\x7f", "\\x01\\x1f\\x7f"},
		{"c1\xc2\x80\xc2\x85\xc2\x9b\xc2\x9f", "c1\\u0080\\u0085\\u009b\\u009f"},
		{"\xc2\xa0nbsp ok", "\xc2\xa0nbsp ok"},
		{"\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae",
		 "\\u202a\\u202b\\u202c\\u202d\\u202e"},
		{"\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
		 "\\u2066\\u2067\\u2068\\u2069"},
		{"\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200e\\u200f\\u061c"},
		{"\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029"},
		{"tag\xf3\xa0\x81\x81", "tag\\U000e0041"},
		{"\xe2\x80\x8d zwj ok", "\xe2\x80\x8d zwj ok"},
		{"\xff\xfe", "\\xff\\xfe"},
		{"\xc0\xaf", "\\xc0\\xaf"},             /* overlong '/' */
		{"\xe0\x80\xaf", "\\xe0\\x80\\xaf"},     /* overlong */
		{"\xed\xa0\x80", "\\xed\\xa0\\x80"},     /* surrogate */
		{"\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"}, /* > U+10FFFF */
		{"end\xe2\x80", "end\\xe2\\x80"},        /* truncated */
		{"\x80x", "\\x80x"},                     /* stray continuation */
		{"\xc2", "\\xc2"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *buf = NULL;
		size_t size = 0;
		FILE *f = open_memstream(&buf, &size);
		assert_int_equal(hr_fputs_terminal(cases[i].in, f), 0);
		fclose(f);
		if (strcmp(buf, cases[i].out) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, buf,
			         cases[i].out);
		free(buf);
	}
}

static void test_utf8_decode(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t len;
		uint32_t cp;
	} cases[] = {
		{"A", 1, 0x41},
		{"\xc2\x80", 2, 0x80},
		{"\xdf\xbf", 2, 0x7ff},
		{"\xe0\xa0\x80", 3, 0x800},
		{"\xef\xbf\xbf", 3, 0xffff},
		{"\xed\x9f\xbf", 3, 0xd7ff},
		{"\xee\x80\x80", 3, 0xe000},
		{"\xf0\x90\x80\x80", 4, 0x10000},
		{"\xf4\x8f\xbf\xbf", 4, 0x10ffff},
		{"\xc1\xbf", 0, 0},
		{"\xe0\x9f\xbf", 0, 0},
		{"\xed\xbf\xbf", 0, 0},
		{"\xf0\x8f\xbf\xbf", 0, 0},
		{"\xf5\x80\x80\x80", 0, 0},
		{"\xe2\x82", 0, 0},
		{"\xbf", 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t cp = 0xdeadbeef;
		size_t n = hr_utf8_decode((const unsigned char *)cases[i].in, &cp);
		assert_int_equal(n, cases[i].len);
		if (n)
			assert_int_equal(cp, cases[i].cp);
	}
}

/* ---- Markdown and HTML escaping ----------------------------------------- */

static char *escaped(const char *in, hr_escape_sink sink, size_t max)
{
	hr_sbuf b = HR_SBUF_INIT;
	hr_sbuf_escape(&b, in, sink, max);
	char *s = strdup(b.data ? b.data : "");
	hr_sbuf_release(&b);
	return s;
}

static void test_escape_markdown(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *md;
		const char *html;
	} cases[] = {
		{"", "", ""},
		{"cart", "cart", "cart"},
		{"256Mi", "256Mi", "256Mi"},
		{"shop/cart-api", "shop/cart\\-api", "shop/cart-api"},
		{"deploy/cart.yaml", "deploy/cart\\.yaml", "deploy/cart.yaml"},
		{"<img src=x onerror=alert(1)>",
		 "&lt;img src=x onerror=alert\\(1\\)&gt;",
		 "&lt;img src=x onerror=alert&#40;1&#41;&gt;"},
		{"[x](javascript:alert(1))",
		 "\\[x\\]\\(javascript:alert\\(1\\)\\)",
		 "&#91;x&#93;&#40;javascript:alert&#40;1&#41;&#41;"},
		{"**bold** _it_ ~~del~~", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~del\\~\\~",
		 "&#42;&#42;bold&#42;&#42; &#95;it&#95; &#126;&#126;del&#126;&#126;"},
		{"a | b", "a \\| b", "a &#124; b"},
		{"`code` ``x``", "\\`code\\` \\`\\`x\\`\\`",
		 "&#96;code&#96; &#96;&#96;x&#96;&#96;"},
		{"a\\b", "a\\\\b", "a&#92;b"},
		{"{}+!#", "\\{\\}\\+\\!\\#", "{}+!#"},
		{"\"q\" 'q' & x", "&quot;q&quot; &#39;q&#39; &amp; x",
		 "&quot;q&quot; &#39;q&#39; &amp; x"},
		{"&lt;", "&amp;lt;", "&amp;lt;"},
		{"$x$ costs $5", "&#36;x&#36; costs &#36;5", "&#36;x&#36; costs &#36;5"},
		{"one\ntwo\r\nthree\tfour", "one two  three four",
		 "one two  three four"},
		{"  padded \n", "padded", "padded"},
		{"@octocat hi", "@&#8203;octocat hi", "@&#8203;octocat hi"},
		{"@org/team", "@&#8203;org/team", "@&#8203;org/team"},
		{"a@b.example", "a@&#8203;b\\.example", "a@&#8203;b.example"},
		{"see #12", "see \\#&#8203;12", "see #&#8203;12"},
		{"# heading", "\\# heading", "# heading"},
		{"GH-7 gh-8", "GH&#8203;\\-7 gh&#8203;\\-8", "GH&#8203;-7 gh&#8203;-8"},
		{"https://evil.example/x",
		 "https:&#8203;//evil\\.example/x", "https:&#8203;//evil.example/x"},
		{"www.evil.example", "www&#8203;\\.evil\\.example",
		 "www&#8203;.evil.example"},
		{"wwwx.a", "wwwx\\.a", "wwwx.a"},
		{"\x1b[31mred", "\\\\x1b\\[31mred", "&#92;x1b&#91;31mred"},
		{"\x1b]8;;http://x\x07", "\\\\x1b\\]8;;http:&#8203;//x\\\\x07",
		 "&#92;x1b&#93;8;;http:&#8203;//x&#92;x07"},
		{"bidi\xe2\x80\xaegnp.exe", "bidi\\\\u202egnp\\.exe",
		 "bidi&#92;u202egnp.exe"},
		{"c1\xc2\x85", "c1\\\\u0085", "c1&#92;u0085"},
		{"bad\xff", "bad\\\\xff", "bad&#92;xff"},
		{"caf\xc3\xa9 \xe2\x9c\x85", "caf\xc3\xa9 \xe2\x9c\x85",
		 "caf\xc3\xa9 \xe2\x9c\x85"},
		{"<!-- headroom:report -->",
		 "&lt;\\!\\-\\- headroom:report \\-\\-&gt;",
		 "&lt;!-- headroom:report --&gt;"},
		{"</summary></details>", "&lt;/summary&gt;&lt;/details&gt;",
		 "&lt;/summary&gt;&lt;/details&gt;"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *md = escaped(cases[i].in, HR_ESCAPE_MARKDOWN, 10000);
		char *html = escaped(cases[i].in, HR_ESCAPE_HTML, 10000);
		if (strcmp(md, cases[i].md) != 0)
			fail_msg("markdown case %zu: got \"%s\", want \"%s\"", i, md,
			         cases[i].md);
		if (strcmp(html, cases[i].html) != 0)
			fail_msg("html case %zu: got \"%s\", want \"%s\"", i, html,
			         cases[i].html);
		/* a table cell stays one line, whatever came in */
		assert_null(strchr(md, '\n'));
		assert_null(strchr(md, '\r'));
		assert_null(strchr(html, '\n'));
		free(md);
		free(html);
	}
}

static void test_escape_truncates(void **state)
{
	(void)state;
	char *long_in = malloc(100001);
	memset(long_in, 'a', 100000);
	long_in[100000] = '\0';
	char *md = escaped(long_in, HR_ESCAPE_MARKDOWN, 50);
	assert_int_equal(strlen(md), 50);
	assert_memory_equal(md + 47, "\xe2\x80\xa6", 3);
	free(md);

	/* entities and multi-byte characters are never cut in half */
	memset(long_in, '<', 100000);
	md = escaped(long_in, HR_ESCAPE_MARKDOWN, 50);
	assert_int_equal(strlen(md), 11 * 4 + 3); /* 11 x "&lt;" + "…" */
	free(md);
	for (size_t i = 0; i + 3 <= 99999; i += 3)
		memcpy(long_in + i, "\xe2\x82\xac", 3);
	long_in[99999] = '\0';
	md = escaped(long_in, HR_ESCAPE_HTML, 20);
	assert_int_equal(strlen(md), 5 * 3 + 3);
	free(md);

	/* exactly at the limit: no ellipsis */
	md = escaped("abcde", HR_ESCAPE_MARKDOWN, 5);
	assert_string_equal(md, "abcde");
	free(md);
	md = escaped("abcdef", HR_ESCAPE_MARKDOWN, 5);
	assert_string_equal(md, "ab\xe2\x80\xa6");
	free(md);
	free(long_in);
}

static void test_format_amount(void **state)
{
	(void)state;
	static const struct {
		double v;
		bool plus;
		const char *out;
	} cases[] = {
		{0, false, "0.00"},
		{0, true, "0.00"},
		{-0.001, false, "0.00"},
		{0.005, false, "0.01"},
		{12.1, false, "12.10"},
		{999.999, false, "1,000.00"},
		{1234.5, false, "1,234.50"},
		{-17.7, false, "-17.70"},
		{5, true, "+5.00"},
		{-5, true, "-5.00"},
		{1234567.891, false, "1,234,567.89"},
		{123456789012.0, false, "123,456,789,012.00"},
		{1e16, false, "1.000e+16"},
		{NAN, false, "?"},
		{INFINITY, false, "?"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[64];
		size_t n = hr_format_amount(cases[i].v, cases[i].plus, buf,
		                            sizeof(buf));
		assert_string_equal(buf, cases[i].out);
		assert_int_equal(n, strlen(cases[i].out));
	}
	char buf[32];
	hr_format_number(4032, buf, sizeof(buf));
	assert_string_equal(buf, "4032");
	hr_format_number(0.08, buf, sizeof(buf));
	assert_string_equal(buf, "0.08");
	hr_format_number(1.0 / 3, buf, sizeof(buf));
	assert_string_equal(buf, "0.333333");
	hr_format_number(-2.5e20, buf, sizeof(buf));
	assert_string_equal(buf, "-2.5e+20");
}

/* ---- markdown ----------------------------------------------------------- */

static void test_markdown_golden(void **state)
{
	(void)state;
	hr_report r = sample_report();
	char *out = render(hr_report_write_markdown, &r, false, NULL);
	assert_string_equal(out,
		"<!-- headroom:report -->\n"
		"### \xe2\x9d\x8c headroom: fail\n"
		"\n"
		"1 fail, 1 warn, 0 info, 1 waived \xc2\xb7 2 workloads, 3 containers, 2 files \xc2\xb7 **&#36;1,242.10/month** reserved (requests \xc3\x97 replicas) \xc2\xb7 recommended &#36;1,230.00/month (saves &#36;12.10) \xc2\xb7 waste &#36;12.10/month\n"
		"\n"
		"| Severity | Rule | Where | Workload | Finding | Suggestion |\n"
		"| --- | --- | --- | --- | --- | --- |\n"
		"| \xe2\x9d\x8c fail | memory\\-limit\\-below\\-peak | deploy/cart\\.yaml:41 | Deployment shop/cart, container server | memory limit 256Mi is below the observed peak 301Mi \\+ 20% | resources\\.limits\\.memory: 384Mi |\n"
		"| \xe2\x9a\xa0\xef\xb8\x8f warn | cpu\\-request\\-overprovisioned | deploy/cart\\.yaml:12 | Deployment shop/cart, container server | cpu request 500m is 6x the observed p95 0\\.08 (waste &#36;12.10/month) | resources\\.requests\\.cpu: 100m |\n"
		"\n"
		"<details><summary>1 waived finding</summary>\n"
		"\n"
		"| Severity | Rule | Where | Workload | Finding | Waiver |\n"
		"| --- | --- | --- | --- | --- | --- |\n"
		"| warn | cpu\\-limit\\-missing | deploy/worker\\.yaml:7 | Deployment shop/worker, container job | no cpu limit | waived until 2030\\-01\\-31 by team\\-data: batch job, bursts by design |\n"
		"\n"
		"</details>\n"
		"\n"
		"#### Evidence\n"
		"\n"
		"<details><summary>\xe2\x9d\x8c memory-limit-below-peak \xc2\xb7 deploy/cart.yaml:41</summary>\n"
		"\n"
		"- profile: critical\n"
		"- window: 14d\n"
		"- samples: 4032\n"
		"- memory\\_peak\\_bytes: 315621376\n"
		"- oom\\_killed: false\n"
		"- note: peak at 03:00\n"
		"\n"
		"</details>\n"
		"\n"
		"<details><summary>\xe2\x9a\xa0\xef\xb8\x8f cpu-request-overprovisioned \xc2\xb7 deploy/cart.yaml:12</summary>\n"
		"\n"
		"- profile: critical\n"
		"- cpu\\_p95\\_cores: 0.08\n"
		"- window: 14d\n"
		"\n"
		"</details>\n"
		"\n"
		"---\n"
		"<sub>headroom 1\\.2\\.3 \xc2\xb7 policy: \\.headroom\\.yaml \xc2\xb7 usage: 1 file, window 14d</sub>\n");
	free(out);
}

static void test_markdown_no_findings(void **state)
{
	(void)state;
	hr_report r = empty_report();
	r.cost.has_base = true;
	r.cost.delta_monthly = -17.7;
	char *out = render(hr_report_write_markdown, &r, false, NULL);
	assert_string_equal(out,
		"<!-- headroom:report -->\n"
		"### \xe2\x9c\x85 headroom: pass\n"
		"\n"
		"0 fail, 0 warn, 0 info \xc2\xb7 2 workloads, 3 containers, 1 file \xc2\xb7 **&#36;42.10/month** reserved (requests \xc3\x97 replicas) \xc2\xb7 change -&#36;17.70/month vs base\n"
		"\n"
		"> No usage data: only shape rules ran (add `-r recommendations.json`).\n"
		"\n"
		"No findings.\n"
		"\n"
		"---\n"
		"<sub>headroom 1\\.2\\.3 \xc2\xb7 policy: built\\-in \xc2\xb7 usage: none</sub>\n");
	free(out);
}

/* Unescaped '|' in a Markdown line (a table row's cell separators). */
static size_t unescaped_pipes(const char *line, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '\\') {
			i++;
			continue;
		}
		n += line[i] == '|';
	}
	return n;
}

static void test_markdown_hostile(void **state)
{
	(void)state;
	static const char *const extra[] = {
		"@octocat please review",
		"fixes #1",
		"https://evil.example/login",
		"</summary></details><script>alert(1)</script>",
		"<!-- headroom:report -->",
		"$\\color{green}{\\textsf{PASS}}$",
		"\n\n# heading\n\n- list",
		"x\n| a | b |\n|---|---|",
	};
	size_t nh = sizeof(hostile) / sizeof(hostile[0]);
	size_t n = nh + sizeof(extra) / sizeof(extra[0]);
	const char **strs = calloc(n, sizeof(*strs));
	for (size_t i = 0; i < n; i++)
		strs[i] = i < nh ? hostile[i] : extra[i - nh];
	hr_workload *w = calloc(n, sizeof(*w));
	hr_container *c = calloc(n, sizeof(*c));
	hr_finding *f = calloc(n, sizeof(*f));
	hr_evidence *e = calloc(n, sizeof(*e));
	for (size_t i = 0; i < n; i++) {
		w[i] = (hr_workload){.kind_name = strs[i], .name = strs[i],
		                     .namespace_ = strs[i]};
		c[i] = (hr_container){.name = strs[i]};
		e[i] = (hr_evidence){strs[i], HR_EVIDENCE_STRING, {.s = strs[i]}};
		f[i] = (hr_finding){.rule = strs[i], .severity = HR_SEVERITY_FAIL,
		                    .message = strs[i], .file = strs[i],
		                    .line = 1, .column = 1, .workload = &w[i],
		                    .container = &c[i], .profile = strs[i],
		                    .evidence = &e[i], .evidence_count = 1,
		                    .suggestion_field = strs[i],
		                    .suggestion_value = strs[i],
		                    .waived = i % 2 == 1,
		                    .waiver_reason = strs[i],
		                    .waiver_owner = strs[i],
		                    .waiver_expires = strs[i]};
	}
	hr_report r = sample_report();
	r.findings = f;
	r.finding_count = n;
	r.cost.currency = "<b>EUR</b>";
	r.policy_source = "@admin\n# pwned";
	r.usage_window = "[w](http://x)";
	char *out = render(hr_report_write_markdown, &r, false, NULL);

	assert_null(strstr(out, "<img"));
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "<b>"));
	assert_null(strstr(out, "]("));
	assert_null(strstr(out, "**bold"));
	assert_null(strstr(out, "https://"));
	assert_null(strstr(out, "http://"));
	/* "#1" only inside numeric references (&#124;) */
	for (const char *p = out; (p = strstr(p, "#1")); p++)
		assert_true(p > out && p[-1] == '&');
	assert_null(strstr(out, "$"));
	assert_null(strstr(out, "\r"));
	/* every @ is followed by a zero-width space */
	for (const char *p = out; (p = strchr(p, '@')); p++)
		assert_memory_equal(p + 1, "&#8203;", 7);
	/* no raw control bytes, bidi or C1 */
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		assert_true(*p >= 0x20 || *p == '\n');
	assert_null(strstr(out, "\xe2\x80\xae"));
	assert_null(strstr(out, "\xc2\x9b"));
	assert_null(strstr(out, "\xff"));
	/* the marker only once, at the start */
	assert_int_equal(count(out, "<!-- headroom:report -->"), 1);
	assert_memory_equal(out, "<!-- headroom:report -->\n", 25);
	/* the structure is the writer's own: rows of exactly 7 separators,
	 * each hostile string in one row, details balanced */
	size_t rows = 0;
	for (const char *line = out; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = (size_t)(nl - line);
		if (len && line[0] == '|') {
			assert_int_equal(unescaped_pipes(line, len), 7);
			rows++;
		}
		/* untrusted text never starts a line */
		assert_true(len == 0 || line[0] == '|' || line[0] == '<' ||
		            line[0] == '-' || line[0] == '#' || line[0] == '>' ||
		            strncmp(line, "1 fail", 6) == 0 ||
		            strncmp(line, "0 fail", 6) == 0 ||
		            (unsigned char)line[0] == 0xe2);
		line = nl + 1;
	}
	assert_int_equal(rows, n + 4); /* + header and rule of both tables */
	assert_int_equal(count(out, "<details>"), count(out, "</details>"));
	assert_int_equal(count(out, "<summary>"), count(out, "</summary>"));
	assert_int_equal(count(out, "<details>"), 1 + n);
	free(out);
	free(strs);
	free(w);
	free(c);
	free(f);
	free(e);
}

/* n findings over `files` files, severities cycling info, warn, fail. */
static hr_finding *many_findings(size_t n, const char *message)
{
	hr_finding *f = calloc(n, sizeof(*f));
	for (size_t i = 0; i < n; i++)
		f[i] = (hr_finding){.rule = "cpu-request-overprovisioned",
		                    .severity = (hr_severity)(1 + i % 3),
		                    .message = message, .file = "deploy/many.yaml",
		                    .line = (unsigned)(i + 1), .column = 3,
		                    .workload = &workloads[0],
		                    .container = &cart_containers[0],
		                    .evidence = mem_evidence, .evidence_count = 5,
		                    .waived = i % 10 == 9};
	return f;
}

static void test_markdown_cap(void **state)
{
	(void)state;
	hr_report r = sample_report();
	r.finding_count = 500;
	hr_finding *f = many_findings(r.finding_count, "request too high");
	r.findings = f;
	static const size_t caps[] = {2048, 4000, 10000, 30000};
	for (size_t k = 0; k < sizeof(caps) / sizeof(caps[0]); k++) {
		capped_cap = caps[k];
		size_t len;
		char *out = render(write_capped, &r, false, &len);
		assert_true(len <= caps[k]);
		assert_int_equal(len, strlen(out));
		/* rows shown + the note's count = every finding */
		size_t shown = count(out, "| cpu\\-request\\-overprovisioned |");
		char note[160];
		snprintf(note, sizeof(note),
		         "\n\xe2\x80\xa6 %zu more findings not shown (the full report "
		         "is in the job log and the JSON report).\n",
		         r.finding_count - shown);
		assert_non_null(strstr(out, note));
		/* the most severe go first: no warn row before the fails are all
		 * in, no info row before the warns */
		size_t fails = count(out, "| \xe2\x9d\x8c fail |");
		size_t warns = count(out, "warn |");
		size_t infos = count(out, "info |");
		if (warns)
			assert_int_equal(fails, 150);
		if (infos)
			assert_int_equal(warns, 150);
		/* the footer is always there, and last */
		assert_non_null(strstr(out, "\n---\n<sub>headroom 1\\.2\\.3"));
		assert_string_equal(out + len - 7, "</sub>\n");
		assert_int_equal(count(out, "<details>"), count(out, "</details>"));
		free(out);
	}

	/* everything fits: no note */
	r.finding_count = 3;
	capped_cap = 60000;
	char *out = render(write_capped, &r, false, NULL);
	assert_null(strstr(out, "not shown"));
	assert_int_equal(count(out, "| cpu\\-request\\-overprovisioned |"), 3);
	free(out);

	/* caps below the minimum are raised to it */
	r.finding_count = 500;
	capped_cap = 10;
	size_t len;
	out = render(write_capped, &r, false, &len);
	assert_true(len <= HR_MARKDOWN_MIN_CAP);
	assert_non_null(strstr(out, "not shown"));
	free(out);
	free(f);
}

static void test_markdown_default_cap(void **state)
{
	(void)state;
	/* 10,000 findings with long hostile-ish messages: the comment stays
	 * under GitHub's limit */
	char message[2001];
	for (size_t i = 0; i < 2000; i++)
		message[i] = "<@#|*"[i % 5];
	message[2000] = '\0';
	hr_report r = sample_report();
	r.finding_count = 10000;
	hr_finding *f = many_findings(r.finding_count, message);
	r.findings = f;
	size_t len;
	char *out = render(hr_report_write_markdown, &r, false, &len);
	assert_true(len <= HR_MARKDOWN_MAX_BYTES);
	assert_true(len > HR_MARKDOWN_MAX_BYTES - 10000); /* it did fill up */
	assert_non_null(strstr(out, "more findings not shown"));
	free(out);
	free(f);
}

/* ---- both --------------------------------------------------------------- */

static void test_stream_errors(void **state)
{
	(void)state;
	hr_report r = sample_report();
	hr_report_style style = {false, "1.2.3", NULL};
	writer_fn writers[] = {hr_report_write_text, hr_report_write_markdown};
	for (size_t i = 0; i < 2; i++) {
		FILE *f = fopen("/dev/null", "r"); /* writes fail */
		assert_non_null(f);
		assert_int_equal(writers[i](&r, &style, f), HR_EIO);
		fclose(f);
	}
}

static void test_registry(void **state)
{
	(void)state;
	const hr_report_format *md = hr_report_format_find("markdown");
	assert_non_null(md);
	assert_ptr_equal(md->write, hr_report_write_markdown);
	const hr_report_format *text = hr_report_format_find("text");
	assert_non_null(text);
	assert_ptr_equal(text->write, hr_report_write_text);
	assert_ptr_equal(hr_report_format_at(0), text);
	assert_null(hr_report_format_find("html"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_golden),
		cmocka_unit_test(test_text_no_findings),
		cmocka_unit_test(test_text_money),
		cmocka_unit_test(test_text_color),
		cmocka_unit_test(test_text_hostile),
		cmocka_unit_test(test_escape_terminal),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_escape_markdown),
		cmocka_unit_test(test_escape_truncates),
		cmocka_unit_test(test_format_amount),
		cmocka_unit_test(test_markdown_golden),
		cmocka_unit_test(test_markdown_no_findings),
		cmocka_unit_test(test_markdown_hostile),
		cmocka_unit_test(test_markdown_cap),
		cmocka_unit_test(test_markdown_default_cap),
		cmocka_unit_test(test_stream_errors),
		cmocka_unit_test(test_registry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
