/*
 * SARIF 2.1.0, for GitHub code scanning (github/codeql-action/upload-sarif
 * or the code-scanning API): one run whose driver lists every rule of the
 * catalog, and one result per finding.
 *
 *   level        fail -> error, warn -> warning, info -> note
 *   location     the path as given, relative to %SRCROOT% (the checkout),
 *                percent-encoded; the value's line and column (columns in
 *                code points: run.columnKind says so)
 *   fingerprint  report/fingerprints.h, independent of lines, under
 *                primaryLocationLineHash (the key code scanning matches
 *                alerts by: it keeps an alert open across line moves) and
 *                headroom/v1
 *   waived       a suppression (kind external) with the waiver's text
 *
 * GitHub's limits: at most 25,000 results per run (the file is rejected
 * beyond).  Past that the most severe are kept and run.properties says how
 * many were left out.  Every manifest string is HR_ESCAPE_TEXT (plain text:
 * code scanning shows message.text as text, never as Markdown or HTML).
 */
#include "report/writers.h"

#include "headroom/error.h"
#include "headroom/rules.h"
#include "report/fingerprints.h"
#include "report/report_util.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define MAX_TEXT 2048
#define MAX_DESCRIPTION 1024 /* GitHub: short and full descriptions */

typedef hr_json_writer jw;

static void key_raw(jw *w, const char *key, const char *value)
{
	hr_jw_key(w, key);
	hr_jw_string(w, value);
}

static void message(jw *w, const char *key, const char *text)
{
	hr_jw_key(w, key);
	hr_jw_begin_object(w);
	key_raw(w, "text", text);
	hr_jw_end_object(w);
}

static const char *level(hr_severity s)
{
	return s == HR_SEVERITY_FAIL   ? "error"
	       : s == HR_SEVERITY_WARN ? "warning"
	       : s == HR_SEVERITY_INFO ? "note"
	                               : "none";
}

static const char *problem_severity(hr_severity s)
{
	return s == HR_SEVERITY_FAIL   ? "error"
	       : s == HR_SEVERITY_WARN ? "warning"
	                               : "recommendation";
}

static void rule(jw *w, const hr_rule_info *ri)
{
	hr_jw_begin_object(w);
	key_raw(w, "id", ri->id);
	key_raw(w, "name", ri->id);
	message(w, "shortDescription", ri->summary);
	/* the first paragraph of the explanation, within GitHub's limit */
	const char *end = strstr(ri->explain, "\n\n");
	size_t n = end ? (size_t)(end - ri->explain) : strlen(ri->explain);
	char *first = hr_xstrndup(ri->explain, n);
	hr_jw_key(w, "fullDescription");
	hr_jw_begin_object(w);
	hr_jw_key(w, "text");
	hr_jw_text(w, first, MAX_DESCRIPTION);
	hr_jw_end_object(w);
	free(first);
	hr_jw_key(w, "help");
	hr_jw_begin_object(w);
	key_raw(w, "text", ri->explain);
	/* the catalog's own text, written as Markdown (`headroom rules -f
	 * markdown` shows the same) */
	key_raw(w, "markdown", ri->explain);
	hr_jw_end_object(w);
	hr_jw_key(w, "defaultConfiguration");
	hr_jw_begin_object(w);
	key_raw(w, "level", level(ri->default_severity));
	hr_jw_end_object(w);
	hr_jw_key(w, "properties");
	hr_jw_begin_object(w);
	hr_jw_key(w, "tags");
	hr_jw_begin_array(w);
	hr_jw_string(w, "headroom");
	hr_jw_string(w, ri->group);
	hr_jw_end_array(w);
	key_raw(w, "precision", "high");
	key_raw(w, "problem.severity", problem_severity(ri->default_severity));
	hr_jw_end_object(w);
	hr_jw_end_object(w);
}

