#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the GPUs this executor may use as
# {"name": "gpu", "addresses": ["0", "1"]}. Honours CUDA_VISIBLE_DEVICES when a resource manager already set it.
set -euo pipefail
if [[ -n "${CUDA_VISIBLE_DEVICES:-}" ]]; then
  ids="$CUDA_VISIBLE_DEVICES"
else
  ids="$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | tr -d ' ' | paste -sd, -)"
fi
printf '{"name": "gpu", "addresses": [%s]}\n' "$(echo "$ids" | sed 's/[^,][^,]*/"&"/g')"
