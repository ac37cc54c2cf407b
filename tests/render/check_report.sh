#!/usr/bin/env bash
# tests/render/check_report.sh [BIN] - the HTML pages render in a real
# browser: (1) run a small scenario and build its report, (2) backtest the
# history library (backtest.html); open each in headless Chromium, check in
# the rendered DOM that every SVG chart of the file is there, and take a
# screenshot (results/ci/report.png, results/ci/backtest.png, for a person
# to look at).  Installs chromium with apt-get when missing and run as root
# (CI).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-build/cybernorms}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# render_check NAME HTML MIN_SVG MIN_CIRCLES MIN_RECTS PNG: refuses a page
# that refers outside itself or is over 2 MB, opens it in headless
# Chromium, checks that every <svg> of the file is in the rendered DOM with
# at least the given numbers of charts, circles and rects, and takes a
# screenshot to PNG; sets $size and $rendered.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "check_report: installing chromium" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq chromium >/dev/null 2>&1 || {
      apt-get update -qq >/dev/null
      apt-get install -y -qq chromium >/dev/null
    }
  else
    echo "check_report: chromium is missing; install it with: sudo apt-get install chromium" >&2
    exit 1
  fi
fi

chrome() {
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$tmp")" "$@"
}

render_check() {
  local name=$1 html=$2 min_svg=$3 min_circles=$4 min_rects=$5 png=$6
  size=$(wc -c < "$html")
  if [ "$size" -ge 2097152 ]; then
    echo "$name: $html is $size bytes (limit 2 MB)" >&2; exit 1
  fi
  if grep -Eq 'https?://|<script|<link| src=' "$html"; then
    echo "$name: $html refers to something outside itself:" >&2
    grep -Eo '.{0,40}(https?://|<script|<link| src=).{0,40}' "$html" | head -5 >&2
    exit 1
  fi
  local want got circles rects
  want=$(grep -o '<svg ' "$html" | wc -l)
  chrome --dump-dom "file://$html" > "$tmp/dom.html" 2> "$tmp/chrome.log" || {
    echo "$name: chromium failed:" >&2; tail -20 "$tmp/chrome.log" >&2; exit 1; }
  got=$(grep -o '<svg ' "$tmp/dom.html" | wc -l)
  circles=$(grep -o '<circle ' "$tmp/dom.html" | wc -l)
  rects=$(grep -o '<rect ' "$tmp/dom.html" | wc -l)
  if [ "$want" -lt "$min_svg" ] || [ "$got" -ne "$want" ] || [ "$circles" -lt "$min_circles" ] \
     || [ "$rects" -lt "$min_rects" ]; then
    echo "$name: rendered DOM has $got of $want <svg>, $circles <circle>, $rects <rect>" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$png")"
  chrome --window-size=1400,3000 --hide-scrollbars --screenshot="$tmp/shot.png" \
    "file://$html" >> "$tmp/chrome.log" 2>&1 || {
    echo "$name: screenshot failed:" >&2; tail -20 "$tmp/chrome.log" >&2; exit 1; }
  local bytes
  bytes=$(wc -c < "$tmp/shot.png")
  if [ "$bytes" -lt 20000 ]; then
    echo "$name: screenshot is only $bytes bytes: blank page?" >&2; exit 1
  fi
  cp "$tmp/shot.png" "$png"
  rendered=$got
}

[ -x "$BIN" ] || make -s "$BIN"

start=$(date +%s)
"$BIN" run scenarios/default.cfg --replications 300 --out "$tmp/run" --quiet
"$BIN" report "$tmp/run" >/dev/null
render_check check_report "$tmp/run/report.html" 4 10 10 results/ci/report.png
echo "check_report: ok: $size bytes, $rendered charts rendered, screenshot results/ci/report.png" \
  "($(( $(date +%s) - start ))s)"

start=$(date +%s)
"$BIN" backtest scenarios/history --replications 100 --out "$tmp/bt" --quiet
# 17 real episodes (a circle each), 2 recorded votes (3 + 3 bars and a key each)
render_check check_report "$tmp/bt/backtest.html" 3 17 16 results/ci/backtest.png
echo "check_report: ok: backtest.html $size bytes, $rendered charts rendered, screenshot" \
  "results/ci/backtest.png ($(( $(date +%s) - start ))s)"
