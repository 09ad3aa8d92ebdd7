"""Request bodies (send, attachments, idempotency keys), decoding, and wait_for_reply's long-poll loop."""
from __future__ import annotations

import asyncio
import base64
import json
import os
import tempfile
import unittest
from typing import Any, List

from mailroom import AsyncMailroom, Attachment, Mailroom, Obj
from mailroom._types import decode_json

from ._server import Recorded, Server, json_answer


class Decoding(unittest.TestCase):
    def test_objects_read_as_attributes_and_keep_wire_names(self) -> None:
        o = decode_json(b'{"id":"m1","from":{"address":"a@x.org"},"thread_id":"t","to":[{"address":"b"}]}')
        self.assertIsInstance(o, Obj)
        self.assertEqual(("m1", "a@x.org", "t", "b"), (o.id, o.from_.address, o.thread_id, o.to[0].address))
        self.assertEqual("a@x.org", o["from"]["address"])
        with self.assertRaises(AttributeError):
            o.nope
        self.assertIsNone(o.get("nope"))

    def test_keys_named_like_dict_methods_read_the_key_and_still_call(self) -> None:
        page = decode_json(b'{"items":[{"id":1}],"keys":[{"selector":"s1"}]}')
        self.assertEqual([1], [i.id for i in page.items])
        self.assertEqual("s1", page.keys[0].selector)
        self.assertEqual(["items", "keys"], list(page.keys()))
        self.assertEqual('{"items": [{"id": 1}], "keys": [{"selector": "s1"}]}', json.dumps(page))


class Sending(unittest.TestCase):
    def test_send_writes_from_generates_an_idempotency_key_and_encodes_attachments(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "report.pdf")
            with open(path, "wb") as f:
                f.write(b"%PDF-1.4 file")
            with Server(lambda r: json_answer({"id": "s1", "message_id": "<s1@x>"}, 202)) as s:
                mr = Mailroom(api_key="k", base_url=s.url)
                sent = mr.emails.send(from_="Ann <ann@x.org>", to=["bob@y.org"], subject="Hi", text="t",
                                      attachments=[Attachment("a.txt", b"hello"), path,
                                                   {"filename": "c.bin", "content": b"\x00\x01"},
                                                   {"path": path, "filename": "renamed.pdf"}])
                self.assertEqual("s1", sent.id)
                mr.emails.send({"from": "a@x.org", "to": ["b@y.org"], "subject": "s"}, idempotency_key="mine")
                r0, r1 = s.requests
        body = r0.json()
        self.assertEqual(("POST", "/v1/send", "application/json"), (r0.method, r0.path, r0.headers["content-type"]))
        self.assertEqual("Ann <ann@x.org>", body["from"])
        self.assertNotIn("from_", body)
        self.assertNotIn("html", body, "absent fields are left out")
        self.assertEqual(36, len(r0.headers["idempotency-key"]))
        files = body["attachments"]
        self.assertEqual(["a.txt", "report.pdf", "c.bin", "renamed.pdf"], [a["filename"] for a in files])
        self.assertEqual([b"hello", b"%PDF-1.4 file", b"\x00\x01", b"%PDF-1.4 file"],
                         [base64.b64decode(a["content"]) for a in files])
        self.assertEqual(["text/plain", "application/pdf"], [files[0]["content_type"], files[1]["content_type"]])
        self.assertEqual("mine", r1.headers["idempotency-key"])
        self.assertEqual("a@x.org", r1.json()["from"])

    def test_batch_reply_forward_and_agent_send_carry_keys(self) -> None:
        with Server(lambda r: json_answer({"ids": ["1", "2"]}, 202)) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            mr.emails.send_batch([{"from_": "a@x.org", "to": ["b@y.org"]}, {"from": "a@x.org", "to": ["c@y.org"]}])
            mr.emails.reply("m1", text="thanks")
            mr.emails.reply_all("m1", text="all")
            mr.emails.forward("m1", to=["d@y.org"], include_attachments=False)
            mr.agents.send("Echo", "t1", from_="echo+t1@agents.localhost", to=["b@y.org"], subject="s")
        batch = s.requests[0].json()
        self.assertEqual(["a@x.org", "a@x.org"], [m["from"] for m in batch])
        self.assertEqual(["/v1/send/batch", "/v1/messages/m1/reply", "/v1/messages/m1/reply-all",
                          "/v1/messages/m1/forward", "/v1/agents/Echo/instances/t1/send"],
                         [r.path for r in s.requests])
        self.assertTrue(all(r.headers.get("idempotency-key") for r in s.requests))
        self.assertEqual({"to": ["d@y.org"], "include_attachments": False}, s.requests[3].json())

    def test_draft_approval_with_edits_and_rejection(self) -> None:
        with Server(lambda r: json_answer({"id": "d1", "status": "approved"})) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            mr.drafts.approve("d1", text="edited")
            mr.drafts.approve("d2", {"subject": "S"})
            mr.drafts.reject("d3", "wrong")
        self.assertEqual([{"text": "edited"}, {"subject": "S"}, {"reason": "wrong"}],
                         [r.json() for r in s.requests])

    def test_raw_body_zone_and_attachment_answers(self) -> None:
        def answer(r: Recorded) -> Any:
            if r.path.endswith("/raw"):
                return 200, {"Content-Type": "message/rfc822"}, b"Subject: x\r\n\r\nbody"
            if r.path.endswith("/zone"):
                return 200, {"Content-Type": "text/plain"}, b"example.org. TXT \"v=spf1\""
            return 200, {"Content-Type": "application/octet-stream"}, "tëxt".encode()
        with Server(answer) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            self.assertEqual(b"Subject: x\r\n\r\nbody", mr.messages.raw("m1"))
            self.assertIn("v=spf1", mr.domains.zone("example.org"))
            self.assertEqual("tëxt".encode(), mr.messages.attachment("m1", "a1"))
            self.assertEqual("tëxt", mr.messages.attachment("m1", "a1", format="text"))
            self.assertEqual("text", s.requests[-1].q("format"))


