#!/usr/bin/env python3
"""Concurrent REST client for the api's send endpoints (helper of bench/egress; ADR 0032: the api accepts sends).

Sends N messages of about SIZE bytes (text body) with POST /v1/send (or POST /v1/send/batch, --batch B) from
--concurrency threads, each with its own keep-alive HTTP connection. Closed loop by default (each thread sends its
next request as soon as the previous one is answered); --rate R paces the requests (open loop: request k is due at
start + k/R seconds, whichever thread is free takes it; a late request is sent at once, never skipped).

Every message carries two custom headers that the sink side reads back (bench/lib/sink_wait.py):
  X-Bench-Case: <--case>         which case the message belongs to
  X-Bench-T0:   <epoch ns>       wall clock just before its request was written (batch: before the batch request)

429 answers are retried after Retry-After (counted); any other non-202 answer, or a network error, fails the run.
Prints one line: "accepted requests t_first_ns t_last_ns accept_p50_ms accept_p99_ms retries_429 cpu_ms"
(cpu_ms: this client's own CPU time, user + system, so that the bench can show what the load costs the machine)
(accept latency = request written -> 202 read, per request). Writes the send ids to --ids.

usage: egress_load.py --url http://127.0.0.1:PORT --key TOKEN --from ADDR --to ADDR --count N
                      [--concurrency C] [--size BYTES] [--batch B] [--rate R] [--case LABEL] [--ids FILE]
"""
import argparse, json, resource, socket, sys, threading, time, urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("--url", required=True)
ap.add_argument("--key", required=True)
ap.add_argument("--from", dest="sender", required=True)
ap.add_argument("--to", required=True)
ap.add_argument("--count", type=int, required=True)
ap.add_argument("--concurrency", type=int, default=16)
ap.add_argument("--size", type=int, default=4096)
ap.add_argument("--batch", type=int, default=0, help="messages per POST /v1/send/batch; 0 = POST /v1/send")
ap.add_argument("--rate", type=float, default=0.0, help="messages per second, paced (0 = as fast as possible)")
ap.add_argument("--case", default="bench")
ap.add_argument("--ids", default=None)
ap.add_argument("--timeout", type=float, default=120.0)
args = ap.parse_args()

url = urllib.parse.urlsplit(args.url)
line = ("0123456789" * 7) + "\n"                      # 71 octets + LF: 7-bit text, short lines
body_text = line * max(1, args.size // (len(line) + 1))  # about SIZE octets on the wire (LF becomes CRLF)
# The request head is fixed but for the path and Content-Length; the JSON body is formatted from pre-encoded parts.
# A plain socket rather than http.client (whose response parsing goes through the email package): the client then
# costs about what smtp-source costs the Postfix side (bench/egress prints both), not several times more.
HEAD = ("POST %s HTTP/1.1\r\nHost: " + url.netloc + "\r\nAuthorization: Bearer " + args.key +
        "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: %d\r\n\r\n")
MESSAGE = ('{"from":' + json.dumps(args.sender) + ',"to":' + json.dumps(args.to) + ',"subject":"bench ' +
           json.dumps(args.case)[1:-1] + ' %d","text":' + json.dumps(body_text) + ',"headers":{"X-Bench-Case":' +
           json.dumps(args.case) + ',"X-Bench-T0":"%d"}}')

per_request = max(1, args.batch)
requests_total = (args.count + per_request - 1) // per_request
lock = threading.Lock()
next_request = 0
t_start = None
ids, accept_lat, failures = [], [], []
retries = 0
t_first = None
t_last = None


def message(i, t0):
    return MESSAGE % (i, t0)


class Connection:
    """One keep-alive HTTP/1.1 connection: request() sends a request and returns (status, headers, body)."""

    def __init__(self):
        self.sock = socket.create_connection((url.hostname, url.port), timeout=args.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def request(self, path, body):
        self.sock.sendall((HEAD % (path, len(body))).encode() + body)
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for h in lines[1:]:
            name, _, value = h.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" not in headers:
            raise OSError("answer without Content-Length: %r" % head[:200])
        n = int(headers["content-length"])
        while len(self.buf) < n:
            self._fill()
        body, self.buf = self.buf[:n], self.buf[n:]
        return status, headers, body

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise OSError("connection closed by the server")
        self.buf += chunk

    def close(self):
        self.sock.close()


def take():
    """The next request number and, when paced, the time it is due (perf_counter); None when all are taken."""
    global next_request
    with lock:
        if next_request >= requests_total or failures:
            return None
        k = next_request
        next_request += 1
    return k, (t_start + k * per_request / args.rate) if args.rate > 0 else None


def worker():
    global retries, t_first, t_last
    try:
        conn = Connection()
    except OSError as e:
        with lock:
            failures.append("connect: %r" % e)
        return
    while True:
        got = take()
        if got is None:
            break
        k, due = got
        if due is not None:
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
        first = k * per_request
        n = min(per_request, args.count - first)
        while True:
            t0 = time.time_ns()
            if args.batch:
                path, data = "/v1/send/batch", "[" + ",".join(message(first + j, t0) for j in range(n)) + "]"
            else:
                path, data = "/v1/send", message(first, t0)
            try:
                p0 = time.perf_counter()
                status, headers, answer = conn.request(path, data.encode())
                p1 = time.perf_counter()
            except (OSError, ValueError, IndexError) as e:
                with lock:
                    failures.append("request %d: %r" % (k, e))
                return
            if status == 429:
                with lock:
                    retries += 1
                time.sleep(float(headers.get("retry-after") or 1))
                continue
            if status != 202:
                with lock:
                    failures.append("request %d: HTTP %d %s" % (k, status, answer[:300].decode(errors="replace")))
                return
            got_ids = json.loads(answer).get("ids") if args.batch else [json.loads(answer)["id"]]
            done = time.time_ns()
            with lock:
                ids.extend(got_ids)
                accept_lat.append(p1 - p0)
                t_first = t0 if t_first is None or t0 < t_first else t_first
                t_last = done if t_last is None or done > t_last else t_last
            break
    conn.close()


def pct(values, p):  # nearest rank, ms
    v = sorted(values)
    if not v:
        return float("nan")
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k] * 1000.0


t_start = time.perf_counter()
threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, args.concurrency))]
for t in threads:
    t.start()
for t in threads:
    t.join()
if args.ids:
    with open(args.ids, "w") as f:
        f.write("\n".join(ids) + "\n")
if failures:
    print("egress_load: %d failure(s), first: %s" % (len(failures), failures[0]), file=sys.stderr)
    sys.exit(1)
if len(ids) != args.count:
    print("egress_load: %d ids for %d messages" % (len(ids), args.count), file=sys.stderr)
    sys.exit(1)
ru = resource.getrusage(resource.RUSAGE_SELF)
print("%d %d %d %d %.2f %.2f %d %.0f" % (len(ids), len(accept_lat), t_first, t_last, pct(accept_lat, 50),
                                         pct(accept_lat, 99), retries, (ru.ru_utime + ru.ru_stime) * 1000))
