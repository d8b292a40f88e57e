#!/usr/bin/env bash
# Schedules compared fairly (issue #18, conf/lr-study.yaml): runs or continues the learning-rate study under the
# machine lock (--resume once its folder exists) and copies its table, page and charts into bench/results/lr-study/,
# with the date, load and commit in machine.md. The study takes ~16 h in all: rerun this script in later sessions until
# it prints "complete"; nothing that finished is trained again.
#   bench/run-lr-study.sh                 # the study (resumable)
#   CEILING=1 bench/run-lr-study.sh       # only the 40-epoch ceiling run (~35 min): first, to check the budget
#   bench/run-lr-study-peer.sh            # afterwards: the PyTorch arm at the study's chosen rates
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
STUDY="${STUDY:-conf/lr-study.yaml}"
DIR="${STUDY_DIR:-runs/studies/lr-study}"   # resultsDir/name of the study file
OUT="$RESULTS/lr-study"
LOG="$OUT/lr-study.log"
mkdir -p "$OUT"
args=(lr-study -c "$STUDY")
if [[ -n "${CEILING:-}" ]]; then
  args+=(--ceiling)
elif [[ -f "$DIR/run.json" ]]; then
  args+=(--resume)
fi
{
  machine_info
  echo "- command: deploy/critdamp ${args[*]}"
} >> "$OUT/machine.md"
rc=0
locked "$LOG" deploy/critdamp "${args[@]}" || rc=$?
for f in study.md study.csv study.jsonl study.html results.csv summary.csv; do
  cp "$DIR/$f" "$OUT/$f" 2>/dev/null || true
done
mkdir -p "$OUT/report"
cp "$DIR"/report/lr-*.png "$OUT/report/" 2>/dev/null || true
echo "- exit code: $rc ($(date -u +%FT%TZ))" >> "$OUT/machine.md"
exit "$rc"
