#include "util/json_input.h"

#include "util/alloc.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DECODE_FLAGS (JSON_REJECT_DUPLICATES | JSON_DECODE_ANY)

/* ---- the window ------------------------------------------------------- */

static size_t window_end(const hr_json_input *in)
{
	return in->base + in->filled;
}

/* Byte i, which the caller made sure is in the window. */
static char at(const hr_json_input *in, size_t i)
{
	return in->buf[i - in->base];
}

static const char *ptr(const hr_json_input *in, size_t i)
{
	return in->buf + (i - in->base);
}

/* Read one more chunk; false at the end or after a failure (recorded). */
static bool refill(hr_json_input *in)
{
	if (!in->stream || in->eof)
		return false;
	in->own = hr_xgrow(in->own, &in->cap, in->filled + in->chunk, 1);
	in->buf = in->own;
	size_t got = fread(in->own + in->filled, 1, in->chunk, in->stream);
	in->filled += got;
	if (in->filled > in->window_max)
		in->window_max = in->filled;
	if (window_end(in) > HR_JSON_INPUT_MAX) {
		in->eof = true;
		in->failed = hr_fail_at(HR_ELIMIT, in->name, 0, 0,
		                        "input is larger than the limit of %zu "
		                        "bytes", HR_JSON_INPUT_MAX);
		return false;
	}
	if (got < in->chunk) {
		in->eof = true;
		if (ferror(in->stream)) {
			in->failed =
			        hr_fail_at(HR_EIO, in->name, 0, 0,
			                   "cannot read: %s", strerror(errno));
			return false;
		}
	}
	return got > 0;
}

/* Make byte i (at or after the window's start) available; false when the
 * input ends before it. */
static bool have(hr_json_input *in, size_t i)
{
	while (i >= window_end(in))
		if (!refill(in))
			return false;
	return true;
}

static void init_common(hr_json_input *in, const char *name)
{
	memset(in, 0, sizeof(*in));
	in->name = name;
	in->buf = "";
	in->mark_line = 1;
}

/* The byte order mark, after the first bytes are in. */
static int check_start(hr_json_input *in)
{
	if (have(in, 1) && ((at(in, 0) == '\xFF' && at(in, 1) == '\xFE') ||
	                    (at(in, 0) == '\xFE' && at(in, 1) == '\xFF')))
		return hr_fail_at(HR_EINVALID, in->name, 1, 1,
		                  "UTF-16 input is not supported; convert the "
		                  "file to UTF-8 (iconv -f UTF-16 -t UTF-8)");
	if (have(in, 2) && memcmp(ptr(in, 0), "\xEF\xBB\xBF", 3) == 0)
		in->start = 3;
	if (in->failed)
		return in->failed;
	in->pos = in->mark = in->start;
	return HR_OK;
}

int hr_json_input_init(hr_json_input *in, const char *name, const char *data,
                       size_t len)
{
	init_common(in, name);
	if (len > HR_JSON_INPUT_MAX)
		return hr_fail_at(HR_ELIMIT, name, 0, 0,
		                  "input is larger than the limit of %zu bytes",
		                  HR_JSON_INPUT_MAX);
	in->buf = data;
	in->filled = len;
	in->eof = true;
	return check_start(in);
}

int hr_json_input_open(hr_json_input *in, const char *name, FILE *stream,
                       size_t chunk)
{
	init_common(in, name);
	in->stream = stream;
	in->chunk = chunk ? chunk : HR_JSON_CHUNK;
	return check_start(in);
}

void hr_json_input_dispose(hr_json_input *in)
{
	free(in->own);
	in->own = NULL;
	in->buf = "";
	in->base = in->filled = in->cap = 0;
}

const char *hr_json_whole(hr_json_input *in, size_t *len)
{
	while (refill(in))
		;
	if (in->failed || in->base > in->start)
		return NULL;
	*len = window_end(in) - in->start;
	return ptr(in, in->start);
}

