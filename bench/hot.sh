#!/usr/bin/env bash
# What a steady-state check-in costs PostgreSQL, in quantities that do not depend on how busy the
# machine is: how many updates were HOT (in place, no index entry), WAL records and bytes per
# check-in, buffers touched, index growth, and the buffers (and, for what they are worth on a
# shared machine, times) of the staff list queries. Compares, on copies of one seeded database:
#
#   before    the indexes of V6 (deadline, last_request_timestamp) and the check-in UPDATE
#             without sweep_after: every check-in changes indexed columns
#   after     V13 at the default fillfactor 100: sweep_after and seen_floor indexed instead, the
#             check-in of CheckInBatch
#   after_ff  V13 with V14's fillfactor 90 (room on every page for a new version), the
#             check-in before learned liveness (V20)
#   learned   as shipped: after_ff with the check-in that also writes the learned rhythm
#             (V20's columns, none indexed: the samples, mean and variance, the longest
#             interval, the run, the basis and late_after, which a first learned check-in
#             turns from NULL to a time and so widens the row)
#
# Only psql and pgbench against PostgreSQL on 127.0.0.1; no Vigil server. The check-ins are the
# statements CheckInBatch sends, in transactions of 16 like a group-commit batch.
#
#   bench/hot.sh                              # a million statuses, 100 thousand check-ins per pass
#   HOT_STATUSES=100000 HOT_CHECKINS=20000 bench/hot.sh
#
# Knobs: HOT_STATUSES, HOT_CHECKINS (per pass; two passes per variant), HOT_SAMPLES (check-ins
# measured one by one with EXPLAIN (ANALYZE, BUFFERS, WAL)), HOT_KEEP=1 keeps the databases,
# HOT_VARIANTS (all four: before after after_ff learned).
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
cd "$(dirname "$0")/.."

STATUSES=${HOT_STATUSES:-1000000}
CHECKINS=${HOT_CHECKINS:-100000}
SAMPLES=${HOT_SAMPLES:-400}
VARIANTS=${HOT_VARIANTS:-before after after_ff learned}
PREFIX=vigil_perf_hot
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q -X)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

log() { printf '== %s\n' "$*" >&2; }
q() { local db=$1; shift; "${PSQL[@]}" -d "$db" -tA "$@"; }

drop_all() {
  for v in seed before after after_ff learned; do
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS ${PREFIX}_$v WITH (FORCE)"
  done
}

log "seed: $STATUSES statuses (migrations of src/main/resources/db/migration, then bench/seed.sql)"
drop_all
"${PSQL[@]}" -d postgres -c "CREATE DATABASE ${PREFIX}_seed"
for f in $(ls src/main/resources/db/migration/V*.sql | sort -t V -k2 -n); do
  "${PSQL[@]}" -d ${PREFIX}_seed -f "$f" > /dev/null
done
# Migration 15 is Java (db.migration.V15__KeptCounts); its SQL is the kept counts' triggers.
"${PSQL[@]}" -d ${PREFIX}_seed -f src/main/resources/db/tally/postgresql.sql > /dev/null
"${PSQL[@]}" -d ${PREFIX}_seed -v statuses="$STATUSES" -f bench/seed.sql

for v in $VARIANTS; do
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE ${PREFIX}_$v TEMPLATE ${PREFIX}_seed"
done
has() { [[ " $VARIANTS " == *" $1 "* ]]; }
has before && "${PSQL[@]}" -d ${PREFIX}_before -c "DROP INDEX integration_status_sweep_after_id_idx" \
  -c "DROP INDEX integration_status_seen_floor_idx" \
  -c "CREATE INDEX integration_status_deadline_idx ON integration_status (deadline)" \
  -c "CREATE INDEX integration_status_last_request_idx ON integration_status (last_request_timestamp, id)" \
  -c "VACUUM ANALYZE integration_status"
for v in after_ff learned; do
  if has $v; then
    "${PSQL[@]}" -d ${PREFIX}_$v -c "ALTER TABLE integration_status SET (fillfactor = 90)" \
      -c "VACUUM FULL integration_status" -c "ANALYZE integration_status"
  fi
done

min=$(q ${PREFIX}_seed -c "SELECT min(id) FROM offering")
max=$(q ${PREFIX}_seed -c "SELECT max(id) FROM offering")

