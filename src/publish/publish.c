/*
 * Publishing: where to (from the CI environment), checks on what the
 * environment says, and the dispatch to GitHub or GitLab.
 */
#include "publish/publish_internal.h"

#include "util/alloc.h"
#include "util/error_internal.h"
#include "util/json_input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { OWN_API, OWN_REPO, OWN_HEAD, OWN_SHA, OWN_WORKSPACE, OWN_TOKEN };

int hr_publish_target_parse(const char *name, hr_publish_target *out)
{
	if (strcmp(name, "github") == 0)
		*out = HR_PUBLISH_GITHUB;
	else if (strcmp(name, "gitlab") == 0)
		*out = HR_PUBLISH_GITLAB;
	else
		return hr_fail(HR_EUSAGE, "--comment takes github or gitlab");
	return HR_OK;
}

const char *hr_publish_action_name(hr_publish_action a)
{
	static const char *const names[] = {"nothing", "created", "updated",
	                                    "kept-newer", "read-only"};
	return (unsigned)a < sizeof(names) / sizeof(names[0]) ? names[a] : "?";
}

static char *own(hr_publish_options *o, int slot, const char *s)
{
	free(o->owned_[slot]);
	o->owned_[slot] = s ? hr_xstrdup(s) : NULL;
	return o->owned_[slot];
}

/* A decimal number from 1 to 2^53 (ids and numbers JSON carries exactly). */
static bool parse_id(const char *s, uint64_t *out)
{
	if (!s || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 16)
		return false;
	*out = strtoull(s, NULL, 10);
	return *out > 0 && *out <= (1ULL << 53);
}

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* The pull request's number and head commit from the event payload. */
static int read_event(const char *path, hr_publish_options *o)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return hr_fail(HR_EIO, "cannot read the event payload %s: %s", path,
		               strerror(errno));
	hr_json_input in;
	hr_json_object obj = HR_JSON_OBJECT_INIT;
	hr_json_key key;
	json_t *pr = NULL;
	int rc = hr_json_input_open(&in, path, f, 0);
	if (!rc)
		rc = hr_json_object_open(&in, &obj, "the event payload");
	while (!rc && (rc = hr_json_object_next(&obj, &key)) == 1) {
		json_t *v = NULL;
		rc = hr_json_value(&in, &v, NULL);
		if (!rc && hr_json_key_is(&key, "pull_request") && !pr)
			pr = json_incref(v);
		json_decref(v);
	}
	if (!rc)
		rc = hr_json_finish(&in);
	hr_json_object_dispose(&obj);
	hr_json_input_dispose(&in);
	fclose(f);
	if (!rc && !json_is_object(pr))
		rc = hr_fail(HR_ENOTFOUND, "the event is not a pull request: no "
		             "comment to post");
	if (!rc) {
		json_t *n = json_object_get(pr, "number");
		const char *sha = json_string_value(
			json_object_get(json_object_get(pr, "head"), "sha"));
		o->number = json_is_integer(n) && json_integer_value(n) > 0
		                    ? (uint64_t)json_integer_value(n) : 0;
		o->head_sha = own(o, OWN_HEAD, sha);
		if (!o->number)
			rc = hr_fail(HR_EINVALID, "%s: pull_request.number is missing",
			             path);
	}
	json_decref(pr);
	return rc;
}

static int github_env(hr_publish_options *o)
{
	o->api_url = own(o, OWN_API, env("GITHUB_API_URL") ? env("GITHUB_API_URL")
	                                          : "https://api.github.com");
	o->repository = own(o, OWN_REPO, env("GITHUB_REPOSITORY"));
	o->run_sha = own(o, OWN_SHA, env("GITHUB_SHA"));
	o->workspace = own(o, OWN_WORKSPACE, env("GITHUB_WORKSPACE"));
	if (!parse_id(env("GITHUB_RUN_ID"), &o->run_id))
		o->run_id = 0;
	uint64_t attempt;
	o->run_attempt = parse_id(env("GITHUB_RUN_ATTEMPT"), &attempt) &&
	                 attempt < 100000 ? (unsigned)attempt : 0;
	const char *event = env("GITHUB_EVENT_PATH");
	if (!event)
		return hr_fail(HR_ENOTFOUND, "GITHUB_EVENT_PATH is not set: not a "
		               "GitHub Actions run, no pull request to comment on");
	return read_event(event, o);
}

