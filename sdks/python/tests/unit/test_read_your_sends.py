"""Reading your own sends: a read of an id this client's own send was given retries the 404 the api answers until
the mailbox has filed the send; any other id, or with ``read_your_sends=False``, answers its 404 at once."""
from __future__ import annotations

import asyncio
import re
import time
import unittest
from typing import Callable, Dict, List

from mailroom import AsyncMailroom, Mailroom, NotFoundError
from mailroom._sends import RecentSends

from ._server import Answer, Recorded, Server, json_answer, problem


def mailbox(misses: int = 2) -> Callable[[Recorded], Answer]:
    """POST /v1/send* answers ids; a GET of a message answers 404 the first ``misses`` times, then 200."""
    gets: Dict[str, int] = {}

    def answer(r: Recorded) -> Answer:
        if r.method == "POST" and r.path == "/v1/send":
            return json_answer({"id": "snd_1", "message_id": "<1@x>"}, 202)
        if r.method == "POST" and r.path == "/v1/send/batch":
            return json_answer({"ids": ["b1", "b2"], "message_ids": ["<b1@x>", "<b2@x>"]}, 202)
        if r.method == "POST" and r.path.endswith("/reply"):
            return json_answer({"id": "rep_1", "status": "queued", "message_id": "<r@x>"}, 202)
        if r.method == "POST" and r.path.endswith("/send"):
            return json_answer({"id": "ag_1", "status": "queued", "message_id": "<a@x>"}, 202)
        m = re.fullmatch(r"/v1/messages/([^/]+)(/raw|/body)?", r.path)
        if r.method == "GET" and m:
            gets[r.path] = gets.get(r.path, 0) + 1
            if gets[r.path] <= misses:
                return problem(404, "Not Found", detail="no such message")
            if m.group(2) == "/raw":
                return 200, {"Content-Type": "message/rfc822"}, b"Subject: s\r\n\r\nhi"
            if m.group(2) == "/body":
                return 200, {"Content-Type": "text/html"}, b"<p>hi</p>"
            return json_answer({"id": m.group(1), "status": "queued", "attempts": []})
        return problem(500, "unexpected")
    return answer


def gets(s: Server, p: str) -> int:
    return sum(1 for r in s.requests if r.method == "GET" and r.path == p)


SEND = dict(from_="a@agents.localhost", to=["b@example.org"], subject="s", text="t")


class ReadYourSends(unittest.TestCase):
    def test_get_of_an_id_just_sent_retries_the_404_until_the_mailbox_has_it(self) -> None:
        with Server(mailbox(2)) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            sent = mr.emails.send(**SEND)
            started = time.monotonic()
            status = mr.emails.get(sent.id)
            self.assertEqual(("snd_1", "queued"), (status.id, status.status))
            self.assertEqual(3, gets(s, "/v1/messages/snd_1"), "two 404s, then the 200")
            self.assertGreaterEqual(time.monotonic() - started, 0.25, "100 ms then 200 ms of backoff")

    def test_ids_from_send_batch_reply_and_agents_send_retry_on_get_raw_and_body(self) -> None:
        with Server(mailbox(1)) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            mr.emails.send_batch([dict(from_="a@x", to=["b@y"]), dict(from_="a@x", to=["c@y"])])
            reply = mr.emails.reply("orig", text="r")
            agent = mr.agents.send("Echo", "t1", to=["b@y"], subject="s", text="t")
            self.assertEqual("b2", mr.messages.get("b2").id)
            self.assertEqual(b"Subject: s\r\n\r\nhi", mr.messages.raw("b1"))
            self.assertEqual("<p>hi</p>", mr.messages.body(reply.id))
            self.assertEqual("ag_1", mr.emails.get(agent.id).id)
            for p in ["/v1/messages/b2", "/v1/messages/b1/raw", "/v1/messages/rep_1/body", "/v1/messages/ag_1"]:
                self.assertEqual(2, gets(s, p), p)

    def test_an_id_never_sent_answers_its_404_at_once_while_its_own_send_is_waited_for(self) -> None:
        with Server(mailbox(2)) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            sent = mr.emails.send(**SEND)
            started = time.monotonic()
            with self.assertRaises(NotFoundError):
                mr.emails.get("someone_elses")
            self.assertLess(time.monotonic() - started, 0.1, "no backoff")
            self.assertEqual(1, gets(s, "/v1/messages/someone_elses"))
            self.assertEqual(sent.id, mr.emails.get(sent.id).id)
            self.assertEqual(3, gets(s, "/v1/messages/snd_1"))

    def test_read_your_sends_false_answers_the_404_at_once_and_the_default_waits(self) -> None:
        with Server(mailbox(2)) as s:
            off = Mailroom(api_key="k", base_url=s.url, read_your_sends=False)
            sent = off.emails.send(**SEND)
            with self.assertRaises(NotFoundError):
                off.emails.get(sent.id)
            self.assertEqual(1, gets(s, "/v1/messages/snd_1"))
            on = Mailroom(api_key="k", base_url=s.url)
            self.assertEqual("snd_1", on.emails.get(on.emails.send(**SEND).id).id)
            self.assertEqual(3, gets(s, "/v1/messages/snd_1"), "one more 404, then the 200")

    def test_a_send_never_filed_raises_the_404_after_5_s_of_backoff(self) -> None:
        with Server(mailbox(1000)) as s:
            mr = Mailroom(api_key="k", base_url=s.url)
            sleeps: List[float] = []
            mr._transport.sleep = sleeps.append
            sent = mr.emails.send(**SEND)
            with self.assertRaises(NotFoundError):
                mr.emails.get(sent.id)
            self.assertEqual([0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 1.0], [round(x, 3) for x in sleeps[:7]])
            self.assertAlmostEqual(5.0, sum(sleeps), places=3)
            self.assertEqual(len(sleeps) + 1, gets(s, "/v1/messages/snd_1"))

    def test_the_client_timeout_bounds_the_wait(self) -> None:
        with Server(mailbox(1000)) as s:
            mr = Mailroom(api_key="k", base_url=s.url, timeout=0.5)
            sent = mr.emails.send(**SEND)
            started = time.monotonic()
            with self.assertRaises(NotFoundError):
                mr.emails.get(sent.id)
            self.assertLess(time.monotonic() - started, 2.0)
            self.assertGreaterEqual(gets(s, "/v1/messages/snd_1"), 3)

    def test_the_async_client_too(self) -> None:
        async def run(url: str) -> str:
            mr = AsyncMailroom(api_key="k", base_url=url)
            sent = await mr.emails.send(**SEND)
            return (await mr.messages.get(sent.id)).id

        with Server(mailbox(2)) as s:
            self.assertEqual("snd_1", asyncio.run(run(s.url)))
            self.assertEqual(3, gets(s, "/v1/messages/snd_1"))


class Remembered(unittest.TestCase):
    def test_forgets_after_60_s_and_keeps_the_newest_1000(self) -> None:
        now = [0.0]
        s = RecentSends(clock=lambda: now[0])
        s.remember("a")
        now[0] = 59.0
        s.remember(["b", None, ""])
        self.assertTrue("a" in s and "b" in s)
        now[0] = 60.001
        self.assertTrue("a" not in s and "b" in s)
        for i in range(1000):
            s.remember("n%d" % i)
        self.assertTrue("b" not in s and "n0" in s and "n999" in s)
        self.assertEqual(1000, len(s))
