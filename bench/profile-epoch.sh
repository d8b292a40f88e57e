#!/usr/bin/env bash
# Where an epoch's seconds go (issue #16): runs the quick start (`deploy/critdamp train`, conf/cifar10-small-cnn.yaml as
# it is) with spark.collectTimings=true under the machine lock, then prints the table of bench/profile_epoch.py: per
# epoch, the averaging rounds (data job, worker compute, Spark's per-round cost), evaluation, checkpoints + report +
# metrics, the driver's own bookkeeping, and JVM GC pauses. The table is appended to bench/results/profile-epoch.md
# with the machine, command and load; the console and run folder go to bench/results/tmp/<sitting>/ (gitignored).
#   bench/profile-epoch.sh                          # the quick start as shipped, 5 epochs (~15 min on 2 cores)
#   EPOCHS=2 bench/profile-epoch.sh                 # 2 epochs (~6 min): the first pays for warm-up, the second not
#   bench/profile-epoch.sh --set spark.workers=1    # any --set words are passed on (a candidate default, say)
#   bench/profile-epoch.sh --run runs/X             # only the table, from a run folder written with timings on
#   bench/profile-epoch.sh --dry-run                # print the command, run nothing
# Environment: EPOCHS (5), TRAIN_RECORDS (all 50000; fewer for a check of the script: TRAIN_RECORDS=4000 EPOCHS=1,
# ~1 min), CRITDAMP_BENCH_RESULTS (bench/results). OMP_NUM_THREADS and the launcher's memory settings are left as found.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
PY=/usr/bin/python3
DRY_RUN=0
RUN=""
SETS=()
while (( $# > 0 )); do
  case "$1" in
    --dry-run) DRY_RUN=1; shift ;;
    --run) RUN="${2:?--run needs a run folder}"; shift 2 ;;
    --set) SETS+=(--set "${2:?--set needs key=value}"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "profile-epoch.sh: unknown argument '$1' (--dry-run, --run DIR, --set key=value)" >&2; exit 2 ;;
  esac
done
if [[ -n "$RUN" ]]; then
  exec "$PY" bench/profile_epoch.py "$RUN"
fi
EPOCHS="${EPOCHS:-5}"
TRAIN_RECORDS="${TRAIN_RECORDS:-50000}"
for v in EPOCHS TRAIN_RECORDS; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "profile-epoch.sh: $v must be a positive integer, not '${!v}'" >&2; exit 2; }
done
SITTING="profile-$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$RESULTS/tmp/$SITTING"
MD="$RESULTS/profile-epoch.md"
CMD=(deploy/critdamp train --set run.resultsDir="$WORK/runs" --set run.name=quickstart --set spark.collectTimings=true)
(( EPOCHS == 5 )) || CMD+=(--set "training.epochs=$EPOCHS")
(( TRAIN_RECORDS == 50000 )) || CMD+=(--set "data.maxTrainRecords=$TRAIN_RECORDS")
CMD+=(${SETS[@]+"${SETS[@]}"})
if (( DRY_RUN )); then
  echo "# under flock $LOCK, console to $WORK/console.log, table appended to $MD:"
  printf '%q ' "${CMD[@]}"; echo
  echo "$PY bench/profile_epoch.py $WORK/runs/quickstart"
  exit 0
fi
mkdir -p "$WORK"
{
  echo
  machine_info
  echo "- command: ${CMD[*]}"
} | tee -a "$MD"
locked "$WORK/console.log" "${CMD[@]}" < /dev/null
"$PY" bench/profile_epoch.py "$WORK/runs/quickstart" --title "$SITTING, ${CMD[*]:1}" | tee -a "$MD"