void hr_json_rewind(hr_json_input *in)
{
	in->pos = in->mark = in->start;
	in->mark_line = 1;
	in->mark_column = 0;
}

/* ---- positions -------------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Characters, not bytes: UTF-8 continuation bytes do not count. */
static unsigned count_chars(const char *s, size_t n)
{
	unsigned count = 0;
	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}

/* Move the mark forwards to offset (in the window). */
static void advance_mark(hr_json_input *in, size_t offset)
{
	size_t i = in->mark;
	while (i < offset) {
		const char *p = ptr(in, i);
		const char *nl = memchr(p, '\n', offset - i);
		if (!nl) {
			in->mark_column += count_chars(p, offset - i);
			break;
		}
		in->mark_line++;
		in->mark_column = 0;
		i += (size_t)(nl - p) + 1;
	}
	in->mark = offset;
}

void hr_json_position(hr_json_input *in, size_t offset, unsigned *line,
                      unsigned *column)
{
	if (offset > window_end(in))
		offset = window_end(in);
	if (offset < in->mark) {
		if (in->base > 0) {
			/* Released text cannot be counted again (no caller asks
			 * for it; this is a guard). */
			offset = in->mark;
		} else {
			in->mark = in->start;
			in->mark_line = 1;
			in->mark_column = 0;
		}
	}
	if (offset < in->start)
		offset = in->start;
	advance_mark(in, offset);
	*line = in->mark_line;
	*column = in->mark_column + 1;
}

void hr_json_release(hr_json_input *in)
{
	if (!in->stream)
		return;
	size_t keep = in->pos < window_end(in) ? in->pos : window_end(in);
	if (keep < in->base + in->chunk)
		return; /* move text only when a chunk or more can go */
	if (in->mark < keep)
		advance_mark(in, keep);
	size_t drop = keep - in->base;
	memmove(in->own, in->own + drop, in->filled - drop);
	in->base += drop;
	in->filled -= drop;
}

HR_PRINTF(4, 0)
static int vfail(hr_json_input *in, int code, size_t offset, const char *fmt,
                 va_list ap)
{
	/* A read error cut the input short: that is the cause to report. */
	if (in->failed)
		return in->failed;
	char msg[768];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	unsigned line, column;
	hr_json_position(in, offset, &line, &column);
	return hr_fail_at(code, in->name, line, column, "%s", msg);
}

int hr_json_fail(hr_json_input *in, int code, size_t offset, const char *fmt,
                 ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vfail(in, code, offset, fmt, ap);
	va_end(ap);
	return rc;
}

/* ---- text for messages ------------------------------------------------ */

const char *hr_json_quote(char *buf, size_t size, const char *s, size_t len)
{
	/* Shown bytes are capped; each may become a 6-byte escape. */
	const size_t shown_max = 60;
	size_t o = 0;
	if (size < 16) {
		if (size)
			buf[0] = '\0';
		return buf;
	}
	buf[o++] = '"';
	size_t i = 0;
	for (; i < len && i < shown_max && o + 12 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		/* C1 controls (U+0080..U+009F) are escaped like C0 ones. */
		if (c == 0xC2 && i + 1 < len &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F) {
			o += (size_t)snprintf(buf + o, size - o, "\\u%04x",
			                      (unsigned char)s[i + 1]);
			i++;
		} else if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7F) {
			o += (size_t)snprintf(buf + o, size - o, "\\u%04x", c);
		} else {
			buf[o++] = (char)c;
		}
	}
	/* Never end inside a UTF-8 sequence (those bytes were copied one
	 * for one). */
	if (i < len) {
		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) {
			i--;
			o--;
		}
	}
	buf[o++] = '"';
	if (i < len && o + 4 <= size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* Text from jansson's messages and raw input, made safe to print: bytes
 * outside printable ASCII become \xNN. */
static void sanitize(char *dst, size_t size, const char *src, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len && src[i] && o + 5 < size; i++) {
		unsigned char c = (unsigned char)src[i];
		if (c >= 0x20 && c < 0x7F)
			dst[o++] = (char)c;
		else
			o += (size_t)snprintf(dst + o, size - o, "\\x%02x", c);
	}
	dst[o] = '\0';
}

