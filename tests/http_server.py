"""A real threaded HTTP server on 127.0.0.1 for fetch and pipeline tests.

Routes are plain functions of the request, so a test adds behaviour in one line::

    with TestServer() as server:
        server.add("/a.html", body=b"<html>...</html>")
        server.add("/slow", delay=2.0)
        server.route("/flaky", lambda req: Reply(503) if req.count == 1 else Reply(200, b"x"))
        url = server.url("/a.html")
        ...
        assert server.hits("/a.html") == 1

Every request is recorded (path, headers, monotonic arrival time) for assertions.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from pipeline.sources.config import FetchSettings

# Small limits keep failure tests fast: a 0.5 s total deadline turns the slow routes
# into timeouts quickly, and 64 KB is plenty for any test article.
TEST_TIMEOUT = 0.5
TEST_MAX_BYTES = 64 * 1024


def fast_settings(**overrides: Any) -> FetchSettings:
    """Settings for tests against this server: 127.0.0.1 allowed, no per-host delay,
    short timeouts and backoff. Keyword arguments override fields."""
    values: dict[str, Any] = {
        "allow_private_networks": True,
        "per_host_delay": 0,
        "concurrency": 4,
        "timeout": TEST_TIMEOUT,
        "connect_timeout": TEST_TIMEOUT,
        "max_bytes": TEST_MAX_BYTES,
        "max_redirects": 3,
        "retries": 2,
        "backoff": 0.05,
        "max_retry_after": 2,
        "user_agent": "newsclaims-test/1.0",
    }
    return FetchSettings(**{**values, **overrides})


def article(title: str, paragraphs: int = 3) -> bytes:
    """A small news-like HTML page."""
    body = "".join(
        f"<p>{title}: paragraph {i} says the minister denied the report.</p>"
        for i in range(paragraphs)
    )
    return (
        f"<!doctype html><html><head><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


@dataclass(slots=True)
class Reply:
    """What the server answers. ``body`` may be a list of chunks sent ``drip`` seconds apart."""

    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds before the status line (to trigger timeouts)
    drip: float = 0.0  # seconds between body chunks (slow-drip)
    content_length: bool = True  # send Content-Length when the body is bytes


@dataclass(frozen=True, slots=True)
class Request:
    path: str  # path with query
    headers: dict[str, str]  # lower-cased names
    at: float  # time.monotonic() on arrival
    count: int  # how many requests this path has had, this one included


Handler = Callable[[Request], Reply]


class TestServer:
    """ThreadingHTTPServer on a free 127.0.0.1 port; use as a context manager."""

    __test__ = False  # not a pytest test class

    def __init__(self) -> None:
        self._routes: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self.requests: list[Request] = []
        self._counts: dict[str, int] = {}
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        # A short poll interval makes shutdown() (which waits for the next poll) quick.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # --- routes ----------------------------------------------------------------------

    def route(self, path: str, handler: Handler) -> None:
        """Answer requests for exactly ``path`` (query included if given) with handler."""
        self._routes[path] = handler

    def add(self, path: str, body: bytes | str = b"", status: int = 200, **reply: object) -> None:
        """A fixed reply; keyword arguments are Reply fields."""
        data = body.encode() if isinstance(body, str) else body
        self.route(path, lambda _req: Reply(status, data, **reply))  # type: ignore[arg-type]

    # --- addresses and the request log ------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if path is None or r.path == path)

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> TestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes handlers sleeping in delay/drip
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- the handler -----------------------------------------------------------------

    def _record(self, path: str, headers: dict[str, str]) -> Request:
        with self._lock:
            count = self._counts[path] = self._counts.get(path, 0) + 1
            request = Request(path, headers, time.monotonic(), count)
            self.requests.append(request)
        return request

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                request = server._record(self.path, {k.lower(): v for k, v in self.headers.items()})
                handler = server._routes.get(self.path) or server._routes.get(
                    self.path.split("?", 1)[0]
                )
                reply = handler(request) if handler else Reply(404, b"not found")
                with contextlib.suppress(OSError):  # the client may hang up first
                    self._send(reply)

            def _send(self, reply: Reply) -> None:
                if reply.delay and server._stop.wait(reply.delay):
                    return
                self.send_response(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if isinstance(reply.body, bytes | bytearray):
                    chunks: list[bytes] = [bytes(reply.body)]
                    if reply.content_length:
                        self.send_header("Content-Length", str(len(reply.body)))
                else:
                    chunks = list(reply.body)
                self.end_headers()
                self.wfile.flush()
                for i, chunk in enumerate(chunks):
                    if i and reply.drip and server._stop.wait(reply.drip):
                        return
                    self.wfile.write(chunk)
                    self.wfile.flush()

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output clean; the request log is server.requests

        return _Handler