static int gitlab_env(hr_publish_options *o)
{
	o->api_url = own(o, OWN_API, env("CI_API_V4_URL"));
	o->repository = own(o, OWN_REPO, env("CI_PROJECT_ID"));
	o->run_sha = own(o, OWN_SHA, env("CI_COMMIT_SHA"));
	o->workspace = own(o, OWN_WORKSPACE, env("CI_PROJECT_DIR"));
	if (!parse_id(env("CI_PIPELINE_ID"), &o->run_id))
		o->run_id = 0;
	if (!env("CI_MERGE_REQUEST_IID"))
		return hr_fail(HR_ENOTFOUND, "CI_MERGE_REQUEST_IID is not set: not "
		               "a merge request pipeline, no merge request to "
		               "comment on");
	if (!parse_id(env("CI_MERGE_REQUEST_IID"), &o->number))
		return hr_fail(HR_EUSAGE, "CI_MERGE_REQUEST_IID is not a number");
	if (!o->api_url)
		return hr_fail(HR_EUSAGE, "CI_API_V4_URL is not set");
	return HR_OK;
}

int hr_publish_options_from_env(hr_publish_target target,
                                const char *token_var,
                                hr_publish_options *o)
{
	memset(o, 0, sizeof(*o));
	o->target = target;
	o->run_time = (int64_t)time(NULL);
	int rc = target == HR_PUBLISH_GITHUB ? github_env(o) : gitlab_env(o);
	if (rc)
		return rc;
	o->token = own(o, OWN_TOKEN, token_var ? env(token_var) : NULL);
	if (!o->token)
		return hr_fail(HR_EUSAGE, "no token to publish with: set %s",
		               token_var ? token_var : "a token variable");
	return HR_OK;
}

void hr_publish_options_dispose(hr_publish_options *o)
{
	for (size_t i = 0; i < sizeof(o->owned_) / sizeof(o->owned_[0]); i++) {
		if (i == OWN_TOKEN && o->owned_[i]) /* do not leave it in memory */
			memset(o->owned_[i], 0, strlen(o->owned_[i]));
		free(o->owned_[i]);
	}
	memset(o, 0, sizeof(*o));
}

/* GitHub's owner/repo: names of letters, digits, '-', '_', '.'. */
static bool valid_repository(const char *s, bool github)
{
	if (!s || !*s || strlen(s) > 200 || strstr(s, ".."))
		return false;
	size_t slashes = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '/')
			slashes++;
		else if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                 "0123456789-_.", *p))
			return false;
	}
	return github ? slashes == 1 && s[0] != '/' && s[strlen(s) - 1] != '/'
	              : true;
}

static bool valid_sha(const char *s)
{
	size_t n = s ? strspn(s, "0123456789abcdef") : 0;
	return s && (n == 40 || n == 64) && s[n] == '\0';
}

int hr_publish(const hr_report *report, const hr_publish_options *o,
               hr_publish_result *result)
{
	memset(result, 0, sizeof(*result));
	bool github = o->target == HR_PUBLISH_GITHUB;
	if (!report || !o->body || !o->token || !o->number || !o->api_url)
		return hr_fail(HR_EUSAGE, "publishing needs a report, a body, a "
		               "token, an API URL and a pull request number");
	if (!valid_repository(o->repository, github))
		return hr_fail(HR_EUSAGE, "%s is not a valid %s",
		               github ? "GITHUB_REPOSITORY" : "CI_PROJECT_ID",
		               github ? "owner/repo" : "project id or path");
	if (strncmp(o->body, HR_PUBLISH_MARKER, strlen(HR_PUBLISH_MARKER)) != 0)
		return hr_fail(HR_EUSAGE, "the comment body must start with "
		               HR_PUBLISH_MARKER);
	if (github && o->suggestions && !valid_sha(o->head_sha))
		return hr_fail(HR_EUSAGE, "suggestions need the pull request's head "
		               "commit (pull_request.head.sha in the event)");
	return github ? hr_publish_github(report, o, o->body, o->body_len, result)
	              : hr_publish_gitlab(report, o, o->body, o->body_len, result);
}
