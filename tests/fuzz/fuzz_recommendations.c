/*
 * libFuzzer harness for the recs stage: bytes in as a recommendations
 * file of any format (detection picks headroom JSON, KRR JSON or VPA
 * objects, so one harness reaches every reader), a set of workloads and
 * containers out.  The corpus holds inputs of each format.
 *
 * The input is read twice into one set: the second read of the same bytes
 * must behave exactly as the first (a later file replaces an earlier one
 * entry by entry, so the set keeps the same identities).  It is also read
 * as a stream in small chunks (files are read that way), which must give
 * the same outcome to the byte: the same error at the same place, or the
 * same entries with the same values.  ASan and UBSan
 * see every pointer the library hands out.  Run with -timeout=10 to catch
 * hangs: every step is linear in the input.
 *
 * Invariants (abort() when one breaks):
 *   - a failure returns HR_EINVALID or HR_ELIMIT, the same code as the last
 *     error, a message without control characters, this input's name, and
 *     a 1-based line and column; the set is left unchanged;
 *   - every workload indexed is found again by its identity, and each of
 *     its containers by its identity and name, at the same address;
 *   - the counts of the index match the arrays it points into;
 *   - every value is in its documented range (-1 meaning absent),
 *     percentiles present never decrease, recommended quantities are not
 *     negative and parse again from their text to the same value;
 *   - the window, when given, is digits then one of s m h d w;
 *   - reading from a buffer and from a stream agree.
 */
#include "headroom/error.h"
#include "headroom/quantity.h"
#include "headroom/recommendations.h"
#include "recs/recs_internal.h"

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"


#define FUZZ_NAME "fuzz.json"

static void check_failure(int rc)
{
	const hr_error *e = hr_error_last();
	/* HR_ETEMPLATE: VPA YAML that is an unrendered template. */
	check(rc == HR_EINVALID || rc == HR_ELIMIT || rc == HR_ETEMPLATE);
	check(e->code == rc);
	check(e->message != NULL && e->message[0] != '\0');
	check(strlen(e->message) < 1024);
	/* Hostile text is escaped before it reaches a message. */
	for (const unsigned char *p = (const unsigned char *)e->message; *p;
	     p++)
		check(*p >= 0x20 && *p != 0x7F);
	check(e->file != NULL && strcmp(e->file, FUZZ_NAME) == 0);
	check(e->line >= 1 && e->column >= 1);
	touch_str(hr_error_code_name(rc));
}

static void check_stats(const hr_usage_stats *s)
{
	double prev = -1;
	for (int p = 0; p < HR_PERCENTILE_COUNT; p++) {
		if (!s->has[p])
			continue;
		check(s->present);
		check(isfinite(s->value[p]) && s->value[p] >= 0);
		check(s->value[p] >= prev);
		prev = s->value[p];
	}
}

static void check_value(const hr_recommended_value *v, hr_recs_source source)
{
	if (!v->set)
		return;
	if (!v->text) { /* shown rounded: KRR and VPA only */
		check(source != HR_RECS_SOURCE_HEADROOM && v->quantity.nano >= 0);
		return;
	}
	touch_str(v->text);
	check(v->quantity.nano >= 0);
	hr_quantity again;
	check(hr_quantity_parse(v->text, strlen(v->text), &again) == HR_OK);
	check(again.nano == v->quantity.nano);
	char buf[HR_QUANTITY_STRING_MAX];
	size_t n = hr_quantity_canonical(&v->quantity, v->text, strlen(v->text),
	                                 buf, sizeof(buf));
	check(n < sizeof(buf) && strlen(buf) == n);
	fuzz_sink += (uint64_t)hr_quantity_milli(&v->quantity);
}

