#!/usr/bin/env bash
# Checks the launch scripts' shell logic through their --dry-run output, without Spark, a cluster or a GPU:
#   - every JVM option string (driver, executors, the launcher's own java) holds DL4J's fast-path flags exactly once,
#     the off-heap limits, and CRITDAMP_JAVA_OPTS appended after them; user extraJavaOptions are merged, not lost;
#   - each spark-submit line sets each extraJavaOptions key once, the Kryo registrator, the YARN JAVA_HOME settings,
#     the driver's memoryOverhead where cluster mode makes the driver a container;
#   - GPU settings per cluster manager (YARN: ./gpu-discovery.sh shipped with --files; Kubernetes: the image's script
#     and vendor; standalone: none, the Worker's), and none at all in CPU mode;
#   - SPARK_LOCAL_IP only in local mode; the native build read from the jar (CPU jar: its extension; -Pcuda jar: none);
#   - the secure script never shows or writes the secret in a dry run, and refuses where the secret is missing;
#   - gpu-discovery.sh reports CUDA device numbers;
#   - gpu-check.sh: the driver against each engine's minimum (a stand-in nvidia-smi), its engine option, and the steps
#     its dry run prints per engine;
#   - deploy/critdamp's memory: heap, JavaCPP limits and a cluster's driver and executor memory from
#     `critdamp memory-plan` (asked about the command's own config, run folder or sweep), the user's settings winning.
# Needs bash, grep and a JDK's `jar` (for the small fake jars); not the application jar. Exits non-zero on a failure.
#   deploy/test-dry-run.sh
# shellcheck disable=SC2016,SC2034  # the conditions given to check are strings it evals, with the variables set then
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/critdamp-dry-run-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
FAILURES=0
CHECKS=0
HELPERS=-Dorg.eclipse.deeplearning4j.helpers.disable=false
EXT_PREFIX=-Dorg.bytedeco.javacpp.platform.extension=
USER_OPTS="-Dcritdamp.test.user=1 -XX:+UseSerialGC"
SECRET="dry-run-test-secret-0123456789"

fail() { echo "FAIL: $*" >&2; FAILURES=$((FAILURES + 1)); }
ok() { CHECKS=$((CHECKS + 1)); }
check() { if eval "$2"; then ok; else fail "$1"; fi; }

# A clean environment: no spark-submit anywhere, a private TMPDIR, fixed thread counts, the user's JVM options.
export PATH=/usr/bin:/bin TMPDIR="$WORK/tmp" OMP_NUM_THREADS=2 CRITDAMP_JAVA_OPTS="$USER_OPTS"
[[ -x "$(command -v java 2>/dev/null)" ]] || export PATH="${JAVA_HOME:+$JAVA_HOME/bin:}$PATH"
mkdir -p "$TMPDIR"
unset SPARK_HOME SPARK_CONF_DIR SPARK_LOCAL_IP OPENBLAS_CORETYPE SPARK_SUBMIT_EXTRA GPU GPU_DISCOVERY DEPLOY_MODE \
  CRITDAMP_CLUSTER_JAVA_HOME SPARK_AUTHENTICATE_SECRET SPARK_AUTHENTICATE_K8S_SECRET CUDA_VISIBLE_DEVICES CRITDAMP_JAR
export CRITDAMP_NO_CORETYPE=1 CRITDAMP_ND4J_EXTENSION=-onednn-avx2   # no jar needed, no BLAS check
unset CRITDAMP_DRIVER_MEMORY CRITDAMP_EXECUTOR_MEMORY CRITDAMP_OFFHEAP CRITDAMP_MAXPHYSICAL
# A stand-in for java that answers `critdamp memory-plan --sizes` with a fixed plan (heap, off-heap, resident, workers
# sharing the driver's cores; FAKE_PLAN: another answer) and logs its arguments to $PLAN_LOG (FAKE_PLAN_FAILS=1: it
# fails, as java does without the jar): no jar or JVM needed.
PLAN="1280m 768m 2816m 2"
export PLAN_LOG="$WORK/memory-plan.log"
mkdir -p "$WORK/bin"
cat > "$WORK/bin/java" <<EOF_JAVA
#!/bin/sh
case " \$* " in *" memory-plan "*) ;; *) echo "fake java: only memory-plan" >&2; exit 1 ;; esac
[ -z "\${FAKE_PLAN_FAILS:-}" ] || exit 1
echo "\${*#*memory-plan }" >> "\$PLAN_LOG"
echo "\${FAKE_PLAN:-$PLAN}"
EOF_JAVA
chmod +x "$WORK/bin/java"
export PATH="$WORK/bin:$PATH"

