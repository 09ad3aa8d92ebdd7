"""Retries, backoff, Retry-After, typed errors, timeouts and headers, against a real local HTTP server."""
from __future__ import annotations

import socket
import time
import unittest
from email.utils import formatdate
from typing import Any, List, Tuple

import mailroom
from mailroom import (ApiError, AuthenticationError, ConflictError, Mailroom, NotFoundError, PermissionDeniedError,
                      RateLimitError, ValidationError, parse_retry_after)
from mailroom._http import backoff_delay, should_retry

from ._server import Server, json_answer, problem


def client(url: str, **kw: Any) -> Tuple[Mailroom, List[Tuple[int, float, Any]], List[float]]:
    retries: List[Tuple[int, float, Any]] = []
    sleeps: List[float] = []
    mr = Mailroom(api_key="k1", base_url=url, on_retry=lambda a, d, e: retries.append((a, d, e)), **kw)
    mr._transport.sleep = sleeps.append
    return mr, retries, sleeps


class Decisions(unittest.TestCase):
    def test_retry_after_seconds_and_http_dates(self) -> None:
        self.assertEqual(7.0, parse_retry_after("7"))
        self.assertEqual(0.0, parse_retry_after("-3"))
        now = 1_700_000_000.0
        self.assertAlmostEqual(30.0, parse_retry_after(formatdate(now + 30, usegmt=True), now=now) or -1, delta=1)
        self.assertEqual(0.0, parse_retry_after(formatdate(now - 30, usegmt=True), now=now))
        for bad in (None, "", "soon"):
            self.assertIsNone(parse_retry_after(bad))

    def test_backoff_doubles_with_jitter_caps_at_8_and_honours_retry_after_up_to_the_max(self) -> None:
        self.assertEqual([0.5, 1.0, 2.0, 4.0, 8.0, 8.0], [backoff_delay(n, None, rand=lambda: 0.0) for n in range(6)])
        self.assertEqual(0.375, backoff_delay(0, None, rand=lambda: 1.0))
        self.assertEqual(42.0, backoff_delay(0, 42.0))
        self.assertEqual(60.0, backoff_delay(0, 3600.0))
        self.assertEqual(5.0, backoff_delay(0, 3600.0, max_retry_delay=5.0))

    def test_only_safe_requests_are_retried(self) -> None:
        self.assertTrue(should_retry("GET", 503, False))
        self.assertTrue(should_retry("DELETE", None, False))
        self.assertTrue(should_retry("POST", 500, True))
        self.assertTrue(should_retry("POST", 429, False))
        self.assertFalse(should_retry("POST", 500, False))
        self.assertFalse(should_retry("POST", None, False))
        self.assertFalse(should_retry("GET", 404, False))
        self.assertFalse(should_retry("PATCH", 503, False))


