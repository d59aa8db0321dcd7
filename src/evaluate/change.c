/*
 * The proposed model against the base's.  Workloads are matched by
 * identity (kind, namespace, name), whatever file holds them, so moved
 * and renamed files, split and merged ones are all followed; what is left
 * over on either side is new or deleted.  A workload is "changed" when the
 * text of its document (or of the HPA that scales it) differs, comments
 * included: the reviewer reads the text.
 */
#include "evaluate/evaluate_internal.h"

#include "git/git_base.h"
#include "util/alloc.h"
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

const char *hr_change_status_name(hr_change_status s)
{
	static const char *const names[] = {
		[HR_CHANGE_UNCHANGED] = "unchanged",
		[HR_CHANGE_CHANGED] = "changed",
		[HR_CHANGE_MOVED] = "moved",
		[HR_CHANGE_NEW] = "new",
		[HR_CHANGE_DELETED] = "deleted",
	};
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

/* kind NUL namespace NUL name: names are C strings, so the NULs keep
 * "a/b" + "c" apart from "a" + "b/c". */
static const char *identity(hr_arena *arena, const hr_workload *w, size_t *len)
{
	size_t k = strlen(w->kind_name), n = strlen(w->namespace_),
	       m = strlen(w->name);
	char *key = hr_arena_alloc(arena, k + n + m + 3);
	memcpy(key, w->kind_name, k);
	memcpy(key + k + 1, w->namespace_, n);
	memcpy(key + k + n + 2, w->name, m);
	*len = k + n + m + 2;
	return key;
}

void hr_change_match(const hr_model *now, const hr_model *base,
                     const hr_workload **base_of, bool *base_kept)
{
	hr_arena keys = HR_ARENA_INIT;
	hr_strmap map = HR_STRMAP_INIT;
	for (size_t j = 0; j < base->workload_count; j++) {
		size_t len;
		const char *key = identity(&keys, &base->workloads[j], &len);
		/* The first of two equal identities is the one matched. */
		if (!hr_strmap_get(&map, key, len))
			hr_strmap_put(&map, key, len, (void *)&base->workloads[j]);
	}
	for (size_t i = 0; i < now->workload_count; i++) {
		size_t len;
		const char *key = identity(&keys, &now->workloads[i], &len);
		const hr_workload *b = hr_strmap_get(&map, key, len);
		base_of[i] = b;
		if (b)
			base_kept[b - base->workloads] = true;
	}
	hr_strmap_dispose(&map);
	hr_arena_free(&keys);
}

static bool same_text(const hr_document *a, const hr_document *b)
{
	size_t la = a->root->end_offset - a->root->start.offset;
	size_t lb = b->root->end_offset - b->root->start.offset;
	return la == lb && memcmp(a->source->data + a->root->start.offset,
	                          b->source->data + b->root->start.offset,
	                          la) == 0;
}

hr_change_status hr_change_classify(const hr_workload *now,
                                    const hr_workload *base)
{
	if (!base)
		return HR_CHANGE_NEW;
	if (strcmp(now->document->source->path, base->document->source->path))
		return HR_CHANGE_MOVED;
	if (!same_text(now->document, base->document))
		return HR_CHANGE_CHANGED;
	if (!now->hpa != !base->hpa ||
	    (now->hpa && !same_text(now->hpa->document, base->hpa->document)))
		return HR_CHANGE_CHANGED;
	return HR_CHANGE_UNCHANGED;
}

void hr_change_compare(eval_ctx *ctx, hr_change_summary *sum,
                       hr_cost_summary *cost)
{
	const hr_model *now = ctx->model, *base = ctx->base_model;
	const hr_workload **base_of =
	        hr_xcalloc(now->workload_count + 1, sizeof(*base_of));
	bool *kept = hr_xcalloc(base->workload_count + 1, sizeof(*kept));
	hr_change_match(now, base, base_of, kept);
	sum->base_model = base;
	cost->has_base = true;
	cost->base_monthly = 0;
	for (size_t i = 0; i < now->workload_count; i++) {
		hr_workload_result *res = &ctx->results[i];
		res->base = base_of[i];
		res->change = hr_change_classify(&now->workloads[i], base_of[i]);
		res->base_monthly = base_of[i] ? hr_cost_of(ctx, base_of[i]) : 0;
		sum->counts[res->change]++;
		cost->base_monthly += res->base_monthly;
	}
	size_t deleted = 0;
	for (size_t j = 0; j < base->workload_count; j++)
		deleted += !kept[j];
	hr_deleted_workload *list =
	        hr_arena_alloc(ctx->arena, (deleted + 1) * sizeof(*list));
	sum->deleted = list;
	for (size_t j = 0; j < base->workload_count; j++) {
		if (kept[j])
			continue;
		list->workload = &base->workloads[j];
		list->base_monthly = hr_cost_of(ctx, list->workload);
		cost->base_monthly += list->base_monthly;
		list++;
	}
	sum->deleted_count = deleted;
	sum->counts[HR_CHANGE_DELETED] = deleted;
	cost->delta_monthly = cost->monthly - cost->base_monthly;
	free(base_of);
	free(kept);
}

/* ---- lines the change touched ------------------------------------------ */

typedef struct file_lines {
	const hr_line_range *ranges;
	size_t count;
	bool all; /* the file is new to the base */
} file_lines;

/* Sources by path, from the documents that hold them. */
static void index_sources(const hr_manifests *set, hr_strmap *map)
{
	for (size_t i = 0; i < hr_manifests_count(set); i++) {
		const hr_source *src = hr_manifests_get(set, i)->source;
		hr_strmap_put(map, src->path, strlen(src->path), (void *)src);
	}
}

static int lines_of(eval_ctx *ctx, const hr_source *now, const hr_source *base,
                    file_lines *out)
{
	memset(out, 0, sizeof(*out));
	if (!base) {
		out->all = true;
		return HR_OK;
	}
	if (now->len == base->len && memcmp(now->data, base->data, now->len) == 0)
		return HR_OK;
	hr_line_range *ranges;
	int rc = hr_git_changed_lines(ctx->git, base->data, base->len, now->data,
	                              now->len, &ranges, &out->count);
	if (rc)
		return rc;
	out->ranges = hr_arena_memdup(ctx->arena, ranges,
	                              (out->count + 1) * sizeof(*ranges));
	free(ranges);
	return HR_OK;
}

static bool in_lines(const file_lines *fl, unsigned line)
{
	if (fl->all)
		return true;
	size_t lo = 0, hi = fl->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (fl->ranges[mid].last < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < fl->count && fl->ranges[lo].first <= line;
}

int hr_change_mark_lines(eval_ctx *ctx)
{
	hr_strmap now = HR_STRMAP_INIT, base = HR_STRMAP_INIT,
	          done = HR_STRMAP_INIT;
	index_sources(ctx->manifests, &now);
	index_sources(ctx->base_manifests, &base);
	int rc = HR_OK;
	for (size_t i = 0; i < ctx->finding_count && rc == HR_OK; i++) {
		hr_finding *f = &ctx->findings[i];
		size_t len = strlen(f->file);
		const hr_source *src = hr_strmap_get(&now, f->file, len);
		if (!src)
			continue; /* not a manifest: the policy file */
		file_lines *fl = hr_strmap_get(&done, f->file, len);
		if (!fl) {
			fl = hr_arena_alloc(ctx->arena, sizeof(*fl));
			rc = lines_of(ctx, src, hr_strmap_get(&base, f->file, len), fl);
			hr_strmap_put(&done, src->path, len, fl);
		}
		f->changed = rc == HR_OK && in_lines(fl, f->line);
	}
	hr_strmap_dispose(&now);
	hr_strmap_dispose(&base);
	hr_strmap_dispose(&done);
	return rc;
}
