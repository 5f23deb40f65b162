#!/usr/bin/env bash
# Events/s from Kafka into the ADX double by the ingestor through the Kusto SDK, per mode (streaming,
# direct, queued via Azurite), as a ratio to a plain consumer reading the same topic in the same run.
# Usage: bench/ingest-adx.sh [events] [modes, e.g. streaming,direct] [batch sizes, e.g. 1000,10000,20000]
# Queued needs Azurite: (cd adx-double/azurite && npm ci) first.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx1g -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.AdxIngestBench "$@"
