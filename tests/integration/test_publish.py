"""headroom check --comment against fake_api.py: every request checked.

usage: test_publish.py HEADROOM SOURCE_ROOT
Each scenario runs the real binary on copies of fixtures/demo in a scratch
workspace, with the CI variables a GitHub or GitLab run has.
"""

import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_api import FakeApi, MARKER, check_no_html, scratch_workspace, sticky  # noqa: E402,E501

HEADROOM, ROOT = sys.argv[1], sys.argv[2]
HEAD_SHA = "a" * 40
CATALOG_PATCH = ("@@ -15,7 +15,7 @@ spec:\n"
                 "           image: shop/catalog:3.1.0\n"
                 "           resources:\n"
                 "             requests:\n"
                 "-              cpu: \"4\"\n"
                 "-              memory: 8Gi\n"
                 "+              cpu: \"2\"\n"
                 "+              memory: 4Gi\n"
                 "             limits:\n"
                 "               memory: 4Gi\n")


class Run:
    def __init__(self, api, target="github", run_id=100, event=None,
                 extra=(), manifests="manifests"):
        self.api = api
        self.work = scratch_workspace(ROOT, "hr-publish-")
        event_path = os.path.join(self.work, "event.json")
        with open(event_path, "w") as f:
            json.dump(event if event is not None else {
                "action": "synchronize", "number": 7,
                "pull_request": {"number": 7, "head": {"sha": HEAD_SHA}}}, f)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("GITHUB_", "CI_", "HEADROOM_"))}
        if target == "github":
            env.update(GITHUB_API_URL=api.github_url, GITHUB_REPOSITORY="o/r",
                       GITHUB_EVENT_PATH=event_path, GITHUB_RUN_ID=str(run_id),
                       GITHUB_RUN_ATTEMPT="1", GITHUB_SHA="b" * 40,
                       GITHUB_WORKSPACE=self.work, GITHUB_TOKEN=api.token)
        else:
            env.update(CI_API_V4_URL=api.gitlab_url, CI_PROJECT_ID="42",
                       CI_MERGE_REQUEST_IID="7", CI_PIPELINE_ID=str(run_id),
                       CI_COMMIT_SHA="c" * 40, CI_PROJECT_DIR=self.work,
                       HEADROOM_GITLAB_TOKEN=api.token)
        args = [HEADROOM, "check", "-r", "recommendations.json",
                "--comment", target] + list(extra) + [manifests]
        p = subprocess.run(args, cwd=self.work, env=env, capture_output=True,
                           text=True, timeout=60)
        self.code, self.stdout, self.stderr = p.returncode, p.stdout, p.stderr
        shutil.rmtree(self.work)
        for text in (self.stdout, self.stderr):
            assert api.token not in text, "the token was printed"



def scenario_create_then_update():
    api = FakeApi().start()
    api.add_comment("an unrelated human comment")
    r = Run(api)
    assert r.code == 1, r.stderr  # the demo fails the gate
    assert api.writes() == [("POST", "/api/v3/repos/o/r/issues/7/comments")]
    first = sticky(api)
    assert "comment created" in r.stderr, r.stderr
    r = Run(api, run_id=101)
    assert r.code == 1
    assert api.writes()[1] == ("PATCH", "/api/v3/repos/o/r/issues/comments/%d"
                               % first["id"]), api.writes()
    assert sticky(api)["id"] == first["id"]
    assert "id=101 " in sticky(api)["body"]
    assert "comment updated" in r.stderr
    return api


def scenario_pagination():
    api = FakeApi().start()
    for i in range(230):
        api.add_comment("comment %d" % i)
    old = api.add_comment(MARKER + "\nold report\n<!-- headroom:run id=5 "
                          "attempt=1 time=0 sha= -->\n")
    for i in range(20):
        api.add_comment("later %d" % i)
    Run(api)
    pages = [p for m, p, _ in api.requests if m == "GET"]
    assert len(pages) == 3, pages  # 100 + 100 + 51, followed by Link
    assert api.writes() == [("PATCH", "/api/v3/repos/o/r/issues/comments/%d"
                             % old)], api.writes()
    assert "old report" not in sticky(api)["body"]
    return api


def scenario_too_long():
    api = FakeApi().start()
    api.max_body = 3000
    r = Run(api)
    assert r.code == 1
    assert [m for m, _ in api.writes()] == ["POST", "POST"], api.writes()
    body = sticky(api)["body"]
    assert len(body) <= 3000 and "too long for a comment" in body
    assert "shortened" in r.stderr
    return api


def scenario_read_only():
    api = FakeApi().start()
    api.read_only = True
    r = Run(api, extra=["--suggestions"])
    assert r.code == 1, (r.code, r.stderr)  # the gate's own code
    assert "notice:" in r.stderr and "read but not write" in r.stderr
    assert not api.comments and not api.reviews
    return api