static int rule_index(const char *id)
{
	for (size_t i = 0; i < hr_rule_count(); i++)
		if (strcmp(hr_rule_at(i)->id, id ? id : "") == 0)
			return (int)i;
	return -1;
}

static bool uri_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~' || c == '/';
}

/* A URI reference for a path: everything but unreserved characters and
 * '/' percent-encoded (so spaces, '%', '#', '?' and any byte stay data). */
static void artifact_location(jw *w, const char *file)
{
	const char *path = hr_report_path(file);
	bool absolute = path[0] == '/';
	hr_sbuf uri = HR_SBUF_INIT;
	if (absolute)
		hr_sbuf_puts(&uri, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (uri_plain(*p))
			hr_sbuf_put(&uri, (const char *)p, 1);
		else
			hr_sbuf_printf(&uri, "%%%02X", *p);
	}
	hr_jw_key(w, "artifactLocation");
	hr_jw_begin_object(w);
	key_raw(w, "uri", uri.data ? uri.data : "");
	if (!absolute)
		key_raw(w, "uriBaseId", "%SRCROOT%");
	hr_jw_end_object(w);
	hr_sbuf_release(&uri);
}

static void result_message(jw *w, const hr_finding *f)
{
	hr_sbuf b = HR_SBUF_INIT;
	hr_sbuf_finding_text(&b, f, HR_ESCAPE_TEXT);
	if (f->suggestion_value) {
		hr_sbuf_puts(&b, ". Suggested: ");
		if (f->suggestion_field) {
			hr_sbuf_escape(&b, f->suggestion_field, HR_ESCAPE_TEXT, 256);
			hr_sbuf_puts(&b, ": ");
		}
		hr_sbuf_escape(&b, f->suggestion_value, HR_ESCAPE_TEXT, 256);
	}
	message(w, "message", b.data ? b.data : "");
	hr_sbuf_release(&b);
}

static void result(jw *w, const hr_finding *f, const hr_fingerprint_text *id)
{
	hr_jw_begin_object(w);
	hr_jw_key(w, "ruleId");
	hr_jw_text(w, f->rule, 256);
	int index = rule_index(f->rule);
	if (index >= 0) {
		hr_jw_key(w, "ruleIndex");
		hr_jw_int(w, index);
	}
	key_raw(w, "level", level(f->severity));
	result_message(w, f);
	hr_jw_key(w, "locations");
	hr_jw_begin_array(w);
	hr_jw_begin_object(w);
	hr_jw_key(w, "physicalLocation");
	hr_jw_begin_object(w);
	artifact_location(w, f->file);
	if (f->line > 0) {
		hr_jw_key(w, "region");
		hr_jw_begin_object(w);
		hr_jw_key(w, "startLine");
		hr_jw_int(w, f->line);
		if (f->column > 0) {
			hr_jw_key(w, "startColumn");
			hr_jw_int(w, f->column);
		}
		hr_jw_end_object(w);
	}
	hr_jw_end_object(w);
	hr_jw_end_object(w);
	hr_jw_end_array(w);
	hr_jw_key(w, "partialFingerprints");
	hr_jw_begin_object(w);
	key_raw(w, "primaryLocationLineHash", id->hex);
	key_raw(w, "headroom/v1", id->hex);
	hr_jw_end_object(w);
	if (f->waived) {
		hr_jw_key(w, "suppressions");
		hr_jw_begin_array(w);
		hr_jw_begin_object(w);
		key_raw(w, "kind", "external");
		hr_sbuf why = HR_SBUF_INIT;
		hr_sbuf_escape(&why, f->waiver_reason ? f->waiver_reason : "waived",
		               HR_ESCAPE_TEXT, MAX_TEXT);
		if (f->waiver_owner) {
			hr_sbuf_puts(&why, " (owner ");
			hr_sbuf_escape(&why, f->waiver_owner, HR_ESCAPE_TEXT, 256);
			hr_sbuf_puts(&why, ")");
		}
		if (f->waiver_expires) {
			hr_sbuf_puts(&why, ", until ");
			hr_sbuf_escape(&why, f->waiver_expires, HR_ESCAPE_TEXT, 64);
		}
		key_raw(w, "justification", why.data ? why.data : "");
		hr_sbuf_release(&why);
		hr_jw_end_object(w);
		hr_jw_end_array(w);
	}
	hr_jw_key(w, "properties");
	hr_jw_begin_object(w);
	key_raw(w, "severity", hr_severity_name(f->severity));
	if (f->profile) {
		hr_jw_key(w, "profile");
		hr_jw_text(w, f->profile, 256);
	}
	hr_jw_key(w, "evidence");
	hr_jw_evidence(w, f, true);
	hr_jw_end_object(w);
	hr_jw_end_object(w);
}

