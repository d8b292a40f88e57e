#!/usr/bin/env bash
# Peak resident memory of the stages after training (the goal: every stage <= 4 GB): `attribute` and `retrain` on a
# copy of a trained run folder, each under /usr/bin/time -v ("Maximum resident set size": the kernel's high-water mark
# of the JVM, which deploy/critdamp `exec`s in local mode) and the machine lock, with the launcher's memory plan as a
# user gets it. Rows (stage, peak RSS, wall, arms and their seconds, load, commit, date) go to
# bench/results/stage-memory.{jsonl,md}, with the run folder and commands relative to the repository (home as ~:
# lib.sh's portable); consoles and the copied run folder to bench/results/tmp/<sitting>/.
#   bench/run-stage-memory.sh RUN_FOLDER            # e.g. the quick start's folder from bench/run-time-to-accuracy.sh
#   bench/run-stage-memory.sh RUN_FOLDER --set retraining.randomArms=10   # --set words go to retrain
#   bench/run-stage-memory.sh RUN_FOLDER --dry-run  # print the commands, run nothing
# retrain's shipped protocol trains 13 arms of one epoch each (targeted, its replicate, all layers, 10 random sets:
# ~45 min on the full data set here); this script runs 4 (targeted, all layers, 2 random sets: one arm's memory is
# what a stage holds, the arms run one after the other) unless --set says otherwise: ~15 min on the quick start.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
PY=/usr/bin/python3
SOURCE_RUN="${1:?usage: bench/run-stage-memory.sh RUN_FOLDER [--set key=value]... [--dry-run]}"
shift
DRY_RUN=0
SETS=(--set retraining.randomArms=2 --set retraining.replicate=false)
while (( $# > 0 )); do
  case "$1" in
    --dry-run) DRY_RUN=1; shift ;;
    --set) SETS+=(--set "${2:?--set needs key=value}"); shift 2 ;;
    *) echo "run-stage-memory.sh: unknown argument '$1' (--dry-run, --set key=value)" >&2; exit 2 ;;
  esac
done
[[ -f "$SOURCE_RUN/config.json" ]] || { echo "run-stage-memory.sh: $SOURCE_RUN has no config.json: not a run folder" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run-stage-memory.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
SITTING="stages-$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$RESULTS/tmp/$SITTING"
RUN="$WORK/run"
if (( DRY_RUN )); then
  echo "cp -r $SOURCE_RUN $RUN"
  echo "/usr/bin/time -v deploy/critdamp attribute --run $RUN"
  echo "/usr/bin/time -v deploy/critdamp retrain --run $RUN ${SETS[*]}"
  exit 0
fi
GIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/results' 2>/dev/null || echo -dirty)"
mkdir -p "$WORK"
cp -r "$SOURCE_RUN" "$RUN"

# stage NAME command...: one timed stage (the caller holds the lock), then its row.
stage() {
  local name="$1" load_before rc=0; shift
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$name: $(portable "$*")"
  /usr/bin/time -v -o "$WORK/$name.time.txt" "$@" < /dev/null > "$WORK/$name.console.log" 2>&1 || rc=$?
  $PY - "$name" "$rc" "$WORK" "$RUN" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" "$GIT" \
    "$(portable "$SOURCE_RUN")" "$(portable "$*")" "$RESULTS" <<'EOF'
import datetime, json, os, re, sys
name, rc, work, run, before, after, git, source, command, results = sys.argv[1:]
text = open(os.path.join(work, name + ".time.txt")).read()
peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
seconds = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
arms = {}
report = os.path.join(run, "retraining.json")
if name == "retrain" and os.path.exists(report):
    for arm in json.load(open(report)).get("arms", []):
        arms[arm["name"]] = {"seconds": round(arm["seconds"], 1), "paramShare": round(arm["paramShare"], 3)}
row = {"stage": name, "rc": int(rc), "peakRssKb": peak_kb, "wallSeconds": round(seconds, 1), "armSeconds": arms,
       "loadBefore": before, "loadAfter": after, "git": git, "runFolder": source, "command": command,
       "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
with open(os.path.join(results, "stage-memory.jsonl"), "a") as f:
    f.write(json.dumps(row) + "\n")
cells = [name, rc, "%.2f" % (peak_kb / 1e6), "%.1f" % seconds,
         ", ".join("%s (%.1f%% of params) %s s" % (k, 100 * v["paramShare"], v["seconds"]) for k, v in arms.items()) or "-", before, after, git, row["date"]]
with open(os.path.join(results, "stage-memory.md"), "a") as f:
    f.write("| " + " | ".join(str(c) for c in cells) + " |\n")
print("%s: rc %s, peak RSS %.2f GB, wall %.1f s" % (name, rc, peak_kb / 1e6, seconds))
EOF
  (( rc == 0 )) || echo "$name exited with $rc: see $(portable "$WORK/$name.console.log")"
}

{
  echo
  machine_info
  echo "- sitting $SITTING: run folder $(portable "$SOURCE_RUN"); retrain ${SETS[*]}"
  echo
  echo "| stage | rc | peak RSS GB | wall s | arms: share trained, seconds | load before | load after | git | date |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >> "$RESULTS/stage-memory.md"
locked "$RESULTS/stage-memory.log" stage attribute deploy/critdamp attribute --run "$RUN"
locked "$RESULTS/stage-memory.log" stage retrain deploy/critdamp retrain --run "$RUN" "${SETS[@]}"
