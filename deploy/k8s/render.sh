#!/usr/bin/env bash
# Renders one of the operator manifests here (a template) for a critdamp config and prints it; applies nothing:
#   deploy/k8s/render.sh TEMPLATE -c CONFIG [--set KEY=VALUE]...
#   deploy/k8s/render.sh deploy/k8s/sparkapplication.yaml -c conf/cifar10-resnet18-gpu.yaml | kubectl apply -f -
#   deploy/k8s/render.sh deploy/k8s/sweep-cronjob.yaml -c conf/sweep-schedules.yaml | kubectl apply -f -
# The memory of the driver and executor pods (heap, memoryOverhead, JavaCPP maxbytes and maxphysicalbytes) and the
# executor count come from `critdamp memory-plan --format env`, asked about the command the pods will run: the
# template's arguments with CONFIG and the --set values put in, read the way deploy/critdamp reads a command
# (critdamp_plan_args in deploy/lib/submit-common.sh). The sizes are the plan's as they are: no formula here.
# CONFIG: a file under the repository's conf/, which the image holds as /opt/critdamp/conf (the pods get that path),
# or a URI both this machine and the pods read (s3a://..., hdfs://...), given to the pods as it is.
# A template's placeholders: ${CRITDAMP_CONFIG} (the config as the pods read it); a list item `- ${CRITDAMP_SETS}`
# (becomes a `--set`, `KEY=VALUE` pair of items per --set, last so they win); ${CRITDAMP_PLAN_HEAP}, _OFFHEAP,
# _RESIDENT, _OVERHEAD and _WORKERS (memory-plan's). Any other ${CRITDAMP_...} is refused.
# Environment: CRITDAMP_PLAN_CLASSPATH, the classpath memory-plan runs from (default: spark-jobs/target's application
# jar and provided classpath, from mvn -B -DskipTests package).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
CRITDAMP_SCRIPT=render
# shellcheck source-path=SCRIPTDIR source=../lib/submit-common.sh
source "$ROOT/deploy/lib/submit-common.sh"
IMAGE_HOME=/opt/critdamp   # where deploy/docker/Dockerfile puts the jar and conf/
PLAN_KEYS=(HEAP OFFHEAP RESIDENT OVERHEAD WORKERS)
USAGE="usage: deploy/k8s/render.sh TEMPLATE -c CONFIG [--set KEY=VALUE]..."

TEMPLATE=""; CONFIG=""; SETS=()
while (( $# > 0 )); do
  case "$1" in
    -c | --config) [[ -n "${2:-}" ]] || critdamp_die "$1 needs a file"; CONFIG="$2"; shift 2 ;;
    -c=* | --config=*) CONFIG="${1#*=}"; shift ;;
    --set) [[ "${2:-}" == *=* ]] || critdamp_die "--set needs KEY=VALUE"; SETS+=("$2"); shift 2 ;;
    --set=*) SETS+=("${1#--set=}"); shift ;;
    -h | --help) echo "$USAGE"; exit 0 ;;
    -*) critdamp_die "unknown option $1; $USAGE" ;;
    *) [[ -z "$TEMPLATE" ]] || critdamp_die "one template at a time; $USAGE"; TEMPLATE="$1"; shift ;;
  esac
done
[[ -n "$TEMPLATE" && -n "$CONFIG" ]] || critdamp_die "$USAGE"
[[ "$CONFIG ${SETS[*]-}" != *$'\n'* ]] || critdamp_die "a config or --set value with a line break"
[[ -f "$TEMPLATE" ]] || critdamp_die "no template $TEMPLATE"

