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
 *    value is decoded as jansson decodes it: hr_json_value() hands jansson
 *    the exact byte span of one value and gets a small tree back, which
 *    the caller converts and frees at once.  jansson validates every byte:
 *    strings, escapes, UTF-8, numbers, nesting depth
 *    (JSON_PARSER_MAX_DEPTH, 2048).  hr_json_read() copies jansson's
 *    small tree into a reusable node buffer and frees it at once, so a
 *    reader keeps no jansson objects alive.
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
 *  - Input comes from a buffer held by the caller, or from a stream read
 *    in chunks into a window: the window keeps what the walk still needs
 *    (the value being decoded, at most HR_JSON_VALUE_MAX bytes, plus a
 *    chunk), and hr_json_release() drops what is behind the cursor, so a
 *    big file is not held whole.  Offsets are always offsets into the
 *    whole input.  Text before the window is gone: positions are counted
 *    forwards as the window moves, and objects remember the line and
 *    column where they opened.  Nothing is dropped before the first call
 *    of hr_json_release(), so a first look ahead (hr_json_skip()) can be
 *    followed by hr_json_rewind() and a full walk; the text such a look
 *    passes over stays in the window until then.
 *
 *  - A leading UTF-8 byte order mark is skipped (and not counted in
 *    columns); a UTF-16 one is refused with a hint to convert.  jansson's
 *    out-of-memory error aborts, as every allocation of the project does
 *    (see alloc.h).
 *
 * Every failure is recorded with hr_fail_at() at the input's name, line and
 * column, and returned: HR_EINVALID, HR_ELIMIT, or HR_EIO for a stream
 * that cannot be read (the size limit and read errors have no line).
 */
#ifndef HR_JSON_INPUT_H
#define HR_JSON_INPUT_H

#include "util/arena.h"
#include "util/error_internal.h"
#include "util/strmap.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define HR_JSON_INPUT_MAX ((size_t)64 << 20)
#define HR_JSON_VALUE_MAX ((size_t)1 << 20)
#define HR_JSON_MEMBERS_MAX 10000u
#define HR_JSON_CHUNK ((size_t)64 << 10)

/** A cursor over JSON text. */
typedef struct hr_json_input {
	const char *name; /* for messages; borrowed */
	/* The window: bytes [base, base + filled) of the input, in buf. */
	const char *buf;
	size_t base, filled;
	char *own; /* buf when it is ours (a stream), else NULL */
	size_t cap;
	FILE *stream; /* NULL: buf is the caller's whole input */
	size_t chunk; /* bytes per read */
	bool eof;     /* nothing more to read */
	int failed;   /* a read error or the size limit, already recorded */
	size_t window_max; /* the most bytes held at once (tests, benchmarks) */
	size_t start;      /* after a byte order mark */
	size_t pos;        /* the next byte to read */
	/* Position cache: positions are counted forwards from here. */
	size_t mark;
	unsigned mark_line, mark_column;
} hr_json_input;

/**
 * Read data, held by the caller (who keeps it alive; not copied, need not
 * be NUL-terminated).
 * @return HR_OK; HR_ELIMIT when len is over HR_JSON_INPUT_MAX; HR_EINVALID
 *         for UTF-16 text
 */
int hr_json_input_init(hr_json_input *in, const char *name, const char *data,
                       size_t len);

/**
 * Read a stream, chunk bytes at a time (0: HR_JSON_CHUNK).  The stream is
 * borrowed.  More than HR_JSON_INPUT_MAX bytes is HR_ELIMIT, a read error
 * HR_EIO, reported by the call that meets it.
 */
int hr_json_input_open(hr_json_input *in, const char *name, FILE *stream,
                       size_t chunk);

/** Free the window of a stream (nothing for a buffer). */
void hr_json_input_dispose(hr_json_input *in);

/**
 * The whole input after any byte order mark, read to its end, for a
 * reader that needs all of it (VPA objects go to the YAML loader).  Only
 * before the first hr_json_release().
 * @return the text (valid until the input is disposed) and its length, or
 *         NULL after a read error or over the size limit (recorded, and
 *         in->failed set)
 */
const char *hr_json_whole(hr_json_input *in, size_t *len);

/** Back to the first byte, which must not have been released. */
void hr_json_rewind(hr_json_input *in);

/** Let go of the text before the cursor (a stream only). */
void hr_json_release(hr_json_input *in);

/** Line and column of the character starting at byte offset (at the end
 *  of the input: just after the last character).  Offsets before the
 *  window count as its start. */
