# shellcheck shell=bash disable=SC2034  # the variables set here are read by the scripts that source this file
# Sourced (not run) by deploy/critdamp, deploy/spark-submit-gpu.sh and deploy/spark-submit-secure.sh: the JVM flags
# every critdamp JVM needs and the spark-submit settings every submission needs, computed in one place, so that no
# launch path can drop one (setting spark.executor.extraJavaOptions to the off-heap limits alone once put every
# executor on DL4J's slow path). Written for bash >= 4.2 (CentOS 7 edge nodes; checked with 5.2 only); reads the
# jar with `unzip` or `jar`.
#
# What a caller sets before sourcing: CRITDAMP_SCRIPT (name used in messages), ROOT (the repository root).
# Environment read here (all optional):
#   CRITDAMP_JAVA_OPTS        JVM options of your own; appended after ours in every JVM, never replacing them
#   CRITDAMP_ND4J_EXTENSION   ND4J native build (JavaCPP platform extension, e.g. -onednn-avx2); "none" = pass none.
#                             Default: read from the jar (CPU jar: its oneDNN build; -Pcuda jar: none, see below)
#   CRITDAMP_OFFHEAP, CRITDAMP_MAXPHYSICAL   JavaCPP off-heap limits (deploy/critdamp: from critdamp memory-plan;
#                             the submit scripts have their own defaults)
#   CRITDAMP_EXECUTOR_THREADS OMP_NUM_THREADS of executors
#   OPENBLAS_CORETYPE         passed on to executors (and a cluster-mode driver) when set
#   CRITDAMP_CLUSTER_JAVA_HOME  YARN only: a Java 17 installed on every NodeManager host (they often run Java 8/11)
#   CRITDAMP_K8S_NAMESPACE (critdamp), CRITDAMP_K8S_SERVICE_ACCOUNT (critdamp-spark), CRITDAMP_IMAGE  Kubernetes only

CRITDAMP_MAIN_CLASS=critdamp.spark.cli.CritdampMain
# The jar as the Docker image (deploy/docker/Dockerfile) holds it.
CRITDAMP_IMAGE_JAR=local:///opt/critdamp/critdamp-spark-jobs-app.jar
# The discovery script as the Docker image holds it (Kubernetes executors run it from there).
CRITDAMP_IMAGE_DISCOVERY=/opt/critdamp/gpu-discovery.sh

# Java 17 module openings: Spark's own list (org.apache.spark.launcher.JavaModuleOptions). Spark >= 3.3 also adds them
# to its driver and executors itself; a java command that starts a driver directly (deploy/critdamp) needs them here.
CRITDAMP_JAVA17_OPENS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
# DL4J's layer helpers (oneDNN on CPU, cuDNN on GPU) are off unless this is false (DL4J 1.0.0-M2.1 defaults to true).
CRITDAMP_HELPERS_FLAG="-Dorg.eclipse.deeplearning4j.helpers.disable=false"
# DL4J's training stats use an internet NTP clock by default; the driver merges the system clock into the executors'
# options (SparkContexts), and the driver's own JVM needs it from here.
CRITDAMP_STATS_CLOCK="-Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource"
# DL4J's Kryo registrations: only used where the cluster's serializer is Kryo, harmless otherwise.
CRITDAMP_KRYO_REGISTRATOR=org.nd4j.kryo.Nd4jRegistrator

critdamp_die() { echo "${CRITDAMP_SCRIPT:-critdamp}: $*" >&2; exit 2; }
critdamp_note() { echo "${CRITDAMP_SCRIPT:-critdamp}: $*" >&2; }

# critdamp_master_kind URL: local (local, local[N], local-cluster[...]), standalone (spark://), yarn, k8s, or other.
critdamp_master_kind() {
  case "$1" in
    local | local\[* | local-cluster\[*) echo local ;;
    spark://*) echo standalone ;;
    yarn | yarn-*) echo yarn ;;
    k8s://*) echo k8s ;;
    *) echo other ;;
  esac
}

