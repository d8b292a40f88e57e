#!/usr/bin/env bash
# Optimizer-agnostic check of the per-layer attribution (paper: SGD- and Adam-trained models flag the same layers):
# the small CNN trained with heavy-ball SGD + physics momentum and with Adam, same data subset, budget and seed; each
# attributed on its validation split with the default selection (param_budget 0.2), then the flagged sets compared.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/results/attribution"
mkdir -p "$OUT"
COMMON=(--set run.resultsDir=runs/bench --set data.maxTrainRecords=10000 --set data.maxTestRecords=3000
        --set training.epochs=3 --set training.checkpointEveryRounds=1000)
echo "date: $(date -u +%FT%TZ); load before: $(uptime)" > "$OUT/machine.txt"
rm -rf runs/bench/attr-sgd runs/bench/attr-adam
deploy/critdamp train "${COMMON[@]}" --set run.name=attr-sgd --set optimizer.kind=heavy_ball \
  --set momentum.kind=physics --set learningRate.baseLr=0.05 | tee "$OUT/train-sgd.log"
deploy/critdamp train "${COMMON[@]}" --set run.name=attr-adam --set optimizer.kind=adam \
  --set learningRate.baseLr=0.002 | tee "$OUT/train-adam.log"
deploy/critdamp attribute --run runs/bench/attr-adam | tee "$OUT/attribute-adam.log"
deploy/critdamp attribute --run runs/bench/attr-sgd --compare-with runs/bench/attr-adam | tee "$OUT/attribute-sgd.log"
cp runs/bench/attr-sgd/comparison.json "$OUT/comparison.json"
for r in sgd adam; do cp "runs/bench/attr-$r/attribution.json" "$OUT/attribution-$r.json"; done
echo "load after: $(uptime)" >> "$OUT/machine.txt"
