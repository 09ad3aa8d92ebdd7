"""An echo agent behind a webhook: http.server running the SDK's agent handler.

Run it, then register it (once) and mail it:

    MAILROOM_AGENT_SECRET=change-me-0123456789 /usr/bin/python3 examples/echo_agent.py 8765 &
    MAILROOM_API_KEY=... /usr/bin/python3 examples/echo_agent.py --register 8765
    swaks --server 127.0.0.1:2525 --to pyecho+t1@agents.localhost --header 'Subject: hi'

Each message is answered with "Re: <subject>" quoting its text; the instance's state counts the messages.
"""
import os
import sys
from http.server import ThreadingHTTPServer
from typing import Any, Dict, Optional

from mailroom import Mailroom, Obj, agent_http_handler

SECRET = os.environ.get("MAILROOM_AGENT_SECRET", "change-me-0123456789")


def echo(event: Obj) -> Optional[Dict[str, Any]]:
    """The agent: called once per email (or schedule) of an instance; returns its effects."""
    if event.event != "email":
        return None
    message = event.email.get("message") or {}
    if message.get("auto_reply"):
        return None  # never answer automatic mail (loops)
    count = int((event.get("state") or {}).get("count", 0)) + 1
    text = "instance=%s count=%d\n\n> %s" % (event.agent.instance, count,
                                             (message.get("text") or "").replace("\n", "\n> "))
    return {"state": {"count": count}, "replies": [{"text": text}]}


def serve(port: int) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", port), agent_http_handler(SECRET, echo))
    print("echo agent on http://127.0.0.1:%d/" % port, flush=True)
    server.serve_forever()


def register(port: int, name: str = "PyEcho", address: str = "pyecho") -> None:
    agent = Mailroom().agents.create({"name": name, "address": address,
                                      "webhook": {"url": "http://127.0.0.1:%d/" % port, "secret": SECRET}})
    print("registered", agent.get("name"), "at", address + "+<instance>@<agent domain>")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--register":
        register(int(sys.argv[2]))
    else:
        serve(int(sys.argv[1]) if len(sys.argv) > 1 else 8765)
