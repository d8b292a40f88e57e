#!/usr/bin/env bash
# Does a run repeat to the digit? Two identical `deploy/critdamp train` runs of conf/cifar10-small-cnn.yaml (the first
# 3,000 CIFAR-10 training records, 2 epochs, every round logged) with WORKERS workers in local[WORKERS], compared round
# by round (training loss) and epoch by epoch (test and validation accuracy, training loss). Parameter averaging sums
# the workers' results in partition order (OrderedTreeAggregate); with Spark's treeAggregate, which DL4J used, two
# 4-worker runs parted from the first round. The whole comparison holds the machine lock.
# Results: appended to bench/results/repeatability.md (machine, commit, load before/after, the comparison); run folders
# in runs/bench/repeat-<time>/.
#   bench/run-repeatability.sh               # 4 workers, ~2 min
#   WORKERS=3 bench/run-repeatability.sh
# Environment: WORKERS (4), CRITDAMP_BENCH_RESULTS.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
WORKERS="${WORKERS:-4}"
DIR="runs/bench/repeat-$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$RESULTS/repeatability.md"
mkdir -p "$(dirname "$DIR")"
(
  flock 9
  LOAD_BEFORE="$(uptime)"
  for name in a b; do
    deploy/critdamp train -c conf/cifar10-small-cnn.yaml --set "run.name=$name" --set "run.resultsDir=$DIR" \
      --set "spark.workers=$WORKERS" --set "spark.master=local[$WORKERS]" --set data.maxTrainRecords=3000 \
      --set training.epochs=2 --set training.logEveryRounds=1 > "$DIR-$name.log" 2>&1 \
      || { echo "run $name failed: see $DIR-$name.log" >&2; exit 1; }
  done
  LOAD_AFTER="$(uptime)"
  { echo; machine_info; echo "- load before: $LOAD_BEFORE"; echo "- load after: $LOAD_AFTER"
    echo "- command: two runs of \`deploy/critdamp train -c conf/cifar10-small-cnn.yaml\` with spark.workers=$WORKERS," \
      "local[$WORKERS], data.maxTrainRecords=3000, training.epochs=2 ($DIR/a, $DIR/b)"
    python3 - "$DIR" <<'PY'
import json, sys
d = sys.argv[1]
def rows(run, f):
    return [json.loads(line) for line in open(f"{d}/{run}/{f}") if line.strip()]
ra, rb = rows("a", "rounds.jsonl"), rows("b", "rounds.jsonl")
same = sum(x["loss"] == y["loss"] for x, y in zip(ra, rb))
first = next(((x["globalRound"], x["loss"], y["loss"]) for x, y in zip(ra, rb) if x["loss"] != y["loss"]), None)
print(f"- rounds with the same training loss to the last digit: {same} of {len(ra)}"
      + (f"; first apart: round {first[0]}, {first[1]!r} vs {first[2]!r}" if first else ""))
for x, y in zip(rows("a", "epochs.jsonl"), rows("b", "epochs.jsonl")):
    print(f"- epoch {x['epoch']}: test accuracy {x['testAccuracy']} / {y['testAccuracy']}, validation "
          f"{x['validationAccuracy']:.4f} / {y['validationAccuracy']:.4f}, training loss {x['trainLoss']!r} / "
          f"{y['trainLoss']!r}")
print(f"- verdict: {'repeats to the digit' if same == len(ra) and first is None else 'does NOT repeat'}")
PY
  } | tee -a "$OUT"
) 9>"$LOCK"
