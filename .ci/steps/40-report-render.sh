#!/usr/bin/env bash
# 40-report-render.sh - the classroom report and the backtest page open in
# headless Chromium: the SVG charts are in the rendered DOM and screenshots
# are taken (tests/render/check_report.sh; installs
# chromium on a fresh machine).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/render/check_report.sh build/cybernorms
