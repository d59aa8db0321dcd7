/*
 * The waive annotation ("<rule> until <YYYY-MM-DD>: <reason>") and the
 * calendar dates of waivers.
 */
#include "policy/waive_annotation.h"

#include "headroom/error.h"
#include "headroom/rules.h"
#include "policy/policy_internal.h"
#include "util/alloc.h"
#include "util/error_internal.h"
#include "util/pattern.h"

#include <stdlib.h>
#include <string.h>

/* One entry, already trimmed: rule, date, reason.  The date is matched
 * loosely and checked by hr_date_valid(), for a precise message. */
#define ENTRY_PATTERN "(\\S+)\\s+until\\s+(\\S+?)\\s*:\\s*(.*)"

/* Compiled per annotation, not once per process: annotations are rare,
 * and the library keeps no global state. */
static hr_pattern *compile_entry_pattern(void)
{
	hr_pattern *p = NULL;
	if (hr_pattern_compile(ENTRY_PATTERN, strlen(ENTRY_PATTERN), &p, NULL) != HR_OK)
		abort(); /* a constant pattern: only a bug gets here */
	return p;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

typedef struct waiver_list {
	hr_annotation_waiver *items;
	size_t count, cap;
} waiver_list;

static int parse_entry(const hr_pattern *entry_pattern, const char *s,
                       size_t len, size_t index, hr_arena *arena,
                       waiver_list *list)
{
	char quoted[160];
	/* A NUL would cut the rule or the reason short when printed. */
	if (memchr(s, '\0', len)) {
		hr_policy_quote(quoted, sizeof(quoted), s, len);
		return hr_fail(HR_EINVALID, "waiver %zu %s holds a NUL character",
		               index, quoted);
	}
	hr_capture caps[4];
	hr_match m = hr_pattern_match_captures(entry_pattern, s, len, caps, 4);
	if (m != HR_MATCH_FOUND) {
		hr_policy_quote(quoted, sizeof(quoted), s, len);
		return hr_fail(HR_EINVALID, "waiver %zu %s: expected \"<rule> until "
		               "<YYYY-MM-DD>: <reason>\"", index, quoted);
	}
	char *rule = hr_arena_strndup(arena, caps[1].text, caps[1].len);
	char *date = hr_arena_strndup(arena, caps[2].text, caps[2].len);
	if (!hr_rule_find(rule)) {
		hr_policy_quote(quoted, sizeof(quoted), rule, caps[1].len);
		return hr_fail(HR_EINVALID, "waiver %zu: unknown rule %s (see "
		               "`headroom rules`)", index, quoted);
	}
	if (!hr_date_valid(date)) {
		hr_policy_quote(quoted, sizeof(quoted), date, caps[2].len);
		return hr_fail(HR_EINVALID, "waiver %zu: %s is not a date; write "
		               "YYYY-MM-DD, e.g. 2026-12-31", index, quoted);
	}
	if (caps[3].len == 0)
		return hr_fail(HR_EINVALID, "waiver %zu (%s until %s) has no reason; "
		               "write one after the ':'", index, rule, date);
	list->items = hr_xgrow(list->items, &list->cap, list->count + 1,
	                       sizeof(*list->items));
	list->items[list->count++] = (hr_annotation_waiver){
	        rule, date, hr_arena_strndup(arena, caps[3].text, caps[3].len)};
	return HR_OK;
}

int hr_waive_annotation_parse(const char *text, size_t len, hr_arena *arena,
                              const hr_annotation_waiver **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	hr_pattern *entry_pattern = compile_entry_pattern();
	waiver_list list = {NULL, 0, 0};
	size_t index = 0;
	int rc = HR_OK;
	for (size_t i = 0; i <= len && rc == HR_OK;) {
		size_t end = i;
		while (end < len && text[end] != '\n' && text[end] != ';')
			end++;
		size_t a = i, b = end;
		while (a < b && is_blank(text[a]))
			a++;
		while (b > a && is_blank(text[b - 1]))
			b--;
		if (b > a)
			rc = parse_entry(entry_pattern, text + a, b - a, ++index, arena,
			                 &list);
		i = end + 1;
	}
	if (rc == HR_OK && list.count == 0)
		rc = hr_fail(HR_EINVALID, "no waiver in the annotation; write "
		             "\"<rule> until <YYYY-MM-DD>: <reason>\"");
	if (rc == HR_OK) {
		*out = hr_arena_memdup(arena, list.items,
		                       list.count * sizeof(*list.items));
		*count = list.count;
	}
	free(list.items);
	hr_pattern_free(entry_pattern);
	return rc;
}

/* ---- dates ------------------------------------------------------------ */

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static bool parse_date(const char *s, int *y, int *m, int *d)
{
	if (!s)
		return false;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	}
	if (s[10] != '\0')
		return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	     (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *y >= 1 && *m >= 1 && *m <= 12 && *d >= 1 &&
	       *d <= days_in_month(*y, *m);
}

bool hr_date_valid(const char *ymd)
{
	int y, m, d;
	return parse_date(ymd, &y, &m, &d);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t hr_date_end_unix(const char *ymd)
{
	int y, m, d;
	if (!parse_date(ymd, &y, &m, &d))
		return -1;
	return days_from_civil(y, m, d) * 86400 + 86399;
}
