#!/usr/bin/env bash
# What DuckDB holds in memory (IN_MEMORY_TABLE) for tables appended to since the last checkpoint, however few the
# rows: N tables of a rollup table's 12 columns, an append to each before and after a checkpoint (see
# DuckDbAppendMemoryBench); per block size (DuckDB's default 256 KiB first), then a big rollup table's file size and
# a board over it. Usage: bench/duckdb-append-memory.sh [tables, default 25] [rows per append, default 10]
# [rows of the big table, default 2000000] [block sizes, default 262144,65536,16384].
# Another DuckDB: DUCKDB_VERSION=2.0.0.1 bench/duckdb-append-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests ${DUCKDB_VERSION:+-Dduckdb.version=$DUCKDB_VERSION} package -pl bench -am
exec java -Xmx512m -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.DuckDbAppendMemoryBench "$@"
