#!/usr/bin/env bash
# 20-backtest.sh - the world data and the public record of incidents are up
# to date with their scripts and sources, and the whole history library
# runs (under a minute on 2 cores)
# and writes results/backtest.md and results/backtest.csv.
set -euo pipefail
command -v python3 >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3; }
python3 tools/derive_world.py --check
python3 tools/derive_attribution.py --check
make -s build/cybernorms
start=$(date +%s)
build/cybernorms backtest scenarios/history --threads 2 --out results
end=$(date +%s)
echo "backtest took $((end - start)) s"
test $((end - start)) -lt 60
test -s results/backtest.md
test "$(wc -l < results/backtest.csv)" -eq 20
