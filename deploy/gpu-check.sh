#!/usr/bin/env bash
# GPU check of the -Pcuda build for each engine, on a machine with an NVIDIA GPU, in at most 8 minutes (hard limit,
# GPU_CHECK_LIMIT):
#   1. prints the GPUs (nvidia-smi: index, name, compute capability, memory, driver) and checks the driver against
#      each engine's CUDA: dl4j (nd4j-cuda-11.6) >= 450.80.02, torch (libtorch CUDA 13.1) >= 580;
#   2. builds -Pcuda (no shaded jar: classes + the Maven classpath; -o when OFFLINE=1, e.g. with a carried ~/.m2);
#   3. per engine, critdamp.gpu.GpuCheck <engine>: the GPUs' compute capability against the engine's range
#      (dl4j 3.7-8.9, torch 7.5-12.x except 11.x; outside it, one line naming GPU, capability, engine and range) and
#      the CUDA libraries the engine needs from the node or image (torch: CUDA 13 cudart, cuBLAS, cuFFT, cuRAND,
#      cuSPARSE, cuSOLVER, nvJitLink, cuFile, CUPTI, cuDNN 9, NCCL; dl4j: CUDA 11 cudart, cuBLAS, cuSOLVER, cuDNN 8);
#      then one product on the GPU against a plain-Java reference (dl4j: in GpuCheck; torch: critdamp.torch.TorchDevice);
#   4. per engine that passed: ResNet-18 training for a timed stretch in one JVM (bench throughput), and for dl4j through
#      Spark local mode with the executor plugin (bench spark-overhead), sampling GPU memory with nvidia-smi; each
#      executor's report (backend, CUDA device, layer helpers) is kept, and every executor must have trained on CUDA.
#      The torch run needs bench throughput's --engine option and is skipped, said so, where the build has none;
#   5. writes everything under bench/results/gpu/<UTC time>/ (summary.md, *.jsonl, logs, nvidia-smi samples).
# Data: real CIFAR-10 from CIFAR10_DIR (cifar-10-batches-bin) when set, else generated CIFAR-format images (said so).
# Options: --engine dl4j|torch|both (default both); --dry-run prints every command instead of running it;
# --preflight runs step 1 only (no build: the driver against each engine); --cpu-smoke runs steps 2-5 on this
# machine's CPU (no nvidia-smi; each GpuCheck must answer "no GPU", refuse GPUs assumed with CRITDAMP_ASSUME_GPU
# outside the engine's range, and look for the CUDA libraries of one inside it; small CNN, short stretches) to check
# the script and its Java entries. Results of --cpu-smoke go under target/.
# Exit: 0 checked and measured (with --engine both: every engine passed or was refused by design, at least one
# passed); 3 unsupported GPU; 4 no usable NVIDIA GPU; 5 CUDA chosen but failed or an executor was not on CUDA; 6 the
# engine's CUDA libraries are missing; 7 driver too old for the engine; 124 out of time; other: a step failed (its
# log is named).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIMIT="${GPU_CHECK_LIMIT:-480}"
MODE=gpu
ENGINES="dl4j torch"
usage() { echo "usage: $0 [--engine dl4j|torch|both] [--dry-run | --preflight | --cpu-smoke]" >&2; exit 2; }
args=("$@")
while (( $# )); do
  case "$1" in
    --dry-run) MODE=dry ;;
    --cpu-smoke) MODE=cpu ;;
    --preflight) MODE=preflight ;;
    --engine|--engine=*)
      if [[ "$1" == --engine ]]; then (( $# > 1 )) || usage; shift; e="$1"; else e="${1#--engine=}"; fi
      case "$e" in
        dl4j|torch) ENGINES="$e" ;;
        both) ENGINES="dl4j torch" ;;
        *) echo "gpu-check: --engine $e: not an engine (dl4j, torch or both)" >&2; exit 2 ;;
      esac ;;
    *) usage ;;
  esac
  shift
