#!/usr/bin/env python3
"""Reads an image folder (one subfolder per class, PNG images) the way docs/data.md says nnpipe
reads it, with an independent PNG decoder (zlib and the PNG filters, no imaging library), and
prints what a run records: the class names, the number of samples, the folder's SHA-256 (run.yaml
`data.train`), and the mean and population std per channel of the values scaled by 1/255 (what
`scale: 255` + `normalize: train` record in run.yaml), each sum taken left to right in sample order.

Usage: scripts/image_folder_check.py FOLDER [CHANNELS] [LIMIT]
Reads 8-bit gray (CHANNELS 1) or RGB (CHANNELS 3) non-interlaced PNGs; others are out of its scope.
Compare its numbers with run.yaml's: they must be equal to the last digit.
"""
import hashlib
import math
import os
import struct
import sys
import zlib


def decode(data):
    """The samples of an 8-bit gray or RGB PNG as channels-first planes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    w, h, depth, ctype, _, _, interlace = header
    assert depth == 8 and ctype in (0, 2) and interlace == 0, "only 8-bit gray/RGB, not interlaced"
    bpp = 1 if ctype == 0 else 3
    raw, stride = zlib.decompress(idat), w * bpp
    rows, prev = [], [0] * stride
    for y in range(h):
        f, line = raw[y * (stride + 1)], raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
        cur = []
        for x in range(stride):
            a = cur[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            v = line[x]
            if f == 1:
                v += a
            elif f == 2:
                v += b
            elif f == 3:
                v += (a + b) // 2
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                v += a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            cur.append(v & 255)
        rows.append(cur)
        prev = cur
    planes = [[row[x * bpp + k] for row in rows for x in range(w)] for k in range(bpp)]
    return planes, bpp


def main():
    root = sys.argv[1]
    channels = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    # Python orders str by code point, as nnpipe does
    classes = sorted(d for d in os.listdir(root) if not d.startswith(".") and os.path.isdir(os.path.join(root, d)))
    samples = [(c, f) for c in classes
               for f in sorted(x for x in os.listdir(os.path.join(root, c)) if not x.startswith("."))]
    if limit:
        samples = samples[:limit]
    lines, values = [], [[] for _ in range(channels)]
    for c, f in samples:
        data = open(os.path.join(root, c, f), "rb").read()
        lines.append(hashlib.sha256(data).hexdigest() + "  " + c + "/" + f + "\n")
        planes, bpp = decode(data)
        for k in range(channels):
            values[k].extend(v / 255 for v in planes[k if bpp == 3 else 0])
    print("class_names:", classes)
    print("samples:", len(samples))
    print("sha256:", hashlib.sha256("".join(lines).encode("utf-8")).hexdigest())
    means, stds = [], []
    for xs in values:
        s = 0.0
        for v in xs:
            s += v
        mean = s / len(xs)
        q = 0.0
        for v in xs:
            q += (v - mean) * (v - mean)
        means.append(mean)
        stds.append(math.sqrt(q / len(xs)))
    print("mean:", [repr(m) for m in means])
    print("std:", [repr(s) for s in stds])


if __name__ == "__main__":
    main()
