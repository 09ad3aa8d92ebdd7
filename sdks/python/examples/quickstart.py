"""The README quickstart as a complete program: MAILROOM_API_KEY and MAILROOM_BASE_URL from the environment.

    /usr/bin/python3 examples/quickstart.py
"""
import os

from mailroom import Mailroom, verify_webhook  # noqa: F401 - verify_webhook: examples/echo_agent.py

api_key = os.environ["MAILROOM_API_KEY"]
base_url = os.environ.get("MAILROOM_BASE_URL", "http://127.0.0.1:8080")
sender = os.environ.get("MAILROOM_FROM", "app@agents.localhost")
to = os.environ.get("MAILROOM_TO", "echo+t1@agents.localhost")
subject, text = "Hello from Python", "Hi there!"

mr = Mailroom(api_key=api_key, base_url=base_url)
sent = mr.emails.send(from_=sender, to=[to], subject=subject, text=text)   # sent.id
print("sent", sent.id)
status = mr.emails.get(sent.id)  # status.status; reading your own send waits the moment it takes to be filed
print("status", status.status)
print("waiting 30 s for the next message to Echo/t1 (e.g. swaks --server 127.0.0.1:2525 --to echo+t1@agents.localhost)")
msg = mr.agents.wait_for_reply("Echo", "t1", timeout=30)
if msg is None:
    print("no message reached Echo/t1 within 30 s")
else:
    print("Echo/t1 got:", msg.subject, "from", msg.from_["address"], "thread", msg.thread_id)
