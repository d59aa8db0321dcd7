/*
 * The HTTP module against a loopback server that misbehaves on purpose
 * (fake_http.py, whose request log says what really arrived).
 * Usage: test_http PYTHON FAKE_HTTP_PY
 */
#include "../unit/test_util.h"

#include "net/http.h"
#include "net/http_internal.h"

#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

static const char *python, *server_script;
static char log_path[64], script_path[64];
static pid_t server_pid = -1;
static int server_port;

#define TOKEN "s3cr3t-token-4711"
#define PASSWORD "pa55word!"

/* ---- the server ---------------------------------------------------------- */

/* Starts fake_http.py logging to log_path with extra arguments; returns
 * its pid (-1 on failure) and sets *port. */
static pid_t spawn_server(const char *const *extra, int *port)
{
	int out[2];
	if (pipe(out) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		close(out[0]);
		close(out[1]);
		const char *argv[16] = {python, server_script, "--log", log_path};
		size_t n = 4;
		for (size_t i = 0; extra[i] && n < 15; i++)
			argv[n++] = extra[i];
		argv[n] = NULL;
		execv(python, (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	FILE *port_line = fdopen(out[0], "r");
	int ok = port_line && fscanf(port_line, "%d", port) == 1;
	if (port_line)
		fclose(port_line);
	return ok && *port > 0 ? pid : -1;
}

static int start_server(void **state)
{
	snprintf(log_path, sizeof(log_path), "/tmp/hr-http-log-XXXXXX");
	int fd = mkstemp(log_path);
	if (fd < 0)
		return -1;
	close(fd);
	/* Scripted steps, as the GitHub and GitLab tests will use them. */
	static const char script[] =
		"{\"/scripted/pages\": ["
		"{\"status\": 503, \"body\": \"busy\"},"
		"{\"status\": 200, \"body\": {\"items\": [1]},"
		" \"headers\": {\"Link\": \"<http://x/?page=2>; rel=\\\"next\\\"\"}},"
		"{\"action\": \"close\"}]}";
	snprintf(script_path, sizeof(script_path), "/tmp/hr-http-script-XXXXXX");
	fd = mkstemp(script_path);
	if (fd < 0 || write(fd, script, strlen(script)) != (ssize_t)strlen(script))
		return -1;
	close(fd);
	const char *args[] = {"--script", script_path, NULL};
	server_pid = spawn_server(args, &server_port);
	return server_pid > 0 ? 0 : -1;
}

static int stop_server(void **state)
{
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	unlink(log_path);
	unlink(script_path);
	return 0;
}

static const char *url(const char *path)
{
	static char buf[8][512];
	static unsigned next;
	char *b = buf[next++ % 8];
	snprintf(b, sizeof(buf[0]), "http://127.0.0.1:%d%s", server_port, path);
	return b;
}

/* The server's records of requests to exactly this path, in order; the
 * caller decrefs. */
static json_t *requests_to(const char *path)
{
	json_t *found = json_array();
	FILE *f = fopen(log_path, "r");
	assert_non_null(f);
	char line[1 << 16];
	while (fgets(line, sizeof(line), f)) {
		json_t *r = json_loads(line, 0, NULL);
		assert_non_null(r);
		if (strcmp(json_string_value(json_object_get(r, "path")), path) == 0)
			json_array_append(found, r);
		json_decref(r);
	}
	fclose(f);
	return found;
}

static const char *header_of(json_t *record, const char *name)
{
	return json_string_value(json_object_get(json_object_get(record, "headers"), name));
}

/* ---- running requests ---------------------------------------------------- */

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 +
	       (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* A config for tests: short waits, so failures come fast. */
static hr_http_config quick(void)
{
	hr_http_config c;
	hr_http_config_init(&c);
	c.backoff_ms = 20;
	c.request_timeout_ms = 5000;
	c.deadline_ms = 20000;
	return c;
}

/* Runs the requests on a new client; returns the milliseconds taken
 * from the client's creation. */
static long run_batch(const hr_http_config *config, const hr_http_request *requests,
                      size_t n, hr_http_response *responses)
{
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	hr_http_client *client = NULL;
	assert_int_equal(hr_http_client_new(config, &client), HR_OK);
	assert_int_equal(hr_http_run(client, requests, n, responses), HR_OK);
	long ms = elapsed_ms(&start);
	hr_http_client_free(&client);
	assert_null(client);
	return ms;
}

static long run_get(const hr_http_config *config, const char *path,
                    hr_http_response *response)
{
	hr_http_request request = {.url = url(path)};
	return run_batch(config, &request, 1, response);
}

/* GETs path and checks the outcome (status -1: any); returns the
 * milliseconds taken; the caller clears *r. */
static long get_expecting(const hr_http_config *config, const char *path,
                          int error, long status, unsigned attempts,
                          hr_http_response *r)
{
	long ms = run_get(config, path, r);
	assert_int_equal(r->error, error);
	if (status >= 0)
		assert_int_equal(r->status, status);
	assert_int_equal(r->attempts, attempts);
	assert_true((error == HR_OK) == (r->message == NULL));
	return ms;
}

static void assert_contains(const char *text, const char *part)
{
	if (!text || !strstr(text, part))
		fail_msg("\"%s\" does not contain \"%s\"", text ? text : "(null)", part);
}

static void assert_lacks(const char *text, const char *part)
{
	if (text && strstr(text, part))
		fail_msg("\"%s\" contains \"%s\"", text, part);
}

/* ---- answers ------------------------------------------------------------- */

static void test_success(void **state)
{
	hr_http_config c = quick();
	hr_http_response r;
	get_expecting(&c, "/ok", HR_OK, 200, 1, &r);
	assert_string_equal(r.body, "{\"status\":\"success\"}");
	assert_int_equal(r.body_len, strlen(r.body));
	assert_null(r.link);
	hr_http_response_clear(&r);
	assert_null(r.body);
}

/* The HTTP layer hands over what came; judging it is the caller's job. */
static void test_statuses_and_bodies_as_sent(void **state)
{
	static const struct {
		const char *path;
		long status;
		unsigned attempts;
		const char *body;
	} cases[] = {
		{"/status?code=404", 404, 1, "status\n"},
		{"/status?code=501", 501, 1, "status\n"},
		{"/status?code=301", 301, 1, "status\n"},
		{"/status?code=204", 204, 1, ""},
		{"/status?code=503", 503, 3, "status\n"}, /* retried, then as it is */
		{"/malformed", 200, 1, "{\"status\": \"success\", \"data\": [1, 2"},
	};
	hr_http_config c = quick();
	c.max_attempts = 3;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hr_http_response r;
		get_expecting(&c, cases[i].path, HR_OK, cases[i].status,
		              cases[i].attempts, &r);
		assert_string_equal(r.body, cases[i].body);
		hr_http_response_clear(&r);
	}
}

static void test_link_header(void **state)
{
	hr_http_config c = quick();
	hr_http_response r;
	get_expecting(&c, "/link", HR_OK, 200, 1, &r);
	assert_string_equal(r.link, "<http://127.0.0.1/next?page=2>; rel=\"next\"");
	hr_http_response_clear(&r);
}

/* ---- retries ------------------------------------------------------------- */

static void test_retry_500_then_success(void **state)
{
	hr_http_config c = quick();
	hr_http_response r;
	get_expecting(&c, "/flaky/r500?status=500&times=1", HR_OK, 200, 2, &r);
	assert_string_equal(r.body, "attempt 2\n");
	hr_http_response_clear(&r);
	json_t *seen = requests_to("/flaky/r500");
	assert_int_equal(json_array_size(seen), 2);
	json_decref(seen);
}

/* 429 with Retry-After, as seconds and as an HTTP-date: the wait is at
 * least what the server asked, though the backoff alone is 20 ms. */
static void test_retry_after(void **state)
{
	static const struct {
		const char *path, *logged;
	} cases[] = {
		{"/flaky/ra-seconds?status=429&times=1&retry_after=1", "/flaky/ra-seconds"},
		{"/flaky/ra-date?status=429&times=1&retry_after=date:2", "/flaky/ra-date"},
		/* GitHub's secondary rate limits: 403 with Retry-After. */
		{"/flaky/ra-403?status=403&times=1&retry_after=1", "/flaky/ra-403"},
	};
	hr_http_config c = quick();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hr_http_response r;
		long ms = get_expecting(&c, cases[i].path, HR_OK, 200, 2, &r);
		assert_true(ms >= 1000);
		hr_http_response_clear(&r);
		json_t *seen = requests_to(cases[i].logged);
		assert_int_equal(json_array_size(seen), 2);
		double gap = json_real_value(json_object_get(json_array_get(seen, 1), "t")) -
		             json_real_value(json_object_get(json_array_get(seen, 0), "t"));
		assert_true(gap >= 0.99);
		json_decref(seen);
	}
}

/* A 403 that does not say when to come back is final: one attempt. */
static void test_forbidden_is_final(void **state)
{
	hr_http_config c = quick();
	hr_http_response r;
	long ms = get_expecting(&c, "/flaky/no-ra-403?status=403&times=1", HR_OK,
	                        403, 1, &r);
	assert_true(ms < 1000);
	hr_http_response_clear(&r);
}

/* A Retry-After beyond the deadline is not waited for: the 429 stands. */
static void test_retry_after_past_deadline(void **state)
{
	hr_http_config c = quick();
	c.deadline_ms = 3000;
	hr_http_response r;
	long ms = get_expecting(&c, "/flaky/ra-far?status=429&times=1&retry_after=3600",
	                        HR_OK, 429, 1, &r);
	assert_true(ms < 1000);
	hr_http_response_clear(&r);
}

/* Dropped connections and cut bodies are transport errors: retried, then
 * reported with what failed. */
static void test_transport_faults(void **state)
{
	static const char *const paths[] = {"/close", "/truncated"};
	hr_http_config c = quick();
	c.max_attempts = 3;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		hr_http_response r;
		get_expecting(&c, paths[i], HR_EIO, -1, 3, &r);
		assert_null(r.body);
		char prefix[128];
		snprintf(prefix, sizeof(prefix), "GET %s: ", url(paths[i]));
		assert_true(strncmp(r.message, prefix, strlen(prefix)) == 0);
		assert_contains(r.message, "(3 attempts)");
		hr_http_response_clear(&r);
	}
}

/* ---- time ---------------------------------------------------------------- */

static void test_request_timeout(void **state)
{
	hr_http_config c = quick();
	c.request_timeout_ms = 300;
	c.max_attempts = 2;
	hr_http_response r;
	long ms = get_expecting(&c, "/slow?delay=3", HR_EIO, 0, 2, &r);
	char expected[160];
	snprintf(expected, sizeof(expected),
	         "GET %s: timed out after 0.3 s (2 attempts)", url("/slow?delay=3"));
	assert_string_equal(r.message, expected);
	assert_true(ms >= 600 && ms < 1500);
	hr_http_response_clear(&r);
}

/* Six requests that never get an answer, two at a time, per-attempt timeout
 * far away: the deadline ends all of them, on time.  It counts from the
 * client's creation, not from the run. */
static void test_deadline_bounds_hanging_batch(void **state)
{
	enum { N = 6 };
	hr_http_config c = quick();
	c.deadline_ms = 1500;
	c.request_timeout_ms = 60000;
	c.max_connections = 2;
	hr_http_request requests[N];
	hr_http_response responses[N];
	for (size_t i = 0; i < N; i++)
		requests[i] = (hr_http_request){.url = url("/hang")};
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	hr_http_client *client = NULL;
	assert_int_equal(hr_http_client_new(&c, &client), HR_OK);
	nanosleep(&(struct timespec){.tv_nsec = 300 * 1000000L}, NULL);
	assert_int_equal(hr_http_run(client, requests, N, responses), HR_OK);
	long ms = elapsed_ms(&start);
	assert_true(ms >= 1450 && ms < 1500 + 1000);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(responses[i].error, HR_EIO);
		assert_contains(responses[i].message, "deadline of 1.5 s reached");
		hr_http_response_clear(&responses[i]);
	}
	/* Past the deadline a run still answers, at once. */
	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(hr_http_run(client, requests, 1, responses), HR_OK);
	assert_true(elapsed_ms(&start) < 200);
	assert_int_equal(responses[0].error, HR_EIO);
	assert_int_equal(responses[0].attempts, 0);
	assert_contains(responses[0].message, "deadline");
	hr_http_response_clear(&responses[0]);
	hr_http_client_free(&client);
}

