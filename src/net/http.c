#include "net/http_internal.h"

#include "hr_version.h"
#include "util/alloc.h"
#include "util/error_internal.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_CONNECTIONS 4u
#define DEFAULT_REQUEST_TIMEOUT_MS 30000L
#define DEFAULT_CONNECT_TIMEOUT_MS 5000L
#define DEFAULT_DEADLINE_MS 120000L
#define DEFAULT_ATTEMPTS 4u
#define DEFAULT_BACKOFF_MS 500L
#define DEFAULT_RESPONSE_MAX ((size_t)64 << 20)
/* The longest the loop sleeps without looking at the clock. */
#define POLL_MAX_MS 1000L

/* The methods we send, and whether each may carry a body.  A GET with a
 * body is refused: servers and proxies treat it inconsistently. */
static const struct method_rule {
	const char *name;
	bool body;
} methods[] = {
	{"GET", false},
	{"POST", true},
	{"PUT", true},
	{"PATCH", true},
	{"DELETE", true},
};

struct hr_http_client {
	char *bearer_token, *basic_user, *basic_password, *ca_file, *user_agent;
	char **headers;
	size_t header_count;
	unsigned max_connections, max_attempts;
	long request_timeout_ms, connect_timeout_ms, deadline_ms, backoff_ms;
	size_t max_response_bytes;
	int64_t deadline_at; /* monotonic ms */
	uint64_t rng;
	CURLM *multi; /* kept across runs: its connections are reused */
};

typedef enum transfer_state { QUEUED, RUNNING, DONE } transfer_state;

/* One request through its attempts. */
typedef struct transfer {
	const hr_http_request *request;
	hr_http_response *response;
	const char *method;
	struct curl_slist *headers;
	transfer_state state;
	int64_t start_at; /* the next attempt may start then */
	CURL *easy;       /* while RUNNING */
	long timeout_ms;  /* this attempt's */
	bool clipped;     /* ... cut short by the deadline */
	bool answered;    /* response holds the last attempt's HTTP answer */
	bool body_over, link_over;
	char *body, *link; /* this attempt's */
	size_t body_len, body_cap, link_len, link_cap;
	size_t body_max;
	char last[CURL_ERROR_SIZE + 64]; /* the last failure, "" when none */
	char errbuf[CURL_ERROR_SIZE];
} transfer;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_started;

static void start_curl_once(void)
{
	curl_started = curl_global_init(CURL_GLOBAL_DEFAULT);
	/* libcurl's global state lives as long as the process; released at
	 * exit so that leak checkers see only what is really lost. */
	if (curl_started == CURLE_OK)
		atexit(curl_global_cleanup);
}

