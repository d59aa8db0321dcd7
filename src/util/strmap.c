#include "util/strmap.h"

#include "util/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a: keys are short names, and the map's size is bounded by input
 * caps, so a simple hash with no seed is enough. */
static size_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return (size_t)h;
}

static hr_strmap_slot *find(const hr_strmap *map, const char *key, size_t len,
                            size_t hash)
{
	size_t mask = map->capacity - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		hr_strmap_slot *s = &map->slots[i];
		if (!s->key)
			return s;
		if (s->hash == hash && s->len == len &&
		    memcmp(s->key, key, len) == 0)
			return s;
	}
}

static void grow(hr_strmap *map)
{
	hr_strmap old = *map;
	map->capacity = old.capacity ? old.capacity * 2 : 16;
	map->slots = hr_xcalloc(map->capacity, sizeof(*map->slots));
	map->count = 0;
	for (size_t i = 0; i < old.capacity; i++) {
		hr_strmap_slot *s = &old.slots[i];
		if (s->key) {
			*find(map, s->key, s->len, s->hash) = *s;
			map->count++;
		}
	}
	free(old.slots);
}

void *hr_strmap_get(const hr_strmap *map, const char *key, size_t len)
{
	if (!map->capacity)
		return NULL;
	hr_strmap_slot *s = find(map, key, len, hash_bytes(key, len));
	return s->key ? s->value : NULL;
}

void hr_strmap_put(hr_strmap *map, const char *key, size_t len, void *value)
{
	if ((map->count + 1) * 4 > map->capacity * 3)
		grow(map);
	size_t hash = hash_bytes(key, len);
	hr_strmap_slot *s = find(map, key, len, hash);
	if (!s->key) {
		s->key = key;
		s->len = len;
		s->hash = hash;
		map->count++;
	}
	s->value = value;
}

void hr_strmap_clear(hr_strmap *map)
{
	if (map->slots)
		memset(map->slots, 0, map->capacity * sizeof(*map->slots));
	map->count = 0;
}

void hr_strmap_dispose(hr_strmap *map)
{
	free(map->slots);
	map->slots = NULL;
	map->capacity = map->count = 0;
}
