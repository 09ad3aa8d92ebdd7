#!/usr/bin/env python3
"""CPU time consumed so far by given processes (helper of bench/agents, bench/ingress and bench/egress), from /proc/<pid>/stat.

usage: proc_cpu.py NAME=PID ...  [NAME=+PID ...]

Prints one line "NAME ms" per argument: the CPU time (utime + stime, all threads) of process PID in milliseconds,
"-" when the process is gone. NAME=+PID counts the whole process tree under PID: PID itself including its reaped
children (cutime + cstime: PostgreSQL's backends that have exited), plus every live descendant (found by parent
pid in /proc/*/stat). Then one line "machine ms": busy CPU time of the whole machine (/proc/stat: all but idle and
iowait), so that a reader can tell how much of the machine the stack used and how much other load there was.
The benches take a snapshot at the start and at the end of each phase and divide the difference by the number of
messages of the phase (case): CPU ms per message, robust to other load on the machine (unlike rates and latencies).
"""
import os, sys

TICK_MS = 1000.0 / os.sysconf("SC_CLK_TCK")


def stat_fields(pid):
    """(ppid, utime, stime, cutime, cstime) in ticks, or None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except OSError:
        return None
    # the command name (field 2) is in parentheses and may contain spaces: split after the last ')'
    rest = s[s.rindex(")") + 2:].split()
    # rest[0] is field 3 (state); field n is rest[n - 3]
    return int(rest[1]), int(rest[11]), int(rest[12]), int(rest[13]), int(rest[14])


def children_map():
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            f = stat_fields(d)
            if f is not None:
                kids.setdefault(f[0], []).append(int(d))
    return kids


def tree_ms(root, kids):
    f = stat_fields(root)
    if f is None:
        return None
    total = f[1] + f[2] + f[3] + f[4]
    todo = list(kids.get(root, []))
    while todo:
        p = todo.pop()
        g = stat_fields(p)
        if g is not None:
            total += g[1] + g[2]  # a live child's own reaped children show up in its cutime only when it exits
            todo.extend(kids.get(p, []))
    return total * TICK_MS


def machine_ms():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal (guest time is already in user)
    return (sum(v[:8]) - v[3] - v[4]) * TICK_MS


def main(argv):
    kids = None
    for a in argv:
        name, _, pid = a.partition("=")
        ms = None
        if pid.startswith("+") and pid[1:].isdigit():
            if kids is None:
                kids = children_map()
            ms = tree_ms(int(pid[1:]), kids)
        elif pid.isdigit():
            f = stat_fields(pid)
            ms = None if f is None else (f[1] + f[2]) * TICK_MS
        print(name, "-" if ms is None else f"{ms:.0f}")
    print("machine", f"{machine_ms():.0f}")


if __name__ == "__main__":
    main(sys.argv[1:])
