#!/usr/bin/env python3
"""Validate headroom's CI report formats.

  check_formats.py goldens SOURCE_ROOT
      every sarif, codequality, junit and github report among the e2e
      goldens (tests/e2e/cases/*: stdout or file.NAME, found from args)
      against its format: SARIF with the official 2.1.0 schema
      (tests/data/sarif-schema-2.1.0.json, jsonschema) plus GitHub's rules,
      JUnit with xmllint plus structure, Code Quality and workflow commands
      structurally.  The e2e cases themselves check that the binary writes
      exactly these files.

  check_formats.py hostile HEADROOM SOURCE_ROOT
      runs every format on the hostile fixtures and checks, on the live
      output, the same plus: no manifest string becomes a workflow command
      or raw markup, no control or BIDI character survives, and the
      stop-commands token is random per run.

Prints "N passed, M failed" and exits non-zero on any failure.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import jsonschema

FAILURES = []
CHECKED = [0]


def fail(where, why):
    FAILURES.append(f"{where}: {why}")


UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f"
                    "\u2028-\u202e\u2066-\u2069]")
COMMANDS = {"error", "warning", "notice"}
PROPS = {"file", "line", "col", "title"}


def check_sarif(where, text, root):
    CHECKED[0] += 1
    with open(os.path.join(root, "tests/data/sarif-schema-2.1.0.json")) as f:
        schema = json.load(f)
    try:
        doc = json.loads(text)
    except ValueError as e:
        return fail(where, f"not JSON: {e}")
    for err in jsonschema.Draft7Validator(schema).iter_errors(doc):
        fail(where, f"SARIF schema: {err.message} at {list(err.path)}")
    # GitHub code scanning's own requirements (ci-formats.md section 3)
    if doc.get("$schema", "") == "" or len(doc.get("runs", [])) != 1:
        fail(where, "needs $schema and exactly one run")
        return
    run = doc["runs"][0]
    rules = run["tool"]["driver"].get("rules", [])
    for r in rules:
        for k in ("shortDescription", "fullDescription", "help"):
            t = r.get(k, {}).get("text", "")
            if not t or (k != "help" and len(t) > 1024):
                fail(where, f"rule {r.get('id')}: {k}.text empty or > 1024")
    results = run.get("results")
    if results is None or len(results) > 25000:
        fail(where, "results missing or over GitHub's 25000")
        return
    seen = set()
    for i, res in enumerate(results):
        idx = res.get("ruleIndex", -1)
        if idx < 0 or rules[idx]["id"] != res.get("ruleId"):
            fail(where, f"result {i}: ruleIndex does not name ruleId")
        if not res.get("message", {}).get("text"):
            fail(where, f"result {i}: empty message")
        if "markdown" in res["message"]:
            fail(where, f"result {i}: manifest text in a Markdown message")
        if UNSAFE.search(res["message"]["text"]):
            fail(where, f"result {i}: control or BIDI character in message")
        locs = res.get("locations", [])
        if len(locs) != 1:
            fail(where, f"result {i}: needs exactly one location")
        else:
            art = locs[0]["physicalLocation"]["artifactLocation"]
            if not re.fullmatch(r"[A-Za-z0-9\-._~/%:]*", art["uri"]):
                fail(where, f"result {i}: uri not percent-encoded")
        fp = res.get("partialFingerprints", {}).get("primaryLocationLineHash")
        if not fp or fp in seen:
            fail(where, f"result {i}: fingerprint missing or repeated")
        seen.add(fp)
    if len(results) < sum(run["properties"].get(k, 0)
                          for k in ("fail", "warn", "info")) - \
            run["properties"].get("waived", 0) and \
            "resultsOmitted" not in run["properties"]:
        fail(where, "results left out without a note")


def check_codequality(where, text, root):
    CHECKED[0] += 1
    if text.startswith("\ufeff"):
        fail(where, "byte-order mark")
    try:
        doc = json.loads(text)
    except ValueError as e:
        return fail(where, f"not JSON: {e}")
    if not isinstance(doc, list):
        return fail(where, "not an array")
    prints = set()
    for i, issue in enumerate(doc):
        for k in ("description", "check_name", "fingerprint", "severity"):
            if not isinstance(issue.get(k), str) or not issue[k]:
                fail(where, f"issue {i}: {k} missing")
        if issue.get("severity") not in ("info", "minor", "major",
                                         "critical", "blocker"):
            fail(where, f"issue {i}: bad severity")
        loc = issue.get("location", {})
        if not isinstance(loc.get("path"), str) or \
                not isinstance(loc.get("lines", {}).get("begin"), int) or \
                loc["lines"]["begin"] < 1:
            fail(where, f"issue {i}: bad location")
        if issue.get("fingerprint") in prints:
            fail(where, f"issue {i}: fingerprint repeated")
        prints.add(issue.get("fingerprint"))
        if UNSAFE.search(issue.get("description", "")):
            fail(where, f"issue {i}: control or BIDI character")


def check_junit(where, text, root):
    CHECKED[0] += 1
    lint = subprocess.run(["xmllint", "--noout", "-"], input=text.encode(),
                          capture_output=True)
    if lint.returncode != 0:
        return fail(where, "xmllint: " + lint.stderr.decode()[:500])
    for raw in ("<img", "<script", "<x/", "<!--", "<b>", "]]>"):
        if raw in text:
            fail(where, f"raw markup {raw!r} in the XML")
    top = ET.fromstring(text)
    if top.tag != "testsuites":
        return fail(where, "root is not testsuites")
    total = fails = 0
    for suite in top:
        cases = suite.findall("testcase")
        nf = sum(1 for c in cases if c.find("failure") is not None)
        if int(suite.get("tests")) != len(cases) or \
                int(suite.get("failures")) != nf:
            fail(where, f"suite {suite.get('name')}: counts are wrong")
        total += len(cases)
        fails += nf
        names = set()
        for c in cases:
            for a in ("classname", "name", "file", "line"):
                if c.get(a) is None:
                    fail(where, f"testcase without {a}")
            key = (c.get("classname"), c.get("name"), c.get("file"))
            if key in names:
                fail(where, f"testcase {key} twice (GitLab keeps one)")
            names.add(key)
            for node in c.iter():
                for v in list(node.attrib.values()) + [node.text or ""]:
                    if UNSAFE.search(v.replace("\n", "")):
                        fail(where, "control or BIDI character in XML")
    if int(top.get("tests")) != total or int(top.get("failures")) != fails:
        fail(where, "testsuites counts are wrong")
    if total == 0:
        fail(where, "no testcase at all")


def check_github(where, text, root, token=None):
    """Every line outside the stop-commands block that the runner would
    read as a command is one headroom writes, well formed."""
    CHECKED[0] += 1
    stop = None
    blocks = 0
    counts = {c: 0 for c in COMMANDS}
    for n, line in enumerate(text.split("\n"), 1):
        if "\r" in line:
            fail(where, f"line {n}: raw CR")
        if stop is not None:
            if line.strip() == f"::{stop}::":
                stop = None
            continue
        s = line.lstrip()
        if not s.startswith("::"):
            if s:
                fail(where, f"line {n}: text outside the log block")
            continue
        m = re.match(r"::stop-commands::([0-9A-Za-z_-]+)$", s)
        if m:
            stop = m.group(1)
            blocks += 1
            if token is None and not re.fullmatch(r"[0-9a-f]{32}", stop):
                fail(where, "stop token is not 128 random bits in hex")
            continue
        if s in ("::group::headroom report", "::endgroup::"):
            continue
        m = re.match(r"::(\w+)( [^:]*)?::(.*)$", s)
        if not m or m.group(1) not in COMMANDS:
            fail(where, f"line {n}: not a command headroom writes: {s[:80]}")
            continue
        counts[m.group(1)] += 1
        for prop in (m.group(2) or "").strip().split(","):
            if not prop:
                continue
            k, _, v = prop.partition("=")
            if k not in PROPS or ":" in v:
                fail(where, f"line {n}: bad property {prop[:60]!r}")
        if UNSAFE.search(m.group(3)):
            fail(where, f"line {n}: control or BIDI character")
    if stop is not None or blocks != 1:
        fail(where, "the stop-commands block is not closed exactly once")
    for c, k in counts.items():
        if k > 10:
            fail(where, f"{k} {c} annotations: the runner shows only 10")


CHECKERS = {"sarif": check_sarif, "codequality": check_codequality,
            "junit": check_junit, "github": check_github}


def goldens(root):
    cases = os.path.join(root, "tests/e2e/cases")
    for case in sorted(os.listdir(cases)):
        args = open(os.path.join(cases, case, "args")).read().split("\n")
        for i, a in enumerate(args[:-1]):
            if a not in ("-f", "--format"):
                continue
            fmt, _, path = args[i + 1].partition("=")
            if fmt not in CHECKERS:
                continue
            name = "stdout" if not path else "file." + os.path.basename(path)
            with open(os.path.join(cases, case, name), encoding="utf-8") as f:
                text = f.read()
            check = CHECKERS[fmt]
            if fmt == "github":
                check(f"{case}/{name}", text, root, token="fixed")
            else:
                check(f"{case}/{name}", text, root)


def run(headroom, root, fmt, path):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "report")
        env = dict(os.environ)
        env.pop("HEADROOM_TEST_STOP_TOKEN", None)
        p = subprocess.run([headroom, "check", "--at", "2026-11-23",
                            "-f", f"{fmt}={out}", path], cwd=root, env=env,
                           capture_output=True)
        if p.returncode not in (0, 1):
            fail(f"{fmt} {path}", f"exit {p.returncode}: {p.stderr[:300]}")
            return ""
        with open(out, encoding="utf-8") as f:
            return f.read()


def hostile(headroom, root):
    inputs = ["fixtures/e2e/hostile-ci.yaml", "fixtures/e2e/hostile-ci",
              "fixtures/e2e/hostile-strings.yaml",
              "fixtures/e2e/hostile-markdown.yaml",
              "fixtures/e2e/jvm/hostile.yaml"]
    clean = json.loads(run(headroom, root, "sarif", "fixtures/e2e/basic.yaml"))
    for path in inputs:
        for fmt, check in CHECKERS.items():
            check(f"{fmt} {path}", run(headroom, root, fmt, path), root)
        md = run(headroom, root, "markdown", path)
        CHECKED[0] += 1
        for raw in ("<img", "<script", "<x/", "<b>", "<!--c"):
            if raw in md:
                fail(f"markdown {path}", f"raw markup {raw!r}")
        # the only Markdown in SARIF is the rules' help: the catalog's own,
        # the same whatever the input
        sarif = json.loads(run(headroom, root, "sarif", path))
        CHECKED[0] += 1
        if sarif["runs"][0]["tool"] != clean["runs"][0]["tool"]:
            fail(f"sarif {path}", "the rules depend on the input")
    # the token is fresh each run
    a = run(headroom, root, "github", inputs[0])
    b = run(headroom, root, "github", inputs[0])
    CHECKED[0] += 1
    ta = re.search(r"::stop-commands::(\w+)", a)
    tb = re.search(r"::stop-commands::(\w+)", b)
    if not ta or not tb or ta.group(1) == tb.group(1):
        fail("github", "the stop-commands token is not new per run")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "goldens":
        goldens(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "hostile":
        hostile(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
    for f in FAILURES:
        print(f)
    print(f"{CHECKED[0] - len(set(f.split(':')[0] for f in FAILURES))} "
          f"passed, {len(set(f.split(':')[0] for f in FAILURES))} failed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
