/*
 * A string-keyed hash map (open addressing, linear probing).  Keys are
 * borrowed: the caller keeps them alive as long as the map (arena strings,
 * typically).  Used where inputs can hold many names (anchors, workload
 * identities), so that lookups stay O(1) on hostile sizes.
 *
 * The hash is SipHash-2-4 under a key drawn from the kernel for each map:
 * a pull request's author writes the names, and with a known hash they
 * could make every name land in one probe chain (hash flooding).  Maps
 * are never iterated, so the random key cannot change any output.
 */
#ifndef HR_STRMAP_H
#define HR_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct hr_strmap_slot {
	const char *key; /* NULL when empty */
	size_t len;
	size_t hash;
	void *value;
} hr_strmap_slot;

typedef struct hr_strmap {
	hr_strmap_slot *slots;
	size_t capacity; /* a power of two, or 0 */
	size_t count;
	uint64_t key[2]; /* the hash key, drawn when the map first grows */
} hr_strmap;

#define HR_STRMAP_INIT {NULL, 0, 0, {0, 0}}

/** SipHash-2-4 of data under a 128-bit key (exposed for its test). */
uint64_t hr_siphash(const uint64_t key[2], const void *data, size_t len);

/** The value stored under key, or NULL. */
void *hr_strmap_get(const hr_strmap *map, const char *key, size_t len);
/** Store value under key, replacing any earlier value. */
void hr_strmap_put(hr_strmap *map, const char *key, size_t len, void *value);
void hr_strmap_clear(hr_strmap *map);
void hr_strmap_dispose(hr_strmap *map);

#endif
