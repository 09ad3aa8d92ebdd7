"""The coverage check: every /v1/ operation of ../openapi.json has a client method (mailroom/_operations.py), and
each method sends that operation's HTTP method and path (checked against a recording local server)."""
from __future__ import annotations

import asyncio
import inspect
import json
import os
import re
import unittest
from typing import Any, Dict, List, Tuple

from mailroom import AsyncMailroom, AsyncPageIterator, AsyncStream, Mailroom, PageIterator, ResumingStream
from mailroom._operations import ALSO, OPERATIONS

from ._server import Recorded, Server, json_answer

DOCUMENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "openapi.json")
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def document_operations() -> Dict[str, Tuple[str, str]]:
    """operationId → (HTTP method, path template) of every /v1/ operation."""
    with open(DOCUMENT, encoding="utf-8") as f:
        doc = json.load(f)
    out: Dict[str, Tuple[str, str]] = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in METHODS and path.startswith("/v1/"):
                out[op["operationId"]] = (method.upper(), path)
    return out


def resolve(client: Any, method_path: str) -> Any:
    target = client
    for part in method_path.split("."):
        target = getattr(target, part)
    return target


def sample_args(fn: Any) -> Tuple[List[Any], Dict[str, Any]]:
    args: List[Any] = []
    for p in inspect.signature(fn).parameters.values():
        if p.default is not p.empty or p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            continue
        ann = str(p.annotation)
        if ann.startswith("Iterable[Params]"):
            args.append([{"to": ["a@example.org"]}])
        elif "Params" in ann or "Mapping" in ann:
            args.append({})
        else:
            args.append("s-" + p.name)
    return args, {}


def answer(r: Recorded) -> Any:
    if r.headers.get("accept") == "text/event-stream":
        return 200, {"Content-Type": "text/event-stream"}, [b"id: 1\ndata: {\"seq\": 1}\n\n"]
    return json_answer({"items": [], "messages": [{"seq": 1, "message": {}}], "cursor": 1})


class Coverage(unittest.TestCase):
    def test_every_v1_operation_has_an_entry(self) -> None:
        missing = sorted(set(document_operations()) - set(OPERATIONS))
        self.assertEqual([], missing, "operations of sdks/openapi.json the Python SDK lacks (add them to "
                                      "mailroom/_operations.py and a method)")

    def test_every_entry_names_an_operation_of_the_document(self) -> None:
        ops = document_operations()
        unknown = sorted(op for op in list(OPERATIONS) + list(ALSO.values()) if op not in ops)
        self.assertEqual([], unknown, "entries naming operationIds sdks/openapi.json does not have")

    def test_every_method_path_resolves_to_a_callable_on_both_clients(self) -> None:
        for client in (Mailroom(api_key="k"), AsyncMailroom(api_key="k")):
            for method_path in list(OPERATIONS.values()) + list(ALSO):
                with self.subTest(client=type(client).__name__, method=method_path):
                    try:
                        target = resolve(client, method_path)
                    except AttributeError as e:
                        self.fail("%s.%s does not resolve: %s" % (type(client).__name__, method_path, e))
                    self.assertTrue(callable(target), method_path)

    def test_each_method_sends_its_operations_http_method_and_path(self) -> None:
        ops = document_operations()
        calls = [(op, m) for op, m in OPERATIONS.items()] + [(op, m) for m, op in ALSO.items()]
        with Server(answer) as s:
            mr = Mailroom(api_key="k", base_url=s.url, max_retries=0)
            amr = AsyncMailroom(api_key="k", base_url=s.url, max_retries=0)
            for op, method_path in calls:
                for client in (mr, amr):
                    with self.subTest(operation=op, method=method_path, client=type(client).__name__):
                        before = len(s.requests)
                        fn = resolve(client, method_path)
                        args, kwargs = sample_args(fn)
                        asyncio.run(self._call(fn(*args, **kwargs)))
                        self.assertGreater(len(s.requests), before, "no request sent")
                        r = s.requests[before]
                        http_method, template = ops[op]
                        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
                        self.assertEqual(http_method, r.method)
                        self.assertRegex(r.path, pattern)

    @staticmethod
    async def _call(result: Any) -> None:
        if inspect.isawaitable(result):
            await result
        elif isinstance(result, PageIterator):
            result.first_page()
        elif isinstance(result, AsyncPageIterator):
            await result.first_page()
        elif isinstance(result, ResumingStream):
            next(result)
            result.close()
        elif isinstance(result, AsyncStream):
            await result.__anext__()
            await result.aclose()


if __name__ == "__main__":
    unittest.main()
