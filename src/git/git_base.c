/*
 * libgit2 behind one small interface: the repository of the working
 * directory, the merge base of a revision and HEAD, the manifests of its
 * tree, and line diffs.  Every libgit2 error leaves here as an HR code
 * with a message that says what to do.
 */
/* realpath() is XSI. */
#define _XOPEN_SOURCE 700

#include "git/git_base.h"

#include "load/source_reader.h"
#include "util/alloc.h"
#include "util/error_internal.h"

#include <git2.h>

#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct hr_git_base {
	git_repository *repo;
	git_tree *tree;
	char commit[GIT_OID_HEXSZ + 1];
	char *workdir; /* the work tree's real path, no trailing slash */
	char *prefix;  /* the working directory inside it: "" or "a/b/" */
	char **skipped; /* base versions that could not be parsed, why */
	size_t skipped_count, skipped_cap;
};

/* What to do about a clone that lacks the base's history: CI checkouts
 * are shallow by default on both GitHub and GitLab. */
#define SHALLOW_FIX                                                          \
	"this is a shallow clone (fetched with a limited depth), so the "      \
	"history the comparison needs is missing.  Fetch it: GitHub "          \
	"Actions: `actions/checkout` with `fetch-depth: 0`; GitLab CI: the "   \
	"variable `GIT_DEPTH: 0`; by hand: `git fetch --deepen=100` (or "      \
	"`git fetch --unshallow`), or `git fetch origin <base commit>`"

static const char *git_message(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown error";
}

/* Asking libgit2 anything clears its last error: a failure's message is
 * copied first, then whether the clone is shallow is asked. */
static bool failed_shallow(const hr_git_base *b, char *message, size_t size)
{
	snprintf(message, size, "%s", git_message());
	return git_repository_is_shallow(b->repo) == 1;
}

static int open_repository(hr_git_base *b)
{
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof(cwd)))
		return hr_fail(HR_EIO, "cannot read the working directory: %s",
		               strerror(errno));
	int e = git_repository_open_ext(&b->repo, cwd, 0, NULL);
	if (e == GIT_ENOTFOUND)
		return hr_fail(HR_ENOTFOUND, "--base needs a git repository, and "
		               "the working directory is not in one (run headroom "
		               "in the checkout of the repository)");
	if (e == GIT_EOWNER)
		return hr_fail(HR_EIO, "cannot open the repository: %s (if you "
		               "trust it: git config --global --add "
		               "safe.directory <path>)", git_message());
	if (e)
		return hr_fail(HR_EIO, "cannot open the repository: %s",
		               git_message());
	const char *workdir = git_repository_workdir(b->repo);
	if (!workdir)
		return hr_fail(HR_EINVALID, "--base needs a working tree, and "
		               "this repository is bare");
	char real_wd[PATH_MAX], real_cwd[PATH_MAX];
	if (!realpath(workdir, real_wd) || !realpath(cwd, real_cwd))
		return hr_fail(HR_EIO, "cannot resolve the working tree: %s",
		               strerror(errno));
	size_t n = strlen(real_wd);
	b->workdir = hr_xstrdup(real_wd);
	if (strncmp(real_cwd, real_wd, n) == 0 && real_cwd[n] == '/')
		b->prefix = hr_path_join(real_cwd + n + 1, "");
	else
		b->prefix = hr_xstrdup("");
	return HR_OK;
}

static int resolve_base(hr_git_base *b, const char *rev)
{
	git_object *obj = NULL, *commit = NULL;
	char why[256];
	int e = git_revparse_single(&obj, b->repo, rev);
	if (e && failed_shallow(b, why, sizeof(why)))
		return hr_fail(HR_ENOTFOUND, "base revision '%.200s' is not in "
		               "this repository: " SHALLOW_FIX, rev);
	if (e)
		return hr_fail(HR_ENOTFOUND, "unknown base revision '%.200s': %s",
		               rev, why);
	e = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (e)
		return hr_fail(HR_EINVALID, "base revision '%.200s' is not a "
		               "commit: %s", rev, git_message());
	git_oid head, base;
	e = git_reference_name_to_id(&head, b->repo, "HEAD");
	if (e == 0)
		e = git_merge_base(&base, b->repo, git_object_id(commit), &head);
	git_object_free(commit);
	if (e && failed_shallow(b, why, sizeof(why)))
		return hr_fail(HR_ENOTFOUND, "no common history of '%.200s' and "
		               "HEAD in this repository: " SHALLOW_FIX, rev);
	if (e)
		return hr_fail(HR_ENOTFOUND, "no merge base of '%.200s' and "
		               "HEAD: %s", rev, why);
	git_commit *c = NULL;
	e = git_commit_lookup(&c, b->repo, &base);
	if (e == 0)
		e = git_commit_tree(&b->tree, c);
	git_commit_free(c);
	if (e)
		return hr_fail(HR_EIO, "cannot read the base commit: %s",
		               git_message());
	git_oid_tostr(b->commit, sizeof(b->commit), &base);
	return HR_OK;
}

