/*
 * The model: kinds and pod templates, replicas, requests defaulting, pod
 * totals with init containers and sidecars, QoS, HPA/PDB/VPA links, and
 * invalid values reported with their line.
 */
#include "test_util.h"

#include <stdio.h>

#define MILLI(n) ((hr_nano)(n) * 1000000)
#define MI(n) ((hr_nano)(n) * 1048576 * 1000000000)

typedef struct model_case {
	const char *name;
	const char *yaml;
	size_t workloads;
	const char *kind;      /* of the first workload */
	const char *ns;
	int64_t replicas;
	bool per_node;
	size_t containers;
	hr_qos qos;
	hr_nano pod_cpu;       /* effective pod cpu request, nano-cores */
	hr_nano pod_memory;    /* nano-bytes */
} model_case;

#define C(name, req_cpu, req_mem, lim_cpu, lim_mem) \
	"  - name: " name "\n    image: x\n    resources:\n" \
	"      requests: {" req_cpu req_mem "}\n      limits: {" lim_cpu lim_mem "}\n"

static const model_case cases[] = {
	{"deployment with defaults",
	 "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n"
	 "  template:\n    spec:\n      containers:\n      - {name: a, image: x, "
	 "resources: {requests: {cpu: 250m, memory: 256Mi}}}\n",
	 1, "Deployment", "default", 1, false, 1, HR_QOS_BURSTABLE, MILLI(250), MI(256)},
	{"limits only: requests default from limits, Guaranteed",
	 "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s, namespace: db}\n"
	 "spec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n"
	 "      - {name: a, resources: {limits: {cpu: 1, memory: 1Gi}}}\n",
	 1, "StatefulSet", "db", 3, false, 1, HR_QOS_GUARANTEED, MILLI(1000), MI(1024)},
	{"no resources: BestEffort",
	 "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
	 "  - {name: a}\n", 1, "Pod", "default", 1, false, 1, HR_QOS_BEST_EFFORT, 0, 0},
	{"sidecars add up, init containers peak",
	 "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n"
	 "  template:\n    spec:\n      initContainers:\n"
	 "      - {name: proxy, restartPolicy: Always, resources: {requests: {cpu: 50m, memory: 10Mi}}}\n"
	 "      - {name: migrate, resources: {requests: {cpu: 500m, memory: 20Mi}}}\n"
	 "      containers:\n      - {name: app, resources: {requests: {cpu: 100m, memory: 100Mi}}}\n",
	 1, "Deployment", "default", 1, false, 3, HR_QOS_BURSTABLE, MILLI(550), MI(110)},
	{"DaemonSet runs per node",
	 "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\nspec:\n"
	 "  template:\n    spec:\n      containers: [{name: a}]\n",
	 1, "DaemonSet", "default", 1, true, 1, HR_QOS_BEST_EFFORT, 0, 0},
	{"CronJob template and parallelism",
	 "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n"
	 "  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      parallelism: 4\n"
	 "      template:\n        spec:\n          containers: [{name: a, resources: "
	 "{requests: {cpu: 0.5}}}]\n",
	 1, "CronJob", "default", 4, false, 1, HR_QOS_BURSTABLE, MILLI(500), 0},
	{"Job parallelism",
	 "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelism: 2\n"
	 "  template:\n    spec:\n      containers: [{name: a}]\n",
	 1, "Job", "default", 2, false, 1, HR_QOS_BEST_EFFORT, 0, 0},
	{"ReplicaSet and ReplicationController",
	 "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r}\nspec:\n  replicas: 010\n"
	 "  template:\n    spec:\n      containers: [{name: a}]\n---\n"
	 "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n"
	 "  template:\n    spec:\n      containers: [{name: a}]\n",
	 2, "ReplicaSet", "default", 8, false, 1, HR_QOS_BEST_EFFORT, 0, 0},
	{"Rollout with an inline template",
	 "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n"
	 "  replicas: 5\n  template:\n    spec:\n      containers: [{name: a, resources: "
	 "{requests: {memory: 1e3}}}]\n",
	 1, "Rollout", "default", 5, false, 1, HR_QOS_BURSTABLE, 0, (hr_nano)1000 * 1000000000},
	{"Rollout running a Deployment's template (workloadRef)",
	 "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n"
	 "  replicas: 5\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: d}\n---\n"
	 "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 0\n"
	 "  template:\n    spec:\n      containers: [{name: a, resources: {requests: {cpu: 1}}}]\n",
	 2, "Rollout", "default", 5, false, 1, HR_QOS_BURSTABLE, MILLI(1000), 0},
	{"a Deployment of another API group is not a workload",
	 "apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {}\n",
	 0, NULL, NULL, 0, false, 0, HR_QOS_BEST_EFFORT, 0, 0},
	{"pod-level resources decide totals and QoS",
	 "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  resources:\n"
	 "    limits: {cpu: 2, memory: 2Gi}\n  containers: [{name: a}]\n",
	 1, "Pod", "default", 1, false, 1, HR_QOS_GUARANTEED, MILLI(2000), MI(2048)},
	{"a zero limit does not make a pod Guaranteed",
	 "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
	 "  - {name: a, resources: {limits: {cpu: 0, memory: 1Gi}}}\n",
	 1, "Pod", "default", 1, false, 1, HR_QOS_BURSTABLE, 0, MI(1024)},
};

