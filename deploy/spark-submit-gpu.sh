#!/usr/bin/env bash
# Submits a critdamp job to a cluster (YARN, standalone or Kubernetes) with one GPU per executor and one task per
# executor (DL4J uses all the executor's cores itself), ND4J's CUDA backend (build with: mvn -B -Pcuda -DskipTests
# package), off-heap limits sized for ResNet-18. With --cpu, the same submission for a CPU cluster: no GPU setting at all.
#   deploy/spark-submit-gpu.sh [--dry-run] [--cpu] --master URL [spark-submit options] <command> [options]
#   deploy/spark-submit-gpu.sh --master yarn --queue gpu train -c hdfs://nn/critdamp/cifar10-resnet18-gpu.yaml
#   deploy/spark-submit-gpu.sh --dry-run --cpu --master spark://master:7077 train -c conf/cifar10-small-cnn.yaml
# --dry-run prints the spark-submit command (one shell-quoted line) and exits 0; spark-submit need not be installed.
# --dry-run, --cpu and --master come before the command; so do spark-submit options, passed on after this script's
# own (so they win), except that JVM options and a Kryo registrator are merged with ours (deploy/lib/submit-common.sh).
# Environment: EXECUTORS (4), EXECUTOR_CORES (4), EXECUTOR_MEMORY (8g, JVM heap), DRIVER_MEMORY (8g), OFFHEAP (12G:
# JavaCPP maxbytes; ND4J's arrays live off-heap), MAXPHYSICAL (24G), MEMORY_OVERHEAD (16g: heap + overhead is what
# YARN/Kubernetes reserve; too low and containers are killed), DRIVER_MEMORY_OVERHEAD (MEMORY_OVERHEAD; the driver's,
# in cluster mode only, where the driver is a container too), DEPLOY_MODE (client; cluster on Kubernetes),
# GPU (1; 0 = --cpu), GPU_DISCOVERY (the discovery script executors run), CRITDAMP_JAR, SPARK_SUBMIT_EXTRA (more
# spark-submit options, split at spaces), and those of deploy/lib/submit-common.sh (CRITDAMP_JAVA_OPTS,
# CRITDAMP_CLUSTER_JAVA_HOME, ...).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CRITDAMP_SCRIPT=spark-submit-gpu
# shellcheck source-path=SCRIPTDIR source=lib/submit-common.sh
source "$ROOT/deploy/lib/submit-common.sh"

critdamp_parse_args submit "$@"
MASTER="$CRITDAMP_MASTER"
KIND="$(critdamp_master_kind "$MASTER")"
[[ "${GPU:-1}" != 0 ]] || CRITDAMP_CPU=1
DEPLOY_MODE="${DEPLOY_MODE:-$([[ "$KIND" == k8s ]] && echo cluster || echo client)}"
JAR="${CRITDAMP_JAR:-$(critdamp_default_jar "$KIND")}"
EXECUTORS="${EXECUTORS:-4}"
EXECUTOR_CORES="${EXECUTOR_CORES:-4}"

critdamp_native_flags "$JAR"
if (( ! CRITDAMP_CPU )) && [[ "$CRITDAMP_BACKEND" == cpu ]]; then
  critdamp_note "warning: $JAR is a CPU build (no ND4J CUDA backend): executors will get GPUs and not use them;" \
    "build with mvn -B -Pcuda -DskipTests package, or submit with --cpu"
fi
critdamp_jvm_flags "${OFFHEAP:-12G}" "${MAXPHYSICAL:-24G}"
read -r -a EXTRA_WORDS <<< "${SPARK_SUBMIT_EXTRA:-}"
critdamp_merge_user_submit_opts ${EXTRA_WORDS[@]+"${EXTRA_WORDS[@]}"} \
  ${CRITDAMP_SUBMIT_OPTS[@]+"${CRITDAMP_SUBMIT_OPTS[@]}"}
critdamp_common_conf "$KIND" "$DEPLOY_MODE" "$EXECUTOR_CORES"
CRITDAMP_GPU_CONF=(); CRITDAMP_SHIP_FILES=""
(( CRITDAMP_CPU )) || critdamp_gpu_conf "$KIND"
critdamp_files_opt

# In cluster mode the driver is a container too (YARN's application master, a Kubernetes pod), sized heap + overhead
# like an executor: without the overhead (Spark's default, 10%) ND4J's off-heap arrays, allowed up to MAXPHYSICAL,
# get the driver's container killed.
DRIVER_SIZE=()
if [[ "$DEPLOY_MODE" == cluster ]]; then
  DRIVER_SIZE=(--conf "spark.driver.memoryOverhead=${DRIVER_MEMORY_OVERHEAD:-${MEMORY_OVERHEAD:-16g}}")
fi

# How many executors: YARN and Kubernetes take a count; a standalone master a total of cores (spark.cores.max).
SIZE=()
case "$KIND" in
  yarn | k8s) SIZE=(--num-executors "$EXECUTORS") ;;
  standalone) SIZE=(--total-executor-cores "$((EXECUTORS * EXECUTOR_CORES))") ;;
esac

CMD=("$(critdamp_spark_submit)" --master "$MASTER" --deploy-mode "$DEPLOY_MODE"
  --class "$CRITDAMP_MAIN_CLASS"
  ${SIZE[@]+"${SIZE[@]}"} --executor-cores "$EXECUTOR_CORES"
  --executor-memory "${EXECUTOR_MEMORY:-8g}" --driver-memory "${DRIVER_MEMORY:-8g}"
  --conf "spark.executor.memoryOverhead=${MEMORY_OVERHEAD:-16g}"
  ${DRIVER_SIZE[@]+"${DRIVER_SIZE[@]}"}
  --conf "spark.task.cpus=$EXECUTOR_CORES"
  --conf spark.locality.wait=0s
  "${CRITDAMP_CONF[@]}"
  ${CRITDAMP_GPU_CONF[@]+"${CRITDAMP_GPU_CONF[@]}"}
  ${CRITDAMP_FILES_OPT[@]+"${CRITDAMP_FILES_OPT[@]}"}
  ${CRITDAMP_USER_SUBMIT_OPTS[@]+"${CRITDAMP_USER_SUBMIT_OPTS[@]}"}
  "$JAR" "${CRITDAMP_APP_ARGS[@]}")

if (( CRITDAMP_DRY_RUN )); then
  critdamp_print_command "${CMD[@]}"
  exit 0
fi
command -v "${CMD[0]}" >/dev/null 2>&1 || critdamp_die "spark-submit not found: set SPARK_HOME or put it on PATH"
exec "${CMD[@]}"
