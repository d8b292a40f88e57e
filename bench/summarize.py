#!/usr/bin/env python3
"""Medians of the bench results (bench/results/*.jsonl) as markdown tables, with run counts and load ranges.
  python3 bench/summarize.py [results-dir] > bench/results/summary.md
Every row of a file counts, whichever sitting wrote it: a group's median is over all its runs so far. A group holds
the runs of one setting only: runs of another code path (DL4J's layer helpers on or off) or native build
(platformExtension) are never pooled.
"""
import collections
import json
import os
import statistics
import sys


def rows(directory, name):
    """The records of directory/name.jsonl; none when the file is missing."""
    path = os.path.join(directory, name + ".jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


def loads(rs):
    """The 1-minute load range over the runs' "load before" / "load after" ("?" when none was recorded)."""
    vals = [float(r[k].split()[0]) for r in rs for k in ("load before", "load after") if r.get(k, "unknown") != "unknown"]
    return "%.1f-%.1f" % (min(vals), max(vals)) if vals else "?"


def table(title, header, groups, cells):
    print("### " + title + "\n")
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for key, rs in groups.items():
        print("| " + " | ".join(cells(key, rs)) + " |")
    print()


def group(rs, key):
    """The runs by key, in the order each key first appears."""
    g = collections.OrderedDict()
    for r in rs:
        g.setdefault(key(r), []).append(r)
    return g


def med(rs, k):
    return statistics.median(r[k] for r in rs)


def helpers_path(r):
    """The run's DL4J code path from its helpersDisable setting: "fast" (helpers on), "default" (off), "?"."""
    return {"false": "fast", "true": "default"}.get(str(r.get("helpersDisable")).lower(), "?")


def native_build(r):
    return r.get("platformExtension") or "?"


def peak_table(peak):
    table("Peak: ND4J float mmul (OpenBLAS)",
          ["n", "runs", "median of medians GFLOP/s", "best GFLOP/s", "OPENBLAS_CORETYPE", "load (1-min)"],
          group(peak, lambda r: (r["n"], r["OPENBLAS_CORETYPE"])),
          lambda k, rs: [str(k[0]), str(len(rs)), "%.1f" % med(rs, "median GFLOP/s"),
                         "%.1f" % max(r["best GFLOP/s"] for r in rs), k[1], loads(rs)])


def throughput_table(tp):
    table("DL4J single-JVM training throughput (batch 64, heavy-ball SGD)",
          ["model", "path", "native build", "OMP", "runs", "median img/s", "train GFLOP/img", "median GFLOP/s",
           "% of peak", "load (1-min)"],
          group(tp, lambda r: (r["model"], r["path"], native_build(r), r["OMP"])),
          lambda k, rs: [k[0], k[1], k[2], k[3], str(len(rs)), "%.1f" % med(rs, "img/s"),
                         "%.3f" % rs[0]["train GFLOP/img"], "%.2f" % med(rs, "GFLOP/s"), "%.1f" % med(rs, "% of peak"),
                         loads(rs)])


def torch_peer_table(tpeer):
    table("PyTorch 1.13 peer (same nets, batch 64, manual heavy-ball step)",
          ["model", "format", "threads", "runs", "median img/s", "median GFLOP/s", "load (1-min)"],
          group(tpeer, lambda r: (r["model"], r["format"], r["threads"])),
          lambda k, rs: [k[0], k[1], str(k[2]), str(len(rs)), "%.1f" % med(rs, "img/s"), "%.2f" % med(rs, "GFLOP/s"),
                         loads(rs)])


def spark_overhead_table(sp):
    """Each (master, workers, OMP, path) group's median img/s, and its ratio to the median of the one-JVM runs
    (master "none") of the same path at OMP 1 and at OMP 2 (NaN without such runs)."""
    def base(omp, path):
        b = [r["img/s"] for r in sp if r["master"] == "none" and r["OMP"] == omp and helpers_path(r) == path]
        return statistics.median(b) if b else float("nan")
    table("Spark overhead (small CNN, batch 64/worker, averaging every 5)",
          ["master", "workers", "OMP/worker", "path", "runs", "median img/s", "vs one JVM OMP 1", "vs one JVM OMP 2",
           "load (1-min)"],
          group(sp, lambda r: (r["master"], r["workers"], r["OMP"], helpers_path(r))),
          lambda k, rs: [k[0], str(k[1]), k[2], k[3], str(len(rs)), "%.1f" % med(rs, "img/s"),
                         "%.2f" % (med(rs, "img/s") / base("1", k[3])), "%.2f" % (med(rs, "img/s") / base("2", k[3])),
                         loads(rs)])


def convergence_table(conv):
    table("PyTorch convergence check (critdamp heavy-ball form, physics momentum over cosine lr)",
          ["model", "epoch/epochs", "train images", "base lr", "train loss", "test acc", "wall s", "load (1-min)"],
          group(conv, lambda r: (r["model"], r["epoch"], r["epochs"], r["train"], r["date"])),
          lambda k, rs: [k[0], "%d/%d" % (k[1], k[2]), str(k[3]), str(rs[0]["base lr"]), "%.3f" % rs[0]["train loss"],
                         "%.4f" % rs[0]["test acc"], "%.0f" % rs[0]["wall s"], loads(rs)])


# (file name without .jsonl, its table); a file that is missing or empty prints no table
TABLES = [("peak", peak_table), ("throughput", throughput_table), ("torch-peer", torch_peer_table),
          ("spark-overhead", spark_overhead_table), ("torch-convergence", convergence_table)]


def main(directory):
    for name, print_table in TABLES:
        rs = rows(directory, name)
        if rs:
            print_table(rs)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
