"""The one HTTP path of the SDK: urllib.request, retries with backoff, Retry-After, typed errors, timeouts."""
from __future__ import annotations

import builtins
import email.utils
import http.client
import os
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone
from typing import Any, Callable, Dict, Mapping, Optional

from ._errors import ApiError, ConnectionError, MailroomError, TimeoutError, error_for
from ._sends import RecentSends
from ._types import decode_json, encode_json
from ._version import USER_AGENT

DEFAULT_BASE_URL = "http://127.0.0.1:8080"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RETRY_DELAY = 60.0
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
SAFE_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})

OnRetry = Callable[[int, float, MailroomError], None]
"""``on_retry(attempt, delay_seconds, error)``: called before each retry (attempt 1 is the first retry)."""


def parse_retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """``Retry-After`` as seconds to wait: delta-seconds or an HTTP date; ``None`` when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = datetime.now(timezone.utc).timestamp() if now is None else now
    return max(0.0, when.timestamp() - current)


def backoff_delay(retry: int, retry_after: Optional[float], max_retry_delay: float = DEFAULT_MAX_RETRY_DELAY,
                  rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry number ``retry`` (0-based): ``Retry-After`` when given, else 0.5 s × 2^retry
    with up to 25 % jitter taken off, capped at 8 s; always capped by ``max_retry_delay``."""
    if retry_after is not None:
        return min(retry_after, max_retry_delay)
    base = min(8.0, 0.5 * float(2 ** retry))
    return min(base * (1.0 - 0.25 * rand()), max_retry_delay)


def should_retry(method: str, status: Optional[int], idempotency_key: bool) -> bool:
    """Whether a failed attempt may be repeated: a retryable status (or ``None``: a network error) on a request
    that is safe to repeat (an idempotent method or one carrying an Idempotency-Key), or any 429 (refused at the
    edge before any effect)."""
    if status == 429:
        return True
    if status is not None and status not in RETRY_STATUSES:
        return False
    return method.upper() in SAFE_METHODS or idempotency_key


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


def path(template: str, *segments: Any) -> str:
    """Fills ``{}`` in ``template`` with URL-encoded path segments."""
    return template.format(*(urllib.parse.quote(str(s), safe="") for s in segments))


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ",".join(str(v) for v in value)
    return str(value)


class Response:
    """An answer with its status, headers (lower-case names) and, unless streaming, its body."""

    def __init__(self, status: int, headers: Dict[str, str], body: bytes = b"", raw: Any = None) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.raw = raw

    def json(self) -> Any:
        return decode_json(self.body) if self.body else None

    def text(self) -> str:
        return self.body.decode("utf-8")


class Transport:
    """Sends requests; shared by the sync client and (through worker threads) the asyncio one. Thread-safe."""

    def __init__(self, api_key: Optional[str] = None, base_url: Optional[str] = None,
                 timeout: float = DEFAULT_TIMEOUT, max_retries: int = DEFAULT_MAX_RETRIES,
                 max_retry_delay: float = DEFAULT_MAX_RETRY_DELAY, on_retry: Optional[OnRetry] = None,
                 default_headers: Optional[Mapping[str, str]] = None,
                 sleep: Callable[[float], None] = time.sleep, read_your_sends: bool = True) -> None:
        self.api_key = api_key if api_key is not None else os.environ.get("MAILROOM_API_KEY")
        self.base_url = (base_url or os.environ.get("MAILROOM_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_delay = max_retry_delay
        self.on_retry = on_retry
        self.default_headers = dict(default_headers or {})
        self.sleep = sleep
        self._opener = urllib.request.build_opener()
        #: The ids of this client's recent sends, whose 404 on a read is retried briefly (``None``: turned off).
        self.sends: Optional[RecentSends] = RecentSends() if read_your_sends else None

    def url(self, p: str, query: Optional[Mapping[str, Any]] = None) -> str:
        url = self.base_url + p
        if query:
            pairs = [(k, _query_value(v)) for k, v in query.items() if v is not None]
            if pairs:
                url += "?" + urllib.parse.urlencode(pairs)
        return url

    def request(self, method: str, p: str, *, query: Optional[Mapping[str, Any]] = None, body: Any = None,
                headers: Optional[Mapping[str, str]] = None, idempotency_key: Optional[str] = None,
                timeout: Optional[float] = None, stream: bool = False) -> Response:
        """One operation, retried where safe. ``body`` is JSON-encoded unless ``bytes``. With ``stream`` the
        answer's body is left unread (``Response.raw`` is the open response; the caller closes it)."""
        method = method.upper()
        h = {"User-Agent": USER_AGENT, "Accept": "application/json, application/problem+json, */*"}
        h.update(self.default_headers)
        if self.api_key:
            h["Authorization"] = "Bearer " + self.api_key
        data: Optional[bytes] = None
        if body is not None:
            data = body if isinstance(body, bytes) else encode_json(body)
            h["Content-Type"] = "application/json"
        if idempotency_key:
            h["Idempotency-Key"] = idempotency_key
        if headers:
            h.update(headers)
        url = self.url(p, query)
        wait = self.timeout if timeout is None else timeout
        retry = 0
        while True:
            try:
                return self._once(method, url, data, h, wait, stream)
            except (ApiError, ConnectionError) as e:
                status = e.status if isinstance(e, ApiError) else None
                if retry >= self.max_retries or not should_retry(method, status, bool(idempotency_key)):
                    raise
                delay = backoff_delay(retry, e.retry_after if isinstance(e, ApiError) else None,
                                      self.max_retry_delay)
                retry += 1
                if self.on_retry is not None:
                    self.on_retry(retry, delay, e)
                self.sleep(delay)

    def _once(self, method: str, url: str, data: Optional[bytes], headers: Mapping[str, str], timeout: float,
              stream: bool) -> Response:
        req = urllib.request.Request(url, data=data, headers=dict(headers), method=method)
        try:
            resp = self._opener.open(req, timeout=timeout)
        except urllib.error.HTTPError as e:
            try:
                body = e.read()
            except (OSError, http.client.HTTPException):
                body = b""
            finally:
                e.close()
            hdrs = {k.lower(): v for k, v in (e.headers or {}).items()}
            raise _api_error(e.code, hdrs, body) from None
        except urllib.error.URLError as e:
            raise _network_error(e.reason, url) from None
        except (OSError, http.client.HTTPException) as e:
            raise _network_error(e, url) from None
        hdrs = {k.lower(): v for k, v in resp.headers.items()}
        if stream:
            return Response(resp.status, hdrs, raw=resp)
        try:
            body = resp.read()
        except (OSError, http.client.HTTPException) as e:
            raise _network_error(e, url) from None
        finally:
            resp.close()
        return Response(resp.status, hdrs, body)


def _network_error(reason: Any, url: str) -> ConnectionError:
    if isinstance(reason, (socket.timeout, builtins.TimeoutError)) or "timed out" in str(reason):
        return TimeoutError("no answer from %s in time: %s" % (url, reason))
    return ConnectionError("cannot reach %s: %s" % (url, reason))


def _api_error(status: int, headers: Dict[str, str], body: bytes) -> ApiError:
    problem: Optional[Mapping[str, Any]] = None
    if body:
        try:
            decoded = decode_json(body)
            if isinstance(decoded, dict):
                problem = decoded
        except ValueError:
            problem = {"detail": body[:500].decode("utf-8", "replace")}
    return error_for(status, problem, parse_retry_after(headers.get("retry-after")), headers, body)

