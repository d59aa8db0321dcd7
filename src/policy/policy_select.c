/*
 * Using a loaded policy: the profile of a workload, the severity of a rule
 * under a profile, pattern matches, and freeing.
 */
#include "policy/policy_internal.h"

#include "util/alloc.h"
#include "util/error_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *hr_percentile_name(hr_percentile p)
{
	static const char *const names[HR_PERCENTILE_COUNT] = {
		[HR_P50] = "p50",
		[HR_P95] = "p95",
		[HR_P99] = "p99",
		[HR_PMAX] = "max",
	};
	return (unsigned)p < HR_PERCENTILE_COUNT ? names[p] : "?";
}

bool hr_policy_match(const hr_pattern *pattern, const char *subject)
{
	if (!pattern || !subject)
		return false;
	return hr_pattern_match(pattern, subject, strlen(subject)) ==
	       HR_MATCH_FOUND;
}

const hr_profile *hr_policy_profile(const hr_policy *policy, const char *name)
{
	if (!policy || !name)
		return NULL;
	for (size_t i = 0; i < policy->profile_count; i++)
		if (strcmp(policy->profiles[i].name, name) == 0)
			return &policy->profiles[i];
	return NULL;
}

static bool any_pattern(const hr_pattern *const *patterns, size_t count,
                        const char *subject)
{
	for (size_t i = 0; i < count; i++)
		if (hr_policy_match(patterns[i], subject))
			return true;
	return false;
}

/* "Any matching selector picks the profile": the criteria are
 * alternatives, and a profile without any never matches by selector. */
static bool selector_matches(const hr_selector *s, const hr_workload *w)
{
	if (w->namespace_ &&
	    any_pattern(s->namespaces, s->namespace_count, w->namespace_))
		return true;
	if (w->name && any_pattern(s->names, s->name_count, w->name))
		return true;
	for (size_t i = 0; w->kind_name && i < s->kind_count; i++)
		if (strcmp(s->kinds[i], w->kind_name) == 0)
			return true;
	for (size_t i = 0; i < s->label_count; i++)
		for (size_t j = 0; j < w->label_count; j++)
			if (strcmp(s->labels[i].key, w->labels[j].key) == 0 &&
			    strcmp(s->labels[i].value, w->labels[j].value) == 0)
				return true;
	return false;
}

static const hr_kv *find_kv(const hr_kv *kvs, size_t count, const char *key)
{
	for (size_t i = 0; i < count; i++)
		if (kvs[i].key && strcmp(kvs[i].key, key) == 0)
			return &kvs[i];
	return NULL;
}

/* The override annotation: on the workload, else on its pod template. */
static const hr_kv *find_override(const hr_policy *policy,
                                  const hr_workload *w)
{
	if (!policy->override_annotation)
		return NULL;
	const hr_kv *kv = find_kv(w->annotations, w->annotation_count,
	                          policy->override_annotation);
	if (!kv && w->pod_annotations != w->annotations)
		kv = find_kv(w->pod_annotations, w->pod_annotation_count,
		             policy->override_annotation);
	return kv;
}

int hr_policy_select(const hr_policy *policy, const hr_workload *w,
                     const hr_profile **out)
{
	*out = policy->default_profile;
	const hr_kv *kv = find_override(policy, w);
	if (kv) {
		const char *value = kv->value ? kv->value : "";
		const hr_profile *p = hr_policy_profile(policy, value);
		if (p) {
			*out = p;
			return HR_OK;
		}
		const hr_node *at = kv->node;
		if (!at && w->document)
			at = w->document->root;
		const char *file = w->document && w->document->source
		                           ? w->document->source->path
		                           : NULL;
		char quoted[120], names[400];
		size_t o = 0;
		names[0] = '\0';
		for (size_t i = 0; i < policy->profile_count && o < sizeof(names); i++) {
			int n = snprintf(names + o, sizeof(names) - o, "%s%s",
			                 i ? ", " : "", policy->profiles[i].name);
			if (n < 0)
				break;
			o += (size_t)n;
		}
		return hr_fail_at(HR_EINVALID, file, at ? at->start.line : 0,
		                  at ? at->start.column : 0,
		                  "annotation %s: %s names no profile of the "
		                  "policy; the profiles are: %s",
		                  policy->override_annotation,
		                  hr_policy_quote(quoted, sizeof(quoted), value,
		                                  strlen(value)),
		                  names);
	}
	for (size_t i = 0; i < policy->profile_count; i++)
		if (selector_matches(&policy->profiles[i].select, w)) {
			*out = &policy->profiles[i];
			return HR_OK;
		}
	return HR_OK;
}

static const hr_severity_override *find_override_severity(
        const hr_severity_override *list, size_t count, const char *rule)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(list[i].rule, rule) == 0)
			return &list[i];
	return NULL;
}

hr_severity hr_policy_severity(const hr_policy *policy,
                               const hr_profile *profile, const char *rule,
                               hr_severity catalog_default)
{
	hr_severity s = catalog_default;
	if (!rule)
		return s;
	const hr_severity_override *o;
	if (policy && (o = find_override_severity(policy->severities,
	                                          policy->severity_count, rule)))
		s = o->severity;
	if (profile && (o = find_override_severity(profile->severities,
	                                           profile->severity_count, rule)))
		s = o->severity;
	return s;
}

void hr_policy_free(hr_policy **policy)
{
	if (!policy || !*policy)
		return;
	hr_policy_impl *p = (hr_policy_impl *)(void *)*policy;
	for (size_t i = 0; i < p->pattern_count; i++)
		hr_pattern_free(p->patterns[i]);
	free(p->patterns);
	hr_strmap_dispose(&p->pattern_index);
	hr_arena_free(&p->arena);
	free(p);
	*policy = NULL;
}
