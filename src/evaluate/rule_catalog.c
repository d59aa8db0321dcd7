/*
 * The rule catalog: one row per rule, in the order `headroom rules` lists
 * them.  Adding a rule means adding a row here and its check function.
 */
#include "evaluate/evaluate_internal.h"

#include <string.h>

static const hr_rule_entry entries[] = {
	{{"manifest-duplicate-key", HR_SEVERITY_FAIL, "manifest",
	  "a mapping sets the same key twice",
	  "A key written twice in one YAML or JSON mapping is ambiguous: a "
	  "reviewer reads one value, the cluster another.  kubectl and the API "
	  "server silently keep the last one (or, with strict field validation, "
	  "refuse the object), so the value a reviewer approved may not be the "
	  "value that runs.\n\n"
	  "Fix: delete one of the two lines, keeping the value you mean.  The "
	  "finding points at the later key, the one the cluster uses, and names "
	  "the line of the earlier one."},
	 hr_check_duplicate_keys},
	{{"waiver-expired", HR_SEVERITY_FAIL, "manifest",
	  "a waiver in the policy or an annotation has expired",
	  "A waiver silences one rule for one workload until a date, with a "
	  "reason and an owner.  Once the date has passed the waiver no "
	  "longer applies: the finding it covered is reported again, and this "
	  "finding says the waiver itself needs attention.\n\nFix: either fix "
	  "what the waived rule reports, or renew the waiver with a new date "
	  "and a reason someone has agreed to (in .headroom.yaml `waivers:` "
	  "or the `headroom.dev/waive` annotation)."},
	 hr_check_waivers},
	{{"cpu-request-missing", HR_SEVERITY_WARN, "shape",
	  "a container has no CPU request",
	  "Without a CPU request the scheduler places the pod as if it needed "
	  "nothing, so it lands on busy nodes and competes for CPU with no "
	  "guaranteed share (its cgroup weight is the minimum).  Latency "
	  "suffers first under load.\n\nFix: set resources.requests.cpu.  "
	  "With usage data, headroom suggests the profile's percentile (p95 "
	  "by default) rounded up to 5m/10m steps."},
	 hr_check_cpu_request_missing},
	{{"memory-request-missing", HR_SEVERITY_WARN, "shape",
	  "a container has no memory request",
	  "Without a memory request the scheduler does not reserve memory for "
	  "the container, so nodes are overcommitted and the kubelet evicts "
	  "such pods first under memory pressure.\n\nFix: set "
	  "resources.requests.memory to the working set the container needs "
	  "(the profile's percentile of observed usage, rounded up to Mi)."},
	 hr_check_memory_request_missing},
	{{"memory-limit-missing", HR_SEVERITY_WARN, "shape",
	  "a container has no memory limit",
	  "A container without a memory limit can grow until the node runs "
	  "out of memory; then the kernel or the kubelet kills whatever it "
	  "picks, often a neighbour.  A limit turns a leak into a visible, "
	  "contained restart of the culprit.\n\nFix: set "
	  "resources.limits.memory to the observed peak plus the profile's "
	  "headroom (20% by default)."},
	 hr_check_memory_limit_missing},
	{{"cpu-limit-missing", HR_SEVERITY_WARN, "shape",
	  "a container has no CPU limit while its profile requires one",
	  "Some profiles require CPU limits, for example to keep batch jobs "
	  "from starving their neighbours or for chargeback.  This profile "
	  "does and the container sets none.\n\nFix: set "
	  "resources.limits.cpu, at least the profile's limit percentile of "
	  "observed usage; or change the profile if limits are not wanted."},
	 hr_check_cpu_limit_missing},
	{{"cpu-limit-forbidden", HR_SEVERITY_WARN, "shape",
	  "a container sets a CPU limit its profile forbids",
	  "A CPU limit is enforced by CFS quota: a container that bursts past "
	  "it is throttled for the rest of each 100ms period even when the "
	  "node has idle CPU.  Latency-sensitive services (the critical "
	  "profile) are better off with a request and no limit.\n\nFix: "
	  "remove resources.limits.cpu and make sure the CPU request covers "
	  "the usage percentile of the profile."},
	 hr_check_cpu_limit_forbidden},
	{{"limit-below-request", HR_SEVERITY_FAIL, "shape",
	  "a limit is lower than its request",
	  "Kubernetes rejects a container whose limit is below its request "
	  "(\"must be greater than or equal to request\"), so this change "
	  "cannot be applied: the rollout fails at the API server.\n\nFix: "
	  "raise the limit to at least the request, or lower the request."},
	 hr_check_limit_below_request},
	{{"limit-request-ratio", HR_SEVERITY_WARN, "shape",
	  "the CPU limit is too many times the request",
	  "A limit far above the request lets the container burst into CPU it "
	  "never reserved: it runs fast while neighbours are idle and slows "
	  "down sharply when they are not, and nodes become overcommitted.  "
	  "The profile bounds the ratio (cpu.max_limit_ratio).\n\nFix: raise "
	  "the request towards real usage or lower the limit so that limit <= "
	  "ratio x request."},
	 hr_check_limit_request_ratio},
	{{"qos-class-mismatch", HR_SEVERITY_WARN, "shape",
	  "memory limit and request differ where the profile wants them equal",
	  "The profile asks for memory limit = request "
	  "(memory.limit_equals_request), which gives Guaranteed memory: the "
	  "pod is never chosen for eviction under node memory pressure before "
	  "lower classes, and the scheduler reserves what it may use.\n\nFix: "
	  "set the memory request equal to the memory limit (and, for the "
	  "Guaranteed QoS class, CPU limit = request too)."},
	 hr_check_qos_class},
	{{"request-exceeds-node", HR_SEVERITY_FAIL, "shape",
	  "the pod requests more than the largest node can offer",
	  "The scheduler only places a pod on a node whose allocatable "
	  "capacity covers the pod's effective requests (app containers and "
	  "sidecars summed, init containers by their maximum).  A pod that "
	  "needs more than the largest node stays Pending forever.\n\nFix: "
	  "lower the requests, or split the work; the policy's `node:` key "
	  "says how large the largest node is."},
	 hr_check_request_exceeds_node},
	{{"memory-limit-below-peak", HR_SEVERITY_FAIL, "usage",
	  "the memory limit is below the observed peak plus headroom",
	  "The container used more memory in the observed window than this "
	  "limit (with the profile's headroom), so with the same load it "
	  "would be OOM-killed: the kernel kills the process the moment the "
	  "cgroup reaches its limit.\n\nFix: raise resources.limits.memory to "
	  "the suggested value (peak x (1 + headroom), rounded up to Mi), or "
	  "find and fix the memory growth first."},
	 hr_check_memory_limit_below_peak},
	{{"memory-request-below-usage", HR_SEVERITY_WARN, "usage",
	  "the memory request is below the observed working set",
	  "The scheduler reserves the request, not what the container uses: a "
	  "request below the usual working set overcommits the node, and "
	  "under memory pressure the kubelet evicts pods that use more than "
	  "they requested first.\n\nFix: raise resources.requests.memory to "
	  "the profile's percentile of the observed working set (suggested "
	  "value)."},
	 hr_check_memory_request_below_usage},
	{{"cpu-request-below-usage", HR_SEVERITY_WARN, "usage",
	  "the CPU request is below observed usage",
	  "CPU is shared in proportion to requests when a node is busy.  A "
	  "request below what the container usually uses means it gets less "
	  "than it needs exactly when it matters, and the node is "
	  "overcommitted.\n\nFix: raise resources.requests.cpu to the "
	  "profile's percentile of observed usage (suggested, rounded up to "
	  "5m/10m)."},
	 hr_check_cpu_request_below_usage},
	{{"cpu-limit-throttling-risk", HR_SEVERITY_WARN, "usage",
	  "the CPU limit is below observed usage, or throttling was seen",
	  "CFS quota throttles a container that uses its whole CPU limit "
	  "within a period: requests stall for the rest of the 100ms period.  "
	  "A limit below the profile's usage percentile, or a measured "
	  "throttled ratio above 10%, means this is already "
	  "happening.\n\nFix: raise resources.limits.cpu to the suggested "
	  "value, or remove the CPU limit if the profile allows it."},
	 hr_check_cpu_throttling},
	{{"oom-kills-observed", HR_SEVERITY_FAIL, "usage",
	  "the container was OOM-killed in the window and its memory limit is not above the safe value",
	  "Kubernetes reported OOM kills for this container in the usage "
	  "window.  The observed peak understates the need (the process died "
	  "at the limit), and a limit that is not above peak plus headroom "
	  "will keep killing it.\n\nFix: raise resources.limits.memory "
	  "clearly above the observed peak (the suggestion), then look for "
	  "the cause of the growth."},
	 hr_check_oom_kills},
	{{"overprovisioned-cpu", HR_SEVERITY_WARN, "usage",
	  "the CPU request is far above observed usage (money wasted)",
	  "The scheduler reserves requests whether they are used or not: a "
	  "CPU request far above the profile's usage percentile keeps cores "
	  "idle that nobody else can be scheduled on.  The finding prices the "
	  "difference per month; below the profile's waste.min_monthly it "
	  "stays quiet.\n\nFix: lower resources.requests.cpu to the suggested "
	  "value."},
	 hr_check_overprovisioned_cpu},
	{{"overprovisioned-memory", HR_SEVERITY_WARN, "usage",
	  "the memory request is far above observed usage (money wasted)",
	  "A memory request far above the observed working set reserves "
	  "memory nobody uses.  The finding prices the difference per month; "
	  "below the profile's waste.min_monthly it stays quiet.\n\nFix: "
	  "lower resources.requests.memory to the suggested value (keep the "
	  "limit above the peak)."},
	 hr_check_overprovisioned_memory},
	{{"no-usage-data", HR_SEVERITY_INFO, "usage",
	  "usage data was given but none covers this container",
	  "Recommendations were read, but none matches this container "
	  "(namespace, kind, name and container name must match), so the "
	  "usage rules could not check it.  New workloads have no history "
	  "yet; a renamed one loses its history.\n\nFix: nothing, for a new "
	  "workload.  Otherwise check that the recommendations cover this "
	  "cluster and namespace.  The profile's on_missing_data sets how "
	  "much this matters (pass, warn or fail)."},
	 hr_check_no_usage_data},
	{{"low-confidence", HR_SEVERITY_INFO, "usage",
	  "the usage data for this container is too thin to trust",
	  "Few samples or a low coverage of the window (a new workload, a gap "
	  "in metrics) make percentiles unreliable.  Usage findings from such "
	  "data never fail the build: they are reported as warnings and say "
	  "why.\n\nFix: wait for more history, or widen the window.  The "
	  "thresholds are the policy's confidence.min_samples and "
	  "confidence.min_coverage."},
	 hr_check_low_confidence},
};

const hr_rule_entry *hr_rule_entries(size_t *count)
{
	*count = sizeof(entries) / sizeof(entries[0]);
	return entries;
}

size_t hr_rule_count(void)
{
	return sizeof(entries) / sizeof(entries[0]);
}

const hr_rule_info *hr_rule_at(size_t i)
{
	return i < hr_rule_count() ? &entries[i].info : NULL;
}

const hr_rule_info *hr_rule_find(const char *id)
{
	for (size_t i = 0; i < hr_rule_count(); i++)
		if (strcmp(entries[i].info.id, id) == 0)
			return &entries[i].info;
	return NULL;
}
