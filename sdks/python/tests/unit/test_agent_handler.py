"""The agent handler helper: framework-neutral, then behind WSGI and http.server (real sockets)."""
from __future__ import annotations

import asyncio
import io
import json
import threading
import time
import unittest
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer
from typing import Any, Dict, List, Optional

from mailroom import (Obj, agent_http_handler, agent_wsgi_app, handle_agent_webhook, handle_agent_webhook_async,
                      sign_agent_webhook)

SECRET = "agent-secret-0123456789"
EVENT = {"v": 1, "event": "email", "id": "d-1", "agent": {"class_name": "Echo", "instance": "t1"},
         "email": {"message": {"from": {"address": "ann@example.org"}, "subject": "Hi", "text": "hello"},
                   "received_at": "2026-12-07T06:13:04Z"},
         "thread_id": "t-3b9a", "state": {"count": 1}, "history": []}


def signed(event: Any = EVENT, secret: str = SECRET, ts: Optional[int] = None) -> tuple:
    body = json.dumps(event).encode() if not isinstance(event, bytes) else event
    ts = int(time.time()) if ts is None else ts
    return body, {"X-Mailroom-Timestamp": str(ts), "X-Mailroom-Signature": sign_agent_webhook(body, secret, ts),
                  "X-Mailroom-Delivery": "d-1", "Content-Type": "application/json"}


def echo(event: Obj) -> Dict[str, Any]:
    msg = event.email.message
    return {"replies": [{"text": "echo: " + msg.text}], "state": {"count": event.state["count"] + 1},
            "seen": [event.agent.class_name, event.agent.instance, msg.from_.address]}


class HandleAgentWebhook(unittest.TestCase):
    def test_a_signed_email_event_calls_the_function_and_answers_its_json(self) -> None:
        body, headers = signed()
        resp = handle_agent_webhook(body, headers, SECRET, echo)
        self.assertEqual(200, resp.status)
        self.assertEqual("application/json", resp.headers["Content-Type"])
        self.assertEqual({"replies": [{"text": "echo: hello"}], "state": {"count": 2},
                          "seen": ["Echo", "t1", "ann@example.org"]}, resp.json())

    def test_a_schedule_event_and_a_function_returning_none_answer_an_empty_object(self) -> None:
        seen: List[Obj] = []
        body, headers = signed({"v": 1, "event": "schedule", "id": "s", "agent": {"class_name": "E", "instance": "i"},
                                "payload": {"k": 1}})
        def record(e: Obj) -> None:
            seen.append(e)
        resp = handle_agent_webhook(body, headers, SECRET, record)
        self.assertEqual((200, {}), (resp.status, resp.json()))
        self.assertEqual({"k": 1}, seen[0].payload)

    def test_bad_signature_is_401_malformed_400_failing_function_500_all_problem_json(self) -> None:
        body, headers = signed()
        cases = [
            (body.replace(b"hello", b"HELLO"), headers, echo, 401),
            (body, dict(headers, **{"X-Mailroom-Timestamp": str(int(time.time()) - 3600)}), echo, 401),
            (body, {"Content-Type": "application/json"}, echo, 401),
            (signed(b"not json")[0], signed(b"not json")[1], echo, 400),
            (signed({"v": 1, "event": "other"})[0], signed({"v": 1, "event": "other"})[1], echo, 400),
            (body, headers, lambda e: 1 / 0, 500),
            (body, headers, lambda e: ["not", "a", "mapping"], 500),
        ]
        for b, h, fn, status in cases:
            with self.subTest(status=status, body=b[:20]):
                resp = handle_agent_webhook(b, h, SECRET, fn)  # type: ignore[arg-type] # wrong on purpose
                self.assertEqual(status, resp.status, resp.body)
                self.assertEqual("application/problem+json", resp.headers["Content-Type"])
                self.assertEqual(status, resp.json()["status"])

    def test_the_failing_function_detail_shows_no_exception_text(self) -> None:
        body, headers = signed()

        def boom(e: Obj) -> None:
            raise RuntimeError("secret internals")
        resp = handle_agent_webhook(body, headers, SECRET, boom)
        self.assertNotIn(b"secret internals", resp.body)

    def test_the_async_variant_awaits_a_coroutine_function(self) -> None:
        body, headers = signed()

        async def fn(e: Obj) -> Dict[str, Any]:
            await asyncio.sleep(0)
            return {"replies": [{"text": e.email.message.text}]}
        resp = asyncio.run(handle_agent_webhook_async(body, headers, SECRET, fn))
        self.assertEqual({"replies": [{"text": "hello"}]}, resp.json())


class Adapters(unittest.TestCase):
    def test_the_wsgi_app(self) -> None:
        app = agent_wsgi_app(SECRET, echo)
        body, headers = signed()
        environ = {"REQUEST_METHOD": "POST", "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
        for k, v in headers.items():
            environ["HTTP_" + k.upper().replace("-", "_")] = v
        started: List[Any] = []
        out = b"".join(app(environ, lambda status, hdrs: started.append((status, hdrs))))
        self.assertEqual("200 OK", started[0][0])
        self.assertEqual("echo: hello", json.loads(out)["replies"][0]["text"])
        environ["wsgi.input"] = io.BytesIO(body.replace(b"hello", b"bye"))
        started.clear()
        app(environ, lambda status, hdrs: started.append((status, hdrs)))
        self.assertEqual("401 Unauthorized", started[0][0])

    def test_the_http_server_handler_over_a_real_socket(self) -> None:
        server = ThreadingHTTPServer(("127.0.0.1", 0), agent_http_handler(SECRET, echo))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = "http://127.0.0.1:%d/agent" % server.server_address[1]
        try:
            body, headers = signed()
            with urllib.request.urlopen(urllib.request.Request(url, body, headers, method="POST"), timeout=5) as r:
                self.assertEqual(200, r.status)
                self.assertEqual("echo: hello", json.loads(r.read())["replies"][0]["text"])
            with self.assertRaises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(urllib.request.Request(url, body + b" ", headers, method="POST"), timeout=5)
            self.assertEqual(401, caught.exception.code)
            self.assertEqual("application/problem+json", caught.exception.headers["Content-Type"])
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    unittest.main()
