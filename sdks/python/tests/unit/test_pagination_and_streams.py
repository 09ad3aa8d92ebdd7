"""Cursor pagination (sync and async) and the resuming SSE streams, against a real local HTTP server."""
from __future__ import annotations

import asyncio
import unittest
from typing import Any, List

from mailroom import AsyncMailroom, Mailroom, NotFoundError, parse_sse

from ._server import Recorded, Server, json_answer, problem

PAGES = {None: {"items": [{"id": "a"}, {"id": "b"}], "next_page_token": "p2"},
         "p2": {"items": [{"id": "c"}], "next_page_token": "p3"},
         "p3": {"items": [{"id": "d"}]}}


def pages(r: Recorded) -> Any:
    return json_answer(PAGES[r.q("page_token")])


class Pagination(unittest.TestCase):
    def test_iterating_fetches_every_page_on_demand(self) -> None:
        with Server(pages) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            it = mr.mailboxes.list(limit=2)
            self.assertEqual(0, len(s.requests), "nothing fetched before iterating")
            first = next(iter(it))
            self.assertEqual("a", first.id)
            self.assertEqual(1, len(s.requests))
            self.assertEqual(["a", "b", "c", "d"], [m.id for m in it])
            self.assertEqual([None, None, "p2", "p3"], [r.q("page_token") for r in s.requests])
            self.assertEqual({"2"}, {r.q("limit") for r in s.requests})

    def test_one_page_by_hand(self) -> None:
        with Server(pages) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            page = mr.api_keys.list(limit=2).first_page()
            self.assertEqual("p2", page.next_page_token)
            page2 = mr.api_keys.list(page_token=page.next_page_token).first_page()
            self.assertEqual(["c"], [k.id for k in page2.items])
            self.assertEqual("/v1/api-keys", s.requests[-1].path)

    def test_filters_travel_as_query_parameters(self) -> None:
        with Server(lambda r: json_answer({"items": []})) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            list(mr.drafts.list(class_="Drafter", instance="i1", status="pending"))
            list(mr.threads.search("invoice", mailbox="mb1"))
            self.assertEqual(("Drafter", "i1", "pending"),
                             (s.requests[0].q("class"), s.requests[0].q("instance"), s.requests[0].q("status")))
            self.assertEqual(("invoice", "mb1"), (s.requests[1].q("q"), s.requests[1].q("mailbox")))

    def test_async_iteration(self) -> None:
        async def run(url: str) -> List[str]:
            mr = AsyncMailroom(api_key="k", base_url=url)
            first = await mr.domains.list().first_page()
            self.assertEqual("p2", first.next_page_token)
            return [d.id async for d in mr.domains.list()]
        with Server(pages) as s:
            self.assertEqual(["a", "b", "c", "d"], asyncio.run(run(s.url)))


class Sse(unittest.TestCase):
    def test_the_parser_follows_the_event_stream_rules(self) -> None:
        lines = [b": comment\n", b"id: 1\n", b"event: message.sent\n", b"data: {\"a\":\n", b"data:1}\n", b"\n",
                 b"retry: 500\n", b"\n", b"data: x\r\n", b"\r\n", b"data: no end"]
        events = list(parse_sse(lines))
        self.assertEqual([("message.sent", "{\"a\":\n1}", "1"), ("message", "x", "1")],
                         [(e.event, e.data, e.id) for e in events])

    def test_the_event_stream_resumes_with_last_event_id_after_a_drop(self) -> None:
        def answer(r: Recorded) -> Any:
            if r.headers.get("last-event-id") is None:
                return 200, {"Content-Type": "text/event-stream"}, [
                    b": hello\n\n", b"id: 1\nevent: message.sent\ndata: {\"type\":\"message.sent\"}\n\n",
                    b"id: 2\nevent: message.delivered\ndata: {\"type\":\"message.delivered\"}\n\n"]
            return 200, {"Content-Type": "text/event-stream"}, [
                b"id: 3\nevent: message.bounced\ndata: {\"type\":\"message.bounced\"}\n\n"]
        with Server(answer) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            mr._transport.sleep = lambda d: None
            with mr.events.stream(types=["message.sent", "message.bounced"]) as stream:
                got = [next(stream).type for _ in range(3)]
                self.assertEqual("3", stream.cursor)
            self.assertEqual(["message.sent", "message.delivered", "message.bounced"], got)
            self.assertEqual("2", s.requests[1].headers["last-event-id"])
            self.assertEqual("message.sent,message.bounced", s.requests[0].q("types"))
            self.assertEqual("text/event-stream", s.requests[0].headers["accept"])

    def test_the_agent_message_stream_resumes_with_after_last_seq(self) -> None:
        def answer(r: Recorded) -> Any:
            after = int(r.q("after") or 0)
            seq = after + 1
            return 200, {"Content-Type": "text/event-stream"}, [
                b"data: {\"seq\":%d,\"agent\":\"Echo/t1\",\"message\":{\"subject\":\"s%d\"}}\n\n" % (seq, seq)]
        with Server(answer) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            mr._transport.sleep = lambda d: None
            stream = mr.agents.stream_messages("Echo", "t 1", after=10, direction="out")
            got = [next(stream) for _ in range(3)]
            stream.close()
            self.assertEqual([11, 12, 13], [m.seq for m in got])
            self.assertEqual("s12", got[1].message.subject)
            self.assertEqual(["10", "11", "12"], [r.q("after") for r in s.requests])
            self.assertEqual("/v1/agents/Echo/instances/t%201/messages/stream", s.requests[0].path)
            self.assertEqual("out", s.requests[0].q("direction"))

    def test_with_connects_before_the_first_event_is_asked_for(self) -> None:
        with Server(lambda r: (200, {"Content-Type": "text/event-stream"}, [b"id: 1\ndata: {}\n\n"])) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            stream = mr.events.stream()
            self.assertEqual(0, len(s.requests), "lazy without with")
            with stream:
                self.assertEqual(1, len(s.requests))
                self.assertEqual({}, next(stream))
            self.assertEqual(1, len(s.requests))

    def test_a_client_error_ends_the_stream(self) -> None:
        with Server(lambda r: problem(404, "Not found")) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            with self.assertRaises(NotFoundError):
                next(mr.agents.stream_messages("Nope", "x"))
            self.assertEqual(1, len(s.requests))

    def test_the_async_stream(self) -> None:
        def answer(r: Recorded) -> Any:
            return 200, {"Content-Type": "text/event-stream"}, [b"id: 7\ndata: {\"type\":\"t\"}\n\n"]

        async def run(url: str) -> List[str]:
            mr = AsyncMailroom(api_key="k", base_url=url)
            out: List[str] = []
            async with mr.events.stream(last_event_id="6") as stream:
                async for ev in stream:
                    out.append(ev.type)
                    if len(out) == 2:
                        break
            return out
        with Server(answer) as s:
            self.assertEqual(["t", "t"], asyncio.run(run(s.url)))
            self.assertEqual(["6", "7"], [r.headers.get("last-event-id") for r in s.requests[:2]])


if __name__ == "__main__":
    unittest.main()