static int start_curl(void)
{
	pthread_once(&curl_once, start_curl_once);
	if (curl_started != CURLE_OK)
		return hr_fail(HR_EIO, "libcurl could not start: %s",
		               curl_easy_strerror(curl_started));
	return HR_OK;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void hr_http_config_init(hr_http_config *config)
{
	*config = (hr_http_config){
		.max_connections = DEFAULT_CONNECTIONS,
		.request_timeout_ms = DEFAULT_REQUEST_TIMEOUT_MS,
		.connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS,
		.deadline_ms = DEFAULT_DEADLINE_MS,
		.max_attempts = DEFAULT_ATTEMPTS,
		.backoff_ms = DEFAULT_BACKOFF_MS,
		.max_response_bytes = DEFAULT_RESPONSE_MAX,
		.user_agent = "headroom/" HR_VERSION,
	};
}

/* No CR or LF: a value holding one would start a header line of its own. */
static bool single_line(const char *text)
{
	return !text || !strpbrk(text, "\r\n");
}

static bool header_line_ok(const char *line)
{
	const char *colon = line ? strchr(line, ':') : NULL;
	return colon && colon != line && single_line(line);
}

static int check_headers(const char *const *headers, size_t count,
                         const char *whose)
{
	if (count && !headers)
		return hr_fail(HR_EUSAGE, "%s: %zu headers but no array", whose, count);
	for (size_t i = 0; i < count; i++)
		if (!header_line_ok(headers[i]))
			return hr_fail(HR_EUSAGE,
			               "%s: header %zu is not one \"Name: value\" line",
			               whose, i + 1);
	return HR_OK;
}

static int check_config(const hr_http_config *c)
{
	if (c->bearer_token && c->basic_user)
		return hr_fail(HR_EUSAGE, "HTTP: bearer token and basic auth both set");
	if (!c->basic_user != !c->basic_password)
		return hr_fail(HR_EUSAGE, "HTTP: basic auth needs a user and a password");
	/* The secrets are not named: the message must not hint at them. */
	if (!single_line(c->bearer_token) || !single_line(c->basic_user) ||
	    !single_line(c->basic_password) || !single_line(c->user_agent))
		return hr_fail(HR_EUSAGE, "HTTP: a credential or the user agent "
		                          "holds a line break");
	return check_headers(c->headers, c->header_count, "HTTP configuration");
}

static char *dup_or_null(const char *s)
{
	return s ? hr_xstrdup(s) : NULL;
}

int hr_http_client_new(const hr_http_config *config, hr_http_client **out)
{
	*out = NULL;
	hr_http_config defaults;
	hr_http_config_init(&defaults);
	if (!config)
		config = &defaults;
	int rc = check_config(config);
	if (rc == HR_OK)
		rc = start_curl();
	if (rc != HR_OK)
		return rc;
	hr_http_client *c = hr_xcalloc(1, sizeof(*c));
	c->deadline_at = now_ms();
	c->multi = curl_multi_init();
	if (!c->multi) {
		free(c);
		return hr_fail(HR_EIO, "libcurl could not make a transfer set");
	}
	c->bearer_token = dup_or_null(config->bearer_token);
	c->basic_user = dup_or_null(config->basic_user);
	c->basic_password = dup_or_null(config->basic_password);
	c->ca_file = dup_or_null(config->ca_file);
	c->user_agent = hr_xstrdup(config->user_agent ? config->user_agent
	                                              : defaults.user_agent);
	c->header_count = config->header_count;
	c->headers = hr_xcalloc(c->header_count, sizeof(char *));
	for (size_t i = 0; i < c->header_count; i++)
		c->headers[i] = hr_xstrdup(config->headers[i]);
#define OR_DEFAULT(field) (config->field > 0 ? config->field : defaults.field)
	c->max_connections = OR_DEFAULT(max_connections);
	c->max_attempts = OR_DEFAULT(max_attempts);
	c->request_timeout_ms = OR_DEFAULT(request_timeout_ms);
	c->connect_timeout_ms = OR_DEFAULT(connect_timeout_ms);
	c->deadline_ms = OR_DEFAULT(deadline_ms);
	c->backoff_ms = OR_DEFAULT(backoff_ms);
	c->max_response_bytes = OR_DEFAULT(max_response_bytes);
#undef OR_DEFAULT
	c->deadline_at += c->deadline_ms;
	c->rng = (uint64_t)c->deadline_at * 0x9E3779B97F4A7C15u ^
	         (uint64_t)getpid() ^ (uint64_t)(uintptr_t)c;
	/* Transfers are started at most max_connections at a time; the
	 * connection limits also cover connections kept alive between them. */
	curl_multi_setopt(c->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	                  (long)c->max_connections);
	curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, (long)c->max_connections);
	*out = c;
	return HR_OK;
}

void hr_http_client_free(hr_http_client **client)
{
	hr_http_client *c = client ? *client : NULL;
	if (!c)
		return;
	curl_multi_cleanup(c->multi);
	if (c->basic_password)
		memset(c->basic_password, 0, strlen(c->basic_password));
	if (c->bearer_token)
		memset(c->bearer_token, 0, strlen(c->bearer_token));
	free(c->bearer_token);
	free(c->basic_user);
	free(c->basic_password);
	free(c->ca_file);
	free(c->user_agent);
	for (size_t i = 0; i < c->header_count; i++)
		free(c->headers[i]);
	free(c->headers);
	free(c);
	*client = NULL;
}

