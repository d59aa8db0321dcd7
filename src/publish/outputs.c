/*
 * GitHub Actions step outputs ($GITHUB_OUTPUT).  Every value is ours (a
 * verdict word, counts, amounts), never manifest text; still each is
 * written in the heredoc form with a fresh random delimiter, as the
 * toolkit does, so the file stays parseable whatever a value holds.
 */
#include "headroom/publish.h"

#include "headroom/error.h"

#include <stdio.h>
#include <sys/random.h>
#include <time.h>

static void make_delimiter(char *out, size_t size)
{
	unsigned char raw[16];
	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
		/* No kernel randomness: the clock still differs per run, and
		 * no value here can hold a line of its own anyway. */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		for (size_t i = 0; i < sizeof(raw); i++)
			raw[i] = (unsigned char)((unsigned long)ts.tv_nsec >> (i % 4 * 8) ^
			                         (unsigned long)ts.tv_sec >> (i % 8));
	}
	int n = snprintf(out, size, "ghadelimiter_");
	for (size_t i = 0; i < sizeof(raw) && (size_t)n + 2 < size; i++)
		n += snprintf(out + n, size - (size_t)n, "%02x", raw[i]);
}

static void put(FILE *out, const char *delim, const char *name,
                const char *value)
{
	fprintf(out, "%s<<%s\n%s\n%s\n", name, delim, value, delim);
}

int hr_publish_write_github_outputs(const hr_report *r, FILE *out)
{
	char delim[64];
	make_delimiter(delim, sizeof(delim));
	char v[64];
	put(out, delim, "verdict", hr_verdict_name(r->verdict));
	snprintf(v, sizeof(v), "%zu", r->counts[HR_SEVERITY_FAIL]);
	put(out, delim, "fail", v);
	snprintf(v, sizeof(v), "%zu", r->counts[HR_SEVERITY_WARN]);
	put(out, delim, "warn", v);
	snprintf(v, sizeof(v), "%zu", r->counts[HR_SEVERITY_INFO]);
	put(out, delim, "info", v);
	snprintf(v, sizeof(v), "%zu", r->waived_count);
	put(out, delim, "waived", v);
	snprintf(v, sizeof(v), "%zu", r->finding_count);
	put(out, delim, "findings", v);
	snprintf(v, sizeof(v), "%.2f", r->cost.monthly);
	put(out, delim, "cost-monthly", v);
	if (r->cost.has_base)
		snprintf(v, sizeof(v), "%.2f", r->cost.delta_monthly);
	else
		v[0] = '\0';
	put(out, delim, "cost-delta", v);
	return ferror(out) ? HR_EIO : HR_OK;
}
