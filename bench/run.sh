#!/usr/bin/env bash
# The benchmark, in one command: builds the pipeline and the benchmark jar, then trains the same
# workloads in nnpipe and in PyTorch (Debian's python3-torch, OpenBLAS) in the same run and prints
# samples/s, the ratio to PyTorch and peak memory, plus matrix-multiply GFLOP/s and whole-process
# start-up. Results, machine and method: docs/benchmarks.md.
#
#   bench/run.sh [--repeat N] [--scale K] [--quick]   (N rounds, medians reported, default 3;
#                                                     workloads K times smaller; --quick: a smoke test)
#
# Needs: Java 17+, Maven, /usr/bin/python3 with torch (apt-get install -y python3-torch
# libopenblas0-pthread). Takes about 3 minutes a round, ~9 minutes for the default 3, on a quiet 2-core machine (far longer on a busy one).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    echo "bench/run.sh: PyTorch is missing: apt-get install -y python3-torch libopenblas0-pthread" >&2
    exit 2
fi
echo "== building target/pipeline.jar and bench/jmh/target/benchmarks.jar" >&2
mvn -q -B -DskipTests package
mvn -q -B -f bench/jmh/pom.xml package
exec /usr/bin/python3 bench/compare.py "$@"
