/*
 * Rules about the manifest text itself.
 */
#include "evaluate/evaluate_internal.h"

#include "util/alloc.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool node_contains(const hr_node *outer, const hr_node *inner)
{
	return outer && inner->start.offset >= outer->start.offset &&
	       inner->start.offset < outer->end_offset;
}

static const hr_container *container_at(const hr_workload *w,
                                        const hr_node *key)
{
	for (size_t i = 0; w && i < w->container_count; i++)
		if (node_contains(w->containers[i].node, key))
			return &w->containers[i];
	return NULL;
}

void hr_check_duplicate_keys(eval_ctx *ctx, const hr_rule_info *rule)
{
	size_t n = hr_manifests_duplicate_count(ctx->manifests);
	if (!n)
		return;
	/* Which workload a document holds: keyed by the document's address. */
	hr_strmap by_doc = HR_STRMAP_INIT;
	for (size_t i = 0; i < ctx->model->workload_count; i++) {
		const hr_workload *w = &ctx->model->workloads[i];
		hr_strmap_put(&by_doc, (const char *)&w->document, sizeof(w->document),
		              (void *)w);
	}
	for (size_t i = 0; i < n; i++) {
		const hr_duplicate_key *d = hr_manifests_duplicate(ctx->manifests, i);
		const hr_document *doc = hr_manifests_get(ctx->manifests, d->document);
		const hr_workload *w = hr_strmap_get(&by_doc, (const char *)&doc,
		                                     sizeof(doc));
		const char *key = hr_node_text(d->later);
		unsigned first = d->first->start.line, later = d->later->start.line;
		char where[96];
		if (first == later)
			snprintf(where, sizeof(where), "twice on line %u, columns %u and %u",
			         later, d->first->start.column, d->later->start.column);
		else
			snprintf(where, sizeof(where), "lines %u and %u", first, later);
		hr_finding *f = hr_emit(ctx, rule, d->source, d->later, w,
		                        container_at(w, d->later),
		                        "key \"%.80s\" is set twice in this mapping "
		                        "(%s); the cluster uses the later one",
		                        key, where);
		hr_evidence_string(ctx, f, "key", key);
		hr_evidence_int(ctx, f, "first_line", d->first->start.line);
		hr_evidence_int(ctx, f, "used_line", d->later->start.line);
	}
	hr_strmap_dispose(&by_doc);
}
