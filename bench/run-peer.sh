#!/usr/bin/env bash
# PyTorch peer (Debian's torch 1.13 at /usr/bin/python3): training img/s of the same networks, NCHW and
# channels_last, 2 threads, alternated and under the machine lock; EPOCHS>0 adds a short convergence run of the small
# CNN with critdamp's heavy-ball update and physics momentum. Results: bench/results/torch-peer.*, torch-convergence.*.
#   bench/run-peer.sh                         # small_cnn and resnet20, 2 rounds, 20 s each
#   EPOCHS=2 bench/run-peer.sh               # TRAIN_IMAGES=10000 for a shorter convergence check
#   ROUNDS=0 EPOCHS=3 TRAIN_IMAGES=9000 TEST_IMAGES=3000 SEEDS="1 2 3" MOMENTA="constant physics" bench/run-peer.sh
#                                             # the CIFAR-10 subset of bench/convergence-schedules.yaml, both schedules
#   ROUNDS=0 FASHION_SEEDS="1 2 3" bench/run-peer.sh   # Fashion-MNIST subset of bench/convergence-fashion.yaml
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PY=/usr/bin/python3
MODELS="${MODELS:-small_cnn resnet20}"
ROUNDS="${ROUNDS:-2}"
SECS="${SECONDS_PER_RUN:-20}"
LOG="$RESULTS/torch-peer.log"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
machine_info | tee -a "$LOG"
echo "- torch: $($PY -c 'import torch; print(torch.__version__)')" | tee -a "$LOG"
for r in $(seq 1 "$ROUNDS"); do
  for m in $MODELS; do
    locked "$LOG" $PY "$ROOT/bench/torch_peer.py" --model "$m" --seconds "$SECS" --label "round$r"
    locked "$LOG" $PY "$ROOT/bench/torch_peer.py" --model "$m" --seconds "$SECS" --channels-last --label "round$r"
  done
done
if [[ "${EPOCHS:-0}" -gt 0 ]]; then
  for s in ${SEEDS:-42}; do
    for m in ${MOMENTA:-physics}; do
      locked "$LOG" $PY "$ROOT/bench/torch_peer.py" --model "${CONVERGENCE_MODEL:-small_cnn}" --epochs "$EPOCHS" \
        --train-images "${TRAIN_IMAGES:-50000}" --test-images "${TEST_IMAGES:-10000}" --momentum "$m" --seed "$s"
    done
  done
fi
# Fashion-MNIST: ~the train/test subset of bench/convergence-fashion.yaml (12,000 records less the 10% validation).
for s in ${FASHION_SEEDS:-}; do
  for m in constant physics; do
    locked "$LOG" $PY "$ROOT/bench/torch_peer.py" --dataset fashion_mnist --epochs "${FASHION_EPOCHS:-3}" \
      --train-images 10800 --test-images 5000 --momentum "$m" --seed "$s"
  done
done