static void test_model_cases(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const model_case *c = &cases[i];
		hr_manifests *set;
		hr_model *m = NULL;
		assert_int_equal(load_text(c->yaml, &set), HR_OK);
		int rc = hr_model_build(set, &m);
		bool ok = rc == HR_OK && m->workload_count == c->workloads;
		if (ok && c->workloads) {
			const hr_workload *w = &m->workloads[0];
			ok = strcmp(w->kind_name, c->kind) == 0 &&
			     strcmp(w->namespace_, c->ns) == 0 &&
			     w->replicas == c->replicas && w->per_node == c->per_node &&
			     w->container_count == c->containers && w->qos == c->qos &&
			     w->pod_requests[HR_RES_CPU].nano == c->pod_cpu &&
			     w->pod_requests[HR_RES_MEMORY].nano == c->pod_memory;
		}
		if (!ok) {
			printf("case '%s' failed (rc %d: %s)\n", c->name, rc,
			       rc ? hr_error_last()->message : "");
			if (m && m->workload_count) {
				const hr_workload *w = &m->workloads[0];
				printf("  got %s %s replicas %lld containers %zu qos %s cpu %lld mem %lld\n",
				       w->kind_name, w->namespace_, (long long)w->replicas,
				       w->container_count, hr_qos_name(w->qos),
				       (long long)w->pod_requests[HR_RES_CPU].nano,
				       (long long)(w->pod_requests[HR_RES_MEMORY].nano / 1000000000));
			}
			bad++;
		}
		hr_model_free(&m);
		hr_manifests_free(&set);
	}
	assert_int_equal(bad, 0);
}

typedef struct error_case {
	const char *name;
	const char *yaml;
	unsigned line;
	const char *contains;
} error_case;

#define POD_WITH(container) \
	"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - " container "\n"