# critdamp_default_jar KIND: the image's jar on Kubernetes (driver and executors run the image), else the local build.
critdamp_default_jar() {
  if [[ "$1" == k8s ]]; then echo "$CRITDAMP_IMAGE_JAR"; else echo "$ROOT/spark-jobs/target/critdamp-spark-jobs-app.jar"; fi
}

# critdamp_native_flags JAR: sets CRITDAMP_BACKEND (cpu, cuda or unknown), CRITDAMP_ND4J_EXT (may be empty) and
# CRITDAMP_FASTPATH (DL4J's fast-path flags). The native build is read from the jar:
#   CPU jar (nd4j-native): its oneDNN build, e.g. -onednn-avx2, passed as org.bytedeco.javacpp.platform.extension.
#   CUDA jar (holds org/nd4j/linalg/jcublas, built with -Pcuda): no extension. JavaCPP, given none, tries each build
#     the backend lists (nd4j-cuda-11.6 M2.1: -cudnn, then plain; nd4j-native: -onednn, -onednn-avx512, -onednn-avx2,
#     ...) and loads the one packaged; a given extension with no matching build does NOT fall back (checked: -cudnn
#     with the CPU jar fails with "no jnind4jcpu"). One value cannot name both a CPU and a CUDA build, and a -Pcuda jar
#     may carry both backends, so none is the only safe choice there. The helpers flag is needed all the same: DL4J's
#     cuDNN helpers are off without it, as are the oneDNN ones.
#   A jar that is not a local file (local:///..., hdfs://...): no extension, same reasoning, unless given.
critdamp_native_flags() {
  local jar="$1" listing ext
  CRITDAMP_BACKEND=unknown
  CRITDAMP_ND4J_EXT=""
  if [[ -n "${CRITDAMP_ND4J_EXTENSION:-}" ]]; then
    [[ "$CRITDAMP_ND4J_EXTENSION" == none ]] || CRITDAMP_ND4J_EXT="$CRITDAMP_ND4J_EXTENSION"
  elif [[ "$jar" == *://* ]]; then
    critdamp_note "$jar is not a local file: no ND4J native-build extension passed (JavaCPP loads the build the jar" \
      "holds); set CRITDAMP_ND4J_EXTENSION to name one"
  elif [[ -f "$jar" ]]; then
    if command -v unzip >/dev/null 2>&1; then listing="$(unzip -Z1 "$jar")"; else listing="$(jar tf "$jar")"; fi
    if grep -q '^org/nd4j/linalg/jcublas/' <<< "$listing"; then
      CRITDAMP_BACKEND=cuda
    else
      CRITDAMP_BACKEND=cpu
      for ext in -onednn-avx512 -onednn-avx2 -onednn -avx512 -avx2; do
        if grep -qx -- "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64$ext/libjnind4jcpu.so" <<< "$listing"; then
          CRITDAMP_ND4J_EXT="$ext"; break
        fi
      done
    fi
  else
    critdamp_die "no $jar: build it with mvn -B -DskipTests package (-Pcuda for GPU executors), or, for --dry-run" \
      "without a jar, set CRITDAMP_ND4J_EXTENSION (e.g. -onednn-avx2, or none for a -Pcuda jar)"
  fi
  CRITDAMP_FASTPATH="$CRITDAMP_HELPERS_FLAG${CRITDAMP_ND4J_EXT:+ -Dorg.bytedeco.javacpp.platform.extension=$CRITDAMP_ND4J_EXT}"
}

# critdamp_jvm_flags OFFHEAP MAXPHYSICAL: sets CRITDAMP_OFFHEAP_FLAGS and CRITDAMP_JVM_FLAGS, the options every critdamp
# JVM gets: module openings, fast path, stats clock, off-heap limits, then CRITDAMP_JAVA_OPTS (last, so a user's -D
# wins over ours where both set one, and ours are never lost). Needs critdamp_native_flags first.
critdamp_jvm_flags() {
  CRITDAMP_OFFHEAP_FLAGS="-Dorg.bytedeco.javacpp.maxbytes=${CRITDAMP_OFFHEAP:-$1} -Dorg.bytedeco.javacpp.maxphysicalbytes=${CRITDAMP_MAXPHYSICAL:-$2}"
  CRITDAMP_JVM_FLAGS="$CRITDAMP_JAVA17_OPENS $CRITDAMP_FASTPATH $CRITDAMP_STATS_CLOCK $CRITDAMP_OFFHEAP_FLAGS${CRITDAMP_JAVA_OPTS:+ $CRITDAMP_JAVA_OPTS}"
}

# critdamp_plan_args COMMAND ARGS...: sets CRITDAMP_PLAN_ARGS (array), the options of `critdamp memory-plan` that
# describe what COMMAND will train: the config (-c) of train, pipeline and schedule, the run folder (--run) of
# attribute and retrain, the sweep file (-c) of sweep, every --set, and the command's own --master as
# `--set spark.master=URL`; none for the other commands (the default config's plan). Reads -c, --config, --run, --set
# and --master as `OPTION VALUE` or `OPTION=VALUE`.
critdamp_plan_args() {
  local command="${1:-}" source opt value
  CRITDAMP_PLAN_ARGS=()
  case "$command" in
    train | pipeline | schedule) source=--config ;;
    attribute | retrain) source=--run ;;
    sweep) source=--sweep ;;
    *) return 0 ;;
  esac
  shift
  while (( $# > 0 )); do
    case "$1" in
      -c=* | --config=* | --run=* | --set=* | --master=*) opt="${1%%=*}"; value="${1#*=}"; shift ;;
      -c | --config | --run | --set | --master) opt="$1"; value="${2-}"; shift 2 || shift ;;
      *) shift; continue ;;
    esac
    case "$opt" in
      --set) CRITDAMP_PLAN_ARGS+=(--set "$value") ;;
      --master) CRITDAMP_PLAN_ARGS+=(--set "spark.master=$value") ;;
      --run) [[ "$source" != --run ]] || CRITDAMP_PLAN_ARGS+=(--run "$value") ;;
      *) [[ "$source" == --run ]] || CRITDAMP_PLAN_ARGS+=("$source" "$value") ;;
    esac
  done
}