void hr_http_response_clear(hr_http_response *response)
{
	if (!response)
		return;
	free(response->message);
	free(response->body);
	free(response->link);
	*response = (hr_http_response){0};
}

char *hr_http_escape(const char *text, size_t len)
{
	if (len > INT_MAX || start_curl() != HR_OK)
		return NULL;
	if (len == 0) /* curl_easy_escape would take 0 as "use strlen" */
		return hr_xstrdup("");
	char *escaped = curl_easy_escape(NULL, text, (int)len);
	if (!escaped)
		return NULL;
	char *copy = hr_xstrdup(escaped);
	curl_free(escaped);
	return copy;
}

/* ---- one attempt ---------------------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t count, void *user)
{
	transfer *t = user;
	size_t n = size * count;
	if (n > t->body_max - t->body_len) {
		t->body_over = true;
		return 0; /* not n: libcurl stops with CURLE_WRITE_ERROR */
	}
	t->body = hr_xgrow(t->body, &t->body_cap, t->body_len + n + 1, 1);
	memcpy(t->body + t->body_len, data, n);
	t->body_len += n;
	t->body[t->body_len] = '\0';
	return n;
}

static size_t on_header(char *data, size_t size, size_t count, void *user)
{
	transfer *t = user;
	size_t n = size * count;
	/* A status line starts another answer (after a 1xx): only the last
	 * answer's Link counts. */
	if (n >= 5 && memcmp(data, "HTTP/", 5) == 0)
		t->link_len = 0;
	if (n < 5 || strncasecmp(data, "link:", 5) != 0)
		return n;
	const char *value = data + 5;
	size_t len = n - 5;
	while (len && (*value == ' ' || *value == '\t'))
		value++, len--;
	while (len && strchr(" \t\r\n", value[len - 1]))
		len--;
	/* Several Link lines mean one list (RFC 8288): join them. */
	size_t sep = t->link_len ? 2 : 0;
	if (len + sep > HR_HTTP_LINK_MAX - t->link_len) {
		t->link_over = true;
		return 0;
	}
	t->link = hr_xgrow(t->link, &t->link_cap, t->link_len + sep + len + 1, 1);
	memcpy(t->link + t->link_len, ", ", sep);
	memcpy(t->link + t->link_len + sep, value, len);
	t->link_len += sep + len;
	t->link[t->link_len] = '\0';
	return n;
}

static const struct method_rule *find_method(const char *name)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(methods[i].name, name) == 0)
			return &methods[i];
	return NULL;
}

static void append_header(struct curl_slist **list, const char *line)
{
	struct curl_slist *grown = curl_slist_append(*list, line);
	if (!grown)
		abort(); /* out of memory: the project's policy, see alloc.h */
	*list = grown;
}

static struct curl_slist *request_headers(const hr_http_client *c,
                                          const hr_http_request *r)
{
	struct curl_slist *list = NULL;
	for (size_t i = 0; i < c->header_count; i++)
		append_header(&list, c->headers[i]);
	for (size_t i = 0; i < r->header_count; i++)
		append_header(&list, r->headers[i]);
	if (r->body && r->content_type) {
		size_t len = strlen("Content-Type: ") + strlen(r->content_type) + 1;
		char *line = hr_xmalloc(len);
		snprintf(line, len, "Content-Type: %s", r->content_type);
		append_header(&list, line);
		free(line);
	}
	/* No "Expect: 100-continue" round trip before a large body. */
	append_header(&list, "Expect:");
	return list;
}

static void set_method(CURL *e, const char *method, const hr_http_request *r)
{
	if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
		return;
	}
	if (strcmp(method, "POST") != 0)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	/* POST, PUT and PATCH always send a body (maybe empty, so with
	 * "Content-Length: 0"); DELETE only when given one. */
	if (r->body || strcmp(method, "DELETE") != 0) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)(r->body ? r->body_len : 0));
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body ? r->body : "");
	}
}