# run NAME CMD...: runs a dry run; sets OUT (stdout), ERR (stderr), RC and WORDS (the printed command as words).
run() {
  local name="$1"; shift
  OUT="$("$@" 2>"$WORK/err")"; RC=$?
  ERR="$(cat "$WORK/err")"
  WORDS=()
  if (( RC == 0 )); then
    # The line is the scripts' own quoting: read it back as the shell would (a java command's classpath,
    # "$JAR:$(cat classpath-file)", is read without running cat: the file need not exist here).
    eval "WORDS=(${OUT//\$(cat /\$(: })" 2>/dev/null || fail "$name: output is not one shell-quoted command: ${OUT:0:300}..."
  fi
}

# jvm_option_sets: prints, one per line, every JVM option string in WORDS: the values of
# spark.{driver,executor}.extraJavaOptions (as --conf or -D) and, for a java command, its own options up to -cp.
jvm_option_sets() {
  local w i in_java=0 own=""
  for (( i = 0; i < ${#WORDS[@]}; i++ )); do
    w="${WORDS[$i]}"
    case "$w" in
      spark.driver.extraJavaOptions=* | spark.executor.extraJavaOptions=*) echo "${w#*=}" ;;
      -Dspark.executor.extraJavaOptions=*) echo "${w#*=}" ;;
    esac
    if [[ "$w" == java ]]; then in_java=1; continue; fi
    if (( in_java )); then
      if [[ "$w" == -cp ]]; then echo "$own"; in_java=0; continue; fi
      [[ "$w" == -Dspark.* ]] || own+="${own:+ }$w"
    fi
  done
}

count_word() { local n=0 w; for w in $2; do [[ "$w" == "$1"* ]] && n=$((n + 1)); done; echo "$n"; }
count_conf() { local n=0 w; for w in "${WORDS[@]}"; do [[ "$w" == "$1"* ]] && n=$((n + 1)); done; echo "$n"; }
has_word() { local w; for w in "${WORDS[@]}"; do [[ "$w" == "$1" ]] && return 0; done; return 1; }

# check_jvm_flags NAME EXPECTED_SETS EXTENSION: each JVM option string has the fast path once, the off-heap limits,
# and the user's options last. EXTENSION empty = no extension flag expected.
check_jvm_flags() {
  local name="$1" expected="$2" ext="$3" sets n=0 set
  sets="$(jvm_option_sets)"
  while IFS= read -r set; do
    [[ -n "$set" ]] || continue
    n=$((n + 1))
    check "$name: helpers flag once in [$set]" '[[ $(count_word "$HELPERS" "$set") == 1 ]]'
    if [[ -n "$ext" ]]; then
      check "$name: extension $ext once in [$set]" '[[ $(count_word "$EXT_PREFIX" "$set") == 1 && " $set " == *" $EXT_PREFIX$ext "* ]]'
    else
      check "$name: no extension flag in [$set]" '[[ $(count_word "$EXT_PREFIX" "$set") == 0 ]]'
    fi
    check "$name: off-heap limits in [$set]" '[[ $(count_word -Dorg.bytedeco.javacpp.maxbytes= "$set") == 1 ]]'
    check "$name: CRITDAMP_JAVA_OPTS appended after ours in [$set]" '[[ "$set" == *"maxphysicalbytes="*" $USER_OPTS"* ]]'
  done <<< "$sets"
  check "$name: $expected JVM option strings (found $n)" '(( n == expected ))'
}

check_submit_line() {
  local name="$1"
  check "$name: spark.driver.extraJavaOptions set once" '[[ $(count_conf spark.driver.extraJavaOptions=) == 1 ]]'
  check "$name: spark.executor.extraJavaOptions set once" '[[ $(count_conf spark.executor.extraJavaOptions=) == 1 ]]'
  check "$name: Kryo registrator" 'has_word spark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator'
  check "$name: executors' OMP_NUM_THREADS" '[[ $(count_conf spark.executorEnv.OMP_NUM_THREADS=) == 1 ]]'
}

MASTERS=("local[2]" spark://master:7077 yarn k8s://https://api.example:6443)

echo "== deploy/critdamp"
run "critdamp local" "$ROOT/deploy/critdamp" --dry-run train -c conf/cifar10-small-cnn.yaml
check "critdamp local: exit 0 [$ERR]" '(( RC == 0 ))'
check "critdamp local: a java command" '[[ "${WORDS[*]}" == *" java "* ]]'
check "critdamp local: SPARK_LOCAL_IP=127.0.0.1" '[[ "$OUT" == *"SPARK_LOCAL_IP=127.0.0.1 "* ]]'
check "critdamp local: critdamp's arguments last" '[[ "${WORDS[*]: -3}" == "train -c conf/cifar10-small-cnn.yaml" ]]'
check_jvm_flags "critdamp local" 1 -onednn-avx2
for m in "${MASTERS[@]}"; do
  run "critdamp $m (no spark-submit)" "$ROOT/deploy/critdamp" --master "$m" --dry-run train
  check "critdamp $m: exit 0 [$ERR]" '(( RC == 0 ))'
  check_jvm_flags "critdamp $m (driver here)" 2 -onednn-avx2
  check "critdamp $m: --master handed to the CLI" '[[ "${WORDS[*]: -2}" == "--master $m" ]]'
  if [[ "$m" == local* ]]; then
    check "critdamp $m: SPARK_LOCAL_IP set" '[[ "$OUT" == *"SPARK_LOCAL_IP=127.0.0.1 "* ]]'
  else
    check "critdamp $m: no SPARK_LOCAL_IP" '[[ "$OUT" != *SPARK_LOCAL_IP* ]]'
  fi
done

echo "== deploy/critdamp: memory from critdamp memory-plan"
# plan_asked: the arguments memory-plan was last given
plan_asked() { tail -n 1 "$PLAN_LOG"; }
run "critdamp plan" "$ROOT/deploy/critdamp" --dry-run train -c conf/x.yaml --set a=1 --set=b=2 --master local[2]
check "critdamp plan: heap from the plan [$ERR]" '(( RC == 0 )) && has_word -Xmx1280m'
check "critdamp plan: JavaCPP limits from the plan" \
  'has_word -Dorg.bytedeco.javacpp.maxbytes=768m && has_word -Dorg.bytedeco.javacpp.maxphysicalbytes=2816m'
check "critdamp plan: the derived values shown" '[[ "$ERR" == *"memory: heap 1280m, off-heap 768m, resident bound 2816m"* ]]'
check "critdamp plan: asked about train's config and overrides, with the launcher's master" \
  '[[ "$(plan_asked)" == "--sizes --config conf/x.yaml --set a=1 --set b=2 --set spark.master=local[2]" ]]'
run "critdamp plan attribute" "$ROOT/deploy/critdamp" --dry-run attribute --run=runs/x --set k=v
check "critdamp plan: attribute's run folder" '(( RC == 0 )) && [[ "$(plan_asked)" == "--sizes --run runs/x --set k=v" ]]'
run "critdamp plan sweep" "$ROOT/deploy/critdamp" --dry-run sweep --config conf/sweep.yaml --resume
check "critdamp plan: sweep's file" '(( RC == 0 )) && [[ "$(plan_asked)" == "--sizes --sweep conf/sweep.yaml" ]]'
run "critdamp plan report" "$ROOT/deploy/critdamp" --dry-run report runs/x
check "critdamp plan: other commands get the default config's" '(( RC == 0 )) && [[ "$(plan_asked)" == "--sizes" ]]'
run "critdamp plan, user heap" env CRITDAMP_DRIVER_MEMORY=6g "$ROOT/deploy/critdamp" --dry-run train
check "critdamp plan: CRITDAMP_DRIVER_MEMORY wins, the resident bound grows with it" \
  '(( RC == 0 )) && has_word -Xmx6g && has_word -Dorg.bytedeco.javacpp.maxphysicalbytes=$(( 2816 + 6144 - 1280 ))m'
: > "$PLAN_LOG"
run "critdamp plan, all set" env CRITDAMP_DRIVER_MEMORY=3g CRITDAMP_OFFHEAP=2G CRITDAMP_MAXPHYSICAL=9G \
  "$ROOT/deploy/critdamp" --dry-run train
check "critdamp plan: the user's three sizes as given, no plan asked" \
  '(( RC == 0 )) && has_word -Xmx3g && has_word -Dorg.bytedeco.javacpp.maxbytes=2G && has_word -Dorg.bytedeco.javacpp.maxphysicalbytes=9G && [[ ! -s "$PLAN_LOG" ]]'
CORES="$(nproc --all)"
HALF=$(( CORES / 2 > 0 ? CORES / 2 : 1 ))
run "critdamp threads" env -u OMP_NUM_THREADS "$ROOT/deploy/critdamp" --dry-run train
check "critdamp threads: unset, the cores shared by the plan's 2 local workers ($HALF each)" \
  '(( RC == 0 )) && has_word OMP_NUM_THREADS=$HALF'
run "critdamp threads, cluster" env -u OMP_NUM_THREADS FAKE_PLAN="1280m 768m 2816m 0" "$ROOT/deploy/critdamp" --dry-run train
check "critdamp threads: no worker in the driver, all $CORES cores" '(( RC == 0 )) && has_word OMP_NUM_THREADS=$CORES'
run "critdamp threads, user's" env OMP_NUM_THREADS=3 "$ROOT/deploy/critdamp" --dry-run train
check "critdamp threads: OMP_NUM_THREADS as set" '(( RC == 0 )) && has_word OMP_NUM_THREADS=3'
: > "$PLAN_LOG"
run "critdamp plan, all set but threads" env -u OMP_NUM_THREADS CRITDAMP_DRIVER_MEMORY=3g CRITDAMP_OFFHEAP=2G \
  CRITDAMP_MAXPHYSICAL=9G "$ROOT/deploy/critdamp" --dry-run train
check "critdamp plan: asked for the threads when the three sizes are set, sizes as given" \
  '(( RC == 0 )) && has_word -Xmx3g && has_word OMP_NUM_THREADS=$HALF && [[ -s "$PLAN_LOG" ]]'
run "critdamp plan fails" env FAKE_PLAN_FAILS=1 "$ROOT/deploy/critdamp" --dry-run train
check "critdamp plan: no plan (no jar): refused, naming the settings" '(( RC == 2 )) && [[ "$ERR" == *CRITDAMP_MAXPHYSICAL* ]]'

mkdir -p "$WORK/spark/bin"; printf '#!/bin/sh\nexit 0\n' > "$WORK/spark/bin/spark-submit"; chmod +x "$WORK/spark/bin/spark-submit"
for m in "${MASTERS[@]}"; do
  run "critdamp $m (spark-submit)" env SPARK_HOME="$WORK/spark" CRITDAMP_CLUSTER_JAVA_HOME=/opt/jdk-17 \
    "$ROOT/deploy/critdamp" --dry-run --master "$m" train
  check "critdamp $m: spark-submit command [$ERR]" '(( RC == 0 )) && [[ "${WORDS[*]}" == *"$WORK/spark/bin/spark-submit --master $m "* ]]'
  check_jvm_flags "critdamp $m (spark-submit)" 2 -onednn-avx2
  check_submit_line "critdamp $m"
  check "critdamp $m: driver and executor memory from the plan" \
    '[[ "${WORDS[*]}" == *" --driver-memory 1280m --executor-memory 1280m "* ]]'
  if [[ "$m" == yarn ]]; then
    check "critdamp yarn: executors' JAVA_HOME" 'has_word spark.executorEnv.JAVA_HOME=/opt/jdk-17'
    check "critdamp yarn: application master's JAVA_HOME" 'has_word spark.yarn.appMasterEnv.JAVA_HOME=/opt/jdk-17'
  else
    check "critdamp $m: no YARN JAVA_HOME" '[[ $(count_conf spark.yarn.appMasterEnv.JAVA_HOME=) == 0 ]]'
  fi
done
run "critdamp executor memory" env SPARK_HOME="$WORK/spark" CRITDAMP_EXECUTOR_MEMORY=4g \
  "$ROOT/deploy/critdamp" --dry-run --master yarn train
check "critdamp: CRITDAMP_EXECUTOR_MEMORY wins" '(( RC == 0 )) && [[ "${WORDS[*]}" == *" --executor-memory 4g "* ]]'
printf 'flags\t\t: fpu sse2 avx avx2 fma\n' > "$WORK/cpuinfo-avx2"
run "critdamp avx512 on a CPU without it" env CRITDAMP_ND4J_EXTENSION=-onednn-avx512 \
  CRITDAMP_CPUINFO="$WORK/cpuinfo-avx2" "$ROOT/deploy/critdamp" --dry-run train
check "critdamp: refuses an AVX-512 build on a CPU without AVX-512" '(( RC == 2 )) && [[ "$ERR" == *avx512f* ]]'

echo "== deploy/spark-submit-gpu.sh"
for m in "${MASTERS[@]}"; do
  run "gpu $m" env CRITDAMP_CLUSTER_JAVA_HOME=/opt/jdk-17 "$ROOT/deploy/spark-submit-gpu.sh" --dry-run --master "$m" \
    --queue critdamp --conf spark.executor.extraJavaOptions=-Dcritdamp.test.exec=1 train -c conf/x.yaml
  check "gpu $m: exit 0 [$ERR]" '(( RC == 0 ))'
  check "gpu $m: works without spark-submit installed" '[[ "${WORDS[0]:-}" == spark-submit ]]'
  check_jvm_flags "gpu $m" 2 -onednn-avx2
  check_submit_line "gpu $m"
  check "gpu $m: user's executor option merged at the end" \
    '[[ "$(jvm_option_sets | sed -n 2p)" == *" $USER_OPTS -Dcritdamp.test.exec=1" ]]'
  check "gpu $m: spark-submit option passed through before the jar" \
    '[[ "${WORDS[*]}" == *" --queue critdamp "*" train -c conf/x.yaml" ]]'
  case "$m" in
    yarn)
      check "gpu yarn: discovery script named relatively" 'has_word spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh'
      check "gpu yarn: discovery script shipped with --files" '[[ "${WORDS[*]}" == *"--files $ROOT/deploy/gpu-discovery.sh "* ]]'
      check "gpu yarn: one GPU per executor and task" 'has_word spark.executor.resource.gpu.amount=1 && has_word spark.task.resource.gpu.amount=1'
      check "gpu yarn: JAVA_HOME for executors and AM" 'has_word spark.executorEnv.JAVA_HOME=/opt/jdk-17 && has_word spark.yarn.appMasterEnv.JAVA_HOME=/opt/jdk-17' ;;
    k8s://*)
      check "gpu k8s: the image's discovery script" 'has_word spark.executor.resource.gpu.discoveryScript=/opt/critdamp/gpu-discovery.sh'
      check "gpu k8s: vendor nvidia.com" 'has_word spark.executor.resource.gpu.vendor=nvidia.com'
      check "gpu k8s: no --files" '! has_word --files'
      check "gpu k8s: the image's jar, cluster mode" 'has_word local:///opt/critdamp/critdamp-spark-jobs-app.jar && [[ "${WORDS[*]}" == *"--deploy-mode cluster"* ]]'
      check "gpu k8s: service account" 'has_word spark.kubernetes.authenticate.driver.serviceAccountName=critdamp-spark' ;;
    spark://*)
      check "gpu standalone: GPU amounts" 'has_word spark.executor.resource.gpu.amount=1 && has_word spark.task.resource.gpu.amount=1'
      check "gpu standalone: no executor discovery script (the Worker's)" '[[ $(count_conf spark.executor.resource.gpu.discoveryScript=) == 0 ]] && ! has_word --files'
      check "gpu standalone: total cores" 'has_word --total-executor-cores' ;;
    local*)
      check "gpu local: no GPU resource settings" '[[ "$OUT" != *resource.gpu* ]]' ;;
  esac
  run "gpu --cpu $m" "$ROOT/deploy/spark-submit-gpu.sh" --cpu --dry-run --master "$m" train
  check "gpu --cpu $m: exit 0 and no GPU setting at all [$ERR]" '(( RC == 0 )) && [[ "$OUT" != *resource.gpu* && "$OUT" != *gpu-discovery* && "$OUT" != *CUDA* ]]'
  check_jvm_flags "gpu --cpu $m" 2 -onednn-avx2
  run "gpu GPU=0 $m" env GPU=0 "$ROOT/deploy/spark-submit-gpu.sh" --dry-run --master "$m" train
  check "gpu GPU=0 $m: no GPU setting at all" '(( RC == 0 )) && [[ "$OUT" != *resource.gpu* ]]'
