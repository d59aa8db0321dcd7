/*
 * Inside the recommendations set: how it is stored and indexed.
 *
 * Storage: everything a set hands out lives in its arena.  A workload's
 * identity is one string "namespace\0kind\0name" whose three parts are its
 * namespace_, kind and name; a container's key is that string, "\0" and the
 * container name.  Names cannot hold a NUL (jansson refuses "\u0000"), so
 * keys are unambiguous.  Each container is decoded into a reusable node
 * buffer (hr_json_read(), see util/json_input.h) and converted from it.
 *
 * Index: two hashed maps (util/strmap.h), identity -> workload and
 * identity+container -> container, so lookups cost O(1) on average
 * whatever the names are.
 *
 * Files: each file is read into a batch with its own arena and maps.  In
 * one file, a workload identity listed twice and a container listed twice
 * in a workload are errors.  When the whole file is valid the batch is
 * committed: its arena joins the set's and its entries go into the index,
 * where a later file's entry REPLACES an earlier one with the same key:
 * per container for hr_recommendations_find(), per workload for
 * hr_recommendations_find_workload() (whose containers[] are then the
 * later file's; containers only the earlier file had stay findable with
 * hr_recommendations_find()).  A file that fails leaves the set unchanged.
 * Files (and "-", stdin) are streamed through a window of about 64 KiB,
 * never held whole, unless "schema" comes after "workloads" (then the
 * format check reads ahead to it first).
 *
 * Memory: a container costs about 380 bytes (sizeof(hr_container_usage)
 * is 160; its six hr_recommended_value, 288 bytes, are stored only when
 * the file gives one, else requests and limits point to one shared array
 * of unset values), so 10,000 workloads of 2 containers take about 8 MB.
 */
#ifndef HR_RECS_INTERNAL_H
#define HR_RECS_INTERNAL_H

#include "headroom/recommendations.h"

#include "util/arena.h"
#include "util/json_input.h"
#include "util/strmap.h"

#include <stddef.h>
#include <stdio.h>

#define HR_RECS_SCHEMA "headroom/recommendations/v1"

/* Containers read into one set, over all files.  Each costs about 380
 * bytes however short its text (about 670 with recommended values), so
 * this caps what a hostile file of tiny containers can make the set
 * allocate (about 340 MB); real files hold about 160,000 containers in
 * the 64 MiB a file may have. */
#define HR_RECS_CONTAINERS_MAX 500000u

/* Digits allowed in a window ("14d"): keeps any conversion in range. */
#define HR_RECS_WINDOW_DIGITS_MAX 9u

/** A workload as stored; pub first, so the public pointer converts. */
typedef struct hr_recs_workload {
	hr_workload_usage pub;
	const char *key; /* "namespace\0kind\0name" (pub's strings point in) */
	size_t key_len;
	unsigned line; /* of its '{' */
} hr_recs_workload;

/** One file's entries before they join a set. */
typedef struct hr_recs_batch {
	hr_arena arena;
	hr_strmap workloads;  /* key -> hr_recs_workload * */
	hr_strmap containers; /* key "\0" container -> hr_container_usage * */
	const char *file;     /* in arena */
	const char *window;   /* NULL when not given */
	const char *generated_at;
	size_t container_count;
} hr_recs_batch;

struct hr_recommendations {
	hr_arena arena;
	hr_strmap workloads;
	hr_strmap containers;
	size_t source_count;
	size_t containers_read; /* over all files committed, for the cap */
	const char *window;     /* of the first file */
	const char *generated_at;
};

/** Read one input into batch: detect its format and read it with that
 *  format's reader (recs_detect.c); set is read only (limits). */
int hr_recs_read(const hr_recommendations *set, hr_recs_batch *batch,
                 hr_json_input *in);

typedef int (*hr_recs_reader_fn)(const hr_recommendations *set,
                                 hr_recs_batch *batch, hr_json_input *in);

/* The readers, one per format, each from the input's first byte. */
int hr_recs_read_headroom(const hr_recommendations *set, hr_recs_batch *batch,
                          hr_json_input *in); /* recs_file.c */
int hr_recs_read_krr(const hr_recommendations *set, hr_recs_batch *batch,
                     hr_json_input *in); /* recs_krr.c */
int hr_recs_read_vpa(const hr_recommendations *set, hr_recs_batch *batch,
                     hr_json_input *in); /* recs_vpa.c */

/** No facts: what method points to when a source states none. */
extern const hr_recs_facts hr_recs_no_facts;

/** A container usage with nothing given (every count -1, no recommended
 *  values, no facts), to be filled in by a reader. */
void hr_recs_usage_init(hr_container_usage *u);

/*
 * One container as a KRR or VPA reader found it, before grouping: the
 * sources list containers one by one (a KRR scan) or per object (a VPA),
 * and a workload's containers must end up side by side in the batch.
 * Strings live in the batch's arena.  usage.name NULL: the source names
 * the workload but has no data for it, and note says why.
 */
typedef struct hr_recs_entry {
	const char *namespace_;
	const char *kind;
	const char *name;
	const char *cluster; /* NULL when not given */
	const char *note;
	unsigned column; /* of the scan or item, with usage.line */
	hr_container_usage usage; /* file and line set */
} hr_recs_entry;

/**
 * Group entries by workload and store them in the batch (recs_store.c):
 * a container listed twice for one workload is HR_EINVALID at the later
 * one's line, naming the earlier; entries is reordered.  what names an
 * entry in that message ("scan", "VPA").
 */
int hr_recs_store(hr_recs_batch *batch, hr_recs_entry *entries, size_t count,
                  const char *what);

/**
 * hr_recommendations_add_file() on an open stream, read chunk bytes at a
 * time (0: the default); small chunks let tests move every boundary.
 */
int hr_recs_add_stream(hr_recommendations *set, const char *name, FILE *stream,
                       size_t chunk);

/** Move a valid batch into the set (recs_index.c); batch is emptied. */
void hr_recs_commit(hr_recommendations *set, hr_recs_batch *batch);

/** Free what a batch holds (after a failure, or after commit). */
void hr_recs_batch_dispose(hr_recs_batch *batch);

/** Bytes the set's arena handed out (benchmarks, tests). */
size_t hr_recs_memory(const hr_recommendations *set);

/** Distinct workloads and containers indexed. */
size_t hr_recs_workload_count(const hr_recommendations *set);
size_t hr_recs_container_count(const hr_recommendations *set);

#endif