# critdamp_memory_plan CLASSPATH [MASTER]: sets CRITDAMP_PLAN_HEAP, CRITDAMP_PLAN_OFFHEAP and CRITDAMP_PLAN_RESIDENT
# (JVM sizes, e.g. 1024m) and CRITDAMP_PLAN_DRIVER_WORKERS (the workers that share the driver JVM's cores: N of
# local[N] up to spark.workers; 0 on a cluster) from `critdamp memory-plan --sizes` for what CRITDAMP_APP_ARGS will
# train (critdamp_plan_args), with MASTER (the launcher's --master) in place of the config's spark.master when given:
# the heap, ND4J's off-heap arrays and the process's resident bound follow from the model and the data. A config the
# plan cannot read is the command's to report: then the default config's plan. Returns 1 when no plan can be computed
# (no application jar, say). Needs critdamp_parse_args first.
critdamp_memory_plan() {
  local cp="$1" master="${2:-}" sizes
  local -a java=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$cp" "$CRITDAMP_MAIN_CLASS" memory-plan --sizes)
  critdamp_plan_args ${CRITDAMP_APP_ARGS[@]+"${CRITDAMP_APP_ARGS[@]}"}
  [[ -z "$master" ]] || CRITDAMP_PLAN_ARGS+=(--set "spark.master=$master")
  sizes="$("${java[@]}" ${CRITDAMP_PLAN_ARGS[@]+"${CRITDAMP_PLAN_ARGS[@]}"} 2>/dev/null)" \
    || sizes="$("${java[@]}" 2>/dev/null)" || return 1
  [[ "$sizes" =~ ^([0-9]+m)\ ([0-9]+m)\ ([0-9]+m)\ ([0-9]+)$ ]] || return 1
  CRITDAMP_PLAN_HEAP="${BASH_REMATCH[1]}"
  CRITDAMP_PLAN_OFFHEAP="${BASH_REMATCH[2]}"
  CRITDAMP_PLAN_RESIDENT="${BASH_REMATCH[3]}"
  CRITDAMP_PLAN_DRIVER_WORKERS="${BASH_REMATCH[4]}"
}

