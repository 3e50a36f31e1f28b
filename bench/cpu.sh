#!/usr/bin/env bash
# CPU time per request, as docs/benchmarks.md ("What limits check-ins here") accounts it: the
# Vigil JVM's utime + stime from /proc/<pid>/stat over one wrk run, divided by the requests wrk
# completed. Starts Vigil on PostgreSQL with 10 thousand seeded statuses, warms up, then measures
# in one run: GET /api/users/me/ (authenticated, no database) and check-ins (group commit), and
# PostgreSQL's CPU per check-in (the backends of the bench database; the WAL writer and the
# checkpointer, shared with any other database on the server, are not counted).
#
#   bench/cpu.sh
#   CPU_JFR=/tmp/checkin.jfr bench/cpu.sh   # then one more check-in run under Flight Recorder
#
# Knobs: CHECKIN_ORDER (random, or cycle: every agent at a steady period; bench/checkin.lua), CPU_JAVA_OPTS (extra JVM options), CPU_ARGS (extra Vigil arguments, e.g.
# --spring.threads.virtual.enabled=false), CPU_STATUSES (10000), CPU_WARMUP (requests of each kind before measuring, 100000), CPU_DURATION (per wrk run, 10s), CPU_PORT (18081), CPU_DB
# (vigil_cpu_bench), CPU_HEAP (256m), CPU_JAR (target/vigil.jar, built if missing), CPU_JAVA (JDK 25 when installed), CPU_JFR (a .jfr file to
# write; the recording is taken after the measured runs, so it does not slow them down).
set -euo pipefail
cd "$(dirname "$0")/.."

STATUSES=${CPU_STATUSES:-10000}
DURATION=${CPU_DURATION:-10s}
PORT=${CPU_PORT:-18081}
DB=${CPU_DB:-vigil_cpu_bench}
HEAP=${CPU_HEAP:-256m}
JAR=$(readlink -f "${CPU_JAR:-target/vigil.jar}")
JAVA=${CPU_JAVA:-java}
[ -z "${CPU_JAVA:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q -X)
ADMIN_KEY=bench-admin-key-0123456789abcdef0123
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)
SERVER_PID=

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v psql >/dev/null || need+=(postgresql postgresql-client)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

stop_vigil() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
trap 'stop_vigil; rm -rf "$WORK"' EXIT

# shellcheck source=bench/lib.sh
. bench/lib.sh

# measure LABEL wrk-args...: one wrk run; prints requests/s and CPU µs per request: the JVM's
# (of which its JIT compilers and its GC) and PostgreSQL's backends'.
measure() {
  local label=$1; shift
  local requests
  cpu_start
  VIGIL_TOKEN=$ADMIN_KEY wrk -t2 -c64 -d"$DURATION" "$@" > "$WORK/wrk.out" 2>&1 || { cat "$WORK/wrk.out" >&2; exit 1; }
  requests=$(answered "$WORK/wrk.out")
  if grep -q -e Non-2xx -e 'Socket errors' "$WORK/wrk.out"; then
    cat "$WORK/wrk.out" >&2
  fi
  cpu_per_request "$requests" | awk -v label="$label" -v rps="$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk.out")" '{
    printf "%-42s %6.0f req/s  JVM %6.1f us/req (JIT %5.1f, GC %5.1f)  PostgreSQL backends %6.1f us/req\n",
      label, rps, $1, $2, $3, $4 }'
}

# warm_up COUNT wrk-args...: until COUNT requests were answered (at most 20 runs of 5 seconds).
warm_up() {
  local want=$1; shift
  echo "warm-up: $(warm_up_runs "$want" 20 "$@") requests to $*" >&2
}

