"""Mailroom's Python SDK: standard library only, Python ≥ 3.9.

    from mailroom import Mailroom, verify_webhook
    mr = Mailroom(api_key=api_key, base_url=base_url)
    sent = mr.emails.send(from_=sender, to=[to], subject=subject, text=text)
"""
from ._async_client import AsyncMailroom
from ._client import Mailroom
from ._errors import (APIConnectionError, ApiError, APITimeoutError, AuthenticationError, BadRequestError,
                      ConflictError, ConnectionError, InternalServerError, MailroomError, NotFoundError,
                      PermissionDeniedError, RateLimitError, TimeoutError, ValidationError,
                      WebhookVerificationError)
from ._http import parse_retry_after
from ._pagination import AsyncPageIterator, AsyncStream, PageIterator
from ._sse import ResumingStream, SseEvent, parse_sse
from ._types import Attachment, Obj, Page
from ._version import __version__
from ._webhooks import (AgentWebhookResponse, agent_http_handler, agent_wsgi_app, handle_agent_webhook,
                        handle_agent_webhook_async, sign_agent_webhook, sign_event_webhook, verify_webhook)

__all__ = [
    "Mailroom", "AsyncMailroom", "verify_webhook", "handle_agent_webhook", "handle_agent_webhook_async",
    "agent_wsgi_app", "agent_http_handler", "AgentWebhookResponse", "sign_event_webhook", "sign_agent_webhook",
    "Attachment", "Obj", "Page", "PageIterator", "AsyncPageIterator", "AsyncStream", "ResumingStream", "SseEvent",
    "parse_sse", "parse_retry_after", "MailroomError", "ApiError", "BadRequestError", "AuthenticationError",
    "PermissionDeniedError", "NotFoundError", "ConflictError", "ValidationError", "RateLimitError",
    "InternalServerError", "ConnectionError", "TimeoutError", "APIConnectionError", "APITimeoutError",
    "WebhookVerificationError", "__version__",
]
