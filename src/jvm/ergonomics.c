/*
 * What the JVM decides for itself inside the container (reference/jvm.md
 * 3): the memory it sizes from, its max heap (Arguments::set_heap_size),
 * the CPUs it sizes thread pools for (CgroupUtil::processor_count) and the
 * collector ergonomics pick (GCConfig::select_gc_ergonomically).
 */
#include "jvm/jvm_internal.h"

#include <math.h>

#define MIB ((int64_t)1024 * 1024)
#define GIB (1024 * MIB)

/* ScaleForWordSize(96M) on 64-bit: the MaxHeapSize default the
 * ergonomics start from. */
#define DEFAULT_MAX_HEAP ((int64_t)130862280)
#define DEFAULT_MAX_RAM (128 * GIB)
#define COMPRESSED_OOPS_MAX (32 * GIB)
/* os::is_server_class_machine: 2 GiB less 256 MiB of slack. */
#define SERVER_CLASS_MEMORY (2 * GIB - 256 * MIB)

static bool any_ram_percentage(const hr_jvm *jvm)
{
	return jvm->settings[HR_JVM_MAX_RAM_PERCENTAGE].set ||
	       jvm->settings[HR_JVM_MIN_RAM_PERCENTAGE].set ||
	       jvm->settings[HR_JVM_INITIAL_RAM_PERCENTAGE].set;
}

/* Container support came with JDK 10 and 8u191 (JDK-8146115); JDK 9 and
 * older 8 updates see the node. */
static bool detects_containers(const hr_jvm *jvm)
{
	const hr_jvm_setting *support = &jvm->settings[HR_JVM_CONTAINER_SUPPORT];
	if (support->set && !support->value)
		return false;
	int f = jvm->jdk_feature, u = jvm->jdk_update;
	if (f == 9 || (f > 0 && f < 8) || (f == 8 && u >= 0 && u < 191))
		return false;
	return true;
}

/* The physical memory the JVM sees (os::physical_memory), and why; -1
 * when it cannot be known. */
static int64_t physical_memory(const jvm_build *b, hr_jvm_heap_source *source)
{
	if (detects_containers(b->jvm) && b->env->memory_limit > 0) {
		*source = HR_HEAP_ERGONOMICS;
		return b->env->memory_limit;
	}
	if (b->env->node_memory > 0) {
		*source = HR_HEAP_NODE_MEMORY;
		return b->env->node_memory;
	}
	*source = HR_HEAP_UNKNOWN;
	return -1;
}

/* What the heap is sized from: MaxRAM when set (even above the limit),
 * else the physical memory capped at MaxRAM's default. */
static int64_t heap_basis(const hr_jvm *jvm, int64_t phys, hr_jvm_heap_source *source)
{
	const hr_jvm_setting *max_ram = &jvm->settings[HR_JVM_MAX_RAM];
	if (max_ram->set) {
		*source = HR_HEAP_MAX_RAM;
		return max_ram->value;
	}
	if (phys > DEFAULT_MAX_RAM && !any_ram_percentage(jvm))
		return DEFAULT_MAX_RAM;
	return phys;
}

/* OpenJ9 with a container limit: 50% below 1 GiB, limit - 512 MiB up to
 * 2 GiB, 75% above, at most 25 GiB (eclipse.dev/openj9 docs). */
static int64_t openj9_heap(int64_t phys)
{
	if (phys < GIB)
		return phys / 2;
	if (phys <= 2 * GIB)
		return phys - 512 * MIB;
	int64_t heap = phys / 4 * 3;
	return heap > 25 * GIB ? 25 * GIB : heap;
}

