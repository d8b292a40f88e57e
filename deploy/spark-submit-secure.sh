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
#   deploy/spark-submit-secure.sh [--dry-run] --master URL [spark-submit options] <critdamp command> [options]
#   SPARK_AUTHENTICATE_SECRET="$(cat /run/secrets/spark-auth)" \
#     deploy/spark-submit-secure.sh --master spark://master:7077 train -c conf/cifar10-resnet20.yaml
#   deploy/spark-submit-secure.sh --master yarn sweep -c conf/sweep-schedules.yaml
# --dry-run prints the spark-submit command (one shell-quoted line) and exits 0, after the same checks (a missing secret
# is refused as in a real run); it writes nothing, so the secret is in no file and in no output: the line shows where
# the properties file would be. --dry-run and --master come before the command; so do spark-submit options, passed on
# after this script's own (so they win), except that JVM options and a Kryo registrator are merged with ours.
# Extra spark-submit options also from SPARK_SUBMIT_EXTRA (split at spaces, e.g. "--conf spark.executor.instances=4");
# GPU executors: GPU=1 adds the same one-GPU-per-executor settings as deploy/spark-submit-gpu.sh. Also read:
# DEPLOY_MODE (client; cluster on Kubernetes), OFFHEAP (12G), MAXPHYSICAL (24G), CRITDAMP_JAR, CRITDAMP_SECURITY_CONF,
# and those of deploy/lib/submit-common.sh (CRITDAMP_JAVA_OPTS, CRITDAMP_CLUSTER_JAVA_HOME, ...).
set -euo pipefail
umask 077   # everything this script writes (the private properties file) is readable by its user only
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CRITDAMP_SCRIPT=spark-submit-secure
# shellcheck source-path=SCRIPTDIR source=lib/submit-common.sh
source "$ROOT/deploy/lib/submit-common.sh"
die() { critdamp_die "$@"; }

