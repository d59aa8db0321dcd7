/*
 * Durations as policies and flags write them: "30s", "5m", "1h", "14d",
 * "2w".  One unit per duration, as Prometheus writes most of them; what a
 * store needs in a query is produced by hr_duration_format().
 */
#include "headroom/prometheus.h"

#include "util/error_internal.h"

#include <stdio.h>
#include <string.h>

/* Ten years: longer is a typo, and keeps every product below int64. */
#define DURATION_MAX ((int64_t)3660 * 86400)

typedef struct unit {
	char name;
	int64_t seconds;
} unit;

/* Largest first: hr_duration_format() picks the first that divides,
 * from days down ("14d" reads better than "2w" in evidence). */
static const unit units[] = {
	{'w', 7 * 86400}, {'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1},
};

#define UNIT_COUNT (sizeof(units) / sizeof(units[0]))

int hr_duration_parse(const char *text, int64_t *seconds)
{
	size_t len = text ? strlen(text) : 0;
	size_t digits = 0;
	int64_t n = 0;
	while (digits < len && text[digits] >= '0' && text[digits] <= '9') {
		if (n > DURATION_MAX)
			break;
		n = n * 10 + (text[digits] - '0');
		digits++;
	}
	const unit *u = NULL;
	if (digits > 0 && digits + 1 == len)
		for (size_t i = 0; i < UNIT_COUNT; i++)
			if (units[i].name == text[digits])
				u = &units[i];
	if (!u)
		return hr_fail(HR_EINVALID, "a duration is a whole number and one "
		               "unit of s, m, h, d or w, such as 30s, 5m or 14d");
	if (n == 0 || n > DURATION_MAX / u->seconds)
		return hr_fail(HR_EINVALID, "a duration must be greater than 0 and "
		               "at most 10 years");
	*seconds = n * u->seconds;
	return HR_OK;
}

const char *hr_duration_format(int64_t seconds, char *buf, size_t size)
{
	const unit *u = &units[UNIT_COUNT - 1];
	for (size_t i = 1; seconds > 0 && i < UNIT_COUNT; i++)
		if (seconds % units[i].seconds == 0) {
			u = &units[i];
			break;
		}
	snprintf(buf, size, "%lld%c", (long long)(seconds / u->seconds), u->name);
	return buf;
}
