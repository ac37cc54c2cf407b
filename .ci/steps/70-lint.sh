#!/usr/bin/env bash
# 70-lint.sh - cppcheck and clang-tidy (configuration: .clang-tidy), zero
# findings.  Scope: the files whose findings the hardening work fixed (the
# loader, scenario writer, suggestions, CLI, output, statistics, progress,
# errors, metrics) and the fuzz harnesses; the model and the newer command
# modules are added to LINT_FILES as their owners clear their findings.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v cppcheck >/dev/null 2>&1 || ! command -v clang-tidy >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    cppcheck clang-tidy >/dev/null
fi
make build/config.mk >/dev/null
LINT_FILES="sim/load.c sim/scenario.c sim/suggest.c sim/cli.c sim/output.c sim/stats.c
            sim/progress.c sim/error.c sim/metrics.c tests/fuzz/fuzz_load.c tests/fuzz/fuzz_set.c"
INC="-Iinclude -Itests -D_POSIX_C_SOURCE=200809L"
echo "cppcheck: $(echo $LINT_FILES | wc -w) files"
cppcheck --enable=warning,performance,portability --std=c11 --inline-suppr --error-exitcode=1 -q \
  --suppress=missingIncludeSystem $INC $LINT_FILES
echo "clang-tidy: $(echo $LINT_FILES | wc -w) files"
# shellcheck disable=SC2086
out=$(clang-tidy -quiet $LINT_FILES -- -std=c11 $INC $(pkg-config --cflags gsl libconfig) 2>&1) || {
  echo "$out" | grep -E -A3 '(warning|error):'; echo "clang-tidy: findings"; exit 1; }
echo "lint: zero findings"
