#!/usr/bin/env bash
# Issue 14: the staff list's first page at a million statuses on PostgreSQL, before and after
# V16 (the (status, seen_floor, id) index and the plans of StatusCandidates), in one run on one
# database: the statements Vigil sends for each page (the head or count it reads first, then
# the page), each page RUNS times (median of the sum), plus EXPLAIN (ANALYZE, BUFFERS) of each
# statement; then whether steady-state check-ins stay HOT with V16 (pgbench of CheckInBatch's
# UPDATE, as bench/hot.sh).
#
#   bench/order.sh                       # seeds vigil_order_perf (a million statuses)
#   ORDER_DB=mydb bench/order.sh         # a database seeded like bench/hot.sh, before V16
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
cd "$(dirname "$0")/.."
STATUSES=${ORDER_STATUSES:-1000000}
RUNS=${ORDER_RUNS:-9}
CHECKINS=${ORDER_CHECKINS:-20000}
DB=${ORDER_DB:-vigil_order_perf}
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q -X)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
log() { printf '== %s\n' "$*" >&2; }
q() { "${PSQL[@]}" -d "$DB" -tA "$@"; }

if [ -z "${ORDER_DB:-}" ]; then
  log "seed: $STATUSES statuses, migrations before V16, fillfactor 90"
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  for f in $(ls src/main/resources/db/migration/V*.sql | sort -t V -k2 -n); do
    case "$f" in *V16__*) continue ;; esac
    "${PSQL[@]}" -d "$DB" -f "$f" > /dev/null
  done
  "${PSQL[@]}" -d "$DB" -c "ALTER TABLE integration_status SET (fillfactor = 90)"
  "${PSQL[@]}" -d "$DB" -v statuses="$STATUSES" -f bench/seed.sql
fi

