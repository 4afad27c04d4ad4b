#!/usr/bin/python3
"""Ordinary small networks that bench/run.sh does not cover, trained in nnpipe and in PyTorch fp64
on one thread each, alternating, to find shapes where nnpipe falls behind (docs/benchmarks.md,
"Other shapes").

    bench/scan.py [--repeat N] [--only NAME[,NAME...]] [--scale K] [--configs DIR]
                  [--jar JAR] [--baseline JAR] [--no-torch]

Each config below is written as a YAML file (two inline all-zero samples only make it complete:
both sides train on synthetic data of the input shape, bytes / 255 with uniform labels, as
bench/run.sh does). nnpipe: `TrainBench CONFIG --threads 1 --samples N --epochs 5 --warmup 3`;
PyTorch: the same network (scripts/crosscheck_torch.py's builder), fp64, torch.set_num_threads(1)
with OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1, the same batch size and optimizer, 3 epochs of which
1 warm-up (both count 2), its own idiomatic loss (F.cross_entropy on labels, F.mse_loss).
Prints samples/s of both, medians of N rounds (default 3), and nnpipe / PyTorch. --configs DIR
writes the YAML files there (for PhaseBench) and keeps them. --baseline JAR measures a second
benchmark jar (e.g. main's, copied aside) in the same rounds, for before/after numbers of a
change; --no-torch leaves PyTorch out. Build the jars first:
`mvn -q -B -DskipTests package && mvn -q -B -f bench/jmh/pom.xml package`.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import kv, run  # noqa: E402  (the same key=value parsing and checked subprocess as bench/run.sh)

BENCH = "bench/jmh/target/benchmarks.jar"
PY = "/usr/bin/python3"
# Both sides count two epochs. nnpipe warms up three first: an epoch is sized for ~0.5 s on the
# slower side, so a small network's epoch in nnpipe may last 0.1 s, too short for C2 to have
# compiled every loop (with one warm-up epoch, a 16-64-64-1 regression ran 0.89x its own speed
# in PhaseBench's steady state); PyTorch runs compiled code from the start.
EPOCHS, WARMUP = 3, 1
JAVA_EPOCHS, JAVA_WARMUP = 5, 3
SGD = {"type": "sgd", "learning_rate": 0.01, "momentum": 0.9}
ADAM = {"type": "adam", "learning_rate": 0.001}


def conv(out, k, stride=1, padding=0):
    return {"type": "conv2d", "out_channels": out, "kernel": k, "stride": stride, "padding": padding}


def dense(units):
    return {"type": "dense", "units": units}


def layer(t, **kw):
    return dict({"type": t}, **kw)


R, FL = layer("relu"), layer("flatten")


def pool(t, k, stride=None, padding=0):
    d = {"type": t, "kernel": k}
    if stride:
        d["stride"] = stride
    if padding:
        d["padding"] = padding
    return d


# name, input shape, batch, layers, loss, optimizer. Ordinary shapes from tutorials and courses:
# MNIST- and CIFAR-sized convolution nets with 3x3 and 5x5 kernels, stride 2, padding, batch
# norm, average and max pooling (also overlapping), MLPs of several widths and activations,
# regression and binary heads; batch sizes 1 to 256.
CONFIGS = [
    ("mnist-c3-8-16", [1, 28, 28], 64,
     [conv(8, 3, padding=1), R, pool("max_pool2d", 2), conv(16, 3, padding=1), R, pool("max_pool2d", 2), FL,
      dense(10)], "softmax_cross_entropy", SGD),
    ("mnist-c3-32-64-bn", [1, 28, 28], 64,
     [conv(32, 3), layer("batch_norm"), R, conv(32, 3), R, pool("max_pool2d", 2), conv(64, 3), layer("batch_norm"),
      R, pool("max_pool2d", 2), FL, dense(128), R, dense(10)], "softmax_cross_entropy", ADAM),
    ("mnist-stride2", [1, 28, 28], 64,
     [conv(16, 3, stride=2, padding=1), R, conv(32, 3, stride=2, padding=1), R, FL, dense(10)],
     "softmax_cross_entropy", ADAM),
    ("lenet-classic-tanh-avg", [1, 28, 28], 16,
     [conv(6, 5, padding=2), layer("tanh"), pool("avg_pool2d", 2), conv(16, 5), layer("tanh"), pool("avg_pool2d", 2),
      FL, dense(120), layer("tanh"), dense(84), layer("tanh"), dense(10)], "softmax_cross_entropy", SGD),
    ("mnist-conv-b1", [1, 28, 28], 1,
     [conv(8, 5), R, pool("max_pool2d", 2), FL, dense(10)], "softmax_cross_entropy", SGD),
    ("cifar-c5-16-32", [3, 32, 32], 64,
     [conv(16, 5), R, pool("max_pool2d", 2), conv(32, 5), R, pool("max_pool2d", 2), FL, dense(120), R, dense(84), R,
      dense(10)], "softmax_cross_entropy", SGD),
    ("cifar-c3-32-32-64", [3, 32, 32], 64,
     [conv(32, 3, padding=1), R, conv(32, 3, padding=1), R, pool("max_pool2d", 2), conv(64, 3, padding=1), R,
      pool("max_pool2d", 2), FL, dense(10)], "softmax_cross_entropy", SGD),
    ("cifar-s2-bn-gap", [3, 32, 32], 64,
     [conv(32, 3, stride=2, padding=1), layer("batch_norm"), R, conv(64, 3, stride=2, padding=1), layer("batch_norm"),
      R, pool("avg_pool2d", 8), FL, dense(10)], "softmax_cross_entropy", ADAM),
    ("cifar-overlap-pool-leaky", [3, 32, 32], 16,
     [conv(24, 5, padding=2), layer("leaky_relu"), pool("max_pool2d", 3, stride=2, padding=1), conv(48, 3, padding=1),
      layer("leaky_relu"), pool("max_pool2d", 3, stride=2, padding=1), FL, dense(64), layer("leaky_relu"), dense(10)],
     "softmax_cross_entropy", ADAM),
    ("cifar-c5-b256", [3, 32, 32], 256,
     [conv(8, 5), R, pool("max_pool2d", 2), conv(16, 5), R, pool("max_pool2d", 2), FL, dense(10)],
     "softmax_cross_entropy", SGD),
    ("mlp-sigmoid-mse-b16", [784], 16,
     [dense(128), layer("sigmoid"), dense(64), layer("sigmoid"), dense(10)], "mse", SGD),
    ("mlp-b1", [784], 1, [dense(100), R, dense(10)], "softmax_cross_entropy", SGD),
    ("mlp-512-256-b256-adam", [784], 256, [dense(512), R, dense(256), R, dense(10)], "softmax_cross_entropy", ADAM),
    ("mlp-bn-256", [784], 64, [dense(256), layer("batch_norm"), R, dense(10)], "softmax_cross_entropy", SGD),
    ("mlp-tanh-3x64-b16", [64], 16,
     [dense(64), layer("tanh"), dense(64), layer("tanh"), dense(64), layer("tanh"), dense(10)],
     "softmax_cross_entropy", ADAM),
    ("regress-16-64-64-1-mse", [16], 16, [dense(64), layer("tanh"), dense(64), layer("tanh"), dense(1)], "mse", SGD),
    ("binary-20-32-1-bce", [20], 32, [dense(32), R, dense(1), layer("sigmoid")], "binary_cross_entropy", ADAM),
    ("cifar-mlp-3072-256", [3, 32, 32], 64, [FL, dense(256), R, dense(128), R, dense(10)],
     "softmax_cross_entropy", SGD),
]


def config(name, shape, batch, layers, loss, opt):
    size = 1
    for d in shape:
        size *= d
    return {"seed": 1, "epochs": 1, "batch_size": batch, "shuffle": True,
            "data": {"input_shape": shape, "train": [{"label": 0, "input": [0] * size}] * 2},
            "layers": layers, "loss": loss, "optimizer": opt}


def macs(cfg):
    """Multiply-adds of one sample's forward pass (conv and dense), from the PyTorch builder."""
    import torch
    import torch.nn as nn
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
    import crosscheck_torch
    total, shape = 0, [1] + list(cfg["data"]["input_shape"])
    for m in crosscheck_torch.build(cfg)[0]:
        with torch.no_grad():
            out = m.eval()(torch.zeros(shape))
        if isinstance(m, nn.Conv2d):
            total += out.numel() * m.in_channels * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, nn.Linear):
            total += m.in_features * m.out_features
        shape = list(out.shape)
    return total