static bool is_punct(char c)
{
	return c == ',' || c == ':' || c == '{' || c == '}' || c == '[' ||
	       c == ']';
}

/* "'x'" for an error at offset: one punctuation character, else a token
 * of at most 12 bytes; "end of input" there is none. */
static const char *near(hr_json_input *in, size_t offset, char *buf,
                        size_t size)
{
	if (!have(in, offset)) {
		snprintf(buf, size, "end of input");
		return buf;
	}
	char first = at(in, offset);
	size_t n = 1;
	while (!is_punct(first) && n < 12 && have(in, offset + n)) {
		char c = at(in, offset + n);
		if (is_space(c) || is_punct(c))
			break;
		n++;
		if (c == '"' && first == '"')
			break;
	}
	char token[64];
	sanitize(token, sizeof(token), ptr(in, offset), n);
	snprintf(buf, size, "'%s'", token);
	return buf;
}

static int syntax_error(hr_json_input *in, size_t offset, const char *what)
{
	char where[80];
	return hr_json_fail(in, HR_EINVALID, offset,
	                    "invalid JSON: %s expected near %s", what,
	                    near(in, offset, where, sizeof(where)));
}

/* ---- spans ------------------------------------------------------------ */

static size_t skip_space(hr_json_input *in, size_t i)
{
	while (have(in, i) && is_space(at(in, i)))
		i++;
	return i;
}

/*
 * After the string whose opening quote is at q: past its closing quote,
 * or where the input ends, or stop, whichever comes first.  In JSON text a
 * quote inside a string is always escaped, and it is escaped exactly when
 * an odd number of backslashes precede it.
 */
static size_t string_end(hr_json_input *in, size_t q, size_t stop)
{
	size_t i = q + 1;
	while (i < stop && have(in, i)) {
		size_t end = window_end(in) < stop ? window_end(in) : stop;
		const char *p = ptr(in, i);
		const char *hit = memchr(p, '"', end - i);
		if (!hit) {
			i = end;
			continue;
		}
		size_t k = i + (size_t)(hit - p);
		size_t slashes = 0;
		while (k - slashes > q + 1 && at(in, k - slashes - 1) == '\\')
			slashes++;
		if (slashes % 2 == 0)
			return k + 1;
		i = k + 1;
	}
	return i < stop ? i : stop;
}

static bool ends_scalar(char c)
{
	return is_space(c) || is_punct(c) || c == '"';
}

/*
 * The end of the value starting at offset: past its closing quote or
 * bracket (a string-aware bracket count), or for anything else at the next
 * delimiter.  Scanning stops at offset + max + 1 (what is longer than max
 * is too long whatever its end), or where the input ends.
 */
static size_t span_end(hr_json_input *in, size_t offset, size_t max)
{
	size_t stop = max < SIZE_MAX - offset - 1 ? offset + max + 1 : SIZE_MAX;
	if (!have(in, offset))
		return offset;
	char c = at(in, offset);
	if (c == '"')
		return string_end(in, offset, stop);
	size_t i = offset;
	if (c == '{' || c == '[') {
		size_t depth = 0;
		while (i < stop && have(in, i)) {
			size_t end =
			        window_end(in) < stop ? window_end(in) : stop;
			while (i < end) {
				c = at(in, i);
				if (c == '"')
					break;
				if (c == '{' || c == '[') {
					depth++;
				} else if (c == '}' || c == ']') {
					if (--depth == 0)
						return i + 1;
				}
				i++;
			}
			if (i < end) /* a string: it may move the window */
				i = string_end(in, i, stop);
		}
		return i < stop ? i : stop;
	}
	while (i < stop && have(in, i) && !ends_scalar(at(in, i)))
		i++;
	/* A stray delimiter is a one-byte span that jansson refuses. */
	return i == offset ? offset + 1 : i;
}

