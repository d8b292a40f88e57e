#!/usr/bin/env bash
# Convergence benchmark: runs the sweeps one after the other (each in one Spark application) and copies their tables
# and reports into bench/results/convergence/ with the machine, command and date (appended to machine.txt).
#   bench/run-convergence.sh                                   # CIFAR-10: schedules, learning rates, updater (~13 runs x 2-3 min)
#   SWEEPS=convergence-fashion bench/run-convergence.sh        # Fashion-MNIST schedules (apt-get install dataset-fashion-mnist)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/results/convergence"
mkdir -p "$OUT"
{
  echo "## date: $(date -u +%FT%TZ)"
  echo "machine: $(lscpu | sed -n 's/^Model name:\s*//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset} OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
  echo "load before: $(uptime)"
} >> "$OUT/machine.txt"
for s in ${SWEEPS:-convergence-schedules convergence-lr averaging-updater}; do
  RESUME=""
  [[ -f "runs/bench/$s/run.json" ]] && RESUME="--resume"
  echo "command: deploy/critdamp sweep -c bench/$s.yaml $RESUME" >> "$OUT/machine.txt"
  deploy/critdamp sweep -c "bench/$s.yaml" $RESUME || true
  for f in results.csv summary.csv report.html; do
    cp "runs/bench/$s/$f" "$OUT/$s-$f" 2>/dev/null || true
  done
done
echo "load after: $(uptime)" >> "$OUT/machine.txt"
