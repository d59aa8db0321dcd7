/*
 * The JVM stage inside: sources -> grammar -> ergonomics -> budget.
 *
 *   option_sources.c  find the options (env, command/args, sh -c, $(VAR))
 *   option_grammar.c  HotSpot's option grammar: settings and bad options
 *   removed_options.c options a JDK release dropped
 *   ergonomics.c      max heap, CPUs and collector as the JVM decides them
 *   budget.c          the memory budget
 *   jvm.c             the public entry points
 */
#ifndef HR_JVM_INTERNAL_H
#define HR_JVM_INTERNAL_H

#include "headroom/jvm.h"
#include "jvm/java_image.h"
#include "util/arena.h"
#include "util/error_internal.h"

/* Growable arrays of the analysis, in its arena. */
typedef struct jvm_build {
	hr_arena *arena;
	const hr_container *container;
	const hr_source *src;
	const hr_jvm_environment *env;
	hr_jvm *jvm;
	hr_jvm_option *options;
	size_t option_count, option_cap;
	hr_jvm_issue *issues;
	size_t issue_count, issue_cap;
} jvm_build;

/* The container's options in the JVM's order; decides whether it runs a
 * JVM at all (*is_java).  HR_ELIMIT on texts beyond the bounds. */
int hr_jvm_collect_options(jvm_build *b, const hr_java_image *image,
                           bool *is_java);

/* A variable that carries JVM options (JAVA_TOOL_OPTIONS, JAVA_OPTS...). */
bool hr_jvm_options_var(const char *name);

/* Read every option into jvm->settings, the collector flags and issues. */
void hr_jvm_apply_grammar(jvm_build *b);

/* Options a JDK release removed: an issue when one is set. */
void hr_jvm_check_removed(jvm_build *b, const hr_jvm_option *o,
                          const char *flag, size_t flag_len);

/* Max heap, memory seen, CPUs and collector. */
void hr_jvm_apply_ergonomics(jvm_build *b);

/* The memory budget (needs the max heap). */
void hr_jvm_compute_budget(jvm_build *b);

/* An issue at an option (or at a node when option is NULL). */
hr_jvm_issue *hr_jvm_issue_at(jvm_build *b, hr_jvm_issue_kind kind,
                              const hr_jvm_option *option, const hr_node *node,
                              const char *fmt, ...) HR_PRINTF(5, 6);

/* HotSpot's size grammar (Arguments::atojulong): digits or 0x-hex with
 * at most one of k, m, g, t (either case).  False when text is not one,
 * or the value overflows. */
bool hr_jvm_parse_size(const char *text, size_t len, int64_t *out);

/* Whole CPUs for a CPU amount in millicores, rounded up as the JVM does
 * with a CFS quota; capped far above any node, so that hostile amounts
 * ("1Ei") stay in range. */
int hr_jvm_cpus_of_milli(int64_t milli);

/* Sizes the way the JVM's options write them: "512m", "1g", "1536k". */
const char *hr_jvm_format_size(hr_arena *arena, int64_t bytes);

/* The analysis for the evaluate stage, in the report's arena; *out NULL
 * for a container that runs no JVM. */
int hr_jvm_read(hr_arena *arena, const hr_container *c, const hr_source *src,
                const hr_jvm_environment *env, const hr_jvm **out);

#endif
