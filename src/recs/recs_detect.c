/*
 * Which recommendation source a file is, decided in one place from its
 * text, never from its name: the first meaningful byte and, for a JSON
 * object, its top-level keys.
 *
 *   '{' with "schema"                      headroom JSON (the value must be
 *                                          "headroom/recommendations/v1")
 *   '{' with "scans" and "strategy"/"score" KRR JSON (krr simple -f json)
 *   '{' with kind VerticalPodAutoscaler(List), or kind List with VPA items
 *                                          VPA objects, as JSON
 *   anything else naming VerticalPodAutoscaler
 *                                          VPA objects, as YAML (one or many
 *                                          documents)
 *
 * The keys are looked at without validating their values (a bracket
 * count, see json_input.h): a file that breaks before it says what it is
 * goes to the reader its keys so far point to (headroom JSON when none),
 * which reports the syntax error where it is.
 */
#include "recs/recs_internal.h"

#include "util/error_internal.h"
#include "util/json_input.h"

#include <stdio.h>
#include <string.h>

typedef enum format_id {
	FORMAT_HEADROOM,
	FORMAT_KRR,
	FORMAT_VPA,
	FORMAT_COUNT,
} format_id;

typedef struct format_info {
	const char *name;
	const char *sign; /* how to recognise it, for the error message */
	hr_recs_reader_fn read;
} format_info;

static const format_info formats[FORMAT_COUNT] = {
	[FORMAT_HEADROOM] = {"headroom JSON",
	                     "\"schema\": \"" HR_RECS_SCHEMA "\"",
	                     hr_recs_read_headroom},
	[FORMAT_KRR] = {"KRR JSON", "\"scans\" and \"strategy\", from krr "
	                "simple -f json", hr_recs_read_krr},
	[FORMAT_VPA] = {"VerticalPodAutoscaler objects",
	                "kubectl get vpa -A -o yaml", hr_recs_read_vpa},
};

#define EXPECTED_MAX 320

/* "expected headroom JSON (...), KRR JSON (...) or ...", from the table. */
static const char *expected(char *buf, size_t size)
{
	size_t o = (size_t)snprintf(buf, size, "expected");
	for (int i = 0; i < FORMAT_COUNT && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s (%s)",
		                      i == 0 ? " " : i + 1 < FORMAT_COUNT
		                                             ? ", " : " or ",
		                      formats[i].name, formats[i].sign);
	return buf;
}

/* What the top-level keys said. */
typedef struct signs {
	bool complete; /* the whole object was looked at */
	json_t *schema;
	size_t schema_at;
	size_t top_at;
	bool scans, krr_meta, workloads;
	bool vpa_kind, list_kind, vpa_items;
} signs;

/* The text of a string value at [at, end) equals s (quotes included). */
static bool value_is(hr_json_input *in, size_t at, size_t end, const char *s)
{
	size_t n = strlen(s);
	const char *text = hr_json_bytes(in, at, n);
	return end - at == n && text && memcmp(text, s, n) == 0;
}

static void look(hr_json_input *in, signs *s)
{
	hr_json_object obj = HR_JSON_OBJECT_INIT;
	if (hr_json_object_open(in, &obj, "the top level") != HR_OK) {
		hr_json_object_dispose(&obj);
		return;
	}
	s->top_at = obj.offset;
	hr_json_key key;
	int rc;
	while ((rc = hr_json_object_next(&obj, &key)) == 1) {
		size_t at = in->pos;
		if (hr_json_key_is(&key, "schema")) {
			/* Decisive: its value is checked, the rest is the
			 * headroom reader's. */
			rc = hr_json_value(in, &s->schema, &s->schema_at) ==
			                     HR_OK ? 0 : -1;
			break;
		}
		if (!hr_json_skip(in)) {
			rc = -1;
			break;
		}
		size_t end = in->pos;
		if (hr_json_key_is(&key, "scans"))
			s->scans = true;
		else if (hr_json_key_is(&key, "strategy") ||
		         hr_json_key_is(&key, "score"))
			s->krr_meta = true;
		else if (hr_json_key_is(&key, "workloads"))
			s->workloads = true;
		else if (hr_json_key_is(&key, "kind")) {
			s->vpa_kind = value_is(in, at, end,
			                       "\"VerticalPodAutoscaler\"") ||
			              value_is(in, at, end,
			                       "\"VerticalPodAutoscalerList\"");
			s->list_kind = value_is(in, at, end, "\"List\"");
		} else if (hr_json_key_is(&key, "items")) {
			s->vpa_items = hr_json_contains(
			        in, at, end, "\"VerticalPodAutoscaler\"");
		}
	}
	s->complete = rc == 0;
	hr_json_object_dispose(&obj);
}