# critdamp_local_threads WORKERS: OpenMP threads for each of WORKERS workers sharing this machine's cores (at least
# 1; all the cores when WORKERS is 0: the driver trains nothing then). Measured on 2 cores: 2 workers x 1 thread
# reached 60% of the quick start sooner than 2 x 2, whose 4 threads contend for 2 cores (docs/time-to-accuracy.md).
critdamp_local_threads() {
  local cores workers="${1:-0}"
  cores="$(nproc --all)"
  if (( workers > 0 )); then echo $(( cores / workers > 0 ? cores / workers : 1 )); else echo "$cores"; fi
}

# critdamp_mib SIZE: SIZE (a JVM or JavaCPP size: 1536m, 6g, 6G, 512k, bytes) in whole MiB, rounded up; fails on
# anything else (a percentage, say).
critdamp_mib() {
  [[ "$1" =~ ^([0-9]+)([kKmMgGtT]?)$ ]] || return 1
  local n="${BASH_REMATCH[1]}" shift_bits
  case "${BASH_REMATCH[2]}" in
    k | K) shift_bits=10 ;; m | M) shift_bits=20 ;; g | G) shift_bits=30 ;; t | T) shift_bits=40 ;; *) shift_bits=0 ;;
  esac
  echo $(( ((n << shift_bits) + (1 << 20) - 1) >> 20 ))
}

# critdamp_resident_bound: the plan's resident bound (CRITDAMP_PLAN_RESIDENT) moved by what CRITDAMP_DRIVER_MEMORY
# and CRITDAMP_OFFHEAP change of the plan's heap and off-heap, so that a larger heap of the user's is never above the
# bound (past it JavaCPP collects, and fails when collecting does not bring the process under it). Prints a size.
critdamp_resident_bound() {
  local heap offheap plan_heap plan_offheap resident
  if heap="$(critdamp_mib "${CRITDAMP_DRIVER_MEMORY:-$CRITDAMP_PLAN_HEAP}")" \
      && offheap="$(critdamp_mib "${CRITDAMP_OFFHEAP:-$CRITDAMP_PLAN_OFFHEAP}")" \
      && plan_heap="$(critdamp_mib "$CRITDAMP_PLAN_HEAP")" && plan_offheap="$(critdamp_mib "$CRITDAMP_PLAN_OFFHEAP")" \
      && resident="$(critdamp_mib "$CRITDAMP_PLAN_RESIDENT")"; then
    echo "$(( resident + heap - plan_heap + offheap - plan_offheap ))m"
  else
    echo "$CRITDAMP_PLAN_RESIDENT" # a size bash cannot add up (a percentage): the plan's bound as it is
  fi
}

