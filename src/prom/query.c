/*
 * PromQL for each statistic, as instant queries at the window's end over
 * the whole window.  Series are filtered as kubernetes-mixin does
 * (container!="", container!="POD", image!=""): the pod's own cgroup and
 * the pause container are not workloads' containers.
 *
 * Several series of one (namespace, pod, container) can exist (a new
 * cgroup after a restart, two scrape jobs): they are combined with max,
 * min for the first sample time.  CPU is a subquery of rate() over
 * rate_window at step resolution: rate_window must span several samples
 * (k8s-prom.md 4.4: a window holding one sample gives nothing).
 */
#include "prom/prom_internal.h"

#include "util/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BY_CONTAINER "namespace, pod, container"

static const prom_stat_info stats[PS_COUNT] = {
	[PS_MEM_P50] = {"memory p50", {"namespace", "pod", "container"}},
	[PS_MEM_P95] = {"memory p95", {"namespace", "pod", "container"}},
	[PS_MEM_P99] = {"memory p99", {"namespace", "pod", "container"}},
	[PS_MEM_MAX] = {"memory max", {"namespace", "pod", "container"}},
	[PS_MEM_COUNT] = {"memory samples", {"namespace", "pod", "container"}},
	[PS_MEM_FIRST] = {"first sample", {"namespace", "pod", "container"}},
	[PS_MEM_LAST] = {"last sample", {"namespace", "pod", "container"}},
	[PS_CPU_P50] = {"cpu p50", {"namespace", "pod", "container"}},
	[PS_CPU_P95] = {"cpu p95", {"namespace", "pod", "container"}},
	[PS_CPU_P99] = {"cpu p99", {"namespace", "pod", "container"}},
	[PS_CPU_MAX] = {"cpu max", {"namespace", "pod", "container"}},
	[PS_THROTTLED] = {"cpu throttling", {"namespace", "pod", "container"}},
	[PS_RESTARTS] = {"restarts", {"namespace", "pod", "container"}},
	[PS_OOM] = {"oom kills", {"namespace", "pod", "container"}},
	[PS_POD_OWNER] = {"pod owners",
	                  {"namespace", "pod", "owner_kind", "owner_name"}},
	[PS_RS_OWNER] = {"replicaset owners",
	                 {"namespace", "replicaset", "owner_kind", "owner_name"}},
	[PS_JOB_OWNER] = {"job owners",
	                  {"namespace", "job_name", "owner_kind", "owner_name"}},
};

const prom_stat_info *hr_prom_stat(prom_stat s)
{
	return &stats[s];
}

