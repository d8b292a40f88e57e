#!/usr/bin/env bash
# "Is targeting better than chance?": the train -> attribute -> retrain pipeline on several seeds, with SGD and with
# Adam, on conf/correction-small-cnn.yaml (small CNN, 18,000 CIFAR-10 training images + 2,000 validation, the full
# 10,000-image test set, 10 epochs: past 65% test accuracy). Per run: the layer groups attribution flags (top_k at the
# paper's share, 3 of 6), the retraining protocol chosen on the validation split by the all-layers arm from epochs
# [1, 2] x 4 base rates, each ~3x lower than the one before, starting below the training's peak rate (retraining_sets
# below, passed on the command line): SGD (peak 0.05) 0.01 to 0.0003, from 1/5 of the peak; Adam (peak 0.002) 0.001
# to 0.00003, from 1/2 of the peak. Then under that protocol the targeted arm, its data-order replicate, all layers
# and 10 random sets of as many groups; fixed / broken / net on the test set. Then bench/correction_table.py writes the
# tables: per seed and mean +- sd per optimizer, the random arms' distribution and the targeted arm's rank, and SGD
# vs Adam (Jaccard of the flagged groups beside its chance level, Spearman rank correlation over all groups).
#   bench/run-correction.sh                # seeds 1-3, sgd and adam (~5 h on the 2-core machine; see README)
#   bench/run-correction.sh --tables       # only rewrite the tables from the finished runs
#   bench/run-correction.sh --archive      # move the finished runs' raw records into raw.tar.xz (below)
#   bench/run-correction.sh --dry-run      # print the commands, run nothing
#   SEEDS="4 5" bench/run-correction.sh    # more seeds; the tables cover every finished run
# A finished run keeps summary.json and config.json in bench/results/correction/<run>/ and its raw records
# (retraining.json, selection.json, attribution.json) there too until --archive moves them into raw.tar.xz (one ~9 KB
# file for the six runs; bench/correction_table.py reads a run's file from its folder or, when absent, the archive).
# Resumable across sessions: rerun the same command. A finished run (its retraining.json in its folder or in the
# archive: `bench/correction_table.py --finished`) is skipped; otherwise training resumes from its last checkpoint (a
# folder without one starts over), attribution runs when selection.json is missing, and retraining keeps every
# protocol trial and arm already in retraining.json.
# Environment: SEEDS ("1 2 3"), OPTIMIZERS ("sgd adam"), CONFIG (conf/correction-small-cnn.yaml), RUNS (run folders,
# runs/correction), SETS (extra "--set k=v" words for every command, e.g. to check the script on a tiny budget),
# CRITDAMP_BENCH_RESULTS (bench/results). Each command runs under the machine lock; the console goes to
# bench/results/correction/correction.log.
set -euo pipefail
DRY_RUN=0
TABLES_ONLY=0
ARCHIVE_ONLY=0
case "${1:-}" in
  --dry-run) DRY_RUN=1 ;;
  --tables) TABLES_ONLY=1 ;;
  --archive) ARCHIVE_ONLY=1 ;;
  "") ;;
  -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
  *) echo "run-correction.sh: unknown argument '$1' (--dry-run, --tables, --archive)" >&2; exit 2 ;;
esac
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
read -r -a SEED_LIST <<< "${SEEDS:-1 2 3}"
read -r -a OPTIMIZER_LIST <<< "${OPTIMIZERS:-sgd adam}"
read -r -a EXTRA_SETS <<< "${SETS:-}"
CONFIG="${CONFIG:-conf/correction-small-cnn.yaml}"
RUNS="${RUNS:-runs/correction}"
OUT="$RESULTS/correction"
LOG="$OUT/correction.log"
RAW_FILES=(retraining.json selection.json attribution.json)
SHOWN="${OUT#"$ROOT"/}"   # $OUT as the log shows it: relative to the repository when under it
if (( DRY_RUN )); then
  LOG=/dev/null   # --dry-run writes nothing
else
  mkdir -p "$OUT"
fi

die() { echo "run-correction.sh: $*" >&2; exit 2; }
for s in "${SEED_LIST[@]}"; do [[ "$s" =~ ^[0-9]+$ ]] || die "SEEDS: '$s' is not a non-negative integer"; done
[[ -f "$CONFIG" ]] || die "no config $CONFIG"

# The optimizer's training settings beside the config's (which is the SGD arm).
optimizer_sets() {
  case "$1" in
    sgd) ;;
    adam) echo "--set optimizer.kind=adam --set learningRate.baseLr=0.002" ;;
    *) die "OPTIMIZERS: unknown optimizer '$1' (sgd, adam)" ;;
  esac
}

# The optimizer's retraining rate grid, given to retrain (so a run trained before the grid changed gets it too).
retraining_sets() {
  case "$1" in
    sgd) echo "--set retraining.baseLr=[0.01,0.003,0.001,0.0003]" ;;
    adam) echo "--set retraining.baseLr=[0.001,0.0003,0.0001,0.00003]" ;;
  esac
}

