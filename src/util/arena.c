#include "util/arena.h"

#include "util/alloc.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_MIN (64u * 1024u)

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

#else

static size_t align_up(size_t n)
{
	const size_t a = alignof(max_align_t);
	return (n + a - 1) & ~(a - 1);
}

void *hr_arena_alloc(hr_arena *arena, size_t size)
{
	size_t need = align_up(size ? size : 1);
	if (need < size)
		abort(); /* size_t overflow: only a caller bug gets here */
	if (!arena->head || arena->capacity - arena->used < need) {
		size_t cap = need > BLOCK_MIN ? need : BLOCK_MIN;
		hr_arena_block *b = hr_xmalloc(sizeof(*b) + cap);
		b->next = arena->head;
		arena->head = b;
		arena->used = 0;
		arena->capacity = cap;
	}
	void *p = arena->head->data + arena->used;
	arena->used += need;
	arena->total += size;
	memset(p, 0, size);
	return p;
}

#endif

char *hr_arena_strndup(hr_arena *arena, const char *s, size_t len)
{
	char *p = hr_arena_alloc(arena, len + 1);
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