done

# The whole script runs under one hard time limit.
if [[ -z "${GPU_CHECK_INNER:-}" && "$MODE" != dry && "$MODE" != preflight ]]; then
  exec timeout --kill-after=15 "$LIMIT" env GPU_CHECK_INNER=1 "$0" "${args[@]}"
fi

# The oldest NVIDIA driver each engine's CUDA runs on (CUDA minor-version compatibility: 11.x from R450, 13.x from
# R580).
min_driver() { case "$1" in dl4j) echo 450.80.02 ;; torch) echo 580 ;; esac; }
# version_at_least A B: A >= B, dotted numbers
version_at_least() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]; }

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
if [[ "$MODE" == cpu || "$MODE" == preflight ]]; then
  OUT="${GPU_CHECK_OUT:-$ROOT/target/gpu-check-$MODE/$STAMP}"
else
  OUT="${GPU_CHECK_OUT:-$ROOT/bench/results/gpu/$STAMP}"
fi
CP_FILE="$ROOT/spark-jobs/target/gpu-check-classpath.txt"
if [[ "$MODE" == cpu ]]; then
  MODEL=small_cnn; SECONDS_ONE_JVM=5; IMAGES=256; BATCH=32
else
  MODEL=resnet18; SECONDS_ONE_JVM="${GPU_CHECK_SECONDS:-60}"; IMAGES="${GPU_CHECK_IMAGES:-2560}"; BATCH=64
fi
DATA="${CIFAR10_DIR:-$OUT/no-cifar10}"   # an absent folder makes the bench generate CIFAR-format images
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"   # Spark runs in local mode here
PLUGIN=critdamp.spark.executor.Nd4jBackendPlugin
OPENS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
# Both ND4J native builds listed: nd4j-native's oneDNN one and nd4j-cuda's cuDNN one (critdamp.gpu.CudaNatives);
# critdamp.gpu.BackendChoice adds libtorch's -gpu build itself where a GPU and its CUDA 13 libraries are there.
JVM="-Xmx8g $OPENS -Dorg.eclipse.deeplearning4j.helpers.disable=false -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2:-cudnn -Dorg.bytedeco.javacpp.maxbytes=16G -Dorg.bytedeco.javacpp.maxphysicalbytes=24G -Dorg.bytedeco.javacpp.cachedir=$ROOT/target/cache/javacpp -Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties"

say() { echo "gpu-check: $*"; }
# run NAME SECONDS CMD...: runs a step with its own time limit, output to $OUT/NAME.log (and the console)
run() {
  local name="$1" limit="$2"; shift 2
  if [[ "$MODE" == dry ]]; then
    printf 'timeout %s' "$limit"; printf ' %q' "$@"; printf '  > %s\n' "$OUT/$name.log"
    return 0
  fi
  say "$name (at most ${limit}s; log $OUT/$name.log)"
  local rc
  set +e
  timeout --kill-after=10 "$limit" "$@" 2>&1 | tee "$OUT/$name.log"
  rc=${PIPESTATUS[0]}
  set -e
  return "$rc"
}
java_cp() { echo "$ROOT/spark-jobs/target/classes:$(cat "$CP_FILE")"; }

[[ "$MODE" == dry ]] || mkdir -p "$OUT"
say "results under $OUT (mode $MODE, engines: $ENGINES, hard limit ${LIMIT}s)"
declare -A RESULT   # engine -> exit code of its checks
declare -A NOTE     # engine -> one line for the summary

