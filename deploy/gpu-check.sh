#!/usr/bin/env bash
# GPU check of the -Pcuda build, on a machine with an NVIDIA GPU, in at most 8 minutes (hard limit, GPU_CHECK_LIMIT):
#   1. prints the GPUs (nvidia-smi: index, name, compute capability, memory, driver);
#   2. builds -Pcuda (no shaded jar: classes + the Maven classpath; -o when OFFLINE=1, e.g. with a carried ~/.m2);
#   3. critdamp.gpu.GpuCheck: the backend choice, the supported-GPU check and one product on the GPU;
#      a GPU outside compute capability 3.7-8.9 (H100/H200, Blackwell) is refused in one line: exit 3;
#   4. supported: ResNet-18 training for a timed stretch in one JVM (bench throughput), then through Spark local mode
#      with the executor plugin (bench spark-overhead), sampling GPU memory with nvidia-smi; each executor's report
#      (backend, CUDA device, layer helpers) is kept, and every executor must have trained on CUDA. Its layers hold
#      no cuDNN helper: DL4J 1.0.0-M2.1 ships none (deeplearning4j-cuda ends at M1.1), the report says so;
#   5. writes everything under bench/results/gpu/<UTC time>/ (summary.md, *.jsonl, logs, nvidia-smi samples).
# Data: real CIFAR-10 from CIFAR10_DIR (cifar-10-batches-bin) when set, else generated CIFAR-format images (said so).
# Options: --dry-run prints every command instead of running it; --cpu-smoke runs steps 2-5 on this machine's CPU
# (no nvidia-smi; GpuCheck must answer "no GPU", and refuse an H200 assumed with CRITDAMP_ASSUME_GPU; small CNN,
# short stretches) to check the script and its Java entries. Results of --cpu-smoke go under target/.
# Exit: 0 checked and measured; 3 unsupported GPU; 4 no usable NVIDIA GPU; 5 CUDA chosen but failed or an executor
# was not on CUDA; 124 out of time; other: a step failed (its log is named).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIMIT="${GPU_CHECK_LIMIT:-480}"
MODE=gpu
for arg in "$@"; do
  case "$arg" in
    --dry-run) MODE=dry ;;
    --cpu-smoke) MODE=cpu ;;
    *) echo "usage: $0 [--dry-run | --cpu-smoke]" >&2; exit 2 ;;
  esac
done

# The whole script runs under one hard time limit.
if [[ -z "${GPU_CHECK_INNER:-}" && "$MODE" != dry ]]; then
  exec timeout --kill-after=15 "$LIMIT" env GPU_CHECK_INNER=1 "$0" "$@"
fi

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
if [[ "$MODE" == cpu ]]; then
  OUT="${GPU_CHECK_OUT:-$ROOT/target/gpu-check-cpu-smoke/$STAMP}"
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
# Both native builds listed: nd4j-native's oneDNN one and nd4j-cuda's cuDNN one (critdamp.gpu.CudaNatives).
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
say "results under $OUT (mode $MODE, hard limit ${LIMIT}s)"

# 1. the GPUs
if [[ "$MODE" == gpu ]]; then
  if ! command -v nvidia-smi >/dev/null; then
    say "no nvidia-smi: no NVIDIA driver on this machine"; exit 4
  fi
  nvidia-smi --query-gpu=index,name,compute_cap,memory.total,driver_version --format=csv | tee "$OUT/gpus.csv"
elif [[ "$MODE" == dry ]]; then
  echo "nvidia-smi --query-gpu=index,name,compute_cap,memory.total,driver_version --format=csv  > $OUT/gpus.csv"
fi

# 2. build -Pcuda: compiled classes and the full classpath (the shaded jar would re-zip 0.8 GB of natives)
run build 240 mvn -B -q ${OFFLINE:+-o} -Pcuda -f "$ROOT/pom.xml" -pl spark-jobs -am -DskipTests compile \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" \
  || { say "build failed: see $OUT/build.log"; exit 1; }

