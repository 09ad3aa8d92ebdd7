#!/usr/bin/env python3
"""Concurrent REST client for egress-sender's send API (helper of bench/egress).

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
import argparse, http.client, json, resource, sys, threading, time, urllib.parse

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
auth = {"Authorization": "Bearer " + args.key, "Content-Type": "application/json", "Accept": "application/json"}

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
    return {"from": args.sender, "to": args.to, "subject": "bench %s %d" % (args.case, i), "text": body_text,
            "headers": {"X-Bench-Case": args.case, "X-Bench-T0": str(t0)}}


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
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=args.timeout)
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
                path, payload = "/v1/send/batch", [message(first + j, t0) for j in range(n)]
            else:
                path, payload = "/v1/send", message(first, t0)
            data = json.dumps(payload).encode()
            try:
                p0 = time.perf_counter()
                conn.request("POST", path, body=data, headers=auth)
                resp = conn.getresponse()
                answer = resp.read()
                p1 = time.perf_counter()
            except (OSError, http.client.HTTPException) as e:
                with lock:
                    failures.append("request %d: %r" % (k, e))
                return
            if resp.status == 429:
                with lock:
                    retries += 1
                time.sleep(float(resp.getheader("Retry-After") or 1))
                continue
            if resp.status != 202:
                with lock:
                    failures.append("request %d: HTTP %d %s" % (k, resp.status, answer[:300].decode(errors="replace")))
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
