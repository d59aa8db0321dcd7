/*
 * JUnit XML, for GitLab's test report (artifacts:reports:junit) and any
 * CI that reads JUnit:
 *
 *   <testsuites name="headroom" tests= failures=>
 *     <testsuite name="deploy/cart.yaml" file=...>       (one per file)
 *       <testcase classname="memory-limit-below-peak"
 *                 name="Deployment shop/cart" file= line=>
 *         <failure message="..." type="fail">every finding, evidence</failure>
 *       </testcase>
 *       <testcase classname="headroom" name="Deployment shop/web" .../>
 *
 * One testcase per workload and rule that reported on it; a workload with
 * no findings gets one passing testcase (classname "headroom"), so a pass
 * is a suite of passing tests.  Fail findings make a <failure>; warn, info
 * and waived ones are listed in <system-out> of a passing testcase (GitLab
 * shows system-out on testcases).  Findings about no workload (a duplicate
 * key) are one testcase per file and rule.
 *
 * Every string goes through HR_ESCAPE_XML: no markup, no character XML
 * 1.0 forbids, no CDATA anywhere.
 */
#include "report/writers.h"

#include "headroom/error.h"
#include "report/escape.h"
#include "report/report_util.h"
#include "util/alloc.h"
#include "util/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAME 1024
#define MAX_PATH 4096
#define MAX_TEXT 2048

typedef struct suite {
	const char *file;
	hr_sbuf body;
	size_t tests, failures;
} suite;

typedef struct junit {
	const hr_report *r;
	suite *suites;
	size_t count, cap;
	hr_strmap by_file; /* file -> suite index + 1 */
} junit;

static void xml(hr_sbuf *b, const char *s, size_t max)
{
	hr_sbuf_escape(b, s ? s : "", HR_ESCAPE_XML, max);
}

static suite *suite_for(junit *j, const char *file)
{
	file = file ? file : "";
	size_t len = strlen(file);
	uintptr_t at = (uintptr_t)hr_strmap_get(&j->by_file, file, len);
	if (at)
		return &j->suites[at - 1];
	j->suites = hr_xgrow(j->suites, &j->cap, j->count + 1, sizeof(suite));
	suite *s = &j->suites[j->count++];
	*s = (suite){file, HR_SBUF_INIT, 0, 0};
	hr_strmap_put(&j->by_file, file, len, (void *)(uintptr_t)j->count);
	return s;
}

/* One finding as text lines (already XML-escaped). */
static void finding_text(hr_sbuf *b, const hr_finding *f)
{
	xml(b, hr_report_path(f->file), MAX_PATH);
	hr_sbuf_printf(b, ":%u:%u: %s%s: ", f->line, f->column,
	               hr_severity_name(f->severity), f->waived ? " (waived)" : "");
	xml(b, f->message, MAX_TEXT);
	hr_sbuf_puts(b, "\n");
	if (f->workload || f->container) {
		hr_sbuf_puts(b, "  ");
		hr_sbuf_finding_subject(b, f, HR_ESCAPE_XML);
		hr_sbuf_puts(b, "\n");
	}
	if (f->evidence_count) {
		hr_sbuf_puts(b, "  evidence:");
		for (size_t i = 0; i < f->evidence_count; i++) {
			hr_sbuf_puts(b, " ");
			xml(b, f->evidence[i].key, MAX_NAME);
			hr_sbuf_puts(b, "=");
			hr_sbuf_evidence_value(b, &f->evidence[i], HR_ESCAPE_XML,
			                       MAX_TEXT);
		}
		hr_sbuf_puts(b, "\n");
	}
	if (f->suggestion_value) {
		hr_sbuf_puts(b, "  suggest: ");
		if (f->suggestion_field) {
			xml(b, f->suggestion_field, MAX_NAME);
			hr_sbuf_puts(b, ": ");
		}
		xml(b, f->suggestion_value, MAX_NAME);
		hr_sbuf_puts(b, "\n");
	}
	if (f->waived && f->waiver_reason) {
		hr_sbuf_puts(b, "  waived: ");
		xml(b, f->waiver_reason, MAX_TEXT);
		hr_sbuf_puts(b, "\n");
	}
}

static void testcase_open(hr_sbuf *b, const char *classname,
                          const char *name, const char *file, unsigned line)
{
	hr_sbuf_puts(b, "    <testcase classname=\"");
	xml(b, classname, MAX_NAME);
	hr_sbuf_puts(b, "\" name=\"");
	hr_sbuf_put(b, name, strlen(name)); /* escaped by the caller */
	hr_sbuf_puts(b, "\" file=\"");
	xml(b, hr_report_path(file), MAX_PATH);
	hr_sbuf_printf(b, "\" line=\"%u\" time=\"0\"", line);
}

/* The testcase for findings group[0..n) (one rule, one workload or file). */
static void testcase(junit *j, const hr_finding *const *group, size_t n,
                     const char *name)
{
	const hr_finding *first = group[0];
	suite *s = suite_for(j, first->file);
	const hr_finding *failed = NULL;
	for (size_t i = 0; i < n && !failed; i++)
		if (group[i]->severity == HR_SEVERITY_FAIL && !group[i]->waived)
			failed = group[i];
	hr_sbuf *b = &s->body;
	testcase_open(b, first->rule, name, first->file, first->line);
	hr_sbuf_puts(b, ">\n      ");
	if (failed) {
		hr_sbuf_puts(b, "<failure message=\"");
		xml(b, failed->message, MAX_TEXT);
		hr_sbuf_puts(b, "\" type=\"fail\">");
	} else {
		hr_sbuf_puts(b, "<system-out>");
	}
	for (size_t i = 0; i < n; i++)
		finding_text(b, group[i]);
	hr_sbuf_puts(b, failed ? "</failure>\n" : "</system-out>\n");
	hr_sbuf_puts(b, "    </testcase>\n");
	s->tests++;
	s->failures += failed != NULL;
}