size_t hr_json_value_end(hr_json_input *in, size_t offset)
{
	return span_end(in, offset, SIZE_MAX);
}

const char *hr_json_bytes(hr_json_input *in, size_t offset, size_t n)
{
	if (offset < in->base || (n && !have(in, offset + n - 1)))
		return NULL;
	return ptr(in, offset);
}

bool hr_json_contains(hr_json_input *in, size_t from, size_t to,
                      const char *needle)
{
	size_t n = strlen(needle);
	if (to == SIZE_MAX) {
		while (refill(in))
			;
		to = window_end(in);
	}
	if (from < in->base || to > window_end(in) || to - from < n)
		return false;
	const char *s = ptr(in, from);
	size_t len = to - from;
	for (size_t i = 0; i + n <= len;) {
		const char *hit = memchr(s + i, needle[0], len - n + 1 - i);
		if (!hit)
			return false;
		if (memcmp(hit, needle, n) == 0)
			return true;
		i = (size_t)(hit - s) + 1;
	}
	return false;
}

/* ---- jansson's memory ------------------------------------------------- */

/*
 * jansson allocates every object, member and string on its own, and a
 * value hr_json_read() decodes is copied out and freed at once: for a
 * recommendations file, malloc and free were half of jansson's time.  So
 * while one such value is decoded, copied and freed, jansson's memory
 * comes from a scratch block of the tree's, handed out in order and
 * reset afterwards; a free() of it does nothing.  Outside that window,
 * and once the block is full, it is plain malloc() and free(), so every
 * other jansson value is as before.  The window is per thread, and
 * nothing jansson allocates in it outlives it (it keeps no state of its
 * own between calls).  The sanitizer build (HR_ARENA_DEBUG) keeps plain
 * malloc so that ASan sees each block.
 */
#define SCRATCH_SIZE ((size_t)256 << 10)
#define SCRATCH_ALIGN ((size_t)16)

#ifndef HR_ARENA_DEBUG
static _Thread_local hr_json_tree *scratch_owner;

static bool in_scratch(const hr_json_tree *t, const void *p)
{
	uintptr_t at = (uintptr_t)p, base = (uintptr_t)t->scratch;
	return at >= base && at < base + SCRATCH_SIZE;
}

static void *scratch_malloc(size_t size)
{
	hr_json_tree *t = scratch_owner;
	size_t need = (size + SCRATCH_ALIGN - 1) & ~(SCRATCH_ALIGN - 1);
	if (t && need >= size && need <= SCRATCH_SIZE - t->scratch_used) {
		void *p = t->scratch + t->scratch_used;
		t->scratch_used += need;
		return p;
	}
	return malloc(size);
}

static void scratch_free(void *p)
{
	hr_json_tree *t = scratch_owner;
	if (t && in_scratch(t, p))
		return;
	free(p);
}

/* Before main(), while there is one thread: jansson's allocator is one
 * setting for the whole process. */
__attribute__((constructor)) static void use_scratch(void)
{
	json_set_alloc_funcs(scratch_malloc, scratch_free);
}

static void scratch_begin(hr_json_tree *t)
{
	if (!t->scratch)
		t->scratch = hr_xmalloc(SCRATCH_SIZE);
	t->scratch_used = 0;
	scratch_owner = t;
}

static void scratch_end(void)
{
	scratch_owner = NULL;
}
#else
static void scratch_begin(hr_json_tree *t)
{
	(void)t;
}

static void scratch_end(void)
{
}
#endif

/* ---- jansson ---------------------------------------------------------- */

static json_t *decode(hr_json_input *in, size_t start, size_t end,
                      json_error_t *err)
{
	json_t *v = json_loadb(ptr(in, start), end - start, DECODE_FLAGS, err);
	if (!v && json_error_code(err) == json_error_out_of_memory)
		abort(); /* the project's policy: see alloc.h */
	return v;
}

