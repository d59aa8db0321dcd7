#include "report/escape.h"

#include "util/alloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

size_t hr_utf8_decode(const unsigned char *p, uint32_t *cp)
{
	unsigned char b = p[0];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	size_t n;
	uint32_t v;
	/* The second byte's range rules out overlong forms, surrogates
	 * (ED A0..BF) and values above U+10FFFF (F4 90..). */
	unsigned char lo = 0x80, hi = 0xbf;
	if (b >= 0xc2 && b <= 0xdf) {
		n = 2;
		v = b & 0x1f;
	} else if (b >= 0xe0 && b <= 0xef) {
		n = 3;
		v = b & 0x0f;
		if (b == 0xe0)
			lo = 0xa0;
		else if (b == 0xed)
			hi = 0x9f;
	} else if (b >= 0xf0 && b <= 0xf4) {
		n = 4;
		v = b & 0x07;
		if (b == 0xf0)
			lo = 0x90;
		else if (b == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		unsigned char c = p[i]; /* the NUL stops this: not a continuation */
		if (c < (i == 1 ? lo : 0x80) || c > (i == 1 ? hi : 0xbf))
			return 0;
		v = (v << 6) | (c & 0x3f);
	}
	*cp = v;
	return n;
}

bool hr_char_is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c ||
	       cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0xe0000 && cp <= 0xe007f);
}

/* The visible form of an unsafe code point or an invalid byte (is_byte),
 * after `backslash`: "x1b", "u202e", "U000e0041". */
static int visible_escape(char *buf, size_t size, uint32_t v, bool is_byte)
{
	if (is_byte || v < 0x80)
		return snprintf(buf, size, "x%02x", (unsigned)v);
	if (v <= 0xffff)
		return snprintf(buf, size, "u%04x", (unsigned)v);
	return snprintf(buf, size, "U%08x", (unsigned)v);
}

int hr_fputs_terminal(const char *s, FILE *out)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		size_t n = hr_utf8_decode(p, &cp);
		if (n && !hr_char_is_unsafe(cp)) {
			if (fwrite(p, 1, n, out) != n)
				return -1;
		} else {
			char esc[16];
			visible_escape(esc, sizeof(esc), n ? cp : *p, n == 0);
			if (fprintf(out, "\\%s", esc) < 0)
				return -1;
		}
		p += n ? n : 1;
	}
	return 0;
}

/* ---- growable buffer ---------------------------------------------------- */

static void reserve(hr_sbuf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap)
		b->data = hr_xgrow(b->data, &b->cap, b->len + extra + 1, 1);
}

