/*
 * What every fuzz harness shares: abort() on a broken invariant, and
 * reading every byte of a result into a sink so that nothing the library
 * hands out goes unread (ASan then sees any bad pointer in it).
 */
#ifndef HR_FUZZ_UTIL_H
#define HR_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every byte read goes into this, so nothing can be optimised away. */
static volatile uint64_t fuzz_sink;

static inline void check(bool ok)
{
	if (!ok)
		abort();
}

static inline void touch(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0;
	for (size_t i = 0; i < n; i++)
		h = h * 31 + b[i];
	fuzz_sink += h;
}

static inline void touch_str(const char *s)
{
	check(s != NULL);
	touch(s, strlen(s) + 1);
}

static inline void touch_opt_str(const char *s)
{
	if (s)
		touch_str(s);
}

#endif