typedef struct key_text {
	const char *text; /* in the window, or in owned */
	size_t len;
	size_t end;    /* after the closing quote */
	json_t *owned; /* the decoded string, when it had escapes */
} key_text;

/* Decode the string starting at q.  Plain printable ASCII is used in
 * place; anything else goes through jansson.  On failure *err is set, and
 * *too_long when it is longer than HR_JSON_VALUE_MAX. */
static bool decode_string(hr_json_input *in, size_t q, key_text *k,
                          json_error_t *err, bool *too_long)
{
	size_t end = string_end(in, q, q + HR_JSON_VALUE_MAX + 1);
	k->owned = NULL;
	k->end = end;
	*too_long = end - q > HR_JSON_VALUE_MAX;
	if (*too_long)
		return false;
	if (end >= q + 2 && at(in, end - 1) == '"') {
		const char *p = ptr(in, q + 1);
		size_t n = end - q - 2;
		bool plain = true;
		for (size_t i = 0; i < n && plain; i++) {
			unsigned char c = (unsigned char)p[i];
			plain = c >= 0x20 && c < 0x7F && c != '\\';
		}
		if (plain) {
			k->text = p;
			k->len = n;
			return true;
		}
	}
	json_t *v = decode(in, q, end, err);
	if (!v)
		return false;
	if (!json_is_string(v)) { /* not reached: it starts with a quote */
		json_decref(v);
		memset(err, 0, sizeof(*err));
		return false;
	}
	k->owned = v;
	k->text = json_string_value(v);
	k->len = json_string_length(v);
	return true;
}

static int duplicate_key(hr_json_input *in, size_t q, const char *text,
                         size_t len)
{
	char quoted[HR_JSON_QUOTE_MAX];
	return hr_json_fail(in, HR_EINVALID, q,
	                    "invalid JSON: duplicate key %s (a key may appear "
	                    "once in an object)",
	                    hr_json_quote(quoted, sizeof(quoted), text, len));
}

/* jansson's failure on the span starting at start, as an error of the
 * input. */
static int jansson_error(hr_json_input *in, size_t start,
                         const json_error_t *err)
{
	enum json_error_code code = json_error_code(err);
	size_t p = start + (err->position > 0 ? (size_t)err->position : 0);
	if (p > window_end(in))
		p = window_end(in);
	if (code == json_error_duplicate_key && p > start &&
	    at(in, p - 1) == '"') {
		/* jansson stops just after the repeated key: find where that
		 * key's string opens (an unescaped quote), to name it. */
		size_t q = p - 1;
		while (q > start) {
			q--;
			if (at(in, q) != '"')
				continue;
			size_t slashes = 0;
			while (q - slashes > start &&
			       at(in, q - slashes - 1) == '\\')
				slashes++;
			if (slashes % 2 == 0)
				break;
		}
		key_text k;
		json_error_t ignored;
		bool too_long;
		if (at(in, q) == '"' &&
		    decode_string(in, q, &k, &ignored, &too_long) &&
		    k.end == p) {
			int rc = duplicate_key(in, q, k.text, k.len);
			json_decref(k.owned);
			return rc;
		}
	}
	char text[JSON_ERROR_TEXT_LENGTH * 4];
	sanitize(text, sizeof(text), err->text, sizeof(err->text));
	/* jansson's position counts the bytes it read: the last one is the
	 * one it stopped at, except a byte that is not UTF-8, which it does
	 * not count. */
	size_t where = p > start && code != json_error_invalid_utf8 ? p - 1 : p;
	return hr_json_fail(in, HR_EINVALID, where, "invalid JSON: %s", text);
}

int hr_json_peek(hr_json_input *in)
{
	in->pos = skip_space(in, in->pos);
	return have(in, in->pos) ? (unsigned char)at(in, in->pos) : -1;
}

