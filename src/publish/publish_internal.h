/*
 * The publish stage's internals: the run stamp, body capping, suggestion
 * lines, diff hunks (pure functions, unit-tested) and the API client the
 * GitHub and GitLab publishers share.
 */
#ifndef HR_PUBLISH_INTERNAL_H
#define HR_PUBLISH_INTERNAL_H

#include "headroom/publish.h"
#include "net/http.h"
#include "report/escape.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- run stamp (stamp.c) ---- */

#define HR_STAMP_PREFIX "<!-- headroom:run "

/* Who wrote a comment: ordered by run id and attempt when both runs have
 * one (CI ids only grow), else by time. */
typedef struct hr_run_stamp {
	uint64_t run_id;
	unsigned attempt;
	int64_t time;
	char sha[65]; /* hex, or "" */
} hr_run_stamp;

/* The stamp of opts (the sha kept only when it is hex). */
void hr_stamp_from_options(const hr_publish_options *o, hr_run_stamp *out);

/* "<!-- headroom:run id=1 attempt=1 time=2 sha=abc -->\n" */
void hr_stamp_write(const hr_run_stamp *s, hr_sbuf *out);

/* The last stamp in body; false when it has none.  Manifest text in a
 * body is escaped (no "<" survives), so only headroom writes one. */
bool hr_stamp_find(const char *body, hr_run_stamp *out);

/* <0 when a is older than b, 0 same run, >0 newer. */
int hr_stamp_compare(const hr_run_stamp *a, const hr_run_stamp *b);

/* body (Markdown) + stamp, within max bytes: a longer body is cut at a
 * line end, open <details> closed, and a note says it was cut. */
void hr_publish_body(const char *body, size_t len, const hr_run_stamp *s,
                     size_t max, hr_sbuf *out);

/* The short body sent when the API refuses the full one as too long:
 * the report's headline (up to the first table or 2 KiB), a note, the
 * stamp. */
void hr_publish_short_body(const char *body, size_t len,
                           const hr_run_stamp *s, hr_sbuf *out);

/* ---- suggestions (suggest.c) ---- */

/*
 * The source line with the value at column (1-based, in characters)
 * replaced by value, when the text there is the value of key ("memory"
 * for resources.limits.memory) written `key: value` on that line: plain
 * or quoted (the quotes are kept), a trailing comment kept.  False (out
 * unchanged) when the line does not have that shape, the value is not a
 * plain quantity-like word, or the line holds a character no sink shows.
 */
bool hr_suggest_line(const char *line, size_t len, unsigned column,
                     const char *key, const char *value, hr_sbuf *out);

/* A fenced ```suggestion block replacing the commented line with text:
 * the fence is one backtick longer than any run inside (at least 3). */
void hr_suggest_block(const char *text, hr_sbuf *out);

/* The new-file line numbers a unified diff (a GitHub "patch") adds, in
 * order, into *lines (hr_xmalloc'd, caller frees); returns their count.
 * Anything not a hunk is skipped; counts are bounded by the text. */
size_t hr_diff_added_lines(const char *patch, unsigned **lines);

/* Line n (1-based) of text, without its newline or CR; false when none. */
bool hr_text_line(const char *text, size_t len, unsigned n,
                  const char **line, size_t *line_len);

/* path relative to the repository: "./" and a workspace prefix dropped. */
const char *hr_repo_path(const char *path, const char *workspace);

/* ---- the API client (api.c) ---- */

typedef struct hr_api {
	hr_http_client *client;
	const char *service; /* "GitHub", "GitLab" */
	const char *token;   /* borrowed: only to keep it out of excerpts */
	const char *base;    /* the API root, no trailing '/' */
	size_t base_len;
	const char *const *headers;
	size_t header_count;
	/* The last answer's status and a short printable excerpt of its
	 * message, for errors and for telling read-only from rate limits. */
	long status;
	char excerpt[160];
} hr_api;

int hr_api_open(hr_api *api, const hr_publish_options *o, const char *service,
                const char *const *headers, size_t header_count);
void hr_api_close(hr_api *api);

/* Called for each item of a listed page; return nonzero to stop. */
typedef int (*hr_api_item_fn)(const json_t *item, void *ctx);

/*
 * GET path (under the API root, query included) and every next page its
 * Link header names (only under the same root, at most max_pages), calling
 * fn for each item.  HR_OK with api->status 2xx when every page was read;
 * HR_OK with another status when the API said no (see api->status);
 * HR_EIO/HR_EINVALID/HR_ELIMIT with a message otherwise.
 */
int hr_api_list(hr_api *api, const char *path, size_t max_pages,
                hr_api_item_fn fn, void *ctx);

/* method path with a JSON body; *answer (may be NULL) receives the
 * decoded object of a 2xx answer.  Statuses as hr_api_list(). */
int hr_api_send(hr_api *api, const char *method, const char *path,
                const char *json, size_t json_len, json_t **answer);

/* True when the last status means the token may not write (403 that is
 * not a rate limit). */
bool hr_api_read_only(const hr_api *api);

/* Record "SERVICE API: METHOD PATH: HTTP N: excerpt" as the error. */
int hr_api_fail(const hr_api *api, const char *method, const char *path);

/* {"body": text} as JSON, into out; HR_EINVALID when not UTF-8. */
int hr_json_body(const char *text, size_t len, hr_sbuf *out);

/* An integer member of an object, 0 when absent. */
uint64_t hr_json_id(const json_t *obj, const char *key);

int hr_publish_github(const hr_report *report, const hr_publish_options *o,
                      const char *body, size_t body_len,
                      hr_publish_result *result);
int hr_publish_gitlab(const hr_report *report, const hr_publish_options *o,
                      const char *body, size_t body_len,
                      hr_publish_result *result);

/* Put the sticky comment: list with lister_path, find the marker, keep a
 * newer run's, else update (update_method on item_path/ID) or create
 * (POST create_path); a too-long body is retried short once. */
typedef struct hr_sticky {
	const char *list_path;
	const char *create_path;
	const char *item_path; /* prefix; "/ID" is appended */
	const char *update_method;
} hr_sticky;

int hr_sticky_put(hr_api *api, const hr_sticky *where,
                  const hr_publish_options *o, const char *body,
                  size_t body_len, hr_publish_result *result);

#endif
