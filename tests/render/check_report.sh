#!/usr/bin/env bash
# tests/render/check_report.sh [BIN] - the HTML report renders in a real
# browser: run a small scenario, build its report, open it in headless
# Chromium, check in the rendered DOM that the SVG charts exist, and take a
# screenshot (results/ci/report.png, for a person to look at).
# Installs chromium with apt-get when missing and run as root (CI).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-build/cybernorms}
start=$(date +%s)

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
[ -x "$BIN" ] || make -s "$BIN"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BIN" run scenarios/default.cfg --replications 300 --out "$tmp/run" --quiet
"$BIN" report "$tmp/run"
html="$tmp/run/report.html"

size=$(wc -c < "$html")
if [ "$size" -ge 2097152 ]; then
  echo "check_report: report.html is $size bytes (limit 2 MB)" >&2; exit 1
fi
if grep -Eq 'https?://|<script|<link| src=' "$html"; then
  echo "check_report: report.html refers to something outside itself:" >&2
  grep -Eo '.{0,40}(https?://|<script|<link| src=).{0,40}' "$html" | head -5 >&2
  exit 1
fi
want=$(grep -o '<svg ' "$html" | wc -l)

chrome() {
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$tmp")" "$@"
}
chrome --dump-dom "file://$html" > "$tmp/dom.html" 2> "$tmp/chrome.log" || {
  echo "check_report: chromium failed:" >&2; tail -20 "$tmp/chrome.log" >&2; exit 1; }
got=$(grep -o '<svg ' "$tmp/dom.html" | wc -l)
circles=$(grep -o '<circle ' "$tmp/dom.html" | wc -l)
rects=$(grep -o '<rect ' "$tmp/dom.html" | wc -l)
if [ "$want" -lt 4 ] || [ "$got" -ne "$want" ] || [ "$circles" -lt 10 ] || [ "$rects" -lt 10 ]; then
  echo "check_report: rendered DOM has $got of $want <svg>, $circles <circle>, $rects <rect>" >&2
  exit 1
fi

mkdir -p results/ci
chrome --window-size=1400,3000 --hide-scrollbars --screenshot="$tmp/report.png" \
  "file://$html" >> "$tmp/chrome.log" 2>&1 || {
  echo "check_report: screenshot failed:" >&2; tail -20 "$tmp/chrome.log" >&2; exit 1; }
png=$(wc -c < "$tmp/report.png")
if [ "$png" -lt 20000 ]; then
  echo "check_report: screenshot is only $png bytes: blank page?" >&2; exit 1
fi
cp "$tmp/report.png" results/ci/report.png
echo "check_report: ok: $size bytes, $got charts rendered, screenshot results/ci/report.png" \
  "($(( $(date +%s) - start ))s)"
