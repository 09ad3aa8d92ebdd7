"""The asyncio client: the sync client's calls run in worker threads (``asyncio.to_thread``)."""
from __future__ import annotations

from typing import Any, Mapping, Optional

from ._async import (AsyncAgents, AsyncApiKeys, AsyncDomains, AsyncDrafts, AsyncEmails, AsyncEvents, AsyncLabels,
                     AsyncMailboxes, AsyncMessages, AsyncSchedules, AsyncSuppressions, AsyncThreads, AsyncWebhooks)
from ._client import Mailroom
from ._http import DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_DELAY, DEFAULT_TIMEOUT, OnRetry


class AsyncMailroom:
    """The Mailroom API for asyncio: the same resources and arguments as :class:`Mailroom`, every call awaited;
    lists are async iterators (``async for``), streams async iterators with ``aclose()``.

    Each request runs the blocking client in a worker thread (``asyncio.to_thread``): the standard library has no
    asyncio HTTP client, and one HTTP code path keeps retries, timeouts, proxies and TLS identical in both
    clients. The cost is one thread per request in flight (the default executor's pool bounds them).
    """

    def __init__(self, api_key: Optional[str] = None, base_url: Optional[str] = None, *,
                 timeout: float = DEFAULT_TIMEOUT, max_retries: int = DEFAULT_MAX_RETRIES,
                 max_retry_delay: float = DEFAULT_MAX_RETRY_DELAY, on_retry: Optional[OnRetry] = None,
                 default_headers: Optional[Mapping[str, str]] = None, read_your_sends: bool = True) -> None:
        self.sync = Mailroom(api_key, base_url, timeout=timeout, max_retries=max_retries,
                             max_retry_delay=max_retry_delay, on_retry=on_retry, default_headers=default_headers,
                             read_your_sends=read_your_sends)
        s = self.sync
        self.emails = AsyncEmails(s.emails)
        self.mailboxes = AsyncMailboxes(s.mailboxes)
        self.threads = AsyncThreads(s.threads)
        self.messages = AsyncMessages(s.messages)
        self.labels = AsyncLabels(s.labels)
        self.drafts = AsyncDrafts(s.drafts)
        self.agents = AsyncAgents(s.agents)
        self.schedules = AsyncSchedules(s.schedules)
        self.domains = AsyncDomains(s.domains)
        self.api_keys = AsyncApiKeys(s.api_keys)
        self.suppressions = AsyncSuppressions(s.suppressions)
        self.webhooks = AsyncWebhooks(s.webhooks)
        self.events = AsyncEvents(s.events)

    @property
    def base_url(self) -> str:
        return self.sync.base_url

    async def __aenter__(self) -> "AsyncMailroom":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        return None

    def __repr__(self) -> str:
        return "AsyncMailroom(base_url=%r)" % self.base_url
