#!/usr/bin/env bash
# Events/s from Kafka into DuckDB by the ingestor, as a ratio to a plain consumer that only reads the
# same topic from the same embedded broker in the same run. Usage: bench/ingest-duckdb.sh [events]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx1g -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.IngestThroughputBench "$@"
