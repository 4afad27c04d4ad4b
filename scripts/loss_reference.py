#!/usr/bin/python3
"""Reference numbers for SigmoidCrossEntropyReferenceTest, computed by PyTorch in float64.

Writes src/test/resources/reference/sigmoid_cross_entropy.csv: for each case, the logits, targets and
pos_weight given to torch.nn.functional.binary_cross_entropy_with_logits (BCEWithLogitsLoss), and
what nnpipe's sigmoid_cross_entropy must equal: the per-sample loss (reduction='none', summed over
the outputs, as docs/config.md defines it) and autograd's gradient of the batch mean of those sums.
Run from the repository root with Debian's PyTorch:  /usr/bin/python3 scripts/loss_reference.py
"""
import csv
import os

import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join("src", "test", "resources", "reference", "sigmoid_cross_entropy.csv")

# name: (batch, width, logits, targets, pos_weight or None)
CASES = {
    "binary": (4, 1, [2.5, -0.75, 0.0, 13.0], [1, 0, 1, 0], None),
    "multi_label": (3, 4, [1.25, -3.5, 0.125, 5.75, -0.5, 2.0, -6.0, 0.875, 3.25, -1.125, 4.5, -2.25],
                    [1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0], None),
    "soft": (2, 3, [0.3, -1.7, 2.9, -0.05, 0.6, -4.2], [0.25, 0.9, 0.5, 0.1, 0.0, 0.75], None),
    "pos_weight": (3, 2, [0.7, -2.1, 1.9, 0.0, -0.4, 3.3], [1, 0, 0, 1, 1, 1], [3.0]),
    "pos_weight_each": (2, 3, [-1.5, 0.25, 2.75, 0.9, -3.1, -0.2], [1, 1, 0, 0.5, 1, 0], [0.5, 2.0, 10.0]),
    "extreme": (2, 6, [1e3, -1e3, 1e300, -1e300, 40.0, -40.0, 745.0, -745.0, 1e-20, -1e-20, 36.5, -708.0],
                [0, 1, 0.5, 1, 1, 0, 0, 1, 1, 0, 0.5, 0.25], None),
}


def rows(name, batch, width, logits, targets, pos_weight):
    z = torch.tensor(logits).reshape(batch, width).requires_grad_(True)
    t = torch.tensor(targets, dtype=torch.float64).reshape(batch, width)
    pw = None if pos_weight is None else torch.tensor(pos_weight)
    per = torch.nn.functional.binary_cross_entropy_with_logits(z, t, pos_weight=pw, reduction="none")
    losses = per.sum(dim=1)
    (losses.sum() / batch).backward()
    out = []
    for kind, values in (("logit", logits), ("target", targets), ("pos_weight", pos_weight or []),
                         ("loss", losses.tolist()), ("grad", z.grad.reshape(-1).tolist())):
        for i, v in enumerate(values):
            out.append([name, batch, width, kind, i, repr(float(v))])
    return out


def main():
    with open(OUT, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "batch", "width", "kind", "index", "value"])
        for name, case in CASES.items():
            w.writerows(rows(name, *case))
    print("wrote", OUT, "with torch", torch.__version__)


if __name__ == "__main__":
    main()
