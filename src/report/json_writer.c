#include "report/json_writer.h"

#include "util/alloc.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void hr_jw_init(hr_json_writer *w, FILE *out)
{
	w->out = out;
	w->memory = NULL;
	w->failed = false;
	w->depth = 0;
	w->first[0] = true;
	w->len = 0;
	w->after_key = false;
}

void hr_jw_init_memory(hr_json_writer *w, hr_jw_memory *memory)
{
	hr_jw_init(w, NULL);
	w->memory = memory;
}

static void write_out(hr_json_writer *w, const char *s, size_t n)
{
	if (w->memory) {
		hr_jw_memory *m = w->memory;
		m->data = hr_xgrow(m->data, &m->cap, m->len + n, 1);
		memcpy(m->data + m->len, s, n);
		m->len += n;
	} else if (fwrite(s, 1, n, w->out) != n) {
		w->failed = true;
	}
}

static void flush(hr_json_writer *w)
{
	if (w->len)
		write_out(w, w->buf, w->len);
	w->len = 0;
}

static void put(hr_json_writer *w, const char *s, size_t n)
{
	if (n > sizeof(w->buf) - w->len) {
		flush(w);
		if (n > sizeof(w->buf)) {
			write_out(w, s, n);
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

bool hr_jw_finish(hr_json_writer *w)
{
	flush(w);
	return !w->failed && (w->memory || !ferror(w->out));
}

void hr_jw_raw(hr_json_writer *w, const char *text)
{
	put(w, text, strlen(text));
}

void hr_jw_raw_bytes(hr_json_writer *w, const char *bytes, size_t len)
{
	put(w, bytes, len);
}

/* A comma before every member or item but the first. */
static void separate(hr_json_writer *w)
{
	if (!w->first[w->depth])
		put(w, ",", 1);
	w->first[w->depth] = false;
}

static void open_level(hr_json_writer *w, const char *bracket)
{
	put(w, bracket, 1);
	if (w->depth + 1 < HR_JSON_DEPTH_MAX)
		w->depth++;
	else
		w->failed = true; /* headroom's own layout never nests this deep */
	w->first[w->depth] = true;
}

static void close_level(hr_json_writer *w, const char *bracket)
{
	if (w->depth > 0)
		w->depth--;
	put(w, bracket, 1);
}

/* A value after a key takes the key's place; an array item needs its
 * comma.  Keys mark the level as started themselves. */
static void value_start(hr_json_writer *w)
{
	if (w->after_key)
		w->after_key = false;
	else if (w->depth > 0)
		separate(w);
}

void hr_jw_begin_object(hr_json_writer *w)
{
	value_start(w);
	open_level(w, "{");
}

void hr_jw_end_object(hr_json_writer *w)
{
	close_level(w, "}");
}

void hr_jw_begin_array(hr_json_writer *w)
{
	value_start(w);
	open_level(w, "[");
}

void hr_jw_end_array(hr_json_writer *w)
{
	close_level(w, "]");
}

static bool plain_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
			return false;
	}
	return true;
}

/* Copy plain ASCII into the buffer while checking it: one pass over the
 * text instead of three (length, check, copy); reports are mostly names.
 * False when s is not plain or does not fit: nothing was written. */
static bool put_plain_string(hr_json_writer *w, const char *s)
{
	size_t room = sizeof(w->buf) - w->len;
	if (room < 2)
		return false;
	char *dst = w->buf + w->len + 1;
	size_t max = room - 2;
	for (size_t i = 0; i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\0') {
			w->buf[w->len] = '"';
			dst[i] = '"';
			w->len += i + 2;
			return true;
		}
		if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
			return false;
		dst[i] = (char)c;
	}
	return false;
}

static void encode_string(hr_json_writer *w, const char *s)
{
	if (put_plain_string(w, s))
		return;
	size_t n = strlen(s);
	if (plain_ascii(s, n)) {
		put(w, "\"", 1);
		put(w, s, n);
		put(w, "\"", 1);
		return;
	}
	json_t *v = json_stringn(s, n);
	if (!v) { /* not UTF-8: jansson refuses it, so does the report */
		put(w, "null", 4);
		return;
	}
	char stack[512];
	size_t need = json_dumpb(v, stack, sizeof(stack), JSON_ENCODE_ANY);
	if (need <= sizeof(stack)) {
		put(w, stack, need);
	} else {
		char *big = json_dumps(v, JSON_ENCODE_ANY);
		if (big)
			put(w, big, strlen(big));
		else
			w->failed = true;
		free(big);
	}
	json_decref(v);
}

