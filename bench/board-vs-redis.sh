#!/usr/bin/env bash
# The top-10 board over HTTP (wrk) against Redis's sorted set (redis-benchmark ZREVRANGE), 100,000 players,
# 64 connections each, same machine. Needs Debian's wrk and redis-server (apt-get install -y wrk redis-server).
# Usage: bench/board-vs-redis.sh [seconds, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -pl bench -am
exec java -Xmx1g -cp "bench/target/bench.jar:bench/target/lib/*" dev.leaderboard.bench.BoardVsRedisBench "$@"