void hr_json_position(hr_json_input *in, size_t offset, unsigned *line,
                      unsigned *column);

/** hr_fail_at() at the character starting at offset; returns code (or
 *  the read error met earlier, which stays the error reported). */
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
 * hr_json_value(); false at the end of the input.
 */
bool hr_json_skip(hr_json_input *in);

/** n bytes at offset, or NULL when the input ends before. */
const char *hr_json_bytes(hr_json_input *in, size_t offset, size_t n);

/** True when needle occurs in bytes [from, to) (to: SIZE_MAX for the end
 *  of the input, which is then read whole). */
bool hr_json_contains(hr_json_input *in, size_t from, size_t to,
                      const char *needle);

/** A key of a walked object; text is a copy, NUL-terminated, valid until
 *  the object is opened again or disposed. */
typedef struct hr_json_key {
	const char *text;
	size_t len;
	size_t offset; /* of its opening quote */
} hr_json_key;

/** True when key is exactly s. */
bool hr_json_key_is(const hr_json_key *key, const char *s);

/** An object the cursor walks; start from HR_JSON_OBJECT_INIT, reuse it
 *  for many objects, hr_json_object_dispose() it at the end. */
typedef struct hr_json_object {
	hr_json_input *in;
	size_t offset;         /* of '{' */
	unsigned line, column; /* of '{' (its text may be released) */
	size_t members;
	bool ended;
	hr_strmap seen; /* keys so far, for duplicates */
	hr_arena keys;  /* their text */
} hr_json_object;

#define HR_JSON_OBJECT_INIT                                                  \
	{NULL, 0, 0, 0, 0, false, HR_STRMAP_INIT, HR_ARENA_INIT}

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
int hr_json_array_open(hr_json_input *in, hr_json_array *arr, const char *what);

/** 1 with the cursor at the next item, 0 after the closing ']', or a
 *  negative error. */
int hr_json_array_next(hr_json_array *arr);

/**
 * Find a value nested in the validated object that starts at offset (and
 * is still in the window): path is a dot-separated list of keys
 * ("cpu.p95", no dots inside keys).
 * @return true with *found at the value's first byte; false when some key
 *         is absent or the text there is not an object
 */
bool hr_json_locate(hr_json_input *in, size_t offset, const char *path,
                    size_t *found);

/** The offset just after the value starting at offset (unvalidated). */
size_t hr_json_value_end(hr_json_input *in, size_t offset);

/*
 * A decoded value without jansson's tree: nodes in one reusable buffer,
 * in document order (a node's children follow it; end is the index just
 * after its subtree), strings NUL-terminated in one reusable text buffer.
 * hr_json_read() has jansson decode the value (as hr_json_value() does,
 * with the same messages and positions) and copies the result here.
 */
typedef struct hr_json_node {
	json_type type;
	size_t end;      /* index after its subtree */
	size_t key;      /* member of an object: offset of its key in text */
	size_t key_len;
	size_t str, len; /* a string: offset in text, bytes */
	json_int_t integer;
	double real;
} hr_json_node;

typedef struct hr_json_tree {
	hr_json_node *nodes; /* nodes[0] is the root */
	size_t count, cap;
	char *text;
	size_t text_len, text_cap;
	/* jansson's memory while it decodes for hr_json_read() (see
	 * json_input.c); allocated on first use. */
	char *scratch;
	size_t scratch_used;
} hr_json_tree;

#define HR_JSON_TREE_INIT {NULL, 0, 0, NULL, 0, 0, NULL, 0}

/** hr_json_value() into tree (emptied first); the root is nodes[0]. */
int hr_json_read(hr_json_input *in, hr_json_tree *tree, size_t *offset);

/** Let go of a buffer grown by one big value (keeps small ones). */
void hr_json_tree_trim(hr_json_tree *tree);

void hr_json_tree_dispose(hr_json_tree *tree);

/** The member key of object obj, or NULL (json_object_get()). */
const hr_json_node *hr_json_get(const hr_json_tree *tree,
                                const hr_json_node *obj, const char *key);

/** A string node's text (NUL-terminated) and a member's key. */
static inline const char *hr_json_str(const hr_json_tree *tree,
                                      const hr_json_node *n)
{
	return tree->text + n->str;
}

/** json_number_value(): an integer as a double, or the real. */
static inline double hr_json_number(const hr_json_node *n)
{
	return n->type == JSON_INTEGER ? (double)n->integer : n->real;
}

/** hr_json_type_name() of a node. */
const char *hr_json_node_type_name(const hr_json_node *n);

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
