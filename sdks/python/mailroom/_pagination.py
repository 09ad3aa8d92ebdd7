"""Cursor pagination (``limit``/``page_token`` → ``{items, next_page_token}``) as lazy iterators."""
from __future__ import annotations

import asyncio
from typing import Any, AsyncIterator, Callable, Generic, Iterator, List, Optional, TypeVar, cast

from ._types import Page

T = TypeVar("T")


class PageIterator(Generic[T]):
    """Iterates over the items of every page, fetching the next page only when the previous one is used up.
    Nothing is fetched before the first ``next()`` / :meth:`first_page`. ``first_page()`` returns one page (its
    ``items`` and ``next_page_token``) for callers who page by hand; ``pages()`` iterates pages."""

    def __init__(self, fetch: Callable[[Optional[str]], Page], page_token: Optional[str] = None) -> None:
        self._fetch = fetch
        self._start = page_token

    def first_page(self) -> Page:
        return self._fetch(self._start)

    def pages(self) -> Iterator[Page]:
        token = self._start
        while True:
            page = self._fetch(token)
            yield page
            token = page.next_page_token
            if not token:
                return

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            for item in page.items:
                yield item

    def to_list(self) -> List[T]:
        return list(self)


class AsyncPageIterator(Generic[T]):
    """The asyncio twin of :class:`PageIterator`: ``async for item in ...``, ``await first_page()``,
    ``async for page in pages()``. Each page is fetched in a worker thread."""

    def __init__(self, sync: PageIterator[T]) -> None:
        self._sync = sync

    async def first_page(self) -> Page:
        return await asyncio.to_thread(self._sync.first_page)

    async def pages(self) -> AsyncIterator[Page]:
        token = self._sync._start
        while True:
            page = await asyncio.to_thread(self._sync._fetch, token)
            yield page
            token = page.next_page_token
            if not token:
                return

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def to_list(self) -> List[T]:
        return [item async for item in self]


class AsyncStream(Generic[T]):
    """Wraps a blocking iterator (an SSE stream) as an async iterator; each ``next()`` runs in a worker thread.
    ``async with`` connects at once and closes the connection at the end (``aclose()``)."""

    def __init__(self, sync: Iterator[T]) -> None:
        self._sync = sync

    def __aiter__(self) -> "AsyncStream[T]":
        return self

    async def __anext__(self) -> T:
        done = object()
        value: Any = await asyncio.to_thread(_next_or, self._sync, done)
        if value is done:
            raise StopAsyncIteration
        return cast(T, value)

    async def aclose(self) -> None:
        close = getattr(self._sync, "close", None)
        if close is not None:
            await asyncio.to_thread(close)

    async def __aenter__(self) -> "AsyncStream[T]":
        connect = getattr(self._sync, "connect", None)
        if connect is not None:
            await asyncio.to_thread(connect)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()


def _next_or(iterator: Iterator[Any], default: Any) -> Any:
    return next(iterator, default)
