"""Typed errors: an HTTP error answer becomes an :class:`ApiError` subclass carrying the problem+json fields."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional


class MailroomError(Exception):
    """Base of every error this SDK raises."""


class ApiError(MailroomError):
    """An HTTP error answer (RFC 9457 problem+json): ``status``, ``type``, ``title``, ``detail``, ``instance``,
    ``errors`` (``[{field, detail}]``) and ``retry_after`` (seconds, when the answer said ``Retry-After``)."""

    def __init__(self, status: int, problem: Optional[Mapping[str, Any]] = None,
                 retry_after: Optional[float] = None, headers: Optional[Mapping[str, str]] = None,
                 body: bytes = b"") -> None:
        p: Mapping[str, Any] = problem or {}
        self.status: int = status
        self.type: Optional[str] = p.get("type")
        self.title: Optional[str] = p.get("title")
        self.detail: Optional[str] = p.get("detail")
        self.instance: Optional[str] = p.get("instance")
        self.errors: List[Dict[str, Any]] = list(p.get("errors") or [])
        self.retry_after: Optional[float] = retry_after
        self.headers: Dict[str, str] = dict(headers or {})
        self.body: bytes = body
        text = "HTTP %d" % status
        if self.title:
            text += " " + self.title
        if self.detail:
            text += ": " + self.detail
        for e in self.errors:
            text += "; %s %s" % (e.get("field"), e.get("detail"))
        super().__init__(text)


class BadRequestError(ApiError):
    """400"""


class AuthenticationError(ApiError):
    """401: no API key, or not a valid one."""


class PermissionDeniedError(ApiError):
    """403"""


class NotFoundError(ApiError):
    """404"""


class ConflictError(ApiError):
    """409"""


class ValidationError(ApiError):
    """422 invalid-request; ``errors`` names the fields."""


class RateLimitError(ApiError):
    """429; ``retry_after`` says when to come back."""


class InternalServerError(ApiError):
    """5xx"""


class ConnectionError(MailroomError):  # noqa: A001 - the contract's name; also importable as APIConnectionError
    """The server could not be reached, or the connection broke before an answer."""


class TimeoutError(ConnectionError):  # noqa: A001
    """No answer within the timeout."""


class WebhookVerificationError(MailroomError):
    """A webhook request failed verification; ``reason`` says why (missing header, bad signature, old timestamp,
    not JSON)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


APIConnectionError = ConnectionError
APITimeoutError = TimeoutError

_BY_STATUS = {400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError,
              409: ConflictError, 422: ValidationError, 429: RateLimitError}


def error_for(status: int, problem: Optional[Mapping[str, Any]], retry_after: Optional[float],
              headers: Optional[Mapping[str, str]] = None, body: bytes = b"") -> ApiError:
    cls = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else ApiError)
    return cls(status, problem, retry_after, headers, body)
