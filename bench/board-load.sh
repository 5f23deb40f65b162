#!/usr/bin/env bash
# Board requests/s and p99 at 64 connections while the embedded system ingests (default 2,500 spins/s), as a
# ratio to a trivial Javalin endpoint in the same run; then produced -> visible in the API, p50/p99.
# Usage: bench/board-load.sh [seconds per phase, default 20] [spins/s, default 2500] [java|wrk, default java]
# (wrk: apt-get install -y wrk; a C client leaves more of a small machine to the server)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx2g -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.BoardLoadBench "$@"