# 1. the GPUs and the driver, per engine
SMI_QUERY=(nvidia-smi --query-gpu=index,name,compute_cap,memory.total,driver_version --format=csv)
if [[ "$MODE" == gpu || "$MODE" == preflight ]]; then
  if ! command -v nvidia-smi >/dev/null; then
    say "no nvidia-smi: no NVIDIA driver on this machine"; exit 4
  fi
  "${SMI_QUERY[@]}" | tee "$OUT/gpus.csv"
  driver="$(nvidia-smi --query-gpu=driver_version --format=csv,noheader | head -n 1 | tr -d ' ')"
  for engine in $ENGINES; do
    if version_at_least "$driver" "$(min_driver "$engine")"; then
      say "engine $engine: driver $driver >= $(min_driver "$engine")"
    else
      RESULT[$engine]=7; NOTE[$engine]="driver $driver too old: engine $engine needs >= $(min_driver "$engine")"
      say "${NOTE[$engine]}"
    fi
  done
elif [[ "$MODE" == dry ]]; then
  echo "${SMI_QUERY[*]}  > $OUT/gpus.csv"
  for engine in $ENGINES; do echo "driver_version >= $(min_driver "$engine") for engine $engine"; done
fi
# overall: 0 when every engine passed or was refused by design (3) and one passed; else the first other failure
overall() {
  local engine rc=0 passed=0
  for engine in $ENGINES; do
    case "${RESULT[$engine]:-0}" in
      0) passed=1 ;;
      3) (( rc != 0 )) || rc=3 ;;
      *) (( rc != 0 && rc != 3 )) || rc="${RESULT[$engine]}" ;;
    esac
  done
  if (( passed && rc == 3 )); then rc=0; fi
  echo "$rc"
}
if [[ "$MODE" == preflight ]]; then
  rc="$(overall)"; say "preflight: exit $rc"; exit "$rc"
fi

# 2. build -Pcuda: compiled classes and the full classpath (the shaded jar would re-zip 1.3 GB of natives)
run build 240 mvn -B -q ${OFFLINE:+-o} -Pcuda -f "$ROOT/pom.xml" -pl spark-jobs -am -DskipTests compile \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" \
  || { say "build failed: see $OUT/build.log"; exit 1; }
CP="$( [[ "$MODE" == dry ]] && echo '<classpath>' || java_cp)"

# 3. per engine: capability against its range, its CUDA libraries, one product on the GPU
check_engine() {
  local engine="$1" rc=0
  local ejvm="$JVM -Dcritdamp.engine=$engine"
  # shellcheck disable=SC2086  # $ejvm is a list of options
  run "probe-$engine" 90 java $ejvm -cp "$CP" critdamp.gpu.GpuCheck "$engine" || rc=$?
  if [[ "$engine" == torch && ( "$MODE" == dry || "$MODE:$rc" == gpu:0 ) ]]; then
    # shellcheck disable=SC2086
    run "torch-device" 120 java $ejvm -cp "$CP" critdamp.torch.TorchDevice || rc=$?
  fi
  case "$MODE:$rc" in
    dry:*) ;;
    gpu:0) NOTE[$engine]="$(grep -h '^OK' "$OUT/probe-$engine.log" \
      $([[ "$engine" == torch ]] && echo "$OUT/torch-device.log") | tail -n 1)" ;;
    cpu:4) smoke_refusals "$engine" || rc=5 ;;
    cpu:0) say "CPU smoke, yet GpuCheck $engine found a usable GPU: run without --cpu-smoke"; rc=5 ;;
    *:3) NOTE[$engine]="$(sed -n 's/^UNSUPPORTED //p' "$OUT/probe-$engine.log" "$OUT/torch-device.log" 2>/dev/null | head -n 1)"
      say "${NOTE[$engine]}"; say "engine $engine refused: no run on this GPU" ;;
    gpu:4) NOTE[$engine]="no usable NVIDIA GPU (see $OUT/probe-$engine.log)"; say "${NOTE[$engine]}" ;;
    *:6) NOTE[$engine]="$(sed -n 's/^MISSING //p' "$OUT/probe-$engine.log")"; say "${NOTE[$engine]}" ;;
    *:5) NOTE[$engine]="CUDA was chosen but failed (see $OUT/probe-$engine.log)"; say "${NOTE[$engine]}" ;;
    *) NOTE[$engine]="probe failed with exit $rc (see $OUT/probe-$engine.log)"; say "${NOTE[$engine]}" ;;
  esac
  [[ "$MODE" == cpu && "$rc" == 4 ]] && rc=0   # no GPU is the right answer here
  RESULT[$engine]="$rc"
}

