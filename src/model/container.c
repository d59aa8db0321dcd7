/*
 * Containers of a pod spec: identity, image, command, env, resources.
 */
#include "model/model_internal.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const resource_names[HR_RES_COUNT] = {
	[HR_RES_CPU] = "cpu",
	[HR_RES_MEMORY] = "memory",
	[HR_RES_EPHEMERAL_STORAGE] = "ephemeral-storage",
};

const char *hr_resource_name(hr_resource r)
{
	return (unsigned)r < HR_RES_COUNT ? resource_names[r] : "?";
}

static const char *const quantity_fields[2][HR_RES_COUNT] = {
	{"resources.requests.cpu", "resources.requests.memory",
	 "resources.requests.ephemeral-storage"},
	{"resources.limits.cpu", "resources.limits.memory",
	 "resources.limits.ephemeral-storage"},
};

static void read_quantities(model_builder *b, const hr_node *map, int limits,
                            hr_resource_value *values)
{
	for (int r = 0; r < HR_RES_COUNT; r++) {
		const hr_node *v = hr_map_get(map, resource_names[r]);
		if (v)
			hr_model_quantity(b, v, quantity_fields[limits][r], &values[r]);
	}
}

static void read_resources(model_builder *b, const hr_node *c,
                           hr_container *out)
{
	hr_resources *res = &out->resources;
	res->node = hr_model_mapping(b, c, "resources", "resources");
	if (!res->node)
		goto defaults;
	res->requests_node = hr_model_mapping(b, res->node, "requests",
	                                      "resources.requests");
	res->limits_node = hr_model_mapping(b, res->node, "limits",
	                                    "resources.limits");
	if (res->requests_node)
		read_quantities(b, res->requests_node, 0, res->requests);
	if (res->limits_node)
		read_quantities(b, res->limits_node, 1, res->limits);
defaults:
	/* SetDefaults_Pod: a limit without a request makes the request. */
	for (int r = 0; r < HR_RES_COUNT; r++) {
		res->effective_requests[r] = res->requests[r];
		if (!res->requests[r].set && res->limits[r].set) {
			res->effective_requests[r] = res->limits[r];
			res->effective_requests[r].from_limit = true;
		}
	}
}

static void read_strings(model_builder *b, const hr_node *c, const char *key,
                         hr_strings *out)
{
	const char *what = key;
	const hr_node *seq = hr_model_sequence(b, c, key, what);
	memset(out, 0, sizeof(*out));
	if (!seq)
		return;
	size_t n = seq->count;
	const char **items = hr_arena_alloc(b->arena, n * sizeof(*items));
	const hr_node **nodes = hr_arena_alloc(b->arena, n * sizeof(*nodes));
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		const hr_node *item = seq->items[i];
		char buf[64];
		size_t len;
		const char *text = item->kind == HR_NODE_SCALAR &&
		                                   hr_scalar_resolve(item) == HR_TYPE_STRING
		                           ? hr_scalar_as_string(item, buf, sizeof(buf), &len)
		                           : NULL;
		if (!text) {
			hr_model_error_at(b, item, "%s[%zu] must be a string (quote it)",
			                  what, i);
			continue;
		}
		items[count] = text;
		nodes[count++] = item;
	}
	out->items = items;
	out->nodes = nodes;
	out->count = count;
	out->node = seq;
}

static void read_env(model_builder *b, const hr_node *c, hr_container *out)
{
	const char *what = "env";
	const hr_node *seq = hr_model_sequence(b, c, "env", what);
	out->env_from = hr_map_get(c, "envFrom") != NULL;
	if (!seq)
		return;
	hr_env_var *vars = hr_arena_alloc(b->arena, seq->count * sizeof(*vars));
	size_t count = 0;
	for (size_t i = 0; i < seq->count; i++) {
		const hr_node *e = seq->items[i];
		if (e->kind != HR_NODE_MAPPING) {
			hr_model_error_at(b, e, "%s[%zu] must be a mapping with name "
			                  "and value", what, i);
			continue;
		}
		const char *name = hr_model_string(b, e, "name", "env[].name");
		if (!name) {
			hr_model_error_at(b, e, "%s[%zu] has no name", what, i);
			continue;
		}
		hr_env_var *v = &vars[count++];
		v->name = name;
		v->node = e;
		const hr_node *value = hr_map_get(e, "value");
		if (hr_map_get(e, "valueFrom")) {
			v->from_reference = true;
		} else if (value) {
			v->value = hr_model_string(b, e, "value", "env[].value");
			v->node = value;
		} else {
			v->value = "";
		}
	}
	out->env = vars;
	out->env_count = count;
}

static bool is_sidecar(model_builder *b, const hr_node *c)
{
	const hr_node *policy = hr_map_get(c, "restartPolicy");
	return hr_node_is(policy, "Always");
}

static void read_container(model_builder *b, const hr_node *c,
                           hr_container_role role, size_t index,
                           const char *list, hr_container *out)
{
	out->node = c;
	out->role = role;
	out->name = hr_model_string(b, c, "name", "container name");
	if (!out->name) {
		if (!hr_map_get(c, "name"))
			hr_model_error_at(b, c, "%s[%zu] has no name (the API server "
			                  "requires one)", list, index);
		out->name = "";
	}
	if (role == HR_CONTAINER_INIT && is_sidecar(b, c))
		out->role = HR_CONTAINER_SIDECAR;
	b->container = out->name;
	out->image = hr_model_string(b, c, "image", "image");
	read_strings(b, c, "command", &out->command);
	read_strings(b, c, "args", &out->args);
	read_env(b, c, out);
	read_resources(b, c, out);
	b->container = NULL;
}

static size_t count_items(const hr_node *seq)
{
	return seq ? seq->count : 0;
}

void hr_model_containers(model_builder *b, const hr_node *pod_spec,
                         hr_workload *w)
{
	const hr_node *apps = hr_model_sequence(b, pod_spec, "containers",
	                                        "containers");
	const hr_node *inits = hr_model_sequence(b, pod_spec, "initContainers",
	                                         "initContainers");
	size_t total = count_items(apps) + count_items(inits);
	hr_container *list = hr_arena_alloc(b->arena, total * sizeof(*list));
	size_t n = 0;
	for (size_t i = 0; i < count_items(apps); i++) {
		const hr_node *c = apps->items[i];
		if (c->kind != HR_NODE_MAPPING) {
			hr_model_error_at(b, c, "containers[%zu] must be a mapping", i);
			continue;
		}
		read_container(b, c, HR_CONTAINER_APP, i, "containers", &list[n++]);
	}
	for (size_t i = 0; i < count_items(inits); i++) {
		const hr_node *c = inits->items[i];
		if (c->kind != HR_NODE_MAPPING) {
			hr_model_error_at(b, c, "initContainers[%zu] must be a mapping", i);
			continue;
		}
		read_container(b, c, HR_CONTAINER_INIT, i, "initContainers",
		               &list[n++]);
	}
	if (!apps || apps->count == 0)
		hr_model_error_at(b, apps ? apps : pod_spec,
		                  "the pod spec has no containers (the API server "
		                  "requires at least one)");
	w->containers = list;
	w->container_count = n;
}