static const error_case errors[] = {
	{"bad quantity", POD_WITH("{name: a, resources: {limits: {memory: 512MB}}}"), 6,
	 "invalid quantity \"512MB\""},
	{"bad suffix", POD_WITH("{name: a, resources: {limits: {cpu: 1K}}}"), 6,
	 "suffix"},
	{"negative quantity", POD_WITH("{name: a, resources: {requests: {cpu: -1}}}"), 6,
	 "greater than or equal to 0"},
	{"bool quantity", POD_WITH("{name: a, resources: {requests: {cpu: yes}}}"), 6,
	 "not a boolean"},
	{"list quantity", POD_WITH("{name: a, resources: {requests: {cpu: [1]}}}"), 6,
	 "not a list"},
	{"huge quantity", POD_WITH("{name: a, resources: {requests: {memory: 100E}}}"), 6,
	 "beyond the range"},
	{"template in a quantity", POD_WITH("{name: a, resources: {requests: {cpu: \"{{ .cpu }}\"}}}"),
	 6, "unrendered template"},
	{"replicas as a string", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
	 "spec:\n  replicas: \"3\"\n  template: {spec: {containers: [{name: a}]}}\n", 5,
	 "must be an integer"},
	{"negative replicas", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
	 "spec:\n  replicas: -2\n  template: {spec: {containers: [{name: a}]}}\n", 5,
	 "between 0 and"},
	{"containers not a list", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
	 "  containers: nope\n", 5, "must be a list"},
	{"no containers", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n",
	 4, "no containers"},
	{"container without a name", POD_WITH("{image: x}"), 6, "has no name"},
	{"label that is a number", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
	 "  labels: {version: 2}\nspec: {containers: [{name: a}]}\n", 5, "quote it"},
	{"no metadata name", "apiVersion: v1\nkind: Pod\nmetadata: {}\nspec: {containers: [{name: a}]}\n",
	 3, "metadata.name is missing"},
	{"no pod template", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
	 "spec: {replicas: 1}\n", 4, "no pod template"},
	{"resources not a mapping", POD_WITH("{name: a, resources: 5}"), 6, "must be a mapping"},
};

static void test_model_errors(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		const error_case *c = &errors[i];
		hr_manifests *set;
		hr_model *m = NULL;
		assert_int_equal(load_text(c->yaml, &set), HR_OK);
		int rc = hr_model_build(set, &m);
		const hr_error *e = hr_error_last();
		bool ok = rc == HR_EINVALID && m->error_count >= 1 &&
		          e->line == c->line && strstr(e->message, c->contains) &&
		          strcmp(e->file, "test.yaml") == 0;
		if (!ok) {
			printf("case '%s': rc %d, line %u (want %u): %s\n", c->name, rc,
			       e->line, c->line, e->message);
			bad++;
		}
		hr_model_free(&m);
		hr_manifests_free(&set);
	}
	assert_int_equal(bad, 0);
}

static const char *scaling_yaml =
	"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n"
	"spec:\n  template:\n    metadata: {labels: {app: web, tier: front}}\n"
	"    spec: {containers: [{name: a}]}\n---\n"
	"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
	"metadata: {name: web, namespace: shop}\nspec:\n"
	"  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"
	"  minReplicas: 2\n  maxReplicas: 10\n  metrics:\n  - type: Resource\n"
	"    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}\n---\n"
	"apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\n"
	"metadata: {name: other, namespace: shop}\nspec:\n"
	"  scaleTargetRef: {kind: Deployment, name: missing}\n  maxReplicas: 3\n"
	"  targetCPUUtilizationPercentage: 60\n---\n"
	"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\n"
	"spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n"
	"    matchExpressions: [{key: tier, operator: In, values: [front, back]}]\n---\n"
	"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: elsewhere}\n"
	"spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}\n---\n"
	"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: none, namespace: shop}\n"
	"spec: {minAvailable: 1}\n---\n"
	"apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\n"
	"metadata: {name: web, namespace: shop}\nspec:\n"
	"  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"
	"  updatePolicy: {updateMode: Auto}\nstatus:\n  recommendation:\n"
	"    containerRecommendations:\n    - containerName: a\n"
	"      target: {cpu: 25m, memory: 262144k}\n      upperBound: {cpu: 100m, memory: 500Mi}\n";

