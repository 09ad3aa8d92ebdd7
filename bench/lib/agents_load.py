#!/usr/bin/env python3
"""SMTP load client of bench/agents: sends N messages over M agent instances with S concurrent SMTP sessions.

Message j goes to echo+<prefix><i>@<domain> (instance <prefix><i>) and carries a sequence number: the k-th message
to an instance has seq=k. The messages of all instances are interleaved in a shuffled order (fixed seed), so an
instance's consecutive messages are sometimes seconds apart and sometimes back to back. Each instance belongs to
one session (instance number mod S) and a session sends its messages one after the other on one reused connection,
so the order in which ingress accepted (250) an instance's messages is its seq order: the per-instance order the
stack must keep.

Closed loop by default (each session sends its next message as soon as the previous one got its 250); --rate R
paces the messages (open loop: message j of the global order is due at start + j/R seconds; a late one is sent at
once, never skipped).

Every message has a text body starting with one line the sink side reads back from the quoted text of the echo
agent's reply (bench/lib/agents_sink.py):
  bench case=<case> key=<instance>/<seq> seq=<seq> t0=<epoch ns>
followed by filler lines up to about --size octets, and the header X-Bench-T0: <epoch ns>. t0 is the wall clock
taken just before the message content is written (after DATA's 354), i.e. just before "<CRLF>.<CRLF>"; the accept
latency is the time from writing the content to reading the final reply (the 250), as bench/lib/latency_probe.py.

Writes --keys-out: one line per accepted message "key t0_ns accepted_ns". A refused message (4xx/5xx) or a network
error is counted and reported (the run fails unless --allow-failures); a broken connection is reopened.
Prints one line: "accepted failures t_first_ns t_last_ns accept_p50_ms accept_p99_ms"

usage: agents_load.py --port P --count N --instances M [--sessions S] [--rate R] [--prefix c] [--case closed]
                      [--size 1024] [--from load@bench.test] [--domain agents.localhost] [--agent echo]
                      [--keys-out FILE] [--seed 1]
"""
import argparse, collections, email.utils, random, smtplib, socket, sys, threading, time, uuid

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--count", type=int, required=True)
ap.add_argument("--instances", type=int, required=True)
ap.add_argument("--sessions", type=int, default=20)
ap.add_argument("--rate", type=float, default=0.0, help="messages per second, paced (0 = as fast as possible)")
ap.add_argument("--prefix", default="c", help="instance names are <prefix><number>")
ap.add_argument("--case", default="bench")
ap.add_argument("--size", type=int, default=1024)
ap.add_argument("--from", dest="sender", default="load@bench.test")
ap.add_argument("--domain", default="agents.localhost")
ap.add_argument("--agent", default="echo")
ap.add_argument("--keys-out", default=None)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--timeout", type=float, default=120.0)
ap.add_argument("--allow-failures", action="store_true")
args = ap.parse_args()

instances = max(1, min(args.instances, args.count))
sessions = max(1, min(args.sessions, instances))

# The global order: every instance gets count/instances messages (the first count % instances get one more),
# shuffled; seq numbers are given in order of appearance.
slots = [i % instances for i in range(args.count)]
random.Random(args.seed).shuffle(slots)
seen = collections.Counter()
plan = [[] for _ in range(sessions)]  # per session: (global index, instance, seq)
for j, i in enumerate(slots):
    seen[i] += 1
    plan[i % sessions].append((j, i, seen[i]))

filler_line = ("0123456789" * 7) + "\r\n"
filler = filler_line * max(0, (args.size - 200) // len(filler_line))
hostname = socket.gethostname()

lock = threading.Lock()
records, accept_lat, failures = [], [], []
t_start = None


def content(instance, seq, t0):
    key = "%s%d/%d" % (args.prefix, instance, seq)
    to = "%s+%s%d@%s" % (args.agent, args.prefix, instance, args.domain)
    head = ("From: Bench load <%s>\r\nTo: <%s>\r\nSubject: bench %s %s\r\nDate: %s\r\nMessage-ID: <%s@bench.test>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n"
            "X-Bench-Case: %s\r\nX-Bench-T0: %d\r\n\r\n"
            % (args.sender, to, args.case, key, email.utils.formatdate(t0 / 1e9), uuid.uuid4().hex, args.case, t0))
    body = "bench case=%s key=%s seq=%d t0=%d\r\n%s" % (args.case, key, seq, t0, filler)
    return key, to, (head + body).encode("ascii")


class Session:
    def __init__(self):
        self.s = None

    def open(self):
        self.close()
        self.s = smtplib.SMTP(args.host, args.port, local_hostname="bench.test", timeout=args.timeout)
        self.s.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        code, msg = self.s.ehlo()
        if code != 250:
            raise smtplib.SMTPResponseException(code, msg)

    def close(self):
        if self.s is not None:
            try:
                self.s.close()
            except OSError:
                pass
            self.s = None

    def send(self, instance, seq):
        """One transaction; returns (key, t0_ns, accepted_ns, accept_latency_s) or raises."""
        if self.s is None:
            self.open()
        s = self.s
        to = "%s+%s%d@%s" % (args.agent, args.prefix, instance, args.domain)
        code, msg = s.mail(args.sender)
        if code != 250:
            s.rset()
            raise smtplib.SMTPSenderRefused(code, msg, args.sender)
        code, msg = s.rcpt(to)
        if code not in (250, 251):
            s.rset()
            raise smtplib.SMTPRecipientsRefused({to: (code, msg)})
        s.putcmd("data")
        code, msg = s.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, msg)
        t0 = time.time_ns()
        key, _, data = content(instance, seq, t0)
        p0 = time.perf_counter()
        s.send(data + b".\r\n")  # data ends with CRLF; no line starts with "." (no dot-stuffing needed)
        code, msg = s.getreply()
        p1 = time.perf_counter()
        done = time.time_ns()
        if code != 250:
            raise smtplib.SMTPDataError(code, msg)
        return key, t0, done, p1 - p0


def worker(items):
    sess = Session()
    for j, instance, seq in items:
        with lock:
            if failures and not args.allow_failures:
                break
        if args.rate > 0:
            delay = t_start + j / args.rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
        try:
            key, t0, done, lat = sess.send(instance, seq)
        except (OSError, smtplib.SMTPException) as e:
            with lock:
                failures.append("%s%d/%d: %r" % (args.prefix, instance, seq, e))
            # the transaction's state is unknown: a new connection for the next message
            sess.close()
            continue
        with lock:
            records.append((key, t0, done))
            accept_lat.append(lat)
    try:
        if sess.s is not None:
            sess.s.quit()
    except (OSError, smtplib.SMTPException):
        pass
    sess.close()


def pct(values, p):  # nearest rank, ms
    v = sorted(values)
    if not v:
        return float("nan")
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k] * 1000.0


t_start = time.perf_counter()
threads = [threading.Thread(target=worker, args=(plan[k],), daemon=True) for k in range(sessions)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if args.keys_out:
    with open(args.keys_out, "w") as f:
        f.write("".join("%s %d %d\n" % r for r in records))
if failures:
    print("agents_load: %d message(s) not accepted, first: %s" % (len(failures), failures[0]), file=sys.stderr)
    if not args.allow_failures:
        sys.exit(1)
if not records:
    print("agents_load: nothing accepted", file=sys.stderr)
    sys.exit(1)
print("%d %d %d %d %.2f %.2f" % (len(records), len(failures), min(r[1] for r in records), max(r[2] for r in records),
                                 pct(accept_lat, 50), pct(accept_lat, 99)))
