#!/usr/bin/env bash
# Optimizer-agnostic check of the per-layer attribution (paper: SGD- and Adam-trained models flag the same layers):
# the small CNN trained with heavy-ball SGD + physics momentum (the seed-1 physics point of convergence-schedules.yaml,
# so run bench/run-convergence.sh first) and with Adam on the same data subset, budget and seed; each attributed on
# its validation split with the default selection (`top_k`, 3 of 6 groups, since issue #17; it was param_budget 0.2 per layer), then the flagged sets compared.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/results/attribution"
mkdir -p "$OUT"
COMMON=(--set run.resultsDir=runs/bench --set data.maxTrainRecords=10000 --set data.maxTestRecords=3000
        --set training.epochs=3 --set training.checkpointEveryRounds=1000 --set run.seed=1)
SGD=runs/bench/convergence-schedules/points/momentum.kind-physics__run.seed-1
[[ -f "$SGD/config.json" ]] || { echo "no $SGD: run bench/run-convergence.sh first" >&2; exit 2; }
echo "date: $(date -u +%FT%TZ); load before: $(uptime)" > "$OUT/machine.txt"
rm -rf runs/bench/attr-adam
deploy/critdamp train "${COMMON[@]}" --set run.name=attr-adam --set optimizer.kind=adam \
  --set learningRate.baseLr=0.002 | tee "$OUT/train-adam.log"
deploy/critdamp attribute --run runs/bench/attr-adam | tee "$OUT/attribute-adam.log"
deploy/critdamp attribute --run "$SGD" --compare-with runs/bench/attr-adam | tee "$OUT/attribute-sgd.log"
cp "$SGD/comparison.json" "$OUT/comparison.json"
cp "$SGD/attribution.json" "$OUT/attribution-sgd.json"
cp runs/bench/attr-adam/attribution.json "$OUT/attribution-adam.json"
echo "load after: $(uptime)" >> "$OUT/machine.txt"
