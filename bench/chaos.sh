#!/usr/bin/env bash
# Fault scenarios with exact accounting (see bench/README.md). Usage:
#   bench/chaos.sh all                     every scenario at full size
#   bench/chaos.sh ingestor-kills bad-input --events 100000
#   bench/chaos.sh soak --seconds 120 --rate 2000 [--heap 384m|default]   (default 600 s at 5,000/s, -Xmx320m as the README)
#   bench/chaos.sh all --events 50000 --seconds 120 --rate 2000   (the last committed REPORT.md)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx${CHAOS_HEAP:-3g} -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.chaos.ChaosMain "$@"