/* ---- limits -------------------------------------------------------------- */

static void test_bounded_concurrency(void **state)
{
	enum { N = 8 };
	hr_http_config c = quick();
	c.max_connections = 2;
	hr_http_request requests[N];
	hr_http_response responses[N];
	for (size_t i = 0; i < N; i++)
		requests[i] = (hr_http_request){.url = url("/slow/concurrency?delay=0.3")};
	long ms = run_batch(&c, requests, N, responses);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(responses[i].error, HR_OK);
		assert_int_equal(responses[i].status, 200);
		hr_http_response_clear(&responses[i]);
	}
	assert_true(ms >= 4 * 300);
	json_t *seen = requests_to("/slow/concurrency");
	assert_int_equal(json_array_size(seen), N);
	json_int_t most = 0, connections[N];
	size_t distinct = 0;
	size_t i;
	json_t *record;
	json_array_foreach(seen, i, record) {
		json_int_t busy = json_integer_value(json_object_get(record, "in_flight_path"));
		most = busy > most ? busy : most;
		json_int_t conn = json_integer_value(json_object_get(record, "connection"));
		size_t k = 0;
		while (k < distinct && connections[k] != conn)
			k++;
		if (k == distinct)
			connections[distinct++] = conn;
	}
	assert_int_equal(most, 2);     /* parallel, but never more */
	assert_true(distinct <= 2);    /* connections kept and reused */
	json_decref(seen);
}