# critdamp_parse_args MODE ARGS...: splits a launcher's command line.
#   MODE launcher (deploy/critdamp):  [--dry-run] [--master URL] <command> [options]
#   MODE submit   (the submit scripts): [--dry-run] [--cpu] --master URL [spark-submit options] <command> [options]
# Launcher options may come in any order but all before the critdamp command: the first word that is not one of
# them (launcher), or not a spark-submit option (submit), starts the command and everything after it is the
# command's. A spark-submit option takes one value (`--conf k=v`, `--name x`, or `--opt=value`) except --verbose,
# -v and --supervise. Sets CRITDAMP_DRY_RUN (0/1), CRITDAMP_CPU (0/1), CRITDAMP_MASTER, CRITDAMP_SUBMIT_OPTS (array)
# and CRITDAMP_APP_ARGS (array).
critdamp_parse_args() {
  local mode="$1"; shift
  CRITDAMP_DRY_RUN=0; CRITDAMP_CPU=0; CRITDAMP_MASTER=""; CRITDAMP_SUBMIT_OPTS=(); CRITDAMP_APP_ARGS=()
  while (( $# > 0 )); do
    case "$1" in
      --dry-run) CRITDAMP_DRY_RUN=1; shift ;;
      --master) [[ -n "${2:-}" ]] || critdamp_die "--master needs a URL"; CRITDAMP_MASTER="$2"; shift 2 ;;
      --master=*) CRITDAMP_MASTER="${1#--master=}"; shift ;;
      --cpu) [[ "$mode" == submit ]] || break; CRITDAMP_CPU=1; shift ;;
      -*)
        [[ "$mode" == submit ]] || break
        case "$1" in
          --verbose | -v | --supervise | *=*) CRITDAMP_SUBMIT_OPTS+=("$1"); shift ;;
          *) (( $# >= 2 )) || critdamp_die "spark-submit option $1 needs a value"
             CRITDAMP_SUBMIT_OPTS+=("$1" "$2"); shift 2 ;;
        esac
        ;;
      *) break ;;
    esac
  done
  CRITDAMP_APP_ARGS=("$@")
  if [[ "$mode" == submit ]]; then
    [[ -n "$CRITDAMP_MASTER" ]] || critdamp_die "usage: $0 [--dry-run] --master URL [spark-submit options] <critdamp command> [options]"
    (( ${#CRITDAMP_APP_ARGS[@]} > 0 )) || critdamp_die "no critdamp command (train, sweep, ...) after the spark-submit options"
  fi
}

# critdamp_merge_user_submit_opts ARGS...: the user's spark-submit options (SPARK_SUBMIT_EXTRA words, then the options
# given on the command line), with the settings we must not lose taken out and merged into ours instead of replacing
# them: spark.driver.extraJavaOptions / --driver-java-options and spark.executor.extraJavaOptions (appended after
# ours), spark.kryo.registrator (added after Nd4jRegistrator; Spark takes a comma-separated list), --files (shipped
# with ours: a second --files would replace the first). Sets CRITDAMP_USER_DRIVER_OPTS, CRITDAMP_USER_EXECUTOR_OPTS,
# CRITDAMP_USER_KRYO, CRITDAMP_USER_FILES and CRITDAMP_USER_SUBMIT_OPTS (array: the rest, passed on as given, after
# ours, so they win).
critdamp_merge_user_submit_opts() {
  CRITDAMP_USER_DRIVER_OPTS=""; CRITDAMP_USER_EXECUTOR_OPTS=""; CRITDAMP_USER_KRYO=""; CRITDAMP_USER_FILES=""
  CRITDAMP_USER_SUBMIT_OPTS=()
  local kv
  while (( $# > 0 )); do
    case "$1" in
      --conf | -c)
        kv="${2:-}"; shift 2 || shift
        case "$kv" in
          spark.driver.extraJavaOptions=*) CRITDAMP_USER_DRIVER_OPTS+="${CRITDAMP_USER_DRIVER_OPTS:+ }${kv#*=}" ;;
          spark.executor.extraJavaOptions=*) CRITDAMP_USER_EXECUTOR_OPTS+="${CRITDAMP_USER_EXECUTOR_OPTS:+ }${kv#*=}" ;;
          spark.kryo.registrator=*)
            [[ "${kv#*=}" == "$CRITDAMP_KRYO_REGISTRATOR" ]] || CRITDAMP_USER_KRYO+=",${kv#*=}" ;;
          *) CRITDAMP_USER_SUBMIT_OPTS+=(--conf "$kv") ;;
        esac
        ;;
      --conf=*) set -- --conf "${1#--conf=}" "${@:2}" ;;
      --files) CRITDAMP_USER_FILES+="${CRITDAMP_USER_FILES:+,}${2:-}"; shift 2 || shift ;;
      --files=*) CRITDAMP_USER_FILES+="${CRITDAMP_USER_FILES:+,}${1#--files=}"; shift ;;
      --driver-java-options) CRITDAMP_USER_DRIVER_OPTS+="${CRITDAMP_USER_DRIVER_OPTS:+ }${2:-}"; shift 2 || shift ;;
      --driver-java-options=*) CRITDAMP_USER_DRIVER_OPTS+="${CRITDAMP_USER_DRIVER_OPTS:+ }${1#*=}"; shift ;;
      *) CRITDAMP_USER_SUBMIT_OPTS+=("$1"); shift ;;
    esac
  done
}

