/*
 * The JVM layer, table-driven: a container goes in (image, env, command,
 * args, resources) with the node it runs on; what hr_jvm_analyze() makes
 * of it comes out and is compared exactly: Java or not, why, the merged
 * options in the JVM's order with their sources, the max heap and where it
 * comes from, the CPUs, the collector, the budget, and the issues with
 * their positions.  The facts are those of reference/jvm.md (sections 1-3).
 */
#include "test_util.h"

#include "headroom/jvm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KI ((int64_t)1024)
#define MI (KI * KI)
#define GI (KI * MI)

/* ScaleForWordSize(96M): the flat band of the default heap. */
#define FLAT_HEAP ((int64_t)130862280)

/* A Deployment shop/web; the container "app" starts on line 9 at
 * column 9.  Its fields, one line each: */
#define DEPLOY(C)                                                              \
	"apiVersion: apps/v1\n"                       /* 1 */                  \
	"kind: Deployment\n"                          /* 2 */                  \
	"metadata: {name: web, namespace: shop}\n"    /* 3 */                  \
	"spec:\n"                                     /* 4 */                  \
	"  template:\n"                               /* 5 */                  \
	"    spec:\n"                                 /* 6 */                  \
	"      containers:\n"                         /* 7 */                  \
	"      - name: app\n"                         /* 8 */                  \
	C                                             /* 9... */

#define IMAGE(x) "        image: " x "\n"
#define CMD(x) "        command: " x "\n"
#define ARGS(x) "        args: " x "\n"
#define ENV "        env:\n"
#define E(name, value) "        - {name: " name ", value: " value "}\n"
#define LIM(x) "        resources: {limits: {" x "}}\n"
#define RES(req, lim) "        resources: {requests: {" req "}, limits: {" lim "}}\n"
#define REQ(x) "        resources: {requests: {" x "}}\n"

typedef struct jvm_case {
	const char *name;
	const char *yaml;
	const char *container;  /* NULL: "app" */
	int64_t node_memory;    /* bytes; 0 unknown */
	int64_t node_cpu_milli; /* 0 unknown */
	/* "NAME=value": the value of env NAME replaced after loading, for
	 * bytes YAML cannot carry (invalid UTF-8). */
	const char *raw_env;
	size_t raw_env_len;
	/* > 0: "@FILL@" in yaml is replaced by this many bytes of fill_word
	 * repeated. */
	size_t fill;
	const char *fill_word;
	int rc;                 /* HR_OK, or the error hr_jvm_analyze returns */
	unsigned error_line;    /* with rc: the line the last error names */

	bool java;
	const char *recognized_by;
	int jdk;
	const char *options;    /* texts joined by " " */
	const char *origins;    /* one letter each: Tool, Jdk, Command,
	                           Entrypoint, Override */
	int64_t max_heap;
	const char *heap_source;
	int cpus;
	const char *cpus_source;
	const char *gc;
	bool gc_explicit;
	int64_t budget_total;   /* 0: not compared */
	/* "KIND:substring[@line:col]" joined by "; ", in order. */
	const char *issues;
	/* Non-NULL: the row expects what the reference says and the code
	 * does not do (yet); the reason. */
} jvm_case;

#define NOT_JAVA .java = false
#define JAVA(by, jdk_) .java = true, .recognized_by = by, .jdk = jdk_
#define OPTS(texts, from) .options = texts, .origins = from
#define HEAP(bytes, source) .max_heap = bytes, .heap_source = source
#define CPUS(n, source) .cpus = n, .cpus_source = source
#define GC(name) .gc = name, .gc_explicit = false
#define GC_SET(name) .gc = name, .gc_explicit = true
#define ISSUES(text) .issues = text
#define NODE(mem, cpu) .node_memory = mem, .node_cpu_milli = cpu

/* Limits of 2 CPUs and 1 GiB: Serial, 256 MiB default heap. */
#define LIM_1G LIM("cpu: 2, memory: 1Gi")
#define DEFAULT_1G HEAP(256 * MI, "ergonomics"), CPUS(2, "limits.cpu")