# The steady-state UPDATE of CheckInBatch, as it reaches PostgreSQL, for one random status.
checkin_sql() {
  local v=$1 o=$2 t=$3
  local sweep=""
  local rhythm=""
  [ "$v" != before ] && sweep=", sweep_after = CASE WHEN sweep_after <= now() + interval '1 hour' THEN sweep_after ELSE now() + interval '1 hour' END"
  # What PhiAccrual computed, bound as values: any values do for HOT, as long as they vary.
  [ "$v" = learned ] && rhythm=", rhythm_samples = least(rhythm_samples + 1, 50), rhythm_mean = 300000 * random(), rhythm_variance = 1e8 * random(), rhythm_longest = greatest(rhythm_longest, 310000), rhythm_run = 0, rhythm_run_mean = 0, rhythm_run_squares = 0, timeout_basis = 1, late_after = now() + interval '6 minutes'"
  echo "UPDATE integration_status SET last_request_timestamp = now(), service_name = 'waldur-site-agent/1.0', deadline = now() + interval '1 hour'$sweep$rhythm WHERE offering_id = $o AND agent_type = $t AND status = 2 AND (last_request_timestamp IS NULL OR last_request_timestamp <= now())"
}

stats() {
  q "$1" -F' ' -c "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'integration_status'"
}

sizes() {
  q "$1" -F' ' -c "SELECT string_agg(replace(c.relname, 'integration_status_', '') || ' ' || pg_size_pretty(pg_relation_size(c.oid)), ', ' ORDER BY c.relname)
    FROM pg_class c WHERE c.relname LIKE 'integration_status%' AND c.relkind IN ('r', 'i')"
}