def waited(seq: int, subject: str) -> dict:
    return {"seq": seq, "agent": "Echo/t1",
            "message": {"id": "r%d" % seq, "thread_id": "t-1", "direction": "out", "subject": subject,
                        "from": {"address": "echo+t1@agents.localhost"}, "text": "echo"}}


class WaitForReply(unittest.TestCase):
    def test_it_uses_the_first_answers_cursor_then_returns_the_first_message(self) -> None:
        def answer(r: Recorded) -> Any:
            if r.q("after") is None:
                return json_answer({"messages": [], "cursor": 41})
            return json_answer({"messages": [waited(42, "Re: hi"), waited(43, "later")], "cursor": 43})
        with Server(answer) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            msg = mr.agents.wait_for_reply("Echo", "t1", timeout=5, direction="out")
        assert msg is not None
        self.assertEqual(("Re: hi", 42, "Echo/t1", "t-1", "echo+t1@agents.localhost"),
                         (msg.subject, msg.seq, msg.agent, msg.thread_id, msg.from_.address))
        self.assertEqual([None, "41"], [r.q("after") for r in s.requests])
        self.assertEqual(["out", "out"], [r.q("direction") for r in s.requests])
        self.assertEqual("5s", s.requests[0].q("wait"))

    def test_the_default_direction_is_in_and_after_is_passed(self) -> None:
        with Server(lambda r: json_answer({"messages": [waited(8, "x")], "cursor": 8})) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            msg = mr.agents.wait_for_reply("Echo", "t1", after=0)
            self.assertEqual(8, msg.seq if msg is not None else None)
        self.assertEqual(("0", "in", "30s"), (s.requests[0].q("after"), s.requests[0].q("direction"),
                                              s.requests[0].q("wait")))

    def test_it_returns_none_when_the_timeout_passes(self) -> None:
        with Server(lambda r: json_answer({"messages": [], "cursor": 5})) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            self.assertIsNone(mr.agents.wait_for_reply("Echo", "t1", timeout=0.3))
            self.assertIsNone(asyncio.run(AsyncMailroom(api_key="k", base_url=s.url)
                                          .agents.wait_for_reply("Echo", "t1", timeout=0)))
        self.assertTrue(all(r.q("wait") in ("0s", "1s") for r in s.requests), [r.q("wait") for r in s.requests])

    def test_the_raw_long_poll(self) -> None:
        with Server(lambda r: json_answer({"messages": [], "cursor": 9})) as s:
            page = Mailroom(api_key="k", base_url=s.url).agents.messages("Echo", "t1", after=3, wait=0,
                                                                          thread="t-1")
        self.assertEqual(9, page.cursor)
        self.assertEqual(("3", "0s", "t-1"), (s.requests[0].q("after"), s.requests[0].q("wait"),
                                              s.requests[0].q("thread")))


class Async(unittest.TestCase):
    def test_the_generated_async_resources_are_up_to_date(self) -> None:
        import importlib.util
        here = os.path.dirname(os.path.abspath(__file__))
        tool = os.path.join(here, "..", "..", "tools", "gen_async.py")
        spec = importlib.util.spec_from_file_location("gen_async", tool)
        assert spec is not None and spec.loader is not None
        gen = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(gen)
        with open(gen.OUT, encoding="utf-8") as f:
            self.assertEqual(gen.render(), f.read(),
                             "mailroom/_async.py is stale: run /usr/bin/python3 tools/gen_async.py")

    def test_async_calls_send_the_same_requests(self) -> None:
        async def run(url: str) -> List[Any]:
            mr = AsyncMailroom(api_key="k", base_url=url)
            sent = await mr.emails.send(from_="a@x.org", to=["b@y.org"], subject="s", text="t")
            got = await asyncio.gather(mr.emails.get(sent.id), mr.webhooks.get("w1"))
            return [sent] + list(got)
        with Server(lambda r: json_answer({"id": "x1"}, 202 if r.method == "POST" else 200)) as s:
            self.assertEqual(["x1"] * 3, [o.id for o in asyncio.run(run(s.url))])
        self.assertEqual({"/v1/send", "/v1/messages/x1", "/v1/webhooks/w1"}, {r.path for r in s.requests})


if __name__ == "__main__":
    unittest.main()
