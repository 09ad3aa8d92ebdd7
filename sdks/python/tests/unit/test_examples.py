"""examples/echo_agent.py as a user runs it: a process serving the agent handler on http.server."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

from mailroom import sign_agent_webhook

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class EchoAgentExample(unittest.TestCase):
    def test_it_answers_a_signed_email_event_and_refuses_an_unsigned_one(self) -> None:
        port = free_port()
        secret = "example-secret-0123456789"
        env = dict(os.environ, PYTHONPATH=ROOT, MAILROOM_AGENT_SECRET=secret)
        proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "examples", "echo_agent.py"), str(port)],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            assert proc.stdout is not None
            self.assertIn(b"echo agent on", proc.stdout.readline())
            body = json.dumps({"v": 1, "event": "email", "id": "d", "agent": {"class_name": "PyEcho",
                                                                              "instance": "t1"},
                               "email": {"message": {"text": "hello\nthere", "subject": "Hi"}},
                               "state": {"count": 2}}).encode()
            ts = int(time.time())
            req = urllib.request.Request("http://127.0.0.1:%d/" % port, body, method="POST", headers={
                "Content-Type": "application/json", "X-Mailroom-Timestamp": str(ts),
                "X-Mailroom-Signature": sign_agent_webhook(body, secret, ts)})
            with urllib.request.urlopen(req, timeout=10) as resp:
                answer = json.loads(resp.read())
            self.assertEqual({"count": 3}, answer["state"])
            self.assertEqual("instance=t1 count=3\n\n> hello\n> there", answer["replies"][0]["text"])
            unsigned = urllib.request.Request("http://127.0.0.1:%d/" % port, body, method="POST")
            with self.assertRaises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(unsigned, timeout=10)
            self.assertEqual(401, caught.exception.code)
        finally:
            proc.terminate()
            proc.wait(10)
            if proc.stdout is not None:
                proc.stdout.close()


class Quickstart(unittest.TestCase):
    def test_the_readme_quickstart_is_examples_quickstart_py(self) -> None:
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        with open(os.path.join(ROOT, "examples", "quickstart.py"), encoding="utf-8") as f:
            program = f.read().split('"""', 2)[2].lstrip("\n")
        block = readme.split("```python\n", 1)[1].split("```", 1)[0]
        self.assertEqual(program, block, "README's quickstart differs from examples/quickstart.py")


if __name__ == "__main__":
    unittest.main()
