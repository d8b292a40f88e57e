#!/usr/bin/env python3
"""Scaling table from a scaling sweep's run folders: img/s, round time split, bytes per round, efficiency."""
import json, pathlib, statistics, sys

sweep = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "runs/bench/scaling")
rows = []
for point in sorted((sweep / "points").iterdir()):
    cfg = json.loads((point / "config.json").read_text())
    rounds = [json.loads(l) for l in (point / "rounds.jsonl").read_text().splitlines() if l.strip()]
    epochs = [json.loads(l) for l in (point / "epochs.jsonl").read_text().splitlines() if l.strip()]
    rounds = rounds[1:]  # the first round pays for JIT and native warm-up
    secs = sum(r["seconds"] for r in rounds)
    comp = [r["computeSeconds"] for r in rounds if isinstance(r["computeSeconds"], (int, float))]
    rows.append(dict(workers=cfg["spark"]["workers"], imgs=sum(r["images"] for r in rounds) / secs,
                     round_s=statistics.mean(r["seconds"] for r in rounds),
                     compute_s=statistics.mean(comp) if comp else float("nan"),
                     mb=rounds[0]["bytesMoved"] / 1e6, acc=[e["testAccuracy"] for e in epochs],
                     wall=epochs[-1]["wallSeconds"]))
base = next(r for r in rows if r["workers"] == 1)["imgs"]
print("| workers | img/s | efficiency vs 1 worker | mean round s | of which worker compute s | rest (broadcast, setup, averaging) s | MB moved per round | test accuracy per epoch | wall s |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    eff = r["imgs"] / (r["workers"] * base)
    print(f"| {r['workers']} | {r['imgs']:.0f} | {eff:.2f} | {r['round_s']:.2f} | {r['compute_s']:.2f} | "
          f"{r['round_s'] - r['compute_s']:.2f} | {r['mb']:.2f} | {' / '.join(f'{a:.3f}' for a in r['acc'])} | {r['wall']:.0f} |")
