#include "util/json_input.h"

#include "util/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DECODE_FLAGS (JSON_REJECT_DUPLICATES | JSON_DECODE_ANY)

/* ---- bytes and positions -------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_space(const hr_json_input *in, size_t i)
{
	while (i < in->len && is_space(in->data[i]))
		i++;
	return i;
}

/* Characters, not bytes: UTF-8 continuation bytes do not count. */
static unsigned count_chars(const char *s, size_t n)
{
	unsigned count = 0;
	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}

int hr_json_input_init(hr_json_input *in, const char *name, const char *data,
                       size_t len)
{
	memset(in, 0, sizeof(*in));
	in->name = name;
	in->data = data;
	in->len = len;
	if (len > HR_JSON_INPUT_MAX)
		return hr_fail_at(HR_ELIMIT, name, 0, 0,
		                  "input is larger than the limit of %zu bytes",
		                  HR_JSON_INPUT_MAX);
	in->mark_line = 1;
	if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 ||
	                 memcmp(data, "\xFE\xFF", 2) == 0))
		return hr_fail_at(HR_EINVALID, name, 1, 1,
		                  "UTF-16 input is not supported; convert the file "
		                  "to UTF-8 (iconv -f UTF-16 -t UTF-8)");
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		in->start = 3;
	in->pos = in->mark = in->start;
	return HR_OK;
}

void hr_json_position(hr_json_input *in, size_t offset, unsigned *line,
                      unsigned *column)
{
	if (offset > in->len)
		offset = in->len;
	if (offset < in->start)
		offset = in->start;
	if (offset < in->mark) {
		in->mark = in->start;
		in->mark_line = 1;
		in->mark_column = 0;
	}
	const char *d = in->data;
	size_t i = in->mark;
	while (i < offset) {
		const char *nl = memchr(d + i, '\n', offset - i);
		if (!nl) {
			in->mark_column += count_chars(d + i, offset - i);
			break;
		}
		in->mark_line++;
		in->mark_column = 0;
		i = (size_t)(nl - d) + 1;
	}
	in->mark = offset;
	*line = in->mark_line;
	*column = in->mark_column + 1;
}