scoped=$(q -c "SELECT id FROM account WHERE username = 'scoped'")
cols="s.uuid, s.agent_type, s.status, s.last_request_timestamp, s.service_name, s.deadline, (SELECT e.created FROM status_event e WHERE e.integration_status_id = s.id ORDER BY e.id DESC LIMIT 1), o.uuid, o.name, c.uuid, c.name, m.name, m.url"
from="integration_status s JOIN offering o ON o.id = s.offering_id JOIN customer c ON c.id = o.customer_id LEFT JOIN mirror_source m ON m.id = o.source_id"
visible="s.offering_id IN (SELECT r.offering_id FROM offering_role r WHERE r.account_id = $scoped UNION SELECT v.id FROM offering v JOIN customer_role cr ON cr.customer_id = v.customer_id WHERE cr.account_id = $scoped)"
asc="s.last_request_timestamp ASC NULLS LAST, s.id"
desc="s.last_request_timestamp DESC NULLS FIRST, s.id"
problems="CASE WHEN s.status = 3 THEN 0 WHEN s.status = 1 THEN 1 ELSE 2 END, s.last_request_timestamp ASC NULLS FIRST, s.id"
floor="s.seen_floor ASC NULLS FIRST, s.id"
page() { # WHERE ORDER: the page as StatusRepository sends it
  echo "SELECT $cols FROM $from JOIN (SELECT s.id FROM integration_status s WHERE $1 ORDER BY $2 LIMIT 10) chosen ON chosen.id = s.id ORDER BY $2"
}
first() { # WHERE [ORDER]: StatusCandidates.first
  echo "SELECT f.id FROM (SELECT s.id FROM integration_status s WHERE $1 ORDER BY ${2:-$floor} LIMIT 10) f"
}
# Oldest first (unchanged): the head by seen_floor, then the page below its bound.
oldest() { # WHERE
  local bound
  bound=$(q -c "SELECT lr FROM (SELECT s.last_request_timestamp lr FROM integration_status s WHERE $1 AND s.seen_floor IS NOT NULL
    AND s.last_request_timestamp IS NOT NULL ORDER BY s.seen_floor, s.id LIMIT 200) h ORDER BY lr OFFSET 9 LIMIT 1")
  printf '%s\n' "SELECT s.last_request_timestamp FROM integration_status s WHERE $1 AND s.seen_floor IS NOT NULL AND s.last_request_timestamp IS NOT NULL ORDER BY s.seen_floor, s.id LIMIT 200" \
    "$(page "$1 AND s.seen_floor <= '$bound'" "$asc")"
}
# Problems after V16 (StatusCandidates): the first rows of each non-Active status the filter
# admits, counted; when they do not fill the page, the never-seen Active ones and the Active
# ones below the bound of their head.
union() { local out="" b; for b in "$@"; do out="${out:+$out UNION ALL }$b"; done; echo "$out"; }
problems_after() { # WHERE STATUSES
  local statements=() branches=() n=0 st
  for st in 3 1; do
    case " $2 " in *" $st "*) branches+=("$(first "$1 AND s.status = $st")") ;; esac
  done
  if [ ${#branches[@]} -gt 0 ]; then
    statements+=("SELECT count(*) FROM ($(union "${branches[@]}")) x")
    n=$(q -c "${statements[0]}")
  fi
  if [ "$n" -lt 10 ] && [[ " $2 " == *" 2 "* ]]; then
    local need=$((10 - n)) bound
    statements+=("SELECT s.last_request_timestamp FROM integration_status s WHERE $1 AND s.status = 2 ORDER BY $floor LIMIT 200")
    bound=$(q -c "SELECT h.last_request_timestamp FROM (${statements[-1]}) h ORDER BY 1 NULLS FIRST OFFSET $((need - 1)) LIMIT 1")
    branches+=("$(first "$1 AND s.status = 2 AND s.seen_floor IS NULL")")
    branches+=("SELECT a.id FROM (SELECT s.id FROM integration_status s WHERE $1 AND s.status = 2 AND s.seen_floor <= '$bound' ORDER BY s.last_request_timestamp, s.id LIMIT $need) a")
  fi
  statements+=("$(page "s.id IN ($(union "${branches[@]}"))" "$problems")")
  printf '%s\n' "${statements[@]}"
}
newest_after() { # WHERE STATUSES
  local branches=() st
  for st in $2; do branches+=("$(first "$1 AND s.status = $st AND s.seen_floor IS NULL")"); done
  local count="SELECT count(*) FROM ($(union "${branches[@]}")) x"
  echo "$count"
  if [ "$(q -c "$count")" -lt 10 ]; then page "$1" "$desc"; else page "s.id IN ($(union "${branches[@]}"))" "$desc"; fi
}

# measure VARIANT LABEL: the statements of one page on stdin, one a line.
measure() {
  local v=$1 label=$2
  mapfile -t sql
  : > "$WORK/plans"
  local buffers=0
  for s in "${sql[@]}"; do
    q -c "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) $s" > "$WORK/plan.json"
    buffers=$((buffers + $(python3 -c "
import json
n = json.load(open('$WORK/plan.json'))[0]['Plan']
print(n.get('Shared Hit Blocks', 0) + n.get('Shared Read Blocks', 0))")))
    { echo "-- $v, $label"; q -c "EXPLAIN (ANALYZE, BUFFERS) $s"; } >> "$WORK/plans.all"
  done
  {
    echo '\timing on'
    for i in $(seq 1 "$RUNS"); do
      for s in "${sql[@]}"; do echo "$s;"; done
      echo '\echo END'
    done
  } | "${PSQL[@]}" -d "$DB" -o /dev/null > "$WORK/times" 2>&1 || true
  median=$(python3 -c "
import re, statistics
runs, t = [], 0.0
for line in open('$WORK/times'):
    m = re.match(r'Time: ([0-9.]+) ms', line)
    if m: t += float(m.group(1))
    elif line.strip() == 'END': runs.append(t); t = 0.0
print(f'{statistics.median(runs):.1f} (min {min(runs):.1f}, max {max(runs):.1f})')")
  printf '| %s | %s | %s | %s |\n' "$v" "$label" "$buffers" "$median" >> "$WORK/list.md"
}

pages() { # VARIANT
  local v=$1
  page true s.id | measure "$v" "default order (id)"
  page "s.status = 3" s.id | measure "$v" "?status=Disconnected"
  oldest true | measure "$v" "?o=last_request_timestamp"
  if [ "$v" = before ]; then
    page true "$problems" | measure "$v" "?o=problems"
    page "s.status = 2" "$problems" | measure "$v" "?o=problems&status=Active"
    page "$visible" "$problems" | measure "$v" "?o=problems, scoped user"
    page true "$desc" | measure "$v" "?o=-last_request_timestamp"
    page "s.status = 2" "$desc" | measure "$v" "?o=-last_request_timestamp&status=Active"
    page "$visible" "$desc" | measure "$v" "?o=-last_request_timestamp, scoped user"
  else
    problems_after true "3 1 2" | measure "$v" "?o=problems"
    problems_after "s.status = 2" "2" | measure "$v" "?o=problems&status=Active"
    problems_after "$visible" "3 1 2" | measure "$v" "?o=problems, scoped user"
    newest_after true "3 1 2" | measure "$v" "?o=-last_request_timestamp"
    newest_after "s.status = 2" "2" | measure "$v" "?o=-last_request_timestamp&status=Active"
    newest_after "$visible" "3 1 2" | measure "$v" "?o=-last_request_timestamp, scoped user"
  fi
}

echo "| variant | first page | buffers | median ms of $RUNS (min, max) |" > "$WORK/list.md"
echo "|---|---|---|---|" >> "$WORK/list.md"
q -c "VACUUM ANALYZE integration_status"
log "before: pages"
pages before
log "V16: index"
"${PSQL[@]}" -d "$DB" -f src/main/resources/db/migration/V16__*.sql -c "ANALYZE integration_status"
log "after: pages"
pages after

log "HOT: $CHECKINS steady-state check-ins with V16"
min=$(q -c "SELECT min(id) FROM offering"); max=$(q -c "SELECT max(id) FROM offering")
{
  echo "BEGIN;"
  for i in $(seq 1 16); do echo "\\set o$i random($min, $max)"; echo "\\set t$i random(1, 5)"; done
  for i in $(seq 1 16); do
    echo "UPDATE integration_status SET last_request_timestamp = now(), service_name = 'waldur-site-agent/1.0', deadline = now() + interval '1 hour', sweep_after = CASE WHEN sweep_after <= now() + interval '1 hour' THEN sweep_after ELSE now() + interval '1 hour' END WHERE offering_id = :o$i AND agent_type = :t$i AND status = 2 AND (last_request_timestamp IS NULL OR last_request_timestamp <= now());"
  done
  echo "COMMIT;"
} > "$WORK/checkin.sql"
read -r upd0 hot0 < <(q -F' ' -c "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'integration_status'")
pgbench -h 127.0.0.1 -U postgres -n -c 2 -j 2 -t $((CHECKINS / 32)) -f "$WORK/checkin.sql" "$DB" > "$WORK/pgbench.out" 2>&1 \
  || { cat "$WORK/pgbench.out" >&2; exit 1; }
sleep 1
read -r upd1 hot1 < <(q -F' ' -c "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'integration_status'")
log "after the check-ins (stale seen_floor for the Active ones checked in): pages again"
q -c "VACUUM ANALYZE integration_status"
pages after-checkins

{
  echo "bench/order.sh: $STATUSES statuses, PostgreSQL $(q -c 'SHOW server_version'), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  cat "$WORK/list.md"
  echo
  echo "steady-state check-ins with V16: $((upd1 - upd0)) updates, $((hot1 - hot0)) HOT ($(awk -v h=$((hot1 - hot0)) -v u=$((upd1 - upd0)) 'BEGIN { printf "%.3f", (u ? h / u : 0) }'))"
  echo "table $(q -c "SELECT pg_size_pretty(pg_relation_size('integration_status'))"), V16 index $(q -c "SELECT pg_size_pretty(pg_relation_size('integration_status_status_floor_idx'))")"
}
cp "$WORK/plans.all" "${ORDER_PLANS:-/dev/null}"
