#!/usr/bin/env bash
# Fault scenarios with exact accounting (see bench/README.md). Usage:
#   bench/chaos.sh all                     every scenario at full size
#   bench/chaos.sh ingestor-kills bad-input --events 100000
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx1g -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.chaos.ChaosMain "$@"
