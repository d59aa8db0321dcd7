/*
 * Entries of the KRR and VPA readers into a batch.  Those sources list a
 * workload's containers apart (KRR: one scan per container, in any
 * order), so entries are sorted by workload and container first; then
 * each workload is stored as the headroom reader stores one: its identity
 * "namespace\0kind\0name" in the batch's arena, its containers side by
 * side, both maps filled (see recs_internal.h).
 */
#include "recs/recs_internal.h"

#include "util/error_internal.h"
#include "util/json_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *hr_recs_source_name(hr_recs_source source)
{
	static const char *const names[] = {
		[HR_RECS_SOURCE_HEADROOM] = "headroom",
		[HR_RECS_SOURCE_KRR] = "krr",
		[HR_RECS_SOURCE_VPA] = "vpa",
	};
	return (unsigned)source < sizeof(names) / sizeof(names[0])
	               ? names[source]
	               : "?";
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int same_workload(const hr_recs_entry *a, const hr_recs_entry *b)
{
	int c = strcmp(a->namespace_, b->namespace_);
	if (c == 0)
		c = strcmp(a->kind, b->kind);
	if (c == 0)
		c = strcmp(a->name, b->name);
	return c;
}

/* By workload, then container (none first), then line: duplicates end up
 * next to each other, the first one written first. */
static int cmp_entry(const void *pa, const void *pb)
{
	const hr_recs_entry *a = pa, *b = pb;
	int c = same_workload(a, b);
	if (c == 0)
		c = cmp_str(a->usage.name, b->usage.name);
	if (c == 0)
		c = (a->usage.line > b->usage.line) -
		    (a->usage.line < b->usage.line);
	return c;
}

/* Store count entries of one workload. */
static void store_workload(hr_recs_batch *b, const hr_recs_entry *e,
                           size_t count)
{
	size_t ns_len = strlen(e->namespace_), kind_len = strlen(e->kind);
	size_t key_len = ns_len + 1 + kind_len + 1 + strlen(e->name);
	char *key = hr_arena_alloc(&b->arena, key_len + 1);
	memcpy(key, e->namespace_, ns_len + 1);
	memcpy(key + ns_len + 1, e->kind, kind_len + 1);
	memcpy(key + ns_len + 1 + kind_len + 1, e->name,
	       key_len - ns_len - kind_len - 1);

	hr_recs_workload *w = hr_arena_alloc(&b->arena, sizeof(*w));
	memset(w, 0, sizeof(*w));
	w->key = key;
	w->key_len = key_len;
	w->line = e->usage.line;
	w->pub.namespace_ = key;
	w->pub.kind = key + ns_len + 1;
	w->pub.name = key + ns_len + 1 + kind_len + 1;
	w->pub.cluster = e->cluster;
	size_t n = 0;
	for (size_t i = 0; i < count; i++) {
		if (!w->pub.note)
			w->pub.note = e[i].note;
		n += e[i].usage.name != NULL;
	}
	hr_container_usage *cs =
	        n ? hr_arena_alloc(&b->arena, n * sizeof(*cs)) : NULL;
	n = 0;
	for (size_t i = 0; i < count; i++)
		if (e[i].usage.name)
			cs[n++] = e[i].usage;
	w->pub.containers = cs;
	w->pub.container_count = n;
	hr_strmap_put(&b->workloads, key, key_len, w);
	for (size_t i = 0; i < n; i++) {
		size_t cn = strlen(cs[i].name);
		char *ck = hr_arena_alloc(&b->arena, key_len + 1 + cn + 1);
		memcpy(ck, key, key_len + 1);
		memcpy(ck + key_len + 1, cs[i].name, cn + 1);
		hr_strmap_put(&b->containers, ck, key_len + 1 + cn, &cs[i]);
	}
	b->container_count += n;
}

int hr_recs_store(hr_recs_batch *batch, hr_recs_entry *entries, size_t count,
                  const char *what)
{
	if (count > 1)
		qsort(entries, count, sizeof(*entries), cmp_entry);
	for (size_t i = 1; i < count; i++) {
		const hr_recs_entry *a = &entries[i - 1], *b = &entries[i];
		if (!a->usage.name || !b->usage.name ||
		    same_workload(a, b) != 0 ||
		    strcmp(a->usage.name, b->usage.name) != 0)
			continue;
		char container[HR_JSON_QUOTE_MAX], workload[HR_JSON_QUOTE_MAX];
		char joined[384];
		int n = snprintf(joined, sizeof(joined), "%s/%s/%s",
		                 b->namespace_, b->kind, b->name);
		size_t len = n < 0 ? 0 : (size_t)n;
		return hr_fail_at(
		        HR_EINVALID, b->usage.file, b->usage.line, b->column,
		        "%s: container %s of workload %s is listed twice (first "
		        "at line %u); the cluster does not tell entries apart",
		        what,
		        hr_json_quote(container, sizeof(container), b->usage.name,
		                      strlen(b->usage.name)),
		        hr_json_quote(workload, sizeof(workload), joined,
		                      len < sizeof(joined) ? len
		                                           : sizeof(joined) - 1),
		        a->usage.line);
	}
	size_t from = 0;
	for (size_t i = 1; i <= count; i++) {
		if (i < count && same_workload(&entries[from], &entries[i]) == 0)
			continue;
		store_workload(batch, &entries[from], i - from);
		from = i;
	}
	return HR_OK;
}
