/*
 * libFuzzer harness for the policy stage: `.headroom.yaml` bytes in, a
 * validated policy out; the same bytes also go through the waive
 * annotation parser.
 *
 * When the policy loads, every field it hands out is read, every pattern
 * is matched against subjects taken from the input (hostile patterns must
 * stop at PCRE2's limits, so libFuzzer's -timeout catches a missing
 * limit), every profile is selected through the override annotation and
 * through selectors, and every rule's severity is resolved under every
 * profile.  ASan and UBSan see every pointer the library hands out.
 *
 * Invariants (abort() when one breaks):
 *   - a failure returns HR_EINVALID, HR_ELIMIT or HR_ETEMPLATE, the same
 *     code as the last error, a non-empty message naming this input, and
 *     no policy;
 *   - a loaded policy has at least one profile, its default among them,
 *     unique profile names that hr_policy_profile() finds, values inside
 *     the ranges the loader enforces, rule ids of the catalog, valid
 *     waiver dates and non-empty texts;
 *   - the override annotation naming a profile selects it; naming none is
 *     HR_EINVALID positioned at the annotation, with the default chosen;
 *   - hr_policy_severity() returns a severity, the profile's own entry
 *     winning over the top level's, which wins over the catalog's;
 *   - a parsed waive annotation has at least one waiver, each with a
 *     catalog rule, a valid date and a non-empty reason.
 */
#include "headroom/error.h"
#include "headroom/policy.h"
#include "headroom/rules.h"
#include "policy/waive_annotation.h"
#include "util/arena.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"


#define FUZZ_NAME "fuzz.yaml"

static void check_finite_range(double v, double lo, double hi)
{
	check(isfinite(v));
	check(v >= lo - 1e-9 && v <= hi + 1e-9);
}

static void check_pos(const hr_policy_pos *pos, bool builtin)
{
	if (builtin)
		check(pos->file == NULL);
	else if (pos->file)
		check(strcmp(pos->file, FUZZ_NAME) == 0);
	check(pos->line >= 1 && pos->column >= 1);
}

static void check_overrides(const hr_severity_override *o, size_t n)
{
	check(n == 0 || o != NULL);
	for (size_t i = 0; i < n; i++) {
		touch_str(o[i].rule);
		check(hr_rule_find(o[i].rule) != NULL);
		check((unsigned)o[i].severity < HR_SEVERITY_COUNT);
		check(o[i].pos.line >= 1);
	}
}

/* Subjects from the input: its first bytes, NUL-terminated. */
typedef struct subjects {
	char head[128];
	char tail[128];
} subjects;

