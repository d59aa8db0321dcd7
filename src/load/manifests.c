/*
 * The manifest set: sources in, Kubernetes-object documents out.
 */
#include "headroom/manifests.h"

#include "load/source_reader.h"
#include "load/yaml_tree.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/error_internal.h"

#include <stdlib.h>
#include <string.h>

/* Lists inside lists are legal but rare; two levels is plenty and keeps
 * the expansion bounded. */
#define LIST_NESTING_MAX 2

struct hr_manifests {
	hr_load_limits limits;
	hr_arena arena;
	char **buffers; /* source texts, owned */
	size_t buffer_count, buffer_cap;
	size_t total_bytes;
	size_t source_count;
	hr_document *docs;
	size_t doc_count, doc_cap;
	hr_duplicate_key *dups;
	size_t dup_count, dup_cap;
};

void hr_load_limits_default(hr_load_limits *limits)
{
	limits->max_file_bytes = 64u * 1024 * 1024;
	limits->max_total_bytes = 1024u * 1024 * 1024;
	limits->max_files = 100000;
	limits->max_depth = 100;
	limits->max_dir_depth = 64;
	limits->max_expanded_nodes = 1000000;
	limits->jobs = 0;
	limits->split_bytes = 1024u * 1024;
}

int hr_manifests_new(hr_manifests **out, const hr_load_limits *limits)
{
	hr_manifests *set = hr_xcalloc(1, sizeof(*set));
	if (limits)
		set->limits = *limits;
	else
		hr_load_limits_default(&set->limits);
	/* Byte offsets are 32-bit (document.h). */
	if (set->limits.max_file_bytes > UINT32_MAX - 1)
		set->limits.max_file_bytes = UINT32_MAX - 1;
	*out = set;
	return HR_OK;
}

static bool is_string(const hr_node *n)
{
	return n && n->kind == HR_NODE_SCALAR && n->len > 0 &&
	       hr_scalar_resolve(n) == HR_TYPE_STRING;
}

static bool is_object(const hr_node *root)
{
	return root && root->kind == HR_NODE_MAPPING &&
	       is_string(hr_map_get(root, "apiVersion")) &&
	       is_string(hr_map_get(root, "kind"));
}

static bool is_list_kind(const hr_node *root)
{
	const char *kind = hr_node_text(hr_map_get(root, "kind"));
	size_t n = strlen(kind);
	return n >= 4 && strcmp(kind + n - 4, "List") == 0 &&
	       hr_map_get(root, "items") &&
	       hr_map_get(root, "items")->kind == HR_NODE_SEQUENCE;
}

static void add_document(hr_manifests *set, const hr_source *src,
                         const hr_node *root, unsigned index, int nesting)
{
	if (!is_object(root))
		return;
	if (is_list_kind(root) && nesting < LIST_NESTING_MAX) {
		const hr_node *items = hr_map_get(root, "items");
		for (size_t i = 0; i < items->count; i++)
			add_document(set, src, items->items[i], index,
			             nesting + 1);
		return;
	}
	set->docs = hr_xgrow(set->docs, &set->doc_cap, set->doc_count + 1,
	                     sizeof(*set->docs));
	set->docs[set->doc_count++] = (hr_document){src, root, index};
}

/* A duplicate matters only inside an object we keep.  This source's
 * documents sit in offset order, so a binary search finds the one whose
 * range holds the key. */
static bool find_kept_object(const hr_manifests *set, size_t first_doc,
                             const hr_node *key, size_t *index)
{
	size_t lo = first_doc, hi = set->doc_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set->docs[mid].root->start.offset <= key->start.offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == first_doc)
		return false;
	const hr_node *r = set->docs[lo - 1].root;
	if (key->start.offset >= r->end_offset)
		return false;
	*index = lo - 1;
	return true;
}

