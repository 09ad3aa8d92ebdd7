"""Webhook verification (event webhooks: Standard Webhooks; agent webhooks: X-Mailroom-Signature) and the agent
handler helper, framework-neutral plus WSGI and http.server adapters."""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import inspect
import json
import time
from http.server import BaseHTTPRequestHandler
from typing import (Any, Awaitable, Callable, Dict, Iterable, List, Mapping, Optional, Tuple, Type, Union, cast)

from ._errors import WebhookVerificationError
from ._types import Obj, decode_json, encode_json

DEFAULT_TOLERANCE = 300.0
"""Seconds a webhook timestamp may differ from now."""

Body = Union[bytes, bytearray, memoryview, str]
Headers = Union[Mapping[str, str], Iterable[Tuple[str, str]], Any]


def _header(headers: Headers, name: str) -> Optional[str]:
    """Case-insensitive lookup in a mapping, an ``email.message.Message`` (``http.server``), a WSGI environ or a
    list of pairs."""
    lname = name.lower()
    if hasattr(headers, "get_all"):  # email.message.Message / http.client.HTTPMessage
        values = headers.get_all(name)
        return values[0] if values else None
    items: Iterable[Tuple[Any, Any]]
    if isinstance(headers, Mapping):
        environ = "HTTP_" + name.upper().replace("-", "_")
        if environ in headers:
            return str(headers[environ])
        items = headers.items()
    else:
        items = headers
    for k, v in items:
        if str(k).lower() == lname:
            return v.decode("latin-1") if isinstance(v, bytes) else str(v)
    return None


def _bytes(body: Body) -> bytes:
    if isinstance(body, str):
        return body.encode("utf-8")
    return bytes(body)


def _check_time(timestamp: Optional[str], tolerance: float, now: Optional[float]) -> None:
    if timestamp is None:
        raise WebhookVerificationError("missing timestamp header")
    try:
        ts = int(timestamp.strip())
    except ValueError:
        raise WebhookVerificationError("timestamp is not a number") from None
    current = time.time() if now is None else now
    if abs(current - ts) > tolerance:
        raise WebhookVerificationError("timestamp too old or too new (tolerance %ds)" % tolerance)


def standard_key(secret: Union[str, bytes]) -> bytes:
    """The HMAC key of a ``whsec_<base64>`` secret (raw bytes passed through)."""
    if isinstance(secret, bytes):
        return secret
    b64 = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
    try:
        return base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError("the secret is not whsec_<base64>") from None


