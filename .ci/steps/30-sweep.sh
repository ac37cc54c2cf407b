#!/usr/bin/env bash
# 30-sweep.sh - the what-if library (scenarios/whatif/, docs/sweeps.md):
# every sweep validates (each point loaded with its overrides), and each
# runs end to end with a few replications into a scratch store, then
# exports in every format.  The sweep tests proper are in `make test`.
set -euo pipefail
make -s build/cybernorms
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in scenarios/whatif/*.cfg; do
  name=$(basename "$f" .cfg)
  build/cybernorms sweep "$f" --dry-run --threads 2 > "$tmp/$name.dry"
  build/cybernorms sweep "$f" --replications 40 --threads 2 --db "$tmp/$name.sqlite" --quiet
  for fmt in md csv tex html text; do
    build/cybernorms export "$tmp/$name.sqlite" --format "$fmt" > "$tmp/$name.$fmt"
    test -s "$tmp/$name.$fmt"
  done
  echo "$name: ok"
done
