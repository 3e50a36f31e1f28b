#!/usr/bin/env bash
# The mirror's cost: a Vigil on PostgreSQL seeded with bench/seed.sql is the upstream,
# a second Vigil on its embedded H2 file mirrors it with the default source (VIGIL_MIRROR_URL).
# Measures the first sync, a quiet poll, and a poll after 1 % of the statuses checked in upstream:
# HTTP requests the mirror sent and the poll's time, from the mirror's own metrics
# (vigil.mirror.poll.requests, vigil.mirror.poll.duration). Prints a Markdown table.
#
#   bench/mirror.sh                          # 100 thousand statuses, about 3 minutes
#   BENCH_MIRROR_SIZE=10000 bench/mirror.sh  # a quick look
#
# Knobs: BENCH_MIRROR_SIZE (100000), BENCH_MIRROR_DB (the upstream's PostgreSQL database, dropped
# and created: vigil_bench_mirror), BENCH_MIRROR_PORT (18090; the mirror takes the next port),
# BENCH_HEAP (-Xmx of both, 256m), BENCH_JAVA as in bench/run.sh. Needs target/vigil.jar
# (mvn -DskipTests package), psql, curl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${BENCH_MIRROR_SIZE:-100000}
DB=${BENCH_MIRROR_DB:-vigil_bench_mirror}
UP_PORT=${BENCH_MIRROR_PORT:-18090}
MIRROR_PORT=$((UP_PORT + 1))
HEAP=${BENCH_HEAP:-256m}
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
KEY=bench-admin-key-0123456789abcdef0123
if [ -z "${BENCH_JAVA:-}" ]; then
  BENCH_JAVA=java
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
[ -f target/vigil.jar ] || mvn -q -B -DskipTests package
WORK=$(mktemp -d)
ROOT=$PWD
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { printf '== %s\n' "$*" >&2; }

# start NAME PORT [VAR=value ...]
start() {
  local name=$1 port=$2; shift 2
  mkdir -p "$WORK/$name"
  (cd "$WORK/$name" && exec env SERVER_PORT="$port" VIGIL_BOOTSTRAP_TOKEN=$KEY "$@" \
    "$BENCH_JAVA" -Xmx"$HEAP" -jar "$ROOT/target/vigil.jar" --logging.level.root=WARN) > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && return 0
    sleep 0.5
  done
  cat "$WORK/$name.log" >&2
  exit 1
}

# metric NAME: the default source's value of a Prometheus line of the mirror.
metric() {
  curl -sf -H "Authorization: Token $KEY" "http://127.0.0.1:$MIRROR_PORT/actuator/prometheus" \
    | awk -v m="$1" '$1 ~ "^" m "\\{" && $1 ~ /source="default"/ { v = $NF } END { printf "%s", (v == "" ? 0 : v) }'
}
polls() { metric vigil_mirror_poll_requests_count; }
requests() { metric vigil_mirror_poll_requests_sum; }
seconds() { metric vigil_mirror_poll_duration_seconds_sum; }

# until_polls N: waits (up to 10 minutes) until the mirror completed N polls.
until_polls() {
  for _ in $(seq 1 1200); do
    [ "$(awk -v p="$(polls)" -v n="$1" 'BEGIN { print (p >= n) }')" = 1 ] && return 0
    sleep 0.5
  done
  echo "the mirror did not complete poll $1" >&2
  exit 1
}

# row LABEL: one table row from the metrics' change since the last row.
LAST_REQ=0 LAST_SEC=0
row() {
  local req sec
  req=$(requests) sec=$(seconds)
  printf '| %s | %s | %.0f | %.2f |\n' "$SIZE" "$1" "$(awk -v a="$req" -v b="$LAST_REQ" 'BEGIN { print a - b }')" \
    "$(awk -v a="$sec" -v b="$LAST_SEC" 'BEGIN { print a - b }')"
  LAST_REQ=$req LAST_SEC=$sec
}

log "upstream: $SIZE statuses on PostgreSQL ($DB)"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
start upstream "$UP_PORT" SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" SPRING_DATASOURCE_USERNAME=postgres
"${PSQL[@]}" -d "$DB" -v statuses="$SIZE" -f bench/seed.sql

log "mirror: an H2 file, polling every 5 s; timeouts of 2 h so that no status expires here"
timeouts=()
for type in ORDER_PROCESSING USAGE_REPORTING GLAUTH_SYNC RESOURCE_SYNC EVENT_PROCESSING; do
  timeouts+=(VIGIL_MIRROR_TIMEOUTS_$type=PT2H)
done
start mirror "$MIRROR_PORT" VIGIL_MIRROR_URL="http://127.0.0.1:$UP_PORT/api/" VIGIL_MIRROR_TOKEN=$KEY \
  VIGIL_MIRROR_POLL_INTERVAL=PT5S VIGIL_MIRROR_RECONCILE_EVERY=4 "${timeouts[@]}"

echo "| statuses | poll | requests | seconds |"
echo "|---|---|---|---|"
until_polls 1
row "first sync (a reconcile: every offering and every status)"
mirrored=$(curl -sf -I -H "Authorization: Token $KEY" "http://127.0.0.1:$MIRROR_PORT/api/marketplace-integration-statuses/" \
  | awk 'tolower($1) == "x-result-count:" { print $2 + 0 }')
until_polls 2
row "quiet (nothing changed)"
changed=$((SIZE / 100))
"${PSQL[@]}" -d "$DB" -c "UPDATE integration_status SET status = 2, last_request_timestamp = now(),
  deadline = now() + interval '1 hour' WHERE id IN (SELECT id FROM integration_status ORDER BY random() LIMIT $changed)"
n=$(polls)
until_polls $((${n%.*} + 1))
row "incremental, $changed statuses (1 %) checked in upstream"
until_polls 4
row "quiet" > /dev/null
until_polls 5
row "reconcile again, nothing new (every 4th poll here, every 10th by default)"
seen=$("${PSQL[@]}" -d "$DB" -tAc "SELECT count(*) FROM integration_status WHERE last_request_timestamp > now() - interval '1 minute'")
echo
echo "Mirrored $mirrored statuses; $seen checked in upstream for the incremental poll."