int hr_json_finish(hr_json_input *in)
{
	int c = hr_json_peek(in);
	if (in->failed)
		return in->failed;
	if (c < 0)
		return HR_OK;
	char where[80];
	return hr_json_fail(in, HR_EINVALID, in->pos,
	                    "invalid JSON: unexpected data after the top-level "
	                    "value near %s",
	                    near(in, in->pos, where, sizeof(where)));
}

static int too_big(hr_json_input *in, size_t offset, const char *what)
{
	return hr_json_fail(in, HR_ELIMIT, offset,
	                    "%s of more than %zu bytes (the limit for one "
	                    "value)", what, HR_JSON_VALUE_MAX);
}

int hr_json_value(hr_json_input *in, json_t **out, size_t *offset)
{
	*out = NULL;
	if (hr_json_peek(in) < 0)
		return syntax_error(in, in->pos, "a value");
	size_t start = in->pos;
	size_t end = span_end(in, start, HR_JSON_VALUE_MAX);
	json_error_t err;
	if (end - start > HR_JSON_VALUE_MAX) {
		/* Too big to decode, or broken so that its end was not
		 * found: a syntax error in the first bytes is the better
		 * report. */
		json_t *v = decode(in, start, start + HR_JSON_VALUE_MAX, &err);
		json_decref(v);
		if (!v &&
		    json_error_code(&err) != json_error_premature_end_of_input)
			return jansson_error(in, start, &err);
		return too_big(in, start, "a value");
	}
	json_t *v = decode(in, start, end, &err);
	if (!v)
		return jansson_error(in, start, &err);
	in->pos = end;
	*out = v;
	if (offset)
		*offset = start;
	return HR_OK;
}

bool hr_json_skip(hr_json_input *in)
{
	if (hr_json_peek(in) < 0)
		return false;
	in->pos = span_end(in, in->pos, SIZE_MAX);
	return true;
}

/* ---- trees of nodes ---------------------------------------------------- */

static size_t tree_node(hr_json_tree *t, json_type type)
{
	t->nodes = hr_xgrow(t->nodes, &t->cap, t->count + 1, sizeof(*t->nodes));
	hr_json_node *n = &t->nodes[t->count];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->end = t->count + 1;
	return t->count++;
}

static size_t tree_text(hr_json_tree *t, const char *s, size_t len)
{
	t->text = hr_xgrow(t->text, &t->text_cap, t->text_len + len + 1, 1);
	memcpy(t->text + t->text_len, s, len);
	t->text[t->text_len + len] = '\0';
	size_t o = t->text_len;
	t->text_len += len + 1;
	return o;
}

/* The value of jansson's tree v, as nodes. */
static void from_jansson(hr_json_tree *t, json_t *v, const char *key)
{
	size_t me = tree_node(t, json_typeof(v));
	if (key) {
		size_t len = strlen(key); /* no NUL: not JSON_ALLOW_NUL */
		t->nodes[me].key = tree_text(t, key, len);
		t->nodes[me].key_len = len;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		const char *k;
		json_t *item;
		json_object_foreach(v, k, item)
			from_jansson(t, item, k);
		break;
	}
	case JSON_ARRAY: {
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item)
			from_jansson(t, item, NULL);
		break;
	}
	case JSON_STRING: {
		size_t len = json_string_length(v);
		size_t off = tree_text(t, json_string_value(v), len);
		t->nodes[me].str = off;
		t->nodes[me].len = len;
		break;
	}
	case JSON_INTEGER:
		t->nodes[me].integer = json_integer_value(v);
		break;
	case JSON_REAL:
		t->nodes[me].real = json_real_value(v);
		break;
	default:
		break;
	}
	t->nodes[me].end = t->count;
}

