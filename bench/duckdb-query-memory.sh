#!/usr/bin/env bash
# What DuckDB keeps outside its buffer manager when the board is queried again and again on a table that does
# not change (see DuckDbQueryMemoryBench): the board, against SELECT 1 on fresh connections as the baseline,
# each in its own JVM. Usage: bench/duckdb-query-memory.sh [seconds per mode, default 180] [spins, default 3000000]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx256m -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.DuckDbQueryMemoryBench "$@"
