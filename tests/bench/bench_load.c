/*
 * bench_load: how much the load and model stages cost next to libyaml
 * itself (design.md, "Quality bars", Speed).
 *
 *   bench_load [N] [--out FILE] [--jobs N]
 *
 * Generates N (default 10,000) realistic workloads as one multi-document
 * YAML stream in memory: mostly Deployments, some StatefulSets, DaemonSets
 * and CronJobs, with one to three containers each (requests, limits, env,
 * command, args), labels and annotations, plus HorizontalPodAutoscalers
 * and PodDisruptionBudgets for some of them.  About 800 bytes a workload,
 * so 10,000 make about 8 MB.  The content depends only on N (a fixed
 * seed).  --out writes the stream to FILE and the usage data to
 * FILE.recs.json, to feed `headroom check -r FILE.recs.json FILE`.
 * --jobs caps the threads loading and modelling use (1: single-threaded).
 *
 * Then, best of 5 runs each, it times:
 *   (a) bare parse:  libyaml's event parse of the same bytes
 *                    (yaml_parser_parse() and yaml_event_delete() only);
 *   (b) load:        hr_manifests_add_buffer();
 *   (c) load+model:  hr_manifests_add_buffer() + hr_model_build();
 *   (d) check:       hr_check() with a recommendations file covering every
 *                    container, and the JSON report written to /dev/null;
 *   (e) the program: `headroom check -r RECS -f json=/dev/null FILE`, its
 *                    wall time and peak RSS (wait4), as CI would run it,
 *                    started by a small launcher process (see
 *                    start_launcher()) so that neither counts this one;
 * and measures the peak RSS of one load+model in a forked child, before
 * any timed run, so that memory the timed runs leave behind in the heap
 * does not count.  Freeing is not timed.
 *
 * --base-repo DIR measures the pull-request gate instead: the workloads
 * go into DIR/manifests as 1,000 files (N/1000 workloads each; at least
 * one), committed in a new git repository at DIR; then every tenth file
 * changes (memory values cut, some beyond the step policy) in a second
 * commit.  It times `headroom check -r RECS -f json=/dev/null manifests`
 * in DIR with and without `--base HEAD~1`, best of 5 each, and prints
 * the ratio (the goal: at most 2x).  It uses the git command to build the
 * repository; headroom itself reads it with libgit2.
 *
 * This is a program, not a test: timings depend on the machine.  It exits
 * 1 when the model does not find exactly N workloads or loading fails.
 */
/* wait4(), for the peak RSS of the one child it waits for. */
#define _DEFAULT_SOURCE
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "headroom/headroom.h"
#include "headroom/error.h"
#include "headroom/manifests.h"
#include "headroom/model.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#define RUNS 5
#define DEFAULT_N 10000u
#define MAX_N 1000000u
#define SEED UINT64_C(0x5eed0f4eadc0de01)

/* ---- output buffer ----------------------------------------------------- */

typedef struct text {
	char *data;
	size_t len, cap;
} text;

#define BENCH_PRINTF(f, a) __attribute__((format(printf, f, a)))

static _Noreturn void die(const char *fmt, ...) BENCH_PRINTF(1, 2);

static _Noreturn void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench_load: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void reserve(text *t, size_t more)
{
	if (t->cap - t->len > more)
		return;
	size_t cap = t->cap ? t->cap : 1u << 16;
	while (cap - t->len <= more) {
		if (cap > SIZE_MAX / 2)
			die("out of memory");
		cap *= 2;
	}
	char *p = realloc(t->data, cap);
	if (!p)
		die("out of memory");
	t->data = p;
	t->cap = cap;
}

static void add(text *t, const char *fmt, ...) BENCH_PRINTF(2, 3);

static void add(text *t, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		size_t room = t->cap - t->len;
		int n = vsnprintf(t->data ? t->data + t->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			die("formatting failed");
		if ((size_t)n < room) {
			t->len += (size_t)n;
			return;
		}
		reserve(t, (size_t)n + 1);
	}
}

/* ---- deterministic content --------------------------------------------- */

static uint64_t rng_state = SEED;

/* splitmix64 */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

#define PICK(array) (array)[below(sizeof(array) / sizeof((array)[0]))]

static const char *const teams[] = {"payments", "checkout", "search",
	"catalog", "identity", "shipping", "ledger", "notifications",
	"recommendations", "platform"};
static const char *const tiers[] = {"frontend", "backend", "worker", "cache"};
static const unsigned cpu_millis[] = {50, 100, 150, 200, 250, 500, 750,
	1000, 1500, 2000};