void hr_sbuf_put(hr_sbuf *b, const char *s, size_t n)
{
	reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void hr_sbuf_puts(hr_sbuf *b, const char *s)
{
	hr_sbuf_put(b, s, strlen(s));
}

void hr_sbuf_printf(hr_sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char small[256];
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		hr_sbuf_put(b, small, (size_t)n);
		return;
	}
	reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void hr_sbuf_clear(hr_sbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void hr_sbuf_release(hr_sbuf *b)
{
	free(b->data);
	*b = (hr_sbuf)HR_SBUF_INIT;
}

/* ---- Markdown and HTML -------------------------------------------------- */

#define ZWSP "&#8203;"
#define ELLIPSIS "\xe2\x80\xa6" /* U+2026 */

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static bool starts_www(const unsigned char *p)
{
	return (p[0] | 0x20) == 'w' && (p[1] | 0x20) == 'w' &&
	       (p[2] | 0x20) == 'w' && p[3] == '.';
}

/* Markdown's own punctuation: backslash-escaped in Markdown text.  In
 * HTML text the ones that act inside a line become numeric references, so
 * that the text reads the same whether or not a renderer parses it as
 * Markdown (the rest only act at the start of a line, where untrusted text
 * never is). */
static bool is_markdown_punct(unsigned char c, bool md)
{
	return c && strchr(md ? "\\`*_{}[]()#+-.!|~" : "\\`*_[]()|~", c) != NULL;
}

static void punct(char *piece, size_t size, unsigned char c, bool md)
{
	if (md)
		snprintf(piece, size, "\\%c", c);
	else if (is_markdown_punct(c, false))
		snprintf(piece, size, "&#%d;", c);
	else
		snprintf(piece, size, "%c", c);
}

/* The sinks built on HR_ESCAPE_TEXT: what each writes for one safe ASCII
 * character c, or NULL for c itself. */
static const char *plain_escape(unsigned char c, hr_escape_sink sink)
{
	if (sink == HR_ESCAPE_XML) {
		switch (c) {
		case '&': return "&amp;";
		case '<': return "&lt;";
		case '>': return "&gt;";
		case '"': return "&quot;";
		case '\'': return "&apos;";
		default: return NULL;
		}
	}
	if (sink == HR_ESCAPE_GITHUB_DATA || sink == HR_ESCAPE_GITHUB_PROPERTY) {
		bool prop = sink == HR_ESCAPE_GITHUB_PROPERTY;
		if (c == '%')
			return "%25";
		if (prop && c == ':')
			return "%3A";
		if (prop && c == ',')
			return "%2C";
	}
	return NULL;
}

static size_t escape_plain_one(const unsigned char *p, hr_escape_sink sink,
                               char *piece, size_t size)
{
	uint32_t cp;
	size_t n = hr_utf8_decode(p, &cp);
	if (n == 0 || hr_char_is_unsafe(cp)) {
		char esc[16];
		visible_escape(esc, sizeof(esc), n ? cp : *p, n == 0);
		snprintf(piece, size, "\\%s", esc);
		return n ? n : 1;
	}
	const char *s = n == 1 ? plain_escape(*p, sink) : NULL;
	if (s) {
		snprintf(piece, size, "%s", s);
	} else {
		memcpy(piece, p, n);
		piece[n] = '\0';
	}
	return n;
}

/* The escaped form of the character at p into piece (NUL-terminated);
 * returns the number of input bytes it stands for. */
static size_t escape_one(const unsigned char *p, hr_escape_sink sink,
                         char *piece, size_t size)
{
	if (sink >= HR_ESCAPE_TEXT)
		return escape_plain_one(p, sink, piece, size);
	bool md = sink == HR_ESCAPE_MARKDOWN;
	uint32_t cp;
	size_t n = hr_utf8_decode(p, &cp);
	if (n == 0 || (hr_char_is_unsafe(cp) && !is_space(*p))) {
		/* a visible escape, its backslash escaped too */
		char esc[16];
		visible_escape(esc, sizeof(esc), n ? cp : *p, n == 0);
		snprintf(piece, size, "%s%s", md ? "\\\\" : "&#92;", esc);
		return n ? n : 1;
	}
	if (n > 1) {
		memcpy(piece, p, n);
		piece[n] = '\0';
		return n;
	}
	const char *s = NULL;
	switch (*p) {
	case '\t': case '\n': case '\r':
		s = " ";
		break;
	case '&': s = "&amp;"; break;
	case '<': s = "&lt;"; break;
	case '>': s = "&gt;"; break;
	case '"': s = "&quot;"; break;
	case '\'': s = "&#39;"; break;
	case '$': s = "&#36;"; break;
	case '@': s = "@" ZWSP; break;
	case '#':
		punct(piece, size, *p, md);
		if (is_alnum(p[1]))
			strcat(piece, ZWSP);
		return 1;
	case ':':
		s = p[1] == '/' && p[2] == '/' ? ":" ZWSP : ":";
		break;
	case 'g': case 'G':
		/* "GH-123" is an issue reference too */
		if ((p[1] | 0x20) == 'h' && p[2] == '-' && p[3] >= '0' &&
		    p[3] <= '9') {
			snprintf(piece, size, "%c%c" ZWSP, p[0], p[1]);
			return 2;
		}
		break;
	case 'w': case 'W':
		if (starts_www(p)) {
			snprintf(piece, size, "%c%c%c" ZWSP, p[0], p[1], p[2]);
			return 3;
		}
		break;
	default:
		if (is_markdown_punct(*p, md)) {
			punct(piece, size, *p, md);
			return 1;
		}
		break;
	}
	if (s)
		snprintf(piece, size, "%s", s);
	else
		snprintf(piece, size, "%c", *p);
	return 1;
}

/* The escaped length of [p, end), or max + 1 once it is known to exceed
 * max. */
static size_t escaped_length(const unsigned char *p, const unsigned char *end,
                             hr_escape_sink sink, size_t max)
{
	size_t len = 0;
	while (p < end && len <= max) {
		char piece[32];
		p += escape_one(p, sink, piece, sizeof(piece));
		len += strlen(piece);
	}
	return len;
}

void hr_sbuf_escape(hr_sbuf *b, const char *s, hr_escape_sink sink,
                    size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	while (is_space(*p))
		p++;
	const unsigned char *end = p + strlen((const char *)p);
	while (end > p && is_space(end[-1]))
		end--;
	/* When it all fits, no room is kept for the ellipsis.  (The trim only
	 * removes ASCII, so it never splits a multi-byte sequence.) */
	size_t budget = max;
	if (escaped_length(p, end, sink, max) > max)
		budget = max - (sizeof(ELLIPSIS) - 1);
	size_t used = 0;
	while (p < end) {
		char piece[32];
		size_t in = escape_one(p, sink, piece, sizeof(piece));
		size_t len = strlen(piece);
		if (used + len > budget) {
			hr_sbuf_puts(b, ELLIPSIS);
			return;
		}
		hr_sbuf_put(b, piece, len);
		used += len;
		p += in;
	}
}

const char *hr_report_path(const char *p)
{
	if (!p)
		return "";
	while (p[0] == '.' && p[1] == '/') {
		p += 2;
		while (*p == '/')
			p++;
	}
	return p;
}

/* ---- numbers ------------------------------------------------------------ */

size_t hr_format_amount(double v, bool plus_sign, char *buf, size_t size)
{
	if (!isfinite(v))
		return (size_t)snprintf(buf, size, "?");
	if (fabs(v) >= 1e15)
		return (size_t)snprintf(buf, size, "%s%.3e",
		                        v > 0 && plus_sign ? "+" : "", v);
	char digits[32];
	snprintf(digits, sizeof(digits), "%.2f", fabs(v));
	bool zero = strspn(digits, "0.") == strlen(digits);
	const char *sign = zero ? "" : v < 0 ? "-" : plus_sign ? "+" : "";
	size_t int_len = strcspn(digits, ".");
	char out[48];
	size_t o = 0;
	for (const char *c = sign; *c; c++)
		out[o++] = *c;
	for (size_t i = 0; digits[i]; i++) {
		if (i && i < int_len && (int_len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return (size_t)snprintf(buf, size, "%s", out);
}

size_t hr_format_number(double v, char *buf, size_t size)
{
	if (isfinite(v) && v == floor(v) && fabs(v) < 1e15)
		return (size_t)snprintf(buf, size, "%.0f", v);
	return (size_t)snprintf(buf, size, "%.6g", v);
}
