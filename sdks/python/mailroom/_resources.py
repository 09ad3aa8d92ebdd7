"""The API's resources (sync). ``_async.py`` is generated from this file by ``tools/gen_async.py``."""
from __future__ import annotations

import math
import time
from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Sequence, TypeVar, cast

from ._http import Transport, new_idempotency_key, path
from ._pagination import PageIterator
from ._sends import read_your_send
from ._sse import ResumingStream, id_cursor, seq_cursor
from ._types import AttachmentLike, Obj, Page, wire_params

Params = Mapping[str, Any]
T = TypeVar("T")

LONG_POLL_MAX = 30.0


class _Resource:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def _json(self, method: str, p: str, *, query: Optional[Params] = None, body: Any = None,
              idempotency_key: Optional[str] = None, timeout: Optional[float] = None) -> Obj:
        """The decoded answer (``None`` for 204, typed as ``Obj`` for the callers that return one)."""
        return cast(Obj, self._t.request(method, p, query=query, body=body, idempotency_key=idempotency_key,
                                         timeout=timeout).json())

    def _sent(self, answer: Obj) -> Obj:
        """Remembers the id(s) an accepted send was given (reading your own sends); returns the answer."""
        if self._t.sends is not None and isinstance(answer, dict):
            self._t.sends.remember(answer.get("ids") if "ids" in answer else answer.get("id"))
        return answer

    def _read(self, id: str, call: Callable[[], T]) -> T:
        """A read of message ``id``: its 404 retried briefly when ``id`` is one of this client's recent sends."""
        return read_your_send(self._t.sends, id, call, self._t.timeout, self._t.sleep)

    def _pages(self, p: str, query: Optional[Params] = None, limit: Optional[int] = None,
               page_token: Optional[str] = None) -> PageIterator[Obj]:
        def fetch(token: Optional[str]) -> Page:
            q = dict(query or {})
            q["limit"] = limit
            q["page_token"] = token
            page = self._json("GET", p, query=q)
            return Page(page) if page is not None else Page(items=[])
        return PageIterator(fetch, page_token)