critdamp_parse_args submit "$@"
(( ! CRITDAMP_CPU )) || die "--cpu belongs to spark-submit-gpu.sh; this script adds no GPU settings unless GPU=1"
MASTER="$CRITDAMP_MASTER"
KIND="$(critdamp_master_kind "$MASTER")"
DEPLOY_MODE="${DEPLOY_MODE:-$([[ "$KIND" == k8s ]] && echo cluster || echo client)}"
JAR="${CRITDAMP_JAR:-$(critdamp_default_jar "$KIND")}"
SECURITY_CONF="${CRITDAMP_SECURITY_CONF:-$ROOT/deploy/conf/spark-security.conf}"
# A URL (local:///opt/critdamp/... inside an image, hdfs://, s3a://) is left to Spark; a plain path must exist here.
[[ "$JAR" == *://* || -f "$JAR" || -n "${CRITDAMP_ND4J_EXTENSION:-}" && "$CRITDAMP_DRY_RUN" == 1 ]] \
  || die "no $JAR: build it with mvn -B -DskipTests package (add -Pcuda for GPU executors)"
[[ -f "$SECURITY_CONF" ]] || die "no $SECURITY_CONF"
SUBMIT="$(critdamp_spark_submit)"
(( CRITDAMP_DRY_RUN )) || command -v "$SUBMIT" >/dev/null 2>&1 || die "spark-submit not found: set SPARK_HOME"

# Where the secret comes from (refused here, before anything is written, when it is missing).
SECRET_TO_FILE=0
EXTRA=()
case "$KIND" in
  yarn)
    critdamp_note "YARN generates a per-application secret; SPARK_AUTHENTICATE_SECRET is not used"
    ;;
  k8s)
    if [[ -n "${SPARK_AUTHENTICATE_K8S_SECRET:-}" ]]; then
      MOUNT=/etc/critdamp/spark-auth
      EXTRA+=(--conf "spark.kubernetes.driver.secrets.$SPARK_AUTHENTICATE_K8S_SECRET=$MOUNT"
              --conf "spark.kubernetes.executor.secrets.$SPARK_AUTHENTICATE_K8S_SECRET=$MOUNT"
              --conf "spark.authenticate.secret.file=$MOUNT/secret")
    elif [[ -n "${SPARK_AUTHENTICATE_SECRET:-}" ]]; then
      # In cluster mode spark-submit copies the properties into a ConfigMap of the driver pod: no secret there.
      [[ "$DEPLOY_MODE" == client ]] || die "refusing to start: in cluster mode SPARK_AUTHENTICATE_SECRET would be" \
        "stored in the driver pod's ConfigMap; set SPARK_AUTHENTICATE_K8S_SECRET (a Kubernetes Secret with key 'secret')"
      SECRET_TO_FILE=1
    else
      die "refusing to start: set SPARK_AUTHENTICATE_K8S_SECRET (name of a Kubernetes Secret with key 'secret') or SPARK_AUTHENTICATE_SECRET"
    fi
    ;;
  *)
    [[ -n "${SPARK_AUTHENTICATE_SECRET:-}" ]] || die "refusing to start: SPARK_AUTHENTICATE_SECRET is not set (the shared secret of the standalone cluster; e.g. export SPARK_AUTHENTICATE_SECRET=\"\$(cat /run/secrets/spark-auth)\")"
    (( ${#SPARK_AUTHENTICATE_SECRET} >= 16 )) || die "refusing to start: SPARK_AUTHENTICATE_SECRET is shorter than 16 characters"
    SECRET_TO_FILE=1
    ;;
esac

critdamp_native_flags "$JAR"
critdamp_jvm_flags "${OFFHEAP:-12G}" "${MAXPHYSICAL:-24G}"
read -r -a EXTRA_WORDS <<< "${SPARK_SUBMIT_EXTRA:-}"
critdamp_merge_user_submit_opts ${EXTRA_WORDS[@]+"${EXTRA_WORDS[@]}"} \
  ${CRITDAMP_SUBMIT_OPTS[@]+"${CRITDAMP_SUBMIT_OPTS[@]}"}
critdamp_common_conf "$KIND" "$DEPLOY_MODE" "${CRITDAMP_EXECUTOR_THREADS:-${OMP_NUM_THREADS:-4}}"
CRITDAMP_GPU_CONF=(); CRITDAMP_SHIP_FILES=""
[[ "${GPU:-0}" != 1 ]] || critdamp_gpu_conf "$KIND"
critdamp_files_opt

# --properties-file replaces spark-defaults.conf in Spark 3.5: the file carries the defaults over first, then the
# security settings, then (standalone, or Kubernetes without a mounted Secret) the secret.
DEFAULTS="${SPARK_CONF_DIR:-${SPARK_HOME:-/nonexistent}/conf}/spark-defaults.conf"
if (( CRITDAMP_DRY_RUN )); then
  PROPS="${TMPDIR:-/tmp}/critdamp-submit.XXXXXX/spark.properties"
  HOLDS="$SECURITY_CONF"
  [[ ! -f "$DEFAULTS" ]] || HOLDS="$DEFAULTS, $HOLDS"
  (( ! SECRET_TO_FILE )) || HOLDS+=" and spark.authenticate.secret from SPARK_AUTHENTICATE_SECRET (not shown)"
  critdamp_note "dry run: nothing written; $PROPS (a private 0600 file, removed when spark-submit exits) would" \
    "hold $HOLDS"
else
  PRIVATE="$(mktemp -d "${TMPDIR:-/tmp}/critdamp-submit.XXXXXX")"
  chmod 700 "$PRIVATE"
  trap 'rm -rf "$PRIVATE"' EXIT INT TERM
  PROPS="$PRIVATE/spark.properties"
  {
    [[ ! -f "$DEFAULTS" ]] || cat "$DEFAULTS"
    echo
    cat "$SECURITY_CONF"
    (( ! SECRET_TO_FILE )) || printf 'spark.authenticate.secret %s\n' "$SPARK_AUTHENTICATE_SECRET"
  } > "$PROPS"
fi

CMD=("$SUBMIT" --master "$MASTER" --deploy-mode "$DEPLOY_MODE"
  --properties-file "$PROPS"
  --class "$CRITDAMP_MAIN_CLASS"
  --conf spark.locality.wait=0s
  "${CRITDAMP_CONF[@]}"
  ${EXTRA[@]+"${EXTRA[@]}"}
  ${CRITDAMP_GPU_CONF[@]+"${CRITDAMP_GPU_CONF[@]}"}
  ${CRITDAMP_FILES_OPT[@]+"${CRITDAMP_FILES_OPT[@]}"}
  ${CRITDAMP_USER_SUBMIT_OPTS[@]+"${CRITDAMP_USER_SUBMIT_OPTS[@]}"}
  "$JAR" "${CRITDAMP_APP_ARGS[@]}")
if (( CRITDAMP_DRY_RUN )); then
  critdamp_print_command "${CMD[@]}"
  exit 0
fi
# Not exec: the trap must remove the private properties file when spark-submit ends.
"${CMD[@]}"
