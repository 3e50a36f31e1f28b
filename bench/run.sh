#!/usr/bin/env bash
# Vigil's benchmarks in one command: starts Vigil on PostgreSQL, bulk-loads 10 thousand, 100
# thousand and a million statuses, drives load from wrk on 127.0.0.1, then measures check-ins on
# the embedded default (an H2 file) at 10 and 100 thousand, prints a table and writes
# docs/benchmarks.md. Everything runs on this machine: server, database and load generator.
#
#   bench/run.sh                                                            # all sizes, about 25 minutes
#   BENCH_SIZES=10000 BENCH_H2_SIZES=10000 bench/run.sh                     # one size, a quick look
#   BENCH_SIZES= BENCH_H2_SIZES=10000 BENCH_REPORT=/tmp/h2.md bench/run.sh  # only the H2 file
#
# Knobs: BENCH_SIZES (PostgreSQL), BENCH_H2_SIZES (H2 file), BENCH_DURATION (per wrk run, default
# 10s), BENCH_PORT (18080), BENCH_HEAP (the server's heap, fixed with -Xms and -Xmx, default 256m:
# the heap target is proven by running inside it; a heap G1 may shrink under load cost a check-in
# a fifth of its CPU in collections), BENCH_WARMUP (check-ins before the measured ones, 100000), BENCH_JAVA (default: JDK 25 when installed, for virtual threads; else
# java on PATH), BENCH_REPORT (default docs/benchmarks.md).
#
# Alerts in a mass outage are measured apart, by bench/alerts.sh, and learned liveness by
# bench/liveness.sh; their sections of the report come after "## Analysis", which this script
# keeps as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${BENCH_SIZES-"10000 100000 1000000"}
H2_SIZES=${BENCH_H2_SIZES-"10000 100000"}
DURATION=${BENCH_DURATION:-10s}
PORT=${BENCH_PORT:-18080}
HEAP=${BENCH_HEAP:-256m}
DB=vigil_bench
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
ADMIN_KEY=bench-admin-key-0123456789abcdef0123
BASE=http://127.0.0.1:$PORT
if [ -z "${BENCH_JAVA:-}" ]; then
  BENCH_JAVA=java
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
WORK=$(mktemp -d)
ROOT=$PWD
REPORT=${BENCH_REPORT:-docs/benchmarks.md}
STORE=postgresql
ROWS=$WORK/rows.md
SERVER_PID=

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v ab >/dev/null || need+=(apache2-utils)
command -v jq >/dev/null || need+=(jq)
command -v psql >/dev/null || need+=(postgresql postgresql-client)
command -v unzip >/dev/null || need+=(unzip)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

log() { printf '\n== %s\n' "$*" >&2; }

# shellcheck source=bench/lib.sh
. bench/lib.sh

stop_vigil() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
trap 'stop_vigil; rm -rf "$WORK"' EXIT

