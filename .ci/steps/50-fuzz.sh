#!/usr/bin/env bash
# 50-fuzz.sh - the libFuzzer harnesses (mk/fuzz.mk, tests/fuzz/) for a
# bounded time: FUZZ_SECONDS per harness (default 60).  Any crash, leak,
# timeout or broken property fails the step and leaves the input in
# build/fuzz/ (turn it into tests/fuzz/regressions/...).  Prints the
# executions each harness reached.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v clang >/dev/null 2>&1 \
   || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    clang libclang-rt-dev >/dev/null
fi
seconds=${FUZZ_SECONDS:-60}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! make -j2 fuzz FUZZ_SECONDS="$seconds" >"$log" 2>&1; then
  grep -v -e '^#[0-9]' -e 'Suppressions used' -e '^ *count *bytes' -e '^ *[0-9]* *[0-9]* ' "$log" | tail -60
  echo "fuzz: FAILED (inputs in build/fuzz/)"
  exit 1
fi
# one "stat::number_of_executed_units" per harness, in FUZZ_HARNESSES order
paste -d' ' <(printf '%s\n' load set) \
  <(grep 'stat::number_of_executed_units' "$log" | awk '{print $2}') |
  while read -r h n; do echo "fuzz_$h: $n executions in ${seconds} s, nothing found"; done
