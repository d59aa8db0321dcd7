"""A loopback stand-in for the GitHub and GitLab REST APIs headroom calls.

It keeps the state a pull request / merge request has (issue comments,
notes, review comments, the files of the diff), checks every request
headroom makes (method, path, auth header, GitHub's Accept and API version
headers, JSON body shape, the hidden marker and run stamp, the size limit)
and records it.  Anything unexpected is a violation, answered with 400 and
listed in `violations` for the test to fail on.

Scripted behaviours (attributes of FakeApi, set by the test):
  read_only      403 "Resource not accessible by integration" on writes
  max_body       a longer comment body gets 422 "Body is too long"
  throttle       the first N requests get 429 with Retry-After: 1
  files          [{filename, patch}] of pulls/N/files
Python 3 standard library only.
"""

import json
import os
import re
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MARKER = "<!-- headroom:report -->"
STAMP = re.compile(r"<!-- headroom:run id=\d+ attempt=\d+ time=-?\d+ "
                   r"sha=[0-9a-fA-F]* -->\n$")
GITHUB_LIMIT = 65536


class FakeApi:
    def __init__(self, token="s3cr3t-token-value", per_page_max=100):
        self.token = token
        self.per_page_max = per_page_max
        self.lock = threading.Lock()
        self.requests = []      # (method, path, json body or None)
        self.violations = []
        self.comments = []      # GitHub issue comments / GitLab notes
        self.reviews = []       # posted review request bodies
        self.review_comments = []
        self.files = []
        self.read_only = False
        self.max_body = GITHUB_LIMIT
        self.throttle = 0
        self.next_id = 1000
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)

    @property
    def github_url(self):
        return "http://127.0.0.1:%d/api/v3" % self.port

    @property
    def gitlab_url(self):
        return "http://127.0.0.1:%d/api/v4" % self.port

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def add_comment(self, body, user="someone"):
        self.next_id += 1
        self.comments.append({"id": self.next_id, "body": body,
                              "user": {"login": user}, "system": False})
        return self.next_id

    def writes(self):
        return [(m, p) for m, p, _ in self.requests if m != "GET"]

    # ---- the handler ----

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                api._serve(self, "GET")

            def do_POST(self):
                api._serve(self, "POST")

            def do_PATCH(self):
                api._serve(self, "PATCH")

            def do_PUT(self):
                api._serve(self, "PUT")

        return Handler

    def _reply(self, h, status, obj=None, headers=None):
        data = json.dumps(obj if obj is not None else {}).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def _violation(self, h, what):
        self.violations.append(what)
        self._reply(h, 400, {"message": "fake_api: " + what})

    def _serve(self, h, method):
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        url = urlsplit(h.path)
        query = parse_qs(url.query)
        body = None
        with self.lock:
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    return self._violation(h, "body is not JSON")
            self.requests.append((method, url.path, body))
            if self.throttle > 0:
                self.throttle -= 1
                return self._reply(h, 429, {"message": "slow down"},
                                   {"Retry-After": "1"})
            gitlab = url.path.startswith("/api/v4/")
            if not self._auth_ok(h, gitlab):
                return self._violation(h, "bad auth or headers on %s %s"
                                       % (method, url.path))
            if raw and h.headers.get("Content-Type") != "application/json":
                return self._violation(h, "body without JSON content type")
            route = self._route(gitlab, method, url.path)
            if route is None:
                return self._violation(h, "unexpected %s %s" %
                                       (method, url.path))
            return route(h, method, url.path, query, body)

    def _auth_ok(self, h, gitlab):
        if h.headers.get("Authorization") != "Bearer " + self.token:
            return False
        if not h.headers.get("User-Agent", "").startswith("headroom/"):
            return False
        if gitlab:
            return True
        return (h.headers.get("Accept") == "application/vnd.github+json" and
                h.headers.get("X-GitHub-Api-Version") == "2022-11-28")

    def _route(self, gitlab, method, path):
        table = [
            ("GET", r"/api/v3/repos/o/r/issues/7/comments", self._list),
            ("POST", r"/api/v3/repos/o/r/issues/7/comments", self._create),
            ("PATCH", r"/api/v3/repos/o/r/issues/comments/(\d+)",
             self._update),
            ("GET", r"/api/v3/repos/o/r/pulls/7/files", self._files),
            ("GET", r"/api/v3/repos/o/r/pulls/7/comments",
             self._review_list),
            ("POST", r"/api/v3/repos/o/r/pulls/7/reviews", self._review),
            ("GET", r"/api/v4/projects/42/merge_requests/7/notes",
             self._list),
            ("POST", r"/api/v4/projects/42/merge_requests/7/notes",
             self._create),
            ("PUT", r"/api/v4/projects/42/merge_requests/7/notes/(\d+)",
             self._update),
        ]
        for m, pattern, fn in table:
            if m == method and re.fullmatch(pattern, path):
                return fn
        return None

    def _page(self, h, path, query, items):
        try:
            per_page = int(query.get("per_page", ["30"])[0])
            page = int(query.get("page", ["1"])[0])
        except ValueError:
            return self._violation(h, "bad paging query")
        per_page = min(per_page, self.per_page_max)
        start = (page - 1) * per_page
        chunk = items[start:start + per_page]
        headers = {}
        if start + per_page < len(items):
            q = dict((k, v[0]) for k, v in query.items())
            q["page"] = str(page + 1)
            nxt = "http://127.0.0.1:%d%s?%s" % (
                self.port, path, "&".join("%s=%s" % kv for kv in q.items()))
            headers["Link"] = '<%s>; rel="next", <%s>; rel="last"' % (
                nxt, nxt)
        return self._reply(h, 200, chunk, headers)

    def _list(self, h, method, path, query, body):
        return self._page(h, path, query, self.comments)

    def _check_body(self, h, body):
        if not isinstance(body, dict) or set(body) != {"body"} or \
                not isinstance(body["body"], str):
            self._violation(h, "comment body must be {\"body\": string}")
            return False
        text = body["body"]
        if not text.startswith(MARKER) or not STAMP.search(text):
            self._violation(h, "comment lacks the marker or the run stamp")
            return False
        return True

    def _write_refused(self, h, text):
        if self.read_only:
            self._reply(h, 403, {"message":
                                 "Resource not accessible by integration"})
            return True
        if len(text) > self.max_body:
            self._reply(h, 422, {"message": "Validation Failed", "errors": [
                {"message": "Body is too long (maximum is %d characters)"
                 % self.max_body}]})
            return True
        return False

    def _create(self, h, method, path, query, body):
        if not self._check_body(h, body) or \
                self._write_refused(h, body["body"]):
            return None
        cid = self.add_comment(body["body"], user="headroom-bot")
        return self._reply(h, 201, {"id": cid, "body": body["body"]})

    def _update(self, h, method, path, query, body):
        cid = int(path.rsplit("/", 1)[1])
        found = [c for c in self.comments if c["id"] == cid]
        if not found:
            return self._reply(h, 404, {"message": "Not Found"})
        if not self._check_body(h, body) or \
                self._write_refused(h, body["body"]):
            return None
        found[0]["body"] = body["body"]
        return self._reply(h, 200, found[0])

    def _files(self, h, method, path, query, body):
        return self._page(h, path, query, self.files)

    def _review_list(self, h, method, path, query, body):
        return self._page(h, path, query, self.review_comments)

    def _review(self, h, method, path, query, body):
        ok = (isinstance(body, dict) and body.get("event") == "COMMENT" and
              re.fullmatch(r"[0-9a-f]{40}", body.get("commit_id", "")) and
              isinstance(body.get("body"), str) and
              isinstance(body.get("comments"), list) and
              0 < len(body["comments"]) <= 30)
        if not ok:
            return self._violation(h, "review shape")
        for c in body["comments"]:
            if set(c) != {"path", "body", "line", "side"} or \
                    c["side"] != "RIGHT" or not isinstance(c["line"], int):
                return self._violation(h, "review comment shape")
            if "```suggestion\n" not in c["body"] or \
                    "<!-- headroom:suggestion " not in c["body"]:
                return self._violation(h, "review comment lacks suggestion")
            added = self._added_lines(c["path"])
            if c["line"] not in added:
                return self._reply(h, 422, {"message":
                                            "line must be part of the diff"})
        if self.read_only:
            return self._reply(h, 403, {"message":
                                        "Resource not accessible by "
                                        "integration"})
        self.reviews.append(body)
        for c in body["comments"]:
            self.next_id += 1
            self.review_comments.append(dict(c, id=self.next_id))
        return self._reply(h, 200, {"id": self.next_id})

    def _added_lines(self, filename):
        lines = set()
        for f in self.files:
            if f["filename"] != filename:
                continue
            new = 0
            for line in f.get("patch", "").split("\n"):
                m = re.match(r"@@ -\d+(?:,\d+)? \+(\d+)", line)
                if m:
                    new = int(m.group(1))
                elif line.startswith("+"):
                    lines.add(new)
                    new += 1
                elif not line.startswith("-"):
                    new += 1
        return lines