static void test_oversize_body(void **state)
{
	static const struct {
		const char *path;
		int error;
		size_t len;
	} cases[] = {
		{"/huge/a?size=100000", HR_OK, 100000},           /* exactly the cap */
		{"/huge/b?size=100001", HR_ELIMIT, 0},            /* Content-Length */
		{"/huge/c?size=1000000&chunked=1", HR_ELIMIT, 0}, /* no length */
	};
	hr_http_config c = quick();
	c.max_response_bytes = 100000;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hr_http_response r;
		get_expecting(&c, cases[i].path, cases[i].error, 200, 1, &r);
		assert_int_equal(r.body_len, cases[i].len);
		if (cases[i].error == HR_OK)
			assert_int_equal(strspn(r.body, "x"), cases[i].len);
		else
			assert_contains(r.message, "response body larger than 100000 bytes");
		hr_http_response_clear(&r);
	}
}

/* ---- credentials and headers --------------------------------------------- */

static void test_bearer_token(void **state)
{
	hr_http_config c = quick();
	c.bearer_token = TOKEN;
	hr_http_response r;
	get_expecting(&c, "/echo/bearer", HR_OK, 200, 1, &r);
	hr_http_response_clear(&r);
	json_t *seen = requests_to("/echo/bearer");
	assert_int_equal(json_array_size(seen), 1);
	assert_string_equal(header_of(json_array_get(seen, 0), "authorization"),
	                    "Bearer " TOKEN);
	json_decref(seen);
}

