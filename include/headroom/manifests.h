/*
 * headroom: loading manifests (the "load" stage of the pipeline).
 *
 * A manifest set reads files, directories (recursively, *.yaml *.yml
 * *.json, in byte-wise name order, hidden entries skipped) and standard
 * input, parses every YAML or JSON document with its positions, and keeps
 * the documents that are Kubernetes objects (a mapping with string
 * `apiVersion` and `kind`).  The items of a `kind: List` (or any `*List`)
 * become documents of their own.  Anything else is skipped silently.
 *
 * Every input is treated as hostile: file size, total size, file count,
 * nesting depth and alias expansion are capped (hr_load_limits), and
 * unrendered Helm templates are refused with advice.
 *
 * Ownership: the set owns every source, document and node it hands out;
 * they live until hr_manifests_free().
 */
#ifndef HEADROOM_MANIFESTS_H
#define HEADROOM_MANIFESTS_H

#include "headroom/document.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hr_load_limits {
	size_t max_file_bytes;   /**< one source; default 64 MiB */
	size_t max_total_bytes;  /**< all sources; default 1 GiB */
	size_t max_files;        /**< sources per set; default 100,000 */
	unsigned max_depth;      /**< YAML nesting; default 100 */
	unsigned max_dir_depth;  /**< directory recursion; default 64 */
	/** Nodes one document may reach once aliases are expanded; the
	 *  billion-laughs bound.  Default 1,000,000. */
	size_t max_expanded_nodes;
	/** Threads for parsing and modelling; 0 means one per online CPU
	 *  (at most 8), 1 means no threads.  Default 0. */
	unsigned jobs;
	/** A source at least twice this size is parsed in pieces, cut at
	 *  `---` lines, on several threads; default 1 MiB. */
	size_t split_bytes;
} hr_load_limits;

/** Fill limits (and the threading settings) with the defaults above. */
void hr_load_limits_default(hr_load_limits *limits);

typedef struct hr_manifests hr_manifests;

/** A key written twice in one mapping: the later value is the one used. */
typedef struct hr_duplicate_key {
	const hr_source *source;
	const hr_node *first;  /**< the earlier key node (ignored value) */
	const hr_node *later;  /**< the later key node (the value used) */
	size_t document;       /**< index of the document holding it */
} hr_duplicate_key;

/**
 * Create an empty set.
 * @param out     receives the set; free it with hr_manifests_free()
 * @param limits  copied; NULL for the defaults
 */
int hr_manifests_new(hr_manifests **out, const hr_load_limits *limits);

/**
 * Load a path: a file, a directory (walked recursively), or "-" for stdin.
 * @return HR_OK; HR_EIO when it cannot be read; HR_EINVALID for a YAML
 *         syntax error; HR_ELIMIT for an input over a limit; HR_ETEMPLATE
 *         for an unrendered template.  The error names file:line.
 */
int hr_manifests_add_path(hr_manifests *set, const char *path);

/** Load a stream already open (stdin); name is shown in messages. */
int hr_manifests_add_stream(hr_manifests *set, const char *name, FILE *in);

/** Load bytes held by the caller (copied); name is shown in messages. */
int hr_manifests_add_buffer(hr_manifests *set, const char *name,
                            const char *data, size_t len);

/** Number of Kubernetes-object documents loaded so far. */
size_t hr_manifests_count(const hr_manifests *set);

/** The limits and threading settings the set was made with; borrowed. */
const hr_load_limits *hr_manifests_limits(const hr_manifests *set);

/** The i-th document, in load order; borrowed. */
const hr_document *hr_manifests_get(const hr_manifests *set, size_t i);

/** Number of sources (files) read. */
size_t hr_manifests_source_count(const hr_manifests *set);

/** Duplicate keys found inside Kubernetes-object documents. */
size_t hr_manifests_duplicate_count(const hr_manifests *set);
const hr_duplicate_key *hr_manifests_duplicate(const hr_manifests *set,
                                               size_t i);

/** Bytes of memory the set holds (sources, nodes, strings). */
size_t hr_manifests_memory(const hr_manifests *set);

/** Free the set and everything it handed out; *set becomes NULL. */
void hr_manifests_free(hr_manifests **set);

#ifdef __cplusplus
}
#endif

#endif
