#!/usr/bin/env python3
"""Waits for the echo agent's replies at a Postfix smtp-sink (smtp-sink -d: one file per message, mtime = time the
sink read the final "."), checks them against what the load client sent, and reports (helper of bench/agents).

KEYS is bench/lib/agents_load.py's --keys-out file: "key t0_ns accepted_ns" per accepted message, key =
<instance>/<seq>. A reply of the echo agent has a text body "instance=<instance> count=<n>" followed by the quoted
text of the message, whose first line is "bench case=<case> key=<instance>/<seq> seq=<seq> t0=<ns>".

Waits until DIR holds as many new files (not listed in KNOWN, the files of earlier phases) as KEYS has lines, fails
when nothing new arrived for --stall seconds or after --timeout seconds (then reports what is there), waits
--settle seconds more for late duplicates, reads the new files and appends their names to KNOWN.

Checks, per reply: its key is one that was sent (else "unknown"), its key was not answered before (else
"duplicate"), count == seq (else "order": the instance saw its messages out of order, lost one or processed one
twice). Per sent key without a reply: "missing". Files that are no echo reply of this case: "other".

Prints one line:
  "replies missing duplicate order unknown other first_t0_ns last_mtime_ns p50_ms p99_ms max_ms"
end-to-end latency = reply file mtime - t0 of the message it answers. --lat-out FILE gets them in microseconds;
--problems FILE lists the failed checks (one per line).

usage: agents_sink.py DIR KNOWN KEYS CASE [--timeout S] [--stall S] [--settle S] [--lat-out F] [--problems F]
"""
import argparse, email, email.policy, os, re, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("known")
ap.add_argument("keys")
ap.add_argument("case")
ap.add_argument("--timeout", type=float, default=900)
ap.add_argument("--stall", type=float, default=60)
ap.add_argument("--settle", type=float, default=2)
ap.add_argument("--lat-out", default=None)
ap.add_argument("--problems", default=None)
args = ap.parse_args()

sent = {}
with open(args.keys) as f:
    for line in f:
        parts = line.split()
        if len(parts) == 3:
            sent[parts[0]] = (int(parts[1]), int(parts[2]))
expect = len(sent)

known = set()
if os.path.exists(args.known):
    with open(args.known) as f:
        known = {x.strip() for x in f if x.strip()}

start = time.monotonic()
last_progress, last_count, stalled, last_print = start, -1, False, start
while True:
    count = sum(1 for n in os.listdir(args.dir) if n not in known)
    now = time.monotonic()
    if count >= expect:
        break
    if count != last_count:
        last_count, last_progress = count, now
    if now - last_print >= 15:
        last_print = now
        print("agents_sink: %s: %d of %d replies at the sink after %.0f s" % (args.case, count, expect, now - start),
              file=sys.stderr)
    if now - last_progress > args.stall or now - start > args.timeout:
        print("agents_sink: %s: %d of %d replies at the sink after %.0f s (no new one for %.0f s)"
              % (args.case, count, expect, now - start, now - last_progress), file=sys.stderr)
        stalled = True
        break
    time.sleep(0.1)

time.sleep(max(0.5, args.settle))  # the last transactions close their files (mtime final); late duplicates arrive
new = [n for n in os.listdir(args.dir) if n not in known]

first_line = re.compile(r"instance=(\S+) count=(\d+)")
quoted = re.compile(r"^> bench case=(\S+) key=(\S+)/(\d+) seq=(\d+) t0=(\d+)", re.M)
answered = set()
lat, problems = [], []
n_replies = n_dup = n_order = n_unknown = n_other = 0
last_mtime = 0
for name in new:
    path = os.path.join(args.dir, name)
    mtime = os.stat(path).st_mtime_ns
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    part = msg.get_body(preferencelist=("plain",)) if msg.is_multipart() else msg
    try:
        text = part.get_content() if part is not None else ""
    except (LookupError, ValueError, AttributeError):
        text = ""
    m1, m2 = first_line.search(text), quoted.search(text)
    if not m1 or not m2 or m2.group(1) != args.case:
        n_other += 1
        problems.append("other %s: not an echo reply of case %s" % (name, args.case))
        continue
    n_replies += 1
    last_mtime = max(last_mtime, mtime)
    instance, count = m1.group(1), int(m1.group(2))
    key = "%s/%s" % (m2.group(2), m2.group(3))
    seq, t0 = int(m2.group(4)), int(m2.group(5))
    if key not in sent:
        n_unknown += 1
        problems.append("unknown %s: reply to %s, which was not sent (or not accepted)" % (name, key))
        continue
    if key in answered:
        n_dup += 1
        problems.append("duplicate %s: second reply to %s" % (name, key))
        continue
    answered.add(key)
    if instance != m2.group(2) or count != seq:
        n_order += 1
        problems.append("order %s: %s answered as instance=%s count=%d" % (name, key, instance, count))
    lat.append(mtime - t0)

missing = sorted(set(sent) - answered)
problems.extend("missing %s" % k for k in missing)

with open(args.known, "a") as f:
    f.write("".join(n + "\n" for n in new))
if args.lat_out:
    with open(args.lat_out, "w") as f:
        f.write("".join("%d\n" % (x // 1000) for x in lat))
if args.problems:
    with open(args.problems, "w") as f:
        f.write("".join(p + "\n" for p in problems))


def pct(values, p):  # nearest rank, ms
    v = sorted(values)
    if not v:
        return "-"
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return "%.1f" % (v[k] / 1e6)


first_t0 = min((t0 for t0, _ in sent.values()), default=0)
print("%d %d %d %d %d %d %d %d %s %s %s" % (
    n_replies, len(missing), n_dup, n_order, n_unknown, n_other, first_t0, last_mtime,
    pct(lat, 50), pct(lat, 99), pct(lat, 100)))
