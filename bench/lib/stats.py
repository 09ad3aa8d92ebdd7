#!/usr/bin/env python3
"""Prints "n p50_ms p99_ms" for a file with one latency in microseconds per line (helper of bench/ingress)."""
import sys
v = sorted(int(x) for x in open(sys.argv[1]) if x.strip())
if not v:
    print("0 - -"); sys.exit(0)
def pct(p):  # nearest rank
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k] / 1000.0
print("%d %.2f %.2f" % (len(v), pct(50), pct(99)))
