#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs this process may use as {"name": "gpu", "addresses": ["0", "1"]}.
# Who runs it (Spark 3.5):
#   YARN        each executor, as ./gpu-discovery.sh (deploy/spark-submit-gpu.sh ships it with --files)
#   Kubernetes  each executor, from the image: /opt/critdamp/gpu-discovery.sh
#   standalone  each Worker, at start (spark.worker.resource.gpu.discoveryScript); executors get their share from it
# The addresses are CUDA device numbers as this process sees them, which is what an executor binds ND4J to:
#   - CUDA_VISIBLE_DEVICES set (by the resource manager): CUDA renumbers the visible devices from 0, so the addresses
#     are 0..n-1 whatever the list holds (indices or GPU-... UUIDs); set but empty, or "NoDevFiles": no GPU.
#   - otherwise: nvidia-smi's indices (PCI bus order; the submit scripts set CUDA_DEVICE_ORDER=PCI_BUS_ID for
#     executors so that CUDA numbers devices the same way). No nvidia-smi, or no GPU: an empty list.
set -euo pipefail
count=0
ids=()
if [[ -n "${CUDA_VISIBLE_DEVICES+set}" ]]; then
  if [[ -n "$CUDA_VISIBLE_DEVICES" && "$CUDA_VISIBLE_DEVICES" != NoDevFiles ]]; then
    IFS=, read -r -a visible <<< "$CUDA_VISIBLE_DEVICES"
    count=${#visible[@]}
    for (( i = 0; i < count; i++ )); do ids+=("$i"); done
  fi
else
  while read -r index; do
    [[ "$index" =~ ^[0-9]+$ ]] && ids+=("$index")
  done < <(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null || true)
fi
out=""
for id in ${ids[@]+"${ids[@]}"}; do out+="${out:+, }\"$id\""; done
printf '{"name": "gpu", "addresses": [%s]}\n' "$out"
