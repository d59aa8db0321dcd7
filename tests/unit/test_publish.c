/*
 * The publish stage's pure parts: the run stamp and which run is newer,
 * fitting a body under the size limit, the suggestion line, diff hunks,
 * the step outputs file.
 */
#include "test_util.h"

#include "publish/publish_internal.h"

#include <stdio.h>
#include <stdlib.h>

static void test_stamp_round_trip(void **state)
{
	(void)state;
	static const hr_run_stamp stamps[] = {
		{0, 0, 0, ""},
		{123456789, 2, 1795456424, "0123456789abcdef0123456789abcdef01234567"},
		{UINT64_MAX, 1000000, INT64_MIN, "ab"},
	};
	for (size_t i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
		hr_sbuf b = HR_SBUF_INIT;
		hr_sbuf_puts(&b, HR_PUBLISH_MARKER "\nreport\n");
		hr_stamp_write(&stamps[i], &b);
		hr_run_stamp back;
		assert_true(hr_stamp_find(b.data, &back));
		assert_true(back.run_id == stamps[i].run_id);
		assert_int_equal(back.attempt, stamps[i].attempt);
		assert_true(back.time == stamps[i].time);
		assert_string_equal(back.sha, stamps[i].sha);
		hr_sbuf_release(&b);
	}
}

static void test_stamp_malformed(void **state)
{
	(void)state;
	static const char *const bodies[] = {
		"no stamp at all",
		"<!-- headroom:run id=1 attempt=1 time=1 -->",
		"<!-- headroom:run id=x attempt=1 time=1 sha= -->",
		"<!-- headroom:run id=1 attempt=1 time=1 sha=zz -->",
		"<!-- headroom:run id=1 attempt=1 time=1 sha=abc",
	};
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		hr_run_stamp s;
		if (hr_stamp_find(bodies[i], &s))
			fail_msg("a stamp found in '%s'", bodies[i]);
	}
	/* The last stamp counts: an earlier one may be quoted text. */
	hr_run_stamp s;
	assert_true(hr_stamp_find("<!-- headroom:run id=1 attempt=1 time=1 sha= "
	                          "--> <!-- headroom:run id=9 attempt=3 time=1 "
	                          "sha= -->", &s));
	assert_true(s.run_id == 9 && s.attempt == 3);
}

static void test_stamp_order(void **state)
{
	(void)state;
	static const struct {
		hr_run_stamp a, b;
		int want; /* sign of compare(a, b) */
	} cases[] = {
		{{100, 1, 50, ""}, {101, 1, 10, ""}, -1}, /* run ids beat time */
		{{101, 1, 10, ""}, {100, 1, 50, ""}, 1},
		{{100, 2, 10, ""}, {100, 1, 50, ""}, 1},  /* a re-run attempt */
		{{100, 1, 10, ""}, {100, 1, 10, ""}, 0},
		{{0, 0, 10, ""}, {0, 0, 20, ""}, -1},     /* local runs: time */
		{{0, 0, 30, ""}, {100, 1, 20, ""}, 1},    /* one without an id */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int c = hr_stamp_compare(&cases[i].a, &cases[i].b);
		int sign = (c > 0) - (c < 0);
		if (sign != cases[i].want)
			fail_msg("case %zu: compare gave %d, want %d", i, c,
			         cases[i].want);
	}
}

static void test_body_capping(void **state)
{
	(void)state;
	hr_run_stamp s = {7, 1, 1, "abc"};
	hr_sbuf big = HR_SBUF_INIT, out = HR_SBUF_INIT;
	hr_sbuf_puts(&big, HR_PUBLISH_MARKER "\n### headroom: fail\n\n"
	                   "<details><summary>x</summary>\n");
	while (big.len < 200000)
		hr_sbuf_puts(&big, "| fail | rule | file:1 | w | message \xc3\xa9 |\n");
	static const size_t caps[] = {4096, 65000, 300000};
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		hr_publish_body(big.data, big.len, &s, caps[i], &out);
		assert_true(out.len <= caps[i]);
		hr_run_stamp back;
		assert_true(hr_stamp_find(out.data, &back));
		assert_true(back.run_id == 7);
		bool cut = caps[i] < big.len;
		assert_true((strstr(out.data, "was cut here") != NULL) == cut);
		if (cut) /* whole lines only, and the <details> closed */
			assert_non_null(strstr(out.data, "|\n\n</details>\n"));
	}
	hr_publish_short_body(big.data, big.len, &s, &out);
	assert_true(out.len < 4096);
	assert_non_null(strstr(out.data, "### headroom: fail"));
	assert_null(strstr(out.data, "| fail |"));
	assert_true(strncmp(out.data, HR_PUBLISH_MARKER, 24) == 0);
	hr_sbuf_release(&big);
	hr_sbuf_release(&out);
}

