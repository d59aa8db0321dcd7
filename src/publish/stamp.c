/*
 * The run stamp hidden in a sticky comment, and fitting a body under the
 * API's size limit.
 */
#include "publish/publish_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define CUT_NOTE                                                            \
	"\n\n\xe2\x80\xa6 the report was cut here to fit the comment size "    \
	"limit; the full report is in the job summary and the job log.\n"
#define SHORT_NOTE                                                          \
	"\n\nThe full report is too long for a comment here: it is in the "     \
	"job summary and the job log.\n"
#define SHORT_HEAD_MAX 2048
/* Room for the stamp and "</details>" closers (a cut report has few). */
#define STAMP_ROOM 160
#define CLOSERS_MAX 8

static bool is_hex(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!strchr("0123456789abcdefABCDEF", s[n]))
			return false;
	return n > 0 && n <= 64;
}

void hr_stamp_from_options(const hr_publish_options *o, hr_run_stamp *out)
{
	memset(out, 0, sizeof(*out));
	out->run_id = o->run_id;
	out->attempt = o->run_attempt;
	out->time = o->run_time;
	if (o->run_sha && is_hex(o->run_sha))
		strcpy(out->sha, o->run_sha);
}

void hr_stamp_write(const hr_run_stamp *s, hr_sbuf *out)
{
	hr_sbuf_printf(out, HR_STAMP_PREFIX "id=%" PRIu64 " attempt=%u time=%" PRId64
	               " sha=%s -->\n", s->run_id, s->attempt, s->time, s->sha);
}

/* The last occurrence of needle in hay. */
static const char *find_last(const char *hay, const char *needle)
{
	const char *last = NULL;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		last = p;
	return last;
}

bool hr_stamp_find(const char *body, hr_run_stamp *out)
{
	const char *p = find_last(body, HR_STAMP_PREFIX);
	if (!p)
		return false;
	p += strlen(HR_STAMP_PREFIX);
	memset(out, 0, sizeof(*out));
	char *end;
	if (strncmp(p, "id=", 3))
		return false;
	out->run_id = strtoull(p + 3, &end, 10);
	if (strncmp(end, " attempt=", 9))
		return false;
	unsigned long attempt = strtoul(end + 9, &end, 10);
	out->attempt = attempt > 1000000 ? 1000000 : (unsigned)attempt;
	if (strncmp(end, " time=", 6))
		return false;
	out->time = strtoll(end + 6, &end, 10);
	if (strncmp(end, " sha=", 5))
		return false;
	end += 5;
	size_t n = strspn(end, "0123456789abcdefABCDEF");
	if (n > 64 || strncmp(end + n, " -->", 4))
		return false;
	memcpy(out->sha, end, n);
	out->sha[n] = '\0';
	return true;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

int hr_stamp_compare(const hr_run_stamp *a, const hr_run_stamp *b)
{
	if (a->run_id && b->run_id) {
		int c = cmp_u64(a->run_id, b->run_id);
		return c ? c : cmp_u64(a->attempt, b->attempt);
	}
	return a->time < b->time ? -1 : a->time > b->time;
}

/* How many <details> are open in text[0, len). */
static size_t open_details(const char *text, size_t len)
{
	size_t open = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] != '<')
			continue;
		if (len - i >= 9 && memcmp(text + i, "<details>", 9) == 0)
			open++;
		else if (len - i >= 10 && memcmp(text + i, "</details>", 10) == 0 &&
		         open)
			open--;
	}
	return open;
}

/* text[0, len) cut at the last line end within max bytes. */
static size_t cut_at_line(const char *text, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t n = max;
	while (n > 0 && text[n - 1] != '\n')
		n--;
	return n;
}

static void put_cut(const char *body, size_t n, const char *note,
                    const hr_run_stamp *s, hr_sbuf *out)
{
	hr_sbuf_put(out, body, n);
	size_t open = open_details(body, n);
	for (size_t i = 0; i < open && i < CLOSERS_MAX; i++)
		hr_sbuf_puts(out, "\n</details>\n");
	hr_sbuf_puts(out, note);
	hr_stamp_write(s, out);
}

void hr_publish_body(const char *body, size_t len, const hr_run_stamp *s,
                     size_t max, hr_sbuf *out)
{
	hr_sbuf_clear(out);
	size_t room = max - STAMP_ROOM - CLOSERS_MAX * 12;
	if (len + STAMP_ROOM <= max) {
		hr_sbuf_put(out, body, len);
		if (len && body[len - 1] != '\n')
			hr_sbuf_puts(out, "\n");
		hr_stamp_write(s, out);
		return;
	}
	put_cut(body, cut_at_line(body, len, room - strlen(CUT_NOTE)), CUT_NOTE,
	        s, out);
}

void hr_publish_short_body(const char *body, size_t len,
                           const hr_run_stamp *s, hr_sbuf *out)
{
	hr_sbuf_clear(out);
	size_t n = len;
	const char *table = strstr(body, "\n| ");
	if (table && (size_t)(table - body) < n)
		n = (size_t)(table - body) + 1;
	put_cut(body, cut_at_line(body, n, SHORT_HEAD_MAX), SHORT_NOTE, s, out);
}
