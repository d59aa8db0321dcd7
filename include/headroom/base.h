/*
 * headroom: which base revision a change is compared with, when the
 * command line does not say (the "git" stage's input).
 *
 * Precedence, first that applies wins:
 *   1. an explicit revision (`check --base REV`); the caller's, not read
 *      here;
 *   2. GitHub Actions: GITHUB_EVENT_NAME is `pull_request` or
 *      `pull_request_target`, and the event payload at GITHUB_EVENT_PATH
 *      holds `pull_request.base.sha`;
 *   3. GitLab CI merge request pipelines: CI_MERGE_REQUEST_DIFF_BASE_SHA;
 *   4. nothing: no comparison.
 *
 * The environment is read through a getenv-like callback so that tests
 * can drive it.  A revision taken from the environment must be a commit
 * id (40 or 64 hex digits): anything else is refused, not passed on.
 */
#ifndef HEADROOM_BASE_H
#define HEADROOM_BASE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Like getenv(3): the value of name, or NULL when unset. */
typedef const char *(*hr_getenv_fn)(void *ctx, const char *name);

/** The longest commit id (SHA-256) and its NUL. */
#define HR_BASE_REV_MAX 65

typedef struct hr_base_choice {
	char rev[HR_BASE_REV_MAX]; /**< the commit id; "" when none */
	/** Why: "GitHub pull_request event", "GitLab merge request
	 *  pipeline"; static storage; NULL when none. */
	const char *source;
} hr_base_choice;

/**
 * Choose the base from the CI environment (steps 2 to 4 above).
 * @return HR_OK (out->rev is "" when nothing applies); HR_EIO when the
 *         event payload cannot be read; HR_EINVALID when it or the GitLab
 *         variable holds no usable commit id (the message names which)
 */
int hr_base_from_env(hr_getenv_fn getenv_fn, void *ctx, hr_base_choice *out);

/**
 * `pull_request.base.sha` of a GitHub event payload held in memory
 * (name is used in messages).  sha receives the commit id.
 * @return HR_OK; HR_EINVALID for invalid JSON, a missing or malformed
 *         sha; HR_ELIMIT for an oversized payload
 */
int hr_base_from_github_event(const char *name, const char *data, size_t len,
                              char sha[HR_BASE_REV_MAX]);

#ifdef __cplusplus
}
#endif

#endif