/* An easy handle for t's next attempt, or NULL (t->last says why). */
static CURL *make_easy(const hr_http_client *c, transfer *t)
{
	CURL *e = curl_easy_init();
	if (!e) {
		snprintf(t->last, sizeof(t->last), "libcurl could not make a handle");
		return NULL;
	}
	t->errbuf[0] = '\0';
	/* The options whose failure would weaken the guarantees are checked:
	 * a libcurl without them must not run the request at all. */
	CURLcode rc = curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (rc == CURLE_OK && c->ca_file)
		rc = curl_easy_setopt(e, CURLOPT_CAINFO, c->ca_file);
	if (rc == CURLE_OK && c->bearer_token) {
		rc = curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(e, CURLOPT_XOAUTH2_BEARER, c->bearer_token);
	}
	if (rc == CURLE_OK && c->basic_user) {
		rc = curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(e, CURLOPT_USERNAME, c->basic_user);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(e, CURLOPT_PASSWORD, c->basic_password);
	}
	if (rc != CURLE_OK) {
		snprintf(t->last, sizeof(t->last), "libcurl refused a setting: %s",
		         curl_easy_strerror(rc));
		curl_easy_cleanup(e);
		return NULL;
	}
	curl_easy_setopt(e, CURLOPT_URL, t->request->url);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(e, CURLOPT_PRIVATE, t);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, t->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	                 c->connect_timeout_ms < t->timeout_ms ? c->connect_timeout_ms
	                                                       : t->timeout_ms);
	curl_easy_setopt(e, CURLOPT_USERAGENT, c->user_agent);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
	                 (curl_off_t)(c->max_response_bytes < (size_t)INT64_MAX
	                                  ? c->max_response_bytes
	                                  : (size_t)INT64_MAX));
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
	set_method(e, t->method, t->request);
	return e;
}

static void finish(const hr_http_client *c, transfer *t, int error,
                   const char *what)
{
	hr_http_response *r = t->response;
	r->error = error;
	if (error != HR_OK) {
		const char *secrets[] = {c->bearer_token, c->basic_password};
		r->message = hr_http_failure_message(t->method, t->request->url, what,
		                                     r->attempts, secrets, 2);
		free(r->body);
		free(r->link);
		r->body = r->link = NULL;
		r->body_len = 0;
	}
	t->state = DONE;
}

/* Queue another attempt when one is left and its wait ends before the
 * deadline; false when the last outcome stands. */
static bool retry(hr_http_client *c, transfer *t, long retry_after_s,
                  int64_t now)
{
	if (t->response->attempts >= c->max_attempts)
		return false;
	long wait = hr_http_retry_wait_ms(c->backoff_ms, t->response->attempts,
	                                  retry_after_s, &c->rng);
	if (wait >= c->deadline_at - now)
		return false;
	t->start_at = now + wait;
	t->state = QUEUED;
	return true;
}

static void drop_attempt_data(transfer *t)
{
	free(t->body);
	free(t->link);
	t->body = t->link = NULL;
	t->body_len = t->body_cap = t->link_len = t->link_cap = 0;
}

/* Starts t's next attempt; false when it could not (t is then DONE). */
static bool start_attempt(hr_http_client *c, transfer *t, int64_t now)
{
	long left = (long)(c->deadline_at - now);
	t->clipped = left < c->request_timeout_ms;
	t->timeout_ms = t->clipped ? left : c->request_timeout_ms;
	t->body_over = t->link_over = false;
	t->response->attempts++;
	t->easy = make_easy(c, t);
	if (t->easy && curl_multi_add_handle(c->multi, t->easy) != CURLM_OK) {
		curl_easy_cleanup(t->easy);
		t->easy = NULL;
		snprintf(t->last, sizeof(t->last), "libcurl could not start it");
	}
	if (!t->easy) {
		finish(c, t, HR_EIO, t->last);
		return false;
	}
	t->state = RUNNING;
	return true;
}