static void check_container(const hr_recommendations *set,
                            const hr_workload_usage *w,
                            const hr_container_usage *u)
{
	touch_str(u->name);
	check(u->name[0] != '\0');
	check(u->samples >= -1);
	check(u->oom_kills >= -1);
	check(u->coverage == -1 || (u->coverage >= 0 && u->coverage <= 1));
	check(u->cpu_throttled_ratio == -1 ||
	      (u->cpu_throttled_ratio >= 0 && u->cpu_throttled_ratio <= 1));
	check(u->jvm_heap_used_max == -1 ||
	      (isfinite(u->jvm_heap_used_max) && u->jvm_heap_used_max >= 0));
	check_stats(&u->cpu);
	check_stats(&u->memory);
	for (int r = 0; r < HR_RES_COUNT; r++) {
		check_value(&u->requests[r], u->source);
		check_value(&u->limits[r], u->source);
	}
	/* Other sources say what they lack, and what they state. */
	check((u->source == HR_RECS_SOURCE_HEADROOM) == (u->lacks == NULL));
	check(u->method != NULL);
	for (size_t i = 0; i < u->method->count; i++)
		touch_str(u->method->items[i].key);
	for (size_t i = 0; i < u->facts.count; i++) {
		touch_str(u->facts.items[i].key);
		if (u->facts.items[i].text)
			touch_str(u->facts.items[i].text);
	}
	touch_str(hr_recs_source_name(u->source));
	check(u->file != NULL && strcmp(u->file, FUZZ_NAME) == 0);
	check(u->line >= 1);
	check(hr_recommendations_find(set, w->namespace_, w->kind, w->name,
	                              u->name) == u);
}

/* Walks the index; returns the number of containers seen. */
static size_t walk(const hr_recommendations *set)
{
	size_t workloads = 0, containers = 0;
	for (size_t i = 0; i < set->workloads.capacity; i++) {
		const hr_strmap_slot *s = &set->workloads.slots[i];
		if (!s->key)
			continue;
		workloads++;
		const hr_recs_workload *rw = s->value;
		const hr_workload_usage *w = &rw->pub;
		touch_str(w->namespace_);
		touch_str(w->kind);
		touch_str(w->name);
		check(w->namespace_[0] && w->kind[0] && w->name[0]);
		if (w->cluster)
			touch_str(w->cluster);
		if (w->note)
			touch_str(w->note);
		if (w->has_replicas)
			check(w->replicas_avg >= 0 &&
			      w->replicas_max >= w->replicas_avg &&
			      isfinite(w->replicas_max));
		check(rw->line >= 1);
		check(hr_recommendations_find_workload(set, w->namespace_,
		                                       w->kind, w->name) == w);
		check(w->container_count == 0 || w->containers != NULL);
		for (size_t c = 0; c < w->container_count; c++)
			check_container(set, w, &w->containers[c]);
		containers += w->container_count;
	}
	check(workloads == hr_recs_workload_count(set));
	check(containers == hr_recs_container_count(set));
	const char *window = hr_recommendations_window(set);
	if (window) {
		size_t n = strlen(window);
		check(n >= 2 && strchr("smhdw", window[n - 1]) != NULL);
		for (size_t i = 0; i + 1 < n; i++)
			check(window[i] >= '0' && window[i] <= '9');
	}
	const char *generated = hr_recommendations_generated_at(set);
	if (generated)
		touch_str(generated);
	check(hr_recommendations_find(set, "\x01", "\x02", "\x03", "\x04") ==
	      NULL);
	fuzz_sink += hr_recs_memory(set);
	return containers;
}

static bool same_stats(const hr_usage_stats *a, const hr_usage_stats *b)
{
	if (a->present != b->present)
		return false;
	for (int p = 0; p < HR_PERCENTILE_COUNT; p++)
		if (a->has[p] != b->has[p] ||
		    (a->has[p] && a->value[p] != b->value[p]))
			return false;
	return true;
}

static bool same_value(const hr_recommended_value *a,
                       const hr_recommended_value *b)
{
	if (a->set != b->set || (a->text == NULL) != (b->text == NULL))
		return false;
	return !a->set || ((!a->text || strcmp(a->text, b->text) == 0) &&
	                   a->quantity.nano == b->quantity.nano);
}

