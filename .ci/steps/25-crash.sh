#!/usr/bin/env bash
# 25-crash.sh - results are never lost (docs/robustness.md, section 3):
# 20 kill -9 at random moments of `run --force` over an existing result
# set, half of them inside the commit, each leaving the old or the new
# complete set (tests/test_crash.c); then a kill exactly at each rename
# of the commit, with a small LD_PRELOAD shim (tests/crash/kill_at_rename.c).
# `make test` runs the same test with 3 kills.
set -euo pipefail
cd "$(dirname "$0")/../.."
make -s build/cybernorms build/tests/test_crash
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -shared -fPIC -O2 -o "$tmp/kill_at_rename.so" tests/crash/kill_at_rename.c -ldl
CN_BIN=build/cybernorms CN_CRASH_KILLS=20 CN_CRASH_SHIM="$tmp/kill_at_rename.so" \
  build/tests/test_crash