class Emails(_Resource):
    """Sending: ``send`` (Idempotency-Key generated when absent), ``send_batch``, ``get``, ``reply``,
    ``reply_all``, ``forward``."""

    def send(self, params: Optional[Params] = None, *, from_: Optional[str] = None,
             to: Optional[Sequence[str]] = None, subject: Optional[str] = None, text: Optional[str] = None,
             html: Optional[str] = None, cc: Optional[Sequence[str]] = None, bcc: Optional[Sequence[str]] = None,
             reply_to: Optional[Sequence[str]] = None, attachments: Optional[Iterable[AttachmentLike]] = None,
             headers: Optional[Mapping[str, str]] = None, in_reply_to: Optional[str] = None,
             references: Optional[Sequence[str]] = None, tags: Optional[Sequence[str]] = None,
             idempotency_key: Optional[str] = None) -> Obj:
        """Sends one message (``SendJson``); returns ``SendAccepted`` (``id``, ``message_id``). Attachments:
        :class:`Attachment`, file paths, or mappings with ``content`` bytes."""
        body = wire_params(params, from_=from_, to=to, subject=subject, text=text, html=html, cc=cc, bcc=bcc,
                           reply_to=reply_to, attachments=attachments, headers=headers, in_reply_to=in_reply_to,
                           references=references, tags=tags)
        return self._sent(self._json("POST", "/v1/send", body=body,
                                     idempotency_key=idempotency_key or new_idempotency_key()))

    def send_batch(self, messages: Iterable[Params], idempotency_key: Optional[str] = None) -> Obj:
        """Sends several messages at once, all or none; returns ``BatchAccepted`` (``ids``, ``message_ids``)."""
        body = [wire_params(m) for m in messages]
        return self._sent(self._json("POST", "/v1/send/batch", body=body,
                                     idempotency_key=idempotency_key or new_idempotency_key()))

    def get(self, id: str) -> Obj:
        """The message with its delivery ``status`` and ``attempts`` (an id this client just sent: its 404 is
        retried for up to 5 s)."""
        return self._read(id, lambda: self._json("GET", path("/v1/messages/{}", id)))

    def _answer(self, kind: str, id: str, params: Optional[Params], idempotency_key: Optional[str],
                fields: Dict[str, Any]) -> Obj:
        return self._sent(self._json("POST", path("/v1/messages/{}/" + kind, id), body=wire_params(params, **fields),
                                     idempotency_key=idempotency_key or new_idempotency_key()))

    def reply(self, id: str, params: Optional[Params] = None, *, text: Optional[str] = None,
              html: Optional[str] = None, to: Optional[Sequence[str]] = None, cc: Optional[Sequence[str]] = None,
              bcc: Optional[Sequence[str]] = None, attachments: Optional[Iterable[AttachmentLike]] = None,
              idempotency_key: Optional[str] = None) -> Obj:
        """Replies to the sender of message ``id``; returns ``ReplyAccepted``."""
        return self._answer("reply", id, params, idempotency_key,
                            dict(text=text, html=html, to=to, cc=cc, bcc=bcc, attachments=attachments))

    def reply_all(self, id: str, params: Optional[Params] = None, *, text: Optional[str] = None,
                  html: Optional[str] = None, to: Optional[Sequence[str]] = None,
                  cc: Optional[Sequence[str]] = None, bcc: Optional[Sequence[str]] = None,
                  attachments: Optional[Iterable[AttachmentLike]] = None,
                  idempotency_key: Optional[str] = None) -> Obj:
        """Replies to everyone on message ``id``."""
        return self._answer("reply-all", id, params, idempotency_key,
                            dict(text=text, html=html, to=to, cc=cc, bcc=bcc, attachments=attachments))

    def forward(self, id: str, params: Optional[Params] = None, *, to: Optional[Sequence[str]] = None,
                text: Optional[str] = None, html: Optional[str] = None, cc: Optional[Sequence[str]] = None,
                bcc: Optional[Sequence[str]] = None, attachments: Optional[Iterable[AttachmentLike]] = None,
                include_attachments: Optional[bool] = None, idempotency_key: Optional[str] = None) -> Obj:
        """Forwards message ``id`` to ``to``."""
        return self._answer("forward", id, params, idempotency_key,
                            dict(text=text, html=html, to=to, cc=cc, bcc=bcc, attachments=attachments,
                                 include_attachments=include_attachments))


class Mailboxes(_Resource):
    def list(self, *, limit: Optional[int] = None, page_token: Optional[str] = None) -> PageIterator[Obj]:
        """Every mailbox, page by page."""
        return self._pages("/v1/mailboxes", limit=limit, page_token=page_token)

    def delete(self, id: str) -> None:
        self._json("DELETE", path("/v1/mailboxes/{}", id))


class Threads(_Resource):
    def list(self, *, mailbox: Optional[str] = None, folder: Optional[str] = None, label: Optional[str] = None,
             q: Optional[str] = None, limit: Optional[int] = None,
             page_token: Optional[str] = None) -> PageIterator[Obj]:
        """Thread summaries, newest first; ``q`` searches."""
        return self._pages("/v1/threads", dict(mailbox=mailbox, folder=folder, label=label, q=q), limit,
                           page_token)

    def search(self, q: str, *, mailbox: Optional[str] = None, folder: Optional[str] = None,
               label: Optional[str] = None, limit: Optional[int] = None,
               page_token: Optional[str] = None) -> PageIterator[Obj]:
        """``list`` with a search query."""
        return self.list(mailbox=mailbox, folder=folder, label=label, q=q, limit=limit, page_token=page_token)

    def get(self, id: str) -> Obj:
        return self._json("GET", path("/v1/threads/{}", id))

    def update(self, id: str, patch: Params) -> Obj:
        """Flags, folder, labels (``MessageChange``) of every message of the thread."""
        return self._json("PATCH", path("/v1/threads/{}", id), body=dict(patch))

    def delete(self, id: str) -> None:
        self._json("DELETE", path("/v1/threads/{}", id))


