#!/usr/bin/env bash
# procstats.sh PORT [DELAY] : during a run, after DELAY seconds (default 22: inside the paced phase of a rate run),
# samples 10 s of the machine's CPU split (/proc/stat), every process's context switches, and the run-queue wait of the
# server's threads (/proc/PID/task/*/schedstat: time on a processor, time runnable but waiting, slices).
# Start it in the background just before replay.sh; it prints when done.
set -uo pipefail
port=$1; sleep "${2:-22}"
pid=$(for p in $(pgrep -f Nankang.Health.Api.dll); do grep -q "ASPNETCORE_URLS=http://127.0.0.1:$port" /proc/$p/environ 2>/dev/null && echo $p; done | head -1)
[ -n "$pid" ] || { echo "procstats: no server on port $port" >&2; exit 1; }
ctx() { for t in /proc/[0-9]*/task/[0-9]*; do awk -v p="$(cat ${t%/task/*}/comm 2>/dev/null)" -v c="$(cat $t/comm 2>/dev/null)" -v t="$t" \
  '/^voluntary_ctxt_switches/{v=$2} /^nonvoluntary_ctxt_switches/{n=$2} END{print t "\t" v+n "\t" p "\t" c}' $t/status 2>/dev/null; done; }
sched() { for t in /proc/$pid/task/*; do printf '%s\t%s\n' "$(cat $t/comm)" "$(cat $t/schedstat)"; done; }
grep '^cpu ' /proc/stat > /tmp/procstats.cpu.a; ctx > /tmp/procstats.ctx.a; sched > /tmp/procstats.sched.a
sleep 10
grep '^cpu ' /proc/stat > /tmp/procstats.cpu.b; ctx > /tmp/procstats.ctx.b; sched > /tmp/procstats.sched.b
python3 - <<'PY'
import collections
a = list(map(int, open('/tmp/procstats.cpu.a').read().split()[1:])); b = list(map(int, open('/tmp/procstats.cpu.b').read().split()[1:]))
d = [y - x for x, y in zip(a, b)]; total = sum(d)
names = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guest_nice']
print('machine: ' + ', '.join(f'{n} {100 * v / total:.1f} %' for n, v in zip(names, d) if v))
def ctx(path):
    out = {}
    for line in open(path):
        f = line.rstrip('\n').split('\t')
        if len(f) == 4: out[f[0]] = (int(f[1]), f[2], f[3])
    return out
A, B = ctx('/tmp/procstats.ctx.a'), ctx('/tmp/procstats.ctx.b')
by = collections.Counter()
for t, (n, proc, comm) in B.items():
    by[(proc, comm)] += n - A.get(t, (0,))[0]
print(f'context switches: {sum(by.values()) / 10:,.0f}/s; most:')
for (proc, comm), n in by.most_common(6): print(f'  {n / 10:>9,.0f}/s {proc} / {comm}')
def sched(path):
    out = collections.defaultdict(lambda: [0, 0, 0])
    for line in open(path):
        comm, stats = line.rstrip('\n').split('\t')
        for i, v in enumerate(map(int, stats.split())): out[comm][i] += v
    return out
A, B = sched('/tmp/procstats.sched.a'), sched('/tmp/procstats.sched.b')
rows = [(k, *[B[k][i] - A.get(k, [0, 0, 0])[i] for i in range(3)]) for k in B]
print('server threads, 10 s: on a processor / runnable but waiting / slices')
for comm, run, wait, slices in sorted(rows, key=lambda r: -r[1]):
    if run or wait: print(f'  {comm:<24} {run / 1e6:>8.0f} ms {wait / 1e6:>8.0f} ms {slices:>8}')
print(f'  {"all":<24} {sum(r[1] for r in rows) / 1e6:>8.0f} ms {sum(r[2] for r in rows) / 1e6:>8.0f} ms {sum(r[3] for r in rows):>8}')
PY