done
run "gpu yarn, user --files" "$ROOT/deploy/spark-submit-gpu.sh" --dry-run --master yarn --files conf/x.yaml train -c x.yaml
check "gpu yarn: the user's --files shipped with the discovery script, in one --files" \
  '(( RC == 0 )) && [[ $(count_conf --files) == 1 ]] && has_word "$ROOT/deploy/gpu-discovery.sh,conf/x.yaml"'
run "gpu --cpu, user --files" "$ROOT/deploy/spark-submit-gpu.sh" --cpu --dry-run --master yarn --files=conf/x.yaml train
check "gpu --cpu: the user's --files passed on" '(( RC == 0 )) && [[ "${WORDS[*]}" == *"--files conf/x.yaml "* ]]'
run "gpu yarn cluster mode" env DEPLOY_MODE=cluster MEMORY_OVERHEAD=3g "$ROOT/deploy/spark-submit-gpu.sh" --dry-run \
  --master yarn train
check "gpu yarn cluster: the driver's container gets the executors' overhead" \
  '(( RC == 0 )) && has_word spark.driver.memoryOverhead=3g && [[ "${WORDS[*]}" == *"--deploy-mode cluster"* ]]'
run "gpu yarn cluster mode, driver overhead" env DEPLOY_MODE=cluster DRIVER_MEMORY_OVERHEAD=2g \
  "$ROOT/deploy/spark-submit-gpu.sh" --dry-run --master yarn train
