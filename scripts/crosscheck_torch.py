#!/usr/bin/python3
"""Cross-checks an nnpipe training run against PyTorch, an independent implementation, in float64.

    /usr/bin/python3 scripts/crosscheck_torch.py CONFIG.yaml [--run RUN_DIR] [--reference DIR]

Without --run, trains CONFIG with target/pipeline.jar into a temporary folder first. Then it
rebuilds the same network in PyTorch from the config, loads nnpipe's initial weights
(weights/epoch-0000.csv), reads the same data files the same way (scaling and normalisation with
the same float64 operations, the same seeded split and per-epoch shuffle through a port of
nnpipe's generator, io.nnpipe.tensor.Rng), and trains with the same batches, optimizer and
schedule (PyTorch's own SGD/Adam and LR schedulers). It compares every step's loss, learning
rate, first sample and batch size (loss.csv), every epoch's train and test loss and accuracy
(epochs.csv; the train columns from the training passes, before each step's update) and the final
weights and running statistics (the last snapshot), and prints the largest differences. Exit 0 when they agree within --rtol (default
1e-9, relative to max(1, |value|)), 1 otherwise.

--reference DIR also writes PyTorch's numbers (torch-loss.csv, torch-weights.csv) there, which a
JUnit test compares with nnpipe's (src/test/resources/reference/crosscheck/).

Supported: conv2d, max_pool2d, avg_pool2d, flatten, dense, relu, leaky_relu, sigmoid, tanh,
softmax, batch_norm; losses softmax_cross_entropy, cross_entropy, binary_cross_entropy, mse,
sigmoid_cross_entropy (BCEWithLogitsLoss summed over the outputs, pos_weight); sgd (momentum,
nesterov, weight_decay), adam, adamw (amsgrad), rmsprop (momentum, centered); clip_grad_value and
clip_grad_norm (torch.nn.utils, value first); schedules constant, step, exponential, cosine; data
inline (class labels, one-hot labels or `target` vectors, whose sets have no accuracy), csv, idx,
split, scale, normalize; batch_norm with only one of gamma/beta (the other fixed at 1 or 0); a
network whose last layer is not flat (its output is the loss's input, row-major). Not dropout:
PyTorch draws its own masks.
"""
import argparse
import csv
import gzip
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import yaml

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


# ---- nnpipe's generator (io.nnpipe.tensor.Rng), bit for bit ------------------------------------

def _splitmix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Rng:
    def __init__(self, seed):
        x = seed & M64
        self.s = [_splitmix((x + GOLDEN * i) & M64) for i in range(1, 5)]

    @staticmethod
    def derive(seed, component):
        h = (seed & M64) ^ 0x6A09E667F3BCC909
        for ch in component:
            h = _splitmix(h ^ ord(ch))
        return Rng(h)

    def next_long(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & M64, 7) * 9) & M64
        t = (s1 << 17) & M64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_int(self, bound):
        limit = M64 % bound
        while True:
            r = self.next_long()
            if r <= M64 - limit:
                return r % bound

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.next_int(i + 1)
            a[i], a[j] = a[j], a[i]


# ---- data, as io.nnpipe.data reads it ------------------------------------------------------------

def _open(path):
    with open(path, "rb") as f:
        head = f.read(2)
    return gzip.open(path, "rb") if head == b"\x1f\x8b" else open(path, "rb")


def _read_csv(path, limit):
    """(inputs, labels, targets): the column named `label`, or the columns named target..., found by
    name anywhere in the header; every other column is an input value, in order."""
    labels, rows = [], []
    with _open(path) as f:
        lines = f.read().decode("ascii").splitlines()
    header = [x.strip() for x in lines[0].lstrip("\ufeff").split(",")]
    tcols = [c for c, h in enumerate(header) if h.startswith("target")]
    lcol = header.index("label") if "label" in header else None
    k = len(tcols)
    for line in lines[1:]:
        if not line.strip():
            continue
        fields = [x.strip() for x in line.split(",")]
        labels.append([float(fields[c]) for c in tcols] if k else int(fields[lcol]))
        rows.append([float(x) for c, x in enumerate(fields) if c != lcol and c not in tcols])
        if limit and len(labels) == limit:
            break
    if k:
        return np.array(rows, dtype=np.float64), None, np.array(labels, dtype=np.float64)
    return np.array(rows, dtype=np.float64), np.array(labels), None


