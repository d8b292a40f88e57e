#!/usr/bin/env bash
# The PyTorch arm of the learning-rate study (issue #18): bench/torch_peer.py (critdamp's exact heavy-ball update,
# constant mu = 0.9 or physics mu = clamp(1 - 2 sqrt(alpha), 0, 0.99), cosine to 0, batch 64, 2 threads, one process)
# at the rates the critdamp study chose for its "constant" and "physics" schedules (from study.jsonl), with the study's
# seeds, epochs and image counts. The peer has no validation split and needs none: it chooses nothing, the rates come
# from critdamp's validation choice. It trains on the first 10,800 training images (critdamp: the first 15,000 less a
# seeded 28% validation split, so as many images but not the same ones) and tests on the same 10,000 test images.
# Rows (per epoch: test accuracy, wall time) go to bench/results/lr-study/peer/torch-convergence-cifar10.{jsonl,md};
# peer-table.md (bench/lr_study_peer_table.py) sets them beside critdamp's at the study's targets.
#   bench/run-lr-study-peer.sh            # 2 schedules x 3 seeds x the study's 20 epochs: ~15 min per run, ~90 min
#                                         # (2026-11-30, AMD EPYC 2 cores: 816-985 s a run);
#                                         # a rerun skips the seed runs that finished
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PY=/usr/bin/python3
DIR="${STUDY_DIR:-$ROOT/runs/studies/lr-study}"
OUT="$RESULTS/lr-study/peer"
LOG="$OUT/torch-peer.log"
SEEDS="${SEEDS:-1 2 3}"
mkdir -p "$OUT"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
[[ -f "$DIR/study.jsonl" ]] || { echo "no $DIR/study.jsonl: run bench/run-lr-study.sh first" >&2; exit 2; }
# the study's own budget, unless EPOCHS says otherwise: the overrides of its latest invocation (run.json, or the
# newest run-resumed-*.json; the drift guard keeps them equal for every trained point)
EPOCHS="${EPOCHS:-$($PY -c 'import glob, json, sys
runs = [json.load(open(f)) for f in glob.glob(sys.argv[1] + "/run*.json")]
print(max(runs, key=lambda r: r["time"])["sweep"]["overrides"]["training.epochs"])' "$DIR")}"
# the chosen rate of a schedule, once its search is settled (interior or edge)
rate() {
  $PY -c 'import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    s = r["search"]
    if r["schedule"] == sys.argv[2] and s["verdict"] in ("INTERIOR", "EDGE") and s["best"]:
        print(s["best"]["rate"])' "$DIR/study.jsonl" "$1"
}
# whether a seed run at that rate already finished all its epochs (a rerun of this script skips it)
done_run() {
  [[ -f "$OUT/torch-convergence-cifar10.jsonl" ]] && $PY -c 'import json, sys
m, lr, seed, epochs = sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
sys.exit(0 if any(r["momentum"] == m and abs(r["base lr"] - lr) < 1e-12 and r["seed"] == seed
                  and r["epochs"] == epochs and r["epoch"] == epochs for r in rows) else 1)' \
    "$OUT/torch-convergence-cifar10.jsonl" "$1" "$2" "$3" "$EPOCHS"
}
machine_info | tee -a "$LOG"
echo "- torch: $($PY -c 'import torch; print(torch.__version__)'); study: $DIR" | tee -a "$LOG"
for m in constant physics; do
  lr="$(rate "$m")"
  if [[ -z "$lr" ]]; then
    echo "schedule $m: no chosen rate yet in $DIR/study.jsonl (study not settled): skipped" | tee -a "$LOG"
    continue
  fi
  for s in $SEEDS; do
    if done_run "$m" "$lr" "$s"; then
      echo "schedule $m, rate $lr, seed $s: done earlier, skipped" | tee -a "$LOG"
      continue
    fi
    locked "$LOG" $PY "$ROOT/bench/torch_peer.py" --model small_cnn --epochs "$EPOCHS" --lr "$lr" --momentum "$m" \
      --seed "$s" --train-images "${TRAIN_IMAGES:-10800}" --test-images "${TEST_IMAGES:-10000}" --results "$OUT"
  done
done
# critdamp's and PyTorch's rows side by side at the study's targets, and whether the verdict depends on the framework
$PY "$ROOT/bench/lr_study_peer_table.py" "$DIR" "$OUT" "$EPOCHS" > "$OUT/peer-table.md"
cat "$OUT/peer-table.md"
