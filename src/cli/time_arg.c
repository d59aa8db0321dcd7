/*
 * Times on the command line (--at, --window).  The date part is checked and counted
 * by the same code that judges waiver dates.
 */
#include "cli/cli.h"

#include "headroom/prometheus.h"
#include "policy/waive_annotation.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Exactly n digits at s into *out. */
static bool digits(const char *s, int n, int64_t *out)
{
	int64_t v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static int parse_unix(const char *text, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || end == text || *end || v < 0)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int cli_parse_time(const char *text, int64_t *out)
{
	size_t len = strlen(text);
	if (len > 0 && strspn(text, "0123456789") == len)
		return parse_unix(text, out);
	int64_t h = 0, mi = 0, s = 0;
	char date[11];
	if (len < 10)
		return -1;
	memcpy(date, text, 10);
	date[10] = '\0';
	int64_t midnight = hr_date_end_unix(date) - 86399;
	if (midnight < 0)
		return -1; /* not a date, or before 1970 */
	const char *p = text + 10;
	int64_t offset = 0;
	if (*p) {
		if ((*p != 'T' && *p != 't' && *p != ' ') || !digits(p + 1, 2, &h) ||
		    p[3] != ':' || !digits(p + 4, 2, &mi) || p[6] != ':' ||
		    !digits(p + 7, 2, &s) || h > 23 || mi > 59 || s > 60)
			return -1;
		p += 9;
		if (*p == '.') /* fractions of a second do not matter here */
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		int64_t oh, om;
		if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
			offset = 0;
		else if ((*p == '+' || *p == '-') && digits(p + 1, 2, &oh) &&
		         p[3] == ':' && digits(p + 4, 2, &om) && p[6] == '\0' &&
		         oh < 24 && om < 60)
			offset = (*p == '+' ? 1 : -1) * (oh * 3600 + om * 60);
		else
			return -1;
	}
	*out = midnight + h * 3600 + mi * 60 + s - offset;
	return 0;
}

int cli_parse_window(const char *text, int64_t *seconds)
{
	if (hr_duration_parse(text, seconds) != HR_OK ||
	    *seconds > HR_PROM_MAX_WINDOW) {
		cli_error("--window takes a duration of at most 366d such as 14d, "
		          "36h or 2w (a number and one of s m h d w), not '%.64s'",
		          text);
		return -1;
	}
	return 0;
}

int cli_parse_at(const char *text, int64_t *out)
{
	if (cli_parse_time(text, out) == 0)
		return 0;
	cli_error("--at takes an RFC 3339 time (2026-11-20T00:00:00Z), a date "
	          "(2026-11-20) or unix seconds, not '%.64s'", text);
	return -1;
}
