#include "util/parallel.h"

#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>

unsigned hr_parallel_jobs(unsigned requested)
{
	if (requested)
		return requested < HR_PARALLEL_MAX ? requested : HR_PARALLEL_MAX;
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	if (online < 1)
		return 1;
	return (unsigned long)online < HR_PARALLEL_MAX ? (unsigned)online
	                                                : HR_PARALLEL_MAX;
}

typedef struct worker {
	pthread_t thread;
	bool started;
	hr_task_fn task;
	void *ctx;
	size_t index;
} worker;

static void *run_worker(void *arg)
{
	worker *w = arg;
	w->task(w->ctx, w->index);
	return NULL;
}

void hr_parallel_run(size_t count, hr_task_fn task, void *ctx)
{
	worker workers[HR_PARALLEL_MAX];
	size_t i = 0;
	while (i < count) {
		size_t batch = count - i < HR_PARALLEL_MAX ? count - i : HR_PARALLEL_MAX;
		for (size_t k = 1; k < batch; k++) {
			workers[k] = (worker){.task = task, .ctx = ctx, .index = i + k};
			workers[k].started = pthread_create(&workers[k].thread, NULL,
			                                    run_worker, &workers[k]) == 0;
		}
		task(ctx, i);
		for (size_t k = 1; k < batch; k++) {
			if (workers[k].started)
				pthread_join(workers[k].thread, NULL);
			else
				task(ctx, i + k);
		}
		i += batch;
	}
}
