"""Server-sent events, parsed by hand, and the resuming streams built on them."""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, List, Optional

from ._errors import ApiError, ConnectionError, MailroomError
from ._http import Response, backoff_delay
from ._types import decode_json


class SseEvent:
    """One dispatched event: ``event`` (default ``message``), ``data`` (lines joined by ``\\n``), ``id``,
    ``retry`` (ms)."""

    __slots__ = ("event", "data", "id", "retry")

    def __init__(self, event: str = "message", data: str = "", id: Optional[str] = None,
                 retry: Optional[int] = None) -> None:
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry

    def __repr__(self) -> str:
        return "SseEvent(event=%r, id=%r, data=%r)" % (self.event, self.id, self.data)


def parse_sse(lines: Iterable[bytes]) -> Iterator[SseEvent]:
    """Events from the lines of a ``text/event-stream`` (WHATWG rules: ``field: value``, one optional space after
    the colon, comments start with ``:``, a blank line dispatches, an event without data is dropped)."""
    data: List[str] = []
    event = ""
    last_id: Optional[str] = None
    retry: Optional[int] = None
    for raw in lines:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if raw.startswith(b"\xef\xbb\xbf"):
            line = line[1:]
        if line == "":
            if data:
                yield SseEvent(event or "message", "\n".join(data), last_id, retry)
            data, event = [], ""
            continue
        if line.startswith(":"):
            continue
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "data":
            data.append(value)
        elif name == "event":
            event = value
        elif name == "id":
            if "\0" not in value:
                last_id = value
        elif name == "retry":
            if value.isdigit():
                retry = int(value)


class ResumingStream(Iterator[Any]):
    """An endless iterator of decoded SSE ``data``, reconnecting after a dropped connection from where it left
    off (``resume_from(last)``). Errors the server answers with (4xx but 408/429) end it; network errors and
    retryable answers reconnect with backoff, giving up after ``max_reconnects`` consecutive failures
    (``None``: never). ``close()`` ends it and closes the connection."""

    def __init__(self, open_stream: Callable[[Optional[str]], Response], cursor: Optional[str],
                 cursor_of: Callable[[SseEvent, Any], Optional[str]], sleep: Callable[[float], None],
                 max_reconnects: Optional[int] = None, max_retry_delay: float = 60.0) -> None:
        self._open = open_stream
        self.cursor = cursor
        self._cursor_of = cursor_of
        self._sleep = sleep
        self._max_reconnects = max_reconnects
        self._max_delay = max_retry_delay
        self._resp: Optional[Response] = None
        self._events: Optional[Iterator[SseEvent]] = None
        self._failures = 0
        self._closed = False

    def __iter__(self) -> "ResumingStream":
        return self

    def connect(self) -> None:
        """Opens the connection now (``with`` does this), so events from this moment on are not missed; without
        it the first ``next()`` connects. A refusal that retrying cannot fix raises; others are retried by
        ``next()``."""
        if self._events is None and not self._closed:
            try:
                self._connect_once()
            except (ApiError, ConnectionError) as e:
                if isinstance(e, ApiError) and not _retryable(e):
                    raise

    def _connect_once(self) -> None:
        try:
            self._resp = self._open(self.cursor)
        except ApiError as e:
            if not _retryable(e):
                self.close()
            raise
        self._events = parse_sse(self._resp.raw)

    def __next__(self) -> Any:
        while not self._closed:
            if self._events is None:
                try:
                    self._connect_once()
                except ApiError as e:
                    if not _retryable(e):
                        raise
                    self._pause(e)
                    continue
                except ConnectionError as e:
                    self._pause(e)
                    continue
            events = self._events
            assert events is not None
            try:
                ev = next(events)
            except StopIteration:
                self._drop()
                self._pause(None)
                continue
            except (OSError, ValueError) as e:
                self._drop()
                self._pause(ConnectionError(str(e)))
                continue
            self._failures = 0
            value = decode_json(ev.data) if ev.data else None
            nxt = self._cursor_of(ev, value)
            if nxt is not None:
                self.cursor = nxt
            return value
        raise StopIteration

    def _pause(self, error: Optional[MailroomError]) -> None:
        self._failures += 1
        if error is not None and self._max_reconnects is not None and self._failures > self._max_reconnects:
            self.close()
            raise error
        retry_after = error.retry_after if isinstance(error, ApiError) else None
        self._sleep(backoff_delay(min(self._failures - 1, 4), retry_after, self._max_delay))

    def _drop(self) -> None:
        resp, self._resp, self._events = self._resp, None, None
        if resp is not None and resp.raw is not None:
            try:
                resp.raw.close()
            except OSError:
                pass

    def close(self) -> None:
        self._closed = True
        self._drop()

    def __enter__(self) -> "ResumingStream":
        self.connect()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _retryable(e: ApiError) -> bool:
    return e.status in (408, 429) or e.status >= 500


def seq_cursor(ev: SseEvent, value: Any) -> Optional[str]:
    """The agent message stream resumes with ``after=<last seq>``."""
    if isinstance(value, dict) and value.get("seq") is not None:
        return str(value["seq"])
    return ev.id


def id_cursor(ev: SseEvent, value: Any) -> Optional[str]:
    """The event stream resumes with ``Last-Event-ID``."""
    return ev.id


