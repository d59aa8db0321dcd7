/*
 * libFuzzer harness for the load and model stages: YAML/JSON bytes in,
 * document trees and the workload model out.
 *
 * The input is one source, loaded with tighter limits than the defaults so
 * that the fuzzer spends its time on structure, not on size.  When it
 * loads, every node of every document is checked once (an alias is its
 * anchor's node, so shared nodes are not checked again), the model is
 * built and every field of it is read.  ASan and UBSan see every pointer
 * the library hands out.  The library's own cost is not bounded here
 * beyond libFuzzer's -timeout: run with -timeout=10 to catch hangs.
 *
 * Invariants (abort() when one breaks):
 *   - a failure returns HR_EINVALID, HR_ELIMIT or HR_ETEMPLATE, the same
 *     code as the last error, a non-empty message and this input's name;
 *   - a node's marks are 1-based and its byte offsets lie within the
 *     source, start before end; a scalar's text is NUL-terminated at its
 *     length;
 *   - hr_map_each() visits each effective key once, and hr_map_get() of
 *     that key returns the value it visited;
 *   - documents handed out are mappings with string apiVersion and kind;
 *   - the model's counts match its arrays, its links point into them, and
 *     hr_model_find() finds every workload by its identity;
 *   - hr_model_build() returns HR_EINVALID exactly when it lists errors.
 */
#include "headroom/document.h"
#include "headroom/error.h"
#include "headroom/manifests.h"
#include "headroom/model.h"
#include "headroom/quantity.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"


#define FUZZ_NAME "fuzz.yaml"

/* ---- document trees ---------------------------------------------------- */

/* Nodes already checked: an alias is the same node as its anchor, and
 * walking the expanded tree would repeat the checks of a shared node once
 * per path to it (exponentially many, for merge chains), so each node is
 * checked once per input. */
typedef struct node_set {
	const hr_node **slots;
	size_t cap, count;
} node_set;

static size_t node_hash(const hr_node *n, size_t mask)
{
	uint64_t h = (uint64_t)(uintptr_t)n;
	h ^= h >> 29;
	h *= UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(h >> 17) & mask;
}

