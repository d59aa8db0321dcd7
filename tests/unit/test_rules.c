/*
 * Every rule of the gate, table-driven: a manifest, optional usage data
 * and an optional policy go in; the exact list of findings comes out, as
 * "rule/severity@line" sorted (waived ones marked "~"; report order is
 * checked by the end-to-end goldens).  Each
 * rule has cases that make it fire and cases that keep it silent, and the
 * severity it takes under each built-in profile.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define NOW 1795435200 /* 2026-11-23T12:00:00Z */

/* A Deployment shop/web, container "app", up to the container's name;
 * line numbers in the comments assume ANN is one line (use NO_ANN for a
 * blank comment line). */
#define WEB_HEAD(ANN)                                                          \
	"apiVersion: apps/v1\n"          /* 1 */                                \
	"kind: Deployment\n"             /* 2 */                                \
	"metadata:\n"                    /* 3 */                                \
	"  name: web\n"                  /* 4 */                                \
	"  namespace: shop\n"            /* 5 */                                \
	ANN                              /* 6 */                                \
	"spec:\n"                        /* 7 */                                \
	"  replicas: 2\n"                /* 8 */                                \
	"  template:\n"                  /* 9 */                                \
	"    spec:\n"                    /* 10 */                               \
	"      containers:\n"            /* 11 */                               \
	"      - name: app\n"            /* 12 */

#define DEPLOY(ANN, RES)                                                       \
	WEB_HEAD(ANN)                                                          \
	"        image: x\n"             /* 13 */                               \
	"        resources:\n"           /* 14 */                               \
	RES                              /* 15, 16 */

#define NO_ANN "  # no annotations\n"
#define CRITICAL "  annotations: {headroom.dev/profile: critical}\n"
#define ANN(text) "  annotations: {" text "}\n"
#define REQ(cpu, mem) "          requests: {cpu: " cpu ", memory: " mem "}\n"
#define LIM(text) "          limits: {" text "}\n"
#define NO_LIM "          # no limits\n"

/* A CronJob shop/nightly, container "job" (the batch profile). */
#define CRON(RES)                                                              \
	"apiVersion: batch/v1\n"         /* 1 */                                \
	"kind: CronJob\n"                /* 2 */                                \
	"metadata: {name: nightly, namespace: shop}\n" /* 3 */                  \
	"spec:\n"                        /* 4 */                                \
	"  schedule: '0 3 * * *'\n"      /* 5 */                                \
	"  jobTemplate:\n"               /* 6 */                                \
	"    spec:\n"                    /* 7 */                                \
	"      template:\n"              /* 8 */                                \
	"        spec:\n"                /* 9 */                                \
	"          containers:\n"        /* 10 */                               \
	"          - name: job\n"        /* 11 */                               \
	"            image: x\n"         /* 12 */                               \
	"            resources:\n"       /* 13 */                               \
	RES                              /* 14, 15 */

#define CRON_REQ(cpu, mem) "              requests: {cpu: " cpu ", memory: " mem "}\n"
#define CRON_LIM(text) "              limits: {" text "}\n"

/* A Java Deployment shop/web, container "app"; LINE14 is one line
 * (env or command), RES the resources lines 16 and 17. */
#define JAVA(ANN, IMAGE, LINE14, RES)                                          \
	WEB_HEAD(ANN)                                                          \
	"        image: " IMAGE "\n"     /* 13 */                               \
	LINE14                           /* 14 */                               \
	"        resources:\n"           /* 15 */                               \
	RES                              /* 16, 17 */
#define JDK17 "eclipse-temurin:17-jre"
#define TOOL(opts) "        env: [{name: JAVA_TOOL_OPTIONS, value: '" opts "'}]\n"
#define JAVA17(opts, RES) JAVA(NO_ANN, JDK17, TOOL(opts), RES)
/* 2 CPUs and 2Gi: a server-class machine to the JVM (G1). */
#define SERVER REQ("1", "2Gi") LIM("cpu: 2, memory: 2Gi")

/* Usage of shop/<kind>/<name>, container <c>. */
#define USAGE(kind, name, c, fields)                                           \
	"{\"schema\": \"headroom/recommendations/v1\", \"window\": \"14d\", "   \
	"\"workloads\": [{\"namespace\": \"shop\", \"kind\": \"" kind "\", "    \
	"\"name\": \"" name "\", \"containers\": [{\"name\": \"" c "\", "       \
	fields "}]}]}"
#define WEB(fields) USAGE("Deployment", "web", "app", fields)
#define GOOD "\"samples\": 4000, \"coverage\": 0.99, "
#define CPU(p50, p95, p99, max)                                                \
	"\"cpu\": {\"p50\": " p50 ", \"p95\": " p95 ", \"p99\": " p99          \
	", \"max\": " max "}"
#define MEM(p50, p95, p99, max)                                                \
	"\"memory\": {\"p50\": " p50 ", \"p95\": " p95 ", \"p99\": " p99       \
	", \"max\": " max "}"
/* 100m..300m CPU, 100..200 MB memory. */
#define TYPICAL CPU("0.05", "0.08", "0.09", "0.1") ", " MEM("100000000", "150000000", "180000000", "200000000")

typedef struct rule_case {
	const char *name;
	const char *manifest;
	const char *recs;   /* NULL: no usage data */
	const char *policy; /* NULL: the built-in policy */
	const char *expect; /* "rule/severity@line, ..." */
} rule_case;

