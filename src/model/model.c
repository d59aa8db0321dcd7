/*
 * Building the model: every document read, then links resolved.
 */
#include "model/model_internal.h"

#include "util/alloc.h"
#include "util/parallel.h"

#include <stdlib.h>
#include <string.h>

typedef struct model_owner {
	hr_model pub; /* first: hr_model_free() casts back */
	hr_arena arena;
	hr_strmap index; /* "kind\x1fnamespace\x1fname" -> workload */
	hr_workload *workloads;
	hr_hpa *hpas;
	hr_pdb *pdbs;
	hr_vpa *vpas;
	hr_model_error *errors;
} model_owner;

const char *hr_qos_name(hr_qos q)
{
	static const char *const names[] = {
		[HR_QOS_BEST_EFFORT] = "BestEffort",
		[HR_QOS_BURSTABLE] = "Burstable",
		[HR_QOS_GUARANTEED] = "Guaranteed",
	};
	return (unsigned)q < sizeof(names) / sizeof(names[0]) ? names[q] : "?";
}

/* "kind\x1fnamespace\x1fname": names cannot contain the unit separator,
 * so joined keys are unique.  dst must hold key_length() + 1 bytes. */
static size_t key_length(const char *kind, const char *ns, const char *name)
{
	return strlen(kind) + strlen(ns) + strlen(name) + 2;
}

static void write_key(char *dst, const char *kind, const char *ns,
                      const char *name)
{
	size_t k = strlen(kind), n = strlen(ns), m = strlen(name);
	memcpy(dst, kind, k);
	dst[k] = '\x1f';
	memcpy(dst + k + 1, ns, n);
	dst[k + 1 + n] = '\x1f';
	memcpy(dst + k + n + 2, name, m + 1);
}

const hr_workload *hr_model_find(const hr_model *model, const char *kind,
                                 const char *namespace_, const char *name)
{
	const model_owner *o = (const model_owner *)model;
	size_t len = key_length(kind, namespace_, name);
	char stack[512];
	char *key = len < sizeof(stack) ? stack : hr_xmalloc(len + 1);
	write_key(key, kind, namespace_, name);
	const hr_workload *w = hr_strmap_get(&o->index, key, len);
	if (key != stack)
		free(key);
	return w;
}

/* Documents are read independently (links come after), so a large set is
 * read in slices on several threads, each into a builder and an arena of
 * its own, and the slices are joined in document order. */
#define SLICE_MIN_DOCUMENTS 1024u

typedef struct slice_work {
	const hr_manifests *set;
	size_t slice_count;
	model_builder builders[HR_PARALLEL_MAX];
	hr_arena arenas[HR_PARALLEL_MAX];
} slice_work;

static void read_slice(void *ctx, size_t i)
{
	slice_work *w = ctx;
	size_t docs = hr_manifests_count(w->set);
	size_t from = docs * i / w->slice_count, to = docs * (i + 1) / w->slice_count;
	w->builders[i].arena = &w->arenas[i];
	for (size_t d = from; d < to; d++)
		hr_model_read_document(&w->builders[i], hr_manifests_get(w->set, d));
}

#define APPEND(b, s, items, count, cap)                                        \
	do {                                                                   \
		(b)->items = hr_xgrow((b)->items, &(b)->cap,                   \
		                      (b)->count + (s)->count,                 \
		                      sizeof(*(b)->items));                    \
		if ((s)->count)                                                \
			memcpy((b)->items + (b)->count, (s)->items,            \
			       (s)->count * sizeof(*(s)->items));              \
		(b)->count += (s)->count;                                      \
		free((s)->items);                                              \
	} while (0)

static void read_documents(const hr_manifests *set, model_builder *b)
{
	size_t docs = hr_manifests_count(set);
	unsigned jobs = hr_parallel_jobs(hr_manifests_limits(set)->jobs);
	size_t slices = docs / SLICE_MIN_DOCUMENTS < jobs ? docs / SLICE_MIN_DOCUMENTS
	                                                   : jobs;
	if (slices < 2) {
		for (size_t i = 0; i < docs; i++)
			hr_model_read_document(b, hr_manifests_get(set, i));
		return;
	}
	slice_work *w = hr_xcalloc(1, sizeof(*w));
	w->set = set;
	w->slice_count = slices;
	hr_parallel_run(slices, read_slice, w);
	for (size_t i = 0; i < slices; i++) {
		model_builder *s = &w->builders[i];
		APPEND(b, s, workloads, workload_count, workload_cap);
		APPEND(b, s, hpas, hpa_count, hpa_cap);
		APPEND(b, s, pdbs, pdb_count, pdb_cap);
		APPEND(b, s, vpas, vpa_count, vpa_cap);
		APPEND(b, s, errors, error_count, error_cap);
		hr_arena_adopt(b->arena, &w->arenas[i]);
	}
	free(w);
}

int hr_model_build(const hr_manifests *set, hr_model **out)
{
	model_owner *o = hr_xcalloc(1, sizeof(*o));
	model_builder b = {0};
	b.model = &o->pub;
	b.arena = &o->arena;

	read_documents(set, &b);

	o->workloads = b.workloads;
	o->pub.workloads = b.workloads;
	o->pub.workload_count = b.workload_count;
	for (size_t i = 0; i < b.workload_count; i++) {
		hr_workload *w = &b.workloads[i];
		size_t len = key_length(w->kind_name, w->namespace_, w->name);
		char *key = hr_arena_alloc(&o->arena, len + 1);
		write_key(key, w->kind_name, w->namespace_, w->name);
		/* A second object with the same identity: the first is kept in
		 * the index, both are evaluated. */
		if (!hr_strmap_get(&o->index, key, len))
			hr_strmap_put(&o->index, key, len, w);
	}
	hr_model_link(&b);
	for (size_t i = 0; i < b.workload_count; i++)
		o->pub.container_count += b.workloads[i].container_count;

	o->hpas = b.hpas;
	o->pub.hpas = b.hpas;
	o->pub.hpa_count = b.hpa_count;
	o->pdbs = b.pdbs;
	o->pub.pdbs = b.pdbs;
	o->pub.pdb_count = b.pdb_count;
	o->vpas = b.vpas;
	o->pub.vpas = b.vpas;
	o->pub.vpa_count = b.vpa_count;
	o->errors = b.errors;
	o->pub.errors = b.errors;
	o->pub.error_count = b.error_count;
	*out = &o->pub;

	if (b.error_count) {
		const hr_model_error *e = &b.errors[0];
		return hr_fail_at(HR_EINVALID, e->file, e->line, e->column, "%s",
		                  e->message);
	}
	return HR_OK;
}

void hr_model_free(hr_model **model)
{
	if (!model || !*model)
		return;
	model_owner *o = (model_owner *)*model;
	free(o->workloads);
	free(o->hpas);
	free(o->pdbs);
	free(o->vpas);
	free(o->errors);
	hr_strmap_dispose(&o->index);
	hr_arena_free(&o->arena);
	free(o);
	*model = NULL;
}
