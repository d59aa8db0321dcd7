/*
 * headroom: the JVM layer (the "jvm" stage of the pipeline).
 *
 * For a Java container it reads the JVM options from everywhere the JVM
 * takes them (JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, the command line in
 * command/args, exec form or `sh -c`, with Kubernetes' $(VAR) expansion,
 * _JAVA_OPTIONS; JAVA_OPTS and its cousins where something passes them to
 * java), merges them in the JVM's order with the last setting winning, and
 * works out what the JVM will do inside this container: its max heap and
 * where that comes from, the CPUs it sizes its threads for, the collector
 * ergonomics pick, and a memory budget of everything besides the heap.
 *
 * The facts and their sources are in reference/jvm.md; the rules that judge
 * the result are in the rule catalog's "jvm" group.
 *
 * Ownership: an hr_jvm from hr_jvm_analyze() owns every option, issue and
 * string it points to, and borrows the container's nodes (the manifests
 * must outlive it); free it with hr_jvm_free().
 */
#ifndef HEADROOM_JVM_H
#define HEADROOM_JVM_H

#include "headroom/document.h"
#include "headroom/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Where an option was written, lowest priority first (the JVM's order). */
typedef enum hr_jvm_origin {
	HR_JVM_ORIGIN_TOOL_OPTIONS, /**< JAVA_TOOL_OPTIONS: every JVM reads it */
	HR_JVM_ORIGIN_JDK_OPTIONS,  /**< JDK_JAVA_OPTIONS: the launcher, JDK 9+ */
	HR_JVM_ORIGIN_COMMAND,      /**< the java command line (command/args) */
	/** JAVA_OPTS and the like with no visible java command: assumed to
	 *  be put on the command line by the image's entrypoint. */
	HR_JVM_ORIGIN_ENTRYPOINT,
	HR_JVM_ORIGIN_OVERRIDE,     /**< _JAVA_OPTIONS: read last, wins */
} hr_jvm_origin;

/** "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "command", "entrypoint",
 *  "_JAVA_OPTIONS". */
const char *hr_jvm_origin_name(hr_jvm_origin o);

/** One option as the JVM receives it. */
typedef struct hr_jvm_option {
	const char *text;
	hr_jvm_origin origin;
	/** Where it was written, for messages: "env JAVA_TOOL_OPTIONS",
	 *  "args[2]", "$JAVA_OPTS in command[2]". */
	const char *where;
	const hr_node *node;  /**< the scalar it was written in */
	const char *file;
	unsigned line, column; /**< of the option itself when the scalar
	                            shows it verbatim, else of the scalar */
} hr_jvm_option;

typedef enum hr_jvm_gc {
	HR_GC_SERIAL,
	HR_GC_PARALLEL,
	HR_GC_G1,
	HR_GC_Z,
	HR_GC_SHENANDOAH,
	HR_GC_EPSILON,
	HR_GC_CMS,
	HR_GC_COUNT
} hr_jvm_gc;

/** "Serial", "Parallel", "G1", "ZGC", "Shenandoah", "Epsilon", "CMS". */
const char *hr_jvm_gc_name(hr_jvm_gc gc);

/** Where the max heap comes from. */
typedef enum hr_jvm_heap_source {
	HR_HEAP_XMX,             /**< "-Xmx" */
	HR_HEAP_MAX_HEAP_SIZE,   /**< "-XX:MaxHeapSize" */
	HR_HEAP_RAM_PERCENTAGE,  /**< "MaxRAMPercentage" (or Min-, in the
	                              small-memory band) of the memory limit */
	HR_HEAP_ERGONOMICS,      /**< "ergonomics": defaults applied to the limit */
	HR_HEAP_MAX_RAM,         /**< "MaxRAM": sized from -XX:MaxRAM */
	HR_HEAP_NODE_MEMORY,     /**< "node-memory": no limit seen by the JVM */
	HR_HEAP_UNKNOWN,         /**< "unknown": no limit, node memory unknown */
} hr_jvm_heap_source;

const char *hr_jvm_heap_source_name(hr_jvm_heap_source s);

/** The settings headroom follows, each with the option that set it last. */
typedef enum hr_jvm_setting_id {
	HR_JVM_MAX_HEAP,          /**< bytes */
	HR_JVM_INITIAL_HEAP,      /**< bytes (-Xms, InitialHeapSize) */
	HR_JVM_NEW_SIZE,          /**< bytes (-Xmn) */
	HR_JVM_THREAD_STACK,      /**< bytes (-Xss, ThreadStackSize x 1K) */
	HR_JVM_MAX_RAM_PERCENTAGE,
	HR_JVM_MIN_RAM_PERCENTAGE,
	HR_JVM_INITIAL_RAM_PERCENTAGE,
	HR_JVM_MAX_RAM,           /**< bytes */
	HR_JVM_MAX_METASPACE,     /**< bytes */
	HR_JVM_CODE_CACHE,        /**< bytes (ReservedCodeCacheSize) */
	HR_JVM_MAX_DIRECT_MEMORY, /**< bytes */
	HR_JVM_ACTIVE_PROCESSORS,
	HR_JVM_PARALLEL_GC_THREADS,
	HR_JVM_CONC_GC_THREADS,
	HR_JVM_CI_COMPILER_COUNT,
	HR_JVM_CONTAINER_SUPPORT, /**< bool */
	HR_JVM_TIERED_COMPILATION, /**< bool */
	HR_JVM_GC_TUNING,         /**< a G1/ZGC/Shenandoah-only option was given */
	HR_JVM_SETTING_COUNT
} hr_jvm_setting_id;

