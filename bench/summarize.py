#!/usr/bin/env python3
"""Medians of the bench results (bench/results/*.jsonl) as markdown tables, with run counts and load ranges.
  python3 bench/summarize.py [results-dir] > bench/results/summary.md
"""
import collections
import json
import os
import statistics
import sys

DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def rows(name):
    path = os.path.join(DIR, name + ".jsonl")
    if not os.path.exists(path):
        return []
    return [json.loads(l) for l in open(path) if l.strip()]


def loads(rs):
    vals = [float(r[k].split()[0]) for r in rs for k in ("load before", "load after") if r.get(k, "unknown") != "unknown"]
    return "%.1f-%.1f" % (min(vals), max(vals)) if vals else "?"


def table(title, header, groups, cells):
    print("### " + title + "\n")
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for key, rs in groups.items():
        print("| " + " | ".join(cells(key, rs)) + " |")
    print()


def group(rs, key):
    g = collections.OrderedDict()
    for r in rs:
        g.setdefault(key(r), []).append(r)
    return g


def med(rs, k):
    return statistics.median(r[k] for r in rs)


peak = rows("peak")
if peak:
    table("Peak: ND4J float mmul (OpenBLAS)", ["n", "runs", "median of medians GFLOP/s", "best GFLOP/s", "OPENBLAS_CORETYPE", "load (1-min)"],
          group(peak, lambda r: (r["n"], r["OPENBLAS_CORETYPE"])),
          lambda k, rs: [str(k[0]), str(len(rs)), "%.1f" % med(rs, "median GFLOP/s"),
                         "%.1f" % max(r["best GFLOP/s"] for r in rs), k[1], loads(rs)])

tp = rows("throughput")
if tp:
    table("DL4J single-JVM training throughput (batch 64, heavy-ball SGD)",
          ["model", "path", "OMP", "runs", "median img/s", "train GFLOP/img", "median GFLOP/s", "% of peak", "load (1-min)"],
          group(tp, lambda r: (r["model"], r["path"], r["OMP"])),
          lambda k, rs: [k[0], k[1], k[2], str(len(rs)), "%.1f" % med(rs, "img/s"), "%.3f" % rs[0]["train GFLOP/img"],
                         "%.2f" % med(rs, "GFLOP/s"), "%.1f" % med(rs, "% of peak"), loads(rs)])

tpeer = rows("torch-peer")
if tpeer:
    table("PyTorch 1.13 peer (same nets, batch 64, manual heavy-ball step)",
          ["model", "format", "threads", "runs", "median img/s", "median GFLOP/s", "load (1-min)"],
          group(tpeer, lambda r: (r["model"], r["format"], r["threads"])),
          lambda k, rs: [k[0], k[1], str(k[2]), str(len(rs)), "%.1f" % med(rs, "img/s"), "%.2f" % med(rs, "GFLOP/s"),
                         loads(rs)])

sp = rows("spark-overhead")
if sp:
    def base(omp):
        b = [r["img/s"] for r in sp if r["master"] == "none" and r["OMP"] == omp]
        return statistics.median(b) if b else float("nan")
    b1, b2 = base("1"), base("2")
    table("Spark overhead (small CNN, batch 64/worker, averaging every 5)",
          ["master", "workers", "OMP/worker", "runs", "median img/s", "vs one JVM OMP 1", "vs one JVM OMP 2",
           "load (1-min)"],
          group(sp, lambda r: (r["master"], r["workers"], r["OMP"])),
          lambda k, rs: [k[0], str(k[1]), k[2], str(len(rs)), "%.1f" % med(rs, "img/s"),
                         "%.2f" % (med(rs, "img/s") / b1), "%.2f" % (med(rs, "img/s") / b2), loads(rs)])

conv = rows("torch-convergence")
if conv:
    table("PyTorch convergence check (critdamp heavy-ball form, physics momentum over cosine lr)",
          ["model", "epoch/epochs", "train images", "base lr", "train loss", "test acc", "wall s", "load (1-min)"],
          group(conv, lambda r: (r["model"], r["epoch"], r["epochs"], r["train"], r["date"])),
          lambda k, rs: [k[0], "%d/%d" % (k[1], k[2]), str(k[3]), str(rs[0]["base lr"]), "%.3f" % rs[0]["train loss"],
                         "%.4f" % rs[0]["test acc"], "%.0f" % rs[0]["wall s"], loads(rs)])
