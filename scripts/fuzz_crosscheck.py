#!/usr/bin/python3
"""Differential fuzzing of training: random valid configs, against PyTorch and across thread counts.

    /usr/bin/python3 scripts/fuzz_crosscheck.py [--seed S] [--cases N] [--first I]
                                                [--failures DIR] [--work DIR] [--keep] [--large]
                                                [--no-extras]

Each case is generated from (seed, index) alone, so `--seed S --first I --cases 1` regenerates
case I exactly. For every case the script writes a config and the data files it names into a
temporary folder (inline samples, CSV and IDX files, plain and gzip), then

1. trains it with target/pipeline.jar with `--threads 1` and `--threads 3` (and `--threads 2`
   for one case in three), niced, and checks that the run folders are byte-identical; the only
   line allowed to differ is `run.yaml`'s `threads:` (docs/reproducibility.md: the manifest
   records the thread count);
2. runs scripts/crosscheck_torch.py CONFIG --run DIR (PyTorch float64: every step's loss, the
   test metrics of every epoch, the final weights and running statistics, within 1e-9 relative
   to max(1, |x|)); configs with dropout are checked for determinism only (PyTorch draws its own
   masks).

A failure (a crash, an exit code other than 0, different files across thread counts, a
disagreement with PyTorch) is printed as one line and the case (config, data, runs, logs) is
copied to --failures (default /tmp/fuzz-failures). A disagreement is first measured against
PyTorch's own sensitivity: PyTorch trained again with every other initial weight moved by one
ulp; when that moves PyTorch at least a tenth as far as nnpipe is from it (in the step losses and
the final weights, each where beyond 1e-9), the training amplifies rounding (chaotic steps, Adam
on gradients that are zero in exact arithmetic) and the case is reported as such (SENS), saved,
and not counted as a failure. Every case's result is appended as one JSON line to
results.jsonl in --work (default /tmp/fuzz-work), from which the summary is computed.

The generator only produces configs valid per docs/config.md: shape-valid networks (conv kernels
up to the padded input, pool padding at most half the kernel), batch sizes that give batch norm at
least two values per channel in every batch, split fractions leaving samples on both sides,
labels below the number of outputs, and, under Adam, no bias that can reach a batch_norm as a
constant shift (through dense, unpadded conv, ReLU, pooling), nor such a batch_norm beta, nor,
under a softmax loss, a bias that shifts every logit alike (a last conv with one output channel):
its gradient is zero in exact arithmetic, and Adam amplifies the rounding noise, which differs between the implementations
(docs/config.md, "Checked against PyTorch"); and no batch_norm in a network where a channel can be
constant (zero weights, or a conv whose windows all lie in the padding): there x - mean is rounding
noise, divided by sqrt(epsilon), and at a ReLU's kink (beta 0) that noise picks the branch.

--large generates ordinary networks instead of tiny ones (a case takes seconds, not a fraction of
one): images of 1 or 3 channels and 28-32 pixels a side or vectors of 64-784 values, in CSV or IDX
files with class labels; convs of 8-64 output channels (33 and 48 too), 3x3 and 5x5 kernels (1x1
sometimes), stride 1 or 2, padding 0-2; 2x2 and 3x3 max and avg pools with stride 2 or 3 and
padding; dense layers of 10-257 units (95-97, 127-129, 255, 257: the matrix product's panel
edges); 1, 2, 10 or 100 outputs; batches of 1, 7, 32, 64, 100, 128 or all; 64-200 samples, one or
two epochs, no trace. These shapes take the matrix product's, the conv weight gradient's and the
pools' paths for real networks, which the tiny shapes barely reach. Without --large every case is
generated exactly as before.

The components added later (`sigmoid_cross_entropy` with and without `pos_weight` in place of a
final sigmoid + `binary_cross_entropy`; `adamw` (amsgrad) and `rmsprop` (momentum, centered) in
place of Adam; `clip_grad_norm` and `clip_grad_value` under any optimizer) are drawn from a stream
of their own, ("extras", seed, index), after the rest of the case, so every earlier seed's case is
still generated exactly as it was and then may get them; `--no-extras` leaves them out (the cases
as they were before they existed).

A run stopped by a non-finite loss (exit 3) must stop identically for every thread count, and
PyTorch's loss must first become non-finite at the same step after the same losses (within 1e-9, or
no farther than PyTorch moves from itself with one ulp moved: SENS).
"""
import argparse
import gzip
import json
import math
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import time
import warnings

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "pipeline.jar")
CROSSCHECK = os.path.join(ROOT, "scripts", "crosscheck_torch.py")
INITS = ["zeros", "ones", "constant", "uniform", "normal", "xavier_uniform", "xavier_normal", "he_uniform",
         "he_normal"]
LARGE_UNITS = [10, 32, 95, 96, 97, 127, 128, 129, 255, 257]  # panels of 128 columns, padded from 96
ACTIVATIONS = ["relu", "leaky_relu", "sigmoid", "tanh"]
IDX_TYPES = {"u1": (0x08, ">B"), "i1": (0x09, ">b"), "i2": (0x0B, ">h"), "i4": (0x0C, ">i"), "f4": (0x0D, ">f"),
             "f8": (0x0E, ">d")}


# ---- the generator -------------------------------------------------------------------------------

def out_size(n, k, s, p):
    return (n + 2 * p - k) // s + 1


def window(r, value):
    """An integer, or sometimes the same as [height, width]."""
    return list(value) if value[0] != value[1] or r.random() < 0.2 else value[0]


