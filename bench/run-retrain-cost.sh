#!/usr/bin/env bash
# Cost of a targeted retraining step against an all-layers one (issue #16, item 5): ms/step of a network retraining
# all layer groups, the top two groups, and the classifier alone (or the groups given), alternated arm by arm in one
# JVM under the machine lock, with each arm's share of the trainable parameters. No Spark.
# Results: bench/results/retrain-cost.{jsonl,md}; log: bench/results/retrain-cost.log.
#   bench/run-retrain-cost.sh                                        # small_cnn, 3 rounds x 20 steps, ~1 min
#   MODELS="small_cnn resnet20" bench/run-retrain-cost.sh            # ResNet-20 too, ~1 min more
#   ARMS="--arm block1_2,block3_1,fc --arm fc" bench/run-retrain-cost.sh   # other targeted group sets
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_built
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
LOG="$RESULTS/retrain-cost.log"
machine_info | tee -a "$LOG"
for m in ${MODELS:-small_cnn}; do
  # shellcheck disable=SC2086 # ARMS holds several options
  locked "$LOG" bench_java false -- retrain-cost --model "$m" --batch 64 --steps "${STEPS:-20}" \
    --rounds "${ROUNDS:-3}" --warmup "${WARMUP:-3}" ${ARMS:-} --label "${LABEL:-}"
done
