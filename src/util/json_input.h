/*
 * Reading JSON: the project's one wrapper over jansson's decoder.
 *
 * Why not a single json_loadb() of the whole input: jansson keeps no
 * position for a decoded value, so a wrong type deep in a file could not be
 * reported at its line; and its tree costs ten to twenty times the text
 * (a 10 MB recommendations file would need more than 100 MB).
 *
 * What this does instead (the decision, recorded):
 *
 *  - A cursor walks the outer levels a reader chooses (for recommendations:
 *    the top-level object, the workloads array, each workload object and
 *    its containers array).  Walking means stepping over whitespace and
 *    the punctuation { } [ ] : , and nothing else.  Every key and every
 *    value is decoded by jansson: hr_json_value() hands jansson the exact
 *    byte span of one value and gets a small tree back, which the caller
 *    converts and frees at once.  jansson validates every byte: strings,
 *    escapes, UTF-8, numbers, nesting depth (JSON_PARSER_MAX_DEPTH, 2048).
 *
 *  - A value's span is found by a string-aware bracket count that does not
 *    validate anything.  On valid JSON it is exact.  On invalid JSON it may
 *    be wrong, but jansson then fails inside the span at the first bad
 *    byte, which is where a whole-input parse would have failed too.
 *
 *  - Positions are exact.  The cursor knows the offset of every value it
 *    hands out; hr_json_locate() finds a value nested inside one of them by
 *    re-walking its (already validated) text along a key path, so that an
 *    error such as "cpu.p95 must be a number" points at the number.
 *    Lines count '\n' from 1; columns count characters (UTF-8 sequences)
 *    from 1, as jansson does.  jansson's own errors inside a span keep its
 *    message and its position, moved to the right place in the input.
 *
 *  - jansson flags: JSON_REJECT_DUPLICATES, so a key given twice in one
 *    object is an error, and JSON_DECODE_ANY, as a span may hold a scalar.
 *    Not JSON_DISABLE_EOF_CHECK: a span must be exactly one value, and after
 *    the top-level value only whitespace may follow (hr_json_finish()).
 *    Not JSON_ALLOW_NUL: "\u0000" is an error, so every string decoded is
 *    a C string.  Objects the cursor walks apply the same duplicate rule,
 *    with one exception: the comment key "//" may repeat there (the
 *    example in design.md repeats it in a workload).  Inside a decoded
 *    value jansson's rule applies without exception.
 *
 *  - Limits, so that hostile input is bounded: the input is at most
 *    HR_JSON_INPUT_MAX bytes; one decoded value at most HR_JSON_VALUE_MAX
 *    bytes of text (which bounds any jansson tree); an object the cursor
 *    walks at most HR_JSON_MEMBERS_MAX keys.  Over a limit: HR_ELIMIT.
 *
 *  - A leading UTF-8 byte order mark is skipped (and not counted in
 *    columns); a UTF-16 one is refused with a hint to convert.  jansson's out-of-memory error aborts, as every allocation
 *    of the project does (see alloc.h).
 *
 * Every failure is recorded with hr_fail_at() at the input's name, line and
 * column, and returned (HR_EINVALID or HR_ELIMIT).
 */
#ifndef HR_JSON_INPUT_H
#define HR_JSON_INPUT_H

#include "util/error_internal.h"
#include "util/strmap.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define HR_JSON_INPUT_MAX ((size_t)64 << 20)
#define HR_JSON_VALUE_MAX ((size_t)1 << 20)
#define HR_JSON_MEMBERS_MAX 10000u

/** A cursor over JSON text held by the caller (which must outlive it). */
typedef struct hr_json_input {
	const char *name; /* for messages; borrowed */
	const char *data;
	size_t len;
	size_t start;     /* after a byte order mark */
	size_t pos;       /* the next byte to read */
	/* Position cache: positions are asked for in mostly increasing
	 * order, so counting resumes from the last answer. */
	size_t mark;
	unsigned mark_line, mark_column;
} hr_json_input;

/**
 * Start reading data (not copied; need not be NUL-terminated).
 * @return HR_OK, or HR_ELIMIT when len is over HR_JSON_INPUT_MAX
 */
int hr_json_input_init(hr_json_input *in, const char *name, const char *data,
                       size_t len);