def sign_event_webhook(body: Body, secret: Union[str, bytes], msg_id: str, timestamp: int) -> str:
    """``v1,<base64 HMAC-SHA256(key, id.timestamp.body)>``: the Standard Webhooks signature (for tests)."""
    mac = hmac.new(standard_key(secret), ("%s.%d." % (msg_id, timestamp)).encode("utf-8") + _bytes(body),
                   hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode("ascii")


def sign_agent_webhook(body: Body, secret: str, timestamp: int) -> str:
    """``sha256=<hex HMAC-SHA256(secret, timestamp.body)>``: the agent webhook signature (for tests)."""
    mac = hmac.new(secret.encode("utf-8"), ("%d." % timestamp).encode("utf-8") + _bytes(body), hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _verify_standard(body: bytes, headers: Headers, secret: Union[str, bytes], tolerance: float,
                     now: Optional[float]) -> None:
    msg_id = _header(headers, "webhook-id")
    timestamp = _header(headers, "webhook-timestamp")
    signature = _header(headers, "webhook-signature") or ""
    if not msg_id:
        raise WebhookVerificationError("missing webhook-id header")
    _check_time(timestamp, tolerance, now)
    expected = sign_event_webhook(body, secret, msg_id, int(str(timestamp).strip())).split(",", 1)[1]
    for entry in signature.split():
        version, _, sig = entry.partition(",")
        if version == "v1" and hmac.compare_digest(sig.encode("ascii", "replace"), expected.encode("ascii")):
            return
    raise WebhookVerificationError("no matching signature")


def _verify_agent(body: bytes, headers: Headers, secret: str, tolerance: float, now: Optional[float]) -> None:
    timestamp = _header(headers, "X-Mailroom-Timestamp")
    signature = (_header(headers, "X-Mailroom-Signature") or "").strip()
    _check_time(timestamp, tolerance, now)
    expected = sign_agent_webhook(body, secret, int(str(timestamp).strip()))
    if not hmac.compare_digest(signature.lower().encode("ascii", "replace"), expected.encode("ascii")):
        raise WebhookVerificationError("no matching signature")


def verify_webhook(body: Body, headers: Headers, secret: Union[str, bytes], *,
                   tolerance: float = DEFAULT_TOLERANCE, now: Optional[float] = None) -> Any:
    """Verifies a webhook request and returns its decoded JSON (an :class:`Obj`).

    Either kind: an event webhook (Standard Webhooks: ``webhook-id``, ``webhook-timestamp``,
    ``webhook-signature``; secret ``whsec_...``) or an agent webhook (``X-Mailroom-Timestamp``,
    ``X-Mailroom-Signature: sha256=<hex>``; the class's secret). ``body`` must be the exact bytes received;
    ``headers`` any mapping (case-insensitive), ``http.server``'s headers, a WSGI environ or pairs. The
    timestamp must be within ``tolerance`` seconds of now. Raises :class:`WebhookVerificationError`.
    """
    raw = _bytes(body)
    if _header(headers, "webhook-signature") is not None:
        _verify_standard(raw, headers, secret, tolerance, now)
    elif _header(headers, "X-Mailroom-Signature") is not None:
        if isinstance(secret, bytes):
            secret = secret.decode("utf-8")
        _verify_agent(raw, headers, secret, tolerance, now)
    else:
        raise WebhookVerificationError("missing signature header (webhook-signature or X-Mailroom-Signature)")
    try:
        return decode_json(raw)
    except ValueError:
        raise WebhookVerificationError("body is not JSON") from None


class AgentWebhookResponse:
    """What to answer the agent host: ``status``, ``headers`` (a dict) and ``body`` (JSON bytes)."""

    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.status = status
        self.body = body
        self.headers: Dict[str, str] = {"Content-Type": content_type, "Content-Length": str(len(body))}

    def json(self) -> Any:
        return json.loads(self.body)

    def __repr__(self) -> str:
        return "AgentWebhookResponse(%d, %r)" % (self.status, self.body[:200])


AgentFunction = Callable[[Obj], Optional[Mapping[str, Any]]]
AsyncAgentFunction = Callable[[Obj], Awaitable[Optional[Mapping[str, Any]]]]


def _problem(status: int, kind: str, title: str, detail: str) -> AgentWebhookResponse:
    body = encode_json({"type": "https://mailroom.dev/problems/" + kind, "title": title, "status": status,
                        "detail": detail})
    return AgentWebhookResponse(status, body, "application/problem+json")


def _decode_agent_event(body: Body, headers: Headers, secret: str, tolerance: float,
                        now: Optional[float]) -> Union[Obj, AgentWebhookResponse]:
    try:
        event = verify_webhook(body, headers, secret, tolerance=tolerance, now=now)
    except WebhookVerificationError as e:
        if e.reason == "body is not JSON":
            return _problem(400, "malformed-json", "Malformed JSON", e.reason)
        return _problem(401, "unauthorized", "Unauthorized", e.reason)
    if _header(headers, "X-Mailroom-Signature") is None:
        return _problem(401, "unauthorized", "Unauthorized", "not an agent webhook (no X-Mailroom-Signature)")
    if not isinstance(event, dict):
        return _problem(400, "bad-request", "Bad request", "the body is not a JSON object")
    kind = event.get("event")
    agent = event.get("agent")
    if kind not in ("email", "schedule") or not isinstance(agent, dict) or not agent.get("class_name"):
        return _problem(400, "bad-request", "Bad request",
                        "expected {event: email|schedule, agent: {class_name, instance}, ...}")
    if kind == "email" and not isinstance(event.get("email"), dict):
        return _problem(400, "bad-request", "Bad request", "an email event without email")
    return cast(Obj, event)


def _answer(result: Any) -> AgentWebhookResponse:
    if result is None:
        result = {}
    if not isinstance(result, Mapping):
        return _problem(500, "internal-error", "Internal error",
                        "the agent function returned %s, not a mapping or None" % type(result).__name__)
    try:
        return AgentWebhookResponse(200, encode_json(dict(result)))
    except (TypeError, ValueError) as e:
        return _problem(500, "internal-error", "Internal error", "the answer is not JSON: %s" % e)


def handle_agent_webhook(body: Body, headers: Headers, secret: str, fn: AgentFunction, *,
                         tolerance: float = DEFAULT_TOLERANCE, now: Optional[float] = None) -> AgentWebhookResponse:
    """Serves one agent webhook call, framework-neutral: verifies the signature, decodes the event
    (``{v, event: "email"|"schedule", id, agent: {class_name, instance}, email | payload, thread_id, state,
    history}``), calls ``fn(event)`` and returns the answer (``{state?, replies?, sends?, drafts?,
    schedules?}``; ``fn`` returning ``None`` answers ``{}``). A bad signature answers 401, a malformed body 400,
    ``fn`` raising 500 (the host retries) — each with a problem+json body."""
    decoded = _decode_agent_event(body, headers, secret, tolerance, now)
    if isinstance(decoded, AgentWebhookResponse):
        return decoded
    try:
        result = fn(decoded)
    except Exception as e:  # noqa: BLE001 - any failure of the user's function is a 500 the host retries
        return _problem(500, "internal-error", "Internal error", "the agent function failed: %s" %
                        type(e).__name__)
    return _answer(result)


async def handle_agent_webhook_async(body: Body, headers: Headers, secret: str,
                                     fn: Union[AgentFunction, AsyncAgentFunction], *,
                                     tolerance: float = DEFAULT_TOLERANCE,
                                     now: Optional[float] = None) -> AgentWebhookResponse:
    """:func:`handle_agent_webhook` for a coroutine function (a plain function works too)."""
    decoded = _decode_agent_event(body, headers, secret, tolerance, now)
    if isinstance(decoded, AgentWebhookResponse):
        return decoded
    try:
        result = fn(decoded)
        if inspect.isawaitable(result):
            result = await result
    except Exception as e:  # noqa: BLE001
        return _problem(500, "internal-error", "Internal error", "the agent function failed: %s" %
                        type(e).__name__)
    return _answer(result)


_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
            413: "Payload Too Large", 500: "Internal Server Error"}
MAX_BODY = 32 * 1024 * 1024


def agent_wsgi_app(secret: str, fn: AgentFunction, *, tolerance: float = DEFAULT_TOLERANCE) -> Callable[..., Any]:
    """A WSGI application serving the agent webhook at any path (POST only)::

        from wsgiref.simple_server import make_server
        make_server("127.0.0.1", 8000, agent_wsgi_app(secret, echo)).serve_forever()
    """

    def app(environ: Dict[str, Any], start_response: Callable[..., Any]) -> List[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            resp = _problem(405, "method-not-allowed", "Method not allowed", "POST the webhook")
        else:
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > MAX_BODY:
                resp = _problem(413, "bad-request", "Payload too large", "the body is too large")
            else:
                body = environ["wsgi.input"].read(length) if length > 0 else b""
                resp = handle_agent_webhook(body, environ, secret, fn, tolerance=tolerance)
        start_response("%d %s" % (resp.status, _REASONS.get(resp.status, "")), list(resp.headers.items()))
        return [resp.body]

    return app


def agent_http_handler(secret: str, fn: AgentFunction, *,
                       tolerance: float = DEFAULT_TOLERANCE) -> Type[BaseHTTPRequestHandler]:
    """A ``http.server`` request handler class serving the agent webhook at any path (POST only)::

        from http.server import ThreadingHTTPServer
        ThreadingHTTPServer(("127.0.0.1", 8000), agent_http_handler(secret, echo)).serve_forever()
    """

    class AgentWebhookHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = 0
            if length > MAX_BODY:
                self._send(_problem(413, "bad-request", "Payload too large", "the body is too large"))
                return
            body = self.rfile.read(length) if length > 0 else b""
            self._send(handle_agent_webhook(body, self.headers, secret, fn, tolerance=tolerance))

        def do_GET(self) -> None:  # noqa: N802
            self._send(_problem(405, "method-not-allowed", "Method not allowed", "POST the webhook"))

        def _send(self, resp: AgentWebhookResponse) -> None:
            self.send_response(resp.status)
            for k, v in resp.headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(resp.body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return AgentWebhookHandler
