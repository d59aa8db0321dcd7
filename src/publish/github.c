/*
 * GitHub: the sticky comment is an issue comment on the pull request; the
 * suggestions are one review (event COMMENT) whose comments each carry a
 * ```suggestion block on a line the pull request adds, found in the API's
 * own diff (pulls/N/files), so that GitHub accepts every one of them.
 */
#include "publish/publish_internal.h"

#include "util/alloc.h"
#include "util/error_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define FILES_PAGES_MAX 30    /* GitHub lists at most 3,000 files */
#define REVIEW_PAGES_MAX 30
#define PER_REVIEW 30          /* comments per review request (reviewdog) */
#define SUGGESTIONS_MAX 90
#define SUGGESTION_MARK "<!-- headroom:suggestion "

static const char *const headers[] = {
	"Accept: application/vnd.github+json",
	"X-GitHub-Api-Version: 2022-11-28",
};

/* ---- the pull request's diff: which lines it adds ---- */

typedef struct changed_file {
	char *path;
	unsigned *added;
	size_t count;
} changed_file;

typedef struct diff {
	changed_file *files;
	size_t count, cap;
} diff;

static int collect_file(const json_t *item, void *ctx)
{
	diff *d = ctx;
	const char *name = json_string_value(json_object_get(item, "filename"));
	const char *patch = json_string_value(json_object_get(item, "patch"));
	if (!name || !patch)
		return 0; /* binary, or a diff too large for the API to show */
	d->files = hr_xgrow(d->files, &d->cap, d->count + 1, sizeof(*d->files));
	changed_file *f = &d->files[d->count++];
	f->path = hr_xstrdup(name);
	f->count = hr_diff_added_lines(patch, &f->added);
	return 0;
}

static void diff_free(diff *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->files[i].path);
		free(d->files[i].added);
	}
	free(d->files);
}

static bool is_added(const diff *d, const char *path, unsigned line)
{
	for (size_t i = 0; i < d->count; i++) {
		if (strcmp(d->files[i].path, path) != 0)
			continue;
		for (size_t j = 0; j < d->files[i].count; j++)
			if (d->files[i].added[j] == line)
				return true;
	}
	return false;
}

/* ---- suggestions already posted (any earlier run) ---- */

typedef struct marks {
	uint64_t *keys;
	size_t count, cap;
} marks;

static int collect_mark(const json_t *item, void *ctx)
{
	marks *m = ctx;
	const char *body = json_string_value(json_object_get(item, "body"));
	const char *p = body ? strstr(body, SUGGESTION_MARK) : NULL;
	if (!p)
		return 0;
	m->keys = hr_xgrow(m->keys, &m->cap, m->count + 1, sizeof(*m->keys));
	m->keys[m->count++] = strtoull(p + strlen(SUGGESTION_MARK), NULL, 16);
	return 0;
}

static bool has_mark(const marks *m, uint64_t key)
{
	for (size_t i = 0; i < m->count; i++)
		if (m->keys[i] == key)
			return true;
	return false;
}

/* FNV-1a over the parts of a suggestion that make it the same one. */
static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (h ^ 0xFF) * 1099511628211ULL;
}

static uint64_t suggestion_key(const char *path, unsigned line,
                               const char *rule, const char *text)
{
	char num[16];
	int n = snprintf(num, sizeof(num), "%u", line);
	uint64_t h = 14695981039346656037ULL;
	h = fnv(h, path, strlen(path));
	h = fnv(h, num, (size_t)n);
	h = fnv(h, rule, strlen(rule));
	return fnv(h, text, strlen(text));
}

/* ---- building the review ---- */

static const hr_source *source_of(const hr_report *r, const char *file)
{
	size_t n = hr_manifests_count(r->manifests);
	for (size_t i = 0; i < n; i++) {
		const hr_source *s = hr_manifests_get(r->manifests, i)->source;
		if (s->path == file || strcmp(s->path, file) == 0)
			return s;
	}
	return NULL;
}

/* The new line for finding f, into line; false when it has none. */
static bool new_line(const hr_report *r, const hr_finding *f, hr_sbuf *line)
{
	if (f->waived || !f->suggestion_value || !f->suggestion_field ||
	    !f->file || !r->manifests)
		return false;
	const hr_source *src = source_of(r, f->file);
	const char *text;
	size_t len;
	if (!src || !hr_text_line(src->data, src->len, f->line, &text, &len))
		return false;
	const char *dot = strrchr(f->suggestion_field, '.');
	const char *key = dot ? dot + 1 : f->suggestion_field;
	hr_sbuf_clear(line);
	return hr_suggest_line(text, len, f->column, key, f->suggestion_value,
	                       line);
}

static void comment_body(const hr_finding *f, const char *text, uint64_t key,
                         hr_sbuf *out)
{
	hr_sbuf_clear(out);
	hr_sbuf_printf(out, SUGGESTION_MARK "%016" PRIx64 " -->\n**headroom** ",
	               key);
	hr_sbuf_escape(out, f->rule, HR_ESCAPE_MARKDOWN, 128);
	hr_sbuf_printf(out, " (%s): ", hr_severity_name(f->severity));
	hr_sbuf_escape(out, f->message, HR_ESCAPE_MARKDOWN, 600);
	hr_sbuf_puts(out, "\n\nSafe value for ");
	hr_sbuf_escape(out, f->suggestion_field, HR_ESCAPE_MARKDOWN, 128);
	hr_sbuf_puts(out, ":\n\n");
	hr_suggest_block(text, out);
}

