/*
 * The base revision from the CI environment (include/headroom/base.h).
 * The GitHub event payload is walked with the project's JSON cursor:
 * only pull_request.base.sha is decoded, everything else stepped over,
 * so a large payload costs little.
 */
#include "headroom/base.h"

#include "load/source_reader.h"
#include "util/error_internal.h"
#include "util/json_input.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool is_commit_id(const char *s)
{
	size_t n = strspn(s, "0123456789abcdefABCDEF");
	return s[n] == '\0' && (n == 40 || n == 64);
}

/* Walks the object at the cursor for path[depth], path[depth + 1], ...
 * and copies the string found at the end to sha. */
static int read_path(hr_json_input *in, const char *const *path, size_t depth,
                     char *sha, bool *found)
{
	hr_json_object obj = HR_JSON_OBJECT_INIT;
	int rc = hr_json_object_open(in, &obj, depth ? path[depth - 1] : "the event");
	hr_json_key key;
	while (rc == HR_OK && (rc = hr_json_object_next(&obj, &key)) == 1) {
		rc = HR_OK;
		if (*found || !hr_json_key_is(&key, path[depth])) {
			if (!hr_json_skip(in))
				rc = hr_json_fail(in, HR_EINVALID, in->pos,
				                  "the event payload ends early");
			continue;
		}
		if (path[depth + 1]) {
			rc = read_path(in, path, depth + 1, sha, found);
			continue;
		}
		json_t *v = NULL;
		size_t at;
		rc = hr_json_value(in, &v, &at);
		if (rc == HR_OK && (!json_is_string(v) ||
		                    !is_commit_id(json_string_value(v))))
			rc = hr_json_fail(in, HR_EINVALID, at, "pull_request.base.sha "
			                  "is not a commit id");
		if (rc == HR_OK) {
			strcpy(sha, json_string_value(v));
			*found = true;
		}
		json_decref(v);
	}
	hr_json_object_dispose(&obj);
	return rc < 0 ? rc : HR_OK;
}

int hr_base_from_github_event(const char *name, const char *data, size_t len,
                              char sha[HR_BASE_REV_MAX])
{
	static const char *const path[] = {"pull_request", "base", "sha", NULL};
	sha[0] = '\0';
	hr_json_input in;
	int rc = hr_json_input_init(&in, name, data, len);
	bool found = false;
	if (rc == HR_OK)
		rc = read_path(&in, path, 0, sha, &found);
	if (rc == HR_OK)
		rc = hr_json_finish(&in);
	hr_json_input_dispose(&in);
	if (rc == HR_OK && !found)
		rc = hr_fail_at(HR_EINVALID, name, 0, 0, "the event payload has "
		                "no pull_request.base.sha");
	if (rc)
		sha[0] = '\0';
	return rc;
}

static int from_github(const char *event_path, hr_base_choice *out)
{
	char *data = NULL;
	size_t len = 0;
	int rc = hr_read_file(event_path, HR_JSON_INPUT_MAX, &data, &len);
	if (rc == HR_OK)
		rc = hr_base_from_github_event(event_path, data, len, out->rev);
	free(data);
	return rc;
}

int hr_base_from_env(hr_getenv_fn getenv_fn, void *ctx, hr_base_choice *out)
{
	memset(out, 0, sizeof(*out));
	const char *event = getenv_fn(ctx, "GITHUB_EVENT_NAME");
	if (event && (strcmp(event, "pull_request") == 0 ||
	              strcmp(event, "pull_request_target") == 0)) {
		const char *path = getenv_fn(ctx, "GITHUB_EVENT_PATH");
		if (!path || !*path)
			return hr_fail(HR_EINVALID, "GITHUB_EVENT_NAME is %s but "
			               "GITHUB_EVENT_PATH is not set: cannot find "
			               "the pull request's base (give --base)",
			               event);
		int rc = from_github(path, out);
		if (rc)
			return rc;
		out->source = strcmp(event, "pull_request") == 0
		                      ? "GitHub pull_request event"
		                      : "GitHub pull_request_target event";
		return HR_OK;
	}
	const char *sha = getenv_fn(ctx, "CI_MERGE_REQUEST_DIFF_BASE_SHA");
	if (sha && *sha) {
		if (!is_commit_id(sha))
			return hr_fail(HR_EINVALID, "CI_MERGE_REQUEST_DIFF_BASE_SHA "
			               "is not a commit id (40 or 64 hex digits)");
		strcpy(out->rev, sha);
		out->source = "GitLab merge request pipeline";
	}
	return HR_OK;
}
