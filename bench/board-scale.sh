#!/usr/bin/env bash
# Load time of 12 boards (ratio, wins, net x all time, a campaign, its last hour, a 3-game campaign) as
# stored history grows, spins loaded through the ingestor's DuckDB sink; baseline: the same board read
# from every raw spin, in the same run. Usage: bench/board-scale.sh [sizes, default 1000000,10000000] [players, default 100000]
# [all|model, default all: every player has played at every size, or only those the skewed model drew].
# Each board is checked equal to the raw-spin board, entry for entry, at every size. Boards are loaded as deep as
# the web loads them at each reload (1,000); JAVA_TOOL_OPTIONS=-Dboard-scale.depth=10000 for the deep pages' copy,
# -Dboard-scale.memory-mb and -Dboard-scale.block-size for DuckDB's limit and a new file's block size.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx2g -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.BoardScaleBench "$@"
