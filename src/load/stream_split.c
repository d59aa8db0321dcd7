#include "load/stream_split.h"

#include <string.h>

static bool has_other_breaks(const unsigned char *p, size_t len)
{
	if (memchr(p, '\r', len))
		return true;
	for (size_t i = 0; i + 1 < len; i++) {
		if (p[i] < 0x80)
			continue;
		if (p[i] == 0xC2 && p[i + 1] == 0x85)
			return true; /* NEL */
		if (p[i] == 0xE2 && i + 2 < len && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xA8 || p[i + 2] == 0xA9))
			return true; /* LS, PS */
	}
	return false;
}

static bool has_directive(const char *text, size_t len)
{
	if (len > 0 && text[0] == '%')
		return true;
	const char *p = text, *end = text + len;
	while ((p = memchr(p, '\n', (size_t)(end - p))) && ++p < end)
		if (*p == '%')
			return true;
	return false;
}

static bool is_marker_line(const char *p, const char *end)
{
	if (end - p < 3 || memcmp(p, "---", 3) != 0)
		return false;
	return end - p == 3 || p[3] == ' ' || p[3] == '\t' || p[3] == '\n';
}

/* The first `---` line at or after from, or len when there is none. */
static size_t next_marker(const char *text, size_t len, size_t from)
{
	const char *end = text + len;
	const char *p = text + from;
	if (from > 0 && p[-1] != '\n') {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return len;
		p++;
	}
	while (p < end) {
		if (is_marker_line(p, end))
			return (size_t)(p - text);
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			break;
		p++;
	}
	return len;
}

static size_t count_lines(const char *p, size_t len)
{
	size_t lines = 0;
	const char *end = p + len;
	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		lines++;
		p++;
	}
	return lines;
}

size_t hr_stream_split(const char *text, size_t len, size_t max_pieces,
                       size_t min_bytes, hr_stream_piece *pieces)
{
	pieces[0] = (hr_stream_piece){0, len, 0};
	if (max_pieces < 2 || min_bytes == 0 || len < 2 * min_bytes)
		return 1;
	size_t want = len / min_bytes < max_pieces ? len / min_bytes : max_pieces;
	if (has_directive(text, len) ||
	    has_other_breaks((const unsigned char *)text, len))
		return 1;
	size_t count = 0, start = 0, lines = 0;
	for (size_t k = 1; k < want; k++) {
		size_t target = len / want * k;
		if (target <= start)
			continue;
		size_t cut = next_marker(text, len, target);
		if (cut >= len)
			break;
		if (cut <= start)
			continue;
		pieces[count++] = (hr_stream_piece){start, cut, lines};
		lines += count_lines(text + start, cut - start);
		start = cut;
	}
	pieces[count++] = (hr_stream_piece){start, len, lines};
	return count;
}
