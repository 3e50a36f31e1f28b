#!/usr/bin/env bash
# Alerts in a mass outage (issue 11): starts Vigil from the jar, with a channel on every
# customer pointing at a local receiver (bench/receiver.py on 127.0.0.1), lets 10 thousand
# statuses of a thousand customers pass their deadline at the same instant, and measures how
# long until the last alert arrived, how many messages came and whether any came twice. Goal:
# all delivered within group_wait + 5 s of the disconnections, one message per customer and
# channel. Runs on a fresh PostgreSQL database, then on the embedded H2 file; writes its own
# section ("## Alerts in a mass outage") of docs/benchmarks.md and leaves the others as they are.
#
#   bench/alerts.sh                                   # both stores, about 4 minutes
#   BENCH_ALERTS_STORES=postgresql bench/alerts.sh    # one store
#
# Knobs: BENCH_ALERTS_STORES ("postgresql h2"), BENCH_ALERTS_STATUSES (10000; a tenth as many
# customers, two offerings each), BENCH_ALERTS_KIND (webhook or slack), BENCH_ALERTS_GROUP_WAIT
# (seconds, 30), BENCH_DB (vigil_bench_alerts), BENCH_PORT (18080), BENCH_RECEIVER_PORT (18099),
# BENCH_HEAP (256m), BENCH_JAVA (as bench/run.sh), BENCH_BUILD (true: mvn package first),
# BENCH_REPORT (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."

STORES=${BENCH_ALERTS_STORES-"postgresql h2"}
STATUSES=${BENCH_ALERTS_STATUSES:-10000}
CUSTOMERS=$(( STATUSES / 10 ))
KIND=${BENCH_ALERTS_KIND:-webhook}
GROUP_WAIT=${BENCH_ALERTS_GROUP_WAIT:-30}
DB=${BENCH_DB:-vigil_bench_alerts}
PORT=${BENCH_PORT:-18080}
RPORT=${BENCH_RECEIVER_PORT:-18099}
HEAP=${BENCH_HEAP:-256m}
REPORT=${BENCH_REPORT:-docs/benchmarks.md}
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
ADMIN_KEY=bench-admin-key-0123456789abcdef0123
BASE=http://127.0.0.1:$PORT
if [ -z "${BENCH_JAVA:-}" ]; then
  BENCH_JAVA=java
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
WORK=$(mktemp -d)
ROOT=$PWD
ROWS=$WORK/rows.md
SERVER_PID=
RECEIVER_PID=

log() { printf '\n== %s\n' "$*" >&2; }

