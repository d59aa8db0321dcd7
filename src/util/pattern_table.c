#include "util/pattern_table.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

/* Every compiled table, so that the process leaves nothing behind at exit
 * (valgrind runs the end-to-end tests with every leak kind an error). */
static pthread_mutex_t compiled_lock = PTHREAD_MUTEX_INITIALIZER;
static hr_pattern_table *compiled_tables;

/* pthread_once() takes no argument: the table being compiled is handed
 * over in a thread-local. */
static _Thread_local hr_pattern_table *compiling;

static void compile_table(void)
{
	hr_pattern_table *t = compiling;
	hr_pattern **out = hr_xcalloc(t->count, sizeof(*out));
	for (size_t i = 0; i < t->count; i++) {
		size_t len = strlen(t->texts[i]);
		int rc = t->prefix ? hr_pattern_compile_prefix(t->texts[i], len, &out[i], NULL)
		                   : hr_pattern_compile(t->texts[i], len, &out[i], NULL);
		if (rc) {
			for (size_t j = 0; j < i; j++)
				hr_pattern_free(out[j]);
			free(out);
			return;
		}
		hr_pattern_jit(out[i]);
	}
	t->compiled = out;
	pthread_mutex_lock(&compiled_lock);
	t->next_compiled = compiled_tables;
	compiled_tables = t;
	pthread_mutex_unlock(&compiled_lock);
}

static bool ensure_compiled(hr_pattern_table *table)
{
	compiling = table;
	pthread_once(&table->once, compile_table);
	compiling = NULL;
	return table->compiled != NULL;
}

const hr_pattern *hr_pattern_table_get(hr_pattern_table *table, size_t i)
{
	if (i >= table->count || !ensure_compiled(table))
		return NULL;
	return table->compiled[i];
}

/* Runs when the process exits (or the program unloads the library). */
__attribute__((destructor)) static void free_compiled_tables(void)
{
	pthread_mutex_lock(&compiled_lock);
	for (hr_pattern_table *t = compiled_tables; t; t = t->next_compiled) {
		for (size_t i = 0; i < t->count; i++)
			hr_pattern_free(t->compiled[i]);
		free(t->compiled);
		t->compiled = NULL;
	}
	compiled_tables = NULL;
	pthread_mutex_unlock(&compiled_lock);
}