class Messages(_Resource):
    def get(self, id: str) -> Obj:
        """A message (an id this client just sent: its 404 is retried for up to 5 s)."""
        return self._read(id, lambda: self._json("GET", path("/v1/messages/{}", id)))

    def update(self, id: str, patch: Params) -> Obj:
        """Flags, folder, labels (``MessageChange``)."""
        return self._json("PATCH", path("/v1/messages/{}", id), body=dict(patch))

    def update_many(self, batch: Params) -> Obj:
        """``{ids: [...], patch: {...}}``: all or none."""
        return self._json("POST", "/v1/messages/batch", body=dict(batch))

    def delete(self, id: str) -> None:
        self._json("DELETE", path("/v1/messages/{}", id))

    def raw(self, id: str) -> bytes:
        """The message as received (RFC 5322 bytes)."""
        return self._read(id, lambda: self._t.request("GET", path("/v1/messages/{}/raw", id)).body)

    def body(self, id: str, *, images: Optional[bool] = None) -> str:
        """The sanitised HTML body."""
        return self._read(id, lambda: self._t.request("GET", path("/v1/messages/{}/body", id),
                                                     query=dict(images=images)).text())

    def attachment(self, id: str, attachment_id: str, *, format: Optional[str] = None,
                   disposition: Optional[str] = None) -> Any:
        """An attachment's bytes, or its extracted text (``str``) with ``format="text"``."""
        resp = self._t.request("GET", path("/v1/messages/{}/attachments/{}", id, attachment_id),
                               query=dict(format=format, disposition=disposition))
        return resp.text() if format == "text" else resp.body


class Labels(_Resource):
    def list(self, *, mailbox: Optional[str] = None) -> Obj:
        """``{items: [...]}``: the labels in use."""
        return self._json("GET", "/v1/labels", query=dict(mailbox=mailbox))


class Drafts(_Resource):
    def list(self, *, class_: Optional[str] = None, instance: Optional[str] = None, status: Optional[str] = None,
             thread: Optional[str] = None, limit: Optional[int] = None,
             page_token: Optional[str] = None) -> PageIterator[Obj]:
        return self._pages("/v1/drafts", {"class": class_, "instance": instance, "status": status,
                                          "thread": thread}, limit, page_token)

    def get(self, id: str) -> Obj:
        return self._json("GET", path("/v1/drafts/{}", id))

    def approve(self, id: str, edits: Optional[Params] = None, *, subject: Optional[str] = None,
                text: Optional[str] = None, html: Optional[str] = None,
                to: Optional[Sequence[str]] = None) -> Obj:
        """Approves (and sends) the draft, with optional edits (``DraftApproval``)."""
        return self._json("POST", path("/v1/drafts/{}/approve", id),
                          body=wire_params(edits, subject=subject, text=text, html=html, to=to))

    def reject(self, id: str, reason: Optional[str] = None) -> Obj:
        return self._json("POST", path("/v1/drafts/{}/reject", id), body=wire_params(None, reason=reason))