static const rule_case cases[] = {
	/* ---- a clean container under each built-in profile ---- */
	{"standard: sized right", DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 256Mi")),
	 WEB(GOOD TYPICAL), NULL, ""},
	{"critical: sized right", DEPLOY(CRITICAL, REQ("100m", "256Mi") LIM("memory: 256Mi")),
	 WEB(GOOD TYPICAL), NULL, "replicas-below-minimum/fail@8"},
	{"batch: sized right", CRON(CRON_REQ("100m", "200Mi") CRON_LIM("memory: 256Mi")),
	 USAGE("CronJob", "nightly", "job", GOOD TYPICAL), NULL, ""},

	/* ---- shape: missing values, per profile ---- */
	{"standard: nothing set",
	 DEPLOY(NO_ANN, "          {}\n"), NULL, NULL,
	 "cpu-request-missing/warn@15, memory-limit-missing/warn@15, "
	 "memory-request-missing/warn@15"},
	{"critical: nothing set",
	 DEPLOY(CRITICAL, "          {}\n"), NULL, NULL,
	 "cpu-request-missing/fail@15, "
	 "memory-limit-missing/fail@15, "
	 "memory-request-missing/fail@15, "
	 "replicas-below-minimum/fail@8"},
	{"batch: memory values stay required",
	 CRON("              {}\n"), NULL, NULL,
	 "memory-limit-missing/warn@14, memory-request-missing/warn@14"},
	{"batch: no cpu request is fine",
	 CRON(CRON_REQ("null", "200Mi") CRON_LIM("memory: 256Mi")), NULL, NULL, ""},
	{"request defaulted from the limit counts as set",
	 DEPLOY(NO_ANN, "          requests: {memory: 200Mi}\n" LIM("cpu: 200m, memory: 256Mi")),
	 NULL, NULL, ""},
	{"missing limit points at the limits mapping",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("cpu: 200m")), NULL, NULL,
	 "memory-limit-missing/warn@16"},
	{"missing request with usage data suggests a value",
	 DEPLOY(NO_ANN, "          requests: {memory: 200Mi}\n" LIM("memory: 256Mi")),
	 WEB(GOOD TYPICAL), NULL, "cpu-request-missing/warn@15"},

	/* ---- cpu limits: required, forbidden ---- */
	{"critical forbids a cpu limit",
	 DEPLOY(CRITICAL, REQ("100m", "256Mi") LIM("cpu: 200m, memory: 256Mi")), NULL, NULL,
	 "cpu-limit-forbidden/warn@16, replicas-below-minimum/fail@8"},
	{"standard allows a cpu limit",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("cpu: 200m, memory: 256Mi")), NULL, NULL, ""},
	{"a policy requiring cpu limits",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 256Mi")), NULL,
	 "version: 1\ndefault_profile: strict\nprofiles:\n  strict:\n"
	 "    cpu: {limit: required}\n",
	 "cpu-limit-missing/warn@16"},

	/* ---- replicas against the profile's floor ---- */
	{"replicas 2 under a floor of 2",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 256Mi")), NULL,
	 "version: 1\nprofiles:\n  standard:\n    replicas: {min: 2}\n", ""},
	{"replicas 2 under a floor of 4",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 256Mi")), NULL,
	 "version: 1\nprofiles:\n  standard:\n    replicas: {min: 4}\n",
	 "replicas-below-minimum/warn@8"},
	{"an HPA's minReplicas is the floor, not spec.replicas",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 256Mi"))
	 "---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n" /* 17-19 */
	 "metadata: {name: web, namespace: shop}\n"                          /* 20 */
	 "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"
	 "  minReplicas: 1\n  maxReplicas: 10\n", NULL,                      /* 23 */
	 "version: 1\nprofiles:\n  standard:\n    replicas: {min: 2}\n",
	 "replicas-below-minimum/warn@23"},
	{"a CronJob has no replica floor",
	 CRON(CRON_REQ("100m", "200Mi") CRON_LIM("memory: 256Mi")), NULL,
	 "version: 1\nprofiles:\n  standard:\n    replicas: {min: 3}\n"
	 "  batch:\n    select: {kinds: [CronJob]}\n    replicas: {min: 3}\n", ""},

	/* ---- limit below request, ratio, QoS ---- */
	{"limit below request",
	 DEPLOY(NO_ANN, REQ("500m", "512Mi") LIM("cpu: 250m, memory: 256Mi")), NULL, NULL,
	 "limit-below-request/fail@16, limit-below-request/fail@16"},
	{"limit equal to request is fine",
	 DEPLOY(NO_ANN, REQ("250m", "256Mi") LIM("cpu: 250m, memory: 256Mi")), NULL, NULL, ""},
	{"cpu limit 20x the request (standard allows 10x)",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("cpu: 2, memory: 256Mi")), NULL, NULL,
	 "limit-request-ratio/warn@16"},
	{"cpu limit 10x the request is at the bound",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("cpu: 1, memory: 256Mi")), NULL, NULL, ""},
	{"critical allows 4x only (and forbids the limit)",
	 DEPLOY(CRITICAL, REQ("100m", "256Mi") LIM("cpu: 500m, memory: 256Mi")), NULL, NULL,
	 "cpu-limit-forbidden/warn@16, limit-request-ratio/warn@16, "
	 "replicas-below-minimum/fail@8"},
	{"batch has no ratio bound",
	 CRON(CRON_REQ("100m", "200Mi") CRON_LIM("cpu: 4, memory: 256Mi")), NULL, NULL, ""},
	{"critical wants memory request = limit",
	 DEPLOY(CRITICAL, REQ("100m", "200Mi") LIM("memory: 256Mi")), NULL, NULL,
	 "qos-class-mismatch/warn@15, replicas-below-minimum/fail@8"},
	{"standard does not",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 256Mi")), NULL, NULL, ""},

	/* ---- request exceeds the largest node ---- */
	{"pod larger than the node",
	 DEPLOY(NO_ANN, REQ("8", "200Mi") LIM("memory: 256Mi")), NULL,
	 "version: 1\nnode: {cpu: \"4\", memory: 16Gi}\n",
	 "request-exceeds-node/fail@15"},
	{"pod fits the node",
	 DEPLOY(NO_ANN, REQ("3500m", "200Mi") LIM("memory: 256Mi")), NULL,
	 "version: 1\nnode: {cpu: \"4\", memory: 16Gi}\n", ""},
	{"no node size: silent",
	 DEPLOY(NO_ANN, REQ("64", "200Mi") LIM("memory: 256Mi")), NULL, NULL, ""},

	/* ---- usage: memory limit below peak ---- */
	{"memory limit below peak + 20%",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 220Mi")),
	 WEB(GOOD CPU("0.05", "0.08", "0.09", "0.1") ", " MEM("100000000", "150000000", "180000000", "210000000")),
	 NULL, "memory-limit-below-peak/fail@16"},
	{"memory limit just above peak + 20%",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 241Mi")),
	 WEB(GOOD CPU("0.05", "0.08", "0.09", "0.1") ", " MEM("100000000", "150000000", "180000000", "210000000")),
	 NULL, ""},
	{"critical wants 25% headroom",
	 DEPLOY(CRITICAL, REQ("100m", "241Mi") LIM("memory: 241Mi")),
	 WEB(GOOD CPU("0.05", "0.08", "0.09", "0.1") ", " MEM("100000000", "150000000", "180000000", "210000000")),
	 NULL, "memory-limit-below-peak/fail@16, "
	 "replicas-below-minimum/fail@8"},
	{"low confidence never fails",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 220Mi")),
	 WEB("\"samples\": 50, \"coverage\": 0.99, " CPU("0.05", "0.08", "0.09", "0.1") ", " MEM("100000000", "150000000", "180000000", "210000000")),
	 NULL, "low-confidence/info@12, memory-limit-below-peak/warn@16"},
	{"low coverage is low confidence too",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 256Mi")),
	 WEB("\"samples\": 4000, \"coverage\": 0.4, " TYPICAL),
	 NULL, "low-confidence/info@12"},

	/* ---- usage: requests below usage, per profile ---- */
	{"memory request below p95 (standard: warn)",
	 DEPLOY(NO_ANN, REQ("100m", "100Mi") LIM("memory: 256Mi")),
	 WEB(GOOD TYPICAL), NULL, "memory-request-below-usage/warn@15"},
	{"memory request below p99 (critical: fail)",
	 DEPLOY(CRITICAL, REQ("100m", "160Mi") LIM("memory: 160Mi")),
	 WEB(GOOD CPU("0.05", "0.08", "0.09", "0.1") ", " MEM("100000000", "150000000", "180000000", "190000000")),
	 NULL, "memory-limit-below-peak/fail@16, "
	 "memory-request-below-usage/fail@15, "
	 "replicas-below-minimum/fail@8"},
	{"cpu request below p95 (standard: warn)",
	 DEPLOY(NO_ANN, REQ("50m", "200Mi") LIM("memory: 256Mi")),
	 WEB(GOOD TYPICAL), NULL, "cpu-request-below-usage/warn@15"},
	{"cpu request below p95 (critical: fail)",
	 DEPLOY(CRITICAL, REQ("50m", "256Mi") LIM("memory: 256Mi")),
	 WEB(GOOD TYPICAL), NULL, "cpu-request-below-usage/fail@15, "
	 "replicas-below-minimum/fail@8"},
	{"batch compares cpu with p50",
	 CRON(CRON_REQ("60m", "200Mi") CRON_LIM("memory: 256Mi")),
	 USAGE("CronJob", "nightly", "job", GOOD TYPICAL), NULL, ""},

	/* ---- usage: throttling ---- */
	{"cpu limit below p99",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("cpu: 85m, memory: 256Mi")),
	 WEB(GOOD TYPICAL), NULL, "cpu-limit-throttling-risk/warn@16, limit-below-request/fail@16"},
	{"throttled periods measured",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("cpu: 200m, memory: 256Mi")),
	 WEB(GOOD "\"cpu_throttled_ratio\": 0.3, " TYPICAL), NULL,
	 "cpu-limit-throttling-risk/warn@16"},
	{"batch: throttling is info",
	 CRON(CRON_REQ("100m", "200Mi") CRON_LIM("cpu: 100m, memory: 256Mi")),
	 USAGE("CronJob", "nightly", "job", GOOD "\"cpu_throttled_ratio\": 0.3, " TYPICAL),
	 NULL, "cpu-limit-throttling-risk/info@15"},

	/* ---- usage: OOM kills ---- */
	{"OOM kills and a limit not above the peak",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 256Mi")),
	 WEB(GOOD "\"oom_kills\": 2, " CPU("0.05", "0.08", "0.09", "0.1") ", " MEM("100000000", "150000000", "180000000", "230000000")),
	 NULL, "memory-limit-below-peak/fail@16, oom-kills-observed/fail@16"},
	{"OOM kills but the limit was raised",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 512Mi")),
	 WEB(GOOD "\"oom_kills\": 2, " TYPICAL), NULL, ""},

	/* ---- usage: overprovisioning, priced ---- */
	{"cpu far above usage (standard: warn)",
	 DEPLOY(NO_ANN, REQ("2", "200Mi") LIM("memory: 256Mi")),
	 WEB(GOOD TYPICAL), NULL, "overprovisioned-cpu/warn@15"},
	{"critical: 50% over the recommendation is already waste",
	 DEPLOY(CRITICAL, REQ("500m", "256Mi") LIM("memory: 256Mi")),
	 WEB(GOOD CPU("0.1", "0.2", "0.25", "0.3") ", " MEM("100000000", "150000000", "180000000", "200000000")),
	 NULL, "overprovisioned-cpu/warn@15, replicas-below-minimum/fail@8"},
	{"standard: the same is not",
	 DEPLOY(NO_ANN, REQ("300m", "200Mi") LIM("memory: 256Mi")),
	 WEB(GOOD CPU("0.1", "0.2", "0.25", "0.3") ", " MEM("100000000", "150000000", "180000000", "200000000")),
	 NULL, ""},
	{"memory far above usage",
	 DEPLOY(NO_ANN, REQ("100m", "8Gi") LIM("memory: 8Gi")),
	 WEB(GOOD TYPICAL), NULL, "overprovisioned-memory/warn@15"},
	{"waste below min_monthly stays quiet",
	 DEPLOY(NO_ANN, REQ("250m", "200Mi") LIM("memory: 256Mi")),
	 WEB(GOOD TYPICAL), NULL, ""},
	{"batch: overprovisioning is info",
	 CRON(CRON_REQ("4", "200Mi") CRON_LIM("memory: 256Mi")),
	 USAGE("CronJob", "nightly", "job", GOOD TYPICAL), NULL,
	 "overprovisioned-cpu/info@14"},
	{"explicit recommended value wins",
	 DEPLOY(NO_ANN, REQ("2", "200Mi") LIM("memory: 256Mi")),
	 WEB(GOOD TYPICAL ", \"recommended\": {\"requests\": {\"cpu\": \"1500m\"}}"),
	 NULL, ""},

	/* ---- no usage data ---- */
	{"no data, standard: info",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 256Mi")),
	 USAGE("Deployment", "other", "app", GOOD TYPICAL), NULL,
	 "no-usage-data/info@12"},
	{"no data, critical: warn",
	 DEPLOY(CRITICAL, REQ("100m", "256Mi") LIM("memory: 256Mi")),
	 USAGE("Deployment", "other", "app", GOOD TYPICAL), NULL,
	 "no-usage-data/warn@12, replicas-below-minimum/fail@8"},
	{"no data source at all: silent",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("memory: 256Mi")), NULL, NULL, ""},

	/* ---- severity overrides ---- */
	{"a profile's severity map",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("cpu: 2, memory: 256Mi")), NULL,
	 "version: 1\nprofiles:\n  standard:\n    severity: {limit-request-ratio: fail}\n",
	 "limit-request-ratio/fail@16"},
	{"off drops the finding",
	 DEPLOY(NO_ANN, "          {}\n"), NULL,
	 "version: 1\nseverity: {cpu-request-missing: off, memory-request-missing: off}\n",
	 "memory-limit-missing/warn@15"},
	{"selectors pick a profile",
	 DEPLOY(NO_ANN, "          {}\n"), NULL,
	 "version: 1\nprofiles:\n  shop:\n    select: {namespaces: [\"sh.*\"]}\n"
	 "    severity: {cpu-request-missing: fail, memory-request-missing: info,"
	 " memory-limit-missing: off}\n",
	 "cpu-request-missing/fail@15, memory-request-missing/info@15"},

	/* ---- JVM: the runtime and the container together ---- */
	{"jvm: heap half the limit, direct memory bounded",
	 JAVA17("-Xmx1g -XX:MaxDirectMemorySize=256m", SERVER), NULL, NULL, ""},
	{"jvm: heap at the limit fails at the option",
	 JAVA17("-Xmx2g", SERVER), NULL, NULL, "jvm-heap-exceeds-limit/fail@14"},
	{"jvm: heap plus native memory over the limit",
	 JAVA17("-Xmx1900m -XX:MaxDirectMemorySize=64m", SERVER), NULL, NULL,
	 "jvm-heap-exceeds-limit/fail@14"},
	{"jvm: heap at the limit under critical and batch too",
	 JAVA(CRITICAL, JDK17, TOOL("-Xmx2g -XX:ActiveProcessorCount=2"),
	      REQ("1", "2Gi") LIM("memory: 2Gi")), NULL, NULL,
	 "jvm-heap-exceeds-limit/fail@14, "
	 "replicas-below-minimum/fail@8"},
	{"jvm: heap share above the profile's fraction",
	 JAVA17("-Xmx1600m -XX:MaxDirectMemorySize=32m", SERVER), NULL, NULL,
	 "jvm-heap-fraction-high/warn@14"},
	{"jvm: a policy may allow a larger share",
	 JAVA17("-Xmx1600m -XX:MaxDirectMemorySize=32m", SERVER), NULL,
	 "version: 1\nprofiles:\n  standard:\n    jvm: {max_heap_fraction: 80%}\n", ""},
	{"jvm: budget defaults come from the profile",
	 JAVA17("-Xmx1g -XX:MaxDirectMemorySize=256m", SERVER), NULL,
	 "version: 1\nprofiles:\n  standard:\n    jvm: {threads: 800}\n",
	 "jvm-heap-exceeds-limit/fail@14"},
	{"jvm: MaxRAMPercentage of the limit",
	 JAVA17("-XX:MaxRAMPercentage=90.0 -XX:MaxDirectMemorySize=32m", SERVER),
	 NULL, NULL, "jvm-heap-exceeds-limit/fail@14"},
	{"jvm: default ergonomics leave a quarter",
	 JAVA17("-XX:+UseG1GC -XX:MaxDirectMemorySize=64m", SERVER), NULL, NULL, ""},
	{"jvm: no memory limit and no -Xmx",
	 JAVA17("-XX:MaxDirectMemorySize=64m", REQ("1", "1Gi") LIM("cpu: 2")),
	 NULL, NULL, "jvm-no-memory-limit/warn@17, memory-limit-missing/warn@17"},
	{"jvm: no memory limit but -Xmx set",
	 JAVA17("-Xmx512m", REQ("1", "1Gi") LIM("cpu: 2")),
	 NULL, NULL, "memory-limit-missing/warn@17"},
	{"jvm: container support disabled",
	 JAVA17("-XX:-UseContainerSupport -XX:MaxDirectMemorySize=64m", SERVER),
	 NULL, NULL, "jvm-container-support-disabled/fail@14"},
	{"jvm: container support disabled with -Xmx is sized anyway",
	 JAVA17("-XX:-UseContainerSupport -Xmx1g -XX:MaxDirectMemorySize=64m", SERVER),
	 NULL, NULL, ""},
	{"jvm: MaxRAM above the limit",
	 JAVA17("-XX:MaxRAM=8g -XX:MaxDirectMemorySize=64m", SERVER), NULL, NULL,
	 "jvm-container-support-disabled/fail@14, jvm-heap-exceeds-limit/fail@14"},
	{"jvm: a size HotSpot refuses",
	 JAVA17("-Xmx1536MB -XX:MaxDirectMemorySize=64m", SERVER), NULL, NULL,
	 "jvm-invalid-option/fail@14"},
	{"jvm: two collectors",
	 JAVA17("-XX:+UseParallelGC -XX:+UseG1GC -Xmx1g -XX:MaxDirectMemorySize=64m",
	        SERVER), NULL, NULL, "jvm-invalid-option/fail@14"},
	{"jvm: one collector switched off again",
	 JAVA17("-XX:+UseParallelGC -XX:-UseParallelGC -XX:+UseG1GC -Xmx1g "
	        "-XX:MaxDirectMemorySize=64m", SERVER), NULL, NULL, ""},
	{"jvm: 1 CPU gets the Serial collector",
	 JAVA17("-Xmx1g -XX:MaxDirectMemorySize=64m",
	        REQ("1", "2Gi") LIM("cpu: 1, memory: 2Gi")), NULL, NULL,
	 "jvm-serial-gc-ergonomics/info@17"},
	{"jvm: Serial ergonomics ignore G1 tuning",
	 JAVA17("-Xmx1g -XX:MaxDirectMemorySize=64m -XX:MaxGCPauseMillis=100",
	        REQ("1", "2Gi") LIM("cpu: 1, memory: 2Gi")), NULL, NULL,
	 "jvm-serial-gc-ergonomics/warn@17"},
	{"jvm: an explicit collector is not ergonomics",
	 JAVA17("-Xmx1g -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC",
	        REQ("1", "2Gi") LIM("cpu: 1, memory: 2Gi")), NULL, NULL, ""},
	{"jvm: fractional CPU limit",
	 JAVA17("-Xmx1g -XX:MaxDirectMemorySize=64m",
	        REQ("1", "2Gi") LIM("cpu: 1500m, memory: 2Gi")), NULL, NULL,
	 "jvm-cpu-count-mismatch/warn@17"},
	{"jvm: fractional CPU limit with ActiveProcessorCount",
	 JAVA17("-Xmx1g -XX:MaxDirectMemorySize=64m -XX:ActiveProcessorCount=2",
	        REQ("1", "2Gi") LIM("cpu: 1500m, memory: 2Gi")), NULL, NULL, ""},
	{"jvm: more processors than the limit",
	 JAVA17("-Xmx1g -XX:MaxDirectMemorySize=64m -XX:ActiveProcessorCount=8",
	        SERVER), NULL, NULL, "jvm-cpu-count-mismatch/warn@14"},
	{"jvm: G1 on one CPU",
	 JAVA17("-Xmx1g -XX:MaxDirectMemorySize=64m -XX:+UseG1GC",
	        REQ("1", "2Gi") LIM("cpu: 1, memory: 2Gi")), NULL, NULL,
	 "jvm-cpu-count-mismatch/warn@14"},
	{"jvm: no CPU limit",
	 JAVA17("-Xmx1g -XX:MaxDirectMemorySize=64m", REQ("1", "2Gi") LIM("memory: 2Gi")),
	 NULL, NULL, "jvm-no-cpu-limit/warn@16"},
	{"jvm: no CPU limit under critical, which forbids one",
	 JAVA(CRITICAL, JDK17, TOOL("-Xmx1g -XX:MaxDirectMemorySize=64m"),
	      REQ("1", "2Gi") LIM("memory: 2Gi")), NULL, NULL,
	 "jvm-no-cpu-limit/warn@16, replicas-below-minimum/fail@8"},
	{"jvm: no CPU limit, ActiveProcessorCount pins the pools",
	 JAVA17("-Xmx1g -XX:MaxDirectMemorySize=64m -XX:ActiveProcessorCount=2",
	        REQ("1", "2Gi") LIM("memory: 2Gi")), NULL, NULL, ""},
	{"jvm: a policy turns a JVM rule off",
	 JAVA17("-Xmx1g -XX:MaxDirectMemorySize=64m", REQ("1", "2Gi") LIM("memory: 2Gi")),
	 NULL, "version: 1\nseverity: {jvm-no-cpu-limit: off}\n", ""},
	{"jvm: options after -jar",
	 JAVA(NO_ANN, JDK17,
	      "        command: [java, -XX:MaxDirectMemorySize=64m, -jar, app.jar, -Xmx1g]\n",
	      SERVER), NULL, NULL, "jvm-options-not-applied/warn@14"},
	{"jvm: JAVA_OPTS that exec-form java never reads",
	 JAVA(NO_ANN, JDK17,
	      "        env: [{name: JAVA_OPTS, value: -Xmx1g}]\n"
	      "        command: [java, -XX:MaxDirectMemorySize=64m, -jar, app.jar]\n",
	      SERVER), NULL, NULL, "jvm-options-not-applied/warn@14"},
	{"jvm: JAVA_OPTS passed by sh -c",
	 JAVA(NO_ANN, JDK17,
	      "        env: [{name: JAVA_OPTS, value: -Xmx1g -XX:MaxDirectMemorySize=64m}]\n"
	      "        command: [sh, -c, 'exec java $JAVA_OPTS -jar app.jar']\n",
	      SERVER), NULL, NULL, ""},
	{"jvm: a removed option on Java 17",
	 JAVA17("-XX:+UseConcMarkSweepGC -Xmx1g -XX:MaxDirectMemorySize=64m", SERVER),
	 NULL, NULL, "jvm-removed-option/fail@14"},
	{"jvm: a removed option, Java release unknown",
	 JAVA(NO_ANN, "registry.example.com/shop/api:1.4",
	      TOOL("-XX:+UseConcMarkSweepGC -Xmx1g -XX:MaxDirectMemorySize=64m"), SERVER),
	 NULL, NULL, "jvm-removed-option/warn@14"},
	{"jvm: a deprecated option on Java 11",
	 JAVA(NO_ANN, "eclipse-temurin:11-jre",
	      TOOL("-XX:MaxRAMFraction=2 -XX:MaxDirectMemorySize=64m"), SERVER),
	 NULL, NULL, "jvm-removed-option/warn@14"},
	{"jvm: direct memory may grow to the heap",
	 JAVA17("-Xmx1200m", SERVER), NULL, NULL, "jvm-direct-memory-unbounded/warn@14"},
	{"jvm: initial heap above the request",
	 JAVA17("-Xms1g -Xmx1g -XX:MaxDirectMemorySize=64m",
	        REQ("1", "512Mi") LIM("cpu: 2, memory: 2Gi")), NULL, NULL,
	 "jvm-initial-heap-above-request/warn@14"},
	{"jvm: initial heap within the request",
	 JAVA17("-Xms1g -Xmx1g -XX:MaxDirectMemorySize=64m", SERVER), NULL, NULL, ""},
	{"jvm: a container that runs no JVM stays silent",
	 JAVA(NO_ANN, "python:3.12", "        command: [python, app.py]\n",
	      REQ("1", "2Gi") LIM("memory: 2Gi")), NULL, NULL, ""},
	{"jvm: a batch job's heap at the limit",
	 "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: shop}\n"
	 "spec:\n  schedule: '0 3 * * *'\n  jobTemplate:\n    spec:\n      template:\n"
	 "        spec:\n          containers:\n          - name: job\n"
	 "            image: eclipse-temurin:21-jre\n"
	 "            command: [java, -Xmx2g, -XX:ActiveProcessorCount=2, -jar, job.jar]\n"
	 "            resources: {requests: {cpu: 1, memory: 2Gi}, limits: {memory: 2Gi}}\n",
	 NULL, NULL, "jvm-heap-exceeds-limit/fail@13"},

	/* ---- waivers ---- */
	{"a policy waiver covers a finding",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("cpu: 2, memory: 256Mi")), NULL,
	 "version: 1\nwaivers:\n- workload: shop/Deployment/web\n"
	 "  rule: limit-request-ratio\n  reason: load test\n  owner: '@sre'\n"
	 "  expires: 2026-12-31\n",
	 "~limit-request-ratio/warn@16"},
	{"a waiver pattern that does not match",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("cpu: 2, memory: 256Mi")), NULL,
	 "version: 1\nwaivers:\n- workload: shop/Deployment/we\n"
	 "  rule: limit-request-ratio\n  reason: load test\n  owner: '@sre'\n"
	 "  expires: 2026-12-31\n",
	 "limit-request-ratio/warn@16"},
	{"an expired policy waiver fails and covers nothing",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("cpu: 2, memory: 256Mi")), NULL,
	 "version: 1\nwaivers:\n- workload: shop/Deployment/.*\n"
	 "  rule: limit-request-ratio\n  reason: load test\n  owner: '@sre'\n"
	 "  expires: 2026-11-22\n",
	 "limit-request-ratio/warn@16, waiver-expired/fail@3"},
	{"a waiver is valid all of its last day",
	 DEPLOY(NO_ANN, REQ("100m", "200Mi") LIM("cpu: 2, memory: 256Mi")), NULL,
	 "version: 1\nwaivers:\n- workload: shop/Deployment/web\n"
	 "  rule: limit-request-ratio\n  reason: load test\n  owner: '@sre'\n"
	 "  expires: 2026-11-23\n",
	 "~limit-request-ratio/warn@16"},
	{"an annotation waiver",
	 DEPLOY(ANN("headroom.dev/waive: 'limit-request-ratio until 2027-01-31: spiky'"),
	        REQ("100m", "200Mi") LIM("cpu: 2, memory: 256Mi")), NULL, NULL,
	 "~limit-request-ratio/warn@16"},
	{"an expired annotation waiver",
	 DEPLOY(ANN("headroom.dev/waive: 'limit-request-ratio until 2025-01-31: spiky'"),
	        REQ("100m", "200Mi") LIM("cpu: 2, memory: 256Mi")), NULL, NULL,
	 "limit-request-ratio/warn@16, waiver-expired/fail@6"},
};