# On the CPU smoke: GPUs assumed in place of the CUDA runtime's answer. Outside the engine's range: refused with
# exit 3; inside: the CUDA libraries looked for (exit 6 where they are missing, 0 where all are there).
smoke_refusals() {
  local engine="$1" outside inside rc
  case "$engine" in
    dl4j) outside="NVIDIA H200,9.0"; inside="NVIDIA L4,8.9" ;;
    torch) outside="Tesla V100-SXM2-16GB,7.0"; inside="NVIDIA H200,9.0" ;;
  esac
  rc=0
  run "refusal-$engine" 60 env CRITDAMP_ASSUME_GPU="$outside" java $JVM -cp "$CP" critdamp.gpu.GpuCheck "$engine" \
    || rc=$?
  [[ "$rc" == 3 ]] || { say "engine $engine: an assumed ${outside%,*} gave exit $rc, not 3"; return 1; }
  say "CPU smoke, engine $engine: ${outside%,*} refused with exit 3: $(sed -n 's/^UNSUPPORTED //p' "$OUT/refusal-$engine.log")"
  rc=0
  run "inside-$engine" 60 env CRITDAMP_ASSUME_GPU="$inside" java $JVM -cp "$CP" critdamp.gpu.GpuCheck "$engine" \
    || rc=$?
  [[ "$rc" == 0 || "$rc" == 6 ]] || { say "engine $engine: an assumed ${inside%,*} gave exit $rc, not 0 or 6"; return 1; }
  say "CPU smoke, engine $engine: ${inside%,*} in range; $(grep -h '^CUDA libraries' "$OUT/inside-$engine.log")"
  if [[ "$engine" == torch ]]; then
    rc=0
    # shellcheck disable=SC2086
    run "torch-device" 120 java $JVM -Dcritdamp.engine=torch -cp "$CP" critdamp.torch.TorchDevice || rc=$?
    [[ "$rc" == 4 ]] || { say "engine torch: TorchDevice gave exit $rc here, not 4 (the CPU)"; return 1; }
  fi
  NOTE[$engine]="CPU smoke: no GPU; ${outside%,*} refused, ${inside%,*} in range"
}

for engine in $ENGINES; do
  [[ -n "${RESULT[$engine]:-}" ]] && continue   # the driver is too old for it
  check_engine "$engine"
done

# 4. timed training per engine that passed, with GPU memory sampled
SMI_PID=""
if [[ "$MODE" == gpu ]]; then
  nvidia-smi --query-gpu=timestamp,index,memory.used,utilization.gpu --format=csv,noheader,nounits -lms 500 \
    > "$OUT/nvidia-smi-samples.csv" &
  SMI_PID=$!
  trap '[[ -n "$SMI_PID" ]] && kill "$SMI_PID" 2>/dev/null || true' EXIT
