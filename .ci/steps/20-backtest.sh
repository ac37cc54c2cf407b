#!/usr/bin/env bash
# 20-backtest.sh - the ideal-point estimator passes its tests (derivatives,
# quadrature, synthetic recovery: tools/test_ideal.py), the world data
# (un193.cfg and the worlds of each year, un193-YYYY.cfg, and the report in
# docs/data.md), the General Assembly vote scenarios (scenarios/history/
# ga-*.cfg, derive_votes.py) and the public record of incidents are up to
# date with their scripts and sources (derive_world.py --check refits every
# world-year), and the whole history library scores what it was pinned at:
# `cybernorms backtest` (each episode at its run.replications) writes
# results/backtest.{md,csv}, and every episode's P(real outcome), with the
# mean counts of the recorded votes, must lie within the Monte Carlo band of
# tests/data/backtest_pinned.csv (tools/pin_backtest.py --check; a
# deliberate model change pins anew with --write and says why).
set -euo pipefail
command -v python3 >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3; }
python3 tools/test_ideal.py
python3 tools/derive_world.py --check
python3 tools/derive_votes.py --check
python3 tools/derive_attribution.py --check
make -s build/cybernorms
start=$(date +%s)
build/cybernorms backtest scenarios/history --threads 2 --out results
echo "backtest took $(( $(date +%s) - start )) s"
test -s results/backtest.md
python3 tools/pin_backtest.py --check results/backtest.csv