check "gpu yarn cluster: DRIVER_MEMORY_OVERHEAD for the driver" \
  '(( RC == 0 )) && has_word spark.driver.memoryOverhead=2g && has_word spark.executor.memoryOverhead=16g'
run "gpu yarn client mode" "$ROOT/deploy/spark-submit-gpu.sh" --dry-run --master yarn train
check "gpu yarn client: no driver overhead (the driver is no container)" \
  '(( RC == 0 )) && [[ $(count_conf spark.driver.memoryOverhead=) == 0 ]]'
run "gpu without --master" "$ROOT/deploy/spark-submit-gpu.sh" --dry-run train
check "gpu: refuses a missing --master" '(( RC == 2 )) && [[ "$ERR" == *usage* ]]'

echo "== deploy/spark-submit-secure.sh"
for m in "${MASTERS[@]}"; do
  run "secure $m" env SPARK_AUTHENTICATE_SECRET="$SECRET" DEPLOY_MODE=client \
    "$ROOT/deploy/spark-submit-secure.sh" --dry-run --master "$m" train -c conf/x.yaml
  check "secure $m: exit 0 [$ERR]" '(( RC == 0 ))'
  check "secure $m: the secret is not shown" '[[ "$OUT$ERR" != *"$SECRET"* ]]'
  check "secure $m: the properties file path is shown" '[[ "${WORDS[*]}" == *"--properties-file $TMPDIR/critdamp-submit.XXXXXX/spark.properties "* ]]'
  check "secure $m: nothing written" '[[ -z "$(ls -A "$TMPDIR")" ]]'
  check_jvm_flags "secure $m" 2 -onednn-avx2
  check_submit_line "secure $m"
