/*
 * headroom: the document tree of a loaded YAML or JSON manifest.
 *
 * Every node records where it stands in its source: 1-based line and
 * column (in characters, as editors and CI annotations count them) and
 * the byte offsets of its first and one-past-last byte (for rewriting a
 * value in place).  Aliases are resolved without copying: an alias is the
 * same node as its anchor, so a node may have several parents.
 *
 * Mappings keep every pair as written.  A key that is written twice keeps
 * both pairs; the earlier one is shadowed (hr_pair_shadowed()), and lookups return the
 * later value, as the Kubernetes API server does.  YAML merge keys (`<<`)
 * are resolved when the mapping is loaded, the way sigs.k8s.io/yaml
 * (go-yaml v2) applies them: in order, a later key overriding an earlier
 * one.  A mapping with merges (`has_merge`) therefore holds its effective
 * pairs, each key node still at the place that key was written.
 *
 * Ownership: every node, string and array belongs to the hr_manifests set
 * that loaded it (include/headroom/manifests.h) and lives until that set is
 * freed.  All pointers handed out here are borrowed.
 */
#ifndef HEADROOM_DOCUMENT_H
#define HEADROOM_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A position in a source: 1-based line and column, 0-based byte offset
 *  (32 bits suffice: sources are capped well below 4 GiB). */
typedef struct hr_mark {
	uint32_t line;
	uint32_t column;
	uint32_t offset;
} hr_mark;

typedef enum hr_node_kind {
	HR_NODE_SCALAR,
	HR_NODE_SEQUENCE,
	HR_NODE_MAPPING,
} hr_node_kind;

typedef enum hr_scalar_style {
	HR_SCALAR_PLAIN,  /**< unquoted: YAML 1.1 resolves its type */
	HR_SCALAR_QUOTED, /**< single, double, literal or folded: a string */
} hr_scalar_style;

typedef struct hr_node hr_node;

/* 16 bytes: a loaded set holds one per mapping entry. */
typedef struct hr_pair {
	const hr_node *key;
	const hr_node *value;
} hr_pair;

/** True when a later pair in the same mapping has the same key (the
 *  earlier value is ignored, as by the API server). */
bool hr_pair_shadowed(const hr_pair *pair);

struct hr_node {
	uint8_t kind;          /**< an hr_node_kind */
	uint8_t style;         /**< an hr_scalar_style, scalars only */
	bool flow;             /**< collections written in [ ] or { } */
	/** Mappings: `<<` was resolved into pairs.  (Bit 1 is private: the
	 *  node carries an explicit tag, see hr_node_tag().) */
	uint8_t flags;
	hr_mark start;
	uint32_t end_offset;   /**< one past the node's last byte */
	/* 32 bytes a node: nodes are the bulk of a loaded set's memory, and
	 * fresh memory costs page faults.  Counts are 32-bit because a
	 * source is far smaller than 4 GiB. */
	union {
		uint32_t len;   /**< scalar: bytes of text */
		uint32_t count; /**< sequence: items; mapping: pairs */
	};
	union {
		const char *text;            /**< scalar: NUL-terminated, may contain NUL */
		const hr_node *const *items; /**< sequence */
		const hr_pair *pairs;        /**< mapping */
	};
};

/** hr_node.flags: the mapping's `<<` merge keys were resolved into pairs. */
#define HR_NODE_HAS_MERGE 0x1u

/** A source the manifests came from: a file, or "-" for stdin. */
typedef struct hr_source {
	const char *path;  /**< as given by the user, for messages */
	const char *data;  /**< the whole text, NUL-terminated */
	size_t len;
} hr_source;

/** One YAML document of a stream (or one item of a `kind: List`). */
typedef struct hr_document {
	const hr_source *source;
	const hr_node *root;     /**< never NULL for documents handed out */
	unsigned index;          /**< 0-based position in its stream */
} hr_document;

/**
 * The value of `key` in a mapping, or NULL.
 *
 * Returns NULL when map is NULL or not a mapping.  A duplicated key yields
 * its last value; merge keys are followed.  Only scalar keys match.
 */
const hr_node *hr_map_get(const hr_node *map, const char *key);

/** Like hr_map_get() but also gives the key node (for its position). */
const hr_node *hr_map_get_pair(const hr_node *map, const char *key,
                               const hr_node **key_out);

/** Called once per effective key of a mapping; return non-zero to stop. */
typedef int (*hr_map_visit_fn)(const hr_node *key, const hr_node *value,
                               void *ctx);

/**
 * Visit each effective pair of a mapping in source order: shadowed
 * duplicates skipped, merge keys expanded, overridden merged keys skipped.
 *
 * @return 0, or the first non-zero value a visit returned
 */
int hr_map_each(const hr_node *map, hr_map_visit_fn visit, void *ctx);

/** The explicit tag ("tag:yaml.org,2002:str"), or NULL when implicit. */
const char *hr_node_tag(const hr_node *node);

/** The text of a scalar node, or NULL for NULL or a collection. */
const char *hr_node_text(const hr_node *node);

/** True when node is a scalar whose text equals s exactly. */
bool hr_node_is(const hr_node *node, const char *s);

/**
 * The YAML 1.1 type a scalar resolves to, as go-yaml v2 (and so kubectl and
 * the API server) resolves it: quoted scalars and `!!str` are strings;
 * plain scalars may be null (`~`, `null`, empty), bool (`yes`, `on`, `true`
 * and their spellings), int (`010` is octal, `0x1F`, `1_000`), float
 * (`.5`, `1e3`, `.inf`) or string.
 */
typedef enum hr_scalar_type {
	HR_TYPE_NULL,
	HR_TYPE_BOOL,
	HR_TYPE_INT,
	HR_TYPE_FLOAT,
	HR_TYPE_STRING,
} hr_scalar_type;

/** The resolved type of a scalar; HR_TYPE_NULL for a NULL node. */
hr_scalar_type hr_scalar_resolve(const hr_node *node);

/**
 * The text Kubernetes sees for a scalar that it decodes as a string or a
 * number (a quantity, say): strings as written, ints in decimal, floats in
 * Go's shortest JSON form (`0.50` -> "0.5", `1e3` -> "1000").
 *
 * @param buf   scratch space for a converted number (64 bytes suffice)
 * @param len   receives the length of the returned text
 * @return the text (borrowed from the node or written into buf), or NULL
 *         when the scalar is null, a bool, a collection, or a number that
 *         cannot be represented (an integer beyond 64 bits that is also not
 *         a float, for instance)
 */
const char *hr_scalar_as_string(const hr_node *node, char *buf,
                                size_t size, size_t *len);

/**
 * A scalar as a 64-bit integer the way Kubernetes decodes an int field
 * (`replicas: 3`, `replicas: 010` is 8).  Floats with no fraction are
 * accepted; strings are not (the API server rejects "3").
 *
 * @return true and sets *out, or false when the scalar is not an integer
 */
bool hr_scalar_as_int(const hr_node *node, int64_t *out);

/** A scalar as a bool (`true`, `yes`, `on` ...); false when not a bool. */
bool hr_scalar_as_bool(const hr_node *node, bool *out);

#ifdef __cplusplus
}
#endif

#endif