# The config as memory-plan reads it here (from ROOT) and as the pods read it.
if [[ "$CONFIG" == *://* ]]; then
  PLAN_CONFIG="$CONFIG"; POD_CONFIG="$CONFIG"
else
  [[ -f "$CONFIG" ]] || critdamp_die "no config $CONFIG"
  abs="$(cd "$(dirname "$CONFIG")" && pwd -P)/$(basename "$CONFIG")"
  [[ "$abs" == "$ROOT/conf/"* ]] || critdamp_die "$CONFIG is not in the repository's conf/, which the image holds" \
    "as $IMAGE_HOME/conf: put it there and rebuild the image, or give a URI the pods can read (s3a://...)"
  PLAN_CONFIG="${abs#"$ROOT"/}"; POD_CONFIG="$IMAGE_HOME/$PLAN_CONFIG"
fi

# template_arguments: the items of the template's `arguments:` list, one a line, quotes and comments taken off.
template_arguments() {
  awk '
    /^[[:space:]]*arguments:[[:space:]]*$/ { on = 1; next }
    on && /^[[:space:]]*(#.*)?$/ { next }
    on && /^[[:space:]]*- / {
      item = $0; sub(/^[[:space:]]*- /, "", item); sub(/[[:space:]]+#.*$/, "", item)
      if (item ~ /^".*"$/ || item ~ /^'\''.*'\''$/) item = substr(item, 2, length(item) - 2)
      print item; next
    }
    on { exit }' "$TEMPLATE"
}

# The command the pods will run, with this machine's path of the config: what memory-plan is asked about.
COMMAND=()
while IFS= read -r item; do
  case "$item" in
    '${CRITDAMP_SETS}') for s in ${SETS[@]+"${SETS[@]}"}; do COMMAND+=(--set "$s"); done ;;
    *) COMMAND+=("${item//'${CRITDAMP_CONFIG}'/"$PLAN_CONFIG"}") ;;
  esac
done < <(template_arguments)
(( ${#COMMAND[@]} > 0 )) || critdamp_die "$TEMPLATE has no arguments: list"
critdamp_plan_args "${COMMAND[@]}"
[[ " ${CRITDAMP_PLAN_ARGS[*]-} " == *" --config "* || " ${CRITDAMP_PLAN_ARGS[*]-} " == *" --sweep "* ]] \
  || critdamp_die "$TEMPLATE runs '${COMMAND[0]}' with no config: memory-plan has nothing to plan"

if [[ -z "${CRITDAMP_PLAN_CLASSPATH:-}" ]]; then
  JAR="$ROOT/spark-jobs/target/critdamp-spark-jobs-app.jar"
  [[ -f "$JAR" ]] || critdamp_die "no $JAR: build it (mvn -B -DskipTests package), or set CRITDAMP_PLAN_CLASSPATH"
  CRITDAMP_PLAN_CLASSPATH="$JAR:$(cat "$ROOT/spark-jobs/target/provided-classpath.txt" 2>/dev/null)"
fi
ERRORS="$(mktemp "${TMPDIR:-/tmp}/critdamp-render.XXXXXX")"
trap 'rm -f "$ERRORS"' EXIT
PLAN="$(cd "$ROOT" && java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$CRITDAMP_PLAN_CLASSPATH" \
  "$CRITDAMP_MAIN_CLASS" memory-plan --format env "${CRITDAMP_PLAN_ARGS[@]}" 2>"$ERRORS")" \
  || critdamp_die "critdamp memory-plan ${CRITDAMP_PLAN_ARGS[*]} failed: $(cat "$ERRORS")"
declare -A VALUE=()
while IFS= read -r line; do
  [[ "$line" =~ ^CRITDAMP_PLAN_([A-Z_]+)=([0-9]+m?)$ ]] && VALUE[${BASH_REMATCH[1]}]="${BASH_REMATCH[2]}"
done <<< "$PLAN"
for key in "${PLAN_KEYS[@]}"; do
  [[ -n "${VALUE[$key]:-}" ]] || critdamp_die "memory-plan gave no CRITDAMP_PLAN_$key: $PLAN"
done

# yaml_quoted WORD: WORD as a YAML double-quoted scalar.
yaml_quoted() { local w="${1//\\/\\\\}"; printf '"%s"' "${w//\"/\\\"}"; }

critdamp_note "$(basename "$TEMPLATE") for $CONFIG: heap ${VALUE[HEAP]} + overhead ${VALUE[OVERHEAD]} per pod," \
  "JavaCPP maxbytes ${VALUE[OFFHEAP]}, maxphysicalbytes ${VALUE[RESIDENT]}, ${VALUE[WORKERS]} executors" \
  "(critdamp memory-plan ${CRITDAMP_PLAN_ARGS[*]})"
SHOWN=""
for s in ${SETS[@]+"${SETS[@]}"}; do SHOWN+=" --set $s"; done
echo "# Rendered by deploy/k8s/render.sh from $(basename "$TEMPLATE") for -c $CONFIG$SHOWN."
while IFS= read -r line || [[ -n "$line" ]]; do
  if [[ "$line" =~ ^([[:space:]]*)-[[:space:]]+\$\{CRITDAMP_SETS\}[[:space:]]*$ ]]; then
    for s in ${SETS[@]+"${SETS[@]}"}; do
      printf '%s- --set\n%s- %s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[1]}" "$(yaml_quoted "$s")"
    done
    continue
  fi
  line="${line//'${CRITDAMP_CONFIG}'/"$POD_CONFIG"}"
  for key in "${PLAN_KEYS[@]}"; do line="${line//"\${CRITDAMP_PLAN_$key}"/"${VALUE[$key]}"}"; done
  [[ "$line" != *'${CRITDAMP_'* ]] || critdamp_die "$TEMPLATE: unknown placeholder in: $line"
  printf '%s\n' "$line"
done < "$TEMPLATE"
