#!/usr/bin/env python3
"""Attributes a JFR recording's samples of the training thread to DL4J layers/vertices.

Reads `jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample` output on stdin. Each sample of thread
"main" is charged to the innermost frame in a DL4J layer, vertex, helper or updater class (or critdamp's updater), and
weighted by its event period (Java 10 ms, native 20 ms with settings=profile), so native time (oneDNN, ND4J ops)
counts too. Prints a table of estimated share of training-thread time per (class.method).
  jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample rec.jfr | python3 bench/jfr_layers.py
"""
import collections
import json
import sys

PREFIXES = ("org.deeplearning4j.nn.layers.", "org.deeplearning4j.nn.graph.vertex.", "org.deeplearning4j.nn.updater.",
            "critdamp.optim.HeavyBallUpdater", "org.deeplearning4j.optimize.solvers.",
            "org.deeplearning4j.nn.graph.ComputationGraph")
WEIGHT = {"jdk.ExecutionSample": 10, "jdk.NativeMethodSample": 20}


def attribute(doc):
    """(milliseconds sampled, Counter of milliseconds per owner, Counter per leaf frame) of the "main" thread's
    samples in a `jfr print --json` document. The owner is the innermost frame under PREFIXES (ComputationGraph's own
    frames excepted: it only dispatches), else "other: " + the leaf; the leaf is "java|native Class.method"."""
    by_owner = collections.Counter()
    by_leaf = collections.Counter()
    total = 0
    for e in doc["recording"]["events"]:
        v = e["values"]
        thread = (v.get("sampledThread") or {}).get("javaName")
        if thread != "main" or not v.get("stackTrace"):
            continue
        w = WEIGHT.get(e["type"], 10)
        frames = v["stackTrace"]["frames"]
        names = ["%s.%s" % (f["method"]["type"]["name"].replace("/", "."), f["method"]["name"]) for f in frames]
        owner = next((n for n in names if n.startswith(PREFIXES) and "ComputationGraph" not in n), "other: " + names[0])
        by_owner[owner.replace("org.deeplearning4j.nn.", "")] += w
        by_leaf[("native " if e["type"] == "jdk.NativeMethodSample" else "java ") + names[0].split(".")[-2] + "." + names[0].split(".")[-1]] += w
        total += w
    return total, by_owner, by_leaf


def main():
    total, by_owner, by_leaf = attribute(json.load(sys.stdin))
    if total == 0:
        sys.exit("jfr_layers.py: no sample of thread main with a stack trace")
    print("training-thread samples: %.1f s (estimated)" % (total / 1000))
    print("| share | DL4J owner (innermost layer/vertex/helper/updater frame) |\n|---|---|")
    for k, c in by_owner.most_common(18):
        print("| %5.1f%% | %s |" % (100.0 * c / total, k))
    print("\n| share | leaf frame |\n|---|---|")
    for k, c in by_leaf.most_common(8):
        print("| %5.1f%% | %s |" % (100.0 * c / total, k))


if __name__ == "__main__":
    main()