int hr_git_base_open(const char *rev, hr_git_base **out)
{
	*out = NULL;
	if (git_libgit2_init() < 0)
		return hr_fail(HR_EIO, "cannot start libgit2: %s", git_message());
	hr_git_base *b = hr_xcalloc(1, sizeof(*b));
	int rc = open_repository(b);
	if (rc == HR_OK)
		rc = resolve_base(b, rev);
	if (rc) {
		hr_git_base_free(&b);
		return rc;
	}
	*out = b;
	return HR_OK;
}

const char *hr_git_base_commit(const hr_git_base *b)
{
	return b->commit;
}

/* The repository path of a command-line path: the working directory's
 * place in the work tree, then "." and ".." applied.  NULL (an error
 * set) when it leaves the work tree. */
static char *repository_path(const hr_git_base *b, const char *path)
{
	char *joined;
	if (path[0] == '/') {
		char real[PATH_MAX];
		const char *p = realpath(path, real) ? real : path;
		size_t n = strlen(b->workdir);
		if (strncmp(p, b->workdir, n) != 0 || (p[n] && p[n] != '/')) {
			hr_fail_at(HR_EUSAGE, path, 0, 0, "is outside the repository, "
			           "so it has no base to compare with");
			return NULL;
		}
		joined = hr_xstrdup(p[n] ? p + n + 1 : "");
	} else {
		joined = hr_path_join(b->prefix, path);
	}
	/* Components in place: each kept one is copied down. */
	char *out = hr_xmalloc(strlen(joined) + 1);
	size_t len = 0;
	for (char *save = NULL, *c = strtok_r(joined, "/", &save); c;
	     c = strtok_r(NULL, "/", &save)) {
		if (strcmp(c, ".") == 0)
			continue;
		if (strcmp(c, "..") == 0) {
			if (len == 0) {
				free(joined);
				free(out);
				hr_fail_at(HR_EUSAGE, path, 0, 0, "is outside the "
				           "repository, so it has no base to compare "
				           "with");
				return NULL;
			}
			while (len > 0 && out[len - 1] != '/')
				len--;
			len -= len > 0; /* the slash before it */
			continue;
		}
		if (len)
			out[len++] = '/';
		size_t cl = strlen(c);
		memcpy(out + len, c, cl);
		len += cl;
	}
	out[len] = '\0';
	free(joined);
	return out;
}

