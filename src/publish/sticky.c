/*
 * The sticky comment, the same on GitHub (issue comments) and GitLab (MR
 * notes): find the one whose body starts with the marker, leave it alone
 * when a newer run wrote it, else edit it in place, else create it.
 */
#include "publish/publish_internal.h"

#include "util/alloc.h"
#include "util/error_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* 100 per page: 10,000 comments on one pull request is plenty. */
#define LIST_PAGES_MAX 100

typedef struct found {
	uint64_t id;
	hr_run_stamp stamp;
	bool stamped;
} found;

static int find_marker(const json_t *item, void *ctx)
{
	found *f = ctx;
	const char *body = json_string_value(json_object_get(item, "body"));
	uint64_t id = hr_json_id(item, "id");
	if (!body || !id || json_is_true(json_object_get(item, "system")) ||
	    strncmp(body, HR_PUBLISH_MARKER, strlen(HR_PUBLISH_MARKER)) != 0)
		return 0;
	f->id = id;
	f->stamped = hr_stamp_find(body, &f->stamp);
	return 1; /* the oldest marked comment is the sticky one */
}

static int put(hr_api *api, const hr_sticky *where, uint64_t id,
               const hr_sbuf *text, hr_publish_result *result,
               const char **method, char *path, size_t path_size)
{
	hr_sbuf json = HR_SBUF_INIT;
	int rc = hr_json_body(text->data, text->len, &json);
	if (id) {
		*method = where->update_method;
		snprintf(path, path_size, "%s/%" PRIu64, where->item_path, id);
	} else {
		*method = "POST";
		snprintf(path, path_size, "%s", where->create_path);
	}
	json_t *answer = NULL;
	if (!rc)
		rc = hr_api_send(api, *method, path, json.data, json.len, &answer);
	hr_sbuf_release(&json);
	if (!rc && answer) {
		result->comment = id ? HR_PUBLISH_UPDATED : HR_PUBLISH_CREATED;
		result->comment_id = id ? id : hr_json_id(answer, "id");
	}
	json_decref(answer);
	return rc;
}

/* After a request: a read-only token is a notice, another non-2xx an
 * error. */
static int answered(hr_api *api, const char *method, const char *path,
                    hr_publish_result *result)
{
	if (hr_api_read_only(api)) {
		result->comment = HR_PUBLISH_READ_ONLY;
		snprintf(result->notice, sizeof(result->notice),
		         "the %s token may read but not write comments (HTTP 403, "
		         "as for pull requests from forks): the report stays in "
		         "the annotations and the job summary", api->service);
		return HR_OK;
	}
	if (api->status < 200 || api->status > 299)
		return hr_api_fail(api, method, path);
	return HR_OK;
}

int hr_sticky_put(hr_api *api, const hr_sticky *where,
                  const hr_publish_options *o, const char *body,
                  size_t body_len, hr_publish_result *result)
{
	found f = {0};
	int rc = hr_api_list(api, where->list_path, LIST_PAGES_MAX, find_marker,
	                     &f);
	if (!rc)
		rc = answered(api, "GET", where->list_path, result);
	if (rc || result->comment == HR_PUBLISH_READ_ONLY)
		return rc;

	hr_run_stamp ours;
	hr_stamp_from_options(o, &ours);
	if (f.id && f.stamped && hr_stamp_compare(&f.stamp, &ours) > 0) {
		result->comment = HR_PUBLISH_KEPT_NEWER;
		result->comment_id = f.id;
		return HR_OK;
	}
	hr_sbuf text = HR_SBUF_INIT;
	hr_publish_body(body, body_len, &ours, HR_PUBLISH_BODY_MAX, &text);
	const char *method;
	char path[512];
	rc = put(api, where, f.id, &text, result, &method, path, sizeof(path));
	if (!rc && api->status == 422) {
		/* The API counts differently from us, or its limit moved:
		 * the headline and a pointer to the full report, once. */
		hr_publish_short_body(body, body_len, &ours, &text);
		result->shortened = true;
		rc = put(api, where, f.id, &text, result, &method, path,
		         sizeof(path));
	}
	hr_sbuf_release(&text);
	return rc ? rc : answered(api, method, path, result);
}
