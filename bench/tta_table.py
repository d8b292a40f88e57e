#!/usr/bin/env python3
"""Rows and summary of bench/run-time-to-accuracy.sh: one row per training run, from what the run left.

  tta_table.py row --kind critdamp|torch|peer --dir RUN_DIR --sitting NAME --pair N --position 1|2 --rc RC \
      --load-before L --load-after L --command CMD --git COMMIT --torch VERSION --recipe TEXT --results DIR \
      [--targets 0.5,0.6] [--run-folder DIR]
  tta_table.py header --results DIR        # the markdown table's header line, appended to time-to-accuracy.md
  tta_table.py summary --sitting NAME --results DIR   # medians per kind, critdamp vs peer (printed and appended)

What a run leaves in RUN_DIR (the shell script writes the first three):
  console.log  the run's stdout+stderr, each line prefixed "<seconds since the command started> | "
  time.txt     /usr/bin/time -v's report: "Maximum resident set size (kbytes)" is the kernel's high-water mark of the
               largest single process of the tree (the launcher execs the JVM, so for critdamp that is the JVM)
  rss.txt      "<seconds> <summed RSS kB of the process tree> <processes>" once a second: a check that no two
               processes were large at the same time (then the sum, not the maximum, is the memory the run held)
  critdamp:    the run folder named by the console line "run folder: ..." (epochs.jsonl, summary.json)
  peer:        peer/torch-convergence-cifar10.jsonl (torch_peer.py --results RUN_DIR/peer): one row per epoch

Two clocks per target: "run clock" is the run's own wall time at the end of the first epoch whose test accuracy
reached the target (critdamp: epochs.jsonl wallSeconds, from the start of training after data loading and model
building; the peer: its "wall s", the same span); "from start" is when that epoch's line appeared on the console,
counted from launching the command (JVM/Spark or Python start, data loading and checks included: what a user waits).

The rows are committed: their paths (runDir, runFolder, and those in the command) name this checkout's folders
relative to its root (bench/results/tmp/...) and the home directory as ~ (portable), never a machine's absolute path.
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys

TABLE = "time-to-accuracy"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # this checkout (bench/..)
STAMPED = re.compile(r"^(\d+(?:\.\d+)?) \| (.*)$")
EPOCH_LINE = re.compile(r"^epoch (\d+)/(\d+)\s+step")
COLUMNS = ["sitting", "pair", "#", "kind", "rc", "epochs", "final test acc", "to 50% s (run / from start)",
           "to 60% s (run / from start)", "epoch 50/60", "run wall s", "process wall s", "peak RSS GB",
           "tree RSS GB (sampled)", "load before", "load after", "git", "date"]


def read_lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return f.read().splitlines()


def console(run_dir):
    """The stamped console lines as (seconds since start, text)."""
    out = []
    for line in read_lines(os.path.join(run_dir, "console.log")):
        m = STAMPED.match(line)
        if m:
            out.append((float(m.group(1)), m.group(2)))
    return out


def epoch_stamps(lines):
    """Epoch number -> seconds since start when its "epoch k/N  step ..." line appeared (both programs print it)."""
    stamps = {}
    for t, text in lines:
        m = EPOCH_LINE.match(text)
        if m:
            stamps.setdefault(int(m.group(1)), t)
    return stamps


def time_report(run_dir):
    """Peak RSS (kB) and elapsed seconds from /usr/bin/time -v's report."""
    peak, elapsed = None, None
    for line in read_lines(os.path.join(run_dir, "time.txt")):
        line = line.strip()
        if line.startswith("Maximum resident set size (kbytes):"):
            peak = int(line.rsplit(":", 1)[1])
        elif line.startswith("Elapsed (wall clock) time"):
            parts = [float(p) for p in line.rsplit(" ", 1)[1].split(":")]
            elapsed = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return peak, elapsed


def sampled_tree(run_dir):
    """Largest summed RSS (kB) of the process tree over the 1-second samples, and the most processes seen."""
    peak, procs = None, None
    for line in read_lines(os.path.join(run_dir, "rss.txt")):
        parts = line.split()
        if len(parts) == 3:
            peak = max(peak or 0, int(parts[1]))
            procs = max(procs or 0, int(parts[2]))
    return peak, procs


def critdamp_epochs(lines, expected):
    """(epochs [(epoch, test accuracy, run-clock seconds)], run wall seconds or None, run folder) of a critdamp run:
    the folder its console named, else the one it was asked for (run.resultsDir/run.name)."""
    folder = expected
    for _, text in lines:
        if text.startswith("run folder: "):
            folder = re.sub(r"^file:", "", text[len("run folder: "):].strip())
    if folder is None or not os.path.isdir(folder):
        return [], None, folder
    epochs = [json.loads(l) for l in read_lines(os.path.join(folder, "epochs.jsonl")) if l.strip()]
    rows = [(e["epoch"], e["testAccuracy"], e["wallSeconds"]) for e in epochs]
    summary = os.path.join(folder, "summary.json")
    wall = json.loads("\n".join(read_lines(summary)))["wallSeconds"] if os.path.exists(summary) else None
    return rows, wall, folder


