/*
 * Queries and wall time of the Prometheus source: batched (the product)
 * against one set of queries per workload container (the baseline of
 * tools that do not batch), on the same store and window.
 *
 *   bench_prometheus URL AT [RATE_WINDOW STEP]
 *
 * AT is the window's end in unix seconds; RATE_WINDOW and STEP are
 * seconds (default 900 and 300, for history at 5-minute spacing).
 * tests/bench/prometheus_scale.sh generates 2,000 workloads x 14 days,
 * starts a Prometheus on them and runs this.  Both modes must produce the
 * same document: the benchmark says so, or fails.
 */
#include "headroom/headroom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run(const char *label, hr_prom_options *o, hr_prom_result *r)
{
	double start = now_s();
	int rc = hr_prom_export(o, r);
	double took = now_s() - start;
	if (rc || r->unreachable || r->failure_count) {
		fprintf(stderr, "%s: %s\n", label,
		        rc ? hr_error_last()->message
		           : r->failure_count ? r->failures[0] : "unreachable");
		return 1;
	}
	printf("%-14s %6zu queries %6zu attempts %6zu workloads %8.2f s\n",
	       label, r->queries, r->attempts, r->workloads, took);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 5) {
		fprintf(stderr, "usage: bench_prometheus URL AT [RATE_WINDOW "
		        "STEP]\n");
		return 2;
	}
	hr_prometheus_settings set = {
		.timeout = 600, .deadline = 3600, .max_connections = 4,
		.rate_window = argc == 5 ? atoll(argv[3]) : 900,
		.step = argc == 5 ? atoll(argv[4]) : 300,
	};
	hr_prom_options o = {.url = argv[1], .settings = &set,
	                     .at = atoll(argv[2])};
	hr_prom_result batched, single;
	if (run("batched", &o, &batched))
		return 1;
	o.per_container = true;
	if (run("per-container", &o, &single))
		return 1;
	int same = batched.document_len == single.document_len &&
	           memcmp(batched.document, single.document,
	                  batched.document_len) == 0;
	printf("documents %s\n", same ? "identical" : "DIFFER");
	hr_prom_result_clear(&batched);
	hr_prom_result_clear(&single);
	return same ? 0 : 1;
}
