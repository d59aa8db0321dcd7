#!/usr/bin/env python3
"""A loopback HTTP server that misbehaves on purpose, for integration tests.

Usage: fake_http.py --log FILE [--script FILE]

Binds 127.0.0.1 on a free port, prints that port on one line of stdout,
then serves until killed (SIGTERM or SIGINT).  Every request is appended to
the log as one JSON object per line, written before the answer:

  {"t": seconds since start, "method", "path", "query": {name: [values]},
   "headers": {lower-case name: value}, "body", "connection": its number,
   "in_flight": requests being handled (this one included),
   "in_flight_path": the same, counting only requests to this path,
   "open_connections": connections open}

Slow and hanging answers end early when the client closes the connection,
so a test that gave up leaves nothing behind to skew the next one.

What a request gets depends on its path.  Paths of the form /NAME/KEY...
keep one counter per whole path, so a test uses a fresh KEY for fresh state.

  /ok                200, body from ?body= (default {"status":"success"})
  /echo              200, the log record of this request as JSON
  /status?code=N     N, every time
  /flaky/...?status=N&times=K[&retry_after=V]
                     the first K requests to that path get N (with
                     Retry-After: V; V "date:S" is an HTTP-date S seconds
                     ahead), then 200 with the attempt number in the body
  /slow?delay=S      sleeps S seconds, then 200
  /malformed         200, application/json that is not JSON
  /truncated         Content-Length 1000, 10 bytes, then close
  /close             closes without answering
  /hang              reads the request, never answers (until shutdown)
  /huge?size=N[&chunked=1]
                     N bytes of 'x', with Content-Length or chunked
  /link              200 with a Link header (pagination)

A script file (JSON) overrides or adds paths: {"/path": [step, ...]}, each
request to the path taking the next step and the last one repeating.  A
step is {"status": N, "headers": {...}, "body": "...", "delay": S} or
{"action": "close" | "hang" | "truncate"}.  For GitHub/GitLab API tests.
"""
import argparse
import ssl
import email.utils
import json
import select
import socket
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

START = time.monotonic()
STOP = threading.Event()
LOCK = threading.Lock()
STATE = {"in_flight": 0, "open": 0, "connections": 0}
COUNTS = {}
PATH_IN_FLIGHT = {}
SCRIPT = {}
LOG = None


def bump(key):
    with LOCK:
        COUNTS[key] = COUNTS.get(key, 0) + 1
        return COUNTS[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real APIs do

    def setup(self):
        super().setup()
        with LOCK:
            STATE["open"] += 1
            STATE["connections"] += 1
            self.connection_number = STATE["connections"]

    def finish(self):
        try:
            super().finish()
        finally:
            with LOCK:
                STATE["open"] -= 1

    def log_message(self, format, *args):
        pass  # the JSON log is the record

    def handle_one(self):
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with LOCK:
            STATE["in_flight"] += 1
            PATH_IN_FLIGHT[url.path] = PATH_IN_FLIGHT.get(url.path, 0) + 1
            record = {
                "t": round(time.monotonic() - START, 4),
                "method": self.command,
                "path": url.path,
                "query": parse_qs(url.query),
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
                "connection": self.connection_number,
                "in_flight": STATE["in_flight"],
                "in_flight_path": PATH_IN_FLIGHT[url.path],
                "open_connections": STATE["open"],
            }
            LOG.write(json.dumps(record) + "\n")
            LOG.flush()
        try:
            self.answer(url.path, record)
        finally:
            with LOCK:
                STATE["in_flight"] -= 1
                PATH_IN_FLIGHT[url.path] -= 1

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_one

    def send(self, status, body=b"", headers=None, content_type="text/plain"):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def client_gone(self, seconds):
        """Waits up to seconds; True as soon as the client has closed."""
        end = time.monotonic() + seconds
        while not STOP.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return False
            readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
            if readable:
                try:
                    if self.connection.recv(1, socket.MSG_PEEK) == b"":
                        return True
                except OSError:
                    return True
                time.sleep(min(left, 0.05))  # more data, not a close
        return True

    def hang(self):
        self.close_connection = True
        self.client_gone(300)

    def drop(self):
        self.close_connection = True

    def truncate(self):
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"0123456789")
        self.wfile.flush()
        self.close_connection = True

    def scripted(self, steps, key):
        step = steps[min(bump(key), len(steps)) - 1]
        if self.client_gone(step.get("delay", 0)):
            return self.drop()
        action = step.get("action")
        if action:
            {"close": self.drop, "hang": self.hang, "truncate": self.truncate}[action]()
            return
        body = step.get("body", "")
        if not isinstance(body, str):
            body = json.dumps(body)
        self.send(step.get("status", 200), body, step.get("headers"),
                  step.get("content_type", "application/json"))

    def answer(self, path, record):
        q = {k: v[-1] for k, v in record["query"].items()}
        first = "/" + path.split("/")[1]
        if path in SCRIPT:
            return self.scripted(SCRIPT[path], path)
        if first == "/ok":
            return self.send(200, q.get("body", '{"status":"success"}'),
                             content_type="application/json")
        if first == "/echo":
            return self.send(200, json.dumps(record), content_type="application/json")
        if first == "/status":
            return self.send(int(q.get("code", "200")), "status\n")
        if first == "/flaky":
            n = bump(path)
            if n <= int(q.get("times", "1")):
                headers = {}
                after = q.get("retry_after")
                if after and after.startswith("date:"):
                    when = time.time() + float(after[5:])
                    headers["Retry-After"] = email.utils.formatdate(when, usegmt=True)
                elif after:
                    headers["Retry-After"] = after
                return self.send(int(q.get("status", "500")), "try again\n", headers)
            return self.send(200, "attempt %d\n" % n)
        if first == "/slow":
            if self.client_gone(float(q.get("delay", "1"))):
                return self.drop()
            return self.send(200, "slow\n")
        if first == "/malformed":
            return self.send(200, '{"status": "success", "data": [1, 2',
                             content_type="application/json")
        if first == "/truncated":
            return self.truncate()
        if first == "/close":
            return self.drop()
        if first == "/hang":
            return self.hang()
        if first == "/huge":
            return self.huge(int(q.get("size", str(1 << 20))), q.get("chunked") == "1")
        if first == "/link":
            return self.send(200, "[]", {"Link": '<http://127.0.0.1/next?page=2>; rel="next"'})
        return self.send(404, "no such behaviour\n")

    def huge(self, size, chunked):
        block = b"x" * 65536
        self.send_response(200)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        self.close_connection = True
        try:
            while size > 0:
                part = block[:min(size, len(block))]
                if chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                else:
                    self.wfile.write(part)
                size -= len(part)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client gave up, as it should


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


def main():
    global LOG
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--script")
    parser.add_argument("--tls-cert", help="serve HTTPS with this chain")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    if args.script:
        with open(args.script) as f:
            SCRIPT.update(json.load(f))
    LOG = open(args.log, "a")
    server = Server(("127.0.0.1", 0), Handler)
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)

    def stop(signum, frame):
        STOP.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.1)
    server.server_close()


if __name__ == "__main__":
    sys.exit(main())
