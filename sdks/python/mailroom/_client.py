"""The sync client."""
from __future__ import annotations

from typing import Any, Mapping, Optional

from ._http import (DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_DELAY, DEFAULT_TIMEOUT, OnRetry, Transport)
from ._resources import (Agents, ApiKeys, Domains, Drafts, Emails, Events, Labels, Mailboxes, Messages, Schedules,
                         Suppressions, Threads, Webhooks)


class Mailroom:
    """The Mailroom API, blocking (urllib.request).

    ``api_key`` defaults to ``$MAILROOM_API_KEY``, ``base_url`` to ``$MAILROOM_BASE_URL`` else
    ``http://127.0.0.1:8080``. ``timeout`` (seconds) applies per request (a long poll adds its wait);
    ``max_retries`` retries on 408/429/5xx/network errors where safe; ``on_retry(attempt, delay, error)`` is
    called before each retry. ``read_your_sends`` (default on): a read (``emails.get``, ``messages.get``/``raw``/
    ``body``) of an id this client's own send was given in the last 60 s retries a 404 for up to 5 s, while the
    mailbox files the send. Thread-safe: share one client.
    """

    def __init__(self, api_key: Optional[str] = None, base_url: Optional[str] = None, *,
                 timeout: float = DEFAULT_TIMEOUT, max_retries: int = DEFAULT_MAX_RETRIES,
                 max_retry_delay: float = DEFAULT_MAX_RETRY_DELAY, on_retry: Optional[OnRetry] = None,
                 default_headers: Optional[Mapping[str, str]] = None, read_your_sends: bool = True) -> None:
        self._transport = Transport(api_key, base_url, timeout, max_retries, max_retry_delay, on_retry,
                                    default_headers, read_your_sends=read_your_sends)
        t = self._transport
        self.emails = Emails(t)
        self.mailboxes = Mailboxes(t)
        self.threads = Threads(t)
        self.messages = Messages(t)
        self.labels = Labels(t)
        self.drafts = Drafts(t)
        self.agents = Agents(t)
        self.schedules = Schedules(t)
        self.domains = Domains(t)
        self.api_keys = ApiKeys(t)
        self.suppressions = Suppressions(t)
        self.webhooks = Webhooks(t)
        self.events = Events(t)

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    def __enter__(self) -> "Mailroom":
        return self

    def __exit__(self, *exc: Any) -> None:
        return None  # each request opens and closes its own connection: nothing is held between calls

    def __repr__(self) -> str:
        return "Mailroom(base_url=%r)" % self.base_url
