/*
 * GitLab Code Quality (artifacts:reports:codequality): a JSON array with
 * one issue per finding that is not waived (a waived finding is accepted,
 * and GitLab has no way to show it as such):
 *
 *   {"description": "...", "check_name": "rule-id",
 *    "fingerprint": "<sha-1>", "severity": "critical",
 *    "location": {"path": "deploy/app.yaml", "lines": {"begin": 12}}}
 *
 * Severity: fail -> critical (it fails the pipeline; blocker is kept for
 * what GitLab users reserve for security), warn -> major, info -> info.
 * The fingerprint is report/fingerprints.h: stable across runs and line
 * moves, unique per finding (GitLab collapses equal fingerprints).  No
 * byte-order mark; every manifest string HR_ESCAPE_TEXT.
 */
#include "report/writers.h"

#include "headroom/error.h"
#include "report/fingerprints.h"
#include "report/report_util.h"
#include "util/alloc.h"

#include <stdlib.h>

typedef hr_json_writer jw;

static const char *severity(hr_severity s)
{
	return s == HR_SEVERITY_FAIL   ? "critical"
	       : s == HR_SEVERITY_WARN ? "major"
	                               : "info";
}

static void issue(jw *w, const hr_finding *f, const hr_fingerprint_text *id)
{
	hr_jw_begin_object(w);
	hr_sbuf d = HR_SBUF_INIT;
	hr_sbuf_finding_text(&d, f, HR_ESCAPE_TEXT);
	hr_jw_key(w, "description");
	hr_jw_string(w, d.data ? d.data : "");
	hr_sbuf_release(&d);
	hr_jw_key(w, "check_name");
	hr_jw_text(w, f->rule, 256);
	hr_jw_key(w, "fingerprint");
	hr_jw_string(w, id->hex);
	hr_jw_key(w, "severity");
	hr_jw_string(w, severity(f->severity));
	hr_jw_key(w, "location");
	hr_jw_begin_object(w);
	hr_jw_key(w, "path");
	hr_jw_text(w, hr_report_path(f->file), 4096);
	hr_jw_key(w, "lines");
	hr_jw_begin_object(w);
	hr_jw_key(w, "begin");
	hr_jw_int(w, f->line ? f->line : 1); /* GitLab requires a line */
	hr_jw_end_object(w);
	hr_jw_end_object(w);
	hr_jw_end_object(w);
}

int hr_report_write_codequality(const hr_report *r,
                                const hr_report_style *style, FILE *out)
{
	(void)style;
	hr_fingerprint_text *ids = NULL;
	int rc = hr_report_fingerprints(r, &ids);
	if (rc)
		return rc;
	jw *w = hr_xmalloc(sizeof(*w));
	hr_jw_init(w, out);
	hr_jw_raw(w, "[");
	size_t written = 0;
	for (size_t i = 0; i < r->finding_count; i++) {
		if (r->findings[i].waived)
			continue;
		hr_jw_raw(w, written++ ? ",\n  " : "\n  ");
		issue(w, &r->findings[i], &ids[i]);
	}
	hr_jw_raw(w, written ? "\n]\n" : "]\n");
	free(ids);
	bool ok = hr_jw_finish(w);
	free(w);
	return ok ? HR_OK : HR_EIO;
}