int hr_json_read(hr_json_input *in, hr_json_tree *tree, size_t *offset)
{
	tree->count = 0;
	tree->text_len = 0;
	if (hr_json_peek(in) < 0)
		return syntax_error(in, in->pos, "a value");
	/* A string is decoded as a key is (decode_string(): plain printable
	 * ASCII is its own value, anything else goes through jansson): most
	 * values walked one by one are names, and a jansson call for each
	 * cost more than the rest of the reading.  One that does not decode
	 * is decoded again below, for jansson's message. */
	size_t q = in->pos;
	key_text k;
	json_error_t err;
	bool too_long;
	if (at(in, q) == '"' && decode_string(in, q, &k, &err, &too_long)) {
		size_t me = tree_node(tree, JSON_STRING);
		tree->nodes[me].str = tree_text(tree, k.text, k.len);
		tree->nodes[me].len = k.len;
		json_decref(k.owned);
		in->pos = k.end;
		if (offset)
			*offset = q;
		return HR_OK;
	}
	/* jansson decodes every other value (the rule: no JSON parsing of
	 * ours); its tree is copied into reusable nodes and freed at once. */
	json_t *v;
	scratch_begin(tree);
	int rc = hr_json_value(in, &v, offset);
	if (rc == HR_OK) {
		from_jansson(tree, v, NULL);
		json_decref(v);
	}
	scratch_end();
	return rc;
}

void hr_json_tree_trim(hr_json_tree *tree)
{
	if (tree->cap > 4096) {
		free(tree->nodes);
		tree->nodes = NULL;
		tree->cap = 0;
	}
	if (tree->text_cap > 65536) {
		free(tree->text);
		tree->text = NULL;
		tree->text_cap = 0;
	}
	tree->count = tree->text_len = 0;
}

void hr_json_tree_dispose(hr_json_tree *tree)
{
	free(tree->nodes);
	free(tree->text);
	free(tree->scratch);
	memset(tree, 0, sizeof(*tree));
}

const hr_json_node *hr_json_get(const hr_json_tree *tree,
                                const hr_json_node *obj, const char *key)
{
	if (obj->type != JSON_OBJECT)
		return NULL;
	size_t len = strlen(key);
	for (size_t i = (size_t)(obj - tree->nodes) + 1; i < obj->end;
	     i = tree->nodes[i].end) {
		const hr_json_node *n = &tree->nodes[i];
		if (n->key_len == len &&
		    memcmp(tree->text + n->key, key, len) == 0)
			return n;
	}
	return NULL;
}

static const char *type_word(json_type type)
{
	switch (type) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "a value";
}

const char *hr_json_node_type_name(const hr_json_node *n)
{
	return type_word(n->type);
}

const char *hr_json_type_name(const json_t *v)
{
	return type_word(json_typeof(v));
}

/* The value at the cursor is not what was wanted: decode it (a syntax
 * error is reported as such), then name its type. */
static int wrong_type(hr_json_input *in, const char *what, const char *want)
{
	json_t *v;
	size_t offset;
	int rc = hr_json_value(in, &v, &offset);
	if (rc)
		return rc;
	rc = hr_json_fail(in, HR_EINVALID, offset, "%s must be %s, not %s",
	                  what, want, hr_json_type_name(v));
	json_decref(v);
	return rc;
}

/* ---- walked objects and arrays --------------------------------------- */

bool hr_json_key_is(const hr_json_key *key, const char *s)
{
	size_t n = strlen(s);
	return key->len == n && memcmp(key->text, s, n) == 0;
}

int hr_json_object_open(hr_json_input *in, hr_json_object *obj,
                        const char *what)
{
	hr_arena_free(&obj->keys);
	/* A map grown by one big object is not cleared for every small one
	 * after it (clearing costs its capacity). */
	if (obj->seen.capacity > 64)
		hr_strmap_dispose(&obj->seen);
	else
		hr_strmap_clear(&obj->seen);
	obj->in = in;
	obj->members = 0;
	obj->ended = false;
	if (hr_json_peek(in) != '{')
		return wrong_type(in, what, "an object");
	obj->offset = in->pos++;
	hr_json_position(in, obj->offset, &obj->line, &obj->column);
	return HR_OK;
}

