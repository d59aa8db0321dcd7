/*
 * The out-of-memory policy, in one place: allocation never returns NULL.
 * On exhaustion the process aborts (as git, redis and jq do).  This is a
 * deliberate choice: every input is size-capped before it is read, so the
 * only way here is a machine that is genuinely out of memory, and threading
 * ENOMEM through every parser would add failure paths that no input can
 * reach.  Callers never check these for NULL.
 */
#ifndef HR_ALLOC_H
#define HR_ALLOC_H

#include <stddef.h>

void *hr_xmalloc(size_t size);
void *hr_xcalloc(size_t count, size_t size);
void *hr_xrealloc(void *ptr, size_t size);
/* Grow an array to hold at least `need` items of `item_size`; doubles. */
void *hr_xgrow(void *ptr, size_t *capacity, size_t need, size_t item_size);
char *hr_xstrdup(const char *s);
char *hr_xstrndup(const char *s, size_t len);

#endif
