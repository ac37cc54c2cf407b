#!/usr/bin/env bash
# tests/test_mpi.sh - MPI sweeps give exactly what one process gives.
# Needs the MPI build (make MPI=1: build/mpi/cybernorms, build/mpi/tests/test_mpi)
# and the ordinary build/cybernorms; run from the repository root (CI:
# .ci/steps/45-mpi.sh).  Each sweep runs once with the ordinary binary and
# once under `mpirun -np NP` (default 3, oversubscribed: rank 0 hands out
# units, NP - 1 workers compute them), then:
#   - the exported tables (md, csv) are compared byte for byte;
#   - when the sqlite3 shell is installed, every table of the two stores
#     (aggregates to 20 significant digits: .mode quote) too.
# Also: the MPI binary without mpirun and with -np 1 (the single-process
# path), shards under MPI merged, and the protocol test under mpirun.
set -euo pipefail
NP=${NP:-3}
BIN=build/cybernorms
MBIN=build/mpi/cybernorms
MPIRUN=(mpirun --oversubscribe)
[ "$(id -u)" = 0 ] && MPIRUN+=(--allow-run-as-root)
# Shared memory without cross-process single copy (CMA needs ptrace rights
# that containers often lack); no network transports on one machine.
export OMPI_MCA_btl_vader_single_copy_mechanism=${OMPI_MCA_btl_vader_single_copy_mechanism:-none}
export OMPI_MCA_btl=${OMPI_MCA_btl:-self,vader}
for b in "$BIN" "$MBIN" build/mpi/tests/test_mpi; do
  [ -x "$b" ] || { echo "test_mpi.sh: $b missing (make && make MPI=1 tests)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

same_store() { # A B: exports and (with sqlite3) every table equal
  local a=$1 b=$2 f
  for f in md csv; do
    "$BIN" export "$a" --format $f > "$tmp/a.$f"
    "$BIN" export "$b" --format $f > "$tmp/b.$f"
    cmp "$tmp/a.$f" "$tmp/b.$f" || return 1
  done
  if command -v sqlite3 >/dev/null 2>&1; then
    local q="SELECT * FROM meta ORDER BY 1; SELECT * FROM factors ORDER BY 1;
      SELECT * FROM metrics ORDER BY 1; SELECT * FROM points ORDER BY 1;
      SELECT * FROM point_values ORDER BY 1, 2; SELECT * FROM batches ORDER BY 1, 2;
      SELECT * FROM batch_stats ORDER BY 1, 2, 3; SELECT * FROM point_stats ORDER BY 1, 2;"
    sqlite3 -cmd '.mode quote' "$a" "$q" > "$tmp/a.sql"
    sqlite3 -cmd '.mode quote' "$b" "$q" > "$tmp/b.sql"
    if sqlite3 "$a" "SELECT 1 FROM sqlite_master WHERE name = 'runs'" | grep -q 1; then
      sqlite3 -cmd '.mode quote' "$a" "SELECT * FROM runs ORDER BY 1, 2" >> "$tmp/a.sql"
      sqlite3 -cmd '.mode quote' "$b" "SELECT * FROM runs ORDER BY 1, 2" >> "$tmp/b.sql"
    fi
    cmp "$tmp/a.sql" "$tmp/b.sql" || return 1
  fi
}

check() { # NAME FILE ARGS...: single process vs mpirun -np NP
  local name=$1 file=$2
  shift 2
  local t0 t1 t2
  t0=$(date +%s%N)
  "$BIN" sweep "$file" "$@" --db "$tmp/$name.1.sqlite" --quiet
  t1=$(date +%s%N)
  "${MPIRUN[@]}" -np "$NP" "$MBIN" sweep "$file" "$@" --db "$tmp/$name.mpi.sqlite" --quiet
  t2=$(date +%s%N)
  if same_store "$tmp/$name.1.sqlite" "$tmp/$name.mpi.sqlite"; then
    printf '%-22s identical  (1 process %d ms, mpirun -np %s %d ms)\n' "$name" \
      $(((t1 - t0) / 1000000)) "$NP" $(((t2 - t1) / 1000000))
  else
    echo "$name: MPI run differs from the single process" >&2
    fail=1
  fi
}

# a grid of 7 points, 3 batches each, every replication kept
check grid-keep-runs tests/data/sw_grid.cfg --threads 1 --keep-runs
# adaptive replications on 193 states: batches until each interval is narrow
check footnotes-adaptive scenarios/whatif/footnotes.cfg --threads 1 --precision 0.1 \
  --max-replications 750
# a 28-point grid on 193 states
check incidents scenarios/whatif/incidents.cfg --threads 1 --replications 60

# the MPI binary without mpirun, and under mpirun -np 1: the single process
"$MBIN" sweep tests/data/sw_grid.cfg --threads 1 --keep-runs --db "$tmp/alone.sqlite" --quiet
"${MPIRUN[@]}" -np 1 "$MBIN" sweep tests/data/sw_grid.cfg --threads 1 --keep-runs \
  --db "$tmp/np1.sqlite" --quiet
for s in alone np1; do
  if same_store "$tmp/grid-keep-runs.1.sqlite" "$tmp/$s.sqlite"; then
    echo "grid, MPI binary ($s)   identical"
  else
    echo "grid, MPI binary ($s): differs" >&2; fail=1
  fi
done

# shards under MPI, merged
for i in 0 1; do
  "${MPIRUN[@]}" -np "$NP" "$MBIN" sweep tests/data/sw_grid.cfg --threads 1 --keep-runs \
    --shard $i/2 --db "$tmp/shard$i.sqlite" --quiet
done
"$BIN" merge "$tmp/merged.sqlite" "$tmp/shard0.sqlite" "$tmp/shard1.sqlite" > /dev/null 2>&1
if same_store "$tmp/grid-keep-runs.1.sqlite" "$tmp/merged.sqlite"; then
  echo "grid, MPI shards merged identical"
else
  echo "grid, MPI shards merged: differs" >&2; fail=1
fi

# a bad scenario: said once (by rank 0), exit status 2
set +e
"${MPIRUN[@]}" -np "$NP" "$MBIN" sweep tests/data/sw_bad_level.cfg --db "$tmp/bad.sqlite" \
  > "$tmp/bad.out" 2> "$tmp/bad.err"
st=$?
set -e
n=$(grep -c "setting 'sweep.factors.1'" "$tmp/bad.err" || true)
if [ "$st" = 2 ] && [ "$n" = 1 ] && [ ! -e "$tmp/bad.sqlite" ]; then
  echo "bad scenario under MPI  exit 2, said once"
else
  echo "bad scenario under MPI: exit $st, said $n times" >&2; fail=1
fi

# the master/worker protocol
if "${MPIRUN[@]}" -np "$NP" build/mpi/tests/test_mpi > "$tmp/proto.out" 2>&1; then
  echo "protocol test           passed"
else
  cat "$tmp/proto.out" >&2; fail=1
fi
exit $fail
