#!/usr/bin/env python3
"""The learning-rate study's framework check: critdamp's and PyTorch's constant and physics rows side by
side, at the rates critdamp chose on validation, with the study's own targets (90% and 95% of the best schedule's
mean final test accuracy, from study.jsonl). Does the verdict (which schedule ends higher, which is faster to the
targets) depend on the framework?
  python3 bench/lr_study_peer_table.py STUDY_DIR PEER_DIR EPOCHS > PEER_DIR/peer-table.md
STUDY_DIR holds study.jsonl (bench/run-lr-study.sh); PEER_DIR holds torch-convergence-cifar10.jsonl
(bench/run-lr-study-peer.sh). Only peer runs of EPOCHS epochs at the chosen rate count; a seed run more than once
counts with its latest run.
"""
import json
import math
import os
import statistics
import sys

SCHEDULES = ("constant", "physics")


def mean_sd(xs):
    if not xs:
        return "–"
    if len(xs) == 1:
        return "%.4f" % xs[0]
    return "%.4f ± %.4f" % (statistics.mean(xs), statistics.stdev(xs))


def first_reach(epochs, target):
    """(epoch, wall seconds) of the first epoch whose test accuracy is at least target, or None."""
    for e in epochs:
        if e["test acc"] >= target:
            return e["epoch"], e["wall s"]
    return None


def reach_cell(runs, target, index, fmt):
    hits = [r[index] for r in (first_reach(es, target) for es in runs) if r is not None]
    if not hits:
        return "not reached (0/%d)" % len(runs)
    mean = statistics.mean(hits)
    sd = (" ± " + fmt % statistics.stdev(hits)) if len(hits) > 1 else ""
    return (fmt % mean) + sd + " (%d/%d)" % (len(hits), len(runs))


def critdamp_reach(row, target, key, fmt):
    for t in row["targets"]:
        if abs(t["target"] - target) < 1e-12:
            s = t[key]
            if t["reached"] == 0:
                return "not reached (0/%d)" % t["of"]
            sd = "" if s["n"] < 2 or s["sd"] == "NaN" else " ± " + fmt % s["sd"]
            return (fmt % s["mean"]) + sd + " (%d/%d)" % (t["reached"], t["of"])
    return "–"


def main(study_dir, peer_dir, epochs):
    rows = {}
    with open(os.path.join(study_dir, "study.jsonl")) as f:
        for line in f:
            r = json.loads(line)
            rows[r["schedule"]] = r
    targets = next((([t["target"] for t in r["targets"]]) for r in rows.values() if r["targets"]), [])
    peer_file = os.path.join(peer_dir, "torch-convergence-cifar10.jsonl")
    peer = []
    if os.path.exists(peer_file):
        with open(peer_file) as f:
            peer = [json.loads(line) for line in f if line.strip()]
    print("# The learning-rate study in PyTorch: constant and physics momentum at critdamp's chosen rates\n")
    print("Targets: %s test accuracy (the study's: fractions of its best schedule's mean final test accuracy). "
          "critdamp: the study's seed runs (study.jsonl); PyTorch: bench/torch_peer.py, %d epochs, the same rate "
          "and seeds (its own seeded data order and initialisation: seeds match in number, not in draws).\n"
          % (", ".join("%.4f" % t for t in targets) or "none yet (the study has no best schedule)", epochs))
    head = ["schedule", "framework", "rate", "seeds", "final test acc."]
    for t in targets:
        head += ["epochs to %.4f" % t, "seconds to %.4f" % t]
    print("| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    finals = {}
    for s in SCHEDULES:
        row = rows.get(s)
        best = row and row["search"].get("best")
        if not best or row["search"]["verdict"] not in ("INTERIOR", "EDGE"):
            print("| %s | – | no chosen rate yet |" % s)
            continue
        rate = best["rate"]
        fa = row["finalTestAccuracy"]
        cd = "–" if fa["n"] == 0 else (
            "%.4f" % fa["mean"] if fa["n"] < 2 else "%.4f ± %.4f" % (fa["mean"], fa["sd"]))
        cells = [s, "critdamp", "%g" % rate, str(fa["n"]), cd]
        for t in targets:
            cells += [critdamp_reach(row, t, "epochs", "%.1f"), critdamp_reach(row, t, "seconds", "%.0f")]
        print("| " + " | ".join(cells) + " |")
        by_seed = {}
        for r in peer:
            if r["momentum"] == s and r["epochs"] == epochs and abs(r["base lr"] - rate) < 1e-12:
                by_seed.setdefault(r["seed"], {})[r["epoch"]] = r  # a rerun seed: its latest rows
        runs = []
        for seed in sorted(by_seed):
            es = sorted(by_seed[seed].values(), key=lambda e: e["epoch"])
            if len(es) == epochs:
                runs.append(es)
        last = [es[-1]["test acc"] for es in runs]
        finals[s] = (fa, last)
        cells = [s, "PyTorch", "%g" % rate, str(len(runs)), mean_sd(last)]
        for t in targets:
            cells += [reach_cell(runs, t, 0, "%.1f"), reach_cell(runs, t, 1, "%.0f")]
        print("| " + " | ".join(cells) + " |")
    if len(finals) == 2 and all(v[0]["n"] > 1 and len(v[1]) > 1 for v in finals.values()):
        (c, cp), (p, pp) = finals["constant"], finals["physics"]
        lines = [gap("critdamp", c["mean"], c["sd"], c["n"], p["mean"], p["sd"], p["n"]),
                 gap("PyTorch", statistics.mean(cp), statistics.stdev(cp), len(cp), statistics.mean(pp),
                     statistics.stdev(pp), len(pp))]
        print("\nFinal test accuracy, constant minus physics (2 standard errors of the difference as the noise "
              "bound): " + "; ".join(lines) + ".")


def gap(framework, m1, sd1, n1, m2, sd2, n2):
    d, se = m1 - m2, math.sqrt(sd1 ** 2 / n1 + sd2 ** 2 / n2)
    verdict = "within noise" if abs(d) < 2 * se else ("constant higher" if d > 0 else "physics higher")
    return "%s %+.4f ± %.4f, %s" % (framework, d, 2 * se, verdict)

if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