/* Testcases for list[0..n), findings about one subject: one per rule, in
 * the order rules first appear. */
static void per_rule(junit *j, const hr_finding **list, size_t n,
                     const char *name, const hr_finding **group)
{
	for (size_t i = 0; i < n; i++) {
		if (!list[i])
			continue;
		size_t g = 0;
		const char *rule = list[i]->rule ? list[i]->rule : "";
		for (size_t k = i; k < n; k++) {
			if (list[k] && strcmp(list[k]->rule ? list[k]->rule : "",
			                      rule) == 0) {
				group[g++] = list[k];
				if (k > i)
					list[k] = NULL;
			}
		}
		testcase(j, group, g, name);
	}
}

static void workload_name(hr_sbuf *b, const hr_workload *w)
{
	xml(b, w->kind_name, MAX_NAME);
	hr_sbuf_puts(b, " ");
	xml(b, w->namespace_, MAX_NAME);
	hr_sbuf_puts(b, "/");
	xml(b, w->name, MAX_NAME);
}

static void collect(junit *j)
{
	const hr_report *r = j->r;
	size_t wn = r->model ? r->model->workload_count : 0;
	/* findings bucketed by workload (index wn: about no workload) */
	size_t *start = hr_xcalloc(wn + 2, sizeof(*start));
	const hr_finding **sorted =
	        hr_xcalloc(r->finding_count + 1, sizeof(*sorted));
	const hr_finding **group =
	        hr_xcalloc(r->finding_count + 1, sizeof(*group));
	size_t *slot = hr_xmalloc((r->finding_count + 1) * sizeof(*slot));
	uintptr_t lo = wn ? (uintptr_t)r->model->workloads : 0;
	uintptr_t hi = wn ? (uintptr_t)(r->model->workloads + wn) : 0;
	for (size_t i = 0; i < r->finding_count; i++) {
		uintptr_t at = (uintptr_t)r->findings[i].workload;
		slot[i] = at >= lo && at < hi ? (at - lo) / sizeof(hr_workload) : wn;
		start[slot[i] + 1]++;
	}
	for (size_t k = 0; k <= wn; k++)
		start[k + 1] += start[k];
	size_t *fill = hr_xmalloc((wn + 1) * sizeof(*fill));
	memcpy(fill, start, (wn + 1) * sizeof(*fill));
	for (size_t i = 0; i < r->finding_count; i++)
		sorted[fill[slot[i]]++] = &r->findings[i];

	hr_sbuf name = HR_SBUF_INIT;
	for (size_t k = 0; k < wn; k++) {
		const hr_workload *w = &r->model->workloads[k];
		hr_sbuf_clear(&name);
		workload_name(&name, w);
		size_t n = start[k + 1] - start[k];
		if (n) {
			per_rule(j, sorted + start[k], n, name.data, group);
			continue;
		}
		const char *file = w->document && w->document->source
		                           ? w->document->source->path
		                           : "";
		unsigned line = w->document && w->document->root
		                        ? w->document->root->start.line
		                        : 0;
		suite *s = suite_for(j, file);
		testcase_open(&s->body, "headroom", name.data, file, line);
		hr_sbuf_puts(&s->body, "/>\n");
		s->tests++;
	}
	/* about no workload: findings are in file order, so a file's are
	 * together */
	const hr_finding **rest = sorted + start[wn];
	size_t rn = start[wn + 1] - start[wn];
	for (size_t i = 0; i < rn;) {
		size_t e = i;
		while (e < rn && strcmp(rest[e]->file ? rest[e]->file : "",
		                        rest[i]->file ? rest[i]->file : "") == 0)
			e++;
		hr_sbuf_clear(&name);
		xml(&name, hr_report_path(rest[i]->file), MAX_PATH);
		per_rule(j, rest + i, e - i, name.data ? name.data : "", group);
		i = e;
	}
	hr_sbuf_release(&name);
	free(fill);
	free(slot);
	free(group);
	free(sorted);
	free(start);
}

int hr_report_write_junit(const hr_report *r, const hr_report_style *style,
                          FILE *out)
{
	(void)style;
	junit j = {r, NULL, 0, 0, HR_STRMAP_INIT};
	collect(&j);
	size_t tests = 0, failures = 0;
	for (size_t i = 0; i < j.count; i++) {
		tests += j.suites[i].tests;
		failures += j.suites[i].failures;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"headroom\" tests=\"%zu\" "
	        "failures=\"%zu\" errors=\"0\" skipped=\"0\" time=\"0\">\n",
	        tests, failures);
	hr_sbuf head = HR_SBUF_INIT;
	for (size_t i = 0; i < j.count; i++) {
		suite *s = &j.suites[i];
		hr_sbuf_clear(&head);
		xml(&head, hr_report_path(s->file), MAX_PATH);
		fprintf(out, "  <testsuite name=\"%s\" tests=\"%zu\" "
		        "failures=\"%zu\" errors=\"0\" skipped=\"0\" time=\"0\" "
		        "file=\"%s\">\n", head.data ? head.data : "", s->tests,
		        s->failures, head.data ? head.data : "");
		if (s->body.len)
			fwrite(s->body.data, 1, s->body.len, out);
		fputs("  </testsuite>\n", out);
		hr_sbuf_release(&s->body);
	}
	fputs("</testsuites>\n", out);
	hr_sbuf_release(&head);
	free(j.suites);
	hr_strmap_dispose(&j.by_file);
	return ferror(out) ? HR_EIO : HR_OK;
}
