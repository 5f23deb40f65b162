#!/usr/bin/env python3
"""Where a soak's probes spent their produced -> visible time, from its probes.tsv and the runner's log at
LOG_LEVEL=DEBUG (embedded runner, DuckDB).

Each probe (a spin sent at a known wall-clock time, then polled for in /api/players until it shows) is matched
with the first batch that started writing after it was sent ("Stored N spins in X ms" lines, which end when the
batch has committed) and with the last load that ended before the probe saw it, of the probe's board ("Loaded
standings BoardQuery[campaignId=Optional[launch-week], ... metric=RATIO ...] in N ms") or of the probe's own place
on it (the web asks the store for a player not among a deep board's best 10,000: "Loaded around Deep[...,
playerId=N, ...]"); a probe whose load started more than 50 ms before its batch ended is left out (it was in an
earlier batch). Its time splits into:
  ingest  sent -> its batch committed (Kafka, the batch's linger, the batches before it, its own write)
  wait    committed -> the board's reload started (the reload's minimum age, the refresher's queue)
  load    the reload itself
  after   the reload ended -> the probe saw it (the poll every 10 ms, HTTP)

Usage: bench/probe-times.py bench/target/chaos/soak-XXXX [seconds of warm-up to skip, default 120] [stretch seconds]
With a stretch (900 for quarter hours), it also prints each part's p50 / p99 per stretch of the run.
"""
import datetime
import re
import sys

from soaklog import percentile, seconds

BATCH = re.compile(r'(\S+) .*Stored (\d+) spins in (\d+) ms')
BOARD = (r'BoardQuery\[campaignId=Optional\[launch-week\], window=Optional.empty, metric=RATIO, '
         r'gameId=Optional.empty\]')
LOAD = re.compile(r'(\S+) .*Loaded (?:standings ' + BOARD + r'|around Deep\[query=' + BOARD
                  + r', playerId=(\d+), neighbours=0\]) in (\d+) ms')
PARTS = ("ingest", "wait", "load", "after", "total")


def main():
    folder, skip = sys.argv[1].rstrip('/'), float(sys.argv[2]) if len(sys.argv) > 2 else 120
    stretch = float(sys.argv[3]) if len(sys.argv) > 3 else None
    batches, loads = [], {None: []}
    with open(folder + '/embedded-runner.log', encoding='utf-8', errors='replace') as lines:
        for line in lines:
            if m := BATCH.match(line):
                end = seconds(m.group(1))
                batches.append((end - int(m.group(3)) / 1000, end))
            elif m := LOAD.match(line):
                end = seconds(m.group(1))
                player = m.group(2) and int(m.group(2))
                loads.setdefault(player, []).append((end - int(m.group(3)) / 1000, end))
    if not loads[None]:
        sys.exit(f"{folder}: no board loads in the runner's log; run the soak with LOG_LEVEL=DEBUG")
    probes = []
    with open(folder + '/probes.tsv', encoding='utf-8') as lines:
        for line in lines:
            player, sent_ms, visible_ms = line.split()
            sent = datetime.datetime.fromtimestamp(int(sent_ms) / 1000)
            at = sent.hour * 3600 + sent.minute * 60 + sent.second + sent.microsecond / 1e6
            probes.append((at, int(visible_ms) / 1000, int(player)))
    first = probes[0][0]
    parts = {name: [] for name in PARTS}
    rows = []
    for sent, visible, player in probes:
        if sent - first < skip:
            continue
        batch = next((b for b in batches if b[0] >= sent), None)
        shown = [l for l in loads[None] + loads.get(player, []) if l[1] <= sent + visible + 0.005]
        load = max(shown, key=lambda l: l[1], default=None)
        if not batch or not load or load[0] < batch[1] - 0.05:
            continue  # unmatched: the probe's batch or load is not in the log, or they disagree (see above)
        split = (batch[1] - sent, load[0] - batch[1], load[1] - load[0], sent + visible - load[1], visible)
        rows.append((sent - first,) + split)
        for name, value in zip(PARTS, split):
            parts[name].append(value * 1000)
    print(f"{len(rows)} of {len(probes)} probes matched (after the first {skip:.0f} s)")
    for name in PARTS:
        values = parts[name]
        print(f"  {name:7} p50 {percentile(values, 50):6.0f}  p90 {percentile(values, 90):6.0f}  "
              f"p99 {percentile(values, 99):6.0f}  max {max(values, default=0):6.0f} ms")
    slowest = sorted(rows, key=lambda r: -r[5])[:max(1, len(rows) // 50)]
    print("the slowest 2 %, ms: " + "; ".join(
        " ".join(f"{n} {v * 1000:.0f}" for n, v in zip(PARTS, r[1:])) for r in slowest))
    if stretch:
        print(f"per {stretch:.0f} s from the first probe, p50 / p99 ms of each part:")
        print("  from   probes  " + "  ".join(f"{n:>11}" for n in PARTS))
        for start in range(0, int(max(r[0] for r in rows) // stretch) + 1):
            inside = [r for r in rows if start * stretch <= r[0] < (start + 1) * stretch]
            if inside:
                cells = ("{:5.0f} /{:5.0f}".format(percentile([r[i] * 1000 for r in inside], 50),
                                                   percentile([r[i] * 1000 for r in inside], 99))
                         for i in range(1, len(PARTS) + 1))
                print(f"  {start * stretch / 60:4.0f}m  {len(inside):6}  " + "  ".join(cells))


if __name__ == '__main__':
    main()