int hr_json_object_next(hr_json_object *obj, hr_json_key *key)
{
	hr_json_input *in = obj->in;
	if (obj->ended)
		return 0;
	int c = hr_json_peek(in);
	if (c == '}') {
		in->pos++;
		obj->ended = true;
		return 0;
	}
	if (obj->members > 0) {
		if (c != ',')
			return syntax_error(in, in->pos, "',' or '}'");
		in->pos++;
		if (hr_json_peek(in) != '"')
			return syntax_error(in, in->pos, "a string (a key)");
	} else if (c != '"') {
		return syntax_error(in, in->pos, "a string (a key) or '}'");
	}

	size_t q = in->pos;
	key_text k;
	json_error_t err;
	bool too_long;
	if (!decode_string(in, q, &k, &err, &too_long))
		return too_long ? too_big(in, q, "a key")
		                : jansson_error(in, q, &err);
	/* A copy: the window may move before the object ends. */
	char *text = hr_arena_strndup(&obj->keys, k.text, k.len);
	json_decref(k.owned);
	in->pos = k.end;
	if (hr_json_peek(in) != ':')
		return syntax_error(in, in->pos, "':'");
	in->pos++;
	if (++obj->members > HR_JSON_MEMBERS_MAX)
		return hr_json_fail(in, HR_ELIMIT, q,
		                    "more than %u keys in one object",
		                    HR_JSON_MEMBERS_MAX);
	bool comment = k.len == 2 && memcmp(text, "//", 2) == 0;
	if (!comment) {
		if (hr_strmap_get(&obj->seen, text, k.len))
			return duplicate_key(in, q, text, k.len);
		hr_strmap_put(&obj->seen, text, k.len, obj);
	}
	hr_json_peek(in);
	key->text = text;
	key->len = k.len;
	key->offset = q;
	return 1;
}

void hr_json_object_dispose(hr_json_object *obj)
{
	hr_arena_free(&obj->keys);
	hr_strmap_dispose(&obj->seen);
}

int hr_json_array_open(hr_json_input *in, hr_json_array *arr, const char *what)
{
	arr->in = in;
	arr->count = 0;
	arr->ended = false;
	if (hr_json_peek(in) != '[')
		return wrong_type(in, what, "an array");
	arr->offset = in->pos++;
	return HR_OK;
}

int hr_json_array_next(hr_json_array *arr)
{
	hr_json_input *in = arr->in;
	if (arr->ended)
		return 0;
	int c = hr_json_peek(in);
	if (c == ']') {
		in->pos++;
		arr->ended = true;
		return 0;
	}
	if (arr->count > 0) {
		if (c != ',')
			return syntax_error(in, in->pos, "',' or ']'");
		in->pos++;
		c = hr_json_peek(in);
		if (c == ']' || c < 0)
			return syntax_error(in, in->pos, "a value");
	}
	arr->count++;
	return 1;
}

/* ---- positions inside decoded values ---------------------------------- */

bool hr_json_locate(hr_json_input *in, size_t offset, const char *path,
                    size_t *found)
{
	if (offset < in->base)
		return false;
	size_t i = offset;
	const char *part = path;
	for (;;) {
		size_t part_len = strcspn(part, ".");
		i = skip_space(in, i);
		if (!have(in, i) || at(in, i) != '{')
			return false;
		i++;
		for (;;) {
			i = skip_space(in, i);
			if (have(in, i) && at(in, i) == ',')
				i = skip_space(in, i + 1);
			if (!have(in, i) || at(in, i) != '"')
				return false;
			key_text k;
			json_error_t err;
			bool too_long;
			if (!decode_string(in, i, &k, &err, &too_long))
				return false;
			bool match = k.len == part_len &&
			             memcmp(k.text, part, part_len) == 0;
			json_decref(k.owned);
			i = skip_space(in, k.end);
			if (!have(in, i) || at(in, i) != ':')
				return false;
			i = skip_space(in, i + 1);
			if (match)
				break;
			i = hr_json_value_end(in, i);
		}
		if (part[part_len] == '\0') {
			*found = i;
			return true;
		}
		part += part_len + 1;
	}
}
