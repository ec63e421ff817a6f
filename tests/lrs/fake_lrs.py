"""A small external LRS for the forwarding tests: a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeLrs:
    """Records the statement ids it stores; can refuse duplicates or some statements."""

    def __init__(
        self,
        port: int = 0,
        *,
        duplicates: str = "accept",
        refuse: Callable[[dict], bool] | None = None,
    ) -> None:
        """`duplicates`: "accept" (idempotent) or "conflict" (409, like ADL's LRS)."""
        self.port = port
        self.duplicates = duplicates
        self.refuse = refuse or (lambda statement: False)
        self.stored: list[str] = []  # ids, in the order they were stored
        self.received: list[str] = []  # every id of every accepted request (re-sends too)
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        """The base URL of this LRS (ends with /xapi/)."""
        return f"http://127.0.0.1:{self.port}/xapi/"

    def _handle(self, handler: BaseHTTPRequestHandler) -> tuple[int, bytes]:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        headers = {name.lower(): value for name, value in handler.headers.items()}
        with self._lock:
            self.requests.append((handler.command, handler.path, headers, body))
            content_type = headers.get("content-type", "")
            if content_type.startswith("multipart/mixed"):
                boundary = content_type.split("boundary=", 1)[1].encode()
                body = (
                    body.split(b"--" + boundary)[1].split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n", 1)[0]
                )
            payload = json.loads(body)
            statements = payload if isinstance(payload, list) else [payload]
            if handler.command == "PUT":
                statements[0]["id"] = parse_qs(urlsplit(handler.path).query)["statementId"][0]
            if any(self.refuse(statement) for statement in statements):
                return 400, b'{"error": "refused"}'
            known = [s["id"] for s in statements if s["id"] in self.stored]
            if known and self.duplicates == "conflict":
                return 409, b'{"error": "conflict"}'
            for statement in statements:
                self.received.append(statement["id"])
                if statement["id"] not in self.stored:
                    self.stored.append(statement["id"])
            if handler.command == "PUT":
                return 204, b""
            return 200, json.dumps([s["id"] for s in statements]).encode()

    def start(self) -> FakeLrs:
        """Listen (in a thread) until stop()."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                status, body = fake._handle(self)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_PUT = _answer

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
