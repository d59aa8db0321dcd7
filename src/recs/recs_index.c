/*
 * The recommendations set: files in, hashed lookups out.  See
 * recs_internal.h for the storage, the keys and the rule that a later
 * file's entry replaces an earlier one.
 */
#include "recs/recs_internal.h"

#include "util/alloc.h"
#include "util/error_internal.h"
#include "util/json_input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int hr_recommendations_new(hr_recommendations **out)
{
	hr_recommendations *set = hr_xcalloc(1, sizeof(*set));
	set->arena = (hr_arena)HR_ARENA_INIT;
	set->workloads = (hr_strmap)HR_STRMAP_INIT;
	set->containers = (hr_strmap)HR_STRMAP_INIT;
	*out = set;
	return HR_OK;
}

void hr_recs_batch_dispose(hr_recs_batch *batch)
{
	hr_arena_free(&batch->arena);
	hr_strmap_dispose(&batch->workloads);
	hr_strmap_dispose(&batch->containers);
	memset(batch, 0, sizeof(*batch));
}

/* Every entry of from goes into into, replacing one with the same key. */
static void merge(hr_strmap *into, hr_strmap *from)
{
	if (into->count == 0) {
		/* The first file's map becomes the set's as it is. */
		hr_strmap tmp = *into;
		*into = *from;
		*from = tmp;
		return;
	}
	for (size_t i = 0; i < from->capacity; i++) {
		const hr_strmap_slot *s = &from->slots[i];
		if (s->key)
			hr_strmap_put(into, s->key, s->len, s->value);
	}
}

void hr_recs_commit(hr_recommendations *set, hr_recs_batch *batch)
{
	merge(&set->workloads, &batch->workloads);
	merge(&set->containers, &batch->containers);
	if (set->source_count == 0) {
		set->window = batch->window;
		set->generated_at = batch->generated_at;
	}
	set->source_count++;
	set->containers_read += batch->container_count;
	/* The batch's strings and records now live as long as the set. */
	hr_arena_adopt(&set->arena, &batch->arena);
	hr_recs_batch_dispose(batch);
}

/* Read in into a batch and, when all of it is valid, into the set. */
static int add_input(hr_recommendations *set, hr_json_input *in)
{
	hr_recs_batch batch;
	memset(&batch, 0, sizeof(batch));
	batch.arena = (hr_arena)HR_ARENA_INIT;
	batch.workloads = (hr_strmap)HR_STRMAP_INIT;
	batch.containers = (hr_strmap)HR_STRMAP_INIT;
	int rc = hr_recs_read(set, &batch, in);
	if (rc) {
		hr_recs_batch_dispose(&batch);
		return rc;
	}
	hr_recs_commit(set, &batch);
	return HR_OK;
}

int hr_recommendations_add_buffer(hr_recommendations *set, const char *name,
                                  const char *data, size_t len)
{
	if (!set || !name || (!data && len))
		return hr_fail(HR_EUSAGE, "hr_recommendations_add_buffer: "
		               "set, name and data are required");
	hr_json_input in;
	int rc = hr_json_input_init(&in, name, data ? data : "", len);
	if (rc == HR_OK)
		rc = add_input(set, &in);
	hr_json_input_dispose(&in);
	return rc;
}

int hr_recs_add_stream(hr_recommendations *set, const char *name, FILE *stream,
                       size_t chunk)
{
	hr_json_input in;
	int rc = hr_json_input_open(&in, name, stream, chunk);
	if (rc == HR_OK)
		rc = add_input(set, &in);
	hr_json_input_dispose(&in);
	return rc;
}

/* Files are streamed, not read whole: the set keeps only what it needs,
 * and the text goes through a window of about a chunk (see json_input.h).
 */