# 3. backend choice and supported-GPU check
CHECK_RC=0
run probe 90 java $JVM -cp "$( [[ "$MODE" == dry ]] && echo '<classpath>' || java_cp)" critdamp.gpu.GpuCheck || CHECK_RC=$?
case "$MODE:$CHECK_RC" in
  dry:*) ;;
  gpu:0) ;;
  cpu:4) say "CPU smoke: GpuCheck says no usable GPU, as it should here"
    # and the refusal an unsupported GPU gets, with an H200 assumed in place of the CUDA runtime's answer
    REFUSAL_RC=0
    run refusal 60 env CRITDAMP_ASSUME_GPU="NVIDIA H200,9.0" java $JVM -cp "$(java_cp)" critdamp.gpu.GpuCheck \
      || REFUSAL_RC=$?
    [[ "$REFUSAL_RC" == 3 ]] || { say "an assumed H200 gave exit $REFUSAL_RC, not 3"; exit 5; }
    say "CPU smoke: an H200 is refused with exit 3: $(sed -n 's/^UNSUPPORTED //p' "$OUT/refusal.log")" ;;
  cpu:0) say "CPU smoke, yet GpuCheck found a usable GPU: run without --cpu-smoke"; exit 5 ;;
  *:3) say "$(sed -n 's/^UNSUPPORTED //p' "$OUT/probe.log")"; say "refused: no run on this GPU"; exit 3 ;;
  gpu:4) say "no usable NVIDIA GPU (see $OUT/probe.log)"; exit 4 ;;
  *:5) say "CUDA was chosen but failed (see $OUT/probe.log)"; exit 5 ;;
  *) say "probe failed with exit $CHECK_RC (see $OUT/probe.log)"; exit "$CHECK_RC" ;;
esac

# 4. timed training, one JVM and Spark local mode, with GPU memory sampled
SMI_PID=""
if [[ "$MODE" == gpu ]]; then
  nvidia-smi --query-gpu=timestamp,index,memory.used,utilization.gpu --format=csv,noheader,nounits -lms 500 \
    > "$OUT/nvidia-smi-samples.csv" &
  SMI_PID=$!
  trap '[[ -n "$SMI_PID" ]] && kill "$SMI_PID" 2>/dev/null || true' EXIT
fi
CP="$( [[ "$MODE" == dry ]] && echo '<classpath>' || java_cp)"
run one-jvm 200 java $JVM -cp "$CP" critdamp.spark.cli.CritdampMain bench throughput --model "$MODEL" \
  --batch "$BATCH" --seconds "$SECONDS_ONE_JVM" --images "$IMAGES" --data "$DATA" \
  --results-dir "$OUT" --label "gpu-check $MODE one JVM" || { say "one-JVM training failed: $OUT/one-jvm.log"; exit 1; }
run spark-local 200 java $JVM -Dspark.plugins=$PLUGIN -cp "$CP" critdamp.spark.cli.CritdampMain bench spark-overhead \
  --master 'local[1]' --workers 1 --model "$MODEL" --batch "$BATCH" --images "$IMAGES" --data "$DATA" \
  --results-dir "$OUT" --label "gpu-check $MODE Spark local" || { say "Spark training failed: $OUT/spark-local.log"; exit 1; }
[[ "$MODE" == dry ]] && exit 0
[[ -n "$SMI_PID" ]] && { kill "$SMI_PID" 2>/dev/null || true; SMI_PID=""; }

# 5. the executors' reports and the summary
grep -E "ExecutorFastPathCheck|Nd4jBackendPlugin|BackendChoice" "$OUT/spark-local.log" > "$OUT/helper-report.txt" || true
want_backend=$([[ "$MODE" == gpu ]] && echo "on CUDA device" || echo "oneDNN helpers")
if ! grep -q "$want_backend" "$OUT/helper-report.txt"; then
  say "no executor reported '$want_backend': see $OUT/helper-report.txt"; exit 5
fi
peak_mib="-"
if [[ -s "$OUT/nvidia-smi-samples.csv" ]]; then
  peak_mib="$(awk -F', *' '$3 > m {m = $3} END {print m + 0}' "$OUT/nvidia-smi-samples.csv")"
fi
{
  echo "# gpu-check $STAMP ($MODE)"
  echo
  [[ -f "$OUT/gpus.csv" ]] && { echo '```'; cat "$OUT/gpus.csv"; echo '```'; }
  echo '```'; grep -E "^(ND4J backend|OK|FAIL|UNSUPPORTED)" "$OUT/probe.log" || true; echo '```'
  echo "- one JVM: $(grep -m1 '^throughput' "$OUT/one-jvm.log" || echo '?')"
  echo "- Spark local[1] with $PLUGIN: $(grep -m1 '^spark-overhead' "$OUT/spark-local.log" || echo '?')"
  echo "- peak GPU memory used (nvidia-smi, MiB): $peak_mib"
  echo "- data: $([[ -n "${CIFAR10_DIR:-}" ]] && echo "CIFAR-10 from $CIFAR10_DIR" || echo "generated CIFAR-format images (no CIFAR10_DIR)")"
  echo
  echo "Executor reports:"
  echo '```'; cat "$OUT/helper-report.txt"; echo '```'
} > "$OUT/summary.md"
cat "$OUT/summary.md"
say "done: $OUT/summary.md"
