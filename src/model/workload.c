/*
 * Workload objects: which kinds carry a pod template, where it is, and how
 * many replicas they ask for.
 */
#include "model/model_internal.h"

#include "util/alloc.h"

#include <stdio.h>
#include <string.h>

typedef enum template_at {
	AT_SPEC,          /* Pod: spec is the pod spec */
	AT_TEMPLATE,      /* spec.template */
	AT_JOB_TEMPLATE,  /* spec.jobTemplate.spec.template */
} template_at;

typedef enum replicas_from {
	REPLICAS_ONE,
	REPLICAS_FIELD,        /* spec.replicas, default 1 */
	REPLICAS_PER_NODE,
	REPLICAS_PARALLELISM,  /* spec.parallelism, default 1 */
	REPLICAS_CRON,         /* spec.jobTemplate.spec.parallelism */
} replicas_from;

typedef struct kind_info {
	const char *kind;
	hr_workload_kind id;
	const char *const groups[3]; /* API groups that define it */
	template_at template_at;
	replicas_from replicas;
} kind_info;

static const kind_info kinds[] = {
	{"Pod", HR_KIND_POD, {"", NULL, NULL}, AT_SPEC, REPLICAS_ONE},
	{"Deployment", HR_KIND_DEPLOYMENT, {"apps", "extensions", NULL},
	 AT_TEMPLATE, REPLICAS_FIELD},
	{"StatefulSet", HR_KIND_STATEFULSET, {"apps", NULL, NULL}, AT_TEMPLATE,
	 REPLICAS_FIELD},
	{"DaemonSet", HR_KIND_DAEMONSET, {"apps", "extensions", NULL},
	 AT_TEMPLATE, REPLICAS_PER_NODE},
	{"ReplicaSet", HR_KIND_REPLICASET, {"apps", "extensions", NULL},
	 AT_TEMPLATE, REPLICAS_FIELD},
	{"ReplicationController", HR_KIND_REPLICATIONCONTROLLER,
	 {"", NULL, NULL}, AT_TEMPLATE, REPLICAS_FIELD},
	{"Job", HR_KIND_JOB, {"batch", NULL, NULL}, AT_TEMPLATE,
	 REPLICAS_PARALLELISM},
	{"CronJob", HR_KIND_CRONJOB, {"batch", NULL, NULL}, AT_JOB_TEMPLATE,
	 REPLICAS_CRON},
	{"Rollout", HR_KIND_ROLLOUT, {"argoproj.io", NULL, NULL}, AT_TEMPLATE,
	 REPLICAS_FIELD},
};

/* "apps/v1" -> "apps"; "v1" -> "" (the core group). */
static void api_group(const char *api_version, char *out, size_t size)
{
	const char *slash = strchr(api_version, '/');
	size_t n = slash ? (size_t)(slash - api_version) : 0;
	if (n >= size)
		n = size - 1;
	memcpy(out, api_version, n);
	out[n] = '\0';
}

static const kind_info *find_kind(const char *kind, const char *group)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strcmp(kinds[i].kind, kind) != 0)
			continue;
		for (int g = 0; g < 3 && kinds[i].groups[g]; g++)
			if (strcmp(kinds[i].groups[g], group) == 0)
				return &kinds[i];
	}
	return NULL;
}

static const hr_node *pod_template(model_builder *b, const hr_node *spec,
                                   template_at at)
{
	if (at == AT_SPEC)
		return NULL;
	if (at == AT_JOB_TEMPLATE) {
		const hr_node *jt = hr_model_mapping(b, spec, "jobTemplate",
		                                     "spec.jobTemplate");
		const hr_node *js = hr_model_mapping(b, jt, "spec",
		                                     "spec.jobTemplate.spec");
		return hr_model_mapping(b, js, "template",
		                        "spec.jobTemplate.spec.template");
	}
	return hr_model_mapping(b, spec, "template", "spec.template");
}

static void read_replicas(model_builder *b, const hr_node *spec,
                          const kind_info *k, hr_workload *w)
{
	const int64_t int32_max = 2147483647;
	const hr_node *holder = spec;
	const char *field = "replicas";
	const char *what = "spec.replicas";
	w->replicas = 1;
	switch (k->replicas) {
	case REPLICAS_ONE:
		return;
	case REPLICAS_PER_NODE:
		w->per_node = true;
		return;
	case REPLICAS_FIELD:
		break;
	case REPLICAS_PARALLELISM:
		field = "parallelism";
		what = "spec.parallelism";
		break;
	case REPLICAS_CRON:
		holder = hr_map_get(hr_map_get(spec, "jobTemplate"), "spec");
		field = "parallelism";
		what = "spec.jobTemplate.spec.parallelism";
		break;
	}
	w->replicas_set = hr_model_int(b, holder, field, what, 0, int32_max, 1,
	                               &w->replicas);
	w->replicas_node = hr_map_get(holder, field);
}