static void test_basic_auth(void **state)
{
	hr_http_config c = quick();
	c.basic_user = "alice";
	c.basic_password = PASSWORD;
	hr_http_response r;
	get_expecting(&c, "/echo/basic", HR_OK, 200, 1, &r);
	hr_http_response_clear(&r);
	json_t *seen = requests_to("/echo/basic");
	assert_string_equal(header_of(json_array_get(seen, 0), "authorization"),
	                    "Basic YWxpY2U6cGE1NXdvcmQh");
	json_decref(seen);
}

static void test_extra_headers_methods_and_bodies(void **state)
{
	static const char *const client_headers[] = {"X-Client: one"};
	static const char *const request_headers[] = {"X-Request: two",
	                                              "Accept: application/json"};
	static const struct {
		const char *method, *path, *body, *logged_method, *content_type;
	} cases[] = {
		{NULL, "/echo/m1", NULL, "GET", NULL},
		{NULL, "/echo/m2", "a=1&b=2", "POST", "application/x-www-form-urlencoded"},
		{"POST", "/echo/m3", "{\"x\":1}", "POST", "application/json"},
		{"PUT", "/echo/m4", "put body", "PUT", "text/plain"},
		{"PATCH", "/echo/m5", "{}", "PATCH", "application/json"},
		{"DELETE", "/echo/m6", NULL, "DELETE", NULL},
		{"POST", "/echo/m7", NULL, "POST", NULL},
	};
	enum { N = sizeof(cases) / sizeof(cases[0]) };
	hr_http_config c = quick();
	c.headers = client_headers;
	c.header_count = 1;
	hr_http_request requests[N];
	hr_http_response responses[N];
	for (size_t i = 0; i < N; i++)
		requests[i] = (hr_http_request){
			.method = cases[i].method,
			.url = url(cases[i].path),
			.body = cases[i].body,
			.body_len = cases[i].body ? strlen(cases[i].body) : 0,
			.content_type = cases[i].body ? cases[i].content_type : NULL,
			.headers = request_headers,
			.header_count = 2,
		};
	run_batch(&c, requests, N, responses);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(responses[i].error, HR_OK);
		hr_http_response_clear(&responses[i]);
		json_t *seen = requests_to(cases[i].path);
		assert_int_equal(json_array_size(seen), 1);
		json_t *rec = json_array_get(seen, 0);
		assert_string_equal(json_string_value(json_object_get(rec, "method")),
		                    cases[i].logged_method);
		assert_string_equal(json_string_value(json_object_get(rec, "body")),
		                    cases[i].body ? cases[i].body : "");
		assert_string_equal(header_of(rec, "x-client"), "one");
		assert_string_equal(header_of(rec, "x-request"), "two");
		assert_string_equal(header_of(rec, "accept"), "application/json");
		assert_contains(header_of(rec, "user-agent"), "headroom/");
		assert_null(header_of(rec, "expect"));
		if (cases[i].content_type)
			assert_string_equal(header_of(rec, "content-type"),
			                    cases[i].content_type);
		json_decref(seen);
	}
}

