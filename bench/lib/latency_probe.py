#!/usr/bin/env python3
"""Sequential SMTP accept-latency probe (helper of bench/ingress).

One connection, transactions one after another until SIGTERM/SIGINT (or --count). For each transaction it times
the interval from sending the final "<CRLF>.<CRLF>" of DATA to reading the server's final reply: the time the
server needs to accept responsibility for the message (Mailroom: Kafka ack; Postfix: queue file fsync'd).
Writes one latency in microseconds per line to OUT (flushed as it goes), only for 250 replies; counts others.
A sampler, not a load generator: it pauses --gap-ms (default 10) between transactions, so it adds at most ~100
transactions/s to the load instead of competing as one more closed-loop client.
usage: latency_probe.py HOST PORT OUT SIZE_BYTES [--count N] [--to ADDR] [--gap-ms MS]
"""
import signal, smtplib, socket, sys, time

host, port, out, size = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
count = int(sys.argv[sys.argv.index("--count") + 1]) if "--count" in sys.argv else 0
rcpt = sys.argv[sys.argv.index("--to") + 1] if "--to" in sys.argv else "bench@agents.localhost"
gap = float(sys.argv[sys.argv.index("--gap-ms") + 1]) / 1000 if "--gap-ms" in sys.argv else 0.010
stop = False

def _stop(*_):
    global stop
    stop = True

signal.signal(signal.SIGTERM, _stop)
signal.signal(signal.SIGINT, _stop)

line = ("0123456789" * 7) + "\r\n"          # 72 octets, 7-bit, CRLF
body = line * max(1, size // len(line))

def message(i):
    return ("From: probe@bench.localhost\r\nTo: %s\r\nSubject: latency probe %d\r\n"
            "Message-ID: <probe-%d-%f@bench.localhost>\r\n\r\n" % (rcpt, i, i, time.time()) + body).encode()

def connect():
    s = smtplib.SMTP(host, port, timeout=60)
    # No Nagle: the final "<CRLF>.<CRLF>" goes out at once (else it waits for a delayed ACK, ~40 ms).
    s.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.ehlo("probe.bench.localhost")
    return s

errors = 0
done = 0
with open(out, "w") as f:
    s = connect()
    i = 0
    while not stop and (count == 0 or done < count):
        i += 1
        try:
            code, _ = s.mail("probe@bench.localhost")
            if code != 250: raise smtplib.SMTPException("MAIL %d" % code)
            code, _ = s.rcpt(rcpt)
            if code not in (250, 251): raise smtplib.SMTPException("RCPT %d" % code)
            s.putcmd("data")
            code, _ = s.getreply()
            if code != 354: raise smtplib.SMTPException("DATA %d" % code)
            data = message(i) + b".\r\n"
            head, tail = data[:-5], data[-5:]   # tail = "\r\n.\r\n" (body ends with CRLF)
            s.send(head)
            t0 = time.perf_counter()
            s.send(tail)
            code, _ = s.getreply()
            t1 = time.perf_counter()
            if code == 250:
                f.write("%d\n" % int((t1 - t0) * 1e6)); f.flush(); done += 1
            else:
                errors += 1
            time.sleep(gap)
        except (smtplib.SMTPException, socket.error, OSError):
            errors += 1
            if stop: break
            try: s.close()
            except Exception: pass
            time.sleep(0.05)
            try: s = connect()
            except Exception: time.sleep(0.2)
    try: s.quit()
    except Exception: pass
print("probe: %d accepted, %d errors" % (done, errors), file=sys.stderr)