def peer_epochs(run_dir):
    """(epochs [(epoch, test accuracy, run-clock seconds)], run wall seconds or None) of a torch_peer.py run."""
    path = os.path.join(run_dir, "peer", "torch-convergence-cifar10.jsonl")
    rows = [json.loads(l) for l in read_lines(path) if l.strip()]
    epochs = [(r["epoch"], r["test acc"], r["wall s"]) for r in rows]
    return epochs, (epochs[-1][2] if epochs and epochs[-1][0] == rows[-1]["epochs"] else None)


def crossing(epochs, stamps, target):
    """First epoch whose test accuracy >= target: {epoch, run clock s, from start s}; None when not reached."""
    for epoch, acc, wall in epochs:
        if acc >= target:
            return {"epoch": epoch, "runSeconds": round(wall, 1), "fromStartSeconds": stamps.get(epoch)}
    return None


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in read_lines("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in read_lines("/proc/meminfo") if l.startswith("MemTotal:")), 0)
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    except (OSError, IndexError):
        java = "?"
    return {"cpu": cpu, "cores": os.cpu_count(), "memoryGiB": round(mem / 2 ** 20, 1), "java": java,
            "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "unset"),
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "unset")}


def portable(text, root=None, home=None):
    """text with every path under root written relative to it ("<root>/bench/x" -> "bench/x") and every path under
    the home directory from "~/" (as bench/lib.sh's portable does): a committed record names no machine's folders.
    root may be reached through a link: its real path is rewritten too. None stays None."""
    if text is None:
        return None
    root = ROOT if root is None else root
    home = os.path.expanduser("~") if home is None else home
    for prefix, replacement in [(r, "") for r in {root, os.path.realpath(root)}] + [(home, "~/")]:
        if len(prefix.rstrip("/")) > 0:
            pattern = r"(?<![\w.~-])" + re.escape(prefix.rstrip("/")) + "/"
            text = re.sub(pattern, lambda _: replacement, text)
    return text


def gb(kb):
    return None if kb is None else round(kb / 1e6, 2)


# critdamp's runs: "critdamp" is the quick start as shipped (engine dl4j), "torch" the same with engine=torch
CRITDAMP_KINDS = ("critdamp", "torch")
KINDS = CRITDAMP_KINDS + ("peer",)
KIND_NAMES = {"critdamp": "critdamp (dl4j)", "torch": "critdamp (torch)", "peer": "peer"}


def row(a):
    lines = console(a.dir)
    stamps = epoch_stamps(lines)
    folder = None
    if a.kind in CRITDAMP_KINDS:
        epochs, run_wall, folder = critdamp_epochs(lines, a.run_folder)
    else:
        epochs, run_wall = peer_epochs(a.dir)
    peak_kb, process_wall = time_report(a.dir)
    tree_kb, procs = sampled_tree(a.dir)
    targets = [float(t) for t in a.targets.split(",")]
    r = {"sitting": a.sitting, "pair": a.pair, "position": a.position, "kind": a.kind, "rc": a.rc,
         "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
         "epochs": len(epochs), "finalTestAccuracy": epochs[-1][1] if epochs else None,
         "targets": {"%g" % t: crossing(epochs, stamps, t) for t in targets},
         "runWallSeconds": None if run_wall is None else round(run_wall, 1),
         "processWallSeconds": process_wall, "peakRssKb": peak_kb, "treeRssPeakKbSampled": tree_kb,
         "maxProcessesSampled": procs, "loadBefore": a.load_before, "loadAfter": a.load_after, "git": a.git,
         "torch": a.torch, "recipe": a.recipe, "setting": a.setting, "command": portable(a.command),
         "runDir": portable(os.path.abspath(a.dir)), "runFolder": portable(folder and os.path.abspath(folder)),
         "perEpoch": [{"epoch": e, "testAccuracy": acc, "runSeconds": round(w, 1), "fromStartSeconds": stamps.get(e)}
                      for e, acc, w in epochs]}
    r.update(machine())
    with open(os.path.join(a.results, TABLE + ".jsonl"), "a") as f:
        f.write(json.dumps(r) + "\n")

    def to(t):
        c = r["targets"].get(t)
        return "not reached" if c is None else "%s / %s" % (c["runSeconds"], fmt(c["fromStartSeconds"]))

    def ep(t):
        c = r["targets"].get(t)
        return "-" if c is None else str(c["epoch"])

    kind = "%s [%s]" % (a.kind, a.setting) if a.setting and a.kind in CRITDAMP_KINDS else a.kind
    cells = [a.sitting, a.pair, a.position, kind, a.rc, r["epochs"], fmt(r["finalTestAccuracy"], 4), to("0.5"),
             to("0.6"), ep("0.5") + " / " + ep("0.6"), fmt(r["runWallSeconds"]), fmt(process_wall), fmt(gb(peak_kb), 2),
             "%s (%s procs)" % (fmt(gb(tree_kb), 2), fmt(procs)), a.load_before, a.load_after, a.git, r["date"]]
    with open(os.path.join(a.results, TABLE + ".md"), "a") as f:
        f.write("| " + " | ".join(str(c) for c in cells) + " |\n")
    print("%s: rc %s, %d epochs, final test acc %s; to 50%%: %s s, to 60%%: %s s (run clock / from start); "
          "wall %s s, peak RSS %s GB" % (a.kind, a.rc, r["epochs"], fmt(r["finalTestAccuracy"], 4), to("0.5"),
                                        to("0.6"), fmt(process_wall), fmt(gb(peak_kb), 2)))