def _read_idx(path):
    with _open(path) as f:
        data = f.read()
    types = {8: ">u1", 9: ">i1", 11: ">i2", 12: ">i4", 13: ">f4", 14: ">f8"}
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    values = np.frombuffer(data, dtype=types[data[2]], offset=4 + 4 * rank)
    return values.reshape(dims[0], -1).astype(np.float64)


def _inline_target(sample):
    """(class, target vector): a class index, a one-hot list, or a target vector (no class)."""
    if "target" in sample:
        return None, np.array(sample["target"], dtype=np.float64)
    label = sample["label"]
    if isinstance(label, list):
        return int(np.argmax(label)), np.array(label, dtype=np.float64)
    return int(label), None


def _source(spec, base, size):
    """(inputs, labels, targets): labels are None for target vectors, targets None for classes."""
    if isinstance(spec, list):
        x = np.array([np.array(s["input"], dtype=np.float64).reshape(-1) for s in spec])
        pairs = [_inline_target(s) for s in spec]
        if any(label is None for label, _ in pairs):
            return x, None, np.array([t for _, t in pairs])
        return x, np.array([label for label, _ in pairs]), None
    limit = spec.get("limit", 0)
    if "csv" in spec:
        x, y, t = _read_csv(os.path.join(base, spec["csv"]), limit)
        assert x.shape[1] == size, (x.shape, size)
        return x, y, t
    else:
        x = _read_idx(os.path.join(base, spec["images"]))
        y = _read_idx(os.path.join(base, spec["labels"])).reshape(-1).astype(int)
        if limit:
            x, y = x[:limit], y[:limit]
    assert x.shape[1] == size, (x.shape, size)
    return x, y, None


def _rows(s, rows):
    """The samples `rows` of set s = (inputs, labels, targets)."""
    return tuple(None if part is None else part[rows] for part in s)


def _seq_sum(v):
    """Left-to-right sum, as nnpipe adds (numpy's sum is pairwise)."""
    return float(np.cumsum(v)[-1])