fi
for engine in $ENGINES; do
  [[ "${RESULT[$engine]:-0}" == 0 ]] || continue
  ejvm="$JVM -Dcritdamp.engine=$engine"
  engine_opt=()
  if [[ "$engine" == torch ]]; then
    if [[ "$MODE" != dry ]] && ! java $ejvm -cp "$CP" critdamp.spark.cli.CritdampMain bench throughput --help 2>/dev/null \
        | grep -q -- '--engine'; then
      say "engine torch: bench throughput has no --engine option in this build: timed training skipped"
      NOTE[torch]="${NOTE[torch]:-}; timed training skipped (bench throughput has no --engine)"
      continue
    fi
    engine_opt=(--engine torch)
  fi
  # shellcheck disable=SC2086
  run "one-jvm-$engine" 200 java $ejvm -cp "$CP" critdamp.spark.cli.CritdampMain bench throughput --model "$MODEL" \
    ${engine_opt[@]+"${engine_opt[@]}"} --batch "$BATCH" --seconds "$SECONDS_ONE_JVM" --images "$IMAGES" --data "$DATA" \
    --results-dir "$OUT" --label "gpu-check $MODE $engine one JVM" \
    || { say "one-JVM training ($engine) failed: $OUT/one-jvm-$engine.log"; exit 1; }
  if [[ "$engine" == dl4j ]]; then
    # shellcheck disable=SC2086
    run spark-local 200 java $ejvm -Dspark.plugins=$PLUGIN -cp "$CP" critdamp.spark.cli.CritdampMain bench \
      spark-overhead --master 'local[1]' --workers 1 --model "$MODEL" --batch "$BATCH" --images "$IMAGES" \
      --data "$DATA" --results-dir "$OUT" --label "gpu-check $MODE Spark local" \
      || { say "Spark training failed: $OUT/spark-local.log"; exit 1; }
  fi
done
[[ "$MODE" == dry ]] && exit 0
[[ -n "$SMI_PID" ]] && { kill "$SMI_PID" 2>/dev/null || true; SMI_PID=""; }

# 5. the executors' reports and the summary
if [[ -f "$OUT/spark-local.log" ]]; then
  grep -E "ExecutorFastPathCheck|Nd4jBackendPlugin|BackendChoice" "$OUT/spark-local.log" > "$OUT/helper-report.txt" || true
  want_backend=$([[ "$MODE" == gpu ]] && echo "on CUDA device" || echo "oneDNN helpers")
  if ! grep -q "$want_backend" "$OUT/helper-report.txt"; then
    say "no executor reported '$want_backend': see $OUT/helper-report.txt"; exit 5
  fi
fi
peak_mib="-"
if [[ -s "$OUT/nvidia-smi-samples.csv" ]]; then
  peak_mib="$(awk -F', *' '$3 > m {m = $3} END {print m + 0}' "$OUT/nvidia-smi-samples.csv")"
fi
{
  echo "# gpu-check $STAMP ($MODE; engines $ENGINES)"
  echo
  [[ -f "$OUT/gpus.csv" ]] && { echo '```'; cat "$OUT/gpus.csv"; echo '```'; }
  for engine in $ENGINES; do
    echo "## engine $engine: exit ${RESULT[$engine]:-0}"
    echo
    echo "- ${NOTE[$engine]:-}"
    echo '```'; grep -h -E "^(ND4J backend|libtorch|CUDA libraries|OK|FAIL|UNSUPPORTED|MISSING)" \
      "$OUT/probe-$engine.log" $([[ "$engine" == torch && -f "$OUT/torch-device.log" ]] && echo "$OUT/torch-device.log") \
      2>/dev/null || true; echo '```'
    echo "- one JVM: $(grep -m1 '^throughput' "$OUT/one-jvm-$engine.log" 2>/dev/null || echo '-')"
    if [[ "$engine" == dl4j ]]; then
      echo "- Spark local[1] with $PLUGIN: $(grep -m1 '^spark-overhead' "$OUT/spark-local.log" 2>/dev/null || echo '-')"
    fi
    echo
  done
  echo "- peak GPU memory used (nvidia-smi, MiB): $peak_mib"
  echo "- data: $([[ -n "${CIFAR10_DIR:-}" ]] && echo "CIFAR-10 from $CIFAR10_DIR" || echo "generated CIFAR-format images (no CIFAR10_DIR)")"
  if [[ -f "$OUT/helper-report.txt" ]]; then
    echo
    echo "Executor reports (dl4j):"
    echo '```'; cat "$OUT/helper-report.txt"; echo '```'
  fi
} > "$OUT/summary.md"
cat "$OUT/summary.md"
rc="$(overall)"
say "done: $OUT/summary.md (exit $rc)"
exit "$rc"