class Net:
    """Builds the layer list while tracking the running shape and the parameters' shapes."""

    def __init__(self, r, shape, adam, dropout, large=False):
        self.r, self.shape, self.adam, self.dropout, self.large = r, list(shape), adam, dropout, large
        self.layers, self.counts, self.names = [], {}, set()
        self.pending_bias = []  # (layer, key): biases and betas that may reach here as a constant shift
        self.bn_spatial = []  # values per channel per sample at every batch_norm
        self.constant_channels = False  # can a layer's output be the same for every sample?

    def add(self, spec):
        t = spec["type"]
        self.counts[t] = self.counts.get(t, 0) + 1
        if self.r.random() < 0.1:
            name = f"{t[:2]}{self.r.choice(['x', 'y', 'z'])}{len(self.layers)}"
            if name not in self.names:
                spec["name"] = name
        self.names.add(spec.get("name", f"{t}_{self.counts[t]}"))
        self.layers.append(spec)
        return spec

    def param(self, shape, kind):
        """A parameter value: default, an initializer id or mapping, explicit numbers, or false."""
        r = self.r
        size = math.prod(shape)
        roll = r.random()
        if kind == "bias" and roll < 0.15:
            return False
        if roll < 0.35:
            return None
        if roll < 0.45 and size <= 64:
            return nested([round(r.uniform(-0.5, 0.5), r.choice([2, 6, 17])) for _ in range(size)], shape)
        init = r.choice(INITS)
        if r.random() < 0.4:
            return init if init != "constant" else {"init": "constant", "value": round(r.uniform(-0.3, 0.3), 3)}
        m = {"init": init}
        if init == "constant":
            m["value"] = round(r.uniform(-0.3, 0.3), 3)
        elif init == "uniform":
            lo = round(r.uniform(-0.4, 0.0), 3)
            m.update({"low": lo, "high": round(lo + r.uniform(0.01, 0.5), 3)})
        elif init == "normal":
            m.update({"mean": round(r.uniform(-0.1, 0.1), 3), "std": round(r.uniform(0.01, 0.4), 3)})
        elif init not in ("zeros", "ones"):
            m["gain"] = round(r.uniform(0.3, 2.0), 2)
        return m

    def with_params(self, spec, params):
        for key, shape in params:
            v = self.param(shape, "bias" if key in ("bias", "beta") else "weight")
            if v is not None:
                spec[key] = v
        return spec

    def conv(self, big):
        if self.large:
            return self.large_conv()
        r = self.r
        c, h, w = self.shape
        pad = [r.choice([0, 0, 0, 1, 1, 2, 3]) for _ in range(2)]
        if r.random() < 0.6:
            pad[1] = pad[0]
        k = []
        for n, p in zip((h, w), pad):
            top = min(7, n + 2 * p)
            if r.random() < 0.15 and top > n:
                k.append(r.randint(n + 1, top))  # wider than the input, within the padded input
            else:
                k.append(r.randint(1, min(top, 5)))
        if r.random() < 0.6:
            k[1] = min(k[0], w + 2 * pad[1])
        stride = [r.choice([1, 1, 1, 2, 3]) for _ in range(2)]
        if r.random() < 0.7:
            stride[1] = stride[0]
        out = r.randint(1, 12 if big else 5)
        spec = {"type": "conv2d", "out_channels": out, "kernel": window(r, k)}
        if stride != [1, 1] or r.random() < 0.2:
            spec["stride"] = window(r, stride)
        if pad != [0, 0] or r.random() < 0.2:
            spec["padding"] = window(r, pad)
        if r.random() < 0.2:
            spec["in_channels"] = c
        self.with_params(spec, [("weight", [out, c, k[0], k[1]]), ("bias", [out])])
        self.add(spec)
        self.shape = [out, out_size(h, k[0], stride[0], pad[0]), out_size(w, k[1], stride[1], pad[1])]
        self.shifted(spec, uniform=pad == [0, 0])
        if not all(reaches(n, kk, ss, p) for n, kk, ss, p in zip((h, w), k, stride, pad)):
            self.constant_channels = True  # every window in the padding: the output is the bias
        self.zero_weights(spec)

    def large_conv(self):
        """--large: an ordinary conv of a real network: 8-64 outputs (33 and 48 too: a block of 32
        channels and a remainder), 3x3 and 5x5 kernels (1x1 sometimes), stride 1 or 2, padding 0-2."""
        r = self.r
        c, h, w = self.shape
        k = min(r.choice([1, 3, 3, 3, 5, 5]), h, w)
        pad = r.choice([0, 0, 1, 2]) if k > 1 else 0
        stride = r.choice([1, 1, 2])
        out = r.choice([8, 16, 24, 32, 33, 48, 64])
        if out * c * k * k * h * w > 20_000_000:
            stride = 2  # a few seconds a case: about 40 million multiply-adds a sample at most
        spec = {"type": "conv2d", "out_channels": out, "kernel": k}
        if stride != 1:
            spec["stride"] = stride
        if pad:
            spec["padding"] = pad
        self.with_params(spec, [("weight", [out, c, k, k]), ("bias", [out])])
        self.add(spec)
        self.shape = [out, out_size(h, k, stride, pad), out_size(w, k, stride, pad)]
        self.shifted(spec, uniform=pad == 0)
        self.zero_weights(spec)

    def large_pool(self):
        """--large: 2x2 or 3x3 max/avg pool, stride 2 or 3, padding up to half the kernel."""
        r = self.r
        c, h, w = self.shape
        k = min(r.choice([2, 2, 3]), h, w)
        stride = r.choice([k, 2, 3])
        pad = r.choice([0, k // 2])
        t = r.choice(["max_pool2d", "max_pool2d", "avg_pool2d"])
        spec = {"type": t, "kernel": k}
        if stride != k:
            spec["stride"] = stride
        if pad:
            spec["padding"] = pad
            if t == "avg_pool2d" and r.random() < 0.5:
                spec["count_include_pad"] = False
        self.add(spec)
        self.shape = [c, out_size(h, k, stride, pad), out_size(w, k, stride, pad)]
        if t == "avg_pool2d" and pad and spec.get("count_include_pad", True):
            self.pending_bias = []

    def conv_head(self, softmax_loss):
        """A last conv whose kernel covers the input (or all but one row/column): few outputs.
        With one output channel, its bias and any constant shift per channel reaching it (it is
        unpadded) shift every logit alike; under a softmax loss their gradient is then zero in
        exact arithmetic, and Adam amplifies the rounding noise (as before a batch_norm)."""
        r = self.r
        c, h, w = self.shape
        k = [max(1, h - r.choice([0, 0, 1])), max(1, w - r.choice([0, 0, 1]))]
        positions = (h - k[0] + 1) * (w - k[1] + 1)
        out = r.randint(1, max(1, 6 // positions))
        if softmax_loss and out * positions == 1:
            out = 2  # a softmax over one output is refused (it is always 1: nothing is learned)
        spec = {"type": "conv2d", "out_channels": out, "kernel": window(r, k)}
        self.with_params(spec, [("weight", [out, c, k[0], k[1]]), ("bias", [out])])
        if self.adam and softmax_loss and out == 1:
            for layer, key in self.pending_bias + [(spec, "bias")]:
                layer[key] = False
        self.add(spec)
        self.shape = [out, h - k[0] + 1, w - k[1] + 1]

    def tiling_max_pool(self):
        """A max pool whose windows tile the input (stride = kernel, no padding, the kernel
        dividing both sides): after a ReLU, nnpipe fuses the two backward passes."""
        c, h, w = self.shape
        k = [self.r.choice([d for d in range(1, 5) if n % d == 0 and (d > 1 or n < 2 or n % 2)]) for n in (h, w)]
        self.add({"type": "max_pool2d", "kernel": window(self.r, k)})
        self.shape = [c, h // k[0], w // k[1]]

    def pool(self):
        if self.large:
            return self.large_pool()
        r = self.r
        c, h, w = self.shape
        k, pad = [], []
        for n in (h, w):
            for _ in range(20):
                kk = r.randint(1, 4)
                p = r.choice([0, 0, 0, kk // 2])
                if n + 2 * p >= kk:
                    break
            else:
                kk, p = 1, 0
            k.append(kk)
            pad.append(p)
        if r.random() < 0.6 and k[0] <= w + 2 * pad[0]:
            k[1], pad[1] = k[0], pad[0]
        t = r.choice(["max_pool2d", "avg_pool2d"])
        spec = {"type": t, "kernel": window(r, k)}
        stride = list(k)
        if r.random() < 0.4:
            stride = [r.randint(1, 3), r.randint(1, 3)]
            if r.random() < 0.6:
                stride[1] = stride[0]
            spec["stride"] = window(r, stride)
        if pad != [0, 0] or r.random() < 0.1:
            spec["padding"] = window(r, pad)
        if t == "avg_pool2d" and r.random() < 0.5:
            spec["count_include_pad"] = r.random() < 0.5
        self.add(spec)
        self.shape = [c, out_size(h, k[0], stride[0], pad[0]), out_size(w, k[1], stride[1], pad[1])]
        if t == "avg_pool2d" and pad != [0, 0] and spec.get("count_include_pad", True):
            self.pending_bias = []  # counted padded zeros make the shift non-uniform

    def batch_norm(self):
        r = self.r
        spec = {"type": "batch_norm"}
        if r.random() < 0.3:
            spec["momentum"] = round(r.uniform(0.01, 0.9), 3)
        if r.random() < 0.3:
            spec["epsilon"] = r.choice([1e-3, 1e-5, 0.1])
        self.with_params(spec, [("gamma", [self.shape[0]]), ("beta", [self.shape[0]])])
        if self.adam:
            for layer, key in self.pending_bias:
                layer[key] = False
        self.add(spec)
        self.bn_spatial.append(math.prod(self.shape[1:]))
        self.pending_bias = [(spec, "beta")] if spec.get("beta", True) is not False else []

    def activation(self, allow_softmax=True):
        r = self.r
        t = "softmax" if allow_softmax and r.random() < 0.04 else r.choice(ACTIVATIONS)
        spec = {"type": t}
        if t == "leaky_relu" and r.random() < 0.6:
            spec["negative_slope"] = r.choice([0.2, -0.3, 0.0, 0.05, 1.5])
        self.add(spec)
        if t not in ("relu", "leaky_relu"):  # piecewise linear: the identity where all are active
            self.pending_bias = []

    def zero_weights(self, spec):
        w = spec.get("weight")
        if w == "zeros" or isinstance(w, dict) and (w["init"] == "zeros" or w.get("value") == 0):
            self.constant_channels = True

    def shifted(self, spec, uniform):
        """After a conv/dense layer: a constant shift before it stays one (unless padding makes
        it vary over positions), and its own bias is one."""
        if not uniform:
            self.pending_bias = []
        if spec.get("bias", True) is not False:
            self.pending_bias.append((spec, "bias"))

    def maybe_dropout(self):
        if self.dropout and self.r.random() < 0.5:
            spec = {"type": "dropout"}
            if self.r.random() < 0.7:
                spec["rate"] = self.r.choice([0.0, 0.1, 0.3, 0.5, 0.9])
            self.add(spec)

    def dense(self, units, last=False):
        inputs = math.prod(self.shape)
        spec = {"type": "dense", "units": units}
        if self.r.random() < 0.2:
            spec["inputs"] = inputs
        self.with_params(spec, [("weight", [inputs, units]), ("bias", [units])])
        w = spec.get("weight")
        if self.large and last and units > 1 and (w in ("zeros", "ones", "constant") or isinstance(w, dict) and w[
                "init"] in ("zeros", "ones", "constant")):
            # --large: equal weights give every output the same value (an argmax decided by each
            # tool's rounding: the accuracies differ) and send the exact zero sum of a softmax's
            # gradient back (Adam then steps on rounding noise); tiny cases keep them
            del spec["weight"]
        self.add(spec)
        self.shape = [units]
        self.shifted(spec, uniform=True)
        self.zero_weights(spec)


def reaches(n, k, s, p):
    """Does some window of a conv (kernel k, stride s, padding p) over n values cover a real one?"""
    return any(i * s - p + k - 1 >= 0 and i * s - p <= n - 1 for i in range(out_size(n, k, s, p)))


def nested(flat, shape):
    if len(shape) == 1:
        return flat
    step = len(flat) // shape[0]
    return [nested(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def network(r, shape, head, big, adam, dropout, large=False):
    """The layers for an input of `shape`; head = (outputs, final activation or None, whether the
    loss is a softmax over all outputs)."""
    net = Net(r, shape, adam, dropout, large)
    outputs, final, softmax_loss = head
    if len(shape) == 3:
        for _ in range(r.choice([0, 1, 1, 2, 2, 3])):
            if r.random() < 0.85:
                net.conv(big)
            else:
                net.pool()
            if r.random() < 0.25:
                net.batch_norm()
            if r.random() < 0.7:
                net.activation()
            if net.layers[-1]["type"] == "relu" and r.random() < 0.5:
                net.tiling_max_pool()
            elif r.random() < 0.35:
                net.pool()
            net.maybe_dropout()
        while large and math.prod(net.shape) > 4096 and min(net.shape[1:]) >= 2:
            net.add({"type": "max_pool2d", "kernel": 2})  # keeps the dense layer after it small
            net.shape = [net.shape[0], net.shape[1] // 2, net.shape[2] // 2]
        if final is None and not large and r.random() < 0.15:
            net.conv_head(softmax_loss)
            net.outputs = math.prod(net.shape)
            return net  # the conv output goes straight into the loss
        net.add({"type": "flatten"})
        net.shape = [math.prod(net.shape)]
    for _ in range(r.choice([0, 1, 1, 2])):
        net.dense(r.choice(LARGE_UNITS) if large else r.randint(1, 64 if big else 12))
        if r.random() < 0.2:
            net.batch_norm()
        if r.random() < 0.85:
            net.activation()
        net.maybe_dropout()
    net.dense(outputs, last=True)
    if final:
        net.add({"type": final})
    net.outputs = outputs
    return net


def head(r, large=False):
    """(loss, outputs, final activation, kind of targets)."""
    if large:  # a classifier (1, 2, 10 or 100 outputs) with class labels from a file
        loss = r.choice(["softmax_cross_entropy", "softmax_cross_entropy", "cross_entropy", "binary_cross_entropy",
                         "mse"])
        k = r.choice([1, 2, 10, 100]) if loss in ("binary_cross_entropy", "mse") else r.choice([2, 10, 10, 100])
        final = {"softmax_cross_entropy": None, "cross_entropy": "softmax", "mse": r.choice([None, "softmax"]),
                 "binary_cross_entropy": "sigmoid"}[loss]
        if k == 1 and final == "softmax":
            final = None  # a softmax of one value is 1 whatever the network: nothing to train
        return loss, k, final, "labels"
    loss = r.choice(["softmax_cross_entropy", "cross_entropy", "binary_cross_entropy", "mse"])
    if loss == "softmax_cross_entropy":
        return loss, r.randint(2, 5), None, r.choice(["labels", "labels", "onehot", "soft"])
    if loss == "cross_entropy":
        return loss, r.randint(2, 5), "softmax", r.choice(["labels", "labels", "onehot", "soft"])
    if loss == "binary_cross_entropy":
        if r.random() < 0.6:
            return loss, r.randint(1, 5), "sigmoid", r.choice(["labels", "multilabel", "multilabel"])
        return loss, r.randint(2, 4), "softmax", "labels"
    return loss, r.randint(1, 4), r.choice([None, None, "sigmoid", "tanh", "softmax"]), r.choice(
        ["labels", "regression", "regression"])


def classes(k):
    """The classes a network of k outputs takes: one-hot over k, or 0 and 1 for one output."""
    return 2 if k == 1 else k


def targets(r, kind, n, k):
    """Inline label/target entries for n samples."""
    out = []
    for _ in range(n):
        c = r.randrange(classes(k))
        if kind == "labels":
            out.append({"label": c})
        elif kind == "onehot":
            out.append({"label": [1 if i == c else 0 for i in range(k)]})
        elif kind == "soft":
            w = [r.random() + 0.01 for _ in range(k)]
            out.append({"target": [round(x / sum(w), 6) for x in w]})
        elif kind == "multilabel":
            out.append({"target": [r.choice([0, 1]) for _ in range(k)]})
        else:
            out.append({"target": [round(r.uniform(-1, 1), 4) for _ in range(k)]})
    return out


def values(r, kind, n, size):
    """n samples of `size` values of a value kind, and the `scale` that suits it (or None)."""
    if kind in ("f4", "f8"):
        kind = "float"
    if kind == "u1":
        return [[r.randint(0, 255) for _ in range(size)] for _ in range(n)], r.choice(
            [255, [0, 255], {"from": [0, 255], "to": [-1, 1]}])
    if kind == "i1":
        return [[r.randint(-128, 127) for _ in range(size)] for _ in range(n)], {"from": [-128, 127], "to": [-1, 1]}
    if kind in ("i2", "i4"):
        return [[r.randint(-300, 300) for _ in range(size)] for _ in range(n)], r.choice(
            [[-300, 300], {"from": [-300, 300], "to": [-0.5, 0.5]}])
    if kind == "small":
        return [[r.randint(0, 16) for _ in range(size)] for _ in range(n)], r.choice([[0, 16], 16])
    digits = r.choice([3, 6, 17])
    return [[round(r.gauss(0, 1), digits) for _ in range(size)] for _ in range(n)], r.choice(
        [None, None, None, {"from": [-3, 3], "to": [-1, 1]}])


def write_csv(path, rows, labels, gz, r):
    """A CSV of class labels (ints), or of target vectors (lists: leading columns target0, ...)."""
    fmt = r.choice(["plain", "spaced", "exp"])
    width = len(labels[0]) if isinstance(labels[0], list) else 0
    head = "label" if not width else "target" if width == 1 and r.random() < 0.5 else ",".join(
        f"target{i}" for i in range(width))
    last = r.random() < 0.3  # the label or targets after the inputs (found by name)
    inputs = ",".join(f"p{i}" for i in range(len(rows[0])))
    lines = [inputs + "," + head if last else head + "," + inputs]
    for label, row in zip(labels, rows):
        if fmt == "exp":
            fields = [f"{v:.17e}" if isinstance(v, float) else str(v) for v in row]
        else:
            fields = [repr(v) for v in row]
        sep = " , " if fmt == "spaced" else ","
        tag = sep.join(repr(t) for t in label) if width else str(label)
        lines.append(sep.join(fields) + sep + tag if last else tag + sep + sep.join(fields))
        if r.random() < 0.05:
            lines.append("")
    data = ("\n".join(lines) + "\n").encode("ascii")
    with (gzip.open(path, "wb") if gz else open(path, "wb")) as f:
        f.write(data)


def write_idx(path, typ, dims, flat, gz):
    code, fmt = IDX_TYPES[typ]
    head = bytes([0, 0, code, len(dims)]) + b"".join(struct.pack(">i", d) for d in dims)
    body = struct.pack(">" + fmt[1] * len(flat), *flat)
    with (gzip.open(path, "wb") if gz else open(path, "wb")) as f:
        f.write(head + body)


def data_source(r, name, shape, n, k, target_kind, files, kind, large=False):
    """A data source holding n samples of a value kind, and the scale that suits them: inline, CSV
    or IDX (class labels), inline or CSV (target vectors: regression, soft and multi-label)."""
    size = math.prod(shape)
    form = r.choice(["inline", "inline", "csv"]) if target_kind in ("regression", "soft", "multilabel") \
        else "inline" if target_kind not in ("labels",) else r.choice(["inline", "csv", "csv", "idx", "idx"])
    if large:
        form = r.choice(["csv", "idx", "idx"])
    rows, scale = values(r, kind, n, size)
    if form == "idx":
        if kind == "small":
            kind = "u1"
        elif kind == "float":
            kind = r.choice(["f4", "f8"])
        if kind == "f4":
            rows = [[struct.unpack(">f", struct.pack(">f", v))[0] for v in row] for row in rows]
        labels = [r.randrange(classes(k)) for _ in range(n)]
        gz = r.random() < 0.5
        dims = [n] + (list(shape) if len(shape) == 3 and r.random() < 0.5 else
                      list(shape[1:]) if len(shape) == 3 and shape[0] == 1 else [size])
        images, lab = f"{name}-images.idx" + (".gz" if gz else ""), f"{name}-labels.idx" + (".gz" if gz else "")
        write_idx(os.path.join(files, images), kind, dims, [v for row in rows for v in row], gz)
        write_idx(os.path.join(files, lab), r.choice(["u1", "u1", "i2", "i4"]), [n], labels, r.random() < 0.5)
        return {"images": images, "labels": lab}, scale
    if form == "csv":
        if target_kind != "labels":
            labels = [list(t["target"]) for t in targets(r, target_kind, n, k)]
        else:
            labels = [r.randrange(classes(k)) for _ in range(n)]
        gz = r.random() < 0.5
        path = f"{name}.csv" + (".gz" if gz else "")
        write_csv(os.path.join(files, path), rows, labels, gz, r)
        return {"csv": path}, scale
    samples = []
    for row, t in zip(rows, targets(r, target_kind, n, k)):
        s = {"input": row}
        if len(shape) == 3 and r.random() < 0.5:
            s["input"] = nested(row, shape if shape[0] > 1 or r.random() < 0.5 else shape[1:])
        s.update(t)
        samples.append(s)
    return samples, scale


def with_limit(r, source, n):
    """Sometimes a `limit` on a file source: the samples read."""
    if isinstance(source, dict) and r.random() < 0.3:
        limit = r.choice([0, n, n + 5, max(1, n - r.randint(1, 3))])
        source["limit"] = limit
        return n if limit == 0 else min(n, limit)
    return n


def batch_size(r, n, bn_spatial, large=False):
    """A batch size (often not dividing n) that gives every batch norm >= 2 values per channel."""
    for _ in range(50):
        b = r.choice([1, 7, 32, 64, 64, 100, 128, n] if large else [1, 2, 3, 4, 5, 7, 8, n, n + 2, max(1, n // 2),
                                                                    max(1, n // 3)])
        sizes = [min(b, n)] + ([n % b] if n % b else [])
        if all(s * sp >= 2 for s in sizes for sp in bn_spatial):
            return b
    return None


def optimizer(r, epochs):
    adam = r.random() < 0.45
    if adam:
        o = {"type": "adam", "learning_rate": round(r.uniform(0.001, 0.05), 4)}
        if r.random() < 0.4:
            o["beta1"] = r.choice([0, round(r.uniform(0.0, 0.95), 3)])  # the range's ends: 0 and < 1
        if r.random() < 0.4:
            o["beta2"] = 0 if r.random() < 0.1 else round(r.uniform(0.8, 0.9999), 4)  # 0: sign-like steps
        if r.random() < 0.3:
            o["epsilon"] = r.choice([1e-6, 1e-8, 1e-3])
    else:
        o = {"type": "sgd", "learning_rate": round(r.uniform(0.005, 0.1), 4)}
        if r.random() < 0.5:
            o["momentum"] = r.choice([1.0, round(r.uniform(0.1, 0.95), 3)])
            if r.random() < 0.5:
                o["nesterov"] = True
    if r.random() < 0.35:
        o["weight_decay"] = r.choice([1e-4, 1e-3, 0.01, 0.05])
    kind = r.choice(["none", "constant", "step", "exponential", "cosine", "cosine"])
    if kind == "constant":
        o["schedule"] = r.choice(["constant", {"type": "constant"}])
    elif kind == "step":
        o["schedule"] = {"type": "step", "step_size": r.randint(1, 3)}
        if r.random() < 0.6:
            o["schedule"]["gamma"] = r.choice([1.5, round(r.uniform(0.1, 0.9), 2)])
    elif kind == "exponential":
        o["schedule"] = {"type": "exponential", "gamma": r.choice([1.1, round(r.uniform(0.3, 0.99), 3)])}
    elif kind == "cosine":
        o["schedule"] = "cosine" if r.random() < 0.3 else {"type": "cosine"}
        if isinstance(o["schedule"], dict) and r.random() < 0.6:
            o["schedule"]["period"] = r.choice([0, 1, 2, 3, epochs, epochs + 2])
        if isinstance(o["schedule"], dict) and r.random() < 0.5:
            o["schedule"]["min_rate"] = round(o["learning_rate"] * r.choice([1.5, r.uniform(0, 0.5)]), 5)
    return o, adam


def generate(r, files, large=False):
    """One random valid config (a dict) whose data files are written into `files`; and its tags.
    large: the shapes of ordinary networks instead of tiny ones (--large)."""
    big = r.random() < 0.2
    dropout = r.random() < 0.15
    if large:
        shape = [r.choice([1, 3]), r.randint(28, 32)] if r.random() < 0.75 else [r.choice([64, 95, 129, 256, 784])]
        if len(shape) == 2:
            shape.append(shape[1])
    elif r.random() < 0.75:
        shape = [r.randint(1, 3), r.randint(4, 14), r.randint(4, 14)]
        if r.random() < 0.5:
            shape[2] = shape[1]
    else:
        shape = [r.randint(1, 40 if big else 12)]
    loss, k, final, target_kind = head(r, large)
    epochs = r.randint(1, 2) if large else r.randint(1, 4)
    opt, adam = optimizer(r, epochs)
    net = network(r, shape, (k, final, loss == "softmax_cross_entropy"), big, adam, dropout, large)
    if net.constant_channels and net.bn_spatial:
        return None, None  # batch norm of a constant: x - mean is rounding noise over sqrt(eps)
    k = net.outputs
    n = r.randint(64, 200) if large else r.randint(40, 90) if big else r.randint(4, 40)
    cfg = {}
    if r.random() < 0.3:
        cfg["description"] = f"fuzz case: {loss}, {len(net.layers)} layers"
    if r.random() < 0.8:
        cfg["seed"] = r.choice([r.randint(0, 1000), r.randint(-2 ** 63, 2 ** 63 - 1)])
    cfg["epochs"] = epochs
    data = {"input_shape": shape}
    if r.random() < 0.2:
        data["classes"] = k
    kind = r.choice(["float", "float", "float", "small", "u1", "i1", "i2", "i4", "f4", "f8"])
    train, scale = data_source(r, "train", shape, n, k, target_kind, files, kind, large)
    n = with_limit(r, train, n)
    data["train"] = train
    n_train = n
    split = r.random()
    if split < 0.3 and n >= 2:
        f = round(r.uniform(0.1, 0.6), 2)
        if 1 <= math.floor(n * f + 0.5) <= n - 1:
            data["split"] = f if r.random() < 0.5 else {"test": f, "seed": r.randint(0, 99)}
            n_train = n - math.floor(n * f + 0.5)
    elif split < 0.65:
        m = r.randint(1, 25)
        test, _ = data_source(r, "test", shape, m, k, target_kind, files, kind, large)
        with_limit(r, test, m)
        data["test"] = test
    if scale is not None:
        data["scale"] = scale
    if r.random() < 0.3:
        channels = shape[0] if len(shape) == 3 else 1
        data["normalize"] = r.choice(["train", "train", {"from": "train"}, {"mean": round(r.uniform(-0.5, 0.5), 3),
                                                         "std": round(r.uniform(0.3, 2), 3)},
                                      {"mean": [round(r.uniform(-0.5, 0.5), 3) for _ in range(channels)],
                                       "std": [round(r.uniform(0.3, 2), 3) for _ in range(channels)]}])
    cfg["data"] = data
    b = batch_size(r, n_train, net.bn_spatial, large)
    if b is None:
        return None, None
    if b != 1 or r.random() < 0.3:
        cfg["batch_size"] = b
    if r.random() < 0.5:
        cfg["shuffle"] = r.random() < 0.8
    cfg["layers"] = net.layers
    cfg["loss"] = loss if r.random() < 0.8 else {"type": loss}
    cfg["optimizer"] = opt
    out = {}
    steps = epochs * math.ceil(n_train / b)
    if r.random() < 0.25 and not large:
        out["trace"] = r.choice([[1], "1-2", [steps], "all" if steps * (1 + big) <= 30 else [1, steps], "none"])
    if r.random() < 0.2:
        out["snapshot_every"] = r.randint(1, 3)
    if out:
        cfg["output"] = out
    tags = {"loss": loss, "targets": target_kind, "shape": shape, "optimizer": opt["type"], "big": big,
            "dropout": dropout, "layers": [l["type"] for l in net.layers], "samples": n_train, "batch": b,
            "epochs": epochs}
    return cfg, tags


def dump(cfg):
    return yaml.safe_dump(cfg, default_flow_style=None, sort_keys=False, width=120)


# ---- the driver ----------------------------------------------------------------------------------

def run(cmd, timeout=300):
    t = time.time()
    p = subprocess.run(["nice", "-n", "10"] + cmd, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr, time.time() - t


def files_of(folder):
    out = {}
    for base, _, names in os.walk(folder):
        for name in names:
            if not name.startswith("."):
                path = os.path.join(base, name)
                out[os.path.relpath(path, folder)] = path
    return out


def same_runs(a, b):
    """None when folders a and b hold the same bytes (run.yaml: all but its `threads:` line), else why."""
    fa, fb = files_of(a), files_of(b)
    if set(fa) != set(fb):
        return f"files differ: {sorted(set(fa) ^ set(fb))}"
    for rel, pa in sorted(fa.items()):
        with open(pa, "rb") as x, open(fb[rel], "rb") as y:
            da, db = x.read(), y.read()
        if rel == "run.yaml":
            da, db = (re.sub(rb"(?m)^threads: \d+$", b"threads: -", d) for d in (da, db))
        if da != db:
            return f"{rel} differs"
    return None


def diffs(text):
    """The largest relative differences crosscheck_torch.py printed."""
    got = {}
    for key, pattern in (("loss", r"per-step loss:\s+(\S+)"), ("weights", r"final weights:\s+(\S+)"),
                         ("learning_rate", r"learning rate:\s+(\S+);"), ("train_loss", r"train loss:\s+(\S+);"),
                         ("test_loss", r"test loss:\s+(\S+);")):
        m = re.search(pattern, text)
        if m:
            got[key] = float(m.group(1))
    return got


def reference_inputs(config, run_dir):
    """The reference script's module, and what it trains from: the config, the data (input shape,
    train and test sets) and nnpipe's initial weights (the run's first snapshot)."""
    sys.path.insert(0, os.path.dirname(CROSSCHECK))
    import crosscheck_torch as cc
    with open(config) as f:
        cfg = yaml.safe_load(f)
    shape, train, test = cc.load_data(cfg, os.path.dirname(config))
    snaps = sorted(os.listdir(os.path.join(run_dir, "weights")))
    initial = cc.read_snapshot(os.path.join(run_dir, "weights", snaps[0]))
    return cc, cfg, shape, train, test, initial


def sensitivity(config, run_dir):
    """How far PyTorch moves from itself when every other initial weight moves up by one ulp:
    (max relative difference of the step losses, of the final weights). A training whose own
    rounding is amplified this much cannot agree with another implementation more closely."""
    cc, cfg, shape, train, test, initial = reference_inputs(config, run_dir)
    moved = {k: [math.nextafter(v, math.inf) if i % 2 == 0 else v for i, v in enumerate(vs)]
             for k, vs in initial.items()}
    a = cc.train(cfg, list(shape), train, test, initial)
    b = cc.train(cfg, list(shape), train, test, moved)
    loss = max(cc.rel(x["loss"], y["loss"]) for x, y in zip(a[0], b[0]))
    weights = max(cc.rel(x, y) for k in a[2] for x, y in zip(a[2][k], b[2][k]))
    return loss, weights


def torch_stops_there(config, run_dir):
    """For a run stopped by a non-finite loss: does PyTorch's loss first become non-finite at the
    same step, after the same losses (within 1e-9)? None when nnpipe stopped for another value.
    When it stops at the same step after losses beyond 1e-9, "sensitive" if PyTorch moves at least
    a tenth as far from itself with every other initial weight one ulp up (saturated outputs
    before a divergence: a log of 1 - p where p rounds near 1, say)."""
    with open(os.path.join(run_dir, "run.yaml")) as f:
        if "the loss became" not in f.read():
            return None
    cc, cfg, shape, train, test, initial = reference_inputs(config, run_dir)
    with open(os.path.join(run_dir, "loss.csv")) as f:
        ours = [float(line.split(",")[3]) for line in f.read().splitlines()[1:]]
    theirs = [step["loss"] for step in cc.train(cfg, list(shape), train, test, initial)[0]]
    first = next((i for i, v in enumerate(theirs) if not math.isfinite(v)), None)
    if first != len(ours):
        return False
    apart = max([cc.rel(a, b) for a, b in zip(ours, theirs)], default=0.0)
    if apart <= 1e-9:
        return True
    moved = {k: [math.nextafter(v, math.inf) if i % 2 == 0 else v for i, v in enumerate(vs)]
             for k, vs in initial.items()}
    own = [step["loss"] for step in cc.train(cfg, list(shape), train, test, moved)[0]][:len(ours)]
    itself = max([cc.rel(a, b) for a, b in zip(theirs, own)], default=0.0)
    return "sensitive" if itself >= 0.1 * apart else False


def with_extras(x, cfg, tags):
    """Adds the later components to a generated case, drawn from x (a stream of their own, so the
    case itself is generated as before): sigmoid_cross_entropy on the logits in place of a final
    sigmoid + binary_cross_entropy, adamw or rmsprop in place of Adam (only there: adaptive steps
    amplify gradients that are zero in exact arithmetic, which the generator rules out only under
    Adam), and gradient clipping under any optimizer."""
    loss = cfg["loss"] if isinstance(cfg["loss"], str) else cfg["loss"]["type"]
    layers = cfg["layers"]
    if loss == "binary_cross_entropy" and layers[-1]["type"] == "sigmoid" and x.random() < 0.5:
        del layers[-1]
        spec = {"type": "sigmoid_cross_entropy"}
        if x.random() < 0.3:
            spec["pos_weight"] = x.choice([0, 0.5, 2, 3.5])
        cfg["loss"] = spec if len(spec) > 1 or x.random() < 0.2 else spec["type"]
        tags["loss"] = spec["type"]
        tags["layers"] = [l["type"] for l in layers]
    o = cfg["optimizer"]
    if o["type"] == "adam" and x.random() < 0.5:
        if x.random() < 0.5:
            o["type"] = "adamw"
            if x.random() < 0.3:
                o["amsgrad"] = True
        else:
            kept = {k: v for k, v in o.items() if k in ("learning_rate", "weight_decay", "schedule")}
            o.clear()
            o.update({"type": "rmsprop", **kept})
            if x.random() < 0.4:
                o["alpha"] = x.choice([0.9, 0.95, 0.999])
            if x.random() < 0.4:
                o["momentum"] = round(x.uniform(0.1, 0.9), 2)
            if x.random() < 0.4:
                o["centered"] = True
        tags["optimizer"] = o["type"]
    if x.random() < 0.2:
        o["clip_grad_norm"] = x.choice([0.05, 0.5, 1, 5])
    if x.random() < 0.15:
        o["clip_grad_value"] = x.choice([0.01, 0.1, 1])
    tags["clip"] = [k for k in ("clip_grad_norm", "clip_grad_value") if k in o]
    return cfg


def check(seed, index, work, keep, large=False, extras=True):
    r = random.Random(f"{seed}:{index}")
    case = os.path.join(work, f"case-{seed}-{index}")
    shutil.rmtree(case, ignore_errors=True)
    os.makedirs(case)
    for _ in range(20):
        cfg, tags = generate(r, case, large)
        if cfg is not None:
            break
    if extras:
        cfg = with_extras(random.Random(f"extras:{seed}:{index}"), cfg, tags)
    config = os.path.join(case, "config.yaml")
    with open(config, "w") as f:
        f.write(dump(cfg))
    result = {"seed": seed, "index": index, "tags": tags, "threads": {}}
    threads = [1, 3] + ([2] if r.random() < 1 / 3 else [])
    for t in threads:
        rc, _, err, secs = run(["java", "-jar", JAR, config, "--out", os.path.join(case, f"run-{t}"), "-q",
                                "--no-report", "--threads", str(t)])
        result["threads"][t] = {"exit": rc, "seconds": round(secs, 2)}
        if rc != 0:
            write_log(case, f"train-{t}.stderr", err)
            first = err.strip().splitlines()[0] if err.strip() else ""
            if rc != 3 or t != 1 and result["threads"][1]["exit"] != 3:
                result["failure"] = f"--threads {t} exit {rc}: {first}"
                return result, case
            result["diverged"] = first
    if any(v["exit"] != result["threads"][1]["exit"] for v in result["threads"].values()):
        result["failure"] = f"exit codes differ across threads: {result['threads']}"
        return result, case
    for t in threads[1:]:
        why = same_runs(os.path.join(case, "run-1"), os.path.join(case, f"run-{t}"))
        if why:
            result["failure"] = f"--threads 1 vs {t}: {why}"
            return result, case
    if "diverged" in result and not tags["dropout"]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            same = torch_stops_there(config, os.path.join(case, "run-1"))
        result["torch_stops_there"] = same
        if same is False:
            result["failure"] = "stopped by a non-finite loss where PyTorch did not (or after other losses)"
            return result, case
        if same == "sensitive":
            result["sensitive"] = ("stopped by a non-finite loss at the same step as PyTorch, after losses beyond "
                                   "1e-9 that PyTorch moves as far from itself (initial weights one ulp apart)")
            return result, case
    if tags["dropout"] or "diverged" in result:
        result["crosscheck"] = "skipped (dropout)" if tags["dropout"] else "skipped (training stopped, exit 3)"
        return result, case
    rc, out, err, secs = run(["/usr/bin/python3", CROSSCHECK, config, "--run", os.path.join(case, "run-1"),
                              "--jar", JAR])
    write_log(case, "crosscheck.out", out + err)
    result["crosscheck"] = {"exit": rc, "seconds": round(secs, 2), **diffs(out)}
    if rc == 1:
        own = sensitivity(config, os.path.join(case, "run-1"))
        result["torch_vs_itself"] = own
        cc = result["crosscheck"]
        beyond = [(mine, cc.get(key, 0)) for mine, key in zip(own, ("loss", "weights")) if cc.get(key, 0) > 1e-9]
        if beyond and all(mine >= 0.1 * theirs for mine, theirs in beyond):
            result["sensitive"] = (f"nnpipe vs PyTorch: loss {cc.get('loss', 0):.1e}, weights "
                                   f"{cc.get('weights', 0):.1e}; PyTorch vs itself with initial weights one "
                                   f"ulp apart: {own[0]:.1e}, {own[1]:.1e}")
            return result, case
    if rc != 0:
        last = (err.strip() or out.strip()).splitlines()
        result["failure"] = f"crosscheck exit {rc}: " + (last[-1] if last else "")
    return result, case


def write_log(case, name, text):
    with open(os.path.join(case, name), "w") as f:
        f.write(text)


def describe(tags):
    layers = ",".join(l.replace("_pool2d", "pool").replace("batch_norm", "bn") for l in tags["layers"])
    return (f"{tags['shape']} {layers} {tags['loss']}/{tags['targets']} {tags['optimizer']} "
            f"n={tags['samples']} b={tags['batch']} e={tags['epochs']}"
            + "".join(f" {k}" for k in tags.get("clip", [])))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--first", type=int, default=0, help="the index of the first case")
    ap.add_argument("--work", default="/tmp/fuzz-work")
    ap.add_argument("--failures", default="/tmp/fuzz-failures")
    ap.add_argument("--keep", action="store_true", help="keep every case's folder, not only failures")
    ap.add_argument("--large", action="store_true",
                    help="ordinary network shapes instead of tiny ones: 28-32 px images of 1 or 3 channels, convs of "
                         "8-64 channels, dense layers of up to 257 units, 1/2/10/100 outputs, batches of 1-128 "
                         "(regenerate a case with the same --large)")
    ap.add_argument("--no-extras", action="store_true",
                    help="leave out the components added later (sigmoid_cross_entropy, adamw, rmsprop, gradient "
                         "clipping): each seed's cases as they were generated before those existed")
    a = ap.parse_args()
    if not os.path.exists(JAR):
        sys.exit(f"no {JAR}: build it first with mvn -q -DskipTests package")
    os.makedirs(a.work, exist_ok=True)
    counts = {"ok": 0, "failed": 0, "determinism only": 0, "diverged": 0, "sensitive": 0}
    worst = {}
    for index in range(a.first, a.first + a.cases):
        result, case = check(a.seed, index, a.work, a.keep, a.large, not a.no_extras)
        with open(os.path.join(a.work, "results.jsonl"), "a") as f:
            f.write(json.dumps(result) + "\n")
        label = f"case {a.seed}:{index}"
        if "failure" in result:
            counts["failed"] += 1
            dest = os.path.join(a.failures, os.path.basename(case))
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(case, dest)
            print(f"FAIL {label}: {result['failure']} [{describe(result['tags'])}] -> {dest}", flush=True)
        elif "sensitive" in result:
            counts["sensitive"] += 1
            dest = os.path.join(a.failures, os.path.basename(case))
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(case, dest)
            print(f"SENS {label}: beyond 1e-9, as far as PyTorch from itself: {result['sensitive']} "
                  f"[{describe(result['tags'])}] -> {dest}", flush=True)
        else:
            cc = result["crosscheck"]
            if isinstance(cc, dict):
                counts["ok"] += 1
                for k in ("loss", "weights", "learning_rate", "train_loss", "test_loss"):
                    if k in cc and cc[k] >= worst.get(k, (0, None))[0]:
                        worst[k] = (cc[k], label)
                print(f"ok   {label}: loss {cc.get('loss', 0):.1e} weights {cc.get('weights', 0):.1e} "
                      f"[{describe(result['tags'])}]", flush=True)
            else:
                counts["diverged" if "diverged" in result else "determinism only"] += 1
                print(f"ok   {label}: threads identical, {cc} [{describe(result['tags'])}]", flush=True)
        if "failure" not in result and not a.keep:
            shutil.rmtree(case, ignore_errors=True)
    print(f"{a.cases} cases (seed {a.seed}, {a.first}..{a.first + a.cases - 1}): {counts['ok']} agree with PyTorch "
          f"and across threads, {counts['determinism only']} identical across threads (dropout), "
          f"{counts['diverged']} stopped by a non-finite value (exit 3) identically across threads, "
          f"{counts['sensitive']} beyond 1e-9 but no farther than PyTorch from itself (one ulp moved), "
          f"{counts['failed']} failed")
    for k, (v, where) in sorted(worst.items()):
        print(f"largest relative difference, {k}: {v:.3e} ({where})")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
