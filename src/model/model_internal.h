/*
 * Shared state of the model builder, split over workload.c (objects and
 * pod templates), container.c (containers and resources), pod_totals.c
 * (Kubernetes' derived values) and scaling.c (HPA, PDB, VPA).
 */
#ifndef HR_MODEL_INTERNAL_H
#define HR_MODEL_INTERNAL_H

#include "headroom/model.h"
#include "util/arena.h"
#include "util/error_internal.h"
#include "util/strmap.h"

typedef struct model_builder {
	hr_model *model;
	hr_arena *arena;
	const hr_document *doc; /* the document being read */
	/* The container being read, named in its errors; the prefix is only
	 * formatted when an error is recorded, never on the hot path. */
	const char *container;

	hr_workload *workloads;
	size_t workload_count, workload_cap;
	hr_hpa *hpas;
	size_t hpa_count, hpa_cap;
	hr_pdb *pdbs;
	size_t pdb_count, pdb_cap;
	hr_vpa *vpas;
	size_t vpa_count, vpa_cap;
	hr_model_error *errors;
	size_t error_count, error_cap;
} model_builder;

/* Record an invalid value at node (or at the document when node is NULL)
 * and carry on, so that one run lists every problem. */
void hr_model_error_at(model_builder *b, const hr_node *node, const char *fmt,
                       ...) HR_PRINTF(3, 4);

/* A string field: NULL when absent or null; an error when it is a
 * collection or a non-string the API server would refuse. */
const char *hr_model_string(model_builder *b, const hr_node *map,
                            const char *key, const char *what);

/* A mapping field: NULL when absent or null; an error when another type. */
const hr_node *hr_model_mapping(model_builder *b, const hr_node *map,
                                const char *key, const char *what);

/* A sequence field: NULL when absent or null; an error when another type. */
const hr_node *hr_model_sequence(model_builder *b, const hr_node *map,
                                 const char *key, const char *what);

/* An integer field in [min, max]; false (and def in *out) when absent. */
bool hr_model_int(model_builder *b, const hr_node *map, const char *key,
                  const char *what, int64_t min, int64_t max, int64_t def,
                  int64_t *out);

/* Labels, annotations, matchLabels: string-to-string maps. */
void hr_model_kv(model_builder *b, const hr_node *map, const char *what,
                 const hr_kv **out, size_t *count);

/* A quantity value; false after recording an error. */
bool hr_model_quantity(model_builder *b, const hr_node *value,
                       const char *what, hr_resource_value *out);

/* Containers of one pod spec (containers and initContainers). */
void hr_model_containers(model_builder *b, const hr_node *pod_spec,
                         hr_workload *w);

/* Effective pod requests and limits, and the QoS class. */
void hr_model_pod_totals(hr_workload *w, const hr_node *pod_spec,
                         model_builder *b);

/* HPA, PDB and VPA objects; false when the document is none of them. */
bool hr_model_read_scaling(model_builder *b, const hr_node *root,
                           const char *kind, const char *group);

/* Read one document; kinds headroom does not model are ignored. */
void hr_model_read_document(model_builder *b, const hr_document *doc);

/* metadata.name (or generateName) and namespace ("default" when absent);
 * false after recording an error. */
bool hr_model_identity(model_builder *b, const hr_node *root, const char **name,
                       const char **ns);

/* Link autoscalers and budgets to the workloads they target. */
void hr_model_link(model_builder *b);

#endif
