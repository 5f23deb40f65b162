#!/bin/sh
# Registers WagerConnector with a Kafka Connect worker and waits until the connector and its tasks run.
# Compose's one-shot `connect-register` runs it (curlimages/curl: busybox sh and curl); it runs as well
# from a shell on the host: CONNECT_URL=http://localhost:8083 infra/connect/register.sh
#
# PUT /connectors/WagerConnector/config creates the connector or updates it, so a re-run is safe. A worker
# answers 409 while its group rebalances (likely on a first start): that is retried, never taken for
# "exists". Exits 0 once the connector and every task are RUNNING; 1, with Connect's message, when the
# plugin is missing, the config is refused, a task fails, or the worker never gets there.
set -eu

connect=${CONNECT_URL:-http://kafka-connect:8083}
file=${CONNECTOR_FILE:-/connect/wager-connector.json}
attempts=${REGISTER_ATTEMPTS:-60}
delay=${REGISTER_DELAY_SECONDS:-5}
name=WagerConnector
sink_class=com.microsoft.azure.kusto.kafka.connect.sink.KustoSinkConnector

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
body="$work/body"

# The body of PUT .../config is the file's "config" object (the file as a whole is POST /connectors' body).
sed -n '/^  "config": {/,/^  }/p' "$file" | sed '1s/.*/{/' > "$work/config.json"
grep -q '"connector.class"' "$work/config.json" || { echo "register: no config object in $file" >&2; exit 1; }

# call METHOD PATH [curl options...]: prints the HTTP status (000 when nothing answered); the body goes to $body.
call() {
  method=$1 path=$2
  shift 2
  curl -s -o "$body" -w '%{http_code}' -X "$method" "$@" "$connect$path" || true
}

# Each step (worker up, registered, running) gets $attempts tries, $delay seconds apart.
attempt=0
next_attempt() {
  attempt=$((attempt + 1))
  if [ "$attempt" -ge "$attempts" ]; then
    echo "register: gave up after $attempts attempts: $1" >&2
    exit 1
  fi
  sleep "$delay"
}

until [ "$(call GET /connector-plugins)" = 200 ]; do
  next_attempt "Kafka Connect at $connect does not answer"
done
if ! grep -q "$sink_class" "$body"; then
  echo "register: the worker has no Kusto sink plugin ($sink_class); its image must install it (infra/connect/Dockerfile)" >&2
  exit 1
fi

attempt=0
while :; do
  code=$(call PUT "/connectors/$name/config" -H 'Content-Type: application/json' --data-binary "@$work/config.json")
  case $code in
    200) echo "register: $name updated"; break ;;
    201) echo "register: $name created"; break ;;
    409) echo "register: Kafka Connect is rebalancing (409), retrying"; next_attempt "still 409: $(cat "$body")" ;;
    000) next_attempt "Kafka Connect at $connect does not answer" ;;
    *) echo "register: Kafka Connect refused $name ($code): $(cat "$body")" >&2; exit 1 ;;
  esac
done

# Connector and tasks: {"connector":{"state":"RUNNING",...},"tasks":[{"id":0,"state":"RUNNING",...}],...}
attempt=0
while :; do
  code=$(call GET "/connectors/$name/status")
  if [ "$code" = 200 ]; then
    states=$(grep -o '"state":"[A-Z]*"' "$body" | sed 's/"state":"\([A-Z]*\)"/\1/' | tr '\n' ' ')
    case " $states" in
      *" FAILED "*) echo "register: $name failed: $(cat "$body")" >&2; exit 1 ;;
    esac
    # The first state is the connector's, each next one a task's: running means at least one task, none other.
    set -- $states
    if [ $# -ge 2 ] && [ -z "$(echo "$states" | tr ' ' '\n' | grep -v -x -e RUNNING -e '')" ]; then
      echo "register: $name and its $(($# - 1)) task(s) are RUNNING"
      exit 0
    fi
  fi
  next_attempt "$name is not RUNNING (last answer $code: $(cat "$body"))"
done