static const char *const memories[] = {"64Mi", "128Mi", "256Mi", "384Mi",
	"512Mi", "768Mi", "1Gi", "1536Mi", "2Gi", "4Gi"};
#define MEMORY_COUNT (sizeof(memories) / sizeof(memories[0]))
static const char *const sidecars[] = {"envoy", "log-shipper",
	"otel-collector", "vault-agent"};
static const char *const log_levels[] = {"debug", "info", "warn"};

typedef struct workload_names {
	char name[64];
	char ns[32];
	const char *team;
} workload_names;

/* The recommendations file that goes with the manifests: usage for every
 * container, from its own generator so the manifests stay the same. */
static text recs;
static uint64_t recs_state = SEED ^ UINT64_C(0xa5a5a5a5a5a5a5a5);

static double recs_unit(void)
{
	uint64_t z = (recs_state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

static double recs_between(double lo, double hi)
{
	return lo + recs_unit() * (hi - lo);
}

/* Usage that mostly fits what the manifest asks for, as in a repository
 * that is looked after: about one container in ten under-requests CPU or
 * memory, one in ten asks for far more than it uses. */
static void add_container_usage(const char *name, bool first, double cpu_req,
                                double mem_req, double mem_limit)
{
	double u = recs_unit();
	double cpu_f = u < 0.05 ? recs_between(1.1, 1.6)
	               : u < 0.10 ? recs_between(0.05, 0.15)
	                          : recs_between(0.35, 0.9);
	double v = recs_unit();
	double mem_f = v < 0.05 ? recs_between(1.05, 1.3)
	               : v < 0.10 ? recs_between(0.08, 0.2)
	                          : recs_between(0.45, 0.9);
	double cpu = cpu_req * cpu_f, mem = mem_req * mem_f;
	double peak = mem * 1.08;
	if (mem_limit > 0 && v >= 0.05 && peak * 1.2 > mem_limit)
		peak = mem_limit / 1.25;
	if (mem > peak)
		mem = peak;
	add(&recs, "%s{\"name\": \"%s\", \"samples\": %u, \"coverage\": %.2f, "
	    "\"cpu\": {\"p50\": %.4f, \"p95\": %.4f, \"p99\": %.4f, \"max\": %.4f}, "
	    "\"memory\": {\"p50\": %.0f, \"p95\": %.0f, \"p99\": %.0f, \"max\": %.0f}, "
	    "\"oom_kills\": 0}",
	    first ? "" : ", ", name, 3000 + (unsigned)(recs_unit() * 1032),
	    recs_between(0.9, 1.0), cpu * 0.5, cpu, cpu * 1.1, cpu * 1.3,
	    mem * 0.7, mem, (mem + peak) / 2, peak);
}

static double memory_bytes(const char *q)
{
	double n = strtod(q, NULL);
	return strstr(q, "Gi") ? n * 1073741824.0 : n * 1048576.0;
}

/* 500 -> "500m", 2000 -> "\"2\"" (whole cores quoted, as people write). */
static const char *cpu_quantity(char *buf, size_t size, unsigned millis)
{
	if (millis % 1000 == 0)
		snprintf(buf, size, "\"%u\"", millis / 1000);
	else
		snprintf(buf, size, "%um", millis);
	return buf;
}

static void add_container(text *t, const workload_names *w, unsigned index,
                          const char *in)
{
	const char *name;
	if (index == 0) {
		name = w->name;
		add(t, "%s- name: %s\n", in, w->name);
		/* A quarter are Java services: the JVM layer reads them. */
		bool java = below(4) == 0;
		if (java) {
			add(t, "%s  image: eclipse-temurin:%u-jre\n", in,
			    below(2) ? 21 : 17);
			add(t, "%s  command: [java, -jar, /app/%s.jar]\n", in, w->name);
		} else {
			add(t, "%s  image: registry.example.com/%s:1.%u.%u\n", in,
			    w->name, below(40), below(10));
			add(t, "%s  command: [/usr/local/bin/%s]\n", in, w->team);
		}
		add(t, "%s  args: [--log-level=%s]\n", in,
		    PICK(log_levels));
		add(t, "%s  env:\n", in);
		add(t, "%s  - {name: WORKERS, value: \"%u\"}\n", in, 1 + below(16));
		if (java)
			add(t, "%s  - {name: JAVA_TOOL_OPTIONS, value: "
			    "\"-XX:MaxRAMPercentage=%u.0 -XX:+UseG1GC\"}\n", in,
			    50 + below(4) * 10);
		if (below(4) == 0)
			add(t, "%s  - name: POD_IP\n%s    valueFrom: "
			    "{fieldRef: {fieldPath: status.podIP}}\n", in, in);
	} else {
		/* Distinct names: the second container is one of the first two
		 * sidecars, the third one of the other two. */
		const char *s = sidecars[(index - 1) % 2 * 2 + below(2)];
		name = s;
		add(t, "%s- name: %s\n", in, s);
		add(t, "%s  image: registry.example.com/%s:v%u.%u\n", in, s,
		    1 + below(3), below(30));
	}
	/* Limits at or above requests, as the API server requires. */
	unsigned cpu = index ? 50 : PICK(cpu_millis);
	unsigned mem = index ? 0 : below(MEMORY_COUNT);
	char cpu_text[16];
	add(t, "%s  resources:\n", in);
	add(t, "%s    requests: {cpu: %s, memory: %s}\n", in,
	    cpu_quantity(cpu_text, sizeof(cpu_text), cpu), memories[mem]);
	unsigned mem_limit = mem + below(3);
	if (mem_limit >= MEMORY_COUNT)
		mem_limit = MEMORY_COUNT - 1;
	bool has_limit = true;
	switch (below(4)) {
	case 0: /* no limits */
		has_limit = false;
		break;
	case 1:
		add(t, "%s    limits: {memory: %s}\n", in, memories[mem_limit]);
		break;
	default:
		add(t, "%s    limits: {cpu: %s, memory: %s}\n", in,
		    cpu_quantity(cpu_text, sizeof(cpu_text), cpu << below(3)),
		    memories[mem_limit]);
		break;
	}
	add_container_usage(name, index == 0, cpu / 1000.0, memory_bytes(memories[mem]),
	                    has_limit ? memory_bytes(memories[mem_limit]) : 0);
}

typedef enum gen_kind { GEN_DEPLOY, GEN_STS, GEN_DS, GEN_CRON } gen_kind;

static gen_kind pick_kind(void)
{
	unsigned r = below(100);
	if (r < 75)
		return GEN_DEPLOY;
	if (r < 87)
		return GEN_STS;
	if (r < 94)
		return GEN_DS;
	return GEN_CRON;
}

static void add_pod_template(text *t, const workload_names *w,
                             const char *in)
{
	add(t, "%stemplate:\n", in);
	add(t, "%s  metadata:\n", in);
	add(t, "%s    labels: {app: %s, tier: %s}\n", in, w->name, PICK(tiers));
	add(t, "%s  spec:\n", in);
	add(t, "%s    containers:\n", in);
	unsigned containers = 1 + (below(4) == 0) + (below(20) == 0);
	char deeper[64];
	snprintf(deeper, sizeof(deeper), "%s    ", in);
	for (unsigned i = 0; i < containers; i++)
		add_container(t, w, i, deeper);
}

static void add_workload(text *t, unsigned i, size_t *extra_docs)
{
	workload_names w;
	w.team = teams[i % (sizeof(teams) / sizeof(teams[0]))];
	snprintf(w.name, sizeof(w.name), "%s-%05u", w.team, i);
	snprintf(w.ns, sizeof(w.ns), "team-%02u", i % 40);
	unsigned version = below(100);
	gen_kind kind = pick_kind();
	static const char *const api[] = {"apps/v1", "apps/v1", "apps/v1",
		"batch/v1"};
	static const char *const kinds[] = {"Deployment", "StatefulSet",
		"DaemonSet", "CronJob"};

	add(&recs, "%s\n    {\"namespace\": \"%s\", \"kind\": \"%s\", \"name\": "
	    "\"%s\", \"containers\": [", i ? "," : "", w.ns, kinds[kind], w.name);
	add(t, "---\napiVersion: %s\nkind: %s\n", api[kind], kinds[kind]);
	add(t, "metadata:\n  name: %s\n  namespace: %s\n", w.name, w.ns);
	add(t, "  labels:\n    app.kubernetes.io/name: %s\n"
	    "    version: \"1.%u.%u\"\n", w.name, version / 10, version % 10);
	add(t, "  annotations: {owner: %s@example.com}\n", w.team);
	add(t, "spec:\n");
	switch (kind) {
	case GEN_DEPLOY:
		add(t, "  replicas: %u\n", 1 + below(6));
		add(t, "  selector:\n    matchLabels: {app: %s}\n", w.name);
		add_pod_template(t, &w, "  ");
		break;
	case GEN_STS:
		add(t, "  serviceName: %s\n  replicas: %u\n", w.name, 1 + below(3));
		add(t, "  selector:\n    matchLabels: {app: %s}\n", w.name);
		add_pod_template(t, &w, "  ");
		add(t, "  volumeClaimTemplates:\n  - metadata: {name: data}\n"
		    "    spec: {resources: {requests: {storage: %uGi}}}\n",
		    1u << below(8));
		break;
	case GEN_DS:
		add(t, "  selector:\n    matchLabels: {app: %s}\n", w.name);
		add_pod_template(t, &w, "  ");
		break;
	case GEN_CRON:
		add(t, "  schedule: \"%u %u * * *\"\n  concurrencyPolicy: Forbid\n",
		    below(60), below(24));
		add(t, "  jobTemplate:\n    spec:\n      parallelism: %u\n",
		    1 + below(4));
		add(t, "      backoffLimit: 2\n");
		add_pod_template(t, &w, "      ");
		break;
	}

	add(&recs, "]}");
	if ((kind == GEN_DEPLOY || kind == GEN_STS) && below(100) < 10) {
		add(t, "---\napiVersion: autoscaling/v2\n"
		    "kind: HorizontalPodAutoscaler\n"
		    "metadata: {name: %s, namespace: %s}\n"
		    "spec:\n"
		    "  scaleTargetRef: {apiVersion: apps/v1, kind: %s, name: %s}\n"
		    "  minReplicas: %u\n  maxReplicas: %u\n"
		    "  metrics:\n"
		    "    - type: Resource\n"
		    "      resource: {name: cpu, target: "
		    "{type: Utilization, averageUtilization: %u}}\n",
		    w.name, w.ns, kinds[kind], w.name, 2 + below(2),
		    6 + below(20), 50 + 5 * below(8));
		++*extra_docs;
	}
	if (kind != GEN_CRON && below(100) < 6) {
		add(t, "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\n"
		    "metadata: {name: %s, namespace: %s}\n"
		    "spec:\n  maxUnavailable: 1\n"
		    "  selector:\n    matchLabels: {app: %s}\n",
		    w.name, w.ns, w.name);
		++*extra_docs;
	}
}

/* ---- measurements ------------------------------------------------------ */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static size_t bare_parse(const text *t)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		die("yaml_parser_initialize failed");
	yaml_parser_set_input_string(&parser, (const unsigned char *)t->data,
	                             t->len);
	size_t events = 0;
	for (;;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&parser, &e))
			die("libyaml: %s at line %zu", parser.problem ? parser.problem : "error",
			    parser.problem_mark.line + 1);
		events++;
		bool done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
		if (done)
			break;
	}
	yaml_parser_delete(&parser);
	return events;
}

