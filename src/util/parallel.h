/*
 * Running independent pieces of work on several threads: the pieces of a
 * large manifest stream, the slices of the model.  Each task writes only
 * its own slot, so the only synchronisation is the final join.
 */
#ifndef HR_PARALLEL_H
#define HR_PARALLEL_H

#include <stddef.h>

/** Threads worth using: one per online CPU, at most HR_PARALLEL_MAX. */
#define HR_PARALLEL_MAX 8u
unsigned hr_parallel_jobs(unsigned requested);

typedef void (*hr_task_fn)(void *ctx, size_t index);

/**
 * Call task(ctx, i) once for every i in [0, count), on up to count
 * threads (the caller's thread runs task 0).  Returns when all are done.
 * A thread that cannot be started is replaced by running its task on the
 * caller's thread, so the work is always done.
 */
void hr_parallel_run(size_t count, hr_task_fn task, void *ctx);

#endif
