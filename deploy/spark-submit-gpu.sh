#!/usr/bin/env bash
# Submits a critdamp job to a GPU cluster (YARN, standalone or Kubernetes): one GPU per executor, one task per executor,
# ND4J's CUDA backend (build with: mvn -B -Pcuda -DskipTests package), off-heap limits sized for ResNet-18.
#   deploy/spark-submit-gpu.sh --master yarn train -c conf/cifar10-resnet18-gpu.yaml
# Environment: EXECUTORS (4), EXECUTOR_MEMORY (8g, JVM heap), OFFHEAP (12G: JavaCPP maxbytes; ND4J's arrays live
# off-heap), MEMORY_OVERHEAD (16g: heap + overhead is what YARN/Kubernetes reserve; too low and containers are killed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/spark-jobs/target/critdamp-spark-jobs-app.jar"
[[ "${1:-}" == "--master" ]] || { echo "usage: $0 --master URL <command> [options]" >&2; exit 2; }
MASTER="$2"; shift 2
[[ -f "$JAR" ]] || { echo "no $JAR: build it with mvn -B -Pcuda -DskipTests package" >&2; exit 2; }
JOPTS="-Dorg.bytedeco.javacpp.maxbytes=${OFFHEAP:-12G} -Dorg.bytedeco.javacpp.maxphysicalbytes=${MAXPHYSICAL:-24G}"
exec spark-submit --master "$MASTER" --deploy-mode "${DEPLOY_MODE:-client}" \
  --class critdamp.spark.cli.CritdampMain \
  --num-executors "${EXECUTORS:-4}" --executor-cores "${EXECUTOR_CORES:-4}" \
  --executor-memory "${EXECUTOR_MEMORY:-8g}" --driver-memory "${DRIVER_MEMORY:-8g}" \
  --conf spark.executor.memoryOverhead="${MEMORY_OVERHEAD:-16g}" \
  --conf spark.executor.resource.gpu.amount=1 \
  --conf spark.task.resource.gpu.amount=1 \
  --conf spark.task.cpus="${EXECUTOR_CORES:-4}" \
  --conf spark.executor.resource.gpu.discoveryScript="${GPU_DISCOVERY:-$ROOT/deploy/gpu-discovery.sh}" \
  --files "$ROOT/deploy/gpu-discovery.sh" \
  --conf "spark.driver.extraJavaOptions=$JOPTS" \
  --conf "spark.executor.extraJavaOptions=$JOPTS" \
  --conf spark.executorEnv.OMP_NUM_THREADS="${EXECUTOR_CORES:-4}" \
  --conf spark.locality.wait=0s \
  "$JAR" "$@"
