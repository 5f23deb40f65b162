#!/usr/bin/env bash
# The ingestor against a real ADX cluster or the Kusto emulator: set ADX_TEST_CLUSTER_URL (and the other
# ADX_TEST_* settings, named like the ingestor's ADX_*). Without them it prints why and exits 2, so a run
# without a cluster never counts as a pass. Usage: ingestor/adx-live.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl ingestor -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -cp "ingestor/target/test-classes:ingestor/target/classes:$(cat ingestor/target/test-classpath.txt)" \
  dev.leaderboard.ingest.live.AdxLiveSuite