done
run "secure standalone, no secret" "$ROOT/deploy/spark-submit-secure.sh" --dry-run --master spark://m:7077 train
check "secure: refuses a standalone submission without the secret" '(( RC == 2 )) && [[ "$ERR" == *"refusing to start"* ]]'
run "secure standalone, short secret" env SPARK_AUTHENTICATE_SECRET=short \
  "$ROOT/deploy/spark-submit-secure.sh" --dry-run --master spark://m:7077 train
check "secure: refuses a short secret" '(( RC == 2 )) && [[ "$ERR" == *"shorter than 16"* ]]'
run "secure k8s cluster mode, secret in the environment" env SPARK_AUTHENTICATE_SECRET="$SECRET" \
  "$ROOT/deploy/spark-submit-secure.sh" --dry-run --master k8s://https://api:6443 train
check "secure k8s cluster: refuses a secret that would land in a ConfigMap" '(( RC == 2 )) && [[ "$ERR" != *"$SECRET"* ]]'
run "secure k8s, Kubernetes Secret" env SPARK_AUTHENTICATE_K8S_SECRET=critdamp-spark-auth GPU=1 \
  "$ROOT/deploy/spark-submit-secure.sh" --dry-run --master k8s://https://api:6443 train
check "secure k8s: the Secret is mounted and read as a file" \
  '(( RC == 0 )) && has_word spark.authenticate.secret.file=/etc/critdamp/spark-auth/secret && has_word spark.kubernetes.executor.secrets.critdamp-spark-auth=/etc/critdamp/spark-auth'
