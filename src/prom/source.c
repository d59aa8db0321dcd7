/*
 * hr_prom_export(): the queries of query.c over HTTP (src/net/http.h:
 * bounded connections, per-attempt timeouts, retries with backoff, one
 * deadline for everything), answers decoded by response.c, pods mapped
 * by owners.c, the document written by aggregate.c.
 *
 * Failures are data, not errors: a chunk of namespaces whose queries did
 * not all succeed is dropped whole (a peak without its percentiles, or
 * percentiles without the peak, would be a wrong answer, not a partial
 * one) and named in a note; nothing answering at all makes the result
 * unreachable.  The caller applies prometheus.on_unreachable.
 */
#include "prom/prom_internal.h"

#include "net/http.h"
#include "util/alloc.h"
#include "util/error_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const hr_prometheus_settings default_settings = {
	.timeout = 30,
	.deadline = 120,
	.max_connections = 4,
	.rate_window = 300,
	.step = 60,
	.on_unreachable = HR_UNREACHABLE_OPEN,
};

typedef struct source {
	const hr_prom_options *opts;
	const hr_prometheus_settings *set;
	hr_prom_result *out;
	hr_http_client *http;
	hr_arena arena;
	const char *url;        /* without a trailing '/' */
	char shown[256];        /* the URL for notes, without user:password@ */
	int64_t window;
	prom_rows rows[PS_COUNT];
	prom_owners owners;
	size_t skipped_value, skipped_labels;
} source;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 0)))
#endif
static void vadd_line(source *s, char ***lines, size_t *count,
                      const char *fmt, va_list ap)
{
	char text[1024];
	vsnprintf(text, sizeof(text), fmt, ap);
	*lines = hr_xrealloc(*lines, (*count + 1) * sizeof(**lines));
	size_t n = strlen(s->shown) + strlen(text) + 16;
	(*lines)[*count] = hr_xmalloc(n);
	snprintf((*lines)[(*count)++], n, "prometheus %s: %s", s->shown, text);
}

/* What failed: "prometheus URL: ..." */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void failure(source *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd_line(s, &s->out->failures, &s->out->failure_count, fmt, ap);
	va_end(ap);
}

/* What was skipped. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void note(source *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd_line(s, &s->out->notes, &s->out->note_count, fmt, ap);
	va_end(ap);
}

/* The URL as messages show it: no user:password@, no query string. */
static void shown_url(char *buf, size_t size, const char *url)
{
	const char *host = strstr(url, "://");
	host = host ? host + 3 : url;
	const char *end = host + strcspn(host, "/?#");
	const char *at = memchr(host, '@', (size_t)(end - host));
	size_t scheme = (size_t)(host - url);
	const char *rest = at ? at + 1 : host;
	snprintf(buf, size, "%.*s%.*s", (int)scheme, url,
	         (int)strcspn(rest, "?#"), rest);
}

/* A "Name: value" header from an environment variable's value; notes
 * and returns false when it is not set. */
static bool from_env(source *s, const char *var, const char *what,
                     const char **out)
{
	if (!var)
		return true;
	const char *v = getenv(var);
	if (!v || !*v) {
		failure(s, "the %s variable %s is not set", what, var);
		return false;
	}
	*out = v;
	return true;
}

static int start_client(source *s)
{
	const hr_prometheus_settings *set = s->set;
	hr_http_config c;
	hr_http_config_init(&c);
	if (!from_env(s, set->token_env, "token", &c.bearer_token) ||
	    !from_env(s, set->username_env, "user name", &c.basic_user) ||
	    !from_env(s, set->password_env, "password", &c.basic_password))
		return HR_EUSAGE;
	c.headers = set->headers;
	c.header_count = set->header_count;
	c.ca_file = set->ca_file;
	c.max_connections = (unsigned)set->max_connections;
	c.request_timeout_ms = (long)set->timeout * 1000;
	c.connect_timeout_ms = c.request_timeout_ms < 5000 ? c.request_timeout_ms
	                                                    : 5000;
	c.deadline_ms = (long)set->deadline * 1000;
	int rc = hr_http_client_new(&c, &s->http);
	if (rc)
		failure(s, "%s", hr_error_last()->message);
	return rc;
}

/* One query, ready to send. */
typedef struct call {
	hr_http_request req;
	char *url, *body;
	prom_stat stat;
	size_t chunk;
} call;