def scenario_rate_limited():
    api = FakeApi().start()
    api.throttle = 2
    r = Run(api)
    assert r.code == 1, r.stderr
    assert len(api.requests) == 4, api.requests  # 429, 429, GET, POST
    sticky(api)
    return api


def scenario_newer_run_kept():
    api = FakeApi().start()
    newer = MARKER + "\nnewer\n<!-- headroom:run id=500 attempt=1 " \
        "time=0 sha= -->\n"
    api.add_comment(newer)
    r = Run(api, run_id=400)
    assert r.code == 1
    assert api.writes() == [], api.writes()
    assert sticky(api)["body"] == newer
    assert "newer run" in r.stderr
    return api


def scenario_suggestions():
    api = FakeApi().start()
    api.files = [{"filename": "manifests/catalog.yaml",
                  "patch": CATALOG_PATCH}]
    r = Run(api, extra=["--suggestions"])
    assert r.code == 1
    assert len(api.reviews) == 1, (api.reviews, r.stderr)
    comments = api.reviews[0]["comments"]
    got = sorted((c["path"], c["line"]) for c in comments)
    assert got == [("manifests/catalog.yaml", 18),
                   ("manifests/catalog.yaml", 19)], got
    bodies = "\n".join(c["body"] for c in comments)
    assert "```suggestion\n              cpu: \"210m\"\n```" in bodies, bodies
    assert "```suggestion\n              memory: 725Mi\n```" in bodies
    assert "2 posted, 0 already there" in r.stderr, r.stderr
    # checkout.yaml is not in the diff: its suggestion stays out.
    assert "not on a line the change adds" in r.stderr
    r = Run(api, run_id=101, extra=["--suggestions"])
    assert len(api.reviews) == 1, "a rerun posted the suggestions again"
    assert "0 posted, 2 already there" in r.stderr, r.stderr
    return api


def scenario_gitlab():
    api = FakeApi().start()
    api.add_comment("a human note")
    r = Run(api, target="gitlab")
    assert r.code == 1, r.stderr
    r = Run(api, target="gitlab", run_id=101)
    note = sticky(api)
    assert api.writes() == [
        ("POST", "/api/v4/projects/42/merge_requests/7/notes"),
        ("PUT", "/api/v4/projects/42/merge_requests/7/notes/%d" % note["id"])
    ], api.writes()
    return api


def scenario_gitlab_read_only():
    api = FakeApi().start()
    api.read_only = True
    r = Run(api, target="gitlab")
    assert r.code == 1 and "notice:" in r.stderr, r.stderr
    return api




def scenario_hostile_manifest():
    api = FakeApi().start()
    api.files = [{"filename": "hostile-markdown.yaml",
                  "patch": "@@ -1,1 +1,16 @@\n" + "+x\n" * 16}]
    r = Run(api, extra=["--suggestions"], manifests="hostile-markdown.yaml")
    assert r.code in (0, 1), r.stderr
    texts = [sticky(api)["body"]] + [c["body"] for rv in api.reviews
                                     for c in rv["comments"]]
    for text in texts:
        check_no_html(text)
    return api


def scenario_not_a_pull_request():
    api = FakeApi().start()
    r = Run(api, event={"action": "push"})
    assert r.code == 1 and "not a pull request" in r.stderr, r.stderr
    assert not api.requests
    return api


def scenario_server_down():
    api = FakeApi().start()
    api.throttle = 100
    r = Run(api, extra=[])
    # The demo fails the gate: an API that never answers is reported, and
    # the exit code stays the gate's (1), not "could not evaluate".
    assert r.code == 1 and "GitHub API" in r.stderr, (r.code, r.stderr)
    assert "the exit code is the gate's (1)" in r.stderr, r.stderr
    return api


SCENARIOS = [
    scenario_create_then_update, scenario_pagination, scenario_too_long,
    scenario_read_only, scenario_rate_limited, scenario_newer_run_kept,
    scenario_suggestions, scenario_gitlab, scenario_gitlab_read_only,
    scenario_hostile_manifest, scenario_not_a_pull_request,
    scenario_server_down,
]


def main():
    only = os.environ.get("HR_SCENARIO")
    failed = 0
    for fn in SCENARIOS:
        if only and only not in fn.__name__:
            continue
        api = None
        try:
            api = fn()
            assert not api.violations, api.violations
            print("ok   " + fn.__name__)
        except AssertionError as e:
            failed += 1
            print("FAIL %s: %s" % (fn.__name__, e))
            if api is not None and api.violations:
                print("     violations: %s" % api.violations)
        finally:
            if api is not None:
                api.stop()
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