check "secure k8s GPU=1: the image's discovery script" 'has_word spark.executor.resource.gpu.discoveryScript=/opt/critdamp/gpu-discovery.sh'
run "secure SPARK_SUBMIT_EXTRA" env SPARK_AUTHENTICATE_SECRET="$SECRET" \
  SPARK_SUBMIT_EXTRA="--conf spark.executor.instances=2 --conf spark.kryo.registrator=my.Registrator" \
  "$ROOT/deploy/spark-submit-secure.sh" --dry-run --master spark://m:7077 train
check "secure: SPARK_SUBMIT_EXTRA passed on, registrators merged" \
  '(( RC == 0 )) && has_word spark.executor.instances=2 && has_word spark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator,my.Registrator && [[ $(count_conf spark.kryo.registrator=) == 1 ]]'

echo "== the native build read from the jar"
mkjar() {  # mkjar NAME ENTRY...: a small jar holding empty files at the given paths
  local dir="$WORK/jar-$1" e
  for e in "${@:2}"; do mkdir -p "$dir/$(dirname "$e")"; : > "$dir/$e"; done
  (cd "$dir" && jar cf "$WORK/$1.jar" .) && echo "$WORK/$1.jar"
}
CPU_JAR="$(mkjar cpu org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx512/libjnind4jcpu.so)"
CUDA_JAR="$(mkjar cuda org/nd4j/linalg/jcublas/JCublasBackend.class \
  org/nd4j/linalg/jcublas/bindings/linux-x86_64-cudnn/libjnind4jcuda.so \
  org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libjnind4jcpu.so)"