static int check_schema(hr_json_input *in, const signs *s)
{
	if (!json_is_string(s->schema))
		return hr_json_fail(in, HR_EINVALID, s->schema_at,
		                    "schema must be a string, not %s",
		                    hr_json_type_name(s->schema));
	const char *text = json_string_value(s->schema);
	size_t n = json_string_length(s->schema);
	if (strlen(HR_RECS_SCHEMA) == n && memcmp(text, HR_RECS_SCHEMA, n) == 0)
		return HR_OK;
	char quoted[HR_JSON_QUOTE_MAX];
	return hr_json_fail(in, HR_EINVALID, s->schema_at,
	                    "unsupported schema %s: this build reads \"%s\"",
	                    hr_json_quote(quoted, sizeof(quoted), text, n),
	                    HR_RECS_SCHEMA);
}

/* The format of a JSON object, or an error. */
static int detect_object(hr_json_input *in, format_id *out)
{
	signs s;
	memset(&s, 0, sizeof(s));
	look(in, &s);
	int rc = HR_OK;
	if (s.schema) {
		rc = check_schema(in, &s);
		*out = FORMAT_HEADROOM;
	} else if (s.scans && (s.krr_meta || !s.complete)) {
		*out = FORMAT_KRR;
	} else if (s.vpa_kind || (s.list_kind && s.vpa_items)) {
		*out = FORMAT_VPA;
	} else if (!s.complete) {
		/* Broken before it said what it is: the reader reports the
		 * syntax error where it is. */
		*out = FORMAT_HEADROOM;
	} else if (s.workloads) {
		rc = hr_json_fail(in, HR_EINVALID, s.top_at,
		                  "the top level has no \"schema\": expected "
		                  "\"schema\": \"" HR_RECS_SCHEMA "\"");
	} else {
		char want[EXPECTED_MAX];
		rc = hr_json_fail(in, HR_EINVALID, s.top_at, "%s: %s",
		                  s.scans ? "the top level has \"scans\" but "
		                            "neither \"strategy\" nor \"score\""
		                          : "not a recommendation source",
		                  expected(want, sizeof(want)));
	}
	json_decref(s.schema);
	return rc;
}

static int detect(hr_json_input *in, format_id *out)
{
	int c = hr_json_peek(in);
	if (c == '{')
		return detect_object(in, out);
	char want[EXPECTED_MAX];
	if (c < 0)
		return hr_json_fail(in, HR_EINVALID, in->pos,
		                    "the input is empty: %s",
		                    expected(want, sizeof(want)));
	/* YAML (or JSON that is not an object): only VPA objects can be
	 * that, and they name their kind. */
	if (hr_json_contains(in, in->pos, SIZE_MAX, "VerticalPodAutoscaler")) {
		*out = FORMAT_VPA;
		return HR_OK;
	}
	return hr_json_fail(in, HR_EINVALID, in->pos,
	                    "not a recommendation source: %s",
	                    expected(want, sizeof(want)));
}

int hr_recs_read(const hr_recommendations *set, hr_recs_batch *batch,
                 hr_json_input *in)
{
	batch->file = hr_arena_strdup(&batch->arena, in->name);
	format_id f = FORMAT_COUNT;
	int rc = detect(in, &f);
	if (rc == HR_OK)
		rc = formats[f].read(set, batch, in);
	return rc;
}