int hr_recommendations_add_file(hr_recommendations *set, const char *path)
{
	if (!set || !path)
		return hr_fail(HR_EUSAGE, "hr_recommendations_add_file: "
		               "set and path are required");
	if (strcmp(path, "-") == 0)
		return hr_recs_add_stream(set, "<stdin>", stdin, 0);
	FILE *f = fopen(path, "rb");
	if (!f)
		return hr_fail_at(HR_EIO, path, 0, 0, "cannot open: %s",
		                  strerror(errno));
	struct stat st;
	int rc = HR_OK;
	if (fstat(fileno(f), &st) != 0)
		rc = hr_fail_at(HR_EIO, path, 0, 0, "cannot stat: %s",
		                strerror(errno));
	else if (S_ISDIR(st.st_mode))
		rc = hr_fail_at(HR_EIO, path, 0, 0, "is a directory");
	else if (S_ISREG(st.st_mode) &&
	         (unsigned long long)st.st_size > HR_JSON_INPUT_MAX)
		rc = hr_fail_at(HR_ELIMIT, path, 0, 0,
		                "file is larger than the limit of %zu bytes",
		                HR_JSON_INPUT_MAX);
	if (rc == HR_OK)
		rc = hr_recs_add_stream(set, path, f, 0);
	fclose(f);
	return rc;
}

size_t hr_recommendations_source_count(const hr_recommendations *set)
{
	return set ? set->source_count : 0;
}

const char *hr_recommendations_window(const hr_recommendations *set)
{
	return set ? set->window : NULL;
}

const char *hr_recommendations_generated_at(const hr_recommendations *set)
{
	return set ? set->generated_at : NULL;
}

/*
 * The entry under the key made of parts joined by NULs.  The strings come
 * from manifests (hostile, any length): short keys are built on the stack,
 * long ones on the heap; none can be confused with another, as no part
 * holds a NUL.
 */
static void *lookup(const hr_strmap *map, const char *const *parts,
                    size_t count)
{
	size_t lens[4], total = 0;
	for (size_t i = 0; i < count; i++) {
		if (!parts[i])
			return NULL;
		lens[i] = strlen(parts[i]);
		total += lens[i] + 1;
	}
	char stack[256];
	char *key = total <= sizeof(stack) ? stack : hr_xmalloc(total);
	size_t o = 0;
	for (size_t i = 0; i < count; i++) {
		memcpy(key + o, parts[i], lens[i]);
		o += lens[i];
		key[o++] = '\0';
	}
	void *value = hr_strmap_get(map, key, total - 1);
	if (key != stack)
		free(key);
	return value;
}

const hr_container_usage *hr_recommendations_find(const hr_recommendations *set,
                                                  const char *namespace_,
                                                  const char *kind,
                                                  const char *name,
                                                  const char *container)
{
	if (!set)
		return NULL;
	const char *parts[4] = { namespace_ ? namespace_ : "default", kind,
		                 name, container };
	return lookup(&set->containers, parts, 4);
}

const hr_workload_usage *hr_recommendations_find_workload(
        const hr_recommendations *set, const char *namespace_, const char *kind,
        const char *name)
{
	if (!set)
		return NULL;
	const char *parts[3] = { namespace_ ? namespace_ : "default", kind,
		                 name };
	const hr_recs_workload *w = lookup(&set->workloads, parts, 3);
	return w ? &w->pub : NULL;
}

size_t hr_recs_memory(const hr_recommendations *set)
{
	return set->arena.total +
	       (set->workloads.capacity + set->containers.capacity) *
	               sizeof(hr_strmap_slot);
}

size_t hr_recs_workload_count(const hr_recommendations *set)
{
	return set->workloads.count;
}

size_t hr_recs_container_count(const hr_recommendations *set)
{
	return set->containers.count;
}

void hr_recommendations_free(hr_recommendations **set)
{
	if (!set || !*set)
		return;
	hr_arena_free(&(*set)->arena);
	hr_strmap_dispose(&(*set)->workloads);
	hr_strmap_dispose(&(*set)->containers);
	free(*set);
	*set = NULL;
}