class Agents(_Resource):
    """Agent classes, instances and their messages."""

    def list(self, *, limit: Optional[int] = None, page_token: Optional[str] = None) -> PageIterator[Obj]:
        return self._pages("/v1/agents", limit=limit, page_token=page_token)

    def create(self, definition: Params) -> Obj:
        """Registers a webhook agent class: ``{name, address | addresses, webhook: {url, secret, timeout}}``."""
        return self._json("POST", "/v1/agents", body=dict(definition))

    def get(self, name: str) -> Obj:
        return self._json("GET", path("/v1/agents/{}", name))

    def update(self, name: str, definition: Params) -> Obj:
        return self._json("PUT", path("/v1/agents/{}", name), body=dict(definition))

    def delete(self, name: str) -> None:
        self._json("DELETE", path("/v1/agents/{}", name))

    def instances(self, class_: str, *, limit: Optional[int] = None,
                  page_token: Optional[str] = None) -> PageIterator[Obj]:
        return self._pages(path("/v1/agents/{}/instances", class_), limit=limit, page_token=page_token)

    def get_instance(self, class_: str, instance: str) -> Obj:
        """The instance with its ``state``."""
        return self._json("GET", path("/v1/agents/{}/instances/{}", class_, instance))

    def events(self, class_: str, instance: str, *, limit: Optional[int] = None) -> Obj:
        return self._json("GET", path("/v1/agents/{}/instances/{}/events", class_, instance),
                          query=dict(limit=limit))

    def threads(self, class_: str, instance: str, *, limit: Optional[int] = None,
                page_token: Optional[str] = None) -> PageIterator[Obj]:
        return self._pages(path("/v1/agents/{}/instances/{}/threads", class_, instance), limit=limit,
                           page_token=page_token)

    def send(self, class_: str, instance: str, params: Optional[Params] = None, *, from_: Optional[str] = None,
             to: Optional[Sequence[str]] = None, subject: Optional[str] = None, text: Optional[str] = None,
             html: Optional[str] = None, cc: Optional[Sequence[str]] = None, bcc: Optional[Sequence[str]] = None,
             attachments: Optional[Iterable[AttachmentLike]] = None, in_reply_to: Optional[str] = None,
             references: Optional[Sequence[str]] = None, idempotency_key: Optional[str] = None) -> Obj:
        """Sends as the instance, through its class's send policy (``InstanceSend``)."""
        body = wire_params(params, from_=from_, to=to, subject=subject, text=text, html=html, cc=cc, bcc=bcc,
                           attachments=attachments, in_reply_to=in_reply_to, references=references)
        return self._sent(self._json("POST", path("/v1/agents/{}/instances/{}/send", class_, instance), body=body,
                                     idempotency_key=idempotency_key or new_idempotency_key()))

    def messages(self, class_: str, instance: str, *, after: Optional[int] = None,
                 direction: Optional[str] = None, thread: Optional[str] = None,
                 wait: Optional[float] = None) -> Obj:
        """One long poll: the ``WaitPage`` (``messages``, ``cursor``) after ``after`` (default: now), waiting up
        to ``wait`` seconds (server default 30) for the first ones."""
        query: Dict[str, Any] = dict(after=after, direction=direction, thread=thread)
        if wait is not None:
            query["wait"] = "%ds" % max(0, int(math.ceil(wait)))
        extra = LONG_POLL_MAX if wait is None else max(0.0, float(wait))
        return self._json("GET", path("/v1/agents/{}/instances/{}/messages", class_, instance), query=query,
                          timeout=self._t.timeout + extra)

    def wait_for_reply(self, class_: str, instance: str, *, after: Optional[int] = None, timeout: float = 30.0,
                       direction: str = "in", thread: Optional[str] = None) -> Optional[Obj]:
        """The first message of the instance after ``after`` (default: when the call starts), in ``direction``
        (``"in"``: reaching the instance; ``"out"``: the agent's own answer). Returns the ``HistoryMessage``
        plus ``seq`` (pass it as ``after`` for the next one) and ``agent``; ``None`` when ``timeout`` seconds
        pass first."""
        deadline = time.monotonic() + timeout
        cursor = after
        while True:
            remaining = deadline - time.monotonic()
            wait = max(0.0, min(remaining, LONG_POLL_MAX))
            page = self.messages(class_, instance, after=cursor, direction=direction, thread=thread, wait=wait)
            for waited in page.get("messages") or []:
                return waited_message(waited)
            if page.get("cursor") is not None:
                cursor = page["cursor"]
            if deadline - time.monotonic() <= 0:
                return None

    def stream_messages(self, class_: str, instance: str, *, after: Optional[int] = None,
                        direction: Optional[str] = None, thread: Optional[str] = None) -> ResumingStream:
        """An endless iterator of ``WaitedMessage`` (``seq``, ``agent``, ``message``), reconnecting with
        ``after=<last seq>`` when the connection drops. ``close()`` it (or use ``with``) when done."""
        p = path("/v1/agents/{}/instances/{}/messages/stream", class_, instance)

        def open_stream(cursor: Optional[str]) -> Any:
            return self._t.request("GET", p, query=dict(after=cursor, direction=direction, thread=thread),
                                   headers={"Accept": "text/event-stream"}, stream=True,
                                   timeout=self._t.timeout + LONG_POLL_MAX)
        return ResumingStream(open_stream, None if after is None else str(after), seq_cursor, self._t.sleep,
                              max_retry_delay=self._t.max_retry_delay)