void hr_jw_key(hr_json_writer *w, const char *name)
{
	separate(w);
	/* Keys are headroom's own names: plain, so they go in as written. */
	if (!put_plain_string(w, name)) {
		put(w, "\"", 1);
		hr_jw_raw(w, name);
		put(w, "\"", 1);
	}
	put(w, ":", 1);
	w->after_key = true;
}

void hr_jw_key_string(hr_json_writer *w, const char *name)
{
	separate(w);
	encode_string(w, name);
	put(w, ":", 1);
	w->after_key = true;
}

void hr_jw_string(hr_json_writer *w, const char *s)
{
	value_start(w);
	if (s)
		encode_string(w, s);
	else
		put(w, "null", 4);
}

void hr_jw_int(hr_json_writer *w, int64_t v)
{
	value_start(w);
	char digits[24];
	size_t n = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do
		digits[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	char text[24];
	size_t k = 0;
	if (v < 0)
		text[k++] = '-';
	while (n)
		text[k++] = digits[--n];
	put(w, text, k);
}

/* Most reals in a report are cores and money: whole thousandths.  When v
 * is exactly the double nearest to m/1000 with |m| < 10^15, "%.15g"
 * prints m/1000's decimals (15 digits round-trip), so they are written
 * without snprintf.  Returns false for anything else. */
static bool put_thousandths(hr_json_writer *w, double v)
{
	if (!(fabs(v) < 1e12) || v == 0)
		return false;
	double scaled = v * 1000.0;
	long long m = llround(scaled);
	if ((double)m / 1000.0 != v)
		return false;
	char text[40];
	size_t n = 0;
	unsigned long long u = m < 0 ? (unsigned long long)0 - (unsigned long long)m
	                             : (unsigned long long)m;
	unsigned long long whole = u / 1000, frac = u % 1000;
	char digits[24];
	size_t d = 0;
	do
		digits[d++] = (char)('0' + whole % 10);
	while ((whole /= 10) != 0);
	if (m < 0)
		text[n++] = '-';
	while (d)
		text[n++] = digits[--d];
	text[n++] = '.';
	if (frac == 0) {
		text[n++] = '0';
	} else {
		text[n++] = (char)('0' + frac / 100);
		text[n++] = (char)('0' + frac / 10 % 10);
		text[n++] = (char)('0' + frac % 10);
		while (text[n - 1] == '0')
			n--;
	}
	put(w, text, n);
	return true;
}

/* jansson's dump_real with JSON_REAL_PRECISION(15). */
void hr_jw_real(hr_json_writer *w, double v)
{
	if (!isfinite(v)) {
		hr_jw_null(w); /* jansson cannot encode them either */
		return;
	}
	value_start(w);
	if (put_thousandths(w, v))
		return;
	char text[40];
	int n = snprintf(text, sizeof(text), "%.15g", v);
	if (n < 0 || (size_t)n >= sizeof(text) - 3) {
		w->failed = true;
		return;
	}
	if (!strpbrk(text, ".eE")) {
		text[n++] = '.';
		text[n++] = '0';
		text[n] = '\0';
	}
	/* As jansson: no '+' and no leading zeros in the exponent (1e21,
	 * 1e-7, not 1e+21, 1e-07). */
	char *e = strchr(text, 'e');
	if (e) {
		char *digits = e + 1;
		if (*digits == '-')
			digits++;
		char *from = e + 1 + (*(e + 1) == '+');
		if (*(e + 1) == '-')
			from = digits;
		while (*from == '0' && from[1] != '\0')
			from++;
		memmove(digits, from, strlen(from) + 1);
		n = (int)strlen(text);
	}
	put(w, text, (size_t)n);
}

void hr_jw_bool(hr_json_writer *w, bool v)
{
	value_start(w);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void hr_jw_null(hr_json_writer *w)
{
	value_start(w);
	put(w, "null", 4);
}
