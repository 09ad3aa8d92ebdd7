"""Reading your own sends.

A send is answered (202) once it is durably queued, but ``GET /v1/messages/{id}`` is served by the mailbox service,
which files the send a few tens of milliseconds later. The client remembers the ids its own accepted sends were
given (60 s, the newest 1,000) and, for those ids only, retries the 404 of a read with a short backoff (100 ms
doubling, cap 1 s) for up to 5 s (no longer than the client's timeout). Any other id answers its 404 at once.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Iterable, Optional, TypeVar, Union

from ._errors import NotFoundError

REMEMBER_SECONDS = 60.0
REMEMBER_MAX = 1000
READ_RETRY_SECONDS = 5.0
FIRST_DELAY = 0.1
MAX_DELAY = 1.0

T = TypeVar("T")


class RecentSends:
    """The ids of this client's recent accepted sends, oldest first. Thread-safe."""

    def __init__(self, ttl: float = REMEMBER_SECONDS, max_size: int = REMEMBER_MAX,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_size = max_size
        self.clock = clock
        self._ids: "OrderedDict[str, float]" = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, ids: Union[None, str, Iterable[Any]]) -> None:
        """Remembers an id or ids (``None`` and empty ones skipped)."""
        if ids is None:
            return
        values = [ids] if isinstance(ids, str) else list(ids)
        with self._lock:
            now = self.clock()
            for i in values:
                if isinstance(i, str) and i:
                    self._ids.pop(i, None)
                    self._ids[i] = now
            self._prune(now)

    def __contains__(self, id: object) -> bool:
        with self._lock:
            self._prune(self.clock())
            return id in self._ids

    def __len__(self) -> int:
        with self._lock:
            return len(self._ids)

    def _prune(self, now: float) -> None:
        while self._ids:
            oldest, at = next(iter(self._ids.items()))
            if len(self._ids) <= self.max_size and now - at <= self.ttl:
                return
            del self._ids[oldest]


def read_your_send(sends: Optional[RecentSends], id: str, call: Callable[[], T], timeout: float,
                   sleep: Callable[[float], None] = time.sleep) -> T:
    """``call()`` (a read of message ``id``); when ``id`` is one of ``sends``, its 404 is retried with backoff for
    up to 5 s (at most ``timeout``), then raised."""
    if sends is None or id not in sends:
        return call()
    budget = min(READ_RETRY_SECONDS, timeout)
    start = time.monotonic()
    slept = 0.0  # counted too: an injected sleep that does not sleep still ends the loop
    delay = FIRST_DELAY
    while True:
        try:
            return call()
        except NotFoundError:
            left = budget - max(slept, time.monotonic() - start)
            if left <= 0:
                raise
            pause = min(delay, left)
            sleep(pause)
            slept += pause
            delay = min(delay * 2, MAX_DELAY)
