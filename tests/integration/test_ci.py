"""The GitHub Action and the GitLab template, run as their runners would.

usage: test_ci.py HEADROOM SOURCE_ROOT

GitHub: the inputs of action/action.yml (defaults read from the file) are
mapped to the gate step's env exactly as its `env:` block says, and the
step's script (action/run.sh) runs under a simulated runner: an event
payload, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_WORKSPACE, and
GITHUB_API_URL pointing at fake_api.py.  GitLab: the script block of
gitlab/headroom.gitlab-ci.yml (and of the component, which must be the
same) runs under simulated CI_* variables.

These use the final names of every format and flag (-f github, -f sarif,
-f codequality, -f junit): nothing is skipped when one is missing.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_api import FakeApi, MARKER, check_no_html, scratch_workspace, sticky  # noqa: E402,E501

HEADROOM, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
HEAD_SHA = "d" * 40
CATALOG_PATCH = ("@@ -17,4 +17,4 @@\n             requests:\n"
                 "-              cpu: \"4\"\n-              memory: 8Gi\n"
                 "+              cpu: \"2\"\n+              memory: 4Gi\n"
                 "             limits:\n")


# ---- reading just enough of the YAML files ----

def action_inputs():
    """{input: default} from action.yml's inputs block."""
    text = open(os.path.join(ROOT, "action/action.yml")).read()
    block = text.split("\ninputs:\n", 1)[1].split("\noutputs:\n", 1)[0]
    inputs, name = {}, None
    for line in block.split("\n"):
        m = re.match(r"  ([a-z][a-z0-9-]*):$", line)
        if m:
            name = m.group(1)
            inputs[name] = ""
        m = re.match(r"    default: '(.*)'$", line)
        if m and name:
            inputs[name] = m.group(1)
    return inputs


def gate_step():
    """(run line, {env: expression}) of the step with id gate."""
    text = open(os.path.join(ROOT, "action/action.yml")).read()
    assert "using: 'composite'" in text
    step = text.split("    - id: gate\n", 1)[1]
    run = re.search(r"      run: '(.*)'\n", step).group(1)
    env = dict(re.findall(r"        ([A-Z_]+): '(.*)'\n", step))
    return run, env


def evaluate(expr, inputs, binary):
    """The runner's expressions the gate step uses: ${{ inputs.x }}."""
    m = re.fullmatch(r"\$\{\{ inputs\.([a-z-]+) \}\}", expr)
    if m:
        return inputs[m.group(1)]
    if expr.startswith("${{ inputs.headroom-binary ||"):
        return inputs["headroom-binary"] or binary
    raise AssertionError("expression the simulation does not know: " + expr)


def gitlab_script(path):
    """The `- |` script block of the template at path, as one text."""
    text = open(os.path.join(ROOT, path)).read()
    block = text.split("  script:\n    - |\n", 1)[1]
    lines = []
    for line in block.split("\n"):
        if not line.startswith("      "):
            break
        lines.append(line[6:])
    return "\n".join(lines) + "\n"


def gitlab_variables():
    """The template's defaults: top-level variables, which the including
    file's own top-level variables override.  The job itself may set
    nothing of the user's (a job's variables would win over theirs)."""
    text = open(os.path.join(ROOT, "gitlab/headroom.gitlab-ci.yml")).read()
    block = text.split("\nvariables:\n", 1)[1].split("\n\n", 1)[0]
    job = text.split("\n.headroom:\n", 1)[1].split("  script:\n", 1)[0]
    assert "HEADROOM_" not in job.split("  variables:\n", 1)[1], \
        "the job sets a HEADROOM_ variable: it would override the user's"
    return dict(re.findall(r'^  ([A-Z_]+): "(.*)"$', block, re.M))


# ---- a scratch workspace ----