def samples_for(cfg, scale):
    """Enough samples for ~0.5 s an epoch on the slower side (6 FLOPs a forward multiply-add
    at ~10 GFLOP/s, plus PyTorch's ~40 us per layer and step, what a batch of 1 costs), and at
    least 4 batches."""
    per_sample = 6 * macs(cfg) / 1e10 + 40e-6 * len(cfg["layers"]) / cfg["batch_size"]
    n = int(0.5 / per_sample / scale)
    b = cfg["batch_size"]
    return max(4 * b, n // b * b)


def nnpipe(path, samples, jar=BENCH):
    return float(kv(run(["java", "-cp", jar, "io.nnpipe.bench.TrainBench", path, "--threads", "1", "--samples",
                         str(samples), "--epochs", str(JAVA_EPOCHS), "--warmup", str(JAVA_WARMUP)]))["samples_per_s"])


def torch_side(path, samples):
    env = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    return float(kv(run([PY, os.path.abspath(__file__), "--torch", path, str(samples)], env))["samples_per_s"])


def torch_train(path, samples):
    """The PyTorch side of one config (run in its own process, threads fixed by the caller)."""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
    import crosscheck_torch  # sets float64 as the default dtype and one thread
    with open(path) as f:
        cfg = yaml.safe_load(f)
    torch.manual_seed(1)
    net = nn.Sequential(*crosscheck_torch.build(cfg)[0])
    net.train()
    opt, _ = crosscheck_torch.optimizer(cfg, [p for p in net.parameters() if p.requires_grad])
    shape = list(cfg["data"]["input_shape"])
    batch = cfg["batch_size"]
    with torch.no_grad():
        width = net.eval()(torch.zeros([1] + shape)).reshape(1, -1).shape[1]
    net.train()
    g = torch.Generator().manual_seed(1)
    xs = torch.randint(0, 256, [samples] + shape, generator=g).double() / 255.0
    ys = torch.randint(0, width, (samples,), generator=g)
    hot = F.one_hot(ys, width).double()
    loss_id = cfg["loss"]
    if loss_id == "softmax_cross_entropy":
        lossf = lambda out, i: F.cross_entropy(out, ys[i])
    elif loss_id == "mse":
        lossf = lambda out, i: F.mse_loss(out, hot[i])
    elif loss_id == "binary_cross_entropy":  # summed over the outputs, mean over the batch
        lossf = lambda out, i: F.binary_cross_entropy(out, hot[i], reduction="sum") / len(i)
    else:
        sys.exit("scan: loss %s not supported" % loss_id)
    times = []
    for _ in range(EPOCHS):
        start = time.perf_counter()
        perm = torch.randperm(samples, generator=g)
        for i in range(0, samples, batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = lossf(net(xs[idx]).reshape(len(idx), -1), idx)
            loss.backward()
            opt.step()
            loss.item()
        times.append(time.perf_counter() - start)
    print("samples_per_s=%.1f" % (samples * (EPOCHS - WARMUP) / sum(times[WARMUP:])))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--torch":
        torch_train(sys.argv[2], int(sys.argv[3]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", help="comma-separated config names")
    ap.add_argument("--scale", type=float, default=1, help="divide every config's sample count by this")
    ap.add_argument("--configs", help="write the YAML configs to this folder and keep them")
    ap.add_argument("--jar", default=BENCH, help="the benchmark jar to measure (default %(default)s)")
    ap.add_argument("--baseline", help="another benchmark jar (e.g. main's) measured in the same rounds, for before/after")
    ap.add_argument("--no-torch", action="store_true", help="nnpipe only (with --baseline: a quick before/after)")
    a = ap.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    chosen = [c for c in CONFIGS if not a.only or c[0] in a.only.split(",")]
    folder = a.configs or tempfile.mkdtemp(prefix="nnpipe-scan")
    os.makedirs(folder, exist_ok=True)
    jobs = []
    for c in chosen:
        cfg = config(*c)
        path = os.path.join(folder, c[0] + ".yaml")
        with open(path, "w") as f:
            yaml.safe_dump(cfg, f, default_flow_style=None, width=1 << 20)
        jobs.append((c[0], path, samples_for(cfg, a.scale), c[2]))
    load = open("/proc/loadavg").read().split()[:3]
    print("load %s, %s" % (" ".join(load), time.strftime("%Y-%m-%d %H:%M")), file=sys.stderr)
    tools = [("nnpipe", lambda path, n: nnpipe(path, n, a.jar))]
    if a.baseline:
        tools.append(("baseline", lambda path, n: nnpipe(path, n, a.baseline)))
    if not a.no_torch:
        tools.append(("torch", torch_side))
    results = {t: {} for t, _ in tools}
    for rep in range(a.repeat):
        for name, path, n, _ in jobs:
            # rotate which tool goes first, so none always meets the same neighbour
            for i in range(len(tools)):
                tool, measure = tools[(i + rep) % len(tools)]
                results[tool].setdefault(name, []).append(measure(path, n))
            print("round %d %-26s %s" % (rep + 1, name, "  ".join(
                "%s %9.0f" % (t, results[t][name][-1]) for t, _ in tools)), file=sys.stderr)
    med = {t: {name: statistics.median(v) for name, v in r.items()} for t, r in results.items()}
    names = [t for t, _ in tools]
    print("Medians of %d alternating rounds, 1 thread%s (load at start %s)."
          % (a.repeat, "" if a.no_torch else ", PyTorch fp64", " ".join(load)))
    head = ["config", "batch", "samples"] + ["%s samples/s" % ("PyTorch" if t == "torch" else t) for t in names]
    if "torch" in names:
        head.append("nnpipe / PyTorch")
    if "baseline" in names:
        head.append("nnpipe / baseline")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, _, n, batch in jobs:
        cells = [name, str(batch), str(n)] + ["%.0f" % med[t][name] for t in names]
        if "torch" in names:
            cells.append("%.2f" % (med["nnpipe"][name] / med["torch"][name]))
        if "baseline" in names:
            cells.append("%.2f" % (med["nnpipe"][name] / med["baseline"][name]))
        print("| " + " | ".join(cells) + " |")
    if not a.configs:
        for name, path, _, _ in jobs:
            os.remove(path)
        os.rmdir(folder)


if __name__ == "__main__":
    main()
