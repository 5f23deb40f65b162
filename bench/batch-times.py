#!/usr/bin/env python3
"""Where a soak's ingest batches lost their time, from the runner's log at LOG_LEVEL=DEBUG (DuckDB sink).

Pairs each batch ("Stored N spins in X ms: reads .., appends .., rollups .., offsets .., commit ..") with the
background checkpoints ("Checkpointed DuckDB (...) in N ms"): a batch overlapped one when their spans (end time
in the log line, less its duration) cross. Prints the checkpoints' times, then the batches that overlapped one
against those that did not, with each part of a batch; split by pinned and unpinned checkpoints when the log says
which (see Checkpoints).

With a third argument, also the p50 of each batch part per stretch of that many seconds, from the first batch on:
what grows over a long run (session 12's 2-hour soak: the reads, 23 to 99 ms), with the campaigns' check
within the reads where the log names it.

Usage: bench/batch-times.py bench/target/chaos/soak-*/embedded-runner.log [seconds of warm-up to skip, default 120]
       [seconds per stretch]
"""
import re
import sys

from soaklog import percentile, seconds

BATCH = re.compile(r'(\S+) .*Stored (\d+) spins in (\d+) ms: reads (\d+) ms(?: \(campaigns (\d+) ms\))?, appends (\d+) ms, '
                   r'rollups (\d+) ms, offsets (\d+) ms, commit (\d+) ms')
CHECKPOINT = re.compile(r'(\S+) .*Checkpointed DuckDB \((\d+) spins[^)]*?(, (?:un)?pinned)?\) in (\d+) ms')
PARTS = ("reads", "appends", "rollups", "offsets", "commit")


def main():
    log, skip = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 120
    checkpoints, batches = [], []
    with open(log, encoding='utf-8', errors='replace') as lines:
        for line in lines:
            if m := CHECKPOINT.match(line):
                end = seconds(m.group(1))
                kind = (m.group(3) or '').lstrip(', ') or 'checkpoint'
                checkpoints.append((end - int(m.group(4)) / 1000, end, kind))
            elif m := BATCH.match(line):
                end, millis = seconds(m.group(1)), int(m.group(3))
                campaigns = int(m.group(5)) if m.group(5) else None
                batches.append((end - millis / 1000, end, millis, [int(m.group(i)) for i in (4, 6, 7, 8, 9)], campaigns))
    if not batches:
        sys.exit(f"{log}: no batch lines; run the soak with LOG_LEVEL=DEBUG")
    first = batches[0][0]
    batches = [b for b in batches if b[0] - first > skip]
    checkpoints = [c for c in checkpoints if c[0] - first > skip]
    kinds = sorted({c[2] for c in checkpoints})
    for kind in kinds:
        millis = [(c[1] - c[0]) * 1000 for c in checkpoints if c[2] == kind]
        print(f"{kind + ' checkpoints' if kind != 'checkpoint' else 'checkpoints':20} n={len(millis)} p50 {percentile(millis, 50):.0f} p90 {percentile(millis, 90):.0f} "
              f"max {max(millis, default=0):.0f} ms")
    groups = []
    for kind in kinds:
        chosen = [b for b in batches if any(c[2] == kind and c[0] < b[1] and c[1] > b[0] for c in checkpoints)]
        groups.append((f"overlap {kind}" if len(kinds) > 1 else "overlap", chosen))
    overlapping = {id(b) for _, chosen in groups for b in chosen}
    groups.append(("no overlap", [b for b in batches if id(b) not in overlapping]))
    for name, chosen in groups:
        times = [b[2] for b in chosen]
        print(f"{name:18} n={len(times)} p50 {percentile(times, 50)} p90 {percentile(times, 90)} "
              f"p99 {percentile(times, 99)} max {max(times, default=0)} ms; >=1s: {sum(t >= 1000 for t in times)}")
        for i, part in enumerate(PARTS):
            values = [b[3][i] for b in chosen]
            print(f"    {part:8} p50 {percentile(values, 50)} p99 {percentile(values, 99)} max {max(values, default=0)}")
    if len(sys.argv) > 3:
        per_stretch(batches, first, float(sys.argv[3]))


def per_stretch(batches, first, width):
    """The p50 of each batch and of each of its parts, per stretch of width seconds since the first batch."""
    stretches = {}
    for batch in batches:
        stretches.setdefault(int((batch[0] - first) // width), []).append(batch)
    print(f"per {width:.0f} s, p50 ms: batch, " + ", ".join(PARTS))
    for index in sorted(stretches):
        chosen = stretches[index]
        parts = [f"{part} {percentile([b[3][i] for b in chosen], 50)}" for i, part in enumerate(PARTS)]
        campaigns = [b[4] for b in chosen if b[4] is not None]
        if campaigns:
            parts[0] += f" (campaigns {percentile(campaigns, 50)})"
        parts = " ".join(parts)
        print(f"    from {index * width:5.0f} s  n={len(chosen):5} batch {percentile([b[2] for b in chosen], 50)}  {parts}")


if __name__ == '__main__':
    main()
