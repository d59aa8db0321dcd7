/*
 * HTTP: the project's one wrapper over libcurl (the only file set that
 * includes <curl/curl.h>).  Used by the Prometheus source and, later, by
 * publishing to GitHub and GitLab.  Internal to the core: never printed
 * from, never exits; failures are returned and described per response.
 *
 * What a client does, whatever the caller asks:
 *
 *  - Only http and https, for the request and for anything after it.
 *    Redirects are not followed at all: a 3xx is returned as it is.  The
 *    APIs we call (Prometheus, GitHub, GitLab) answer their documented
 *    URLs directly, and a followed redirect is where credentials leak to
 *    another host or a plain-http downgrade hides; a caller that meets a
 *    3xx sees its status and can say so.
 *  - TLS peer and host verification are always on (ca_file adds a CA
 *    bundle instead of the system one; there is no switch to turn it off).
 *  - Bounded: at most max_connections transfers and connections at once;
 *    each attempt limited by request_timeout_ms (connecting by
 *    connect_timeout_ms); everything by deadline_ms counted from
 *    hr_http_client_new(), so hr_http_run() returns by the deadline plus a
 *    few milliseconds whatever servers do; a body over max_response_bytes
 *    (after decompression) is an error, never a truncation; the Link
 *    header is kept up to HR_HTTP_LINK_MAX bytes.
 *  - Retries: transport errors and timeouts, 429 and 5xx except 501 and
 *    505, up to max_attempts attempts, waiting backoff_ms, then twice
 *    that, and so on, each wait drawn between half and all of it (jitter,
 *    so that many clients do not retry in step), or longer when the
 *    server's Retry-After (seconds or HTTP-date) asks for it.  A wait that
 *    would end past the deadline is not taken: the last answer stands.
 *  - Messages name the method and the URL without its user:password@ part,
 *    say what failed and after how many attempts; neither the bearer token
 *    nor the password ever appears in one (they are also masked if a
 *    server or URL echoes them).  Header values holding CR or LF are
 *    refused, so no value can inject a header line.
 *
 * A client is used by one thread at a time; clients on different threads
 * are independent.
 *
 * Proxies: libcurl's usual environment variables (https_proxy, no_proxy)
 * apply, as CI runners behind a proxy need them.
 */
#ifndef HR_NET_HTTP_H
#define HR_NET_HTTP_H

#include <stddef.h>

/* The longest Link response header kept (all Link lines joined). */
#define HR_HTTP_LINK_MAX ((size_t)64 << 10)

typedef struct hr_http_config {
	const char *bearer_token;     /* NULL: none. Never appears in any message. */
	const char *basic_user;       /* with basic_password; NULL: none */
	const char *basic_password;
	const char *const *headers;   /* extra "Name: value" lines on every request */
	size_t header_count;
	const char *ca_file;          /* NULL: system CAs. Verification is always on. */
	unsigned max_connections;     /* concurrent transfers (default 4) */
	long request_timeout_ms;      /* per attempt (default 30000) */
	long connect_timeout_ms;      /* default 5000 */
	long deadline_ms;             /* total, counted from hr_http_client_new (default 120000) */
	unsigned max_attempts;        /* default 4 */
	long backoff_ms;              /* first retry delay, doubled each time, jittered (default 500) */
	size_t max_response_bytes;    /* default 64 MiB; larger is an error, not a truncation */
	const char *user_agent;       /* default "headroom/VERSION" */
} hr_http_config;

/* Fills config with the defaults above (no auth, no headers). */
void hr_http_config_init(hr_http_config *config);

typedef struct hr_http_request {
	const char *method;           /* NULL: GET, or POST when body is set; also "PATCH", "PUT", "DELETE" */
	const char *url;
	const char *body;             /* NULL: none */
	size_t body_len;
	const char *content_type;     /* for body, e.g. "application/x-www-form-urlencoded" */
	const char *const *headers;   /* extra "Name: value" for this request only */
	size_t header_count;
} hr_http_request;

typedef struct hr_http_response {
	int error;                    /* HR_OK when an HTTP response arrived (any status) */
	char *message;                /* when error: what failed, token-free, e.g.
	                                 "GET http://127.0.0.1:9090/api/v1/query: timed out after 30 s (3 attempts)" */
	long status;                  /* last HTTP status; 0 when none arrived */
	char *body;                   /* NUL-terminated; body_len bytes */
	size_t body_len;
	char *link;                   /* the Link response header (pagination), or NULL */
	unsigned attempts;
} hr_http_response;

typedef struct hr_http_client hr_http_client;

/*
 * A client for config, which is copied (strings included): the caller may
 * free it at once.  Zero or NULL fields take their defaults.  The deadline
 * starts now.
 * Returns HR_OK; HR_EUSAGE (with a message) for both bearer and basic
 * auth, a basic user without password, a header that is not "Name: value"
 * or any value holding CR or LF; HR_EIO when libcurl cannot start.
 */
int hr_http_client_new(const hr_http_config *config, hr_http_client **out);

/* Runs n requests concurrently (curl multi, at most max_connections at once). Retries, with backoff,
 * transport errors and timeouts, 429 and 5xx (honouring Retry-After, seconds or HTTP-date, bounded by
 * the deadline); other statuses are returned as they are. Never runs past the deadline: what is left
 * then fails with a "deadline" message. Fills responses[i] for requests[i]. Returns HR_OK when the batch
 * ran (inspect each response), an error code only for misuse or out of memory. Can be called many times.
 *
 * Requests (and their bodies) are borrowed for the call.  Every responses[i] is overwritten, so clear
 * one before reusing it; after HR_OK each holds memory the caller releases with
 * hr_http_response_clear().  A response's error is HR_OK (an HTTP answer, any status), HR_EIO
 * (transport failure, timeout, deadline), HR_ELIMIT (body over max_response_bytes, Link over
 * HR_HTTP_LINK_MAX) or HR_EINVALID (a URL libcurl cannot parse, or not http/https).
 * Misuse (NULL arguments, a NULL url, an unknown method, a body with GET, a bad header line) returns
 * HR_EUSAGE with a message and runs nothing. */
int hr_http_run(hr_http_client *client, const hr_http_request *requests, size_t n,
                hr_http_response *responses);

void hr_http_response_clear(hr_http_response *response);   /* frees what one response holds */

/* Frees the client and sets *client to NULL; NULL and *client NULL are fine. */
void hr_http_client_free(hr_http_client **client);

/* url-encoding for query strings and form bodies (wraps curl_easy_escape): caller frees with free() */
/* Every byte but A-Z a-z 0-9 - . _ ~ is %XX-encoded; text need not be NUL-terminated.  NULL only
 * when libcurl cannot start or len is over INT_MAX. */
char *hr_http_escape(const char *text, size_t len);

#endif