# start_vigil [VAR=value ...]: Vigil on the bench database, with extra environment. With
# STORE=h2 that is the embedded default, as `java -jar` uses it: ./data/ of its directory.
start_vigil() {
  local database=(SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" SPRING_DATASOURCE_USERNAME=postgres)
  [ "$STORE" = h2 ] && database=()
  mkdir -p "$WORK/run"
  (cd "$WORK/run" && exec env SERVER_PORT=$PORT VIGIL_BOOTSTRAP_TOKEN=$ADMIN_KEY "${database[@]}" \
    "$@" "$BENCH_JAVA" -Xms"$HEAP" -Xmx"$HEAP" -jar "$ROOT/target/vigil.jar" --logging.level.root=WARN) > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "$BASE/actuator/health/readiness" >/dev/null && return 0
    sleep 0.5
  done
  cat "$WORK/server.log" >&2
  echo "Vigil did not start" >&2
  exit 1
}

fresh_database() {
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
}

# ms VALUE: wrk's 635.91us / 1.20ms / 2.01s in milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'; }

# measure LABEL CONNECTIONS wrk-args...: one wrk run, one table row.
measure() {
  local label=$1 conns=$2; shift 2
  wrk -t"$(( conns < 2 ? 1 : 2 ))" -c"$conns" -d"$DURATION" --latency "$@" > "$WORK/wrk.out" 2>&1 || { cat "$WORK/wrk.out" >&2; exit 1; }
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$WORK/wrk.out")
  p50=$(ms "$(awk '$1 == "50%" { print $2 }' "$WORK/wrk.out")")
  p99=$(ms "$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.out")")
  errors=$(awk '/Non-2xx/ { print $NF } /Socket errors/ { print "socket:" $0 }' "$WORK/wrk.out" | tr '\n' ' ')
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$SIZE" "$label" "$conns" "$rps" "$p50" "$p99" "${errors:-0}" | tee -a "$ROWS" >&2
  LAST_RPS=$rps
}

# warm_up [RUNS]: check-ins in runs of 5 seconds until BENCH_WARMUP were answered (at most RUNS
# runs, default 12), then a few seconds of the other requests, so that the JIT has compiled the
# paths before they are measured (10 seconds measured a third of the rate a warm server takes).
warm_up() {
  warm_up_runs "${BENCH_WARMUP:-100000}" "${1:-12}" -s bench/checkin.lua "$BASE/" -- "$WORK/offerings.txt" > /dev/null
  VIGIL_TOKEN=$ADMIN_KEY wrk -t2 -c64 -d5s -s bench/token.lua "$BASE/api/users/me/" > /dev/null
  VIGIL_TOKEN=$ADMIN_KEY wrk -t1 -c2 -d5s -s bench/token.lua "$BASE/api/marketplace-integration-statuses/?o=last_request_timestamp" > /dev/null
}

# measure_head LABEL CONNECTIONS KEY URL: HEAD requests. wrk cannot read answers to HEAD (it waits
# for a body), so these come from ApacheBench, whose percentiles are whole milliseconds.
measure_head() {
  local label=$1 conns=$2 key=$3 url=$4
  ab -q -k -i -c "$conns" -t "${DURATION%s}" -n 1000000 -H "Authorization: Token $key" "$url" > "$WORK/ab.out" 2>&1 \
    || { cat "$WORK/ab.out" >&2; exit 1; }
  local rps p50 p99 errors
  rps=$(awk '/^Requests per second/ { printf "%.0f", $4 }' "$WORK/ab.out")
  p50=$(awk '$1 == "50%" { print $2 }' "$WORK/ab.out")
  p99=$(awk '$1 == "99%" { print $2 }' "$WORK/ab.out")
  errors=$(awk '/^Failed requests/ { f = $3 } /^Non-2xx/ { n = $3 } END { print f + n }' "$WORK/ab.out")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$SIZE" "$label" "$conns" "$rps" "$p50" "$p99" "$errors" | tee -a "$ROWS" >&2
}

# requests: how many the last wrk run answered.
requests() { answered "$WORK/wrk.out"; }

# memory_sample: heap used and RSS, read from outside (jstat reads the JVM's perf data file):
# a Prometheus scrape during a measured run loaded classes that made the JIT throw away and
# recompile the hot paths (up to 229 µs of compiling a check-in, and group commit measured
# slower than one commit each).
memory_sample() {
  local heap rss
  heap=$("$(dirname "$(readlink -f "$(command -v "$BENCH_JAVA")")")/jstat" -gc "$SERVER_PID" \
    | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i } NR == 2 { printf "%d", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }')
  rss=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$SERVER_PID/status")
  echo "$heap $rss"
}

mvn -q -B -DskipTests package
echo "| statuses | measurement | connections | requests/s | p50 ms | p99 ms | errors |" > "$ROWS"
echo "|---|---|---|---|---|---|---|" >> "$ROWS"
: > "$WORK/extra.md"

for SIZE in $SIZES; do
  log "$SIZE statuses: load"
  fresh_database
  start_vigil
  "${PSQL[@]}" -d $DB -v statuses="$SIZE" -f bench/seed.sql
  "${PSQL[@]}" -d $DB -tAc "SELECT replace(uuid::text, '-', '') FROM offering ORDER BY random() LIMIT 20000" > "$WORK/offerings.txt"
  scoped=$(curl -s -H "Authorization: Token $ADMIN_KEY" "$BASE/api/users/?username=scoped" | jq -r '.[0].uuid')
  SCOPED_KEY=$(curl -s -H "Authorization: Token $ADMIN_KEY" -H 'Content-Type: application/json' \
    "$BASE/api/users/$scoped/tokens/" -d '{}' | jq -r .key)

  log "$SIZE statuses: warm-up (not recorded)"
  warm_up

  log "$SIZE statuses: ceiling and check-ins"
  cpu_start
  VIGIL_TOKEN=$ADMIN_KEY measure "ceiling: GET /api/users/me/ (auth, no database)" 64 -s bench/token.lua "$BASE/api/users/me/"
  read -r trivial_jvm _ < <(cpu_per_request "$(requests)")
  ceiling=$LAST_RPS
  cpu_start
  VIGIL_TOKEN=$ADMIN_KEY measure "check-in, group commit" 64 -s bench/checkin.lua "$BASE/" -- "$WORK/offerings.txt" &
  checkins=$!
  sleep 5
  read -r heap rss < <(memory_sample)
  wait "$checkins"
  read -r group_jvm group_jit group_gc group_pg < <(cpu_per_request "$(requests)")
  group=$(tail -n 1 "$ROWS" | awk -F'|' '{ gsub(/ /, "", $5); print $5 }')
  echo "| $SIZE | heap used $heap MiB (max $HEAP), RSS $rss MiB, during group-commit check-ins |" >> "$WORK/extra.md"

  log "$SIZE statuses: lists"
  for who in staff scoped; do
    key=$ADMIN_KEY; [ $who = scoped ] && key=$SCOPED_KEY
    for query in "" "?status=Disconnected" "?o=last_request_timestamp" "?o=-last_request_timestamp" "?o=problems"; do
      VIGIL_TOKEN=$key measure "$who: GET page ${query:-(no filter)}" 1 -s bench/token.lua "$BASE/api/marketplace-integration-statuses/$query"
      measure_head "$who: HEAD count ${query:-(no filter)}" 1 "$key" "$BASE/api/marketplace-integration-statuses/$query"
    done
  done

  if [ "$SIZE" -ge 100000 ]; then
    log "$SIZE statuses: 100 thousand expire at once"
    # The statement that sets the deadlines rewrites the same rows (sweep_after is indexed, so
    # every row gets a new version and index entries, as the sweeper's update does): its time
    # is a floor for the sweep, which also writes an event and an outbox row per status.
    s0=$(date +%s%N)
    start=$("${PSQL[@]}" -d $DB -tAc "UPDATE integration_status SET deadline = now() - interval '1 second', sweep_after = now() - interval '1 second'
      WHERE id IN (SELECT id FROM integration_status WHERE status = 2 ORDER BY id LIMIT 100000) RETURNING 1" | wc -l)
    t0=$(date +%s%N)
    while [ "$("${PSQL[@]}" -d $DB -tAc "SELECT count(*) FROM integration_status WHERE status = 2 AND deadline <= now()")" != 0 ]; do
      sleep 0.1
    done
    t1=$(date +%s%N)
    events=$("${PSQL[@]}" -d $DB -tAc "SELECT count(*) FROM status_event WHERE reason = 'timeout'")
    span=$("${PSQL[@]}" -d $DB -tAc "SELECT round(extract(epoch FROM max(created) - min(created))::numeric, 2) FROM status_event WHERE reason = 'timeout'")
    echo "| $SIZE | $start expired at once: all Disconnected after $(( (t1 - t0) / 1000000 )) ms (first to last timeout event: ${span} s), $events timeout events; the one UPDATE that set their deadlines took $(( (t0 - s0) / 1000000 )) ms |" >> "$WORK/extra.md"
  fi

  log "$SIZE statuses: check-ins, one commit each"
  stop_vigil
  start_vigil VIGIL_CHECKIN_GROUP_COMMIT=false
  warm_up 6
  cpu_start
  VIGIL_TOKEN=$ADMIN_KEY measure "check-in, one commit each" 64 -s bench/checkin.lua "$BASE/" -- "$WORK/offerings.txt"
  read -r single_jvm _ _ single_pg < <(cpu_per_request "$(requests)")
  single=$LAST_RPS
  echo "| $SIZE | group commit $group/s = $(awk -v g="$group" -v s="$single" 'BEGIN { printf "%.1f", g / s }')x one commit each ($single/s), $(awk -v g="$group" -v c="$ceiling" 'BEGIN { printf "%.0f", 100 * g / c }') % of the ceiling ($ceiling/s) |" >> "$WORK/extra.md"
  echo "| $SIZE | CPU per check-in, group commit: JVM $group_jvm µs (JIT $group_jit, GC $group_gc), PostgreSQL backends $group_pg µs; one commit each: JVM $single_jvm µs, PostgreSQL backends $single_pg µs; the ceiling's request: JVM $trivial_jvm µs |" >> "$WORK/extra.md"
  stop_vigil
done

# H2's own tools, on the embedded database while Vigil is stopped (one process at a time).
h2() {
  local tool=$1; shift
  "$BENCH_JAVA" -cp "$WORK/h2.jar:$WORK/classes" "$tool" -url "jdbc:h2:file:$WORK/run/data/vigil" -user sa "$@"
}

if [ -n "$SIZES" ]; then
  log "detection latency of single silent agents"
  start_vigil VIGIL_LIVENESS_TIMEOUTS_EVENT_PROCESSING=PT2S
  offering=$(head -n 1 "$WORK/offerings.txt")
  latencies=()
  for _ in 1 2 3 4 5; do
    status=$(curl -s -H "Authorization: Token $ADMIN_KEY" -H 'Content-Type: application/json' \
      "$BASE/api/marketplace-integration-statuses/check_in/" -d "{\"offering_uuid\": \"$offering\", \"agent_type\": 5}")
    uuid=$(jq -r .uuid <<< "$status"); seen=$(jq -r .last_request_timestamp <<< "$status")
    sleep 4
    created=$(curl -s -H "Authorization: Token $ADMIN_KEY" \
      "$BASE/api/marketplace-integration-status-events/?integration_status_uuid=$uuid&to_status=Disconnected&page_size=1" | jq -r '.[0].created // empty')
    if [ -z "$created" ]; then
      latencies+=("not-disconnected-after-4s")
      continue
    fi
    latencies+=("$(python3 -c "from datetime import datetime as d; f=lambda s: d.fromisoformat(s.replace('Z', '+00:00')); print(round((f('$created') - f('$seen')).total_seconds() - 2, 3))")")
  done
  stop_vigil
  echo "| - | a silent agent (timeout PT2S, sweep every 1 s) is Disconnected this long after its deadline, 5 tries: ${latencies[*]} s |" >> "$WORK/extra.md"
fi

# The embedded default, as shipped: every commit is written to the file before it is answered.
STORE=h2
unzip -p target/vigil.jar 'BOOT-INF/lib/h2-*.jar' > "$WORK/h2.jar"
# H2 loads the kept counts' trigger (org.vigil.status.TallyTrigger) from Vigil's own classes.
unzip -q target/vigil.jar 'BOOT-INF/classes/org/*' -d "$WORK/jar" && mv "$WORK/jar/BOOT-INF/classes" "$WORK/classes"
for SIZE in $H2_SIZES; do
  log "H2 file, $SIZE statuses: load"
  rm -rf "$WORK/run/data"
  start_vigil
  stop_vigil
  sed "s/:statuses/$SIZE/g" bench/seed-h2.sql > "$WORK/seed-h2.sql"
  h2 org.h2.tools.RunScript -script "$WORK/seed-h2.sql"
  h2 org.h2.tools.Shell -sql "SELECT REPLACE(CAST(uuid AS VARCHAR), '-', '') FROM offering ORDER BY RAND() LIMIT 20000" \
    | grep -E '^[0-9a-f]{32}$' > "$WORK/offerings.txt"

  log "H2 file, $SIZE statuses: check-ins"
  start_vigil
  warm_up
  cpu_start
  VIGIL_TOKEN=$ADMIN_KEY measure "H2 file: check-in, group commit" 64 -s bench/checkin.lua "$BASE/" -- "$WORK/offerings.txt"
  read -r group_jvm group_jit group_gc _ < <(cpu_per_request "$(requests)")
  group=$LAST_RPS
  group_mib=$(du -m "$WORK/run/data/vigil.mv.db" | cut -f1)
  stop_vigil
  start_vigil VIGIL_CHECKIN_GROUP_COMMIT=false
  warm_up 6
  VIGIL_TOKEN=$ADMIN_KEY measure "H2 file: check-in, one commit each" 64 -s bench/checkin.lua "$BASE/" -- "$WORK/offerings.txt"
  single=$LAST_RPS
  stop_vigil
  echo "| $SIZE | H2 file: group commit $group/s = $(awk -v g="$group" -v s="$single" 'BEGIN { printf "%.1f", g / s }')x one commit each ($single/s); the file was $group_mib MiB after the group-commit run; JVM $group_jvm µs a check-in (JIT $group_jit, GC $group_gc) |" >> "$WORK/extra.md"
done

{
  echo "# Benchmarks"
  echo
  echo "Reproduce with \`bench/run.sh\` (see its header for the knobs). Server, PostgreSQL and wrk share this machine."
  echo
  echo "- run: $(date -u +%Y-%m-%dT%H:%MZ), sizes: ${SIZES:-none} on PostgreSQL, ${H2_SIZES:-none} on the H2 file, $DURATION per wrk run"
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ { print $2 }') GiB memory"
  echo "- JDK: $("$BENCH_JAVA" -version 2>&1 | head -n 1), server heap -Xms$HEAP -Xmx$HEAP"
  echo "- PostgreSQL: $("${PSQL[@]}" -d postgres -tAc 'SHOW server_version'), H2: $(basename "$(unzip -Z1 target/vigil.jar 'BOOT-INF/lib/h2-*.jar')" .jar)"
  echo "- wrk: 2 threads on 127.0.0.1"
  echo
  echo "## Throughput and latency"
  echo
  cat "$ROWS"
  echo
  echo "## Check-ins, sweeper, memory, detection"
  echo
  echo "| statuses | result |"
  echo "|---|---|"
  cat "$WORK/extra.md"
} > "$WORK/report.md"
cat "$WORK/report.md"
if [ -f "$REPORT" ] && grep -q '^## Analysis' "$REPORT"; then
  # Keep the hand-written analysis below the numbers.
  { cat "$WORK/report.md"; echo; sed -n '/^## Analysis/,$p' "$REPORT"; } > "$WORK/merged.md"
  mv "$WORK/merged.md" "$REPORT"
else
  cp "$WORK/report.md" "$REPORT"
fi
echo "Written to $REPORT" >&2
