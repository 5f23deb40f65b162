#!/usr/bin/env bash
# What grows DuckDB's file under concurrent (pinned) checkpoints (see DuckDbFileGrowthBench): the same rollup rows
# kept by append only (baseline), by DELETE + INSERT merges as rollup-compact.sql, and in two tail tables dropped in
# turn. Prints each one's file size and used blocks, and the ratio to append. Sizes, not times.
# Usage: bench/duckdb-file-growth.sh [batches, default 3000] [rows per batch, default 1000] [batches per bin, default 60]
#        [merge every, default 10] [checkpoint every, default 50]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx256m -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.DuckDbFileGrowthBench "$@"
