/*
 * headroom: the workload model (the "model" stage of the pipeline).
 *
 * From the loaded documents it builds what the cluster would run: every
 * workload that carries a pod template, its containers with their requests
 * and limits parsed as Kubernetes parses them, and the autoscalers and
 * disruption budgets that point at it.  Derived values follow Kubernetes:
 * a missing request defaults to its limit (SetDefaults_Pod), the pod's
 * effective request sums app containers and sidecars and takes the max with
 * init containers (component-helpers PodRequests), QoS as qos.go decides.
 *
 * Every value keeps the node it came from, so a finding can point at the
 * exact line and column of "256Mi".
 *
 * Ownership: a model borrows its hr_manifests (which must outlive it) and
 * owns everything else it hands out; free it with hr_model_free().
 */
#ifndef HEADROOM_MODEL_H
#define HEADROOM_MODEL_H

#include "headroom/document.h"
#include "headroom/manifests.h"
#include "headroom/quantity.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hr_workload_kind {
	HR_KIND_POD,
	HR_KIND_DEPLOYMENT,
	HR_KIND_STATEFULSET,
	HR_KIND_DAEMONSET,
	HR_KIND_REPLICASET,
	HR_KIND_REPLICATIONCONTROLLER,
	HR_KIND_JOB,
	HR_KIND_CRONJOB,
	HR_KIND_ROLLOUT,
	HR_KIND_COUNT
} hr_workload_kind;

typedef enum hr_resource {
	HR_RES_CPU,
	HR_RES_MEMORY,
	HR_RES_EPHEMERAL_STORAGE,
	HR_RES_COUNT
} hr_resource;

/** "cpu", "memory", "ephemeral-storage". */
const char *hr_resource_name(hr_resource r);

/** One request or limit as written. */
typedef struct hr_resource_value {
	/* Largest member first: 64 bytes, nine per container. */
	hr_quantity quantity;
	const char *text;     /**< the text Kubernetes parsed ("0.5", "256Mi") */
	const hr_node *node;  /**< the value node */
	bool set;
	/** For effective requests only: defaulted from the limit. */
	bool from_limit;
} hr_resource_value;

typedef struct hr_resources {
	hr_resource_value requests[HR_RES_COUNT];
	hr_resource_value limits[HR_RES_COUNT];
	/** Requests after Kubernetes defaults a missing one from its limit. */
	hr_resource_value effective_requests[HR_RES_COUNT];
	const hr_node *node;           /**< `resources`, NULL when absent */
	const hr_node *requests_node;  /**< `resources.requests` or NULL */
	const hr_node *limits_node;    /**< `resources.limits` or NULL */
} hr_resources;

/** A name/value pair from labels, annotations or selectors. */
typedef struct hr_kv {
	const char *key;
	const char *value;
	const hr_node *node; /**< the value node */
} hr_kv;

typedef struct hr_env_var {
	const char *name;
	const char *value;     /**< NULL when unknown (valueFrom) or absent */
	bool from_reference;   /**< valueFrom: resolved only in the cluster */
	const hr_node *node;   /**< the value node, else the entry */
} hr_env_var;

typedef struct hr_strings {
	const char *const *items;
	const hr_node *const *nodes;
	size_t count;
	const hr_node *node; /**< the sequence, NULL when absent */
} hr_strings;

typedef enum hr_container_role {
	HR_CONTAINER_APP,
	HR_CONTAINER_INIT,    /**< runs to completion before the app */
	HR_CONTAINER_SIDECAR, /**< init container with restartPolicy Always */
} hr_container_role;

typedef struct hr_container {
	const char *name;
	hr_container_role role;
	const char *image;        /**< NULL when absent */
	hr_strings command;
	hr_strings args;
	const hr_env_var *env;
	size_t env_count;
	/** envFrom present: more variables may exist than the manifest shows. */
	bool env_from;
	hr_resources resources;
	const hr_node *node;      /**< the container mapping */
} hr_container;

/** A pod-wide total of one resource. */
typedef struct hr_pod_total {
	bool set;        /**< some container sets it */
	bool bounded;    /**< limits: every running container sets one */
	hr_nano nano;
} hr_pod_total;

typedef enum hr_qos {
	HR_QOS_BEST_EFFORT,
	HR_QOS_BURSTABLE,
	HR_QOS_GUARANTEED,
} hr_qos;

const char *hr_qos_name(hr_qos q);

typedef struct hr_hpa hr_hpa;
typedef struct hr_pdb hr_pdb;
typedef struct hr_vpa hr_vpa;