static void query_call(source *s, call *c, prom_stat stat, const prom_scope *sc)
{
	char *q = hr_prom_query(stat, sc);
	char *esc = hr_http_escape(q, strlen(q));
	free(q);
	size_t n = strlen(esc) + 64;
	c->body = hr_xmalloc(n);
	snprintf(c->body, n, "query=%s&time=%lld", esc, (long long)s->opts->at);
	free(esc);
	n = strlen(s->url) + 32;
	c->url = hr_xmalloc(n);
	snprintf(c->url, n, "%s/api/v1/query", s->url);
	c->req = (hr_http_request){.method = "POST", .url = c->url,
	                           .body = c->body, .body_len = strlen(c->body),
	                           .content_type =
	                                   "application/x-www-form-urlencoded"};
	c->stat = stat;
}

/* What went wrong with one answer, or NULL when it is usable.  Written
 * into buf. */
static const char *answer_problem(const call *c, const hr_http_response *r,
                                  char *buf, size_t size)
{
	if (r->error) {
		snprintf(buf, size, "%s", r->message ? r->message : "no answer");
		return buf;
	}
	if (r->status == 200)
		return NULL;
	/* An error answer often says why in the API's own envelope. */
	hr_arena scratch = HR_ARENA_INIT;
	prom_rows rows = {0};
	const char *why = "";
	if (r->body && hr_prom_decode_vector(r->body, r->body_len,
	                                     hr_prom_stat(c->stat)->labels,
	                                     &scratch, &rows) != HR_OK)
		why = hr_error_last()->message;
	snprintf(buf, size, "%s %s: HTTP %ld%s%s", c->req.method, c->req.url,
	         r->status, *why ? ": " : "", why);
	hr_arena_free(&scratch);
	return buf;
}

static void free_calls(call *calls, hr_http_response *responses, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(calls[i].url);
		free(calls[i].body);
		hr_http_response_clear(&responses[i]);
	}
	free(calls);
	free(responses);
}

/* "a, b, c and 4 more" */
static void list_namespaces(char *buf, size_t size, const char *const *ns,
                            size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && i < 3; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "",
		                      ns[i]);
	if (n > 3)
		snprintf(buf + o, size - o, " and %zu more", n - 3);
}

/*
 * Run calls; decode each answer into rows of its own; then keep the rows
 * of every chunk whose answers all came through.  chunk_ns/chunk_size
 * name each chunk's namespaces for the notes.  Returns how many chunks
 * succeeded.
 */
