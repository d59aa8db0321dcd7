#include "util/strmap.h"

#include "util/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND(v0, v1, v2, v3)                                               \
	do {                                                                   \
		v0 += v1;                                                      \
		v1 = ROTL(v1, 13);                                             \
		v1 ^= v0;                                                      \
		v0 = ROTL(v0, 32);                                             \
		v2 += v3;                                                      \
		v3 = ROTL(v3, 16);                                             \
		v3 ^= v2;                                                      \
		v0 += v3;                                                      \
		v3 = ROTL(v3, 21);                                             \
		v3 ^= v0;                                                      \
		v2 += v1;                                                      \
		v1 = ROTL(v1, 17);                                             \
		v1 ^= v2;                                                      \
		v2 = ROTL(v2, 32);                                             \
	} while (0)

static uint64_t load_le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* The reference algorithm (Aumasson and Bernstein), 2 compression and 4
 * finalization rounds. */
uint64_t hr_siphash(const uint64_t key[2], const void *data, size_t len)
{
	const unsigned char *in = data;
	uint64_t v0 = UINT64_C(0x736f6d6570736575) ^ key[0];
	uint64_t v1 = UINT64_C(0x646f72616e646f6d) ^ key[1];
	uint64_t v2 = UINT64_C(0x6c7967656e657261) ^ key[0];
	uint64_t v3 = UINT64_C(0x7465646279746573) ^ key[1];
	size_t whole = len - len % 8;
	for (size_t i = 0; i < whole; i += 8) {
		uint64_t m = load_le64(in + i);
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	uint64_t b = (uint64_t)len << 56;
	for (size_t i = 0; i < len % 8; i++)
		b |= (uint64_t)in[whole + i] << (8 * i);
	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	for (int i = 0; i < 4; i++)
		SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

/* A fresh key per map; without the kernel's randomness (very old kernels,
 * seccomp), addresses and the clock still differ from run to run. */
static void draw_key(hr_strmap *map)
{
	if (getrandom(map->key, sizeof(map->key), GRND_NONBLOCK) ==
	    (ssize_t)sizeof(map->key))
		return;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	map->key[0] = (uint64_t)(uintptr_t)map ^ (uint64_t)ts.tv_nsec;
	map->key[1] = (uint64_t)(uintptr_t)&draw_key ^ (uint64_t)ts.tv_sec;
}

static size_t hash_bytes(const hr_strmap *map, const char *s, size_t len)
{
	return (size_t)hr_siphash(map->key, s, len);
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
	if (!old.capacity)
		draw_key(map);
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
	hr_strmap_slot *s = find(map, key, len, hash_bytes(map, key, len));
	return s->key ? s->value : NULL;
}

void hr_strmap_put(hr_strmap *map, const char *key, size_t len, void *value)
{
	if ((map->count + 1) * 4 > map->capacity * 3)
		grow(map);
	size_t hash = hash_bytes(map, key, len);
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
