#!/usr/bin/env bash
# Where a training step's time goes: a JFR recording (settings=profile) of `bench throughput` for one model, its
# training-thread samples attributed to DL4J layers/helpers (bench/jfr_layers.py). Under the machine lock.
#   bench/profile-jfr.sh resnet20 20      # model, seconds; writes bench/results/profile-<model>.md
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_built
MODEL="${1:-resnet20}"; SECS="${2:-20}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
REC="$ROOT/spark-jobs/target/profile-$MODEL.jfr"
OUT="$RESULTS/profile-$MODEL.md"
LOG="$RESULTS/profile.log"
locked "$LOG" bench_java false -XX:FlightRecorderOptions=stackdepth=256 "-XX:StartFlightRecording=settings=profile,filename=$REC" -- \
  throughput --model "$MODEL" --seconds "$SECS" --peak-gflops 100 --results-dir "$RESULTS/profile-runs" --label jfr
{
  echo "# JFR profile: $MODEL, fast path, batch 64, OMP_NUM_THREADS=$OMP_NUM_THREADS ($(date -u +%FT%TZ))"
  grep -E 'throughput|uptime' "$LOG" | tail -3 | sed 's/^/    /'
  echo
  jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample "$REC" | python3 "$ROOT/bench/jfr_layers.py"
} > "$OUT"
cat "$OUT"
