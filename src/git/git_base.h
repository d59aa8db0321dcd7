/*
 * The base revision of a change, read straight from the repository with
 * libgit2: no checkout, no git process.  This is the one module that
 * includes <git2.h>; libgit2's errors leave it as our messages.
 *
 * A base is opened from the working directory (the repository that holds
 * it, found as git finds it), at the merge base of a revision and HEAD:
 * what the change proposes is compared with where it branched off, not
 * with whatever the target branch has gained since.
 */
#ifndef HR_GIT_BASE_H
#define HR_GIT_BASE_H

#include "headroom/manifests.h"

#include <stddef.h>

typedef struct hr_git_base hr_git_base;

/**
 * Open the repository of the working directory and the tree of the merge
 * base of rev and HEAD.  A shallow clone that lacks the commits is
 * HR_ENOTFOUND with a message that says how to fetch them.
 * @return HR_OK, HR_ENOTFOUND (no repository, unknown rev, no merge base),
 *         HR_EIO (the repository cannot be read)
 */
int hr_git_base_open(const char *rev, hr_git_base **out);

/** The merge base commit, 40 hex digits; owned by the base. */
const char *hr_git_base_commit(const hr_git_base *b);

/**
 * Load into set what path (as given on the command line: relative to the
 * working directory, a file or a directory) names in the base tree, under
 * the names the loader's own walk would give (hr_path_join()), with the
 * same *.yaml *.yml *.json filter and dot-entry skipping.  A path the base
 * does not have loads nothing; "-" (stdin) has no base and loads nothing.
 * The set's size, count and depth limits apply.
 */
int hr_git_base_load(hr_git_base *b, hr_manifests *set, const char *path);

/**
 * Base versions hr_git_base_load() left out because they could not be
 * parsed (a YAML syntax error, an unrendered template), one sentence each
 * saying which and why; owned by the base.  Their workloads count as new.
 */
size_t hr_git_base_skipped(const hr_git_base *b, const char *const **notes);

/** Lines [first, last] (1-based) of the proposed text. */
typedef struct hr_line_range {
	unsigned first, last;
} hr_line_range;

/**
 * The line ranges of after that a change from before added or modified
 * (a line diff, no context).  *ranges is malloc'd (the caller frees it),
 * in line order; NULL with *count 0 when nothing was added.
 */
int hr_git_changed_lines(hr_git_base *b, const char *before, size_t before_len,
                         const char *after, size_t after_len,
                         hr_line_range **ranges, size_t *count);

void hr_git_base_free(hr_git_base **b);

#endif
