#!/usr/bin/env python3
"""Turns bench/run.sh's summary.tsv into a Markdown table (means of the runs) and the target ratios."""
import csv
import sys
from collections import OrderedDict
from statistics import mean

rows = OrderedDict()
with open(sys.argv[1]) as f:
    for r in csv.DictReader(f, delimiter="\t"):
        rows.setdefault((r["scenario"], int(r["conns"])), []).append(r)

stats = {}
print("| scenario | conns | req/s | p50 ms | p99 ms | errors | server CPU µs/req |")
print("|---|---:|---:|---:|---:|---:|---:|")
for (name, conns), runs in rows.items():
    s = {k: mean(float(r[k]) for r in runs) for k in ("rps", "p50_us", "p99_us", "cpu_us_per_req")}
    s["errors"] = sum(int(r["errors"]) for r in runs)
    stats[(name, conns)] = s
    print(f"| {name} | {conns} | {s['rps']:,.0f} | {s['p50_us'] / 1000:.3f} | {s['p99_us'] / 1000:.2f} "
          f"| {s['errors']} | {s['cpu_us_per_req']:.1f} |")

TARGET_CONNS = 64  # the targets are stated at 64 connections; other counts are shown for information


def ratio(label, a, b, key, conns, target, higher_is_better=True):
    """Prints `LABEL at c=N: X.XX (target >= T)`, the ratio of scenario a to scenario b, when both ran."""
    a, b = (a, conns), (b, conns)
    if a in stats and b in stats and stats[b][key] > 0:
        value = stats[a][key] / stats[b][key]
        bound = f"target {'>=' if higher_is_better else '<='} {target}"
        if conns == TARGET_CONNS:
            ok = value >= target if higher_is_better else value <= target
            bound += f": {'met' if ok else 'NOT met'}"
        else:
            bound += f" at c={TARGET_CONNS}; informational here"
        print(f"- {label} at c={conns}: {value:.2f} ({bound})")


print()
for c in sorted({conns for _, conns in stats}, key=lambda n: (n != TARGET_CONNS, n)):
    ratio("kiln/workerd req/s", "kiln-hello", "workerd-hello", "rps", c, 4)
    ratio("kiln/helidon-raw CPU us per request", "kiln-hello", "helidon-raw", "cpu_us_per_req", c, 2, False)
    ratio("kiln/workerd KV get req/s", "kiln-kv-get", "workerd-kv-get", "rps", c, 5)
    d1, raw = ("kiln-d1-get", c), ("sqlite-raw-d1-get", c)
    if d1 in stats and raw in stats and stats[raw]["rps"] > 0 and stats[raw]["cpu_us_per_req"] > 0:
        print(f"- kiln/raw sqlite-jdbc D1 point query at c={c}: req/s {stats[d1]['rps'] / stats[raw]['rps']:.2f}, "
              f"server CPU us per request {stats[d1]['cpu_us_per_req'] / stats[raw]['cpu_us_per_req']:.2f} (no target; informational)")
    ratio("kiln/workerd DO counter (one object) req/s", "kiln-do-counter", "workerd-do-counter", "rps", c, 5)
    ratio("kiln/workerd DO counter (10,000 objects) req/s", "kiln-do-spread", "workerd-do-spread", "rps", c, 1)
    router, stub = ("router-chat", c), ("stub-chat", c)
    if router in stats and stub in stats:
        added50 = (stats[router]["p50_us"] - stats[stub]["p50_us"]) / 1000
        added99 = (stats[router]["p99_us"] - stats[stub]["p99_us"]) / 1000
        verdict = f" (target < 1 ms: {'met' if added50 < 1 else 'NOT met'})" if c == TARGET_CONNS else ""
        print(f"- zeptoclaw-router added latency at c={c}: p50 **{added50:.3f} ms**{verdict}, p99 {added99:.2f} ms; "
              f"throughput router/stub **{stats[router]['rps'] / stats[stub]['rps']:.2f}**")
    app = ("superinstance-escalate", c)
    if app in stats and stub in stats:
        added50 = (stats[app]["p50_us"] - stats[stub]["p50_us"]) / 1000
        added99 = (stats[app]["p99_us"] - stats[stub]["p99_us"]) / 1000
        verdict = f" (target <= 2 ms: {'met' if added50 <= 2 else 'NOT met'})" if c == TARGET_CONNS else ""
        print(f"- superinstance-cloud escalate added latency at c={c}: p50 **{added50:.3f} ms**{verdict}, p99 {added99:.2f} ms; "
              f"server CPU us per request {stats[app]['cpu_us_per_req']:.0f} (stub alone {stats[stub]['cpu_us_per_req']:.0f})")