static void run_properties(jw *w, const hr_report *r, size_t written)
{
	hr_jw_begin_object(w);
	key_raw(w, "verdict", hr_verdict_name(r->verdict));
	for (int s = HR_SEVERITY_INFO; s <= HR_SEVERITY_FAIL; s++) {
		hr_jw_key(w, hr_severity_name((hr_severity)s));
		hr_jw_int(w, (int64_t)r->counts[s]);
	}
	hr_jw_key(w, "waived");
	hr_jw_int(w, (int64_t)r->waived_count);
	if (written < r->finding_count) {
		hr_jw_key(w, "resultsOmitted");
		hr_jw_int(w, (int64_t)(r->finding_count - written));
		key_raw(w, "resultsOmittedReason",
		        "GitHub code scanning accepts at most 25000 results per "
		        "run; the most severe were kept");
	}
	hr_jw_end_object(w);
}

/* The layout is written raw and each element through the writer at the
 * top level, as in json.c, so that every rule and result is one line. */
int hr_report_write_sarif_capped(const hr_report *r,
                                 const hr_report_style *style, FILE *out,
                                 size_t max_results)
{
	hr_fingerprint_text *ids = NULL;
	int rc = hr_report_fingerprints(r, &ids);
	if (rc)
		return rc;
	jw *w = hr_xmalloc(sizeof(*w));
	hr_jw_init(w, out);
	hr_jw_raw(w, "{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n"
	             "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
	             "    \"tool\": {\"driver\": {\"name\": \"headroom\", "
	             "\"version\": ");
	hr_jw_text(w, style->version, 64);
	hr_jw_raw(w, ", \"rules\": [");
	for (size_t i = 0; i < hr_rule_count(); i++) {
		hr_jw_raw(w, i ? ",\n      " : "\n      ");
		rule(w, hr_rule_at(i));
	}
	hr_jw_raw(w, "\n    ]}},\n    \"columnKind\": \"unicodeCodePoints\",\n"
	             "    \"results\": [");
	size_t written = r->finding_count < max_results ? r->finding_count
	                                                : max_results;
	/* in file order, unless some must go: then the most severe first */
	size_t *order = written < r->finding_count ? hr_report_priority_order(r)
	                                           : NULL;
	for (size_t i = 0; i < written; i++) {
		size_t at = order ? order[i] : i;
		hr_jw_raw(w, i ? ",\n      " : "\n      ");
		result(w, &r->findings[at], &ids[at]);
	}
	free(order);
	free(ids);
	hr_jw_raw(w, written ? "\n    ],\n    \"properties\": "
	                     : "],\n    \"properties\": ");
	run_properties(w, r, written);
	hr_jw_raw(w, "\n  }]\n}\n");
	bool ok = hr_jw_finish(w);
	free(w);
	return ok ? HR_OK : HR_EIO;
}

int hr_report_write_sarif(const hr_report *r, const hr_report_style *style,
                          FILE *out)
{
	return hr_report_write_sarif_capped(r, style, out,
	                                    HR_SARIF_MAX_RESULTS);
}
