#include "load/stream_split.h"

#include <string.h>

/* Each check looks for the rare lead byte with memchr(), which scans a
 * whole file in a fraction of the time a loop over its bytes takes: the
 * split runs before the threads start, so all of it is waited for. */

/* Is some occurrence of lead at p..end followed by next (and, when
 * third is not 0, by one of third and alt)? */
static bool has_sequence(const unsigned char *p, const unsigned char *end,
                         unsigned char lead, unsigned char next,
                         unsigned char third, unsigned char alt)
{
	while ((p = memchr(p, lead, (size_t)(end - p)))) {
		if (end - p >= 2 && p[1] == next &&
		    (!third || (end - p >= 3 && (p[2] == third || p[2] == alt))))
			return true;
		p++;
	}
	return false;
}

static bool has_other_breaks(const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	return memchr(p, '\r', len) ||
	       has_sequence(p, end, 0xC2, 0x85, 0, 0) ||       /* NEL */
	       has_sequence(p, end, 0xE2, 0x80, 0xA8, 0xA9); /* LS, PS */
}

static bool has_directive(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while ((p = memchr(p, '%', (size_t)(end - p)))) {
		if (p == text || p[-1] == '\n')
			return true;
		p++;
	}
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
