#!/usr/bin/env bash
# Load time of 12 boards (ratio, wins, net x all time, a campaign, its last hour, a 3-game campaign) as
# stored history grows, spins loaded through the ingestor's DuckDB sink; baseline: the same board read
# from every raw spin, in the same run. Usage: bench/board-scale.sh [sizes, default 1000000,10000000] [players, default 100000]
# [all|model, default all: every player has played at every size, or only those the skewed model drew]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx2g -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.BoardScaleBench "$@"