class Retries(unittest.TestCase):
    def test_a_get_answered_503_then_200_is_retried_with_backoff(self) -> None:
        answers = [problem(503, "Unavailable"), json_answer({"id": "k"})]
        with Server(lambda r: answers.pop(0)) as s:
            mr, retries, sleeps = client(s.url)
            self.assertEqual("k", mr.api_keys.get("k").id)
        self.assertEqual(1, len(retries))
        self.assertEqual(503, retries[0][2].status)
        self.assertTrue(0.375 <= sleeps[0] <= 0.5, sleeps)

    def test_a_429_is_retried_after_retry_after_even_on_post(self) -> None:
        answers = [problem(429, "Too many requests", {"Retry-After": "3"}), json_answer({"id": "k2"}, 201)]
        with Server(lambda r: answers.pop(0)) as s:
            mr, retries, sleeps = client(s.url)
            self.assertEqual("k2", mr.api_keys.create(name="n").id)
        self.assertEqual([3.0], sleeps)
        self.assertIsInstance(retries[0][2], RateLimitError)

    def test_a_post_without_idempotency_key_is_not_retried_on_500_but_a_send_is_with_the_same_key(self) -> None:
        with Server(lambda r: problem(500, "Internal error")) as s:
            mr, retries, _ = client(s.url)
            with self.assertRaises(mailroom.InternalServerError):
                mr.api_keys.create(name="n")
            self.assertEqual([], retries)
            self.assertEqual(1, len(s.requests))
        answers = [problem(502, "Bad gateway"), problem(500, "x"), json_answer({"id": "s1"}, 202)]
        with Server(lambda r: answers.pop(0)) as s:
            mr, retries, _ = client(s.url)
            self.assertEqual("s1", mr.emails.send(from_="a@x.org", to=["b@y.org"], subject="s", text="t").id)
            keys = {r.headers["idempotency-key"] for r in s.requests}
            self.assertEqual(3, len(s.requests))
            self.assertEqual(1, len(keys), "one generated key for every attempt")
            self.assertEqual(2, len(retries))

    def test_retries_stop_after_max_retries(self) -> None:
        with Server(lambda r: problem(503, "Unavailable")) as s:
            mr, retries, _ = client(s.url, max_retries=3)
            with self.assertRaises(ApiError) as caught:
                mr.mailboxes.delete("m1")
            self.assertEqual(503, caught.exception.status)
            self.assertEqual(4, len(s.requests))
            self.assertEqual([1, 2, 3], [r[0] for r in retries])

    def test_a_refused_connection_is_a_connection_error_after_retries(self) -> None:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        mr, retries, _ = client("http://127.0.0.1:%d" % port)
        with self.assertRaises(mailroom.ConnectionError):
            mr.domains.get("example.org")
        self.assertEqual(2, len(retries))

    def test_a_slow_answer_is_a_timeout_error(self) -> None:
        def slow(r: Any) -> Any:
            time.sleep(1.0)
            return json_answer({})
        with Server(slow) as s:
            mr, _, _ = client(s.url, timeout=0.2, max_retries=0)
            with self.assertRaises(mailroom.TimeoutError):
                mr.domains.get("example.org")


class Errors(unittest.TestCase):
    def test_problem_json_becomes_a_typed_error_with_its_fields(self) -> None:
        cases = [(401, AuthenticationError), (403, PermissionDeniedError), (404, NotFoundError),
                 (409, ConflictError), (422, ValidationError), (418, ApiError)]
        for status, cls in cases:
            with self.subTest(status=status):
                answer = problem(status, "T%d" % status, detail="d", instance="/v1/x",
                                 errors=[{"field": "to[1]", "detail": "is not a valid address"}])
                with Server(lambda r: answer) as s:
                    mr, _, _ = client(s.url)
                    with self.assertRaises(cls) as caught:
                        mr.drafts.get("d1")
                e = caught.exception
                self.assertIs(type(e), cls)
                self.assertEqual((status, "T%d" % status, "d", "/v1/x", "https://mailroom.dev/problems/x"),
                                 (e.status, e.title, e.detail, e.instance, e.type))
                self.assertEqual("to[1]", e.errors[0]["field"])
                self.assertIn("to[1] is not a valid address", str(e))

    def test_a_non_json_error_body_still_gives_a_typed_error(self) -> None:
        with Server(lambda r: (404, {"Content-Type": "text/plain"}, b"nothing here")) as s:
            mr, _, _ = client(s.url)
            with self.assertRaises(NotFoundError) as caught:
                mr.threads.get("t")
            self.assertEqual("nothing here", caught.exception.detail)


class Headers(unittest.TestCase):
    def test_bearer_key_user_agent_and_env_defaults(self) -> None:
        import os
        with Server(lambda r: json_answer({"items": []})) as s:
            old = dict(os.environ)
            os.environ["MAILROOM_BASE_URL"] = s.url
            os.environ["MAILROOM_API_KEY"] = "from-env"
            try:
                mr = Mailroom()
            finally:
                os.environ.clear()
                os.environ.update(old)
            mr.labels.list(mailbox="mb 1")
            r = s.requests[0]
            self.assertEqual("Bearer from-env", r.headers["authorization"])
            self.assertEqual("mailroom-sdk-python/" + mailroom.__version__, r.headers["user-agent"])
            self.assertEqual(("/v1/labels", "mb 1"), (r.path, r.q("mailbox")))

    def test_the_default_base_url(self) -> None:
        import os
        old = os.environ.pop("MAILROOM_BASE_URL", None)
        try:
            self.assertEqual("http://127.0.0.1:8080", Mailroom(api_key="k").base_url)
        finally:
            if old is not None:
                os.environ["MAILROOM_BASE_URL"] = old


if __name__ == "__main__":
    unittest.main()
