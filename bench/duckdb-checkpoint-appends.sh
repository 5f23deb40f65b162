#!/usr/bin/env bash
# Whether a DuckDB checkpoint on another connection holds up the ingestor's appends (see DuckDbCheckpointAppendBench):
# appends that overlapped a checkpoint against those that did not, same run. Quiet machine.
# Usage: bench/duckdb-checkpoint-appends.sh [batches, default 1000] [spins per checkpoint, default 50000]
#        [other rows per checkpoint, default 0] [readers, default 0] [upsert|insert-only, default insert-only]
#        [pin|nopin, default nopin: pin keeps a read transaction open from one checkpoint to the next, as Checkpoints does]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx256m -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.DuckDbCheckpointAppendBench "$@"
