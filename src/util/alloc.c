#include "util/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static _Noreturn void out_of_memory(void)
{
	abort();
}

void *hr_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *hr_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *hr_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *hr_xgrow(void *ptr, size_t *capacity, size_t need, size_t item_size)
{
	if (need <= *capacity)
		return ptr;
	size_t cap = *capacity ? *capacity : 8;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			out_of_memory();
		cap *= 2;
	}
	if (item_size && cap > SIZE_MAX / item_size)
		out_of_memory();
	*capacity = cap;
	return hr_xrealloc(ptr, cap * item_size);
}

char *hr_xstrndup(const char *s, size_t len)
{
	char *p = hr_xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *hr_xstrdup(const char *s)
{
	return hr_xstrndup(s, strlen(s));
}