static void stop_easy(hr_http_client *c, transfer *t)
{
	curl_multi_remove_handle(c->multi, t->easy);
	curl_easy_cleanup(t->easy);
	t->easy = NULL;
}

/* connect_us and total_us: libcurl's connect and total times.  A timeout
 * is the connect timeout's when no connection was made and the attempt
 * ended before its own timeout (a reused connection also reports 0). */
static void describe_failure(const hr_http_client *c, transfer *t,
                             CURLcode rc, curl_off_t connect_us,
                             curl_off_t total_us)
{
	char secs[32];
	if (rc == CURLE_OPERATION_TIMEDOUT && t->clipped) {
		hr_http_format_seconds(secs, sizeof(secs), c->deadline_ms);
		snprintf(t->last, sizeof(t->last), "deadline of %s reached", secs);
	} else if (rc == CURLE_OPERATION_TIMEDOUT && connect_us == 0 &&
	           total_us / 1000 < t->timeout_ms) {
		hr_http_format_seconds(secs, sizeof(secs), c->connect_timeout_ms);
		snprintf(t->last, sizeof(t->last), "could not connect within %s", secs);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		hr_http_format_seconds(secs, sizeof(secs), t->timeout_ms);
		snprintf(t->last, sizeof(t->last), "timed out after %s", secs);
	} else {
		snprintf(t->last, sizeof(t->last), "%s",
		         t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc));
	}
}

static void end_attempt(hr_http_client *c, transfer *t, CURLcode rc,
                        int64_t now)
{
	long status = 0;
	curl_off_t retry_after_s = 0, connect_us = 0, total_us = 0;
	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(t->easy, CURLINFO_RETRY_AFTER, &retry_after_s);
	curl_easy_getinfo(t->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
	curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME_T, &total_us);
	stop_easy(c, t);
	hr_http_response *r = t->response;
	if (rc == CURLE_OK) {
		free(r->body);
		free(r->link);
		if (!t->body) /* an empty body is still a string */
			t->body = hr_xcalloc(1, 1);
		r->body = t->body;
		r->body_len = t->body_len;
		r->link = t->link;
		t->body = t->link = NULL;
		drop_attempt_data(t);
		r->status = status;
		t->answered = true;
		snprintf(t->last, sizeof(t->last), "HTTP %ld", status);
		/* libcurl reports 0 both for "no Retry-After" and "now". */
		if (hr_http_status_retried(status, retry_after_s > 0) &&
		    retry(c, t, retry_after_s > 0 ? (long)retry_after_s : -1, now))
			return;
		finish(c, t, HR_OK, NULL);
		return;
	}
	drop_attempt_data(t);
	t->answered = false;
	if (status)
		r->status = status;
	char limit[96];
	if (t->body_over || rc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(limit, sizeof(limit), "response body larger than %zu bytes",
		         c->max_response_bytes);
		finish(c, t, HR_ELIMIT, limit);
	} else if (t->link_over) {
		snprintf(limit, sizeof(limit), "Link header longer than %zu bytes",
		         HR_HTTP_LINK_MAX);
		finish(c, t, HR_ELIMIT, limit);
	} else {
		describe_failure(c, t, rc, connect_us, total_us);
		if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL)
			finish(c, t, HR_EINVALID, t->last);
		else if (!hr_http_code_retried(rc) || !retry(c, t, -1, now))
			finish(c, t, HR_EIO, t->last);
	}
}

/* The deadline has come: t ends now, with its last HTTP answer if the
 * attempt it waited to make was a retry after one. */
static void expire(hr_http_client *c, transfer *t)
{
	if (t->state == RUNNING) {
		stop_easy(c, t);
		drop_attempt_data(t);
		t->answered = false;
	}
	if (t->answered) {
		finish(c, t, HR_OK, NULL);
		return;
	}
	char secs[32], what[sizeof(t->last) + 64];
	hr_http_format_seconds(secs, sizeof(secs), c->deadline_ms);
	if (t->last[0])
		snprintf(what, sizeof(what), "deadline of %s reached; last: %s", secs,
		         t->last);
	else
		snprintf(what, sizeof(what), "deadline of %s reached", secs);
	finish(c, t, HR_EIO, what);
}

