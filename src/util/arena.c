#include "util/arena.h"

#include "util/alloc.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_MIN (64u * 1024u)
#define BLOCK_MAX (4u * 1024u * 1024u)

struct hr_arena_block {
	hr_arena_block *next;
	alignas(max_align_t) unsigned char data[];
};

#ifdef HR_ARENA_DEBUG

void *hr_arena_alloc(hr_arena *arena, size_t size)
{
	hr_arena_block *b = hr_xcalloc(1, sizeof(*b) + (size ? size : 1));
	b->next = arena->head;
	arena->head = b;
	arena->total += size;
	return b->data;
}

static char *alloc_chars(hr_arena *arena, size_t size)
{
	return hr_arena_alloc(arena, size);
}

#else

/* Carve size bytes at the given alignment from the head block, starting a
 * new block when the head has no room. */
static void *carve(hr_arena *arena, size_t size, size_t align)
{
	size_t start = (arena->used + align - 1) & ~(align - 1);
	if (size > SIZE_MAX - BLOCK_MIN)
		abort(); /* size_t overflow: only a caller bug gets here */
	if (!arena->head || start > arena->capacity ||
	    arena->capacity - start < size) {
		/* Blocks double up to BLOCK_MAX: a small set stays small, and a
		 * big one gets blocks large enough for the kernel to back with
		 * huge pages, which saves most of the page faults. */
		size_t cap = arena->capacity ? arena->capacity * 2 : BLOCK_MIN;
		if (cap > BLOCK_MAX)
			cap = BLOCK_MAX;
		if (cap < size)
			cap = size;
		hr_arena_block *b = hr_xmalloc(sizeof(*b) + cap);
		b->next = arena->head;
		arena->head = b;
		arena->capacity = cap;
		start = 0;
	}
	arena->used = start + size;
	arena->total += size;
	return arena->head->data + start;
}

void *hr_arena_alloc(hr_arena *arena, size_t size)
{
	void *p = carve(arena, size ? size : 1, alignof(max_align_t));
	memset(p, 0, size);
	return p;
}

static char *alloc_chars(hr_arena *arena, size_t size)
{
	return carve(arena, size, 1);
}

#endif

char *hr_arena_strndup(hr_arena *arena, const char *s, size_t len)
{
	/* Strings need no alignment: packing them saves a fifth of a loaded
	 * set's memory. */
	char *p = alloc_chars(arena, len + 1);
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *hr_arena_strdup(hr_arena *arena, const char *s)
{
	return hr_arena_strndup(arena, s, strlen(s));
}

void *hr_arena_memdup(hr_arena *arena, const void *src, size_t size)
{
	void *p = hr_arena_alloc(arena, size);
	if (size)
		memcpy(p, src, size);
	return p;
}

void hr_arena_adopt(hr_arena *into, hr_arena *from)
{
	if (!from->head)
		return;
	/* from's blocks go behind into's head, which keeps filling. */
	hr_arena_block *last = from->head;
	while (last->next)
		last = last->next;
	if (into->head) {
		last->next = into->head->next;
		into->head->next = from->head;
	} else {
		into->head = from->head;
		into->used = from->used;
		into->capacity = from->capacity;
	}
	into->total += from->total;
	*from = (hr_arena)HR_ARENA_INIT;
}

void hr_arena_free(hr_arena *arena)
{
	hr_arena_block *b = arena->head;
	while (b) {
		hr_arena_block *next = b->next;
		free(b);
		b = next;
	}
	arena->head = NULL;
	arena->used = arena->capacity = arena->total = 0;
}

void *hr_arena_grow(hr_arena *arena, void *items, size_t count, size_t *cap,
                    size_t item_size)
{
	if (count < *cap)
		return items;
	size_t bigger = *cap ? *cap * 2 : 8;
	void *copy = hr_arena_alloc(arena, bigger * item_size);
	if (count)
		memcpy(copy, items, count * item_size);
	*cap = bigger;
	return copy;
}
