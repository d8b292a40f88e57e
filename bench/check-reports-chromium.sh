#!/usr/bin/env bash
# Renders a run's report.html and the compare page of two or more runs in headless Chromium, checks that they render
# (no JavaScript error on the console; the report's charts present; every Chart.js chart of the compare page drawn)
# and keeps a screenshot of each.
#
#   bench/check-reports-chromium.sh [-o OUT_DIR] [--live REPORT_HTML] RUN_FOLDER RUN_FOLDER [RUN_FOLDER ...]
#
# Writes OUT_DIR/report/{report.html,report.png} for the first run (report.html as it is in the run
# folder: run `critdamp report` first to rewrite it) and OUT_DIR/compare/{compare.html,compare.png}
# (default OUT_DIR: bench/results), and the checks' results to OUT_DIR/chromium-checks.log. --live: also a report.html copied from a run folder while the run trained (it must
# reload itself and say the run is in progress): OUT_DIR/report/{live-report.html,live-report.png}.
# Needs chromium (apt-get install -y chromium) and the critdamp launcher (CRITDAMP, default deploy/critdamp).
# Exit status 0 when every check passed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/results"
LIVE=""
while [[ "${1:-}" == -* ]]; do
  case "$1" in
    -o) OUT="$(realpath -m "${2:?-o needs a folder}")"; shift 2 ;;
    --live) LIVE="$(realpath "${2:?--live needs a report.html}")"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
(( $# >= 2 )) || { echo "usage: $0 [-o OUT_DIR] [--live REPORT_HTML] RUN_FOLDER RUN_FOLDER [RUN_FOLDER ...]" >&2; exit 2; }
CRITDAMP="${CRITDAMP:-$ROOT/deploy/critdamp}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[[ -n "$CHROMIUM" ]] || { echo "chromium not found: apt-get install -y chromium" >&2; exit 2; }
mkdir -p "$OUT/report" "$OUT/compare"

passes=0
failures=0
LOG="$OUT/chromium-checks.log"
echo "# $(date -u +%FT%TZ) $("$CHROMIUM" --version 2>/dev/null): $*" > "$LOG"
check() {  # check NAME STATUS(0: passed) DETAIL-WHEN-FAILED
  local line
  if [[ "$2" == 0 ]]; then line="ok   $1"; passes=$((passes + 1)); else line="FAIL $1: $3"; failures=$((failures + 1)); fi
  echo "$line" | tee -a "$LOG"
}

# chromium MODE PAGE OUT_FILE HEIGHT: MODE dom (DOM after scripts ran, console on stderr) or png (screenshot)
chromium() {
  local profile; profile="$(mktemp -d)"
  local flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
               --disable-component-update --disable-sync --user-data-dir="$profile" --window-size="1400,$4")
  if [[ "$1" == dom ]]; then
    "$CHROMIUM" "${flags[@]}" --enable-logging=stderr --v=0 --virtual-time-budget=10000 --dump-dom \
      "file://$2" > "$3" 2> "$3.console" || true
  else
    "$CHROMIUM" "${flags[@]}" --screenshot="$3" "file://$2" > /dev/null 2>&1 || true
  fi
  rm -rf "$profile"
}

# JavaScript errors and failed loads Chromium reported on its console
console_errors() {
  grep -E 'CONSOLE|Uncaught|ERR_FILE_NOT_FOUND|ERR_NAME|net::ERR' "$1" | grep -viE 'dbus|gpu|sandbox' || true
}

local_path() { [[ "$1" == file:* ]] && echo "${1#file:}" || realpath -m "$1"; }

# 1. The first run's report.html
run="$(local_path "$1")"
cp "$run/report.html" "$OUT/report/report.html"
page="$OUT/report/report.html"
chromium dom "$page" "$OUT/report/report-dom.html" 2400
chromium png "$page" "$OUT/report/report.png" 6400
dom="$OUT/report/report-dom.html"
errors="$(console_errors "$dom.console")"
check "report: no console errors" "$([[ -z "$errors" ]]; echo $?)" "$errors"
imgs="$(grep -o '<img alt="[^"]*" src="data:image/png;base64,' "$dom" | wc -l)"
check "report: charts inlined ($imgs)" "$([[ $imgs -ge 5 ]]; echo $?)" "expected at least 5 <img> data URIs"
check "report: provenance section" "$(grep -q '<h2>Provenance</h2>' "$dom"; echo $?)" "no Provenance heading"
check "report: best epoch names its split" "$(grep -q 'chosen on validation' "$dom"; echo $?)" "no 'chosen on validation'"
check "report: final (no reload tag)" "$(! grep -q 'http-equiv="refresh"' "$dom"; echo $?)" "reload tag present"
check "report: screenshot" "$([[ -s "$OUT/report/report.png" ]]; echo $?)" "no screenshot"

# 2. A report written while its run trained
if [[ -n "$LIVE" ]]; then
  cp "$LIVE" "$OUT/report/live-report.html"
  page="$OUT/report/live-report.html"
  chromium dom "$page" "$OUT/report/live-dom.html" 1200
  chromium png "$page" "$OUT/report/live-report.png" 1200
  dom="$OUT/report/live-dom.html"
  check "live report: reload tag" "$(grep -q '<meta http-equiv="refresh" content="[0-9]*">' "$dom"; echo $?)" "none"
  check "live report: in-progress banner" "$(grep -q '<p class="live">Run in progress: epoch' "$dom"; echo $?)" "none"
  check "live report: screenshot" "$([[ -s "$OUT/report/live-report.png" ]]; echo $?)" "no screenshot"
  rm -f "$dom" "$dom.console"
fi

# 3. The compare page of all runs
"$CRITDAMP" compare "$@" -o "$OUT/compare/compare.html"
page="$OUT/compare/compare.html"
chromium dom "$page" "$OUT/compare/compare-dom.html" 3600
chromium png "$page" "$OUT/compare/compare.png" 3600
dom="$OUT/compare/compare-dom.html"
errors="$(console_errors "$dom.console")"
check "compare: no console errors" "$([[ -z "$errors" ]]; echo $?)" "$errors"
canvases="$(grep -o '<canvas id="[^"]*"' "$dom" | wc -l)"
rendered="$(grep -o 'data-charts-rendered="[0-9]*"' "$dom" | grep -o '[0-9]*' || echo 0)"
check "compare: all $canvases charts drawn by Chart.js" "$([[ $canvases -ge 5 && "$rendered" == "$canvases" ]]; echo $?)" \
  "canvases $canvases, rendered '$rendered'; status: $(grep -o '<p id="chart-status"[^<]*' "$dom")"
check "compare: canvases sized" "$(grep -q '<canvas id="acc-epoch"[^>]*height="[1-9]' "$dom"; echo $?)" \
  "Chart.js did not size the canvas"
check "compare: screenshot" "$([[ -s "$OUT/compare/compare.png" ]]; echo $?)" "no screenshot"
rm -f "$OUT"/report/*-dom.html* "$OUT"/compare/*-dom.html*

echo "chromium checks: $passes passed, $failures failed" | tee -a "$LOG"
(( failures == 0 ))