/* ---- the batch ---------------------------------------------------------- */

static int check_request(const hr_http_request *r, size_t i)
{
	char whose[48];
	snprintf(whose, sizeof(whose), "HTTP request %zu", i + 1);
	if (!r->url)
		return hr_fail(HR_EUSAGE, "%s: no URL", whose);
	if (r->method) {
		const struct method_rule *m = find_method(r->method);
		if (!m)
			return hr_fail(HR_EUSAGE, "%s: method \"%.16s\" is not one we send",
			               whose, r->method);
		if (r->body && !m->body)
			return hr_fail(HR_EUSAGE, "%s: a %s has no body", whose, m->name);
	}
	if (!r->body && r->body_len)
		return hr_fail(HR_EUSAGE, "%s: body_len without a body", whose);
	if (!single_line(r->content_type))
		return hr_fail(HR_EUSAGE, "%s: content type holds a line break", whose);
	return check_headers(r->headers, r->header_count, whose);
}

static long poll_wait(const hr_http_client *c, const transfer *ts, size_t n,
                      size_t running, int64_t now)
{
	int64_t wait = c->deadline_at - now;
	if (running < c->max_connections)
		for (size_t i = 0; i < n; i++)
			if (ts[i].state == QUEUED && ts[i].start_at - now < wait)
				wait = ts[i].start_at - now;
	if (wait > POLL_MAX_MS)
		wait = POLL_MAX_MS;
	return wait > 0 ? (long)wait : 0;
}

int hr_http_run(hr_http_client *client, const hr_http_request *requests,
                size_t n, hr_http_response *responses)
{
	if (n && responses)
		memset(responses, 0, n * sizeof(*responses));
	if (!client || (n && (!requests || !responses)))
		return hr_fail(HR_EUSAGE, "HTTP: no client, requests or responses");
	for (size_t i = 0; i < n; i++) {
		int rc = check_request(&requests[i], i);
		if (rc != HR_OK)
			return rc;
	}
	hr_http_client *c = client;
	transfer *ts = hr_xcalloc(n ? n : 1, sizeof(*ts));
	for (size_t i = 0; i < n; i++) {
		const hr_http_request *r = &requests[i];
		ts[i] = (transfer){
			.request = r,
			.response = &responses[i],
			.method = r->method ? r->method : r->body ? "POST" : "GET",
			.headers = request_headers(c, r),
			.body_max = c->max_response_bytes,
		};
	}
	size_t left = n, running = 0;
	while (left) {
		int64_t now = now_ms();
		if (now >= c->deadline_at) {
			for (size_t i = 0; i < n; i++)
				if (ts[i].state != DONE)
					expire(c, &ts[i]);
			break;
		}
		for (size_t i = 0; i < n && running < c->max_connections; i++) {
			if (ts[i].state != QUEUED || ts[i].start_at > now)
				continue;
			if (start_attempt(c, &ts[i], now))
				running++;
			else
				left--;
		}
		int still;
		curl_multi_perform(c->multi, &still);
		bool ended = false;
		CURLMsg *msg;
		int queued;
		while ((msg = curl_multi_info_read(c->multi, &queued))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			char *owner = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &owner);
			transfer *t = (transfer *)(void *)owner;
			running--;
			ended = true;
			end_attempt(c, t, msg->data.result, now_ms());
			if (t->state == DONE)
				left--;
		}
		if (left && !ended)
			curl_multi_poll(c->multi, NULL, 0,
			                (int)poll_wait(c, ts, n, running, now_ms()), NULL);
	}
	for (size_t i = 0; i < n; i++)
		curl_slist_free_all(ts[i].headers);
	free(ts);
	return HR_OK;
}