typedef struct review {
	json_t *comments;
	size_t count;
} review;

static int post_review(hr_api *api, const hr_publish_options *o,
                       const char *path, json_t *comments,
                       hr_publish_result *result)
{
	size_t n = json_array_size(comments);
	char head[96];
	snprintf(head, sizeof(head), "headroom: %zu suggested change%s", n,
	         n == 1 ? "" : "s");
	json_t *req = json_pack("{s:s,s:s,s:s,s:O}", "commit_id", o->head_sha,
	                        "event", "COMMENT", "body", head, "comments",
	                        comments);
	char *json = req ? json_dumps(req, JSON_COMPACT) : NULL;
	json_decref(req);
	if (!json)
		return hr_fail(HR_EINVALID, "a review comment is not UTF-8");
	int rc = hr_api_send(api, "POST", path, json, strlen(json), NULL);
	free(json);
	if (rc)
		return rc;
	if (api->status >= 200 && api->status <= 299) {
		result->suggestions_posted += n;
		return HR_OK;
	}
	if (hr_api_read_only(api) || api->status == 422) {
		snprintf(result->notice, sizeof(result->notice),
		         "GitHub did not take the suggestions (HTTP %ld%s%.120s)",
		         api->status, api->excerpt[0] ? ": " : "", api->excerpt);
		return HR_OK;
	}
	return hr_api_fail(api, "POST", path);
}

static int suggest(hr_api *api, const hr_report *r,
                   const hr_publish_options *o, hr_publish_result *result)
{
	char path[512];
	diff d = {0};
	marks m = {0};
	snprintf(path, sizeof(path), "/repos/%s/pulls/%" PRIu64
	         "/files?per_page=100", o->repository, o->number);
	int rc = hr_api_list(api, path, FILES_PAGES_MAX, collect_file, &d);
	if (!rc && api->status >= 200 && api->status <= 299) {
		snprintf(path, sizeof(path), "/repos/%s/pulls/%" PRIu64
		         "/comments?per_page=100", o->repository, o->number);
		rc = hr_api_list(api, path, REVIEW_PAGES_MAX, collect_mark, &m);
	}
	if (!rc && (api->status < 200 || api->status > 299))
		rc = hr_api_fail(api, "GET", path);

	snprintf(path, sizeof(path), "/repos/%s/pulls/%" PRIu64 "/reviews",
	         o->repository, o->number);
	hr_sbuf line = HR_SBUF_INIT, body = HR_SBUF_INIT;
	json_t *comments = json_array();
	const char *last_file = NULL;
	unsigned last_line = 0;
	size_t taken = 0;
	for (size_t i = 0; !rc && i < r->finding_count; i++) {
		const hr_finding *f = &r->findings[i];
		if (!new_line(r, f, &line))
			continue;
		const char *file = hr_repo_path(f->file, o->workspace);
		if (!is_added(&d, file, f->line)) {
			result->suggestions_outside++;
			continue;
		}
		/* One suggestion per line: GitHub applies only one of them. */
		if (last_file && strcmp(last_file, file) == 0 && last_line == f->line)
			continue;
		last_file = file;
		last_line = f->line;
		uint64_t key = suggestion_key(file, f->line, f->rule, line.data);
		if (has_mark(&m, key)) {
			result->suggestions_existing++;
			continue;
		}
		if (taken++ == SUGGESTIONS_MAX)
			break;
		comment_body(f, line.data, key, &body);
		json_t *c = json_pack("{s:s,s:s#,s:I,s:s}", "path", file, "body",
		                      body.data, body.len, "line",
		                      (json_int_t)f->line, "side", "RIGHT");
		if (!c)
			continue;
		json_array_append_new(comments, c);
		if (json_array_size(comments) == PER_REVIEW) {
			rc = post_review(api, o, path, comments, result);
			json_array_clear(comments);
		}
	}
	if (!rc && json_array_size(comments))
		rc = post_review(api, o, path, comments, result);
	json_decref(comments);
	hr_sbuf_release(&line);
	hr_sbuf_release(&body);
	diff_free(&d);
	free(m.keys);
	return rc;
}

int hr_publish_github(const hr_report *report, const hr_publish_options *o,
                      const char *body, size_t body_len,
                      hr_publish_result *result)
{
	hr_api api;
	int rc = hr_api_open(&api, o, "GitHub", headers,
	                     sizeof(headers) / sizeof(headers[0]));
	if (rc)
		return rc;
	char list[512], create[512], item[512];
	snprintf(list, sizeof(list), "/repos/%s/issues/%" PRIu64
	         "/comments?per_page=100", o->repository, o->number);
	snprintf(create, sizeof(create), "/repos/%s/issues/%" PRIu64 "/comments",
	         o->repository, o->number);
	snprintf(item, sizeof(item), "/repos/%s/issues/comments", o->repository);
	hr_sticky where = {list, create, item, "PATCH"};
	rc = hr_sticky_put(&api, &where, o, body, body_len, result);
	if (!rc && o->suggestions && result->comment != HR_PUBLISH_READ_ONLY &&
	    result->comment != HR_PUBLISH_KEPT_NEWER)
		rc = suggest(&api, report, o, result);
	hr_api_close(&api);
	return rc;
}