static void match_all(const hr_pattern *const *pats, size_t n,
                      const subjects *s)
{
	check(n == 0 || pats != NULL);
	for (size_t i = 0; i < n; i++) {
		check(pats[i] != NULL);
		fuzz_sink += hr_policy_match(pats[i], s->head);
		fuzz_sink += hr_policy_match(pats[i], s->tail);
		fuzz_sink += hr_policy_match(pats[i], "");
		fuzz_sink += hr_policy_match(pats[i], "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
	}
}

static void check_profile(const hr_policy *p, const hr_profile *pr,
                          const subjects *s)
{
	touch_str(pr->name);
	check(pr->name[0] != '\0' && strlen(pr->name) <= 63);
	check(hr_policy_profile(p, pr->name) == pr);
	if (pr->pos.line)
		check_pos(&pr->pos, false);
	const hr_selector *sel = &pr->select;
	match_all(sel->namespaces, sel->namespace_count, s);
	match_all(sel->names, sel->name_count, s);
	check(sel->kind_count == 0 || sel->kinds != NULL);
	for (size_t i = 0; i < sel->kind_count; i++)
		touch_str(sel->kinds[i]);
	check(sel->label_count == 0 || sel->labels != NULL);
	for (size_t i = 0; i < sel->label_count; i++) {
		touch_str(sel->labels[i].key);
		touch_str(sel->labels[i].value);
	}
	check((unsigned)pr->memory.request <= HR_REQ_REQUIRED);
	check((unsigned)pr->memory.limit <= HR_REQ_REQUIRED);
	check((unsigned)pr->cpu.request <= HR_REQ_REQUIRED);
	check((unsigned)pr->cpu.limit <= HR_REQ_FORBIDDEN);
	check((unsigned)pr->memory.request_percentile < HR_PERCENTILE_COUNT);
	check((unsigned)pr->cpu.request_percentile < HR_PERCENTILE_COUNT);
	check((unsigned)pr->cpu.limit_percentile < HR_PERCENTILE_COUNT);
	touch_str(hr_percentile_name(pr->cpu.limit_percentile));
	check_finite_range(pr->memory.limit_headroom, 0, 10);
	check(pr->cpu.max_limit_ratio == 0 ||
	      (pr->cpu.max_limit_ratio >= 1 && pr->cpu.max_limit_ratio <= 1000));
	check_finite_range(pr->change.max_decrease, 0, 1);
	check(pr->replicas.min >= 0 && pr->replicas.min <= 100000);
	check_finite_range(pr->jvm.max_heap_fraction, 0.01, 1);
	check_finite_range(pr->waste.max_over_recommendation, 0, 10);
	check_finite_range(pr->waste.min_monthly, 0, 1e12);
	check(pr->on_missing_data == HR_SEVERITY_INFO ||
	      pr->on_missing_data == HR_SEVERITY_WARN ||
	      pr->on_missing_data == HR_SEVERITY_FAIL);
	check_overrides(pr->severities, pr->severity_count);
}

/* A workload with no manifest behind it, annotated as the test wants. */
typedef struct fake_workload {
	hr_source source;
	hr_node root;
	hr_document doc;
	hr_node value;
	hr_kv annotation;
	hr_kv label;
	hr_workload w;
} fake_workload;

static void fake_init(fake_workload *f, const subjects *s)
{
	memset(f, 0, sizeof(*f));
	f->source = (hr_source){"manifest.yaml", "", 0};
	f->root.kind = HR_NODE_MAPPING;
	f->root.start = (hr_mark){1, 1, 0};
	f->doc = (hr_document){&f->source, &f->root, 0};
	f->value.kind = HR_NODE_SCALAR;
	f->value.start = (hr_mark){7, 9, 0};
	f->value.text = "";
	f->label = (hr_kv){"tier", s->tail, &f->value};
	f->w.kind = HR_KIND_DEPLOYMENT;
	f->w.kind_name = "Deployment";
	f->w.name = s->head;
	f->w.namespace_ = s->tail;
	f->w.labels = &f->label;
	f->w.label_count = 1;
	f->w.document = &f->doc;
}

static void check_selection(const hr_policy *p, const subjects *s)
{
	fake_workload f;
	fake_init(&f, s);
	const hr_profile *got = NULL;
	/* Selectors only. */
	check(hr_policy_select(p, &f.w, &got) == HR_OK);
	check(got >= p->profiles && got < p->profiles + p->profile_count);
	/* Kinds: a Job goes to a profile too. */
	f.w.kind_name = "Job";
	check(hr_policy_select(p, &f.w, &got) == HR_OK && got != NULL);

	/* The annotation names each profile in turn. */
	f.w.annotations = &f.annotation;
	f.w.annotation_count = 1;
	f.w.pod_annotations = f.w.annotations;
	f.w.pod_annotation_count = 1;
	for (size_t i = 0; i < p->profile_count; i++) {
		f.annotation = (hr_kv){p->override_annotation, p->profiles[i].name,
		                       &f.value};
		check(hr_policy_select(p, &f.w, &got) == HR_OK);
		check(got == &p->profiles[i]);
	}
	f.annotation = (hr_kv){p->override_annotation, "\x01no such profile",
	                       &f.value};
	hr_error_clear();
	check(hr_policy_select(p, &f.w, &got) == HR_EINVALID);
	check(got == p->default_profile);
	const hr_error *e = hr_error_last();
	check(e->code == HR_EINVALID && e->line == 7 && e->column == 9);
	check(e->file && strcmp(e->file, "manifest.yaml") == 0);
}

static void check_severities(const hr_policy *p)
{
	for (size_t r = 0; r < hr_rule_count(); r++) {
		const hr_rule_info *rule = hr_rule_at(r);
		hr_severity top = hr_policy_severity(p, NULL, rule->id,
		                                     rule->default_severity);
		check((unsigned)top < HR_SEVERITY_COUNT);
		for (size_t i = 0; i < p->profile_count; i++) {
			const hr_profile *pr = &p->profiles[i];
			hr_severity s = hr_policy_severity(p, pr, rule->id,
			                                   rule->default_severity);
			check((unsigned)s < HR_SEVERITY_COUNT);
			bool own = false;
			for (size_t k = 0; k < pr->severity_count; k++)
				if (strcmp(pr->severities[k].rule, rule->id) == 0) {
					check(s == pr->severities[k].severity);
					own = true;
				}
			if (!own)
				check(s == top);
		}
	}
}

static void walk_policy(const hr_policy *p, const subjects *s)
{
	check(p->source != NULL && strcmp(p->source, FUZZ_NAME) == 0);
	check(p->profile_count >= 1 && p->profiles != NULL);
	check(p->default_profile >= p->profiles &&
	      p->default_profile < p->profiles + p->profile_count);
	for (size_t i = 0; i < p->profile_count; i++)
		check_profile(p, &p->profiles[i], s);
	touch_str(p->override_annotation);
	touch_str(p->waive_annotation);
	check_overrides(p->severities, p->severity_count);
	check(p->waiver_count == 0 || p->waivers != NULL);
	for (size_t i = 0; i < p->waiver_count; i++) {
		const hr_waiver *w = &p->waivers[i];
		check(w->workload != NULL);
		touch_str(w->workload_text);
		fuzz_sink += hr_policy_match(w->workload, s->head);
		fuzz_sink += hr_policy_match(w->workload, "shop/Deployment/cart");
		check(hr_rule_find(w->rule) != NULL);
		if (w->container)
			touch_str(w->container);
		check(w->reason[0] && w->owner[0]);
		check(hr_date_valid(w->expires));
		int64_t end = hr_date_end_unix(w->expires);
		check(((end % 86400) + 86400) % 86400 == 86399);
		check_pos(&w->pos, false);
	}
	touch_str(p->pricing.currency);
	check(strlen(p->pricing.currency) == 3);
	check_finite_range(p->pricing.cpu_core_hour, 0, 1e6);
	check_finite_range(p->pricing.memory_gib_hour, 0, 1e6);
	check_finite_range(p->pricing.hours_per_month, 1, 744);
	check(p->node_cpu_milli >= 0 && p->node_memory_bytes >= 0);
	check(p->min_samples >= 0);
	check_finite_range(p->min_coverage, 0, 1);
	check_selection(p, s);
	check_severities(p);
}

static void fuzz_waive_annotation(const uint8_t *data, size_t size)
{
	hr_arena arena = HR_ARENA_INIT;
	const hr_annotation_waiver *w = NULL;
	size_t count = 0;
	/* Annotation values are at most 256 KiB in Kubernetes. */
	size_t len = size > 262144 ? 262144 : size;
	int rc = hr_waive_annotation_parse((const char *)data, len, &arena, &w,
	                                   &count);
	if (rc == HR_OK) {
		check(count >= 1 && w != NULL);
		for (size_t i = 0; i < count; i++) {
			check(hr_rule_find(w[i].rule) != NULL);
			check(hr_date_valid(w[i].expires));
			/* The last second of a day, before 1970 too. */
			int64_t end = hr_date_end_unix(w[i].expires);
			check(((end % 86400) + 86400) % 86400 == 86399);
			check(w[i].reason[0] != '\0');
		}
	} else {
		check(rc == HR_EINVALID && count == 0 && w == NULL);
		check(hr_error_last()->code == HR_EINVALID);
		check(hr_error_last()->message[0] != '\0');
	}
	hr_arena_free(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	subjects s;
	size_t n = size < sizeof(s.head) - 1 ? size : sizeof(s.head) - 1;
	memcpy(s.head, data, n);
	s.head[n] = '\0';
	memcpy(s.tail, data + size - n, n);
	s.tail[n] = '\0';

	hr_policy *p = (hr_policy *)&s; /* must be reset */
	hr_error_clear();
	int rc = hr_policy_load_text(FUZZ_NAME, (const char *)data, size, &p);
	if (rc != HR_OK) {
		const hr_error *e = hr_error_last();
		check(p == NULL);
		check(rc == HR_EINVALID || rc == HR_ELIMIT || rc == HR_ETEMPLATE);
		check(e->code == rc);
		check(e->message[0] != '\0' && strlen(e->message) < 1024);
		check(e->file != NULL && strcmp(e->file, FUZZ_NAME) == 0);
	} else {
		check(p != NULL);
		walk_policy(p, &s);
		hr_policy_free(&p);
		check(p == NULL);
	}
	fuzz_waive_annotation(data, size);
	return 0;
}
