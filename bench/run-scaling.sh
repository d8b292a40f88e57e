#!/usr/bin/env bash
# Scaling study (bench/scaling.yaml): 1 vs 2 workers with per-round timings; writes bench/results/scaling/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/results/scaling"
mkdir -p "$OUT"
rm -rf runs/bench/scaling
{ echo "date: $(date -u +%FT%TZ)"; echo "machine: $(lscpu | sed -n 's/^Model name:\s*//p'), $(nproc) cores";
  echo "command: deploy/critdamp sweep -c bench/scaling.yaml"; echo "load before: $(uptime)"; } > "$OUT/machine.txt"
deploy/critdamp sweep -c bench/scaling.yaml > "$OUT/sweep.log" 2>&1
echo "load after: $(uptime)" >> "$OUT/machine.txt"
python3 bench/scaling_table.py runs/bench/scaling > "$OUT/scaling.md"
cat "$OUT/scaling.md"