/* Run one case; *rc receives hr_check's code. */
static hr_report *run_case(const rule_case *c, int *rc)
{
	char *manifest = write_temp_file(c->manifest, ".yaml");
	char *recs = c->recs ? write_temp_file(c->recs, ".json") : NULL;
	char *policy = c->policy ? write_temp_file(c->policy, ".yaml") : NULL;
	hr_check_options opts;
	hr_check_options_init(&opts);
	const char *paths[] = {manifest};
	const char *rec_paths[] = {recs};
	opts.paths = paths;
	opts.path_count = 1;
	opts.recommendation_paths = rec_paths;
	opts.recommendation_count = recs ? 1 : 0;
	opts.policy_path = policy;
	opts.now = NOW;
	hr_report *report = NULL;
	*rc = hr_check(&opts, &report);
	unlink(manifest);
	free(manifest);
	if (recs) {
		unlink(recs);
		free(recs);
	}
	if (policy) {
		unlink(policy);
		free(policy);
	}
	return report;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void describe(const hr_report *r, char *out, size_t size)
{
	char items[64][96];
	char *sorted[64];
	size_t count = r->finding_count < 64 ? r->finding_count : 64;
	for (size_t i = 0; i < count; i++) {
		const hr_finding *f = &r->findings[i];
		snprintf(items[i], sizeof(items[i]), "%s%s/%s@%u", f->waived ? "~" : "",
		         f->rule, hr_severity_name(f->severity), f->line);
		sorted[i] = items[i];
	}
	qsort(sorted, count, sizeof(*sorted), cmp_str);
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < count && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? ", " : "",
		                      sorted[i]);
}