def load_data(cfg, base):
    data = cfg["data"]
    shape = data["input_shape"]
    size = int(np.prod(shape))
    channels = shape[0] if len(shape) == 3 else 1
    train = _source(data["train"], base, size)
    test = _source(data["test"], base, size) if "test" in data else None
    if "split" in data:
        split = data["split"]
        frac = split["test"] if isinstance(split, dict) else split
        seed = split.get("seed", cfg.get("seed", 0)) if isinstance(split, dict) else cfg.get("seed", 0)
        n = len(train[0])
        order = list(range(n))
        Rng.derive(seed, "split").shuffle(order)
        k = int(math.floor(n * frac + 0.5))
        te, tr = sorted(order[:k]), sorted(order[k:])
        test = _rows(train, te)
        train = _rows(train, tr)
    scale = data.get("scale")
    if scale is not None:
        if isinstance(scale, (int, float)):
            f0, f1, t0, t1 = 0.0, float(scale), 0.0, 1.0
        elif isinstance(scale, list):
            f0, f1, t0, t1 = float(scale[0]), float(scale[1]), 0.0, 1.0
        else:
            f0, f1 = map(float, scale["from"])
            t0, t1 = map(float, scale.get("to", [0, 1]))
        fix = lambda x: (x - f0) / (f1 - f0) * (t1 - t0) + t0
        train = (fix(train[0]),) + train[1:]
        test = test and (fix(test[0]),) + test[1:]
    norm = data.get("normalize")
    if norm is not None:
        per = train[0].reshape(len(train[0]), channels, -1)
        if norm == "train" or "mean" not in norm:  # `train`, or `{from: train}` alone
            mean = [_seq_sum(per[:, c, :].reshape(-1)) / per[:, c, :].size for c in range(channels)]
            std = [math.sqrt(_seq_sum(((per[:, c, :] - mean[c]) ** 2).reshape(-1)) / per[:, c, :].size)
                   for c in range(channels)]
        else:
            mean = norm["mean"] if isinstance(norm["mean"], list) else [norm["mean"]] * channels
            std = norm["std"] if isinstance(norm["std"], list) else [norm["std"]] * channels
        m = np.repeat(np.array(mean, dtype=np.float64), size // channels)
        s = np.repeat(np.array(std, dtype=np.float64), size // channels)
        train = ((train[0] - m) / s,) + train[1:]
        test = test and ((test[0] - m) / s,) + test[1:]
    return shape, train, test


# ---- the network ---------------------------------------------------------------------------------

def _pair(v):
    return tuple(v) if isinstance(v, (list, tuple)) else (v, v)


def build(cfg):
    """Modules and their nnpipe names, built layer by layer for the running shape."""
    shape = [1] + list(cfg["data"]["input_shape"])
    counts, modules, names = {}, [], []
    for spec in cfg["layers"]:
        t = spec["type"]
        counts[t] = counts.get(t, 0) + 1
        name = spec.get("name", f"{t}_{counts[t]}")
        if t == "conv2d":
            m = nn.Conv2d(shape[1], spec["out_channels"], _pair(spec["kernel"]), _pair(spec.get("stride", 1)),
                          _pair(spec.get("padding", 0)), bias=spec.get("bias", True) is not False)
        elif t == "max_pool2d":
            k = _pair(spec["kernel"])
            m = nn.MaxPool2d(k, _pair(spec.get("stride", k)), _pair(spec.get("padding", 0)))
        elif t == "avg_pool2d":
            k = _pair(spec["kernel"])
            m = nn.AvgPool2d(k, _pair(spec.get("stride", k)), _pair(spec.get("padding", 0)),
                             count_include_pad=spec.get("count_include_pad", True))
        elif t == "flatten":
            m = nn.Flatten()
        elif t == "dense":
            m = nn.Linear(int(np.prod(shape[1:])), spec["units"], bias=spec.get("bias", True) is not False)
        elif t in ("relu", "sigmoid", "tanh"):
            m = {"relu": nn.ReLU(), "sigmoid": nn.Sigmoid(), "tanh": nn.Tanh()}[t]
        elif t == "leaky_relu":
            m = nn.LeakyReLU(spec.get("negative_slope", 0.01))
        elif t == "softmax":
            m = nn.Sequential(nn.Flatten(), nn.Softmax(dim=1), nn.Unflatten(1, shape[1:]))
        elif t == "batch_norm":
            gamma, beta = spec.get("gamma", True) is not False, spec.get("beta", True) is not False
            cls = nn.BatchNorm2d if len(shape) == 4 else nn.BatchNorm1d
            m = cls(shape[1], eps=spec.get("epsilon", 1e-5), momentum=spec.get("momentum", 0.1),
                    affine=gamma or beta)
            if gamma != beta:  # the one left out stays at its identity value (1 or 0), untrained
                (m.bias if gamma else m.weight).requires_grad_(False)
            m.nnpipe_params = (gamma, beta)
        else:
            sys.exit(f"crosscheck: layer type '{t}' is not supported (see the script's docstring)")
        m.eval()  # shape inference must not move batch-norm running statistics
        with torch.no_grad():
            shape = list(m(torch.zeros(shape)).shape)
        m.train()
        modules.append(m)
        names.append(name)
    return modules, names


def tensors(modules, names):
    """nnpipe (layer, param) -> (torch tensor, transposed?)."""
    out = {}
    for m, name in zip(modules, names):
        if isinstance(m, nn.Linear):
            out[(name, "weight")] = (m.weight, True)
        elif isinstance(m, nn.Conv2d):
            out[(name, "weight")] = (m.weight, False)
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            gamma, beta = m.nnpipe_params
            if gamma:
                out[(name, "gamma")] = (m.weight, False)
            if beta:
                out[(name, "beta")] = (m.bias, False)
            out[(name, "running_mean")] = (m.running_mean, False)
            out[(name, "running_var")] = (m.running_var, False)
            continue
        if getattr(m, "bias", None) is not None:
            out[(name, "bias")] = (m.bias, False)
    return out


def read_snapshot(path):
    values = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            values.setdefault((row["layer"], row["param"]), []).append(float(row["value"]))
    return values


def load_snapshot(ts, values):
    with torch.no_grad():
        for key, (t, transposed) in ts.items():
            v = torch.tensor(values[key])
            t.copy_(v.reshape(t.shape[::-1]).T if transposed else v.reshape(t.shape))


def flat(t, transposed):
    return (t.T if transposed else t).detach().reshape(-1).tolist()


# ---- training ------------------------------------------------------------------------------------

def _xlogy(t, p):
    """t·log p, and 0 where t = 0 (docs/config.md, "Losses": a term whose coefficient is 0 contributes
    0), its gradient too: torch.xlogy's gradient there is t/p, NaN at p = 0 (an output that
    underflowed to 0, where nnpipe's gradient is 0), and a plain torch.where leaks that NaN back
    through log's gradient. Here log only ever sees p where t != 0, and 1 elsewhere."""
    used = t != 0
    return torch.where(used, t * torch.log(torch.where(used, p, torch.ones_like(p))), torch.zeros_like(p))


def loss_fn(cfg):
    loss = cfg["loss"] if isinstance(cfg["loss"], str) else cfg["loss"]["type"]
    if loss == "softmax_cross_entropy":
        return lambda z, t: -(t * F.log_softmax(z, dim=1)).sum(dim=1).mean()
    if loss == "cross_entropy":
        return lambda p, t: -_xlogy(t, p).sum(dim=1).mean()
    if loss == "binary_cross_entropy":
        return lambda p, t: -(_xlogy(t, p) + _xlogy(1 - t, 1 - p)).sum(dim=1).mean()
    if loss == "mse":
        return lambda p, t: ((p - t) ** 2).mean(dim=1).mean()
    if loss == "sigmoid_cross_entropy":
        w = None if isinstance(cfg["loss"], str) else cfg["loss"].get("pos_weight")
        w = None if w is None else torch.tensor(w if isinstance(w, list) else [w], dtype=torch.float64)
        return lambda z, t: F.binary_cross_entropy_with_logits(z, t, pos_weight=w, reduction="none").sum(dim=1).mean()
    sys.exit(f"crosscheck: loss '{loss}' is not supported")


def optimizer(cfg, params):
    o = cfg["optimizer"]
    lr = o["learning_rate"]
    if o["type"] == "sgd":
        opt = torch.optim.SGD(params, lr=lr, momentum=o.get("momentum", 0.0), nesterov=o.get("nesterov", False),
                              weight_decay=o.get("weight_decay", 0.0))
    elif o["type"] == "adamw":
        opt = torch.optim.AdamW(params, lr=lr, betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)),
                                eps=o.get("epsilon", 1e-8), weight_decay=o.get("weight_decay", 0.01),
                                amsgrad=o.get("amsgrad", False))
    elif o["type"] == "rmsprop":
        opt = torch.optim.RMSprop(params, lr=lr, alpha=o.get("alpha", 0.99), eps=o.get("epsilon", 1e-8),
                                  momentum=o.get("momentum", 0.0), centered=o.get("centered", False),
                                  weight_decay=o.get("weight_decay", 0.0))
    else:
        opt = torch.optim.Adam(params, lr=lr, betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)),
                               eps=o.get("epsilon", 1e-8), weight_decay=o.get("weight_decay", 0.0))
    s = o.get("schedule", "constant")
    s = {"type": s} if isinstance(s, str) else s
    epochs = cfg["epochs"]
    sched = {
        "constant": lambda: None,
        "step": lambda: torch.optim.lr_scheduler.StepLR(opt, s["step_size"], s.get("gamma", 0.1)),
        "exponential": lambda: torch.optim.lr_scheduler.ExponentialLR(opt, s["gamma"]),
        "cosine": lambda: torch.optim.lr_scheduler.CosineAnnealingLR(opt, s.get("period", 0) or epochs,
                                                                     s.get("min_rate", 0.0)),
    }[s["type"]]()
    return opt, sched