static unsigned jobs_setting; /* --jobs; 0: one thread per online CPU */

static hr_manifests *load(const text *t)
{
	hr_load_limits limits;
	hr_load_limits_default(&limits);
	limits.jobs = jobs_setting;
	if (limits.max_file_bytes < t->len)
		limits.max_file_bytes = t->len;
	if (limits.max_total_bytes < t->len)
		limits.max_total_bytes = t->len;
	hr_manifests *set;
	if (hr_manifests_new(&set, &limits) != HR_OK)
		die("hr_manifests_new failed");
	if (hr_manifests_add_buffer(set, "bench.yaml", t->data, t->len) != HR_OK) {
		const hr_error *e = hr_error_last();
		die("load failed: %s:%u:%u: %s", e->file ? e->file : "-", e->line,
		    e->column, e->message);
	}
	return set;
}

static size_t build_model(const hr_manifests *set, hr_model **out)
{
	if (hr_model_build(set, out) != HR_OK) {
		const hr_error *e = hr_error_last();
		die("model failed: %s:%u:%u: %s (%zu errors)",
		    e->file ? e->file : "-", e->line, e->column, e->message,
		    *out ? (*out)->error_count : 0);
	}
	return (*out)->workload_count;
}

/* ---- the full gate: hr_check() with recommendations, JSON report -------- */

