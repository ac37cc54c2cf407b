#!/usr/bin/env bash
# 60-valgrind.sh - valgrind memcheck on the end-to-end CLI: run (small
# replications, 1 and 2 threads), check, and every bad input of tests/bad
# (check and run), backtest, narrate and play on small fixtures, and the
# classroom server's tests (tests/test_classroom.c, tests/test_game.c).
# Zero errors and zero definite or indirect leaks, or the
# step fails.  The one suppression (.ci/valgrind.supp) is a leak inside
# libconfig 1.5 on syntax errors (see sim/load_prescan.c).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v valgrind >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends valgrind >/dev/null
fi
BIN=${CN_BIN:-build/cybernorms}
[ -n "${CN_BIN:-}" ] || make -j2 build/cybernorms >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --suppressions=.ci/valgrind.supp --log-file="$tmp/vg.%p")
fails=0; n=0
# expect STATUS CMD...: runs CMD under valgrind; its exit status must be STATUS
expect() {
  local want=$1; shift
  n=$((n + 1))
  set +e; "${VG[@]}" "$BIN" "$@" >/dev/null 2>"$tmp/err"; local st=$?; set -e
  if [ "$st" != "$want" ] || [ -n "$(cat "$tmp"/vg.* 2>/dev/null)" ]; then
    echo "valgrind: exit $st (want $want): cybernorms $*"; cat "$tmp/err" "$tmp"/vg.* 2>/dev/null | head -40
    fails=$((fails + 1))
  fi
  rm -f "$tmp"/vg.*
}
expect 0 run scenarios/default.cfg --replications 20 --threads 1 --out "$tmp/r1" --no-progress
expect 0 run scenarios/default.cfg --replications 20 --threads 2 --out "$tmp/r2" --no-progress
expect 2 run scenarios/default.cfg --replications 20 --out "$tmp/r2" --quiet   # refuses: exists
expect 0 run tests/data/cli_tiny.cfg --out "$tmp/r2" --force --quiet
expect 0 check scenarios/default.cfg
expect 0 check tests/data/full.cfg --set model.beta=12 --set states.USA.ideal.form=0.4
expect 2 check tests/data/minimal.cfg --set model.btea=3
expect 0 --help
expect 0 backtest tests/data/bt_lib --replications 20 --threads 2 --out "$tmp/bt" --quiet
expect 0 backtest tests/data/bt_lib/bt_vote.cfg --threads 1 --out "$tmp/bt" --quiet
expect 0 narrate tests/data/nr_vote.cfg
expect 0 play tests/data/bt_lib/bt_vote.cfg --as AAA --replications 20 --threads 1 </dev/null
expect 0 play tests/data/class_small.cfg --as "Dorsalia,South Elbonia" --replications 10 </dev/null
# the classroom server: its HTTP tests run the server in the test's own
# process (libmicrohttpd's threads, the game's thread, the debrief's)
for t in test_classroom test_game; do
  n=$((n + 1))
  [ -x "build/tests/$t" ] || make -j2 "build/tests/$t" >/dev/null
  set +e; CN_BIN="$BIN" "${VG[@]}" "build/tests/$t" >"$tmp/out" 2>&1; st=$?; set -e
  if [ "$st" != 0 ] || [ -n "$(cat "$tmp"/vg.* 2>/dev/null)" ]; then
    echo "valgrind: exit $st: build/tests/$t"; tail -20 "$tmp/out"; cat "$tmp"/vg.* 2>/dev/null | head -40
    fails=$((fails + 1))
  fi
  rm -f "$tmp"/vg.*
done
for f in tests/bad/*.cfg; do
  expect 2 check "$f"
done
for f in tests/bad/syntax_error.cfg tests/bad/string_syntax_error.cfg tests/bad/include_loop.cfg \
         tests/bad/too_many_states.cfg tests/bad/threshold_above.cfg; do
  expect 2 run "$f" --out "$tmp/bad" --no-progress
done
[ ! -e "$tmp/bad" ] || [ -z "$(ls -A "$tmp/bad")" ] || { echo "valgrind: bad input left files"; fails=$((fails + 1)); }
echo "valgrind: $n commands, $fails with errors, leaks or a wrong exit status"
[ "$fails" = 0 ]