def _targets(s, rows, classes):
    """The target vectors of `rows` of set s: its own, or its labels as targets: one-hot vectors,
    or for a network of one output the label itself, 0 or 1 (binary classification)."""
    if s[2] is not None:
        return torch.tensor(s[2][rows])
    if classes == 1:
        return torch.tensor(s[1][rows], dtype=torch.float64).reshape(-1, 1)
    return F.one_hot(torch.tensor(s[1][rows]), classes).double()


THRESHOLD = [0.5]  # one output's class 1 from here: 0.5, or 0 for sigmoid_cross_entropy's logits


def _predicted(out):
    """The predicted classes: the first maximum output, or for one output 1 when it is >= the
    threshold (0.5 for probabilities, 0 for sigmoid_cross_entropy's logits)."""
    if out.shape[1] == 1:
        return (out[:, 0] >= THRESHOLD[0]).long().numpy()
    return out.argmax(dim=1).numpy()


def _forward(model, x):
    """The network's output as one vector per sample (a conv output may go straight into the loss)."""
    out = model(x)
    return out.reshape(len(x), -1)


def evaluate(model, loss, data, classes, batch):
    """Test loss and accuracy (None for a set of target vectors, which has no classes)."""
    model.eval()
    n = len(data[0])
    total, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, n, batch):
            rows = list(range(start, min(n, start + batch)))
            out = _forward(model, torch.tensor(data[0][rows]))
            total += loss(out, _targets(data, rows, classes)).item() * len(rows)
            if data[1] is not None:
                correct += int((_predicted(out) == data[1][rows]).sum())
    model.train()
    return total / n, None if data[1] is None else correct / n


