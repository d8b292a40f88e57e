#!/usr/bin/env bash
# Time to accuracy: critdamp's quick start (`deploy/critdamp train`, conf/cifar10-small-cnn.yaml as it is: 45,000
# train / 5,000 validation (a seeded 10% of the training files), local[2] with 2 workers of batch 32 each whose
# parameters are averaged every 5 steps (64 images per step over both workers, ~141 averaging rounds per epoch),
# cosine from 0.05 and physics momentum set once per round, 5 epochs, seed 42, augmentation) and the PyTorch peer
# nearest to it in one process (bench/torch_peer.py: the same update, schedule and augmentation at batch 64, the
# schedule stepped every minibatch, no averaging, the first 45,000 training images, seed 42 in its own generators,
# 10,000 test images), alternated in one sitting, each run under the machine lock. critdamp's run clock includes its
# per-epoch evaluation of the test set and the validation split, the peer's its test-set evaluation only. Per run:
# time to 50% and 60% test accuracy (run clock and from the command's start), final test accuracy, wall time, peak
# RSS. Every row goes to bench/results/time-to-accuracy.{jsonl,md}; the console to time-to-accuracy.log; each
# run's console (lines stamped with seconds since its start), /usr/bin/time report, RSS samples and run folder to
# bench/results/tmp/<sitting>/<run>/ (gitignored).
#   bench/run-time-to-accuracy.sh              # one pair, critdamp first (~21 min on the 2-core machine: 860 + 383 s)
#   ORDER="torch critdamp peer" bench/run-time-to-accuracy.sh
#                                              # both engines and the peer: "torch" is the quick start with
#                                              # engine=torch in the layout TORCH_SET gives (each round of runs
#                                              # rotates the order: torch critdamp peer, critdamp peer torch, ...)
#   PAIRS=3 bench/run-time-to-accuracy.sh      # three pairs; which program goes first alternates from pair to pair
#   ORDER="peer critdamp" bench/run-time-to-accuracy.sh   # the peer first in pair 1
#   bench/run-time-to-accuracy.sh --dry-run    # print the commands, run nothing
#   PEER=0 bench/run-time-to-accuracy.sh --set spark.workers=1 --set spark.master='local[1]'
#                                              # a candidate default: critdamp only, --set words passed to `train`
#   PEER=0 OMP_NUM_THREADS=1 bench/run-time-to-accuracy.sh   # a candidate thread count (the launcher keeps it)
# Environment: PEER (1; 0 runs critdamp alone, for candidates compared with a sitting that had the peer), PAIRS (1: rounds
# of runs), ORDER ("critdamp peer": round 1's programs in order, two or three of critdamp, torch, peer), TORCH_SET
# ("spark.workers=1 spark.master=local[1] training.batchSize=64": the torch engine's --set words besides engine=torch:
# one worker of 64 images a step on all the cores, the peer's layout, averaging nothing; TORCH_SET="" runs the quick
# start's own 2 workers of 32, which was as fast to 60% on 2026-12-07: docs/time-to-accuracy.md), PEER_THREADS (nproc: the threads critdamp's
# launcher gives its workers when OMP_NUM_THREADS is unset), EPOCHS (5), TRAIN_RECORDS (50000: the training files'
# records, of which critdamp keeps 10% for validation and the peer trains on the first 90%) and TEST_RECORDS (10000)
# for a check of the script only (CRITDAMP_BENCH_RESULTS=/tmp/tta EPOCHS=1 TRAIN_RECORDS=4000 TEST_RECORDS=1000:
# ~2 min, rows kept out of bench/results), CRITDAMP_BENCH_RESULTS (bench/results). OMP_NUM_THREADS and
# OPENBLAS_CORETYPE are left as found, as a new user would run it.
#
# Peak RSS: /usr/bin/time -v's "Maximum resident set size", the kernel's high-water mark of the largest single process
# in the tree (exact, no sampling gap). It is the whole run's peak when one process holds the memory: critdamp's
# launcher `exec`s the JVM in local mode (its short OpenBLAS check JVM ends before), the peer is one Python process.
# A 1-second sample of the tree's summed RSS (rss.txt, "tree RSS" column) checks that assumption.
set -euo pipefail
DRY_RUN=0
CANDIDATE_SETS=()
while (( $# > 0 )); do
  case "$1" in
    --dry-run) DRY_RUN=1; shift ;;
    --set) CANDIDATE_SETS+=(--set "${2:?--set needs key=value}"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "run-time-to-accuracy.sh: unknown argument '$1' (--dry-run, --set key=value)" >&2; exit 2 ;;
  esac
done
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
PY=/usr/bin/python3
PAIRS="${PAIRS:-1}"
PEER="${PEER:-1}"
read -r -a ORDER_WORDS <<< "${ORDER:-critdamp peer}"
read -r -a TORCH_WORDS <<< "${TORCH_SET-spark.workers=1 spark.master=local[1] training.batchSize=64}"
PEER_THREADS="${PEER_THREADS:-$(nproc)}"
EPOCHS="${EPOCHS:-5}"
TRAIN_RECORDS="${TRAIN_RECORDS:-50000}"
TEST_RECORDS="${TEST_RECORDS:-10000}"
CIFAR_DIR="$HOME/.cache/critdamp/cifar-10-batches-bin"   # where `critdamp fetch-data` puts it (data.cacheDir default)
SITTING="tta-$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$RESULTS/tmp/$SITTING"
LOG="$RESULTS/time-to-accuracy.log"
MD="$RESULTS/time-to-accuracy.md"

die() { echo "run-time-to-accuracy.sh: $*" >&2; exit 2; }
[[ "$PEER" == 0 || "$PEER" == 1 ]] || die "PEER must be 0 or 1, not '$PEER'"
[[ "$PAIRS" =~ ^[1-9][0-9]*$ ]] || die "PAIRS must be a positive integer, not '$PAIRS'"
for v in EPOCHS TRAIN_RECORDS TEST_RECORDS PEER_THREADS; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, not '${!v}'"
done
(( ${#ORDER_WORDS[@]} == 2 || ${#ORDER_WORDS[@]} == 3 )) \
  || die "ORDER must name two or three of critdamp, torch, peer, not '${ORDER:-}'"
for w in "${ORDER_WORDS[@]}"; do
  [[ "$w" == critdamp || "$w" == torch || "$w" == peer ]] || die "ORDER: '$w' is not critdamp, torch or peer"
  (( $(printf '%s\n' "${ORDER_WORDS[@]}" | grep -cx "$w") == 1 )) || die "ORDER names '$w' twice"
done
TORCH_SETS=(--set engine=torch)
for w in ${TORCH_WORDS[@]+"${TORCH_WORDS[@]}"}; do TORCH_SETS+=(--set "$w"); done

# The recipe's size: the quick start as it is unless TRAIN_RECORDS/TEST_RECORDS/EPOCHS shorten it (then on both sides).
CRITDAMP_SETS=()
(( EPOCHS == 5 )) || CRITDAMP_SETS+=(--set "training.epochs=$EPOCHS")
(( TRAIN_RECORDS == 50000 )) || CRITDAMP_SETS+=(--set "data.maxTrainRecords=$TRAIN_RECORDS")
(( TEST_RECORDS == 10000 )) || CRITDAMP_SETS+=(--set "data.maxTestRecords=$TEST_RECORDS")
PEER_TRAIN=$(( TRAIN_RECORDS - TRAIN_RECORDS / 10 ))   # critdamp carves ~10% (data.validationFraction, seeded)
# What differs from the shipped quick start: the candidate's --set words and a thread count set by hand.
SETTING="${OMP_NUM_THREADS:+OMP_NUM_THREADS=$OMP_NUM_THREADS }${CANDIDATE_SETS[*]+${CANDIDATE_SETS[*]}}"
SETTING="${SETTING% }"
CRITDAMP_SETS+=(${CANDIDATE_SETS[@]+"${CANDIDATE_SETS[@]}"})
RECIPE="epochs $EPOCHS, training records $TRAIN_RECORDS (peer: first $PEER_TRAIN), test records $TEST_RECORDS"

# command_of KIND RUN_DIR: the run's command, one word per line.
command_of() {
  local kind="$1" dir="$2"
  if [[ "$kind" == critdamp ]]; then
    printf '%s\n' deploy/critdamp train --set run.resultsDir="$dir/runs" --set run.name=quickstart \
      ${CRITDAMP_SETS[@]+"${CRITDAMP_SETS[@]}"}
  elif [[ "$kind" == torch ]]; then
    printf '%s\n' deploy/critdamp train --set run.resultsDir="$dir/runs" --set run.name=quickstart \
      ${CRITDAMP_SETS[@]+"${CRITDAMP_SETS[@]}"} "${TORCH_SETS[@]}"
  else
    printf '%s\n' "$PY" bench/torch_peer.py --model small_cnn --epochs "$EPOCHS" --train-images "$PEER_TRAIN" \
      --test-images "$TEST_RECORDS" --momentum physics --seed 42 --lr 0.05 --batch 64 --threads "$PEER_THREADS" \
      --data "$CIFAR_DIR" --results "$dir/peer"
  fi
}

# The runs of the sitting in order: "ROUND KIND", ORDER rotated by one from round to round (with two programs: the
# first alternates).
schedule() {
  local p i n="${#ORDER_WORDS[@]}" kind
  for (( p = 1; p <= PAIRS; p++ )); do
    for (( i = 0; i < n; i++ )); do
      kind="${ORDER_WORDS[$(( (i + p - 1) % n ))]}"
      [[ "$kind" == peer && "$PEER" == 0 ]] || echo "$p $kind"
    done
  done
}

if (( DRY_RUN )); then
  echo "# sitting $SITTING: $PAIRS pair(s), results appended to $MD and ${MD%.md}.jsonl"
  echo "deploy/critdamp fetch-data    # untimed: builds the jar if stale, fetches and verifies CIFAR-10"
  while read -r pair kind; do
    dir="$WORK/$kind-p$pair"
    mapfile -t cmd < <(command_of "$kind" "$dir")
    echo "# pair $pair ($kind), under flock $LOCK, in $dir:"
    printf '/usr/bin/time -v -o %q' "$dir/time.txt"; printf ' %q' "${cmd[@]}"; echo
  done < <(schedule)
  exit 0
fi

# Untimed preparation: the jar (built by the launcher when missing or stale), the data, the peer's torch.
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
TORCH="$($PY -c 'import torch; print(torch.__version__)' 2>/dev/null)" \
  || die "$PY cannot import torch (apt-get install python3-torch)"
deploy/critdamp fetch-data
for f in data_batch_1.bin data_batch_2.bin data_batch_3.bin data_batch_4.bin data_batch_5.bin test_batch.bin; do
  [[ -f "$CIFAR_DIR/$f" ]] || die "$CIFAR_DIR/$f is missing after fetch-data"
done
GIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/results' 2>/dev/null || echo -dirty)"
mkdir -p "$WORK"

# Seconds since T0 (microseconds since the epoch) before every line of stdin, then " | ".
stamp_lines() {
  local t0="$1" line now tenths
  while IFS= read -r line || [[ -n "$line" ]]; do
    now="${EPOCHREALTIME//[!0-9]/}"
    tenths=$(( (now - t0) / 100000 ))
    printf '%d.%d | %s\n' $(( tenths / 10 )) $(( tenths % 10 )) "$line"
  done
}

# Every second while PID lives: seconds, the summed RSS (kB) of PID's descendants, how many there are.
sample_tree_rss() {
  local pid="$1" t0="$2" now
  while kill -0 "$pid" 2>/dev/null; do
    now="${EPOCHREALTIME//[!0-9]/}"
    ps -e -o pid=,ppid=,rss= | awk -v root="$pid" -v t=$(( (now - t0) / 1000000 )) '
      { parent[$1] = $2; rss[$1] = $3 }
      END {
        tree[root] = 1
        do {
          grown = 0
          for (p in parent) if (!(p in tree) && (parent[p] in tree)) { tree[p] = 1; grown = 1 }
        } while (grown)
        sum = 0; n = 0
        for (p in tree) if (p != root) { sum += rss[p]; n++ }
        print t, sum, n
      }'
    sleep 1
  done
}

# run_one PAIR POSITION KIND: one timed run (the caller holds the lock), then its row.
run_one() {
  local pair="$1" pos="$2" kind="$3" dir="$WORK/$3-p$1" load_before load_after t0 pid sampler stamper rc
  local -a cmd
  mkdir -p "$dir"
  mapfile -t cmd < <(command_of "$kind" "$dir")
  echo "pair $pair, run $pos: $kind: $(portable "${cmd[*]}")"
  echo "console (lines stamped with seconds since the start): $(portable "$dir/console.log")"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  mkfifo "$dir/console.fifo"
  t0="${EPOCHREALTIME//[!0-9]/}"
  stamp_lines "$t0" < "$dir/console.fifo" > "$dir/console.log" &
  stamper=$!
  /usr/bin/time -v -o "$dir/time.txt" "${cmd[@]}" < /dev/null > "$dir/console.fifo" 2>&1 &
  pid=$!
  sample_tree_rss "$pid" "$t0" > "$dir/rss.txt" &
  sampler=$!
  rc=0
  wait "$pid" || rc=$?
  wait "$stamper" || true
  wait "$sampler" || true
  rm -f "$dir/console.fifo"
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
  # (lines printed here must not start with a blank or '[': lib.sh's locked drops those, meant for ND4J's banner)
  $PY "$ROOT/bench/tta_table.py" row --kind "$kind" --dir "$dir" --sitting "$SITTING" --pair "$pair" \
    --position "$pos" --rc "$rc" --load-before "$load_before" --load-after "$load_after" --command "${cmd[*]}" \
    --git "$GIT" --torch "$TORCH" --recipe "$RECIPE" --setting "$SETTING" --results "$RESULTS" --run-folder "$dir/runs/quickstart" \
    || echo "no row for this run: tta_table.py failed on $(portable "$dir")"
  (( rc == 0 )) || echo "$kind exited with $rc: see $(portable "$dir/console.log")"
}

{
  echo
  machine_info
  echo "- torch: $TORCH ($PY, peer threads $PEER_THREADS)"
  echo "- sitting $SITTING: $PAIRS pair(s), order of pair 1: ${ORDER_WORDS[*]}$( (( PEER )) || echo ' (peer skipped)'); $RECIPE"
  echo "- critdamp setting: ${SETTING:-the quick start as shipped}"
  [[ " ${ORDER_WORDS[*]} " != *" torch "* ]] || echo "- torch engine: ${TORCH_SETS[*]}"
  echo "- uptime before the sitting: $(uptime)"
} | tee -a "$LOG" "$MD"
$PY "$ROOT/bench/tta_table.py" header --results "$RESULTS"
pos=0
while read -r -u 3 pair kind; do
  pos=$(( pos + 1 ))
  locked "$LOG" run_one "$pair" "$pos" "$kind" < /dev/null
done 3< <(schedule)
echo "- uptime after the sitting: $(uptime)" | tee -a "$LOG" "$MD"
$PY "$ROOT/bench/tta_table.py" summary --sitting "$SITTING" --results "$RESULTS" | tee -a "$LOG"
