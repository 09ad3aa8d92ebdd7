"""bin/mailroom send: one message through the api (POST /v1/send, 202 once Kafka has it), the same path as every other
sender.

Prints the answer's JSON (the send id) and exits 0 on 202; prints the problem+json and exits 1 otherwise.
With --wait, polls GET /v1/messages/{id} until the message leaves queued/deferred (or the timeout) and prints it.
"""
import argparse
import base64
import json
import mimetypes
import os
import sys
import time
import urllib.error
import urllib.request


def call(method, url, key, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", "Bearer " + key)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, {"status": e.code, "detail": raw.decode("utf-8", "replace")}


def main():
    p = argparse.ArgumentParser(prog="bin/mailroom send", description=__doc__.splitlines()[0])
    p.add_argument("--from", dest="sender", required=True, help="'addr' or 'Name <addr>'")
    p.add_argument("--to", action="append", default=[])
    p.add_argument("--cc", action="append", default=[])
    p.add_argument("--bcc", action="append", default=[])
    p.add_argument("--reply-to", action="append", default=[])
    p.add_argument("--subject", default="")
    p.add_argument("--text", help="text body ('-' reads standard input)")
    p.add_argument("--html-file")
    p.add_argument("--attach", action="append", default=[], help="a file to attach (repeatable)")
    p.add_argument("--header", action="append", default=[], help="'Name: value' (repeatable)")
    p.add_argument("--tag", action="append", default=[])
    p.add_argument("--in-reply-to")
    p.add_argument("--idempotency-key")
    p.add_argument("--wait", type=int, default=0, metavar="SECONDS", help="wait for the delivery outcome")
    a = p.parse_args(sys.argv[2:])
    url, key = sys.argv[1], os.environ.get("MAILROOM_API_KEY", "")
    if not key:
        sys.exit("bin/mailroom send: no API key (MAILROOM_API_KEY, or the bootstrap key of a local stack)")

    body = {"from": a.sender, "to": a.to, "cc": a.cc, "bcc": a.bcc, "reply_to": a.reply_to, "subject": a.subject,
            "tags": a.tag}
    if a.text is not None:
        body["text"] = sys.stdin.read() if a.text == "-" else a.text
    if a.html_file:
        with open(a.html_file, encoding="utf-8") as f:
            body["html"] = f.read()
    if a.in_reply_to:
        body["in_reply_to"] = a.in_reply_to
    if a.header:
        body["headers"] = dict(h.split(":", 1) for h in a.header)
        body["headers"] = {k.strip(): v.strip() for k, v in body["headers"].items()}
    attachments = []
    for path in a.attach:
        with open(path, "rb") as f:
            attachments.append({"filename": os.path.basename(path),
                                "content_type": mimetypes.guess_type(path)[0] or "application/octet-stream",
                                "content": base64.b64encode(f.read()).decode("ascii")})
    if attachments:
        body["attachments"] = attachments

    extra = {"Idempotency-Key": a.idempotency_key} if a.idempotency_key else {}
    status, answer = call("POST", url + "/v1/send", key, body, extra)
    print(json.dumps(answer, indent=2, ensure_ascii=False))
    if status != 202:
        return 1
    deadline = time.time() + a.wait
    while a.wait and time.time() < deadline:
        time.sleep(1)
        status, view = call("GET", url + "/v1/messages/" + answer["id"], key)
        if status == 200 and view.get("status") not in ("accepted", "queued", "deferred"):
            print(json.dumps(view, indent=2, ensure_ascii=False))
            return 0 if view.get("status") in ("delivered", "sent") else 1
    if a.wait:
        print(json.dumps(call("GET", url + "/v1/messages/" + answer["id"], key)[1], indent=2, ensure_ascii=False))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
