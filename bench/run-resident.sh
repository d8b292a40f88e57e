#!/usr/bin/env bash
# Resident memory one engine adds to a JVM, stage by stage (critdamp bench resident: VmRSS as started, after loading the
# engine's native library, after building the network and its minibatches, after a few training steps), one JVM per
# engine and model, under the machine lock. The figures behind the memory plan's engine terms (docs/memory.md).
# Results: bench/results/resident.{jsonl,md}, log: bench/results/resident.log.
#   bench/run-resident.sh                                   # both engines, small_cnn resnet20 resnet18, batch 64
#   ENGINES=torch MODELS=small_cnn STEPS=10 bench/run-resident.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_built
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
ENGINES="${ENGINES:-torch dl4j}"
MODELS="${MODELS:-small_cnn resnet20 resnet18}"
STEPS="${STEPS:-5}"
LOG="$RESULTS/resident.log"
machine_info | tee -a "$LOG"

for m in $MODELS; do
  for engine in $ENGINES; do
    # ResNet-18 takes seconds per step on CPU: 3 steps reach the steady state of its buffers
    steps="$STEPS"; [[ "$m" == resnet18 ]] && steps="${RESNET18_STEPS:-3}"
    locked "$LOG" bench_java false -Xmx2g -- resident --engine "$engine" --model "$m" --batch 64 --steps "$steps" \
      --label "${LABEL:-omp$OMP_NUM_THREADS}"
  done
done
