/*
 * libFuzzer harness for the whole gate after loading: manifest bytes in,
 * the model, every rule (built-in policy, with and without the demo's
 * usage data) and all three reports out.  The loader has its own harness;
 * this one reaches what a hostile manifest can do to the model, the rules,
 * annotations (profile and waive), cost and the report writers.
 *
 * Invariants (abort() when one breaks):
 *   - hr_check() returns HR_OK or an input error (HR_EINVALID, HR_ELIMIT,
 *     HR_ETEMPLATE) with a message;
 *   - on HR_OK the verdict agrees with the unwaived counts, every finding
 *     names a catalog rule and a severity that is not off, and every
 *     report writer succeeds.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "headroom/headroom.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"

#ifndef HR_SOURCE_ROOT
#define HR_SOURCE_ROOT "."
#endif


static void write_reports(const hr_report *r)
{
	for (size_t i = 0; i < hr_report_format_count(); i++) {
		FILE *out = fopen("/dev/null", "w");
		check(out != NULL);
		hr_report_style style = {i == 0, "fuzz", NULL};
		check(hr_report_format_at(i)->write(r, &style, out) == HR_OK);
		fclose(out);
	}
}

static void run(const char *path, bool with_usage)
{
	hr_check_options opts;
	hr_check_options_init(&opts);
	const char *paths[] = {path};
	const char *usage[] = {HR_SOURCE_ROOT "/fixtures/demo/recommendations.json"};
	opts.paths = paths;
	opts.path_count = 1;
	opts.recommendation_paths = usage;
	opts.recommendation_count = with_usage ? 1 : 0;
	opts.now = 1795435200; /* fixed: waiver expiry is reproducible */
	opts.limits.jobs = 1;
	hr_report *r = NULL;
	int rc = hr_check(&opts, &r);
	if (rc != HR_OK) {
		check(rc == HR_EINVALID || rc == HR_ELIMIT || rc == HR_ETEMPLATE);
		check(hr_error_last()->message[0] != '\0');
		hr_report_free(&r);
		return;
	}
	size_t counts[HR_SEVERITY_COUNT] = {0};
	for (size_t i = 0; i < r->finding_count; i++) {
		const hr_finding *f = &r->findings[i];
		check(hr_rule_find(f->rule) != NULL);
		check(f->severity > HR_SEVERITY_OFF && f->severity < HR_SEVERITY_COUNT);
		if (!f->waived)
			counts[f->severity]++;
	}
	for (int s = 0; s < HR_SEVERITY_COUNT; s++)
		check(counts[s] == r->counts[s]);
	check((r->verdict == HR_VERDICT_FAIL) == (counts[HR_SEVERITY_FAIL] > 0));
	write_reports(r);
	hr_report_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/hr-fuzz-check-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	bool written = write(fd, data, size) == (ssize_t)size;
	close(fd);
	if (written) {
		run(path, false);
		run(path, true);
	}
	unlink(path);
	return 0;
}