static void test_rule_cases(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const rule_case *c = &cases[i];
		int rc;
		hr_report *r = run_case(c, &rc);
		char got[2048];
		if (rc != HR_OK) {
			snprintf(got, sizeof(got), "error %d: %s", rc,
			         hr_error_last()->message);
		} else {
			describe(r, got, sizeof(got));
		}
		if (strcmp(got, c->expect) != 0) {
			print_error("case \"%s\":\n  expected: %s\n  got:      %s\n",
			            c->name, c->expect, got);
			failures++;
		}
		hr_report_free(&r);
	}
	assert_int_equal(failures, 0);
}

/* The verdict follows the unwaived findings; waived ones are counted apart. */
static void test_verdicts_and_counts(void **state)
{
	(void)state;
	int rc;
	hr_report *r = run_case(&cases[sizeof(cases) / sizeof(cases[0]) - 2], &rc);
	assert_int_equal(rc, HR_OK);
	assert_int_equal(r->verdict, HR_VERDICT_PASS);
	assert_int_equal(r->waived_count, 1);
	assert_int_equal(r->counts[HR_SEVERITY_WARN], 0);
	hr_report_free(&r);

	r = run_case(&cases[sizeof(cases) / sizeof(cases[0]) - 1], &rc);
	assert_int_equal(r->verdict, HR_VERDICT_FAIL);
	hr_report_free(&r);
}