def waited_message(waited: Mapping[str, Any]) -> Obj:
    """A ``WaitedMessage`` flattened: its ``message`` fields plus ``seq`` and ``agent``."""
    out = Obj(waited.get("message") or {})
    out["seq"] = waited.get("seq")
    out["agent"] = waited.get("agent")
    return out


class Schedules(_Resource):
    def list(self, *, class_: Optional[str] = None, instance: Optional[str] = None, status: Optional[str] = None,
             limit: Optional[int] = None, page_token: Optional[str] = None) -> PageIterator[Obj]:
        return self._pages("/v1/schedules", {"class": class_, "instance": instance, "status": status}, limit,
                           page_token)


class Domains(_Resource):
    def create(self, name: str, *, require_verified_dkim: Optional[bool] = None) -> Obj:
        """Adds a sending domain; the answer lists the DNS records to publish."""
        return self._json("POST", "/v1/domains",
                          body=wire_params(None, name=name, require_verified_dkim=require_verified_dkim))

    def list(self, *, limit: Optional[int] = None, page_token: Optional[str] = None) -> PageIterator[Obj]:
        return self._pages("/v1/domains", limit=limit, page_token=page_token)

    def get(self, name: str) -> Obj:
        """The domain and its ``records``."""
        return self._json("GET", path("/v1/domains/{}", name))

    def zone(self, name: str) -> str:
        """The records as a zone-file fragment."""
        return self._t.request("GET", path("/v1/domains/{}/zone", name)).text()

    def verify(self, name: str) -> Obj:
        return self._json("POST", path("/v1/domains/{}/verify", name))

    def rotate_dkim(self, name: str) -> Obj:
        return self._json("POST", path("/v1/domains/{}/rotate-dkim", name))

    def delete(self, name: str) -> None:
        self._json("DELETE", path("/v1/domains/{}", name))

    def configure_dns_update(self, name: str, params: Params) -> Obj:
        """RFC 2136 settings: ``{server, zone, key_name, key_algorithm, key_secret}``."""
        return self._json("PUT", path("/v1/domains/{}/dns-update", name), body=dict(params))

    def remove_dns_update(self, name: str) -> None:
        self._json("DELETE", path("/v1/domains/{}/dns-update", name))

    def publish(self, name: str) -> Obj:
        """Publishes the records through the configured DNS UPDATE server."""
        return self._json("POST", path("/v1/domains/{}/publish", name))


class ApiKeys(_Resource):
    def create(self, params: Optional[Params] = None, *, name: Optional[str] = None,
               permissions: Optional[Sequence[str]] = None, domains: Optional[Sequence[str]] = None,
               rate_per_minute: Optional[int] = None) -> Obj:
        """A new key; the answer's ``key`` is shown once."""
        return self._json("POST", "/v1/api-keys", body=wire_params(params, name=name, permissions=permissions,
                                                                   domains=domains,
                                                                   rate_per_minute=rate_per_minute))

    def list(self, *, limit: Optional[int] = None, page_token: Optional[str] = None) -> PageIterator[Obj]:
        return self._pages("/v1/api-keys", limit=limit, page_token=page_token)

    def get(self, id: str) -> Obj:
        return self._json("GET", path("/v1/api-keys/{}", id))

    def revoke(self, id: str) -> None:
        self._json("DELETE", path("/v1/api-keys/{}", id))