/* Every entry of a is in b with the same values. */
static void check_same(const hr_recommendations *a, const hr_recommendations *b)
{
	check(hr_recs_workload_count(a) == hr_recs_workload_count(b));
	check(hr_recs_container_count(a) == hr_recs_container_count(b));
	const char *wa = hr_recommendations_window(a);
	const char *wb = hr_recommendations_window(b);
	check((wa == NULL) == (wb == NULL) && (!wa || strcmp(wa, wb) == 0));
	for (size_t i = 0; i < a->workloads.capacity; i++) {
		const hr_strmap_slot *s = &a->workloads.slots[i];
		if (!s->key)
			continue;
		const hr_workload_usage *x =
		        &((const hr_recs_workload *)s->value)->pub;
		const hr_workload_usage *y = hr_recommendations_find_workload(
		        b, x->namespace_, x->kind, x->name);
		check(y != NULL && y->container_count == x->container_count);
		check(y->has_replicas == x->has_replicas &&
		      y->replicas_avg == x->replicas_avg &&
		      y->replicas_max == x->replicas_max);
		check((x->cluster == NULL) == (y->cluster == NULL) &&
		      (!x->cluster || strcmp(x->cluster, y->cluster) == 0));
		for (size_t c = 0; c < x->container_count; c++) {
			const hr_container_usage *u = &x->containers[c];
			const hr_container_usage *v = &y->containers[c];
			check(strcmp(u->name, v->name) == 0 &&
			      u->line == v->line);
			check(u->samples == v->samples &&
			      u->coverage == v->coverage &&
			      u->oom_kills == v->oom_kills &&
			      u->cpu_throttled_ratio ==
			              v->cpu_throttled_ratio &&
			      u->jvm_heap_used_max == v->jvm_heap_used_max);
			check(same_stats(&u->cpu, &v->cpu) &&
			      same_stats(&u->memory, &v->memory));
			for (int r = 0; r < HR_RES_COUNT; r++)
				check(same_value(&u->requests[r],
				                 &v->requests[r]) &&
				      same_value(&u->limits[r], &v->limits[r]));
		}
	}
}

/* The same bytes as a stream, chunk bytes at a time. */
static void check_streamed(const uint8_t *data, size_t size, int rc,
                           const hr_error *first, const char *message,
                           const hr_recommendations *from_buffer)
{
	if (size == 0)
		return;
	FILE *f = fmemopen((void *)(uintptr_t)data, size, "rb");
	check(f != NULL);
	size_t chunk = 1 + data[size - 1] % 16;
	hr_recommendations *set = NULL;
	check(hr_recommendations_new(&set) == HR_OK);
	int src = hr_recs_add_stream(set, FUZZ_NAME, f, chunk);
	fclose(f);
	check(src == rc);
	if (rc != HR_OK) {
		const hr_error *e = hr_error_last();
		check(e->line == first->line && e->column == first->column);
		check(strcmp(e->message, message) == 0);
	} else {
		check_same(from_buffer, set);
		check_same(set, from_buffer);
	}
	hr_recommendations_free(&set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hr_recommendations *set = NULL;
	check(hr_recommendations_new(&set) == HR_OK && set != NULL);
	hr_error_clear();
	int rc = hr_recommendations_add_buffer(set, FUZZ_NAME,
	                                       (const char *)data, size);
	if (rc != HR_OK) {
		check_failure(rc);
		check(hr_recommendations_source_count(set) == 0);
		check(hr_recs_workload_count(set) == 0);
		check(hr_recs_container_count(set) == 0);
		check(hr_recommendations_window(set) == NULL);
		hr_error first = *hr_error_last();
		char message[1024];
		snprintf(message, sizeof(message), "%s", first.message);
		check_streamed(data, size, rc, &first, message, NULL);
		hr_recommendations_free(&set);
		check(set == NULL);
		return 0;
	}
	check_streamed(data, size, rc, NULL, NULL, set);
	check(hr_recommendations_source_count(set) == 1);
	size_t workloads = hr_recs_workload_count(set);
	size_t containers = walk(set);

	/* The same bytes again: the same outcome, every entry replaced. */
	check(hr_recommendations_add_buffer(set, FUZZ_NAME, (const char *)data,
	                                    size) == HR_OK);
	check(hr_recommendations_source_count(set) == 2);
	check(hr_recs_workload_count(set) == workloads);
	check(walk(set) == containers);
	hr_recommendations_free(&set);
	check(set == NULL);
	return 0;
}
