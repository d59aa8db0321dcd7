/*
 * headroom: publishing the report where reviewers look (the "publish"
 * stage): one sticky comment on a GitHub pull request or a GitLab merge
 * request, created once and updated in place on every run, and optionally
 * GitHub review comments whose ```suggestion blocks carry the safe value
 * on the exact line the finding is about.
 *
 * The sticky comment is the one whose body starts with the marker
 * HR_PUBLISH_MARKER (the Markdown report's first line).  Each body ends
 * with a hidden run stamp (run id, attempt, time, commit), and a comment
 * stamped by a newer run is never replaced by an older one.  Suggestions
 * go only on lines the pull request adds (as the API's own diff shows
 * them), at most one per line, and never twice for the same change.
 *
 * Degradations are results, not failures: a token that may read but not
 * write (pull requests from forks) leaves the report in the annotations
 * and the job summary, and hr_publish_result.notice says so.
 *
 * Tokens are borrowed, sent only to the API URL's own host (pagination
 * links elsewhere are not followed), and never appear in any message.
 *
 * Ownership: options borrow every string; hr_publish_options_from_env()
 * makes copies the options own until hr_publish_options_dispose().
 */
#ifndef HEADROOM_PUBLISH_H
#define HEADROOM_PUBLISH_H

#include "headroom/check.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HR_PUBLISH_MARKER "<!-- headroom:report -->"

/** GitHub rejects a comment body over 65,536 characters; bodies are cut
 *  (at a line, with a note) to this many bytes, stamp included. */
#define HR_PUBLISH_BODY_MAX 65000

typedef enum hr_publish_target {
	HR_PUBLISH_GITHUB,
	HR_PUBLISH_GITLAB,
} hr_publish_target;

/** "github", "gitlab"; HR_EUSAGE for anything else. */
int hr_publish_target_parse(const char *name, hr_publish_target *out);

typedef struct hr_publish_options {
	hr_publish_target target;
	/** API root: $GITHUB_API_URL (https://api.github.com, GHES
	 *  https://HOST/api/v3) or $CI_API_V4_URL. */
	const char *api_url;
	/** GitHub "owner/repo"; GitLab the project id (or path). */
	const char *repository;
	/** Pull request number / merge request iid. */
	uint64_t number;
	/** The pull request's head commit: review comments attach to it. */
	const char *head_sha;
	/** Run stamp: the CI run id and attempt (0: none), the time (unix
	 *  seconds) and the commit checked. */
	uint64_t run_id;
	unsigned run_attempt;
	int64_t run_time;
	const char *run_sha;
	/** Checkout directory: stripped from absolute finding paths to get
	 *  repository-relative ones; NULL: none. */
	const char *workspace;
	/** Secret; never printed. */
	const char *token;
	/** The Markdown report (hr_report_format "markdown"), starting with
	 *  HR_PUBLISH_MARKER; cut to fit when longer. */
	const char *body;
	size_t body_len;
	/** GitHub only: post review comments with suggestions. */
	bool suggestions;
	/** Extra CA bundle (NULL: the system's); total time allowed in ms
	 *  (0: two minutes). */
	const char *ca_file;
	long deadline_ms;
	/* Copies made by hr_publish_options_from_env(). */
	char *owned_[6];
} hr_publish_options;

/**
 * Fill the place to publish from the CI environment: GitHub's
 * GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_EVENT_PATH (the payload's
 * pull_request.number and .head.sha), GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT,
 * GITHUB_SHA, GITHUB_WORKSPACE; or GitLab's CI_API_V4_URL, CI_PROJECT_ID,
 * CI_MERGE_REQUEST_IID, CI_PIPELINE_ID, CI_COMMIT_SHA, CI_PROJECT_DIR.
 * The token is read from the variable token_var.  run_time is now.
 *
 * @return HR_OK; HR_ENOTFOUND when the run is not for a pull/merge
 *         request (nothing to comment on); HR_EUSAGE when a variable is
 *         missing or malformed (the token included); HR_EINVALID/HR_EIO/
 *         HR_ELIMIT for an event payload that cannot be read
 */
int hr_publish_options_from_env(hr_publish_target target,
                                const char *token_var,
                                hr_publish_options *opts);

/** Free the copies from_env made; the options are zeroed. */
void hr_publish_options_dispose(hr_publish_options *opts);

typedef enum hr_publish_action {
	HR_PUBLISH_NOTHING,      /**< nothing was done */
	HR_PUBLISH_CREATED,      /**< a new sticky comment */
	HR_PUBLISH_UPDATED,      /**< the sticky comment, edited in place */
	HR_PUBLISH_KEPT_NEWER,   /**< a newer run's comment was left alone */
	HR_PUBLISH_READ_ONLY,    /**< the token may not write: see notice */
} hr_publish_action;

/** "nothing", "created", "updated", "kept-newer", "read-only". */
const char *hr_publish_action_name(hr_publish_action a);

typedef struct hr_publish_result {
	hr_publish_action comment;
	uint64_t comment_id;
	/** The API refused the full body as too long: a short one was sent. */
	bool shortened;
	size_t suggestions_posted;
	size_t suggestions_existing; /**< posted by an earlier run already */
	size_t suggestions_outside;  /**< not on a line the change adds */
	/** A degradation the user should read ("" when none); no token, no
	 *  server text beyond a short printable excerpt. */
	char notice[512];
} hr_publish_result;

/**
 * Publish the report.
 *
 * @return HR_OK (see *result, degradations included); HR_EUSAGE for bad
 *         options; HR_EIO when the API cannot be reached or answers with
 *         an error that is not a read-only token; HR_EINVALID for an answer
 *         that is not the JSON the API documents
 */
int hr_publish(const hr_report *report, const hr_publish_options *opts,
               hr_publish_result *result);

/**
 * Step outputs for GitHub Actions ($GITHUB_OUTPUT): verdict, fail, warn,
 * info, waived, findings, cost-monthly, cost-delta ("" without a base), each
 * in the heredoc form with a random delimiter.  Appends to out.
 * @return HR_OK, or HR_EIO when the stream fails
 */
int hr_publish_write_github_outputs(const hr_report *report, FILE *out);

#ifdef __cplusplus
}
#endif

#endif