static hr_workload *new_workload(model_builder *b)
{
	b->workloads = hr_xgrow(b->workloads, &b->workload_cap,
	                        b->workload_count + 1, sizeof(*b->workloads));
	hr_workload *w = &b->workloads[b->workload_count++];
	memset(w, 0, sizeof(*w));
	return w;
}

/* The object's name, or its generateName with a marker, or an error. */
static const char *object_name(model_builder *b, const hr_node *meta)
{
	const char *name = hr_model_string(b, meta, "name", "metadata.name");
	if (name && *name)
		return name;
	const char *gen = hr_model_string(b, meta, "generateName",
	                                  "metadata.generateName");
	if (gen && *gen) {
		size_t n = strlen(gen);
		char *s = hr_arena_alloc(b->arena, n + 2);
		memcpy(s, gen, n);
		s[n] = '*';
		return s;
	}
	hr_model_error_at(b, meta, "metadata.name is missing");
	return NULL;
}

/* Fills the identity common to every object; false when unusable. */
static bool read_identity(model_builder *b, const hr_node *root,
                          const char **name, const char **ns, bool *ns_set,
                          const hr_node **meta_out)
{
	const hr_node *meta = hr_model_mapping(b, root, "metadata", "metadata");
	*meta_out = meta;
	if (!meta) {
		hr_model_error_at(b, root, "metadata is missing");
		return false;
	}
	*name = object_name(b, meta);
	const char *n = hr_model_string(b, meta, "namespace", "metadata.namespace");
	*ns_set = n && *n;
	*ns = *ns_set ? n : "default";
	return *name != NULL;
}

static void read_workload(model_builder *b, const hr_node *root,
                          const kind_info *k, const char *kind,
                          const char *api_version)
{
	const hr_node *meta;
	const char *name, *ns;
	bool ns_set;
	if (!read_identity(b, root, &name, &ns, &ns_set, &meta))
		return;
	const hr_node *spec = hr_model_mapping(b, root, "spec", "spec");
	if (!spec) {
		hr_model_error_at(b, root, "%s \"%.64s\" has no spec", kind, name);
		return;
	}
	hr_workload *w = new_workload(b);
	w->kind = k->id;
	w->kind_name = kind;
	w->api_version = api_version;
	w->name = name;
	w->namespace_ = ns;
	w->namespace_set = ns_set;
	w->document = b->doc;
	hr_model_kv(b, hr_model_mapping(b, meta, "labels", "metadata.labels"),
	            "label", &w->labels, &w->label_count);
	hr_model_kv(b, hr_model_mapping(b, meta, "annotations",
	                                "metadata.annotations"),
	            "annotation", &w->annotations, &w->annotation_count);
	read_replicas(b, spec, k, w);

	const hr_node *pod_meta = meta;
	const hr_node *pod_spec = spec;
	if (k->template_at != AT_SPEC) {
		const hr_node *tmpl = pod_template(b, spec, k->template_at);
		if (!tmpl) {
			/* An Argo Rollout may run another object's template. */
			if (k->id == HR_KIND_ROLLOUT && hr_map_get(spec, "workloadRef"))
				return;
			hr_model_error_at(b, spec, "%s \"%.64s\" has no pod template",
			                  kind, name);
			return;
		}
		pod_meta = hr_model_mapping(b, tmpl, "metadata", "template metadata");
		pod_spec = hr_model_mapping(b, tmpl, "spec", "template spec");
		if (!pod_spec) {
			hr_model_error_at(b, tmpl, "%s \"%.64s\": the pod template has "
			                  "no spec", kind, name);
			return;
		}
	}
	w->pod_spec = pod_spec;
	if (pod_meta == meta) {
		/* A Pod is its own template: same labels, read once. */
		w->pod_labels = w->labels;
		w->pod_label_count = w->label_count;
		w->pod_annotations = w->annotations;
		w->pod_annotation_count = w->annotation_count;
	} else {
		hr_model_kv(b, hr_model_mapping(b, pod_meta, "labels", "pod labels"),
		            "pod label", &w->pod_labels, &w->pod_label_count);
		hr_model_kv(b, hr_model_mapping(b, pod_meta, "annotations",
		                                "pod annotations"),
		            "pod annotation", &w->pod_annotations,
		            &w->pod_annotation_count);
	}
	hr_model_containers(b, pod_spec, w);
	hr_model_pod_totals(w, pod_spec, b);
}

void hr_model_read_document(model_builder *b, const hr_document *doc)
{
	b->doc = doc;
	const hr_node *root = doc->root;
	const char *kind = hr_node_text(hr_map_get(root, "kind"));
	const char *api_version = hr_node_text(hr_map_get(root, "apiVersion"));
	char group[128];
	api_group(api_version, group, sizeof(group));
	const kind_info *k = find_kind(kind, group);
	if (k) {
		read_workload(b, root, k, kind, api_version);
		return;
	}
	hr_model_read_scaling(b, root, kind, group);
}

bool hr_model_identity(model_builder *b, const hr_node *root, const char **name,
                       const char **ns)
{
	const hr_node *meta;
	bool ns_set;
	return read_identity(b, root, name, ns, &ns_set, &meta);
}