/* True when n was not in the set (and is now). */
static bool node_set_add(node_set *s, const hr_node *n)
{
	if ((s->count + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		const hr_node **slots = calloc(cap, sizeof(*slots));
		check(slots != NULL);
		for (size_t i = 0; i < s->cap; i++) {
			const hr_node *old = s->slots[i];
			if (!old)
				continue;
			size_t j = node_hash(old, cap - 1);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = old;
		}
		free(s->slots);
		s->slots = slots;
		s->cap = cap;
	}
	size_t i = node_hash(n, s->cap - 1);
	while (s->slots[i]) {
		if (s->slots[i] == n)
			return false;
		i = (i + 1) & (s->cap - 1);
	}
	s->slots[i] = n;
	s->count++;
	return true;
}

typedef struct walk {
	const hr_source *src;
	node_set seen;
	size_t visited; /* distinct nodes */
} walk;

/* Every node comes from the input (1 MiB at most here); this is a
 * backstop against a loader that makes them up. */
#define WALK_MAX 4000000u
#define WALK_DEPTH_MAX 1000u

static void walk_node(walk *w, const hr_node *n, unsigned depth);

static void check_mark(const walk *w, const hr_mark *m)
{
	check(m->line >= 1);
	check(m->column >= 1);
	check(m->offset <= w->src->len);
}

static void check_positions(const walk *w, const hr_node *n)
{
	check_mark(w, &n->start);
	check(n->start.offset <= n->end_offset);
	check(n->end_offset <= w->src->len);
}

typedef struct each_ctx {
	const hr_node *map;
	size_t visits;
	size_t lookups; /* compare hr_map_get() for this many keys */
} each_ctx;

static int visit_pair(const hr_node *key, const hr_node *value, void *ctx)
{
	each_ctx *c = ctx;
	check(key != NULL && value != NULL);
	c->visits++;
	/* A lookup cannot name a key holding a NUL, and matches scalar keys
	 * only. */
	if (c->visits <= c->lookups && key->kind == HR_NODE_SCALAR &&
	    strlen(key->text) == key->len) {
		const hr_node *k = NULL;
		const hr_node *v = hr_map_get_pair(c->map, key->text, &k);
		check(v == value);
		check(k != NULL && k->kind == HR_NODE_SCALAR &&
		      k->len == key->len &&
		      memcmp(k->text, key->text,
		             key->len) == 0);
	}
	return 0;
}

static int stop_at_first(const hr_node *key, const hr_node *value, void *ctx)
{
	(void)key;
	(void)value;
	(*(size_t *)ctx)++;
	return 7;
}

static void walk_scalar(const hr_node *n)
{
	check(n->text != NULL);
	check(n->text[n->len] == '\0');
	touch(n->text, n->len);
	check(hr_node_text(n) == n->text);

	hr_scalar_type t = hr_scalar_resolve(n);
	check(t <= HR_TYPE_STRING);
	char buf[64];
	size_t len = 0;
	const char *s = hr_scalar_as_string(n, buf, sizeof(buf), &len);
	if (s) {
		check(t == HR_TYPE_STRING || t == HR_TYPE_INT || t == HR_TYPE_FLOAT);
		if (s == buf)
			check(len < sizeof(buf) && strlen(buf) == len);
		else
			check(s == n->text && len == n->len);
		touch(s, len);
	} else {
		check(t == HR_TYPE_NULL || t == HR_TYPE_BOOL ||
		      t == HR_TYPE_FLOAT || t == HR_TYPE_INT);
	}
	int64_t i;
	if (hr_scalar_as_int(n, &i))
		check(t == HR_TYPE_INT || t == HR_TYPE_FLOAT);
	bool truth;
	check(hr_scalar_as_bool(n, &truth) == (t == HR_TYPE_BOOL));

	/* Scalars are quantities in the model; try each one as such. */
	if (s && len < 256) {
		hr_quantity q;
		if (hr_quantity_parse(s, len, &q) == HR_OK) {
			char canon[HR_QUANTITY_STRING_MAX];
			size_t clen = hr_quantity_canonical(&q, s, len, canon,
			                                    sizeof(canon));
			check(clen < sizeof(canon));
			fuzz_sink += (uint64_t)hr_quantity_milli(&q);
		}
	}
}

static void walk_mapping(walk *w, const hr_node *n, unsigned depth)
{
	check(n->count == 0 || n->pairs != NULL);
	size_t effective_max = 0;
	for (size_t i = 0; i < n->count; i++) {
		const hr_pair *p = &n->pairs[i];
		check(p->key != NULL && p->value != NULL);
		effective_max += !hr_pair_shadowed(p);
		walk_node(w, p->key, depth + 1);
		walk_node(w, p->value, depth + 1);
	}

	/* A lookup through merges costs as much as the merged tree: compare
	 * a couple of keys of merged maps, more of plain ones. */
	bool merged = (n->flags & HR_NODE_HAS_MERGE);
	each_ctx c = {n, 0, merged ? 2 : 64};
	check(hr_map_each(n, visit_pair, &c) == 0);
	if (!(n->flags & HR_NODE_HAS_MERGE))
		check(c.visits == effective_max);
	size_t first = 0;
	int rc = hr_map_each(n, stop_at_first, &first);
	check(first <= 1 && (rc == 7) == (first == 1));
	check((first == 1) == (c.visits > 0));

	/* A key that cannot be present, and the standard ones. */
	check(hr_map_get(n, "\x01no such key\x02") == NULL);
	static const char *const keys[] = {"kind", "spec", "apiVersion",
		"metadata", "name", "<<", ""};
	size_t nkeys = merged ? 2 : sizeof(keys) / sizeof(keys[0]);
	for (size_t i = 0; i < nkeys; i++) {
		const hr_node *k = NULL;
		const hr_node *v = hr_map_get_pair(n, keys[i], &k);
		check((v == NULL) == (k == NULL));
		if (v)
			check(hr_node_is(k, keys[i]));
	}
}

static void walk_node(walk *w, const hr_node *n, unsigned depth)
{
	check(n != NULL);
	/* Syntax nesting is capped at 64, but aliases to deep nodes placed
	 * deep nest further; this walk stops rather than overflow its own
	 * stack. */
	if (depth > WALK_DEPTH_MAX || !node_set_add(&w->seen, n))
		return;
	if (++w->visited > WALK_MAX)
		abort();
	check_positions(w, n);
	touch_opt_str(hr_node_tag(n));
	switch (n->kind) {
	case HR_NODE_SCALAR:
		check(n->style == HR_SCALAR_PLAIN || n->style == HR_SCALAR_QUOTED);
		walk_scalar(n);
		break;
	case HR_NODE_SEQUENCE:
		check(n->count == 0 || n->items != NULL);
		check(hr_node_text(n) == NULL);
		check(hr_map_get(n, "kind") == NULL);
		for (size_t i = 0; i < n->count; i++)
			walk_node(w, n->items[i], depth + 1);
		break;
	case HR_NODE_MAPPING:
		check(hr_node_text(n) == NULL);
		walk_mapping(w, n, depth);
		break;
	default:
		abort();
	}
}

static bool is_string_field(const hr_node *map, const char *key)
{
	const hr_node *v = hr_map_get(map, key);
	return v && v->kind == HR_NODE_SCALAR &&
	       hr_scalar_resolve(v) == HR_TYPE_STRING;
}

static void walk_manifests(const hr_manifests *set)
{
	check(hr_manifests_source_count(set) == 1);
	check(hr_manifests_get(set, hr_manifests_count(set)) == NULL);
	const hr_source *src = NULL;
	walk w = {NULL, {NULL, 0, 0}, 0};
	for (size_t i = 0; i < hr_manifests_count(set); i++) {
		const hr_document *d = hr_manifests_get(set, i);
		check(d != NULL && d->source != NULL && d->root != NULL);
		if (!src) {
			src = d->source;
			check(strcmp(src->path, FUZZ_NAME) == 0);
			check(src->data[src->len] == '\0');
			touch(src->data, src->len);
		}
		check(d->source == src);
		check(d->root->kind == HR_NODE_MAPPING);
		check(is_string_field(d->root, "apiVersion"));
		check(is_string_field(d->root, "kind"));
		w.src = src;
		walk_node(&w, d->root, 0);
	}
	free(w.seen.slots);
	for (size_t i = 0; i < hr_manifests_duplicate_count(set); i++) {
		const hr_duplicate_key *dk = hr_manifests_duplicate(set, i);
		check(dk != NULL && dk->source != NULL);
		check(dk->first != NULL && dk->later != NULL);
		check(dk->document < hr_manifests_count(set));
		/* Keys may be aliases, so no order of positions is implied. */
		check(dk->first->kind == HR_NODE_SCALAR);
		check(dk->later->kind == HR_NODE_SCALAR);
		check(dk->first->len == dk->later->len);
		check(memcmp(dk->first->text, dk->later->text,
		             dk->first->len) == 0);
		touch(&dk->first->start, sizeof(dk->first->start));
	}
	check(hr_manifests_duplicate(set, hr_manifests_duplicate_count(set)) ==
	      NULL);
	fuzz_sink += hr_manifests_memory(set);
}

/* ---- the model --------------------------------------------------------- */

static void touch_node(const hr_node *n)
{
	if (n) {
		check(n->kind <= HR_NODE_MAPPING);
		touch(&n->start, sizeof(n->start));
	}
}

static void touch_kvs(const hr_kv *kv, size_t count)
{
	check(count == 0 || kv != NULL);
	for (size_t i = 0; i < count; i++) {
		touch_str(kv[i].key);
		touch_str(kv[i].value);
		touch_node(kv[i].node);
	}
}

static void touch_value(const hr_resource_value *v)
{
	if (!v->set)
		return;
	touch_str(v->text);
	touch_node(v->node);
	check(v->quantity.nano >= 0);
	char buf[HR_QUANTITY_STRING_MAX];
	size_t n = hr_quantity_exact(&v->quantity, buf, sizeof(buf));
	check(n < sizeof(buf) && strlen(buf) == n);
	n = hr_quantity_canonical(&v->quantity, v->text, strlen(v->text), buf,
	                          sizeof(buf));
	check(n < sizeof(buf) && strlen(buf) == n);
	fuzz_sink += (uint64_t)hr_quantity_value(&v->quantity);
	fuzz_sink += (uint64_t)hr_quantity_milli(&v->quantity);
	double d = hr_quantity_to_double(&v->quantity);
	check(d >= 0);
	touch(&d, sizeof(d));
}

static void touch_values(const hr_resource_value *v)
{
	for (int r = 0; r < HR_RES_COUNT; r++)
		touch_value(&v[r]);
}

static void touch_strings(const hr_strings *s)
{
	check(s->count == 0 || (s->items != NULL && s->nodes != NULL));
	for (size_t i = 0; i < s->count; i++) {
		touch_str(s->items[i]);
		touch_node(s->nodes[i]);
	}
	touch_node(s->node);
}

static void touch_container(const hr_container *c)
{
	touch_str(c->name);
	check(c->role <= HR_CONTAINER_SIDECAR);
	touch_opt_str(c->image);
	touch_strings(&c->command);
	touch_strings(&c->args);
	check(c->env_count == 0 || c->env != NULL);
	for (size_t i = 0; i < c->env_count; i++) {
		const hr_env_var *e = &c->env[i];
		touch_str(e->name);
		touch_opt_str(e->value);
		if (e->from_reference)
			check(e->value == NULL);
		touch_node(e->node);
	}
	fuzz_sink += c->env_from;
	const hr_resources *r = &c->resources;
	touch_values(r->requests);
	touch_values(r->limits);
	touch_values(r->effective_requests);
	for (int i = 0; i < HR_RES_COUNT; i++) {
		const hr_resource_value *e = &r->effective_requests[i];
		check(e->set == (r->requests[i].set || r->limits[i].set));
		if (e->from_limit)
			check(!r->requests[i].set && r->limits[i].set);
	}
	touch_node(r->node);
	touch_node(r->requests_node);
	touch_node(r->limits_node);
	touch_node(c->node);
}

static bool in_array(const void *p, const void *base, size_t count,
                     size_t size)
{
	const char *b = base, *q = p;
	return count && q >= b && q < b + count * size &&
	       (size_t)(q - b) % size == 0;
}

static void touch_workload(const hr_model *m, const hr_workload *w)
{
	check(w->kind < HR_KIND_COUNT);
	touch_str(w->kind_name);
	touch_str(w->api_version);
	touch_str(w->name);
	touch_str(w->namespace_);
	touch_kvs(w->labels, w->label_count);
	touch_kvs(w->annotations, w->annotation_count);
	touch_kvs(w->pod_labels, w->pod_label_count);
	touch_kvs(w->pod_annotations, w->pod_annotation_count);
	check(w->replicas >= 0);
	if (w->per_node)
		check(w->kind == HR_KIND_DAEMONSET);
	touch_node(w->replicas_node);
	check(w->container_count == 0 || w->containers != NULL);
	for (size_t i = 0; i < w->container_count; i++)
		touch_container(&w->containers[i]);
	for (int r = 0; r < HR_RES_COUNT; r++) {
		check(w->pod_requests[r].nano >= 0);
		check(w->pod_limits[r].nano >= 0);
		fuzz_sink += (uint64_t)w->pod_requests[r].nano;
		fuzz_sink += (uint64_t)w->pod_limits[r].nano;
		check(hr_resource_name((hr_resource)r) != NULL);
	}
	touch_str(hr_qos_name(w->qos));
	check(w->document != NULL && w->document->root != NULL);
	touch_node(w->pod_spec);
	if (w->template_owner) {
		check(w->kind == HR_KIND_ROLLOUT);
		check(in_array(w->template_owner, m->workloads, m->workload_count,
		               sizeof(*m->workloads)));
		check(w->template_owner != w);
	}
	if (w->hpa) {
		check(in_array(w->hpa, m->hpas, m->hpa_count, sizeof(*m->hpas)));
		check(w->hpa->target == w);
	}
	if (w->vpa) {
		check(in_array(w->vpa, m->vpas, m->vpa_count, sizeof(*m->vpas)));
		check(w->vpa->target == w);
	}
	check(w->pdb_count == 0 || w->pdbs != NULL);
	for (size_t i = 0; i < w->pdb_count; i++)
		check(in_array(w->pdbs[i], m->pdbs, m->pdb_count, sizeof(*m->pdbs)));

	/* The index keeps the first object of an identity. */
	const hr_workload *found = hr_model_find(m, w->kind_name, w->namespace_,
	                                         w->name);
	check(found != NULL);
	check(strcmp(found->kind_name, w->kind_name) == 0);
	check(strcmp(found->namespace_, w->namespace_) == 0);
	check(strcmp(found->name, w->name) == 0);
	check(found <= w);
}

static void touch_hpa(const hr_model *m, const hr_hpa *h)
{
	touch_str(h->name);
	touch_str(h->namespace_);
	touch_opt_str(h->target_kind);
	touch_opt_str(h->target_name);
	touch_node(h->min_node);
	touch_node(h->max_node);
	fuzz_sink += (uint64_t)h->min_replicas + (uint64_t)h->max_replicas;
	check(h->metric_count == 0 || h->metrics != NULL);
	for (size_t i = 0; i < h->metric_count; i++) {
		const hr_hpa_metric *x = &h->metrics[i];
		touch_str(x->type);
		touch_opt_str(x->resource);
		touch_opt_str(x->container);
		touch_opt_str(x->target_type);
		fuzz_sink += (uint64_t)x->average_utilization;
		touch_node(x->node);
	}
	check(h->document != NULL);
	if (h->target)
		check(in_array(h->target, m->workloads, m->workload_count,
		               sizeof(*m->workloads)));
}

static void touch_pdb(const hr_pdb *p)
{
	touch_str(p->name);
	touch_str(p->namespace_);
	touch_node(p->min_available);
	touch_node(p->max_unavailable);
	touch_kvs(p->match_labels, p->match_label_count);
	check(p->match_expression_count == 0 || p->match_expressions != NULL);
	for (size_t i = 0; i < p->match_expression_count; i++) {
		const hr_label_requirement *r = &p->match_expressions[i];
		touch_str(r->key);
		touch_str(r->op);
		check(r->value_count == 0 || r->values != NULL);
		for (size_t j = 0; j < r->value_count; j++)
			touch_str(r->values[j]);
	}
	fuzz_sink += p->selects_nothing;
	check(p->document != NULL);
}

static void touch_vpa(const hr_model *m, const hr_vpa *v)
{
	touch_str(v->name);
	touch_str(v->namespace_);
	touch_opt_str(v->target_kind);
	touch_opt_str(v->target_name);
	touch_opt_str(v->update_mode);
	touch_node(v->update_mode_node);
	check(v->recommendation_count == 0 || v->recommendations != NULL);
	for (size_t i = 0; i < v->recommendation_count; i++) {
		const hr_vpa_recommendation *r = &v->recommendations[i];
		touch_str(r->container);
		touch_values(r->target);
		touch_values(r->lower_bound);
		touch_values(r->upper_bound);
		touch_values(r->uncapped_target);
	}
	check(v->document != NULL);
	if (v->target)
		check(in_array(v->target, m->workloads, m->workload_count,
		               sizeof(*m->workloads)));
}

static void walk_model(const hr_model *m, int rc)
{
	check(rc == HR_OK || rc == HR_EINVALID);
	check((rc == HR_EINVALID) == (m->error_count > 0));
	size_t containers = 0;
	check(m->workload_count == 0 || m->workloads != NULL);
	for (size_t i = 0; i < m->workload_count; i++) {
		touch_workload(m, &m->workloads[i]);
		/* A Rollout shares its template owner's containers. */
		containers += m->workloads[i].container_count;
	}
	check(containers == m->container_count);
	check(m->hpa_count == 0 || m->hpas != NULL);
	for (size_t i = 0; i < m->hpa_count; i++)
		touch_hpa(m, &m->hpas[i]);
	check(m->pdb_count == 0 || m->pdbs != NULL);
	for (size_t i = 0; i < m->pdb_count; i++)
		touch_pdb(&m->pdbs[i]);
	check(m->vpa_count == 0 || m->vpas != NULL);
	for (size_t i = 0; i < m->vpa_count; i++)
		touch_vpa(m, &m->vpas[i]);
	check(m->error_count == 0 || m->errors != NULL);
	for (size_t i = 0; i < m->error_count; i++) {
		const hr_model_error *e = &m->errors[i];
		check(e->file != NULL && strcmp(e->file, FUZZ_NAME) == 0);
		check(e->message != NULL && e->message[0] != '\0');
		check(strlen(e->message) < 512);
		check(e->line >= 1);
		touch_str(e->message);
	}
	if (rc == HR_EINVALID) {
		const hr_error *err = hr_error_last();
		check(err->code == HR_EINVALID);
		check(err->message[0] != '\0');
	}
	check(hr_model_find(m, "Deployment", "\x01", "\x02") == NULL);
}

/* ---- the harness ------------------------------------------------------- */

static void check_load_failure(int rc)
{
	const hr_error *e = hr_error_last();
	check(rc == HR_EINVALID || rc == HR_ELIMIT || rc == HR_ETEMPLATE);
	check(e->code == rc);
	check(e->message != NULL && e->message[0] != '\0');
	check(strlen(e->message) < 1024);
	/* Errors about the input name it (whole-input limits have no line). */
	check(e->file != NULL && strcmp(e->file, FUZZ_NAME) == 0);
	touch_str(hr_error_code_name(rc));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hr_load_limits limits;
	hr_load_limits_default(&limits);
	limits.max_file_bytes = 1024 * 1024;
	limits.max_total_bytes = 2 * 1024 * 1024;
	limits.max_files = 4;
	limits.max_depth = 64;
	limits.max_expanded_nodes = 100000;

	hr_manifests *set = NULL;
	check(hr_manifests_new(&set, &limits) == HR_OK && set != NULL);
	hr_error_clear();
	int rc = hr_manifests_add_buffer(set, FUZZ_NAME, (const char *)data,
	                                 size);
	if (rc != HR_OK) {
		check_load_failure(rc);
		hr_manifests_free(&set);
		check(set == NULL);
		return 0;
	}
	walk_manifests(set);

	hr_model *model = NULL;
	rc = hr_model_build(set, &model);
	check(model != NULL);
	walk_model(model, rc);
	hr_model_free(&model);
	check(model == NULL);
	hr_manifests_free(&set);
	check(set == NULL);
	return 0;
}