class Workspace:
    def __init__(self, manifests):
        self.dir = scratch_workspace(ROOT, "hr-ci-")
        self.manifests = manifests
        # A checkout as actions/checkout leaves it (fetch-depth: 0): the
        # event's base commit is in the history, so the gate compares.
        self.base_sha = self.commit("base")
        with open(self.path("manifests/checkout.yaml"), "a") as f:
            f.write("# touched by the pull request\n")
        self.commit("pull request")

    def commit(self, message):
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
               "-c", "commit.gpgsign=false"]
        subprocess.run(git + ["init", "-q"], cwd=self.dir, check=True)
        subprocess.run(git + ["add", "-A"], cwd=self.dir, check=True)
        subprocess.run(git + ["commit", "-qm", message], cwd=self.dir,
                       check=True)
        return subprocess.run(git + ["rev-parse", "HEAD"], cwd=self.dir,
                              check=True, capture_output=True,
                              text=True).stdout.strip()

    def path(self, name):
        return os.path.join(self.dir, name)

    def close(self):
        shutil.rmtree(self.dir)


def run_action(api, ws, run_id, **given):
    inputs = action_inputs()
    inputs.update({"token": api.token, "paths": ws.manifests,
                   "recommendations": "recommendations.json"})
    inputs.update(given)
    run, env_exprs = gate_step()
    assert run == '"$GITHUB_ACTION_PATH/run.sh"', run
    with open(ws.path("event.json"), "w") as f:
        json.dump({"action": "synchronize", "number": 7, "pull_request": {
            "number": 7, "head": {"sha": HEAD_SHA},
            "base": {"sha": ws.base_sha}}}, f)
    for name in ("summary.md", "output.txt"):
        open(ws.path(name), "w").close()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "CI_", "HEADROOM_", "INPUT_"))}
    env.update(GITHUB_ACTIONS="true", CI="true",
               GITHUB_ACTION_PATH=os.path.join(ROOT, "action"),
               GITHUB_API_URL=api.github_url, GITHUB_REPOSITORY="o/r",
               GITHUB_EVENT_NAME="pull_request",
               GITHUB_EVENT_PATH=ws.path("event.json"),
               GITHUB_RUN_ID=str(run_id), GITHUB_RUN_ATTEMPT="1",
               GITHUB_SHA="f" * 40, GITHUB_WORKSPACE=ws.dir,
               GITHUB_STEP_SUMMARY=ws.path("summary.md"),
               GITHUB_OUTPUT=ws.path("output.txt"), RUNNER_TEMP=ws.dir)
    for name, expr in env_exprs.items():
        env[name] = evaluate(expr, inputs, HEADROOM)
    p = subprocess.run(["bash", "-c", run.replace(
        "$GITHUB_ACTION_PATH", os.path.join(ROOT, "action"))], cwd=ws.dir,
        env=env, capture_output=True, text=True, timeout=60)
    for text in (p.stdout, p.stderr, open(ws.path("summary.md")).read(),
                 open(ws.path("output.txt")).read()):
        assert api.token not in text, "the token was printed"
    return p


def parse_outputs(text):
    """$GITHUB_OUTPUT as the runner parses it (FileCommandManager)."""
    out, lines, i = {}, text.split("\n"), 0
    assert text.endswith("\n"), "EOF marker missing new line"
    lines.pop()
    while i < len(lines):
        line = lines[i]
        eq, hd = line.find("="), line.find("<<")
        if hd >= 0 and (eq < 0 or hd < eq):
            name, delim = line[:hd], line[hd + 2:]
            assert name and delim, line
            end = lines.index(delim, i + 1)  # ValueError: delimiter missing
            value = "\n".join(lines[i + 1:end])
            i = end + 1
        else:
            assert eq > 0, "not an output line: %r" % line
            name, value = line[:eq], line[eq + 1:]
            i += 1
        assert name not in out or name == "exit-code", "output %s twice" % name
        out[name] = value
    return out


ANNOTATION = re.compile(r"::(error|warning|notice)( [^:]*)?::(.*)")


def check_workflow_commands(stdout):
    """Every line the runner would read as a command is one of ours, and
    its properties hold no raw separator.  Between ::stop-commands::TOKEN
    and ::TOKEN:: the runner reads nothing as a command (the echoed log)."""
    count, stop = 0, None
    for line in stdout.split("\n"):
        text = line.lstrip()
        if stop is not None:
            if text == "::%s::" % stop:
                stop = None
            continue
        if not text.startswith("::"):
            continue
        m = re.fullmatch(r"::stop-commands::([A-Za-z0-9_-]{16,})", text)
        if m:
            stop = m.group(1)
            continue
        if text in ("::endgroup::",) or text.startswith("::group::"):
            continue
        m = ANNOTATION.fullmatch(text)
        assert m, "a live workflow command that is not an annotation: %r" % line
        for prop in (m.group(2) or "").strip().split(","):
            if prop:
                key, _, value = prop.partition("=")
                assert key in ("file", "line", "col", "endLine", "endColumn",
                               "title"), "property %r in %r" % (key, line)
                assert "\r" not in value and "\n" not in value
        count += 1
    assert stop is None, "commands left stopped at the end of the output"
    return count