/* ---- failures say what, where and how often, and nothing secret ---------- */

static int closed_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
	close(s); /* bound, never listened: nothing accepts there */
	return ntohs(a.sin_port);
}

static void test_connection_refused(void **state)
{
	hr_http_config c = quick();
	c.max_attempts = 2;
	char target[64];
	snprintf(target, sizeof(target), "http://127.0.0.1:%d/api", closed_port());
	hr_http_request request = {.url = target};
	hr_http_response r;
	long ms = run_batch(&c, &request, 1, &r);
	assert_true(ms < 1000);
	assert_int_equal(r.error, HR_EIO);
	assert_int_equal(r.attempts, 2);
	char prefix[96];
	snprintf(prefix, sizeof(prefix), "GET %s: ", target);
	assert_true(strncmp(r.message, prefix, strlen(prefix)) == 0);
	assert_contains(r.message, "Couldn't connect to server");
	assert_contains(r.message, "(2 attempts)");
	hr_http_response_clear(&r);
}

/* A listener whose accept queue is full: Linux drops further SYNs, so a
 * connection attempt hangs as it would to a host that does not answer. */
static void test_connect_timeout(void **state)
{
	int listener = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	assert_int_equal(bind(listener, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(listener, 0), 0);
	assert_int_equal(getsockname(listener, (struct sockaddr *)&a, &len), 0);
	int fillers[4];
	for (size_t i = 0; i < 4; i++) {
		fillers[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(fillers[i], (struct sockaddr *)&a, sizeof(a));
	}
	char target[64];
	snprintf(target, sizeof(target), "http://127.0.0.1:%d/", ntohs(a.sin_port));
	hr_http_config c = quick();
	c.connect_timeout_ms = 300;
	c.max_attempts = 1;
	hr_http_request request = {.url = target};
	hr_http_response r;
	long ms = run_batch(&c, &request, 1, &r);
	assert_int_equal(r.error, HR_EIO);
	assert_contains(r.message, ": could not connect within 0.3 s (1 attempt)");
	assert_true(ms >= 250 && ms < 1500);
	hr_http_response_clear(&r);
	for (size_t i = 0; i < 4; i++)
		close(fillers[i]);
	close(listener);
}

static void test_bad_urls(void **state)
{
	static const char *const urls[] = {
		"not a url",
		"http://[::1",
		"ftp://127.0.0.1/file",
		"file:///etc/passwd",
		"gopher://127.0.0.1/",
		"",
	};
	hr_http_config c = quick();
	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		hr_http_request request = {.url = urls[i]};
		hr_http_response r;
		long ms = run_batch(&c, &request, 1, &r);
		assert_true(ms < 500);
		assert_int_equal(r.error, HR_EINVALID);
		assert_int_equal(r.attempts, 1);
		assert_non_null(r.message);
		hr_http_response_clear(&r);
	}
}

/* Every way to fail, with a token or a password configured: it appears in
 * no message, not even where a URL or the server echoes it; nor does the
 * user:password@ of a URL, which the client does not know as a secret. */
static void test_no_secret_in_messages(void **state)
{
	for (int auth = 0; auth < 2; auth++) {
		const char *secret = auth ? PASSWORD : TOKEN;
		char paths[6][96];
		snprintf(paths[0], sizeof(paths[0]), "/close");
		snprintf(paths[1], sizeof(paths[1]), "/truncated?s=%s", secret);
		snprintf(paths[2], sizeof(paths[2]), "/hang");
		snprintf(paths[3], sizeof(paths[3]), "/huge?size=1000000&s=%s", secret);
		snprintf(paths[4], sizeof(paths[4]), "/slow?delay=2&token=%s", secret);
		snprintf(paths[5], sizeof(paths[5]), "/close?password=%s", secret);
		char refused[128], userinfo[128], bad[128];
		snprintf(refused, sizeof(refused), "http://127.0.0.1:%d/?t=%s",
		         closed_port(), secret);
		snprintf(userinfo, sizeof(userinfo),
		         "http://bob:hunter22@127.0.0.1:%d/close", server_port);
		snprintf(bad, sizeof(bad), "ftp://u:%s@127.0.0.1/", secret);
		const char *urls[] = {refused, userinfo, "http://bob:hunter22@[::1", bad,
		                      url(paths[0]), url(paths[1]), url(paths[2]),
		                      url(paths[3]), url(paths[4]), url(paths[5])};
		enum { N = sizeof(urls) / sizeof(urls[0]) };
		hr_http_config c = quick();
		c.max_attempts = 2;
		c.request_timeout_ms = 300;
		c.max_response_bytes = 1000;
		if (auth) {
			c.basic_user = "alice";
			c.basic_password = PASSWORD;
		} else {
			c.bearer_token = TOKEN;
		}
		hr_http_request requests[N];
		hr_http_response responses[N];
		for (size_t i = 0; i < N; i++)
			requests[i] = (hr_http_request){.url = urls[i]};
		run_batch(&c, requests, N, responses);
		for (size_t i = 0; i < N; i++) {
			assert_int_not_equal(responses[i].error, HR_OK);
			assert_lacks(responses[i].message, secret);
			assert_lacks(responses[i].message, "hunter22");
			assert_lacks(responses[i].message, "bob");
			hr_http_response_clear(&responses[i]);
		}
	}
}

static void test_redacted_urls(void **state)
{
	static const struct {
		const char *url, *shown;
	} cases[] = {
		{"http://u:p@example.com/x?q=1", "http://example.com/x?q=1"},
		{"https://token@example.com:8443/", "https://example.com:8443/"},
		{"http://example.com/a@b", "http://example.com/a@b"},
		{"http://u:p@[::1", "http://***@[::1"},
		{"ht tp://u:p@host/x@y", "ht tp://***@host/x@y"},
		{"no url at all", "no url at all"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *shown = hr_http_redacted_url(cases[i].url);
		assert_string_equal(shown, cases[i].shown);
		free(shown);
	}
}

/* ---- misuse -------------------------------------------------------------- */

static void test_misuse(void **state)
{
	static const char *const injected[] = {"X-A: 1\r\nX-Injected: 2"};
	static const char *const nameless[] = {": value"};
	static const struct {
		const char *name;
		hr_http_request request;
	} requests[] = {
		{"no url", {.url = NULL}},
		{"unknown method", {.method = "TRACE", .url = "http://127.0.0.1/"}},
		{"GET with a body", {.method = "GET", .url = "http://127.0.0.1/", .body = "x", .body_len = 1}},
		{"length without body", {.url = "http://127.0.0.1/", .body_len = 3}},
		{"header injection", {.url = "http://127.0.0.1/", .headers = injected, .header_count = 1}},
		{"nameless header", {.url = "http://127.0.0.1/", .headers = nameless, .header_count = 1}},
		{"headers missing", {.url = "http://127.0.0.1/", .header_count = 1}},
		{"content type injection", {.url = "http://127.0.0.1/", .body = "x", .body_len = 1, .content_type = "a\nB: c"}},
	};
	hr_http_client *client = NULL;
	hr_http_config c = quick();
	assert_int_equal(hr_http_client_new(&c, &client), HR_OK);
	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
		hr_http_response r = {.status = 1};
		int rc = hr_http_run(client, &requests[i].request, 1, &r);
		if (rc != HR_EUSAGE)
			fail_msg("%s: %d", requests[i].name, rc);
		assert_int_equal(r.status, 0); /* cleared, so clearing is safe */
		hr_http_response_clear(&r);
	}
	assert_int_equal(hr_http_run(client, NULL, 1, NULL), HR_EUSAGE);
	assert_int_equal(hr_http_run(client, NULL, 0, NULL), HR_OK);
	hr_http_client_free(&client);
	hr_http_client_free(&client);

	static const struct {
		const char *name, *token, *user, *password;
		const char *const *headers;
		size_t header_count;
	} configs[] = {
		{"bearer and basic", TOKEN, "u", "p", NULL, 0},
		{"user without password", NULL, "u", NULL, NULL, 0},
		{"token with a line break", "abc\r\nX-Evil: 1", NULL, NULL, NULL, 0},
		{"password with a line break", NULL, "u", "p\n", NULL, 0},
		{"header injection", NULL, NULL, NULL, injected, 1},
	};
	for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
		c = quick();
		c.bearer_token = configs[i].token;
		c.basic_user = configs[i].user;
		c.basic_password = configs[i].password;
		c.headers = configs[i].headers;
		c.header_count = configs[i].header_count;
		if (hr_http_client_new(&c, &client) != HR_EUSAGE)
			fail_msg("%s accepted", configs[i].name);
		assert_null(client);
		assert_lacks(hr_error_last()->message, "abc");
	}
}