# list_queries DB VARIANT: EXPLAIN (ANALYZE, BUFFERS) of the staff list's statements.
list_queries() {
  local db=$1 v=$2
  local cols="s.uuid, s.agent_type, s.status, s.last_request_timestamp, s.service_name, s.deadline,
    (SELECT e.created FROM status_event e WHERE e.integration_status_id = s.id ORDER BY e.id DESC LIMIT 1),
    o.uuid, o.name, c.uuid, c.name"
  local from="integration_status s JOIN offering o ON o.id = s.offering_id JOIN customer c ON c.id = o.customer_id"
  local asc="s.last_request_timestamp ASC NULLS LAST, s.id"
  local desc="s.last_request_timestamp DESC NULLS FIRST, s.id"
  local problems="CASE WHEN s.status = 3 THEN 0 WHEN s.status = 1 THEN 1 ELSE 2 END, s.last_request_timestamp ASC NULLS FIRST, s.id"
  page() { # WHERE ORDER
    if [ "$v" = before ]; then
      echo "SELECT $cols FROM $from WHERE $1 ORDER BY $2 LIMIT 10"
    else
      echo "SELECT $cols FROM $from JOIN (SELECT s.id FROM integration_status s WHERE $1 ORDER BY $2 LIMIT 10) chosen ON chosen.id = s.id ORDER BY $2"
    fi
  }
  explain() { # LABEL SQL...
    local label=$1; shift
    local total=0 buffers=0
    for sql in "$@"; do
      q "$db" -c "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) $sql" > "$WORK/plan.json"
      read -r ms b < <(python3 -c "
import json, sys
p = json.load(open('$WORK/plan.json'))[0]
n = p['Plan']
print(p['Execution Time'], n.get('Shared Hit Blocks', 0) + n.get('Shared Read Blocks', 0))")
      total=$(awk -v a="$total" -v b="$ms" 'BEGIN { print a + b }')
      buffers=$((buffers + b))
    done
    printf '| %s | %s | %s | %.1f |\n' "$v" "$label" "$buffers" "$total"
  }
  explain "count, no filter" "SELECT count(*) FROM integration_status s"
  explain "count ?status=Disconnected" "SELECT count(*) FROM integration_status s WHERE s.status = 3"
  explain "page, no order" "$(page true s.id)"
  explain "page ?status=Disconnected" "$(page "s.status = 3" s.id)"
  if [ "$v" = before ]; then
    explain "page ?o=last_request_timestamp" "$(page true "$asc")"
  else
    local bound
    bound=$(q "$db" -c "SELECT lr FROM (SELECT s.last_request_timestamp lr FROM integration_status s
      WHERE s.seen_floor IS NOT NULL AND s.last_request_timestamp IS NOT NULL ORDER BY s.seen_floor, s.id LIMIT 200) h
      ORDER BY lr OFFSET 9 LIMIT 1")
    explain "page ?o=last_request_timestamp" \
      "SELECT s.last_request_timestamp FROM integration_status s WHERE s.seen_floor IS NOT NULL AND s.last_request_timestamp IS NOT NULL ORDER BY s.seen_floor, s.id LIMIT 200" \
      "$(page "s.seen_floor <= '$bound'" "$asc")"
  fi
  explain "page ?o=-last_request_timestamp" "$(page true "$desc")"
  explain "page ?o=problems" "$(page true "$problems")"
}

echo "| variant | pass | check-ins | updates | HOT updates | HOT share |" > "$WORK/hot.md"
echo "|---|---|---|---|---|---|" >> "$WORK/hot.md"
echo "| variant | check-ins sampled | WAL records each | WAL bytes each | full-page images each | buffers each |" > "$WORK/wal.md"
echo "|---|---|---|---|---|---|" >> "$WORK/wal.md"
echo "| variant | relation sizes after seeding | after the check-ins |" > "$WORK/size.md"
echo "|---|---|---|" >> "$WORK/size.md"
echo "| variant | staff query | buffers | ms (shared machine) |" > "$WORK/list.md"
echo "|---|---|---|---|" >> "$WORK/list.md"

for v in $VARIANTS; do
  db=${PREFIX}_$v
  size0=$(sizes "$db")
  for pass in 1 2; do
    log "$v: pass $pass, $CHECKINS check-ins in transactions of 16"
    {
      echo "BEGIN;"
      for i in $(seq 1 16); do
        echo "\\set o$i random($min, $max)"
        echo "\\set t$i random(1, 5)"
      done
      for i in $(seq 1 16); do
        echo "$(checkin_sql "$v" ":o$i" ":t$i");"
      done
      echo "COMMIT;"
    } > "$WORK/checkin.sql"
    read -r upd0 hot0 < <(stats "$db")
    pgbench -h 127.0.0.1 -U postgres -n -c 2 -j 2 -t $((CHECKINS / 32)) -f "$WORK/checkin.sql" "$db" > "$WORK/pgbench.out" 2>&1 \
      || { cat "$WORK/pgbench.out" >&2; exit 1; }
    sleep 1
    read -r upd1 hot1 < <(stats "$db")
    printf '| %s | %s | %s | %s | %s | %.3f |\n' "$v" "$pass" "$CHECKINS" $((upd1 - upd0)) $((hot1 - hot0)) \
      "$(awk -v h=$((hot1 - hot0)) -v u=$((upd1 - upd0)) 'BEGIN { print (u ? h / u : 0) }')" >> "$WORK/hot.md"
  done

  log "$v: $SAMPLES check-ins one by one with EXPLAIN (ANALYZE, BUFFERS, WAL), twice over the same statuses"
  q "$db" -c "SELECT offering_id || ' ' || agent_type FROM integration_status WHERE status = 2 ORDER BY random() LIMIT $SAMPLES" > "$WORK/keys"
  for round in 1 2; do
    {
      [ "$round" = 1 ] && echo "CHECKPOINT;"
      while read -r o t; do
        echo "EXPLAIN (ANALYZE, BUFFERS, WAL, FORMAT JSON) $(checkin_sql "$v" "$o" "$t");"
      done < "$WORK/keys"
    } | q "$db" > "$WORK/samples.$round.json"
    python3 - "$WORK/samples.$round.json" "$v" "$round" >> "$WORK/wal.md" <<'EOF'
import json, sys
text = open(sys.argv[1]).read()
decoder, pos, plans = json.JSONDecoder(), 0, []
while True:
    while pos < len(text) and text[pos] in " \n\r\t":
        pos += 1
    if pos >= len(text):
        break
    value, pos = decoder.raw_decode(text, pos)
    plans.append(value[0]['Plan'])
n = len(plans)
rows = sum(p.get('Actual Rows', 0) for p in plans)
s = lambda k: sum(p.get(k, 0) for p in plans) / n
label = "after a checkpoint" if sys.argv[3] == "1" else "same statuses again"
print(f"| {sys.argv[2]} | {n} ({label}) | {s('WAL Records'):.2f} | {s('WAL Bytes'):.0f} | {s('WAL FPI'):.2f} | "
      f"{s('Shared Hit Blocks') + s('Shared Read Blocks'):.1f} hit or read, {s('Shared Dirtied Blocks'):.2f} dirtied |")
EOF
  done
  echo "| $v | $size0 | $(sizes "$db") |" >> "$WORK/size.md"
  "${PSQL[@]}" -d "$db" -c "VACUUM ANALYZE"
  log "$v: staff list queries"
  list_queries "$db" "$v" >> "$WORK/list.md"
done

{
  echo "bench/hot.sh: $STATUSES statuses, $CHECKINS check-ins per pass, PostgreSQL $(q postgres -c 'SHOW server_version'), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  cat "$WORK/hot.md"
  echo
  cat "$WORK/wal.md"
  echo
  cat "$WORK/size.md"
  echo
  cat "$WORK/list.md"
}
[ "${HOT_KEEP:-}" = 1 ] || drop_all
