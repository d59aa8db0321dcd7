/*
 * An arena for values that live exactly as long as one loaded manifest set
 * or one run: document nodes, scalar text, model records.  Everything is
 * freed at once by hr_arena_free(); nothing is freed individually.
 *
 * Built with -DHR_ARENA_DEBUG (the sanitizer and valgrind builds) every
 * allocation is its own malloc, so ASan and valgrind see each block's
 * bounds instead of one large slab.
 */
#ifndef HR_ARENA_H
#define HR_ARENA_H

#include <stddef.h>

typedef struct hr_arena_block hr_arena_block;

typedef struct hr_arena {
	hr_arena_block *head;
	size_t used;      /* bytes used in head */
	size_t capacity;  /* bytes available in head */
	size_t total;     /* bytes handed out, for limits and benchmarks */
} hr_arena;

#define HR_ARENA_INIT {NULL, 0, 0, 0}

/** Zeroed memory aligned for any type; never NULL (see alloc.h). */
void *hr_arena_alloc(hr_arena *arena, size_t size);
/** A NUL-terminated copy of len bytes of s. */
char *hr_arena_strndup(hr_arena *arena, const char *s, size_t len);
char *hr_arena_strdup(hr_arena *arena, const char *s);
/** A copy of count items of size bytes. */
void *hr_arena_memdup(hr_arena *arena, const void *src, size_t size);
/**
 * Room for one more item in an array of count items of item_size bytes
 * with room for *cap: items itself while there is room, else a copy twice
 * as large (the old one stays in the arena until it is freed).
 */
void *hr_arena_grow(hr_arena *arena, void *items, size_t count, size_t *cap,
                    size_t item_size);
/**
 * Move every block of from into into (from is left empty): what a worker
 * thread allocated in its own arena then lives as long as into.
 */
void hr_arena_adopt(hr_arena *into, hr_arena *from);
/** Free every block; the arena is empty and reusable afterwards. */
void hr_arena_free(hr_arena *arena);

#endif
