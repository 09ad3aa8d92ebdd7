"""Signing and verifying both webhook kinds against known vectors.

The vectors were computed with Python's hmac module, independently of the SDK:

    import base64, hashlib, hmac
    key = base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")           # secret "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    base64.b64encode(hmac.new(key, b'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}',
                              hashlib.sha256).digest())                  # -> EVENT_SIG
    hmac.new(b"agent-secret-0123456789", b'1700000000.{"v":1}', hashlib.sha256).hexdigest()  # -> AGENT_SIG

(the first is the Standard Webhooks specification's own example vector).
"""
from __future__ import annotations

import email.message
import unittest

from mailroom import WebhookVerificationError, sign_agent_webhook, sign_event_webhook, verify_webhook

EVENT_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
EVENT_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
EVENT_TS = 1614265330
EVENT_BODY = b'{"test": 2432232314}'
EVENT_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

AGENT_SECRET = "agent-secret-0123456789"
AGENT_TS = 1700000000
AGENT_BODY = b'{"v":1}'
AGENT_SIG = "sha256=ee7c1054d086646924fbf9e10473d834706c56eeed80622885701d30727b121f"


def event_headers(sig: str = EVENT_SIG, ts: int = EVENT_TS) -> dict:
    return {"webhook-id": EVENT_ID, "webhook-timestamp": str(ts), "webhook-signature": sig}


class EventWebhooks(unittest.TestCase):
    def test_the_known_vector_signs_and_verifies(self) -> None:
        self.assertEqual(EVENT_SIG, sign_event_webhook(EVENT_BODY, EVENT_SECRET, EVENT_ID, EVENT_TS))
        self.assertEqual({"test": 2432232314},
                         verify_webhook(EVENT_BODY, event_headers(), EVENT_SECRET, now=EVENT_TS + 10))

    def test_headers_are_case_insensitive_and_strings_and_http_server_headers_work(self) -> None:
        upper = {k.upper(): v for k, v in event_headers().items()}
        self.assertEqual(2432232314, verify_webhook(EVENT_BODY.decode(), upper, EVENT_SECRET, now=EVENT_TS).test)
        msg = email.message.Message()
        for k, v in event_headers().items():
            msg[k.title()] = v
        self.assertTrue(verify_webhook(EVENT_BODY, msg, EVENT_SECRET, now=EVENT_TS))

    def test_one_matching_signature_among_several_is_enough(self) -> None:
        other = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v2,xyz " + EVENT_SIG
        verify_webhook(EVENT_BODY, event_headers(other), EVENT_SECRET, now=EVENT_TS)

    def test_tampered_body_wrong_secret_old_and_future_timestamps_are_refused(self) -> None:
        cases = [
            (EVENT_BODY.replace(b"4", b"5"), event_headers(), EVENT_SECRET, EVENT_TS, "no matching signature"),
            (EVENT_BODY, event_headers(), "whsec_" + "A" * 32, EVENT_TS, "no matching signature"),
            (EVENT_BODY, event_headers(), EVENT_SECRET, EVENT_TS + 301, "timestamp"),
            (EVENT_BODY, event_headers(), EVENT_SECRET, EVENT_TS - 301, "timestamp"),
            (EVENT_BODY, {"webhook-signature": EVENT_SIG}, EVENT_SECRET, EVENT_TS, "webhook-id"),
            (EVENT_BODY, {}, EVENT_SECRET, EVENT_TS, "missing signature header"),
        ]
        for body, headers, secret, now, reason in cases:
            with self.subTest(reason=reason, now=now):
                with self.assertRaises(WebhookVerificationError) as caught:
                    verify_webhook(body, headers, secret, now=now)
                self.assertIn(reason, caught.exception.reason)

    def test_the_tolerance_is_an_option(self) -> None:
        verify_webhook(EVENT_BODY, event_headers(), EVENT_SECRET, now=EVENT_TS + 3000, tolerance=3600)


class AgentWebhooks(unittest.TestCase):
    def headers(self, sig: str = AGENT_SIG) -> dict:
        return {"X-Mailroom-Timestamp": str(AGENT_TS), "X-Mailroom-Signature": sig, "X-Mailroom-Delivery": "d1"}

    def test_the_known_vector_signs_and_verifies(self) -> None:
        self.assertEqual(AGENT_SIG, sign_agent_webhook(AGENT_BODY, AGENT_SECRET, AGENT_TS))
        self.assertEqual(1, verify_webhook(AGENT_BODY, self.headers(), AGENT_SECRET, now=AGENT_TS).v)
        lower = {k.lower(): v for k, v in self.headers().items()}
        self.assertEqual(1, verify_webhook(bytearray(AGENT_BODY), lower, AGENT_SECRET, now=AGENT_TS - 299).v)

    def test_tampered_body_wrong_secret_and_old_timestamp_are_refused(self) -> None:
        for body, secret, now in [(b'{"v":2}', AGENT_SECRET, AGENT_TS), (AGENT_BODY, "another-secret-0123", AGENT_TS),
                                  (AGENT_BODY, AGENT_SECRET, AGENT_TS + 301)]:
            with self.subTest(body=body, secret=secret, now=now):
                with self.assertRaises(WebhookVerificationError):
                    verify_webhook(body, self.headers(), secret, now=now)

    def test_a_signature_without_its_prefix_is_refused(self) -> None:
        with self.assertRaises(WebhookVerificationError):
            verify_webhook(AGENT_BODY, self.headers(AGENT_SIG[len("sha256="):]), AGENT_SECRET, now=AGENT_TS)


if __name__ == "__main__":
    unittest.main()
