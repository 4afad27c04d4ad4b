#!/usr/bin/env bash
# Converts scikit-learn's copy of the 8x8 digits (64 pixel columns 0..16, then the label; no header)
# into the project's CSV format (header label,p0,...,p63; label first; values unchanged) at
# data/digits.csv.gz. The source ships in Debian's python3-sklearn:
#   apt-get download python3-sklearn && dpkg-deb -x python3-sklearn_*.deb x
#   scripts/convert-sklearn-digits.sh x/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
# gzip -n leaves out the name and time stamp, so the output is the same bytes on every run.
set -euo pipefail
src=${1:-/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz}
out=${2:-"$(dirname "$0")/../data/digits.csv.gz"}
if [ ! -f "$src" ]; then
    echo "error: $src not found (see the comment at the top of this script)" >&2
    exit 2
fi
gzip -dc "$src" | awk -F, '
    NR == 1 { printf "label"; for (i = 0; i < NF - 1; i++) printf ",p%d", i; printf "\n" }
    { if (NF != 65) { print "line " NR ": expected 65 fields, found " NF > "/dev/stderr"; exit 1 }
      printf "%d", $NF; for (i = 1; i < NF; i++) printf ",%d", $i; printf "\n" }' \
    | gzip -n -9 > "$out"
echo "wrote $out ($(gzip -dc "$out" | tail -n +2 | wc -l) samples)" >&2