run "CPU jar" env -u CRITDAMP_ND4J_EXTENSION CRITDAMP_JAR="$CPU_JAR" \
  "$ROOT/deploy/spark-submit-gpu.sh" --cpu --dry-run --master yarn train
check "CPU jar: exit 0 [$ERR]" '(( RC == 0 ))'
check_jvm_flags "CPU jar" 2 -onednn-avx512
run "CUDA jar" env -u CRITDAMP_ND4J_EXTENSION CRITDAMP_JAR="$CUDA_JAR" \
  "$ROOT/deploy/spark-submit-gpu.sh" --dry-run --master yarn train
check "CUDA jar: exit 0, no CPU-build warning [$ERR]" '(( RC == 0 )) && [[ "$ERR" != *"CPU build"* ]]'
check_jvm_flags "CUDA jar: helpers flag, no extension" 2 ""
run "no jar" env -u CRITDAMP_ND4J_EXTENSION CRITDAMP_JAR="$WORK/missing.jar" \
  "$ROOT/deploy/spark-submit-gpu.sh" --dry-run --master yarn train
check "no jar and no CRITDAMP_ND4J_EXTENSION: refused, naming the build" '(( RC == 2 )) && [[ "$ERR" == *"mvn -B"* ]]'
run "extension none" env CRITDAMP_ND4J_EXTENSION=none "$ROOT/deploy/spark-submit-gpu.sh" --dry-run --master yarn train
check_jvm_flags "CRITDAMP_ND4J_EXTENSION=none" 2 ""

echo "== deploy/gpu-discovery.sh"
mkdir -p "$WORK/smi"; printf '#!/bin/sh\nprintf "0\\n1\\n2\\n"\n' > "$WORK/smi/nvidia-smi"; chmod +x "$WORK/smi/nvidia-smi"
d() { env "$@" "$ROOT/deploy/gpu-discovery.sh"; }
check "discovery: CUDA_VISIBLE_DEVICES=3,5 -> CUDA devices 0,1" '[[ "$(d CUDA_VISIBLE_DEVICES=3,5)" == "{\"name\": \"gpu\", \"addresses\": [\"0\", \"1\"]}" ]]'
check "discovery: CUDA_VISIBLE_DEVICES empty -> none" '[[ "$(d CUDA_VISIBLE_DEVICES=)" == *"[]}" ]]'
check "discovery: nvidia-smi indices" '[[ "$(d PATH="$WORK/smi:$PATH")" == *"[\"0\", \"1\", \"2\"]}" ]]'
check "discovery: no nvidia-smi -> none" '[[ "$(d)" == *"[]}" ]]'

echo "== deploy/gpu-check.sh"
# A stand-in nvidia-smi answering gpu-check's two queries with one H100 and the driver FAKE_DRIVER.
mkdir -p "$WORK/smi-driver"
cat > "$WORK/smi-driver/nvidia-smi" <<'EOF_SMI'
#!/bin/sh
case "$*" in
  *noheader*) echo "${FAKE_DRIVER:?}" ;;
  *) echo "index, name, compute_cap, memory.total [MiB], driver_version"
     echo "0, NVIDIA H100 80GB HBM3, 9.0, 81559 MiB, ${FAKE_DRIVER:?}" ;;
esac
EOF_SMI
chmod +x "$WORK/smi-driver/nvidia-smi"
gc() { env GPU_CHECK_OUT="$WORK/gpu-check" "$@"; }
# run_lines NAME CMD...: like run, for a script whose output is lines of text, not one command
run_lines() { local name="$1"; shift; OUT="$("$@" 2>"$WORK/err")"; RC=$?; ERR="$(cat "$WORK/err")"; }
run_lines "gpu-check preflight, driver 580" gc PATH="$WORK/smi-driver:$PATH" FAKE_DRIVER=580.65.06 \
  "$ROOT/deploy/gpu-check.sh" --preflight