static void max_heap(jvm_build *b)
{
	hr_jvm *jvm = b->jvm;
	const hr_jvm_setting *xmx = &jvm->settings[HR_JVM_MAX_HEAP];
	hr_jvm_heap_source phys_source;
	int64_t phys = physical_memory(b, &phys_source);
	jvm->memory_seen = phys;
	phys = heap_basis(jvm, phys, &phys_source);
	if (xmx->set) {
		jvm->max_heap = xmx->value;
		jvm->heap_source = xmx->option && xmx->option->text[2] == 'X'
		                           ? HR_HEAP_MAX_HEAP_SIZE
		                           : HR_HEAP_XMX;
		return;
	}
	if (phys < 0) {
		jvm->max_heap = -1;
		jvm->heap_source = HR_HEAP_UNKNOWN;
		return;
	}
	const hr_jvm_setting *max_pct = &jvm->settings[HR_JVM_MAX_RAM_PERCENTAGE];
	const hr_jvm_setting *min_pct = &jvm->settings[HR_JVM_MIN_RAM_PERCENTAGE];
	double max_percent = max_pct->set ? max_pct->number : 25.0;
	double min_percent = min_pct->set ? min_pct->number : 50.0;
	int64_t heap;
	bool by_percentage;
	if (jvm->openj9 && !max_pct->set && phys_source == HR_HEAP_ERGONOMICS) {
		heap = openj9_heap(phys);
		by_percentage = false;
	} else {
		int64_t rmax = (int64_t)((double)phys * max_percent / 100.0);
		int64_t rmin = (int64_t)((double)phys * min_percent / 100.0);
		if (rmin < DEFAULT_MAX_HEAP) {
			heap = rmin; /* "small physical memory" */
			by_percentage = min_pct->set;
		} else {
			heap = rmax > DEFAULT_MAX_HEAP ? rmax : DEFAULT_MAX_HEAP;
			by_percentage = max_pct->set;
		}
		if (!any_ram_percentage(jvm) && heap > COMPRESSED_OOPS_MAX)
			heap = COMPRESSED_OOPS_MAX;
	}
	const hr_jvm_setting *xms = &jvm->settings[HR_JVM_INITIAL_HEAP];
	if (xms->set && xms->value > heap)
		heap = xms->value; /* the max grows to the initial size */
	jvm->max_heap = heap;
	if (phys_source != HR_HEAP_ERGONOMICS)
		jvm->heap_source = phys_source;
	else
		jvm->heap_source = by_percentage ? HR_HEAP_RAM_PERCENTAGE
		                                 : HR_HEAP_ERGONOMICS;
}

/* Before JDK-8281181 (JDK 19, 17.0.5, 11.0.17) the JVM took its CPU count
 * from cpu.shares, that is from the request. */
static bool uses_cpu_shares(const hr_jvm *jvm)
{
	int f = jvm->jdk_feature, u = jvm->jdk_update;
	if (f == 0)
		return false;
	if (f <= 10 || (f >= 12 && f <= 16))
		return true;
	if (f == 11)
		return u >= 0 && u < 17;
	if (f == 17)
		return u >= 0 && u < 5;
	if (f == 18)
		return u >= 0 && u < 2;
	return false;
}

int hr_jvm_cpus_of_milli(int64_t milli)
{
	const int64_t most = 1 << 20;
	if (milli <= 0)
		return 0;
	int64_t cpus = milli / 1000 + (milli % 1000 != 0);
	return (int)(cpus > most ? most : cpus);
}

static void cpus(jvm_build *b)
{
	hr_jvm *jvm = b->jvm;
	const hr_jvm_setting *active = &jvm->settings[HR_JVM_ACTIVE_PROCESSORS];
	const hr_jvm_environment *env = b->env;
	if (active->set && active->value > 0) {
		jvm->cpus = active->value > 4096 ? 4096 : (int)active->value;
		jvm->cpus_source = "ActiveProcessorCount";
	} else if (env->cpu_limit_milli > 0 && detects_containers(jvm)) {
		jvm->cpus = hr_jvm_cpus_of_milli(env->cpu_limit_milli);
		jvm->cpus_source = "limits.cpu";
	} else if (uses_cpu_shares(jvm) && detects_containers(jvm) &&
	           env->cpu_request_milli > 0) {
		jvm->cpus = hr_jvm_cpus_of_milli(env->cpu_request_milli);
		jvm->cpus_source = "requests.cpu";
	} else if (env->node_cpu_milli > 0) {
		jvm->cpus = hr_jvm_cpus_of_milli(env->node_cpu_milli);
		jvm->cpus_source = "node";
	} else {
		jvm->cpus = 0;
		jvm->cpus_source = "unknown";
	}
}

/* Unknown CPUs or memory mean "the node's", which is server class. */
static bool server_class(const hr_jvm *jvm)
{
	bool enough_cpus = jvm->cpus == 0 || jvm->cpus >= 2;
	bool enough_memory = jvm->memory_seen < 0 ||
	                     jvm->memory_seen >= SERVER_CLASS_MEMORY;
	return enough_cpus && enough_memory;
}

void hr_jvm_apply_ergonomics(jvm_build *b)
{
	hr_jvm *jvm = b->jvm;
	max_heap(b);
	cpus(b);
	if (jvm->gc_explicit)
		return;
	if (!server_class(jvm))
		jvm->gc = HR_GC_SERIAL;
	else
		jvm->gc = jvm->jdk_feature == 8 ? HR_GC_PARALLEL : HR_GC_G1;
}
