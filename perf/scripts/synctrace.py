#!/usr/bin/env python3
"""Summarises a trace written by a server built with perf/scripts/synctrace.patch (measurement only).

usage: synctrace.py TRACE [SECONDS]   (SECONDS: the last so many seconds of the trace, default 22: the paced phase of rate runs)
Lines: "S start end batches" per log sync of the settlement writer's syncer, "C start copied flushed log copied" per
background checkpoint pass (Stopwatch timestamps, ns on Linux). Prints syncs per second, batches per sync, the sync's
duration alone and when it overlapped the checkpointer's fsync of the database, and the checkpoint's copy and fsync.
"""
import sys

def q(values, p):
    return values[int(p * (len(values) - 1))] if values else float('nan')

syncs, checkpoints = [], []
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == 'S' and len(f) == 4:
        syncs.append((int(f[1]), int(f[2]), int(f[3])))
    elif f[0] == 'C' and len(f) == 6:
        checkpoints.append(tuple(int(x) for x in f[1:]))
window = float(sys.argv[2]) if len(sys.argv) > 2 else 22.0
start = syncs[-1][1] - window * 1e9
syncs = [s for s in syncs if s[0] > start]
checkpoints = [c for c in checkpoints if c[0] > start]
flushes = [(c[1], c[2]) for c in checkpoints if c[2] > c[1]]

def overlaps(s):
    return any(a < s[1] and b > s[0] for a, b in flushes)

ms = lambda a, b: (b - a) / 1e6
alone = sorted(ms(s[0], s[1]) for s in syncs if not overlaps(s))
during = sorted(ms(s[0], s[1]) for s in syncs if overlaps(s))
every = sorted(ms(s[0], s[1]) for s in syncs)
slow = [s for s in syncs if ms(s[0], s[1]) > 3]
print(f"syncs {len(syncs) / window:.0f}/s, {sum(s[2] for s in syncs) / len(syncs):.2f} batches each; "
      f"ms p50 {q(every, .5):.2f} p95 {q(every, .95):.2f} p99 {q(every, .99):.2f} max {every[-1]:.1f}")
print(f"  alone ({len(alone)}): p50 {q(alone, .5):.2f} p95 {q(alone, .95):.2f}; "
      f"during the checkpointer's fsync ({len(during)}): p50 {q(during, .5):.2f} p95 {q(during, .95):.2f}; "
      f"above 3 ms: {len(slow)}, {sum(overlaps(s) for s in slow)} of them during one")
copy = sorted(ms(c[0], c[1]) for c in checkpoints)
fsync = sorted(ms(a, b) for a, b in flushes)
print(f"checkpoints {len(checkpoints) / window:.0f}/s: copy p50 {q(copy, .5):.2f} ms; fsync p50 {q(fsync, .5):.2f} "
      f"p95 {q(fsync, .95):.2f} max {fsync[-1] if fsync else 0:.1f} ms; log up to {max(c[3] for c in checkpoints)} pages")
