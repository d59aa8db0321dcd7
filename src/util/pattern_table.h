/*
 * Fixed pattern tables compiled once per process: the grammars headroom
 * itself writes (JVM options, shell words, image names), as opposed to the
 * patterns a policy file brings, which live with the policy.
 *
 * A table is compiled on first use, from any thread; the compiled patterns
 * are immutable and shared, and released when the process exits.
 *
 *   static const char *const texts[] = {"-Xmx(.*)", ...};
 *   static hr_pattern_table table = HR_PATTERN_TABLE(texts, false);
 *   const hr_pattern *p = hr_pattern_table_get(&table, 0);
 */
#ifndef HR_PATTERN_TABLE_H
#define HR_PATTERN_TABLE_H

#include "util/pattern.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct hr_pattern_table {
	const char *const *texts;
	size_t count;
	bool prefix;              /* hr_pattern_compile_prefix() for all */
	pthread_once_t once;
	hr_pattern **compiled;    /* NULL when some text did not compile */
	struct hr_pattern_table *next_compiled;
} hr_pattern_table;

#define HR_PATTERN_TABLE(texts, prefix)                                       \
	{(texts), sizeof(texts) / sizeof((texts)[0]), (prefix), PTHREAD_ONCE_INIT, \
	 NULL, NULL}

/**
 * Pattern i of the table, compiling the table first if needed.  NULL only
 * when a text of the table does not compile: a bug that every unit test
 * of the module using the table then shows.
 */
const hr_pattern *hr_pattern_table_get(hr_pattern_table *table, size_t i);

#endif