typedef struct hr_workload {
	hr_workload_kind kind;
	const char *kind_name;      /**< "Deployment" */
	const char *api_version;
	const char *name;
	const char *namespace_;     /**< "default" when absent */
	bool namespace_set;
	const hr_kv *labels;
	size_t label_count;
	const hr_kv *annotations;
	size_t annotation_count;
	const hr_kv *pod_labels;    /**< the template's labels */
	size_t pod_label_count;
	const hr_kv *pod_annotations;
	size_t pod_annotation_count;

	/** Replicas as written (default 1; Job and CronJob: parallelism). */
	int64_t replicas;
	bool replicas_set;
	/** DaemonSet: one pod per eligible node; replicas is then 1. */
	bool per_node;
	const hr_node *replicas_node;

	const hr_container *containers; /**< app first, then init/sidecars */
	size_t container_count;
	hr_pod_total pod_requests[HR_RES_COUNT];
	hr_pod_total pod_limits[HR_RES_COUNT];
	hr_qos qos;

	const hr_document *document;
	const hr_node *pod_spec;    /**< where the pod spec is */
	/** Rollout with workloadRef: the Deployment whose template it runs. */
	const struct hr_workload *template_owner;

	const hr_hpa *hpa;          /**< the autoscaler targeting it, or NULL */
	const hr_vpa *vpa;
	const hr_pdb *const *pdbs;  /**< budgets selecting its pods */
	size_t pdb_count;
} hr_workload;

typedef struct hr_hpa_metric {
	const char *type;       /**< Resource, ContainerResource, Pods ... */
	const char *resource;   /**< cpu, memory (Resource kinds) */
	const char *container;  /**< ContainerResource only */
	const char *target_type; /**< Utilization, AverageValue, Value */
	int64_t average_utilization; /**< percent, or -1 */
	const hr_node *node;
} hr_hpa_metric;

struct hr_hpa {
	const char *name;
	const char *namespace_;
	const char *target_kind;
	const char *target_name;
	int64_t min_replicas;        /**< default 1 */
	const hr_node *min_node;
	int64_t max_replicas;
	const hr_node *max_node;
	const hr_hpa_metric *metrics; /**< v1 targetCPU... becomes one metric */
	size_t metric_count;
	const hr_document *document;
	const hr_workload *target;   /**< NULL when not among the manifests */
};

typedef struct hr_label_requirement {
	const char *key;
	const char *op;              /**< In, NotIn, Exists, DoesNotExist */
	const char *const *values;
	size_t value_count;
} hr_label_requirement;

struct hr_pdb {
	const char *name;
	const char *namespace_;
	const hr_node *min_available;   /**< int or "50%", NULL when absent */
	const hr_node *max_unavailable;
	const hr_kv *match_labels;
	size_t match_label_count;
	const hr_label_requirement *match_expressions;
	size_t match_expression_count;
	bool selects_nothing;           /**< no selector: selects no pods */
	const hr_document *document;
};

typedef struct hr_vpa_recommendation {
	const char *container;
	hr_resource_value target[HR_RES_COUNT];
	hr_resource_value lower_bound[HR_RES_COUNT];
	hr_resource_value upper_bound[HR_RES_COUNT];
	hr_resource_value uncapped_target[HR_RES_COUNT];
} hr_vpa_recommendation;

struct hr_vpa {
	const char *name;
	const char *namespace_;
	const char *target_kind;
	const char *target_name;
	const char *update_mode;         /**< as written; NULL = default */
	const hr_node *update_mode_node;
	const hr_vpa_recommendation *recommendations;
	size_t recommendation_count;
	const hr_document *document;
	const hr_workload *target;
};

/** One reason a manifest cannot be evaluated (a value the API server
 *  would reject, a wrong type). */
typedef struct hr_model_error {
	const char *file;
	unsigned line;
	unsigned column;
	const char *message;
} hr_model_error;

typedef struct hr_model {
	const hr_workload *workloads;
	size_t workload_count;
	const hr_hpa *hpas;
	size_t hpa_count;
	const hr_pdb *pdbs;
	size_t pdb_count;
	const hr_vpa *vpas;
	size_t vpa_count;
	size_t container_count;
	/** Every invalid value found; empty on success. */
	const hr_model_error *errors;
	size_t error_count;
} hr_model;

/**
 * Build the model of a manifest set.
 *
 * @param out  receives the model (also on HR_EINVALID, so that every error
 *             can be listed); free it with hr_model_free()
 * @return HR_OK, or HR_EINVALID when some value is invalid: the last error
 *         is the first of them, out->errors lists them all
 */
int hr_model_build(const hr_manifests *set, hr_model **out);

/** Find a workload by kind name, namespace and name; NULL when absent. */
const hr_workload *hr_model_find(const hr_model *model, const char *kind,
                                 const char *namespace_, const char *name);

void hr_model_free(hr_model **model);

#ifdef __cplusplus
}
#endif

#endif
