/*
 * The REST client the publishers share: requests through src/net (retries,
 * Retry-After, deadline, token-free messages), JSON answers through the
 * project's jansson reader, pages followed by their Link header but never
 * off the API's own root (the token goes with every request).
 */
#include "publish/publish_internal.h"

#include "util/alloc.h"
#include "util/error_internal.h"
#include "util/json_input.h"

#include <stdlib.h>
#include <string.h>

/* One page of comments or files is far below this; more is a lie. */
#define PAGE_MAX_BYTES ((size_t)16 << 20)
#define DEFAULT_DEADLINE_MS 120000L

int hr_api_open(hr_api *api, const hr_publish_options *o, const char *service,
                const char *const *headers, size_t header_count)
{
	memset(api, 0, sizeof(*api));
	if (!o->api_url || strncmp(o->api_url, "http", 4) != 0)
		return hr_fail(HR_EUSAGE, "%s API URL must be an http(s) URL",
		               service);
	hr_http_config c;
	hr_http_config_init(&c);
	c.bearer_token = o->token;
	c.ca_file = o->ca_file;
	c.max_connections = 1;
	c.deadline_ms = o->deadline_ms > 0 ? o->deadline_ms : DEFAULT_DEADLINE_MS;
	c.max_response_bytes = PAGE_MAX_BYTES;
	int rc = hr_http_client_new(&c, &api->client);
	if (rc)
		return rc;
	api->service = service;
	api->token = o->token;
	api->base = o->api_url;
	api->base_len = strlen(o->api_url);
	while (api->base_len > 0 && api->base[api->base_len - 1] == '/')
		api->base_len--;
	api->headers = headers;
	api->header_count = header_count;
	return HR_OK;
}

void hr_api_close(hr_api *api)
{
	hr_http_client_free(&api->client);
}

/* A short, printable excerpt of an error answer: its "message" when it
 * is JSON with one, else its first bytes; the token, should a server echo
 * it, is left out. */
static void keep_excerpt(hr_api *api, const char *body, size_t len)
{
	api->excerpt[0] = '\0';
	if (!body || !len)
		return;
	hr_json_input in;
	json_t *v = NULL;
	if (hr_json_input_init(&in, "answer", body, len) == HR_OK)
		hr_json_value(&in, &v, NULL);
	hr_json_input_dispose(&in);
	const char *text = body;
	size_t n = len;
	if (json_is_string(json_object_get(v, "message"))) {
		text = json_string_value(json_object_get(v, "message"));
		n = strlen(text);
	}
	size_t token_len = api->token ? strlen(api->token) : 0;
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < sizeof(api->excerpt); i++) {
		if (token_len && n - i >= token_len &&
		    memcmp(text + i, api->token, token_len) == 0) {
			i += token_len - 1;
			continue;
		}
		unsigned char c = (unsigned char)text[i];
		api->excerpt[o++] = c >= 0x20 && c < 0x7F ? (char)c : ' ';
	}
	api->excerpt[o] = '\0';
	json_decref(v);
	hr_error_clear();
}

static char *url_for(const hr_api *api, const char *path)
{
	size_t n = api->base_len + strlen(path) + 1;
	char *url = hr_xmalloc(n);
	memcpy(url, api->base, api->base_len);
	strcpy(url + api->base_len, path);
	return url;
}

/* The path (under the root) of the Link header's rel="next" page, or NULL
 * when there is none or it leaves the root. */
static char *next_path(const hr_api *api, const char *link)
{
	for (const char *p = link; p && (p = strchr(p, '<'));) {
		const char *close = strchr(p, '>');
		if (!close)
			return NULL;
		const char *end = strchr(close, ',');
		size_t params = end ? (size_t)(end - close) : strlen(close);
		char *rel = hr_xstrndup(close, params);
		bool next = strstr(rel, "rel=\"next\"") || strstr(rel, "rel=next");
		free(rel);
		size_t n = (size_t)(close - p - 1);
		if (next) {
			if (n <= api->base_len ||
			    strncmp(p + 1, api->base, api->base_len) != 0 ||
			    !strchr("/?", p[1 + api->base_len]))
				return NULL;
			return hr_xstrndup(p + 1 + api->base_len, n - api->base_len);
		}
		p = end;
	}
	return NULL;
}