static const jvm_case cases[] = {
	/* ================= not a JVM: silent ================= */
	{"nginx stays silent", DEPLOY(IMAGE("nginx:1.25") LIM("memory: 256Mi")), NOT_JAVA},
	{"python with a command, even with JAVA_TOOL_OPTIONS",
	 DEPLOY(IMAGE("python:3.12") CMD("[python, app.py]") ENV E("JAVA_TOOL_OPTIONS", "-Xmx1g")),
	 NOT_JAVA},
	{"openjdk image running sleep",
	 DEPLOY(IMAGE("openjdk:17") CMD("[sleep, infinity]") LIM_1G), NOT_JAVA},
	{"busybox without a command", DEPLOY(IMAGE("busybox:1.36")), NOT_JAVA},
	{"an application image with no java sign", DEPLOY(IMAGE("acme/orders:1.0") LIM_1G), NOT_JAVA},
	{"init container copying jars on a JDK image",
	 DEPLOY(IMAGE("nginx:1.25")
	        "      initContainers:\n"
	        "      - name: init\n"
	        "        image: eclipse-temurin:17\n"
	        "        command: [sh, -c, 'cp /build/*.jar /shared/']\n"),
	 .container = "init", NOT_JAVA},

	/* ================= recognised by the image only ================= */
	{"eclipse-temurin without a command",
	 DEPLOY(IMAGE("eclipse-temurin:21-jre") LIM_1G),
	 JAVA("image", 21), OPTS("", ""), DEFAULT_1G, GC("Serial"),
	 .budget_total = 395438981, ISSUES("")},
	{"args only: the image's entrypoint runs them",
	 DEPLOY(IMAGE("eclipse-temurin:17") ARGS("[--server.port=8080, -Xmx1g]") LIM_1G),
	 JAVA("image", 17), OPTS("", ""), DEFAULT_1G, GC("Serial"), ISSUES("")},

	/* ================= exec form ================= */
	{"exec form java",
	 DEPLOY(IMAGE("eclipse-temurin:17-jre") CMD("[java, -Xmx512m, -jar, /app/app.jar]") LIM_1G),
	 JAVA("command", 17), OPTS("-Xmx512m", "C"), HEAP(512 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"absolute java path and -XX:MaxHeapSize",
	 DEPLOY(IMAGE("acme/orders:1.0")
	        CMD("[/opt/java/openjdk/bin/java, -XX:MaxHeapSize=300m, -cp, app.jar, com.acme.Main]")
	        LIM_1G),
	 JAVA("command", 0), OPTS("-XX:MaxHeapSize=300m", "C"), HEAP(300 * MI, "-XX:MaxHeapSize"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"java in args on a JDK image (no entrypoint)",
	 DEPLOY(IMAGE("eclipse-temurin:17") ARGS("[java, -Xms256m, -Xmx256m, -jar, app.jar]") LIM_1G),
	 JAVA("command", 17), OPTS("-Xms256m -Xmx256m", "CC"), HEAP(256 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"-cp takes the next argument, not a main class",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -cp, '/app/lib/*', -Xmx256m, com.acme.Main]") LIM_1G),
	 JAVA("command", 17), OPTS("-Xmx256m", "C"), HEAP(256 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"options after the main class go to the application",
	 DEPLOY(IMAGE("eclipse-temurin:17")
	        CMD("[java, -classpath, app.jar, com.acme.Main, -Xmx1g]") LIM_1G),
	 /*                                                      ^ col 61 */
	 JAVA("command", 17), OPTS("", ""), DEFAULT_1G, GC("Serial"),
	 ISSUES("NOT_APPLIED:-Xmx1g comes after com.acme.Main@10:61")},
	{"options after -jar FILE go to the application",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -jar, app.jar, -Xmx1g, -XX:+UseG1GC]") LIM_1G),
	 JAVA("command", 17), OPTS("", ""), DEFAULT_1G, GC("Serial"),
	 ISSUES("NOT_APPLIED:-Xmx1g comes after app.jar@10:40; "
	        "NOT_APPLIED:-XX:+UseG1GC comes after app.jar@10:48")},
	{"options after -m MODULE go to the application",
	 DEPLOY(IMAGE("eclipse-temurin:17")
	        CMD("[java, -Xms64m, -m, com.acme/com.acme.Main, -Xss512k]") LIM_1G),
	 JAVA("command", 17), OPTS("-Xms64m", "C"), DEFAULT_1G, GC("Serial"),
	 ISSUES("NOT_APPLIED:-Xss512k comes after com.acme/com.acme.Main")},
	{"options after --module=MODULE go to the application",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, --module=com.acme/com.acme.Main, -Xmx1g]") LIM_1G),
	 JAVA("command", 17), OPTS("", ""), DEFAULT_1G, GC("Serial"),
	 ISSUES("NOT_APPLIED:-Xmx1g comes after --module=com.acme/com.acme.Main")},

	/* ================= wrappers ================= */
	{"tini --",
	 DEPLOY(IMAGE("acme/orders:1.0") CMD("[/sbin/tini, --, java, -Xmx300m, -jar, app.jar]") LIM_1G),
	 JAVA("command", 0), OPTS("-Xmx300m", "C"), HEAP(300 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"dumb-init",
	 DEPLOY(IMAGE("acme/orders:1.0") CMD("[dumb-init, java, -Xmx300m, -jar, app.jar]") LIM_1G),
	 JAVA("command", 0), OPTS("-Xmx300m", "C"), HEAP(300 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"env with an assignment",
	 DEPLOY(IMAGE("acme/orders:1.0") CMD("[/usr/bin/env, LANG=C.UTF-8, java, -Xmx300m, -jar, app.jar]") LIM_1G),
	 JAVA("command", 0), OPTS("-Xmx300m", "C"), HEAP(300 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"env JAVA_TOOL_OPTIONS=... java: the JVM reads it",
	 DEPLOY(IMAGE("acme/orders:1.0") CMD("[env, JAVA_TOOL_OPTIONS=-Xmx300m, java, -jar, app.jar]") LIM_1G),
	 JAVA("command", 0), OPTS("-Xmx300m", "T"), HEAP(300 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},

	/* ================= shells ================= */
	{"sh -c exec java $JAVA_OPTS",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[sh, -c, 'exec java $JAVA_OPTS -jar app.jar']")
	        ENV E("JAVA_OPTS", "-Xms256m -Xmx512m") LIM_1G),
	 JAVA("command", 17), OPTS("-Xms256m -Xmx512m", "CC"), HEAP(512 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"bash -ec",
	 DEPLOY(IMAGE("eclipse-temurin:21") CMD("[bash, -ec, 'java -XX:MaxRAMPercentage=60 -jar /app.jar']")
	        LIM("cpu: 2, memory: 2Gi")),
	 JAVA("command", 21), OPTS("-XX:MaxRAMPercentage=60", "C"),
	 HEAP(1288490188, "MaxRAMPercentage"), CPUS(2, "limits.cpu"), GC("G1"), ISSUES("")},
	{"sh splits $JAVA_OPTS without removing its quotes",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[sh, -c, 'exec java $JAVA_OPTS -Xmx256m -jar app.jar']")
	        ENV E("JAVA_OPTS", "'-Dx=\"a b\"'") LIM_1G),
	 JAVA("command", 17), OPTS("-Dx=\"a", "C"), DEFAULT_1G, GC("Serial"),
	 ISSUES("NOT_APPLIED:-Xmx256m comes after b\"")},
	{"the script appends to JAVA_OPTS",
	 DEPLOY(IMAGE("eclipse-temurin:17")
	        CMD("[sh, -c, 'JAVA_OPTS=\"$JAVA_OPTS -Xmx1g\"; exec java $JAVA_OPTS -jar app.jar']")
	        ENV E("JAVA_OPTS", "-Xms512m") LIM("cpu: 2, memory: 2Gi")),
	 JAVA("command", 17), OPTS("-Xms512m -Xmx1g", "CC"), HEAP(GI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("G1"), ISSUES("")},
	{"sh -c: JAVA_TOOL_OPTIONS=... before java",
	 DEPLOY(IMAGE("eclipse-temurin:17")
	        CMD("[sh, -c, 'JAVA_TOOL_OPTIONS=-Xmx300m exec java -jar app.jar']") LIM_1G),
	 JAVA("command", 17), OPTS("-Xmx300m", "T"), HEAP(300 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"sh -c: an unterminated quote stops the container",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[sh, -c, \"exec java -Xmx1g -jar 'app.jar\"]") LIM_1G),
	 JAVA("command", 17), OPTS("", ""), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:unterminated quote")},
	{"sh -c running a start script may pass JAVA_OPTS",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[sh, -c, /app/start.sh]")
	        ENV E("JAVA_OPTS", "-Xmx700m") LIM_1G),
	 JAVA("options", 17), OPTS("-Xmx700m", "E"), HEAP(700 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"an entrypoint script in exec form passes JAVA_OPTS",
	 DEPLOY(IMAGE("acme/orders:1.0") CMD("[/docker-entrypoint.sh]")
	        ENV E("JAVA_OPTS", "-Xmx700m") LIM_1G),
	 JAVA("options", 0), OPTS("-Xmx700m", "E"), HEAP(700 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"a multi-line script with -Xss",
	 DEPLOY(IMAGE("eclipse-temurin:17")
	        "        command:\n"
	        "        - sh\n"
	        "        - -c\n"
	        "        - |\n"
	        "          set -e\n"
	        "          cd /app\n"
	        "          exec java -Xss512k -Xmx400m -jar /app/app.jar\n" LIM_1G),
	 JAVA("command", 17), OPTS("-Xss512k -Xmx400m", "CC"), HEAP(400 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), .budget_total = 536870912, ISSUES("")},
	{"a newline in JAVA_OPTS splits under sh",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[sh, -c, 'exec java $JAVA_OPTS -jar app.jar']")
	        ENV E("JAVA_OPTS", "\"-Xms128m\\n-Xmx384m\"") LIM_1G),
	 JAVA("command", 17), OPTS("-Xms128m -Xmx384m", "CC"), HEAP(384 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},

	/* ================= Kubernetes $(VAR) ================= */
	{"$(VAR) as a whole argument",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, '$(HEAP_OPT)', -jar, app.jar]")
	        ENV E("HEAP_OPT", "-Xmx640m") LIM_1G),
	 JAVA("command", 17), OPTS("-Xmx640m", "C"), HEAP(640 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"$(VAR) inside an argument",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, '-Xmx$(HEAP)', -jar, app.jar]")
	        ENV E("HEAP", "768m") LIM_1G),
	 JAVA("command", 17), OPTS("-Xmx768m", "C"), HEAP(768 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"$$(VAR) is an escaped dollar",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, '-Dhome=$$(HOME)', -Xmx256m, -jar, app.jar]")
	        ENV E("HOME", "/root") LIM_1G),
	 JAVA("command", 17), OPTS("-Dhome=$(HOME) -Xmx256m", "CC"), HEAP(256 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"an unknown $(VAR) stays as written",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, '-Xmx$(NOPE)', -jar, app.jar]") LIM_1G),
	 JAVA("command", 17), OPTS("-Xmx$(NOPE)", "C"), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:Invalid maximum heap size")},
	{"an env value using an earlier variable",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("HEAP", "512m") E("JAVA_TOOL_OPTIONS", "'-Xmx$(HEAP)'")
	        LIM_1G),
	 JAVA("options", 17), OPTS("-Xmx512m", "T"), HEAP(512 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"an env value using a later variable is not expanded",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "'-Xmx$(HEAP)'") E("HEAP", "512m")
	        LIM_1G),
	 /* line 11: "        - {name: JAVA_TOOL_OPTIONS, value: '-Xmx$(HEAP)'}" */
	 JAVA("options", 17), OPTS("-Xmx$(HEAP)", "T"), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:Invalid maximum heap size: -Xmx$(HEAP)@11:45")},
	/* The kubelet fills $(HEAP) in with a value only the cluster knows. */
	{"$(VAR) of a valueFrom variable is not a bad size",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV
	        "        - name: HEAP\n"
	        "          valueFrom: {configMapKeyRef: {name: jvm, key: heap}}\n"
	        E("JAVA_TOOL_OPTIONS", "'-Xmx$(HEAP)'") LIM_1G),
	 JAVA("options", 17), OPTS("", ""), DEFAULT_1G, GC("Serial"), ISSUES("")},
	{"sh -c $JAVA_OPTS of a valueFrom variable is unknown, not wrong",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[sh, -c, 'exec java $JAVA_OPTS -jar app.jar']") ENV
	        "        - name: JAVA_OPTS\n"
	        "          valueFrom: {configMapKeyRef: {name: jvm, key: opts}}\n" LIM_1G),
	 JAVA("command", 17), OPTS("", ""), DEFAULT_1G, GC("Serial"), ISSUES("")},
	{"$(VAR) with two size flags is one bad argument",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, '$(JAVA_OPTS)', -jar, app.jar]")
	        ENV E("JAVA_OPTS", "-Xmx512m -Xms512m") LIM_1G),
	 /* line 10: "        command: [java, '$(JAVA_OPTS)', ..." */
	 JAVA("command", 17), OPTS("", ""), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:$(JAVA_OPTS) holds several options@10:25")},
	{"$(VAR) with a -D first folds the rest into it",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, '$(JAVA_OPTS)', -jar, app.jar]")
	        ENV E("JAVA_OPTS", "-Dspring.profiles.active=prod -Xmx512m") LIM_1G),
	 JAVA("command", 17), OPTS("", ""), DEFAULT_1G, GC("Serial"),
	 ISSUES("NOT_APPLIED:$(JAVA_OPTS) holds several options")},
	{"$(VAR) with a -XX: first is refused",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, '$(JAVA_OPTS)', -jar, app.jar]")
	        ENV E("JAVA_OPTS", "-XX:+UseG1GC -Xmx512m") LIM_1G),
	 JAVA("command", 17), OPTS("", ""), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:$(JAVA_OPTS) holds several options")},
	{"$(VAR) with one flag is fine",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, '$(JAVA_OPTS)', -jar, app.jar]")
	        ENV E("JAVA_OPTS", "-Xmx512m") LIM_1G),
	 JAVA("command", 17), OPTS("-Xmx512m", "C"), HEAP(512 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"$(VAR) in an sh -c script is split by the shell",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[sh, -c, 'exec java $(JAVA_OPTS) -jar app.jar']")
	        ENV E("JAVA_OPTS", "-Xms256m -Xmx512m") LIM_1G),
	 JAVA("command", 17), OPTS("-Xms256m -Xmx512m", "CC"), HEAP(512 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},

	/* ================= JAVA_OPTS and cousins ================= */
	{"JAVA_OPTS with exec-form java that does not read it",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -jar, app.jar]")
	        ENV E("JAVA_OPTS", "-Xmx1g") LIM_1G),
	 /* line 12: "        - {name: JAVA_OPTS, value: -Xmx1g}" */
	 JAVA("command", 17), OPTS("", ""), DEFAULT_1G, GC("Serial"),
	 ISSUES("NOT_APPLIED:JAVA_OPTS is set, but the java command never reads it@12:36")},
	{"JAVA_OPTS with no command: the entrypoint passes it",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_OPTS", "-Xmx600m -XX:+UseParallelGC") LIM_1G),
	 /* line 11: "        - {name: JAVA_OPTS, value: -Xmx600m -XX:+UseParallelGC}" */
	 JAVA("options", 17), OPTS("-Xmx600m -XX:+UseParallelGC", "EE"), HEAP(600 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC_SET("Parallel"), ISSUES("")},
	{"CATALINA_OPTS on a Tomcat image",
	 DEPLOY(IMAGE("tomcat:10-jdk17") ENV E("CATALINA_OPTS", "-Xmx800m") LIM_1G),
	 JAVA("options", 17), OPTS("-Xmx800m", "E"), HEAP(800 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"Paketo appends JAVA_OPTS to JAVA_TOOL_OPTIONS",
	 DEPLOY(IMAGE("registry.acme.io/orders:1.0")
	        ENV E("BPL_JVM_THREAD_COUNT", "'100'") E("JAVA_TOOL_OPTIONS", "-Xmx300m")
	        E("JAVA_OPTS", "-Xmx400m -Xss256k") LIM_1G),
	 JAVA("options", 0), OPTS("-Xmx300m -Xmx400m -Xss256k", "TTT"), HEAP(400 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"Paketo: JAVA_OPTS alone",
	 DEPLOY(IMAGE("paketobuildpacks/run:base") ENV E("JAVA_OPTS", "-XX:MaxRAMPercentage=70") LIM_1G),
	 JAVA("options", 0), OPTS("-XX:MaxRAMPercentage=70", "T"),
	 HEAP(751619276, "MaxRAMPercentage"), CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},

	/* ================= JDK_JAVA_OPTIONS ================= */
	{"JDK_JAVA_OPTIONS on Java 8 is ignored",
	 DEPLOY(IMAGE("openjdk:8-jre") CMD("[java, -jar, app.jar]")
	        ENV E("JDK_JAVA_OPTIONS", "-Xmx512m") LIM_1G),
	 /* line 12: "        - {name: JDK_JAVA_OPTIONS, value: -Xmx512m}" */
	 JAVA("command", 8), OPTS("", ""), DEFAULT_1G, GC("Serial"),
	 ISSUES("NOT_APPLIED:this image runs Java 8@12:43")},
	{"JDK_JAVA_OPTIONS may not name the jar",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JDK_JAVA_OPTIONS", "-Xmx256m -jar /app/app.jar") LIM_1G),
	 /* line 11: "        - {name: JDK_JAVA_OPTIONS, value: -Xmx256m -jar /app/app.jar}" */
	 JAVA("options", 17), OPTS("-Xmx256m", "J"), HEAP(256 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"),
	 ISSUES("INVALID:JDK_JAVA_OPTIONS may not contain -jar@11:52")},
	{"JDK_JAVA_OPTIONS selects ZGC on 21",
	 DEPLOY(IMAGE("eclipse-temurin:21") CMD("[java, -jar, app.jar]")
	        ENV E("JDK_JAVA_OPTIONS", "-XX:+UseZGC") LIM("cpu: 4, memory: 4Gi")),
	 JAVA("command", 21), OPTS("-XX:+UseZGC", "J"), HEAP(GI, "ergonomics"),
	 CPUS(4, "limits.cpu"), GC_SET("ZGC"), .budget_total = 1302750822, ISSUES("")},

	/* ================= merge order ================= */
	{"command line overrides JAVA_TOOL_OPTIONS",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -Xmx512m, -jar, app.jar]")
	        ENV E("JAVA_TOOL_OPTIONS", "-Xmx1g") LIM_1G),
	 JAVA("command", 17), OPTS("-Xmx1g -Xmx512m", "TC"), HEAP(512 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"_JAVA_OPTIONS overrides the command line",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -Xmx512m, -jar, app.jar]")
	        ENV E("_JAVA_OPTIONS", "-Xmx256m") E("JAVA_TOOL_OPTIONS", "-Xmx1g") LIM_1G),
	 JAVA("command", 17), OPTS("-Xmx1g -Xmx512m -Xmx256m", "TCO"), HEAP(256 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"JDK_JAVA_OPTIONS after JAVA_TOOL_OPTIONS whatever the env order",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JDK_JAVA_OPTIONS", "-Xmx700m") E("JAVA_TOOL_OPTIONS", "-Xmx900m")
	        LIM_1G),
	 JAVA("options", 17), OPTS("-Xmx900m -Xmx700m", "TJ"), HEAP(700 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"all four sources, -Xss from _JAVA_OPTIONS wins",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -Xss2m, -jar, app.jar]")
	        ENV E("_JAVA_OPTIONS", "-Xss1m") E("JDK_JAVA_OPTIONS", "-Xss512k")
	        E("JAVA_TOOL_OPTIONS", "-Xss256k") LIM_1G),
	 JAVA("command", 17), OPTS("-Xss256k -Xss512k -Xss2m -Xss1m", "TJCO"), DEFAULT_1G,
	 GC("Serial"), .budget_total = 395438981, ISSUES("")},
	{"JAVA_OPTS from the entrypoint sits before _JAVA_OPTIONS",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("_JAVA_OPTIONS", "-Xms100m") E("JAVA_OPTS", "-Xmx800m")
	        E("JAVA_TOOL_OPTIONS", "-Xmx1g") LIM_1G),
	 JAVA("options", 17), OPTS("-Xmx1g -Xmx800m -Xms100m", "TEO"), HEAP(800 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"_JAVA_OPTIONS alone makes it Java",
	 DEPLOY(IMAGE("acme/orders:1.0") ENV E("_JAVA_OPTIONS", "-Xmx200m") LIM_1G),
	 JAVA("options", 0), OPTS("-Xmx200m", "O"), HEAP(200 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"two collectors across sources",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -XX:+UseG1GC, -jar, app.jar]")
	        ENV E("JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC") LIM("cpu: 2, memory: 2Gi")),
	 /* line 10: "        command: [java, -XX:+UseG1GC, ..." */
	 JAVA("command", 17), OPTS("-XX:+UseParallelGC -XX:+UseG1GC", "TC"),
	 HEAP(512 * MI, "ergonomics"), CPUS(2, "limits.cpu"), GC_SET("G1"),
	 ISSUES("INVALID:Multiple garbage collectors selected@10:25")},
	{"a collector reset with -XX:- is no conflict",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -XX:-UseParallelGC, -XX:+UseSerialGC, -jar, app.jar]")
	        ENV E("JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC") LIM("cpu: 2, memory: 2Gi")),
	 JAVA("command", 17), OPTS("-XX:+UseParallelGC -XX:-UseParallelGC -XX:+UseSerialGC", "TCC"),
	 HEAP(512 * MI, "ergonomics"), CPUS(2, "limits.cpu"), GC_SET("Serial"), ISSUES("")},

	/* ================= sizes ================= */
	{"-Xmx1g",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-Xmx1g") LIM("cpu: 2, memory: 2Gi")),
	 JAVA("options", 17), OPTS("-Xmx1g", "T"), HEAP(GI, "-Xmx"), CPUS(2, "limits.cpu"),
	 GC("G1"), ISSUES("")},
	{"hex size",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-Xmx0x20000000") LIM_1G),
	 JAVA("options", 17), OPTS("-Xmx0x20000000", "T"), HEAP(512 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"0x100000 is below the 2m minimum",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-Xmx0x100000") LIM_1G),
	 JAVA("options", 17), OPTS("-Xmx0x100000", "T"), HEAP(MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("INVALID:Too small maximum heap@11:44")},
	{"1T", DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-Xmx1T") LIM("cpu: 2, memory: 2Gi")),
	 JAVA("options", 17), OPTS("-Xmx1T", "T"), HEAP(1024 * GI, "-Xmx"), CPUS(2, "limits.cpu"),
	 GC("G1"), .budget_total = 1165603960258, ISSUES("")},
	{"512MB is refused",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-Xms64m -Xmx512MB") LIM_1G),
	 /* line 11: "        - {name: JAVA_TOOL_OPTIONS, value: -Xms64m -Xmx512MB}" */
	 JAVA("options", 17), OPTS("-Xms64m -Xmx512MB", "TT"), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:Invalid maximum heap size: -Xmx512MB@11:52")},
	{"1.5g is refused",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-Xmx1.5g") LIM_1G),
	 JAVA("options", 17), OPTS("-Xmx1.5g", "T"), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:Invalid maximum heap size")},
	{"\"1 g\" in one argument is refused",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, '-Xmx1 g', -jar, app.jar]") LIM_1G),
	 JAVA("command", 17), OPTS("-Xmx1 g", "C"), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:Invalid maximum heap size@10:26")},
	{"-Xmx with nothing is refused",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -Xmx, -jar, app.jar]") LIM_1G),
	 JAVA("command", 17), OPTS("-Xmx", "C"), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:Invalid maximum heap size")},
	{"ThreadStackSize is in KiB",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -XX:ThreadStackSize=256, -jar, app.jar]") LIM_1G),
	 JAVA("command", 17), OPTS("-XX:ThreadStackSize=256", "C"), DEFAULT_1G, GC("Serial"),
	 .budget_total = 376564613, ISSUES("")},
	{"metaspace, code cache and direct memory options bound the budget",
	 DEPLOY(IMAGE("eclipse-temurin:17")
	        CMD("[java, -XX:MaxMetaspaceSize=128m, -Xmaxjitcodesize64m, -XX:MaxDirectMemorySize=64m, -jar, app.jar]")
	        LIM_1G),
	 JAVA("command", 17),
	 OPTS("-XX:MaxMetaspaceSize=128m -Xmaxjitcodesize64m -XX:MaxDirectMemorySize=64m", "CCC"),
	 DEFAULT_1G, GC("Serial"), .budget_total = 579988357, ISSUES("")},
	{"-Xms above -Xmx",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-Xms1g -Xmx512m") LIM("cpu: 2, memory: 2Gi")),
	 JAVA("options", 17), OPTS("-Xms1g -Xmx512m", "TT"), HEAP(512 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("G1"),
	 ISSUES("INVALID:Initial heap size set to a larger value than the maximum heap size@11:44")},
	{"-Xms alone above the default raises the max heap",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-Xms512m") LIM_1G),
	 JAVA("options", 17), OPTS("-Xms512m", "T"), HEAP(512 * MI, "ergonomics"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},

	/* ================= percentages ================= */
	{"MaxRAMPercentage=75 of the limit",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75") LIM_1G),
	 JAVA("options", 17), OPTS("-XX:MaxRAMPercentage=75", "T"), HEAP(768 * MI, "MaxRAMPercentage"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"MaxRAMPercentage=75.0 on Java 8",
	 DEPLOY(IMAGE("openjdk:8u372-jre") ENV E("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75.0") LIM_1G),
	 JAVA("options", 8), OPTS("-XX:MaxRAMPercentage=75.0", "T"), HEAP(768 * MI, "MaxRAMPercentage"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"an integer percentage on Java 8 is refused",
	 DEPLOY(IMAGE("openjdk:8u372-jre") ENV E("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75") LIM_1G),
	 JAVA("options", 8), OPTS("-XX:MaxRAMPercentage=75", "T"), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:decimal point@11:44")},
	{"MaxRAMPercentage=150 is out of range",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=150") LIM_1G),
	 JAVA("options", 17), OPTS("-XX:MaxRAMPercentage=150", "T"), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:outside the allowed range")},
	{"MaxRAMPercentage=abc is refused",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=abc") LIM_1G),
	 JAVA("options", 17), OPTS("-XX:MaxRAMPercentage=abc", "T"), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:Improperly specified VM option 'MaxRAMPercentage=abc'")},
	{"MinRAMPercentage in the small-memory band",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:MinRAMPercentage=75") LIM("memory: 128Mi")),
	 JAVA("options", 17), OPTS("-XX:MinRAMPercentage=75", "T"), HEAP(96 * MI, "MaxRAMPercentage"),
	 CPUS(0, "unknown"), GC("Serial"), ISSUES("")},
	{"MaxRAMPercentage without a limit takes the node",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75")),
	 NODE(16 * GI, 8000),
	 JAVA("options", 17), OPTS("-XX:MaxRAMPercentage=75", "T"), HEAP(12 * GI, "node-memory"),
	 CPUS(8, "node"), GC("G1"), ISSUES("")},
	{"MaxRAMFraction=2 on 11: half the limit, deprecated",
	 DEPLOY(IMAGE("eclipse-temurin:11") ENV E("JAVA_TOOL_OPTIONS", "-XX:MaxRAMFraction=2") LIM_1G),
	 JAVA("options", 11), OPTS("-XX:MaxRAMFraction=2", "T"), HEAP(512 * MI, "MaxRAMPercentage"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("OBSOLETE:MaxRAMFraction is deprecated since Java 10")},

	/* ================= removed and obsolete options ================= */
	{"CMS on 8 is fine",
	 DEPLOY(IMAGE("openjdk:8u372-jre") CMD("[java, -XX:+UseConcMarkSweepGC, -jar, app.jar]") LIM_1G),
	 JAVA("command", 8), OPTS("-XX:+UseConcMarkSweepGC", "C"), DEFAULT_1G, GC_SET("CMS"), ISSUES("")},
	{"CMS on 11 is deprecated",
	 DEPLOY(IMAGE("eclipse-temurin:11") CMD("[java, -XX:+UseConcMarkSweepGC, -jar, app.jar]") LIM_1G),
	 JAVA("command", 11), OPTS("-XX:+UseConcMarkSweepGC", "C"), DEFAULT_1G, GC_SET("CMS"),
	 ISSUES("OBSOLETE:UseConcMarkSweepGC is deprecated since Java 9@10:25")},
	{"CMS on 17 is removed",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -XX:+UseConcMarkSweepGC, -jar, app.jar]") LIM_1G),
	 JAVA("command", 17), OPTS("-XX:+UseConcMarkSweepGC", "C"), DEFAULT_1G, GC_SET("CMS"),
	 ISSUES("REMOVED:Java 17 refuses it")},
	{"CMS on an unknown JDK",
	 DEPLOY(IMAGE("acme/orders:1.0") CMD("[java, -XX:+UseConcMarkSweepGC, -jar, app.jar]") LIM_1G),
	 JAVA("command", 0), OPTS("-XX:+UseConcMarkSweepGC", "C"), DEFAULT_1G, GC_SET("CMS"),
	 ISSUES("OBSOLETE:stops Java 15 and later")},
	{"UseCGroupMemoryLimitForHeap on 11 is removed",
	 DEPLOY(IMAGE("eclipse-temurin:11")
	        ENV E("JAVA_TOOL_OPTIONS", "-XX:+UnlockExperimentalVMOptions -XX:+UseCGroupMemoryLimitForHeap") LIM_1G),
	 JAVA("options", 11),
	 OPTS("-XX:+UnlockExperimentalVMOptions -XX:+UseCGroupMemoryLimitForHeap", "TT"),
	 DEFAULT_1G, GC("Serial"), ISSUES("REMOVED:UseCGroupMemoryLimitForHeap was removed@11:77")},
	{"MaxPermSize on 8 is ignored",
	 DEPLOY(IMAGE("openjdk:8u372-jre") ENV E("JAVA_TOOL_OPTIONS", "-XX:MaxPermSize=256m") LIM_1G),
	 JAVA("options", 8), OPTS("-XX:MaxPermSize=256m", "T"), DEFAULT_1G, GC("Serial"),
	 ISSUES("OBSOLETE:MaxPermSize is ignored from Java 8 on")},
	{"MaxPermSize on 17 is removed",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:MaxPermSize=256m") LIM_1G),
	 JAVA("options", 17), OPTS("-XX:MaxPermSize=256m", "T"), DEFAULT_1G, GC("Serial"),
	 ISSUES("REMOVED:MaxPermSize was removed: Java 17 refuses it")},
	{"UseParallelOldGC on 17 is removed",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:+UseParallelOldGC") LIM_1G),
	 JAVA("options", 17), OPTS("-XX:+UseParallelOldGC", "T"), DEFAULT_1G, GC("Serial"),
	 ISSUES("REMOVED:UseParallelOldGC was removed")},

	/* ================= -XX syntax ================= */
	{"-XX:+MaxHeapSize=1g: a +/- on a value flag",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:+MaxHeapSize=1g") LIM_1G),
	 JAVA("options", 17), OPTS("-XX:+MaxHeapSize=1g", "T"), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:Unexpected +/- setting in VM option 'MaxHeapSize=1g'")},
	{"-XX:+MaxHeapSize: a +/- on a value flag",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:+MaxHeapSize") LIM_1G),
	 JAVA("options", 17), OPTS("-XX:+MaxHeapSize", "T"), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:Unexpected +/- setting in VM option 'MaxHeapSize'")},
	{"-XX:UseG1GC=true: a bool without +/-",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:UseG1GC=true") LIM("cpu: 1, memory: 1Gi")),
	 JAVA("options", 17), OPTS("-XX:UseG1GC=true", "T"), HEAP(256 * MI, "ergonomics"),
	 CPUS(1, "limits.cpu"), GC("Serial"), ISSUES("INVALID:Missing +/- setting for VM option 'UseG1GC=true'")},
	{"CICompilerCount=1 with tiered compilation",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -XX:CICompilerCount=1, -jar, app.jar]") LIM_1G),
	 JAVA("command", 17), OPTS("-XX:CICompilerCount=1", "C"), DEFAULT_1G, GC("Serial"),
	 ISSUES("INVALID:CICompilerCount (1) must be at least 2@10:25")},
	{"CICompilerCount=1 without tiered compilation",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -XX:-TieredCompilation, -XX:CICompilerCount=1, -jar, app.jar]")
	        LIM_1G),
	 JAVA("command", 17), OPTS("-XX:-TieredCompilation -XX:CICompilerCount=1", "CC"), DEFAULT_1G,
	 GC("Serial"), ISSUES("")},

	/* ================= default heap ergonomics ================= */
	{"128Mi: half", DEPLOY(IMAGE("eclipse-temurin:17") LIM("memory: 128Mi")),
	 JAVA("image", 17), OPTS("", ""), HEAP(64 * MI, "ergonomics"), CPUS(0, "unknown"),
	 GC("Serial"), ISSUES("")},
	{"256Mi: the flat band", DEPLOY(IMAGE("eclipse-temurin:17") LIM("memory: 256Mi")),
	 JAVA("image", 17), OPTS("", ""), HEAP(FLAT_HEAP, "ergonomics"), CPUS(0, "unknown"),
	 GC("Serial"), ISSUES("")},
	{"384Mi: the flat band", DEPLOY(IMAGE("eclipse-temurin:17") LIM("memory: 384Mi")),
	 JAVA("image", 17), OPTS("", ""), HEAP(FLAT_HEAP, "ergonomics"), CPUS(0, "unknown"),
	 GC("Serial"), ISSUES("")},
	{"512Mi: a quarter", DEPLOY(IMAGE("eclipse-temurin:17") LIM("memory: 512Mi")),
	 JAVA("image", 17), OPTS("", ""), HEAP(128 * MI, "ergonomics"), CPUS(0, "unknown"),
	 GC("Serial"), ISSUES("")},
	{"4Gi: a quarter", DEPLOY(IMAGE("eclipse-temurin:17") LIM("cpu: 2, memory: 4Gi")),
	 JAVA("image", 17), OPTS("", ""), HEAP(GI, "ergonomics"), CPUS(2, "limits.cpu"),
	 GC("G1"), ISSUES("")},
	{"no limit: a quarter of the node", DEPLOY(IMAGE("eclipse-temurin:17")), NODE(64 * GI, 16000),
	 JAVA("image", 17), OPTS("", ""), HEAP(16 * GI, "node-memory"), CPUS(16, "node"),
	 GC("G1"), ISSUES("")},
	{"no limit, node unknown", DEPLOY(IMAGE("eclipse-temurin:17")),
	 JAVA("image", 17), OPTS("", ""), HEAP(-1, "unknown"), CPUS(0, "unknown"),
	 GC("G1"), .budget_total = 121634816, ISSUES("")},
	{"MaxRAM above the limit sizes the heap, not the collector",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:MaxRAM=4g")
	        LIM("cpu: 2, memory: 512Mi")),
	 JAVA("options", 17), OPTS("-XX:MaxRAM=4g", "T"), HEAP(GI, "MaxRAM"), CPUS(2, "limits.cpu"),
	 GC("Serial"), ISSUES("")},
	{"-XX:-UseContainerSupport: the node's memory",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:-UseContainerSupport")
	        LIM("memory: 1Gi")),
	 NODE(32 * GI, 8000),
	 JAVA("options", 17), OPTS("-XX:-UseContainerSupport", "T"), HEAP(8 * GI, "node-memory"),
	 CPUS(8, "node"), GC("G1"), ISSUES("")},
	{"-XX:-UseContainerSupport: the node's CPUs too",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:-UseContainerSupport")
	        LIM("cpu: 1, memory: 1Gi")),
	 NODE(32 * GI, 8000),
	 JAVA("options", 17), OPTS("-XX:-UseContainerSupport", "T"), HEAP(8 * GI, "node-memory"),
	 CPUS(8, "node"), GC("G1"), ISSUES("")},
	{"an old 8u without container support sees the node",
	 DEPLOY(IMAGE("openjdk:8u181-jre") LIM("cpu: 2, memory: 1Gi")), NODE(64 * GI, 16000),
	 JAVA("image", 8), OPTS("", ""), HEAP(16 * GI, "node-memory"), CPUS(16, "node"),
	 GC("Parallel"), ISSUES("")},
	{"OpenJ9 below 1 GiB: half",
	 DEPLOY(IMAGE("ibm-semeru-runtimes:open-17-jre") LIM("cpu: 2, memory: 512Mi")),
	 JAVA("image", 17), OPTS("", ""), HEAP(256 * MI, "ergonomics"), CPUS(2, "limits.cpu"),
	 GC("Serial"), ISSUES("")},
	{"OpenJ9 at 1 GiB: limit less 512 MiB",
	 DEPLOY(IMAGE("ibm-semeru-runtimes:open-17-jre") LIM_1G),
	 JAVA("image", 17), OPTS("", ""), HEAP(512 * MI, "ergonomics"), CPUS(2, "limits.cpu"),
	 GC("Serial"), ISSUES("")},
	{"OpenJ9 above 2 GiB: three quarters",
	 DEPLOY(IMAGE("ibm-semeru-runtimes:open-17-jre") LIM("cpu: 2, memory: 4Gi")),
	 JAVA("image", 17), OPTS("", ""), HEAP(3 * GI, "ergonomics"), CPUS(2, "limits.cpu"),
	 GC("G1"), ISSUES("")},

	/* ================= CPUs ================= */
	{"1500m is 2 CPUs", DEPLOY(IMAGE("eclipse-temurin:17") LIM("cpu: 1500m, memory: 2Gi")),
	 JAVA("image", 17), OPTS("", ""), HEAP(512 * MI, "ergonomics"), CPUS(2, "limits.cpu"),
	 GC("G1"), ISSUES("")},
	{"ActiveProcessorCount wins over the limit",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "-XX:ActiveProcessorCount=3")
	        LIM("cpu: 1500m, memory: 2Gi")),
	 JAVA("options", 17), OPTS("-XX:ActiveProcessorCount=3", "T"), HEAP(512 * MI, "ergonomics"),
	 CPUS(3, "ActiveProcessorCount"), GC("G1"), ISSUES("")},
	{"no CPU limit: the node's CPUs",
	 DEPLOY(IMAGE("eclipse-temurin:17") RES("cpu: 500m, memory: 2Gi", "memory: 2Gi")), NODE(0, 8000),
	 JAVA("image", 17), OPTS("", ""), HEAP(512 * MI, "ergonomics"), CPUS(8, "node"),
	 GC("G1"), ISSUES("")},
	{"no CPU limit on 11.0.16: the request (cpu shares)",
	 DEPLOY(IMAGE("eclipse-temurin:11.0.16_8-jre") RES("cpu: 1500m, memory: 2Gi", "memory: 2Gi")),
	 NODE(0, 8000),
	 JAVA("image", 11), OPTS("", ""), HEAP(512 * MI, "ergonomics"), CPUS(2, "requests.cpu"),
	 GC("G1"), ISSUES("")},
	{"no CPU limit on 11.0.17: the node again",
	 DEPLOY(IMAGE("eclipse-temurin:11.0.17_8-jre") RES("cpu: 500m, memory: 2Gi", "memory: 2Gi")),
	 NODE(0, 8000),
	 JAVA("image", 11), OPTS("", ""), HEAP(512 * MI, "ergonomics"), CPUS(8, "node"),
	 GC("G1"), ISSUES("")},

	/* ================= collector ergonomics ================= */
	{"1 CPU: Serial", DEPLOY(IMAGE("eclipse-temurin:17") LIM("cpu: 1, memory: 4Gi")),
	 JAVA("image", 17), OPTS("", ""), HEAP(GI, "ergonomics"), CPUS(1, "limits.cpu"),
	 GC("Serial"), .budget_total = 1216851476, ISSUES("")},
	{"2 CPUs and 2Gi: G1", DEPLOY(IMAGE("eclipse-temurin:17") LIM("cpu: 2, memory: 2Gi")),
	 JAVA("image", 17), OPTS("", ""), HEAP(512 * MI, "ergonomics"), CPUS(2, "limits.cpu"),
	 GC("G1"), .budget_total = 690717982, ISSUES("")},
	{"2 CPUs and 1Gi: Serial", DEPLOY(IMAGE("eclipse-temurin:17") LIM_1G),
	 JAVA("image", 17), OPTS("", ""), DEFAULT_1G, GC("Serial"), ISSUES("")},
	{"1792Mi is server class", DEPLOY(IMAGE("eclipse-temurin:17") LIM("cpu: 2, memory: 1792Mi")),
	 JAVA("image", 17), OPTS("", ""), HEAP(448 * MI, "ergonomics"), CPUS(2, "limits.cpu"),
	 GC("G1"), ISSUES("")},
	{"1791Mi is not", DEPLOY(IMAGE("eclipse-temurin:17") LIM("cpu: 2, memory: 1791Mi")),
	 JAVA("image", 17), OPTS("", ""), HEAP(469499904, "ergonomics"), CPUS(2, "limits.cpu"),
	 GC("Serial"), ISSUES("")},
	{"Java 8 server class: Parallel",
	 DEPLOY(IMAGE("openjdk:8u372-jre") LIM("cpu: 2, memory: 2Gi")),
	 JAVA("image", 8), OPTS("", ""), HEAP(512 * MI, "ergonomics"), CPUS(2, "limits.cpu"),
	 GC("Parallel"), .budget_total = 679980564, ISSUES("")},

	/* ================= real-world patterns ================= */
	{"heap equal to the limit",
	 DEPLOY(IMAGE("eclipse-temurin:17") CMD("[java, -Xms1g, -Xmx1g, -jar, app.jar]") LIM_1G),
	 JAVA("command", 17), OPTS("-Xms1g -Xmx1g", "CC"), HEAP(GI, "-Xmx"), CPUS(2, "limits.cpu"),
	 GC("Serial"), .budget_total = 1216851476, ISSUES("")},
	{"Spring Boot: java -XX:MaxRAMPercentage=75.0 -jar app.jar",
	 DEPLOY(IMAGE("eclipse-temurin:21-jre") CMD("[java, -XX:MaxRAMPercentage=75.0, -jar, app.jar]")
	        LIM("cpu: 2, memory: 2Gi")),
	 JAVA("command", 21), OPTS("-XX:MaxRAMPercentage=75.0", "C"),
	 HEAP(1536 * MI, "MaxRAMPercentage"), CPUS(2, "limits.cpu"), GC("G1"),
	 .budget_total = 1828884316, ISSUES("")},
	{"a percentage with no limit and no node",
	 DEPLOY(IMAGE("eclipse-temurin:21-jre") CMD("[java, -XX:MaxRAMPercentage=75.0, -jar, app.jar]")),
	 JAVA("command", 21), OPTS("-XX:MaxRAMPercentage=75.0", "C"), HEAP(-1, "unknown"),
	 CPUS(0, "unknown"), GC("G1"), ISSUES("")},
	{"a request only: the JVM sizes from nothing it can see",
	 DEPLOY(IMAGE("eclipse-temurin:17") REQ("cpu: 1, memory: 1Gi")), NODE(8 * GI, 4000),
	 JAVA("image", 17), OPTS("", ""), HEAP(2 * GI, "node-memory"), CPUS(4, "node"),
	 GC("G1"), ISSUES("")},

	/* ================= hostile input ================= */
	{"70 KiB of JAVA_TOOL_OPTIONS",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV "        - name: JAVA_TOOL_OPTIONS\n"
	        "          value: '@FILL@'\n" LIM_1G),
	 .fill = 70 * 1024, .fill_word = "-Dk=v ", .rc = HR_ELIMIT, .error_line = 12},
	{"4100 words of JAVA_TOOL_OPTIONS",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV "        - name: JAVA_TOOL_OPTIONS\n"
	        "          value: '@FILL@'\n" LIM_1G),
	 .fill = 4100 * 4, .fill_word = "-Da ", .rc = HR_ELIMIT, .error_line = 12},
	{"a 70 KiB sh -c script",
	 DEPLOY(IMAGE("eclipse-temurin:17") "        command:\n        - sh\n        - -c\n"
	        "        - 'exec java @FILL@ -jar app.jar'\n" LIM_1G),
	 .fill = 70 * 1024, .fill_word = "-Dk=v ", .rc = HR_ELIMIT, .error_line = 13},
	{"an unmatched quote in JAVA_TOOL_OPTIONS",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "\"-Xmx512m '-Dfoo=bar\"") LIM_1G),
	 /* line 11: "        - {name: JAVA_TOOL_OPTIONS, value: \"-Xmx512m '-Dfoo=bar\"}" */
	 JAVA("options", 17), OPTS("-Xmx512m", "T"), HEAP(512 * MI, "-Xmx"), CPUS(2, "limits.cpu"),
	 GC("Serial"), ISSUES("INVALID:unmatched quote@11:54")},
	{"quotes group a word in JAVA_TOOL_OPTIONS",
	 DEPLOY(IMAGE("eclipse-temurin:17")
	        ENV E("JAVA_TOOL_OPTIONS", "'-Dgreeting=\"hello world\" -Xmx300m'") LIM_1G),
	 JAVA("options", 17), OPTS("-Dgreeting=hello world -Xmx300m", "TT"), HEAP(300 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	{"newlines in a block value",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV "        - name: JAVA_TOOL_OPTIONS\n"
	        "          value: |\n            -Xms256m\n            -Xmx256m\n            -Xss1g1\n" LIM_1G),
	 /* the value spans lines: issues point at the scalar (line 12 col 18) */
	 JAVA("options", 17), OPTS("-Xms256m -Xmx256m -Xss1g1", "TTT"), HEAP(256 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("INVALID:Invalid thread stack size@12:18")},
	{"a tab between options",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "\"-Xms128m\\t-Xmx384m\"") LIM_1G),
	 JAVA("options", 17), OPTS("-Xms128m -Xmx384m", "TT"), HEAP(384 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
	/* Manifests cannot carry bytes that are not UTF-8 (the loader refuses
	 * them), so only a caller of the API can hand them over: the words
	 * before the first such byte are read, and nothing is made up about
	 * the rest (no "unmatched quote"). */
	{"invalid UTF-8 from an API caller stops the reading, quietly",
	 DEPLOY(IMAGE("eclipse-temurin:17") ENV E("JAVA_TOOL_OPTIONS", "x") LIM_1G),
	 .raw_env = "JAVA_TOOL_OPTIONS=-Xmx512m -Dname=caf\xe9 -Xss512k",
	 JAVA("options", 17), OPTS("-Xmx512m", "T"), HEAP(512 * MI, "-Xmx"),
	 CPUS(2, "limits.cpu"), GC("Serial"), ISSUES("")},
};

/* ---------------------------------------------------------------- */

static const char *origin_letters = "TJCEO";

static void join_options(const hr_jvm *jvm, char *texts, size_t tsize,
                         char *origins, size_t osize)
{
	size_t t = 0, o = 0;
	texts[0] = origins[0] = '\0';
	for (size_t i = 0; i < jvm->option_count; i++) {
		const hr_jvm_option *opt = &jvm->options[i];
		t += (size_t)snprintf(texts + t, t < tsize ? tsize - t : 0, "%s%s",
		                      i ? " " : "", opt->text);
		if (o + 1 < osize) {
			unsigned k = (unsigned)opt->origin;
			origins[o++] = k < 5 ? origin_letters[k] : '?';
			origins[o] = '\0';
		}
	}
}

static const char *kind_name(hr_jvm_issue_kind k)
{
	switch (k) {
	case HR_JVM_ISSUE_INVALID: return "INVALID";
	case HR_JVM_ISSUE_NOT_APPLIED: return "NOT_APPLIED";
	case HR_JVM_ISSUE_REMOVED: return "REMOVED";
	case HR_JVM_ISSUE_OBSOLETE: return "OBSOLETE";
	}
	return "?";
}

/* Compare the issues with "KIND:substring[@line:col]; ...".  Appends the
 * differences to why. */
static bool issues_match(const hr_jvm *jvm, const char *expect, char *why,
                         size_t size)
{
	size_t used = strlen(why);
	bool ok = true;
	char buf[2048];
	snprintf(buf, sizeof(buf), "%s", expect ? expect : "");
	size_t want = 0;
	char *save = NULL;
	for (char *item = strtok_r(buf, ";", &save); item;
	     item = strtok_r(NULL, ";", &save)) {
		while (*item == ' ')
			item++;
		if (!*item)
			continue;
		char *colon = strchr(item, ':');
		char *at = strrchr(item, '@');
		unsigned line = 0, col = 0;
		bool has_pos = at && sscanf(at + 1, "%u:%u", &line, &col) == 2;
		if (has_pos)
			*at = '\0';
		if (!colon) {
			ok = false;
			continue;
		}
		*colon = '\0';
		const char *kind = item, *sub = colon + 1;
		if (want >= jvm->issue_count) {
			used += (size_t)snprintf(why + used, used < size ? size - used : 0,
			                         "\n    missing issue %s:%s", kind, sub);
			ok = false;
			want++;
			continue;
		}
		const hr_jvm_issue *is = &jvm->issues[want++];
		bool same = strcmp(kind_name(is->kind), kind) == 0 &&
		            strstr(is->message, sub) != NULL &&
		            (!has_pos || (is->line == line && is->column == col &&
		                          is->file && strcmp(is->file, "test.yaml") == 0));
		if (!same) {
			used += (size_t)snprintf(why + used, used < size ? size - used : 0,
			                         "\n    issue %zu: want %s:%s@%u:%u, got %s:%s@%u:%u",
			                         want - 1, kind, sub, line, col,
			                         kind_name(is->kind), is->message, is->line,
			                         is->column);
			ok = false;
		}
	}
	for (size_t i = want; i < jvm->issue_count; i++) {
		used += (size_t)snprintf(why + used, used < size ? size - used : 0,
		                         "\n    extra issue %s:%s@%u:%u",
		                         kind_name(jvm->issues[i].kind), jvm->issues[i].message,
		                         jvm->issues[i].line, jvm->issues[i].column);
		ok = false;
	}
	return ok;
}

/* The row's manifest text, with @FILL@ expanded. */
static char *row_yaml(const jvm_case *c)
{
	if (!c->fill)
		return strdup(c->yaml);
	const char *mark = strstr(c->yaml, "@FILL@");
	assert_non_null(mark);
	size_t head = (size_t)(mark - c->yaml), tail = strlen(mark + 6);
	char *out = malloc(head + c->fill + tail + 1);
	memcpy(out, c->yaml, head);
	size_t wl = strlen(c->fill_word);
	for (size_t i = 0; i < c->fill; i++)
		out[head + i] = c->fill_word[i % wl];
	memcpy(out + head + c->fill, mark + 6, tail + 1);
	return out;
}

static const hr_container *find_container(const hr_model *m, const char *name)
{
	for (size_t w = 0; w < m->workload_count; w++)
		for (size_t i = 0; i < m->workloads[w].container_count; i++)
			if (strcmp(m->workloads[w].containers[i].name, name) == 0)
				return &m->workloads[w].containers[i];
	return NULL;
}

static int64_t bytes_of(const hr_resource_value *v)
{
	return v->set ? hr_quantity_value(&v->quantity) : -1;
}

static int64_t milli_of(const hr_resource_value *v)
{
	return v->set ? hr_quantity_milli(&v->quantity) : -1;
}

/* Run one row; true when everything matches.  why receives the
 * differences. */
static bool run_case(const jvm_case *c, char *why, size_t why_size)
{
	char why_buf[4096];
	why_buf[0] = '\0';
	size_t used = 0;
#define APPEND(...)                                                            \
	(used += (size_t)snprintf(why_buf + used,                              \
	                          used < sizeof(why_buf) ? sizeof(why_buf) - used : 0, \
	                          __VA_ARGS__))
	char *yaml = row_yaml(c);
	hr_manifests *set = NULL;
	hr_model *m = NULL;
	bool ok = true;
	if (load_text(yaml, &set) != HR_OK || hr_model_build(set, &m) != HR_OK) {
		APPEND("\n    manifest does not load: %s", hr_error_last()->message);
		ok = false;
		goto done;
	}
	const hr_container *found = find_container(m, c->container ? c->container : "app");
	if (!found) {
		APPEND("\n    no container");
		ok = false;
		goto done;
	}
	hr_container copy = *found;
	hr_env_var *env = NULL;
	if (c->raw_env) {
		const char *eq = strchr(c->raw_env, '=');
		env = calloc(copy.env_count ? copy.env_count : 1, sizeof(*env));
		memcpy(env, copy.env, copy.env_count * sizeof(*env));
		for (size_t i = 0; i < copy.env_count; i++)
			if (strlen(env[i].name) == (size_t)(eq - c->raw_env) &&
			    memcmp(env[i].name, c->raw_env, (size_t)(eq - c->raw_env)) == 0)
				env[i].value = eq + 1;
		copy.env = env;
	}
	const hr_resources *res = &copy.resources;
	hr_jvm_environment je = {
		.memory_limit = bytes_of(&res->limits[HR_RES_MEMORY]),
		.memory_request = bytes_of(&res->effective_requests[HR_RES_MEMORY]),
		.cpu_limit_milli = milli_of(&res->limits[HR_RES_CPU]),
		.cpu_request_milli = milli_of(&res->effective_requests[HR_RES_CPU]),
		.node_memory = c->node_memory,
		.node_cpu_milli = c->node_cpu_milli,
	};
	hr_jvm_defaults_init(&je.defaults);
	hr_jvm *jvm = (hr_jvm *)0x1; /* must be reset */
	hr_error_clear();
	int rc = hr_jvm_analyze(&copy, m->workloads[0].document->source, &je, &jvm);
	if (rc != c->rc) {
		APPEND("\n    rc %d, want %d (%s)", rc, c->rc, hr_error_last()->message);
		ok = false;
	}
	if (c->rc != HR_OK) {
		const hr_error *e = hr_error_last();
		if (jvm) {
			APPEND("\n    out not NULL on error");
			ok = false;
		}
		if (e->code != c->rc || !e->file || strcmp(e->file, "test.yaml") != 0 ||
		    e->line != c->error_line) {
			APPEND("\n    last error %d %s:%u, want %d test.yaml:%u (%s)", e->code,
			       e->file ? e->file : "(null)", e->line, c->rc, c->error_line,
			       e->message);
			ok = false;
		}
		hr_jvm_free(&jvm);
		free(env);
		goto done;
	}
	if (!c->java) {
		if (jvm) {
			APPEND("\n    recognised as Java (%s), want not", jvm->recognized_by);
			ok = false;
		}
		hr_jvm_free(&jvm);
		free(env);
		goto done;
	}
	if (!jvm) {
		APPEND("\n    not recognised as Java");
		ok = false;
		free(env);
		goto done;
	}
	char texts[2048], origins[64];
	join_options(jvm, texts, sizeof(texts), origins, sizeof(origins));
#define CHECK_STR(what, got, want)                                             \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		if (!g_ || !w_ || strcmp(g_, w_) != 0) {                       \
			APPEND("\n    %s: got \"%s\", want \"%s\"", what,    \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)");       \
			ok = false;                                            \
		}                                                              \
	} while (0)
#define CHECK_INT(what, got, want)                                             \
	do {                                                                   \
		long long g_ = (long long)(got), w_ = (long long)(want);       \
		if (g_ != w_) {                                                \
			APPEND("\n    %s: got %lld, want %lld", what, g_, w_); \
			ok = false;                                            \
		}                                                              \
	} while (0)
	CHECK_STR("recognized_by", jvm->recognized_by, c->recognized_by);
	CHECK_INT("jdk_feature", jvm->jdk_feature, c->jdk);
	CHECK_STR("options", texts, c->options);
	CHECK_STR("origins", origins, c->origins);
	CHECK_INT("max_heap", jvm->max_heap, c->max_heap);
	CHECK_STR("heap_source", hr_jvm_heap_source_name(jvm->heap_source), c->heap_source);
	CHECK_INT("cpus", jvm->cpus, c->cpus);
	CHECK_STR("cpus_source", jvm->cpus_source, c->cpus_source);
	CHECK_STR("gc", hr_jvm_gc_name(jvm->gc), c->gc);
	CHECK_INT("gc_explicit", jvm->gc_explicit, c->gc_explicit);
	if (jvm->gc_explicit && !jvm->gc_option) {
		APPEND("\n    gc_explicit without gc_option");
		ok = false;
	}
	CHECK_INT("budget_known", jvm->budget_known, c->max_heap >= 0);
	if (c->budget_total)
		CHECK_INT("budget.total", jvm->budget.total, c->budget_total);
	/* Every setting's option is one of the options. */
	for (int s = 0; s < HR_JVM_SETTING_COUNT; s++) {
		const hr_jvm_setting *st = &jvm->settings[s];
		if (st->set && (!st->option || st->option < jvm->options ||
		                st->option >= jvm->options + jvm->option_count)) {
			APPEND("\n    setting %d not tied to an option", s);
			ok = false;
		}
	}
	if (used >= sizeof(why_buf))
		used = sizeof(why_buf) - 1;
	if (!issues_match(jvm, c->issues, why_buf + used, sizeof(why_buf) - used))
		ok = false;
	used = strlen(why_buf);
	hr_jvm_free(&jvm);
	if (jvm) {
		APPEND("\n    hr_jvm_free did not reset the pointer");
		ok = false;
	}
	free(env);
done:
	hr_model_free(&m);
	hr_manifests_free(&set);
	free(yaml);
	snprintf(why, why_size, "%s", why_buf);
	return ok;
}

static void test_jvm_cases(void **state)
{
	(void)state;
	size_t n = sizeof(cases) / sizeof(cases[0]);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const jvm_case *c = &cases[i];
		char why[4096];
		if (!run_case(c, why, sizeof(why))) {
			printf("row %zu '%s':%s\n", i, c->name, why);
			bad++;
		}
	}
	printf("%zu rows, %d failed\n", n, bad);
	assert_int_equal(bad, 0);
}

