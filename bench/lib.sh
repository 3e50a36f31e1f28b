# What bench/run.sh and bench/cpu.sh share (sourced; needs PSQL, DB, SERVER_PID, ADMIN_KEY and WORK):
# warming up, and CPU accounting from /proc (utime + stime in clock ticks).
TICK=$(getconf CLK_TCK)

# answered FILE: how many requests the wrk run whose output is FILE answered.
answered() { awk '/requests in/ { print $1 }' "$1"; }

# warm_up_runs WANT RUNS wrk-args...: wrk runs of 5 seconds on 64 connections until WANT requests
# were answered or RUNS runs were made, so that the JIT has compiled the path before it is
# measured however busy the machine is; prints how many were answered.
warm_up_runs() {
  local want=$1 runs=$2 done=0; shift 2
  for _ in $(seq 1 "$runs"); do
    VIGIL_TOKEN=$ADMIN_KEY wrk -t2 -c64 -d5s "$@" > "$WORK/warm-up.out"
    done=$(( done + $(answered "$WORK/warm-up.out") ))
    [ "$done" -ge "$want" ] && break
  done
  echo "$done"
}

# ticks PID...: utime + stime of these processes, in clock ticks (those gone count 0).
ticks() {
  local total=0 pid
  for pid in "$@"; do
    # Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    total=$(( total + $( { cat "/proc/$pid/stat" 2>/dev/null || true; } | sed 's/^.*) //' | awk '{ t = $12 + $13 } END { print t + 0 }') ))
  done
  echo "$total"
}

# jvm_ticks: the server's ticks, and those of its JIT compiler and GC threads among them, as
# "total jit gc" (a thread that ended took its ticks along: the total is the process's own).
jvm_ticks() {
  local jit gc
  read -r jit gc < <(for task in /proc/"$SERVER_PID"/task/*; do
      { cat "$task/stat" 2>/dev/null || true; }
    done | awk '{ name = $0; sub(/^[0-9]+ \(/, "", name); sub(/\) .*$/, "", name); rest = $0; sub(/^.*\) /, "", rest)
      split(rest, f, " "); t = f[12] + f[13]
      if (name ~ /Compiler/) jit += t; else if (name ~ /^(GC |G1 )/) gc += t }
      END { print jit + 0, gc + 0 }')
  echo "$(ticks "$SERVER_PID") $jit $gc"
}

# backends: the PostgreSQL backends of the bench database (none on H2). The WAL writer and the
# checkpointer, shared with any other database on the server, are not counted.
backends() {
  [ "${STORE:-postgresql}" = postgresql ] || return 0
  "${PSQL[@]}" -d postgres -tAc "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()"
}

# cpu_start, then cpu_per_request REQUESTS: the CPU µs per request since cpu_start, as
# "jvm jit gc postgresql" (PostgreSQL's: the backends open at cpu_start).
cpu_start() {
  CPU_PG_PIDS=$(backends | tr '\n' ' ')
  CPU_JVM_BEFORE=$(jvm_ticks)
  # shellcheck disable=SC2086
  CPU_PG_BEFORE=$(ticks $CPU_PG_PIDS)
}
cpu_per_request() {
  local after pg_after
  after=$(jvm_ticks)
  # shellcheck disable=SC2086
  pg_after=$(ticks $CPU_PG_PIDS)
  awk -v n="$1" -v before="$CPU_JVM_BEFORE" -v after="$after" -v pg=$(( pg_after - CPU_PG_BEFORE )) -v tick="$TICK" 'BEGIN {
    split(before, b, " "); split(after, a, " "); us = 1e6 / tick / n
    printf "%.1f %.1f %.1f %.1f\n", (a[1] - b[1]) * us, (a[2] - b[2]) * us, (a[3] - b[3]) * us, pg * us }'
}