static int run(hr_api *api, const char *method, const char *path,
               const char *json, size_t json_len, hr_http_response *res)
{
	char *url = url_for(api, path);
	hr_http_request req = {method, url, json, json_len,
	                       json ? "application/json" : NULL, api->headers,
	                       api->header_count};
	memset(res, 0, sizeof(*res));
	int rc = hr_http_run(api->client, &req, 1, res);
	free(url);
	if (rc)
		return rc;
	if (res->error) {
		rc = hr_fail(res->error, "%s API: %s", api->service,
		             res->message ? res->message : "request failed");
		hr_http_response_clear(res);
		return rc;
	}
	api->status = res->status;
	if (res->status < 200 || res->status > 299)
		keep_excerpt(api, res->body, res->body_len);
	return HR_OK;
}

static int walk_page(hr_api *api, const hr_http_response *res,
                     hr_api_item_fn fn, void *ctx, bool *stop)
{
	char name[64];
	snprintf(name, sizeof(name), "%s API answer", api->service);
	hr_json_input in;
	int rc = hr_json_input_init(&in, name, res->body, res->body_len);
	hr_json_array arr;
	if (!rc)
		rc = hr_json_array_open(&in, &arr, "the answer");
	while (!rc && !*stop) {
		int more = hr_json_array_next(&arr);
		if (more <= 0) {
			rc = more < 0 ? more : hr_json_finish(&in);
			break;
		}
		json_t *item = NULL;
		rc = hr_json_value(&in, &item, NULL);
		if (!rc && fn(item, ctx))
			*stop = true;
		json_decref(item);
	}
	hr_json_input_dispose(&in);
	return rc;
}

int hr_api_list(hr_api *api, const char *path, size_t max_pages,
                hr_api_item_fn fn, void *ctx)
{
	char *page = hr_xstrdup(path);
	bool stop = false;
	int rc = HR_OK;
	for (size_t n = 0; page && n < max_pages && !stop; n++) {
		hr_http_response res;
		rc = run(api, "GET", page, NULL, 0, &res);
		if (rc)
			break;
		if (api->status < 200 || api->status > 299) {
			hr_http_response_clear(&res);
			break;
		}
		rc = walk_page(api, &res, fn, ctx, &stop);
		free(page);
		page = rc ? NULL : next_path(api, res.link);
		hr_http_response_clear(&res);
	}
	free(page);
	return rc;
}

int hr_api_send(hr_api *api, const char *method, const char *path,
                const char *json, size_t json_len, json_t **answer)
{
	if (answer)
		*answer = NULL;
	hr_http_response res;
	int rc = run(api, method, path, json, json_len, &res);
	if (rc)
		return rc;
	if (answer && api->status >= 200 && api->status <= 299) {
		char name[64];
		snprintf(name, sizeof(name), "%s API answer", api->service);
		hr_json_input in;
		rc = hr_json_input_init(&in, name, res.body, res.body_len);
		if (!rc)
			rc = hr_json_value(&in, answer, NULL);
		if (!rc)
			rc = hr_json_finish(&in);
		if (!rc && !json_is_object(*answer))
			rc = hr_fail(HR_EINVALID, "%s API answer is not an object",
			             api->service);
		if (rc) {
			json_decref(*answer);
			*answer = NULL;
		}
		hr_json_input_dispose(&in);
	}
	hr_http_response_clear(&res);
	return rc;
}

bool hr_api_read_only(const hr_api *api)
{
	return api->status == 403 && !strstr(api->excerpt, "rate limit");
}

int hr_api_fail(const hr_api *api, const char *method, const char *path)
{
	const char *q = strchr(path, '?');
	int n = q ? (int)(q - path) : (int)strlen(path);
	return hr_fail(HR_EIO, "%s API: %s %.*s: HTTP %ld%s%s", api->service,
	               method, n, path, api->status, api->excerpt[0] ? ": " : "",
	               api->excerpt);
}

int hr_json_body(const char *text, size_t len, hr_sbuf *out)
{
	json_t *v = json_object();
	json_t *s = json_stringn(text, len);
	char *dump = NULL;
	if (s && json_object_set_new(v, "body", s) == 0)
		dump = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	if (!dump)
		return hr_fail(HR_EINVALID, "the comment body is not UTF-8");
	hr_sbuf_clear(out);
	hr_sbuf_puts(out, dump);
	free(dump);
	return HR_OK;
}

uint64_t hr_json_id(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	json_int_t i = json_is_integer(v) ? json_integer_value(v) : 0;
	return i > 0 ? (uint64_t)i : 0;
}