/* Cost: requests x replicas x hours x price, and the money behind waste. */
static void test_cost(void **state)
{
	(void)state;
	const rule_case c = {"cost", DEPLOY(NO_ANN, REQ("2", "1Gi") LIM("memory: 1Gi")),
	                     WEB(GOOD TYPICAL), NULL, NULL};
	int rc;
	hr_report *r = run_case(&c, &rc);
	assert_int_equal(rc, HR_OK);
	/* 2 replicas x 730 h x (2 cores x 0.0316 + 1 GiB x 0.0042) */
	double expected = 2 * 730 * (2 * 0.0316 + 1 * 0.0042);
	assert_true(r->cost.monthly > expected - 0.001 && r->cost.monthly < expected + 0.001);
	assert_string_equal(r->cost.currency, "USD");
	assert_true(r->cost.has_recommended);
	/* recommended: p95 80m and p95 150 MB (143Mi) */
	double rec = 2 * 730 * (0.08 * 0.0316 + 143.0 / 1024 * 0.0042);
	assert_true(r->cost.recommended_monthly > rec - 0.01 &&
	            r->cost.recommended_monthly < rec + 0.01);
	assert_true(r->cost.waste_monthly > 0);
	assert_int_equal(r->workload_results[0].replicas_source, HR_REPLICAS_MANIFEST);
	hr_report_free(&r);
}