/* Takes ownership of data (malloc'd, NUL-terminated), even on failure. */
static int add_owned(hr_manifests *set, const char *name, char *data,
                     size_t len)
{
	int rc = HR_OK;
	if (set->source_count >= set->limits.max_files)
		rc = hr_fail_at(HR_ELIMIT, name, 0, 0, "more than %zu input files",
		                set->limits.max_files);
	else if (len > set->limits.max_file_bytes)
		rc = hr_fail_at(HR_ELIMIT, name, 0, 0,
		                "input is larger than the limit of %zu bytes",
		                set->limits.max_file_bytes);
	else if (len > set->limits.max_total_bytes - set->total_bytes)
		rc = hr_fail_at(HR_ELIMIT, name, 0, 0,
		                "inputs together exceed the limit of %zu bytes",
		                set->limits.max_total_bytes);
	if (rc) {
		free(data);
		return rc;
	}
	set->buffers = hr_xgrow(set->buffers, &set->buffer_cap,
	                        set->buffer_count + 1, sizeof(*set->buffers));
	set->buffers[set->buffer_count++] = data;
	set->total_bytes += len;
	set->source_count++;

	hr_source *src = hr_arena_alloc(&set->arena, sizeof(*src));
	src->path = hr_arena_strdup(&set->arena, name);
	src->data = data;
	src->len = len;

	hr_yaml_stream stream;
	rc = hr_yaml_parse(&set->arena, src, &set->limits, &stream);
	if (rc)
		return rc;
	size_t first_doc = set->doc_count;
	for (size_t i = 0; i < stream.root_count; i++)
		add_document(set, src, stream.roots[i], (unsigned)i, 0);
	for (size_t i = 0; i < stream.duplicate_count; i++) {
		size_t doc;
		if (!find_kept_object(set, first_doc, stream.duplicates[i].later, &doc))
			continue;
		set->dups = hr_xgrow(set->dups, &set->dup_cap, set->dup_count + 1,
		                     sizeof(*set->dups));
		set->dups[set->dup_count] = stream.duplicates[i];
		set->dups[set->dup_count++].document = doc;
	}
	return HR_OK;
}

int hr_manifests_add_buffer(hr_manifests *set, const char *name,
                            const char *data, size_t len)
{
	if (len > set->limits.max_file_bytes)
		return hr_fail_at(HR_ELIMIT, name, 0, 0,
		                  "input is larger than the limit of %zu bytes",
		                  set->limits.max_file_bytes);
	return add_owned(set, name, hr_xstrndup(data, len), len);
}

int hr_manifests_add_stream(hr_manifests *set, const char *name, FILE *in)
{
	char *data;
	size_t len;
	int rc = hr_read_stream(in, name, set->limits.max_file_bytes, &data, &len);
	if (rc)
		return rc;
	return add_owned(set, name, data, len);
}

static int add_file(const char *path, void *ctx)
{
	hr_manifests *set = ctx;
	char *data;
	size_t len;
	int rc = hr_read_file(path, set->limits.max_file_bytes, &data, &len);
	if (rc)
		return rc;
	return add_owned(set, path, data, len);
}

int hr_manifests_add_path(hr_manifests *set, const char *path)
{
	if (strcmp(path, "-") == 0)
		return hr_manifests_add_stream(set, "<stdin>", stdin);
	return hr_walk_path(path, set->limits.max_dir_depth, add_file, set);
}

const hr_load_limits *hr_manifests_limits(const hr_manifests *set)
{
	return &set->limits;
}

size_t hr_manifests_count(const hr_manifests *set)
{
	return set->doc_count;
}

const hr_document *hr_manifests_get(const hr_manifests *set, size_t i)
{
	return i < set->doc_count ? &set->docs[i] : NULL;
}

size_t hr_manifests_source_count(const hr_manifests *set)
{
	return set->source_count;
}

size_t hr_manifests_duplicate_count(const hr_manifests *set)
{
	return set->dup_count;
}

const hr_duplicate_key *hr_manifests_duplicate(const hr_manifests *set,
                                               size_t i)
{
	return i < set->dup_count ? &set->dups[i] : NULL;
}

size_t hr_manifests_memory(const hr_manifests *set)
{
	return set->arena.total + set->total_bytes +
	       set->doc_cap * sizeof(*set->docs);
}

void hr_manifests_free(hr_manifests **setp)
{
	hr_manifests *set = setp ? *setp : NULL;
	if (!set)
		return;
	for (size_t i = 0; i < set->buffer_count; i++)
		free(set->buffers[i]);
	free(set->buffers);
	free(set->docs);
	free(set->dups);
	hr_arena_free(&set->arena);
	free(set);
	*setp = NULL;
}
