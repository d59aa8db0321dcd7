/*
 * Reading the document tree: lookups and iteration that apply duplicate
 * keys and merge keys the way the API server ends up seeing them.
 */
#include "headroom/document.h"

#include "util/alloc.h"
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

static bool key_is(const hr_node *k, const char *key, size_t len)
{
	return k->kind == HR_NODE_SCALAR && k->as.scalar.len == len &&
	       memcmp(k->as.scalar.text, key, len) == 0;
}

static bool is_merge(const hr_node *k)
{
	return k->kind == HR_NODE_SCALAR && k->style == HR_SCALAR_PLAIN &&
	       !k->tag && key_is(k, "<<", 2);
}

static const hr_node *lookup(const hr_node *map, const char *key, size_t len,
                             const hr_node **key_out);

/* go-yaml v2 merges a sequence from its last item to its first, so the
 * first item that has the key wins. */
static const hr_node *lookup_merged(const hr_node *src, const char *key,
                                    size_t len, const hr_node **key_out)
{
	if (src->kind == HR_NODE_MAPPING)
		return lookup(src, key, len, key_out);
	if (src->kind == HR_NODE_SEQUENCE)
		for (size_t i = 0; i < src->as.seq.count; i++) {
			const hr_node *v = lookup(src->as.seq.items[i], key, len, key_out);
			if (v)
				return v;
		}
	return NULL;
}

/* Later pairs override earlier ones, merges included, so scan backwards.
 * Merge chains are bounded when the tree is built. */
static const hr_node *lookup(const hr_node *map, const char *key, size_t len,
                             const hr_node **key_out)
{
	if (!map || map->kind != HR_NODE_MAPPING)
		return NULL;
	for (size_t i = map->as.map.count; i-- > 0;) {
		const hr_pair *p = &map->as.map.pairs[i];
		if (map->as.map.has_merge && is_merge(p->key)) {
			const hr_node *v = lookup_merged(p->value, key, len, key_out);
			if (v)
				return v;
		} else if (key_is(p->key, key, len)) {
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

/* Effective pairs of a mapping with merges: key -> slot in order of first
 * appearance, value of the last assignment. */
typedef struct effective {
	hr_pair *pairs;
	size_t count, capacity;
	hr_strmap index; /* key text -> slot number + 1 */
} effective;

static void assign(effective *e, const hr_node *key, const hr_node *value)
{
	if (key->kind != HR_NODE_SCALAR) {
		e->pairs = hr_xgrow(e->pairs, &e->capacity, e->count + 1, sizeof(*e->pairs));
		e->pairs[e->count++] = (hr_pair){key, value, false};
		return;
	}
	size_t slot = (size_t)(uintptr_t)hr_strmap_get(&e->index, key->as.scalar.text,
	                                                key->as.scalar.len);
	if (slot) {
		e->pairs[slot - 1].value = value;
		return;
	}
	e->pairs = hr_xgrow(e->pairs, &e->capacity, e->count + 1, sizeof(*e->pairs));
	e->pairs[e->count++] = (hr_pair){key, value, false};
	hr_strmap_put(&e->index, key->as.scalar.text, key->as.scalar.len,
	              (void *)(uintptr_t)e->count);
}

static void collect(effective *e, const hr_node *map);

static void collect_merge(effective *e, const hr_node *src)
{
	if (src->kind == HR_NODE_MAPPING)
		collect(e, src);
	else if (src->kind == HR_NODE_SEQUENCE)
		for (size_t i = src->as.seq.count; i-- > 0;)
			if (src->as.seq.items[i]->kind == HR_NODE_MAPPING)
				collect(e, src->as.seq.items[i]);
}

static void collect(effective *e, const hr_node *map)
{
	for (size_t i = 0; i < map->as.map.count; i++) {
		const hr_pair *p = &map->as.map.pairs[i];
		if (map->as.map.has_merge && is_merge(p->key))
			collect_merge(e, p->value);
		else
			assign(e, p->key, p->value);
	}
}

int hr_map_each(const hr_node *map, hr_map_visit_fn visit, void *ctx)
{
	if (!map || map->kind != HR_NODE_MAPPING)
		return 0;
	if (!map->as.map.has_merge) {
		for (size_t i = 0; i < map->as.map.count; i++) {
			const hr_pair *p = &map->as.map.pairs[i];
			if (p->shadowed)
				continue;
			int rc = visit(p->key, p->value, ctx);
			if (rc)
				return rc;
		}
		return 0;
	}
	effective e = {NULL, 0, 0, HR_STRMAP_INIT};
	collect(&e, map);
	int rc = 0;
	for (size_t i = 0; i < e.count && !rc; i++)
		rc = visit(e.pairs[i].key, e.pairs[i].value, ctx);
	free(e.pairs);
	hr_strmap_dispose(&e.index);
	return rc;
}

const char *hr_node_text(const hr_node *node)
{
	return node && node->kind == HR_NODE_SCALAR ? node->as.scalar.text : NULL;
}

bool hr_node_is(const hr_node *node, const char *s)
{
	return node && key_is(node, s, strlen(s));
}