/** Line and column of the character starting at byte offset (offset ==
 *  len: just after the last character). */
void hr_json_position(hr_json_input *in, size_t offset, unsigned *line,
                      unsigned *column);

/** hr_fail_at() at the character starting at offset; returns code. */
int hr_json_fail(hr_json_input *in, int code, size_t offset, const char *fmt,
                 ...) HR_PRINTF(4, 5);

/** Skip whitespace; the next byte (0..255), or -1 at the end. */
int hr_json_peek(hr_json_input *in);

/** After the top-level value: anything but whitespace is an error. */
int hr_json_finish(hr_json_input *in);

/**
 * Decode the value at the cursor with jansson and move past it.
 * @param out     receives a new reference (json_decref() it)
 * @param offset  receives the offset of the value's first byte; may be NULL
 */
int hr_json_value(hr_json_input *in, json_t **out, size_t *offset);

/**
 * Move past the value at the cursor WITHOUT validating it (a bracket
 * count).  Only for a quick look ahead whose findings are re-read with
 * hr_json_value(); false when the value does not end.
 */
bool hr_json_skip(hr_json_input *in);

/** A key of a walked object; text is not NUL-terminated and lives until
 *  the next call on its object. */
typedef struct hr_json_key {
	const char *text;
	size_t len;
	size_t offset; /* of its opening quote */
} hr_json_key;

/** True when key is exactly s. */
bool hr_json_key_is(const hr_json_key *key, const char *s);

/** An object the cursor walks; zero it (HR_JSON_OBJECT_INIT) once, reuse
 *  it for many objects, hr_json_object_dispose() it at the end. */
typedef struct hr_json_object {
	hr_json_input *in;
	size_t offset;   /* of '{' */
	size_t members;
	bool ended;
	hr_strmap seen;  /* keys so far, for duplicates */
	json_t **owned;  /* decoded keys that held escapes, kept alive */
	size_t owned_count, owned_cap;
} hr_json_object;

#define HR_JSON_OBJECT_INIT {NULL, 0, 0, false, HR_STRMAP_INIT, NULL, 0, 0}

/**
 * Open the object at the cursor.  Anything else is decoded (so a syntax
 * error is reported as such) and then refused as "WHAT must be an object,
 * not a string"; what is a description such as "workloads[3]".
 */
int hr_json_object_open(hr_json_input *in, hr_json_object *obj,
                        const char *what);

/**
 * The next key: 1 with the cursor at its value (which the caller must
 * consume with hr_json_value(), hr_json_skip() or a nested walk), 0 after
 * the closing '}', or a negative error.
 */
int hr_json_object_next(hr_json_object *obj, hr_json_key *key);

void hr_json_object_dispose(hr_json_object *obj);

/** An array the cursor walks. */
typedef struct hr_json_array {
	hr_json_input *in;
	size_t offset; /* of '[' */
	size_t count;  /* items so far */
	bool ended;
} hr_json_array;

/** Open the array at the cursor (see hr_json_object_open()). */
int hr_json_array_open(hr_json_input *in, hr_json_array *arr,
                       const char *what);

/** 1 with the cursor at the next item, 0 after the closing ']', or a
 *  negative error. */
int hr_json_array_next(hr_json_array *arr);

/**
 * Find a value nested in the validated object that starts at offset:
 * path is a dot-separated list of keys ("cpu.p95", no dots inside keys).
 * @return true with *found at the value's first byte; false when some key
 *         is absent or the text there is not an object
 */
bool hr_json_locate(const hr_json_input *in, size_t offset, const char *path,
                    size_t *found);

/** The offset just after the value starting at offset (unvalidated). */
size_t hr_json_value_end(const hr_json_input *in, size_t offset);

/** "an object", "an array", "a string", "a number", "a boolean", "null". */
const char *hr_json_type_name(const json_t *v);

/**
 * s, of len bytes, quoted for a message: double quotes around it,
 * control characters, quotes and backslashes escaped, at most about 60
 * bytes shown ("..." after).  buf should hold HR_JSON_QUOTE_MAX bytes.
 */
#define HR_JSON_QUOTE_MAX 256
const char *hr_json_quote(char *buf, size_t size, const char *s, size_t len);

#endif
