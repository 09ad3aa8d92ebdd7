"""The live suite: the SDK against a running stack (bin/mailroom up, or the e2e harness's).

Skipped unless MAILROOM_LIVE=1. Environment: MAILROOM_BASE_URL (the api), MAILROOM_API_KEY (the admin key),
MAILROOM_SMTP (127.0.0.1:<port> of ingress), MAILROOM_SINK_DIR (where smtp-sink writes each delivered message),
MAILROOM_DOMAIN (agents.localhost), MAILROOM_RUN (a unique token for instance names and subjects).

    MAILROOM_LIVE=1 ... /usr/bin/python3 -m unittest discover -s tests/live -t .
"""
from __future__ import annotations

import asyncio
import email
import email.policy
import importlib.util
import json
import os
import smtplib
import threading
import time
import unittest
import uuid
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple

from mailroom import (AsyncMailroom, AuthenticationError, Mailroom, RateLimitError, WebhookVerificationError, agent_http_handler, verify_webhook)

LIVE = os.environ.get("MAILROOM_LIVE") == "1"
HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 90.0


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise unittest.SkipTest("MAILROOM_LIVE=1 but %s is not set" % name)
    return value


def eventually(what: str, fn: Callable[[], Any], timeout: float = TIMEOUT, every: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(every)
    raise AssertionError("%s: not within %.0f s (last: %r)" % (what, timeout, last))


def load_example(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, "..", "..", "examples", name + ".py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@unittest.skipUnless(LIVE, "live tests need a running stack: set MAILROOM_LIVE=1 and MAILROOM_BASE_URL, "
                           "MAILROOM_API_KEY, MAILROOM_SMTP, MAILROOM_SINK_DIR, MAILROOM_DOMAIN, MAILROOM_RUN")
class Live(unittest.TestCase):
    mr: Mailroom
    run_id: str
    domain: str
    base_url: str
    api_key: str
    smtp: str
    sink: str
    sender: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.base_url = env("MAILROOM_BASE_URL")
        cls.api_key = env("MAILROOM_API_KEY")
        cls.smtp = env("MAILROOM_SMTP")
        cls.sink = env("MAILROOM_SINK_DIR")
        cls.domain = env("MAILROOM_DOMAIN")
        cls.run_id = env("MAILROOM_RUN")
        cls.mr = Mailroom(api_key=cls.api_key, base_url=cls.base_url)
        cls.sender = "app@" + cls.domain

    # -- helpers --------------------------------------------------------------------------------------------

    def unique(self, what: str) -> str:
        return "py-%s-%s-%s" % (self.run_id, what, uuid.uuid4().hex[:8])

    def sink_messages(self) -> List[str]:
        """Each delivered message as its raw text followed by its decoded text parts (quoted-printable, base64)."""
        out = []
        for name in os.listdir(self.sink):
            path = os.path.join(self.sink, name)
            if not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                raw = f.read()
            parts = [raw.decode("latin-1")]
            message = email.message_from_bytes(raw, policy=email.policy.default)
            for part in message.walk():
                if part.get_content_maintype() == "text" and isinstance(part, EmailMessage):
                    try:
                        parts.append(part.get_content())
                    except (LookupError, ValueError):
                        pass
            out.append("\n".join(parts))
        return out

    def in_sink(self, *needles: str) -> Optional[str]:
        for message in self.sink_messages():
            if all(n in message for n in needles):
                return message
        return None

    def status(self, send_id: str) -> Optional[str]:
        # no 404 expected: a read of the client's own send waits until the mailbox has filed it
        return self.mr.emails.get(send_id).get("status")

    def smtp_send(self, to: str, subject: str, text: str) -> str:
        host, _, port = self.smtp.rpartition(":")
        msg = EmailMessage()
        msg["From"] = "tester@example.org"
        msg["To"] = to
        msg["Subject"] = subject
        msg["Message-ID"] = "<%s@py-sdk.example>" % subject
        msg.set_content(text)
        deadline = time.monotonic() + 30
        while True:
            try:
                with smtplib.SMTP(host, int(port), timeout=60) as s:
                    s.send_message(msg)
                return msg["Message-ID"]
            except smtplib.SMTPRecipientsRefused:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)  # an agent class created a moment ago: ingress follows the registry within seconds

    # -- cases ----------------------------------------------------------------------------------------------

    def test_send_is_delivered_to_the_sink(self) -> None:
        subject = self.unique("send")
        sent = self.mr.emails.send(from_=self.sender, to=["someone@example.org"], subject=subject,
                                   text="hello from the Python SDK",
                                   attachments=[{"filename": "a.txt", "content": b"attached"}])
        self.assertTrue(sent.id)
        # "sent": the smarthost (smtp-sink) answered 250; "delivered": a later delivery report said so
        eventually("status sent or delivered", lambda: self.status(sent.id) in ("sent", "delivered"))
        eventually("the message at the sink", lambda: self.in_sink("Subject: " + subject))

    def test_smtp_to_echo_and_wait_for_reply_returns_its_answer(self) -> None:
        instance = "%s-py" % self.run_id
        subject = self.unique("echo")
        self.smtp_send("echo+%s@%s" % (instance, self.domain), subject, "ping")
        msg = self.mr.agents.wait_for_reply("Echo", instance, after=0, direction="out", timeout=TIMEOUT)
        self.assertIsNotNone(msg, "no answer from Echo/%s" % instance)
        assert msg is not None
        self.assertEqual("Re: " + subject, msg.subject)
        self.assertTrue(msg.thread_id)
        self.assertIsInstance(msg.seq, int)
        self.assertIn(instance, json.dumps(msg.from_))
        nothing = self.mr.agents.wait_for_reply("Echo", instance, after=msg.seq + 1000000, timeout=2)
        self.assertIsNone(nothing)

    def test_a_drafter_draft_is_approved_with_an_edit(self) -> None:
        instance = "%s-py" % self.run_id
        subject = self.unique("draft")
        self.smtp_send("drafter+%s@%s" % (instance, self.domain), subject, "please draft")

        def pending() -> Any:
            for d in self.mr.drafts.list(class_="Drafter", instance=instance, status="pending"):
                if subject in json.dumps(d):
                    return d
            return None
        draft = eventually("the Drafter's draft", pending)
        edited = "edited-by-python-" + uuid.uuid4().hex[:8]
        self.mr.drafts.approve(draft.id, text=edited)
        self.assertEqual("approved", self.mr.drafts.get(draft.id).status)
        eventually("the edited text at the sink", lambda: self.in_sink(edited))

    def test_a_real_event_webhook_delivery_verifies_and_tampered_is_refused(self) -> None:
        received: List[Tuple[bytes, Dict[str, str]]] = []

        class Hook(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                received.append((body, {k: v for k, v in self.headers.items()}))
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        hook = self.mr.webhooks.create(url="http://127.0.0.1:%d/hook" % server.server_address[1],
                                       event_types=["message.sent", "message.delivered"],
                                       description=self.unique("webhook"))
        try:
            self.assertTrue(hook.secret.startswith("whsec_"))
            sent = self.mr.emails.send(from_=self.sender, to=["someone@example.org"], subject=self.unique("hook"),
                                       text="webhook cause")
            body, headers = eventually("a webhook delivery about the send",
                                       lambda: next((r for r in list(received) if sent.id.encode() in r[0]), None))
            event = verify_webhook(body, headers, hook.secret)
            self.assertIn(event.type, ("message.sent", "message.delivered"))
            with self.assertRaises(WebhookVerificationError):
                verify_webhook(body.replace(sent.id.encode(), b"tampered"), headers, hook.secret)
            with self.assertRaises(WebhookVerificationError):
                verify_webhook(body, headers, "whsec_" + "QUJD" * 8)
        finally:
            self.mr.webhooks.delete(hook.id)
            server.shutdown()
            server.server_close()

    def test_the_example_echo_agent_behind_a_webhook(self) -> None:
        echo_agent = load_example("echo_agent")
        secret = "py-sdk-secret-" + uuid.uuid4().hex
        server = ThreadingHTTPServer(("127.0.0.1", 0), agent_http_handler(secret, echo_agent.echo))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        name = "PyEcho" + "".join(c for c in self.run_id if c.isalnum())
        address = "pyecho-%s" % self.run_id
        self.mr.agents.create({"name": name, "address": address,
                               "webhook": {"url": "http://127.0.0.1:%d/" % server.server_address[1],
                                           "secret": secret, "timeout": "10s"}})
        try:
            self.assertEqual(name, self.mr.agents.get(name).name)
            subject = self.unique("agent")
            self.smtp_send("%s+t1@%s" % (address, self.domain), subject, "hello agent")
            reply = eventually("the webhook agent's reply at the sink",
                               lambda: self.in_sink("Subject: Re: " + subject))
            self.assertIn("instance=t1 count=1", reply)
        finally:
            self.mr.agents.delete(name)
            server.shutdown()
            server.server_close()

    def test_the_event_stream_through_the_asyncio_client(self) -> None:
        async def run() -> Any:
            mr = AsyncMailroom(api_key=self.api_key, base_url=self.base_url)
            async with mr.events.stream(types=["message.sent", "message.delivered"]) as events:
                sent = await mr.emails.send(from_=self.sender, to=["someone@example.org"],
                                            subject=self.unique("stream"), text="stream cause")
                async for event in events:
                    if event.data.get("message_id") == sent.id:
                        return event
            return None
        event = asyncio.run(asyncio.wait_for(run(), TIMEOUT))
        self.assertIn(event.type, ("message.sent", "message.delivered"))

    def test_pagination_over_more_than_one_page(self) -> None:
        made = [self.mr.api_keys.create(name=self.unique("page"), permissions=["read"], domains=[self.domain])
                for _ in range(2)]
        try:
            first = self.mr.api_keys.list(limit=1).first_page()
            self.assertEqual(1, len(first.items))
            self.assertTrue(first.get("next_page_token"))
            ids = [k.id for k in self.mr.api_keys.list(limit=1)]
            self.assertEqual(len(ids), len(set(ids)), "no key twice")
            for k in made:
                self.assertIn(k.id, ids)
        finally:
            for k in made:
                self.mr.api_keys.revoke(k.id)

    def test_a_429_is_retried_after_retry_after(self) -> None:
        key = self.mr.api_keys.create(name=self.unique("rate"), permissions=["read"], domains=[self.domain],
                                      rate_per_minute=1)
        retries: List[Any] = []
        try:
            limited = Mailroom(api_key=key.token, base_url=self.base_url, max_retries=3,
                               on_retry=lambda attempt, delay, error: retries.append(error))
            eventually("the new key accepted", lambda: _accepted(limited), timeout=30)
            retries.clear()
            limited.mailboxes.list(limit=1).first_page()
            self.assertTrue(retries, "the second GET within the minute was answered 429 and retried")
            self.assertIsInstance(retries[0], RateLimitError)
            self.assertIsNotNone(retries[0].retry_after)
        finally:
            self.mr.api_keys.revoke(key.id)


def _accepted(client: Mailroom) -> bool:
    try:
        client.mailboxes.list(limit=1).first_page()
    except AuthenticationError:
        return False  # not yet known to the service that answers
    return True


if __name__ == "__main__":
    unittest.main()
