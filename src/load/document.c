/*
 * Reading the document tree: lookups and iteration that apply duplicate
 * keys and merge keys the way the API server ends up seeing them.
 */
#include "headroom/document.h"

#include "load/tagged_node.h"

#include <string.h>

static bool key_is(const hr_node *k, const char *key, size_t len)
{
	return k->kind == HR_NODE_SCALAR && k->len == len &&
	       memcmp(k->text, key, len) == 0;
}

/* Later pairs override earlier ones, so scan backwards.  Merges were
 * resolved when the mapping was loaded (yaml_tree.c). */
static const hr_node *lookup(const hr_node *map, const char *key, size_t len,
                             const hr_node **key_out)
{
	if (!map || map->kind != HR_NODE_MAPPING)
		return NULL;
	for (size_t i = map->count; i-- > 0;) {
		const hr_pair *p = &map->pairs[i];
		if (key_is(p->key, key, len)) {
			if (key_out)
				*key_out = p->key;
			return p->value;
		}
	}
	return NULL;
}

const hr_node *hr_map_get(const hr_node *map, const char *key)
{
	return lookup(map, key, strlen(key), NULL);
}

const hr_node *hr_map_get_pair(const hr_node *map, const char *key,
                               const hr_node **key_out)
{
	if (key_out)
		*key_out = NULL;
	return lookup(map, key, strlen(key), key_out);
}

int hr_map_each(const hr_node *map, hr_map_visit_fn visit, void *ctx)
{
	if (!map || map->kind != HR_NODE_MAPPING)
		return 0;
	for (size_t i = 0; i < map->count; i++) {
		const hr_pair *p = &map->pairs[i];
		if (hr_pair_shadowed(p))
			continue;
		int rc = visit(p->key, p->value, ctx);
		if (rc)
			return rc;
	}
	return 0;
}

bool hr_pair_shadowed(const hr_pair *pair)
{
	return (pair->key->flags & HR_NODE_SHADOWED) != 0;
}

const char *hr_node_tag(const hr_node *node)
{
	return node && (node->flags & HR_NODE_TAGGED)
	               ? ((const hr_tagged_node *)node)->tag
	               : NULL;
}

const char *hr_node_text(const hr_node *node)
{
	return node && node->kind == HR_NODE_SCALAR ? node->text : NULL;
}

bool hr_node_is(const hr_node *node, const char *s)
{
	return node && key_is(node, s, strlen(s));
}