/* The names of the enums, as messages and the report print them. */
static void test_names(void **state)
{
	(void)state;
	assert_string_equal(hr_jvm_origin_name(HR_JVM_ORIGIN_TOOL_OPTIONS), "JAVA_TOOL_OPTIONS");
	assert_string_equal(hr_jvm_origin_name(HR_JVM_ORIGIN_JDK_OPTIONS), "JDK_JAVA_OPTIONS");
	assert_string_equal(hr_jvm_origin_name(HR_JVM_ORIGIN_COMMAND), "command");
	assert_string_equal(hr_jvm_origin_name(HR_JVM_ORIGIN_ENTRYPOINT), "entrypoint");
	assert_string_equal(hr_jvm_origin_name(HR_JVM_ORIGIN_OVERRIDE), "_JAVA_OPTIONS");
	assert_string_equal(hr_jvm_gc_name(HR_GC_Z), "ZGC");
	assert_string_equal(hr_jvm_gc_name(HR_GC_SHENANDOAH), "Shenandoah");
	assert_string_equal(hr_jvm_heap_source_name(HR_HEAP_MAX_HEAP_SIZE), "-XX:MaxHeapSize");
	assert_string_equal(hr_jvm_heap_source_name(HR_HEAP_NODE_MEMORY), "node-memory");
	hr_jvm *none = NULL;
	hr_jvm_free(&none);
	hr_jvm_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jvm_cases),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
