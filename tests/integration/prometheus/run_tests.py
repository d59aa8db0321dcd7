#!/usr/bin/env python3
"""headroom against a real Prometheus, and against a loopback server that
fails on purpose.

    run_tests.py HEADROOM FAKE_HTTP_PY

Starts `prometheus` (Debian's package) on 127.0.0.1 with an empty
configuration, long retention and the history of gen_history.py
backfilled by `promtool tsdb create-blocks-from openmetrics`; always
stops it at the end.  Exits 77 (skipped) when prometheus or promtool is
missing, 1 when any case fails.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
AT = "2025-03-15T00:00:00Z"
MI = 1024 * 1024
TOKEN = "s3cr3t-t0ken-never-printed"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, env=None, timeout=60):
    start = time.monotonic()
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                       env=dict(os.environ, **(env or {})))
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def close(a, b, rel=1e-6):
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-9)


def start_prometheus(tmp):
    data = os.path.join(tmp, "data")
    om = os.path.join(tmp, "history.om")
    expected = os.path.join(tmp, "expected.json")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_history.py"), om,
                    expected], check=True)
    # Blocks of the whole history: promtool's default 2 h blocks take
    # thirty times longer to write.
    subprocess.run(["promtool", "tsdb", "create-blocks-from", "openmetrics",
                    "--max-block-duration=768h", om, data], check=True,
                   stdout=subprocess.DEVNULL)
    config = write(os.path.join(tmp, "empty.yml"), "")
    port = free_port()
    proc = subprocess.Popen(
        ["prometheus", "--config.file=" + config,
         "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=100y",
         "--web.listen-address=127.0.0.1:%d" % port],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "prom.log"),
                                                "w"))
    url = "http://127.0.0.1:%d" % port
    for _ in range(150):
        try:
            with urllib.request.urlopen(url + "/-/ready", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise SystemExit("prometheus did not become ready")
    with open(expected) as f:
        return proc, url, json.load(f)["expected"]


def containers(doc):
    out = {}
    for w in doc["workloads"]:
        for c in w["containers"]:
            key = "%s/%s/%s/%s" % (w["namespace"], w["kind"], w["name"],
                                   c["name"])
            out[key] = dict(c, cluster=w.get("cluster"))
    return out


def shapes(h, url, expected, tmp, policy):
    recs = os.path.join(tmp, "recs.json")
    rc, _, err, _ = run([h, "recommend", "--prometheus", url, "-c", policy,
                         "--at", AT, "-o", recs])
    check(rc == 0 and err.strip() == "", "recommend exits 0 silently "
          "(%d: %s)" % (rc, err.strip()))
    # A window that ends before the history starts: an empty export, said.
    early = os.path.join(tmp, "early.json")
    rc, _, err, _ = run([h, "recommend", "--prometheus", url, "-c", policy,
                         "--at", "2024-01-01T00:00:00Z", "-o", early])
    with open(early) as f:
        empty = json.load(f)["workloads"]
    check(rc == 0 and empty == [] and "no workload had container series"
          in err, "an empty export says so (%d: %s)" % (rc, err.strip()))
    with open(recs) as f:
        doc = json.load(f)
    check(doc["window"] == "14d" and doc["generated_at"] == AT,
          "the document's window and generated_at are --window and --at")
    got = containers(doc)
    check(sorted(got) == sorted(expected),
          "every shape is found, mapped to its workload: %s" % sorted(got))
    for key, exp in expected.items():
        c = got.get(key, {})
        for field, value in exp.items():
            if isinstance(value, dict):
                for stat, v in value.items():
                    have = c.get(field, {}).get(stat)
                    check(have is not None and close(have, v),
                          "%s %s.%s = %s (got %s)" % (key, field, stat, v,
                                                      have))
            else:
                have = c.get(field)
                check(have is not None and close(have, value, 1e-3),
                      "%s %s = %s (got %s)" % (key, field, value, have))
        check(c.get("cluster") == "prod", "%s carries cluster prod" % key)
    return recs


def findings(path):
    with open(path) as f:
        report = json.load(f)
    for f_ in report["findings"]:
        f_["evidence"].pop("data", None)  # prometheus:LINE vs recs.json:LINE
    return report


def acceptance(h, url, tmp, policy, recs):
    manifests = os.path.join(HERE, "shop.yaml")
    online = os.path.join(tmp, "online.json")
    offline = os.path.join(tmp, "offline.json")
    rc1, _, err1, _ = run([h, "check", manifests, "-c", policy,
                           "--prometheus", url, "--at", AT,
                           "-f", "json=" + online])
    rc2, _, _, _ = run([h, "check", manifests, "-c", policy, "-r", recs,
                        "--at", AT, "-f", "json=" + offline])
    check(rc1 == 1 and rc2 == 1 and err1 == "",
          "both checks fail the gate (%d, %d)" % (rc1, rc2))
    a, b = findings(online), findings(offline)
    check(a == b, "check --prometheus gives the same report as recommend "
          "then check -r")
    peak = [f for f in a["findings"]
            if f["rule"] == "memory-limit-below-peak"]
    check(len(peak) == 1 and peak[0]["workload"]["name"] == "spiky" and
          peak[0]["evidence"]["memory_peak_bytes"] == 300 * MI and
          peak[0]["evidence"]["window"] == "14d" and
          peak[0]["evidence"]["samples"] == 4032 and
          peak[0]["evidence"]["proposed"] == "280Mi",
          "a 280Mi limit under a 300Mi peak fails memory-limit-below-peak "
          "with peak, window and samples: %s" % peak)
    missing = [f for f in a["findings"] if f["rule"] == "no-usage-data"]
    check([f["workload"]["name"] for f in missing] == ["newcomer"],
          "a workload the store does not know gets no-usage-data")


def cluster_label(h, url, tmp):
    policy = write(os.path.join(tmp, "no-cluster.yaml"),
                   "version: 1\nprometheus: {rate_window: 15m, step: 5m}\n")
    out = os.path.join(tmp, "all.json")
    rc, _, _, _ = run([h, "recommend", "--prometheus", url, "-c", policy,
                       "--at", AT, "-n", "shop", "-o", out])
    with open(out) as f:
        got = containers(json.load(f))
    steady = got.get("shop/Deployment/steady/app", {})
    check(rc == 0 and steady.get("memory", {}).get("max") == 900 * MI and
          steady.get("cluster") is None,
          "without a cluster label both clusters' series count (900Mi)")


def fault_policy(tmp, name, closed, timeout="1s", deadline="2s"):
    return write(os.path.join(tmp, name + ".yaml"),
                 "version: 1\nprometheus:\n  token_env: PROM_TOKEN\n"
                 "  timeout: %s\n  deadline: %s\n  on_unreachable: %s\n"
                 % (timeout, deadline, "closed" if closed else "open"))


EMPTY_VECTOR = json.dumps({"status": "success",
                           "data": {"resultType": "vector", "result": []}})

FAULTS = {
    "e500": [{"status": 500, "body": "internal error"}],
    "e429": [{"status": 429, "headers": {"Retry-After": "1"}},
             {"status": 200, "body": EMPTY_VECTOR,
              "headers": {"Content-Type": "application/json"}}],
    "slow": [{"status": 200, "body": EMPTY_VECTOR, "delay": 10}],
    "malformed": [{"status": 200, "body": "{\"status\":\"success\",\"da"}],
    "partial": [{"action": "truncate"}],
    "hang": [{"action": "hang"}],
    "refused": [{"status": 422, "body": json.dumps(
        {"status": "error", "errorType": "execution",
         "error": "many-to-many matching not allowed"})}],
    "nan": [{"status": 200, "body": json.dumps(
        {"status": "success", "data": {"resultType": "vector", "result": [
            {"metric": {"namespace": "shop", "pod": "x-0",
                        "container": "app", "owner_kind": "StatefulSet",
                        "owner_name": "x", "replicaset": "r",
                        "job_name": "j"},
             "value": [1, "NaN"]}]}})}],
}


def faults(h, fake, tmp):
    script = {"/%s/api/v1/query" % k: v for k, v in FAULTS.items()}
    script_path = write(os.path.join(tmp, "script.json"), json.dumps(script))
    log = os.path.join(tmp, "requests.log")
    server = subprocess.Popen([sys.executable, fake, "--log", log, "--script",
                               script_path], stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        manifests = os.path.join(HERE, "shop.yaml")
        env = {"PROM_TOKEN": TOKEN}
        for name in FAULTS:
            url = "http://127.0.0.1:%d/%s" % (port, name)
            for closed in (False, True):
                policy = fault_policy(tmp, name, closed)
                rc, out, err, took = run([h, "check", manifests, "-c", policy,
                                          "--prometheus", url, "--at", AT],
                                         env=env)
                label = "%s, on_unreachable %s" % (
                    name, "closed" if closed else "open")
                check(took < 2 + 1, "%s: ends within the deadline + 1 s "
                      "(%.1f s)" % (label, took))
                check(TOKEN not in out + err, "%s: the token is never "
                      "printed" % label)
                if name in ("e429", "nan"):
                    # Recovered: data (empty) and no failure.
                    check(rc in (0, 1) and "continuing" not in err,
                          "%s: answered after all, the gate runs (%d: %s)"
                          % (label, rc, err.strip()))
                elif closed:
                    check(rc == 2 and "cannot evaluate (prometheus."
                          "on_unreachable: closed)" in err,
                          "%s: exit 2 and says so (%d: %s)"
                          % (label, rc, err.strip()))
                else:
                    check(rc in (0, 1) and "continuing without usage data "
                          "(prometheus.on_unreachable: open)" in err,
                          "%s: warns and continues (%d: %s)"
                          % (label, rc, err.strip()))
        rc, _, err, _ = run([h, "check", manifests, "-c",
                             fault_policy(tmp, "nan", False), "--prometheus",
                             "http://127.0.0.1:%d/nan" % port, "--at", AT],
                            env=env)
        check("NaN, infinite, negative or not a number: skipped" in err,
              "NaN values are skipped and named: %s" % err.strip())
        check("many-to-many matching not allowed" in run(
            [h, "check", manifests, "-c", fault_policy(tmp, "r", True),
             "--prometheus", "http://127.0.0.1:%d/refused" % port, "--at",
             AT], env=env)[2], "the store's own error is shown")
        rc, _, err, _ = run([h, "check", manifests, "-c",
                             fault_policy(tmp, "unset", False),
                             "--prometheus", "http://127.0.0.1:%d/e500" % port,
                             "--at", AT], env={"PROM_TOKEN": ""})
        check(rc in (0, 1) and "the token variable PROM_TOKEN is not set"
              in err,
              "an unset token variable is a failure of the source")
        with open(log) as f:
            records = [json.loads(line) for line in f]
        auth = {r["headers"].get("authorization") for r in records}
        check(auth == {"Bearer " + TOKEN}, "every request carries the token")
        retried = [r["t"] for r in records if r["path"] == "/e429/api/v1/query"]
        check(len(retried) > 1 and max(retried) - min(retried) >= 0.9,
              "429 is retried after Retry-After")
    finally:
        server.terminate()
        server.wait()


def main():
    h, fake = sys.argv[1], sys.argv[2]
    if not shutil.which("prometheus") or not shutil.which("promtool"):
        print("prometheus or promtool missing: skipped")
        return 77
    tmp = tempfile.mkdtemp(prefix="hr-prom-")
    proc = None
    try:
        proc, url, expected = start_prometheus(tmp)
        policy = write(os.path.join(tmp, "policy.yaml"),
                       "version: 1\nprometheus:\n  cluster_label: cluster\n"
                       "  cluster: prod\n  rate_window: 15m\n  step: 5m\n")
        recs = shapes(h, url, expected, tmp, policy)
        acceptance(h, url, tmp, policy, recs)
        cluster_label(h, url, tmp)
        faults(h, fake, tmp)
    finally:
        if proc:
            proc.kill()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