static void test_suggest_line(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		unsigned column;
		const char *key, *value;
		const char *want; /* NULL: no suggestion */
	} cases[] = {
		{"    memory: 256Mi", 13, "memory", "384Mi", "    memory: 384Mi"},
		{"    memory: 256Mi   # peak", 13, "memory", "384Mi",
		 "    memory: 384Mi   # peak"},
		{"    cpu: \"2\"", 10, "cpu", "210m", "    cpu: \"210m\""},
		{"    cpu: '2' ", 10, "cpu", "210m", "    cpu: '210m' "},
		{"  limits: {cpu: 1, memory: 32Mi}", 28, "memory", "64Mi",
		 "  limits: {cpu: 1, memory: 64Mi}"},
		{"  - memory: 1Gi", 13, "memory", "2Gi", "  - memory: 2Gi"},
		{"    \"memory\": 1Gi", 15, "memory", "2Gi", "    \"memory\": 2Gi"},
		{"    n\xc3\xa4me: x, memory: 1Gi", 22, "memory", "2Gi",
		 "    n\xc3\xa4me: x, memory: 2Gi"},          /* columns count characters */
		{"    memory: 256Mi", 13, "cpu", "1", NULL},    /* another key */
		{"    xmemory: 256Mi", 14, "memory", "1Gi", NULL},
		{"    limits:", 5, "memory", "1Gi", NULL},      /* a missing field */
		{"    memory: 256Mi", 40, "memory", "1Gi", NULL}, /* past the end */
		{"    memory: 256Mi", 13, "memory", "1Gi\n- x", NULL},
		{"    memory: 256Mi", 13, "memory", "`x`", NULL},
		{"    memory: \"25\\u0036Mi\"", 13, "memory", "1Gi", NULL},
		{"    memory: \"256Mi", 13, "memory", "1Gi", NULL}, /* unclosed */
		{"    memory: 256Mi \xe2\x80\xae", 13, "memory", "1Gi", NULL},
		{"    memory: 256Mi \x1b[2J", 13, "memory", "1Gi", NULL},
		{"    memory: 256Mi", 0, "memory", "1Gi", NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hr_sbuf out = HR_SBUF_INIT;
		bool ok = hr_suggest_line(cases[i].line, strlen(cases[i].line),
		                          cases[i].column, cases[i].key,
		                          cases[i].value, &out);
		if (ok != (cases[i].want != NULL))
			fail_msg("case %zu '%s': suggestion %s", i, cases[i].line,
			         ok ? out.data : "refused");
		if (ok && strcmp(out.data, cases[i].want) != 0)
			fail_msg("case %zu: '%s', want '%s'", i, out.data, cases[i].want);
		hr_sbuf_release(&out);
	}
}

static void test_suggest_block_fence(void **state)
{
	(void)state;
	hr_sbuf b = HR_SBUF_INIT;
	hr_suggest_block("  cpu: 1", &b);
	assert_string_equal(b.data, "```suggestion\n  cpu: 1\n```\n");
	hr_sbuf_clear(&b);
	hr_suggest_block("  x: ````", &b);
	assert_string_equal(b.data, "`````suggestion\n  x: ````\n`````\n");
	hr_sbuf_release(&b);
}

static void test_diff_added_lines(void **state)
{
	(void)state;
	static const struct {
		const char *patch;
		unsigned want[8];
		size_t count;
	} cases[] = {
		{"@@ -0,0 +1,3 @@\n+a\n+b\n+c", {1, 2, 3}, 3},
		{"@@ -10,4 +10,4 @@ spec:\n ctx\n-old\n+new\n ctx\n"
		 "@@ -40,2 +40,3 @@\n ctx\n+added\n ctx", {11, 41}, 2},
		{"@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b", {1}, 1},
		{"not a diff\n+x", {0}, 0},
		{"@@ -1,1 +4294967295,1 @@\n+x\n+y", {0}, 0},
		{"", {0}, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned *lines;
		size_t n = hr_diff_added_lines(cases[i].patch, &lines);
		assert_int_equal(n, cases[i].count);
		for (size_t j = 0; j < n; j++)
			assert_int_equal(lines[j], cases[i].want[j]);
		free(lines);
	}
}

static void test_repo_path(void **state)
{
	(void)state;
	assert_string_equal(hr_repo_path("./deploy/a.yaml", NULL), "deploy/a.yaml");
	assert_string_equal(hr_repo_path("/w/repo/deploy/a.yaml", "/w/repo/"),
	                    "deploy/a.yaml");
	assert_string_equal(hr_repo_path("/w/repox/a.yaml", "/w/repo"),
	                    "/w/repox/a.yaml");
}

static void test_github_outputs(void **state)
{
	(void)state;
	hr_report r = {0};
	r.verdict = HR_VERDICT_WARN;
	r.counts[HR_SEVERITY_WARN] = 3;
	r.cost.monthly = 812.4;
	r.cost.has_base = true;
	r.cost.delta_monthly = -17.7;
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	assert_int_equal(hr_publish_write_github_outputs(&r, f), HR_OK);
	fclose(f);
	/* name<<DELIM, value, DELIM; one random delimiter, on no value line */
	const char *nl = strchr(text, '\n');
	const char *lt = strstr(text, "<<");
	assert_true(lt && nl && lt < nl);
	char delim[80];
	snprintf(delim, sizeof(delim), "\n%.*s\n", (int)(nl - lt - 2), lt + 2);
	assert_true(strncmp(lt + 2, "ghadelimiter_", 13) == 0);
	assert_true(nl - lt - 2 == 13 + 32);
	char want[512];
	snprintf(want, sizeof(want), "verdict<<%.*s\nwarn%s", (int)(nl - lt - 2),
	         lt + 2, delim);
	assert_true(strncmp(text, want, strlen(want)) == 0);
	assert_non_null(strstr(text, "\n-17.70\n"));
	assert_non_null(strstr(text, "\n812.40\n"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stamp_round_trip),
		cmocka_unit_test(test_stamp_malformed),
		cmocka_unit_test(test_stamp_order),
		cmocka_unit_test(test_body_capping),
		cmocka_unit_test(test_suggest_line),
		cmocka_unit_test(test_suggest_block_fence),
		cmocka_unit_test(test_diff_added_lines),
		cmocka_unit_test(test_repo_path),
		cmocka_unit_test(test_github_outputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
