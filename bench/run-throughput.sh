#!/usr/bin/env bash
# Single-JVM training throughput: peak matmul GFLOP/s, then each model with DL4J's fast path on and off (separate
# JVMs, alternated A B A B) and on the torch engine where ENGINES names it, each run under the machine lock.
# Results: bench/results/{peak,throughput}.{jsonl,md}, log: bench/results/throughput.log.
#   bench/run-throughput.sh                       # small_cnn and resnet20, 2 rounds, 20 s each
#   MODELS="small_cnn" ROUNDS=3 SECONDS_PER_RUN=30 bench/run-throughput.sh
#   RESNET18_SECONDS=40 bench/run-throughput.sh   # also one short fast-path ResNet-18 sample
#   MODELS=small_cnn HELPERS=false THREADS="2 1" PEAK_GFLOPS=108 bench/run-throughput.sh   # OMP 2 vs 1
#   HELPERS=false EXTENSIONS="-onednn-avx2 -onednn-avx512" bench/run-throughput.sh   # which oneDNN native build
#   ENGINES="dl4j torch" HELPERS=false bench/run-throughput.sh   # DL4J's fast path and the torch engine, alternated
#   ENGINES=torch MODELS="small_cnn resnet20" THREADS="2 1" bench/run-throughput.sh   # libtorch, 2 vs 1 threads
#   ENGINES="dl4j torch peer" HELPERS=false MODELS="small_cnn resnet20 resnet18" bench/run-throughput.sh   # + the peer
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_built
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
MODELS="${MODELS:-small_cnn resnet20}"
ROUNDS="${ROUNDS:-2}"
SECS="${SECONDS_PER_RUN:-20}"
LOG="$RESULTS/throughput.log"
machine_info | tee -a "$LOG"

# ENGINES: dl4j (default), torch and/or peer, alternated within each round and model (torch: libtorch, the DL4J-only
# HELPERS and EXTENSIONS do not apply; one run per thread count; peer: bench/torch_peer.py on Debian's PyTorch at
# /usr/bin/python3, small_cnn and resnet20 only (skipped for resnet18), rows in torch-peer.{jsonl,md});
# HELPERS: "false true" = fast path on, then off; THREADS: OMP thread counts to alternate (default: as exported);
# PEAK_GFLOPS: skip the peak measurement and use this figure; EXTENSIONS: nd4j-native builds to alternate (default: the
# app jar's; others are fetched from Maven Central and put on the classpath).
ENGINES="${ENGINES:-dl4j}"
HELPERS="${HELPERS:-false true}"
THREADS="${THREADS:-$OMP_NUM_THREADS}"
EXTENSIONS="${EXTENSIONS:-$EXT}"
if [[ -z "${PEAK_GFLOPS:-}" ]]; then
  locked "$LOG" bench_java false -- peak --sizes 2048,4096 --reps 5 --label "as-found"
  PEAK_GFLOPS=$(tail -2 "$RESULTS/peak.jsonl" | python3 -c 'import sys,json; print(max(json.loads(l)["gflops"][-1] for l in sys.stdin))')
  echo "peak used for the fraction: $PEAK_GFLOPS GFLOP/s (best of the 2048^2/4096^2 products just measured)" | tee -a "$LOG"
fi
PEAK="$PEAK_GFLOPS"

for r in $(seq 1 "$ROUNDS"); do
  for m in $MODELS; do
    for engine in $ENGINES; do
      if [[ "$engine" == peer ]]; then
        [[ "$m" == resnet18 ]] && continue   # the peer has no ResNet-18
        for t in $THREADS; do
          locked "$LOG" /usr/bin/python3 "$ROOT/bench/torch_peer.py" --model "$m" --batch 64 --seconds "$SECS" \
            --threads "$t" --label "round$r-peer-omp$t"
        done
        continue
      fi
      if [[ "$engine" == torch ]]; then
        for t in $THREADS; do
          OMP_NUM_THREADS="$t" locked "$LOG" bench_java false -- \
            throughput --engine torch --model "$m" --batch 64 --seconds "$SECS" --warmup "${WARMUP:-3}" \
            --peak-gflops "$PEAK" --label "round$r-torch-omp$t"
        done
        continue
      fi
      for helpers in $HELPERS; do
        for t in $THREADS; do
          for e in $EXTENSIONS; do
            label="round$r-$([[ $helpers == false ]] && echo fast || echo default)-omp$t"
            [[ "$EXTENSIONS" == "$EXT" ]] || label="$label$e"
            EXT="$e" EXTRA_CP="$(native_cp "$e")" OMP_NUM_THREADS="$t" locked "$LOG" bench_java "$helpers" -- \
              throughput --engine "$engine" --model "$m" --batch 64 --seconds "$SECS" --warmup "${WARMUP:-3}" \
              --peak-gflops "$PEAK" --label "$label"
          done
        done
      done
    done
  done
done
if [[ -n "${RESNET18_SECONDS:-}" ]]; then
  for engine in $ENGINES; do
    [[ "$engine" == peer ]] && continue   # the peer has no ResNet-18
    locked "$LOG" bench_java false -- throughput --engine "$engine" --model resnet18 --batch 64 \
      --seconds "$RESNET18_SECONDS" --warmup 2 --peak-gflops "$PEAK" --label "resnet18-sample-$engine"
  done
fi
