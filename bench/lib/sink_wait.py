#!/usr/bin/env python3
"""Waits for messages at a Postfix smtp-sink that dumps one file per message (smtp-sink -d), then reports them
(helper of bench/egress).

smtp-sink -d opens a file when a transaction starts and closes it after the final "." of DATA, so a file's mtime is
the time the sink received the end of the message (resolution: the kernel's file timestamps, ~ms).

Waits until DIR holds EXPECT files that are not listed in KNOWN (the files of earlier cases), fails when nothing new
arrived for --stall seconds or after --timeout seconds; lets the last files close, then reads the new ones and
appends their names to KNOWN. Per file it reads the header block: X-Bench-T0 (epoch ns, set by the client just
before its request; bench/lib/egress_load.py), X-Bench-Case, and the a= tags of DKIM-Signature fields.

Prints one line:
  "new first_mtime_ns last_mtime_ns latencies p50_ms p99_ms dkim=<a-tags:count,...> cases=<case:count,...>"
latency = mtime - X-Bench-T0 (only files that carry X-Bench-T0); --lat-out FILE gets them in microseconds.

usage: sink_wait.py DIR KNOWN EXPECT [--timeout S] [--stall S] [--lat-out FILE]
"""
import argparse, collections, os, re, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("known")
ap.add_argument("expect", type=int)
ap.add_argument("--timeout", type=float, default=900)
ap.add_argument("--stall", type=float, default=60)
ap.add_argument("--lat-out", default=None)
args = ap.parse_args()

known = set()
if os.path.exists(args.known):
    with open(args.known) as f:
        known = {x.strip() for x in f if x.strip()}

start = time.monotonic()
last_progress, last_count = start, -1
while True:
    new = [n for n in os.listdir(args.dir) if n not in known]
    now = time.monotonic()
    if len(new) >= args.expect:
        break
    if len(new) != last_count:
        last_count, last_progress = len(new), now
    if now - last_progress > args.stall or now - start > args.timeout:
        print("sink_wait: %d of %d messages at the sink after %.0f s (no new one for %.0f s)"
              % (len(new), args.expect, now - start, now - last_progress), file=sys.stderr)
        sys.exit(1)
    time.sleep(0.05)

time.sleep(0.5)  # the last transactions close their files (mtime final)
new = [n for n in os.listdir(args.dir) if n not in known]
tag = re.compile(rb"\ba=([a-z0-9-]+);")
lat, mtimes = [], []
dkim, cases = collections.Counter(), collections.Counter()
for name in new:
    path = os.path.join(args.dir, name)
    mtime = os.stat(path).st_mtime_ns
    mtimes.append(mtime)
    t0, case, sigs, in_sig = None, "-", [], False
    with open(path, "rb") as f:
        for raw in f:
            line = raw.rstrip(b"\r\n")
            if not line:
                break  # end of the header block (smtp-sink's X-Client-* lines come first, without a blank line)
            if line[:1] in (b" ", b"\t"):
                if in_sig:
                    sigs[-1] += line
                continue
            in_sig = False
            low = line.lower()
            if low.startswith(b"x-bench-t0:"):
                t0 = int(line.split(b":", 1)[1].strip())
            elif low.startswith(b"x-bench-case:"):
                case = line.split(b":", 1)[1].strip().decode()
            elif low.startswith(b"dkim-signature:"):
                sigs.append(line)
                in_sig = True
    cases[case] += 1
    algs = sorted(m.group(1).decode() for s in sigs for m in [tag.search(s)] if m)
    dkim["+".join(algs) if algs else "none"] += 1
    if t0 is not None:
        lat.append(mtime - t0)

with open(args.known, "a") as f:
    f.write("".join(n + "\n" for n in new))
if args.lat_out:
    with open(args.lat_out, "w") as f:
        f.write("".join("%d\n" % (x // 1000) for x in lat))


def pct(values, p):  # nearest rank, ms
    v = sorted(values)
    if not v:
        return "-"
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return "%.1f" % (v[k] / 1e6)


print("%d %d %d %d %s %s dkim=%s cases=%s" % (
    len(new), min(mtimes), max(mtimes), len(lat), pct(lat, 50), pct(lat, 99),
    ",".join("%s:%d" % kv for kv in sorted(dkim.items())), ",".join("%s:%d" % kv for kv in sorted(cases.items()))))
