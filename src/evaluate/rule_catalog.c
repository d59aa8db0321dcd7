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
	{{"jvm-heap-exceeds-limit", HR_SEVERITY_FAIL, "jvm",
	  "the JVM's heap plus non-heap memory does not fit the memory limit",
	  "The memory limit applies to the whole JVM process, not to the "
	  "heap: metaspace, code cache, thread stacks, direct buffers, GC "
	  "structures and malloc arenas count too.  When the sum reaches the "
	  "limit the kernel OOM-kills the process (exit code 137) with no "
	  "OutOfMemoryError in the logs.  headroom adds up the max heap (-Xmx "
	  "or -XX:MaxHeapSize, else MaxRAMPercentage of the limit, else the "
	  "JVM's default: 50% below about 250Mi, a flat 124.8Mi up to about "
	  "500Mi, 25% above), metaspace, code cache, threads x -Xss, direct "
	  "memory, a GC share of the heap and other native memory, each from "
	  "the options or the profile's `jvm:` defaults.  This budget does "
	  "not fit the limit, or the heap alone reaches it.  The finding "
	  "points at the heap option's line, or at the memory limit.\n\nFix: "
	  "raise resources.limits.memory to the suggested value, or lower "
	  "-Xmx (or -XX:MaxRAMPercentage) to the suggested value; both are "
	  "given.\n\nSource: kubernetes.io Manage Resources for Containers; "
	  "HotSpot arguments.cpp (Arguments::set_heap_size); Paketo libjvm "
	  "memory calculator."},
	 hr_check_jvm_heap_exceeds_limit},
	{{"jvm-heap-fraction-high", HR_SEVERITY_WARN, "jvm",
	  "the max heap is a larger share of the memory limit than allowed",
	  "The budget fits, but the heap takes more of limits.memory than the "
	  "profile's jvm.max_heap_fraction (75% by default).  The rest of the "
	  "limit must hold everything -Xmx does not bound: thread stacks, "
	  "direct (NIO, Netty) buffers, metaspace, code cache, GC structures "
	  "and malloc arenas.  These grow with load (more threads, more "
	  "connections, more classes loaded), so with thin room a traffic "
	  "peak or a new dependency can push the process over the limit into "
	  "an OOM kill (exit 137).  For comparison, the JVM's own default is "
	  "25% of the limit and Red Hat's UBI images use 50%.\n\nFix: set "
	  "-Xmx (or -XX:MaxRAMPercentage, e.g. -XX:MaxRAMPercentage=75.0; JDK "
	  "8 needs the decimal point) at or below the fraction of the limit, "
	  "or raise resources.limits.memory.  A profile that knows its "
	  "workloads can move the threshold with `jvm: {max_heap_fraction: "
	  "80%}`.\n\nSource: HotSpot gc_globals.hpp (MaxRAMPercentage, "
	  "default 25); Red Hat UBI OpenJDK images (JAVA_MAX_MEM_RATIO, "
	  "default 50)."},
	 hr_check_jvm_heap_fraction_high},
	{{"jvm-no-memory-limit", HR_SEVERITY_WARN, "jvm",
	  "a Java container has no memory limit and no explicit max heap",
	  "Without a memory limit the JVM sees the node's memory, and without "
	  "-Xmx it sizes the heap from it: 25% of the node's RAM "
	  "(MaxRAMPercentage), capped by MaxRAM at 128 GiB.  The same image "
	  "gets a 4 GiB heap on a 16 GiB node and a 16 GiB heap on a 64 GiB "
	  "node.  A heap grows towards its maximum and is not readily given "
	  "back, so the pod can push the node into memory pressure, where the "
	  "kubelet evicts pods and the kernel kills processes, often a "
	  "neighbour's.\n\nFix: set resources.limits.memory; with container "
	  "support (the default) the JVM then sizes the heap from the limit, "
	  "and -XX:MaxRAMPercentage applies to it.  Or set an explicit -Xmx "
	  "that fits the container's budget.\n\nSource: HotSpot arguments.cpp "
	  "(Arguments::set_heap_size); java man page (MaxRAM); kubernetes.io "
	  "Manage Resources for Containers."},
	 hr_check_jvm_no_memory_limit},
	{{"jvm-container-support-disabled", HR_SEVERITY_FAIL, "jvm",
	  "the JVM sizes its heap from the node, not from the container limit",
	  "-XX:-UseContainerSupport makes the JVM ignore the container's "
	  "cgroup: without an explicit max heap it sizes the heap from the "
	  "node's RAM (25% of it, up to MaxRAM's 128 GiB cap), not from "
	  "limits.memory.  On a 64 GiB node that is a 16 GiB heap in a "
	  "container limited to, say, 2Gi, and the kernel OOM-kills it (exit "
	  "137) as soon as the heap grows past the limit.  -XX:MaxRAM set "
	  "above the limit does the same: an explicit MaxRAM replaces the "
	  "detected memory even when it is larger than the container limit, "
	  "and the heap percentages apply to it.\n\nFix: remove "
	  "-XX:-UseContainerSupport (container support is on by default since "
	  "JDK 10 and 8u191) and -XX:MaxRAM, or set -Xmx explicitly to a "
	  "value within the budget (the suggested value).\n\nSource: java man "
	  "page (UseContainerSupport, MaxRAM); HotSpot arguments.cpp "
	  "(Arguments::set_heap_size)."},
	 hr_check_jvm_container_support_disabled},
	{{"jvm-invalid-option", HR_SEVERITY_FAIL, "jvm",
	  "a JVM option would stop the JVM from starting",
	  "The JVM refuses these options at start and exits, so the container "
	  "crash-loops.  headroom finds: a size outside HotSpot's grammar "
	  "(digits and at most one of k, m, g, t: 512MB and 1.5g give "
	  "\"Invalid maximum heap size\"); a percentage that is not a number "
	  "or outside 0-100; -Xms above -Xmx (\"Initial heap size set to a "
	  "larger value than the maximum heap size\"); two collectors after "
	  "merging all sources (\"Multiple garbage collectors selected\"); "
	  "-XX:CICompilerCount below 2 with tiered compilation; a boolean "
	  "written with = (\"Missing +/- setting for VM option\"); -jar or a "
	  "main class in JDK_JAVA_OPTIONS; an unmatched quote in an options "
	  "variable; a $(VAR) argument holding several flags, the first a "
	  "size, which Kubernetes passes as one argument (\"Invalid maximum "
	  "heap size: -Xmx512m -Xms512m\").\n\nFix: write sizes as -Xmx1536m, "
	  "booleans as -XX:+Name or -XX:-Name; keep one -XX:+Use...GC across "
	  "JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS and the command line; put -jar "
	  "on the command line; give each flag its own argument.\n\nSource: "
	  "HotSpot arguments.cpp (atojulong, process_argument), "
	  "gcArguments.cpp, gcConfig.cpp; java man page (JDK_JAVA_OPTIONS)."},
	 hr_check_jvm_invalid_option},
	{{"jvm-serial-gc-ergonomics", HR_SEVERITY_INFO, "jvm",
	  "a small container makes the JVM pick the Serial collector",
	  "No collector is selected, so the JVM picks one itself.  It takes "
	  "G1 (JDK 9 and later; Parallel on JDK 8) only on a \"server-class "
	  "machine\": at least 2 CPUs and at least 1792 MiB of memory, and in "
	  "a container both are the container's values (ceil(limits.cpu) and "
	  "limits.memory).  This container is below one of them, so the JVM "
	  "runs the Serial collector, which stops the application and "
	  "collects with a single thread.  That can be the right choice for a "
	  "small service, but it is rarely a deliberate one.  The finding is "
	  "a warning when G1 tuning such as -XX:MaxGCPauseMillis or "
	  "-XX:G1HeapRegionSize is set, because Serial ignores it.\n\nFix: "
	  "select the collector explicitly: -XX:+UseSerialGC to acknowledge "
	  "the choice, or -XX:+UseG1GC, or give the container 2 CPUs and "
	  "1792Mi so that the default is G1.\n\nSource: HotSpot os.cpp "
	  "(os::is_server_class_machine) and gcConfig.cpp "
	  "(select_gc_ergonomically); JEP 248."},
	 hr_check_jvm_serial_gc_ergonomics},
	{{"jvm-cpu-count-mismatch", HR_SEVERITY_WARN, "jvm",
	  "the JVM's thread pools assume more CPUs than the container has",
	  "The JVM sizes its GC, JIT and ForkJoin pools for the CPUs it sees, "
	  "and in a container that is ceil(limits.cpu): a 1500m limit looks "
	  "like 2 CPUs.  Two GC threads plus JIT threads can then use 200ms "
	  "of CPU per 100ms period against a 150ms quota, so the container is "
	  "throttled in the middle of a pause.  The same happens when "
	  "-XX:ActiveProcessorCount, -XX:ParallelGCThreads or "
	  "-XX:ConcGCThreads exceed ceil(limits.cpu).  A concurrent collector "
	  "(G1, ZGC, Shenandoah) chosen explicitly on 1 CPU or less runs its "
	  "background work on the application's only core.\n\nFix: round "
	  "limits.cpu to whole cores (2 rather than 1500m), or set "
	  "-XX:ActiveProcessorCount to the suggested value; drop "
	  "-XX:ParallelGCThreads and -XX:ConcGCThreads or lower them to at "
	  "most ceil(limits.cpu).  On 1 CPU, use -XX:+UseSerialGC or give the "
	  "container 2 CPUs.\n\nSource: HotSpot cgroupUtil_linux.cpp "
	  "(CgroupUtil::processor_count), workerPolicy.cpp; kubelet CFS quota "
	  "(helpers_linux.go)."},
	 hr_check_jvm_cpu_count_mismatch},
	{{"jvm-no-cpu-limit", HR_SEVERITY_WARN, "jvm",
	  "the JVM sizes its thread pools from the node's CPUs",
	  "Without a CPU limit and without -XX:ActiveProcessorCount, JDK 19+, "
	  "17.0.5+ and 11.0.17+ size the GC, JIT and ForkJoin pools from the "
	  "node's CPU count (or its cpuset), whatever the CPU request says; "
	  "older JDKs derived the count from the request through cpu shares.  "
	  "On a 64-CPU node a pod that requested 500m gets 43 parallel GC "
	  "threads and 18 JIT compiler threads.  GC pauses and parallel work "
	  "then compete for far more CPU than the pod is guaranteed, and the "
	  "same image behaves differently on every node size.\n\nFix: set "
	  "-XX:ActiveProcessorCount to the CPU request rounded up, at least 2 "
	  "(e.g. -XX:ActiveProcessorCount=2 for a 1500m request), for example "
	  "in JAVA_TOOL_OPTIONS.  This works in profiles that forbid CPU "
	  "limits.  Or set resources.limits.cpu.\n\nSource: JDK-8281181; "
	  "HotSpot workerPolicy.cpp; java man page (ActiveProcessorCount)."},
	 hr_check_jvm_no_cpu_limit},
	{{"jvm-options-not-applied", HR_SEVERITY_WARN, "jvm",
	  "JVM options are set where the JVM never reads them",
	  "These options never reach the JVM, so the settings a reviewer "
	  "approved are not the ones that run, and nothing fails.  Only "
	  "shells and entrypoint scripts read JAVA_OPTS (or JVM_OPTS and the "
	  "like): a container that runs java directly without referencing it "
	  "drops it; the JVM itself reads JAVA_TOOL_OPTIONS.  Options after "
	  "the main class, -jar file or -m module are application arguments: "
	  "in java -jar app.jar -Xmx1g, -Xmx1g is not a JVM flag.  "
	  "JDK_JAVA_OPTIONS is read by the launcher from JDK 9 on, so a JDK 8 "
	  "image ignores it.  Kubernetes does not split a $(VAR) argument, so "
	  "several flags in it arrive as one option (when that would stop the "
	  "JVM, jvm-invalid-option reports it).\n\nFix: move the options to "
	  "JAVA_TOOL_OPTIONS, or before the main class or -jar, or reference "
	  "the variable in a shell: sh -c 'exec java $JAVA_OPTS -jar "
	  "app.jar'.\n\nSource: java man page (JDK_JAVA_OPTIONS, synopsis); "
	  "HotSpot arguments.cpp (parse_vm_init_args); kubernetes.io Define a "
	  "Command and Arguments for a Container."},
	 hr_check_jvm_options_not_applied},
	{{"jvm-removed-option", HR_SEVERITY_FAIL, "jvm",
	  "a JVM option was removed from or is ignored by the image's JDK",
	  "The image's JDK no longer supports this option.  An expired option "
	  "is fatal: the JVM prints \"Unrecognized VM option\" and exits, so "
	  "the container crash-loops.  Examples: -XX:+UseConcMarkSweepGC "
	  "(removed in 14, fatal from 15), -XX:+UseParallelOldGC (fatal from "
	  "16), -XX:PermSize and -XX:MaxPermSize (fatal from 17), "
	  "-XX:+UseCGroupMemoryLimitForHeap (removed in 11), "
	  "-XX:+ZGenerational (removed in 26).  The finding is a warning when "
	  "the option is only ignored or deprecated on that JDK (\"Ignoring "
	  "option ...; support was removed in ...\", the MaxRAMFraction "
	  "family), or when the image does not say which JDK it runs: the "
	  "next base image may make it fatal.\n\nFix: delete the option or "
	  "use its replacement: -XX:MaxRAMPercentage for -XX:MaxRAMFraction "
	  "(fraction 2 is 50.0), -XX:+UseG1GC or -XX:+UseZGC for CMS, "
	  "-XX:MaxMetaspaceSize for -XX:MaxPermSize.  Container support "
	  "replaces UseCGroupMemoryLimitForHeap and is on by default.\n\n"
	  "Source: JEP 363; JDK-8324771; HotSpot arguments.cpp "
	  "(special_jvm_flags)."},
	 hr_check_jvm_removed_option},
	{{"jvm-direct-memory-unbounded", HR_SEVERITY_WARN, "jvm",
	  "direct buffer memory may grow to the max heap and would not fit",
	  "-XX:MaxDirectMemorySize is not set, so the JDK lets direct buffers "
	  "(NIO, and Netty, which uses the same default) grow up to the max "
	  "heap.  That memory lives outside the heap and -Xmx does not bound "
	  "it: a service with many connections or large I/O buffers can need "
	  "twice its heap plus the rest of the budget.  Here heap + an equal "
	  "amount of direct memory + metaspace, code cache, thread stacks and "
	  "other native memory exceeds limits.memory, so a burst of I/O can "
	  "end in an OOM kill (exit 137) rather than an OutOfMemoryError the "
	  "application could report.\n\nFix: set -XX:MaxDirectMemorySize to "
	  "the suggested value, which fits the budget (written like "
	  "-XX:MaxDirectMemorySize=64m), or raise resources.limits.memory.\n\n"
	  "Source: java man page (MaxDirectMemorySize); jdk.internal.misc.VM "
	  "(default equals the max heap); Netty PlatformDependent."},
	 hr_check_jvm_direct_memory_unbounded},
	{{"jvm-initial-heap-above-request", HR_SEVERITY_WARN, "jvm",
	  "the initial heap (-Xms) is above the memory request",
	  "-Xms (or -XX:InitialHeapSize) is above requests.memory.  The JVM "
	  "reserves the initial heap at start and soon commits it, and a heap "
	  "is not readily given back, so from the first minutes the pod uses "
	  "more memory than the scheduler reserved for it.  The scheduler "
	  "places pods by their requests: on a full node this pod is above "
	  "its request from the start, which makes it among the first the "
	  "kubelet evicts under memory pressure or the kernel OOM-kills.  "
	  "-Xms equal to -Xmx is common advice for servers and is fine when "
	  "the request covers it.\n\nFix: raise resources.requests.memory to "
	  "at least -Xms plus the non-heap memory of the budget (the "
	  "suggested value), or lower -Xms.\n\nSource: kubernetes.io Manage "
	  "Resources for Containers; java man page (-Xms)."},
	 hr_check_jvm_initial_heap_above_request},
	{{"change-step-too-large", HR_SEVERITY_FAIL, "change",
	  "one change moves a request or limit further than the profile allows",
	  "Compared with the base of the change (--base, or the pull "
	  "request's base in CI), a CPU or memory request or limit shrinks by "
	  "more than the profile's change.max_decrease, or grows by more than "
	  "change.max_increase.  Usage data describes the past: a large cut "
	  "in one step leaves no room to see the effect before the next "
	  "outage, while a small step can be watched and rolled back.  A cut "
	  "too large fails; growth too large is a warning, a review of the "
	  "money rather than a risk.\n\nFix: change the value in steps: the "
	  "suggestion is the largest step the policy allows (a cut rounded up "
	  "to a clean quantity, growth rounded down), e.g. 717Mi for a 1Gi "
	  "limit at max_decrease 30%.  Merge it, watch the workload, and take "
	  "the next step in another change."},
	 hr_check_change_step},
	{{"replicas-below-minimum", HR_SEVERITY_WARN, "change",
	  "fewer replicas (or HPA minReplicas) than the profile's minimum",
	  "The profile sets replicas.min: a workload with fewer replicas, or "
	  "an HPA that may scale it below that, has no spare pod when a node "
	  "is drained, a rollout replaces a pod, or one pod crashes, so the "
	  "service is down or overloaded for a while.  Without spec.replicas "
	  "Kubernetes runs one.  DaemonSets, Jobs, CronJobs and bare Pods are "
	  "not judged.  The built-in critical profile makes this a failure.\n"
	  "\nFix: set spec.replicas (or the HPA's spec.minReplicas) to at "
	  "least the profile's minimum, the suggested value; or move the "
	  "workload to a profile with a lower floor."},
	 hr_check_replicas_minimum},
	{{"cost-increase-over-budget", HR_SEVERITY_WARN, "change",
	  "a change raises a workload's monthly cost beyond the budget",
	  "Compared with the base of the change, the workload's monthly cost "
	  "(requests x replicas x hours x price, replicas estimated as in "
	  "the report) rises by more than the profile's "
	  "change.max_cost_increase (money per month) and more than "
	  "change.max_cost_increase_ratio of its base cost.  With both bounds "
	  "set, both must be passed: a small service doubling its few dollars "
	  "is no news, nor is a large one growing by a few percent.  A new "
	  "workload is judged by the absolute bound only.\n\nFix: if the "
	  "growth is meant, have it reviewed (or waive the rule for this "
	  "workload with a reason); otherwise size the requests to the usage "
	  "evidence.  The finding points at the request whose growth costs "
	  "most and states the allowed increase."},
	 hr_check_cost_budget},
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
