#!/usr/bin/env bash
# 45-mpi.sh - sweeps under MPI (sim/mpi.c, docs/cluster.md): install Open
# MPI, build with `make MPI=1` (build/mpi), then tests/test_mpi.sh runs
# small sweeps once in one process and once with
# `mpirun --oversubscribe -np 3` (rank 0 hands out the units, two workers
# compute them) and compares the exported tables (md, csv) and every table
# of the two stores byte for byte; also -np 1, the MPI binary without
# mpirun, shards under MPI merged, a bad scenario, and the master/worker
# protocol test (build/mpi/tests/test_mpi under mpirun).  About a minute
# on 2 cores, most of it installing and building.
set -euo pipefail
cd "$(dirname "$0")/../.."
need=""
command -v mpicc >/dev/null 2>&1 || need="$need libopenmpi-dev openmpi-bin"
command -v sqlite3 >/dev/null 2>&1 || need="$need sqlite3"
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq $need > /dev/null
  else
    echo "45-mpi.sh: needs:$need (sudo apt-get install$need)" >&2
    exit 1
  fi
fi
make -s -j2 build/cybernorms
make -s -j2 MPI=1 build/mpi/cybernorms build/mpi/tests/test_mpi
NP=3 bash tests/test_mpi.sh