# critdamp_common_conf KIND DEPLOY_MODE EXECUTOR_THREADS: sets CRITDAMP_CONF (array of spark-submit options) with the
# settings every submission needs. Needs critdamp_jvm_flags and critdamp_merge_user_submit_opts first.
critdamp_common_conf() {
  local kind="$1" deploy_mode="$2" threads="$3"
  CRITDAMP_CONF=(
    --conf "spark.driver.extraJavaOptions=$CRITDAMP_JVM_FLAGS${CRITDAMP_USER_DRIVER_OPTS:+ $CRITDAMP_USER_DRIVER_OPTS}"
    --conf "spark.executor.extraJavaOptions=$CRITDAMP_JVM_FLAGS${CRITDAMP_USER_EXECUTOR_OPTS:+ $CRITDAMP_USER_EXECUTOR_OPTS}"
    --conf "spark.kryo.registrator=$CRITDAMP_KRYO_REGISTRATOR${CRITDAMP_USER_KRYO:-}"
    --conf "spark.executorEnv.OMP_NUM_THREADS=$threads"
  )
  if [[ -n "${OPENBLAS_CORETYPE:-}" ]]; then
    CRITDAMP_CONF+=(--conf "spark.executorEnv.OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE")
  fi
  case "$kind" in
    yarn)
      # The application master (the driver, in cluster mode) and executors run on the NodeManagers' Java unless told
      # otherwise; the jar needs 17 (class files 61): "UnsupportedClassVersionError" in the container logs otherwise.
      if [[ -n "${CRITDAMP_CLUSTER_JAVA_HOME:-}" ]]; then
        CRITDAMP_CONF+=(--conf "spark.executorEnv.JAVA_HOME=$CRITDAMP_CLUSTER_JAVA_HOME"
                        --conf "spark.yarn.appMasterEnv.JAVA_HOME=$CRITDAMP_CLUSTER_JAVA_HOME")
      else
        critdamp_note "YARN: containers use the NodeManagers' Java; if that is older than 17, set" \
          "CRITDAMP_CLUSTER_JAVA_HOME to a Java 17 installed on every node (deploy/README.md, YARN)"
      fi
      if [[ "$deploy_mode" == cluster && -n "${OPENBLAS_CORETYPE:-}" ]]; then
        CRITDAMP_CONF+=(--conf "spark.yarn.appMasterEnv.OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE")
      fi
      ;;
    k8s)
      CRITDAMP_CONF+=(--conf "spark.kubernetes.namespace=${CRITDAMP_K8S_NAMESPACE:-critdamp}"
                      --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${CRITDAMP_K8S_SERVICE_ACCOUNT:-critdamp-spark}")
      if [[ -n "${CRITDAMP_IMAGE:-}" ]]; then
        CRITDAMP_CONF+=(--conf "spark.kubernetes.container.image=$CRITDAMP_IMAGE")
      fi
      if [[ "$deploy_mode" == cluster && -n "${OPENBLAS_CORETYPE:-}" ]]; then
        CRITDAMP_CONF+=(--conf "spark.kubernetes.driverEnv.OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE")
      fi
      ;;
  esac
}