bool hr_prom_valid_namespace(const char *s)
{
	size_t len = strlen(s);
	if (len == 0 || len > 63 || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-'))
			return false;
	return true;
}

/* A growing string. */
typedef struct text {
	char *s;
	size_t len, cap;
} text;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void add(text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	t->s = hr_xgrow(t->s, &t->cap, t->len + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

/* s inside a PromQL double-quoted string; regex adds a backslash before
 * regex metacharacters (written doubled, as the string literal needs). */
static void add_quoted(text *t, const char *s, bool regex)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (regex && strchr(".^$*+?()[]{}|\\", c))
			add(t, "\\\\");
		if (c == '"' || c == '\\')
			add(t, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			add(t, "\\x%02x", c);
		else
			add(t, "%c", c);
	}
}

/* The matchers every selector of scope carries (no braces). */
static void add_scope(text *t, const prom_scope *sc, bool container_series)
{
	add(t, "namespace=~\"");
	for (size_t i = 0; i < sc->namespace_count; i++)
		add(t, "%s%s", i ? "|" : "", sc->namespaces[i]);
	add(t, "\"");
	if (sc->cluster_label) {
		add(t, ",%s=\"", sc->cluster_label);
		add_quoted(t, sc->cluster, false);
		add(t, "\"");
	}
	if (!container_series)
		return;
	if (sc->pods) {
		add(t, ",pod=~\"");
		for (size_t i = 0; i < sc->pod_count; i++) {
			if (i)
				add(t, "|");
			add_quoted(t, sc->pods[i], true);
		}
		add(t, "\",container=\"");
		add_quoted(t, sc->container, false);
		add(t, "\"");
	} else {
		add(t, ",container!=\"\",container!=\"POD\"");
	}
}

/* metric{filters} for cAdvisor series (image!="" as the mixin does). */
static void cadvisor(text *t, const char *metric, const prom_scope *sc)
{
	add(t, "%s{", metric);
	add_scope(t, sc, true);
	add(t, ",image!=\"\"}");
}

/* metric{filters} for kube-state-metrics container series. */
static void ksm(text *t, const char *metric, const char *extra,
                const prom_scope *sc)
{
	add(t, "%s{", metric);
	add_scope(t, sc, true);
	add(t, "%s}", extra);
}

static void cpu_rate(text *t, const prom_scope *sc)
{
	add(t, "sum by (" BY_CONTAINER ") (rate(");
	cadvisor(t, "container_cpu_usage_seconds_total", sc);
	add(t, "[%llds]))[%llds:%llds]", (long long)sc->rate_window,
	    (long long)sc->window, (long long)sc->step);
}

static const char *const quantiles[] = {"0.5", "0.95", "0.99"};

#define WS "container_memory_working_set_bytes"

/* Restarts in the window: the counter's growth without extrapolation,
 * so whole restarts. */
static void restarts(text *t, const prom_scope *sc)
{
	static const char *const metric =
	        "kube_pod_container_status_restarts_total";
	add(t, "max_over_time(");
	ksm(t, metric, "", sc);
	add(t, "[%llds]) - min_over_time(", (long long)sc->window);
	ksm(t, metric, "", sc);
	add(t, "[%llds])", (long long)sc->window);
}

char *hr_prom_query(prom_stat s, const prom_scope *sc)
{
	text t = {0};
	long long w = (long long)sc->window, step = (long long)sc->step;
	switch (s) {
	case PS_MEM_P50:
	case PS_MEM_P95:
	case PS_MEM_P99:
		add(&t, "max by (" BY_CONTAINER ") (quantile_over_time(%s, ",
		    quantiles[s - PS_MEM_P50]);
		cadvisor(&t, WS, sc);
		add(&t, "[%llds]))", w);
		break;
	case PS_MEM_MAX:
	case PS_MEM_COUNT:
		add(&t, "max by (" BY_CONTAINER ") (%s_over_time(",
		    s == PS_MEM_MAX ? "max" : "count");
		cadvisor(&t, WS, sc);
		add(&t, "[%llds]))", w);
		break;
	case PS_MEM_FIRST:
	case PS_MEM_LAST: {
		const char *agg = s == PS_MEM_FIRST ? "min" : "max";
		add(&t, "%s by (" BY_CONTAINER ") (%s_over_time(timestamp(", agg,
		    agg);
		cadvisor(&t, WS, sc);
		add(&t, ")[%llds:%llds]))", w, step);
		break;
	}
	case PS_CPU_P50:
	case PS_CPU_P95:
	case PS_CPU_P99:
		add(&t, "quantile_over_time(%s, ", quantiles[s - PS_CPU_P50]);
		cpu_rate(&t, sc);
		add(&t, ")");
		break;
	case PS_CPU_MAX:
		add(&t, "max_over_time(");
		cpu_rate(&t, sc);
		add(&t, ")");
		break;
	case PS_THROTTLED:
		/* Only where the container ran CFS periods at all. */
		add(&t, "max by (" BY_CONTAINER ") (increase(");
		cadvisor(&t, "container_cpu_cfs_throttled_periods_total", sc);
		add(&t, "[%llds]) / (increase(", w);
		cadvisor(&t, "container_cpu_cfs_periods_total", sc);
		add(&t, "[%llds]) > 0))", w);
		break;
	case PS_RESTARTS:
		add(&t, "max by (" BY_CONTAINER ") (");
		restarts(&t, sc);
		add(&t, ")");
		break;
	case PS_OOM:
		/* kube-state-metrics keeps the last termination reason, not a
		 * count: a container whose last reason was OOMKilled at some
		 * time in the window counts its restarts as OOM kills, at
		 * least one (an over-count when reasons were mixed). */
		add(&t, "max by (" BY_CONTAINER ") (clamp_min(");
		restarts(&t, sc);
		add(&t, ", 1)) * on (" BY_CONTAINER ") max by (" BY_CONTAINER
		    ") (max_over_time(");
		ksm(&t, "kube_pod_container_status_last_terminated_reason",
		    ",reason=\"OOMKilled\"", sc);
		add(&t, "[%llds]))", w);
		break;
	case PS_POD_OWNER:
	case PS_RS_OWNER:
	case PS_JOB_OWNER: {
		static const char *const metric[] = {
			"kube_pod_owner", "kube_replicaset_owner", "kube_job_owner"};
		const prom_stat_info *info = &stats[s];
		/* max_over_time: pods gone before the window's end count. */
		add(&t, "max by (%s, %s, owner_kind, owner_name) (max_over_time(%s{",
		    info->labels[0], info->labels[1], metric[s - PS_POD_OWNER]);
		add_scope(&t, sc, false);
		add(&t, "}[%llds]))", w);
		break;
	}
	case PS_COUNT:
		break;
	}
	return t.s;
}

char *hr_prom_discovery_match(const prom_scope *sc)
{
	text t = {0};
	add(&t, WS "{container!=\"\",container!=\"POD\",image!=\"\"");
	if (sc->cluster_label) {
		add(&t, ",%s=\"", sc->cluster_label);
		add_quoted(&t, sc->cluster, false);
		add(&t, "\"");
	}
	add(&t, "}");
	return t.s;
}