static char manifest_path[64], recs_path[64];

static void write_temp(char *path, size_t size, const char *suffix,
                       const text *t)
{
	snprintf(path, size, "/tmp/headroom-bench-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		die("mkstemp: %s", strerror(errno));
	FILE *f = fdopen(fd, "wb");
	if (!f || fwrite(t->data, 1, t->len, f) != t->len || fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
	char named[80];
	snprintf(named, sizeof(named), "%s%s", path, suffix);
	if (rename(path, named) != 0)
		die("rename: %s", strerror(errno));
	snprintf(path, size, "%s", named);
}

/* One full check writing the JSON report; returns the workload count. */
static size_t full_check(void)
{
	hr_check_options opts;
	hr_check_options_init(&opts);
	const char *paths[] = {manifest_path};
	const char *rec_paths[] = {recs_path};
	opts.paths = paths;
	opts.path_count = 1;
	opts.recommendation_paths = rec_paths;
	opts.recommendation_count = 1;
	opts.limits.jobs = jobs_setting;
	opts.now = 1795000000; /* fixed: waivers, if any, judged the same */
	hr_report *report = NULL;
	if (hr_check(&opts, &report) != HR_OK) {
		const hr_error *e = hr_error_last();
		die("check failed: %s:%u: %s", e->file ? e->file : "-", e->line,
		    e->message);
	}
	FILE *out = fopen("/dev/null", "w");
	const hr_report_format *json = hr_report_format_find("json");
	hr_report_style style = {false, hr_version(), NULL};
	if (!out || !json || json->write(report, &style, out) != HR_OK)
		die("writing the JSON report failed");
	fclose(out);
	size_t n = report->model->workload_count;
	hr_report_free(&report);
	return n;
}

/* The real program, as CI runs it: `headroom check -r RECS -f json=/dev/null
 * MANIFESTS`.  Its wall time and peak RSS (from wait4) are what a user
 * gets. */
typedef struct cli_run {
	double ms;
	long maxrss_kb;
	int exit_code;
} cli_run;

static cli_run run_program(char **argv, const char *cwd);

/* What the launcher is asked to run. */
typedef struct cli_request {
	char manifest[64], recs[64];
	unsigned jobs; /* 0: default threads */
} cli_request;

static cli_run spawn_cli(const cli_request *q)
{
	char jobs[16];
	snprintf(jobs, sizeof(jobs), "%u", q->jobs ? q->jobs : 8u);
	char *argv[] = {(char *)HEADROOM_EXE, (char *)"check", (char *)"-r",
	                (char *)q->recs, (char *)"-f", (char *)"json=/dev/null",
	                (char *)"-j", jobs, (char *)q->manifest, NULL};
	if (!q->jobs) { /* default threads: drop "-j N" */
		argv[6] = (char *)q->manifest;
		argv[7] = NULL;
	}
	return run_program(argv, NULL);
}

/* argv run in cwd (NULL: here), stdout to /dev/null. */
static cli_run run_program(char **argv, const char *cwd)
{
	fflush(NULL);
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		if (cwd && chdir(cwd) != 0)
			_exit(126);
		execv(HEADROOM_EXE, argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid)
		die("wait4: %s", strerror(errno));
	cli_run r = {now_ms() - t0, ru.ru_maxrss,
	             WIFEXITED(status) ? WEXITSTATUS(status) : -1};
	return r;
}

/*
 * The program is started by a launcher forked first thing, while this
 * process is small: a child's peak RSS (ru_maxrss) also counts the image
 * it was forked from (the kernel carries the high-water mark across
 * exec), and this process grows to hold the input and what the timed
 * runs leave in its heap.
 */
static int launcher_request = -1, launcher_reply = -1;
static pid_t launcher_pid = -1;

static void start_launcher(void)
{
	int req[2], rep[2];
	if (pipe(req) != 0 || pipe(rep) != 0)
		die("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		close(req[1]);
		close(rep[0]);
		cli_request q;
		while (read(req[0], &q, sizeof(q)) == (ssize_t)sizeof(q)) {
			cli_run r = spawn_cli(&q);
			if (write(rep[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
				_exit(1);
		}
		_exit(0);
	}
	close(req[0]);
	close(rep[1]);
	launcher_request = req[1];
	launcher_reply = rep[0];
	launcher_pid = pid;
}

static void stop_launcher(void)
{
	close(launcher_request);
	close(launcher_reply);
	waitpid(launcher_pid, NULL, 0);
}

static cli_run run_cli(void)
{
	cli_request q;
	memset(&q, 0, sizeof(q));
	snprintf(q.manifest, sizeof(q.manifest), "%s", manifest_path);
	snprintf(q.recs, sizeof(q.recs), "%s", recs_path);
	q.jobs = jobs_setting;
	cli_run r;
	if (write(launcher_request, &q, sizeof(q)) != (ssize_t)sizeof(q) ||
	    read(launcher_reply, &r, sizeof(r)) != (ssize_t)sizeof(r))
		die("the launcher failed");
	if (r.exit_code != 0 && r.exit_code != 1)
		die("%s exited with %d", HEADROOM_EXE, r.exit_code);
	return r;
}

typedef struct child_report {
	long maxrss_before_kb;
	long maxrss_after_kb;
	size_t workloads;
	size_t documents;
	size_t set_memory;
} child_report;

static long maxrss_kb(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1;
	return ru.ru_maxrss; /* kilobytes on Linux */
}

/* One load+model in a child of its own: its peak RSS is that of the
 * process as it stood at fork (the input, the libraries) plus the work. */
static child_report measure_memory(const text *t)
{
	int fds[2];
	if (pipe(fds) != 0)
		die("pipe: %s", strerror(errno));
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		close(fds[0]);
		child_report r;
		memset(&r, 0, sizeof(r));
		r.maxrss_before_kb = maxrss_kb();
		hr_manifests *set = load(t);
		hr_model *model = NULL;
		r.workloads = build_model(set, &model);
		r.documents = hr_manifests_count(set);
		r.set_memory = hr_manifests_memory(set);
		r.maxrss_after_kb = maxrss_kb();
		hr_model_free(&model);
		hr_manifests_free(&set);
		ssize_t n = write(fds[1], &r, sizeof(r));
		_exit(n == (ssize_t)sizeof(r) ? 0 : 1);
	}
	close(fds[1]);
	child_report r;
	ssize_t n = read(fds[0], &r, sizeof(r));
	close(fds[0]);
	int status = 0;
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    n != (ssize_t)sizeof(r))
		die("the memory-measuring child failed");
	return r;
}

static double mb_per_s(size_t bytes, double ms)
{
	return ms > 0 ? (double)bytes / 1e6 / (ms / 1e3) : 0;
}

/* ---- the pull-request gate on a real repository (--base-repo) ---------- */

#define BASE_FILES 1000u

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
}

static void shell(const char *fmt, ...) BENCH_PRINTF(1, 2);

static void shell(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		die("failed: %s", cmd);
}

/* The change: memory cut in one file of ten, 256Mi by 22% (within the
 * built-in 30% step), 1Gi by half (beyond it). */
static void change_file(text *f)
{
	static const char *const from[] = {"256Mi", "1Gi\n"};
	static const char *const to[] = {"200Mi", "512Mi\n"};
	text out = {NULL, 0, 0};
	for (size_t i = 0; i < f->len;) {
		bool done = false;
		for (size_t k = 0; k < 2 && !done; k++) {
			size_t n = strlen(from[k]);
			if (i + n <= f->len && memcmp(f->data + i, from[k], n) == 0) {
				add(&out, "%s", to[k]);
				i += n;
				done = true;
			}
		}
		if (!done)
			add(&out, "%c", f->data[i++]);
	}
	free(f->data);
	*f = out;
}

static void bench_base(const char *dir, const text *t, const size_t *starts,
                       unsigned n)
{
	unsigned files = n < BASE_FILES ? n : BASE_FILES;
	shell("rm -rf '%s' && mkdir -p '%s/manifests' && git -C '%s' init -q "
	      "-b main", dir, dir, dir);
	char path[4096];
	for (unsigned pass = 0; pass < 2; pass++) {
		for (unsigned k = 0; k < files; k++) {
			size_t from = starts[(size_t)k * n / files];
			size_t to = k + 1 < files ? starts[(size_t)(k + 1) * n / files]
			                          : t->len;
			if (pass == 1 && k % 10 != 0)
				continue;
			text f = {NULL, 0, 0};
			add(&f, "%.*s", (int)(to - from), t->data + from);
			if (pass == 1)
				change_file(&f);
			snprintf(path, sizeof(path), "%s/manifests/m-%04u.yaml", dir, k);
			write_file(path, f.data, f.len);
			free(f.data);
		}
		snprintf(path, sizeof(path), "%s/recs.json", dir);
		write_file(path, recs.data, recs.len);
		shell("cd '%s' && git add -A && git -c user.name=bench -c "
		      "user.email=bench@example.com commit -q -m 'pass %u'", dir,
		      pass);
	}
	char *plain[] = {(char *)HEADROOM_EXE, (char *)"check", (char *)"-r",
	                 (char *)"recs.json", (char *)"-f",
	                 (char *)"json=/dev/null", (char *)"manifests", NULL};
	char *based[] = {(char *)HEADROOM_EXE, (char *)"check", (char *)"-r",
	                 (char *)"recs.json", (char *)"-f",
	                 (char *)"json=/dev/null", (char *)"--base",
	                 (char *)"HEAD~1", (char *)"manifests", NULL};
	double best[2] = {1e300, 1e300};
	long rss[2] = {0, 0};
	for (int run = 0; run < RUNS; run++) {
		for (int b = 0; b < 2; b++) {
			cli_run c = run_program(b ? based : plain, dir);
			best[b] = c.ms < best[b] ? c.ms : best[b];
			rss[b] = c.maxrss_kb > rss[b] ? c.maxrss_kb : rss[b];
		}
	}
	printf("repository: %s, %u workloads in %u files, %zu bytes; one file "
	       "in ten changed\n", dir, n, files, t->len);
	printf("best of %d (headroom check -r recs.json -f json=/dev/null "
	       "manifests):\n", RUNS);
	printf("  without --base   %9.2f ms  peak RSS %6.1f MB\n", best[0],
	       rss[0] / 1024.0);
	printf("  --base HEAD~1    %9.2f ms  peak RSS %6.1f MB\n", best[1],
	       rss[1] / 1024.0);
	printf("ratio (--base)/(without): %.2f (goal: at most 2)\n",
	       best[1] / best[0]);
}

static _Noreturn void usage(void)
{
	fprintf(stderr, "usage: bench_load [N] [--out FILE] [--jobs J] "
	        "[--base-repo DIR]\n"
	        "  N     workloads to generate (default %u, at most %u)\n"
	        "  FILE  also write the generated YAML stream there\n"
	        "  J     threads for loading and modelling (default: one per CPU)\n"
	        "  DIR   time the pull-request gate (--base) on a repository "
	        "made there\n",
	        DEFAULT_N, MAX_N);
	exit(2);
}

static unsigned parse_n(const char *s)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v == 0 || v > MAX_N)
		usage();
	return (unsigned)v;
}