# critdamp_gpu_conf KIND: sets CRITDAMP_GPU_CONF (array) and CRITDAMP_SHIP_FILES (files to ship with --files, comma
# separated; see critdamp_files_opt), one GPU per executor and per task, found the way each
# cluster manager needs (Spark 3.5, docs/running-on-yarn.md, running-on-kubernetes.md, spark-standalone.md):
#   yarn       YARN does not tell executors their GPU addresses: each executor runs the discovery script, shipped with
#              --files and named relatively (YARN localizes --files into the container's working directory, mode 0500).
#   k8s        the same, from the image (/opt/critdamp/gpu-discovery.sh; --files would need an upload path), and the
#              vendor so that executor pods request nvidia.com/gpu.
#   standalone the Worker finds its GPUs (spark.worker.resource.gpu.* on each worker host) and hands each executor
#              its share: no executor discovery script.
#   local      no executors to give GPUs to: nothing (ND4J uses the GPU it sees).
# GPU_DISCOVERY overrides the script path executors run. CUDA_DEVICE_ORDER=PCI_BUS_ID makes CUDA number devices as
# nvidia-smi (and so the discovery script) does; CUDA's default order (fastest first) may differ.
critdamp_gpu_conf() {
  CRITDAMP_GPU_CONF=(); CRITDAMP_SHIP_FILES=""
  [[ "$1" == local ]] && { critdamp_note "local master: no GPU resource settings (ND4J uses the GPU this machine shows)"; return; }
  CRITDAMP_GPU_CONF=(--conf spark.executor.resource.gpu.amount=1 --conf spark.task.resource.gpu.amount=1
                     --conf spark.executorEnv.CUDA_DEVICE_ORDER=PCI_BUS_ID)
  case "$1" in
    yarn)
      CRITDAMP_GPU_CONF+=(--conf "spark.executor.resource.gpu.discoveryScript=${GPU_DISCOVERY:-./gpu-discovery.sh}")
      CRITDAMP_SHIP_FILES="$ROOT/deploy/gpu-discovery.sh" ;;
    k8s)
      CRITDAMP_GPU_CONF+=(--conf "spark.executor.resource.gpu.discoveryScript=${GPU_DISCOVERY:-$CRITDAMP_IMAGE_DISCOVERY}"
                          --conf spark.executor.resource.gpu.vendor=nvidia.com) ;;
    *)
      if [[ -n "${GPU_DISCOVERY:-}" ]]; then
        CRITDAMP_GPU_CONF+=(--conf "spark.executor.resource.gpu.discoveryScript=$GPU_DISCOVERY")
      fi ;;
  esac
}

# critdamp_files_opt: sets CRITDAMP_FILES_OPT (array): one --files with ours (CRITDAMP_SHIP_FILES) and the user's
# (CRITDAMP_USER_FILES), or nothing.
critdamp_files_opt() {
  local files="${CRITDAMP_SHIP_FILES:-}"
  [[ -z "${CRITDAMP_USER_FILES:-}" ]] || files+="${files:+,}$CRITDAMP_USER_FILES"
  CRITDAMP_FILES_OPT=()
  [[ -z "$files" ]] || CRITDAMP_FILES_OPT=(--files "$files")
}

# critdamp_spark_submit: the spark-submit to run: $SPARK_HOME/bin/spark-submit, else the one on PATH, else the bare
# name (for --dry-run, which needs none installed).
critdamp_spark_submit() {
  if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then echo "$SPARK_HOME/bin/spark-submit"
  elif command -v spark-submit >/dev/null 2>&1; then command -v spark-submit
  else echo spark-submit; fi
}

# critdamp_quote WORD: WORD as the shell reads it back: as is when it holds only safe characters, else single-quoted.
critdamp_quote() {
  if [[ "$1" =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then printf '%s' "$1"
  else printf "'%s'" "${1//\'/\'\\\'\'}"; fi
}

# critdamp_print_command WORD...: prints the command on one line, each word quoted for the shell (what --dry-run shows).
# Words before the command of the form NAME=value are printed as environment assignments.
critdamp_print_command() {
  local out="" w assignments=1
  for w in "$@"; do
    if (( assignments )) && [[ "$w" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
      out+="${w%%=*}=$(critdamp_quote "${w#*=}") "
    else
      assignments=0
      out+="$(critdamp_quote "$w") "
    fi
  done
  printf '%s\n' "${out% }"
}