def fmt(v, digits=1):
    if v is None:
        return "-"
    return "%.*f" % (digits, v) if isinstance(v, float) else str(v)


def header(a):
    with open(os.path.join(a.results, TABLE + ".md"), "a") as f:
        f.write("\n| " + " | ".join(COLUMNS) + " |\n|" + "---|" * len(COLUMNS) + "\n")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summary(a):
    rows = [json.loads(l) for l in read_lines(os.path.join(a.results, TABLE + ".jsonl")) if l.strip()]
    rows = [r for r in rows if r["sitting"] == a.sitting and str(r["rc"]) == "0"]
    by_kind = {k: [r for r in rows if r["kind"] == k] for k in KINDS}
    shown = [k for k in KINDS if by_kind[k] or k in ("critdamp", "peer")]

    def target(rs, t, clock):
        # a run that missed the target has no time: the median is over the runs that reached it (counted below)
        return median([(r["targets"].get(t) or {}).get(clock) for r in rs])

    # (name, digits, how a critdamp engine compares to the peer: "ratio" or "points" of accuracy, value of rows)
    measures = [("time to 60%, from start (s)", 1, "ratio", lambda rs: target(rs, "0.6", "fromStartSeconds")),
                ("time to 60%, run clock (s)", 1, "ratio", lambda rs: target(rs, "0.6", "runSeconds")),
                ("time to 50%, from start (s)", 1, "ratio", lambda rs: target(rs, "0.5", "fromStartSeconds")),
                ("time to 50%, run clock (s)", 1, "ratio", lambda rs: target(rs, "0.5", "runSeconds")),
                ("peak RSS (GB)", 2, "ratio", lambda rs: gb(median([r["peakRssKb"] for r in rs]))),
                ("process wall (s)", 1, "ratio", lambda rs: median([r["processWallSeconds"] for r in rs])),
                ("final test accuracy", 4, "points", lambda rs: median([r["finalTestAccuracy"] for r in rs]))]
    reached = {k: {t: sum(1 for r in rs if r["targets"].get(t)) for t in ("0.5", "0.6")} for k, rs in by_kind.items()}
    engines = [k for k in shown if k != "peer"]
    out = ["", "**Summary of %s** (medians of the runs that finished: %s; reached 50%% / 60%%: %s)" % (
        a.sitting, ", ".join("%s %d" % (KIND_NAMES[k], len(by_kind[k])) for k in shown),
        ", ".join("%s %d / %d" % (KIND_NAMES[k], reached[k]["0.5"], reached[k]["0.6"]) for k in shown)),
           "", "| measure | " + " | ".join(KIND_NAMES[k] for k in shown) + " | "
           + " | ".join("%s vs peer" % KIND_NAMES[k] for k in engines) + " |",
           "|---|" + "---|" * (len(shown) + len(engines))]
    for name, digits, compare, f in measures:
        values = {k: f(by_kind[k]) for k in shown}
        p = values.get("peer")
        versus = []
        for k in engines:
            c = values[k]
            if c is None or not p:
                versus.append("-")
            elif compare == "ratio":
                versus.append("%.2fx" % (c / p))
            else:
                versus.append("%+.1f points" % (100 * (c - p)))
        out.append("| %s | %s | %s |" % (name, " | ".join(fmt(values[k], digits) for k in shown), " | ".join(versus)))
    text = "\n".join(out) + "\n"
    print(text)
    with open(os.path.join(a.results, TABLE + ".md"), "a") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    p = sub.add_parser("row")
    for name in ("--kind", "--dir", "--sitting", "--pair", "--position", "--rc", "--load-before", "--load-after",
                 "--command", "--git", "--torch", "--recipe"):
        p.add_argument(name, required=True)
    p.add_argument("--targets", default="0.5,0.6")
    p.add_argument("--setting", default="", help="critdamp: what differs from the shipped quick start")
    p.add_argument("--run-folder", help="critdamp: the run folder asked for, if the console does not name one")
    p.add_argument("--results", required=True)
    p.set_defaults(run=row)
    h = sub.add_parser("header")
    h.add_argument("--results", required=True)
    h.set_defaults(run=header)
    s = sub.add_parser("summary")
    s.add_argument("--sitting", required=True)
    s.add_argument("--results", required=True)
    s.set_defaults(run=summary)
    a = ap.parse_args()
    if a.what == "row" and a.kind not in KINDS:
        sys.exit("tta_table.py: --kind must be critdamp, torch or peer, not %r" % a.kind)
    a.run(a)


if __name__ == "__main__":
    main()
