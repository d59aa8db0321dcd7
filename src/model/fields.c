/*
 * Typed access to manifest fields, with the API server's type rules and an
 * error (file:line) for every value it would refuse.
 */
#include "model/model_internal.h"

#include "util/alloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void hr_model_error_at(model_builder *b, const hr_node *node, const char *fmt,
                       ...)
{
	char message[512];
	int n = 0;
	if (b->container)
		n = snprintf(message, sizeof(message), "container \"%.40s\": ",
		             b->container);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message + n, sizeof(message) - (size_t)n, fmt, ap);
	va_end(ap);
	const hr_node *at = node ? node : b->doc->root;
	b->errors = hr_xgrow(b->errors, &b->error_cap, b->error_count + 1,
	                     sizeof(*b->errors));
	b->errors[b->error_count++] = (hr_model_error){
	        b->doc->source->path, at->start.line, at->start.column,
	        hr_arena_strdup(b->arena, message)};
}

static bool is_null(const hr_node *n)
{
	return !n || (n->kind == HR_NODE_SCALAR && hr_scalar_resolve(n) == HR_TYPE_NULL);
}

static const char *kind_word(const hr_node *n)
{
	if (n->kind == HR_NODE_MAPPING)
		return "a mapping";
	if (n->kind == HR_NODE_SEQUENCE)
		return "a list";
	switch (hr_scalar_resolve(n)) {
	case HR_TYPE_BOOL:
		return "a boolean";
	case HR_TYPE_INT:
		return "an integer";
	case HR_TYPE_FLOAT:
		return "a number";
	default:
		return "a string";
	}
}

const char *hr_model_string(model_builder *b, const hr_node *map,
                            const char *key, const char *what)
{
	const hr_node *n = hr_map_get(map, key);
	if (is_null(n))
		return NULL;
	/* Unstructured JSON keeps a YAML number as a number, and the API
	 * server refuses a number where it wants a string. */
	if (n->kind != HR_NODE_SCALAR || hr_scalar_resolve(n) != HR_TYPE_STRING) {
		hr_model_error_at(b, n, "%s must be a string, not %s", what,
		                  kind_word(n));
		return NULL;
	}
	return n->text;
}

static const hr_node *collection(model_builder *b, const hr_node *map,
                                 const char *key, const char *what,
                                 hr_node_kind kind)
{
	const hr_node *n = hr_map_get(map, key);
	if (is_null(n))
		return NULL;
	if (n->kind != kind) {
		hr_model_error_at(b, n, "%s must be %s, not %s", what,
		                  kind == HR_NODE_MAPPING ? "a mapping" : "a list",
		                  kind_word(n));
		return NULL;
	}
	return n;
}

const hr_node *hr_model_mapping(model_builder *b, const hr_node *map,
                                const char *key, const char *what)
{
	return collection(b, map, key, what, HR_NODE_MAPPING);
}

const hr_node *hr_model_sequence(model_builder *b, const hr_node *map,
                                 const char *key, const char *what)
{
	return collection(b, map, key, what, HR_NODE_SEQUENCE);
}

bool hr_model_int(model_builder *b, const hr_node *map, const char *key,
                  const char *what, int64_t min, int64_t max, int64_t def,
                  int64_t *out)
{
	*out = def;
	const hr_node *n = hr_map_get(map, key);
	if (is_null(n))
		return false;
	int64_t v;
	if (n->kind != HR_NODE_SCALAR || !hr_scalar_as_int(n, &v)) {
		hr_model_error_at(b, n, "%s must be an integer, not %s", what,
		                  kind_word(n));
		return false;
	}
	if (v < min || v > max) {
		hr_model_error_at(b, n, "%s must be between %lld and %lld, not %lld",
		                  what, (long long)min, (long long)max,
		                  (long long)v);
		return false;
	}
	*out = v;
	return true;
}

typedef struct kv_collect {
	model_builder *b;
	const char *what;
	hr_kv *items;
	size_t count, cap;
} kv_collect;

static int collect_kv(const hr_node *key, const hr_node *value, void *ctx)
{
	kv_collect *c = ctx;
	char buf[64];
	size_t len;
	const char *k = hr_node_text(key);
	if (!k) {
		hr_model_error_at(c->b, key, "%s: keys must be strings", c->what);
		return 0;
	}
	/* Labels and annotations are map[string]string: numbers and bools
	 * are refused by the API server ("1" must be quoted). */
	const char *v = NULL;
	if (!is_null(value)) {
		if (value->kind != HR_NODE_SCALAR ||
		    hr_scalar_resolve(value) != HR_TYPE_STRING) {
			hr_model_error_at(c->b, value, "%s \"%.64s\" must be a string, "
			                  "not %s (quote it)", c->what, k,
			                  kind_word(value));
			return 0;
		}
		v = hr_scalar_as_string(value, buf, sizeof(buf), &len);
	}
	c->items = hr_xgrow(c->items, &c->cap, c->count + 1, sizeof(*c->items));
	c->items[c->count++] = (hr_kv){k, v ? v : "", value};
	return 0;
}

void hr_model_kv(model_builder *b, const hr_node *map, const char *what,
                 const hr_kv **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (!map)
		return;
	kv_collect c = {b, what, NULL, 0, 0};
	hr_map_each(map, collect_kv, &c);
	*out = hr_arena_memdup(b->arena, c.items, c.count * sizeof(*c.items));
	*count = c.count;
	free(c.items);
}

bool hr_model_quantity(model_builder *b, const hr_node *value,
                       const char *what, hr_resource_value *out)
{
	char buf[64];
	size_t len = 0;
	memset(out, 0, sizeof(*out));
	out->node = value;
	/* A null quantity decodes to zero (Quantity.UnmarshalJSON). */
	if (is_null(value)) {
		out->set = true;
		out->text = "0";
		return true;
	}
	const char *text = value->kind == HR_NODE_SCALAR
	                           ? hr_scalar_as_string(value, buf, sizeof(buf), &len)
	                           : NULL;
	if (!text) {
		hr_model_error_at(b, value, "%s must be a quantity such as \"500m\" "
		                  "or \"256Mi\", not %s", what, kind_word(value));
		return false;
	}
	int rc = hr_quantity_parse(text, len, &out->quantity);
	if (rc) {
		const char *hint = memchr(text, '{', len) ? " (an unrendered template? "
		                   "pipe `helm template` output instead)" : "";
		hr_model_error_at(b, value, "%s: %s%s", what,
		                  hr_error_last()->message, hint);
		return false;
	}
	if (out->quantity.nano < 0) {
		hr_model_error_at(b, value, "%s: must be greater than or equal to 0 "
		                  "(the API server refuses negative quantities)",
		                  what);
		return false;
	}
	if (out->quantity.nano / 1000000000 > (hr_nano)INT64_MAX) {
		hr_model_error_at(b, value, "%s: %.*s is beyond the range headroom "
		                  "evaluates (2^63-1)", what, (int)(len > 40 ? 40 : len),
		                  text);
		return false;
	}
	out->set = true;
	out->text = text == buf ? hr_arena_strndup(b->arena, buf, len) : text;
	return true;
}