static void test_scaling_links(void **state)
{
	(void)state;
	hr_manifests *set;
	hr_model *m = NULL;
	assert_int_equal(load_text(scaling_yaml, &set), HR_OK);
	assert_int_equal(hr_model_build(set, &m), HR_OK);
	assert_int_equal(m->workload_count, 1);
	assert_int_equal(m->hpa_count, 2);
	assert_int_equal(m->pdb_count, 3);
	assert_int_equal(m->vpa_count, 1);
	const hr_workload *w = hr_model_find(m, "Deployment", "shop", "web");
	assert_non_null(w);
	assert_null(hr_model_find(m, "Deployment", "default", "web"));
	assert_non_null(w->hpa);
	assert_string_equal(w->hpa->name, "web");
	assert_int_equal(w->hpa->min_replicas, 2);
	assert_int_equal(w->hpa->max_replicas, 10);
	assert_int_equal(w->hpa->metric_count, 1);
	assert_int_equal(w->hpa->metrics[0].average_utilization, 70);
	assert_null(m->hpas[1].target);
	assert_int_equal(m->hpas[1].metrics[0].average_utilization, 60);
	assert_int_equal(w->pdb_count, 1);
	assert_string_equal(w->pdbs[0]->name, "web");
	assert_true(m->pdbs[2].selects_nothing);
	assert_ptr_equal(w->vpa, &m->vpas[0]);
	assert_string_equal(w->vpa->update_mode, "Auto");
	assert_int_equal(w->vpa->recommendation_count, 1);
	assert_int_equal(hr_quantity_milli(&w->vpa->recommendations[0].target[HR_RES_CPU].quantity), 25);
	assert_int_equal(hr_quantity_value(&w->vpa->recommendations[0].upper_bound[HR_RES_MEMORY].quantity),
	                 500 * 1048576);
	hr_model_free(&m);
	hr_manifests_free(&set);
}

static void test_env_and_command(void **state)
{
	(void)state;
	const char *yaml = POD_WITH("name: app\n    image: eclipse-temurin:21\n"
	                            "    command: [sh, -c, 'exec java $JAVA_OPTS -jar app.jar']\n"
	                            "    args: [--port, \"8080\"]\n"
	                            "    envFrom: [{configMapRef: {name: cfg}}]\n"
	                            "    env:\n    - {name: JAVA_OPTS, value: -Xmx512m}\n"
	                            "    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}\n"
	                            "    - {name: EMPTY}");
	hr_manifests *set;
	hr_model *m = NULL;
	assert_int_equal(load_text(yaml, &set), HR_OK);
	assert_int_equal(hr_model_build(set, &m), HR_OK);
	const hr_container *c = &m->workloads[0].containers[0];
	assert_string_equal(c->image, "eclipse-temurin:21");
	assert_int_equal(c->command.count, 3);
	assert_string_equal(c->command.items[2], "exec java $JAVA_OPTS -jar app.jar");
	assert_int_equal(c->args.count, 2);
	assert_string_equal(c->args.items[1], "8080");
	assert_true(c->env_from);
	assert_int_equal(c->env_count, 3);
	assert_string_equal(c->env[0].value, "-Xmx512m");
	assert_true(c->env[1].from_reference);
	assert_null(c->env[1].value);
	assert_string_equal(c->env[2].value, "");
	hr_model_free(&m);
	hr_manifests_free(&set);
}

/* A value's node is where the finding will point: line and column of the
 * scalar itself. */
static void test_value_positions(void **state)
{
	(void)state;
	const char *yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
	                   "  containers:\n  - name: a\n    resources:\n      limits:\n"
	                   "        memory: 256Mi\n";
	hr_manifests *set;
	hr_model *m = NULL;
	assert_int_equal(load_text(yaml, &set), HR_OK);
	assert_int_equal(hr_model_build(set, &m), HR_OK);
	const hr_resource_value *v = &m->workloads[0].containers[0].resources.limits[HR_RES_MEMORY];
	assert_true(v->set);
	assert_string_equal(v->text, "256Mi");
	assert_int_equal(v->node->start.line, 9);
	assert_int_equal(v->node->start.column, 17);
	const hr_resource_value *r = &m->workloads[0].containers[0].resources.effective_requests[HR_RES_MEMORY];
	assert_true(r->from_limit);
	hr_model_free(&m);
	hr_manifests_free(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_cases),
		cmocka_unit_test(test_model_errors),
		cmocka_unit_test(test_scaling_links),
		cmocka_unit_test(test_env_and_command),
		cmocka_unit_test(test_value_positions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
