#!/usr/bin/env bash
# What DuckDB holds in memory (IN_MEMORY_TABLE) for tables appended to since the last checkpoint, however few the
# rows: N tables of a rollup table's 12 columns, an append to each before and after a checkpoint (see
# DuckDbAppendMemoryBench). Sizes, not times. Usage: bench/duckdb-append-memory.sh [tables, default 25]
# [rows per append, default 10]. Another DuckDB: DUCKDB_VERSION=2.0.0.1 bench/duckdb-append-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests ${DUCKDB_VERSION:+-Dduckdb.version=$DUCKDB_VERSION} package -pl bench -am
exec java -Xmx256m -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.DuckDbAppendMemoryBench "$@"