/* One client, several runs: connections and the deadline carry over. */
static void test_client_reused(void **state)
{
	hr_http_config c = quick();
	hr_http_client *client = NULL;
	assert_int_equal(hr_http_client_new(&c, &client), HR_OK);
	for (int round = 0; round < 3; round++) {
		hr_http_request request = {.url = url("/ok/reused")};
		hr_http_response r;
		assert_int_equal(hr_http_run(client, &request, 1, &r), HR_OK);
		assert_int_equal(r.status, 200);
		hr_http_response_clear(&r);
	}
	hr_http_client_free(&client);
	json_t *seen = requests_to("/ok/reused");
	assert_int_equal(json_array_size(seen), 3);
	json_int_t first = json_integer_value(json_object_get(json_array_get(seen, 0), "connection"));
	json_int_t last = json_integer_value(json_object_get(json_array_get(seen, 2), "connection"));
	assert_int_equal(first, last);
	json_decref(seen);
}

/* A script's steps in order, the last repeating. */
static void test_scripted_server(void **state)
{
	hr_http_config c = quick();
	c.max_attempts = 2;
	hr_http_response r;
	get_expecting(&c, "/scripted/pages", HR_OK, 200, 2, &r);
	assert_string_equal(r.body, "{\"items\": [1]}");
	assert_string_equal(r.link, "<http://x/?page=2>; rel=\"next\"");
	hr_http_response_clear(&r);
	get_expecting(&c, "/scripted/pages", HR_EIO, -1, 2, &r);
	assert_contains(r.message, "Empty reply from server (2 attempts)");
	hr_http_response_clear(&r);
}

