#!/usr/bin/env python3
"""Usage history of known shapes, as OpenMetrics for promtool, and the
statistics headroom must find in it.

    gen_history.py OUT.om EXPECTED.json            the test shapes
    gen_history.py --scale N OUT.om                N workloads (benchmark)

cAdvisor series (working set, CPU counter, CFS periods) and
kube-state-metrics series (pod and ReplicaSet owners, restarts, last
termination reason) for 14 days at 5-minute spacing, ending at END
(2025-03-15T00:00:00Z).  Samples sit at END - 14d + 150 + 300k, strictly
inside the window, so every pod with the whole window has 4032 samples.

Shapes (namespace shop, cluster prod):
  steady    Deployment, 200Mi, 0.25 cores, 10% throttled, 2 OOM kills
  spiky     Deployment, 100Mi with one hour at 300Mi; 0.1 cores, 1.0 then
  replaced  Deployment whose pod is replaced mid-window: 150Mi then 180Mi
  db        StatefulSet db-0 (500Mi) and db-1 (520Mi)
  agent     DaemonSet, two pods (50Mi, 60Mi), no owner series: name patterns
  In cluster staging, steady's twin uses 900Mi (only the cluster label
  tells them apart).
"""
import json
import sys

END = 1741996800  # 2025-03-15T00:00:00Z
WINDOW = 14 * 86400
STEP = 300
COUNT = WINDOW // STEP  # 4032
MI = 1024 * 1024


def times(first=0, last=COUNT):
    return [END - WINDOW + 150 + STEP * k for k in range(first, last)]


class Writer:
    """Families must not interleave: collect per family, write at the end."""

    def __init__(self):
        self.families = {}

    def series(self, family, kind, labels, points):
        lab = ",".join('%s="%s"' % kv for kv in sorted(labels.items()))
        fam = self.families.setdefault(family, (kind, []))
        fam[1].append("".join("%s{%s} %s %d\n" % (family, lab, fmt(v), t)
                              for t, v in points))

    def write(self, path):
        with open(path, "w") as f:
            for name, (kind, chunks) in self.families.items():
                f.write("# TYPE %s %s\n" % (name, kind))
                for c in chunks:
                    f.write(c)
            f.write("# EOF\n")


def fmt(v):
    return repr(float(v)) if isinstance(v, float) else str(v)


def container(w, cluster, ns, pod, name, mem, cpu, ts, throttle=None):
    """mem, cpu: functions of the sample index -> bytes, cores."""
    base = {"cluster": cluster, "namespace": ns, "pod": pod,
            "container": name, "image": "registry/app:1"}
    w.series("container_memory_working_set_bytes", "gauge", base,
             [(t, mem(i)) for i, t in enumerate(ts)])
    used, points = 0.0, []
    for i, t in enumerate(ts):
        used += cpu(i) * STEP
        points.append((t, round(used, 6)))
    w.series("container_cpu_usage_seconds_total", "counter", base, points)
    if throttle is not None:
        w.series("container_cpu_cfs_periods_total", "counter", base,
                 [(t, 3000 * (i + 1)) for i, t in enumerate(ts)])
        w.series("container_cpu_cfs_throttled_periods_total", "counter", base,
                 [(t, int(3000 * throttle) * (i + 1))
                  for i, t in enumerate(ts)])


def ksm_pod(w, cluster, ns, pod, owner_kind, owner_name, containers, ts,
            restarts=0, oom=False):
    labels = {"cluster": cluster, "namespace": ns, "pod": pod,
              "owner_kind": owner_kind, "owner_name": owner_name,
              "owner_is_controller": "true"}
    w.series("kube_pod_owner", "gauge", labels, [(t, 1) for t in ts])
    for c in containers:
        lab = {"cluster": cluster, "namespace": ns, "pod": pod,
               "container": c}
        half = len(ts) // 2
        w.series("kube_pod_container_status_restarts_total", "counter", lab,
                 [(t, 0 if i < half else restarts)
                  for i, t in enumerate(ts)])
        if oom:
            w.series("kube_pod_container_status_last_terminated_reason",
                     "gauge", dict(lab, reason="OOMKilled"),
                     [(t, 1) for t in ts[half:]])


def replicaset(w, cluster, ns, rs, deployment, ts):
    w.series("kube_replicaset_owner", "gauge",
             {"cluster": cluster, "namespace": ns, "replicaset": rs,
              "owner_kind": "Deployment", "owner_name": deployment},
             [(t, 1) for t in ts])