HR_PRINTF(4, 0)
static int vfail(hr_json_input *in, int code, size_t offset, const char *fmt,
                 va_list ap)
{
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
	/* Never end inside a UTF-8 sequence. */
	if (i < len) {
		while (i > 0 && i < len && ((unsigned char)s[i] & 0xC0) == 0x80) {
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

/* "near 'x'" for an error at offset. */
static const char *near(const hr_json_input *in, size_t offset, char *buf,
                        size_t size)
{
	if (offset >= in->len) {
		snprintf(buf, size, "end of input");
		return buf;
	}
	/* One punctuation character, else a token of at most 12 bytes. */
	char token[48];
	size_t n = 1;
	char first = in->data[offset];
	bool punct = first == ',' || first == ':' || first == '{' ||
	             first == '}' || first == '[' || first == ']';
	while (!punct && n < 12 && offset + n < in->len) {
		char c = in->data[offset + n];
		if (is_space(c) || c == ',' || c == ':' || c == '{' || c == '}' ||
		    c == '[' || c == ']')
			break;
		n++;
		if (c == '"' && first == '"')
			break;
	}
	sanitize(token, sizeof(token), in->data + offset, n);
	snprintf(buf, size, "'%s'", token);
	return buf;
}

static int syntax_error(hr_json_input *in, size_t offset, const char *what)
{
	char where[64];
	return hr_json_fail(in, HR_EINVALID, offset,
	                    "invalid JSON: %s expected near %s", what,
	                    near(in, offset, where, sizeof(where)));
}

/* ---- spans ------------------------------------------------------------ */

/* After the string whose opening quote is at q, or len when it does not
 * end.  In JSON text a quote inside a string is always escaped, and it is
 * escaped exactly when an odd number of backslashes precede it. */
static size_t string_end(const char *d, size_t len, size_t q)
{
	size_t i = q + 1;
	while (i < len) {
		const char *hit = memchr(d + i, '"', len - i);
		if (!hit)
			return len;
		size_t k = (size_t)(hit - d);
		size_t slashes = 0;
		while (k - slashes > q + 1 && d[k - slashes - 1] == '\\')
			slashes++;
		if (slashes % 2 == 0)
			return k + 1;
		i = k + 1;
	}
	return len;
}

static bool ends_scalar(char c)
{
	return is_space(c) || c == ',' || c == ':' || c == '"' || c == '{' ||
	       c == '}' || c == '[' || c == ']';
}

size_t hr_json_value_end(const hr_json_input *in, size_t offset)
{
	const char *d = in->data;
	size_t len = in->len, i = offset;
	if (i >= len)
		return len;
	char c = d[i];
	if (c == '"')
		return string_end(d, len, i);
	if (c == '{' || c == '[') {
		size_t depth = 0;
		while (i < len) {
			c = d[i];
			if (c == '"') {
				i = string_end(d, len, i);
				continue;
			}
			if (c == '{' || c == '[') {
				depth++;
			} else if (c == '}' || c == ']') {
				if (--depth == 0)
					return i + 1;
			}
			i++;
		}
		return len;
	}
	while (i < len && !ends_scalar(d[i]))
		i++;
	/* A stray delimiter is a one-byte span that jansson refuses. */
	return i == offset ? offset + 1 : i;
}

/* ---- jansson ---------------------------------------------------------- */

typedef struct key_text {
	const char *text;
	size_t len;
	size_t end;     /* after the closing quote */
	json_t *owned;  /* the decoded string, when it had escapes */
} key_text;

/* Decode the string starting at q.  Plain printable ASCII is used in
 * place; anything else goes through jansson.  On failure *err is set. */
static bool decode_string(const hr_json_input *in, size_t q, key_text *k,
                          json_error_t *err)
{
	const char *d = in->data;
	size_t end = string_end(d, in->len, q);
	k->owned = NULL;
	k->end = end;
	if (end >= q + 2 && d[end - 1] == '"') {
		bool plain = true;
		for (size_t i = q + 1; i + 1 < end && plain; i++) {
			unsigned char c = (unsigned char)d[i];
			plain = c >= 0x20 && c < 0x7F && c != '\\';
		}
		if (plain) {
			k->text = d + q + 1;
			k->len = end - q - 2;
			return true;
		}
	}
	json_t *v = json_loadb(d + q, end - q, DECODE_FLAGS, err);
	if (!v) {
		if (json_error_code(err) == json_error_out_of_memory)
			abort();
		return false;
	}
	if (!json_is_string(v)) {
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

/* jansson's failure on the span [start, ...) as an error of the input. */
static int jansson_error(hr_json_input *in, size_t start,
                         const json_error_t *err)
{
	enum json_error_code code = json_error_code(err);
	if (code == json_error_out_of_memory)
		abort();
	size_t p = start + (err->position > 0 ? (size_t)err->position : 0);
	if (p > in->len)
		p = in->len;
	if (code == json_error_duplicate_key && p > start &&
	    in->data[p - 1] == '"') {
		/* jansson stops just after the repeated key: find where that
		 * key's string opens (an unescaped quote), to name it. */
		size_t q = p - 1;
		while (q > start) {
			q--;
			if (in->data[q] != '"')
				continue;
			size_t slashes = 0;
			while (q - slashes > start && in->data[q - slashes - 1] == '\\')
				slashes++;
			if (slashes % 2 == 0)
				break;
		}
		key_text k;
		json_error_t ignored;
		if (in->data[q] == '"' && decode_string(in, q, &k, &ignored) &&
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
	size_t at = p > start && code != json_error_invalid_utf8 ? p - 1 : p;
	return hr_json_fail(in, HR_EINVALID, at, "invalid JSON: %s", text);
}

int hr_json_peek(hr_json_input *in)
{
	in->pos = skip_space(in, in->pos);
	return in->pos < in->len ? (unsigned char)in->data[in->pos] : -1;
}

int hr_json_finish(hr_json_input *in)
{
	if (hr_json_peek(in) < 0)
		return HR_OK;
	char where[64];
	return hr_json_fail(in, HR_EINVALID, in->pos,
	                    "invalid JSON: unexpected data after the top-level "
	                    "value near %s",
	                    near(in, in->pos, where, sizeof(where)));
}

int hr_json_value(hr_json_input *in, json_t **out, size_t *offset)
{
	*out = NULL;
	if (hr_json_peek(in) < 0)
		return syntax_error(in, in->len, "a value");
	size_t start = in->pos;
	size_t end = hr_json_value_end(in, start);
	size_t span = end - start;
	json_error_t err;
	if (span > HR_JSON_VALUE_MAX) {
		/* Too big to decode, or broken so that its end was not found:
		 * a syntax error within the first bytes is the better report. */
		json_t *v = json_loadb(in->data + start, HR_JSON_VALUE_MAX,
		                       DECODE_FLAGS, &err);
		json_decref(v);
		if (!v && json_error_code(&err) != json_error_premature_end_of_input)
			return jansson_error(in, start, &err);
		return hr_json_fail(in, HR_ELIMIT, start,
		                    "a value of more than %zu bytes (the limit for "
		                    "one value)", HR_JSON_VALUE_MAX);
	}
	json_t *v = json_loadb(in->data + start, span, DECODE_FLAGS, &err);
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
	in->pos = hr_json_value_end(in, in->pos);
	return true;
}

const char *hr_json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
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

/* The value at the cursor is not what was wanted: decode it (a syntax
 * error is reported as such), then name its type. */
static int wrong_type(hr_json_input *in, const char *what, const char *want)
{
	json_t *v;
	size_t offset;
	int rc = hr_json_value(in, &v, &offset);
	if (rc)
		return rc;
	rc = hr_json_fail(in, HR_EINVALID, offset, "%s must be %s, not %s", what,
	                  want, hr_json_type_name(v));
	json_decref(v);
	return rc;
}

/* ---- walked objects and arrays --------------------------------------- */

bool hr_json_key_is(const hr_json_key *key, const char *s)
{
	size_t n = strlen(s);
	return key->len == n && memcmp(key->text, s, n) == 0;
}

static void release_keys(hr_json_object *obj)
{
	for (size_t i = 0; i < obj->owned_count; i++)
		json_decref(obj->owned[i]);
	obj->owned_count = 0;
}

int hr_json_object_open(hr_json_input *in, hr_json_object *obj,
                        const char *what)
{
	release_keys(obj);
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
	if (!decode_string(in, q, &k, &err))
		return jansson_error(in, q, &err);
	in->pos = k.end;
	if (k.owned) {
		obj->owned = hr_xgrow(obj->owned, &obj->owned_cap,
		                      obj->owned_count + 1, sizeof(*obj->owned));
		obj->owned[obj->owned_count++] = k.owned;
	}
	if (hr_json_peek(in) != ':')
		return syntax_error(in, in->pos, "':'");
	in->pos++;
	if (++obj->members > HR_JSON_MEMBERS_MAX)
		return hr_json_fail(in, HR_ELIMIT, q,
		                    "more than %u keys in one object",
		                    HR_JSON_MEMBERS_MAX);
	bool comment = k.len == 2 && memcmp(k.text, "//", 2) == 0;
	if (!comment) {
		if (hr_strmap_get(&obj->seen, k.text, k.len))
			return duplicate_key(in, q, k.text, k.len);
		hr_strmap_put(&obj->seen, k.text, k.len, obj);
	}
	hr_json_peek(in);
	key->text = k.text;
	key->len = k.len;
	key->offset = q;
	return 1;
}

void hr_json_object_dispose(hr_json_object *obj)
{
	release_keys(obj);
	free(obj->owned);
	obj->owned = NULL;
	obj->owned_cap = 0;
	hr_strmap_dispose(&obj->seen);
}

int hr_json_array_open(hr_json_input *in, hr_json_array *arr,
                       const char *what)
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

bool hr_json_locate(const hr_json_input *in, size_t offset, const char *path,
                    size_t *found)
{
	const char *d = in->data;
	size_t i = offset;
	const char *part = path;
	for (;;) {
		size_t part_len = strcspn(part, ".");
		i = skip_space(in, i);
		if (i >= in->len || d[i] != '{')
			return false;
		i++;
		for (;;) {
			i = skip_space(in, i);
			if (i < in->len && d[i] == ',')
				i = skip_space(in, i + 1);
			if (i >= in->len || d[i] != '"')
				return false;
			key_text k;
			json_error_t err;
			if (!decode_string(in, i, &k, &err))
				return false;
			bool match = k.len == part_len &&
			             memcmp(k.text, part, part_len) == 0;
			json_decref(k.owned);
			i = skip_space(in, k.end);
			if (i >= in->len || d[i] != ':')
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
