/*
 * The registry of report formats: one row per format, each implemented in
 * its own file.
 */
#include "report/writers.h"

#include <string.h>

static const hr_report_format formats[] = {
	{"text", "human-readable, grouped by file (the default)",
	 hr_report_write_text},
	{"json", "machine-readable report (schema headroom/report/v1)",
	 hr_report_write_json},
	{"markdown", "a PR/MR comment or job summary (GitHub-flavoured Markdown)",
	 hr_report_write_markdown},
	{"sarif", "SARIF 2.1.0 for GitHub code scanning",
	 hr_report_write_sarif},
	{"codequality", "GitLab Code Quality (artifacts:reports:codequality)",
	 hr_report_write_codequality},
	{"junit", "JUnit XML (GitLab artifacts:reports:junit and others)",
	 hr_report_write_junit},
	{"github", "GitHub Actions annotations, with the log in a "
	 "stop-commands block", hr_report_write_github},
};

size_t hr_report_format_count(void)
{
	return sizeof(formats) / sizeof(formats[0]);
}

const hr_report_format *hr_report_format_at(size_t i)
{
	return i < hr_report_format_count() ? &formats[i] : NULL;
}

const hr_report_format *hr_report_format_find(const char *name)
{
	for (size_t i = 0; i < hr_report_format_count(); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}