stop_pid() {
  if [ -n "$1" ]; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
stop_vigil() { stop_pid "$SERVER_PID"; SERVER_PID=; }
stop_receiver() { stop_pid "$RECEIVER_PID"; RECEIVER_PID=; }
trap 'stop_vigil; stop_receiver; rm -rf "$WORK"' EXIT

# start_vigil STORE: from the jar in $WORK/run; the H2 file is its ./data/, as `java -jar` uses it.
start_vigil() {
  local database=(SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" SPRING_DATASOURCE_USERNAME=postgres)
  [ "$1" = h2 ] && database=()
  mkdir -p "$WORK/run"
  (cd "$WORK/run" && exec env SERVER_PORT=$PORT VIGIL_BOOTSTRAP_TOKEN=$ADMIN_KEY "${database[@]}" \
    VIGIL_NOTIFY_ALLOW_PRIVATE=true VIGIL_NOTIFY_GROUP_WAIT=PT${GROUP_WAIT}S \
    "$BENCH_JAVA" -Xmx"$HEAP" -jar "$ROOT/target/vigil.jar" --logging.level.root=WARN) >> "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    curl -sf "$BASE/actuator/health/readiness" >/dev/null && return 0
    sleep 0.5
  done
  cat "$WORK/server.log" >&2
  echo "Vigil did not start" >&2
  exit 1
}

start_receiver() {
  stop_receiver
  python3 bench/receiver.py "$RPORT" &
  RECEIVER_PID=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$RPORT/" >/dev/null && return 0; sleep 0.1; done
  echo "the receiver did not start" >&2
  exit 1
}

# seed_sql STORE DEADLINE: customers, two offerings each, five Active statuses per offering whose
# deadline is DEADLINE, and one channel per customer to the receiver. Plain SQL both stores read.
seed_sql() {
  local uuid=gen_random_uuid range="generate_series(1, $CUSTOMERS) g(x)" two="generate_series(1, 2) n(x)" five="generate_series(1, 5) t(x)"
  if [ "$1" = h2 ]; then
    uuid=RANDOM_UUID range="SYSTEM_RANGE(1, $CUSTOMERS) g" two="SYSTEM_RANGE(1, 2) n" five="SYSTEM_RANGE(1, 5) t"
  fi
  cat <<SQL
INSERT INTO customer (uuid, name, created) SELECT $uuid(), 'Customer ' || g.x, CURRENT_TIMESTAMP FROM $range;
INSERT INTO offering (uuid, name, slug, type, customer_id, created)
  SELECT $uuid(), c.name || ' offering ' || n.x, 'bench-' || c.id || '-' || n.x, 'Marketplace.Slurm', c.id, CURRENT_TIMESTAMP
  FROM customer c CROSS JOIN $two;
INSERT INTO integration_status (uuid, offering_id, agent_type, status, last_request_timestamp, seen_floor, service_name, deadline, sweep_after, created)
  SELECT $uuid(), o.id, t.x, 2, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'waldur-site-agent/1.0', CAST('$2' AS TIMESTAMP WITH TIME ZONE), CAST('$2' AS TIMESTAMP WITH TIME ZONE), CURRENT_TIMESTAMP
  FROM offering o CROSS JOIN $five ORDER BY o.id, t.x;
INSERT INTO notification_channel (uuid, name, kind, url, customer_id, alert_after_seconds, enabled, saved_by_staff, created)
  SELECT $uuid(), 'on-call', '$KIND', 'http://127.0.0.1:$RPORT/hook', c.id, 0, TRUE, FALSE, CURRENT_TIMESTAMP FROM customer c;
SQL
}

# facts_sql DEADLINE: one line, "|"-separated: seconds after the deadline of the first and last
# disconnection, of the first and last notification, notifications, sent, attempts.
facts_sql() {
  cat <<SQL
SELECT
  (SELECT CAST(EXTRACT(EPOCH FROM MIN(created)) AS DECIMAL(20,3)) FROM status_event WHERE reason = 'timeout') || '|' ||
  (SELECT CAST(EXTRACT(EPOCH FROM MAX(created)) AS DECIMAL(20,3)) FROM status_event WHERE reason = 'timeout') || '|' ||
  (SELECT CAST(EXTRACT(EPOCH FROM MIN(created)) AS DECIMAL(20,3)) FROM notification) || '|' ||
  (SELECT CAST(EXTRACT(EPOCH FROM MAX(created)) AS DECIMAL(20,3)) FROM notification) || '|' ||
  (SELECT COUNT(*) FROM notification) || '|' ||
  (SELECT COUNT(*) FROM notification WHERE state = 'sent') || '|' ||
  (SELECT COUNT(*) FROM notification_attempt) AS facts;
SQL
}

h2() { "$BENCH_JAVA" -cp "$WORK/h2.jar:$WORK/classes" "$@" -url "jdbc:h2:file:$WORK/run/data/vigil" -user sa; }

# at EPOCH: an SQL timestamp with time zone.
at() { date -u -d "@$1" '+%Y-%m-%d %H:%M:%S+00:00'; }
since() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || a == "null") print "-"; else printf "%.1f", a - b }'; }

if [ "${BENCH_BUILD:-true}" = true ]; then
  mvn -q -B -DskipTests package
fi
unzip -p target/vigil.jar 'BOOT-INF/lib/h2-*.jar' > "$WORK/h2.jar"
# H2 loads the kept counts' trigger (org.vigil.status.TallyTrigger) from Vigil's own classes.
unzip -q target/vigil.jar 'BOOT-INF/classes/org/*' -d "$WORK/jar" && mv "$WORK/jar/BOOT-INF/classes" "$WORK/classes"
echo "| store | disconnected (first, last) | notifications made (first, last) | last message | longest wait of a status | messages / expected | duplicates | statuses named | goal (group_wait + 5 s) |" > "$ROWS"
echo "|---|---|---|---|---|---|---|---|---|" >> "$ROWS"
expected=$CUSTOMERS

