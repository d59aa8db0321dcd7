/*
 * libFuzzer harness for the JVM layer: the input is cut at newlines into
 * the strings a PR author controls in a Java container (JAVA_TOOL_OPTIONS,
 * JAVA_OPTS, a `sh -c` script, an args element, the image, the memory and
 * CPU limits), written into a manifest (as JSON, which the loader reads
 * as YAML) and analysed.
 *
 * Invariants (abort() when one breaks):
 *   - hr_jvm_analyze() returns HR_OK, or HR_ELIMIT with a message;
 *   - every option and issue sits inside the manifest (line 1..lines);
 *   - effective values are consistent: a known budget's total is its heap
 *     plus its non-heap parts, CPUs are never negative, the collector is
 *     one of the catalog's;
 *   - messages are non-empty and short.
 */
#include "headroom/headroom.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"


enum { F_TOOL, F_OPTS, F_SCRIPT, F_ARG, F_IMAGE, F_MEMORY, F_CPU, F_COUNT };

static json_t *text(const char *s, size_t len)
{
	json_t *v = json_stringn_nocheck(s, len);
	check(v != NULL);
	return v;
}

static char *manifest(const char *const *field, const size_t *len)
{
	json_t *env = json_pack("[{s:s,s:o},{s:s,s:o}]",
	                        "name", "JAVA_TOOL_OPTIONS", "value",
	                        text(field[F_TOOL], len[F_TOOL]),
	                        "name", "JAVA_OPTS", "value",
	                        text(field[F_OPTS], len[F_OPTS]));
	json_t *container = json_pack(
	        "{s:s,s:o,s:[s,s,o],s:[o],s:o,s:{s:{s:o,s:o}}}", "name", "app",
	        "image", text(field[F_IMAGE], len[F_IMAGE]),
	        "command", "sh", "-c", text(field[F_SCRIPT], len[F_SCRIPT]),
	        "args", text(field[F_ARG], len[F_ARG]), "env", env,
	        "resources", "limits", "memory", text(field[F_MEMORY], len[F_MEMORY]),
	        "cpu", text(field[F_CPU], len[F_CPU]));
	json_t *doc = json_pack("{s:s,s:s,s:{s:s},s:{s:{s:{s:[o]}}}}",
	                        "apiVersion", "apps/v1", "kind", "Deployment",
	                        "metadata", "name", "fuzz", "spec", "template",
	                        "spec", "containers", container);
	check(doc != NULL);
	/* NULL when a field is not UTF-8. */
	char *out = json_dumps(doc, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	json_decref(doc);
	return out;
}

static void check_position(const char *file, unsigned line, unsigned lines)
{
	check(file != NULL);
	check(line >= 1 && line <= lines);
}

static void check_jvm(const hr_jvm *jvm, unsigned lines)
{
	for (size_t i = 0; i < jvm->option_count; i++)
		check_position(jvm->options[i].file, jvm->options[i].line, lines);
	for (size_t i = 0; i < jvm->issue_count; i++) {
		const hr_jvm_issue *issue = &jvm->issues[i];
		check_position(issue->file, issue->line, lines);
		size_t n = strlen(issue->message);
		check(n > 0 && n < 512);
	}
	check(jvm->cpus >= 0);
	check((unsigned)jvm->gc < HR_GC_COUNT);
	if (jvm->budget_known) {
		const hr_jvm_budget *b = &jvm->budget;
		check(b->heap >= 0 && b->non_heap >= 0 && b->total >= b->heap);
		check(b->total == INT64_MAX || b->total == b->heap + b->non_heap);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *field[F_COUNT] = {"", "", "", "", "", "", ""};
	size_t len[F_COUNT] = {0};
	const char *p = (const char *)data, *end = p + size;
	for (int f = 0; f < F_COUNT && p <= end; f++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = f == F_COUNT - 1 || !nl ? end : nl;
		field[f] = p;
		len[f] = (size_t)(stop - p);
		p = stop + 1;
	}
	char *text_manifest = manifest(field, len);
	if (!text_manifest)
		return 0; /* not UTF-8: no manifest can hold it (the loader
		             refuses such bytes, see fuzz_loader) */
	unsigned lines = 1;
	for (const char *c = text_manifest; *c; c++)
		lines += *c == '\n';

	hr_manifests *set = NULL;
	check(hr_manifests_new(&set, NULL) == HR_OK);
	int rc = hr_manifests_add_buffer(set, "fuzz.json", text_manifest,
	                                 strlen(text_manifest));
	hr_model *model = NULL;
	if (rc == HR_OK && hr_model_build(set, &model) == HR_OK &&
	    model->workload_count == 1 && model->workloads[0].container_count == 1) {
		const hr_workload *w = &model->workloads[0];
		const hr_container *c = &w->containers[0];
		hr_jvm_environment env = {
			.memory_limit = c->resources.limits[HR_RES_MEMORY].set
			                        ? hr_quantity_value(&c->resources.limits[HR_RES_MEMORY].quantity)
			                        : -1,
			.memory_request = -1,
			.cpu_limit_milli = c->resources.limits[HR_RES_CPU].set
			                           ? hr_quantity_milli(&c->resources.limits[HR_RES_CPU].quantity)
			                           : -1,
			.cpu_request_milli = -1,
			.node_memory = (int64_t)64 << 30,
			.node_cpu_milli = 16000,
		};
		hr_jvm_defaults_init(&env.defaults);
		hr_jvm *jvm = NULL;
		rc = hr_jvm_analyze(c, w->document->source, &env, &jvm);
		if (rc != HR_OK) {
			check(rc == HR_ELIMIT && jvm == NULL);
			check(hr_error_last()->message[0] != '\0');
		} else if (jvm) {
			check_jvm(jvm, lines);
		}
		hr_jvm_free(&jvm);
	}
	hr_model_free(&model);
	hr_manifests_free(&set);
	free(text_manifest);
	return 0;
}
