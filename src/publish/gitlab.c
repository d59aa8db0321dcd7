/*
 * GitLab: the sticky comment is a merge request note, found among the
 * notes oldest first, edited with PUT.  Notes need a personal, project or
 * group access token: the CI job token may not call the notes API.
 */
#include "publish/publish_internal.h"

#include "util/error_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int hr_publish_gitlab(const hr_report *report, const hr_publish_options *o,
                      const char *body, size_t body_len,
                      hr_publish_result *result)
{
	(void)report;
	hr_api api;
	int rc = hr_api_open(&api, o, "GitLab", NULL, 0);
	if (rc)
		return rc;
	char *project = hr_http_escape(o->repository, strlen(o->repository));
	if (!project) {
		hr_api_close(&api);
		return hr_fail(HR_EIO, "cannot encode the GitLab project id");
	}
	char list[512], create[512], item[512];
	snprintf(create, sizeof(create),
	         "/projects/%s/merge_requests/%" PRIu64 "/notes", project,
	         o->number);
	snprintf(list, sizeof(list), "%s?per_page=100&sort=asc&order_by="
	         "created_at", create);
	snprintf(item, sizeof(item), "%s", create);
	free(project);
	hr_sticky where = {list, create, item, "PUT"};
	rc = hr_sticky_put(&api, &where, o, body, body_len, result);
	if (rc && api.status == 401)
		rc = hr_fail(HR_EIO, "GitLab API: HTTP 401: the token was refused; "
		             "notes need a project or group access token with the "
		             "api scope (the CI job token cannot post notes)");
	hr_api_close(&api);
	return rc;
}