for STORE in $STORES; do
  log "$STORE: $STATUSES statuses, $CUSTOMERS customers, a $KIND channel each"
  rm -rf "$WORK/run"
  start_receiver
  if [ "$STORE" = h2 ]; then
    # One process at a time opens the file: migrate, stop, load with H2's RunScript, start.
    start_vigil h2
    stop_vigil
    deadline=$(( $(date +%s) + 60 ))
    seed_sql h2 "$(at $deadline)" > "$WORK/seed.sql"
    h2 org.h2.tools.RunScript -script "$WORK/seed.sql"
    start_vigil h2
  else
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
    start_vigil postgresql
    deadline=$(( $(date +%s) + 20 ))
    seed_sql postgresql "$(at $deadline)" | "${PSQL[@]}" -d "$DB"
    "${PSQL[@]}" -d "$DB" -c 'VACUUM ANALYZE'
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "Vigil was not ready before the deadline; rerun on a quieter machine" >&2
    exit 1
  fi
  log "$STORE: all $STATUSES deadlines at $(at $deadline); waiting up to group_wait + 60 s for $expected messages"
  until_epoch=$(( deadline + GROUP_WAIT + 60 ))
  while :; do
    got=$(curl -s "http://127.0.0.1:$RPORT/" | jq .messages)
    [ "$got" -ge "$expected" ] || [ "$(date +%s)" -ge "$until_epoch" ] && break
    sleep 0.2
  done
  sleep 5 # anything sent twice would come now
  tally=$(curl -s "http://127.0.0.1:$RPORT/")
  if [ "$STORE" = h2 ]; then
    stop_vigil
    facts_sql > "$WORK/facts.sql"
    facts=$(h2 org.h2.tools.Shell -sql "$(cat "$WORK/facts.sql")" | grep -E '^[0-9.]+\|' | head -n 1)
  else
    facts=$(facts_sql | "${PSQL[@]}" -d "$DB" -tA)
    stop_vigil
  fi
  IFS='|' read -r d_first d_last n_first n_last notifications sent attempts <<< "$facts"
  last=$(jq -r .last <<< "$tally")
  latency=$(since "$last" "$d_first")
  wait=$(jq -r '.longest_wait // empty | . * 10 | round / 10' <<< "$tally")
  # Judged on the longest wait of a status (webhook), or else on the last message after the
  # first disconnection, which also counts the time the sweeper took to disconnect them all.
  goal=$(awk -v l="${wait:-$latency}" -v g="$GROUP_WAIT" -v n="$(jq .messages <<< "$tally")" -v e="$expected" \
    'BEGIN { if (l == "-" || n != e) print "missed"; else if (l <= g + 5) print "met"; else printf "missed by %.1f s", l - g - 5 }')
  printf '| %s | %s s, %s s | %s s, %s s | %s s after the first disconnection | %s | %s / %s | %s deliveries twice, %s customers twice | %s of %s | %s |\n' \
    "$STORE" "$(since "$d_first" "$deadline")" "$(since "$d_last" "$deadline")" \
    "$(since "$n_first" "$d_first")" "$(since "$n_last" "$d_first")" "$latency" "${wait:+$wait s}" \
    "$(jq .messages <<< "$tally")" "$expected" "$(jq .duplicate_deliveries <<< "$tally")" \
    "$(jq .extra_per_customer <<< "$tally")" "$(jq .statuses <<< "$tally")" "$STATUSES" "$goal" | tee -a "$ROWS" >&2
  echo "  ($STORE: $notifications notifications, $sent sent, $attempts attempts)" >&2
  stop_receiver
done

{
  echo "## Alerts in a mass outage"
  echo
  echo "Reproduce with \`bench/alerts.sh\` (see its header for the knobs)."
  echo "$STATUSES statuses of $CUSTOMERS customers (two offerings each) pass their deadline at the same instant;"
  echo "every customer has a \`$KIND\` channel to a receiver on 127.0.0.1 (\`bench/receiver.py\`), group_wait"
  echo "${GROUP_WAIT} s, everything else as shipped${VIGIL_NOTIFY_SENDERS:+ but VIGIL_NOTIFY_SENDERS=$VIGIL_NOTIFY_SENDERS}. \"Disconnected\" is after the"
  echo "deadline, the other times after the first disconnection; the longest wait of a status is, over every"
  echo "status, the time from its disconnection to the message naming it, on which the goal is judged."
  echo
  echo "- run: $(date -u +%Y-%m-%dT%H:%MZ), machine: $(nproc) cores, shared; JDK: $("$BENCH_JAVA" -version 2>&1 | head -n 1), heap -Xmx$HEAP"
  echo
  cat "$ROWS"
} > "$WORK/section.md"
cat "$WORK/section.md"
# Replace this section only: from its heading to the next "## " heading (or the end).
if [ -f "$REPORT" ] && grep -q '^## Alerts in a mass outage' "$REPORT"; then
  awk -v section="$WORK/section.md" '
    /^## Alerts in a mass outage/ { while ((getline line < section) > 0) print line; print ""; skip = 1; next }
    skip && /^## / && !/^### / { skip = 0 }
    !skip { print }' "$REPORT" > "$WORK/merged.md"
  mv "$WORK/merged.md" "$REPORT"
else
  { [ -f "$REPORT" ] && cat "$REPORT" && echo; cat "$WORK/section.md"; } > "$WORK/merged.md"
  mv "$WORK/merged.md" "$REPORT"
fi
echo "Written to $REPORT" >&2
