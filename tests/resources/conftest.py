"""A local HTTP server for the link checker: 200, 404, slow answers, HEAD refused."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

SLOW_SECONDS = 2.0


class LocalSite:
    """The running server: its base URL, the requests it saw, the peak concurrency."""

    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        self.requests: list[tuple[str, str]] = []
        self.active = 0
        self.peak = 0
        self.lock = threading.Lock()


def handler_for(site_ref: list[LocalSite]) -> type[BaseHTTPRequestHandler]:
    """A request handler answering by path."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _answer(self, method: str) -> None:
            site = site_ref[0]
            with site.lock:
                site.requests.append((method, self.path))
                site.active += 1
                site.peak = max(site.peak, site.active)
            # A request stops counting as active before its answer goes out: once the client
            # has the answer it may send its next request before this thread runs again.
            try:
                if self.path.startswith("/slow"):
                    time.sleep(SLOW_SECONDS)
                    status = 200
                elif self.path.startswith("/busy"):
                    time.sleep(0.3)
                    status = 200
                elif self.path.startswith("/missing"):
                    status = 404
                elif self.path.startswith("/no-head") and method == "HEAD":
                    status = 405
                else:
                    status = 200
            finally:
                with site.lock:
                    site.active -= 1
            body = b"" if method == "HEAD" else b"<p>ok</p>"
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_HEAD(self) -> None:
            self._answer("HEAD")

        def do_GET(self) -> None:
            self._answer("GET")

    return Handler


@pytest.fixture
def local_site() -> Iterator[LocalSite]:
    """An HTTP server on 127.0.0.1, in a thread, for the duration of the test."""
    ref: list[LocalSite] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(ref))
    server.daemon_threads = True
    ref.append(LocalSite(server))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield ref[0]
    server.shutdown()
    server.server_close()