# run DESCRIPTION critdamp-args...: one command, printed, then (unless --dry-run) run under the machine lock.
run() {
  local what="$1"; shift
  echo "== $what: deploy/critdamp $*" | tee -a "$LOG"
  (( DRY_RUN )) || locked "$LOG" deploy/critdamp "$@"
}

# The finished runs' names (retraining.json in the run's folder or in raw.tar.xz), read once before any run.
FINISHED=" $(python3 bench/correction_table.py --finished "$OUT" | tr '\n' ' ') "

# archive_raw: moves the raw records of every run folder under $OUT into $OUT/raw.tar.xz (added to the runs it holds; a
# folder's file replaces the archived one), written through a temporary file, then removes them from the folders.
# Members are <run>/<file>, sorted, with fixed owner, mode and time: the same records give the same bytes.
archive_raw() (
  local tmp run f moved=()
  tmp="$(mktemp -d)"
  trap 'rm -rf -- "$tmp"' EXIT
  [[ -f "$OUT/raw.tar.xz" ]] && tar -xJf "$OUT/raw.tar.xz" -C "$tmp"
  for run in "$OUT"/small-cnn-s*/; do
    run="$(basename "$run")"
    for f in "${RAW_FILES[@]}"; do
      [[ -f "$OUT/$run/$f" ]] || continue
      mkdir -p "$tmp/$run" && cp "$OUT/$run/$f" "$tmp/$run/$f" && moved+=("$OUT/$run/$f")
    done
  done
  (( ${#moved[@]} )) || { echo "archive: no raw records in the run folders under $OUT"; return; }
  (cd "$tmp" && find . -mindepth 2 -maxdepth 2 -type f -name '*.json' | sed 's|^\./||' | LC_ALL=C sort \
    | tar --owner=0 --group=0 --numeric-owner --mode=u=rw,go=r --mtime=@0 --format=ustar --no-recursion -cf - -T - \
    | xz -9e) > "$OUT/raw.tar.xz.tmp"
  mv "$OUT/raw.tar.xz.tmp" "$OUT/raw.tar.xz"
  rm -f -- "${moved[@]}"
  echo "archive: ${#moved[@]} raw record(s) moved into $OUT/raw.tar.xz"
)

# One seed and optimizer: train (or resume), attribute, retrain (resuming finished arms), keep the results.
one_run() {
  local seed="$1" opt="$2"
  local name="small-cnn-s$seed-$opt" dir="$RUNS/small-cnn-s$seed-$opt"
  local sets
  read -r -a sets <<< "--set run.seed=$seed --set run.name=$name --set run.resultsDir=$RUNS $(optimizer_sets "$opt")"
  sets+=("${EXTRA_SETS[@]}")
  if [[ "$FINISHED" == *" $name "* ]]; then
    echo "== $name: done (results in $SHOWN/$name and $SHOWN/raw.tar.xz)" | tee -a "$LOG"
    return
  fi
  if [[ ! -f "$dir/summary.json" ]]; then
    if [[ -f "$dir/run.json" ]] && compgen -G "$dir/checkpoints/*.zip" > /dev/null; then
      run "$name: resume training" train -c "$CONFIG" "${sets[@]}" --resume
    else
      if [[ -d "$dir" ]] && (( ! DRY_RUN )); then
        echo "== $name: $dir holds no checkpoint; starting it over" | tee -a "$LOG"
        rm -rf -- "${RUNS:?}/$name"
      fi
      run "$name: train" train -c "$CONFIG" "${sets[@]}"
    fi
  fi
  [[ -f "$dir/selection.json" ]] || run "$name: attribute" attribute --run "$dir"
  local retrain_sets
  read -r -a retrain_sets <<< "$(retraining_sets "$opt")"
  run "$name: retrain" retrain --run "$dir" "${retrain_sets[@]}"
  if (( ! DRY_RUN )); then
    mkdir -p "$OUT/$name"
    cp "$dir/summary.json" "$dir/config.json" "$dir/attribution.json" "$dir/selection.json" "$OUT/$name/"
    cp "$dir/retraining.json" "$OUT/$name/"   # last: its presence marks the run done
  fi
}

if (( ARCHIVE_ONLY )); then
  archive_raw
  exit 0
fi
if (( ! TABLES_ONLY )); then
  (( DRY_RUN )) || { machine_info; echo "- command: SEEDS=\"${SEED_LIST[*]}\" OPTIMIZERS=\"${OPTIMIZER_LIST[*]}\"" \
    "SETS=\"${EXTRA_SETS[*]}\" bench/run-correction.sh"; } >> "$LOG"
  for seed in "${SEED_LIST[@]}"; do
    for opt in "${OPTIMIZER_LIST[@]}"; do
      one_run "$seed" "$opt"
    done
  done
fi
if (( DRY_RUN )); then
  echo "== tables: python3 bench/correction_table.py $OUT > $OUT/tables.md"
else
  # through a temporary file: a failed run of the script leaves the tables as they were
  python3 bench/correction_table.py "$OUT" > "$OUT/tables.md.tmp" || { rm -f "$OUT/tables.md.tmp"; exit 1; }
  mv "$OUT/tables.md.tmp" "$OUT/tables.md"
  echo "tables: $OUT/tables.md"
fi