typedef struct hr_jvm_setting {
	bool set;
	int64_t value;   /**< bytes, counts, 0/1 for booleans */
	double number;   /**< percentages */
	const hr_jvm_option *option; /**< the option that set it last */
} hr_jvm_setting;

/** What is wrong with the options themselves, found while reading them. */
typedef enum hr_jvm_issue_kind {
	/** The JVM (or the launcher) refuses it and does not start. */
	HR_JVM_ISSUE_INVALID,
	/** It never reaches the JVM (after the main class, JAVA_OPTS that
	 *  nothing passes on, several flags in one argument...). */
	HR_JVM_ISSUE_NOT_APPLIED,
	/** Removed from this JDK: "Unrecognized VM option", no start. */
	HR_JVM_ISSUE_REMOVED,
	/** Deprecated or ignored on this JDK, or removed on some JDKs while
	 *  the image does not say which one it runs. */
	HR_JVM_ISSUE_OBSOLETE,
} hr_jvm_issue_kind;

typedef struct hr_jvm_issue {
	hr_jvm_issue_kind kind;
	const char *message;        /**< one line, may quote the option */
	const char *file;
	unsigned line, column;
	const hr_jvm_option *option; /**< NULL when about no single option */
	const char *replacement;     /**< what to write instead, or NULL */
} hr_jvm_issue;

/** The memory a JVM commits, component by component, in bytes. */
typedef struct hr_jvm_budget {
	int64_t heap;
	int64_t metaspace;
	int64_t code_cache;
	int64_t threads;          /**< thread count assumed */
	int64_t thread_stack;     /**< bytes per thread */
	int64_t thread_stacks;    /**< threads x thread_stack */
	int64_t direct_memory;
	int64_t gc_overhead;
	int64_t other_native;
	int64_t non_heap;         /**< all but the heap */
	int64_t total;
} hr_jvm_budget;

/** Budget assumptions for what options do not say (profile `jvm:`). */
typedef struct hr_jvm_defaults {
	int64_t metaspace;        /**< bytes committed by a typical service */
	int64_t code_cache;
	int64_t threads;
	int64_t thread_stack;     /**< when -Xss is not given */
	int64_t direct_memory;    /**< when MaxDirectMemorySize is not given */
	int64_t other_native;
	/** Share of the heap the collector needs for itself; < 0: per
	 *  collector (G1 6%, Parallel 4%, Serial 2%, ZGC/Shenandoah 10%). */
	double gc_overhead;
} hr_jvm_defaults;

/** The calibrated defaults (see README "JVM memory budget"). */
void hr_jvm_defaults_init(hr_jvm_defaults *d);

/** What the JVM will see of its container and node. */
typedef struct hr_jvm_environment {
	int64_t memory_limit;     /**< bytes; -1 when the container has none */
	int64_t memory_request;   /**< bytes; -1 when none */
	int64_t cpu_limit_milli;  /**< -1 when none */
	int64_t cpu_request_milli; /**< -1 when none */
	int64_t node_memory;      /**< bytes; 0 unknown */
	int64_t node_cpu_milli;   /**< 0 unknown */
	hr_jvm_defaults defaults;
} hr_jvm_environment;

typedef struct hr_jvm {
	/** Why the container counts as Java: "command", "options", "image". */
	const char *recognized_by;
	/** Java feature release from the image (8, 11, 17, 21); 0 unknown. */
	int jdk_feature;
	int jdk_update;           /**< -1 unknown */
	bool openj9;              /**< Eclipse OpenJ9 / IBM Semeru */
	bool paketo;              /**< a Paketo/buildpacks image (BPL_* env) */
	/** The java command line is visible (command, or args on an image
	 *  without entrypoint); false: the image's entrypoint starts it. */
	bool command_visible;

	/** Every option in the JVM's order (lowest priority first). */
	const hr_jvm_option *options;
	size_t option_count;
	hr_jvm_setting settings[HR_JVM_SETTING_COUNT];

	/** Effective values.  -1 / 0 when they cannot be known. */
	int64_t max_heap;
	hr_jvm_heap_source heap_source;
	int64_t memory_seen;      /**< the memory the JVM sizes from; -1 unknown */
	int cpus;                 /**< CPUs the JVM sizes pools for; 0 unknown */
	const char *cpus_source;  /**< "ActiveProcessorCount", "limits.cpu",
	                               "requests.cpu", "node", "unknown" */
	hr_jvm_gc gc;
	bool gc_explicit;
	const hr_jvm_option *gc_option; /**< the option selecting it */
	bool budget_known;        /**< false when the heap is unknown */
	hr_jvm_budget budget;

	const hr_jvm_issue *issues;
	size_t issue_count;
} hr_jvm;

/**
 * Analyse one container.
 *
 * @param src   the manifest the container was read from, for positions
 * @param out   receives the analysis, or NULL when the container does not
 *              run a JVM; free it with hr_jvm_free()
 * @return HR_OK; HR_ELIMIT when an option text is beyond the bounds
 *         (64 KiB, 4096 words), with the last error set
 */
int hr_jvm_analyze(const hr_container *c, const hr_source *src,
                   const hr_jvm_environment *env, hr_jvm **out);

void hr_jvm_free(hr_jvm **jvm);

#ifdef __cplusplus
}
#endif

#endif
