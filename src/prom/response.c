/*
 * Decoding the store's answers with jansson (one json_loadb() per answer:
 * an answer is bounded by the HTTP client's max_response_bytes, and no
 * position inside it is worth reporting).  A server may lie: every type
 * is checked, values must be finite numbers written as strings (the API's
 * format), labels must be present and short.  What a row gets wrong is
 * counted and skipped; what the answer gets wrong is an error.
 */
#include "prom/prom_internal.h"

#include "util/error_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Prometheus' own words about a failed query, kept short: the server
 * chose them, the message is printed. */
#define SERVER_TEXT_MAX 200

/* A copy of s safe to print in one line: control bytes become '?'. */
static void printable(char *buf, size_t size, const char *s)
{
	size_t o = 0;
	for (; s && *s && o + 4 < size; s++)
		buf[o++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s;
	if (s && *s) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
}

static int load(const char *body, size_t len, json_t **data)
{
	json_error_t err;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		char why[SERVER_TEXT_MAX];
		printable(why, sizeof(why), err.text);
		return hr_fail(HR_EINVALID, "the answer is not JSON (%s at byte "
		               "%d)", why, err.position);
	}
	const char *status = NULL;
	json_t *st = json_object_get(root, "status");
	if (json_is_string(st))
		status = json_string_value(st);
	if (!status || (strcmp(status, "success") != 0 &&
	                strcmp(status, "error") != 0)) {
		json_decref(root);
		return hr_fail(HR_EINVALID, "the answer has no \"status\" of "
		               "success or error: not a Prometheus API answer");
	}
	if (strcmp(status, "error") == 0) {
		char type[64], why[SERVER_TEXT_MAX];
		printable(type, sizeof(type),
		          json_string_value(json_object_get(root, "errorType")));
		printable(why, sizeof(why),
		          json_string_value(json_object_get(root, "error")));
		json_decref(root);
		return hr_fail(HR_EINVALID, "the store refused the query (%s: %s)",
		               type[0] ? type : "no errorType",
		               why[0] ? why : "no error text");
	}
	*data = root;
	return HR_OK;
}

/* A label value worth keeping, copied into the arena; NULL otherwise. */
static const char *label_value(json_t *metric, const char *name,
                               hr_arena *arena)
{
	const char *v = json_string_value(json_object_get(metric, name));
	if (!v)
		return NULL;
	size_t len = strlen(v);
	if (len == 0 || len > PROM_LABEL_MAX)
		return NULL;
	return hr_arena_strndup(arena, v, len);
}

/* The API writes values as strings: "0.25", "1e+21", "NaN", "+Inf". */
static bool finite_value(json_t *pair, double *out)
{
	if (!json_is_array(pair) || json_array_size(pair) != 2 ||
	    !json_is_number(json_array_get(pair, 0)))
		return false;
	const char *s = json_string_value(json_array_get(pair, 1));
	if (!s || !*s)
		return false;
	char *end;
	double v = strtod(s, &end);
	/* Usage, counts and times are never negative: a lie, skipped. */
	if (*end || !isfinite(v) || v < 0)
		return false;
	*out = v;
	return true;
}

static int decode_rows(json_t *result, const char *const *labels,
                       hr_arena *arena, prom_rows *out)
{
	size_t i;
	json_t *item;
	json_array_foreach(result, i, item) {
		json_t *metric = json_object_get(item, "metric");
		if (!json_is_object(item) || !json_is_object(metric))
			return hr_fail(HR_EINVALID, "data.result[%zu] is not a series "
			               "(an object with metric and value)", i);
		prom_row row = {{NULL}, 0};
		if (!finite_value(json_object_get(item, "value"), &row.value)) {
			out->skipped_value++;
			continue;
		}
		bool ok = true;
		for (size_t k = 0; ok && k < PROM_LABELS_MAX && labels[k]; k++)
			ok = (row.label[k] = label_value(metric, labels[k], arena));
		if (!ok) {
			out->skipped_labels++;
			continue;
		}
		out->rows = hr_arena_grow(arena, out->rows, out->count, &out->cap,
		                          sizeof(*out->rows));
		out->rows[out->count++] = row;
	}
	return HR_OK;
}

int hr_prom_decode_vector(const char *body, size_t len,
                          const char *const *labels, hr_arena *arena,
                          prom_rows *out)
{
	json_t *root;
	int rc = load(body, len, &root);
	if (rc)
		return rc;
	json_t *data = json_object_get(root, "data");
	json_t *type = json_object_get(data, "resultType");
	json_t *result = json_object_get(data, "result");
	if (!json_is_object(data) || !json_is_string(type) ||
	    !json_is_array(result))
		rc = hr_fail(HR_EINVALID, "the answer has no data.resultType and "
		             "data.result");
	else if (strcmp(json_string_value(type), "vector") != 0) {
		char what[24];
		printable(what, sizeof(what), json_string_value(type));
		rc = hr_fail(HR_EINVALID, "the answer is a %s, not a vector", what);
	}
	else if (json_array_size(result) > PROM_ROWS_MAX)
		rc = hr_fail(HR_ELIMIT, "the answer has %zu series, more than the "
		             "limit of %u", json_array_size(result), PROM_ROWS_MAX);
	else
		rc = decode_rows(result, labels, arena, out);
	json_decref(root);
	return rc;
}

int hr_prom_decode_strings(const char *body, size_t len, hr_arena *arena,
                           const char ***out, size_t *count)
{
	json_t *root;
	int rc = load(body, len, &root);
	if (rc)
		return rc;
	json_t *data = json_object_get(root, "data");
	if (!json_is_array(data) || json_array_size(data) > PROM_ROWS_MAX) {
		json_decref(root);
		return hr_fail(HR_EINVALID, "the answer's data is not a list of "
		               "names");
	}
	const char **names = hr_arena_alloc(arena, (json_array_size(data) + 1) *
	                                                   sizeof(*names));
	size_t n = 0, i;
	json_t *item;
	json_array_foreach(data, i, item) {
		const char *s = json_string_value(item);
		if (!s) {
			json_decref(root);
			return hr_fail(HR_EINVALID, "data[%zu] is not a string", i);
		}
		names[n++] = hr_arena_strdup(arena, s);
	}
	json_decref(root);
	*out = names;
	*count = n;
	return HR_OK;
}
