#!/usr/bin/env bash
# Produced -> visible as stored history grows: the embedded system loaded through its broker with each size
# of history (100,000 players), then 12 boards read concurrently while 2,000 spins/s arrive, and probe spins
# timed until they top the board. Usage: bench/board-freshness.sh [sizes, default 1000000,10000000] [probes, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx2g -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.BoardFreshnessBench "$@"
