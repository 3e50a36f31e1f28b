#!/usr/bin/env bash
# Learned liveness, the evidence (issue 23): replays fleets of agents in simulated time (no
# server, no database, no sleeping) through the production deadline code
# (org.vigil.status.rhythm.PhiAccrual) and reports, per check-in profile, false disconnections
# per 1,000 agent-days and the detection delay (p50, p95) of injected deaths, for Waldur's rule,
# Vigil's configured timeouts (direct and mirror) and the learned rhythm. The runner is
# src/test/java/org/vigil/bench/LivenessReplay.java (test-scoped, not run by the suite). Writes
# its own section ("## Learned liveness: fleets replayed in simulated time") of
# docs/benchmarks.md and leaves the others, the hand-written analysis after it included.
#
#   bench/liveness.sh                        # 10,000 agents per profile, about 2 minutes on 2 quiet cores
#   LIVENESS_AGENTS=1000 bench/liveness.sh   # a quick look
#
# Knobs: LIVENESS_AGENTS (10000), LIVENESS_SEED (23), BENCH_JAVA (as bench/run.sh), BENCH_BUILD
# (true: mvn test-compile first), BENCH_REPORT (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."

AGENTS=${LIVENESS_AGENTS:-10000}
SEED=${LIVENESS_SEED:-23}
REPORT=${BENCH_REPORT:-docs/benchmarks.md}
HEADING='## Learned liveness: fleets replayed in simulated time'
if [ -z "${BENCH_JAVA:-}" ]; then
  BENCH_JAVA=java
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ "${BENCH_BUILD:-true}" = true ]; then
  mvn -q -B -ntp test-compile
fi
# PhiAccrual and the runner need nothing beyond Vigil's own classes and the JDK.
"$BENCH_JAVA" -cp target/classes:target/test-classes org.vigil.bench.LivenessReplay \
  --agents "$AGENTS" --seed "$SEED" --out "$WORK/section.md" > /dev/null
cat "$WORK/section.md"

# Replace this section only: from its heading to the next "## " heading (or the end).
if [ -f "$REPORT" ] && grep -qF "$HEADING" "$REPORT"; then
  awk -v section="$WORK/section.md" -v heading="$HEADING" '
    $0 == heading { while ((getline line < section) > 0) print line; print ""; skip = 1; next }
    skip && /^## / { skip = 0 }
    !skip { print }' "$REPORT" > "$WORK/merged.md"
  mv "$WORK/merged.md" "$REPORT"
else
  { [ -f "$REPORT" ] && cat "$REPORT" && echo; cat "$WORK/section.md"; } > "$WORK/merged.md"
  mv "$WORK/merged.md" "$REPORT"
fi
echo "Written to $REPORT" >&2