def train(cfg, shape, train_set, test_set, initial):
    modules, names = build(cfg)
    model = nn.Sequential(*modules)
    ts = tensors(modules, names)
    load_snapshot(ts, initial)
    model.eval()
    with torch.no_grad():
        classes = _forward(model, torch.zeros([1] + shape)).shape[1]
    model.train()
    loss = loss_fn(cfg)
    THRESHOLD[0] = 0.0 if (cfg["loss"] if isinstance(cfg["loss"], str) else cfg["loss"]["type"]) \
        == "sigmoid_cross_entropy" else 0.5
    trainables = [p for p in model.parameters() if p.requires_grad]
    opt, sched = optimizer(cfg, trainables)
    clip_value, clip_norm = cfg["optimizer"].get("clip_grad_value"), cfg["optimizer"].get("clip_grad_norm")
    batch = cfg.get("batch_size", 1)
    n = len(train_set[0])
    steps, epochs = [], []
    model.train()
    for epoch in range(1, cfg["epochs"] + 1):
        order = list(range(n))
        if cfg.get("shuffle", False):
            Rng.derive(cfg.get("seed", 0), f"shuffle/epoch-{epoch}").shuffle(order)
        total, correct = 0.0, 0
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            x = torch.tensor(train_set[0][idx]).reshape([len(idx)] + shape)
            opt.zero_grad()
            out = _forward(model, x)
            value = loss(out, _targets(train_set, idx, classes))
            value.backward()
            if clip_value is not None:
                torch.nn.utils.clip_grad_value_(trainables, clip_value)
            if clip_norm is not None:
                torch.nn.utils.clip_grad_norm_(trainables, clip_norm)
            rate = opt.param_groups[0]["lr"]
            opt.step()
            steps.append({"loss": value.item(), "learning_rate": rate, "sample": idx[0] + 1, "batch_size": len(idx)})
            total += value.item() * len(idx)
            if train_set[1] is not None:  # accuracy of the training pass, before the step's update
                correct += int((_predicted(out.detach()) == train_set[1][idx]).sum())
        if sched:
            sched.step()
        record = {"train_loss": total / n, "train_accuracy": None if train_set[1] is None else correct / n}
        if test_set is not None:
            test = (test_set[0].reshape([-1] + shape),) + test_set[1:]
            record["test_loss"], record["test_accuracy"] = evaluate(model, loss, test, classes, batch)
        epochs.append(record)
    final = {key: flat(t, tr) for key, (t, tr) in ts.items()}
    return steps, epochs, final


# ---- comparison ----------------------------------------------------------------------------------

def rel(a, b):
    """|a - b| / max(1, |a|, |b|); 0 for the same infinity or two NaNs, infinite when only one side is
    NaN or infinite (never NaN, which max() would silently pass over)."""
    if a == b or math.isnan(a) and math.isnan(b):  # also the same infinity (a saturated test output)
        return 0.0
    if not (math.isfinite(a) and math.isfinite(b)):
        return math.inf
    return abs(a - b) / max(1.0, abs(a), abs(b))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("config")
    ap.add_argument("--run", help="an nnpipe run folder of CONFIG (default: train it now)")
    ap.add_argument("--jar", default="target/pipeline.jar")
    ap.add_argument("--rtol", type=float, default=1e-9)
    ap.add_argument("--reference", help="also write PyTorch's numbers into this folder")
    a = ap.parse_args()
    with open(a.config) as f:
        cfg = yaml.safe_load(f)
    if any(l["type"] == "dropout" for l in cfg["layers"]):
        sys.exit("crosscheck: dropout masks are drawn by each tool's own generator; remove dropout to compare")
    run = a.run
    if run is None:
        run = tempfile.mkdtemp(prefix="crosscheck-")
        try:
            subprocess.run(["java", "-jar", a.jar, "-q", a.config, "--out", run], check=True)
            return compare(a, cfg, run)
        finally:
            shutil.rmtree(run)
    return compare(a, cfg, run)