check "gpu-check preflight: driver 580.65.06 runs both engines [$ERR]" \
  '(( RC == 0 )) && [[ "$OUT" == *"engine dl4j: driver 580.65.06 >= 450.80.02"* && "$OUT" == *"engine torch: driver 580.65.06 >= 580"* ]]'
run_lines "gpu-check preflight, driver 575" gc PATH="$WORK/smi-driver:$PATH" FAKE_DRIVER=575.57.08 \
  "$ROOT/deploy/gpu-check.sh" --preflight
check "gpu-check preflight: driver 575 is too old for torch (CUDA 13): exit 7, naming engine and minimum" \
  '(( RC == 7 )) && [[ "$OUT" == *"driver 575.57.08 too old: engine torch needs >= 580"* && "$OUT" != *"engine dl4j needs"* ]]'
run_lines "gpu-check preflight dl4j, driver 450.80.02" gc PATH="$WORK/smi-driver:$PATH" FAKE_DRIVER=450.80.02 \
  "$ROOT/deploy/gpu-check.sh" --engine dl4j --preflight
check "gpu-check preflight dl4j: driver 450.80.02 is enough for CUDA 11.6" '(( RC == 0 )) && [[ "$OUT" != *torch* ]]'
run_lines "gpu-check preflight dl4j, driver 440" gc PATH="$WORK/smi-driver:$PATH" FAKE_DRIVER=440.33.01 \
  "$ROOT/deploy/gpu-check.sh" --engine=dl4j --preflight
check "gpu-check preflight dl4j: driver 440 too old: exit 7" '(( RC == 7 )) && [[ "$OUT" == *"engine dl4j needs >= 450.80.02"* ]]'
run_lines "gpu-check preflight, no driver" gc "$ROOT/deploy/gpu-check.sh" --preflight
check "gpu-check preflight: no nvidia-smi: exit 4" '(( RC == 4 )) && [[ "$OUT" == *"no nvidia-smi"* ]]'
run_lines "gpu-check bad engine" gc "$ROOT/deploy/gpu-check.sh" --engine tensorflow --dry-run
check "gpu-check: an unknown engine is refused in one line" '(( RC == 2 )) && [[ "$ERR" == "gpu-check: --engine tensorflow: not an engine (dl4j, torch or both)" ]]'
# gpu_dry: the dry run's output (one command per line)
gpu_dry() { gc "$ROOT/deploy/gpu-check.sh" --dry-run "$@" 2>&1; }
DRY="$(gpu_dry)"
check "gpu-check dry run: both engines by default, each with its driver minimum" \
  '[[ "$DRY" == *"driver_version >= 450.80.02 for engine dl4j"* && "$DRY" == *"driver_version >= 580 for engine torch"* ]]'
check "gpu-check dry run: GpuCheck per engine, each JVM told its engine" \
  '[[ "$DRY" == *"-Dcritdamp.engine=dl4j -cp \<classpath\> critdamp.gpu.GpuCheck dl4j"* && "$DRY" == *"-Dcritdamp.engine=torch -cp \<classpath\> critdamp.gpu.GpuCheck torch"* ]]'
check "gpu-check dry run: libtorch's product on the GPU (TorchDevice) after torch's GpuCheck" \
  '[[ "$DRY" == *"critdamp.gpu.GpuCheck torch"*"critdamp.torch.TorchDevice"* ]]'
check "gpu-check dry run: timed training for both engines, Spark local mode for dl4j" \
  '[[ "$DRY" == *"bench throughput --model resnet18 --batch"*"one-jvm-dl4j.log"* && "$DRY" == *"bench throughput --model resnet18 --engine torch --batch"*"one-jvm-torch.log"* && "$DRY" == *"bench spark-overhead"* ]]'
DRY="$(gpu_dry --engine torch)"
check "gpu-check dry run --engine torch: no dl4j step" \
  '[[ "$DRY" == *"critdamp.torch.TorchDevice"* && "$DRY" != *"GpuCheck dl4j"* && "$DRY" != *spark-overhead* && "$DRY" != *"engine dl4j"* ]]'
DRY="$(gpu_dry --engine dl4j)"
check "gpu-check dry run --engine dl4j: no torch step" \
  '[[ "$DRY" == *"GpuCheck dl4j"* && "$DRY" != *TorchDevice* && "$DRY" != *"engine torch"* ]]'
check "gpu-check: the script documents what it checks for each engine" \
  'grep -q "cuDNN 9, NCCL" "$ROOT/deploy/gpu-check.sh" && grep -q "torch 7.5-12.x" "$ROOT/deploy/gpu-check.sh"'

echo "$CHECKS checks passed, $FAILURES failed"
(( FAILURES == 0 ))
