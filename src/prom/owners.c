/*
 * Pods to workloads.  kube-state-metrics says who owns a pod
 * (kube_pod_owner) and who owns a ReplicaSet or a Job
 * (kube_replicaset_owner, kube_job_owner); asked with max_over_time over
 * the window, so pods gone before its end still count.  Without those
 * series a pod's name tells its controller, as the controllers name them:
 *
 *   CronJob      NAME-<scheduled time in minutes>-<5>   backup-28391040-x2x4z
 *   Deployment   NAME-<pod-template-hash>-<5>           cart-7d9f8b6c5d-x2x4z
 *   StatefulSet  NAME-<ordinal>                         db-0
 *   DaemonSet    NAME-<5>                               agent-x2x4z
 *
 * <5> and the hash use the alphabet of k8s.io/apimachinery's rand.String
 * (no vowels, no 0 1 3).  The patterns are tried in that order; a name
 * like agent-x2x4z could also be a Job's pod, and a Job without owner
 * series is taken for a DaemonSet (Jobs mostly run under CronJobs, which
 * have their own pattern).
 */
#include "prom/prom_internal.h"

#include "util/error_internal.h"
#include "util/pattern_table.h"

#include <string.h>

#define ALPHABET "[bcdfghjklmnpqrstvwxz2456789]"

static const char *const pattern_texts[] = {
	"(.+)-[0-9]{8,10}-" ALPHABET "{5}",
	"(.+)-" ALPHABET "{6,10}-" ALPHABET "{5}",
	"(.+)-(?:0|[1-9][0-9]{0,5})",
	"(.+)-" ALPHABET "{5}",
};

static const char *const pattern_kinds[] = {
	"CronJob", "Deployment", "StatefulSet", "DaemonSet",
};

static hr_pattern_table patterns = HR_PATTERN_TABLE(pattern_texts, false);

void hr_prom_owners_init(prom_owners *o, hr_arena *arena)
{
	memset(o, 0, sizeof(*o));
	o->arena = arena;
}

void hr_prom_owners_dispose(prom_owners *o)
{
	hr_strmap_dispose(&o->pods);
	hr_strmap_dispose(&o->sets);
	hr_strmap_dispose(&o->jobs);
}

/* "ns\0name" in buf (size >= 2 * PROM_LABEL_MAX + 2); its length. */
static size_t key_of(char *buf, const char *ns, const char *name)
{
	size_t a = strlen(ns), b = strlen(name);
	memcpy(buf, ns, a + 1);
	memcpy(buf + a + 1, name, b + 1);
	return a + 1 + b;
}

#define KEY_MAX (2 * PROM_LABEL_MAX + 2)

void hr_prom_owners_add(prom_owners *o, prom_stat s, const prom_rows *rows)
{
	hr_strmap *map = s == PS_POD_OWNER ? &o->pods
	                 : s == PS_RS_OWNER ? &o->sets
	                                    : &o->jobs;
	for (size_t i = 0; i < rows->count; i++) {
		const prom_row *r = &rows->rows[i];
		/* kube-state-metrics writes <none> for a pod without owner. */
		if (strcmp(r->label[2], "<none>") == 0)
			continue;
		char key[KEY_MAX];
		size_t len = key_of(key, r->label[0], r->label[1]);
		prom_owner *ow = hr_strmap_get(map, key, len);
		/* Several owners over the window (adopted pods): the first in
		 * name order, so that the answer's order does not matter. */
		if (ow && (strcmp(ow->kind, r->label[2]) < 0 ||
		           (strcmp(ow->kind, r->label[2]) == 0 &&
		            strcmp(ow->name, r->label[3]) <= 0)))
			continue;
		if (!ow) {
			ow = hr_arena_alloc(o->arena, sizeof(*ow));
			hr_strmap_put(map, hr_arena_memdup(o->arena, key, len + 1), len,
			              ow);
		}
		ow->kind = r->label[2];
		ow->name = r->label[3];
	}
}

int hr_prom_owner_by_name(const char *pod, hr_arena *arena, prom_owner *out)
{
	size_t len = strlen(pod);
	for (size_t i = 0; i < sizeof(pattern_texts) / sizeof(pattern_texts[0]);
	     i++) {
		const hr_pattern *p = hr_pattern_table_get(&patterns, i);
		if (!p)
			return hr_fail(HR_EINVALID, "pod name pattern %zu does not "
			               "compile", i);
		hr_capture caps[2];
		if (hr_pattern_match_captures(p, pod, len, caps, 2) ==
		    HR_MATCH_FOUND) {
			out->kind = pattern_kinds[i];
			out->name = hr_arena_strndup(arena, caps[1].text, caps[1].len);
			return HR_OK;
		}
	}
	out->kind = "Pod";
	out->name = pod;
	return HR_OK;
}

int hr_prom_owner_of(const prom_owners *o, const char *ns, const char *pod,
                     prom_owner *out)
{
	char key[KEY_MAX];
	const prom_owner *ow = hr_strmap_get(&o->pods, key, key_of(key, ns, pod));
	if (!ow)
		return hr_prom_owner_by_name(pod, o->arena, out);
	*out = *ow;
	/* A ReplicaSet's Deployment (or Rollout), a Job's CronJob. */
	const hr_strmap *up = strcmp(ow->kind, "ReplicaSet") == 0 ? &o->sets
	                      : strcmp(ow->kind, "Job") == 0       ? &o->jobs
	                                                           : NULL;
	if (up) {
		const prom_owner *top = hr_strmap_get(up, key,
		                                      key_of(key, ns, ow->name));
		if (top)
			*out = *top;
	}
	return HR_OK;
}
