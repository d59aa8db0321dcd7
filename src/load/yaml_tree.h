/*
 * The libyaml wrapper: turns one source's bytes into document trees with
 * positions.  This is the only file that includes <yaml.h>; everything
 * else sees hr_node (include/headroom/document.h).
 */
#ifndef HR_YAML_TREE_H
#define HR_YAML_TREE_H

#include "headroom/manifests.h"
#include "util/arena.h"

typedef struct hr_yaml_stream {
	const hr_node **roots;  /* one per non-empty document, in order */
	size_t root_count;
	hr_duplicate_key *duplicates;
	size_t duplicate_count;
} hr_yaml_stream;

/**
 * Parse every document of src into nodes allocated from arena.
 * Empty and comment-only documents produce no root.
 * @return HR_OK, or HR_EINVALID / HR_ELIMIT / HR_ETEMPLATE with the
 *         error positioned at src->path:line:column.
 */
int hr_yaml_parse(hr_arena *arena, const hr_source *src,
                  const hr_load_limits *limits, hr_yaml_stream *out);

#endif
