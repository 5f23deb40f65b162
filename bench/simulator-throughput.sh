#!/usr/bin/env bash
# Spins/s from the game simulator into the embedded broker, as a ratio to Kafka's own
# ProducerPerformance (kafka-producer-perf-test) on the same broker, same settings and payloads, in the
# same run; then how closely a paced run holds its rate.
# Usage: bench/simulator-throughput.sh [events per run, default 1000000] [paced rate, default 50000]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx1g -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.SimulatorThroughputBench "$@"