/* Suggestions are rounded the way people write them. */
static void test_suggestions(void **state)
{
	(void)state;
	const rule_case c = {"suggest", DEPLOY(NO_ANN, REQ("10m", "10Mi") LIM("memory: 100Mi")),
	                     WEB(GOOD CPU("0.01", "0.0721", "0.09", "0.1") ", " MEM("100000000", "150000000", "180000000", "210000000")),
	                     NULL, NULL};
	int rc;
	hr_report *r = run_case(&c, &rc);
	assert_int_equal(rc, HR_OK);
	int seen = 0;
	for (size_t i = 0; i < r->finding_count; i++) {
		const hr_finding *f = &r->findings[i];
		if (strcmp(f->rule, "cpu-request-below-usage") == 0) {
			assert_string_equal(f->suggestion_value, "75m"); /* 72.1m up to 5m */
			seen++;
		} else if (strcmp(f->rule, "memory-request-below-usage") == 0) {
			assert_string_equal(f->suggestion_value, "144Mi"); /* 143.05Mi */
			seen++;
		} else if (strcmp(f->rule, "memory-limit-below-peak") == 0) {
			assert_string_equal(f->suggestion_value, "241Mi"); /* 252 MB */
			assert_int_equal(f->line, 16);
			seen++;
		}
	}
	assert_int_equal(seen, 3);
	hr_report_free(&r);
}