class Suppressions(_Resource):
    def list(self, *, limit: Optional[int] = None, page_token: Optional[str] = None) -> PageIterator[Obj]:
        return self._pages("/v1/suppressions", limit=limit, page_token=page_token)

    def delete(self, address: str) -> None:
        self._json("DELETE", path("/v1/suppressions/{}", address))


class Webhooks(_Resource):
    """Event webhooks (Standard Webhooks). Verify deliveries with :func:`mailroom.verify_webhook`."""

    def create(self, definition: Optional[Params] = None, *, url: Optional[str] = None,
               event_types: Optional[Sequence[str]] = None, mailbox_id: Optional[str] = None,
               domain: Optional[str] = None, description: Optional[str] = None,
               enabled: Optional[bool] = None) -> Obj:
        """The answer carries the ``secret`` (``whsec_...``) once."""
        return self._json("POST", "/v1/webhooks", body=wire_params(
            definition, url=url, event_types=event_types, mailbox_id=mailbox_id, domain=domain,
            description=description, enabled=enabled))

    def list(self) -> Obj:
        """``{items: [...]}``."""
        return self._json("GET", "/v1/webhooks")

    def get(self, id: str) -> Obj:
        return self._json("GET", path("/v1/webhooks/{}", id))

    def update(self, id: str, patch: Params) -> Obj:
        return self._json("PATCH", path("/v1/webhooks/{}", id), body=dict(patch))

    def delete(self, id: str) -> None:
        self._json("DELETE", path("/v1/webhooks/{}", id))

    def deliveries(self, id: str, *, before: Optional[int] = None, limit: Optional[int] = None) -> Obj:
        """Newest first; ``next_before`` continues the list."""
        return self._json("GET", path("/v1/webhooks/{}/deliveries", id), query=dict(before=before, limit=limit))

    def replay_delivery(self, id: str, delivery_id: str) -> Obj:
        return self._json("POST", path("/v1/webhooks/{}/deliveries/{}/replay", id, delivery_id))

    def replay(self, id: str, params: Optional[Params] = None, *, since: Optional[str] = None,
               until: Optional[str] = None) -> Obj:
        """Delivers again every wanted event of [since, until)."""
        return self._json("POST", path("/v1/webhooks/{}/replay", id),
                          body=wire_params(params, since=since, until=until))

    def rotate_secret(self, id: str) -> Obj:
        """A new secret; the old one keeps signing for an overlap."""
        return self._json("POST", path("/v1/webhooks/{}/rotate-secret", id))


class Events(_Resource):
    def stream(self, *, types: Optional[Sequence[str]] = None, mailbox: Optional[str] = None,
               domain: Optional[str] = None, last_event_id: Optional[str] = None) -> ResumingStream:
        """An endless iterator of ``CustomerEvent`` (``type``, ``timestamp``, ``data``), resuming with
        ``Last-Event-ID`` after a dropped connection (without ``last_event_id`` it starts now). ``close()`` it
        (or use ``with``) when done; ``.cursor`` is the last event id seen."""
        query = dict(types=types, mailbox=mailbox, domain=domain)

        def open_stream(cursor: Optional[str]) -> Any:
            headers = {"Accept": "text/event-stream"}
            if cursor is not None:
                headers["Last-Event-ID"] = cursor
            return self._t.request("GET", "/v1/events/stream", query=query, headers=headers, stream=True,
                                   timeout=self._t.timeout + LONG_POLL_MAX)
        return ResumingStream(open_stream, last_event_id, id_cursor, self._t.sleep,
                              max_retry_delay=self._t.max_retry_delay)
