#!/usr/bin/env bash
# Spark overhead: the same small-CNN training (batch 64, same images) in one plain JVM, in Spark local[N] (threads of
# one JVM) and in local-cluster[N,1,4096] (N executor JVMs), each through DL4J's SparkComputationGraph +
# ParameterAveragingTrainingMaster as the train job does; 1 and 2 workers. Modes alternate, ROUNDS times, each run
# under the machine lock. OMP threads: 2 for one worker, 1 per worker for two (2 cores in all).
# HELPERS="false true" alternates DL4J's fast path on and off within each mode (default: on only); the executors
# report which path their networks really took (column "path" in the jsonl details, printed per run).
# Results: bench/results/spark-overhead.{jsonl,md}, log: bench/results/spark-overhead.log.
#   ROUNDS=2 IMAGES=3840 bench/run-spark-overhead.sh
#   MODES="none:1:2 local[2]:2:1" ROUNDS=3 bench/run-spark-overhead.sh
#   MODEL=resnet20 HELPERS="false true" MODES="none:1:2 local[2]:2:1" bench/run-spark-overhead.sh   # before/after
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS="${ROUNDS:-2}"
IMAGES="${IMAGES:-3840}"
MODEL="${MODEL:-small_cnn}"
export SPARK_HOME="$("$ROOT/bench/prepare-spark-home.sh" | tail -1)"
export SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
LOG="$RESULTS/spark-overhead.log"
machine_info | tee -a "$LOG"
EXEC_OPTS="-Dorg.bytedeco.javacpp.platform.extension=$EXT -Dorg.bytedeco.javacpp.maxbytes=3G -Dorg.bytedeco.javacpp.maxphysicalbytes=6G"

HELPERS="${HELPERS:-false}"

run_mode() { # master workers omp helpers-disable
  local master="$1" workers="$2" omp="$3" helpers="$4"
  local path; path=$([[ $helpers == false ]] && echo fast || echo default)
  OMP_NUM_THREADS="$omp" locked "$LOG" bench_java "$helpers" \
    -Dspark.executorEnv.OMP_NUM_THREADS="$omp" -Dspark.executor.memory=2g -Dspark.ui.enabled=false \
    "-Dspark.executor.extraJavaOptions=-Dorg.eclipse.deeplearning4j.helpers.disable=$helpers $EXEC_OPTS" \
    -Dspark.hadoop.hadoop.tmp.dir="$ROOT/spark-jobs/target/bench-hadoop-tmp" \
    -- spark-overhead --model "$MODEL" --master "$master" --workers "$workers" --images "$IMAGES" --label "$path-omp$omp"
}

# MODES: space-separated master:workers:omp triples, run in this order each round.
MODES="${MODES:-none:1:2 local[1]:1:2 local[2]:2:1 local-cluster[1,1,4096]:1:2 local-cluster[2,1,4096]:2:1}"
for r in $(seq 1 "$ROUNDS"); do
  for m in $MODES; do
    IFS=: read -r master workers omp <<< "$m"
    for h in $HELPERS; do
      run_mode "$master" "$workers" "$omp" "$h"
    done
  done
done
