"""A real local HTTP server for the unit tests: records every request, answers from a function."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple, Union
from urllib.parse import parse_qs, urlsplit

Answer = Tuple[int, Dict[str, str], Union[bytes, List[bytes]]]


class Recorded:
    def __init__(self, method: str, path: str, query: Dict[str, List[str]], headers: Dict[str, str],
                 body: bytes) -> None:
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)

    def q(self, name: str) -> Optional[str]:
        values = self.query.get(name)
        return values[0] if values else None


def json_answer(value: Any, status: int = 200, headers: Optional[Dict[str, str]] = None) -> Answer:
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    return status, h, json.dumps(value).encode()


def problem(status: int, title: str, headers: Optional[Dict[str, str]] = None, **fields: Any) -> Answer:
    h = {"Content-Type": "application/problem+json"}
    h.update(headers or {})
    body = {"type": "https://mailroom.dev/problems/x", "title": title, "status": status}
    body.update(fields)
    return status, h, json.dumps(body).encode()


class Server:
    """``with Server(handler) as s:`` — ``handler(recorded) -> (status, headers, body | [chunks])``. A list body
    is written chunk by chunk (flushed), then the connection is closed: an SSE stream that drops."""

    def __init__(self, handler: Callable[[Recorded], Answer]) -> None:
        self.handler = handler
        self.requests: List[Recorded] = []
        outer = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                rec = Recorded(self.command, parts.path, parse_qs(parts.query),
                               {k.lower(): v for k, v in self.headers.items()}, body)
                outer.requests.append(rec)
                status, headers, out = outer.handler(rec)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if isinstance(out, list):
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for chunk in out:
                        self.wfile.write(chunk)
                        self.wfile.flush()
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that gave up (a timeout test) is expected

        self.httpd = Quiet(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> "Server":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