def compare(a, cfg, run):
    shape, train_set, test_set = load_data(cfg, os.path.dirname(os.path.abspath(a.config)))
    snaps = sorted(os.listdir(os.path.join(run, "weights")))
    initial = read_snapshot(os.path.join(run, "weights", snaps[0]))
    steps, epochs, final = train(cfg, list(shape), train_set, test_set, initial)
    losses = [s["loss"] for s in steps]

    with open(os.path.join(run, "loss.csv")) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(steps), (len(rows), len(steps))
    loss_diff = max(rel(float(r["loss"]), s["loss"]) for r, s in zip(rows, steps))
    rate_diff = max(rel(float(r["learning_rate"]), s["learning_rate"]) for r, s in zip(rows, steps))
    batches_same = all(int(r["sample"]) == s["sample"] and int(r["batch_size"]) == s["batch_size"]
                       for r, s in zip(rows, steps))
    last = read_snapshot(os.path.join(run, "weights", snaps[-1]))
    weight_diff, worst = 0.0, None
    for key, values in final.items():
        d = max(rel(x, y) for x, y in zip(last[key], values))
        if d >= weight_diff:
            weight_diff, worst = d, key
    print(f"config: {a.config}; nnpipe run: {run}; torch {torch.__version__} float64, 1 thread")
    print(f"steps: {len(losses)}; loss first {losses[0]:.6f}, last {losses[-1]:.6f} (torch)")
    print(f"max relative difference of the per-step loss:   {loss_diff:.3e}")
    print(f"max relative difference of the learning rate:   {rate_diff:.3e}; batches (first sample, size) "
          + ("the same" if batches_same else "DIFFER"))
    print(f"max relative difference of the final weights:   {weight_diff:.3e} (at {worst[0]} {worst[1]})")
    ok = loss_diff <= a.rtol and weight_diff <= a.rtol and rate_diff <= a.rtol and batches_same
    with open(os.path.join(run, "epochs.csv")) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(epochs), (len(rows), len(epochs))
    for side in ["train"] + (["test"] if test_set is not None else []):
        lo = max(rel(float(r[f"{side}_loss"]), e[f"{side}_loss"]) for r, e in zip(rows, epochs))
        if epochs[-1][f"{side}_accuracy"] is None:  # target vectors: no classes, the column stays empty
            acc = 0.0 if all(r[f"{side}_accuracy"] == "" for r in rows) else math.inf
        else:
            acc = max(abs(float(r[f"{side}_accuracy"]) - e[f"{side}_accuracy"]) for r, e in zip(rows, epochs))
            print(f"final {side} accuracy: nnpipe {float(rows[-1][f'{side}_accuracy']):.4f}, "
                  f"torch {epochs[-1][f'{side}_accuracy']:.4f}")
        print(f"max relative difference of the {side} loss:{' ' * (6 - len(side))}      {lo:.3e}; "
              f"of the {side} accuracy: {acc:.3e}")
        ok = ok and lo <= a.rtol and acc == 0
    if a.reference:
        os.makedirs(a.reference, exist_ok=True)
        with open(os.path.join(a.reference, "torch-loss.csv"), "w") as f:
            f.write("step,loss\n" + "".join(f"{i + 1},{v!r}\n" for i, v in enumerate(losses)))
        with open(os.path.join(a.reference, "torch-weights.csv"), "w") as f:
            f.write("layer,param,index,value\n")
            for (layer, param), values in final.items():
                f.write("".join(f"{layer},{param},{i},{v!r}\n" for i, v in enumerate(values)))
        print(f"wrote PyTorch's numbers to {a.reference}")
    print("AGREE" if ok else f"DIFFER (beyond rtol {a.rtol:g})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