def shapes(w):
    ts = times()
    half = COUNT // 2
    spike = range(2000, 2012)  # one hour
    # steady
    for cluster, mem in (("prod", 200 * MI), ("staging", 900 * MI)):
        container(w, cluster, "shop", "steady-7d9f8b6c5d-x2x4z", "app",
                  lambda i, m=mem: m, lambda i: 0.25, ts, throttle=0.1)
        ksm_pod(w, cluster, "shop", "steady-7d9f8b6c5d-x2x4z", "ReplicaSet",
                "steady-7d9f8b6c5d", ["app"], ts, restarts=2, oom=True)
        replicaset(w, cluster, "shop", "steady-7d9f8b6c5d", "steady", ts)
    # spiky
    container(w, "prod", "shop", "spiky-5c8b9d7f6b-qwxzr", "app",
              lambda i: 300 * MI if i in spike else 100 * MI,
              lambda i: 1.0 if i in spike else 0.1, ts)
    ksm_pod(w, "prod", "shop", "spiky-5c8b9d7f6b-qwxzr", "ReplicaSet",
            "spiky-5c8b9d7f6b", ["app"], ts)
    replicaset(w, "prod", "shop", "spiky-5c8b9d7f6b", "spiky", ts)
    # replaced: a new ReplicaSet (rollout) halfway
    for pod, rs, mem, part in (
            ("replaced-6d5f7c9b8d-bcdfg", "replaced-6d5f7c9b8d", 150 * MI,
             times(0, half - 1)),
            ("replaced-7f8b9c6d5f-hjklm", "replaced-7f8b9c6d5f", 180 * MI,
             times(half, COUNT))):
        container(w, "prod", "shop", pod, "app", lambda i, m=mem: m,
                  lambda i: 0.05, part)
        ksm_pod(w, "prod", "shop", pod, "ReplicaSet", rs, ["app"], part)
        replicaset(w, "prod", "shop", rs, "replaced", part)
    # db: a StatefulSet of two
    for pod, mem in (("db-0", 500 * MI), ("db-1", 520 * MI)):
        container(w, "prod", "shop", pod, "postgres", lambda i, m=mem: m,
                  lambda i: 0.5, ts)
        ksm_pod(w, "prod", "shop", pod, "StatefulSet", "db", ["postgres"], ts)
    # agent: a DaemonSet without kube-state-metrics
    for pod, mem in (("agent-x2x4z", 50 * MI), ("agent-b7c9d", 60 * MI)):
        container(w, "prod", "shop", pod, "agent", lambda i, m=mem: m,
                  lambda i: 0.02, ts)


def cov(first, last):
    return (last - first) / WINDOW


EXPECTED = {
    "shop/Deployment/steady/app": {
        "memory": {"p50": 200 * MI, "p95": 200 * MI, "p99": 200 * MI,
                   "max": 200 * MI},
        "cpu": {"p50": 0.25, "p95": 0.25, "p99": 0.25, "max": 0.25},
        "samples": COUNT, "oom_kills": 2, "restarts": 2,
        "cpu_throttled_ratio": 0.1,
        "coverage": cov(times()[0], times()[-1])},
    "shop/Deployment/spiky/app": {
        "memory": {"p50": 100 * MI, "p95": 100 * MI, "p99": 100 * MI,
                   "max": 300 * MI},
        "cpu": {"p50": 0.1, "max": 1.0},
        "samples": COUNT, "oom_kills": 0, "restarts": 0},
    "shop/Deployment/replaced/app": {
        "memory": {"p50": 180 * MI, "max": 180 * MI},
        "samples": COUNT - 1,
        "coverage": cov(times()[0], times()[-1]) - 2 * STEP / WINDOW},
    "shop/StatefulSet/db/postgres": {
        "memory": {"p50": 520 * MI, "max": 520 * MI},
        "cpu": {"max": 0.5}, "samples": 2 * COUNT},
    "shop/DaemonSet/agent/agent": {
        "memory": {"p50": 60 * MI, "max": 60 * MI}, "samples": 2 * COUNT},
}


def scale(path, n):
    """n Deployments of one container, 50 per namespace, streamed family by
    family (the text is gigabytes).  Owner series are sampled every 6 h:
    max_over_time only needs one sample in the window."""
    ts = times()
    sparse = ts[::72]
    names = [("team-%03d" % (k // 50), "svc-%04d" % k) for k in range(n)]
    with open(path, "w") as f:
        f.write("# TYPE container_memory_working_set_bytes gauge\n")
        for k, (ns, name) in enumerate(names):
            lab = ('container="app",image="i",namespace="%s",'
                   'pod="%s-7d9f8b6c5d-x2x4z"' % (ns, name))
            mem = (100 + k % 400) * MI
            f.writelines("container_memory_working_set_bytes{%s} %d %d\n"
                         % (lab, mem + (i % 7) * MI, t)
                         for i, t in enumerate(ts))
        f.write("# TYPE container_cpu_usage_seconds_total counter\n")
        for k, (ns, name) in enumerate(names):
            lab = ('container="app",image="i",namespace="%s",'
                   'pod="%s-7d9f8b6c5d-x2x4z"' % (ns, name))
            per_step = 0.01 * (1 + k % 50) * STEP
            f.writelines("container_cpu_usage_seconds_total{%s} %.3f %d\n"
                         % (lab, per_step * (i + 1), t)
                         for i, t in enumerate(ts))
        f.write("# TYPE kube_pod_owner gauge\n")
        for ns, name in names:
            f.writelines('kube_pod_owner{namespace="%s",owner_kind="ReplicaSet",'
                         'owner_name="%s-7d9f8b6c5d",pod="%s-7d9f8b6c5d-x2x4z"}'
                         ' 1 %d\n' % (ns, name, name, t) for t in sparse)
        f.write("# TYPE kube_replicaset_owner gauge\n")
        for ns, name in names:
            f.writelines('kube_replicaset_owner{namespace="%s",owner_kind='
                         '"Deployment",owner_name="%s",replicaset='
                         '"%s-7d9f8b6c5d"} 1 %d\n' % (ns, name, name, t)
                         for t in sparse)
        f.write("# EOF\n")


def main(argv):
    if argv[1] == "--scale":
        scale(argv[3], int(argv[2]))
        return 0
    w = Writer()
    shapes(w)
    w.write(argv[1])
    with open(argv[2], "w") as f:
        json.dump({"end": END, "expected": EXPECTED}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