static int load_blob(hr_git_base *b, hr_manifests *set, const git_oid *id,
                     const char *name)
{
	/* The size first, from the header: a huge blob is refused before it
	 * is inflated. */
	git_odb *odb = NULL;
	size_t size = 0;
	git_object_t type;
	int e = git_repository_odb(&odb, b->repo);
	if (e == 0)
		e = git_odb_read_header(&size, &type, odb, id);
	git_odb_free(odb);
	if (e)
		return hr_fail_at(HR_EIO, name, 0, 0, "cannot read the base "
		                  "version: %s", git_message());
	size_t max = hr_manifests_limits(set)->max_file_bytes;
	if (size > max)
		return hr_fail_at(HR_ELIMIT, name, 0, 0, "the base version is "
		                  "larger than the limit of %zu bytes", max);
	git_blob *blob = NULL;
	if (git_blob_lookup(&blob, b->repo, id))
		return hr_fail_at(HR_EIO, name, 0, 0, "cannot read the base "
		                  "version: %s", git_message());
	int rc = hr_manifests_add_buffer(set, name, git_blob_rawcontent(blob),
	                                 (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	if (rc == HR_EINVALID || rc == HR_ETEMPLATE) {
		/* A change that repairs a broken manifest must be able to pass:
		 * the broken base version is left out (its workloads count as
		 * new) and the report says so. */
		const hr_error *why = hr_error_last();
		char note[1400];
		snprintf(note, sizeof(note), "the base version of %s:%u:%u is not "
		         "compared (%s): its workloads count as new", name,
		         why->line, why->column, why->message);
		b->skipped = hr_xgrow(b->skipped, &b->skipped_cap,
		                      b->skipped_count + 1, sizeof(*b->skipped));
		b->skipped[b->skipped_count++] = hr_xstrdup(note);
		hr_error_clear();
		return HR_OK;
	}
	return rc;
}

size_t hr_git_base_skipped(const hr_git_base *b, const char *const **notes)
{
	*notes = (const char *const *)b->skipped;
	return b->skipped_count;
}

static int cmp_entries(const void *pa, const void *pb)
{
	const git_tree_entry *a = *(const git_tree_entry *const *)pa;
	const git_tree_entry *b = *(const git_tree_entry *const *)pb;
	return strcmp(git_tree_entry_name(a), git_tree_entry_name(b));
}

static bool is_file(const git_tree_entry *e)
{
	git_filemode_t mode = git_tree_entry_filemode(e);
	return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

static int walk_tree(hr_git_base *b, hr_manifests *set, const git_tree *tree,
                     const char *name, unsigned depth);

/* The tree of entry `id`, walked as directory `name`. */
static int walk_subtree(hr_git_base *b, hr_manifests *set, const git_oid *id,
                        const char *name, unsigned depth)
{
	git_tree *sub = NULL;
	int rc = git_tree_lookup(&sub, b->repo, id)
	                 ? hr_fail_at(HR_EIO, name, 0, 0, "cannot read the base "
	                              "version: %s", git_message())
	                 : walk_tree(b, set, sub, name, depth);
	git_tree_free(sub);
	return rc;
}

/* The loader's directory walk (source_reader.c), over a tree: names in
 * byte order, dot entries skipped, the same extensions and depth bound.
 * Symbolic links and submodules have no manifest text in the tree. */
static int walk_tree(hr_git_base *b, hr_manifests *set, const git_tree *tree,
                     const char *name, unsigned depth)
{
	unsigned max_depth = hr_manifests_limits(set)->max_dir_depth;
	if (depth > max_depth)
		return hr_fail_at(HR_ELIMIT, name, 0, 0,
		                  "directories nested deeper than %u levels",
		                  max_depth);
	size_t count = git_tree_entrycount(tree), kept = 0;
	const git_tree_entry **entries = hr_xmalloc((count + 1) * sizeof(*entries));
	for (size_t i = 0; i < count; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		if (git_tree_entry_name(e)[0] != '.')
			entries[kept++] = e;
	}
	if (kept > 1)
		qsort(entries, kept, sizeof(*entries), cmp_entries);
	int rc = HR_OK;
	for (size_t i = 0; i < kept && rc == HR_OK; i++) {
		const git_tree_entry *e = entries[i];
		char *path = hr_path_join(name, git_tree_entry_name(e));
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
			rc = walk_subtree(b, set, git_tree_entry_id(e), path, depth + 1);
		else if (is_file(e) && hr_is_manifest_name(git_tree_entry_name(e)))
			rc = load_blob(b, set, git_tree_entry_id(e), path);
		free(path);
	}
	free(entries);
	return rc;
}

int hr_git_base_load(hr_git_base *b, hr_manifests *set, const char *path)
{
	if (strcmp(path, "-") == 0)
		return HR_OK;
	char *rel = repository_path(b, path);
	if (!rel)
		return HR_EUSAGE;
	int rc = HR_OK;
	if (!*rel) {
		rc = walk_tree(b, set, b->tree, path, 0);
		free(rel);
		return rc;
	}
	git_tree_entry *entry = NULL;
	int e = git_tree_entry_bypath(&entry, b->tree, rel);
	free(rel);
	if (e == GIT_ENOTFOUND)
		return HR_OK; /* new in this change */
	if (e)
		return hr_fail_at(HR_EIO, path, 0, 0, "cannot read the base "
		                  "version: %s", git_message());
	if (git_tree_entry_type(entry) == GIT_OBJECT_TREE)
		rc = walk_subtree(b, set, git_tree_entry_id(entry), path, 0);
	else if (is_file(entry))
		rc = load_blob(b, set, git_tree_entry_id(entry), path);
	git_tree_entry_free(entry);
	return rc;
}

typedef struct range_list {
	hr_line_range *items;
	size_t count, cap;
} range_list;

static int on_hunk(const git_diff_delta *delta, const git_diff_hunk *hunk,
                   void *payload)
{
	(void)delta;
	range_list *l = payload;
	if (hunk->new_lines <= 0)
		return 0; /* only removed lines: nothing to mark */
	l->items = hr_xgrow(l->items, &l->cap, l->count + 1, sizeof(*l->items));
	l->items[l->count++] = (hr_line_range){
		(unsigned)hunk->new_start,
		(unsigned)(hunk->new_start + hunk->new_lines - 1)};
	return 0;
}

int hr_git_changed_lines(hr_git_base *b, const char *before, size_t before_len,
                         const char *after, size_t after_len,
                         hr_line_range **ranges, size_t *count)
{
	(void)b; /* an open base keeps libgit2 initialised */
	git_diff_options opts;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 0;
	opts.interhunk_lines = 0;
	opts.flags |= GIT_DIFF_FORCE_TEXT;
	range_list l = {NULL, 0, 0};
	int e = git_diff_buffers(before, before_len, NULL, after, after_len, NULL,
	                         &opts, NULL, NULL, on_hunk, NULL, &l);
	if (e) {
		free(l.items);
		*ranges = NULL;
		*count = 0;
		return hr_fail(HR_EIO, "cannot compare with the base: %s",
		               git_message());
	}
	*ranges = l.items;
	*count = l.count;
	return HR_OK;
}

void hr_git_base_free(hr_git_base **bp)
{
	hr_git_base *b = bp ? *bp : NULL;
	if (!b)
		return;
	git_tree_free(b->tree);
	git_repository_free(b->repo);
	free(b->workdir);
	free(b->prefix);
	for (size_t i = 0; i < b->skipped_count; i++)
		free(b->skipped[i]);
	free(b->skipped);
	free(b);
	git_libgit2_shutdown();
	*bp = NULL;
}
