#!/usr/bin/env python3
"""Where an epoch's seconds go, from a critdamp run folder.

Reads epochs.jsonl (each record's "times": rounds, data, compute, evaluation, writing, gc; see
critdamp.run.EpochTimes) and rounds.jsonl, and prints a markdown table with a column per epoch and the total:
the wall time between epoch records split into the averaging rounds (their data jobs, the slowest worker's fits, and
the rest: Spark's per-round cost), the evaluation, checkpoints + report + metrics, and what is left (the driver's own
bookkeeping); JVM GC pauses overlap all of these. Per-round seconds that rounds.jsonl holds beyond seconds,
computeSeconds and wallSeconds (e.g. a broadcast or aggregate time) are listed under Spark's share, summed per epoch.

    python3 bench/profile_epoch.py RUN_FOLDER [--title TEXT]
"""
import argparse
import json
import math
import pathlib
import sys

STANDARD_ROUND_KEYS = {"seconds", "computeSeconds", "wallSeconds"}


def number(v):
    """A JSON value as a float: critdamp writes NaN as the string "NaN"."""
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def lines(path):
    return [json.loads(l) for l in path.read_text().splitlines() if l.strip()]


def extra_round_keys(rounds):
    keys = []
    for r in rounds:
        for k in r:
            if k.endswith("Seconds") and k not in STANDARD_ROUND_KEYS and k not in keys:
                keys.append(k)
    return keys


def epoch_columns(epochs, rounds):
    """Per epoch: the table's figures, each in seconds."""
    extra = extra_round_keys(rounds)
    cols = []
    previous_wall = 0.0
    for e in epochs:
        t = e.get("times")
        if t is None:
            sys.exit(f"epoch {e['epoch']} has no times: this run predates the epoch profile (EpochTimes)")
        t = {k: number(v) for k, v in t.items()}
        wall = number(e["wallSeconds"]) - previous_wall
        previous_wall = number(e["wallSeconds"])
        own = [r for r in rounds if r["epoch"] == e["epoch"] - 1]
        data, compute = t["data"], t["compute"]
        col = {
            "wall": wall,
            "rounds": t["rounds"],
            "data": data,
            "compute": compute,
            "spark": t["rounds"] - data - compute,  # NaN without spark.collectTimings
            "evaluation": t["evaluation"],
            "writing": t["writing"],
            "other": wall - t["rounds"] - t["evaluation"] - t["writing"],
            "gc": t["gc"],
            "rounds_n": len(own),
            "images": sum(int(r["images"]) for r in own),
            "test": number(e["testAccuracy"]),
        }
        for k in extra:
            col["x:" + k] = sum(number(r.get(k)) for r in own)
        cols.append(col)
    return cols, extra


def fmt(v, digits=1):
    return "-" if v is None or math.isnan(v) else f"{v:.{digits}f}"


def table(cols, extra, title):
    total = {k: sum(c[k] for c in cols) for k in cols[0] if k != "test"}
    rows = [
        ("wall time between epoch records", "wall"),
        ("averaging rounds", "rounds"),
        ("&nbsp;&nbsp;data job (workers build, augment, cache the round's minibatches)", "data"),
        ("&nbsp;&nbsp;worker compute (slowest worker's fits)", "compute"),
        ("&nbsp;&nbsp;Spark's per-round cost (jobs, broadcast, worker setup, averaging)", "spark"),
    ]
    rows += [(f"&nbsp;&nbsp;&nbsp;&nbsp;of which {k} (rounds.jsonl)", "x:" + k) for k in extra]
    rows += [
        ("evaluation (test set + validation split, one pass each)", "evaluation"),
        ("checkpoints + live report + metrics files", "writing"),
        ("other (the driver's own bookkeeping)", "other"),
        ("JVM GC pauses (within the rows above)", "gc"),
    ]
    heads = [f"epoch {i + 1}" for i in range(len(cols))]
    out = [f"**Where an epoch's seconds go** ({title})", "",
           "| seconds | " + " | ".join(heads) + " | total | share of wall |",
           "|---|" + "---|" * len(heads) + "---|---|"]
    for label, key in rows:
        share = total[key] / total["wall"] if total["wall"] > 0 else math.nan
        out.append(f"| {label} | " + " | ".join(fmt(c[key]) for c in cols)
                   + f" | {fmt(total[key])} | {fmt(100 * share)}% |")
    out.append("| rounds / images/s in rounds | "
               + " | ".join(f"{c['rounds_n']} / {fmt(c['images'] / c['rounds'], 0)}" for c in cols)
               + f" | {total['rounds_n']} / {fmt(total['images'] / total['rounds'], 0)} | |")
    out.append("| test accuracy | " + " | ".join(fmt(c["test"], 4) for c in cols) + " | | |")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("run", type=pathlib.Path, help="run folder (holds epochs.jsonl and rounds.jsonl)")
    p.add_argument("--title", default=None, help="the table's title (default: the run folder)")
    a = p.parse_args()
    epochs = lines(a.run / "epochs.jsonl")
    if not epochs:
        sys.exit(f"{a.run}/epochs.jsonl holds no epoch")
    cols, extra = epoch_columns(epochs, lines(a.run / "rounds.jsonl"))
    print(table(cols, extra, a.title or str(a.run)))


if __name__ == "__main__":
    main()
