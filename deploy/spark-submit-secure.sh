#!/usr/bin/env bash
# Submits a critdamp job with Spark's security settings on (deploy/conf/spark-security.conf): RPC authentication and
# encryption, local-disk encryption, UI ACLs. The shared secret never goes into a file of this repository nor onto a
# command line (where `ps` would show it):
#   standalone / local : SPARK_AUTHENTICATE_SECRET (required) goes into a private (0600) properties file in a private
#                        temporary folder, removed when spark-submit exits.
#   Kubernetes         : SPARK_AUTHENTICATE_K8S_SECRET names a Kubernetes Secret (key "secret") mounted into the
#                        driver and executor pods; or else SPARK_AUTHENTICATE_SECRET as for standalone (client mode).
#   YARN               : Spark generates a unique secret per application and ships it through YARN itself; the
#                        variable is not needed there (and not used).
# The script refuses to start when the secret is missing where one is needed.
#   SPARK_AUTHENTICATE_SECRET="$(cat /run/secrets/spark-auth)" \
#     deploy/spark-submit-secure.sh --master spark://master:7077 train -c conf/cifar10-resnet20.yaml
#   deploy/spark-submit-secure.sh --master yarn sweep -c conf/sweep-schedules.yaml
# Extra spark-submit options: SPARK_SUBMIT_EXTRA (e.g. "--conf spark.executor.instances=4"); GPU executors: use
# GPU=1 to add the same one-GPU-per-executor settings as deploy/spark-submit-gpu.sh.
set -euo pipefail
umask 077   # everything this script writes (the private properties file) is readable by its user only
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${CRITDAMP_JAR:-$ROOT/spark-jobs/target/critdamp-spark-jobs-app.jar}"
SECURITY_CONF="${CRITDAMP_SECURITY_CONF:-$ROOT/deploy/conf/spark-security.conf}"
die() { echo "spark-submit-secure: $*" >&2; exit 2; }

[[ "${1:-}" == "--master" && -n "${2:-}" ]] || die "usage: $0 --master URL <critdamp command> [options]"
MASTER="$2"; shift 2
# A URL (local:///opt/critdamp/... inside an image, hdfs://, s3a://) is left to Spark; a plain path must exist here.
[[ "$JAR" == *://* || -f "$JAR" ]] || die "no $JAR: build it with mvn -B -DskipTests package (add -Pcuda for GPU executors)"
[[ -f "$SECURITY_CONF" ]] || die "no $SECURITY_CONF"
SUBMIT="${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit"
command -v "$SUBMIT" >/dev/null 2>&1 || die "spark-submit not found: set SPARK_HOME"

PRIVATE="$(mktemp -d "${TMPDIR:-/tmp}/critdamp-submit.XXXXXX")"
chmod 700 "$PRIVATE"
trap 'rm -rf "$PRIVATE"' EXIT INT TERM
PROPS="$PRIVATE/spark.properties"
(
  # --properties-file replaces spark-defaults.conf in Spark 3.5: carry the defaults over first, then our settings.
  DEFAULTS="${SPARK_CONF_DIR:-${SPARK_HOME:-/nonexistent}/conf}/spark-defaults.conf"
  [[ -f "$DEFAULTS" ]] && cat "$DEFAULTS"
  echo
  cat "$SECURITY_CONF"
) > "$PROPS"

EXTRA=()
case "$MASTER" in
  yarn*)
    echo "spark-submit-secure: YARN generates a per-application secret; SPARK_AUTHENTICATE_SECRET is not used" >&2
    ;;
  k8s://*)
    if [[ -n "${SPARK_AUTHENTICATE_K8S_SECRET:-}" ]]; then
      MOUNT=/etc/critdamp/spark-auth
      EXTRA+=(--conf "spark.kubernetes.driver.secrets.$SPARK_AUTHENTICATE_K8S_SECRET=$MOUNT"
              --conf "spark.kubernetes.executor.secrets.$SPARK_AUTHENTICATE_K8S_SECRET=$MOUNT"
              --conf "spark.authenticate.secret.file=$MOUNT/secret")
    elif [[ -n "${SPARK_AUTHENTICATE_SECRET:-}" ]]; then
      printf 'spark.authenticate.secret %s\n' "$SPARK_AUTHENTICATE_SECRET" >> "$PROPS"
    else
      die "refusing to start: set SPARK_AUTHENTICATE_K8S_SECRET (name of a Kubernetes Secret with key 'secret') or SPARK_AUTHENTICATE_SECRET"
    fi
    ;;
  *)
    [[ -n "${SPARK_AUTHENTICATE_SECRET:-}" ]] || die "refusing to start: SPARK_AUTHENTICATE_SECRET is not set (the shared secret of the standalone cluster; e.g. export SPARK_AUTHENTICATE_SECRET=\"\$(cat /run/secrets/spark-auth)\")"
    (( ${#SPARK_AUTHENTICATE_SECRET} >= 16 )) || die "refusing to start: SPARK_AUTHENTICATE_SECRET is shorter than 16 characters"
    printf 'spark.authenticate.secret %s\n' "$SPARK_AUTHENTICATE_SECRET" >> "$PROPS"
    ;;
esac

if [[ "${GPU:-0}" == "1" ]]; then
  EXTRA+=(--conf spark.executor.resource.gpu.amount=1 --conf spark.task.resource.gpu.amount=1
          --conf "spark.executor.resource.gpu.discoveryScript=${GPU_DISCOVERY:-$ROOT/deploy/gpu-discovery.sh}"
          --files "$ROOT/deploy/gpu-discovery.sh")
  [[ "$MASTER" == k8s://* ]] && EXTRA+=(--conf spark.executor.resource.gpu.vendor=nvidia.com)
fi
JOPTS="-Dorg.bytedeco.javacpp.maxbytes=${OFFHEAP:-12G} -Dorg.bytedeco.javacpp.maxphysicalbytes=${MAXPHYSICAL:-24G}"

# Not exec: the trap must remove the private properties file when spark-submit ends.
# shellcheck disable=SC2086
"$SUBMIT" --master "$MASTER" --deploy-mode "${DEPLOY_MODE:-client}" \
  --properties-file "$PROPS" \
  --class critdamp.spark.cli.CritdampMain \
  --conf "spark.driver.extraJavaOptions=$JOPTS" --conf "spark.executor.extraJavaOptions=$JOPTS" \
  --conf spark.locality.wait=0s \
  "${EXTRA[@]}" ${SPARK_SUBMIT_EXTRA:-} \
  "$JAR" "$@"
