"""Figures for the benchmark scripts' Python runs, in the same "key value" lines as the JVM's.

Sample(roots).report(key, size) prints "<key> <MiB/s>", "<key>-cpu <s/GiB>" (this process's CPU
time per GiB moved) and, when server pids are given (BENCH_SERVER_PIDS, comma-separated),
"<key>-server-cpu <s/GiB>" (those processes' and their descendants' CPU time per GiB).
"""

import os
import time

_TICK = os.sysconf('SC_CLK_TCK')


def server_pids():
    return [int(p) for p in os.environ.get('BENCH_SERVER_PIDS', '').replace(',', ' ').split()]


def _processes():
    found = {}
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % name) as f:
                line = f.read()
        except OSError:
            continue
        fields = line[line.rindex(')') + 2:].split()
        found[int(name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return found


def tree_cpu_seconds(roots):
    """CPU seconds of the given processes and of their living descendants."""
    procs = _processes()
    members = set(r for r in roots if r in procs)
    grown = True
    while grown:
        grown = False
        for pid, (ppid, _) in procs.items():
            if pid not in members and ppid in members:
                members.add(pid)
                grown = True
    return sum(procs[p][1] for p in members) / float(_TICK)


class Sample(object):
    """Wall clock and CPU counters at the start of one transfer."""

    def __init__(self, roots):
        self.roots = roots
        self.server = tree_cpu_seconds(roots) if roots else 0.0
        self.own = time.process_time()
        self.wall = time.monotonic()

    def report(self, key, size):
        wall = time.monotonic() - self.wall
        own = time.process_time() - self.own
        gib = size / float(1 << 30)
        print('%s %.0f' % (key, size / float(1 << 20) / wall), flush=True)
        print('%s-cpu %.2f' % (key, own / gib), flush=True)
        if self.roots:
            print('%s-server-cpu %.2f' % (key, (tree_cpu_seconds(self.roots) - self.server) / gib), flush=True)