# ---- scenarios ----

def scenario_action_pull_request():
    api = FakeApi().start()
    api.files = [{"filename": "manifests/catalog.yaml",
                  "patch": CATALOG_PATCH}]
    ws = Workspace("manifests")
    try:
        p = run_action(api, ws, 300, suggestions="true",
                       **{"sarif-file": "headroom.sarif"})
        assert p.returncode == 1, (p.returncode, p.stderr)
        assert check_workflow_commands(p.stdout) >= 5, p.stdout
        assert "::error file=manifests/checkout.yaml,line=22" in p.stdout, \
            p.stdout
        summary = open(ws.path("summary.md")).read()
        assert summary.startswith(MARKER) and "headroom: fail" in summary
        assert len(summary.encode()) < 1024 * 1024
        out = parse_outputs(open(ws.path("output.txt")).read())
        assert out["verdict"] == "fail" and out["fail"] == "5", out
        assert out["warn"] == "2" and out["exit-code"] == "1", out
        assert re.fullmatch(r"\d+\.\d\d", out["cost-monthly"]), out
        sarif = json.load(open(ws.path("headroom.sarif")))
        assert sarif["version"] == "2.1.0"
        report = json.load(open(ws.path("headroom-report.json")))
        assert report["verdict"] == "fail"
        first = sticky(api)
        assert len(api.reviews) == 1
        lines = sorted(c["line"] for c in api.reviews[0]["comments"])
        assert lines == [18, 19], lines  # only the lines the PR adds
        p = run_action(api, ws, 301, suggestions="true")
        assert p.returncode == 1
        assert sticky(api)["id"] == first["id"]
        assert "id=301 " in sticky(api)["body"]
        assert len(api.reviews) == 1, "suggestions posted twice"
        assert [m for m, _ in api.writes()] == ["POST", "POST", "PATCH"]
    finally:
        ws.close()
    return api


def scenario_action_hostile():
    api = FakeApi().start()
    api.files = [{"filename": "hostile-markdown.yaml",
                  "patch": "@@ -0,0 +1,16 @@\n" + "+x\n" * 16}]
    ws = Workspace("hostile-markdown.yaml hostile-strings.yaml")
    try:
        p = run_action(api, ws, 400, suggestions="true", recommendations="")
        assert p.returncode in (0, 1), (p.returncode, p.stderr)
        check_workflow_commands(p.stdout)
        # The manifests' text is echoed only inside our one stop block.
        assert p.stdout.count("::stop-commands::") == 1, p.stdout
        out = parse_outputs(open(ws.path("output.txt")).read())
        assert set(out) == {"verdict", "fail", "warn", "info", "waived",
                            "findings", "cost-monthly", "cost-delta",
                            "exit-code"}, out
        check_no_html(open(ws.path("summary.md")).read())
        check_no_html(sticky(api)["body"])
        for review in api.reviews:
            for c in review["comments"]:
                check_no_html(c["body"])
    finally:
        ws.close()
    return api


def scenario_action_fork_read_only():
    api = FakeApi().start()
    api.read_only = True
    ws = Workspace("manifests")
    try:
        p = run_action(api, ws, 500, suggestions="true")
        assert p.returncode == 1, (p.returncode, p.stderr)
        assert "read but not write" in p.stderr
        assert check_workflow_commands(p.stdout) >= 5
        assert open(ws.path("summary.md")).read().startswith(MARKER)
    finally:
        ws.close()
    return api