static size_t run_calls(source *s, call *calls, size_t n, size_t chunks,
                        const char *const *const *chunk_ns,
                        const size_t *chunk_size)
{
	hr_http_response *responses = hr_xcalloc(n ? n : 1, sizeof(*responses));
	prom_rows *got = hr_xcalloc(n ? n : 1, sizeof(*got));
	bool *failed = hr_xcalloc(chunks ? chunks : 1, sizeof(*failed));
	size_t ok = 0;
	hr_http_request *reqs = hr_xcalloc(n ? n : 1, sizeof(*reqs));
	for (size_t i = 0; i < n; i++)
		reqs[i] = calls[i].req;
	int rc = n ? hr_http_run(s->http, reqs, n, responses) : HR_OK;
	free(reqs);
	for (size_t i = 0; i < n; i++) {
		call *c = &calls[i];
		hr_http_response *r = &responses[i];
		s->out->queries++;
		s->out->attempts += r->attempts;
		if (failed[c->chunk])
			continue;
		char why[768];
		const char *problem = rc ? hr_error_last()->message
		                         : answer_problem(c, r, why, sizeof(why));
		if (!problem &&
		    hr_prom_decode_vector(r->body, r->body_len,
		                          hr_prom_stat(c->stat)->labels, &s->arena,
		                          &got[i]) != HR_OK) {
			snprintf(why, sizeof(why), "%s %s: %s (%s)", c->req.method,
			         c->req.url, hr_error_last()->message,
			         hr_prom_stat(c->stat)->name);
			problem = why;
		}
		if (problem) {
			failed[c->chunk] = true;
			char names[256];
			list_namespaces(names, sizeof(names), chunk_ns[c->chunk],
			                chunk_size[c->chunk]);
			failure(s, "namespace%s %s: %s", chunk_size[c->chunk] == 1 ? "" : "s",
			     names, problem);
			s->out->failed_namespaces += chunk_size[c->chunk];
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (failed[calls[i].chunk])
			continue;
		prom_rows *to = &s->rows[calls[i].stat];
		for (size_t k = 0; k < got[i].count; k++) {
			to->rows = hr_arena_grow(&s->arena, to->rows, to->count,
			                         &to->cap, sizeof(*to->rows));
			to->rows[to->count++] = got[i].rows[k];
		}
		s->skipped_value += got[i].skipped_value;
		s->skipped_labels += got[i].skipped_labels;
	}
	for (size_t c = 0; c < chunks; c++)
		ok += !failed[c];
	free(got);
	free(failed);
	free_calls(calls, responses, n);
	return ok;
}

/* ---- namespaces -------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted, unique, Kubernetes names only (others are named in a note). */
static size_t clean_namespaces(source *s, const char **ns, size_t n)
{
	size_t kept = 0, bad = 0;
	const char *example = NULL;
	for (size_t i = 0; i < n; i++) {
		if (hr_prom_valid_namespace(ns[i]))
			ns[kept++] = ns[i];
		else if (bad++ == 0)
			example = ns[i];
	}
	if (bad) {
		char shown[80];
		size_t o = 0;
		for (const char *p = example; *p && o + 4 < sizeof(shown); p++)
			shown[o++] = ((unsigned char)*p < 0x20 || *p == 0x7f) ? '?' : *p;
		shown[o] = '\0';
		note(s, "%zu namespace name%s not asked about: not a Kubernetes name "
		     "(\"%s\")", bad, bad == 1 ? "" : "s", shown);
	}
	if (kept > 1)
		qsort(ns, kept, sizeof(*ns), cmp_str);
	size_t unique = 0;
	for (size_t i = 0; i < kept; i++)
		if (unique == 0 || strcmp(ns[unique - 1], ns[i]) != 0)
			ns[unique++] = ns[i];
	return unique;
}

/* Every namespace with container series in the window: one request to
 * the label index, which reads no samples. */
static int discover(source *s, const char ***ns, size_t *count)
{
	prom_scope sc = {.cluster_label = s->set->cluster_label,
	                 .cluster = s->set->cluster};
	char *match = hr_prom_discovery_match(&sc);
	char *url;
	char *esc = hr_http_escape(match, strlen(match));
	free(match);
	size_t len = strlen(s->url) + strlen(esc) + 128;
	url = hr_xmalloc(len);
	snprintf(url, len, "%s/api/v1/label/namespace/values?match[]=%s&start=%lld"
	         "&end=%lld", s->url, esc, (long long)(s->opts->at - s->window),
	         (long long)s->opts->at);
	free(esc);
	hr_http_request req = {.url = url};
	hr_http_response r = {0};
	int rc = hr_http_run(s->http, &req, 1, &r);
	s->out->queries++;
	s->out->attempts += r.attempts;
	char why[768];
	const char *problem = NULL;
	if (rc)
		problem = hr_error_last()->message;
	else if (r.error)
		problem = r.message ? r.message : "no answer";
	else if (r.status != 200) {
		snprintf(why, sizeof(why), "GET %s/api/v1/label/namespace/values: "
		         "HTTP %ld", s->shown, r.status);
		problem = why;
	} else if (hr_prom_decode_strings(r.body, r.body_len, &s->arena, ns,
	                                  count) != HR_OK) {
		snprintf(why, sizeof(why), "GET %s/api/v1/label/namespace/values: "
		         "%s", s->shown, hr_error_last()->message);
		problem = why;
	}
	if (problem)
		failure(s, "%s", problem);
	hr_http_response_clear(&r);
	free(url);
	return problem ? HR_EIO : HR_OK;
}

/* ---- the two ways of asking -------------------------------------------- */

static prom_scope scope_of(const source *s, const char *const *ns, size_t n)
{
	return (prom_scope){.namespaces = ns, .namespace_count = n,
	                    .cluster_label = s->set->cluster_label,
	                    .cluster = s->set->cluster, .window = s->window,
	                    .rate_window = s->set->rate_window,
	                    .step = s->set->step};
}

/* Chunks of at most PROM_NAMESPACES_PER_QUERY namespaces. */
typedef struct chunks {
	size_t count;
	const char *const **ns;
	size_t *size;
} chunks;

static chunks chunk_namespaces(const char **ns, size_t n)
{
	chunks c = {0};
	c.count = (n + PROM_NAMESPACES_PER_QUERY - 1) / PROM_NAMESPACES_PER_QUERY;
	c.ns = hr_xcalloc(c.count ? c.count : 1, sizeof(*c.ns));
	c.size = hr_xcalloc(c.count ? c.count : 1, sizeof(*c.size));
	for (size_t i = 0; i < c.count; i++) {
		c.ns[i] = ns + i * PROM_NAMESPACES_PER_QUERY;
		c.size[i] = n - i * PROM_NAMESPACES_PER_QUERY;
		if (c.size[i] > PROM_NAMESPACES_PER_QUERY)
			c.size[i] = PROM_NAMESPACES_PER_QUERY;
	}
	return c;
}

static void free_chunks(chunks *c)
{
	free((void *)c->ns);
	free(c->size);
}

/* Every statistic in stats[] for every chunk, all in one concurrent run. */
static size_t ask_chunks(source *s, const chunks *ch, const prom_stat *stats,
                         size_t stat_count)
{
	size_t n = ch->count * stat_count;
	call *calls = hr_xcalloc(n ? n : 1, sizeof(*calls));
	for (size_t c = 0; c < ch->count; c++) {
		prom_scope sc = scope_of(s, ch->ns[c], ch->size[c]);
		for (size_t k = 0; k < stat_count; k++) {
			call *cl = &calls[c * stat_count + k];
			query_call(s, cl, stats[k], &sc);
			cl->chunk = c;
		}
	}
	return run_calls(s, calls, n, ch->count, ch->ns, ch->size);
}

static size_t ask_batched(source *s, const chunks *ch)
{
	prom_stat all[PS_COUNT];
	for (int i = 0; i < PS_COUNT; i++)
		all[i] = (prom_stat)i;
	size_t ok = ask_chunks(s, ch, all, PS_COUNT);
	for (int i = PS_POD_OWNER; i <= PS_JOB_OWNER; i++)
		hr_prom_owners_add(&s->owners, (prom_stat)i, &s->rows[i]);
	return ok;
}

/* One workload container and its pods (per-container mode). */
typedef struct group {
	const char *ns, *container;
	const char **pods;
	size_t pod_count, pod_cap;
} group;

/*
 * The baseline the benchmark measures batching against: list the
 * containers (memory max per chunk) and the owners, then ask every
 * container statistic once per workload container, for its pods.
 */
static size_t ask_per_container(source *s, const chunks *ch)
{
	static const prom_stat listing[] = {PS_MEM_MAX, PS_POD_OWNER, PS_RS_OWNER,
	                                    PS_JOB_OWNER};
	size_t ok = ask_chunks(s, ch, listing, 4);
	for (int i = PS_POD_OWNER; i <= PS_JOB_OWNER; i++)
		hr_prom_owners_add(&s->owners, (prom_stat)i, &s->rows[i]);
	prom_rows listed = s->rows[PS_MEM_MAX];
	s->rows[PS_MEM_MAX] = (prom_rows){0};

	hr_strmap index = HR_STRMAP_INIT;
	group *groups = NULL;
	size_t group_count = 0, group_cap = 0;
	for (size_t i = 0; i < listed.count; i++) {
		const prom_row *r = &listed.rows[i];
		prom_owner ow;
		if (hr_prom_owner_of(&s->owners, r->label[0], r->label[1], &ow))
			continue;
		size_t len = strlen(r->label[0]) + strlen(ow.kind) + strlen(ow.name) +
		             strlen(r->label[2]) + 4;
		char *key = hr_arena_alloc(&s->arena, len);
		snprintf(key, len, "%s/%s/%s/%s", r->label[0], ow.kind, ow.name,
		         r->label[2]);
		size_t *at = hr_strmap_get(&index, key, strlen(key));
		if (!at) {
			groups = hr_xgrow(groups, &group_cap, group_count + 1,
			                  sizeof(*groups));
			groups[group_count] = (group){r->label[0], r->label[2], NULL, 0,
			                              0};
			at = hr_arena_alloc(&s->arena, sizeof(*at));
			*at = group_count++;
			hr_strmap_put(&index, key, strlen(key), at);
		}
		group *g = &groups[*at];
		g->pods = hr_xgrow(g->pods, &g->pod_cap, g->pod_count + 1,
		                   sizeof(*g->pods));
		g->pods[g->pod_count++] = r->label[1];
	}
	hr_strmap_dispose(&index);

	size_t n = group_count * PS_CONTAINER_COUNT;
	call *calls = hr_xcalloc(n ? n : 1, sizeof(*calls));
	const char *const **names = hr_xcalloc(group_count + 1, sizeof(*names));
	size_t *ones = hr_xcalloc(group_count + 1, sizeof(*ones));
	for (size_t g = 0; g < group_count; g++) {
		prom_scope sc = scope_of(s, &groups[g].ns, 1);
		sc.pods = groups[g].pods;
		sc.pod_count = groups[g].pod_count;
		sc.container = groups[g].container;
		names[g] = &groups[g].ns;
		ones[g] = 1;
		for (int k = 0; k < PS_CONTAINER_COUNT; k++) {
			call *cl = &calls[g * PS_CONTAINER_COUNT + (size_t)k];
			query_call(s, cl, (prom_stat)k, &sc);
			cl->chunk = g;
		}
	}
	size_t groups_ok = run_calls(s, calls, n, group_count, names, ones);
	for (size_t g = 0; g < group_count; g++)
		free(groups[g].pods);
	free(groups);
	free((void *)names);
	free(ones);
	return groups_ok == group_count ? ok : 0;
}

/* ---- the export -------------------------------------------------------- */

static int check_options(const hr_prom_options *o)
{
	if (!o->url || (strncmp(o->url, "http://", 7) != 0 &&
	                strncmp(o->url, "https://", 8) != 0))
		return hr_fail(HR_EUSAGE, "the Prometheus URL must start with "
		               "http:// or https://");
	/* The API paths are appended to it, and a query string may carry a
	 * secret that messages would then show: neither is quoted back. */
	if (strpbrk(o->url, "?#"))
		return hr_fail(HR_EUSAGE, "the Prometheus URL must be the API's "
		               "base, without a ?query or #fragment (credentials "
		               "go in prometheus.token_env, tenants in "
		               "prometheus.headers)");
	if (o->at <= 0)
		return hr_fail(HR_EUSAGE, "the window's end (--at) must be after "
		               "1970");
	if (o->window < 0 || o->window > HR_PROM_MAX_WINDOW)
		return hr_fail(HR_EUSAGE, "the window must be at most 366 days");
	return HR_OK;
}

static void skipped_notes(source *s)
{
	if (s->skipped_value)
		note(s, "%zu value%s NaN, infinite, negative or not a number: skipped",
		     s->skipped_value, s->skipped_value == 1 ? " was" : "s were");
	if (s->skipped_labels)
		note(s, "%zu series without a namespace, pod or container label (or "
		     "one over %u bytes): skipped", s->skipped_labels,
		     PROM_LABEL_MAX);
}

static void ask(source *s)
{
	const char **ns;
	size_t count = s->opts->namespace_count;
	if (s->opts->namespaces) {
		ns = hr_arena_memdup(&s->arena, s->opts->namespaces,
		                     (count + 1) * sizeof(*ns));
	} else if (discover(s, &ns, &count) != HR_OK) {
		s->out->unreachable = true;
		return;
	}
	count = clean_namespaces(s, ns, count);
	chunks ch = chunk_namespaces(ns, count);
	size_t ok = s->opts->per_container ? ask_per_container(s, &ch)
	                                   : ask_batched(s, &ch);
	s->out->unreachable = ch.count > 0 && ok == 0;
	free_chunks(&ch);
}

int hr_prom_export(const hr_prom_options *opts, hr_prom_result *out)
{
	memset(out, 0, sizeof(*out));
	int rc = check_options(opts);
	if (rc)
		return rc;
	source s = {0};
	s.opts = opts;
	s.set = opts->settings ? opts->settings : &default_settings;
	s.out = out;
	s.window = opts->window ? opts->window : HR_PROM_DEFAULT_WINDOW;
	size_t len = strlen(opts->url);
	while (len > 0 && opts->url[len - 1] == '/')
		len--;
	s.url = hr_arena_strndup(&s.arena, opts->url, len);
	shown_url(s.shown, sizeof(s.shown), s.url);
	hr_prom_owners_init(&s.owners, &s.arena);

	if (start_client(&s) != HR_OK)
		out->unreachable = true;
	else
		ask(&s);
	hr_http_client_free(&s.http);
	skipped_notes(&s);
	if (!out->unreachable) {
		prom_doc_options d = {opts->at, s.window, s.set->cluster};
		rc = hr_prom_document(s.rows, &s.owners, &d, &out->document,
		                      &out->document_len, &out->workloads);
	}
	hr_prom_owners_dispose(&s.owners);
	hr_arena_free(&s.arena);
	return rc;
}

void hr_prom_result_clear(hr_prom_result *r)
{
	free(r->document);
	for (size_t i = 0; i < r->failure_count; i++)
		free(r->failures[i]);
	free(r->failures);
	for (size_t i = 0; i < r->note_count; i++)
		free(r->notes[i]);
	free(r->notes);
	memset(r, 0, sizeof(*r));
}