[ -f "$JAR" ] || mvn -q -B -ntp -DskipTests package
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
mkdir -p "$WORK/run"
(cd "$WORK/run" && exec env SERVER_PORT=$PORT VIGIL_BOOTSTRAP_TOKEN=$ADMIN_KEY \
  SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" SPRING_DATASOURCE_USERNAME=postgres \
  "$JAVA" -Xms"$HEAP" -Xmx"$HEAP" ${CPU_JAVA_OPTS:-} -jar "$JAR" --logging.level.root=WARN ${CPU_ARGS:-}) > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 480); do
  curl -sf "$BASE/actuator/health/readiness" >/dev/null && break
  sleep 0.5
done
curl -sf "$BASE/actuator/health/readiness" >/dev/null || { cat "$WORK/server.log" >&2; echo "Vigil did not start" >&2; exit 1; }

"${PSQL[@]}" -d "$DB" -v statuses="$STATUSES" -f bench/seed.sql
"${PSQL[@]}" -d "$DB" -tAc "SELECT replace(uuid::text, '-', '') FROM offering ORDER BY random() LIMIT 20000" > "$WORK/offerings.txt"

echo "$(nproc) cores, $("$JAVA" -version 2>&1 | head -n 1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
warm_up "${CPU_WARMUP:-100000}" -s bench/token.lua "$BASE/api/users/me/"
measure "GET /api/users/me/ (auth, no database)" -s bench/token.lua "$BASE/api/users/me/"
# Every seeded agent heard from just now, and the check-ins' warm-up right after, so that each
# learned rhythm is the benchmark's own cadence (about a second). With the seed's last check-ins
# (up to 30 minutes old) or a pause before the run (the GET run's ten seconds, in the order this
# script had first), each status's first interval is an outlier that the learned mean forgets
# only over hundreds of check-ins: the run measured a fleet relearning, its deadlines shrinking
# and moving sweep_after down again and again.
"${PSQL[@]}" -d "$DB" -c "UPDATE integration_status SET last_request_timestamp = now() WHERE last_request_timestamp IS NOT NULL"
warm_up "${CPU_WARMUP:-100000}" -s bench/checkin.lua "$BASE/" -- "$WORK/offerings.txt"
updates() {
  "${PSQL[@]}" -d "$DB" -tA -F' ' -c "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'integration_status'"
}
# sweeps: the sweeper's rechecks (a status found alive after all, its sweep_after moved up) and
# the timeouts (statuses Disconnected), as counted so far.
sweeps() {
  curl -sf -H "Authorization: Token $ADMIN_KEY" "$BASE/actuator/prometheus" | awk '
    /^vigil_sweeper_rechecked_total/ { rechecked += $2 }
    /^vigil_status_transitions_total/ && /reason="timeout"/ { timeouts += $2 }
    END { printf "%d %d\n", rechecked, timeouts }'
}
read -r upd0 hot0 < <(updates)
read -r rechecked0 timeouts0 < <(sweeps)
measure "check-in, group commit, $STATUSES statuses" -s bench/checkin.lua "$BASE/" -- "$WORK/offerings.txt"
sleep 1 # the statistics collector's report
read -r upd1 hot1 < <(updates)
read -r rechecked1 timeouts1 < <(sweeps)
# Every row update of integration_status during the run (check-ins and the sweeper's), and how
# many were HOT. Not HOT: the sweeper's rechecks and timeouts, and check-ins that move sweep_after
# (an indexed column) down or reconnect a Disconnected status.
echo "integration_status updates during the check-in run: $((upd1 - upd0)), of them HOT $((hot1 - hot0));" \
  "sweeper rechecks $((rechecked1 - rechecked0)), timeouts $((timeouts1 - timeouts0))"
# How the check-ins were written (warm-up included): nearly all should be "remembered".
curl -sf -H "Authorization: Token $ADMIN_KEY" "$BASE/actuator/prometheus" \
  | awk '/^vigil_checkin_paths_total/ { printf "%s%s %d", sep, $1, $2; sep = ", " } END { print "" }'

if [ -n "${CPU_JFR:-}" ]; then
  JCMD=$(dirname "$(readlink -f "$JAVA")")/jcmd
  "$JCMD" "$SERVER_PID" JFR.start name=cpu settings=profile jdk.ExecutionSample#period=1ms > /dev/null
  VIGIL_TOKEN=$ADMIN_KEY wrk -t2 -c64 -d"$DURATION" -s bench/checkin.lua "$BASE/" -- "$WORK/offerings.txt" > /dev/null
  "$JCMD" "$SERVER_PID" JFR.stop name=cpu filename="$(readlink -f "$CPU_JFR")" > /dev/null
  echo "Flight recording of a check-in run: $CPU_JFR" >&2
fi
stop_vigil
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