def run_gitlab(api, ws, script, pipeline_id, **variables):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "CI_", "HEADROOM_"))}
    env.update(gitlab_variables())
    env.update(CI="true", GITLAB_CI="true",
               CI_PIPELINE_SOURCE="merge_request_event",
               CI_API_V4_URL=api.gitlab_url, CI_PROJECT_ID="42",
               CI_MERGE_REQUEST_IID="7", CI_PIPELINE_ID=str(pipeline_id),
               CI_COMMIT_SHA="c" * 40, CI_PROJECT_DIR=ws.dir,
               HEADROOM_GITLAB_TOKEN=api.token, HEADROOM_BIN=HEADROOM,
               HEADROOM_PATHS=ws.manifests,
               HEADROOM_RECOMMENDATIONS="recommendations.json")
    env.update(variables)
    p = subprocess.run(["sh", "-c", script], cwd=ws.dir, env=env,
                       capture_output=True, text=True, timeout=60)
    assert api.token not in p.stdout + p.stderr
    return p


def check_gitlab_reports(ws):
    cq = json.load(open(ws.path("gl-code-quality-report.json")))
    assert isinstance(cq, list) and cq, cq
    for issue in cq:
        assert issue["severity"] in ("info", "minor", "major", "critical",
                                     "blocker")
        assert issue["location"]["path"] and issue["fingerprint"]
    root = ET.parse(ws.path("headroom-junit.xml")).getroot()
    assert root.tag in ("testsuites", "testsuite")
    return cq


def scenario_gitlab_template():
    script = gitlab_script("gitlab/headroom.gitlab-ci.yml")
    assert script == gitlab_script("gitlab/templates/headroom.yml"), \
        "the template and the component run different scripts"
    api = FakeApi().start()
    ws = Workspace("manifests")
    try:
        p = run_gitlab(api, ws, script, 600)
        assert p.returncode == 1, (p.returncode, p.stderr)
        check_gitlab_reports(ws)
        first = sticky(api)
        p = run_gitlab(api, ws, script, 601)
        assert sticky(api)["id"] == first["id"]
        assert [m for m, _ in api.writes()] == ["POST", "PUT"]
        # Only warnings: exit 3, the orange allowed failure.
        ws.manifests = "manifests/catalog.yaml"
        p = run_gitlab(api, ws, script, 602)
        assert p.returncode == 3, (p.returncode, p.stderr)
        # No token: the gate still runs and reports, no note is attempted.
        writes = len(api.writes())
        p = run_gitlab(api, ws, script, 603, HEADROOM_GITLAB_TOKEN="")
        assert p.returncode == 3 and len(api.writes()) == writes
    finally:
        ws.close()
    return api


def scenario_gitlab_hostile():
    api = FakeApi().start()
    ws = Workspace("hostile-markdown.yaml hostile-strings.yaml")
    try:
        script = gitlab_script("gitlab/headroom.gitlab-ci.yml")
        p = run_gitlab(api, ws, script, 700, HEADROOM_RECOMMENDATIONS="")
        assert p.returncode in (0, 1, 3), (p.returncode, p.stderr)
        check_gitlab_reports(ws)
        check_no_html(sticky(api)["body"])
    finally:
        ws.close()
    return api


def scenario_gitlab_image_without_headroom():
    """An image without headroom: exit 2 and a message that says what to
    set, not a shell's 'command not found' (127)."""
    api = FakeApi().start()
    ws = Workspace("manifests")
    try:
        p = run_gitlab(api, ws, gitlab_script("gitlab/headroom.gitlab-ci.yml"),
                       700, HEADROOM_BIN="headroom-not-installed")
        assert p.returncode == 2, (p.returncode, p.stderr)
        assert "set HEADROOM_IMAGE" in p.stderr, p.stderr
        assert not api.requests, "it talked to the API without a gate run"
    finally:
        ws.close()
    return api


SCENARIOS = [scenario_action_pull_request, scenario_action_hostile,
             scenario_action_fork_read_only, scenario_gitlab_template,
             scenario_gitlab_hostile, scenario_gitlab_image_without_headroom]


def main():
    failed = 0
    for fn in SCENARIOS:
        try:
            api = fn()
            assert not api.violations, api.violations
            api.stop()
            print("ok   " + fn.__name__)
        except (AssertionError, KeyError, ValueError, OSError) as e:
            failed += 1
            print("FAIL %s: %r" % (fn.__name__, e))
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