def added_file_patch(text):
    """The patch GitHub shows for a file the pull request adds."""
    lines = text.rstrip("\n").split("\n")
    return "@@ -0,0 +1,%d @@\n" % len(lines) + "\n".join(
        "+" + line for line in lines)


def sticky(api):
    """The one comment carrying the marker (fails when there are more)."""
    found = [c for c in api.comments if c["body"].startswith(MARKER)]
    assert len(found) == 1, "%d sticky comments" % len(found)
    return found[0]


ALLOWED_TAGS = {"details", "/details", "summary", "/summary", "sub", "/sub"}


def check_no_html(text):
    """No HTML tag but the report's own, and no live mention."""
    text = re.sub(r"<!-- headroom:(report|run|suggestion)[^>]*-->", "", text)
    for tag in re.findall(r"<(/?[A-Za-z!][^\s>]*)", text):
        assert tag in ALLOWED_TAGS, "raw HTML tag <%s> in %r" % (tag, text)
    assert "@admin" not in text  # mentions are broken by a zero-width space


def scratch_workspace(root, prefix):
    """A temporary checkout: the demo manifests and usage data, and the
    hostile fixtures, copied from the source tree at root."""
    work = tempfile.mkdtemp(prefix=prefix)
    shutil.copytree(os.path.join(root, "fixtures/demo/manifests"),
                    os.path.join(work, "manifests"))
    for name in ("demo/recommendations.json", "e2e/hostile-markdown.yaml",
                 "e2e/hostile-strings.yaml"):
        shutil.copy(os.path.join(root, "fixtures", name), work)
    return work
