/*
 * `check --prometheus URL`: the export of source.c for the namespaces of
 * the manifests, read into the check's recommendations from the same
 * bytes `headroom recommend` writes, with prometheus.on_unreachable
 * applied to what failed.
 */
#include "prom/prom_internal.h"

#include "util/error_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The name the document is read under: evidence says "prometheus:LINE". */
#define DOCUMENT_NAME "prometheus"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The model's namespaces, each once. */
static const char **namespaces_of(const hr_model *m, hr_arena *arena,
                                  size_t *count)
{
	const char **ns = hr_arena_alloc(arena, (m->workload_count + 1) *
	                                                sizeof(*ns));
	for (size_t i = 0; i < m->workload_count; i++)
		ns[i] = m->workloads[i].namespace_;
	size_t n = m->workload_count, unique = 0;
	if (n > 1)
		qsort(ns, n, sizeof(*ns), cmp_str);
	for (size_t i = 0; i < n; i++)
		if (unique == 0 || strcmp(ns[unique - 1], ns[i]) != 0)
			ns[unique++] = ns[i];
	*count = unique;
	return ns;
}

static void keep(prom_check_notes *out, hr_arena *arena, const char *line,
                 const char *suffix)
{
	size_t n = strlen(line) + strlen(suffix) + 1;
	char *copy = hr_arena_alloc(arena, n);
	snprintf(copy, n, "%s%s", line, suffix);
	out->lines = hr_arena_grow(arena, out->lines, out->count, &out->cap,
	                           sizeof(*out->lines));
	out->lines[out->count++] = copy;
}

int hr_prom_check_usage(const hr_prom_check *c, prom_check_notes *out)
{
	size_t count;
	const char **ns = namespaces_of(c->model, c->arena, &count);
	const hr_prometheus_settings *set = &c->policy->prometheus;
	hr_prom_options po = {.url = c->url, .settings = set, .at = c->at,
	                      .window = c->window, .namespaces = ns,
	                      .namespace_count = count};
	hr_prom_result r;
	int rc = hr_prom_export(&po, &r);
	if (rc)
		return rc;
	/* A store can send values the format refuses (a negative count):
	 * the source failed, as with a bad answer. */
	char invalid[600] = "";
	if (r.document &&
	    hr_recommendations_add_buffer(c->recs, DOCUMENT_NAME, r.document,
	                                  r.document_len) != HR_OK) {
		snprintf(invalid, sizeof(invalid), "prometheus: the usage data is "
		         "not valid: %s", hr_error_last()->message);
		r.unreachable = true;
	}
	size_t failures = r.failure_count + (invalid[0] != '\0');
	if (set->on_unreachable == HR_UNREACHABLE_CLOSED && failures) {
		rc = hr_fail(HR_EIO, "%s%s; cannot evaluate "
		             "(prometheus.on_unreachable: closed)",
		             r.failure_count ? r.failures[0] : invalid,
		             failures > 1 ? " (and more)" : "");
		hr_prom_result_clear(&r);
		return rc;
	}
	const char *suffix = r.unreachable
	        ? "; continuing without usage data (prometheus.on_unreachable: "
	          "open)"
	        : "; continuing without usage data for those namespaces "
	          "(prometheus.on_unreachable: open)";
	for (size_t i = 0; i < r.failure_count; i++)
		keep(out, c->arena, r.failures[i], suffix);
	if (invalid[0])
		keep(out, c->arena, invalid, suffix);
	for (size_t i = 0; i < r.note_count; i++)
		keep(out, c->arena, r.notes[i], "");
	hr_prom_result_clear(&r);
	return HR_OK;
}