int main(int argc, char **argv)
{
	unsigned n = DEFAULT_N;
	const char *out = NULL, *base_repo = NULL;
	bool have_n = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strncmp(argv[i], "--out=", 6) == 0 && argv[i][6])
			out = argv[i] + 6;
		else if (strcmp(argv[i], "--base-repo") == 0 && i + 1 < argc)
			base_repo = argv[++i];
		else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc)
			jobs_setting = parse_n(argv[++i]);
		else if (!have_n && argv[i][0] != '-') {
			n = parse_n(argv[i]);
			have_n = true;
		} else
			usage();
	}

	start_launcher();
	text t = {NULL, 0, 0};
	size_t extra_docs = 0;
	add(&recs, "{\"schema\": \"headroom/recommendations/v1\", \"window\": "
	    "\"14d\", \"workloads\": [");
	reserve(&t, (size_t)n * 900);
	size_t *starts = malloc(((size_t)n + 1) * sizeof(*starts));
	if (!starts)
		die("out of memory");
	for (unsigned i = 0; i < n; i++) {
		starts[i] = t.len;
		add_workload(&t, i, &extra_docs);
	}
	add(&recs, "\n]}\n");
	if (base_repo) {
		bench_base(base_repo, &t, starts, n);
		free(starts);
		free(t.data);
		free(recs.data);
		return 0;
	}
	free(starts);

	if (out) {
		FILE *f = fopen(out, "wb");
		if (!f || fwrite(t.data, 1, t.len, f) != t.len || fclose(f) != 0)
			die("%s: %s", out, strerror(errno));
		/* The matching usage data beside it, as FILE.recs.json. */
		char recs_out[4096];
		snprintf(recs_out, sizeof(recs_out), "%s.recs.json", out);
		f = fopen(recs_out, "wb");
		if (!f || fwrite(recs.data, 1, recs.len, f) != recs.len || fclose(f) != 0)
			die("%s: %s", recs_out, strerror(errno));
	}

	printf("input: %u workloads + %zu HPAs/PDBs, %zu bytes (%.2f MB, "
	       "%.0f bytes per workload)%s%s\n",
	       n, extra_docs, t.len, (double)t.len / 1e6,
	       (double)t.len / n, out ? ", written to " : "", out ? out : "");

	/* Memory first, before the timed runs leave their heap behind. */
	child_report mem = measure_memory(&t);

	double best_bare = 1e300, best_load = 1e300, best_model = 1e300;
	size_t events = 0, workloads = 0, documents = 0;
	for (int run = 0; run < RUNS; run++) {
		double t0 = now_ms();
		events = bare_parse(&t);
		double ms = now_ms() - t0;
		if (ms < best_bare)
			best_bare = ms;
	}
	for (int run = 0; run < RUNS; run++) {
		double t0 = now_ms();
		hr_manifests *set = load(&t);
		double ms = now_ms() - t0;
		if (ms < best_load)
			best_load = ms;
		documents = hr_manifests_count(set);
		hr_manifests_free(&set);
	}
	for (int run = 0; run < RUNS; run++) {
		double t0 = now_ms();
		hr_manifests *set = load(&t);
		hr_model *model = NULL;
		workloads = build_model(set, &model);
		double ms = now_ms() - t0;
		if (ms < best_model)
			best_model = ms;
		hr_model_free(&model);
		hr_manifests_free(&set);
	}

	/* The full gate, in process and as the real program. */
	write_temp(manifest_path, sizeof(manifest_path), ".yaml", &t);
	write_temp(recs_path, sizeof(recs_path), ".json", &recs);
	double best_check = 1e300, best_cli = 1e300;
	long cli_rss = 0;
	size_t checked = 0;
	for (int run = 0; run < RUNS; run++) {
		double t0 = now_ms();
		checked = full_check();
		double ms = now_ms() - t0;
		if (ms < best_check)
			best_check = ms;
	}
	for (int run = 0; run < RUNS; run++) {
		cli_run c = run_cli();
		if (c.ms < best_cli)
			best_cli = c.ms;
		if (c.maxrss_kb > cli_rss)
			cli_rss = c.maxrss_kb;
	}
	unlink(manifest_path);
	unlink(recs_path);
	stop_launcher();

	printf("documents: %zu, libyaml events: %zu\n", documents, events);
	printf("workloads found: %zu (expected %u)\n", workloads, n);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs_setting)
		printf("threads: at most %u (--jobs), %ld CPUs online\n",
		       jobs_setting, cpus);
	else
		printf("threads: one per online CPU (%ld), at most 8\n", cpus);
	printf("best of %d:\n", RUNS);
	printf("  bare parse (libyaml events)  %9.2f ms  %7.1f MB/s\n",
	       best_bare, mb_per_s(t.len, best_bare));
	printf("  load                         %9.2f ms  %7.1f MB/s  %5.2fx bare\n",
	       best_load, mb_per_s(t.len, best_load), best_load / best_bare);
	printf("  load+model                   %9.2f ms  %7.1f MB/s  %5.2fx bare\n",
	       best_model, mb_per_s(t.len, best_model), best_model / best_bare);
	printf("  check + JSON report          %9.2f ms  %7.1f MB/s  %5.2fx bare"
	       "  (hr_check with recommendations, report to /dev/null)\n",
	       best_check, mb_per_s(t.len, best_check), best_check / best_bare);
	printf("  headroom check (the program) %9.2f ms  %7.1f MB/s  %5.2fx bare"
	       "  (reads both files, -f json=/dev/null)\n",
	       best_cli, mb_per_s(t.len, best_cli), best_cli / best_bare);
	printf("ratio (load+model)/(bare parse): %.2f\n", best_model / best_bare);
	printf("ratio (headroom check)/(bare parse): %.2f\n", best_cli / best_bare);
	printf("peak RSS of headroom check: %.1f MB (recommendations file %.2f MB)\n",
	       (double)cli_rss * 1024.0 / 1e6, (double)recs.len / 1e6);
	printf("peak RSS, one load+model in a forked child: %.1f MB "
	       "(%.1f MB at fork, input included)\n",
	       (double)mem.maxrss_after_kb * 1024.0 / 1e6,
	       (double)mem.maxrss_before_kb * 1024.0 / 1e6);
	printf("manifest set memory (hr_manifests_memory): %.1f MB\n",
	       (double)mem.set_memory / 1e6);

	free(t.data);
	free(recs.data);
	int ok = workloads == n && mem.workloads == n && checked == n &&
	         documents == n + extra_docs && mem.documents == documents;
	if (!ok) {
		fprintf(stderr, "bench_load: expected %u workloads and %zu "
		        "documents, found %zu and %zu\n",
		        n, n + extra_docs, workloads, documents);
		return 1;
	}
	return 0;
}
