/*
 * A streaming JSON writer for the report: the report is large (a line
 * per workload and per finding) and building a jansson tree per element
 * cost more than parsing the manifests.  Structure and numbers are written
 * here, in the exact form jansson's compact encoder gives (reals as "%.15g"
 * with ".0" added to whole numbers); every string that is not plain
 * printable ASCII is encoded by jansson itself, so escaping and UTF-8
 * checks stay jansson's.
 */
#ifndef HR_JSON_WRITER_H
#define HR_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define HR_JSON_DEPTH_MAX 16

/** Growing memory the writer appends to instead of a stream; the owner
 *  frees data. */
typedef struct hr_jw_memory {
	char *data;
	size_t len, cap;
} hr_jw_memory;

typedef struct hr_json_writer {
	FILE *out;
	hr_jw_memory *memory; /* instead of out, when not NULL */
	bool failed;
	unsigned depth;
	bool first[HR_JSON_DEPTH_MAX]; /* no member written yet at this depth */
	bool after_key;                /* a value completes a member */
	size_t len;
	char buf[1 << 16];
} hr_json_writer;

void hr_jw_init(hr_json_writer *w, FILE *out);
/** A writer that appends to memory (borrowed; kept as it is, so one can
 *  collect several writers' output in turn). */
void hr_jw_init_memory(hr_json_writer *w, hr_jw_memory *memory);
/** Flush; false when a write failed at any point. */
bool hr_jw_finish(hr_json_writer *w);

/** Bytes written as they are (layout between elements, or JSON another
 *  writer encoded). */
void hr_jw_raw(hr_json_writer *w, const char *text);
void hr_jw_raw_bytes(hr_json_writer *w, const char *bytes, size_t len);

void hr_jw_begin_object(hr_json_writer *w);
void hr_jw_end_object(hr_json_writer *w);
void hr_jw_begin_array(hr_json_writer *w);
void hr_jw_end_array(hr_json_writer *w);

/** A member name inside an object; name is headroom's own (trusted)
 *  unless it is passed through hr_jw_key_string(). */
void hr_jw_key(hr_json_writer *w, const char *name);
void hr_jw_key_string(hr_json_writer *w, const char *name);

/** Values; a NULL string is null. */
void hr_jw_string(hr_json_writer *w, const char *s);
void hr_jw_int(hr_json_writer *w, int64_t v);
void hr_jw_real(hr_json_writer *w, double v);
void hr_jw_bool(hr_json_writer *w, bool v);
void hr_jw_null(hr_json_writer *w);

#endif