static void test_escape(void **state)
{
	static const struct {
		const char *text;
		size_t len;
		const char *escaped;
	} cases[] = {
		{"up", 2, "up"},
		{"a b&c=d/e", 9, "a%20b%26c%3Dd%2Fe"},
		{"sum(rate(x{pod=~\"a.*\"}[5m]))", 28, "sum%28rate%28x%7Bpod%3D~%22a.%2A%22%7D%5B5m%5D%29%29"},
		{"\xc3\xa9", 2, "%C3%A9"},
		{"a\0b", 3, "a%00b"},
		{"", 0, ""},
		{"-._~", 4, "-._~"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *escaped = hr_http_escape(cases[i].text, cases[i].len);
		assert_string_equal(escaped, cases[i].escaped);
		free(escaped);
	}
}

/* ---- TLS ------------------------------------------------------------------ */

/* Certificates made for the test by openssl: a CA, a server certificate
 * it signed for 127.0.0.1, and one it signed for another host. */
static const char make_certificates[] =
	"set -e; cd '%s'; "
	"k='-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes'; "
	"openssl req -x509 $k -keyout ca.key -out ca.pem -days 2 "
	"  -subj /CN=headroom-test-ca; "
	"for h in good:IP:127.0.0.1 other:DNS:other.example; do "
	"  n=${h%%%%:*}; "
	"  openssl req $k -keyout $n.key -out $n.csr -subj /CN=$n; "
	"  echo \"subjectAltName=${h#*:}\" > $n.ext; "
	"  openssl x509 -req -in $n.csr -CA ca.pem -CAkey ca.key "
	"    -CAcreateserial -out $n.pem -days 2 -extfile $n.ext; "
	"done > /dev/null 2>&1";

/* GETs https://127.0.0.1:port/ok from a server presenting name.pem. */
static void tls_get(const char *dir, const char *name, const char *ca_file,
                    int error)
{
	char cert[128], key[128];
	snprintf(cert, sizeof(cert), "%s/%s.pem", dir, name);
	snprintf(key, sizeof(key), "%s/%s.key", dir, name);
	const char *args[] = {"--tls-cert", cert, "--tls-key", key, NULL};
	int port = 0;
	pid_t pid = spawn_server(args, &port);
	assert_true(pid > 0);
	char target[64];
	snprintf(target, sizeof(target), "https://127.0.0.1:%d/ok", port);
	hr_http_config c = quick();
	c.ca_file = ca_file;
	hr_http_request request = {.url = target};
	hr_http_response r;
	run_batch(&c, &request, 1, &r);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	assert_int_equal(r.error, error);
	if (error == HR_OK) {
		assert_int_equal(r.status, 200);
		assert_string_equal(r.body, "{\"status\":\"success\"}");
	} else {
		/* Verification failures are final: the same every time. */
		assert_int_equal(r.attempts, 1);
		assert_contains(r.message, target);
	}
	hr_http_response_clear(&r);
}

/* Verification is always on: our CA is accepted when named, the system's
 * CAs do not know it, and a certificate for another host is refused. */
static void test_tls_verification(void **state)
{
	char dir[] = "/tmp/hr-tls-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char command[2048], ca[64];
	snprintf(command, sizeof(command), make_certificates, dir);
	if (system(command) != 0)
		fail_msg("openssl could not make the test certificates");
	snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
	tls_get(dir, "good", ca, HR_OK);
	tls_get(dir, "good", NULL, HR_EIO);
	tls_get(dir, "other", ca, HR_EIO);
	snprintf(command, sizeof(command), "rm -rf '%s'", dir);
	assert_int_equal(system(command), 0);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s PYTHON FAKE_HTTP_PY\n", argv[0]);
		return 2;
	}
	python = argv[1];
	server_script = argv[2];
	/* A proxy from the environment must not stand between us and loopback. */
	setenv("NO_PROXY", "127.0.0.1,localhost,[::1]", 1);
	setenv("no_proxy", "127.0.0.1,localhost,[::1]", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_success),
		cmocka_unit_test(test_bounded_concurrency),
		cmocka_unit_test(test_statuses_and_bodies_as_sent),
		cmocka_unit_test(test_link_header),
		cmocka_unit_test(test_retry_500_then_success),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_retry_after_past_deadline),
		cmocka_unit_test(test_forbidden_is_final),
		cmocka_unit_test(test_transport_faults),
		cmocka_unit_test(test_request_timeout),
		cmocka_unit_test(test_deadline_bounds_hanging_batch),
		cmocka_unit_test(test_oversize_body),
		cmocka_unit_test(test_bearer_token),
		cmocka_unit_test(test_basic_auth),
		cmocka_unit_test(test_extra_headers_methods_and_bodies),
		cmocka_unit_test(test_connection_refused),
		cmocka_unit_test(test_connect_timeout),
		cmocka_unit_test(test_bad_urls),
		cmocka_unit_test(test_no_secret_in_messages),
		cmocka_unit_test(test_redacted_urls),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_client_reused),
		cmocka_unit_test(test_scripted_server),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_tls_verification),
	};
	return cmocka_run_group_tests(tests, start_server, stop_server);
}
