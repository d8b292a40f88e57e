#!/usr/bin/env bash
# Scaling study (issue #19): `critdamp scaling` on conf/scaling-small-cnn.yaml (small CNN, CIFAR-10 subset of 10,000
# records, 2 epochs), 1, 2 and 4 workers, strong and weak scaling (5 runs: the 1-worker run serves both), each size
# its own Spark application on local-cluster[N,1,1536] (N executor JVMs on this machine; on 2 cores the 4-worker
# sizes are oversubscribed and the table says so). The whole study holds the machine lock.
# Results: bench/results/scaling/<study>.md (machine, load before/after, the table), <study>.png, and one line per
# row in bench/results/scaling.jsonl (study, date, commit, load, the row); the study folder in runs/bench/<study>/.
#   bench/run-scaling.sh                      # the study (~12 min here on a quiet machine, ~20 min at load 2-3)
#   bench/run-scaling.sh --dry-run            # print the plan only
#   WORKERS=1,2 MODE=weak bench/run-scaling.sh --lr-rule sqrt    # other sizes/modes; options go to the command
# Environment: WORKERS (1,2,4), MODE (both), MASTER ('local-cluster[{N},1,1536]'), CRITDAMP_BENCH_RESULTS.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
WORKERS="${WORKERS:-1,2,4}"
MODE="${MODE:-both}"
DEFAULT_MASTER='local-cluster[{N},1,1536]'   # {N}: the size (a literal brace cannot stand in ${MASTER:-...})
MASTER="${MASTER:-$DEFAULT_MASTER}"
STUDY="scaling-$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$RESULTS/scaling"
LOG="$OUT/$STUDY.log"
CMD=(deploy/critdamp scaling -c conf/scaling-small-cnn.yaml --workers "$WORKERS" --mode "$MODE" --master "$MASTER"
     --set run.resultsDir=runs/bench --set "run.name=$STUDY" "$@")
if [[ " $* " == *" --dry-run "* ]]; then
  exec "${CMD[@]}"
fi
mkdir -p "$OUT"
# local-cluster executors start from $SPARK_HOME/jars: Spark's jars and the app jar (builds the jar when missing)
export SPARK_HOME; SPARK_HOME="$("$ROOT/bench/prepare-spark-home.sh" | tail -1)"
export SPARK_SCALA_VERSION=2.12
(
  flock 9
  LOAD_BEFORE="$(uptime)"
  rc=0
  "${CMD[@]}" || rc=$?
  LOAD_AFTER="$(uptime)"
  DIR="runs/bench/$STUDY"
  if [[ -f "$DIR/scaling.jsonl" ]]; then
    { machine_info; echo "- load before: $LOAD_BEFORE"; echo "- load after: $LOAD_AFTER"; echo;
      cat "$DIR/scaling.md"; } > "$OUT/$STUDY.md"
    cp "$DIR/scaling.png" "$OUT/$STUDY.png"
    COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    while read -r row; do
      printf '{"study":"%s","date":"%s","commit":"%s","loadBefore":"%s","loadAfter":"%s","row":%s}\n' "$STUDY" \
        "$(date -u +%FT%TZ)" "$COMMIT" "${LOAD_BEFORE##*average: }" "${LOAD_AFTER##*average: }" "$row"
    done < "$DIR/scaling.jsonl" >> "$RESULTS/scaling.jsonl"
    cat "$OUT/$STUDY.md"
  fi
  exit $rc
) 9>"$LOCK" 2>&1 | tee -a "$LOG"
exit "${PIPESTATUS[0]}"