static const char *evidence_text(const hr_finding *f, const char *key)
{
	for (size_t i = 0; i < f->evidence_count; i++)
		if (strcmp(f->evidence[i].key, key) == 0 &&
		    f->evidence[i].type == HR_EVIDENCE_STRING)
			return f->evidence[i].as.s;
	return NULL;
}

/* A JVM's heap follows a new memory limit: -Xmx keeps its share (here
 * 512m of 2Gi, a quarter, so 641Mi of limit gives -Xmx160m), a
 * percentage needs nothing; and a heap too large for the limit gets both
 * ways out. */
static void test_jvm_suggestions(void **state)
{
	(void)state;
	const char *peak = WEB(GOOD CPU("0.5", "0.8", "0.9", "1") ", "
	                       MEM("400000000", "500000000", "520000000", "560000000"));
	const rule_case xmx = {"xmx", JAVA17("-Xmx128m -XX:MaxDirectMemorySize=32m",
	                                     REQ("1", "512Mi") LIM("cpu: 2, memory: 512Mi")),
	                       peak, NULL, NULL};
	int rc, seen = 0;
	hr_report *r = run_case(&xmx, &rc);
	assert_int_equal(rc, HR_OK);
	for (size_t i = 0; i < r->finding_count; i++) {
		const hr_finding *f = &r->findings[i];
		if (strcmp(f->rule, "memory-limit-below-peak") != 0)
			continue;
		assert_string_equal(f->suggestion_value, "641Mi");
		assert_string_equal(evidence_text(f, "jvm_heap_option"), "-Xmx160m");
		assert_non_null(strstr(f->message, "set -Xmx160m in env JAVA_TOOL_OPTIONS"));
		seen++;
	}
	assert_int_equal(seen, 1);
	hr_report_free(&r);

	const rule_case pct = {"pct", JAVA17("-XX:MaxRAMPercentage=25.0 -XX:MaxDirectMemorySize=32m",
	                                     REQ("1", "512Mi") LIM("cpu: 2, memory: 512Mi")),
	                       peak, NULL, NULL};
	r = run_case(&pct, &rc);
	assert_int_equal(rc, HR_OK);
	for (size_t i = 0; i < r->finding_count; i++)
		if (strcmp(r->findings[i].rule, "memory-limit-below-peak") == 0) {
			assert_string_equal(evidence_text(&r->findings[i], "jvm_heap_option"),
			                    "unchanged");
			seen++;
		}
	assert_int_equal(seen, 2);
	hr_report_free(&r);

	const rule_case full = {"full", JAVA17("-Xmx2g", SERVER), NULL, NULL, NULL};
	r = run_case(&full, &rc);
	assert_int_equal(rc, HR_OK);
	assert_int_equal(r->finding_count, 1);
	const hr_finding *f = &r->findings[0];
	assert_string_equal(f->rule, "jvm-heap-exceeds-limit");
	assert_int_equal(f->line, 14);
	assert_int_equal(f->column, 49); /* the -Xmx2g in the env value */
	assert_string_equal(f->suggestion_field, "resources.limits.memory");
	assert_string_equal(f->suggestion_value, "2287Mi");
	assert_string_equal(evidence_text(f, "jvm_heap_option"), "-Xmx1822m");
	assert_non_null(strstr(f->message, "raise limits.memory to 2287Mi, or lower "
	                                   "the heap to -Xmx1822m"));
	hr_report_free(&r);
}

/* An annotation naming no profile cannot be evaluated: exit 2 material. */
static void test_unknown_profile_annotation(void **state)
{
	(void)state;
	const rule_case c = {"unknown", DEPLOY(ANN("headroom.dev/profile: gold"),
	                                       REQ("100m", "200Mi") LIM("memory: 256Mi")),
	                     NULL, NULL, NULL};
	int rc;
	hr_report *r = run_case(&c, &rc);
	assert_int_equal(rc, HR_EINVALID);
	assert_int_equal(hr_error_last()->line, 6);
	assert_non_null(strstr(hr_error_last()->message, "gold"));
	hr_report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_cases),
		cmocka_unit_test(test_verdicts_and_counts),
		cmocka_unit_test(test_cost),
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_jvm_suggestions),
		cmocka_unit_test(test_unknown_profile_annotation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
